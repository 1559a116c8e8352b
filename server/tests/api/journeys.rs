//! The kinds of investment project (`catalogue/journeys.json`): each step can be filed online with
//! a form of its own, the journeys survive the database, and a broken file stops the server.

use std::path::Path;

use motcua_api::calendar::Date;
use motcua_api::form::Answer;
use motcua_api::journey::{prefill, FillFacts};
use motcua_api::OnlineType;
use motcua_server::catalogue::Catalogue;
use motcua_server::config::Config;
use motcua_server::startup::Application;
use motcua_server::state::open_store;
use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;

use crate::helpers::{database_url, spawn};

/// The ids the other parts of the project rely on.
const KINDS: &[&str] = &[
    "nha-dau-tu-nuoc-ngoai",
    "chu-truong-trong-nuoc",
    "khu-cong-nghiep",
    "giay-phep-xay-dung",
    "doanh-nghiep-trong-nuoc",
];

#[test]
fn every_journey_step_is_filed_online_with_a_form_of_its_own_into_a_workflow() {
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let ids: Vec<&str> = catalogue.journeys.iter().map(|j| j.id.as_str()).collect();
    for kind in KINDS {
        assert!(ids.contains(kind), "{kind}");
    }
    let mut steps = 0;
    for journey in &catalogue.journeys {
        assert!(!journey.source.trim().is_empty(), "{}", journey.id);
        for step in &journey.steps {
            let p = catalogue
                .procedures
                .iter()
                .find(|p| p.code == step.procedure)
                .unwrap_or_else(|| panic!("{}: {}", journey.id, step.procedure));
            assert_ne!(p.online, OnlineType::None, "{}", p.code);
            assert!(
                catalogue.forms.iter().any(|f| f.procedure == p.code),
                "{}: no form of its own",
                p.code
            );
            assert!(catalogue.workflow(p).is_some(), "{}: no workflow", p.code);
            steps += 1;
        }
    }
    assert!(steps >= 20, "{steps}");
}

#[test]
fn the_foreign_investors_journey_is_the_one_agreed() {
    let catalogue = Catalogue::load(&Config::sample_catalogue()).unwrap();
    let journey = catalogue
        .journeys
        .iter()
        .find(|j| j.id == "nha-dau-tu-nuoc-ngoai")
        .unwrap();
    let steps: Vec<(&str, &str)> = journey
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.procedure.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("irc", "1.009646"),
            ("doanh-nghiep", "2.001192"),
            ("dat", "1.012777"),
            ("dtm", "1.010727"),
            ("xay-dung", "1.013231"),
            ("gpmt", "1.010728"),
        ]
    );
    let step = |id: &str| journey.steps.iter().find(|s| s.id == id).unwrap();
    assert_eq!(step("xay-dung").needs, ["dat"]);
    assert_eq!(step("xay-dung").filed_with, ["dtm"]);
    assert!(step("gpmt").optional.is_some());
    let chu_truong = catalogue
        .journeys
        .iter()
        .find(|j| j.id == "chu-truong-trong-nuoc")
        .unwrap();
    assert_eq!(chu_truong.steps[0].id, "chu-truong");
    assert_eq!(chu_truong.steps[0].procedure, "1.009645");

    // The company is registered under the certificate the first step gave.
    let form = catalogue
        .forms
        .iter()
        .find(|f| f.procedure == "2.001192")
        .unwrap();
    let facts = FillFacts {
        company_name: "Công ty TNHH Sông Cầu".into(),
        results: [(
            "irc".to_string(),
            ("8765432101".to_string(), Date::new(2027, 3, 2).unwrap()),
        )]
        .into(),
        ..FillFacts::default()
    };
    let answers = prefill(step("doanh-nghiep"), form, &facts);
    let section = &answers["ten-tru-so"];
    assert_eq!(section["so_gcn_dau_tu"], Answer::Text("8765432101".into()));
    assert_eq!(
        section["ngay_gcn_dau_tu"],
        Answer::Text("2027-03-02".into())
    );
    assert_eq!(
        section["ten_tieng_viet"],
        Answer::Text("Công ty TNHH Sông Cầu".into())
    );
}

#[tokio::test]
async fn the_journeys_are_kept_with_the_catalogue_in_the_database() {
    let data = TempDir::new().unwrap();
    let store = open_store(&Config::store_only(
        data.path().to_path_buf(),
        Some(database_url(data.path()).await),
    ))
    .await
    .unwrap();
    let held = store.load_catalogue().await.unwrap();
    let file = Catalogue::load(&Config::sample_catalogue()).unwrap();
    assert_eq!(held.journeys, file.journeys);
    assert!(!held.journeys.is_empty());
}

/// The sample catalogue's data files, copied where a test may break one.
fn copy_catalogue(to: &Path) {
    let from = Config::sample_catalogue();
    for dir in ["", "procedures", "forms"] {
        std::fs::create_dir_all(to.join(dir)).unwrap();
        for entry in std::fs::read_dir(from.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                std::fs::copy(&path, to.join(dir).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

#[tokio::test]
async fn a_broken_journeys_file_stops_the_server_saying_what_is_wrong() {
    let dir = TempDir::new().unwrap();
    copy_catalogue(dir.path());
    let file = dir.path().join("journeys.json");
    let text = std::fs::read_to_string(&file).unwrap();
    // The permit needs a step that comes after it.
    let broken = text.replacen(r#""needs": ["#, r#""needs": ["gpmt", "#, 1);
    assert_ne!(broken, text);
    for (contents, says) in [
        (broken.as_str(), "is not a step before it"),
        (r#"[{"id": "x"}]"#, "journeys.json"),
    ] {
        std::fs::write(&file, contents).unwrap();
        let data = TempDir::new().unwrap();
        let mut config = Config::store_only(
            data.path().to_path_buf(),
            Some(database_url(data.path()).await),
        );
        config.catalogue = Some(dir.path().to_path_buf());
        let Err(e) = Application::build(&config).await else {
            panic!("the server started with a broken journeys file");
        };
        let message = format!("{e:#}");
        assert!(message.contains(says), "{message}");
        assert!(message.contains("journey"), "{message}");
    }
}

#[tokio::test]
async fn anyone_reads_the_journeys_with_their_steps_in_both_languages() {
    let app = spawn().await;
    // No session: creating a project starts from them, and they are the catalogue's, not anyone's.
    let response = app.get("/api/v1/journeys").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let journeys = body.as_array().unwrap();
    let ids: Vec<&str> = journeys.iter().map(|j| j["id"].as_str().unwrap()).collect();
    assert_eq!(ids, KINDS);
    let file = Catalogue::load(&Config::sample_catalogue()).unwrap();
    assert_eq!(body, serde_json::to_value(&file.journeys[..]).unwrap());
    for journey in journeys {
        for text in ["name", "description"] {
            for lang in ["vi", "en"] {
                assert!(
                    !journey[text][lang].as_str().unwrap().trim().is_empty(),
                    "{} {text} {lang}",
                    journey["id"]
                );
            }
        }
        assert!(!journey["steps"].as_array().unwrap().is_empty());
    }

    let foreign = &journeys[0];
    let step = |id: &str| {
        foreign["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
    };
    assert_eq!(step("irc")["procedure"], "1.009646");
    assert_eq!(step("irc")["needs"], serde_json::json!([]));
    assert_eq!(step("xay-dung")["needs"], serde_json::json!(["dat"]));
    assert_eq!(step("xay-dung")["filed_with"], serde_json::json!(["dtm"]));
    assert!(step("irc")["optional"].is_null());
    for lang in ["vi", "en"] {
        assert!(!step("gpmt")["optional"][lang].as_str().unwrap().is_empty());
    }
}
