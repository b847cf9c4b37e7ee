//! `ipt validate FILE...`: check worksheet files and report every problem.

use std::path::{Path, PathBuf};

use crate::app::Env;
use crate::report::{Exit, Failure, count};
use crate::spec::catalog::{Origin, load_file};

pub fn run(env: &Env, paths: &[PathBuf]) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| {
                    Failure::new(
                        Exit::Runtime,
                        format!("cannot read folder {}: {e}", path.display()),
                    )
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Failure::new(
                Exit::Runtime,
                format!("{} does not exist", path.display()),
            ));
        }
    }
    let mut problems = Vec::new();
    let mut passed = String::new();
    for file in &files {
        match load_file(
            Path::new(file),
            Origin::File(file.clone()),
            &catalog.resources,
        )
        .result
        {
            Ok(sheet) => passed.push_str(&format!(
                "ok: {} ({} {})\n",
                file.display(),
                sheet.id(),
                sheet.spec.version
            )),
            Err(diags) => problems.extend(diags),
        }
    }
    crate::stdout::text(&passed)?;
    if problems.is_empty() {
        return Ok(());
    }
    let bad_files = problems
        .iter()
        .map(|d| d.file.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut failure = Failure::definition(&problems);
    failure.message = format!(
        "{} in {} of {}",
        count(problems.len(), "problem"),
        count(bad_files, "file"),
        count(files.len(), "file")
    );
    Err(failure.hint("docs/worksheet-format.md describes every key"))
}
