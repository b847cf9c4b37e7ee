//! `meta.worksheet_file`: where the worksheet of an answers file is, when it is not built in, so
//! that `ipt render ANSWERS` finds it again; and which stored paths may be followed.
//!
//! Owns: the stored form (relative to the answers file's folder) and the rule that a stored path
//! is followed only into a trusted folder (docs/security.md): an answers file may come from
//! someone else and must not make ipt read files elsewhere. Must not read or parse the worksheet
//! (the catalog does).

use std::path::{Component, Path, PathBuf};

/// What to store as `meta.worksheet_file` for answers to `sheet` saved at `answers`: nothing for
/// a built-in worksheet.
pub fn for_answers(sheet: &crate::spec::LoadedWorksheet, answers: &Path) -> Option<String> {
    stored_path(sheet.disk_file()?, answers)
}

/// The path to store for a worksheet read from `worksheet` (a file on disk), for an answers file
/// at `answers`: relative to the answers file's folder (`../sheets/x.toml` when they share a
/// folder above), else absolute. `None` when either cannot be resolved.
pub fn stored_path(worksheet: &Path, answers: &Path) -> Option<String> {
    let sheet = std::fs::canonicalize(worksheet).ok()?;
    let dir = folder_of(answers)?;
    let relative = relative(&sheet, &dir).unwrap_or(sheet);
    Some(relative.to_string_lossy().into_owned())
}

/// Why a stored worksheet path was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFollowed {
    /// Nothing is there (or it is not a `.toml` file).
    Missing(PathBuf),
    /// It lies outside the answers file's folder and every trusted folder.
    Outside(PathBuf),
}

/// The worksheet file `stored` in the answers file at `answers`, if it may be read: a `.toml`
/// file that, with every symbolic link followed, lies inside the answers file's folder or one of
/// `trusted` (the user's worksheet folders, the case folder).
pub fn follow(answers: &Path, stored: &str, trusted: &[PathBuf]) -> Result<PathBuf, NotFollowed> {
    let named = Path::new(stored);
    let path = if named.is_absolute() {
        named.to_path_buf()
    } else {
        match answers.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(named),
            _ => named.to_path_buf(),
        }
    };
    let real = match std::fs::canonicalize(&path) {
        Ok(p) if p.is_file() && p.extension().is_some_and(|e| e == "toml") => p,
        _ => return Err(NotFollowed::Missing(path)),
    };
    let inside = folder_of(answers)
        .into_iter()
        .chain(trusted.iter().filter_map(|d| std::fs::canonicalize(d).ok()))
        .any(|root| real.starts_with(root));
    if inside {
        Ok(path)
    } else {
        Err(NotFollowed::Outside(path))
    }
}

/// The answers file's folder, with every symbolic link followed.
fn folder_of(answers: &Path) -> Option<PathBuf> {
    let dir = answers.parent().filter(|d| !d.as_os_str().is_empty());
    std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()
}

/// `path` relative to the folder `from` (both absolute, without `..`), when they share more than
/// the root.
fn relative(path: &Path, from: &Path) -> Option<PathBuf> {
    let a: Vec<Component<'_>> = path.components().collect();
    let b: Vec<Component<'_>> = from.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let shares_a_folder = a[..common]
        .iter()
        .any(|c| matches!(c, Component::Normal(_)));
    if !shares_a_folder {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_stored_relative_to_the_answers_folder_when_they_share_one() {
        assert_eq!(
            relative(
                Path::new("/home/a/sheets/x.toml"),
                Path::new("/home/a/client")
            ),
            Some(PathBuf::from("../sheets/x.toml"))
        );
        assert_eq!(
            relative(Path::new("/home/a/x.toml"), Path::new("/home/a")),
            Some(PathBuf::from("x.toml"))
        );
        assert_eq!(
            relative(Path::new("/srv/x.toml"), Path::new("/home/a")),
            None
        );
    }

    #[test]
    fn a_stored_path_is_followed_only_inside_the_answers_folder_or_a_trusted_one() {
        let tmp = tempfile::tempdir().unwrap();
        let answers_dir = tmp.path().join("client");
        let sheets = tmp.path().join("sheets");
        std::fs::create_dir_all(answers_dir.join("own")).unwrap();
        std::fs::create_dir_all(&sheets).unwrap();
        std::fs::write(answers_dir.join("own/mine.toml"), "").unwrap();
        std::fs::write(sheets.join("theirs.toml"), "").unwrap();
        let answers = answers_dir.join("a.toml");
        assert!(follow(&answers, "own/mine.toml", &[]).is_ok());
        assert!(matches!(
            follow(&answers, "../sheets/theirs.toml", &[]),
            Err(NotFollowed::Outside(_))
        ));
        assert!(
            follow(
                &answers,
                "../sheets/theirs.toml",
                std::slice::from_ref(&sheets)
            )
            .is_ok()
        );
        assert!(matches!(
            follow(&answers, "/etc/passwd", &[]),
            Err(NotFollowed::Missing(_))
        ));
        assert!(matches!(
            follow(&answers, "own/gone.toml", &[]),
            Err(NotFollowed::Missing(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_answers_folder_to_a_file_outside_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let answers_dir = tmp.path().join("client");
        std::fs::create_dir_all(&answers_dir).unwrap();
        std::fs::write(tmp.path().join("elsewhere.toml"), "").unwrap();
        std::os::unix::fs::symlink(
            tmp.path().join("elsewhere.toml"),
            answers_dir.join("link.toml"),
        )
        .unwrap();
        assert!(matches!(
            follow(&answers_dir.join("a.toml"), "link.toml", &[]),
            Err(NotFollowed::Outside(_))
        ));
    }
}
