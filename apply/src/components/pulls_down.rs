use leptos::prelude::*;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::index766::{AgencyScore, Index766, Loss};
use motcua_api::paths;
use motcua_api::query_string;
use motcua_api::stats::StatsQuery;

/// The index's page for a period: the address keeps the months, as the statistics' does.
pub fn index_path(q: &StatsQuery) -> String {
    let query = query_string(
        [("from", q.from.as_str()), ("to", q.to.as_str())]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
    );
    if query.is_empty() {
        paths::stats_index()
    } else {
        format!("{}?{query}", paths::stats_index())
    }
}

/// Points to hundredths as the index gives them, without trailing zeros: `48,16`, `15`.
pub fn decimal2(x: f64, l: Lang) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    match l {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// On an agency's statistics: the index's figures that cost it the most points over the same
/// period, biggest loss first, with the way to how each is computed.
#[component]
pub fn PullsDown(
    /// The agency whose losses are shown.
    agency: String,
    /// The period's first month, as the address gives it.
    from: String,
    /// The period's last month, as the address gives it.
    to: String,
) -> impl IntoView {
    let lang = use_lang();
    let q = StatsQuery {
        scope: String::new(),
        from,
        to,
    };
    let here = index_path(&q);
    let index = LocalResource::new(move || {
        let q = q.clone();
        async move { api::stats::index(&q).await }
    });
    view! {
        <section class="mc-section" aria-labelledby="stats-pulls-down">
            <h2 class="mc-section__title" id="stats-pulls-down">
                {move || lang.get().pick("Điều gì kéo điểm chỉ số 766 xuống", "What pulls the Decision 766 score down")}
            </h2>
            {move || {
                let l = lang.get();
                match index.get() {
                    None => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tính chỉ số…", "Computing the index…")/> }.into_any(),
                    Some(Err(_)) => view! { <p>{l.pick("Chưa tính được chỉ số.", "The index could not be computed.")}</p> }.into_any(),
                    Some(Ok(ix)) => match ix.agencies.iter().find(|a| a.agency == agency) {
                        None => view! { <p>{l.pick("Cơ quan này chưa được xếp hạng.", "This agency is not ranked.")}</p> }.into_any(),
                        Some(a) => losses_view(&ix, a, &here, l).into_any(),
                    },
                }
            }}
        </section>
    }
}

/// A lost figure's name, as the province's score gives it.
pub fn loss_name(ix: &Index766, loss: &Loss, l: Lang) -> String {
    ix.figure(&loss.figure)
        .map(|f| l.text(&f.name))
        .unwrap_or_default()
}

fn losses_view(ix: &Index766, a: &AgencyScore, index: &str, l: Lang) -> impl IntoView {
    view! {
        <p>{match l {
            Lang::Vi => format!("Hạng {} · {} / 100 điểm.", a.rank, decimal2(a.score.on_100, l)),
            Lang::En => format!("Rank {} · {} out of 100.", a.rank, decimal2(a.score.on_100, l)),
        }}</p>
        {if a.pulls_down.is_empty() {
            view! { <p>{l.pick("Không tiêu chí nào bị mất điểm.", "No figure loses points.")}</p> }.into_any()
        } else {
            view! {
                <ol class="mc-index__losses">
                    {a.pulls_down.iter().map(|loss| view! {
                        <li>{format!("{} {}: ", loss.figure, loss_name(ix, loss, l))}
                            <strong>{match l {
                                Lang::Vi => format!("mất {} điểm", decimal2(loss.lost, l)),
                                Lang::En => format!("{} points lost", decimal2(loss.lost, l)),
                            }}</strong>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <p><a href=index.to_string()>{l.pick("Cách tính từng tiêu chí", "How each figure is computed")}</a></p>
    }
}
