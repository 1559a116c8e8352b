use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua_api::{paths, Channel, DocumentKind, ProcedureDetail, SearchRequest, Text};

use crate::api::{self, ApiError};
use crate::components::{Notice, NoticeKind, ProcedureQuestions};
use crate::format::{vnd, working_days};
use crate::i18n::{set_title, use_lang, Lang};

/// Everything about one procedure, in the order a person prepares: what it is, who may apply, what to
/// bring, how it goes, what it costs, and the law behind it.
#[component]
pub fn Detail() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let detail = api::fetched::<ProcedureDetail, _>(move || {
        api::procedure_path(&params.with(|p| p.get("code").unwrap_or_default()))
    });
    view! {
        <div class="mc-page">
            <nav class="mc-breadcrumbs" aria-label=move || lang.get().pick("Đường dẫn", "Breadcrumb")>
                <ol class="mc-breadcrumbs__list">
                    <li class="mc-breadcrumbs__item"><a href=move || lang.get().address(&paths::home())>{move || lang.get().pick("Trang chủ", "Home")}</a></li>
                    <li class="mc-breadcrumbs__item"><a href=move || lang.get().address(&paths::search(&SearchRequest::default()))>{move || lang.get().pick("Thủ tục hành chính", "Procedures")}</a></li>
                </ol>
            </nav>
            {move || match detail.get() {
                None => view! {
                    <Notice kind=NoticeKind::Loading title=Signal::derive(move || lang.get().pick("Đang tải thủ tục…", "Loading the procedure…").to_string())/>
                }.into_any(),
                Some(result) => match result {
                    Ok(d) => view! { <DetailBody detail=d/> }.into_any(),
                    Err(ApiError::NotFound) => {
                        Effect::new(move |_| set_title(&title(None, lang.get())));
                        view! {
                            <h1 class="mc-page__title">{move || title(None, lang.get())}</h1>
                            <p>{move || lang.get().pick("Không có thủ tục nào mang mã này. Mã có thể đã gõ sai, hoặc thủ tục đã bị bãi bỏ.", "No procedure has this code. It may be mistyped, or the procedure may have been abolished.")}</p>
                            <p><a href=move || lang.get().address(&paths::search(&SearchRequest::default()))>{move || lang.get().pick("Tìm thủ tục theo tên", "Find the procedure by name")}</a></p>
                        }.into_any()
                    }
                    Err(_) => view! {
                        <Notice kind=NoticeKind::Error title=Signal::derive(move || lang.get().pick("Chưa tải được thủ tục.", "The procedure could not be loaded.").to_string())>
                            <p>{move || lang.get().pick("Kiểm tra kết nối mạng rồi tải lại trang.", "Check your connection, then reload the page.")}</p>
                        </Notice>
                    }.into_any(),
                }}}
        </div>
    }
}

/// The page's title: the procedure's name, or that none has the code.
pub fn title(detail: Option<&ProcedureDetail>, l: Lang) -> String {
    match detail {
        Some(d) => l.text(&d.procedure.name),
        None => l
            .pick("Không tìm thấy thủ tục", "Procedure not found")
            .to_string(),
    }
}

/// What search engines and link previews say of the procedure: what it takes, how long, what it costs
/// and where.
pub fn description(d: &ProcedureDetail, l: Lang) -> String {
    let p = &d.procedure;
    let documents = p.documents.len();
    let days = working_days(p.processing_days, l);
    let agency = l.text(&d.agency.name);
    match l {
        Lang::Vi => format!(
            "{}: {documents} thành phần hồ sơ, thời hạn giải quyết {days}, {}. Cơ quan thực hiện: {agency}.",
            l.text(&p.name),
            if p.fees.is_empty() { "không thu phí, lệ phí" } else { "có phí, lệ phí" },
        ),
        Lang::En => format!(
            "{}: {documents} documents to provide, processed in {days}, {}. Agency: {agency}.",
            l.text(&p.name),
            if p.fees.is_empty() { "no fees" } else { "fees apply" },
        ),
    }
}

fn kind_text(kind: DocumentKind, lang: Lang) -> &'static str {
    match kind {
        DocumentKind::Original => lang.pick("Bản chính", "Original"),
        DocumentKind::Copy => lang.pick("Bản sao", "Copy"),
        DocumentKind::CertifiedCopy => lang.pick("Bản sao có chứng thực", "Certified copy"),
        DocumentKind::OriginalOrCertifiedCopy => lang.pick(
            "Bản chính hoặc bản sao có chứng thực",
            "Original or certified copy",
        ),
        DocumentKind::Presented => lang.pick("Xuất trình bản chính", "Show the original"),
    }
}

/// A way to apply, naming the desk where it is known: a commune procedure's is the desk of the
/// commune the applicant chooses.
fn channel_text(channel: Channel, d: &ProcedureDetail, lang: Lang) -> String {
    match channel {
        Channel::Online => lang.pick("Trực tuyến", "Online").into(),
        Channel::Centre => match &d.collect_at {
            Some(place) => match lang {
                Lang::Vi => format!("Trực tiếp tại {}", place.name.vi),
                Lang::En => format!("In person at the {}", place.name.en),
            },
            None => lang
                .pick(
                    "Trực tiếp tại Trung tâm Phục vụ hành chính công của xã, phường bạn chọn",
                    "In person at the service centre of the commune you choose",
                )
                .into(),
        },
        Channel::Post => lang
            .pick("Qua dịch vụ bưu chính công ích", "By post")
            .into(),
    }
}

/// One row of the summary list.
fn row(key: &'static str, value: AnyView) -> AnyView {
    view! {
        <div class="mc-summary-list__row">
            <dt class="mc-summary-list__key">{key}</dt>
            <dd class="mc-summary-list__value">{value}</dd>
        </div>
    }
    .into_any()
}

fn copies_text(copies: u32, l: Lang) -> String {
    match l {
        Lang::Vi => format!("{copies} bản"),
        Lang::En if copies == 1 => "1 copy".to_string(),
        Lang::En => format!("{copies} copies"),
    }
}

/// The page is drawn in one language at a time and redrawn whole when the language changes: a rare
/// event, and far less code than a reactive binding per text.
fn detail_view(d: &ProcedureDetail, l: Lang) -> AnyView {
    let p = &d.procedure;
    let t = |text: &Text| l.text(text);
    let documents = p
        .documents
        .iter()
        .map(|doc| {
            let template = doc.template.as_ref().map(|file| {
                view! {
                    <a class="mc-documents__template" href=api::template_url(file) download=file.clone()>
                        {l.pick("Tải mẫu đơn, tờ khai", "Download the form")}
                        <span class="mc-visually-hidden">{format!(" ({file})")}</span>
                    </a>
                }
            });
            let required = if doc.mandatory {
                l.pick("Bắt buộc", "Required")
            } else {
                l.pick("Nếu có", "If applicable")
            };
            view! {
                <li class="mc-documents__item">
                    <p class="mc-documents__name">{t(&doc.name)}</p>
                    <p class="mc-documents__meta">
                        {format!("{} · {} · {required}", kind_text(doc.kind, l), copies_text(doc.copies, l))}
                    </p>
                    {doc.provided.instead().map(|how| view! { <p class="mc-documents__meta">{t(&how)}</p> })}
                    {template}
                </li>
            }
        })
        .collect_view();
    let fees = if p.fees.is_empty() {
        view! { <p>{l.pick("Không thu phí, lệ phí", "No fees or charges")}</p> }.into_any()
    } else {
        view! {
            <ul class="mc-list mc-list--plain">
                {p.fees.iter().map(|f| {
                    // A zero amount with a note is a rate or a rule ("0.5% of the value"), not "free".
                    let text = match (f.amount_vnd, &f.note) {
                        (0, Some(n)) => format!("{}: {}", t(&f.name), t(n)),
                        (amount, Some(n)) => format!("{}: {} – {}", t(&f.name), vnd(amount, l), t(n)),
                        (amount, None) => format!("{}: {}", t(&f.name), vnd(amount, l)),
                    };
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let processing = view! {
        <p>{working_days(p.processing_days, l)}</p>
        {p.processing_note.as_ref().map(|n| view! { <p class="mc-summary-list__note">{t(n)}</p> })}
    };
    let agency = view! {
        <p>{t(&d.agency.name)}</p>
        <p class="mc-summary-list__note">{d.agency.address.clone()}</p>
        <p class="mc-summary-list__note">
            <a href=format!("tel:{}", d.agency.phone.replace(' ', ""))>{d.agency.phone.clone()}</a>
        </p>
    };
    let channels = view! {
        <ul class="mc-list mc-list--plain">
            {p.channels.iter().map(|&c| view! { <li>{channel_text(c, d, l)}</li> }).collect_view()}
        </ul>
    };
    let delivery = if p.home_delivery {
        l.pick(
            "Có, qua dịch vụ bưu chính công ích",
            "Yes, by public postal service",
        )
    } else {
        l.pick(
            "Không, nhận tại nơi nộp",
            "No, collect it where you applied",
        )
    };
    let section = |id: &'static str, title: &'static str, body: AnyView| {
        view! {
            <section class="mc-section" aria-labelledby=id>
                <h2 class="mc-section__title" id=id>{title}</h2>
                {body}
            </section>
        }
    };
    let plain = |s: String| view! { <p>{s}</p> }.into_any();
    // Said before anyone starts, in the page's own shapes: each new shape costs the bundle.
    let in_person = (!d.in_person.is_empty()).then(|| {
        let said: Vec<String> = d.in_person.iter().map(t).collect();
        section(
            "in-person",
            l.pick(
                "Nộp trực tuyến, nhưng vẫn phải làm trực tiếp",
                "You apply online, but still do this in person",
            ),
            plain(said.join(" ")),
        )
    });
    // A full page load: applying is the signed-in area's bundle.
    let apply = d.has_form.then(|| {
        view! {
            <a class="mc-button mc-button--start" href=paths::apply(&p.code) rel="external">
                {l.pick("Nộp hồ sơ trực tuyến", "Apply online")}
            </a>
        }
    });
    view! {
        <span class="mc-caption">{t(&d.field.name)}</span>
        <h1 class="mc-page__title">{t(&p.name)}</h1>
        {in_person}
        {apply}
        <dl class="mc-summary-list">
            {row(l.pick("Mã thủ tục", "Procedure code"), p.code.clone().into_any())}
            {row(l.pick("Cơ quan thực hiện", "Agency"), agency.into_any())}
            {row(l.pick("Cấp thực hiện", "Level"), t(&d.level.name).into_any())}
            {row(l.pick("Dịch vụ công trực tuyến", "Online service"), t(&p.online.name()).into_any())}
            {row(l.pick("Thời hạn giải quyết", "Processing time"), processing.into_any())}
            {row(l.pick("Phí, lệ phí", "Fees and charges"), fees)}
            {row(l.pick("Cách thức nộp", "How to apply"), channels.into_any())}
            {row(l.pick("Kết quả", "Result"), t(&p.result).into_any())}
            {row(l.pick("Nhận kết quả tại nhà", "Result delivered home"), delivery.into_any())}
        </dl>
        {section("applicants", l.pick("Đối tượng thực hiện", "Who can apply"), plain(t(&p.applicants)))}
        {p.conditions.as_ref().map(|c| section("conditions", l.pick("Điều kiện thực hiện", "Conditions"), plain(t(c))))}
        {section("documents", l.pick("Thành phần hồ sơ", "Documents to provide"), view! { <ul class="mc-documents">{documents}</ul> }.into_any())}
        {section("steps", l.pick("Trình tự thực hiện", "Steps"), view! {
            <ol class="mc-list mc-list--number">{p.steps.iter().map(|s| view! { <li>{t(s)}</li> }).collect_view()}</ol>
        }.into_any())}
        {section("legal", l.pick("Căn cứ pháp lý", "Legal basis"), view! {
            <ul class="mc-list mc-list--bullet">{p.legal_basis.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
        }.into_any())}
    }
    .into_any()
}

#[component]
fn DetailBody(detail: ProcedureDetail) -> impl IntoView {
    let lang = use_lang();
    let named = detail.clone();
    Effect::new(move |_| set_title(&title(Some(&named), lang.get())));
    let code = detail.procedure.code.clone();
    view! {
        {move || detail_view(&detail, lang.get())}
        <ProcedureQuestions code=code/>
    }
}
