//! The shared data files: disclaimer and crisis block (`resources/safety.toml`), the problem
//! areas (`resources/problem-areas.toml`); the plan and measures data have their own modules.
//!
//! Owns: their types and parsing. Where they come from (built-in or a user folder) is `catalog`'s
//! business; how they are printed is the document's and renderers'.

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;

/// Everything a worksheet and its document need besides the worksheet itself.
#[derive(Debug, Clone)]
pub struct Resources {
    pub safety: Safety,
    pub problem_areas: Vec<ProblemArea>,
    pub plan: super::plan_data::PlanData,
    pub measures: super::measures_data::MeasuresData,
    /// The country whose crisis contacts are printed (ISO 3166 code, upper case), if chosen.
    pub country: Option<String>,
    /// The client is young (an IPT-A case): crisis blocks add the country's youth lines.
    pub youth: bool,
    /// The language of documents whose worksheet does not say (BCP 47).
    pub language: String,
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
    /// Safety with another person: shown when a relationship-safety trigger fires. A clinic's
    /// file without it gets the built-in block.
    pub relationship: Option<Relationship>,
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
    /// Crisis lines for everyone.
    #[serde(rename = "resource", default)]
    pub resources: Vec<CrisisResource>,
    /// Crisis lines for children and young people, listed for an adolescent course.
    #[serde(rename = "youth", default)]
    pub youth: Vec<CrisisResource>,
    /// Domestic-abuse lines and directories, listed in the relationship-safety block.
    #[serde(rename = "abuse", default)]
    pub abuse: Vec<CrisisResource>,
}

/// The relationship-safety block: fear of someone, harm, threats or control.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    pub title: String,
    /// Markdown, shown first when the trigger fired.
    pub alert: String,
    /// Markdown.
    pub text: String,
    /// The line above the list of contacts.
    pub helplines: String,
    /// Listed when no country is chosen (or the country has none).
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
    /// When this contact was last compared with its source, if later than its country's date.
    #[serde(default, skip_serializing)]
    pub last_checked: Option<toml::value::Datetime>,
    /// What it was compared with (not printed; for whoever checks it next).
    #[serde(default, skip_serializing)]
    pub source: Option<String>,
}

/// One IPT problem area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemArea {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Stages the work depends on (a dispute: renegotiation, impasse, dissolution).
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// The middle phase, one strategy after another, in the order IPT takes them up.
    #[serde(rename = "strategy", default)]
    pub strategies: Vec<Strategy>,
}

/// A stage of a problem area.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
}

/// One strategy of a problem area: what a middle session is for, with the technique, the
/// worksheet and the optional task that carry it out.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub id: String,
    pub aim: String,
    /// A technique id of `resources/plan.toml`.
    pub technique: String,
    /// A worksheet id that belongs to the technique.
    pub worksheet: String,
    /// An optional between-session task, offered once, in the strategy's first session.
    #[serde(default)]
    pub task: Option<String>,
    /// The stages this strategy is for (ids of the area's `stages`); empty: every stage.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Works on speaking up to the other person directly (left out when someone is afraid of
    /// that person).
    #[serde(default)]
    pub direct: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemAreasFile {
    format: i64,
    #[serde(rename = "area")]
    areas: Vec<ProblemArea>,
}

/// A syntax or type error in a resource file, with a hint naming its documentation (not the
/// worksheet format's).
pub fn resource_error(file: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let mut d = super::load::toml_error(file, text, e);
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let name = name.trim_start_matches("built-in:resources/");
    d.hint = Some(format!(
        "docs/resources.md describes every key of {name}{}",
        d.hint
            .as_deref()
            .filter(|h| !h.starts_with("every worksheet"))
            .map_or_else(String::new, |h| format!("; {h}"))
    ));
    d
}

/// Parses `safety.toml`.
pub fn parse_safety(file: &str, text: &str) -> Result<Safety, Diagnostic> {
    refuse_hidden(file, text)?;
    let safety: Safety =
        toml::from_str(text).map_err(|e| super::resources::resource_error(file, text, &e))?;
    check_format(file, text, safety.format)?;
    Ok(safety)
}

/// Parses `problem-areas.toml`.
pub fn parse_problem_areas(file: &str, text: &str) -> Result<Vec<ProblemArea>, Diagnostic> {
    refuse_hidden(file, text)?;
    let parsed: ProblemAreasFile =
        toml::from_str(text).map_err(|e| super::resources::resource_error(file, text, &e))?;
    check_format(file, text, parsed.format)?;
    Ok(parsed.areas)
}

/// The first control or bidi-override character in a resource file, as an error.
pub fn refuse_hidden(file: &str, text: &str) -> Result<(), Diagnostic> {
    match super::hidden_characters(file, text).into_iter().next() {
        Some(d) => Err(d),
        None => Ok(()),
    }
}

fn check_format(file: &str, text: &str, format: i64) -> Result<(), Diagnostic> {
    if format == 1 {
        return Ok(());
    }
    Err(Diagnostic {
        warning: false,
        file: file.to_string(),
        position: super::locate::position(text, &[super::locate::Step::Key("format")]),
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

    /// The chosen country's entry, if any.
    fn chosen(&self) -> Option<&Country> {
        self.country.as_deref().and_then(|code| {
            self.safety
                .countries
                .iter()
                .find(|k| k.code.eq_ignore_ascii_case(code))
        })
    }

    /// The crisis block for the chosen country, or the international one.
    pub fn crisis(&self) -> CrisisView {
        self.crisis_for(self.youth)
    }

    /// The crisis block; `youth` adds the country's lines for children and young people.
    pub fn crisis_for(&self, youth: bool) -> CrisisView {
        let c = &self.safety.crisis;
        let view = |last_checked: String, resources: Vec<CrisisResource>| CrisisView {
            title: c.title.clone(),
            helplines: c.helplines.clone(),
            checked: c.checked.replace("{date}", &last_checked),
            alert: c.alert.clone(),
            text: c.text.clone(),
            last_checked,
            resources,
        };
        match self.chosen() {
            Some(k) => {
                let listed: Vec<CrisisResource> = k
                    .resources
                    .iter()
                    .chain(k.youth.iter().filter(|_| youth))
                    .cloned()
                    .collect();
                let resources = std::iter::once(self.emergency(k))
                    .chain(in_country(k, listed.clone()))
                    .chain(c.resources.iter().filter(|r| r.always).cloned())
                    .collect();
                view(oldest(&k.last_checked, &listed), resources)
            }
            None => view(oldest(&c.last_checked, &c.resources), c.resources.clone()),
        }
    }

    /// The relationship-safety block: the chosen country's emergency number and domestic-abuse
    /// contacts, or the international text alone.
    pub fn relationship(&self) -> CrisisView {
        let c = &self.safety.crisis;
        let built_in;
        let r = match &self.safety.relationship {
            Some(r) => r,
            None => {
                built_in = built_in_relationship();
                &built_in
            }
        };
        let (last_checked, resources) = match self.chosen() {
            Some(k) => (
                oldest(&k.last_checked, &k.abuse),
                std::iter::once(self.emergency(k))
                    .chain(in_country(k, k.abuse.clone()))
                    .collect(),
            ),
            None => (oldest(&c.last_checked, &r.resources), r.resources.clone()),
        };
        CrisisView {
            title: r.title.clone(),
            helplines: r.helplines.clone(),
            checked: c.checked.replace("{date}", &last_checked),
            alert: r.alert.clone(),
            text: r.text.clone(),
            last_checked,
            resources,
        }
    }

    /// A country's emergency number as the first contact.
    fn emergency(&self, k: &Country) -> CrisisResource {
        let c = &self.safety.crisis;
        CrisisResource {
            region: k.name.clone(),
            name: c.emergency_name.clone(),
            contact: c.emergency_contact.replace("{number}", &k.emergency),
            always: false,
            last_checked: None,
            source: None,
        }
    }

    /// The global data every expression sees: `problem_areas` and `plan_variants`, as
    /// `{ value, label }` tables for `choices_from`.
    pub fn expression_globals(&self) -> std::collections::BTreeMap<String, crate::jinja::Data> {
        use crate::jinja::Data;
        let option = |value: &str, label: &str| {
            Data::map([("value", Data::from(value)), ("label", Data::from(label))])
        };
        std::collections::BTreeMap::from([
            (
                "problem_areas".to_string(),
                Data::List(
                    self.problem_areas
                        .iter()
                        .map(|a| option(&a.id, &a.name))
                        .collect(),
                ),
            ),
            (
                "plan_variants".to_string(),
                Data::List(
                    self.plan
                        .variants
                        .iter()
                        .map(|v| option(&v.id, &v.name))
                        .collect(),
                ),
            ),
        ])
    }

    /// The built-in resources, as compiled in.
    pub fn built_in() -> Result<Resources, Diagnostic> {
        let get = |name| crate::assets::get(crate::assets::RESOURCES, name).unwrap_or_default();
        let (plan_file, areas_file) = (
            "built-in:resources/plan.toml",
            "built-in:resources/problem-areas.toml",
        );
        let plan = super::plan_data::parse_plan(plan_file, get("plan.toml"))?;
        let problem_areas = parse_problem_areas(areas_file, get("problem-areas.toml"))?;
        let source = |file, name| super::plan_data::Source {
            file,
            text: get(name),
        };
        if let Some(d) = super::plan_data::check_links(
            source(plan_file, "plan.toml"),
            &plan,
            source(areas_file, "problem-areas.toml"),
            &problem_areas,
        )
        .into_iter()
        .next()
        {
            return Err(d);
        }
        Ok(Resources {
            safety: parse_safety("built-in:resources/safety.toml", get("safety.toml"))?,
            country: None,
            youth: false,
            language: "en".into(),
            plan,
            problem_areas,
            measures: super::measures_data::parse_measures(
                "built-in:resources/measures.toml",
                get("measures.toml"),
            )?,
        })
    }
}

/// The built-in relationship-safety block, for a clinic's `safety.toml` that has none.
fn built_in_relationship() -> Relationship {
    crate::assets::get(crate::assets::RESOURCES, "safety.toml")
        .and_then(|text| parse_safety("built-in:resources/safety.toml", text).ok())
        .and_then(|s| s.relationship)
        .unwrap_or_else(|| Relationship {
            title: String::new(),
            alert: String::new(),
            text: String::new(),
            helplines: String::new(),
            resources: Vec::new(),
        })
}

/// Contacts of a country, each with the country's name as region unless it has its own.
fn in_country(k: &Country, list: Vec<CrisisResource>) -> impl Iterator<Item = CrisisResource> {
    list.into_iter().map(move |r| CrisisResource {
        region: if r.region.is_empty() {
            k.name.clone()
        } else {
            r.region.clone()
        },
        ..r
    })
}

/// The earliest of a list's "last checked" dates (its own, or the default): the date every
/// contact in it was checked on or after.
fn oldest(default: &toml::value::Datetime, list: &[CrisisResource]) -> String {
    list.iter()
        .map(|r| r.last_checked.unwrap_or(*default).to_string())
        .chain(std::iter::once(default.to_string()))
        .min()
        .unwrap_or_default()
}
