//! `--set` arguments (one per line) on top of the inventory's answers, through the gate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sets: Vec<_> = text
        .lines()
        .enumerate()
        .filter_map(|(i, a)| ipt::answers::set::parse(i + 1, a).ok())
        .collect();
    let catalog = ipt_fuzz::catalog();
    for id in ["inventory", "plan"] {
        let sheet = catalog.find(id).expect("built-in worksheet");
        let mut raw = ipt::answers::RawAnswers::default();
        if ipt::answers::set::apply(&sheet.spec, &mut raw, &sets).is_err() {
            continue;
        }
        let used = ipt::commands::used::expression_data(catalog, &sheet, &[]).expect("data");
        if let Ok(checked) =
            ipt::answers::check_with(&sheet.spec, &raw, ipt::answers::Mode::FINAL, &used)
        {
            ipt_fuzz::markdown(&ipt::document::build(
                &sheet,
                Some(&checked),
                &catalog.resources,
            ));
        }
    }
});
