//! Uploads, drafts and dossiers: what the app sends while a citizen applies, and the receipt.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::fees::{Bill, FeeClaim};
use crate::form::{address_problem, AddressAnswer, Answers, FormDefinition, Places};
use crate::problem::{limits, Code, Field, Name, Problem, Problems};
use crate::{Agency, Place, Procedure, Provided, Text};

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
    /// An electronic copy in the applicant's account, where the procedure gives one.
    Electronic,
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
    /// The commune whose office handles it, for a procedure done at each commune's own office.
    #[serde(default)]
    pub commune: Option<String>,
    /// The counts the fees are worked out by and the exemption declared.
    #[serde(default)]
    pub fees: FeeClaim,
    /// The project step it is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<crate::project::StepRef>,
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
    /// The project step it is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<DraftProject>,
}

/// The project step a draft is for, as "my drafts" names it: "Step 2 of project Y".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftProject {
    pub id: String,
    pub name: String,
    /// The step's id in the project's journey.
    pub step: String,
    /// The step's place in the journey, from 1.
    pub number: u32,
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
    /// The commune whose office handles it, by its code in the places list: required for a
    /// procedure done at each commune's own office ([`crate::Agency::per_commune`]), refused otherwise.
    #[serde(default)]
    pub commune: Option<String>,
    /// The draft this came from, deleted once the dossier exists.
    #[serde(default)]
    pub draft_id: Option<String>,
    /// The counts the fees are worked out by and the exemption declared; the server works out the
    /// amount itself.
    #[serde(default)]
    pub fees: FeeClaim,
    /// The project step it is filed for, if any: the dossier joins the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<crate::project::StepRef>,
}

impl SubmitRequest {
    /// Every problem with the answers, the documents and the delivery at once. Whether each
    /// uploaded file is still there only the server knows ([`Code::FileGone`]); it adds those.
    /// Without `places` (the app could not load them) any chosen place passes here and the server,
    /// which has them, decides.
    pub fn problems(
        &self,
        procedure: &Procedure,
        agency: &Agency,
        form: &FormDefinition,
        today: Date,
        places: Option<&Places>,
    ) -> Vec<Problem> {
        let mut p = Problems::new();
        match (&agency.per_commune, self.commune.as_deref()) {
            (Some(_), None | Some("")) => p.add(Name::Commune, Code::CommuneRequired),
            (Some(_), Some(commune)) => {
                if places.is_some_and(|places| agency.for_commune(places, commune).is_none()) {
                    p.add(Name::Commune, Code::CommuneRequired);
                }
            }
            (None, Some(_)) => p.add(Name::Commune, Code::NoCommuneHere),
            (None, None) => {}
        }
        p.extend(form.answer_problems(&self.answers, today, places));
        p.extend(self.fees.problems(procedure));
        for (i, doc) in procedure.documents.iter().enumerate() {
            let given = self
                .documents
                .get(&(i as u32))
                .is_some_and(|ids| !ids.is_empty());
            if doc.provided != Provided::Upload {
                // Shown at collection or read from the e-ID: never asked for, never taken here.
                if given {
                    p.add(
                        Field::Document(i as u32),
                        Code::DocumentNotUploaded {
                            name: doc.name.clone(),
                            provided: doc.provided,
                        },
                    );
                }
            } else if doc.mandatory && !given {
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
        if self.delivery == Delivery::Electronic && !procedure.electronic_result {
            p.add(Field::Delivery, Code::NoElectronicResult);
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

/// A required document provided otherwise than by upload ([`crate::RequiredDocument::provided`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvidedDocument {
    pub name: Text,
    pub provided: Provided,
}

impl ProvidedDocument {
    /// Those of `procedure`'s documents that are not uploaded, in its order.
    pub fn of(procedure: &Procedure) -> Vec<ProvidedDocument> {
        procedure
            .documents
            .iter()
            .filter(|d| d.provided != Provided::Upload)
            .map(|d| ProvidedDocument {
                name: d.name.clone(),
                provided: d.provided,
            })
            .collect()
    }
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
    /// When the dossier was submitted online, in seconds since 1970: printed as "Ngày nộp". It is
    /// received (tiếp nhận) only when an officer acts `receive`.
    #[serde(alias = "received_at")]
    pub submitted_at: i64,
    /// Where the result is collected in person: the desk of the workflow's last step.
    #[serde(default)]
    pub collect_at: Place,
    /// Counted in working days.
    pub due_date: Date,
    pub processing_days: u32,
    pub documents: Vec<ReceivedDocument>,
    /// The required documents that are not uploaded, and how each is provided instead, so the
    /// receipt says what to bring when the result is collected.
    #[serde(default)]
    pub provided_otherwise: Vec<ProvidedDocument>,
    pub delivery: Delivery,
    pub answers: Answers,
    /// The fees as worked out at submission; none when the procedure charges nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<Bill>,
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

    /// A procedure of the sample catalogue, from its field's file, and its agency.
    fn procedure(file: &str, code: &str) -> (Procedure, Agency) {
        let procedures: Vec<Procedure> = read(&format!("procedures/{file}.json"));
        let procedure = procedures.into_iter().find(|p| p.code == code).unwrap();
        let agencies: Vec<Agency> = read("agencies.json");
        let agency = agencies
            .into_iter()
            .find(|a| a.id == procedure.agency)
            .unwrap();
        (procedure, agency)
    }

    fn birth_registration() -> (Procedure, Agency, FormDefinition, Places) {
        let (procedure, agency) = procedure("ho-tich", "1.001193");
        (
            procedure,
            agency,
            read("forms/1.001193.json"),
            read("places.json"),
        )
    }

    fn today() -> Date {
        Date::new(2026, 6, 1).unwrap()
    }

    #[test]
    fn documents_and_delivery_are_checked_under_their_own_keys() {
        let (procedure, agency, form, places) = birth_registration();
        let request = SubmitRequest {
            project: None,
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
            commune: Some("01840".into()),
            draft_id: None,
            fees: FeeClaim::default(),
        };
        let problems = request.problems(&procedure, &agency, &form, today(), Some(&places));
        let keys: Vec<String> = problems.iter().map(|p| p.field.to_string()).collect();
        for key in ["documents.0", "documents.99", "delivery"] {
            assert!(keys.contains(&key.to_string()), "{key} in {keys:?}");
        }
        assert!(!keys.contains(&"documents.1".to_string()), "{keys:?}");
        assert!(
            !keys.contains(&"documents.3".to_string()),
            "from the e-ID: {keys:?}"
        );
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

    /// The problems of the driving licence exchange's documents when `documents` are attached: its
    /// current licence (the third) is handed in at collection.
    fn licence_document_problems(documents: BTreeMap<u32, Vec<String>>) -> Vec<Problem> {
        let (procedure, agency) = procedure("duong-bo", "1.012811");
        let form: FormDefinition = read("forms/1.012811.json");
        let places: Places = read("places.json");
        let request = SubmitRequest {
            project: None,
            procedure: procedure.code.clone(),
            answers: Answers::new(),
            documents,
            delivery: Delivery::Centre,
            commune: None,
            draft_id: None,
            fees: FeeClaim::default(),
        };
        request
            .problems(&procedure, &agency, &form, today(), Some(&places))
            .into_iter()
            .filter(|p| matches!(p.field, Field::Document(_)))
            .collect()
    }

    #[test]
    fn a_document_provided_another_way_is_not_asked_for_and_takes_no_upload() {
        assert_eq!(
            licence_document_problems([(0, vec!["u1".to_string()])].into()),
            []
        );
        let problems = licence_document_problems(
            [(0, vec!["u1".to_string()]), (2, vec!["u2".to_string()])].into(),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, Field::Document(2));
        assert!(matches!(
            &problems[0].code,
            Code::DocumentNotUploaded { provided: Provided::AtCollection, name }
                if name.vi.starts_with("Bản chính giấy phép lái xe")
        ));
        assert!(problems[0]
            .message()
            .en
            .ends_with("it is shown when you collect the result."));
        // An empty list is no upload.
        assert_eq!(
            licence_document_problems([(0, vec!["u1".to_string()]), (2, vec![])].into()),
            []
        );
    }

    #[test]
    fn without_places_any_chosen_place_passes_and_the_server_decides() {
        let (procedure, agency, form, places) = birth_registration();
        let address = AddressAnswer {
            province: "19".into(),
            commune: "99999".into(),
            street: "12 Hoàng Văn Thụ".into(),
        };
        let request = SubmitRequest {
            project: None,
            procedure: procedure.code.clone(),
            answers: Answers::new(),
            documents: BTreeMap::new(),
            delivery: Delivery::Post { address },
            commune: Some("99999".into()),
            draft_id: None,
            fees: FeeClaim::default(),
        };
        let marked = |places, field: Field| {
            request
                .problems(&procedure, &agency, &form, today(), places)
                .into_iter()
                .any(|p| p.field == field)
        };
        assert!(!marked(None, Field::Delivery));
        assert!(marked(Some(&places), Field::Delivery));
        assert!(!marked(None, Name::Commune.into()));
        assert!(marked(Some(&places), Name::Commune.into()));
    }

    #[test]
    fn a_commune_procedure_names_a_commune_of_the_province_and_no_other_does() {
        let (procedure, agency, form, places) = birth_registration();
        let commune_problem = |agency: &Agency, commune: Option<&str>| {
            SubmitRequest {
                project: None,
                procedure: procedure.code.clone(),
                answers: Answers::new(),
                documents: BTreeMap::new(),
                delivery: Delivery::Centre,
                commune: commune.map(str::to_string),
                draft_id: None,
                fees: FeeClaim::default(),
            }
            .problems(&procedure, agency, &form, today(), Some(&places))
            .into_iter()
            .find(|p| p.field == Name::Commune.into())
            .map(|p| p.code)
        };
        assert_eq!(commune_problem(&agency, None), Some(Code::CommuneRequired));
        // Phường Ba Đình is in Hà Nội, not in the province.
        assert_eq!(
            commune_problem(&agency, Some("00004")),
            Some(Code::CommuneRequired)
        );
        assert_eq!(commune_problem(&agency, Some("01840")), None);
        let office = agency.for_commune(&places, "01840").unwrap();
        assert_eq!(office.id, "ubnd-xa-01840");
        assert_eq!(office.name.vi, "Ủy ban nhân dân phường Đức Xuân");
        assert_eq!(
            office.place().name.vi,
            "Trung tâm Phục vụ hành chính công phường Đức Xuân"
        );
        assert_eq!(office.code, "001.00.50.H55");
        assert_eq!(
            commune_problem(&office, Some("01840")),
            Some(Code::NoCommuneHere)
        );
        assert_eq!(commune_problem(&office, None), None);
    }
}
