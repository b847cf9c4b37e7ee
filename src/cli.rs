//! The command line as the user types it: clap derive types only. Every `///` is help text.
//!
//! Owns: argument syntax. Must not touch files, prompts or templates; `app` resolves these
//! into a request.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::engine::ArgValueCompleter;

use crate::render::{FONT_SIZE_RANGE, Format, Paper};
use crate::report::EXIT_CODES_HELP;

/// Interpersonal Psychotherapy (IPT) worksheets from the terminal.
///
/// Fill in IPT worksheets — the interpersonal inventory, closeness circle, role-play, grief,
/// communication and decision analysis, PHQ-9, GAD-7, safety plan and more (`ipt list`) — by
/// answering kind prompts or from answers files; print them as Markdown or PDF, blank or filled;
/// and lay out a dated treatment plan (`ipt plan`). Worksheets are TOML files: see
/// docs/worksheet-format.md. Everything stays on this computer.
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

    /// Print crisis contacts for this country (ISO code such as GB, US, AU; default: the case's
    /// country, IPT_COUNTRY, then the region of your locale, else international contacts)
    #[arg(long, value_name = "CODE", global = true)]
    pub country: Option<String>,

    /// Work in this case folder (default: IPT_CASE, else the current folder or a parent holding
    /// case.toml); see docs/case-folder.md
    #[arg(long = "case", value_name = "DIR", global = true)]
    pub case: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// Parsed once per run; the size of the plan's flags does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Fill in any worksheet, built-in or your own (by id or path); several at once as blank
    /// handouts with --out-dir
    Fill {
        /// Worksheet id (see `ipt list`) or path to a worksheet .toml file; several with --blank
        /// --out-dir
        #[arg(
            value_name = "ID|PATH",
            required_unless_present_any = ["all", "phase", "area"],
            add = ArgValueCompleter::new(crate::completions::worksheet)
        )]
        worksheet: Vec<String>,
        #[command(flatten)]
        pick: PickArgs,
        #[command(flatten)]
        batch: BatchArgs,
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
    /// Treatment plan for a 12–16 week course: every session's date, phase, aims and worksheets
    Plan(PlanArgs),
    /// Render saved answers files again, without asking anything (several, or folders of them,
    /// with --out-dir)
    Render {
        /// The answers file (TOML); several, or folders (every .toml file in them but case.toml),
        /// with --out-dir
        #[arg(value_name = "ANSWERS_FILE", required = true)]
        answers: Vec<PathBuf>,
        /// Use this worksheet (id or path) instead of the one named in the file
        #[arg(long, value_name = "ID|PATH")]
        worksheet: Option<String>,
        /// Saved answers of a worksheet this one draws on, e.g. your inventory
        #[arg(long = "with", visible_alias = "inventory", value_name = "FILE")]
        with: Vec<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Several documents in one file: worksheet ids print blank, answers files (and folders of
    /// them) filled, plans as plans; a cover, a contents page and bookmarks
    Pack {
        /// Worksheet ids (blank handouts) and answers files or folders (filled), in order
        #[arg(value_name = "ITEM", required = true)]
        items: Vec<String>,
        /// The title on the cover and in the bookmarks (default: "Course pack")
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Start each document on an odd page, for printing on both sides
        #[arg(long)]
        duplex: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check worksheet files, the resource files beside them and templates (with --templates
    /// DIR), and report every problem with file:line:column
    Validate {
        /// Worksheet files or folders of them (a folder's resources/ subfolder is checked too)
        #[arg(value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
    },
    /// List every worksheet: id, title, technique, phase and where it comes from
    List(ListArgs),
    /// A client's case folder: `ipt case new DIR` starts one with its plan; `reschedule` moves
    /// sessions
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Where a case stands: session N of M, phase, next date, what is due, unfinished worksheets,
    /// the latest measures
    Status {
        /// Print it as JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// The session packet: an agenda page, then every worksheet and measure due, in one document
    Session {
        /// The session's number (default: the next session)
        #[arg(value_name = "N")]
        number: Option<usize>,
        /// Print the worksheets empty (for printing before the session)
        #[arg(long)]
        blank: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show every setting in effect (country, paper, type size, fonts, practice, case, language)
    /// and where it comes from: a flag, the case folder, the environment, the config file
    Config {
        /// Write a commented config file to fill in ($XDG_CONFIG_HOME/ipt/config.toml)
        #[arg(long)]
        init: bool,
        /// With --init: replace the config file if it exists
        #[arg(long, requires = "init")]
        force: bool,
    },
    /// Print the lines that give your shell completions for ipt (worksheet ids included), e.g.
    /// `source <(ipt completions bash)` in ~/.bashrc
    Completions {
        /// bash, zsh, fish, powershell or elvish
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::completions::SHELLS))]
        shell: String,
    },
    /// Write the manual pages: ipt.1 and one for each subcommand (read one with `man -l ipt.1`)
    Man {
        /// The folder to write them to
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
        /// Replace pages that exist
        #[arg(long)]
        force: bool,
    },
    /// Questionnaire scores over the course: a table, a sparkline per questionnaire and what the
    /// change since the first score means; with -o a chart in PDF, SVG or Markdown
    Progress {
        /// Answers files of questionnaires, outside a case (in a case: its completed answers)
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the scores as CSV, one row per score (or -o FILE.csv); columns in
        /// docs/progress.md
        #[arg(long, conflicts_with_all = ["json", "format"])]
        csv: bool,
        /// Print the scores as JSON, with thresholds and what the change means (or -o FILE.json)
        #[arg(long, conflicts_with = "format")]
        json: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// For health records: a worksheet as a FHIR R4 Questionnaire, or answers as a
    /// QuestionnaireResponse (see docs/fhir.md)
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Show a worksheet's outline: sections, questions, types and conditions
    Show {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH", add = ArgValueCompleter::new(crate::completions::worksheet))]
        worksheet: String,
        /// Print it as JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Print a JSON Schema for TOML editors: of the worksheet format, or of one worksheet's
    /// answers file (see docs/worksheet-format.md, "Editor support")
    Schema {
        #[command(subcommand)]
        of: SchemaCommand,
    },
    /// The Markdown templates: `ipt templates export DIR` copies the built-in ones to start from
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Write a skeleton answers file, every question as a comment, to fill in an editor
    Skeleton {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH", add = ArgValueCompleter::new(crate::completions::worksheet))]
        worksheet: String,
        /// Where to write it (`-` for stdout, the default)
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// What `ipt export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A worksheet as a FHIR R4 Questionnaire (JSON), with its standard codes (LOINC)
    #[command(name = "fhir-questionnaire")]
    FhirQuestionnaire {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH", add = ArgValueCompleter::new(crate::completions::worksheet))]
        worksheet: String,
        /// Write to this file (`-` for stdout, the default)
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Checked answers as a FHIR R4 QuestionnaireResponse (JSON); `ipt render` reads it back
    #[command(name = "fhir-response")]
    FhirResponse {
        /// The answers file
        #[arg(value_name = "ANSWERS_FILE")]
        answers: PathBuf,
        /// Saved answers of a worksheet this one draws on, e.g. your inventory
        #[arg(long = "with", visible_alias = "inventory", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Write to this file (`-` for stdout, the default)
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// What a JSON Schema is printed of.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// The worksheet format (for your own worksheet files)
    Worksheet,
    /// The answers file of one worksheet
    Answers {
        /// Worksheet id or path
        #[arg(value_name = "ID|PATH", add = ArgValueCompleter::new(crate::completions::worksheet))]
        worksheet: String,
    },
}

/// What can be done with the templates.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates (and their README) into a folder, to change them there
    Export {
        /// The folder to write them to (created if needed)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Replace files that exist
        #[arg(long)]
        force: bool,
    },
}

/// What can be done with a case folder.
#[derive(Debug, Subcommand)]
// Parsed once per run; the size of the plan's flags does not matter.
#[allow(clippy::large_enum_variant)]
pub enum CaseCommand {
    /// Start a case folder: case.toml (client label, country, paper) and the course plan, asked
    /// or from the same flags as `ipt plan` (or --plan ANSWERS)
    New {
        /// The folder to create (or to finish setting up)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Take the plan from this answers file of the `plan` worksheet
        #[arg(long = "plan", value_name = "ANSWERS", conflicts_with = "answers")]
        plan: Option<PathBuf>,
        #[command(flatten)]
        args: PlanArgs,
    },
    /// Move sessions: session N (and every later one) to a new date, or skip a date
    Reschedule {
        /// The first session to move
        #[arg(long, value_name = "N", requires = "to", conflicts_with = "skip")]
        from: Option<usize>,
        /// Its new date (YYYY-MM-DD); later sessions follow at the usual interval
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// A date without a session; the sessions from then on move on by one interval
        #[arg(long, value_name = "YYYY-MM-DD")]
        skip: Option<String>,
        /// Also write the updated calendar (.ics); events keep their ids
        #[arg(long, value_name = "FILE")]
        ics: Option<String>,
        /// Replace the calendar file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// The facts of a treatment plan. Each flag answers one question of the `plan` worksheet
/// (`ipt show plan`); in a terminal the rest is asked, with --no-input defaults fill the gaps.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// Date of the first session (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Length of the course in weeks: 12 to 16 is usual, 8 to 20 is possible (default 12)
    #[arg(long, value_name = "N")]
    pub weeks: Option<String>,
    /// weekly, or biweekly (every two weeks: half the sessions over the same weeks)
    #[arg(long, value_name = "weekly|biweekly")]
    pub cadence: Option<String>,
    /// Day of the week to meet (monday … sunday); default: the day of the first session
    #[arg(long, value_name = "DAY")]
    pub weekday: Option<String>,
    /// Time of the sessions, 24-hour clock (e.g. 17:30)
    #[arg(long, value_name = "HH:MM")]
    pub time: Option<String>,
    /// Length of each session in minutes (default 50)
    #[arg(long, value_name = "MINUTES")]
    pub length: Option<String>,
    /// A date without a session, e.g. a holiday (repeatable); later sessions move on
    #[arg(long = "skip", value_name = "YYYY-MM-DD")]
    pub skips: Vec<String>,
    /// The main problem area: grief, role-dispute, role-transition, interpersonal-deficits
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
    /// A second problem area, if agreed
    #[arg(long, value_name = "AREA")]
    pub second_area: Option<String>,
    /// A goal of the course (repeatable; two or three)
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// Questionnaires along the way: phq9, gad7 or phq9,gad7 (default phq9)
    #[arg(long, value_name = "LIST")]
    pub measures: Option<String>,
    /// Questionnaires every N sessions (default 4), and at the first and last session
    #[arg(long, value_name = "N")]
    pub measure_every: Option<String>,
    /// adult, adolescent (IPT-A, with parent sessions), group, or brief (default adult)
    #[arg(long, value_name = "VARIANT")]
    pub variant: Option<String>,
    /// Also write the sessions as a calendar (.ics) to import
    #[arg(long, value_name = "FILE")]
    pub ics: Option<String>,
    /// Put the client's name, phase and aims in the calendar (off: calendars are often shared)
    #[arg(long)]
    pub ics_details: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Which worksheets: every one, or those of a phase or problem area.
#[derive(Debug, Clone, Default, Args)]
pub struct PickArgs {
    /// Every worksheet (for `ipt fill`, with --blank --out-dir; `ipt list` lists every one anyway)
    #[arg(long)]
    pub all: bool,
    /// Only worksheets for this phase: initial, middle, termination (those for any time too)
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,
    /// Only worksheets for this problem area: grief, role-dispute, role-transition,
    /// interpersonal-deficits (those for all areas too)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
}

/// Many files in one command.
#[derive(Debug, Clone, Default, Args)]
pub struct BatchArgs {
    /// Write one file per input into this folder (made if missing), each named after its input
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// How many files to render at once (default: one per processor core)
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
}

/// `ipt list`: what to list and how.
#[derive(Debug, Clone, Default, Args)]
pub struct ListArgs {
    /// Print the list as JSON for scripts
    #[arg(long, conflicts_with = "ids")]
    pub json: bool,
    /// Print only the ids, one a line
    #[arg(long)]
    pub ids: bool,
    #[command(flatten)]
    pub pick: PickArgs,
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

    /// In a case: the session these answers belong to (default: the session the plan has today)
    #[arg(long, value_name = "N")]
    pub session: Option<usize>,

    /// Never prompt: use the answers given and defaults, and fail (exit 3) listing what is missing
    #[arg(long)]
    pub no_input: bool,

    /// Without prompts, write the document even if required answers are missing (they stay
    /// empty); each is named in a warning
    #[arg(long, conflicts_with_all = ["plain", "blank"])]
    pub allow_incomplete: bool,

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

    /// Output format, when the file name does not say it (svg: the charts of `ipt progress`)
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,

    /// PDF paper size (default: the case's, else a4)
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,

    /// PDF body text size in points, 8 to 24, e.g. 14 for large print (default: the case's, else 11)
    #[arg(long, value_name = "POINTS", value_parser = font_size)]
    pub font_size: Option<f32>,

    /// A fallback font for characters DejaVu Sans lacks, e.g. a CJK font (repeatable, tried in order)
    #[arg(long = "font", value_name = "PATH")]
    pub fonts: Vec<PathBuf>,

    /// The client's name or initials for the PDF header (never logged)
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
}

/// `--font-size`: a number of points within the bounds.
pub fn font_size(arg: &str) -> Result<f32, String> {
    let size: f32 = arg
        .trim()
        .parse()
        .map_err(|_| format!("`{arg}` is not a number of points"))?;
    if FONT_SIZE_RANGE.contains(&size) {
        Ok(size)
    } else {
        Err(format!(
            "{size} is outside {}–{} points",
            FONT_SIZE_RANGE.start(),
            FONT_SIZE_RANGE.end()
        ))
    }
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

    #[test]
    fn pdf_options_have_defaults_and_bounds() {
        let cli = Cli::try_parse_from(["ipt", "inventory", "--blank"]).unwrap();
        let Command::Inventory(run) = cli.command else {
            panic!("not inventory")
        };
        assert_eq!(
            run.output.paper, None,
            "the default comes from the case, else A4"
        );
        assert_eq!(run.output.font_size, None);
        for bad in ["7", "25", "big"] {
            assert!(Cli::try_parse_from(["ipt", "inventory", "--font-size", bad]).is_err());
        }
        let cli = Cli::try_parse_from([
            "ipt",
            "grief",
            "--blank",
            "--paper",
            "letter",
            "--font-size",
            "16",
            "--font",
            "a.ttf",
            "--font",
            "b.otf",
        ])
        .unwrap();
        let Command::Grief(run) = cli.command else {
            panic!("not grief")
        };
        assert_eq!(run.output.paper, Some(Paper::Letter));
        assert_eq!(run.output.font_size, Some(16.0));
        assert_eq!(run.output.fonts.len(), 2);
    }
}
