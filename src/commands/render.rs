//! `ipt render ANSWERS_FILE`: re-render saved answers without asking anything.

use std::path::Path;

use super::{deliver, match_worksheet, read_answers};
use crate::answers::{self, Mode};
use crate::app::{Env, OutputRequest};
use crate::cli::OutputArgs;
use crate::report::Failure;

pub fn run(
    env: &Env,
    path: &Path,
    worksheet: Option<&str>,
    output: &OutputArgs,
) -> Result<(), Failure> {
    let out = OutputRequest::resolve(output)?;
    let catalog = env.catalog()?;
    let file = read_answers(path)?;
    let sheet = catalog.find(worksheet.unwrap_or(&file.meta.worksheet))?;
    if worksheet.is_none() {
        match_worksheet(path, &file, &sheet)?;
    }
    let checked = answers::check(&sheet.spec, &file.answers, Mode::FINAL).map_err(|p| {
        Failure::answers(&p).hint(format!("edit {} and run this again", path.display()))
    })?;
    deliver(&catalog, &sheet, Some(&checked), &out)
}
