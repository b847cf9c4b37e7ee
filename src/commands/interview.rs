//! Filling a worksheet by asking (shared by `fill` and `plan`): picks the prompter, the answers
//! file this run owns (the one named, an unfinished one to carry on with, or a new one), where the
//! document goes, runs the interview with a save after every answer, and keeps the stop message
//! true as answers are saved.
//!
//! Owns: the sequencing of an interview run and its messages about files. The lock and the file
//! names are `drafts`'s, the signals `interrupt`'s, the questions `interview`'s.

use std::path::{Path, PathBuf};

use super::case::{Course, SessionPick, case_data, known_session, pick_session};
use super::used::expression_data_in;
use super::{match_worksheet, read_answers};
use crate::answers::date::Date;
use crate::answers::file::AnswersFile;
use crate::answers::write::answers_file;
use crate::answers::{Checked, Meta, set, worksheet_file};
use crate::case::Case;
use crate::drafts::{self, Lock, LockError, Names};
use crate::interrupt;
use crate::interview::engine::{Setup, answered, conduct};
use crate::interview::plain::Plain;
use crate::interview::terminal::Terminal;
use crate::interview::{Prompter, Stop};
use crate::output;
use crate::report::{Exit, Failure};
use crate::request::{FillRequest, How, OutputRequest};
use crate::spec::resources::CrisisView;
use crate::spec::{Catalog, LoadedWorksheet};

/// A finished interview: the checked answers, where they are saved and where the document goes.
pub struct Asked {
    pub checked: Checked,
    pub out: OutputRequest,
    pub saved: PathBuf,
    /// Held until the document is written.
    _lock: Lock,
}

impl Asked {
    /// The last words of a run: every file written.
    pub fn farewell(&self) {
        let saved = shown(&self.saved);
        match self.out.file() {
            Some(doc) => crate::report::say(&format!(
                "Your answers are saved in {saved}, and the document is in {}.",
                doc.display()
            )),
            None => crate::report::say(&format!("Your answers are saved in {saved}.")),
        }
    }
}

/// A path as shown to the person: relative to the current folder when it is inside it, without
/// a leading `./`.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().ok();
    let relative = here
        .as_deref()
        .and_then(|h| path.strip_prefix(h).ok())
        .unwrap_or(path);
    relative
        .strip_prefix(".")
        .unwrap_or(relative)
        .display()
        .to_string()
}

/// An interview in a case folder: its answers are kept there, by session.
pub struct InCase<'a> {
    pub case: &'a Case,
    pub course: &'a Course,
    pub today: Date,
}

/// Asks the questions that are still open, saving after each answer; returns once the person
/// finishes the review. `command` is how to start this again (`ipt fill grief`, `ipt plan`).
pub fn ask(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    command: &str,
    req: &FillRequest,
    in_case: Option<InCase<'_>>,
) -> Result<Asked, Failure> {
    let How::Ask { plain } = req.how else {
        return Err(Failure::new(
            Exit::Usage,
            "nothing is to be asked in this run",
        ));
    };
    let mut prompter: Box<dyn Prompter> = if plain {
        Box::new(Plain::new(std::io::stdin().lock(), std::io::stderr()))
    } else {
        Box::new(Terminal::new())
    };
    if req.output_given {
        refuse_existing(&req.out)?;
    }
    let session = match &in_case {
        Some(c) => Some(
            match pick_session(&c.course.schedule, req.session, c.today)? {
                SessionPick::Known(n, d) => (n, d),
                SessionPick::Ask(question, around) => {
                    let options: Vec<String> = around
                        .iter()
                        .map(|(n, d)| format!("Session {n}, {d}"))
                        .collect();
                    if options.is_empty() {
                        return Err(known_session(SessionPick::Ask(question, around)).unwrap_err());
                    }
                    let i = prompter.choose(&question, &options).map_err(|stop| {
                        Failure::new(
                            if stop == Stop::Interrupted {
                                Exit::Interrupted
                            } else {
                                Exit::Usage
                            },
                            "Stopped before choosing a session. Nothing was changed.",
                        )
                        .hint("say which session with --session N")
                    })?;
                    around[i]
                }
            },
        ),
        None => None,
    };
    let names = match (&in_case, session) {
        (Some(c), Some((n, _))) => c.case.names(n, sheet.id()),
        _ => Names::loose(Path::new("."), sheet.id()),
    };
    let course = in_case
        .as_ref()
        .zip(session)
        .map(|(c, (n, _))| case_data(catalog, c.course, n));
    let used = expression_data_in(
        catalog,
        sheet,
        &req.with,
        in_case.as_ref().map(|c| c.case),
        course,
    )?;
    let (path, lock) = answers_file_for(sheet, req, &used, prompter.as_mut(), &names)?;
    interrupt::remove_on_stop(lock.path());
    let mut file = if path.exists() {
        let file = read_answers(&path)?;
        match_worksheet(&path, &file, sheet)?;
        file
    } else {
        let mut answers = Default::default();
        crate::answers::start_entries(&sheet.spec, &mut answers, &used);
        AnswersFile {
            meta: Meta {
                worksheet: sheet.id().to_string(),
                ..Meta::default()
            },
            answers,
            orphaned: Default::default(),
        }
    };
    let out = match (&file.meta.output, req.output_given) {
        (Some(stored), false) => {
            let out = req.output_to(&beside(&path, stored).display().to_string())?;
            refuse_existing(&out)?;
            out
        }
        _ => req.out.clone(),
    };
    file.meta.output = out.file().map(|doc| relative_to(&path, doc));
    if let Some((n, d)) = session
        && (file.meta.session.is_none() || req.session.is_some())
    {
        file.meta.session = Some(n);
        file.meta.date = Some(d);
    }
    file.meta.worksheet_file = worksheet_file::for_answers(sheet, &path);
    file.meta.version = Some(sheet.spec.version.clone());
    file.meta.digest = Some(sheet.digest.clone());
    file.meta.status = Some("in-progress".into());
    set::apply(&sheet.spec, &mut file.answers, &req.sets).map_err(|p| Failure::answers(&p))?;

    let saved_to = shown(&path);
    let mut resume = format!("{command} --answers {saved_to}");
    if let Some(doc) = out.file() {
        resume.push_str(&format!(" -o {}", doc.display()));
    }
    let stopped =
        format!("Stopped. Your answers so far are saved in {saved_to}.\nTo carry on: {resume}");
    interrupt::set_message(if path.exists() {
        stopped.clone()
    } else {
        "Stopped. Nothing was answered yet, so nothing was saved.".into()
    });
    interrupt::watch();

    let crisis = block_text(&catalog.resources.crisis());
    let relationship = block_text(&catalog.resources.relationship());
    let setup = Setup {
        sheet,
        used: &used,
        crisis: &crisis,
        relationship: &relationship,
        saved_to: &saved_to,
    };
    let mut save = |f: &AnswersFile| {
        let _guard = interrupt::WRITING.lock();
        let mut text = answers_file(sheet, f);
        if crate::answers::json::is_json(&path) {
            text = crate::answers::json::from_toml_text(&text)?;
        }
        output::write_file(&path, text.as_bytes(), true).map_err(|e| Failure::from(e).message)?;
        interrupt::set_message(stopped.clone());
        Ok(())
    };
    let result = conduct(&setup, &mut file, prompter.as_mut(), &mut save);
    drop(prompter);
    match result {
        Ok(checked) => Ok(Asked {
            checked,
            out,
            saved: path,
            _lock: lock,
        }),
        Err(Stop::Interrupted) => {
            if interrupt::by_signal() {
                interrupt::await_handler();
            }
            if interrupt::claim() {
                interrupt::restore_terminal();
                Err(Failure::new(Exit::Interrupted, interrupt::message()))
            } else {
                // A signal is being handled on another thread: it prints and exits.
                Err(Failure::new(Exit::Interrupted, String::new()))
            }
        }
        Err(Stop::EndOfInput) => Err(Failure::new(
            Exit::Answers,
            format!(
                "the input ended before the worksheet was finished; the answers so far are saved in {saved_to}"
            ),
        )
        .hint(format!("to carry on: {resume}"))),
        Err(Stop::Failed(message)) => Err(Failure::new(Exit::Runtime, message)
            .hint(format!("the answers so far are saved in {saved_to}"))),
    }
}

/// The answers file this run owns: the one named with `--answers`, else an unfinished one the
/// person chooses to carry on with, else a new one.
fn answers_file_for(
    sheet: &LoadedWorksheet,
    req: &FillRequest,
    used: &std::collections::BTreeMap<String, crate::jinja::Data>,
    prompter: &mut dyn Prompter,
    names: &Names,
) -> Result<(PathBuf, Lock), Failure> {
    if let Some(path) = &req.answers {
        return claim(path).map(|lock| (path.clone(), lock));
    }
    let (busy, open): (Vec<_>, Vec<_>) = drafts::unfinished(names, sheet.id())
        .into_iter()
        .partition(|d| d.busy);
    for draft in &busy {
        prompter.notice(&format!(
            "{} is being filled in by another ipt run right now; it is left alone.",
            shown(&draft.path)
        ));
    }
    if !open.is_empty() {
        let now = std::time::SystemTime::now();
        let shown_drafts: Vec<_> = open.iter().take(3).collect();
        let mut options: Vec<String> = shown_drafts
            .iter()
            .map(|d| {
                let (done, of) = answered(sheet, &d.file, used);
                format!(
                    "Carry on with {} ({done} of {of} answered, last changed {})",
                    shown(&d.path),
                    drafts::ago(d.modified, now)
                )
            })
            .collect();
        options.push("Start a new one".into());
        let question = format!(
            "You have {} of \"{}\" {}.",
            if open.len() == 1 {
                "an unfinished answers file".to_string()
            } else {
                format!("{} unfinished answers files", open.len())
            },
            sheet.spec.title,
            if names.stem.ends_with("-answers") {
                "in this folder".to_string()
            } else {
                format!("for this session in {}", names.dir.display())
            }
        );
        let chosen = prompter
            .choose(&question, &options)
            .map_err(|stop| match stop {
                Stop::Interrupted => {
                    Failure::new(Exit::Interrupted, "Stopped. Nothing was changed.")
                }
                Stop::EndOfInput => Failure::new(
                    Exit::Answers,
                    "the input ended before saying whether to carry on with the unfinished answers",
                )
                .hint(format!(
                    "name the file to carry on with: --answers {}",
                    shown(&open[0].path)
                )),
                Stop::Failed(m) => Failure::new(Exit::Runtime, m),
            })?;
        if let Some(draft) = shown_drafts.get(chosen) {
            return claim(&draft.path).map(|lock| (draft.path.clone(), lock));
        }
    }
    std::fs::create_dir_all(&names.dir).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot make the folder {}: {e}", names.dir.display()),
        )
    })?;
    let (path, lock) = drafts::reserve(names).map_err(|e| {
        Failure::new(
            Exit::Runtime,
            format!("cannot start an answers file in this folder: {e}"),
        )
    })?;
    Ok((
        path.strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or(path),
        lock,
    ))
}

/// Claims an answers file for this run, or says who has it.
fn claim(path: &Path) -> Result<Lock, Failure> {
    drafts::lock(path).map_err(|e| match e {
        LockError::Busy(pid) => Failure::new(
            Exit::Runtime,
            format!(
                "{} is being filled in by another ipt run{} right now; it was left alone",
                shown(path),
                pid.map_or_else(String::new, |p| format!(" (process {p})"))
            ),
        )
        .hint("finish or stop that run first (Ctrl-C there keeps its answers), or use another file with --answers"),
        LockError::Io(e) => Failure::new(
            Exit::Runtime,
            format!("cannot use the answers file {}: {e}", shown(path)),
        ),
    })
}

/// Refuses, before the first question, an output file that exists (unless `--force`).
fn refuse_existing(out: &OutputRequest) -> Result<(), Failure> {
    match out.file() {
        Some(doc) if !out.force && std::fs::symlink_metadata(doc).is_ok() => Err(Failure::from(
            output::OutputError::Exists(doc.to_path_buf()),
        )),
        _ => Ok(()),
    }
}

/// A path stored in an answers file, relative to its folder, as a path from here.
fn beside(answers: &Path, stored: &str) -> PathBuf {
    let stored = Path::new(stored);
    if stored.is_absolute() {
        return stored.to_path_buf();
    }
    match answers.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(stored),
        _ => stored.to_path_buf(),
    }
}

/// `doc` as stored beside `answers`: its name when both are in the same folder, else the
/// whole path.
fn relative_to(answers: &Path, doc: &Path) -> String {
    let folder = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        std::path::absolute(dir.unwrap_or(Path::new("."))).ok()
    };
    match (folder(answers), folder(doc), doc.file_name()) {
        (Some(a), Some(d), Some(name)) if a == d => name.to_string_lossy().into_owned(),
        _ => std::path::absolute(doc)
            .unwrap_or_else(|_| doc.to_path_buf())
            .display()
            .to_string(),
    }
}

/// A safety block as plain text for the terminal (Markdown emphasis removed).
fn block_text(c: &CrisisView) -> String {
    let mut text = format!("{}\n\n{}\n\n{}\n", c.title, c.alert.trim(), c.text.trim());
    for r in &c.resources {
        text.push_str(&format!("- {}: {}, {}\n", r.region, r.name, r.contact));
    }
    text.replace("**", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_is_stored_beside_the_answers_and_found_from_there() {
        assert_eq!(
            relative_to(Path::new("inventory-answers.toml"), Path::new("inv.md")),
            "inv.md"
        );
        assert_eq!(
            beside(Path::new("client/a.toml"), "inv.md"),
            Path::new("client/inv.md")
        );
        let elsewhere = relative_to(Path::new("a.toml"), Path::new("out/inv.md"));
        assert!(Path::new(&elsewhere).is_absolute() && elsewhere.ends_with("inv.md"));
    }
}
