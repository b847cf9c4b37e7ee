//! Reading input files (answers files, worksheets, resources, templates, fonts).
//!
//! Owns: the size limits (refused before reading the whole file, so `/dev/zero` or a huge file
//! cannot exhaust the machine), the UTF-8 check that names the byte offset and line of the first
//! bad byte, and the record of every file read in this run, which `output` consults so that no
//! output ever replaces an input. Must not parse what it reads.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Mutex;

/// The largest text file read: answers files, worksheets, resources and templates.
pub const MAX_TEXT: u64 = 2 * 1024 * 1024;

/// The largest font file read (CJK fonts run to tens of megabytes).
pub const MAX_FONT: u64 = 64 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Larger than `limit` bytes.
    TooLarge {
        limit: u64,
    },
    /// Not UTF-8 text: the first bad byte, from 0, and its line, from 1.
    NotText {
        offset: usize,
        line: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge { limit } => write!(
                f,
                "it is larger than {} MiB, the most ipt reads from such a file",
                limit / (1024 * 1024)
            ),
            ReadError::NotText { offset, line } => write!(
                f,
                "it is not UTF-8 text: byte {offset} (line {line}) is not valid UTF-8"
            ),
        }
    }
}

/// Reads a UTF-8 text file of at most [`MAX_TEXT`] bytes.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = read_bytes(path, MAX_TEXT)?;
    text(bytes)
}

/// Checks that bytes are UTF-8 text, naming the first bad byte.
pub fn text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ReadError::NotText { offset, line }
    })
}

/// Reads at most `limit` bytes of a file, refusing a larger one.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(io::Error::other(
            "it is a folder, not a file",
        )));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    remember(path, &meta);
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A device or FIFO reports no length: stop one byte past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Files read in this run: device, inode, and (so that a deleted file's reused inode is not
/// taken for it) size and modification time.
type Identity = (u64, u64, u64, Option<std::time::SystemTime>);

static READ: Mutex<Vec<Identity>> = Mutex::new(Vec::new());

/// The same files by their canonical paths (a file saved again since, under a new inode).
static PATHS: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());

fn remember(path: &Path, meta: &std::fs::Metadata) {
    if let Some(id) = identity(meta)
        && let Ok(mut read) = READ.lock()
        && !read.contains(&id)
    {
        read.push(id);
    }
    if let Ok(path) = std::fs::canonicalize(path)
        && let Ok(mut paths) = PATHS.lock()
        && !paths.contains(&path)
    {
        paths.push(path);
    }
}

/// True when `path` is (a link to, or another name of) a file this run has read.
pub fn was_read(path: &Path) -> bool {
    if let Some(id) = std::fs::metadata(path).ok().as_ref().and_then(identity)
        && READ.lock().is_ok_and(|read| read.contains(&id))
    {
        return true;
    }
    std::fs::canonicalize(path).is_ok_and(|p| PATHS.lock().is_ok_and(|paths| paths.contains(&p)))
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino(), meta.len(), meta.modified().ok()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Option<Identity> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_byte_is_named_by_offset_and_line() {
        let err = text(b"a = 1\nb = \"\xff\"\n".to_vec()).unwrap_err();
        assert!(matches!(
            err,
            ReadError::NotText {
                offset: 11,
                line: 2
            }
        ));
        assert_eq!(
            err.to_string(),
            "it is not UTF-8 text: byte 11 (line 2) is not valid UTF-8"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_an_endless_one_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'a'; 101]).unwrap();
        assert!(matches!(
            read_bytes(&path, 100),
            Err(ReadError::TooLarge { limit: 100 })
        ));
        assert_eq!(read_bytes(&path, 101).unwrap().len(), 101);
        #[cfg(unix)]
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 100),
            Err(ReadError::TooLarge { .. })
        ));
    }

    #[test]
    fn files_read_are_remembered_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "x").unwrap();
        read_text(&path).unwrap();
        assert!(was_read(&path));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.toml");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert!(was_read(&link));
        }
    }
}
