use std::collections::BTreeMap;

use leptos::prelude::*;
use motcua::i18n::use_lang;
use motcua_api::form::{AddressAnswer, Answer, FieldKind, FormField, Places};
use motcua_api::{paths, Text};

use crate::field_keys::{answer_key, input_id};

/// Reads the answer at `path` (below the section) from a section's answers.
fn answer_at<'a>(answers: &'a BTreeMap<String, Answer>, path: &[String]) -> Option<&'a Answer> {
    let (first, rest) = path.split_first()?;
    let answer = answers.get(first)?;
    if rest.is_empty() {
        return Some(answer);
    }
    match answer {
        Answer::Items(items) => {
            let i: usize = rest[0].parse().ok()?;
            answer_at(items.get(i)?, &rest[1..])
        }
        _ => None,
    }
}

/// Writes the answer at `path`, making group items on the way.
fn set_at(answers: &mut BTreeMap<String, Answer>, path: &[String], value: Answer) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        answers.insert(first.clone(), value);
        return;
    }
    let entry = answers
        .entry(first.clone())
        .or_insert_with(|| Answer::Items(Vec::new()));
    if let Answer::Items(items) = entry {
        if let Ok(i) = rest[0].parse::<usize>() {
            while items.len() <= i {
                items.push(BTreeMap::new());
            }
            set_at(&mut items[i], &rest[1..], value);
        }
    }
}

/// One question of a form, of any kind, bound to the section's answers.
#[component]
pub fn FormFieldView(
    /// The question.
    field: FormField,
    /// Its place in the answers it is bound to: `field`, or `group.0.field`.
    path: Vec<String>,
    /// The key its problems are filed under (see `field_keys`); its input's id is made from it.
    key: String,
    /// The answers it is bound to: a section's, or one standing alone.
    answers: RwSignal<BTreeMap<String, Answer>>,
    /// Errors by key.
    errors: Signal<BTreeMap<String, Text>>,
    /// The provinces and communes, for address questions.
    places: Signal<Option<Places>>,
    /// The account's own answer, when the national e-ID vouched for it (the applicant's name, ID
    /// number, date of birth): shown and kept, not to be changed.
    #[prop(default = None)]
    locked: Option<Answer>,
) -> impl IntoView {
    let lang = use_lang();
    let id = input_id(&key);
    let error = {
        let key = key.clone();
        move || errors.with(|e| e.get(&key).map(|m| lang.get().text(m)))
    };
    let read = {
        let path = path.clone();
        move || answers.with(|a| answer_at(a, &path).cloned())
    };
    let text = {
        let read = read.clone();
        move || match read() {
            Some(Answer::Text(s)) => s,
            _ => String::new(),
        }
    };
    let write = {
        let path = path.clone();
        move |value: Answer| answers.update(|a| set_at(a, &path, value))
    };
    // Also written into the markup (a property is not), so a page the server draws shows the answer
    // and the app's takeover can tell what was typed since.
    let first_text = untrack(text.clone());
    // A draft kept from before the account was verified may say otherwise: the e-ID's answer wins.
    if let Some(value) = locked.clone() {
        if answers.with_untracked(|a| answer_at(a, &path) != Some(&value)) {
            write(value);
        }
    }
    let readonly = locked.is_some();
    let lock_id = format!("{id}-locked");
    let label = field.label.clone();
    let label_text = move || lang.get().text(&label);
    let hint = field.help.clone();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id, lock_id, has_hint, error) = (
            hint_id.clone(),
            error_id.clone(),
            lock_id.clone(),
            hint.is_some(),
            error.clone(),
        );
        move || {
            let mut ids = Vec::new();
            if readonly {
                ids.push(lock_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let optional = (!field.required && field.kind != FieldKind::Group)
        .then(|| view! { <span class="mc-label__optional">{move || lang.get().pick(" (không bắt buộc)", " (optional)")}</span> });
    let hint_view = hint
        .map(|h| view! { <p class="mc-hint" id=hint_id.clone()>{move || lang.get().text(&h)}</p> });
    let lock_view = readonly.then(|| {
        view! {
            <p class="mc-hint" id=lock_id.clone()>{move || lang.get().pick(
                "Lấy từ định danh điện tử (VNeID) của bạn, không sửa được.",
                "From your national e-ID (VNeID); it cannot be changed.",
            )}</p>
        }
    });
    // A chosen option that rules the applicant out links to the procedure to use instead.
    let instead = {
        let (options, text) = (field.options.clone(), text.clone());
        move || {
            let chosen = text();
            options
                .iter()
                .find(|o| o.value == chosen)?
                .refused
                .as_ref()
                .map(|r| r.instead.clone())
        }
    };
    let error_view = {
        let error = error.clone();
        let error_id = error_id.clone();
        move || {
            error().map(|m| {
                let link = instead().map(|code| {
                    view! {
                        <a href=lang.get_untracked().address(&paths::procedure(&code))>
                            {format!("{} {code}", lang.get().pick("Xem thủ tục", "See procedure"))}
                        </a>
                    }
                });
                view! { <p class="mc-error-message" id=error_id.clone()>{m}" "{link}</p> }
            })
        }
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };

    let control = match field.kind {
        FieldKind::LongText => view! {
            <textarea class="mc-textarea" id=id.clone() name=id.clone() rows="4" aria-describedby=described.clone() aria-invalid=invalid.clone()
                prop:value=text.clone() on:input=move |ev| write(Answer::Text(event_target_value(&ev)))>{first_text.clone()}</textarea>
        }.into_any(),
        FieldKind::Select => {
            let options = field.options.clone();
            view! {
                <select class="mc-select" id=id.clone() name=id.clone() aria-describedby=described.clone() aria-invalid=invalid.clone()
                    on:change=move |ev| write(Answer::Text(event_target_value(&ev)))>
                    <option value="">{move || lang.get().pick("Chọn…", "Choose…")}</option>
                    {options.into_iter().map(|o| {
                        let selected = { let text = text.clone(); let v = o.value.clone(); move || text() == v };
                        view! { <option value=o.value.clone() selected=selected>{move || lang.get().text(&o.label)}</option> }
                    }).collect_view()}
                </select>
            }.into_any()
        }
        FieldKind::Radio | FieldKind::Checkbox if !field.options.is_empty() => {
            let multiple = field.kind == FieldKind::Checkbox;
            let options = field.options.clone();
            view! {
                <div class=if multiple { "mc-checkboxes" } else { "mc-radios" } id=id.clone()>
                    {options.into_iter().enumerate().map(|(i, o)| {
                        let oid = format!("{id}-{i}");
                        let value = o.value.clone();
                        let read = read.clone();
                        let write = write.clone();
                        let checked = { let value = value.clone(); let read = read.clone(); move || match read() {
                            Some(Answer::Text(s)) => s == value,
                            Some(Answer::Choices(c)) => c.contains(&value),
                            _ => false,
                        } };
                        view! {
                            <div class="mc-radios__item">
                                <input class="mc-radios__input" type=if multiple { "checkbox" } else { "radio" } id=oid.clone() name=id.clone() value=value.clone()
                                    checked=untrack(checked.clone()) prop:checked=checked
                                    on:change=move |ev| {
                                        if multiple {
                                            let on = event_target_checked(&ev);
                                            let mut chosen = match read() { Some(Answer::Choices(c)) => c, _ => Vec::new() };
                                            chosen.retain(|c| c != &value);
                                            if on { chosen.push(value.clone()); }
                                            write(Answer::Choices(chosen));
                                        } else {
                                            write(Answer::Text(value.clone()));
                                        }
                                    }/>
                                <label class="mc-radios__label" for=oid>{move || lang.get().text(&o.label)}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        FieldKind::Checkbox => {
            let checked = { let read = read.clone(); move || matches!(read(), Some(Answer::Flag(true))) };
            let label = field.label.clone();
            return view! {
                <div class="mc-form-group" class:mc-form-group--error={ let e = error.clone(); move || e().is_some() }>
                    {error_view}
                    <div class="mc-radios__item">
                        <input class="mc-radios__input" type="checkbox" id=id.clone() aria-describedby=described aria-invalid=invalid
                            checked=untrack(checked.clone()) prop:checked=checked on:change=move |ev| write(Answer::Flag(event_target_checked(&ev)))/>
                        <label class="mc-radios__label" for=id>{move || lang.get().text(&label)}</label>
                    </div>
                    {hint_view}
                </div>
            }.into_any();
        }
        FieldKind::Address => {
            let current = { let read = read.clone(); move || match read() { Some(Answer::Address(a)) => a, _ => AddressAnswer::default() } };
            let set = { let write = write.clone(); let current = current.clone(); move |f: &dyn Fn(&mut AddressAnswer)| { let mut a = current(); f(&mut a); write(Answer::Address(a)); } };
            let set1 = set.clone();
            let set2 = set.clone();
            let (c1, c2, c3) = (current.clone(), current.clone(), current.clone());
            let province_id = id.clone();
            view! {
                <div class="mc-address">
                    <label class="mc-label mc-label--small" for=province_id.clone()>{move || lang.get().pick("Tỉnh, thành phố", "Province or city")}</label>
                    <select class="mc-select" id=province_id name=format!("{id}-province") aria-describedby=described.clone() aria-invalid=invalid.clone()
                        on:change=move |ev| { let v = event_target_value(&ev); set1(&move |a: &mut AddressAnswer| { a.province = v.clone(); a.commune.clear(); }); }>
                        <option value="">{move || lang.get().pick("Chọn tỉnh, thành phố…", "Choose a province…")}</option>
                        {move || places.get().map(|p| p.provinces.into_iter().map(|pr| {
                            let selected = { let c1 = c1.clone(); let code = pr.code.clone(); move || c1().province == code };
                            view! { <option value=pr.code.clone() selected=selected>{pr.name}</option> }
                        }).collect_view())}
                    </select>
                    <label class="mc-label mc-label--small" for=format!("{id}-commune")>{move || lang.get().pick("Xã, phường, đặc khu", "Commune or ward")}</label>
                    <select class="mc-select" id=format!("{id}-commune") name=format!("{id}-commune")
                        on:change=move |ev| { let v = event_target_value(&ev); set2(&move |a: &mut AddressAnswer| a.commune = v.clone()); }>
                        <option value="">{move || lang.get().pick("Chọn xã, phường…", "Choose a commune…")}</option>
                        {move || {
                            let chosen = c2();
                            places.get().and_then(|p| p.provinces.into_iter().find(|pr| pr.code == chosen.province)).map(|pr| pr.communes.into_iter().map(|c| {
                                let selected = c.code == chosen.commune;
                                view! { <option value=c.code.clone() selected=selected>{c.name}</option> }
                            }).collect_view())
                        }}
                    </select>
                    <label class="mc-label mc-label--small" for=format!("{id}-street")>{move || lang.get().pick("Số nhà, đường, thôn, xóm", "House, street, hamlet")}</label>
                    <input class="mc-input" id=format!("{id}-street") name=format!("{id}-street") autocomplete="street-address"
                        value=untrack({ let c3 = c3.clone(); move || c3().street }) prop:value=move || c3().street on:input=move |ev| { let v = event_target_value(&ev); set(&move |a: &mut AddressAnswer| a.street = v.clone()); }/>
                </div>
            }.into_any()
        }
        FieldKind::Group => {
            let items = { let read = read.clone(); move || match read() { Some(Answer::Items(i)) => i.len(), _ => 0 } };
            let sub = field.fields.clone();
            let max = field.max_items;
            let add = { let write = write.clone(); let read = read.clone(); move |_| {
                let mut list = match read() { Some(Answer::Items(i)) => i, _ => Vec::new() };
                list.push(BTreeMap::new());
                write(Answer::Items(list));
            } };
            let path_for_items = path.clone();
            let items_for_view = items.clone();
            let label = field.label.clone();
            view! {
                <div class="mc-group" id=id.clone()>
                    {move || (0..items_for_view()).map(|i| {
                        let remove = { let write = write.clone(); let read = read.clone(); move |_| {
                            if let Some(Answer::Items(mut list)) = read() { if i < list.len() { list.remove(i); } write(Answer::Items(list)); }
                        } };
                        let label = label.clone();
                        view! {
                            <fieldset class="mc-group__item">
                                <legend class="mc-group__legend">{move || format!("{} {}", lang.get().text(&label), i + 1)}</legend>
                                {sub.iter().map(|f| {
                                    let mut p = path_for_items.clone();
                                    p.push(i.to_string());
                                    p.push(f.id.clone());
                                    let key = answer_key(&key, &[&i.to_string(), &f.id]);
                                    view! { <FormFieldView field=f.clone() path=p key=key answers=answers errors=errors places=places/> }
                                }).collect_view()}
                                <button class="mc-button mc-button--secondary" type="button" on:click=remove>
                                    {move || lang.get().pick("Xóa mục này", "Remove this entry")}
                                </button>
                            </fieldset>
                        }
                    }).collect_view()}
                    <button class="mc-button mc-button--secondary" type="button"
                        disabled=move || max.is_some_and(|m| items() as u32 >= m) on:click=add>
                        {move || lang.get().pick("Thêm một mục", "Add an entry")}
                    </button>
                </div>
            }.into_any()
        }
        kind => {
            let (input_type, inputmode, autocomplete) = match kind {
                FieldKind::Date => ("date", None, "off"),
                FieldKind::Phone => ("tel", Some("tel"), "tel"),
                FieldKind::Email => ("email", Some("email"), "email"),
                FieldKind::Number | FieldKind::Money | FieldKind::CitizenId | FieldKind::TaxCode => ("text", Some("numeric"), "off"),
                _ => ("text", None, "off"),
            };
            view! {
                <input class="mc-input" id=id.clone() name=id.clone() type=input_type inputmode=inputmode autocomplete=autocomplete
                    aria-describedby=described.clone() aria-invalid=invalid.clone() readonly=readonly
                    value=first_text.clone() prop:value=text.clone() on:input=move |ev| write(Answer::Text(event_target_value(&ev)))/>
            }.into_any()
        }
    };

    let grouped = matches!(
        field.kind,
        FieldKind::Radio | FieldKind::Checkbox | FieldKind::Address | FieldKind::Group
    );
    let has_error = {
        let e = error.clone();
        move || e().is_some()
    };
    if grouped {
        view! {
            <fieldset class="mc-form-group mc-fieldset" class:mc-form-group--error=has_error aria-describedby=described>
                <legend class="mc-fieldset__legend mc-fieldset__legend--small">{label_text}{optional}</legend>
                {hint_view}
                {error_view}
                {control}
            </fieldset>
        }.into_any()
    } else {
        view! {
            <div class="mc-form-group" class:mc-form-group--error=has_error>
                <label class="mc-label" for=id>{label_text}{optional}</label>
                {lock_view}
                {hint_view}
                {error_view}
                {control}
            </div>
        }
        .into_any()
    }
}

/// The questions of a section that other answers already give (the applicant who is the person
/// the section is about), shown with those answers instead of being asked again, each with a way
/// back to the choice that gives them.
#[component]
pub fn GivenAnswers(
    /// The questions given.
    fields: Vec<FormField>,
    /// Their answers, by field id.
    given: BTreeMap<String, Answer>,
    /// The choice that gives them, as the person chose it.
    because: Text,
    places: Signal<Option<Places>>,
    /// Goes to the page of that choice.
    change: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="mc-hint">{move || {
            let l = lang.get();
            match l {
                motcua::i18n::Lang::Vi => format!("Lấy từ thông tin bạn đã khai, vì bạn đã chọn “{}”:", l.text(&because)),
                motcua::i18n::Lang::En => format!("Taken from what you entered, because you chose “{}”:", l.text(&because)),
            }
        }}</p>
        <dl class="mc-summary-list">{move || {
            let lines = motcua_api::answers::field_lines(&fields, &given, places.get().as_ref());
            let to = Callback::new(move |_: String| change.run(()));
            super::answer_rows(lines, lang.get(), Some(("", to)))
        }}</dl>
    }
}
