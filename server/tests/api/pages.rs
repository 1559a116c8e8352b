//! The catalogue's pages as the server sends them: readable from the first byte, in both languages, with
//! what search engines and link previews read, and every one of them in the sitemap.

use serde_json::Value;

use crate::helpers::{enc, spawn, TestApp};

/// The text between `from` and the next `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let start = html.find(from)? + from.len();
    let len = html[start..].find(to)?;
    Some(&html[start..start + len])
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The answers a page was sent with, by API path.
fn sent(html: &str) -> Vec<(String, u16, Value)> {
    html.split("<script type=\"application/json\" data-api=\"")
        .skip(1)
        .map(|rest| {
            let path = rest[..rest.find('"').unwrap()].replace("&amp;", "&");
            let status = between(rest, "data-status=\"", "\"")
                .unwrap()
                .parse()
                .unwrap();
            let body = between(rest, ">", "</script>").unwrap();
            (
                path,
                status,
                serde_json::from_str(body).unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_procedure_page_is_readable_from_its_first_byte_in_both_languages() {
    let app = spawn().await;
    let (_, detail) = app.json("/procedures/1.001193").await;
    let p = &detail["procedure"];
    let (status, html) = page(&app, "/thu-tuc/1.001193").await;
    assert_eq!(status, 200);
    let name = p["name"]["vi"].as_str().unwrap();
    assert_eq!(
        between(&html, "<title>", "</title>"),
        Some(format!("{} – Một Cửa", escaped(name)).as_str())
    );
    assert!(html.contains("<html lang=\"vi\">"));
    // The page itself: heading, every document, the steps and the legal basis, in the app's markup.
    let h1 = between(&html, "<h1 class=\"mc-page__title\">", "</h1>").unwrap();
    assert!(h1.contains(&escaped(name)), "{h1}");
    for doc in p["documents"].as_array().unwrap() {
        assert!(html.contains(&escaped(doc["name"]["vi"].as_str().unwrap())));
    }
    for step in p["steps"].as_array().unwrap() {
        assert!(html.contains(&escaped(step["vi"].as_str().unwrap())));
    }
    for law in p["legal_basis"].as_array().unwrap() {
        assert!(html.contains(&escaped(law.as_str().unwrap())));
    }
    assert!(html.contains("class=\"mc-summary-list\""));
    // The head: description, canonical, both languages, the preview.
    let description = between(&html, "<meta name=\"description\" content=\"", "\"").unwrap();
    assert!(description.starts_with(&escaped(name)), "{description}");
    assert!(
        html.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/thu-tuc/1.001193\">")
    );
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"http://127.0.0.1:8080/en/thu-tuc/1.001193\">"
    ));
    assert!(html.contains("<meta property=\"og:title\""));
    assert_eq!(html.matches("<meta name=\"description\"").count(), 1);
    assert_eq!(html.matches("<title>").count(), 1);
    // Structured data, as schema.org's GovernmentService.
    let data: Value = serde_json::from_str(
        between(&html, "<script type=\"application/ld+json\">", "</script>").unwrap(),
    )
    .unwrap();
    assert_eq!(data["@type"], "GovernmentService");
    assert_eq!(data["identifier"], "1.001193");
    assert_eq!(data["name"], p["name"]["vi"]);
    assert_eq!(data["provider"]["name"], detail["agency"]["name"]["vi"]);
    // The answers the page was drawn from are the API's, for the app to take over with: the
    // procedure and the questions answered about it.
    let (_, questions) = app.json("/questions?procedure=1.001193&page=1").await;
    assert_eq!(
        sent(&html),
        vec![
            ("/procedures/1.001193".to_string(), 200, detail.clone()),
            (
                "/questions?procedure=1.001193&page=1".to_string(),
                200,
                questions
            ),
        ]
    );
    assert!(html.contains("Câu hỏi đã được trả lời về thủ tục này"));

    // In English at its own address.
    let (status, html) = page(&app, "/en/thu-tuc/1.001193").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"en\">"));
    let english = p["name"]["en"].as_str().unwrap();
    assert_eq!(
        between(&html, "<title>", "</title>"),
        Some(format!("{} – Một Cửa", escaped(english)).as_str())
    );
    assert!(html
        .contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/en/thu-tuc/1.001193\">"));
    assert!(html.contains("Documents to provide"));
    // Its links stay in English, and the switch leads to the Vietnamese page.
    assert!(
        html.contains("href=\"/en/tim-kiem\""),
        "breadcrumbs in English"
    );
    assert!(html.contains("href=\"/thu-tuc/1.001193\""), "the switch");
}

#[tokio::test]
async fn home_and_search_results_are_drawn_by_the_server() {
    let app = spawn().await;
    let (_, fields) = app.json("/fields").await;
    let (status, html) = page(&app, "/").await;
    assert_eq!(status, 200);
    for f in fields["items"].as_array().unwrap() {
        if f["count"].as_u64().unwrap() > 0 {
            assert!(html.contains(&escaped(f["name"]["vi"].as_str().unwrap())));
        }
    }
    assert!(
        html.contains("action=\"/tim-kiem\""),
        "the search form works alone"
    );
    assert_eq!(sent(&html), vec![("/fields".to_string(), 200, fields)]);

    let found = app.search(&format!("q={}", enc("khai sinh"))).await;
    let (status, html) = page(&app, &format!("/tim-kiem?q={}", enc("khai sinh"))).await;
    assert_eq!(status, 200);
    for item in found["items"].as_array().unwrap() {
        assert!(html.contains(&format!(
            "href=\"/thu-tuc/{}\"",
            item["code"].as_str().unwrap()
        )));
        assert!(html.contains(&escaped(item["name"]["vi"].as_str().unwrap())));
    }
    assert_eq!(sent(&html)[0].2, found);
    assert!(html.contains("<title>Kết quả tìm kiếm “khai sinh” – Một Cửa</title>"));

    let (status, html) = page(&app, &format!("/en/tim-kiem?q={}", enc("khai sinh"))).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/en/thu-tuc/"),
        "results link to English pages"
    );

    // What is not there says so, with the status a crawler reads.
    let (status, html) = page(&app, "/thu-tuc/9.999999").await;
    assert_eq!(status, 404);
    assert!(html.contains("Không tìm thấy thủ tục"));
    let (status, html) = page(&app, "/tim-kiem?field=khong-co").await;
    assert_eq!(status, 400);
    assert!(html.contains("mc-notice"), "{html}");
    assert_eq!(page(&app, "/tim-kiem?page=0").await.0, 400);
    // `/en/` is `/en`.
    let response = app
        .client
        .get(format!("{}/en/", app.base))
        .send()
        .await
        .unwrap();
    assert!(response.url().path() == "/en" && response.status() == 200);
}

#[tokio::test]
async fn the_sitemap_lists_every_procedure_in_both_languages_and_each_answers_with_its_own_title() {
    let app = spawn().await;
    let robots = app.get("/robots.txt").await.text().await.unwrap();
    assert!(
        robots.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /api/"));
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    let xml = response.text().await.unwrap();
    let listed: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .map(|rest| rest[..rest.find("</loc>").unwrap()].to_string())
        .collect();

    // Every procedure in the catalogue, page by page.
    let mut codes = Vec::new();
    for n in 1.. {
        let found = app.search(&format!("page={n}")).await;
        let items = found["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        codes.extend(
            items
                .iter()
                .map(|i| i["code"].as_str().unwrap().to_string()),
        );
    }
    assert!(codes.len() > 100, "{}", codes.len());
    assert_eq!(
        listed.len(),
        2 * (codes.len() + 1),
        "home and each procedure, twice"
    );
    for code in &codes {
        for address in [format!("/thu-tuc/{code}"), format!("/en/thu-tuc/{code}")] {
            assert!(
                listed.contains(&format!("http://127.0.0.1:8080{address}")),
                "{address}"
            );
        }
    }
    // Each address answers with its own title, in its own language.
    for loc in &listed {
        let path = loc.strip_prefix("http://127.0.0.1:8080").unwrap();
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 200, "{path}");
        let title = between(&html, "<title>", "</title>").unwrap();
        let english = path.starts_with("/en");
        let expected = match path.rsplit_once("/thu-tuc/") {
            Some((_, code)) => {
                let (_, d) = app.json(&format!("/procedures/{code}")).await;
                let name = &d["procedure"]["name"];
                match name["en"].as_str().unwrap_or_default() {
                    en if english && !en.is_empty() => en.to_string(),
                    _ => name["vi"].as_str().unwrap().to_string(),
                }
            }
            None if english => "Find a public service".to_string(),
            None => "Tìm thủ tục hành chính".to_string(),
        };
        assert_eq!(title, format!("{} – Một Cửa", escaped(&expected)), "{path}");
    }
}
