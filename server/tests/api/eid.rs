//! Signing in with the national e-ID against a real OpenID provider (`sims/eid.js`, the certified
//! `oidc-provider` package) on loopback, walked as a browser would: every redirect followed by hand,
//! cookies kept per site, the provider's page answered with the form it shows.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use motcua_server::config::OidcConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::accounts::citizen;
use crate::dossiers::application;
use crate::helpers::{spawn, spawn_eid, TestApp};
use crate::mail::free_port;

const CLIENT_ID: &str = "motcua";
const CLIENT_SECRET: &str = "a test secret";
/// The sim's first person.
const AN: (&str, &str, &str, &str) = ("vneid-0001", "001090012345", "Nguyễn Văn An", "1990-05-15");

/// The provider, killed on drop.
struct Sim {
    child: Child,
    issuer: String,
}

impl Sim {
    fn start(redirect_uri: &str, misbehave: Option<&str>) -> Sim {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sims/eid.js");
        let mut command = Command::new("node");
        command
            .arg(script)
            .args(["--port", "0", "--client-id", CLIENT_ID])
            .args(["--client-secret", CLIENT_SECRET])
            .args(["--redirect-uri", redirect_uri]);
        if let Some(how) = misbehave {
            command.args(["--misbehave", how]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs (scripts/setup.sh installs sims/node_modules)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let issuer = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the sim did not start: {line:?}"))
            .to_string();
        Sim { child, issuer }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server and the provider it trusts; `misbehave` makes the provider issue bad ID tokens.
async fn stand(misbehave: Option<&str>) -> (TestApp, Sim) {
    let port = free_port();
    let sim = Sim::start(
        &format!("http://127.0.0.1:{port}/api/v1/auth/eid/callback"),
        misbehave,
    );
    let app = spawn_eid(
        port,
        OidcConfig {
            issuer: sim.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        },
    )
    .await;
    (app, sim)
}

/// A browser: follows nothing by itself, keeps each site's cookies.
#[derive(Default)]
struct Browser {
    http: reqwest::Client,
    cookies: HashMap<String, HashMap<String, String>>,
}

fn origin(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    rest.split('/').next().unwrap().to_string()
}

impl Browser {
    fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
        }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder, url: &str) -> reqwest::Response {
        let site = origin(url);
        let jar = self.cookies.entry(site).or_default();
        let cookie: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let response = req
            .header("cookie", cookie.join("; "))
            .send()
            .await
            .unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attributes.contains("Max-Age=0") {
                jar.remove(name);
            } else {
                jar.insert(name.to_string(), value.to_string());
            }
        }
        response
    }

    async fn get(&mut self, url: &str) -> reqwest::Response {
        let req = self.http.get(url);
        self.send(req, url).await
    }

    fn session(&self, app: &TestApp) -> Option<String> {
        self.cookies
            .get(&origin(&app.base))?
            .get("motcua_session")
            .map(|v| format!("motcua_session={v}"))
    }
}

fn location(response: &reqwest::Response, base: &str) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{response:?}");
    let to = response.headers()["location"].to_str().unwrap();
    if to.starts_with('/') {
        format!("{base}{to}")
    } else {
        to.to_string()
    }
}

impl Browser {
    /// Starts a sign-in at `app` and picks `who` on the provider's page; returns the address the
    /// provider sends the browser back to, not yet followed.
    async fn round_trip(&mut self, app: &TestApp, sim: &Sim, who: &str) -> String {
        let start = format!(
            "{}/api/v1/auth/eid/start?next=%2Fnop-ho-so%2F1.001193",
            app.base
        );
        let to_provider = location(&self.get(&start).await, &app.base);
        assert!(to_provider.starts_with(&sim.issuer), "{to_provider}");
        for part in [
            "code_challenge_method=S256",
            "state=",
            "nonce=",
            "scope=openid",
        ] {
            assert!(to_provider.contains(part), "{to_provider} lacks {part}");
        }
        let interaction = location(&self.get(&to_provider).await, &sim.issuer);
        let page = self.get(&interaction).await.text().await.unwrap();
        assert!(page.contains("thử nghiệm"), "the sim says what it is");
        let action = format!("{interaction}/login");
        let req = self.http.post(&action).form(&[("sub", who)]);
        let resume = location(&self.send(req, &action).await, &sim.issuer);
        let back = location(&self.get(&resume).await, &sim.issuer);
        assert!(back.starts_with(&app.base), "{back}");
        back
    }

    /// A whole sign-in as `who`: where the browser ends up.
    async fn sign_in(&mut self, app: &TestApp, sim: &Sim, who: &str) -> String {
        let back = self.round_trip(app, sim, who).await;
        location(&self.get(&back).await, &app.base)
    }
}

async fn me(app: &TestApp, cookie: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn refused(landing: &str, app: &TestApp) {
    assert!(
        landing.starts_with(&format!("{}/dang-nhap?", app.base)) && landing.contains("eid="),
        "back to the sign-in page saying why: {landing}"
    );
}

#[tokio::test]
async fn the_e_id_opens_a_verified_account_with_its_identity_and_the_same_one_again() {
    let (app, sim) = stand(None).await;
    let (_, providers) = app.json("/auth/providers").await;
    assert_eq!(providers, json!({"eid": true}));

    let mut browser = Browser::new();
    let landing = browser.sign_in(&app, &sim, AN.0).await;
    assert_eq!(landing, format!("{}/nop-ho-so/1.001193", app.base));
    let cookie = browser.session(&app).expect("signed in");
    let (status, account) = me(&app, &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(account["verified"], true, "{account}");
    assert_eq!(account["identifier"], AN.1);
    assert_eq!(account["full_name"], AN.2);
    assert_eq!(account["date_of_birth"], AN.3);

    let mut again = Browser::new();
    again.sign_in(&app, &sim, AN.0).await;
    let (_, second) = me(&app, &again.session(&app).unwrap()).await;
    assert_eq!(second["id"], account["id"], "the same account");

    // The identity the e-ID gave is the applicant's: another name is refused, the right one goes.
    let mut a = application(&app, &cookie, "1.001193").await;
    a.body["answers"]["nguoi-yeu-cau"]["ho_ten"] = json!("Trần Văn Khác");
    a.body["answers"]["nguoi-yeu-cau"]["so_dinh_danh"] = json!(AN.1);
    let response = app.submit(&cookie, Some("eid-locked-1"), &a.body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["code"], "identity_locked", "{body}");
    assert_eq!(body["problems"][0]["field"], "nguoi-yeu-cau.ho_ten");
    a.body["answers"]["nguoi-yeu-cau"]["ho_ten"] = json!(AN.2);
    let response = app.submit(&cookie, Some("eid-locked-2"), &a.body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_wrong_state_a_replayed_code_or_a_stolen_callback_signs_no_one_in() {
    let (app, sim) = stand(None).await;

    let mut browser = Browser::new();
    let back = browser.round_trip(&app, &sim, AN.0).await;
    let wrong_state = back.replace("state=", "state=x");
    refused(&location(&browser.get(&wrong_state).await, &app.base), &app);
    assert!(browser.session(&app).is_none());

    // Someone else's browser, sent the address (to be signed in as the sender): no cookie there.
    let mut victim = Browser::new();
    let back = browser.round_trip(&app, &sim, AN.0).await;
    refused(&location(&victim.get(&back).await, &app.base), &app);
    assert!(victim.session(&app).is_none());

    // The address works once, then never again.
    let landing = location(&browser.get(&back).await, &app.base);
    assert!(landing.ends_with("/nop-ho-so/1.001193"), "{landing}");
    let signed_in = browser.session(&app).unwrap();
    let mut replay = Browser::new();
    replay.cookies = browser.cookies.clone();
    replay
        .cookies
        .get_mut(&origin(&app.base))
        .unwrap()
        .remove("motcua_session");
    refused(&location(&replay.get(&back).await, &app.base), &app);
    assert!(replay.session(&app).is_none());

    // A code already used, brought back with a fresh state: the provider refuses it (and its
    // PKCE verifier is another sign-in's).
    let code = back
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let fresh = browser.round_trip(&app, &sim, AN.0).await;
    let fresh_code = fresh
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let injected = fresh.replace(fresh_code, code);
    browser
        .cookies
        .get_mut(&origin(&app.base))
        .unwrap()
        .remove("motcua_session");
    refused(&location(&browser.get(&injected).await, &app.base), &app);
    assert!(browser.session(&app).is_none());
    assert_eq!(me(&app, &signed_in).await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_expired_or_wrongly_signed_id_token_signs_no_one_in() {
    for how in ["expired", "wrong-key"] {
        let (app, sim) = stand(Some(how)).await;
        let mut browser = Browser::new();
        let landing = browser.sign_in(&app, &sim, AN.0).await;
        refused(&landing, &app);
        assert!(browser.session(&app).is_none(), "{how}");
    }
}

/// Whoever typed the ID number at registration may not be its owner: the e-ID holder gets the
/// account, and the password and sessions of whoever registered it end.
#[tokio::test]
async fn the_e_id_takes_over_a_password_account_of_its_id_number() {
    let (app, sim) = stand(None).await;
    let registered = app.post("/auth/register", &citizen(AN.1), None).await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    let old = crate::accounts::session(&registered);
    let (_, before) = me(&app, &old).await;
    assert_eq!(before["verified"], false);

    let mut browser = Browser::new();
    browser.sign_in(&app, &sim, AN.0).await;
    let (_, after) = me(&app, &browser.session(&app).unwrap()).await;
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["verified"], true);
    assert_eq!(after["full_name"], AN.2, "the e-ID's, not the one typed");
    assert_eq!(after["date_of_birth"], AN.3);
    assert_eq!(after["email"], before["email"], "contact details stay");

    assert_eq!(me(&app, &old).await.0, StatusCode::UNAUTHORIZED);
    let login = app
        .post(
            "/auth/login",
            &json!({"identifier": AN.1, "password": "một mật khẩu dài"}),
            None,
        )
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_provider_there_is_no_e_id_sign_in() {
    let app = spawn().await;
    let (_, providers) = app.json("/auth/providers").await;
    assert_eq!(providers, json!({"eid": false}));
    for path in ["/auth/eid/start", "/auth/eid/callback?code=c&state=s"] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["code"], "not_found");
    }
}
