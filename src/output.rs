//! Writing results: the only code that writes files.
//!
//! Owns: `-` (and `/dev/stdout`) means stdout; an existing file is never replaced without
//! `--force`, and never at all when it is an input of this run, a symbolic link or not a regular
//! file (a device, FIFO, socket or folder); several outputs are all checked before any is
//! written, and all written or none; writes go to a temporary file in the same folder that is
//! then renamed over the target (atomic), and temporary files a killed run left behind are
//! removed; new files are owner-only (0600) because they hold health information; no-clobber
//! works on file systems without hard links (FAT, exFAT). Knows nothing about formats.

mod stale;

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    /// `-` and `/dev/stdout` are stdout; anything else a file path.
    pub fn parse(arg: &str) -> Target {
        if arg == "-" || arg == "/dev/stdout" {
            Target::Stdout
        } else {
            Target::File(PathBuf::from(arg))
        }
    }
}

/// Why output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The file exists and `--force` was not given.
    Exists(PathBuf),
    /// The file is one this run reads (the answers file, a `--with` file, a worksheet …).
    IsInput(PathBuf),
    /// The path is a symbolic link, device, FIFO, socket or folder: never replaced.
    NotRegular {
        path: PathBuf,
        kind: &'static str,
    },
    /// Two outputs of one command name the same file.
    Twice(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

/// Writes `bytes` to the target.
pub fn write(target: &Target, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    write_all(&[(target, bytes)], force)
}

/// Writes several outputs: all of them, or none. Every target is checked before anything is
/// written; files are committed first and stdout last.
pub fn write_all(outputs: &[(&Target, &[u8])], force: bool) -> Result<(), OutputError> {
    let files: Vec<(&Path, &[u8])> = outputs
        .iter()
        .filter_map(|(t, b)| match t {
            Target::File(p) => Some((p.as_path(), *b)),
            Target::Stdout => None,
        })
        .collect();
    for (i, (path, _)) in files.iter().enumerate() {
        if files[..i].iter().any(|(p, _)| same_file(p, path)) {
            return Err(OutputError::Twice(path.to_path_buf()));
        }
        check(path, force)?;
    }
    let mut staged = Vec::new();
    for (path, bytes) in &files {
        match stage(path, bytes) {
            Ok(tmp) => staged.push((*path, tmp)),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    let mut created: Vec<&Path> = Vec::new();
    for (i, (path, tmp)) in staged.iter().enumerate() {
        let existed = fs::symlink_metadata(path).is_ok();
        if let Err(e) = commit(tmp, path, force) {
            discard(&staged[i..]);
            // Take back the files this call created; a replaced file cannot be restored.
            for p in created {
                let _ = fs::remove_file(p);
            }
            return Err(e);
        }
        if !existed {
            created.push(path);
        }
    }
    for (target, bytes) in outputs {
        if **target == Target::Stdout {
            crate::stdout::bytes(bytes).map_err(|error| OutputError::Io {
                path: PathBuf::from("-"),
                error,
            })?;
        }
    }
    Ok(())
}

/// Atomically writes a file, owner-only, refusing to replace an existing one unless `force`.
/// For a file this run may rewrite (the answers file an interview saves to): it does not refuse
/// inputs.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    let tmp = stage(path, bytes)?;
    commit(&tmp, path, force).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Makes the folder a batch writes into (and its parents), owner-only (0700) where new: its
/// files hold health information. An existing folder is used as it is; a file in its place is
/// an error.
pub fn folder(path: &Path) -> Result<(), OutputError> {
    let io_err = |error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Ok(meta) = fs::metadata(path) {
        return if meta.is_dir() {
            Ok(())
        } else {
            Err(OutputError::NotRegular {
                path: path.to_path_buf(),
                kind: "not a folder",
            })
        };
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(io_err)
}

/// May `path` be written? Inputs, links and special files never; existing files with `force`.
pub fn check(path: &Path, force: bool) -> Result<(), OutputError> {
    if crate::input::was_read(path) {
        return Err(OutputError::IsInput(path.to_path_buf()));
    }
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !force {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    match kind(&meta) {
        None => Ok(()),
        Some(kind) => Err(OutputError::NotRegular {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// What a path is, when it is not a regular file.
fn kind(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes `bytes` to a new temporary file beside `path` and syncs it; returns its path.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    let io_err = |error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    stale::clean_once(&dir);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(&dir, &name).map_err(io_err)?;
    match file.write_all(bytes).and_then(|()| file.sync_all()) {
        Ok(()) => Ok(tmp),
        Err(error) => {
            drop(file);
            let _ = fs::remove_file(&tmp);
            Err(io_err(error))
        }
    }
}

fn discard(staged: &[(&Path, PathBuf)]) {
    for (_, tmp) in staged {
        let _ = fs::remove_file(tmp);
    }
}

/// Puts a staged file in place: replacing with `force`, else only if the name is still free.
fn commit(tmp: &Path, path: &Path, force: bool) -> Result<(), OutputError> {
    let result = if force {
        fs::rename(tmp, path)
    } else {
        commit_new(tmp, path, |a, b| fs::hard_link(a, b))
    };
    result.map_err(|error| {
        if error.kind() == io::ErrorKind::AlreadyExists {
            OutputError::Exists(path.to_path_buf())
        } else {
            OutputError::Io {
                path: path.to_path_buf(),
                error,
            }
        }
    })
}

/// Never clobbers: a hard link fails if the target appeared meanwhile. Where hard links are not
/// supported (FAT, exFAT), the name is claimed by creating the file exclusively, then the
/// temporary file is renamed over that claim.
fn commit_new(
    tmp: &Path,
    path: &Path,
    link: impl Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    match link(tmp, path) {
        Ok(()) => fs::remove_file(tmp),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            new_file(path)?;
            fs::rename(tmp, path)
        }
    }
}

fn new_file(path: &Path) -> io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    for n in 0..1000 {
        let tmp = stale::temp_name(dir, name, n);
        match new_file(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a temporary file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_new_file_is_owner_only_and_an_existing_one_is_kept_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_file(&path, b"one", false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(matches!(
            write_file(&path, b"two", false),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_file(&path, b"three", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn without_hard_links_no_clobber_still_holds() {
        let dir = tempfile::tempdir().unwrap();
        let no_links = |_: &Path, _: &Path| -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        };
        let path = dir.path().join("usb.md");
        let tmp = stage(&path, b"first").unwrap();
        commit_new(&tmp, &path, no_links).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first");
        let tmp = stage(&path, b"second").unwrap();
        let err = commit_new(&tmp, &path, no_links).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
    }

    #[test]
    #[cfg(unix)]
    fn links_fifos_and_devices_are_never_replaced_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        fs::write(&real, "keep").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(matches!(
            check(&link, true),
            Err(OutputError::NotRegular {
                kind: "a symbolic link",
                ..
            })
        ));
        assert!(matches!(
            check(Path::new("/dev/null"), true),
            Err(OutputError::NotRegular {
                kind: "a device",
                ..
            })
        ));
        assert!(check(&real, true).is_ok());
    }

    #[test]
    fn several_outputs_are_all_checked_before_any_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let new = Target::File(dir.path().join("new.md"));
        let old = dir.path().join("old.ics");
        fs::write(&old, "old").unwrap();
        let err = write_all(
            &[(&new, b"doc"), (&Target::File(old.clone()), b"cal")],
            false,
        );
        assert!(matches!(err, Err(OutputError::Exists(_))));
        assert!(!dir.path().join("new.md").exists(), "nothing is written");
        assert_eq!(fs::read(&old).unwrap(), b"old");
        let twice = write_all(&[(&new, b"a"), (&new, b"b")], true);
        assert!(matches!(twice, Err(OutputError::Twice(_))));
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn dev_stdout_is_stdout() {
        assert_eq!(Target::parse("/dev/stdout"), Target::Stdout);
        assert_eq!(Target::parse("-"), Target::Stdout);
    }

    #[test]
    fn several_files_are_written_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("p.md");
        let svg = dir.path().join("p-phq9.svg");
        fs::write(&svg, b"old").unwrap();
        let (md_t, svg_t) = (Target::File(md.clone()), Target::File(svg.clone()));
        let files: Vec<(&Target, &[u8])> = vec![(&md_t, b"doc"), (&svg_t, b"new")];
        assert!(matches!(
            write_all(&files, false),
            Err(OutputError::Exists(p)) if p == svg
        ));
        assert!(
            !md.exists(),
            "nothing is written when one file is in the way"
        );
        assert_eq!(fs::read(&svg).unwrap(), b"old");
        write_all(&files, true).unwrap();
        assert_eq!(fs::read(&md).unwrap(), b"doc");
        assert_eq!(fs::read(&svg).unwrap(), b"new");
        let missing = dir.path().join("no-such-folder").join("x.svg");
        let (q_t, missing_t) = (Target::File(dir.path().join("q.md")), Target::File(missing));
        let files: Vec<(&Target, &[u8])> = vec![(&q_t, b"doc"), (&missing_t, b"x")];
        assert!(write_all(&files, false).is_err());
        assert!(!dir.path().join("q.md").exists());
        let leftovers = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(leftovers, 0);
    }
}
