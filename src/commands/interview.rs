//! Filling a worksheet by asking: picks the prompter (terminal or plain), the answers file to
//! save to (and resume from), runs the interview, then hands the answers to `deliver`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::used::expression_data;
use super::{deliver, match_worksheet, read_answers};
use crate::answers::Meta;
use crate::answers::file::AnswersFile;
use crate::answers::set::{self, SetArg};
use crate::answers::write::answers_file;
use crate::app::OutputRequest;
use crate::cli::RunArgs;
use crate::interview::engine::{Setup, conduct};
use crate::interview::plain::Plain;
use crate::interview::terminal::{Terminal, WRITING, on_interrupt};
use crate::interview::{Prompter, Stop};
use crate::output;
use crate::report::{Exit, Failure};
use crate::spec::resources::Resources;
use crate::spec::{Catalog, LoadedWorksheet};

/// Asks the questions that are still open, saving after each answer, then writes the document.
pub fn run(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    wanted: &str,
    args: &RunArgs,
    sets: &[SetArg],
    out: &OutputRequest,
) -> Result<(), Failure> {
    let checked = ask(catalog, sheet, &format!("ipt fill {wanted}"), args, sets)?;
    deliver(catalog, sheet, Some(&checked), out)
}

/// Asks the questions that are still open, saving after each answer; returns the checked
/// answers once the person finishes the review. `command` is how to carry on (`ipt plan`).
pub fn ask(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    command: &str,
    args: &RunArgs,
    sets: &[SetArg],
) -> Result<crate::answers::Checked, Failure> {
    let path = match &args.answers {
        Some(p) => p.clone(),
        None => fresh_path(sheet.id()),
    };
    let mut file = if path.exists() {
        let file = read_answers(&path)?;
        match_worksheet(&path, &file, sheet)?;
        file
    } else {
        AnswersFile {
            meta: Meta {
                worksheet: sheet.id().to_string(),
                ..Meta::default()
            },
            answers: Default::default(),
            orphaned: Default::default(),
        }
    };
    file.meta.version = Some(sheet.spec.version.clone());
    file.meta.digest = Some(sheet.digest.clone());
    file.meta.status = Some("in-progress".into());
    set::apply(&sheet.spec, &mut file.answers, sets).map_err(|p| Failure::answers(&p))?;
    let used = expression_data(catalog, sheet, &args.with)?;

    let shown = path.display().to_string();
    let resume = format!("{command} --answers {shown}");
    on_interrupt(format!(
        "Stopped. Every answer you gave is saved in {shown}.\nTo carry on later: {resume}"
    ));
    let crisis = crisis_text(&catalog.resources);
    let setup = Setup {
        sheet,
        used: &used,
        crisis: &crisis,
        saved_to: &shown,
    };
    let mut save = |f: &AnswersFile| {
        let _guard = WRITING.lock();
        output::write_file(&path, answers_file(sheet, f).as_bytes(), true)
            .map_err(|e| Failure::from(e).message)
    };
    let plain = args.plain || !std::io::stdin().is_terminal();
    let mut prompter: Box<dyn Prompter> = if plain {
        Box::new(Plain::new(std::io::stdin().lock(), std::io::stderr()))
    } else {
        Box::new(Terminal::new())
    };
    match conduct(&setup, &mut file, prompter.as_mut(), &mut save) {
        Ok(checked) => {
            drop(prompter);
            eprintln!("Your answers are saved in {shown}.");
            Ok(checked)
        }
        Err(Stop::Interrupted) => Err(Failure::new(Exit::Interrupted, format!("stopped; every answer you gave is saved in {shown}")).hint(format!("to carry on: {resume}"))),
        Err(Stop::EndOfInput) => Err(Failure::new(Exit::Answers, format!("the input ended before the worksheet was finished; the answers so far are saved in {shown}"))
            .hint(format!("to carry on: {resume}"))),
        Err(Stop::Failed(message)) => Err(Failure::new(Exit::Runtime, message).hint(format!("the answers so far are saved in {shown}"))),
    }
}

/// `<id>-answers.toml` in the current folder, or `<id>-answers-2.toml` … if that exists.
pub(super) fn fresh_path(id: &str) -> PathBuf {
    let first = PathBuf::from(format!("{id}-answers.toml"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| PathBuf::from(format!("{id}-answers-{n}.toml")))
        .find(|p| !Path::new(p).exists())
        .unwrap_or(first)
}

/// The crisis block as plain text for the terminal (Markdown emphasis removed).
fn crisis_text(resources: &Resources) -> String {
    let c = resources.crisis();
    let mut text = format!("{}\n\n{}\n\n{}\n", c.title, c.alert.trim(), c.text.trim());
    for r in &c.resources {
        text.push_str(&format!("- {}: {}, {}\n", r.region, r.name, r.contact));
    }
    text.replace("**", "")
}
