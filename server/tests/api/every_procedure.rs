//! Every procedure offered online, fully or partly, can be applied for as a citizen would: its form
//! opens (its own, or the general application), a valid answer to each question and a file for each
//! mandatory document submit, and a dossier is made.

use std::collections::BTreeMap;

use motcua_api::calendar::Date;
use motcua_api::form::{
    AddressAnswer, Answer, Answers, FieldKind, FormDefinition, FormField, Places,
};
use motcua_api::{ProcedureDetail, Provided};
use motcua_server::config::Limits;
use serde_json::{json, Value};

use crate::dossiers::{today, PDF};
use crate::helpers::spawn_limited;

/// The date of birth the citizen registers with, which every date of birth defaults to.
const BORN: &str = "1990-05-27";

/// A 12-digit citizen ID whose fourth to sixth digits say born in `year`.
fn citizen_id(year: i32) -> String {
    let century = (year / 100 - 19) * 2 + 1;
    format!("019{century}{:02}001234", year % 100)
}

/// `base` made to fit the length rules: padded to the shortest, cut to the longest.
fn fit(base: &str, field: &FormField) -> String {
    let rules = &field.rules;
    let mut s = base.to_string();
    while (s.chars().count() as u32) < rules.min_length.unwrap_or(0) {
        s.push('a');
    }
    s.chars()
        .take(rules.max_length.unwrap_or(u32::MAX) as usize)
        .collect()
}

/// A number within the field's range, whole so that it is an amount too.
fn number(field: &FormField) -> String {
    let (min, max) = (field.rules.min, field.rules.max);
    let n = match (min, max) {
        (Some(min), _) => min.ceil(),
        (None, Some(max)) => max.min(1.0).floor(),
        (None, None) => 1.0,
    };
    format!("{}", n as i64)
}

fn date(field: &FormField, today: Date) -> String {
    let bound = |b: &Option<String>| {
        b.as_deref().and_then(|b| {
            if b == "today" {
                Some(today)
            } else {
                Date::parse(b)
            }
        })
    };
    let (min, max) = (bound(&field.rules.min_date), bound(&field.rules.max_date));
    let born = Date::parse(BORN).unwrap();
    let fits = |d: Date| min.is_none_or(|m| d >= m) && max.is_none_or(|m| d <= m);
    [Some(born), min, max, Some(today)]
        .into_iter()
        .flatten()
        .find(|d| fits(*d))
        .unwrap_or(born)
        .to_string()
}

/// The first option that does not rule the applicant out.
fn choice(field: &FormField) -> String {
    field
        .options
        .iter()
        .find(|o| o.refused.is_none())
        .map(|o| o.value.clone())
        .expect("an option that does not refuse")
}

/// A valid answer to `field`, read off its kind and rules alone.
fn answer(field: &FormField, places: &Places, today: Date) -> Answer {
    if let Some(pattern) = &field.rules.pattern {
        let masked = pattern.mask.chars().map(|c| match c {
            '9' => '1',
            'A' | 'X' => 'A',
            other => other,
        });
        return Answer::Text(masked.collect());
    }
    match field.kind {
        FieldKind::Text => Answer::Text(fit("Nguyễn Thị Lan", field)),
        FieldKind::LongText => Answer::Text(fit(
            "Tôi đề nghị cơ quan xem xét, giải quyết theo quy định.",
            field,
        )),
        FieldKind::Number | FieldKind::Money => Answer::Text(number(field)),
        FieldKind::Date => Answer::Text(date(field, today)),
        FieldKind::Select | FieldKind::Radio => Answer::Text(choice(field)),
        FieldKind::Checkbox if field.options.is_empty() => Answer::Flag(true),
        FieldKind::Checkbox => Answer::Choices(vec![choice(field)]),
        FieldKind::Address => {
            let province = &places.provinces[0];
            Answer::Address(AddressAnswer {
                province: province.code.clone(),
                commune: province.communes[0].code.clone(),
                street: "Số 12 đường Hoàng Văn Thụ".into(),
            })
        }
        FieldKind::CitizenId => Answer::Text(citizen_id(1990)),
        FieldKind::TaxCode => Answer::Text("4601234567".into()),
        FieldKind::Phone => Answer::Text("0912345678".into()),
        FieldKind::Email => Answer::Text("lan@example.vn".into()),
        FieldKind::Group => {
            let least = field.min_items.unwrap_or(0).max(u32::from(field.required));
            let n = field.max_items.map_or(least, |most| least.min(most));
            Answer::Items(
                (0..n)
                    .map(|_| answers_to(&field.fields, places, today))
                    .collect(),
            )
        }
    }
}

/// Answers to `fields`, with each citizen ID agreeing with the date of birth beside it.
fn answers_to(fields: &[FormField], places: &Places, today: Date) -> BTreeMap<String, Answer> {
    let mut out: BTreeMap<String, Answer> = fields
        .iter()
        .map(|f| (f.id.clone(), answer(f, places, today)))
        .collect();
    for f in fields {
        let Some(birth) = &f.birth_date else { continue };
        if let Some(Answer::Text(born)) = out.get(birth) {
            let year = Date::parse(born).expect("a date").year();
            out.insert(f.id.clone(), Answer::Text(citizen_id(year)));
        }
    }
    out
}

fn valid_answers(form: &FormDefinition, places: &Places, today: Date) -> Answers {
    form.sections
        .iter()
        .map(|s| (s.id.clone(), answers_to(&s.fields, places, today)))
        .collect()
}

#[test]
fn the_answers_built_here_pass_the_rules() {
    assert_eq!(citizen_id(1990), "019190001234");
    assert_eq!(citizen_id(2004), "019304001234");
    let catalogue = crate::dossiers::sample();
    for form in &catalogue.forms {
        let answers = valid_answers(form, &catalogue.places, today());
        let problems = form.answer_problems(&answers, today(), Some(&catalogue.places));
        assert!(problems.is_empty(), "{}: {problems:?}", form.procedure);
    }
}

#[tokio::test]
async fn every_procedure_offered_online_can_be_applied_for() {
    // One citizen applies for everything from one address.
    let app = spawn_limited(Limits {
        uploads_per_address: 100_000,
        submits_per_address: 100_000,
        ..Limits::default()
    })
    .await;
    let cookie = app.citizen(&citizen_id(1990)).await;
    let (status, places) = app.json("/places").await;
    assert_eq!(status, 200);
    let places: Places = serde_json::from_value(places).unwrap();

    let mut online = Vec::new();
    let mut total = 0;
    for kind in ["toan-trinh", "mot-phan"] {
        for page in 1.. {
            let body = app
                .search(&format!("online={kind}&per_page=100&page={page}"))
                .await;
            if page == 1 {
                total += body["total"].as_u64().unwrap() as usize;
            }
            let items = body["items"].as_array().unwrap();
            online.extend(
                items
                    .iter()
                    .map(|i| i["code"].as_str().unwrap().to_string()),
            );
            if items.len() < 100 {
                break;
            }
        }
    }

    let mut submitted = Vec::new();
    let mut failed = Vec::new();
    for (n, code) in online.iter().enumerate() {
        let (status, detail) = app.json(&format!("/procedures/{code}")).await;
        assert_eq!(status, 200, "{code}");
        let detail: ProcedureDetail = serde_json::from_value(detail).unwrap();
        let (status, form) = app.json(&format!("/procedures/{code}/form")).await;
        if status != 200 || !detail.has_form {
            failed.push(format!(
                "{code}: no form ({status}, has_form {})",
                detail.has_form
            ));
            continue;
        }
        let form: FormDefinition = serde_json::from_value(form).unwrap();
        let mut documents = BTreeMap::new();
        for (d, doc) in detail.procedure.documents.iter().enumerate() {
            if doc.mandatory && doc.provided == Provided::Upload {
                let response = app.upload(&cookie, "giay-to.pdf", PDF.to_vec()).await;
                assert_eq!(response.status(), 201, "{code}");
                let info: Value = response.json().await.unwrap();
                documents.insert(d.to_string(), vec![info["id"].clone()]);
            }
        }
        // A commune's own office handles it where the agency has one in each commune.
        let commune = detail.agency.per_commune.as_ref().map(|per| {
            let province = places.provinces.iter().find(|p| p.code == per.province);
            province.expect("the agency's province").communes[0]
                .code
                .clone()
        });
        // A count within its bounds for each fee charged per unit, page or value.
        let counts: BTreeMap<String, u64> = (0u32..)
            .zip(&detail.procedure.fees)
            .filter_map(|(i, fee)| {
                let c = fee.charge.counted()?;
                Some((i.to_string(), c.min.max(1).min(c.max)))
            })
            .collect();
        let body = json!({
            "procedure": code,
            "answers": valid_answers(&form, &places, today()),
            "documents": documents,
            "delivery": {"method": "centre"},
            "commune": commune,
            "fees": {"counts": counts},
        });
        let response = app
            .submit(&cookie, Some(&format!("every-procedure-{n}")), &body)
            .await;
        let status = response.status().as_u16();
        let receipt: Value = response.json().await.unwrap();
        match receipt["code"].as_str() {
            Some(dossier) if status == 201 => {
                assert!(dossier.contains('-'), "{dossier}");
                submitted.push(code.clone());
            }
            _ => failed.push(format!("{code}: {status} {receipt}")),
        }
    }
    assert!(!online.is_empty());
    assert_eq!(online.len(), total, "every page read");
    assert!(
        failed.is_empty(),
        "{} of {} procedures offered online were submitted; the others:\n{}",
        submitted.len(),
        online.len(),
        failed.join("\n")
    );
    assert_eq!(submitted.len(), online.len());
}
