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
