//! Temporary files: their names, and cleaning up the ones a killed run left behind.
//!
//! Owns: the naming `.{name}.ipt-{pid}-{n}.tmp`, distinctive enough that nothing else is ever
//! taken for ours, and the rule for "stale": its process is gone (Linux), or it is older than
//! an hour (anywhere). A temporary file can hold a whole clinical document, so one left by
//! `kill -9` or a power cut is removed by the next run that writes in that folder (once per run
//! and folder).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Older than this, a temporary file is stale whatever its process.
const MAX_AGE: Duration = Duration::from_secs(60 * 60);

/// The `n`-th temporary name for `name` in `dir`, for this process.
pub(super) fn temp_name(dir: &Path, name: &str, n: u32) -> PathBuf {
    dir.join(format!(".{name}.ipt-{}-{n}.tmp", std::process::id()))
}

/// The process id in one of our temporary names.
fn pid_of(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".ipt-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// [`clean`], the first time this process writes into `dir` (a batch writes a thousand files
/// into one folder: it is listed once, not a thousand times).
pub(super) fn clean_once(dir: &Path) {
    static CLEANED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut cleaned) = CLEANED.lock() else {
        return clean(dir);
    };
    if !cleaned.iter().any(|d| d == dir) {
        cleaned.push(dir.to_path_buf());
        drop(cleaned);
        clean(dir);
    }
}

/// Removes our temporary files in `dir` whose writer is gone. Errors are ignored: cleaning is a
/// courtesy, never a reason to fail a write.
pub(super) fn clean(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(pid_of) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() || pid == me {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age > MAX_AGE);
        if old || gone(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// True when we can tell that process `pid` no longer runs.
fn gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_temporary_names_are_recognised() {
        assert_eq!(pid_of(".out.pdf.ipt-4242-0.tmp"), Some(4242));
        assert_eq!(pid_of(".a.b.ipt-1-12.tmp"), Some(1));
        for other in [
            ".out.pdf.4242.0.tmp",
            "out.pdf.ipt-4242-0.tmp",
            ".out.pdf.ipt-x-0.tmp",
            ".notes.tmp",
        ] {
            assert_eq!(pid_of(other), None, "{other}");
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_temporary_file_of_a_dead_process_is_removed_and_others_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        // Far above any real pid (the kernel's limit is 2^22).
        let dead = dir.path().join(".out.pdf.ipt-999999999-0.tmp");
        let mine = temp_name(dir.path(), "out.md", 0);
        let alive = dir.path().join(".x.ipt-1-0.tmp");
        let theirs = dir.path().join(".out.pdf.999999999.0.tmp");
        for p in [&dead, &mine, &alive, &theirs] {
            fs::write(p, "clinical").unwrap();
        }
        clean(dir.path());
        assert!(!dead.exists());
        assert!(mine.exists() && alive.exists() && theirs.exists());
    }
}
