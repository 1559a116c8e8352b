use std::path::{Path, PathBuf};

use motcua_server::auth::client::Cidr;
use motcua_server::clock::{Clock, ManualClock};
use motcua_server::config::{Config, Limits, OidcConfig, PaymentConfig, SmtpConfig};
use motcua_server::startup::Application;
use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;

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

/// The signed-in area's bundle.
pub const APPLY_HTML: &str = r#"<!doctype html><html lang="vi"><head><script type="module">import init from '/apply/motcua-apply-0123456789abcdef.js';await init();</script></head><body></body></html>"#;

fn write_static(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX_HTML).unwrap();
    std::fs::create_dir_all(dir.join("apply")).unwrap();
    std::fs::write(dir.join("apply/index.html"), APPLY_HTML).unwrap();
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
        ..Config::store_only(data.path().to_path_buf())
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
