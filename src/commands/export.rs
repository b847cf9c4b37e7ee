//! `ipt export fhir-questionnaire ID` and `ipt export fhir-response ANSWERS`: FHIR R4 resources
//! for health records, built by `export::fhir` from the worksheet and the checked answers.

use super::answers_worksheet::{self, Naming};
use super::used::expression_data;
use super::{match_worksheet, read_answers};
use crate::answers::{self, Mode};
use crate::app::Env;
use crate::cli::ExportCommand;
use crate::export::fhir;
use crate::output::{self, Target};
use crate::report::{self, Failure};

pub fn run(env: &Env, what: &ExportCommand) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let (exported, output, force) = match what {
        ExportCommand::FhirQuestionnaire {
            worksheet,
            output,
            force,
        } => (
            fhir::questionnaire(&catalog.find(worksheet)?),
            output,
            *force,
        ),
        ExportCommand::FhirResponse {
            answers: path,
            with,
            output,
            force,
        } => {
            let file = read_answers(path)?;
            let case = env.case().ok().flatten().map(|c| c.dir.as_path());
            let sheet = answers_worksheet::find(&catalog, path, &file, case, Naming::Folder)?;
            match_worksheet(path, &file, &sheet)?;
            let used = expression_data(&catalog, &sheet, with, env.case()?)?;
            let checked = answers::check_with(&sheet.spec, &file.answers, Mode::FINAL, &used)
                .map_err(|p| {
                    Failure::answers(&p).hint(format!("edit {} and run this again", path.display()))
                })?;
            let authored = match file.meta.date {
                Some(d) => d.to_string(),
                None => crate::answers::date::Date::from_unix(env.facts.epoch).map_or_else(
                    || "1970-01-01".to_string(),
                    |(d, secs)| {
                        format!(
                            "{d}T{:02}:{:02}:{:02}Z",
                            secs / 3600,
                            secs % 3600 / 60,
                            secs % 60
                        )
                    },
                ),
            };
            (fhir::response(&sheet, &checked, &authored), output, *force)
        }
    };
    for warning in &exported.warnings {
        report::warn(warning);
    }
    let target = output.as_deref().map_or(Target::Stdout, Target::parse);
    output::write(&target, exported.json.as_bytes(), force)?;
    Ok(())
}
