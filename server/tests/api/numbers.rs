//! Numbers as Vietnamese write them: `12.000` is twelve thousand, and is stored as one number.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::dossiers::application;
use crate::helpers::spawn;

#[tokio::test]
async fn numbers_are_read_with_thousands_dots_and_stored_plain() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    // A household business: workers 0–10 000, capital at least 1 đồng, an optional phone.
    let mut a = application(&app, &lan, "1.001612").await;
    let section = "ho-kinh-doanh";

    // Twelve thousand workers are more than the form allows: not twelve.
    a.body["answers"][section]["so_lao_dong"] = json!("12.000");
    let response = app.submit(&lan, Some("numbers-too-many"), &a.body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, [&format!("{section}.so_lao_dong")], "{body}");

    a.body["answers"][section]["so_lao_dong"] = json!("1.500");
    a.body["answers"][section]["von_kinh_doanh"] = json!("50.000.000.000");
    a.body["answers"][section]["dien_thoai_ho"] = json!("0208 3856 123");
    let response = app.submit(&lan, Some("numbers-stored-1"), &a.body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Value = response.json().await.unwrap();
    let stored = &receipt["answers"][section];
    assert_eq!(stored["so_lao_dong"], "1500");
    assert_eq!(stored["von_kinh_doanh"], "50000000000");
    assert_eq!(stored["dien_thoai_ho"], "0208 3856 123", "a landline");
}
