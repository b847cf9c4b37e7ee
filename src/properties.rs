//! Property tests over the entry points the fuzz targets drive (fuzz/, docs/fuzzing.md): the
//! worksheet parser and validator, the answers gate, `--set`, the PDF layout of any text and the
//! calendar writer. Bounded case counts keep them in the normal test suite; the fuzzers search
//! far wider, outside it.
//!
//! Owns: tests only.

use proptest::prelude::*;

use crate::answers::date::Date;
use crate::answers::{self, Mode, Origin, RawAnswers, RawInput, RawValue, Slot};
use crate::plan::ics::{Details, calendar};
use crate::plan::{Cadence, Inputs};
use crate::render::{Format, RenderOptions, render};
use crate::spec::catalog::{Catalog, Sources};
use crate::visible::first_hidden;

fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::discover(&Sources::default()).unwrap())
}

fn markdown_is_clean(doc: &crate::document::Document) -> Result<(), TestCaseError> {
    if let Ok(r) = render(
        doc,
        Format::Md,
        catalog().template_loader(),
        &RenderOptions::default(),
    ) {
        let text = String::from_utf8(r.bytes).unwrap();
        prop_assert_eq!(first_hidden(&text), None);
    }
    Ok(())
}

/// Any text, with the hidden characters hostile files use weighted in.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            1 => prop::sample::select(vec!['\u{1b}', '\u{7}', '\0', '\r', '\u{202E}', '\u{9b}', '\n']),
        ],
        0..80,
    )
    .prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A built-in worksheet with a piece cut out or a string spliced in parses or gives
    /// diagnostics at real lines, never a panic.
    #[test]
    fn a_mangled_worksheet_gives_a_worksheet_or_located_problems(
        which in 0usize..22,
        at in any::<prop::sample::Index>(),
        cut in 0usize..200,
        splice in hostile_text(),
    ) {
        let entries = catalog().entries();
        let entry = &entries[which % entries.len()];
        let Ok(sheet) = &entry.result else { return Ok(()) };
        let text = &sheet.text;
        let mut start = at.index(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mangled = format!("{}{splice}{}", &text[..start], &text[end..]);
        let lines = mangled.lines().count() + 1;
        match crate::spec::parse_worksheet("w.toml", &mangled, &catalog().resources) {
            Ok(sheet) => {
                let doc = crate::document::build(&sheet, None, &catalog().resources);
                markdown_is_clean(&doc)?;
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    if let Some(pos) = p.position {
                        prop_assert!(pos.line <= lines);
                    }
                }
            }
        }
    }

    /// Any answers given to the inventory (text, numbers, lists, hidden characters) pass the
    /// gate or give problems; what passes prints with nothing hidden.
    #[test]
    fn any_answers_pass_the_gate_or_give_problems_and_print_clean(
        values in prop::collection::vec((0usize..6, hostile_text(), any::<i64>()), 1..12),
    ) {
        let sheet = catalog().find("inventory").unwrap();
        let mut raw = RawAnswers::default();
        raw.push_entry("people");
        let slots = ["about.name", "about.date", "people[1].name", "people[1].relationship",
            "people[1].together", "people[1].contact"];
        for (i, (slot, text, n)) in values.iter().enumerate() {
            let input = match i % 3 {
                0 => RawInput::Text(text.clone()),
                1 => RawInput::Toml(toml::Value::String(text.clone())),
                _ => RawInput::Toml(toml::Value::Array(vec![toml::Value::String(text.clone()), toml::Value::Integer(*n)])),
            };
            let origin = if i % 2 == 0 { Origin::Set(i + 1) } else { Origin::Prompt };
            raw.set(&Slot::parse(slots[*slot]).unwrap(), RawValue { input, origin });
        }
        if let Ok(checked) = answers::check(&sheet.spec, &raw, Mode::FINAL) {
            markdown_is_clean(&crate::document::build(&sheet, Some(&checked), &catalog().resources))?;
        }
    }

    /// Any answers file text (TOML-shaped or not) is read or refused with problems.
    #[test]
    fn any_answers_file_text_is_read_or_refused(
        body in hostile_text(),
        key in "[a-z_\\[\\]. =\"]{0,20}",
    ) {
        let text = format!("[meta]\nworksheet = \"inventory\"\n[answers.about]\n{key}{body}\n");
        if let Ok(file) = answers::file::parse("a.toml", &text) {
            let sheet = catalog().find("inventory").unwrap();
            let _ = answers::check(&sheet.spec, &file.answers, Mode::FINAL);
        }
    }

    /// Any `--set` argument is parsed or refused; what is parsed goes through the gate.
    #[test]
    fn any_set_argument_is_parsed_or_refused(arg in "(about|people\\[[0-9]{1,3}\\])?\\.?[a-z_]{0,10}=?.{0,30}") {
        if let Ok(set) = answers::set::parse(1, &arg) {
            let sheet = catalog().find("inventory").unwrap();
            let mut raw = RawAnswers::default();
            if answers::set::apply(&sheet.spec, &mut raw, &[set]).is_ok() {
                let _ = answers::check(&sheet.spec, &raw, Mode::FINAL);
            }
        }
    }

    /// Any calendar the schedule accepts folds at 75 octets and carries no control character but
    /// tab (which RFC 5545 TEXT allows).
    #[test]
    fn any_plan_makes_a_well_formed_calendar(
        start in 0i64..3_652_059,
        weeks in any::<u32>(),
        minutes in any::<u32>(),
        biweekly in any::<bool>(),
        weekday in prop::option::of(0u8..7),
        client in prop::option::of(hostile_text()),
        goals in prop::collection::vec(hostile_text(), 0..3),
        time in prop::option::of("[0-9:]{0,6}"),
        skips in prop::collection::vec(0i64..3_652_059, 0..4),
    ) {
        let inputs = Inputs {
            client,
            start: Date::from_ordinal(start).unwrap(),
            weeks: weeks % 60,
            cadence: if biweekly { Cadence::Biweekly } else { Cadence::Weekly },
            weekday: weekday.map(|d| (d, "day".into())),
            time,
            minutes,
            variant: "adult".into(),
            area: "grief".into(),
            second_area: None,
            stage: None,
            afraid: false,
            parent: false,
            self_harm: false,
            goals,
            measures: vec!["phq9".into()],
            every: 4,
            skips: skips.into_iter().filter_map(Date::from_ordinal).collect(),
            moves: Vec::new(),
        };
        let r = &catalog().resources;
        if let Ok(schedule) = crate::plan::schedule::schedule(&inputs, &r.plan, &r.problem_areas) {
            let text = calendar(&inputs, &schedule, "20270101T000000Z", "0123456789abcdef", Details::Full, |p| format!("{p:?}"));
            prop_assert!(text.ends_with("\r\n"));
            for line in text.split("\r\n") {
                prop_assert!(line.len() <= 75);
                prop_assert!(!line.chars().any(|c| c.is_control() && c != '\t'));
            }
        }
    }
}

proptest! {
    // A PDF takes a while to make: a few cases here, the fuzzer does the rest.
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Any text (long words, any script, hidden characters) is laid out into a PDF.
    #[test]
    fn any_text_is_laid_out_into_a_pdf(name in hostile_text(), long in hostile_text(), repeat in 1usize..40) {
        let sheet = catalog().find("inventory").unwrap();
        let mut raw = RawAnswers::default();
        raw.push_entry("people");
        let put = |raw: &mut RawAnswers, slot: &str, value: String| raw.set(
            &Slot::parse(slot).unwrap(),
            RawValue { input: RawInput::Text(value), origin: Origin::Set(1) },
        );
        put(&mut raw, "about.name", name.chars().take(50).collect());
        put(&mut raw, "people[1].name", "Dev".into());
        put(&mut raw, "people[1].relationship", "friend".into());
        put(&mut raw, "people[1].together", long.repeat(repeat));
        if let Ok(checked) = answers::check(&sheet.spec, &raw, Mode::FINAL) {
            let doc = crate::document::build(&sheet, Some(&checked), &catalog().resources);
            let options = RenderOptions { client: Some(name), ..Default::default() };
            let pdf = render(&doc, Format::Pdf, catalog().template_loader(), &options);
            prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
        }
    }
}
