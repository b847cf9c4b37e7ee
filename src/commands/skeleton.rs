//! `ipt skeleton ID|PATH`: write an answers file with every question as a comment.

use crate::answers::worksheet_file;
use crate::answers::write::skeleton;
use crate::app::Env;
use crate::output::{self, Target};
use crate::report::Failure;

pub fn run(env: &Env, wanted: &str, out: Option<&str>, force: bool) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheet = catalog.find(wanted)?;
    let target = out.map_or(Target::Stdout, Target::parse);
    // Standard output is most often kept in a file in the current folder.
    let answers = match &target {
        Target::File(path) => path.clone(),
        Target::Stdout => std::path::PathBuf::from("answers.toml"),
    };
    let stored = worksheet_file::for_answers(&sheet, &answers);
    output::write(
        &target,
        skeleton(&sheet, stored.as_deref()).as_bytes(),
        force,
    )?;
    Ok(())
}
