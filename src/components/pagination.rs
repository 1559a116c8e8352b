use leptos::prelude::*;
use motcua_api::{paths, SearchRequest};

use crate::i18n::Lang;

fn href(req: &SearchRequest, page: u32, lang: Lang) -> String {
    let mut r = req.clone();
    r.page = page;
    lang.address(&paths::search(&r))
}

/// Pages of results as links, so every page has its own URL and works with the back button.
#[component]
pub fn Pagination(
    /// The search shown now.
    req: SearchRequest,
    /// How many results there are in all.
    total: u32,
    /// The language of the labels; the links are redrawn when it changes.
    lang: Lang,
) -> impl IntoView {
    let pages = total.div_ceil(req.per_page.max(1));
    if pages <= 1 {
        return None;
    }
    let current = req.page;
    let mut shown: Vec<u32> = [1, current.saturating_sub(1), current, current + 1, pages]
        .into_iter()
        .filter(|p| (1..=pages).contains(p))
        .collect();
    shown.dedup();
    let mut items = Vec::new();
    let mut last = 0;
    for p in shown {
        if p > last + 1 {
            items.push(
                view! { <li class="mc-pagination__ellipsis" aria-hidden="true">"…"</li> }
                    .into_any(),
            );
        }
        last = p;
        let link = href(&req, p, lang);
        items.push(if p == current {
            view! {
                <li class="mc-pagination__item mc-pagination__item--current">
                    <a class="mc-pagination__link" href=link aria-current="page">
                        <span class="mc-visually-hidden">{lang.pick("Trang ", "Page ")}</span>
                        {p}
                    </a>
                </li>
            }
            .into_any()
        } else {
            view! {
                <li class="mc-pagination__item">
                    <a class="mc-pagination__link" href=link>
                        <span class="mc-visually-hidden">{lang.pick("Trang ", "Page ")}</span>
                        {p}
                    </a>
                </li>
            }
            .into_any()
        });
    }
    let prev = (current > 1).then(|| {
        let link = href(&req, current - 1, lang);
        view! {
            <a class="mc-pagination__step" href=link rel="prev">
                {lang.pick("‹ Trang trước", "‹ Previous")}
            </a>
        }
    });
    let next = (current < pages).then(|| {
        let link = href(&req, current + 1, lang);
        view! {
            <a class="mc-pagination__step" href=link rel="next">
                {lang.pick("Trang sau ›", "Next ›")}
            </a>
        }
    });
    Some(view! {
        <nav class="mc-pagination" aria-label=lang.pick("Phân trang", "Pagination")>
            {prev}
            <ul class="mc-pagination__list">{items}</ul>
            {next}
        </nav>
    })
}
