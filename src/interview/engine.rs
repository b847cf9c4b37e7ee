//! The interview engine: which question comes next, going back, the review, resuming, saving.
//!
//! Every answer is put into the raw answers and judged by the answers gate (draft mode: nothing
//! is required yet); a refused answer is re-asked with the rule's own message. After every
//! accepted answer the caller's `save` writes the answers file.

use std::collections::{BTreeMap, BTreeSet};

use super::view::{is_computed, value_at};
use super::{More, Progress, Prompter, Question, Reply, ReviewChoice, Stop};
use crate::answers::file::AnswersFile;
use crate::answers::{
    Checked, Mode, Origin, Problem, RawInput, RawSection, RawValue, Slot, check_with,
};
use crate::jinja::Data;
use crate::spec::{LoadedWorksheet, Section};

/// What the engine needs besides the prompter.
pub struct Setup<'a> {
    pub sheet: &'a LoadedWorksheet,
    /// Answers of worksheets this one `uses`.
    pub used: &'a BTreeMap<String, Data>,
    /// The crisis block as plain text, shown at once when a safety trigger fires.
    pub crisis: &'a str,
    /// The relationship-safety block as plain text, shown at once when a relationship-safety
    /// trigger fires (`safety_block = "relationship"`).
    pub relationship: &'a str,
    /// Where answers are saved, as shown to the person.
    pub saved_to: &'a str,
}

/// Why the last answer was not accepted, and what was typed, to show when asking again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub(super) message: String,
    pub(super) typed: Option<String>,
}

/// How many of the questions that apply have an answer: (answered, asked), for "carry on (12 of
/// 30 answered)".
pub fn answered(
    sheet: &LoadedWorksheet,
    file: &AnswersFile,
    used: &BTreeMap<String, Data>,
) -> (usize, usize) {
    let Ok(checked) = check_with(&sheet.spec, &file.answers, Mode::DRAFT, used) else {
        return (0, 0);
    };
    let mut counts = (0, 0);
    for section in &sheet.spec.sections {
        let Some(cs) = checked.sections.iter().find(|s| s.id == section.id()) else {
            continue;
        };
        for cf in cs.entries.iter().flat_map(|e| &e.fields) {
            if !is_computed(section, cf) {
                counts.1 += 1;
                counts.0 += usize::from(cf.value.is_some());
            }
        }
    }
    counts
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Ask(Slot),
    /// Ask "Add another …?" for this repeat group.
    More(String),
    /// Start another entry without asking (the group is below its minimum).
    Add(String),
}

pub(super) struct Engine<'a, 'p> {
    pub(super) setup: &'a Setup<'a>,
    pub(super) file: &'a mut AnswersFile,
    prompter: &'p mut dyn Prompter,
    save: &'p mut dyn FnMut(&AnswersFile) -> Result<(), String>,
    history: Vec<Step>,
    safety_shown: BTreeSet<String>,
    announced: Option<(String, Option<usize>)>,
}

/// Runs the interview until the person finishes the review. On `Err`, every answer accepted so
/// far has been saved.
pub fn conduct(
    setup: &Setup<'_>,
    file: &mut AnswersFile,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&AnswersFile) -> Result<(), String>,
) -> Result<Checked, Stop> {
    let resuming = !file.answers.sections.is_empty();
    prompter.start(
        &setup.sheet.spec.title,
        &setup.sheet.spec.summary,
        setup.saved_to,
        resuming,
    );
    let mut engine = Engine {
        setup,
        file,
        prompter,
        save,
        history: Vec::new(),
        safety_shown: BTreeSet::new(),
        announced: None,
    };
    engine.repair()?;
    engine.run()
}

impl Engine<'_, '_> {
    pub(super) fn gate(&self, mode: Mode) -> Result<Checked, Vec<Problem>> {
        check_with(
            &self.setup.sheet.spec,
            &self.file.answers,
            mode,
            self.setup.used,
        )
    }

    fn persist(&mut self) -> Result<(), Stop> {
        (self.save)(self.file).map_err(Stop::Failed)
    }

    pub(super) fn skipped(&self, key: &str) -> bool {
        self.file.meta.skipped.iter().any(|s| s == key)
    }

    fn set_skipped(&mut self, key: &str, skipped: bool) {
        self.file.meta.skipped.retain(|s| s != key);
        if skipped {
            self.file.meta.skipped.push(key.to_string());
        }
    }

    /// Moves answers that no longer fit (a changed worksheet, a renamed person) out of the way,
    /// into `orphaned`, so they are asked again and nothing is lost.
    fn repair(&mut self) -> Result<(), Stop> {
        for _ in 0..100 {
            let problems = match self.gate(Mode::DRAFT) {
                Ok(_) => return Ok(()),
                Err(p) => p,
            };
            if let Some(p) = problems.iter().find(|p| p.definition) {
                return Err(Stop::Failed(p.to_string()));
            }
            let mut moved = Vec::new();
            for p in &problems {
                if let Some(slot) = Slot::parse(&p.question)
                    && let Some(old) = self.file.answers.remove(&slot)
                {
                    self.orphan(&slot.id(), &old);
                    moved.push(slot.id());
                } else if let Some(section) = self.file.answers.sections.remove(&p.question) {
                    let entries = match section {
                        RawSection::Single(e) => vec![(None, e)],
                        RawSection::Repeat(v) => v
                            .into_iter()
                            .enumerate()
                            .map(|(i, e)| (Some(i), e))
                            .collect(),
                    };
                    for (i, entry) in entries {
                        for (field, old) in entry.values {
                            let slot = Slot {
                                section: p.question.clone(),
                                entry: i,
                                field,
                            };
                            self.orphan(&slot.id(), &old);
                        }
                    }
                    moved.push(p.question.clone());
                }
            }
            if moved.is_empty() {
                return Err(Stop::Failed(
                    problems
                        .iter()
                        .map(Problem::to_string)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ));
            }
            self.prompter.notice(&format!(
                "The worksheet has changed since some answers were saved. These no longer fit and will be asked again (the old answers are kept at the end of the file): {}",
                moved.join(", ")
            ));
            self.persist()?;
        }
        Err(Stop::Failed(
            "the saved answers could not be made to fit the worksheet".into(),
        ))
    }

    fn orphan(&mut self, id: &str, old: &RawValue) {
        let value = match &old.input {
            RawInput::Toml(v) => v.clone(),
            RawInput::Text(t) => toml::Value::String(t.clone()),
        };
        self.file.orphaned.insert(id.to_string(), value);
    }

    fn run(&mut self) -> Result<Checked, Stop> {
        let mut forced: Option<Step> = None;
        let mut error: Option<Refused> = None;
        loop {
            let checked = match self.gate(Mode::DRAFT) {
                Ok(c) => c,
                Err(_) => {
                    self.repair()?;
                    continue;
                }
            };
            let step = forced.take().or_else(|| self.next(&checked));
            match step {
                None => {
                    if let Some(done) = self.review(&checked, &mut forced)? {
                        return Ok(done);
                    }
                }
                Some(Step::Add(section)) => {
                    self.file.answers.push_entry(&section);
                    self.persist()?;
                }
                Some(Step::More(section)) => self.more(&section, &mut forced)?,
                Some(Step::Ask(slot)) => {
                    let q = self.question(&checked, &slot, error.take());
                    self.announce(&slot, &q.progress);
                    let reply = self.prompter.ask(&q)?;
                    self.answer(slot, q, reply, &mut forced, &mut error)?;
                }
            }
        }
    }

    /// The first question that applies and has no answer; then "add another?" for repeat groups.
    fn next(&self, checked: &Checked) -> Option<Step> {
        for section in &self.setup.sheet.spec.sections {
            let Some(cs) = checked.sections.iter().find(|s| s.id == section.id()) else {
                continue;
            };
            for (i, entry) in cs.entries.iter().enumerate() {
                for cf in &entry.fields {
                    if is_computed(section, cf) {
                        continue;
                    }
                    let slot = Slot {
                        section: section.id().to_string(),
                        entry: section.repeat.is_some().then_some(i),
                        field: cf.id.clone(),
                    };
                    if cf.value.is_none() && !self.skipped(&slot.id()) {
                        return Some(Step::Ask(slot));
                    }
                }
            }
            if let Some((min, max)) = section.repeat_bounds() {
                let n = cs.entries.len();
                if n < min {
                    return Some(Step::Add(section.id().to_string()));
                }
                if n < max && !self.skipped(section.id()) {
                    return Some(Step::More(section.id().to_string()));
                }
            }
        }
        None
    }

    fn more(&mut self, section_id: &str, forced: &mut Option<Step>) -> Result<(), Stop> {
        let section = self.section(section_id);
        let question = section
            .repeat
            .as_ref()
            .map_or_else(String::new, |r| r.add_another.clone());
        let count = self.file.answers.entries(section_id);
        match self.prompter.more(&question, count)? {
            More::Yes => {
                self.set_skipped(section_id, false);
                self.file.answers.push_entry(section_id);
                self.history.push(Step::More(section_id.to_string()));
            }
            More::No => {
                self.file.answers.pop_empty_entry(section_id);
                self.set_skipped(section_id, true);
                self.history.push(Step::More(section_id.to_string()));
            }
            More::Back => {
                *forced = self.history.pop();
                return Ok(());
            }
        }
        self.persist()
    }

    fn answer(
        &mut self,
        slot: Slot,
        q: Question,
        reply: Reply,
        forced: &mut Option<Step>,
        error: &mut Option<Refused>,
    ) -> Result<(), Stop> {
        let mut typed = None;
        let input = match reply {
            Reply::Back => {
                match self
                    .history
                    .pop()
                    .or_else(|| self.before(&slot).map(Step::Ask))
                {
                    Some(prev) => *forced = Some(prev),
                    None => {
                        self.prompter
                            .notice("This is the first question; there is nothing before it.");
                        *forced = Some(Step::Ask(slot));
                    }
                }
                return Ok(());
            }
            Reply::Skip => None,
            Reply::Text(t) if t.trim().is_empty() => None,
            Reply::Text(t) => {
                typed = Some(t.clone());
                Some(RawInput::Text(t))
            }
            Reply::Items(items) if items.iter().all(|i| i.trim().is_empty()) => None,
            Reply::Items(items) => Some(RawInput::Toml(toml::Value::Array(
                items.into_iter().map(toml::Value::String).collect(),
            ))),
        };
        let previous = self.file.answers.remove(&slot);
        let Some(input) = input else {
            if q.required {
                if let Some(p) = previous {
                    self.file.answers.set(&slot, p);
                }
                *error = Some(Refused {
                    message: "This question needs an answer.".into(),
                    typed: None,
                });
                *forced = Some(Step::Ask(slot));
                return Ok(());
            }
            self.set_skipped(&slot.id(), true);
            self.history.push(Step::Ask(slot));
            return self.persist();
        };
        self.file.answers.set(
            &slot,
            RawValue {
                input,
                origin: Origin::Prompt,
            },
        );
        match self.gate(Mode::DRAFT) {
            Ok(checked) => {
                self.set_skipped(&slot.id(), false);
                // Keep the typed value (a number, a date, a choice's value), not the text typed.
                if let Some(v) = value_at(&checked, &slot).and_then(|v| v.to_toml()) {
                    self.file.answers.set(
                        &slot,
                        RawValue {
                            input: RawInput::Toml(v),
                            origin: Origin::Prompt,
                        },
                    );
                }
                let id = slot.id();
                self.history.push(Step::Ask(slot));
                self.persist()?;
                if checked.safety.contains(&id) && self.safety_shown.insert(id.clone()) {
                    self.prompter.notice(self.setup.crisis);
                }
                if checked.relationship.contains(&id) && self.safety_shown.insert(id) {
                    self.prompter.notice(self.setup.relationship);
                }
                Ok(())
            }
            Err(problems) => {
                if let Some(p) = problems
                    .iter()
                    .find(|p| p.question == slot.id() && !p.definition)
                {
                    self.file.answers.remove(&slot);
                    if let Some(prev) = previous {
                        self.file.answers.set(&slot, prev);
                    }
                    *error = Some(Refused {
                        message: p.message.clone(),
                        typed,
                    });
                    *forced = Some(Step::Ask(slot));
                    return Ok(());
                }
                // This answer is fine, but later ones no longer fit (a renamed person, say).
                self.history.push(Step::Ask(slot));
                self.repair()?;
                self.persist()
            }
        }
    }

    /// The review; `Some` when the person finishes and everything required is there.
    fn review(
        &mut self,
        checked: &Checked,
        forced: &mut Option<Step>,
    ) -> Result<Option<Checked>, Stop> {
        let (items, slots) = self.review_items(checked);
        match self.prompter.review(&items)? {
            ReviewChoice::Change(i) => {
                *forced = slots.get(i).cloned().map(Step::Ask);
                Ok(None)
            }
            ReviewChoice::Finish => match self.gate(Mode::COMPLETE_AS_GIVEN) {
                Ok(done) => {
                    self.file.meta.status = Some("complete".into());
                    self.persist()?;
                    Ok(Some(done))
                }
                Err(problems) => {
                    // A skipped required question (e.g. from a hand-edited file): ask it again.
                    for p in &problems {
                        self.set_skipped(&p.question, false);
                    }
                    self.prompter.notice(&format!(
                        "Some questions still need an answer: {}",
                        problems
                            .iter()
                            .map(|p| p.question.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    Ok(None)
                }
            },
        }
    }

    /// The question before `slot` in worksheet order (for "back" after resuming).
    fn before(&self, slot: &Slot) -> Option<Slot> {
        let checked = self.gate(Mode::DRAFT).ok()?;
        let (_, slots) = self.review_items(&checked);
        let at = slots.iter().position(|s| s == slot)?;
        at.checked_sub(1).map(|i| slots[i].clone())
    }

    pub(super) fn section(&self, id: &str) -> &Section {
        self.setup
            .sheet
            .spec
            .section(id)
            .expect("steps name sections of the worksheet")
    }

    fn announce(&mut self, slot: &Slot, progress: &Progress) {
        let key = (slot.section.clone(), slot.entry);
        if self.announced.as_ref() == Some(&key) {
            return;
        }
        let section = self.section(&slot.section);
        let first = slot.entry.is_none_or(|e| e == 0)
            && self
                .announced
                .as_ref()
                .is_none_or(|(s, _)| s != &slot.section);
        let intro = if first {
            section.intro.clone()
        } else {
            String::new()
        };
        let title = match &progress.entry {
            Some(entry) => format!("{} · {entry}", progress.section_title),
            None => progress.section_title.clone(),
        };
        self.prompter.section(&title, &intro);
        self.announced = Some(key);
    }
}
