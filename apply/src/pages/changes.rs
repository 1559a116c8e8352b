use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::feedback::Changes as ChangeList;
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::day_text;

/// `/ban-noi-chung-toi-lam`: "you said, we did" — what agencies changed because of feedback, newest
/// first, each with what was said (the published title, or only the kind of problem).
#[component]
pub fn Changes() -> impl IntoView {
    let lang = use_lang();
    let address = use_query_map();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Bạn nói, chúng tôi làm", "You said, we did"),
        )
    });
    let page = Memo::new(move |_| {
        address.with(|a| {
            a.get("trang")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        })
    });
    let found = LocalResource::new(move || {
        let page = page.get();
        async move { api::feedback::changes(page).await }
    });
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{move || lang.get().pick("Bạn nói, chúng tôi làm", "You said, we did")}</h1>
            <p>{move || lang.get().pick(
                "Những thay đổi các cơ quan đã thực hiện sau phản ánh, kiến nghị của người dân.",
                "What agencies changed after people's feedback and complaints.",
            )}</p>
            <p><a href=paths::send_feedback(None)>{move || lang.get().pick("Gửi phản ánh, kiến nghị", "Send feedback or a complaint")}</a></p>
            <Loaded
                data=Signal::derive(move || found.get())
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được danh sách.", "The list could not be loaded.")
                here=Signal::derive(move || format!("{}?trang={}", paths::changes(), page.get()))
                let:list
            >
                {move || changes(list.clone(), lang.get())}
            </Loaded>
        </div>
    }
}

fn changes(list: ChangeList, l: Lang) -> impl IntoView {
    if list.items.is_empty() {
        return view! {
            <Notice kind=NoticeKind::Empty title=tr("Chưa có thay đổi nào được ghi nhận.", "No change recorded yet.")/>
        }
        .into_any();
    }
    let page = list.page;
    let more = u64::from(page) * (list.items.len() as u64) < list.total;
    view! {
        <ol class="mc-timeline">
            {list.items.into_iter().map(|c| view! {
                <li class="mc-timeline__item">
                    <p class="mc-timeline__when">{format!("{} · {}", day_text(c.at, l), l.text(&c.agency_name))}</p>
                    <p class="mc-timeline__label">{l.pick("Bạn nói:", "You said:")}</p>
                    <p>{if c.published {
                        view! { <a href=paths::question(&c.code)>{c.said.clone()}</a> }.into_any()
                    } else if c.category_name.vi.is_empty() {
                        c.said.clone().into_any()
                    } else {
                        l.text(&c.category_name).into_any()
                    }}</p>
                    <p class="mc-timeline__label">{l.pick("Chúng tôi đã làm:", "We did:")}</p>
                    <p class="mc-timeline__note">{c.did.clone()}</p>
                </li>
            }).collect_view()}
        </ol>
        {(page > 1 || more).then(|| view! {
            <nav class="mc-pagination" aria-label=l.pick("Phân trang", "Pagination")>
                {(page > 1).then(|| view! { <a class="mc-pagination__step" rel="prev" href=format!("{}?trang={}", paths::changes(), page - 1)>{l.pick("‹ Trang trước", "‹ Previous")}</a> })}
                {more.then(|| view! { <a class="mc-pagination__step" rel="next" href=format!("{}?trang={}", paths::changes(), page + 1)>{l.pick("Trang sau ›", "Next ›")}</a> })}
            </nav>
        })}
    }
    .into_any()
}
