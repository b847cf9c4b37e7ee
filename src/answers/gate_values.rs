//! The answers gate, continued: turning one given value into a checked answer (`accept`),
//! defaults, the options of a choice, and small conversions between values and expression data.

use std::collections::BTreeMap;

use super::gate::{Gate, Scope};
use super::value::{self, Input, Opt, Value, fixed_options};
use crate::jinja::Data;
use crate::spec::Field;

impl Gate<'_> {
    /// Converts and checks one given value: type, range, static rules, then `check` rules.
    pub(super) fn accept(
        &mut self,
        field: &Field,
        input: Input<'_>,
        options: Option<&[Opt]>,
        scope: &Scope<'_>,
        question: &str,
    ) -> Result<Option<Value>, String> {
        let Some(v) = value::convert(field, input, options)? else {
            return Ok(None);
        };
        value::static_rules(field, &v)?;
        for rule in &field.rules {
            let r = rule.get_ref();
            if let Some(check) = &r.check {
                let scope = with_value(scope, &v);
                match self.exprs.truthy(check, &scope) {
                    Ok(true) => {}
                    Ok(false) => {
                        return Err(r.message.clone().unwrap_or_else(|| {
                            "This answer does not pass the worksheet's check.".into()
                        }));
                    }
                    // A check over something unanswered passes; see `Gate::failed`.
                    Err(e) => self.failed(question, "check", check, &e, &scope),
                }
            }
        }
        Ok(Some(v))
    }

    pub(super) fn default(
        &mut self,
        field: &Field,
        options: Option<&[Opt]>,
        scope: &Scope<'_>,
        question: &str,
    ) -> Option<Value> {
        let raw = if let Some(d) = &field.default {
            d.get_ref().clone()
        } else {
            let expr = field.default_expr.as_ref()?;
            match self.exprs.eval(expr.get_ref(), scope) {
                Ok(d) => data_to_toml(&d)?,
                Err(e) => {
                    self.failed(question, "default_expr", expr.get_ref(), &e, scope);
                    return None;
                }
            }
        };
        match self.accept(field, Input::Toml(&raw), options, scope, question) {
            Ok(v) => v,
            Err(message) => {
                self.definition(question.to_string(), "default", &message);
                None
            }
        }
    }

    pub(super) fn options(
        &mut self,
        field: &Field,
        scope: &Scope<'_>,
        question: &str,
    ) -> Option<Vec<Opt>> {
        if let Some(fixed) = fixed_options(field) {
            return Some(fixed);
        }
        let from = field.choices_from.as_ref()?;
        match self.exprs.eval(from.get_ref(), scope) {
            Ok(Data::List(items)) => {
                let mut opts: Vec<Opt> = Vec::new();
                for item in &items {
                    // An item is a plain value, or a table with `value` (and `label`).
                    let (value, label) = match item {
                        Data::Map(m) if m.contains_key("value") => {
                            let value = m["value"].to_text();
                            let label = m.get("label").map_or_else(|| value.clone(), Data::to_text);
                            (value, label)
                        }
                        other => (other.to_text(), other.to_text()),
                    };
                    if !value.is_empty() && !opts.iter().any(|o| o.value == value) {
                        opts.push(Opt {
                            value,
                            label,
                            help: None,
                        });
                    }
                }
                Some(opts)
            }
            Ok(Data::Null) => Some(Vec::new()),
            Ok(_) => {
                self.definition(
                    question.to_string(),
                    "choices_from",
                    "it did not give a list",
                );
                Some(Vec::new())
            }
            Err(e) => {
                self.failed(question, "choices_from", from.get_ref(), &e, scope);
                Some(Vec::new())
            }
        }
    }
}

/// A value as shown to people: a choice by its option's label.
pub(super) fn labelled(v: &Value, options: Option<&[Opt]>) -> Data {
    let label = |c: &String| {
        options
            .and_then(|o| o.iter().find(|o| &o.value == c))
            .map_or_else(|| c.clone(), |o| o.label.clone())
    };
    match v {
        Value::Choice(c) => Data::Str(label(c)),
        Value::Choices(cs) => Data::List(cs.iter().map(|c| Data::Str(label(c))).collect()),
        other => other.to_data(),
    }
}

pub(super) fn data_map(d: &Data) -> BTreeMap<String, Data> {
    match d {
        Data::Map(m) => m.clone(),
        _ => BTreeMap::new(),
    }
}

pub(super) fn with_value<'c>(scope: &Scope<'c>, v: &Value) -> Scope<'c> {
    scope.with("value", v.to_data())
}

pub(crate) fn data_to_toml(d: &Data) -> Option<toml::Value> {
    Some(match d {
        Data::Null => return None,
        Data::Bool(b) => toml::Value::Boolean(*b),
        Data::Int(i) => toml::Value::Integer(*i),
        Data::Float(f) => toml::Value::Float(*f),
        Data::Str(s) => toml::Value::String(s.clone()),
        Data::List(l) => toml::Value::Array(l.iter().filter_map(data_to_toml).collect()),
        Data::Map(_) => toml::Value::String(d.to_text()),
    })
}
