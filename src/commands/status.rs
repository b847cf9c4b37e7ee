//! `ipt status`: where a case stands, in plain text a therapist reads in five seconds, or JSON.

use serde::Serialize;

use super::case::{checked_answers, course_of, measures_of, shown};
use crate::app::Env;
use crate::case::course;
use crate::document::plan::phase_name;
use crate::interview::engine::answered;
use crate::plan::schedule::Session;
use crate::report::Failure;
use crate::spec::Catalog;

/// Everything `ipt status` says; the JSON form has the same fields.
#[derive(Debug, Serialize)]
pub struct Status {
    pub client: String,
    pub today: String,
    pub sessions: usize,
    /// The latest session on or before today.
    pub current: Option<Brief>,
    pub today_is_a_session: bool,
    /// The first session after today.
    pub next: Option<Brief>,
    pub weeks_left: i64,
    /// The last session, as agreed.
    pub ends: Brief,
    pub focus: String,
    /// Started, not finished.
    pub unfinished: Vec<Unfinished>,
    pub measures: Vec<MeasureStatus>,
    /// Files in the case that could not be read, and why.
    pub problems: Vec<String>,
}

/// A session, briefly.
#[derive(Debug, Serialize)]
pub struct Brief {
    pub number: usize,
    pub date: String,
    pub phase: String,
    /// Worksheets due (id and title).
    pub worksheets: Vec<Due>,
    /// Questionnaires due (id and name).
    pub measures: Vec<Due>,
}

#[derive(Debug, Serialize)]
pub struct Due {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Unfinished {
    pub file: String,
    pub worksheet: String,
    pub title: String,
    pub session: Option<usize>,
    pub answered: usize,
    pub of: usize,
}

#[derive(Debug, Serialize)]
pub struct MeasureStatus {
    pub id: String,
    pub name: String,
    pub first: Option<Score>,
    pub latest: Option<Score>,
    /// Latest minus first.
    pub change: Option<i64>,
    /// What the change means, in words from the measures data.
    pub statements: Vec<String>,
    /// Scores whose safety item was answered above the lowest answer.
    pub safety: Vec<Score>,
}

#[derive(Debug, Serialize)]
pub struct Score {
    pub date: Option<String>,
    pub session: Option<usize>,
    pub total: Option<i64>,
    pub band: Option<String>,
}

pub fn run(env: &Env, json: bool) -> Result<(), Failure> {
    let case = env.in_case("status")?;
    let catalog = env.catalog()?;
    let status = status(env, &catalog, case)?;
    let text = if json {
        serde_json::to_string_pretty(&status).unwrap_or_default() + "\n"
    } else {
        plain(&status)
    };
    crate::output::write(&crate::output::Target::Stdout, text.as_bytes(), false)?;
    Ok(())
}

fn brief(catalog: &Catalog, s: &Session) -> Brief {
    let resources = &catalog.resources;
    Brief {
        number: s.number,
        date: s.date.to_string(),
        phase: phase_name(&resources.plan, s.phase),
        worksheets: s
            .worksheets
            .iter()
            .map(|id| Due {
                id: id.clone(),
                name: catalog
                    .find(id)
                    .map_or_else(|_| id.clone(), |w| w.spec.title.clone()),
            })
            .collect(),
        measures: s
            .measures
            .iter()
            .map(|id| Due {
                id: id.clone(),
                name: resources
                    .plan
                    .measures
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.clone()),
            })
            .collect(),
    }
}

/// Works out the status of a case.
pub fn status(env: &Env, catalog: &Catalog, case: &crate::case::Case) -> Result<Status, Failure> {
    let course = course_of(catalog, case)?;
    let schedule = &course.schedule;
    let today = env.facts.today();
    let (files, bad) = checked_answers(catalog, case);
    let used = std::collections::BTreeMap::new();
    let unfinished = files
        .iter()
        .filter(|f| !f.saved.complete())
        .map(|f| {
            let (answered, of) = answered(&f.sheet, &f.saved.file, &used);
            Unfinished {
                file: shown(case, &f.saved.path),
                worksheet: f.sheet.id().to_string(),
                title: f.sheet.spec.title.clone(),
                session: f.saved.session,
                answered,
                of,
            }
        })
        .collect();
    let score = |p: &crate::measures::Point| Score {
        date: p.date.map(|d| d.to_string()),
        session: p.session,
        total: p.total,
        band: p.band.clone(),
    };
    let measures = measures_of(catalog, &files)
        .iter()
        .map(|s| {
            let change = crate::measures::change(s, &catalog.resources.measures);
            MeasureStatus {
                id: s.id.clone(),
                name: s.name.clone(),
                first: s.first().map(|(p, _)| score(p)),
                latest: s.latest().map(|(p, _)| score(p)),
                change: change.as_ref().map(|c| c.change),
                statements: change.map(|c| c.statements).unwrap_or_default(),
                safety: s
                    .points
                    .iter()
                    .filter(|p| p.safety_raised)
                    .map(score)
                    .collect(),
            }
        })
        .collect();
    let area = &course.inputs.area;
    let last = schedule
        .sessions
        .last()
        .ok_or_else(|| Failure::new(crate::report::Exit::Answers, "the plan has no sessions"))?;
    Ok(Status {
        client: case.file.client.clone(),
        today: today.to_string(),
        sessions: schedule.sessions.len(),
        current: course::current(schedule, today).map(|s| brief(catalog, s)),
        today_is_a_session: matches!(course::day(schedule, today), Some(course::Day::On(_))),
        next: course::next_after(schedule, today).map(|s| brief(catalog, s)),
        weeks_left: course::weeks_left(schedule, today),
        ends: brief(catalog, last),
        focus: catalog
            .resources
            .problem_areas
            .iter()
            .find(|a| &a.id == area)
            .map_or_else(|| area.clone(), |a| a.name.clone()),
        unfinished,
        measures,
        problems: bad
            .iter()
            .map(|(p, why)| format!("{}: {why}", shown(case, p)))
            .collect(),
    })
}

/// The status as a few lines of text.
pub fn plain(s: &Status) -> String {
    let mut out = Vec::new();
    let due = |b: &Brief| {
        let mut parts: Vec<String> = b
            .worksheets
            .iter()
            .map(|w| format!("{} ({})", w.name, w.id))
            .collect();
        parts.extend(b.measures.iter().map(|m| m.name.clone()));
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    };
    match &s.current {
        Some(c) => out.push(format!(
            "{} · session {} of {}{} · {} · {}",
            s.client,
            c.number,
            s.sessions,
            if s.today_is_a_session { " (today)" } else { "" },
            c.phase,
            s.focus
        )),
        None => out.push(format!(
            "{} · not started yet · {} sessions · {}",
            s.client, s.sessions, s.focus
        )),
    }
    if s.today_is_a_session
        && let Some(c) = &s.current
    {
        out.push(format!("Due today: {}", due(c)));
    }
    match &s.next {
        Some(n) => {
            out.push(format!(
                "Next: session {} on {} · {} · ends with session {} on {}, as agreed",
                n.number,
                n.date,
                match s.weeks_left {
                    1 => "1 week left".to_string(),
                    w => format!("{w} weeks left"),
                },
                s.ends.number,
                s.ends.date
            ));
            out.push(format!("Due at session {}: {}", n.number, due(n)));
        }
        None => out.push(format!(
            "The course ended with session {} on {}, as agreed.",
            s.ends.number, s.ends.date
        )),
    }
    if s.unfinished.is_empty() {
        out.push("Unfinished: none".into());
    } else {
        let list: Vec<String> = s
            .unfinished
            .iter()
            .map(|u| {
                format!(
                    "{} ({}, {} of {} answered)",
                    u.file, u.title, u.answered, u.of
                )
            })
            .collect();
        out.push(format!("Unfinished: {}", list.join("; ")));
    }
    if s.measures.is_empty() {
        out.push("Measures: none yet".into());
    }
    for m in &s.measures {
        let at = |x: &Score| {
            let mut where_ = x.date.clone().unwrap_or_else(|| "no date".into());
            if let Some(n) = x.session {
                where_ = format!("session {n}, {where_}");
            }
            format!(
                "{}{} ({where_})",
                x.total
                    .map_or_else(|| "not added up".into(), |t| t.to_string()),
                x.band
                    .as_ref()
                    .map_or_else(String::new, |b| format!(" {}", b.to_lowercase()))
            )
        };
        let line = match (&m.first, &m.latest, m.change) {
            (Some(first), Some(latest), Some(change)) => format!(
                "{}: {} → {}, {} since the first",
                m.name,
                at(first),
                at(latest),
                match change {
                    0 => "no change".to_string(),
                    c if c < 0 => format!("down {}", -c),
                    c => format!("up {c}"),
                }
            ),
            (_, Some(latest), _) => format!("{}: {} (one score so far)", m.name, at(latest)),
            _ => format!("{}: no score added up yet", m.name),
        };
        out.push(line);
        for st in &m.statements {
            out.push(format!("  {st}"));
        }
        for x in &m.safety {
            out.push(format!(
                "  ! {} item 9 was answered above \"Not at all\" ({}): talk it through soon; crisis contacts are on every document.",
                m.name,
                x.session.map_or_else(
                    || x.date.clone().unwrap_or_default(),
                    |n| format!("session {n}")
                )
            ));
        }
    }
    for p in &s.problems {
        out.push(format!("Could not read {p}"));
    }
    out.join("\n") + "\n"
}
