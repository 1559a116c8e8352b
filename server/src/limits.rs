//! What one client may hold of the server at once: live streams per account, uploads and
//! submissions per address, and the time a request may take. The connection-level bounds (header
//! timeout, connections at once) are in `startup`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::client::client_address;
use crate::config::Limits;
use crate::error::{error_response, AppError};
use crate::state::AppState;

/// The live streams each account holds open.
#[derive(Clone)]
pub struct StreamSlots {
    held: Arc<Mutex<HashMap<i64, usize>>>,
    per_account: usize,
}

/// One account's hold on a live stream, given back when the stream ends (however it ends: the
/// client leaves, the session ends, the server stops).
pub struct StreamSlot {
    slots: StreamSlots,
    account: i64,
}

impl StreamSlots {
    pub fn new(per_account: usize) -> Self {
        StreamSlots {
            held: Arc::default(),
            per_account,
        }
    }

    /// A slot for the account, unless it holds all it may.
    pub fn take(&self, account: i64) -> Option<StreamSlot> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let n = held.entry(account).or_default();
        if *n >= self.per_account {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            slots: self.clone(),
            account,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut held = self.slots.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = held.get_mut(&self.account) {
            *n -= 1;
            if *n == 0 {
                held.remove(&self.account);
            }
        }
    }
}

/// How long a refused stream should wait: about as long as a page closed elsewhere takes to let go.
const STREAM_RETRY_SECONDS: u32 = 30;

/// The answer to one live stream too many.
pub fn too_many_streams(per_account: usize) -> Response {
    let mut response = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_streams",
        &format!(
            "Tài khoản đang mở {per_account} trang theo dõi hồ sơ cùng lúc, là số tối đa. Hãy đóng bớt các trang hoặc thiết bị khác."
        ),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(STREAM_RETRY_SECONDS));
    response
}

/// The window over which uploads and submissions from one address count.
const ADDRESS_WINDOW: i64 = 3600;

/// Counts each upload and each submission against its client address, and refuses (429 with
/// `Retry-After`) those past the hourly limit before they reach the handler, so a refused upload's
/// bytes are never read.
pub async fn per_address(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (scope, limit, message) = match request.uri().path() {
        "/api/v1/uploads" => (
            "upload",
            state.limits.uploads_per_address,
            "Có quá nhiều tệp được tải lên từ địa chỉ mạng của bạn trong một giờ. Hãy thử lại sau.",
        ),
        "/api/v1/dossiers" => (
            "submit",
            state.limits.submits_per_address,
            "Có quá nhiều hồ sơ được nộp từ địa chỉ mạng của bạn trong một giờ. Hãy thử lại sau.",
        ),
        // Anyone may send feedback and its files without an account: the address bounds them,
        // as it bounds uploads and submissions.
        "/api/v1/feedback/files" => (
            "feedback_file",
            state.limits.uploads_per_address,
            "Có quá nhiều tệp được gửi từ địa chỉ mạng của bạn trong một giờ. Hãy thử lại sau.",
        ),
        "/api/v1/feedback" => (
            "feedback",
            state.limits.submits_per_address,
            "Có quá nhiều phản ánh được gửi từ địa chỉ mạng của bạn trong một giờ. Hãy thử lại sau.",
        ),
        _ => return next.run(request).await,
    };
    let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    else {
        return AppError::from(anyhow::anyhow!(
            "the server was started without peer addresses"
        ))
        .into_response();
    };
    let address = client_address(peer.ip(), request.headers(), &state.trusted_proxies);
    let counted = state
        .store
        .count_request(
            scope,
            &address.to_string(),
            ADDRESS_WINDOW,
            limit,
            crate::clock::now(),
        )
        .await;
    match counted {
        Ok(None) => next.run(request).await,
        Ok(Some(retry_after)) => AppError::TooManyRequests {
            retry_after,
            message,
        }
        .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// Answers 408 for a request not answered within its time: an upload's, whose body is most of it, or
/// any other's. A live stream's answer starts at once, so its events are not limited.
pub async fn deadline(State(limits): State<Arc<Limits>>, request: Request, next: Next) -> Response {
    let upload = request.method() == Method::POST
        && matches!(
            request.uri().path(),
            "/api/v1/uploads" | "/api/v1/feedback/files"
        );
    let limit = if upload {
        limits.upload_timeout
    } else {
        limits.request_timeout
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error_response(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "Yêu cầu mất quá nhiều thời gian. Hãy kiểm tra kết nối mạng rồi thử lại.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_given_back_when_dropped() {
        let slots = StreamSlots::new(2);
        let a = slots.take(1).unwrap();
        let _b = slots.take(1).unwrap();
        assert!(slots.take(1).is_none());
        assert!(slots.take(2).is_some(), "another account's are its own");
        drop(a);
        assert!(slots.take(1).is_some());
    }
}
