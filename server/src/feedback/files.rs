//! Files sent with feedback: photos and documents from people who may have no account, so each is
//! checked by its content, bounded in size (and, in `limits`, in number per address), and stored
//! by content hash like every upload.

use std::net::IpAddr;

use axum::body::Body;
use axum::http::StatusCode;
use base64::Engine;
use http_body_util::BodyExt;
use motcua_api::account::Me;
use motcua_api::feedback::FeedbackFile;
use motcua_api::text::nfc;

use super::{open, Ctx};
use crate::domain::{pdf_ends, FileType, PDF_TAIL};
use crate::error::AppError;
use crate::files::Download;

/// The largest file sent with feedback: a phone's photo or a scanned page or two.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

const ALLOWED: &str = "Chỉ nhận ảnh (JPEG, PNG, HEIC) hoặc tệp PDF.";

/// Enough of the start for every signature.
const HEAD: usize = 64;

/// The name as the sender's device had it, without any folder or invisible formatting, for
/// display only, ending in an extension of what the file is.
fn display_name(raw: &str, kind: FileType) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = nfc(base.trim())
        .chars()
        .filter(|&c| !c.is_control() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .take(200)
        .collect();
    let ext = match kind {
        FileType::Pdf => "pdf",
        FileType::Jpeg => "jpg",
        FileType::Png => "png",
        _ => "heic",
    };
    let stem = match clean.rsplit_once('.') {
        Some((stem, e)) if !stem.is_empty() => {
            let same =
                e.eq_ignore_ascii_case(ext) || (ext == "jpg" && e.eq_ignore_ascii_case("jpeg"));
            if same {
                return clean;
            }
            stem.to_string()
        }
        _ if clean.is_empty() => "tep".to_string(),
        _ => clean,
    };
    format!("{stem}.{ext}")
}

fn random_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Receives one file as the body, streamed to a temporary file and never held whole in memory;
/// anything refused leaves nothing behind.
pub async fn upload(
    ctx: &Ctx<'_>,
    address: IpAddr,
    name: &str,
    body: Body,
) -> Result<FeedbackFile, AppError> {
    let unsupported = || {
        AppError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            ALLOWED,
        )
    };
    let too_large = || {
        AppError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!(
                "Tệp quá lớn. Mỗi tệp tối đa {} MB; hãy chụp lại với độ phân giải thấp hơn.",
                MAX_BYTES / (1024 * 1024)
            ),
        )
    };
    let mut body = body;
    let mut incoming = ctx.files.receive().await?;
    let (mut head, mut tail) = (Vec::with_capacity(HEAD), Vec::with_capacity(2 * PDF_TAIL));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| too_large())?;
        if let Ok(chunk) = frame.into_data() {
            if incoming.size() + chunk.len() as u64 > MAX_BYTES as u64 {
                return Err(too_large());
            }
            let take = (HEAD - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            tail.extend_from_slice(&chunk[chunk.len().saturating_sub(PDF_TAIL)..]);
            let extra = tail.len().saturating_sub(PDF_TAIL);
            tail.drain(..extra);
            incoming.write(&chunk).await?;
        }
    }
    if incoming.size() == 0 {
        return Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
            "Tệp trống (0 byte). Hãy chọn lại tệp.",
        ));
    }
    let kind = match FileType::sniff(&head) {
        Some(k @ (FileType::Pdf | FileType::Jpeg | FileType::Png | FileType::Heif)) => k,
        _ => return Err(unsupported()),
    };
    if kind == FileType::Pdf && !pdf_ends(&tail) {
        return Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "damaged_pdf",
            "Tệp PDF bị hỏng hoặc không đọc được. Hãy lưu lại tệp rồi gửi lại.",
        ));
    }
    let info = FeedbackFile {
        id: random_id()?,
        name: display_name(name, kind),
        size: incoming.size(),
        content_type: kind.content_type().to_string(),
    };
    let sha256 = ctx.files.store(incoming).await?;
    ctx.store
        .create_feedback_file(&info, &sha256, &address.to_string(), ctx.now)
        .await?;
    Ok(info)
}

/// A file of a case, for whoever may open the case.
pub async fn download(
    ctx: &Ctx<'_>,
    code: &str,
    id: &str,
    me: Option<&Me>,
    pin: &str,
    address: IpAddr,
) -> Result<(FeedbackFile, Download), AppError> {
    let (row, _) = open(ctx, code, me, pin, address).await?;
    let record = ctx
        .store
        .feedback_file(id)
        .await?
        .filter(|f| f.feedback.as_deref() == Some(row.code.as_str()))
        .ok_or(AppError::NotFound("There is no such file."))?;
    let bytes = ctx.files.get(&record.sha256).await?;
    Ok((record.info, bytes))
}
