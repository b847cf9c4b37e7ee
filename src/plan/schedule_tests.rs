//! The schedule as a pure function: lengths, cadences, skipped dates, variants, phases, measures.

use super::schedule::{Phase, Schedule, measure_sessions, schedule, spread};
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
        stage: None,
        afraid: false,
        parent: false,
        self_harm: false,
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
    assert_eq!(middle[0][1], area.strategies[0].aim);
    assert_eq!(
        middle.last().unwrap()[1],
        area.strategies.last().unwrap().aim,
        "every strategy is reached"
    );
    assert!(s.sessions[3].worksheets.contains(&"checkin".to_string()));
    assert!(
        s.sessions.iter().any(|x| x.task.is_some()),
        "some middle sessions offer an optional task"
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
fn the_adolescent_course_has_four_initial_sessions_and_parent_sessions_where_they_belong() {
    let mut i = inputs(12, Cadence::Weekly);
    i.variant = "adolescent".into();
    let s = plan(&i);
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Initial).count(),
        4,
        "IPT-A's initial phase is about four sessions"
    );
    let first = s.sessions[0].aims.join(" ");
    assert!(
        first.contains("stays between you and your therapist")
            && first.contains("parent or carer")
            && first.contains("limited sick role"),
        "{first}"
    );
    let parents = |s: &Schedule| -> Vec<usize> {
        s.sessions
            .iter()
            .filter(|x| x.notes.iter().any(|n| n.contains("parent")))
            .map(|x| x.number)
            .collect()
    };
    assert_eq!(parents(&s), [1, 12], "first and last only");
    i.parent = true;
    let s = plan(&i);
    assert_eq!(
        parents(&s),
        [1, 7, 12],
        "and a middle session when a parent is part of the problem"
    );
    assert!(s.variant.youth, "the plan lists youth crisis lines");
}

#[test]
fn the_group_course_chooses_the_focus_before_the_group_and_sets_ground_rules_in_session_one() {
    let mut i = inputs(9, Cadence::Weekly);
    i.variant = "group".into();
    let s = plan(&i);
    assert_eq!(s.sessions.len(), 9);
    assert!(
        s.sessions[0]
            .notes
            .iter()
            .any(|n| n.contains("before the group"))
    );
    assert!(s.sessions[0].worksheets.contains(&"problem-area".into()));
    assert!(s.sessions[0].aims.join(" ").contains("choose the focus"));
    let group_one = s.sessions[1].aims.join(" ");
    assert!(
        group_one.contains("introductions")
            && group_one.contains("ground rules")
            && group_one.contains("confidentiality"),
        "{group_one}"
    );
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Initial).count(),
        2,
        "the individual session and the first group session"
    );
    assert_eq!(phases(&s)[8], Phase::Termination);
}

#[test]
fn the_brief_course_spreads_the_initial_aims_over_two_sessions() {
    let mut i = inputs(8, Cadence::Weekly);
    i.variant = "brief".into();
    let s = plan(&i);
    assert_eq!(
        &phases(&s)[..3],
        [Phase::Initial, Phase::Initial, Phase::Middle]
    );
    let r = Resources::built_in().unwrap();
    let initial: Vec<&String> = s.sessions[..2].iter().flat_map(|x| &x.aims).collect();
    for aim in r.plan.initial.iter().flat_map(|a| &a.aims) {
        assert!(initial.contains(&aim), "{aim} is in the first two sessions");
    }
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Middle).count(),
        5
    );
}

#[test]
fn every_two_weeks_over_sixteen_weeks_keeps_four_middle_sessions_and_warns() {
    let s = plan(&inputs(16, Cadence::Biweekly));
    assert_eq!(s.sessions.len(), 8);
    assert_eq!(
        phases(&s).iter().filter(|x| **x == Phase::Middle).count(),
        4
    );
    assert!(
        s.warnings.iter().any(|w| w.contains("every two weeks")),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings.iter().any(|w| w.contains("initial phase has 2")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn too_few_sessions_for_four_middle_sessions_is_refused_with_a_hint() {
    let r = Resources::built_in().unwrap();
    let err = schedule(&inputs(10, Cadence::Biweekly), &r.plan, &r.problem_areas).unwrap_err();
    assert_eq!(err.question, "course.weeks");
    assert!(
        err.message
            .contains("5 sessions leave fewer than 4 middle sessions"),
        "{}",
        err.message
    );
    assert!(err.hint.unwrap().contains("--cadence weekly"));
}

#[test]
fn every_sessions_worksheets_belong_to_its_techniques() {
    let r = Resources::built_in().unwrap();
    for variant in ["adult", "adolescent", "group", "brief"] {
        for area in &r.problem_areas {
            let stages: Vec<Option<String>> = std::iter::once(None)
                .chain(area.stages.iter().map(|k| Some(k.id.clone())))
                .collect();
            for stage in stages {
                for (weeks, cadence) in [
                    (8, Cadence::Weekly),
                    (12, Cadence::Weekly),
                    (16, Cadence::Weekly),
                    (16, Cadence::Biweekly),
                ] {
                    for afraid in [false, true] {
                        let mut i = inputs(weeks, cadence);
                        i.variant = variant.into();
                        i.area = area.id.clone();
                        i.stage = stage.clone();
                        i.afraid = afraid;
                        i.self_harm = afraid;
                        i.parent = true;
                        let Ok(s) = schedule(&i, &r.plan, &r.problem_areas) else {
                            continue;
                        };
                        for x in &s.sessions {
                            assert!(
                                !x.techniques.is_empty(),
                                "session {} has a technique",
                                x.number
                            );
                            for w in &x.worksheets {
                                assert!(
                                    r.plan.belongs(w, &x.techniques),
                                    "{variant}/{}/{stage:?}: session {} lists `{w}`, which belongs to none of {:?}",
                                    area.id,
                                    x.number,
                                    x.techniques
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_dispute_is_mapped_first_and_its_stage_decides_the_strategies() {
    let middle_worksheets = |stage: Option<&str>| -> Vec<String> {
        let mut i = inputs(16, Cadence::Weekly);
        i.area = "role-dispute".into();
        i.stage = stage.map(str::to_string);
        let s = plan(&i);
        let middle: Vec<_> = s
            .sessions
            .iter()
            .filter(|x| x.phase == Phase::Middle)
            .collect();
        assert!(
            middle[0].aims[1].contains("which stage it has reached"),
            "{stage:?}"
        );
        assert!(middle[0].worksheets.contains(&"role-dispute".into()));
        middle.iter().flat_map(|x| x.worksheets.clone()).collect()
    };
    let renegotiation = middle_worksheets(Some("renegotiation"));
    assert!(renegotiation.contains(&"role-play".into()));
    assert!(renegotiation.contains(&"communication-skills".into()));
    let impasse = middle_worksheets(Some("impasse"));
    assert!(
        !impasse.contains(&"communication-skills".into()),
        "renegotiation work only in renegotiation"
    );
    let dissolution = middle_worksheets(Some("dissolution"));
    assert!(
        dissolution.contains(&"role-transition".into()),
        "mourning what ends"
    );
    assert!(
        !dissolution.contains(&"role-play".into())
            && !dissolution.contains(&"communication".into())
    );
    let unsure = middle_worksheets(None);
    assert!(
        !unsure.contains(&"role-play".into()) && !unsure.contains(&"communication-skills".into())
    );
}

#[test]
fn fear_of_the_other_person_removes_the_confrontation_work_and_task() {
    let mut i = inputs(16, Cadence::Weekly);
    i.area = "role-dispute".into();
    i.stage = Some("renegotiation".into());
    i.afraid = true;
    let s = plan(&i);
    let all: Vec<String> = s
        .sessions
        .iter()
        .flat_map(|x| x.worksheets.clone())
        .collect();
    assert!(!all.contains(&"role-play".into()) && !all.contains(&"communication-skills".into()));
    assert!(
        s.sessions
            .iter()
            .all(|x| x.task.as_deref().is_none_or(|t| !t.contains("calm moment"))),
        "no task to try a change with the other person"
    );
    assert!(
        s.sessions[3].notes.iter().any(|n| n.contains("safety")),
        "{:?}",
        s.sessions[3].notes
    );
}

#[test]
fn the_same_task_is_not_offered_every_week() {
    for area in [
        "grief",
        "role-dispute",
        "role-transition",
        "interpersonal-deficits",
    ] {
        let mut i = inputs(16, Cadence::Weekly);
        i.area = area.into();
        i.stage = Some("renegotiation".into());
        let s = plan(&i);
        let tasks: Vec<&String> = s.sessions.iter().filter_map(|x| x.task.as_ref()).collect();
        let mut unique = tasks.clone();
        unique.dedup();
        assert_eq!(tasks, unique, "{area}: a task is offered once");
        assert!(!tasks.is_empty());
    }
}

#[test]
fn session_one_reviews_safety_and_the_safety_plan_is_offered_when_item_nine_is_above_zero() {
    let r = Resources::built_in().unwrap();
    let s = plan(&inputs(12, Cadence::Weekly));
    assert!(s.sessions[0].aims.iter().any(|a| a.contains("safety")));
    assert!(!s.offers_safety_plan(1, &r.plan));
    let mut i = inputs(12, Cadence::Weekly);
    i.self_harm = true;
    let mut s = plan(&i);
    assert!(s.offers_safety_plan(1, &r.plan));
    assert!(!s.offers_safety_plan(6, &r.plan));
    s.offer_safety_plan(6, &r.plan);
    assert!(
        s.offers_safety_plan(6, &r.plan),
        "a case can offer it in any session"
    );
}

#[test]
fn the_mid_course_review_comes_halfway_through_the_middle_phase() {
    let s = plan(&inputs(14, Cadence::Weekly));
    let at: Vec<usize> = s
        .sessions
        .iter()
        .filter(|x| x.worksheets.contains(&"midcourse-review".into()))
        .map(|x| x.number)
        .collect();
    assert_eq!(at, [8], "the fifth of eight middle sessions (4–11)");
}

#[test]
fn questionnaire_sessions_are_the_first_every_n_and_the_last() {
    assert_eq!(measure_sessions(14, 4), [1, 5, 9, 13, 14]);
    assert_eq!(measure_sessions(13, 4), [1, 5, 9, 13]);
    assert_eq!(measure_sessions(12, 1).len(), 12);
}

#[test]
fn spreading_keeps_every_item_in_order() {
    assert_eq!(
        spread(&[1, 2, 3], 5),
        [vec![1], vec![1], vec![2], vec![2], vec![3]]
    );
    assert_eq!(spread(&[1, 2, 3, 4, 5], 2), [vec![1, 2], vec![3, 4, 5]]);
}
