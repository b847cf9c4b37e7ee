//! What expressions see besides a worksheet's own answers: the saved answers of other worksheets
//! it `uses` (the people of an inventory, say: from `--with FILE`, alias `--inventory`; in a case
//! folder, else the case's newest completed answers of that worksheet, never a draft; outside a
//! case nothing else is looked for), and the global data `problem_areas` and `plan_variants` (as
//! `{ value, label }` tables for `choices_from`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::read_answers;
use crate::answers::{self, Mode, RawAnswers};
use crate::case::Case;
use crate::jinja::Data;
use crate::report::{self, Exit, Failure};
use crate::spec::{Catalog, LoadedWorksheet, Worksheet};

/// The data of every worksheet `sheet` uses and the global data, keyed by name in expressions.
pub fn expression_data(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    with: &[PathBuf],
    case: Option<&Case>,
) -> Result<BTreeMap<String, Data>, Failure> {
    expression_data_in(catalog, sheet, with, case, None)
}

/// [`expression_data`], with the session of a case (`case`) when there is one.
pub fn expression_data_in(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    with: &[PathBuf],
    case: Option<&Case>,
    course: Option<Data>,
) -> Result<BTreeMap<String, Data>, Failure> {
    let mut given: BTreeMap<String, (PathBuf, RawAnswers)> = BTreeMap::new();
    for path in with {
        let file = read_answers(path)?;
        if !sheet
            .spec
            .uses
            .iter()
            .any(|u| u.get_ref() == &file.meta.worksheet)
        {
            report::warn(&format!(
                "{} holds answers to `{}`, which worksheet `{}` does not use; it was ignored",
                path.display(),
                file.meta.worksheet,
                sheet.id()
            ));
            continue;
        }
        given.insert(file.meta.worksheet.clone(), (path.clone(), file.answers));
    }
    let mut out = catalog.resources.expression_globals();
    out.insert(
        crate::answers::gate::CASE.to_string(),
        course.unwrap_or(Data::Null),
    );
    for used in &sheet.spec.uses {
        let id = used.get_ref();
        let other = catalog.find(id).map_err(|_| {
            Failure::new(
                Exit::Definition,
                format!(
                    "worksheet `{}` uses `{id}`, which is not a known worksheet",
                    sheet.id()
                ),
            )
            .hint("`ipt list` shows every worksheet")
        })?;
        let (path, raw) = match given.remove(id) {
            Some(found) => (Some(found.0), found.1),
            None => match case.and_then(|c| c.newest_complete(id)) {
                Some(found) => (Some(found.path), found.file.answers),
                None => (None, RawAnswers::default()),
            },
        };
        let checked = answers::check(&other.spec, &raw, Mode::DRAFT).map_err(|p| {
            let where_ = path.as_ref().map_or_else(String::new, |p| format!(" in {}", p.display()));
            Failure::answers(&p).hint(format!("these are the saved `{id}` answers{where_}; fix them, or pass another file with --with FILE"))
        })?;
        out.insert(Worksheet::use_name(id), checked.data);
    }
    Ok(out)
}
