//! `ipt progress`: the questionnaire scores of a case (its completed answers) or of answers files
//! named on the command line, as plain text for the terminal, a document with charts (Markdown,
//! PDF, SVG) or an export (CSV, JSON). Also the progress sections other documents of a case
//! take in (the session packet, the termination review).

use std::path::{Path, PathBuf};

use super::case::{checked_answers, course_of, measures_of, shown};
use super::read_answers;
use crate::answers::{self, Checked, Meta, Mode};
use crate::app::Env;
use crate::case::Case;
use crate::document::DocSection;
use crate::document::progress::{Progress, progress, sections};
use crate::measures::{self, Reading, Series, export};
use crate::output;
use crate::plan::schedule::Schedule;
use crate::render::text;
use crate::report::{self, Exit, Failure};
use crate::request::{ExportKind, ProgressOutput, ProgressRequest};
use crate::spec::measures_data::MeasuresData;
use crate::spec::{Catalog, LoadedWorksheet};

pub fn run(env: &Env, req: &ProgressRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let (series, schedule) = if req.files.is_empty() {
        let case = env.in_case("progress").map_err(|f| {
            f.hint("or name answers files of questionnaires: `ipt progress phq9-*.toml`")
        })?;
        let schedule = course_of(&catalog, case).ok().map(|c| c.schedule);
        (of_case(&catalog, case), schedule)
    } else {
        (of_files(&catalog, &req.files)?, None)
    };
    let data = &catalog.resources.measures;
    let document = || {
        let p = Progress {
            series: &series,
            schedule: schedule.as_ref(),
            up_to: None,
        };
        progress(&p, &catalog.resources, &catalog.resources.language)
    };
    match &req.to {
        ProgressOutput::Export {
            kind,
            target,
            force,
        } => {
            let text = match kind {
                ExportKind::Csv => export::csv(&series),
                ExportKind::Json => export::json(&series, data),
            };
            output::write(target, text.as_bytes(), *force)?;
            Ok(())
        }
        ProgressOutput::Text if series.is_empty() => {
            report::say(&nothing_yet(req, data));
            Ok(())
        }
        // Text for people: what a bidi override or control character would do is shown, not
        // obeyed (`stdout::text`).
        ProgressOutput::Text => crate::stdout::text(&text::render(&document())),
        ProgressOutput::Document(_) if series.is_empty() => Err(Failure::new(
            Exit::Usage,
            "there are no questionnaire scores to chart yet",
        )
        .hint(nothing_yet(req, data))),
        ProgressOutput::Document(out) => super::write_document(&catalog, &document(), out),
    }
}

fn nothing_yet(req: &ProgressRequest, data: &MeasuresData) -> String {
    data.word(if req.files.is_empty() {
        "nothing_yet_case"
    } else {
        "nothing_yet_files"
    })
}

/// The scores of a case's completed questionnaires, files named from the case folder.
pub fn of_case(catalog: &Catalog, case: &Case) -> Vec<Series> {
    let (files, _) = checked_answers(catalog, case);
    let mut series = measures_of(catalog, &files);
    for s in &mut series {
        for p in &mut s.points {
            p.source = shown(case, Path::new(&p.source));
        }
    }
    measures::order(&mut series, &catalog.resources.measures);
    series
}

/// The progress sections of a case up to session `up_to` (all scores when `None`): one per
/// questionnaire with a score, with its chart, table and what the change means. For documents
/// of the case that show the course so far: the session packet, the termination review.
pub fn case_sections(
    catalog: &Catalog,
    case: &Case,
    schedule: &Schedule,
    up_to: Option<usize>,
) -> Vec<DocSection> {
    let series = of_case(catalog, case);
    sections(
        &Progress {
            series: &series,
            schedule: Some(schedule),
            up_to,
        },
        &catalog.resources.measures,
    )
}

/// The scores in answers files named on the command line. A file of another worksheet, or an
/// unfinished one, is left out with a warning; one that cannot be read or checked is an error.
fn of_files(catalog: &Catalog, paths: &[PathBuf]) -> Result<Vec<Series>, Failure> {
    let data = &catalog.resources.measures;
    let mut kept: Vec<(LoadedWorksheet, Checked, Meta, String)> = Vec::new();
    for path in paths {
        let file = read_answers(path)?;
        let id = file.meta.worksheet.clone();
        let followed = data.measures.iter().any(|m| m.worksheet == id)
            || data.external.as_ref().is_some_and(|e| e.worksheet == id);
        if !followed {
            report::warn(&format!(
                "{} holds answers to `{id}`, which is not a questionnaire followed over time; it was left out",
                path.display()
            ));
            continue;
        }
        if file.meta.status.as_deref() == Some("in-progress") {
            report::warn(&format!(
                "{} is not finished yet; its score was left out",
                path.display()
            ));
            continue;
        }
        let sheet = catalog.find(&id)?;
        super::match_worksheet(path, &file, &sheet)?;
        let used = super::used::expression_data(catalog, &sheet, &[], None)?;
        let mode = Mode::DRAFT;
        let checked =
            answers::check_with(&sheet.spec, &file.answers, mode, &used).map_err(|p| {
                Failure::answers(&p).hint(format!("these are the answers in {}", path.display()))
            })?;
        kept.push((sheet, checked, file.meta, path.display().to_string()));
    }
    let readings: Vec<Reading> = kept
        .iter()
        .map(|(sheet, checked, meta, source)| Reading {
            worksheet: sheet.id(),
            checked,
            meta,
            source: source.clone(),
        })
        .collect();
    let mut series = measures::collect(data, &readings);
    measures::order(&mut series, data);
    Ok(series)
}
