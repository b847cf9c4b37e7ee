//! The command line contract: outputs, files, exit codes, and never hanging without a terminal.

use crate::harness::{ipt, repo};

fn example(id: &str) -> String {
    repo(&format!("examples/{id}.answers.toml"))
}

#[test]
fn help_documents_every_exit_code() {
    let out = ipt(&["--help"]).run();
    out.success();
    for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "130 "] {
        out.stdout_has(&format!("  {code}"));
    }
}

#[test]
fn list_shows_the_built_in_worksheets_with_their_origin() {
    let out = ipt(&["list"]).run();
    out.success()
        .stdout_has("ID")
        .stdout_has("FROM")
        .stdout_has("\nInitial phase")
        .stdout_has("\nMiddle phase");
    let initial = out.stdout.find("Initial phase").unwrap();
    let middle = out.stdout.find("Middle phase").unwrap();
    let inventory = out.stdout.find("  inventory ").unwrap();
    assert!(
        initial < inventory && inventory < middle,
        "the inventory is listed under the initial phase"
    );
    for id in [
        "inventory",
        "role-play",
        "grief",
        "communication",
        "problem-solving",
    ] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} not listed"));
        assert!(line.ends_with("built-in"), "{line}");
    }
}

#[test]
fn show_outlines_sections_questions_and_conditions_in_words() {
    ipt(&["show", "inventory"])
        .run()
        .success()
        .stdout_has("inventory — Interpersonal inventory")
        .stdout_has("people.name")
        .stdout_has("only when")
        .stdout_has("from:          built-in");
}

#[test]
fn markdown_goes_to_stdout_without_output_file() {
    let out = ipt(&[
        "inventory",
        "--answers",
        &example("inventory"),
        "--no-input",
    ])
    .run();
    out.success()
        .stdout_has("# Interpersonal inventory")
        .stdout_has("Zoë");
    assert_eq!(out.stderr, "", "nothing on stderr when all is well");
}

#[test]
fn dash_means_stdout() {
    ipt(&[
        "grief",
        "--answers",
        &example("grief"),
        "--no-input",
        "-o",
        "-",
    ])
    .run()
    .success()
    .stdout_has("# ");
}

#[test]
fn an_output_file_is_owner_only_and_never_overwritten_without_force() {
    let answers = example("inventory");
    let first = ipt(&[
        "inventory",
        "--answers",
        &answers,
        "--no-input",
        "-o",
        "out.md",
    ])
    .run();
    first.success();
    assert_eq!(first.stdout, "");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(first.dir.path().join("out.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let written = first.file("out.md");
    std::fs::write(first.dir.path().join("out.md"), "keep me").unwrap();
    let second = first
        .then(&[
            "inventory",
            "--answers",
            &answers,
            "--no-input",
            "-o",
            "out.md",
        ])
        .run();
    second
        .code(1)
        .stderr_has("out.md already exists")
        .stderr_has("--force");
    assert_eq!(second.file("out.md"), "keep me");
    let third = second
        .then(&[
            "inventory",
            "--answers",
            &answers,
            "--no-input",
            "-o",
            "out.md",
            "--force",
        ])
        .run();
    third.success();
    assert_eq!(third.file("out.md"), written);
}

#[test]
fn the_format_comes_from_the_extension_or_format() {
    ipt(&["grief", "--answers", &example("grief"), "-o", "out.txt"])
        .run()
        .code(2)
        .stderr_has("cannot tell the output format");
    let out = ipt(&[
        "grief",
        "--answers",
        &example("grief"),
        "-o",
        "out.txt",
        "--format",
        "md",
    ])
    .run();
    out.success();
    assert!(out.file("out.txt").starts_with("# "));
}

#[test]
fn without_a_terminal_or_answers_it_fails_at_once_with_a_hint() {
    let out = ipt(&["inventory"]).run();
    out.code(3)
        .stderr_has("no terminal")
        .stderr_has("--answers");
    assert_eq!(out.stdout, "");
}

#[test]
fn no_input_lists_every_missing_answer_by_question_id() {
    let out = ipt(&["inventory", "--no-input"]).run();
    out.code(3)
        .stderr_has("about.name: this question needs an answer")
        .stderr_has("`people` needs at least 1 entry");
}

#[test]
fn set_gives_and_replaces_answers_through_the_same_checks() {
    let out = ipt(&[
        "inventory",
        "--answers",
        &example("inventory"),
        "--set",
        "about.name=Ana B.",
        "--set",
        "people[4].name=Kemal",
        "--set",
        "people[4].relationship=Friend",
    ])
    .run();
    out.success()
        .stdout_has("Ana B.")
        .stdout_has("### 4. Kemal — Friend");
    assert!(
        !out.stdout.contains("Marta"),
        "--set replaced the file's answer"
    );
    let bad = ipt(&[
        "inventory",
        "--answers",
        &example("inventory"),
        "--set",
        "people[1].ring=9 secret",
    ])
    .run();
    bad.code(3)
        .stderr_has("people[1].ring (--set argument 1): Please pick a circle from 1");
    assert!(!bad.stderr.contains("secret"), "the value is never echoed");
    ipt(&[
        "inventory",
        "--answers",
        &example("inventory"),
        "--set",
        "nonsense",
    ])
    .run()
    .code(3)
    .stderr_has("--set argument 1");
    ipt(&[
        "grief",
        "--set",
        "x",
        "--set",
        "person[0].name=1",
        "--no-input",
    ])
    .run()
    .code(3)
    .stderr_has("2 problems with the answers")
    .stderr_has("--set argument 2");
}

/// Regression (issue 13): `--set` entries had to come in order (`people[8]` before `people[7]`
/// was refused), and a `--set` that could not be placed hid every other problem.
#[test]
fn set_entries_may_come_in_any_order_and_every_problem_is_listed_at_once() {
    let inventory = example("inventory");
    let args = |sets: &[&str]| {
        let mut all = vec![
            "inventory",
            "--answers",
            &inventory,
            "--no-input",
            "-o",
            "-",
        ];
        for s in sets {
            all.extend(["--set", s]);
        }
        ipt(&all).run()
    };
    args(&[
        "people[8].name=Lena",
        "people[8].relationship=Friend",
        "people[7].name=Kemal",
        "people[7].relationship=Friend",
    ])
    .success()
    .stdout_has("### 7. Kemal — Friend")
    .stdout_has("### 8. Lena — Friend");
    let bad = args(&["people[9].name=Zed", "people[1].ring=9", "about.nmae=Ana"]);
    bad.code(3)
        .stderr_has("3 problems with the answers")
        .stderr_has("people[9].name (--set argument 1): there are 6 entries")
        .stderr_has("give people[7] as well")
        .stderr_has("people[1].ring (--set argument 2)")
        .stderr_has("about.nmae (--set argument 3)");
    assert!(!bad.stderr.contains("Zed"), "the value is never echoed");
}

#[test]
fn invalid_answers_in_a_file_are_located_and_not_echoed() {
    let out = ipt(&["inventory", "--answers", "a.toml", "--no-input"])
        .with_file("a.toml", "[meta]\nworksheet = \"inventory\"\n[answers.about]\nname = \"Ana\"\ndate = \"private 2026\"\n[[answers.people]]\nnmae = \"Sam\"\n")
        .run();
    out.code(3)
        .stderr_has("a.toml:5:8: about.date: Please give a date as YYYY-MM-DD")
        .stderr_has("a.toml:7:8: people[1].nmae")
        .stderr_has("did you mean `name`?")
        .stderr_has("people[1].name: this question needs an answer");
    assert!(!out.stderr.contains("private"));
}

#[test]
fn answers_for_another_worksheet_are_refused() {
    ipt(&["inventory", "--answers", &example("grief"), "--no-input"])
        .run()
        .code(3)
        .stderr_has("holds answers to worksheet `grief`, not `inventory`");
}

#[test]
fn render_re_renders_saved_answers() {
    for id in [
        "inventory",
        "role-play",
        "grief",
        "communication",
        "problem-solving",
    ] {
        ipt(&["render", &example(id)])
            .run()
            .success()
            .stdout_has("If you are in crisis");
    }
    ipt(&["render", "missing.toml"])
        .run()
        .code(1)
        .stderr_has("cannot read the answers file missing.toml");
}

#[test]
fn an_unknown_worksheet_is_a_usage_error_with_a_suggestion() {
    ipt(&["fill", "inventroy", "--no-input"])
        .run()
        .code(2)
        .stderr_has("no worksheet `inventroy`")
        .stderr_has("did you mean `inventory`?");
}

#[test]
fn an_invalid_worksheet_is_exit_4_with_positions() {
    ipt(&["fill", "bad.toml", "--no-input"]).with_file("bad.toml", "format = 1\nid = \"bad\"\nversion = \"1\"\ntitle = \"B\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.field]]\nid = \"f\"\ntype = \"scale\"\nprompt = \"F\"\n").run().code(4).stderr_has("bad.toml:10:8: scale `s.f` needs `min` and `max`");
}

#[test]
fn validate_prints_every_mistake_with_line_and_column() {
    let bad = "format = 1\nid = \"b\"\nversion = \"1\"\ntitle = \"B\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.field]]\nid = \"f\"\ntype = \"text\"\nprompt = \"F\"\nhlep = \"typo\"\nwhen = \"s.later\"\n[[section.field]]\nid = \"n\"\ntype = \"integer\"\nprompt = \"N\"\nmin = 5\nmax = 1\n";
    let out = ipt(&["validate", "bad.toml", &repo("worksheets/inventory.toml")])
        .with_file("bad.toml", bad)
        .run();
    out.code(4)
        .stderr_has("3 problems in 1 file of 2 files")
        .stderr_has("bad.toml:12:1: unknown key `hlep` in `section.field`")
        .stderr_has("did you mean `help`?")
        .stderr_has("bad.toml:13:8: `when` refers to `s.later`")
        .stderr_has("bad.toml:18:7: `s.n` has min greater than max")
        .stdout_has("ok: ");
}

#[test]
fn validate_accepts_every_built_in_worksheet() {
    ipt(&["validate", &repo("worksheets")]).run().success();
}

#[test]
fn a_skeleton_answers_file_lists_every_question_and_reads_back() {
    let out = ipt(&["skeleton", "inventory", "-o", "mine.toml"]).run();
    out.success();
    let text = out.file("mine.toml");
    assert!(
        text.contains("worksheet = \"inventory\"")
            && text.contains("# Their name or initials (required)")
            && text.contains("[[answers.people]]"),
        "{text}"
    );
    out.then(&["render", "mine.toml"])
        .run()
        .code(3)
        .stderr_has("about.name: this question needs an answer");
}

#[test]
fn a_blank_handout_needs_no_answers() {
    ipt(&["inventory", "--blank"])
        .run()
        .success()
        .stdout_has("- [ ] Partner or spouse")
        .stdout_has("### 5");
}

#[test]
#[ignore = "needs man (man-db)"]
fn the_man_pages_render_with_man() {
    let out = ipt(&["man", "-o", "man"]).run();
    out.success().stderr_has("man pages to man");
    for page in ["ipt.1", "ipt-fill.1", "ipt-case-new.1", "ipt-status.1"] {
        let shown = std::process::Command::new("man")
            .args(["-l", "-P", "cat"])
            .arg(out.dir.path().join("man").join(page))
            .env("MANWIDTH", "80")
            .output()
            .expect("man is installed");
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            shown.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&shown.stderr)
        );
        assert!(
            text.contains("NAME") && text.contains("SYNOPSIS"),
            "{page}: {text}"
        );
    }
}

#[test]
fn completions_are_offered_for_every_shell_and_refused_for_others() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        ipt(&["completions", shell])
            .run()
            .success()
            .stdout_has("COMPLETE");
    }
    ipt(&["completions", "cmd"]).run().code(2);
}
