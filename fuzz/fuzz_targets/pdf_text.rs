//! PDF layout of arbitrary text: any answers (long words, no spaces, any script, controls) are
//! measured, wrapped and paginated into a PDF, never a panic or an endless loop.
#![no_main]

use ipt::answers::{Origin, RawAnswers, RawInput, RawValue, Slot};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{1}');
    let (name, long, other) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let catalog = ipt_fuzz::catalog();
    let sheet = catalog.find("inventory").expect("built-in worksheet");
    let mut raw = RawAnswers::default();
    raw.push_entry("people");
    let put = |raw: &mut RawAnswers, slot: &str, value: &str| {
        raw.set(
            &Slot::parse(slot).expect("slot"),
            RawValue {
                input: RawInput::Text(value.to_string()),
                origin: Origin::Set(1),
            },
        );
    };
    put(&mut raw, "about.name", name);
    put(&mut raw, "people[1].name", name);
    put(&mut raw, "people[1].relationship", "other");
    put(&mut raw, "people[1].relationship_other", other);
    put(&mut raw, "people[1].together", long);
    put(&mut raw, "people[1].cannot_talk", other);
    let Ok(checked) = ipt::answers::check(&sheet.spec, &raw, ipt::answers::Mode::FINAL) else {
        return;
    };
    let doc = ipt::document::build(&sheet, Some(&checked), &catalog.resources);
    let options = ipt::render::RenderOptions {
        client: Some(name.to_string()),
        ..Default::default()
    };
    let _ = ipt::render::render(
        &doc,
        ipt::render::Format::Pdf,
        catalog.template_loader(),
        &options,
    );
});
