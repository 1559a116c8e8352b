use motcua_api::text::fold;
use unicode_normalization::UnicodeNormalization;

use crate::helpers::{codes, enc, names, spawn};

#[tokio::test]
async fn search_ignores_diacritics_case_and_normalization() {
    let app = spawn().await;
    let with = app
        .search(&format!("q={}&per_page=100", enc("Giấy phép xây dựng")))
        .await;
    let without = app.search("q=giay%20phep%20xay%20dung&per_page=100").await;
    let upper = app.search("q=GIAY%20PHEP%20XAY%20DUNG&per_page=100").await;
    let nfd: String = "giấy phép xây dựng".nfd().collect();
    let decomposed = app.search(&format!("q={}&per_page=100", enc(&nfd))).await;
    assert!(with["total"].as_u64().unwrap() >= 1);
    assert_eq!(codes(&with), codes(&without));
    assert_eq!(codes(&with), codes(&upper));
    assert_eq!(codes(&with), codes(&decomposed));
    let top = fold(&names(&without)[0]);
    assert!(top.contains("giay phep xay dung"), "top result: {top}");
}

#[tokio::test]
async fn d_with_stroke_folds_to_d() {
    let app = spawn().await;
    let a = app.search(&format!("q={}", enc("Đăng ký kết hôn"))).await;
    let b = app.search("q=dang%20ky%20ket%20hon").await;
    assert!(a["total"].as_u64().unwrap() >= 1);
    assert_eq!(codes(&a), codes(&b));
    assert!(fold(&names(&b)[0]).contains("ket hon"));
}

#[tokio::test]
async fn name_matches_rank_above_matches_deep_in_the_text() {
    let app = spawn().await;
    let body = app.search("q=khai%20sinh&per_page=100").await;
    let names: Vec<String> = names(&body).iter().map(|n| fold(n)).collect();
    let first_without = names
        .iter()
        .position(|n| !n.contains("khai sinh"))
        .unwrap_or(names.len());
    assert!(first_without > 0, "the top result names khai sinh");
    assert!(
        names[first_without..]
            .iter()
            .all(|n| !n.contains("khai sinh")),
        "every name match comes before the others: {names:?}"
    );
}

#[tokio::test]
async fn one_typo_in_a_word_is_tolerated() {
    let app = spawn().await;
    let exact = app.search("q=giay%20phep%20xay%20dung").await;
    // A wrong letter, a swapped pair, a missing letter and an extra one.
    for typo in ["dunh", "dnug", "dng", "duung"] {
        let body = app.search(&format!("q=giay%20phep%20xay%20{typo}")).await;
        let top = fold(&names(&body)[0]);
        assert!(top.contains("giay phep xay dung"), "{typo}: {top}");
        assert!(codes(&body).contains(&codes(&exact)[0]), "{typo}");
    }
    // The typo is read as the catalogue's word, said as "did you mean", and finds nothing the
    // word itself would not (it may find less: a phrase people say is no longer whole).
    let swapped = app.search("q=giay%20phpe%20xay%20dung&per_page=100").await;
    let all = app.search("q=giay%20phep%20xay%20dung&per_page=100").await;
    assert_eq!(swapped["reading"]["did_you_mean"], "giay phép xay dung");
    let every = codes(&all);
    assert!(codes(&swapped).iter().all(|c| every.contains(c)));
    let top3 = |body: &serde_json::Value| {
        let mut c = codes(body)[..3].to_vec();
        c.sort();
        c
    };
    assert_eq!(top3(&swapped), top3(&all));
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix_for_suggestions() {
    let app = spawn().await;
    let (status, body) = app.json("/suggest?q=ly%20lich%20tu%20ph").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.len() <= 8);
    assert!(fold(items[0]["name"]["vi"].as_str().unwrap()).contains("ly lich tu phap"));
    let (_, empty) = app.json("/suggest?q=").await;
    assert_eq!(empty["items"].as_array().unwrap().len(), 0);
    let (status, _) = app.json(&format!("/suggest?q={}", "a".repeat(201))).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn filters_narrow_and_facets_count() {
    let app = spawn().await;
    let all = app.search("per_page=100").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 150, "sample catalogue has {total} procedures");
    let field_sum: u64 = all["facets"]["field"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(field_sum, total);
    let first = &all["facets"]["field"][0];
    let id = first["id"].as_str().unwrap();
    let filtered = app.search(&format!("field={id}&per_page=100")).await;
    assert_eq!(filtered["total"], first["count"]);
    assert!(filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["field"] == id));
    // The chosen dimension still lists its alternatives with their own counts.
    assert_eq!(filtered["facets"]["field"], all["facets"]["field"]);
    let online = app.search(&format!("field={id}&online=toan-trinh")).await;
    let online_count = filtered["facets"]["online"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "toan-trinh")
        .map(|f| f["count"].clone())
        .unwrap_or(0.into());
    assert_eq!(online["total"], online_count);
    for level in all["facets"]["level"].as_array().unwrap() {
        let id = level["id"].as_str().unwrap();
        let body = app.search(&format!("level={id}")).await;
        assert_eq!(body["total"], level["count"]);
    }
}

#[tokio::test]
async fn pages_cover_every_result_once() {
    let app = spawn().await;
    let all = app.search("q=giay&per_page=100").await;
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(total > 7);
    let mut seen = Vec::new();
    for page in 1..=total.div_ceil(7) {
        let body = app.search(&format!("q=giay&per_page=7&page={page}")).await;
        seen.extend(codes(&body));
    }
    assert_eq!(seen.len(), total);
    let first_hundred = codes(&all);
    assert_eq!(seen[..first_hundred.len()], first_hundred[..]);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "no result twice");
    let beyond = app.search("q=giay&page=999").await;
    assert_eq!(beyond["items"].as_array().unwrap().len(), 0);
    assert_eq!(beyond["total"].as_u64().unwrap() as usize, total);
}

#[tokio::test]
async fn bad_parameters_get_400_with_code_and_message() {
    let app = spawn().await;
    let long = "a".repeat(201);
    for (query, field) in [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("online=maybe", "online"),
        ("field=no-such-field", "field"),
        ("agency=no-such-agency", "agency"),
        ("level=no-such-level", "level"),
        (&format!("q={long}") as &str, "q"),
    ] {
        let (status, body) = app.json(&format!("/procedures?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
        assert!(body["fields"][field].is_string(), "{query}: {body}");
    }
}

#[tokio::test]
async fn nothing_found_is_an_empty_list() {
    let app = spawn().await;
    let body = app.search("q=xqzxqzxqz").await;
    assert_eq!(body["total"], 0);
    assert_eq!(body["items"].as_array().unwrap().len(), 0);
}
