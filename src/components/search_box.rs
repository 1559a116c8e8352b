use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use motcua_api::{paths, SearchRequest};

use crate::api;
use crate::i18n::use_lang;

/// Waiting this long after the last keystroke before asking for suggestions spares slow networks a
/// request per letter.
const DEBOUNCE: Duration = Duration::from_millis(180);
const MIN_CHARS: usize = 2;

/// The search form with suggestions as you type, following the WAI-ARIA combobox pattern: arrow keys
/// move through the suggestions, Enter opens one, Escape closes the list. Without a chosen suggestion
/// the form searches for the text.
#[component]
pub fn SearchBox(
    /// The text in the box when it first shows.
    #[prop(into)]
    initial: String,
    /// Called with the text when the form is submitted.
    on_search: Callback<String>,
    /// A large box for the home page, where it is the page's main task.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let text = RwSignal::new(initial);
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u32);

    let suggestions = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().chars().count() < MIN_CHARS {
                return Vec::new();
            }
            api::suggest(&q).await.map(|r| r.items).unwrap_or_default()
        }
    });
    let items = move || suggestions.get().unwrap_or_default();
    let expanded = move || open.get() && !items().is_empty();

    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        active.set(None);
        open.set(true);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        // The box may be gone when the timer fires (the form was submitted and the page changed):
        // then there is nothing to suggest for.
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    query.try_set(value);
                }
            },
            DEBOUNCE,
        );
    };

    let go_to = {
        let navigate = navigate.clone();
        move |code: String| {
            open.set(false);
            navigate(&paths::procedure(&code), NavigateOptions::default());
        }
    };

    let on_keydown = {
        let go_to = go_to.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let n = items().len();
            match ev.key().as_str() {
                "ArrowDown" if n > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Enter" => {
                    if let (true, Some(i)) = (expanded(), active.get()) {
                        if let Some(s) = items().get(i) {
                            ev.prevent_default();
                            go_to(s.code.clone());
                        }
                    }
                }
                // Escape closes an open list and keeps the text; only with the list closed does it
                // fall through to the search field's own "clear".
                "Escape" if expanded() => {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                }
                _ => {}
            }
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        open.set(false);
        on_search.run(text.get_untracked().trim().to_string());
    };

    let option_id = |i: usize| format!("mc-suggest-{i}");
    let class = if large {
        "mc-search mc-search--large"
    } else {
        "mc-search"
    };

    view! {
        <form class=class action=paths::search(&SearchRequest::default()) method="get" role="search" on:submit=on_submit>
            <label class="mc-search__label" for="q">
                {move || lang.get().pick("Nhập tên thủ tục hoặc từ khóa", "Enter a procedure name or keywords")}
            </label>
            <p class="mc-search__hint" id="q-hint">
                {move || lang.get().pick(
                    "Ví dụ: khai sinh, giấy phép xây dựng, lý lịch tư pháp",
                    "For example: birth registration, construction permit, judicial record",
                )}
            </p>
            <div class="mc-search__row">
                <div class="mc-search__field">
                    <input
                        class="mc-search__input"
                        id="q"
                        name="q"
                        type="search"
                        autocomplete="off"
                        maxlength="200"
                        role="combobox"
                        aria-autocomplete="list"
                        aria-controls="q-suggestions"
                        aria-describedby="q-hint"
                        aria-expanded=move || expanded().to_string()
                        aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_id)
                        prop:value=move || text.get()
                        on:input=on_input
                        on:keydown=on_keydown
                        on:blur=move |_| open.set(false)
                    />
                    <ul
                        class="mc-search__suggestions"
                        id="q-suggestions"
                        role="listbox"
                        // A scrolling list would otherwise be a Tab stop of its own; the arrow keys
                        // reach the options.
                        tabindex="-1"
                        aria-label=move || lang.get().pick("Gợi ý", "Suggestions")
                        hidden=move || !expanded()
                        on:mousedown=|ev| ev.prevent_default()
                    >
                        {move || {
                            items()
                                .into_iter()
                                .enumerate()
                                .map(|(i, s)| {
                                    let go_to = go_to.clone();
                                    let code = s.code.clone();
                                    let name = s.name.clone();
                                    view! {
                                        <li
                                            class="mc-search__option"
                                            class:mc-search__option--active=move || active.get() == Some(i)
                                            id=option_id(i)
                                            role="option"
                                            aria-selected=move || (active.get() == Some(i)).to_string()
                                            on:click=move |_| go_to(code.clone())
                                        >
                                            {move || lang.get().text(&name)}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
                <button class="mc-button mc-search__button" type="submit">
                    {move || lang.get().pick("Tìm kiếm", "Search")}
                </button>
            </div>
            <p class="mc-visually-hidden" role="status">
                {move || {
                    let n = items().len();
                    if expanded() {
                        match lang.get() {
                            crate::i18n::Lang::Vi => format!("Có {n} gợi ý. Dùng phím mũi tên để chọn."),
                            crate::i18n::Lang::En => format!("{n} suggestions. Use the arrow keys to choose."),
                        }
                    } else {
                        String::new()
                    }
                }}
            </p>
        </form>
    }
}
