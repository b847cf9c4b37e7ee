//! The worksheet parser and validator: any text gives a worksheet or diagnostics, never a panic
//! or a hang; a worksheet that passes makes a skeleton and a blank document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = ipt_fuzz::catalog();
    match ipt::spec::parse_worksheet("fuzz.toml", text, &catalog.resources) {
        Ok(sheet) => {
            let _ = ipt::answers::write::skeleton(&sheet, None);
            let doc = ipt::document::build(&sheet, None, &catalog.resources);
            ipt_fuzz::markdown(&doc);
        }
        Err(problems) => {
            for p in problems {
                ipt_fuzz::assert_nothing_hidden(&ipt::visible::show(&p.to_string()));
            }
        }
    }
});
