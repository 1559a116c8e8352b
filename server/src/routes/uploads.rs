use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use bytes::BytesMut;
use http_body_util::BodyExt;
use motcua_api::dossier::UploadInfo;
use motcua_api::text::nfc;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::CurrentAccount;
use crate::clock;
use crate::domain::FileType;
use crate::download::attachment;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::store::uploads::NewUpload;

const ALLOWED: &str = "Chỉ nhận tệp PDF, JPEG, PNG, HEIC/HEIF hoặc DOCX.";

/// The types a browser gives the files we accept (what the app's upload sends as Content-Type), and
/// the generic one. A cross-site HTML form can only send `text/plain`, `multipart/form-data` or
/// `application/x-www-form-urlencoded` without a CORS preflight, so it cannot post an upload; any
/// other page's request with one of these types is preflighted, and refused there.
const DECLARED_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heic",
    "image/heif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/octet-stream",
];

/// Whether the declared type (its parameters aside) is one an upload can be. No type at all is
/// accepted: the browser sends none for a file the system gave no type (a HEIC photo on Windows, a
/// file without an extension), and a form cannot leave it out — it always sends its own. The one
/// request that can (a `no-cors` fetch of a typeless blob) does not carry the `SameSite=Lax` session
/// cookie across sites, so it is not signed in. The content decides the stored type either way.
fn declared_type_allowed(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    DECLARED_TYPES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(essence))
}

/// Characters that change how the rest of a name is drawn without being seen: the bidirectional
/// embeddings, overrides and isolates and the direction marks, with which `hoa-don\u{202E}fdp.exe`
/// reads as `hoa-donexe.pdf`.
fn is_invisible_formatting(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The extensions a file of `kind` may already have; the first is the one given when it has another.
fn extensions(kind: FileType) -> &'static [&'static str] {
    match kind {
        FileType::Pdf => &["pdf"],
        FileType::Jpeg => &["jpg", "jpeg"],
        FileType::Png => &["png"],
        FileType::Heif => &["heic", "heif"],
        FileType::Docx => &["docx"],
    }
}

/// `name` ending in an extension of what the file is, so a PDF sent as `x.exe` is shown (and saved
/// by whoever downloads it) as `x.pdf`.
fn with_extension(name: &str, kind: FileType) -> String {
    let allowed = extensions(kind);
    let stem = match name.rsplit_once('.') {
        Some((_, ext)) if allowed.iter().any(|a| a.eq_ignore_ascii_case(ext)) => {
            return name.to_string();
        }
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.{}", allowed[0])
}

#[derive(Deserialize)]
pub struct NameQuery {
    #[serde(default)]
    name: String,
}

/// The name as the citizen's device had it, without any folder, for display only: files are stored by
/// content hash, so a name can never reach the disk.
fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = nfc(base.trim())
        .chars()
        .filter(|&c| !c.is_control() && !is_invisible_formatting(c))
        .take(200)
        .collect();
    if clean.is_empty() {
        "tep".to_string()
    } else {
        clean
    }
}

fn random_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// `POST /api/v1/uploads?name=…` with the file's bytes as the body. The type is read from the content;
/// anything refused leaves nothing behind.
pub async fn upload(
    State(state): State<AppState>,
    account: CurrentAccount,
    Query(query): Query<NameQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let unsupported = || {
        AppError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            ALLOWED,
        )
    };
    if !declared_type_allowed(&headers) {
        return Err(unsupported());
    }
    let too_large = || {
        AppError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!(
                "Tệp quá lớn. Mỗi tệp tối đa {} MB; hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp.",
                state.max_upload_bytes / (1024 * 1024)
            ),
        )
    };
    // Hashed as it arrives, so hashing overlaps the transfer instead of following it.
    let mut body = body;
    let mut hasher = Sha256::new();
    let mut received = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| too_large())?;
        if let Ok(chunk) = frame.into_data() {
            if received.len() + chunk.len() > state.max_upload_bytes {
                return Err(too_large());
            }
            hasher.update(&chunk);
            received.extend_from_slice(&chunk);
        }
    }
    let bytes = received.freeze();
    if bytes.is_empty() {
        return Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
            "Tệp trống (0 byte). Hãy chọn lại tệp.",
        ));
    }
    let kind = FileType::sniff(&bytes).ok_or_else(unsupported)?;
    let sha256 = hex(&hasher.finalize());
    let info = UploadInfo {
        id: random_id()?,
        name: with_extension(&display_name(&query.name), kind),
        size: bytes.len() as u64,
        content_type: kind.content_type().to_string(),
    };
    state.files.put(&sha256, bytes).await?;
    let upload = NewUpload {
        owner: account.me.id,
        sha256,
        info,
        created_at: clock::now(),
    };
    state.store.create_upload(&upload).await?;
    Ok((StatusCode::CREATED, Json(upload.info)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const NO_UPLOAD: AppError = AppError::NotFound("There is no such file.");

pub async fn download(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let record = state
        .store
        .upload(account.me.id, &id)
        .await?
        .ok_or(NO_UPLOAD)?;
    let bytes = state.files.get(&record.sha256).await?;
    Ok(attachment(
        &record.info.name,
        &record.info.content_type,
        "private, no-store",
        bytes,
    ))
}

/// Removes a file not yet submitted; its bytes go too when nothing else refers to them.
pub async fn delete(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let record = state
        .store
        .upload(account.me.id, &id)
        .await?
        .ok_or(NO_UPLOAD)?;
    if record.dossier.is_some() {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "file_submitted",
            "Tệp này đã nộp cùng hồ sơ nên không xóa được.",
        ));
    }
    if state
        .store
        .delete_upload(account.me.id, &id, &record.sha256)
        .await?
    {
        state.files.delete(&record.sha256).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(
            display_name("C:\\Users\\lan\\Giấy khai sinh.pdf"),
            "Giấy khai sinh.pdf"
        );
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a\u{0}b\n.png"), "ab.png");
        assert_eq!(display_name("  "), "tep");
        assert_eq!(display_name("a\u{85}b\u{9b}.png"), "ab.png", "C1 controls");
    }

    #[test]
    fn names_lose_bidirectional_controls() {
        assert_eq!(display_name("hoa-don\u{202E}fdp.exe"), "hoa-donfdp.exe");
        assert_eq!(
            display_name("\u{200E}a\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}b.pdf"),
            "ab.pdf"
        );
        assert_eq!(display_name("Giấy khai sinh.pdf"), "Giấy khai sinh.pdf");
    }

    #[test]
    fn the_extension_shown_is_the_contents() {
        assert_eq!(with_extension("x.exe", FileType::Pdf), "x.pdf");
        assert_eq!(with_extension("ảnh.JPEG", FileType::Jpeg), "ảnh.JPEG");
        assert_eq!(with_extension("ảnh.png", FileType::Jpeg), "ảnh.jpg");
        assert_eq!(with_extension("tep", FileType::Docx), "tep.docx");
        assert_eq!(with_extension(".hidden", FileType::Png), ".hidden.png");
        assert_eq!(with_extension("a.b.heif", FileType::Heif), "a.b.heif");
    }
}
