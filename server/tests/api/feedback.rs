//! Feedback and complaints over HTTP: routing by subject, deadlines in working days (across Tết,
//! paused while the agency waits for information, restarted by a forward), answers, the sender's
//! verdict and the one reopening, who may see what, files, the low-rating follow-up, overdue
//! reminders and the monthly figures.

use motcua_api::calendar::{Calendar, Date};
use motcua_api::stats::Month;
use motcua_server::config::Limits;
use motcua_server::state::AppState;
use motcua_server::store::feedback::FeedbackFilter;
use motcua_server::store::Store;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::dossiers::{sample, PDF};
use crate::helpers::database;
use crate::helpers::{counts, spawn, spawn_at, spawn_behind_proxy, spawn_limited, TestApp};
use crate::lifecycle::{CENTRE, POLICE};

/// A building permit: Sở Xây dựng receives its dossiers and answers feedback about it.
const PERMIT: &str = "1.013231";
const BUILDING: &str = "so-xay-dung";
const FINANCE: &str = "so-tai-chinh";
/// Exchanging a driving licence: received at the centre, decided by the provincial police.
const LICENCE: &str = "1.012811";

/// Seconds since 1970 at `h:m` in Vietnam on `d`.
fn vn(d: &str, h: i64, m: i64) -> i64 {
    (Date::parse(d).unwrap().julian_day() - 2_440_588) * 86_400 + (h - 7) * 3600 + m * 60
}

fn calendar() -> Calendar {
    Calendar::new(sample().holidays).unwrap()
}

fn about(kind: &str, id: &str) -> Value {
    json!({"kind": kind, "id": id})
}

/// Feedback as an anonymous sender fills it in.
fn anonymous(subject: Value, category: &str) -> Value {
    json!({
        "about": subject,
        "category": category,
        "title": "Thời hạn giải quyết quá dài",
        "text": "Tôi đề nghị rút ngắn thời hạn giải quyết thủ tục này.",
        "name": "Trần Văn Nam",
        "phone": "0987 654 321",
        "email": "nam@example.vn",
        "consent": true,
    })
}

impl TestApp {
    async fn send_feedback(&self, body: &Value, cookie: Option<&str>) -> (StatusCode, Value) {
        let response = self.post("/feedback", body, cookie).await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Anonymous feedback about the permit, accepted; its receipt.
    async fn sent(&self) -> Value {
        let (status, receipt) = self
            .send_feedback(
                &anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        receipt
    }

    /// The sender's view with the PIN from `receipt`.
    async fn followed(&self, receipt: &Value) -> Value {
        let (status, view) = self
            .json(&format!(
                "/feedback/{}?pin={}",
                receipt["code"].as_str().unwrap(),
                receipt["pin"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, 200, "{view}");
        view
    }

    async fn officer_feedback(&self, officer: &str, code: &str) -> (StatusCode, Value) {
        self.api_get(officer, &format!("/officer/feedback/{code}"))
            .await
    }

    /// An officer's action at `version`.
    async fn feedback_act_at(
        &self,
        officer: &str,
        code: &str,
        version: u64,
        action: Value,
    ) -> (StatusCode, Value) {
        let mut body = action;
        body["version"] = json!(version);
        let response = self
            .post(
                &format!("/officer/feedback/{code}/actions"),
                &body,
                Some(officer),
            )
            .await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// An officer's action at the version they see now.
    async fn feedback_act(&self, officer: &str, code: &str, action: Value) -> (StatusCode, Value) {
        let (status, view) = self.officer_feedback(officer, code).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let version = view["version"].as_u64().unwrap();
        self.feedback_act_at(officer, code, version, action).await
    }

    async fn feedback_ok(&self, officer: &str, code: &str, action: Value) -> Value {
        let (status, body) = self.feedback_act(officer, code, action.clone()).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        body
    }

    /// The sender's reply with the PIN, at the version they see now.
    async fn sender_reply(&self, receipt: &Value, reply: Value) -> (StatusCode, Value) {
        let view = self.followed(receipt).await;
        let mut body = reply;
        body["pin"] = receipt["pin"].clone();
        body["version"] = view["version"].clone();
        let code = receipt["code"].as_str().unwrap();
        let response = self
            .post(&format!("/feedback/{code}/reply"), &body, None)
            .await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn feedback_file(&self, name: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.client
            .post(format!(
                "{}/api/v1/feedback/files?name={}",
                self.base,
                motcua_api::encode_component(name)
            ))
            .body(bytes)
            .send()
            .await
            .unwrap()
    }
}

fn answer(text: &str) -> Value {
    json!({"action": "answer", "text": text, "change": ""})
}

fn kinds(view: &Value) -> Vec<String> {
    view["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

/// A procedure whose dossiers go to each commune's own office: it names no one agency.
fn commune_procedure() -> String {
    let catalogue = sample();
    catalogue
        .procedures
        .iter()
        .find(|p| {
            catalogue
                .agencies
                .iter()
                .any(|a| a.id == p.agency && a.per_commune.is_some())
        })
        .expect("a commune-level procedure")
        .code
        .clone()
}

#[tokio::test]
async fn feedback_goes_to_the_agency_its_subject_names() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let minh = app.citizen("001190001234").await;
    let agency_of = |body: &Value| body["agency"].as_str().unwrap_or_default().to_string();

    let (status, r) = app
        .send_feedback(
            &anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc"),
            None,
        )
        .await;
    assert_eq!(
        (status, agency_of(&r)),
        (StatusCode::CREATED, BUILDING.into()),
        "{r}"
    );
    assert!(r["code"].as_str().unwrap().starts_with("PA-"), "{r}");
    assert_eq!(r["pin"].as_str().unwrap().len(), 8);

    // Each commune has its own office for it: the province's centre takes it and forwards it.
    let (status, r) = app
        .send_feedback(
            &anonymous(about("procedure", &commune_procedure()), "quy-dinh-thu-tuc"),
            None,
        )
        .await;
    assert_eq!(
        (status, agency_of(&r)),
        (StatusCode::CREATED, CENTRE.into()),
        "{r}"
    );

    for kind in ["agency", "officer"] {
        let (status, r) = app
            .send_feedback(&anonymous(about(kind, POLICE), "thai-do-can-bo"), None)
            .await;
        assert_eq!(
            (status, agency_of(&r)),
            (StatusCode::CREATED, POLICE.into()),
            "{r}"
        );
    }

    // A dossier: its owner's, signed in, and it goes to the agency holding it (the centre, which
    // received it); to anyone else it does not exist.
    let dossier = app.apply_for(&lan, LICENCE).await;
    let code = dossier["code"].as_str().unwrap();
    let mut mine = anonymous(about("dossier", code), "giai-quyet-cham");
    for field in ["name", "phone", "email"] {
        mine[field] = json!("");
    }
    let (status, r) = app.send_feedback(&mine, Some(&lan)).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(agency_of(&r), CENTRE);
    let (status, _) = app.send_feedback(&mine, Some(&minh)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send_feedback(&anonymous(about("dossier", code), "giai-quyet-cham"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Signed in, the sender sees it without a PIN, in their list.
    let (status, view) = app
        .api_get(&lan, &format!("/feedback/{}", r["code"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert!(
        view["contact"].is_null(),
        "the sender's view has no contact block"
    );
    let (_, list) = app.api_get(&lan, "/me/feedback").await;
    assert_eq!(list["total"], 1, "{list}");

    // Nothing that does not exist, no subject, no system-only subject.
    let (status, _) = app
        .send_feedback(
            &anonymous(about("procedure", "9.999999"), "quy-dinh-thu-tuc"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app
        .send_feedback(&anonymous(about("rating", code), "danh-gia-thap"), None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["problems"][0]["code"], "feedback_about_required",
        "{body}"
    );
    // A category that does not fit the subject.
    let (status, body) = app
        .send_feedback(
            &anonymous(about("procedure", PERMIT), "thai-do-can-bo"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["field"], "category", "{body}");
    assert_eq!(body["problems"][0]["code"], "feedback_category_mismatch");
}

#[tokio::test]
async fn without_an_account_a_name_and_a_phone_or_email_are_needed_and_consent_is_kept() {
    let app = spawn().await;
    let mut body = anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc");
    body["phone"] = json!("");
    body["email"] = json!("");
    let (status, answer) = app.send_feedback(&body, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Vec<(String, String)> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["field"].as_str().unwrap().to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [("phone".to_string(), "feedback_contact_required".to_string())]
    );
    // An e-mail alone is enough; consent is stored as given.
    body["email"] = json!("nam@example.vn");
    body["consent"] = json!(false);
    let (status, receipt) = app.send_feedback(&body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(app.followed(&receipt).await["consent"], false);
    let consenting = app.sent().await;
    assert_eq!(app.followed(&consenting).await["consent"], true);

    // A doubled send with the same key gets the first receipt, PIN included.
    body["idempotency_key"] = json!("gui-mot-lan-thoi-0001");
    let (first, one) = app.send_feedback(&body, None).await;
    let (again, two) = app.send_feedback(&body, None).await;
    assert_eq!((first, again), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(one, two);
    // The same key from a signed-in sender is theirs alone.
    let lan = app.citizen("019190001234").await;
    let (status, three) = app.send_feedback(&body, Some(&lan)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(three["code"], one["code"]);
}

#[tokio::test]
async fn others_feedback_is_not_found_and_a_doubled_action_is_refused() {
    let app = spawn().await;
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let police = app.officer_session("canbo.ca", POLICE).await;
    let lan = app.citizen("019190001234").await;
    let receipt = app.sent().await;
    let code = receipt["code"].as_str().unwrap();

    for path in [
        format!("/feedback/{code}"),
        format!("/feedback/{code}?pin=AAAA-AAAA"),
        format!(
            "/feedback/PA-000000-0001?pin={}",
            receipt["pin"].as_str().unwrap()
        ),
    ] {
        let (status, _) = app.json(&path).await;
        assert_eq!(status, 404, "{path}");
    }
    // Someone else signed in is no one's sender.
    let (status, _) = app.api_get(&lan, &format!("/feedback/{code}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The PIN opens it however it is typed.
    let pin = receipt["pin"].as_str().unwrap();
    let typed = format!("{}-{}", &pin[..4], &pin[4..]).to_lowercase();
    let (status, _) = app.json(&format!("/feedback/{code}?pin={typed}")).await;
    assert_eq!(status, 200);

    // Another agency's officer finds nothing; a citizen is not an officer.
    let (status, _) = app.officer_feedback(&police, code).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .feedback_act_at(&police, code, 1, answer("Không phải việc của tôi"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.api_get(&lan, "/officer/feedback").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The holder sees the contact; an answer sent twice at one version is taken once.
    let (status, view) = app.officer_feedback(&builder, code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["contact"]["phone"], "0987 654 321");
    let version = view["version"].as_u64().unwrap();
    let (first, _) = app
        .feedback_act_at(&builder, code, version, answer("Đã tiếp thu."))
        .await;
    let (second, body) = app
        .feedback_act_at(&builder, code, version, answer("Đã tiếp thu."))
        .await;
    assert_eq!(
        (first, second),
        (StatusCode::OK, StatusCode::CONFLICT),
        "{body}"
    );
    assert_eq!(body["code"], "version_conflict");
    let view = app.followed(&receipt).await;
    assert_eq!(kinds(&view), ["received", "answered"]);
    // Empty answers and questions are problems of their fields.
    let other = app.sent().await;
    let (status, body) = app
        .feedback_act(&builder, other["code"].as_str().unwrap(), answer(" "))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["field"], "answer", "{body}");
}

/// Tết Đinh Mùi: Friday 5 to Thursday 11 February 2027 are days off. Feedback received on Monday
/// 1 February is due 15 working days later: 2, 3, 4, 12, 15–19, 22–26 February and 1 March.
#[tokio::test]
async fn deadlines_count_working_days_across_tet_and_stop_while_the_agency_waits() {
    let (app, clock) = spawn_at(vn("2027-02-01", 9, 0)).await;
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let cal = calendar();
    let receipt = app.sent().await;
    let code = receipt["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("PA-270201-"), "{code}");
    let received = Date::parse("2027-02-01").unwrap();
    assert_eq!(receipt["due_date"], "2027-03-01");
    assert_eq!(cal.add_working_days(received, 15).to_string(), "2027-03-01");
    let (_, queue) = app.api_get(&builder, "/officer/feedback").await;
    assert_eq!(queue["items"][0]["code"], code.as_str(), "{queue}");
    assert_eq!(queue["items"][0]["days_left"], 15);

    // Asked for more on Wednesday 3 February; answered on Tuesday 16: the agency waited 4 working
    // days (4, 12, 15 and 16 February), which move the due date to Friday 5 March.
    clock.set(vn("2027-02-03", 10, 0));
    let question = json!({"action": "ask_info", "question": "Anh cho biết số giấy phép."});
    let view = app.feedback_ok(&builder, &code, question).await;
    assert_eq!(view["status"], "info_requested");
    clock.set(vn("2027-02-16", 10, 0));
    let (status, view) = app
        .sender_reply(
            &receipt,
            json!({"reply": "info", "text": "Số 12/GPXD", "files": []}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "received");
    assert_eq!(view["due_date"], "2027-03-05");
    // Nothing more to add now that it was given.
    let (status, body) = app
        .sender_reply(&receipt, json!({"reply": "info", "text": "Thêm nữa"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_asked"))
    );

    // Answered on its due date: on time.
    clock.set(vn("2027-03-05", 16, 0));
    let view = app
        .feedback_ok(
            &builder,
            &code,
            answer("Thời hạn theo quy định là 15 ngày."),
        )
        .await;
    assert_eq!(view["status"], "answered");
    assert_eq!(
        kinds(&view),
        ["received", "info_requested", "info_given", "answered"]
    );
    let store = Store::open(&app.config.database_url()).await.unwrap();
    let figures = store
        .feedback_figures(
            &FeedbackFilter {
                agency: Some(BUILDING.into()),
                procedures: None,
            },
            Month::parse("2027-02").unwrap(),
            Month::parse("2027-03").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].1.received, 1);
    assert_eq!(
        (figures[1].1.answered, figures[1].1.answered_on_time),
        (1, 1)
    );
}

#[tokio::test]
async fn a_forward_restarts_the_clock_and_is_refused_after_five_working_days() {
    let (app, clock) = spawn_at(vn("2027-03-01", 9, 0)).await;
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let finance = app.officer_session("canbo.stc", FINANCE).await;
    let cal = calendar();
    let early = app.sent().await;
    let late = app.sent().await;
    let code = early["code"].as_str().unwrap();

    clock.set(vn("2027-03-03", 9, 0));
    let forward =
        json!({"action": "forward", "agency": FINANCE, "reason": "Thuộc thẩm quyền Sở Tài chính"});
    let (status, body) = app
        .feedback_act(
            &builder,
            code,
            json!({"action": "forward", "agency": BUILDING, "reason": "x"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("same_agency"))
    );
    let view = app.feedback_ok(&builder, code, forward.clone()).await;
    let due = cal.add_working_days(Date::parse("2027-03-03").unwrap(), 15);
    assert_eq!(view["agency"], FINANCE);
    assert_eq!(view["due_date"], due.to_string());
    // The sender sees where it went, and is told by mail with the new due date; the old agency no
    // longer holds it, the new one does.
    assert_eq!(app.followed(&early).await["agency"], FINANCE);
    let mut db = database(&app).await;
    let told: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = 'nam@example.vn'")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let due_text = format!("{:02}/{:02}/{}", due.day(), due.month(), due.year());
    assert!(
        told.iter()
            .any(|b| b.contains("chuyển đến") && b.contains(&due_text)),
        "{told:?}"
    );
    let (status, _) = app.officer_feedback(&builder, code).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, queue) = app.api_get(&finance, "/officer/feedback").await;
    assert_eq!(queue["items"][0]["code"], code, "{queue}");
    let (_, inbox) = app.api_get(&finance, "/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "feedback", "{inbox}");
    assert_eq!(inbox["items"][0]["dossier"], code);

    // Received on 1 March, the other could be forwarded until 8 March (five working days).
    clock.set(vn("2027-03-09", 9, 0));
    let (status, body) = app
        .feedback_act(&builder, late["code"].as_str().unwrap(), forward)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("forward_too_late")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("2027-03-08"),
        "{body}"
    );
}

#[tokio::test]
async fn the_sender_says_whether_it_solved_the_problem_and_may_reopen_it_once() {
    let (app, clock) = spawn_at(vn("2027-03-01", 9, 0)).await;
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let cal = calendar();
    let solved = app.sent().await;
    let reopened = app.sent().await;
    let silent = app.sent().await;
    for r in [&solved, &reopened, &silent] {
        app.feedback_ok(&builder, r["code"].as_str().unwrap(), answer("Đã trả lời."))
            .await;
    }
    // Nothing to reopen before an answer, nothing to add when not asked.
    let (status, view) = app.sender_reply(&solved, json!({"reply": "solved"})).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "solved");
    let (status, _) = app
        .sender_reply(&solved, json!({"reply": "reopen", "reason": "Chưa rõ"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let view = app.followed(&reopened).await;
    assert_eq!(
        (view["can_respond"].as_bool(), view["can_reopen"].as_bool()),
        (Some(true), Some(true))
    );
    let (status, body) = app
        .sender_reply(&reopened, json!({"reply": "reopen", "reason": " "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["problems"][0]["code"],
        "feedback_reopen_reason_required"
    );
    clock.set(vn("2027-03-02", 9, 0));
    let (status, view) = app
        .sender_reply(
            &reopened,
            json!({"reply": "reopen", "reason": "Câu trả lời chưa giải quyết được."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "reopened");
    let due = cal.add_working_days(Date::parse("2027-03-02").unwrap(), 15);
    assert_eq!(view["due_date"], due.to_string());
    let code = reopened["code"].as_str().unwrap();
    let view = app
        .feedback_ok(&builder, code, answer("Trả lời lần hai."))
        .await;
    assert_eq!(view["status"], "closed");
    let (status, _) = app
        .sender_reply(&reopened, json!({"reply": "reopen", "reason": "Lần nữa"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "reopened once only");
    let view = app.followed(&reopened).await;
    assert_eq!(
        kinds(&view),
        ["received", "answered", "reopened", "answered"]
    );
    assert_eq!(view["can_reopen"], false);

    // Not replied to within ten working days, an answer counts as closed.
    clock.set(vn("2027-03-16", 9, 0));
    let view = app.followed(&silent).await;
    assert_eq!(
        (view["status"].as_str(), view["can_respond"].as_bool()),
        (Some("closed"), Some(false))
    );
    let (status, _) = app.sender_reply(&silent, json!({"reply": "solved"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn files_are_photos_or_pdfs_within_bounds_and_open_with_the_feedback() {
    let app = spawn().await;
    let response = app.feedback_file("ảnh chụp.pdf", PDF.to_vec()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let file: Value = response.json().await.unwrap();
    assert_eq!(file["content_type"], "application/pdf");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let response = app.feedback_file("anh", png).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let photo: Value = response.json().await.unwrap();
    assert_eq!(photo["name"], "anh.png");
    let mut big = b"%PDF-".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'x');
    let refused = [
        (b"hello, world".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (Vec::new(), StatusCode::UNPROCESSABLE_ENTITY),
        (
            b"%PDF-1.4 cut short".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (big, StatusCode::PAYLOAD_TOO_LARGE),
    ];
    for (bytes, status) in refused {
        assert_eq!(app.feedback_file("x.pdf", bytes).await.status(), status);
    }

    let mut body = anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc");
    body["files"] = json!([file["id"], photo["id"]]);
    let (status, receipt) = app.send_feedback(&body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let view = app.followed(&receipt).await;
    assert_eq!(view["files"].as_array().unwrap().len(), 2, "{view}");
    // A file goes with one case only.
    let (status, again) = app.send_feedback(&body, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again["problems"][0]["code"], "file_gone");

    let code = receipt["code"].as_str().unwrap();
    let id = file["id"].as_str().unwrap();
    let pin = receipt["pin"].as_str().unwrap();
    let download = app
        .get(&format!("/api/v1/feedback/{code}/files/{id}?pin={pin}"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let without = app
        .get(&format!("/api/v1/feedback/{code}/files/{id}"))
        .await;
    assert_eq!(without.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_address_sends_only_so_many_files_and_feedback_an_hour() {
    let app = spawn_limited(Limits {
        uploads_per_address: 2,
        submits_per_address: 2,
        ..Limits::default()
    })
    .await;
    for _ in 0..2 {
        assert_eq!(
            app.feedback_file("a.pdf", PDF.to_vec()).await.status(),
            StatusCode::CREATED
        );
    }
    let third = app.feedback_file("a.pdf", PDF.to_vec()).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().get("retry-after").is_some());
    app.sent().await;
    app.sent().await;
    let (status, _) = app
        .send_feedback(
            &anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// Takes Lan's licence exchange from submission to its return; its code.
async fn returned(app: &TestApp, lan: &str, centre: &str, police: &str) -> String {
    let receipt = app.apply_for(lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap().to_string();
    let result = app
        .pdf_upload(police, "Giấy phép lái xe.pdf", "result")
        .await;
    for (cookie, action) in [
        (centre, json!({"action": "receive", "note": ""})),
        (centre, json!({"action": "forward"})),
        (police, json!({"action": "result_ready", "files": [result]})),
    ] {
        let version = app.dossier_view(cookie, &code).await["version"]
            .as_u64()
            .unwrap();
        app.act_ok(cookie, &code, version, action).await;
    }
    app.paid_at_desk(centre, &code).await;
    let version = app.dossier_view(centre, &code).await["version"]
        .as_u64()
        .unwrap();
    app.act_ok(centre, &code, version, json!({"action": "return"}))
        .await;
    code
}

#[tokio::test]
async fn a_low_rating_opens_one_case_for_the_agency_head() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let police = app.officer_session("csgt.cat", POLICE).await;
    let code = returned(&app, &lan, &centre, &police).await;
    let (app_, lan_, code_) = (&app, &lan, &code);
    let rate = move |rating: Value| {
        let (app, lan, code) = (app_, lan_, code_);
        async move {
            let response = app
                .client
                .put(format!("{}/api/v1/dossiers/{code}/rating", app.base))
                .header("cookie", lan.as_str())
                .json(&rating)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
    };
    let cases = move || async move {
        let (app, code) = (app_, code_);
        let mut db = database(app).await;
        sqlx::query_as::<_, (String, String, String, i64)>(
            "SELECT code, agency, category, for_head FROM feedback WHERE about_kind = 'rating' \
             AND about_id = $1",
        )
        .bind(code)
        .fetch_all(&mut db)
        .await
        .unwrap()
    };
    rate(json!({"overall": 4, "criteria": {"de-thuc-hien": 4}})).await;
    assert!(cases().await.is_empty(), "a good rating opens nothing");
    // One criterion at 2 is enough; a changed rating opens no second case.
    rate(json!({"overall": 4, "criteria": {"de-thuc-hien": 2}})).await;
    rate(json!({"overall": 1, "comment": "Quá chậm"})).await;
    let found = cases().await;
    assert_eq!(found.len(), 1, "{found:?}");
    let (case, agency, category, for_head) = &found[0];
    let rated_agency: String = {
        let mut db = database(&app).await;
        sqlx::query_scalar("SELECT agency FROM ratings WHERE dossier = $1")
            .bind(&code)
            .fetch_one(&mut db)
            .await
            .unwrap()
    };
    assert_eq!(
        (agency.as_str(), category.as_str(), *for_head),
        (rated_agency.as_str(), "danh-gia-thap", 1)
    );
    // In that agency's queue; its owner follows it signed in.
    let holder = if rated_agency == CENTRE {
        &centre
    } else {
        &police
    };
    let (_, queue) = app.api_get(holder, "/officer/feedback").await;
    assert_eq!(queue["items"][0]["code"], case.as_str(), "{queue}");
    assert_eq!(
        queue["items"][0]["about"],
        json!({"kind": "rating", "id": code})
    );
    let (status, view) = app.api_get(&lan, &format!("/feedback/{case}")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    // The answer reaches the owner's inbox, linked by the case's code.
    app.feedback_ok(
        holder,
        case,
        answer("Xin lỗi anh chị, cơ quan đã chấn chỉnh."),
    )
    .await;
    let (_, inbox) = app.api_get(&lan, "/notifications").await;
    let latest = &inbox["items"][0];
    assert_eq!(
        (latest["kind"].as_str(), latest["dossier"].as_str()),
        (Some("feedback"), Some(case.as_str())),
        "{inbox}"
    );
}

#[tokio::test]
async fn the_figures_count_received_answers_on_time_and_late_overdue_and_verdicts() {
    let (app, clock) = spawn_at(vn("2027-03-01", 9, 0)).await;
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let (a, b, _c) = (app.sent().await, app.sent().await, app.sent().await);
    let code = |r: &Value| r["code"].as_str().unwrap().to_string();
    assert_eq!(a["due_date"], "2027-03-22");
    clock.set(vn("2027-03-02", 9, 0));
    app.feedback_ok(&builder, &code(&a), answer("Đúng hạn."))
        .await;
    // Its sender reopens it: dissatisfied, and due again 15 working days on, on 24 March.
    clock.set(vn("2027-03-03", 9, 0));
    let (status, view) = app
        .sender_reply(&a, json!({"reply": "reopen", "reason": "Chưa thỏa đáng"}))
        .await;
    assert_eq!(
        (status, view["due_date"].as_str()),
        (StatusCode::OK, Some("2027-03-24"))
    );

    // Past the due date: the sweep reminds the agency of each, once.
    let state = AppState::build(&app.config).await.unwrap();
    let state = &state;
    let sweep = move |at: i64| async move {
        motcua_server::dossiers::sweep_overdue(&state.dossiers().at(at))
            .await
            .unwrap();
    };
    sweep(vn("2027-03-24", 8, 0)).await;
    sweep(vn("2027-03-24", 9, 0)).await;
    let (_, inbox) = app.api_get(&builder, "/notifications").await;
    let overdue = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["title"]["en"] == "Feedback past its due date")
        .count();
    assert_eq!(overdue, 2, "{inbox}");
    clock.set(vn("2027-03-24", 10, 0));
    let (_, queue) = app.api_get(&builder, "/officer/feedback").await;
    assert_eq!(
        (queue["total"].as_u64(), queue["overdue"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(queue["items"][0]["days_left"], -2);

    let store = Store::open(&app.config.database_url()).await.unwrap();
    let store = &store;
    let march = Month::parse("2027-03").unwrap();
    let figures = move |filter: FeedbackFilter| async move {
        let months = store.feedback_figures(&filter, march, march).await.unwrap();
        assert_eq!(months.len(), 1);
        months[0].1.clone()
    };
    let building = || FeedbackFilter {
        agency: Some(BUILDING.into()),
        procedures: None,
    };
    let f = figures(building()).await;
    assert_eq!(
        (
            f.received,
            f.answered,
            f.answered_on_time,
            f.answered_late,
            f.overdue,
            f.dissatisfied
        ),
        (3, 1, 1, 0, 2, 1)
    );

    // Answered late: one fewer overdue. A second answer is no second count.
    app.feedback_ok(&builder, &code(&b), answer("Trễ hạn."))
        .await;
    app.feedback_ok(&builder, &code(&a), answer("Trả lời lại."))
        .await;
    let f = figures(building()).await;
    assert_eq!(
        (
            f.received,
            f.answered,
            f.answered_on_time,
            f.answered_late,
            f.overdue,
            f.dissatisfied
        ),
        (3, 2, 1, 1, 1, 1)
    );
    let by_procedure = figures(FeedbackFilter {
        agency: None,
        procedures: Some(vec![PERMIT.into()]),
    })
    .await;
    assert_eq!(by_procedure, f);
    let elsewhere = figures(FeedbackFilter {
        agency: Some(POLICE.into()),
        procedures: None,
    })
    .await;
    assert_eq!(elsewhere, Default::default());
    // The events stay as they were written.
    let mut db = database(&app).await;
    let changed = sqlx::query("UPDATE feedback_events SET text = 'x'")
        .execute(&mut db)
        .await;
    assert!(changed.is_err(), "feedback events are append-only");
}

/// Files sent with feedback belong to no upload, yet the sweep of bytes nothing names keeps them;
/// a file uploaded for feedback that was never sent goes, bytes and all, after 30 days.
#[tokio::test]
async fn the_sweep_of_unnamed_bytes_keeps_files_sent_with_feedback() {
    let app = spawn().await;
    let file: Value = app
        .feedback_file("ảnh.pdf", PDF.to_vec())
        .await
        .json()
        .await
        .unwrap();
    let mut body = anonymous(about("procedure", PERMIT), "quy-dinh-thu-tuc");
    body["files"] = json!([file["id"]]);
    let (_, receipt) = app.send_feedback(&body, None).await;
    let state = AppState::build(&app.config).await.unwrap();
    let later = motcua_server::clock::now() + 7 * 24 * 3600;
    let removed = motcua_server::retention::sweep_orphans(&state.dossiers().at(later))
        .await
        .unwrap();
    assert_eq!(removed, 0);
    let (code, id, pin) = (&receipt["code"], &file["id"], &receipt["pin"]);
    let path = format!(
        "/api/v1/feedback/{}/files/{}?pin={}",
        code.as_str().unwrap(),
        id.as_str().unwrap(),
        pin.as_str().unwrap()
    );
    let download = app.get(&path).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    let unsent_bytes = b"%PDF-1.4\n% never sent\n%%EOF\n".to_vec();
    let unsent = app.feedback_file("khong-gui.pdf", unsent_bytes).await;
    assert_eq!(unsent.status(), StatusCode::CREATED);
    assert_eq!(app.files_kept().await, 2);
    let sweep = |days: i64| {
        let ctx = state
            .dossiers()
            .at(motcua_server::clock::now() + 60 + days * 24 * 3600);
        async move { motcua_server::retention::sweep_stale(&ctx).await.unwrap() }
    };
    assert_eq!(sweep(29).await.feedback_files, 0);
    let swept = sweep(31).await;
    assert_eq!((swept.feedback_files, swept.files), (1, 1));
    assert_eq!(
        app.files_kept().await,
        1,
        "the unsent file's bytes went with it"
    );
    assert_eq!(
        app.get(&path).await.status(),
        StatusCode::OK,
        "the sent one stays"
    );
}

/// Forty wrong PINs sent at once from one address: twenty are looked at and the rest refused (before,
/// all forty passed a count none had yet added to); the sender's PIN still opens it elsewhere.
#[tokio::test]
async fn the_limits_hold_when_forty_wrong_pins_come_at_once() {
    let app = spawn_behind_proxy().await;
    let receipt = app.sent().await;
    let code = receipt["code"].as_str().unwrap();
    let look = |client: &'static str, pin: String| {
        let app = &app;
        async move {
            app.client
                .get(format!("{}/api/v1/feedback/{code}?pin={pin}", app.base))
                .header("x-forwarded-for", client)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let tries = (0..40).map(|i| look("203.0.113.9", format!("ZZZZ-ZZ{i:02}")));
    let statuses = futures_util::future::join_all(tries).await;
    assert_eq!(
        counts(
            &statuses,
            [StatusCode::NOT_FOUND, StatusCode::TOO_MANY_REQUESTS]
        ),
        [20, 20],
        "{statuses:?}"
    );
    let pin = receipt["pin"].as_str().unwrap().to_string();
    assert_eq!(look("198.51.100.11", pin).await, StatusCode::OK);

    // Forty answers at one version at once: one is taken.
    let builder = app.officer_session("canbo.sxd", BUILDING).await;
    let (_, view) = app.officer_feedback(&builder, code).await;
    let version = view["version"].as_u64().unwrap();
    let answers = (0..40)
        .map(|i| app.feedback_act_at(&builder, code, version, answer(&format!("Trả lời {i}."))));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(answers)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        counts(&statuses, [StatusCode::OK, StatusCode::CONFLICT]),
        [1, 39],
        "{statuses:?}"
    );
    let view = app.followed(&receipt).await;
    assert_eq!(kinds(&view), ["received", "answered"]);
}
