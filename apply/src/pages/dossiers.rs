use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::format::count;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{DossierList, PageFrom, Status};
use motcua_api::{paths, SearchRequest};

use crate::components::{DossierTags, Loaded};
use crate::dates::{date_text, day_text};
use crate::go;

/// `/ho-so`: "my dossiers", newest first, 20 a page, filtered by status (`?trang-thai=`), each with
/// its status, dates and how it stands against its deadline.
#[component]
pub fn Dossiers() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(lang.get().pick("Hồ sơ của tôi", "My dossiers")));
    let status = Memo::new(move |_| {
        query
            .with(|q| q.get("trang-thai"))
            .filter(|s| Status::parse(s).is_some())
            .unwrap_or_default()
    });
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("trang"))
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    });
    // Where the page starts (or ends) when it was reached by "Next" (or "Previous"): read from
    // there, not counted to.
    let from = Memo::new(move |_| {
        query.with(|q| match (q.get("sau"), q.get("truoc")) {
            (Some(after), _) => PageFrom::After(after),
            (None, Some(before)) => PageFrom::Before(before),
            (None, None) => PageFrom::Number,
        })
    });
    let list = LocalResource::new(move || {
        let (s, p, f) = (status.get(), page.get(), from.get());
        async move { api::lifecycle::dossiers(Some(&s), p, &f).await }
    });
    let chosen = RwSignal::new(status.get_untracked());
    Effect::new(move |_| chosen.set(status.get()));
    let filter = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(&navigate, &paths::dossiers(&chosen.get_untracked(), 1));
        }
    };
    view! {
        <div class="mc-page">
            <h1 class="mc-page__title">{move || lang.get().pick("Hồ sơ của tôi", "My dossiers")}</h1>
            <form class="mc-filter-bar" method="get" action=paths::dossiers("", 1) on:submit=filter>
                <div class="mc-filter-bar__field">
                    <label class="mc-label" for="trang-thai">{move || lang.get().pick("Trạng thái", "Status")}</label>
                    <select class="mc-select" id="trang-thai" name="trang-thai" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="" selected=move || chosen.get().is_empty()>{move || lang.get().pick("Tất cả", "All")}</option>
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.id() selected=move || chosen.get() == s.id()>{move || lang.get().text(&s.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="mc-button mc-button--secondary" type="submit">{move || lang.get().pick("Lọc", "Filter")}</button>
            </form>
            <Loaded
                data=Signal::derive(move || list.get())
                loading=tr("Đang tải danh sách hồ sơ…", "Loading your dossiers…")
                failed=tr("Chưa tải được danh sách hồ sơ.", "Your dossiers could not be loaded.")
                here=Signal::derive(move || paths::dossiers_from(&status.get(), page.get(), &from.get()))
                let:list
            >
                {
                    let s = status.get_untracked();
                    move || results(&list, &s, lang.get())
                }
            </Loaded>
        </div>
    }
}

fn results(list: &DossierList, status: &str, l: Lang) -> AnyView {
    if list.items.is_empty() {
        let filtered = !status.is_empty();
        return view! {
            <Notice kind=NoticeKind::Empty title=Signal::derive(move || if filtered { l.pick("Không có hồ sơ nào ở trạng thái này.", "No dossier has this status.") } else { l.pick("Bạn chưa nộp hồ sơ nào.", "You have not submitted any application yet.") }.to_string())>
                <p>{if filtered {
                    view! { <a href=paths::dossiers("", 1)>{l.pick("Xem tất cả hồ sơ", "See all dossiers")}</a> }.into_any()
                } else {
                    view! { <a href=l.address(&paths::search(&SearchRequest::default()))>{l.pick("Tìm thủ tục để nộp trực tuyến", "Find a procedure to apply for online")}</a> }.into_any()
                }}</p>
            </Notice>
        }
        .into_any();
    }
    let pages = (list.total as u32).div_ceil(list.per_page.max(1));
    let page = list.page;
    let total = match l {
        Lang::Vi => format!("{} hồ sơ", count(list.total, l)),
        Lang::En if list.total == 1 => "1 dossier".to_string(),
        Lang::En => format!("{} dossiers", count(list.total, l)),
    };
    view! {
        <p class="mc-results__count" role="status">{total}</p>
        <ul class="mc-dossier-list">
            {list.items.iter().map(|d| view! {
                <li class="mc-dossier-list__item">
                    <h2 class="mc-dossier-list__title">
                        <a class="mc-dossier-list__link" href=paths::dossier(&d.code)>{l.text(&d.procedure_name)}</a>
                    </h2>
                    <p class="mc-dossier-list__code">{format!("{} {}", l.pick("Mã hồ sơ", "Code"), d.code)}</p>
                    <p class="mc-dossier-list__tags"><DossierTags status=d.status timeliness=d.timeliness days_left=d.days_left lang=l/></p>
                    <p class="mc-dossier-list__dates">{format!("{} {} · {} {}", l.pick("Nộp ngày", "Submitted"), day_text(d.submitted_at, l), l.pick("Hạn trả", "Due"), date_text(d.due_date, l))}</p>
                </li>
            }).collect_view()}
        </ul>
        {(pages > 1).then(|| view! {
            <nav class="mc-pagination" aria-label=l.pick("Phân trang", "Pagination")>
                {list.previous.as_deref().map(|before| view! { <a class="mc-pagination__step" rel="prev" href=paths::dossiers_from(status, (page - 1).max(1), &PageFrom::Before(before.to_string()))>{l.pick("‹ Trang trước", "‹ Previous")}</a> })}
                <span class="mc-pagination__where">{match l { Lang::Vi => format!("Trang {page} / {pages}"), Lang::En => format!("Page {page} of {pages}") }}</span>
                {list.next.as_deref().map(|next| view! { <a class="mc-pagination__step" rel="next" href=paths::dossiers_from(status, page + 1, &PageFrom::After(next.to_string()))>{l.pick("Trang sau ›", "Next ›")}</a> })}
            </nav>
        })}
    }
    .into_any()
}
