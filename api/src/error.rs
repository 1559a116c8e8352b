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
    /// For `invalid_fields`: each problem by its field's key, a stable code with parameters for
    /// clients that act on it, and its message in both languages, which the app shows in the
    /// reader's; `fields` holds the same in Vietnamese. Kept as JSON: [`ErrorBody::messages`] reads
    /// only the key and the message, so no bundle carries the reader of every problem code.
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
        let said: Vec<(String, Text)> = self
            .problems
            .iter()
            .filter_map(|p| Said::deserialize(p).ok())
            .map(|s| (s.field, s.message))
            .collect();
        if !said.is_empty() {
            return said;
        }
        self.fields
            .iter()
            .flatten()
            .map(|(k, m)| (k.clone(), Text::new(m, m)))
            .collect()
    }

    /// The one body of a request that breaks the rules: `message` says what to do next, and every
    /// problem is named, in `fields` in Vietnamese and in `problems` by code, with its message in
    /// both languages.
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
                .filter_map(|p| {
                    let mut said = serde_json::to_value(p).ok()?;
                    said["message"] = serde_json::to_value(p.message()).ok()?;
                    Some(said)
                })
                .collect(),
        }
    }
}

/// What the app reads of a problem: its field and what it says, in both languages. Reading the
/// code with its parameters would take the reader of every problem code, the largest single piece of
/// a bundle, to say what the server has already said.
#[derive(Deserialize)]
struct Said {
    field: String,
    message: Text,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Code, Name};

    #[test]
    fn the_app_reads_each_problem_as_the_server_says_it_in_both_languages() {
        let problems = vec![
            Problem::new(Name::Code, Code::TrackingCodeRequired),
            Problem::new(Name::Check, Code::TrackingCheckRequired),
        ];
        let sent: ErrorBody = serde_json::from_str(
            &serde_json::to_string(&ErrorBody::invalid("Sửa", problems.clone())).unwrap(),
        )
        .unwrap();
        let expected: Vec<(String, Text)> = problems
            .iter()
            .map(|p| (p.field.to_string(), p.message()))
            .collect();
        assert_eq!(sent.messages(), expected);
        // Clients that act on a code still read it.
        assert_eq!(sent.read_problems(), problems);
    }
}
