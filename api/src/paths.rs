//! The app's own addresses that the server must know: which bundle serves a path.

/// Paths served by the signed-in area's bundle (accounts, applications); every other app path is the
/// catalogue's.
pub const APPLY_PREFIXES: &[&str] = &[
    "/dang-nhap",
    "/dang-ky",
    "/tai-khoan",
    "/nop-ho-so",
    "/ho-so",
    "/tra-cuu",
    "/thong-bao",
    "/can-bo",
];

pub fn is_apply_path(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    APPLY_PREFIXES.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_paths() {
        assert!(is_apply_path("/dang-nhap"));
        assert!(is_apply_path("/nop-ho-so/1.001193"));
        assert!(is_apply_path("/dang-nhap?tiep=/tai-khoan"));
        assert!(!is_apply_path("/dang-nhapx"));
        assert!(!is_apply_path("/thu-tuc/1.001193"));
        assert!(!is_apply_path("/"));
    }
}
