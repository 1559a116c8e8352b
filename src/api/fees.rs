//! A dossier's fees: paying online, an officer's decisions, and the fee receipts.

use motcua_api::encode_component;
use motcua_api::payment::{FeeDecisionRequest, FeeReceipt, FeeStatus, PaymentStart};

use super::{get, send, ApiError};

fn dossier_path(code: &str) -> String {
    format!("/dossiers/{}", encode_component(code))
}

/// Starts paying what the dossier owes: the provider's page to send the person to, in their
/// language.
pub async fn pay(code: &str, english: bool) -> Result<PaymentStart, ApiError> {
    let lang = if english { "en" } else { "vi" };
    send(
        "POST",
        &format!("{}/payments?lang={lang}", dossier_path(code)),
        &(),
    )
    .await
}

/// An officer's decision on the declared exemption, or a payment at the desk.
pub async fn decide(code: &str, req: &FeeDecisionRequest) -> Result<FeeStatus, ApiError> {
    send("POST", &format!("{}/fees", dossier_path(code)), req).await
}

/// One fee receipt (biên lai) of a dossier.
pub async fn receipt(code: &str, number: &str) -> Result<FeeReceipt, ApiError> {
    get(&format!(
        "{}/fee-receipts/{}",
        dossier_path(code),
        encode_component(number)
    ))
    .await
}
