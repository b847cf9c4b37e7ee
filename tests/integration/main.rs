//! The one integration test binary: `ipt` driven as a user would, through its command line.

mod authoring;
mod case;
mod cli;
mod clinical;
mod config;
mod escaping;
mod examples;
mod fhir;
mod harness;
mod hostile;
mod json;
mod own_worksheets;
mod pdf;
mod plain;
mod plan;
mod progress;
#[cfg(unix)]
mod pty;
mod snapshots;
mod trainers;
mod validate;
