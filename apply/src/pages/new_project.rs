use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::company::{Membership, MyCompanies};
use motcua_api::form::Places;
use motcua_api::paths;
use motcua_api::problem::Name;
use motcua_api::project::{Journey, ProjectRequest};
use motcua_api::Text;
use serde::{Deserialize, Serialize};

use crate::components::{
    in_words, said, ErrorSummary, FieldErrors, PlaceChoice, TextArea, TextField,
};
use crate::field_keys::input_id;
use crate::{go, saved};

/// What the browser keeps of the form between visits: what is typed, and the key that makes every
/// send of it one project.
#[derive(Clone, Serialize, Deserialize)]
struct Saved {
    key: String,
    request: ProjectRequest,
}

/// Kept with the applications, so that signing out, or another account signing in, forgets it.
fn saved_key() -> String {
    saved::application_key("du-an")
}

fn random_key() -> String {
    let mut bytes = [0u8; 12];
    if let Ok(c) = window().crypto() {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The form's fields in the order they are on the page, which the error summary keeps.
const ORDER: [Name; 7] = [
    Name::Kind,
    Name::ProjectName,
    Name::Commune,
    Name::Capital,
    Name::Area,
    Name::Description,
    Name::Optional,
];

/// Problems by their control's id, in the page's order.
fn by_control(errors: FieldErrors) -> FieldErrors {
    let mut list: Vec<(usize, String, Text)> = errors
        .into_iter()
        .map(|(key, m)| {
            let at = ORDER
                .iter()
                .position(|n| n.key() == key)
                .unwrap_or(ORDER.len());
            (at, input_id(&key), m)
        })
        .collect();
    list.sort_by_key(|(at, _, _)| *at);
    list.into_iter().map(|(_, id, m)| (id, m)).collect()
}

fn not_created(l: Lang) -> String {
    l.pick(
        "Dự án chưa được tạo. Sửa các mục dưới đây rồi gửi lại.",
        "The project was not created. Correct the items below, then send again.",
    )
    .into()
}

/// `/du-an/tao-moi`: a member who may act for a verified company creates a project: the company,
/// the kind (each with who it is for), the name, where, the capital and the area, a description,
/// and which optional steps apply. What is typed is kept in the browser as it is typed.
#[component]
pub fn NewProject() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Tạo dự án", "Create a project")));
    let journeys = LocalResource::new(api::projects::journeys);
    let mine = LocalResource::new(api::companies::mine);
    let places = LocalResource::new(api::places);
    let data = Signal::derive(move || {
        Some(match (journeys.get()?, mine.get()?) {
            (Ok(j), Ok(m)) => Ok((j, m)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        })
    });
    let places: Signal<Option<Places>> = Signal::derive(move || places.get().and_then(Result::ok));
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{move || lang.get().pick("Tạo dự án", "Create a project")}</h1>
            <crate::components::Loaded
                data=data
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được các loại dự án.", "The kinds of project could not be loaded.")
                advice=tr("Những gì bạn đã nhập vẫn được giữ trên máy. Kiểm tra mạng rồi tải lại trang.", "What you typed is kept on this device. Check your connection, then reload the page.")
                here=paths::new_project()
                let:loaded
            >
                {
                    let (journeys, mine) = loaded;
                    view! { <Form journeys=journeys mine=mine places=places/> }
                }
            </crate::components::Loaded>
        </div>
    }
}

#[component]
fn Form(
    journeys: Vec<Journey>,
    mine: MyCompanies,
    places: Signal<Option<Places>>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let companies: Vec<Membership> = mine
        .memberships
        .into_iter()
        .filter(|m| m.accepted_at.is_some() && m.role.may_act())
        .collect();
    if companies.is_empty() {
        return view! {
            <p>{move || lang.get().pick(
                "Chỉ thành viên được thao tác của một doanh nghiệp đã xác minh mới tạo được dự án.",
                "Only a member who may act for a verified company can create a project.",
            )}</p>
            <p><a href=paths::company()>{move || lang.get().pick("Doanh nghiệp: xác minh, thành viên, lời mời", "Company: verification, members, invitations")}</a></p>
        }
        .into_any();
    }
    let Saved { key, mut request } = saved::load(&saved_key()).unwrap_or_else(|| Saved {
        key: random_key(),
        request: ProjectRequest::default(),
    });
    if !companies.iter().any(|c| c.tax_code == request.company) {
        request.company = companies[0].tax_code.clone();
    }
    let company = RwSignal::new(request.company);
    let kind = RwSignal::new(request.kind);
    let name = RwSignal::new(request.name);
    let commune = RwSignal::new(Some(request.commune).filter(|c| !c.is_empty()));
    let capital = RwSignal::new(request.capital);
    let area = RwSignal::new(request.area);
    let description = RwSignal::new(request.description);
    let optional = RwSignal::new(request.optional);
    let journeys = StoredValue::new(journeys);
    // Only the chosen kind's optional steps: one chosen under another kind does not count.
    let request = move || {
        let kind = kind.get();
        let chosen = optional.get();
        let optional = journeys.with_value(|js| {
            js.iter()
                .find(|j| j.id == kind)
                .map(|j| {
                    j.steps
                        .iter()
                        .filter(|s| s.optional.is_some() && chosen.contains(&s.id))
                        .map(|s| s.id.clone())
                        .collect()
                })
                .unwrap_or_default()
        });
        ProjectRequest {
            company: company.get(),
            kind,
            name: name.get(),
            commune: commune.get().unwrap_or_default(),
            capital: capital.get(),
            area: area.get(),
            description: description.get(),
            optional,
        }
    };
    {
        let key = key.clone();
        Effect::new(move |_| {
            saved::store(
                &saved_key(),
                &Saved {
                    key: key.clone(),
                    request: request(),
                },
            )
        });
    }
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let req = untrack(request);
        let problems = journeys.with_value(|js| req.problems(js, places.get_untracked().as_ref()));
        if !problems.is_empty() {
            errors.set(by_control(in_words(problems)));
            general.set(Some(not_created(l)));
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        sending.set(true);
        let (key, navigate) = (key.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let result = api::projects::create(&req, &key).await;
            let l = lang.get_untracked();
            match result {
                Ok(id) => {
                    saved::forget(&[&saved_key()]);
                    go(&navigate, &paths::project(&id));
                }
                Err(e) => {
                    sending.set(false);
                    general.set(Some(match e {
                        ApiError::Invalid(body) => {
                            errors.set(by_control(said(&body)));
                            not_created(l)
                        }
                        ApiError::NotFound => l.pick(
                            "Anh/chị không được tạo dự án cho doanh nghiệp này.",
                            "You may not create a project for this company.",
                        ).into(),
                        ApiError::Network => l.pick(
                            "Không kết nối được. Thông tin vẫn được giữ; bấm Tạo dự án lần nữa khi có mạng — dự án chỉ được tạo một lần.",
                            "No connection. What you typed is kept; press Create the project again when you are online — it will only be created once.",
                        ).into(),
                        e => match e.wait() {
                            Some(wait) => l.text(&wait),
                            None => l.pick("Hệ thống đang bận. Hãy thử lại sau ít phút.", "The service is busy. Please try again in a few minutes.").into(),
                        },
                    }));
                }
            }
        });
    };
    let shown = Signal::derive(move || errors.get());
    let error_of = move |id: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| f == id)
                .map(|(_, m)| lang.get().text(&m))
        }
    };
    let company_choice = if companies.len() == 1 {
        let c = companies[0].clone();
        view! {
            <p>{move || format!("{} {} ({} {})", lang.get().pick("Doanh nghiệp:", "Company:"), c.name, lang.get().pick("mã số thuế", "tax code"), c.tax_code)}</p>
        }
        .into_any()
    } else {
        view! {
            <div class="mc-form-group">
                <fieldset class="mc-fieldset" id="f-company">
                    <legend class="mc-label">{move || lang.get().pick("Doanh nghiệp chủ dự án", "The company that owns the project")}</legend>
                    <div class="mc-radios">
                        {companies.into_iter().map(|c| {
                            let oid = format!("f-company-{}", c.tax_code);
                            let code = c.tax_code.clone();
                            let checked = { let code = code.clone(); move || company.with(|v| *v == code) };
                            view! {
                                <div class="mc-radios__item">
                                    <input class="mc-radios__input" type="radio" id=oid.clone() name="company" value=code.clone()
                                        prop:checked=checked on:change=move |_| company.set(code.clone())/>
                                    <label class="mc-radios__label" for=oid>{format!("{} ({})", c.name, c.tax_code)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
        }
        .into_any()
    };
    let kind_id = input_id(Name::Kind.key());
    let kind_error = error_of("f-kind");
    // The first choice carries the group's id, so that the error summary's link focuses it.
    let kinds = journeys.with_value(|js| js.clone()).into_iter().enumerate().map(|(i, j)| {
        let oid = if i == 0 { kind_id.clone() } else { format!("{kind_id}-{}", j.id) };
        let hint_id = format!("{oid}-hint");
        let id = j.id.clone();
        let checked = { let id = id.clone(); move || kind.with(|k| *k == id) };
        let (name, description) = (j.name.clone(), j.description.clone());
        view! {
            <div class="mc-choice">
                <input class="mc-choice__input" type="radio" id=oid.clone() name="kind" value=id.clone() aria-describedby=hint_id.clone()
                    prop:checked=checked on:change=move |_| kind.set(id.clone())/>
                <div>
                    <label class="mc-choice__label" for=oid>{move || lang.get().text(&name)}</label>
                    <p class="mc-choice__hint" id=hint_id>{move || lang.get().text(&description)}</p>
                </div>
            </div>
        }
    }).collect_view();
    // The optional steps' procedures by name, looked up for the kind chosen.
    let step_names = LocalResource::new(move || {
        let codes: Vec<String> = journeys.with_value(|js| {
            js.iter()
                .find(|j| kind.with(|k| *k == j.id))
                .map(|j| {
                    j.steps
                        .iter()
                        .filter(|s| s.optional.is_some())
                        .map(|s| s.procedure.clone())
                        .collect()
                })
                .unwrap_or_default()
        });
        async move {
            let mut names = Vec::new();
            for code in codes {
                if let Ok(d) = api::procedure(&code).await {
                    names.push((code, d.procedure.name));
                }
            }
            names
        }
    });
    let optional_steps = move || {
        let l = lang.get();
        let steps: Vec<_> = journeys.with_value(|js| {
            js.iter()
                .find(|j| kind.with(|k| *k == j.id))
                .map(|j| {
                    j.steps
                        .iter()
                        .filter(|s| s.optional.is_some())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        });
        if steps.is_empty() {
            return None;
        }
        let names = step_names.get().unwrap_or_default();
        Some(view! {
            <div class="mc-form-group" class:mc-form-group--error=move || error_of("f-optional")().is_some()>
                <fieldset class="mc-fieldset">
                    <legend class="mc-label">{l.pick("Các bước chỉ áp dụng với một số dự án", "Steps that apply to some projects only")}</legend>
                    <p class="mc-hint">{l.pick("Đánh dấu những bước áp dụng với dự án này.", "Tick those that apply to this project.")}</p>
                    {move || error_of("f-optional")().map(|m| view! { <p class="mc-error-message">{m}</p> })}
                    <div class="mc-choices">
                        {steps.into_iter().enumerate().map(|(i, s)| {
                            let oid = if i == 0 { "f-optional".to_string() } else { format!("f-optional-{}", s.id) };
                            let hint_id = format!("{oid}-hint");
                            let label = names.iter().find(|(c, _)| *c == s.procedure).map(|(_, n)| l.text(n)).unwrap_or_else(|| s.procedure.clone());
                            let condition = s.optional.as_ref().map(|o| l.text(o)).unwrap_or_default();
                            let id = s.id.clone();
                            let checked = { let id = id.clone(); move || optional.with(|o| o.contains(&id)) };
                            view! {
                                <div class="mc-choice">
                                    <input class="mc-choice__input" type="checkbox" id=oid.clone() value=id.clone() aria-describedby=hint_id.clone()
                                        prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            optional.update(|o| {
                                                o.retain(|x| *x != id);
                                                if on { o.push(id.clone()); }
                                            });
                                        }/>
                                    <div>
                                        <label class="mc-choice__label" for=oid>{label}</label>
                                        <p class="mc-choice__hint" id=hint_id>{format!("{} {condition}", l.pick("Áp dụng khi:", "Applies when:"))}</p>
                                    </div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
        })
    };
    view! {
        <form class="mc-form" novalidate on:submit=submit>
            <ErrorSummary errors=shown general=general/>
            {company_choice}
            <div class="mc-form-group" class:mc-form-group--error=move || kind_error().is_some()>
                <fieldset class="mc-fieldset">
                    <legend class="mc-label">{move || lang.get().pick("Loại dự án", "Kind of project")}</legend>
                    <p class="mc-hint">{move || lang.get().pick("Loại dự án quyết định các thủ tục phải làm và thứ tự của chúng.", "The kind decides which procedures the project goes through, and in what order.")}</p>
                    {move || kind_error().map(|m| view! { <p class="mc-error-message">{m}</p> })}
                    <div class="mc-choices">{kinds}</div>
                </fieldset>
            </div>
            <TextField id="f-name" label=tr("Tên dự án", "Project name") value=name errors=shown/>
            <PlaceChoice id="f-commune" label=tr("Xã, phường nơi thực hiện dự án", "Commune or ward where the project is")
                hint=tr("Chọn tỉnh, thành phố trước.", "Choose the province or city first.") commune=commune places=places errors=shown/>
            <TextField id="f-capital" label=tr("Tổng vốn đầu tư (đồng)", "Total investment capital (đồng)")
                hint=tr("Chỉ ghi số, ví dụ 25.000.000.000", "Digits only, for example 25.000.000.000") value=capital errors=shown inputmode="numeric"/>
            <TextField id="f-area" label=tr("Diện tích đất (m²)", "Land area (m²)")
                hint=tr("Chỉ ghi số, ví dụ 12.000", "Digits only, for example 12.000") value=area errors=shown inputmode="numeric"/>
            <TextArea id="f-description" label=tr("Mô tả ngắn (không bắt buộc)", "Short description (optional)")
                hint=tr("Mục tiêu, quy mô, sản phẩm của dự án.", "The project's aim, scale and products.") value=description errors=shown rows=4/>
            {optional_steps}
            <button class="mc-button" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Tạo dự án", "Create the project")}</button>
        </form>
    }
    .into_any()
}
