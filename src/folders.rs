//! The folders named on the command line, listed: the answers files of a folder (`ipt render
//! DIR --out-dir`, `ipt pack`), and the worksheets and resource files of a worksheet folder
//! (`ipt validate DIR`). `app` lists them once while it resolves the command line, so commands
//! receive files and never scan folders themselves.
//!
//! Owns: reading folder listings. Must not read what the files hold.

use std::path::{Path, PathBuf};

use crate::report::{Exit, Failure};

/// The resource files a `resources/` folder may hold.
pub(crate) const RESOURCE_FILES: &[&str] = &[
    "safety.toml",
    "problem-areas.toml",
    "plan.toml",
    "measures.toml",
];

/// What `ipt validate` was asked to check, folders listed.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct ToValidate {
    pub worksheets: Vec<PathBuf>,
    pub resources: Vec<PathBuf>,
}

impl ToValidate {
    pub(crate) fn is_empty(&self) -> bool {
        self.worksheets.is_empty() && self.resources.is_empty()
    }
}

/// Answers files named on the command line, folders listed: every `.toml` file directly in a
/// folder, by name, but hidden ones and a case folder's `case.toml`. Also whether any was a
/// folder. A folder that cannot be listed stays in the list, to fail with its reason.
pub(crate) fn answers_files(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut folders = false;
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        folders = true;
        let Ok(read) = std::fs::read_dir(path) else {
            files.push(path.clone());
            continue;
        };
        let mut found: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                p.is_file()
                    && name.ends_with(".toml")
                    && !name.starts_with('.')
                    && name != "case.toml"
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    (files, folders)
}

/// The worksheet files and resource files named: folders are read for `*.toml` worksheets and
/// their `resources/` subfolder; a file in a folder named `resources` is a resource file.
pub(crate) fn to_validate(paths: &[PathBuf]) -> Result<ToValidate, Failure> {
    let mut files = Vec::new();
    let mut resources = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = tomls(path)?;
            let here = path.join("resources");
            let data: Vec<PathBuf> = if here.is_dir() {
                tomls(&here)?
            } else {
                Vec::new()
            };
            if found.is_empty() && data.is_empty() {
                return Err(Failure::new(
                    Exit::Usage,
                    format!("{} holds no worksheets (*.toml files)", path.display()),
                )
                .hint("name the folder that holds your worksheet files, or the files themselves"));
            }
            files.extend(found);
            resources.extend(data);
        } else if path.is_file() {
            if is_resource(path) {
                resources.push(path.clone());
            } else {
                files.push(path.clone());
            }
        } else {
            return Err(Failure::new(
                Exit::Usage,
                format!("{} does not exist", path.display()),
            ));
        }
    }
    Ok(ToValidate {
        worksheets: files,
        resources,
    })
}

fn tomls(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            Failure::new(
                Exit::Runtime,
                format!("cannot read folder {}: {e}", dir.display()),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    found.sort();
    Ok(found)
}

fn is_resource(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d == "resources")
        && path
            .file_name()
            .is_some_and(|n| RESOURCE_FILES.iter().any(|r| n == *r))
}
