//! The Vietnamese lunisolar calendar (âm lịch), which places Tết and the Hùng Kings' day.
//!
//! The rules are the Chinese ones reckoned for Vietnam's meridian: a month starts on the day of a new
//! moon; month 11 is the month containing the winter solstice; when 13 months lie between two months 11,
//! the first of them that contains no major solar term (a multiple of 30° of the sun's longitude) is a leap
//! month and repeats the number of the month before it. Days are civil days of UTC+7, the zone Vietnam
//! has reckoned its calendar in since 1968, which is why Vietnamese and Chinese dates sometimes differ
//! (Tết 1985: 21 January in Vietnam, 20 February in China).
//!
//! New moons and the sun's longitude come from the series in Jean Meeus, *Astronomical Algorithms*
//! (2nd ed., chapters 25 and 49), good to a minute or so over 1900–2100; a day is misplaced only when a
//! new moon or a solar term falls within that minute of local midnight. Checked against a full
//! ephemeris (VSOP87 and ELP), every month of 1900–2100 starts on the same day except three whose new
//! moon falls within 45 seconds of midnight (July 1967, November 2077, October 2085).

use std::f64::consts::PI;

use super::Date;

/// A day of the lunar calendar. `year` is the lunar year, which starts at Tết, so the last days of a
/// lunar year fall in January or February of the next solar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LunarDate {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 30.
    pub day: u8,
    /// The leap (nhuận) month, which repeats the number of the month before it.
    pub leap: bool,
}

const UTC_OFFSET_DAYS: f64 = 7.0 / 24.0;
const SYNODIC_MONTH: f64 = 29.530588861;
/// Julian ephemeris date of the new moon of 6 January 2000, lunation 0 in Meeus's numbering.
const LUNATION_ZERO: f64 = 2451550.09766;
/// Julian date of 1 January 2000, 12:00 TT, the epoch of the sun's series.
const J2000: f64 = 2451545.0;

/// The solar date of a lunar date, or `None` if there is no such day: a month past 12, a 30th in a
/// 29-day month, or `leap` for a month that is not repeated that year.
pub fn lunar_to_solar(day: u8, month: u8, year: i32, leap: bool) -> Option<Date> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    // Months 11 and 12 of a lunar year lie before the solstice that starts the next year's months.
    let span = Span::new(if month >= 11 { year + 1 } else { year });
    let i = (0..span.len()).find(|&i| span.month(i) == (year, month, leap))?;
    let (start, end) = (span.starts[i], span.starts[i + 1]);
    (i64::from(day) <= end - start).then(|| Date::from_julian_day(start + i64::from(day) - 1))
}

/// The lunar date of a solar date.
pub fn solar_to_lunar(date: Date) -> LunarDate {
    let jd = date.julian_day();
    let span = Span::new(if jd >= month_11_start(date.year()) {
        date.year() + 1
    } else {
        date.year()
    });
    let i = span.starts.partition_point(|&start| start <= jd) - 1;
    let (year, month, leap) = span.month(i);
    LunarDate {
        year,
        month,
        day: (jd - span.starts[i] + 1) as u8,
        leap,
    }
}

/// The months from month 11 of lunar year `year - 1` up to, not including, month 11 of `year`: the unit
/// within which the leap month is decided.
struct Span {
    year: i32,
    /// Julian day numbers of the months' first days, then that of the next month 11.
    starts: Vec<i64>,
    /// Index of the leap month, in a span of 13 months.
    leap: Option<usize>,
}

impl Span {
    fn new(year: i32) -> Span {
        let first = month_11_start(year - 1);
        let next = month_11_start(year);
        let lunation = ((first as f64 - LUNATION_ZERO) / SYNODIC_MONTH).round() as i64;
        let months = if next - first > 365 { 13 } else { 12 };
        let starts: Vec<i64> = (0..=months).map(|i| new_moon_day(lunation + i)).collect();
        // Between the two solstices lie 11 major terms and 12 months after month 11, so in a 13-month span
        // at least one of those months has none.
        let leap = (months == 13).then(|| {
            (1..13)
                .find(|&i| solar_term(starts[i]) == solar_term(starts[i + 1]))
                .expect("a 13-month span has a month without a major term")
        });
        Span { year, starts, leap }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Lunar year, month number and leap flag of the `i`th month.
    fn month(&self, i: usize) -> (i32, u8, bool) {
        let after_month_11 = match self.leap {
            Some(leap) if i >= leap => i - 1,
            _ => i,
        };
        let month = ((10 + after_month_11) % 12 + 1) as u8;
        let year = if after_month_11 < 2 {
            self.year - 1
        } else {
            self.year
        };
        (year, month, self.leap == Some(i))
    }
}

/// Julian day number of the first day of month 11 of lunar year `year`, the month containing the
/// December solstice of solar `year`.
fn month_11_start(year: i32) -> i64 {
    let dec31 = Date::new(year, 12, 31)
        .expect("31 December exists")
        .julian_day();
    let lunation = ((dec31 as f64 - LUNATION_ZERO) / SYNODIC_MONTH).floor() as i64;
    let start = new_moon_day(lunation);
    // Sector 9 starts at the solstice (270°): a month starting past it is month 12.
    if solar_term(start) >= 9 {
        new_moon_day(lunation - 1)
    } else {
        start
    }
}

/// Julian day number of the local day on which new moon number `lunation` falls.
fn new_moon_day(lunation: i64) -> i64 {
    let jde = new_moon(lunation as f64);
    (jde - delta_t_days(jde) + 0.5 + UTC_OFFSET_DAYS).floor() as i64
}

/// Which 30° sector of longitude the sun is in when local day `jd` begins: the number of major terms
/// passed since the March equinox. A month contains a major term when the sector changes between its
/// first day and the next month's.
fn solar_term(jd: i64) -> i64 {
    let midnight_ut = jd as f64 - 0.5 - UTC_OFFSET_DAYS;
    (sun_longitude(midnight_ut) / 30.0).floor() as i64
}

fn sin_deg(degrees: f64) -> f64 {
    (degrees * PI / 180.0).sin()
}

/// Julian ephemeris date (TT) of the true new moon of `lunation` (Meeus chapter 49).
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let mean =
        LUNATION_ZERO + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    // Eccentricity of the earth's orbit, which scales the terms in the sun's anomaly.
    let e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    let m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
    let mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
    let f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
    let omega = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
    let periodic = -0.40720 * sin_deg(mp)
        + 0.17241 * e * sin_deg(m)
        + 0.01608 * sin_deg(2.0 * mp)
        + 0.01039 * sin_deg(2.0 * f)
        + 0.00739 * e * sin_deg(mp - m)
        - 0.00514 * e * sin_deg(mp + m)
        + 0.00208 * e * e * sin_deg(2.0 * m)
        - 0.00111 * sin_deg(mp - 2.0 * f)
        - 0.00057 * sin_deg(mp + 2.0 * f)
        + 0.00056 * e * sin_deg(2.0 * mp + m)
        - 0.00042 * sin_deg(3.0 * mp)
        + 0.00042 * e * sin_deg(m + 2.0 * f)
        + 0.00038 * e * sin_deg(m - 2.0 * f)
        - 0.00024 * e * sin_deg(2.0 * mp - m)
        - 0.00017 * sin_deg(omega)
        - 0.00007 * sin_deg(mp + 2.0 * m)
        + 0.00004 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.00004 * sin_deg(3.0 * m)
        + 0.00003 * sin_deg(mp + m - 2.0 * f)
        + 0.00003 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.00003 * sin_deg(mp + m + 2.0 * f)
        + 0.00003 * sin_deg(mp - m + 2.0 * f)
        - 0.00002 * sin_deg(mp - m - 2.0 * f)
        - 0.00002 * sin_deg(3.0 * mp + m)
        + 0.00002 * sin_deg(4.0 * mp);
    // The planets' pull, as (amplitude in days, argument at lunation 0, degrees per lunation).
    const PLANETARY: [(f64, f64, f64); 13] = [
        (0.000165, 251.88, 0.016321),
        (0.000164, 251.83, 26.651886),
        (0.000126, 349.42, 36.412478),
        (0.000110, 84.66, 18.206239),
        (0.000062, 141.74, 53.303771),
        (0.000060, 207.14, 2.453732),
        (0.000056, 154.84, 7.306860),
        (0.000047, 34.52, 27.261239),
        (0.000042, 207.19, 0.121824),
        (0.000040, 291.34, 1.844379),
        (0.000037, 161.72, 24.198154),
        (0.000035, 239.56, 25.513099),
        (0.000023, 331.55, 3.592518),
    ];
    let planetary = 0.000325 * sin_deg(299.77 + 0.107408 * k - 0.009173 * t2)
        + PLANETARY
            .iter()
            .map(|&(amplitude, at_zero, rate)| amplitude * sin_deg(at_zero + rate * k))
            .sum::<f64>();
    mean + periodic + planetary
}

/// The sun's apparent longitude in degrees, 0 to 360, at Julian date `jd` (Meeus chapter 25, to about
/// 0.01°).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - J2000) / 36525.0;
    let mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    let m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
    let centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin_deg(m)
        + (0.019993 - 0.000101 * t) * sin_deg(2.0 * m)
        + 0.000289 * sin_deg(3.0 * m);
    // Nutation and aberration: calendars reckon the terms by where the sun appears.
    let omega = 125.04 - 1934.136 * t;
    let apparent = mean_longitude + centre - 0.00569 - 0.00478 * sin_deg(omega);
    apparent.rem_euclid(360.0)
}

/// TT − UT in seconds at the start of each decade from 1900 to 2020, as observed.
const DELTA_T: [f64; 13] = [
    -2.7, 10.4, 21.2, 24.0, 24.3, 29.1, 33.1, 40.2, 50.5, 56.9, 63.8, 66.1, 69.4,
];

/// TT − UT in days at `jde`, interpolated in [`DELTA_T`] and held at its ends: the earth's rotation
/// cannot be forecast, and an error of a minute or two moves a new moon across midnight only when it
/// falls within that minute or two.
fn delta_t_days(jde: f64) -> f64 {
    let decades = ((jde - J2000) / 3652.5 + 10.0).clamp(0.0, 12.0);
    let i = (decades as usize).min(11);
    let seconds = DELTA_T[i] + (DELTA_T[i + 1] - DELTA_T[i]) * (decades - i as f64);
    seconds / 86400.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    #[test]
    fn tet_2024_to_2030() {
        let tet = [
            (2024, "2024-02-10"),
            (2025, "2025-01-29"),
            (2026, "2026-02-17"),
            (2027, "2027-02-06"),
            (2028, "2028-01-26"),
            (2029, "2029-02-13"),
            (2030, "2030-02-02"),
        ];
        for (year, day) in tet {
            assert_eq!(
                lunar_to_solar(1, 1, year, false),
                Some(date(day)),
                "Tết {year}"
            );
            assert_eq!(
                solar_to_lunar(date(day)),
                LunarDate {
                    year,
                    month: 1,
                    day: 1,
                    leap: false
                }
            );
        }
    }

    #[test]
    fn hung_kings_day_2024_to_2030() {
        let days = [
            (2024, "2024-04-18"),
            (2025, "2025-04-07"),
            (2026, "2026-04-26"),
            (2027, "2027-04-16"),
            (2028, "2028-04-04"),
            (2029, "2029-04-23"),
            (2030, "2030-04-12"),
        ];
        for (year, day) in days {
            assert_eq!(
                lunar_to_solar(10, 3, year, false),
                Some(date(day)),
                "{year}"
            );
        }
    }

    #[test]
    fn vietnam_differs_from_china_where_the_meridian_moves_a_new_moon() {
        // The winter solstice of 1984 came at 23:22 on 21 December in Vietnam but 00:22 on 22 December
        // in China, the day a new moon began a month. So in China that month was month 11, and Tết came a
        // month later, on 20 February.
        assert_eq!(lunar_to_solar(1, 1, 1985, false), Some(date("1985-01-21")));
        // The new moons of Tết 1968, 2007 and 2030 fell between 23:00 and midnight in Vietnam, just
        // after midnight in China (30 January 1968, 18 February 2007, 3 February 2030).
        assert_eq!(lunar_to_solar(1, 1, 1968, false), Some(date("1968-01-29")));
        assert_eq!(lunar_to_solar(1, 1, 2007, false), Some(date("2007-02-17")));
        assert_eq!(lunar_to_solar(1, 1, 2030, false), Some(date("2030-02-02")));
    }

    #[test]
    fn tet_of_recent_years() {
        let tet = [
            "2008-02-07",
            "2009-01-26",
            "2010-02-14",
            "2011-02-03",
            "2012-01-23",
            "2013-02-10",
            "2014-01-31",
            "2015-02-19",
            "2016-02-08",
            "2017-01-28",
            "2018-02-16",
            "2019-02-05",
            "2020-01-25",
            "2021-02-12",
            "2022-02-01",
            "2023-01-22",
        ];
        for day in tet {
            let day = date(day);
            assert_eq!(lunar_to_solar(1, 1, day.year(), false), Some(day));
        }
    }

    #[test]
    fn leap_months() {
        // Ất Tỵ (2025) repeated month 6; Quý Mão (2023) month 2; Mậu Thân (2028) month 5.
        assert_eq!(lunar_to_solar(1, 6, 2025, true), Some(date("2025-07-25")));
        assert_eq!(lunar_to_solar(1, 6, 2025, false), Some(date("2025-06-25")));
        assert_eq!(lunar_to_solar(1, 2, 2023, true), Some(date("2023-03-22")));
        assert!(lunar_to_solar(1, 5, 2028, true).is_some());
        assert_eq!(lunar_to_solar(1, 5, 2024, true), None);
        assert_eq!(
            solar_to_lunar(date("2025-08-01")),
            LunarDate {
                year: 2025,
                month: 6,
                day: 8,
                leap: true
            }
        );
    }

    #[test]
    fn the_last_days_of_a_lunar_year_belong_to_it() {
        // 16 February 2026 was 29 tháng Chạp of Ất Tỵ, the last day before Tết Bính Ngọ.
        assert_eq!(
            solar_to_lunar(date("2026-02-16")),
            LunarDate {
                year: 2025,
                month: 12,
                day: 29,
                leap: false
            }
        );
        assert_eq!(lunar_to_solar(30, 12, 2025, false), None);
        assert_eq!(
            lunar_to_solar(29, 12, 2025, false),
            Some(date("2026-02-16"))
        );
    }

    #[test]
    fn impossible_dates_have_no_solar_day() {
        assert_eq!(lunar_to_solar(0, 1, 2025, false), None);
        assert_eq!(lunar_to_solar(1, 13, 2025, false), None);
        assert_eq!(lunar_to_solar(31, 1, 2025, false), None);
    }

    #[test]
    fn every_day_round_trips_from_1900_to_2100() {
        let mut day = date("1900-01-01");
        let end = date("2100-12-31");
        let mut previous = solar_to_lunar(day);
        while day < end {
            day = day.add_days(1);
            let lunar = solar_to_lunar(day);
            assert_eq!(
                lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap),
                Some(day),
                "{day}"
            );
            // Days follow one another: the next day of the month, or the 1st of a month.
            if lunar.day != 1 {
                assert_eq!((lunar.day, lunar.month), (previous.day + 1, previous.month));
            } else {
                assert!(previous.day == 29 || previous.day == 30, "{day}");
            }
            previous = lunar;
        }
    }
}
