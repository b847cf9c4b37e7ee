//! `ipt plan`: a dated, session-by-session plan in one command, and a calendar to import.

use crate::harness::{ipt, repo};

#[test]
fn one_line_makes_a_fourteen_week_plan() {
    let out = ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--weeks",
        "14",
        "--area",
        "role-transition",
        "--no-input",
        "-o",
        "plan.md",
    ])
    .run();
    out.success();
    let md = out.file("plan.md");
    assert!(
        md.contains("**First session**\n\n2027-01-11")
            && md.contains("**Last session**\n\n2027-04-12"),
        "{md}"
    );
    assert!(md.contains("| 14 | 2027-04-12 | Ending |"), "{md}");
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.contains(" | 2027-"))
            .count(),
        14,
        "one row per session"
    );
    assert!(
        md.contains("If you are in crisis"),
        "the crisis block is on the plan too"
    );
    insta::assert_snapshot!("plan-14-weeks", md);
}

#[test]
fn a_sixteen_week_role_dispute_plan_with_its_calendar() {
    let out = ipt(&[
        "plan",
        "--start",
        "2027-01-04",
        "--weeks",
        "16",
        "--cadence",
        "weekly",
        "--area",
        "role-dispute",
        "--weekday",
        "monday",
        "--time",
        "17:30",
        "--goal",
        "Talk with Sam about the housework without a row",
        "--goal",
        "Agree on weekends",
        "--no-input",
        "-o",
        "plan.md",
        "--ics",
        "plan.ics",
    ])
    .run();
    out.success();
    let md = out.file("plan.md");
    for (n, date) in [(1, "2027-01-04"), (13, "2027-03-29"), (16, "2027-04-19")] {
        assert!(
            md.contains(&format!("| {n} | {date} |")),
            "session {n} on {date}\n{md}"
        );
    }
    assert!(
        md.contains("Map the disagreement")
            && md.contains("role-dispute")
            && md.contains("Talk about the ending: 3 sessions left after this one")
    );
    let ics = out.file("plan.ics");
    let calendar: icalendar::Calendar = ics.parse().expect("the calendar parses back");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 16);
    use icalendar::Component;
    let uids: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 16, "every session has its own UID");
    assert_eq!(events[0].property_value("DTSTART"), Some("20270104T173000"));
    assert_eq!(events[0].property_value("DURATION"), Some("PT50M"));
    assert_eq!(events[15].get_summary(), Some("Session 16 of 16"));
    assert!(
        !ics.contains("role") && !ics.contains("Sam"),
        "no personal details unless asked"
    );
    assert!(ics.contains("\r\n") && ics.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
}

const PLAN_ANSWERS: &str = "[meta]\nworksheet = \"plan\"\n\n[answers.course]\nclient = \"Marta\"\nstart = 2027-01-11\n\n[answers.focus]\narea = \"grief\"\n";

fn uids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("UID:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_same_plan_gives_the_same_calendar_uids_even_when_rescheduled() {
    let first = ipt(&[
        "plan",
        "--answers",
        "plan.toml",
        "--no-input",
        "-o",
        "p.md",
        "--ics",
        "p.ics",
    ])
    .with_file("plan.toml", PLAN_ANSWERS)
    .run();
    first.success();
    first.stderr_has("calendar id is now stored in plan.toml");
    assert!(first.file("plan.toml").contains("calendar = \""));
    let a = uids(&first.file("p.ics"));
    assert_eq!(a.len(), 12);
    let second = first
        .then(&[
            "plan",
            "--answers",
            "plan.toml",
            "--no-input",
            "-o",
            "q.md",
            "--ics",
            "q.ics",
            "--start",
            "2027-01-18",
            "--skip",
            "2027-02-01",
        ])
        .run();
    second.success();
    assert_eq!(
        a,
        uids(&second.file("q.ics")),
        "a moved session keeps its UID, so importing again updates it"
    );
}

#[test]
fn calendar_uids_are_random_per_plan_and_reveal_nothing_about_the_client() {
    let run = |name: &str| {
        let out = ipt(&[
            "plan",
            "--answers",
            name,
            "--no-input",
            "-o",
            "p.md",
            "--ics",
            "p.ics",
        ])
        .with_file(name, PLAN_ANSWERS)
        .run();
        out.success();
        uids(&out.file("p.ics"))
    };
    let (a, b) = (run("one.toml"), run("two.toml"));
    assert_ne!(a, b, "the same client and start date give unrelated UIDs");
    for uid in a.iter().chain(&b) {
        assert!(!uid.contains("Marta") && !uid.contains("2027"), "{uid}");
    }
}

#[test]
fn a_calendar_from_flags_alone_warns_that_its_uids_are_new_each_time() {
    ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--area",
        "grief",
        "--no-input",
        "-o",
        "p.md",
        "--ics",
        "p.ics",
    ])
    .run()
    .success()
    .stderr_has("new ids each time");
}

#[test]
fn details_go_into_the_calendar_only_when_asked() {
    let out = ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--area",
        "grief",
        "--client",
        "J. K.",
        "--no-input",
        "-o",
        "p.md",
        "--ics",
        "p.ics",
        "--ics-details",
    ])
    .run();
    out.success();
    let ics = out.file("p.ics");
    assert!(
        ics.contains("SUMMARY:IPT session 1 of 12 (J. K.)")
            && ics.contains("DESCRIPTION:Initial phase."),
        "{ics}"
    );
}

#[test]
fn a_bad_flag_is_named_and_the_usual_length_is_a_warning() {
    ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--weeks",
        "30",
        "--area",
        "grief",
        "--no-input",
    ])
    .run()
    .code(3)
    .stderr_has("course.weeks (--weeks): Please choose from 8 to 20 weeks");
    ipt(&[
        "plan",
        "--start",
        "11/01/2027",
        "--area",
        "grief",
        "--no-input",
    ])
    .run()
    .code(3)
    .stderr_has("course.start (--start)");
    ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--area",
        "sadness",
        "--no-input",
    ])
    .run()
    .code(3)
    .stderr_has("focus.area (--area): Please choose one of: grief, role-dispute");
    ipt(&[
        "plan",
        "--start",
        "2027-01-11",
        "--weeks",
        "20",
        "--area",
        "grief",
        "--no-input",
    ])
    .run()
    .success()
    .stderr_has("outside the usual 12 to 16 weeks");
}

#[test]
fn without_flags_or_a_terminal_it_says_what_is_missing() {
    ipt(&["plan", "--no-input"])
        .run()
        .code(3)
        .stderr_has("course.start: this question needs an answer")
        .stderr_has("focus.area: this question needs an answer");
}

#[test]
fn a_saved_plan_answers_file_renders_as_the_plan() {
    let out = ipt(&["render", &repo("examples/plan.answers.toml")]).run();
    out.success()
        .stdout_has("# Treatment plan")
        .stdout_has("| 6 | 2026-04-13 |");
    assert!(
        !out.stdout.contains("| 2026-04-06 |"),
        "the skipped Easter Monday has no session"
    );
}

#[test]
fn plain_mode_asks_for_the_plan() {
    let out = ipt(&["plan", "--plain", "-o", "plan.md"])
        .with_stdin("\n2027-01-11\n14\n\n\n\n\n\nrole-transition\n\n\nFind my feet\n\n\n\n\nno\n\n")
        .run();
    out.success();
    assert!(out.file("plan.md").contains("| 14 | 2027-04-12 |"));
}
