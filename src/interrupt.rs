//! Stopping an interview: Ctrl-C, or the signals a closing terminal or a system shutdown sends
//! (SIGINT, SIGTERM, SIGHUP, SIGQUIT), end it calmly with every accepted answer saved.
//!
//! Owns: the one message printed when an interview stops (set by the interview as it goes, so it
//! says truthfully whether anything is saved and how to carry on), making sure it is printed
//! once, waiting for a save in progress, giving the terminal back its settings and cursor, and
//! the exit code (130; 131 for SIGQUIT). Must not prompt or write answers.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Held while an answers file is being written, so a signal never stops a save half-way.
pub static WRITING: Mutex<()> = Mutex::new(());

static MESSAGE: Mutex<String> = Mutex::new(String::new());
static REMOVE: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());
static STOPPING: AtomicBool = AtomicBool::new(false);

/// The exit code after an interrupted interview.
pub const INTERRUPTED: i32 = 130;

/// Sets what is printed if the interview stops now.
pub fn set_message(text: String) {
    if let Ok(mut m) = MESSAGE.lock() {
        *m = text;
    }
}

/// A file of ours to remove if a signal ends the run (a lock file: the run no longer holds it).
pub fn remove_on_stop(path: &std::path::Path) {
    if let Ok(mut r) = REMOVE.lock() {
        r.push(path.to_path_buf());
    }
}

/// Removes the files registered with [`remove_on_stop`].
fn remove_files() {
    if let Ok(r) = REMOVE.lock() {
        for path in r.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The message to print when stopping.
pub fn message() -> String {
    MESSAGE.lock().map(|m| m.clone()).unwrap_or_default()
}

/// Set by the signal handler itself, before any waiting read sees its interruption.
static SIGNALLED: std::sync::LazyLock<std::sync::Arc<AtomicBool>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(AtomicBool::new(false)));

/// Whether a stop signal has arrived (as opposed to Ctrl-C read as a key). The terminal reports
/// an interrupted wait like Ctrl-C; when a signal caused it, its handler is already finishing the
/// run, so the caller should leave that to it ([`await_handler`]).
pub fn by_signal() -> bool {
    SIGNALLED.load(Ordering::SeqCst)
}

/// Waits for the signal handler, which saves, prints and exits; returns only if it does not.
pub fn await_handler() {
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Claims the right to report the stop: true for the first caller only, so a Ctrl-C seen both
/// as a key and as a signal is reported once.
pub fn claim() -> bool {
    !STOPPING.swap(true, Ordering::SeqCst)
}

/// Starts watching for the stop signals (once per process). From then on a signal waits for any
/// save in progress, restores the terminal, prints the message and exits.
pub fn watch() {
    #[cfg(unix)]
    unix::watch();
}

/// Gives the terminal back its settings and shows the cursor (prompts hide it in lists).
pub fn restore_terminal() {
    #[cfg(unix)]
    unix::restore();
}

/// Prints the stop message on standard error, ignoring a terminal that is gone.
pub fn print_message() {
    let text = message();
    if !text.is_empty() {
        crate::report::stderr(&format!("\n{text}\n"));
    }
}

#[cfg(unix)]
mod unix {
    use std::sync::{Once, OnceLock};

    use rustix::termios::{OptionalActions, Termios, isatty, tcgetattr, tcsetattr};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use signal_hook::iterator::Signals;

    /// The terminal's settings before any prompt changed them.
    static SAVED: OnceLock<Termios> = OnceLock::new();

    pub(super) fn watch() {
        static STARTED: Once = Once::new();
        STARTED.call_once(|| {
            let stdin = std::io::stdin();
            if isatty(&stdin)
                && let Ok(t) = tcgetattr(&stdin)
            {
                let _ = SAVED.set(t);
            }
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                let _ =
                    signal_hook::flag::register(signal, std::sync::Arc::clone(&super::SIGNALLED));
            }
            let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) else {
                return;
            };
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    if !super::claim() {
                        // The interview is already stopping on its own (Ctrl-C read as a key).
                        continue;
                    }
                    let _guard = super::WRITING.lock();
                    super::remove_files();
                    restore();
                    super::print_message();
                    std::process::exit(if signal == SIGQUIT {
                        131
                    } else {
                        super::INTERRUPTED
                    });
                }
            });
        });
    }

    pub(super) fn restore() {
        if let Some(saved) = SAVED.get() {
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, saved);
        }
        let stderr = std::io::stderr();
        if isatty(&stderr) {
            use std::io::Write;
            let _ = write!(&stderr, "\x1b[?25h");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_one_to_stop_reports_it() {
        assert!(claim());
        assert!(!claim());
        set_message("Stopped.".into());
        assert_eq!(message(), "Stopped.");
    }
}
