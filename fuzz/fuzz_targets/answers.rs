//! The answers gate: any answers file, for the worksheet it names, is checked into answers or
//! problems; checked answers make a document whose Markdown carries nothing hidden.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = ipt::answers::file::parse("fuzz.toml", text) else {
        return;
    };
    let catalog = ipt_fuzz::catalog();
    let Ok(sheet) = catalog.find(&file.meta.worksheet) else {
        return;
    };
    let Ok(used) = ipt::commands::used::expression_data(catalog, &sheet, &[]) else {
        return;
    };
    for mode in [
        ipt::answers::Mode::FINAL,
        ipt::answers::Mode {
            apply_defaults: false,
            require_complete: false,
        },
    ] {
        if let Ok(checked) = ipt::answers::check_with(&sheet.spec, &file.answers, mode, &used) {
            let doc = ipt::document::build(&sheet, Some(&checked), &catalog.resources);
            ipt_fuzz::markdown(&doc);
        }
    }
    // What an interview would save reads back.
    let saved = ipt::answers::write::answers_file(&sheet, &file);
    assert!(
        ipt::answers::file::parse("saved.toml", &saved).is_ok(),
        "{saved}"
    );
});
