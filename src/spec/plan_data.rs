//! The data behind `ipt plan` (`resources/plan.toml`): variants of IPT, the techniques and the
//! worksheets that belong to each, phase agendas, the safety rules and the plan document's
//! wording; and the checks that tie it to the problem areas' strategies.
//!
//! Owns: the types, parsing and the cross-file checks. Scheduling is `plan`'s job.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::diagnostic::Diagnostic;
use super::locate::Step::{Index, Key};
use super::locate::{Step, position};
use super::resources::ProblemArea;

/// `resources/plan.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub format: i64,
    pub title: String,
    pub summary: String,
    #[serde(rename = "variant")]
    pub variants: Vec<Variant>,
    pub phases: Phases,
    /// The techniques of IPT, each with the worksheets that support it.
    #[serde(rename = "technique")]
    pub techniques: Vec<Technique>,
    /// The fewest middle sessions a course may have; shorter initial and ending phases make
    /// room for them, and a course too short for that is refused.
    pub min_middle: usize,
    pub initial: Vec<Agenda>,
    pub middle: Agenda,
    /// Added to the middle session halfway through the middle phase (four or more sessions).
    pub midcourse: Agenda,
    pub termination: Vec<Agenda>,
    /// Offered in a session whenever a PHQ-9 question 9 (or the check-in question about thoughts
    /// of harming yourself) is above zero.
    pub safety_plan: Agenda,
    /// Measure id → printed name (e.g. `phq9` → "PHQ-9").
    pub measures: BTreeMap<String, String>,
    /// The plan document's wording, by key.
    pub words: BTreeMap<String, String>,
    /// The bounds every plan is checked against, whatever the `plan` worksheet allows.
    #[serde(default)]
    pub limits: Limits,
}

/// The bounds of a plan (`[limits]` in `plan.toml`), each `[lowest, highest]`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Length of the course in weeks.
    pub weeks: [u32; 2],
    /// Length of a session in minutes.
    pub minutes: [u32; 2],
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            weeks: [4, 52],
            minutes: [10, 240],
        }
    }
}

/// What the data itself may ask for: `[limits]` and session counts beyond these are refused.
pub const MAX_WEEKS: u32 = 104;
pub const MAX_MINUTES: u32 = 24 * 60;

/// A variant of IPT and how its sessions divide into phases.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub initial: usize,
    pub termination: usize,
    pub announce: usize,
    #[serde(default)]
    pub pre_sessions: usize,
    /// Where a parent or carer joins: "first", "middle" (only when a parent is part of the
    /// problem area), "last".
    #[serde(default)]
    pub parent_sessions: Vec<String>,
    /// The variant's own initial-phase agendas, in order (else the common `[[initial]]` ones).
    #[serde(rename = "agenda", default)]
    pub agendas: Vec<Agenda>,
    /// The agendas of the individual sessions before a group starts.
    #[serde(rename = "pre_agenda", default)]
    pub pre_agendas: Vec<Agenda>,
    /// The plan lists crisis lines for children and young people too.
    #[serde(default)]
    pub youth: bool,
}

/// A technique and the worksheets that support it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    pub id: String,
    pub name: String,
    pub worksheets: Vec<String>,
}

/// The names of the three phases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phases {
    pub initial: String,
    pub middle: String,
    pub termination: String,
}

/// What a session (or part of a phase) is for.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    pub aims: Vec<String>,
    /// Technique ids.
    #[serde(default)]
    pub techniques: Vec<String>,
    /// Worksheet ids, each belonging to one of the techniques.
    #[serde(default)]
    pub worksheets: Vec<String>,
}

impl PlanData {
    /// A word of the plan document; the key itself if the data lacks it (so a gap shows).
    pub fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The technique with this id.
    pub fn technique(&self, id: &str) -> Option<&Technique> {
        self.techniques.iter().find(|t| t.id == id)
    }

    /// Whether `worksheet` belongs to one of `techniques`.
    pub fn belongs(&self, worksheet: &str, techniques: &[String]) -> bool {
        techniques.iter().any(|t| {
            self.technique(t)
                .is_some_and(|t| t.worksheets.iter().any(|w| w == worksheet))
        })
    }
}

/// Parses `plan.toml`.
pub fn parse_plan(file: &str, text: &str) -> Result<PlanData, Diagnostic> {
    super::resources::refuse_hidden(file, text)?;
    let data: PlanData =
        toml::from_str(text).map_err(|e| super::resources::resource_error(file, text, &e))?;
    let problem = |m: &str, path: &[Step<'_>]| Diagnostic {
        warning: false,
        file: file.to_string(),
        position: position(text, path),
        message: m.to_string(),
        hint: Some("docs/resources.md describes every key of plan.toml".into()),
    };
    if data.format != 1 {
        return Err(problem("only `format = 1` is supported", &[Key("format")]));
    }
    if data.variants.is_empty() || data.initial.is_empty() || data.termination.is_empty() {
        return Err(problem(
            "plan data needs at least one [[variant]], [[initial]] and [[termination]]",
            &[],
        ));
    }
    for (i, v) in data.variants.iter().enumerate() {
        if v.initial == 0 || v.termination == 0 {
            let key = if v.initial == 0 {
                "initial"
            } else {
                "termination"
            };
            return Err(problem(
                &format!(
                    "variant `{}` needs at least one initial and one termination session",
                    v.id
                ),
                &[Key("variant"), Index(i), Key(key)],
            ));
        }
        let parts = [
            ("initial", v.initial),
            ("termination", v.termination),
            ("announce", v.announce),
            ("pre_sessions", v.pre_sessions),
        ];
        if let Some((key, _)) = parts.iter().find(|(_, n)| *n > MAX_WEEKS as usize) {
            return Err(problem(
                &format!(
                    "variant `{}` has more than {MAX_WEEKS} sessions in one part",
                    v.id
                ),
                &[Key("variant"), Index(i), Key(key)],
            ));
        }
    }
    let [w0, w1] = data.limits.weeks;
    let [m0, m1] = data.limits.minutes;
    let weeks_ok = w0 >= 1 && w0 <= w1 && w1 <= MAX_WEEKS;
    if !weeks_ok || m0 < 1 || m0 > m1 || m1 > MAX_MINUTES {
        return Err(problem(
            &format!(
                "[limits] must be [lowest, highest] with weeks from 1 to {MAX_WEEKS} and minutes from 1 to {MAX_MINUTES}"
            ),
            &[
                Key("limits"),
                Key(if weeks_ok { "minutes" } else { "weeks" }),
            ],
        ));
    }
    Ok(data)
}

/// A data file as read: its name for messages and its text, for positions.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// Everything in the plan data and the problem areas that names a technique it does not define,
/// or a worksheet that does not belong to the technique it is listed with, at its line and
/// column.
pub fn check_links(
    plan_src: Source<'_>,
    plan: &PlanData,
    areas_src: Source<'_>,
    areas: &[ProblemArea],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut problem = |src: Source<'_>, path: &[Step<'_>], message: String, hint: &str| {
        out.push(Diagnostic {
            warning: false,
            file: src.file.to_string(),
            position: position(src.text, path),
            message,
            hint: Some(hint.to_string()),
        });
    };
    let known = |t: &str| plan.technique(t).is_some();
    // Each agenda with what it is called in messages and where it is in the file.
    let mut agendas: Vec<(String, Vec<Step<'_>>, &Agenda)> = vec![
        ("[middle]".into(), vec![Key("middle")], &plan.middle),
        (
            "[midcourse]".into(),
            vec![Key("midcourse")],
            &plan.midcourse,
        ),
        (
            "[safety_plan]".into(),
            vec![Key("safety_plan")],
            &plan.safety_plan,
        ),
    ];
    agendas.extend(
        plan.initial
            .iter()
            .enumerate()
            .map(|(i, a)| ("[[initial]]".to_string(), vec![Key("initial"), Index(i)], a)),
    );
    agendas.extend(plan.termination.iter().enumerate().map(|(i, a)| {
        (
            "[[termination]]".to_string(),
            vec![Key("termination"), Index(i)],
            a,
        )
    }));
    for (vi, v) in plan.variants.iter().enumerate() {
        for (key, list) in [("agenda", &v.agendas), ("pre_agenda", &v.pre_agendas)] {
            agendas.extend(list.iter().enumerate().map(|(i, a)| {
                (
                    format!("variant `{}`", v.id),
                    vec![Key("variant"), Index(vi), Key(key), Index(i)],
                    a,
                )
            }));
        }
    }
    for (place, at, agenda) in agendas {
        let at = |key, i| [at.as_slice(), &[Key(key), Index(i)]].concat();
        for (i, t) in agenda.techniques.iter().enumerate() {
            if !known(t) {
                problem(
                    plan_src,
                    &at("techniques", i),
                    format!("{place} names technique `{t}`, which no [[technique]] defines"),
                    "add it as a [[technique]] with the worksheets that support it",
                );
            }
        }
        for (i, w) in agenda.worksheets.iter().enumerate() {
            if !plan.belongs(w, &agenda.techniques) {
                problem(
                    plan_src,
                    &at("worksheets", i),
                    format!(
                        "{place} lists worksheet `{w}`, which belongs to none of its techniques"
                    ),
                    "add the worksheet to the `worksheets` of one of the agenda's techniques",
                );
            }
        }
    }
    for (ai, area) in areas.iter().enumerate() {
        for (si, s) in area.strategies.iter().enumerate() {
            let place = format!("strategy `{}` of area `{}`", s.id, area.id);
            let at = |key| [Key("area"), Index(ai), Key("strategy"), Index(si), Key(key)];
            if !known(&s.technique) {
                problem(
                    areas_src,
                    &at("technique"),
                    format!(
                        "{place} names technique `{}`, which resources/plan.toml does not define",
                        s.technique
                    ),
                    "use the id of a [[technique]] in resources/plan.toml",
                );
            } else if !plan.belongs(&s.worksheet, std::slice::from_ref(&s.technique)) {
                problem(
                    areas_src,
                    &at("worksheet"),
                    format!(
                        "{place}: worksheet `{}` does not belong to technique `{}`",
                        s.worksheet, s.technique
                    ),
                    "a strategy's worksheet must be one of its technique's worksheets (resources/plan.toml)",
                );
            }
            for (k, stage) in s.stages.iter().enumerate() {
                if !area.stages.iter().any(|x| &x.id == stage) {
                    problem(
                        areas_src,
                        &[at("stages").as_slice(), &[Index(k)]].concat(),
                        format!("{place} names stage `{stage}`, which the area does not have"),
                        "list the area's stages in `stages = [{ id = …, name = … }]`",
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse_worksheet;
    use crate::spec::resources::Resources;

    fn built_in_source(name: &'static str) -> Source<'static> {
        Source {
            file: name,
            text: crate::assets::get(crate::assets::RESOURCES, name).unwrap(),
        }
    }

    fn built_in_worksheets() -> Vec<crate::spec::LoadedWorksheet> {
        let r = Resources::built_in().unwrap();
        crate::assets::WORKSHEETS
            .iter()
            .map(|(name, text)| parse_worksheet(name, text, &r).unwrap())
            .collect()
    }

    #[test]
    fn the_built_in_plan_data_ties_every_strategy_to_a_technique_and_its_worksheet() {
        let r = Resources::built_in().unwrap();
        let problems = check_links(
            built_in_source("plan.toml"),
            &r.plan,
            built_in_source("problem-areas.toml"),
            &r.problem_areas,
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_strategy_whose_worksheet_belongs_to_another_technique_is_refused() {
        let r = Resources::built_in().unwrap();
        let mut areas = r.problem_areas.clone();
        areas[0].strategies[0].worksheet = "role-play".into();
        let problems = check_links(
            built_in_source("plan.toml"),
            &r.plan,
            built_in_source("problem-areas.toml"),
            &areas,
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("does not belong to technique"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn every_worksheet_the_plan_names_exists_and_is_labelled_for_the_areas_that_use_it() {
        let r = Resources::built_in().unwrap();
        let sheets = built_in_worksheets();
        let find = |id: &str| sheets.iter().find(|s| s.spec.id.get_ref() == id);
        let agendas = r
            .plan
            .initial
            .iter()
            .chain(&r.plan.termination)
            .chain([&r.plan.middle, &r.plan.midcourse, &r.plan.safety_plan])
            .chain(
                r.plan
                    .variants
                    .iter()
                    .flat_map(|v| v.agendas.iter().chain(&v.pre_agendas)),
            );
        for w in agendas.flat_map(|a| &a.worksheets) {
            assert!(
                find(w).is_some(),
                "the plan names `{w}`, which is not built in"
            );
        }
        for t in &r.plan.techniques {
            for w in &t.worksheets {
                assert!(find(w).is_some(), "technique `{}` names `{w}`", t.id);
            }
        }
        for area in &r.problem_areas {
            for s in &area.strategies {
                let sheet = find(&s.worksheet)
                    .unwrap_or_else(|| panic!("strategy `{}` names `{}`", s.id, s.worksheet));
                let labels: Vec<&str> = sheet
                    .spec
                    .problem_areas
                    .iter()
                    .map(|a| a.get_ref().as_str())
                    .collect();
                assert!(
                    labels.contains(&"all") || labels.contains(&area.id.as_str()),
                    "worksheet `{}` is used for `{}` (strategy `{}`) but labelled {labels:?}",
                    s.worksheet,
                    area.id,
                    s.id
                );
            }
        }
    }
}
