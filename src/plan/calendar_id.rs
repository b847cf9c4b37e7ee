//! A plan's calendar id: 128 random bits, stored in the plan's answers file (`meta.calendar`),
//! from which every event's UID is made. Random, so a calendar reveals nothing about the client
//! (not the name, not the start date); stored, so that a re-made calendar (another render, a
//! rescheduled start, a skipped week) updates the events already imported instead of adding
//! new ones.
//!
//! Owns: making and checking ids, and writing a new one into an answers file without touching
//! anything else in it. Knows nothing of the calendar format (that is `ics`).

use crate::answers::file;

/// A fresh id: 32 lowercase hex digits from the operating system's random source.
pub fn fresh() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers available: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// True for an id as `fresh` makes them (what a hand-edited file may hold is checked too).
pub fn valid(id: &str) -> bool {
    (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-')
}

/// The answers file text with `calendar = "ID"` added to its `[meta]` table, keeping every
/// other line as it was. None when the file has no `[meta]` header line to add it under.
pub fn with_id(text: &str, id: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 48);
    let mut added = false;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !added && line.trim() == "[meta]" {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("calendar = \"{id}\"\n"));
            added = true;
        }
    }
    (added && file::parse("", &out).is_ok_and(|f| f.meta.calendar.as_deref() == Some(id)))
        .then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_random_and_valid() {
        let (a, b) = (fresh().unwrap(), fresh().unwrap());
        assert_ne!(a, b);
        assert!(valid(&a) && a.len() == 32);
        assert!(!valid("Marta") && !valid("2026-03-02|Marta"));
    }

    #[test]
    fn an_id_is_added_under_meta_and_nothing_else_changes() {
        let text = "# my notes\n[meta]\nworksheet = \"plan\"\n\n[answers.course]\nclient = \"Marta\" # hi\n";
        let id = "0123456789abcdef0123456789abcdef";
        let out = with_id(text, id).unwrap();
        assert_eq!(out.replace(&format!("calendar = \"{id}\"\n"), ""), text);
        assert_eq!(
            file::parse("a", &out).unwrap().meta.calendar.as_deref(),
            Some(id)
        );
        assert_eq!(with_id("meta = { worksheet = \"plan\" }\n", id), None);
    }
}
