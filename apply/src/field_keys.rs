//! Where an application's problems land: the keys are motcua-api's [`Field`]s, which the server's
//! 422 and the page's own checks both use, and each control's DOM id is made from its key, so a
//! message always lands beside its field.

use motcua_api::problem::Field;

/// An answer: `section.field`, and `section.group.0.field` inside a group (motcua-api's form paths).
/// `parent` is the section's id or the group's own key.
pub fn answer_key(parent: &str, path: &[&str]) -> String {
    Field::answer(std::iter::once(parent).chain(path.iter().copied())).to_string()
}

/// Whether `key` names an answer of section `section`, or of a group inside it.
pub fn is_answer_of(key: &str, section: &str) -> bool {
    key.strip_prefix(section)
        .is_some_and(|rest| rest.starts_with('.'))
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
        assert_eq!(input_id(&Field::Document(2).to_string()), "f-documents-2");
        assert_eq!(input_id(&Field::Delivery.to_string()), "f-delivery");
        assert_eq!(input_id("con.anh-chi-em.0.ten"), "f-con-anh-chi-em-0-ten");
        assert!(is_answer_of("con.anh-chi-em.0.ten", "con"));
        assert!(!is_answer_of("cong.ten", "con"));
    }
}
