use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Loading,
    Empty,
    Error,
}

/// A state of a page that is not its content: loading, nothing found, or an error. It always says what
/// to do next. Loading is announced politely; an error at once.
#[component]
pub fn Notice(
    /// Which state this is; it sets the look and how urgently screen readers announce it.
    kind: NoticeKind,
    /// The one-line summary.
    #[prop(into)]
    title: Signal<String>,
    /// What to do next.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let (class, role) = match kind {
        NoticeKind::Loading => ("mc-notice mc-notice--loading", "status"),
        NoticeKind::Empty => ("mc-notice mc-notice--empty", "status"),
        NoticeKind::Error => ("mc-notice mc-notice--error", "alert"),
    };
    view! {
        <div class=class role=role>
            <p class="mc-notice__title">{move || title.get()}</p>
            {children.map(|c| view! { <div class="mc-notice__body">{c()}</div> })}
        </div>
    }
}
