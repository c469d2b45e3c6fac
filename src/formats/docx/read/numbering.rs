//! What `word/numbering.xml` says, and the list items it gives paragraphs.
//!
//! A paragraph's `w:numPr` (direct, or from its style) names a numbering
//! instance (`w:num`) and a level. The instance points to an abstract
//! definition (`w:abstractNum`, possibly through a numbering style's
//! `w:numStyleLink`) whose levels give the start value, the number format
//! and the label text (`%1.`, `(%2)`, `Section %1`). The instance may
//! override a level's start (`w:lvlOverride/w:startOverride`) or the whole
//! level (`w:lvlOverride/w:lvl`).
//!
//! Counting follows Word: instances of one abstract definition count on
//! together (one Redline list per abstract definition), and an instance
//! with a start override starts its level again at its first paragraph of
//! that level. Deeper levels start again after any item above them.

use super::super::xml::{Node, XmlReader};
use crate::formats::FormatError;
use crate::model::blocks::{ListId, ListItem, MAX_LIST_LEVEL, NumberFormat};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

const LEVELS: usize = MAX_LIST_LEVEL as usize + 1;

/// One level of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    start: u32,
    /// The `w:numFmt` as written.
    format: String,
    /// The `w:lvlText`.
    text: String,
    /// The paragraph style linked to this level (`w:pStyle`).
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".to_string(),
            text: String::new(),
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// Uses the levels of the definition this numbering style links to.
    num_style_link: Option<String>,
    /// Is the definition of this numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    overrides: [Option<Override>; LEVELS],
}

/// The numbering definitions of a document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
}

impl Numbering {
    /// Reads `word/numbering.xml`.
    pub fn read(xml: &str, part: &str, origin: &Path) -> Result<Numbering, FormatError> {
        let mut reader = XmlReader::new(xml, part, origin);
        let mut numbering = Numbering::default();
        let mut abstract_num: Option<(String, Abstract)> = None;
        let mut instance: Option<(String, Instance)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            match reader.next_node()? {
                Node::Start(element) => match element.local() {
                    "abstractNum" => {
                        abstract_num = element
                            .attr("abstractNumId")
                            .map(|id| (id, Abstract::default()));
                    }
                    "num" => {
                        instance = element.attr("numId").map(|id| (id, Instance::default()));
                    }
                    "abstractNumId" => {
                        if let Some((_, instance)) = instance.as_mut() {
                            instance.abstract_id = element.attr("val").unwrap_or_default();
                        }
                    }
                    "numStyleLink" | "styleLink" => {
                        if let Some((_, definition)) = abstract_num.as_mut() {
                            let value = element.attr("val");
                            if element.local() == "numStyleLink" {
                                definition.num_style_link = value;
                            } else {
                                definition.style_link = value;
                            }
                        }
                    }
                    "lvlOverride" => override_level = level_index(element.attr("ilvl")),
                    "startOverride" => {
                        if let (Some((_, instance)), Some(index)) =
                            (instance.as_mut(), override_level)
                        {
                            let entry = instance.overrides[index].get_or_insert_default();
                            entry.start = element.attr("val").and_then(|val| val.parse().ok());
                        }
                    }
                    "lvl" => {
                        level = level_index(element.attr("ilvl"))
                            .map(|index| (index, Level::default()));
                    }
                    "start" => {
                        if let Some((_, level)) = level.as_mut() {
                            level.start = element
                                .attr("val")
                                .and_then(|val| val.parse().ok())
                                .unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, level)) = level.as_mut() {
                            level.format = element.attr("val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, level)) = level.as_mut() {
                            level.text = element.attr("val").unwrap_or_default();
                        }
                    }
                    "pStyle" => {
                        if let Some((_, level)) = level.as_mut() {
                            level.style = element.attr("val");
                        }
                    }
                    "rPr" => reader.skip_element()?,
                    _ => {}
                },
                Node::End(name) => match name.as_ref() {
                    "lvl" => {
                        if let Some((index, finished)) = level.take() {
                            if let (Some((_, instance)), Some(at)) =
                                (instance.as_mut(), override_level)
                            {
                                instance.overrides[at].get_or_insert_default().level =
                                    Some(finished);
                            } else if let Some((_, definition)) = abstract_num.as_mut() {
                                definition.levels[index] = Some(finished);
                            }
                        }
                    }
                    "lvlOverride" => override_level = None,
                    "abstractNum" => {
                        if let Some((id, definition)) = abstract_num.take() {
                            numbering.abstracts.insert(id, definition);
                        }
                    }
                    "num" => {
                        if let Some((id, finished)) = instance.take() {
                            numbering.instances.insert(id, finished);
                        }
                    }
                    _ => {}
                },
                Node::Eof => return Ok(numbering),
                Node::Text(_) => {}
            }
        }
    }

    /// The abstract definition an instance uses, following a numbering
    /// style's link (once: a link to a link is not followed further).
    fn abstract_of(&self, instance: &Instance) -> Option<(&str, &Abstract)> {
        let (id, definition) = self.abstracts.get_key_value(&instance.abstract_id)?;
        let Some(link) = &definition.num_style_link else {
            return Some((id, definition));
        };
        self.abstracts
            .iter()
            .find(|(_, other)| other.style_link.as_deref() == Some(link))
            .map(|(id, other)| (id.as_str(), other))
            .or(Some((id, definition)))
    }

    /// The level of instance `num_id` whose paragraph style is `style`
    /// (numbering applied through a style that names no level).
    pub fn level_of_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let instance = self.instances.get(num_id)?;
        let (_, definition) = self.abstract_of(instance)?;
        definition
            .levels
            .iter()
            .position(|level| {
                level.as_ref().and_then(|level| level.style.as_deref()) == Some(style)
            })
            .map(|index| index as u8)
    }
}

/// Gives paragraphs their list items in document order, remembering which
/// instance levels have started.
#[derive(Debug, Default)]
pub struct ListCounter {
    list_ids: HashMap<String, ListId>,
    started: HashSet<(String, u8)>,
    /// Number formats Redline does not have, shown as decimal numbers.
    pub unknown_formats: BTreeSet<String>,
}

impl ListCounter {
    /// The list item of a paragraph numbered by instance `num_id` at
    /// `level`; `None` for instance 0 (numbering switched off) or one the
    /// part does not define. `record`: the paragraph is counted (a tracked
    /// change's old properties are not).
    pub fn item(
        &mut self,
        numbering: &Numbering,
        num_id: &str,
        level: u8,
        record: bool,
    ) -> Option<ListItem> {
        if num_id == "0" {
            return None;
        }
        let level = level.min(MAX_LIST_LEVEL);
        let index = usize::from(level);
        let instance = numbering.instances.get(num_id)?;
        let (abstract_id, definition) = numbering.abstract_of(instance)?;
        let overriding = instance.overrides[index].as_ref();
        let defined = overriding
            .and_then(|entry| entry.level.as_ref())
            .or(definition.levels[index].as_ref())
            .cloned()
            .unwrap_or_default();
        let start_override = overriding.and_then(|entry| entry.start);
        let key = (num_id.to_string(), level);
        let first_use = if record {
            self.started.insert(key)
        } else {
            !self.started.contains(&key)
        };
        let next = self.list_ids.len() as u32 + 1;
        let list = *self
            .list_ids
            .entry(abstract_id.to_string())
            .or_insert(ListId(next));
        if defined.format == "none"
            && defined
                .text
                .chars()
                .all(|c| c == '%' || c.is_ascii_digit() || c.is_whitespace())
        {
            // A level that shows no label (LibreOffice's outline numbering
            // of headings): not a list item.
            return None;
        }
        let (format, pattern) = self.format(&defined, level);
        Some(ListItem {
            list,
            level,
            format,
            pattern,
            start: start_override.unwrap_or(defined.start),
            restart: first_use && start_override.is_some(),
        })
    }

    fn format(&mut self, level: &Level, index: u8) -> (NumberFormat, String) {
        let format = match level.format.as_str() {
            "bullet" => {
                // The level's default bullet is the empty pattern.
                let label = bullet_label(&level.text);
                let default = ["•", "◦", "▪"][usize::from(index) % 3];
                let label = if label == default {
                    String::new()
                } else {
                    label
                };
                return (NumberFormat::Bullet, label);
            }
            "none" => {
                let label = level
                    .text
                    .replace(|c: char| c == '%' || c.is_ascii_digit(), "");
                return (NumberFormat::Bullet, label);
            }
            "decimal" | "decimalZero" | "" => NumberFormat::Decimal,
            "lowerLetter" => NumberFormat::LowerLetter,
            "upperLetter" => NumberFormat::UpperLetter,
            "lowerRoman" => NumberFormat::LowerRoman,
            "upperRoman" => NumberFormat::UpperRoman,
            other => {
                self.unknown_formats.insert(other.to_string());
                NumberFormat::Decimal
            }
        };
        let pattern = if level.text.is_empty() {
            format!("%{}.", index + 1)
        } else {
            level.text.clone()
        };
        (format, pattern)
    }
}

fn level_index(value: Option<String>) -> Option<usize> {
    value
        .and_then(|value| value.parse::<usize>().ok())
        .filter(|index| *index < LEVELS)
}

/// The bullet a level shows, as Unicode: symbol-font characters (Word's
/// U+F0B7 in Symbol, U+F0A7 in Wingdings) become the bullets they draw, and
/// Courier's "o" becomes a white bullet; a blank bullet becomes the default
/// one for the level (an empty pattern).
pub fn bullet_label(text: &str) -> String {
    let text = text.trim();
    match text {
        "" => String::new(),
        "\u{F0B7}" | "\u{F0B6}" | "\u{2022}" => "•".to_string(),
        "o" | "\u{F06F}" => "◦".to_string(),
        "\u{F0A7}" | "\u{F0A8}" => "▪".to_string(),
        "\u{F0D8}" => "➢".to_string(),
        "\u{F0FC}" => "✓".to_string(),
        other
            if other
                .chars()
                .any(|c| ('\u{F000}'..='\u{F0FF}').contains(&c)) =>
        {
            "•".to_string()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks::{Block, list_labels};

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbering(body: &str) -> Numbering {
        let xml = format!("<w:numbering {W}>{body}</w:numbering>");
        Numbering::read(&xml, "word/numbering.xml", Path::new("a.docx")).expect("numbering")
    }

    #[test]
    fn labels_as_word_shows_them_with_overrides_and_restarts() {
        let definitions = numbering(
            r#"<w:abstractNum w:abstractNumId="1">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Section %1"/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
                <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
              <w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
              <w:num w:numId="7"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2)"/></w:lvl></w:lvlOverride></w:num>"#,
        );
        let mut counter = ListCounter::default();
        let paragraphs = [
            ("5", 0),
            ("5", 1),
            ("5", 1),
            ("5", 2),
            ("5", 0),
            ("6", 0),
            ("6", 0),
            ("5", 0),
            ("7", 1),
        ];
        let blocks: Vec<Block> = paragraphs
            .iter()
            .map(|(num, level)| {
                Block::item(counter.item(&definitions, num, *level, true).expect("item"))
            })
            .collect();
        let labels: Vec<String> = list_labels(&blocks).into_iter().flatten().collect();
        assert_eq!(
            labels,
            [
                "Section 1",
                "(a)",
                "(b)",
                "1.b.i",
                "Section 2",
                "Section 7",
                "Section 8",
                "Section 9",
                "III)"
            ]
        );
        assert!(counter.item(&definitions, "0", 0, true).is_none());
        assert!(counter.item(&definitions, "99", 0, true).is_none());
    }

    #[test]
    fn bullets_become_unicode() {
        assert_eq!(bullet_label("\u{F0B7}"), "•");
        assert_eq!(bullet_label("o"), "◦");
        assert_eq!(bullet_label(" "), "");
        assert_eq!(bullet_label("–"), "–");
    }
}
