//! `--set ID=VALUE`: parsing the argument and merging it into the raw answers.

use super::{Origin, Problem, RawAnswers, RawEntry, RawInput, RawSection, RawValue};
use crate::spec::Worksheet;

/// One parsed `--set` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct SetArg {
    /// Position among the `--set` arguments, from 1.
    pub number: usize,
    /// Where it came from when not a `--set` argument (e.g. the flag `--weeks`).
    pub origin: Option<Origin>,
    pub section: String,
    /// For a repeat group: the entry, from 1.
    pub entry: Option<usize>,
    pub field: String,
    pub input: RawInput,
}

/// Parses `section.field=value` or `section[N].field=value`.
pub fn parse(number: usize, arg: &str) -> Result<SetArg, Problem> {
    let bad = |msg: &str| {
        Problem::new(format!("--set {number}"), Some(Origin::Set(number)), msg.to_string())
            .hint("write --set section.field=value, or --set group[2].field=value for the second entry of a repeat group")
    };
    let (path, value) = arg
        .split_once('=')
        .ok_or_else(|| bad("there is no `=` between the question id and the value"))?;
    let (head, field) = path
        .trim()
        .rsplit_once('.')
        .ok_or_else(|| bad("the question id needs a section and a field, like about.name"))?;
    let (section, entry) = match head.split_once('[') {
        Some((s, rest)) => {
            let n = rest
                .strip_suffix(']')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1);
            (
                s,
                Some(n.ok_or_else(|| {
                    bad("the entry number must be a whole number from 1, like people[1]")
                })?),
            )
        }
        None => (head, None),
    };
    if section.is_empty() || field.is_empty() {
        return Err(bad(
            "the question id needs a section and a field, like about.name",
        ));
    }
    let input = match value.trim_start().starts_with('[') {
        true => match toml::from_str::<toml::Table>(&format!("v = {value}")) {
            Ok(mut t) => RawInput::Toml(t.remove("v").unwrap_or(toml::Value::Array(Vec::new()))),
            Err(_) => {
                return Err(bad(
                    "a value starting with `[` must be a TOML array, like [\"one\", \"two\"]",
                ));
            }
        },
        false => RawInput::Text(value.to_string()),
    };
    Ok(SetArg {
        number,
        origin: None,
        section: section.to_string(),
        entry,
        field: field.to_string(),
        input,
    })
}

/// Applies `--set` arguments on top of `answers`. Unknown fields are left for the gate to report.
/// Entries of a repeat group may be given in any order (`people[2]` before `people[1]`): they are
/// placed by number, so an entry is added when every entry before it is there (in the answers
/// file or given). Every problem is reported, not only the first.
pub fn apply(
    spec: &Worksheet,
    answers: &mut RawAnswers,
    sets: &[SetArg],
) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    // By entry number, stably: arguments for one answer keep their order, so the last wins.
    let mut ordered: Vec<&SetArg> = sets.iter().collect();
    ordered.sort_by_key(|s| s.entry);
    for set in ordered {
        let question = match set.entry {
            Some(n) => format!("{}[{n}].{}", set.section, set.field),
            None => format!("{}.{}", set.section, set.field),
        };
        let value = RawValue {
            input: set.input.clone(),
            origin: set.origin.clone().unwrap_or(Origin::Set(set.number)),
        };
        let Some(section) = spec.section(&set.section) else {
            let ids: Vec<&str> = spec.sections.iter().map(|s| s.id()).collect();
            problems.push(
                Problem::new(
                    question,
                    Some(set.origin.clone().unwrap_or(Origin::Set(set.number))),
                    format!("there is no section `{}` in this worksheet", set.section),
                )
                .hint(format!("sections: {}", ids.join(", "))),
            );
            continue;
        };
        match (section.repeat.is_some(), set.entry) {
            (false, None) => {
                let slot = answers
                    .sections
                    .entry(set.section.clone())
                    .or_insert_with(|| RawSection::Single(RawEntry::default()));
                if let RawSection::Single(entry) = slot {
                    entry.values.insert(set.field.clone(), value);
                } else {
                    *slot = RawSection::Single(RawEntry {
                        values: [(set.field.clone(), value)].into(),
                        origin: None,
                    });
                }
            }
            (true, Some(n)) => {
                let slot = answers
                    .sections
                    .entry(set.section.clone())
                    .or_insert_with(|| RawSection::Repeat(Vec::new()));
                if let RawSection::Single(_) = slot {
                    *slot = RawSection::Repeat(Vec::new());
                }
                let RawSection::Repeat(entries) = slot else {
                    continue;
                };
                if n == entries.len() + 1 {
                    entries.push(RawEntry::default());
                }
                match entries.get_mut(n - 1) {
                    Some(entry) => {
                        entry.values.insert(set.field.clone(), value);
                    }
                    None => problems.push(
                        Problem::new(
                            question,
                            Some(set.origin.clone().unwrap_or(Origin::Set(set.number))),
                            format!(
                                "there {}, so this cannot be entry {n}",
                                match entries.len() {
                                    0 => "is no entry in the answers or the other --set arguments".to_string(),
                                    1 => "is 1 entry in the answers and the other --set arguments".to_string(),
                                    k => format!("are {k} entries in the answers and the other --set arguments"),
                                }
                            ),
                        )
                        .hint(format!(
                            "entries count from 1 without gaps: give {}[{}] as well",
                            set.section,
                            entries.len() + 1
                        )),
                    ),
                }
            }
            (true, None) => problems.push(
                Problem::new(
                    question,
                    Some(set.origin.clone().unwrap_or(Origin::Set(set.number))),
                    format!(
                        "`{}` is a repeat group, so the entry must be named",
                        set.section
                    ),
                )
                .hint(format!("write {}[1].{}=…", set.section, set.field)),
            ),
            (false, Some(_)) => problems.push(
                Problem::new(
                    question,
                    Some(set.origin.clone().unwrap_or(Origin::Set(set.number))),
                    format!("`{}` is not a repeat group", set.section),
                )
                .hint(format!("write {}.{}=…", set.section, set.field)),
            ),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_arguments_name_a_section_an_optional_entry_and_a_field() {
        let s = parse(1, "people[2].name=Zoë = friend").unwrap();
        assert_eq!(
            (s.section.as_str(), s.entry, s.field.as_str()),
            ("people", Some(2), "name")
        );
        assert_eq!(s.input, RawInput::Text("Zoë = friend".into()));
        let s = parse(2, "about.goals=[\"a, b\", \"c\"]").unwrap();
        assert!(matches!(s.input, RawInput::Toml(toml::Value::Array(ref a)) if a.len() == 2));
    }

    fn people() -> Worksheet {
        let text = "format = 1\nid = \"p\"\nversion = \"1\"\ntitle = \"P\"\n[[section]]\nid = \"people\"\ntitle = \"People\"\nrepeat = { add_another = \"More?\", label = \"{{ item.name }}\" }\n[[section.field]]\nid = \"name\"\ntype = \"text\"\nprompt = \"Name\"\n";
        let r = crate::spec::resources::Resources::built_in().unwrap();
        crate::spec::parse_worksheet("p.toml", text, &r)
            .unwrap()
            .spec
    }

    fn names(answers: &RawAnswers) -> Vec<String> {
        match answers.sections.get("people") {
            Some(RawSection::Repeat(entries)) => entries
                .iter()
                .map(|e| match &e.values["name"].input {
                    RawInput::Text(t) => t.clone(),
                    other => format!("{other:?}"),
                })
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    /// Regression: `--set people[2]…` before `--set people[1]…` was refused.
    #[test]
    fn set_entries_may_come_in_any_order() {
        let sets = [
            parse(1, "people[3].name=C").unwrap(),
            parse(2, "people[1].name=A").unwrap(),
            parse(3, "people[2].name=B").unwrap(),
            parse(4, "people[1].name=A2").unwrap(),
        ];
        let mut answers = RawAnswers::default();
        apply(&people(), &mut answers, &sets).unwrap();
        assert_eq!(
            names(&answers),
            ["A2", "B", "C"],
            "the last --set for an answer wins"
        );
    }

    /// Regression: `--set` problems stopped at an out-of-order index; every gap is named now.
    #[test]
    fn every_gap_in_set_entries_is_reported_at_once() {
        let sets = [
            parse(1, "people[3].name=C").unwrap(),
            parse(2, "people[5].name=E").unwrap(),
            parse(3, "people.name=X").unwrap(),
        ];
        let mut answers = RawAnswers::default();
        let problems = apply(&people(), &mut answers, &sets).unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{shown:#?}");
        assert!(
            shown
                .iter()
                .any(|p| p.contains("people[3].name") && p.contains("give people[1] as well")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|p| p.contains("people[5].name")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|p| p.contains("is a repeat group")),
            "{shown:#?}"
        );
        assert!(!shown.iter().any(|p| p.contains("=C") || p.contains("=E")));
    }

    #[test]
    fn a_malformed_set_argument_says_how_to_write_it_without_echoing_the_value() {
        let p = parse(3, "aboutname=secret").unwrap_err();
        assert!(p.to_string().contains("--set argument 3"), "{p}");
        assert!(!p.to_string().contains("secret"));
        assert!(parse(1, "people[0].name=x").is_err());
    }
}
