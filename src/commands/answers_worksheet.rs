//! Which worksheet saved answers are read with, when the command line does not say (`ipt render
//! ANSWERS`, `ipt export fhir-response`, a case's answers): the file stored in the answers'
//! `meta.worksheet_file` if it may be followed, else the worksheet with the answers' id.
//!
//! Owns: that choice and its messages. Whether a stored path may be followed is
//! `answers::worksheet_file`'s rule; reading the worksheet is the catalog's.

use std::path::{Path, PathBuf};

use crate::answers::file::AnswersFile;
use crate::answers::worksheet_file::{self, NotFollowed};
use crate::report::{Exit, Failure};
use crate::spec::catalog::LookupError;
use crate::spec::{Catalog, LoadedWorksheet};

/// How the person can name the worksheet: `--worksheet FILE` where the command has it, and
/// `--worksheets DIR` everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    FileOrFolder,
    Folder,
}

/// The worksheet the answers in `file` (read from `path`) were made with. `case` is the case
/// folder this run works in, whose worksheets are trusted as the user's own.
pub fn find(
    catalog: &Catalog,
    path: &Path,
    file: &AnswersFile,
    case: Option<&Path>,
    naming: Naming,
) -> Result<LoadedWorksheet, Failure> {
    let id = &file.meta.worksheet;
    let not_followed = match &file.meta.worksheet_file {
        Some(stored) => match worksheet_file::follow(path, stored, &trusted(catalog, case)) {
            Ok(found) => return Ok(catalog.load(&found)?),
            Err(why) => Some(why),
        },
        None => None,
    };
    match catalog.find(id) {
        Ok(sheet) => {
            if let Some(NotFollowed::Outside(stored)) = &not_followed {
                let how = match naming {
                    Naming::FileOrFolder => format!("--worksheet {}", stored.display()),
                    Naming::Folder => "--worksheets DIR".to_string(),
                };
                crate::report::note(&format!(
                    "{} names the worksheet file {}, which is outside its folder and your worksheet folders, so it was not read; worksheet `{id}` was used instead (pass {how} to use that file)",
                    path.display(),
                    stored.display(),
                ));
            }
            Ok(sheet)
        }
        Err(LookupError::NotFound { .. }) => {
            Err(not_found(path, id, not_followed.as_ref(), naming))
        }
        Err(e) => Err(e.into()),
    }
}

/// Folders whose worksheets a stored path may lead into, besides the answers file's own.
fn trusted(catalog: &Catalog, case: Option<&Path>) -> Vec<PathBuf> {
    catalog
        .worksheet_dirs()
        .iter()
        .cloned()
        .chain(case.map(Path::to_path_buf))
        .collect()
}

/// The worksheet of saved answers cannot be had: say which, why, and how to name it (exit 2, as
/// for any unknown worksheet).
fn not_found(path: &Path, id: &str, not_followed: Option<&NotFollowed>, naming: Naming) -> Failure {
    let why = match not_followed {
        Some(NotFollowed::Outside(stored)) => format!(
            ": it is neither built in nor in your worksheet folders, and the file the answers name, {}, is outside the answers file's folder and your worksheet folders, so it is not read",
            stored.display()
        ),
        Some(NotFollowed::Missing(stored)) => format!(
            ": it is neither built in nor in your worksheet folders, and the file the answers name, {}, is not there (or is not a .toml file)",
            stored.display()
        ),
        None => ": it is neither built in nor in your worksheet folders".to_string(),
    };
    Failure::new(
        Exit::Usage,
        format!(
            "no worksheet `{id}` for the answers in {}{why}",
            path.display()
        ),
    )
    .hint(match naming {
        Naming::FileOrFolder => "name the worksheet file with --worksheet FILE, or the folder holding it with --worksheets DIR",
        Naming::Folder => "name the folder holding the worksheet with --worksheets DIR",
    })
}
