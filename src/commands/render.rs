//! `ipt render ANSWERS_FILE`: re-render saved answers without asking anything; with
//! `--out-dir DIR`, every answers file named (folders listed by `app`) into that folder, in
//! parallel (`batch`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::answers_worksheet::{self, Naming};
use super::used::expression_data;
use super::{match_worksheet, read_answers};
use crate::answers::{self, Checked, Mode};
use crate::app::Env;
use crate::batch::{self, Item};
use crate::document::{self, Document};
use crate::render::Format;
use crate::report::Failure;
use crate::request::{RenderManyRequest, RenderRequest};
use crate::spec::{Catalog, LoadedWorksheet};

pub fn run(env: &Env, req: &RenderRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheets = Sheets::new(&catalog);
    match check_saved(
        env,
        &sheets,
        &req.answers,
        req.worksheet.as_deref(),
        &req.with,
    )? {
        Saved::Answers(sheet, checked) => {
            super::deliver(&catalog, &sheet, Some(&checked), &req.out)
        }
        Saved::Plan(checked) => super::plan::deliver(&catalog, &checked, None, &req.out),
    }
}

/// Every answers file into the folder; each failure named, then the summary.
pub fn many(env: &Env, req: &RenderManyRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheets = Sheets::new(&catalog);
    let extension = req.batch.extension();
    let items: Vec<Item> = req
        .answers
        .iter()
        .map(|path| Item {
            input: path.display().to_string(),
            output: batch::output_name(&req.batch.dir, path, extension),
        })
        .collect();
    let outcomes = batch::run(&items, &req.batch, |i| {
        let saved = check_saved(
            env,
            &sheets,
            &req.answers[i],
            req.worksheet.as_deref(),
            &req.with,
        )?;
        if req.batch.format == Format::Json {
            // The checked answers, as `ipt render FILE --format json` writes them.
            let (sheet, checked) = match saved {
                Saved::Answers(sheet, checked) => (sheet, checked),
                Saved::Plan(checked) => (sheets.find(super::plan::PLAN_WORKSHEET)?, checked),
            };
            let text = crate::export::json::answers(&sheet, &checked, None, &catalog.resources);
            return Ok(text.into_bytes());
        }
        let doc = saved_document(&catalog, saved)?;
        super::render_bytes(&catalog, &doc, req.batch.format, &req.batch.options)
    });
    batch::report(&items, &outcomes)
}

/// Worksheets by id, each loaded once and shared by every thread of a batch.
pub struct Sheets<'a> {
    pub catalog: &'a Catalog,
    known: Mutex<HashMap<String, Arc<LoadedWorksheet>>>,
}

impl<'a> Sheets<'a> {
    pub fn new(catalog: &'a Catalog) -> Sheets<'a> {
        Sheets {
            catalog,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The worksheet with this id (or in this file).
    pub fn find(&self, wanted: &str) -> Result<Arc<LoadedWorksheet>, Failure> {
        if let Some(sheet) = self.known.lock().ok().and_then(|k| k.get(wanted).cloned()) {
            return Ok(sheet);
        }
        let sheet = Arc::new(self.catalog.find(wanted)?);
        if let Ok(mut known) = self.known.lock() {
            known.insert(wanted.to_string(), sheet.clone());
        }
        Ok(sheet)
    }
}

/// A saved answers file through the gate: answers to a worksheet, or the answers of a plan.
pub enum Saved {
    Answers(Arc<LoadedWorksheet>, Checked),
    Plan(Checked),
}

/// Reads a saved answers file and checks it against its worksheet (or `worksheet`).
pub fn check_saved(
    env: &Env,
    sheets: &Sheets,
    path: &Path,
    worksheet: Option<&str>,
    with: &[std::path::PathBuf],
) -> Result<Saved, Failure> {
    let catalog = sheets.catalog;
    let file = read_answers(path)?;
    let sheet = match worksheet {
        Some(wanted) => sheets.find(wanted)?,
        None => {
            // Answers that name only a worksheet id share the worksheet with every other file of
            // a batch; a stored worksheet file (followed or not) and an unknown id are
            // `answers_worksheet`'s to read and to explain.
            let shared = match &file.meta.worksheet_file {
                None => sheets.find(&file.meta.worksheet).ok(),
                Some(_) => None,
            };
            let sheet = match shared {
                Some(sheet) => sheet,
                None => {
                    let case = env.case().ok().flatten().map(|c| c.dir.as_path());
                    Arc::new(answers_worksheet::find(
                        catalog,
                        path,
                        &file,
                        case,
                        Naming::FileOrFolder,
                    )?)
                }
            };
            match_worksheet(path, &file, &sheet)?;
            sheet
        }
    };
    if sheet.id() == super::plan::PLAN_WORKSHEET {
        let checked = super::plan::check(catalog, &sheet, &file.answers, with)?;
        return Ok(Saved::Plan(checked));
    }
    let used = expression_data(catalog, &sheet, with, env.case()?)?;
    let checked =
        answers::check_with(&sheet.spec, &file.answers, Mode::FINAL, &used).map_err(|p| {
            Failure::answers(&p).hint(format!("edit {} and run this again", path.display()))
        })?;
    Ok(Saved::Answers(sheet, checked))
}

/// The document of checked answers: the filled worksheet, or the plan.
fn saved_document(catalog: &Catalog, saved: Saved) -> Result<Document, Failure> {
    Ok(match saved {
        Saved::Answers(sheet, checked) => {
            document::build(&sheet, Some(&checked), &catalog.resources)
        }
        Saved::Plan(checked) => {
            let (inputs, schedule) = super::plan::course(catalog, &checked, &[])?;
            super::plan::document(catalog, &inputs, &schedule)
        }
    })
}

/// The document of a saved answers file: its worksheet (or `worksheet`), its answers through
/// the gate; the answers of a plan give the plan.
pub fn answers_document(
    env: &Env,
    sheets: &Sheets,
    path: &Path,
    worksheet: Option<&str>,
    with: &[std::path::PathBuf],
) -> Result<Document, Failure> {
    saved_document(
        sheets.catalog,
        check_saved(env, sheets, path, worksheet, with)?,
    )
}
