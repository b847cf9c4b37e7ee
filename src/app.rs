//! Stage two: reads the facts of the process once (config folder, terminals, the clock, the
//! country, the case folder), resolves the parsed command line into a request (`request`), then
//! one `match` dispatches to the command.
//!
//! Owns: reading the environment. Must not render or prompt.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::case::{self, Case, CaseProblem};
use crate::cli::{CaseCommand, Cli, Command};
use crate::commands;
use crate::report::{Exit, Failure};
use crate::request::{
    Defaults, Facts, FillRequest, HandoutsRequest, ListRequest, OutputRequest, PackItem,
    PackRequest, PlanRequest, RenderManyRequest, RenderRequest, SessionRequest,
};
use crate::spec::catalog::{Catalog, Sources};

/// Facts about this run, read once.
#[derive(Debug)]
pub struct Env {
    pub sources: Sources,
    pub facts: Facts,
    /// The case folder this run works in, if any (or why it could not be read).
    case: Result<Option<Case>, CaseProblem>,
}

impl Env {
    /// Reads the process environment.
    pub fn from_process(cli: &Cli, epoch: i64) -> Env {
        let config_dir = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".config"))
            })
            .map(|d| d.join("ipt"));
        let named = cli.case.clone().or_else(|| {
            std::env::var_os("IPT_CASE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let case = if uses_case(&cli.command) {
            case::find(named.as_deref(), &cwd)
                .and_then(|dir| dir.map(|d| case::load(&d)).transpose())
        } else {
            Ok(None)
        };
        let settled = case.as_ref().ok().and_then(Option::as_ref);
        let defaults = settled.map_or_else(Defaults::default, |c| Defaults {
            paper: c.file.paper,
            font_size: c.file.font_size,
            client: Some(c.file.client.clone()),
        });
        Env {
            sources: Sources {
                country: country(
                    cli.country.as_deref(),
                    settled.and_then(|c| c.file.country.as_deref()),
                ),
                worksheet_dirs: cli.worksheets.clone(),
                template_dirs: cli.templates.clone(),
                config_dir,
            },
            facts: Facts {
                stdin_tty: std::io::stdin().is_terminal(),
                stdout_tty: std::io::stdout().is_terminal(),
                stderr_tty: std::io::stderr().is_terminal(),
                epoch,
                defaults,
                cores: std::thread::available_parallelism().map_or(1, usize::from),
                columns: columns(),
            },
            case,
        }
    }

    /// The case folder this run works in (`None` outside a case); an unreadable `case.toml` is
    /// an error here, for the commands that work in cases.
    pub fn case(&self) -> Result<Option<&Case>, Failure> {
        match &self.case {
            Ok(case) => Ok(case.as_ref()),
            Err(problem) => Err(case_failure(problem)),
        }
    }

    /// The case folder, for commands that only make sense in one.
    pub fn in_case(&self, command: &str) -> Result<&Case, Failure> {
        self.case()?.ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                format!("`ipt {command}` works in a case folder, and this is not one"),
            )
            .hint("run it inside a case folder (one holding case.toml), pass --case DIR or set IPT_CASE; `ipt case new DIR` starts one")
        })
    }

    /// Discovers worksheets, resources and templates. In the case of a young client (an IPT-A
    /// plan) every crisis block adds the youth lines.
    pub fn catalog(&self) -> Result<Catalog, Failure> {
        let mut catalog = Catalog::discover(&self.sources).map_err(|d| {
            Failure::definition(&d).hint("fix the data file, or remove it to use the built-in one")
        })?;
        if let Ok(Some(case)) = &self.case {
            catalog.resources.youth = case.young();
        }
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

/// Whether a command works in a case folder (the others never look for one).
fn uses_case(command: &Command) -> bool {
    !matches!(
        command,
        Command::List(_)
            | Command::Show { .. }
            | Command::Validate { .. }
            | Command::Skeleton { .. }
            | Command::Case {
                command: CaseCommand::New { .. }
            }
    )
}

/// What is wrong with the case folder, as the person reads it (exit 2).
fn case_failure(problem: &CaseProblem) -> Failure {
    match problem {
        CaseProblem::NotACase(dir) => Failure::new(
            Exit::Usage,
            format!(
                "{} is not a case folder: it has no case.toml",
                dir.display()
            ),
        )
        .hint("check --case or IPT_CASE; `ipt case new DIR` starts a case folder"),
        CaseProblem::Unreadable(path, e) => Failure::new(
            Exit::Runtime,
            format!("cannot read {}: {e}", path.display()),
        ),
        CaseProblem::Invalid(path, e) => Failure::new(
            Exit::Usage,
            format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message),
        )
        .hint("docs/case-folder.md describes case.toml"),
    }
}

/// The country for crisis contacts: `--country`, else the case's, else `IPT_COUNTRY`, else the
/// locale's region (`en_GB.UTF-8` → GB).
fn country(flag: Option<&str>, case: Option<&str>) -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(code) = flag
        .or(case)
        .map(str::to_string)
        .or_else(|| var("IPT_COUNTRY"))
    {
        return Some(code.trim().to_ascii_uppercase());
    }
    let locale = var("LC_ALL")
        .or_else(|| var("LC_MESSAGES"))
        .or_else(|| var("LANG"))?;
    let region = locale.split(['.', '@']).next()?.split_once('_')?.1;
    (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| region.to_ascii_uppercase())
}

/// The width of the terminal standard output goes to: `COLUMNS`, else the terminal's own size.
fn columns() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        return Some(n);
    }
    #[cfg(unix)]
    if std::io::stdout().is_terminal() {
        return rustix::termios::tcgetwinsize(std::io::stdout())
            .ok()
            .map(|w| usize::from(w.ws_col))
            .filter(|n| *n > 0);
    }
    None
}

/// Answers files named on the command line, folders listed: every `.toml` file directly in a
/// folder, by name, but hidden ones and a case folder's `case.toml`. Also whether any was a
/// folder. A folder that cannot be listed stays in the list, to fail with its reason.
fn answers_files(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut folders = false;
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        folders = true;
        let Ok(read) = std::fs::read_dir(path) else {
            files.push(path.clone());
            continue;
        };
        let mut found: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                p.is_file()
                    && name.ends_with(".toml")
                    && !name.starts_with('.')
                    && name != "case.toml"
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    (files, folders)
}

/// `ipt pack ITEMS…`: files and folders are answers, anything else a worksheet id.
fn pack_items(items: &[String]) -> Vec<PackItem> {
    items
        .iter()
        .flat_map(|item| {
            let path = PathBuf::from(item);
            if path.exists() {
                answers_files(&[path])
                    .0
                    .into_iter()
                    .map(PackItem::Answers)
                    .collect()
            } else {
                vec![PackItem::Worksheet(item.clone())]
            }
        })
        .collect()
}

/// Runs the command; the error carries its exit code.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let env = Env::from_process(&cli, crate::clock::now()?);
    let facts = &env.facts;
    let fill = |wanted: &str, run| -> Result<(), Failure> {
        let request = FillRequest::resolve(wanted, run, Vec::new(), facts)?;
        commands::fill::run(&env, &request)
    };
    match &cli.command {
        Command::Fill {
            worksheet,
            pick,
            batch,
            run,
        } => {
            match HandoutsRequest::resolve(worksheet, pick, batch, run.blank, &run.output, facts)? {
                Some(request) => commands::fill::handouts(&env, &request),
                None => fill(&worksheet[0], run),
            }
        }
        Command::Inventory(run) => fill("inventory", run),
        Command::RolePlay(run) => fill("role-play", run),
        Command::Grief(run) => fill("grief", run),
        Command::Communication(run) => fill("communication", run),
        Command::ProblemSolving(run) => fill("problem-solving", run),
        Command::Plan(args) => {
            let flags = commands::plan::flag_sets(args, args.run.output.client.as_deref());
            let request = PlanRequest::resolve(commands::plan::PLAN_WORKSHEET, args, flags, facts)?;
            commands::plan::run(&env, &request)
        }
        Command::Render {
            answers,
            worksheet,
            with,
            batch,
            output,
        } => {
            let (files, folders) = answers_files(answers);
            if let Some(request) = RenderManyRequest::resolve(
                files,
                folders,
                worksheet.as_ref(),
                with,
                batch,
                output,
                facts,
            )? {
                return commands::render::many(&env, &request);
            }
            let request = RenderRequest {
                answers: answers[0].clone(),
                worksheet: worksheet.clone(),
                with: with.clone(),
                out: OutputRequest::resolve(output, facts)?,
            };
            commands::render::run(&env, &request)
        }
        Command::Pack {
            items,
            title,
            duplex,
            output,
        } => {
            let request = PackRequest::resolve(pack_items(items), title, *duplex, output, facts)?;
            commands::pack::run(&env, &request)
        }
        Command::Case { command } => match command {
            CaseCommand::New { dir, plan, args } => {
                let mut flags = commands::plan::flag_sets(args, args.run.output.client.as_deref());
                let mut request =
                    PlanRequest::resolve(commands::plan::PLAN_WORKSHEET, args, Vec::new(), facts)?;
                request.fill.sets.append(&mut flags);
                if let Some(plan) = plan {
                    request.fill.answers = Some(plan.clone());
                }
                commands::case::new(&env, dir, args, &request)
            }
            CaseCommand::Reschedule {
                from,
                to,
                skip,
                ics,
                force,
            } => commands::case::reschedule(
                &env,
                &commands::case::Reschedule {
                    from: *from,
                    to: to.clone(),
                    skip: skip.clone(),
                    ics: ics.clone(),
                    force: *force,
                },
            ),
        },
        Command::Status { json } => commands::status::run(&env, *json),
        Command::Session {
            number,
            blank,
            output,
        } => {
            let request = SessionRequest {
                number: *number,
                blank: *blank,
                out: OutputRequest::resolve(output, facts)?,
            };
            commands::session::run(&env, &request)
        }
        Command::Validate { files } => commands::validate::run(&env, files),
        Command::List(args) => commands::list::run(&env, &ListRequest::resolve(args, facts)),
        Command::Show { worksheet, json } => commands::show::run(&env, worksheet, *json),
        Command::Skeleton {
            worksheet,
            output,
            force,
        } => commands::skeleton::run(&env, worksheet, output.as_deref(), *force),
    }
}
