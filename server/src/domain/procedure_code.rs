use std::fmt;

/// A procedure's code in the national database: one digit, a dot, six digits (`1.001193`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProcedureCode(String);

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a procedure code such as 1.001193")]
pub struct InvalidProcedureCode(String);

impl ProcedureCode {
    pub fn parse(s: &str) -> Result<Self, InvalidProcedureCode> {
        let b = s.as_bytes();
        let ok = b.len() == 8
            && b[0].is_ascii_digit()
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(InvalidProcedureCode(s.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_national_codes_only() {
        assert_eq!(
            ProcedureCode::parse("1.001193").unwrap().as_str(),
            "1.001193"
        );
        for bad in [
            "",
            "1001193",
            "1.00119",
            "1.0011933",
            "a.001193",
            "1.00119x",
            "1-001193",
        ] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad}");
        }
    }
}
