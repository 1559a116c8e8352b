//! Public tracking's hardening: a POST whose check never lands in an address or a log, a random PIN
//! in place of a business's public tax code, and limits that keep guessers out without locking the
//! owner out.

use std::io::Write;
use std::sync::{Arc, Mutex};

use motcua_api::lifecycle::{PIN_ALPHABET, PIN_LENGTH};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::accounts::session;
use crate::helpers::{counts, enc, spawn, spawn_behind_proxy, TestApp};

/// A procedure businesses apply for.
const PROCEDURE: &str = "2.001192";
const TAX_CODE: &str = "0101234567";
const PHONE: &str = "0912000111";

async fn business(app: &TestApp) -> String {
    let body = json!({
        "kind": "business", "tax_code": TAX_CODE, "company_name": "Công ty TNHH Hoa Sen",
        "legal_representative": "Trần Văn Minh", "phone": PHONE,
        "email": "lienhe@hoasen.vn", "address": "Thái Nguyên", "password": "mật khẩu công ty",
    });
    session(&app.post("/auth/register", &body, None).await)
}

/// The code and PIN of a new dossier.
async fn dossier(app: &TestApp, cookie: &str, procedure: &str) -> (String, String) {
    let receipt = app.apply_for(cookie, procedure).await;
    let text = |k: &str| receipt[k].as_str().unwrap().to_string();
    (text("code"), text("tracking_pin"))
}

/// A lookup from the client a proxy names.
async fn track_from(app: &TestApp, client: &str, code: &str, check: &str) -> StatusCode {
    app.client
        .post(format!("{}/api/v1/tracking", app.base))
        .header("x-forwarded-for", client)
        .json(&json!({"code": code, "check": check}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn tracking_is_a_post_and_the_old_get_is_gone() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let (code, _) = dossier(&app, &lan, "1.012811").await;
    let old = app
        .get(&format!(
            "/api/v1/tracking?code={}&check=0912345678",
            enc(&code)
        ))
        .await;
    assert_eq!(old.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        app.track(&code, "0912345678").await.status(),
        StatusCode::OK
    );
    let missing = app.post("/tracking", &json!({ "code": code }), None).await;
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "a missing check is a wrong one"
    );
}

#[tokio::test]
async fn a_business_dossier_opens_with_its_pin_and_not_its_tax_code_or_phone() {
    let app = spawn().await;
    let company = business(&app).await;
    let (code, pin) = dossier(&app, &company, PROCEDURE).await;
    assert_eq!(pin.len(), PIN_LENGTH);
    assert!(pin.bytes().all(|b| PIN_ALPHABET.contains(&b)), "{pin}");
    for public in [TAX_CODE, PHONE, "+84 912 000 111"] {
        assert_eq!(
            app.track(&code, public).await.status(),
            StatusCode::NOT_FOUND,
            "{public}"
        );
    }
    let written = format!("{}-{}", &pin[..4], &pin[4..]).to_lowercase();
    for check in [pin.as_str(), &written] {
        let response = app.track(&code, check).await;
        assert_eq!(response.status(), StatusCode::OK, "{check}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], code.as_str());
    }
    // The owner reads it back for a reprint, on the receipt and on the dossier's slips.
    let (status, receipt) = app
        .api_get(&company, &format!("/dossiers/{code}/receipt"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receipt["tracking_pin"], pin.as_str());
    assert_eq!(
        app.dossier_view(&company, &code).await["tracking_pin"],
        pin.as_str()
    );
    // Each dossier has its own.
    let (_, second) = dossier(&app, &company, PROCEDURE).await;
    assert_ne!(pin, second);
    assert_eq!(
        app.track(&code, &second).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn wrong_checks_from_one_address_never_lock_the_owner_out() {
    let app = spawn_behind_proxy().await;
    let lan = app.citizen("019190001234").await;
    let (code, pin) = dossier(&app, &lan, "1.012811").await;
    let guesser = "203.0.113.7";
    for i in 0..20 {
        let status = track_from(&app, guesser, &code, &format!("09000000{i:02}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "guess {i}");
    }
    // The guesser is stopped, even with the right PIN.
    assert_eq!(
        track_from(&app, guesser, &code, &pin).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The owner, elsewhere, still gets in with the PIN on the receipt; the phone and ID number,
    // which many addresses could guess between them, wait for the window to pass.
    let owner = "198.51.100.9";
    assert_eq!(track_from(&app, owner, &code, &pin).await, StatusCode::OK);
    assert_eq!(
        track_from(&app, owner, &code, "0912345678").await,
        StatusCode::NOT_FOUND
    );
    // A dossier not under attack opens with the phone as before.
    let (fresh, _) = dossier(&app, &lan, "1.012811").await;
    assert_eq!(
        track_from(&app, owner, &fresh, "0912345678").await,
        StatusCode::OK
    );
}

/// Forty wrong checks sent at once: twenty are looked at, the rest refused, and only ten of those
/// against the code were allowed the phone or ID number; the owner's PIN still opens it elsewhere.
#[tokio::test]
async fn the_limits_hold_when_forty_wrong_checks_come_at_once() {
    let app = spawn_behind_proxy().await;
    let lan = app.citizen("019190001234").await;
    let (code, pin) = dossier(&app, &lan, "1.012811").await;
    let guesser = "203.0.113.8";
    let tries = (0..40).map(|i| {
        let (app, code) = (&app, &code);
        async move { track_from(app, guesser, code, &format!("09000001{i:02}")).await }
    });
    let statuses = futures_util::future::join_all(tries).await;
    assert_eq!(
        counts(
            &statuses,
            [StatusCode::NOT_FOUND, StatusCode::TOO_MANY_REQUESTS]
        ),
        [20, 20],
        "{statuses:?}"
    );
    // The ten tries against the code since are spent: only the PIN opens it now.
    let owner = "198.51.100.10";
    assert_eq!(
        track_from(&app, owner, &code, "0912345678").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(track_from(&app, owner, &code, &pin).await, StatusCode::OK);
}

/// Everything the server logs, at every level, while `run` runs on this thread: the tests' runtime
/// runs the server on the same thread.
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_check_never_appears_in_a_logged_address() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let (code, pin) = dossier(&app, &lan, "1.012811").await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || Captured(writer.clone()))
        .finish();
    {
        let _logging = tracing::subscriber::set_default(subscriber);
        for check in [pin.as_str(), "0912345678"] {
            assert_eq!(app.track(&code, check).await.status(), StatusCode::OK);
        }
        // The page the QR code opens: the PIN rides in the fragment, which is never sent.
        let page = app
            .client
            .get(format!(
                "{}/tra-cuu?ma={}#kiem-tra={pin}",
                app.base,
                enc(&code)
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
    }
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/api/v1/tracking"),
        "nothing was logged: {log}"
    );
    assert!(log.contains("/tra-cuu"), "{log}");
    for secret in [pin.as_str(), "0912345678"] {
        assert!(!log.contains(secret), "{secret} logged: {log}");
    }
}

/// The tracking page as the server sends it, for a form posted from `client`.
async fn track_page(
    app: &TestApp,
    client: &str,
    path: &str,
    code: &str,
    check: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .header("x-forwarded-for", client)
        .form(&[("ma", code), ("kiem-tra", check)])
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

/// The QR code's page answers with the status in the HTML, before and without any WebAssembly: the
/// form's GET has the code filled in and a script (allowed by the policy) that sends the fragment's
/// check in a POST, whose answer is the dossier's progress, in the address's language.
#[tokio::test]
async fn the_tracking_page_answers_a_posted_code_and_pin_with_the_status() {
    let app = spawn_behind_proxy().await;
    let lan = app.citizen("019190001234").await;
    let (code, pin) = dossier(&app, &lan, "1.012811").await;

    let response = app.get(&format!("/tra-cuu?ma={}", enc(&code))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    assert!(
        html.starts_with("<!doctype html><html lang=\"vi\">"),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"ma\" type=\"text\" autocomplete=\"off\" aria-describedby=\"ma-hint\" value=\"{code}\"")), "{html}");
    assert!(html.contains("<form id=\"tracking-form\" method=\"post\" action=\"/tra-cuu\""));
    assert!(
        html.contains("kiem-tra=") && html.contains("form.submit()"),
        "the fragment's check is sent"
    );
    assert!(
        !html.contains(".wasm") && !html.contains("import"),
        "no app on this page: {html}"
    );
    crate::web::assert_scripts_allowed(&html, &csp);

    let (status, headers, html) = track_page(&app, "198.51.100.1", "/tra-cuu", &code, &pin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    assert!(
        html.contains(&format!("class=\"mc-section__title\">Hồ sơ {code}</h2>")),
        "{html}"
    );
    assert!(html.contains("Các bước giải quyết") && html.contains("class=\"mc-steps\""));
    assert!(html.contains("Hạn trả kết quả"));
    assert!(
        html.contains("Tra cứu hồ sơ khác"),
        "the form follows, to look again"
    );
    // The answer is the API's.
    let (_, tracked) = (
        200,
        app.post("/tracking", &json!({"code": code, "check": pin}), None)
            .await,
    );
    let tracked: Value = tracked.json().await.unwrap();
    let procedure = tracked["procedure_name"]["vi"].as_str().unwrap();
    assert!(html.contains(procedure), "{procedure}");

    let (status, _, html) = track_page(&app, "198.51.100.1", "/en/tra-cuu", &code, &pin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<!doctype html><html lang=\"en\">"));
    assert!(html.contains(&format!(">Dossier {code}</h2>")) && html.contains("Result due"));
    assert!(html.contains("action=\"/en/tra-cuu\""));

    // A wrong check is told apart from nothing; an empty form is told what to fill in, beside each
    // field and in a summary linking to it.
    let (status, _, html) = track_page(&app, "198.51.100.1", "/tra-cuu", &code, "WRONG999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Không tìm thấy hồ sơ khớp với thông tin bạn nhập."));
    assert!(!html.contains("tracking-result"));
    let (status, _, html) = track_page(&app, "198.51.100.1", "/tra-cuu", "", " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("<title>Lỗi: Tra cứu hồ sơ – Một Cửa</title>"));
    assert!(html.contains("<a href=\"#ma\">") && html.contains("<a href=\"#kiem-tra\">"));
    assert!(html.contains("id=\"ma-error\"") && html.contains("aria-invalid=\"true\""));
}

/// The page counts its lookups with the API's: forty wrong checks sent at once to the page from one
/// address are answered twenty times and refused twenty, with when to try again.
#[tokio::test]
async fn the_tracking_page_keeps_the_apis_limits_under_forty_at_once() {
    let app = spawn_behind_proxy().await;
    let lan = app.citizen("019190001234").await;
    let (code, pin) = dossier(&app, &lan, "1.012811").await;
    let guesser = "203.0.113.9";
    let tries = (0..40).map(|i| {
        let (app, code) = (&app, &code);
        async move { track_page(app, guesser, "/tra-cuu", code, &format!("09000002{i:02}")).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|(s, _, _)| *s).collect();
    assert_eq!(
        counts(
            &statuses,
            [StatusCode::NOT_FOUND, StatusCode::TOO_MANY_REQUESTS]
        ),
        [20, 20],
        "{statuses:?}"
    );
    let (_, headers, html) = answers
        .iter()
        .find(|(s, _, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .unwrap();
    assert!(
        headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert!(html.contains("Bạn đã tra cứu sai quá nhiều lần."));
    // The API counts the same tries: it refuses this address too.
    assert_eq!(
        track_from(&app, guesser, &code, &pin).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let (status, _, _) = track_page(&app, "198.51.100.11", "/tra-cuu", &code, &pin).await;
    assert_eq!(status, StatusCode::OK);
}
