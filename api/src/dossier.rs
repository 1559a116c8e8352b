//! Uploads, drafts and dossiers: what the app sends while a citizen applies, and the receipt.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::form::{address_problem, AddressAnswer, Answers, FormDefinition, Places};
use crate::problem::{limits, Code, Field, Problem, Problems};
use crate::{Procedure, Text};

/// A stored file, as `POST /api/v1/uploads` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadInfo {
    pub id: String,
    /// The name it had on the citizen's device, kept for display (NFC).
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// How the result reaches the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    /// Collected at the one-stop desk.
    Centre,
    /// Sent by the public postal service.
    Post { address: AddressAnswer },
}

/// An application in progress, saved as it is typed (`PUT /api/v1/drafts/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub procedure: String,
    /// The question page the applicant was on.
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub answers: Answers,
    /// Uploads per required document, by the document's position in the procedure's list.
    #[serde(default)]
    pub documents: BTreeMap<u32, Vec<UploadInfo>>,
    #[serde(default)]
    pub delivery: Option<Delivery>,
    /// Seconds since 1970, set by the server on save.
    #[serde(default)]
    pub updated_at: i64,
}

/// One line of "my drafts".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub step: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftList {
    pub items: Vec<DraftSummary>,
}

/// `POST /api/v1/dossiers`, sent with an `Idempotency-Key` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub procedure: String,
    pub answers: Answers,
    /// Upload ids per required document, by the document's position in the procedure's list.
    pub documents: BTreeMap<u32, Vec<String>>,
    pub delivery: Delivery,
    /// The draft this came from, deleted once the dossier exists.
    #[serde(default)]
    pub draft_id: Option<String>,
}

impl SubmitRequest {
    /// Every problem with the answers, the documents and the delivery at once. Whether each
    /// uploaded file is still there only the server knows ([`Code::FileGone`]); it adds those.
    /// Without `places` (the app could not load them) any chosen place passes here and the server,
    /// which has them, decides.
    pub fn problems(
        &self,
        procedure: &Procedure,
        form: &FormDefinition,
        today: Date,
        places: Option<&Places>,
    ) -> Vec<Problem> {
        let mut p = Problems::new();
        p.extend(form.answer_problems(&self.answers, today, places));
        for (i, doc) in procedure.documents.iter().enumerate() {
            let given = self
                .documents
                .get(&(i as u32))
                .is_some_and(|ids| !ids.is_empty());
            if doc.mandatory && !given {
                p.add(
                    Field::Document(i as u32),
                    Code::DocumentMissing {
                        name: doc.name.clone(),
                    },
                );
            }
        }
        for i in self.documents.keys() {
            if *i as usize >= procedure.documents.len() {
                p.add(Field::Document(*i), Code::UnknownDocument);
            }
        }
        if let Delivery::Post { address } = &self.delivery {
            if !procedure.home_delivery {
                p.add(Field::Delivery, Code::NoHomeDelivery);
            } else if address.street.trim().chars().count() > limits::STREET_CHARS
                || address_problem(address, places, Text::default()).is_some()
            {
                p.add(Field::Delivery, Code::DeliveryAddress);
            }
        }
        p.into_vec()
    }
}

/// A document received with a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceivedDocument {
    pub name: Text,
    pub files: Vec<UploadInfo>,
}

/// The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// `<agency code>-YYMMDD-NNNN`, NNNN the day's sequence number (Circular 01/2018/TT-VPCP, art. 19).
    pub code: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub agency: String,
    pub agency_name: Text,
    /// When the dossier was submitted online, in seconds since 1970: printed as "Ngày nộp" (submitted
    /// on). It is received (tiếp nhận) only when an officer acts `receive`; the name is kept for the
    /// receipts already stored.
    pub received_at: i64,
    /// Counted in working days.
    pub due_date: Date,
    pub processing_days: u32,
    pub documents: Vec<ReceivedDocument>,
    pub delivery: Delivery,
    pub answers: Answers,
    /// What public tracking takes beside the code, printed here and carried by the QR code: random,
    /// unlike the applicant's phone, ID number or tax code, which others may know.
    #[serde(default)]
    pub tracking_pin: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Name;

    fn read<T: serde::de::DeserializeOwned>(path: &str) -> T {
        let path = format!("{}/../catalogue/{path}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn birth_registration() -> (Procedure, FormDefinition, Places) {
        let procedures: Vec<Procedure> = read("procedures/ho-tich.json");
        let procedure = procedures
            .into_iter()
            .find(|p| p.code == "1.001193")
            .unwrap();
        (procedure, read("forms/1.001193.json"), read("places.json"))
    }

    fn today() -> Date {
        Date::new(2026, 6, 1).unwrap()
    }

    #[test]
    fn documents_and_delivery_are_checked_under_their_own_keys() {
        let (procedure, form, places) = birth_registration();
        let request = SubmitRequest {
            procedure: procedure.code.clone(),
            answers: Answers::new(),
            documents: [(1, vec!["u1".to_string()]), (99, vec!["u2".to_string()])].into(),
            delivery: Delivery::Post {
                address: AddressAnswer {
                    province: "19".into(),
                    commune: "99999".into(),
                    street: "12 Hoàng Văn Thụ".into(),
                },
            },
            draft_id: None,
        };
        let problems = request.problems(&procedure, &form, today(), Some(&places));
        let keys: Vec<String> = problems.iter().map(|p| p.field.to_string()).collect();
        for key in ["documents.0", "documents.3", "documents.99", "delivery"] {
            assert!(keys.contains(&key.to_string()), "{key} in {keys:?}");
        }
        assert!(!keys.contains(&"documents.1".to_string()), "{keys:?}");
        assert!(
            !keys.contains(&"documents.2".to_string()),
            "optional: {keys:?}"
        );
        let missing = problems
            .iter()
            .find(|p| p.field == Field::Document(0))
            .unwrap();
        assert_eq!(
            missing.code,
            Code::DocumentMissing {
                name: procedure.documents[0].name.clone()
            }
        );
        assert!(missing
            .message()
            .en
            .starts_with("A required document is missing: "));
        // The form's own answers are checked too, under `section.field`.
        assert!(
            keys.iter().any(|k| k.starts_with("nguoi-yeu-cau.")),
            "{keys:?}"
        );
        assert!(!keys.iter().any(|k| k == &Name::Note.key().to_string()));
    }

    #[test]
    fn without_places_any_chosen_place_passes_and_the_server_decides() {
        let (procedure, form, places) = birth_registration();
        let address = AddressAnswer {
            province: "19".into(),
            commune: "99999".into(),
            street: "12 Hoàng Văn Thụ".into(),
        };
        let request = SubmitRequest {
            procedure: procedure.code.clone(),
            answers: Answers::new(),
            documents: BTreeMap::new(),
            delivery: Delivery::Post { address },
            draft_id: None,
        };
        let delivery = |places| {
            request
                .problems(&procedure, &form, today(), places)
                .into_iter()
                .any(|p| p.field == Field::Delivery)
        };
        assert!(!delivery(None));
        assert!(delivery(Some(&places)));
    }
}
