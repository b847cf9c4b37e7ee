//! Stage two: reads the facts of the process once (config folder, terminals, the clock, the
//! country), resolves the parsed command line into a request (`request`), then one `match`
//! dispatches to the command.
//!
//! Owns: reading the environment. Must not render or prompt.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::report::Failure;
use crate::request::{Facts, FillRequest, OutputRequest, PlanRequest, RenderRequest};
use crate::spec::catalog::{Catalog, Sources};

/// Facts about this run, read once.
#[derive(Debug, Clone)]
pub struct Env {
    pub sources: Sources,
    pub facts: Facts,
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
            facts: Facts {
                stdin_tty: std::io::stdin().is_terminal(),
                stdout_tty: std::io::stdout().is_terminal(),
                stderr_tty: std::io::stderr().is_terminal(),
                epoch: clock(),
            },
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

/// The document date, read once: `SOURCE_DATE_EPOCH` when set (reproducible output), else now.
fn clock() -> i64 {
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
        match v.to_str().and_then(|s| s.trim().parse::<i64>().ok()) {
            Some(secs) => return secs,
            None => crate::report::warn(
                "SOURCE_DATE_EPOCH is not a whole number of seconds; using the current time",
            ),
        }
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Runs the command; the error carries its exit code.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let env = Env::from_process(&cli);
    let facts = env.facts;
    let fill = |wanted: &str, run| -> Result<(), Failure> {
        let request = FillRequest::resolve(wanted, run, Vec::new(), &facts)?;
        commands::fill::run(&env, &request)
    };
    match &cli.command {
        Command::Fill { worksheet, run } => fill(worksheet, run),
        Command::Inventory(run) => fill("inventory", run),
        Command::RolePlay(run) => fill("role-play", run),
        Command::Grief(run) => fill("grief", run),
        Command::Communication(run) => fill("communication", run),
        Command::ProblemSolving(run) => fill("problem-solving", run),
        Command::Plan(args) => {
            let flags = commands::plan::flag_sets(args, args.run.output.client.as_deref());
            let request =
                PlanRequest::resolve(commands::plan::PLAN_WORKSHEET, args, flags, &facts)?;
            commands::plan::run(&env, &request)
        }
        Command::Render {
            answers,
            worksheet,
            with,
            output,
        } => {
            let request = RenderRequest {
                answers: answers.clone(),
                worksheet: worksheet.clone(),
                with: with.clone(),
                out: OutputRequest::resolve(output, &facts)?,
            };
            commands::render::run(&env, &request)
        }
        Command::Validate { files } => commands::validate::run(&env, files),
        Command::List => commands::list::run(&env),
        Command::Show { worksheet } => commands::show::run(&env, worksheet),
        Command::Skeleton {
            worksheet,
            output,
            force,
        } => commands::skeleton::run(&env, worksheet, output.as_deref(), *force),
    }
}
