//! `ipt templates export DIR`: the built-in Markdown templates and their README, copied into a
//! folder to start your own from (then `--templates DIR`).

use std::path::Path;

use crate::report::Failure;

/// Writes every built-in template into `dir` (created if needed); existing files are kept
/// unless `force`.
pub fn export(dir: &Path, force: bool) -> Result<(), Failure> {
    crate::output::folder(dir)?;
    let readme = ("README.md", include_str!("../../templates/README.md"));
    let mut written = String::new();
    for (name, text) in crate::assets::TEMPLATES.iter().chain([&readme]) {
        let path = dir.join(name);
        crate::output::write_file(&path, text.as_bytes(), force)?;
        written.push_str(&format!("{}\n", path.display()));
    }
    crate::report::note(&format!(
        "use them with `--templates {}` (or copy them to your config folder's templates/); `ipt validate --templates {}` checks them",
        dir.display(),
        dir.display()
    ));
    crate::stdout::text(&written)
}
