//! Markdown in: CommonMark with GFM tables and strikethrough and footnotes,
//! read by `pulldown-cmark` and turned into content at this edge.
//!
//! | Markdown                                  | content                           |
//! |-------------------------------------------|-----------------------------------|
//! | `#`…`######` headings                     | heading 1–6 blocks                |
//! | `-`, `*`, `+` / `1.` lists, nested        | list items (level, start value)   |
//! | `> quote`                                 | quote blocks                      |
//! | pipe tables                               | table cells (row, column)         |
//! | `**b**`, `*i*`, `~~s~~`, `[t](url)`       | bold, italic, strike, link marks  |
//! | `<u>`, `<sup>`, `<sub>`, small-caps span  | underline, super/subscript, caps  |
//! | `[^1]` and `[^1]: note`                   | note reference and note paragraphs|
//! | hard line break, `<br>`                   | soft line break (U+2028)          |
//!
//! Whatever has no place in the content (images, code formatting, raw HTML,
//! rules, links outside the allow-list, column alignments) is named in a
//! warning with its count; its words are kept where it has any.
//!
//! A [`SourceMap`] remembers where each piece of content came from, so that
//! positions in the Markdown (CriticMarkup's marks) can be carried over.

use super::SourceMap;
use crate::model::blocks::{
    Block, BlockStyle, ListId, ListItem, NOTE_REFERENCE, NoteId, NoteKind, NoteRef, NumberFormat,
    SOFT_BREAK, TableCell, TableId, canonical_ids,
};
use crate::model::content::Content;
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkSpan, Marks, Styles};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// Markdown read into content.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The content.
    pub content: Content,
    /// Where each piece of content came from in the Markdown.
    pub map: SourceMap,
    /// What was not kept, each with its count.
    pub warnings: Vec<String>,
}

/// Reads Markdown.
///
/// ```
/// use redline::formats::markdown::parse;
/// let parsed = parse("# Title\n\nWe **never** sell [data](https://example.com).\n\n- one\n- two\n");
/// assert_eq!(parsed.content.text, "Title\nWe never sell data.\none\ntwo");
/// assert_eq!(parsed.content.blocks[0].kind_name(), "heading");
/// assert_eq!(parsed.content.blocks[2].kind_name(), "list_item");
/// ```
pub fn parse(source: &str) -> Parsed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        reader.event(event, range, source);
    }
    reader.finish()
}

/// The list membership a numbered heading's attributes give (see the
/// writer's `numbered_heading_attribute`).
fn numbered_heading(
    attrs: &[(
        pulldown_cmark::CowStr<'_>,
        Option<pulldown_cmark::CowStr<'_>>,
    )],
) -> Option<ListItem> {
    let value = |key: &str| {
        attrs
            .iter()
            .find(|(name, _)| &**name == key)
            .and_then(|(_, value)| value.as_deref())
    };
    let number = |key: &str| value(key).and_then(|value| value.parse::<u32>().ok());
    let pattern = value("pattern").unwrap_or("%1.");
    let pattern = pattern
        .replace("%20", " ")
        .replace("%7D", "}")
        .replace("%25", "%");
    Some(ListItem {
        list: ListId(number("list")?),
        level: number("level")
            .unwrap_or(0)
            .min(u32::from(crate::model::blocks::MAX_LIST_LEVEL)) as u8,
        format: value("format")
            .and_then(NumberFormat::from_code)
            .unwrap_or(NumberFormat::Decimal),
        pattern,
        start: number("start").unwrap_or(1),
        restart: value("restart") == Some("yes"),
    })
}

/// Content being written, with its source map pieces.
#[derive(Default)]
struct Buffer {
    text: String,
    blocks: Vec<Block>,
    spans: Vec<MarkSpan>,
    segments: Vec<super::Segment>,
    paragraph_open: bool,
}

impl Buffer {
    fn open(&mut self, block: Block, source_at: usize) {
        if !self.blocks.is_empty() {
            self.text.push('\n');
        }
        self.blocks.push(block);
        self.segments
            .push(super::Segment::point(source_at, self.text.len()));
        self.paragraph_open = true;
    }

    fn close(&mut self, source_at: usize) {
        if self.paragraph_open {
            self.segments
                .push(super::Segment::point(source_at, self.text.len()));
            self.paragraph_open = false;
        }
    }

    fn push(&mut self, text: &str, marks: &Marks, source: Range<usize>, linear: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        if !marks.is_plain() && !text.is_empty() {
            self.spans.push(MarkSpan {
                range: start..self.text.len(),
                marks: marks.clone(),
            });
        }
        self.segments.push(super::Segment {
            source,
            content_start: start,
            content_len: text.len(),
            linear,
        });
    }
}

#[derive(Clone)]
struct ListLevel {
    id: ListId,
    ordered: bool,
    start: u32,
}

#[derive(Default)]
struct Reader {
    body: Buffer,
    notes: Buffer,
    in_note: Option<NoteRef>,
    lists: Vec<ListLevel>,
    /// The top list's id, shared by its nested lists.
    list_ids: u32,
    item_has_paragraph: bool,
    heading: Option<u8>,
    quote_depth: usize,
    table: Option<(TableId, u32, u32)>,
    tables: u32,
    styles: HashMap<Styles, usize>,
    links: Vec<Option<LinkTarget>>,
    note_ids: BTreeMap<String, NoteId>,
    dropped: BTreeMap<&'static str, usize>,
    disallowed_links: Vec<String>,
    in_image: usize,
    in_code_block: bool,
    html_styles: Vec<Option<Styles>>,
}

impl Reader {
    fn buffer(&mut self) -> &mut Buffer {
        if self.in_note.is_some() {
            &mut self.notes
        } else {
            &mut self.body
        }
    }

    fn drop_one(&mut self, what: &'static str) {
        *self.dropped.entry(what).or_insert(0) += 1;
    }

    fn marks(&self) -> Marks {
        let styles = self
            .styles
            .iter()
            .filter(|(_, count)| **count > 0)
            .fold(Styles::NONE, |all, (style, _)| all.union(*style));
        Marks {
            styles,
            link: self.links.iter().rev().find_map(Clone::clone),
            note: None,
        }
    }

    fn block(&self) -> Block {
        let mut block = Block::default();
        if let Some(level) = self.heading {
            block.style = BlockStyle::Heading(level);
        } else if self.quote_depth > 0 {
            block.style = BlockStyle::Quote;
        }
        if let Some(level) = self.lists.last() {
            let depth = (self.lists.len() - 1) as u8;
            let mut item = if level.ordered {
                let mut item = ListItem::numbered(level.id, depth);
                item.format = NumberFormat::Decimal;
                item.start = level.start;
                item
            } else {
                ListItem::bulleted(level.id, depth)
            };
            item.pattern = if level.ordered {
                format!("%{}.", depth + 1)
            } else {
                String::new()
            };
            block.list = Some(item);
        }
        if let Some((table, row, col)) = self.table {
            block.cell = Some(TableCell::at(table, row, col));
        }
        block.note = self.in_note;
        block
    }

    /// Opens a paragraph for inline content if none is open.
    fn ensure_open(&mut self, source_at: usize) {
        if !self.buffer().paragraph_open {
            let block = self.block();
            self.buffer().open(block, source_at);
        }
    }

    fn inline_text(&mut self, text: &str, range: Range<usize>, source: &str) {
        if self.in_image > 0 {
            return;
        }
        self.ensure_open(range.start);
        let linear = source.get(range.clone()) == Some(text);
        let marks = self.marks();
        self.buffer().push(text, &marks, range, linear);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, source: &str) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range, source),
            Event::Text(text) => {
                if self.in_code_block {
                    // Each line of a code block is a paragraph of its own.
                    for (index, line) in text.split('\n').enumerate() {
                        if index > 0 {
                            self.buffer().close(range.start);
                        }
                        if !line.is_empty() || index == 0 {
                            self.inline_text(line, range.clone(), source);
                        }
                    }
                } else {
                    self.inline_text(&text, range, source);
                }
            }
            Event::Code(text) => {
                self.drop_one("code formatting (the words are kept)");
                self.inline_text(&text, range, source);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.drop_one("math formatting (the words are kept)");
                self.inline_text(&text, range, source);
            }
            Event::SoftBreak => self.inline_text(" ", range, source),
            Event::HardBreak => self.inline_text(&SOFT_BREAK.to_string(), range, source),
            Event::InlineHtml(html) => self.inline_html(&html, range, source),
            Event::Html(html) => {
                let trimmed = html.trim();
                let comment = trimmed.starts_with("<!--") && trimmed.ends_with("-->");
                if !(trimmed.is_empty() || comment) {
                    self.drop_one("raw HTML blocks");
                }
            }
            Event::FootnoteReference(label) => {
                let next = NoteId(self.note_ids.len() as u32 + 1);
                let id = *self.note_ids.entry(label.to_string()).or_insert(next);
                self.ensure_open(range.start);
                let marks = Marks {
                    note: Some(id),
                    ..self.marks()
                };
                self.buffer()
                    .push(&NOTE_REFERENCE.to_string(), &marks, range, false);
            }
            Event::Rule => self.drop_one("horizontal rules"),
            Event::TaskListMarker(_) => self.drop_one("task list checkboxes"),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if self.lists.is_empty()
                    || !self.item_has_paragraph
                    || !self.buffer().paragraph_open
                {
                    let block = self.block();
                    self.buffer().close(range.start);
                    self.buffer().open(block, range.start);
                } else {
                    // A further paragraph of one list item continues it
                    // after a line break.
                    let marks = Marks::default();
                    self.buffer().push(
                        &SOFT_BREAK.to_string(),
                        &marks,
                        range.start..range.start,
                        false,
                    );
                }
                self.item_has_paragraph = true;
            }
            Tag::Heading {
                level,
                classes,
                attrs,
                ..
            } => {
                self.heading = Some(level as u8);
                let mut block = self.block();
                if classes.iter().any(|class| &**class == "numbered") {
                    block.list = numbered_heading(&attrs);
                }
                self.buffer().close(range.start);
                self.buffer().open(block, range.start);
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::CodeBlock(_) => {
                self.drop_one("code blocks (kept as plain paragraphs)");
                self.in_code_block = true;
            }
            Tag::HtmlBlock => {}
            Tag::List(start) => {
                let id = match self.lists.first() {
                    Some(top) => top.id,
                    None => {
                        // Far from the ids numbered headings name; all are
                        // renumbered by first appearance at the end.
                        self.list_ids += 1;
                        ListId(u32::MAX / 2 + self.list_ids)
                    }
                };
                self.buffer().close(range.start);
                self.lists.push(ListLevel {
                    id,
                    ordered: start.is_some(),
                    start: start.map_or(1, |start| u32::try_from(start).unwrap_or(u32::MAX)),
                });
            }
            Tag::Item => {
                self.buffer().close(range.start);
                self.item_has_paragraph = false;
            }
            Tag::FootnoteDefinition(label) => {
                self.body.close(range.start);
                let next = NoteId(self.note_ids.len() as u32 + 1);
                let id = *self.note_ids.entry(label.to_string()).or_insert(next);
                self.in_note = Some(NoteRef {
                    id,
                    kind: NoteKind::Footnote,
                });
            }
            Tag::Table(alignments) => {
                if alignments
                    .iter()
                    .any(|alignment| *alignment != pulldown_cmark::Alignment::None)
                {
                    self.drop_one("table column alignments");
                }
                self.tables += 1;
                self.buffer().close(range.start);
                self.table = Some((TableId(self.tables), 0, 0));
            }
            Tag::TableHead => {
                if let Some(table) = self.table.as_mut() {
                    table.1 = 0;
                    table.2 = 0;
                }
            }
            Tag::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.1 += 1;
                    table.2 = 0;
                }
            }
            Tag::TableCell => {
                let block = self.block();
                self.buffer().close(range.start);
                self.buffer().open(block, range.start);
            }
            Tag::Emphasis => self.style(Styles::ITALIC, 1),
            Tag::Strong => self.style(Styles::BOLD, 1),
            Tag::Strikethrough => self.style(Styles::STRIKE, 1),
            Tag::Superscript => self.style(Styles::SUPERSCRIPT, 1),
            Tag::Subscript => self.style(Styles::SUBSCRIPT, 1),
            Tag::Link { dest_url, .. } => {
                let link = match LinkTarget::new(&dest_url) {
                    Ok(link) => Some(link),
                    Err(_) => {
                        self.disallowed_links.push(dest_url.to_string());
                        None
                    }
                };
                self.links.push(link);
            }
            Tag::Image { .. } => {
                self.drop_one("images");
                self.in_image += 1;
            }
            Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>, source: &str) {
        match tag {
            // A list item's paragraphs are one paragraph; it ends with the item.
            TagEnd::Paragraph if self.lists.is_empty() => self.buffer().close(range.end),
            TagEnd::Heading(_) => {
                self.buffer().close(range.end);
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.buffer().close(range.end);
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.buffer().close(range.end);
                self.in_code_block = false;
            }
            TagEnd::List(_) => {
                self.buffer().close(range.end);
                self.lists.pop();
            }
            TagEnd::Item => {
                self.buffer().close(range.end);
                self.item_has_paragraph = false;
            }
            TagEnd::FootnoteDefinition => {
                self.notes.close(range.end);
                self.in_note = None;
            }
            TagEnd::Table => {
                self.buffer().close(range.end);
                self.table = None;
            }
            TagEnd::TableCell => {
                self.buffer().close(range.end);
                self.merge_covered_cell(range, source);
                if let Some(table) = self.table.as_mut() {
                    table.2 += 1;
                }
            }
            TagEnd::Emphasis => self.style(Styles::ITALIC, -1),
            TagEnd::Strong => self.style(Styles::BOLD, -1),
            TagEnd::Strikethrough => self.style(Styles::STRIKE, -1),
            TagEnd::Superscript => self.style(Styles::SUPERSCRIPT, -1),
            TagEnd::Subscript => self.style(Styles::SUBSCRIPT, -1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            _ => {}
        }
    }

    /// A cell that is only `^^` (or `<<`) is covered by the cell above (or
    /// to the left), which grows over it; the marker paragraph goes.
    fn merge_covered_cell(&mut self, range: Range<usize>, source: &str) {
        let Some((table, row, col)) = self.table else {
            return;
        };
        let marker = source[range.clone()].trim().trim_matches('|').trim();
        let (down, across) = (marker == "^^", marker == "<<");
        if !down && !across {
            return;
        }
        let buffer = self.buffer();
        let Some(last) = buffer.blocks.last() else {
            return;
        };
        if last.cell.map(|cell| (cell.row, cell.col)) != Some((row, col)) {
            return;
        }
        // Drop the marker paragraph.
        let paragraph_start = buffer.text.rfind('\n').map_or(0, |at| at + 1);
        let removed_from = paragraph_start.saturating_sub(1);
        buffer.text.truncate(removed_from);
        buffer.blocks.pop();
        buffer.spans.retain(|span| span.range.start < removed_from);
        buffer.segments.retain(|segment| {
            segment.content_start < removed_from
                || segment.content_len == 0 && segment.content_start <= removed_from
        });
        for segment in &mut buffer.segments {
            segment.content_start = segment.content_start.min(removed_from);
            segment.content_len = segment
                .content_len
                .min(removed_from - segment.content_start);
        }
        // Grow the covering cell.
        let covering = buffer.blocks.iter_mut().rev().find_map(|block| {
            let cell = block.cell.as_mut()?;
            let hit = cell.table == table
                && if down {
                    cell.col == col && cell.row + cell.row_span == row
                } else {
                    cell.row == row && cell.col + cell.col_span == col
                };
            hit.then_some(cell)
        });
        match covering {
            Some(cell) if down => cell.row_span += 1,
            Some(cell) => cell.col_span += 1,
            None => {}
        }
        // Every paragraph of a multi-paragraph covering cell shares its cell.
        if let Some(cell) = buffer.blocks.iter().rev().find_map(|block| {
            block
                .cell
                .filter(|cell| cell.table == table && (cell.row_span > 1 || cell.col_span > 1))
        }) {
            for block in buffer.blocks.iter_mut() {
                if let Some(other) = block.cell.as_mut()
                    && other.table == cell.table
                    && other.row == cell.row
                    && other.col == cell.col
                {
                    *other = cell;
                }
            }
        }
    }

    fn style(&mut self, style: Styles, change: isize) {
        let count = self.styles.entry(style).or_insert(0);
        *count = count.saturating_add_signed(change);
    }

    /// Inline HTML that says what Markdown cannot: underline, superscript,
    /// subscript, small caps, line breaks; bold, italic and strike as tags
    /// too. Comments are skipped; other tags are dropped with a warning.
    fn inline_html(&mut self, html: &str, range: Range<usize>, source: &str) {
        let tag = html.trim().to_ascii_lowercase();
        if tag.starts_with("<!--") {
            return;
        }
        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
            self.inline_text(&SOFT_BREAK.to_string(), range, source);
            return;
        }
        if self.table.is_some() && matches!(tag.as_str(), "<p>" | "</p>") {
            // A table cell's next paragraph.
            if tag == "<p>" {
                let block = self.block();
                self.buffer().close(range.start);
                self.buffer().open(block, range.end);
            }
            return;
        }
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches("</")
            .trim_start_matches('<')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let style = match name.as_str() {
            "u" | "ins" => Some(Styles::UNDERLINE),
            "sup" => Some(Styles::SUPERSCRIPT),
            "sub" => Some(Styles::SUBSCRIPT),
            "b" | "strong" => Some(Styles::BOLD),
            "i" | "em" => Some(Styles::ITALIC),
            "s" | "del" | "strike" => Some(Styles::STRIKE),
            "span" if !closing => tag.contains("small-caps").then_some(Styles::SMALL_CAPS),
            "span" => self.html_styles.pop().flatten(),
            _ => None,
        };
        if name == "span" && !closing {
            self.html_styles.push(style);
        }
        match style {
            Some(style) => self.style(style, if closing { -1 } else { 1 }),
            None if name == "span" => {}
            None => self.drop_one("raw HTML tags"),
        }
    }

    fn finish(mut self) -> Parsed {
        self.body.close(usize::MAX);
        self.notes.close(usize::MAX);
        let mut warnings: Vec<String> = self
            .dropped
            .iter()
            .map(|(what, count)| format!("{count} × {what} not kept"))
            .collect();
        if !self.disallowed_links.is_empty() {
            warnings.push(format!(
                "{} link{} kept as plain text: only http, https, mailto and in-document links are allowed ({})",
                self.disallowed_links.len(),
                if self.disallowed_links.len() == 1 { "" } else { "s" },
                self.disallowed_links
                    .iter()
                    .take(5)
                    .map(|target| format!("{target:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let Reader {
            mut body, notes, ..
        } = self;
        if !notes.blocks.is_empty() {
            let offset = if body.blocks.is_empty() {
                0
            } else {
                body.text.push('\n');
                body.text.len()
            };
            body.text.push_str(&notes.text);
            body.blocks.extend(notes.blocks);
            body.spans
                .extend(notes.spans.into_iter().map(|span| MarkSpan {
                    range: span.range.start + offset..span.range.end + offset,
                    marks: span.marks,
                }));
            body.segments
                .extend(notes.segments.into_iter().map(|mut segment| {
                    segment.content_start += offset;
                    segment
                }));
        }
        if body.blocks.is_empty() {
            body.blocks.push(Block::default());
        }
        canonical_ids(&mut body.blocks);
        let content = Content::new(body.text, body.blocks, body.spans).unwrap_or_default();
        Parsed {
            map: SourceMap::new(body.segments, content.text.len()),
            content,
            warnings,
        }
    }
}
