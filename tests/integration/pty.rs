//! The real prompts, driven through a pseudo-terminal as a person would use them: a whole
//! worksheet, a refused answer, a repeat group of three, Ctrl-C midway, resuming, going back,
//! typed scores kept exactly, stray keys, signals, the review.

use std::path::Path;
use std::process::Command;

use rexpect::process::{Signal, WaitStatus};
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::harness::repo;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn spawn(dir: &Path, extra: &[&str]) -> PtySession {
    let worksheet = repo("tests/fixtures/worksheets/support-map.toml");
    let mut args = vec![
        "fill",
        worksheet.as_str(),
        "-o",
        "out.md",
        "--answers",
        "a.toml",
    ];
    args.extend(extra);
    session(dir, &args, &[], true)
}

/// `ipt ARGS` in a pseudo-terminal in `dir`, with `env` set (NO_COLOR unless given).
fn session(dir: &Path, args: &[&str], env: &[(&str, &str)], strip: bool) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipt"));
    cmd.args(args)
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
        .env_remove("EDITOR")
        .envs(env.iter().copied());
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(strip),
    )
    .expect("spawn ipt in a pseudo-terminal")
}

/// Text as the session reads the terminal: byte by byte, so non-ASCII is matched by its bytes.
fn raw(text: &str) -> String {
    text.bytes().map(char::from).collect()
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

/// Answers "You": initials, then the steadiness scale by typing its number.
fn you(p: &mut PtySession, initials: &str, steady: usize) {
    p.exp_string("Your initials").unwrap();
    line(p, initials);
    p.exp_string("How steady do you feel?").unwrap();
    p.exp_string("Nothing is chosen until you pick it").unwrap();
    line(p, &steady.to_string());
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
    // What was typed is offered again to correct, not replaced by an older answer.
    p.exp_string("> far too long for initials").unwrap();
    key(&mut p, "\x15");
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
fn issue_9_a_refused_answer_is_never_first_marked_as_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let worksheet = repo("tests/fixtures/worksheets/support-map.toml");
    let mut p = session(
        dir.path(),
        &["fill", &worksheet, "--answers", "a.toml"],
        &[("NO_COLOR", "")],
        true,
    );
    p.exp_string("Your initials").unwrap();
    line(&mut p, "far too long for initials");
    let (before, _) = p.exp_regex("Initials only, please.").unwrap();
    assert!(!before.contains(&raw("✔")), "{before}");
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
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
    p.exp_string("Enter on the untouched list leaves it out")
        .unwrap();
    line(&mut p, "2");
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
fn going_back_shows_the_earlier_answer_and_ctrl_u_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your initials").unwrap();
    line(&mut p, "JK");
    p.exp_string("How steady do you feel?").unwrap();
    key(&mut p, ESC);
    p.exp_string("Your initials").unwrap();
    p.exp_string("Ctrl-U clears it").unwrap();
    key(&mut p, "\x15");
    line(&mut p, "AB");
    p.exp_string("How steady do you feel?").unwrap();
    line(&mut p, "2");
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

/// The PHQ-9's date, then each item by typing its score.
fn phq9(p: &mut PtySession, scores: &[&str]) {
    p.exp_string("Today's date").unwrap();
    line(p, "2027-01-11");
    for (i, score) in scores.iter().enumerate() {
        p.exp_string(&format!("question {} of 10", i + 1)).unwrap();
        p.exp_string("3. Nearly every day").unwrap();
        line(p, score);
    }
}

#[test]
fn issue_9_scores_typed_in_the_terminal_are_stored_exactly_and_item_9_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &["fill", "phq9", "-o", "p.md", "--answers", "a.toml"],
        &[],
        true,
    );
    phq9(&mut p, &["3", "3", "3", "3", "3", "3", "3", "3", "1"]);
    p.exp_string("If you are in crisis").unwrap();
    p.exp_string("question 10 of 10").unwrap();
    line(&mut p, "3");
    p.exp_string("Check your answers").unwrap();
    p.exp_string("9. Thoughts that you would be better off dead")
        .unwrap();
    key(&mut p, ENTER);
    assert_eq!(exit_code(&mut p), 0);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    for item in 1..=8 {
        assert!(saved.contains(&format!("q{item} = \"3\"")), "{saved}");
    }
    assert!(saved.contains("q9 = \"1\""), "{saved}");
    let md = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    assert!(md.contains("If you are in crisis"), "{md}");
}

#[test]
fn issue_9_a_stray_key_never_answers_a_required_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your initials").unwrap();
    line(&mut p, "JK");
    p.exp_string("How steady do you feel?").unwrap();
    key(&mut p, " ");
    key(&mut p, ENTER);
    p.exp_string("Nothing is chosen yet").unwrap();
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(!saved.contains("steady"), "{saved}");
}

#[test]
fn issue_9_enter_on_an_untouched_optional_list_leaves_it_out_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &["fill", "phq9", "-o", "p.md", "--answers", "a.toml"],
        &[],
        true,
    );
    p.exp_string("Today's date").unwrap();
    line(&mut p, "2027-01-11");
    p.exp_string("Enter on the untouched list leaves it out")
        .unwrap();
    key(&mut p, " ");
    key(&mut p, ENTER);
    p.exp_string("question 2 of 10").unwrap();
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(
        !saved.contains("q1 =") && saved.contains("items.q1"),
        "left out and remembered as such: {saved}"
    );
}

#[test]
fn issue_9_ctrl_c_before_any_answer_says_nothing_was_saved_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    p.exp_string("Your initials").unwrap();
    p.send_control('c').unwrap();
    let (before, _) = p
        .exp_regex("Stopped. Nothing was answered yet, so nothing was saved.")
        .unwrap();
    let after = p.exp_eof().unwrap();
    assert!(
        !before.contains("error") && !after.contains("Stopped"),
        "{before}{after}"
    );
    assert!(!dir.path().join("a.toml").exists());
}

#[test]
fn issue_9_ctrl_c_prints_one_calm_message_with_the_way_to_carry_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    you(&mut p, "JK", 2);
    p.exp_string("Who").unwrap();
    p.send_control('c').unwrap();
    let (_, stop) = p
        .exp_regex("Stopped. Your answers so far are saved in a.toml.")
        .unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!stop.contains("error"), "{stop}");
    assert!(
        rest.contains("To carry on: ipt fill") && rest.contains("--answers a.toml -o out.md"),
        "{rest}"
    );
    assert!(!rest.contains("Stopped"), "printed once: {rest}");
}

fn stopped_by(signal: Signal, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &[
            "fill",
            &repo("tests/fixtures/worksheets/support-map.toml"),
            "--answers",
            "a.toml",
        ],
        &[],
        false,
    );
    p.exp_string("Your initials").unwrap();
    line(&mut p, "JK");
    // A list hides the cursor while it is shown.
    p.exp_string("Nothing is chosen until you pick it").unwrap();
    p.exp_string("Very").unwrap();
    p.process_mut().signal(signal).unwrap();
    p.exp_string("Stopped. Your answers so far are saved in a.toml.")
        .unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("To carry on"), "{rest}");
    match p.process_mut().wait().unwrap() {
        WaitStatus::Exited(_, c) => assert_eq!(c, code, "{signal:?}"),
        other => panic!("ipt did not exit by itself on {signal:?}: {other:?}"),
    }
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(saved.contains("initials = \"JK\""), "{saved}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "the lock file is removed: {left:?}");
}

#[test]
fn issue_9_sigterm_saves_restores_the_terminal_and_exits_130() {
    stopped_by(Signal::SIGTERM, 130);
}

#[test]
fn issue_9_sighup_saves_and_exits_130() {
    stopped_by(Signal::SIGHUP, 130);
}

#[test]
fn issue_9_sigquit_saves_and_exits_131() {
    stopped_by(Signal::SIGQUIT, 131);
}

#[test]
fn issue_9_the_cursor_comes_back_when_a_signal_stops_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &["fill", &repo("tests/fixtures/worksheets/mood-week.toml")],
        &[],
        false,
    );
    p.exp_string("Nearly every day").unwrap();
    p.process_mut().signal(Signal::SIGTERM).unwrap();
    p.exp_string("\x1b[?25h").unwrap();
    p.exp_string("Stopped. Nothing was answered yet").unwrap();
}

#[test]
fn issue_9_edit_without_an_editor_is_asked_again_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &[
            "fill",
            &repo("tests/fixtures/worksheets/mood-week.toml"),
            "--answers",
            "a.toml",
        ],
        &[],
        true,
    );
    p.exp_string("How often did you feel low?").unwrap();
    line(&mut p, "2");
    p.exp_string("Who did you spend time with?").unwrap();
    key(&mut p, ENTER);
    p.exp_string("Anything else about the week").unwrap();
    line(&mut p, ":edit");
    p.exp_string("There is no editor to open").unwrap();
    p.exp_string("Anything else about the week").unwrap();
    line(&mut p, "A calm week.");
    line(&mut p, ".");
    p.exp_string("Check your answers").unwrap();
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(
        saved.contains("note = \"A calm week.\"") && !saved.contains(":edit"),
        "{saved}"
    );
    assert!(saved.contains("low = \"2\""), "{saved}");
}

#[test]
fn issue_9_a_multiple_choice_marks_the_current_row_with_a_symbol() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &[
            "fill",
            &repo("tests/fixtures/worksheets/mood-week.toml"),
            "--answers",
            "a.toml",
            "-o",
            "w.md",
        ],
        &[("NO_COLOR", "")],
        true,
    );
    p.exp_string("How often did you feel low?").unwrap();
    line(&mut p, "0");
    p.exp_string("Who did you spend time with?").unwrap();
    p.exp_string("People at work").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}"));
    p.exp_string(&raw("❯ [ ]  2. Friends")).unwrap();
    key(&mut p, " ");
    p.exp_string(&raw("❯ [x]  2. Friends")).unwrap();
    key(&mut p, "3 ");
    key(&mut p, ENTER);
    p.exp_string("> Friends, People at work").unwrap();
    p.exp_string("Anything else about the week").unwrap();
    key(&mut p, ENTER);
    p.exp_string("Check your answers").unwrap();
    key(&mut p, ENTER);
    assert_eq!(exit_code(&mut p), 0);
    let md = std::fs::read_to_string(dir.path().join("w.md")).unwrap();
    assert!(
        md.contains("Friends") && md.contains("People at work"),
        "{md}"
    );
}

#[test]
fn issue_9_the_review_cuts_long_answers_short_and_shows_them_whole_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let long = "We went to the sea and talked about my father for the first time in years, \
                and then about the job, and then about nothing at all, which was the best part";
    let mut p = session(
        dir.path(),
        &[
            "fill",
            &repo("tests/fixtures/worksheets/mood-week.toml"),
            "--answers",
            "a.toml",
        ],
        &[],
        true,
    );
    p.exp_string("How often did you feel low?").unwrap();
    line(&mut p, "1");
    p.exp_string("Who did you spend time with?").unwrap();
    key(&mut p, ENTER);
    p.exp_string("Anything else about the week").unwrap();
    line(&mut p, long);
    line(&mut p, ".");
    p.exp_string("Check your answers").unwrap();
    p.exp_string(&raw("1 — Several days")).unwrap();
    p.exp_string(&raw("…")).unwrap();
    key(&mut p, &format!("{DOWN}{ENTER}"));
    p.exp_string("which was the best part").unwrap();
    p.exp_string("Check your answers").unwrap();
    p.send_control('c').unwrap();
    assert_eq!(exit_code(&mut p), 130);
}

#[test]
fn a_batch_draws_a_progress_bar_on_a_terminal_then_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(
        dir.path(),
        &[
            "fill",
            "--all",
            "--blank",
            "--out-dir",
            "h",
            "--format",
            "pdf",
            "-j",
            "1",
        ],
        &[],
        true,
    );
    let (_, count) = p.exp_regex(r"\d+/\d+").unwrap();
    let total: usize = count.split('/').nth(1).unwrap().parse().unwrap();
    assert!(total > 10, "{count}");
    p.exp_string(&format!("{total} written, 0 failed")).unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        std::fs::read_dir(dir.path().join("h")).unwrap().count(),
        total
    );
}

#[test]
fn bash_completes_a_worksheet_id_from_ipt_completions() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("TERM", "xterm")
        .env("PS1", "$ ");
    let mut bash = spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("bash in a pseudo-terminal");
    let exe = Path::new(env!("CARGO_BIN_EXE_ipt"));
    line(
        &mut bash,
        &format!(
            "export PATH={}:$PATH; source <(ipt completions bash) && echo hooked",
            exe.parent().unwrap().display()
        ),
    );
    bash.exp_string("\nhooked").unwrap();
    // The terminal does not echo here, so run what the completed line says: `ph` became the id
    // of the PHQ-9, whose handout starts with its title.
    key(&mut bash, "ipt fill ph\t");
    line(&mut bash, "--blank -o - | head -n 1");
    bash.exp_string("# PHQ-9: how your mood has been").unwrap();
    line(&mut bash, "exit");
    bash.exp_eof().unwrap();
}
