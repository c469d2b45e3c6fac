//! What `word/styles.xml` says that Redline keeps: which paragraph styles
//! are headings (by outline level, else by the built-in name "heading N"),
//! which are block quotes, which carry numbering, and which character
//! styles make text bold, italic and so on. Styles inherit through
//! `w:basedOn`; the chain is followed at most [`MAX_CHAIN`] steps, so a
//! cycle cannot hang the reader.
//!
//! Character styles that only dress something Redline shows in its own way
//! are ignored: hyperlink and note-reference styles, and styles linked to a
//! paragraph style ("Heading 1 Char"), which repeat that style's look rather
//! than emphasise words.

use super::super::xml::{Element, Node, XmlReader};
use crate::formats::FormatError;
use crate::model::marks::Styles;
use std::collections::HashMap;
use std::path::Path;

/// How many `w:basedOn` steps are followed.
pub const MAX_CHAIN: usize = 16;

/// Numbering a paragraph style carries (`w:pPr/w:numPr`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleNumbering {
    /// The `w:numId`.
    pub num_id: String,
    /// The `w:ilvl`, when the style gives one.
    pub level: Option<u8>,
}

/// A paragraph style, resolved through its `w:basedOn` chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphStyle {
    /// Its heading level, 1 to 9.
    pub heading: Option<u8>,
    /// A block quote style.
    pub quote: bool,
    /// Numbering it applies.
    pub numbering: Option<StyleNumbering>,
}

/// Run properties that are switched on or off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Toggles {
    /// Switched on.
    pub on: Styles,
    /// Switched off.
    pub off: Styles,
}

impl Toggles {
    /// `base` with these toggles applied.
    pub fn apply(self, base: Styles) -> Styles {
        base.without(self.off).union(self.on)
    }

    /// Records the run property `element` (`w:b`, `w:u`, `w:vertAlign`…).
    pub fn read(&mut self, element: &Element<'_>) {
        let value = element.attr_ref("val");
        let style = match element.local() {
            "b" => Styles::BOLD,
            "i" => Styles::ITALIC,
            "strike" | "dstrike" => Styles::STRIKE,
            "smallCaps" => Styles::SMALL_CAPS,
            "u" => {
                let on = value.as_deref().is_none_or(|value| value != "none");
                self.set(Styles::UNDERLINE, on);
                return;
            }
            "vertAlign" | "position" => {
                // LibreOffice raises and lowers text by a position (in half
                // points) where Word sets a vertical alignment.
                let shift = value.as_deref().and_then(|value| value.parse::<i32>().ok());
                let (on, off) = match (value.as_deref(), shift) {
                    (Some("superscript"), _) => (Styles::SUPERSCRIPT, Styles::SUBSCRIPT),
                    (Some("subscript"), _) => (Styles::SUBSCRIPT, Styles::SUPERSCRIPT),
                    (_, Some(shift)) if shift > 0 => (Styles::SUPERSCRIPT, Styles::SUBSCRIPT),
                    (_, Some(shift)) if shift < 0 => (Styles::SUBSCRIPT, Styles::SUPERSCRIPT),
                    _ => (Styles::NONE, Styles::SUPERSCRIPT.union(Styles::SUBSCRIPT)),
                };
                self.set(off, false);
                self.set(on, true);
                return;
            }
            _ => return,
        };
        self.set(style, is_on(value.as_deref()));
    }

    fn set(&mut self, style: Styles, on: bool) {
        if on {
            self.on = self.on.union(style);
            self.off = self.off.without(style);
        } else {
            self.off = self.off.union(style);
            self.on = self.on.without(style);
        }
    }
}

/// A toggle property's value: absent, `1`, `true`, `on` mean on.
pub fn is_on(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off" | "none"))
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    paragraph: bool,
    character: bool,
    name: String,
    based_on: Option<String>,
    linked: bool,
    outline_level: Option<u8>,
    numbering: Option<StyleNumbering>,
    toggles: Toggles,
}

/// The styles of a document.
#[derive(Debug, Clone, Default)]
pub struct StyleSheet {
    paragraphs: HashMap<String, ParagraphStyle>,
    characters: HashMap<String, Toggles>,
}

impl StyleSheet {
    /// Reads `word/styles.xml`.
    pub fn read(xml: &str, part: &str, origin: &Path) -> Result<StyleSheet, FormatError> {
        let mut reader = XmlReader::new(xml, part, origin);
        let mut definitions: HashMap<String, StyleDef> = HashMap::new();
        let mut current: Option<(String, StyleDef)> = None;
        let mut in_run_props = false;
        let mut in_numbering = false;
        loop {
            match reader.next_node()? {
                Node::Start(element) => {
                    let Some((_, definition)) = current.as_mut() else {
                        if element.local() == "style"
                            && let Some(id) = element.attr("styleId")
                        {
                            let kind = element.attr("type").unwrap_or_default();
                            current = Some((
                                id,
                                StyleDef {
                                    paragraph: kind == "paragraph",
                                    character: kind == "character",
                                    ..StyleDef::default()
                                },
                            ));
                        }
                        continue;
                    };
                    match element.local() {
                        "name" => {
                            definition.name =
                                element.attr("val").unwrap_or_default().to_lowercase();
                        }
                        "basedOn" => definition.based_on = element.attr("val"),
                        "link" => definition.linked = true,
                        "outlineLvl" => {
                            definition.outline_level =
                                element.attr("val").and_then(|val| val.parse().ok());
                        }
                        "numPr" => {
                            in_numbering = true;
                            definition.numbering.get_or_insert(StyleNumbering {
                                num_id: String::new(),
                                level: None,
                            });
                        }
                        "numId" if in_numbering => {
                            if let Some(numbering) = definition.numbering.as_mut() {
                                numbering.num_id = element.attr("val").unwrap_or_default();
                            }
                        }
                        "ilvl" if in_numbering => {
                            if let Some(numbering) = definition.numbering.as_mut() {
                                numbering.level =
                                    element.attr("val").and_then(|val| val.parse().ok());
                            }
                        }
                        "rPr" => in_run_props = true,
                        "tblPr" | "tcPr" | "trPr" | "tblStylePr" | "pPrChange" | "rPrChange" => {
                            reader.skip_element()?;
                        }
                        _ if in_run_props => definition.toggles.read(&element),
                        _ => {}
                    }
                }
                Node::End(name) => match name.as_ref() {
                    "rPr" => in_run_props = false,
                    "numPr" => in_numbering = false,
                    "style" => {
                        if let Some((id, definition)) = current.take() {
                            definitions.insert(id, definition);
                        }
                    }
                    _ => {}
                },
                Node::Eof => break,
                Node::Text(_) => {}
            }
        }
        Ok(StyleSheet::resolve(&definitions))
    }

    fn resolve(definitions: &HashMap<String, StyleDef>) -> StyleSheet {
        let chain = |id: &str| {
            let mut steps = Vec::new();
            let mut next = Some(id.to_string());
            while let Some(id) = next.take() {
                let Some(definition) = definitions.get(&id) else {
                    break;
                };
                steps.push((id, definition));
                if steps.len() >= MAX_CHAIN {
                    break;
                }
                next = definition.based_on.clone();
            }
            steps
        };
        let mut sheet = StyleSheet::default();
        for (id, definition) in definitions {
            let steps = chain(id);
            if definition.paragraph {
                let heading = steps.iter().find_map(|(step_id, step)| {
                    step.outline_level
                        .map(|level| level.saturating_add(1))
                        .or_else(|| heading_by_name(&step.name))
                        .or_else(|| heading_by_id(step_id))
                });
                let style = ParagraphStyle {
                    heading: heading.filter(|level| (1..=9).contains(level)),
                    quote: steps.iter().any(|(_, step)| is_quote_name(&step.name)),
                    numbering: steps.iter().find_map(|(_, step)| step.numbering.clone()),
                };
                sheet.paragraphs.insert(id.clone(), style);
            }
            if definition.character && !ignored_character_style(&definition.name, definition.linked)
            {
                let mut toggles = Toggles::default();
                for (_, step) in steps.iter().rev() {
                    toggles.on = step.toggles.apply(toggles.on);
                    toggles.off = toggles.off.without(step.toggles.on).union(step.toggles.off);
                }
                sheet.characters.insert(id.clone(), toggles);
            }
        }
        sheet
    }

    /// The paragraph style with this id; a style the part does not define
    /// (or a package without a styles part) is taken by Word's built-in ids
    /// (`Heading2`, `Quote`).
    pub fn paragraph(&self, id: &str) -> ParagraphStyle {
        if let Some(style) = self.paragraphs.get(id) {
            return style.clone();
        }
        ParagraphStyle {
            heading: heading_by_id(id),
            quote: is_quote_name(&id.to_lowercase()),
            numbering: None,
        }
    }

    /// What the character style with this id switches; Word's built-in
    /// `Strong` and `Emphasis` when the part does not define them.
    pub fn character(&self, id: &str) -> Toggles {
        if let Some(toggles) = self.characters.get(id) {
            return *toggles;
        }
        let on = match id {
            "Strong" => Styles::BOLD,
            "Emphasis" => Styles::ITALIC,
            _ => Styles::NONE,
        };
        Toggles {
            on,
            off: Styles::NONE,
        }
    }
}

/// "heading 3" → 3.
fn heading_by_name(name: &str) -> Option<u8> {
    name.strip_prefix("heading ")?.trim().parse().ok()
}

/// "Heading3" (Word's and pandoc's built-in ids) → 3.
fn heading_by_id(id: &str) -> Option<u8> {
    let lower = id.to_ascii_lowercase();
    lower.strip_prefix("heading")?.trim().parse().ok()
}

/// The names Word, LibreOffice and pandoc give block quote styles.
fn is_quote_name(name: &str) -> bool {
    matches!(
        name,
        "quote"
            | "intense quote"
            | "intensequote"
            | "block text"
            | "blocktext"
            | "quotations"
            | "block quotation"
            | "blockquote"
    )
}

fn ignored_character_style(name: &str, linked: bool) -> bool {
    linked
        || matches!(
            name,
            "hyperlink"
                | "followedhyperlink"
                | "internet link"
                | "footnote reference"
                | "endnote reference"
                | "annotation reference"
                | "footnote characters"
                | "endnote characters"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn sheet(body: &str) -> StyleSheet {
        let xml = format!("<w:styles {W}>{body}</w:styles>");
        StyleSheet::read(&xml, "word/styles.xml", Path::new("a.docx")).expect("styles")
    }

    #[test]
    fn headings_by_outline_level_name_and_inheritance() {
        let styles = sheet(
            r#"<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Deep"><w:name w:val="Deep"/><w:pPr><w:outlineLvl w:val="7"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/><w:basedOn w:val="Titre2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
            <w:style w:type="paragraph" w:styleId="Zitat"><w:name w:val="Quote"/></w:style>"#,
        );
        assert_eq!(styles.paragraph("Titre2").heading, Some(2));
        assert_eq!(styles.paragraph("Deep").heading, Some(8));
        assert_eq!(styles.paragraph("Child").heading, Some(2));
        assert_eq!(styles.paragraph("Loop").heading, None);
        assert!(styles.paragraph("Zitat").quote);
        assert_eq!(styles.paragraph("Heading4").heading, Some(4), "built in");
        assert!(styles.paragraph("BlockText").quote, "pandoc's quote style");
    }

    #[test]
    fn character_styles_switch_run_properties() {
        let styles = sheet(
            r#"<w:style w:type="character" w:styleId="Term"><w:name w:val="Defined Term"/><w:rPr><w:b/><w:smallCaps/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Plain"><w:name w:val="Plain"/><w:basedOn w:val="Term"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:u w:val="single"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="Heading 1 Char"/><w:link w:val="Heading1"/><w:rPr><w:b/></w:rPr></w:style>"#,
        );
        assert_eq!(
            styles.character("Term").apply(Styles::NONE),
            Styles::BOLD.union(Styles::SMALL_CAPS)
        );
        assert_eq!(
            styles.character("Plain").apply(Styles::BOLD),
            Styles::SMALL_CAPS
        );
        assert_eq!(
            styles.character("Hyperlink").apply(Styles::NONE),
            Styles::NONE
        );
        assert_eq!(
            styles.character("Heading1Char").apply(Styles::NONE),
            Styles::NONE
        );
        assert_eq!(styles.character("Strong").apply(Styles::NONE), Styles::BOLD);
    }
}
