use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::index766::{Group, Index766, IndexFigure, Score};
use motcua_api::paths;
use motcua_api::stats::{Scope, StatsQuery};

use crate::components::{
    count_text, decimal2, decimal_text, index_path, loss_name, period_from_address, period_phrase,
    period_problems, period_text, stats_chart, Chart, ChartKind, ChartRow, Figure, Loaded,
    PeriodChoice,
};

fn points_text(points: f64, out_of: u32, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{} / {out_of} điểm", decimal2(points, l)),
        Lang::En => format!("{} / {out_of} points", decimal2(points, l)),
    }
}

/// `/thong-ke/chi-so-766?from=&to=`: the Decision 766 index of the province over a period, group by
/// group and figure by figure with how each is computed, and the agencies ranked by it.
#[component]
pub fn StatsIndex() -> impl IntoView {
    let lang = use_lang();
    let address = use_query_map();
    let query = Memo::new(move |_| address.with(period_from_address));
    let errors = Memo::new(move |_| query.with(period_problems));
    Effect::new(move |_| {
        set_title(lang.get().pick(
            "Chỉ số phục vụ người dân, doanh nghiệp",
            "The service index",
        ))
    });
    let index = LocalResource::new(move || {
        let q = query.get();
        async move {
            if period_problems(&q).is_empty() {
                Some(api::stats::index(&q).await)
            } else {
                None
            }
        }
    });
    view! {
        <div class="mc-page mc-index">
            <nav class="mc-breadcrumbs" aria-label=move || lang.get().pick("Đường dẫn", "Breadcrumb")>
                <ol class="mc-breadcrumbs__list">
                    <li class="mc-breadcrumbs__item">
                        <a href=move || paths::stats(&StatsQuery { scope: String::new(), ..query.get() })>
                            {move || lang.get().pick("Thống kê", "Statistics")}
                        </a>
                    </li>
                    <li class="mc-breadcrumbs__item" aria-current="page">{move || lang.get().pick("Chỉ số 766", "Decision 766 index")}</li>
                </ol>
            </nav>
            <p class="mc-caption">{move || lang.get().pick("Theo Quyết định 766/QĐ-TTg", "Under Decision 766/QĐ-TTg")}</p>
            <h1 class="mc-page__title">{move || lang.get().pick("Chỉ số phục vụ người dân, doanh nghiệp", "The service index for citizens and businesses")}</h1>
            <p>{move || lang.get().pick(
                "Chỉ số tính từ chính số liệu hồ sơ, đánh giá và phản ánh trên cổng này, theo năm nhóm của Quyết định 766. Tiêu chí hệ thống chưa có dữ liệu được ghi rõ và không tính vào điểm; điểm tối đa giảm tương ứng.",
                "The index is computed from this portal's own dossiers, ratings and feedback, in the five groups of Decision 766. A figure this system has no data for is said so and left out of the score, whose maximum shrinks with it.",
            )}</p>
            <PeriodChoice query=query path=index_path/>
            {move || errors.get().is_empty().then(|| view! {
                <Loaded
                    data=Signal::derive(move || index.get().flatten())
                    loading=tr("Đang tính chỉ số…", "Computing the index…")
                    failed=tr("Chưa tính được chỉ số.", "The index could not be computed.")
                    here=Signal::derive(move || index_path(&query.get()))
                    let:ix
                >
                    {move || index_view(&ix, lang.get())}
                </Loaded>
            })}
        </div>
    }
}

fn index_view(ix: &Index766, l: Lang) -> impl IntoView {
    let p = &ix.province;
    view! {
        <section class="mc-section" aria-labelledby="index-province">
            <h2 class="mc-section__title" id="index-province">{l.pick("Toàn tỉnh", "The province")}</h2>
            <p class="mc-index__score">
                <span class="mc-index__total">{match l {
                    Lang::Vi => format!("{} / 100", decimal2(p.on_100, l)),
                    Lang::En => format!("{} out of 100", decimal2(p.on_100, l)),
                }}</span>
                " "
                <span class="mc-index__raw">{format!("({})", points_text(p.points, p.out_of, l))}</span>
            </p>
            <p class="mc-stats__period-text">{period_text(ix.from, ix.to, l)}</p>
            {stats_chart(&groups_chart(p, l), None, l)}
            {p.groups.iter().map(|g| group_view(g, l)).collect_view()}
        </section>
        <section class="mc-section" aria-labelledby="index-agencies">
            <h2 class="mc-section__title" id="index-agencies">{l.pick("Xếp hạng các cơ quan", "The agencies ranked")}</h2>
            {ranking(ix, l)}
        </section>
    }
}

fn groups_chart(s: &Score, l: Lang) -> Chart {
    let rows = s
        .groups
        .iter()
        .map(|g| ChartRow {
            label: l.text(&g.name),
            short: l.text(&g.name),
            figures: vec![Figure {
                value: g.points,
                text: decimal2(g.points, l),
            }],
            extra: vec![count_text(u64::from(g.out_of), l)],
        })
        .collect();
    Chart {
        id: "chart-groups",
        kind: ChartKind::Bars,
        title: l
            .pick("Điểm của tỉnh theo nhóm", "The province's points by group")
            .to_string(),
        summary: match l {
            Lang::Vi => format!(
                "Tổng {}, quy ra {} trên 100.",
                points_text(s.points, s.out_of, l),
                decimal2(s.on_100, l)
            ),
            Lang::En => format!(
                "In all {}, {} out of 100.",
                points_text(s.points, s.out_of, l),
                decimal2(s.on_100, l)
            ),
        },
        row_head: l.pick("Nhóm", "Group").to_string(),
        series: vec![(l.pick("Điểm", "Points").to_string(), "average")],
        extra_heads: vec![l
            .pick("Điểm tối đa được tính", "Points counted")
            .to_string()],
        rows,
        max: s.groups.iter().map(|g| f64::from(g.max)).reduce(f64::max),
    }
}

fn group_view(g: &Group, l: Lang) -> impl IntoView {
    let id = format!("index-group-{}", g.id);
    view! {
        <section class="mc-index__group" aria-labelledby=id.clone()>
            <h3 class="mc-subsection__title" id=id.clone()>
                {l.text(&g.name)}": "{points_text(g.points, g.out_of, l)}
            </h3>
            <ul class="mc-index__figures">
                {g.figures.iter().map(|f| figure_view(f, l)).collect_view()}
            </ul>
        </section>
    }
}

fn figure_view(f: &IndexFigure, l: Lang) -> impl IntoView {
    let result = match (f.points, f.rate) {
        (Some(points), Some(rate)) => format!(
            "{} / {} = {} → {}",
            count_text(f.numerator, l),
            count_text(f.denominator, l),
            percent(rate, l),
            points_text(points, f.max, l)
        ),
        _ => match l {
            Lang::Vi => format!("Không tính điểm (tối đa {} điểm)", f.max),
            Lang::En => format!("Not scored (at most {} points)", f.max),
        },
    };
    view! {
        <li class="mc-index__figure" class:mc-index__figure--unscored=f.points.is_none()>
            <p class="mc-index__name"><strong>{format!("{} {}", f.id, l.text(&f.name))}</strong></p>
            <p class="mc-index__result">{result}</p>
            {f.why.as_ref().map(|w| view! { <p class="mc-index__why">{l.text(w)}</p> })}
            <p class="mc-index__how">
                <span class="mc-index__how-label">{l.pick("Cách tính: ", "How it is computed: ")}</span>
                {l.text(&f.how)}
            </p>
        </li>
    }
}

fn percent(rate: f64, l: Lang) -> String {
    let p = decimal_text(rate * 100.0, l);
    match l {
        Lang::Vi => format!("{p} %"),
        Lang::En => format!("{p}%"),
    }
}

fn ranking(ix: &Index766, l: Lang) -> impl IntoView {
    if ix.agencies.is_empty() {
        return view! {
            <p>{l.pick("Chưa có cơ quan nào để xếp hạng.", "No agencies to rank yet.")}</p>
        }
        .into_any();
    }
    let rows = ix
        .agencies
        .iter()
        .map(|a| {
            let q = StatsQuery {
                scope: Scope::Agency(a.agency.clone()).to_string(),
                from: ix.from.to_string(),
                to: ix.to.to_string(),
            };
            view! {
                <tr>
                    <td class="mc-data-table__number">{a.rank}</td>
                    <th scope="row" class="mc-data-table__name"><a href=paths::stats(&q)>{l.text(&a.name)}</a></th>
                    <td class="mc-data-table__number">{decimal2(a.score.on_100, l)}</td>
                    <td class="mc-data-table__number">{format!("{} / {}", decimal2(a.score.points, l), a.score.out_of)}</td>
                    <td>{a.pulls_down.first().map(|loss| loss_name(ix, loss, l)).unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mc-chart__table" role="region" tabindex="0" aria-labelledby="index-ranking-caption">
            <table class="mc-data-table">
                <caption class="mc-data-table__caption" id="index-ranking-caption">
                    {format!("{}, {}", l.pick("Các cơ quan theo điểm, cao nhất trước", "Agencies by score, highest first"), period_phrase(ix.from, ix.to, l))}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="mc-data-table__number">{l.pick("Hạng", "Rank")}</th>
                        <th scope="col">{l.pick("Cơ quan", "Agency")}</th>
                        <th scope="col" class="mc-data-table__number">{l.pick("Điểm / 100", "Score / 100")}</th>
                        <th scope="col" class="mc-data-table__number">{l.pick("Điểm / tối đa", "Points / counted")}</th>
                        <th scope="col">{l.pick("Kéo điểm xuống nhiều nhất", "Pulls the score down most")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
