//! The XML of paragraphs, runs and tables, for the main document part and
//! the notes parts.
//!
//! Inside a paragraph, a link is the outer element (`w:hyperlink`), a
//! tracked change the inner one (`w:ins`/`w:del` hold runs only). A
//! paragraph's block becomes its style (Heading1–6, Quote, ListParagraph,
//! FootnoteText), its numbering (`w:numPr`) and its bookmark; a run's marks
//! its properties (`w:b`, `w:i`, `w:u`, `w:strike`, `w:vertAlign`,
//! `w:smallCaps`); consecutive paragraphs of one table a `w:tbl` whose
//! merged cells are `w:gridSpan` and `w:vMerge`.

use super::numbering::NumberingPlan;
use super::plan::{Paragraph, Piece, Plan, State};
use crate::formats::docx::xml::{escape, escape_into};
use crate::model::blocks::{
    Block, BlockStyle, NOTE_REFERENCE, NoteId, NoteKind, SOFT_BREAK, TableCell,
};
use crate::model::links::LinkTarget;
use crate::model::marks::{Marks, Styles};
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::{BTreeMap, HashMap};

/// The width of the text column in twentieths of a point (US Letter with
/// one-inch margins).
const TEXT_WIDTH: u32 = 9360;

/// ` w:date="…"`, or nothing for a change or comment without a date (the
/// Unix epoch stands for "no date": Redline never invents one).
pub fn date_attribute(date: &DateTime<Utc>) -> String {
    if *date == DateTime::UNIX_EPOCH {
        String::new()
    } else {
        format!(
            r#" w:date="{}""#,
            date.to_rfc3339_opts(SecondsFormat::Secs, true)
        )
    }
}

/// Ids shared by every part of one document.
#[derive(Debug, Default)]
pub struct Ids {
    /// The next id for `w:ins`, `w:del`, move ranges and formatting changes.
    pub revision: usize,
    /// The next bookmark id.
    pub bookmark: usize,
}

/// What every part's writer needs to know about the document.
pub struct Context<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The numbering of each paragraph.
    pub numbering: &'a NumberingPlan,
    /// Word's id of each note, with its kind.
    pub notes: &'a HashMap<NoteId, (NoteKind, u32)>,
    /// Bookmarks to add to paragraphs (headings in-document links point to
    /// by their slug), by paragraph index.
    pub bookmarks: &'a HashMap<usize, Vec<String>>,
}

/// Writes the paragraphs of one part.
pub struct PartWriter<'a> {
    /// The XML written so far.
    pub out: String,
    context: &'a Context<'a>,
    ids: &'a mut Ids,
    move_ranges: HashMap<(String, bool), usize>,
    /// The external link targets of this part, by relationship number.
    pub links: Vec<String>,
    link_ids: HashMap<String, usize>,
}

impl<'a> PartWriter<'a> {
    /// A writer sharing `ids` with the other parts.
    pub fn new(context: &'a Context<'a>, ids: &'a mut Ids) -> PartWriter<'a> {
        PartWriter {
            out: String::with_capacity(context.plan.paragraphs.len() * 160),
            context,
            ids,
            move_ranges: HashMap::new(),
            links: Vec::new(),
            link_ids: HashMap::new(),
        }
    }

    /// Writes the paragraphs with these indices (tables grouped).
    pub fn paragraphs(&mut self, indices: &[usize]) {
        let paragraphs = &self.context.plan.paragraphs;
        let mut position = 0;
        while position < indices.len() {
            let index = indices[position];
            if let Some(cell) = paragraphs[index].block.cell {
                let end = indices[position..]
                    .iter()
                    .position(|&other| {
                        paragraphs[other]
                            .block
                            .cell
                            .is_none_or(|other| other.table != cell.table)
                    })
                    .map_or(indices.len(), |offset| position + offset);
                self.table(&indices[position..end]);
                position = end;
            } else {
                self.paragraph(index, false);
                position += 1;
            }
        }
    }

    fn revision_id(&mut self) -> usize {
        self.ids.revision += 1;
        self.ids.revision - 1
    }

    fn attributes(&mut self, change: usize) -> String {
        let change = &self.context.plan.changes[change];
        let (author, date) = (escape(&change.author), date_attribute(&change.date));
        let id = self.revision_id();
        format!(r#" w:id="{id}" w:author="{author}"{date}"#)
    }

    fn table(&mut self, indices: &[usize]) {
        let paragraphs = &self.context.plan.paragraphs;
        // (row, col) → the cell and its paragraphs, in text order.
        let mut cells: BTreeMap<(u32, u32), (TableCell, Vec<usize>)> = BTreeMap::new();
        for &index in indices {
            if let Some(cell) = paragraphs[index].block.cell {
                cells
                    .entry((cell.row, cell.col))
                    .or_insert_with(|| (cell, Vec::new()))
                    .1
                    .push(index);
            }
        }
        let columns = cells
            .values()
            .map(|(cell, _)| cell.col + cell.col_span.max(1))
            .max()
            .unwrap_or(1);
        let rows = cells
            .values()
            .map(|(cell, _)| cell.row + cell.row_span.max(1))
            .max()
            .unwrap_or(1);
        // (row, col) covered by a cell merged from above → its column span.
        let mut covered: HashMap<(u32, u32), u32> = HashMap::new();
        for (cell, _) in cells.values() {
            for row in cell.row + 1..cell.row + cell.row_span.max(1) {
                covered.insert((row, cell.col), cell.col_span.max(1));
            }
        }
        let column_width = TEXT_WIDTH / columns.max(1);
        self.out.push_str(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
        );
        for _ in 0..columns {
            self.out
                .push_str(&format!(r#"<w:gridCol w:w="{column_width}"/>"#));
        }
        self.out.push_str("</w:tblGrid>");
        for row in 0..rows {
            self.out.push_str("<w:tr>");
            let mut col = 0;
            while col < columns {
                let cell_properties = |span: u32, merge: &str| {
                    let mut properties = format!(
                        r#"<w:tcPr><w:tcW w:w="{}" w:type="dxa"/>"#,
                        column_width * span
                    );
                    if span > 1 {
                        properties.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
                    }
                    properties.push_str(merge);
                    properties.push_str("</w:tcPr>");
                    properties
                };
                if let Some((cell, members)) = cells.get(&(row, col)) {
                    let span = cell.col_span.max(1);
                    let merge = if cell.row_span > 1 {
                        r#"<w:vMerge w:val="restart"/>"#
                    } else {
                        ""
                    };
                    self.out.push_str("<w:tc>");
                    self.out.push_str(&cell_properties(span, merge));
                    for &index in members {
                        self.paragraph(index, false);
                    }
                    self.out.push_str("</w:tc>");
                    col += span;
                } else if let Some(&span) = covered.get(&(row, col)) {
                    self.out.push_str("<w:tc>");
                    self.out.push_str(&cell_properties(span, r#"<w:vMerge/>"#));
                    self.out.push_str("<w:p/></w:tc>");
                    col += span;
                } else {
                    self.out.push_str("<w:tc>");
                    self.out.push_str(&cell_properties(1, ""));
                    self.out.push_str("<w:p/></w:tc>");
                    col += 1;
                }
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }

    /// Writes paragraph `index`; `note_start`: the first paragraph of a
    /// note, which begins with the note's own reference mark.
    pub fn paragraph(&mut self, index: usize, note_start: bool) {
        let context = self.context;
        let paragraph = &context.plan.paragraphs[index];
        self.out.push_str("<w:p>");
        let numbering = context.numbering.of_paragraph.get(index).copied().flatten();
        let mut properties = block_properties(&paragraph.block, numbering);
        if let Some(state) = paragraph.mark {
            let mark = match state {
                State::Deleted(change) => Some(("del", change)),
                State::Inserted(change) => Some(("ins", change)),
                State::Normal => None,
            };
            if let Some((tag, change)) = mark {
                let attributes = self.attributes(change);
                properties.push_str(&format!("<w:rPr><w:{tag}{attributes}/></w:rPr>"));
            }
        }
        if let Some((change, previous)) = &paragraph.previous_block {
            let attributes = self.attributes(*change);
            let numbering = previous
                .list
                .as_ref()
                .and_then(|item| context.numbering.instance_of(item))
                .map(|num| (num, previous.list.as_ref().map_or(0, |item| item.level)));
            properties.push_str(&format!(
                "<w:pPrChange{attributes}><w:pPr>{}</w:pPr></w:pPrChange>",
                block_properties(previous, numbering)
            ));
        }
        if !properties.is_empty() {
            self.out.push_str("<w:pPr>");
            self.out.push_str(&properties);
            self.out.push_str("</w:pPr>");
        }
        let mut bookmarks: Vec<&str> = paragraph.block.anchor.iter().map(String::as_str).collect();
        if let Some(extra) = context.bookmarks.get(&index) {
            bookmarks.extend(extra.iter().map(String::as_str));
        }
        let bookmark_ids: Vec<usize> = bookmarks
            .iter()
            .map(|name| {
                let id = self.ids.bookmark;
                self.ids.bookmark += 1;
                self.out.push_str(&format!(
                    r#"<w:bookmarkStart w:id="{id}" w:name="{}"/>"#,
                    escape(name)
                ));
                id
            })
            .collect();
        if note_start && let Some(note) = paragraph.block.note {
            let style = match note.kind {
                NoteKind::Footnote => ("FootnoteReference", "footnoteRef"),
                NoteKind::Endnote => ("EndnoteReference", "endnoteRef"),
            };
            self.out.push_str(&format!(
                r#"<w:r><w:rPr><w:rStyle w:val="{}"/></w:rPr><w:{}/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>"#,
                style.0, style.1
            ));
        }
        self.pieces(paragraph);
        for id in bookmark_ids {
            self.out
                .push_str(&format!(r#"<w:bookmarkEnd w:id="{id}"/>"#));
        }
        self.out.push_str("</w:p>");
    }

    fn pieces(&mut self, paragraph: &Paragraph) {
        let mut open: State = State::Normal;
        let mut open_link: Option<LinkTarget> = None;
        for (index, piece) in paragraph.pieces.iter().enumerate() {
            match piece {
                Piece::Text {
                    text,
                    state,
                    marks,
                    format,
                    ..
                } => {
                    if marks.link != open_link {
                        self.close(open);
                        open = State::Normal;
                        self.close_link(open_link.is_some());
                        self.open_link(marks.link.as_ref());
                        open_link = marks.link.clone();
                    }
                    if *state != open {
                        self.close(open);
                        self.open(*state);
                        open = *state;
                    }
                    let format = format
                        .as_ref()
                        .map(|(change, patch)| (*change, patch.apply(marks).styles));
                    self.runs(text, matches!(state, State::Deleted(_)), marks, format);
                }
                Piece::Start(ids) | Piece::End(ids) => {
                    // Marks between two pieces of one insertion stay inside it.
                    let keep_open = matches!(open, State::Inserted(_))
                        && paragraph.pieces[index + 1..]
                            .iter()
                            .find_map(|next| match next {
                                Piece::Text { state, .. } => Some(*state),
                                _ => None,
                            })
                            == Some(open);
                    if open != State::Normal && !keep_open {
                        self.close(open);
                        open = State::Normal;
                    }
                    let is_start = matches!(piece, Piece::Start(..));
                    for id in ids {
                        if is_start {
                            self.out
                                .push_str(&format!(r#"<w:commentRangeStart w:id="{id}"/>"#));
                        } else {
                            self.out.push_str(&format!(
                                r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
                            ));
                        }
                    }
                }
            }
        }
        self.close(open);
        self.close_link(open_link.is_some());
    }

    fn open_link(&mut self, link: Option<&LinkTarget>) {
        let Some(link) = link else {
            return;
        };
        match link.anchor() {
            Some(anchor) => {
                self.out.push_str(&format!(
                    r#"<w:hyperlink w:anchor="{}" w:history="1">"#,
                    escape(anchor)
                ));
            }
            None => {
                let next = self.links.len() + 1;
                let number = *self
                    .link_ids
                    .entry(link.as_str().to_string())
                    .or_insert(next);
                if number == next {
                    self.links.push(link.as_str().to_string());
                }
                self.out.push_str(&format!(
                    r#"<w:hyperlink r:id="{}" w:history="1">"#,
                    link_relationship(number)
                ));
            }
        }
    }

    fn close_link(&mut self, open: bool) {
        if open {
            self.out.push_str("</w:hyperlink>");
        }
    }

    fn open(&mut self, state: State) {
        let (tag, change) = match state {
            State::Normal => return,
            State::Deleted(change) => ("del", change),
            State::Inserted(change) => ("ins", change),
        };
        let plan = self.context.plan;
        if let Some(name) = plan.changes[change].move_name.clone() {
            let (tag, range) = if tag == "del" {
                ("moveFrom", "moveFromRangeStart")
            } else {
                ("moveTo", "moveToRangeStart")
            };
            let range_id = self.revision_id();
            self.move_ranges
                .insert((name.clone(), tag == "moveFrom"), range_id);
            let author = escape(&plan.changes[change].author);
            let date = date_attribute(&plan.changes[change].date);
            let attributes = self.attributes(change);
            self.out.push_str(&format!(
                r#"<w:{range} w:id="{range_id}" w:name="{}" w:author="{author}"{date}/>"#,
                escape(&name)
            ));
            self.out.push_str(&format!("<w:{tag}{attributes}>"));
            return;
        }
        let attributes = self.attributes(change);
        self.out.push_str(&format!("<w:{tag}{attributes}>"));
    }

    fn close(&mut self, state: State) {
        let (tag, change) = match state {
            State::Normal => return,
            State::Deleted(change) => ("del", change),
            State::Inserted(change) => ("ins", change),
        };
        if let Some(name) = self.context.plan.changes[change].move_name.clone() {
            let from = tag == "del";
            let range_id = self
                .move_ranges
                .get(&(name, from))
                .copied()
                .unwrap_or_default();
            let (tag, range) = if from {
                ("moveFrom", "moveFromRangeEnd")
            } else {
                ("moveTo", "moveToRangeEnd")
            };
            self.out
                .push_str(&format!(r#"</w:{tag}><w:{range} w:id="{range_id}"/>"#));
            return;
        }
        self.out.push_str(&format!("</w:{tag}>"));
    }

    /// Writes `text` as runs with `marks` (tabs as `w:tab`, soft breaks as
    /// `w:br`, note references as note reference runs); `format`: a pending
    /// formatting change and the styles before it.
    fn runs(&mut self, text: &str, deleted: bool, marks: &Marks, format: Option<(usize, Styles)>) {
        let tag = if deleted { "delText" } else { "t" };
        let mut properties = run_properties(marks.styles, marks.link.is_some());
        if let Some((change, old)) = format {
            let attributes = self.attributes(change);
            properties.push_str(&format!(
                "<w:rPrChange{attributes}><w:rPr>{}</w:rPr></w:rPrChange>",
                run_properties(old, marks.link.is_some())
            ));
        }
        let open_run = |out: &mut String| {
            out.push_str("<w:r>");
            if !properties.is_empty() {
                out.push_str("<w:rPr>");
                out.push_str(&properties);
                out.push_str("</w:rPr>");
            }
        };
        let mut run_open = false;
        let mut rest = text;
        while !rest.is_empty() {
            let cut = rest
                .find(['\t', SOFT_BREAK, NOTE_REFERENCE])
                .unwrap_or(rest.len());
            if cut > 0 {
                if !run_open {
                    open_run(&mut self.out);
                    run_open = true;
                }
                let words = &rest[..cut];
                // Word keeps spaces at a run's ends only when told to.
                let preserve = words.starts_with(char::is_whitespace)
                    || words.ends_with(char::is_whitespace)
                    || words.contains("  ");
                if preserve {
                    self.out
                        .push_str(&format!(r#"<w:{tag} xml:space="preserve">"#));
                } else {
                    self.out.push_str(&format!("<w:{tag}>"));
                }
                escape_into(&mut self.out, words);
                self.out.push_str(&format!("</w:{tag}>"));
            }
            let Some(special) = rest[cut..].chars().next() else {
                break;
            };
            rest = &rest[cut + special.len_utf8()..];
            match special {
                '\t' | SOFT_BREAK => {
                    if !run_open {
                        open_run(&mut self.out);
                        run_open = true;
                    }
                    self.out.push_str(if special == '\t' {
                        "<w:tab/>"
                    } else {
                        "<w:br/>"
                    });
                }
                _ => {
                    if run_open {
                        self.out.push_str("</w:r>");
                        run_open = false;
                    }
                    if let Some((kind, id)) =
                        marks.note.and_then(|note| self.context.notes.get(&note))
                    {
                        let (style, element) = match kind {
                            NoteKind::Footnote => ("FootnoteReference", "footnoteReference"),
                            NoteKind::Endnote => ("EndnoteReference", "endnoteReference"),
                        };
                        self.out.push_str(&format!(
                            r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{element} w:id="{id}"/></w:r>"#
                        ));
                    }
                }
            }
        }
        if run_open {
            self.out.push_str("</w:r>");
        }
    }
}

/// The relationship id of the `number`th external link of a part.
pub fn link_relationship(number: usize) -> String {
    format!("rIdLink{number}")
}

/// `w:pPr` children for a block: style and numbering.
fn block_properties(block: &Block, numbering: Option<(usize, u8)>) -> String {
    let style = match block.style {
        BlockStyle::Heading(level) => Some(format!("Heading{}", level.clamp(1, 6))),
        BlockStyle::Quote => Some("Quote".to_string()),
        BlockStyle::Normal if block.list.is_some() => Some("ListParagraph".to_string()),
        BlockStyle::Normal => match block.note.map(|note| note.kind) {
            Some(NoteKind::Footnote) => Some("FootnoteText".to_string()),
            Some(NoteKind::Endnote) => Some("EndnoteText".to_string()),
            None => None,
        },
    };
    let mut out = String::new();
    if let Some(style) = style {
        out.push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
    }
    if let Some((num, level)) = numbering {
        out.push_str(&format!(
            r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#
        ));
    }
    out
}

/// `w:rPr` children for styles, in the schema's order.
fn run_properties(styles: Styles, link: bool) -> String {
    let mut out = String::new();
    if link {
        out.push_str(r#"<w:rStyle w:val="Hyperlink"/>"#);
    }
    if styles.contains(Styles::BOLD) {
        out.push_str("<w:b/>");
    }
    if styles.contains(Styles::ITALIC) {
        out.push_str("<w:i/>");
    }
    if styles.contains(Styles::SMALL_CAPS) {
        out.push_str("<w:smallCaps/>");
    }
    if styles.contains(Styles::STRIKE) {
        out.push_str("<w:strike/>");
    }
    if styles.contains(Styles::UNDERLINE) {
        out.push_str(r#"<w:u w:val="single"/>"#);
    }
    if styles.contains(Styles::SUPERSCRIPT) {
        out.push_str(r#"<w:vertAlign w:val="superscript"/>"#);
    } else if styles.contains(Styles::SUBSCRIPT) {
        out.push_str(r#"<w:vertAlign w:val="subscript"/>"#);
    }
    out
}
