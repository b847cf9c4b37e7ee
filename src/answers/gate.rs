//! The ONE validation path. Answers from a file, from `--set` and from prompts all pass through
//! [`check`]: conditions decide which questions apply, defaults fill gaps, every value is
//! converted to its type and checked against its rules, computed values are computed, safety
//! triggers are noted. Every problem is reported at once.

use std::collections::BTreeMap;

use super::gate_values::{data_map, labelled, with_value};
use super::value::{Input, Opt, Value};
use super::{Problem, RawAnswers, RawEntry, RawInput, RawSection};
use crate::jinja::{Data, ExprError, Exprs, Fault, Names};
use crate::spec::did_you_mean;
use crate::spec::{Field, FieldType, SafetyBlock, Section, Worksheet};

/// How strict the gate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Fill unanswered questions from their defaults.
    pub apply_defaults: bool,
    /// Report required questions without an answer, and repeat groups below their minimum.
    pub require_complete: bool,
}

impl Checked {
    /// The field `section.field` (of the first entry of its section), if it applies.
    pub fn field(&self, path: &str) -> Option<&CheckedField> {
        let (section, field) = path.split_once('.')?;
        self.sections
            .iter()
            .find(|s| s.id == section)?
            .entries
            .first()?
            .fields
            .iter()
            .find(|f| f.id == field)
    }

    /// The answer (or computed value) of `section.field`, if there is one.
    pub fn value(&self, path: &str) -> Option<&Value> {
        self.field(path)?.value.as_ref()
    }
}

impl Mode {
    /// A non-interactive run: defaults apply, everything required must be there.
    pub const FINAL: Mode = Mode {
        apply_defaults: true,
        require_complete: true,
    };
    /// Answers as they stand (an unfinished interview, a file being read): nothing added,
    /// nothing required, but what is there must be right.
    pub const DRAFT: Mode = Mode {
        apply_defaults: false,
        require_complete: false,
    };
    /// A draft with the defaults filled in: what a form would suggest.
    pub const SUGGEST: Mode = Mode {
        apply_defaults: true,
        require_complete: false,
    };
    /// Everything required, from the person's own answers only (the end of an interview).
    pub const COMPLETE_AS_GIVEN: Mode = Mode {
        apply_defaults: false,
        require_complete: true,
    };
}

/// Answers that passed the gate, in worksheet order, holding only what applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub sections: Vec<CheckedSection>,
    /// Question ids whose safety trigger fired (the crisis block).
    pub safety: Vec<String>,
    /// Question ids whose relationship-safety trigger fired (`safety_block = "relationship"`).
    pub relationship: Vec<String>,
    /// Every required question that applies has an answer.
    pub complete: bool,
    /// The answers as expressions see them (what a worksheet that `uses` this one reads).
    pub data: Data,
}

/// One section that applies.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSection {
    pub id: String,
    /// One entry for a plain section; one per entry for a repeat group.
    pub entries: Vec<CheckedEntry>,
}

/// The answers of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedEntry {
    /// A repeat entry's label, from the `repeat.label` template.
    pub label: Option<String>,
    pub fields: Vec<CheckedField>,
}

/// One question that applies, answered or not.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedField {
    pub id: String,
    pub value: Option<Value>,
    /// The options of a choice field as they stand (drawn from earlier answers if so defined).
    pub options: Option<Vec<Opt>>,
    /// The help as it stands, from `help_expr` (none: the field's own `help`).
    pub help: Option<String>,
}

pub(super) struct Gate<'a> {
    pub(super) exprs: Exprs,
    pub(super) mode: Mode,
    pub(super) problems: Vec<Problem>,
    pub(super) safety: Vec<String>,
    pub(super) relationship: Vec<String>,
    pub(super) complete: bool,
    pub(super) spec: &'a Worksheet,
}

/// Checks raw answers against a worksheet.
pub fn check(spec: &Worksheet, raw: &RawAnswers, mode: Mode) -> Result<Checked, Vec<Problem>> {
    check_with(spec, raw, mode, &BTreeMap::new())
}

/// The global that holds the session of a case folder: `case.session`, `case.sessions`,
/// `case.date`, `case.phase`, `case.focus` (none outside a case).
pub const CASE: &str = "case";

/// Starts the repeat groups that have `entries_from` and no entries yet: one entry per item of
/// its list, `entries_field` answered with the item (a contract's goals, one to rate each).
/// Expressions see only `used` (other worksheets' answers and the global data). Answers already
/// given are never touched; a list that cannot be worked out starts nothing.
pub fn start_entries(spec: &Worksheet, raw: &mut RawAnswers, used: &BTreeMap<String, Data>) {
    let exprs = Exprs::new();
    let mut ctx: BTreeMap<String, Data> = spec
        .uses
        .iter()
        .map(|u| (Worksheet::use_name(u.get_ref()), Data::Null))
        .chain(std::iter::once((CASE.to_string(), Data::Null)))
        .collect();
    ctx.extend(used.iter().map(|(k, v)| (k.clone(), v.clone())));
    let ctx = Data::Map(ctx);
    for section in &spec.sections {
        let Some(repeat) = &section.repeat else {
            continue;
        };
        let (Some(from), Some(field)) = (&repeat.entries_from, &repeat.entries_field) else {
            continue;
        };
        if raw.entries(section.id()) > 0 {
            continue;
        }
        let max = section.repeat_bounds().map_or(usize::MAX, |(_, max)| max);
        let Ok(Data::List(items)) = exprs.eval(from.get_ref(), &ctx) else {
            continue;
        };
        for item in items.iter().take(max) {
            let text = match item {
                Data::Str(s) => s.clone(),
                Data::Null => continue,
                other => other.to_text(),
            };
            let i = raw.entries(section.id());
            raw.push_entry(section.id());
            raw.set(
                &super::Slot {
                    section: section.id().to_string(),
                    entry: Some(i),
                    field: field.get_ref().clone(),
                },
                super::RawValue {
                    input: super::RawInput::Toml(toml::Value::String(text)),
                    origin: super::Origin::Flag(format!("{}.entries_from", section.id())),
                },
            );
        }
    }
}

/// Checks raw answers, with `used` visible to expressions: the answers of the worksheets it
/// `uses` under their names (`inventory`; `none` when missing) and the global data
/// (`problem_areas`, `plan_variants`, `case`).
pub fn check_with(
    spec: &Worksheet,
    raw: &RawAnswers,
    mode: Mode,
    used: &BTreeMap<String, Data>,
) -> Result<Checked, Vec<Problem>> {
    let mut gate = Gate {
        exprs: Exprs::new(),
        mode,
        problems: Vec::new(),
        safety: Vec::new(),
        relationship: Vec::new(),
        complete: true,
        spec,
    };
    for (id, section) in &raw.sections {
        if spec.section(id).is_none() {
            let origin = match section {
                RawSection::Single(e) => e.origin.clone(),
                RawSection::Repeat(v) => v.first().and_then(|e| e.origin.clone()),
            };
            let hint = did_you_mean(id, spec.sections.iter().map(|s| s.id())).map_or_else(
                || {
                    format!(
                        "sections of `{}`: {}",
                        spec.id.get_ref(),
                        spec.sections
                            .iter()
                            .map(|s| s.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                |s| format!("did you mean `{s}`?"),
            );
            gate.problems.push(
                Problem::new(
                    id.clone(),
                    origin,
                    format!(
                        "`{id}` is not a section of worksheet `{}`",
                        spec.id.get_ref()
                    ),
                )
                .hint(hint),
            );
        }
    }
    let mut ctx: BTreeMap<String, Data> = spec
        .uses
        .iter()
        .map(|u| (Worksheet::use_name(u.get_ref()), Data::Null))
        // `case` is the session of a case folder (none outside one).
        .chain(std::iter::once((CASE.to_string(), Data::Null)))
        .chain(used.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    let external: Vec<String> = ctx.keys().cloned().collect();
    let mut sections = Vec::new();
    for section in &spec.sections {
        let applies = match &section.when {
            Some(when) => gate.truthy(&when.clone().into_inner(), &ctx, section.id()),
            None => true,
        };
        if !applies {
            ctx.insert(section.id().to_string(), empty_section(section));
            continue;
        }
        let raw_section = raw.sections.get(section.id());
        let (checked, data) = match section.repeat_bounds() {
            Some(bounds) => gate.repeat(section, bounds, raw_section, &ctx),
            None => gate.single(section, raw_section, &ctx),
        };
        ctx.insert(section.id().to_string(), data);
        sections.push(checked);
    }
    if gate.problems.is_empty() {
        ctx.retain(|k, _| !external.contains(k));
        Ok(Checked {
            sections,
            safety: gate.safety,
            relationship: gate.relationship,
            complete: gate.complete,
            data: Data::Map(ctx),
        })
    } else {
        Err(gate.problems)
    }
}

fn empty_section(section: &Section) -> Data {
    match section.repeat {
        Some(_) => Data::List(Vec::new()),
        None => Data::map(section.fields.iter().map(|f| (f.id(), Data::Null))),
    }
}

impl Gate<'_> {
    fn single(
        &mut self,
        section: &Section,
        raw: Option<&RawSection>,
        ctx: &BTreeMap<String, Data>,
    ) -> (CheckedSection, Data) {
        let empty = RawEntry::default();
        let entry = match raw {
            Some(RawSection::Single(e)) => e,
            Some(RawSection::Repeat(v)) => {
                self.problems.push(
                    Problem::new(
                        section.id(),
                        v.first().and_then(|e| e.origin.clone()),
                        format!("`{}` is a plain section, not a repeat group", section.id()),
                    )
                    .hint(format!(
                        "write [answers.{}] (single brackets)",
                        section.id()
                    )),
                );
                &empty
            }
            None => &empty,
        };
        let (checked, data) = self.entry(section, entry, ctx, None);
        (
            CheckedSection {
                id: section.id().to_string(),
                entries: vec![checked],
            },
            data,
        )
    }

    fn repeat(
        &mut self,
        section: &Section,
        (min, max): (usize, usize),
        raw: Option<&RawSection>,
        ctx: &BTreeMap<String, Data>,
    ) -> (CheckedSection, Data) {
        let id = section.id();
        let entries: &[RawEntry] = match raw {
            Some(RawSection::Repeat(v)) => v,
            Some(RawSection::Single(e)) => {
                self.problems.push(
                    Problem::new(id, e.origin.clone(), format!("`{id}` is a repeat group")).hint(
                        format!("write each entry as [[answers.{id}]] (double brackets)"),
                    ),
                );
                &[]
            }
            None => &[],
        };
        if entries.len() > max {
            self.problems.push(
                Problem::new(
                    id,
                    entries.get(max).and_then(|e| e.origin.clone()),
                    format!(
                        "`{id}` takes at most {max} entries; there are {}",
                        entries.len()
                    ),
                )
                .hint("remove the extra entries"),
            );
            // Too many entries: say so at once, without checking each of them.
            return (
                CheckedSection {
                    id: id.to_string(),
                    entries: Vec::new(),
                },
                Data::List(Vec::new()),
            );
        }
        if entries.len() < min {
            self.complete = false;
            if self.mode.require_complete {
                self.problems.push(
                    Problem::new(
                        id,
                        entries.last().and_then(|e| e.origin.clone()),
                        format!(
                            "`{id}` needs at least {min} {}; there {} {}",
                            plural(min, "entry", "entries"),
                            if entries.len() == 1 { "is" } else { "are" },
                            entries.len()
                        ),
                    )
                    .hint(format!(
                        "add entries as [[answers.{id}]] tables, or with --set {id}[{}].FIELD=…",
                        entries.len() + 1
                    )),
                );
            }
        }
        let mut checked = Vec::new();
        let mut items = Vec::new();
        for (i, raw_entry) in entries.iter().enumerate() {
            let (entry, data) = self.entry(section, raw_entry, ctx, Some(i + 1));
            items.push(data);
            checked.push(entry);
        }
        (
            CheckedSection {
                id: id.to_string(),
                entries: checked,
            },
            Data::List(items),
        )
    }

    /// Checks one entry: each field in order, with earlier answers visible to expressions.
    fn entry(
        &mut self,
        section: &Section,
        raw: &RawEntry,
        ctx: &BTreeMap<String, Data>,
        index: Option<usize>,
    ) -> (CheckedEntry, Data) {
        let path = |field: &str| match index {
            Some(i) => format!("{}[{i}].{field}", section.id()),
            None => format!("{}.{field}", section.id()),
        };
        for (key, value) in &raw.values {
            match section.field(key) {
                None => {
                    let hint = did_you_mean(key, section.fields.iter().map(|f| f.id()))
                        .map_or_else(
                            || {
                                format!(
                                    "questions in `{}`: {}",
                                    section.id(),
                                    section
                                        .fields
                                        .iter()
                                        .map(|f| f.id())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            },
                            |s| format!("did you mean `{s}`?"),
                        );
                    self.problems.push(
                        Problem::new(
                            path(key),
                            Some(value.origin.clone()),
                            format!("`{key}` is not a question in section `{}`", section.id()),
                        )
                        .hint(hint),
                    );
                }
                Some(f) if f.kind() == FieldType::Computed => self.problems.push(
                    Problem::new(
                        path(key),
                        Some(value.origin.clone()),
                        "this value is computed from other answers and cannot be given",
                    )
                    .hint("remove this line"),
                ),
                Some(_) => {}
            }
        }
        let mut item: BTreeMap<String, Data> = section
            .fields
            .iter()
            .map(|f| (f.id().to_string(), Data::Null))
            .collect();
        // What the label sees: like `item`, but choices by their labels ("Partner", not "partner").
        let mut shown = item.clone();
        let mut fields = Vec::new();
        for field in &section.fields {
            let scope = self.scope(section, ctx, &item, index);
            let question = path(field.id());
            if let Some(when) = &field.when
                && !self.truthy(when.get_ref(), &scope, &question)
            {
                continue;
            }
            let (value, options) = self.field(field, raw, &scope, &question);
            let help = self.help(field, &scope, &question);
            if let Some(v) = &value {
                item.insert(field.id().to_string(), v.to_data());
                shown.insert(field.id().to_string(), labelled(v, options.as_deref()));
            }
            fields.push(CheckedField {
                id: field.id().to_string(),
                value,
                options,
                help,
            });
        }
        let data = Data::Map(item);
        let label = match (
            index,
            section.repeat.as_ref().and_then(|r| r.label.as_ref()),
        ) {
            (Some(i), Some(label)) => {
                // `item` holds stored values as everywhere; `labels` the same with choices by
                // their labels, for printing ("Partner or spouse", not "partner").
                let scope = self
                    .scope(section, ctx, &data_map(&data), Some(i))
                    .with("labels", Data::Map(shown.clone()));
                match self.exprs.render_str(label.get_ref(), &scope) {
                    Ok(l) if l.chars().any(char::is_alphanumeric) => {
                        Some(super::controls::show_text(l.trim().to_string()))
                    }
                    Ok(_) => None,
                    Err(e) => {
                        let question = format!("{}[{i}]", section.id());
                        self.failed(&question, "label", label.get_ref(), &e, &scope);
                        None
                    }
                }
            }
            _ => None,
        };
        (CheckedEntry { label, fields }, data)
    }

    fn field(
        &mut self,
        field: &Field,
        raw: &RawEntry,
        scope: &Scope<'_>,
        question: &str,
    ) -> (Option<Value>, Option<Vec<Opt>>) {
        if field.kind() == FieldType::Computed {
            let expr = field
                .expr
                .as_ref()
                .map(|e| e.get_ref().as_str())
                .unwrap_or("none");
            return match self.exprs.eval(expr, scope) {
                Ok(d) => (
                    (d != Data::Null).then(|| Value::Computed(super::controls::show_data(d))),
                    None,
                ),
                Err(e) => {
                    // Over unanswered input a computed value is simply not there yet.
                    self.failed(question, "expr", expr, &e, scope);
                    (None, None)
                }
            };
        }
        let options = self.options(field, scope, question);
        let given = raw.values.get(field.id());
        let mut value = None;
        if let Some(given) = given {
            let screened = match super::controls::screen(given, question) {
                Ok(s) => s,
                Err(message) => {
                    self.problems
                        .push(Problem::new(question, Some(given.origin.clone()), message));
                    return (None, options);
                }
            };
            let input = match &screened {
                Some(RawInput::Text(t)) => Input::Text(t),
                Some(RawInput::Toml(v)) => Input::Toml(v),
                None => given.as_input(),
            };
            match self.accept(field, input, options.as_deref(), scope, question) {
                Ok(v) => value = v,
                Err(message) => {
                    self.problems
                        .push(Problem::new(question, Some(given.origin.clone()), message));
                    return (None, options);
                }
            }
        }
        if value.is_none() && self.mode.apply_defaults {
            value = self.default(field, options.as_deref(), scope, question);
        }
        match &value {
            None if field.required => {
                self.complete = false;
                if self.mode.require_complete {
                    let (section, name) = question.split_once('.').unwrap_or((question, ""));
                    let table = if section.contains('[') {
                        format!(
                            "[[answers.{}]]",
                            section.split('[').next().unwrap_or(section)
                        )
                    } else {
                        format!("[answers.{section}]")
                    };
                    self.problems.push(Problem::new(question, None, "this question needs an answer").hint(format!("add `{name} = …` under {table} in the answers file, or pass --set {question}=…")));
                }
            }
            Some(v) => {
                if let Some(safety) = &field.safety
                    && self.truthy(safety.get_ref(), &with_value(scope, v), question)
                {
                    match field.safety_block() {
                        SafetyBlock::Crisis => self.safety.push(question.to_string()),
                        SafetyBlock::Relationship => self.relationship.push(question.to_string()),
                    }
                }
            }
            None => {}
        }
        (value, options)
    }

    /// The help of a field with `help_expr`, from the answers so far.
    fn help(
        &mut self,
        field: &Field,
        scope: &(impl Names + ?Sized),
        question: &str,
    ) -> Option<String> {
        let expr = field.help_expr.as_ref()?;
        match self.exprs.eval(expr.get_ref(), scope) {
            Ok(Data::Null) => None,
            Ok(d) => Some(d.to_text()).filter(|t| !t.trim().is_empty()),
            Err(e) => {
                self.failed(question, "help_expr", expr.get_ref(), &e, scope);
                None
            }
        }
    }

    pub(super) fn truthy(
        &mut self,
        expr: &str,
        scope: &(impl Names + ?Sized),
        question: &str,
    ) -> bool {
        match self.exprs.truthy(expr, scope) {
            Ok(b) => b,
            Err(e) => {
                self.failed(question, "condition", expr, &e, scope);
                false
            }
        }
    }

    pub(super) fn definition(&mut self, question: String, key: &str, message: &str) {
        self.problems.push(Problem {
            question,
            origin: None,
            message: format!("the worksheet's `{key}` could not be evaluated: {message}"),
            hint: Some(format!("this is a problem in worksheet `{}`, not in the answers; check it with `ipt validate`", self.spec.id.get_ref())),
            definition: true,
        });
    }

    /// An expression failed: whose fault is it? One that can never work, or that goes past
    /// the bounds, is the worksheet's (exit 4). One that fails on its values while it reads
    /// something unanswered cannot be worked out yet, which is no error: a computed value stays
    /// empty, a condition is false, there is no default, no options, no help, no label. One
    /// that fails on complete answers is the answers' (exit 3), named by the question ids it
    /// reads, never by their values.
    pub(super) fn failed(
        &mut self,
        question: &str,
        key: &str,
        src: &str,
        e: &ExprError,
        scope: &(impl Names + ?Sized),
    ) {
        match e.fault {
            Fault::Data if self.exprs.reads_missing(src, scope) => {}
            Fault::Data => {
                let reads: Vec<String> = self
                    .exprs
                    .references(src)
                    .map(|r| r.into_iter().collect())
                    .unwrap_or_default();
                self.problems.push(
                    Problem::new(
                        question,
                        None,
                        format!("the worksheet's `{key}` cannot be worked out from these answers"),
                    )
                    .hint(format!(
                        "it reads {}; check those answers. If they are right, worksheet `{}` needs to allow for them (tell its author)",
                        reads.join(", "),
                        self.spec.id.get_ref()
                    )),
                );
            }
            Fault::Limit => {
                self.definition(question.to_string(), key, &e.message);
                if let Some(p) = self.problems.last_mut() {
                    p.hint = Some(format!(
                        "{}; check worksheet `{}` with `ipt validate`",
                        crate::jinja::LIMIT_HINT,
                        self.spec.id.get_ref()
                    ));
                }
            }
            Fault::Definition => self.definition(question.to_string(), key, &e.message),
        }
    }

    /// The expression context at a field: earlier sections, the current section so far (or
    /// `item` and `index` in a repeat group).
    fn scope<'c>(
        &self,
        section: &Section,
        ctx: &'c BTreeMap<String, Data>,
        item: &BTreeMap<String, Data>,
        index: Option<usize>,
    ) -> Scope<'c> {
        let mut local = BTreeMap::new();
        match index {
            Some(i) => {
                local.insert("item".into(), Data::Map(item.clone()));
                local.insert("index".into(), Data::Int(i as i64));
            }
            None => {
                local.insert(section.id().to_string(), Data::Map(item.clone()));
            }
        }
        Scope { ctx, local }
    }
}

/// What expressions at one field see: the answers so far (shared, never copied) and the names
/// of this entry (`item`, `index`, the section itself, `value`, `labels`).
pub(super) struct Scope<'c> {
    ctx: &'c BTreeMap<String, Data>,
    local: BTreeMap<String, Data>,
}

impl<'c> Scope<'c> {
    /// This scope with one more name.
    pub(super) fn with(&self, name: &str, value: Data) -> Scope<'c> {
        let mut local = self.local.clone();
        local.insert(name.to_string(), value);
        Scope {
            ctx: self.ctx,
            local,
        }
    }
}

impl Names for Scope<'_> {
    fn name(&self, key: &str) -> Option<&Data> {
        self.local.get(key).or_else(|| self.ctx.get(key))
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
