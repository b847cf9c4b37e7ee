//! The sessions as an RFC 5545 calendar to import: one event per session, UIDs made from the
//! plan's random calendar id (`calendar_id`: the same plan gives the same UIDs, even when
//! rescheduled, so importing it again updates the events; they reveal nothing about the
//! client), and no personal details unless asked for.

use super::Inputs;
use super::schedule::Schedule;

/// What the calendar may say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Details {
    /// "Session 3 of 14" only.
    None,
    /// Also the client's name, the phase, aims and worksheets.
    Full,
}

/// The calendar text. `stamp` is the creation time as `YYYYMMDDTHHMMSSZ` (read once by the
/// caller, from `SOURCE_DATE_EPOCH` when set); `id` the plan's calendar id; `phase_names`
/// prints phases.
pub fn calendar(
    inputs: &Inputs,
    schedule: &Schedule,
    stamp: &str,
    id: &str,
    details: Details,
    phase_name: impl Fn(super::schedule::Phase) -> String,
) -> String {
    let count = schedule.sessions.len();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//ipt//treatment plan//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    for s in &schedule.sessions {
        let date = s.date;
        let ymd = format!("{:04}{:02}{:02}", date.year, date.month, date.day);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", uid(id, s.number)));
        lines.push(format!("DTSTAMP:{stamp}"));
        match inputs.time.as_deref().and_then(hhmm) {
            Some((h, m)) => {
                lines.push(format!("DTSTART:{ymd}T{h:02}{m:02}00"));
                lines.push(format!("DURATION:PT{}M", inputs.minutes));
            }
            None => {
                lines.push(format!("DTSTART;VALUE=DATE:{ymd}"));
                // Without DTEND a date event lasts one day (RFC 5545 §3.6.1): so at 9999-12-31.
                if let Some(next) = date.add_days(1) {
                    lines.push(format!(
                        "DTEND;VALUE=DATE:{:04}{:02}{:02}",
                        next.year, next.month, next.day
                    ));
                }
            }
        }
        let mut summary = format!("Session {} of {count}", s.number);
        if details == Details::Full {
            summary = format!("IPT session {} of {count}", s.number);
            if let Some(client) = &inputs.client {
                summary.push_str(&format!(" ({client})"));
            }
            let mut description = format!("{} phase.", phase_name(s.phase));
            for aim in &s.aims {
                description.push_str(&format!("\n- {aim}"));
            }
            if !s.worksheets.is_empty() {
                description.push_str(&format!("\nWorksheets: {}", s.worksheets.join(", ")));
            }
            for note in &s.notes {
                description.push_str(&format!("\n{note}"));
            }
            lines.push(format!("DESCRIPTION:{}", escape(&description)));
        }
        lines.push(format!("SUMMARY:{}", escape(&summary)));
        lines.push("TRANSP:OPAQUE".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// The UID of session `number`: the plan's calendar id (random, stored with the plan) and the
/// number, nothing else.
fn uid(id: &str, number: usize) -> String {
    format!("{id}-{number}@ipt.invalid")
}

fn hhmm(t: &str) -> Option<(u32, u32)> {
    let (h, m) = t.trim().split_once(':')?;
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// TEXT escaping of RFC 5545 §3.3.11. Control characters, which TEXT may not hold (a bare CR
/// could even start a new property), and bidi overrides are shown as placeholders first.
fn escape(text: &str) -> String {
    crate::visible::show(text)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let folded = fold(&format!("DESCRIPTION:{}", "é".repeat(80)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(
            unfolded.trim_end(),
            format!("DESCRIPTION:{}", "é".repeat(80))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn control_characters_never_reach_the_calendar_and_cannot_start_a_property() {
        assert_eq!(
            escape("Ana\rATTENDEE:x\u{1b}\r\nnext"),
            "Ana‹U+000D›ATTENDEE:x‹U+001B›\\nnext"
        );
    }
}
