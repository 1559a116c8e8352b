use leptos::prelude::*;
use motcua_api::{paths, Reading, SearchRequest};

use crate::i18n::Lang;

/// How the search read the query, said in a plain sentence above the results: the Vietnamese read
/// from keys typed with the input method off, a correction to follow, the words no procedure has.
/// Announced like the count, as it comes with the same results.
#[component]
pub fn SearchReading(
    /// What the search made of the query; nothing is shown when every word was found as typed.
    reading: Reading,
    /// The search on screen, whose filters the corrected search keeps.
    req: SearchRequest,
    /// Whether there are results: the closest procedures are offered only then.
    found: bool,
    /// The language to write in.
    lang: Lang,
) -> impl IntoView {
    let (open, close) = match lang {
        Lang::Vi => ("«", "»"),
        Lang::En => ("“", "”"),
    };
    let plain = reading.is_plain();
    // The sentence around the one link there may be, so that it is one paragraph however many of
    // the three things it says.
    let mut before = String::new();
    if let Some(k) = reading.keyboard {
        before += &match lang {
            Lang::Vi => format!("Kết quả cho «{k}» (chữ gõ khi chưa bật bộ gõ tiếng Việt). "),
            Lang::En => format!("Showing results for “{k}” (typed without Vietnamese input). "),
        };
    }
    let link = reading.did_you_mean.map(|q| {
        before += lang.pick("Có phải bạn muốn tìm: «", "Did you mean: “");
        let href = lang.address(&paths::search(&SearchRequest {
            q: q.clone(),
            page: 1,
            ..req
        }));
        view! { <a href=href>{q}</a> }
    });
    let mut after = String::new();
    if link.is_some() {
        after += lang.pick("»? ", "”? ");
    }
    if !reading.missing.is_empty() {
        let words = reading
            .missing
            .iter()
            .map(|w| format!("{open}{w}{close}"))
            .collect::<Vec<_>>()
            .join(", ");
        after += &match (lang, found) {
            (Lang::Vi, true) => format!("Không có thủ tục nào có đủ các từ bạn tìm. Không tìm thấy: {words}. Đây là các thủ tục gần nhất."),
            (Lang::En, true) => format!("No procedure has all the words you searched for. Not found: {words}. These are the closest procedures."),
            (Lang::Vi, false) => format!("Không tìm thấy: {words}."),
            (Lang::En, false) => format!("Not found: {words}."),
        };
    }
    (!plain).then(|| view! { <p class="mc-reading" role="status">{before}{link}{after}</p> })
}
