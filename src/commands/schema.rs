//! `ipt schema worksheet` and `ipt schema answers ID`: JSON Schemas for TOML editors.

use crate::app::Env;
use crate::report::Failure;

/// Prints the schema of the worksheet format, or of one worksheet's answers file.
pub fn run(env: &Env, answers_of: Option<&str>) -> Result<(), Failure> {
    let schema = match answers_of {
        None => crate::spec::json_schema::worksheet(),
        Some(wanted) => {
            let sheet = env.catalog()?.find(wanted)?;
            crate::spec::json_schema::answers(&sheet.spec)
        }
    };
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    crate::stdout::text(&format!("{text}\n"))
}
