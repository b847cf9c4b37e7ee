//! The calendar writer: any plan inputs the schedule accepts give a calendar whose lines are
//! folded at 75 octets, end in CRLF and carry no control character but tab.
#![no_main]

use ipt::answers::date::Date;
use ipt::plan::ics::{Details, calendar};
use ipt::plan::{Cadence, Inputs};
use libfuzzer_sys::arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

fn inputs(u: &mut Unstructured<'_>) -> libfuzzer_sys::arbitrary::Result<Inputs> {
    let day = |u: &mut Unstructured<'_>| -> libfuzzer_sys::arbitrary::Result<Date> {
        Ok(Date::from_ordinal(u.int_in_range(0..=3_652_058)?).expect("in range"))
    };
    let areas = [
        "grief",
        "role-dispute",
        "role-transition",
        "interpersonal-deficits",
    ];
    let variants = ["adult", "adolescent", "group", "brief"];
    Ok(Inputs {
        client: Option::<String>::arbitrary(u)?,
        start: day(u)?,
        weeks: u32::arbitrary(u)?,
        cadence: if bool::arbitrary(u)? {
            Cadence::Weekly
        } else {
            Cadence::Biweekly
        },
        weekday: Option::<u8>::arbitrary(u)?.map(|d| (d % 7, "day".to_string())),
        time: Option::<String>::arbitrary(u)?,
        minutes: u32::arbitrary(u)?,
        variant: u.choose(&variants)?.to_string(),
        area: u.choose(&areas)?.to_string(),
        second_area: None,
        goals: Vec::<String>::arbitrary(u)?,
        measures: vec!["phq9".into()],
        every: u32::arbitrary(u)?.max(1),
        skips: (0..u.int_in_range(0..=20)?)
            .map(|_| day(u))
            .collect::<Result<_, _>>()?,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(inputs) = inputs(&mut u) else {
        return;
    };
    let resources = &ipt_fuzz::catalog().resources;
    let Ok(schedule) =
        ipt::plan::schedule::schedule(&inputs, &resources.plan, &resources.problem_areas)
    else {
        return;
    };
    let text = calendar(
        &inputs,
        &schedule,
        "20270101T000000Z",
        "0123456789abcdef0123456789abcdef",
        Details::Full,
        |p| format!("{p:?}"),
    );
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        // RFC 5545 TEXT allows a tab (WSP), no other control character.
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in a calendar line"
        );
    }
});
