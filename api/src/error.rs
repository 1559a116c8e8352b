use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every API error has this body: a stable machine `code`, a plain-language `message`, and for input
/// errors the message for each offending field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}
