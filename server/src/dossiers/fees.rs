//! A dossier's fees as its applicant and officers deal with them: what it owes, paying online, the
//! fee receipts, and an officer's decision on a declared exemption or a payment at the desk. What
//! the provider says about a payment is handled by [`crate::payments`].

use axum::http::StatusCode;
use motcua_api::account::Me;
use motcua_api::fees::Bill;
use motcua_api::lifecycle::Status;
use motcua_api::payment::{
    ExemptionCheck, FeeDecisionRequest, FeeReceipt, FeeStatus, PaymentStart,
};
use motcua_api::{calendar::Date, Text};

use super::{Access, Ctx, NO_DOSSIER};
use crate::error::{AppError, CHECK_MARKED};
use crate::payments::{self, vnpay::Order};
use crate::store::dossiers::DossierRow;
use crate::store::fees::{PaymentRow, ReceiptRow};

/// How long a payment page stays open at the provider.
const PAY_WITHIN_SECONDS: i64 = 15 * 60;
/// Attempts to pay one dossier may make in an hour.
const ATTEMPTS_PER_HOUR: i64 = 10;

/// The fees of a dossier as `access` sees them; none when its procedure charges nothing.
pub(super) async fn status(
    ctx: &Ctx<'_>,
    row: &DossierRow,
    access: Access,
) -> anyhow::Result<Option<FeeStatus>> {
    let Some(bill) = &row.receipt.fees else {
        return Ok(None);
    };
    let Some(fees) = ctx.store.fees(&row.code).await? else {
        return Ok(None);
    };
    let receipts = ctx.store.fee_receipts(&row.code).await?;
    let due_now = FeeStatus::due_now(fees.due_at, row.state.status);
    let owed_vnd = fees.owed_vnd();
    let payer = matches!(access, Access::Owner | Access::Member { act: true });
    Ok(Some(FeeStatus {
        due_at: fees.due_at,
        due_now,
        due_vnd: fees.due_vnd,
        paid_vnd: fees.paid_vnd,
        owed_vnd,
        exemption: fees.exemption.map(|(exemption, decision)| ExemptionCheck {
            exemption,
            decision,
            exempted_vnd: fees.exempted_vnd,
        }),
        refund_vnd: fees.refund_vnd,
        receipts: receipts.iter().map(|r| fee_receipt(row, bill, r)).collect(),
        pay_online: payer && due_now && owed_vnd > 0 && ctx.gateway.is_some(),
        pending: ctx
            .store
            .payment_pending(&row.code, ctx.now - PAY_WITHIN_SECONDS)
            .await?,
        bill: bill.clone(),
    }))
}

fn fee_receipt(row: &DossierRow, bill: &Bill, r: &ReceiptRow) -> FeeReceipt {
    FeeReceipt {
        number: format!("{:07}", r.number),
        series: format!("BLP-{:02}E", r.year % 100),
        dossier: r.dossier.clone(),
        procedure_name: row.receipt.procedure_name.clone(),
        agency_name: row.receipt.agency_name.clone(),
        payer: row.applicant.clone(),
        amount_vnd: r.amount_vnd,
        paid_at: r.paid_at,
        how: r.how,
        transaction_no: r.transaction_no.clone().filter(|n| !n.is_empty()),
        fees: bill
            .lines
            .iter()
            .filter(|l| l.amount_vnd > 0 && !l.exempt)
            .map(|l| l.name.clone())
            .collect::<Vec<Text>>(),
    }
}

/// Starts paying what the dossier owes: a new payment at the provider, whose page the person is
/// sent to. Only the applicant, or a member who acts for the company, pays.
pub async fn pay(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    ip: &str,
    english: bool,
) -> Result<PaymentStart, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    if !matches!(access, Access::Owner | Access::Member { act: true }) {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "payer_only",
            "Chỉ người nộp hồ sơ thanh toán phí, lệ phí của hồ sơ.",
        ));
    }
    let Some(gateway) = ctx.gateway else {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "payments_unavailable",
            "Chưa thanh toán trực tuyến được; hãy nộp phí, lệ phí tại nơi nhận kết quả.",
        ));
    };
    let owed = match ctx.store.fees(code).await? {
        Some(f) if FeeStatus::due_now(f.due_at, row.state.status) => f.owed_vnd(),
        _ => 0,
    };
    if owed == 0 {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "nothing_to_pay",
            "Hồ sơ không có khoản phí, lệ phí nào phải nộp lúc này.",
        ));
    }
    let payment = PaymentRow {
        txn_ref: payments::new_reference()?,
        dossier: code.to_string(),
        amount_vnd: owed,
        created_at: ctx.now,
        pending: true,
    };
    if !ctx
        .store
        .new_payment(&payment, ctx.now - 3600, ATTEMPTS_PER_HOUR)
        .await?
    {
        return Err(AppError::refused(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_payments",
            "Hồ sơ đã có nhiều lần thanh toán trong một giờ qua. Hãy thử lại sau.",
        ));
    }
    let pay_url = gateway.pay_link(&Order {
        txn_ref: payment.txn_ref,
        amount_vnd: owed,
        // The provider shows it and banks print it: plain ASCII, as it asks.
        info: format!("Thanh toan phi le phi ho so {code}"),
        english,
        return_url: payments::return_url(ctx.site_url),
        ip: ip.to_string(),
        created: ctx.now,
        expires: ctx.now + PAY_WITHIN_SECONDS,
    });
    Ok(PaymentStart {
        pay_url,
        amount_vnd: owed,
    })
}

/// An officer of the agency holding the dossier decides on the exemption declared, or records
/// what is owed as paid at the desk.
pub async fn decide(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    req: FeeDecisionRequest,
) -> Result<FeeStatus, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    match access {
        Access::Officer { holder: true } => {}
        Access::Officer { holder: false } => {
            return Err(AppError::refused(
                StatusCode::FORBIDDEN,
                "not_holder",
                "Chỉ cơ quan đang giữ hồ sơ quyết định về phí, lệ phí.",
            ))
        }
        _ => return Err(NO_DOSSIER),
    }
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    if row.receipt.fees.is_none() || row.state.status.is_final() {
        return Err(nothing_to_decide());
    }
    let changed = match &req {
        FeeDecisionRequest::AcceptExemption => ctx.store.decide_exemption(code, true).await?,
        FeeDecisionRequest::RefuseExemption { .. } => {
            ctx.store.decide_exemption(code, false).await?
        }
        FeeDecisionRequest::PaidAtDesk => ctx
            .store
            .paid_at_desk(code, me.id, ctx.now, year(ctx.now))
            .await?
            .is_some(),
    };
    if !changed {
        return Err(nothing_to_decide());
    }
    ctx.notifier.changed(code);
    status(ctx, &row, access)
        .await?
        .ok_or_else(|| anyhow::anyhow!("fees of {code} vanished").into())
}

fn nothing_to_decide() -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "nothing_to_decide",
        "Không còn gì để quyết định: miễn giảm đã được xét, hoặc không còn khoản nào phải nộp.",
    )
}

/// One fee receipt of a dossier, for whoever may see the dossier.
pub async fn receipt(
    ctx: &Ctx<'_>,
    code: &str,
    number: &str,
    me: &Me,
) -> Result<FeeReceipt, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    let fees = status(ctx, &row, access).await?.ok_or(NO_DOSSIER)?;
    fees.receipts
        .into_iter()
        .find(|r| r.number == number)
        .ok_or(AppError::NotFound("There is no such fee receipt."))
}

/// Whether the result may be handed over as far as the fees go: nothing owed and no exemption
/// waiting for a decision.
pub(super) async fn settled(ctx: &Ctx<'_>, code: &str) -> anyhow::Result<bool> {
    Ok(match ctx.store.fees(code).await? {
        None => true,
        Some(f) => motcua_api::payment::settled(f.owed_vnd(), f.exemption.map(|(_, d)| d)),
    })
}

/// A dossier refused or withdrawn: what it paid is owed back.
pub(super) async fn ended(ctx: &Ctx<'_>, code: &str, status: Status) -> anyhow::Result<()> {
    if matches!(status, Status::Refused | Status::Withdrawn) {
        ctx.store.refund_due(code).await?;
    }
    Ok(())
}

/// The year receipts are numbered in: Vietnam's.
pub fn year(now: i64) -> i64 {
    i64::from(Date::in_vietnam(now).year())
}
