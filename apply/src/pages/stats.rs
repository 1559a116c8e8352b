use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::paths;
use motcua_api::stats::{Figures, Part, Scope, StatsQuery, StatsReport};
use motcua_api::Text;

use crate::components::{
    count_text, decimal_text, index_path, month_short, month_text, percent_text,
    period_from_address, period_phrase, period_problems, period_text, stats_chart, Chart, ChartKind, ChartRow,
    Figure, Loaded, PeriodChoice, PullsDown,
};
use crate::dates::date_time_text;

/// What the page loads: the report, and for a procedure the agency it belongs to (for the way back
/// up), which the page does without should it fail.
type Found = (StatsReport, Option<(String, Text)>);

/// `/thong-ke?scope=&from=&to=`: the public statistics of the province, an agency, a field or a
/// procedure over a period of months — the figures, a chart of each with the same figures in a
/// table, the CSV, and the scopes one level down to go deeper. No sign-in.
#[component]
pub fn Stats() -> impl IntoView {
    let lang = use_lang();
    let address = use_query_map();
    let query = Memo::new(move |_| address.with(period_from_address));
    let errors = Memo::new(move |_| query.with(period_problems));
    let bad_scope = Memo::new(move |_| query.with(|q| q.scope().is_none()));
    Effect::new(move |_| set_title(lang.get().pick("Thống kê", "Statistics")));

    let report = LocalResource::new(move || {
        let q = query.get();
        async move {
            if !q.problems().is_empty() {
                return None;
            }
            let report = match api::stats::report(&q).await {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let parent = match &report.scope {
                Scope::Procedure(code) => api::procedure(code)
                    .await
                    .ok()
                    .map(|d| (d.agency.id, d.agency.name)),
                _ => None,
            };
            Some(Ok::<Found, ApiError>((report, parent)))
        }
    });

    view! {
        <div class="mc-page mc-stats">
            {move || {
                let bad_scope = bad_scope.get();
                if !bad_scope && errors.get().is_empty() {
                    return view! {
                        <Loaded
                            data=Signal::derive(move || report.get().flatten())
                            loading=tr("Đang tải số liệu thống kê…", "Loading the statistics…")
                            failed=tr("Chưa tải được số liệu thống kê.", "The statistics could not be loaded.")
                            here=Signal::derive(move || paths::stats(&query.get()))
                            not_found=move || view! {
                                <h1 class="mc-page__title">{move || lang.get().pick("Không có thống kê này", "No such statistics")}</h1>
                                <p>{move || lang.get().pick("Không có cơ quan, lĩnh vực hay thủ tục nào mang mã này.", "No agency, field or procedure has this code.")}</p>
                                <p><a href=paths::stats(&StatsQuery::default())>{move || lang.get().pick("Thống kê toàn tỉnh", "The province's statistics")}</a></p>
                            }
                            let:loaded
                        >
                            {
                                let (report, parent) = loaded;
                                move || report_view(&report, parent.as_ref(), query, lang.get())
                            }
                        </Loaded>
                    }.into_any();
                }
                // A period or scope the rules refuse: said beside its field, nothing loaded.
                let province = StatsQuery { scope: String::new(), ..query.get() };
                view! {
                    <h1 class="mc-page__title">{lang.get().pick("Thống kê", "Statistics")}</h1>
                    <PeriodChoice
                        query=query
                        path=paths::stats
                        general=Signal::derive(move || bad_scope.then(|| lang.get().pick(
                            "Không có phạm vi thống kê này. Xem thống kê toàn tỉnh qua đường dẫn bên dưới.",
                            "There are no statistics for this scope. See the province's through the link below.",
                        ).to_string()))
                    />
                    {bad_scope.then(|| view! {
                        <p><a href=paths::stats(&province)>{lang.get().pick("Thống kê toàn tỉnh", "The province's statistics")}</a></p>
                    })}
                }.into_any()
            }}
        </div>
    }
}

fn report_view(
    r: &StatsReport,
    parent: Option<&(String, Text)>,
    query: Memo<StatsQuery>,
    l: Lang,
) -> impl IntoView {
    let period = |scope: &Scope| StatsQuery {
        scope: scope.to_string(),
        from: r.from.to_string(),
        to: r.to.to_string(),
    };
    let here = period(&r.scope);
    let csv = api::stats::csv_url(&here);
    let kind = match r.scope {
        Scope::Province => l.pick("Thống kê", "Statistics"),
        Scope::Agency(_) => l.pick("Cơ quan", "Agency"),
        Scope::Field(_) => l.pick("Lĩnh vực", "Field"),
        Scope::Procedure(_) => l.pick("Thủ tục", "Procedure"),
    };
    let mut trail = Vec::new();
    if r.scope != Scope::Province {
        trail.push((
            paths::stats(&period(&Scope::Province)),
            l.pick("Toàn tỉnh", "Province").to_string(),
        ));
    }
    if let Some((id, name)) = parent {
        trail.push((
            paths::stats(&period(&Scope::Agency(id.clone()))),
            l.text(name),
        ));
    }
    let t = &r.totals;
    let agency = match &r.scope {
        Scope::Agency(id) => Some(id.clone()),
        _ => None,
    };
    let (from, to) = (r.from.to_string(), r.to.to_string());
    view! {
        <nav class="mc-breadcrumbs" aria-label=l.pick("Đường dẫn", "Breadcrumb")>
            <ol class="mc-breadcrumbs__list">
                <li class="mc-breadcrumbs__item">{l.pick("Thống kê", "Statistics")}</li>
                {trail.into_iter().map(|(href, name)| view! {
                    <li class="mc-breadcrumbs__item"><a href=href>{name}</a></li>
                }).collect_view()}
                <li class="mc-breadcrumbs__item" aria-current="page">{l.text(&r.name)}</li>
            </ol>
        </nav>
        <p class="mc-caption">{kind}</p>
        <h1 class="mc-page__title">{l.text(&r.name)}</h1>
        <p class="mc-stats__period-text">
            {period_text(r.from, r.to, l)}". "
            {l.pick("Số liệu tính đến ", "Figures as of ")}{date_time_text(r.as_of, l)}"."
        </p>
        <PeriodChoice query=query path=paths::stats/>
        <p><a href=index_path(&here)>{l.pick("Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)", "The service index for citizens and businesses (Decision 766)")}</a></p>

        <section class="mc-section" aria-labelledby="stats-figures">
            <h2 class="mc-section__title" id="stats-figures">{l.pick("Số liệu chính", "Key figures")}</h2>
            {figures_list(t, r.legal_days, l)}
        </section>
        <section class="mc-section" aria-labelledby="stats-received">
            <h2 class="mc-section__title" id="stats-received">{l.pick("Hồ sơ tiếp nhận theo tháng", "Dossiers received by month")}</h2>
            {stats_chart(&received_chart(r, l), Some(&csv), l)}
        </section>
        <section class="mc-section" aria-labelledby="stats-resolved">
            <h2 class="mc-section__title" id="stats-resolved">{l.pick("Kết quả giải quyết theo tháng", "Results by month")}</h2>
            {stats_chart(&resolved_chart(r, l), Some(&csv), l)}
        </section>
        <section class="mc-section" aria-labelledby="stats-satisfaction">
            <h2 class="mc-section__title" id="stats-satisfaction">{l.pick("Mức độ hài lòng", "Satisfaction")}</h2>
            <p>{l.pick(
                "Điểm trung bình từ 1 (rất không hài lòng) đến 5 (rất hài lòng), theo từng tiêu chí người dân đánh giá.",
                "The average rating from 1 (very dissatisfied) to 5 (very satisfied), criterion by criterion.",
            )}</p>
            {stats_chart(&satisfaction_chart(r, l), Some(&csv), l)}
        </section>
        <section class="mc-section" aria-labelledby="stats-feedback">
            <h2 class="mc-section__title" id="stats-feedback">{l.pick("Phản ánh, kiến nghị", "Feedback and complaints")}</h2>
            {feedback_list(t, l)}
        </section>
        {agency.map(|agency| view! { <PullsDown agency from to/> })}
        {parts_view(r, l)}
    }
}

/// One figure with its name, and below it how it comes about where that needs saying.
fn figure(label: &'static str, value: String, note: Option<String>) -> impl IntoView {
    view! {
        <div class="mc-stats__figure">
            <dt class="mc-stats__label">{label}</dt>
            <dd class="mc-stats__value">{value}</dd>
            {note.map(|n| view! { <dd class="mc-stats__note">{n}</dd> })}
        </div>
    }
}

fn days_text(days: f64, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{} ngày làm việc", decimal_text(days, l)),
        Lang::En => format!("{} working days", decimal_text(days, l)),
    }
}

fn figures_list(t: &Figures, legal_days: Option<u32>, l: Lang) -> impl IntoView {
    let none = || l.pick("Chưa có", "None yet").to_string();
    let resolved = t.resolved();
    let in_time = t.resolved_early + t.resolved_on_time;
    let legal = legal_days.map(f64::from).or_else(|| t.average_legal_days());
    let against_legal = legal.map(|d| match l {
        Lang::Vi => format!("Thời gian theo quy định: {}", days_text(d, l)),
        Lang::En => format!("Legal time: {}", days_text(d, l)),
    });
    let overall = t.satisfaction.first();
    view! {
        <dl class="mc-stats__figures">
            {figure(l.pick("Hồ sơ tiếp nhận", "Dossiers received"), count_text(t.received, l), None)}
            {figure(
                l.pick("Nộp trực tuyến", "Filed online"),
                percent_text(t.online, t.received, l).unwrap_or_else(none),
                Some(match l {
                    Lang::Vi => format!("{} hồ sơ", count_text(t.online, l)),
                    Lang::En => format!("{} dossiers", count_text(t.online, l)),
                }),
            )}
            {figure(l.pick("Hồ sơ đã giải quyết", "Dossiers resolved"), count_text(resolved, l), None)}
            {figure(l.pick("Trước hạn", "Early"), count_text(t.resolved_early, l), None)}
            {figure(l.pick("Đúng hạn", "On time"), count_text(t.resolved_on_time, l), None)}
            {figure(l.pick("Trễ hạn", "Late"), count_text(t.resolved_late, l), None)}
            {figure(
                l.pick("Giải quyết trước và đúng hạn", "Resolved early or on time"),
                percent_text(in_time, resolved, l).unwrap_or_else(none),
                None,
            )}
            {figure(
                l.pick("Thời gian giải quyết trung bình", "Average processing time"),
                t.average_days().map(|d| days_text(d, l)).unwrap_or_else(none),
                against_legal.clone(),
            )}
            {figure(
                l.pick("80% hồ sơ giải quyết trong", "80% of dossiers resolved within"),
                t.p80_days().map(|d| days_text(f64::from(d), l)).unwrap_or_else(none),
                against_legal,
            )}
            {figure(l.pick("Yêu cầu bổ sung hồ sơ", "Requests for more documents"), count_text(t.supplement_requests, l), None)}
            {figure(l.pick("Thư xin lỗi vì trễ hạn", "Letters of apology for lateness"), count_text(t.apologies, l), None)}
            {figure(
                l.pick("Mức hài lòng chung", "Overall satisfaction"),
                overall.and_then(|c| c.average()).map(|a| format!("{} / 5", decimal_text(a, l))).unwrap_or_else(none),
                Some(ratings_text(overall.map_or(0, |c| c.count()), l)),
            )}
        </dl>
    }
}

fn ratings_text(n: u64, l: Lang) -> String {
    match (l, n) {
        (Lang::Vi, n) => format!("{} lượt đánh giá", count_text(n, l)),
        (Lang::En, 1) => "1 rating".to_string(),
        (Lang::En, n) => format!("{} ratings", count_text(n, l)),
    }
}

fn feedback_list(t: &Figures, l: Lang) -> impl IntoView {
    let f = &t.feedback;
    view! {
        <dl class="mc-stats__figures">
            {figure(l.pick("Đã nhận", "Received"), count_text(f.received, l), None)}
            {figure(l.pick("Đã trả lời", "Answered"), count_text(f.answered, l), None)}
            {figure(l.pick("Trả lời đúng hạn", "Answered on time"), count_text(f.answered_on_time, l), None)}
            {figure(l.pick("Trả lời trễ hạn", "Answered late"), count_text(f.answered_late, l), None)}
            {figure(l.pick("Quá hạn chưa trả lời", "Overdue, not answered"), count_text(f.overdue, l), None)}
            {figure(l.pick("Người gửi hài lòng với câu trả lời", "Senders satisfied with the answer"), count_text(f.satisfied, l), None)}
            {figure(l.pick("Người gửi chưa hài lòng", "Senders not satisfied"), count_text(f.dissatisfied, l), None)}
            {figure(l.pick("Đã công khai", "Published"), count_text(f.published, l), None)}
        </dl>
    }
}

fn month_rows(
    r: &StatsReport,
    l: Lang,
    figures: impl Fn(&Figures) -> Vec<Figure>,
) -> Vec<ChartRow> {
    r.months
        .iter()
        .map(|m| ChartRow {
            label: month_text(m.month, l),
            short: month_short(m.month, l),
            figures: figures(&m.figures),
            extra: Vec::new(),
        })
        .collect()
}

fn received_chart(r: &StatsReport, l: Lang) -> Chart {
    let rows = month_rows(r, l, |f| {
        vec![
            Figure::count(f.online, l),
            Figure::count(f.received.saturating_sub(f.online), l),
        ]
    });
    let summary = match l {
        Lang::Vi => format!(
            "{}: {} hồ sơ, trong đó {} nộp trực tuyến.",
            period_text(r.from, r.to, l),
            count_text(r.totals.received, l),
            count_text(r.totals.online, l)
        ),
        Lang::En => format!(
            "{}: {} dossiers, {} of them filed online.",
            period_text(r.from, r.to, l),
            count_text(r.totals.received, l),
            count_text(r.totals.online, l)
        ),
    };
    Chart {
        id: "chart-received",
        kind: ChartKind::Columns,
        title: l
            .pick("Hồ sơ tiếp nhận theo tháng", "Dossiers received by month")
            .to_string(),
        summary,
        row_head: l.pick("Tháng", "Month").to_string(),
        series: vec![
            (l.pick("Trực tuyến", "Online").to_string(), "online"),
            (l.pick("Trực tiếp", "In person").to_string(), "in-person"),
        ],
        extra_heads: Vec::new(),
        rows,
        max: None,
    }
}

fn resolved_chart(r: &StatsReport, l: Lang) -> Chart {
    let rows = month_rows(r, l, |f| {
        vec![
            Figure::count(f.resolved_early, l),
            Figure::count(f.resolved_on_time, l),
            Figure::count(f.resolved_late, l),
        ]
    });
    let t = &r.totals;
    let summary = match l {
        Lang::Vi => format!(
            "{}: {} hồ sơ giải quyết, {} trước hạn, {} đúng hạn, {} trễ hạn.",
            period_text(r.from, r.to, l),
            count_text(t.resolved(), l),
            count_text(t.resolved_early, l),
            count_text(t.resolved_on_time, l),
            count_text(t.resolved_late, l)
        ),
        Lang::En => format!(
            "{}: {} dossiers resolved, {} early, {} on time, {} late.",
            period_text(r.from, r.to, l),
            count_text(t.resolved(), l),
            count_text(t.resolved_early, l),
            count_text(t.resolved_on_time, l),
            count_text(t.resolved_late, l)
        ),
    };
    Chart {
        id: "chart-resolved",
        kind: ChartKind::Columns,
        title: l
            .pick("Kết quả giải quyết theo tháng", "Results by month")
            .to_string(),
        summary,
        row_head: l.pick("Tháng", "Month").to_string(),
        series: vec![
            (l.pick("Trước hạn", "Early").to_string(), "early"),
            (l.pick("Đúng hạn", "On time").to_string(), "on-time"),
            (l.pick("Trễ hạn", "Late").to_string(), "late"),
        ],
        extra_heads: Vec::new(),
        rows,
        max: None,
    }
}

fn satisfaction_chart(r: &StatsReport, l: Lang) -> Chart {
    let name = |id: &str| {
        if id == "overall" {
            return l.pick("Hài lòng chung", "Overall").to_string();
        }
        r.criteria
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, n)| l.text(n))
            .unwrap_or_else(|| id.to_string())
    };
    let rows: Vec<ChartRow> = r
        .totals
        .satisfaction
        .iter()
        .map(|c| {
            let label = name(&c.criterion);
            let average = c.average();
            ChartRow {
                short: label.clone(),
                label,
                figures: vec![Figure {
                    value: average.unwrap_or(0.0),
                    text: average
                        .map(|a| decimal_text(a, l))
                        .unwrap_or_else(|| "–".to_string()),
                }],
                extra: vec![count_text(c.count(), l)],
            }
        })
        .collect();
    let overall = r.totals.satisfaction.first();
    let summary = match (l, overall.and_then(|c| c.average())) {
        (Lang::Vi, Some(a)) => format!(
            "Điểm trung bình chung {} trên 5, từ {}.",
            decimal_text(a, l),
            ratings_text(overall.map_or(0, |c| c.count()), l)
        ),
        (Lang::En, Some(a)) => format!(
            "Overall average {} out of 5, from {}.",
            decimal_text(a, l),
            ratings_text(overall.map_or(0, |c| c.count()), l)
        ),
        (_, None) => l
            .pick(
                "Chưa có đánh giá nào trong khoảng thời gian này.",
                "No ratings in this period.",
            )
            .to_string(),
    };
    Chart {
        id: "chart-satisfaction",
        kind: ChartKind::Bars,
        title: l
            .pick("Điểm hài lòng theo tiêu chí", "Satisfaction by criterion")
            .to_string(),
        summary,
        row_head: l.pick("Tiêu chí", "Criterion").to_string(),
        series: vec![(
            l.pick("Điểm trung bình", "Average rating").to_string(),
            "average",
        )],
        extra_heads: vec![l.pick("Số lượt đánh giá", "Ratings").to_string()],
        rows,
        max: Some(5.0),
    }
}

/// The scopes one level down, each a link to its own page for the same period.
fn parts_view(r: &StatsReport, l: Lang) -> impl IntoView {
    // Each kind of part by its scope's prefix, as `Scope` writes it.
    let groups = [
        ("Các cơ quan", "Agencies", "stats-agencies", "agency:"),
        ("Các lĩnh vực", "Fields", "stats-fields", "field:"),
        (
            "Các thủ tục",
            "Procedures",
            "stats-procedures",
            "procedure:",
        ),
    ];
    groups
        .into_iter()
        .filter_map(|(vi, en, id, prefix)| {
            let parts: Vec<&Part> = r
                .parts
                .iter()
                .filter(|p| p.scope.to_string().starts_with(prefix))
                .collect();
            (!parts.is_empty()).then(|| parts_table(r, &parts, l.pick(vi, en), id, l))
        })
        .collect_view()
}

fn parts_table(
    r: &StatsReport,
    parts: &[&Part],
    title: &str,
    id: &'static str,
    l: Lang,
) -> impl IntoView {
    let caption = format!("{id}-caption");
    let rows = parts
        .iter()
        .map(|p| {
            let q = StatsQuery {
                scope: p.scope.to_string(),
                from: r.from.to_string(),
                to: r.to.to_string(),
            };
            let f = &p.figures;
            let resolved = f.resolved();
            view! {
                <tr>
                    <th scope="row" class="mc-data-table__name"><a href=paths::stats(&q)>{l.text(&p.name)}</a></th>
                    <td class="mc-data-table__number">{count_text(f.received, l)}</td>
                    <td class="mc-data-table__number">{count_text(resolved, l)}</td>
                    <td class="mc-data-table__number">{percent_text(f.resolved_early + f.resolved_on_time, resolved, l).unwrap_or_else(|| "–".into())}</td>
                    <td class="mc-data-table__number">{f.satisfaction.first().and_then(|c| c.average()).map(|a| decimal_text(a, l)).unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="mc-section" aria-labelledby=id>
            <h2 class="mc-section__title" id=id>{title.to_string()}</h2>
            <div class="mc-chart__table" role="region" tabindex="0" aria-labelledby=caption.clone()>
                <table class="mc-data-table">
                    <caption class="mc-data-table__caption" id=caption.clone()>{format!("{title}, {}", period_phrase(r.from, r.to, l))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{l.pick("Tên", "Name")}</th>
                            <th scope="col" class="mc-data-table__number">{l.pick("Tiếp nhận", "Received")}</th>
                            <th scope="col" class="mc-data-table__number">{l.pick("Đã giải quyết", "Resolved")}</th>
                            <th scope="col" class="mc-data-table__number">{l.pick("Trước và đúng hạn", "Early or on time")}</th>
                            <th scope="col" class="mc-data-table__number">{l.pick("Hài lòng chung", "Overall satisfaction")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
