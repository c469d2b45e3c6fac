//! Laying the publication out on pages: paragraphs broken into lines of
//! styled runs (bold and italic faces, smaller raised or lowered text for
//! superscript and subscript, underline and strike lines, links), list
//! items with their labels in a hanging indent, tables (see `table.rs`),
//! and the notes at the end. Every piece of text drawn belongs to a node of
//! the structure tree, in reading order.

use super::fonts::{BOLD, Faces, ITALIC, REGULAR, face_of};
use super::tags::{Attribute, Kid, Tree, heading_role};
use crate::formats::publish::{Shown, runs};
use crate::model::blocks::{BlockStyle, NOTE_REFERENCE, NoteId, NumberFormat, SOFT_BREAK, slug};
use crate::model::content::Content;
use crate::model::marks::{Marks, Styles};
use pdf_writer::types::{ListNumbering, StructRole};
use std::collections::HashMap;

/// The page's measures, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left and right margin.
    pub margin: f32,
    /// Top of the body (below the running header).
    pub body_top: f32,
    /// Bottom of the body (above the footer).
    pub body_bottom: f32,
}

impl Geometry {
    /// The measures of a page of `width` × `height`.
    pub fn new((width, height): (f32, f32)) -> Geometry {
        Geometry {
            width,
            height,
            margin: 64.0,
            body_top: height - 80.0,
            body_bottom: 64.0,
        }
    }

    /// Width available for text.
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
}

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStyle {
    /// The face.
    pub face: usize,
    /// The size in points.
    pub size: f32,
    /// The baseline shift (superscript up, subscript down).
    pub rise: f32,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub strike: bool,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A web or mail address.
    Uri(String),
    /// A heading or bookmark of the policy.
    Anchor(String),
    /// A note, by its number.
    Note(usize),
}

/// A piece of text placed on a page.
#[derive(Debug, Clone)]
pub struct Placed {
    /// How it is drawn.
    pub style: RunStyle,
    /// Left end.
    pub x: f32,
    /// Baseline (before the rise).
    pub baseline: f32,
    /// Its glyphs in [`Layout::glyphs`].
    pub glyphs: std::ops::Range<usize>,
    /// The text it shows, when the glyphs do not spell it (small caps).
    pub actual: Option<String>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Drawing {
    /// Text, part of the structure node `node`.
    Text {
        /// What is drawn.
        placed: Placed,
        /// Its structure node.
        node: usize,
    },
    /// A line that is decoration (a table border, an underline): an
    /// artifact for readers.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Width.
        width: f32,
        /// Grey level (0 black).
        gray: f32,
    },
}

/// A clickable area.
#[derive(Debug, Clone)]
pub struct LinkArea {
    /// Left, bottom, right, top.
    pub rect: [f32; 4],
    /// Where it goes.
    pub destination: Destination,
    /// Its Link node.
    pub node: usize,
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn, in reading order.
    pub drawings: Vec<Drawing>,
    /// The links.
    pub links: Vec<LinkArea>,
}

/// How a kind of paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphStyle {
    /// Face of its plain text.
    pub face: usize,
    /// Size.
    pub size: f32,
    /// Line height.
    pub leading: f32,
    /// Space above.
    pub before: f32,
    /// Space below.
    pub after: f32,
    /// Kept on a page with the two lines after it.
    pub keep_with_next: bool,
}

const fn style(face: usize, size: f32, leading: f32, before: f32, after: f32) -> ParagraphStyle {
    ParagraphStyle {
        face,
        size,
        leading,
        before,
        after,
        keep_with_next: face == BOLD,
    }
}

/// The title.
pub const TITLE: ParagraphStyle = style(BOLD, 20.0, 25.0, 0.0, 6.0);
/// The lines under the title.
pub const FRONT_MATTER: ParagraphStyle = style(REGULAR, 10.5, 14.5, 0.0, 1.0);
/// Body text.
pub const BODY: ParagraphStyle = style(REGULAR, 10.5, 14.5, 0.0, 6.0);
/// A list item.
pub const ITEM: ParagraphStyle = style(REGULAR, 10.5, 14.5, 0.0, 3.0);
/// A block quote.
pub const QUOTE: ParagraphStyle = style(ITALIC, 10.5, 14.5, 0.0, 6.0);
/// Text in a table cell.
pub const CELL: ParagraphStyle = style(REGULAR, 9.5, 12.5, 0.0, 2.0);
/// A note.
pub const NOTE: ParagraphStyle = style(REGULAR, 9.0, 12.0, 0.0, 3.0);
/// A history entry's heading.
pub const HISTORY_ENTRY: ParagraphStyle = style(BOLD, 10.5, 14.5, 6.0, 1.0);
/// A history entry's lines.
pub const HISTORY_LINE: ParagraphStyle = style(REGULAR, 10.5, 14.5, 0.0, 1.0);

/// The style of a heading of `level`.
pub fn heading_style(level: u8) -> ParagraphStyle {
    match level {
        1 => style(BOLD, 16.0, 20.0, 14.0, 4.0),
        2 => style(BOLD, 13.5, 17.0, 11.0, 3.0),
        3 => style(BOLD, 11.5, 15.0, 8.0, 2.0),
        _ => style(BOLD, 10.5, 14.5, 6.0, 2.0),
    }
}

/// Indent per list level.
const LIST_INDENT: f32 = 20.0;
/// Space between a label and its item's text.
const LABEL_GAP: f32 = 5.0;
/// A block quote's indent.
const QUOTE_INDENT: f32 = 18.0;

/// A list being set.
#[derive(Debug, Clone, Copy)]
struct OpenList {
    level: u8,
    list: crate::model::blocks::ListId,
    node: usize,
    body: usize,
}

/// A footnote, set and waiting for the page its reference lands on.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// Its number.
    number: usize,
    /// Its Note node.
    node: usize,
    /// Its number, as a line.
    label: Line,
    /// Its lines.
    lines: Vec<Line>,
    /// Where its lines start.
    x: f32,
}

/// Space above a page's footnotes (for the rule that sets them off).
const FOOT_SEPARATION: f32 = 12.0;

/// A piece of a paragraph's text to set: its words, its marks, and the
/// node its text belongs to.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// How it is drawn.
    pub style: RunStyle,
    /// Small caps: drawn as smaller capitals.
    pub small_caps: bool,
    /// Where it links to.
    pub link: Option<Destination>,
    /// The structure node of its text.
    pub node: usize,
}

/// A run of glyphs within a line.
#[derive(Debug, Clone)]
struct Segment {
    style: RunStyle,
    /// Subset glyph ids with their advances in points.
    glyphs: Vec<(u16, f32)>,
    width: f32,
    link: Option<Destination>,
    node: usize,
    actual: Option<String>,
    /// Wider than its glyphs (a tab): its neighbours cannot join it.
    stretched: bool,
}

/// A line of segments, each at an offset from the line's start.
#[derive(Debug, Clone, Default)]
pub struct Line {
    segments: Vec<(f32, Segment)>,
    /// The line's width.
    pub width: f32,
}

/// The laid-out document.
pub struct Layout {
    /// The page measures.
    pub geometry: Geometry,
    /// The pages.
    pub pages: Vec<Page>,
    /// Every glyph drawn, by subset id.
    pub glyphs: Vec<u16>,
    /// The structure tree.
    pub tree: Tree,
    /// Top of the next line box on the current page.
    pub cursor: f32,
    /// Where anchors are: page and height.
    pub anchors: HashMap<String, (usize, f32)>,
    /// Where notes are: page and height, by number.
    pub note_places: HashMap<usize, (usize, f32)>,
    /// Footnotes not yet placed, by number.
    footnotes: HashMap<usize, Footnote>,
    /// The footnotes at the foot of each page, and the height they take.
    feet: Vec<(Vec<Footnote>, f32)>,
    /// Open lists: their level, list id, L node and last LI's LBody node.
    lists: Vec<OpenList>,
}

impl Layout {
    /// An empty document of pages of this geometry.
    pub fn new(geometry: Geometry) -> Layout {
        Layout {
            geometry,
            pages: vec![Page::default()],
            glyphs: Vec::new(),
            tree: Tree::new(),
            cursor: geometry.body_top,
            anchors: HashMap::new(),
            note_places: HashMap::new(),
            footnotes: HashMap::new(),
            feet: vec![(Vec::new(), 0.0)],
            lists: Vec::new(),
        }
    }

    /// True at the top of a page.
    pub fn at_page_top(&self) -> bool {
        self.cursor >= self.geometry.body_top
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.feet.push((Vec::new(), 0.0));
        self.cursor = self.geometry.body_top;
    }

    /// The lowest the body may reach on the current page: above its
    /// footnotes.
    pub fn bottom(&self) -> f32 {
        self.geometry.body_bottom + self.feet.last().map_or(0.0, |(_, height)| *height)
    }

    /// Adds vertical space (dropped at the top of a page).
    pub fn gap(&mut self, space: f32) {
        if !self.at_page_top() {
            self.cursor -= space;
        }
    }

    /// The index of the current page.
    pub fn page(&self) -> usize {
        self.pages.len() - 1
    }

    /// Records that `anchor` is here.
    pub fn anchor_here(&mut self, anchor: &str) {
        let place = (self.page(), self.cursor);
        self.anchors.entry(anchor.to_string()).or_insert(place);
    }

    // ------------------------------------------------------------ composing

    /// Breaks pieces into lines no wider than `width` (the first line no
    /// wider than `first_width`).
    pub fn compose(
        &mut self,
        faces: &mut Faces,
        pieces: &[Piece],
        first_width: f32,
        width: f32,
    ) -> Vec<Line> {
        let mut lines = vec![Line::default()];
        // The word being built, and the space waiting before it.
        let mut word: Vec<Segment> = Vec::new();
        let mut space: Option<Segment> = None;
        let limit = |lines: &Vec<Line>| if lines.len() == 1 { first_width } else { width };
        for piece in pieces {
            let actual_caps = piece.small_caps;
            for c in piece.text.chars() {
                if c == SOFT_BREAK || c == '\n' {
                    let room = limit(&lines);
                    flush_word(&mut lines, &mut word, &mut space, room);
                    space = None;
                    lines.push(Line::default());
                    continue;
                }
                if c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}') {
                    let room = limit(&lines);
                    flush_word(&mut lines, &mut word, &mut space, room);
                    let face = &mut faces[piece.style.face];
                    let glyph = face.glyph(' ');
                    let width = glyph.width * piece.style.size / 1000.0;
                    if !lines.last().is_some_and(|line| line.segments.is_empty()) {
                        let stretched = c == '\t';
                        let width = if stretched { width * 4.0 } else { width };
                        space = Some(Segment {
                            style: piece.style,
                            glyphs: vec![(glyph.id, width)],
                            width,
                            link: piece.link.clone(),
                            node: piece.node,
                            actual: None,
                            stretched,
                        });
                    }
                    continue;
                }
                let (drawn, size) = if actual_caps && c.is_lowercase() {
                    (c.to_uppercase().next().unwrap_or(c), piece.style.size * 0.8)
                } else {
                    (c, piece.style.size)
                };
                let glyph = faces[piece.style.face].glyph(drawn);
                let style = RunStyle {
                    size,
                    ..piece.style
                };
                let advance = glyph.width * size / 1000.0;
                match word.last_mut() {
                    Some(last)
                        if last.style == style
                            && last.link == piece.link
                            && last.node == piece.node
                            && last.actual.is_some() == (drawn != c) =>
                    {
                        last.glyphs.push((glyph.id, advance));
                        last.width += advance;
                        if let Some(actual) = last.actual.as_mut() {
                            actual.push(c);
                        }
                    }
                    _ => word.push(Segment {
                        style,
                        glyphs: vec![(glyph.id, advance)],
                        width: advance,
                        link: piece.link.clone(),
                        node: piece.node,
                        actual: (drawn != c).then(|| c.to_string()),
                        stretched: false,
                    }),
                }
            }
        }
        let room = limit(&lines);
        flush_word(&mut lines, &mut word, &mut space, room);
        if lines.len() > 1 && lines.last().is_some_and(|line| line.segments.is_empty()) {
            lines.pop();
        }
        lines
    }

    // ------------------------------------------------------------ placing

    /// Places lines at `x`, starting new pages as needed; `label`: a list
    /// label drawn at its own x on the first line.
    pub fn place(
        &mut self,
        lines: &[Line],
        x: f32,
        style: &ParagraphStyle,
        label: Option<(&Line, f32)>,
    ) {
        self.gap(style.before);
        if style.keep_with_next {
            // Keep a heading together with two lines of what follows.
            let needed = lines.len() as f32 * style.leading + 2.0 * BODY.leading;
            if self.cursor - needed < self.bottom() && !self.at_page_top() {
                self.new_page();
            }
        }
        for (index, line) in lines.iter().enumerate() {
            if self.cursor - style.leading - self.notes_room(line) < self.bottom()
                && !self.at_page_top()
            {
                self.new_page();
            }
            let baseline = self.cursor - (style.leading - style.size) / 2.0 - 0.76 * style.size;
            if index == 0
                && let Some((label, label_x)) = label
            {
                self.draw_line(label, label_x, baseline);
            }
            self.draw_line(line, x, baseline);
            self.cursor -= style.leading;
        }
        self.cursor -= style.after;
    }

    /// The height the footnotes `line` refers to would add at the foot of
    /// the current page.
    fn notes_room(&self, line: &Line) -> f32 {
        let height: f32 = note_numbers_in(line)
            .filter_map(|number| self.footnotes.get(&number))
            .map(|note| note.lines.len().max(1) as f32 * NOTE.leading + NOTE.after)
            .sum();
        let first = self.feet.last().is_none_or(|(notes, _)| notes.is_empty());
        if height > 0.0 && first {
            height + FOOT_SEPARATION
        } else {
            height
        }
    }

    /// Moves the footnotes `line` refers to onto the current page's foot,
    /// their Note elements after the text that refers to them.
    fn attach_notes(&mut self, line: &Line) {
        let numbers: Vec<usize> = note_numbers_in(line).collect();
        for number in numbers {
            let Some(note) = self.footnotes.remove(&number) else {
                continue;
            };
            let referring = line
                .segments
                .iter()
                .find(|(_, segment)| segment.link == Some(Destination::Note(number)))
                .and_then(|(_, segment)| self.tree.nodes[segment.node].parent)
                .unwrap_or(0);
            self.tree.nodes[note.node].parent = Some(referring);
            self.tree.list(note.node);
            let room = self.notes_room_of(&note);
            if let Some((notes, height)) = self.feet.last_mut() {
                *height += room;
                notes.push(note);
            }
        }
    }

    fn notes_room_of(&self, note: &Footnote) -> f32 {
        let first = self.feet.last().is_none_or(|(notes, _)| notes.is_empty());
        note.lines.len().max(1) as f32 * NOTE.leading
            + NOTE.after
            + if first { FOOT_SEPARATION } else { 0.0 }
    }

    /// Sets a footnote's text to wait for its reference.
    pub fn prepare_footnote(
        &mut self,
        faces: &mut Faces,
        content: &Content,
        note: &crate::formats::publish::Note,
        numbers: &HashMap<NoteId, usize>,
    ) {
        let node = self.tree.add_inline(StructRole::Note, 0);
        let label_node = self.tree.add_inline(StructRole::Lbl, node);
        let label_piece = plain_piece(&note.number.to_string(), &NOTE, label_node);
        let label = self
            .compose(faces, &[label_piece], f32::MAX, f32::MAX)
            .into_iter()
            .next()
            .unwrap_or_default();
        let (_, x) = hanging(self.geometry.margin, label.width);
        let width = self.geometry.margin + self.geometry.text_width() - x;
        let mut lines = Vec::new();
        for shown in &note.paragraphs {
            let pieces = inline_pieces(content, shown, numbers, &NOTE, node, &mut self.tree);
            lines.extend(self.compose(faces, &pieces, width, width));
        }
        self.footnotes.insert(
            note.number,
            Footnote {
                number: note.number,
                node,
                label,
                lines,
                x,
            },
        );
    }

    /// Draws every page's footnotes at its foot, under a short rule.
    pub fn finish_footnotes(&mut self) {
        let feet = std::mem::take(&mut self.feet);
        for (page, (notes, height)) in feet.into_iter().enumerate() {
            if notes.is_empty() {
                continue;
            }
            let top = self.geometry.body_bottom + height;
            let margin = self.geometry.margin;
            self.pages[page].drawings.push(Drawing::Line {
                from: (margin, top - 4.0),
                to: (margin + 120.0, top - 4.0),
                width: 0.5,
                gray: 0.35,
            });
            let mut cursor = top - FOOT_SEPARATION;
            for note in notes {
                self.note_places.insert(note.number, (page, cursor));
                let (label_x, _) = hanging(margin, note.label.width);
                for (index, line) in note.lines.iter().enumerate() {
                    let baseline = cursor - (NOTE.leading - NOTE.size) / 2.0 - 0.76 * NOTE.size;
                    if index == 0 {
                        self.draw_line_on(page, &note.label, label_x, baseline);
                    }
                    self.draw_line_on(page, line, note.x, baseline);
                    cursor -= NOTE.leading;
                }
                cursor -= NOTE.after;
            }
        }
    }

    /// Draws one line with its baseline at `baseline`.
    pub fn draw_line(&mut self, line: &Line, x: f32, baseline: f32) {
        let page = self.page();
        self.draw_line_on(page, line, x, baseline);
        self.attach_notes(line);
    }

    /// Draws one line on page `page`.
    fn draw_line_on(&mut self, page: usize, line: &Line, x: f32, baseline: f32) {
        for (offset, segment) in &line.segments {
            let start = self.glyphs.len();
            self.glyphs.extend(segment.glyphs.iter().map(|(id, _)| *id));
            let placed = Placed {
                style: segment.style,
                x: x + offset,
                baseline,
                glyphs: start..self.glyphs.len(),
                actual: segment.actual.clone(),
            };
            let drawing = self.pages[page].drawings.len();
            self.pages[page].drawings.push(Drawing::Text {
                placed: placed.clone(),
                node: segment.node,
            });
            self.tree.list(segment.node);
            self.tree.nodes[segment.node]
                .kids
                .push(Kid::Content { page, drawing });
            let y = baseline + segment.style.rise;
            if segment.style.underline {
                self.rule(
                    (x + offset, y - 1.5),
                    (x + offset + segment.width, y - 1.5),
                    0.6,
                    0.0,
                );
            }
            if segment.style.strike {
                let middle = y + segment.style.size * 0.3;
                self.rule(
                    (x + offset, middle),
                    (x + offset + segment.width, middle),
                    0.6,
                    0.0,
                );
            }
            if let Some(destination) = &segment.link {
                let size = segment.style.size;
                let rect = [
                    x + offset,
                    y - 0.25 * size,
                    x + offset + segment.width,
                    y + 0.9 * size,
                ];
                let links = &mut self.pages[page].links;
                match links.last_mut() {
                    Some(last)
                        if last.node == segment.node
                            && (last.rect[2] - rect[0]).abs() < 0.01 + size
                            && (last.rect[1] - rect[1]).abs() < 0.01 =>
                    {
                        last.rect[2] = rect[2];
                    }
                    _ => {
                        links.push(LinkArea {
                            rect,
                            destination: destination.clone(),
                            node: segment.node,
                        });
                        let link = links.len() - 1;
                        self.tree.nodes[segment.node]
                            .kids
                            .push(Kid::Annotation { page, link });
                    }
                }
            }
        }
    }

    /// Draws a decorative line on the current page.
    pub fn rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32, gray: f32) {
        let page = self.page();
        self.pages[page].drawings.push(Drawing::Line {
            from,
            to,
            width,
            gray,
        });
    }

    // ------------------------------------------------------------ blocks

    /// Sets a simple paragraph of one style (title, front matter, history)
    /// under `parent` as a node of `role`.
    pub fn simple(
        &mut self,
        faces: &mut Faces,
        text: &str,
        style: &ParagraphStyle,
        role: StructRole,
    ) {
        self.close_lists(None);
        let node = self.tree.add(role, 0);
        let piece = plain_piece(text, style, node);
        let width = self.geometry.text_width();
        let lines = self.compose(faces, &[piece], width, width);
        let x = self.geometry.margin;
        self.place(&lines, x, style, None);
    }

    /// Sets a paragraph of the policy: a heading, body text, a quote or a
    /// list item.
    pub fn paragraph(
        &mut self,
        faces: &mut Faces,
        content: &Content,
        shown: &Shown,
        numbers: &HashMap<NoteId, usize>,
    ) {
        let block = shown.block;
        let is_item = block.list.is_some() && block.style.heading_level().is_none();
        let (style, role) = match block.style {
            BlockStyle::Heading(level) => (heading_style(level), heading_role(level)),
            BlockStyle::Quote => (QUOTE, StructRole::BlockQuote),
            BlockStyle::Normal if is_item => (ITEM, StructRole::LBody),
            BlockStyle::Normal => (BODY, StructRole::P),
        };
        let anchor = block.anchor.clone().or_else(|| {
            block
                .style
                .heading_level()
                .map(|_| slug(&content.text[shown.range.clone()]))
        });
        if is_item {
            self.list_item(faces, content, shown, numbers, &style);
            return;
        }
        self.close_lists(None);
        let node = self.tree.add(role, 0);
        let margin = self.geometry.margin;
        let indent = if block.style == BlockStyle::Quote {
            QUOTE_INDENT
        } else {
            0.0
        };
        // A numbered heading shows its number.
        let pieces = labelled_pieces(content, shown, numbers, &style, node, &mut self.tree);
        let width = self.geometry.text_width() - 2.0 * indent;
        let lines = self.compose(faces, &pieces, width, width);
        self.keep_room(&style, lines.len());
        if let Some(anchor) = anchor.filter(|anchor| !anchor.is_empty()) {
            self.gap(style.before);
            self.anchor_here(&anchor);
            let unspaced = ParagraphStyle {
                before: 0.0,
                ..style
            };
            self.place(&lines, margin + indent, &unspaced, None);
        } else {
            self.place(&lines, margin + indent, &style, None);
        }
    }

    /// Starts a new page when a heading would be left alone at its foot.
    fn keep_room(&mut self, style: &ParagraphStyle, lines: usize) {
        if style.keep_with_next {
            let needed = style.before + lines as f32 * style.leading + 2.0 * BODY.leading;
            if self.cursor - needed < self.bottom() && !self.at_page_top() {
                self.new_page();
            }
        }
    }

    /// Closes lists deeper than `level` (all for `None`).
    pub fn close_lists(&mut self, level: Option<u8>) {
        while let Some(open) = self.lists.last() {
            if level.is_some_and(|level| open.level <= level) {
                break;
            }
            self.lists.pop();
        }
    }

    fn list_item(
        &mut self,
        faces: &mut Faces,
        content: &Content,
        shown: &Shown,
        numbers: &HashMap<NoteId, usize>,
        style: &ParagraphStyle,
    ) {
        let Some(item) = &shown.block.list else {
            return;
        };
        self.close_lists(Some(item.level));
        let restarts = item.is_ordered() && shown.count.as_ref().is_some_and(|c| c.starts_count);
        let list = match self.lists.last() {
            Some(open) if open.level == item.level && open.list == item.list && !restarts => {
                open.node
            }
            _ => {
                if self
                    .lists
                    .last()
                    .is_some_and(|open| open.level == item.level)
                {
                    self.lists.pop();
                }
                let parent = self.lists.last().map_or(0, |open| open.body);
                let node = self.tree.add(StructRole::L, parent);
                self.tree.nodes[node].attribute = Attribute::Numbering(numbering_of(item.format));
                self.lists.push(OpenList {
                    level: item.level,
                    list: item.list,
                    node,
                    body: node,
                });
                node
            }
        };
        let entry = self.tree.add(StructRole::LI, list);
        let label_node = self.tree.add(StructRole::Lbl, entry);
        let body = self.tree.add(StructRole::LBody, entry);
        if let Some(last) = self.lists.last_mut() {
            last.body = body;
        }
        let label_text = shown
            .count
            .as_ref()
            .map_or_else(|| "•".to_string(), |count| count.label.clone());
        let label_piece = plain_piece(&label_text, style, label_node);
        let label_line = self
            .compose(faces, &[label_piece], f32::MAX, f32::MAX)
            .into_iter()
            .next()
            .unwrap_or_default();
        let (label_x, text_x) = hanging(
            self.geometry.margin + LIST_INDENT * f32::from(item.level),
            label_line.width,
        );
        let pieces = inline_pieces(content, shown, numbers, style, body, &mut self.tree);
        let width = self.geometry.margin + self.geometry.text_width() - text_x;
        let lines = self.compose(faces, &pieces, width, width);
        if let Some(anchor) = &shown.block.anchor {
            self.anchor_here(anchor);
        }
        self.place(&lines, text_x, style, Some((&label_line, label_x)));
    }
}

/// The note numbers a line refers to.
fn note_numbers_in(line: &Line) -> impl Iterator<Item = usize> + '_ {
    line.segments
        .iter()
        .filter_map(|(_, segment)| match segment.link {
            Some(Destination::Note(number)) => Some(number),
            _ => None,
        })
}

/// Where a label and its text go in a hanging indent starting at `left`:
/// the text one indent in, the label just before it (a long label pushes the
/// text further in), so the two read as one line.
pub fn hanging(left: f32, label_width: f32) -> (f32, f32) {
    let text_x = (left + label_width + LABEL_GAP).max(left + LIST_INDENT);
    (text_x - LABEL_GAP - label_width, text_x)
}

/// The list numbering attribute of a number format.
fn numbering_of(format: NumberFormat) -> ListNumbering {
    match format {
        NumberFormat::Bullet => ListNumbering::Disc,
        NumberFormat::Decimal => ListNumbering::Decimal,
        NumberFormat::LowerLetter => ListNumbering::LowerAlpha,
        NumberFormat::UpperLetter => ListNumbering::UpperAlpha,
        NumberFormat::LowerRoman => ListNumbering::LowerRoman,
        NumberFormat::UpperRoman => ListNumbering::UpperRoman,
    }
}

/// Text in the paragraph's own style.
pub fn plain_piece(text: &str, style: &ParagraphStyle, node: usize) -> Piece {
    Piece {
        text: text.to_string(),
        style: RunStyle {
            face: style.face,
            size: style.size,
            rise: 0.0,
            underline: false,
            strike: false,
        },
        small_caps: false,
        link: None,
        node,
    }
}

/// The paragraph's list label (inline, before its words: a numbered
/// heading, a list item in a table cell), then its pieces.
pub fn labelled_pieces(
    content: &Content,
    shown: &Shown,
    numbers: &HashMap<NoteId, usize>,
    style: &ParagraphStyle,
    node: usize,
    tree: &mut Tree,
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    if let Some(count) = &shown.count {
        pieces.push(plain_piece(&format!("{} ", count.label), style, node));
    }
    pieces.extend(inline_pieces(content, shown, numbers, style, node, tree));
    pieces
}

/// A paragraph's runs as pieces: styles to faces and sizes, links and note
/// references to Link nodes under `node`.
pub fn inline_pieces(
    content: &Content,
    shown: &Shown,
    numbers: &HashMap<NoteId, usize>,
    style: &ParagraphStyle,
    node: usize,
    tree: &mut Tree,
) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open_link: Option<(String, usize)> = None;
    let all = runs(content, shown.range.clone());
    let last = all.len().saturating_sub(1);
    for (index, (text, marks)) in all.into_iter().enumerate() {
        let text = match (index == 0, index == last) {
            (true, true) => text.trim(),
            (true, false) => text.trim_start(),
            (false, true) => text.trim_end(),
            (false, false) => text,
        };
        if text.is_empty() {
            continue;
        }
        let run_style = run_style(&marks, style);
        if let Some(note) = marks.note {
            let Some(&number) = numbers.get(&note) else {
                continue;
            };
            let link = tree.add_inline(StructRole::Link, node);
            tree.nodes[link].alt = Some(format!("Note {number}"));
            let count = text.chars().filter(|c| *c == NOTE_REFERENCE).count().max(1);
            pieces.push(Piece {
                text: number.to_string().repeat(count),
                style: RunStyle {
                    size: style.size * 0.7,
                    rise: style.size * 0.35,
                    ..run_style
                },
                small_caps: false,
                link: Some(Destination::Note(number)),
                node: link,
            });
            open_link = None;
            continue;
        }
        let (destination, piece_node) = match &marks.link {
            Some(link) => {
                let target = link.as_str().to_string();
                let link_node = match &open_link {
                    Some((open, id)) if *open == target => *id,
                    _ => {
                        let id = tree.add_inline(StructRole::Link, node);
                        tree.nodes[id].alt = Some(format!("Link to {target}"));
                        open_link = Some((target.clone(), id));
                        id
                    }
                };
                let destination = match link.anchor() {
                    Some(anchor) => Destination::Anchor(anchor.to_string()),
                    None => Destination::Uri(target),
                };
                (Some(destination), link_node)
            }
            None => {
                open_link = None;
                (None, node)
            }
        };
        pieces.push(Piece {
            text: text.to_string(),
            style: run_style,
            small_caps: marks.styles.contains(Styles::SMALL_CAPS),
            link: destination,
            node: piece_node,
        });
    }
    pieces
}

/// How text with `marks` is drawn in a paragraph of `style`.
fn run_style(marks: &Marks, style: &ParagraphStyle) -> RunStyle {
    let bold = marks.styles.contains(Styles::BOLD)
        || style.face == BOLD
        || style.face == super::fonts::BOLD_ITALIC;
    let italic = marks.styles.contains(Styles::ITALIC)
        || style.face == ITALIC
        || style.face == super::fonts::BOLD_ITALIC;
    let (size, rise) = if marks.styles.contains(Styles::SUPERSCRIPT) {
        (style.size * 0.7, style.size * 0.35)
    } else if marks.styles.contains(Styles::SUBSCRIPT) {
        (style.size * 0.7, -style.size * 0.15)
    } else {
        (style.size, 0.0)
    };
    RunStyle {
        face: face_of(bold, italic),
        size,
        rise,
        underline: marks.styles.contains(Styles::UNDERLINE) || marks.link.is_some(),
        strike: marks.styles.contains(Styles::STRIKE),
    }
}

/// Ends the word being built: onto the current line if it fits, else onto
/// a new one (split between characters when wider than a line).
fn flush_word(
    lines: &mut Vec<Line>,
    word: &mut Vec<Segment>,
    space: &mut Option<Segment>,
    limit: f32,
) {
    if word.is_empty() {
        return;
    }
    let word_width: f32 = word.iter().map(|segment| segment.width).sum();
    let Some(line) = lines.last_mut() else {
        return;
    };
    let space_width = space.as_ref().map_or(0.0, |space| space.width);
    if !line.segments.is_empty() && line.width + space_width + word_width > limit {
        lines.push(Line::default());
        *space = None;
    }
    let Some(line) = lines.last_mut() else {
        return;
    };
    if let Some(space) = space.take()
        && !line.segments.is_empty()
    {
        push_segment(line, space);
    }
    for segment in word.drain(..) {
        if word_width > limit {
            // A word wider than a line: split it between characters.
            split_segment(lines, segment, limit);
            continue;
        }
        let Some(line) = lines.last_mut() else {
            return;
        };
        push_segment(line, segment);
    }
}

/// Appends a segment to a line, joining it to the last one when they are
/// drawn alike (one text operation instead of one per word).
fn push_segment(line: &mut Line, segment: Segment) {
    let at = line.width;
    line.width += segment.width;
    if let Some((_, last)) = line.segments.last_mut()
        && last.style == segment.style
        && last.link == segment.link
        && last.node == segment.node
        && last.actual.is_none()
        && segment.actual.is_none()
        && !last.stretched
        && !segment.stretched
    {
        last.glyphs.extend(segment.glyphs);
        last.width += segment.width;
        return;
    }
    line.segments.push((at, segment));
}

/// Puts a segment on lines of at most `limit`, breaking between glyphs.
fn split_segment(lines: &mut Vec<Line>, segment: Segment, limit: f32) {
    let mut rest = segment.glyphs.into_iter().peekable();
    while rest.peek().is_some() {
        let Some(line) = lines.last_mut() else {
            return;
        };
        let mut taken: Vec<(u16, f32)> = Vec::new();
        let mut width = 0.0;
        while let Some(&(id, advance)) = rest.peek() {
            let fits = line.width + width + advance <= limit;
            if !(fits || taken.is_empty() && line.segments.is_empty()) {
                break;
            }
            taken.push((id, advance));
            width += advance;
            rest.next();
        }
        if taken.is_empty() {
            lines.push(Line::default());
            continue;
        }
        let at = line.width;
        line.width += width;
        line.segments.push((
            at,
            Segment {
                style: segment.style,
                glyphs: taken,
                width,
                link: segment.link.clone(),
                node: segment.node,
                actual: None,
                stretched: false,
            },
        ));
        if rest.peek().is_some() {
            lines.push(Line::default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let mut faces = super::super::fonts::faces().expect("fonts");
        let mut layout = Layout::new(Geometry::new((595.28, 841.89)));
        let text = "word ".repeat(200) + &"x".repeat(300);
        let piece = plain_piece(&text, &BODY, 0);
        let width = layout.geometry.text_width();
        let lines = layout.compose(&mut faces, &[piece], width, width);
        assert!(lines.len() > 5);
        for line in &lines {
            assert!(line.width <= width + 0.01, "line too wide: {}", line.width);
            let sum: f32 = line.segments.iter().map(|(_, segment)| segment.width).sum();
            assert!((sum - line.width).abs() < 0.01);
        }
    }
}
