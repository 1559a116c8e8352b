use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{ActionKind, EventKind, Timeliness};
use motcua_api::paths;

use super::{
    slip_path, AccessList, ActionForm, AnswersList, DossierTags, EventLog, FeePanel, Loaded,
    PaymentNotice, RatingForm, Steps,
};
use crate::dates::{date_text, date_time_text};
use crate::live::{use_live_dossier, LiveDossier};

/// Whether a dossier's page is drawn for a handling officer (`officer`, as its route says). A bundle
/// with only one side's page knows the answer whatever it is asked, so every part of the other side
/// is left out of it: the applicant's bundle carries no fee decisions or applicant panel, the desk's
/// no rating form, payment or access list.
pub fn for_officer(officer: bool) -> bool {
    match (cfg!(feature = "dossier"), cfg!(feature = "desk")) {
        (true, false) => false,
        (false, true) => true,
        _ => officer,
    }
}

/// The dossier page's title, which the server also gives the page it draws.
pub fn title(code: &str, l: Lang) -> String {
    format!("{} {code}", l.pick("Hồ sơ", "Dossier"))
}

/// A dossier from submission to result, live: where it is and whether it is on time, the workflow
/// steps, the history, what was submitted, the result, its fees, and what the viewer may do now —
/// the applicant (answer a supplement request, withdraw, pay, rate, see who opened it) or a handling
/// officer (every action the workflow allows). Changes made elsewhere appear by themselves and are announced.
#[component]
pub fn DossierPage(
    /// The dossier's code.
    code: String,
    /// Drawn for an officer: the applicant and the officer's actions; no rating or access list.
    officer: bool,
) -> impl IntoView {
    let lang = use_lang();
    let live = use_live_dossier(code.clone());
    {
        let code = code.clone();
        Effect::new(move |_| set_title(&title(&code, lang.get())));
    }
    // Only whether it loaded: the body follows the dossier's changes itself and must not be drawn
    // again with each one, or what is typed in its forms would be lost.
    let loaded = Memo::new(move |_| {
        live.data.with(|d| {
            d.as_ref()
                .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
        })
    });
    let here = if officer {
        paths::officer_dossier(&code)
    } else {
        paths::dossier(&code)
    };
    view! {
        <div class="mc-page mc-dossier">
            // Nothing, not an empty text, until there is something to say: drawn on the server, an
            // empty text is a space, and the region would show as an empty bar until the app came.
            <p class="mc-live" role="status" aria-live="polite">{move || Some(live.announcement.get()).filter(|a| !a.is_empty())}</p>
            <Loaded
                data=loaded
                loading=tr("Đang tải hồ sơ…", "Loading the dossier…")
                failed=tr("Chưa tải được hồ sơ.", "The dossier could not be loaded.")
                here=here
                not_found=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy hồ sơ", "Dossier not found")}</h1>
                    <p>{move || lang.get().pick("Không có hồ sơ nào mang mã này mà bạn được xem. Kiểm tra lại mã trên giấy tiếp nhận.", "There is no dossier with this code that you may see. Check the code on your receipt.")}</p>
                    <p><a href=if officer { paths::queue() } else { paths::dossiers("", 1) }>{move || if officer { lang.get().pick("Về danh sách hồ sơ cần xử lý", "Back to the queue") } else { lang.get().pick("Xem hồ sơ của tôi", "See my dossiers") }}</a></p>
                }
                let:_loaded
            >
                <Body code=code.clone() live=live officer=officer/>
            </Loaded>
        </div>
    }
}

#[component]
fn Body(code: String, live: LiveDossier, officer: bool) -> impl IntoView {
    let lang = use_lang();
    let Some(first) = live.data.with_untracked(|d| d.clone()).and_then(Result::ok) else {
        return ().into_any();
    };
    let open_supplement = Memo::new(move |_| {
        live.view()
            .and_then(|v| v.open_supplement().map(|e| e.items.clone()))
    });
    let actions = Memo::new(move |_| live.view().map(|v| v.actions).unwrap_or_default());
    let can_rate = Memo::new(move |_| live.view().is_some_and(|v| v.can_rate));
    let fees_unsettled = Memo::new(move |_| {
        live.view()
            .and_then(|v| v.fees)
            .is_some_and(|f| !f.settled())
    });
    let summary = {
        let code = code.clone();
        move || {
            let l = lang.get();
            let v = live.view()?;
            let step = v.steps.get(v.current_step);
            let apology = v
                .events
                .iter()
                .rev()
                .find(|e| e.kind == EventKind::Apology)
                .and_then(|e| slip_path(&code, e));
            let overdue = matches!(v.timeliness, Timeliness::Overdue | Timeliness::Late);
            let slips: Vec<(String, String)> = v
                .events
                .iter()
                .filter_map(|e| {
                    slip_path(&code, e).map(|p| {
                        (
                            p,
                            format!("{} – {}", l.text(&e.kind.label()), date_time_text(e.at, l)),
                        )
                    })
                })
                .collect();
            Some(view! {
                <p class="mc-caption">{format!("{} {}", l.pick("Hồ sơ", "Dossier"), v.code)}</p>
                <h1 class="mc-page__title">{l.text(&v.procedure_name)}</h1>
                <div class="mc-status" id="dossier-status" tabindex="-1">
                    <h2 class="mc-visually-hidden">{l.pick("Tình trạng hồ sơ", "Status of the dossier")}</h2>
                    <p class="mc-status__tags"><DossierTags status=v.status timeliness=v.timeliness days_left=v.days_left lang=l/></p>
                    {overdue.then(|| view! {
                        <p class="mc-status__warning">
                            {if v.status.is_done() {
                                l.pick("Hồ sơ được giải quyết trễ hạn.", "The dossier was handled late.")
                            } else {
                                l.pick("Hồ sơ đã quá hạn giải quyết.", "The dossier is past its due date.")
                            }}
                            {apology.clone().map(|href| view! { " " <a href=href>{l.pick("Xem phiếu xin lỗi và hẹn lại ngày trả kết quả", "See the apology and the new date")}</a> })}
                        </p>
                    })}
                    <dl class="mc-summary-list mc-summary-list--compact">
                        <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày nộp", "Submitted")}</dt><dd class="mc-summary-list__value">{date_time_text(v.submitted_at, l)}</dd></div>
                        <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Hạn trả kết quả", "Result due")}</dt><dd class="mc-summary-list__value"><strong>{date_text(v.due_date, l)}</strong></dd></div>
                        {v.new_date.map(|d| view! {
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày hẹn trả mới", "New return date")}</dt><dd class="mc-summary-list__value"><strong>{date_text(d, l)}</strong></dd></div>
                        })}
                        {v.project.clone().map(|p| view! {
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Dự án", "Project")}</dt><dd class="mc-summary-list__value"><a href=paths::project(&p.id)>{p.name}</a></dd></div>
                        })}
                        {v.company.clone().map(|tax_code| view! {
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Doanh nghiệp (mã số thuế)", "Company (tax code)")}</dt><dd class="mc-summary-list__value">{tax_code}</dd></div>
                        })}
                        {(!v.status.is_final()).then(|| step.map(|s| view! {
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Đang ở", "Now with")}</dt><dd class="mc-summary-list__value">{format!("{} ({})", l.text(&s.agency_name), l.text(&s.name))}</dd></div>
                        })).flatten()}
                    </dl>
                    {v.view_only.then(|| view! { <p>{l.pick("Anh/chị chỉ được xem hồ sơ này.", "You may only view this dossier.")}</p> })}
                </div>
                {(!v.result.is_empty()).then(|| view! {
                    <section class="mc-section mc-result" aria-labelledby="result-heading">
                        <h2 class="mc-section__title" id="result-heading">{l.pick("Kết quả giải quyết", "The result")}</h2>
                        <ul class="mc-list mc-list--bullet">
                            {v.result.iter().map(|f| view! {
                                <li><a href=api::lifecycle::file_url(&code, &f.id) target="_blank" rel="noopener">{f.name.clone()}</a>{format!(" ({})", super::size_text(f.size))}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <nav class="mc-slips" aria-label=l.pick("Giấy tờ của hồ sơ", "Slips of the dossier")>
                    <ul class="mc-list mc-list--plain">
                        {(!for_officer(officer)).then(|| view! { <li><a href=paths::receipt(&code)>{l.pick("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment slip")}</a></li> })}
                        {slips.into_iter().map(|(href, name)| view! { <li><a href=href>{name}</a></li> }).collect_view()}
                    </ul>
                </nav>
            })
        }
    };
    let supplement = {
        let code = code.clone();
        move || {
            let items = open_supplement.get()?;
            let l = lang.get();
            let can = actions.get().contains(&ActionKind::Supplement);
            Some(view! {
                <section class="mc-section mc-supplement" aria-labelledby="supplement-heading">
                    <h2 class="mc-section__title" id="supplement-heading">{if officer { l.pick("Đang chờ người nộp bổ sung", "Waiting for the applicant's supplement") } else { l.pick("Cần bổ sung hồ sơ", "Your dossier needs more") }}</h2>
                    <p>{l.pick("Cơ quan giải quyết cần những giấy tờ, nội dung sau:", "The agency needs the following:")}</p>
                    <ul class="mc-list mc-list--bullet mc-supplement__items">
                        {items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
                    </ul>
                    {can.then(|| view! { <ActionForm code=code.clone() live=live kind=ActionKind::Supplement/> })}
                </section>
            })
        }
    };
    let action_forms = {
        let code = code.clone();
        move || {
            let list: Vec<ActionKind> = actions
                .get()
                .into_iter()
                .filter(|k| *k != ActionKind::Supplement)
                .collect();
            if list.is_empty() {
                return None;
            }
            let l = lang.get_untracked();
            Some(view! {
                <section class="mc-section mc-actions" aria-labelledby="actions-heading">
                    <h2 class="mc-section__title" id="actions-heading">{if officer { l.pick("Xử lý hồ sơ", "Handle the dossier") } else { l.pick("Bạn có thể", "You can") }}</h2>
                    {move || (for_officer(officer) && fees_unsettled.get() && actions.get().contains(&ActionKind::Return)).then(|| view! {
                        <p class="mc-notice mc-notice--error">{lang.get().pick(
                            "Chưa trả được kết quả: phí, lệ phí chưa nộp đủ hoặc miễn giảm chưa được xét. Ghi nhận nộp tại quầy hoặc xét miễn giảm ở mục Phí, lệ phí trước.",
                            "The result cannot be handed over yet: the fee is not paid in full or the exemption is not decided. Record the payment at the desk or decide on the exemption under Fees first.",
                        )}</p>
                    })}
                    {list.into_iter().map(|k| view! { <ActionForm code=code.clone() live=live kind=k/> }).collect_view()}
                </section>
            })
        }
    };
    let rating = {
        let code = code.clone();
        move || {
            let v = live
                .data
                .with_untracked(|d| d.clone())
                .and_then(Result::ok)?;
            let can = can_rate.get();
            (!for_officer(officer) && (can || v.rating.is_some())).then(|| view! {
                <section class="mc-section" aria-labelledby="rating-heading">
                    <h2 class="mc-section__title" id="rating-heading">{move || lang.get().pick("Đánh giá sự hài lòng", "Rate the service")}</h2>
                    <RatingForm code=code.clone() rating=v.rating.clone() can_rate=can/>
                </section>
            })
        }
    };
    let history = {
        let code = code.clone();
        move || {
            let l = lang.get();
            let v = live.view()?;
            Some(view! {
                <section class="mc-section" aria-labelledby="steps-heading">
                    <h2 class="mc-section__title" id="steps-heading">{l.pick("Các bước giải quyết", "Steps")}</h2>
                    <Steps steps=v.steps current=v.current_step status=v.status lang=l/>
                </section>
                <section class="mc-section" aria-labelledby="events-heading">
                    <h2 class="mc-section__title" id="events-heading">{l.pick("Quá trình xử lý", "History")}</h2>
                    <EventLog code=code.clone() events=v.events lang=l/>
                </section>
                {(!for_officer(officer)).then(|| view! {
                    <section class="mc-section" aria-labelledby="access-heading">
                        <h2 class="mc-section__title" id="access-heading">{l.pick("Ai đã xem hồ sơ của tôi", "Who has seen my dossier")}</h2>
                        <AccessList records=v.access lang=l/>
                    </section>
                })}
            })
        }
    };
    let applicant = first.applicant.clone().filter(|_| for_officer(officer)).map(|a| view! {
        <section class="mc-section" aria-labelledby="applicant-heading">
            <h2 class="mc-section__title" id="applicant-heading">{move || lang.get().pick("Người nộp hồ sơ", "Applicant")}</h2>
            <dl class="mc-summary-list">
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{move || lang.get().pick("Họ và tên", "Name")}</dt><dd class="mc-summary-list__value">{a.full_name.clone()}</dd></div>
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{move || lang.get().pick("Số định danh, mã số thuế", "ID number or tax code")}</dt><dd class="mc-summary-list__value">{a.identifier.clone()}</dd></div>
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{move || lang.get().pick("Số điện thoại", "Phone")}</dt><dd class="mc-summary-list__value">{a.phone.clone()}</dd></div>
                {(!a.email.is_empty()).then(|| view! {
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{move || lang.get().pick("Thư điện tử", "Email")}</dt><dd class="mc-summary-list__value">{a.email.clone()}</dd></div>
                })}
            </dl>
        </section>
    });
    view! {
        {(!for_officer(officer)).then(|| view! { <PaymentNotice/> })}
        {summary}
        {supplement}
        <FeePanel code=code.clone() live=live officer=officer/>
        {action_forms}
        {rating}
        {applicant}
        {history}
        <section class="mc-section" aria-labelledby="answers-heading">
            <h2 class="mc-section__title" id="answers-heading">{move || lang.get().pick("Thông tin đã nộp", "What was submitted")}</h2>
            <AnswersList code=code.clone() procedure=first.procedure.clone() answers=first.answers.clone() documents=first.documents.clone() provided_otherwise=first.provided_otherwise.clone() delivery=first.delivery.clone() collect_at=first.collect_at.clone()/>
        </section>
    }
    .into_any()
}
