//! `ipt render ANSWERS_FILE`: re-render saved answers without asking anything.

use std::path::{Path, PathBuf};

use super::used::expression_data;
use super::{deliver, match_worksheet, read_answers};
use crate::answers::{self, Mode};
use crate::app::{Env, OutputRequest};
use crate::cli::OutputArgs;
use crate::report::Failure;

pub fn run(
    env: &Env,
    path: &Path,
    worksheet: Option<&str>,
    with: &[PathBuf],
    output: &OutputArgs,
) -> Result<(), Failure> {
    let out = OutputRequest::resolve(output)?;
    let catalog = env.catalog()?;
    let file = read_answers(path)?;
    let sheet = catalog.find(worksheet.unwrap_or(&file.meta.worksheet))?;
    if worksheet.is_none() {
        match_worksheet(path, &file, &sheet)?;
    }
    if sheet.id() == super::plan::PLAN_WORKSHEET {
        let checked = super::plan::check(&catalog, &sheet, &file.answers, with)?;
        return super::plan::deliver(&catalog, &checked, None, &out);
    }
    let used = expression_data(&catalog, &sheet, with)?;
    let checked =
        answers::check_with(&sheet.spec, &file.answers, Mode::FINAL, &used).map_err(|p| {
            Failure::answers(&p).hint(format!("edit {} and run this again", path.display()))
        })?;
    deliver(&catalog, &sheet, Some(&checked), &out)
}
