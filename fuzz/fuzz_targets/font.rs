//! A `--font` file from anywhere: any bytes as a fallback font give a PDF or a font error,
//! never a panic (the font parser's panics are caught and reported) or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let catalog = ipt_fuzz::catalog();
    let sheet = catalog.find("phq9").expect("built-in worksheet");
    let doc = ipt::document::build(&sheet, None, &catalog.resources);
    let options = ipt::render::RenderOptions {
        client: Some("日本語 Zoë ✓".into()),
        fonts: vec![ipt::render::FontFile {
            name: "fuzz.ttf".into(),
            bytes: data.to_vec(),
        }],
        ..Default::default()
    };
    let _ = ipt::render::render(
        &doc,
        ipt::render::Format::Pdf,
        catalog.template_loader(),
        &options,
    );
});
