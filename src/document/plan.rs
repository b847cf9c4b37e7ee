//! The plan document: the treatment contract, the table of sessions, the ending and maintenance,
//! built from the plan inputs and schedule. Pure. All wording comes from `resources/plan.toml`;
//! worksheet titles come in from the caller (the catalog).

use std::collections::BTreeMap;

use super::{Answer, Cell, CellLine, DocSection, Document, Item, Table, block};
use crate::plan::schedule::{Phase, Schedule, measure_sessions};
use crate::plan::{Cadence, Inputs};
use crate::spec::plan_data::PlanData;
use crate::spec::resources::Resources;

/// The name of a phase, from the plan data.
pub fn phase_name(data: &PlanData, phase: Phase) -> String {
    match phase {
        Phase::Initial => data.phases.initial.clone(),
        Phase::Middle => data.phases.middle.clone(),
        Phase::Termination => data.phases.termination.clone(),
    }
}

fn text(id: &str, prompt: String, value: String) -> Item {
    Item::fact(format!("plan.{id}"), prompt, value)
}

/// The session numbers as words: "1, 5, 9 and 13".
fn numbers(list: &[usize], and: &str) -> String {
    let text: Vec<String> = list.iter().map(ToString::to_string).collect();
    match text.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => text.join(""),
    }
}

/// Builds the plan document. `titles` maps worksheet ids to their titles.
pub fn build(
    inputs: &Inputs,
    schedule: &Schedule,
    resources: &Resources,
    titles: &BTreeMap<String, String>,
) -> Document {
    let data = &resources.plan;
    let w = |key: &str| data.word(key);
    let area_name = |id: &str| {
        resources
            .problem_areas
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    };
    let measure_name = |id: &str| {
        data.measures
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let count = schedule.sessions.len();

    let mut items = Vec::new();
    if let Some(client) = &inputs.client {
        items.push(text("client", w("client"), client.clone()));
    }
    items.push(text("variant", w("variant"), schedule.variant.name.clone()));
    items.push(text(
        "time_frame",
        w("time_frame"),
        format!("{} ({} weeks)", period(schedule), inputs.weeks),
    ));
    items.push(text("sessions", w("sessions"), count.to_string()));
    let cadence = match inputs.cadence {
        Cadence::Weekly => w("weekly"),
        Cadence::Biweekly => w("biweekly_label"),
    };
    items.push(text("cadence", w("cadence"), cadence));
    let day = inputs.weekday.as_ref().map(|(_, name)| name.clone());
    if let Some(when) = [day, inputs.time.clone()]
        .into_iter()
        .flatten()
        .reduce(|a, b| format!("{a} {b}"))
    {
        items.push(text("when", w("when"), when));
    }
    items.push(text(
        "length",
        w("length"),
        format!("{} {}", inputs.minutes, w("minutes")),
    ));
    items.push(text("first", w("first"), schedule.first().to_string()));
    items.push(text("last", w("last_date"), schedule.last().to_string()));
    items.push(text("focus", w("focus"), area_name(&inputs.area)));
    if let Some(second) = &inputs.second_area {
        items.push(text("second_focus", w("second_focus"), area_name(second)));
    }
    let stage = inputs.stage.as_deref().and_then(|st| {
        [Some(inputs.area.as_str()), inputs.second_area.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|id| resources.problem_areas.iter().find(|a| a.id == id))
            .find_map(|a| a.stages.iter().find(|k| k.id == st))
    });
    if let Some(stage) = stage {
        items.push(text("stage", w("stage"), stage.name.clone()));
    }
    if !inputs.goals.is_empty() {
        items.push(Item {
            id: "plan.goals".into(),
            prompt: w("goals"),
            help: None,
            note: None,
            answer: Answer::List {
                items: inputs.goals.clone(),
                lines: 3,
            },
        });
    }
    if !inputs.measures.is_empty() {
        let names: Vec<String> = inputs.measures.iter().map(|m| measure_name(m)).collect();
        let due = measure_sessions(count, inputs.every as usize);
        items.push(text(
            "measures",
            w("measure_plan"),
            format!(
                "{}: {}",
                names.join(", "),
                w("every")
                    .replace("{list}", &numbers(&due, &w("and")))
                    .replace("{n}", &inputs.every.to_string())
            ),
        ));
    }

    if !inputs.skips.is_empty() {
        items.push(Item {
            id: "plan.skipped".into(),
            prompt: w("skipped"),
            help: None,
            note: None,
            answer: Answer::List {
                items: inputs.skips.iter().map(ToString::to_string).collect(),
                lines: 1,
            },
        });
    }

    let columns = [
        "number",
        "date",
        "phase",
        "aims",
        "techniques",
        "worksheets",
        "measures",
        "task",
    ]
    .map(&w)
    .to_vec();
    let technique = |id: &String| {
        data.technique(id)
            .map_or_else(|| id.clone(), |t| t.name.clone())
    };
    let lines = |items: Vec<String>| Cell {
        lines: items
            .into_iter()
            .map(|text| CellLine { text, small: None })
            .collect(),
    };
    let rows = schedule
        .sessions
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.number.to_string()),
                Cell::text(&s.date.to_string()),
                Cell::text(&phase_name(data, s.phase)),
                lines(s.aims.iter().chain(&s.notes).cloned().collect()),
                Cell::text(
                    &s.techniques
                        .iter()
                        .map(technique)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell {
                    lines: s
                        .worksheets
                        .iter()
                        .map(|id| CellLine {
                            text: titles.get(id).cloned().unwrap_or_else(|| id.clone()),
                            small: Some(id.clone()),
                        })
                        .collect(),
                },
                Cell::text(
                    &s.measures
                        .iter()
                        .map(|m| measure_name(m))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                s.task.as_deref().map(Cell::text).unwrap_or_default(),
            ]
        })
        .collect();

    let section =
        |id: &str, title: String, intro: String, items: Vec<Item>, table: Option<Table>| {
            DocSection {
                intro_md: intro,
                table,
                ..DocSection::single(id, title, items)
            }
        };
    Document {
        title: data.title.clone(),
        language: resources.language.clone(),
        worksheet: "plan".into(),
        version: String::new(),
        summary: data.summary.clone(),
        instructions_md: String::new(),
        blank: false,
        fit_pages: None,
        safety_alert: false,
        relationship: inputs.afraid.then(|| block(&resources.relationship())),
        relationship_alert: inputs.afraid,
        sections: vec![
            section("contract", w("contract"), w("contract_intro"), items, None),
            section(
                "safety",
                w("safety"),
                w("safety_md").trim().to_string(),
                Vec::new(),
                None,
            ),
            section(
                "sessions",
                w("table"),
                w("table_intro"),
                Vec::new(),
                Some(Table { columns, rows }),
            ),
            section(
                "ending",
                w("ending"),
                w("ending_md").trim().to_string(),
                Vec::new(),
                None,
            ),
            section(
                "maintenance",
                w("maintenance"),
                w("maintenance_md").trim().to_string(),
                Vec::new(),
                None,
            ),
        ],
        disclaimer_md: resources.safety.disclaimer.trim().to_string(),
        crisis: block(&resources.crisis_for(schedule.variant.youth)),
    }
}

fn period(schedule: &Schedule) -> String {
    format!("{} – {}", schedule.first(), schedule.last())
}
