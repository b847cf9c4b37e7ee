//! `ipt completions SHELL` and `ipt man`: what `completions` makes, printed or written.

use std::path::Path;

use crate::output;
use crate::report::{self, Exit, Failure};

/// Prints the lines that hook completions into the shell; `me` is this program's full path (the
/// shell calls it back while completing, on PATH or not).
pub fn run(shell: &str, me: &str) -> Result<(), Failure> {
    let text = crate::completions::registration(shell, me).ok_or_else(|| {
        Failure::new(
            Exit::Usage,
            format!("no completions for the shell `{shell}`"),
        )
        .hint("ipt completions bash|zsh|fish|powershell|elvish")
    })?;
    crate::stdout::bytes(&text).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot write to standard output: {e}"),
        )
    })
}

/// Writes the man pages into `dir`.
pub fn man(dir: &Path, force: bool) -> Result<(), Failure> {
    output::folder(dir)?;
    let pages = crate::completions::man_pages();
    let targets: Vec<(output::Target, &[u8])> = pages
        .iter()
        .map(|(name, text)| (output::Target::File(dir.join(name)), text.as_slice()))
        .collect();
    let refs: Vec<(&output::Target, &[u8])> = targets.iter().map(|(t, b)| (t, *b)).collect();
    output::write_all(&refs, force)?;
    report::say(&format!(
        "Wrote {} man pages to {}; read one with `man -l {}`.",
        pages.len(),
        dir.display(),
        dir.join("ipt.1").display()
    ));
    Ok(())
}
