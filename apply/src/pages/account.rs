use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::account::{AccountKind, ChangePasswordRequest, Me};
use motcua_api::paths;

use crate::components::{in_words, said, ErrorSummary, FieldErrors, Loaded, TextField};

/// "My account": the profile, signing out, and changing the password. Anyone not signed in is sent to
/// sign in and brought back here.
#[component]
pub fn Account() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Tài khoản của tôi", "My account")));
    let me = LocalResource::new(api::me);
    view! {
        <div class="mc-page mc-page--narrow">
            <Loaded
                data=Signal::derive(move || me.get())
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được tài khoản.", "Your account could not be loaded.")
                here=paths::account()
                let:me
            >
                <Profile me=me/>
            </Loaded>
        </div>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let lang = use_lang();
    let rows: Vec<(&'static str, &'static str, String)> = [
        ("Họ và tên", "Name", Some(me.full_name.clone())),
        ("Doanh nghiệp", "Company", me.company_name.clone()),
        (
            match me.kind {
                AccountKind::Citizen => "Số định danh cá nhân",
                AccountKind::Business => "Mã số thuế",
                AccountKind::Officer => "Tên đăng nhập",
            },
            match me.kind {
                AccountKind::Citizen => "Citizen ID number",
                AccountKind::Business => "Tax code",
                AccountKind::Officer => "User name",
            },
            Some(me.identifier.clone()),
        ),
        ("Ngày sinh", "Date of birth", me.date_of_birth.clone()),
        ("Số điện thoại", "Phone", Some(me.phone.clone())),
        ("Thư điện tử", "Email", Some(me.email.clone())),
        ("Địa chỉ", "Address", Some(me.address.clone())),
    ]
    .into_iter()
    .filter_map(|(vi, en, v)| v.filter(|v| !v.is_empty()).map(|v| (vi, en, v)))
    .collect();
    let signing_out = RwSignal::new(false);
    let officer = me.kind == AccountKind::Officer;
    let verified = me.verified;
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Tài khoản của tôi", "My account")}</h1>
        <Shortcuts officer=officer/>
        <dl class="mc-summary-list">
            {rows.into_iter().map(|(vi, en, value)| view! {
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{move || lang.get().pick(vi, en)}</dt>
                    <dd class="mc-summary-list__value">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
        {verified.then(|| view! {
            <div class="mc-notice">
                <p class="mc-notice__title">{move || lang.get().pick(
                    "Đã xác thực bằng định danh điện tử (VNeID)",
                    "Verified with the national e-ID (VNeID)",
                )}</p>
                <p class="mc-notice__body">{move || lang.get().pick(
                    "Họ tên, số định danh và ngày sinh lấy từ VNeID: không sửa được ở đây, và được điền sẵn, khóa lại khi bạn nộp hồ sơ. Bạn đăng nhập bằng VNeID, không dùng mật khẩu.",
                    "Your name, ID number and date of birth come from VNeID: they cannot be changed here, and are filled in and locked when you apply. You sign in with VNeID, not a password.",
                )}</p>
            </div>
        })}
        <button
            class="mc-button mc-button--secondary"
            type="button"
            disabled=move || signing_out.get()
            on:click=move |_| {
                signing_out.set(true);
                let home = lang.get_untracked().address(&paths::home());
                leptos::task::spawn_local(async move {
                    api::logout().await;
                    crate::saved::forget_applications();
                    // The catalogue is the other bundle: a full load, no router needed.
                    let _ = window().location().assign(&home);
                });
            }
        >
            {move || lang.get().pick("Đăng xuất", "Sign out")}
        </button>
        <Drafts/>
        // An account opened with the e-ID has no password to change.
        {(!verified).then(|| view! { <ChangePassword/> })}
    }
}

/// Where to go from the account: my dossiers, the inbox with its unread count and, for officers, the
/// queue with how many dossiers wait and how many are overdue.
#[component]
fn Shortcuts(officer: bool) -> impl IntoView {
    let lang = use_lang();
    let inbox = LocalResource::new(api::lifecycle::notifications);
    let queue = LocalResource::new(move || async move {
        if officer {
            api::lifecycle::queue(&Default::default()).await.ok()
        } else {
            None
        }
    });
    view! {
        <nav class="mc-shortcuts" aria-label=move || lang.get().pick("Lối tắt", "Shortcuts")>
            <ul class="mc-shortcuts__list">
                {officer.then(|| view! {
                    <li class="mc-shortcuts__item">
                        <a class="mc-shortcuts__link" href=paths::queue()>{move || {
                            let l = lang.get();
                            match (queue.get().flatten(), l) {
                                (Some(q), Lang::Vi) => format!("Hồ sơ cần xử lý ({} đang chờ, {} quá hạn)", q.total, q.overdue),
                                (Some(q), Lang::En) => format!("Dossiers to handle ({} waiting, {} overdue)", q.total, q.overdue),
                                (None, _) => l.pick("Hồ sơ cần xử lý", "Dossiers to handle").to_string(),
                            }
                        }}</a>
                    </li>
                })}
                {(!officer).then(|| view! {
                    <li class="mc-shortcuts__item"><a class="mc-shortcuts__link" href=paths::dossiers("", 1)>{move || lang.get().pick("Hồ sơ của tôi", "My dossiers")}</a></li>
                    <li class="mc-shortcuts__item"><a class="mc-shortcuts__link" href=paths::my_feedback()>{move || lang.get().pick("Phản ánh, kiến nghị của tôi", "My feedback and complaints")}</a></li>
                    <li class="mc-shortcuts__item"><a class="mc-shortcuts__link" href=paths::company()>{move || lang.get().pick("Doanh nghiệp: xác minh, thành viên, lời mời", "Company: verification, members, invitations")}</a></li>
                    <li class="mc-shortcuts__item"><a class="mc-shortcuts__link" href=paths::projects()>{move || lang.get().pick("Dự án đầu tư", "Investment projects")}</a></li>
                })}
                <li class="mc-shortcuts__item">
                    <a class="mc-shortcuts__link" href=paths::inbox()>{move || {
                        let l = lang.get();
                        match (inbox.get().and_then(Result::ok), l) {
                            (Some(i), Lang::Vi) => format!("Thông báo ({} chưa đọc)", i.unread),
                            (Some(i), Lang::En) => format!("Notifications ({} unread)", i.unread),
                            (None, _) => l.pick("Thông báo", "Notifications").to_string(),
                        }
                    }}</a>
                </li>
                <li class="mc-shortcuts__item"><a class="mc-shortcuts__link" href=paths::tracking("")>{move || lang.get().pick("Tra cứu hồ sơ bằng mã", "Track a dossier by its code")}</a></li>
            </ul>
        </nav>
    }
}

/// "My drafts": applications not yet submitted, newest first, to continue or delete.
#[component]
fn Drafts() -> impl IntoView {
    let lang = use_lang();
    let drafts = LocalResource::new(api::drafts);
    let removed = RwSignal::new(Vec::<String>::new());
    view! {
        <section class="mc-section" aria-labelledby="drafts">
            <h2 class="mc-section__title" id="drafts">{move || lang.get().pick("Hồ sơ đang soạn", "My drafts")}</h2>
            {move || match drafts.get() {
                None => ().into_any(),
                Some(Err(_)) => view! { <p>{move || lang.get().pick("Chưa tải được danh sách.", "The list could not be loaded.")}</p> }.into_any(),
                Some(Ok(list)) => {
                    let items: Vec<_> = list.items.into_iter().filter(|d| !removed.get().contains(&d.id)).collect();
                    if items.is_empty() {
                        view! { <p>{move || lang.get().pick("Bạn không có hồ sơ nào đang soạn.", "You have no drafts.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mc-list mc-list--plain">
                                {items.into_iter().map(|d| {
                                    let l = lang.get();
                                    let when = {
                                        let days = (js_sys::Date::now() / 1000.0 - d.updated_at as f64) / 86_400.0;
                                        match (l, days.floor() as i64) {
                                            (motcua::i18n::Lang::Vi, 0) => "hôm nay".to_string(),
                                            (motcua::i18n::Lang::En, 0) => "today".to_string(),
                                            (motcua::i18n::Lang::Vi, n) => format!("{n} ngày trước"),
                                            (motcua::i18n::Lang::En, n) => format!("{n} days ago"),
                                        }
                                    };
                                    let id = d.id.clone();
                                    let name = l.text(&d.procedure_name);
                                    let href = match &d.project {
                                        Some(p) => paths::apply_for_step(&d.procedure, &p.id, &p.step),
                                        None => paths::apply(&d.procedure),
                                    };
                                    let project = d.project.map(|p| view! {
                                        <span class="mc-hint">
                                            {match l {
                                                motcua::i18n::Lang::Vi => format!(" · Bước {} của dự án ", p.number),
                                                motcua::i18n::Lang::En => format!(" · Step {} of project ", p.number),
                                            }}
                                            <a href=paths::project(&p.id)>{p.name}</a>
                                        </span>
                                    });
                                    view! {
                                        <li class="mc-draft">
                                            <a href=href>{name.clone()}</a>
                                            {project}
                                            <span class="mc-hint">{format!(" · {} {when}", l.pick("sửa lần cuối", "last changed"))}</span>
                                            <button class="mc-link-button" type="button" on:click=move |_| {
                                                let id = id.clone();
                                                removed.update(|r| r.push(id.clone()));
                                                leptos::task::spawn_local(async move { let _ = api::delete_draft(&id).await; });
                                            }>
                                                {l.pick(" Xóa", " Delete")}<span class="mc-visually-hidden">{format!(" {name}")}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let req = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let found = in_words(req.problems());
        done.set(false);
        general.set(None);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::change_password(&req).await;
            sending.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(ApiError::Invalid(body)) => errors.set(said(&body)),
                Err(e @ ApiError::TooMany { .. }) => general.set(Some(format!(
                    "{} {}",
                    l.pick("Nhập sai quá nhiều lần.", "Too many wrong attempts."),
                    e.wait().map(|w| l.text(&w)).unwrap_or_default(),
                ))),
                Err(_) => general.set(Some(
                    l.pick(
                        "Không đổi được mật khẩu lúc này. Hãy thử lại.",
                        "The password could not be changed now. Please try again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <section class="mc-section" aria-labelledby="change-password">
            <h2 class="mc-section__title" id="change-password">{move || lang.get().pick("Đổi mật khẩu", "Change your password")}</h2>
            <ErrorSummary errors=e general=general/>
            <p class="mc-success" role="status">
                {move || done.get().then(|| lang.get().pick(
                    "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.",
                    "Your password is changed. Other sessions have been signed out.",
                ))}
            </p>
            <form class="mc-form" novalidate on:submit=submit>
                <TextField id="current_password" label=tr("Mật khẩu hiện tại", "Current password") value=current errors=e kind="password" autocomplete="current-password"/>
                <TextField id="new_password" label=tr("Mật khẩu mới", "New password") hint=tr("Ít nhất 8 ký tự.", "At least 8 characters.") value=new errors=e kind="password" autocomplete="new-password"/>
                <button class="mc-button" type="submit" disabled=move || sending.get()>
                    {move || lang.get().pick("Đổi mật khẩu", "Change password")}
                </button>
            </form>
        </section>
    }
}
