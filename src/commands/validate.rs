//! `ipt validate [FILE|DIR]... [--templates DIR]`: check worksheet files, the resource files
//! beside them, and templates, and report every problem of every file in one run.
//!
//! Owns: choosing what to check and gathering the results. The checks are `spec`'s (load and
//! `deep`) and `validate_templates`'.

use std::collections::BTreeMap;
use std::path::Path;

use crate::app::Env;
use crate::folders::{RESOURCE_FILES, ToValidate};
use crate::report::{Exit, Failure, count};
use crate::spec::catalog::{Catalog, Origin, load_file};
use crate::spec::deep::{Library, deep_check};
use crate::spec::{Diagnostic, LoadedWorksheet, parse_lenient};

pub(crate) fn run(env: &Env, named: &ToValidate) -> Result<(), Failure> {
    let (catalog, mut problems) =
        Catalog::discover_all(&env.sources).map_err(|d| Failure::definition(&d))?;
    let templates = !env.sources.template_dirs.is_empty();
    if named.is_empty() && !templates {
        return Err(Failure::new(
            Exit::Usage,
            "name the worksheet files or folders to check, or --templates DIR",
        )
        .hint("e.g. `ipt validate my-worksheet.toml`, `ipt validate my-worksheets/` or `ipt validate --templates my-templates/`"));
    }
    let (files, resources) = (&named.worksheets, &named.resources);
    let mut warnings = Vec::new();
    // Every file, broken or not (repaired where a value was wrong or missing): its expressions
    // are still run, and other files may `use` it.
    let mut loaded: Vec<(LoadedWorksheet, bool)> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = match crate::input::read_text(file) {
            Ok(t) => t,
            Err(_) => {
                problems.extend(
                    load_file(file, Origin::File(file.clone()), &catalog.resources)
                        .result
                        .err()
                        .unwrap_or_default(),
                );
                continue;
            }
        };
        let (spec, found) = parse_lenient(&shown, &text, &catalog.resources);
        let broken = found.iter().any(|d| !d.warning);
        let (w, p): (Vec<Diagnostic>, Vec<Diagnostic>) = found.into_iter().partition(|d| d.warning);
        warnings.extend(w);
        problems.extend(p);
        if let Some(spec) = spec {
            loaded.push((
                LoadedWorksheet {
                    spec,
                    file: shown,
                    digest: String::new(),
                    text,
                    warnings: Vec::new(),
                },
                broken,
            ));
        }
    }
    for path in resources {
        for d in check_resource(path) {
            if d.warning {
                warnings.push(d);
            } else {
                problems.push(d);
            }
        }
    }
    problems.extend(check_resource_links(resources));
    // A resources folder also given with --worksheets was checked when the catalog was read.
    let mut seen = std::collections::BTreeSet::new();
    problems.retain(|d| seen.insert((d.file.clone(), d.position, d.message.clone())));
    // Every worksheet known, those checked here first: `uses` may name one checked alongside.
    let entries = catalog.entries();
    let mut known: BTreeMap<String, &crate::spec::Worksheet> = BTreeMap::new();
    for e in &entries {
        if let Ok(w) = &e.result {
            known.entry(w.id().to_string()).or_insert(&w.spec);
        }
    }
    for (w, _) in &loaded {
        known.insert(w.id().to_string(), &w.spec);
    }
    let lib = Library {
        worksheets: known,
        resources: &catalog.resources,
    };
    let mut passed = String::new();
    for (sheet, broken) in &loaded {
        let mut found = deep_check(&sheet.file, &sheet.text, &sheet.spec, &lib);
        // Where a line already has a problem, what running it shows adds nothing.
        found.retain(|d| {
            !problems
                .iter()
                .any(|p| p.file == d.file && p.position == d.position)
        });
        if found.is_empty() && !broken {
            passed.push_str(&format!(
                "ok: {} ({} {})\n",
                sheet.file,
                sheet.id(),
                sheet.spec.version
            ));
        }
        problems.extend(found);
    }
    for path in resources {
        if !problems
            .iter()
            .any(|d| d.file == path.display().to_string())
        {
            passed.push_str(&format!("ok: {} (resources)\n", path.display()));
        }
    }
    let checked_templates = if templates {
        let found = super::validate_templates::check(&catalog, &lib, &mut passed);
        problems.extend(found.problems);
        found.files
    } else {
        0
    };
    crate::stdout::text(&passed)?;
    for w in &warnings {
        crate::report::say(&w.to_string());
    }
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
        count(files.len() + resources.len() + checked_templates, "file")
    );
    Err(failure.hint("docs/worksheet-format.md describes every key, docs/resources.md the resource files, templates/README.md the templates"))
}

/// What ties the plan data to the problem areas (each strategy's technique and worksheet), for
/// every folder whose `plan.toml` or `problem-areas.toml` is checked, the other one being the
/// folder's or else the built-in one. Only when both files read: their own problems come first.
fn check_resource_links(resources: &[std::path::PathBuf]) -> Vec<Diagnostic> {
    use crate::spec::plan_data::{Source, check_links, parse_plan};
    use crate::spec::resources::parse_problem_areas;
    let folders: std::collections::BTreeSet<&Path> = resources
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n == "plan.toml" || n == "problem-areas.toml")
        })
        .filter_map(|p| p.parent())
        .collect();
    let mut out = Vec::new();
    for dir in folders {
        let read = |name: &str| {
            let path = dir.join(name);
            match crate::input::read_text(&path) {
                Ok(text) => (path.display().to_string(), text),
                Err(_) => (
                    format!("built-in:resources/{name}"),
                    crate::assets::get(crate::assets::RESOURCES, name)
                        .unwrap_or_default()
                        .to_string(),
                ),
            }
        };
        let (plan_file, plan_text) = read("plan.toml");
        let (areas_file, areas_text) = read("problem-areas.toml");
        if let (Ok(plan), Ok(areas)) = (
            parse_plan(&plan_file, &plan_text),
            parse_problem_areas(&areas_file, &areas_text),
        ) {
            out.extend(check_links(
                Source {
                    file: &plan_file,
                    text: &plan_text,
                },
                &plan,
                Source {
                    file: &areas_file,
                    text: &areas_text,
                },
                &areas,
            ));
        }
    }
    out
}

/// The problems of one resource file, named by its path.
fn check_resource(path: &Path) -> Vec<Diagnostic> {
    use crate::spec::{measures_data, plan_data, resources};
    let file = path.display().to_string();
    let text = match crate::input::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            return vec![Diagnostic {
                file,
                position: None,
                message: format!("cannot read the file: {e}"),
                hint: None,
                warning: false,
            }];
        }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let found = match name.as_deref() {
        Some("safety.toml") => resources::parse_safety(&file, &text).err(),
        Some("problem-areas.toml") => resources::parse_problem_areas(&file, &text).err(),
        Some("plan.toml") => plan_data::parse_plan(&file, &text).err(),
        Some("measures.toml") => measures_data::parse_measures(&file, &text).err(),
        _ => Some(Diagnostic {
            file: file.clone(),
            position: None,
            message: "this is not a resource file ipt reads".into(),
            hint: Some(format!(
                "a resources folder holds {}",
                RESOURCE_FILES.join(", ")
            )),
            warning: true,
        }),
    };
    found.into_iter().collect()
}
