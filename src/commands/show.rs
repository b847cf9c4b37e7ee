//! `ipt show ID|PATH`: a worksheet's outline, as text or (`--json`) for scripts.

use crate::app::Env;
use crate::report::{Exit, Failure};
use crate::spec::catalog::Origin;
use crate::spec::outline::outline;

pub fn run(env: &Env, wanted: &str, json: bool) -> Result<(), Failure> {
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
    if json {
        let mut text = serde_json::to_string_pretty(&crate::listing::outline(&sheet, &origin))
            .map_err(|e| Failure::new(Exit::Runtime, format!("cannot write the outline: {e}")))?;
        text.push('\n');
        return crate::stdout::text(&text);
    }
    crate::stdout::text(&outline(&sheet, &origin))
}
