//! `ipt plan`: the answers of the `plan` worksheet (from flags, an answers file or the
//! interview) → schedule → plan document (Markdown or PDF) and, with `--ics`, a calendar.

use super::used::expression_data;
use crate::answers::date::Date;
use crate::answers::set::SetArg;
use crate::answers::{self, Checked, Mode, Origin, RawAnswers, RawInput};
use crate::app::Env;
use crate::cli::PlanArgs;
use crate::document::Document;
use crate::document::plan::{build, phase_name};
use crate::output::{self, Target};
use crate::plan::Inputs;
use crate::plan::calendar_id;
use crate::plan::ics::{Details, calendar};
use crate::plan::schedule::{Schedule, schedule};
use crate::report::{self, Exit, Failure};
use crate::request::{How, OutputRequest, PlanRequest};
use crate::spec::{Catalog, LoadedWorksheet};

/// The worksheet that holds a plan's inputs.
pub const PLAN_WORKSHEET: &str = "plan";

pub fn run(env: &Env, req: &PlanRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheet = catalog.find(PLAN_WORKSHEET)?;
    match req.fill.how {
        How::Ask { .. } => {
            let asked = super::interview::ask(&catalog, &sheet, "ipt plan", &req.fill, None)?;
            let ics = ics(req, Some(&asked.saved))?;
            deliver(&catalog, &asked.checked, ics, &asked.out)?;
            asked.farewell();
            Ok(())
        }
        How::Blank => super::deliver(&catalog, &sheet, None, &req.fill.out),
        How::Given { .. } => {
            let raw = super::given_answers(&sheet, req.fill.answers.as_deref(), &req.fill.sets)?;
            let checked = check(&catalog, &sheet, &raw, &req.fill.with)?;
            let ics = ics(req, req.fill.answers.as_deref())?;
            deliver(&catalog, &checked, ics, &req.fill.out)
        }
    }
}

/// A calendar to write: where, with which details, and the plan's calendar id.
pub struct Ics<'a> {
    pub target: &'a Target,
    pub details: Details,
    pub id: String,
}

/// The calendar request, with the id stored in the plan's answers file (added there if it has
/// none yet); without an answers file, a new id for this run only.
fn ics<'a>(
    req: &'a PlanRequest,
    answers: Option<&std::path::Path>,
) -> Result<Option<Ics<'a>>, Failure> {
    let Some((target, details)) = &req.ics else {
        return Ok(None);
    };
    let id = match answers {
        Some(file) => stored_calendar_id(file)?,
        None => {
            report::warn(
                "this calendar's events get new ids each time; to update imported events from a re-made plan later, keep the plan in an answers file (`ipt plan --answers FILE` saves one)",
            );
            fresh_id()?
        }
    };
    Ok(Some(Ics {
        target,
        details: *details,
        id,
    }))
}

fn fresh_id() -> Result<String, Failure> {
    calendar_id::fresh().map_err(|m| Failure::new(Exit::Runtime, m))
}

/// The calendar id in the plan's answers file; a new one is written into it when missing.
pub fn stored_calendar_id(file: &std::path::Path) -> Result<String, Failure> {
    let answers = super::read_answers(file)?;
    if let Some(id) = answers.meta.calendar {
        return Ok(id);
    }
    let id = fresh_id()?;
    let text = crate::input::read_text(file).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    match calendar_id::with_id(&text, &id) {
        Some(text) => {
            output::write_file(file, text.as_bytes(), true)?;
            report::note(&format!(
                "the plan's calendar id is now stored in {} (meta.calendar), so a re-made calendar updates the same events",
                file.display()
            ));
        }
        None => report::warn(&format!(
            "{} has no `[meta]` line to store the calendar id under, so this calendar's events get new ids each time",
            file.display()
        )),
    }
    Ok(id)
}

/// Checks plan answers (from a file or flags) through the one gate.
pub fn check(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    raw: &RawAnswers,
    with: &[std::path::PathBuf],
) -> Result<Checked, Failure> {
    let used = expression_data(catalog, sheet, with, None)?;
    answers::check_with(&sheet.spec, raw, Mode::FINAL, &used).map_err(|p| {
        let f = Failure::answers(&p);
        if f.exit == Exit::Answers { f.hint("for example: ipt plan --start 2027-01-11 --weeks 14 --area role-transition --no-input -o plan.md") } else { f }
    })
}

/// Schedule → document → output, and the calendar when `ics` names a file: both, or neither.
pub fn deliver(
    catalog: &Catalog,
    checked: &Checked,
    ics: Option<Ics<'_>>,
    out: &OutputRequest,
) -> Result<(), Failure> {
    if out.format == crate::render::Format::Json {
        let sheet = catalog.find(PLAN_WORKSHEET)?;
        return super::deliver(catalog, &sheet, Some(checked), out);
    }
    let (inputs, schedule) = course(catalog, checked, &[])?;
    let document = super::render_document(catalog, &document(catalog, &inputs, &schedule), out)?;
    let Some(ics) = ics else {
        output::write(&out.target, &document, out.force)?;
        return Ok(());
    };
    let text = calendar_text(catalog, &inputs, &schedule, &ics, out.options.epoch);
    // Both or neither: every output is checked before either is written.
    output::write_all(
        &[(&out.target, &document), (ics.target, text.as_bytes())],
        out.force,
    )?;
    Ok(())
}

/// The plan document of a course, warning about an unusual length and what the schedule noted.
pub fn document(catalog: &Catalog, inputs: &Inputs, schedule: &Schedule) -> Document {
    if !(12..=16).contains(&inputs.weeks) {
        report::warn(&format!(
            "a course of {} weeks is outside the usual 12 to 16 weeks of IPT; the plan is made as asked",
            inputs.weeks
        ));
    }
    let resources = &catalog.resources;
    for warning in &schedule.warnings {
        report::warn(warning);
    }
    let titles = schedule
        .sessions
        .iter()
        .flat_map(|s| &s.worksheets)
        .filter_map(|id| Some((id.clone(), catalog.find(id).ok()?.spec.title)))
        .collect();
    build(inputs, schedule, resources, &titles)
}

/// The course from checked plan answers: its inputs (with any sessions moved by a case) and
/// its schedule.
pub fn course(
    catalog: &Catalog,
    checked: &Checked,
    moves: &[(usize, Date)],
) -> Result<(Inputs, Schedule), Failure> {
    let mut inputs = Inputs::from_checked(checked).map_err(|m| Failure::new(Exit::Answers, m))?;
    inputs.moves = moves.to_vec();
    let resources = &catalog.resources;
    let schedule = schedule(&inputs, &resources.plan, &resources.problem_areas).map_err(|e| {
        let f = Failure::new(Exit::Answers, format!("{}: {}", e.question, e.message));
        match e.hint {
            Some(h) => f.hint(h),
            None => f,
        }
    })?;
    Ok((inputs, schedule))
}

/// The calendar of a course, as text.
pub fn calendar_text(
    catalog: &Catalog,
    inputs: &Inputs,
    schedule: &Schedule,
    ics: &Ics<'_>,
    epoch: i64,
) -> String {
    let resources = &catalog.resources;
    calendar(inputs, schedule, &stamp(epoch), &ics.id, ics.details, |p| {
        phase_name(&resources.plan, p)
    })
}

/// The plan flags as answers to the `plan` worksheet, each named by its flag in messages.
pub fn flag_sets(args: &PlanArgs, client: Option<&str>) -> Vec<SetArg> {
    let one = |flag: &str, section: &str, field: &str, value: &Option<String>| {
        value.as_ref().map(|v| SetArg {
            number: 0,
            origin: Some(Origin::Flag(flag.to_string())),
            section: section.into(),
            entry: None,
            field: field.into(),
            input: RawInput::Text(v.clone()),
        })
    };
    let mut sets: Vec<SetArg> = [
        one("--client", "course", "client", &client.map(str::to_string)),
        one("--start", "course", "start", &args.start),
        one("--weeks", "course", "weeks", &args.weeks),
        one("--cadence", "course", "cadence", &args.cadence),
        one("--weekday", "course", "weekday", &args.weekday),
        one("--time", "course", "time", &args.time),
        one("--length", "course", "length", &args.length),
        one("--variant", "course", "variant", &args.variant),
        one("--area", "focus", "area", &args.area),
        one("--second-area", "focus", "second_area", &args.second_area),
        one("--measures", "measures", "which", &args.measures),
        one("--measure-every", "measures", "every", &args.measure_every),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !args.goals.is_empty() {
        let items = args
            .goals
            .iter()
            .cloned()
            .map(toml::Value::String)
            .collect();
        sets.push(SetArg {
            number: 0,
            origin: Some(Origin::Flag("--goal".into())),
            section: "focus".into(),
            entry: None,
            field: "goals".into(),
            input: RawInput::Toml(toml::Value::Array(items)),
        });
    }
    for (i, skip) in args.skips.iter().enumerate() {
        sets.push(SetArg {
            number: 0,
            origin: Some(Origin::Flag("--skip".into())),
            section: "skips".into(),
            entry: Some(i + 1),
            field: "date".into(),
            input: RawInput::Text(skip.clone()),
        });
    }
    sets
}

/// `YYYYMMDDTHHMMSSZ` for seconds since 1970.
fn stamp(epoch: i64) -> String {
    let (d, secs) = crate::answers::date::Date::from_unix(epoch).unwrap_or((
        crate::answers::date::Date {
            year: 1970,
            month: 1,
            day: 1,
        },
        0,
    ));
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.year,
        d.month,
        d.day,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
