//! The command line as the user types it: clap derive types only. Every `///` is help text.
//!
//! Owns: argument syntax. Must not touch files, prompts or templates; `app` resolves these
//! into a request.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;
use crate::report::EXIT_CODES_HELP;

/// Interpersonal Psychotherapy (IPT) worksheets from the terminal.
///
/// Fill in IPT worksheets (interpersonal inventory, role-play, grief, communication analysis,
/// decision analysis) from answers files or the command line, and print them as Markdown.
/// Worksheets are TOML files: see docs/worksheet-format.md. Everything stays on this computer.
#[derive(Debug, Parser)]
#[command(name = "ipt", version, after_help = EXIT_CODES_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Also read worksheets from this folder (repeatable; first wins over later and built-in)
    #[arg(long = "worksheets", value_name = "DIR", global = true)]
    pub worksheets: Vec<PathBuf>,

    /// Also read Markdown templates from this folder (repeatable; overrides built-in ones by name)
    #[arg(long = "templates", value_name = "DIR", global = true)]
    pub templates: Vec<PathBuf>,

    /// Print crisis contacts for this country (ISO code such as GB, US, AU; default: IPT_COUNTRY,
    /// then the region of your locale, else international contacts)
    #[arg(long, value_name = "CODE", global = true)]
    pub country: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill in any worksheet, built-in or your own (by id or path)
    Fill {
        /// Worksheet id (see `ipt list`) or path to a worksheet .toml file
        #[arg(value_name = "ID|PATH")]
        worksheet: String,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Interpersonal inventory: the important people in your life
    Inventory(RunArgs),
    /// Role-play: prepare and look back on practising a conversation
    #[command(name = "role-play")]
    RolePlay(RunArgs),
    /// Grief: remembering the person who died and the relationship
    Grief(RunArgs),
    /// Communication analysis: look closely at one conversation that went wrong
    Communication(RunArgs),
    /// Decision analysis: weigh the options for an interpersonal problem
    #[command(name = "problem-solving")]
    ProblemSolving(RunArgs),
    /// Treatment plan for a 12–16 week course (not available yet)
    Plan {
        /// (ignored until the plan generator exists)
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        rest: Vec<String>,
    },
    /// Render a saved answers file again, without asking anything
    Render {
        /// The answers file (TOML)
        #[arg(value_name = "ANSWERS_FILE")]
        answers: PathBuf,
        /// Use this worksheet (id or path) instead of the one named in the file
        #[arg(long, value_name = "ID|PATH")]
        worksheet: Option<String>,
        /// Saved answers of a worksheet this one draws on, e.g. your inventory
        #[arg(long = "with", visible_alias = "inventory", value_name = "FILE")]
        with: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check worksheet files and report every problem with file:line:column
    Validate {
        /// Worksheet files (or folders of them) to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List every worksheet: id, title, technique, phase and where it comes from
    List,
    /// Show a worksheet's outline: sections, questions, types and conditions
    Show {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH")]
        worksheet: String,
    },
    /// Write a skeleton answers file, every question as a comment, to fill in an editor
    Skeleton {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH")]
        worksheet: String,
        /// Where to write it (`-` for stdout, the default)
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// How a worksheet is filled and where the result goes.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Read answers from this TOML file (see docs/answers-format.md)
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Give one answer: ID=VALUE, e.g. about.name=Ana or people[2].name=Tom (repeatable)
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,

    /// Saved answers of a worksheet this one draws on, e.g. your inventory (found in the current
    /// folder when not given)
    #[arg(long = "with", visible_alias = "inventory", value_name = "FILE")]
    pub with: Vec<PathBuf>,

    /// Never prompt: use the answers given and defaults, and fail listing what is missing
    #[arg(long)]
    pub no_input: bool,

    /// Ask line by line (for screen readers and answers piped on standard input)
    #[arg(long, conflicts_with = "no_input")]
    pub plain: bool,

    /// Print an empty handout to fill in by hand (no answers)
    #[arg(long, conflicts_with_all = ["answers", "set", "with", "plain"])]
    pub blank: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where output goes and in which format.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write to this file (`-` for stdout, the default); the format follows its extension
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,

    /// Output format, when the file name does not say it
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bound_subcommands_take_the_same_options_as_fill() {
        let cli = Cli::try_parse_from([
            "ipt",
            "inventory",
            "--answers",
            "a.toml",
            "--no-input",
            "--set",
            "about.name=Ana",
            "-o",
            "-",
        ])
        .unwrap();
        let Command::Inventory(run) = cli.command else {
            panic!("not inventory")
        };
        assert!(run.no_input);
        assert_eq!(run.set, ["about.name=Ana"]);
        assert_eq!(run.output.output.as_deref(), Some("-"));
    }
}
