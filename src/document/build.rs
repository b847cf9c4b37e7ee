//! `build`: worksheet + checked answers (+ resources) → [`Document`]. Pure.

use super::{
    Answer, ChoiceOption, Circle, CrisisBlock, CrisisLine, DocEntry, DocSection, Document, GridRow,
    Item, Ring, ScalePoint,
};
use crate::answers::{Checked, CheckedEntry, Opt, Value};
use crate::jinja::format_float;
use crate::spec::resources::{CrisisView, Resources};
use crate::spec::{Field, FieldType, LoadedWorksheet, SafetyBlock, Section};

/// Builds the document. `answers: None` makes a blank handout.
pub fn build(
    sheet: &LoadedWorksheet,
    answers: Option<&Checked>,
    resources: &Resources,
) -> Document {
    let spec = &sheet.spec;
    let relationship_alert = answers.is_some_and(|a| !a.relationship.is_empty());
    let asks_about_relationship = spec.sections.iter().any(|s| {
        s.fields
            .iter()
            .any(|f| f.safety.is_some() && f.safety_block() == SafetyBlock::Relationship)
    });
    let sections = spec
        .sections
        .iter()
        .filter_map(|section| match answers {
            None => Some(blank_section(section)),
            Some(checked) => {
                let found = checked.sections.iter().find(|s| s.id == section.id())?;
                Some(DocSection {
                    id: section.id().to_string(),
                    title: section.title.clone(),
                    intro_md: section.intro.clone(),
                    repeat: section.repeat.is_some(),
                    circle: circle(section, Some(&found.entries)),
                    table: None,
                    compact: section.compact(),
                    chart: None,
                    entries: found
                        .entries
                        .iter()
                        .enumerate()
                        .map(|(i, e)| filled_entry(section, i + 1, e))
                        .collect(),
                })
            }
        })
        .collect();
    Document {
        title: spec.title.clone(),
        language: spec
            .language
            .as_ref()
            .map_or_else(|| resources.language.clone(), |l| l.get_ref().clone()),
        worksheet: spec.id.get_ref().clone(),
        version: spec.version.clone(),
        summary: spec.summary.clone(),
        instructions_md: spec.instructions.trim().to_string(),
        blank: answers.is_none(),
        fit_pages: spec
            .print
            .pages
            .as_ref()
            .map(|p| (*p.get_ref()).clamp(1, 20) as u32),
        safety_alert: answers.is_some_and(|a| !a.safety.is_empty()),
        relationship: (relationship_alert || answers.is_none() && asks_about_relationship)
            .then(|| block(&resources.relationship())),
        relationship_alert,
        sections,
        disclaimer_md: resources.safety.disclaimer.trim().to_string(),
        crisis: crisis_block(resources),
    }
}

/// A handout to fill in by hand with what is already known filled in: answers carried over
/// (defaults drawn from other worksheets, e.g. the contract's goals) and choices drawn from
/// earlier answers (the people of an inventory) listed to tick. Everything else is blank.
pub fn handout(sheet: &LoadedWorksheet, draft: &Checked, resources: &Resources) -> Document {
    let mut doc = build(sheet, None, resources);
    for (section, printed) in sheet.spec.sections.iter().zip(doc.sections.iter_mut()) {
        let Some(found) = draft.sections.iter().find(|s| s.id == section.id()) else {
            continue;
        };
        let answered = found.entries.iter().any(|e| {
            e.fields.iter().any(|f| {
                f.value.is_some()
                    && section
                        .field(&f.id)
                        .is_some_and(|d| d.kind() != FieldType::Computed)
            })
        });
        if answered {
            let mut entries: Vec<DocEntry> = found
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| filled_entry(section, i + 1, e))
                .collect();
            if section.repeat.is_some() {
                let room = printed.entries.len();
                let blank = blank_section(section).entries;
                entries.extend(blank.into_iter().skip(entries.len()).take(room));
            }
            printed.entries = entries;
        } else if let Some(first) = found.entries.first() {
            for entry in &mut printed.entries {
                for item in &mut entry.items {
                    let field_id = item.id.rsplit('.').next().unwrap_or_default();
                    let options = first
                        .fields
                        .iter()
                        .find(|f| f.id == field_id)
                        .and_then(|f| f.options.as_ref());
                    if let (
                        Answer::Choice {
                            options: printed, ..
                        },
                        Some(options),
                    ) = (&mut item.answer, options)
                    {
                        *printed = options
                            .iter()
                            .map(|o| ChoiceOption {
                                label: o.label.clone(),
                                selected: false,
                            })
                            .collect();
                    }
                }
            }
        }
        // Options that are listed are ticked on paper; only an empty list gets writing lines.
        for item in printed.entries.iter_mut().flat_map(|e| e.items.iter_mut()) {
            if let Answer::Choice {
                options,
                from_answers,
                ..
            } = &mut item.answer
                && !options.is_empty()
            {
                *from_answers = false;
            }
        }
    }
    doc
}

/// The crisis block of every document, for the chosen country.
pub fn crisis_block(resources: &Resources) -> CrisisBlock {
    block(&resources.crisis())
}

/// A safety block (crisis or relationship) as printed.
pub fn block(view: &CrisisView) -> CrisisBlock {
    let crisis = view.clone();
    CrisisBlock {
        title: crisis.title,
        alert_md: crisis.alert.trim().to_string(),
        helplines: crisis.helplines,
        checked: crisis.checked,
        text_md: crisis.text.trim().to_string(),
        resources: crisis
            .resources
            .into_iter()
            .map(|r| CrisisLine {
                region: r.region,
                name: r.name,
                contact: r.contact,
            })
            .collect(),
        last_checked: crisis.last_checked,
    }
}

fn blank_section(section: &Section) -> DocSection {
    let count = if section.repeat.is_some() {
        section.blank_entries()
    } else {
        1
    };
    let entries = (1..=count)
        .map(|number| DocEntry {
            number,
            label: None,
            items: gridded(
                section,
                section
                    .fields
                    .iter()
                    .enumerate()
                    // Computed values mean little on paper unless the worksheet gives them lines.
                    .filter(|(_, f)| f.kind() != FieldType::Computed || f.print.lines.is_some())
                    .map(|(i, f)| {
                        let index = section.repeat.is_some().then_some(number);
                        (i, item(section, f, index, None, None))
                    })
                    .collect(),
            ),
        })
        .collect();
    DocSection {
        id: section.id().to_string(),
        title: section.title.clone(),
        intro_md: section.intro.clone(),
        repeat: section.repeat.is_some(),
        circle: circle(section, None),
        table: None,
        compact: section.compact(),
        chart: None,
        entries,
    }
}

/// With `print.grid`, neighbouring single-choice questions that share their options become one
/// grid item; every other item stays as it is. `items` are (field index, item) in order.
fn gridded(section: &Section, items: Vec<(usize, Item)>) -> Vec<Item> {
    if !section.grid() {
        return items.into_iter().map(|(_, i)| i).collect();
    }
    let runs = section.grid_runs();
    let mut out: Vec<Item> = Vec::new();
    let mut open: Option<usize> = None; // the run the last grid item belongs to
    for (index, it) in items {
        let run = runs.iter().position(|r| r.contains(&index));
        let (Some(run), Answer::Choice { options, .. }) = (run, &it.answer) else {
            open = None;
            out.push(it);
            continue;
        };
        let row = GridRow {
            id: it.id.clone(),
            prompt: it.prompt.clone(),
            chosen: options.iter().position(|o| o.selected),
        };
        match (open == Some(run), out.last_mut()) {
            (
                true,
                Some(Item {
                    answer: Answer::Grid { rows, .. },
                    ..
                }),
            ) => rows.push(row),
            _ => {
                let columns = section.fields[runs[run].start]
                    .fixed_choices()
                    .iter()
                    .map(|c| c.label().to_string())
                    .collect();
                out.push(Item {
                    id: it.id.clone(),
                    prompt: String::new(),
                    help: None,
                    note: None,
                    answer: Answer::Grid {
                        columns,
                        rows: vec![row],
                    },
                });
                open = Some(run);
            }
        }
    }
    out
}

/// The closeness circle of a repeat group with `print.circle`: everyone on their ring (or
/// empty rings for a blank handout).
fn circle(section: &Section, entries: Option<&[CheckedEntry]>) -> Option<Circle> {
    let hint = section.print.circle.as_ref()?.get_ref();
    let ring_field = section.field(&hint.ring)?;
    let (lo, hi) = ring_field.int_bounds((1, 1));
    let mut rings: Vec<Ring> = (lo..=hi)
        .enumerate()
        .map(|(i, v)| Ring {
            number: i + 1,
            label: ring_field.anchor(v),
            people: Vec::new(),
        })
        .collect();
    for entry in entries.unwrap_or_default() {
        let get = |id: &str| entry.fields.iter().find(|f| f.id == id);
        let name = get(&hint.name).and_then(|f| {
            let v = f.value.as_ref()?;
            Some(match v {
                Value::Choice(c) => f
                    .options
                    .as_ref()
                    .and_then(|o| o.iter().find(|o| &o.value == c))
                    .map_or_else(|| c.clone(), |o| o.label.clone()),
                other => text_of(other),
            })
        });
        let ring = get(&hint.ring).and_then(|f| match f.value {
            Some(Value::Integer(r)) => Some(r),
            _ => None,
        });
        if let (Some(name), Some(r)) = (name, ring)
            && let Some(ring) = rings.get_mut((r - lo).max(0) as usize)
        {
            ring.people.push(name);
        }
    }
    Some(Circle {
        caption: hint.caption.clone().unwrap_or_default(),
        center: hint.center.clone().unwrap_or_default(),
        rings,
    })
}

fn filled_entry(section: &Section, number: usize, entry: &CheckedEntry) -> DocEntry {
    let index = section.repeat.is_some().then_some(number);
    let items = entry
        .fields
        .iter()
        .filter_map(|cf| {
            let at = section.fields.iter().position(|f| f.id() == cf.id)?;
            let field = &section.fields[at];
            Some((
                at,
                item(
                    section,
                    field,
                    index,
                    Some(cf.value.as_ref()),
                    cf.options.as_deref(),
                ),
            ))
        })
        .collect();
    DocEntry {
        number,
        label: entry.label.clone(),
        items: gridded(section, items),
    }
}

/// `value: None` = blank handout; `Some(None)` = not answered.
fn item(
    section: &Section,
    field: &Field,
    index: Option<usize>,
    value: Option<Option<&Value>>,
    options: Option<&[Opt]>,
) -> Item {
    let id = match index {
        Some(i) => format!("{}[{i}].{}", section.id(), field.id()),
        None => format!("{}.{}", section.id(), field.id()),
    };
    let answered = value.flatten();
    let lines = field.lines();
    let answer = match field.kind() {
        FieldType::Scale => {
            let (lo, hi) = field.int_bounds((0, 10));
            let chosen = match answered {
                Some(Value::Integer(i)) => Some(*i),
                _ => None,
            };
            let points = (lo..=hi)
                .map(|v| ScalePoint {
                    value: v,
                    label: field.anchor(v),
                    selected: chosen == Some(v),
                })
                .collect();
            Answer::Scale {
                min: lo,
                max: hi,
                value: chosen,
                points,
            }
        }
        FieldType::YesNo => Answer::YesNo {
            value: if let Some(Value::Bool(b)) = answered {
                Some(*b)
            } else {
                None
            },
        },
        FieldType::Choice | FieldType::MultiChoice => {
            let chosen: Vec<&str> = match answered {
                Some(Value::Choice(c)) => vec![c.as_str()],
                Some(Value::Choices(c)) => c.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let fixed = crate::answers::value::fixed_options(field);
            let opts: Vec<Opt> = options.map(<[Opt]>::to_vec).or(fixed).unwrap_or_default();
            let mut options: Vec<ChoiceOption> = opts
                .iter()
                .map(|o| ChoiceOption {
                    label: o.label.clone(),
                    selected: chosen.contains(&o.value.as_str()),
                })
                .collect();
            // A chosen value no longer among the options (e.g. a renamed person) is still shown.
            for c in &chosen {
                if !opts.iter().any(|o| o.value == *c) {
                    options.push(ChoiceOption {
                        label: c.to_string(),
                        selected: true,
                    });
                }
            }
            Answer::Choice {
                multiple: field.kind() == FieldType::MultiChoice,
                options,
                from_answers: field.choices_from.is_some(),
                other: field.allows_other(),
                lines: lines.max(1),
            }
        }
        FieldType::List => Answer::List {
            items: match answered {
                Some(Value::List(items)) => items.clone(),
                _ => Vec::new(),
            },
            lines,
        },
        FieldType::Computed => Answer::Computed {
            text: answered.map(text_of).filter(|t| !t.is_empty()),
        },
        FieldType::Text
        | FieldType::LongText
        | FieldType::Integer
        | FieldType::Decimal
        | FieldType::Date => Answer::Text {
            text: answered.map(text_of),
            long: field.kind() == FieldType::LongText,
            lines,
        },
    };
    Item {
        id,
        prompt: field.prompt.clone(),
        help: field.help.clone(),
        note: if value.is_none() {
            field.print.note.clone()
        } else {
            None
        },
        answer,
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Text(s) | Value::Choice(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Decimal(f) => format_float(*f),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Choices(v) | Value::List(v) => v.join(", "),
        Value::Computed(d) => d.to_text(),
    }
}
