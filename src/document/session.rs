//! The agenda page of a session packet: the session's date, phase, aims, techniques, what to
//! bring, questionnaires, task and notes, and how many sessions are left. Pure; the wording comes
//! from `resources/plan.toml`.

use super::plan::phase_name;
use super::{Answer, DocSection, Document, Item, crisis_block};
use crate::plan::schedule::{Schedule, Session};
use crate::spec::resources::Resources;

/// What the agenda page shows besides the session itself.
pub struct Agenda<'a> {
    pub schedule: &'a Schedule,
    pub session: &'a Session,
    /// Worksheet id → its title.
    pub title_of: &'a dyn Fn(&str) -> String,
    pub language: &'a str,
}

/// The agenda page as a document.
pub fn agenda(a: &Agenda<'_>, resources: &Resources) -> Document {
    let data = &resources.plan;
    let w = |key: &str| data.word(key);
    let s = a.session;
    let count = a.schedule.sessions.len();
    let phase = phase_name(data, s.phase);
    let fill = |text: String| {
        text.replace("{n}", &s.number.to_string())
            .replace("{count}", &count.to_string())
            .replace("{date}", &s.date.to_string())
            .replace("{phase}", &phase)
    };
    let text = |id: &str, prompt: String, value: String| {
        Item::fact(format!("session.{id}"), prompt, value)
    };
    let list = |id: &str, prompt: String, items: Vec<String>| Item {
        id: format!("session.{id}"),
        prompt,
        help: None,
        note: None,
        answer: Answer::List { items, lines: 0 },
    };
    let mut items = vec![
        text("date", w("date"), s.date.to_string()),
        text("phase", w("phase"), phase.clone()),
    ];
    if !s.aims.is_empty() {
        items.push(list("aims", w("aims"), s.aims.clone()));
    }
    if !s.techniques.is_empty() {
        items.push(list("techniques", w("techniques"), s.techniques.clone()));
    }
    if !s.worksheets.is_empty() {
        let titles = s
            .worksheets
            .iter()
            .map(|id| format!("{} ({id})", (a.title_of)(id)))
            .collect();
        items.push(list("bring", w("bring"), titles));
    }
    if !s.measures.is_empty() {
        let names = s
            .measures
            .iter()
            .map(|id| data.measures.get(id).cloned().unwrap_or_else(|| id.clone()))
            .collect();
        items.push(list("measures", w("measures"), names));
    }
    if let Some(task) = &s.task {
        items.push(text("task", w("task"), task.clone()));
    }
    if !s.notes.is_empty() {
        items.push(list("notes", w("notes"), s.notes.clone()));
    }
    items.push(text("left", w("left"), (count - s.number).to_string()));
    Document {
        title: fill(w("packet_title")),
        language: a.language.to_string(),
        worksheet: "session".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        summary: fill(w("packet_summary")),
        instructions_md: String::new(),
        blank: false,
        fit_pages: None,
        relationship: None,
        relationship_alert: false,
        safety_alert: false,
        sections: vec![DocSection::single("session", w("agenda"), items)],
        disclaimer_md: resources.safety.disclaimer.trim().to_string(),
        crisis: crisis_block(resources),
    }
}
