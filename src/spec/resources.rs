//! The shared data files: disclaimer and crisis block (`resources/safety.toml`) and the problem
//! areas (`resources/problem-areas.toml`).
//!
//! Owns: their types and parsing. Where they come from (built-in or a user folder) is `catalog`'s
//! business; how they are printed is the document's and renderers'.

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;
use super::load::toml_error;

/// Everything a worksheet and its document need besides the worksheet itself.
#[derive(Debug, Clone)]
pub struct Resources {
    pub safety: Safety,
    pub problem_areas: Vec<ProblemArea>,
}

/// The disclaimer and the crisis block printed on every output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    pub format: i64,
    /// Markdown.
    pub disclaimer: String,
    pub crisis: Crisis,
}

/// Where to get help now.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    pub title: String,
    /// Markdown, shown first when a safety trigger fired.
    pub alert: String,
    /// Markdown.
    pub text: String,
    pub last_checked: toml::value::Datetime,
    #[serde(rename = "resource", default)]
    pub resources: Vec<CrisisResource>,
}

/// One crisis line or directory.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisResource {
    pub region: String,
    pub name: String,
    pub contact: String,
}

/// One IPT problem area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemArea {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemAreasFile {
    format: i64,
    #[serde(rename = "area")]
    areas: Vec<ProblemArea>,
}

/// Parses `safety.toml`.
pub fn parse_safety(file: &str, text: &str) -> Result<Safety, Diagnostic> {
    let safety: Safety = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    check_format(file, safety.format)?;
    Ok(safety)
}

/// Parses `problem-areas.toml`.
pub fn parse_problem_areas(file: &str, text: &str) -> Result<Vec<ProblemArea>, Diagnostic> {
    let parsed: ProblemAreasFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    check_format(file, parsed.format)?;
    Ok(parsed.areas)
}

fn check_format(file: &str, format: i64) -> Result<(), Diagnostic> {
    if format == 1 {
        return Ok(());
    }
    Err(Diagnostic {
        file: file.to_string(),
        position: None,
        message: format!("format {format} is not supported"),
        hint: Some("this version of ipt reads `format = 1`".into()),
    })
}

impl Resources {
    /// The built-in resources, as compiled in.
    pub fn built_in() -> Result<Resources, Diagnostic> {
        let get = |name| crate::assets::get(crate::assets::RESOURCES, name).unwrap_or_default();
        Ok(Resources {
            safety: parse_safety("built-in:resources/safety.toml", get("safety.toml"))?,
            problem_areas: parse_problem_areas(
                "built-in:resources/problem-areas.toml",
                get("problem-areas.toml"),
            )?,
        })
    }
}
