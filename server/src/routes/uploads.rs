use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http_body_util::BodyExt;
use motcua_api::dossier::UploadInfo;
use motcua_api::text::nfc;
use serde::Deserialize;

use crate::auth::CurrentAccount;
use crate::domain::{pdf_ends, FileType, PDF_TAIL};
use crate::download::attachment;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::store::uploads::{NewUpload, UploadQuota};

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

/// Recognises the type from the first bytes as they stream past. A DOCX is a zip known by two entry
/// names, which may come anywhere (the central directory is at the end), so those are looked for in
/// every chunk and across the joins between chunks.
#[derive(Default)]
struct Sniffer {
    head: Vec<u8>,
    /// The end of what came before, for a name split between two chunks.
    carry: Vec<u8>,
    names_seen: [bool; 2],
    /// The last bytes, where a whole PDF has its end marker.
    tail: Vec<u8>,
}

/// The names that make a zip a Word document, as `FileType::sniff` looks for them in a whole file.
const DOCX_NAMES: [&[u8]; 2] = [b"word/document.xml", b"[Content_Types].xml"];
/// Enough of the start for every signature.
const HEAD: usize = 64;

impl Sniffer {
    fn feed(&mut self, chunk: &[u8]) {
        self.tail
            .extend_from_slice(&chunk[chunk.len().saturating_sub(PDF_TAIL)..]);
        let extra = self.tail.len().saturating_sub(PDF_TAIL);
        self.tail.drain(..extra);
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        if !self.head.starts_with(b"PK\x03\x04") || self.names_seen.iter().all(|s| *s) {
            return;
        }
        let mut window = std::mem::take(&mut self.carry);
        window.extend_from_slice(chunk);
        for (seen, name) in self.names_seen.iter_mut().zip(DOCX_NAMES) {
            *seen = *seen || window.windows(name.len()).any(|w| w == name);
        }
        let keep = DOCX_NAMES.iter().map(|n| n.len()).max().unwrap_or(0) - 1;
        self.carry = window[window.len().saturating_sub(keep)..].to_vec();
    }

    fn kind(&self) -> Option<FileType> {
        match FileType::sniff(&self.head) {
            None if self.head.starts_with(b"PK\x03\x04") && self.names_seen.iter().all(|s| *s) => {
                Some(FileType::Docx)
            }
            kind => kind,
        }
    }
}

/// Why a body stopped: past the size limit (axum's own limit says so in its error), or anything
/// else — a client too slow between chunks, or gone.
fn body_error(e: axum::Error, too_large: AppError) -> AppError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return too_large;
        }
        source = s.source();
    }
    AppError::refused(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "Tệp gửi lên bị gián đoạn. Hãy kiểm tra kết nối mạng rồi tải lên lại.",
    )
}

/// `POST /api/v1/uploads?name=…` with the file's bytes as the body. The bytes go to a temporary file
/// as they arrive, never all in memory; the type is read from the content; anything refused leaves
/// nothing behind.
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
    let quota = uploads_quota(&state);
    // Checked before the transfer too, so a full account does not send 20 MB to be refused.
    if !state.store.upload_fits(account.me.id, 0, &quota).await? {
        return Err(over_quota(&quota));
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
    let mut body = body;
    let mut incoming = state.files.receive().await?;
    let mut sniffer = Sniffer::default();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| body_error(e, too_large()))?;
        if let Ok(chunk) = frame.into_data() {
            if incoming.size() + chunk.len() as u64 > state.max_upload_bytes as u64 {
                return Err(too_large());
            }
            sniffer.feed(&chunk);
            incoming.write(&chunk).await?;
        }
    }
    let size = incoming.size();
    if size == 0 {
        return Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
            "Tệp trống (0 byte). Hãy chọn lại tệp.",
        ));
    }
    let kind = sniffer.kind().ok_or_else(unsupported)?;
    if kind == FileType::Pdf && !pdf_ends(&sniffer.tail) {
        return Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "damaged_pdf",
            "Tệp PDF bị hỏng hoặc không đọc được. Hãy lưu hoặc quét lại tệp rồi tải lên lại.",
        ));
    }
    let info = UploadInfo {
        id: random_id()?,
        name: with_extension(&display_name(&query.name), kind),
        size,
        content_type: kind.content_type().to_string(),
    };
    let sha256 = state.files.store(incoming).await?;
    let upload = NewUpload {
        owner: account.me.id,
        sha256,
        info,
        created_at: state.clock.now(),
    };
    if !state.store.create_upload(&upload, &quota).await? {
        // The bytes were stored for this upload alone unless another refers to them.
        if state.store.unreferenced(&upload.sha256).await? {
            state.files.delete(&upload.sha256).await?;
        }
        return Err(over_quota(&quota));
    }
    Ok((StatusCode::CREATED, Json(upload.info)))
}

fn uploads_quota(state: &AppState) -> UploadQuota {
    UploadQuota {
        count: state.limits.uploads_kept,
        bytes: state.limits.upload_bytes_kept,
    }
}

fn over_quota(quota: &UploadQuota) -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "upload_quota",
        format!(
            "Bạn đang giữ quá nhiều tệp chưa nộp (tối đa {} tệp, {} MB). Hãy xóa bớt tệp không dùng hoặc nộp hồ sơ trước khi tải thêm.",
            quota.count,
            quota.bytes / (1024 * 1024)
        ),
    )
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
