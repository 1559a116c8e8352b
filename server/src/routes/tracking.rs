use std::net::SocketAddr;

use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::Json;
use motcua_api::calendar::Date;
use motcua_api::lifecycle::{EventKind, Status, Tracking};
use serde::Deserialize;

use crate::auth;
use crate::dossiers::agency_name;
use crate::error::AppError;
use crate::startup::AppState;
use crate::store::FailureLog;

/// The window over which failed lookups count.
const WINDOW: i64 = 15 * 60;
/// Failed lookups allowed from one address per window: enough for typos, too few to enumerate.
const PER_ADDRESS: i64 = 20;
/// Failed lookups allowed for one code per window from anywhere, so the check cannot be guessed by
/// spreading attempts over many addresses.
const PER_CODE: i64 = 10;

/// A phone number as compared: digits only, `+84`/`84` written as the leading 0.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("84") {
        Some(rest) if digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    }
}

/// An ID number or tax code as compared: letters and digits, upper case.
pub fn id_key(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[derive(Deserialize)]
pub struct TrackingQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    check: String,
}

/// `GET /api/v1/tracking?code=&check=`: a dossier's progress for anyone with its code and the
/// applicant's phone or ID number. A wrong code and a wrong check get the same answer, and failures
/// are rate-limited per address and per code.
pub async fn track(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    q: Result<Query<TrackingQuery>, QueryRejection>,
) -> Result<Json<Tracking>, AppError> {
    let Query(q) = q.map_err(|_| {
        AppError::bad_request("invalid_query", "Give the dossier code and the check.")
    })?;
    let now = auth::now();
    let code = q.code.trim().to_ascii_uppercase();
    let address = peer.ip().to_string();
    let since = now - WINDOW;
    if state
        .store
        .failures_since(FailureLog::Lookup, "address", &address, since)
        .await?
        >= PER_ADDRESS
        || state
            .store
            .failures_since(FailureLog::Lookup, "code", &code, since)
            .await?
            >= PER_CODE
    {
        return Err(AppError::TooManyRequests {
            retry_after: WINDOW,
            message: "Tra cứu sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.",
        });
    }
    let row = state.store.dossier_row(&code).await?;
    let (phone, id) = (phone_key(&q.check), id_key(&q.check));
    let Some(row) = row.filter(|r| {
        (!phone.is_empty() && phone == r.check_phone) || (!id.is_empty() && id == r.check_id)
    }) else {
        state
            .store
            .record_failure(FailureLog::Lookup, "address", &address, now)
            .await?;
        if !code.is_empty() {
            state
                .store
                .record_failure(FailureLog::Lookup, "code", &code, now)
                .await?;
        }
        return Err(AppError::NotFound(
            "Không tìm thấy hồ sơ với mã và thông tin kiểm tra này.",
        ));
    };
    let today = Date::in_vietnam(now);
    let due = Date::parse(&row.due_date).unwrap_or(today);
    let (timeliness, days_left) = row.progress.timeliness(&state.calendar, due, today);
    let supplement_items = if row.status == Status::SupplementRequested {
        state
            .store
            .events(&row.code)
            .await?
            .into_iter()
            .rev()
            .find(|e| e.kind == EventKind::SupplementRequested)
            .map(|e| e.data.items)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(Json(Tracking {
        code: row.code.clone(),
        procedure_name: row.receipt.procedure_name.clone(),
        status: row.status,
        submitted_at: row.receipt.received_at,
        due_date: row.due_date.clone(),
        timeliness,
        days_left,
        new_date: row.progress.new_date.clone(),
        steps: row
            .progress
            .views(&state.calendar, today, |a| agency_name(&state, a)),
        current_step: row.progress.current,
        supplement_items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_compare_loosely_but_exactly() {
        assert_eq!(phone_key("+84 912 345 678"), "0912345678");
        assert_eq!(phone_key("0912.345.678"), "0912345678");
        assert_eq!(phone_key("84"), "84");
        assert_eq!(id_key(" 001090-012345 "), "001090012345");
        assert_eq!(id_key("0101234567-001"), "0101234567001");
    }
}
