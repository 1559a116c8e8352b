//! What a person did on the page the server sent before the app started: the text typed into its
//! fields, the boxes and options they ticked or picked from a list, the files they chose, where the
//! focus was and how far the page was scrolled.
//! The app draws the same page and is handed all of it, so starting changes nothing under their
//! fingers.

use leptos::prelude::{document, window};
use wasm_bindgen::JsCast;
use web_sys::{
    FileList, HtmlInputElement, HtmlOptionElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// What was done to one field.
enum Done {
    Typed(String),
    /// A checkbox or radio button ticked or cleared.
    Ticked(bool),
    /// The options picked in a list, by value.
    Picked(Vec<String>),
    /// Files chosen: the app's field is given the same ones, and sends them as if chosen there.
    Chosen(FileList),
}

pub struct Sent {
    /// Each field changed, by id.
    fields: Vec<(String, Done)>,
    /// The focused field's id, with its selection.
    focus: Option<(String, Option<(u32, u32)>)>,
    scroll: (f64, f64),
}

/// A text field of either kind: its value and its selection are what is carried across.
enum Text {
    Input(HtmlInputElement),
    Area(HtmlTextAreaElement),
}

impl Text {
    fn by_id(id: &str) -> Option<Self> {
        let element = document().get_element_by_id(id)?;
        match element.dyn_into::<HtmlInputElement>() {
            Ok(input) => Some(Text::Input(input)),
            Err(element) => element
                .dyn_into::<HtmlTextAreaElement>()
                .ok()
                .map(Text::Area),
        }
    }

    fn value(&self) -> String {
        match self {
            Text::Input(i) => i.value(),
            Text::Area(a) => a.value(),
        }
    }

    fn selection(&self) -> Option<(u32, u32)> {
        let (start, end) = match self {
            Text::Input(i) => (i.selection_start(), i.selection_end()),
            Text::Area(a) => (a.selection_start(), a.selection_end()),
        };
        Some((start.ok().flatten()?, end.ok().flatten()?))
    }

    fn select(&self, (start, end): (u32, u32)) {
        let _ = match self {
            Text::Input(i) => i.set_selection_range(start, end),
            Text::Area(a) => a.set_selection_range(start, end),
        };
    }
}

/// A list's options, in order.
fn options(list: &HtmlSelectElement) -> impl Iterator<Item = HtmlOptionElement> + '_ {
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlOptionElement>().ok())
}

fn is_tickable(input: &HtmlInputElement) -> bool {
    matches!(input.type_().as_str(), "checkbox" | "radio")
}

impl Sent {
    pub fn read() -> Self {
        let doc = document();
        let mut fields = Vec::new();
        if let Ok(found) =
            doc.query_selector_all("#shell input[id], #shell textarea[id], #shell select[id]")
        {
            for i in 0..found.length() {
                let Some(node) = found.item(i) else {
                    continue;
                };
                match node.dyn_into::<HtmlInputElement>() {
                    Ok(input) if input.type_() == "file" => {
                        // Its value is a made-up path that no field but this one may be given.
                        if let Some(files) = input.files().filter(|f| f.length() > 0) {
                            fields.push((input.id(), Done::Chosen(files)));
                        }
                    }
                    Ok(input) if is_tickable(&input) => {
                        if input.checked() != input.default_checked() {
                            fields.push((input.id(), Done::Ticked(input.checked())));
                        }
                    }
                    Ok(input) => {
                        if input.value() != input.default_value() {
                            fields.push((input.id(), Done::Typed(input.value())));
                        }
                    }
                    Err(node) => match node.dyn_into::<HtmlTextAreaElement>() {
                        Ok(area) => {
                            if Ok(area.value()) != area.default_value() {
                                fields.push((area.id(), Done::Typed(area.value())));
                            }
                        }
                        Err(node) => {
                            if let Ok(list) = node.dyn_into::<HtmlSelectElement>() {
                                if options(&list).any(|o| o.selected() != o.default_selected()) {
                                    let picked = options(&list)
                                        .filter(|o| o.selected())
                                        .map(|o| o.value())
                                        .collect();
                                    fields.push((list.id(), Done::Picked(picked)));
                                }
                            }
                        }
                    },
                }
            }
        }
        let focus = doc
            .active_element()
            .filter(|e| !e.id().is_empty())
            .map(|e| (e.id(), Text::by_id(&e.id()).and_then(|t| t.selection())));
        let w = window();
        Sent {
            fields,
            focus,
            scroll: (
                w.scroll_x().unwrap_or_default(),
                w.scroll_y().unwrap_or_default(),
            ),
        }
    }

    /// Puts it all back on the app's page. Each change is given as if made by hand, so the app's own
    /// state follows it. The focus moves in this same task: a key pressed while the app started lands
    /// in the app's field, not on a page that no longer holds one.
    pub fn restore(self) {
        for (id, done) in &self.fields {
            let Some(element) = document().get_element_by_id(id) else {
                continue;
            };
            // What a hand would have sent: typing is `input`; ticking and choosing are `input`, then
            // `change`.
            let events: &[&str] = match done {
                Done::Typed(text) => {
                    match Text::by_id(id) {
                        Some(Text::Input(i)) => i.set_value(text),
                        Some(Text::Area(a)) => a.set_value(text),
                        None => continue,
                    }
                    &["input"]
                }
                Done::Ticked(on) => {
                    let Some(input) = element.dyn_ref::<HtmlInputElement>() else {
                        continue;
                    };
                    input.set_checked(*on);
                    &["input", "change"]
                }
                Done::Picked(values) => {
                    let Some(list) = element.dyn_ref::<HtmlSelectElement>() else {
                        continue;
                    };
                    for option in options(list) {
                        option.set_selected(values.contains(&option.value()));
                    }
                    &["input", "change"]
                }
                Done::Chosen(files) => {
                    let Some(input) = element.dyn_ref::<HtmlInputElement>() else {
                        continue;
                    };
                    input.set_files(Some(files));
                    &["input", "change"]
                }
            };
            for kind in events {
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                    let _ = element.dispatch_event(&event);
                }
            }
        }
        let focused = self.focus.as_ref().and_then(|(id, selection)| {
            let element = document()
                .get_element_by_id(id)?
                .dyn_into::<web_sys::HtmlElement>()
                .ok()?;
            let _ = element.focus();
            let field = Text::by_id(id);
            // At once too, not only after the app's updates: text typed before the next frame
            // replaces what was selected (all of it, say) rather than going in at the start.
            if let (Some(range), Some(field)) = (*selection, &field) {
                field.select(range);
            }
            Some((id.clone(), *selection, field.map(|t| t.value())))
        });
        // The app answers the text with its own updates, which put the caret at the end; the caret and
        // the scroll go back once they are done, before the next paint, unless a key was pressed since.
        let scroll = self.scroll;
        leptos::prelude::request_animation_frame(move || {
            if let Some((id, Some(selection), Some(text))) = focused {
                if let Some(field) = Text::by_id(&id).filter(|f| f.value() == text) {
                    field.select(selection);
                }
            }
            if scroll != (0.0, 0.0) {
                window().scroll_to_with_x_and_y(scroll.0, scroll.1);
            }
        });
    }
}
