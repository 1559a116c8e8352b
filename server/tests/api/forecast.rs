//! How long agencies actually take, from the event log: a dossier driven through the real API is
//! counted; back-dated dossiers (the log is append-only, so they are written with their events as
//! the server would have) give figures checked by hand, without their supplement pauses and without
//! the results older than a year. And a project's forecast over HTTP, on a server whose clock the
//! test moves: its steps filed, received, paused for a supplement and decided across Tết 2027, the
//! dates checked against ones counted by hand.

use motcua_api::calendar::Date;
use motcua_api::project::Durations;
use motcua_server::clock::now;
use motcua_server::projects::history::{refresh, DurationsCache};
use motcua_server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::dossiers::application_on;
use crate::helpers::database;
use crate::helpers::{spawn_at, TestApp};
use crate::lifecycle::{world, CENTRE};

/// Exchanging a driving licence: received at the centre, decided by the provincial police.
const LICENCE: &str = "1.012811";
/// The construction permit, at the construction department (and, thinly, at a commune).
const PERMIT: &str = "1.013231";
const BUILDING: &str = "so-xay-dung";
const COMMUNE: &str = "ubnd-xa";

/// `h`:`m` in Vietnam on day `d`, in seconds since 1970.
fn vn(d: &str, h: i64, m: i64) -> i64 {
    (Date::parse(d).unwrap().julian_day() - 2_440_588) * 86_400 + (h - 7) * 3600 + m * 60
}

/// A dossier as the log tells it: submitted, received, then `(kind, at)` events.
struct Past {
    code: &'static str,
    agency: &'static str,
    submitted: i64,
    events: Vec<(&'static str, i64)>,
}

fn past(
    code: &'static str,
    agency: &'static str,
    submitted: i64,
    events: &[(&'static str, i64)],
) -> Past {
    Past {
        code,
        agency,
        submitted,
        events: events.to_vec(),
    }
}

/// Writes `dossier` beside `like` (a real one, whose owner and answers it borrows), with its
/// events.
async fn insert(app: &TestApp, like: &str, dossier: &Past) {
    insert_as(app, like, PERMIT, dossier).await
}

/// The same, of `procedure`.
async fn insert_as(app: &TestApp, like: &str, procedure: &str, dossier: &Past) {
    let mut db = database(app).await;
    let last = dossier.events.last().map_or("received", |e| e.0);
    sqlx::query(
        "INSERT INTO dossiers (code, owner, idempotency_key, procedure, agency, received_at, \
                               due_date, data, status) \
         SELECT $1, owner, $1, $2, $3, $4, due_date, data, $5 FROM dossiers WHERE code = $6",
    )
    .bind(dossier.code)
    .bind(procedure)
    .bind(dossier.agency)
    .bind(dossier.submitted)
    .bind(last)
    .bind(like)
    .execute(&mut db)
    .await
    .unwrap();
    let events = [
        ("submitted", dossier.submitted),
        ("received", dossier.submitted + 600),
    ];
    for (kind, at) in events.iter().chain(&dossier.events) {
        sqlx::query(
            "INSERT INTO dossier_events \
                 (dossier, at, kind, status, step, agency, role, account, data) \
             VALUES ($1, $2, $3, $4, '', $5, 'officer', NULL, '{}')",
        )
        .bind(dossier.code)
        .bind(at)
        .bind(kind)
        .bind(if *kind == "forwarded" {
            "processing"
        } else {
            kind
        })
        .bind(dossier.agency)
        .execute(&mut db)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn agencies_durations_come_from_the_event_log() {
    let w = world().await;
    let app = &w.app;

    // A licence exchange through the real API, today: received, asked for more, answered,
    // decided.
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap();
    app.act_ok(&w.centre, code, 1, json!({"action": "receive"}))
        .await;
    app.act_ok(
        &w.centre,
        code,
        2,
        json!({"action": "request_supplement", "note": "Thiếu", "items": ["Ảnh 3x4"]}),
    )
    .await;
    app.act_ok(
        &w.lan,
        code,
        3,
        json!({"action": "supplement", "note": "Đã gửi", "files": []}),
    )
    .await;
    app.act_ok(&w.centre, code, 4, json!({"action": "forward"}))
        .await;
    let result = app.pdf_upload(&w.police, "Giấy phép.pdf", "result").await;
    app.act_ok(
        &w.police,
        code,
        5,
        json!({"action": "result_ready", "number": "GP-1", "files": [result]}),
    )
    .await;
    let (procedure, agency, received_at): (String, String, i64) =
        sqlx::query_as("SELECT procedure, agency, received_at FROM dossiers WHERE code = $1")
            .bind(code)
            .fetch_one(&mut database(app).await)
            .await
            .unwrap();
    assert_eq!(procedure, LICENCE);

    let store = Store::open(&app.config.database_url()).await.unwrap();
    let cache = DurationsCache::default();
    let at = now();
    refresh(&store, &w.cal, at, &cache).await.unwrap();
    // From the day it counted as received to today (none, or none counted when it came after
    // office hours); one dossier is too few to say what is usual.
    let taken = w
        .cal
        .working_days_between(w.cal.received_on(received_at), Date::in_vietnam(at));
    assert_eq!(taken, 0);
    assert_eq!(
        cache.get(LICENCE, &agency, 5),
        Durations {
            legal: 5,
            usual: None,
            latest: None,
            samples: 1
        }
    );

    // Back-dated construction permits, counted on Wednesday 31 March 2027 at 10:00: the year is
    // the results after 10:00 on Wednesday 31 March 2026.
    let dossiers = [
        // Monday 1 to Thursday 4 February 2027: 2, 3, 4 → 3.
        past(
            "P-1",
            BUILDING,
            vn("2027-02-01", 9, 0),
            &[("result_ready", vn("2027-02-04", 15, 0))],
        ),
        // Wednesday 3 February to Thursday 18, across Tết (5 to 11 February off): 4, 12, 15, 16,
        // 17, 18 → 6.
        past(
            "P-2",
            BUILDING,
            vn("2027-02-03", 9, 0),
            &[("result_ready", vn("2027-02-18", 10, 0))],
        ),
        // Friday 15 January at 18:00, after office hours: received Monday 18; to Friday 29:
        // 19–22, 25–29 → 9.
        past(
            "P-3",
            BUILDING,
            vn("2027-01-15", 18, 0),
            &[("result_ready", vn("2027-01-29", 9, 0))],
        ),
        // Monday 1 to Friday 19 March 2027: 14 working days, less the pause from Wednesday 3 to
        // Tuesday 9 (4, 5, 8, 9) → 10.
        past(
            "P-4",
            BUILDING,
            vn("2027-03-01", 9, 0),
            &[
                ("supplement_requested", vn("2027-03-03", 10, 0)),
                ("supplemented", vn("2027-03-09", 15, 0)),
                ("forwarded", vn("2027-03-10", 9, 0)),
                ("result_ready", vn("2027-03-19", 11, 0)),
            ],
        ),
        // Monday 1 to Friday 19 June 2026: 14, less two pauses, Tuesday 2 to Thursday 4 (3, 4) and
        // Monday 8 to Monday 15 (9–12, 15) → 7.
        past(
            "P-5",
            BUILDING,
            vn("2026-06-01", 9, 0),
            &[
                ("supplement_requested", vn("2026-06-02", 9, 0)),
                ("supplemented", vn("2026-06-04", 9, 0)),
                ("supplement_requested", vn("2026-06-08", 9, 0)),
                ("supplemented", vn("2026-06-15", 9, 0)),
                ("result_ready", vn("2026-06-19", 9, 0)),
            ],
        ),
        // Monday 2 to Friday 20 November 2026: 3–6, 9–13, 16–20 → 14.
        past(
            "P-6",
            BUILDING,
            vn("2026-11-02", 9, 0),
            &[("result_ready", vn("2026-11-20", 9, 0))],
        ),
        // Monday 30 to Tuesday 31 March 2026 at 11:00, an hour inside the year → 1.
        past(
            "P-7",
            BUILDING,
            vn("2026-03-30", 9, 0),
            &[("result_ready", vn("2026-03-31", 11, 0))],
        ),
        // An hour outside it: not counted (it took 58 working days).
        past(
            "P-8",
            BUILDING,
            vn("2026-01-05", 9, 0),
            &[("result_ready", vn("2026-03-31", 9, 0))],
        ),
        // Not done yet: not counted.
        past(
            "P-9",
            BUILDING,
            vn("2027-03-01", 9, 0),
            &[("supplement_requested", vn("2027-03-02", 9, 0))],
        ),
        // Two at a commune: too few to say.
        past(
            "P-10",
            COMMUNE,
            vn("2027-03-01", 9, 0),
            &[("result_ready", vn("2027-03-03", 9, 0))],
        ),
        past(
            "P-11",
            COMMUNE,
            vn("2027-03-01", 9, 0),
            &[("result_ready", vn("2027-03-08", 9, 0))],
        ),
    ];
    for d in &dossiers {
        insert(app, code, d).await;
    }
    let at = vn("2027-03-31", 10, 0);
    refresh(&store, &w.cal, at, &cache).await.unwrap();
    // Sorted: 1, 3, 6, 7, 9, 10, 14. The median by nearest rank is the ⌈7 · 0.5⌉ = 4th, 7; the
    // 80th percentile the ⌈7 · 0.8⌉ = 6th, 10. Counting the pauses would give 9 and 14; counting
    // the old result, 8 samples and 14.
    let building = Durations {
        legal: 20,
        usual: Some(7),
        latest: Some(10),
        samples: 7,
    };
    assert_eq!(cache.get(PERMIT, BUILDING, 20), building);
    assert_eq!(
        cache.get(PERMIT, COMMUNE, 20),
        Durations {
            legal: 20,
            usual: None,
            latest: None,
            samples: 2
        }
    );
    assert_eq!(cache.get(PERMIT, "so-tai-chinh", 15).samples, 0);

    // Written down, a restarted server has them before its first computation ends.
    let (stored, computed_at) = store.procedure_durations().await.unwrap();
    assert_eq!(computed_at, cache.computed_at());
    assert!(computed_at > 0);
    let building_row = stored
        .iter()
        .find(|r| r.procedure == PERMIT && r.agency == BUILDING)
        .unwrap();
    assert_eq!(
        (building_row.samples, building_row.median, building_row.p80),
        (7, 7, 10)
    );
    let loaded = DurationsCache::load(&store).await.unwrap();
    assert_eq!(loaded.get(PERMIT, BUILDING, 20), building);
    assert_eq!(loaded.computed_at(), computed_at);
}

/// The foreign investor's journey (catalogue/journeys.json) without its optional permit, with the
/// procedures' legal times (catalogue/procedures): the investment registration certificate `irc`
/// (1.009646, 15 working days) first; then the company `doanh-nghiep` (2.001192, 3), the land `dat`
/// (1.012777, 20) and the environmental impact assessment `dtm` (1.010727, 30), each needing `irc`;
/// the construction permit `xay-dung` (1.013231, 20) needs `dat` and is filed with `dtm` at the
/// earliest.
const IRC: &str = "1.009646";
const LAND: &str = "1.012777";
const EIA: &str = "1.010727";
const FINANCE: &str = "so-tai-chinh";
const ENVIRONMENT: &str = "so-nong-nghiep-moi-truong";
const HEAD: &str = "0101234567";

/// The steps in journey order, each as (id, start, finish, slack), the dates as `YYYY-MM-DD`. Until
/// the land department's own figures are written, no agency has the five results in a year they
/// need, so the usual and latest readings are the legal one: checked here for every step, so one
/// date says all three.
fn steps(p: &Value) -> Vec<(String, String, String, u64)> {
    p["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let f = &s["forecast"];
            let finish = &f["finish"];
            assert_eq!(finish["legal"], finish["usual"], "{s}");
            assert_eq!(finish["legal"], finish["latest"], "{s}");
            assert_eq!(f["late"], false, "{s}");
            assert_eq!(
                f["critical"],
                f["slack"] == 0 && s["state"] != "done",
                "{s}"
            );
            (
                s["id"].as_str().unwrap().to_string(),
                f["start"].as_str().unwrap().to_string(),
                finish["legal"].as_str().unwrap().to_string(),
                f["slack"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn expected(rows: [(&str, &str, &str, u64); 5]) -> Vec<(String, String, String, u64)> {
    rows.iter()
        .map(|(id, start, finish, slack)| {
            (
                id.to_string(),
                start.to_string(),
                finish.to_string(),
                *slack,
            )
        })
        .collect()
}

/// The project's finish in all three readings, and its critical path.
fn finish(p: &Value) -> (Value, Value) {
    let f = &p["forecast"];
    // 2027's holidays are computed from the Labour Code, not yet announced.
    assert_eq!(f["estimated"], true);
    (f["finish"].clone(), f["critical_path"].clone())
}

fn three(legal: &str, usual: &str, latest: &str) -> Value {
    json!({"legal": legal, "usual": usual, "latest": latest})
}

fn same(d: &str) -> Value {
    three(d, d, d)
}

impl TestApp {
    async fn project_at(&self, cookie: &str, id: &str, today: &str) -> Value {
        let (status, p) = self.api_get(cookie, &format!("/projects/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        assert_eq!(p["forecast"]["today"], today);
        p
    }

    /// Files `step` of the project with a complete application; the dossier's code.
    async fn file(&self, cookie: &str, project: &str, step: &str, procedure: &str) -> String {
        let today = Date::in_vietnam(self.config.clock.now());
        let mut a = application_on(self, cookie, procedure, today).await;
        a.body["project"] = json!({"project": project, "step": step});
        let response = self
            .submit(cookie, Some(&format!("{project}-{step}")), &a.body)
            .await;
        let status = response.status();
        let receipt: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{step}: {receipt}");
        receipt["code"].as_str().unwrap().to_string()
    }

    /// `action` on the dossier as it now stands; the dossier as `cookie` then sees it.
    async fn act(&self, cookie: &str, code: &str, action: Value) -> Value {
        let version = self.dossier_view(cookie, code).await["version"]
            .as_u64()
            .unwrap();
        self.act_ok(cookie, code, version, action).await
    }
}

/// Tết Đinh Mùi (catalogue/holidays.json, 2027): Friday 5 to Thursday 11 February 2027 are days
/// off (5, 8–11 on weekdays; 6 and 7 are a weekend anyway); Giỗ Tổ is Friday 16 April. The working
/// days counted below skip them and every weekend; no other holiday falls in January to April.
#[tokio::test]
async fn a_projects_forecast_counts_across_tet_2027_and_stops_for_a_supplement() {
    let (app, clock) = spawn_at(vn("2027-01-25", 8, 0)).await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let finance = app.officer_session("dkkd.stc", FINANCE).await;
    app.verified(&head, &finance).await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let builder = app.officer_session("xd.sxd", BUILDING).await;
    let environment = app.officer_session("mt.snnmt", ENVIRONMENT).await;
    let response = app
        .client
        .post(format!("{}/api/v1/projects", app.base))
        .header("cookie", &head)
        .header("idempotency-key", "du-an-tet")
        .json(&json!({
            "company": HEAD, "kind": "nha-dau-tu-nuoc-ngoai",
            "name": "Nhà máy linh kiện điện tử Hoa Sen", "commune": "00004",
            "capital": "25.000.000.000", "area": "12 000",
            "description": "Sản xuất linh kiện điện tử xuất khẩu.",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Monday 25 January 2027, 09:00: `irc` is filed, received the same day (a working day, before
    // 17:00). Due 15 working days on: Jan 26, 27, 28, 29 (4), Feb 1, 2, 3, 4 (8), Tết, Feb 12 (9),
    // 15–19 (14), Mon 22 Feb (15).
    clock.set(vn("2027-01-25", 9, 0));
    let irc = app.file(&head, &id, "irc", IRC).await;
    assert_eq!(
        app.dossier_view(&head, &irc).await["due_date"],
        "2027-02-22"
    );
    clock.set(vn("2027-01-25", 10, 0));
    app.act(&centre, &irc, json!({"action": "receive"})).await;
    let p = app.project_at(&head, &id, "2027-01-25").await;
    // The others wait for `irc`, from Mon 22 Feb: `doanh-nghiep` Feb 23, 24, 25 → Thu 25 Feb;
    // `dat` Feb 23–26 (4), Mar 1–5 (9), 8–12 (14), 15–19 (19), 22 (20) → Mon 22 Mar; `dtm` on from
    // there: Mar 23–26 (24), 29–Apr 2 (29), Apr 5 (30) → Mon 5 Apr. `xay-dung` starts when `dat`
    // is done, Mon 22 Mar (`dtm` is filed earlier): Mar 23–26 (4), 29–Apr 2 (9), Apr 5–9 (14),
    // 12–15 (18), Giỗ Tổ on Fri 16, Apr 19 (19), 20 (20) → Tue 20 Apr, the project's finish.
    // Backward from Tue 20 Apr: `xay-dung` must start by Mon 22 Mar (its 20 days are Mar 23 to
    // Apr 20), so `dat` and `irc` (which `dat` needs by Mon 22 Feb) cannot slip. `dtm` may finish
    // as late as Apr 20: Apr 6–9, 12–15, 19, 20 → 10 days; `doanh-nghiep` from Feb 25 to Apr 20:
    // Feb 26 (1), Mar 1–5 (6), 8–12 (11), 15–19 (16), 22–26 (21), 29–Apr 2 (26), Apr 5–9 (31),
    // 12–15 (35), 19, 20 (37).
    let on_the_25th = expected([
        ("irc", "2027-01-25", "2027-02-22", 0),
        ("doanh-nghiep", "2027-02-22", "2027-02-25", 37),
        ("dat", "2027-02-22", "2027-03-22", 0),
        ("dtm", "2027-02-22", "2027-04-05", 10),
        ("xay-dung", "2027-03-22", "2027-04-20", 0),
    ]);
    assert_eq!(steps(&p), on_the_25th);
    let critical = json!(["irc", "dat", "xay-dung"]);
    assert_eq!(finish(&p), (same("2027-04-20"), critical.clone()));

    // Wednesday 3 February, 10:00: the centre asks for more. Seven days have counted (Jan 26–29,
    // Feb 1–3), eight are left; today still counts, so nothing moves yet: Feb 4, Tết, Feb 12,
    // 15–19, 22 → Mon 22 Feb.
    clock.set(vn("2027-02-03", 10, 0));
    app.act(
        &centre,
        &irc,
        json!({"action": "request_supplement", "note": "Thiếu", "items": ["Báo cáo tài chính"]}),
    )
    .await;
    let p = app.project_at(&head, &id, "2027-02-03").await;
    assert_eq!(p["steps"][0]["state"], "supplement_requested");
    assert_eq!(steps(&p), on_the_25th);
    assert_eq!(finish(&p), (same("2027-04-20"), critical.clone()));

    // A day later, Thursday 4, still waiting: the clock stood still, the eight days left run from
    // Fri 12 (Tết is off): 12, 15–19, 22, Tue 23 → Tue 23 Feb, and everything after it a working
    // day later: `doanh-nghiep` Feb 24–26 → Fri 26 Feb; `dat` from Tue 23 Feb: Feb 24–26 (3),
    // Mar 1–5 (8), 8–12 (13), 15–19 (18), 22, 23 (20) → Tue 23 Mar; `dtm` Mar 24–26 (23), 29–Apr 2
    // (28), Apr 5, 6 (30) → Tue 6 Apr; `xay-dung` from Tue 23 Mar: Mar 24–26 (3), 29–Apr 2 (8),
    // 5–9 (13), 12–15 (17), 19–21 (20) → Wed 21 Apr. The slack is the same.
    clock.advance(24 * 3600);
    let a_day_later = expected([
        ("irc", "2027-01-25", "2027-02-23", 0),
        ("doanh-nghiep", "2027-02-23", "2027-02-26", 37),
        ("dat", "2027-02-23", "2027-03-23", 0),
        ("dtm", "2027-02-23", "2027-04-06", 10),
        ("xay-dung", "2027-03-23", "2027-04-21", 0),
    ]);
    let p = app.project_at(&head, &id, "2027-02-04").await;
    assert_eq!(steps(&p), a_day_later);
    assert_eq!(finish(&p), (same("2027-04-21"), critical.clone()));

    // Friday 5, the first day of Tết: a day off moves nothing, the count still starts on Fri 12.
    clock.advance(24 * 3600);
    let p = app.project_at(&head, &id, "2027-02-05").await;
    assert_eq!(steps(&p), a_day_later);
    assert_eq!(finish(&p), (same("2027-04-21"), critical.clone()));

    // Tuesday 16 February, 10:00: the company answers. The clock stood still from Wed 3 to Tue 16:
    // Feb 4, 12, 15, 16 → 4 working days (Feb 5–11 are Tết, 6, 7, 13, 14 weekends), so the due
    // date moves from Mon 22 Feb by 4: Feb 23–26 → Fri 26 Feb. Counted: Jan 26–29, Feb 1–4, 12, 15,
    // 16 = 11, less 4 paused = 7, as before the pause; 8 left from Tue 16: Feb 17–19, 22–26 → Fri
    // 26 Feb, the due date. Then `doanh-nghiep` Mar 1–3 → Wed 3 Mar; `dat` Mar 1–5 (5), 8–12 (10),
    // 15–19 (15), 22–26 (20) → Fri 26 Mar; `dtm` Mar 29–Apr 2 (25), Apr 5–9 (30) → Fri 9 Apr;
    // `xay-dung` from Fri 26 Mar: Mar 29–Apr 2 (5), 5–9 (10), 12–15 (14), 19–23 (19), 26 (20) →
    // Mon 26 Apr. Slack: `dtm` Apr 12–15, 19–23, 26 → 10; `doanh-nghiep` from Wed 3 Mar: Mar 4, 5
    // (2), 8–12 (7), 15–19 (12), 22–26 (17), 29–Apr 2 (22), 5–9 (27), 12–15 (31), 19–23 (36), 26
    // (37).
    clock.set(vn("2027-02-16", 10, 0));
    app.act(
        &head,
        &irc,
        json!({"action": "supplement", "note": "Đã bổ sung", "files": []}),
    )
    .await;
    assert_eq!(
        app.dossier_view(&head, &irc).await["due_date"],
        "2027-02-26"
    );
    let p = app.project_at(&head, &id, "2027-02-16").await;
    assert_eq!(p["steps"][0]["state"], "in_progress");
    assert_eq!(
        steps(&p),
        expected([
            ("irc", "2027-01-25", "2027-02-26", 0),
            ("doanh-nghiep", "2027-02-26", "2027-03-03", 37),
            ("dat", "2027-02-26", "2027-03-26", 0),
            ("dtm", "2027-02-26", "2027-04-09", 10),
            ("xay-dung", "2027-03-26", "2027-04-26", 0),
        ])
    );
    assert_eq!(finish(&p), (same("2027-04-26"), critical.clone()));

    // Wednesday 17, the agencies consulted pass it on; Monday 22 February, 10:00, the finance
    // department decides, four working days early.
    clock.set(vn("2027-02-17", 10, 0));
    for officer in [&centre, &finance, &builder, &environment] {
        app.act(officer, &irc, json!({"action": "forward"})).await;
    }
    clock.set(vn("2027-02-22", 10, 0));
    let result = app.pdf_upload(&finance, "Giấy chứng nhận.pdf", "irc").await;
    app.act(
        &finance,
        &irc,
        json!({"action": "result_ready", "number": "1234567890", "files": [result]}),
    )
    .await;

    // Tuesday 23 February: `dat` and `dtm` are filed at 09:00 and received at 09:30. `irc` is done
    // on Mon 22 Feb. `doanh-nghiep`, not filed, from today: Feb 24–26 → Fri 26 Feb. `dat` from
    // today, 20 → Tue 23 Mar; `dtm`, 30 → Tue 6 Apr; `xay-dung` after `dat`: → Wed 21 Apr (as
    // counted for Thursday 4 February). As late as Apr 21: `dtm` Apr 7–9, 12–15, 19–21 → 10;
    // `doanh-nghiep` from Feb 26: Mar 1–5 (5), 8–12 (10), 15–19 (15), 22–26 (20), 29–Apr 2 (25),
    // 5–9 (30), 12–15 (34), 19–21 (37). Only `dat` and `xay-dung` are left to hold the project up.
    clock.set(vn("2027-02-23", 9, 0));
    let dat = app.file(&head, &id, "dat", LAND).await;
    let dtm = app.file(&head, &id, "dtm", EIA).await;
    clock.set(vn("2027-02-23", 9, 30));
    for code in [&dat, &dtm] {
        app.act(&centre, code, json!({"action": "receive"})).await;
    }
    clock.set(vn("2027-02-23", 10, 0));
    let p = app.project_at(&head, &id, "2027-02-23").await;
    assert_eq!(p["steps"][0]["state"], "done");
    assert_eq!(p["steps"][0]["dossier"]["result_number"], "1234567890");
    let critical = json!(["dat", "xay-dung"]);
    assert_eq!(
        steps(&p),
        expected([
            ("irc", "2027-02-22", "2027-02-22", 0),
            ("doanh-nghiep", "2027-02-23", "2027-02-26", 37),
            ("dat", "2027-02-23", "2027-03-23", 0),
            ("dtm", "2027-02-23", "2027-04-06", 10),
            ("xay-dung", "2027-03-23", "2027-04-21", 0),
        ])
    );
    assert_eq!(finish(&p), (same("2027-04-21"), critical.clone()));

    // A day later the steps at their agencies keep their dates (a day more counted, a day less
    // left); `doanh-nghiep`, still not filed, starts a day later: Feb 25, 26, Mar 1 → Mon 1 Mar,
    // one day less of slack.
    clock.advance(24 * 3600);
    let p = app.project_at(&head, &id, "2027-02-24").await;
    assert_eq!(
        steps(&p),
        expected([
            ("irc", "2027-02-22", "2027-02-22", 0),
            ("doanh-nghiep", "2027-02-24", "2027-03-01", 36),
            ("dat", "2027-02-23", "2027-03-23", 0),
            ("dtm", "2027-02-23", "2027-04-06", 10),
            ("xay-dung", "2027-03-23", "2027-04-21", 0),
        ])
    );
    assert_eq!(finish(&p), (same("2027-04-21"), critical.clone()));
    let (status, _) = app
        .send(Method::GET, &builder, &format!("/projects/{id}"), None)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an agency consulted on a step reads it"
    );

    // The land department's own figures: five land allocations received on Monday 2 November 2026
    // and decided after 10 (Nov 3–6, 9–13, 16), 12 (on to Wed 18), 16 (Nov 19, 20, 23, 24), 24
    // (Nov 25–27, 30, Dec 1–4) and 30 working days (Dec 7–11, 14), all within the year before today:
    // the median by nearest rank is the ⌈5 · 0.5⌉ = 3rd, 16, the 80th percentile the 4th, 24. A
    // server started on the same data reads them as counted at its clock.
    let agency: String = sqlx::query_scalar("SELECT agency FROM dossiers WHERE code = $1")
        .bind(&dat)
        .fetch_one(&mut database(&app).await)
        .await
        .unwrap();
    assert_eq!(agency, ENVIRONMENT);
    let decided = [
        ("D-1", "2026-11-16"),
        ("D-2", "2026-11-18"),
        ("D-3", "2026-11-24"),
        ("D-4", "2026-12-04"),
        ("D-5", "2026-12-14"),
    ];
    for (code, result) in decided {
        let land = past(
            code,
            ENVIRONMENT,
            vn("2026-11-02", 9, 0),
            &[("result_ready", vn(result, 15, 0))],
        );
        insert_as(&app, &dat, LAND, &land).await;
    }
    let store = Store::open(&app.config.database_url()).await.unwrap();
    let cal = motcua_api::calendar::Calendar::new(crate::dossiers::sample().holidays).unwrap();
    refresh(&store, &cal, clock.now(), &DurationsCache::default())
        .await
        .unwrap();
    let again = motcua_server::startup::Application::build(&app.config)
        .await
        .unwrap();
    let base = format!("http://{}", again.local_addr());
    tokio::spawn(again.run_until_stopped());
    let p: Value = app
        .client
        .get(format!("{base}/api/v1/projects/{id}"))
        .header("cookie", &head)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["forecast"]["today"], "2027-02-24");
    let land = &p["steps"][2];
    assert_eq!(land["id"], "dat");
    assert_eq!(
        land["forecast"]["durations"],
        json!({"legal": 20, "usual": 16, "latest": 24, "samples": 5})
    );
    // `dat`, received Tue 23 Feb, has one day counted (Wed 24): 19, 15 and 23 days left from
    // today. Legal: Mar 23, as before. Usually: Feb 25, 26 (2), Mar 1–5 (7), 8–12 (12), 15–17 (15)
    // → Wed 17 Mar. At the latest: on from Mar 17, Mar 18, 19 (17), 22–26 (22), 29 (23) → Mon 29
    // Mar. `xay-dung` (20 days in every reading) after it: legally Apr 21; usually from Wed 17 Mar:
    // Mar 18, 19 (2), 22–26 (7), 29–Apr 2 (12), 5–9 (17), 12–14 (20) → Wed 14 Apr; at the latest
    // from Mon 29 Mar: Mar 30–Apr 2 (4), 5–9 (9), 12–15 (13), Giỗ Tổ, 19–23 (18), 26, 27 (20) → Tue
    // 27 Apr. The project's finish is the latest of its steps': legally Apr 21 (`xay-dung`),
    // usually Apr 14 (`xay-dung`; `dtm` ends Apr 6), at the latest Apr 27.
    let readings = |s: &Value| {
        let f = &s["forecast"];
        (
            s["id"].as_str().unwrap().to_string(),
            f["start"].as_str().unwrap().to_string(),
            f["finish"].clone(),
            f["slack"].as_u64().unwrap(),
        )
    };
    // As usual, `xay-dung` must start by Wed 17 Mar (its 20 days run Mar 18 to Apr 14), so `dat`
    // cannot slip; `dtm` may run from Apr 6 to Apr 14: Apr 7–9, 12–14 → 6 days; `doanh-nghiep`
    // from Mon 1 Mar: Mar 2–5 (4), 8–12 (9), 15–19 (14), 22–26 (19), 29–Apr 2 (24), 5–9 (29),
    // 12–14 (32).
    assert_eq!(
        p["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(readings)
            .collect::<Vec<_>>(),
        [
            ("irc", "2027-02-22", same("2027-02-22"), 0),
            ("doanh-nghiep", "2027-02-24", same("2027-03-01"), 32),
            (
                "dat",
                "2027-02-23",
                three("2027-03-23", "2027-03-17", "2027-03-29"),
                0
            ),
            ("dtm", "2027-02-23", same("2027-04-06"), 6),
            (
                "xay-dung",
                "2027-03-17",
                three("2027-04-21", "2027-04-14", "2027-04-27"),
                0
            ),
        ]
        .map(|(id, start, f, slack)| (id.to_string(), start.to_string(), f, slack))
    );
    assert_eq!(
        finish(&p),
        (three("2027-04-21", "2027-04-14", "2027-04-27"), critical)
    );
}
