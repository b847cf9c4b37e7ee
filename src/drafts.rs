//! Answers files that an interview is writing: which run owns one, which are unfinished, and the
//! name of a new one.
//!
//! Owns: the lock that makes one run the only writer of an answers file (a hidden lock file
//! beside it, held with an OS file lock for as long as the run lasts, so a crash never leaves a
//! stale claim), the names of new answers files (`<id>-answers.toml`, `<id>-answers-2.toml`, …,
//! or by session in a case), and finding the unfinished ones of a worksheet. Must not prompt, check answers or write answers:
//! the interview asks, `output` writes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::answers::file::{self, AnswersFile};

/// This run's claim on an answers file; released (and its lock file removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: File,
}

/// Why an answers file could not be claimed.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it (its process id, when it could be read).
    Busy(Option<u32>),
    Io(io::Error),
}

/// The lock file of an answers file: `.NAME.lock` in the same folder.
fn lock_path(answers: &Path) -> PathBuf {
    let name = answers
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    answers.with_file_name(format!(".{name}.lock"))
}

/// Claims `answers` for this run. Fails with `Busy` at once if another run holds it.
pub fn lock(answers: &Path) -> Result<Lock, LockError> {
    let path = lock_path(answers);
    // A run that ends removes its lock file; if that happens between our open and our lock,
    // we hold a lock on a file no longer in the folder, so try again on the new one.
    for _ in 0..20 {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Busy(text.trim().parse().ok()));
            }
            Err(fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        if !same_file(&path, &file) {
            continue;
        }
        file.set_len(0).map_err(LockError::Io)?;
        write!(file, "{}", std::process::id()).map_err(LockError::Io)?;
        return Ok(Lock { path, file });
    }
    Err(LockError::Busy(None))
}

#[cfg(unix)]
fn same_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(path: &Path, _file: &File) -> bool {
    path.exists()
}

impl Lock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the name first, while still holding the lock, so no one locks a dying file.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether another run holds `answers` right now.
fn busy(answers: &Path) -> bool {
    let Ok(file) = File::open(lock_path(answers)) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(_) => true,
    }
}

/// An unfinished answers file of one worksheet.
#[derive(Debug)]
pub struct Draft {
    pub path: PathBuf,
    pub modified: SystemTime,
    pub file: AnswersFile,
    /// Another run is filling it in now.
    pub busy: bool,
}

/// Where new answers files of one worksheet go and how they are named: `STEM.toml`, then
/// `STEM-2.toml`, `STEM-3.toml` … in `dir`. Outside a case the stem is `<id>-answers` in the
/// current folder; in a case it is `<session>-<id>` (`05-checkin`) in its `sessions` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub dir: PathBuf,
    pub stem: String,
}

impl Names {
    /// `<id>-answers.toml` … in `dir`.
    pub fn loose(dir: &Path, id: &str) -> Names {
        Names {
            dir: dir.to_path_buf(),
            stem: format!("{id}-answers"),
        }
    }

    /// The `n`-th name (from 1).
    fn numbered(&self, n: usize) -> PathBuf {
        if n <= 1 {
            self.dir.join(format!("{}.toml", self.stem))
        } else {
            self.dir.join(format!("{}-{n}.toml", self.stem))
        }
    }

    /// Whether `name` is one of these names.
    fn matches(&self, name: &str) -> bool {
        let Some(rest) = name.strip_prefix(self.stem.as_str()) else {
            return false;
        };
        rest == ".toml"
            || rest
                .strip_prefix('-')
                .and_then(|r| r.strip_suffix(".toml"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// The unfinished answers files of worksheet `id` under `names`, newest first. Files that cannot
/// be read or parsed are passed over: they are not ours to judge here.
pub fn unfinished(names: &Names, id: &str) -> Vec<Draft> {
    let Ok(entries) = fs::read_dir(&names.dir) else {
        return Vec::new();
    };
    let mut found: Vec<Draft> = entries
        .filter_map(|e| e.ok())
        .filter(|e| names.matches(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            let path = e.path();
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            let text = fs::read_to_string(&path).ok()?;
            let file = file::parse(&path.display().to_string(), &text).ok()?;
            let open = file.meta.worksheet == id && file.meta.status.as_deref() != Some("complete");
            open.then(|| Draft {
                busy: busy(&path),
                modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                path,
                file,
            })
        })
        .collect();
    found.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.path.cmp(&b.path)));
    found
}

/// Claims the first free name for a new answers file: no file by that name and no run holding
/// it. The file itself is written with the first answer.
pub fn reserve(names: &Names) -> io::Result<(PathBuf, Lock)> {
    for n in 1..10_000 {
        let path = names.numbered(n);
        if fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match lock(&path) {
            // Written between our look and our lock by someone who has since stopped.
            Ok(_) if fs::symlink_metadata(&path).is_ok() => continue,
            Ok(lock) => return Ok((path, lock)),
            Err(LockError::Busy(_)) => continue,
            Err(LockError::Io(e)) => return Err(e),
        }
    }
    Err(io::Error::other(
        "there are too many answers files of this worksheet in the folder",
    ))
}

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago": when a draft last changed.
pub fn ago(then: SystemTime, now: SystemTime) -> String {
    let secs = now.duration_since(then).map_or(0, |d| d.as_secs());
    let (n, unit) = match secs {
        0..60 => return "just now".into(),
        60..3_600 => (secs / 60, "minute"),
        3_600..86_400 => (secs / 3_600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_second_run_cannot_claim_a_file_the_first_one_holds() {
        let dir = tempfile::tempdir().unwrap();
        let answers = dir.path().join("inventory-answers.toml");
        let first = lock(&answers).unwrap();
        assert!(busy(&answers));
        match lock(&answers) {
            Err(LockError::Busy(pid)) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("the second claim was not refused: {other:?}"),
        }
        drop(first);
        assert!(!busy(&answers));
        assert!(
            !lock_path(&answers).exists(),
            "the lock file is removed at the end"
        );
        assert!(lock(&answers).is_ok());
    }

    #[test]
    fn a_new_name_skips_files_that_exist_and_names_another_run_holds() {
        let dir = tempfile::tempdir().unwrap();
        let names = Names::loose(dir.path(), "grief");
        let (first, held) = reserve(&names).unwrap();
        assert!(first.ends_with("grief-answers.toml"));
        let (second, _held2) = reserve(&names).unwrap();
        assert!(second.ends_with("grief-answers-2.toml"));
        drop(held);
        fs::write(&first, "[meta]\nworksheet = \"grief\"\n").unwrap();
        let (third, _) = reserve(&names).unwrap();
        assert!(third.ends_with("grief-answers-3.toml"), "{third:?}");
    }

    #[test]
    fn unfinished_files_of_the_worksheet_are_found_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
        write(
            "grief-answers.toml",
            "[meta]\nworksheet = \"grief\"\nstatus = \"in-progress\"\n",
        );
        write(
            "grief-answers-2.toml",
            "[meta]\nworksheet = \"grief\"\nstatus = \"complete\"\n",
        );
        write("grief-answers-x.toml", "[meta]\nworksheet = \"grief\"\n");
        write(
            "inventory-answers.toml",
            "[meta]\nworksheet = \"inventory\"\n",
        );
        write("grief-answers-3.toml", "not toml [");
        let older = SystemTime::now() - Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(dir.path().join("grief-answers.toml"))
            .unwrap()
            .set_modified(older)
            .unwrap();
        write("grief-answers-4.toml", "[meta]\nworksheet = \"grief\"\n");
        let found: Vec<String> = unfinished(&Names::loose(dir.path(), "grief"), "grief")
            .iter()
            .map(|d| d.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["grief-answers-4.toml", "grief-answers.toml"]);
    }

    #[test]
    fn how_long_ago_reads_naturally() {
        let now = SystemTime::now();
        let ago_s = |s: u64| ago(now - Duration::from_secs(s), now);
        assert_eq!(ago_s(5), "just now");
        assert_eq!(ago_s(60), "1 minute ago");
        assert_eq!(ago_s(7_300), "2 hours ago");
        assert_eq!(ago_s(3 * 86_400), "3 days ago");
    }
}
