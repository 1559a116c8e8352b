use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::Problem;
use crate::Text;

/// Every API error has this body: a stable machine `code`, a plain-language `message`, and for input
/// errors the message for each offending field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// For `invalid_fields`: each problem by its field's key and a stable code with parameters, so
    /// the app says it in the reader's language; `fields` holds the same in Vietnamese.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            code: code.into(),
            message: message.into(),
            fields: None,
            problems: Vec::new(),
        }
    }

    /// Each problem's key and message in both languages: from `problems`, or, from a server that
    /// named none by code, `fields` as they are.
    pub fn messages(&self) -> Vec<(String, Text)> {
        if !self.problems.is_empty() {
            return self
                .problems
                .iter()
                .map(|p| (p.field.to_string(), p.message()))
                .collect();
        }
        self.fields
            .iter()
            .flatten()
            .map(|(k, m)| (k.clone(), Text::new(m, m)))
            .collect()
    }

    /// The one body of a request that breaks the rules: `message` says what to do next, and every
    /// problem is named, in `fields` in Vietnamese and in `problems` by code.
    pub fn invalid(message: impl Into<String>, problems: Vec<Problem>) -> ErrorBody {
        ErrorBody {
            code: "invalid_fields".into(),
            message: message.into(),
            fields: Some(
                problems
                    .iter()
                    .map(|p| (p.field.to_string(), p.message().vi))
                    .collect(),
            ),
            problems,
        }
    }
}
