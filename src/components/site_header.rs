use leptos::prelude::*;
use motcua_api::paths;

use super::LanguageSwitch;
use crate::i18n::use_lang;

/// The service's name, which leads home, and the language switch. Drawn exactly like the static shell in
/// `index.html`, so nothing moves when the app takes over. `children`, if any, are links put before the
/// account's (the signed-in area's inbox link), so the catalogue's bundle carries none of their code.
#[component]
pub fn SiteHeader(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="mc-header">
            <div class="mc-header__inner">
                <a class="mc-header__brand" href=move || lang.get().address(&paths::home())>
                    <span class="mc-header__logo" aria-hidden="true">"MC"</span>
                    <span class="mc-header__name">"Một Cửa"</span>
                    <span class="mc-header__tagline">
                        {move || lang.get().pick("Dịch vụ công của tỉnh", "Provincial public services")}
                    </span>
                </a>
                <div class="mc-header__actions">
                    {children.map(|c| c())}
                    <a class="mc-header__link" href=paths::account()>
                        {move || lang.get().pick("Tài khoản", "Account")}
                    </a>
                    <LanguageSwitch/>
                </div>
            </div>
        </header>
    }
}
