//! What dossiers owe and have paid: their fee amounts, the attempts to pay online, and the fee
//! receipts. Each change that moves money is one transaction that first claims the row it changes,
//! so a notification arriving twice, or two at once, counts once.

use motcua_api::fees::{Exemption, FeeDue};
use motcua_api::payment::{ExemptionDecision, PaidHow};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::{enum_parse, one_at_a_time, Store};

/// What a dossier owes as it is submitted.
#[derive(Debug, Clone)]
pub struct NewFees {
    pub due_at: FeeDue,
    /// The bill's total, less what the declared exemption takes off.
    pub due_vnd: u64,
    pub exempted_vnd: u64,
    pub exemption: Option<Exemption>,
}

impl NewFees {
    /// Whether a dossier owes anything: a bill of 0 đồng (a free registration's, or one the
    /// exemption takes all of) is not a fee to pay, online or not.
    pub fn owing(fees: Option<&NewFees>) -> bool {
        fees.is_some_and(|f| f.due_vnd > 0)
    }
}

/// A dossier's amounts as they stand.
#[derive(Debug, Clone)]
pub struct FeeRow {
    pub due_at: FeeDue,
    pub due_vnd: u64,
    pub exempted_vnd: u64,
    pub exemption: Option<(Exemption, ExemptionDecision)>,
    pub paid_vnd: u64,
    pub refund_vnd: u64,
}

impl FeeRow {
    pub fn owed_vnd(&self) -> u64 {
        self.due_vnd.saturating_sub(self.paid_vnd)
    }
}

#[derive(Debug, Clone)]
pub struct PaymentRow {
    pub txn_ref: String,
    pub dossier: String,
    pub amount_vnd: u64,
    pub created_at: i64,
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub struct ReceiptRow {
    pub year: i64,
    pub number: i64,
    pub dossier: String,
    pub amount_vnd: u64,
    pub paid_at: i64,
    pub how: PaidHow,
    pub transaction_no: Option<String>,
}

/// What became of a provider's word on a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Recorded now; for a payment, its receipt's year and number.
    Paid {
        year: i64,
        number: i64,
    },
    Failed,
    /// The payment was settled before: this word changes nothing.
    Already,
}

fn id<T: Serialize>(value: &T) -> anyhow::Result<String> {
    match serde_json::to_value(value)? {
        serde_json::Value::String(s) => Ok(s),
        other => anyhow::bail!("not an id: {other}"),
    }
}

fn amount(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn db(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Records a new dossier's amounts, inside the transaction that stores the dossier.
pub(super) async fn insert_fees(
    conn: &mut AnyConnection,
    dossier: &str,
    fees: &NewFees,
) -> anyhow::Result<()> {
    let exemption = fees.exemption.as_ref().map(id).transpose()?;
    let decision = fees
        .exemption
        .as_ref()
        .map(|_| id(&ExemptionDecision::Claimed))
        .transpose()?;
    sqlx::query(
        "INSERT INTO dossier_fees (dossier, due_at, due_vnd, exempted_vnd, exemption, decision) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(dossier)
    .bind(id(&fees.due_at)?)
    .bind(db(fees.due_vnd))
    .bind(db(fees.exempted_vnd))
    .bind(exemption)
    .bind(decision)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The next receipt of `year`, numbered inside the caller's transaction, one year's receipt at a
/// time (`one_at_a_time`), so that no other can take the same number.
async fn insert_receipt(
    conn: &mut AnyConnection,
    year: i64,
    receipt: (&str, u64, i64, PaidHow),
    online: Option<(&str, &str)>,
    officer: Option<i64>,
) -> anyhow::Result<i64> {
    let (dossier, amount_vnd, paid_at, how) = receipt;
    one_at_a_time(&mut *conn, &format!("fee_receipts {year}")).await?;
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO fee_receipts (year, number, dossier, amount_vnd, paid_at, how, txn_ref, \
         transaction_no, officer) \
         SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8 \
         FROM fee_receipts WHERE year = $1 RETURNING number",
    )
    .bind(year)
    .bind(dossier)
    .bind(db(amount_vnd))
    .bind(paid_at)
    .bind(id(&how)?)
    .bind(online.map(|o| o.0))
    .bind(online.map(|o| o.1))
    .bind(officer)
    .fetch_one(&mut *conn)
    .await?;
    Ok(number)
}

/// Adds a payment to what the dossier has paid; what goes past what it owes is to be paid back.
async fn add_paid(conn: &mut AnyConnection, dossier: &str, paid: u64) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE dossier_fees SET paid_vnd = paid_vnd + $2, \
         refund_vnd = refund_vnd + MAX(0, paid_vnd + $2 - due_vnd) - MAX(0, paid_vnd - due_vnd) \
         WHERE dossier = $1",
    )
    .bind(dossier)
    .bind(db(paid))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn fees(&self, dossier: &str) -> anyhow::Result<Option<FeeRow>> {
        let row = sqlx::query(
            "SELECT due_at, due_vnd, exempted_vnd, exemption, decision, paid_vnd, refund_vnd \
             FROM dossier_fees WHERE dossier = $1",
        )
        .bind(dossier)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let exemption: Option<String> = r.try_get("exemption")?;
            let decision: Option<String> = r.try_get("decision")?;
            Ok(FeeRow {
                due_at: enum_parse(r.try_get("due_at")?)?,
                due_vnd: amount(r.try_get("due_vnd")?),
                exempted_vnd: amount(r.try_get("exempted_vnd")?),
                exemption: match (exemption, decision) {
                    (Some(e), Some(d)) => Some((enum_parse(&e)?, enum_parse(&d)?)),
                    _ => None,
                },
                paid_vnd: amount(r.try_get("paid_vnd")?),
                refund_vnd: amount(r.try_get("refund_vnd")?),
            })
        })
        .transpose()
    }

    pub async fn fee_receipts(&self, dossier: &str) -> anyhow::Result<Vec<ReceiptRow>> {
        let rows = sqlx::query(
            "SELECT year, number, dossier, amount_vnd, paid_at, how, transaction_no \
             FROM fee_receipts WHERE dossier = $1 ORDER BY paid_at, number",
        )
        .bind(dossier)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReceiptRow {
                    year: r.try_get("year")?,
                    number: r.try_get("number")?,
                    dossier: r.try_get("dossier")?,
                    amount_vnd: amount(r.try_get("amount_vnd")?),
                    paid_at: r.try_get("paid_at")?,
                    how: enum_parse(r.try_get("how")?)?,
                    transaction_no: r.try_get("transaction_no")?,
                })
            })
            .collect()
    }

    /// Records an attempt to pay, unless the dossier already has `max_recent` since `since`: each
    /// attempt is a row the provider may call about, so one person cannot make them without end.
    pub async fn new_payment(
        &self,
        payment: &PaymentRow,
        since: i64,
        max_recent: i64,
    ) -> anyhow::Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO payments (txn_ref, dossier, amount_vnd, created_at, status) \
             SELECT $1, $2, $3, $4, 'pending' \
             WHERE (SELECT COUNT(*) FROM payments WHERE dossier = $2 AND created_at >= $5) < $6",
        )
        .bind(&payment.txn_ref)
        .bind(&payment.dossier)
        .bind(db(payment.amount_vnd))
        .bind(payment.created_at)
        .bind(since)
        .bind(max_recent)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    pub async fn payment(&self, txn_ref: &str) -> anyhow::Result<Option<PaymentRow>> {
        let row = sqlx::query(
            "SELECT txn_ref, dossier, amount_vnd, created_at, status FROM payments \
             WHERE txn_ref = $1",
        )
        .bind(txn_ref)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| payment_row(&r)).transpose()
    }

    /// `pending`, `paid` or `failed`.
    pub async fn payment_status(&self, txn_ref: &str) -> anyhow::Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT status FROM payments WHERE txn_ref = $1")
                .bind(txn_ref)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Whether the dossier has a payment started after `since` whose outcome is not known.
    pub async fn payment_pending(&self, dossier: &str, since: i64) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payments WHERE dossier = $1 AND status = 'pending' \
             AND created_at >= $2",
        )
        .bind(dossier)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Payments still pending that were started between `from` and `to`, oldest first, for the
    /// query that reconciles what notifications missed.
    pub async fn pending_payments(
        &self,
        from: i64,
        to: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<PaymentRow>> {
        let rows = sqlx::query(
            "SELECT txn_ref, dossier, amount_vnd, created_at, status FROM payments \
             WHERE status = 'pending' AND created_at BETWEEN $1 AND $2 ORDER BY created_at LIMIT $3",
        )
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(payment_row).collect()
    }

    /// Settles a pending payment with the provider's word, once: a paid one adds to what the
    /// dossier has paid and gets the year's next receipt number.
    pub async fn settle_payment(
        &self,
        txn_ref: &str,
        paid: bool,
        response_code: &str,
        transaction_no: &str,
        now: i64,
        year: i64,
    ) -> anyhow::Result<Settled> {
        let mut tx = self.write().await?;
        let claimed = sqlx::query(
            "UPDATE payments SET status = $1, response_code = $2, transaction_no = $3, settled_at = $4 \
             WHERE txn_ref = $5 AND status = 'pending' RETURNING dossier, amount_vnd",
        )
        .bind(if paid { "paid" } else { "failed" })
        .bind(response_code)
        .bind(transaction_no)
        .bind(now)
        .bind(txn_ref)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = claimed else {
            return Ok(Settled::Already);
        };
        if !paid {
            tx.commit().await?;
            return Ok(Settled::Failed);
        }
        let dossier: String = row.try_get("dossier")?;
        let amount_vnd = amount(row.try_get("amount_vnd")?);
        add_paid(&mut tx, &dossier, amount_vnd).await?;
        let number = insert_receipt(
            &mut tx,
            year,
            (&dossier, amount_vnd, now, PaidHow::Online),
            Some((txn_ref, transaction_no)),
            None,
        )
        .await?;
        super::stats::paid_online(&mut tx, &dossier).await?;
        tx.commit().await?;
        Ok(Settled::Paid { year, number })
    }

    /// Records what the dossier owes as paid at the desk by `officer`; `None` when nothing is owed.
    pub async fn paid_at_desk(
        &self,
        dossier: &str,
        officer: i64,
        now: i64,
        year: i64,
    ) -> anyhow::Result<Option<i64>> {
        let mut tx = self.write().await?;
        let settled = sqlx::query(
            "UPDATE dossier_fees SET paid_vnd = due_vnd WHERE dossier = $1 AND paid_vnd < due_vnd",
        )
        .bind(dossier)
        .execute(&mut *tx)
        .await?;
        if settled.rows_affected() == 0 {
            return Ok(None);
        }
        // Every amount paid before has its receipt: what they leave is this one's.
        let paid: i64 = sqlx::query_scalar(
            "SELECT due_vnd - COALESCE((SELECT CAST(SUM(amount_vnd) AS BIGINT) FROM fee_receipts \
             WHERE dossier = $1), 0) FROM dossier_fees WHERE dossier = $1",
        )
        .bind(dossier)
        .fetch_one(&mut *tx)
        .await?;
        let number = insert_receipt(
            &mut tx,
            year,
            (dossier, amount(paid), now, PaidHow::Desk),
            None,
            Some(officer),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(number))
    }

    /// An officer's decision on the declared exemption, taken once: a refused one adds back what it
    /// took off. `false` when there was none waiting for a decision.
    pub async fn decide_exemption(&self, dossier: &str, accept: bool) -> anyhow::Result<bool> {
        let decision = if accept {
            ExemptionDecision::Accepted
        } else {
            ExemptionDecision::Refused
        };
        let changed = sqlx::query(
            "UPDATE dossier_fees SET decision = $1, \
             due_vnd = due_vnd + CASE WHEN $2 THEN 0 ELSE exempted_vnd END \
             WHERE dossier = $3 AND decision = $4",
        )
        .bind(id(&decision)?)
        .bind(accept)
        .bind(dossier)
        .bind(id(&ExemptionDecision::Claimed)?)
        .execute(&self.pool)
        .await?;
        Ok(changed.rows_affected() == 1)
    }

    /// A dossier refused or withdrawn after paying: everything it paid is to be paid back.
    pub async fn refund_due(&self, dossier: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE dossier_fees SET refund_vnd = paid_vnd WHERE dossier = $1")
            .bind(dossier)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn payment_row(r: &sqlx::any::AnyRow) -> anyhow::Result<PaymentRow> {
    let status: String = r.try_get("status")?;
    Ok(PaymentRow {
        txn_ref: r.try_get("txn_ref")?,
        dossier: r.try_get("dossier")?,
        amount_vnd: amount(r.try_get("amount_vnd")?),
        created_at: r.try_get("created_at")?,
        pending: status == "pending",
    })
}
