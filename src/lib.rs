//! `ipt`: Interpersonal Psychotherapy worksheets and plans from the terminal.
//!
//! The pipeline is the architecture:
//!
//! ```text
//! worksheets/*.toml ─► spec ─┐
//!                            ├─► answers (one gate) ─► document ─► render ─► output
//! interview / answers file ──┘                                   (Markdown, PDF, SVG)
//! ```
//!
//! - [`spec`]: worksheet definitions, their checks and discovery;
//! - [`answers`]: raw answers, the one validation gate, answers files;
//! - [`document`]: the plain model of what is printed;
//! - [`render`]: document → bytes (Markdown through templates, PDF through printpdf, SVG);
//! - [`batch`]: many inputs in parallel, each into its own file; [`listing`]: the catalogue as
//!   lists and JSON;
//! - `folders`: folders named on the command line, listed once for the commands;
//! - [`input`]: bounded, checked reads of input files; [`output`]: atomic, owner-only file writes; [`stdout`]: the one writer to standard output;
//! - [`visible`]: which characters may reach a terminal (see docs/security.md);
//! - [`jinja`]: the only user of minijinja (expressions and templates);
//! - [`cli`], [`app`], [`commands`], [`report`]: the command line, its resolution, per-command
//!   glue and the exit-code policy.

pub mod answers;
pub mod app;
pub mod assets;
pub mod batch;
pub mod case;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod completions;
pub mod config;
pub mod document;
pub mod drafts;
pub mod export;
mod folders;
pub mod input;
pub mod interrupt;
pub mod interview;
pub mod jinja;
pub mod listing;
pub mod measures;
pub mod output;
pub mod plan;
#[cfg(test)]
mod properties;
pub mod render;
pub mod report;
pub mod request;
pub mod spec;
pub mod stdout;
mod suggest;
pub mod visible;
