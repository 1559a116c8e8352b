use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use motcua_api::{paths, FieldList, SearchRequest};

use super::tracking;
use crate::api;
use crate::components::{Notice, NoticeKind, SearchBox};
use crate::i18n::{set_title, use_lang, Lang};

/// The page's title, which is also its heading.
pub fn title(l: Lang) -> &'static str {
    l.pick("Tìm thủ tục hành chính", "Find a public service")
}

/// Where everyone starts: one search box, and the fields to browse for those who would rather look.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(title(lang.get())));
    let fields = api::fetched::<FieldList, _>(|| Ok(api::FIELDS_PATH.to_string()));
    let on_search = Callback::new(move |q: String| {
        let req = SearchRequest {
            q,
            ..SearchRequest::default()
        };
        navigate(
            &lang.get_untracked().address(&paths::search(&req)),
            NavigateOptions::default(),
        );
    });
    view! {
        <div class="mc-hero">
            <div class="mc-hero__inner">
                <h1 class="mc-hero__title">{move || title(lang.get())}</h1>
                <p class="mc-hero__lead">
                    {move || lang.get().pick(
                        "Biết cần giấy tờ gì, mất bao lâu, tốn bao nhiêu và nộp ở đâu – trước khi bạn đi.",
                        "Know which documents you need, how long it takes, what it costs and where to apply – before you go.",
                    )}
                </p>
                <SearchBox initial=String::new() on_search=on_search large=true/>
            </div>
        </div>
        // Sent to the tracking page, which the server answers with the status: a POST, so the check
        // stays out of addresses and logs. Above the fields, which may arrive later, so it never moves
        // under a finger.
        <section class="mc-section" aria-labelledby="track-heading">
            <h2 class="mc-section__title" id="track-heading">{move || lang.get().pick("Tra cứu hồ sơ đã nộp", "Track a dossier")}</h2>
            <form class="mc-track" method="post" action=move || lang.get().address(&paths::tracking(""))>
                <label class="mc-label" for="track-code">{move || lang.get().pick("Mã hồ sơ", "Dossier code")}</label>
                <input class="mc-input mc-track__input" id="track-code" name=tracking::CODE_FIELD autocomplete="off"/>
                <label class="mc-label" for="track-check">{move || lang.get().pick("Mã tra cứu, số điện thoại hoặc số định danh", "Tracking PIN, phone or ID number")}</label>
                <input class="mc-input mc-track__input" id="track-check" name=tracking::CHECK_FIELD autocomplete="off"/>
                <button class="mc-button" type="submit">{move || lang.get().pick("Tra cứu", "Track")}</button>
            </form>
        </section>
        <section class="mc-section" aria-labelledby="fields-heading">
            <h2 class="mc-section__title" id="fields-heading">
                {move || lang.get().pick("Tra cứu theo lĩnh vực", "Browse by field")}
            </h2>
            {move || match fields.get() {
                    None => view! {
                        <Notice kind=NoticeKind::Loading title=Signal::derive(move || lang.get().pick("Đang tải danh sách lĩnh vực…", "Loading the fields…").to_string())/>
                    }.into_any(),
                    Some(result) => match result {
                    Ok(list) => view! {
                        <ul class="mc-field-list">
                            {list.items.into_iter().filter(|f| f.count > 0).map(|f| {
                                let href = lang.get().address(&paths::search(&SearchRequest { field: Some(f.id.clone()), ..SearchRequest::default() }));
                                let name = f.name;
                                let count = f.count;
                                view! {
                                    <li class="mc-field-list__item">
                                        <a class="mc-field-list__link" href=href>
                                            <span class="mc-field-list__name">{move || lang.get().text(&name)}</span>
                                            <span class="mc-field-list__count">{move || crate::format::procedures(count, lang.get())}</span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! {
                        <Notice kind=NoticeKind::Error title=Signal::derive(move || lang.get().pick("Chưa tải được danh sách lĩnh vực.", "The list of fields could not be loaded.").to_string())>
                            <p>{move || lang.get().pick("Bạn vẫn có thể tìm kiếm ở trên, hoặc tải lại trang sau ít phút.", "You can still search above, or reload the page in a few minutes.")}</p>
                        </Notice>
                    }.into_any(),
                }}}
        </section>
    }
}
