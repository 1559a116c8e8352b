use motcua_api::form::FormDefinition;
use motcua_api::general::general_form;
use motcua_api::OnlineType;
use motcua_server::catalogue::Catalogue;
use motcua_server::config::Config;
use motcua_server::generate;
use serde_json::json;
use tempfile::TempDir;

use crate::helpers::{codes, spawn, spawn_with};

#[tokio::test]
async fn health_reports_the_catalogue() {
    let app = spawn().await;
    let (status, body) = app.json("/health").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(body["procedures"].as_u64().unwrap() >= 150);
}

#[tokio::test]
async fn sample_catalogue_is_realistic() {
    let app = spawn().await;
    let (_, fields) = app.json("/fields").await;
    let (_, agencies) = app.json("/agencies").await;
    let used = |list: &serde_json::Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["count"].as_u64().unwrap() > 0)
            .count()
    };
    assert!(used(&fields) >= 10, "at least 10 fields");
    assert!(used(&agencies) >= 10, "at least 10 agencies");
    assert!(agencies["items"][0]["code"].is_string());
}

#[tokio::test]
async fn detail_has_everything_the_page_shows() {
    let app = spawn().await;
    let (_, first) = app.json("/procedures?per_page=1").await;
    let code = first["items"][0]["code"].as_str().unwrap();
    let (status, d) = app.json(&format!("/procedures/{code}")).await;
    assert_eq!(status, 200);
    let p = &d["procedure"];
    assert_eq!(p["code"], code);
    for key in [
        "name",
        "field",
        "agency",
        "level",
        "online",
        "processing_days",
        "fees",
        "documents",
        "steps",
        "channels",
        "result",
        "home_delivery",
        "legal_basis",
        "applicants",
    ] {
        assert!(!p[key].is_null(), "{key} present");
    }
    assert_eq!(d["field"]["id"], p["field"]);
    assert_eq!(d["agency"]["id"], p["agency"]);
    assert_eq!(d["level"]["id"], p["level"]);
    assert!(d["agency"]["name"]["vi"].is_string());
}

#[tokio::test]
async fn unknown_code_is_404_in_the_error_shape() {
    let app = spawn().await;
    for code in ["9.999999", "not-a-code", "1.001193%2F..%2F"] {
        let (status, body) = app.json(&format!("/procedures/{code}")).await;
        assert_eq!(status, 404, "{code}");
        assert_eq!(body["code"], "not_found");
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn template_forms_download_and_nothing_else_does() {
    let app = spawn().await;
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let template = catalogue
        .procedures
        .iter()
        .flat_map(|p| &p.documents)
        .find_map(|d| d.template.clone())
        .expect("the sample offers template forms");
    let response = app.get(&format!("/api/v1/templates/{template}")).await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    for bad in ["nope.docx", "..%2Fcatalogue.rs", "%2E%2E%2Flevels.json"] {
        let response = app.get(&format!("/api/v1/templates/{bad}")).await;
        assert_eq!(response.status(), 404, "{bad}");
    }
}

#[tokio::test]
async fn a_generated_catalogue_loads_in_place_of_the_sample_and_persists() {
    let base = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let synthetic = generate::synthetic(&base, 2_000).unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("catalogue.json");
    std::fs::write(&path, serde_json::to_vec(&synthetic).unwrap()).unwrap();

    let app = spawn_with(Some(path), None).await;
    let (_, health) = app.json("/health").await;
    assert_eq!(health["procedures"], 2_000);
    let body = app.search("q=giay%20phep").await;
    assert!(body["total"].as_u64().unwrap() > 0);

    // Started again on the same data directory without --catalogue, it keeps what the database holds.
    let again = spawn_with(None, Some(app.data_dir.clone())).await;
    let (_, health) = again.json("/health").await;
    assert_eq!(health["procedures"], 2_000);
    assert_eq!(codes(&again.search("q=giay%20phep").await), codes(&body));
}

#[test]
fn generation_is_deterministic_and_codes_are_unique() {
    let base = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let a = generate::synthetic(&base, 5_000).unwrap();
    let b = generate::synthetic(&base, 5_000).unwrap();
    assert_eq!(a.procedures, b.procedures);
    a.check().unwrap();
}

#[tokio::test]
async fn online_procedures_serve_their_forms() {
    let app = spawn().await;
    let (status, form) = app.json("/procedures/1.001193/form").await;
    assert_eq!(status, 200);
    assert_eq!(form["procedure"], "1.001193");
    assert!(form["sections"].as_array().unwrap().len() >= 2);
    let (status, body) = app.json("/procedures/9.999999/form").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    let (_, detail) = app.json("/procedures/1.001193").await;
    assert_eq!(
        (&detail["has_form"], &detail["form"]),
        (&json!(true), &json!("specific"))
    );
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let own_form = |code: &str| catalogue.forms.iter().any(|f| f.procedure == code);
    // Offered online without a form of its own: the general application, made from its record.
    let general = catalogue
        .procedures
        .iter()
        .find(|p| p.online != OnlineType::None && !own_form(&p.code))
        .unwrap();
    let (status, form) = app
        .json(&format!("/procedures/{}/form", general.code))
        .await;
    assert_eq!(status, 200);
    let form: FormDefinition = serde_json::from_value(form).unwrap();
    assert_eq!(form, general_form(general));
    let (_, detail) = app.json(&format!("/procedures/{}", general.code)).await;
    assert_eq!(
        (&detail["has_form"], &detail["form"]),
        (&json!(true), &json!("general"))
    );
    // Not offered online: no form.
    let offline = catalogue
        .procedures
        .iter()
        .find(|p| p.online == OnlineType::None)
        .unwrap();
    let (status, _) = app
        .json(&format!("/procedures/{}/form", offline.code))
        .await;
    assert_eq!(status, 404);
    let (_, detail) = app.json(&format!("/procedures/{}", offline.code)).await;
    assert_eq!(
        (&detail["has_form"], &detail["form"]),
        (&json!(false), &json!("none"))
    );
}

#[test]
fn the_sample_forms_are_real_and_use_every_kind_of_field() {
    use motcua_api::form::{FieldKind, FormField};
    fn kinds(fields: &[FormField], out: &mut Vec<FieldKind>) {
        for f in fields {
            out.push(f.kind);
            kinds(&f.fields, out);
        }
    }
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    assert!(
        catalogue.forms.len() >= 15,
        "{} forms",
        catalogue.forms.len()
    );
    let mut used = Vec::new();
    for form in &catalogue.forms {
        for section in &form.sections {
            kinds(&section.fields, &mut used);
        }
    }
    for kind in [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Select,
        FieldKind::Radio,
        FieldKind::Checkbox,
        FieldKind::Address,
        FieldKind::CitizenId,
        FieldKind::TaxCode,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::Money,
        FieldKind::Group,
    ] {
        assert!(used.contains(&kind), "{kind:?} unused");
    }
}

#[tokio::test]
async fn address_fields_choose_from_the_two_tier_units() {
    let app = spawn().await;
    let (status, places) = app.json("/places").await;
    assert_eq!(status, 200);
    let provinces = places["provinces"].as_array().unwrap();
    assert_eq!(provinces.len(), 34);
    let communes: usize = provinces
        .iter()
        .map(|p| p["communes"].as_array().unwrap().len())
        .sum();
    assert!(communes > 3000, "{communes} communes");
}
