//! A guarded pull parser over one XML part of a package, and the escaping
//! the writer uses.
//!
//! Invariants the reader keeps for every part:
//! - any DOCTYPE is refused, so no external or internal entity can be
//!   declared, let alone expanded (no XXE, no billion laughs);
//! - only the five predefined entities and numeric character references are
//!   resolved (quick-xml 0.38+ hands them over as separate `GeneralRef`
//!   events; the text around them comes in `Text` events);
//! - elements nest at most [`MAX_DEPTH`] deep;
//! - empty elements (`<w:b/>`) arrive as a start and an end, so callers see
//!   one shape.
//!
//! Names are compared by local name (`w:p` → `p`): the parts Redline reads
//! use distinct local names for everything it looks at.

use super::super::FormatError;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;
use std::path::Path;

/// How deep elements may nest before the part is refused. Real documents
/// (tables in tables, fields in hyperlinks) stay far below this.
pub const MAX_DEPTH: usize = 256;

/// One step of the pull parser.
#[derive(Debug)]
pub enum Node<'a> {
    /// An element starts (also for empty elements, which end right after).
    Start(Element<'a>),
    /// An element ends; its local name.
    End(Cow<'a, str>),
    /// Character data, with references resolved and line ends normalised.
    Text(Cow<'a, str>),
    /// The end of the part.
    Eof,
}

/// A start tag.
#[derive(Debug)]
pub struct Element<'a> {
    start: BytesStart<'a>,
}

impl Element<'_> {
    /// The local name, without the namespace prefix.
    pub fn local(&self) -> &str {
        local_name(self.start.name().0)
    }

    /// The value of the attribute with this local name, borrowed when it
    /// needs no unescaping (the common case: no allocation).
    pub fn attr_ref(&self, local: &str) -> Option<Cow<'_, str>> {
        let attribute = self
            .start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|attribute| local_name(attribute.key.0) == local)?;
        if !attribute.value.contains(['&', '\t', '\n', '\r']) {
            return Some(attribute.value);
        }
        attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .ok()
            .map(|value| Cow::Owned(value.into_owned()))
    }

    /// The value of the attribute with this local name (`w:id` → `id`),
    /// unescaped; `None` when absent or malformed.
    pub fn attr(&self, local: &str) -> Option<String> {
        let attribute = self
            .start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|attribute| local_name(attribute.key.0) == local)?;
        // Most values have no entity and no whitespace to normalise: taking
        // them as they are skips the normaliser (a measurable share of an
        // import, which reads thousands of attributes).
        if !attribute.value.contains(['&', '\t', '\n', '\r']) {
            return Some(attribute.value.into_owned());
        }
        attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .ok()
            .map(Cow::into_owned)
    }
}

/// The part of a qualified name after its prefix (`w:p` → `p`). A byte
/// scan: this runs for every element and attribute, and `:` is ASCII.
fn local_name(name: &str) -> &str {
    match name.bytes().position(|byte| byte == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// A pull parser over one part, reporting errors against `part` in the
/// package at `origin`.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    source: &'a str,
    part: &'a str,
    origin: &'a Path,
    depth: usize,
    pending_end: Option<Cow<'a, str>>,
}

impl<'a> XmlReader<'a> {
    /// A reader over `source`, the text of `part`.
    pub fn new(source: &'a str, part: &'a str, origin: &'a Path) -> XmlReader<'a> {
        let mut reader = Reader::from_str(source);
        let config = reader.config_mut();
        config.expand_empty_elements = false;
        config.check_end_names = true;
        XmlReader {
            reader,
            source,
            part,
            origin,
            depth: 0,
            pending_end: None,
        }
    }

    /// The current nesting depth (0 outside the root element).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next node.
    pub fn next_node(&mut self) -> Result<Node<'a>, FormatError> {
        if let Some(name) = self.pending_end.take() {
            self.depth -= 1;
            return Ok(Node::End(name));
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let position = self.reader.error_position() as usize;
                    return Err(self.syntax(position, format!("malformed xml: {error}")));
                }
            };
            match event {
                Event::Start(start) => {
                    self.enter()?;
                    return Ok(Node::Start(Element { start }));
                }
                Event::Empty(start) => {
                    self.enter()?;
                    self.pending_end = Some(self.borrowed(local_name(start.name().0)));
                    return Ok(Node::Start(Element { start }));
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Node::End(self.borrowed(local_name(end.name().0))));
                }
                Event::Text(text) => {
                    return Ok(Node::Text(match text.xml10_content() {
                        Cow::Borrowed(_) => text.into_inner(),
                        Cow::Owned(owned) => Cow::Owned(owned),
                    }));
                }
                Event::CData(data) => {
                    return Ok(Node::Text(Cow::Owned(data.xml10_content().into_owned())));
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(character)) => Some(character.to_string()),
                        Ok(None) => resolve_predefined_entity(&reference).map(str::to_string),
                        Err(_) => None,
                    };
                    let Some(resolved) = resolved else {
                        let position = self.reader.buffer_position() as usize;
                        return Err(self.syntax(
                            position,
                            format!("unknown or invalid entity reference &{};", &*reference),
                        ));
                    };
                    return Ok(Node::Text(Cow::Owned(resolved)));
                }
                Event::DocType(_) => {
                    let position = self.reader.buffer_position() as usize;
                    return Err(self.syntax(
                        position,
                        "a DOCTYPE is not allowed (documents declaring entities are refused)"
                            .to_string(),
                    ));
                }
                Event::Eof => {
                    if self.depth > 0 {
                        let position = self.source.len();
                        return Err(self.syntax(position, "unexpected end of the part".to_string()));
                    }
                    return Ok(Node::Eof);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// Skips the rest of the element whose start was just read.
    pub fn skip_element(&mut self) -> Result<(), FormatError> {
        let target = self.depth.saturating_sub(1);
        loop {
            match self.next_node()? {
                Node::End(_) if self.depth == target => return Ok(()),
                Node::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// `name` as a slice of the source when it is one (always, for the
    /// slice reader), so end tags cost no allocation.
    fn borrowed(&self, name: &str) -> Cow<'a, str> {
        let offset = (name.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        match self.source.get(offset..offset.wrapping_add(name.len())) {
            Some(slice) if slice.as_ptr() == name.as_ptr() => Cow::Borrowed(slice),
            _ => Cow::Owned(name.to_string()),
        }
    }

    fn enter(&mut self) -> Result<(), FormatError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let position = self.reader.buffer_position() as usize;
            return Err(self.syntax(
                position,
                format!("elements nest more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }

    fn syntax(&self, position: usize, message: String) -> FormatError {
        let position = position.min(self.source.len());
        let before = self.source.as_bytes().get(..position).unwrap_or_default();
        let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |index| index + 1);
        FormatError::Syntax {
            path: self.origin.to_path_buf(),
            line,
            column: position - line_start + 1,
            message: format!("{}: {message}", self.part),
        }
    }
}

/// Escapes text for element content and attribute values, dropping the
/// control characters XML 1.0 cannot carry.
pub fn escape_into(out: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(character),
            control if (control as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            other => out.push(other),
        }
    }
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, FormatError> {
        let mut reader = XmlReader::new(xml, "part.xml", Path::new("f.docx"));
        let mut out = String::new();
        loop {
            match reader.next_node()? {
                Node::Start(element) => out.push_str(&format!("<{}>", element.local())),
                Node::End(name) => out.push_str(&format!("</{name}>")),
                Node::Text(text) => out.push_str(&text),
                Node::Eof => return Ok(out),
            }
        }
    }

    #[test]
    fn references_are_resolved_and_empty_elements_end() {
        assert_eq!(
            texts("<w:t a=\"1\">R&amp;D &#60;&#x3E;<w:br/>x</w:t>").expect("parse"),
            "<t>R&D <><br></br>x</t>"
        );
    }

    #[test]
    fn escaping_round_trips_through_the_reader() {
        let text = "R&D <Team> \"quoted\" 'single' &amp; \u{1F600}\u{1}";
        let xml = format!("<t>{}</t>", escape(text));
        assert_eq!(
            texts(&xml).expect("parse"),
            "<t>R&D <Team> \"quoted\" 'single' &amp; \u{1F600}</t>"
        );
    }

    #[test]
    fn errors_name_the_part_line_and_column() {
        let error = texts("<a>\n  <b></a>").expect_err("mismatched");
        let FormatError::Syntax { line, message, .. } = &error else {
            panic!("{error}");
        };
        assert_eq!(*line, 2);
        assert!(message.starts_with("part.xml: malformed xml"), "{message}");
    }
}
