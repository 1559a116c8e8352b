//! Working days, for the due date of a dossier: a procedure's processing time is counted in working days
//! (ngày làm việc), so weekends, public holidays (Labour Code 2019 art. 112) and the days the government
//! gives off in exchange for a make-up Saturday do not count. Which days those are is data
//! (`catalogue/holidays.json`), because the government announces them year by year.

pub mod lunar;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::nfc;
use crate::Text;

/// A day of the (proleptic) Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Date {
    /// `None` unless the day exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`, the only form dates take in data and in the API.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        Date::new(
            number(&b[0..4])? as i32,
            number(&b[5..7])? as u8,
            number(&b[8..10])? as u8,
        )
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    pub fn weekday(self) -> Weekday {
        // Julian day 0 was a Monday.
        match self.julian_day().rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// The date `days` later (earlier if negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_julian_day(self.julian_day() + days)
    }

    /// The Julian day number: days since 1 January 4713 BC (Julian calendar), a plain count that makes
    /// date arithmetic a subtraction.
    pub fn julian_day(self) -> i64 {
        let a = (14 - i64::from(self.month)) / 12;
        let y = i64::from(self.year) + 4800 - a;
        let m = i64::from(self.month) + 12 * a - 3;
        i64::from(self.day) + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The date in Vietnam (UTC+7) at a moment given in seconds since 1970: the date on slips and the
    /// start of due dates, whatever the server's or the device's time zone.
    pub fn in_vietnam(unix_seconds: i64) -> Date {
        const VIETNAM: i64 = 7 * 3600;
        const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
        Date::from_julian_day(UNIX_EPOCH_JULIAN_DAY + (unix_seconds + VIETNAM).div_euclid(86_400))
    }

    pub fn from_julian_day(jd: i64) -> Date {
        let a = jd + 32044;
        let b = (4 * a + 3) / 146097;
        let c = a - 146097 * b / 4;
        let d = (4 * c + 3) / 1461;
        let e = c - 1461 * d / 4;
        let m = (5 * e + 2) / 153;
        Date {
            year: (100 * b + d - 4800 + m / 10) as i32,
            month: (m + 3 - 12 * (m / 10)) as u8,
            day: (e - (153 * m + 2) / 5 + 1) as u8,
        }
    }
}

/// Dates travel as `YYYY-MM-DD` strings; anything else is refused when read, never taken as today.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Str(&s), &"a date as YYYY-MM-DD")
        })
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s).ok_or_else(|| format!("{s:?} is not a date as YYYY-MM-DD"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// What the data says about one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayYear {
    /// Where the days come from: the government's announcement, or the rules they were computed by.
    pub source: String,
    /// False while the days are computed from the Labour Code rather than announced; the government may
    /// still choose other days (it picks the Tết days and often swaps a day for a make-up Saturday).
    pub announced: bool,
}

/// The working-day calendar of state agencies.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: BTreeMap<i32, HolidayYear>,
    days_off: BTreeMap<Date, Text>,
    working_saturdays: BTreeMap<Date, Text>,
}

/// One year of `catalogue/holidays.json`, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearData {
    pub days_off: Vec<DatedName>,
    pub working_saturdays: Vec<DatedName>,
    pub source: String,
    pub announced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedName {
    pub date: String,
    pub name: Text,
}

/// The holiday data: years (`"2027"`) to what the government announced or the law implies for them.
pub type HolidayData = BTreeMap<String, YearData>;

/// The hour (Vietnam time) office hours end: a dossier submitted online from then on counts as
/// received the next working day.
pub const OFFICE_CLOSES_AT: i64 = 17;

impl Calendar {
    /// Builds the calendar from the holiday data (`catalogue/holidays.json`, read by whoever holds the
    /// file). Days off may fall on weekends (a holiday keeps its name); every date must lie in its year,
    /// none may be listed twice, and a working Saturday must be a Saturday.
    pub fn new(data: HolidayData) -> Result<Calendar, String> {
        let mut calendar = Calendar {
            years: BTreeMap::new(),
            days_off: BTreeMap::new(),
            working_saturdays: BTreeMap::new(),
        };
        for (key, value) in data {
            let year: i32 = Some(&key)
                .filter(|k| k.len() == 4 && k.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|k| k.parse().ok())
                .ok_or_else(|| format!("\"{key}\" is not a year"))?;
            for entry in value.days_off {
                let (date, name) = dated_name(entry, year)?;
                if calendar.days_off.insert(date, name).is_some() {
                    return Err(format!("{date} is listed twice"));
                }
            }
            for entry in value.working_saturdays {
                let (date, name) = dated_name(entry, year)?;
                if date.weekday() != Weekday::Saturday {
                    return Err(format!("working Saturday {date} is not a Saturday"));
                }
                if calendar.days_off.contains_key(&date)
                    || calendar.working_saturdays.insert(date, name).is_some()
                {
                    return Err(format!("{date} is listed twice"));
                }
            }
            calendar.years.insert(
                year,
                HolidayYear {
                    source: value.source,
                    announced: value.announced,
                },
            );
        }
        Ok(calendar)
    }

    /// What the data says about `year`; `None` for a year it does not cover, where only weekends are
    /// known to be off, so a due date computed into it is an estimate.
    pub fn year(&self, year: i32) -> Option<&HolidayYear> {
        self.years.get(&year)
    }

    /// The name of the holiday, compensatory or swapped day off that `date` is, if it is one.
    pub fn day_off(&self, date: Date) -> Option<&Text> {
        self.days_off.get(&date)
    }

    /// The name of the day off that a make-up Saturday works for, if `date` is one.
    pub fn working_saturday(&self, date: Date) -> Option<&Text> {
        self.working_saturdays.get(&date)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        match date.weekday() {
            Weekday::Sunday => false,
            Weekday::Saturday => self.working_saturdays.contains_key(&date),
            _ => !self.days_off.contains_key(&date),
        }
    }

    /// The day a dossier submitted online at `unix_seconds` counts as received, the first day its
    /// deadlines count from: the day itself in Vietnam if it is a working day and the office is still
    /// open (before 17:00); otherwise, after office hours or on a day off, the next working day.
    pub fn received_on(&self, unix_seconds: i64) -> Date {
        let day = Date::in_vietnam(unix_seconds);
        let hour = (unix_seconds + 7 * 3600).rem_euclid(86_400) / 3600;
        if self.is_working_day(day) && hour < OFFICE_CLOSES_AT {
            return day;
        }
        let mut date = day.add_days(1);
        while !self.is_working_day(date) {
            date = date.add_days(1);
        }
        date
    }

    /// The due date of a dossier received on `start` with a processing time of `n` working days.
    ///
    /// The count starts on the working day after receipt, so the day of receipt never counts: `n` = 1
    /// is the next working day. `n` = 0 (processed within the day) is `start` itself if it is a working
    /// day, else the next working day, when the agency is next open. A dossier received on a day off is
    /// treated alike: the count starts on the first working day after it. `start` is the day the agency
    /// received the dossier; one submitted online after office hours counts as received the next
    /// working day, and the caller passes that day.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut date = start;
        if n == 0 {
            while !self.is_working_day(date) {
                date = date.add_days(1);
            }
            return date;
        }
        let mut counted = 0;
        while counted < n {
            date = date.add_days(1);
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        date
    }

    /// The working days after `start` up to and including `end`: the inverse of `add_working_days` for
    /// `n` ≥ 1, and how late a dossier is when `start` is its due date. 0 if `end` is not after `start`.
    ///
    /// Counted, not walked: a list shows how far every dossier on it is from its deadline, and one
    /// overdue for years was thousands of steps through the holidays, on every read of the list.
    pub fn working_days_between(&self, start: Date, end: Date) -> u32 {
        use std::ops::Bound::{Excluded, Included};
        if end <= start {
            return 0;
        }
        // Mondays to Fridays before Julian day `jd` (day 0 was a Monday).
        let weekdays_before = |jd: i64| jd.div_euclid(7) * 5 + jd.rem_euclid(7).min(5);
        let range = (Excluded(start), Included(end));
        let off = self
            .days_off
            .range(range)
            .filter(|(d, _)| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
            .count();
        let saturdays = self
            .working_saturdays
            .range(range)
            .filter(|(d, _)| d.weekday() == Weekday::Saturday)
            .count();
        let weekdays =
            weekdays_before(end.julian_day() + 1) - weekdays_before(start.julian_day() + 1);
        (weekdays - off as i64 + saturdays as i64) as u32
    }

    /// The latest day a count of `n` working days can start from and still end by `end`
    /// (`add_working_days` of it is `end` or earlier): how late a piece of work taking `n` working
    /// days may begin. It may be a day off: starting on a Sunday ends where starting on Friday
    /// evening does.
    pub fn sub_working_days(&self, end: Date, n: u32) -> Date {
        let mut date = end;
        while !self.is_working_day(date) {
            date = date.add_days(-1);
        }
        if n == 0 {
            return date;
        }
        let mut counted = 1;
        while counted < n {
            date = date.add_days(-1);
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        date.add_days(-1)
    }
}

fn dated_name(entry: DatedName, year: i32) -> Result<(Date, Text), String> {
    let date = Date::parse(&entry.date)
        .ok_or_else(|| format!("\"{}\" is not a YYYY-MM-DD date", entry.date))?;
    if date.year() != year {
        return Err(format!("{date} is listed under {year}"));
    }
    Ok((
        date,
        Text {
            vi: nfc(&entry.name.vi),
            en: entry.name.en,
        },
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_travels_as_its_iso_string_and_a_bad_one_is_refused() {
        let d = Date::new(2026, 4, 30).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-04-30\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-04-30\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
        assert!(serde_json::from_str::<Date>("\"30/04/2026\"").is_err());
    }

    use super::*;

    const HOLIDAYS: &str = include_str!("../../../catalogue/holidays.json");

    #[test]
    fn dates_are_vietnamese() {
        assert_eq!(Date::in_vietnam(0).to_string(), "1970-01-01");
        // 2026-11-27 17:00 UTC is already the 28th in Vietnam.
        assert_eq!(Date::in_vietnam(1_795_798_800).to_string(), "2026-11-28");
        assert_eq!(
            Date::in_vietnam(1_795_798_800 - 3_600).to_string(),
            "2026-11-27"
        );
        assert_eq!(Date::in_vietnam(-1).to_string(), "1970-01-01");
    }

    /// `h`:`m` in Vietnam on day `d`, in seconds since 1970.
    fn vietnam_time(d: &str, h: i64, m: i64) -> i64 {
        (date(d).julian_day() - 2_440_588) * 86_400 + (h - 7) * 3600 + m * 60
    }

    #[test]
    fn a_dossier_submitted_after_office_hours_counts_as_received_the_next_working_day() {
        let cal = calendar();
        // Wednesday 22 April 2026.
        assert_eq!(
            cal.received_on(vietnam_time("2026-04-22", 16, 59)),
            date("2026-04-22")
        );
        assert_eq!(
            cal.received_on(vietnam_time("2026-04-22", 17, 0)),
            date("2026-04-23")
        );
        assert_eq!(
            cal.received_on(vietnam_time("2026-04-22", 21, 1)),
            date("2026-04-23")
        );
        // Friday 24 April at 21:01: Saturday, Sunday and the Hùng Kings' day off (Monday 27) are
        // skipped.
        assert_eq!(
            cal.received_on(vietnam_time("2026-04-24", 21, 1)),
            date("2026-04-28")
        );
        // Sunday morning is a day off whatever the hour.
        assert_eq!(
            cal.received_on(vietnam_time("2026-05-03", 9, 0)),
            date("2026-05-04")
        );
    }

    fn from_json(json: &str) -> Result<Calendar, String> {
        serde_json::from_str::<HolidayData>(json)
            .map_err(|e| e.to_string())
            .and_then(Calendar::new)
    }

    fn date(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    fn calendar() -> Calendar {
        from_json(HOLIDAYS).expect("catalogue/holidays.json is valid")
    }

    #[test]
    fn dates_parse_print_and_count() {
        let d = date("2024-02-29");
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(d.add_days(1), date("2024-03-01"));
        assert_eq!(d.add_days(-60), date("2023-12-31"));
        assert_eq!(date("2000-01-01").julian_day(), 2451545);
        assert_eq!(Date::from_julian_day(2451545), date("2000-01-01"));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-+1",
            "2024-01-01 ",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(date("2000-01-01").weekday(), Weekday::Saturday);
        assert_eq!(date("2024-02-10").weekday(), Weekday::Saturday);
        assert_eq!(date("2025-09-02").weekday(), Weekday::Tuesday);
        assert_eq!(date("2027-02-06").weekday(), Weekday::Saturday);
        assert_eq!(date("1945-09-02").weekday(), Weekday::Sunday);
    }

    #[test]
    fn the_data_loads_and_covers_2024_to_2030() {
        let cal = calendar();
        for year in 2024..=2030 {
            let info = cal.year(year).expect("year covered");
            assert!(!info.source.is_empty());
            assert_eq!(info.announced, year <= 2025, "{year}");
        }
        assert_eq!(cal.year(2031), None);
        assert_eq!(
            cal.day_off(date("2024-01-01")).map(|t| t.en.as_str()),
            Some("New Year's Day")
        );
    }

    /// The Labour Code's 11 days a year: the ones the data lists under the holidays' own names.
    #[test]
    fn every_year_has_the_statutory_holidays() {
        let cal = calendar();
        for year in 2024..=2030 {
            let count = |en: &str| {
                cal.days_off
                    .range(date(&format!("{year}-01-01"))..=date(&format!("{year}-12-31")))
                    .filter(|(_, name)| name.en == en)
                    .count()
            };
            assert_eq!(count("New Year's Day"), 1, "{year}");
            assert_eq!(count("Hùng Kings' Commemoration Day"), 1, "{year}");
            assert_eq!(count("Reunification Day"), 1, "{year}");
            assert_eq!(count("International Labour Day"), 1, "{year}");
            assert_eq!(count("National Day"), 2, "{year}");
            assert!(count("Lunar New Year (Tết)") >= 5, "{year}");
        }
    }

    /// Tết and the Hùng Kings' day in the data are where the lunar calendar puts them.
    #[test]
    fn lunar_holidays_in_the_data_agree_with_the_lunar_calendar() {
        let cal = calendar();
        for year in 2024..=2030 {
            let tet = lunar::lunar_to_solar(1, 1, year, false).expect("Tết exists");
            let tet_days: Vec<Date> = cal
                .days_off
                .iter()
                .filter(|(_, name)| name.en == "Lunar New Year (Tết)")
                .map(|(&d, _)| d)
                .filter(|d| d.add_days(-30) < tet && tet < d.add_days(30))
                .collect();
            // The eve and the first three days are off every year; the government places the rest.
            for d in [-1, 0, 1, 2].map(|i| tet.add_days(i)) {
                assert!(tet_days.contains(&d), "{year}: {d} is a day of Tết");
            }
            assert!(tet_days
                .iter()
                .all(|d| d.add_days(-7) < tet && tet < d.add_days(9)));
            if year >= 2027 {
                // Computed: the eve and the first four days, weekend ones included.
                assert_eq!(tet_days.first(), Some(&tet.add_days(-1)), "{year}");
                assert_eq!(tet_days.last(), Some(&tet.add_days(3)), "{year}");
            }

            let hung = lunar::lunar_to_solar(10, 3, year, false).expect("10/3 exists");
            let listed: Vec<Date> = cal
                .days_off
                .iter()
                .filter(|(_, name)| name.en == "Hùng Kings' Commemoration Day")
                .map(|(&d, _)| d)
                .filter(|d| d.year() == year)
                .collect();
            assert_eq!(listed, [hung], "{year}");
        }
    }

    /// A holiday on a weekend gives the next working day off, and the data says so.
    #[test]
    fn holidays_on_weekends_are_compensated() {
        let cal = calendar();
        // Hùng Kings' day 2026 is a Sunday: Monday 27 April is off instead.
        assert_eq!(date("2026-04-26").weekday(), Weekday::Sunday);
        assert!(!cal.is_working_day(date("2026-04-27")));
        assert_eq!(
            cal.add_working_days(date("2026-04-24"), 1),
            date("2026-04-28")
        );
        // New Year 2028 is a Saturday: Monday 3 January is off.
        assert!(!cal.is_working_day(date("2028-01-03")));
        // 30 April 2028 is a Sunday and 1 May a Monday: the compensation moves on to Tuesday.
        assert!(!cal.is_working_day(date("2028-05-02")));
        assert!(cal.is_working_day(date("2028-05-03")));
        for (day, name) in &cal.days_off {
            if name.en.starts_with("Compensatory") {
                assert!(
                    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday),
                    "{day}"
                );
            }
        }
    }

    #[test]
    fn weekends_do_not_count() {
        let cal = calendar();
        // Received Friday 7 June 2024: Monday is the 1st working day, Friday 14 the 5th.
        assert_eq!(
            cal.add_working_days(date("2024-06-07"), 1),
            date("2024-06-10")
        );
        assert_eq!(
            cal.add_working_days(date("2024-06-07"), 5),
            date("2024-06-14")
        );
        // Received on a Saturday: counting starts Monday.
        assert_eq!(
            cal.add_working_days(date("2024-06-08"), 1),
            date("2024-06-10")
        );
        assert_eq!(
            cal.add_working_days(date("2024-06-03"), 15),
            date("2024-06-24")
        );
    }

    #[test]
    fn zero_days_is_the_same_or_next_working_day() {
        let cal = calendar();
        assert_eq!(
            cal.add_working_days(date("2024-06-07"), 0),
            date("2024-06-07")
        );
        assert_eq!(
            cal.add_working_days(date("2024-06-08"), 0),
            date("2024-06-10")
        );
        // Received during Tết 2025 (Saturday 25 January to Sunday 2 February off).
        assert_eq!(
            cal.add_working_days(date("2025-01-28"), 0),
            date("2025-02-03")
        );
    }

    #[test]
    fn make_up_saturdays_are_working_days() {
        let cal = calendar();
        // 2024: Monday 29 April off, worked on Saturday 4 May instead.
        assert!(!cal.is_working_day(date("2024-04-29")));
        assert!(cal.is_working_day(date("2024-05-04")));
        assert!(cal.working_saturday(date("2024-05-04")).is_some());
        assert!(!cal.is_working_day(date("2024-05-11")));
        // Received Thursday 2 May: Friday 3 is the 1st working day, Saturday 4 the 2nd.
        assert_eq!(
            cal.add_working_days(date("2024-05-02"), 2),
            date("2024-05-04")
        );
        // 2025: Friday 2 May off, Saturday 26 April worked.
        assert_eq!(
            cal.add_working_days(date("2025-04-25"), 1),
            date("2025-04-26")
        );
        // 2026: Friday 2 January off, Saturday 10 January worked.
        assert!(!cal.is_working_day(date("2026-01-02")));
        assert!(cal.is_working_day(date("2026-01-10")));
    }

    #[test]
    fn across_reunification_and_labour_day() {
        let cal = calendar();
        // 2025: off Wednesday 30 April to Sunday 4 May, Saturday 26 April worked.
        assert_eq!(
            cal.add_working_days(date("2025-04-28"), 2),
            date("2025-05-05")
        );
        assert_eq!(
            cal.add_working_days(date("2025-04-28"), 3),
            date("2025-05-06")
        );
        // 2027: 30 April a Friday, 1 May a Saturday compensated on Monday 3 May.
        assert_eq!(
            cal.add_working_days(date("2027-04-29"), 1),
            date("2027-05-04")
        );
        // 2029: Monday 30 April and Tuesday 1 May.
        assert_eq!(
            cal.add_working_days(date("2029-04-27"), 3),
            date("2029-05-04")
        );
    }

    #[test]
    fn across_national_day() {
        let cal = calendar();
        // 2024: Monday 2 and Tuesday 3 September off.
        assert_eq!(
            cal.add_working_days(date("2024-08-30"), 1),
            date("2024-09-04")
        );
        // 2025: Monday 1 and Tuesday 2 September off.
        assert_eq!(
            cal.add_working_days(date("2025-08-29"), 1),
            date("2025-09-03")
        );
        // 2028: 2 September a Saturday: Friday 1 and, in compensation, Monday 4 off.
        assert_eq!(
            cal.add_working_days(date("2028-08-31"), 1),
            date("2028-09-05")
        );
    }

    #[test]
    fn across_tet_2027() {
        let cal = calendar();
        // Tết Đinh Mùi is Saturday 6 February 2027: the eve (Friday 5) and the first four days are off,
        // and the two that fall on the weekend are made good on Wednesday 10 and Thursday 11.
        let received = date("2027-02-03");
        assert_eq!(cal.add_working_days(received, 1), date("2027-02-04"));
        assert_eq!(cal.add_working_days(received, 2), date("2027-02-12"));
        assert_eq!(cal.add_working_days(received, 5), date("2027-02-17"));
        assert_eq!(cal.working_days_between(received, date("2027-02-17")), 5);
    }

    #[test]
    fn across_tet_2028() {
        let cal = calendar();
        // Tết Mậu Thân is Wednesday 26 January 2028: Tuesday 25 to Saturday 29 off, the Saturday made
        // good on Monday 31.
        let received = date("2028-01-21");
        assert_eq!(cal.add_working_days(received, 1), date("2028-01-24"));
        assert_eq!(cal.add_working_days(received, 2), date("2028-02-01"));
        assert_eq!(cal.add_working_days(received, 10), date("2028-02-11"));
    }

    #[test]
    fn between_inverts_add() {
        let cal = calendar();
        let mut start = date("2023-12-25");
        while start < date("2031-01-01") {
            for n in [1, 3, 15, 30] {
                let due = cal.add_working_days(start, n);
                assert_eq!(cal.working_days_between(start, due), n, "{start} + {n}");
            }
            start = start.add_days(3);
        }
        assert_eq!(
            cal.working_days_between(date("2024-06-10"), date("2024-06-03")),
            0
        );
    }

    #[test]
    fn between_counts_what_a_walk_day_by_day_would() {
        let cal = calendar();
        let mut start = date("2022-12-20");
        while start < date("2031-02-01") {
            let (mut day, mut walked) = (start, 0);
            for length in 1..=1200 {
                day = day.add_days(1);
                walked += u32::from(cal.is_working_day(day));
                if length % 37 == 0 || length < 20 {
                    assert_eq!(
                        cal.working_days_between(start, day),
                        walked,
                        "{start}..{day}"
                    );
                }
            }
            start = start.add_days(5);
        }
    }

    #[test]
    fn sub_is_the_latest_start_that_add_keeps_within_the_end() {
        let cal = calendar();
        let mut end = date("2023-12-25");
        while end < date("2031-01-01") {
            for n in [0, 1, 3, 15, 30] {
                let start = cal.sub_working_days(end, n);
                assert!(cal.add_working_days(start, n) <= end, "{end} - {n}");
                assert!(
                    cal.add_working_days(start.add_days(1), n) > end,
                    "{end} - {n}"
                );
            }
            end = end.add_days(1);
        }
        // Tết 2027 (Friday 5 to Thursday 11 February off): two working days ending by Friday 12
        // start by Wednesday 3, the 4th and the 12th being the two.
        assert_eq!(
            cal.sub_working_days(date("2027-02-12"), 2),
            date("2027-02-03")
        );
    }

    #[test]
    fn bad_data_is_refused_with_a_reason() {
        let entry = |date: &str| format!(r#"{{"date":"{date}","name":{{"vi":"x","en":"x"}}}}"#);
        let year = |year: &str, off: &str, sat: &str| {
            format!(
                r#"{{"{year}":{{"days_off":[{off}],"working_saturdays":[{sat}],"source":"s","announced":true}}}}"#
            )
        };
        let ok = year("2024", &entry("2024-01-01"), &entry("2024-05-04"));
        assert!(from_json(&ok).is_ok());
        let cases = [
            (year("2024", &entry("2025-01-01"), ""), "listed under 2024"),
            (
                year("2024", &entry("2024-05-03"), &entry("2024-05-03")),
                "not a Saturday",
            ),
            (
                year("2024", &entry("2024-05-04"), &entry("2024-05-04")),
                "twice",
            ),
            (year("2024", &entry("2024-02-30"), ""), "not a YYYY-MM-DD"),
            (year("24", "", ""), "not a year"),
            (
                ok.replace("\"announced\"", "\"anounced\""),
                "unknown field `anounced`",
            ),
            (ok.replace("true", "1"), "expected a boolean"),
        ];
        for (json, expected) in cases {
            let err = from_json(&json).expect_err(&json);
            assert!(err.contains(expected), "{json}: {err}");
        }
    }
}
