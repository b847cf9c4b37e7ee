//! The Markdown template environment: strict undefined, a loader handed in by the caller, and an
//! output formatter that escapes every value unless the template marks it `| safe`.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

/// A text transformation: plain text in, output-language text out.
pub type EscapeFn = fn(&str) -> String;

/// Escaping functions of the output language, handed in by its renderer.
pub struct Escaper {
    /// Applied to every `{{ value }}` that is not marked safe.
    pub text: EscapeFn,
    /// Extra filters, e.g. `("cell", escape_table_cell)`; their output is marked safe.
    pub filters: &'static [(&'static str, EscapeFn)],
}

/// A template that failed to load, compile or render, named with its file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "template {}:{line}: {}", self.template, self.message),
            None => write!(f, "template {}: {}", self.template, self.message),
        }
    }
}

/// Renders template `name` with `ctx`. `load` returns a template's source by name.
pub fn render_template<C: Serialize>(
    name: &str,
    ctx: &C,
    load: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    escaper: &Escaper,
) -> Result<String, TemplateError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| TemplateError {
            template: name.to_string(),
            line: None,
            message: e.to_string(),
        })?;
    env.set_syntax(syntax);
    env.set_loader(move |name| Ok(load(name)));
    // A custom escape mode: macro output then counts as safe, and our formatter escapes values.
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    let text = escaper.text;
    env.set_formatter(move |out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())?;
        } else if value.is_none() || value.is_undefined() {
            // strict undefined already errors on undefined; none prints as nothing
        } else if let Some(s) = value.as_str() {
            out.write_str(&text(s))?;
        } else {
            out.write_str(&text(&value.to_string()))?;
        }
        Ok(())
    });
    for (filter, f) in escaper.filters {
        let f = *f;
        env.add_filter(*filter, move |v: Value| {
            Value::from_safe_string(f(v
                .as_str()
                .map_or_else(|| v.to_string(), str::to_string)
                .as_str()))
        });
    }
    let fail = |e: minijinja::Error| TemplateError {
        template: e.name().unwrap_or(name).to_string(),
        line: e.line(),
        message: e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_string),
    };
    let tmpl = env.get_template(name).map_err(fail)?;
    tmpl.render(Value::from(Serde(ctx))).map_err(fail)
}
