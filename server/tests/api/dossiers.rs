use std::collections::BTreeMap;

use motcua_api::calendar::{Calendar, Date};
use motcua_api::form::{Answer, Answers, FormDefinition, Places};
use motcua_api::Provided;
use motcua_server::catalogue::Catalogue;
use motcua_server::config::Config;
use motcua_server::seed::value_for;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::accounts::{citizen, session};
use crate::helpers::{spawn, spawn_configured, TestApp};

pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

pub(crate) fn today() -> Date {
    Date::in_vietnam(motcua_server::clock::now())
}

fn valid_answers(form: &FormDefinition, places: &Places, today: Date) -> Answers {
    form.sections
        .iter()
        .map(|s| {
            let answers: BTreeMap<String, Answer> = s
                .fields
                .iter()
                .map(|f| (f.id.clone(), value_for(f, places, today)))
                .collect();
            (s.id.clone(), answers)
        })
        .collect()
}

pub(crate) fn sample() -> Catalogue {
    Catalogue::load(&Config::sample_catalogue()).unwrap()
}

#[test]
fn every_sample_form_can_be_filled_in_validly() {
    let catalogue = sample();
    for form in &catalogue.forms {
        let answers = valid_answers(form, &catalogue.places, today());
        let errors = form.answer_problems(&answers, today(), Some(&catalogue.places));
        assert!(errors.is_empty(), "{}: {errors:?}", form.procedure);
    }
}

impl TestApp {
    pub(crate) async fn citizen(&self, id: &str) -> String {
        session(&self.post("/auth/register", &citizen(id), None).await)
    }

    pub(crate) async fn upload(
        &self,
        cookie: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(format!(
                "{}/api/v1/uploads?name={}",
                self.base,
                motcua_api::encode_component(name)
            ))
            .header("cookie", cookie)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    /// A request with a session cookie, sent.
    pub(crate) async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        cookie: &str,
    ) -> reqwest::Response {
        self.client
            .request(method, format!("{}/api/v1{path}", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_large_file_is_stored_in_parts_and_comes_back_whole_with_its_length() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    // 12 MB: more than two of an S3 multipart upload's 5 MB parts, and many of the server's pieces.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..12 * 1024 * 1024).map(|i: u32| b'a' + (i % 23) as u8));
    pdf.extend_from_slice(b"\n%%EOF\n");
    let response = app.upload(&lan, "lon.pdf", pdf.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let info: Value = response.json().await.unwrap();
    let path = format!("/uploads/{}", info["id"].as_str().unwrap());
    let back = app.call(reqwest::Method::GET, &path, &lan).await;
    assert_eq!(back.status(), StatusCode::OK);
    assert_eq!(back.content_length(), Some(pdf.len() as u64));
    assert!(back.bytes().await.unwrap() == pdf, "the same bytes");
}

#[tokio::test]
async fn an_upload_is_kept_by_content_and_seen_only_by_its_owner() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let minh = app.citizen("001190001234").await;
    let response = app
        .upload(&lan, "Giấy khai sinh của bé.pdf", PDF.to_vec())
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let info: Value = response.json().await.unwrap();
    assert_eq!(info["name"], "Giấy khai sinh của bé.pdf");
    assert_eq!(info["content_type"], "application/pdf");
    assert_eq!(info["size"], PDF.len());
    assert_eq!(app.files_kept().await, 1);
    // The same bytes again are stored once.
    let again: Value = app
        .upload(&lan, "copy.pdf", PDF.to_vec())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(app.files_kept().await, 1);

    let id = info["id"].as_str().unwrap();
    let path = format!("/uploads/{id}");
    let mine = app.call(reqwest::Method::GET, &path, &lan).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(mine.bytes().await.unwrap().as_ref(), PDF);
    let theirs = app.call(reqwest::Method::GET, &path, &minh).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let theirs = app.call(reqwest::Method::DELETE, &path, &minh).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);

    let gone = app.call(reqwest::Method::DELETE, &path, &lan).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.files_kept().await,
        1,
        "the copy still refers to the bytes"
    );
    let copy = format!("/uploads/{}", again["id"].as_str().unwrap());
    app.call(reqwest::Method::DELETE, &copy, &lan).await;
    assert_eq!(app.files_kept().await, 0, "no orphaned file");
    let anonymous = app
        .upload("motcua_session=none", "a.pdf", PDF.to_vec())
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_kept() {
    let app = spawn_configured(None, None, 64 * 1024).await;
    let lan = app.citizen("019190001234").await;
    let mut big = PDF.to_vec();
    big.resize(64 * 1024 + 1, b' ');
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "big.pdf",
            big,
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
        ),
        (
            "empty.pdf",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
        ),
        (
            "notes.txt",
            b"just text".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "hoa-don.pdf",
            b"MZ\x90\0\x03\0\0\0 This program cannot be run in DOS mode".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "anh.jpg",
            b"\x7fELF\x02\x01\x01".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "cut-short.pdf",
            b"%PDF-1.4\n1 0 obj << /Length 9000 >> stream\n\x89\x01\x02".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "damaged_pdf",
        ),
    ];
    for (name, bytes, status, code) in cases {
        let response = app.upload(&lan, name, bytes).await;
        assert_eq!(response.status(), status, "{name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], code, "{name}");
        assert!(body["message"].as_str().unwrap().len() > 10);
    }
    assert_eq!(app.files_kept().await, 0);
    let exactly = {
        // Padded inside, so the end marker stays where a reader looks for it.
        let end = b"trailer << >>\n%%EOF\n";
        let mut b = b"%PDF-1.4\n".to_vec();
        b.resize(64 * 1024 - end.len(), b' ');
        b.extend(end);
        b
    };
    assert_eq!(
        app.upload(&lan, "ok.pdf", exactly).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn drafts_belong_to_their_owner() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let minh = app.citizen("001190001234").await;
    let draft = json!({
        "procedure": "1.001193",
        "step": "nguoi-duoc-khai-sinh",
        "answers": {"nguoi-yeu-cau": {"ho_ten": "Nguyễn Thị Lan"}},
    });
    let path = "/drafts/draft-0001-abcd";
    let put = |cookie: &str, body: Value| {
        let req = app
            .client
            .put(format!("{}/api/v1{path}", app.base))
            .header("cookie", cookie.to_string())
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    assert_eq!(put(&lan, draft.clone()).await.status(), StatusCode::OK);
    let got: Value = app
        .call(reqwest::Method::GET, path, &lan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["answers"], draft["answers"]);
    assert!(got["updated_at"].as_i64().unwrap() > 0);

    // Minh can neither read nor overwrite Lan's draft: both look like a missing draft.
    let read = app.call(reqwest::Method::GET, path, &minh).await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND);
    let mut other = draft.clone();
    other["step"] = json!("hijacked");
    assert_eq!(put(&minh, other).await.status(), StatusCode::NOT_FOUND);
    let got: Value = app
        .call(reqwest::Method::GET, path, &lan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["step"], "nguoi-duoc-khai-sinh");

    let list: Value = app
        .call(reqwest::Method::GET, "/drafts", &lan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], "draft-0001-abcd");
    assert!(list["items"][0]["procedure_name"]["vi"]
        .as_str()
        .unwrap()
        .contains("khai sinh"));
    let theirs: Value = app
        .call(reqwest::Method::GET, "/drafts", &minh)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);

    let mut bad = draft.clone();
    bad["procedure"] = json!("9.999999");
    assert_eq!(put(&lan, bad).await.status(), StatusCode::BAD_REQUEST);
    let del = app.call(reqwest::Method::DELETE, path, &lan).await;
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    let read = app.call(reqwest::Method::GET, path, &lan).await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND);
}

pub(crate) struct Application {
    pub(crate) body: Value,
    mandatory: Vec<usize>,
}

/// A complete application for `code`: valid answers and a PDF for every mandatory document that is
/// uploaded (two for the first).
pub(crate) async fn application(app: &TestApp, cookie: &str, code: &str) -> Application {
    application_on(app, cookie, code, today()).await
}

/// The same, its dates valid on `today`: the server's day when its clock is set.
pub(crate) async fn application_on(
    app: &TestApp,
    cookie: &str,
    code: &str,
    today: Date,
) -> Application {
    let catalogue = sample();
    let procedure = catalogue
        .procedures
        .iter()
        .find(|p| p.code == code)
        .unwrap();
    // A procedure without a form of its own has the general application.
    let form = catalogue
        .forms
        .iter()
        .find(|f| f.procedure == code)
        .cloned()
        .unwrap_or_else(|| motcua_api::general::general_form(procedure));
    let answers = valid_answers(&form, &catalogue.places, today);
    let mut documents = BTreeMap::new();
    let mut mandatory = Vec::new();
    for (i, doc) in procedure.documents.iter().enumerate() {
        if doc.mandatory && doc.provided == Provided::Upload {
            mandatory.push(i);
            let copies = if mandatory.len() == 1 { 2 } else { 1 };
            let mut ids = Vec::new();
            for c in 0..copies {
                let mut bytes = PDF.to_vec();
                bytes.extend(format!("% {i}-{c}").bytes());
                let info: Value = app
                    .upload(cookie, &format!("giấy tờ {i}-{c}.pdf"), bytes)
                    .await
                    .json()
                    .await
                    .unwrap();
                ids.push(info["id"].as_str().unwrap().to_string());
            }
            documents.insert(i.to_string(), json!(ids));
        }
    }
    let mut body = json!({
        "procedure": code,
        "answers": answers,
        "documents": documents,
        "delivery": {"method": "centre"},
    });
    // A procedure every commune's office handles goes to the province's first commune.
    let agency = catalogue
        .agencies
        .iter()
        .find(|a| a.id == procedure.agency)
        .unwrap();
    if let Some(office) = agency.commune_offices(&catalogue.places).first() {
        let commune = office.id.rsplit('-').next().unwrap();
        body["commune"] = json!(commune);
    }
    Application { body, mandatory }
}

impl TestApp {
    pub(crate) async fn submit(
        &self,
        cookie: &str,
        key: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}/api/v1/dossiers", self.base))
            .header("cookie", cookie)
            .json(body);
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        req.send().await.unwrap()
    }
}

/// An applicant who is the person concerned is not asked again: the server fills that person's
/// name, ID number, date of birth and residence from the applicant's answers and account, and
/// keeps nothing else sent for them.
#[tokio::test]
async fn the_applicant_who_is_the_person_concerned_is_copied_not_trusted() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let mut a = application(&app, &lan, "1.004873").await;
    let answers = &mut a.body["answers"];
    answers["nguoi-yeu-cau"]["quan_he"] = json!("self");
    answers["nguoi-yeu-cau"]["ho_ten"] = json!("Nguyễn Thị Lan");
    answers["nguoi-duoc-xac-nhan"]["ho_ten"] = json!("Người khác");
    answers["nguoi-duoc-xac-nhan"]["so_dinh_danh"] = json!("001090009999");
    answers["nguoi-duoc-xac-nhan"]["ngay_sinh"] = json!("2030-01-01");
    let response = app.submit(&lan, Some("same-as-applicant"), &a.body).await;
    let status = response.status();
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let (_, view) = app
        .api_get(
            &lan,
            &format!("/dossiers/{}", receipt["code"].as_str().unwrap()),
        )
        .await;
    let person = &view["answers"]["nguoi-duoc-xac-nhan"];
    assert_eq!(person["ho_ten"], "Nguyễn Thị Lan", "{view}");
    assert_eq!(person["so_dinh_danh"], "019190001234");
    assert_eq!(person["ngay_sinh"], "1990-05-27", "the account's");
    assert_eq!(
        person["noi_cu_tru"],
        view["answers"]["nguoi-yeu-cau"]["noi_cu_tru"]
    );
}

#[tokio::test]
async fn a_complete_application_becomes_one_numbered_dossier_with_its_due_date() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let code = "1.001193";
    let a = application(&app, &lan, code).await;

    let response = app.submit(&lan, None, &a.body).await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "no idempotency key"
    );

    // A double tap: the same key sent many times at once makes exactly one dossier.
    let key = "tap-4f1c2a9e";
    let replies = futures_join(&app, &lan, key, &a.body, 8).await;
    let codes: Vec<String> = replies
        .iter()
        .map(|(_, r)| r["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.iter().all(|c| c == &codes[0]), "{codes:?}");
    assert_eq!(
        replies
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count(),
        1,
        "one created, the rest found it"
    );
    let receipt = &replies[0].1;

    let catalogue = sample();
    let procedure = catalogue
        .procedures
        .iter()
        .find(|p| p.code == code)
        .unwrap();
    // A birth is registered at the People's Committee of the commune the application names.
    let agency = catalogue
        .agencies
        .iter()
        .find(|ag| ag.id == procedure.agency)
        .unwrap()
        .for_commune(&catalogue.places, "01840")
        .unwrap();
    assert_eq!(receipt["agency"], "ubnd-xa-01840");
    assert_eq!(
        receipt["agency_name"]["vi"],
        "Ủy ban nhân dân phường Đức Xuân"
    );
    assert_eq!(
        receipt["collect_at"]["name"]["vi"],
        "Trung tâm Phục vụ hành chính công phường Đức Xuân"
    );
    let day = today();
    let prefix = format!(
        "{}-{:02}{:02}{:02}-",
        agency.code,
        day.year() % 100,
        day.month(),
        day.day()
    );
    assert_eq!(codes[0], format!("{prefix}0001"));
    let calendar = Calendar::new(catalogue.holidays.clone()).unwrap();
    assert_eq!(
        receipt["due_date"],
        calendar
            .add_working_days(
                calendar.received_on(motcua_server::clock::now()),
                procedure.processing_days,
            )
            .to_string()
    );
    assert_eq!(
        receipt["documents"][0]["files"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        receipt["documents"].as_array().unwrap().len(),
        a.mandatory.len()
    );

    // The next dossier at the same agency that day takes the next number.
    let b = application(&app, &lan, code).await;
    let second: Value = app
        .submit(&lan, Some("tap-second-1"), &b.body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["code"], format!("{prefix}0002"));

    // Only Lan sees it; a guessed code is a 404 for anyone else.
    let minh = app.citizen("001190001234").await;
    let path = format!("/dossiers/{}", codes[0]);
    let mine = app.call(reqwest::Method::GET, &path, &lan).await;
    assert_eq!(mine.status(), StatusCode::OK);
    let theirs = app.call(reqwest::Method::GET, &path, &minh).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);

    // Submitted files are part of the record now.
    let file = receipt["documents"][0]["files"][0]["id"].as_str().unwrap();
    let del = app
        .call(reqwest::Method::DELETE, &format!("/uploads/{file}"), &lan)
        .await;
    assert_eq!(del.status(), StatusCode::CONFLICT);
}

async fn futures_join(
    app: &TestApp,
    cookie: &str,
    key: &str,
    body: &Value,
    n: usize,
) -> Vec<(StatusCode, Value)> {
    let mut handles = Vec::new();
    for _ in 0..n {
        let client = app.client.clone();
        let url = format!("{}/api/v1/dossiers", app.base);
        let (cookie, key, body) = (cookie.to_string(), key.to_string(), body.clone());
        handles.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("cookie", cookie)
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn everything_missing_is_listed_at_once() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let mut a = application(&app, &lan, "1.001193").await;
    a.body["documents"] = json!({});
    let first_section = a.body["answers"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    a.body["answers"][&first_section] = json!({});
    let response = app.submit(&lan, Some("missing-all-1"), &a.body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields = body["fields"].as_object().unwrap();
    assert!(
        fields
            .keys()
            .any(|k| k.starts_with(&format!("{first_section}."))),
        "{body}"
    );

    // With the answers right, every missing mandatory document is named in one answer.
    let good = application(&app, &lan, "1.001193").await;
    let mut no_docs = good.body.clone();
    no_docs["documents"] = json!({});
    let body: Value = app
        .submit(&lan, Some("missing-docs-1"), &no_docs)
        .await
        .json()
        .await
        .unwrap();
    let fields = body["fields"].as_object().unwrap();
    let expected: Vec<String> = good
        .mandatory
        .iter()
        .map(|i| format!("documents.{i}"))
        .collect();
    let mut got: Vec<String> = fields.keys().cloned().collect();
    got.sort();
    assert_eq!(got, expected, "{body}");

    // Someone else's upload cannot be slipped into a dossier.
    let minh = app.citizen("001190001234").await;
    let response = app.submit(&minh, Some("borrowed-files"), &good.body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_document_shown_at_collection_is_not_uploaded() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    // The driving licence exchange: the current licence is handed in when the new one is collected.
    let code = "1.012811";
    let at_collection = sample()
        .procedures
        .iter()
        .find(|p| p.code == code)
        .unwrap()
        .documents
        .iter()
        .position(|d| d.provided == Provided::AtCollection)
        .unwrap();

    let mut with_upload = application(&app, &lan, code).await;
    assert!(!with_upload.mandatory.contains(&at_collection));
    let info: Value = app
        .upload(&lan, "giấy phép lái xe.pdf", PDF.to_vec())
        .await
        .json()
        .await
        .unwrap();
    with_upload.body["documents"][at_collection.to_string()] = json!([info["id"]]);
    let response = app
        .submit(&lan, Some("licence-uploaded"), &with_upload.body)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let problems = body["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{body}");
    assert_eq!(problems[0]["field"], format!("documents.{at_collection}"));
    assert_eq!(problems[0]["code"], "document_not_uploaded");
    assert_eq!(problems[0]["params"]["provided"], "at_collection");

    // Without it, the same application is whole, and its receipt says what to bring.
    let without = application(&app, &lan, code).await;
    let response = app
        .submit(&lan, Some("licence-at-collection"), &without.body)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(
        receipt["provided_otherwise"],
        json!([{
            "name": sample().procedures.iter().find(|p| p.code == code).unwrap().documents
                [at_collection].name,
            "provided": "at_collection",
        }])
    );
    assert!(receipt["documents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| !d["files"].as_array().unwrap().is_empty()));
}

#[tokio::test]
async fn the_qr_code_of_a_dossier_is_an_svg_for_its_owner_only() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let a = application(&app, &lan, "1.001193").await;
    let receipt: Value = app
        .submit(&lan, Some("qr-code-0001"), &a.body)
        .await
        .json()
        .await
        .unwrap();
    let code = receipt["code"].as_str().unwrap();
    let path = format!("/dossiers/{code}/qr.svg");

    let mine = app.call(reqwest::Method::GET, &path, &lan).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(mine.headers()["content-type"], "image/svg+xml");
    assert_eq!(mine.headers()["cache-control"], "private, max-age=86400");
    let svg = mine.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(
        svg.contains(&format!("Mã QR tra cứu hồ sơ {code}")),
        "{svg}"
    );

    // Another citizen, or a guessed code, gets the same 404 as for the dossier itself.
    let minh = app.citizen("001190001234").await;
    let theirs = app.call(reqwest::Method::GET, &path, &minh).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let body: Value = theirs.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    let guessed = app
        .call(reqwest::Method::GET, "/dossiers/nope/qr.svg", &lan)
        .await;
    assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
}

/// The server's refusal names each problem by the key the app files it under and by a code the
/// app says in the reader's language: a document whose file was deleted behind the app's back, and
/// a delivery address in a commune the catalogue does not know.
#[tokio::test]
async fn a_refused_document_and_delivery_address_are_named_by_key_and_code() {
    use motcua_api::problem::{Code, Field, Problem};
    use motcua_api::ErrorBody;

    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    let mut a = application(&app, &lan, "1.001193").await;
    let doc = a.mandatory[1];
    let gone = a.body["documents"][doc.to_string()][0]
        .as_str()
        .unwrap()
        .to_string();
    let deleted = app
        .call(reqwest::Method::DELETE, &format!("/uploads/{gone}"), &lan)
        .await;
    assert!(deleted.status().is_success(), "{}", deleted.status());
    a.body["delivery"] = json!({
        "method": "post",
        "address": {"province": "19", "commune": "99999", "street": "12 Hoàng Văn Thụ"}
    });
    let response = app
        .submit(&lan, Some("refused-doc-delivery"), &a.body)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, "invalid_fields");
    let problems = body.read_problems();
    let find = |field: &Field| -> &Problem {
        problems
            .iter()
            .find(|p| &p.field == field)
            .unwrap_or_else(|| panic!("{field} in {problems:?}"))
    };
    let document = find(&Field::Document(doc as u32));
    assert_eq!(document.code, Code::FileGone);
    assert_eq!(
        document.message().vi,
        "Một tệp đính kèm không còn; hãy tải lên lại."
    );
    assert_eq!(
        document.message().en,
        "An attached file is no longer there; upload it again."
    );
    let delivery = find(&Field::Delivery);
    assert_eq!(delivery.code, Code::DeliveryAddress);
    assert!(delivery
        .message()
        .vi
        .starts_with("Nhập đủ địa chỉ nhận kết quả"));
    assert!(delivery
        .message()
        .en
        .starts_with("Enter the whole delivery address"));
    assert_eq!(problems.len(), 2, "{problems:?}");
    // `fields` says the same in Vietnamese, under the same keys.
    let fields = body.fields.unwrap();
    assert_eq!(fields[&format!("documents.{doc}")], document.message().vi);
    assert_eq!(fields["delivery"], delivery.message().vi);
    // Nothing was made: the same request with the file back and a known commune goes through.
    let places = sample().places;
    let thai_nguyen = places.provinces.iter().find(|p| p.code == "19").unwrap();
    a.body["delivery"]["address"]["commune"] = json!(thai_nguyen.communes[0].code);
    let again = application(&app, &lan, "1.001193").await;
    a.body["documents"] = again.body["documents"].clone();
    let response = app
        .submit(&lan, Some("refused-doc-delivery"), &a.body)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

/// An upload of a PDF declared as `content_type` (none when `None`).
async fn upload_typed(
    app: &TestApp,
    cookie: &str,
    name: &str,
    content_type: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!(
            "{}/api/v1/uploads?name={}",
            app.base,
            motcua_api::encode_component(name)
        ))
        .header("cookie", cookie)
        .body(PDF.to_vec());
    if let Some(t) = content_type {
        request = request.header("content-type", t);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn uploads_refuse_the_types_a_cross_site_form_can_send() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    for t in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "multipart/form-data; boundary=----x",
        "application/x-www-form-urlencoded",
        "text/html",
        "application/x-msdownload",
    ] {
        let response = upload_typed(&app, &lan, "don.pdf", Some(t)).await;
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{t}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "unsupported_type", "{t}");
        assert!(body["message"].as_str().unwrap().contains("PDF"), "{t}");
    }
    assert_eq!(app.files_kept().await, 0);

    // What the app sends: the file's own type, the generic one, or none for a file without one.
    for t in [
        Some("application/pdf"),
        Some("Application/PDF; charset=binary"),
        Some("application/octet-stream"),
        Some("image/heic"),
        None,
    ] {
        let response = upload_typed(&app, &lan, "don.pdf", t).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{t:?}");
        let info: Value = response.json().await.unwrap();
        assert_eq!(info["content_type"], "application/pdf", "{t:?}");
    }
}

#[tokio::test]
async fn an_upload_is_named_without_hidden_characters_and_with_its_real_extension() {
    let app = spawn().await;
    let lan = app.citizen("019190001234").await;
    for (sent, shown) in [
        // Drawn as "hoa-donexe.pdf" by a right-to-left override.
        ("hoa-don\u{202E}fdp.exe", "hoa-donfdp.pdf"),
        ("x.exe", "x.pdf"),
        ("\u{2066}đơn\u{2069}\u{200F}\u{9b}\u{1}.PDF", "đơn.PDF"),
        ("Giấy khai sinh", "Giấy khai sinh.pdf"),
    ] {
        let response = upload_typed(&app, &lan, sent, Some("application/octet-stream")).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{sent:?}");
        let info: Value = response.json().await.unwrap();
        assert_eq!(info["name"], shown, "{sent:?}");
        let id = info["id"].as_str().unwrap();
        let download = app
            .client
            .get(format!("{}/api/v1/uploads/{id}", app.base))
            .header("cookie", &lan)
            .send()
            .await
            .unwrap();
        let disposition = download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(!disposition.contains("exe"), "{disposition}");
    }
}
