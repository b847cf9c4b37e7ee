//! The schedule: dated sessions with their phase, aims, techniques, worksheets, measures, task
//! and notes. A pure function of the inputs and the plan data.

use super::Inputs;
use crate::answers::date::Date;
use crate::spec::plan_data::{Agenda, PlanData, Variant};
use crate::spec::resources::ProblemArea;

/// The phase a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Initial,
    Middle,
    Termination,
}

/// One session of the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// From 1.
    pub number: usize,
    pub date: Date,
    pub phase: Phase,
    pub aims: Vec<String>,
    pub techniques: Vec<String>,
    /// Worksheet ids.
    pub worksheets: Vec<String>,
    /// Measure ids due (e.g. `phq9`).
    pub measures: Vec<String>,
    pub task: Option<String>,
    /// Announcements and markers (wording from the plan data).
    pub notes: Vec<String>,
}

/// A whole course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub sessions: Vec<Session>,
    pub variant: Variant,
}

impl Schedule {
    pub fn first(&self) -> Date {
        self.sessions.first().map_or(
            Date {
                year: 1,
                month: 1,
                day: 1,
            },
            |s| s.date,
        )
    }

    pub fn last(&self) -> Date {
        self.sessions.last().map_or(self.first(), |s| s.date)
    }
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The question id the problem is about.
    pub question: String,
    pub message: String,
}

fn error(question: &str, message: String) -> PlanError {
    PlanError {
        question: question.to_string(),
        message,
    }
}

/// Lays out the course.
pub fn schedule(
    inputs: &Inputs,
    data: &PlanData,
    areas: &[ProblemArea],
) -> Result<Schedule, PlanError> {
    let variant = data
        .variants
        .iter()
        .find(|v| v.id == inputs.variant)
        .ok_or_else(|| {
            error(
                "course.variant",
                format!("there is no variant `{}` in the plan data", inputs.variant),
            )
        })?;
    let area = find_area(areas, &inputs.area, "focus.area")?;
    let second = inputs
        .second_area
        .as_deref()
        .map(|a| find_area(areas, a, "focus.second_area"))
        .transpose()?;

    let limits = &data.limits;
    if !(limits.weeks[0]..=limits.weeks[1]).contains(&inputs.weeks) {
        return Err(error(
            "course.weeks",
            format!(
                "a plan runs {} to {} weeks (the limits in resources/plan.toml)",
                limits.weeks[0], limits.weeks[1]
            ),
        ));
    }
    if !(limits.minutes[0]..=limits.minutes[1]).contains(&inputs.minutes) {
        return Err(error(
            "course.length",
            format!(
                "a session lasts {} to {} minutes (the limits in resources/plan.toml)",
                limits.minutes[0], limits.minutes[1]
            ),
        ));
    }
    let count = (u64::from(inputs.weeks) * 7).div_ceil(inputs.cadence.days() as u64) as usize;
    let fixed = variant.pre_sessions + variant.initial + variant.termination;
    if count <= fixed {
        return Err(error(
            "course.weeks",
            format!(
                "{count} sessions leave no room for the middle phase of {} ({} initial and {} ending sessions); choose more weeks or meet every week",
                variant.name,
                variant.initial + variant.pre_sessions,
                variant.termination
            ),
        ));
    }
    let dates = dates(inputs, count).ok_or_else(|| {
        error(
            "course.start",
            "the sessions would run past the last date a plan can hold (9999-12-31)".into(),
        )
    })?;
    let middle = count - fixed;
    let first_initial = variant.pre_sessions;
    let first_middle = first_initial + variant.initial;
    let first_end = first_middle + middle;

    let initial = spread(&data.initial, variant.initial);
    let ending = spread(&data.termination, variant.termination);
    let (main_share, second_share) = match second {
        Some(_) => (middle - middle / 3, middle / 3),
        None => (middle, 0),
    };
    let mut middle_plan = strategies(area, main_share);
    if let Some(second) = second {
        middle_plan.extend(strategies(second, second_share));
    }

    let mut sessions = Vec::with_capacity(count);
    for (i, date) in dates.into_iter().enumerate() {
        let number = i + 1;
        let (phase, agenda, task) = if i < first_middle {
            let agenda = if i < first_initial {
                pre_group(data)
            } else {
                merge(&initial[i - first_initial])
            };
            (Phase::Initial, agenda, None)
        } else if i < first_end {
            let (area, strategy) = &middle_plan[i - first_middle];
            let k = i - first_middle;
            let agenda = Agenda {
                aims: data
                    .middle
                    .aims
                    .iter()
                    .cloned()
                    .chain(std::iter::once(strategy.clone()))
                    .collect(),
                techniques: data
                    .middle
                    .techniques
                    .iter()
                    .cloned()
                    .chain(pick(&area.techniques, k))
                    .collect(),
                worksheets: data
                    .middle
                    .worksheets
                    .iter()
                    .cloned()
                    .chain(pick(&area.worksheets, k))
                    .collect(),
            };
            (Phase::Middle, agenda, area.task.clone())
        } else {
            (Phase::Termination, merge(&ending[i - first_end]), None)
        };
        sessions.push(Session {
            number,
            date,
            phase,
            aims: agenda.aims,
            techniques: dedupe(agenda.techniques),
            worksheets: dedupe(agenda.worksheets),
            measures: measures_due(inputs, number, count),
            task,
            notes: Vec::new(),
        });
    }
    add_notes(&mut sessions, variant, data, first_middle, first_end);
    Ok(Schedule {
        sessions,
        variant: variant.clone(),
    })
}

fn find_area<'a>(
    areas: &'a [ProblemArea],
    id: &str,
    question: &str,
) -> Result<&'a ProblemArea, PlanError> {
    areas.iter().find(|a| a.id == id).ok_or_else(|| {
        error(
            question,
            format!("there is no problem area `{id}` in the problem-areas data"),
        )
    })
}

/// The session dates: from the start (moved to the chosen weekday), one cadence apart, each
/// skipped date pushing that session and all later ones on by one cadence. None when a date
/// (or the day after the last, which a calendar needs) would pass 9999-12-31.
fn dates(inputs: &Inputs, count: usize) -> Option<Vec<Date>> {
    let mut date = inputs.start;
    if let Some((weekday, _)) = &inputs.weekday {
        date = date.add_days(i64::from((7 + weekday % 7 - date.weekday()) % 7))?;
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        while inputs.skips.contains(&date) {
            date = date.add_days(inputs.cadence.days())?;
        }
        out.push(date);
        date = date.add_days(inputs.cadence.days())?;
    }
    Some(out)
}

/// Shares `items` among `slots`: with more slots than items, each item spans neighbouring slots;
/// with fewer, neighbouring items share a slot. Every item is used, in order.
pub fn spread<T: Clone>(items: &[T], slots: usize) -> Vec<Vec<T>> {
    if slots == 0 || items.is_empty() {
        return vec![Vec::new(); slots];
    }
    if slots >= items.len() {
        (0..slots)
            .map(|j| vec![items[j * items.len() / slots].clone()])
            .collect()
    } else {
        (0..slots)
            .map(|j| items[j * items.len() / slots..(j + 1) * items.len() / slots].to_vec())
            .collect()
    }
}

fn strategies(area: &ProblemArea, slots: usize) -> Vec<(ProblemArea, String)> {
    let fallback = [area.description.clone()];
    let list = if area.strategies.is_empty() {
        &fallback[..]
    } else {
        &area.strategies[..]
    };
    spread(list, slots)
        .into_iter()
        .map(|s| (area.clone(), s.join("; ")))
        .collect()
}

fn merge(agendas: &[Agenda]) -> Agenda {
    Agenda {
        aims: agendas.iter().flat_map(|a| a.aims.clone()).collect(),
        techniques: agendas.iter().flat_map(|a| a.techniques.clone()).collect(),
        worksheets: agendas.iter().flat_map(|a| a.worksheets.clone()).collect(),
    }
}

fn pre_group(data: &PlanData) -> Agenda {
    let first = data.initial.first().cloned().unwrap_or_default();
    Agenda {
        aims: first.aims,
        techniques: first.techniques,
        worksheets: vec!["phq9".into(), "symptoms".into(), "inventory".into()],
    }
}

fn pick(list: &[String], k: usize) -> Option<String> {
    (!list.is_empty()).then(|| list[k % list.len()].clone())
}

fn dedupe(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Questionnaires at the first session, every `every` sessions, and at the last.
fn measures_due(inputs: &Inputs, number: usize, count: usize) -> Vec<String> {
    let due = number == 1 || number == count || (number - 1).is_multiple_of(inputs.every as usize);
    if due {
        inputs.measures.clone()
    } else {
        Vec::new()
    }
}

fn add_notes(
    sessions: &mut [Session],
    variant: &Variant,
    data: &PlanData,
    first_middle: usize,
    first_end: usize,
) {
    let count = sessions.len();
    for s in sessions.iter_mut().take(variant.pre_sessions) {
        s.notes.push(data.word("pre_group"));
    }
    let announce_at = count.saturating_sub(variant.announce).max(first_middle + 1);
    if announce_at >= 1 && announce_at < count {
        let left = count - announce_at;
        sessions[announce_at - 1]
            .notes
            .push(data.word("announce").replace("{left}", &left.to_string()));
    }
    for when in &variant.parent_sessions {
        let index = match when.as_str() {
            "first" => variant.pre_sessions,
            "middle" => first_middle + (first_end - first_middle) / 2,
            "last" => count - 1,
            _ => continue,
        };
        if let Some(s) = sessions.get_mut(index) {
            s.notes.push(data.word("parent"));
        }
    }
    let end = sessions.last().map(|s| (s.number, s.date));
    if let (Some(first), Some((n, date))) = (sessions.get_mut(variant.pre_sessions), end) {
        first.notes.push(
            data.word("named")
                .replace("{n}", &n.to_string())
                .replace("{date}", &date.to_string()),
        );
    }
    if let Some(last) = sessions.last_mut() {
        last.notes.push(data.word("last"));
    }
}
