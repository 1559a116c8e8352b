use leptos::prelude::*;
use leptos_router::hooks::use_location;
use motcua::api::{self, Heard};
use motcua::i18n::{use_lang, Lang};
use motcua_api::paths;

/// "Thông báo" in the header, with how many notifications are unread, for a signed-in person. Asked
/// once a navigation (one `GET /notifications/unread`) and again when the inbox is marked read; not
/// asked on the sign-in and registration pages, nor once the server has said no one is signed in,
/// until someone signs in. Hidden while not known, so a signed-out visitor sees nothing of it. A page
/// the server drew comes with the count, so the link is drawn with it and the first asking is answered
/// from it.
#[component]
pub fn InboxLink() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let read = api::lifecycle::inbox_read();
    let heard = api::heard();
    let unread = RwSignal::new(api::lifecycle::sent_unread());
    // Answers may come back out of order: only the last question's counts.
    let asked = StoredValue::new(0u64);
    let heard_for_effect = heard.clone();
    Effect::new(move |_| {
        let path = location.pathname.get();
        read.get();
        let signed_out = matches!(
            heard_for_effect.get_untracked(),
            Heard::NotSignedIn | Heard::SignedOut
        );
        if signed_out
            || path.starts_with(&paths::sign_in(None))
            || path.starts_with(&paths::register(None))
        {
            unread.set(None);
            return;
        }
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        leptos::task::spawn_local(async move {
            let got = api::lifecycle::unread().await.ok().map(|u| u.unread);
            if asked.try_get_value() == Some(this) {
                unread.set(got);
            }
        });
    });
    // Signing out, or the session ending, takes the count away at once.
    Effect::new(move |_| {
        if matches!(heard.get(), Heard::NotSignedIn | Heard::SignedOut) {
            unread.set(None);
        }
    });
    move || {
        unread.get().map(|n| {
            let l = lang.get();
            let name = l.pick("Thông báo", "Notifications");
            // The count is said in the link's name: "Thông báo, 3 chưa đọc".
            let label = (n > 0).then(|| match l {
                Lang::Vi => format!("{name}, {n} chưa đọc"),
                Lang::En => format!("{name}, {n} unread"),
            });
            view! {
                <a class="mc-header__link mc-header__inbox" href=paths::inbox() aria-label=label>
                    // A bell in the word's place on the narrowest phones.
                    <svg class="mc-header__bell" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
                        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>
                    </svg>
                    <span class="mc-header__inbox-name">{name}</span>
                    {(n > 0).then(|| view! {
                        <span class="mc-header__count" aria-hidden="true">{n.to_string()}</span>
                    })}
                </a>
            }
        })
    }
}
