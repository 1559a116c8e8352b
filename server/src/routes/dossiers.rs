use std::collections::BTreeMap;
use std::fmt::Write;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Json;
use motcua_api::calendar::Date;
use motcua_api::dossier::{Delivery, Receipt, ReceivedDocument, SubmitRequest};
use motcua_api::ErrorBody;
use qrcode::{Color, EcLevel, QrCode};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::auth::body;
use super::tracking;
use crate::auth::{self, CurrentAccount};
use crate::dossiers;
use crate::dossiers::Access;
use crate::error::AppError;
use crate::lifecycle::Progress;
use crate::startup::AppState;
use crate::store::lifecycle::{Owner, RatingRow};
use crate::store::NewDossier;
use motcua_api::lifecycle::{
    plan, ActionRequest, DossierList, DossierSummary, DossierView, Rating, RatingRequest, Status,
};

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
    let steps = state
        .index
        .catalogue()
        .workflow(procedure)
        .ok_or_else(|| anyhow::anyhow!("procedure {} has no workflow", procedure.code))?;
    let progress = Progress::start(
        plan(steps, &agency.id, procedure.processing_days),
        now,
        &state.calendar,
    );
    let me = &account.me;
    let company = dossiers::company(me);
    let applicant = me
        .company_name
        .clone()
        .unwrap_or_else(|| me.full_name.clone());
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
                progress: &progress,
                company: company.as_deref(),
                check_phone: &tracking::phone_key(&me.phone),
                check_id: &tracking::id_key(&me.identifier),
                applicant: &applicant,
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

/// `GET /api/v1/dossiers/{code}/receipt`: the receipt and appointment slip.
pub async fn receipt(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<Receipt>, AppError> {
    let (row, _) = dossiers::load(&state, &code, &account.me).await?;
    Ok(Json(row.receipt))
}

/// `GET /api/v1/dossiers/{code}`: the dossier for its owner or an officer of an agency in its
/// workflow; every officer's read is recorded for the owner to see.
pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<DossierView>, AppError> {
    let me = &account.me;
    let (row, access) = dossiers::load(&state, &code, me).await?;
    let now = auth::now();
    if let (Access::Officer { .. }, Some(agency)) = (access, &me.agency) {
        state
            .store
            .record_access(&code, now, me.id, agency, "")
            .await?;
    }
    Ok(Json(dossiers::view(&state, row, access, now).await?))
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    page: Option<u32>,
}

const PER_PAGE: u32 = 20;

/// `GET /api/v1/dossiers`: the signed-in person's dossiers (a business's: the company's), newest
/// first.
pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<DossierList>, AppError> {
    let Query(q) = q.map_err(|_| {
        AppError::bad_request(
            "invalid_query",
            "The page must be a number and the status a status id.",
        )
    })?;
    let me = &account.me;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or(AppError::bad_request(
            "unknown_status",
            "There is no such dossier status.",
        ))?),
    };
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let company = dossiers::company(me);
    let owner = match &company {
        Some(c) => Owner::Company(c),
        None => Owner::Account(me.id),
    };
    let (rows, total) = state
        .store
        .list_dossiers(owner, status, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let now = auth::now();
    let today = Date::in_vietnam(now);
    let items = rows
        .into_iter()
        .map(|r| {
            let due = Date::parse(&r.due_date).unwrap_or(today);
            let (timeliness, days_left) = r.progress.timeliness(&state.calendar, due, today);
            DossierSummary {
                procedure_name: procedure_name(&state, &r.procedure),
                code: r.code,
                procedure: r.procedure,
                status: r.status,
                submitted_at: r.received_at,
                due_date: r.due_date,
                timeliness,
                days_left,
            }
        })
        .collect();
    Ok(Json(DossierList {
        items,
        total,
        page,
        per_page: PER_PAGE,
    }))
}

pub fn procedure_name(state: &AppState, code: &str) -> motcua_api::Text {
    state
        .index
        .find(code)
        .map(|(p, _)| p.name.clone())
        .unwrap_or_else(|| motcua_api::Text::new(code, code))
}

/// `POST /api/v1/dossiers/{code}/actions`.
pub async fn act(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    json: Result<Json<ActionRequest>, JsonRejection>,
) -> Result<Json<DossierView>, AppError> {
    let req = body(json)?;
    Ok(Json(
        dossiers::act(&state, &code, &account.me, req, auth::now()).await?,
    ))
}

/// `GET /api/v1/dossiers/{code}/files/{id}`: a document, supplement or result of the dossier.
pub async fn file(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path((code, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let me = &account.me;
    let (_, access) = dossiers::load(&state, &code, me).await?;
    let (info, sha256) = state
        .store
        .dossier_file(&code, &id)
        .await?
        .ok_or(AppError::NotFound("There is no such file."))?;
    if let (Access::Officer { .. }, Some(agency)) = (access, &me.agency) {
        state
            .store
            .record_access(&code, auth::now(), me.id, agency, &info.name)
            .await?;
    }
    let bytes = state.files.get(&sha256).await?;
    let encoded = motcua_api::encode_component(&info.name);
    Ok((
        [
            (header::CONTENT_TYPE, info.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    ))
}

/// `GET /api/v1/dossiers/{code}/live`: server-sent events, one `change` (with the new version) each
/// time the dossier changes, so its page updates without a reload.
pub async fn live(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    dossiers::load(&state, &code, &account.me).await?;
    let receiver = state.changes.subscribe();
    let store = state.store.clone();
    let stream = futures_util::stream::unfold(
        (receiver, store, code),
        |(mut receiver, store, code)| async move {
            loop {
                match receiver.recv().await {
                    Ok(changed) if changed == code => break,
                    Ok(_) => continue,
                    // Missed messages may include this dossier's: say it changed.
                    Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
            let version = match store.dossier_row(&code).await {
                Ok(Some(row)) => row.version,
                _ => 0,
            };
            let event = SseEvent::default()
                .event("change")
                .data(version.to_string());
            Some((
                Ok::<_, std::convert::Infallible>(event),
                (receiver, store, code),
            ))
        },
    );
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))),
    ))
}

/// `PUT /api/v1/dossiers/{code}/rating`: the owner rates a returned dossier once, and may change the
/// rating for seven days.
pub async fn rate(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    json: Result<Json<RatingRequest>, JsonRejection>,
) -> Result<Json<Rating>, AppError> {
    let req = body(json)?;
    let me = &account.me;
    let (row, access) = dossiers::load(&state, &code, me).await?;
    let not_now = |m: &str| AppError::refused(StatusCode::CONFLICT, "not_allowed", m);
    if access != Access::Owner {
        return Err(not_now("Chỉ người nộp hồ sơ được đánh giá."));
    }
    if row.status != Status::Returned {
        return Err(not_now("Hồ sơ được đánh giá sau khi đã trả kết quả."));
    }
    let criteria = state
        .index
        .catalogue()
        .satisfaction
        .as_ref()
        .ok_or(AppError::NotFound("Ratings are not set up."))?;
    let mut fields = BTreeMap::new();
    if !(1..=5).contains(&req.overall) {
        fields.insert(
            "overall".to_string(),
            "Chọn một mức đánh giá chung.".to_string(),
        );
    }
    for (id, point) in &req.criteria {
        if !criteria.criteria.iter().any(|c| &c.id == id) {
            fields.insert(format!("criteria.{id}"), "Không có tiêu chí này.".into());
        } else if !(1..=5).contains(point) {
            fields.insert(format!("criteria.{id}"), "Chọn một mức từ 1 đến 5.".into());
        }
    }
    let comment = motcua_api::text::nfc(req.comment.trim());
    if comment.chars().count() > 2000 {
        fields.insert("comment".into(), "Viết ngắn hơn: tối đa 2000 ký tự.".into());
    }
    if !fields.is_empty() {
        return Err(invalid("Kiểm tra lại phần đánh giá.", fields));
    }
    let now = auth::now();
    let rating = RatingRow {
        overall: req.overall,
        criteria: req.criteria,
        comment,
        rated_at: now,
    };
    let (procedure, agency) = (&row.receipt.procedure, &row.receipt.agency);
    if !state
        .store
        .put_rating(
            &code,
            me.id,
            agency,
            procedure,
            &rating,
            now,
            now - dossiers::RATING_CHANGE_SECONDS,
        )
        .await?
    {
        return Err(not_now(
            "Đánh giá chỉ thay đổi được trong 7 ngày kể từ khi gửi.",
        ));
    }
    dossiers::changed(&state, &code);
    let stored = state
        .store
        .rating(&code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rating vanished"))?;
    Ok(Json(Rating {
        overall: stored.overall,
        criteria: stored.criteria,
        comment: stored.comment,
        rated_at: stored.rated_at,
        changeable_until: stored.rated_at + dossiers::RATING_CHANGE_SECONDS,
    }))
}

/// `GET /api/v1/dossiers/{code}/qr.svg`: a QR code of the dossier's tracking page, to print or show
/// at the counter. For the owner only, like `get`; anyone else, or a guessed code, gets the same 404.
pub async fn qr(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let (row, _) = dossiers::load(&state, &code, &account.me).await?;
    let receipt = row.receipt;
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
