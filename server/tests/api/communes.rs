//! Each commune of the province is an office of its own: a commune procedure's dossier goes to the
//! commune the application names, only that commune's officers see it, and the receipt names its
//! desk.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::dossiers::{application, sample};
use crate::helpers::spawn;

/// A birth registration, done at every commune's People's Committee.
const COMMUNE_PROCEDURE: &str = "1.001193";
/// Phường Đức Xuân and Phường Bắc Kạn, both in the province.
const DUC_XUAN: &str = "01840";
const BAC_KAN: &str = "01843";

fn problem_codes(body: &Value, key: &str) -> Vec<String> {
    body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["field"] == key)
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_commune_dossier_goes_to_the_chosen_commune_and_no_other_commune_sees_it() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let mut a = application(&app, &lan, COMMUNE_PROCEDURE).await;
    a.body["commune"] = json!(BAC_KAN);
    let response = app.submit(&lan, Some("commune-bac-kan"), &a.body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Value = response.json().await.unwrap();
    let code = receipt["code"].as_str().unwrap().to_string();
    assert_eq!(receipt["agency"], "ubnd-xa-01843");
    assert_eq!(
        receipt["agency_name"]["vi"],
        "Ủy ban nhân dân phường Bắc Kạn"
    );
    assert_eq!(
        receipt["collect_at"]["name"]["vi"],
        "Trung tâm Phục vụ hành chính công phường Bắc Kạn"
    );
    assert!(code.starts_with("002.00.50.H55-"), "{code}");

    let own = app.officer_session("canbo.backan", "ubnd-xa-01843").await;
    let other = app.officer_session("canbo.ducxuan", "ubnd-xa-01840").await;
    let (status, view) = app.api_get(&own, &format!("/dossiers/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        view["steps"][0]["agency_name"]["vi"], "Ủy ban nhân dân phường Bắc Kạn",
        "{view}"
    );
    assert_eq!(
        view["collect_at"]["name"]["vi"],
        "Trung tâm Phục vụ hành chính công phường Bắc Kạn"
    );
    for path in [
        format!("/dossiers/{code}"),
        format!("/dossiers/{code}/receipt"),
    ] {
        let (status, body) = app.api_get(&other, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    let (_, queue) = app.api_get(&own, "/officer/queue").await;
    assert_eq!(queue["total"], 1, "{queue}");
    let (_, queue) = app.api_get(&other, "/officer/queue").await;
    assert_eq!(queue["total"], 0, "{queue}");

    // The owner's receipt names the desk too.
    let (status, receipt) = app
        .api_get(&lan, &format!("/dossiers/{code}/receipt"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        receipt["collect_at"]["address"],
        "Trụ sở Ủy ban nhân dân phường Bắc Kạn, tỉnh Thái Nguyên"
    );
}

#[tokio::test]
async fn the_commune_is_required_where_it_decides_the_office_and_refused_elsewhere() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let mut a = application(&app, &lan, COMMUNE_PROCEDURE).await;
    let cases = [
        (json!(null), "commune_required"),
        (json!(""), "commune_required"),
        // Phường Ba Đình is in Hà Nội: no office of this province.
        (json!("00004"), "commune_required"),
        (json!("99999"), "commune_required"),
    ];
    for (i, (commune, expected)) in cases.into_iter().enumerate() {
        a.body["commune"] = commune.clone();
        let response = app
            .submit(&lan, Some(&format!("commune-bad-{i}")), &a.body)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{commune}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(problem_codes(&body, "commune"), [expected], "{body}");
    }

    // A provincial procedure is not filed with a commune.
    let mut provincial = application(&app, &lan, "1.012811").await;
    provincial.body["commune"] = json!(DUC_XUAN);
    let response = app
        .submit(&lan, Some("commune-provincial"), &provincial.body)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        problem_codes(&body, "commune"),
        ["no_commune_here"],
        "{body}"
    );
}

#[tokio::test]
async fn where_the_result_is_collected_is_the_desk_of_the_workflows_last_step() {
    let app = spawn().await;
    // A provincial procedure returns its result at the provincial centre.
    let (status, detail) = app.json("/procedures/1.012811").await;
    assert_eq!(status, 200);
    assert_eq!(
        detail["collect_at"]["name"]["vi"],
        "Trung tâm Phục vụ hành chính công tỉnh"
    );
    // A commune procedure's desk is known once the commune is.
    let (_, detail) = app.json(&format!("/procedures/{COMMUNE_PROCEDURE}")).await;
    assert_eq!(detail["collect_at"], Value::Null, "{detail}");
    assert_eq!(detail["agency"]["per_commune"]["province"], "19");
}

#[tokio::test]
async fn an_officer_is_put_at_one_communes_office_never_at_all_of_them() {
    let app = spawn().await;
    let store = motcua_server::store::Store::open(&app.config.database_url())
        .await
        .unwrap();
    let create = |agency: &'static str| {
        let store = store.clone();
        async move {
            motcua_server::officers::create(
                &store,
                "canbo.xa",
                "Hoàng Minh Tuấn",
                agency,
                "",
                "",
                true,
            )
            .await
        }
    };
    let refused = create("ubnd-xa").await.unwrap_err().to_string();
    assert!(refused.contains("ubnd-xa-01840"), "{refused}");
    assert!(create("ubnd-xa-00004").await.is_err(), "a Hà Nội commune");
    create("ubnd-xa-01840").await.unwrap();
    // A reset puts the officer at the office named.
    create("ubnd-xa-01843").await.unwrap();
    let me = store
        .account_by_identifier("canbo.xa")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(me.me.agency.as_deref(), Some("ubnd-xa-01843"));
    // Every commune of the province has its office, and only those.
    let catalogue = sample();
    let province = catalogue
        .places
        .provinces
        .iter()
        .find(|p| p.code == "19")
        .unwrap();
    let offices = catalogue.offices();
    let communes = offices
        .iter()
        .filter(|o| o.id.starts_with("ubnd-xa-"))
        .count();
    assert_eq!(communes, province.communes.len());
}
