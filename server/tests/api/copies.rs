//! Several copies of the server on one database, as behind a proxy: what is done on one reaches the
//! live pages open on another (PostgreSQL only: SQLite is one machine's database, served by one
//! copy), and a catalogue one imports is the one every copy searches.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use motcua_server::catalogue::Catalogue;
use motcua_server::config::Config;
use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;

use crate::dossiers::application;
use crate::helpers::{database, on_postgres, said_within, spawn, spawn_with, TestApp};
use crate::lifecycle::{action_body, world, LICENCE};
use crate::mail::{eventually, free_port, read_message, received, SmtpServer};

#[tokio::test]
async fn a_live_page_on_one_copy_hears_an_officer_act_on_another() {
    let w = world().await;
    let a = &w.app;
    if !on_postgres(a) {
        return;
    }
    let b = spawn_with(None, Some(a.data_dir.clone())).await;
    let receipt = a.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap();
    let mut live = live(a, &w.lan, code).await;

    // The officer's session, made on A, holds on B: sessions are the database's.
    let (status, _) = b.act_on(&w.centre, code, 1, action_body("receive")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        hears(&mut live, 2).await,
        "the page on A heard version 2 from B"
    );
}

/// A copy of the server as a process of its own (the built binary), on the test app's database and
/// files, mailing through `smtp_port`; killed (SIGKILL) on drop if still running.
struct Copy {
    child: Child,
    base: String,
}

impl Copy {
    async fn start(app: &TestApp, smtp_port: u16) -> Copy {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_motcua-server"));
        command
            .arg("serve")
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(&app.data_dir)
            .args(["--database-url", &app.config.database_url()])
            .arg("--static-dir")
            .arg(&app.config.static_dir)
            .args([
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                &smtp_port.to_string(),
            ])
            .args(["--mail-retry-seconds", "1", "--trusted-proxy", "127.0.0.1"])
            .args([
                "--submits-per-address",
                "10000",
                "--uploads-per-address",
                "10000",
            ])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null());
        if let Some(files) = &app.config.files_url {
            command.args(["--files-url", files]);
        }
        let copy = Copy {
            child: command.spawn().expect("the server binary runs"),
            base: format!("http://127.0.0.1:{port}"),
        };
        let health = format!("{}/api/v1/health", copy.base);
        answers(&health, "a copy to answer", Duration::from_secs(30)).await;
        copy
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        self.kill();
    }
}

/// nginx from Debian's packages (setup installs it) running `deploy/nginx/motcua.conf` on loopback,
/// its two copies' addresses and its port put in; stopped on drop.
struct Proxy {
    child: Child,
    base: String,
    dir: TempDir,
}

impl Proxy {
    async fn start(copies: [&Copy; 2]) -> Proxy {
        let dir = TempDir::new().unwrap();
        let port = free_port();
        let site = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx/motcua.conf"),
        )
        .unwrap();
        let host = |c: &Copy| c.base.trim_start_matches("http://").to_string();
        let site = site
            .replace("127.0.0.1:8081", &host(copies[0]))
            .replace("127.0.0.1:8082", &host(copies[1]))
            .replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
        assert!(
            site.contains(&host(copies[1])),
            "the deploy file names two copies"
        );
        std::fs::write(dir.path().join("motcua.conf"), site).unwrap();
        let d = dir.path().display();
        std::fs::write(
            dir.path().join("nginx.conf"),
            format!(
                "daemon off; pid {d}/nginx.pid; error_log {d}/error.log;\n\
                 events {{}}\n\
                 http {{ access_log off; client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
                 include {d}/motcua.conf; }}\n"
            ),
        )
        .unwrap();
        let child = Command::new("nginx")
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx runs (scripts/setup.sh installs it)");
        let base = format!("http://127.0.0.1:{port}");
        let health = format!("{base}/api/v1/health");
        answers(&health, "nginx to answer", Duration::from_secs(10)).await;
        Proxy { child, base, dir }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // Asked to stop rather than killed: a killed master leaves its workers running.
        let _ = Command::new("nginx")
            .arg("-p")
            .arg(self.dir.path())
            .arg("-c")
            .arg(self.dir.path().join("nginx.conf"))
            .args(["-s", "stop"])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// A dossier's live page as `cookie` opens it on `app`.
async fn live(app: &TestApp, cookie: &str, code: &str) -> reqwest::Response {
    let live = app.live(cookie, code, "").await;
    assert_eq!(live.status(), StatusCode::OK);
    live
}

/// Waits until `url` answers with success, at most `limit`.
async fn answers(url: &str, what: &str, limit: Duration) {
    eventually(what, limit, || async {
        reqwest::get(url)
            .await
            .is_ok_and(|r| r.status().is_success())
    })
    .await;
}

/// Reads `live` until it says `version`; whether it did within five seconds.
async fn hears(live: &mut reqwest::Response, version: u64) -> bool {
    let expected = format!("event: change\ndata: {version}\n");
    said_within(live, &expected, Duration::from_secs(5))
        .await
        .contains(&expected)
}

#[tokio::test]
async fn two_copies_behind_nginx_share_live_pages_and_mail_and_a_killed_one_loses_nothing() {
    let w = world().await;
    if !on_postgres(&w.app) {
        return;
    }
    let maildir = TempDir::new().unwrap();
    let smtp_port = free_port();
    let _smtp = SmtpServer::start(smtp_port, &maildir.path().join("mail")).await;
    let mut a = Copy::start(&w.app, smtp_port).await;
    let b = Copy::start(&w.app, smtp_port).await;
    let proxy = Proxy::start([&a, &b]).await;
    let front = w.app.at(&proxy.base);
    let (on_a, on_b) = (w.app.at(&a.base), w.app.at(&b.base));

    // A citizen's live page, through the proxy on whichever copy it chose, hears the officer act
    // on each copy in turn: one of the two is the other copy.
    let receipt = front.apply_for(&w.lan, LICENCE).await;
    let code = receipt["code"].as_str().unwrap();
    let mut live = live(&front, &w.lan, code).await;
    let (status, _) = on_a
        .act_on(&w.centre, code, 1, action_body("receive"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(hears(&mut live, 2).await, "heard what was done on A");
    let (status, _) = on_b
        .act_on(&w.centre, code, 2, action_body("forward"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(hears(&mut live, 3).await, "heard what was done on B");
    drop(live);

    // Both copies' mail workers run: each mail of the outbox arrives once.
    let mut db = database(&w.app).await;
    let mut sent = 0;
    for _ in 0..100 {
        let (all, waiting): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE delivered_at IS NULL) FROM outbox",
        )
        .fetch_one(&mut db)
        .await
        .unwrap();
        if all > 0 && waiting == 0 {
            sent = all;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        sent >= 2,
        "the receipt's and the officers' mails were sent: {sent}"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut ids: Vec<String> = received(&maildir.path().join("mail"))
        .iter()
        .map(|p| read_message(p)["message_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len() as i64, sent, "one mail per mail of the outbox");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as i64, sent, "none twice");

    // Submissions through the proxy while A is killed mid-way: each one the citizen was told of
    // is there, and one retried with its key after a failure is there once.
    let mut ready = Vec::new();
    for (n, id) in ["001190001111", "001190002222", "001190003333"]
        .iter()
        .enumerate()
    {
        let cookie = w.app.citizen(id).await;
        for k in 0..8 {
            let body = application(&w.app, &cookie, LICENCE).await.body;
            ready.push((cookie.clone(), format!("kill-{n}-{k}"), body));
        }
    }
    let acked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // Said by the submission that makes three: a poll every 100 ms could find most of them in.
    let some_in = std::sync::Arc::new(tokio::sync::Notify::new());
    let mut load = Vec::new();
    for part in ready.chunks(8) {
        let (front, part, acked, some_in) = (
            front.at(&front.base),
            part.to_vec(),
            acked.clone(),
            some_in.clone(),
        );
        load.push(tokio::spawn(async move {
            let mut told = Vec::new();
            let mut failures = 0;
            for (cookie, key, body) in part {
                loop {
                    let response = front
                        .client
                        .post(format!("{}/api/v1/dossiers", front.base))
                        .header("cookie", &cookie)
                        .header("idempotency-key", &key)
                        .json(&body)
                        .send()
                        .await;
                    match response {
                        // 200: an earlier try was filed by the copy killed before it answered,
                        // and the retry under the same key is given that dossier's receipt.
                        Ok(r)
                            if r.status() == StatusCode::CREATED
                                || r.status() == StatusCode::OK =>
                        {
                            let receipt: Value = r.json().await.unwrap();
                            told.push((
                                cookie.clone(),
                                receipt["code"].as_str().unwrap().to_string(),
                            ));
                            if acked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 2 {
                                some_in.notify_one();
                            }
                            break;
                        }
                        _ => {
                            failures += 1;
                            assert!(failures < 50, "the proxy keeps failing");
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
            }
            (told, failures)
        }));
    }
    // Killed once some are in, with more to come.
    tokio::time::timeout(Duration::from_secs(10), some_in.notified())
        .await
        .expect("the first submissions within 10 s");
    a.kill();
    let at_kill = acked.load(std::sync::atomic::Ordering::SeqCst);
    let (mut told, mut failed) = (Vec::new(), 0);
    for part in load {
        let (mut some, failures) = part.await.unwrap();
        told.append(&mut some);
        failed += failures;
    }
    println!(
        "A killed after {at_kill} of {} submissions; {failed} tries failed and were retried",
        ready.len()
    );
    assert!(
        at_kill < ready.len() - 3,
        "killed mid-load: {at_kill} of {}",
        ready.len()
    );
    assert_eq!(
        told.len(),
        ready.len(),
        "every submission answered in the end"
    );
    let mut codes: Vec<&str> = told.iter().map(|(_, c)| c.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), ready.len(), "each key one dossier");
    for (cookie, code) in &told {
        let (status, _) = on_b.api_get(cookie, &format!("/dossiers/{code}")).await;
        assert_eq!(status, StatusCode::OK, "{code} kept");
    }
    for cookie in told
        .iter()
        .map(|(c, _)| c)
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (_, mine) = on_b.api_get(cookie, "/dossiers").await;
        assert_eq!(mine["total"], 8, "no dossier twice");
    }
}

#[tokio::test]
async fn a_catalogue_imported_by_one_copy_is_searched_on_every_other() {
    let a = spawn().await;
    let mut changed = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let code = changed.procedures[0].code.clone();
    changed.procedures[0].name.vi = "Cấp phép thả khí cầu Zorblaxor".into();
    assert_eq!(a.search("q=zorblaxor").await["total"], 0);
    let dir = TempDir::new().unwrap();
    let bundle = dir.path().join("catalogue.json");
    std::fs::write(&bundle, serde_json::to_vec(&changed).unwrap()).unwrap();

    // Another copy starts on the same data with the new catalogue, which it imports.
    let b = spawn_with(Some(bundle), Some(a.data_dir.clone())).await;
    assert_eq!(first_code(&b.search("q=zorblaxor").await), code);
    eventually(
        "the first copy to search the new catalogue",
        Duration::from_secs(15),
        || async { first_code(&a.search("q=Zorblaxor").await) == code },
    )
    .await;
    let (_, detail) = a.json(&format!("/procedures/{code}")).await;
    assert_eq!(
        detail["procedure"]["name"]["vi"],
        "Cấp phép thả khí cầu Zorblaxor"
    );
}

fn first_code(results: &Value) -> String {
    results["items"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
