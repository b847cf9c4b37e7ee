//! `ipt case new DIR` and `ipt case reschedule`, and what the other commands need of a case: its
//! course (the plan's answers checked, with moved sessions), the session answers belong to, and
//! keeping answers given up front in the case.

use std::path::Path;

use super::{given_answers, read_answers};
use crate::answers::date::Date;
use crate::answers::file::AnswersFile;
use crate::answers::write::answers_file;
use crate::answers::{Checked, Meta, Origin, RawAnswers, RawInput, RawValue, Slot, worksheet_file};
use crate::app::Env;
use crate::case::{self, CASE_FILE, Case, CaseFile, Move, course};
use crate::cli::PlanArgs;
use crate::drafts;
use crate::jinja::Data;
use crate::output::{self, Target};
use crate::plan::Inputs;
use crate::plan::ics::Details;
use crate::plan::schedule::{Schedule, Session};
use crate::report::{self, Exit, Failure};
use crate::request::{How, PlanRequest};
use crate::spec::{Catalog, LoadedWorksheet};

/// The course of a case: the plan's checked answers, its inputs and schedule (moves applied),
/// and what the answers kept so far say: the goals and the measures.
pub struct Course {
    pub plan: Checked,
    pub inputs: Inputs,
    pub schedule: Schedule,
    /// The goals agreed: the newest completed contract's, else the plan's.
    pub goals: Vec<String>,
    /// Measure id → its first and latest scores (see [`case_data`]).
    pub measures: Data,
}

/// The session of a case as expressions see it (`case`): `session`, `sessions`, `date`,
/// `phase`, `focus`, `goals`, and `measures.<id>` with `first`, `latest`, `first_date`,
/// `latest_date`, `count` and `latest_safety` (none for a measure without scores).
pub fn case_data(catalog: &Catalog, course: &Course, session: usize) -> Data {
    let resources = &catalog.resources;
    let found = course::session(&course.schedule, session);
    let focus = &course.inputs.area;
    Data::map([
        ("session", Data::Int(session as i64)),
        ("sessions", Data::Int(course.schedule.sessions.len() as i64)),
        (
            "date",
            found.map_or(Data::Null, |s| Data::Str(s.date.to_string())),
        ),
        (
            "phase",
            found.map_or(Data::Null, |s| {
                Data::Str(crate::document::plan::phase_name(&resources.plan, s.phase))
            }),
        ),
        (
            "focus",
            Data::Str(
                resources
                    .problem_areas
                    .iter()
                    .find(|a| &a.id == focus)
                    .map_or_else(|| focus.clone(), |a| a.name.clone()),
            ),
        ),
        (
            "goals",
            Data::List(course.goals.iter().cloned().map(Data::Str).collect()),
        ),
        ("measures", course.measures.clone()),
    ])
}

/// The measures of a case as expressions see them.
fn measures_data(catalog: &Catalog, files: &[CheckedFile]) -> Data {
    let series = measures_of(catalog, files);
    let date = |p: &crate::measures::Point| p.date.map_or(Data::Null, |d| Data::Str(d.to_string()));
    Data::Map(
        catalog
            .resources
            .measures
            .measures
            .iter()
            .map(|def| {
                let found = series.iter().find(|s| s.id == def.id);
                let value = match found.and_then(|s| Some((s, s.first()?, s.latest()?))) {
                    Some((s, (fp, first), (lp, latest))) => Data::map([
                        ("first", Data::Int(first)),
                        ("latest", Data::Int(latest)),
                        ("first_date", date(fp)),
                        ("latest_date", date(lp)),
                        ("count", Data::Int(s.totals().count() as i64)),
                        ("latest_safety", Data::Bool(lp.safety_raised)),
                    ]),
                    None => Data::Null,
                };
                (def.id.clone(), value)
            })
            .collect(),
    )
}

/// The goals agreed: the newest completed contract's (`focus.goals`), else the plan's.
fn goals_of(files: &[CheckedFile], plan_goals: &[String]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.sheet.id() == "contract" && f.saved.complete())
        .filter_map(|f| match f.checked.value("focus.goals") {
            Some(crate::answers::Value::List(goals)) if !goals.is_empty() => Some(goals.clone()),
            _ => None,
        })
        .next_back()
        .unwrap_or_else(|| plan_goals.to_vec())
}

/// Reads and checks the case's plan and lays out its course.
pub fn course_of(catalog: &Catalog, case: &Case) -> Result<Course, Failure> {
    let path = case.plan_path();
    if !path.exists() {
        return Err(Failure::new(
            Exit::Usage,
            format!("the case folder {} has no plan yet", case.dir.display()),
        )
        .hint(format!(
            "finish it with `ipt case new {}`",
            case.dir.display()
        )));
    }
    let file = read_answers(&path)?;
    let sheet = catalog.find(super::plan::PLAN_WORKSHEET)?;
    super::match_worksheet(&path, &file, &sheet)?;
    let plan = super::plan::check(catalog, &sheet, &file.answers, &[])
        .map_err(|f| f.hint(format!("the plan is {}", path.display())))?;
    let moves: Vec<(usize, Date)> = case.file.moves.iter().map(|m| (m.from, m.to)).collect();
    let (mut inputs, _) = super::plan::course(catalog, &plan, &moves)?;
    let (files, _) = checked_answers(catalog, case);
    learn_from_answers(&mut inputs, &files);
    let resources = &catalog.resources;
    let mut schedule =
        crate::plan::schedule::schedule(&inputs, &resources.plan, &resources.problem_areas)
            .map_err(|e| Failure::new(Exit::Answers, format!("{}: {}", e.question, e.message)))?;
    for n in safety_plan_sessions(&files, schedule.sessions.len()) {
        schedule.offer_safety_plan(n, &resources.plan);
    }
    Ok(Course {
        goals: goals_of(&files, &inputs.goals),
        measures: measures_data(catalog, &files),
        plan,
        inputs,
        schedule,
    })
}

/// What the course learns from the answers kept in the case, where the plan's own answers do not
/// already say it: fear of the person the work is about (any relationship-safety answer) leaves
/// out the confrontation work; a role dispute's judged stage decides the middle sessions.
fn learn_from_answers(inputs: &mut Inputs, files: &[CheckedFile]) {
    if files.iter().any(|f| !f.checked.relationship.is_empty()) {
        inputs.afraid = true;
    }
    if inputs.stage.is_none() {
        let stage = files
            .iter()
            .filter(|f| f.sheet.id() == "role-dispute" && f.saved.complete())
            .filter_map(|f| match f.checked.value("stage.stage") {
                Some(crate::answers::Value::Choice(s)) if s != "unsure" => Some(s.clone()),
                _ => None,
            })
            .next_back();
        inputs.stage = stage;
    }
}

/// The sessions that get the safety plan: the session of any answer that fired a safety trigger
/// (a PHQ-9 item 9 above "Not at all", the check-in's question about thoughts of self-harm), and
/// the one after it, unless a completed safety plan has been kept since.
fn safety_plan_sessions(files: &[CheckedFile], count: usize) -> Vec<usize> {
    let made_at = |n: usize| {
        files.iter().any(|f| {
            f.sheet.id() == "safety-plan" && f.saved.complete() && f.saved.session >= Some(n)
        })
    };
    let mut sessions: Vec<usize> = files
        .iter()
        .filter(|f| !f.checked.safety.is_empty())
        .filter_map(|f| f.saved.session)
        .filter(|n| !made_at(*n))
        .flat_map(|n| [n, n + 1])
        .filter(|n| *n <= count)
        .collect();
    sessions.sort_unstable();
    sessions.dedup();
    sessions
}

/// One answers file of a case, checked against its worksheet.
pub struct CheckedFile {
    pub saved: case::SessionFile,
    pub sheet: LoadedWorksheet,
    pub checked: Checked,
}

/// Checks every answers file of the case that can be (against its worksheet, nothing required);
/// the others are returned by path with the reason, for `ipt status` to name.
pub fn checked_answers(
    catalog: &Catalog,
    case: &Case,
) -> (Vec<CheckedFile>, Vec<(std::path::PathBuf, String)>) {
    let (files, unreadable) = case.answers();
    let mut bad: Vec<(std::path::PathBuf, String)> = unreadable
        .into_iter()
        .map(|p| (p, "it is not an answers file ipt can read".to_string()))
        .collect();
    let mut good = Vec::new();
    let mut used_by: std::collections::BTreeMap<String, _> = std::collections::BTreeMap::new();
    for file in files {
        let Ok(sheet) = super::answers_worksheet::find(
            catalog,
            &file.path,
            &file.file,
            Some(&case.dir),
            super::answers_worksheet::Naming::Folder,
        ) else {
            bad.push((
                file.path.clone(),
                format!("no worksheet `{}` is known", file.file.meta.worksheet),
            ));
            continue;
        };
        let mode = crate::answers::Mode::DRAFT;
        if !used_by.contains_key(sheet.id()) {
            let used =
                super::used::expression_data(catalog, &sheet, &[], Some(case)).unwrap_or_default();
            used_by.insert(sheet.id().to_string(), used);
        }
        let used = &used_by[sheet.id()];
        match crate::answers::check_with(&sheet.spec, &file.file.answers, mode, used) {
            Ok(checked) => good.push(CheckedFile {
                saved: file,
                sheet,
                checked,
            }),
            Err(p) => bad.push((
                file.path.clone(),
                format!(
                    "{} (first: {})",
                    report::count(p.len(), "answer does not fit the worksheet"),
                    p[0].question
                ),
            )),
        }
    }
    (good, bad)
}

/// The measures of a case's answers, in date order.
pub fn measures_of(catalog: &Catalog, files: &[CheckedFile]) -> Vec<crate::measures::Series> {
    let readings: Vec<crate::measures::Reading> = files
        .iter()
        .filter(|f| f.saved.complete())
        .map(|f| crate::measures::Reading {
            worksheet: f.sheet.id(),
            checked: &f.checked,
            meta: &f.saved.file.meta,
            source: f.saved.path.display().to_string(),
        })
        .collect();
    crate::measures::collect(&catalog.resources.measures, &readings)
}

/// Which session answers belong to.
pub enum SessionPick {
    Known(usize, Date),
    /// Today is not a session date: ask which session (the question and the sessions around).
    Ask(String, Vec<(usize, Date)>),
}

/// `--session N`, else the session the plan has today; else the sessions around today to choose
/// from.
pub fn pick_session(
    schedule: &Schedule,
    wanted: Option<usize>,
    today: Date,
) -> Result<SessionPick, Failure> {
    if let Some(n) = wanted {
        return course::session(schedule, n)
            .map(|s| SessionPick::Known(s.number, s.date))
            .ok_or_else(|| {
                Failure::new(
                    Exit::Usage,
                    format!(
                        "there is no session {n} in this case's plan (it has sessions 1 to {})",
                        schedule.sessions.len()
                    ),
                )
            });
    }
    let around: Vec<&Session> = match course::day(schedule, today) {
        Some(course::Day::On(s)) => return Ok(SessionPick::Known(s.number, s.date)),
        Some(course::Day::Before(s) | course::Day::After(s)) => vec![s],
        Some(course::Day::Between(a, b)) => vec![a, b],
        None => Vec::new(),
    };
    Ok(SessionPick::Ask(
        format!(
            "Today, {today}, is not a session date in the plan. Which session are these answers for?"
        ),
        around.iter().map(|s| (s.number, s.date)).collect(),
    ))
}

/// The session, when nothing can be asked: off the plan's dates, `--session` must say it.
pub fn known_session(pick: SessionPick) -> Result<(usize, Date), Failure> {
    match pick {
        SessionPick::Known(n, d) => Ok((n, d)),
        SessionPick::Ask(_, around) => {
            let list: Vec<String> = around
                .iter()
                .map(|(n, d)| format!("session {n} is on {d}"))
                .collect();
            Err(Failure::new(
                Exit::Usage,
                "today is not a session date in this case's plan, so the session is not known",
            )
            .hint(format!(
                "say which with --session N ({})",
                if list.is_empty() {
                    "the plan has no sessions".into()
                } else {
                    list.join("; ")
                }
            )))
        }
    }
}

/// Keeps answers given up front (an answers file, `--set`) in the case, named by session: unless
/// they already are there, or the very same answers were saved before.
pub fn keep_given(
    case: &Case,
    sheet: &LoadedWorksheet,
    source: Option<&Path>,
    raw: &RawAnswers,
    session: (usize, Date),
    complete: bool,
) -> Result<(), Failure> {
    let sessions = std::path::absolute(case.sessions_dir()).ok();
    if let Some(src) = source
        && let (Ok(src), Some(dir)) = (std::path::absolute(src), &sessions)
        && src.starts_with(dir)
    {
        return Ok(());
    }
    case::make_folders(&case.dir).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot make the case's sessions folder: {e}"),
        )
    })?;
    let names = case.names(session.0, sheet.id());
    let file = AnswersFile {
        meta: Meta {
            worksheet: sheet.id().to_string(),
            worksheet_file: worksheet_file::for_answers(sheet, &names.dir.join("answers.toml")),
            version: Some(sheet.spec.version.clone()),
            digest: Some(sheet.digest.clone()),
            status: Some(if complete { "complete" } else { "in-progress" }.into()),
            session: Some(session.0),
            date: Some(session.1),
            ..Meta::default()
        },
        answers: raw.clone(),
        orphaned: Default::default(),
    };
    let text = answers_file(sheet, &file);
    if let Some(path) = case.holding(&text) {
        report::say(&format!(
            "These answers are already kept in the case as {}.",
            shown(case, &path)
        ));
        return Ok(());
    }
    let (path, _lock) = drafts::reserve(&names).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot keep the answers in the case: {e}"),
        )
    })?;
    output::write_file(&path, text.as_bytes(), false)?;
    report::say(&format!(
        "Kept in the case as {} (session {}).",
        shown(case, &path),
        session.0
    ));
    Ok(())
}

/// A path inside the case, as shown: relative to the case folder.
pub fn shown(case: &Case, path: &Path) -> String {
    path.strip_prefix(&case.dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `ipt case new DIR`: the folder, its plan and `case.toml`.
pub fn new(env: &Env, dir: &Path, args: &PlanArgs, req: &PlanRequest) -> Result<(), Failure> {
    if dir.join(CASE_FILE).exists() {
        return Err(Failure::new(
            Exit::Runtime,
            format!(
                "{} is already a case folder; it was left unchanged",
                dir.display()
            ),
        )
        .hint(
            "`ipt status --case DIR` shows where it stands; `ipt case reschedule` moves sessions",
        ));
    }
    case::make_folders(dir).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot make the case folder {}: {e}", dir.display()),
        )
    })?;
    let catalog = env.catalog()?;
    let sheet = catalog.find(super::plan::PLAN_WORKSHEET)?;
    let plan_path = dir.join(case::PLAN_FILE);
    let mut fill = req.fill.clone();
    let checked = match fill.how {
        How::Blank => {
            return Err(Failure::new(
                Exit::Usage,
                "a case needs a plan, not a blank handout",
            ));
        }
        How::Ask { .. } if fill.answers.is_none() => {
            fill.answers = Some(plan_path.clone());
            let command = format!("ipt case new {}", dir.display());
            let asked = super::interview::ask(&catalog, &sheet, &command, &fill, None)?;
            if let Some(doc) = asked.out.file().map(Path::to_path_buf) {
                super::plan::deliver(&catalog, &asked.checked, None, &asked.out)?;
                report::say(&format!("The plan is in {}.", doc.display()));
            }
            asked.checked
        }
        _ => {
            let raw = given_answers(&sheet, fill.answers.as_deref(), &fill.sets)?;
            let checked = super::plan::check(&catalog, &sheet, &raw, &[])?;
            let file = AnswersFile {
                meta: Meta {
                    worksheet: sheet.id().to_string(),
                    version: Some(sheet.spec.version.clone()),
                    digest: Some(sheet.digest.clone()),
                    status: Some("complete".into()),
                    ..Meta::default()
                },
                answers: raw,
                orphaned: Default::default(),
            };
            output::write_file(
                &plan_path,
                answers_file(&sheet, &file).as_bytes(),
                fill.out.force,
            )?;
            if fill.out.file().is_some() {
                super::plan::deliver(&catalog, &checked, None, &fill.out)?;
            }
            checked
        }
    };
    let (inputs, schedule) = super::plan::course(&catalog, &checked, &[])?;
    let client = fill
        .out
        .options
        .client
        .clone()
        .or_else(|| inputs.client.clone())
        .unwrap_or_else(|| {
            dir.file_name()
                .map_or_else(|| "client".into(), |n| n.to_string_lossy().into_owned())
        });
    let case_file = CaseFile {
        client,
        country: env.sources.country.clone(),
        paper: args.run.output.paper,
        font_size: args.run.output.font_size,
        created: Some(env.facts.today()),
        moves: Vec::new(),
    };
    output::write_file(
        &dir.join(CASE_FILE),
        case::file::write(&case_file).as_bytes(),
        false,
    )?;
    if let Some((target, details)) = &req.ics {
        let ics = super::plan::Ics {
            target,
            details: *details,
            id: super::plan::stored_calendar_id(&plan_path)?,
        };
        let text = super::plan::calendar_text(&catalog, &inputs, &schedule, &ics, env.facts.epoch);
        output::write(target, text.as_bytes(), fill.out.force)?;
    }
    report::say(&format!(
        "Started the case folder {} for {}: {} sessions, {} to {}. Inside it, `ipt status` shows where the course stands.",
        dir.display(),
        case_file.client,
        schedule.sessions.len(),
        schedule.first(),
        schedule.last()
    ));
    Ok(())
}

/// What `ipt case reschedule` was asked to do.
pub struct Reschedule {
    pub from: Option<usize>,
    pub to: Option<String>,
    pub skip: Option<String>,
    pub ics: Option<String>,
    pub force: bool,
}

/// `ipt case reschedule`: a session moved (and the later ones with it), or a date skipped.
pub fn reschedule(env: &Env, r: &Reschedule) -> Result<(), Failure> {
    let case = env.in_case("case reschedule")?;
    let catalog = env.catalog()?;
    let before = course_of(&catalog, case)?;
    let date = |flag: &str, text: &str| {
        Date::parse(text).ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                format!("{flag} takes a date as YYYY-MM-DD, for example 2027-02-15"),
            )
        })
    };
    let mut case_file = case.file.clone();
    match (r.from, &r.to, &r.skip) {
        (Some(from), Some(to), None) => {
            let to = date("--to", to)?;
            let count = before.schedule.sessions.len();
            if !(1..=count).contains(&from) {
                return Err(Failure::new(
                    Exit::Usage,
                    format!("there is no session {from} (the plan has sessions 1 to {count})"),
                ));
            }
            if let Some(prev) = from
                .checked_sub(1)
                .and_then(|p| course::session(&before.schedule, p))
                && to <= prev.date
            {
                return Err(Failure::new(
                    Exit::Usage,
                    format!(
                        "session {from} cannot move to {to}: session {} is on {}",
                        prev.number, prev.date
                    ),
                )
                .hint("choose a date after the session before it"));
            }
            case_file.moves.push(Move { from, to });
            output::write_file(
                &case.dir.join(CASE_FILE),
                case::file::write(&case_file).as_bytes(),
                true,
            )?;
        }
        (None, None, Some(skip)) => {
            let skip = date("--skip", skip)?;
            add_skip(&catalog, case, skip)?;
        }
        _ => {
            return Err(Failure::new(
                Exit::Usage,
                "say what to move: --from N --to DATE, or --skip DATE",
            ));
        }
    }
    let moved = Case {
        dir: case.dir.clone(),
        file: case_file,
    };
    let after = course_of(&catalog, &moved)?;
    let changed: Vec<(&Session, &Session)> = before
        .schedule
        .sessions
        .iter()
        .zip(&after.schedule.sessions)
        .filter(|(a, b)| a.date != b.date)
        .collect();
    match changed.as_slice() {
        [] => report::say("No session date changed."),
        [(a, b), rest @ ..] => report::say(&format!(
            "Session {} moves from {} to {}{}. The course now ends on {}.",
            a.number,
            a.date,
            b.date,
            match rest.len() {
                0 => String::new(),
                1 => ", and the session after it with it".to_string(),
                n => format!(", and the {n} sessions after it with it"),
            },
            after.schedule.last()
        )),
    }
    if let Some(ics) = &r.ics {
        let target = Target::parse(ics);
        let calendar = super::plan::Ics {
            target: &target,
            details: Details::None,
            id: super::plan::stored_calendar_id(&case.plan_path())?,
        };
        let text = super::plan::calendar_text(
            &catalog,
            &after.inputs,
            &after.schedule,
            &calendar,
            env.facts.epoch,
        );
        output::write(&target, text.as_bytes(), r.force)?;
        report::say(&format!(
            "The calendar is in {ics}; importing it again updates the events."
        ));
    }
    Ok(())
}

/// Adds a skipped date to the case's plan answers.
fn add_skip(catalog: &Catalog, case: &Case, skip: Date) -> Result<(), Failure> {
    let path = case.plan_path();
    let mut file = read_answers(&path)?;
    let sheet = catalog.find(super::plan::PLAN_WORKSHEET)?;
    let entry = file.answers.entries("skips");
    file.answers.push_entry("skips");
    file.answers.set(
        &Slot {
            section: "skips".into(),
            entry: Some(entry),
            field: "date".into(),
        },
        RawValue {
            input: RawInput::Toml(toml::Value::Datetime(skip.to_toml())),
            origin: Origin::Flag("--skip".into()),
        },
    );
    super::plan::check(catalog, &sheet, &file.answers, &[])?;
    output::write_file(&path, answers_file(&sheet, &file).as_bytes(), true)?;
    Ok(())
}
