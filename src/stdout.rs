//! The one writer to standard output, for every command.
//!
//! Owns: writing to stdout, and what happens when it fails. A reader that stops reading
//! (`ipt list | head -1`) closes the pipe: the program then ends quietly with success, as
//! command-line tools do. Text for people (lists, outlines) has hidden characters made visible
//! (`visible`); documents are written as the renderer made them. Must not format anything.

use std::io::{self, Write};

use crate::report::{Exit, Failure};

/// Writes text meant for people, with control and bidi characters shown, not obeyed.
pub fn text(text: &str) -> Result<(), Failure> {
    bytes(crate::visible::show(text).as_bytes()).map_err(failure)
}

/// Writes bytes as they are (a rendered document). A closed pipe ends the program with success.
pub fn bytes(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => quietly_done(),
        other => other,
    }
}

/// The reader went away: nothing is left to do, and nothing went wrong.
fn quietly_done() -> ! {
    std::process::exit(0)
}

fn failure(e: io::Error) -> Failure {
    Failure::new(
        Exit::Runtime,
        format!("cannot write to standard output: {e}"),
    )
}
