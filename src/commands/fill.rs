//! `ipt fill ID|PATH` and the subcommands bound to built-in worksheets. In a case folder the
//! answers are kept in the case, by session.

use super::case::{Course, case_data, course_of, keep_given, known_session, pick_session};
use super::deliver;
use super::interview::InCase;
use super::used::expression_data_in;
use crate::answers::{self, Mode};
use crate::app::Env;
use crate::batch::Item;
use crate::report::{self, Exit, Failure};
use crate::request::{FillRequest, HandoutsRequest, How};

/// Fills the worksheet (asking, from answers given, or blank) and writes the document.
pub fn run(env: &Env, req: &FillRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheet = catalog.find(&req.wanted)?;
    let case = if req.how == How::Blank {
        None
    } else {
        env.case()?
    };
    if case.is_none() && req.session.is_some() {
        return Err(Failure::new(
            Exit::Usage,
            "--session says which session of a case answers belong to, and this is not a case folder",
        )
        .hint("run it inside a case folder, or pass --case DIR; `ipt case new DIR` starts one"));
    }
    let course: Option<Course> = case.map(|c| course_of(&catalog, c)).transpose()?;
    let today = env.facts.today();
    match req.how {
        How::Blank => deliver(&catalog, &sheet, None, &req.out),
        How::Ask { .. } => {
            let in_case = case.zip(course.as_ref()).map(|(case, course)| InCase {
                case,
                course,
                today,
            });
            let mut command = format!("ipt fill {}", req.wanted);
            if let Some(case) = case {
                let here = std::env::current_dir().ok();
                let found_from_here = here
                    .as_deref()
                    .zip(std::path::absolute(&case.dir).ok())
                    .is_some_and(|(h, c)| h.starts_with(c));
                if !found_from_here {
                    command.push_str(&format!(" --case {}", case.dir.display()));
                }
            }
            let asked = super::interview::ask(&catalog, &sheet, &command, req, in_case)?;
            deliver(&catalog, &sheet, Some(&asked.checked), &asked.out)?;
            asked.farewell();
            Ok(())
        }
        How::Given { allow_incomplete } => {
            let session = match &course {
                Some(c) => Some(known_session(pick_session(
                    &c.schedule,
                    req.session,
                    today,
                )?)?),
                None => None,
            };
            let nothing_given = req.answers.is_none() && req.sets.is_empty();
            if nothing_given && !req.no_input && !allow_incomplete {
                return Err(nothing_to_fill(&req.wanted));
            }
            // `--set` arguments that cannot be placed are reported with every other problem.
            let (mut raw, set_problems) =
                super::given_answers_and_problems(&sheet, req.answers.as_deref(), &req.sets)?;
            let case_global = course
                .as_ref()
                .zip(session)
                .map(|(c, (n, _))| case_data(&catalog, c, n));
            let used = expression_data_in(&catalog, &sheet, &req.with, case, case_global)?;
            answers::start_entries(&sheet.spec, &mut raw, &used);
            let mode = Mode {
                apply_defaults: true,
                require_complete: !allow_incomplete,
            };
            let checked = match answers::check_with(&sheet.spec, &raw, mode, &used) {
                Ok(_) if !set_problems.is_empty() => Err(set_problems),
                Err(problems) if !set_problems.is_empty() => {
                    Err(set_problems.into_iter().chain(problems).collect())
                }
                other => other,
            };
            match checked {
                Ok(_) if nothing_given && !allow_incomplete => Err(nothing_to_fill(&req.wanted)),
                Ok(checked) => {
                    if allow_incomplete {
                        warn_missing(&sheet, &raw, &used);
                    }
                    deliver(&catalog, &sheet, Some(&checked), &req.out)?;
                    if let (Some(case), Some(session)) = (case, session)
                        && !nothing_given
                    {
                        keep_given(
                            case,
                            &sheet,
                            req.answers.as_deref(),
                            &raw,
                            session,
                            checked.complete,
                        )?;
                    }
                    Ok(())
                }
                Err(problems) => {
                    let mut failure = Failure::answers(&problems);
                    if failure.exit == Exit::Answers && nothing_given {
                        failure = failure.hint(nothing_to_fill(&req.wanted).hints.remove(0));
                    } else if failure.exit == Exit::Answers {
                        failure = failure.hint(format!("give or correct the answers in the answers file or with --set ID=VALUE, or answer them one by one with --plain; `ipt show {}` lists every question; --allow-incomplete writes the document with the gaps", req.wanted));
                    }
                    Err(failure)
                }
            }
        }
    }
}

/// `ipt fill ID… --blank --out-dir DIR` (with `--all`, `--phase`, `--area`): every worksheet
/// named or picked, as a blank handout named after its id, rendered in parallel.
pub fn handouts(env: &Env, req: &HandoutsRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let sheets = super::render::Sheets::new(&catalog);
    let mut wanted: Vec<String> = req.wanted.clone();
    if req.pick.any() {
        wanted.extend(crate::listing::picked_ids(&catalog, &req.pick)?);
    }
    let mut seen = std::collections::HashSet::new();
    wanted.retain(|w| seen.insert(w.clone()));
    if wanted.is_empty() {
        return Err(
            Failure::new(Exit::Usage, "no worksheet has that phase and problem area")
                .hint("`ipt list --phase P --area A` shows which worksheets each pick holds"),
        );
    }
    let found: Vec<_> = wanted.iter().map(|w| sheets.find(w)).collect();
    let extension = req.batch.extension();
    let items: Vec<Item> = wanted
        .iter()
        .zip(&found)
        .map(|(w, sheet)| {
            let id = sheet.as_ref().map_or(w.as_str(), |s| s.id());
            Item {
                input: w.clone(),
                output: req.batch.dir.join(format!("{id}.{extension}")),
            }
        })
        .collect();
    let outcomes = crate::batch::run(&items, &req.batch, |i| {
        let sheet = found[i].as_ref().map_err(Clone::clone)?;
        let doc = crate::document::build(sheet, None, &catalog.resources);
        super::render_bytes(&catalog, &doc, req.batch.format, &req.batch.options)
    });
    crate::batch::report(&items, &outcomes)
}

/// No answers file, no `--set`, no prompts: a document would be empty, so say what to give.
pub fn nothing_to_fill(wanted: &str) -> Failure {
    Failure::new(
        Exit::Answers,
        "no answers were given to fill the worksheet with, and there is no terminal to ask them at (or --no-input was given)",
    )
    .hint(format!("pass --answers FILE (start one with `ipt skeleton {wanted} -o FILE`), give answers with --set ID=VALUE, answer line by line with --plain, print an empty handout with --blank, or write the document as it is with --allow-incomplete"))
}

/// With `--allow-incomplete`: names each required question left without an answer.
fn warn_missing(
    sheet: &crate::spec::LoadedWorksheet,
    raw: &answers::RawAnswers,
    used: &std::collections::BTreeMap<String, crate::jinja::Data>,
) {
    if let Err(problems) = answers::check_with(&sheet.spec, raw, Mode::FINAL, used) {
        for p in problems {
            report::warn(&format!(
                "{} has no answer; the document leaves it empty",
                p.question
            ));
        }
    }
}
