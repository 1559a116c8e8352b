//! The general application: what a procedure offered online asks when it has no form of its own
//! (`catalogue/forms/`), built from its record — who applies, and what they ask for in their own
//! words. Its documents are the procedure's list, one upload question each, as for every form; and
//! for a procedure done only partly online, what is still done in person.

use crate::form::{FieldKind, FormDefinition, FormField, FormSection, Prefill};
use crate::{DocumentKind, OnlineType, Place, Procedure, Provided, Text};

/// The section of the general application that says who applies.
pub const APPLICANT: &str = "nguoi-nop-ho-so";
/// The section of the general application that says what is asked for.
pub const REQUEST: &str = "noi-dung-de-nghi";

/// Which form a procedure is applied for with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Its own form, from `catalogue/forms/`.
    Specific,
    /// The general application ([`general_form`]).
    General,
    /// It is not applied for online.
    #[default]
    None,
}

fn prefilled(mut f: FormField, prefill: Prefill) -> FormField {
    f.prefill = Some(prefill);
    f
}

fn bounded(mut f: FormField, min_length: Option<u32>, max_length: u32) -> FormField {
    f.rules.min_length = min_length;
    f.rules.max_length = Some(max_length);
    f
}

/// The longest answer the request takes: a page of text, not a file's worth.
pub const REQUEST_CHARS: u32 = 2000;

/// The general application of `procedure`: the applicant, filled from the account as the
/// catalogue's forms fill theirs (with the organisation applied for, where organisations may
/// apply), and what is asked for, in the applicant's words, beside the result the procedure gives.
pub fn general_form(procedure: &Procedure) -> FormDefinition {
    let mut birth = prefilled(
        FormField::new(
            "ngay_sinh",
            FieldKind::Date,
            Text::new("Ngày sinh", "Date of birth"),
            true,
        ),
        Prefill::DateOfBirth,
    );
    birth.rules.min_date = Some("1900-01-01".into());
    birth.rules.max_date = Some("today".into());
    let mut id = prefilled(
        FormField::new(
            "so_dinh_danh",
            FieldKind::CitizenId,
            Text::new("Số định danh cá nhân", "Personal identification number"),
            true,
        ),
        Prefill::CitizenId,
    );
    id.help = Some(Text::new(
        "12 chữ số in trên thẻ Căn cước hoặc Căn cước công dân.",
        "The 12 digits printed on the identity card (Căn cước or Căn cước công dân).",
    ));
    id.birth_date = Some(birth.id.clone());
    let mut applicant = vec![
        prefilled(
            bounded(
                FormField::new(
                    "ho_ten",
                    FieldKind::Text,
                    Text::new("Họ, chữ đệm và tên", "Full name"),
                    true,
                ),
                Some(2),
                100,
            ),
            Prefill::FullName,
        ),
        birth,
        id,
        prefilled(
            FormField::new(
                "dien_thoai",
                FieldKind::Phone,
                Text::new("Số điện thoại", "Phone number"),
                true,
            ),
            Prefill::Phone,
        ),
        prefilled(
            bounded(
                FormField::new(
                    "email",
                    FieldKind::Email,
                    Text::new("Email", "Email"),
                    false,
                ),
                None,
                100,
            ),
            Prefill::Email,
        ),
        prefilled(
            FormField::new(
                "dia_chi",
                FieldKind::Address,
                Text::new("Địa chỉ liên hệ", "Contact address"),
                true,
            ),
            Prefill::Address,
        ),
    ];
    let applicants = procedure.applicants.vi.to_lowercase();
    if applicants.contains("tổ chức") || applicants.contains("doanh nghiệp") {
        let mut name = prefilled(
            bounded(
                FormField::new(
                    "ten_to_chuc",
                    FieldKind::Text,
                    Text::new("Tên tổ chức, doanh nghiệp", "Organisation or company name"),
                    false,
                ),
                Some(2),
                200,
            ),
            Prefill::CompanyName,
        );
        name.help = Some(Text::new(
            "Khi bạn nộp thay cho một tổ chức, doanh nghiệp.",
            "When you apply for an organisation or a company.",
        ));
        applicant.push(name);
        applicant.push(prefilled(
            FormField::new(
                "ma_so_thue",
                FieldKind::TaxCode,
                Text::new("Mã số thuế, mã số doanh nghiệp", "Tax or enterprise code"),
                false,
            ),
            Prefill::TaxCode,
        ));
    }
    let result = &procedure.result;
    let mut request = bounded(
        FormField::new(
            "noi_dung",
            FieldKind::LongText,
            Text::new(
                "Bạn đề nghị cơ quan giải quyết việc gì?",
                "What are you asking the agency for?",
            ),
            true,
        ),
        Some(10),
        REQUEST_CHARS,
    );
    request.help = Some(Text {
        vi: format!(
            "Kết quả: {}. Viết ngắn gọn bằng lời của bạn: bạn cần gì, vì sao, và điều cơ quan cần biết về trường hợp của bạn.",
            result.vi.trim_end_matches('.')
        ),
        en: format!(
            "Result: {}. In your own words, say briefly what you need, why, and what the agency should know about your case.",
            result.en.trim_end_matches('.')
        ),
    });
    FormDefinition {
        procedure: procedure.code.clone(),
        sections: vec![
            FormSection {
                id: APPLICANT.into(),
                title: Text::new("Người nộp hồ sơ", "Applicant"),
                description: Some(Text::new(
                    "Đã điền sẵn từ tài khoản của bạn; sửa nếu có gì thay đổi.",
                    "Filled in from your account; change anything that is no longer right.",
                )),
                fields: applicant,
                same_as_applicant: None,
            },
            FormSection {
                id: REQUEST.into(),
                title: Text::new("Nội dung đề nghị", "What you are asking for"),
                description: None,
                fields: vec![request],
                same_as_applicant: None,
            },
        ],
    }
}

/// What a document's kind and copies mean for an online application: what to upload, and what the
/// paper asks that a file does not.
pub fn document_note(kind: DocumentKind, copies: u32) -> Text {
    let (vi, en) = match kind {
        DocumentKind::Original => ("Chụp hoặc quét bản chính.", "A photo or scan of the original."),
        DocumentKind::Copy => (
            "Chụp hoặc quét bản sao; không cần chứng thực.",
            "A photo or scan of a copy; it need not be certified.",
        ),
        DocumentKind::CertifiedCopy => (
            "Bản sao có chứng thực: tải lên bản chứng thực điện tử, hoặc ảnh chụp bản sao đã chứng thực.",
            "Certified copy: upload the electronically certified copy, or a photo of the certified copy.",
        ),
        DocumentKind::OriginalOrCertifiedCopy => (
            "Chụp hoặc quét bản chính, hoặc tải lên bản sao có chứng thực.",
            "A photo or scan of the original, or a certified copy.",
        ),
        DocumentKind::Presented => (
            "Tải lên ảnh chụp; bản chính mang theo để đối chiếu khi nhận kết quả.",
            "Upload a photo; bring the original to be compared when you collect the result.",
        ),
    };
    if copies > 1 {
        Text {
            vi: format!("{vi} Hồ sơ giấy cần {copies} bản; nộp trực tuyến chỉ tải lên một lần."),
            en: format!("{en} On paper {copies} copies are needed; online, upload it once."),
        }
    } else {
        Text::new(vi, en)
    }
}

/// For a procedure done only partly online, what the applicant must still do in person, and when,
/// as its record says: originals to show when the result is collected, an inspection its steps
/// name, and the collection itself at `collect_at` where the result is not sent. Nothing for the
/// others.
pub fn in_person(p: &Procedure, collect_at: Option<&Place>) -> Vec<Text> {
    if p.online != OnlineType::Partial {
        return Vec::new();
    }
    let mut out = Vec::new();
    let shown: Vec<&Text> = p
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Presented || d.provided == Provided::AtCollection)
        .map(|d| &d.name)
        .collect();
    let names =
        |pick: fn(&Text) -> &str| shown.iter().map(|t| pick(t)).collect::<Vec<_>>().join("; ");
    out.push(if shown.is_empty() {
            Text::new(
                "Khi nhận kết quả: mang bản chính các giấy tờ đã tải lên để cán bộ đối chiếu.",
                "When you collect the result: bring the originals of the documents you uploaded, to be compared.",
            )
        } else {
            Text {
                vi: format!(
                    "Khi nhận kết quả: mang bản chính để cán bộ đối chiếu — {}.",
                    names(|t| &t.vi)
                ),
                en: format!(
                    "When you collect the result: bring the originals to be compared — {}.",
                    names(|t| &t.en)
                ),
            }
        });
    let visit = ["thực tế", "thực địa", "trực tiếp"];
    if p.steps
        .iter()
        .skip(1)
        .any(|s| visit.iter().any(|w| s.vi.contains(w)))
    {
        out.push(Text::new(
                "Trong khi giải quyết: cơ quan có thể kiểm tra thực tế hoặc gặp trực tiếp bạn; họ báo trước thời gian.",
                "While it is handled: the agency may inspect on site or see you in person; it tells you when beforehand.",
            ));
    }
    if !p.home_delivery && !p.electronic_result {
        out.push(match collect_at {
                Some(place) => Text {
                    vi: format!(
                        "Nhận kết quả trực tiếp tại {}, từ ngày hẹn trả ghi trên giấy biên nhận.",
                        place.name.vi
                    ),
                    en: format!(
                        "Collect the result in person at the {}, from the date on your receipt.",
                        place.name.en
                    ),
                },
                None => Text::new(
                    "Nhận kết quả trực tiếp tại nơi nộp hồ sơ, từ ngày hẹn trả ghi trên giấy biên nhận.",
                    "Collect the result in person where you applied, from the date on your receipt.",
                ),
            });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountKind, Me};
    use crate::calendar::Date;
    use crate::form::{Answer, Places};

    fn catalogue() -> Vec<Procedure> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue/procedures");
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            all.extend(serde_json::from_str::<Vec<Procedure>>(&text).unwrap());
        }
        all
    }

    fn places() -> Places {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue/places.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn me() -> Me {
        Me {
            id: 1,
            kind: AccountKind::Citizen,
            identifier: "019190001234".into(),
            full_name: "Nguyễn Thị Lan".into(),
            date_of_birth: Some("1990-05-27".into()),
            company_name: None,
            legal_representative: None,
            phone: "0912345678".into(),
            email: "lan@example.vn".into(),
            address: "12 Hoàng Văn Thụ, Phường Phan Đình Phùng, Thái Nguyên".into(),
            agency: None,
            verified: false,
        }
    }

    #[test]
    fn every_procedure_has_a_sound_general_form_the_account_fills() {
        let places = places();
        let today = Date::new(2026, 12, 2).unwrap();
        for p in catalogue() {
            let form = general_form(&p);
            assert_eq!(form.problems(), Vec::<String>::new(), "{}", p.code);
            let mut answers = form.prefilled(&me(), Some(&places));
            // Only what the person asks for is left to write.
            let left: Vec<String> = form
                .answer_problems(&answers, today, Some(&places))
                .into_iter()
                .map(|p| p.field.to_string())
                .collect();
            assert_eq!(left, [format!("{REQUEST}.noi_dung")], "{}", p.code);
            answers.entry(REQUEST.into()).or_default().insert(
                "noi_dung".into(),
                Answer::Text("Đề nghị cấp lại vì bản cũ bị mất.".into()),
            );
            assert!(form
                .answer_problems(&answers, today, Some(&places))
                .is_empty());
            let help = &form.sections[1].fields[0].help.as_ref().unwrap().vi;
            assert!(help.contains(&p.result.vi), "{help}");
        }
    }

    #[test]
    fn organisations_are_asked_for_where_they_may_apply() {
        let all = catalogue();
        let business = all
            .iter()
            .find(|p| p.applicants.vi.contains("doanh nghiệp"))
            .unwrap();
        let form = general_form(business);
        let ids: Vec<&str> = form.sections[0]
            .fields
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert!(ids.contains(&"ma_so_thue"), "{ids:?}");
        let mut company = me();
        company.kind = AccountKind::Business;
        company.identifier = "0101234567".into();
        let filled = form.prefilled(&company, None);
        assert_eq!(
            filled[APPLICANT]["ma_so_thue"],
            Answer::Text("0101234567".into())
        );
    }

    #[test]
    fn copies_and_originals_to_show_are_explained() {
        let note = document_note(DocumentKind::Copy, 2);
        assert!(note.vi.contains("cần 2 bản"), "{}", note.vi);
        assert!(note.en.contains("2 copies"), "{}", note.en);
        let note = document_note(DocumentKind::Presented, 1);
        assert!(note
            .vi
            .contains("bản chính mang theo để đối chiếu khi nhận kết quả"));
        assert!(!note.vi.contains("bản;"));
    }

    #[test]
    fn partly_online_procedures_say_what_is_done_in_person() {
        let desk = Place {
            name: Text::new("Bộ phận Một cửa", "one-stop desk"),
            address: String::new(),
        };
        for p in catalogue() {
            let said = in_person(&p, Some(&desk));
            assert_eq!(
                said.is_empty(),
                p.online != OnlineType::Partial,
                "{}",
                p.code
            );
            if p.online == OnlineType::Partial && !p.home_delivery && !p.electronic_result {
                assert!(said
                    .iter()
                    .any(|t| t.vi.contains("Nhận kết quả trực tiếp tại Bộ phận Một cửa")));
            }
            if let Some(shown) = p
                .documents
                .iter()
                .find(|d| d.kind == DocumentKind::Presented)
                .filter(|_| p.online == OnlineType::Partial)
            {
                assert!(said[0].vi.contains(&shown.name.vi), "{}", said[0].vi);
            }
        }
    }
}
