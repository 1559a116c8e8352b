use std::path::{Path, PathBuf};
use std::time::Duration;

use motcua_server::auth::client::Cidr;
use motcua_server::clock::{Clock, ManualClock};
use motcua_server::config::{Config, Limits, OidcConfig, PaymentConfig, SmtpConfig};
use motcua_server::startup::Application;
use motcua_server::store::Store;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::{AnyConnection, Connection, Executor};
use tempfile::TempDir;

/// Where a server on `data_dir` keeps its data: SQLite in the directory, or, where
/// `MOTCUA_TEST_POSTGRES` names a PostgreSQL server (`postgres://user@host:port`), a database of
/// its own there, the same for the same directory, so that a test restarting on its data finds it.
pub async fn database_url(data_dir: &Path) -> String {
    log_errors();
    let Ok(server) = std::env::var("MOTCUA_TEST_POSTGRES") else {
        return Store::default_url(data_dir);
    };
    let server = server.trim_end_matches('/');
    let name = format!("t_{:016x}", dir_hash(data_dir));
    sqlx::any::install_default_drivers();
    let mut admin = AnyConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the test PostgreSQL server answers");
    match admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
    {
        Ok(_) => {}
        // Made before for this directory: a restart.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
        Err(e) => panic!("creating the test database {name}: {e}"),
    }
    format!("{server}/{name}")
}

/// Where a server on `data_dir` keeps file bytes: in the directory, or, where `MOTCUA_TEST_S3` names
/// a bucket (`s3://bucket`, its endpoint and keys in `AWS_*`), under a prefix of its own there, the
/// same for the same directory.
pub fn files_url(data_dir: &Path) -> Option<String> {
    let bucket = std::env::var("MOTCUA_TEST_S3").ok()?;
    Some(format!(
        "{}/t_{:016x}",
        bucket.trim_end_matches('/'),
        dir_hash(data_dir)
    ))
}

/// Whether file bytes are on the S3-compatible server rather than on disk.
pub fn on_s3(app: &TestApp) -> bool {
    app.config.files_url.is_some()
}

fn dir_hash(data_dir: &Path) -> u64 {
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&data_dir, &mut hash);
    std::hash::Hasher::finish(&hash)
}

/// What the server logs at error level goes to the test's output, shown when it fails (a 500's
/// cause, most often).
fn log_errors() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "error".into()),
            )
            .try_init();
    });
}

/// The database itself, beside the running server, for what no API does: reading the log, or
/// making it look as if time had passed.
pub async fn database(app: &TestApp) -> AnyConnection {
    let mut db = AnyConnection::connect(&app.config.database_url())
        .await
        .unwrap();
    if app.config.database_url().starts_with("sqlite:") {
        db.execute("PRAGMA busy_timeout = 5000").await.unwrap();
    }
    db
}

/// The tallies "my dossiers" reads its totals from (migration 0025) are what counting the dossiers
/// gives, for every owner, company and status; so are the queues' (0026).
pub async fn assert_tallies_are_counts(app: &TestApp) {
    type Row = (i64, String, String, i64);
    let mut db = database(app).await;
    let rows = |sql: &'static str| sqlx::query_as::<_, Row>(sql);
    let tallied = rows(
        "SELECT owner, company, status, CAST(n AS BIGINT) FROM dossier_tallies WHERE n <> 0 \
         ORDER BY 1, 2, 3",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let counted = rows(
        "SELECT owner, COALESCE(company, ''), status, COUNT(*) FROM dossiers GROUP BY 1, 2, 3 \
         ORDER BY 1, 2, 3",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert!(!counted.is_empty());
    assert_eq!(tallied, counted);
    type CompanyRow = (String, String, i64);
    let tallied = sqlx::query_as::<_, CompanyRow>(
        "SELECT company, status, CAST(n AS BIGINT) FROM company_tallies WHERE n <> 0 ORDER BY 1, 2",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let counted = sqlx::query_as::<_, CompanyRow>(
        "SELECT company, status, COUNT(*) FROM dossiers WHERE company IS NOT NULL GROUP BY 1, 2 \
         ORDER BY 1, 2",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(tallied, counted);
    // And the queues' (migration 0026): none left at nought, none missing.
    type QueueRow = (String, String, String, i64);
    let tallied = sqlx::query_as::<_, QueueRow>(
        "SELECT holder, step_due, step_id, CAST(n AS BIGINT) FROM queue_tallies ORDER BY 1, 2, 3",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let counted = sqlx::query_as::<_, QueueRow>(
        "SELECT holder, COALESCE(step_due, ''), step_id, COUNT(*) FROM dossiers \
         WHERE open = 1 AND holder IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(tallied, counted);
}

/// Whether the server runs on PostgreSQL, for the tests that reach into the database in its own
/// words.
pub fn on_postgres(app: &TestApp) -> bool {
    app.config.database_url().starts_with("postgres")
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    /// What the server was started with, to build another `AppState` on the same data.
    pub config: Config,
    _dirs: Vec<TempDir>,
}

/// A built app in miniature: what trunk writes, so static serving is tested without a WebAssembly build.
pub const INDEX_HTML: &str = r#"<!doctype html><html lang="vi"><head><title>Một Cửa</title><meta name="description" content="The shell."><script type="module">import init, * as bindings from '/motcua-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/motcua-0123456789abcdef_bg.wasm' });
window.wasmBindings = bindings;</script><link crossorigin href=/motcua-0123456789abcdef.js rel=modulepreload><link as=fetch crossorigin href=/motcua-0123456789abcdef_bg.wasm rel=preload type=application/wasm></head><body><div id="shell"><h1>Một Cửa</h1></div></body></html>"#;

/// A signed-in area's bundle, as trunk writes it into `dir`.
pub fn area_html(dir: &str) -> String {
    format!(
        r#"<!doctype html><html lang="vi"><head><script type="module">import init, * as bindings from '/{dir}/motcua-apply-0123456789abcdef.js';
const wasm = await init({{ module_or_path: '/{dir}/motcua-apply-0123456789abcdef_bg.wasm' }});
window.wasmBindings = bindings;</script><link crossorigin href=/{dir}/motcua-apply-0123456789abcdef.js rel=modulepreload><link as=fetch crossorigin href=/{dir}/motcua-apply-0123456789abcdef_bg.wasm rel=preload type=application/wasm></head><body></body></html>"#
    )
}

fn write_static(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX_HTML).unwrap();
    for area in motcua_api::paths::Bundle::SIGNED_IN {
        std::fs::create_dir_all(dir.join(area.dir())).unwrap();
        std::fs::write(
            dir.join(area.dir()).join("index.html"),
            area_html(area.dir()),
        )
        .unwrap();
    }
    std::fs::write(dir.join("index.html.br"), b"brotli index").unwrap();
    std::fs::write(dir.join("motcua-0123456789abcdef.js"), "export default 1;").unwrap();
    std::fs::write(
        dir.join("motcua-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dir.join("motcua-0123456789abcdef_bg.wasm.br"),
        b"brotli wasm",
    )
    .unwrap();
}

pub async fn spawn_with(catalogue: Option<PathBuf>, data_dir: Option<PathBuf>) -> TestApp {
    spawn_configured(catalogue, data_dir, 20 * 1024 * 1024).await
}

pub async fn spawn_configured(
    catalogue: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    max_upload_bytes: usize,
) -> TestApp {
    spawn_full(
        catalogue,
        data_dir,
        max_upload_bytes,
        None,
        Vec::new(),
        Limits::default(),
    )
    .await
}

/// A server that sends its notification mail through `smtp`.
pub async fn spawn_smtp(smtp: SmtpConfig) -> TestApp {
    spawn_full(
        None,
        None,
        20 * 1024 * 1024,
        Some(smtp),
        Vec::new(),
        Limits::default(),
    )
    .await
}

/// A server behind a reverse proxy at 127.0.0.1: a test names the client in `X-Forwarded-For`.
pub async fn spawn_behind_proxy() -> TestApp {
    let local = vec!["127.0.0.1/32".parse().unwrap()];
    spawn_full(None, None, 20 * 1024 * 1024, None, local, Limits::default()).await
}

/// A server held to `limits`, short ones for the tests that wait them out.
pub async fn spawn_limited(limits: Limits) -> TestApp {
    spawn_full(None, None, 20 * 1024 * 1024, None, Vec::new(), limits).await
}

async fn spawn_full(
    catalogue: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    max_upload_bytes: usize,
    smtp: Option<SmtpConfig>,
    trusted_proxies: Vec<Cidr>,
    limits: Limits,
) -> TestApp {
    let data = TempDir::new().unwrap();
    let dist = TempDir::new().unwrap();
    write_static(dist.path());
    let data_dir = data_dir.unwrap_or_else(|| data.path().to_path_buf());
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(database_url(&data_dir).await),
        files_url: files_url(&data_dir),
        data_dir: data_dir.clone(),
        static_dir: dist.path().to_path_buf(),
        catalogue,
        max_upload_bytes,
        smtp,
        trusted_proxies,
        limits,
        site_url: "http://127.0.0.1:8080".into(),
        oidc: None,
        payment: None,
        clock: Clock::System,
    };
    let app = Application::build(&config).await.expect("server starts");
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        client: reqwest::Client::new(),
        data_dir,
        config,
        _dirs: vec![data, dist],
    }
}

/// A server on `port` (its address is the one the e-ID sends people back to) that signs people in
/// with the national e-ID `oidc`.
pub async fn spawn_eid(port: u16, oidc: OidcConfig) -> TestApp {
    spawn_outside(reqwest::Client::new(), |config| Config {
        listen: ([127, 0, 0, 1], port).into(),
        site_url: format!("http://127.0.0.1:{port}"),
        oidc: Some(oidc),
        ..config
    })
    .await
}

/// A server whose fees are paid through the provider `payment`; its client follows no redirect, as
/// the provider's return is one.
pub async fn spawn_paying(payment: PaymentConfig) -> TestApp {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    spawn_outside(client, |config| Config {
        site_url: "http://127.0.0.1:8080".into(),
        payment: Some(payment),
        ..config
    })
    .await
}

/// A server whose service stands at `start` (seconds since 1970) until the test moves the clock it
/// answers with; sessions keep the system's time.
pub async fn spawn_at(start: i64) -> (TestApp, ManualClock) {
    let clock = ManualClock::new(start);
    let app = spawn_outside(reqwest::Client::new(), |config| Config {
        clock: Clock::Manual(clock.clone()),
        ..config
    })
    .await;
    (app, clock)
}

/// A server with a fresh database and built app, configured by `with` for a service outside it.
async fn spawn_outside(client: reqwest::Client, with: impl FnOnce(Config) -> Config) -> TestApp {
    let data = TempDir::new().unwrap();
    let dist = TempDir::new().unwrap();
    write_static(dist.path());
    let config = with(Config {
        static_dir: dist.path().to_path_buf(),
        max_upload_bytes: 20 * 1024 * 1024,
        files_url: files_url(data.path()),
        ..Config::store_only(
            data.path().to_path_buf(),
            Some(database_url(data.path()).await),
        )
    });
    let app = Application::build(&config).await.expect("server starts");
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        client,
        data_dir: data.path().to_path_buf(),
        config,
        _dirs: vec![data, dist],
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(None, None).await
}

impl TestApp {
    /// A dossier's live stream as `cookie` opens it, `query` after its path (`""`, `"?since=3"`).
    pub async fn live(&self, cookie: &str, code: &str, query: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/api/v1/dossiers/{code}/live{query}", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// The same server's data reached at `base`: another copy of it, or a proxy in front.
    pub fn at(&self, base: &str) -> TestApp {
        TestApp {
            base: base.to_string(),
            client: reqwest::Client::new(),
            data_dir: self.data_dir.clone(),
            config: self.config.clone(),
            _dirs: Vec::new(),
        }
    }

    /// The files stored, by count: what is on this machine's disk under the files directory (files
    /// being received, a local store's files and its half-copied pieces) and what the S3-compatible
    /// store lists.
    pub async fn files_kept(&self) -> usize {
        fn count(dir: &Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| match e.path().is_dir() {
                        true => count(&e.path()),
                        false => 1,
                    })
                    .sum()
            })
        }
        let on_disk = count(&self.data_dir.join("files"));
        if !on_s3(self) {
            return on_disk;
        }
        let listed = self.config.files().unwrap().written_before(i64::MAX).await;
        on_disk + listed.unwrap().len()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("request")
    }

    /// GETs a JSON API path and returns the status and body.
    pub async fn json(&self, path: &str) -> (u16, Value) {
        let response = self.get(&format!("/api/v1{path}")).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    pub async fn search(&self, query: &str) -> Value {
        let (status, body) = self.json(&format!("/procedures?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        body
    }
}

/// URL-encodes a query value.
pub fn enc(s: &str) -> String {
    motcua_api::encode_component(s)
}

pub fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"]["vi"].as_str().unwrap().to_string())
        .collect()
}

pub fn codes(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

/// How many of `statuses` are each of `wanted`, in its order.
pub fn counts<const N: usize>(statuses: &[StatusCode], wanted: [StatusCode; N]) -> [usize; N] {
    wanted.map(|w| statuses.iter().filter(|s| **s == w).count())
}

/// What a live stream says within `wait`, read until it has said `until`.
pub async fn said_within(live: &mut reqwest::Response, until: &str, wait: Duration) -> String {
    let mut said = String::new();
    let _ = tokio::time::timeout(wait, async {
        while let Ok(Some(chunk)) = live.chunk().await {
            said.push_str(&String::from_utf8_lossy(&chunk));
            if said.contains(until) {
                break;
            }
        }
    })
    .await;
    said
}
