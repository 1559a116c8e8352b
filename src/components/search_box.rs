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
            navigate(
                &lang.get_untracked().address(&paths::procedure(&code)),
                NavigateOptions::default(),
            );
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
        <form class=class action=move || lang.get().address(&paths::search(&SearchRequest::default())) method="get" role="search" on:submit=on_submit>
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
                                            {move || {
                                                marked(&lang.get().text(&name), &query.get())
                                                    .into_iter()
                                                    .map(|(plain, typed)| {
                                                        let typed = (!typed.is_empty())
                                                            .then(|| view! { <b>{typed}</b> });
                                                        view! { {plain}{typed} }
                                                    })
                                                    .collect_view()
                                            }}
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

/// The name in pairs of runs, the text as it is then the text typed, for people to see the phrase
/// their words complete: where the words typed follow one another in the name (the last as the
/// start of a word), that phrase; else each name word that is a word typed. Folded a character at a
/// time, as a name and its folded form differ in length.
fn marked(name: &str, typed: &str) -> Vec<(String, String)> {
    let typed: String = typed.chars().filter_map(fold_char).collect();
    let typed: Vec<&str> = typed
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let chars: Vec<char> = name.chars().collect();
    // Each word of the name folded, with each character's index and where its folded text starts (a
    // combining mark's is its letter's).
    let mut name_words: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut in_word = false;
    for (i, c) in chars.iter().enumerate() {
        let f = fold_char(*c);
        // A combining mark folds to nothing and belongs to the letter before it.
        let joins = f.map_or(in_word, |f| f.is_ascii_alphanumeric());
        if joins {
            if !in_word {
                name_words.push(Default::default());
            }
            let (word, starts) = name_words.last_mut().expect("a word was pushed");
            let start = match (f, starts.last()) {
                (None, Some(&(_, start))) => start,
                _ => word.len(),
            };
            word.extend(f);
            starts.push((i, start));
        }
        in_word = joins;
    }
    let n = typed.len();
    let fits = |k: usize, w: &str| {
        if k + 1 == n {
            w.starts_with(typed[k])
        } else {
            w == typed[k]
        }
    };
    let mut mark = vec![false; chars.len()];
    let mut mark_word = |(_, starts): &(String, Vec<(usize, usize)>), len: usize| {
        for &(i, start) in starts {
            mark[i] |= start < len;
        }
    };
    match name_words
        .windows(n.max(1))
        .position(|ws| n > 0 && ws.iter().enumerate().all(|(k, w)| fits(k, &w.0)))
    {
        Some(s) => (0..n).for_each(|k| mark_word(&name_words[s + k], typed[k].len())),
        None => name_words.iter().for_each(|w| {
            if let Some(k) = (0..n).find(|&k| fits(k, &w.0)) {
                mark_word(w, typed[k].len())
            }
        }),
    }
    let mut runs: Vec<(String, String)> = Vec::new();
    for (c, m) in chars.into_iter().zip(mark) {
        if runs.last().is_none_or(|(_, typed)| !m && !typed.is_empty()) {
            runs.push(Default::default());
        }
        let (plain, typed) = runs.last_mut().expect("a run was pushed");
        if m {
            typed.push(c)
        } else {
            plain.push(c)
        }
    }
    runs
}

/// The Vietnamese letters with diacritics, by the letter each folds to.
const MARKED_LETTERS: [(char, &str); 7] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
    ('e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"),
    ('i', "ìíỉĩịÌÍỈĨỊ"),
    ('o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
    ('u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"),
    ('y', "ỳýỷỹỵỲÝỶỸỴ"),
    ('d', "đĐ"),
];

/// Folds one character as `motcua_api::text::fold` does for the letters of Vietnamese and English
/// (the only ones names are written in), without the Unicode case and decomposition tables `fold`
/// needs for every script, which would add 60 KB to the first load. `None` for a combining mark,
/// which folds away; any other letter stays as it is and is not a letter to the matching.
fn fold_char(c: char) -> Option<char> {
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return None;
    }
    Some(
        MARKED_LETTERS
            .iter()
            .find(|(_, marked)| marked.chars().any(|m| m == c))
            .map_or(c.to_ascii_lowercase(), |&(letter, _)| letter),
    )
}

#[cfg(test)]
mod tests {
    use super::{fold_char, marked, MARKED_LETTERS};

    #[test]
    fn folds_letters_as_the_search_does() {
        let letters: String = MARKED_LETTERS.iter().map(|(_, marked)| *marked).collect();
        let all = format!("{letters}ABCXYZabcxyz0123456789 ,.-");
        for c in all.chars() {
            let folded: String = fold_char(c).into_iter().collect();
            assert_eq!(folded, motcua_api::text::fold(&c.to_string()), "{c}");
        }
        assert_eq!(fold_char('\u{301}'), None);
    }

    fn shown(name: &str, typed: &str) -> String {
        marked(name, typed)
            .into_iter()
            .map(|(plain, typed)| match typed.as_str() {
                "" => plain,
                typed => format!("{plain}[{typed}]"),
            })
            .collect()
    }

    #[test]
    fn marks_the_phrase_typed_with_the_last_word_begun() {
        assert_eq!(
            shown("Cấp giấy phép lái xe", "giay phep la"),
            "Cấp [giấy] [phép] [lá]i xe"
        );
        assert_eq!(
            shown("Đăng ký kết hôn", "dang ky k"),
            "[Đăng] [ký] [k]ết hôn"
        );
    }

    #[test]
    fn marks_words_found_apart_when_not_in_order() {
        assert_eq!(
            shown("Đăng ký khai sinh", "khai sinh đăng"),
            "[Đăng] ký [khai] [sinh]"
        );
    }

    #[test]
    fn maps_folded_letters_back_to_the_name_in_any_form() {
        let nfd = "Đăng ky\u{301} kê\u{301}t";
        assert_eq!(shown(nfd, "ky ke"), "Đăng [ky\u{301}] [kê\u{301}]t");
        assert_eq!(shown("Phở", "x"), "Phở");
        assert_eq!(shown("Phở", ""), "Phở");
    }
}
