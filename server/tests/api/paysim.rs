//! The payment provider simulator (`sims/pay.js`) as the tests drive it, and the protocol module
//! (`payments::vnpay`) checked against it: what the simulator signs the server believes, and the reverse.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use motcua_server::config::PaymentConfig;
use motcua_server::payments::vnpay::{Gateway, IpnAnswer, Notice, Order, QueryError};
use serde_json::{json, Value};

/// The simulator running as its own process on a port of its choosing, stopped when dropped. IPNs sent
/// "late" come one second after the payment.
pub struct PaySim {
    pub base: String,
    child: Child,
    client: reqwest::Client,
}

impl PaySim {
    pub fn start() -> PaySim {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../sims/pay.js");
        let mut child = Command::new("node")
            .args([script, "--port", "0", "--late-seconds", "1"])
            .env_remove("NODE_ENV")
            .env_remove("MOTCUA_ENV")
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs sims/pay.js");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let base = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the simulator says where it listens, not {first:?}"))
            .to_owned();
        // Its log goes on; a full pipe would stop it.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        PaySim {
            base,
            child,
            client,
        }
    }

    /// The provider's side of a merchant's configuration.
    pub fn config(&self, merchant: &str, secret: &str) -> PaymentConfig {
        PaymentConfig {
            pay_url: format!("{}/paymentv2/vpcpay.html", self.base),
            api_url: format!("{}/merchant_webapi/api/transaction", self.base),
            merchant: merchant.into(),
            secret: secret.into(),
        }
    }

    pub async fn register(&self, tmn_code: &str, secret: &str, ipn_url: &str) {
        let response = self
            .client
            .post(format!("{}/sim/merchants", self.base))
            .json(&json!({ "tmn_code": tmn_code, "secret": secret, "ipn_url": ipn_url }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    /// Opens the payment page at `link` and picks `outcome` (`success`, `success-twice`,
    /// `success-late`, `success-silent`, `fail-51`, `cancel-24`, `timeout-11`) as a browser would;
    /// returns the address the simulator sends the browser back to.
    pub async fn pay(&self, link: &str, outcome: &str) -> String {
        let page = self.client.get(link).send().await.unwrap();
        assert_eq!(page.status(), 200, "the payment page opens");
        let html = page.text().await.unwrap();
        let token = html
            .split_once(r#"name="token" value=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .expect("the page's form")
            .0
            .to_owned();
        let chosen = self
            .client
            .post(format!("{}/paymentv2/choose", self.base))
            .form(&[("token", token.as_str()), ("outcome", outcome)])
            .send()
            .await
            .unwrap();
        assert_eq!(chosen.status(), 302, "the browser is sent back");
        chosen.headers()["location"].to_str().unwrap().to_owned()
    }

    /// What happened at the provider: `{"transactions": [...], "queries": [...]}`.
    pub async fn transactions(&self) -> Value {
        self.client
            .get(format!("{}/sim/transactions", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

impl Drop for PaySim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The query of an address, decoded as a server reads it.
pub fn query_pairs(url: &str) -> Params {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

type Params = Vec<(String, String)>;

const MERCHANT: &str = "TESTMC01";
const SECRET: &str = "test-secret-0123456789abcdef";

/// A merchant's IPN address in miniature: believes what `Gateway::verify` believes, confirms a
/// reference once and says "already confirmed" after, and keeps every call.
#[derive(Clone)]
struct Merchant {
    gateway: Gateway,
    calls: Arc<Mutex<Vec<Params>>>,
    confirmed: Arc<Mutex<Vec<String>>>,
}

async fn ipn(
    State(merchant): State<Merchant>,
    Query(params): Query<Vec<(String, String)>>,
) -> Json<Value> {
    merchant.calls.lock().unwrap().push(params.clone());
    let answer = match merchant.gateway.verify(&params) {
        Err(rejected) => rejected.answer(),
        Ok(notice) => {
            let mut confirmed = merchant.confirmed.lock().unwrap();
            if confirmed.contains(&notice.txn_ref) {
                IpnAnswer::AlreadyConfirmed
            } else {
                confirmed.push(notice.txn_ref);
                IpnAnswer::Confirmed
            }
        }
    };
    Json(answer.json())
}

async fn merchant(sim: &PaySim) -> Merchant {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ipn_url = format!("http://{}/ipn", listener.local_addr().unwrap());
    let merchant = Merchant {
        gateway: Gateway::new(sim.config(MERCHANT, SECRET)),
        calls: Arc::default(),
        confirmed: Arc::default(),
    };
    let app = Router::new()
        .route("/ipn", get(ipn))
        .with_state(merchant.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    sim.register(MERCHANT, SECRET, &ipn_url).await;
    merchant
}

fn order(txn_ref: &str) -> Order {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Order {
        txn_ref: txn_ref.into(),
        amount_vnd: 150_000,
        info: "Le phi ho so 000.00.12.H01-250102-0001".into(),
        english: false,
        return_url: "http://127.0.0.1:9/api/v1/payments/vnpay/return".into(),
        ip: "127.0.0.1".into(),
        created: now,
        expires: now + 900,
    }
}

impl Merchant {
    fn notices(&self) -> Vec<Notice> {
        let calls = self.calls.lock().unwrap();
        calls
            .iter()
            .map(|p| self.gateway.verify(p).expect("a signed IPN"))
            .collect()
    }
}

#[tokio::test]
async fn a_payment_is_notified_and_returned_signed() {
    let sim = PaySim::start();
    let merchant = merchant(&sim).await;
    let order = order("P1");
    let back = sim.pay(&merchant.gateway.pay_link(&order), "success").await;

    assert!(
        back.starts_with(&format!("{}?", order.return_url)),
        "{back}"
    );
    let returned = merchant.gateway.verify(&query_pairs(&back)).unwrap();
    assert!(returned.succeeded());
    assert_eq!(returned.amount_vnd, 150_000);
    assert_eq!(returned.txn_ref, "P1");
    assert!(!returned.transaction_no.is_empty());
    let notices = merchant.notices();
    assert_eq!(notices, vec![returned]);

    let log = sim.transactions().await;
    let txn = &log["transactions"][0];
    assert_eq!(txn["txn_ref"], "P1");
    assert_eq!(txn["amount"], "15000000");
    assert_eq!(txn["ipn"][0]["rsp_code"], "00");
    assert!(txn.get("token").is_none(), "the page's token stays inside");
}

#[tokio::test]
async fn failures_are_notified_and_each_transaction_has_its_own_number() {
    let sim = PaySim::start();
    let merchant = merchant(&sim).await;
    for (i, (outcome, code)) in [("fail-51", "51"), ("cancel-24", "24"), ("timeout-11", "11")]
        .into_iter()
        .enumerate()
    {
        // Vietnamese and the characters encoders disagree on are signed alike on both sides.
        let mut order = order(&format!("F{i}"));
        order.info = "Lệ phí hồ sơ ~*'()! 50%".into();
        let back = sim.pay(&merchant.gateway.pay_link(&order), outcome).await;
        let returned = merchant.gateway.verify(&query_pairs(&back)).unwrap();
        assert_eq!(returned.response_code, code);
        assert_eq!(returned.transaction_status, "02");
        assert!(!returned.succeeded());
    }
    let notices = merchant.notices();
    assert_eq!(notices.len(), 3);
    let mut numbers: Vec<_> = notices.iter().map(|n| &n.transaction_no).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 3);
}

#[tokio::test]
async fn the_notification_can_come_twice_or_late() {
    let sim = PaySim::start();
    let merchant = merchant(&sim).await;
    sim.pay(&merchant.gateway.pay_link(&order("TWICE")), "success-twice")
        .await;
    let log = sim.transactions().await;
    let answers: Vec<_> = log["transactions"][0]["ipn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rsp_code"].clone())
        .collect();
    assert_eq!(answers, vec![json!("00"), json!("02")]);

    sim.pay(&merchant.gateway.pay_link(&order("LATE")), "success-late")
        .await;
    assert_eq!(
        merchant.notices().len(),
        2,
        "not yet when the person is back"
    );
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let notices = merchant.notices();
    assert_eq!(notices.len(), 3);
    assert_eq!(notices[2].txn_ref, "LATE");
    assert!(notices[2].succeeded());
}

#[tokio::test]
async fn a_tampered_link_is_refused_with_97() {
    let sim = PaySim::start();
    let merchant = merchant(&sim).await;
    let link = merchant.gateway.pay_link(&order("T1"));
    let tampered = link.replace("vnp_Amount=15000000", "vnp_Amount=100");
    assert_ne!(link, tampered);
    let client = reqwest::Client::new();
    let page = client.get(&tampered).send().await.unwrap();
    assert_eq!(page.status(), 400);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-code="97""#), "{html}");
    assert!(html.contains("MÔI TRƯỜNG GIẢ LẬP"));
    let other_key = Gateway::new(sim.config(MERCHANT, "not the key")).pay_link(&order("T1"));
    let page = client.get(&other_key).send().await.unwrap();
    assert!(page.text().await.unwrap().contains(r#"data-code="97""#));
    assert_eq!(sim.transactions().await["transactions"], json!([]));
}

#[tokio::test]
async fn the_query_finds_a_payment_nobody_was_told_of() {
    let sim = PaySim::start();
    let merchant = merchant(&sim).await;
    let silent = order("SILENT");
    let back = sim
        .pay(&merchant.gateway.pay_link(&silent), "success-silent")
        .await;
    assert!(merchant.notices().is_empty(), "no IPN");
    let returned = merchant.gateway.verify(&query_pairs(&back)).unwrap();

    let found = merchant
        .gateway
        .query("SILENT", silent.created, "127.0.0.1")
        .await
        .unwrap();
    assert!(found.succeeded());
    assert_eq!(found.amount_vnd, 150_000);
    assert_eq!(found.transaction_no, returned.transaction_no);
    assert_eq!(found.pay_date, returned.pay_date);

    // Opened but not paid: the provider knows it, unfinished.
    let opened = order("OPENED");
    let page = reqwest::get(merchant.gateway.pay_link(&opened))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let pending = merchant
        .gateway
        .query("OPENED", opened.created, "127.0.0.1")
        .await
        .unwrap();
    assert_eq!(pending.transaction_status, "01");
    assert!(!pending.succeeded());

    assert_eq!(
        merchant
            .gateway
            .query("NEVER", silent.created, "127.0.0.1")
            .await,
        Err(QueryError::NotFound)
    );
    let wrong_key = Gateway::new(sim.config(MERCHANT, "not the key"));
    assert_eq!(
        wrong_key.query("SILENT", silent.created, "127.0.0.1").await,
        Err(QueryError::BadSignature),
        "the provider's refusal (97) is signed with the real key, which this one cannot check"
    );
    assert_eq!(
        sim.transactions().await["queries"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}
