//! The checks `ipt validate` adds to loading: every expression of a worksheet run against
//! synthetic answers (`samples`), exactly as the answers gate runs it, so that what would fail at
//! fill time is reported now with the line and column of the expression; `uses` naming a
//! worksheet that does not exist; references into a used worksheet's answers.
//!
//! Owns: running the scenarios and judging the results by the gate's rules (an expression that
//! fails on its values while it reads something unanswered is no error; see
//! `answers::gate::Gate::failed`). Must not read files: the used worksheets are handed in.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::check::Ctx;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::resources::Resources;
use super::samples::{self, Fill, Scenario};
use super::{FieldType, Section, Worksheet};
use crate::jinja::{Data, ExprError, Exprs, Fault, LIMIT_HINT, Names};

/// What a worksheet may read besides its own answers.
pub struct Library<'a> {
    /// Worksheets by id (built-in, the user's, and those being validated together).
    pub worksheets: BTreeMap<String, &'a Worksheet>,
    pub resources: &'a Resources,
}

/// Every problem the scenarios show, in file order.
pub fn deep_check(file: &str, text: &str, sheet: &Worksheet, lib: &Library<'_>) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        file,
        index: super::LineIndex::new(text),
        out: Vec::new(),
        exprs: Exprs::new(),
        uses: Vec::new(),
        len: text.len(),
        coded: !sheet.codes.is_empty(),
    };
    let mut used: BTreeMap<String, &Worksheet> = BTreeMap::new();
    for u in &sheet.uses {
        match lib.worksheets.get(u.get_ref()) {
            Some(w) => {
                used.insert(Worksheet::use_name(u.get_ref()), w);
            }
            None => {
                let hint = match did_you_mean(u.get_ref(), lib.worksheets.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`ipt list` shows every worksheet; one of your own must be in a folder given with --worksheets, in your config folder, or named on the same `ipt validate` command".into(),
                };
                cx.err(
                    Some(u.span()),
                    format!(
                        "`uses` names `{}`, which is not a known worksheet",
                        u.get_ref()
                    ),
                    hint,
                );
            }
        }
    }
    used_references(&mut cx, sheet, &used);
    let mut seen = BTreeSet::new();
    for scenario in samples::SCENARIOS {
        let mut run = Run {
            exprs: &cx.exprs,
            fill: scenario.fill,
            found: Vec::new(),
        };
        let mut externals: BTreeMap<String, Data> = lib.resources.expression_globals();
        externals.insert("case".into(), samples::case(scenario.case, lib.resources));
        for (name, w) in &used {
            let mut quiet = Run {
                exprs: &cx.exprs,
                fill: scenario.fill,
                found: Vec::new(),
            };
            let data = quiet.worksheet(w, &externals);
            externals.insert(name.clone(), data);
        }
        run.worksheet(sheet, &externals);
        for f in run.found {
            if seen.insert((f.span.start, f.key.clone(), f.message.clone())) {
                report(&mut cx, f, scenario);
            }
        }
    }
    // One problem per expression: the first found (a reference before what running it shows).
    cx.out.sort_by_key(|d| d.position);
    cx.out.dedup_by_key(|d| d.position);
    cx.out
}

/// Typed sample answers to every question of `sheet` (repeat groups with two entries, in a
/// case), as expressions see them: for trying templates on a filled document.
pub fn sample_answers(sheet: &Worksheet, lib: &Library<'_>) -> Data {
    let exprs = Exprs::new();
    let mut externals: BTreeMap<String, Data> = lib.resources.expression_globals();
    externals.insert(
        "case".into(),
        samples::case(samples::CaseSample::Full, lib.resources),
    );
    let mut run = Run {
        exprs: &exprs,
        fill: Fill::Filled,
        found: Vec::new(),
    };
    for u in &sheet.uses {
        if let Some(w) = lib.worksheets.get(u.get_ref()) {
            let data = run.worksheet(w, &externals);
            externals.insert(Worksheet::use_name(u.get_ref()), data);
        }
    }
    run.worksheet(sheet, &externals)
}

/// One failure of one expression in one scenario.
struct Found {
    span: Range<usize>,
    key: String,
    question: String,
    message: String,
    hint: String,
}

fn report(cx: &mut Ctx<'_>, f: Found, scenario: &Scenario) {
    cx.err(
        Some(f.span),
        format!(
            "`{}` of `{}` fails {}: {}",
            f.key, f.question, scenario.words, f.message
        ),
        f.hint,
    );
}

/// References into a used worksheet's answers name its sections and fields.
fn used_references(cx: &mut Ctx<'_>, sheet: &Worksheet, used: &BTreeMap<String, &Worksheet>) {
    let check = |cx: &mut Ctx<'_>, src: &str, span: Range<usize>, key: &str| {
        let Ok(refs) = cx.exprs.references(src) else {
            return;
        };
        for r in refs {
            let mut parts = r.split('.');
            let Some(w) = parts.next().and_then(|root| used.get(root)) else {
                continue;
            };
            let Some(section_id) = parts.next() else {
                continue;
            };
            let Some(section) = w.section(section_id) else {
                let hint = did_you_mean(section_id, w.sections.iter().map(|s| s.id())).map_or_else(
                    || {
                        format!(
                            "its sections are: {}",
                            ids(w.sections.iter().map(|s| s.id()))
                        )
                    },
                    |s| format!("did you mean `{s}`?"),
                );
                cx.err(
                    Some(span.clone()),
                    format!(
                        "`{key}` refers to `{r}`, but worksheet `{}` has no section `{section_id}`",
                        w.id.get_ref()
                    ),
                    hint,
                );
                continue;
            };
            if let Some(field) = parts.next()
                && section.repeat.is_none()
                && section.field(field).is_none()
            {
                let hint = did_you_mean(field, section.fields.iter().map(|f| f.id())).map_or_else(
                    || {
                        format!(
                            "its fields are: {}",
                            ids(section.fields.iter().map(|f| f.id()))
                        )
                    },
                    |s| format!("did you mean `{s}`?"),
                );
                cx.err(
                    Some(span.clone()),
                    format!("`{key}` refers to `{r}`, but section `{section_id}` of worksheet `{}` has no field `{field}`", w.id.get_ref()),
                    hint,
                );
            }
        }
    };
    for_each_expression(sheet, |src, span, key, _| check(cx, src, span, key));
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// Calls `f(source, span, key, question)` for every expression and label of a worksheet.
fn for_each_expression(sheet: &Worksheet, mut f: impl FnMut(&str, Range<usize>, &str, &str)) {
    let mut one = |e: &Option<Spanned<String>>, key: &str, q: &str| {
        if let Some(e) = e {
            f(e.get_ref(), e.span(), key, q);
        }
    };
    for s in &sheet.sections {
        one(&s.when, "when", s.id());
        if let Some(r) = &s.repeat {
            one(&r.entries_from, "entries_from", s.id());
            one(&r.label, "label", s.id());
        }
        for field in &s.fields {
            let q = format!("{}.{}", s.id(), field.id());
            for (key, e) in [
                ("when", &field.when),
                ("expr", &field.expr),
                ("choices_from", &field.choices_from),
                ("default_expr", &field.default_expr),
                ("help_expr", &field.help_expr),
                ("safety", &field.safety),
            ] {
                one(e, key, &q);
            }
            for rule in &field.rules {
                if let Some(check) = &rule.get_ref().check {
                    one(&Some(Spanned::new(rule.span(), check.clone())), "check", &q);
                }
            }
        }
    }
}

/// One pass of a worksheet through one scenario.
struct Run<'a> {
    exprs: &'a Exprs,
    fill: Fill,
    found: Vec<Found>,
}

/// The names an expression sees: the answers so far and the names of the current entry.
struct Scope<'c> {
    ctx: &'c BTreeMap<String, Data>,
    local: BTreeMap<String, Data>,
}

impl Names for Scope<'_> {
    fn name(&self, key: &str) -> Option<&Data> {
        self.local.get(key).or_else(|| self.ctx.get(key))
    }
}

impl Run<'_> {
    /// Runs every expression of `sheet` and returns its answers as expressions see them.
    fn worksheet(&mut self, sheet: &Worksheet, externals: &BTreeMap<String, Data>) -> Data {
        let mut ctx = externals.clone();
        let mut own = BTreeMap::new();
        for section in &sheet.sections {
            let applies = section.when.as_ref().is_none_or(|w| {
                let scope = Scope {
                    ctx: &ctx,
                    local: BTreeMap::new(),
                };
                self.truthy(w, "when", section.id(), &scope)
            });
            let data = if !applies {
                match section.repeat {
                    Some(_) => Data::List(Vec::new()),
                    None => Data::map(section.fields.iter().map(|f| (f.id(), Data::Null))),
                }
            } else if section.repeat.is_some() {
                self.repeat(section, &ctx, externals)
            } else {
                let entry = self.entry(section, &ctx, None);
                Data::Map(entry.0)
            };
            ctx.insert(section.id().to_string(), data.clone());
            own.insert(section.id().to_string(), data);
        }
        Data::Map(own)
    }

    fn repeat(
        &mut self,
        section: &Section,
        ctx: &BTreeMap<String, Data>,
        externals: &BTreeMap<String, Data>,
    ) -> Data {
        let repeat = section.repeat.as_ref().expect("a repeat group");
        if let Some(from) = &repeat.entries_from {
            let scope = Scope {
                ctx: externals,
                local: BTreeMap::new(),
            };
            if let Some(d) = self.eval(from, "entries_from", section.id(), &scope)
                && !matches!(d, Data::List(_) | Data::Null)
            {
                self.type_problem(
                    from,
                    "entries_from",
                    section.id(),
                    "it does not give a list",
                    "entries_from gives a list, e.g. \"case.goals if case else []\"",
                );
            }
        }
        // Nothing answered: the group is empty, but an entry with nothing in it is checked too.
        let entries = match self.fill {
            Fill::Empty => 1,
            Fill::Filled => 2.min(section.repeat_bounds().map_or(2, |(_, max)| max.max(1))),
        };
        let mut items = Vec::new();
        for i in 1..=entries {
            let (item, labels) = self.entry(section, ctx, Some(i));
            if let Some(label) = &repeat.label {
                let mut local = BTreeMap::new();
                local.insert("item".to_string(), Data::Map(item.clone()));
                local.insert("labels".to_string(), Data::Map(labels));
                local.insert("index".to_string(), Data::Int(i as i64));
                let scope = Scope { ctx, local };
                if let Err(e) = self.exprs.render_str(label.get_ref(), &scope) {
                    self.failed(label, "label", section.id(), &e, &scope);
                }
            }
            items.push(Data::Map(item));
        }
        match self.fill {
            Fill::Empty => Data::List(Vec::new()),
            Fill::Filled => Data::List(items),
        }
    }

    /// One entry: each field in order. Returns the entry's values and, for labels, the same
    /// with choices by their labels.
    fn entry(
        &mut self,
        section: &Section,
        ctx: &BTreeMap<String, Data>,
        index: Option<usize>,
    ) -> (BTreeMap<String, Data>, BTreeMap<String, Data>) {
        let mut item: BTreeMap<String, Data> = section
            .fields
            .iter()
            .map(|f| (f.id().to_string(), Data::Null))
            .collect();
        let mut labels = item.clone();
        for field in &section.fields {
            let question = match index {
                Some(i) => format!("{}[{i}].{}", section.id(), field.id()),
                None => format!("{}.{}", section.id(), field.id()),
            };
            let mut local = BTreeMap::new();
            match index {
                Some(i) => {
                    local.insert("item".to_string(), Data::Map(item.clone()));
                    local.insert("index".to_string(), Data::Int(i as i64));
                }
                None => {
                    local.insert(section.id().to_string(), Data::Map(item.clone()));
                }
            }
            let scope = Scope { ctx, local };
            if let Some(when) = &field.when
                && !self.truthy(when, "when", &question, &scope)
            {
                continue;
            }
            if field.kind() == FieldType::Computed {
                let value = field
                    .expr
                    .as_ref()
                    .and_then(|e| self.eval(e, "expr", &question, &scope))
                    .unwrap_or(Data::Null);
                labels.insert(field.id().to_string(), value.clone());
                item.insert(field.id().to_string(), value);
                continue;
            }
            let mut options: Vec<String> = field
                .fixed_choices()
                .iter()
                .map(|c| c.value().to_string())
                .collect();
            let mut shown: Vec<String> = field
                .fixed_choices()
                .iter()
                .map(|c| c.label().to_string())
                .collect();
            if let Some(from) = &field.choices_from {
                match self.eval(from, "choices_from", &question, &scope) {
                    Some(Data::List(list)) => {
                        for d in list {
                            let (v, l) = match &d {
                                Data::Map(m) if m.contains_key("value") => (
                                    m["value"].to_text(),
                                    m.get("label")
                                        .map_or_else(|| m["value"].to_text(), Data::to_text),
                                ),
                                other => (other.to_text(), other.to_text()),
                            };
                            options.push(v);
                            shown.push(l);
                        }
                    }
                    Some(Data::Null) | None => {}
                    Some(_) => self.type_problem(
                        from,
                        "choices_from",
                        &question,
                        "it does not give a list",
                        "choices_from gives a list, e.g. \"people | map(attribute='name') | list\"",
                    ),
                }
            }
            if let Some(help) = &field.help_expr {
                self.eval(help, "help_expr", &question, &scope);
            }
            if let Some(default) = &field.default_expr
                && let Some(d) = self.eval(default, "default_expr", &question, &scope)
                && !fits(field, &d)
            {
                let message = format!(
                    "it gives {}, which does not fit {} field",
                    kind_of(&d),
                    field.kind().a_name()
                );
                self.type_problem(
                    default,
                    "default_expr",
                    &question,
                    &message,
                    "a default must be a value the question itself would accept",
                );
            }
            let sample = samples::value(field, &options);
            let with_value = |v: &Data| {
                let mut local = scope.local.clone();
                local.insert("value".to_string(), v.clone());
                Scope { ctx, local }
            };
            for rule in &field.rules {
                if let Some(check) = &rule.get_ref().check {
                    let e = Spanned::new(rule.span(), check.clone());
                    self.eval(&e, "check", &question, &with_value(&sample));
                }
            }
            if let Some(safety) = &field.safety {
                self.eval(safety, "safety", &question, &with_value(&sample));
            }
            if self.fill == Fill::Filled {
                let label = match &sample {
                    Data::Str(s) => options
                        .iter()
                        .position(|o| o == s)
                        .and_then(|i| shown.get(i))
                        .map_or_else(|| sample.clone(), |l| Data::Str(l.clone())),
                    other => other.clone(),
                };
                labels.insert(field.id().to_string(), label);
                item.insert(field.id().to_string(), sample);
            }
        }
        (item, labels)
    }

    fn truthy(
        &mut self,
        e: &Spanned<String>,
        key: &str,
        question: &str,
        scope: &Scope<'_>,
    ) -> bool {
        self.eval(e, key, question, scope)
            .is_some_and(|d| d.is_truthy())
    }

    fn eval(
        &mut self,
        e: &Spanned<String>,
        key: &str,
        question: &str,
        scope: &Scope<'_>,
    ) -> Option<Data> {
        match self.exprs.eval(e.get_ref(), scope) {
            Ok(d) => Some(d),
            Err(err) => {
                self.failed(e, key, question, &err, scope);
                None
            }
        }
    }

    /// Records a failure the answers gate would report (see `Gate::failed`).
    fn failed(
        &mut self,
        e: &Spanned<String>,
        key: &str,
        question: &str,
        err: &ExprError,
        scope: &Scope<'_>,
    ) {
        let hint = match err.fault {
            Fault::Data if self.exprs.reads_missing(e.get_ref(), scope) => return,
            Fault::Limit => LIMIT_HINT.to_string(),
            Fault::Definition => "docs/worksheet-format.md describes expressions".to_string(),
            Fault::Data => "this is what would happen at fill time with such answers; docs/worksheet-format.md (\"Missing answers\") says how expressions see none and empty lists".to_string(),
        };
        self.found.push(Found {
            span: e.span(),
            key: key.to_string(),
            question: question.to_string(),
            message: err.message.clone(),
            hint,
        });
    }

    fn type_problem(
        &mut self,
        e: &Spanned<String>,
        key: &str,
        question: &str,
        message: &str,
        hint: &str,
    ) {
        self.found.push(Found {
            span: e.span(),
            key: key.to_string(),
            question: question.to_string(),
            message: message.to_string(),
            hint: hint.to_string(),
        });
    }
}

/// Whether a default worked out by an expression is an answer the question accepts: the gate's
/// own conversion (`answers::value::convert`), with the field's fixed options.
fn fits(field: &super::Field, d: &Data) -> bool {
    use crate::answers::{Input, value};
    crate::answers::data_to_toml(d).is_none_or(|t| {
        let options = value::fixed_options(field);
        value::convert(field, Input::Toml(&t), options.as_deref()).is_ok()
    })
}

fn kind_of(d: &Data) -> &'static str {
    match d {
        Data::Null => "none",
        Data::Bool(_) => "true or false",
        Data::Int(_) => "a whole number",
        Data::Float(_) => "a number",
        Data::Str(_) => "text",
        Data::List(_) => "a list",
        Data::Map(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{LoadedWorksheet, parse_worksheet};

    fn built_ins(r: &Resources) -> Vec<LoadedWorksheet> {
        crate::assets::WORKSHEETS
            .iter()
            .map(|(name, text)| parse_worksheet(name, text, r).unwrap())
            .collect()
    }

    fn deep(text: &str) -> Vec<String> {
        let r = Resources::built_in().unwrap();
        let all = built_ins(&r);
        let sheet = parse_worksheet("w.toml", text, &r).unwrap();
        let lib = Library {
            worksheets: all.iter().map(|w| (w.id().to_string(), &w.spec)).collect(),
            resources: &r,
        };
        deep_check("w.toml", text, &sheet.spec, &lib)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const HEAD: &str = "format = 1\nid = \"t\"\nversion = \"1\"\ntitle = \"T\"\n";

    #[test]
    fn every_built_in_worksheet_passes_every_scenario() {
        let r = Resources::built_in().unwrap();
        let all = built_ins(&r);
        let lib = Library {
            worksheets: all.iter().map(|w| (w.id().to_string(), &w.spec)).collect(),
            resources: &r,
        };
        for w in &all {
            let found = deep_check(&w.file, &w.text, &w.spec, &lib);
            assert!(found.is_empty(), "{}: {found:#?}", w.file);
        }
    }

    #[test]
    fn an_expression_that_fails_on_typical_answers_is_reported_at_its_line() {
        let found = deep(&format!(
            "{HEAD}[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"name\"\ntype = \"text\"\nprompt = \"N\"\n[[section.field]]\nid = \"c\"\ntype = \"computed\"\nprompt = \"C\"\nexpr = \"a.name + 1\"\n"
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .starts_with("w.toml:16:8: `expr` of `a.c` fails when every question is answered"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn the_dos_expression_is_refused_by_the_fuel_limit() {
        let found = deep(&format!(
            "{HEAD}[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"c\"\ntype = \"computed\"\nprompt = \"C\"\nexpr = \"[1]*100000000\"\n"
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`expr` of `a.c` fails"), "{}", found[0]);
        assert!(
            found[0].contains("hint: an expression may take at most"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn choices_from_that_is_not_a_list_and_an_unknown_used_worksheet_are_reported() {
        let found = deep(&format!(
            "{HEAD}uses = [\"inventori\", \"inventory\"]\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"name\"\ntype = \"text\"\nprompt = \"N\"\n[[section.field]]\nid = \"who\"\ntype = \"choice\"\nprompt = \"W\"\nchoices_from = \"a.name\"\n[[section.field]]\nid = \"x\"\ntype = \"text\"\nprompt = \"X\"\nwhen = \"inventory.peple\"\n"
        ));
        let all = found.join("\n");
        assert!(
            all.contains("`uses` names `inventori`, which is not a known worksheet"),
            "{all}"
        );
        assert!(all.contains("did you mean `inventory`?"), "{all}");
        assert!(all.contains("`choices_from` of `a.who` fails when every question is answered, in a case folder: it does not give a list"), "{all}");
        assert!(
            all.contains("worksheet `inventory` has no section `peple`"),
            "{all}"
        );
    }

    #[test]
    fn a_label_that_cannot_render_is_reported() {
        let found = deep(&format!(
            "{HEAD}[[section]]\nid = \"p\"\ntitle = \"P\"\nrepeat = {{ add_another = \"More?\", label = \"{{{{ item.name ~ (item.age + 'x') }}}}\" }}\n[[section.field]]\nid = \"name\"\ntype = \"text\"\nprompt = \"N\"\n[[section.field]]\nid = \"age\"\ntype = \"integer\"\nprompt = \"A\"\n"
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("`label` of `p` fails when every question is answered"),
            "{}",
            found[0]
        );
    }
}
