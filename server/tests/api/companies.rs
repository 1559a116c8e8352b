//! Companies prove who they are before anyone sees their dossiers: a tax code typed at registration
//! gives nothing; a verified company's administrator decides who views and who acts.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::accounts::session;
use crate::helpers::{assert_tallies_are_counts, database};
use crate::helpers::{spawn, spawn_limited, TestApp};
use crate::lifecycle::strings;
use motcua_server::config::Limits;

const HEAD: &str = "0101234567";
const REGISTRAR: &str = "so-tai-chinh";
const PROCEDURE: &str = "2.001192";

fn business(tax_code: &str, name: &str) -> Value {
    json!({
        "kind": "business", "tax_code": tax_code, "company_name": name,
        "legal_representative": "Trần Văn Minh", "phone": "0912 000 111",
        "email": "lienhe@hoasen.vn", "address": "Thái Nguyên", "password": "mật khẩu công ty",
    })
}

impl TestApp {
    pub(crate) async fn register_business(&self, tax_code: &str, name: &str) -> String {
        let response = self
            .post("/auth/register", &business(tax_code, name), None)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{tax_code}");
        session(&response)
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        cookie: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .header("cookie", cookie);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let response = req.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Asks to verify `cookie`'s company with a freshly uploaded certificate; the request's id.
    async fn ask_verification(&self, cookie: &str) -> (StatusCode, Value) {
        let certificate = self.pdf_upload(cookie, "giay-chung-nhan.pdf", "gcn").await;
        self.send(
            Method::POST,
            cookie,
            "/me/companies/verification",
            Some(json!({ "certificate": certificate })),
        )
        .await
    }

    async fn submit_for(&self, cookie: &str) -> String {
        self.apply_for(cookie, PROCEDURE).await["code"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn list(&self, cookie: &str) -> Vec<String> {
        let (status, list) = self.api_get(cookie, "/dossiers").await;
        assert_eq!(status, StatusCode::OK);
        let mut codes = strings(&list["items"], "code");
        codes.sort();
        codes
    }

    pub(crate) async fn verified(&self, head: &str, registrar: &str) {
        let (status, v) = self.ask_verification(head).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        let (status, v) = self
            .send(
                Method::POST,
                registrar,
                &format!("/officer/verifications/{id}"),
                Some(json!({"confirm": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Nothing of the dossier `code` is reachable with `attacker`'s session.
async fn sees_nothing(app: &TestApp, attacker: &str, code: &str, file: &str) {
    assert_eq!(app.list(attacker).await, Vec::<String>::new());
    for path in [
        format!("/dossiers/{code}"),
        format!("/dossiers/{code}/receipt"),
        format!("/dossiers/{code}/files/{file}"),
        format!("/dossiers/{code}/qr.svg"),
    ] {
        let (status, _) = app.api_get(attacker, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = app
        .act_on(attacker, code, 1, json!({"action": "withdraw"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nor can it make itself the company: branches are invited, not verified.
    let (status, body) = app.ask_verification(attacker).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "head_office_only");
}

#[tokio::test]
async fn a_made_up_branch_tax_code_sees_nothing_of_the_company() {
    let app = spawn().await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let registrar = app.officer_session("dkkd.stc", REGISTRAR).await;
    let by_head = app.submit_for(&head).await;
    let file = app.dossier_view(&head, &by_head).await["documents"][0]["files"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let attacker = app
        .register_business("0101234567-999", "Hoa Sen – chi nhánh giả")
        .await;
    sees_nothing(&app, &attacker, &by_head, &file).await;
    // Once the real company is verified, still nothing: only its invited members see its dossiers.
    app.verified(&head, &registrar).await;
    sees_nothing(&app, &attacker, &by_head, &file).await;
    let v = app.dossier_view(&head, &by_head).await;
    assert_eq!(v["company"], HEAD);
    let (status, _) = app.api_get(&attacker, &format!("/companies/{HEAD}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registrar_checks_the_certificate_and_refuses_with_a_reason_or_confirms() {
    let app = spawn().await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let registrar = app.officer_session("dkkd.stc", REGISTRAR).await;
    let builder = app.officer_session("xd.sxd", "so-xay-dung").await;
    let lan = app.citizen("019190001234").await;

    // Only business head offices ask, with one of their own uploads, one request at a time.
    let (status, body) = app.ask_verification(&lan).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("businesses_only"))
    );
    let (status, body) = app
        .send(
            Method::POST,
            &head,
            "/me/companies/verification",
            Some(json!({"certificate": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "certificate_required");
    let others = app.pdf_upload(&lan, "khac.pdf", "other").await;
    let (status, body) = app
        .send(
            Method::POST,
            &head,
            "/me/companies/verification",
            Some(json!({ "certificate": others })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["field"], "certificate");
    let (status, first) = app.ask_verification(&head).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["status"], "pending");
    assert_eq!(first["tax_code"], HEAD);
    let (status, body) = app.ask_verification(&head).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("verification_pending"))
    );

    // Only the business register's officers see and decide requests.
    for who in [&builder, &lan, &head] {
        let (status, _) = app.api_get(who, "/officer/verifications").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, queue) = app.api_get(&registrar, "/officer/verifications").await;
    assert_eq!(status, StatusCode::OK);
    let id = first["id"].as_i64().unwrap();
    assert_eq!(queue["items"][0]["id"], id);
    let certificate = app
        .call(
            Method::GET,
            &format!("/officer/verifications/{id}/certificate"),
            &registrar,
        )
        .await;
    assert_eq!(certificate.status(), StatusCode::OK);
    assert!(certificate.bytes().await.unwrap().starts_with(b"%PDF"));
    let decision = format!("/officer/verifications/{id}");
    let decide = |body: Value| app.send(Method::POST, &registrar, &decision, Some(body));
    let (status, body) = decide(json!({"confirm": false, "reason": "  "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["field"], "reason");
    let (status, refused) =
        decide(json!({"confirm": false, "reason": "Giấy chứng nhận không đọc được."})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(refused["status"], "refused");
    let (status, body) = decide(json!({"confirm": true})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_done"))
    );
    let (_, mine) = app.api_get(&head, "/me/companies").await;
    assert_eq!(
        mine["verification"]["reason"],
        "Giấy chứng nhận không đọc được."
    );
    assert_eq!(mine["memberships"], json!([]));

    // Asked again and confirmed: the head office is the company's administrator, and its earlier
    // dossier is the company's.
    let earlier = app.submit_for(&head).await;
    app.verified(&head, &registrar).await;
    let (_, mine) = app.api_get(&head, "/me/companies").await;
    assert_eq!(mine["memberships"][0]["role"], "admin");
    assert_eq!(app.dossier_view(&head, &earlier).await["company"], HEAD);
    let (status, body) = app.ask_verification(&head).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("company_verified"))
    );
    let (_, company) = app.api_get(&head, &format!("/companies/{HEAD}")).await;
    let kinds: Vec<&str> = company["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "verified",
            "verification_requested",
            "verification_refused",
            "verification_requested"
        ]
    );
    // Officers appear by their agency, never by name.
    assert_eq!(company["audit"][0]["by"]["vi"], "Sở Tài chính");

    // The audit log is append-only, even in the database.
    let mut db = database(&app).await;
    for sql in [
        "UPDATE company_audit SET reason = 'x'",
        "DELETE FROM company_audit",
    ] {
        let err = sqlx::query(sql).execute(&mut db).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

/// A head office's dossiers filed before it was verified become the company's, and the list's totals
/// stay what counting its dossiers gives.
#[tokio::test]
async fn dossiers_filed_before_verification_become_the_companys_and_are_counted_once() {
    let app = spawn().await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let registrar = app.officer_session("dkkd.stc", REGISTRAR).await;
    let before = app.submit_for(&head).await;
    assert_tallies_are_counts(&app).await;
    app.verified(&head, &registrar).await;
    assert_eq!(app.dossier_view(&head, &before).await["company"], HEAD);
    let after = app.submit_for(&head).await;
    let mut both = vec![before, after];
    both.sort();
    assert_eq!(app.list(&head).await, both);
    for path in ["/dossiers", "/dossiers?status=submitted"] {
        let (_, list) = app.api_get(&head, path).await;
        assert_eq!(list["total"], 2, "{path}");
    }
    let (_, list) = app.api_get(&head, "/dossiers?status=withdrawn").await;
    assert_eq!(list["total"], 0);
    assert_tallies_are_counts(&app).await;
}

#[tokio::test]
async fn members_see_or_act_as_invited_and_the_submitter_hears_of_what_others_did() {
    let app = spawn().await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let registrar = app.officer_session("dkkd.stc", REGISTRAR).await;
    app.verified(&head, &registrar).await;
    let branch = app
        .register_business("0101234567-001", "Hoa Sen – Chi nhánh Phổ Yên")
        .await;
    let lawyer = app.citizen("019190001234").await;
    let by_head = app.submit_for(&head).await;

    // Not yet invited: the branch sees only its own dossiers, which are not the company's.
    let own = app.submit_for(&branch).await;
    assert_eq!(app.list(&branch).await, vec![own.clone()]);
    assert_eq!(
        app.dossier_view(&branch, &own).await["company"],
        Value::Null
    );
    assert_eq!(app.list(&head).await, vec![by_head.clone()]);

    // The administrator invites by identifier; only the administrator manages members.
    let invite = |who: &str, role: &str| json!({"identifier": who, "role": role});
    let members = format!("/companies/{HEAD}/members");
    let (status, m) = app
        .send(
            Method::POST,
            &head,
            &members,
            Some(invite("0101234567-001", "act")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    assert_eq!(m["identifier"], "0101234567001");
    let (status, body) = app
        .send(
            Method::POST,
            &head,
            &members,
            Some(invite("0101234567001", "view")),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_invited"))
    );
    let (status, body) = app
        .send(Method::POST, &head, &members, Some(invite(" ", "view")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["field"], "identifier");
    let (status, _) = app
        .send(
            Method::POST,
            &branch,
            &members,
            Some(invite("019190001234", "act")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a non-member invites");
    let (status, _) = app
        .send(
            Method::POST,
            &head,
            &members,
            Some(invite("019190001234", "view")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Invited is not yet a member: nothing is shared until the invitation is accepted.
    assert_eq!(app.list(&branch).await, vec![own.clone()]);
    let (_, mine) = app.api_get(&branch, "/me/companies").await;
    assert_eq!(mine["memberships"][0]["accepted_at"], Value::Null);
    assert_eq!(mine["memberships"][0]["role"], "act");
    let (status, _) = app
        .send(
            Method::POST,
            &lawyer,
            "/me/companies/0109999999/accept",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for who in [&branch, &lawyer] {
        let (status, m) = app
            .send(
                Method::POST,
                who,
                &format!("/me/companies/{HEAD}/accept"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{m}");
    }

    // The branch acts for the company: its new dossier is the company's, and the administrator
    // sees who did what.
    let by_branch = app.submit_for(&branch).await;
    assert_eq!(
        app.list(&head).await,
        sorted(vec![by_head.clone(), by_branch.clone()])
    );
    assert_eq!(
        app.list(&branch).await,
        sorted(vec![by_head.clone(), by_branch.clone(), own.clone()])
    );
    let v = app.dossier_view(&head, &by_branch).await;
    assert_eq!(v["company"], HEAD);
    let by = v["events"][0]["by"].as_str().unwrap();
    assert!(by.contains("0101234567001"), "{by}");
    assert_eq!(v["actions"], json!(["withdraw"]));

    // The lawyer may only view: no actions offered, and an action is refused.
    assert_eq!(
        app.list(&lawyer).await,
        sorted(vec![by_head.clone(), by_branch.clone()])
    );
    let v = app.dossier_view(&lawyer, &by_branch).await;
    assert_eq!(
        (v["actions"].clone(), v["view_only"].clone()),
        (json!([]), json!(true))
    );
    let (status, body) = app
        .act_on(&lawyer, &by_branch, 1, json!({"action": "withdraw"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("view_only"))
    );

    // The administrator withdraws the branch's dossier: the branch is told, by whom.
    let withdrawn = app
        .act_ok(&head, &by_branch, 1, json!({"action": "withdraw"}))
        .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let (_, inbox) = app.api_get(&branch, "/notifications").await;
    let item = &inbox["items"][0];
    assert_eq!(
        (item["dossier"].as_str(), item["kind"].as_str()),
        (Some(by_branch.as_str()), Some("withdrawn"))
    );
    assert!(
        item["body"]["vi"].as_str().unwrap().contains(HEAD),
        "{item}"
    );
    // A status filter reads the company's dossiers and the account's own alike.
    let (_, list) = app.api_get(&head, "/dossiers?status=withdrawn").await;
    assert_eq!(strings(&list["items"], "code"), vec![by_branch.clone()]);
    assert_eq!(list["total"], 1);
    let (_, list) = app.api_get(&branch, "/dossiers?status=submitted").await;
    assert_eq!(list["total"], 2, "its own and the head office's");
    assert_tallies_are_counts(&app).await;
    // The owner's own act tells nobody.
    let (_, inbox) = app.api_get(&head, "/notifications").await;
    assert_eq!(inbox["items"], json!([]));

    // The branch is also a member of a second company, whose dossiers it then reads too.
    let other = app
        .register_business("0107654321", "Công ty CP Trà Tân Cương")
        .await;
    app.verified(&other, &registrar).await;
    let (status, _) = app
        .send(
            Method::POST,
            &other,
            "/companies/0107654321/members",
            Some(invite("0101234567-001", "view")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .send(
            Method::POST,
            &branch,
            "/me/companies/0107654321/accept",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let by_other = app.submit_for(&other).await;
    assert_eq!(
        app.list(&branch).await,
        sorted(vec![
            by_head.clone(),
            by_branch.clone(),
            own.clone(),
            by_other.clone()
        ])
    );

    // Removed, the branch keeps only what it submitted itself, with the other company's: what it
    // filed for the company it left is its own again, read, counted and filtered like the rest.
    let (status, _) = app
        .send(
            Method::DELETE,
            &head,
            &format!("{members}/0101234567001"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.list(&branch).await,
        sorted(vec![by_branch.clone(), own.clone(), by_other.clone()])
    );
    let (_, list) = app.api_get(&branch, "/dossiers").await;
    assert_eq!(list["total"], 3);
    let (_, list) = app.api_get(&branch, "/dossiers?status=withdrawn").await;
    assert_eq!(
        (strings(&list["items"], "code"), list["total"].clone()),
        (vec![by_branch.clone()], json!(1))
    );
    let (_, list) = app.api_get(&branch, "/dossiers?status=submitted").await;
    assert_eq!(list["total"], 2, "its own and the other company's");
    assert_tallies_are_counts(&app).await;
    let (status, _) = app.api_get(&branch, &format!("/dossiers/{by_head}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The administrator cannot be removed, nor leave.
    let (status, _) = app
        .send(Method::DELETE, &head, &format!("{members}/{HEAD}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send(
            Method::DELETE,
            &head,
            &format!("/me/companies/{HEAD}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A view member sees the company but not its members; the administrator sees every step.
    let (_, company) = app.api_get(&lawyer, &format!("/companies/{HEAD}")).await;
    assert_eq!(
        (company["my_role"].as_str(), company["members"].clone()),
        (Some("view"), json!([]))
    );
    let (_, company) = app.api_get(&head, &format!("/companies/{HEAD}")).await;
    assert_eq!(
        strings(&company["members"], "identifier"),
        [HEAD, "019190001234"]
    );
    let kinds: Vec<&str> = company["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        &kinds[..5],
        ["removed", "accepted", "accepted", "invited", "invited"]
    );
}

#[tokio::test]
async fn officers_do_not_apply_nor_join_companies() {
    let app = spawn().await;
    let head = app.register_business(HEAD, "Công ty TNHH Hoa Sen").await;
    let registrar = app.officer_session("dkkd.stc", REGISTRAR).await;
    app.verified(&head, &registrar).await;
    let builder = app.officer_session("xd.sxd", "so-xay-dung").await;

    let response = app
        .submit(
            &builder,
            Some("officer-1"),
            &json!({"procedure": PROCEDURE}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "officers_cannot_apply");

    let (status, _) = app
        .send(
            Method::POST,
            &head,
            &format!("/companies/{HEAD}/members"),
            Some(json!({"identifier": "xd.sxd", "role": "act"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = app
        .send(
            Method::POST,
            &builder,
            &format!("/me/companies/{HEAD}/accept"),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("officers_cannot_join"))
    );
    let (_, list) = app.api_get(&builder, "/dossiers").await;
    assert_eq!(list["total"], 0);
}

/// Many companies asking to be verified at the same moment are each answered, none with a server
/// error: a request reads before it writes, and another's write in between must make it wait, not
/// fail.
#[tokio::test]
async fn companies_asking_at_the_same_moment_are_all_heard() {
    // All from one address, as the tests are.
    let app = spawn_limited(Limits {
        registrations_per_address: 100,
        ..Limits::default()
    })
    .await;
    let mut asking = Vec::new();
    for i in 0..24 {
        let head = app
            .register_business(&format!("01012{i:05}"), &format!("Công ty {i}"))
            .await;
        let certificate = app.pdf_upload(&head, "giay-chung-nhan.pdf", "gcn").await;
        asking.push((head, certificate));
    }
    let answers = futures_util::future::join_all(asking.iter().map(|(head, certificate)| {
        app.send(
            Method::POST,
            head,
            "/me/companies/verification",
            Some(json!({ "certificate": certificate })),
        )
    }))
    .await;
    let statuses: Vec<StatusCode> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, vec![StatusCode::CREATED; 24], "{answers:?}");
}
