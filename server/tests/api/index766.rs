//! The Decision 766 index computed from dossiers driven through the API: a small month of work at
//! two agencies, each group's points worked out by hand below.

use motcua_api::calendar::Date;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::dossiers::{application_on, sample};
use crate::helpers::{spawn_at, TestApp};
use crate::lifecycle::{CENTRE, POLICE};

/// Closing a household business: a commune's office does every step, in 3 working days, with no
/// fee at all.
const CLOSING: &str = "1.001266";
/// Exchanging a driving licence: received and returned at the centre, decided by the police in 5
/// working days, with a fee.
const LICENCE: &str = "1.012811";

fn vn(d: &str, h: i64, m: i64) -> i64 {
    (Date::parse(d).unwrap().julian_day() - 2_440_588) * 86_400 + (h - 7) * 3600 + m * 60
}

impl TestApp {
    async fn apply_on_day(&self, cookie: &str, procedure: &str, day: &str, key: &str) -> String {
        let a = application_on(self, cookie, procedure, Date::parse(day).unwrap()).await;
        let response = self.submit(cookie, Some(key), &a.body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{procedure}");
        let receipt: Value = response.json().await.unwrap();
        receipt["code"].as_str().unwrap().to_string()
    }

    /// `action` on the dossier as it stands now.
    async fn act_now(&self, cookie: &str, code: &str, action: Value) -> Value {
        let version = self.dossier_view(cookie, code).await["version"]
            .as_u64()
            .unwrap();
        self.act_ok(cookie, code, version, action).await
    }

    /// Moves the dossier through its steps at `officer`'s agency until the result is ready.
    async fn act_until_result(&self, officer: &str, code: &str) {
        loop {
            let actions = self.dossier_view(officer, code).await["actions"].clone();
            let can = |a: &str| actions.as_array().unwrap().iter().any(|x| x == a);
            if can("result_ready") {
                let file = self.pdf_upload(officer, "Kết quả.pdf", code).await;
                self.act_now(
                    officer,
                    code,
                    json!({"action": "result_ready", "files": [file]}),
                )
                .await;
                return;
            }
            let next = ["receive", "forward"].into_iter().find(|a| can(a));
            let next = next.unwrap_or_else(|| panic!("{code}: stuck at {actions}"));
            self.act_now(officer, code, json!({ "action": next })).await;
        }
    }

    async fn rate_overall(&self, cookie: &str, code: &str, overall: u8) {
        let response = self
            .client
            .put(format!("{}/api/v1/dossiers/{code}/rating", self.base))
            .header("cookie", cookie)
            .json(&json!({ "overall": overall }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "rating {code}");
    }
}

/// `(max, out_of, points)` of each group.
fn groups(score: &Value) -> Vec<(u64, u64, f64)> {
    score["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["max"].as_u64().unwrap(),
                g["out_of"].as_u64().unwrap(),
                g["points"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn total(score: &Value) -> (f64, u64, f64) {
    (
        score["points"].as_f64().unwrap(),
        score["out_of"].as_u64().unwrap(),
        score["on_100"].as_f64().unwrap(),
    )
}

/// March 2026 has no holiday. Monday 2 March, three household businesses are closed at the first
/// commune's office (due Thursday 5) and a licence exchange (due Monday 9) is filed, all online;
/// the first closing is ready the same day (early), the second on Friday 6 (late), the third is
/// still waiting; the licence is ready on Monday 9 (on time). Rated 5, 3 and 4 (no low rating: one
/// of 1 or 2 opens a feedback case, which the feedback tests follow). No payment gateway, no VNeID,
/// no feedback, results collected at the desk.
#[tokio::test]
async fn the_766_groups_come_out_as_worked_by_hand() {
    let (app, clock) = spawn_at(vn("2026-03-02", 8, 0)).await;
    let catalogue = sample();
    let commune = catalogue
        .agencies
        .iter()
        .find(|a| a.id == "ubnd-xa")
        .unwrap()
        .commune_offices(&catalogue.places)[0]
        .id
        .clone();
    let lan = app.citizen("019190001234").await;
    let clerk = app.officer_session("hotich.xa", &commune).await;
    let centre = app.officer_session("tiepnhan.hcc", CENTRE).await;
    let police = app.officer_session("csgt.cat", POLICE).await;

    clock.set(vn("2026-03-02", 9, 0));
    let day = "2026-03-02";
    let b1 = app.apply_on_day(&lan, CLOSING, day, "index-766-b1").await;
    let b2 = app.apply_on_day(&lan, CLOSING, day, "index-766-b2").await;
    app.apply_on_day(&lan, CLOSING, day, "index-766-b3").await;
    let l1 = app.apply_on_day(&lan, LICENCE, day, "index-766-l1").await;

    clock.set(vn("2026-03-02", 10, 0));
    app.act_until_result(&clerk, &b1).await;
    app.act_now(&clerk, &b1, json!({"action": "return"})).await;
    app.rate_overall(&lan, &b1, 5).await;
    for a in ["receive", "forward"] {
        app.act_now(&clerk, &b2, json!({ "action": a })).await;
        app.act_now(&centre, &l1, json!({ "action": a })).await;
    }

    clock.set(vn("2026-03-06", 10, 0));
    app.act_until_result(&clerk, &b2).await;
    app.act_now(&clerk, &b2, json!({"action": "return"})).await;
    app.rate_overall(&lan, &b2, 3).await;

    clock.set(vn("2026-03-09", 10, 0));
    app.act_until_result(&police, &l1).await;
    app.paid_at_desk(&centre, &l1).await;
    app.act_now(&centre, &l1, json!({"action": "return"})).await;
    app.rate_overall(&lan, &l1, 4).await;

    let (status, ix) = app.json("/stats/index?from=2026-03&to=2026-03").await;
    assert_eq!(status, 200, "{ix}");
    assert_eq!(
        (ix["from"].as_str(), ix["to"].as_str()),
        (Some("2026-03"), Some("2026-03"))
    );

    // The province: 4 received, all online, none by VNeID; 1 owing a fee, not paid online; 3
    // results (1 early, 1 on time, 1 late), none electronic; ratings 5, 3, 4. The catalogue: 196
    // procedures, all complete, 76 fully online, 100 with a fee, none payable online here.
    // 1: 1.3 196/196 → 4 (1.1, 1.2, 1.4 not measured: 4 of 18 counted).
    // 2: 2/3 × 20 = 13.33.
    // 3: 3.1 76/196 = 0.3878 < 0.8 → 0.3878 × 6 / 0.8 = 2.91; 3.2 4/4 → 6; 3.3 0/100 → 0;
    //    3.4 0/1 → 0: 8.91 of 22.
    // 4: 4.1 0/3 → 0; 4.2 4/4 → 6; 4.4 0/4 → 0 (4.3 not measured): 6 of 17.
    // 5: no feedback, 5.1 and 5.2 left out; 5.3 (3 − 1 late − 0 low) / 3 = 0.6667 < 0.9
    //    → 0.6667 × 6 / 0.9 = 4.44 of 6.
    // 4 + 13.33 + 8.91 + 6 + 4.44 = 36.68 of 69; × 100 / 69 = 53.16.
    let province = &ix["province"];
    assert_eq!(
        groups(province),
        [
            (18, 4, 4.0),
            (20, 20, 13.33),
            (22, 22, 8.91),
            (22, 17, 6.0),
            (18, 6, 4.44)
        ]
    );
    assert_eq!(total(province), (36.68, 69, 53.16));
    let f31 = &province["groups"][2]["figures"][0];
    assert_eq!(
        (
            &f31["id"],
            &f31["numerator"],
            &f31["denominator"],
            &f31["threshold"]
        ),
        (&json!("3.1"), &json!(76), &json!(196), &json!(0.8))
    );
    let f11 = &province["groups"][0]["figures"][0];
    assert_eq!(
        (&f11["measured"], &f11["points"]),
        (&json!(false), &Value::Null)
    );
    assert!(f11["why"]["en"].as_str().unwrap().contains("no dates"));

    // The police: 1 received online, owing a fee; 1 result on time; rated 4. Its 11 procedures:
    // 4 fully online, 7 with a fee.
    // 1: 4 of 4. 2: 1/1 → 20. 3: 3.1 4/11 = 0.3636 → × 6 / 0.8 = 2.73; 3.2 6; 3.3 0; 3.4 0/1 → 0:
    // 8.73 of 22. 4: 4.1 0; 4.2 6; 4.4 0: 6 of 17. 5: 5.3 1/1 → 6 of 6.
    // 4 + 20 + 8.73 + 6 + 6 = 44.73 of 69; × 100 / 69 = 64.83.
    // The commune: 3 received online, no fee (3.4 left out); 2 results (1 early, 1 late); rated 5
    // and 3. The communes' 59 procedures: 16 fully online, 32 with a fee.
    // 1: 4 of 4. 2: 1/2 → 10. 3: 3.1 16/59 = 0.2712 → × 6 / 0.8 = 2.03; 3.2 6; 3.3 0: 8.03 of 17.
    // 4: 6 of 17. 5: 5.3 (2 − 1) / 2 = 0.5 → × 6 / 0.9 = 3.33 of 6.
    // 4 + 10 + 8.03 + 6 + 3.33 = 31.36 of 64; × 100 / 64 = 49.
    let agencies = ix["agencies"].as_array().unwrap();
    let ranked: Vec<(&str, u64, (f64, u64, f64))> = agencies
        .iter()
        .map(|a| {
            (
                a["agency"].as_str().unwrap(),
                a["rank"].as_u64().unwrap(),
                total(&a["score"]),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            (POLICE, 1, (44.73, 69, 64.83)),
            (commune.as_str(), 2, (31.36, 64, 49.0))
        ]
    );
    assert_eq!(
        groups(&agencies[0]["score"]),
        [
            (18, 4, 4.0),
            (20, 20, 20.0),
            (22, 22, 8.73),
            (22, 17, 6.0),
            (18, 6, 6.0)
        ]
    );
    assert_eq!(
        groups(&agencies[1]["score"]),
        [
            (18, 4, 4.0),
            (20, 20, 10.0),
            (22, 17, 8.03),
            (22, 17, 6.0),
            (18, 6, 3.33)
        ]
    );
    // What pulls the police down: 4.1 loses 6, 3.3, 3.4 and 4.4 lose 5 each, 3.1 6 − 2.73 = 3.27.
    let losses: Vec<(String, f64)> = agencies[0]["pulls_down"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["figure"].as_str().unwrap().to_string(),
                l["lost"].as_f64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, f64)> = [
        ("4.1", 6.0),
        ("3.3", 5.0),
        ("3.4", 5.0),
        ("4.4", 5.0),
        ("3.1", 3.27),
    ]
    .into_iter()
    .map(|(f, l)| (f.to_string(), l))
    .collect();
    assert_eq!(losses, want);

    // The period is checked as the statistics' is; a scope is not asked for and not read.
    let (status, body) = app.json("/stats/index?from=2026-04&to=2026-03").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "invalid_query");
    let (status, _) = app
        .json("/stats/index?from=2026-03&to=2026-03&scope=nonsense")
        .await;
    assert_eq!(status, 200);
}
