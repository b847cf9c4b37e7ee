//! `ipt list`: every worksheet, grouped by the phase of IPT it belongs to, with its id, title,
//! technique and origin, fitted to the terminal's width (80 columns when it is not one); or only
//! the ids (`--ids`), or JSON (`--json`); `--phase` and `--area` keep the worksheets of a phase
//! or problem area.

use crate::app::Env;
use crate::listing;
use crate::report::{Exit, Failure};
use crate::request::ListRequest;

pub fn run(env: &Env, req: &ListRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let rows = listing::picked(&catalog, listing::rows(&catalog), &req.pick)?;
    let text = if req.json {
        let mut json = serde_json::to_string_pretty(&rows)
            .map_err(|e| Failure::new(Exit::Runtime, format!("cannot write the list: {e}")))?;
        json.push('\n');
        json
    } else if req.ids {
        rows.iter().map(|r| format!("{}\n", r.id)).collect()
    } else {
        listing::table(&rows, req.width)
    };
    crate::stdout::text(&text)
}
