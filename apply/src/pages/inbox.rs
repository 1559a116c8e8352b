use leptos::prelude::*;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::account::AccountKind;
use motcua_api::lifecycle::EventKind;
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::{date_time_text, iso_time};

/// `/thong-bao`: the inbox, newest first. What was unread when the page opened is marked "Mới" (in
/// words and in bold, not by colour alone); opening the page marks everything read.
#[component]
pub fn Inbox() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Thông báo", "Notifications")));
    let inbox = LocalResource::new(api::lifecycle::notifications);
    let me = LocalResource::new(api::me);
    Effect::new(move |_| {
        if let Some(Ok(inbox)) = inbox.get() {
            if inbox.unread > 0 {
                if let Some(newest) = inbox.items.iter().map(|n| n.id).max() {
                    leptos::task::spawn_local(async move {
                        let _ = api::lifecycle::mark_read(newest).await;
                    });
                }
            }
        }
    });
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{move || lang.get().pick("Thông báo", "Notifications")}</h1>
            <Loaded
                data=Signal::derive(move || inbox.get())
                loading=tr("Đang tải thông báo…", "Loading your notifications…")
                failed=tr("Chưa tải được thông báo.", "Your notifications could not be loaded.")
                here=paths::inbox()
                let:inbox
            >
                {if inbox.items.is_empty() {
                    view! {
                        <Notice kind=NoticeKind::Empty title=tr("Bạn chưa có thông báo nào.", "You have no notifications.")>
                            <p>{move || lang.get().pick("Khi hồ sơ của bạn có thay đổi, thông báo sẽ hiện ở đây.", "When one of your dossiers changes, you will be told here.")}</p>
                        </Notice>
                    }.into_any()
                } else {
                    let officer = me.get().and_then(Result::ok).is_some_and(|m| m.kind == AccountKind::Officer);
                    let mut items = inbox.items;
                    items.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
                    (move || {
                        let l = lang.get();
                        let unread = items.iter().filter(|n| !n.read).count();
                        view! {
                            <p role="status">{match l {
                                motcua::i18n::Lang::Vi => format!("{} thông báo, {unread} chưa đọc.", items.len()),
                                motcua::i18n::Lang::En => format!("{} notifications, {unread} unread.", items.len()),
                            }}</p>
                            <ul class="mc-inbox">
                                {items.iter().map(|n| {
                                    // A notice about no dossier (a draft about to be removed) links to the
                                    // account page, which lists the drafts.
                                    let about = (!n.dossier.is_empty()).then(|| n.dossier.clone());
                                    // A notice about feedback carries the feedback's code instead.
                                    let feedback = n.kind == EventKind::Feedback;
                                    let href = match &about {
                                        Some(c) if feedback && officer => paths::officer_feedback(c),
                                        Some(c) if feedback => paths::feedback(c, ""),
                                        Some(d) if officer => paths::officer_dossier(d),
                                        Some(d) => paths::dossier(d),
                                        None => paths::account(),
                                    };
                                    view! {
                                        <li class="mc-inbox__item" class:mc-inbox__item--unread=!n.read>
                                            <p class="mc-inbox__title">
                                                {(!n.read).then(|| view! { <span class="mc-tag mc-tag--new">{l.pick("Mới", "New")}</span> " " })}
                                                <a class="mc-inbox__link" href=href>{l.text(&n.title)}</a>
                                            </p>
                                            <p class="mc-inbox__body">{l.text(&n.body)}</p>
                                            <p class="mc-inbox__meta">
                                                <time datetime=iso_time(n.at)>{date_time_text(n.at, l)}</time>
                                                {about.map(|d| match feedback {
                                                    true => format!(" · {} {d}", l.pick("Phản ánh", "Feedback")),
                                                    false => format!(" · {} {d}", l.pick("Hồ sơ", "Dossier")),
                                                })}
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    }).into_any()
                }}
            </Loaded>
        </div>
    }
}
