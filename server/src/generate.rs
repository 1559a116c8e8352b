//! Synthetic catalogues for load tests: many procedures that read like the sample's, reusing its fields,
//! agencies and wording, so the index sees a realistic vocabulary at any size.

use crate::seed::Rng;
use anyhow::bail;
use motcua_api::lifecycle::WorkflowData;
use motcua_api::{Procedure, Text};

use crate::catalogue::Catalogue;

const QUALIFIERS: &[(&str, &str)] = &[
    ("", ""),
    ("có yếu tố nước ngoài", "with a foreign element"),
    ("cho tổ chức", "for organisations"),
    ("cho cá nhân", "for individuals"),
    ("trường hợp cấp lại", "re-issue"),
    ("trường hợp điều chỉnh", "amendment"),
    ("trường hợp gia hạn", "extension"),
    (
        "đối với doanh nghiệp nhỏ và vừa",
        "for small and medium enterprises",
    ),
    ("tại khu công nghiệp", "in an industrial park"),
    ("tại khu vực nông thôn", "in rural areas"),
    ("đối với người khuyết tật", "for people with disabilities"),
    ("trên môi trường điện tử", "by electronic means"),
    ("liên thông nhiều cấp", "across several levels"),
    ("đối với hộ gia đình", "for households"),
    (
        "đối với đơn vị sự nghiệp công lập",
        "for public service units",
    ),
];

const PLACES: &[&str] = &[
    "Hòa Bình",
    "An Khánh",
    "Tân Lập",
    "Phú Mỹ",
    "Đông Hưng",
    "Quang Trung",
    "Hải Châu",
    "Yên Thế",
    "Bình Minh",
    "Long Hải",
    "Thạch Bàn",
    "Ngọc Lặc",
    "Đức Phổ",
    "Vĩnh Tường",
    "Cẩm Giàng",
    "Thuận An",
    "Gia Nghĩa",
    "Hưng Yên",
    "Trà Lĩnh",
    "Mường Tè",
];

pub fn synthetic(base: &Catalogue, count: usize) -> anyhow::Result<Catalogue> {
    if base.procedures.is_empty() {
        bail!("the base catalogue has no procedures");
    }
    if count > 9_000_000 {
        bail!("at most 9,000,000 procedures fit the code format");
    }
    let mut rng = Rng(0x6d6f_7463_7561);
    let procedures = (0..count)
        .map(|i| {
            let template = rng.pick(&base.procedures);
            let (q_vi, q_en) = *rng.pick(QUALIFIERS);
            let place = *rng.pick(PLACES);
            let join = |a: &str, b: &str| {
                if b.is_empty() {
                    a.to_string()
                } else {
                    format!("{a} {b}")
                }
            };
            Procedure {
                code: format!("{}.{:06}", 1 + i / 1_000_000, i % 1_000_000),
                name: Text {
                    vi: format!("{} – {place}", join(&template.name.vi, q_vi)),
                    en: format!("{} – {place}", join(&template.name.en, q_en)),
                },
                processing_days: template.processing_days + rng.below(5) as u32,
                ..template.clone()
            }
        })
        .collect();
    Ok(Catalogue {
        levels: base.levels.clone(),
        fields: base.fields.clone(),
        agencies: base.agencies.clone(),
        procedures,
        forms: Vec::new(),
        places: base.places.clone(),
        holidays: base.holidays.clone(),
        // Generated procedures have no forms, and the sample's own workflows name sample codes.
        workflows: base.workflows.as_ref().map(|w| WorkflowData {
            levels: w.levels.clone(),
            procedures: Default::default(),
        }),
        satisfaction: base.satisfaction.clone(),
        feedback: base.feedback.clone(),
        // The same everyday words, so searches of the large catalogue do the work of the real one.
        search_words: base.search_words.clone(),
        // The journeys name the sample's procedures, which a generated catalogue does not have.
        journeys: Vec::new(),
    })
}
