use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::calendar::Date;
use motcua_api::lifecycle::AccessRecord;

use crate::dates::{day_text, iso_time};

/// The records of one agency (and role) on one day in Vietnam, newest first.
struct Group {
    day: Date,
    agency: String,
    records: Vec<AccessRecord>,
}

/// Records (newest first) gathered by day and agency, the newest day first and, within a day, the
/// agency seen last first.
fn grouped(records: Vec<AccessRecord>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for r in records {
        let day = Date::in_vietnam(r.at);
        match groups
            .iter_mut()
            .find(|g| g.day == day && g.agency == r.agency && g.records[0].role == r.role)
        {
            Some(g) => g.records.push(r),
            None => groups.push(Group {
                day,
                agency: r.agency.clone(),
                records: vec![r],
            }),
        }
    }
    groups
}

/// `14:05` in Vietnam time.
fn clock(unix: i64) -> String {
    let secs = (unix + 7 * 3600).rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// "Who has seen my dossier": the officers' openings of it or of one of its files — the server counts
/// one a visit — gathered by day and agency, with how many and at what times. Which agency, which
/// role, which file; never a name.
#[component]
pub fn AccessList(
    /// The records, as the server sends them (newest first).
    records: Vec<AccessRecord>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    if records.is_empty() {
        return view! {
            <p>{l.pick("Chưa có cán bộ nào mở hồ sơ của bạn.", "No officer has opened your dossier yet.")}</p>
        }
        .into_any();
    }
    view! {
        <ul class="mc-access">
            {grouped(records).into_iter().map(|g| {
                let first = &g.records[0];
                let who = format!("{} · {}", l.text(&first.agency_name), l.text(&first.role.label()));
                let n = g.records.len();
                let count = match l {
                    Lang::Vi => format!("{n} lần mở"),
                    Lang::En if n == 1 => "Opened once".to_string(),
                    Lang::En => format!("Opened {n} times"),
                };
                view! {
                    <li class="mc-access__item">
                        <p class="mc-access__head">
                            <time class="mc-access__when" datetime=g.day.to_string()>{day_text(first.at, l)}</time>
                            <span class="mc-access__who">{who}</span>
                            <span class="mc-access__count">{count}</span>
                        </p>
                        <ul class="mc-access__times">
                            {g.records.iter().map(|r| {
                                let what = if r.file.is_empty() {
                                    l.pick("xem hồ sơ", "opened the dossier").to_string()
                                } else {
                                    format!("{} {}", l.pick("mở tệp", "opened the file"), r.file)
                                };
                                view! {
                                    <li class="mc-access__time">
                                        <time datetime=iso_time(r.at)>{clock(r.at)}</time>
                                        " "
                                        <span class="mc-access__what">{what}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_api::lifecycle::Role;

    fn at(at: i64, agency: &str, file: &str) -> AccessRecord {
        AccessRecord {
            at,
            agency: agency.into(),
            agency_name: Default::default(),
            role: Role::Officer,
            file: file.into(),
        }
    }

    #[test]
    fn openings_gather_by_day_in_vietnam_and_agency() {
        // 2025-05-27 10:00 in Vietnam is 03:00 UTC; 2025-05-28 06:30 in Vietnam is 23:30 UTC the day before.
        let day1 = 1_748_314_800;
        let day2 = day1 + 20 * 3600 + 1800;
        let groups = grouped(vec![
            at(day2, "a", ""),
            at(day1 + 600, "b", "x.pdf"),
            at(day1 + 300, "a", "x.pdf"),
            at(day1, "a", ""),
        ]);
        let got: Vec<(String, &str, usize)> = groups
            .iter()
            .map(|g| (g.day.to_string(), g.agency.as_str(), g.records.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("2025-05-28".to_string(), "a", 1),
                ("2025-05-27".to_string(), "b", 1),
                ("2025-05-27".to_string(), "a", 2),
            ]
        );
        assert_eq!(clock(day1), "10:00");
    }
}
