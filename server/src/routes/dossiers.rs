//! `/api/v1/dossiers`: each handler reads the request, asks the dossier service and answers.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::Event as SseEvent;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use motcua_api::dossier::{Receipt, SubmitRequest};
use motcua_api::lifecycle::{ActionRequest, DossierList, DossierView, Rating, RatingRequest};
use motcua_api::paths;
use qrcode::{Color, EcLevel, QrCode};
use serde::Deserialize;

use crate::auth::CurrentAccount;
use crate::dossiers::{self, Submitted};
use crate::download::attachment;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::live;
use crate::state::AppState;

/// `POST /api/v1/dossiers`, with an `Idempotency-Key` header: 201 with the receipt of a new dossier,
/// 200 with the one an earlier request with the same key made.
pub async fn submit(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    body: Result<Json<SubmitRequest>, AppError>,
) -> Result<impl IntoResponse, AppError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let body = body.map(|Json(req)| req);
    Ok(
        match dossiers::submit(&state.dossiers(), &account.me, key, body).await? {
            Submitted::Created(receipt) => (StatusCode::CREATED, Json(receipt)),
            Submitted::Found(receipt) => (StatusCode::OK, Json(receipt)),
        },
    )
}

/// `GET /api/v1/dossiers/{code}/receipt`: the receipt and appointment slip.
pub async fn receipt(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<Receipt>, AppError> {
    Ok(Json(
        dossiers::receipt(&state.dossiers(), &code, &account.me).await?,
    ))
}

/// `GET /api/v1/dossiers/{code}`.
pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<DossierView>, AppError> {
    Ok(Json(
        dossiers::get(&state.dossiers(), &code, &account.me).await?,
    ))
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    page: Option<u32>,
    after: Option<String>,
    before: Option<String>,
}

/// `GET /api/v1/dossiers?status=&page=&after=&before=`: the signed-in person's dossiers.
pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
    Query(q): Query<ListQuery>,
) -> Result<Json<DossierList>, AppError> {
    let ctx = state.dossiers();
    Ok(Json(
        dossiers::list(
            &ctx,
            &account.me,
            q.status.as_deref(),
            q.page,
            q.after.as_deref(),
            q.before.as_deref(),
        )
        .await?,
    ))
}

/// `POST /api/v1/dossiers/{code}/actions`.
pub async fn act(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    Json(req): Json<ActionRequest>,
) -> Result<Json<DossierView>, AppError> {
    Ok(Json(
        dossiers::act(&state.dossiers(), &code, &account.me, req).await?,
    ))
}

/// `GET /api/v1/dossiers/{code}/files/{id}`: a document, supplement or result of the dossier.
pub async fn file(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (info, bytes) = dossiers::file(&state.dossiers(), &code, &account.me, &id).await?;
    Ok(attachment(
        &info.name,
        &info.content_type,
        "private, no-store",
        bytes,
    ))
}

#[derive(Deserialize)]
pub struct LiveQuery {
    since: Option<u32>,
}

/// `GET /api/v1/dossiers/{code}/live[?since=VERSION]`: server-sent events, one `change` (with the new
/// version) each time the dossier changes, so its page updates without a reload; at once too if it is
/// no longer at the version the reader has. A few at once per account; each ends when its session
/// does.
pub async fn live(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    Query(q): Query<LiveQuery>,
) -> Result<Response, AppError> {
    let versions = dossiers::versions(
        &state.dossiers(),
        &code,
        &account.me,
        &account.token_hash,
        state.limits.session_check,
        q.since,
    )
    .await?;
    let events = versions.map(|version| {
        SseEvent::default()
            .event("change")
            .data(version.to_string())
    });
    Ok(live::respond(&state, account.me.id, events))
}

/// `PUT /api/v1/dossiers/{code}/rating`: the owner rates a returned dossier once, and may change the
/// rating for seven days.
pub async fn rate(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    Json(req): Json<RatingRequest>,
) -> Result<Json<Rating>, AppError> {
    Ok(Json(
        dossiers::rate(&state.dossiers(), &code, &account.me, req).await?,
    ))
}

/// `GET /api/v1/dossiers/{code}/qr.svg`: a QR code of the dossier's tracking page, to print or show
/// at the counter. For those who may see the dossier, like `get`, an officer's read recorded alike;
/// anyone else, or a guessed code, gets the same 404.
pub async fn qr(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let receipt = dossiers::receipt(&state.dossiers(), &code, &account.me).await?;
    let url = tracking_url(&headers, &receipt.code, &receipt.tracking_pin);
    let svg = qr_svg(&url, &receipt.code)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        svg,
    ))
}

/// The public tracking page of a dossier with its PIN filled in, absolute when the request names its
/// host. A host that is not a plain host name (and port) is ignored rather than encoded into a code
/// people will scan.
fn tracking_url(headers: &HeaderMap, code: &str, pin: &str) -> String {
    let path = paths::tracking_checked(code, pin);
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        });
    let Some(host) = host else {
        return path;
    };
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}{path}")
}

/// Width of the light border around a QR code, in modules, as the standard asks.
const QUIET_ZONE: usize = 4;

/// `data` as an SVG QR code (error correction M): one path of the dark modules, each row's runs
/// merged, over a white square, in module units so it scales without blurring.
fn qr_svg(data: &str, code: &str) -> Result<String, AppError> {
    let qr = QrCode::with_error_correction_level(data, EcLevel::M)
        .map_err(|e| anyhow::anyhow!("cannot encode a QR code: {e}"))?;
    let width = qr.width();
    let size = width + 2 * QUIET_ZONE;
    let mut d = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if qr[(x, y)] == Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && qr[(x, y)] == Color::Dark {
                x += 1;
            }
            let _ = write!(
                d,
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE,
                x - start,
                x - start
            );
        }
    }
    let title = crate::markup::escape(&format!("Mã QR tra cứu hồ sơ {code}"));
    Ok(format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" "#,
            r#"shape-rendering="crispEdges" role="img"><title>{title}</title>"#,
            r##"<rect width="{size}" height="{size}" fill="#fff"/>"##,
            r##"<path fill="#000" d="{d}"/></svg>"##,
        ),
        size = size,
        title = title,
        d = d
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_one_crisp_path_with_a_title() {
        let url = "https://motcua.example.vn/tra-cuu?ma=000.00.01.H26-260115-0001";
        let svg = qr_svg(url, "000.00.01.H26-260115-0001").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<title>Mã QR tra cứu hồ sơ 000.00.01.H26-260115-0001</title>"));
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(svg.contains(r#"shape-rendering="crispEdges""#));
        // Module units, with the quiet zone on both sides.
        let size = QrCode::with_error_correction_level(url, EcLevel::M)
            .unwrap()
            .width()
            + 2 * QUIET_ZONE;
        assert!(
            svg.contains(&format!(r#"viewBox="0 0 {size} {size}""#)),
            "{svg}"
        );

        // The PIN rides in the fragment, which the phone that scans the code never sends.
        let mut headers = HeaderMap::new();
        assert_eq!(
            tracking_url(&headers, "A B/1", "ABCD2345"),
            "/tra-cuu?ma=A%20B%2F1#kiem-tra=ABCD2345"
        );
        headers.insert(header::HOST, "motcua.example.vn".parse().unwrap());
        assert_eq!(
            tracking_url(&headers, "X-1", "ABCD2345"),
            "http://motcua.example.vn/tra-cuu?ma=X-1#kiem-tra=ABCD2345"
        );
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(
            tracking_url(&headers, "X-1", ""),
            "https://motcua.example.vn/tra-cuu?ma=X-1"
        );
        headers.insert(header::HOST, "evil\"/><script>".parse().unwrap());
        assert_eq!(tracking_url(&headers, "X-1", ""), "/tra-cuu?ma=X-1");
    }
}
