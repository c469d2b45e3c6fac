//! The comments part (`word/comments.xml`) and its extension
//! (`word/commentsExtended.xml`: which comment replies to which, which are
//! resolved), and the document properties Redline keeps.

use super::body::Revision;
use crate::formats::FormatError;
use crate::formats::docx::xml::{Node, XmlReader};
use std::collections::HashMap;
use std::path::Path;

/// A comment as the comments part has it.
#[derive(Debug)]
pub struct RawComment {
    /// `w:id`.
    pub id: String,
    /// Author and date.
    pub revision: Revision,
    /// `w:initials`, when not empty.
    pub initials: Option<String>,
    /// The text, one line per paragraph.
    pub body: String,
    /// `w14:paraId` of its last paragraph, which commentsExtended names.
    pub para_id: Option<String>,
}

/// Reads the comments part.
pub fn read_comments(xml: &str, part: &str, origin: &Path) -> Result<Vec<RawComment>, FormatError> {
    let mut reader = XmlReader::new(xml, part, origin);
    let mut comments = Vec::new();
    let mut current: Option<RawComment> = None;
    let mut paragraphs = 0;
    let mut in_text = false;
    loop {
        match reader.next_node()? {
            Node::Start(element) => match element.local() {
                "comment" => {
                    paragraphs = 0;
                    current = Some(RawComment {
                        id: element.attr("id").unwrap_or_default(),
                        revision: Revision::of(&element),
                        initials: element
                            .attr("initials")
                            .filter(|initials| !initials.is_empty()),
                        body: String::new(),
                        para_id: None,
                    });
                }
                "p" => {
                    if let Some(comment) = current.as_mut() {
                        if paragraphs > 0 {
                            comment.body.push('\n');
                        }
                        paragraphs += 1;
                        if let Some(para_id) = element.attr("paraId") {
                            comment.para_id = Some(para_id);
                        }
                    }
                }
                "t" => in_text = true,
                "tab" => {
                    if let Some(comment) = current.as_mut() {
                        comment.body.push('\t');
                    }
                }
                "br" | "cr" => {
                    if let Some(comment) = current.as_mut() {
                        comment.body.push('\n');
                    }
                }
                "rPr" | "pPr" | "drawing" | "pict" | "object" | "Fallback" | "instrText"
                | "del" => {
                    reader.skip_element()?;
                }
                _ => {}
            },
            Node::End(name) => match name.as_ref() {
                "t" => in_text = false,
                "comment" => comments.extend(current.take()),
                _ => {}
            },
            Node::Text(text) => {
                if in_text && let Some(comment) = current.as_mut() {
                    comment.body.push_str(&text);
                }
            }
            Node::Eof => return Ok(comments),
        }
    }
}

/// `w15:paraId` → (`w15:paraIdParent`, `w15:done`).
pub type Extended = HashMap<String, (Option<String>, bool)>;

/// Reads `word/commentsExtended.xml`.
pub fn read_comments_extended(
    xml: &str,
    part: &str,
    origin: &Path,
) -> Result<Extended, FormatError> {
    let mut reader = XmlReader::new(xml, part, origin);
    let mut extended = Extended::new();
    loop {
        match reader.next_node()? {
            Node::Start(element) if element.local() == "commentEx" => {
                if let Some(para_id) = element.attr("paraId") {
                    let done = matches!(element.attr("done").as_deref(), Some("1" | "true" | "on"));
                    extended.insert(para_id, (element.attr("paraIdParent"), done));
                }
            }
            Node::Eof => return Ok(extended),
            _ => {}
        }
    }
}

/// The text of the first element named `local` (e.g. `dc:title`).
pub fn first_text_of(
    xml: &str,
    part: &str,
    origin: &Path,
    local: &str,
) -> Result<Option<String>, FormatError> {
    let mut reader = XmlReader::new(xml, part, origin);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.next_node()? {
            Node::Start(element) if element.local() == local => inside = true,
            Node::End(name) if inside && name == local => return Ok(Some(text)),
            Node::Text(chunk) if inside => text.push_str(&chunk),
            Node::Eof => return Ok(None),
            _ => {}
        }
    }
}
