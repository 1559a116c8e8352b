//! The keys that name an application's problems: the server's 422 `fields` use them, the page files
//! its own checks under them, and each control's DOM id is made from its key, so a message always
//! lands beside its field. Built here only, so the three cannot drift apart.

/// An answer: `section.field`, and `section.group.0.field` inside a group (motcua-api's form paths).
/// `parent` is the section's id or the group's own key.
pub fn answer_key(parent: &str, path: &[&str]) -> String {
    std::iter::once(parent)
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether `key` names an answer of section `section`, or of a group inside it.
pub fn is_answer_of(key: &str, section: &str) -> bool {
    key.strip_prefix(section)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// The files of the procedure's document at position `i`.
pub fn document_key(i: u32) -> String {
    format!("documents.{i}")
}

/// How the result is delivered: the postal address when it goes by post.
pub fn delivery_key() -> String {
    "delivery".to_string()
}

/// The id of the control that answers `key`, which the error summary's link focuses.
pub fn input_id(key: &str) -> String {
    format!("f-{}", key.replace('.', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_ids() {
        assert_eq!(answer_key("nguoi-khai", &["ho-ten"]), "nguoi-khai.ho-ten");
        let group = answer_key("con", &["anh-chi-em"]);
        assert_eq!(answer_key(&group, &["0", "ten"]), "con.anh-chi-em.0.ten");
        assert_eq!(input_id(&document_key(2)), "f-documents-2");
        assert_eq!(input_id(&delivery_key()), "f-delivery");
        assert_eq!(input_id("con.anh-chi-em.0.ten"), "f-con-anh-chi-em-0-ten");
        assert!(is_answer_of("con.anh-chi-em.0.ten", "con"));
        assert!(!is_answer_of("cong.ten", "con"));
    }
}
