//! How long agencies actually take, from the event log: a dossier driven through the real API is
//! counted; back-dated dossiers (the log is append-only, so they are written with their events as
//! the server would have) give figures checked by hand, without their supplement pauses and without
//! the results older than a year.

use motcua_api::calendar::Date;
use motcua_api::project::Durations;
use motcua_server::clock::now;
use motcua_server::projects::history::{refresh, DurationsCache};
use motcua_server::store::Store;
use serde_json::json;

use crate::lifecycle::{database, world};

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
async fn insert(app: &crate::helpers::TestApp, like: &str, dossier: &Past) {
    let mut db = database(app).await;
    let last = dossier.events.last().map_or("received", |e| e.0);
    sqlx::query(
        "INSERT INTO dossiers (code, owner, idempotency_key, procedure, agency, received_at, \
                               due_date, data, status) \
         SELECT ?1, owner, ?1, ?2, ?3, ?4, due_date, data, ?5 FROM dossiers WHERE code = ?6",
    )
    .bind(dossier.code)
    .bind(PERMIT)
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
             VALUES (?, ?, ?, ?, '', ?, 'officer', NULL, '{}')",
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
        sqlx::query_as("SELECT procedure, agency, received_at FROM dossiers WHERE code = ?")
            .bind(code)
            .fetch_one(&mut database(app).await)
            .await
            .unwrap();
    assert_eq!(procedure, LICENCE);

    let store = Store::open(&app.data_dir).await.unwrap();
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
