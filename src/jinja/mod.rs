//! Everything minijinja: the one expression language (conditions, defaults, computed values,
//! choices, rules, safety triggers, repeat labels) and the Markdown template environment.
//!
//! Owns: the only `use minijinja` in the crate. Callers pass plain [`Data`] or serde values and
//! get plain Rust values back. Must not know about worksheets, answers files or Markdown syntax:
//! escaping functions and the template loader are handed in.

mod data;
mod helpers;
mod limits;
mod lint;
mod templates;

pub use data::{Data, format_float};
pub use limits::LIMIT_HINT;
pub use lint::{CompareKind, Comparison};
pub use templates::{Escaper, TemplateError, check_template, render_template, template_name_ok};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use minijinja::value::Serde;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

/// An expression or template that did not compile or failed to evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub fault: Fault,
}

/// Why an expression failed, which says whose fault it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// It can never work: a syntax error, an unknown filter, test or function, wrong arguments.
    Definition,
    /// It hit a bound of `limits` (steps, data, nesting, size of the result).
    Limit,
    /// It failed on the values it was given (an operation on none, a missing attribute).
    Data,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn expr_error(e: minijinja::Error) -> ExprError {
    let mut message = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    if let Some(name) = e.name().filter(|n| !n.is_empty() && *n != "<expression>") {
        message = format!("{message} (in {name})");
    }
    ExprError {
        fault: fault_of(&e),
        message,
    }
}

fn fault_of(e: &minijinja::Error) -> Fault {
    match e.kind() {
        ErrorKind::SyntaxError
        | ErrorKind::UnknownFilter
        | ErrorKind::UnknownTest
        | ErrorKind::UnknownFunction
        | ErrorKind::UnknownMethod
        | ErrorKind::TooManyArguments
        | ErrorKind::MissingArgument
        | ErrorKind::TemplateNotFound
        | ErrorKind::BadInclude
        | ErrorKind::InvalidDelimiter
        | ErrorKind::UnknownBlock => Fault::Definition,
        ErrorKind::OutOfFuel => Fault::Limit,
        _ if e
            .detail()
            .is_some_and(|d| d.contains("recursion limit") || d.contains("too large")) =>
        {
            Fault::Limit
        }
        _ => Fault::Data,
    }
}

fn too_large(message: &str) -> ExprError {
    ExprError {
        message: message.to_string(),
        fault: Fault::Limit,
    }
}

/// A problem found by reading an expression or template, with the line it is on (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Compiles and evaluates expressions with strict undefined: a misspelt name is an error.
/// Every evaluation runs within the bounds of `limits`.
pub struct Exprs {
    env: Environment<'static>,
    /// Filter, test and function names already looked up: whether each exists.
    known: Mutex<BTreeMap<String, bool>>,
}

impl Default for Exprs {
    fn default() -> Self {
        Self::new()
    }
}

/// The environment expressions are compiled in: strict undefined, the bounds of `limits` (fuel
/// is counted afresh for each evaluation, cached or not), our helpers; in labels, an unanswered
/// field prints as nothing rather than "none".
fn configured() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    limits::bound_expressions(&mut env);
    helpers::add(&mut env);
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env
}

/// An expression compiled once, with the names it reads.
struct Compiled {
    expr: minijinja::Expression<'static, 'static>,
    names: std::collections::HashSet<String>,
}

/// The most compiled expressions a thread keeps (worksheets hold a few hundred).
const KEPT: usize = 4096;

/// `src` compiled in a process-wide environment, kept per thread: an expression is compiled
/// once however many entries, answers files or documents evaluate it.
fn compiled(src: &str) -> Result<std::rc::Rc<Compiled>, ExprError> {
    static ENV: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Compiled>>> =
            std::cell::RefCell::default();
    }
    if let Some(hit) = KNOWN.with(|k| k.borrow().get(src).cloned()) {
        return Ok(hit);
    }
    let env = ENV.get_or_init(configured);
    let expr = env
        .compile_expression_owned(src.to_string())
        .map_err(expr_error)?;
    let names = expr.undeclared_variables(false);
    let compiled = std::rc::Rc::new(Compiled { expr, names });
    KNOWN.with(|k| {
        let mut known = k.borrow_mut();
        if known.len() >= KEPT {
            known.clear();
        }
        known.insert(src.to_string(), compiled.clone());
    });
    Ok(compiled)
}

impl Exprs {
    pub fn new() -> Self {
        Exprs {
            env: configured(),
            known: Mutex::new(BTreeMap::new()),
        }
    }

    /// The dotted names an expression reads (`about.name`, `people`, `item.role`).
    pub fn references(&self, src: &str) -> Result<BTreeSet<String>, ExprError> {
        let expr = self.env.compile_expression(src).map_err(expr_error)?;
        Ok(expr.undeclared_variables(true).into_iter().collect())
    }

    /// The dotted names a label template reads.
    pub fn template_references(&self, src: &str) -> Result<BTreeSet<String>, ExprError> {
        let tmpl = self.env.template_from_str(src).map_err(expr_error)?;
        Ok(tmpl.undeclared_variables(true).into_iter().collect())
    }

    /// What reading an expression shows without running it: unknown filters, tests and
    /// functions. A syntax error is reported by [`Exprs::references`].
    pub fn lint(&self, src: &str) -> Vec<Finding> {
        match minijinja::machinery::parse_expr(src) {
            Ok(expr) => self.unknown(&lint::expression_uses(&expr)),
            Err(_) => Vec::new(),
        }
    }

    /// [`Exprs::lint`] for a label template (`{{ item.name | upper }}`).
    pub fn lint_template(&self, src: &str) -> Vec<Finding> {
        match minijinja::machinery::parse(src, "label", Default::default()) {
            Ok(stmt) => self.unknown(&lint::template_uses(&stmt)),
            Err(_) => Vec::new(),
        }
    }

    /// The comparisons of answers with fixed values in an expression (`about.status ==
    /// 'married'`), for type checks.
    pub fn comparisons(&self, src: &str) -> Vec<Comparison> {
        minijinja::machinery::parse_expr(src)
            .map(|e| lint::comparisons(&e))
            .unwrap_or_default()
    }

    /// The unknown names among `uses`; `functions` are callable besides the engine's globals.
    fn unknown(&self, uses: &[lint::Use]) -> Vec<Finding> {
        unknown_in(&self.env, &self.known, uses)
    }

    /// Evaluates an expression against a context. Only the names the expression reads are
    /// handed to the engine, so the cost follows what it reads, not all answers.
    pub fn eval(&self, src: &str, ctx: &(impl Names + ?Sized)) -> Result<Data, ExprError> {
        let compiled = compiled(src)?;
        let value = compiled
            .expr
            .eval(only(&compiled.names, ctx))
            .map_err(expr_error)?;
        if value.is_undefined() {
            // Strict undefined errors on use, not on a bare lookup: treat that as an error too.
            return Err(ExprError {
                message: "undefined value: the expression names something that does not exist"
                    .into(),
                fault: Fault::Data,
            });
        }
        Data::from_value(&value).map_err(too_large)
    }

    /// Whether an expression reads something unanswered: a name bound to none, blank text or
    /// an empty list, or an attribute of one (`case.focus` outside a case, `events[0].what`
    /// with no events). An expression that fails on its values while it reads something
    /// unanswered cannot be worked out *yet*; that is not an error (docs/worksheet-format.md,
    /// "Missing answers").
    pub fn reads_missing(&self, src: &str, ctx: &(impl Names + ?Sized)) -> bool {
        // An expression, or a label template.
        let Ok(refs) = self
            .references(src)
            .or_else(|_| self.template_references(src))
        else {
            return false;
        };
        refs.iter().any(|r| {
            let mut parts = r.split('.');
            let Some(mut value) = parts.next().and_then(|root| ctx.name(root)) else {
                return false;
            };
            for part in parts {
                match value {
                    Data::Map(m) => match m.get(part) {
                        Some(v) => value = v,
                        None => return false,
                    },
                    _ => return !value.is_truthy(),
                }
            }
            missing(value)
        })
    }

    /// Evaluates a condition: true when the value is truthy.
    pub fn truthy(&self, src: &str, ctx: &(impl Names + ?Sized)) -> Result<bool, ExprError> {
        Ok(self.eval(src, ctx)?.is_truthy())
    }

    /// Renders a short template such as a repeat label; the result is plain text.
    pub fn render_str(&self, src: &str, ctx: &(impl Names + ?Sized)) -> Result<String, ExprError> {
        let tmpl = self.env.template_from_str(src).map_err(expr_error)?;
        let text = tmpl
            .render(only(&tmpl.undeclared_variables(false), ctx))
            .map_err(expr_error)?;
        if text.len() > limits::MAX_TEXT {
            return Err(too_large(
                "the text it gives holds more than 1 000 000 characters",
            ));
        }
        Ok(text)
    }
}

/// None, blank text and empty lists or maps are unanswered.
fn missing(d: &Data) -> bool {
    match d {
        Data::Null => true,
        Data::Str(s) => s.trim().is_empty(),
        Data::List(l) => l.is_empty(),
        Data::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// Whether `name` is a filter (test) of `env`: asked of the engine by trying it on none.
fn exists(env: &Environment<'_>, named: &lint::Named) -> bool {
    let (src, missing) = match named {
        lint::Named::Filter(n) => (format!("none | {n}"), ErrorKind::UnknownFilter),
        lint::Named::Test(n) => (format!("none is {n}"), ErrorKind::UnknownTest),
        lint::Named::Function(n) => return env.globals().any(|(g, _)| g == n),
        lint::Named::Template(_) => return true,
    };
    match env.compile_expression(&src) {
        Ok(expr) => !matches!(expr.eval(()), Err(e) if e.kind() == missing),
        Err(_) => true,
    }
}

/// The unknown filters, tests and functions among `uses`, and template names that reach
/// outside the template folders.
fn unknown_in(
    env: &Environment<'_>,
    known: &Mutex<BTreeMap<String, bool>>,
    uses: &[lint::Use],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in uses {
        let (what, name, all) = match &u.named {
            lint::Named::Filter(n) => ("filter", n, FILTERS),
            lint::Named::Test(n) => ("test", n, TESTS),
            lint::Named::Function(n) => ("function", n, FUNCTIONS),
            lint::Named::Template(n) => {
                if !template_name_ok(n) {
                    out.push(Finding {
                        line: u.line,
                        message: format!("template `{n}` is outside the template folders"),
                        hint: "a template may import or include only templates in its own folders, by a relative name such as \"macros.md.j2\"".into(),
                    });
                }
                continue;
            }
        };
        let key = format!("{what}:{name}");
        let found = {
            let mut cache = known.lock().unwrap_or_else(|e| e.into_inner());
            *cache.entry(key).or_insert_with(|| exists(env, &u.named))
        };
        if !found {
            let hint = match crate::suggest::did_you_mean(name, all.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("docs/worksheet-format.md lists the {what}s expressions can use"),
            };
            out.push(Finding {
                line: u.line,
                message: format!("unknown {what} `{name}`"),
                hint,
            });
        }
    }
    out
}

/// Names for "did you mean": minijinja's built-in filters and tests, and ours.
const FILTERS: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "default",
    "dictsort",
    "escape",
    "first",
    "float",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "pprint",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "sum",
    "title",
    "tojson",
    "trim",
    "unique",
    "upper",
    "urlencode",
    "answered",
    "mean",
    "inline",
    "cell",
    "quote",
];
const TESTS: &[&str] = &[
    "answered",
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "even",
    "false",
    "filter",
    "float",
    "ge",
    "gt",
    "in",
    "integer",
    "iterable",
    "le",
    "lower",
    "lt",
    "mapping",
    "ne",
    "none",
    "number",
    "odd",
    "safe",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "test",
    "true",
    "undefined",
    "upper",
];
const FUNCTIONS: &[&str] = &["range", "dict", "namespace", "debug"];

/// What expressions read names from: a map of answers, or a scope made of layers.
pub trait Names {
    /// The value bound to a top-level name.
    fn name(&self, key: &str) -> Option<&Data>;
}

impl Names for Data {
    fn name(&self, key: &str) -> Option<&Data> {
        match self {
            Data::Map(m) => m.get(key),
            _ => None,
        }
    }
}

impl Names for BTreeMap<String, Data> {
    fn name(&self, key: &str) -> Option<&Data> {
        self.get(key)
    }
}

/// The engine's context holding just `names` (those bound in `ctx`).
fn only(names: &std::collections::HashSet<String>, ctx: &(impl Names + ?Sized)) -> Value {
    let map: BTreeMap<&str, Value> = names
        .iter()
        .filter_map(|n| {
            let v = Value::from(Serde(ctx.name(n)?));
            Some((n.as_str(), v))
        })
        .collect();
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Data {
        Data::map([
            (
                "about",
                Data::map([("name", Data::from("Ana")), ("mood", Data::Int(3))]),
            ),
            (
                "people",
                Data::List(vec![Data::map([("name", Data::from("Zoë"))])]),
            ),
        ])
    }

    #[test]
    fn references_are_dotted_paths() {
        let refs = Exprs::new()
            .references("about.mood > 2 and people | length > 0")
            .unwrap();
        assert_eq!(
            refs.into_iter().collect::<Vec<_>>(),
            ["about.mood", "people"]
        );
    }

    #[test]
    fn conditions_and_values_evaluate_against_answers() {
        let x = Exprs::new();
        assert!(x.truthy("about.mood >= 3", &ctx()).unwrap());
        assert_eq!(
            x.eval("people | map(attribute='name') | list", &ctx())
                .unwrap(),
            Data::List(vec![Data::from("Zoë")])
        );
    }

    #[test]
    fn a_misspelt_name_is_an_error_not_an_empty_value() {
        let err = Exprs::new().eval("about.nmae", &ctx()).unwrap_err();
        assert!(err.message.contains("undefined"), "{}", err.message);
    }

    #[test]
    fn a_syntax_error_is_reported() {
        assert!(Exprs::new().references("about.mood >").is_err());
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn a_huge_repetition_is_refused_by_the_fuel_limit_before_it_is_built() {
        let x = Exprs::new();
        for src in [
            "[1]*100000000",
            "([1]*100000000) | sum",
            "([1]*100000000) | list | length",
            "'x' * 100000000",
            "range(100000) | list | length",
        ] {
            let err = x.eval(src, &Data::Null).unwrap_err();
            assert_eq!(err.fault, Fault::Limit, "{src}: {err}");
        }
    }

    #[test]
    fn a_cached_expression_gets_fresh_fuel_each_time_and_stays_bounded() {
        let x = Exprs::new();
        // About half the fuel of one evaluation: run many times from the cache, it never runs
        // out (fuel is not shared between evaluations) ...
        let src = "range(40000) | list | length";
        for _ in 0..5 {
            assert_eq!(x.eval(src, &Data::Null), Ok(Data::Int(40000)));
        }
        // ... and an expression over the bound is refused every time, compiled or cached.
        for _ in 0..3 {
            let err = x.eval("'x' * 100000000", &Data::Null).unwrap_err();
            assert_eq!(err.fault, Fault::Limit, "{err}");
        }
    }

    #[test]
    fn a_value_too_large_to_hand_back_is_refused() {
        let err = Data::from_value(&Value::from(vec![Value::from(1); 100_001])).unwrap_err();
        assert!(err.contains("100 000 items"), "{err}");
    }

    #[test]
    fn what_is_answered_can_be_added_up_and_averaged() {
        let x = Exprs::new();
        let ctx = Data::map([(
            "a",
            Data::map([
                ("x", Data::Int(2)),
                ("y", Data::Null),
                ("z", Data::Int(4)),
                ("t", Data::from(" ")),
            ]),
        )]);
        assert_eq!(
            x.eval("[a.x, a.y, a.z] | answered | sum", &ctx),
            Ok(Data::Int(6))
        );
        assert_eq!(
            x.eval("[a.x, a.y, 3] | answered | mean", &ctx),
            Ok(Data::Float(2.5))
        );
        assert_eq!(x.eval("[a.y] | answered | mean", &ctx), Ok(Data::Null));
        assert_eq!(x.eval("a.t is answered", &ctx), Ok(Data::Bool(false)));
        assert_eq!(x.eval("a.x is answered", &ctx), Ok(Data::Bool(true)));
        let err = x.eval("[a.x, a.y] | sum", &ctx).unwrap_err();
        assert_eq!(err.fault, Fault::Data, "{err}");
    }

    #[test]
    fn unknown_filters_tests_and_functions_are_found_without_running() {
        let x = Exprs::new();
        let found = x.lint(
            "a if b else (contacts | lenght) or (c is nuber) or foo(1) or (d | map('itn') | list)",
        );
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown filter `lenght`",
                "unknown test `nuber`",
                "unknown function `foo`",
                "unknown filter `itn`",
            ]
        );
        assert_eq!(found[0].hint, "did you mean `length`?");
        assert!(
            x.lint("people | map(attribute='name') | select('answered') | list")
                .is_empty()
        );
        assert!(x.lint("range(3) | list").is_empty());
    }

    #[test]
    fn comparisons_with_fixed_values_are_read() {
        let found = Exprs::new()
            .comparisons("about.status == 'maried' and 'x' in about.roles or 3 < about.n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].path, "about.status");
        assert_eq!(found[1].kind, CompareKind::Contains);
        assert_eq!(found[2].literal, Data::Int(3));
    }
}
