//! The bounds every expression and template runs within, so that a worksheet or template from
//! someone else cannot exhaust the machine: fuel (minijinja's budget of instructions and bytes
//! created), recursion depth, and the size of a value handed back to Rust.
//!
//! Owns: the numbers and applying them to an environment. Must not know what is evaluated.

use minijinja::Environment;

/// Fuel of one expression: about 100 000 steps, or some 6 MB of data created. The longest
/// built-in expression uses a few hundred; a repeat group of 1 000 entries a few thousand.
pub const EXPR_FUEL: u64 = 100_000;

/// Fuel of one Markdown document: a pack of many long worksheets uses a few hundred thousand.
pub const TEMPLATE_FUEL: u64 = 20_000_000;

/// How deep expressions may nest calls (templates: macros and includes).
pub const EXPR_RECURSION: usize = 64;
pub const TEMPLATE_RECURSION: usize = 200;

/// The most items (of all lists and maps together) and characters a value handed back to Rust
/// may have.
pub const MAX_ITEMS: usize = 100_000;
pub const MAX_TEXT: usize = 1_000_000;

/// What the person reads when a limit is hit.
pub const LIMIT_HINT: &str = "an expression may take at most about 100 000 steps and build about 6 MB of data; make it simpler (a worksheet needs far less)";

/// Applies the expression limits.
pub(super) fn bound_expressions(env: &mut Environment<'_>) {
    env.set_fuel(Some(EXPR_FUEL));
    env.set_recursion_limit(EXPR_RECURSION);
}

/// Applies the template limits.
pub(super) fn bound_templates(env: &mut Environment<'_>) {
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_recursion_limit(TEMPLATE_RECURSION);
}

/// Counts what a value handed back holds, failing once it is over the bounds.
#[derive(Debug, Default)]
pub(super) struct Budget {
    items: usize,
    text: usize,
}

impl Budget {
    pub(super) fn item(&mut self) -> Result<(), &'static str> {
        self.items += 1;
        if self.items > MAX_ITEMS {
            return Err("the value it gives has more than 100 000 items");
        }
        Ok(())
    }

    pub(super) fn text(&mut self, len: usize) -> Result<(), &'static str> {
        self.text += len;
        if self.text > MAX_TEXT {
            return Err("the value it gives holds more than 1 000 000 characters");
        }
        Ok(())
    }
}
