//! The procedures a province files most each have a form of their own, following the legal
//! template, and the server answers with it rather than with the general application.

use motcua_server::catalogue::Catalogue;
use motcua_server::config::Config;

use crate::helpers::spawn;

/// The procedures with a specific form, by field: at least the 40 a province files most.
const SPECIFIC: &[(&str, &[&str])] = &[
    (
        "ho-tich",
        &[
            "1.001193", "1.000656", "1.000894", "1.004873", "1.004884", "1.005461", "1.004859",
            "2.000635", "1.001022", "1.004837", "3.000722", "2.002913", "1.000689",
        ],
    ),
    (
        "cu-tru",
        &[
            "1.004222", "1.004194", "1.002755", "1.003197", "1.010028", "1.003677", "2.001159",
        ],
    ),
    (
        "dat-dai",
        &[
            "1.012753", "1.012761", "1.012763", "1.012765", "1.011441", "1.011443", "1.012769",
            "1.012771",
        ],
    ),
    (
        "xay-dung",
        &["1.013225", "1.013229", "1.013227", "1.013226"],
    ),
    (
        "ho-kinh-doanh",
        &["1.001612", "1.001570", "1.001266", "2.000720"],
    ),
    (
        "doanh-nghiep",
        &["2.001192", "2.001199", "2.001187", "2.001610", "2.002061"],
    ),
    ("ly-lich-tu-phap", &["2.000488"]),
    ("bao-tro-xa-hoi", &["1.001776", "1.001731", "1.001699"]),
    ("duong-bo", &["1.012811", "1.012812", "1.012813"]),
];

#[tokio::test]
async fn the_most_filed_procedures_answer_with_their_own_form() {
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let app = spawn().await;
    let mut count = 0;
    for (field, codes) in SPECIFIC {
        for code in *codes {
            let procedure = catalogue.procedures.iter().find(|p| p.code == *code);
            assert_eq!(procedure.map(|p| p.field.as_str()), Some(*field), "{code}");
            let file = catalogue
                .forms
                .iter()
                .find(|f| f.procedure == *code)
                .unwrap_or_else(|| panic!("{code}: no form file"));
            let (status, form) = app.json(&format!("/procedures/{code}/form")).await;
            assert_eq!(status, 200, "{code}");
            assert_eq!(form["procedure"], *code);
            let served: Vec<&str> = form["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            let own: Vec<&str> = file.sections.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(
                served, own,
                "{code}: the form of its own, not a general one"
            );
            count += 1;
        }
    }
    assert!(count >= 40, "{count} procedures with a form of their own");
}
