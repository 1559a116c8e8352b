//! Signing in with the national e-ID, an OpenID Connect provider: the authorisation code flow with
//! PKCE (S256), `state` and `nonce`. What the browser brings back proves nothing by itself: the code
//! is exchanged server to server with the client secret, and the ID token's RS256 signature, issuer,
//! audience, times and nonce are all checked before its claims name anyone.

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use motcua_api::account::{CitizenId, PROFILE_CHARS};
use motcua_api::calendar::Date;
use motcua_api::encode_component;
use motcua_api::text::nfc;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::sync::RwLock;

use crate::config::OidcConfig;
use crate::store::sign_ins::EidIdentity;

/// The route the provider sends people back to, under the site's address.
pub const CALLBACK_PATH: &str = "/api/v1/auth/eid/callback";
/// Clocks differ a little between the provider and here.
const LEEWAY: i64 = 60;
/// An ID token signed by a key not yet known sends for the provider's keys again (it rotated them),
/// but no more often than this, so forged tokens cannot make us hammer the provider.
const KEYS_REFETCH_SECONDS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum EidError {
    /// The provider could not be reached or answered what no provider should.
    #[error("the e-ID provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider or its token said no, or the token does not hold: no one is signed in.
    #[error("the e-ID sign-in was refused: {0}")]
    Refused(String),
}

fn refused(why: impl Into<String>) -> EidError {
    EidError::Refused(why.into())
}

#[derive(Debug, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

/// A public key of the provider's, by its `kid`.
#[derive(Clone)]
pub struct Key {
    pub kid: Option<String>,
    pub key: RsaPublicKey,
}

#[derive(Default)]
struct KeySet {
    keys: Vec<Key>,
    fetched_at: Option<i64>,
}

/// What one sign-in keeps server-side between sending the person off and their coming back.
pub struct Begun {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// The provider's authorisation address to send the person to.
    pub url: String,
}

/// The configured provider, its discovery document and keys fetched when first needed.
pub struct Eid {
    config: OidcConfig,
    redirect_uri: String,
    http: reqwest::Client,
    discovery: RwLock<Option<Arc<Discovery>>>,
    keys: RwLock<KeySet>,
}

fn random() -> Result<String, EidError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| EidError::Unavailable(e.to_string()))?;
    Ok(B64.encode(bytes))
}

/// The hash a `state` is kept under: a copy of the database holds no live state.
pub fn state_hash(state: &str) -> String {
    B64.encode(Sha256::digest(state.as_bytes()))
}

impl Eid {
    pub fn new(config: &OidcConfig, site_url: &str) -> anyhow::Result<Eid> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Eid {
            config: config.clone(),
            redirect_uri: format!("{}{CALLBACK_PATH}", site_url.trim_end_matches('/')),
            http,
            discovery: RwLock::new(None),
            keys: RwLock::new(KeySet::default()),
        })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, EidError> {
        let unavailable = |e: reqwest::Error| EidError::Unavailable(format!("{url}: {e}"));
        self.http
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(unavailable)?
            .json()
            .await
            .map_err(unavailable)
    }

    async fn discovery(&self) -> Result<Arc<Discovery>, EidError> {
        if let Some(d) = self.discovery.read().await.clone() {
            return Ok(d);
        }
        let issuer = self.config.issuer.trim_end_matches('/');
        let d: Discovery = self
            .get_json(&format!("{issuer}/.well-known/openid-configuration"))
            .await?;
        // A document that names another issuer is not this provider's (OpenID Discovery §4.3).
        if d.issuer != self.config.issuer {
            return Err(EidError::Unavailable(format!(
                "the discovery document names the issuer {:?}",
                d.issuer
            )));
        }
        let d = Arc::new(d);
        *self.discovery.write().await = Some(d.clone());
        Ok(d)
    }

    async fn fetch_keys(&self, jwks_uri: &str, now: i64) -> Result<Vec<Key>, EidError> {
        #[derive(Deserialize)]
        struct Jwks {
            keys: Vec<Jwk>,
        }
        #[derive(Deserialize)]
        struct Jwk {
            kty: String,
            kid: Option<String>,
            #[serde(rename = "use")]
            usage: Option<String>,
            n: Option<String>,
            e: Option<String>,
        }
        let mut set = self.keys.write().await;
        if set
            .fetched_at
            .is_some_and(|at| now - at < KEYS_REFETCH_SECONDS)
        {
            return Ok(set.keys.clone());
        }
        let jwks: Jwks = self.get_json(jwks_uri).await?;
        let number = |s: &Option<String>| {
            let bytes = B64.decode(s.as_deref()?).ok()?;
            Some(BigUint::from_bytes_be(&bytes))
        };
        set.keys = jwks
            .keys
            .iter()
            .filter(|k| k.kty == "RSA" && k.usage.as_deref().is_none_or(|u| u == "sig"))
            .filter_map(|k| {
                let key = RsaPublicKey::new(number(&k.n)?, number(&k.e)?).ok()?;
                Some(Key {
                    kid: k.kid.clone(),
                    key,
                })
            })
            .collect();
        set.fetched_at = Some(now);
        Ok(set.keys.clone())
    }

    /// A new sign-in: its one-time secrets and where to send the person.
    pub async fn begin(&self) -> Result<Begun, EidError> {
        let d = self.discovery().await?;
        let (state, nonce, verifier) = (random()?, random()?, random()?);
        let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
        let query = [
            ("response_type", "code"),
            ("client_id", self.config.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("scope", "openid"),
            ("state", state.as_str()),
            ("nonce", nonce.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&");
        let sep = if d.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(Begun {
            url: format!("{}{sep}{query}", d.authorization_endpoint),
            state,
            nonce,
            verifier,
        })
    }

    /// Exchanges the code the person came back with for an ID token, and the identity the token
    /// vouches for once every check holds.
    pub async fn finish(
        &self,
        code: &str,
        verifier: &str,
        nonce: &str,
        now: i64,
    ) -> Result<EidIdentity, EidError> {
        #[derive(Deserialize)]
        struct TokenResponse {
            id_token: String,
        }
        let d = self.discovery().await?;
        let response = self
            .http
            .post(&d.token_endpoint)
            .basic_auth(
                encode_component(&self.config.client_id),
                Some(encode_component(&self.config.client_secret)),
            )
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("code_verifier", verifier),
            ])
            .send()
            .await
            .map_err(|e| EidError::Unavailable(e.to_string()))?;
        let status = response.status();
        if status.is_server_error() {
            return Err(EidError::Unavailable(format!("token endpoint: {status}")));
        }
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(refused(format!("token endpoint: {status} {body}")));
        }
        let token: TokenResponse = response
            .json()
            .await
            .map_err(|e| EidError::Unavailable(e.to_string()))?;
        let expect = Expected {
            issuer: &self.config.issuer,
            client_id: &self.config.client_id,
            nonce,
            now,
        };
        let keys = self.keys.read().await.keys.clone();
        match verify(&token.id_token, &keys, &expect) {
            Err(VerifyError::UnknownKey) => {
                let keys = self.fetch_keys(&d.jwks_uri, now).await?;
                verify(&token.id_token, &keys, &expect)
            }
            other => other,
        }
        .map_err(|e| refused(e.to_string()))
    }
}

/// What an ID token must say to be ours, now.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: i64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("not a signed JWT")]
    Malformed,
    #[error("signed with {0:?}, not RS256")]
    Algorithm(String),
    #[error("signed by a key the provider does not publish")]
    UnknownKey,
    #[error("the signature does not hold")]
    Signature,
    #[error("claim {0} is wrong")]
    Claim(&'static str),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    aud: Audience,
    azp: Option<String>,
    exp: i64,
    iat: i64,
    nonce: Option<String>,
    sub: String,
    #[serde(rename = "SoDinhDanh")]
    citizen_id: Option<String>,
    #[serde(rename = "HoVaTen")]
    full_name: Option<String>,
    /// `yyyyMMdd`.
    #[serde(rename = "NgayThangNamSinh")]
    date_of_birth: Option<String>,
}

/// Checks an ID token against the provider's `keys` and what is `expect`ed, and reads the identity
/// it vouches for.
pub fn verify(token: &str, keys: &[Key], expect: &Expected) -> Result<EidIdentity, VerifyError> {
    #[derive(Deserialize)]
    struct Header {
        alg: String,
        kid: Option<String>,
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed);
    };
    let decode = |s: &str| B64.decode(s).map_err(|_| VerifyError::Malformed);
    let header: Header =
        serde_json::from_slice(&decode(header)?).map_err(|_| VerifyError::Malformed)?;
    // Only the algorithm agreed on: never `none`, never an HMAC keyed with a public key.
    if header.alg != "RS256" {
        return Err(VerifyError::Algorithm(header.alg));
    }
    let key = keys
        .iter()
        .find(|k| header.kid.is_none() || k.kid == header.kid)
        .ok_or(VerifyError::UnknownKey)?;
    let signature =
        Signature::try_from(decode(signature)?.as_slice()).map_err(|_| VerifyError::Malformed)?;
    // The signature is over the header and payload as sent, up to the last dot.
    let signed = &token[..token.rfind('.').unwrap_or(0)];
    VerifyingKey::<Sha256>::new(key.key.clone())
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| VerifyError::Signature)?;
    let claims: Claims =
        serde_json::from_slice(&decode(payload)?).map_err(|_| VerifyError::Claim("payload"))?;
    if claims.iss != expect.issuer {
        return Err(VerifyError::Claim("iss"));
    }
    let audience_ok = match &claims.aud {
        Audience::One(a) => a == expect.client_id,
        Audience::Many(all) => {
            all.iter().any(|a| a == expect.client_id)
                && (all.len() == 1 || claims.azp.as_deref() == Some(expect.client_id))
        }
    };
    if !audience_ok {
        return Err(VerifyError::Claim("aud"));
    }
    if claims.exp + LEEWAY <= expect.now {
        return Err(VerifyError::Claim("exp"));
    }
    if claims.iat - LEEWAY > expect.now {
        return Err(VerifyError::Claim("iat"));
    }
    if claims.nonce.as_deref() != Some(expect.nonce) {
        return Err(VerifyError::Claim("nonce"));
    }
    identity(claims)
}

/// The person the claims name, each part held to the rules a typed one is.
fn identity(claims: Claims) -> Result<EidIdentity, VerifyError> {
    if claims.sub.is_empty() {
        return Err(VerifyError::Claim("sub"));
    }
    let citizen_id = claims
        .citizen_id
        .as_deref()
        .and_then(|id| CitizenId::parse(id).ok())
        .ok_or(VerifyError::Claim("SoDinhDanh"))?;
    let full_name = claims
        .full_name
        .map(|n| nfc(n.trim()))
        .filter(|n| !n.is_empty() && n.chars().count() <= PROFILE_CHARS)
        .ok_or(VerifyError::Claim("HoVaTen"))?;
    let born = claims
        .date_of_birth
        .as_deref()
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| Date::parse(&format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])))
        .filter(|d| d.year() > 0 && citizen_id.matches_birth_year(d.year() as u32))
        .ok_or(VerifyError::Claim("NgayThangNamSinh"))?;
    Ok(EidIdentity {
        subject: claims.sub,
        citizen_id: citizen_id.as_str().to_string(),
        full_name,
        date_of_birth: format!("{:04}-{:02}-{:02}", born.year(), born.month(), born.day()),
    })
}

#[cfg(test)]
mod tests {
    use rsa::pkcs1v15::SigningKey;
    use rsa::signature::{SignatureEncoding, Signer};
    use rsa::RsaPrivateKey;

    use super::*;

    fn key(seed: u8) -> RsaPrivateKey {
        // A fixed small-ish key per seed keeps the tests fast; 1024 bits is enough to test checks.
        let mut rng = rand_core_seeded(seed);
        RsaPrivateKey::new(&mut rng, 1024).unwrap()
    }

    fn rand_core_seeded(seed: u8) -> impl rsa::rand_core::CryptoRngCore {
        struct Counter(u64);
        impl rsa::rand_core::RngCore for Counter {
            fn next_u32(&mut self) -> u32 {
                self.next_u64() as u32
            }
            fn next_u64(&mut self) -> u64 {
                // splitmix64: deterministic, good enough to find primes.
                self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.0;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            }
            fn fill_bytes(&mut self, dest: &mut [u8]) {
                for chunk in dest.chunks_mut(8) {
                    let bytes = self.next_u64().to_le_bytes();
                    chunk.copy_from_slice(&bytes[..chunk.len()]);
                }
            }
            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
                self.fill_bytes(dest);
                Ok(())
            }
        }
        impl rsa::rand_core::CryptoRng for Counter {}
        Counter(u64::from(seed))
    }

    fn token(private: &RsaPrivateKey, header: &str, claims: serde_json::Value) -> String {
        let input = format!("{}.{}", B64.encode(header), B64.encode(claims.to_string()));
        let signature = SigningKey::<Sha256>::new(private.clone()).sign(input.as_bytes());
        format!("{input}.{}", B64.encode(signature.to_bytes()))
    }

    fn claims(now: i64) -> serde_json::Value {
        serde_json::json!({
            "iss": "https://eid.example", "aud": "motcua", "sub": "s-1",
            "exp": now + 300, "iat": now, "nonce": "n-1",
            "SoDinhDanh": "001090012345", "HoVaTen": " Nguyễn Văn An ", "NgayThangNamSinh": "19900515",
        })
    }

    const HEADER: &str = r#"{"alg":"RS256","kid":"k1"}"#;

    #[test]
    fn only_a_token_that_holds_in_every_way_names_someone() {
        let now = 1_800_000_000;
        let private = key(1);
        let keys = [Key {
            kid: Some("k1".into()),
            key: private.to_public_key(),
        }];
        let expect = Expected {
            issuer: "https://eid.example",
            client_id: "motcua",
            nonce: "n-1",
            now,
        };
        let good = verify(&token(&private, HEADER, claims(now)), &keys, &expect).unwrap();
        assert_eq!(
            (
                good.citizen_id.as_str(),
                good.full_name.as_str(),
                good.date_of_birth.as_str()
            ),
            ("001090012345", "Nguyễn Văn An", "1990-05-15")
        );
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut c = claims(now);
            edit(&mut c);
            verify(&token(&private, HEADER, c), &keys, &expect)
        };
        assert_eq!(
            with(&|c| c["exp"] = (now - 61).into()),
            Err(VerifyError::Claim("exp"))
        );
        assert!(with(&|c| c["exp"] = (now - 30).into()).is_ok(), "leeway");
        assert_eq!(
            with(&|c| c["iat"] = (now + 600).into()),
            Err(VerifyError::Claim("iat"))
        );
        assert_eq!(
            with(&|c| c["iss"] = "https://other".into()),
            Err(VerifyError::Claim("iss"))
        );
        assert_eq!(
            with(&|c| c["aud"] = "someone-else".into()),
            Err(VerifyError::Claim("aud"))
        );
        assert_eq!(
            with(&|c| c["aud"] = serde_json::json!(["motcua", "x"])),
            Err(VerifyError::Claim("aud")),
            "several audiences need azp"
        );
        assert_eq!(
            with(&|c| c["nonce"] = "replayed".into()),
            Err(VerifyError::Claim("nonce"))
        );
        assert_eq!(
            with(&|c| c["NgayThangNamSinh"] = "19910515".into()),
            Err(VerifyError::Claim("NgayThangNamSinh")),
            "the ID number encodes 1990"
        );
        assert_eq!(
            with(&|c| c["SoDinhDanh"] = "12345".into()),
            Err(VerifyError::Claim("SoDinhDanh"))
        );
        let forged = token(&key(2), HEADER, claims(now));
        assert_eq!(verify(&forged, &keys, &expect), Err(VerifyError::Signature));
        let other_kid = token(&private, r#"{"alg":"RS256","kid":"k9"}"#, claims(now));
        assert_eq!(
            verify(&other_kid, &keys, &expect),
            Err(VerifyError::UnknownKey)
        );
        let none = format!(
            "{}.{}.",
            B64.encode(r#"{"alg":"none"}"#),
            B64.encode(claims(now).to_string())
        );
        assert_eq!(
            verify(&none, &keys, &expect),
            Err(VerifyError::Algorithm("none".into()))
        );
    }
}
