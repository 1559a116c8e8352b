//! The public statistics: the monthly rows kept as dossiers move agree exactly with a recount from
//! the event log (over generated dossiers, and over dossiers moved through the API), a small
//! hand-made set gives the figures it should, and bad or unknown queries are refused.

use motcua_api::calendar::Calendar;
use motcua_api::stats::Month;
use motcua_server::config::Config;
use motcua_server::seed;
use motcua_server::state::open_store;
use motcua_server::stats::recount::recount;
use motcua_server::store::Store;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{database_url, spawn_with, TestApp};
use crate::lifecycle::world;

const LICENCE: &str = "1.012811";

/// The rows as stored and as counted again from the log must be the same, rolled-up ones too.
async fn assert_agrees(store: &Store, calendar: &Calendar) {
    let kept = store.stats_rows().await.unwrap().without_zeros();
    let counted = recount(store, calendar)
        .await
        .unwrap()
        .rolled_up()
        .without_zeros();
    assert!(!kept.monthly.is_empty(), "there are rows to compare");
    differ("the monthly counts", &kept.monthly, &counted.monthly);
    differ("the working days taken", &kept.days, &counted.days);
    differ("the ratings", &kept.ratings, &counted.ratings);
}

/// The rows that differ, kept and counted, if any.
fn differ<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
    what: &str,
    kept: &std::collections::BTreeMap<K, V>,
    counted: &std::collections::BTreeMap<K, V>,
) {
    let keys: std::collections::BTreeSet<&K> = kept.keys().chain(counted.keys()).collect();
    let wrong: Vec<String> = keys
        .into_iter()
        .filter(|k| kept.get(k) != counted.get(k))
        .take(5)
        .map(|k| {
            format!(
                "{k:?}: kept {:?}, counted {:?}",
                kept.get(k),
                counted.get(k)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{what}:\n{}", wrong.join("\n"));
}

fn this_month() -> Month {
    Month::in_vietnam(motcua_server::clock::now())
}

fn before(m: Month) -> Month {
    match m.month {
        1 => Month {
            year: m.year - 1,
            month: 12,
        },
        _ => Month {
            month: m.month - 1,
            ..m
        },
    }
}

async fn stats(app: &TestApp, query: &str) -> (u16, Value) {
    app.json(&format!("/stats?{query}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_dossiers_events_and_ratings_agree_with_a_recount() {
    let data = tempfile::TempDir::new().unwrap();
    let store = open_store(&Config::store_only(
        data.path().to_path_buf(),
        Some(database_url(data.path()).await),
    ))
    .await
    .unwrap();
    let catalogue = store.load_catalogue().await.unwrap();
    let summary = seed::generate(
        &store,
        &catalogue,
        &seed::Options {
            count: 600,
            seed: 14,
            password: "một mật khẩu dài".into(),
            citizens: None,
            projects: Some(4),
        },
    )
    .await
    .unwrap();
    let calendar = Calendar::new(catalogue.holidays.clone()).unwrap();
    assert!(store.stats_counted().await.unwrap());
    assert_agrees(&store, &calendar).await;
    let kept = store.stats_rows().await.unwrap();
    let province: Vec<_> = kept
        .monthly
        .iter()
        .filter(|((_, a, p), _)| a.is_empty() && p.is_empty())
        .map(|(_, c)| *c)
        .collect();
    let sum = |f: fn(&motcua_server::stats::upkeep::Counts) -> i64| -> i64 {
        province.iter().map(f).sum()
    };
    assert_eq!(sum(|c| c.received) as u64, summary.dossiers);
    let online = sum(|c| c.online);
    assert!(
        online > 0 && online < sum(|c| c.received),
        "some came in at the desk"
    );
    // The generated life of a dossier reaches every kind of figure.
    for (name, n) in [
        ("early", sum(|c| c.resolved_early)),
        ("late", sum(|c| c.resolved_late)),
        ("refused", sum(|c| c.refused)),
        ("withdrawn", sum(|c| c.withdrawn)),
        ("supplements", sum(|c| c.supplement_requests)),
    ] {
        assert!(n > 0, "{name}");
    }
    assert!(kept.ratings.values().any(|n| *n > 0), "ratings");

    // The server started on the generated data serves the same, without counting again.
    let app = spawn_with(None, Some(data.path().to_path_buf())).await;
    let to = this_month();
    let from = Month {
        year: to.year - 2,
        month: to.month,
    };
    let (status, report) = stats(&app, &format!("scope=province&from={from}&to={to}")).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["totals"]["received"], summary.dossiers);
    assert_eq!(report["months"].as_array().unwrap().len(), 25);
    let parts: u64 = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["scope"].as_str().unwrap().starts_with("agency:"))
        .map(|p| p["figures"]["received"].as_u64().unwrap())
        .sum();
    assert_eq!(
        parts, summary.dossiers,
        "the agencies add up to the province"
    );
}

fn criterion<'a>(figures: &'a Value, id: &str) -> &'a Value {
    figures["satisfaction"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion"] == id)
        .unwrap_or_else(|| panic!("{id} in {figures}"))
}

#[tokio::test]
async fn a_small_hand_made_set_gives_its_figures_and_agrees_with_a_recount() {
    let w = world().await;
    let (app, lan, centre, police) = (&w.app, &w.lan, &w.centre, &w.police);
    let code = |receipt: Value| receipt["code"].as_str().unwrap().to_string();
    // One dossier through supplement, result and return, rated then re-rated.
    let receipt = app.apply_for(lan, LICENCE).await;
    let with_fee = !receipt["fees"].is_null();
    let agency = receipt["agency"].as_str().unwrap().to_string();
    let p = code(receipt);
    app.act_ok(centre, &p, 1, json!({"action": "receive"}))
        .await;
    app.act_ok(
        centre,
        &p,
        2,
        json!({"action": "request_supplement", "note": "Thiếu", "items": ["Bản sao CCCD"]}),
    )
    .await;
    app.act_ok(
        lan,
        &p,
        3,
        json!({"action": "supplement", "note": "Đã gửi bản sao", "files": []}),
    )
    .await;
    app.act_ok(centre, &p, 4, json!({"action": "forward"}))
        .await;
    let result = app.pdf_upload(police, "ket-qua.pdf", "result").await;
    app.act_ok(
        police,
        &p,
        5,
        json!({"action": "result_ready", "files": [result]}),
    )
    .await;
    if with_fee {
        app.paid_at_desk(centre, &p).await;
    }
    app.act_ok(centre, &p, 6, json!({"action": "return"})).await;
    for (overall, on_time) in [(3, 2), (5, 4)] {
        let response = app
            .client
            .put(format!("{}/api/v1/dossiers/{p}/rating", app.base))
            .header("cookie", lan.as_str())
            .json(&json!({"overall": overall, "criteria": {"dung-han": on_time}}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    // One withdrawn, one refused.
    let q = code(app.apply_for(lan, LICENCE).await);
    app.act_ok(
        lan,
        &q,
        1,
        json!({"action": "withdraw", "note": "Nộp nhầm"}),
    )
    .await;
    let r = code(app.apply_for(lan, LICENCE).await);
    app.act_ok(centre, &r, 1, json!({"action": "refuse", "reason": "Sai"}))
        .await;

    let to = this_month();
    let from = before(to);
    let (status, report) = stats(app, &format!("scope=province&from={from}&to={to}")).await;
    assert_eq!(status, 200, "{report}");
    let t = &report["totals"];
    let fee = u64::from(with_fee) * 3;
    let expected = json!({
        "received": 3, "online": 3, "eid": 0, "with_fee": fee, "paid_online": 0,
        "resolved_early": 1, "resolved_on_time": 0, "resolved_late": 0,
        "results_electronic": 0, "refused": 1, "withdrawn": 1,
        "supplement_requests": 1, "apologies": 0, "legal_days_sum": 5,
    });
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&t[k], v, "{k} in {t}");
    }
    // Received after office hours it may count from the next working day: 0 or 1 days taken.
    let days = t["processing_days"].as_array().unwrap();
    assert_eq!(days.len(), 1, "{t}");
    assert_eq!(days[0][1], 1);
    assert!(days[0][0].as_u64().unwrap() <= 1);
    // The changed rating counts once, at its new points.
    assert_eq!(
        criterion(t, "overall")["distribution"],
        json!([0, 0, 0, 0, 1])
    );
    assert_eq!(
        criterion(t, "dung-han")["distribution"],
        json!([0, 0, 0, 1, 0])
    );
    assert_eq!(report["criteria"][0][0], "overall");
    // Every month of the period, the empty one too.
    let months = report["months"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[0]["month"], from.to_string());
    assert_eq!(months[0]["figures"]["received"], 0);
    assert_eq!(months[1]["figures"], report["totals"]);
    // The province's parts are its agencies, here the centre that received them, and its fields,
    // here the licence's: each with every figure, the feedback too.
    let parts = report["parts"].as_array().unwrap();
    let mut scopes: Vec<&str> = parts.iter().map(|p| p["scope"].as_str().unwrap()).collect();
    scopes.sort();
    assert_eq!(
        scopes,
        [format!("agency:{agency}"), "field:duong-bo".into()]
    );
    for part in parts {
        assert_eq!(part["figures"], report["totals"], "{}", part["scope"]);
        assert!(!part["name"]["vi"].as_str().unwrap().is_empty());
    }
    // The low first rating opened one follow-up case for the agency, counted as feedback.
    assert_eq!(t["feedback"]["received"], 1, "{t}");
    assert_eq!(months[1]["figures"]["feedback"]["received"], 1);

    // An agency's parts are its procedures; a field's too; a procedure's, the agencies doing it.
    for (scope, part) in [
        (format!("agency:{agency}"), format!("procedure:{LICENCE}")),
        ("field:duong-bo".to_string(), format!("procedure:{LICENCE}")),
        (format!("procedure:{LICENCE}"), format!("agency:{agency}")),
    ] {
        let (status, r) = stats(app, &format!("scope={scope}&from={from}&to={to}")).await;
        assert_eq!(status, 200, "{scope}: {r}");
        assert_eq!(r["totals"], report["totals"], "{scope}");
        assert_eq!(r["parts"][0]["scope"], part, "{scope}");
        assert_eq!(r["parts"][0]["figures"], report["totals"], "{scope}");
    }
    let (_, r) = stats(
        app,
        &format!("scope=procedure:{LICENCE}&from={from}&to={to}"),
    )
    .await;
    assert_eq!(r["legal_days"], 5);
    // Another agency has nothing in the period.
    let (_, r) = stats(app, &format!("scope=agency:so-tu-phap&from={from}&to={to}")).await;
    assert_eq!(r["totals"]["received"], 0);
    assert!(r["parts"].as_array().unwrap().is_empty());

    // The CSV: a row per month and the total, readable by spreadsheets.
    let response = app
        .get(&format!(
            "/api/v1/stats/csv?scope=province&from={from}&to={to}"
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(header("cache-control"), "no-cache");
    assert_eq!(
        header("content-disposition"),
        format!("attachment; filename=\"thong-ke-province-{from}-{to}.csv\"")
    );
    let body = response.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'), "a byte-order mark");
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{body}");
    assert!(lines[0].contains("Tiếp nhận / Received"));
    assert!(lines[1].starts_with(&format!("{from},0,0,")));
    assert!(lines[2].starts_with(&format!("{to},3,3,0,{fee},0,1,0,0,0,1,1,1,0,")));
    assert!(lines[3].starts_with("Tổng / Total,3,3,"));

    let store = Store::open(&app.config.database_url()).await.unwrap();
    assert_agrees(&store, &w.cal).await;
}

#[tokio::test]
async fn a_bad_query_names_its_fields_and_an_unknown_scope_is_not_found() {
    let app = crate::helpers::spawn().await;
    for (query, fields) in [
        ("scope=county&from=2026-01&to=2026-02", vec!["scope"]),
        ("scope=province&from=2026-13&to=2026", vec!["from", "to"]),
        ("scope=province&from=2026-05&to=2026-04", vec!["to"]),
        ("scope=province&from=2020-01&to=2026-04", vec!["to"]),
        ("", vec!["from", "to"]),
    ] {
        let (status, body) = stats(&app, query).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["code"], "invalid_query", "{query}");
        let mut named: Vec<&str> = body["fields"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        named.sort();
        assert_eq!(named, fields, "{query}: {body}");
        let codes: Vec<&str> = body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        assert!(!codes.is_empty(), "{query}");
    }
    let (_, body) = stats(&app, "scope=province&from=2026-05&to=2026-04").await;
    assert_eq!(body["problems"][0]["code"], "period_backwards");
    for scope in ["agency:khong-co", "field:khong-co", "procedure:9.999999"] {
        let (status, body) = stats(&app, &format!("scope={scope}&from=2026-01&to=2026-02")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("not_found")),
            "{scope}"
        );
        let response = app
            .get(&format!(
                "/api/v1/stats/csv?scope={scope}&from=2026-01&to=2026-02"
            ))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
