use motcua_server::routes::ROUTES;

use crate::helpers::{area_html, enc, spawn, spawn_smtp, TestApp, INDEX_HTML};
use crate::mail::{free_port, smtp};

/// Every inline script of `html` is allowed by `csp`'s hashes, and nothing else inline is.
pub fn assert_scripts_allowed(html: &str, csp: &str) {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    for part in html.split("<script").skip(1) {
        let (tag, rest) = part.split_once('>').unwrap();
        if tag.contains("src=") || tag.contains("application/json") || tag.contains("ld+json") {
            continue;
        }
        let body = &rest[..rest.find("</script>").unwrap()];
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()));
        assert!(
            csp.contains(&format!("'sha256-{hash}'")),
            "{body} not in {csp}"
        );
    }
}

#[tokio::test]
async fn deep_links_reload_to_the_app_with_a_strict_csp() {
    let app = spawn().await;
    for path in [
        "/",
        "/thu-tuc/1.001193",
        "/tim-kiem?q=khai%20sinh",
        "/en/thu-tuc/1.001193",
        "/no/such/page",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(
            csp.contains("'sha256-"),
            "inline loader allowed by hash: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(headers["cache-control"], "no-cache");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let html = response.text().await.unwrap();
        assert_scripts_allowed(&html, &csp);
        if path == "/no/such/page" {
            assert_eq!(html, INDEX_HTML);
        } else {
            // Drawn by the server into the same page, the app fetched only when a field is first
            // used: nothing fetches it ahead.
            assert!(html.starts_with("<!doctype html><html lang="), "{html}");
            assert!(
                html.contains("import(\"/motcua-0123456789abcdef.js\")"),
                "{html}"
            );
            assert!(html.contains("module_or_path: \"/motcua-0123456789abcdef_bg.wasm\""));
            assert!(html.contains("addEventListener(\"focusin\""), "{html}");
            assert!(!html.contains("modulepreload") && !html.contains("rel=preload"));
            let drawn = &html[html
                .find("<div id=\"shell\">")
                .expect("drawn into the shell")..];
            assert!(drawn.contains("class=\"mc-skip-link\""), "{html}");
        }
    }
}

/// Signed in, as the form's and a dossier's pages send anyone else to sign in first; an unknown
/// procedure and dossiers the reader may not see come as the bare page, whose app says so.
#[tokio::test]
async fn each_signed_in_area_has_its_own_bundle() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    for (path, dir) in [
        ("/dang-nhap", "sign-in"),
        ("/dang-ky?x=1", "sign-in"),
        ("/tai-khoan", "account"),
        ("/thong-ke", "stats"),
        ("/thong-ke/chi-so-766", "stats-index"),
        ("/du-an", "projects"),
        ("/du-an/tao-moi", "new-project"),
        ("/phan-anh", "feedback"),
        ("/phan-anh/PA-1", "feedback-case"),
        ("/hoi-dap", "questions"),
        ("/nop-ho-so/9.999999", "form"),
        ("/ho-so", "dossiers"),
        ("/ho-so/X-1/bien-nhan", "dossiers"),
        ("/ho-so/X-1", "dossier"),
        ("/can-bo", "queue"),
        ("/doanh-nghiep", "company"),
        ("/can-bo/ho-so/X-1", "desk"),
        ("/can-bo/danh-gia", "office"),
        ("/can-bo/phan-anh/PA-1", "officer-feedback"),
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .header("cookie", &lan)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = area_html(dir);
        let sent = response.text().await.unwrap();
        // The form's page comes with answers at the end of its body, signed in the account's (see
        // below).
        let (head, _) = html.split_once("</body>").unwrap();
        assert!(
            sent.starts_with(head) && sent.ends_with("</body></html>"),
            "{path}: {sent}"
        );
        assert!(dir == "form" || sent == html, "{path}");
        // One policy allows every bundle's loader (the catalogue's and each area's), the drawn pages'
        // loaders (the catalogue's, each area's) and the server's two scripts.
        let loaders = 1 + motcua_api::paths::Bundle::SIGNED_IN.len();
        assert_eq!(csp.matches("'sha256-").count(), 2 * loaders + 2, "{csp}");
        assert_scripts_allowed(&sent, &csp);
    }
    assert_eq!(
        app.get("/dang-nhapx").await.text().await.unwrap(),
        INDEX_HTML
    );
}

#[tokio::test]
async fn precompressed_files_are_served_when_accepted() {
    let app = spawn().await;
    let response = app
        .client
        .get(format!("{}/no/such/page", app.base))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"brotli index");

    // A page the server draws is compressed as it is sent.
    let response = app
        .client
        .get(format!("{}/thu-tuc/1.001193", app.base))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");

    let response = app
        .client
        .get(format!("{}/motcua-0123456789abcdef_bg.wasm", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn real_files_are_files_and_missing_ones_are_404() {
    let app = spawn().await;
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(app.get("/missing-0123456789abcdef.js").await.status(), 404);
    assert_eq!(app.get("/favicon.ico").await.status(), 404);
}

#[tokio::test]
async fn unknown_api_routes_are_json_404s() {
    let app = spawn().await;
    let (status, body) = app.json("/no-such-route").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    let response = app
        .client
        .post(format!("{}/api/v1/procedures", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "method_not_allowed");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn().await;
    let (status, doc) = app.json("/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    let mut documented: Vec<&str> = paths.iter().map(|s| s.as_str()).collect();
    let mut routes = ROUTES.to_vec();
    documented.sort();
    routes.sort();
    assert_eq!(documented, routes);
}

/// The Strict-Transport-Security header of a page, an asset, an API answer and an API error.
async fn strict_transport(app: &TestApp) -> Vec<Option<String>> {
    let mut seen = Vec::new();
    for path in [
        "/",
        "/robots.txt",
        "/api/v1/health",
        "/api/v1/no-such-route",
    ] {
        let response = app.get(path).await;
        seen.push(
            response
                .headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap().to_string()),
        );
    }
    seen
}

#[tokio::test]
async fn an_https_site_tells_browsers_to_use_https_only() {
    let app = spawn_smtp(smtp(free_port())).await;
    assert!(app
        .config
        .smtp
        .as_ref()
        .unwrap()
        .site_url
        .starts_with("https://"));
    let hsts = Some("max-age=31536000; includeSubDomains".to_string());
    assert_eq!(strict_transport(&app).await, vec![hsts; 4]);
}

#[tokio::test]
async fn an_http_site_never_sends_strict_transport_security() {
    let mut config = smtp(free_port());
    config.site_url = "http://motcua.local".into();
    let app = spawn_smtp(config).await;
    assert_eq!(strict_transport(&app).await, vec![None; 4]);
    // Nor one whose address is unknown.
    assert_eq!(strict_transport(&spawn().await).await, vec![None; 4]);
}

#[tokio::test]
async fn a_page_load_with_a_session_but_no_signed_in_mark_gets_the_mark() {
    let app = spawn().await;
    let mark = |cookies: &'static str| {
        let app = &app;
        async move {
            let mut request = app.client.get(format!("{}/tai-khoan", app.base));
            if !cookies.is_empty() {
                request = request.header("cookie", cookies);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response
                .headers()
                .get("set-cookie")
                .map(|v| v.to_str().unwrap().to_string())
        }
    };
    // A session begun before the mark existed: the app would think itself signed out.
    let set = mark("motcua_session=abc").await.unwrap();
    assert!(set.starts_with("motcua_signed_in=1;"), "{set}");
    assert!(!set.contains("HttpOnly"), "the app reads it: {set}");
    assert_eq!(mark("motcua_session=abc; motcua_signed_in=1").await, None);
    assert_eq!(mark("").await, None);
}

/// What a phone asks with `Accept-Encoding: br` gets: a JSON answer worth compressing in brotli,
/// the same JSON once decoded; a small answer and a stored file as they are, a file with its length.
#[tokio::test]
async fn json_answers_are_sent_in_brotli_and_files_as_stored() {
    use std::io::Read;
    let app = spawn().await;
    let ask = |path: &str, cookie: &str| {
        app.client
            .get(format!("{}/api/v1{path}", app.base))
            .header("accept-encoding", "gzip, deflate, br, zstd")
            .header("cookie", cookie)
            .send()
    };
    let plain = app.get("/api/v1/places").await.bytes().await.unwrap();
    let sent = ask("/places", "").await.unwrap();
    assert_eq!(sent.headers()["content-encoding"], "br");
    let sent = sent.bytes().await.unwrap();
    assert!(
        sent.len() * 4 < plain.len(),
        "{} bytes in brotli for {} plain",
        sent.len(),
        plain.len()
    );
    let mut decoded = Vec::new();
    brotli_decompressor::Decompressor::new(&sent[..], 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert!(decoded == plain, "the same JSON");

    let small = ask("/health", "").await.unwrap();
    assert_eq!(small.status(), 200);
    assert!(small.headers().get("content-encoding").is_none());

    let lan = app.citizen("019190001234").await;
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'a', 64 * 1024));
    pdf.extend_from_slice(b"\n%%EOF\n");
    let info: serde_json::Value = app
        .upload(&lan, "don.pdf", pdf.clone())
        .await
        .json()
        .await
        .unwrap();
    let file = ask(&format!("/uploads/{}", info["id"].as_str().unwrap()), &lan)
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert!(file.headers().get("content-encoding").is_none());
    assert_eq!(file.content_length(), Some(pdf.len() as u64));
    assert!(file.bytes().await.unwrap() == pdf);
}

/// The API answers a page was sent with, by path.
fn answers(html: &str) -> Vec<(String, serde_json::Value)> {
    html.split("<script type=\"application/json\" data-api=\"")
        .skip(1)
        .map(|part| {
            let (path, rest) = part.split_once('"').unwrap();
            let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
            (path.to_string(), serde_json::from_str(body).unwrap())
        })
        .collect()
}

/// Where `path` sends whoever holds `cookie`, unfollowed: the status, `Location` and `Cache-Control`.
async fn redirect_of(app: &TestApp, cookie: &str, path: &str) -> (u16, String, String) {
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let header = |name| {
        response.headers()[name]
            .to_str()
            .unwrap_or_default()
            .to_string()
    };
    (
        response.status().as_u16(),
        header("location"),
        header("cache-control"),
    )
}

/// A page as a signed-in browser gets it: its status, `Cache-Control` and HTML.
async fn page_as(app: &TestApp, cookie: &str, path: &str) -> (u16, String, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_string();
    (
        response.status().as_u16(),
        cache,
        response.text().await.unwrap(),
    )
}

/// Keeps Lan's application for a criminal record certificate, her name typed, left at page `step`.
async fn lans_draft_at(app: &TestApp, cookie: &str, step: &str) {
    let draft = serde_json::json!({
        "procedure": "2.000488",
        "step": step,
        "answers": {"nguoi-yeu-cau": {"ho_ten": "Nguyễn Thị Lan"}},
    });
    let put = app
        .client
        .put(format!("{}/api/v1/drafts/draft-0001-abcd", app.base))
        .header("cookie", cookie)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
}

/// Signed in, the form's page comes with the procedure and its form, as the API gives them, so the
/// app asks for neither. Signed out, it sends the reader to sign in at once, where its app would have
/// been fetched only to send them there; a procedure without a form comes alone (its page says so
/// before anyone signs in), an unknown code with nothing.
#[tokio::test]
async fn the_form_page_is_sent_with_its_procedure_and_form() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let (status, _, html) = page_as(&app, &lan, "/nop-ho-so/2.000488").await;
    assert_eq!(status, 200);
    let sent = answers(&html);
    let paths: Vec<&str> = sent.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        &paths[..2],
        ["/procedures/2.000488", "/procedures/2.000488/form"]
    );
    for (path, body) in &sent[..2] {
        assert_eq!(&app.json(path).await.1, body, "{path}");
    }

    for (cookie, path) in [
        ("", "/nop-ho-so/2.000488"),
        ("motcua_session=not-a-session", "/nop-ho-so/2.000488"),
        ("", "/nop-ho-so/2.000488?du-an=p-1&buoc=b-1"),
    ] {
        let (status, location, cache) = redirect_of(&app, cookie, path).await;
        assert_eq!(status, 303, "{cookie} {path}");
        assert_eq!(location, motcua_api::paths::sign_in(Some(path)));
        assert_eq!(cache, "no-store");
    }

    let html = app.get("/nop-ho-so/2.001016").await.text().await.unwrap();
    let sent = answers(&html);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1["has_form"], false);

    let html = app.get("/nop-ho-so/9.999999").await.text().await.unwrap();
    assert!(answers(&html).is_empty());
    assert_eq!(html, area_html("form"));
}

/// A form sent by a browser running no script is answered with a page saying the form needs
/// JavaScript and linking back to it, in the reader's language; nothing sent is echoed.
#[tokio::test]
async fn a_form_sent_without_script_is_told_it_needs_javascript() {
    let app = spawn().await;
    for (lang, title) in [
        ("vi", "Cần bật JavaScript để nộp hồ sơ"),
        ("en", "JavaScript is needed to apply"),
    ] {
        let response = app
            .client
            .post(format!("{}/nop-ho-so/2.000488", app.base))
            .header("cookie", format!("motcua_lang={lang}"))
            .form(&[("full_name", "Nguyễn Thị Lan")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{lang}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<title>{title} – Một Cửa</title>")),
            "{html}"
        );
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{html}");
        assert!(html.contains("href=\"/nop-ho-so/2.000488\""), "{html}");
        assert!(!html.contains("Nguyễn Thị Lan"));
    }
}

/// Signed in, the form's page comes with the account and its drafts too, each as the API answers
/// that account, and starts the places at once; it is then the account's own and never stored.
/// Signed out it carries nothing of anyone's and may be kept.
#[tokio::test]
async fn a_signed_in_form_page_comes_with_the_account_and_its_drafts_and_is_never_stored() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    lans_draft_at(&app, &lan, "").await;

    let (status, cache, html) = page_as(&app, &lan, "/nop-ho-so/2.000488").await;
    assert_eq!((status, cache.as_str()), (200, "no-store"));
    let sent = answers(&html);
    let paths: Vec<&str> = sent.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/procedures/2.000488",
            "/procedures/2.000488/form",
            "/notifications/unread",
            "/me",
            "/drafts/draft-0001-abcd",
            "/drafts",
            "/places"
        ]
    );
    for (path, body) in &sent {
        assert_eq!(&app.api_get(&lan, path).await.1, body, "{path}");
    }
    assert_eq!(sent[2].1["unread"], 0);
    assert_eq!(sent[3].1["identifier"], "019190001234");
    assert_eq!(
        sent[4].1["answers"]["nguoi-yeu-cau"]["ho_ten"],
        "Nguyễn Thị Lan"
    );
    assert_eq!(sent[5].1["items"][0]["id"], "draft-0001-abcd");
    // Another procedure's page carries the list, and none of the drafts in full.
    let (_, _, html) = page_as(&app, &lan, "/nop-ho-so/1.013227").await;
    let paths: Vec<String> = answers(&html).into_iter().map(|(p, _)| p).collect();
    assert!(paths.contains(&"/drafts".to_string()), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.starts_with("/drafts/")),
        "{paths:?}"
    );
    assert_eq!(paths.last().map(String::as_str), Some("/places"));
    // A project's step is not drawn: its places are asked for at once instead.
    let (_, _, html) = page_as(&app, &lan, "/nop-ho-so/2.000488?du-an=p-1&buoc=b-1").await;
    assert!(!html.contains("<div id=\"shell\">"));
    let paths: Vec<String> = answers(&html).into_iter().map(|(p, _)| p).collect();
    assert!(!paths.contains(&"/places".to_string()), "{paths:?}");
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        head.ends_with("<link rel=\"preload\" as=\"fetch\" href=\"/api/v1/places\" crossorigin>"),
        "{head}"
    );
    // An address naming no whole step (the same rule as the app's) is an application of its own.
    for own in [
        "/nop-ho-so/2.000488?du-an=&buoc=b-1",
        "/nop-ho-so/2.000488?du-an=p-1",
    ] {
        let (_, _, html) = page_as(&app, &lan, own).await;
        assert!(html.contains("<div id=\"shell\">"), "{own}");
    }

    // Another account's page has its own account and none of Lan's drafts.
    let minh = app.citizen("001190001234").await;
    let (_, _, html) = page_as(&app, &minh, "/nop-ho-so/2.000488").await;
    let sent = answers(&html);
    assert_eq!(sent[3].1["identifier"], "001190001234");
    assert_eq!(
        sent[4],
        ("/drafts".to_string(), serde_json::json!({"items": []}))
    );

    // A procedure without a form asks for no places and is not drawn.
    let (_, _, html) = page_as(&app, &lan, "/nop-ho-so/2.001016").await;
    assert!(!html.contains("rel=\"preload\" as=\"fetch\""));
    assert!(!html.contains("/places"));
    assert!(!html.contains("<div id=\"shell\">"));
}

/// How a drawn page of an area starts its app: always on use — a field takes the focus or is filled,
/// a button is tapped — and besides:
enum Started {
    /// at once when the browser kept its own copy of the application: the form's;
    OrKept,
    /// when the dossier's live events say it changed: a dossier's, whose reading fetches nothing more.
    OrChanged,
}

/// `html` is `area`'s page as the server draws it: its app started as `started` says, by a loader the
/// policy allows, and nothing of the app fetched ahead of it.
async fn assert_started(app: &TestApp, html: &str, area: &str, started: Started) {
    let loader =
        format!("const bindings = await import(\"/{area}/motcua-apply-0123456789abcdef.js\");");
    assert!(html.contains(&loader), "{html}");
    assert!(html.contains("[\"focusin\", \"click\", \"input\", \"change\"]"));
    assert!(!html.contains("largest-contentful-paint"));
    let kept = format!(
        "localStorage.getItem(\"{}\"",
        motcua_apply::saved::application_key("")
    );
    let live = "new EventSource(\"/api/v1/dossiers/\"";
    match started {
        Started::OrKept => assert!(html.contains(&kept) && !html.contains(live)),
        Started::OrChanged => assert!(html.contains(live) && !html.contains(&kept)),
    }
    assert!(!html.contains("modulepreload") && !html.contains("_bg.wasm rel=preload"));
    let csp = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    crate::web::assert_scripts_allowed(html, &csp);
}

/// What the server drew of a page: its `#shell`, which comes before the answers.
fn drawn(html: &str) -> &str {
    let start = html.find("<div id=\"shell\">").expect("a drawn page");
    &html[start
        ..start
            + html[start..]
                .find("<script type=\"application/json\"")
                .unwrap()]
}

/// Signed in, the form's page comes drawn as the app opens it, in the reader's language: a new
/// application filled in from the account (its address by the places it names), or a draft at the
/// page it was left on; every kind of page of an application draws on the server, whose process a
/// browser-only call while drawing would end. Its app starts once used.
#[tokio::test]
async fn a_signed_in_form_page_is_drawn_as_the_app_opens_it() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let (status, _, html) = page_as(&app, &lan, "/nop-ho-so/2.000488").await;
    assert_eq!(status, 200);
    let page = drawn(&html);
    assert!(page.contains("Thông tin người yêu cầu cấp Phiếu"), "{page}");
    assert!(page.contains("Bước 1 trên 8"), "{page}");
    assert!(page.contains("value=\"Nguyễn Thị Lan\""), "{page}");
    assert!(page.contains("value=\"019190001234\""), "{page}");
    // The address is filled from the account's by its places: the commune chosen.
    assert!(page.contains("selected"), "{page}");
    assert_started(&app, &html, "form", Started::OrKept).await;
    let (_, _, english) = page_as(
        &app,
        &format!("{lan}; motcua_lang=en"),
        "/nop-ho-so/2.000488",
    )
    .await;
    assert!(english.contains("<html lang=\"en\">"));
    let page = drawn(&english);
    assert!(
        page.contains("Applicant") && page.contains("Step 1 of 8"),
        "{page}"
    );
    assert!(!page.contains("Bước"), "{page}");

    // A draft opens at the page it was left on, whichever it is.
    let pages = [
        ("cha-me-vo-chong", 2),
        ("qua-trinh-cu-tru", 3),
        ("yeu-cau", 4),
        ("giay-to", 5),
        ("nhan-ket-qua", 6),
        ("le-phi", 7),
        ("kiem-tra", 8),
    ];
    for (step, n) in pages {
        lans_draft_at(&app, &lan, step).await;
        let (status, _, html) = page_as(&app, &lan, "/nop-ho-so/2.000488").await;
        assert_eq!(status, 200, "{step}");
        let page = drawn(&html);
        assert!(page.contains(&format!("Bước {n} trên 8")), "{step}: {page}");
        assert!(page.contains("<h1"), "{step}: {page}");
    }
}

/// A dossier's page comes with the dossier and its form, as the API answers the one asking, to
/// whoever may read it — its owner on the applicant's page, an officer of the agency holding it on the
/// officer's — and the read is recorded once, as the app's own would be; to anyone else it is the bare
/// page, whose app is then told what the API tells them (no such dossier).
#[tokio::test]
async fn a_dossier_page_comes_with_the_dossier_only_to_whoever_may_read_it() {
    use crate::lifecycle::{world, LICENCE};
    let w = world().await;
    let app = &w.app;
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap();
    let api_path = format!("/dossiers/{}", enc(code));
    let form_path = format!("/procedures/{LICENCE}/form");

    for (cookie, page, area) in [
        (&w.lan, format!("/ho-so/{code}"), "dossier"),
        (&w.centre, format!("/can-bo/ho-so/{code}"), "desk"),
    ] {
        let (status, cache, html) = page_as(app, cookie, &page).await;
        assert_eq!((status, cache.as_str()), (200, "no-store"), "{page}");
        if area == "desk" {
            // Sending the page was the officer's read of it, recorded as the app's would be.
            let owner = app.api_get(&w.lan, &api_path).await.1;
            assert_eq!(owner["access"].as_array().unwrap().len(), 1, "{owner}");
        }
        // The area's page, its app started once used or when the dossier changes, as the policy
        // allows: reading it fetches nothing more.
        assert_started(app, &html, area, Started::OrChanged).await;
        let sent = answers(&html);
        let paths: Vec<&str> = sent.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/notifications/unread",
                api_path.as_str(),
                form_path.as_str()
            ],
            "{page}"
        );
        for (path, body) in &sent {
            let mut asked = app.api_get(cookie, path).await.1;
            let mut body = body.clone();
            // Reading it again is one more line of the access log: the rest is the same.
            for v in [&mut asked, &mut body] {
                if let Some(o) = v.as_object_mut() {
                    o.remove("access");
                }
            }
            assert_eq!(asked, body, "{page} {path}");
        }
        assert_eq!(sent[1].1["code"], code);
        // Drawn from them, before the answers: the status, in Vietnamese, and the header's link to
        // the inbox.
        let drawn = &html[html.find("<div id=\"shell\">").expect(&page)
            ..html.find("<script type=\"application/json\"").unwrap()];
        assert!(drawn.contains("id=\"dossier-status\""), "{page}: {drawn}");
        assert!(drawn.contains(&format!("Hồ sơ {code}")), "{page}");
        assert!(drawn.contains("Tình trạng hồ sơ"), "{page}");
        assert!(
            drawn.contains("<a href=\"/thong-bao\" class=\"mc-header__link mc-header__inbox\">"),
            "{page}"
        );
        // In English for a reader who chose it (the app keeps the choice in a cookie).
        let (_, _, english) = page_as(app, &format!("{cookie}; motcua_lang=en"), &page).await;
        assert!(english.contains("<html lang=\"en\">"), "{page}");
        assert!(english.contains("Status of the dossier"), "{page}");
        assert!(!english.contains("Tình trạng hồ sơ"), "{page}");
    }
    // Read again at once (the API above), it is the same visit.
    let owner = app.api_get(&w.lan, &api_path).await.1;
    let access = owner["access"].as_array().unwrap();
    assert_eq!(access.len(), 1, "{owner}");
    assert_eq!(access[0]["agency"], "trung-tam-phuc-vu-hcc");

    let stranger = app.citizen("001190001234").await;
    let builder = app.officer_session("canbo.sxd", "so-xay-dung").await;
    for (cookie, page, area) in [
        (stranger.as_str(), format!("/ho-so/{code}"), "dossier"),
        (builder.as_str(), format!("/can-bo/ho-so/{code}"), "desk"),
    ] {
        let (status, _, html) = page_as(app, cookie, &page).await;
        assert_eq!(status, 200);
        assert_eq!(html, area_html(area), "{cookie} {page}");
    }
    // Signed out, to sign in first (the app would go there once loaded), whose code is nobody's
    // business: the address only says where to come back to.
    for page in [format!("/ho-so/{code}"), format!("/can-bo/ho-so/{code}")] {
        let (status, location, cache) = redirect_of(app, "", &page).await;
        assert_eq!((status, cache.as_str()), (303, "no-store"), "{page}");
        assert_eq!(location, motcua_api::paths::sign_in(Some(&page)));
    }
    assert_eq!(app.api_get(&stranger, &api_path).await.0, 404);
    assert_eq!(app.api_get(&builder, &api_path).await.0, 404);
}
