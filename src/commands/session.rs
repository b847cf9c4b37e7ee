//! `ipt session [N]`: the session packet of a case, in one document: the agenda page, the scores
//! so far when a questionnaire is due (charts and tables, `ipt progress`), then every worksheet
//! due (pre-filled with what carries over, or blank with `--blank`; the safety plan whenever an
//! answer kept in the case asked for it; a worksheet with `print.progress`, the termination
//! review, followed by the scores so far), then the questionnaires due.

use super::case::{case_data, course_of};
use super::used::expression_data_in;
use crate::answers::{self, Mode, RawAnswers};
use crate::app::Env;
use crate::case::course;
use crate::document::pack::{Contents, Pack};
use crate::document::progress::{Progress, progress};
use crate::document::session::{Agenda, agenda};
use crate::document::{build, handout};
use crate::report::{self, Exit, Failure};
use crate::request::SessionRequest;

pub fn run(env: &Env, req: &SessionRequest) -> Result<(), Failure> {
    let case = env.in_case("session")?;
    let catalog = env.catalog()?;
    let course = course_of(&catalog, case)?;
    let schedule = &course.schedule;
    let session = match req.number {
        Some(n) => course::session(schedule, n).ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                format!(
                    "there is no session {n} in this case's plan (it has sessions 1 to {})",
                    schedule.sessions.len()
                ),
            )
        })?,
        None => course::upcoming(schedule, env.facts.today()).ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                format!(
                    "the course ended with session {} on {}; there is no next session",
                    schedule.sessions.len(),
                    schedule.last()
                ),
            )
            .hint("name the session: `ipt session N`")
        })?,
    };
    let resources = &catalog.resources;
    // The plan's worksheets for the session, with the safety plan when an answer kept in the
    // case asked for it (see `course_of`).
    let mut due: Vec<String> = Vec::new();
    for id in session.worksheets.iter().chain(&session.measures) {
        if !due.contains(id) {
            due.push(id.clone());
        }
    }
    let title_of = |id: &str| {
        catalog
            .find(id)
            .map_or_else(|_| id.to_string(), |w| w.spec.title.clone())
    };
    let language = resources.language.as_str();
    let mut documents = vec![agenda(
        &Agenda {
            schedule,
            session,
            title_of: &title_of,
            language,
        },
        resources,
    )];
    // A pre-filled worksheet that shows the scores so far (the termination review) takes them
    // in; otherwise they come after the agenda when a questionnaire is due.
    let shows_progress = |id: &String| {
        catalog
            .find(id)
            .is_ok_and(|sheet| sheet.spec.print.progress)
    };
    let scores_in_a_worksheet = !req.blank && due.iter().any(shows_progress);
    if !session.measures.is_empty() && !scores_in_a_worksheet {
        let series = super::progress::of_case(&catalog, case);
        let so_far = Progress {
            series: &series,
            schedule: Some(schedule),
            up_to: Some(session.number),
        };
        let scores = progress(&so_far, resources, language);
        if !scores.sections.is_empty() {
            documents.push(scores);
        }
    }
    for id in &due {
        let sheet = match catalog.find(id) {
            Ok(s) => s,
            Err(_) => {
                report::warn(&format!(
                    "the plan lists worksheet `{id}` for session {}, but there is no such worksheet; it is left out of the packet",
                    session.number
                ));
                continue;
            }
        };
        if req.blank {
            documents.push(build(&sheet, None, resources));
            continue;
        }
        let case_global = case_data(&catalog, &course, session.number);
        let used = expression_data_in(&catalog, &sheet, &[], Some(case), Some(case_global))?;
        let suggest = Mode::SUGGEST;
        // One empty entry in every repeat group, so that choices drawn from other answers
        // are worked out for it.
        let mut raw = RawAnswers::default();
        answers::start_entries(&sheet.spec, &mut raw, &used);
        for section in sheet.spec.sections.iter().filter(|s| s.repeat.is_some()) {
            if raw.entries(section.id()) == 0 {
                raw.push_entry(section.id());
            }
        }
        let mut document = match answers::check_with(&sheet.spec, &raw, suggest, &used) {
            Ok(draft) => handout(&sheet, &draft, resources),
            Err(_) => build(&sheet, None, resources),
        };
        if sheet.spec.print.progress {
            document.sections.extend(super::progress::case_sections(
                &catalog,
                case,
                schedule,
                Some(session.number),
            ));
        }
        documents.push(document);
    }
    let w = |key: &str| resources.plan.word(key);
    let pack = Pack {
        title: documents[0].title.clone(),
        language: language.into(),
        cover: None,
        contents: Some(Contents {
            title: w("contents"),
            page: w("contents_page"),
        }),
        duplex: false,
        documents,
    };
    super::write_pack(&catalog, &pack, &req.out)
}
