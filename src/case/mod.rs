//! A client's case folder: the course as the unit of work.
//!
//! ```text
//! client-ar/            the case (mode 0700)
//!   case.toml           client label, country, paper, type size, moved sessions
//!   plan.toml           the plan's answers (the `plan` worksheet)
//!   sessions/           every worksheet's answers, by session: 05-checkin.toml, 05-phq9.toml
//! ```
//!
//! Owns: finding the case (`--case`, `IPT_CASE`, the current folder or a parent), reading and
//! writing `case.toml`, the answers files of the case (named by session and worksheet, listed,
//! and which answers another worksheet may `use`), and session arithmetic against the plan
//! (`course`). Spec, document and renderers stay unaware of cases: a case only decides which
//! answers go into the pipeline and where they are kept. Must not prompt or render.

pub mod course;
pub mod file;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::answers::file::{self as answers_file, AnswersFile};
use crate::drafts::Names;

pub use file::{CaseError, CaseFile, Move};

/// The file that makes a folder a case.
pub const CASE_FILE: &str = "case.toml";
/// The plan's answers in a case.
pub const PLAN_FILE: &str = "plan.toml";
/// The folder of session answers in a case.
pub const SESSIONS: &str = "sessions";

/// A case folder and its settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub dir: PathBuf,
    pub file: CaseFile,
}

/// Why a case could not be used.
#[derive(Debug)]
pub enum CaseProblem {
    /// `--case DIR` or `IPT_CASE` names a folder without `case.toml`.
    NotACase(PathBuf),
    Unreadable(PathBuf, std::io::Error),
    Invalid(PathBuf, CaseError),
}

/// The case folder to work in: the one named (`--case`, then `IPT_CASE`), else the nearest of
/// `cwd` and its parents that holds `case.toml`. `Ok(None)` outside any case.
pub fn find(named: Option<&Path>, cwd: &Path) -> Result<Option<PathBuf>, CaseProblem> {
    if let Some(dir) = named {
        return if dir.join(CASE_FILE).is_file() {
            Ok(Some(dir.to_path_buf()))
        } else {
            Err(CaseProblem::NotACase(dir.to_path_buf()))
        };
    }
    Ok(cwd
        .ancestors()
        .find(|d| d.join(CASE_FILE).is_file())
        .map(Path::to_path_buf))
}

/// Reads the case in `dir`.
pub fn load(dir: &Path) -> Result<Case, CaseProblem> {
    let path = dir.join(CASE_FILE);
    let text = fs::read_to_string(&path).map_err(|e| CaseProblem::Unreadable(path.clone(), e))?;
    let file = file::parse(&text).map_err(|e| CaseProblem::Invalid(path, e))?;
    Ok(Case {
        dir: dir.to_path_buf(),
        file,
    })
}

/// One answers file kept in a case.
#[derive(Debug, Clone)]
pub struct SessionFile {
    pub path: PathBuf,
    /// The session it belongs to (from its meta).
    pub session: Option<usize>,
    pub file: AnswersFile,
    pub modified: SystemTime,
}

impl SessionFile {
    pub fn complete(&self) -> bool {
        self.file.meta.status.as_deref() == Some("complete")
    }
}

impl Case {
    pub fn plan_path(&self) -> PathBuf {
        self.dir.join(PLAN_FILE)
    }

    /// The plan is for IPT for adolescents (its `course.variant`), so crisis blocks add youth
    /// lines.
    pub fn young(&self) -> bool {
        fs::read_to_string(self.plan_path())
            .ok()
            .and_then(|text| answers_file::parse("plan.toml", &text).ok())
            .and_then(|f| {
                let slot = crate::answers::Slot {
                    section: "course".into(),
                    entry: None,
                    field: "variant".into(),
                };
                match &f.answers.get(&slot)?.input {
                    crate::answers::RawInput::Toml(toml::Value::String(v))
                    | crate::answers::RawInput::Text(v) => Some(v == "adolescent"),
                    _ => None,
                }
            })
            .unwrap_or(false)
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.dir.join(SESSIONS)
    }

    /// The file in `sessions/` that holds exactly `text`, if one does: the same answers were
    /// kept before. Files are read within the usual size bound.
    pub fn holding(&self, text: &str) -> Option<PathBuf> {
        fs::read_dir(self.sessions_dir())
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .find(|p| crate::input::read_text(p).is_ok_and(|t| t == text))
    }

    /// Where answers of worksheet `id` for session `n` go: `sessions/05-checkin.toml`, …
    pub fn names(&self, session: usize, id: &str) -> Names {
        Names {
            dir: self.sessions_dir(),
            stem: format!("{session:02}-{id}"),
        }
    }

    /// Every answers file in `sessions/` that can be read, in session order. Files that do not
    /// parse are left out here; `ipt status` names them.
    pub fn answers(&self) -> (Vec<SessionFile>, Vec<PathBuf>) {
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        let Ok(entries) = fs::read_dir(self.sessions_dir()) else {
            return (found, unreadable);
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "toml")
                || !entry.metadata().is_ok_and(|m| m.is_file())
            {
                continue;
            }
            let parsed = fs::read_to_string(&path)
                .ok()
                .and_then(|text| answers_file::parse(&path.display().to_string(), &text).ok());
            match parsed {
                Some(file) => found.push(SessionFile {
                    session: file.meta.session,
                    modified: entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .unwrap_or(SystemTime::UNIX_EPOCH),
                    path,
                    file,
                }),
                None => unreadable.push(path),
            }
        }
        found.sort_by(|a, b| {
            (a.session, &a.file.meta.date, &a.path).cmp(&(b.session, &b.file.meta.date, &b.path))
        });
        unreadable.sort();
        (found, unreadable)
    }

    /// The answers another worksheet may use: the newest completed file of worksheet `id` in this
    /// case (latest session first, then the most recently changed), never a draft.
    pub fn newest_complete(&self, id: &str) -> Option<SessionFile> {
        self.answers()
            .0
            .into_iter()
            .filter(|f| f.file.meta.worksheet == id && f.complete())
            .max_by(|a, b| (a.session, a.modified).cmp(&(b.session, b.modified)))
    }
}

/// Creates the case folder (owner-only) with its `sessions` folder, if they do not exist.
pub fn make_folders(dir: &Path) -> std::io::Result<()> {
    for d in [dir.to_path_buf(), dir.join(SESSIONS)] {
        match fs::create_dir(&d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => continue,
            Err(e) => return Err(e),
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&d, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_case_above_the_current_folder_is_found() {
        let root = tempfile::tempdir().unwrap();
        let case = root.path().join("client");
        make_folders(&case).unwrap();
        fs::write(
            case.join(CASE_FILE),
            "[case]\nformat = 1\nclient = \"AR\"\n",
        )
        .unwrap();
        let deep = case.join("sessions");
        assert_eq!(find(None, &deep).unwrap(), Some(case.clone()));
        assert_eq!(find(None, root.path()).unwrap(), None);
        assert!(matches!(
            find(Some(root.path()), &deep),
            Err(CaseProblem::NotACase(_))
        ));
        assert_eq!(load(&case).unwrap().file.client, "AR");
    }

    #[test]
    fn used_answers_are_the_newest_complete_ones_of_the_case() {
        let root = tempfile::tempdir().unwrap();
        make_folders(root.path()).unwrap();
        let case = Case {
            dir: root.path().to_path_buf(),
            file: file::parse("[case]\nformat = 1\nclient = \"AR\"\n").unwrap(),
        };
        let write = |name: &str, session: usize, status: &str| {
            fs::write(
                case.sessions_dir().join(name),
                format!(
                    "[meta]\nworksheet = \"inventory\"\nstatus = \"{status}\"\nsession = {session}\n"
                ),
            )
            .unwrap();
        };
        write("01-inventory.toml", 1, "complete");
        write("02-inventory.toml", 2, "complete");
        write("03-inventory.toml", 3, "in-progress");
        let used = case.newest_complete("inventory").unwrap();
        assert!(used.path.ends_with("02-inventory.toml"), "{:?}", used.path);
        assert!(case.newest_complete("grief").is_none());
    }
}
