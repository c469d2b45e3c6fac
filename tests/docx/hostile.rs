//! Hostile and broken files: each gives a clear error, bounded memory, no
//! panic.

use super::*;

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

fn document(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .into_bytes()
}

fn docx_with_document(xml: &[u8]) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", xml),
    ])
}

#[test]
fn not_a_zip() {
    let message = error_text(import(
        b"This is plain text, not a Word document.",
        origin(),
    ));
    assert_eq!(
        message,
        "test.docx: not a Word document: a .docx is a zip package and this file is not one"
    );
    let message = error_text(import(b"PK\x03\x04 truncated", origin()));
    assert!(
        message.starts_with("test.docx: not a readable zip package"),
        "{message}"
    );
    assert!(import(b"", origin()).is_err());
}

#[test]
fn missing_document_part() {
    let bytes = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/styles.xml", b"<w:styles/>"),
    ]);
    assert_eq!(
        error_text(import(&bytes, origin())),
        "test.docx: not a Word document: the package has no word/document.xml part"
    );
}

#[test]
fn zip_bomb_is_refused_by_ratio() {
    // 10 MB of one byte compresses about 1000:1.
    let bomb = vec![b' '; 10 * 1024 * 1024];
    let bytes = zip_of(&[("word/document.xml", &bomb)]);
    assert!(bytes.len() < 1024 * 1024);
    let message = error_text(import(&bytes, origin()));
    assert!(
        message.contains("word/document.xml decompresses to more than"),
        "{message}"
    );
    assert!(message.contains("zip bomb"), "{message}");
}

#[test]
fn zip_bomb_that_lies_about_its_size_is_cut_off() {
    // Declare a tiny uncompressed size in both headers: the reader must
    // still stop at its own limit rather than trust the header.
    let bomb = vec![b'a'; 10 * 1024 * 1024];
    let mut bytes = zip_of(&[("word/document.xml", &bomb)]);
    let real = (bomb.len() as u32).to_le_bytes();
    let fake = 100u32.to_le_bytes();
    let mut index = 0;
    while let Some(at) = bytes[index..].windows(4).position(|window| window == real) {
        bytes[index + at..index + at + 4].copy_from_slice(&fake);
        index += at + 4;
    }
    let message = error_text(import(&bytes, origin()));
    eprintln!("{message}");
    assert!(message.contains("word/document.xml"), "{message}");
}

#[test]
fn too_many_entries() {
    let names: Vec<String> = (0..10_050)
        .map(|index| format!("junk/{index}.xml"))
        .collect();
    let mut entries: Vec<(&str, &[u8])> =
        names.iter().map(|name| (name.as_str(), &b""[..])).collect();
    let xml = document("<w:p/>");
    entries.push(("word/document.xml", &xml));
    let bytes = zip_of(&entries);
    assert_eq!(
        error_text(import(&bytes, origin())),
        "test.docx: the package lists 10051 entries; the limit is 10000"
    );
}

#[test]
fn absurd_nesting() {
    let mut xml = String::from(r#"<w:document xmlns:w="x"><w:body>"#);
    for _ in 0..1_000 {
        xml.push_str("<w:sdt>");
    }
    let bytes = docx_with_document(xml.as_bytes());
    let message = error_text(import(&bytes, origin()));
    assert!(
        message.contains("word/document.xml: elements nest more than 256 deep"),
        "{message}"
    );
    assert!(message.starts_with("test.docx:1:"), "{message}");
}

#[test]
fn invalid_utf8() {
    let mut xml = document("<w:p><w:r><w:t>caf</w:t></w:r></w:p>");
    let at = xml
        .windows(3)
        .position(|window| window == b"caf")
        .expect("caf")
        + 3;
    xml.insert(at, 0xE9);
    let bytes = docx_with_document(&xml);
    let message = error_text(import(&bytes, origin()));
    assert!(
        message.starts_with("test.docx: the part word/document.xml is not valid UTF-8 (at byte"),
        "{message}"
    );
}

#[test]
fn doctype_and_external_entities_are_refused() {
    let xml = br#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#;
    let message = error_text(import(&docx_with_document(xml), origin()));
    assert!(
        message.contains("word/document.xml: a DOCTYPE is not allowed"),
        "{message}"
    );
    // An undeclared entity is an error too, not silently dropped.
    let xml = document("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>");
    let message = error_text(import(&docx_with_document(&xml), origin()));
    assert!(
        message.contains("unknown or invalid entity reference &lol;"),
        "{message}"
    );
}

#[test]
fn malformed_xml_names_part_line_and_column() {
    let xml = b"<w:document xmlns:w=\"x\"><w:body>\n<w:p><w:r></w:p></w:body></w:document>";
    let message = error_text(import(&docx_with_document(xml), origin()));
    assert!(message.starts_with("test.docx:2:"), "{message}");
    assert!(
        message.contains("word/document.xml: malformed xml"),
        "{message}"
    );
}

#[test]
fn not_a_body() {
    let xml = br#"<w:document xmlns:w="x"></w:document>"#;
    assert_eq!(
        error_text(import(&docx_with_document(xml), origin())),
        "test.docx: word/document.xml has no w:body element"
    );
}

#[test]
fn entities_and_escapes_come_back_exactly() {
    let xml = document(
        r#"<w:p><w:r><w:t xml:space="preserve">R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos; &#233;&#x263A; &amp;amp;</w:t></w:r></w:p>"#,
    );
    let imported = import(&docx_with_document(&xml), origin()).expect("import");
    assert_eq!(imported.parts.document.text(), "R&D <x> \"q\" 'a' é☺ &amp;");
}
