//! Fees as rules: how much each fee of a procedure comes to for what the applicant declares (how
//! many copies or pages, the value a fee goes by, an exemption), so the amount is known before
//! submitting and printed on the receipt. Every amount is a whole number of đồng, worked out with
//! saturating integer arithmetic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::{limits, Code, Field, Name, Problem, Problems};
use crate::{Fee, Procedure, Text};

/// What a fee's amount goes by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "per", rename_all = "snake_case")]
pub enum Charge {
    /// `amount_vnd` once for the dossier.
    #[default]
    Dossier,
    /// `amount_vnd` for each unit the applicant asks for: a copy, a certificate, a business
    /// location. `unit` names what is counted as it reads after “số” / “number of”.
    Unit { unit: Text },
    /// `amount_vnd` a page for the first `first_pages` pages, then `then_vnd` a page, and no more
    /// than `max_vnd` for the copy.
    Page {
        first_pages: u32,
        then_vnd: u64,
        max_vnd: Option<u64>,
    },
    /// By a value the applicant declares (`of` names it: a hotel's stars, rooms, investment
    /// capital in đồng): the first band whose `up_to` is at least the value applies; the last band
    /// has none.
    Value { of: Text, bands: Vec<Band> },
}

/// One band of a fee that goes by a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// The largest value in the band; none for the last, open band.
    pub up_to: Option<u64>,
    pub amount_vnd: u64,
}

/// What the applicant counts for a fee that is not charged once per dossier, and the bounds the
/// count is held to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The count's label, as a form asks for it: “Số trang”, “Hạng sao”.
    pub what: Text,
    pub min: u64,
    pub max: u64,
}

impl Charge {
    /// What the applicant counts for this fee; none for a fee charged once per dossier.
    pub fn counted(&self) -> Option<Counted> {
        let (what, min, max) = match self {
            Charge::Dossier => return None,
            Charge::Unit { unit } => (
                Text {
                    vi: format!("Số {}", unit.vi),
                    en: format!("Number of {}", unit.en),
                },
                1,
                limits::FEE_UNITS,
            ),
            Charge::Page { .. } => (
                Text::new("Số trang", "Number of pages"),
                1,
                limits::FEE_PAGES,
            ),
            Charge::Value { of, .. } => (of.clone(), 0, limits::FEE_VALUE),
        };
        Some(Counted { what, min, max })
    }
}

/// When the fee is paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeDue {
    /// With the dossier, before it is handled.
    #[default]
    Submission,
    /// When the result is ready, before it is handed over (as a permit's fee is collected on issue).
    Result,
}

/// Who may be let off a fee: the categories of the Law on Fees and Charges (97/2015/QH13, Art. 10)
/// and of the civil status and residence fee rules. The applicant declares one; the officer checks
/// its [`Exemption::proof`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exemption {
    /// Người có công với cách mạng and their families.
    Merit,
    /// A member of a poor household (hộ nghèo).
    PoorHousehold,
    /// A child under 16 (Law on Children).
    Child,
    /// An elderly person, 60 or over (Law on the Elderly).
    Elderly,
    Disabled,
    /// Đồng bào dân tộc thiểu số in a commune with especially difficult socio-economic conditions.
    EthnicMinority,
}

impl Exemption {
    pub const ALL: [Exemption; 6] = [
        Exemption::Merit,
        Exemption::PoorHousehold,
        Exemption::Child,
        Exemption::Elderly,
        Exemption::Disabled,
        Exemption::EthnicMinority,
    ];

    /// Who it is for.
    pub fn label(&self) -> Text {
        let (vi, en) = match self {
            Exemption::Merit => (
                "Người có công với cách mạng hoặc thân nhân",
                "A person with meritorious services to the revolution, or their family",
            ),
            Exemption::PoorHousehold => ("Người thuộc hộ nghèo", "A member of a poor household"),
            Exemption::Child => ("Trẻ em dưới 16 tuổi", "A child under 16"),
            Exemption::Elderly => (
                "Người cao tuổi (từ đủ 60 tuổi)",
                "An elderly person (60 or over)",
            ),
            Exemption::Disabled => ("Người khuyết tật", "A person with a disability"),
            Exemption::EthnicMinority => (
                "Đồng bào dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn",
                "An ethnic minority resident of an especially disadvantaged commune",
            ),
        };
        Text::new(vi, en)
    }

    /// What the officer checks before letting the applicant off.
    pub fn proof(&self) -> Text {
        let (vi, en) = match self {
            Exemption::Merit => (
                "Giấy chứng nhận người có công với cách mạng, hoặc giấy tờ chứng minh là thân nhân",
                "The certificate of meritorious services, or proof of being a family member",
            ),
            Exemption::PoorHousehold => (
                "Sổ hoặc giấy chứng nhận hộ nghèo do Ủy ban nhân dân cấp xã cấp",
                "The poor household book or certificate from the commune People's Committee",
            ),
            Exemption::Child => (
                "Giấy khai sinh hoặc số định danh cá nhân của trẻ",
                "The child's birth certificate or personal ID number",
            ),
            Exemption::Elderly => (
                "Căn cước hoặc giấy tờ tùy thân ghi ngày sinh",
                "An ID card or other identity paper showing the date of birth",
            ),
            Exemption::Disabled => ("Giấy xác nhận khuyết tật", "The disability certificate"),
            Exemption::EthnicMinority => (
                "Căn cước ghi dân tộc và nơi thường trú tại xã có điều kiện kinh tế - xã hội đặc biệt khó khăn",
                "An ID card showing the ethnic group and permanent residence in such a commune",
            ),
        };
        Text::new(vi, en)
    }
}

impl Fee {
    /// The fee for a count (copies, pages or the declared value; ignored for a fee once per
    /// dossier), at the online rate where there is one. Without a count, the least one can ask
    /// for: one unit, one page, the first band.
    pub fn amount_for(&self, count: Option<u64>) -> u64 {
        let rate = self.online_vnd.unwrap_or(self.amount_vnd);
        match &self.charge {
            Charge::Dossier => rate,
            Charge::Unit { .. } => rate.saturating_mul(count.unwrap_or(1)),
            Charge::Page {
                first_pages,
                then_vnd,
                max_vnd,
            } => {
                let pages = count.unwrap_or(1);
                let first = pages.min(u64::from(*first_pages));
                let sum = rate
                    .saturating_mul(first)
                    .saturating_add(then_vnd.saturating_mul(pages - first));
                max_vnd.map_or(sum, |max| sum.min(max))
            }
            // An online rate stands in place of the band's amount.
            Charge::Value { bands, .. } => self.online_vnd.unwrap_or_else(|| {
                let value = count.unwrap_or(0);
                bands
                    .iter()
                    .find(|b| b.up_to.is_none_or(|up_to| up_to >= value))
                    .map_or(self.amount_vnd, |b| b.amount_vnd)
            }),
        }
    }
}

impl Procedure {
    /// The exemptions some fee of the procedure lets people off, in [`Exemption::ALL`]'s order:
    /// the ones an applicant may declare.
    pub fn exemptions_offered(&self) -> Vec<Exemption> {
        Exemption::ALL
            .into_iter()
            .filter(|e| self.fees.iter().any(|f| f.exemptions.contains(e)))
            .collect()
    }
}

/// What the applicant declares for the fees: the count of each fee charged per unit, page or
/// value, by the fee's position in the procedure's `fees`, and the exemption they claim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeeClaim {
    #[serde(default)]
    pub counts: BTreeMap<u32, u64>,
    #[serde(default)]
    pub exemption: Option<Exemption>,
}

impl FeeClaim {
    /// A count for each fee that needs one, within its bounds, and none for the others; an
    /// exemption only if some fee of the procedure offers it.
    pub fn problems(&self, procedure: &Procedure) -> Vec<Problem> {
        let mut p = Problems::new();
        for (i, fee) in procedure.fees.iter().enumerate() {
            let field = Field::Fee(i as u32);
            let given = self.counts.get(&(i as u32));
            match (fee.charge.counted(), given) {
                (Some(c), None) => p.add(
                    field,
                    Code::FeeCountRequired {
                        name: fee.name.clone(),
                        what: c.what,
                    },
                ),
                (Some(c), Some(n)) if !(c.min..=c.max).contains(n) => p.add(
                    field,
                    Code::FeeCountRange {
                        name: fee.name.clone(),
                        what: c.what,
                        min: c.min,
                        max: c.max,
                    },
                ),
                (None, Some(_)) => p.add(field, Code::FeeNotCounted),
                _ => {}
            }
        }
        for i in self.counts.keys() {
            if *i as usize >= procedure.fees.len() {
                p.add(Field::Fee(*i), Code::FeeNotCounted);
            }
        }
        if let Some(e) = self.exemption {
            if !procedure.exemptions_offered().contains(&e) {
                p.add(Name::Exemption, Code::ExemptionNotOffered);
            }
        }
        p.into_vec()
    }
}

/// What the fees of a dossier come to, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub lines: Vec<BillLine>,
    pub total_vnd: u64,
    /// The exemption claimed, when some fee of the procedure offers it.
    pub exemption: Option<Exemption>,
}

/// One fee on a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLine {
    /// The fee's position in the procedure's `fees`.
    pub fee: u32,
    pub name: Text,
    /// The copies, pages or value declared; none for a fee once per dossier, or not declared yet.
    pub count: Option<u64>,
    pub amount_vnd: u64,
    /// Let off by the exemption claimed: the amount is 0 while the officer checks the proof.
    pub exempt: bool,
}

/// What the procedure's fees come to for what the applicant declares, at the online rate where
/// there is one (every dossier here is filed online). A claimed exemption zeroes only the fees that
/// offer it.
pub fn bill(procedure: &Procedure, claim: &FeeClaim) -> Bill {
    let exemption = claim
        .exemption
        .filter(|e| procedure.exemptions_offered().contains(e));
    let lines: Vec<BillLine> = procedure
        .fees
        .iter()
        .enumerate()
        .map(|(i, fee)| {
            let fee_index = i as u32;
            let count = fee
                .charge
                .counted()
                .and(claim.counts.get(&fee_index).copied());
            let exempt = exemption.is_some_and(|e| fee.exemptions.contains(&e));
            BillLine {
                fee: fee_index,
                name: fee.name.clone(),
                count,
                amount_vnd: if exempt { 0 } else { fee.amount_for(count) },
                exempt,
            }
        })
        .collect();
    let total_vnd = lines
        .iter()
        .fold(0u64, |sum, l| sum.saturating_add(l.amount_vnd));
    Bill {
        lines,
        total_vnd,
        exemption,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(amount_vnd: u64, charge: Charge) -> Fee {
        Fee {
            name: Text::new("Phí", "Fee"),
            amount_vnd,
            note: None,
            charge,
            online_vnd: None,
            exemptions: Vec::new(),
        }
    }

    fn procedure(fees: Vec<Fee>) -> Procedure {
        let mut p: Procedure = serde_json::from_value(serde_json::json!({
            "code": "1.000001", "name": {"vi": "Thủ tục", "en": "Procedure"}, "field": "f",
            "agency": "a", "level": "xa", "online": "toan-trinh", "processing_days": 1,
            "processing_note": null, "applicants": {"vi": "", "en": ""}, "conditions": null,
            "fees": [], "documents": [], "steps": [], "channels": ["online"],
            "result": {"vi": "", "en": ""}, "home_delivery": false, "legal_basis": []
        }))
        .unwrap();
        p.fees = fees;
        p
    }

    fn claim(counts: &[(u32, u64)], exemption: Option<Exemption>) -> FeeClaim {
        FeeClaim {
            counts: counts.iter().copied().collect(),
            exemption,
        }
    }

    fn copies() -> Charge {
        Charge::Page {
            first_pages: 2,
            then_vnd: 1_000,
            max_vnd: Some(200_000),
        }
    }

    fn stars() -> Charge {
        Charge::Value {
            of: Text::new("Hạng sao", "Star rating"),
            bands: vec![
                Band {
                    up_to: Some(2),
                    amount_vnd: 1_500_000,
                },
                Band {
                    up_to: None,
                    amount_vnd: 2_000_000,
                },
            ],
        }
    }

    #[test]
    fn pages_cost_the_first_rate_then_the_lower_one_up_to_the_cap() {
        let f = fee(2_000, copies());
        assert_eq!(f.amount_for(Some(1)), 2_000);
        assert_eq!(f.amount_for(Some(2)), 4_000);
        assert_eq!(f.amount_for(Some(3)), 5_000);
        assert_eq!(f.amount_for(Some(10)), 12_000);
        // 4,000 + 196 × 1,000 reaches the cap exactly; more pages cost no more.
        assert_eq!(f.amount_for(Some(198)), 200_000);
        assert_eq!(f.amount_for(Some(2_000)), 200_000);
        assert_eq!(f.amount_for(None), 2_000);
        let uncapped = fee(
            2_000,
            Charge::Page {
                first_pages: 2,
                then_vnd: 1_000,
                max_vnd: None,
            },
        );
        assert_eq!(uncapped.amount_for(Some(2_000)), 2_002_000);
    }

    #[test]
    fn a_value_falls_in_the_first_band_that_reaches_it() {
        let f = fee(1_500_000, stars());
        assert_eq!(f.amount_for(Some(1)), 1_500_000);
        assert_eq!(f.amount_for(Some(2)), 1_500_000);
        assert_eq!(f.amount_for(Some(3)), 2_000_000);
        assert_eq!(f.amount_for(Some(u64::MAX)), 2_000_000);
        assert_eq!(f.amount_for(None), 1_500_000);
    }

    #[test]
    fn units_multiply_and_never_overflow() {
        let unit = Charge::Unit {
            unit: Text::new("bản sao", "copies"),
        };
        assert_eq!(fee(8_000, unit.clone()).amount_for(Some(3)), 24_000);
        assert_eq!(fee(u64::MAX, unit).amount_for(Some(2)), u64::MAX);
        assert_eq!(fee(50_000, Charge::Dossier).amount_for(Some(9)), 50_000);
        let p = procedure(vec![
            fee(u64::MAX, Charge::Dossier),
            fee(1, Charge::Dossier),
        ]);
        assert_eq!(bill(&p, &FeeClaim::default()).total_vnd, u64::MAX);
    }

    #[test]
    fn the_online_rate_is_charged_where_there_is_one() {
        let mut residence = fee(15_000, Charge::Dossier);
        residence.online_vnd = Some(7_000);
        let mut registration = fee(50_000, Charge::Dossier);
        registration.online_vnd = Some(0);
        let publication = fee(100_000, Charge::Dossier);
        let p = procedure(vec![residence, registration, publication]);
        let b = bill(&p, &FeeClaim::default());
        let amounts: Vec<u64> = b.lines.iter().map(|l| l.amount_vnd).collect();
        assert_eq!(amounts, [7_000, 0, 100_000]);
        assert_eq!(b.total_vnd, 107_000);
        assert!(b.lines.iter().all(|l| !l.exempt && l.count.is_none()));

        let mut pages = fee(2_000, copies());
        pages.online_vnd = Some(1_500);
        assert_eq!(pages.amount_for(Some(3)), 4_000);
        let mut banded = fee(1_500_000, stars());
        banded.online_vnd = Some(0);
        assert_eq!(banded.amount_for(Some(3)), 0);
    }

    #[test]
    fn an_exemption_lets_off_only_the_fees_that_list_it() {
        let mut civil = fee(15_000, Charge::Dossier);
        civil.exemptions = vec![Exemption::Merit, Exemption::PoorHousehold];
        let copy = fee(
            8_000,
            Charge::Unit {
                unit: Text::new("bản sao", "copies"),
            },
        );
        let p = procedure(vec![civil, copy]);
        assert_eq!(
            p.exemptions_offered(),
            [Exemption::Merit, Exemption::PoorHousehold]
        );

        let b = bill(&p, &claim(&[(1, 2)], Some(Exemption::PoorHousehold)));
        assert_eq!(b.exemption, Some(Exemption::PoorHousehold));
        assert_eq!(
            b.lines,
            vec![
                BillLine {
                    fee: 0,
                    name: Text::new("Phí", "Fee"),
                    count: None,
                    amount_vnd: 0,
                    exempt: true,
                },
                BillLine {
                    fee: 1,
                    name: Text::new("Phí", "Fee"),
                    count: Some(2),
                    amount_vnd: 16_000,
                    exempt: false,
                },
            ]
        );
        assert_eq!(b.total_vnd, 16_000);

        // One the procedure does not offer takes nothing off.
        let b = bill(&p, &claim(&[(1, 2)], Some(Exemption::Child)));
        assert_eq!(b.exemption, None);
        assert_eq!(b.total_vnd, 31_000);
        assert!(b.lines.iter().all(|l| !l.exempt));
    }

    #[test]
    fn counted_fees_need_a_count_within_bounds_and_others_none() {
        let mut civil = fee(15_000, Charge::Dossier);
        civil.exemptions = vec![Exemption::Disabled];
        let p = procedure(vec![
            fee(2_000, copies()),
            fee(
                8_000,
                Charge::Unit {
                    unit: Text::new("bản sao", "copies"),
                },
            ),
            fee(1_500_000, stars()),
            civil,
        ]);
        let codes = |c: &FeeClaim| -> Vec<(String, String)> {
            c.problems(&p)
                .into_iter()
                .map(|p| {
                    let code = serde_json::to_value(&p.code).unwrap()["code"]
                        .as_str()
                        .unwrap()
                        .to_string();
                    (p.field.to_string(), code)
                })
                .collect()
        };
        assert_eq!(
            codes(&FeeClaim::default()),
            [
                ("fees.0".into(), "fee_count_required".into()),
                ("fees.1".into(), "fee_count_required".into()),
                ("fees.2".into(), "fee_count_required".into()),
            ]
        );
        assert!(codes(&claim(&[(0, 1), (1, 1), (2, 0)], Some(Exemption::Disabled))).is_empty());
        assert!(codes(&claim(
            &[(0, 2_000), (1, 100), (2, 1_000_000_000_000_000)],
            None
        ))
        .is_empty());
        assert_eq!(
            codes(&claim(
                &[(0, 0), (1, 101), (2, 1_000_000_000_000_001), (3, 1), (7, 1)],
                Some(Exemption::Child)
            )),
            [
                ("fees.0".into(), "fee_count_range".into()),
                ("fees.1".into(), "fee_count_range".into()),
                ("fees.2".into(), "fee_count_range".into()),
                ("fees.3".into(), "fee_not_counted".into()),
                ("fees.7".into(), "fee_not_counted".into()),
                ("exemption".into(), "exemption_not_offered".into()),
            ]
        );
        let range = claim(&[(0, 2_001), (1, 1), (2, 1)], None).problems(&p);
        assert_eq!(
            range[0].code,
            Code::FeeCountRange {
                name: Text::new("Phí", "Fee"),
                what: Text::new("Số trang", "Number of pages"),
                min: 1,
                max: limits::FEE_PAGES,
            }
        );
        assert_eq!(
            range[0].message().en,
            "“Number of pages” must be from 1 to 2000."
        );
    }

    #[test]
    fn the_rules_travel_as_tagged_json_and_default_to_once_per_dossier() {
        let f: Fee = serde_json::from_value(serde_json::json!({
            "name": {"vi": "Lệ phí", "en": "Fee"}, "amount_vnd": 15000, "note": null
        }))
        .unwrap();
        assert_eq!(f.charge, Charge::Dossier);
        assert_eq!(f.online_vnd, None);
        assert!(f.exemptions.is_empty());
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["charge"], serde_json::json!({"per": "dossier"}));
        assert!(json.get("online_vnd").is_none() && json.get("exemptions").is_none());

        assert_eq!(
            serde_json::to_value(copies()).unwrap(),
            serde_json::json!({"per": "page", "first_pages": 2, "then_vnd": 1000, "max_vnd": 200000})
        );
        let stars_json = serde_json::json!({"per": "value", "of": {"vi": "Hạng sao", "en": "Star rating"},
            "bands": [{"up_to": 2, "amount_vnd": 1500000}, {"up_to": null, "amount_vnd": 2000000}]});
        assert_eq!(
            serde_json::from_value::<Charge>(stars_json).unwrap(),
            stars()
        );
        assert_eq!(
            serde_json::to_value(Exemption::PoorHousehold).unwrap(),
            "poor_household"
        );
        let c: FeeClaim =
            serde_json::from_value(serde_json::json!({"counts": {"0": 3}, "exemption": "merit"}))
                .unwrap();
        assert_eq!(c, claim(&[(0, 3)], Some(Exemption::Merit)));
        assert_eq!(
            serde_json::from_value::<FeeClaim>(serde_json::json!({})).unwrap(),
            FeeClaim::default()
        );
        assert_eq!(procedure(Vec::new()).fee_due, FeeDue::Submission);
    }

    #[test]
    fn every_exemption_says_who_and_what_is_checked() {
        for e in Exemption::ALL {
            for t in [e.label(), e.proof()] {
                assert!(!t.vi.is_empty() && !t.en.is_empty(), "{e:?}");
            }
        }
    }

    /// The words a fee's note uses for an exemption it grants.
    fn said(e: Exemption) -> &'static str {
        match e {
            Exemption::Merit => "có công",
            Exemption::PoorHousehold => "hộ nghèo",
            Exemption::Child => "trẻ em",
            Exemption::Elderly => "cao tuổi",
            Exemption::Disabled => "khuyết tật",
            Exemption::EthnicMinority => "đặc biệt khó khăn",
        }
    }

    #[test]
    fn the_catalogue_fees_are_well_formed_rules_that_agree_with_their_notes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue/procedures");
        let (mut fees, mut ruled) = (0, 0);
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let procedures: Vec<Procedure> = serde_json::from_str(&text).unwrap();
            for (p, f) in procedures
                .iter()
                .flat_map(|p| p.fees.iter().map(move |f| (p, f)))
            {
                fees += 1;
                let at = format!("{} {}", p.code, f.name.vi);
                let note = f.note.as_ref().map_or("", |n| n.vi.as_str());
                match &f.charge {
                    Charge::Dossier => {}
                    Charge::Unit { unit } => assert!(!unit.vi.is_empty(), "{at}"),
                    Charge::Page { first_pages, .. } => {
                        assert!(*first_pages > 0 && note.contains("đồng/trang"), "{at}")
                    }
                    Charge::Value { bands, .. } => {
                        let (last, rest) = bands.split_last().expect(&at);
                        assert_eq!(last.up_to, None, "{at}");
                        let tops: Vec<u64> = rest.iter().map(|b| b.up_to.expect(&at)).collect();
                        assert!(tops.windows(2).all(|w| w[0] < w[1]), "{at}");
                        assert!(bands.iter().any(|b| b.amount_vnd == f.amount_vnd), "{at}");
                    }
                }
                for e in &f.exemptions {
                    assert!(note.contains(said(*e)), "{at}: {e:?}");
                }
                if note.contains("qua mạng") {
                    assert_eq!(f.online_vnd, Some(0), "{at}");
                }
                if let Some(online) = f.online_vnd {
                    assert!(online <= f.amount_vnd, "{at}");
                    assert!(
                        note.contains("qua mạng")
                            || note.contains(&format!("trực tuyến: {}", vnd(online))),
                        "{at}"
                    );
                }
                ruled += usize::from(
                    f.charge != Charge::Dossier
                        || f.online_vnd.is_some()
                        || !f.exemptions.is_empty(),
                );
            }
        }
        assert!(fees > 150 && ruled > 30, "{fees} fees, {ruled} with rules");
    }

    /// An amount as the notes write it: 7.000.
    fn vnd(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }
}
