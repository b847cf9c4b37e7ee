//! Plain mode: answers piped on standard input, one line each, as screen readers and scripts use.

use crate::harness::{ipt, repo};

fn support_map() -> String {
    repo("tests/fixtures/worksheets/support-map.toml")
}

#[test]
fn piped_answers_fill_a_worksheet_line_by_line() {
    let out = ipt(&["fill", &support_map(), "--plain", "-o", "out.md"])
        .with_stdin("JK\n9\n2\nInes\n2\nMoved the sofa\n\nand the fridge\n.\nno\n\n")
        .run();
    out.success()
        .stderr_has("! Please enter a whole number from 0 to 4.")
        .stderr_has("Section 2 of 3");
    let md = out.file("out.md");
    assert!(
        md.contains("### 1. Ines (Practical help)")
            && md.contains("Moved the sofa\n\nand the fridge"),
        "{md}"
    );
    let saved = out.file("support-map-answers.toml");
    assert!(
        saved.contains("steady = 2\n") && saved.contains("status = \"complete\""),
        "{saved}"
    );
}

#[test]
fn the_end_of_input_saves_and_stops_with_a_hint() {
    let out = ipt(&["fill", &support_map(), "--plain"])
        .with_stdin("JK\n3\n")
        .run();
    out.code(3)
        .stderr_has("the input ended before the worksheet was finished")
        .stderr_has("ipt fill");
    let saved = out.file("support-map-answers.toml");
    assert!(
        saved.contains("initials = \"JK\"") && saved.contains("steady = 3"),
        "{saved}"
    );
    assert_eq!(out.stdout, "", "no document for an unfinished worksheet");
}

#[test]
fn resuming_in_plain_mode_asks_only_what_is_open() {
    let first = ipt(&["fill", &support_map(), "--plain", "--answers", "mine.toml"])
        .with_stdin("JK\n3\n")
        .run();
    first.code(3);
    let second = first
        .then(&["fill", &support_map(), "--plain", "--answers", "mine.toml"])
        .with_stdin("Bo\n1\nno\n\n")
        .run();
    second
        .success()
        .stdout_has("### 1. Bo (Someone to talk to)")
        .stdout_has("JK")
        .stderr_has("Carrying on with the answers in mine.toml");
    assert!(
        !second.stderr.contains("Your initials (required)"),
        "answered questions are not asked again"
    );
}

#[test]
fn set_answers_are_not_asked_again() {
    let out = ipt(&["fill", &support_map(), "--plain", "--set", "me.initials=ZZ"])
        .with_stdin("4\nBo\n\nno\n\n")
        .run();
    out.success().stdout_has("ZZ");
    assert!(!out.stderr.contains("Your initials (required)"));
}

#[test]
fn issue_9_piped_phq9_scores_are_stored_as_typed_and_item_9_keeps_the_crisis_block() {
    let out = ipt(&["fill", "phq9", "--plain", "-o", "p.md"])
        .with_stdin("2027-01-11\n3\n3\n3\n3\n3\n3\n3\n3\n1\n3\n\n")
        .run();
    out.success()
        .stderr_has("  0. Not at all")
        .stderr_has("  3. Nearly every day");
    let saved = out.file("phq9-answers.toml");
    for item in 1..=8 {
        assert!(saved.contains(&format!("q{item} = \"3\"")), "{saved}");
    }
    assert!(
        saved.contains("q9 = \"1\"") && saved.contains("q10 = \"3\""),
        "{saved}"
    );
    let md = out.file("p.md");
    assert!(md.contains("If you are in crisis"), "{md}");
    assert!(
        md.contains("**Total score (0 to 27)**\n\n25\n"),
        "total 3×8 + 1: {md}"
    );
}

#[test]
fn issue_9_a_number_that_is_not_shown_is_asked_again_never_stored() {
    let out = ipt(&["fill", "phq9", "--plain", "-o", "p.md"])
        .with_stdin("2027-01-11\n4\n0\n")
        .run();
    out.code(3)
        .stderr_has("! There is no answer numbered 4. Please type 0, 1, 2 or 3");
    let saved = out.file("phq9-answers.toml");
    assert!(saved.contains("q1 = \"0\""), "{saved}");
}

#[test]
fn issue_9_a_lone_dot_is_never_saved_as_an_answer() {
    let out = ipt(&["fill", &support_map(), "--plain", "-o", "out.md"])
        .with_stdin(".\nJK\n2\nInes\n.\n")
        .run();
    out.stderr_has("! A line with only a dot is not an answer");
    let saved = out.file("support-map-answers.toml");
    assert!(
        saved.contains("initials = \"JK\"") && !saved.contains("\".\""),
        "{saved}"
    );
}

#[test]
fn issue_9_every_prompt_says_how_to_leave_it_out() {
    let out = ipt(&["fill", "phq9", "--plain"]).with_stdin("\n").run();
    out.code(3)
        .stderr_has("Enter on an empty line leaves it out, unless it is required")
        .stderr_has("  (Enter on an empty line leaves it out.)");
}

#[test]
fn issue_9_input_that_ends_after_the_last_question_finishes_the_worksheet() {
    let out = ipt(&["fill", &support_map(), "--plain", "-o", "out.md"])
        .with_stdin("JK\n2\nInes\n1\n")
        .run();
    out.success();
    assert!(out.file("out.md").contains("### 1. Ines"));
    assert!(
        out.file("support-map-answers.toml")
            .contains("status = \"complete\"")
    );
}

#[test]
fn issue_9_the_resume_hint_keeps_the_output_and_carrying_on_writes_it() {
    let first = ipt(&["fill", &support_map(), "--plain", "-o", "doc.md"])
        .with_stdin("JK\n")
        .run();
    first.code(3).stderr_has(&format!(
        "to carry on: ipt fill {} --answers support-map-answers.toml -o doc.md",
        support_map()
    ));
    assert!(
        first
            .file("support-map-answers.toml")
            .contains("output = \"doc.md\"")
    );
    let second = first
        .then(&[
            "fill",
            &support_map(),
            "--plain",
            "--answers",
            "support-map-answers.toml",
        ])
        .with_stdin("2\nInes\n1\n\n")
        .run();
    second.success().stderr_has(
        "Your answers are saved in support-map-answers.toml, and the document is in doc.md.",
    );
    assert!(second.file("doc.md").contains("### 1. Ines"));
    assert_eq!(second.stdout, "", "the document went to its file");
}

#[test]
fn issue_9_running_again_offers_to_carry_on_with_the_unfinished_file() {
    let first = ipt(&["fill", &support_map(), "--plain"])
        .with_stdin("JK\n3\n")
        .run();
    first.code(3);
    let again = first
        .then(&["fill", &support_map(), "--plain", "-o", "out.md"])
        .with_stdin("1\nBo\n1\nno\n\n")
        .run();
    again
        .success()
        .stderr_has("You have an unfinished answers file of \"Support map\" in this folder.")
        .stderr_has("1. Carry on with support-map-answers.toml (2 of ")
        .stderr_has("2. Start a new one")
        .stderr_has("Carrying on with the answers in support-map-answers.toml");
    assert!(again.file("out.md").contains("JK"));
    let fresh = again
        .then(&["fill", &support_map(), "--plain", "-o", "other.md"])
        .with_stdin("ZZ\n")
        .run();
    fresh.code(3);
    assert!(
        !fresh
            .stderr
            .contains("Carry on with support-map-answers.toml"),
        "a complete file is not offered: {}",
        fresh.stderr
    );
    assert!(fresh.file("support-map-answers-2.toml").contains("ZZ"));
}

#[test]
fn issue_9_starting_a_new_one_leaves_the_unfinished_file_as_it_was() {
    let first = ipt(&["fill", &support_map(), "--plain"])
        .with_stdin("JK\n")
        .run();
    let before = first.file("support-map-answers.toml");
    let again = first
        .then(&["fill", &support_map(), "--plain"])
        .with_stdin("2\nAB\n")
        .run();
    again.code(3);
    assert_eq!(again.file("support-map-answers.toml"), before);
    assert!(again.file("support-map-answers-2.toml").contains("AB"));
}

#[test]
fn issue_9_an_existing_output_is_refused_before_the_first_question() {
    let out = ipt(&["fill", &support_map(), "--plain", "-o", "out.md"])
        .with_file("out.md", "keep me")
        .with_stdin("JK\n")
        .run();
    out.code(1).stderr_has("out.md already exists");
    assert!(!out.stderr.contains("Your initials"), "{}", out.stderr);
    assert_eq!(out.file("out.md"), "keep me");
}

#[test]
fn issue_9_no_input_without_answers_exits_3_and_allow_incomplete_writes_what_there_is() {
    let out = ipt(&["fill", "phq9", "--no-input", "-o", "x.md"]).run();
    out.code(3)
        .stderr_has("no answers were given")
        .stderr_has("--allow-incomplete");
    assert!(!out.dir.path().join("x.md").exists());
    let out = ipt(&[
        "inventory",
        "--no-input",
        "--allow-incomplete",
        "-o",
        "x.md",
    ])
    .run();
    out.success()
        .stderr_has("warning: about.name has no answer; the document leaves it empty");
    assert!(out.file("x.md").starts_with("# "));
}

/// Two interviews at once in one folder: a client at the terminal and another run started
/// beside it. Neither may replace the other's answers.
#[test]
fn issue_9_two_runs_in_one_folder_never_share_an_answers_file() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let start = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ipt"))
            .args(args)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let map = support_map();
    let mut a = start(&["fill", &map, "--plain"]);
    let mut a_in = a.stdin.take().unwrap();
    a_in.write_all(b"AA\n").unwrap();
    a_in.flush().unwrap();
    // Wait (as a guard, not a timing) until A has saved its first answer.
    let saved = dir.path().join("support-map-answers.toml");
    let t = std::time::Instant::now();
    while !std::fs::read_to_string(&saved).is_ok_and(|s| s.contains("AA")) {
        assert!(t.elapsed().as_secs() < 30, "the first run never saved");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let b = start(&["fill", &map, "--plain"]);
    let mut b_in = b.stdin.as_ref().unwrap();
    b_in.write_all(b"BB\n").unwrap();
    let b = b.wait_with_output().unwrap();
    let b_err = String::from_utf8_lossy(&b.stderr);
    assert!(
        b_err.contains("support-map-answers.toml is being filled in by another ipt run")
            && b_err.contains("saved after each one to support-map-answers-2.toml"),
        "{b_err}"
    );
    let c = start(&[
        "fill",
        &map,
        "--plain",
        "--answers",
        "support-map-answers.toml",
    ])
    .wait_with_output()
    .unwrap();
    assert_eq!(c.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&c.stderr).contains("is being filled in by another ipt run"));
    a_in.write_all(b"2\nInes\n1\n\n").unwrap();
    drop(a_in);
    let a = a.wait_with_output().unwrap();
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    let a_file = std::fs::read_to_string(&saved).unwrap();
    let b_file = std::fs::read_to_string(dir.path().join("support-map-answers-2.toml")).unwrap();
    assert!(a_file.contains("AA") && !a_file.contains("BB"), "{a_file}");
    assert!(b_file.contains("BB") && !b_file.contains("AA"), "{b_file}");
}
