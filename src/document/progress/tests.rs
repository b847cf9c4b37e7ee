//! The progress sections of a course: twelve weekly sessions, the PHQ-9 at 1, 5, 9 and 12, the
//! GAD-7 at 1 and 12 though the plan had it due at 5 and 9 as well.

use super::*;
use crate::document::Cell;
use crate::measures::Point;
use crate::plan::schedule::{Phase, Session};

fn resources() -> Resources {
    Resources::built_in().unwrap()
}

fn date(n: usize) -> Date {
    Date::parse("2027-01-04")
        .unwrap()
        .add_days(7 * (n as i64 - 1))
        .unwrap()
}

fn schedule(r: &Resources) -> Schedule {
    Schedule {
        sessions: (1..=12)
            .map(|n| Session {
                number: n,
                date: date(n),
                phase: Phase::Middle,
                aims: Vec::new(),
                techniques: Vec::new(),
                worksheets: Vec::new(),
                measures: if [1, 5, 9, 12].contains(&n) {
                    vec!["phq9".into(), "gad7".into()]
                } else {
                    Vec::new()
                },
                task: None,
                notes: Vec::new(),
            })
            .collect(),
        variant: r.plan.variants[0].clone(),
        warnings: Vec::new(),
    }
}

fn series(r: &Resources, id: &str, scores: &[(usize, i64, Option<&str>)]) -> Series {
    let def = r.measures.measures.iter().find(|m| m.id == id).unwrap();
    Series {
        id: id.into(),
        name: def.name.clone(),
        title: def.title.clone(),
        def: Some(def.clone()),
        points: scores
            .iter()
            .map(|(n, total, item9)| Point {
                date: Some(date(*n)),
                session: Some(*n),
                total: Some(*total),
                band: def.band(*total).map(|b| b.label.clone()),
                safety_answer: item9.map(str::to_string),
                safety_raised: item9.is_some_and(|a| a != "Not at all"),
                safety_lowest: item9.map(|_| "Not at all".to_string()),
                source: format!("sessions/{n:02}-{id}.toml"),
            })
            .collect(),
    }
}

fn course(r: &Resources) -> Vec<Series> {
    vec![
        series(
            r,
            "phq9",
            &[
                (1, 16, Some("Several days")),
                (5, 12, Some("Not at all")),
                (9, 9, Some("Not at all")),
                (12, 4, Some("Not at all")),
            ],
        ),
        series(r, "gad7", &[(1, 11, None), (12, 6, None)]),
    ]
}

fn items(section: &DocSection, id: &str) -> Vec<String> {
    let item = section.entries[0]
        .items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"));
    match &item.answer {
        Answer::List { items, .. } => items.clone(),
        Answer::Text { text, .. } => text.iter().cloned().collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_questionnaire_has_its_table_chart_and_what_the_change_means() {
    let r = resources();
    let s = course(&r);
    let plan = schedule(&r);
    let doc = progress(
        &Progress {
            series: &s,
            schedule: Some(&plan),
            up_to: None,
        },
        &r,
        "en",
    );
    assert_eq!(doc.sections.len(), 2);
    let phq = &doc.sections[0];
    assert_eq!(phq.title, "Depression (PHQ-9)");
    let table = phq.table.as_ref().unwrap();
    assert_eq!(
        table.columns,
        ["Date", "Session", "Score", "Range", "Item 9"]
    );
    let first: Vec<String> = table.rows[0].iter().map(Cell::plain).collect();
    assert_eq!(
        first,
        ["2027-01-04", "1", "16", "Moderately severe", "Several days"]
    );
    let said = items(phq, "phq9.meaning").join("\n");
    for words in [
        "From 16 to 4: down 12 since the first score.",
        "Reliable improvement: down 12 points, at least 6",
        "Recovery: from the clinical range",
        "Reliable recovery",
        "Response:",
        "Remission: below 5 (4).",
    ] {
        assert!(said.contains(words), "`{words}` in:\n{said}");
    }
    let chart = phq.chart.as_ref().unwrap();
    assert_eq!(chart.sparkline.chars().count(), 4);
    assert_eq!(chart.threshold.as_ref().unwrap().value, 10);
    assert_eq!(chart.bands.len(), 5);
}

#[test]
fn a_session_where_it_was_due_but_not_taken_is_a_gap_in_table_and_chart() {
    let r = resources();
    let s = course(&r);
    let plan = schedule(&r);
    let p = Progress {
        series: &s,
        schedule: Some(&plan),
        up_to: None,
    };
    let gad = &sections(&p, &r.measures)[1];
    let table = gad.table.as_ref().unwrap();
    let scores: Vec<String> = table.rows.iter().map(|row| row[2].plain()).collect();
    assert_eq!(scores, ["11", "not taken", "not taken", "6"]);
    assert_eq!(table.columns.len(), 4, "the GAD-7 has no safety item");
    let chart = gad.chart.as_ref().unwrap();
    let points: Vec<Option<i64>> = chart.points.iter().map(|p| p.score).collect();
    assert_eq!(points, [Some(11), None, None, Some(6)]);
    assert_eq!(chart.sparkline.chars().filter(|c| *c == '·').count(), 2);
    // Without the plan nothing is known to be missing.
    let loose = Progress {
        schedule: None,
        ..p
    };
    assert_eq!(
        sections(&loose, &r.measures)[1]
            .chart
            .as_ref()
            .unwrap()
            .points
            .len(),
        2
    );
}

#[test]
fn the_charts_share_one_time_axis() {
    let r = resources();
    let s = vec![
        series(&r, "phq9", &[(1, 16, None), (12, 4, None)]),
        series(&r, "gad7", &[(5, 11, None), (9, 6, None)]),
    ];
    let p = Progress {
        series: &s,
        schedule: None,
        up_to: None,
    };
    let both = sections(&p, &r.measures);
    let gad = both[1].chart.as_ref().unwrap();
    assert_eq!(gad.span, 77, "from session 1 to session 12");
    assert_eq!(gad.points[0].day, 28);
}

#[test]
fn an_item_9_answer_above_not_at_all_is_listed_and_puts_the_crisis_block_first() {
    let r = resources();
    let s = course(&r);
    let p = Progress {
        series: &s,
        schedule: None,
        up_to: None,
    };
    let doc = progress(&p, &r, "en");
    assert!(doc.safety_alert);
    let said = items(&doc.sections[0], "phq9.safety").join("");
    assert!(
        said.starts_with("Answered above \"Not at all\" (session 1, 2027-01-04)"),
        "{said}"
    );
    let calm = vec![series(&r, "phq9", &[(1, 16, Some("Not at all"))])];
    let doc = progress(
        &Progress {
            series: &calm,
            schedule: None,
            up_to: None,
        },
        &r,
        "en",
    );
    assert!(!doc.safety_alert);
    assert!(
        doc.sections[0].entries[0]
            .items
            .iter()
            .all(|i| i.id != "phq9.safety")
    );
}

#[test]
fn a_packet_shows_the_course_so_far() {
    let r = resources();
    let s = course(&r);
    let plan = schedule(&r);
    let p = Progress {
        series: &s,
        schedule: Some(&plan),
        up_to: Some(9),
    };
    let both = sections(&p, &r.measures);
    let phq = both[0].table.as_ref().unwrap();
    assert_eq!(phq.rows.len(), 3, "sessions 1, 5 and 9");
    let gad = both[1].table.as_ref().unwrap();
    let sessions: Vec<String> = gad.rows.iter().map(|row| row[1].plain()).collect();
    assert_eq!(sessions, ["1", "5"], "session 9's own GAD-7 may still come");
    let said = items(&both[1], "gad7.meaning");
    assert_eq!(said, ["Only one score so far; change needs a second."]);
}
