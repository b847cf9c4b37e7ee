//! `ipt skeleton ID|PATH`: write an answers file with every question as a comment.

use crate::answers::write::skeleton;
use crate::app::Env;
use crate::output::{self, Target};
use crate::report::Failure;

pub fn run(env: &Env, wanted: &str, out: Option<&str>, force: bool) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheet = catalog.find(wanted)?;
    let target = out.map_or(Target::Stdout, Target::parse);
    output::write(&target, skeleton(&sheet).as_bytes(), force)?;
    Ok(())
}
