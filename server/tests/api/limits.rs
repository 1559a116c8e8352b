//! What one client may hold of the server: live streams end with their session and are few per
//! account, slow clients are cut off, connections are capped, uploads and submissions are limited per
//! address, unsubmitted uploads and drafts per account, and what is left untouched is swept away.

use std::time::{Duration, Instant};

use motcua_server::config::Limits;
use motcua_server::state::AppState;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::accounts::{citizen, session};
use crate::dossiers::PDF;
use crate::helpers::{on_s3, spawn, spawn_limited, TestApp};

const PROCEDURE: &str = "1.001193";
const DAY: i64 = 24 * 3600;

fn quick() -> Limits {
    Limits {
        session_check: Duration::from_millis(300),
        ..Limits::default()
    }
}

impl TestApp {
    /// Another session of Lan's, as on a second device.
    async fn sign_in_again(&self, id: &str) -> String {
        let response = self
            .post(
                "/auth/login",
                &json!({"identifier": id, "password": citizen(id)["password"]}),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        session(&response)
    }

    async fn sign_out(&self, cookie: &str) {
        let response = self.post("/auth/logout", &json!({}), Some(cookie)).await;
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// A distinct small PDF.
    async fn upload_pdf(&self, cookie: &str, tag: usize) -> reqwest::Response {
        let mut bytes = PDF.to_vec();
        bytes.extend(format!("% {tag}\n").bytes());
        self.upload(cookie, &format!("tep-{tag}.pdf"), bytes).await
    }
}

/// Whether the stream ends (the server closes it) within `limit`.
async fn ends_within(mut stream: reqwest::Response, limit: Duration) -> bool {
    tokio::time::timeout(limit, async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn a_live_stream_ends_soon_after_its_session_does() {
    let app = spawn_limited(quick()).await;
    let lan = app.citizen("019190001234").await;
    let receipt = app.apply_for(&lan, PROCEDURE).await;
    let code = receipt["code"].as_str().unwrap();
    let phone = app.sign_in_again("019190001234").await;

    let on_laptop = app.live(&lan, code, "").await;
    let on_phone = app.live(&phone, code, "").await;
    assert_eq!(on_laptop.status(), StatusCode::OK);
    assert_eq!(on_phone.status(), StatusCode::OK);
    app.sign_out(&lan).await;
    assert!(ends_within(on_laptop, Duration::from_secs(5)).await);
    // The other session's stream goes on.
    assert!(!ends_within(on_phone, Duration::from_secs(1)).await);
}

#[tokio::test]
async fn an_account_holds_only_a_few_live_streams_and_gets_them_back() {
    let limits = quick();
    let per_account = limits.streams_per_account;
    let app = spawn_limited(limits).await;
    let lan = app.citizen("019190001234").await;
    let code = app.apply_for(&lan, PROCEDURE).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let phone = app.sign_in_again("019190001234").await;

    // All at once, from two sessions: exactly as many as allowed open.
    let mut opening = Vec::new();
    for i in 0..per_account + 3 {
        let (client, base, code) = (app.client.clone(), app.base.clone(), code.clone());
        let cookie = if i % 2 == 0 {
            lan.clone()
        } else {
            phone.clone()
        };
        opening.push(tokio::spawn(async move {
            client
                .get(format!("{base}/api/v1/dossiers/{code}/live"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }));
    }
    let mut open = Vec::new();
    let mut refused = 0;
    for o in opening {
        let response = o.await.unwrap();
        if response.status() == StatusCode::OK {
            open.push(response);
            continue;
        }
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key("retry-after"));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "too_many_streams");
        refused += 1;
    }
    assert_eq!((open.len(), refused), (per_account, 3));
    // Someone else's are their own.
    let minh = app.citizen("001190001234").await;
    assert_eq!(
        app.live(&minh, &code, "").await.status(),
        StatusCode::NOT_FOUND
    );

    // Signing out one session ends its streams and gives their places back.
    app.sign_out(&lan).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let again = app.live(&phone, &code, "").await;
    assert_eq!(again.status(), StatusCode::OK);
}

/// Reads what the server sends until it closes the connection, within `limit`; `None` if it does
/// not.
async fn read_until_closed(tcp: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut seen = Vec::new();
    let read = tokio::time::timeout(limit, tcp.read_to_end(&mut seen)).await;
    read.ok()
        .map(|_| String::from_utf8_lossy(&seen).into_owned())
}

#[tokio::test]
async fn a_client_slow_with_its_headers_is_disconnected() {
    let app = spawn_limited(Limits {
        header_timeout: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    let address = app.base.trim_start_matches("http://").to_string();
    let mut tcp = TcpStream::connect(&address).await.unwrap();
    tcp.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: motcua\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    assert!(
        read_until_closed(&mut tcp, Duration::from_secs(5))
            .await
            .is_some(),
        "still open"
    );
    assert!(started.elapsed() >= Duration::from_millis(800));
}

#[tokio::test]
async fn a_stalled_upload_is_cut_off_and_leaves_nothing() {
    let app = spawn_limited(Limits {
        body_idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    let lan = app.citizen("019190001234").await;
    let address = app.base.trim_start_matches("http://").to_string();
    let mut tcp = TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/v1/uploads?name=a.pdf HTTP/1.1\r\nHost: motcua\r\nCookie: {lan}\r\n\
         Content-Length: 100000\r\n\r\n%PDF-1.4\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut tcp, Duration::from_secs(5))
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert_eq!(app.files_kept().await, 0, "no file, whole or partial");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_one_to_close() {
    let app = spawn_limited(Limits {
        header_timeout: Duration::from_secs(1),
        max_connections: 2,
        ..Limits::default()
    })
    .await;
    let address = app.base.trim_start_matches("http://").to_string();
    let _idle = [
        TcpStream::connect(&address).await.unwrap(),
        TcpStream::connect(&address).await.unwrap(),
    ];
    let started = Instant::now();
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/health", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // Served once the idle connections were cut off at the header deadline, not before.
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn uploads_and_submissions_are_limited_per_address() {
    let app = spawn_limited(Limits {
        uploads_per_address: 3,
        submits_per_address: 2,
        ..Limits::default()
    })
    .await;
    let lan = app.citizen("019190001234").await;
    for i in 0..3 {
        assert_eq!(app.upload_pdf(&lan, i).await.status(), StatusCode::CREATED);
    }
    let refused = app.upload_pdf(&lan, 3).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    // Another person at the same address is counted with Lan.
    let minh = app.citizen("001190001234").await;
    assert_eq!(
        app.upload_pdf(&minh, 4).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Every submission counts, even one refused for what it says.
    for key in ["a-0000001", "a-0000002"] {
        let response = app.submit(&lan, Some(key), &json!({})).await;
        assert_ne!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let refused = app.submit(&lan, Some("a-0000003"), &json!({})).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    // Reading is not limited.
    assert_eq!(
        app.call(reqwest::Method::GET, "/dossiers", &lan)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn parallel_uploads_stay_within_the_accounts_quota() {
    let app = spawn_limited(Limits {
        uploads_kept: 5,
        ..Limits::default()
    })
    .await;
    let lan = app.citizen("019190001234").await;
    let mut sending = Vec::new();
    for i in 0..16 {
        let (client, base, cookie) = (app.client.clone(), app.base.clone(), lan.clone());
        sending.push(tokio::spawn(async move {
            let mut bytes = PDF.to_vec();
            bytes.extend(format!("% {i}\n").bytes());
            let r = client
                .post(format!("{base}/api/v1/uploads?name=t.pdf"))
                .header("cookie", cookie)
                .body(bytes)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut created = Vec::new();
    for s in sending {
        let (status, body) = s.await.unwrap();
        match status {
            StatusCode::CREATED => created.push(body["id"].as_str().unwrap().to_string()),
            StatusCode::CONFLICT => assert_eq!(body["code"], "upload_quota"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(created.len(), 5);
    assert_eq!(
        app.files_kept().await,
        5,
        "no file kept for a refused upload"
    );
    // Deleting one makes room; another person's quota is their own.
    let path = format!("/uploads/{}", created[0]);
    app.call(reqwest::Method::DELETE, &path, &lan).await;
    assert_eq!(
        app.upload_pdf(&lan, 100).await.status(),
        StatusCode::CREATED
    );
    let minh = app.citizen("001190001234").await;
    assert_eq!(
        app.upload_pdf(&minh, 101).await.status(),
        StatusCode::CREATED
    );

    // Bytes count too.
    let app = spawn_limited(Limits {
        upload_bytes_kept: 1000,
        ..Limits::default()
    })
    .await;
    let lan = app.citizen("019190001234").await;
    let mut big = PDF.to_vec();
    big.resize(600, b' ');
    let first = app.upload(&lan, "a.pdf", big.clone()).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    big.push(b'\n');
    let second = app.upload(&lan, "b.pdf", big).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    assert_eq!(app.files_kept().await, 1);
}

#[tokio::test]
async fn parallel_drafts_stay_within_the_accounts_quota() {
    let app = spawn_limited(Limits {
        drafts_kept: 3,
        ..Limits::default()
    })
    .await;
    let lan = app.citizen("019190001234").await;
    let draft = json!({"procedure": PROCEDURE, "step": "a"});
    let mut saving = Vec::new();
    for i in 0..8 {
        let (client, base, cookie, draft) = (
            app.client.clone(),
            app.base.clone(),
            lan.clone(),
            draft.clone(),
        );
        saving.push(tokio::spawn(async move {
            let r = client
                .put(format!("{base}/api/v1/drafts/draft-{i:04}"))
                .header("cookie", cookie)
                .json(&draft)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut saved = Vec::new();
    for (i, s) in saving.into_iter().enumerate() {
        let (status, body) = s.await.unwrap();
        match status {
            StatusCode::OK => saved.push(i),
            StatusCode::CONFLICT => assert_eq!(body["code"], "draft_quota"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(saved.len(), 3);
    // A kept draft can always be saved again.
    let again = app
        .client
        .put(format!("{}/api/v1/drafts/draft-{:04}", app.base, saved[0]))
        .header("cookie", &lan)
        .json(&json!({"procedure": PROCEDURE, "step": "b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn untouched_drafts_and_uploads_are_removed_after_a_warning() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let loose: Value = app.upload_pdf(&lan, 1).await.json().await.unwrap();
    let held: Value = app.upload_pdf(&lan, 2).await.json().await.unwrap();
    let draft = json!({"procedure": PROCEDURE, "step": "a", "documents": {"0": [held]}});
    let put = app
        .client
        .put(format!("{}/api/v1/drafts/draft-0001", app.base))
        .header("cookie", &lan)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    // A submitted dossier's files stay whatever their age.
    let receipt = app.apply_for(&lan, PROCEDURE).await;
    let submitted = app.files_kept().await - 2;

    let state = AppState::build(&app.config).await.unwrap();
    // A minute on, so that what was made in this very second is already older than "now".
    let now = motcua_server::clock::now() + 60;
    let sweep = |days: i64| {
        let ctx = state.dossiers().at(now + days * DAY);
        async move { motcua_server::retention::sweep_stale(&ctx).await.unwrap() }
    };
    let inbox = || async {
        let (_, inbox) = app.api_get(&lan, "/notifications").await;
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "draft_expiring")
            .cloned()
            .collect::<Vec<_>>()
    };

    assert_eq!(sweep(22).await, Default::default());
    let warned = sweep(24).await;
    assert_eq!((warned.warned, warned.drafts, warned.uploads), (1, 0, 0));
    assert_eq!(sweep(25).await.warned, 0, "told once");
    let notices = inbox().await;
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["dossier"], "");
    assert!(
        notices[0]["body"]["vi"]
            .as_str()
            .unwrap()
            .contains("khai sinh"),
        "{}",
        notices[0]
    );

    // At 30 days the draft is still within its week's notice; the loose upload goes.
    let swept = sweep(30).await;
    assert_eq!((swept.drafts, swept.uploads), (0, 1));
    let loose_path = format!("/uploads/{}", loose["id"].as_str().unwrap());
    let gone = app.call(reqwest::Method::GET, &loose_path, &lan).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let held_path = format!("/uploads/{}", held["id"].as_str().unwrap());
    let kept = app.call(reqwest::Method::GET, &held_path, &lan).await;
    assert_eq!(kept.status(), StatusCode::OK, "held by the draft");

    let swept = sweep(31).await;
    assert_eq!((swept.drafts, swept.uploads, swept.files), (1, 1, 1));
    let (_, drafts) = app.api_get(&lan, "/drafts").await;
    assert_eq!(drafts["items"].as_array().unwrap().len(), 0);
    assert_eq!(app.files_kept().await, submitted, "no orphaned file");
    let dossier = format!("/dossiers/{}", receipt["code"].as_str().unwrap());
    assert_eq!(app.api_get(&lan, &dossier).await.0, StatusCode::OK);
    assert_eq!(
        sweep(400).await,
        Default::default(),
        "nothing else to sweep"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_limit() {
    let app = spawn().await;
    let (_, doc) = app.json("/openapi.json").await;
    let responses = |path: &str, method: &str| doc["paths"][path][method]["responses"].clone();
    for (path, method, status, code) in [
        ("/auth/register", "post", "429", "too_many_attempts"),
        ("/uploads", "post", "429", "too_many_attempts"),
        ("/uploads", "post", "409", "upload_quota"),
        ("/uploads", "post", "408", "request_timeout"),
        ("/dossiers", "post", "429", "too_many_attempts"),
        ("/drafts/{id}", "put", "409", "draft_quota"),
        ("/dossiers/{code}/live", "get", "429", "too_many_streams"),
    ] {
        let r = &responses(path, method)[status];
        assert!(
            r["description"].as_str().unwrap_or("").starts_with(code),
            "{method} {path} {status}: {r}"
        );
        if status == "429" {
            assert!(r["headers"]["Retry-After"].is_object(), "{path}");
        }
    }
    let kinds = doc["components"]["schemas"]["EventKind"]["enum"].clone();
    assert!(kinds.as_array().unwrap().contains(&json!("draft_expiring")));
}

/// Leaves what a server killed between storing a file and recording it leaves: whole bytes no upload
/// names (answered: their hash) and, in a local store, the pieces of a file half copied into place.
async fn crash_leftovers(app: &TestApp) -> String {
    let files = app.config.files().unwrap();
    let mut orphan = files.receive().await.unwrap();
    orphan.write(b"%PDF-1.4 orphan").await.unwrap();
    let orphan = files.store(orphan).await.unwrap();
    if !on_s3(app) {
        let shard = app.data_dir.join("files/sha256").join(&orphan[..2]);
        std::fs::write(shard.join(format!("{orphan}#1")), b"%PDF-1.4 half").unwrap();
    }
    orphan
}

#[tokio::test]
async fn bytes_a_crash_left_without_an_upload_are_removed_and_named_ones_kept() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let kept: Value = app.upload_pdf(&lan, 1).await.json().await.unwrap();
    crash_leftovers(&app).await;
    let left = if on_s3(&app) { 1 } else { 2 };
    let before = app.files_kept().await;

    let state = AppState::build(&app.config).await.unwrap();
    let now = motcua_server::clock::now();
    let sweep = |hours: i64| {
        let ctx = state.dossiers().at(now + hours * 3600);
        async move { motcua_server::retention::sweep_orphans(&ctx).await.unwrap() }
    };
    // Not yet: an upload being recorded right now must not lose its bytes.
    assert_eq!(sweep(0).await, 0);
    assert_eq!(app.files_kept().await, before);
    assert_eq!(sweep(7).await, left);
    assert_eq!(app.files_kept().await, before - left);
    // The upload's bytes are still there to download.
    let id = kept["id"].as_str().unwrap();
    let response = app
        .call(reqwest::Method::GET, &format!("/uploads/{id}"), &lan)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn a_restart_removes_what_a_crash_left_however_recent_unless_the_store_is_shared() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let kept: Value = app.upload_pdf(&lan, 1).await.json().await.unwrap();
    crash_leftovers(&app).await;
    let before = app.files_kept().await;
    // The server starts again on the same data, as after a kill: nothing is being uploaded yet on a
    // store of its own; on a shared one another copy may be storing a file it has not yet
    // recorded, so only the sweep by age may take what is recent.
    let again = motcua_server::startup::Application::build(&app.config)
        .await
        .unwrap();
    drop(again);
    let gone = if on_s3(&app) { 0 } else { 2 };
    assert_eq!(app.files_kept().await, before - gone);
    let id = kept["id"].as_str().unwrap();
    let response = app
        .call(reqwest::Method::GET, &format!("/uploads/{id}"), &lan)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}
