//! Custom document properties of a .docx: how a copy sent for review
//! carries its round's id (and, when chosen, the version label and the
//! review log), and how the properties are read back from a returned copy,
//! with the name of who last saved it.
//!
//! Writing post-processes the package another writer made: every part is
//! copied as it is (compressed bytes untouched), `docProps/custom.xml` is
//! written (existing custom properties kept, those named again replaced),
//! and `[Content_Types].xml` and `_rels/.rels` gain its content type and
//! relationship when they lack them. Word and LibreOffice keep custom
//! properties when they save, so the mark survives a re-save.
//!
//! Reading is bounded like the importer: at most [`MAX_ENTRIES`] entries,
//! and at most [`MAX_PROPERTY_PART_BYTES`] decompressed from each part read.
//! A DOCTYPE in a part is refused.

use super::FormatError;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// The custom property that carries the round's id.
pub const ROUND_PROPERTY: &str = "RedlineRound";
/// The custom property that carries the version label, when chosen.
pub const VERSION_PROPERTY: &str = "RedlineVersion";
/// The custom property that carries the review log, when chosen.
pub const LOG_PROPERTY: &str = "RedlineReviewLog";

/// Most entries a package may list.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes read from one of the small parts this module reads.
pub const MAX_PROPERTY_PART_BYTES: u64 = 4 * 1024 * 1024;

const CUSTOM_PART: &str = "docProps/custom.xml";
const CORE_PART: &str = "docProps/core.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const RELATIONSHIPS: &str = "_rels/.rels";
const CUSTOM_TYPE: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CUSTOM_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
/// The format id Word gives user-defined properties.
const USER_DEFINED_FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

/// What a .docx says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxProperties {
    /// Custom properties: (name, text), in file order.
    pub custom: Vec<(String, String)>,
    /// `cp:lastModifiedBy`: who last saved the file.
    pub last_modified_by: Option<String>,
    /// `dc:creator`: who made it.
    pub creator: Option<String>,
}

impl DocxProperties {
    /// The text of the custom property `name`.
    pub fn custom(&self, name: &str) -> Option<&str> {
        self.custom
            .iter()
            .find(|(property, _)| property == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Reads the custom properties and the core authors of the .docx in
/// `bytes` (the file at `origin`, for messages).
pub fn read_properties(bytes: &[u8], origin: &Path) -> Result<DocxProperties, FormatError> {
    let mut archive = open(bytes, origin)?;
    let custom = match read_part(&mut archive, CUSTOM_PART, origin)? {
        Some(xml) => custom_properties(&xml, origin)?,
        None => Vec::new(),
    };
    let (last_modified_by, creator) = match read_part(&mut archive, CORE_PART, origin)? {
        Some(xml) => (
            element_text(&xml, "lastModifiedBy", origin)?,
            element_text(&xml, "creator", origin)?,
        ),
        None => (None, None),
    };
    Ok(DocxProperties {
        custom,
        last_modified_by: last_modified_by.filter(|name| !name.trim().is_empty()),
        creator: creator.filter(|name| !name.trim().is_empty()),
    })
}

/// The .docx in `bytes` with these custom properties set (others kept).
pub fn with_properties(
    bytes: &[u8],
    properties: &[(&str, &str)],
    origin: &Path,
) -> Result<Vec<u8>, FormatError> {
    let mut archive = open(bytes, origin)?;
    let mut custom = match read_part(&mut archive, CUSTOM_PART, origin)? {
        Some(xml) => custom_properties(&xml, origin)?,
        None => Vec::new(),
    };
    for (name, value) in properties {
        custom.retain(|(existing, _)| existing != name);
        custom.push(((*name).to_string(), (*value).to_string()));
    }
    let content_types = read_part(&mut archive, CONTENT_TYPES, origin)?
        .ok_or_else(|| invalid(origin, format!("the package has no {CONTENT_TYPES}")))?;
    let relationships = read_part(&mut archive, RELATIONSHIPS, origin)?
        .ok_or_else(|| invalid(origin, format!("the package has no {RELATIONSHIPS}")))?;
    let content_types = with_content_type(&content_types);
    let relationships = with_relationship(&relationships);
    let fail = |error: &dyn std::fmt::Display| {
        invalid(origin, format!("cannot write the zip package: {error}"))
    };
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(|error| fail(&error))?;
        let name = file.name().map_err(|error| fail(&error))?;
        if [CUSTOM_PART, CONTENT_TYPES, RELATIONSHIPS].contains(&name.as_ref()) {
            continue;
        }
        zip.raw_copy_file(file).map_err(|error| fail(&error))?;
    }
    for (name, content) in [
        (CONTENT_TYPES, content_types),
        (RELATIONSHIPS, relationships),
        (CUSTOM_PART, custom_xml(&custom)),
    ] {
        zip.start_file(name, options)
            .map_err(|error| fail(&error))?;
        zip.write_all(content.as_bytes())
            .map_err(|error| fail(&error))?;
    }
    let cursor = zip.finish().map_err(|error| fail(&error))?;
    Ok(cursor.into_inner())
}

fn invalid(origin: &Path, message: String) -> FormatError {
    FormatError::Invalid {
        path: origin.to_path_buf(),
        message,
    }
}

fn open<'a>(
    bytes: &'a [u8],
    origin: &Path,
) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, FormatError> {
    if !bytes.starts_with(b"PK") {
        return Err(invalid(
            origin,
            "not a Word document: a .docx is a zip package and this file is not one".to_string(),
        ));
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| invalid(origin, format!("not a readable zip package: {error}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(invalid(
            origin,
            format!(
                "the package lists {} entries; the limit is {MAX_ENTRIES}",
                archive.len()
            ),
        ));
    }
    Ok(archive)
}

/// One part as text, read within [`MAX_PROPERTY_PART_BYTES`].
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    origin: &Path,
) -> Result<Option<String>, FormatError> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let file = archive
        .by_index(index)
        .map_err(|error| invalid(origin, format!("cannot read the part {name}: {error}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_PROPERTY_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| {
            invalid(
                origin,
                format!("cannot decompress the part {name}: {error}"),
            )
        })?;
    if bytes.len() as u64 > MAX_PROPERTY_PART_BYTES {
        return Err(invalid(
            origin,
            format!("the part {name} is larger than {MAX_PROPERTY_PART_BYTES} bytes"),
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| invalid(origin, format!("the part {name} is not UTF-8")))
}

/// Walks `xml`, calling `on_text(path of local element names, text)` for
/// every piece of character data, and `on_start(local name, attribute)`
/// lookups for each start tag; a DOCTYPE or bad reference is an error.
fn walk(
    xml: &str,
    origin: &Path,
    mut on_start: impl FnMut(&str, &dyn Fn(&str) -> Option<String>),
    mut on_text: impl FnMut(&[String], &str),
) -> Result<(), FormatError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|error| {
            invalid(origin, format!("malformed xml in a property part: {error}"))
        })?;
        match event {
            Event::Start(start) => {
                let name = local(start.name().0).to_string();
                on_start(&name, &|wanted| attribute_of(&start, wanted));
                path.push(name);
            }
            Event::Empty(start) => {
                let name = local(start.name().0);
                on_start(name, &|wanted| attribute_of(&start, wanted));
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => on_text(&path, &text.xml10_content()),
            Event::CData(data) => on_text(&path, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(character)) => Some(character.to_string()),
                    Ok(None) => resolve_predefined_entity(&reference).map(str::to_string),
                    Err(_) => None,
                };
                let resolved = resolved.ok_or_else(|| {
                    invalid(
                        origin,
                        format!(
                            "unknown entity reference &{}; in a property part",
                            &*reference
                        ),
                    )
                })?;
                on_text(&path, &resolved);
            }
            Event::DocType(_) => {
                return Err(invalid(
                    origin,
                    "a DOCTYPE is not allowed in a property part".to_string(),
                ));
            }
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

/// The value of the attribute with local name `wanted`, unescaped.
fn attribute_of(start: &quick_xml::events::BytesStart<'_>, wanted: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|attribute| local(attribute.key.0) == wanted)
        .and_then(|attribute| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|value| value.into_owned())
        })
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The custom properties of `docProps/custom.xml`: (name, text).
fn custom_properties(xml: &str, origin: &Path) -> Result<Vec<(String, String)>, FormatError> {
    let properties = std::cell::RefCell::new(Vec::<(String, String)>::new());
    walk(
        xml,
        origin,
        |name, attribute| {
            if name == "property" {
                let name = attribute("name").unwrap_or_default();
                properties.borrow_mut().push((name, String::new()));
            }
        },
        |path, text| {
            if path.iter().any(|element| element == "property")
                && let Some(last) = properties.borrow_mut().last_mut()
            {
                last.1.push_str(text);
            }
        },
    )?;
    Ok(properties.into_inner())
}

/// The text of the first element with local name `wanted`.
fn element_text(xml: &str, wanted: &str, origin: &Path) -> Result<Option<String>, FormatError> {
    let mut found: Option<String> = None;
    let mut done = false;
    walk(
        xml,
        origin,
        |_, _| {},
        |path, text| {
            if done {
                return;
            }
            if path.last().is_some_and(|element| element == wanted) {
                found.get_or_insert_with(String::new).push_str(text);
            } else if found.is_some() {
                done = true;
            }
        },
    )?;
    Ok(found)
}

/// `[Content_Types].xml` with the custom part's type, when missing.
fn with_content_type(xml: &str) -> String {
    if xml.contains("/docProps/custom.xml") {
        return xml.to_string();
    }
    let entry =
        format!(r#"<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_TYPE}"/>"#);
    insert_before_last(xml, "</Types>", &entry)
}

/// `_rels/.rels` with the relationship to the custom part, when missing.
fn with_relationship(xml: &str) -> String {
    if xml.contains(CUSTOM_RELATIONSHIP) {
        return xml.to_string();
    }
    let entry = format!(
        r#"<Relationship Id="rIdRedlineCustom" Type="{CUSTOM_RELATIONSHIP}" Target="docProps/custom.xml"/>"#
    );
    insert_before_last(xml, "</Relationships>", &entry)
}

fn insert_before_last(xml: &str, closing: &str, entry: &str) -> String {
    match xml.rfind(closing) {
        Some(at) => format!("{}{entry}{}", &xml[..at], &xml[at..]),
        None => format!("{xml}{entry}"),
    }
}

/// `docProps/custom.xml` holding `properties` as text properties.
fn custom_xml(properties: &[(String, String)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    );
    for (index, (name, value)) in properties.iter().enumerate() {
        xml.push_str(&format!(
            r#"<property fmtid="{USER_DEFINED_FMTID}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            index + 2,
            escape(name),
            escape(value)
        ));
    }
    xml.push_str("</Properties>");
    xml
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // XML 1.0 cannot carry other control characters at all.
            character if character.is_control() => out.push(' '),
            character => out.push(character),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::content::Content;

    fn a_docx() -> Vec<u8> {
        crate::formats::docx::export_clean(&Content::plain("We collect data."), "Policy")
            .expect("a docx")
    }

    #[test]
    fn properties_written_are_read_back_and_the_document_still_imports() {
        let origin = Path::new("copy.docx");
        let marked = with_properties(
            &a_docx(),
            &[
                (ROUND_PROPERTY, "r0011223344556677"),
                (LOG_PROPERTY, "a & <b>\nline two"),
            ],
            origin,
        )
        .expect("marked");
        let properties = read_properties(&marked, origin).expect("read");
        assert_eq!(properties.custom(ROUND_PROPERTY), Some("r0011223344556677"));
        assert_eq!(properties.custom(LOG_PROPERTY), Some("a & <b>\nline two"));
        let again = with_properties(&marked, &[(ROUND_PROPERTY, "r8899aabbccddeeff")], origin)
            .expect("marked again");
        let properties = read_properties(&again, origin).expect("read");
        assert_eq!(properties.custom(ROUND_PROPERTY), Some("r8899aabbccddeeff"));
        assert_eq!(properties.custom.len(), 2, "others kept, one per name");
        let imported = crate::formats::docx::import(&again, origin).expect("imports");
        assert_eq!(imported.parts.document.content.text, "We collect data.");
    }

    #[test]
    fn a_package_without_properties_has_none_and_a_doctype_is_refused() {
        let origin = Path::new("plain.docx");
        let properties = read_properties(&a_docx(), origin).expect("read");
        assert_eq!(properties.custom(ROUND_PROPERTY), None);
        let error = custom_properties("<!DOCTYPE x [<!ENTITY a \"b\">]><Properties/>", origin)
            .expect_err("refused");
        assert_eq!(
            error.to_string(),
            "plain.docx: a DOCTYPE is not allowed in a property part"
        );
        let error = read_properties(b"not a zip", origin).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "plain.docx: not a Word document: a .docx is a zip package and this file is not one"
        );
    }

    #[test]
    fn core_authors_are_read() {
        let xml = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>Maren</dc:creator><cp:lastModifiedBy>Tomasz &amp; Co</cp:lastModifiedBy></cp:coreProperties>"#;
        let origin = Path::new("x.docx");
        assert_eq!(
            element_text(xml, "lastModifiedBy", origin).expect("read"),
            Some("Tomasz & Co".to_string())
        );
        assert_eq!(
            element_text(xml, "creator", origin).expect("read"),
            Some("Maren".to_string())
        );
    }
}
