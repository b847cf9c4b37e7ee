//! Synthetic answers for checking a worksheet's expressions before anyone fills it in: every
//! field empty, or every field answered with a typed sample value; repeat groups with none or
//! two entries; the `case` global as none, as a case with goals and scores, or as a case with
//! neither.
//!
//! Owns: the sample values and scenarios. Running the expressions is `deep`'s job. The shape of
//! `case` follows `commands::case::case_data`.

use std::collections::BTreeMap;

use super::resources::Resources;
use super::{Field, FieldType};
use crate::jinja::Data;

/// How much is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fill {
    /// Nothing: every field none, every repeat group empty.
    Empty,
    /// Everything, with a sample value of its type; repeat groups with two entries.
    Filled,
}

/// The `case` global.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CaseSample {
    /// Outside a case folder.
    None,
    /// A case with agreed goals and questionnaire scores.
    Full,
    /// A case with no goals and no scores yet.
    Bare,
}

/// One set of synthetic answers, with the words that describe it in messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scenario {
    pub fill: Fill,
    pub case: CaseSample,
    pub words: &'static str,
}

/// The scenarios every worksheet is run through.
pub(super) const SCENARIOS: &[Scenario] = &[
    Scenario {
        fill: Fill::Empty,
        case: CaseSample::None,
        words: "when nothing is answered yet, outside a case folder",
    },
    Scenario {
        fill: Fill::Filled,
        case: CaseSample::Full,
        words: "when every question is answered, in a case folder",
    },
    Scenario {
        fill: Fill::Empty,
        case: CaseSample::Bare,
        words: "when nothing is answered yet, in a case folder without goals or scores",
    },
    Scenario {
        fill: Fill::Filled,
        case: CaseSample::None,
        words: "when every question is answered, outside a case folder",
    },
];

/// The `case` global of a scenario.
pub(super) fn case(sample: CaseSample, resources: &Resources) -> Data {
    let full = sample == CaseSample::Full;
    let measure = |_: &str| {
        if full {
            Data::map([
                ("first", Data::Int(14)),
                ("latest", Data::Int(9)),
                ("first_date", Data::from("2027-01-11")),
                ("latest_date", Data::from("2027-03-08")),
                ("count", Data::Int(3)),
                ("latest_safety", Data::Bool(false)),
            ])
        } else {
            Data::Null
        }
    };
    match sample {
        CaseSample::None => Data::Null,
        CaseSample::Full | CaseSample::Bare => Data::map([
            ("session", Data::Int(3)),
            ("sessions", Data::Int(12)),
            ("date", Data::from("2027-01-25")),
            ("phase", Data::from(resources.plan.phases.middle.as_str())),
            (
                "focus",
                Data::from(
                    resources
                        .problem_areas
                        .first()
                        .map_or("Grief", |a| a.name.as_str()),
                ),
            ),
            (
                "goals",
                Data::List(if full {
                    vec![Data::from("A sample goal"), Data::from("Another goal")]
                } else {
                    Vec::new()
                }),
            ),
            (
                "measures",
                Data::Map(
                    resources
                        .measures
                        .measures
                        .iter()
                        .map(|m| (m.id.clone(), measure(&m.id)))
                        .collect::<BTreeMap<_, _>>(),
                ),
            ),
        ]),
    }
}

/// A sample answer of the field's type, within its range; `options` are the values of a
/// choice as they stand.
pub(super) fn value(field: &Field, options: &[String]) -> Data {
    let bound = |b: &Option<toml::Spanned<toml::Value>>| b.as_ref().map(|v| v.get_ref().clone());
    let number = |v: &Option<toml::Value>| {
        v.as_ref()
            .and_then(|v| v.as_integer().map(|i| i as f64).or_else(|| v.as_float()))
    };
    let (lo, hi) = (number(&bound(&field.min)), number(&bound(&field.max)));
    let middle = match (lo, hi) {
        (Some(l), Some(h)) => (l + h) / 2.0,
        (Some(l), None) => l + 1.0,
        (None, Some(h)) => h - 1.0,
        (None, None) => 2.0,
    };
    let first = || options.first().cloned().unwrap_or_else(|| "Sample".into());
    match field.kind() {
        FieldType::Text => Data::from("Sample text"),
        FieldType::LongText => Data::from("Sample text.\nA second line."),
        FieldType::Integer | FieldType::Scale => Data::Int(middle.round() as i64),
        FieldType::Decimal => Data::Float(middle + 0.5),
        FieldType::YesNo => Data::Bool(true),
        FieldType::Date => {
            let within = [&field.min, &field.max]
                .into_iter()
                .flatten()
                .find_map(|b| b.get_ref().as_datetime().map(ToString::to_string));
            Data::Str(within.unwrap_or_else(|| "2027-01-11".into()))
        }
        FieldType::Choice => Data::Str(first()),
        FieldType::MultiChoice => Data::List(vec![Data::Str(first())]),
        FieldType::List => Data::List(vec![Data::from("A sample item"), Data::from("Another")]),
        FieldType::Computed => Data::Null,
    }
}
