//! `ipt show ID|PATH`: a worksheet's outline.

use crate::app::Env;
use crate::report::Failure;
use crate::spec::catalog::Origin;
use crate::spec::outline::outline;

pub fn run(env: &Env, wanted: &str) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheet = catalog.find(wanted)?;
    let origin = catalog
        .entries()
        .into_iter()
        .find(|e| {
            !e.shadowed
                && e.id == sheet.id()
                && e.result.as_ref().is_ok_and(|s| s.digest == sheet.digest)
        })
        .map_or_else(|| Origin::File(sheet.file.clone().into()), |e| e.origin);
    crate::stdout::text(&outline(&sheet, &origin))
}
