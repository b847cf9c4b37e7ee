//! The doorway: parse the command line, run it, print any error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A shell asking for completions (COMPLETE=bash ipt …) is answered, and nothing else runs.
    ipt::completions::answer_the_shell();
    let cli = ipt::cli::Cli::parse();
    match ipt::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.print();
            ExitCode::from(failure.exit as u8)
        }
    }
}
