//! What searches teach, over HTTP: misses counted by their text for the officers who keep the
//! catalogue, the synonyms they add in force at the next search, and looks that order suggestions.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{codes, enc, spawn, TestApp};

const KARAOKE: &str = "1.004634";

impl TestApp {
    async fn misses(&self, cookie: &str) -> Vec<(String, u64, u64)> {
        let (status, body) = self.api_get(cookie, "/officer/search/misses").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["query"].as_str().unwrap().to_string(),
                    m["count"].as_u64().unwrap(),
                    m["found_now"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    async fn add_synonym(&self, cookie: &str, say: &str, mean: &str) -> (StatusCode, Value) {
        let response = self
            .post(
                "/officer/search/synonyms",
                &json!({"say": say, "mean": mean}),
                Some(cookie),
            )
            .await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn problem_codes(body: &Value) -> Vec<&str> {
    body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn misses_are_counted_by_their_text_for_the_catalogue_keepers_only() {
    let app = spawn().await;
    let keeper = app
        .officer_session("canbo.dm", "trung-tam-phuc-vu-hcc")
        .await;
    let police = app.officer_session("canbo.ca", "cong-an-tinh").await;
    let citizen = app.citizen("019190001234").await;

    for q in ["quán ktv", "  Quán   KTV ", "quán ktv"] {
        let body = app.search(&format!("q={}", enc(q))).await;
        assert_eq!(body["reading"]["missing"], json!(["ktv"]), "{q}");
    }
    // Filters narrow on purpose, later pages were counted with the first, and a search that finds
    // every word is no miss.
    app.search(&format!("q={}&field=ho-tich", enc("quán ktv")))
        .await;
    app.search(&format!("q={}&page=2", enc("quán ktv"))).await;
    app.search("q=karaoke").await;
    assert_eq!(
        app.search("q=xyzzyq").await["total"],
        0,
        "nothing at all is a miss too"
    );

    let misses = app.misses(&keeper).await;
    assert_eq!(misses[0], ("quán ktv".to_string(), 3, 0), "{misses:?}");
    assert!(misses.iter().any(|(q, n, _)| q == "xyzzyq" && *n == 1));
    assert!(!misses.iter().any(|(q, _, _)| q == "karaoke"));

    for (who, cookie) in [("police", &police), ("citizen", &citizen)] {
        for path in ["/officer/search/misses", "/officer/search/synonyms"] {
            let (status, body) = app.api_get(cookie, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}");
            assert_eq!(body["code"], "catalogue_keepers_only");
        }
        let (status, _) = app.add_synonym(cookie, "quán ktv", "karaoke").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let response = app.get("/api/v1/officer/search/misses").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_synonym_an_officer_adds_answers_the_next_search_until_removed() {
    let app = spawn().await;
    let keeper = app
        .officer_session("canbo.dm", "trung-tam-phuc-vu-hcc")
        .await;
    let before = app.search(&format!("q={}", enc("quán ktv"))).await;
    assert_ne!(codes(&before).first().map(String::as_str), Some(KARAOKE));

    // Rules first: both sides, different sides, words of the catalogue.
    let (status, body) = app.add_synonym(&keeper, " ", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_codes(&body), ["say_required", "mean_required"]);
    let (_, body) = app.add_synonym(&keeper, "Karaoke", "karaoke").await;
    assert_eq!(problem_codes(&body), ["synonym_same"]);
    let (_, body) = app
        .add_synonym(&keeper, "quán ktv", "xập xình karaoke")
        .await;
    assert_eq!(problem_codes(&body), ["mean_not_in_catalogue"]);
    assert_eq!(
        body["problems"][0]["params"]["words"],
        json!(["xập", "xình"])
    );
    assert_eq!(body["problems"][0]["field"], "mean");
    let (_, body) = app
        .add_synonym(&keeper, "sổ hồng", "giấy chứng nhận quyền sử dụng đất")
        .await;
    assert_eq!(
        problem_codes(&body),
        ["synonym_exists"],
        "the catalogue has it"
    );

    let (status, added) = app.add_synonym(&keeper, "Quán KTV", "karaoke").await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["added_by"], "Lê Văn Bình");
    let after = app.search(&format!("q={}", enc("quán ktv"))).await;
    assert_eq!(codes(&after)[0], KARAOKE);
    assert_eq!(after["reading"], json!({}));
    let suggested = app.json(&format!("/suggest?q={}", enc("quán kt"))).await.1;
    assert_eq!(suggested["items"][0]["code"], KARAOKE, "while typing too");
    let (_, body) = app.add_synonym(&keeper, "quán  ktv", "Karaoke").await;
    assert_eq!(problem_codes(&body), ["synonym_exists"], "folded alike");

    let (_, list) = app.api_get(&keeper, "/officer/search/synonyms").await;
    let items = list["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|s| s["say"] == "sổ hồng" && s.get("id").is_none()));
    assert_eq!(items.last().unwrap()["say"], "Quán KTV");

    let id = added["id"].as_i64().unwrap();
    let path = format!("/officer/search/synonyms/{id}");
    let gone = app.call(Method::DELETE, &path, &keeper).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let again = app.search(&format!("q={}", enc("quán ktv"))).await;
    assert_eq!(again["reading"]["missing"], json!(["ktv"]));
    let twice = app.call(Method::DELETE, &path, &keeper).await;
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
    for id in ["9223372036854775808", "x"] {
        let path = format!("/officer/search/synonyms/{id}");
        let none = app.call(Method::DELETE, &path, &keeper).await;
        assert_eq!(none.status(), StatusCode::NOT_FOUND, "{id}");
    }
}

async fn first_suggestion(app: &TestApp, q: &str) -> Value {
    app.json(&format!("/suggest?q={}", enc(q))).await.1["items"][0]["code"].clone()
}

#[tokio::test]
async fn synonyms_and_looks_outlive_a_restart() {
    let app = spawn().await;
    let keeper = app
        .officer_session("canbo.dm", "trung-tam-phuc-vu-hcc")
        .await;
    let (status, _) = app.add_synonym(&keeper, "quán ktv", "karaoke").await;
    assert_eq!(status, StatusCode::CREATED);
    // Five procedures complete "giấy phép lái xe" alike: the one people look at comes first.
    assert_ne!(first_suggestion(&app, "giấy phép lái xe").await, "1.012815");
    for _ in 0..3 {
        let response = app.get("/api/v1/procedures/1.012815").await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    // Answers stand for 30 s: asked another way, the suggestions are made afresh.
    assert_eq!(first_suggestion(&app, "giay phep lai xe").await, "1.012815");
    // Looks are written every ten seconds and at a reading of the misses.
    app.misses(&keeper).await;

    let again = crate::helpers::spawn_with(None, Some(app.data_dir.clone())).await;
    assert_eq!(
        first_suggestion(&again, "giấy phép lái xe").await,
        "1.012815"
    );
    let found = again.search(&format!("q={}", enc("quán ktv"))).await;
    assert_eq!(codes(&found)[0], KARAOKE);
}

#[tokio::test]
async fn the_misses_kept_are_bounded() {
    let app = spawn().await;
    let store = motcua_server::store::Store::open(&app.config.database_url())
        .await
        .unwrap();
    let flood: Vec<(String, u32, i64)> = (0..6_000)
        .map(|i| (format!("zqx{i}"), 1 + (i % 3) as u32, i as i64))
        .collect();
    store.add_misses(&flood).await.unwrap();
    let kept = store.top_misses(10_000).await.unwrap();
    assert_eq!(kept.len(), 5_000);
    let rarest = kept.iter().filter(|m| m.count == 1).count();
    assert_eq!(rarest, 1_000, "the rarest go first");
}
