//! [`Data`]: the plain value type that crosses the boundary into and out of expressions.

use std::collections::BTreeMap;

use minijinja::value::{Value, ValueKind};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::limits::Budget;

/// A JSON-like value: what expressions see and return.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Data>),
    Map(BTreeMap<String, Data>),
}

impl From<&str> for Data {
    fn from(s: &str) -> Self {
        Data::Str(s.to_string())
    }
}

impl From<String> for Data {
    fn from(s: String) -> Self {
        Data::Str(s)
    }
}

impl Data {
    /// A map from pairs.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Data)>) -> Data {
        Data::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Jinja truthiness: none, false, 0, "" and empty collections are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Data::Null => false,
            Data::Bool(b) => *b,
            Data::Int(i) => *i != 0,
            Data::Float(f) => *f != 0.0,
            Data::Str(s) => !s.is_empty(),
            Data::List(l) => !l.is_empty(),
            Data::Map(m) => !m.is_empty(),
        }
    }

    /// The value as a person would read it (lists joined with commas; none is empty).
    pub fn to_text(&self) -> String {
        match self {
            Data::Null => String::new(),
            Data::Bool(true) => "yes".into(),
            Data::Bool(false) => "no".into(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => format_float(*f),
            Data::Str(s) => s.clone(),
            Data::List(l) => l.iter().map(Data::to_text).collect::<Vec<_>>().join(", "),
            Data::Map(m) => m
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.to_text()))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The engine's value as plain data, within the size bounds (`limits`).
    pub(crate) fn from_value(value: &Value) -> Result<Data, &'static str> {
        Data::bounded(value, &mut Budget::default())
    }

    fn bounded(value: &Value, budget: &mut Budget) -> Result<Data, &'static str> {
        budget.item()?;
        Ok(match value.kind() {
            ValueKind::Undefined | ValueKind::None => Data::Null,
            ValueKind::Bool => Data::Bool(value.is_true()),
            ValueKind::Number => match i64::try_from(value.clone()) {
                Ok(i) => Data::Int(i),
                Err(_) => f64::try_from(value.clone()).map_or(Data::Null, Data::Float),
            },
            ValueKind::String => {
                let s = value.as_str().unwrap_or_default();
                budget.text(s.len())?;
                Data::Str(s.to_string())
            }
            ValueKind::Seq | ValueKind::Iterable => {
                let mut items = Vec::new();
                if let Ok(iter) = value.try_iter() {
                    for v in iter {
                        items.push(Data::bounded(&v, budget)?);
                    }
                }
                Data::List(items)
            }
            ValueKind::Map => {
                let mut map = BTreeMap::new();
                if let Ok(keys) = value.try_iter() {
                    for k in keys {
                        let v = value.get_item(&k).unwrap_or_default();
                        let key = k.to_string();
                        budget.text(key.len())?;
                        map.insert(key, Data::bounded(&v, budget)?);
                    }
                }
                Data::Map(map)
            }
            _ => {
                let s = value.to_string();
                budget.text(s.len())?;
                Data::Str(s)
            }
        })
    }
}

/// Floats print without a trailing `.0` noise beyond what is needed.
pub fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        let s = format!("{f:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null => s.serialize_none(),
            Data::Bool(b) => s.serialize_bool(*b),
            Data::Int(i) => s.serialize_i64(*i),
            Data::Float(f) => s.serialize_f64(*f),
            Data::Str(v) => s.serialize_str(v),
            Data::List(l) => {
                let mut seq = s.serialize_seq(Some(l.len()))?;
                for v in l {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Data::Map(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}
