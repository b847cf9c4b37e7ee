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
    pub plan: super::plan_data::PlanData,
    /// The country whose crisis contacts are printed (ISO 3166 code, upper case), if chosen.
    pub country: Option<String>,
}

/// The disclaimer and the crisis block printed on every output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    pub format: i64,
    /// Markdown.
    pub disclaimer: String,
    /// The international default.
    pub crisis: Crisis,
    /// Contacts for one country each, chosen with `--country` (or the locale).
    #[serde(rename = "country", default)]
    pub countries: Vec<Country>,
}

/// The crisis contacts of one country.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166 alpha-2 code, e.g. "GB".
    pub code: String,
    pub name: String,
    /// The emergency number(s), e.g. "999 or 112".
    pub emergency: String,
    pub last_checked: toml::value::Datetime,
    #[serde(rename = "resource", default)]
    pub resources: Vec<CrisisResource>,
}

/// The crisis block as printed: the chosen country's contacts, or the international ones.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisView {
    pub title: String,
    pub helplines: String,
    /// The "last checked" line, its date filled in.
    pub checked: String,
    pub alert: String,
    pub text: String,
    pub last_checked: String,
    pub resources: Vec<CrisisResource>,
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
    /// The line above the list of contacts.
    pub helplines: String,
    /// The line after it; `{date}` is replaced by the date the contacts were last checked.
    pub checked: String,
    /// How a chosen country's emergency number is listed: `emergency_name` as the name and
    /// `emergency_contact` as the contact, `{number}` replaced by the number.
    pub emergency_name: String,
    pub emergency_contact: String,
    pub last_checked: toml::value::Datetime,
    #[serde(rename = "resource", default)]
    pub resources: Vec<CrisisResource>,
}

/// One crisis line or directory.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisResource {
    #[serde(default)]
    pub region: String,
    pub name: String,
    pub contact: String,
    /// Also listed when a country is chosen (e.g. a worldwide directory).
    #[serde(default)]
    pub always: bool,
}

/// One IPT problem area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemArea {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Aims of middle-phase sessions, in the order they are usually taken up.
    #[serde(default)]
    pub strategies: Vec<String>,
    #[serde(default)]
    pub techniques: Vec<String>,
    /// Worksheet ids for middle sessions.
    #[serde(default)]
    pub worksheets: Vec<String>,
    /// An optional between-session task.
    #[serde(default)]
    pub task: Option<String>,
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
    refuse_hidden(file, text)?;
    let safety: Safety = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    check_format(file, safety.format)?;
    Ok(safety)
}

/// Parses `problem-areas.toml`.
pub fn parse_problem_areas(file: &str, text: &str) -> Result<Vec<ProblemArea>, Diagnostic> {
    refuse_hidden(file, text)?;
    let parsed: ProblemAreasFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    check_format(file, parsed.format)?;
    Ok(parsed.areas)
}

/// The first control or bidi-override character in a resource file, as an error.
pub fn refuse_hidden(file: &str, text: &str) -> Result<(), Diagnostic> {
    match super::hidden_characters(file, text).into_iter().next() {
        Some(d) => Err(d),
        None => Ok(()),
    }
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
    /// Whether there are contacts for this country code.
    pub fn knows_country(&self, code: &str) -> bool {
        self.safety
            .countries
            .iter()
            .any(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// The crisis block for the chosen country, or the international one.
    pub fn crisis(&self) -> CrisisView {
        let c = &self.safety.crisis;
        let country = self.country.as_deref().and_then(|code| {
            self.safety
                .countries
                .iter()
                .find(|k| k.code.eq_ignore_ascii_case(code))
        });
        match country {
            Some(k) => CrisisView {
                title: c.title.clone(),
                helplines: c.helplines.clone(),
                checked: c.checked.replace("{date}", &k.last_checked.to_string()),
                alert: c.alert.clone(),
                text: c.text.clone(),
                last_checked: k.last_checked.to_string(),
                resources: std::iter::once(CrisisResource {
                    region: k.name.clone(),
                    name: c.emergency_name.clone(),
                    contact: c.emergency_contact.replace("{number}", &k.emergency),
                    always: false,
                })
                .chain(k.resources.iter().cloned())
                .map(|r| CrisisResource {
                    region: if r.region.is_empty() {
                        k.name.clone()
                    } else {
                        r.region.clone()
                    },
                    ..r
                })
                .chain(c.resources.iter().filter(|r| r.always).cloned())
                .collect(),
            },
            None => CrisisView {
                title: c.title.clone(),
                helplines: c.helplines.clone(),
                checked: c.checked.replace("{date}", &c.last_checked.to_string()),
                alert: c.alert.clone(),
                text: c.text.clone(),
                last_checked: c.last_checked.to_string(),
                resources: c.resources.clone(),
            },
        }
    }

    /// The built-in resources, as compiled in.
    pub fn built_in() -> Result<Resources, Diagnostic> {
        let get = |name| crate::assets::get(crate::assets::RESOURCES, name).unwrap_or_default();
        Ok(Resources {
            safety: parse_safety("built-in:resources/safety.toml", get("safety.toml"))?,
            country: None,
            plan: super::plan_data::parse_plan("built-in:resources/plan.toml", get("plan.toml"))?,
            problem_areas: parse_problem_areas(
                "built-in:resources/problem-areas.toml",
                get("problem-areas.toml"),
            )?,
        })
    }
}
