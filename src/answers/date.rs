//! A calendar date (`YYYY-MM-DD`), parsed by us so people get our messages, not Rust's.

use std::fmt;

/// A valid proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date if it exists on the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (also accepts `/` or `.` as separators).
    pub fn parse(text: &str) -> Option<Date> {
        let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
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
        let y = i64::from(self.year) - 1;
        let mut days = y * 365 + y / 4 - y / 100 + y / 400;
        for m in 1..self.month {
            days += i64::from(days_in_month(self.year, m));
        }
        days + i64::from(self.day) - 1
    }

    /// The date `ordinal` days after 0001-01-01.
    pub fn from_ordinal(ordinal: i64) -> Date {
        let mut year = (ordinal / 366).max(0) as i32 + 1;
        while Date::new(year + 1, 1, 1).is_some_and(|d| d.ordinal() <= ordinal) {
            year += 1;
        }
        let mut rest = ordinal
            - Date {
                year,
                month: 1,
                day: 1,
            }
            .ordinal();
        let mut month = 1;
        while rest >= i64::from(days_in_month(year, month)) {
            rest -= i64::from(days_in_month(year, month));
            month += 1;
        }
        Date {
            year,
            month,
            day: rest as u8 + 1,
        }
    }

    /// The UTC date of a Unix time, and the seconds since that midnight.
    pub fn from_unix(epoch: i64) -> (Date, i64) {
        let epoch_day = Date {
            year: 1970,
            month: 1,
            day: 1,
        }
        .ordinal();
        (
            Date::from_ordinal(epoch_day + epoch.div_euclid(86_400)),
            epoch.rem_euclid(86_400),
        )
    }

    /// The date `days` later (or earlier, if negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_ordinal(self.ordinal() + days)
    }

    /// The day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        (self.ordinal() % 7) as u8
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
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

    #[test]
    fn real_dates_parse_and_impossible_ones_do_not() {
        assert_eq!(Date::parse("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(Date::parse("2027/1/5").unwrap().to_string(), "2027-01-05");
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("next tuesday").is_none());
    }

    #[test]
    fn days_are_added_across_month_year_and_leap_day_ends() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2027-01-11").add_days(13 * 7).to_string(), "2027-04-12");
        assert_eq!(d("2026-12-28").add_days(7).to_string(), "2027-01-04");
        assert_eq!(d("2028-02-22").add_days(7).to_string(), "2028-02-29");
        assert_eq!(d("2028-02-29").add_days(1).to_string(), "2028-03-01");
        assert_eq!(d("2027-03-01").add_days(-1).to_string(), "2027-02-28");
        for s in ["0001-01-01", "1999-12-31", "2000-02-29", "2100-03-01"] {
            assert_eq!(Date::from_ordinal(d(s).ordinal()), d(s));
        }
    }

    #[test]
    fn unix_times_become_utc_dates() {
        assert_eq!(Date::from_unix(0), (Date::parse("1970-01-01").unwrap(), 0));
        assert_eq!(
            Date::from_unix(951_782_400 + 3_661).0.to_string(),
            "2000-02-29"
        );
        assert_eq!(Date::from_unix(951_782_400 + 3_661).1, 3_661);
        assert_eq!(Date::from_unix(-1).0.to_string(), "1969-12-31");
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
}
