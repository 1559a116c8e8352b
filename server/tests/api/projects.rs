//! Investment projects over HTTP: a verified company's member who may act creates one, files its
//! steps in the order the journey allows (one live dossier a step, however many tap at once), and
//! later steps start from earlier results; its members, and the officers holding one of its
//! dossiers, read it; everyone else gets 404.

use std::time::Duration;

use motcua_api::project::PROJECTS_PER_COMPANY;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::dossiers::application;
use crate::helpers::{database, on_postgres, spawn, TestApp};
use crate::lifecycle::{strings, CENTRE, POLICE};

const HEAD: &str = "0101234567";
const COMPANY: &str = "Công ty TNHH Hoa Sen";
const FINANCE: &str = "so-tai-chinh";
const ENVIRONMENT: &str = "so-nong-nghiep-moi-truong";
const KIND: &str = "nha-dau-tu-nuoc-ngoai";
const IRC: &str = "1.009646";
const COMPANY_REGISTRATION: &str = "2.001192";
const LAND: &str = "1.012777";
const EIA: &str = "1.010727";
const CONSTRUCTION: &str = "1.013231";
/// Phường Ba Đình, Hà Nội.
const COMMUNE: &str = "00004";

/// A verified company (its administrator `head`), a member who may only view, the agencies'
/// officers and strangers: a business of its own and an officer of an agency no step goes to.
struct World {
    app: TestApp,
    head: String,
    viewer: String,
    stranger: String,
    centre: String,
    finance: String,
    environment: String,
    builder: String,
    police: String,
}

async fn world() -> World {
    let app = spawn().await;
    let head = app.register_business(HEAD, COMPANY).await;
    let finance = app.officer_session("dkkd.stc", FINANCE).await;
    app.verified(&head, &finance).await;
    let viewer = app.citizen("019190001234").await;
    let (status, body) = app
        .send(
            Method::POST,
            &head,
            &format!("/companies/{HEAD}/members"),
            Some(json!({"identifier": "019190001234", "role": "view"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .send(
            Method::POST,
            &viewer,
            &format!("/me/companies/{HEAD}/accept"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let stranger = app
        .register_business("0109876543", "Công ty TNHH Người Lạ")
        .await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let environment = app.officer_session("mt.snnmt", ENVIRONMENT).await;
    let builder = app.officer_session("xd.sxd", "so-xay-dung").await;
    let police = app.officer_session("csgt.cat", POLICE).await;
    World {
        app,
        head,
        viewer,
        stranger,
        centre,
        finance,
        environment,
        builder,
        police,
    }
}

impl World {
    /// Every agency's officer a step's workflow goes through.
    fn officers(&self) -> [&str; 4] {
        [
            &self.centre,
            &self.finance,
            &self.builder,
            &self.environment,
        ]
    }
}

fn project_request() -> Value {
    json!({
        "company": HEAD, "kind": KIND, "name": "Nhà máy linh kiện điện tử Hoa Sen",
        "commune": COMMUNE, "capital": "25.000.000.000", "area": "12 000",
        "description": "Sản xuất linh kiện điện tử xuất khẩu.",
    })
}

impl TestApp {
    async fn create_project(
        &self,
        cookie: &str,
        key: Option<&str>,
        body: &Value,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .post(format!("{}/api/v1/projects", self.base))
            .header("cookie", cookie)
            .json(body);
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        let response = req.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// A new project of the company, made by its administrator; its id.
    async fn new_project(&self, head: &str) -> String {
        let (status, p) = self
            .create_project(head, Some("du-an-hoa-sen-1"), &project_request())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        p["id"].as_str().unwrap().to_string()
    }

    async fn project(&self, cookie: &str, id: &str) -> Value {
        let (status, p) = self.api_get(cookie, &format!("/projects/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        p
    }

    /// Files `procedure` as `step` of the project, with a complete application of `cookie`'s.
    async fn file_step(
        &self,
        cookie: &str,
        project: &str,
        step: &str,
        procedure: &str,
        key: &str,
    ) -> (StatusCode, Value) {
        let mut a = application(self, cookie, procedure).await;
        a.body["project"] = json!({"project": project, "step": step});
        let response = self.submit(cookie, Some(key), &a.body).await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// How an officer's queue marks the dossier `code` as a project's step.
    async fn queue_mark(&self, officer: &str, code: &str) -> Value {
        let (_, queue) = self.api_get(officer, "/officer/queue").await;
        let item = queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("{code} is not in the queue: {queue}"));
        item["project"].clone()
    }

    async fn filed(&self, cookie: &str, project: &str, step: &str, procedure: &str) -> String {
        let key = format!("{project}-{step}-{}", rand_suffix());
        let (status, receipt) = self.file_step(cookie, project, step, procedure, &key).await;
        assert_eq!(status, StatusCode::CREATED, "{step}: {receipt}");
        receipt["code"].as_str().unwrap().to_string()
    }

    /// The agencies' officers move the dossier along its workflow (reception, the agencies consulted,
    /// the decision) until its result is ready, numbered.
    async fn to_result(&self, code: &str, officers: &[&str], number: &str) {
        for _ in 0..10 {
            for officer in officers {
                let (status, v) = self.api_get(officer, &format!("/dossiers/{code}")).await;
                if status == StatusCode::NOT_FOUND {
                    continue;
                }
                let version = v["version"].as_u64().unwrap();
                let actions: Vec<String> = v["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect();
                if actions.iter().any(|a| a == "result_ready") {
                    let file = self.pdf_upload(officer, "Kết quả.pdf", code).await;
                    self.act_ok(
                        officer,
                        code,
                        version,
                        json!({"action": "result_ready", "files": [file], "number": number}),
                    )
                    .await;
                    return;
                }
                for step in ["receive", "forward"] {
                    if actions.iter().any(|a| a == step) {
                        self.act_ok(officer, code, version, json!({"action": step}))
                            .await;
                        break;
                    }
                }
            }
        }
        panic!("{code} never reached its result");
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

fn step<'a>(project: &'a Value, id: &str) -> &'a Value {
    project["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id} in {project}"))
}

fn problem_codes(body: &Value) -> Vec<(String, String)> {
    body["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {body}"))
        .iter()
        .map(|p| {
            (
                p["field"].as_str().unwrap().to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_member_who_may_act_creates_a_project_once_and_strangers_see_nothing() {
    let w = world().await;
    let app = &w.app;

    // Every problem at once, by field.
    let bad = json!({
        "company": HEAD, "kind": "khong-co", "name": " ", "commune": "99999",
        "capital": "nhiều", "area": "-5", "optional": ["gpmt"],
    });
    let (status, body) = app.create_project(&w.head, Some("du-an-sai"), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut fields: Vec<String> = problem_codes(&body).into_iter().map(|(f, _)| f).collect();
    fields.sort();
    assert_eq!(fields, ["area", "capital", "commune", "kind", "name"]);
    let (status, body) = app
        .create_project(&w.head, Some("du-an-sai-2"), &json!({"company": HEAD, "kind": KIND, "name": "A", "commune": COMMUNE, "capital": "1", "area": "1", "optional": ["irc"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem_codes(&body),
        [("optional".to_string(), "unknown_optional_step".to_string())]
    );
    let (status, body) = app.create_project(&w.head, None, &project_request()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key_required"))
    );

    // Neither a stranger nor a member who may only view creates one for the company.
    for who in [&w.stranger, &w.viewer, &w.centre] {
        let (status, _) = app
            .create_project(who, Some("du-an-nguoi-la"), &project_request())
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // A double tap makes one project.
    let body = project_request();
    let (first, second) = tokio::join!(
        app.create_project(&w.head, Some("du-an-hai-lan"), &body),
        app.create_project(&w.head, Some("du-an-hai-lan"), &body),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
    assert_eq!(first.1["id"], second.1["id"]);
    let p = &first.1;
    let id = p["id"].as_str().unwrap();
    assert!(id.starts_with("DA-") && id.len() == 13, "{id}");
    assert_eq!(p["company_name"], COMPANY);
    assert_eq!(p["capital_vnd"], 25_000_000_000u64);
    assert_eq!(p["area_m2"], 12_000);
    assert_eq!(p["location"], "Phường Ba Đình, Thành phố Hà Nội");
    assert_eq!(p["can_act"], true);
    assert_eq!(
        strings(&p["steps"], "id"),
        ["irc", "doanh-nghiep", "dat", "dtm", "xay-dung"],
        "the optional permit is not included"
    );
    assert_eq!(step(p, "irc")["state"], "can_start");
    assert_eq!(step(p, "irc")["agency"], FINANCE);
    assert_eq!(step(p, "doanh-nghiep")["state"], "waiting");
    assert_eq!(p["next"], json!(["irc"]));
    assert_eq!(p["forecast"]["critical_path"][0], "irc");
    let (_, list) = app.api_get(&w.head, "/projects").await;
    assert_eq!(strings(&list["items"], "id"), [id]);
    assert_eq!(list["items"][0]["steps"], 5);
    assert_eq!(list["items"][0]["waiting_on"][0]["step"], "irc");

    // The member who views reads it but may not act; strangers and officers of no step see nothing.
    let seen = app.project(&w.viewer, id).await;
    assert_eq!(seen["can_act"], false);
    assert_eq!(seen["steps"], p["steps"]);
    let (_, list) = app.api_get(&w.viewer, "/projects").await;
    assert_eq!(strings(&list["items"], "id"), [id]);
    for who in [&w.stranger, &w.police, &w.centre] {
        for path in [
            format!("/projects/{id}"),
            format!("/projects/{id}/steps/irc"),
            format!("/projects/{id}/changes"),
        ] {
            let (status, body) = app.api_get(who, &path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        let (_, list) = app.api_get(who, "/projects").await;
        assert_eq!(list["items"], json!([]));
    }
    let (status, _) = app
        .api_get(&w.viewer, &format!("/projects/{id}/steps/irc"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a viewer does not file");
    let (status, _) = app.api_get(&w.head, "/projects/DA-AAAAAAAAAA").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A company has a bounded number of projects.
    let mut db = database(app).await;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO projects (id, company, kind, name, commune, capital, area, description, \
         created_by, created_at, idempotency_key) \
         SELECT 'DA-T' || i, company, kind, name, commune, capital, area, description, \
         created_by, created_at, 'them-' || i FROM projects, n WHERE projects.id = $2",
    )
    .bind(PROJECTS_PER_COMPANY as i64 - 1)
    .bind(id)
    .execute(&mut db)
    .await
    .unwrap();
    let (status, body) = app
        .create_project(&w.head, Some("du-an-qua-nhieu"), &project_request())
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("too_many_projects"))
    );
    assert_eq!(
        app.all_projects(&w.head).await.len() as u64,
        PROJECTS_PER_COMPANY
    );
}

#[tokio::test]
async fn steps_are_filed_in_the_order_the_journey_allows_and_later_ones_start_from_results() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let id = id.as_str();

    // Not before what it needs is done; only its own procedure; only by members who may act.
    let (status, body) = app
        .file_step(
            &w.head,
            id,
            "doanh-nghiep",
            COMPANY_REGISTRATION,
            "som-qua-1",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["field"], "project");
    assert_eq!(body["problems"][0]["code"], "step_not_ready");
    assert_eq!(
        body["problems"][0]["params"]["steps"][0]["vi"]
            .as_str()
            .unwrap()
            .chars()
            .take(10)
            .collect::<String>(),
        "Cấp Giấy c"
    );
    let (status, body) = app
        .file_step(&w.head, id, "irc", COMPANY_REGISTRATION, "sai-thu-tuc")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem_codes(&body),
        [("project".to_string(), "step_mismatch".to_string())]
    );
    for who in [&w.viewer, &w.stranger] {
        let (status, _) = app.file_step(who, id, "irc", IRC, "nguoi-khac").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    let irc = app.filed(&w.head, id, "irc", IRC).await;
    let v = app.dossier_view(&w.head, &irc).await;
    assert_eq!(v["company"], HEAD);
    assert_eq!(
        v["project"],
        json!({"id": id, "name": project_request()["name"], "step": "irc"})
    );
    let (status, body) = app.file_step(&w.head, id, "irc", IRC, "lan-thu-hai").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("step_taken"))
    );
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "irc")["state"], "in_progress");
    assert_eq!(step(&p, "irc")["dossier"]["code"], irc.as_str());
    assert_eq!(p["next"], json!([]));

    // The agencies in its workflow read the project; another does not. The queue marks it.
    let seen = app.project(&w.finance, id).await;
    assert_eq!(seen["can_act"], false);
    let (status, _) = app.api_get(&w.police, &format!("/projects/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let item = app.queue_mark(&w.centre, &irc).await;
    assert_eq!(item["id"], id);
    assert_eq!(item["critical"], true);

    // Its result, numbered, fills the next step's form.
    app.to_result(&irc, &w.officers(), "1234567890").await;
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "irc")["state"], "done");
    assert_eq!(step(&p, "irc")["dossier"]["result_number"], "1234567890");
    assert_eq!(p["documents"][0]["number"], "1234567890");
    assert_eq!(p["documents"][0]["dossier"], irc.as_str());
    assert_eq!(p["next"], json!(["doanh-nghiep", "dat", "dtm"]));
    let (status, start) = app
        .api_get(&w.head, &format!("/projects/{id}/steps/doanh-nghiep"))
        .await;
    assert_eq!(status, StatusCode::OK, "{start}");
    assert_eq!(start["procedure"], COMPANY_REGISTRATION);
    assert_eq!(start["state"], "can_start");
    let answers = &start["answers"]["ten-tru-so"];
    assert_eq!(answers["so_gcn_dau_tu"], "1234567890", "{start}");
    assert_eq!(answers["ten_tieng_viet"], COMPANY);

    // The construction permit needs the land and may be filed alongside the EIA, once that is filed.
    let land = app.filed(&w.head, id, "dat", LAND).await;
    app.to_result(&land, &w.officers(), "QĐ-12/2026").await;
    let (status, body) = app
        .file_step(&w.head, id, "xay-dung", CONSTRUCTION, "xay-dung-som")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["code"], "step_not_ready");
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "xay-dung")["state"], "waiting");
    app.filed(&w.head, id, "dtm", EIA).await;
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "xay-dung")["state"], "can_start");
    let building = app.filed(&w.head, id, "xay-dung", CONSTRUCTION).await;
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "xay-dung")["state"], "in_progress");
    // The queue, which marked the project's first step from what its dossiers were then, now marks
    // the steps filed since as the project's page forecasts them.
    let critical = p["forecast"]["critical_path"].as_array().unwrap().clone();
    let item = app.queue_mark(&w.centre, &building).await;
    assert_eq!(item["id"], id);
    assert_eq!(
        item["critical"],
        critical.contains(&json!("xay-dung")),
        "{critical:?}"
    );
}

#[tokio::test]
async fn parallel_filings_of_a_step_make_one_dossier_and_a_refused_step_is_filed_again() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let id = id.as_str();
    let mut bodies = Vec::new();
    for _ in 0..20 {
        let mut a = application(app, &w.head, IRC).await;
        a.body["project"] = json!({"project": id, "step": "irc"});
        bodies.push(a.body);
    }
    let answers = futures_util::future::join_all(bodies.iter().enumerate().map(|(i, body)| {
        let key = format!("song-song-{i:02}");
        let head = w.head.as_str();
        async move {
            let response = app.submit(head, Some(&key), body).await;
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }
    }))
    .await;
    let created: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    for (status, body) in &answers {
        if *status != StatusCode::CREATED {
            assert_eq!(
                (*status, body["code"].as_str()),
                (StatusCode::CONFLICT, Some("step_taken")),
                "{body}"
            );
        }
    }
    let code = created[0]["code"].as_str().unwrap();

    // Refused, the step may be filed again.
    let v = app.dossier_view(&w.centre, code).await;
    app.act_ok(
        &w.centre,
        code,
        v["version"].as_u64().unwrap(),
        json!({"action": "refuse", "reason": "Không đủ điều kiện"}),
    )
    .await;
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "irc")["state"], "refused");
    assert_eq!(p["next"], json!(["irc"]));
    let again = app.filed(&w.head, id, "irc", IRC).await;
    let p = app.project(&w.head, id).await;
    assert_eq!(step(&p, "irc")["dossier"]["code"], again.as_str());
    assert_eq!(step(&p, "irc")["state"], "in_progress");
}

/// The next event of a live stream, keep-alive comments aside.
async fn next_event(stream: &mut reqwest::Response) -> String {
    let mut seen = String::new();
    while !seen.contains("event:") || !seen.ends_with("\n\n") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.chunk())
            .await
            .expect("an event within 5 s")
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen
}

#[tokio::test]
async fn the_project_page_hears_of_its_dossiers_changes() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let mut stream = app
        .call(Method::GET, &format!("/projects/{id}/changes"), &w.head)
        .await;
    assert_eq!(stream.status(), StatusCode::OK);
    // A dossier joins the project, then moves.
    let code = app.filed(&w.head, &id, "irc", IRC).await;
    assert!(next_event(&mut stream).await.contains("event: changed"));
    app.act_ok(&w.centre, &code, 1, json!({"action": "receive"}))
        .await;
    assert!(next_event(&mut stream).await.contains("event: changed"));
}

impl TestApp {
    /// Every page of the account's projects list, in order: the ids.
    async fn all_projects(&self, cookie: &str) -> Vec<String> {
        let mut ids = Vec::new();
        let mut path = "/projects".to_string();
        loop {
            let (status, list) = self.api_get(cookie, &path).await;
            assert_eq!(status, StatusCode::OK, "{list}");
            ids.extend(strings(&list["items"], "id"));
            match list["next"].as_str() {
                Some(next) => path = format!("/projects?after={}", urlencode(next)),
                None => return ids,
            }
        }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The project's stored list line and the day and durations' stamp it was made for.
async fn stored_line(app: &TestApp, id: &str) -> (Option<Value>, Option<String>, Option<i64>) {
    let row: (Option<String>, Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT summary, summary_day, summary_durations FROM projects WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut database(app).await)
    .await
    .unwrap();
    (
        row.0.map(|s| serde_json::from_str(&s).unwrap()),
        row.1,
        row.2,
    )
}

/// Writes a line no dossier could have made (every step done) as the project's stored one, for
/// `day` and `durations`.
async fn store_false_line(app: &TestApp, id: &str, day: &str, durations: i64) {
    let summary = if on_postgres(app) {
        "jsonb_set(jsonb_set(summary::jsonb, '{done}', '4'), '{waiting_on}', '[]')::text"
    } else {
        "json_set(summary, '$.done', 4, '$.waiting_on', json('[]'))"
    };
    let sql = format!(
        "UPDATE projects SET summary = {summary}, \
         summary_day = $1, summary_durations = $2 WHERE id = $3 AND summary IS NOT NULL"
    );
    let done = sqlx::query(&sql)
        .bind(day)
        .bind(durations)
        .bind(id)
        .execute(&mut database(app).await)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

async fn listed(app: &TestApp, cookie: &str, id: &str) -> Value {
    let (status, list) = app.api_get(cookie, "/projects").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not listed: {list}"))
        .clone()
}

#[tokio::test]
async fn the_list_reads_each_projects_stored_line_until_one_of_its_dossiers_moves() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let first = listed(app, &w.head, &id).await;
    assert_eq!(first["done"], 0);
    assert_eq!(first["waiting_on"][0]["state"], "can_start");
    let (line, day, durations) = stored_line(app, &id).await;
    let line = line.expect("the list stores the line it made");
    assert_eq!(line["waiting_on"], first["waiting_on"]);
    let (day, durations) = (day.unwrap(), durations.unwrap());

    // A stored line of today's, from today's durations, is what the list shows.
    store_false_line(app, &id, &day, durations).await;
    let read = listed(app, &w.head, &id).await;
    assert_eq!(
        (read["done"].clone(), read["waiting_on"].clone()),
        (json!(4), json!([]))
    );

    // Filing a step, then every officer's action on its dossier, shows at once.
    let code = app.filed(&w.head, &id, "irc", IRC).await;
    assert_eq!(
        stored_line(app, &id).await.0,
        None,
        "filing clears the line"
    );
    let filed = listed(app, &w.head, &id).await;
    assert_eq!(filed["done"], 0);
    assert_eq!(filed["waiting_on"][0]["state"], "in_progress");
    assert!(stored_line(app, &id).await.0.is_some());
    store_false_line(app, &id, &day, durations).await;
    let v = app.dossier_view(&w.centre, &code).await;
    app.act_ok(
        &w.centre,
        &code,
        v["version"].as_u64().unwrap(),
        json!({"action": "refuse", "reason": "Không đủ điều kiện"}),
    )
    .await;
    let refused = listed(app, &w.head, &id).await;
    assert_eq!(refused["done"], 0);
    assert_eq!(refused["waiting_on"][0]["state"], "refused");

    // Filed again and taken to its result: the line moves with the dossier.
    let again = app.filed(&w.head, &id, "irc", IRC).await;
    listed(app, &w.head, &id).await;
    store_false_line(app, &id, &day, durations).await;
    app.to_result(&again, &w.officers(), "1234567890").await;
    let done = listed(app, &w.head, &id).await;
    assert_eq!(done["done"], 1);
    assert_eq!(
        strings(&done["waiting_on"], "step"),
        ["doanh-nghiep", "dat", "dtm"]
    );
    assert_eq!(listed(app, &w.viewer, &id).await, done);
}

#[tokio::test]
async fn a_line_made_on_another_day_or_from_other_durations_is_made_again() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let made = listed(app, &w.head, &id).await;
    let (_, day, durations) = stored_line(app, &id).await;
    let (day, durations) = (day.unwrap(), durations.unwrap());

    store_false_line(app, &id, "2000-01-03", durations).await;
    assert_eq!(listed(app, &w.head, &id).await, made);
    let (line, again_day, again_durations) = stored_line(app, &id).await;
    assert_eq!(line.unwrap()["done"], 0);
    assert_eq!(
        (again_day.as_deref(), again_durations),
        (Some(day.as_str()), Some(durations))
    );

    store_false_line(app, &id, &day, durations - 1).await;
    assert_eq!(listed(app, &w.head, &id).await, made);
    assert_eq!(stored_line(app, &id).await.2, Some(durations));
}

#[tokio::test]
async fn the_list_comes_twenty_projects_a_page_newest_first() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    // 24 more, some made in the same second: those are in id order.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24) \
         INSERT INTO projects (id, company, kind, name, commune, capital, area, description, \
         created_by, created_at, idempotency_key) \
         SELECT 'DA-T' || substr(CAST(100 + i AS TEXT), 2), company, kind, name || ' ' || i, commune, capital, area, \
         description, created_by, created_at - 100 + i / 3, 'trang-' || i \
         FROM projects, n WHERE projects.id = $1",
    )
    .bind(&id)
    .execute(&mut database(app).await)
    .await
    .unwrap();
    let mut expected: Vec<(i64, String)> = sqlx::query_as("SELECT created_at, id FROM projects")
        .fetch_all(&mut database(app).await)
        .await
        .unwrap();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    assert_eq!(expected.len(), 25);
    assert_eq!(expected[0], id);

    let (_, first) = app.api_get(&w.head, "/projects").await;
    assert_eq!(strings(&first["items"], "id"), expected[..20]);
    let next = first["next"].as_str().expect("a next page");
    let (status, second) = app
        .api_get(&w.head, &format!("/projects?after={}", urlencode(next)))
        .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(strings(&second["items"], "id"), expected[20..]);
    assert_eq!(second["next"], Value::Null);
    assert_eq!(second["items"][0]["steps"], 5);

    // Another member reads the same pages; a cursor this list did not give is a 400.
    assert_eq!(app.all_projects(&w.viewer).await, expected);
    let (status, body) = app.api_get(&w.head, "/projects?after=trang-hai").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
}

#[tokio::test]
async fn a_draft_for_a_step_names_its_project_and_step_to_members_only() {
    let w = world().await;
    let app = &w.app;
    let id = app.new_project(&w.head).await;
    let save = |cookie: &str, draft: &str, project: Option<Value>| {
        let mut body = json!({"procedure": COMPANY_REGISTRATION, "step": "ten-tru-so"});
        if let Some(p) = project {
            body["project"] = p;
        }
        let req = app
            .client
            .put(format!("{}/api/v1/drafts/{draft}", app.base))
            .header("cookie", cookie.to_string())
            .json(&body);
        async move { req.send().await.unwrap().status() }
    };
    let for_step = json!({"project": id, "step": "doanh-nghiep"});
    assert_eq!(save(&w.head, "draft-own-0001", None).await, StatusCode::OK);
    assert_eq!(
        save(&w.head, "draft-step-0001", Some(for_step.clone())).await,
        StatusCode::OK
    );
    // One who is not a member names the project in a draft of theirs: it stays unnamed.
    assert_eq!(
        save(&w.stranger, "draft-step-0002", Some(for_step)).await,
        StatusCode::OK
    );

    let (status, list) = app.api_get(&w.head, "/drafts").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap();
    let of = |draft: &str| items.iter().find(|d| d["id"] == draft).unwrap().clone();
    assert_eq!(
        of("draft-step-0001")["project"],
        json!({"id": id, "name": project_request()["name"], "step": "doanh-nghiep", "number": 2})
    );
    assert!(of("draft-own-0001").get("project").is_none(), "{list}");
    let (_, theirs) = app.api_get(&w.stranger, "/drafts").await;
    assert_eq!(theirs["items"][0]["id"], "draft-step-0002");
    assert!(theirs["items"][0].get("project").is_none(), "{theirs}");
}
