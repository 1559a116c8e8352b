//! Live updates as server-sent events: a dossier's (an event named `change`, its data the new
//! version, through `GET /api/v1/dossiers/{code}/live`) and a project's (`projects::watch`).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::{on_cleanup, Effect};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

use super::BASE;

/// Listens for changes of a dossier until the calling view goes away. `on_change` gets the new version
/// when the server names it, at once if it is no longer `since` (the version the page was drawn with,
/// which may be long before the app started), and `None` after a dropped connection comes back
/// (anything may have changed meanwhile). The browser reconnects by itself.
pub fn watch(code: &str, since: Option<u32>, on_change: impl Fn(Option<u32>) + 'static) {
    let code = motcua_api::encode_component(code);
    let url = match since {
        Some(v) => format!("{BASE}/dossiers/{code}/live?since={v}"),
        None => format!("{BASE}/dossiers/{code}/live"),
    };
    listen(&url, "change", move |data| {
        on_change(data.and_then(|s| s.trim().parse().ok()))
    });
}

/// Listens to the server-sent events named `event` at `url` until the calling view goes away:
/// `on_event` gets each one's data, and `None` when a dropped connection comes back. The connection is
/// opened by an effect, so a page drawn on the server opens none.
pub(super) fn listen(url: &str, event: &str, on_event: impl Fn(Option<String>) + 'static) {
    let (url, event) = (url.to_string(), event.to_string());
    let on_event = Rc::new(on_event);
    Effect::new(move |_| {
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let changed = {
            let on_event = on_event.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                on_event(e.data().as_string())
            })
        };
        let opens = Cell::new(0u32);
        let opened = {
            let on_event = on_event.clone();
            Closure::<dyn Fn()>::new(move || {
                opens.set(opens.get() + 1);
                if opens.get() > 1 {
                    on_event(None);
                }
            })
        };
        let _ = source.add_event_listener_with_callback(&event, changed.as_ref().unchecked_ref());
        source.set_onopen(Some(opened.as_ref().unchecked_ref()));
        let held = SendWrapper::new(Some((source, changed, opened)));
        on_cleanup(move || {
            if let Some((source, _, _)) = held.take() {
                source.close();
                source.set_onopen(None);
            }
        });
    });
}
