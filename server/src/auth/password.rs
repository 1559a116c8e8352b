//! Passwords: argon2id hashes computed in one bounded pool, and a login that is rate-limited per
//! account and address and per address, and answers the same whether the account exists or not.

use std::net::IpAddr;
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use motcua_api::account::Me;

use tokio::sync::Semaphore;

use crate::store::accounts::LoginLimits;
use crate::store::Store;

/// Five free attempts per account and address a day, then a wait of a minute that doubles with each
/// further attempt, up to an hour; thirty per address in fifteen minutes, whatever the account. No
/// one locks an account for its owner, who signs in from another address.
pub const LIMITS: LoginLimits = LoginLimits {
    pair_free: 5,
    pair_window: 24 * 3600,
    first_delay: 60,
    max_delay: 3600,
    address_limit: 30,
    address_window: 15 * 60,
};

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

/// Each hash takes tens of milliseconds of CPU and 19 MiB: off the async workers, and no more at once
/// than there are cores, so a flood of sign-ins waits in line instead of exhausting memory. The hashes
/// run on that many threads of their own, started once: on tokio's blocking threads each new thread
/// would keep its own allocator arena with the 19 MiB in it (bench/abuse.sh saw 620 MB after a
/// registration flood).
async fn in_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    type Job = Box<dyn FnOnce() + Send>;
    static POOL: OnceLock<(Semaphore, mpsc::Sender<Job>)> = OnceLock::new();
    let (permits, sender) = POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (sender, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for _ in 0..threads {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name("password-hash".into())
                .spawn(move || loop {
                    let job = jobs.lock().map(|jobs| jobs.recv());
                    match job {
                        Ok(Ok(job)) => job(),
                        _ => break,
                    }
                })
                .expect("starting a password-hashing thread");
        }
        (Semaphore::new(threads), sender)
    });
    let _permit = permits.acquire().await?;
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    sender
        .send(job)
        .map_err(|_| anyhow::anyhow!("the password-hashing pool stopped"))?;
    Ok(result.await?)
}

pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    in_pool(move || hash(&password)).await?
}

/// Checks against `hash`, or, when there is no account, against a dummy so both answers take as long.
pub async fn verify_blocking(password: String, hash: Option<String>) -> bool {
    in_pool(move || verify(&password, hash.as_deref().unwrap_or_else(|| dummy_hash())))
        .await
        .unwrap_or(false)
}

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

/// Claims an attempt for the account from the address before any password is checked, or says how
/// long to wait.
pub async fn claim_attempt(
    store: &Store,
    identifier: &str,
    address: &str,
    now: i64,
) -> Result<(), LoginError> {
    if store
        .reserve_login_attempt(identifier, address, now, &LIMITS)
        .await?
    {
        return Ok(());
    }
    let (n, last) = store
        .login_attempts(identifier, address, now - LIMITS.pair_window)
        .await?;
    let wait = last.map_or(0, |last| last + LIMITS.delay(n) - now);
    Err(LoginError::TooMany {
        retry_after: if wait > 0 {
            wait
        } else {
            LIMITS.address_window
        },
    })
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
    claim_attempt(store, &identifier, &address, now).await?;
    let account = store
        .account_by_identifier(&identifier)
        .await?
        .filter(|a| !a.disabled);
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let ok = verify_blocking(password.to_string(), hash).await;
    match account {
        Some(account) if ok => {
            store.clear_login_attempts(&identifier, &address).await?;
            Ok(account.me)
        }
        _ => Err(LoginError::Invalid),
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
    fn waits_grow_after_the_free_attempts() {
        let waits: Vec<i64> = (0..14).map(|n| LIMITS.delay(n)).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
    }

    #[test]
    fn identifiers_normalize() {
        assert_eq!(normalize_identifier(" 0101234567-001 "), "0101234567001");
        assert_eq!(normalize_identifier("019 190 001 234"), "019190001234");
        assert_eq!(normalize_identifier(" CanBo.STP "), "canbo.stp");
    }
}
