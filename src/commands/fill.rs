//! `ipt fill ID|PATH` and the subcommands bound to built-in worksheets.

use super::deliver;
use super::used::expression_data;
use crate::answers::{self, Mode};
use crate::app::{Env, OutputRequest};
use crate::cli::RunArgs;
use crate::report::{Exit, Failure};

/// Fills worksheet `wanted` from an answers file and `--set`, and writes the document.
pub fn run(env: &Env, wanted: &str, args: &RunArgs) -> Result<(), Failure> {
    let out = OutputRequest::resolve(&args.output)?;
    let catalog = env.catalog()?;
    let sheet = catalog.find(wanted)?;
    if args.blank {
        return deliver(&catalog, &sheet, None, &out);
    }
    let sets = super::set_args(&args.set)?;
    if args.plain || (env.interactive && !args.no_input) {
        return super::interview::run(&catalog, &sheet, wanted, args, &sets, &out);
    }
    if args.answers.is_none() && args.set.is_empty() && !args.no_input {
        return Err(Failure::new(Exit::Answers, "no answers to fill the worksheet with, and no terminal to ask them at")
            .hint(format!("pass --answers FILE (start one with `ipt skeleton {wanted} -o FILE`), give answers with --set ID=VALUE, use --plain to answer line by line, or print an empty handout with --blank")));
    }
    let raw = super::given_answers(&sheet, args.answers.as_deref(), &sets)?;
    let used = expression_data(&catalog, &sheet, &args.with)?;
    match answers::check_with(&sheet.spec, &raw, Mode::FINAL, &used) {
        Ok(checked) => deliver(&catalog, &sheet, Some(&checked), &out),
        Err(problems) => {
            let mut failure = Failure::answers(&problems);
            if failure.exit == Exit::Answers {
                failure = failure.hint(format!("give or correct the answers in the answers file or with --set ID=VALUE, or answer them one by one with --plain; `ipt show {wanted}` lists every question"));
            }
            Err(failure)
        }
    }
}
