use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::feedback::PublishedQuestions;
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::day_text;
use crate::go;

/// The first words of a text, whole, for a list.
fn excerpt(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// `/hoi-dap?q=&thu-tuc=&trang=`: the questions people asked and the agencies' answers, published
/// with the sender's consent once an officer has redacted them, searched like the catalogue (with or
/// without diacritics); a procedure's page links to its own.
#[component]
pub fn Questions() -> impl IntoView {
    let lang = use_lang();
    let address = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(lang.get().pick("Hỏi đáp", "Questions and answers")));
    let q = Memo::new(move |_| address.with(|a| a.get("q").unwrap_or_default()));
    let procedure = Memo::new(move |_| address.with(|a| a.get("thu-tuc").unwrap_or_default()));
    let page = Memo::new(move |_| {
        address.with(|a| {
            a.get("trang")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        })
    });
    let text = RwSignal::new(q.get_untracked());
    Effect::new(move |_| text.set(q.get()));
    let found = LocalResource::new(move || {
        let (q, p, page) = (q.get(), procedure.get(), page.get());
        async move { api::feedback::questions(&q, &p, page).await }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(
            &navigate,
            &paths::questions(text.get_untracked().trim(), &procedure.get_untracked()),
        );
    };
    view! {
        <div class="mc-page">
            <h1 class="mc-page__title">{move || lang.get().pick("Hỏi đáp", "Questions and answers")}</h1>
            <p>{move || lang.get().pick(
                "Câu hỏi, phản ánh của người dân và câu trả lời của cơ quan có thẩm quyền, được công khai khi người gửi đồng ý và đã ẩn thông tin cá nhân.",
                "People's questions and complaints with the competent agency's answers, published with the sender's consent and without personal data.",
            )}</p>
            <form class="mc-search" role="search" method="get" action=paths::questions("", "") on:submit=search>
                <label class="mc-search__label" for="qa-q">{move || lang.get().pick("Tìm câu hỏi", "Search the questions")}</label>
                <div class="mc-search__row">
                    <div class="mc-search__field">
                        <input class="mc-search__input" id="qa-q" name="q" type="search" autocomplete="off" maxlength="200"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                    </div>
                    <button class="mc-button mc-search__button" type="submit">{move || lang.get().pick("Tìm", "Search")}</button>
                </div>
            </form>
            {move || (!procedure.get().is_empty()).then(|| view! {
                <p>
                    {move || {
                        let l = lang.get();
                        // The procedure's name where a question gives it, else its code.
                        let name = found.get().and_then(Result::ok).and_then(|f| f.items.into_iter().find_map(|i| i.procedure_name));
                        let name = name.map(|n| l.text(&n)).unwrap_or_else(|| procedure.get());
                        format!("{} {name}. ", l.pick("Câu hỏi về thủ tục", "Questions about procedure"))
                    }}
                    <a href=move || paths::procedure(&procedure.get()) rel="external">{move || lang.get().pick("Xem thủ tục", "See the procedure")}</a>" · "
                    <a href=move || paths::questions(&q.get(), "")>{move || lang.get().pick("Mọi câu hỏi", "Every question")}</a>
                </p>
            })}
            <p><a href=move || paths::send_feedback(Some(&motcua_api::feedback::About::Procedure(procedure.get())).filter(|_| !procedure.get().is_empty()))>
                {move || lang.get().pick("Chưa thấy câu trả lời? Gửi phản ánh, kiến nghị", "No answer here? Send feedback or a question")}
            </a></p>
            <Loaded
                data=Signal::derive(move || found.get())
                loading=tr("Đang tìm…", "Searching…")
                failed=tr("Chưa tải được câu hỏi.", "The questions could not be loaded.")
                here=Signal::derive(move || paths::questions(&q.get(), &procedure.get()))
                let:list
            >
                {move || results(list.clone(), &q.get_untracked(), &procedure.get_untracked(), lang.get())}
            </Loaded>
        </div>
    }
}

fn results(list: PublishedQuestions, q: &str, procedure: &str, l: Lang) -> impl IntoView {
    let count = match l {
        Lang::Vi => format!("{} câu hỏi", list.total),
        Lang::En if list.total == 1 => "1 question".to_string(),
        Lang::En => format!("{} questions", list.total),
    };
    let more = u64::from(list.page) * (list.items.len().max(1) as u64) < list.total
        && !list.items.is_empty();
    let page = list.page;
    let link = |p: u32| {
        let base = paths::questions(q, procedure);
        let join = if base.contains('?') { '&' } else { '?' };
        if p <= 1 {
            base
        } else {
            format!("{base}{join}trang={p}")
        }
    };
    view! {
        <p class="mc-results__count" role="status">{count}</p>
        {if list.items.is_empty() {
            view! {
                <Notice kind=NoticeKind::Empty title=Signal::derive(move || l.pick("Chưa có câu hỏi nào khớp.", "No question matches.").to_string())/>
            }.into_any()
        } else {
            view! {
                <ul class="mc-list mc-list--plain">
                    {list.items.into_iter().map(|i| view! {
                        <li class="mc-section">
                            <h2 class="mc-subsection__title"><a href=paths::question(&i.code)>{i.title.clone()}</a></h2>
                            <p>{excerpt(&i.question, 200)}</p>
                            <p class="mc-hint">{format!("{} · {} {}", l.text(&i.agency_name), l.pick("trả lời ngày", "answered on"), day_text(i.answered_at, l))}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(page > 1 || more).then(|| view! {
            <nav class="mc-pagination" aria-label=l.pick("Phân trang", "Pagination")>
                {(page > 1).then(|| view! { <a class="mc-pagination__step" rel="prev" href=link(page - 1)>{l.pick("‹ Trang trước", "‹ Previous")}</a> })}
                {more.then(|| view! { <a class="mc-pagination__step" rel="next" href=link(page + 1)>{l.pick("Trang sau ›", "Next ›")}</a> })}
            </nav>
        })}
    }
}
