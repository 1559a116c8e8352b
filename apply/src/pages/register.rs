use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::account::RegisterRequest;
use motcua_api::paths;

use crate::components::{in_words, said, EidSignIn, ErrorSummary, FieldErrors, TextField};
use crate::saved::{forget, saved_text};
use crate::{go, next_path};

const KEYS: [&str; 10] = [
    "motcua.register.kind",
    "motcua.register.full_name",
    "motcua.register.citizen_id",
    "motcua.register.date_of_birth",
    "motcua.register.tax_code",
    "motcua.register.company_name",
    "motcua.register.legal_representative",
    "motcua.register.phone",
    "motcua.register.email",
    "motcua.register.address",
];

/// Creating an account, as a citizen (CCCD) or a business (tax code). Everything but the password is
/// kept as it is typed.
#[component]
pub fn Register() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Đăng ký tài khoản", "Create an account")));
    let [kind, full_name, citizen_id, date_of_birth, tax_code, company_name, legal_representative, phone, email, address] =
        KEYS.map(saved_text);
    let navigate = use_navigate();
    // Where the person was going before signing in was asked of them (`?tiep=`), kept through registering.
    let query = use_query_map();
    let next = move || query.with(|q| q.get("tiep"));
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let business = move || kind.get() == "business";

    let request = move || {
        let (phone, email, address, password) = (
            phone.get_untracked(),
            email.get_untracked(),
            address.get_untracked(),
            password.get_untracked(),
        );
        if business() {
            RegisterRequest::Business {
                tax_code: tax_code.get_untracked(),
                company_name: company_name.get_untracked(),
                legal_representative: legal_representative.get_untracked(),
                phone,
                email,
                address,
                password,
            }
        } else {
            RegisterRequest::Citizen {
                full_name: full_name.get_untracked(),
                citizen_id: citizen_id.get_untracked(),
                date_of_birth: date_of_birth.get_untracked(),
                phone,
                email,
                address,
                password,
            }
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let req = request();
        // The same rules the server applies, checked here first so mistakes show without a round trip.
        let found = in_words(req.problems());
        general.set(None);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        let navigate = navigate.clone();
        let next = next_path(query.get_untracked().get("tiep"));
        leptos::task::spawn_local(async move {
            match api::register(&req).await {
                Ok(me) => {
                    forget(&KEYS);
                    crate::saved::sign_in_as(me.id);
                    go(&navigate, &next);
                }
                Err(e) => {
                    sending.set(false);
                    let l = lang.get_untracked();
                    if let ApiError::Invalid(body) = &e {
                        errors.set(said(body));
                        return;
                    }
                    general.set(Some(match (e, l) {
                        (ApiError::Refused(409, _), l) => l
                            .pick(
                                "Đã có tài khoản với số định danh này. Hãy đăng nhập, hoặc gọi đường dây nóng nếu bạn không tạo tài khoản đó.",
                                "An account with this number exists. Sign in, or call the help line if you did not create it.",
                            )
                            .to_string(),
                        (e @ ApiError::TooMany { .. }, l) => format!(
                            "{} {}",
                            l.pick(
                                "Đã có quá nhiều lần đăng ký từ mạng này.",
                                "Too many accounts have been requested from this network.",
                            ),
                            e.wait().map(|w| l.text(&w)).unwrap_or_default(),
                        ),
                        (ApiError::Network, l) => l
                            .pick(
                                "Không kết nối được. Những gì bạn đã nhập vẫn còn; kiểm tra mạng rồi bấm Đăng ký lần nữa.",
                                "No connection. What you typed is kept; check your network, then press Create account again.",
                            )
                            .to_string(),
                        (_, l) => l
                            .pick("Hệ thống đang bận. Hãy thử lại sau ít phút.", "The service is busy. Please try again in a few minutes.")
                            .to_string(),
                    }));
                }
            }
        });
    };

    let radio = move |value: &'static str, vi: &'static str, en: &'static str| {
        let id = format!("kind-{value}");
        view! {
            <div class="mc-radios__item">
                <input
                    class="mc-radios__input"
                    type="radio"
                    id=id.clone()
                    name="kind"
                    value=value
                    prop:checked=move || (kind.get() == value) || (value == "citizen" && kind.get().is_empty())
                    on:change=move |_| kind.set(value.to_string())
                />
                <label class="mc-radios__label" for=id>{move || lang.get().pick(vi, en)}</label>
            </div>
        }
    };
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <div class="mc-page mc-page--narrow">
            <ErrorSummary errors=e general=general/>
            <h1 class="mc-page__title">{move || lang.get().pick("Đăng ký tài khoản", "Create an account")}</h1>
            <EidSignIn/>
            <form class="mc-form" novalidate on:submit=submit>
                <fieldset class="mc-fieldset">
                    <legend class="mc-fieldset__legend">{move || lang.get().pick("Bạn đăng ký với tư cách", "You are registering as")}</legend>
                    <div class="mc-radios">
                        {radio("citizen", "Công dân", "A citizen")}
                        {radio("business", "Doanh nghiệp, tổ chức", "A business or organisation")}
                    </div>
                </fieldset>
                {move || if business() {
                    view! {
                        <TextField id="tax_code" label=tr("Mã số thuế", "Tax code") hint=tr("10 chữ số, hoặc 13 chữ số cho chi nhánh.", "10 digits, or 13 for a branch.") value=tax_code errors=e inputmode="numeric"/>
                        <TextField id="company_name" label=tr("Tên doanh nghiệp", "Company name") value=company_name errors=e autocomplete="organization"/>
                        <TextField id="legal_representative" label=tr("Người đại diện theo pháp luật", "Legal representative") value=legal_representative errors=e autocomplete="name"/>
                    }
                    .into_any()
                } else {
                    view! {
                        <TextField id="full_name" label=tr("Họ, chữ đệm và tên", "Full name") value=full_name errors=e autocomplete="name"/>
                        <TextField id="citizen_id" label=tr("Số định danh cá nhân (CCCD)", "Citizen ID number (CCCD)") hint=tr("12 chữ số, in trên thẻ căn cước.", "12 digits, printed on the identity card.") value=citizen_id errors=e inputmode="numeric"/>
                        <TextField id="date_of_birth" label=tr("Ngày sinh", "Date of birth") value=date_of_birth errors=e kind="date" autocomplete="bday"/>
                    }
                    .into_any()
                }}
                <TextField id="phone" label=tr("Số điện thoại", "Phone number") value=phone errors=e kind="tel" autocomplete="tel"/>
                <TextField id="email" label=tr("Thư điện tử", "Email") hint=tr("Để nhận thông báo về hồ sơ.", "For news of your applications.") value=email errors=e kind="email" autocomplete="email"/>
                <TextField id="address" label=tr("Địa chỉ liên hệ", "Contact address") value=address errors=e autocomplete="street-address"/>
                <TextField id="password" label=tr("Mật khẩu", "Password") hint=tr("Ít nhất 8 ký tự. Một câu dễ nhớ là mật khẩu tốt.", "At least 8 characters. A sentence you remember makes a good password.") value=password errors=e kind="password" autocomplete="new-password"/>
                <button class="mc-button" type="submit" disabled=move || sending.get()>
                    {move || if sending.get() {
                        lang.get().pick("Đang đăng ký…", "Creating your account…")
                    } else {
                        lang.get().pick("Đăng ký", "Create account")
                    }}
                </button>
            </form>
            <p>
                {move || lang.get().pick("Đã có tài khoản? ", "Already registered? ")}
                <a href=move || paths::sign_in(next().as_deref())>{move || lang.get().pick("Đăng nhập", "Sign in")}</a>
            </p>
        </div>
    }
}
