//! Relationships (`_rels/*.rels`): how a package names its parts. The main
//! document is the target of the root's `officeDocument` relationship; its
//! own relationships give the styles, numbering, notes, comments, headers,
//! footers and the addresses of its hyperlinks.
//!
//! A package written by hand (or by a careless tool) may lack them; then the
//! conventional names (`word/document.xml`, `word/styles.xml`…) are used.

use super::super::xml::{Node, XmlReader};
use crate::formats::FormatError;
use std::collections::HashMap;
use std::path::Path;

/// One relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// The last segment of its type URI (`officeDocument`, `hyperlink`,
    /// `footnotes`…).
    pub kind: String,
    /// The target as written.
    pub target: String,
    /// `TargetMode="External"`: an address, not a part.
    pub external: bool,
}

/// The relationships of one part, by id.
#[derive(Debug, Clone, Default)]
pub struct Relationships {
    by_id: HashMap<String, Relationship>,
    order: Vec<String>,
}

impl Relationships {
    /// Reads a `.rels` part.
    pub fn read(xml: &str, part: &str, origin: &Path) -> Result<Relationships, FormatError> {
        let mut reader = XmlReader::new(xml, part, origin);
        let mut relationships = Relationships::default();
        loop {
            match reader.next_node()? {
                Node::Start(element) if element.local() == "Relationship" => {
                    let (Some(id), Some(kind), Some(target)) = (
                        element.attr("Id"),
                        element.attr("Type"),
                        element.attr("Target"),
                    ) else {
                        continue;
                    };
                    let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                    let external = element
                        .attr("TargetMode")
                        .is_some_and(|mode| mode.eq_ignore_ascii_case("external"));
                    relationships.order.push(id.clone());
                    relationships.by_id.insert(
                        id,
                        Relationship {
                            kind,
                            target,
                            external,
                        },
                    );
                }
                Node::Eof => return Ok(relationships),
                _ => {}
            }
        }
    }

    /// The relationship with this id.
    pub fn get(&self, id: &str) -> Option<&Relationship> {
        self.by_id.get(id)
    }

    /// The targets of the internal relationships of this kind, in file order.
    pub fn targets_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.order
            .iter()
            .filter_map(|id| self.by_id.get(id))
            .filter(move |relationship| !relationship.external && relationship.kind == kind)
            .map(|relationship| relationship.target.as_str())
    }

    /// The first internal target of this kind.
    pub fn first_of<'a>(&'a self, kind: &'a str) -> Option<&'a str> {
        self.targets_of(kind).next()
    }
}

/// The `.rels` part of `part` (`word/document.xml` →
/// `word/_rels/document.xml.rels`).
pub fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship of `source` points to: `target` taken relative to
/// the folder of `source` (or from the package root when it starts with
/// `/`), with `.` and `..` resolved.
///
/// ```text
///   word/document.xml + styles.xml        → word/styles.xml
///   word/document.xml + ../customXml/a.xml → customXml/a.xml
///   (root)            + /word/document.xml → word/document.xml
/// ```
pub fn resolve(source: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        match source.rsplit_once('/') {
            Some((folder, _)) => folder.split('/').collect(),
            None => Vec::new(),
        }
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(
            resolve("word/document.xml", "styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            rels_part_of("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
    }

    #[test]
    fn reads_ids_kinds_and_external_targets() {
        let xml = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/?a=1&amp;b=2" TargetMode="External"/></Relationships>"#;
        let relationships =
            Relationships::read(xml, "word/_rels/document.xml.rels", Path::new("a.docx"))
                .expect("read");
        assert_eq!(relationships.first_of("styles"), Some("styles.xml"));
        let link = relationships.get("rId9").expect("link");
        assert!(link.external);
        assert_eq!(link.target, "https://example.com/?a=1&b=2");
        assert_eq!(relationships.first_of("hyperlink"), None);
    }
}
