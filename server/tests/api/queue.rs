//! The officer's queue over HTTP: twenty a page with the totals to page through, search by any part
//! of a code, filters by step, status and how the step's deadline stands, bad parameters named, and
//! never a dossier of another agency.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::dossiers::today;
use crate::helpers::enc;
use crate::helpers::{assert_tallies_are_counts, database};
use crate::lifecycle::{strings, world, World};

/// Received at the centre, decided by the provincial police, returned at the centre.
const LICENCE: &str = "1.012811";

impl World {
    /// Submits `n` licence applications; their codes, in the order submitted.
    async fn submit(&self, n: usize) -> Vec<String> {
        let mut codes = Vec::new();
        for _ in 0..n {
            let receipt = self.app.apply_for(&self.lan, LICENCE).await;
            codes.push(receipt["code"].as_str().unwrap().to_string());
        }
        codes
    }

    async fn queue(&self, cookie: &str, query: &str) -> Value {
        let (status, body) = self
            .app
            .api_get(cookie, &format!("/officer/queue{query}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        body
    }

    /// The codes the centre's queue gives for `query`, on its first page.
    async fn codes(&self, query: &str) -> Vec<String> {
        let mut codes = strings(&self.queue(&self.centre, query).await["items"], "code");
        codes.sort();
        codes
    }

    async fn set_step_due(&self, code: &str, due: String) {
        let mut db = database(&self.app).await;
        let done = sqlx::query("UPDATE dossiers SET step_due = $1 WHERE code = $2")
            .bind(due)
            .bind(code)
            .execute(&mut db)
            .await
            .unwrap();
        assert_eq!(done.rows_affected(), 1);
    }
}

fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes
}

#[tokio::test]
async fn the_queue_comes_twenty_a_page_nearest_deadline_first_with_the_totals() {
    let w = world().await;
    let codes = w.submit(21).await;
    // The last one submitted is the most urgent, so the order is the deadline's, not the arrival's.
    w.set_step_due(&codes[20], today().add_days(-3).to_string())
        .await;

    let first = w.queue(&w.centre, "").await;
    assert_eq!(
        (
            &first["total"],
            &first["matched"],
            &first["page"],
            &first["per_page"],
            &first["pages"]
        ),
        (&json!(21), &json!(21), &json!(1), &json!(20), &json!(2)),
        "{first}"
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!(first["items"][0]["code"], codes[20].as_str());
    assert_eq!(first["overdue"], 1);
    let second = w.queue(&w.centre, "?page=2").await;
    assert_eq!(second["page"], 2);
    assert_eq!(second["matched"], 21);
    let mut all = strings(&first["items"], "code");
    all.extend(strings(&second["items"], "code"));
    assert_eq!(all.len(), 21);
    assert_eq!(sorted(all.clone()), sorted(codes.clone()), "every one once");
    let dues = strings(&first["items"], "step_due")
        .into_iter()
        .chain(strings(&second["items"], "step_due"))
        .collect::<Vec<_>>();
    assert!(dues.windows(2).all(|p| p[0] <= p[1]), "{dues:?}");

    // Past the last page: nothing, and the totals that say where the pages end.
    let past = w.queue(&w.centre, "?page=3").await;
    assert_eq!(past["items"], json!([]));
    assert_eq!((&past["matched"], &past["pages"]), (&json!(21), &json!(2)));
    assert_eq!(
        past["steps"],
        json!([{"id": "tiep-nhan", "name": first["steps"][0]["name"], "count": 21}])
    );
}

#[tokio::test]
async fn a_code_is_found_by_any_part_of_it_in_any_case() {
    let w = world().await;
    let codes = w.submit(3).await;
    let code = &codes[1];
    // A code is <agency>-YYMMDD-NNNN: its agency and day are shared by the three.
    let (day_part, _) = code.rsplit_once('-').unwrap();
    assert_eq!(
        w.codes(&format!("?code={}", enc(code))).await,
        [code.as_str()]
    );
    assert_eq!(
        w.codes(&format!("?code={}", enc(&code.to_lowercase())))
            .await,
        [code.as_str()]
    );
    assert_eq!(
        w.codes(&format!("?code=%20{}%20", enc(&code[code.len() - 6..])))
            .await,
        [code.as_str()],
        "the end of it, spaces around"
    );
    assert_eq!(
        w.codes(&format!("?code={}", enc(&day_part.to_lowercase())))
            .await,
        sorted(codes.clone())
    );
    let found = w
        .queue(&w.centre, &format!("?code={}", enc(&code[..18])))
        .await;
    assert_eq!((&found["matched"], &found["total"]), (&json!(3), &json!(3)));
    for nothing in ["%", "_", "H55-999999", "\\"] {
        let found = w.queue(&w.centre, &format!("?code={}", enc(nothing))).await;
        assert_eq!(found["items"], json!([]), "{nothing}");
        assert_eq!(
            (&found["matched"], &found["pages"], &found["total"]),
            (&json!(0), &json!(0), &json!(3))
        );
    }
}

#[tokio::test]
async fn each_filter_narrows_the_queue_and_they_combine() {
    let w = world().await;
    let (app, cal) = (&w.app, &w.cal);
    let c = w.submit(4).await;
    let day = today();
    app.act_ok(
        &w.centre,
        &c[3],
        1,
        json!({"action": "receive", "note": "Đủ"}),
    )
    .await;
    // 0 overdue, 1 due within two working days, 2 and 3 further off; 3 received.
    w.set_step_due(&c[0], day.add_days(-2).to_string()).await;
    w.set_step_due(&c[1], day.to_string()).await;
    w.set_step_due(&c[2], cal.add_working_days(day, 5).to_string())
        .await;
    w.set_step_due(&c[3], cal.add_working_days(day, 9).to_string())
        .await;

    assert_eq!(w.codes("?due=overdue").await, [c[0].clone()]);
    assert_eq!(w.codes("?due=near_due").await, [c[1].clone()]);
    assert_eq!(
        w.codes("?due=on_time").await,
        sorted(vec![c[2].clone(), c[3].clone()])
    );
    assert_eq!(w.codes("?status=received").await, [c[3].clone()]);
    assert_eq!(w.codes("?status=submitted").await, sorted(c[..3].to_vec()));
    assert_eq!(w.codes("?status=processing").await, Vec::<String>::new());
    assert_eq!(
        w.codes("?status=submitted&due=on_time").await,
        [c[2].clone()]
    );
    assert_eq!(w.codes("?step=tiep-nhan").await, sorted(c.clone()));
    assert_eq!(w.codes("?step=xu-ly").await, Vec::<String>::new());
    // Empty parameters, as a form sends them, filter nothing.
    assert_eq!(
        w.codes("?code=&step=&status=&due=&page=").await,
        sorted(c.clone())
    );
    let filtered = w.queue(&w.centre, "?status=received").await;
    assert_eq!(
        (
            &filtered["matched"],
            &filtered["total"],
            &filtered["overdue"],
            &filtered["near_due"]
        ),
        (&json!(1), &json!(4), &json!(1), &json!(1)),
        "the counts at the top are the whole queue's"
    );
    // What matches a step or a range of days alone is read from the queue's tallies: the same.
    for (query, matched) in [
        ("?due=overdue", 1),
        ("?due=near_due", 1),
        ("?due=on_time", 2),
        ("?step=tiep-nhan", 4),
        ("?step=xu-ly", 0),
        ("?step=tiep-nhan&due=on_time", 2),
        ("", 4),
    ] {
        assert_eq!(
            w.queue(&w.centre, query).await["matched"],
            matched,
            "{query}"
        );
    }

    // Forwarded, a dossier is at the police's processing step, and only there.
    app.act_ok(&w.centre, &c[3], 2, json!({"action": "forward"}))
        .await;
    let police = w.queue(&w.police, "?step=xu-ly&status=processing").await;
    assert_eq!(strings(&police["items"], "code"), [c[3].clone()]);
    assert_eq!(strings(&police["steps"], "id"), ["xu-ly"]);
    assert_eq!(w.codes("?step=xu-ly").await, Vec::<String>::new());
    assert_eq!(police["steps"][0]["count"], 1);
    assert_eq!(police["total"], 1);
    assert_tallies_are_counts(app).await;

    // The stored step is the workflow's current one, for each dossier filed and moved.
    let mut db = database(app).await;
    let drifted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM dossiers WHERE step_id IS DISTINCT FROM json_extract(workflow, \
         '$.steps[' || json_extract(workflow, '$.current') || '].step.id') \
         OR step_index IS DISTINCT FROM CAST(json_extract(workflow, '$.current') AS BIGINT)",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(drifted, 0);
}

#[tokio::test]
async fn bad_parameters_are_refused_each_by_name() {
    let w = world().await;
    let long = "9".repeat(65);
    for (query, field) in [
        ("?page=0".to_string(), "page"),
        ("?page=abc".to_string(), "page"),
        ("?page=10001".to_string(), "page"),
        ("?status=lost".to_string(), "status"),
        ("?due=late".to_string(), "due"),
        ("?due=early".to_string(), "due"),
        (format!("?code={long}"), "code"),
        (format!("?step={long}"), "step"),
    ] {
        let (status, body) = w
            .app
            .api_get(&w.centre, &format!("/officer/queue{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["code"], "invalid_parameters", "{query}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        let fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
        assert_eq!(fields, [field], "{query}: {body}");
    }
    let (status, body) = w
        .app
        .api_get(&w.centre, "/officer/queue?page=0&status=lost&due=x")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, ["due", "page", "status"], "every one at once");
    assert_eq!(
        strings(&body["problems"], "code"),
        ["not_an_option", "not_an_option", "out_of_range"]
    );

    // Not an officer: no queue, whatever the parameters.
    let (status, _) = w.app.api_get(&w.lan, "/officer/queue?page=0").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_agencys_dossiers_never_appear() {
    let w = world().await;
    let codes = w.submit(2).await;
    let builder = w.app.officer_session("canbo.xd", "so-xay-dung").await;
    for (who, cookie) in [("police", &w.police), ("construction", &builder)] {
        for query in [
            String::new(),
            format!("?code={}", enc(&codes[0])),
            "?step=tiep-nhan".to_string(),
            "?status=submitted".to_string(),
            "?due=on_time".to_string(),
            "?due=near_due".to_string(),
        ] {
            let q = w.queue(cookie, &query).await;
            assert_eq!(q["items"], json!([]), "{who} {query}");
            assert_eq!(
                (&q["matched"], &q["total"], &q["steps"]),
                (&json!(0), &json!(0), &json!([])),
                "{who} {query}"
            );
        }
    }
    assert_eq!(w.queue(&w.centre, "").await["matched"], 2);
}
