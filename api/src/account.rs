//! Accounts: registration, login and the signed-in user, with the rules both app and server apply.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::problem::limits::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PROFILE_CHARS};
use crate::problem::{Code, Name, Problem, Problems};

/// A 12-digit citizen identity card number (CCCD). The first three digits are the province of birth
/// registration (001–096); the fourth encodes sex and century of birth; the fifth and sixth are the year
/// of birth.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

impl CitizenId {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Số định danh cá nhân (CCCD) gồm đúng 12 chữ số.");
        }
        let province: u32 = s[..3].parse().unwrap_or(0);
        if !(1..=96).contains(&province) {
            return Err("Ba chữ số đầu của số CCCD là mã tỉnh, từ 001 đến 096.");
        }
        Ok(Self(s.to_string()))
    }

    /// The century of birth the fourth digit encodes (0/1: 1900s, 2/3: 2000s, …).
    pub fn birth_century(&self) -> u32 {
        let digit = u32::from(self.0.as_bytes()[3] - b'0');
        1900 + 100 * (digit / 2)
    }

    /// The year of birth the fourth to sixth digits encode.
    pub fn birth_year(&self) -> u32 {
        self.birth_century() + self.0[4..6].parse::<u32>().unwrap_or(0)
    }

    /// Whether the number agrees with a year of birth (fourth to sixth digits).
    pub fn matches_birth_year(&self, year: u32) -> bool {
        self.birth_year() == year
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CitizenId {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CitizenId> for String {
    fn from(id: CitizenId) -> String {
        id.0
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tax code (mã số thuế): 10 digits for an enterprise, or 13 — the 10 and a 3-digit branch number,
/// written `0101234567-001`. Stored without the dash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaxCode(String);

impl TaxCode {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let digits: String = s.trim().chars().filter(|c| *c != '-').collect();
        let dashes = s.trim().matches('-').count();
        let ok = digits.bytes().all(|b| b.is_ascii_digit())
            && ((digits.len() == 10 && dashes == 0) || (digits.len() == 13 && dashes <= 1));
        if ok {
            Ok(Self(digits))
        } else {
            Err("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số cho chi nhánh (0101234567-001).")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TaxCode {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<TaxCode> for String {
    fn from(code: TaxCode) -> String {
        code.0
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Citizen,
    Business,
    Officer,
}

impl AccountKind {
    pub fn id(self) -> &'static str {
        match self {
            AccountKind::Citizen => "citizen",
            AccountKind::Business => "business",
            AccountKind::Officer => "officer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Citizen, Self::Business, Self::Officer]
            .into_iter()
            .find(|k| k.id() == s)
    }
}

/// `POST /api/v1/auth/register`. Citizens sign in with their CCCD number, businesses with their tax code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegisterRequest {
    Citizen {
        full_name: String,
        citizen_id: String,
        /// `YYYY-MM-DD`.
        date_of_birth: String,
        phone: String,
        email: String,
        address: String,
        password: String,
    },
    Business {
        tax_code: String,
        company_name: String,
        legal_representative: String,
        phone: String,
        email: String,
        address: String,
        password: String,
    },
}

/// The profile an account keeps, as `GET /api/v1/me` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub kind: AccountKind,
    /// What the person signs in with: CCCD number, tax code or officer user name.
    pub identifier: String,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// The agency an officer works for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Signed in with the national e-ID, which vouched for the name, ID number and date of birth:
    /// those are the e-ID's and cannot be changed here.
    #[serde(default)]
    pub verified: bool,
}

/// `GET /api/v1/auth/providers`: the ways to sign in besides a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInProviders {
    /// The national e-ID (VNeID), at `GET /api/v1/auth/eid/start?next=`.
    pub eid: bool,
}

/// The signed-in session's clock (`GET /api/v1/me/session`), apart from [`Me`] so the profile the
/// app keeps stays as it is: the app warns before the idle end and offers to go on. Reading it renews
/// the session like any signed-in request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// How long the session lasts unused: 30 minutes for officers, 7 days for others.
    pub idle_seconds: i64,
    /// When it ends if unused from now on (seconds since 1970).
    pub idle_ends_at: i64,
    /// When it ends however busy (seconds since 1970).
    pub ends_at: i64,
    /// The server's clock as it answered: the app counts from its own clock the time left, so the
    /// two need not agree.
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub identifier: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// A Vietnamese phone number, or the same after +84 without its 0: a mobile, 10 digits starting
/// with 0 but not 02 (`0912 345 678`), or a landline, 11 digits starting with 02 — the province's area code
/// (`0208` Thái Nguyên, `024` Hà Nội) and the subscriber's number, as numbered since 2017
/// (`0208 3856 123`, `(024) 3825 1234`).
pub fn valid_phone(s: &str) -> bool {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = match digits.strip_prefix("+84") {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    // 02 begins only landlines: ten digits after it are a landline missing one.
    let mobile = national.len() == 10 && national.starts_with('0') && !national.starts_with("02");
    let landline = national.len() == 11 && national.starts_with("02");
    (mobile || landline) && national.bytes().all(|b| b.is_ascii_digit())
}

/// One `@`, something before it, and a dotted domain after it: the check a form can make; only a
/// message proves an address.
pub fn valid_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// What is wrong with a new password.
pub fn password_code(password: &str) -> Option<Code> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Some(Code::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        })
    } else if n > MAX_PASSWORD_CHARS {
        Some(Code::PasswordTooLong {
            max: MAX_PASSWORD_CHARS,
        })
    } else {
        None
    }
}

fn required(p: &mut Problems, field: Name, value: &str, code: Code) -> bool {
    let empty = value.trim().is_empty();
    if empty {
        p.replace(field, code);
    }
    !empty
}

fn contact(p: &mut Problems, phone: &str, email: &str, address: &str, password: &str) {
    if required(p, Name::Phone, phone, Code::PhoneRequired) && !valid_phone(phone) {
        p.replace(Name::Phone, Code::PhoneFormat);
    }
    if required(p, Name::Email, email, Code::EmailRequired) && !valid_email(email) {
        p.replace(Name::Email, Code::EmailFormat);
    }
    required(p, Name::Address, address, Code::AddressRequired);
    if let Some(code) = password_code(password) {
        p.replace(Name::Password, code);
    }
    for (field, value) in [
        (Name::Phone, phone),
        (Name::Email, email),
        (Name::Address, address),
    ] {
        bounded(p, field, value);
    }
}

/// A profile line over the limit: said above any other finding, which a 10,000-character value
/// would only confuse.
fn bounded(p: &mut Problems, field: Name, value: &str) {
    if value.trim().chars().count() > PROFILE_CHARS {
        p.replace(field, Code::TooLong { max: PROFILE_CHARS });
    }
}

impl RegisterRequest {
    /// Every problem at once, one per field, in the order the form asks.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        match self {
            RegisterRequest::Citizen {
                full_name,
                citizen_id,
                date_of_birth,
                phone,
                email,
                address,
                password,
            } => {
                required(&mut p, Name::FullName, full_name, Code::FullNameRequired);
                bounded(&mut p, Name::FullName, full_name);
                let birth = crate::calendar::Date::parse(date_of_birth.trim());
                match CitizenId::parse(citizen_id) {
                    Err(_) => p.replace(Name::CitizenId, Code::CitizenIdFormat),
                    // Said on the date: the number is the account's and the date the one typed.
                    Ok(id) if birth.is_some_and(|b| !id.matches_birth_year(b.year() as u32)) => p
                        .replace(
                            Name::DateOfBirth,
                            Code::CitizenIdBirthYear {
                                year: id.birth_year(),
                            },
                        ),
                    Ok(_) => {}
                }
                if birth.is_none() {
                    p.replace(Name::DateOfBirth, Code::DateOfBirth);
                }
                contact(&mut p, phone, email, address, password);
            }
            RegisterRequest::Business {
                tax_code,
                company_name,
                legal_representative,
                phone,
                email,
                address,
                password,
            } => {
                if TaxCode::parse(tax_code).is_err() {
                    p.replace(Name::TaxCode, Code::TaxCodeFormat);
                }
                required(
                    &mut p,
                    Name::CompanyName,
                    company_name,
                    Code::CompanyNameRequired,
                );
                required(
                    &mut p,
                    Name::LegalRepresentative,
                    legal_representative,
                    Code::RepresentativeRequired,
                );
                bounded(&mut p, Name::CompanyName, company_name);
                bounded(&mut p, Name::LegalRepresentative, legal_representative);
                contact(&mut p, phone, email, address, password);
            }
        }
        p.into_vec()
    }
}

impl ChangePasswordRequest {
    /// What the app can tell before sending; whether the current password is right only the
    /// server knows ([`Code::CurrentPasswordWrong`]).
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.current_password.is_empty() {
            p.add(Name::CurrentPassword, Code::CurrentPasswordRequired);
        }
        if let Some(code) = password_code(&self.new_password) {
            p.add(Name::NewPassword, code);
        }
        p.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizen() -> RegisterRequest {
        RegisterRequest::Citizen {
            full_name: "Nguyễn Thị Lan".into(),
            citizen_id: "019190001234".into(),
            date_of_birth: "1990-05-27".into(),
            phone: "0912 345 678".into(),
            email: "lan@example.vn".into(),
            address: "Phường Phan Đình Phùng, Thái Nguyên".into(),
            password: "mat khau dai".into(),
        }
    }

    #[test]
    fn citizen_ids() {
        assert!(CitizenId::parse("019190001234").is_ok());
        assert!(CitizenId::parse("01919000123").is_err());
        assert!(CitizenId::parse("0191900012345").is_err());
        assert!(CitizenId::parse("01919000123a").is_err());
        assert!(CitizenId::parse("000190001234").is_err());
        assert!(CitizenId::parse("097190001234").is_err());
        let id = CitizenId::parse("019305001234").unwrap();
        assert_eq!(id.birth_century(), 2000);
        assert!(id.matches_birth_year(2005));
        assert!(!id.matches_birth_year(1905));
        assert_eq!(id.birth_year(), 2005);
    }

    #[test]
    fn a_birth_year_the_number_disagrees_with_is_said_on_the_date() {
        let mut request = citizen();
        if let RegisterRequest::Citizen { date_of_birth, .. } = &mut request {
            *date_of_birth = "1991-05-27".into();
        }
        let problems = request.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, Name::DateOfBirth.into());
        assert_eq!(problems[0].code, Code::CitizenIdBirthYear { year: 1990 });
    }

    #[test]
    fn tax_codes() {
        assert_eq!(TaxCode::parse("0101234567").unwrap().as_str(), "0101234567");
        assert_eq!(
            TaxCode::parse("0101234567-001").unwrap().as_str(),
            "0101234567001"
        );
        assert!(TaxCode::parse("010123456").is_err());
        assert!(TaxCode::parse("01012345678").is_err());
        assert!(TaxCode::parse("0101-234567").is_err());
        assert!(TaxCode::parse("01012345ab").is_err());
    }

    #[test]
    fn phones_and_emails() {
        assert!(valid_phone("0912345678"));
        assert!(valid_phone("+84 912 345 678"));
        assert!(!valid_phone("912345678"));
        assert!(!valid_phone("09123456789"));
        assert!(valid_phone("0208 3856 123"), "a landline in Thái Nguyên");
        assert!(valid_phone("(024) 3825 1234"), "a landline in Hà Nội");
        assert!(valid_phone("+84 208 3856 123"));
        assert!(!valid_phone("0208 3856 12"), "a landline is 11 digits");
        assert!(!valid_phone("0208 3856 1234"));
        assert!(!valid_phone("+84 0208 3856 123"));
        assert!(valid_email("a.b@so-tu-phap.gov.vn"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a b@c.vn"));
        assert!(!valid_email("@c.vn"));
    }

    #[test]
    fn a_good_registration_passes() {
        assert!(citizen().problems().is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = RegisterRequest::Citizen {
            full_name: " ".into(),
            citizen_id: "019190001234".into(),
            date_of_birth: "1991-05-27".into(),
            phone: "12345".into(),
            email: "lan".into(),
            address: "".into(),
            password: "short".into(),
        };
        let mut keys: Vec<String> = bad.problems().iter().map(|p| p.field.to_string()).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "address",
                "date_of_birth",
                "email",
                "full_name",
                "password",
                "phone"
            ]
        );
    }

    #[test]
    fn registration_json_is_tagged_by_kind() {
        let json = serde_json::to_value(citizen()).unwrap();
        assert_eq!(json["kind"], "citizen");
        let back: RegisterRequest = serde_json::from_value(json).unwrap();
        assert_eq!(back, citizen());
    }
}
