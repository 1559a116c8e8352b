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
    /// the app says it in the reader's language; `fields` holds the same in Vietnamese. Kept as
    /// JSON until [`ErrorBody::messages`] reads them: the reader of every problem code is large, and
    /// the catalogue's bundle, which shows none, is spared it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<serde_json::Value>,
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

    /// The problems named by code; one this version does not know is left out.
    pub fn read_problems(&self) -> Vec<Problem> {
        self.problems
            .iter()
            .filter_map(|p| serde_json::from_value(p.clone()).ok())
            .collect()
    }

    /// Each problem's key and message in both languages: from `problems`, or, from a server that
    /// named none by code, `fields` as they are.
    pub fn messages(&self) -> Vec<(String, Text)> {
        let problems = self.read_problems();
        if !problems.is_empty() {
            return problems
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
            problems: problems
                .iter()
                .filter_map(|p| serde_json::to_value(p).ok())
                .collect(),
        }
    }
}
