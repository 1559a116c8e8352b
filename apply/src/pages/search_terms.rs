use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::paths;
use motcua_api::{SearchMiss, Synonym, SynonymRequest};

use crate::components::{in_words, said, ErrorSummary, FieldErrors, Loaded, TextField};
use crate::dates::{day_text, iso_time};
use crate::live::focus_id;

/// The form's fields, named as the server's problems name them.
const SAY: &str = "say";
const MEAN: &str = "mean";
/// Where the news of a removal is said, and the focus goes once the row and its buttons are gone.
const REMOVED: &str = "synonyms-removed";

/// `/can-bo/tu-tim-kiem`: for the officers of the agency that keeps the catalogue, what people
/// searched for and did not find (the most frequent first), a form to teach the search the words
/// they used, and the synonyms it knows. Everyone else is told it is not theirs.
#[component]
pub fn SearchTerms() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        set_title(lang.get().pick(
            "Từ người dân tìm mà chưa thấy",
            "What people searched for and did not find",
        ))
    });
    let misses = LocalResource::new(api::search_terms::misses);
    let synonyms = LocalResource::new(api::search_terms::synonyms);
    let data = Signal::derive(move || {
        Some(match (misses.get()?, synonyms.get()?) {
            (Ok(m), Ok(s)) => Ok((m.items, s.items)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        })
    });
    view! {
        <div class="mc-page">
            <Loaded
                data=data
                loading=tr("Đang tải các tìm kiếm…", "Loading the searches…")
                failed=tr("Chưa tải được các tìm kiếm.", "The searches could not be loaded.")
                here=paths::search_terms()
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ quản lý danh mục thủ tục", "For the officers who keep the catalogue only")}</h1>
                    <p>{move || lang.get().pick(
                        "Chỉ cán bộ của cơ quan quản lý danh mục thủ tục hành chính xem các tìm kiếm chưa có kết quả và thêm từ đồng nghĩa.",
                        "Only officers of the agency that keeps the catalogue of procedures see the searches that found nothing and add synonyms.",
                    )}</p>
                    <p><a href=paths::queue()>{move || lang.get().pick("Về danh sách hồ sơ cần xử lý", "Back to the queue")}</a></p>
                }
                let:loaded
            >
                <Body misses=loaded.0 synonyms=loaded.1/>
            </Loaded>
        </div>
    }
}

#[component]
fn Body(misses: Vec<SearchMiss>, synonyms: Vec<Synonym>) -> impl IntoView {
    let lang = use_lang();
    let misses = RwSignal::new(misses);
    let (catalogue, officers): (Vec<_>, Vec<_>) =
        synonyms.into_iter().partition(|s| s.id.is_none());
    let officers = RwSignal::new(officers);
    let say = RwSignal::new(String::new());
    let mean = RwSignal::new(String::new());
    let added = RwSignal::new(None::<Synonym>);
    let removed = RwSignal::new(None::<Synonym>);
    // A synonym changes what the misses find now.
    let reload_misses = move || {
        leptos::task::spawn_local(async move {
            if let Ok(m) = api::search_terms::misses().await {
                misses.set(m.items);
            }
        })
    };
    let on_added = Callback::new(move |s: Synonym| {
        removed.set(None);
        officers.update(|o| o.insert(0, s.clone()));
        added.set(Some(s));
        reload_misses();
    });
    let on_removed = Callback::new(move |s: Synonym| {
        added.set(None);
        officers.update(|o| o.retain(|x| x.id != s.id));
        removed.set(Some(s));
        request_animation_frame(|| focus_id(REMOVED));
        reload_misses();
    });
    let pick = Callback::new(move |query: String| {
        say.set(query);
        added.set(None);
        focus_id(MEAN);
    });
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Từ người dân tìm mà chưa thấy", "What people searched for and did not find")}</h1>
        <p>{move || lang.get().pick(
            "Các tìm kiếm không ra thủ tục nào, hoặc không khớp đủ mọi từ, được đếm ở đây: chỉ đếm từ đã gõ, không ghi ai tìm. Thêm từ đồng nghĩa để ngay lần tìm sau, tìm kiếm hiểu các từ đó.",
            "Searches that found no procedure, or not every word, are counted here: the words only, never who searched. Add a synonym and from the next search on, the search understands those words.",
        )}</p>
        <section class="mc-section" aria-labelledby="misses-heading">
            <h2 class="mc-section__title" id="misses-heading">{move || lang.get().pick("Tìm nhiều nhất mà chưa thấy", "The most frequent misses")}</h2>
            {move || {
                let items = misses.get();
                if items.is_empty() {
                    view! {
                        <Notice kind=NoticeKind::Empty title=tr("Chưa có tìm kiếm nào không ra kết quả.", "No search has come up empty yet.")>
                            <p>{move || lang.get().pick("Tìm kiếm mới không ra kết quả sẽ hiện ở đây.", "New searches that find nothing appear here.")}</p>
                        </Notice>
                    }.into_any()
                } else {
                    view! { <MissTable items=items pick=pick/> }.into_any()
                }
            }}
        </section>
        <SynonymForm say=say mean=mean added=added on_added=on_added/>
        <section class="mc-section" aria-labelledby="synonyms-heading">
            <h2 class="mc-section__title" id="synonyms-heading">{move || lang.get().pick("Từ đồng nghĩa", "Synonyms")}</h2>
            <p class="mc-success" id=REMOVED tabindex="-1" role="status">{move || {
                let l = lang.get();
                removed.get().map(|s| match l {
                    Lang::Vi => format!("Đã xóa “{}” nghĩa là “{}”. Tìm kiếm thôi dùng từ này ngay.", s.say, s.mean),
                    Lang::En => format!("Removed “{}” meaning “{}”. The search no longer uses it.", s.say, s.mean),
                })
            }}</p>
            <h3 class="mc-subsection__title">{move || lang.get().pick("Do cán bộ thêm", "Added by officers")}</h3>
            <Show
                when=move || !officers.with(Vec::is_empty)
                fallback=move || view! { <p>{move || lang.get().pick("Chưa có từ nào do cán bộ thêm.", "No officer has added one yet.")}</p> }
            >
                <OfficersSynonyms officers=officers on_removed=on_removed/>
            </Show>
            <h3 class="mc-subsection__title">{move || lang.get().pick("Có sẵn trong danh mục", "From the catalogue")}</h3>
            <CatalogueSynonyms items=catalogue.clone()/>
        </section>
    }
}

/// The misses as a table (each row a card on a phone), each with a button that starts a synonym
/// for its words.
#[component]
fn MissTable(items: Vec<SearchMiss>, pick: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let rows = items
            .iter()
            .map(|m| {
                let query = m.query.clone();
                view! {
                    <tr class="mc-search-terms__row">
                        <th scope="row" class="mc-search-terms__cell mc-search-terms__query" data-label=l.pick("Từ đã tìm", "Searched for")>{m.query.clone()}</th>
                        <td class="mc-search-terms__cell" data-label=l.pick("Số lượt", "Searches")>{count_text(m.count, l)}</td>
                        <td class="mc-search-terms__cell" data-label=l.pick("Lần cuối", "Last searched")>
                            <time datetime=iso_time(m.last_at)>{day_text(m.last_at, l)}</time>
                        </td>
                        <td class="mc-search-terms__cell" data-label=l.pick("Bây giờ", "Now")>{found_text(m.found_now, l)}</td>
                        <td class="mc-search-terms__cell mc-search-terms__cell--action">
                            <button class="mc-button mc-button--secondary mc-search-terms__pick" type="button" on:click=move |_| pick.run(query.clone())>
                                {l.pick("Thêm từ đồng nghĩa", "Add a synonym")}
                                <span class="mc-visually-hidden">{match l {
                                    Lang::Vi => format!(" cho “{}”", m.query),
                                    Lang::En => format!(" for “{}”", m.query),
                                }}</span>
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="mc-search-terms__table">
                <caption class="mc-visually-hidden">{l.pick("Các tìm kiếm chưa thấy, nhiều nhất trước", "Searches that missed, the most frequent first")}</caption>
                <thead class="mc-search-terms__head">
                    <tr>
                        <th scope="col">{l.pick("Từ đã tìm", "Searched for")}</th>
                        <th scope="col">{l.pick("Số lượt", "Searches")}</th>
                        <th scope="col">{l.pick("Lần cuối", "Last searched")}</th>
                        <th scope="col">{l.pick("Bây giờ", "Now")}</th>
                        <th scope="col"><span class="mc-visually-hidden">{l.pick("Thao tác", "Actions")}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    }
}

fn count_text(n: u32, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{n} lượt"),
        Lang::En if n == 1 => "1 search".to_string(),
        Lang::En => format!("{n} searches"),
    }
}

fn found_text(n: u32, l: Lang) -> String {
    match (l, n) {
        (Lang::Vi, 0) => "chưa tìm thấy thủ tục nào".to_string(),
        (Lang::Vi, n) => format!("tìm thấy {n} thủ tục"),
        (Lang::En, 0) => "finds no procedure yet".to_string(),
        (Lang::En, 1) => "finds 1 procedure".to_string(),
        (Lang::En, n) => format!("finds {n} procedures"),
    }
}

/// The form that teaches the search a synonym: its rules checked here first, then the server's
/// (whether the meaning's words are in the catalogue), errors beside each field and in a summary.
#[component]
fn SynonymForm(
    say: RwSignal<String>,
    mean: RwSignal<String>,
    added: RwSignal<Option<Synonym>>,
    on_added: Callback<Synonym>,
) -> impl IntoView {
    let lang = use_lang();
    let errors = RwSignal::new(FieldErrors::new());
    let failed = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let req = SynonymRequest {
            say: say.get_untracked().trim().to_string(),
            mean: mean.get_untracked().trim().to_string(),
        };
        let found = in_words(req.problems());
        added.set(None);
        failed.set(false);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::search_terms::add_synonym(&req).await;
            sending.set(false);
            match result {
                Ok(s) => {
                    say.set(String::new());
                    mean.set(String::new());
                    on_added.run(s);
                }
                Err(ApiError::Invalid(body)) => errors.set(said(&body)),
                Err(_) => failed.set(true),
            }
        });
    };
    let general = Signal::derive(move || {
        failed.get().then(|| {
            lang.get()
                .pick(
                    "Chưa lưu được từ đồng nghĩa. Kiểm tra kết nối mạng rồi thử lại.",
                    "The synonym could not be saved. Check your connection and try again.",
                )
                .to_string()
        })
    });
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <section class="mc-section mc-search-terms__add" aria-labelledby="add-heading">
            <h2 class="mc-section__title" id="add-heading">{move || lang.get().pick("Thêm từ đồng nghĩa", "Add a synonym")}</h2>
            <p>{move || lang.get().pick(
                "Khi người dân gõ các từ của họ, tìm kiếm tìm cả các thủ tục có từ trong danh mục mà các từ đó chỉ.",
                "When people type their words, the search also finds the procedures with the catalogue's words they stand for.",
            )}</p>
            <ErrorSummary errors=e general=general/>
            <p class="mc-success" role="status">{move || {
                let l = lang.get();
                added.get().map(|s| match l {
                    Lang::Vi => format!("Đã thêm: “{}” nghĩa là “{}”. Tìm kiếm dùng từ này ngay từ lần sau.", s.say, s.mean),
                    Lang::En => format!("Added: “{}” means “{}”. The search uses it from the next search on.", s.say, s.mean),
                })
            }}</p>
            <form class="mc-form" novalidate on:submit=submit>
                <TextField
                    id=SAY
                    label=tr("Người dân gõ", "What people type")
                    hint=tr(
                        "Từ quen dùng, tên cũ hoặc chữ viết tắt, ví dụ “sổ hồng”.",
                        "An everyday word, an old name or an abbreviation, for example “sổ hồng” (the pink book).",
                    )
                    value=say
                    errors=e
                />
                <TextField
                    id=MEAN
                    label=tr("Nghĩa là (từ trong tên thủ tục)", "Meaning (words of a procedure's name)")
                    hint=tr(
                        "Từ trong danh mục thủ tục, ví dụ “giấy chứng nhận quyền sử dụng đất”.",
                        "The catalogue's words, for example “giấy chứng nhận quyền sử dụng đất” (land use right certificate).",
                    )
                    value=mean
                    errors=e
                />
                <button class="mc-button" type="submit" disabled=move || sending.get()>
                    {move || if sending.get() {
                        lang.get().pick("Đang lưu…", "Saving…")
                    } else {
                        lang.get().pick("Lưu từ đồng nghĩa", "Save the synonym")
                    }}
                </button>
            </form>
        </section>
    }
}

/// The synonyms officers added, newest first, each with a remove button that asks first.
#[component]
fn OfficersSynonyms(
    officers: RwSignal<Vec<Synonym>>,
    on_removed: Callback<Synonym>,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(None::<i64>);
    let sending = RwSignal::new(false);
    let failed = RwSignal::new(None::<i64>);
    let remove = Callback::new(move |s: Synonym| {
        let Some(id) = s.id else { return };
        sending.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let result = api::search_terms::remove_synonym(id).await;
            sending.set(false);
            confirming.set(None);
            match result {
                Ok(()) => on_removed.run(s),
                Err(_) => failed.set(Some(id)),
            }
        });
    });
    let row = move |s: Synonym| {
        let id = s.id.unwrap_or_default();
        let ask_id = format!("synonym-{id}-remove");
        let question = format!("synonym-{id}-confirm");
        let asking = move || confirming.get() == Some(id);
        let ask = {
            let question = question.clone();
            move |_| {
                confirming.set(Some(id));
                let question = question.clone();
                request_animation_frame(move || focus_id(&question));
            }
        };
        let no = {
            let ask_id = ask_id.clone();
            move |_| {
                confirming.set(None);
                let ask_id = ask_id.clone();
                request_animation_frame(move || focus_id(&ask_id));
            }
        };
        let yes = {
            let s = s.clone();
            move |_| remove.run(s.clone())
        };
        let (say, mean) = (s.say.clone(), s.mean.clone());
        let by = s.added_by.clone().unwrap_or_default();
        let at = s.added_at;
        view! {
            <tr class="mc-search-terms__row">
                <th scope="row" class="mc-search-terms__cell mc-search-terms__query" data-label=move || lang.get().pick("Người dân gõ", "What people type")>{s.say.clone()}</th>
                <td class="mc-search-terms__cell" data-label=move || lang.get().pick("Nghĩa là", "Meaning")>{s.mean.clone()}</td>
                <td class="mc-search-terms__cell" data-label=move || lang.get().pick("Nguồn", "Source")>{move || {
                    let l = lang.get();
                    match (l, at) {
                        (Lang::Vi, Some(at)) => format!("{by} thêm ngày {}", day_text(at, l)),
                        (Lang::En, Some(at)) => format!("added by {by} on {}", day_text(at, l)),
                        (Lang::Vi, None) => format!("{by} thêm"),
                        (Lang::En, None) => format!("added by {by}"),
                    }
                }}</td>
                <td class="mc-search-terms__cell mc-search-terms__cell--action">
                    <button class="mc-link-button" type="button" id=ask_id hidden=asking on:click=ask>
                        {move || lang.get().pick("Xóa", "Remove")}
                        <span class="mc-visually-hidden">{
                            let (say, mean) = (say.clone(), mean.clone());
                            move || match lang.get() {
                                Lang::Vi => format!(" “{say}” nghĩa là “{mean}”"),
                                Lang::En => format!(" “{say}” meaning “{mean}”"),
                            }
                        }</span>
                    </button>
                    <div class="mc-search-terms__confirm" id=question tabindex="-1" hidden=move || !asking()>
                        <p class="mc-search-terms__question">{move || match lang.get() {
                            Lang::Vi => format!("Xóa “{say}” nghĩa là “{mean}”? Tìm kiếm sẽ thôi dùng từ này ngay."),
                            Lang::En => format!("Remove “{say}” meaning “{mean}”? The search stops using it at once."),
                        }}</p>
                        <div class="mc-button-group">
                            <button class="mc-button mc-button--warning" type="button" disabled=move || sending.get() on:click=yes>
                                {move || lang.get().pick("Có, xóa", "Yes, remove")}
                            </button>
                            <button class="mc-button mc-button--secondary" type="button" on:click=no>
                                {move || lang.get().pick("Không", "No")}
                            </button>
                        </div>
                    </div>
                    {move || (failed.get() == Some(id)).then(|| view! {
                        <p class="mc-error-message" role="alert">{lang.get().pick("Chưa xóa được. Hãy thử lại.", "It could not be removed. Try again.")}</p>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <table class="mc-search-terms__table">
            <caption class="mc-visually-hidden">{move || lang.get().pick("Từ đồng nghĩa do cán bộ thêm, mới nhất trước", "Synonyms officers added, the newest first")}</caption>
            <SynonymHead actions=true/>
            <tbody>
                <For each=move || officers.get() key=|s| s.id children=row/>
            </tbody>
        </table>
    }
}

/// The synonyms of `catalogue/synonyms.json`: they change with the catalogue, so they are shown,
/// marked as the catalogue's, but not removed here.
#[component]
fn CatalogueSynonyms(items: Vec<Synonym>) -> impl IntoView {
    let lang = use_lang();
    if items.is_empty() {
        return view! {
            <p>{move || lang.get().pick("Danh mục chưa có từ đồng nghĩa nào.", "The catalogue has no synonym yet.")}</p>
        }
        .into_any();
    }
    let n = items.len();
    // The catalogue gives several ways of saying one meaning: one row for them all.
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for s in items {
        match groups.last_mut() {
            Some((says, mean)) if *mean == s.mean => says.push(s.say),
            _ => groups.push((vec![s.say], s.mean)),
        }
    }
    let rows = groups
        .into_iter()
        .map(|(says, mean)| {
            view! {
                <tr class="mc-search-terms__row">
                    <th scope="row" class="mc-search-terms__cell mc-search-terms__query" data-label=move || lang.get().pick("Người dân gõ", "What people type")>{says.join(", ")}</th>
                    <td class="mc-search-terms__cell" data-label=move || lang.get().pick("Nghĩa là", "Meaning")>{mean}</td>
                    <td class="mc-search-terms__cell" data-label=move || lang.get().pick("Nguồn", "Source")>
                        <span class="mc-tag">{move || lang.get().pick("Có sẵn trong danh mục", "From the catalogue")}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="mc-details">
            <summary class="mc-details__summary">{move || match lang.get() {
                Lang::Vi => format!("Xem {n} từ đồng nghĩa có sẵn trong danh mục"),
                Lang::En => format!("Show the {n} synonyms from the catalogue"),
            }}</summary>
            <div class="mc-details__body">
                <p>{move || lang.get().pick(
                    "Các từ này thay đổi cùng danh mục thủ tục, không xóa ở đây.",
                    "These change with the catalogue of procedures and are not removed here.",
                )}</p>
                <table class="mc-search-terms__table">
                    <caption class="mc-visually-hidden">{move || lang.get().pick("Từ đồng nghĩa có sẵn trong danh mục", "Synonyms from the catalogue")}</caption>
                    <SynonymHead actions=false/>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn SynonymHead(
    /// Whether the rows have a remove button.
    actions: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <thead class="mc-search-terms__head">
            <tr>
                <th scope="col">{move || lang.get().pick("Người dân gõ", "What people type")}</th>
                <th scope="col">{move || lang.get().pick("Nghĩa là", "Meaning")}</th>
                <th scope="col">{move || lang.get().pick("Nguồn", "Source")}</th>
                {actions.then(|| view! {
                    <th scope="col"><span class="mc-visually-hidden">{move || lang.get().pick("Thao tác", "Actions")}</span></th>
                })}
            </tr>
        </thead>
    }
}
