//! `ipt render ANSWERS_FILE`: re-render saved answers without asking anything.

use super::answers_worksheet::{self, Naming};
use super::used::expression_data;
use super::{deliver, match_worksheet, read_answers};
use crate::answers::{self, Mode};
use crate::app::Env;
use crate::report::Failure;
use crate::request::RenderRequest;

pub fn run(env: &Env, req: &RenderRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let path = &req.answers;
    let file = read_answers(path)?;
    let sheet = match &req.worksheet {
        Some(wanted) => catalog.find(wanted)?,
        None => {
            let case = env.case().ok().flatten().map(|c| c.dir.as_path());
            let sheet = answers_worksheet::find(&catalog, path, &file, case, Naming::FileOrFolder)?;
            match_worksheet(path, &file, &sheet)?;
            sheet
        }
    };
    if sheet.id() == super::plan::PLAN_WORKSHEET {
        let checked = super::plan::check(&catalog, &sheet, &file.answers, &req.with)?;
        return super::plan::deliver(&catalog, &checked, None, &req.out);
    }
    let used = expression_data(&catalog, &sheet, &req.with, env.case()?)?;
    let checked =
        answers::check_with(&sheet.spec, &file.answers, Mode::FINAL, &used).map_err(|p| {
            Failure::answers(&p).hint(format!("edit {} and run this again", path.display()))
        })?;
    deliver(&catalog, &sheet, Some(&checked), &req.out)
}
