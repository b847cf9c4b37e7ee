//! The reproducers of issue 14 (`tests/hostile/`): files, pipes, outputs and calendars from
//! someone else never hurt the person using ipt. Each test is named after what it guards; the
//! promises are in docs/security.md.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::{Outcome, ipt, repo};

fn hostile(name: &str) -> String {
    repo(&format!("tests/hostile/{name}"))
}

/// Neither stream carries a control character (other than newline and tab) or a bidi override.
#[track_caller]
fn nothing_hidden(out: &Outcome) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(c) = ipt::visible::first_hidden(text) {
            panic!("{stream} carries U+{:04X}:\n{text}", c as u32);
        }
    }
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

/// How each kind of file in the corpus is used.
fn args_for(name: &str, path: &str) -> Vec<String> {
    let own = |a: &[&str]| a.iter().map(|s| s.to_string()).collect();
    match name {
        n if n.starts_with("plan-") && n.ends_with(".answers.toml") => own(&[
            "render",
            path,
            "--worksheet",
            &hostile("plan-unbounded.worksheet.toml"),
            "-o",
            "-",
        ]),
        "escape-in-label.answers.toml" => own(&[
            "render",
            path,
            "--worksheet",
            &hostile("escape-in-label.worksheet.toml"),
            "-o",
            "-",
        ]),
        n if n.ends_with(".worksheet.toml") => own(&["show", path]),
        n if n.ends_with(".ttf") => own(&[
            "fill",
            "phq9",
            "--blank",
            "--client",
            "日本語 Zoë",
            "--font",
            path,
            "-o",
            "out.pdf",
        ]),
        _ => own(&["render", path, "-o", "-"]),
    }
}

#[test]
fn every_hostile_file_ends_with_a_documented_code_and_nothing_hidden_reaches_the_terminal() {
    let mut names: Vec<String> = std::fs::read_dir(repo("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    assert!(names.len() >= 15, "the corpus is there: {names:?}");
    for name in &names {
        let path = hostile(name);
        let args = args_for(name, &path);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ipt(&args).run();
        assert!(
            [0, 1, 2, 3, 4].contains(&out.code),
            "{name}: exit {}\n{}",
            out.code,
            out.stderr
        );
        nothing_hidden(&out);
        if name.ends_with(".worksheet.toml") {
            nothing_hidden(&ipt(&["validate", &path]).run());
        }
    }
}

#[test]
fn escape_sequences_in_an_answers_file_are_shown_as_code_points_not_obeyed() {
    let out = ipt(&["render", &hostile("terminal-link.answers.toml"), "-o", "-"]).run();
    out.success()
        .stdout_has("‹U+001B›]8;;http://x/‹U+0007›click");
    let out = ipt(&[
        "render",
        &hostile("terminal-title-and-clear.answers.toml"),
        "-o",
        "-",
    ])
    .run();
    out.success().stdout_has("‹U+001B›\\[2Jgone‹U+0007›");
    out.stdout_has("Dev‹U+0000›");
    let out = ipt(&["render", &hostile("c1-control.answers.toml"), "-o", "-"]).run();
    out.success().stdout_has("shown‹U+000D›HIDDEN ‹U+009B›2J");
}

#[test]
fn bidi_overrides_are_shown_not_obeyed() {
    let out = ipt(&["render", &hostile("bidi-override.answers.toml"), "-o", "-"]).run();
    out.success()
        .stdout_has("evil‹U+202E›exe.txt")
        .stdout_has("before ‹U+2066›hidden‹U+2069› after");
}

#[test]
fn escape_sequences_given_with_set_are_shown_not_obeyed() {
    let out = ipt(&[
        "fill",
        "inventory",
        "--no-input",
        "--set",
        "about.name=\u{1b}]0;TITLE\u{7}",
        "--set",
        "people[1].name=Dev",
        "--set",
        "people[1].relationship=friend",
    ])
    .run();
    out.success().stdout_has("‹U+001B›]0;TITLE‹U+0007›");
    nothing_hidden(&out);
}

#[test]
fn a_typed_escape_sequence_is_refused_naming_the_question() {
    let out = ipt(&["fill", "inventory", "--plain"])
        .with_stdin("\u{1b}[2JAna\n")
        .run();
    out.code(3).stderr_has(
        "Your answer to about.name holds a control or bidi-override character (ESC (U+001B))",
    );
    nothing_hidden(&out);
    let saved = std::fs::read_to_string(out.dir.path().join("inventory-answers.toml"));
    assert!(
        !saved.unwrap_or_default().contains("2JAna"),
        "a refused answer is not saved"
    );
}

#[test]
fn a_worksheet_with_escape_sequences_is_refused_with_file_line_and_column() {
    let path = hostile("escape-in-worksheet.worksheet.toml");
    let out = ipt(&["validate", &path]).run();
    out.code(4)
        .stderr_has(":5:9: this text holds a control or bidi-override character (ESC (U+001B))")
        .stderr_has(":11:9: this text holds a control or bidi-override character (right-to-left override (U+202E))")
        .stderr_has(":16:10: ");
    nothing_hidden(&out);
}

#[test]
fn a_label_template_that_makes_an_escape_character_is_shown_not_obeyed() {
    let out = ipt(&[
        "render",
        &hostile("escape-in-label.answers.toml"),
        "--worksheet",
        &hostile("escape-in-label.worksheet.toml"),
        "-o",
        "-",
    ])
    .run();
    out.success().stdout_has("‹U+001B›]0;pwned‹U+0007›Ana");
}

/// Runs `ipt` with its stdout (or stderr) a pipe whose reader has gone away.
fn with_closed_pipe(args: &[&str], close_stderr: bool) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipt"));
    cmd.args(args)
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Read;
    let mut text = String::new();
    if close_stderr {
        drop(child.stderr.take());
        if let Some(mut o) = child.stdout.take() {
            o.read_to_string(&mut text).unwrap();
        }
    } else {
        drop(child.stdout.take());
        if let Some(mut o) = child.stderr.take() {
            o.read_to_string(&mut text).unwrap();
        }
    }
    (child.wait().unwrap().code().unwrap_or(-1), text)
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_with_success() {
    let inventory = repo("examples/inventory.answers.toml");
    let worksheets = repo("worksheets");
    for args in [
        vec!["list"],
        vec!["show", "inventory"],
        vec!["validate", &worksheets],
        vec!["skeleton", "inventory"],
        vec!["render", &inventory, "-o", "-"],
    ] {
        let (code, stderr) = with_closed_pipe(&args, false);
        assert_eq!(code, 0, "ipt {args:?}: {stderr}");
        assert!(stderr.is_empty(), "ipt {args:?}: {stderr}");
    }
}

#[test]
fn a_closed_stderr_never_panics() {
    let (code, _) = with_closed_pipe(&["render", &hostile("not-utf8.answers.toml")], true);
    assert_eq!(code, 1);
    let (code, _) = with_closed_pipe(&["render", "missing.toml"], true);
    assert_eq!(code, 1);
}

#[test]
fn source_date_epoch_outside_1970_to_9999_is_a_usage_error_not_a_hang() {
    let answers = repo("examples/phq9.answers.toml");
    for bad in ["9223372036854775807", "253402300800", "-1", "1e9", "soon"] {
        let out = ipt(&["render", &answers, "-o", "out.pdf"])
            .with_env("SOURCE_DATE_EPOCH", bad)
            .run();
        out.code(2).stderr_has("SOURCE_DATE_EPOCH");
        nothing_hidden(&out);
    }
    ipt(&["render", &answers, "-o", "out.pdf"])
        .with_env("SOURCE_DATE_EPOCH", "253402300799")
        .run()
        .success();
}

#[test]
fn too_many_repeat_entries_are_reported_at_once() {
    ipt(&["render", &hostile("repeat-8000.answers.toml")])
        .run()
        .code(3)
        .stderr_has("`people` takes at most 20 entries; there are 8000");
}

#[test]
fn a_file_that_is_not_utf8_names_the_byte_and_line() {
    ipt(&["render", &hostile("not-utf8.answers.toml")])
        .run()
        .code(1)
        .stderr_has("byte 115 (line 6) is not valid UTF-8");
}

#[test]
fn a_markdown_output_is_not_an_answers_file() {
    let out = ipt(&["render", &hostile("markdown-output.md")]).run();
    out.code(3)
        .stderr_has("error: 1 problem with the answers")
        .stderr_has("this is not an answers file");
}

#[test]
fn an_unbounded_plan_worksheet_cannot_make_billions_of_sessions() {
    for (file, question) in [
        ("plan-negative-weeks.answers.toml", "course.weeks"),
        ("plan-huge-weeks.answers.toml", "course.weeks"),
        ("plan-year-9999.answers.toml", "course.start"),
    ] {
        ipt(&[
            "render",
            &hostile(file),
            "--worksheet",
            &hostile("plan-unbounded.worksheet.toml"),
        ])
        .run()
        .code(3)
        .stderr_has(question);
    }
}

#[test]
fn a_crafted_font_is_an_error_never_a_panic() {
    for font in ["crafted-table-lengths.ttf", "truncated-header.ttf"] {
        let out = ipt(&[
            "fill",
            "phq9",
            "--blank",
            "--font",
            &hostile(font),
            "-o",
            "out.pdf",
        ])
        .run();
        assert!([0, 2].contains(&out.code), "{font}: {}", out.stderr);
        nothing_hidden(&out);
    }
    ipt(&[
        "fill",
        "phq9",
        "--blank",
        "--font",
        &hostile("truncated-header.ttf"),
        "-o",
        "o.pdf",
    ])
    .run()
    .code(2)
    .stderr_has("cannot use the font");
}

#[test]
fn force_never_replaces_the_answers_file_being_read() {
    let answers = std::fs::read_to_string(repo("examples/phq9.answers.toml")).unwrap();
    let out = ipt(&[
        "render", "a.toml", "-o", "a.toml", "--format", "md", "--force",
    ])
    .with_file("a.toml", &answers)
    .run();
    out.code(1)
        .stderr_has("a.toml is a file this command reads");
    assert_eq!(out.file("a.toml"), answers);
}

#[cfg(unix)]
#[test]
fn force_never_replaces_a_link_a_fifo_or_a_device() {
    let answers = repo("examples/phq9.answers.toml");
    let run = ipt(&["render", &answers, "-o", "link.md", "--force"])
        .with_file("real.md", "keep")
        .with_file("x", "");
    std::os::unix::fs::symlink("real.md", run_dir(&run).join("link.md")).unwrap();
    let out = run.run();
    out.code(1).stderr_has("link.md is a symbolic link");
    assert_eq!(out.file("real.md"), "keep");

    let run = ipt(&["render", &answers, "-o", "pipe.md", "--force"]).with_file("x", "");
    let made = Command::new("mkfifo")
        .arg(run_dir(&run).join("pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    run.run().code(1).stderr_has("pipe.md is a FIFO");

    ipt(&[
        "render",
        &answers,
        "-o",
        "/dev/null",
        "--format",
        "md",
        "--force",
    ])
    .run()
    .code(1)
    .stderr_has("/dev/null is a device");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// The folder a prepared run will use.
fn run_dir(run: &crate::harness::Ipt) -> &Path {
    run.dir()
}

#[test]
fn dev_stdout_works_like_a_dash() {
    ipt(&[
        "render",
        &repo("examples/phq9.answers.toml"),
        "-o",
        "/dev/stdout",
    ])
    .run()
    .success()
    .stdout_has("# PHQ-9");
}

#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next() {
    let stale = ".out.md.ipt-999999999-0.tmp";
    let out = ipt(&["fill", "phq9", "--blank", "-o", "out.md"])
        .with_file(stale, "a whole clinical document")
        .run();
    out.success();
    assert!(!out.dir.path().join(stale).exists());
}

#[test]
fn a_plan_with_an_existing_calendar_writes_nothing() {
    let out = ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--area",
        "grief",
        "--no-input",
        "-o",
        "new.md",
        "--ics",
        "existing.ics",
    ])
    .with_file("existing.ics", "mine")
    .run();
    out.code(1).stderr_has("existing.ics already exists");
    assert!(!out.dir.path().join("new.md").exists(), "all or nothing");
    assert_eq!(out.file("existing.ics"), "mine");
}

#[test]
fn resuming_an_interview_from_a_hostile_file_shows_nothing_hidden() {
    let text = std::fs::read_to_string(hostile("terminal-title-and-clear.answers.toml")).unwrap();
    let out = ipt(&["fill", "inventory", "--plain", "--answers", "a.toml"])
        .with_file("a.toml", &text)
        .with_stdin("<\n<\n<\n")
        .run();
    assert!([0, 3].contains(&out.code), "{}", out.stderr);
    nothing_hidden(&out);
    out.stderr_has("‹U+001B›");
}
