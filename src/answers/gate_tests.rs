//! The answers gate, tested on the complete example of `docs/worksheet-format.md` (so the
//! documentation's example is proven to validate and behave as described).

use super::file;
use super::gate::{Checked, Mode, check};
use super::set;
use super::value::Value;
use super::{Problem, RawAnswers};
use crate::spec::resources::Resources;
use crate::spec::{LoadedWorksheet, parse_worksheet};

/// The first ```toml block after "## A complete example" in the format documentation.
fn doc_example() -> LoadedWorksheet {
    let doc = include_str!("../../docs/worksheet-format.md");
    let from = doc
        .find("## A complete example")
        .expect("the doc has a complete example");
    let block = &doc[from..];
    let start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + block[start..].find("```").unwrap();
    parse_worksheet(
        "example.toml",
        &block[start..end],
        &Resources::built_in().unwrap(),
    )
    .unwrap_or_else(|d| panic!("the documented example must validate: {d:#?}"))
}

fn answers(text: &str) -> RawAnswers {
    file::parse(
        "a.toml",
        &format!("[meta]\nworksheet = \"weekly-reflection\"\n{text}"),
    )
    .unwrap()
    .answers
}

fn run(text: &str) -> Result<Checked, Vec<String>> {
    check(&doc_example().spec, &answers(text), Mode::FINAL)
        .map_err(|p| p.iter().map(Problem::to_string).collect())
}

fn value(checked: &Checked, section: &str, entry: usize, field: &str) -> Option<Value> {
    let s = checked.sections.iter().find(|s| s.id == section)?;
    s.entries
        .get(entry)?
        .fields
        .iter()
        .find(|f| f.id == field)?
        .value
        .clone()
}

const GOOD: &str = "[answers.week]\nname = \"Ana\"\nmood = 6\nwho = [\"Sam\", \"Lee\"]\n[[answers.events]]\nwhat = \"Dinner with Sam\"\nwho = \"Sam\"\neffect = \"better\"\n";

#[test]
fn good_answers_pass_with_defaults_filled_in() {
    let c = run(GOOD).unwrap();
    assert_eq!(
        value(&c, "week", 0, "saw_someone"),
        Some(Value::Bool(true)),
        "fixed default"
    );
    assert_eq!(value(&c, "events", 0, "times"), Some(Value::Integer(1)));
    assert_eq!(
        value(&c, "next", 0, "notes"),
        Some(Value::Text("Follow up on: Dinner with Sam".into())),
        "default from earlier answers"
    );
    assert_eq!(
        c.sections[1].entries[0].label.as_deref(),
        Some("Dinner with Sam")
    );
    assert!(c.complete);
    assert!(c.safety.is_empty());
}

#[test]
fn every_missing_or_invalid_answer_is_listed_at_once_by_question_id() {
    let found = run("[answers.week]\nmood = 11\nhours_alone = \"lots\"\n").unwrap_err();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("week.name: this question needs an answer"));
    assert!(
        found[1].starts_with("a.toml:4:8: week.mood: Please enter a whole number from 0 to 10.")
    );
    assert!(
        found[2].starts_with("a.toml:5:15: week.hours_alone: Please enter a number from 0 to 24."),
        "{}",
        found[2]
    );
    assert!(found[3].starts_with("events: `events` needs at least 1 entry; there are 0"));
    assert!(
        !found.iter().any(|p| p.contains("lots")),
        "answers are never echoed"
    );
}

#[test]
fn a_question_whose_condition_is_false_is_skipped_and_its_answer_ignored() {
    let c = run(&GOOD
        .replace(
            "who = [\"Sam\", \"Lee\"]",
            "saw_someone = false\nwho = [\"ignored\"]",
        )
        .replace("who = \"Sam\"\n", ""))
    .unwrap();
    let week = &c.sections[0].entries[0];
    assert!(
        !week.fields.iter().any(|f| f.id == "who"),
        "week.who does not apply"
    );
    assert!(
        !c.sections[1].entries[0]
            .fields
            .iter()
            .any(|f| f.id == "who"),
        "nor does events[1].who"
    );
}

#[test]
fn choices_drawn_from_earlier_answers_accept_only_those() {
    let found = run(&GOOD.replace("who = \"Sam\"", "who = \"Kim\"")).unwrap_err();
    assert_eq!(found.len(), 1);
    assert!(
        found[0].contains("events[1].who: Please choose one of: Sam, Lee."),
        "{}",
        found[0]
    );
}

#[test]
fn labels_of_choices_are_accepted_and_stored_as_values() {
    let c = run(&GOOD.replace("effect = \"better\"", "effect = \"Worse\"")).unwrap();
    assert_eq!(
        value(&c, "events", 0, "effect"),
        Some(Value::Choice("worse".into()))
    );
}

#[test]
fn repeat_groups_respect_their_maximum() {
    let extra = "[[answers.events]]\nwhat = \"x\"\n".repeat(5);
    let found = run(&format!("{GOOD}{extra}")).unwrap_err();
    assert!(
        found[0].contains("`events` takes at most 5 entries; there are 6"),
        "{found:?}"
    );
}

#[test]
fn rules_apply_their_own_messages() {
    let found = run(&format!(
        "{GOOD}[answers.next]\ntry = [\"Call a friend\", \"Go for a walk\", \"Say what I need\"]\n"
    ))
    .unwrap_err();
    assert!(
        found[0].contains("next.try: Pick at most two, so it stays doable."),
        "{found:?}"
    );
}

#[test]
fn computed_values_and_safety_triggers_come_from_the_answers() {
    let c = run(&GOOD.replace("mood = 6", "mood = 1")).unwrap();
    assert_eq!(
        value(&c, "next", 0, "moments"),
        Some(Value::Computed(crate::jinja::Data::Int(1)))
    );
    assert_eq!(c.safety, ["week.mood"]);
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let found = run(&format!("{GOOD}[answers.nxt]\nnotes = \"x\"\n")).unwrap_err();
    assert!(
        found[0].contains("`nxt` is not a section") && found[0].contains("did you mean `next`?"),
        "{found:?}"
    );
    let found = run(&GOOD.replace("mood = 6", "mood = 6\nmoood = 5")).unwrap_err();
    assert!(
        found[0].contains("week.moood") && found[0].contains("did you mean `mood`?"),
        "{found:?}"
    );
}

#[test]
fn set_arguments_pass_the_same_gate() {
    let sheet = doc_example();
    let mut raw = answers(GOOD);
    let sets = [
        set::parse(1, "week.mood=eleven").unwrap(),
        set::parse(2, "events[2].what=Walk").unwrap(),
    ];
    set::apply(&sheet.spec, &mut raw, &sets).unwrap();
    let found: Vec<String> = check(&sheet.spec, &raw, Mode::FINAL)
        .unwrap_err()
        .iter()
        .map(Problem::to_string)
        .collect();
    assert_eq!(
        found,
        ["week.mood (--set argument 1): Please enter a whole number from 0 to 10."]
    );
}

#[test]
fn a_draft_may_be_incomplete_but_not_wrong() {
    let draft = Mode::DRAFT;
    let c = check(
        &doc_example().spec,
        &answers("[answers.week]\nmood = 4\n"),
        draft,
    )
    .unwrap();
    assert!(!c.complete);
    assert!(
        check(
            &doc_example().spec,
            &answers("[answers.week]\nmood = 40\n"),
            draft
        )
        .is_err()
    );
}

/// A worksheet with a relationship-safety trigger, a crisis trigger and help from answers.
fn safety_sheet() -> LoadedWorksheet {
    parse_worksheet(
        "s.toml",
        r#"format = 1
id = "s"
version = "1"
title = "S"

[[section]]
id = "who"
title = "Who"

[[section.field]]
id = "name"
type = "text"
prompt = "Name"

[[section.field]]
id = "afraid"
type = "yes_no"
prompt = "Are you ever afraid of them?"
help_expr = "'Thinking of ' ~ who.name if who.name else none"
safety = "value"
safety_block = "relationship"

[[section.field]]
id = "low"
type = "yes_no"
prompt = "Thoughts of harming yourself?"
safety = "value"
"#,
        &Resources::built_in().unwrap(),
    )
    .unwrap()
}

fn safety_run(text: &str) -> Checked {
    let raw = file::parse("a.toml", &format!("[meta]\nworksheet = \"s\"\n{text}"))
        .unwrap()
        .answers;
    check(&safety_sheet().spec, &raw, Mode::FINAL).unwrap()
}

#[test]
fn a_relationship_trigger_is_noted_apart_from_the_crisis_trigger() {
    let c = safety_run("[answers.who]\nname = \"Sam\"\nafraid = true\nlow = false\n");
    assert_eq!(c.relationship, ["who.afraid"]);
    assert!(
        c.safety.is_empty(),
        "the crisis block is not shown for fear of someone"
    );
    let c = safety_run("[answers.who]\nafraid = false\nlow = true\n");
    assert!(c.relationship.is_empty());
    assert_eq!(c.safety, ["who.low"]);
}

#[test]
fn help_from_answers_is_worked_out_with_the_answers_so_far() {
    let c = safety_run("[answers.who]\nname = \"Sam\"\n");
    let afraid = c.sections[0].entries[0]
        .fields
        .iter()
        .find(|f| f.id == "afraid")
        .unwrap();
    assert_eq!(afraid.help.as_deref(), Some("Thinking of Sam"));
    let c = safety_run("[answers.who]\n");
    let afraid = &c.sections[0].entries[0].fields[1];
    assert_eq!(afraid.help, None, "none: the field's own help is shown");
}

/// A worksheet with two numbers and the computed value `expr` over them.
fn sums(expr: &str) -> crate::spec::Worksheet {
    let text = format!(
        "format = 1\nid = \"sums\"\nversion = \"1\"\ntitle = \"Sums\"\n[[section]]\nid = \"n\"\ntitle = \"N\"\n\
         [[section.field]]\nid = \"a\"\ntype = \"integer\"\nprompt = \"A\"\n\
         [[section.field]]\nid = \"b\"\ntype = \"integer\"\nprompt = \"B\"\n\
         [[section.field]]\nid = \"c\"\ntype = \"computed\"\nprompt = \"C\"\nexpr = \"{expr}\"\n"
    );
    parse_worksheet("sums.toml", &text, &Resources::built_in().unwrap())
        .unwrap()
        .spec
}

fn sums_answers(text: &str) -> RawAnswers {
    file::parse(
        "a.toml",
        &format!("[meta]\nworksheet = \"sums\"\n[answers.n]\n{text}"),
    )
    .unwrap()
    .answers
}

#[test]
fn a_computed_value_over_an_unanswered_field_stays_empty_instead_of_failing() {
    let spec = sums("n.a + n.b");
    let c = check(&spec, &sums_answers("a = 2\n"), Mode::FINAL).unwrap();
    assert_eq!(c.value("n.c"), None);
    let c = check(&spec, &sums_answers("a = 2\nb = 3\n"), Mode::FINAL).unwrap();
    assert_eq!(
        c.value("n.c"),
        Some(&Value::Computed(crate::jinja::Data::Int(5)))
    );
}

#[test]
fn what_is_answered_is_added_up_with_the_answered_filter() {
    let spec = sums("[n.a, n.b] | answered | sum");
    let c = check(&spec, &sums_answers("b = 4\n"), Mode::FINAL).unwrap();
    assert_eq!(
        c.value("n.c"),
        Some(&Value::Computed(crate::jinja::Data::Int(4)))
    );
}

#[test]
fn a_computed_value_that_fails_on_complete_answers_is_an_answers_problem_naming_no_value() {
    let spec = sums("n.a // n.b");
    let problems = check(&spec, &sums_answers("a = 7\nb = 0\n"), Mode::FINAL).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(!problems[0].definition, "the answers' fault: exit 3");
    let shown = problems[0].to_string();
    assert!(
        shown.contains("cannot be worked out from these answers"),
        "{shown}"
    );
    assert!(shown.contains("n.a, n.b"), "{shown}");
    assert!(!shown.contains('7'), "{shown}");
}

#[test]
fn an_expression_past_the_bounds_is_the_worksheets_fault() {
    let spec = sums("[n.a] * 100000000");
    let problems = check(&spec, &sums_answers("a = 7\n"), Mode::FINAL).unwrap_err();
    assert!(problems[0].definition, "{problems:?}");
}
