use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{use_lang, Lang};
use motcua_api::lifecycle::{Rating, RatingRequest, SatisfactionData};
use motcua_api::problem::{Field, Name};
use motcua_api::Text;

use super::{in_words, said, ErrorSummary, FieldErrors, TextArea};
use crate::dates::date_time_text;

fn point_label(scale: &[Text], point: u8, l: Lang) -> String {
    scale
        .get(usize::from(point).saturating_sub(1))
        .map(|t| l.text(t))
        .unwrap_or_else(|| point.to_string())
}

/// Five labelled radio options, very dissatisfied to very satisfied, in a fieldset.
fn scale_fieldset(
    name: String,
    legend: String,
    scale: &[Text],
    chosen: Signal<Option<u8>>,
    choose: impl Fn(u8) + Clone + Send + Sync + 'static,
    error: Option<String>,
    l: Lang,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let has_error = error.is_some();
    view! {
        <fieldset class="mc-form-group mc-fieldset" class:mc-form-group--error=has_error
            aria-describedby=has_error.then(|| error_id.clone())>
            <legend class="mc-fieldset__legend mc-fieldset__legend--small">{legend}</legend>
            {error.map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{m}</p> })}
            <div class="mc-radios">
                {(1..=5u8).map(|p| {
                    let id = format!("{name}-{p}");
                    let choose = choose.clone();
                    view! {
                        <div class="mc-radios__item">
                            <input class="mc-radios__input" type="radio" id=id.clone() name=name.clone() value=p.to_string()
                                prop:checked=move || chosen.get() == Some(p) on:change=move |_| choose(p)/>
                            <label class="mc-radios__label" for=id>{point_label(scale, p, l)}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// Rating how the dossier was handled: the one overall question first, the detailed criteria
/// optional and folded away, a comment. Once rated it shows the rating and until when it may be
/// changed.
#[component]
pub fn RatingForm(
    /// The dossier's code.
    code: String,
    /// The rating given already, if any.
    rating: Option<Rating>,
    /// Whether rating (or changing it) is open now.
    can_rate: bool,
) -> impl IntoView {
    let lang = use_lang();
    // Sent with a page the server drew, so the app's first drawing is the server's and a choice made
    // on it before the app started is carried onto the same controls; asked for otherwise.
    let data: Signal<Option<Result<SatisfactionData, ApiError>>> =
        match api::sent::<SatisfactionData>("/satisfaction") {
            Some(sent) => Signal::stored(Some(sent)),
            None => {
                let asked = LocalResource::new(api::lifecycle::satisfaction);
                Signal::derive(move || asked.get())
            }
        };
    let overall = RwSignal::new(rating.as_ref().map(|r| r.overall));
    let criteria = RwSignal::new(
        rating
            .as_ref()
            .map(|r| r.criteria.clone())
            .unwrap_or_default(),
    );
    let comment = RwSignal::new(
        rating
            .as_ref()
            .map(|r| r.comment.clone())
            .unwrap_or_default(),
    );
    let saved = RwSignal::new(rating);
    let editing = RwSignal::new(saved.get_untracked().is_none());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let thanks = RwSignal::new(false);
    // Problems by key onto this form's controls: a point's onto its scale's first choice.
    let control_ids = |found: FieldErrors| -> FieldErrors {
        found
            .into_iter()
            .map(|(key, m)| match Field::parse(&key) {
                Field::Named(Name::Comment) => ("rating-comment".into(), m),
                Field::Criterion(id) => (format!("rating-{id}-1"), m),
                _ => ("rating-overall-1".into(), m),
            })
            .collect()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        general.set(None);
        let req = RatingRequest {
            // 0 is off every scale: the shared rules name it as "choose an overall rating".
            overall: overall.get_untracked().unwrap_or(0),
            criteria: criteria.get_untracked(),
            comment: comment.get_untracked().trim().to_string(),
        };
        // The rules the server applies, on the scale it serves; without it, the server judges.
        let found = data
            .get_untracked()
            .and_then(Result::ok)
            .map(|d| in_words(req.problems(&d)))
            .unwrap_or_default();
        errors.set(control_ids(found.clone()));
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let result = api::lifecycle::rate(&code, &req).await;
            sending.set(false);
            match result {
                Ok(r) => {
                    saved.set(Some(r));
                    editing.set(false);
                    thanks.set(true);
                    crate::live::focus_id("rating-done");
                }
                Err(ApiError::Invalid(body)) => errors.set(control_ids(said(&body))),
                Err(ApiError::Refused(..)) => general.set(Some(
                    l.pick(
                        "Hồ sơ này không còn nhận đánh giá: đánh giá được gửi sau khi trả kết quả và sửa được trong 7 ngày.",
                        "This dossier takes no rating now: a rating is given once the result is returned and can be changed for 7 days.",
                    )
                    .into(),
                )),
                Err(_) => general.set(Some(
                    l.pick(
                        "Chưa gửi được đánh giá. Kiểm tra kết nối mạng rồi thử lại.",
                        "The rating could not be sent. Check your connection, then try again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    let error_of = move |id: &str| {
        errors
            .get()
            .into_iter()
            .find(|(f, _)| f == id)
            .map(|(_, m)| lang.get().text(&m))
    };
    view! {
        <div class="mc-rating">
            {move || saved.get().map(|r| {
                let l = lang.get();
                let scale = data.get().and_then(Result::ok).map(|d| d.scale).unwrap_or_default();
                view! {
                    <div class="mc-rating__done" id="rating-done" tabindex="-1" role="status">
                        <p class="mc-rating__title">
                            {if thanks.get() { l.pick("Cảm ơn bạn đã đánh giá. ", "Thank you for your rating. ") } else { "" }}
                            {format!("{} {} ({}/5).", l.pick("Bạn đã đánh giá:", "Your rating:"), point_label(&scale, r.overall, l), r.overall)}
                        </p>
                        {(!r.comment.is_empty()).then(|| view! { <p>{format!("{} {}", l.pick("Góp ý:", "Comment:"), r.comment)}</p> })}
                        {can_rate.then(|| view! {
                            <p>{format!("{} {}.", l.pick("Bạn có thể thay đổi đánh giá đến", "You can change it until"), date_time_text(r.changeable_until, l))}</p>
                        })}
                    </div>
                    {(can_rate && !editing.get()).then(|| view! {
                        <button class="mc-button mc-button--secondary" type="button" on:click=move |_| { thanks.set(false); editing.set(true); }>
                            {l.pick("Thay đổi đánh giá", "Change your rating")}
                        </button>
                    })}
                }
            })}
            {move || (can_rate && editing.get()).then(|| {
                let l = lang.get();
                match data.get() {
                    None => view! { <p role="status">{l.pick("Đang tải phiếu đánh giá…", "Loading the rating form…")}</p> }.into_any(),
                    Some(Err(_)) => view! { <p>{l.pick("Chưa tải được phiếu đánh giá. Hãy tải lại trang.", "The rating form could not be loaded. Reload the page.")}</p> }.into_any(),
                    Some(Ok(d)) => {
                        let SatisfactionData { scale, overall: question, criteria: list } = d;
                        let details = list.into_iter().map(|c| {
                            let cid = c.id.clone();
                            let cid2 = c.id.clone();
                            scale_fieldset(
                                format!("rating-{}", c.id),
                                l.text(&c.name),
                                &scale,
                                Signal::derive(move || criteria.with(|m| m.get(&cid).copied())),
                                move |p| criteria.update(|m| { m.insert(cid2.clone(), p); }),
                                error_of(&format!("rating-{}-1", c.id)),
                                l,
                            )
                        }).collect_view();
                        view! {
                            <ErrorSummary errors=e general=general/>
                            <form class="mc-form" novalidate on:submit=submit.clone() aria-label=l.pick("Đánh giá mức độ hài lòng", "Rate your satisfaction")>
                                {scale_fieldset("rating-overall".into(), l.text(&question), &scale, overall.into(), move |p| overall.set(Some(p)), error_of("rating-overall-1"), l)}
                                <details class="mc-details">
                                    <summary class="mc-details__summary">{l.pick("Đánh giá chi tiết (không bắt buộc)", "Detailed rating (optional)")}</summary>
                                    <div class="mc-details__body">{details}</div>
                                </details>
                                <TextArea id="rating-comment" label=Signal::derive(move || lang.get().pick("Góp ý của bạn (không bắt buộc)", "Your comment (optional)").to_string()) value=comment errors=e/>
                                <p class="mc-hint">{l.pick(
                                    "Nếu bạn chọn mức 1 hoặc 2 (không hài lòng) ở bất kỳ câu nào, thủ trưởng cơ quan sẽ được giao xem xét và trả lời bạn như một phản ánh.",
                                    "If you choose 1 or 2 (dissatisfied) for any question, the agency's head is given it to look into and answers you as feedback.",
                                )}</p>
                                <button class="mc-button" type="submit" disabled=move || sending.get()>
                                    {l.pick("Gửi đánh giá", "Send the rating")}
                                </button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </div>
    }
}
