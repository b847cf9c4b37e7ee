//! The real prompts, driven through a pseudo-terminal as a person would use them: a whole
//! worksheet, a refused answer, a repeat group of three, Ctrl-C midway, resuming, going back.

use std::path::Path;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::harness::repo;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn spawn(dir: &Path, extra: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipt"));
    cmd.args([
        "fill",
        &repo("tests/fixtures/worksheets/support-map.toml"),
        "-o",
        "out.md",
        "--answers",
        "a.toml",
    ])
    .args(extra)
    .current_dir(dir)
    .env("HOME", dir)
    .env("XDG_CONFIG_HOME", dir.join("config"))
    .env("TERM", "xterm")
    .env("NO_COLOR", "1")
    .env_remove("LANG")
    .env_remove("LC_ALL")
    .env_remove("LC_MESSAGES")
    .env_remove("IPT_COUNTRY")
    .env_remove("VISUAL")
    .env_remove("EDITOR");
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawn ipt in a pseudo-terminal")
}

fn key(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

fn line(p: &mut PtySession, text: &str) {
    key(p, &format!("{text}{ENTER}"));
}

fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().unwrap();
    match p.process_mut().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ipt did not exit normally: {other:?}"),
    }
}

/// Answers "You": initials, then the steadiness scale (moving `down` from 0).
fn you(p: &mut PtySession, initials: &str, down: usize) {
    p.exp_string("Your initials").unwrap();
    line(p, initials);
    p.exp_string("How steady do you feel?").unwrap();
    key(p, &DOWN.repeat(down));
    key(p, ENTER);
}

fn helper(p: &mut PtySession, name: &str) {
    p.exp_string("Who").unwrap();
    line(p, name);
    p.exp_string("What kind of help").unwrap();
    key(p, ENTER);
}

fn finish(p: &mut PtySession) {
    p.exp_string("Check your answers").unwrap();
    key(p, ENTER);
}

#[test]
fn a_whole_worksheet_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your answers are saved after each one to a.toml")
        .unwrap();
    you(&mut p, "JK", 2);
    helper(&mut p, "Ines");
    p.exp_string("Add another helper?").unwrap();
    key(&mut p, ENTER);
    finish(&mut p);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(
        md.contains("JK")
            && md.contains("**2** on a scale from 0 to 4")
            && md.contains("### 1. Ines (Someone to talk to)"),
        "{md}"
    );
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(saved.contains("status = \"complete\""), "{saved}");
}

#[test]
fn an_answer_that_breaks_a_rule_is_asked_again_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your initials").unwrap();
    line(&mut p, "far too long for initials");
    p.exp_string("Initials only, please.").unwrap();
    line(&mut p, "JK");
    p.exp_string("How steady do you feel?").unwrap();
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(
        saved.contains("initials = \"JK\"") && !saved.contains("far too long"),
        "{saved}"
    );
}

#[test]
fn a_repeat_group_of_three_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    you(&mut p, "JK", 3);
    for (i, name) in ["Ines", "Bo", "Kemal"].iter().enumerate() {
        helper(&mut p, name);
        p.exp_string("Add another helper?").unwrap();
        key(&mut p, if i < 2 { UP } else { "" });
        key(&mut p, ENTER);
    }
    p.exp_string("Who helps most?").unwrap();
    key(&mut p, &format!("{DOWN}{ENTER}"));
    finish(&mut p);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    for heading in [
        "### 1. Ines",
        "### 2. Bo",
        "### 3. Kemal",
        "**Who helps most?**\n\nBo",
    ] {
        assert!(md.contains(heading), "{heading} missing:\n{md}");
    }
}

#[test]
fn ctrl_c_midway_keeps_every_answer_and_resuming_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    you(&mut p, "JK", 1);
    p.exp_string("Who").unwrap();
    line(&mut p, "Ines");
    p.exp_string("What kind of help").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("ipt fill").unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(
        saved.contains("initials = \"JK\"")
            && saved.contains("steady = 1")
            && saved.contains("who = \"Ines\""),
        "{saved}"
    );

    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Carrying on with your answers in a.toml")
        .unwrap();
    p.exp_string("What kind of help").unwrap();
    key(&mut p, &format!("{DOWN}{ENTER}"));
    p.exp_string("What they helped with").unwrap();
    line(&mut p, "Carried boxes up four floors");
    line(&mut p, ".");
    p.exp_string("Add another helper?").unwrap();
    key(&mut p, ENTER);
    finish(&mut p);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(
        md.contains("Carried boxes up four floors")
            && md.contains("Practical help")
            && md.contains("JK"),
        "{md}"
    );
}

#[test]
fn going_back_changes_an_earlier_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your initials").unwrap();
    line(&mut p, "JK");
    p.exp_string("How steady do you feel?").unwrap();
    key(&mut p, ESC);
    p.exp_string("Your initials").unwrap();
    key(&mut p, "\x7f\x7f");
    line(&mut p, "AB");
    p.exp_string("How steady do you feel?").unwrap();
    key(&mut p, ENTER);
    helper(&mut p, "Ines");
    p.exp_string("Add another helper?").unwrap();
    key(&mut p, ENTER);
    finish(&mut p);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(md.contains("\nAB\n") && !md.contains("\nJK\n"), "{md}");
}

#[test]
fn a_pasted_paragraph_stays_in_its_long_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    you(&mut p, "JK", 2);
    p.exp_string("Who").unwrap();
    line(&mut p, "Ines");
    p.exp_string("What kind of help").unwrap();
    key(&mut p, &format!("{DOWN}{ENTER}"));
    p.exp_string("What they helped with").unwrap();
    key(
        &mut p,
        "She drove me to the clinic.\rShe waited with me.\r\rAnd she did not ask questions.\r.\r",
    );
    p.exp_string("Add another helper?").unwrap();
    key(&mut p, ENTER);
    finish(&mut p);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(
        md.contains(
            "She drove me to the clinic.\\\nShe waited with me.\n\nAnd she did not ask questions."
        ),
        "{md}"
    );
}
