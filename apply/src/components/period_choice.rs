use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::stats::{Month, Scope, StatsQuery};

use super::{in_words, ErrorSummary, FieldErrors, TextField};
use crate::go;

/// How many months a page shows when the address names none: a year up to this month.
const DEFAULT_MONTHS: i32 = 12;

/// This month in Vietnam.
fn this_month() -> Month {
    Month::in_vietnam((js_sys::Date::now() / 1000.0) as i64)
}

fn months_before(m: Month, n: i32) -> Month {
    let index = m.year * 12 + i32::from(m.month) - 1 - n;
    Month {
        year: index.div_euclid(12),
        month: (index.rem_euclid(12) + 1) as u8,
    }
}

/// The query an address carries, the period filled in where it names none: the last twelve months
/// up to this one, or the twelve up to the last month it names; no scope is the province.
pub fn period_from_address(m: &ParamsMap) -> StatsQuery {
    let get = |key: &str| m.get(key).unwrap_or_default();
    let mut q = StatsQuery {
        scope: get("scope"),
        from: get("from"),
        to: get("to"),
    };
    if q.scope.trim().is_empty() {
        q.scope = Scope::Province.to_string();
    }
    if q.to.is_empty() {
        q.to = this_month().to_string();
    }
    if q.from.is_empty() {
        let to = q.to().unwrap_or_else(this_month);
        q.from = months_before(to, DEFAULT_MONTHS - 1).to_string();
    }
    q
}

/// The problems of the period the address names, by field, each beside its field.
pub fn period_problems(q: &StatsQuery) -> FieldErrors {
    in_words(q.problems())
        .into_iter()
        .filter(|(f, _)| f == "from" || f == "to")
        .collect()
}

/// The first and last month of a period, shown again with the scope kept: the page reads the
/// period from its address, so going to `path(query)` is all a choice does.
#[component]
pub fn PeriodChoice(
    /// The period shown now, as the address has it.
    #[prop(into)]
    query: Signal<StatsQuery>,
    /// Where a period leads.
    path: fn(&StatsQuery) -> String,
    /// A problem not tied to a month (the scope), said at the top.
    #[prop(optional, into)]
    general: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let errors = Memo::new(move |_| query.with(period_problems));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        let q = query.get();
        from.set(q.from);
        to.set(q.to);
    });
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = StatsQuery {
            scope: query.get_untracked().scope,
            from: from.get_untracked(),
            to: to.get_untracked(),
        };
        go(&navigate, &path(&q));
    };
    let general = general.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <form class="mc-period" method="get" action=path(&StatsQuery::default()) on:submit=show
            aria-label=move || lang.get().pick("Chọn khoảng thời gian", "Choose the period")>
            <ErrorSummary errors=Signal::derive(move || errors.get()) general=general/>
            <div class="mc-period__months">
                <TextField id="from" label=tr("Từ tháng", "From month") hint=tr("Ví dụ 2026-01", "For example 2026-01")
                    value=from errors=Signal::derive(move || errors.get()) kind="month"/>
                <TextField id="to" label=tr("Đến tháng", "To month") hint=tr("Ví dụ 2026-12", "For example 2026-12")
                    value=to errors=Signal::derive(move || errors.get()) kind="month"/>
            </div>
            <button class="mc-button mc-button--secondary" type="submit">
                {move || lang.get().pick("Xem", "Show")}
            </button>
        </form>
    }
}

/// `01/2026` in Vietnamese, `Jan 2026` in English.
pub fn month_text(m: Month, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{:02}/{}", m.month, m.year),
        Lang::En => format!("{} {}", month_name(m), m.year),
    }
}

/// Under a column: `01/26`, `Jan 26`.
pub fn month_short(m: Month, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{:02}/{:02}", m.month, m.year % 100),
        Lang::En => format!("{} {:02}", month_name(m), m.year % 100),
    }
}

fn month_name(m: Month) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[usize::from(m.month.clamp(1, 12)) - 1]
}

pub fn period_text(from: Month, to: Month, l: Lang) -> String {
    match l {
        Lang::Vi => format!("Từ {} đến {}", month_text(from, l), month_text(to, l)),
        Lang::En => format!("From {} to {}", month_text(from, l), month_text(to, l)),
    }
}

/// The period inside a sentence: `từ 01/2026 đến 12/2026`, `from Jan 2026 to Dec 2026`.
pub fn period_phrase(from: Month, to: Month, l: Lang) -> String {
    match l {
        Lang::Vi => format!("từ {} đến {}", month_text(from, l), month_text(to, l)),
        Lang::En => format!("from {} to {}", month_text(from, l), month_text(to, l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_back_across_years() {
        let m = Month {
            year: 2026,
            month: 3,
        };
        assert_eq!(
            months_before(m, 11),
            Month {
                year: 2025,
                month: 4
            }
        );
        assert_eq!(
            months_before(m, 2),
            Month {
                year: 2026,
                month: 1
            }
        );
        assert_eq!(months_before(m, 0), m);
    }
}
