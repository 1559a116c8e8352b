use std::collections::BTreeMap;
use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use motcua_api::calendar::Date;
use motcua_api::dossier::{Delivery, Receipt, ReceivedDocument, SubmitRequest};
use motcua_api::ErrorBody;
use qrcode::{Color, EcLevel, QrCode};

use super::auth::body;
use crate::auth::{self, CurrentAccount};
use crate::error::AppError;
use crate::startup::AppState;
use crate::store::NewDossier;

fn invalid(message: &str, fields: BTreeMap<String, String>) -> AppError {
    AppError::Invalid(ErrorBody {
        code: "invalid_fields".into(),
        message: message.into(),
        fields: Some(fields),
    })
}

/// `POST /api/v1/dossiers`. The `Idempotency-Key` header makes a double tap, a retry after a timeout
/// or a resent request find the dossier the first one made: exactly one dossier per key.
pub async fn submit(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    json: Result<Json<SubmitRequest>, JsonRejection>,
) -> Result<impl IntoResponse, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| (8..=128).contains(&k.len()))
        .ok_or(AppError::bad_request(
            "idempotency_key_required",
            "Send an Idempotency-Key header (8–128 characters) with every submit.",
        ))?
        .to_string();
    let owner = account.me.id;
    if let Some(existing) = state.store.dossier_by_key(owner, &key).await? {
        return Ok((StatusCode::OK, Json(existing)));
    }
    let req = body(json)?;
    let (procedure, agency) = state
        .index
        .find(&req.procedure)
        .ok_or(AppError::NotFound("There is no procedure with this code."))?;
    let form = state
        .index
        .form(&req.procedure)
        .ok_or(AppError::bad_request(
            "not_online",
            "This procedure cannot be applied for online.",
        ))?;
    let now = auth::now();
    let today = Date::in_vietnam(now);
    let places = &state.index.catalogue().places;

    let mut fields: BTreeMap<String, String> = form
        .check(&req.answers, today, Some(places))
        .into_iter()
        .map(|e| (e.path, e.message.vi))
        .collect();
    if !fields.is_empty() {
        return Err(invalid(
            "Một số câu trả lời chưa đúng. Sửa các mục được đánh dấu rồi nộp lại.",
            fields,
        ));
    }

    // Every missing document is named at once, never one at a time.
    let mut documents = Vec::new();
    let mut upload_ids = Vec::new();
    for (i, doc) in procedure.documents.iter().enumerate() {
        let ids = req.documents.get(&(i as u32)).cloned().unwrap_or_default();
        if ids.is_empty() && doc.mandatory {
            fields.insert(
                format!("documents.{i}"),
                format!("Thiếu giấy tờ bắt buộc: {}.", doc.name.vi),
            );
        }
        let mut files = Vec::new();
        for id in ids {
            match state.store.upload(owner, &id).await? {
                Some(u) if u.dossier.is_none() => {
                    upload_ids.push(id);
                    files.push(u.info);
                }
                _ => {
                    fields.insert(
                        format!("documents.{i}"),
                        "Một tệp đính kèm không còn; hãy tải lên lại.".into(),
                    );
                }
            }
        }
        if !files.is_empty() {
            documents.push(ReceivedDocument {
                name: doc.name.clone(),
                files,
            });
        }
    }
    for i in req.documents.keys() {
        if *i as usize >= procedure.documents.len() {
            fields.insert(
                format!("documents.{i}"),
                "Thủ tục không có thành phần hồ sơ này.".into(),
            );
        }
    }
    if let Delivery::Post { address } = &req.delivery {
        if !procedure.home_delivery {
            fields.insert(
                "delivery".into(),
                "Kết quả của thủ tục này không gửi qua bưu điện; hãy chọn nhận tại Trung tâm."
                    .into(),
            );
        } else if !places.has(&address.province, &address.commune)
            || address.street.trim().is_empty()
        {
            fields.insert(
                "delivery".into(),
                "Nhập đủ địa chỉ nhận kết quả: tỉnh, xã và số nhà, đường.".into(),
            );
        }
    }
    if !fields.is_empty() {
        // A concurrent request with the same key may have just made the dossier and bound these
        // files to it: that request's dossier is this one's answer too.
        if let Some(existing) = state.store.dossier_by_key(owner, &key).await? {
            return Ok((StatusCode::OK, Json(existing)));
        }
        return Err(invalid(
            "Hồ sơ chưa đủ. Bổ sung các mục được đánh dấu rồi nộp lại.",
            fields,
        ));
    }

    let due = state
        .calendar
        .add_working_days(today, procedure.processing_days);
    let day = format!(
        "{:02}{:02}{:02}",
        today.year() % 100,
        today.month(),
        today.day()
    );
    let due_date = due.to_string();
    let mut receipt = Receipt {
        code: String::new(),
        procedure: procedure.code.clone(),
        procedure_name: procedure.name.clone(),
        agency: agency.id.clone(),
        agency_name: agency.name.clone(),
        received_at: now,
        due_date: due_date.clone(),
        processing_days: procedure.processing_days,
        documents,
        delivery: req.delivery,
        answers: req.answers,
    };
    let created = state
        .store
        .create_dossier(
            NewDossier {
                owner,
                idempotency_key: &key,
                procedure: &procedure.code,
                agency: &agency.id,
                agency_code: &agency.code,
                received_at: now,
                day: &day,
                due_date: &due_date,
                upload_ids,
                draft_id: req.draft_id.as_deref(),
            },
            &mut receipt,
        )
        .await?;
    if created {
        Ok((StatusCode::CREATED, Json(receipt)))
    } else {
        // A concurrent request with the same key got there first: answer with its dossier.
        let existing = state
            .store
            .dossier_by_key(owner, &key)
            .await?
            .ok_or_else(|| anyhow::anyhow!("idempotent dossier vanished"))?;
        Ok((StatusCode::OK, Json(existing)))
    }
}

/// A dossier, for its owner only; anyone else, or a guessed code, gets the same 404.
pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<Receipt>, AppError> {
    state
        .store
        .dossier(account.me.id, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("There is no such dossier."))
}

/// `GET /api/v1/dossiers/{code}/qr.svg`: a QR code of the dossier's tracking page, to print or show
/// at the counter. For the owner only, like `get`; anyone else, or a guessed code, gets the same 404.
pub async fn qr(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let receipt = state
        .store
        .dossier(account.me.id, &code)
        .await?
        .ok_or(AppError::NotFound("There is no such dossier."))?;
    let svg = qr_svg(&tracking_url(&headers, &receipt.code), &receipt.code)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        svg,
    ))
}

/// The public tracking page of a dossier, absolute when the request names its host. A host that is
/// not a plain host name (and port) is ignored rather than encoded into a code people will scan.
fn tracking_url(headers: &HeaderMap, code: &str) -> String {
    let path = format!("/tra-cuu?ma={}", motcua_api::encode_component(code));
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
    let title = xml_escape(&format!("Mã QR tra cứu hồ sơ {code}"));
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

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
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

        let mut headers = HeaderMap::new();
        assert_eq!(tracking_url(&headers, "A B/1"), "/tra-cuu?ma=A%20B%2F1");
        headers.insert(header::HOST, "motcua.example.vn".parse().unwrap());
        assert_eq!(
            tracking_url(&headers, "X-1"),
            "http://motcua.example.vn/tra-cuu?ma=X-1"
        );
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(
            tracking_url(&headers, "X-1"),
            "https://motcua.example.vn/tra-cuu?ma=X-1"
        );
        headers.insert(header::HOST, "evil\"/><script>".parse().unwrap());
        assert_eq!(tracking_url(&headers, "X-1"), "/tra-cuu?ma=X-1");
    }
}
