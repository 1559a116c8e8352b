use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::time::Duration;

use futures_util::future::join4;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::account::Me;
use motcua_api::answers::money_text;
use motcua_api::answers::{answer_lines, commune_hint, delivery_text};
use motcua_api::dossier::{
    Delivery, Draft, DraftList, ProvidedDocument, SubmitRequest, UploadInfo,
};
use motcua_api::fees::{self, Exemption, FeeClaim, FeeDue};
use motcua_api::form::{AddressAnswer, Answer, Answers, FormDefinition, Places};
use motcua_api::general::document_note;
use motcua_api::problem::{Code, Field, Name};
use motcua_api::project::{StepRef, StepStart, StepState};
use motcua_api::{paths, Procedure, ProcedureDetail, Provided, SearchRequest, Text};
use serde::{Deserialize, Serialize};

use crate::components::{
    answer_rows, in_person, in_words, said, CommuneChoice, ErrorSummary, FieldErrors, FilePicker,
    FormFieldView, GivenAnswers, Loaded,
};
use crate::dates::today;
use crate::field_keys::{answer_key, input_id, is_answer_of};
use crate::{go, saved};

/// What the browser keeps of an application between visits: the draft, the id the server keeps it
/// under, and the submit key, so a retried submit can never make a second dossier.
#[derive(Clone, Serialize, Deserialize)]
struct Saved {
    draft_id: String,
    submit_key: String,
    draft: Draft,
}

fn random_id() -> String {
    #[cfg(target_arch = "wasm32")]
    let bytes = {
        let mut bytes = [0u8; 12];
        if let Ok(c) = window().crypto() {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        }
        bytes
    };
    // The server draws a new application but never keeps it: only the browser's ids are used.
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = [0u8; 12];
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Focuses the control with `id`, or for choices, an address or a group (whose id is on the box
/// around them) the first control inside.
fn focus_control(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let control = if matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
        Some(el)
    } else {
        el.query_selector("input, select, textarea").ok().flatten()
    };
    if let Some(c) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = c.focus();
    }
}

/// Where this browser keeps the application: one per procedure, and one per project step, so that
/// what was typed for one project never turns up in another's.
fn kept_under(code: &str, project: Option<&StepRef>) -> String {
    match project {
        None => saved::application_key(code),
        Some(r) => saved::application_key(&format!("{code}.{}.{}", r.project, r.step)),
    }
}

/// Puts into `answers` each of `given` that is not answered there yet, so nothing typed is
/// overwritten.
fn fill_unanswered(answers: &mut Answers, given: &Answers) {
    for (section, fields) in given {
        let kept = answers.entry(section.clone()).or_default();
        for (id, answer) in fields {
            let blank = match kept.get(id) {
                None => true,
                Some(Answer::Text(t)) => t.trim().is_empty(),
                Some(_) => false,
            };
            if blank {
                kept.insert(id.clone(), answer.clone());
            }
        }
    }
}

fn not_submitted(l: Lang) -> String {
    l.pick(
        "Hồ sơ chưa được nộp. Sửa các mục dưới đây rồi nộp lại.",
        "The application was not submitted. Correct the items below, then submit again.",
    )
    .into()
}

/// A page of the application, in order: one per form section, then the documents, how to receive
/// the result, and the check of every answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The form's section at this position.
    Section(usize),
    Documents,
    Delivery,
    /// The counts the fees go by and an exemption, for a procedure that charges fees.
    Fees,
    Check,
}

/// The names the draft keeps for the pages after the sections (a section is kept by its id).
const PAGE_NAMES: [(Step, &str); 4] = [
    (Step::Documents, "giay-to"),
    (Step::Delivery, "nhan-ket-qua"),
    (Step::Fees, "le-phi"),
    (Step::Check, "kiem-tra"),
];

impl Step {
    fn first(form: &FormDefinition) -> Step {
        if form.sections.is_empty() {
            Step::Documents
        } else {
            Step::Section(0)
        }
    }

    /// The name the draft keeps, so a reload or another device opens the same page.
    fn name(self, form: &FormDefinition) -> String {
        match self {
            Step::Section(i) => form.sections[i].id.clone(),
            page => PAGE_NAMES
                .iter()
                .find(|(s, _)| *s == page)
                .map(|(_, name)| name.to_string())
                .unwrap_or_default(),
        }
    }

    fn named(name: &str, form: &FormDefinition) -> Option<Step> {
        form.sections
            .iter()
            .position(|s| s.id == name)
            .map(Step::Section)
            .or_else(|| PAGE_NAMES.iter().find(|(_, n)| *n == name).map(|(s, _)| *s))
    }

    /// Which page this is, counting from 1, of how many; the fees page counts only where the
    /// procedure charges `fees`.
    fn number(self, form: &FormDefinition, fees: bool) -> (usize, usize) {
        let sections = form.sections.len();
        let fees = usize::from(fees);
        let number = match self {
            Step::Section(i) => i + 1,
            Step::Documents => sections + 1,
            Step::Delivery => sections + 2,
            Step::Fees => sections + 3,
            Step::Check => sections + 3 + fees,
        };
        (number, sections + 3 + fees)
    }

    fn next(self, form: &FormDefinition, fees: bool) -> Step {
        match self {
            Step::Section(i) if i + 1 < form.sections.len() => Step::Section(i + 1),
            Step::Section(_) => Step::Documents,
            Step::Documents => Step::Delivery,
            Step::Delivery if fees => Step::Fees,
            Step::Delivery | Step::Fees | Step::Check => Step::Check,
        }
    }

    fn previous(self, form: &FormDefinition, fees: bool) -> Option<Step> {
        match self {
            Step::Section(0) => None,
            Step::Section(i) => Some(Step::Section(i - 1)),
            Step::Documents => form.sections.len().checked_sub(1).map(Step::Section),
            Step::Delivery => Some(Step::Documents),
            Step::Fees => Some(Step::Delivery),
            Step::Check if fees => Some(Step::Fees),
            Step::Check => Some(Step::Delivery),
        }
    }

    /// The page that shows the field whose problems are filed under `key`.
    fn holding(key: &str, form: &FormDefinition, documents: usize) -> Option<Step> {
        match Field::parse(key) {
            Field::Delivery | Field::Named(Name::Commune) => Some(Step::Delivery),
            Field::Fee(_) | Field::Named(Name::Exemption) => Some(Step::Fees),
            Field::Document(d) if (d as usize) < documents => Some(Step::Documents),
            Field::Answer(path) => form
                .sections
                .iter()
                .position(|s| is_answer_of(&path, &s.id))
                .map(Step::Section),
            _ => None,
        }
    }
}

/// Applying online for a procedure: one question page per form section, the documents, how to
/// receive the result, a check of every answer, and the submit. Everything is kept as it is typed, in
/// the browser at once and on the server a moment later.
#[component]
pub fn Application() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    // Filed as a step of a project, as the project page links it.
    let project = use_query_map()
        .with_untracked(|q| paths::step_of(|key| q.get(key)))
        .map(|(project, step)| StepRef { project, step });
    let here = match &project {
        Some(r) => paths::apply_for_step(&code, &r.project, &r.step),
        None => paths::apply(&code),
    };
    // Sent with the page to whoever is signed in; asked for otherwise.
    let sent_places = api::sent::<Places>("/places").and_then(Result::ok);
    let asked_places = sent_places
        .is_none()
        .then(|| LocalResource::new(api::places));
    let places: Signal<Option<Places>> = match asked_places {
        Some(asked) => Signal::derive(move || asked.get().and_then(Result::ok)),
        None => Signal::stored(sent_places),
    };
    // A project's step is never sent with the page: what the project says is always asked.
    let sent = project
        .is_none()
        .then(|| sent_application(&code, places.get_untracked().as_ref()))
        .flatten();
    let loaded: Signal<Option<Result<Opened, ApiError>>> = match sent {
        Some(sent) => Signal::stored(Some(sent)),
        None => {
            let code = code.clone();
            let project = project.clone();
            let asked = LocalResource::new(move || {
                let code = code.clone();
                let project = project.clone();
                async move {
                    // The procedure says whether it has a form, so that none is asked for in vain,
                    // and that it has none before anyone is asked to sign in.
                    let detail = api::procedure(&code).await?;
                    if !detail.has_form {
                        return Err(ApiError::NotFound);
                    }
                    // What this device kept, else a draft on the server; asked together with the
                    // account, the form and what the project and its earlier results already say:
                    // one round trip on a slow network, not four. A project the person may not
                    // file for is not found.
                    let kept = saved::load::<Saved>(&kept_under(&code, project.as_ref()));
                    let (me, form, start, remote) = join4(
                        api::me(),
                        api::form(&code),
                        async {
                            match &project {
                                Some(r) => api::projects::step_start(&r.project, &r.step)
                                    .await
                                    .map(Some),
                                None => Ok(None),
                            }
                        },
                        async {
                            if kept.is_some() {
                                None
                            } else {
                                remote_draft(&code, project.as_ref()).await
                            }
                        },
                    )
                    .await;
                    let (me, form, start) = (me?, form?, start?);
                    let saved = match (kept, remote) {
                        (Some(saved), _) => saved,
                        (None, Some((draft_id, draft))) => from_server(draft_id, draft),
                        (None, None) => {
                            // Waited for only here: an address is filled from the account's by
                            // the places it names. Untracked: the places arriving must not run
                            // this loader again, which would draw the form afresh over what is
                            // being typed.
                            let places = match asked_places {
                                Some(asked) => {
                                    ScopedFuture::new_untracked(asked.into_future()).await.ok()
                                }
                                None => places.get_untracked(),
                            };
                            new_application(&code, &form, &me, places.as_ref(), start.as_ref())
                        }
                    };
                    Ok((me, detail, form, with_project(saved, start.as_ref()), start))
                }
            });
            Signal::derive(move || asked.get())
        }
    };
    let for_project = project.is_some();
    view! {
        <div class="mc-page mc-page--narrow">
            <Loaded
                data=loaded
                loading=tr("Đang tải mẫu đơn…", "Loading the form…")
                failed=tr("Chưa tải được mẫu đơn.", "The form could not be loaded.")
                advice=tr("Những gì bạn đã nhập vẫn được giữ trên máy. Kiểm tra mạng rồi tải lại trang.", "What you typed is kept on this device. Check your connection, then reload the page.")
                here=here
                not_found=move || if for_project {
                    view! {
                        <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy bước này của dự án", "This step of the project was not found")}</h1>
                        <p>{move || lang.get().pick("Dự án không có, hoặc anh/chị không được nộp hồ sơ cho dự án này.", "There is no such project, or you may not file for it.")}</p>
                        <p><a href=paths::projects()>{move || lang.get().pick("Xem các dự án của doanh nghiệp", "See your company's projects")}</a></p>
                    }.into_any()
                } else {
                    view! {
                        <h1 class="mc-page__title">{move || lang.get().pick("Không nộp trực tuyến được thủ tục này", "This procedure cannot be applied for online")}</h1>
                        <p><a href=paths::search(&SearchRequest::default())>{move || lang.get().pick("Tìm thủ tục khác", "Find another procedure")}</a></p>
                    }.into_any()
                }
                let:loaded
            >
                {
                    let (me, detail, form, saved, start) = loaded;
                    view! { <Flow me=me detail=detail form=form places=places saved=saved start=start/> }
                }
            </Loaded>
        </div>
    }
}

/// An application opened: the account, the procedure, its form, the application as kept, and the
/// project step it is filed for.
type Opened = (Me, ProcedureDetail, FormDefinition, Saved, Option<StepStart>);

/// The application as the page was sent with it (the procedure, its form, the account, its drafts of
/// this procedure and the places), opened at once: the first drawing is the form itself, the same on
/// the server and in the browser, which starts from its own copy where it kept one. `None` where the
/// page was sent without something this needs: the app then asks.
fn sent_application(code: &str, places: Option<&Places>) -> Option<Result<Opened, ApiError>> {
    let detail: ProcedureDetail = match api::sent(&api::procedure_path(code).ok()?)? {
        Ok(detail) => detail,
        Err(e) => return Some(Err(e)),
    };
    if !detail.has_form {
        return Some(Err(ApiError::NotFound));
    }
    let me: Me = api::sent("/me")?.ok()?;
    let form: FormDefinition = api::sent(&api::form_path(code))?.ok()?;
    let saved = match saved::load::<Saved>(&kept_under(code, None)) {
        Some(kept) => kept,
        None => {
            let drafts: DraftList = api::sent("/drafts")?.ok()?;
            let mut remote = None;
            for summary in drafts.items.iter().filter(|d| d.procedure == code) {
                let draft: Draft = api::sent(&api::draft_path(&summary.id))?.ok()?;
                if draft.project.is_none() {
                    remote = Some(from_server(summary.id.clone(), draft));
                    break;
                }
            }
            match remote {
                Some(saved) => saved,
                None => new_application(code, &form, &me, Some(places?), None),
            }
        }
    };
    Some(Ok((me, detail, form, saved, None)))
}

/// A draft begun on another device.
fn from_server(draft_id: String, draft: Draft) -> Saved {
    Saved {
        draft_id,
        // Never submitted, or the server would have deleted the draft: a fresh key is safe.
        submit_key: random_id(),
        draft,
    }
}

/// A new application: each answer the account (by the places its address names) and the project
/// already give, filled in.
fn new_application(
    code: &str,
    form: &FormDefinition,
    me: &Me,
    places: Option<&Places>,
    start: Option<&StepStart>,
) -> Saved {
    let mut answers = form.prefilled(me, places);
    // The project's answers first: the account's are only a guess at them.
    if let Some(start) = start {
        answers = {
            let mut first = start.answers.clone();
            fill_unanswered(&mut first, &answers);
            first
        };
    }
    Saved {
        draft_id: random_id(),
        submit_key: random_id(),
        draft: Draft {
            project: start.map(|s| StepRef {
                project: s.project.clone(),
                step: s.step.clone(),
            }),
            procedure: code.to_string(),
            step: String::new(),
            answers,
            documents: BTreeMap::new(),
            delivery: None,
            commune: start.and_then(|s| s.commune.clone()),
            fees: Default::default(),
            updated_at: 0,
        },
    }
}

/// A draft kept from before gets what the project says since (an earlier step's result) only where
/// nothing is typed.
fn with_project(mut saved: Saved, start: Option<&StepStart>) -> Saved {
    if let Some(start) = start {
        fill_unanswered(&mut saved.draft.answers, &start.answers);
        if saved.draft.commune.is_none() {
            saved.draft.commune = start.commune.clone();
        }
    }
    saved
}

/// The draft of this procedure (for this project step, or for none) kept on the server, for an
/// application started on another device.
async fn remote_draft(code: &str, project: Option<&StepRef>) -> Option<(String, Draft)> {
    let list = api::drafts().await.ok()?;
    for summary in list.items.into_iter().filter(|d| d.procedure == code) {
        let draft = api::draft(&summary.id).await.ok()?;
        if draft.project.as_ref() == project {
            return Some((summary.id, draft));
        }
    }
    None
}

#[component]
fn Flow(
    me: Me,
    detail: ProcedureDetail,
    form: FormDefinition,
    places: Signal<Option<Places>>,
    saved: Saved,
    /// The project step it is filed for, and what the project already said.
    start: Option<StepStart>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let project = start.as_ref().map(|s| StepRef {
        project: s.project.clone(),
        step: s.step.clone(),
    });

    let procedure = detail.procedure.clone();
    let agency = detail.agency.clone();
    let code = procedure.code.clone();
    let kept = kept_under(&code, project.as_ref());
    let Saved {
        draft_id,
        submit_key,
        draft,
    } = saved;
    let step = RwSignal::new(Step::named(&draft.step, &form).unwrap_or(Step::first(&form)));
    let answers = RwSignal::new(form.current(&draft.answers));
    // One list of files per document of the procedure, by its position.
    // A draft saved before a document was marked as provided otherwise keeps no files for it: they
    // would only be refused, with no control left here to remove them.
    let documents: Vec<RwSignal<Vec<UploadInfo>>> = (0u32..)
        .zip(&procedure.documents)
        .map(|(d, doc)| {
            let files = match doc.provided {
                Provided::Upload => draft.documents.get(&d).cloned().unwrap_or_default(),
                _ => Vec::new(),
            };
            RwSignal::new(files)
        })
        .collect();
    let documents = StoredValue::new(documents);
    let all_documents = move || -> BTreeMap<u32, Vec<UploadInfo>> {
        documents.with_value(|docs| {
            docs.iter()
                .enumerate()
                .map(|(d, files)| (d as u32, files.get()))
                .filter(|(_, files)| !files.is_empty())
                .collect()
        })
    };
    let delivery = RwSignal::new(draft.delivery.unwrap_or(Delivery::Centre));
    let claim = RwSignal::new(draft.fees.clone());
    // A page of its own only where there is something to ask: a count, or an exemption to declare.
    // The amount is on the check page whenever there is a fee.
    let has_fees = procedure.fees.iter().any(|f| f.charge.counted().is_some())
        || !procedure.exemptions_offered().is_empty();
    let commune = RwSignal::new(draft.commune.clone());
    // Problems by key (`field_keys`): the page's own checks and the server's answer to a submit.
    // Each stays until its page is checked again or the application is submitted again.
    let errors = RwSignal::new(BTreeMap::<String, Text>::new());
    let general = RwSignal::new(None::<String>);
    let form = StoredValue::new(form);
    // Answers other answers give (the applicant who is the person concerned) follow them, as the
    // server will work them out.
    let me = StoredValue::new(me);
    Effect::new(move |_| {
        let all = answers.get();
        let derived =
            me.with_value(|me| form.with_value(|f| f.derived(&all, me, places.get().as_ref())));
        if derived != all {
            answers.set(derived);
        }
    });
    let document_count = procedure.documents.len();
    // A commune's office starts as the one of the applicant's own address, when it is in the
    // province: chosen for them, never hidden from them.
    {
        let agency = agency.clone();
        Effect::new(move |_| {
            if step.get() == Step::Delivery && commune.with_untracked(Option::is_none) {
                let hint =
                    form.with_value(|f| answers.with_untracked(|a| commune_hint(&agency, f, a)));
                if hint.is_some() {
                    commune.set(hint);
                }
            }
        });
    }

    // Saved in the browser on every change; on the server a second after the last one.
    let generation = StoredValue::new(0u32);
    {
        let code = code.clone();
        let draft_id = draft_id.clone();
        let submit_key = submit_key.clone();
        let kept = kept.clone();
        let project = project.clone();
        Effect::new(move |_| {
            let draft = Draft {
                project: project.clone(),
                procedure: code.clone(),
                step: form.with_value(|f| step.get().name(f)),
                answers: answers.get(),
                documents: all_documents(),
                delivery: Some(delivery.get()),
                commune: commune.get(),
                fees: claim.get(),
                updated_at: 0,
            };
            saved::store(
                &kept,
                &Saved {
                    draft_id: draft_id.clone(),
                    submit_key: submit_key.clone(),
                    draft: draft.clone(),
                },
            );
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let draft_id = draft_id.clone();
            set_timeout(
                move || {
                    if generation.try_get_value() == Some(mine) {
                        leptos::task::spawn_local(async move {
                            // A failed save is retried by the next change; the browser copy is the safety net.
                            let _ = api::save_draft(&draft_id, &draft).await;
                        });
                    }
                },
                Duration::from_millis(1000),
            );
        });
    }

    let title = procedure.name.clone();
    Effect::new(move |_| set_title(&lang.get().text(&title)));
    // Listed in the order of the pages, each linking to its control.
    let summary: Signal<FieldErrors> = Signal::derive(move || {
        let mut list: FieldErrors = errors.get().into_iter().collect();
        form.with_value(|f| {
            list.sort_by_key(|(key, _)| {
                Step::holding(key, f, document_count).map(|s| s.number(f, has_fees).0)
            })
        });
        list.into_iter()
            .map(|(key, message)| (input_id(&key), message))
            .collect()
    });
    // A summary link leads to the page that holds its field, keeping every problem in view.
    let reveal = Callback::new(move |id: String| {
        let holding = errors.with_untracked(|e| {
            let key = e.keys().find(|key| input_id(key) == id)?;
            form.with_value(|f| Step::holding(key, f, document_count))
        });
        if let Some(s) = holding {
            step.set(s);
        }
    });

    let go_to = move |to: Step| {
        if general.with_untracked(Option::is_some) {
            general.set(None);
        }
        step.set(to);
        motcua::focus_main();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    // A check page's change button leads to its answer's page and control, in a group's very item.
    let change_answer = Callback::new(move |key: String| {
        if let Some(to) = form.with_value(|f| Step::holding(&key, f, document_count)) {
            go_to(to);
            request_animation_frame(move || focus_control(&input_id(&key)));
        }
    });

    // The application as it would be sent now.
    let request = {
        let code = code.clone();
        let draft_id = draft_id.clone();
        let project = project.clone();
        move || SubmitRequest {
            project: project.clone(),
            procedure: code.clone(),
            answers: answers.get_untracked(),
            documents: untrack(all_documents)
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().map(|f| f.id).collect()))
                .collect(),
            delivery: delivery.get_untracked(),
            commune: commune.get_untracked(),
            draft_id: Some(draft_id.clone()),
            fees: claim.get_untracked(),
        }
    };

    // Leaving a page checks what it holds by the rules the server applies to the whole
    // application, so the two cannot disagree.
    let next = {
        let procedure = procedure.clone();
        let agency = agency.clone();
        let request = request.clone();
        move |_| {
            let here = step.get_untracked();
            let problems = form.with_value(|f| {
                request().problems(
                    &procedure,
                    &agency,
                    f,
                    today(),
                    places.get_untracked().as_ref(),
                )
            });
            let found: BTreeMap<String, Text> = form.with_value(|f| {
                in_words(problems)
                    .into_iter()
                    .filter(|(key, _)| Step::holding(key, f, document_count) == Some(here))
                    .collect()
            });
            let passed = found.is_empty();
            errors.update(|e| {
                form.with_value(|f| {
                    e.retain(|key, _| Step::holding(key, f, document_count) != Some(here))
                });
                e.extend(found);
            });
            if passed {
                go_to(form.with_value(|f| here.next(f, has_fees)));
            }
        }
    };

    let sending = RwSignal::new(false);
    let submit = {
        let kept = kept.clone();
        let procedure = procedure.clone();
        let agency = agency.clone();
        move |_| {
            if sending.get_untracked() {
                return;
            }
            let l = lang.get_untracked();
            let req = request();
            // The whole application by the server's rules before it is sent: a saved draft may have
            // gone stale since its pages were checked.
            let problems = form.with_value(|f| {
                req.problems(
                    &procedure,
                    &agency,
                    f,
                    today(),
                    places.get_untracked().as_ref(),
                )
            });
            if !problems.is_empty() {
                errors.set(in_words(problems).into_iter().collect());
                general.set(Some(not_submitted(l)));
                return;
            }
            sending.set(true);
            general.set(None);
            let (key, kept, navigate) = (submit_key.clone(), kept.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                match api::submit(&req, &key).await {
                    Ok(receipt) => {
                        saved::forget(&[&kept]);
                        let to = match &req.project {
                            Some(r) => paths::receipt_in_project(&receipt.code, &r.project),
                            None => paths::receipt(&receipt.code),
                        };
                        go(&navigate, &to);
                    }
                    Err(e) => {
                        sending.set(false);
                        let l = lang.get_untracked();
                        match e {
                            ApiError::Invalid(body) => {
                                errors.set(said(&body).into_iter().collect());
                                general.set(Some(not_submitted(l)));
                            }
                            // Another dossier took the step meanwhile (another member, another tab).
                            ApiError::Refused(409, body) if body.code == "step_taken" => {
                                general.set(Some(l.text(&Code::StepTaken.message())));
                            }
                            ApiError::Network => general.set(Some(l.pick("Không kết nối được. Hồ sơ của bạn vẫn được giữ; bấm Nộp hồ sơ lần nữa khi có mạng — hồ sơ chỉ được tạo một lần.", "No connection. Your application is kept; press Submit again when you are online — it will only be created once.").into())),
                            _ => general.set(Some(l.pick("Hệ thống đang bận. Hãy thử lại sau ít phút.", "The service is busy. Please try again in a few minutes.").into())),
                        }
                    }
                }
            });
        }
    };

    let name = procedure.name.clone();
    // The server's word on the step (not ready, taken, not this procedure) is filed under
    // `project`: its summary link comes here.
    let for_project = start.map(|s| {
        let step_name = procedure.name.clone();
        // Said before anything is typed: the server would refuse it as things stand.
        let not_now = match s.state {
            StepState::Waiting => Some(Text::new(
                "Lúc này chưa nộp được bước này: các bước cần có trước chưa xong.",
                "This step cannot be filed yet: the steps it needs are not done.",
            )),
            StepState::InProgress | StepState::SupplementRequested | StepState::Done => {
                Some(Code::StepTaken.message())
            }
            StepState::CanStart | StepState::Refused => None,
        };
        view! {
            <p id=input_id(&Field::Named(Name::Project).to_string()) tabindex="-1">
                {move || lang.get().pick("Nộp cho dự án ", "Filed for project ")}
                <a href=paths::project(&s.project)>{s.project_name.clone()}</a>
                {move || { let l = lang.get(); format!("{} “{}”", l.pick(", bước", ", step"), l.text(&step_name)) }}
            </p>
            {not_now.map(|t| view! { <p class="mc-notice mc-notice--error">{move || lang.get().text(&t)}</p> })}
        }
    });
    view! {
        <span class="mc-caption">{move || lang.get().text(&name)}</span>
        <ErrorSummary errors=summary general=general reveal=reveal/>
        {for_project}
        <p class="mc-step">{move || {
            let (number, total) = form.with_value(|f| step.get().number(f, has_fees));
            match lang.get() {
                Lang::Vi => format!("Bước {number} trên {total}"),
                Lang::En => format!("Step {number} of {total}"),
            }
        }}</p>
        {move || match step.get() {
            Step::Section(i) => {
                let section = form.with_value(|f| f.sections[i].clone());
                let section_answers = RwSignal::new(answers.with_untracked(|a| a.get(&section.id).cloned().unwrap_or_default()));
                let id = section.id.clone();
                Effect::new(move |_| {
                    let value = section_answers.get();
                    answers.update(|a| { a.insert(id.clone(), value); });
                });
                let title = section.title.clone();
                let description = section.description.clone();
                // Not asked again: what the applicant's answers already say (see the effect above).
                let given = answers.with_untracked(|a| me.with_value(|me| form.with_value(|f| f.given(&section.id, a, me, places.get_untracked().as_ref()))));
                let given_view = form.with_value(|f| f.given_because(&section.id).map(|(from, because)| (Step::named(from, f), because)))
                    .filter(|_| !given.is_empty())
                    .map(|(from, because)| {
                        let fields = section.fields.iter().filter(|f| given.contains_key(&f.id)).cloned().collect::<Vec<_>>();
                        let change = Callback::new(move |()| { if let Some(s) = from { go_to(s) } });
                        view! { <GivenAnswers fields=fields given=given.clone() because=because places=places change=change/> }
                    });
                // Before anyone starts: what a partly online procedure still asks in person.
                let visit = (i == 0).then(|| { let detail = detail.clone(); move || in_person(&detail, lang.get()) });
                view! {
                    {visit}
                    <h1 class="mc-page__title">{move || lang.get().text(&title)}</h1>
                    {description.map(|d| view! { <p class="mc-hint">{move || lang.get().text(&d)}</p> })}
                    {given_view}
                    <form class="mc-form" method="post" novalidate on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                        {section.fields.iter().filter(|f| !given.contains_key(&f.id)).map(|f| view! {
                            <FormFieldView field=f.clone() path=vec![f.id.clone()] key=answer_key(&section.id, &[&f.id]) answers=section_answers errors=errors.into() places=places
                                locked=me.with_value(|me| f.prefill.filter(|p| me.verified && p.is_identity()).and_then(|p| p.value(me, f.kind, None)))/>
                        }).collect_view()}
                    </form>
                }.into_any()
            }
            Step::Documents => view! { <Documents detail=detail.clone() documents=documents.get_value() errors=summary/> }.into_any(),
            Step::Delivery => view! { <DeliveryChoice detail=detail.clone() delivery=delivery commune=commune places=places errors=errors.into()/> }.into_any(),
            Step::Fees => view! { <FeesPage procedure=procedure.clone() claim=claim errors=errors/> }.into_any(),
            Step::Check => view! {
                <CheckAnswers form=form.get_value() detail=detail.clone() answers=answers documents=documents.get_value() delivery=delivery commune=commune places=places on_change=Callback::new(go_to) on_change_answer=change_answer/>
                {(!procedure.fees.is_empty()).then(|| view! { <FeeTotal procedure=procedure.clone() claim=claim change=has_fees.then(|| Callback::new(move |()| go_to(Step::Fees)))/> })}
            }.into_any(),
        }}
        <div class="mc-button-group">
            {move || form.with_value(|f| step.get().previous(f, has_fees)).map(|back| view! {
                <button class="mc-button mc-button--secondary" type="button" on:click=move |_| go_to(back)>
                    {move || lang.get().pick("Quay lại", "Back")}
                </button>
            })}
            {
                let next = next.clone();
                let submit = submit.clone();
                move || if step.get() != Step::Check {
                    let next = next.clone();
                    view! { <button class="mc-button" type="button" on:click=next>{move || lang.get().pick("Tiếp tục", "Continue")}</button> }.into_any()
                } else {
                    let submit = submit.clone();
                    view! { <button class="mc-button" type="button" disabled=move || sending.get() on:click=submit>
                        {move || if sending.get() { lang.get().pick("Đang nộp…", "Submitting…") } else { lang.get().pick("Nộp hồ sơ", "Submit the application") }}
                    </button> }.into_any()
                }
            }
        </div>
    }
}

#[component]
fn Documents(
    detail: ProcedureDetail,
    /// The files of each document, by its position in the procedure's list.
    documents: Vec<RwSignal<Vec<UploadInfo>>>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let otherwise = ProvidedDocument::of(&detail.procedure);
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Giấy tờ kèm theo", "Documents")}</h1>
        <p class="mc-hint">{move || lang.get().pick(
            "Chụp ảnh hoặc chọn tệp PDF, JPEG, PNG, HEIC hoặc DOCX, mỗi tệp tối đa 20 MB. Có thể tải nhiều tệp cho một giấy tờ.",
            "Take a photo or choose PDF, JPEG, PNG, HEIC or DOCX files, up to 20 MB each. A document can have several files.",
        )}</p>
        {detail.procedure.documents.iter().zip(documents).enumerate().filter(|(_, (doc, _))| doc.provided == Provided::Upload).map(|(d, (doc, files))| {
            let name = doc.name.clone();
            let note = document_note(doc.kind, doc.copies);
            let template = doc.template.clone().map(|file| view! {
                <a href=api::template_url(&file) download=file.clone()>
                    {move || lang.get().pick("Tải mẫu đơn, tờ khai", "Download the form")}
                    <span class="mc-visually-hidden">{format!(" ({file})")}</span>
                </a>
            });
            view! {
                <FilePicker
                    id=input_id(&Field::Document(d as u32).to_string())
                    label=Signal::derive(move || lang.get().text(&name))
                    optional=!doc.mandatory
                    files=files
                    errors=errors
                >
                    <p>{move || lang.get().text(&note)}</p>
                    {template.map(|link| view! { <p>{link}</p> })}
                </FilePicker>
            }
        }).collect_view()}
        {(!otherwise.is_empty()).then(|| view! {
            <h2 class="mc-section__title">{move || lang.get().pick("Giấy tờ không cần tải lên", "Documents you do not upload")}</h2>
            <dl class="mc-summary-list">{move || provided_rows(&otherwise, lang.get())}</dl>
        })}
    }
}

/// The documents provided otherwise than by upload, each with how, as rows of a summary list.
fn provided_rows(documents: &[ProvidedDocument], l: Lang) -> impl IntoView {
    documents
        .iter()
        .map(|d| {
            view! {
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{l.text(&d.name)}</dt>
                    <dd class="mc-summary-list__value">{d.provided.instead().map(|how| l.text(&how))}</dd>
                </div>
            }
        })
        .collect_view()
}

#[component]
fn DeliveryChoice(
    detail: ProcedureDetail,
    delivery: RwSignal<Delivery>,
    commune: RwSignal<Option<String>>,
    places: Signal<Option<Places>>,
    errors: Signal<BTreeMap<String, Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let home = detail.procedure.home_delivery;
    let electronic = detail.procedure.electronic_result;
    let per_commune = detail.agency.per_commune.is_some();
    let agency = detail.agency.clone();
    // Where the result would be collected, named as soon as the office is known.
    let collect = {
        let detail = detail.clone();
        move || {
            let at = places.with(|p| detail.collect_at(p.as_ref()?, commune.get().as_deref()));
            delivery_text(&Delivery::Centre, at.as_ref(), None)
        }
    };
    // A memo, so the address is drawn once when post is chosen, not again with every change to it.
    let by_post = Memo::new(move |_| matches!(delivery.get(), Delivery::Post { .. }));
    let address = RwSignal::new(BTreeMap::<String, Answer>::new());
    if let Delivery::Post { address: a } = delivery.get_untracked() {
        address.update(|m| {
            m.insert("address".into(), Answer::Address(a));
        });
    }
    Effect::new(move |_| {
        if let Some(Answer::Address(a)) = address.get().get("address").cloned() {
            // Untracked: this effect sets the delivery, and must not wake itself up by doing so.
            if by_post.get_untracked() {
                delivery.set(Delivery::Post { address: a });
            }
        }
    });
    let field = motcua_api::form::FormField::new(
        "address",
        motcua_api::form::FieldKind::Address,
        Text::new("Địa chỉ nhận kết quả", "Delivery address"),
        true,
    );
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick(if per_commune { "Nơi nộp và nhận kết quả" } else { "Nhận kết quả" }, if per_commune { "Where you apply and get the result" } else { "Receiving the result" })}</h1>
        {per_commune.then(|| view! { <CommuneChoice agency=agency commune=commune places=places errors=errors/> })}
        <fieldset class="mc-fieldset">
            <legend class="mc-fieldset__legend">{move || lang.get().pick("Bạn muốn nhận kết quả bằng cách nào?", "How do you want to receive the result?")}</legend>
            <div class="mc-radios">
                <div class="mc-radios__item">
                    <input class="mc-radios__input" type="radio" id="delivery-centre" name="delivery" prop:checked=move || delivery.with(|d| *d == Delivery::Centre) on:change=move |_| delivery.set(Delivery::Centre)/>
                    <label class="mc-radios__label" for="delivery-centre">{move || lang.get().text(&collect())}</label>
                </div>
                {electronic.then(|| view! {
                    <div class="mc-radios__item">
                        <input class="mc-radios__input" type="radio" id="delivery-electronic" name="delivery" prop:checked=move || delivery.with(|d| *d == Delivery::Electronic) on:change=move |_| delivery.set(Delivery::Electronic)/>
                        <label class="mc-radios__label" for="delivery-electronic">{move || lang.get().text(&delivery_text(&Delivery::Electronic, None, None))}</label>
                    </div>
                })}
                {home.then(|| view! {
                    <div class="mc-radios__item">
                        <input class="mc-radios__input" type="radio" id="delivery-post" name="delivery" prop:checked=by_post
                            on:change=move |_| delivery.set(Delivery::Post { address: match address.get_untracked().get("address") { Some(Answer::Address(a)) => a.clone(), _ => AddressAnswer::default() } })/>
                        <label class="mc-radios__label" for="delivery-post">{move || lang.get().pick("Gửi qua dịch vụ bưu chính công ích (có thể mất phí)", "Send it by public post (a fee may apply)")}</label>
                    </div>
                })}
            </div>
        </fieldset>
        {move || by_post.get().then(|| view! {
            <FormFieldView field=field.clone() path=vec!["address".into()] key=Field::Delivery.to_string() answers=address errors=errors places=places/>
        })}
    }
}

#[component]
fn CheckAnswers(
    form: FormDefinition,
    detail: ProcedureDetail,
    answers: RwSignal<Answers>,
    /// The files of each document, by its position in the procedure's list.
    documents: Vec<RwSignal<Vec<UploadInfo>>>,
    delivery: RwSignal<Delivery>,
    /// The commune whose office it goes to, for a procedure every commune's office handles.
    commune: RwSignal<Option<String>>,
    places: Signal<Option<Places>>,
    /// Goes to a page: documents or delivery, or a section when it has no answers.
    on_change: Callback<Step>,
    /// Goes to where the answer with this key is changed.
    on_change_answer: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let otherwise = ProvidedDocument::of(&detail.procedure);
    let for_result = detail.clone();
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Kiểm tra lại trước khi nộp", "Check your answers before submitting")}</h1>
        {move || {
            let l = lang.get();
            let all = answers.get();
            let places = places.get();
            let mut lines = answer_lines(&form, &all, places.as_ref()).into_iter().peekable();
            form.sections.iter().enumerate().map(|(i, s)| {
                let section = lines.next_if(|x| x.index == i).map(|x| x.lines).unwrap_or_default();
                let change = Callback::new(move |()| on_change.run(Step::Section(i)));
                let rows = if section.is_empty() {
                    view! {
                        <div class="mc-summary-list__row">
                            <dt class="mc-summary-list__key">{l.pick("Chưa trả lời", "Not answered")}</dt>
                            <dd class="mc-summary-list__actions">
                                <button class="mc-link-button" type="button" on:click=move |_| change.run(())>
                                    {l.pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{format!(" {}", l.text(&s.title))}</span>
                                </button>
                            </dd>
                        </div>
                    }.into_any()
                } else {
                    answer_rows(section, l, Some((&s.id, on_change_answer)))
                };
                view! {
                    <h2 class="mc-section__title">{l.text(&s.title)}</h2>
                    <dl class="mc-summary-list">{rows}</dl>
                }
            }).collect_view()
        }}
        <h2 class="mc-section__title">{move || lang.get().pick("Giấy tờ", "Documents")}</h2>
        <dl class="mc-summary-list">
            {move || {
                let l = lang.get();
                detail.procedure.documents.iter().zip(&documents).map(|(doc, files)| (doc, files.get())).filter(|(_, files)| !files.is_empty()).map(|(doc, files)| view! {
                    <div class="mc-summary-list__row">
                        <dt class="mc-summary-list__key">{l.text(&doc.name)}</dt>
                        <dd class="mc-summary-list__value">{files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                        <dd class="mc-summary-list__actions">
                            <button class="mc-link-button" type="button" on:click=move |_| on_change.run(Step::Documents)>{l.pick("Thay đổi", "Change")}</button>
                        </dd>
                    </div>
                }).collect_view()
            }}
            {move || provided_rows(&otherwise, lang.get())}
            {
                let agency = detail.agency.clone();
                move || {
                let l = lang.get();
                let office = places.with(|p| agency.for_commune(p.as_ref()?, commune.get().as_deref()?))?;
                Some(view! {
                    <div class="mc-summary-list__row">
                        <dt class="mc-summary-list__key">{l.pick("Nơi nộp hồ sơ", "Applying to")}</dt>
                        <dd class="mc-summary-list__value">{l.text(&office.name)}</dd>
                        <dd class="mc-summary-list__actions">
                            <button class="mc-link-button" type="button" on:click=move |_| on_change.run(Step::Delivery)>
                                {l.pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{l.pick(" cơ quan tiếp nhận", " where you apply")}</span>
                            </button>
                        </dd>
                    </div>
                })
            }}
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{move || lang.get().pick("Nhận kết quả", "Result")}</dt>
                <dd class="mc-summary-list__value">{move || {
                    let l = lang.get();
                    places.with(|p| {
                        let at = p.as_ref().and_then(|p| for_result.collect_at(p, commune.get().as_deref()));
                        l.text(&delivery_text(&delivery.get(), at.as_ref(), p.as_ref()))
                    })
                }}</dd>
                <dd class="mc-summary-list__actions">
                    <button class="mc-link-button" type="button" on:click=move |_| on_change.run(Step::Delivery)>{move || lang.get().pick("Thay đổi", "Change")}</button>
                </dd>
            </div>
        </dl>
    }
}

/// What each fee of the procedure is worked out by: a count where it is charged per copy, page or
/// value, and an exemption the applicant may declare; the amount as it comes to, kept in view.
#[component]
fn FeesPage(
    procedure: Procedure,
    /// The counts and the exemption, kept with the draft.
    claim: RwSignal<FeeClaim>,
    errors: RwSignal<BTreeMap<String, Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let error_of = move |key: String| move || errors.with(|e| e.get(&key).cloned());
    let offered = procedure.exemptions_offered();
    let total = {
        let procedure = procedure.clone();
        move || claim.with(|c| fees::bill(&procedure, c).total_vnd)
    };
    let lines = procedure.fees.iter().enumerate().map(|(i, fee)| {
        let name = fee.name.clone();
        let note = fee.note.clone();
        let amount = fee.online_vnd.unwrap_or(fee.amount_vnd);
        let counted = fee.charge.counted().map(|counted| {
            let key = Field::Fee(i as u32).to_string();
            let id = input_id(&key);
            let error = error_of(key);
            let error_id = format!("{id}-error");
            let value = claim.with_untracked(|c| c.counts.get(&(i as u32)).map(|n| n.to_string()).unwrap_or_default());
            let what = counted.what.clone();
            view! {
                <div class="mc-form-group" class:mc-form-group--error={ let e = error.clone(); move || e().is_some() }>
                    <label class="mc-label" for=id.clone()>{move || lang.get().text(&what)}</label>
                    {let e = error.clone(); let error_id = error_id.clone(); move || e().map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{lang.get().text(&m)}</p> })}
                    <input class="mc-input" id=id type="text" inputmode="numeric" autocomplete="off"
                        aria-invalid={ let e = error.clone(); move || e().is_some().then_some("true") }
                        aria-describedby={ let e = error.clone(); move || e().is_some().then(|| error_id.clone()) }
                        prop:value=value
                        on:input=move |ev| {
                            let typed: String = event_target_value(&ev).chars().filter(char::is_ascii_digit).collect();
                            claim.update(|c| match typed.parse::<u64>() {
                                Ok(n) => { c.counts.insert(i as u32, n); }
                                Err(_) => { c.counts.remove(&(i as u32)); }
                            });
                        }/>
                </div>
            }
        });
        view! {
            <dl class="mc-summary-list">
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{move || lang.get().text(&name)}</dt>
                    <dd class="mc-summary-list__value">
                        {move || lang.get().text(&money_text(&amount.to_string()))}
                        {note.clone().map(|n| view! { <span class="mc-hint">{move || lang.get().text(&n)}</span> })}
                    </dd>
                </div>
            </dl>
            {counted}
        }
    }).collect_view();
    let exemption_key = Field::Named(Name::Exemption).to_string();
    let exemption_id = input_id(&exemption_key);
    let exemption_error = error_of(exemption_key);
    let choose = move |e: Option<Exemption>| claim.update(|c| c.exemption = e);
    let due = procedure.fee_due;
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Phí, lệ phí", "Fees")}</h1>
        <p class="mc-hint">{move || match due {
            FeeDue::Submission => lang.get().pick("Nộp ngay sau khi nộp hồ sơ: trực tuyến, hoặc tại nơi tiếp nhận.", "Paid once the application is submitted: online, or at the desk."),
            FeeDue::Result => lang.get().pick("Nộp khi có kết quả, trước khi nhận kết quả.", "Paid when the result is ready, before it is handed over."),
        }}</p>
        {lines}
        {(!offered.is_empty()).then(|| {
            let (e, marked) = (exemption_error.clone(), exemption_error.clone());
            view! {
                <div class="mc-form-group" class:mc-form-group--error=move || marked().is_some()>
                    <fieldset class="mc-fieldset" id=exemption_id.clone()>
                        <legend class="mc-label">{move || lang.get().pick("Bạn có thuộc diện được miễn phí, lệ phí không?", "Are you exempt from the fee?")}</legend>
                        <p class="mc-hint">{move || lang.get().pick("Cán bộ sẽ kiểm tra giấy tờ chứng minh khi tiếp nhận hồ sơ; nếu không đủ, bạn nộp đủ phí, lệ phí.", "An officer checks the proof when the application is received; without it, the full fee is owed.")}</p>
                        {move || e().map(|m| view! { <p class="mc-error-message">{lang.get().text(&m)}</p> })}
                        <div class="mc-radios">
                            <div class="mc-radios__item">
                                <input class="mc-radios__input" type="radio" id=format!("{exemption_id}-none") name=exemption_id.clone()
                                    prop:checked=move || claim.with(|c| c.exemption.is_none()) on:change=move |_| choose(None)/>
                                <label class="mc-radios__label" for=format!("{exemption_id}-none")>{move || lang.get().pick("Không", "No")}</label>
                            </div>
                            {offered.iter().map(|&x| {
                                let oid = format!("{exemption_id}-{}", serde_json::to_value(x).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
                                let (label, proof) = (x.label(), x.proof());
                                view! {
                                    <div class="mc-radios__item">
                                        <input class="mc-radios__input" type="radio" id=oid.clone() name=exemption_id.clone()
                                            prop:checked=move || claim.with(|c| c.exemption == Some(x)) on:change=move |_| choose(Some(x))/>
                                        <label class="mc-radios__label" for=oid>
                                            {move || lang.get().text(&label)}
                                            <span class="mc-hint">{move || format!(" — {}", lang.get().text(&proof))}</span>
                                        </label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
            }
        })}
        <p class="mc-fee-total" aria-live="polite">
            {move || lang.get().pick("Số tiền phải nộp: ", "Amount to pay: ")}
            <strong>{move || lang.get().text(&money_text(&total().to_string()))}</strong>
        </p>
    }
}

/// The amount to pay on the check page, with a way back to the fees page.
#[component]
fn FeeTotal(
    procedure: Procedure,
    /// The counts and the exemption declared.
    claim: RwSignal<FeeClaim>,
    /// Goes back to the fees page, when there is one.
    change: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let bill = move || claim.with(|c| fees::bill(&procedure, c));
    view! {
        <h2 class="mc-section__title">{move || lang.get().pick("Phí, lệ phí", "Fees")}</h2>
        <dl class="mc-summary-list">
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{move || lang.get().pick("Số tiền phải nộp", "Amount to pay")}</dt>
                <dd class="mc-summary-list__value">
                    {move || { let b = bill(); let l = lang.get(); let mut t = l.text(&money_text(&b.total_vnd.to_string())); if let Some(e) = b.exemption { t.push_str(&format!(" ({}: {})", l.pick("miễn, giảm", "exemption"), l.text(&e.label()))); } t }}
                </dd>
                {change.map(|change| view! {
                    <dd class="mc-summary-list__actions">
                        <button class="mc-link-button" type="button" on:click=move |_| change.run(())>
                            {move || lang.get().pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{move || lang.get().pick(" phí, lệ phí", " fees")}</span>
                        </button>
                    </dd>
                })}
            </div>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(sections: &[&str]) -> FormDefinition {
        let sections: Vec<_> = sections
            .iter()
            .map(
                |id| serde_json::json!({ "id": id, "title": { "vi": id, "en": id }, "fields": [] }),
            )
            .collect();
        serde_json::from_value(serde_json::json!({ "procedure": "1.001193", "sections": sections }))
            .unwrap()
    }

    #[test]
    fn steps_keep_their_stored_names() {
        let f = form(&["nguoi-yeu-cau", "tre"]);
        for (fees, pages) in [
            (
                false,
                vec![
                    "nguoi-yeu-cau",
                    "tre",
                    "giay-to",
                    "nhan-ket-qua",
                    "kiem-tra",
                ],
            ),
            (
                true,
                vec![
                    "nguoi-yeu-cau",
                    "tre",
                    "giay-to",
                    "nhan-ket-qua",
                    "le-phi",
                    "kiem-tra",
                ],
            ),
        ] {
            let mut all = vec![Step::first(&f)];
            while *all.last().unwrap() != Step::Check {
                all.push(all.last().unwrap().next(&f, fees));
            }
            let names: Vec<String> = all.iter().map(|s| s.name(&f)).collect();
            assert_eq!(names, pages);
            for (i, s) in all.iter().enumerate() {
                assert_eq!(Step::named(&s.name(&f), &f), Some(*s));
                assert_eq!(s.number(&f, fees), (i + 1, pages.len()));
                assert_eq!(s.previous(&f, fees), i.checked_sub(1).map(|p| all[p]));
            }
        }
        assert_eq!(Step::named("", &f), None);
    }

    #[test]
    fn a_form_without_sections_starts_with_the_documents() {
        let f = form(&[]);
        assert_eq!(Step::first(&f), Step::Documents);
        assert_eq!(Step::Documents.previous(&f, true), None);
    }

    #[test]
    fn every_problem_is_on_the_page_of_its_field() {
        let f = form(&["nguoi-yeu-cau", "tre"]);
        let on = |key: &str| Step::holding(key, &f, 3);
        assert_eq!(on(&answer_key("tre", &["ho-ten"])), Some(Step::Section(1)));
        assert_eq!(on("nguoi-yeu-cau.con.0.ten"), Some(Step::Section(0)));
        assert_eq!(on(&Field::Document(2).to_string()), Some(Step::Documents));
        assert_eq!(on(&Field::Document(3).to_string()), None);
        assert_eq!(on(&Field::Delivery.to_string()), Some(Step::Delivery));
        assert_eq!(on(&Field::Fee(1).to_string()), Some(Step::Fees));
        assert_eq!(on("exemption"), Some(Step::Fees));
    }
}
