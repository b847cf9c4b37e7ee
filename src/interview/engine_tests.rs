//! The interview engine through a scripted prompter: order, conditions, repeat bounds, re-asking,
//! going back, the review, resuming, Ctrl-C and safety.

use std::collections::BTreeMap;

use super::engine::{Setup, conduct};
use super::script::{Say, Script, text};
use super::{More, Reply, ReviewChoice, Stop, Total};
use crate::answers::file::{self, AnswersFile};
use crate::answers::{Meta, RawAnswers, Value};
use crate::spec::resources::Resources;
use crate::spec::{LoadedWorksheet, parse_worksheet};

fn sheet() -> LoadedWorksheet {
    let text = include_str!("../../tests/fixtures/worksheets/support-map.toml");
    parse_worksheet("support-map.toml", text, &Resources::built_in().unwrap()).unwrap()
}

fn empty() -> AnswersFile {
    AnswersFile {
        meta: Meta {
            worksheet: "support-map".into(),
            ..Meta::default()
        },
        answers: RawAnswers::default(),
        orphaned: BTreeMap::new(),
    }
}

fn saved(text: &str) -> AnswersFile {
    file::parse(
        "a.toml",
        &format!("[meta]\nworksheet = \"support-map\"\n{text}"),
    )
    .unwrap()
}

struct Run {
    script: Script,
    result: Result<crate::answers::Checked, Stop>,
    saves: Vec<AnswersFile>,
    file: AnswersFile,
}

fn run(mut file: AnswersFile, steps: Vec<Say>) -> Run {
    let sheet = sheet();
    let used = BTreeMap::new();
    let setup = Setup {
        sheet: &sheet,
        used: &used,
        crisis: "CRISIS BLOCK",
        relationship: "RELATIONSHIP BLOCK",
        saved_to: "a.toml",
    };
    let mut script = Script::new(steps);
    let mut saves = Vec::new();
    let mut save = |f: &AnswersFile| {
        saves.push(f.clone());
        Ok(())
    };
    let result = conduct(&setup, &mut file, &mut script, &mut save);
    Run {
        script,
        result,
        saves,
        file,
    }
}

fn asked(r: &Run) -> Vec<&str> {
    r.script.asked.iter().map(|(id, _)| id.as_str()).collect()
}

fn value(r: &Run, section: &str, entry: usize, field: &str) -> Option<Value> {
    let c = r.result.as_ref().ok()?;
    let s = c.sections.iter().find(|s| s.id == section)?;
    s.entries
        .get(entry)?
        .fields
        .iter()
        .find(|f| f.id == field)?
        .value
        .clone()
}

#[test]
fn questions_come_in_order_with_conditions_and_a_first_entry_started_for_the_minimum() {
    let r = run(
        empty(),
        vec![
            text("JK"),
            text("2"),
            text("Ines"),
            text("talk"),
            Say::More(More::No),
            Say::Review(ReviewChoice::Finish),
        ],
    );
    assert_eq!(
        asked(&r),
        [
            "me.initials",
            "me.steady",
            "helpers[1].who",
            "helpers[1].kind",
            "Add another helper?",
            "review"
        ]
    );
    assert!(r.result.is_ok());
    assert_eq!(r.file.meta.status.as_deref(), Some("complete"));
    assert_eq!(
        r.script.sections,
        ["You", "Who helps · 1"],
        "an entry without answers has no label yet"
    );
}

#[test]
fn a_condition_brings_in_a_question_and_choices_come_from_earlier_entries() {
    let r = run(
        empty(),
        vec![
            text("JK"),
            text("2"),
            text("Ines"),
            text("hands"),
            text("Moved the sofa"),
            Say::More(More::Yes),
            text("Bo"),
            text("talk"),
            Say::More(More::No),
            text("Bo"),
            Say::Review(ReviewChoice::Finish),
        ],
    );
    assert_eq!(
        asked(&r)[4],
        "helpers[1].what",
        "asked because kind is hands"
    );
    assert_eq!(asked(&r)[9], "sum.most");
    let most = r
        .script
        .questions
        .iter()
        .find(|q| q.id == "sum.most")
        .unwrap();
    assert_eq!(
        most.options
            .iter()
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>(),
        ["Ines", "Bo"]
    );
    assert_eq!(
        value(&r, "sum", 0, "most"),
        Some(Value::Choice("Bo".into()))
    );
}

#[test]
fn a_refused_answer_is_asked_again_with_the_rule_message() {
    let r = run(
        empty(),
        vec![
            text("much too long initials"),
            text("JK"),
            text("9"),
            text("2"),
            text("Ines"),
            text(""),
            Say::More(More::No),
            Say::Review(ReviewChoice::Finish),
        ],
    );
    assert_eq!(
        r.script.asked[1],
        (
            "me.initials".to_string(),
            Some("Initials only, please.".to_string())
        )
    );
    assert_eq!(
        r.script.asked[3],
        (
            "me.steady".to_string(),
            Some("Please enter a whole number from 0 to 4.".to_string())
        )
    );
    assert_eq!(
        value(&r, "helpers", 0, "kind"),
        None,
        "an optional question may be left out"
    );
}

#[test]
fn a_required_question_cannot_be_left_out() {
    let r = run(
        empty(),
        vec![Say::Answer(Reply::Skip), text("JK"), Say::Interrupt],
    );
    assert_eq!(
        r.script.asked[1],
        (
            "me.initials".to_string(),
            Some("This question needs an answer.".to_string())
        )
    );
}

#[test]
fn back_returns_to_the_previous_question_with_its_answer() {
    let r = run(
        empty(),
        vec![
            text("JK"),
            Say::Answer(Reply::Back),
            text("AB"),
            text("3"),
            Say::Interrupt,
        ],
    );
    assert_eq!(
        asked(&r),
        [
            "me.initials",
            "me.steady",
            "me.initials",
            "me.steady",
            "helpers[1].who"
        ]
    );
    assert_eq!(r.script.questions[2].current.as_deref(), Some("JK"));
    assert_eq!(
        r.script.questions[3].current, None,
        "steady was never answered"
    );
}

#[test]
fn back_after_resuming_goes_to_the_question_before() {
    let file = saved("[answers.me]\ninitials = \"JK\"\n");
    let r = run(
        file,
        vec![Say::Answer(Reply::Back), text("AB"), Say::Interrupt],
    );
    assert_eq!(asked(&r), ["me.steady", "me.initials", "me.steady"]);
}

#[test]
fn the_review_lists_every_answer_and_can_change_one() {
    let r = run(
        empty(),
        vec![
            text("JK"),
            text("2"),
            text("Ines"),
            text("talk"),
            Say::More(More::No),
            Say::Review(ReviewChoice::Change(1)),
            text("4"),
            Say::Review(ReviewChoice::Finish),
        ],
    );
    let review = &r.script.reviews[0];
    assert_eq!(
        review.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [
            "me.initials",
            "me.steady",
            "helpers[1].who",
            "helpers[1].kind"
        ]
    );
    assert_eq!(
        review[3].answer.as_deref(),
        Some("Someone to talk to"),
        "choices by their label"
    );
    assert_eq!(
        review[2].entry.as_deref(),
        Some("Ines (Someone to talk to)")
    );
    assert_eq!(
        r.script.questions.last().unwrap().current.as_deref(),
        Some("2")
    );
    assert_eq!(value(&r, "me", 0, "steady"), Some(Value::Integer(4)));
}

#[test]
fn repeat_groups_stop_asking_at_their_maximum() {
    let mut steps = vec![text("JK"), text("2")];
    for i in 0..6 {
        steps.push(text(&format!("P{i}")));
        steps.push(text("talk"));
        if i < 5 {
            steps.push(Say::More(More::Yes));
        }
    }
    steps.push(text("P1"));
    steps.push(Say::Review(ReviewChoice::Finish));
    let r = run(empty(), steps);
    assert_eq!(
        asked(&r)
            .iter()
            .filter(|a| **a == "Add another helper?")
            .count(),
        5
    );
    assert!(r.result.is_ok());
}

#[test]
fn every_accepted_answer_is_saved_and_ctrl_c_keeps_them() {
    let r = run(
        empty(),
        vec![text("JK"), text("2"), text("Ines"), Say::Interrupt],
    );
    assert_eq!(r.result.unwrap_err(), Stop::Interrupted);
    let last = r.saves.last().unwrap();
    let text = crate::answers::write::answers_file(&sheet(), last);
    assert!(
        text.contains("initials = \"JK\"")
            && text.contains("steady = 2\n")
            && text.contains("who = \"Ines\""),
        "{text}"
    );
    assert!(text.contains("status = \"in-progress\""));
}

#[test]
fn resuming_starts_at_the_first_unanswered_question() {
    let file = saved(
        "skipped = [\"helpers[1].kind\"]\n[answers.me]\ninitials = \"JK\"\nsteady = 2\n[[answers.helpers]]\nwho = \"Ines\"\n",
    );
    let r = run(
        file,
        vec![Say::More(More::No), Say::Review(ReviewChoice::Finish)],
    );
    assert_eq!(
        asked(&r),
        ["Add another helper?", "review"],
        "a question left out is not asked again"
    );
}

#[test]
fn answers_that_no_longer_fit_are_kept_aside_and_asked_again() {
    let file = saved("[answers.me]\ninitials = \"JK\"\nsteady = 9\nmood = 3\n");
    let r = run(file, vec![text("1"), Say::Interrupt]);
    assert_eq!(asked(&r)[0], "me.steady");
    assert!(
        r.script.notices[0].contains("me.steady") && r.script.notices[0].contains("me.mood"),
        "{:?}",
        r.script.notices
    );
    assert_eq!(
        r.file.orphaned.get("me.steady"),
        Some(&toml::Value::Integer(9))
    );
    assert_eq!(
        r.file.orphaned.get("me.mood"),
        Some(&toml::Value::Integer(3))
    );
}

#[test]
fn a_safety_trigger_shows_the_crisis_block_before_the_next_question() {
    let r = run(empty(), vec![text("JK"), text("0"), Say::Interrupt]);
    assert_eq!(r.script.notices, ["CRISIS BLOCK"]);
    assert_eq!(asked(&r), ["me.initials", "me.steady", "helpers[1].who"]);
}

#[test]
fn progress_says_where_the_person_is() {
    let r = run(empty(), vec![text("JK"), Say::Interrupt]);
    let p = &r.script.questions[1].progress;
    assert_eq!(
        (p.section, p.sections, p.question, p.questions),
        (1, Total::Exactly(3), 2, Total::Exactly(2))
    );
    assert_eq!(p.counter(), "Section 1 of 3 · question 2 of 2");
}

/// Regression: the counter read "2 of 2" and then "3 of 3" when an answer brought in a
/// conditional question. While a later question depends on answers, the total is a most, and
/// it never grows.
#[test]
fn the_question_counter_never_grows_when_a_condition_brings_in_a_question() {
    let r = run(
        empty(),
        vec![
            text("JK"),
            text("2"),
            text("Ines"),
            text("hands"),
            text("Moved the sofa"),
            Say::Interrupt,
        ],
    );
    let counters: Vec<String> = r
        .script
        .questions
        .iter()
        .map(|q| q.progress.counter())
        .collect();
    assert_eq!(
        counters,
        [
            "Section 1 of 3 · question 1 of 2",
            "Section 1 of 3 · question 2 of 2",
            "Section 2 of 3 · question 1 of up to 3",
            "Section 2 of 3 · question 2 of up to 3",
            "Section 2 of 3 · question 3 of 3",
        ]
    );
    let totals = |q: &crate::interview::Question| match q.progress.questions {
        Total::Exactly(n) | Total::AtMost(n) => n,
    };
    let helpers: Vec<usize> = r.script.questions[2..].iter().map(totals).collect();
    assert!(helpers.windows(2).all(|w| w[1] <= w[0]), "{helpers:?}");
}
