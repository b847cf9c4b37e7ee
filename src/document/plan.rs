//! The plan document: the treatment contract, the table of sessions, the ending and maintenance,
//! built from the plan inputs and schedule. Pure. All wording comes from `resources/plan.toml`.

use super::{Answer, DocEntry, DocSection, Document, Item, Table};
use crate::plan::schedule::{Phase, Schedule};
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
    Item {
        id: format!("plan.{id}"),
        prompt,
        help: None,
        note: None,
        answer: Answer::Text {
            text: Some(value),
            long: false,
            lines: 1,
        },
    }
}

/// Builds the plan document.
pub fn build(inputs: &Inputs, schedule: &Schedule, resources: &Resources) -> Document {
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
        Cadence::Biweekly => w("biweekly"),
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
        items.push(text(
            "measures",
            w("measure_plan"),
            format!(
                "{}: {}",
                names.join(", "),
                w("every").replace("{n}", &inputs.every.to_string())
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
    let rows = schedule
        .sessions
        .iter()
        .map(|s| {
            let aims = s
                .aims
                .iter()
                .chain(&s.notes)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                s.number.to_string(),
                s.date.to_string(),
                phase_name(data, s.phase),
                aims,
                s.techniques.join(", "),
                s.worksheets.join(", "),
                s.measures
                    .iter()
                    .map(|m| measure_name(m))
                    .collect::<Vec<_>>()
                    .join(", "),
                s.task.clone().unwrap_or_default(),
            ]
        })
        .collect();

    let section =
        |id: &str, title: String, intro: String, items: Vec<Item>, table: Option<Table>| {
            DocSection {
                id: id.to_string(),
                title,
                intro_md: intro,
                repeat: false,
                entries: if items.is_empty() {
                    Vec::new()
                } else {
                    vec![DocEntry {
                        number: 1,
                        label: None,
                        items,
                    }]
                },
                circle: None,
                table,
                chart: None,
            }
        };
    Document {
        title: data.title.clone(),
        language: "en".into(),
        worksheet: "plan".into(),
        version: String::new(),
        summary: data.summary.clone(),
        instructions_md: String::new(),
        blank: false,
        safety_alert: false,
        sections: vec![
            section("contract", w("contract"), w("contract_intro"), items, None),
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
        crisis: super::crisis_block(resources),
    }
}

fn period(schedule: &Schedule) -> String {
    format!("{} – {}", schedule.first(), schedule.last())
}
