//! Writing results: the only code that writes files.
//!
//! Owns: `-` means stdout; an existing file is never replaced without `--force`; writes go to a
//! temporary file in the same folder that is then renamed over the target (atomic); new files
//! are owner-only (0600) because they hold health information. Knows nothing about formats.

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
    /// `-` is stdout; anything else a file path.
    pub fn parse(arg: &str) -> Target {
        if arg == "-" {
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
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

/// Writes `bytes` to the target.
pub fn write(target: &Target, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    match target {
        Target::Stdout => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .or_else(ignore_broken_pipe)
                .map_err(|error| OutputError::Io {
                    path: PathBuf::from("-"),
                    error,
                })
        }
        Target::File(path) => write_file(path, bytes, force),
    }
}

fn ignore_broken_pipe(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// Atomically writes a file, owner-only, refusing to replace an existing one unless `force`.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    let io_err = |error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    };
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(&dir, &name).map_err(io_err)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            if force {
                fs::rename(&tmp, path)
            } else {
                // hard_link fails if the target appeared meanwhile: never clobber.
                fs::hard_link(&tmp, path).and_then(|()| fs::remove_file(&tmp))
            }
        });
    if let Err(error) = result {
        let _ = fs::remove_file(&tmp);
        if error.kind() == io::ErrorKind::AlreadyExists {
            return Err(OutputError::Exists(path.to_path_buf()));
        }
        return Err(io_err(error));
    }
    Ok(())
}

/// Writes several files as one: none is written if any exists (without `force`); each goes to a
/// temporary file first, and if one cannot be put in place, the new files already placed are
/// removed again (a Markdown document and the chart images beside it).
pub fn write_all(files: &[(PathBuf, Vec<u8>)], force: bool) -> Result<(), OutputError> {
    if !force && let Some((path, _)) = files.iter().find(|(p, _)| fs::symlink_metadata(p).is_ok()) {
        return Err(OutputError::Exists(path.clone()));
    }
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let written = create_temp(&dir, &name).and_then(|(tmp, mut file)| {
            let r = file.write_all(bytes).and_then(|()| file.sync_all());
            match r {
                Ok(()) => Ok(tmp),
                Err(e) => {
                    let _ = fs::remove_file(&tmp);
                    Err(e)
                }
            }
        });
        match written {
            Ok(tmp) => staged.push((tmp, path)),
            Err(error) => {
                cleanup(&staged);
                return Err(OutputError::Io {
                    path: path.clone(),
                    error,
                });
            }
        }
    }
    let mut placed: Vec<&Path> = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        let result = if force {
            fs::rename(tmp, path)
        } else {
            fs::hard_link(tmp, path).and_then(|()| fs::remove_file(tmp))
        };
        if let Err(error) = result {
            cleanup(&staged[i..]);
            if !force {
                for p in &placed {
                    let _ = fs::remove_file(p);
                }
            }
            if error.kind() == io::ErrorKind::AlreadyExists {
                return Err(OutputError::Exists(path.to_path_buf()));
            }
            return Err(OutputError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
        placed.push(path);
    }
    Ok(())
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    for n in 0..1000 {
        let tmp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp) {
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
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn several_files_are_written_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("p.md");
        let svg = dir.path().join("p-phq9.svg");
        fs::write(&svg, b"old").unwrap();
        let files = vec![
            (md.clone(), b"doc".to_vec()),
            (svg.clone(), b"new".to_vec()),
        ];
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
        let files = vec![
            (dir.path().join("q.md"), b"doc".to_vec()),
            (missing, b"x".to_vec()),
        ];
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
