//! What expressions see besides a worksheet's own answers: the saved answers of other worksheets
//! it `uses` (the people of an inventory, say: from `--with FILE`, alias `--inventory`, else the
//! newest matching answers file in the current folder, else empty), and the global data
//! `problem_areas` and `plan_variants` (as `{ value, label }` tables for `choices_from`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::read_answers;
use crate::answers::{self, Mode, RawAnswers};
use crate::jinja::Data;
use crate::report::{self, Exit, Failure};
use crate::spec::{Catalog, LoadedWorksheet, Worksheet};

const DRAFT: Mode = Mode {
    apply_defaults: false,
    require_complete: false,
};

/// The data of every worksheet `sheet` uses and the global data, keyed by name in expressions.
pub fn expression_data(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    with: &[PathBuf],
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
    let option = |value: &str, label: &str| {
        Data::map([("value", Data::from(value)), ("label", Data::from(label))])
    };
    let mut out = BTreeMap::from([
        (
            "problem_areas".to_string(),
            Data::List(
                catalog
                    .resources
                    .problem_areas
                    .iter()
                    .map(|a| option(&a.id, &a.name))
                    .collect(),
            ),
        ),
        (
            "plan_variants".to_string(),
            Data::List(
                catalog
                    .resources
                    .plan
                    .variants
                    .iter()
                    .map(|v| option(&v.id, &v.name))
                    .collect(),
            ),
        ),
    ]);
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
            None => match find_in_folder(Path::new("."), id) {
                Some((path, raw)) => {
                    eprintln!(
                        "note: using your saved `{id}` answers from {}",
                        path.display()
                    );
                    (Some(path), raw)
                }
                None => (None, RawAnswers::default()),
            },
        };
        let checked = answers::check(&other.spec, &raw, DRAFT).map_err(|p| {
            let where_ = path.as_ref().map_or_else(String::new, |p| format!(" in {}", p.display()));
            Failure::answers(&p).hint(format!("these are the saved `{id}` answers{where_}; fix them, or pass another file with --with FILE"))
        })?;
        out.insert(Worksheet::use_name(id), checked.data);
    }
    Ok(out)
}

/// The most recently changed answers file for worksheet `id` directly in `dir`.
fn find_in_folder(dir: &Path, id: &str) -> Option<(PathBuf, RawAnswers)> {
    let mut found: Vec<(std::time::SystemTime, PathBuf, RawAnswers)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let text = crate::input::read_text(&p).ok()?;
            if !text.contains("[meta]") {
                return None;
            }
            let file = crate::answers::file::parse(&p.display().to_string(), &text).ok()?;
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            (file.meta.worksheet == id).then_some((modified, p, file.answers))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().next().map(|(_, p, raw)| (p, raw))
}
