/// The kinds of file a dossier accepts, recognised from their first bytes: a name or a declared type
/// proves nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Heif,
    Docx,
}

const HEIF_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
];

impl FileType {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && HEIF_BRANDS.iter().any(|b| &bytes[8..12] == *b)
        {
            Some(Self::Heif)
        } else if bytes.starts_with(b"PK\x03\x04") && is_word_document(bytes) {
            Some(Self::Docx)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heif => "image/heic",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// How far from the end a whole PDF's `%%EOF` marker may be: readers look in the last kilobyte.
pub const PDF_TAIL: usize = 1024;

/// Whether a file that starts as a PDF also ends as one: `tail` is its last [`PDF_TAIL`] bytes and
/// holds the `%%EOF` marker a truncated or damaged download has lost. A cheap look, not a parse.
pub fn pdf_ends(tail: &[u8]) -> bool {
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// A DOCX is a zip whose entries include `word/document.xml`; entry names are stored uncompressed.
fn is_word_document(bytes: &[u8]) -> bool {
    let needle = b"word/document.xml";
    bytes.windows(needle.len()).any(|w| w == needle)
        && bytes
            .windows(b"[Content_Types].xml".len())
            .any(|w| w == b"[Content_Types].xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_accepted_type() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Some(FileType::Heif)
        );
        let docx = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../catalogue/templates/to-khai-dang-ky-khai-sinh.docx"
        ))
        .unwrap();
        assert_eq!(FileType::sniff(&docx), Some(FileType::Docx));
    }

    #[test]
    fn a_pdf_without_its_end_is_damaged() {
        assert!(pdf_ends(b"trailer << >>\nstartxref\n9\n%%EOF\n"));
        assert!(pdf_ends(b"%%EOF"));
        assert!(!pdf_ends(b"1 0 obj << /Length 5000 >> stream\n\x00\x01"));
        assert!(!pdf_ends(b""));
    }

    #[test]
    fn refuses_the_rest() {
        assert_eq!(FileType::sniff(b""), None);
        assert_eq!(FileType::sniff(b"MZ\x90\0 a Windows program"), None);
        assert_eq!(FileType::sniff(b"\x7fELF\x02\x01"), None);
        assert_eq!(FileType::sniff(b"#!/bin/sh\nrm -rf /"), None);
        assert_eq!(FileType::sniff(b"PK\x03\x04 a plain zip"), None);
        assert_eq!(FileType::sniff(b"\0\0\0\x18ftypisom"), None);
    }
}
