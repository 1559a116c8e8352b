use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use motcua_api::{paths, FacetValue, OnlineType, SearchRequest, SearchResponse};

use crate::api::{self, ApiError};
use crate::components::{
    FacetSelect, Notice, NoticeKind, Pagination, ProcedureCard, SearchBox, SearchReading,
};
use crate::i18n::{set_title, use_lang, Lang};

/// The search results. Everything that shapes them lives in the URL, so a search can be shared,
/// reloaded, and walked back and forth with the browser's buttons.
#[component]
pub fn Results() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let parsed = Memo::new(move |_| {
        query.with(|m| SearchRequest::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let results = api::fetched::<SearchResponse, _>(move || {
        parsed
            .get()
            .map(|req| api::search_path(&req))
            .map_err(ApiError::Invalid)
    });
    let current = move || parsed.get().unwrap_or_default();

    Effect::new(move |_| set_title(&title(&current(), lang.get())));

    let go = {
        let navigate = navigate.clone();
        move |req: SearchRequest| {
            navigate(
                &lang.get_untracked().address(&paths::search(&req)),
                NavigateOptions::default(),
            );
        }
    };
    let on_search = {
        let go = go.clone();
        Callback::new(move |q: String| {
            go(SearchRequest {
                q,
                page: 1,
                ..current()
            })
        })
    };
    let on_filter = {
        let go = go.clone();
        Callback::new(move |(param, value): (&'static str, Option<String>)| {
            let mut req = current();
            req.page = 1;
            match param {
                "field" => req.field = value,
                "agency" => req.agency = value,
                "level" => req.level = value,
                _ => req.online = value.as_deref().and_then(OnlineType::parse),
            }
            go(req)
        })
    };

    view! {
        <div class="mc-page">
            <h1 class="mc-page__title">
                {move || lang.get().pick("Tìm thủ tục hành chính", "Find a public service")}
            </h1>
            // Rebuilt when the query changes, so the box always shows the search on screen.
            {move || {
                let q = current().q;
                view! { <SearchBox initial=q on_search=on_search/> }
            }}
            {move || match results.get() {
                None => view! {
                    <Notice kind=NoticeKind::Loading title=Signal::derive(move || lang.get().pick("Đang tìm…", "Searching…").to_string())/>
                }.into_any(),
                Some(result) => match result {
                    Ok(response) => {
                        let req = current();
                        (move || results_view(&response, &req, lang.get(), on_filter)).into_any()
                    }
                    Err(error) => view! { <SearchError error=error/> }.into_any(),
                }}}
        </div>
    }
}

/// The page's title: the words searched for, or the whole catalogue.
pub fn title(req: &SearchRequest, l: Lang) -> String {
    let q = &req.q;
    match (l, q.is_empty()) {
        (Lang::Vi, true) => "Danh sách thủ tục".to_string(),
        (Lang::En, true) => "All procedures".to_string(),
        (Lang::Vi, false) => format!("Kết quả tìm kiếm “{q}”"),
        (Lang::En, false) => format!("Search results for “{q}”"),
    }
}

/// The filters, the count and the list, drawn in one language and redrawn whole when it changes.
fn results_view(
    response: &SearchResponse,
    req: &SearchRequest,
    l: Lang,
    on_filter: Callback<(&'static str, Option<String>)>,
) -> AnyView {
    let facets = &response.facets;
    let total = response.total;
    let active_filters = [
        req.field.is_some(),
        req.agency.is_some(),
        req.level.is_some(),
        req.online.is_some(),
    ]
    .into_iter()
    .filter(|x| *x)
    .count();
    let clear_href = l.address(&paths::search(&SearchRequest {
        q: req.q.clone(),
        ..SearchRequest::default()
    }));
    let facet = |id: &'static str,
                 label: &'static str,
                 values: &Vec<FacetValue>,
                 selected: Option<String>| {
        view! {
            <FacetSelect id=id label=label lang=l values=values.clone() selected=selected on_change=on_filter/>
        }
    };
    let count = crate::format::procedures(total, l);
    let summary = match (l, req.q.is_empty()) {
        (_, true) => count,
        (Lang::Vi, false) => format!("{count} cho “{}”", req.q),
        (Lang::En, false) => format!("{count} for “{}”", req.q),
    };
    let has_filters = req.has_filters();
    let list = if response.items.is_empty() {
        let clear_href = clear_href.clone();
        view! {
            <Notice kind=NoticeKind::Empty title=l.pick("Không tìm thấy thủ tục nào phù hợp.", "No procedure matches.").to_string()>
                <ul class="mc-list">
                    <li>{l.pick("Kiểm tra chính tả, hoặc dùng ít từ hơn.", "Check the spelling, or use fewer words.")}</li>
                    {has_filters.then(|| view! {
                        <li><a href=clear_href.clone()>{l.pick("Bỏ các bộ lọc", "Remove the filters")}</a></li>
                    })}
                    <li><a href=l.address(&paths::home())>{l.pick("Tra cứu theo lĩnh vực", "Browse by field")}</a></li>
                    <li>{l.pick("Hoặc gọi đường dây nóng 1900 561 563 để được hướng dẫn.", "Or call the help line 1900 561 563 for advice.")}</li>
                </ul>
            </Notice>
        }
        .into_any()
    } else {
        view! {
            <ol class="mc-results__list">
                {response.items.iter().map(|item| view! { <ProcedureCard item=item.clone() lang=l/> }).collect_view()}
            </ol>
            <Pagination req=req.clone() total=total lang=l/>
        }
        .into_any()
    };
    let filters_title = match (l, active_filters) {
        (Lang::Vi, 0) => "Lọc kết quả".to_string(),
        (Lang::En, 0) => "Filter results".to_string(),
        (Lang::Vi, n) => format!("Lọc kết quả ({n} bộ lọc đang dùng)"),
        (Lang::En, n) => format!("Filter results ({n} in use)"),
    };
    view! {
        <div class="mc-results">
            <details class="mc-filters" open={active_filters > 0}>
                <summary class="mc-filters__summary">{filters_title}</summary>
                // A form of its own, so the filters work before (or without) the app: with it, each
                // choice applies at once.
                <form class="mc-filters__body" method="get" action=l.address(&paths::search(&SearchRequest::default()))>
                    {(!req.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=req.q.clone()/> })}
                    {facet("field", l.pick("Lĩnh vực", "Field"), &facets.field, req.field.clone())}
                    {facet("agency", l.pick("Cơ quan thực hiện", "Agency"), &facets.agency, req.agency.clone())}
                    {facet("level", l.pick("Cấp thực hiện", "Level"), &facets.level, req.level.clone())}
                    {facet("online", l.pick("Dịch vụ công trực tuyến", "Online service"), &facets.online, req.online.map(|o| o.id().to_string()))}
                    {has_filters.then(|| view! {
                        <a class="mc-filters__clear" href=clear_href.clone()>{l.pick("Bỏ tất cả bộ lọc", "Clear all filters")}</a>
                    })}
                    <button class="mc-button mc-button--secondary mc-filters__apply" type="submit">{l.pick("Áp dụng bộ lọc", "Apply filters")}</button>
                </form>
            </details>
            <p class="mc-results__count" role="status">{summary}</p>
            <SearchReading reading=response.reading.clone() req=req.clone() found={total > 0} lang=l/>
            {list}
        </div>
    }
    .into_any()
}

#[component]
fn SearchError(error: ApiError) -> impl IntoView {
    let lang = use_lang();
    match error {
        ApiError::Invalid(_) => view! {
            <Notice kind=NoticeKind::Error title=Signal::derive(move || lang.get().pick("Địa chỉ tìm kiếm này không hợp lệ.", "This search address is not valid.").to_string())>
                <p><a href=move || lang.get().address(&paths::search(&SearchRequest::default()))>{move || lang.get().pick("Bắt đầu tìm kiếm mới", "Start a new search")}</a></p>
            </Notice>
        }
        .into_any(),
        _ => view! {
            <Notice kind=NoticeKind::Error title=Signal::derive(move || lang.get().pick("Không kết nối được với máy chủ.", "We could not reach the server.").to_string())>
                <p>{move || lang.get().pick("Kiểm tra kết nối mạng rồi tải lại trang. Nội dung bạn đã nhập vẫn còn trong ô tìm kiếm.", "Check your connection, then reload the page. What you typed is still in the search box.")}</p>
            </Notice>
        }
        .into_any(),
    }
}
