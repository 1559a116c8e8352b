use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{pin_display, DossierView, Event, EventKind};
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::{date_text, date_time_text};

fn slip_title(kind: EventKind, l: Lang) -> Option<&'static str> {
    Some(match kind {
        EventKind::SupplementRequested => l.pick(
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            "Request to supplement or complete the dossier",
        ),
        EventKind::Refused => l.pick(
            "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
            "Refusal to receive or handle the dossier",
        ),
        EventKind::Apology => l.pick(
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            "Apology and new date for the result",
        ),
        _ => return None,
    })
}

/// `/ho-so/:code/phieu/:event`: the printable slip of one event of the dossier — a supplement request
/// with every item, a refusal with its reason, or an apology with the new date. It prints on one A4
/// page, like the receipt.
#[component]
pub fn Slip() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let event: i64 = params
        .with_untracked(|p| p.get("event"))
        .and_then(|e| e.parse().ok())
        .unwrap_or(-1);
    let dossier = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move { api::lifecycle::dossier(&code).await }
        }
    });
    Effect::new(move |_| set_title(lang.get().pick("Phiếu của hồ sơ", "Dossier slip")));
    view! {
        <div class="mc-page mc-page--narrow mc-receipt">
            <Loaded
                data=Signal::derive(move || dossier.get())
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được phiếu.", "The slip could not be loaded.")
                here=paths::slip(&code, event)
                not_found={
                    let code = code.clone();
                    move || not_found(lang, &code)
                }
                let:d
            >
                {match d.events.iter().find(|e| e.id == event && slip_title(e.kind, Lang::Vi).is_some()).cloned() {
                    Some(e) => view! { <Paper dossier=d event=e/> }.into_any(),
                    None => not_found(lang, &code),
                }}
            </Loaded>
        </div>
    }
}

fn not_found(lang: RwSignal<Lang>, code: &str) -> AnyView {
    let back = paths::dossier(code);
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy phiếu", "Slip not found")}</h1>
        <p><a href=back>{move || lang.get().pick("Về trang hồ sơ", "Back to the dossier")}</a></p>
    }
    .into_any()
}

#[component]
fn Paper(dossier: DossierView, event: Event) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let d = &dossier;
        let e = &event;
        let title = slip_title(e.kind, l).unwrap_or_default();
        let row = |k: &'static str, v: String| {
            view! {
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{k}</dt><dd class="mc-summary-list__value">{v}</dd></div>
            }
        };
        let body = match e.kind {
            EventKind::SupplementRequested => view! {
                <h2 class="mc-section__title">{l.pick("Hồ sơ cần bổ sung, hoàn thiện những nội dung sau", "The dossier needs the following")}</h2>
                <ol class="mc-list mc-list--number">{e.items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
                {(!e.note.is_empty()).then(|| view! { <p><strong>{l.pick("Hướng dẫn: ", "Guidance: ")}</strong>{e.note.clone()}</p> })}
                <p>{l.pick(
                    "Thời gian giải quyết tạm dừng cho đến khi bạn bổ sung đủ. Hãy gửi bổ sung trên trang hồ sơ của bạn hoặc tại nơi tiếp nhận.",
                    "The processing time is paused until everything is supplied. Send it on your dossier's page or at the reception desk.",
                )}</p>
            }.into_any(),
            EventKind::Refused => view! {
                <h2 class="mc-section__title">{l.pick("Lý do từ chối", "Reason")}</h2>
                <p class="mc-slip__reason">{e.note.clone()}</p>
            }.into_any(),
            _ => view! {
                <p>{l.pick(
                    "Cơ quan giải quyết xin lỗi vì hồ sơ của bạn chưa được giải quyết đúng hạn.",
                    "The agency apologises: your dossier was not handled by its due date.",
                )}</p>
                <h2 class="mc-section__title">{l.pick("Lý do", "Reason")}</h2>
                <p class="mc-slip__reason">{e.note.clone()}</p>
                <dl class="mc-summary-list">
                    {row(l.pick("Hạn trả kết quả ban đầu", "Original due date"), date_text(d.due_date, l))}
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày hẹn trả kết quả mới", "New date for the result")}</dt>
                        <dd class="mc-summary-list__value"><strong>{e.new_date.map(|n| date_text(n, l)).unwrap_or_default()}</strong></dd></div>
                </dl>
            }.into_any(),
        };
        view! {
            <div class="mc-slip__head">
                <p class="mc-slip__agency">{l.text(&e.agency_name)}</p>
                <p class="mc-slip__nation">{l.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM")}<br/>{l.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")}</p>
            </div>
            <h1 class="mc-page__title mc-slip__title">{title}</h1>
            <dl class="mc-summary-list">
                {row(l.pick("Mã hồ sơ", "Dossier code"), d.code.clone())}
                {row(l.pick("Thủ tục", "Procedure"), l.text(&d.procedure_name))}
                {row(l.pick("Ngày nộp", "Submitted"), date_time_text(d.submitted_at, l))}
                {row(l.pick("Ngày lập phiếu", "Date of this slip"), date_time_text(e.at, l))}
                {row(l.pick("Cơ quan", "Agency"), l.text(&e.agency_name))}
                {(!d.tracking_pin.is_empty()).then(|| row(l.pick("Mã tra cứu", "Tracking PIN"), pin_display(&d.tracking_pin)))}
            </dl>
            {body}
            <div class="mc-button-group mc-receipt__print">
                <button class="mc-button mc-button--secondary" type="button" on:click=|_| { let _ = window().print(); }>
                    {l.pick("In phiếu", "Print the slip")}
                </button>
                <a class="mc-receipt__link" href=if d.applicant.is_some() { paths::officer_dossier(&d.code) } else { paths::dossier(&d.code) }>{l.pick("Về trang hồ sơ", "Back to the dossier")}</a>
            </div>
        }
    }
}
