//! What an expression may refer to: fields of earlier sections, earlier fields of its own section
//! (or of the current repeat entry, as `item`), `value` in rules and safety triggers, the global
//! data, and the answers of used worksheets.
//!
//! Owns: resolving one dotted reference against a [`Scope`], with a hint when it fails.

use super::diagnostic::did_you_mean;
use super::{Field, Section, Worksheet};

/// Names every expression may use: minijinja's functions and the data `ipt` adds.
pub(super) const GLOBALS: &[&str] = &[
    "range",
    "dict",
    "namespace",
    "debug",
    "problem_areas",
    "plan_variants",
    "case",
];

/// What an expression at a given place may refer to.
pub(super) struct Scope<'a> {
    pub earlier: &'a [&'a Section],
    /// The section the expression sits in, with the fields before `position` visible.
    pub section: Option<&'a Section>,
    pub position: usize,
    /// Whether `value` (the answer being checked) is visible.
    pub value: bool,
}

/// Whether a dotted reference names something visible from `scope`.
pub(super) fn resolve(reference: &str, scope: &Scope<'_>) -> Result<(), (String, String)> {
    let mut parts = reference.split('.');
    let root = parts.next().unwrap_or_default();
    let field = parts.next();
    let repeat = scope.section.filter(|s| s.repeat.is_some());
    let visible_here = |s: &Section| -> Vec<String> {
        s.fields[..scope.position.min(s.fields.len())]
            .iter()
            .map(|f| f.id().to_string())
            .collect()
    };
    match root {
        "value" if scope.value => return Ok(()),
        "value" => {
            return Err((
                "uses `value`, which only exists in `rules` and `safety`".into(),
                "refer to the field by its full id, e.g. about.mood".into(),
            ));
        }
        "index" if repeat.is_some() => return Ok(()),
        "item" => {
            let Some(section) = repeat else {
                return Err((
                    "uses `item`, which only exists inside a repeat group".into(),
                    "refer to the field by its full id, e.g. about.name".into(),
                ));
            };
            return match field {
                None => Ok(()),
                Some(f) if visible_here(section).iter().any(|v| v == f) => Ok(()),
                Some(f) => Err(later_or_unknown(section, f, &format!("item.{f}"))),
            };
        }
        g if GLOBALS.contains(&g) => return Ok(()),
        _ => {}
    }
    if let Some(current) = scope.section
        && current.id() == root
    {
        if current.repeat.is_some() {
            return Err((
                format!("refers to its own repeat group `{root}`"),
                format!(
                    "inside the group use `item.{}` for the current entry",
                    field.unwrap_or("field")
                ),
            ));
        }
        return match field {
            Some(f) if visible_here(current).iter().any(|v| v == f) => Ok(()),
            Some(f) => Err(later_or_unknown(current, f, reference)),
            None => Err((
                format!("refers to its own section `{root}` as a whole"),
                "refer to an earlier field, e.g. section.field".into(),
            )),
        };
    }
    let Some(section) = scope.earlier.iter().find(|s| s.id() == root) else {
        let names: Vec<&str> = scope.earlier.iter().map(|s| s.id()).collect();
        if let Some((file, _)) = crate::assets::WORKSHEETS
            .iter()
            .find(|(file, _)| Worksheet::use_name(file.trim_end_matches(".toml")) == root)
        {
            let id = file.trim_end_matches(".toml");
            return Err((
                format!(
                    "refers to `{reference}`: the answers of worksheet `{id}`, which this worksheet does not name in `uses`"
                ),
                format!("add uses = [\"{id}\"] at the top level to read its saved answers"),
            ));
        }
        let hint = match did_you_mean(root, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => "nothing is answered before this point; to read another worksheet's saved answers, name it in `uses`".to_string(),
            None => format!(
                "earlier sections are: {}; to read another worksheet's saved answers, name it in `uses`",
                names.join(", ")
            ),
        };
        return Err((
            format!("refers to `{reference}`, which is not an earlier section or field"),
            hint,
        ));
    };
    match field {
        None => Ok(()),
        Some(f) if section.repeat.is_some() && f.parse::<usize>().is_ok() => Ok(()),
        Some(f) if section.field(f).is_some() => {
            if section.repeat.is_some() {
                Err((
                    format!("refers to `{reference}`, but `{root}` is a repeat group (a list)"),
                    format!("use e.g. `{root} | map(attribute='{f}') | list`"),
                ))
            } else {
                Ok(())
            }
        }
        Some(f) => {
            let hint = did_you_mean(f, section.fields.iter().map(|x| x.id())).map_or_else(
                || {
                    format!(
                        "fields of `{root}`: {}",
                        section
                            .fields
                            .iter()
                            .map(|x| x.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                |s| format!("did you mean `{root}.{s}`?"),
            );
            Err((
                format!("refers to `{reference}`, which is not a field of section `{root}`"),
                hint,
            ))
        }
    }
}

fn later_or_unknown(section: &Section, field: &str, shown: &str) -> (String, String) {
    if section.field(field).is_some() {
        (
            format!("refers to `{shown}`, which is asked later"),
            "an expression can only use answers given before it; move the field or the expression"
                .into(),
        )
    } else {
        let hint = did_you_mean(field, section.fields.iter().map(|x| x.id())).map_or_else(
            || "check the field id".to_string(),
            |s| format!("did you mean `{s}`?"),
        );
        (
            format!("refers to `{shown}`, which is not a field of this section"),
            hint,
        )
    }
}

/// The field a dotted path reads, if it is one of this worksheet's: `item.x` in a repeat
/// group, `section.x` of a plain section, `value` (the field being checked).
pub(super) fn field_at<'a>(path: &str, scope: &Scope<'a>) -> Option<&'a Field> {
    let (root, rest) = path.split_once('.').unwrap_or((path, ""));
    if rest.contains('.') {
        return None;
    }
    let visible = |s: &'a Section| s.fields[..scope.position.min(s.fields.len())].iter();
    match (root, scope.section) {
        ("value", Some(s)) if scope.value && rest.is_empty() => s.fields.get(scope.position),
        ("item", Some(s)) if s.repeat.is_some() => visible(s).find(|f| f.id() == rest),
        (_, Some(s)) if s.id() == root && s.repeat.is_none() => visible(s).find(|f| f.id() == rest),
        _ => scope
            .earlier
            .iter()
            .find(|s| s.id() == root && s.repeat.is_none())
            .and_then(|s| s.field(rest)),
    }
}
