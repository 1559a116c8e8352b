use reqwest::StatusCode;
use serde_json::{json, Value};

use motcua_server::config::Config;
use motcua_server::officers;
use motcua_server::state::{open_store, AppState};

use crate::helpers::{spawn, spawn_behind_proxy, TestApp};

pub fn citizen(id: &str) -> Value {
    json!({
        "kind": "citizen",
        "full_name": "Nguyễn Thị Lan",
        "citizen_id": id,
        "date_of_birth": "1990-05-27",
        "phone": "0912 345 678",
        "email": "lan@example.vn",
        "address": "Phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "password": "một mật khẩu dài",
    })
}

/// The session cookie a response set, as a browser would send it back.
pub fn session(response: &reqwest::Response) -> String {
    let set = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    set.split(';').next().unwrap().to_string()
}

impl TestApp {
    pub async fn post(&self, path: &str, body: &Value, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}/api/v1{path}", self.base))
            .json(body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    async fn me(&self, cookie: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/api/v1/me", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    async fn login(&self, identifier: &str, password: &str) -> reqwest::Response {
        self.post(
            "/auth/login",
            &json!({"identifier": identifier, "password": password}),
            None,
        )
        .await
    }

    /// A sign-in from `client`, through the proxy `spawn_behind_proxy` trusts.
    async fn login_from(&self, client: &str, identifier: &str, password: &str) -> StatusCode {
        self.client
            .post(format!("{}/api/v1/auth/login", self.base))
            .header("x-forwarded-for", format!("{client}, 127.0.0.1"))
            .json(&json!({"identifier": identifier, "password": password}))
            .send()
            .await
            .unwrap()
            .status()
    }

    async fn sql(&self, sql: &str) -> u64 {
        sqlx::query(sql)
            .execute(&mut crate::helpers::database(self).await)
            .await
            .unwrap()
            .rows_affected()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&mut crate::helpers::database(self).await)
            .await
            .unwrap()
    }

    /// An officer created as `motcua-server create-officer` does (`reset` as its `--reset`); its
    /// password.
    async fn officer(&self, reset: bool) -> String {
        let store = open_store(&Config::store_only(
            self.data_dir.clone(),
            Some(self.config.database_url()),
        ))
        .await
        .unwrap();
        officers::create(
            &store,
            "canbo.stp",
            "Lê Văn Bình",
            "so-tu-phap",
            "",
            "",
            reset,
        )
        .await
        .unwrap()
    }
}

fn now() -> i64 {
    motcua_server::clock::now()
}

#[tokio::test]
async fn a_citizen_registers_and_is_signed_in() {
    let app = spawn().await;
    let response = app
        .post("/auth/register", &citizen("019190001234"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = session(&response);
    let me: Value = app.me(&cookie).await.json().await.unwrap();
    assert_eq!(me["kind"], "citizen");
    assert_eq!(me["identifier"], "019190001234");
    assert_eq!(me["full_name"], "Nguyễn Thị Lan");
    assert_eq!(me["date_of_birth"], "1990-05-27");
    assert!(me.get("password").is_none() && me.get("password_hash").is_none());
}

#[tokio::test]
async fn every_bad_field_is_reported_with_422() {
    let app = spawn().await;
    let bad = json!({
        "kind": "citizen", "full_name": "", "citizen_id": "12345", "date_of_birth": "1990-02-30",
        "phone": "123", "email": "lan", "address": "", "password": "short",
    });
    let response = app.post("/auth/register", &bad, None).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields = body["fields"].as_object().unwrap();
    for f in [
        "full_name",
        "citizen_id",
        "date_of_birth",
        "phone",
        "email",
        "address",
        "password",
    ] {
        assert!(fields[f].is_string(), "{f}: {body}");
    }
    let response = app
        .post("/auth/register", &json!({"kind": "robot"}), None)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_body");
}

#[tokio::test]
async fn a_business_signs_in_with_its_tax_code_in_either_form() {
    let app = spawn().await;
    let business = json!({
        "kind": "business", "tax_code": "0101234567-001", "company_name": "Công ty TNHH Hoa Sen",
        "legal_representative": "Trần Văn Minh", "phone": "+84 912 345 678",
        "email": "lienhe@hoasen.vn", "address": "Thái Nguyên", "password": "mật khẩu công ty",
    });
    assert_eq!(
        app.post("/auth/register", &business, None).await.status(),
        StatusCode::CREATED
    );
    for identifier in ["0101234567001", "0101234567-001"] {
        let response = app.login(identifier, "mật khẩu công ty").await;
        assert_eq!(response.status(), StatusCode::OK, "{identifier}");
        let me: Value = response.json().await.unwrap();
        assert_eq!(me["company_name"], "Công ty TNHH Hoa Sen");
    }
}

#[tokio::test]
async fn registering_twice_is_refused() {
    let app = spawn().await;
    app.post("/auth/register", &citizen("019190001234"), None)
        .await;
    let response = app
        .post("/auth/register", &citizen("019190001234"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_look_the_same() {
    let app = spawn().await;
    app.post("/auth/register", &citizen("019190001234"), None)
        .await;
    let wrong = app.login("019190001234", "not the password").await;
    let unknown = app.login("001190009999", "not the password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get("set-cookie").is_none());
    let (a, b): (Value, Value) = (wrong.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(a, b);
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_account() {
    let app = spawn().await;
    app.post("/auth/register", &citizen("019190001234"), None)
        .await;
    for _ in 0..5 {
        assert_eq!(
            app.login("019190001234", "guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let response = app.login("019190001234", "một mật khẩu dài").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_some());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    // Another account from the same address is not locked by these five.
    app.post("/auth/register", &citizen("001190001234"), None)
        .await;
    assert_eq!(
        app.login("001190001234", "một mật khẩu dài").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn().await;
    let cookie = session(
        &app.post("/auth/register", &citizen("019190001234"), None)
            .await,
    );
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
    let response = app.post("/auth/logout", &json!({}), Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let response = app.me(&cookie).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_signed_in");
    assert_eq!(
        app.me("motcua_session=forged").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// The cookies a response set, each as its whole `Set-Cookie` line.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_mark_that_scripts_can_read_comes_and_goes_with_the_session() {
    let app = spawn().await;
    let registered = app
        .post("/auth/register", &citizen("019190001234"), None)
        .await;
    let cookie = session(&registered);
    let set = set_cookies(&registered);
    let mark = set
        .iter()
        .find(|c| c.starts_with("motcua_signed_in="))
        .expect("a signed-in mark");
    // Readable by the app, and nothing to steal: the session's own cookie stays HttpOnly.
    assert!(mark.starts_with("motcua_signed_in=1;"), "{mark}");
    assert!(!mark.contains("HttpOnly"), "{mark}");
    assert!(mark.contains("Max-Age=2592000"), "{mark}");
    let response = app.post("/auth/logout", &json!({}), Some(&cookie)).await;
    let cleared = set_cookies(&response);
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("motcua_signed_in=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    assert!(cleared
        .iter()
        .any(|c| c.starts_with("motcua_session=;") && c.contains("Max-Age=0")));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let app = spawn().await;
    let here = session(
        &app.post("/auth/register", &citizen("019190001234"), None)
            .await,
    );
    let elsewhere = session(&app.login("019190001234", "một mật khẩu dài").await);
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let client = &app.client;
    let put = |body: Value| {
        client
            .put(format!("{}/api/v1/me/password", app.base))
            .header("cookie", &here)
            .json(&body)
            .send()
    };
    let response = put(change("wrong", "mật khẩu mới dài")).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = put(change("một mật khẩu dài", "short")).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = put(change("một mật khẩu dài", "mật khẩu mới dài"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.me(&here).await.status(), StatusCode::OK);
    assert_eq!(app.me(&elsewhere).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login("019190001234", "một mật khẩu dài").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("019190001234", "mật khẩu mới dài").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_officer_created_from_the_command_line_signs_in_bound_to_an_agency() {
    use motcua_server::config::Config;
    use motcua_server::officers;
    use motcua_server::state::open_store;

    let app = spawn().await;
    let config = Config::store_only(app.data_dir.clone(), Some(app.config.database_url()));
    let store = open_store(&config).await.unwrap();
    let create = |reset| {
        officers::create(
            &store,
            "CanBo.STP",
            "Lê Văn Bình",
            "so-tu-phap",
            "",
            "",
            reset,
        )
    };
    let first = create(false).await.unwrap();
    assert!(first.len() >= 16);
    assert!(
        create(false).await.is_err(),
        "a second account with the name"
    );
    let second = create(true).await.unwrap();
    assert_ne!(first, second);
    assert!(
        officers::create(&store, "x", "X", "no-such-agency", "", "", false)
            .await
            .is_err()
    );

    assert_eq!(
        app.login("canbo.stp", &first).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let response = app.login("canbo.stp", &second).await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["kind"], "officer");
    assert_eq!(me["agency"], "so-tu-phap");
}

#[tokio::test]
async fn parallel_guesses_get_no_more_password_checks_than_the_limit() {
    let app = spawn().await;
    app.post("/auth/register", &citizen("019190001234"), None)
        .await;
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let (client, url) = (
                app.client.clone(),
                format!("{}/api/v1/auth/login", app.base),
            );
            tokio::spawn(async move {
                let guess = json!({"identifier": "019190001234", "password": format!("guess {i}")});
                client.post(url).json(&guess).send().await.unwrap().status()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for guess in guesses {
        answers.push(guess.await.unwrap());
    }
    // Every 401 is a password that was checked; the rest were refused before any check.
    let checked = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(checked <= 5, "{checked} passwords checked: {answers:?}");
    assert_eq!(checked + refused, 40, "{answers:?}");
    assert!(
        app.count("SELECT COUNT(*) FROM login_attempts").await <= 5,
        "an attempt is written for every check, and only then"
    );
}

#[tokio::test]
async fn a_strangers_guesses_do_not_lock_the_owner_out() {
    let app = spawn_behind_proxy().await;
    let owner = "198.51.100.7";
    let stranger = "203.0.113.9";
    let response = app
        .client
        .post(format!("{}/api/v1/auth/register", app.base))
        .header("x-forwarded-for", owner)
        .json(&citizen("019190001234"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let mut answers = Vec::new();
    for i in 0..20 {
        answers.push(
            app.login_from(stranger, "019190001234", &format!("guess {i}"))
                .await,
        );
    }
    assert_eq!(answers[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(answers[5..], [StatusCode::TOO_MANY_REQUESTS; 15]);
    assert_eq!(
        app.login_from(stranger, "019190001234", "một mật khẩu dài")
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "the stranger waits, even with the password"
    );
    assert_eq!(
        app.login_from(owner, "019190001234", "một mật khẩu dài")
            .await,
        StatusCode::OK
    );
    // The header counts only from a trusted proxy: sent straight to a server that trusts none,
    // every request is its peer's.
    let direct = spawn().await;
    direct
        .post("/auth/register", &citizen("019190001234"), None)
        .await;
    for i in 0..5 {
        direct
            .login_from(stranger, "019190001234", &format!("guess {i}"))
            .await;
    }
    assert_eq!(
        direct
            .login_from(owner, "019190001234", "một mật khẩu dài")
            .await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn waits_grow_with_further_guesses() {
    let app = spawn().await;
    app.post("/auth/register", &citizen("019190001234"), None)
        .await;
    for _ in 0..5 {
        app.login("019190001234", "guess").await;
    }
    let response = app.login("019190001234", "guess").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_wait(&response, 60);
    // A minute on, one more guess is let through, and the next wait is twice as long.
    app.sql("UPDATE login_attempts SET at = at - 61").await;
    assert_eq!(
        app.login("019190001234", "guess").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let response = app.login("019190001234", "guess").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_wait(&response, 120);
}

/// The wait counts from the last guess, so a second that ticks between that guess and this answer
/// takes one off it.
fn assert_wait(response: &reqwest::Response, full: i64) {
    let wait: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (full - 2..=full).contains(&wait),
        "waits {wait}, not {full}"
    );
}

#[tokio::test]
async fn registrations_are_limited_per_address() {
    let app = spawn().await;
    for i in 0..10 {
        let response = app
            .post(
                "/auth/register",
                &citizen(&format!("0191900012{i:02}")),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{i}");
    }
    let response = app
        .post("/auth/register", &citizen("019190001299"), None)
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "3600");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM accounts WHERE identifier = '019190001299'")
            .await,
        0
    );
}

#[tokio::test]
async fn profile_fields_are_bounded() {
    let app = spawn().await;
    let long = "a".repeat(10_000);
    for field in ["full_name", "address", "email", "phone"] {
        let mut body = citizen("019190001234");
        body[field] = json!(long);
        let response = app.post("/auth/register", &body, None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let body: Value = response.json().await.unwrap();
        let problem = body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["field"] == field)
            .unwrap_or_else(|| panic!("{field}: {body}"));
        assert_eq!(problem["code"], "too_long", "{field}: {body}");
        assert_eq!(problem["params"]["max"], 200, "{field}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 0);
}

#[tokio::test]
async fn old_attempts_and_ended_sessions_are_pruned() {
    let app = spawn().await;
    let cookie = session(
        &app.post("/auth/register", &citizen("019190001234"), None)
            .await,
    );
    let day = 24 * 3600;
    let (old, recent) = (now() - day - 10, now() - 60);
    for at in [old, recent] {
        app.sql(&format!(
            "INSERT INTO login_attempts (identifier, address, at) VALUES ('x', '10.0.0.1', {at})"
        ))
        .await;
        app.sql(&format!(
            "INSERT INTO lookup_failures (scope, key, at) VALUES ('address', '10.0.0.1', {at})"
        ))
        .await;
        app.sql(&format!(
            "INSERT INTO registration_attempts (scope, key, at) VALUES ('address', '10.0.0.1', {at})"
        ))
        .await;
    }
    app.sql(&format!(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, idle_seconds, expires_at) \
         SELECT 'ended', id, {old}, {old}, 60, {old} + 3600 FROM accounts"
    ))
    .await;
    app.sql(&format!(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, idle_seconds, expires_at) \
         SELECT 'idle', id, {recent}, {old}, 60, {recent} + 3600 FROM accounts"
    ))
    .await;
    // Pruning runs at start (and hourly).
    AppState::build(&app.config).await.unwrap();
    for table in ["login_attempts", "lookup_failures", "registration_attempts"] {
        let at_old = format!("SELECT COUNT(*) FROM {table} WHERE at = {old}");
        assert_eq!(app.count(&at_old).await, 0, "{table} loses the old row");
        let at_recent = format!("SELECT COUNT(*) FROM {table} WHERE at = {recent}");
        assert_eq!(
            app.count(&at_recent).await,
            1,
            "{table} keeps the recent row"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_officers_session_ends_after_half_an_hour_idle_or_twelve_hours() {
    let app = spawn().await;
    let password = app.officer(false).await;
    let cookie = session(&app.login("canbo.stp", &password).await);
    assert_eq!(
        app.count("SELECT expires_at - created_at FROM sessions")
            .await,
        12 * 3600
    );
    // Used 29 minutes ago: still open, and the use is recorded.
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 29 * 60")
        .await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
    assert!(app.count("SELECT last_seen_at FROM sessions").await >= now() - 5);
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::UNAUTHORIZED);

    // In use all along, but begun twelve hours ago.
    let cookie = session(&app.login("canbo.stp", &password).await);
    app.sql("UPDATE sessions SET created_at = created_at - 12 * 3600, expires_at = expires_at - 12 * 3600")
        .await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_citizens_session_lasts_a_week_idle_refreshed_at_most_once_a_minute() {
    let app = spawn().await;
    let cookie = session(
        &app.post("/auth/register", &citizen("019190001234"), None)
            .await,
    );
    // Seen within the minute: no write.
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 30")
        .await;
    let seen = app.count("SELECT last_seen_at FROM sessions").await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT last_seen_at FROM sessions").await, seen);
    // Six days idle: still open, and refreshed.
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 6 * 24 * 3600")
        .await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
    assert!(app.count("SELECT last_seen_at FROM sessions").await >= now() - 5);
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 7 * 24 * 3600")
        .await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn resetting_an_officer_ends_its_sessions() {
    let app = spawn().await;
    let password = app.officer(false).await;
    let cookie = session(&app.login("canbo.stp", &password).await);
    assert_eq!(app.me(&cookie).await.status(), StatusCode::OK);
    app.officer(true).await;
    assert_eq!(app.me(&cookie).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_and_cannot_sign_in() {
    let app = spawn().await;
    let cookie = session(
        &app.post("/auth/register", &citizen("019190001234"), None)
            .await,
    );
    let store = open_store(&Config::store_only(
        app.data_dir.clone(),
        Some(app.config.database_url()),
    ))
    .await
    .unwrap();
    officers::disable(&store, "019 190 001 234").await.unwrap();
    assert!(officers::disable(&store, "001190009999").await.is_err());
    assert_eq!(app.me(&cookie).await.status(), StatusCode::UNAUTHORIZED);
    let refused = app.login("019190001234", "một mật khẩu dài").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let unknown = app.login("001190009999", "một mật khẩu dài").await;
    let (a, b): (Value, Value) = (refused.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(a, b, "a disabled account looks like no account");
}
