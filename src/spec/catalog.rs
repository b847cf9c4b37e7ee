//! Discovery: built-in worksheets, resources and templates, overridden by the user's folders.
//!
//! Owns: reading worksheet, resource and template files from disk (the only spec code that does),
//! precedence (`--worksheets` dirs, then the config folder, then built-ins; first id wins), and
//! looking a worksheet up by id or path. Must not write anything.

use std::fs;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, did_you_mean};
use super::load::{LoadedWorksheet, parse_worksheet};
use super::resources::{Resources, parse_problem_areas, parse_safety};
use crate::assets;

/// Where a worksheet comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A folder given with `--worksheets`.
    Folder(PathBuf),
    /// The user's config folder.
    Config(PathBuf),
    /// A file named on the command line.
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::Folder(p) => write!(f, "{}", p.display()),
            Origin::Config(p) => write!(f, "config: {}", p.display()),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Folders to look in, highest precedence first.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub worksheet_dirs: Vec<PathBuf>,
    pub template_dirs: Vec<PathBuf>,
    /// `$XDG_CONFIG_HOME/ipt` (or `~/.config/ipt`), if known.
    pub config_dir: Option<PathBuf>,
    /// Whose crisis contacts to print (ISO 3166 code), if known.
    pub country: Option<String>,
}

/// One worksheet file found, loaded or not.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// The id it declares, or its file stem if it does not load.
    pub id: String,
    pub result: Result<LoadedWorksheet, Vec<Diagnostic>>,
    /// A worksheet earlier in precedence has the same id.
    pub shadowed: bool,
}

/// Every worksheet, resource and template folder known to this run.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The user's worksheets (built-in ones are loaded when asked for).
    entries: Vec<Entry>,
    pub resources: Resources,
    template_dirs: Vec<PathBuf>,
    /// The user's worksheet folders (`--worksheets`, then the config folder's).
    worksheet_dirs: Vec<PathBuf>,
}

/// Why a worksheet could not be had.
#[derive(Debug)]
pub enum LookupError {
    NotFound {
        wanted: String,
        suggestion: Option<String>,
    },
    Invalid(Vec<Diagnostic>),
}

impl Sources {
    fn worksheet_folders(&self) -> Vec<(PathBuf, Origin)> {
        let mut dirs: Vec<(PathBuf, Origin)> = self
            .worksheet_dirs
            .iter()
            .map(|d| (d.clone(), Origin::Folder(d.clone())))
            .collect();
        if let Some(c) = &self.config_dir {
            let d = c.join("worksheets");
            dirs.push((d.clone(), Origin::Config(d)));
        }
        dirs
    }
}

impl Catalog {
    /// Finds everything. Fails only when a resource file (disclaimer, problem areas) is broken,
    /// since no document can be made without it; broken worksheets are kept as entries.
    pub fn discover(sources: &Sources) -> Result<Catalog, Vec<Diagnostic>> {
        let (catalog, problems) = Catalog::discover_all(sources)?;
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(problems)
        }
    }

    /// Finds everything, as [`Catalog::discover`]; broken resource files are reported and the
    /// built-in ones used instead, so that `validate` can go on to check every worksheet.
    pub fn discover_all(sources: &Sources) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        let folders = sources.worksheet_folders();
        let (mut resources, problems) = match load_resources(&folders) {
            Ok(r) => (r, Vec::new()),
            Err(problems) => match Resources::built_in() {
                Ok(r) => (r, problems),
                Err(d) => return Err(problems.into_iter().chain([d]).collect()),
            },
        };
        resources.country = sources.country.as_ref().map(|c| c.to_ascii_uppercase());
        let mut entries = Vec::new();
        for (dir, origin) in &folders {
            let Ok(read) = fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .collect();
            files.sort();
            for path in files {
                entries.push(load_file(&path, origin.clone(), &resources));
            }
        }
        for i in 0..entries.len() {
            entries[i].shadowed = entries[..i].iter().any(|e| e.id == entries[i].id);
        }
        let mut template_dirs = sources.template_dirs.clone();
        if let Some(c) = &sources.config_dir {
            template_dirs.push(c.join("templates"));
        }
        Ok((
            Catalog {
                entries,
                resources,
                template_dirs,
                worksheet_dirs: folders.into_iter().map(|(d, _)| d).collect(),
            },
            problems,
        ))
    }

    /// The user's worksheet folders, highest precedence first (they need not exist).
    pub fn worksheet_dirs(&self) -> &[PathBuf] {
        &self.worksheet_dirs
    }

    /// The worksheet in this file (a path already chosen, not an id).
    pub fn load(&self, path: &Path) -> Result<LoadedWorksheet, LookupError> {
        load_file(path, Origin::File(path.to_path_buf()), &self.resources)
            .result
            .map_err(LookupError::Invalid)
    }

    /// The folders templates are read from, highest precedence first.
    pub fn template_dirs(&self) -> &[PathBuf] {
        &self.template_dirs
    }

    /// The worksheet with this id, or in this file.
    pub fn find(&self, wanted: &str) -> Result<LoadedWorksheet, LookupError> {
        let path = Path::new(wanted);
        if wanted.ends_with(".toml")
            || wanted.contains(std::path::MAIN_SEPARATOR)
            || wanted.contains('/')
        {
            if path.is_file() {
                return load_file(path, Origin::File(path.to_path_buf()), &self.resources)
                    .result
                    .map_err(LookupError::Invalid);
            }
            return Err(LookupError::NotFound {
                wanted: wanted.to_string(),
                suggestion: None,
            });
        }
        // The user's worksheets first; then the built-in file named after the id (parsing one
        // file instead of the whole library keeps every command quick); then all of them.
        let found = self
            .entries
            .iter()
            .find(|e| e.id == wanted)
            .cloned()
            .or_else(|| {
                assets::WORKSHEETS
                    .iter()
                    .filter(|(name, _)| stem(Path::new(name)) == wanted)
                    .map(|(name, text)| built_in(name, text, &self.resources))
                    .find(|e| e.id == wanted)
            });
        let found = found.or_else(|| self.entries().into_iter().find(|e| e.id == wanted));
        match found {
            Some(entry) => entry.result.map_err(LookupError::Invalid),
            None => {
                let all = self.entries();
                Err(LookupError::NotFound {
                    wanted: wanted.to_string(),
                    suggestion: did_you_mean(wanted, all.iter().map(|e| e.id.as_str()))
                        .map(str::to_string),
                })
            }
        }
    }

    /// Every worksheet: the user's, then the built-in ones, each loaded and marked `shadowed`
    /// when an earlier one has the same id.
    pub fn entries(&self) -> Vec<Entry> {
        let mut all = self.entries.clone();
        all.extend(
            assets::WORKSHEETS
                .iter()
                .map(|(name, text)| built_in(name, text, &self.resources)),
        );
        for i in 0..all.len() {
            all[i].shadowed = all[..i].iter().any(|e| e.id == all[i].id);
        }
        all
    }

    /// A Markdown template by name: the user's folders first, then the built-in one.
    pub fn template(&self, name: &str) -> Option<String> {
        if !crate::jinja::template_name_ok(name) {
            return None;
        }
        self.template_dirs
            .iter()
            .find_map(|d| {
                let path = confined(d, name)?;
                crate::input::read_text(&path).ok()
            })
            .or_else(|| assets::get(assets::TEMPLATES, name).map(str::to_string))
    }

    /// A loader for the template engine that owns what it needs.
    pub fn template_loader(&self) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let me = Catalog {
            entries: Vec::new(),
            resources: self.resources.clone(),
            template_dirs: self.template_dirs.clone(),
            worksheet_dirs: Vec::new(),
        };
        move |name| me.template(name)
    }
}

/// The `*.j2` files of a template folder and its subfolders, by template name.
pub fn templates_in(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((here, prefix)) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&here) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let Some(file) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            let name = format!("{prefix}{file}");
            let link = path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
            if path.is_dir() && !link && out.len() < 1000 {
                stack.push((path, format!("{name}/")));
            } else if file.ends_with(".j2") {
                out.push((name, path));
            }
        }
    }
    out.sort();
    out
}

/// `dir/name`, if it exists and, with every symbolic link followed, is still inside `dir`: a
/// link out of the template folder is never read.
pub fn confined(dir: &Path, name: &str) -> Option<PathBuf> {
    let root = fs::canonicalize(dir).ok()?;
    let path = fs::canonicalize(dir.join(name)).ok()?;
    path.starts_with(&root).then_some(path)
}

/// Loads one built-in worksheet.
fn built_in(name: &str, text: &str, resources: &Resources) -> Entry {
    let result = parse_worksheet(&format!("built-in:{name}"), text, resources);
    let id = result
        .as_ref()
        .map_or_else(|_| stem(Path::new(name)), |w| w.id().to_string());
    Entry {
        origin: Origin::BuiltIn,
        id,
        result,
        shadowed: false,
    }
}

/// Loads one worksheet file from disk.
pub fn load_file(path: &Path, origin: Origin, resources: &Resources) -> Entry {
    let file = path.display().to_string();
    let result = match crate::input::read_text(path) {
        Ok(text) => parse_worksheet(&file, &text, resources),
        Err(e) => Err(vec![Diagnostic {
            warning: false,
            file: file.clone(),
            position: None,
            message: format!("cannot read the file: {e}"),
            hint: None,
        }]),
    };
    let id = result
        .as_ref()
        .map_or_else(|_| stem(path), |w| w.id().to_string());
    Entry {
        origin,
        id,
        result,
        shadowed: false,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_resources(folders: &[(PathBuf, Origin)]) -> Result<Resources, Vec<Diagnostic>> {
    let read = |name: &str| -> (String, String) {
        for (dir, _) in folders {
            let path = dir.join("resources").join(name);
            if let Ok(text) = crate::input::read_text(&path) {
                return (path.display().to_string(), text);
            }
        }
        (
            format!("built-in:resources/{name}"),
            assets::get(assets::RESOURCES, name)
                .unwrap_or_default()
                .to_string(),
        )
    };
    let (safety_file, safety_text) = read("safety.toml");
    let (areas_file, areas_text) = read("problem-areas.toml");
    let (plan_file, plan_text) = read("plan.toml");
    let safety = parse_safety(&safety_file, &safety_text);
    let areas = parse_problem_areas(&areas_file, &areas_text);
    let plan = super::plan_data::parse_plan(&plan_file, &plan_text);
    let (measures_file, measures_text) = read("measures.toml");
    let measures = super::measures_data::parse_measures(&measures_file, &measures_text);
    match (safety, areas, plan, measures) {
        (Ok(safety), Ok(problem_areas), Ok(plan), Ok(measures)) => {
            let source = |file, text| super::plan_data::Source { file, text };
            let links = super::plan_data::check_links(
                source(&plan_file, &plan_text),
                &plan,
                source(&areas_file, &areas_text),
                &problem_areas,
            );
            if !links.is_empty() {
                return Err(links);
            }
            Ok(Resources {
                safety,
                problem_areas,
                plan,
                measures,
                country: None,
                youth: false,
                language: "en".into(),
            })
        }
        (s, a, p, m) => Err(s
            .err()
            .into_iter()
            .chain(a.err())
            .chain(p.err())
            .chain(m.err())
            .collect()),
    }
}
