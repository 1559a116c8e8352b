//! Fees and their payment: what a dossier owes, paying it online through the provider, the
//! provider's notifications and the query that reconciles what they missed, the fee receipts, and
//! the officers' decisions on exemptions and payments at the desk.

pub mod vnpay;

use std::time::Duration;

use motcua_api::paths;
use motcua_api::payment::PaymentOutcome;

use crate::store::fees::{PaymentRow, Settled};
use crate::store::Store;
use vnpay::{Gateway, IpnAnswer, Notice, QueryError};

/// Where the provider calls with its notification and sends people back, under the site's address.
pub const IPN_PATH: &str = "/api/v1/payments/vnpay/ipn";
pub const RETURN_PATH: &str = "/api/v1/payments/vnpay/return";

/// How often pending payments are asked after, and from what age: long enough for the notification
/// to come first, as it does.
const RECONCILE_EVERY: Duration = Duration::from_secs(60);
const RECONCILE_AFTER_SECONDS: i64 = 120;
/// A payment the provider never heard of this long after it was made was never paid: its page
/// expired unopened.
const ABANDONED_AFTER_SECONDS: i64 = 30 * 60;
const RECONCILE_BATCH: i64 = 50;

pub fn return_url(site_url: &str) -> String {
    format!("{}{RETURN_PATH}", site_url.trim_end_matches('/'))
}

/// A payment reference no one can guess or repeat: 16 hexadecimal digits from the system's
/// randomness (the provider takes letters and digits).
pub fn new_reference() -> anyhow::Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02X}")).collect())
}

/// The provider's word on a payment, checked and recorded once; the answer tells it whether to send
/// it again. Only this and the query change what a dossier has paid: the return is the browser's.
pub async fn notified(
    store: &Store,
    gateway: &Gateway,
    params: &[(String, String)],
    now: i64,
) -> IpnAnswer {
    let notice = match gateway.verify(params) {
        Ok(notice) => notice,
        Err(rejected) => {
            tracing::warn!(%rejected, "payment notification refused");
            return rejected.answer();
        }
    };
    match record(store, &notice, now).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!(error = %e, "payment notification not recorded");
            IpnAnswer::Unknown
        }
    }
}

async fn record(store: &Store, notice: &Notice, now: i64) -> anyhow::Result<IpnAnswer> {
    let Some(payment) = store.payment(&notice.txn_ref).await? else {
        return Ok(IpnAnswer::NotFound);
    };
    if payment.amount_vnd != notice.amount_vnd {
        return Ok(IpnAnswer::InvalidAmount);
    }
    if !payment.pending {
        return Ok(IpnAnswer::AlreadyConfirmed);
    }
    let settled = settle(store, notice, notice.succeeded(), now).await?;
    Ok(match settled {
        Settled::Already => IpnAnswer::AlreadyConfirmed,
        Settled::Paid { .. } | Settled::Failed => IpnAnswer::Confirmed,
    })
}

async fn settle(store: &Store, notice: &Notice, paid: bool, now: i64) -> anyhow::Result<Settled> {
    let settled = store
        .settle_payment(
            &notice.txn_ref,
            paid,
            &notice.response_code,
            &notice.transaction_no,
            now,
            crate::dossiers::fees::year(now),
        )
        .await?;
    Ok(settled)
}

/// Where a person coming back from the provider goes: their dossier, saying how the payment went.
/// When the notification has not come yet, the provider is asked, so the page can say.
pub async fn returned(
    store: &Store,
    gateway: &Gateway,
    params: &[(String, String)],
    now: i64,
) -> anyhow::Result<Option<String>> {
    let Ok(notice) = gateway.verify(params) else {
        return Ok(None);
    };
    let Some(payment) = store.payment(&notice.txn_ref).await? else {
        return Ok(None);
    };
    let mut outcome = outcome(store, &notice.txn_ref).await?;
    if outcome == PaymentOutcome::Pending {
        reconcile(store, gateway, &payment, now).await?;
        outcome = self::outcome(store, &notice.txn_ref).await?;
    }
    Ok(Some(paths::paid(&payment.dossier, outcome)))
}

async fn outcome(store: &Store, txn_ref: &str) -> anyhow::Result<PaymentOutcome> {
    Ok(match store.payment_status(txn_ref).await?.as_deref() {
        Some("paid") => PaymentOutcome::Paid,
        Some("failed") => PaymentOutcome::Failed,
        _ => PaymentOutcome::Pending,
    })
}

/// Asks the provider what became of one pending payment and records a final answer.
async fn reconcile(
    store: &Store,
    gateway: &Gateway,
    payment: &PaymentRow,
    now: i64,
) -> anyhow::Result<()> {
    let (txn_ref, created_at) = (payment.txn_ref.as_str(), payment.created_at);
    match gateway.query(txn_ref, created_at, "127.0.0.1").await {
        Ok(notice) if notice.amount_vnd != payment.amount_vnd => {
            tracing::error!(txn_ref, "the provider's amount differs from the payment's");
        }
        Ok(notice) => {
            // 00 paid, 02 failed; anything else is not finished yet.
            match notice.transaction_status.as_str() {
                "00" => {
                    settle(store, &notice, true, now).await?;
                }
                "02" => {
                    settle(store, &notice, false, now).await?;
                }
                _ => {}
            }
        }
        Err(QueryError::NotFound) if now - created_at > ABANDONED_AFTER_SECONDS => {
            let never = Notice {
                txn_ref: txn_ref.to_string(),
                amount_vnd: 0,
                response_code: "91".into(),
                transaction_status: "02".into(),
                transaction_no: String::new(),
                pay_date: None,
                bank_code: None,
            };
            settle(store, &never, false, now).await?;
        }
        Err(e) => tracing::info!(txn_ref, error = %e, "payment not reconciled yet"),
    }
    Ok(())
}

/// Asks the provider, every minute, about payments whose notification has not come after two
/// minutes, for a day: a notification lost on the way is made good.
pub fn spawn_reconciliation(store: Store, gateway: Gateway) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RECONCILE_EVERY);
        loop {
            tick.tick().await;
            let now = crate::clock::now();
            let pending = match store
                .pending_payments(
                    now - 24 * 3600,
                    now - RECONCILE_AFTER_SECONDS,
                    RECONCILE_BATCH,
                )
                .await
            {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "pending payments not read");
                    continue;
                }
            };
            for p in pending {
                if let Err(e) = reconcile(&store, &gateway, &p, now).await {
                    tracing::error!(error = %e, txn_ref = p.txn_ref, "payment not reconciled");
                }
            }
        }
    });
}
