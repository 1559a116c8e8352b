//! Publishing answered feedback over HTTP: redacted by an officer, with the sender's consent, shown
//! and searched only once published; and "you said, we did", which never quotes the sender.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{enc, spawn, spawn_with, TestApp};

/// A building permit: Sở Xây dựng answers feedback about it.
const PERMIT: &str = "1.013231";
/// Land allocation: Sở Nông nghiệp và Môi trường answers.
const LAND: &str = "1.012777";
const SENDER: &str = "Nguyễn Thị Lan";
const PHONE: &str = "0912345678";

struct World {
    app: TestApp,
    builder: String,
    land: String,
}

async fn world() -> World {
    let app = spawn().await;
    let builder = app.officer_session("canbo.sxd", "so-xay-dung").await;
    let land = app
        .officer_session("canbo.nnmt", "so-nong-nghiep-moi-truong")
        .await;
    World { app, builder, land }
}

impl World {
    /// Anonymous feedback about `procedure`; its code.
    async fn send(&self, procedure: &str, title: &str, text: &str, consent: bool) -> String {
        let response = self
            .app
            .post(
                "/feedback",
                &json!({
                    "about": {"kind": "procedure", "id": procedure},
                    "category": "quy-dinh-thu-tuc",
                    "title": title,
                    "text": text,
                    "name": SENDER,
                    "phone": PHONE,
                    "consent": consent,
                }),
                None,
            )
            .await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["code"].as_str().unwrap().to_string()
    }

    /// An officer's action on feedback at the version they see now.
    async fn act(&self, officer: &str, code: &str, action: Value) -> (StatusCode, Value) {
        let (status, view) = self
            .app
            .api_get(officer, &format!("/officer/feedback/{code}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let mut body = action;
        body["version"] = view["version"].clone();
        let response = self
            .app
            .post(
                &format!("/officer/feedback/{code}/actions"),
                &body,
                Some(officer),
            )
            .await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn act_ok(&self, officer: &str, code: &str, action: Value) {
        let (status, body) = self.act(officer, code, action.clone()).await;
        assert!(status.is_success(), "{action}: {status} {body}");
    }

    async fn answer(&self, officer: &str, code: &str, change: &str) {
        let action = json!({
            "action": "answer",
            "text": "Cơ quan đã xem xét và trả lời như sau.",
            "change": change,
        });
        self.act_ok(officer, code, action).await;
    }

    async fn redact(
        &self,
        officer: &str,
        code: &str,
        title: &str,
        question: &str,
    ) -> (StatusCode, Value) {
        let action = json!({
            "action": "redact",
            "title": title,
            "question": question,
            "answer": "Hồ sơ được giải quyết trong 15 ngày làm việc.",
        });
        self.act(officer, code, action).await
    }

    async fn publish(&self, officer: &str, code: &str) -> (StatusCode, Value) {
        self.act(officer, code, json!({"action": "publish"})).await
    }

    /// Answered, redacted and published.
    async fn published(&self, officer: &str, procedure: &str, title: &str) -> String {
        let code = self
            .send(
                procedure,
                "Hỏi của tôi",
                &format!("{SENDER} hỏi, gọi {PHONE}"),
                true,
            )
            .await;
        self.answer(officer, &code, "").await;
        let (status, body) = self
            .redact(officer, &code, title, "Người dân hỏi thời hạn.")
            .await;
        assert!(status.is_success(), "{body}");
        let (status, body) = self.publish(officer, &code).await;
        assert!(status.is_success(), "{body}");
        code
    }

    async fn questions(&self, query: &str) -> Value {
        let (status, body) = self.app.json(&format!("/questions?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        body
    }

    async fn found(&self, query: &str) -> Vec<String> {
        let body = self.questions(query).await;
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap().to_string())
            .collect()
    }
}

fn refused(status: StatusCode, body: &Value, code: &str) {
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], code, "{body}");
}

fn problem(status: StatusCode, body: &Value) -> (String, String) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let p = &body["problems"][0];
    (
        p["field"].as_str().unwrap().to_string(),
        p["code"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn publishing_needs_an_answer_consent_and_a_clean_redaction() {
    let w = world().await;
    let b = w.builder.as_str();
    let code = w
        .send(
            PERMIT,
            "Giấy phép xây dựng chậm",
            &format!("Tôi là {SENDER}, số {PHONE}, chờ mãi chưa có giấy phép."),
            true,
        )
        .await;

    // Nothing to publish before an answer.
    let (status, body) = w
        .redact(b, &code, "Thời hạn cấp phép", "Bao lâu có giấy phép?")
        .await;
    refused(status, &body, "not_answered");
    let (status, body) = w.publish(b, &code).await;
    refused(status, &body, "not_answered");

    w.answer(b, &code, "").await;
    let (status, body) = w.publish(b, &code).await;
    refused(status, &body, "not_redacted");

    // Personal data is refused, part by part.
    for (question, code_expected) in [
        ("Gọi tôi số 0912 345 678 nhé.", "personal_phone"),
        ("Thư lan.nguyen@gmail.com", "personal_email"),
        ("CCCD 001190012345 của tôi", "personal_citizen_id"),
        ("Bà NGUYEN THI LAN hỏi", "personal_name"),
    ] {
        let (status, body) = w.redact(b, &code, "Thời hạn cấp phép", question).await;
        assert_eq!(
            problem(status, &body),
            ("question".to_string(), code_expected.to_string()),
            "{question}"
        );
    }

    // Saved but not yet published: served nowhere.
    let (status, body) = w
        .redact(
            b,
            &code,
            "Thời hạn cấp giấy phép xây dựng",
            "Bao lâu thì có giấy phép?",
        )
        .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(w.app.json(&format!("/questions/{code}")).await.0, 404);
    assert!(w.found("").await.is_empty());
    assert!(w.found("q=giay+phep").await.is_empty());

    let (status, body) = w.publish(b, &code).await;
    assert!(status.is_success(), "{body}");
    let response = w.app.get(&format!("/api/v1/questions/{code}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"].to_str().unwrap(),
        "public, max-age=60"
    );
    let q: Value = response.json().await.unwrap();
    assert_eq!(q["title"], "Thời hạn cấp giấy phép xây dựng");
    assert_eq!(q["question"], "Bao lâu thì có giấy phép?");
    assert_eq!(q["procedure"], PERMIT);
    assert_eq!(q["agency"], "so-xay-dung");
    let text = q.to_string();
    for private in [SENDER, PHONE, "chờ mãi"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    assert_eq!(w.found("").await, [code.as_str()]);
    let (_, view) = w.app.api_get(b, &format!("/officer/feedback/{code}")).await;
    let kinds: Vec<&str> = view["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"published"), "{kinds:?}");

    // A new redaction is hidden until it is confirmed again.
    let (status, body) = w.redact(b, &code, "Thời hạn cấp phép", "Bao lâu?").await;
    assert!(status.is_success(), "{body}");
    assert_eq!(w.app.json(&format!("/questions/{code}")).await.0, 404);
    assert!(w.found("q=thoi+han").await.is_empty());
    let (status, body) = w.publish(b, &code).await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        w.app.json(&format!("/questions/{code}")).await.1["question"],
        "Bao lâu?"
    );

    // Counted once in the agency's figures, however often it is published again.
    let mut db = crate::helpers::database(&w.app).await;
    let counted: (String, i64) = sqlx::query_as(
        "SELECT agency, CAST(SUM(published) AS BIGINT) FROM feedback_months WHERE procedure = $1 GROUP BY agency",
    )
    .bind(PERMIT)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(counted, ("so-xay-dung".to_string(), 1));

    // Without the sender's consent, nothing is published.
    let private = w.send(PERMIT, "Không công khai", "Riêng tư", false).await;
    w.answer(b, &private, "").await;
    let (status, body) = w.redact(b, &private, "Tiêu đề", "Câu hỏi").await;
    refused(status, &body, "no_consent");
    let (status, body) = w.publish(b, &private).await;
    refused(status, &body, "no_consent");
    assert_eq!(w.app.json(&format!("/questions/{private}")).await.0, 404);
    assert_eq!(w.app.json("/questions/PA-000000-0000").await.0, 404);
}

#[tokio::test]
async fn published_questions_are_found_folded_and_mistyped() {
    let w = world().await;
    // Another server on the same database, which has searched before anything was published.
    let other = spawn_with(None, Some(w.app.data_dir.clone())).await;
    let (_, before) = other.json("/questions?q=dat+dai").await;
    assert_eq!(before["total"], 0);
    let land = w
        .published(&w.land, LAND, "Hồ sơ giao đất đai cho tổ chức cần những gì")
        .await;
    let (_, after) = other.json("/questions?q=dat+dai").await;
    assert_eq!(
        after["items"][0]["code"],
        land.as_str(),
        "caught up with the store"
    );
    let permit = w
        .published(&w.builder, PERMIT, "Lệ phí cấp giấy phép xây dựng")
        .await;
    // Redacted, not published: never found.
    let hidden = w.send(LAND, "Đất đai", "Đất đai", true).await;
    w.answer(&w.land, &hidden, "").await;
    let (status, _) = w
        .redact(&w.land, &hidden, "Đất đai bị thu hồi", "Đất đai?")
        .await;
    assert!(status.is_success());

    assert_eq!(
        w.found("").await,
        [permit.as_str(), land.as_str()],
        "newest first"
    );
    assert_eq!(w.found("q=%3F").await, w.found("").await, "no words: all");
    assert_eq!(w.found("q=dat+dai").await, [land.as_str()]);
    assert_eq!(
        w.found(&format!("q={}", enc("ĐẤT ĐAI"))).await,
        [land.as_str()]
    );
    assert_eq!(
        w.found(&format!("q={}", enc("đất đaii"))).await,
        [land.as_str()]
    );
    assert_eq!(
        w.found("q=giay+phep+xay+dunh").await,
        [permit.as_str()],
        "one typo"
    );
    assert_eq!(
        w.found(&format!("q={}", enc("lệ phí"))).await,
        [permit.as_str()]
    );
    assert!(w.found("q=khai+sinh").await.is_empty());

    // Per procedure, with or without words.
    assert_eq!(w.found(&format!("procedure={LAND}")).await, [land.as_str()]);
    assert!(w
        .found(&format!("procedure={LAND}&q=giay+phep"))
        .await
        .is_empty());
    let body = w.questions(&format!("procedure={PERMIT}&page=1")).await;
    assert_eq!(
        (body["total"].as_u64(), body["page"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(w.found("page=2").await.is_empty());
    assert_eq!(w.app.json("/questions?procedure=0.000000").await.0, 404);
    assert_eq!(w.app.json("/questions?page=0").await.0, 400);
}

#[tokio::test]
async fn you_said_we_did_lists_changes_without_personal_data() {
    let w = world().await;
    let b = w.builder.as_str();
    // Published: its redacted title is what was said.
    let public = w
        .send(PERMIT, "Bắt nộp bản sao", "Tôi phải nộp 3 bản sao", true)
        .await;
    w.answer(
        b,
        &public,
        "Bỏ yêu cầu nộp bản sao giấy tờ đã có trong hệ thống.",
    )
    .await;
    let (status, _) = w
        .redact(
            b,
            &public,
            "Yêu cầu nộp nhiều bản sao",
            "Có phải nộp bản sao không?",
        )
        .await;
    assert!(status.is_success());
    assert!(w.publish(b, &public).await.0.is_success());
    // Not published: only its category.
    let private = w
        .send(
            PERMIT,
            "Chị Hoa ở tổ 5 phàn nàn",
            &format!("{SENDER} {PHONE}"),
            false,
        )
        .await;
    w.answer(b, &private, "Niêm yết thời hạn giải quyết tại quầy.")
        .await;
    // Answered with no change: not listed.
    let nothing = w.send(PERMIT, "Hỏi thêm", "Hỏi thêm", true).await;
    w.answer(b, &nothing, "").await;

    let (status, body) = w.app.json("/you-said-we-did").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 2);
    let items = body["items"].as_array().unwrap();
    let by = |code: &str| items.iter().find(|i| i["code"] == code).unwrap().clone();
    let p = by(&public);
    assert_eq!(p["said"], "Yêu cầu nộp nhiều bản sao");
    assert_eq!(p["published"], true);
    assert_eq!(
        p["did"],
        "Bỏ yêu cầu nộp bản sao giấy tờ đã có trong hệ thống."
    );
    let q = by(&private);
    assert_eq!(q["said"], "Quy định hành chính, thủ tục chưa hợp lý");
    assert_eq!(q["published"], false);
    assert_eq!(
        q["category_name"]["en"],
        "A rule or procedure that does not work well"
    );
    assert_eq!(q["agency"], "so-xay-dung");
    let text = body.to_string();
    for private in [SENDER, PHONE, "Chị Hoa", "Bắt nộp bản sao", "3 bản sao"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    assert_eq!(w.app.json("/you-said-we-did?page=0").await.0, 400);
    assert_eq!(
        w.app.json("/you-said-we-did?page=2").await.1["items"],
        json!([])
    );
}
