//! The payment provider's protocol: VNPay 2.1.0, the model Vietnam's gateways and the national payment
//! platform follow. A person is sent to the provider with a signed request, the provider tells the
//! server what became of it by a signed server-to-server call (IPN), sends the person back with the same
//! signed result, and answers a signed query for reconciliation. Nothing here touches the database.
//!
//! Signatures are HMAC-SHA512 in lower-case hex, with the key the provider gave the merchant:
//! - a payment request, an IPN and a return are signed over their `vnp_*` parameters but the hash, sorted
//!   by name, written `name=value` with the value form-encoded as PHP's `urlencode` does (the provider's
//!   reference code) and joined with `&`;
//! - a query (`querydr`) and its answer are signed over fixed fields joined with `|`.
//!
//! Amounts are whole đồng; on the wire they are multiplied by 100. Times on the wire are
//! `yyyyMMddHHmmss` in Vietnam's time (UTC+7).

use std::time::Duration;

use hmac::{Hmac, Mac};
use motcua_api::calendar::Date;
use serde_json::{json, Value};
use sha2::Sha512;

use crate::config::PaymentConfig;

pub const VERSION: &str = "2.1.0";

/// How long the provider's API may take to answer a query before the server gives up on it.
const QUERY_TIMEOUT: Duration = Duration::from_secs(10);

/// The provider, as the server speaks to it.
#[derive(Clone)]
pub struct Gateway {
    config: PaymentConfig,
    http: reqwest::Client,
}

/// One payment to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The merchant's reference, unique per payment (the provider refuses one it has seen that day).
    pub txn_ref: String,
    pub amount_vnd: u64,
    /// What is paid for, shown by the provider and on the bank statement: ASCII without diacritics is
    /// what the provider recommends.
    pub info: String,
    /// The provider's page in English rather than Vietnamese.
    pub english: bool,
    /// Where the provider sends the person back.
    pub return_url: String,
    /// The payer's address.
    pub ip: String,
    /// When the order was made and until when it may be paid, in seconds since 1970.
    pub created: i64,
    pub expires: i64,
}

/// What the provider says became of a payment: an IPN, a return or a query's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub txn_ref: String,
    pub amount_vnd: u64,
    /// The payment's result (`00` paid, `24` cancelled, `51` no funds, `11` timed out…). A query's
    /// answer has no such code; there it is the query's own, `00` when it was answered.
    pub response_code: String,
    /// The transaction's state at the provider: `00` paid, `01` not finished, `02` failed.
    pub transaction_status: String,
    /// The provider's number for the transaction; empty while none was made.
    pub transaction_no: String,
    pub pay_date: Option<i64>,
    pub bank_code: Option<String>,
}

impl Notice {
    pub fn succeeded(&self) -> bool {
        self.response_code == "00" && self.transaction_status == "00"
    }
}

/// Why an IPN or a return is not believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("the signature does not match")]
    BadChecksum,
    #[error("addressed to another merchant")]
    OtherMerchant,
    #[error("{0} is missing or given twice")]
    Missing(&'static str),
    #[error("the amount is not a whole number of đồng")]
    BadAmount,
}

impl Rejected {
    /// What the IPN answers the provider.
    pub fn answer(&self) -> IpnAnswer {
        match self {
            Rejected::BadChecksum => IpnAnswer::BadChecksum,
            Rejected::BadAmount => IpnAnswer::InvalidAmount,
            Rejected::OtherMerchant | Rejected::Missing(_) => IpnAnswer::Unknown,
        }
    }
}

/// Why a query found out nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The provider has no such transaction (its code 91): the person never reached its page.
    #[error("the provider does not know this transaction")]
    NotFound,
    /// The provider refused the query with this code (02 merchant, 03 format, 94 duplicate, 97
    /// signature, 99 other).
    #[error("the provider refused the query: {0}")]
    Refused(String),
    #[error("the provider's answer is not signed with our key")]
    BadSignature,
    #[error("the provider's answer is malformed: {0}")]
    Malformed(&'static str),
    #[error("the provider did not answer: {0}")]
    Unreachable(String),
}

/// The server's answer to an IPN, which tells the provider whether to send it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpnAnswer {
    Confirmed,
    NotFound,
    AlreadyConfirmed,
    InvalidAmount,
    BadChecksum,
    Unknown,
}

impl IpnAnswer {
    pub fn code(self) -> &'static str {
        match self {
            IpnAnswer::Confirmed => "00",
            IpnAnswer::NotFound => "01",
            IpnAnswer::AlreadyConfirmed => "02",
            IpnAnswer::InvalidAmount => "04",
            IpnAnswer::BadChecksum => "97",
            IpnAnswer::Unknown => "99",
        }
    }

    /// The body the provider reads, `{"RspCode":"00","Message":"Confirm Success"}`.
    pub fn json(self) -> Value {
        let message = match self {
            IpnAnswer::Confirmed => "Confirm Success",
            IpnAnswer::NotFound => "Order not found",
            IpnAnswer::AlreadyConfirmed => "Order already confirmed",
            IpnAnswer::InvalidAmount => "Invalid amount",
            IpnAnswer::BadChecksum => "Invalid signature",
            IpnAnswer::Unknown => "Unknown error",
        };
        json!({ "RspCode": self.code(), "Message": message })
    }
}

impl Gateway {
    pub fn new(config: PaymentConfig) -> Gateway {
        let http = reqwest::Client::builder()
            .timeout(QUERY_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("an HTTP client with rustls and default settings builds");
        Gateway { config, http }
    }

    /// The address that sends a person to pay `order`.
    pub fn pay_link(&self, order: &Order) -> String {
        let mut params: Vec<(&str, String)> = vec![
            ("vnp_Version", VERSION.into()),
            ("vnp_Command", "pay".into()),
            ("vnp_TmnCode", self.config.merchant.clone()),
            (
                "vnp_Amount",
                (u128::from(order.amount_vnd) * 100).to_string(),
            ),
            ("vnp_CurrCode", "VND".into()),
            ("vnp_TxnRef", order.txn_ref.clone()),
            ("vnp_OrderInfo", order.info.clone()),
            // The provider's category for bills and fees of public services it has no code of its own for.
            ("vnp_OrderType", "other".into()),
            ("vnp_Locale", if order.english { "en" } else { "vn" }.into()),
            ("vnp_ReturnUrl", order.return_url.clone()),
            ("vnp_IpAddr", order.ip.clone()),
            ("vnp_CreateDate", wire_time(order.created)),
            ("vnp_ExpireDate", wire_time(order.expires)),
        ];
        params.sort_by(|a, b| a.0.cmp(b.0));
        let query = signed_query(&params);
        let hash = hmac_hex(&self.config.secret, &query);
        let joiner = if self.config.pay_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{joiner}{query}&vnp_SecureHash={hash}",
            self.config.pay_url
        )
    }

    /// Reads an IPN or a return from its query parameters, decoded, believing it only when signed with
    /// the merchant's key and addressed to the merchant.
    pub fn verify(&self, params: &[(String, String)]) -> Result<Notice, Rejected> {
        let mut signed: Vec<(&str, String)> = params
            .iter()
            .filter(|(k, _)| {
                k.starts_with("vnp_") && k != "vnp_SecureHash" && k != "vnp_SecureHashType"
            })
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        signed.sort_by(|a, b| a.0.cmp(b.0));
        if signed.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(Rejected::BadChecksum);
        }
        let given = only(params, "vnp_SecureHash").ok_or(Rejected::BadChecksum)?;
        if !hmac_matches(&self.config.secret, &signed_query(&signed), given) {
            return Err(Rejected::BadChecksum);
        }
        let field = |name: &'static str| only(params, name).ok_or(Rejected::Missing(name));
        if field("vnp_TmnCode")? != self.config.merchant {
            return Err(Rejected::OtherMerchant);
        }
        Ok(Notice {
            txn_ref: field("vnp_TxnRef")?.to_owned(),
            amount_vnd: amount_from_wire(field("vnp_Amount")?).ok_or(Rejected::BadAmount)?,
            response_code: field("vnp_ResponseCode")?.to_owned(),
            transaction_status: field("vnp_TransactionStatus")?.to_owned(),
            transaction_no: field("vnp_TransactionNo")?.to_owned(),
            pay_date: only(params, "vnp_PayDate").and_then(parse_wire_time),
            bank_code: only(params, "vnp_BankCode")
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        })
    }

    /// Asks the provider what became of the payment `txn_ref` made at `created` (`querydr`), from the
    /// server at `ip`.
    pub async fn query(&self, txn_ref: &str, created: i64, ip: &str) -> Result<Notice, QueryError> {
        let mut id = [0u8; 16];
        getrandom::getrandom(&mut id).map_err(|e| QueryError::Unreachable(e.to_string()))?;
        let request_id = hex(&id);
        let order_info = format!("Tra cuu giao dich {txn_ref}");
        let transaction_date = wire_time(created);
        let create_date = wire_time(crate::clock::now());
        let data = [
            request_id.as_str(),
            VERSION,
            "querydr",
            &self.config.merchant,
            txn_ref,
            &transaction_date,
            &create_date,
            ip,
            &order_info,
        ]
        .join("|");
        let body = json!({
            "vnp_RequestId": request_id,
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.config.merchant,
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_TransactionDate": transaction_date,
            "vnp_CreateDate": create_date,
            "vnp_IpAddr": ip,
            "vnp_SecureHash": hmac_hex(&self.config.secret, &data),
        });
        let response = self
            .http
            .post(&self.config.api_url)
            .json(&body)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| QueryError::Unreachable(e.to_string()))?;
        let answer: Value = response
            .json()
            .await
            .map_err(|_| QueryError::Malformed("not JSON"))?;
        self.read_query_answer(&answer, txn_ref)
    }

    fn read_query_answer(&self, answer: &Value, txn_ref: &str) -> Result<Notice, QueryError> {
        let object = answer
            .as_object()
            .ok_or(QueryError::Malformed("not an object"))?;
        // The provider writes numbers as strings but not always; either reads the same.
        let field = |name: &str| match object.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let code = field("vnp_ResponseCode");
        let given = field("vnp_SecureHash");
        if given.is_empty() {
            // Only a refusal that could not be signed (an unknown merchant) comes unsigned.
            return Err(if code.is_empty() || code == "00" || code == "91" {
                QueryError::BadSignature
            } else {
                QueryError::Refused(code)
            });
        }
        let data = [
            "vnp_ResponseId",
            "vnp_Command",
            "vnp_ResponseCode",
            "vnp_Message",
            "vnp_TmnCode",
            "vnp_TxnRef",
            "vnp_Amount",
            "vnp_BankCode",
            "vnp_PayDate",
            "vnp_TransactionNo",
            "vnp_TransactionType",
            "vnp_TransactionStatus",
            "vnp_OrderInfo",
            "vnp_PromotionCode",
            "vnp_PromotionAmount",
        ]
        .map(|name| {
            if name == "vnp_TmnCode" {
                self.config.merchant.clone()
            } else {
                field(name)
            }
        })
        .join("|");
        if !hmac_matches(&self.config.secret, &data, &given) {
            return Err(QueryError::BadSignature);
        }
        match code.as_str() {
            "00" => {}
            "91" => return Err(QueryError::NotFound),
            _ => return Err(QueryError::Refused(code)),
        }
        if field("vnp_TxnRef") != txn_ref {
            return Err(QueryError::Malformed("answers about another transaction"));
        }
        let status = field("vnp_TransactionStatus");
        if status.is_empty() {
            return Err(QueryError::Malformed("no transaction status"));
        }
        let bank_code = field("vnp_BankCode");
        Ok(Notice {
            txn_ref: txn_ref.to_owned(),
            amount_vnd: amount_from_wire(&field("vnp_Amount"))
                .ok_or(QueryError::Malformed("amount"))?,
            response_code: code,
            transaction_status: status,
            transaction_no: field("vnp_TransactionNo"),
            pay_date: parse_wire_time(&field("vnp_PayDate")),
            bank_code: (!bank_code.is_empty()).then_some(bank_code),
        })
    }
}

/// The value of a parameter given exactly once.
fn only<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let mut found = params.iter().filter(|(k, _)| k == name);
    let first = found.next()?;
    found.next().is_none().then_some(first.1.as_str())
}

/// `name=value&…` in the order given, values encoded as PHP's `urlencode` does: what is signed and,
/// for a payment request, what is sent.
fn signed_query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn mac(secret: &str, data: &str) -> Hmac<Sha512> {
    let mut mac =
        Hmac::<Sha512>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(data.as_bytes());
    mac
}

fn hmac_hex(secret: &str, data: &str) -> String {
    hex(&mac(secret, data).finalize().into_bytes())
}

/// Compares in constant time, so the time taken says nothing of how much of a forged hash was right.
fn hmac_matches(secret: &str, data: &str, given_hex: &str) -> bool {
    unhex(given_hex).is_some_and(|given| mac(secret, data).verify_slice(&given).is_ok())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Đồng from the wire's hundredths: refused unless a whole number of đồng.
fn amount_from_wire(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hundredths: u64 = s.parse().ok()?;
    hundredths.is_multiple_of(100).then_some(hundredths / 100)
}

const VIETNAM: i64 = 7 * 3600;

/// `yyyyMMddHHmmss` in Vietnam's time.
pub fn wire_time(unix_seconds: i64) -> String {
    let date = Date::in_vietnam(unix_seconds);
    let second_of_day = (unix_seconds + VIETNAM).rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        date.year(),
        date.month(),
        date.day(),
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// The moment a `yyyyMMddHHmmss` in Vietnam's time names.
pub fn parse_wire_time(s: &str) -> Option<i64> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |range: std::ops::Range<usize>| s[range].parse::<i64>().ok();
    let date = Date::new(n(0..4)? as i32, n(4..6)? as u8, n(6..8)? as u8)?;
    let (h, m, sec) = (n(8..10)?, n(10..12)?, n(12..14)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let epoch = Date::new(1970, 1, 1)?.julian_day();
    Some((date.julian_day() - epoch) * 86_400 + h * 3600 + m * 60 + sec - VIETNAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "SIMSECRETKEY0123456789ABCDEFGHIJ";

    type Params = Vec<(String, String)>;

    fn gateway() -> Gateway {
        Gateway::new(PaymentConfig {
            pay_url: "https://pay.example/paymentv2/vpcpay.html".into(),
            api_url: "https://pay.example/merchant_webapi/api/transaction".into(),
            merchant: "MOTCUA01".into(),
            secret: SECRET.into(),
        })
    }

    fn order() -> Order {
        Order {
            txn_ref: "T20250102-0001".into(),
            amount_vnd: 150_000,
            info: "Le phi ho so 000.00.12.H01-250102-0001".into(),
            english: false,
            return_url: "http://127.0.0.1:8080/api/v1/payments/vnpay/return".into(),
            ip: "127.0.0.1".into(),
            // 2025-01-02 15:04:05 and a quarter of an hour later in Vietnam.
            created: 1_735_805_045,
            expires: 1_735_805_945,
        }
    }

    fn params(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), decode(v))
            })
            .collect()
    }

    fn decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }

    /// The link and its hash, computed independently with Python's `urllib.parse.quote_plus` and
    /// `hmac.new(SECRET, data, 'sha512')` (the same as PHP's `urlencode` for these values).
    #[test]
    fn the_payment_link_is_signed_as_the_provider_checks() {
        let link = gateway().pay_link(&order());
        let expected = "https://pay.example/paymentv2/vpcpay.html?vnp_Amount=15000000&vnp_Command=pay\
            &vnp_CreateDate=20250102150405&vnp_CurrCode=VND&vnp_ExpireDate=20250102151905\
            &vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Le+phi+ho+so+000.00.12.H01-250102-0001\
            &vnp_OrderType=other\
            &vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fv1%2Fpayments%2Fvnpay%2Freturn\
            &vnp_TmnCode=MOTCUA01&vnp_TxnRef=T20250102-0001&vnp_Version=2.1.0\
            &vnp_SecureHash=";
        assert_eq!(&link[..expected.len()], expected);
        assert_eq!(&link[expected.len()..], KNOWN_HASH);
    }

    const KNOWN_HASH: &str = "3c9e5aae6810133077cb8fab5bbfcfe98e20c2f5a7f33c043a79b57e7b95992f\
        027f8a6ee52c31cbc2b66e4c8de3ce6042c6f07164bc5f11038c07aa247b4803";

    /// What the provider sends back for `order()` paid, signed the way it signs.
    fn paid() -> Vec<(String, String)> {
        let query =
            "vnp_Amount=15000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14000001&vnp_CardType=ATM\
            &vnp_OrderInfo=Le+phi+ho+so&vnp_PayDate=20250102150830&vnp_ResponseCode=00\
            &vnp_TmnCode=MOTCUA01&vnp_TransactionNo=14000001&vnp_TransactionStatus=00\
            &vnp_TxnRef=T20250102-0001";
        let mut p = params(query);
        p.push(("vnp_SecureHash".into(), hmac_hex(SECRET, query)));
        p
    }

    #[test]
    fn a_signed_notice_is_read() {
        let notice = gateway().verify(&paid()).unwrap();
        assert_eq!(
            notice,
            Notice {
                txn_ref: "T20250102-0001".into(),
                amount_vnd: 150_000,
                response_code: "00".into(),
                transaction_status: "00".into(),
                transaction_no: "14000001".into(),
                pay_date: Some(1_735_805_310),
                bank_code: Some("NCB".into()),
            }
        );
        assert!(notice.succeeded());
    }

    #[test]
    fn a_tampered_notice_is_refused() {
        for (name, value) in [
            ("vnp_Amount", "1500000"),
            ("vnp_ResponseCode", "24"),
            ("vnp_TxnRef", "T20250102-0002"),
        ] {
            let mut p = paid();
            p.iter_mut().find(|(k, _)| k == name).unwrap().1 = value.into();
            assert_eq!(gateway().verify(&p), Err(Rejected::BadChecksum), "{name}");
        }
        let mut added = paid();
        added.push(("vnp_Extra".into(), "1".into()));
        assert_eq!(gateway().verify(&added), Err(Rejected::BadChecksum));
        let mut twice = paid();
        twice.push(("vnp_ResponseCode".into(), "00".into()));
        assert_eq!(gateway().verify(&twice), Err(Rejected::BadChecksum));
        let mut unsigned = paid();
        unsigned.retain(|(k, _)| k != "vnp_SecureHash");
        assert_eq!(gateway().verify(&unsigned), Err(Rejected::BadChecksum));
        let mut other_key = paid();
        other_key.last_mut().unwrap().1 = hmac_hex("another key", "vnp_Amount=15000000");
        assert_eq!(gateway().verify(&other_key), Err(Rejected::BadChecksum));
    }

    #[test]
    fn a_notice_for_another_merchant_or_a_fraction_of_a_dong_is_refused() {
        let resign = |change: &dyn Fn(&mut Params)| {
            let mut p = paid();
            p.retain(|(k, _)| k != "vnp_SecureHash");
            change(&mut p);
            p.sort();
            let borrowed: Vec<(&str, String)> =
                p.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let hash = hmac_hex(SECRET, &signed_query(&borrowed));
            p.push(("vnp_SecureHash".into(), hash));
            gateway().verify(&p)
        };
        let set = |name: &'static str, value: &'static str| {
            move |p: &mut Params| p.iter_mut().find(|(k, _)| k == name).unwrap().1 = value.into()
        };
        assert_eq!(
            resign(&set("vnp_TmnCode", "OTHER001")),
            Err(Rejected::OtherMerchant)
        );
        assert_eq!(
            resign(&set("vnp_Amount", "15000050")),
            Err(Rejected::BadAmount)
        );
        assert_eq!(resign(&set("vnp_Amount", "-100")), Err(Rejected::BadAmount));
        assert_eq!(
            resign(&|p| p.retain(|(k, _)| k != "vnp_TransactionStatus")),
            Err(Rejected::Missing("vnp_TransactionStatus"))
        );
        assert_eq!(
            Rejected::BadAmount.answer().json(),
            json!({"RspCode": "04", "Message": "Invalid amount"})
        );
    }

    #[test]
    fn amounts_go_on_the_wire_in_hundredths() {
        for vnd in [0, 1, 150_000, 999_999_999_999] {
            let mut o = order();
            o.amount_vnd = vnd;
            let link = gateway().pay_link(&o);
            let query = link.split_once('?').unwrap().1;
            let wire = &params(query)
                .into_iter()
                .find(|(k, _)| k == "vnp_Amount")
                .unwrap()
                .1;
            assert_eq!(wire, &(u128::from(vnd) * 100).to_string());
            assert_eq!(amount_from_wire(wire), Some(vnd));
        }
        assert_eq!(amount_from_wire("150"), None);
        assert_eq!(amount_from_wire(""), None);
        assert_eq!(amount_from_wire("+100"), None);
    }

    #[test]
    fn times_are_written_in_vietnam() {
        assert_eq!(wire_time(0), "19700101070000");
        assert_eq!(wire_time(1_735_805_045), "20250102150405");
        // 23:30 UTC on New Year's Eve is already the next year in Vietnam.
        assert_eq!(wire_time(1_735_687_800), "20250101063000");
        assert_eq!(wire_time(1_735_664_400 - 1), "20241231235959");
        for t in [0, 1_735_805_045, 1_735_687_800, 4_102_444_799] {
            assert_eq!(parse_wire_time(&wire_time(t)), Some(t));
        }
        assert_eq!(parse_wire_time("20250230120000"), None);
        assert_eq!(parse_wire_time("20250102240000"), None);
        assert_eq!(parse_wire_time("2025010215040"), None);
    }

    #[test]
    fn a_query_answer_is_believed_only_when_signed() {
        let sign = |mut v: Value| {
            let f = |n: &str| v.get(n).and_then(Value::as_str).unwrap_or("").to_owned();
            let data = [
                f("vnp_ResponseId"),
                f("vnp_Command"),
                f("vnp_ResponseCode"),
                f("vnp_Message"),
                "MOTCUA01".into(),
                f("vnp_TxnRef"),
                f("vnp_Amount"),
                f("vnp_BankCode"),
                f("vnp_PayDate"),
                f("vnp_TransactionNo"),
                f("vnp_TransactionType"),
                f("vnp_TransactionStatus"),
                f("vnp_OrderInfo"),
                String::new(),
                String::new(),
            ]
            .join("|");
            v["vnp_SecureHash"] = hmac_hex(SECRET, &data).into();
            v
        };
        let answer = sign(json!({
            "vnp_ResponseId": "r1", "vnp_Command": "querydr", "vnp_ResponseCode": "00",
            "vnp_Message": "QueryDR Success", "vnp_TmnCode": "MOTCUA01", "vnp_TxnRef": "T1",
            "vnp_Amount": "15000000", "vnp_BankCode": "NCB", "vnp_PayDate": "20250102150830",
            "vnp_TransactionNo": "14000001", "vnp_TransactionType": "01",
            "vnp_TransactionStatus": "00", "vnp_OrderInfo": "Le phi"
        }));
        let notice = gateway().read_query_answer(&answer, "T1").unwrap();
        assert!(notice.succeeded());
        assert_eq!(notice.amount_vnd, 150_000);
        assert_eq!(
            gateway().read_query_answer(&answer, "T2"),
            Err(QueryError::Malformed("answers about another transaction"))
        );
        let mut forged = answer.clone();
        forged["vnp_Amount"] = "100".into();
        assert_eq!(
            gateway().read_query_answer(&forged, "T1"),
            Err(QueryError::BadSignature)
        );
        let unknown = sign(json!({
            "vnp_ResponseId": "r2", "vnp_Command": "querydr", "vnp_ResponseCode": "91",
            "vnp_Message": "Not found", "vnp_TmnCode": "MOTCUA01", "vnp_TxnRef": "T9"
        }));
        assert_eq!(
            gateway().read_query_answer(&unknown, "T9"),
            Err(QueryError::NotFound)
        );
    }
}
