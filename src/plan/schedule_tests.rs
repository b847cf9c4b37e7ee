//! The schedule as a pure function: lengths, cadences, skipped dates, variants, phases, measures.

use super::schedule::{Phase, Schedule, schedule, spread};
use super::{Cadence, Inputs};
use crate::answers::date::Date;
use crate::spec::resources::Resources;

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn inputs(weeks: u32, cadence: Cadence) -> Inputs {
    Inputs {
        client: Some("A. R.".into()),
        start: date("2027-01-11"),
        weeks,
        cadence,
        weekday: None,
        time: None,
        minutes: 50,
        variant: "adult".into(),
        area: "role-transition".into(),
        second_area: None,
        goals: vec!["Find my feet at the new job".into()],
        measures: vec!["phq9".into(), "gad7".into()],
        every: 4,
        skips: Vec::new(),
        moves: Vec::new(),
    }
}

fn plan(i: &Inputs) -> Schedule {
    let r = Resources::built_in().unwrap();
    schedule(i, &r.plan, &r.problem_areas).unwrap()
}

fn phases(s: &Schedule) -> Vec<Phase> {
    s.sessions.iter().map(|x| x.phase).collect()
}

#[test]
fn fourteen_weekly_weeks_run_from_the_start_to_thirteen_weeks_later() {
    let s = plan(&inputs(14, Cadence::Weekly));
    assert_eq!(s.sessions.len(), 14);
    assert_eq!(s.first().to_string(), "2027-01-11");
    assert_eq!(s.last().to_string(), "2027-04-12");
}

#[test]
fn twelve_fourteen_and_sixteen_weeks_have_three_initial_and_three_ending_sessions() {
    for (weeks, middle) in [(12, 6), (14, 8), (16, 10)] {
        let s = plan(&inputs(weeks, Cadence::Weekly));
        let p = phases(&s);
        assert_eq!(
            p.iter().filter(|x| **x == Phase::Initial).count(),
            3,
            "{weeks} weeks"
        );
        assert_eq!(
            p.iter().filter(|x| **x == Phase::Middle).count(),
            middle,
            "{weeks} weeks"
        );
        assert_eq!(&p[p.len() - 3..], [Phase::Termination; 3]);
        assert_eq!(p[3], Phase::Middle);
    }
}

#[test]
fn every_two_weeks_halves_the_sessions_over_the_same_time() {
    let s = plan(&inputs(16, Cadence::Biweekly));
    assert_eq!(s.sessions.len(), 8);
    assert_eq!(s.sessions[1].date.to_string(), "2027-01-25");
    assert_eq!(s.last().to_string(), "2027-04-19");
}

#[test]
fn a_skipped_date_moves_that_session_and_all_later_ones() {
    let mut i = inputs(12, Cadence::Weekly);
    i.skips = vec![date("2027-02-15"), date("2027-12-25")];
    let s = plan(&i);
    let dates: Vec<String> = s.sessions.iter().map(|x| x.date.to_string()).collect();
    assert_eq!(&dates[4..7], ["2027-02-08", "2027-02-22", "2027-03-01"]);
    assert_eq!(
        s.last().to_string(),
        "2027-04-05",
        "one week later than without the skip"
    );
    assert!(!dates.contains(&"2027-02-15".to_string()));
}

#[test]
fn a_moved_session_takes_its_new_date_and_the_later_ones_follow_it() {
    let mut i = inputs(12, Cadence::Weekly);
    i.moves = vec![(5, date("2027-02-12"))];
    let s = plan(&i);
    let dates: Vec<String> = s.sessions.iter().map(|x| x.date.to_string()).collect();
    assert_eq!(
        &dates[3..6],
        ["2027-02-01", "2027-02-12", "2027-02-19"],
        "sessions 4 to 6"
    );
    i.moves.push((5, date("2027-02-10")));
    i.skips = vec![date("2027-02-17")];
    let later: Vec<String> = plan(&i)
        .sessions
        .iter()
        .map(|x| x.date.to_string())
        .collect();
    assert_eq!(
        &later[4..6],
        ["2027-02-10", "2027-02-24"],
        "the latest move wins, and skips still apply after it"
    );
}

#[test]
fn sessions_cross_month_and_year_ends() {
    let mut i = inputs(12, Cadence::Weekly);
    i.start = date("2026-12-14");
    let s = plan(&i);
    let dates: Vec<String> = s.sessions.iter().map(|x| x.date.to_string()).collect();
    assert_eq!(
        &dates[..4],
        ["2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04"]
    );
    assert_eq!(s.last().to_string(), "2027-03-01");
}

#[test]
fn a_chosen_weekday_moves_the_first_session_to_that_day() {
    let mut i = inputs(12, Cadence::Weekly);
    i.start = date("2027-01-06");
    i.weekday = Some((3, "Thursday".into()));
    let s = plan(&i);
    assert_eq!(s.first().to_string(), "2027-01-07");
    assert!(s.sessions.iter().all(|x| x.date.weekday() == 3));
}

#[test]
fn the_ending_is_named_at_the_start_and_announced_before_the_ending_phase() {
    let s = plan(&inputs(16, Cadence::Weekly));
    assert!(
        s.sessions[0]
            .notes
            .iter()
            .any(|n| n.contains("16 sessions") && n.contains("2027-04-26")),
        "{:?}",
        s.sessions[0].notes
    );
    let announced: Vec<usize> = s
        .sessions
        .iter()
        .filter(|x| x.notes.iter().any(|n| n.contains("sessions left")))
        .map(|x| x.number)
        .collect();
    assert_eq!(
        announced,
        [13],
        "at the end of session 13, three sessions before the end"
    );
    assert!(s.sessions[15].notes.iter().any(|n| n == "Last session"));
}

#[test]
fn middle_sessions_follow_the_focus_area_strategies_in_order() {
    let s = plan(&inputs(12, Cadence::Weekly));
    let r = Resources::built_in().unwrap();
    let area = r
        .problem_areas
        .iter()
        .find(|a| a.id == "role-transition")
        .unwrap();
    let middle: Vec<&Vec<String>> = s
        .sessions
        .iter()
        .filter(|x| x.phase == Phase::Middle)
        .map(|x| &x.aims)
        .collect();
    assert!(
        middle
            .iter()
            .all(|aims| aims[0].contains("since last time")),
        "every middle session opens with a check-in"
    );
    assert_eq!(middle[0][1], area.strategies[0]);
    assert_eq!(
        middle.last().unwrap()[1],
        *area.strategies.last().unwrap(),
        "every strategy is reached"
    );
    assert!(s.sessions[3].worksheets.contains(&"checkin".to_string()));
    assert!(
        s.sessions[3].task.is_some(),
        "middle sessions offer an optional task"
    );
}

#[test]
fn questionnaires_are_due_first_every_n_sessions_and_last() {
    let s = plan(&inputs(14, Cadence::Weekly));
    let due: Vec<usize> = s
        .sessions
        .iter()
        .filter(|x| !x.measures.is_empty())
        .map(|x| x.number)
        .collect();
    assert_eq!(due, [1, 5, 9, 13, 14]);
}

#[test]
fn each_variant_shapes_the_course() {
    let mut i = inputs(12, Cadence::Weekly);
    i.variant = "adolescent".into();
    let s = plan(&i);
    let parents: Vec<usize> = s
        .sessions
        .iter()
        .filter(|x| x.notes.iter().any(|n| n.contains("parent")))
        .map(|x| x.number)
        .collect();
    assert_eq!(
        parents,
        [1, 7, 12],
        "first, middle of the middle phase (4–9), last"
    );

    i.variant = "group".into();
    i.weeks = 9;
    let s = plan(&i);
    assert_eq!(s.sessions.len(), 9);
    assert!(
        s.sessions[0]
            .notes
            .iter()
            .any(|n| n.contains("before the group"))
    );
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Initial).count(),
        2,
        "the individual session and the first group session"
    );
    assert_eq!(phases(&s)[8], Phase::Termination);

    i.variant = "brief".into();
    i.weeks = 8;
    let s = plan(&i);
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Middle).count(),
        6
    );
    assert!(
        s.sessions[0].aims.len() >= 6,
        "the three initial agendas merge into one session"
    );
}

#[test]
fn too_few_sessions_for_a_middle_phase_is_an_error_naming_the_weeks() {
    let r = Resources::built_in().unwrap();
    let err = schedule(&inputs(10, Cadence::Biweekly), &r.plan, &r.problem_areas).unwrap_err();
    assert_eq!(err.question, "course.weeks");
    assert!(
        err.message
            .contains("5 sessions leave no room for the middle phase"),
        "{}",
        err.message
    );
}

#[test]
fn spreading_keeps_every_item_in_order() {
    assert_eq!(
        spread(&[1, 2, 3], 5),
        [vec![1], vec![1], vec![2], vec![2], vec![3]]
    );
    assert_eq!(spread(&[1, 2, 3, 4, 5], 2), [vec![1, 2], vec![3, 4, 5]]);
}
