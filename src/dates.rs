//! How dates, times and deadlines read in each language (Vietnam time, UTC+7).

use crate::i18n::Lang;
use motcua_api::calendar::Date;
use motcua_api::lifecycle::{Status, Timeliness};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `27/05/2025` in Vietnamese and `27 May 2025` in English.
pub fn date_text(d: Date, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS[d.month() as usize - 1],
            d.year()
        ),
    }
}

/// Seconds since 1970 as the day in Vietnam.
pub fn day_text(unix: i64, l: Lang) -> String {
    date_text(Date::in_vietnam(unix), l)
}

/// Seconds since 1970 as `14:05, 27/05/2025` in Vietnam time.
pub fn date_time_text(unix: i64, l: Lang) -> String {
    let secs = (unix + 7 * 3600).rem_euclid(86_400);
    format!(
        "{:02}:{:02}, {}",
        secs / 3600,
        secs % 3600 / 60,
        day_text(unix, l)
    )
}

/// Seconds since 1970 for `<time datetime>`: the instant in ISO 8601 with Vietnam's offset.
pub fn iso_time(unix: i64) -> String {
    let secs = (unix + 7 * 3600).rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}+07:00",
        Date::in_vietnam(unix),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Working days left, or how late: "còn 3 ngày làm việc", "quá hạn 2 ngày làm việc"; nothing once the
/// work is done.
pub fn days_left_text(days_left: i32, status: Status, l: Lang) -> Option<String> {
    if status.is_done() {
        return None;
    }
    Some(match (l, days_left) {
        (Lang::Vi, 0) => "đến hạn hôm nay".to_string(),
        (Lang::En, 0) => "due today".to_string(),
        (Lang::Vi, n) if n > 0 => format!("còn {n} ngày làm việc"),
        (Lang::En, 1) => "1 working day left".to_string(),
        (Lang::En, n) if n > 0 => format!("{n} working days left"),
        (Lang::Vi, n) => format!("quá hạn {} ngày làm việc", -n),
        (Lang::En, -1) => "1 working day late".to_string(),
        (Lang::En, n) => format!("{} working days late", -n),
    })
}

/// The modifier of a timeliness tag (`mc-tag--overdue` …).
pub fn timeliness_class(t: Timeliness) -> &'static str {
    match t {
        Timeliness::Early | Timeliness::OnTime => "mc-tag mc-tag--on-time",
        Timeliness::NearDue => "mc-tag mc-tag--near-due",
        Timeliness::Overdue | Timeliness::Late => "mc-tag mc-tag--overdue",
    }
}

/// The modifier of a status tag.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::SupplementRequested => "mc-tag mc-tag--action",
        Status::ResultReady | Status::Returned => "mc-tag mc-tag--done",
        Status::Refused | Status::Withdrawn => "mc-tag mc-tag--ended",
        _ => "mc-tag mc-tag--progress",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_in_vietnam_time() {
        let day = Date::new(2025, 5, 27).unwrap();
        assert_eq!(date_text(day, Lang::Vi), "27/05/2025");
        assert_eq!(date_text(day, Lang::En), "27 May 2025");
        // 2025-05-26T20:30:00Z is 03:30 on the 27th in Vietnam.
        assert_eq!(date_time_text(1_748_291_400, Lang::Vi), "03:30, 27/05/2025");
        assert_eq!(iso_time(1_748_291_400), "2025-05-27T03:30+07:00");
    }

    #[test]
    fn days_left_reads_plainly() {
        assert_eq!(
            days_left_text(3, Status::Processing, Lang::Vi).unwrap(),
            "còn 3 ngày làm việc"
        );
        assert_eq!(
            days_left_text(-2, Status::Processing, Lang::Vi).unwrap(),
            "quá hạn 2 ngày làm việc"
        );
        assert_eq!(
            days_left_text(-1, Status::Received, Lang::En).unwrap(),
            "1 working day late"
        );
        assert_eq!(days_left_text(4, Status::Returned, Lang::Vi), None);
    }
}
