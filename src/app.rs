//! Stage two: the parsed command line becomes a resolved request (where worksheets come from,
//! whether a person is at a terminal, where output goes and in which format), then one `match`
//! dispatches to the command.
//!
//! Owns: reading the environment (config folder, terminals, the clock, `--font` files) once.
//! Must not render or prompt.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, Command, OutputArgs};
use crate::commands;
use crate::output::Target;
use crate::render::{FontFile, Format, RenderOptions};
use crate::report::{Exit, Failure};
use crate::spec::catalog::{Catalog, Sources};

/// Facts about this run, read once.
#[derive(Debug, Clone)]
pub struct Env {
    pub sources: Sources,
    /// Standard input and standard error are both terminals: a person can be asked.
    pub interactive: bool,
}

impl Env {
    /// Reads the process environment.
    pub fn from_process(cli: &Cli) -> Env {
        let config_dir = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".config"))
            })
            .map(|d| d.join("ipt"));
        Env {
            sources: Sources {
                country: country(cli.country.as_deref()),
                worksheet_dirs: cli.worksheets.clone(),
                template_dirs: cli.templates.clone(),
                config_dir,
            },
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    /// Discovers worksheets, resources and templates.
    pub fn catalog(&self) -> Result<Catalog, Failure> {
        let catalog = Catalog::discover(&self.sources).map_err(|d| {
            Failure::definition(&d).hint("fix the data file, or remove it to use the built-in one")
        })?;
        if let Some(code) = &catalog.resources.country
            && !catalog.resources.knows_country(code)
        {
            let known: Vec<&str> = catalog
                .resources
                .safety
                .countries
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            crate::report::warn(&format!(
                "there are no crisis contacts for country `{code}`; the international ones are printed (known: {}; add yours in resources/safety.toml)",
                known.join(", ")
            ));
        }
        Ok(catalog)
    }
}

/// The country for crisis contacts: `--country`, else `IPT_COUNTRY`, else the locale's region
/// (`en_GB.UTF-8` → GB).
fn country(flag: Option<&str>) -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(code) = flag.map(str::to_string).or_else(|| var("IPT_COUNTRY")) {
        return Some(code.trim().to_ascii_uppercase());
    }
    let locale = var("LC_ALL")
        .or_else(|| var("LC_MESSAGES"))
        .or_else(|| var("LANG"))?;
    let region = locale.split(['.', '@']).next()?.split_once('_')?.1;
    (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| region.to_ascii_uppercase())
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
    /// Resolves `-o` and `--format`: an explicit format wins, else the file extension, else Markdown
    /// for stdout.
    pub fn resolve(args: &OutputArgs) -> Result<OutputRequest, Failure> {
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
        if format == Format::Pdf && target == Target::Stdout && std::io::stdout().is_terminal() {
            return Err(Failure::new(
                Exit::Usage,
                "a PDF is not for the terminal: it would print as unreadable bytes",
            )
            .hint("write it to a file with -o FILE.pdf (or pipe it: -o - | …)"));
        }
        let fonts = if format == Format::Pdf {
            args.fonts
                .iter()
                .map(|p| read_font(p))
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        Ok(OutputRequest {
            target,
            format,
            force: args.force,
            options: RenderOptions {
                paper: args.paper,
                font_size: args.font_size,
                fonts,
                client: args.client.clone(),
                epoch: crate::clock::now()?,
            },
        })
    }
}

/// Reads a `--font` file (the renderer checks that it is a font).
fn read_font(path: &std::path::Path) -> Result<FontFile, Failure> {
    crate::input::read_bytes(path, crate::input::MAX_FONT)
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

/// Runs the command; the error carries its exit code.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let env = Env::from_process(&cli);
    match cli.command {
        Command::Fill { worksheet, run } => commands::fill::run(&env, &worksheet, &run),
        Command::Inventory(run) => commands::fill::run(&env, "inventory", &run),
        Command::RolePlay(run) => commands::fill::run(&env, "role-play", &run),
        Command::Grief(run) => commands::fill::run(&env, "grief", &run),
        Command::Communication(run) => commands::fill::run(&env, "communication", &run),
        Command::ProblemSolving(run) => commands::fill::run(&env, "problem-solving", &run),
        Command::Plan(args) => commands::plan::run(&env, &args),
        Command::Render {
            answers,
            worksheet,
            with,
            output,
        } => commands::render::run(&env, &answers, worksheet.as_deref(), &with, &output),
        Command::Validate { files } => commands::validate::run(&env, &files),
        Command::List => commands::list::run(&env),
        Command::Show { worksheet } => commands::show::run(&env, &worksheet),
        Command::Skeleton {
            worksheet,
            output,
            force,
        } => commands::skeleton::run(&env, &worksheet, output.as_deref(), force),
    }
}
