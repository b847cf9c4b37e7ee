//! Answers to your own worksheet (not built in): saved with where the worksheet is, so that
//! `ipt render ANSWERS` finds it again; and an answers file from someone else cannot make `ipt`
//! read a file outside the folders the person trusts.

use crate::harness::{Ipt, ipt, repo};

fn support_map() -> String {
    std::fs::read_to_string(repo("tests/fixtures/worksheets/support-map.toml")).unwrap()
}

/// Answers to the support map, naming the worksheet file `stored` (as `meta.worksheet_file`).
fn answers(stored: Option<&str>) -> String {
    let file = stored.map_or_else(String::new, |s| format!("worksheet_file = \"{s}\"\n"));
    format!(
        "[meta]\nworksheet = \"support-map\"\n{file}\n[answers.me]\ninitials = \"JK\"\nsteady = 3\n\n[[answers.helpers]]\nwho = \"Ines\"\n"
    )
}

/// A run with the worksheet in `sheets/` and answers naming it in `client/a.toml`.
fn shared(stored: &str, args: &[&str]) -> Ipt {
    let mut all = vec!["render", "client/a.toml"];
    all.extend(args);
    ipt(&all)
        .with_file("sheets/support-map.toml", &support_map())
        .with_file("client/a.toml", &answers(Some(stored)))
}

#[test]
fn render_finds_your_worksheet_from_the_path_the_interview_stored() {
    let out = ipt(&["fill", "sheets/support-map.toml", "--plain"])
        .with_file("sheets/support-map.toml", &support_map())
        .with_stdin("JK\n3\nInes\n1\nno\n\n")
        .run();
    out.success();
    let saved = out.file("support-map-answers.toml");
    assert!(
        saved.contains("worksheet_file = \"sheets/support-map.toml\"\n"),
        "{saved}"
    );
    let again = out.then(&["render", "support-map-answers.toml"]).run();
    again
        .success()
        .stdout_has("# Support map")
        .stdout_has("Ines");
}

#[test]
fn answers_made_in_a_case_find_the_case_worksheet_from_the_sessions_folder() {
    let args = [
        "case",
        "new",
        "ar",
        "--client",
        "A. R.",
        "--start",
        "2027-01-04",
        "--area",
        "role-dispute",
        "--goal",
        "Go back to choir",
        "--no-input",
    ];
    let out = ipt(&args)
        .with_file("ar/worksheets/support-map.toml", &support_map())
        .run();
    out.success();
    let filled = out
        .then(&[
            "fill",
            "ar/worksheets/support-map.toml",
            "--case",
            "ar",
            "--session",
            "1",
            "--set",
            "me.initials=JK",
            "--set",
            "me.steady=3",
            "--set",
            "helpers[1].who=Ines",
            "--no-input",
            "-o",
            "-",
        ])
        .run();
    filled.success().stderr_has("Kept in the case as");
    let sessions = filled.dir.path().join("ar/sessions");
    let kept = std::fs::read_dir(&sessions)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().contains("support-map"))
        .unwrap();
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(
        text.contains("worksheet_file = \"../worksheets/support-map.toml\"\n"),
        "{text}"
    );
    let kept = kept
        .strip_prefix(filled.dir.path())
        .unwrap()
        .display()
        .to_string();
    filled
        .then(&["render", &kept, "--case", "ar"])
        .run()
        .success()
        .stdout_has("Ines");
}

#[test]
fn a_stored_worksheet_path_outside_trusted_folders_is_not_read() {
    let out = shared("../sheets/support-map.toml", &[]).run();
    out.code(2)
        .stderr_has("no worksheet `support-map` for the answers in client/a.toml")
        .stderr_has("is outside the answers file's folder and your worksheet folders")
        .stderr_has("--worksheet FILE")
        .stderr_has("--worksheets DIR");
    assert_eq!(out.stdout, "");
    // The person trusts the folder, or names the file: then it is read.
    shared("../sheets/support-map.toml", &["--worksheets", "sheets"])
        .run()
        .success()
        .stdout_has("Ines");
    shared("/etc/passwd", &["--worksheet", "sheets/support-map.toml"])
        .run()
        .success()
        .stdout_has("Ines");
}

#[test]
fn an_answers_file_naming_a_system_file_as_its_worksheet_reads_nothing() {
    let out = shared("/etc/passwd", &[]).run();
    out.code(2)
        .stderr_has("no worksheet `support-map`")
        .stderr_has("is not there (or is not a .toml file)")
        .stderr_has("--worksheet FILE");
    assert!(!out.stderr.contains("root:"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn a_link_beside_the_answers_to_a_worksheet_elsewhere_is_not_followed() {
    let run = shared("link.toml", &[]);
    std::os::unix::fs::symlink(
        run.dir().join("sheets/support-map.toml"),
        run.dir().join("client/link.toml"),
    )
    .unwrap();
    run.run()
        .code(2)
        .stderr_has("is outside the answers file's folder");
}

#[test]
fn a_worksheet_beside_the_answers_is_found_and_built_in_ones_need_no_path() {
    ipt(&["render", "client/a.toml"])
        .with_file("client/mine/support-map.toml", &support_map())
        .with_file("client/a.toml", &answers(Some("mine/support-map.toml")))
        .run()
        .success()
        .stdout_has("Ines");
    let phq9 = ipt(&["skeleton", "phq9", "-o", "p.toml"]).run();
    phq9.success();
    assert!(!phq9.file("p.toml").contains("worksheet_file"));
}

#[test]
fn render_of_answers_to_an_unknown_worksheet_names_it_and_how_to_give_it() {
    ipt(&["render", "a.toml"])
        .with_file("a.toml", &answers(None))
        .run()
        .code(2)
        .stderr_has("no worksheet `support-map` for the answers in a.toml: it is neither built in nor in your worksheet folders")
        .stderr_has("hint: name the worksheet file with --worksheet FILE, or the folder holding it with --worksheets DIR");
}

#[test]
fn a_worksheet_file_named_with_an_escape_sequence_is_shown_not_obeyed() {
    let out = ipt(&[
        "render",
        &repo("tests/hostile/worksheet-file-outside.answers.toml"),
    ])
    .run();
    out.code(2)
        .stderr_has("no worksheet `their-sheet`")
        .stderr_has("passwd‹U+001B›]0;TITLE‹U+0007›.toml");
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
}

/// Regression (merge of issue 15 with this rule): a batch follows each file's stored worksheet
/// path by the same rule as `ipt render FILE`, and a file whose path may not be followed is one
/// failure among the others.
#[test]
fn a_batch_finds_each_files_own_worksheet_and_refuses_one_outside_its_folders() {
    let out = ipt(&[
        "render",
        "client/a.toml",
        "client/b.toml",
        "elsewhere/c.toml",
        "--out-dir",
        "out",
    ])
    .with_file("client/support-map.toml", &support_map())
    .with_file("client/a.toml", &answers(Some("support-map.toml")))
    .with_file("client/b.toml", &answers(Some("support-map.toml")))
    .with_file("sheets/support-map.toml", &support_map())
    .with_file(
        "elsewhere/c.toml",
        &answers(Some("../sheets/support-map.toml")),
    )
    .run();
    out.code(2)
        .stderr_has("2 written, 1 failed")
        .stderr_has("no worksheet `support-map`");
    assert!(out.file("out/a.md").contains("Ines"));
    assert!(out.file("out/b.md").contains("# Support map"));
}
