use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn, TestApp};

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
    let config = Config::store_only(app.data_dir.clone());
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
