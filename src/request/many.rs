//! The requests of the trainers' commands, resolved: many files into a folder (`ipt render FILES…
//! --out-dir`, `ipt fill ID… --blank --out-dir`), a pack of documents in one file (`ipt pack`)
//! and the machine-readable listings (`ipt list`).
//!
//! Owns: which flag combinations make a batch and what a batch needs (format, folder, how many
//! at once, whether a progress bar is drawn). Pure like the rest of `request`: folders are
//! listed by `app`, which hands in the files found. Must not render or write.

use std::path::PathBuf;

use super::{Facts, OutputRequest, render_options};
use crate::cli::{BatchArgs, OutputArgs, PickArgs};
use crate::render::{Format, RenderOptions};
use crate::report::{Exit, Failure};

/// Many documents written into one folder.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    pub dir: PathBuf,
    pub format: Format,
    pub force: bool,
    pub options: RenderOptions,
    /// How many files are rendered at once.
    pub jobs: usize,
    /// Draw a progress bar on stderr (it is a terminal).
    pub progress: bool,
}

impl BatchRequest {
    /// The batch of `--out-dir DIR`: `--format` (else Markdown) and the usual output options.
    pub fn resolve(
        dir: PathBuf,
        batch: &BatchArgs,
        output: &OutputArgs,
        facts: &Facts,
    ) -> Result<BatchRequest, Failure> {
        let format = output.format.unwrap_or(Format::Md);
        Ok(BatchRequest {
            dir,
            format,
            force: output.force,
            options: render_options(output, facts, format)?,
            jobs: batch.jobs.map_or(facts.cores, usize::from).max(1),
            progress: facts.stderr_tty,
        })
    }

    /// The file name extension of the format.
    pub fn extension(&self) -> &'static str {
        match self.format {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Svg => "svg",
        }
    }
}

/// Which worksheets: named ones, every one, or those of a phase or a problem area (both must
/// match when both are given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pick {
    pub all: bool,
    pub phase: Option<String>,
    pub area: Option<String>,
}

impl Pick {
    pub fn from_args(args: &PickArgs) -> Pick {
        Pick {
            all: args.all,
            phase: args.phase.as_deref().map(str::trim).map(str::to_string),
            area: args.area.as_deref().map(str::trim).map(str::to_string),
        }
    }

    /// Any worksheets are picked by flags (rather than only by id).
    pub fn any(&self) -> bool {
        self.all || self.phase.is_some() || self.area.is_some()
    }
}

/// `ipt fill ID… --blank --out-dir DIR` (and `--all`, `--phase`, `--area`): blank handouts.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoutsRequest {
    /// Worksheet ids or paths named, in order.
    pub wanted: Vec<String>,
    pub pick: Pick,
    pub batch: BatchRequest,
}

impl HandoutsRequest {
    /// Whether `ipt fill` was asked for several handouts at once, and if so the request. Several
    /// ids, `--all`, `--phase`, `--area` or `--out-dir` make a batch; a batch is blank and goes
    /// into a folder.
    pub fn resolve(
        wanted: &[String],
        pick: &PickArgs,
        batch: &BatchArgs,
        blank: bool,
        output: &OutputArgs,
        facts: &Facts,
    ) -> Result<Option<HandoutsRequest>, Failure> {
        let pick = Pick::from_args(pick);
        if wanted.len() <= 1 && !pick.any() && batch.out_dir.is_none() {
            return Ok(None);
        }
        if !blank {
            return Err(Failure::new(
                Exit::Usage,
                "several worksheets at once are printed as blank handouts",
            )
            .hint("add --blank (and --out-dir DIR); to fill one worksheet, name only that one"));
        }
        let Some(dir) = batch.out_dir.clone() else {
            return Err(Failure::new(
                Exit::Usage,
                "several handouts are written into a folder, one file each",
            )
            .hint("add --out-dir DIR, e.g. --out-dir handouts"));
        };
        let batch = BatchRequest::resolve(dir, batch, output, facts)?;
        if matches!(batch.format, Format::Json | Format::Svg) {
            return Err(Failure::new(
                Exit::Usage,
                "blank handouts are documents: they print as Markdown or PDF",
            )
            .hint("pass --format md or --format pdf"));
        }
        Ok(Some(HandoutsRequest {
            wanted: wanted.to_vec(),
            pick,
            batch,
        }))
    }
}

/// `ipt render FILES… --out-dir DIR`: every answers file rendered into the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderManyRequest {
    /// The answers files, folders listed (by `app`), in order.
    pub answers: Vec<PathBuf>,
    pub worksheet: Option<String>,
    pub with: Vec<PathBuf>,
    pub batch: BatchRequest,
}

impl RenderManyRequest {
    /// Whether `ipt render` was asked for a batch: `--out-dir`, several files or a folder.
    /// `files` are the answers files found (folders listed), `folders` whether any was a folder.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        files: Vec<PathBuf>,
        folders: bool,
        worksheet: Option<&String>,
        with: &[PathBuf],
        batch: &BatchArgs,
        output: &OutputArgs,
        facts: &Facts,
    ) -> Result<Option<RenderManyRequest>, Failure> {
        if batch.out_dir.is_none() && files.len() == 1 && !folders {
            return Ok(None);
        }
        let Some(dir) = batch.out_dir.clone() else {
            return Err(Failure::new(
                Exit::Usage,
                "several answers files are rendered into a folder, one document each",
            )
            .hint("add --out-dir DIR, e.g. --out-dir out"));
        };
        if files.is_empty() {
            return Err(
                Failure::new(Exit::Usage, "there are no answers files to render").hint(
                    "name answers files, or folders holding them (every .toml file but case.toml)",
                ),
            );
        }
        Ok(Some(RenderManyRequest {
            answers: files,
            worksheet: worksheet.cloned(),
            with: with.to_vec(),
            batch: BatchRequest::resolve(dir, batch, output, facts)?,
        }))
    }
}

/// One document of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackItem {
    /// A worksheet by id (or path to its definition), printed blank.
    Worksheet(String),
    /// An answers file, printed filled (a plan's answers print as the plan).
    Answers(PathBuf),
}

/// `ipt pack ITEMS… -o FILE`.
#[derive(Debug, Clone, PartialEq)]
pub struct PackRequest {
    pub items: Vec<PackItem>,
    pub title: Option<String>,
    pub duplex: bool,
    pub out: OutputRequest,
}

impl PackRequest {
    /// The items (files and folders told apart from ids by `app`), the title (no control
    /// characters: it is printed) and the output.
    pub fn resolve(
        items: Vec<PackItem>,
        title: &Option<String>,
        duplex: bool,
        output: &OutputArgs,
        facts: &Facts,
    ) -> Result<PackRequest, Failure> {
        if let Some(c) = title.as_deref().and_then(crate::visible::first_hidden) {
            return Err(Failure::new(
                Exit::Usage,
                format!(
                    "--title holds the hidden character {}",
                    crate::visible::describe(c)
                ),
            )
            .hint("give the title as plain text"));
        }
        if items.is_empty() {
            return Err(
                Failure::new(Exit::Usage, "the pack would hold no documents")
                    .hint("name worksheet ids and answers files, or folders holding answers files"),
            );
        }
        Ok(PackRequest {
            items,
            title: title.clone(),
            duplex,
            out: OutputRequest::resolve(output, facts)?,
        })
    }
}

/// `ipt list`, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    pub json: bool,
    pub ids: bool,
    pub pick: Pick,
    /// The width the table must fit: the terminal's, else 80 columns.
    pub width: usize,
}

impl ListRequest {
    pub fn resolve(args: &crate::cli::ListArgs, facts: &Facts) -> ListRequest {
        ListRequest {
            json: args.json,
            ids: args.ids,
            pick: Pick::from_args(&args.pick),
            width: facts.columns.filter(|w| *w >= 40).unwrap_or(80),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::request::Defaults;
    use clap::Parser;

    fn facts(stderr_tty: bool) -> Facts {
        Facts {
            stdin_tty: false,
            stdout_tty: false,
            stderr_tty,
            epoch: 0,
            defaults: Defaults::default(),
            cores: 3,
            columns: None,
        }
    }

    fn handouts(args: &[&str]) -> Result<Option<HandoutsRequest>, Failure> {
        let cli = Cli::try_parse_from(["ipt", "fill"].iter().chain(args)).unwrap();
        let Command::Fill {
            worksheet,
            pick,
            batch,
            run,
        } = cli.command
        else {
            panic!("not fill")
        };
        HandoutsRequest::resolve(
            &worksheet,
            &pick,
            &batch,
            run.blank,
            &run.output,
            &facts(false),
        )
    }

    #[test]
    fn one_worksheet_is_not_a_batch_and_several_go_blank_into_a_folder() {
        assert_eq!(handouts(&["inventory", "--blank"]).unwrap(), None);
        let req = handouts(&["--all", "--blank", "--out-dir", "h", "--format", "pdf"])
            .unwrap()
            .unwrap();
        assert!(req.pick.all);
        assert_eq!(req.batch.format, Format::Pdf);
        assert_eq!(req.batch.jobs, 3, "one per core");
        assert!(!req.batch.progress, "no bar when stderr is not a terminal");
        let failure = handouts(&["inventory", "grief", "--blank"]).unwrap_err();
        assert_eq!(failure.exit, Exit::Usage);
        assert!(failure.hints[0].contains("--out-dir"));
        let failure = handouts(&["--phase", "middle", "--out-dir", "h"]).unwrap_err();
        assert!(failure.hints[0].contains("--blank"));
        let failure =
            handouts(&["--all", "--blank", "--out-dir", "h", "--format", "json"]).unwrap_err();
        assert_eq!(
            failure.exit,
            Exit::Usage,
            "a blank handout holds no answers"
        );
    }

    #[test]
    fn a_batch_defaults_to_markdown_and_takes_the_jobs_asked_for() {
        let req = handouts(&["grief", "--blank", "--out-dir", "h", "-j", "1"])
            .unwrap()
            .unwrap();
        assert_eq!((req.batch.format, req.batch.jobs), (Format::Md, 1));
        assert_eq!(req.batch.extension(), "md");
        assert!(Cli::try_parse_from(["ipt", "fill", "grief", "--blank", "-j", "0"]).is_err());
        assert!(
            Cli::try_parse_from([
                "ipt",
                "fill",
                "--blank",
                "--out-dir",
                "h",
                "-o",
                "x.md",
                "a"
            ])
            .is_err(),
            "--out-dir and -o exclude each other"
        );
    }

    #[test]
    fn several_answers_files_need_a_folder_to_go_to() {
        let files = vec![PathBuf::from("a.toml"), PathBuf::from("b.toml")];
        let batch = BatchArgs::default();
        let out = OutputArgs {
            output: None,
            format: None,
            force: false,
            paper: None,
            font_size: None,
            fonts: Vec::new(),
            client: None,
        };
        let f = facts(true);
        let failure = RenderManyRequest::resolve(files.clone(), false, None, &[], &batch, &out, &f)
            .unwrap_err();
        assert_eq!(failure.exit, Exit::Usage);
        let one =
            RenderManyRequest::resolve(files[..1].to_vec(), false, None, &[], &batch, &out, &f);
        assert_eq!(one.unwrap(), None, "one file renders as before");
        let batch = BatchArgs {
            out_dir: Some("out".into()),
            jobs: None,
        };
        let req = RenderManyRequest::resolve(files, false, None, &[], &batch, &out, &f)
            .unwrap()
            .unwrap();
        assert!(req.batch.progress, "a bar when stderr is a terminal");
    }
}
