//! A calendar date (`YYYY-MM-DD`), parsed by us so people get our messages, not Rust's; the
//! calendar arithmetic is the `time` crate's.
//!
//! Owns: the dates `ipt` accepts (years 1 to 9999) and every conversion between them, day
//! numbers and Unix times. Every operation that could leave that range says so (`None`) instead
//! of wrapping, looping or printing an impossible date.

use std::fmt;

/// A valid proleptic Gregorian date, years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The first and last years a date may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// The Julian day number of 0001-01-01 (day numbers here count from that date).
const DAY_ONE: i32 = 1_721_426;

impl Date {
    /// A date if it exists on the calendar (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !YEARS.contains(&year) {
            return None;
        }
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date::from_time)
    }

    fn from_time(d: time::Date) -> Date {
        Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day(),
        }
    }

    fn to_time(self) -> Option<time::Date> {
        time::Date::from_calendar_date(self.year, time::Month::try_from(self.month).ok()?, self.day)
            .ok()
    }

    /// Parses `YYYY-MM-DD` (also accepts `/` or `.` as separators).
    pub fn parse(text: &str) -> Option<Date> {
        let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4
            || m.is_empty()
            || m.len() > 2
            || d.is_empty()
            || d.len() > 2
            || !(digits(y) && digits(m) && digits(d))
        {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// From a TOML date (a local date, without time).
    pub fn from_toml(dt: &toml::value::Datetime) -> Option<Date> {
        if dt.time.is_some() || dt.offset.is_some() {
            return None;
        }
        let d = dt.date?;
        Date::new(i32::from(d.year), d.month, d.day)
    }

    /// As a TOML date.
    pub fn to_toml(self) -> toml::value::Datetime {
        toml::value::Datetime {
            date: Some(toml::value::Date {
                year: self.year as u16,
                month: self.month,
                day: self.day,
            }),
            time: None,
            offset: None,
        }
    }

    /// Days since 0001-01-01, for comparisons and ranges.
    pub fn ordinal(self) -> i64 {
        self.to_time()
            .map_or(0, |d| i64::from(d.to_julian_day() - DAY_ONE))
    }

    /// The date `ordinal` days after 0001-01-01, if it is within years 1 to 9999.
    pub fn from_ordinal(ordinal: i64) -> Option<Date> {
        let julian = i32::try_from(ordinal.checked_add(i64::from(DAY_ONE))?).ok()?;
        let d = time::Date::from_julian_day(julian).ok()?;
        YEARS.contains(&d.year()).then(|| Date::from_time(d))
    }

    /// The UTC date of a Unix time and the seconds since that midnight, if the date is within
    /// years 1 to 9999.
    pub fn from_unix(epoch: i64) -> Option<(Date, i64)> {
        let epoch_day = Date::new(1970, 1, 1)?.ordinal();
        let date = Date::from_ordinal(epoch_day.checked_add(epoch.div_euclid(86_400))?)?;
        Some((date, epoch.rem_euclid(86_400)))
    }

    /// The date `days` later (or earlier, if negative), if it is within years 1 to 9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_ordinal(self.ordinal().checked_add(days)?)
    }

    /// The day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        self.to_time()
            .map_or(0, |d| d.weekday().number_days_from_monday())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_dates_parse_and_impossible_ones_do_not() {
        assert_eq!(Date::parse("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(Date::parse("2027/1/5").unwrap().to_string(), "2027-01-05");
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "9999-13-01",
            "0000-01-01",
            "2027-+1-05",
            "next tuesday",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn days_are_added_across_month_year_and_leap_day_ends() {
        let d = |s| Date::parse(s).unwrap();
        let add = |s, n| d(s).add_days(n).unwrap().to_string();
        assert_eq!(add("2027-01-11", 13 * 7), "2027-04-12");
        assert_eq!(add("2026-12-28", 7), "2027-01-04");
        assert_eq!(add("2028-02-22", 7), "2028-02-29");
        assert_eq!(add("2028-02-29", 1), "2028-03-01");
        assert_eq!(add("2027-03-01", -1), "2027-02-28");
        for s in ["0001-01-01", "1999-12-31", "2000-02-29", "2100-03-01"] {
            assert_eq!(Date::from_ordinal(d(s).ordinal()), Some(d(s)));
        }
    }

    #[test]
    fn dates_never_leave_years_1_to_9999() {
        let last = Date::parse("9999-12-31").unwrap();
        assert_eq!(last.add_days(1), None);
        assert_eq!(Date::parse("0001-01-01").unwrap().add_days(-1), None);
        assert_eq!(last.add_days(i64::MAX), None);
        assert_eq!(Date::from_ordinal(i64::MIN), None);
    }

    #[test]
    fn unix_times_become_utc_dates() {
        let day = |e| Date::from_unix(e).unwrap();
        assert_eq!(day(0), (Date::parse("1970-01-01").unwrap(), 0));
        assert_eq!(day(951_782_400 + 3_661).0.to_string(), "2000-02-29");
        assert_eq!(day(951_782_400 + 3_661).1, 3_661);
        assert_eq!(day(-1).0.to_string(), "1969-12-31");
        assert_eq!(day(253_402_300_799).0.to_string(), "9999-12-31");
        assert_eq!(Date::from_unix(253_402_300_800), None, "year 10000");
        assert_eq!(Date::from_unix(i64::MAX), None);
        assert_eq!(Date::from_unix(i64::MIN), None);
    }

    #[test]
    fn weekdays_count_from_monday() {
        assert_eq!(Date::parse("2027-01-11").unwrap().weekday(), 0, "a Monday");
        assert_eq!(
            Date::parse("2026-11-25").unwrap().weekday(),
            2,
            "a Wednesday"
        );
    }

    #[test]
    fn ordinals_order_dates_across_month_and_year_ends() {
        let a = Date::parse("2026-12-31").unwrap();
        let b = Date::parse("2027-01-01").unwrap();
        assert_eq!(b.ordinal() - a.ordinal(), 1);
    }

    /// Every day from 0001-01-01 to 9999-12-31.
    const DAYS: i64 = 3_652_059;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_day_number_is_one_date_that_prints_and_parses_back(n in 0..DAYS) {
            let d = Date::from_ordinal(n).unwrap();
            prop_assert_eq!(d.ordinal(), n);
            prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
            prop_assert_eq!(Date::from_toml(&d.to_toml()), Some(d));
            prop_assert!(YEARS.contains(&d.year));
        }

        #[test]
        fn no_day_number_outside_the_range_is_a_date(n in any::<i64>()) {
            prop_assert_eq!(Date::from_ordinal(n).is_some(), (0..DAYS).contains(&n));
        }

        #[test]
        fn adding_days_is_consistent_with_day_numbers_and_weekdays(
            n in 0..DAYS,
            k in -20_000i64..20_000,
        ) {
            let d = Date::from_ordinal(n).unwrap();
            match d.add_days(k) {
                Some(e) => {
                    prop_assert_eq!(e.ordinal(), n + k);
                    prop_assert_eq!(i64::from(e.weekday()), (i64::from(d.weekday()) + k).rem_euclid(7));
                    prop_assert_eq!(e.add_days(-k), Some(d));
                }
                None => prop_assert!(!(0..DAYS).contains(&(n + k))),
            }
        }

        #[test]
        fn any_unix_time_gives_a_real_date_or_none(epoch in any::<i64>()) {
            if let Some((d, secs)) = Date::from_unix(epoch) {
                prop_assert!((0..86_400).contains(&secs));
                prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
            } else {
                prop_assert!(!(-62_135_596_800..=253_402_300_799).contains(&epoch));
            }
        }

        #[test]
        fn any_text_parses_to_a_real_date_or_none(text in ".{0,16}") {
            if let Some(d) = Date::parse(&text) {
                prop_assert!(Date::new(d.year, d.month, d.day).is_some());
            }
        }
    }
}
