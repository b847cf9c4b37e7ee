//! The command line resolved into what each command is asked to do, with the facts about this run
//! that it needs: whether a person can be asked, where output goes and as what, the clock.
//!
//! Owns: flag combinations clap cannot express, the output format from the file name, and the
//! choice between asking, a blank handout and answers given up front. Pure: the facts of the
//! process come in from `app`, which reads them once. Commands receive a request and never probe
//! a terminal or read the environment themselves. Must not prompt, render or write.

use std::path::{Path, PathBuf};

use crate::answers::date::Date;
use crate::answers::set::{self, SetArg};
use crate::cli::{OutputArgs, PlanArgs, RunArgs};
use crate::output::Target;
use crate::plan::ics::Details;
use crate::render::{FONT_SIZE, FontFile, Format, Paper, RenderOptions};
use crate::report::{Exit, Failure};

mod many;
pub use many::{
    BatchRequest, HandoutsRequest, ListRequest, PackItem, PackRequest, Pick, RenderManyRequest,
};

/// Facts about the process, read once by `app`.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// The document date in seconds since 1970 (`SOURCE_DATE_EPOCH` or now).
    pub epoch: i64,
    /// Settings that apply when no flag gives them (from the case folder).
    pub defaults: Defaults,
    /// How many processor cores this process may use (for batches).
    pub cores: usize,
    /// The width of the terminal standard output goes to, if it is one.
    pub columns: Option<usize>,
}

/// Output settings below the flags (from the case folder, the environment, the config file or
/// built in; see `config`), and the case's client label.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub paper: Paper,
    pub font_size: f32,
    /// Fallback fonts used when no `--font` is given.
    pub fonts: Vec<PathBuf>,
    pub client: Option<String>,
    /// The practice or clinician for the header of PDFs.
    pub practice: Option<String>,
}

impl Default for Defaults {
    fn default() -> Defaults {
        Defaults {
            paper: Paper::A4,
            font_size: FONT_SIZE,
            fonts: Vec::new(),
            client: None,
            practice: None,
        }
    }
}

impl Facts {
    /// A person is at a terminal and can be asked (prompts go to standard error).
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    /// Today's date (from the same clock as the document date).
    pub fn today(&self) -> Date {
        Date::from_unix(self.epoch).map_or(
            Date {
                year: 1970,
                month: 1,
                day: 1,
            },
            |(d, _)| d,
        )
    }
}

/// Where output goes, as what, and the facts a renderer needs that the document does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRequest {
    pub target: Target,
    pub format: Format,
    pub force: bool,
    pub options: RenderOptions,
}

impl OutputRequest {
    /// Resolves `-o` and `--format`: an explicit format wins, else the file extension, else
    /// Markdown for stdout.
    pub fn resolve(args: &OutputArgs, facts: &Facts) -> Result<OutputRequest, Failure> {
        let target = args.output.as_deref().map_or(Target::Stdout, Target::parse);
        let format = match (&args.format, &target) {
            (Some(f), _) => *f,
            (None, Target::Stdout) => Format::Md,
            (None, Target::File(path)) => Format::from_path(path).ok_or_else(|| {
                Failure::new(
                    Exit::Usage,
                    format!(
                        "cannot tell the output format from the name {}",
                        path.display()
                    ),
                )
                .hint("name the file .md (or .pdf), or pass --format md")
            })?,
        };
        if format == Format::Pdf && target == Target::Stdout && facts.stdout_tty {
            return Err(Failure::new(
                Exit::Usage,
                "a PDF is not for the terminal: it would print as unreadable bytes",
            )
            .hint("write it to a file with -o FILE.pdf (or pipe it: -o - | …)"));
        }
        Ok(OutputRequest {
            target,
            format,
            force: args.force,
            options: render_options(args, facts, format)?,
        })
    }

    /// The file this writes, if it writes one.
    pub fn file(&self) -> Option<&Path> {
        match &self.target {
            Target::File(p) => Some(p),
            Target::Stdout => None,
        }
    }
}

/// The renderer's options from the flags, the case's defaults and the built-in ones; `--font`
/// files are read for PDF.
pub fn render_options(
    args: &OutputArgs,
    facts: &Facts,
    format: Format,
) -> Result<RenderOptions, Failure> {
    let fonts = if format == Format::Pdf {
        let wanted = if args.fonts.is_empty() {
            &facts.defaults.fonts
        } else {
            &args.fonts
        };
        wanted
            .iter()
            .map(|p| read_font(p))
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(RenderOptions {
        paper: args.paper.unwrap_or(facts.defaults.paper),
        font_size: args.font_size.unwrap_or(facts.defaults.font_size),
        fonts,
        client: args
            .client
            .clone()
            .or_else(|| facts.defaults.client.clone()),
        practice: facts.defaults.practice.clone(),
        epoch: facts.epoch,
    })
}

/// Reads a `--font` file (the renderer checks that it is a font).
fn read_font(path: &Path) -> Result<FontFile, Failure> {
    std::fs::read(path)
        .map(|bytes| FontFile {
            name: path.display().to_string(),
            bytes,
        })
        .map_err(|e| {
            Failure::new(
                Exit::Runtime,
                format!("cannot read the font file {}: {e}", path.display()),
            )
            .hint("--font takes the path of a .ttf, .otf or .ttc file, e.g. under /usr/share/fonts")
        })
}

/// How a worksheet gets its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// An empty handout: nothing is asked or read.
    Blank,
    /// Ask a person: line by line (`plain`) or with terminal widgets.
    Ask { plain: bool },
    /// Answers given up front (answers file, `--set`, flags); nothing is asked.
    Given {
        /// Write the document even when required answers are missing, or none were given
        /// (`--allow-incomplete`).
        allow_incomplete: bool,
    },
}

/// `ipt fill` and the subcommands bound to a worksheet, resolved.
#[derive(Debug, Clone)]
pub struct FillRequest {
    /// The worksheet id or path as typed.
    pub wanted: String,
    pub how: How,
    pub answers: Option<PathBuf>,
    pub sets: Vec<SetArg>,
    pub with: Vec<PathBuf>,
    pub out: OutputRequest,
    /// `-o` was given (else a resumed interview may take the output stored with its answers).
    pub output_given: bool,
    /// `--no-input` was given (rather than there being no terminal to ask at).
    pub no_input: bool,
    /// `--session N`: in a case, the session these answers belong to.
    pub session: Option<usize>,
    output_args: OutputArgs,
    facts: Facts,
}

impl FillRequest {
    /// Resolves the options shared by every worksheet command. `extra` are answers given by
    /// command-specific flags (the plan's `--start`, say), applied after `--set`.
    pub fn resolve(
        wanted: &str,
        args: &RunArgs,
        extra: Vec<SetArg>,
        facts: &Facts,
    ) -> Result<FillRequest, Failure> {
        let out = OutputRequest::resolve(&args.output, facts)?;
        let mut sets = set_args(&args.set)?;
        sets.extend(extra);
        let how = if args.blank {
            How::Blank
        } else if args.plain || (facts.interactive() && !args.no_input) {
            How::Ask { plain: args.plain }
        } else {
            How::Given {
                allow_incomplete: args.allow_incomplete,
            }
        };
        Ok(FillRequest {
            wanted: wanted.to_string(),
            how,
            answers: args.answers.clone(),
            sets,
            with: args.with.clone(),
            out,
            output_given: args.output.output.is_some(),
            no_input: args.no_input,
            session: args.session,
            output_args: args.output.clone(),
            facts: facts.clone(),
        })
    }

    /// The output request with `-o` replaced by `path` (the output stored with resumed answers).
    pub fn output_to(&self, path: &str) -> Result<OutputRequest, Failure> {
        let mut args = self.output_args.clone();
        args.output = Some(path.to_string());
        OutputRequest::resolve(&args, &self.facts)
    }
}

/// The `--set` arguments, parsed; every malformed one is reported.
pub fn set_args(args: &[String]) -> Result<Vec<SetArg>, Failure> {
    let (ok, bad): (Vec<_>, Vec<_>) = args
        .iter()
        .enumerate()
        .map(|(i, a)| set::parse(i + 1, a))
        .partition(Result::is_ok);
    let problems: Vec<_> = bad.into_iter().filter_map(Result::err).collect();
    if problems.is_empty() {
        Ok(ok.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(Failure::answers(&problems))
    }
}

/// `ipt plan`, resolved: the plan worksheet's request (its flags as answers) and the calendar.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub fill: FillRequest,
    /// `--ics FILE` and how much it may say.
    pub ics: Option<(Target, Details)>,
}

impl PlanRequest {
    pub fn resolve(
        worksheet: &str,
        args: &PlanArgs,
        flags: Vec<SetArg>,
        facts: &Facts,
    ) -> Result<PlanRequest, Failure> {
        let fill = FillRequest::resolve(worksheet, &args.run, flags, facts)?;
        let details = if args.ics_details {
            Details::Full
        } else {
            Details::None
        };
        Ok(PlanRequest {
            fill,
            ics: args.ics.as_deref().map(|p| (Target::parse(p), details)),
        })
    }
}

/// `ipt session [N]`, resolved.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    /// The session (default: the session of today, or the next one).
    pub number: Option<usize>,
    /// Worksheets printed empty.
    pub blank: bool,
    pub out: OutputRequest,
}

/// `ipt progress`, resolved.
#[derive(Debug, Clone)]
pub struct ProgressRequest {
    /// Answers files named on the command line (else the case's).
    pub files: Vec<PathBuf>,
    pub to: ProgressOutput,
}

/// What `ipt progress` prints, and where.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgressOutput {
    /// Plain text on standard output (no `-o`, no `--format`).
    Text,
    /// A document: Markdown, PDF or SVG.
    Document(OutputRequest),
    /// The scores as CSV or JSON.
    Export {
        kind: ExportKind,
        target: Target,
        force: bool,
    },
}

/// The export formats of `ipt progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Csv,
    Json,
}

impl ProgressRequest {
    /// `--csv`/`--json` (or `-o` ending .csv/.json) export the scores; `-o` or `--format` make
    /// a document; otherwise plain text for the terminal.
    pub fn resolve(
        files: Vec<PathBuf>,
        csv: bool,
        json: bool,
        args: &OutputArgs,
        facts: &Facts,
    ) -> Result<ProgressRequest, Failure> {
        let target = args.output.as_deref().map_or(Target::Stdout, Target::parse);
        let by_name = match &target {
            Target::File(p) if args.format.is_none() => {
                match p
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                {
                    Some(e) if e == "csv" => Some(ExportKind::Csv),
                    Some(e) if e == "json" => Some(ExportKind::Json),
                    _ => None,
                }
            }
            _ => None,
        };
        let kind = if csv {
            Some(ExportKind::Csv)
        } else if json {
            Some(ExportKind::Json)
        } else {
            by_name
        };
        let to = match kind {
            Some(kind) => ProgressOutput::Export {
                kind,
                target,
                force: args.force,
            },
            None if args.output.is_none() && args.format.is_none() => ProgressOutput::Text,
            None => ProgressOutput::Document(OutputRequest::resolve(args, facts)?),
        };
        Ok(ProgressRequest { files, to })
    }
}

/// `ipt render ANSWERS_FILE`, resolved.
#[derive(Debug, Clone)]
pub struct RenderRequest {
    pub answers: PathBuf,
    pub worksheet: Option<String>,
    pub with: Vec<PathBuf>,
    pub out: OutputRequest,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    const TERMINAL: Facts = Facts {
        stdin_tty: true,
        stdout_tty: true,
        stderr_tty: true,
        epoch: 0,
        defaults: Defaults {
            paper: Paper::A4,
            font_size: FONT_SIZE,
            fonts: Vec::new(),
            client: None,
            practice: None,
        },
        cores: 2,
        columns: None,
    };
    const SCRIPT: Facts = Facts {
        stdin_tty: false,
        stdout_tty: false,
        stderr_tty: false,
        epoch: 0,
        defaults: Defaults {
            paper: Paper::A4,
            font_size: FONT_SIZE,
            fonts: Vec::new(),
            client: None,
            practice: None,
        },
        cores: 2,
        columns: None,
    };

    fn fill(args: &[&str], facts: &Facts) -> Result<FillRequest, Failure> {
        let cli = Cli::try_parse_from(["ipt", "inventory"].iter().chain(args)).unwrap();
        let Command::Inventory(run) = cli.command else {
            panic!("not inventory")
        };
        FillRequest::resolve("inventory", &run, Vec::new(), facts)
    }

    #[test]
    fn a_person_at_a_terminal_is_asked_and_a_script_is_not() {
        assert_eq!(fill(&[], &TERMINAL).unwrap().how, How::Ask { plain: false });
        assert_eq!(
            fill(&["--plain"], &SCRIPT).unwrap().how,
            How::Ask { plain: true }
        );
        assert_eq!(
            fill(&["--answers", "a.toml"], &SCRIPT).unwrap().how,
            How::Given {
                allow_incomplete: false
            }
        );
        assert_eq!(fill(&["--blank"], &TERMINAL).unwrap().how, How::Blank);
    }

    #[test]
    fn allow_incomplete_is_kept_for_a_run_without_prompts() {
        assert_eq!(
            fill(&["--no-input", "--allow-incomplete"], &TERMINAL)
                .unwrap()
                .how,
            How::Given {
                allow_incomplete: true
            }
        );
    }

    #[test]
    fn a_pdf_is_never_written_to_a_terminal_but_may_go_down_a_pipe() {
        let failure = fill(&["--blank", "--format", "pdf"], &TERMINAL).unwrap_err();
        assert_eq!(failure.exit, Exit::Usage);
        assert!(fill(&["--blank", "--format", "pdf"], &SCRIPT).is_ok());
    }

    #[test]
    fn flags_win_over_the_case_and_the_case_over_the_built_in_defaults() {
        let case = Facts {
            defaults: Defaults {
                paper: Paper::Letter,
                font_size: 14.0,
                client: Some("A. R.".into()),
                ..Defaults::default()
            },
            ..SCRIPT
        };
        let out = fill(&["--blank"], &case).unwrap().out.options;
        assert_eq!(
            (out.paper, out.font_size, out.client.as_deref()),
            (Paper::Letter, 14.0, Some("A. R."))
        );
        let out = fill(
            &[
                "--blank",
                "--paper",
                "a4",
                "--font-size",
                "12",
                "--client",
                "Z",
            ],
            &case,
        )
        .unwrap()
        .out
        .options;
        assert_eq!(
            (out.paper, out.font_size, out.client.as_deref()),
            (Paper::A4, 12.0, Some("Z"))
        );
        let out = fill(&["--blank"], &SCRIPT).unwrap().out.options;
        assert_eq!((out.paper, out.font_size), (Paper::A4, FONT_SIZE));
    }

    fn progress(args: &[&str]) -> Result<ProgressRequest, Failure> {
        let cli = Cli::try_parse_from(["ipt", "progress"].iter().chain(args)).unwrap();
        let Command::Progress {
            files,
            csv,
            json,
            output,
        } = cli.command
        else {
            panic!("not progress")
        };
        ProgressRequest::resolve(files, csv, json, &output, &SCRIPT)
    }

    #[test]
    fn progress_prints_text_exports_by_flag_or_name_and_makes_documents_with_o() {
        assert_eq!(progress(&[]).unwrap().to, ProgressOutput::Text);
        let export = |args: &[&str]| match progress(args).unwrap().to {
            ProgressOutput::Export { kind, .. } => Some(kind),
            _ => None,
        };
        assert_eq!(export(&["--csv"]), Some(ExportKind::Csv));
        assert_eq!(export(&["-o", "scores.json"]), Some(ExportKind::Json));
        assert_eq!(export(&["-o", "scores.CSV"]), Some(ExportKind::Csv));
        let format = |args: &[&str]| match progress(args).unwrap().to {
            ProgressOutput::Document(out) => Some(out.format),
            _ => None,
        };
        assert_eq!(format(&["-o", "p.svg"]), Some(Format::Svg));
        assert_eq!(format(&["--format", "md"]), Some(Format::Md));
        assert_eq!(
            format(&["-o", "p.pdf", "--font-size", "16"]),
            Some(Format::Pdf)
        );
        assert!(progress(&["-o", "p.txt"]).is_err());
        assert!(Cli::try_parse_from(["ipt", "progress", "--csv", "--json"]).is_err());
    }

    #[test]
    fn a_stored_output_replaces_stdout_with_its_own_format() {
        let req = fill(&["--plain"], &SCRIPT).unwrap();
        assert!(!req.output_given);
        let out = req.output_to("inv.pdf").unwrap();
        assert_eq!(out.format, Format::Pdf);
        assert_eq!(out.file(), Some(Path::new("inv.pdf")));
    }
}
