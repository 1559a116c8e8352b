//! Fees paid online through the provider simulator (`sims/pay.js`, its own process) by its real
//! protocol: the signed page, the notification, the return and the query; exemptions the officer
//! checks; refunds owed when a paid dossier ends without a result.

use motcua_server::payments::IPN_PATH;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_paying, TestApp};
use crate::paysim::{query_pairs, PaySim};

/// A passport-free procedure of the police, with a 200.000 đồng fee paid at submission, that
/// several exemptions let off.
const FEE_PROCEDURE: &str = "2.002516";
const FEE: u64 = 200_000;

async fn paying() -> (PaySim, TestApp) {
    let sim = PaySim::start();
    let app = spawn_paying(sim.config("MOTCUA01", "bi-mat-thu-nghiem")).await;
    sim.register(
        "MOTCUA01",
        "bi-mat-thu-nghiem",
        &format!("{}{IPN_PATH}", app.base),
    )
    .await;
    (sim, app)
}

impl TestApp {
    async fn applied(&self, cookie: &str, exemption: Option<&str>) -> String {
        let mut a = crate::dossiers::application(self, cookie, FEE_PROCEDURE).await;
        if let Some(e) = exemption {
            a.body["fees"] = json!({"exemption": e});
        }
        let key = format!("payments-{}", rand_key());
        let response = self.submit(cookie, Some(&key), &a.body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let receipt: Value = response.json().await.unwrap();
        assert_eq!(
            receipt["fees"]["total_vnd"],
            json!(if exemption.is_some() { 0 } else { FEE })
        );
        receipt["code"].as_str().unwrap().to_string()
    }

    async fn fees(&self, cookie: &str, code: &str) -> Value {
        self.dossier_view(cookie, code).await["fees"].clone()
    }

    async fn start_payment(&self, cookie: &str, code: &str) -> (StatusCode, Value) {
        let response = self
            .call(Method::POST, &format!("/dossiers/{code}/payments"), cookie)
            .await;
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// The browser back from the provider at `url`: where the server sends it on.
    async fn come_back(&self, url: &str) -> String {
        let path = url.split_once("/api/v1").unwrap().1;
        let response = self
            .client
            .get(format!("{}/api/v1{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        response.headers()["location"].to_str().unwrap().to_string()
    }

    /// An officer's decision on the fees: `body` is a `FeeDecisionRequest`.
    pub(crate) async fn decide(
        &self,
        cookie: &str,
        code: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/api/v1/dossiers/{code}/fees", self.base))
            .header("cookie", cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    async fn holder(&self, citizen: &str, code: &str, username: &str) -> String {
        let v = self.dossier_view(citizen, code).await;
        let agency = v["steps"][0]["agency"].as_str().unwrap().to_string();
        self.officer_session(username, &agency).await
    }
}

fn rand_key() -> String {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Waits until the dossier's fees satisfy `done` (a notification sent late comes a second after).
async fn until(app: &TestApp, cookie: &str, code: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..50 {
        let fees = app.fees(cookie, code).await;
        if done(&fees) {
            return fees;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "the fees of {code} never settled: {}",
        app.fees(cookie, code).await
    );
}

#[tokio::test]
async fn a_fee_paid_online_is_recorded_once_though_notified_twice() {
    let (sim, app) = paying().await;
    let lan = app.citizen("001190001001").await;
    let code = app.applied(&lan, None).await;
    let fees = app.fees(&lan, &code).await;
    assert_eq!(
        (
            fees["owed_vnd"].as_u64(),
            fees["due_now"].as_bool(),
            fees["pay_online"].as_bool()
        ),
        (Some(FEE), Some(true), Some(true)),
        "{fees}"
    );

    // Nobody else starts a payment on it: not another citizen, and for them it does not exist.
    let other = app.citizen("001190001002").await;
    assert_eq!(
        app.start_payment(&other, &code).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, start) = app.start_payment(&lan, &code).await;
    assert_eq!(status, StatusCode::CREATED, "{start}");
    assert_eq!(start["amount_vnd"], json!(FEE));
    let link = start["pay_url"].as_str().unwrap();
    let signed = query_pairs(link);
    assert!(signed
        .iter()
        .any(|(k, v)| k == "vnp_Amount" && v == "20000000"));
    let back = sim.pay(link, "success-twice").await;
    let to = app.come_back(&back).await;
    assert_eq!(to, format!("/ho-so/{code}?thanh-toan=da-thanh-toan"));

    let fees = until(&app, &lan, &code, |f| {
        f["receipts"].as_array().unwrap().len() == 1
    })
    .await;
    assert_eq!(
        (fees["paid_vnd"].as_u64(), fees["owed_vnd"].as_u64()),
        (Some(FEE), Some(0))
    );
    assert_eq!(fees["refund_vnd"], json!(0), "paid once, not twice");
    let receipt = &fees["receipts"][0];
    assert_eq!(
        (receipt["how"].as_str(), receipt["amount_vnd"].as_u64()),
        (Some("online"), Some(FEE))
    );
    assert!(receipt["transaction_no"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    // The provider was told the second time that it was confirmed already.
    let sent = sim.transactions().await;
    let answers: Vec<String> = sent["transactions"][0]["ipn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rsp_code"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(answers, ["00", "02"], "{sent}");

    // The receipt opens for its owner, by its number, and for no one else.
    let number = receipt["number"].as_str().unwrap();
    let path = format!("/dossiers/{code}/fee-receipts/{number}");
    let (status, body) = app.api_get(&lan, &path).await;
    assert_eq!(
        (status, body["amount_vnd"].as_u64()),
        (StatusCode::OK, Some(FEE))
    );
    assert_eq!(app.api_get(&other, &path).await.0, StatusCode::NOT_FOUND);
    // Nothing more to pay.
    let (status, body) = app.start_payment(&lan, &code).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("nothing_to_pay"))
    );

    // Withdrawn after paying: what was paid is owed back.
    let v = app.dossier_view(&lan, &code).await;
    app.act_ok(
        &lan,
        &code,
        v["version"].as_u64().unwrap(),
        json!({"action": "withdraw"}),
    )
    .await;
    assert_eq!(app.fees(&lan, &code).await["refund_vnd"], json!(FEE));
    // The statistics count it paid online once, in the month it was received.
    let month = motcua_api::stats::Month::in_vietnam(motcua_server::clock::now());
    let (_, report) = app
        .json(&format!("/stats?scope=province&from={month}&to={month}"))
        .await;
    let totals = &report["totals"];
    assert_eq!(
        (totals["with_fee"].as_u64(), totals["paid_online"].as_u64()),
        (Some(1), Some(1)),
        "{totals}"
    );
}

#[tokio::test]
async fn a_failed_payment_leaves_the_fee_owed_and_it_can_be_paid_again() {
    let (sim, app) = paying().await;
    let lan = app.citizen("001190001003").await;
    let code = app.applied(&lan, None).await;
    let (_, start) = app.start_payment(&lan, &code).await;
    let back = sim.pay(start["pay_url"].as_str().unwrap(), "fail-51").await;
    assert_eq!(
        app.come_back(&back).await,
        format!("/ho-so/{code}?thanh-toan=chua-thanh-toan")
    );
    let fees = app.fees(&lan, &code).await;
    assert_eq!(
        (fees["owed_vnd"].as_u64(), fees["pay_online"].as_bool()),
        (Some(FEE), Some(true))
    );
    assert_eq!(fees["receipts"], json!([]));

    // A payment whose notification never comes is found by asking the provider.
    let (_, start) = app.start_payment(&lan, &code).await;
    let back = sim
        .pay(start["pay_url"].as_str().unwrap(), "success-silent")
        .await;
    assert_eq!(
        app.come_back(&back).await,
        format!("/ho-so/{code}?thanh-toan=da-thanh-toan")
    );
    let fees = app.fees(&lan, &code).await;
    assert_eq!(
        (fees["paid_vnd"].as_u64(), fees["owed_vnd"].as_u64()),
        (Some(FEE), Some(0))
    );
}

#[tokio::test]
async fn a_tampered_or_unknown_notification_changes_nothing() {
    let (sim, app) = paying().await;
    let lan = app.citizen("001190001004").await;
    let code = app.applied(&lan, None).await;
    let (_, start) = app.start_payment(&lan, &code).await;
    // Cancelled at the provider: what the provider signed comes back on the return address.
    let back = sim
        .pay(start["pay_url"].as_str().unwrap(), "cancel-24")
        .await;
    let genuine = query_pairs(&back);
    let ipn = |pairs: Vec<(String, String)>| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(format!("{}{IPN_PATH}", app.base))
                .query(&pairs)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let body: Value = response.json().await.unwrap();
            body["RspCode"].as_str().unwrap().to_string()
        }
    };
    // The same words saying it was paid: the signature no longer matches.
    let forged: Vec<(String, String)> = genuine
        .iter()
        .map(|(k, v)| match k.as_str() {
            "vnp_ResponseCode" | "vnp_TransactionStatus" => (k.clone(), "00".to_string()),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    assert_eq!(ipn(forged).await, "97");
    let unsigned: Vec<(String, String)> = genuine
        .iter()
        .filter(|(k, _)| k != "vnp_SecureHash")
        .cloned()
        .collect();
    assert_ne!(ipn(unsigned).await, "00");
    // The genuine one again: confirmed already.
    assert_eq!(ipn(genuine.clone()).await, "02");
    let fees = app.fees(&lan, &code).await;
    assert_eq!(
        (fees["paid_vnd"].as_u64(), fees["owed_vnd"].as_u64()),
        (Some(0), Some(FEE))
    );
}

#[tokio::test]
async fn a_declared_exemption_waits_for_the_officer_who_may_refuse_it() {
    let (_sim, app) = paying().await;
    let lan = app.citizen("001190001005").await;
    let code = app.applied(&lan, Some("poor_household")).await;
    let fees = app.fees(&lan, &code).await;
    assert_eq!(fees["owed_vnd"], json!(0));
    assert_eq!(fees["exemption"]["decision"], "claimed");
    assert_eq!(fees["exemption"]["exempted_vnd"], json!(FEE));

    // The applicant does not decide on their own exemption.
    let (status, _) = app
        .decide(&lan, &code, json!({"decision": "accept_exemption"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let officer = app.holder(&lan, &code, "canbo.mien").await;
    let (status, body) = app
        .decide(
            &officer,
            &code,
            json!({"decision": "refuse_exemption", "reason": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, fees) = app
        .decide(
            &officer,
            &code,
            json!({"decision": "refuse_exemption", "reason": "Không có giấy chứng nhận hộ nghèo."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fees}");
    assert_eq!(fees["exemption"]["decision"], "refused");
    assert_eq!(
        fees["owed_vnd"],
        json!(FEE),
        "the fee it took off is owed again"
    );
    // Decided once.
    let (status, _) = app
        .decide(&officer, &code, json!({"decision": "accept_exemption"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Paid at the desk: a receipt of its own, nothing owed.
    let (status, fees) = app
        .decide(&officer, &code, json!({"decision": "paid_at_desk"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{fees}");
    assert_eq!(fees["owed_vnd"], json!(0));
    assert_eq!(fees["receipts"][0]["how"], "desk");
    assert_eq!(fees["receipts"][0]["amount_vnd"], json!(FEE));
}
