//! The one integration test binary: `ipt` driven as a user would, through its command line.

mod authoring;
mod case;
mod cli;
mod clinical;
mod escaping;
mod examples;
mod harness;
mod hostile;
mod pdf;
mod plain;
mod plan;
#[cfg(unix)]
mod pty;
mod snapshots;
mod trainers;
