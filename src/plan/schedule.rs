//! The schedule: dated sessions with their phase, aims, techniques, worksheets, measures, task
//! and notes. A pure function of the inputs and the plan data.

use super::{Cadence, Inputs};
use crate::answers::date::Date;
use crate::spec::plan_data::{Agenda, PlanData, Variant};
use crate::spec::resources::{ProblemArea, Strategy};

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
    /// Technique ids (`resources/plan.toml`).
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
    /// Things the person making the plan should know (e.g. phases shortened), worded by the
    /// plan data.
    pub warnings: Vec<String>,
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

    /// Offers the safety plan in session `number` (from 1): its aim, technique and worksheet
    /// from the plan data. `ipt plan` does this for the first session when a PHQ-9 question 9
    /// was above zero; a case does it for any session whose PHQ-9 or check-in trips that
    /// trigger.
    pub fn offer_safety_plan(&mut self, number: usize, data: &PlanData) {
        let Some(s) = self.sessions.iter_mut().find(|s| s.number == number) else {
            return;
        };
        let plan = &data.safety_plan;
        for aim in &plan.aims {
            if !s.aims.contains(aim) {
                s.aims.push(aim.clone());
            }
        }
        s.techniques = dedupe(
            s.techniques
                .iter()
                .chain(&plan.techniques)
                .cloned()
                .collect(),
        );
        s.worksheets = dedupe(
            s.worksheets
                .iter()
                .chain(&plan.worksheets)
                .cloned()
                .collect(),
        );
    }

    /// Whether session `number` offers the safety plan.
    pub fn offers_safety_plan(&self, number: usize, data: &PlanData) -> bool {
        self.sessions.iter().any(|s| {
            s.number == number
                && data
                    .safety_plan
                    .worksheets
                    .iter()
                    .all(|w| s.worksheets.contains(w))
        })
    }
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The question id the problem is about.
    pub question: String,
    pub message: String,
    pub hint: Option<String>,
}

fn error(question: &str, message: String) -> PlanError {
    PlanError {
        question: question.to_string(),
        message,
        hint: None,
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
    let mut warnings = Vec::new();
    if inputs.cadence == Cadence::Biweekly {
        warnings.push(
            data.word("biweekly")
                .replace("{n}", &count.to_string())
                .replace("{weeks}", &inputs.weeks.to_string()),
        );
    }
    let pre = variant.pre_sessions;
    let (initial_n, term_n) = phase_lengths(count, variant, data.min_middle);
    let middle = count.saturating_sub(pre + initial_n + term_n);
    if middle < data.min_middle.max(1) {
        return Err(PlanError {
            hint: Some(data.word("too_short_hint")),
            ..error(
                "course.weeks",
                data.word("too_short")
                    .replace("{n}", &count.to_string())
                    .replace("{variant}", &variant.name)
                    .replace("{min}", &data.min_middle.to_string()),
            )
        });
    }
    if (initial_n, term_n) != (variant.initial, variant.termination) {
        warnings.push(
            data.word("shortened")
                .replace("{initial}", &initial_n.to_string())
                .replace("{ending}", &term_n.to_string())
                .replace("{middle}", &middle.to_string()),
        );
    }
    let dates = dates(inputs, count).ok_or_else(|| {
        error(
            "course.start",
            "the sessions would run past the last date a plan can hold (9999-12-31)".into(),
        )
    })?;
    let first_initial = pre;
    let first_middle = first_initial + initial_n;
    let first_end = first_middle + middle;

    let initial_agendas = if variant.agendas.is_empty() {
        &data.initial
    } else {
        &variant.agendas
    };
    let initial = spread(initial_agendas, initial_n);
    let pre_agendas = if variant.pre_agendas.is_empty() {
        &data.initial[..1]
    } else {
        &variant.pre_agendas[..]
    };
    let before = spread(pre_agendas, pre);
    let ending = spread(&data.termination, term_n);
    let (main_share, second_share) = match second {
        Some(_) => (middle - middle / 3, middle / 3),
        None => (middle, 0),
    };
    let mut middle_plan = assign(&usable(area, inputs), main_share);
    if let Some(second) = second {
        middle_plan.extend(assign(&usable(second, inputs), second_share));
    }
    let review_at = (middle >= 4).then_some(middle / 2);

    let mut sessions = Vec::with_capacity(count);
    for (i, date) in dates.into_iter().enumerate() {
        let number = i + 1;
        let (phase, agenda, task) = if i < first_initial {
            (Phase::Initial, merge(&before[i]), None)
        } else if i < first_middle {
            (Phase::Initial, merge(&initial[i - first_initial]), None)
        } else if i < first_end {
            let k = i - first_middle;
            let (mut agenda, task) = middle_session(data, &middle_plan[k]);
            if review_at == Some(k) {
                agenda = merge(&[agenda, data.midcourse.clone()]);
            }
            (Phase::Middle, agenda, task)
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
    add_notes(
        &mut sessions,
        variant,
        data,
        inputs,
        first_middle,
        first_end,
    );
    let mut schedule = Schedule {
        sessions,
        variant: variant.clone(),
        warnings,
    };
    if inputs.self_harm {
        schedule.offer_safety_plan(1, data);
    }
    Ok(schedule)
}

/// The initial and ending phases' lengths: the variant's, shortened one session at a time
/// (the longer phase first, the ending on a tie) while the middle phase has fewer than `min`
/// sessions, down to one each.
fn phase_lengths(count: usize, variant: &Variant, min: usize) -> (usize, usize) {
    let (mut initial, mut ending) = (variant.initial, variant.termination);
    let middle = |i: usize, e: usize| count.saturating_sub(variant.pre_sessions + i + e);
    while middle(initial, ending) < min && (initial > 1 || ending > 1) {
        if ending >= initial && ending > 1 {
            ending -= 1;
        } else {
            initial -= 1;
        }
    }
    (initial, ending)
}

/// The strategies of an area that fit the inputs: its stage (a dispute not yet judged counts
/// as `unsure`), and none that works on speaking up to someone the client is afraid of.
fn usable(area: &ProblemArea, inputs: &Inputs) -> Vec<Strategy> {
    let stage = inputs.stage.as_deref().unwrap_or("unsure");
    let list: Vec<Strategy> = area
        .strategies
        .iter()
        .filter(|s| s.stages.is_empty() || s.stages.iter().any(|x| x == stage))
        .filter(|s| !(inputs.afraid && s.direct))
        .cloned()
        .collect();
    if list.is_empty() {
        // Data without strategies still gives a plan: the area's description as the aim.
        return vec![Strategy {
            id: area.id.clone(),
            aim: area.description.clone(),
            technique: String::new(),
            worksheet: String::new(),
            task: None,
            stages: Vec::new(),
            direct: false,
        }];
    }
    list
}

/// Shares strategies among the middle sessions: a strategy spans neighbouring sessions when
/// there are more sessions than strategies (marked `false` after its first), neighbouring
/// strategies share a session when there are fewer.
fn assign(list: &[Strategy], slots: usize) -> Vec<Vec<(Strategy, bool)>> {
    let mut seen: Vec<String> = Vec::new();
    spread(list, slots)
        .into_iter()
        .map(|slot| {
            slot.into_iter()
                .map(|s| {
                    let first = !seen.contains(&s.id);
                    seen.push(s.id.clone());
                    (s, first)
                })
                .collect()
        })
        .collect()
}

/// A middle session: the opening every middle session shares, then its strategies (a carried-on
/// strategy says so), with the task of each strategy in its first session only.
fn middle_session(data: &PlanData, slot: &[(Strategy, bool)]) -> (Agenda, Option<String>) {
    let mut agenda = data.middle.clone();
    let mut tasks = Vec::new();
    for (s, first) in slot {
        agenda.aims.push(if *first {
            s.aim.clone()
        } else {
            data.word("continued").replace("{aim}", &s.aim)
        });
        if !s.technique.is_empty() {
            agenda.techniques.push(s.technique.clone());
        }
        if !s.worksheet.is_empty() {
            agenda.worksheets.push(s.worksheet.clone());
        }
        if let (true, Some(task)) = (first, &s.task) {
            tasks.push(task.clone());
        }
    }
    let task = (!tasks.is_empty()).then(|| tasks.join("; "));
    (agenda, task)
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
/// skipped date pushing that session and all later ones on by one cadence; a moved session
/// starts again from its new date. None when a date (or the day after the last, which a calendar
/// needs) would pass 9999-12-31.
fn dates(inputs: &Inputs, count: usize) -> Option<Vec<Date>> {
    let mut date = inputs.start;
    if let Some((weekday, _)) = &inputs.weekday {
        date = date.add_days(i64::from((7 + weekday % 7 - date.weekday()) % 7))?;
    }
    let mut out = Vec::with_capacity(count);
    for number in 1..=count {
        if let Some((_, to)) = inputs.moves.iter().rev().find(|(n, _)| *n == number) {
            date = *to;
        }
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

fn merge(agendas: &[Agenda]) -> Agenda {
    Agenda {
        aims: agendas.iter().flat_map(|a| a.aims.clone()).collect(),
        techniques: agendas.iter().flat_map(|a| a.techniques.clone()).collect(),
        worksheets: agendas.iter().flat_map(|a| a.worksheets.clone()).collect(),
    }
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
    if measure_sessions(count, inputs.every as usize).contains(&number) {
        inputs.measures.clone()
    } else {
        Vec::new()
    }
}

/// The sessions (from 1) at which questionnaires are due in a course of `count` sessions: the
/// first, every `every` sessions after it, and the last. The contract worksheet computes the
/// same list.
pub fn measure_sessions(count: usize, every: usize) -> Vec<usize> {
    let every = every.max(1);
    (1..=count)
        .filter(|n| *n == count || (n - 1).is_multiple_of(every))
        .collect()
}

fn add_notes(
    sessions: &mut [Session],
    variant: &Variant,
    data: &PlanData,
    inputs: &Inputs,
    first_middle: usize,
    first_end: usize,
) {
    if inputs.afraid
        && let Some(s) = sessions.get_mut(first_middle)
    {
        s.notes.push(data.word("afraid"));
    }
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
            "middle" if inputs.parent => first_middle + (first_end - first_middle) / 2,
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
