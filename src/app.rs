//! Stage two: reads the facts of the process once (config folder, terminals, the clock, the
//! country, the case folder), resolves the parsed command line into a request (`request`), then
//! one `match` dispatches to the command.
//!
//! Owns: reading the environment. Must not render or prompt.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::case::{self, Case, CaseProblem};
use crate::cli::{CaseCommand, Cli, Command, SchemaCommand, TemplatesCommand};
use crate::commands;
use crate::config::{self, ConfigFile, Layer, Layers, Settings};
use crate::report::{Exit, Failure};
use crate::request::{
    Defaults, Facts, FillRequest, HandoutsRequest, ListRequest, OutputRequest, PackItem,
    PackRequest, PlanRequest, ProgressRequest, RenderManyRequest, RenderRequest, SessionRequest,
};
use crate::spec::catalog::{Catalog, Sources};

/// Facts about this run, read once.
#[derive(Debug)]
pub struct Env {
    pub sources: Sources,
    pub facts: Facts,
    /// Every setting in effect and where it came from (`ipt config` shows them).
    pub settings: Settings,
    /// The config file, if there is one, and whether it could be read.
    pub config_file: Option<ConfigStatus>,
    /// The case folder this run works in, if any (or why it could not be read).
    case: Result<Option<Case>, CaseProblem>,
}

impl Env {
    /// Reads the process environment: the config file, the environment variables, the case
    /// folder, the terminals.
    pub fn from_process(cli: &Cli, epoch: i64) -> Env {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        let config_dir = config_dir();
        let (config, config_file) = read_config(config_dir.as_deref(), home.as_deref());
        let env_layer = Layer {
            country: var("IPT_COUNTRY").map(|v| v.to_string_lossy().trim().to_ascii_uppercase()),
            case: var("IPT_CASE").map(PathBuf::from),
            ..Layer::default()
        };
        let flags = Layer {
            country: cli.country.as_ref().map(|c| c.trim().to_ascii_uppercase()),
            case: cli.case.clone(),
            ..Layer::default()
        };
        let config_layer = config.as_ref().map(Layer::from);
        // The case: named (flag, then environment), else the one around the current folder,
        // else the config file's.
        let named = flags.case.clone().or_else(|| env_layer.case.clone());
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let case = if uses_case(&cli.command) {
            let fallback = config_layer.as_ref().and_then(|c| c.case.clone());
            case::find(named.as_deref(), &cwd)
                .and_then(|found| match (found, &fallback) {
                    (None, Some(dir)) => case::find(Some(dir), &cwd),
                    (found, _) => Ok(found),
                })
                .and_then(|dir| dir.map(|d| case::load(&d)).transpose())
        } else {
            Ok(None)
        };
        let settled = case.as_ref().ok().and_then(Option::as_ref);
        let case_layer = settled.map(|c| {
            (
                Layer {
                    country: c.file.country.clone(),
                    paper: c.file.paper,
                    font_size: c.file.font_size,
                    case: Some(c.dir.clone()),
                    ..Layer::default()
                },
                c.dir.join(case::CASE_FILE),
            )
        });
        let settings = config::settle(&Layers {
            flags: &flags,
            case: case_layer.as_ref().map(|(l, p)| (l, p.clone())),
            env: &env_layer,
            config: config_layer
                .as_ref()
                .zip(config_file.as_ref().map(|(p, _)| p.clone())),
            locale_country: locale_country(),
        });
        let defaults = Defaults {
            paper: settings.paper.value,
            font_size: settings.font_size.value,
            fonts: settings.fonts.value.clone(),
            client: settled.map(|c| c.file.client.clone()),
            practice: settings.practice.value.clone(),
        };
        Env {
            sources: Sources {
                country: settings.country.value.clone(),
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
            settings,
            config_file,
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
        catalog.resources.language = self.settings.language.value.clone();
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
            | Command::Completions { .. }
            | Command::Man { .. }
            | Command::Show { .. }
            | Command::Validate { .. }
            | Command::Schema { .. }
            | Command::Templates { .. }
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

/// The user's config folder: `$XDG_CONFIG_HOME/ipt`, else `~/.config/ipt`, else the platform's.
pub fn config_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))
        .or_else(dirs::config_dir)
        .map(|d| d.join("ipt"))
}

/// The config file's path, and whether it could be used.
pub type ConfigStatus = (PathBuf, Result<(), Failure>);

/// Reads the config file in `dir`, if there is one: its settings, and its path with whether it
/// could be read (a broken file fails every command but `ipt config`).
fn read_config(
    dir: Option<&std::path::Path>,
    home: Option<&std::path::Path>,
) -> (Option<ConfigFile>, Option<ConfigStatus>) {
    let Some(path) = dir.map(|d| d.join(config::FILE)) else {
        return (None, None);
    };
    if !path.exists() {
        return (None, None);
    }
    let parsed = crate::input::read_text(&path)
        .map_err(|e| {
            Failure::new(
                Exit::Runtime,
                format!("cannot read the config file {}: {e}", path.display()),
            )
        })
        .and_then(|text| {
            config::parse(&text, home).map_err(|e| {
                Failure::new(
                    Exit::Usage,
                    format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message),
                )
                .hint("fix the config file (`ipt config` shows every setting; `ipt config --init` writes a commented one)")
            })
        });
    match parsed {
        Ok(config) => (Some(config), Some((path, Ok(())))),
        Err(f) => (None, Some((path, Err(f)))),
    }
}

/// The country of the locale (`en_GB.UTF-8` → GB), the last guess for crisis contacts.
fn locale_country() -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
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

/// `ipt pack ITEMS…`: files and folders are answers, anything else a worksheet id.
fn pack_items(items: &[String]) -> Vec<PackItem> {
    items
        .iter()
        .flat_map(|item| {
            let path = PathBuf::from(item);
            if path.exists() {
                crate::folders::answers_files(&[path])
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
    if let Some((_, Err(failure))) = &env.config_file
        && !matches!(cli.command, Command::Config { .. })
    {
        return Err(failure.clone());
    }
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
            let (files, folders) = crate::folders::answers_files(answers);
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
        Command::Config { init, force } => commands::config::run(&env, *init, *force),
        Command::Export { what } => commands::export::run(&env, what),
        Command::Completions { shell } => {
            let me = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "ipt".into());
            commands::completions::run(shell, &me)
        }
        Command::Man { output, force } => commands::completions::man(output, *force),
        Command::Progress {
            files,
            csv,
            json,
            output,
        } => {
            let request = ProgressRequest::resolve(files.clone(), *csv, *json, output, facts)?;
            commands::progress::run(&env, &request)
        }
        Command::Validate { files } => {
            commands::validate::run(&env, &crate::folders::to_validate(files)?)
        }
        Command::List(args) => commands::list::run(&env, &ListRequest::resolve(args, facts)),
        Command::Show { worksheet, json } => commands::show::run(&env, worksheet, *json),
        Command::Schema { of } => commands::schema::run(
            &env,
            match of {
                SchemaCommand::Worksheet => None,
                SchemaCommand::Answers { worksheet } => Some(worksheet),
            },
        ),
        Command::Templates {
            command: TemplatesCommand::Export { dir, force },
        } => commands::templates::export(dir, *force),
        Command::Skeleton {
            worksheet,
            output,
            force,
        } => commands::skeleton::run(&env, worksheet, output.as_deref(), *force),
    }
}
