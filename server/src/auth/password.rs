//! Passwords: argon2id hashes, and a login that is rate-limited per account and per address and answers
//! the same whether the account exists or not.

use std::net::IpAddr;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use motcua_api::account::Me;

use crate::store::accounts::FailureLog;
use crate::store::Store;

/// Failed logins allowed in the window, per account and per address.
const ACCOUNT_LIMIT: i64 = 5;
const ADDRESS_LIMIT: i64 = 30;
pub const WINDOW_SECONDS: i64 = 15 * 60;

/// argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random password for an account an administrator creates: 16 characters from 96 random bits.
pub fn generate() -> anyhow::Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 12];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Hashing takes tens of milliseconds of CPU: off the async workers.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .unwrap_or(false)
}

/// Checked against when the account does not exist, so both answers take as long.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("no such account").expect("hashing works"))
}

/// Identifiers as stored: digits without spaces or dashes (CCCD numbers, tax codes), user names in lower
/// case.
pub fn normalize_identifier(s: &str) -> String {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.chars().all(|c| c.is_ascii_digit()) {
        compact
    } else {
        s.trim().to_lowercase()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong identifier or password")]
    Invalid,
    #[error("too many failed attempts")]
    TooMany { retry_after: i64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub async fn login(
    store: &Store,
    identifier: &str,
    password: &str,
    address: IpAddr,
    now: i64,
) -> Result<Me, LoginError> {
    let identifier = normalize_identifier(identifier);
    let address = address.to_string();
    let since = now - WINDOW_SECONDS;
    if store
        .failures_since(FailureLog::Login, "account", &identifier, since)
        .await?
        >= ACCOUNT_LIMIT
        || store
            .failures_since(FailureLog::Login, "address", &address, since)
            .await?
            >= ADDRESS_LIMIT
    {
        return Err(LoginError::TooMany {
            retry_after: WINDOW_SECONDS,
        });
    }
    let account = store.account_by_identifier(&identifier).await?;
    let hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let ok = verify_blocking(password.to_string(), hash).await && account.is_some();
    match account {
        Some(account) if ok => {
            store.clear_login_failures("account", &identifier).await?;
            Ok(account.me)
        }
        _ => {
            store
                .record_failure(FailureLog::Login, "account", &identifier, now)
                .await?;
            store
                .record_failure(FailureLog::Login, "address", &address, now)
                .await?;
            Err(LoginError::Invalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("mật khẩu dài", &h));
        assert!(!verify("mat khau dai", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn identifiers_normalize() {
        assert_eq!(normalize_identifier(" 0101234567-001 "), "0101234567001");
        assert_eq!(normalize_identifier("019 190 001 234"), "019190001234");
        assert_eq!(normalize_identifier(" CanBo.STP "), "canbo.stp");
    }
}
