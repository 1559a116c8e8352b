//! What a person did on the page the server sent before the app started: the text typed into its
//! fields, where the focus was and how far the page was scrolled. The app draws the same page and is
//! handed all three, so starting changes nothing under their fingers.

use leptos::prelude::{document, window};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

pub struct Sent {
    /// Each field typed into, by id, with its text.
    typed: Vec<(String, String)>,
    /// The focused field's id, with its selection.
    focus: Option<(String, Option<(u32, u32)>)>,
    scroll: (f64, f64),
}

impl Sent {
    pub fn read() -> Self {
        let doc = document();
        let mut typed = Vec::new();
        if let Ok(inputs) = doc.query_selector_all("#shell input[id]") {
            for i in 0..inputs.length() {
                let Some(input) = inputs
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                else {
                    continue;
                };
                if input.value() != input.default_value() {
                    typed.push((input.id(), input.value()));
                }
            }
        }
        let focus = doc
            .active_element()
            .filter(|e| !e.id().is_empty())
            .map(|e| {
                let selection = e.dyn_ref::<HtmlInputElement>().and_then(|i| {
                    Some((
                        i.selection_start().ok().flatten()?,
                        i.selection_end().ok().flatten()?,
                    ))
                });
                (e.id(), selection)
            });
        let w = window();
        Sent {
            typed,
            focus,
            scroll: (
                w.scroll_x().unwrap_or_default(),
                w.scroll_y().unwrap_or_default(),
            ),
        }
    }

    /// Puts it all back on the app's page. Each text is given as if typed, so the app's own state
    /// follows it. The focus moves in this same task: a key pressed while the app started lands in the
    /// app's field, not on a page that no longer holds one.
    pub fn restore(self) {
        for (id, text) in &self.typed {
            if let Some(field) = input(id) {
                field.set_value(text);
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                    let _ = field.dispatch_event(&event);
                }
            }
        }
        let focused = self.focus.as_ref().and_then(|(id, selection)| {
            let element = document()
                .get_element_by_id(id)?
                .dyn_into::<web_sys::HtmlElement>()
                .ok()?;
            let _ = element.focus();
            Some((id.clone(), *selection, input(id).map(|f| f.value())))
        });
        // The app answers the text with its own updates, which put the caret at the end; the caret and
        // the scroll go back once they are done, before the next paint, unless a key was pressed since.
        let scroll = self.scroll;
        leptos::prelude::request_animation_frame(move || {
            if let Some((id, Some((start, end)), Some(text))) = focused {
                if let Some(field) = input(&id).filter(|f| f.value() == text) {
                    let _ = field.set_selection_range(start, end);
                }
            }
            if scroll != (0.0, 0.0) {
                window().scroll_to_with_x_and_y(scroll.0, scroll.1);
            }
        });
    }
}

fn input(id: &str) -> Option<HtmlInputElement> {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
}
