//! Everything minijinja: the one expression language (conditions, defaults, computed values,
//! choices, rules, safety triggers, repeat labels) and the Markdown template environment.
//!
//! Owns: the only `use minijinja` in the crate. Callers pass plain [`Data`] or serde values and
//! get plain Rust values back. Must not know about worksheets, answers files or Markdown syntax:
//! escaping functions and the template loader are handed in.

mod data;
mod templates;

pub use data::{Data, format_float};
pub use templates::{Escaper, TemplateError, render_template};

use std::collections::{BTreeMap, BTreeSet};

use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};

/// An expression or template that did not compile or failed to evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
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
    ExprError { message }
}

/// Compiles and evaluates expressions with strict undefined: a misspelt name is an error.
pub struct Exprs {
    env: Environment<'static>,
}

impl Default for Exprs {
    fn default() -> Self {
        Self::new()
    }
}

/// The environment expressions are compiled in: strict undefined; in labels, an unanswered field
/// prints as nothing rather than "none".
fn configured() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
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
        Exprs { env: configured() }
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
            });
        }
        Ok(Data::from_value(&value))
    }

    /// Evaluates a condition: true when the value is truthy.
    pub fn truthy(&self, src: &str, ctx: &(impl Names + ?Sized)) -> Result<bool, ExprError> {
        Ok(self.eval(src, ctx)?.is_truthy())
    }

    /// Renders a short template such as a repeat label; the result is plain text.
    pub fn render_str(&self, src: &str, ctx: &(impl Names + ?Sized)) -> Result<String, ExprError> {
        let tmpl = self.env.template_from_str(src).map_err(expr_error)?;
        tmpl.render(only(&tmpl.undeclared_variables(false), ctx))
            .map_err(expr_error)
    }
}

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
