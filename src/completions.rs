//! Shell completions and man pages, both made from the clap definitions in `cli`.
//!
//! Completions are worked out when the shell asks (`COMPLETE=bash ipt …`, answered in `main`
//! before anything else runs), so they offer the worksheet ids there are at that moment, the
//! user's own included. `ipt completions SHELL` prints the few lines that hook this into a shell.
//!
//! Owns: the worksheet-id completer, the registration scripts and the man pages' text. Must not
//! write files (`output` does) or run any command.

use std::ffi::OsStr;

use clap::CommandFactory;
use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use clap_complete::env::Shells;

use crate::cli::Cli;

/// The environment variable through which a shell asks for completions.
pub const VAR: &str = "COMPLETE";

/// The shells completions are made for.
pub const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// Answers a shell's request for completions and exits, when `COMPLETE` is set; otherwise does
/// nothing. Called first thing in `main`.
pub fn answer_the_shell() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(VAR)
        .complete();
}

/// Completes a worksheet argument: the ids of every worksheet known (built-in and the user's),
/// and file paths for a worksheet of one's own.
pub fn worksheet(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let mut out: Vec<CompletionCandidate> = known_ids()
        .into_iter()
        .filter(|(id, _)| id.starts_with(typed.as_ref()))
        .map(|(id, title)| CompletionCandidate::new(id).help(Some(title.into())))
        .collect();
    if out.is_empty() || typed.contains('/') || typed.starts_with('.') {
        out.extend(PathCompleter::any().complete(current));
    }
    out
}

/// Worksheet ids and titles, from the same folders every command reads.
fn known_ids() -> Vec<(String, String)> {
    let sources = crate::spec::catalog::Sources {
        worksheet_dirs: Vec::new(),
        template_dirs: Vec::new(),
        config_dir: crate::app::config_dir(),
        country: None,
    };
    let Ok(catalog) = crate::spec::Catalog::discover(&sources) else {
        return Vec::new();
    };
    let mut ids: Vec<(String, String)> = catalog
        .entries()
        .into_iter()
        .filter(|e| !e.shadowed)
        .map(|e| {
            let title = e
                .result
                .as_ref()
                .map_or_else(|_| String::new(), |s| s.spec.title.clone());
            (e.id, title)
        })
        .collect();
    ids.sort();
    ids.dedup_by(|a, b| a.0 == b.0);
    ids
}

/// The lines that hook completions into `shell`, calling `completer` (the `ipt` program) when
/// completing. None for a shell there is no support for.
pub fn registration(shell: &str, completer: &str) -> Option<Vec<u8>> {
    let shells = Shells::builtins();
    let found = shells.completer(shell)?;
    let mut out = Vec::new();
    found
        .write_registration(VAR, "ipt", "ipt", completer, &mut out)
        .ok()?;
    Some(out)
}

/// Every man page: `ipt.1`, then one per subcommand (`ipt-fill.1` …), with their text.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(cmd, &mut pages);
    pages
}

fn collect(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut text = Vec::new();
    if man.render(&mut text).is_ok() {
        pages.push((man.get_filename(), text));
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), pages);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_has_a_registration_naming_the_program() {
        for shell in SHELLS {
            let text = String::from_utf8(registration(shell, "/usr/bin/ipt").unwrap()).unwrap();
            assert!(text.contains("/usr/bin/ipt"), "{shell}: {text}");
        }
        assert!(registration("cmd.exe", "ipt").is_none());
    }

    #[test]
    fn built_in_worksheet_ids_are_offered() {
        let found: Vec<String> = worksheet(OsStr::new("ph"))
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert!(found.contains(&"phq9".to_string()), "{found:?}");
        assert!(!found.contains(&"gad7".to_string()));
    }

    #[test]
    fn a_man_page_for_ipt_and_each_subcommand() {
        let pages = man_pages();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"ipt.1"), "{names:?}");
        assert!(names.contains(&"ipt-fill.1"), "{names:?}");
        assert!(names.contains(&"ipt-case-new.1"), "{names:?}");
        let fill = &pages.iter().find(|(n, _)| n == "ipt-fill.1").unwrap().1;
        assert!(String::from_utf8_lossy(fill).contains("Read answers from this TOML file"));
    }
}
