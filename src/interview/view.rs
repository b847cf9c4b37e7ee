//! What the person sees: a [`Question`] built from the worksheet, the current answer or default
//! and where they are; and the items of the review. Part of the engine, kept apart for size.

use super::engine::Engine;
use super::{Progress, Question, ReviewItem, Total};
use crate::answers::{Checked, CheckedField, Mode, RawInput, Slot, Value};
use crate::spec::{Field, FieldType, Section};

impl Engine<'_, '_> {
    pub(super) fn review_items(&self, checked: &Checked) -> (Vec<ReviewItem>, Vec<Slot>) {
        let mut items = Vec::new();
        let mut slots = Vec::new();
        for section in &self.setup.sheet.spec.sections {
            let Some(cs) = checked.sections.iter().find(|s| s.id == section.id()) else {
                continue;
            };
            for (i, entry) in cs.entries.iter().enumerate() {
                for cf in entry.fields.iter().filter(|cf| !is_computed(section, cf)) {
                    let slot = Slot {
                        section: section.id().to_string(),
                        entry: section.repeat.is_some().then_some(i),
                        field: cf.id.clone(),
                    };
                    let prompt = section
                        .field(&cf.id)
                        .map_or_else(String::new, |f| f.prompt.clone());
                    items.push(ReviewItem {
                        id: slot.id(),
                        section: section.title.clone(),
                        entry: section
                            .repeat
                            .as_ref()
                            .map(|_| entry.label.clone().unwrap_or_else(|| (i + 1).to_string())),
                        prompt,
                        answer: cf.value.as_ref().map(|v| shown(v, cf.options.as_deref())),
                    });
                    slots.push(slot);
                }
            }
        }
        (items, slots)
    }

    pub(super) fn question(
        &self,
        checked: &Checked,
        slot: &Slot,
        refused: Option<super::engine::Refused>,
    ) -> Question {
        let section = self.section(&slot.section);
        let field = section
            .field(&slot.field)
            .expect("slots name fields of the worksheet");
        let applicable: Vec<&crate::answers::CheckedSection> = checked.sections.iter().collect();
        let section_no = applicable
            .iter()
            .position(|s| s.id == slot.section)
            .map_or(1, |i| i + 1);
        let entry = applicable
            .iter()
            .find(|s| s.id == slot.section)
            .and_then(|s| s.entries.get(slot.entry.unwrap_or(0)));
        let asked: Vec<&CheckedField> = entry
            .map(|e| {
                e.fields
                    .iter()
                    .filter(|cf| !is_computed(section, cf))
                    .collect()
            })
            .unwrap_or_default();
        let cf = asked.iter().find(|cf| cf.id == slot.field);
        let question = asked
            .iter()
            .position(|cf| cf.id == slot.field)
            .map_or(1, |i| i + 1);
        let options = cf.and_then(|cf| cf.options.clone()).unwrap_or_default();
        let (current, current_items) = self.current(slot, field.kind());
        let scale = if field.kind() == FieldType::Scale {
            let (lo, hi) = field.int_bounds((0, 10));
            (lo..=hi).map(|v| (v, field.anchor(v))).collect()
        } else {
            Vec::new()
        };
        Question {
            id: slot.id(),
            prompt: field.prompt.clone(),
            help: cf
                .and_then(|cf| cf.help.clone())
                .or_else(|| field.help.clone()),
            example: field.example.clone(),
            kind: field.kind(),
            required: field.required,
            options,
            allow_other: field.allows_other(),
            scale,
            current,
            current_items,
            typed: refused.as_ref().and_then(|r| r.typed.clone()),
            error: refused.map(|r| r.message),
            progress: Progress {
                section_title: section.title.clone(),
                section: section_no,
                sections: self.sections_total(section, section_no, applicable.len()),
                question,
                questions: questions_total(section, field, question, asked.len()),
                entry: slot.entry.map(|i| {
                    entry
                        .and_then(|e| e.label.clone())
                        .unwrap_or_else(|| (i + 1).to_string())
                }),
            },
        }
    }

    /// How many sections there are, counting the one at `number` (of the `applicable` ones) and
    /// every later one whose condition the answers so far cannot settle.
    fn sections_total(&self, section: &Section, number: usize, applicable: usize) -> Total {
        let spec = &self.setup.sheet.spec.sections;
        let later = spec
            .iter()
            .position(|s| s.id() == section.id())
            .map_or(&[][..], |i| &spec[i + 1..]);
        if later.iter().any(|s| s.when.is_some()) {
            Total::AtMost(number + later.len())
        } else {
            Total::Exactly(applicable)
        }
    }

    /// The answer so far, or else the default, as editable text and items, with control and
    /// bidi characters from an answers file shown as placeholders (docs/security.md).
    pub(super) fn current(&self, slot: &Slot, kind: FieldType) -> (Option<String>, Vec<String>) {
        let (text, items) = self.current_raw(slot, kind);
        let show = |s: String| crate::visible::show(&s).into_owned();
        (text.map(show), items.into_iter().map(show).collect())
    }

    fn current_raw(&self, slot: &Slot, kind: FieldType) -> (Option<String>, Vec<String>) {
        let join = if kind == FieldType::List { "\n" } else { ", " };
        if let Some(raw) = self.file.answers.get(slot) {
            return match &raw.input {
                RawInput::Text(t) => (Some(t.clone()), vec![t.clone()]),
                RawInput::Toml(toml::Value::Array(items)) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .collect();
                    (Some(items.join(join)), items)
                }
                RawInput::Toml(toml::Value::String(s)) => (Some(s.clone()), vec![s.clone()]),
                RawInput::Toml(toml::Value::Boolean(b)) => {
                    (Some(if *b { "yes" } else { "no" }.into()), Vec::new())
                }
                RawInput::Toml(other) => (Some(other.to_string()), Vec::new()),
            };
        }
        match self.default_at(slot) {
            Some(Value::Choices(v) | Value::List(v)) => (Some(v.join(join)), v),
            Some(v) => (Some(editable(&v)), Vec::new()),
            None => (None, Vec::new()),
        }
    }

    pub(super) fn default_at(&self, slot: &Slot) -> Option<Value> {
        value_at(&self.gate(Mode::SUGGEST).ok()?, slot)
    }
}

pub(super) fn value_at(checked: &Checked, slot: &Slot) -> Option<Value> {
    let cs = checked.sections.iter().find(|s| s.id == slot.section)?;
    let entry = cs.entries.get(slot.entry.unwrap_or(0))?;
    entry
        .fields
        .iter()
        .find(|f| f.id == slot.field)?
        .value
        .clone()
}

/// How many questions this section (or entry) asks, counting `field`, the `number`-th of the
/// `applicable` ones: while a later question has a condition, at most this one and all later.
/// Conditions see only earlier answers, so the total never grows as the person goes on.
fn questions_total(section: &Section, field: &Field, number: usize, applicable: usize) -> Total {
    let later: Vec<&Field> = section
        .fields
        .iter()
        .skip_while(|f| f.id() != field.id())
        .skip(1)
        .filter(|f| f.kind() != FieldType::Computed)
        .collect();
    if later.iter().any(|f| f.when.is_some()) {
        Total::AtMost(number + later.len())
    } else {
        Total::Exactly(applicable)
    }
}

pub(super) fn is_computed(section: &Section, cf: &CheckedField) -> bool {
    section
        .field(&cf.id)
        .is_some_and(|f| f.kind() == FieldType::Computed)
}

/// A value as text the person can edit.
fn editable(v: &Value) -> String {
    match v {
        Value::Text(s) | Value::Choice(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Decimal(f) => crate::jinja::format_float(*f),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Date(d) => d.to_string(),
        Value::Choices(v) => v.join(", "),
        Value::List(v) => v.join("\n"),
        Value::Computed(d) => d.to_text(),
    }
}

/// A value as a person reads it in the review: choices by their labels, a scored answer also by
/// its score ("3 — Nearly every day"), so the number typed can be checked.
fn shown(v: &Value, options: Option<&[crate::answers::Opt]>) -> String {
    let scored = options.is_some_and(super::choosing::scored);
    let label = |c: &String| {
        options
            .and_then(|o| o.iter().find(|o| &o.value == c))
            .map_or_else(
                || c.clone(),
                |o| {
                    if scored {
                        format!("{} — {}", o.value, o.label)
                    } else {
                        o.label.clone()
                    }
                },
            )
    };
    match v {
        Value::Choice(c) => label(c),
        Value::Choices(cs) => cs.iter().map(label).collect::<Vec<_>>().join(", "),
        Value::List(items) => items.join("; "),
        other => editable(other),
    }
}
