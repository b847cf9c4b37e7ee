//! The Markdown template environment: strict undefined (also through filters), a loader handed
//! in by the caller that only ever sees relative names inside the template folders, the bounds
//! of `limits`, and an output formatter that escapes every value unless the template marks it
//! `| safe`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};
use serde::Serialize;

use super::{Finding, helpers, limits, lint};

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
    /// What to do about it, when known.
    pub hint: Option<String>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "template {}:{line}: {}", self.template, self.message),
            None => write!(f, "template {}: {}", self.template, self.message),
        }
    }
}

/// Whether a template name stays inside the template folders: relative, with no `..`, no
/// drive or root, no backslash (a symbolic link out of the folder is the loader's to refuse).
pub fn template_name_ok(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
}

/// The template environment, its loader, syntax, limits, escaping and filters.
fn environment(
    load: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    escaper: &Escaper,
) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    limits::bound_templates(&mut env);
    helpers::add(&mut env);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    env.set_loader(move |name| {
        if !template_name_ok(name) {
            return Err(Error::new(
                ErrorKind::TemplateNotFound,
                format!("`{name}` is outside the template folders: a template may include only templates in its own folders, by a relative name"),
            ));
        }
        Ok(load(name))
    });
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
        let filter_name: &'static str = filter;
        env.add_filter(*filter, move |v: Value| {
            // Strict undefined holds through our filters too: `doc.titel | inline` is an error.
            if v.is_undefined() {
                return Err(Error::new(
                    ErrorKind::UndefinedError,
                    format!("`{filter_name}` was given an undefined value (a misspelt name?)"),
                ));
            }
            Ok(Value::from_safe_string(f(v
                .as_str()
                .map_or_else(|| v.to_string(), str::to_string)
                .as_str())))
        });
    }
    Ok(env)
}

fn fail(name: &str) -> impl Fn(minijinja::Error) -> TemplateError + '_ {
    move |e: minijinja::Error| {
        // An error in an included or imported template: name the innermost one.
        let mut inner = &e;
        while let Some(next) =
            std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            inner = next;
        }
        TemplateError {
            template: inner.name().unwrap_or(name).to_string(),
            line: inner.line(),
            message: inner
                .detail()
                .map_or_else(|| inner.kind().to_string(), str::to_string),
            hint: None,
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
    let env = environment(load, escaper).map_err(|message| TemplateError {
        template: name.to_string(),
        line: None,
        message,
        hint: None,
    })?;
    let tmpl = env.get_template(name).map_err(fail(name))?;
    tmpl.render(Value::from(Serde(ctx))).map_err(fail(name))
}

/// Compiles template `name` (with `source`) and reads it for unknown filters and tests and for
/// imports or includes reaching outside the template folders. Rendering it with sample
/// documents is the caller's next step.
pub fn check_template(
    name: &str,
    source: &str,
    load: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    escaper: &Escaper,
) -> Vec<TemplateError> {
    let env = match environment(load, escaper) {
        Ok(env) => env,
        Err(message) => {
            return vec![TemplateError {
                template: name.to_string(),
                line: None,
                message,
                hint: None,
            }];
        }
    };
    if let Err(e) = env.template_from_named_str(name, source) {
        return vec![fail(name)(e)];
    }
    let stmt = match minijinja::machinery::parse(source, name, env.syntax().clone()) {
        Ok(stmt) => stmt,
        Err(e) => return vec![fail(name)(e)],
    };
    let known = Mutex::new(BTreeMap::new());
    // Macros and imported names are callable too: functions are not checked in templates.
    let uses: Vec<lint::Use> = lint::template_uses(&stmt)
        .into_iter()
        .filter(|u| !matches!(u.named, lint::Named::Function(_)))
        .collect();
    super::unknown_in(&env, &known, &uses)
        .into_iter()
        .map(
            |Finding {
                 line,
                 message,
                 hint,
             }| TemplateError {
                template: name.to_string(),
                line: Some(line),
                message,
                hint: Some(hint),
            },
        )
        .collect()
}
