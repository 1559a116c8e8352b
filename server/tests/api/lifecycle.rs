//! The dossier lifecycle over HTTP: officers receive, ask for more, forward, decide and return; the
//! citizen follows, answers, downloads the result and rates it. Every refusal, the event log's
//! permanence, public tracking and its limits, who may see what, the officer queue, mail through a
//! real SMTP server and the overdue sweep.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use motcua_api::calendar::{Calendar, Date};
use motcua_server::catalogue::Catalogue;
use motcua_server::clock::now;
use motcua_server::officers;
use motcua_server::state::AppState;
use motcua_server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::accounts::session;
use crate::dossiers::{application, sample, today, PDF};
use crate::helpers::{
    assert_tallies_are_counts, database, on_postgres, said_within, spawn, spawn_smtp, TestApp,
};
use crate::mail::{eventually, free_port, read_message, received, smtp, RefusingRelay, SmtpServer};

pub(crate) const CENTRE: &str = "trung-tam-phuc-vu-hcc";
pub(crate) const POLICE: &str = "cong-an-tinh";
/// Exchanging a driving licence: received at the centre, decided by the provincial police, returned
/// at the centre; 5 working days split 1 / 4 / 0.
pub(crate) const LICENCE: &str = "1.012811";
const LAN: &str = "019190001234";
const LAN_PHONE: &str = "0912345678";

const ACTIONS: [&str; 9] = [
    "withdraw",
    "receive",
    "request_supplement",
    "supplement",
    "forward",
    "result_ready",
    "refuse",
    "return",
    "apologize",
];

/// A body for each action that would pass its own checks, so a refusal is the rules' doing.
pub(crate) fn action_body(action: &str) -> Value {
    match action {
        "withdraw" => json!({"action": "withdraw", "note": "Không cần nữa"}),
        "receive" => json!({"action": "receive", "note": "Hồ sơ đủ"}),
        "request_supplement" => {
            json!({"action": "request_supplement", "note": "Thiếu", "items": ["Bản sao CCCD"]})
        }
        "supplement" => json!({"action": "supplement", "note": "Đã gửi bản sao", "files": []}),
        "forward" => json!({"action": "forward"}),
        "result_ready" => json!({"action": "result_ready", "files": ["khong-co-tep"]}),
        "refuse" => json!({"action": "refuse", "reason": "Không đủ điều kiện"}),
        "return" => json!({"action": "return"}),
        "apologize" => {
            json!({"action": "apologize", "reason": "Chậm do mất điện", "new_date": "2099-01-05"})
        }
        other => panic!("no action {other}"),
    }
}

static KEYS: AtomicUsize = AtomicUsize::new(1);

fn calendar(catalogue: &Catalogue) -> Calendar {
    Calendar::new(catalogue.holidays.clone()).unwrap()
}

fn agency_name(catalogue: &Catalogue, id: &str) -> String {
    catalogue
        .agencies
        .iter()
        .find(|a| a.id == id)
        .unwrap()
        .name
        .vi
        .clone()
}

/// `key` of every element of an array.
pub(crate) fn strings(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|e| e[key].as_str().unwrap_or_default().to_string())
        .collect()
}

fn state(view: &Value) -> (String, u64) {
    (
        view["status"].as_str().unwrap().to_string(),
        view["version"].as_u64().unwrap(),
    )
}

fn st(status: &str, version: u64) -> (String, u64) {
    (status.to_string(), version)
}

async fn execute(app: &TestApp, sql: &str, binds: &[&str]) {
    let mut db = database(app).await;
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    let done = q.execute(&mut db).await.unwrap();
    assert_eq!(done.rows_affected(), 1, "{sql}");
}

impl TestApp {
    /// An officer of `agency`, created as `motcua-server create-officer` does, signed in.
    pub(crate) async fn officer_session(&self, username: &str, agency: &str) -> String {
        let store = Store::open(&self.config.database_url()).await.unwrap();
        let password = officers::create(&store, username, "Lê Văn Bình", agency, "", "", false)
            .await
            .unwrap();
        let response = self
            .post(
                "/auth/login",
                &json!({"identifier": username, "password": password}),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{username} signs in");
        session(&response)
    }

    pub(crate) async fn pdf_upload(&self, cookie: &str, name: &str, tag: &str) -> String {
        let mut bytes = PDF.to_vec();
        bytes.extend(format!("% {tag}\n").bytes());
        let response = self.upload(cookie, name, bytes).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{name}");
        let info: Value = response.json().await.unwrap();
        info["id"].as_str().unwrap().to_string()
    }

    /// Submits a complete application for `procedure`; the receipt.
    pub(crate) async fn apply_for(&self, cookie: &str, procedure: &str) -> Value {
        let a = application(self, cookie, procedure).await;
        let key = format!("lifecycle-{}", KEYS.fetch_add(1, Ordering::Relaxed));
        let response = self.submit(cookie, Some(&key), &a.body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{procedure}");
        response.json().await.unwrap()
    }

    pub(crate) async fn api_get(&self, cookie: &str, path: &str) -> (StatusCode, Value) {
        let response = self.call(Method::GET, path, cookie).await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub(crate) async fn dossier_view(&self, cookie: &str, code: &str) -> Value {
        let (status, body) = self.api_get(cookie, &format!("/dossiers/{code}")).await;
        assert_eq!(status, StatusCode::OK, "reading {code}: {body}");
        body
    }

    pub(crate) async fn act_on(
        &self,
        cookie: &str,
        code: &str,
        version: u64,
        action: Value,
    ) -> (StatusCode, Value) {
        let mut body = action;
        body["version"] = json!(version);
        let response = self
            .client
            .post(format!("{}/api/v1/dossiers/{code}/actions", self.base))
            .header("cookie", cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// What the dossier owes, recorded as paid at the desk by `officer`.
    pub(crate) async fn paid_at_desk(&self, officer: &str, code: &str) {
        let (status, body) = self
            .decide(officer, code, json!({"decision": "paid_at_desk"}))
            .await;
        assert_eq!(status, StatusCode::OK, "paid at the desk: {body}");
    }

    /// An action that must be applied; the dossier as the actor now sees it.
    pub(crate) async fn act_ok(
        &self,
        cookie: &str,
        code: &str,
        version: u64,
        action: Value,
    ) -> Value {
        let (status, body) = self.act_on(cookie, code, version, action.clone()).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        body
    }

    async fn rate(&self, cookie: &str, code: &str, rating: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .put(format!("{}/api/v1/dossiers/{code}/rating", self.base))
            .header("cookie", cookie)
            .json(&rating)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// A public tracking lookup, as the app sends it.
    pub(crate) async fn track(&self, code: &str, check: &str) -> reqwest::Response {
        self.post("/tracking", &json!({"code": code, "check": check}), None)
            .await
    }

    async fn mark_read(&self, cookie: &str, up_to: i64) {
        let response = self
            .post(
                "/notifications/read",
                &json!({ "up_to": up_to }),
                Some(cookie),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }

    async fn events_in_db(&self) -> Vec<(i64, String, String, String, String, String, String)> {
        let mut db = database(self).await;
        sqlx::query_as(
            "SELECT id, dossier, kind, status, step, agency, data FROM dossier_events ORDER BY id",
        )
        .fetch_all(&mut db)
        .await
        .unwrap()
    }
}

/// A server with a citizen (Lan), a desk officer at the centre and an officer of the provincial police.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) catalogue: Catalogue,
    pub(crate) cal: Calendar,
    pub(crate) lan: String,
    pub(crate) centre: String,
    pub(crate) police: String,
}

pub(crate) async fn world() -> World {
    let app = spawn().await;
    let catalogue = sample();
    let cal = calendar(&catalogue);
    let lan = app.citizen(LAN).await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let police = app.officer_session("csgt.cat", POLICE).await;
    World {
        app,
        catalogue,
        cal,
        lan,
        centre,
        police,
    }
}

#[tokio::test]
async fn a_licence_exchange_goes_from_submission_to_return_and_a_rating() {
    let w = world().await;
    let (app, cal) = (&w.app, &w.cal);
    let day = today();
    // Submitted after office hours or on a day off, it counts as received the next working day.
    let received_day = cal.received_on(motcua_server::clock::now());
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap().to_string();
    let code = code.as_str();
    let due0 = cal.add_working_days(received_day, 5);
    assert_eq!(receipt["due_date"], due0.to_string());

    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(state(&v), st("submitted", 1));
    assert_eq!(v["actions"], json!(["withdraw"]));
    assert_eq!(strings(&v["steps"], "agency"), [CENTRE, POLICE, CENTRE]);
    assert_eq!(
        strings(&v["steps"], "id"),
        ["tiep-nhan", "xu-ly", "tra-ket-qua"]
    );
    let days: Vec<u64> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["days"].as_u64().unwrap())
        .collect();
    assert_eq!(days, [1, 4, 0]);
    assert_eq!(
        v["steps"][0]["due_date"],
        cal.add_working_days(received_day, 1).to_string()
    );
    assert!(v["steps"][1]["due_date"].is_null());
    assert_eq!(v["current_step"], 0);
    assert_eq!(strings(&v["events"], "kind"), ["submitted"]);
    assert_eq!(v["events"][0]["role"], "applicant");
    assert!(v["applicant"].is_null(), "the owner knows who they are");
    assert_eq!(v["access"], json!([]));
    assert_eq!(v["can_rate"], false);

    // Every officer read of the dossier or one of its files, in order: (agency, file).
    let mut reads: Vec<(&str, String)> = Vec::new();
    let v = app.dossier_view(&w.centre, code).await;
    reads.push((CENTRE, String::new()));
    assert_eq!(v["applicant"]["identifier"], LAN);
    assert_eq!(v["applicant"]["full_name"], "Nguyễn Thị Lan");
    assert_eq!(v["actions"], json!(["receive", "refuse"]));
    assert_eq!(v["access"], json!([]), "the access log is the owner's");
    // The police, later in the workflow, may look but not act yet.
    let v = app.dossier_view(&w.police, code).await;
    reads.push((POLICE, String::new()));
    assert_eq!(v["actions"], json!([]));

    let v = app
        .act_ok(
            &w.centre,
            code,
            1,
            json!({"action": "receive", "note": "Hồ sơ đủ"}),
        )
        .await;
    assert_eq!(state(&v), st("received", 2));
    assert_eq!(v["due_date"], due0.to_string());
    assert_eq!(
        v["actions"],
        json!(["forward", "request_supplement", "refuse"])
    );

    let items = ["Giấy khám sức khỏe của người lái xe", "Ảnh chân dung 3x4"];
    let v = app
        .act_ok(
            &w.centre,
            code,
            2,
            json!({"action": "request_supplement", "note": "Thiếu giấy tờ", "items": items}),
        )
        .await;
    assert_eq!(state(&v), st("supplement_requested", 3));
    assert_eq!(v["due_date"], due0.to_string());
    let step0_due = Date::parse(v["steps"][0]["due_date"].as_str().unwrap()).unwrap();
    let tracked: Value = app.track(code, LAN_PHONE).await.json().await.unwrap();
    assert_eq!(tracked["status"], "supplement_requested");
    assert_eq!(tracked["supplement_items"], json!(items));
    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(v["actions"], json!(["supplement"]));

    // Lan answers a week after the request: the working days in between do not count against the
    // agencies, so the due dates move by as many.
    let since = day.add_days(-7);
    let paused = cal.working_days_between(since, day);
    assert!(paused >= 3, "{since} to {day}");
    execute(
        app,
        "UPDATE dossiers SET workflow = json_set(workflow, '$.paused_since', $1) WHERE code = $2",
        &[&since.to_string(), code],
    )
    .await;
    let supplement = app
        .pdf_upload(&w.lan, "Giấy khám sức khỏe.pdf", "supplement")
        .await;
    let v = app
        .act_ok(
            &w.lan,
            code,
            3,
            json!({"action": "supplement", "note": "Gửi bổ sung", "files": [supplement]}),
        )
        .await;
    assert_eq!(state(&v), st("supplemented", 4));
    let due1 = cal.add_working_days(due0, paused);
    assert_eq!(v["due_date"], due1.to_string());
    assert_eq!(
        v["steps"][0]["due_date"],
        cal.add_working_days(step0_due, paused).to_string()
    );
    assert_eq!(v["actions"], json!([]));
    // The supplement is part of the record now.
    let delete = app
        .call(Method::DELETE, &format!("/uploads/{supplement}"), &w.lan)
        .await;
    assert_eq!(delete.status(), StatusCode::CONFLICT);

    let v = app
        .act_ok(&w.centre, code, 4, json!({"action": "forward"}))
        .await;
    assert_eq!(state(&v), st("processing", 5));
    assert_eq!(v["current_step"], 1);
    assert_eq!(v["due_date"], due1.to_string(), "forwarding keeps the date");
    assert!(v["steps"][0]["finished_at"].is_i64());
    assert!(v["steps"][1]["started_at"].is_i64());
    assert_eq!(
        v["steps"][1]["due_date"],
        cal.add_working_days(day, 4).to_string()
    );
    assert_eq!(v["actions"], json!([]), "the centre no longer holds it");

    // The police's second look, within the same visit, is not a new opening.
    let v = app.dossier_view(&w.police, code).await;
    assert_eq!(
        v["actions"],
        json!(["result_ready", "request_supplement", "refuse"])
    );
    let download = app
        .call(
            Method::GET,
            &format!("/dossiers/{code}/files/{supplement}"),
            &w.police,
        )
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.bytes().await.unwrap().ends_with(b"% supplement\n"));
    reads.push((POLICE, "Giấy khám sức khỏe.pdf".into()));

    // Nothing to rate before the result is handed over.
    let (status, body) = app.rate(&w.lan, code, json!({"overall": 5})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_allowed"))
    );

    let result = app
        .pdf_upload(&w.police, "Giấy phép lái xe.pdf", "result")
        .await;
    let v = app
        .act_ok(
            &w.police,
            code,
            5,
            json!({"action": "result_ready", "note": "Đã in giấy phép", "files": [result]}),
        )
        .await;
    assert_eq!(state(&v), st("result_ready", 6));
    assert_eq!(v["current_step"], 2);
    assert_eq!(v["due_date"], due1.to_string());
    assert_eq!(strings(&v["result"], "id"), [result.as_str()]);
    assert_eq!(v["timeliness"], "early");
    // The applicant's list judges it as its page does, by the day the work ended.
    let (_, mine) = app.api_get(&w.lan, "/dossiers").await;
    let line = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap();
    assert_eq!(
        (&line["timeliness"], &line["days_left"]),
        (&v["timeliness"], &v["days_left"])
    );
    let (status, _) = app.rate(&w.lan, code, json!({"overall": 5})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The police cannot hand it over: that is the centre's desk.
    let (status, body) = app.act_on(&w.police, code, 6, action_body("return")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_allowed"))
    );

    // Not before the fee is paid: here, at the desk, as the centre records.
    let (status, body) = app.act_on(&w.centre, code, 6, action_body("return")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("fee_unpaid"))
    );
    app.paid_at_desk(&w.centre, code).await;
    let v = app
        .act_ok(
            &w.centre,
            code,
            6,
            json!({"action": "return", "note": "Đã trao"}),
        )
        .await;
    assert_eq!(state(&v), st("returned", 7));
    assert_eq!(v["actions"], json!([]));
    assert!(v["steps"][2]["finished_at"].is_i64());

    // The record, as its owner reads it.
    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(state(&v), st("returned", 7));
    assert_eq!(v["can_rate"], true);
    assert!(v["rating"].is_null());
    let events = &v["events"];
    assert_eq!(
        strings(events, "kind"),
        [
            "submitted",
            "received",
            "supplement_requested",
            "supplemented",
            "forwarded",
            "result_ready",
            "returned"
        ]
    );
    assert_eq!(
        strings(events, "status"),
        [
            "submitted",
            "received",
            "supplement_requested",
            "supplemented",
            "processing",
            "result_ready",
            "returned"
        ]
    );
    assert_eq!(
        strings(events, "role"),
        [
            "applicant",
            "officer",
            "officer",
            "applicant",
            "officer",
            "officer",
            "officer"
        ]
    );
    assert_eq!(
        strings(events, "agency"),
        [CENTRE, CENTRE, CENTRE, CENTRE, CENTRE, POLICE, CENTRE]
    );
    assert_eq!(
        strings(events, "step"),
        [
            "tiep-nhan",
            "tiep-nhan",
            "tiep-nhan",
            "tiep-nhan",
            "tiep-nhan",
            "xu-ly",
            "tra-ket-qua"
        ]
    );
    assert_eq!(
        events[5]["agency_name"]["vi"],
        agency_name(&w.catalogue, POLICE)
    );
    assert_eq!(events[2]["items"], json!(items));
    assert_eq!(events[3]["note"], "Gửi bổ sung");
    assert_eq!(strings(&events[3]["files"], "id"), [supplement.as_str()]);
    assert_eq!(
        strings(&events[3]["files"], "name"),
        ["Giấy khám sức khỏe.pdf"]
    );
    assert_eq!(strings(&events[5]["files"], "id"), [result.as_str()]);
    let ats: Vec<i64> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_i64().unwrap())
        .collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "{ats:?}");
    for e in events.as_array().unwrap() {
        assert!(e.get("account").is_none(), "no officer is named: {e}");
    }

    // Who opened it, newest first: agency and role, never a name.
    let access = v["access"].as_array().unwrap();
    let got: Vec<(String, String, String)> = access
        .iter()
        .rev()
        .map(|a| {
            (
                a["agency"].as_str().unwrap().to_string(),
                a["role"].as_str().unwrap().to_string(),
                a["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = reads
        .iter()
        .map(|(agency, file)| (agency.to_string(), "officer".to_string(), file.clone()))
        .collect();
    assert_eq!(got, expected);
    for a in access {
        assert_eq!(
            a["agency_name"]["vi"],
            agency_name(&w.catalogue, a["agency"].as_str().unwrap())
        );
        assert!(a.get("account").is_none() && a.get("full_name").is_none());
    }
    // Officers do not see it, however much they handled the dossier.
    assert_eq!(app.dossier_view(&w.police, code).await["access"], json!([]));

    // The result, downloaded by its owner (whose own reads are not logged).
    let response = app
        .call(
            Method::GET,
            &format!("/dossiers/{code}/files/{result}"),
            &w.lan,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"% result\n"));
    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(v["access"].as_array().unwrap().len(), reads.len());

    // The inbox: one message per thing the agencies did, newest first.
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    assert_eq!(
        strings(&inbox["items"], "kind"),
        [
            "returned",
            "result_ready",
            "forwarded",
            "supplement_requested",
            "received"
        ]
    );
    assert_eq!(inbox["unread"], 5);
    // The header's count alone says the same.
    assert_eq!(
        app.api_get(&w.lan, "/notifications/unread").await,
        (StatusCode::OK, json!({"unread": 5}))
    );
    for n in inbox["items"].as_array().unwrap() {
        assert_eq!(n["dossier"], code);
        assert_eq!(n["read"], false);
        assert!(n["body"]["vi"].as_str().unwrap().contains(code), "{n}");
    }
    let asked = inbox["items"][3]["body"]["vi"].as_str().unwrap();
    assert!(
        asked.contains(items[0]) && asked.contains(items[1]),
        "{asked}"
    );
    let (_, theirs) = app.api_get(&w.centre, "/notifications").await;
    assert_eq!(theirs["unread"], 0);
    assert_eq!(theirs["items"], json!([]));
    // Someone else marking "everything" read does not touch Lan's.
    let minh = app.citizen("001190001234").await;
    app.mark_read(&minh, i64::MAX).await;
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    assert_eq!(inbox["unread"], 5);
    let ids: Vec<i64> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    app.mark_read(&w.lan, ids[2]).await;
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    assert_eq!(inbox["unread"], 2);
    assert_eq!(
        app.api_get(&w.lan, "/notifications/unread").await.1,
        json!({"unread": 2})
    );
    assert_eq!(
        app.api_get(&w.centre, "/notifications/unread").await.1,
        json!({"unread": 0})
    );
    let read: Vec<bool> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["read"].as_bool().unwrap())
        .collect();
    assert_eq!(read, [false, false, true, true, true]);
    app.mark_read(&w.lan, ids[0]).await;
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    assert_eq!(inbox["unread"], 0);

    // The rating: checked, given once, changeable.
    for bad in [
        json!({"overall": 0}),
        json!({"overall": 6}),
        json!({"overall": 4, "criteria": {"khong-co-tieu-chi": 4}}),
        json!({"overall": 4, "criteria": {"dung-han": 0}}),
        json!({"overall": 4, "comment": "x".repeat(2001)}),
    ] {
        let (status, body) = app.rate(&w.lan, code, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["code"], "invalid_fields");
    }
    let (status, _) = app.rate(&w.police, code, json!({"overall": 5})).await;
    assert_eq!(status, StatusCode::CONFLICT, "only the applicant rates");
    let (status, first) = app
        .rate(
            &w.lan,
            code,
            json!({"overall": 3, "criteria": {"dung-han": 2}, "comment": "Hơi lâu"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["overall"], 3);
    let rated_at = first["rated_at"].as_i64().unwrap();
    assert_eq!(
        first["changeable_until"].as_i64().unwrap(),
        rated_at + 7 * 24 * 3600
    );
    let (status, changed) = app
        .rate(
            &w.lan,
            code,
            json!({"overall": 5, "criteria": {"dung-han": 4}, "comment": "Nhanh, chu đáo"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["overall"], 5);
    assert_eq!(changed["criteria"], json!({"dung-han": 4}));
    assert_eq!(
        changed["rated_at"], rated_at,
        "a change keeps the first date"
    );
    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(v["rating"]["overall"], 5);
    assert_eq!(v["rating"]["comment"], "Nhanh, chu đáo");

    let (status, stats) = app.json("/stats/satisfaction").await;
    assert_eq!(status, 200);
    assert_eq!(stats["overall"]["count"], 1);
    assert_eq!(stats["overall"]["points"], json!([0, 0, 0, 0, 1]));
    assert_eq!(stats["overall"]["average"], 5.0);
    assert_eq!(
        stats["criteria"]["dung-han"]["points"],
        json!([0, 0, 0, 1, 0])
    );
    assert_eq!(strings(&stats["agencies"], "agency"), [POLICE]);
    assert_eq!(stats["agencies"][0]["overall"]["count"], 1);

    let (status, ratings) = app.api_get(&w.police, "/officer/ratings").await;
    assert_eq!(status, StatusCode::OK);
    let list = ratings.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["overall"], 5);
    assert_eq!(list[0]["comment"], "Nhanh, chu đáo");
    assert_eq!(
        list[0]["procedure_name"]["vi"],
        "Đổi giấy phép lái xe (thực hiện tại cấp tỉnh)"
    );
    let mut keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "comment",
            "criteria",
            "overall",
            "procedure_name",
            "rated_at"
        ]
    );
    let text = ratings.to_string();
    assert!(
        !text.contains(code) && !text.contains("Lan") && !text.contains(LAN),
        "{text}"
    );
    let (_, theirs) = app.api_get(&w.centre, "/officer/ratings").await;
    assert_eq!(theirs, json!([]), "the rating is the deciding agency's");
    let (status, _) = app.api_get(&w.lan, "/officer/ratings").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_tallies_are_counts(app).await;
}

/// Someone who may see the dossier, with what they may do now; `None` for someone who may not see it.
type Expect<'a> = (&'a str, &'a str, Option<&'a [&'a str]>);

/// Each person may do exactly `may`; every other action is refused (409 `not_allowed`, or 404 for
/// someone who may not see the dossier), and none of the refusals changes anything.
async fn only(app: &TestApp, owner: &str, code: &str, people: &[Expect<'_>]) {
    let before = app.dossier_view(owner, code).await;
    let version = before["version"].as_u64().unwrap();
    let status = before["status"].as_str().unwrap();
    for (who, cookie, may) in people {
        match may {
            None => {
                let (s, _) = app.api_get(cookie, &format!("/dossiers/{code}")).await;
                assert_eq!(s, StatusCode::NOT_FOUND, "{who} reads at {status}");
                for action in ACTIONS {
                    let (s, body) = app.act_on(cookie, code, version, action_body(action)).await;
                    assert_eq!(s, StatusCode::NOT_FOUND, "{who} {action} at {status}");
                    assert_eq!(body["code"], "not_found");
                }
            }
            Some(may) => {
                let v = app.dossier_view(cookie, code).await;
                assert_eq!(v["actions"], json!(may), "{who} at {status}");
                for action in ACTIONS.iter().filter(|a| !may.contains(a)) {
                    let (s, body) = app.act_on(cookie, code, version, action_body(action)).await;
                    assert_eq!(
                        (s, body["code"].as_str()),
                        (StatusCode::CONFLICT, Some("not_allowed")),
                        "{who} {action} at {status}: {body}"
                    );
                }
            }
        }
    }
    let after = app.dossier_view(owner, code).await;
    assert_eq!(state(&after), state(&before));
    assert_eq!(after["events"], before["events"]);
    assert_eq!(after["due_date"], before["due_date"]);
}

#[tokio::test]
async fn every_action_the_rules_do_not_allow_is_refused_and_changes_nothing() {
    let w = world().await;
    let app = &w.app;
    let minh = app.citizen("001190001234").await;
    let builder = app.officer_session("canbo.sxd", "so-xay-dung").await;
    let (lan, centre, police) = (w.lan.as_str(), w.centre.as_str(), w.police.as_str());
    let people = |owner: &'static [&'static str],
                  desk: &'static [&'static str],
                  cat: &'static [&'static str]| {
        vec![
            ("owner", lan, Some(owner)),
            ("centre", centre, Some(desk)),
            ("police", police, Some(cat)),
            ("so-xay-dung", builder.as_str(), None),
            ("another citizen", minh.as_str(), None),
        ]
    };

    let p = app.apply_for(lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let p = p.as_str();
    only(
        app,
        lan,
        p,
        &people(&["withdraw"], &["receive", "refuse"], &[]),
    )
    .await;

    // A double tap: the same receive twice at once is applied once.
    let (a, b) = tokio::join!(
        app.act_on(centre, p, 1, action_body("receive")),
        app.act_on(centre, p, 1, action_body("receive"))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    let refused = if a.0 == StatusCode::CONFLICT {
        &a.1
    } else {
        &b.1
    };
    assert_eq!(refused["code"], "stale");
    let v = app.dossier_view(lan, p).await;
    assert_eq!(state(&v), st("received", 2));
    assert_eq!(strings(&v["events"], "kind"), ["submitted", "received"]);
    // An action on what someone saw before is refused, even an allowed one.
    let (status, body) = app.act_on(centre, p, 1, action_body("forward")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale"))
    );
    let (status, _) = app.act_on(lan, p, 1, action_body("withdraw")).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Received: withdrawing is too late.
    only(
        app,
        lan,
        p,
        &people(&[], &["forward", "request_supplement", "refuse"], &[]),
    )
    .await;
    app.act_ok(centre, p, 2, action_body("request_supplement"))
        .await;
    only(app, lan, p, &people(&["supplement"], &["refuse"], &[])).await;
    app.act_ok(lan, p, 3, action_body("supplement")).await;
    only(
        app,
        lan,
        p,
        &people(&[], &["forward", "request_supplement", "refuse"], &[]),
    )
    .await;
    app.act_ok(centre, p, 4, action_body("forward")).await;
    // At the police, the last processing step: the result may be made here; the centre can neither
    // act nor return it before there is a result.
    only(
        app,
        lan,
        p,
        &people(&[], &[], &["result_ready", "request_supplement", "refuse"]),
    )
    .await;
    app.act_ok(police, p, 5, action_body("request_supplement"))
        .await;
    only(app, lan, p, &people(&["supplement"], &[], &["refuse"])).await;
    app.act_ok(lan, p, 6, action_body("supplement")).await;
    only(
        app,
        lan,
        p,
        &people(&[], &[], &["result_ready", "request_supplement", "refuse"]),
    )
    .await;
    let result = app.pdf_upload(police, "ket-qua.pdf", "result").await;
    app.act_ok(
        police,
        p,
        7,
        json!({"action": "result_ready", "files": [result]}),
    )
    .await;
    only(app, lan, p, &people(&[], &["return"], &[])).await;
    app.paid_at_desk(centre, p).await;
    app.act_ok(centre, p, 8, action_body("return")).await;
    only(app, lan, p, &people(&[], &[], &[])).await;
    let v = app.dossier_view(lan, p).await;
    assert_eq!(state(&v), st("returned", 9));

    // Withdrawn and refused dossiers are final too.
    let q = app.apply_for(lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(lan, &q, 1, action_body("withdraw")).await;
    only(app, lan, &q, &people(&[], &[], &[])).await;
    assert_eq!(state(&app.dossier_view(lan, &q).await), st("withdrawn", 2));
    let r = app.apply_for(lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(centre, &r, 1, action_body("refuse")).await;
    only(app, lan, &r, &people(&[], &[], &[])).await;
    assert_eq!(state(&app.dossier_view(lan, &r).await), st("refused", 2));

    // The province's default workflow has two processing steps at the police: no result at the
    // first, and no return at either.
    let s = app.apply_for(lan, "2.000488").await["code"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(centre, &s, 1, action_body("receive")).await;
    app.act_ok(centre, &s, 2, action_body("forward")).await;
    only(
        app,
        lan,
        &s,
        &people(&[], &[], &["forward", "request_supplement", "refuse"]),
    )
    .await;
    app.act_ok(police, &s, 3, action_body("forward")).await;
    let v = app.dossier_view(lan, &s).await;
    assert_eq!(
        strings(&v["steps"], "id")[v["current_step"].as_u64().unwrap() as usize],
        "phe-duyet"
    );
    only(
        app,
        lan,
        &s,
        &people(&[], &[], &["result_ready", "request_supplement", "refuse"]),
    )
    .await;
}

#[tokio::test]
async fn the_event_log_cannot_be_rewritten_even_in_the_database() {
    let w = world().await;
    let app = &w.app;
    let code = app.apply_for(&w.lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(&w.centre, &code, 1, action_body("receive"))
        .await;
    app.act_ok(&w.centre, &code, 2, action_body("request_supplement"))
        .await;
    let before = app.events_in_db().await;
    assert_eq!(before.len(), 3);
    let view_before = app.dossier_view(&w.lan, &code).await["events"].clone();

    let mut db = database(app).await;
    let replace = if on_postgres(app) {
        "INSERT INTO dossier_events (id, dossier, at, kind, status, step, agency, role, data) \
         SELECT id, dossier, at, 'returned', status, step, agency, role, data FROM dossier_events \
         WHERE id = 2 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind"
    } else {
        // A replace deletes without firing delete triggers; the insert trigger refuses the id.
        "INSERT OR REPLACE INTO dossier_events (id, dossier, at, kind, status, step, agency, role, data) \
         SELECT id, dossier, at, 'returned', status, step, agency, role, data FROM dossier_events WHERE id = 2"
    };
    for sql in [
        "UPDATE dossier_events SET kind = 'returned'",
        "UPDATE dossier_events SET data = '{}' WHERE id = 3",
        "UPDATE dossier_events SET agency = 'so-xay-dung', role = 'system' WHERE kind = 'received'",
        "DELETE FROM dossier_events WHERE id = 2",
        "DELETE FROM dossier_events",
        replace,
    ] {
        let err = sqlx::query(sql)
            .execute(&mut db)
            .await
            .expect_err(sql)
            .to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    drop(db);
    assert_eq!(app.events_in_db().await, before);
    assert_eq!(app.dossier_view(&w.lan, &code).await["events"], view_before);
    // New entries are still appended.
    app.act_ok(&w.lan, &code, 3, action_body("supplement"))
        .await;
    let after = app.events_in_db().await;
    assert_eq!(after.len(), 4);
    assert_eq!(after[..3], before[..]);
}

#[tokio::test]
async fn tracking_needs_the_code_and_the_pin_phone_or_id_and_is_rate_limited() {
    let w = world().await;
    let app = &w.app;
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap().to_string();
    let pin = receipt["tracking_pin"].as_str().unwrap().to_string();
    let other = app.apply_for(&w.lan, LICENCE).await;
    let other_pin = other["tracking_pin"].as_str().unwrap().to_string();
    let other = other["code"].as_str().unwrap().to_string();

    let written = format!("{}-{}", &pin[..4], &pin[4..]).to_lowercase();
    for check in [
        LAN_PHONE,
        "+84 912 345 678",
        LAN,
        " 019190001234 ",
        &pin,
        &written,
    ] {
        let response = app.track(&code, check).await;
        assert_eq!(response.status(), StatusCode::OK, "{check}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], code.as_str());
        assert_eq!(body["status"], "submitted");
        assert_eq!(strings(&body["steps"], "agency"), [CENTRE, POLICE, CENTRE]);
        let text = body.to_string();
        assert!(
            !text.contains("Nguyễn") && !text.contains("answers"),
            "{text}"
        );
    }
    // Lower case is the same code.
    assert_eq!(
        app.track(&code.to_lowercase(), LAN_PHONE).await.status(),
        StatusCode::OK
    );

    // A wrong code and a wrong check cannot be told apart. (1 failure for the address, 1 for `code`.)
    let wrong_check = app.track(&code, "0900000000").await;
    let wrong_code = app.track("000.00.01.H55-990101-0001", LAN_PHONE).await;
    assert_eq!(wrong_check.status(), StatusCode::NOT_FOUND);
    assert_eq!(wrong_code.status(), StatusCode::NOT_FOUND);
    let headers = |r: &reqwest::Response| {
        (
            r.headers().get("content-type").cloned(),
            r.headers().get("content-length").cloned(),
        )
    };
    assert_eq!(headers(&wrong_check), headers(&wrong_code));
    assert_eq!(
        wrong_check.bytes().await.unwrap(),
        wrong_code.bytes().await.unwrap()
    );
    // Someone else's ID number is a wrong check.
    assert_eq!(
        app.track(&code, "001190001234").await.status(),
        StatusCode::NOT_FOUND
    );

    // Ten failures for one code leave it to its PIN, which cannot be guessed from many addresses as
    // a phone or ID number could: those are now answered like any wrong check, the PIN still opens
    // it, and other codes still answer.
    for i in 0..8 {
        let r = app.track(&code, &format!("09000000{i:02}")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(
        app.track(&code, LAN_PHONE).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.track(&code, LAN).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.track(&code, &pin).await.status(), StatusCode::OK);
    assert_eq!(app.track(&other, LAN_PHONE).await.status(), StatusCode::OK);

    // Twenty failures from one address lock every code, whatever the check. 13 so far.
    for i in 0..6 {
        let r = app
            .track(&format!("000.00.01.H55-990101-{i:04}"), LAN_PHONE)
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(app.track(&other, LAN_PHONE).await.status(), StatusCode::OK);
    assert_eq!(app.track("", "").await.status(), StatusCode::NOT_FOUND);
    let locked = app.track(&other, LAN_PHONE).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.headers()["retry-after"], "900");
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    assert_eq!(
        app.track(&other, &other_pin).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn only_the_applicant_and_the_workflow_agencies_see_a_dossier() {
    let w = world().await;
    let app = &w.app;
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap().to_string();
    let code = code.as_str();
    let file = receipt["documents"][0]["files"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let builder = app.officer_session("canbo.sxd", "so-xay-dung").await;
    let minh = app.citizen("001190001234").await;

    for (who, cookie) in [("so-xay-dung", builder.as_str()), ("minh", minh.as_str())] {
        for path in [
            format!("/dossiers/{code}"),
            format!("/dossiers/{code}/receipt"),
            format!("/dossiers/{code}/qr.svg"),
            format!("/dossiers/{code}/files/{file}"),
            format!("/dossiers/{code}/live"),
        ] {
            let (status, body) = app.api_get(cookie, &path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} {path}");
            assert_eq!(body["code"], "not_found");
        }
        for action in ACTIONS {
            let (status, _) = app.act_on(cookie, code, 1, action_body(action)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} {action}");
        }
        let (status, _) = app.rate(cookie, code, json!({"overall": 5})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who} rates");
    }
    let (_, queue) = app.api_get(&builder, "/officer/queue").await;
    assert_eq!(queue["agency"], "so-xay-dung");
    assert_eq!(queue["total"], 0);
    assert_eq!(queue["items"], json!([]));
    let (_, mine) = app.api_get(&minh, "/dossiers").await;
    assert_eq!(mine["total"], 0);
    let (status, _) = app.api_get(&minh, "/officer/queue").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The agencies of the workflow may read it and its files; nothing of the strangers' tries shows.
    let (status, _) = app
        .api_get(&w.police, &format!("/dossiers/{code}/files/{file}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let v = app.dossier_view(&w.lan, code).await;
    assert_eq!(state(&v), st("submitted", 1));
    assert_eq!(strings(&v["access"], "agency"), [POLICE]);

    let (_, list) = app.api_get(&w.lan, "/dossiers").await;
    assert_eq!(strings(&list["items"], "code"), [code]);
}

#[tokio::test]
async fn the_officer_queue_puts_the_nearest_step_deadline_first_and_counts_right() {
    let w = world().await;
    let (app, cal) = (&w.app, &w.cal);
    let day = today();
    let received_day = cal.received_on(motcua_server::clock::now());
    let lan = w.lan.as_str();
    let submit = move |procedure: &'static str| async move {
        app.apply_for(lan, procedure).await["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Reception takes 10% of each: 1, 1, 0, 2 and 1 working days.
    let a = submit(LICENCE).await;
    let b = submit("2.000488").await;
    let c = submit("2.001192").await;
    let d = submit("1.014215").await;
    let e = submit(LICENCE).await;
    // E has waited past its step's deadline; D's is three working days off.
    let e_due = day.add_days(-10).to_string();
    let d_due = cal.add_working_days(day, 3).to_string();
    execute(
        app,
        "UPDATE dossiers SET step_due = $1 WHERE code = $2",
        &[&e_due, &e],
    )
    .await;
    execute(
        app,
        "UPDATE dossiers SET step_due = $1 WHERE code = $2",
        &[&d_due, &d],
    )
    .await;

    let mut expected = [
        (e_due.clone(), e.clone(), "overdue"),
        (
            cal.add_working_days(received_day, 1).to_string(),
            a.clone(),
            "near_due",
        ),
        (
            cal.add_working_days(received_day, 1).to_string(),
            b.clone(),
            "near_due",
        ),
        (
            cal.add_working_days(received_day, 0).to_string(),
            c.clone(),
            "near_due",
        ),
        (d_due.clone(), d.clone(), "on_time"),
    ];
    expected.sort();
    let (status, queue) = app.api_get(&w.centre, "/officer/queue").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(queue["agency"], CENTRE);
    assert_eq!(
        queue["agency_name"]["vi"],
        agency_name(&w.catalogue, CENTRE)
    );
    let got: Vec<(String, String, String)> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["step_due"].as_str().unwrap().to_string(),
                i["code"].as_str().unwrap().to_string(),
                i["timeliness"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(due, code, t)| (due.clone(), code.clone(), t.to_string()))
        .collect();
    // Nearest deadline first; dossiers due the same day keep the order they arrived in.
    assert!(got.windows(2).all(|p| p[0].0 <= p[1].0), "{got:?}");
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, want);
    assert_eq!(got[0].1, e, "the overdue one first");
    assert_eq!(got[4].1, d, "the furthest last");
    assert_eq!(
        (&queue["total"], &queue["overdue"], &queue["near_due"]),
        (&json!(5), &json!(1), &json!(3)),
        "{queue}"
    );
    for item in queue["items"].as_array().unwrap() {
        assert_eq!(item["status"], "submitted");
        assert_eq!(item["step"], "tiep-nhan");
        assert_eq!(item["applicant"], "Nguyễn Thị Lan");
    }
    let (_, theirs) = app.api_get(&w.police, "/officer/queue").await;
    assert_eq!(theirs["total"], 0, "nothing is at the police yet");

    // A withdrawn dossier leaves the queue; a forwarded one moves to the next agency's.
    app.act_ok(&w.lan, &c, 1, action_body("withdraw")).await;
    app.act_ok(&w.centre, &a, 1, action_body("receive")).await;
    app.act_ok(&w.centre, &a, 2, action_body("forward")).await;
    let (_, queue) = app.api_get(&w.centre, "/officer/queue").await;
    assert_eq!(
        strings(&queue["items"], "code"),
        [e.clone(), b.clone(), d.clone()]
    );
    assert_eq!(
        (&queue["total"], &queue["overdue"], &queue["near_due"]),
        (&json!(3), &json!(1), &json!(1))
    );
    let (_, police) = app.api_get(&w.police, "/officer/queue").await;
    assert_eq!(strings(&police["items"], "code"), [a.as_str()]);
    let item = &police["items"][0];
    assert_eq!(item["status"], "processing");
    assert_eq!(item["step"], "xu-ly");
    let page = app.dossier_view(&w.police, &a).await;
    assert_eq!(page["current_step"], 1);
    assert_eq!(item["step_name"], page["steps"][1]["name"]);
    assert_ne!(item["step_name"], page["steps"][0]["name"]);
    assert_eq!(item["step_due"], cal.add_working_days(day, 4).to_string());
    assert_eq!(item["timeliness"], "on_time");
    assert_eq!(item["days_left"], 4);
    assert_eq!(
        (&police["total"], &police["overdue"], &police["near_due"]),
        (&json!(1), &json!(0), &json!(0))
    );
}

#[tokio::test]
async fn an_officer_action_mails_the_citizen_once_the_relay_is_up() {
    let port = free_port();
    let app = spawn_smtp(smtp(port)).await;
    let lan = app.citizen(LAN).await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let code = app.apply_for(&lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let store = Store::open(&app.config.database_url()).await.unwrap();
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        (0, 0),
        "submitting sends nothing"
    );
    app.act_ok(&centre, &code, 1, action_body("receive")).await;
    assert_eq!(store.outbox_counts().await.unwrap(), (1, 0));
    let mut db = database(&app).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox")
        .fetch_one(&mut db)
        .await
        .unwrap();
    eventually("a failed attempt", Duration::from_secs(5), || async {
        let s = store.outbox_state(id).await.unwrap().unwrap();
        s.attempts >= 1 && s.delivered_at.is_none() && s.last_error.is_some()
    })
    .await;

    let maildir = app.data_dir.join("maildir");
    let _server = SmtpServer::start(port, &maildir).await;
    eventually("the mail to arrive", Duration::from_secs(15), || async {
        !received(&maildir).is_empty()
    })
    .await;
    eventually("the mail marked sent", Duration::from_secs(3), || async {
        store.outbox_counts().await.unwrap() == (0, 1)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let messages = received(&maildir);
    assert_eq!(messages.len(), 1, "exactly once");
    let message = read_message(&messages[0]);
    assert_eq!(message["to"], "lan@example.vn");
    assert!(
        message["subject"].as_str().unwrap().contains(&code),
        "{message}"
    );
    let body = message["body"].as_str().unwrap();
    assert!(body.contains(&code), "{body}");
    assert!(body.contains("tiếp nhận"), "{body}");
    assert!(
        body.contains(&format!(
            "https://dichvucong.thainguyen.example.vn/ho-so/{code}"
        )),
        "the mail links to the dossier page: {body}"
    );
    let state = store.outbox_state(id).await.unwrap().unwrap();
    assert!(
        state.attempts >= 2 && state.delivered_at.is_some(),
        "{state:?}"
    );
}

#[tokio::test]
async fn a_late_dossier_is_marked_once_and_the_agency_apologizes_with_a_new_date() {
    let w = world().await;
    let (app, cal) = (&w.app, &w.cal);
    let day = today();
    let submit = || async {
        app.apply_for(&w.lan, LICENCE).await["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let late = submit().await;
    let paused = submit().await;
    let on_time = submit().await;
    app.act_ok(&w.centre, &late, 1, action_body("receive"))
        .await;
    app.act_ok(&w.centre, &paused, 1, action_body("receive"))
        .await;
    app.act_ok(&w.centre, &paused, 2, action_body("request_supplement"))
        .await;
    // Both were due three weeks ago; the second waits for the citizen, whose time does not count.
    let past = day.add_days(-21).to_string();
    for code in [&late, &paused] {
        execute(
            app,
            "UPDATE dossiers SET due_date = $1 WHERE code = $2",
            &[&past, code],
        )
        .await;
    }
    let v = app.dossier_view(&w.centre, &late).await;
    assert_eq!(v["timeliness"], "overdue");
    assert!(v["days_left"].as_i64().unwrap() < 0);
    assert!(v["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("apologize")));

    let state_ = AppState::build(&app.config).await.unwrap();
    async fn sweep(state: &AppState, now: i64) -> anyhow::Result<usize> {
        motcua_server::dossiers::sweep_overdue(&state.dossiers().at(now)).await
    }
    assert_eq!(sweep(&state_, now()).await.unwrap(), 1);
    assert_eq!(sweep(&state_, now()).await.unwrap(), 0, "once");
    let overdue_events = |v: &Value| {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "overdue")
            .cloned()
            .collect::<Vec<_>>()
    };
    let v = app.dossier_view(&w.lan, &late).await;
    assert_eq!(
        state(&v),
        st("received", 3),
        "the mark is an event, not a state"
    );
    let marks = overdue_events(&v);
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0]["role"], "system");
    assert_eq!(marks[0]["agency"], CENTRE);
    assert_eq!(marks[0]["step"], "tiep-nhan");
    assert!(overdue_events(&app.dossier_view(&w.lan, &paused).await).is_empty());
    assert!(overdue_events(&app.dossier_view(&w.lan, &on_time).await).is_empty());
    let notices = |inbox: &Value| {
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "overdue")
            .cloned()
            .collect::<Vec<_>>()
    };
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    let overdue = notices(&inbox);
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["dossier"], late.as_str());
    assert!(overdue[0]["body"]["vi"].as_str().unwrap().contains(&past));

    // Far in the future, the dossier still on time is late too — once.
    let later = now() + 400 * 86_400;
    assert_eq!(sweep(&state_, later).await.unwrap(), 1);
    assert_eq!(sweep(&state_, later).await.unwrap(), 0);
    assert_eq!(
        overdue_events(&app.dossier_view(&w.lan, &on_time).await).len(),
        1
    );
    assert!(overdue_events(&app.dossier_view(&w.lan, &paused).await).is_empty());
    assert_eq!(
        overdue_events(&app.dossier_view(&w.lan, &late).await).len(),
        1
    );

    // The apology slip: a reason and a date after today.
    let new_date = cal.add_working_days(day, 3).to_string();
    for (bad, field) in [
        (
            json!({"action": "apologize", "reason": "", "new_date": new_date}),
            "reason",
        ),
        (
            json!({"action": "apologize", "reason": "Chậm", "new_date": day.to_string()}),
            "new_date",
        ),
        (
            json!({"action": "apologize", "reason": "Chậm", "new_date": "mai"}),
            "new_date",
        ),
    ] {
        let (status, body) = app.act_on(&w.centre, &late, 3, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(body["fields"][field].is_string(), "{bad}: {body}");
    }
    let (status, _) = app
        .act_on(&w.police, &late, 3, action_body("apologize"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "not the holder");
    let v = app
        .act_ok(
            &w.centre,
            &late,
            3,
            json!({"action": "apologize", "reason": "Thiếu cán bộ tiếp nhận", "new_date": new_date}),
        )
        .await;
    assert_eq!(state(&v), st("received", 4));
    let v = app.dossier_view(&w.lan, &late).await;
    assert_eq!(v["new_date"], new_date.as_str());
    assert_eq!(v["due_date"], past.as_str(), "the legal due date stays");
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "apology");
    assert_eq!(last["role"], "officer");
    assert_eq!(last["new_date"], new_date.as_str());
    assert_eq!(last["note"], "Thiếu cán bộ tiếp nhận");
    let (_, inbox) = app.api_get(&w.lan, "/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "apology");
    assert!(inbox["items"][0]["body"]["vi"]
        .as_str()
        .unwrap()
        .contains(&new_date));
    let tracked: Value = app.track(&late, LAN_PHONE).await.json().await.unwrap();
    assert_eq!(tracked["new_date"], new_date.as_str());
    assert_eq!(sweep(&state_, now()).await.unwrap(), 0);
    assert_eq!(
        overdue_events(&app.dossier_view(&w.lan, &late).await).len(),
        1
    );
}

#[tokio::test]
async fn every_officer_read_is_in_the_owners_access_log_which_cannot_be_rewritten() {
    let w = world().await;
    let app = &w.app;
    let code = app.apply_for(&w.lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let before = app.dossier_view(&w.lan, &code).await;
    assert_eq!(before["access"], json!([]));

    let (status, receipt) = app
        .api_get(&w.police, &format!("/dossiers/{code}/receipt"))
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let v = app.dossier_view(&w.lan, &code).await;
    assert_eq!(
        strings(&v["access"], "agency"),
        [POLICE],
        "the receipt read"
    );

    let response = app
        .call(Method::GET, &format!("/dossiers/{code}/qr.svg"), &w.centre)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let v = app.dossier_view(&w.lan, &code).await;
    assert_eq!(
        strings(&v["access"], "agency"),
        [CENTRE, POLICE],
        "the QR code read"
    );
    // The owner's own reads are not officers' reads.
    app.api_get(&w.lan, &format!("/dossiers/{code}/receipt"))
        .await;
    assert_eq!(app.dossier_view(&w.lan, &code).await["access"], v["access"]);

    let mut db = database(app).await;
    let replace = if on_postgres(app) {
        "INSERT INTO dossier_access (rowid, dossier, at, account, agency, role, file) \
         SELECT rowid, dossier, 0, account, 'so-xay-dung', role, file FROM dossier_access \
         WHERE rowid = 1 ON CONFLICT (rowid) DO UPDATE SET at = 0"
    } else {
        "INSERT OR REPLACE INTO dossier_access (rowid, dossier, at, account, agency, role, file) \
         SELECT rowid, dossier, 0, account, 'so-xay-dung', role, file FROM dossier_access WHERE rowid = 1"
    };
    for sql in [
        "UPDATE dossier_access SET agency = 'so-xay-dung'",
        "UPDATE dossier_access SET at = 0 WHERE rowid = 1",
        "DELETE FROM dossier_access WHERE rowid = 1",
        "DELETE FROM dossier_access",
        replace,
    ] {
        let err = sqlx::query(sql)
            .execute(&mut db)
            .await
            .expect_err(sql)
            .to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    drop(db);
    assert_eq!(app.dossier_view(&w.lan, &code).await["access"], v["access"]);
}

#[tokio::test]
async fn an_officer_opening_a_dossier_is_recorded_once_a_visit() {
    let w = world().await;
    let app = &w.app;
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap().to_string();
    let file = receipt["documents"][0]["files"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let access = |v: &Value| -> Vec<(String, String)> {
        v["access"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .map(|a| {
                (
                    a["agency"].as_str().unwrap().to_string(),
                    a["file"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };

    // A page's live refresh reads the dossier again and again: one opening.
    for _ in 0..3 {
        app.dossier_view(&w.police, &code).await;
    }
    let v = app.dossier_view(&w.lan, &code).await;
    assert_eq!(access(&v), [(POLICE.to_string(), String::new())]);

    // The receipt holds the same answers and documents: reading it in the same visit is the same
    // opening.
    let (status, _) = app
        .api_get(&w.police, &format!("/dossiers/{code}/receipt"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(access(&app.dossier_view(&w.lan, &code).await).len(), 1);

    // A file is an opening of its own, once a visit too.
    for _ in 0..2 {
        let (status, _) = app
            .api_get(&w.police, &format!("/dossiers/{code}/files/{file}"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let v = app.dossier_view(&w.lan, &code).await;
    let got = access(&v);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], (POLICE.to_string(), String::new()));
    assert_eq!(got[1].0, POLICE);
    assert!(!got[1].1.is_empty(), "the file read names the file");

    // Another officer, even of the same agency, is another opening; so is another agency's.
    let other = app.officer_session("csgt2.cat", POLICE).await;
    app.dossier_view(&other, &code).await;
    app.dossier_view(&w.centre, &code).await;
    app.dossier_view(&w.centre, &code).await;
    let got = access(&app.dossier_view(&w.lan, &code).await);
    assert_eq!(
        got.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        [POLICE, POLICE, POLICE, CENTRE]
    );

    // Once the visit is over, the next read is a new opening (the store is given the time here).
    let store = Store::open(&app.config.database_url()).await.unwrap();
    let visit = motcua_server::store::dossiers::ACCESS_VISIT_SECONDS;
    let (account, agency) = (1_000_000, "so-xay-dung");
    for at in [0, 1, visit - 1, visit, visit + 1, 3 * visit] {
        store
            .record_access(&code, 10_000 + at, account, agency, "")
            .await
            .unwrap();
    }
    let later: Vec<i64> = store
        .access(&code)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.agency == agency)
        .map(|a| a.at - 10_000)
        .collect();
    assert_eq!(later, [3 * visit, visit, 0]);
}

#[tokio::test]
async fn mail_the_relay_refuses_is_shown_to_the_receiving_agency_only() {
    let port = free_port();
    let _relay = RefusingRelay::start(port).await;
    let app = spawn_smtp(smtp(port)).await;
    let lan = app.citizen(LAN).await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let police = app.officer_session("csgt.cat", POLICE).await;
    let code = app.apply_for(&lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, dead) = app.api_get(&centre, "/officer/dead-mail").await;
    assert_eq!((status, dead), (StatusCode::OK, json!([])));

    app.act_ok(&centre, &code, 1, action_body("receive")).await;
    let store = Store::open(&app.config.database_url()).await.unwrap();
    let mut db = database(&app).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox")
        .fetch_one(&mut db)
        .await
        .unwrap();
    eventually("the mail given up", Duration::from_secs(5), || async {
        store
            .outbox_state(id)
            .await
            .unwrap()
            .unwrap()
            .dead_at
            .is_some()
    })
    .await;

    let (status, dead) = app.api_get(&centre, "/officer/dead-mail").await;
    assert_eq!(status, StatusCode::OK, "{dead}");
    let dead = dead.as_array().unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    let mail = &dead[0];
    assert_eq!(mail["dossier"], code.as_str());
    assert_eq!(mail["recipient"], "lan@example.vn");
    assert!(mail["subject"].as_str().unwrap().contains(&code), "{mail}");
    let first = mail["first_attempt_at"].as_i64().unwrap();
    assert!(first > 0 && first <= mail["last_attempt_at"].as_i64().unwrap());
    assert!(
        mail["last_error"]
            .as_str()
            .unwrap()
            .contains("No such mailbox"),
        "{mail}"
    );

    let (status, dead) = app.api_get(&police, "/officer/dead-mail").await;
    assert_eq!(
        (status, dead),
        (StatusCode::OK, json!([])),
        "not the receiving agency"
    );
    let (status, body) = app.api_get(&lan, "/officer/dead-mail").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "officers_only");
}

#[tokio::test]
async fn a_dossier_is_committed_with_full_sync_and_other_writes_are_not() {
    let w = world().await;
    let app = &w.app;
    if on_postgres(app) {
        // A SQLite setting: PostgreSQL makes every commit durable by the server's own settings.
        return;
    }
    // What `synchronous` is on the connection that writes each event, seen from inside its
    // transaction: the submission's event is written with the dossier.
    let mut db = database(app).await;
    for sql in [
        "CREATE TABLE sync_seen (kind TEXT NOT NULL, level INTEGER NOT NULL)",
        "CREATE TRIGGER sync_seen AFTER INSERT ON dossier_events BEGIN \
         INSERT INTO sync_seen SELECT NEW.kind, synchronous FROM pragma_synchronous; END",
    ] {
        sqlx::query(sql).execute(&mut db).await.unwrap();
    }
    let code = app.apply_for(&w.lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(&w.centre, &code, 1, action_body("receive"))
        .await;
    let second = app.apply_for(&w.lan, LICENCE).await;
    assert_ne!(second["code"], code.as_str());
    let seen: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, level FROM sync_seen ORDER BY rowid")
            .fetch_all(&mut db)
            .await
            .unwrap();
    // 2 is FULL, 1 NORMAL: the action is written the faster way, whichever connection it got.
    assert_eq!(
        seen,
        [
            ("submitted".to_string(), 2),
            ("received".to_string(), 1),
            ("submitted".to_string(), 2),
        ]
    );
}

#[tokio::test]
async fn a_long_list_reads_the_same_by_page_numbers_and_from_where_each_page_ended() {
    let w = world().await;
    let app = &w.app;
    // Many in the same second: the row breaks the ties of the time.
    for _ in 0..45 {
        app.apply_for(&w.lan, LICENCE).await;
    }
    let mut followed = Vec::new();
    let mut pages = Vec::new();
    let mut path = "/dossiers".to_string();
    let last = loop {
        let (status, list) = app.api_get(&w.lan, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(list["total"], 45);
        followed.extend(strings(&list["items"], "code"));
        pages.push(strings(&list["items"], "code"));
        match list["next"].as_str() {
            Some(next) => path = format!("/dossiers?after={next}"),
            None => break list,
        }
    };
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    // And back from the last page, each from where the one after it began: the same pages.
    let mut list = last;
    for page in pages.iter().rev().skip(1) {
        let before = list["previous"]
            .as_str()
            .expect("a page before")
            .to_string();
        let (status, back) = app
            .api_get(&w.lan, &format!("/dossiers?before={before}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{before}");
        assert_eq!(&strings(&back["items"], "code"), page);
        list = back;
    }
    assert_eq!(list["page"], 1);
    assert_eq!(
        list["previous"],
        Value::Null,
        "the first page has none before it"
    );
    assert!(list["next"].is_string());
    let mut numbered = Vec::new();
    for page in 1..=3 {
        let (_, list) = app.api_get(&w.lan, &format!("/dossiers?page={page}")).await;
        numbered.extend(strings(&list["items"], "code"));
    }
    assert_eq!(followed.len(), 45);
    assert_eq!(followed, numbered);
    let mut distinct = followed.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 45);
    assert_tallies_are_counts(app).await;

    for bad in ["x", "1.", ".5", "-1.2", "1.2.3"] {
        for side in ["after", "before"] {
            let (status, body) = app
                .api_get(&w.lan, &format!("/dossiers?{side}={bad}"))
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{side}={bad}");
            assert_eq!(body["code"], "invalid_cursor");
        }
    }
    let (status, body) = app.api_get(&w.lan, "/dossiers?after=1.2&before=3.4").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_cursor");
}

/// A page drawn by the server whose app starts later opens its live stream from the version it was
/// drawn with: changed since, it hears so at once with the new version; up to date, it hears nothing
/// until the next change.
#[tokio::test]
async fn a_live_stream_from_an_older_version_says_at_once_it_changed() {
    let w = world().await;
    let app = &w.app;
    let code = app.apply_for(&w.lan, LICENCE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let now = app.dossier_view(&w.lan, &code).await["version"]
        .as_u64()
        .unwrap();
    let mut current = app.live(&w.lan, &code, &format!("?since={now}")).await;
    assert_eq!(current.status(), StatusCode::OK);
    let said = said_within(&mut current, "event: change", Duration::from_millis(700)).await;
    assert!(!said.contains("event: change"), "{said}");
    let mut older = app
        .live(&w.lan, &code, &format!("?since={}", now - 1))
        .await;
    let said = said_within(&mut older, "event: change", Duration::from_secs(5)).await;
    assert!(
        said.contains(&format!("event: change\ndata: {now}\n")),
        "{said}"
    );

    let wrong = app.live(&w.lan, &code, "?since=x").await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "invalid_query");
}
