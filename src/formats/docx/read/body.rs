//! The one streaming pass over the main document part, then over the notes
//! parts, that builds the *original* text (what the document says before
//! any pending change is accepted) with its blocks and marks.
//!
//! ```text
//!   docx:   We collect <del>personal data</del><ins>contact details</ins>.
//!   text:   We collect personal data.
//!                      ^^^^^^^^^^^^^ a Replacement by "contact details"
//! ```
//!
//! - deleted text (`w:del`/`w:delText`, `w:moveFrom`) is in the text and a
//!   change spans it; inserted text (`w:ins`, `w:moveTo`) is not: its change
//!   is an empty span at the point plus the text, its marks and the blocks
//!   of the paragraph marks it inserts;
//! - each Word paragraph ends with its mark, the `\n` after it, which
//!   carries the paragraph's block (Quill puts block formats on the line
//!   break, and Word keeps a paragraph's properties on its mark). A mark can
//!   itself be inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`) and is then
//!   part of that change; the last paragraph's block is the content's last;
//! - a mark is written when the next paragraph shows something, so a
//!   paragraph that shows nothing (a cell merged away by `w:vMerge`)
//!   leaves no trace;
//! - text inserted and then deleted by another reviewer (`w:del` inside
//!   `w:ins`) is in neither the original nor the accepted text: left out;
//! - run formatting comes from the run's own properties over its character
//!   style; links from `w:hyperlink` (`r:id` through the part's
//!   relationships, `w:anchor`) and from `HYPERLINK` fields, through the
//!   model's one allow-list;
//! - tables give their paragraphs cells (row, column, spans); a table inside
//!   a cell is flattened into that cell;
//! - a note reference is one U+FFFC character carrying the note mark; the
//!   notes' paragraphs follow the body, each block naming its note;
//! - comment ranges are recorded as byte positions, and inside inserted
//!   text also as the place in that insertion (`Marker::insertion`), so a
//!   comment on inserted words keeps them as its quote;
//! - `w:rPrChange`/`w:pPrChange` are recorded as formatting changes (the
//!   text shows the new formatting, the change remembers the old);
//! - what is not kept is counted by kind and heading ([`Dropped`]).

use super::dropped::{BEFORE_FIRST_HEADING, Dropped};
use super::fields::{self, Instruction};
use super::numbering::{ListCounter, Numbering};
use super::rels::Relationships;
use super::styles::{StyleSheet, Toggles};
use crate::formats::FormatError;
use crate::formats::docx::xml::{Element, Node, XmlReader};
use crate::model::blocks::{
    Block, BlockStyle, MAX_HEADING_LEVEL, NOTE_REFERENCE, NoteId, NoteKind, NoteRef, SOFT_BREAK,
    TableCell, TableId,
};
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkRun, MarkSpan, Marks, Styles};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

/// Who made a tracked change or comment, and when.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Revision {
    /// `w:author`.
    pub author: String,
    /// `w:date`, when it is there and readable.
    pub date: Option<DateTime<Utc>>,
}

impl Revision {
    /// The revision attributes of `element`.
    pub fn of(element: &Element<'_>) -> Revision {
        Revision {
            author: element.attr("author").unwrap_or_default(),
            date: element.attr("date").as_deref().and_then(parse_date),
        }
    }
}

/// The kind of a tracked change of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// `w:del`.
    Deletion,
    /// `w:ins`.
    Insertion,
    /// `w:moveFrom`.
    MoveFrom,
    /// `w:moveTo`.
    MoveTo,
}

impl ChangeKind {
    /// True for insertions and move destinations.
    pub fn inserts(self) -> bool {
        matches!(self, ChangeKind::Insertion | ChangeKind::MoveTo)
    }
}

/// A run of deleted or inserted content as found, before pairing.
#[derive(Debug, Clone)]
pub struct RawChange {
    /// What it does.
    pub kind: ChangeKind,
    /// Who and when.
    pub revision: Revision,
    /// Deleted text: its range in the original text. Inserted text: the
    /// point (`start == end`).
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The inserted text.
    pub text: String,
    /// The marks of the inserted text, from its start.
    pub marks: Vec<MarkRun>,
    /// The block of each paragraph mark the insertion inserts.
    pub blocks: Vec<Block>,
    /// The move range's name, for pairing moves.
    pub move_name: Option<String>,
}

/// Where a comment marker was found.
#[derive(Debug, Clone, Copy)]
pub struct Marker {
    /// Byte in the original text.
    pub byte: usize,
    /// Inside inserted text: the change and the byte in its text.
    pub insertion: Option<(usize, usize)>,
    /// How many changes had been found when the marker was.
    pub changes_before: usize,
}

/// A tracked change of formatting (`w:rPrChange`, `w:pPrChange`).
#[derive(Debug, Clone)]
pub enum RawFormat {
    /// Characters whose styles changed from `old` to `new`.
    Run {
        /// The characters, in the original text.
        range: Range<usize>,
        /// The styles before.
        old: Styles,
        /// The styles now.
        new: Styles,
        /// Who and when.
        revision: Revision,
    },
    /// A paragraph whose block changed from `old` to `new`.
    Paragraph {
        /// The paragraph's index.
        paragraph: usize,
        /// The block before.
        old: Block,
        /// Who and when.
        revision: Revision,
    },
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Body {
    /// The original text.
    pub text: String,
    /// One block per paragraph of the original text.
    pub blocks: Vec<Block>,
    /// The marks of the original text.
    pub spans: Vec<MarkSpan>,
    /// Tracked changes of text.
    pub changes: Vec<RawChange>,
    /// Comment range starts by comment id.
    pub starts: HashMap<String, Marker>,
    /// Comment range ends by comment id.
    pub ends: HashMap<String, Marker>,
    /// Tracked formatting changes.
    pub formats: Vec<RawFormat>,
    /// What was not kept.
    pub dropped: Dropped,
    /// Other things to tell the user.
    pub warnings: Vec<String>,
}

/// The state text is in while it is read (the revision shared, as it is
/// asked for every piece of text).
#[derive(Debug, Clone)]
enum TextState {
    Normal,
    Changed(ChangeKind, Rc<Revision>),
    /// Inserted and deleted again: in neither text.
    Nowhere,
}

/// Where a block lives, for giving it a bookmark later.
#[derive(Debug, Clone, Copy)]
enum BlockAt {
    Body(usize),
    Inserted(usize, usize),
}

/// What `w:pPr` says about a paragraph.
#[derive(Debug, Clone, Default)]
struct ParagraphProps {
    style: Option<String>,
    outline_level: Option<u8>,
    num_id: Option<String>,
    level: Option<u8>,
}

#[derive(Debug, Clone, Default)]
struct Paragraph {
    block: Block,
    mark: Option<TextState>,
    old_block: Option<(Revision, Block)>,
    committed: bool,
    start: usize,
    covered: bool,
    bookmarks: Vec<String>,
}

#[derive(Debug)]
struct PendingMark {
    state: TextState,
    block: Block,
    old_block: Option<(Revision, Block)>,
    bookmarks: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Run {
    styles: Styles,
    format_change: Option<(Revision, Styles)>,
    hidden: bool,
    noted: bool,
}

#[derive(Debug, Default)]
struct Field {
    instruction: String,
    result: bool,
    link: Option<LinkTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct Table {
    id: TableId,
    row: Option<u32>,
    col: u32,
    cell: Option<TableCell>,
    /// Open vertical merges: column → the row they started in.
    merges: HashMap<u32, u32>,
}

/// Which part is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// The main document.
    Body,
    /// `word/footnotes.xml` or `word/endnotes.xml`.
    Notes(NoteKind),
}

/// The reader. Feed it the main part, then the notes parts, then call
/// [`BodyReader::finish`].
pub struct BodyReader<'s> {
    styles: &'s StyleSheet,
    numbering: &'s Numbering,
    lists: ListCounter,
    body: Body,
    /// Open tracked-change elements: (depth, kind, revision).
    open: Vec<(usize, ChangeKind, Rc<Revision>)>,
    move_from_name: Option<String>,
    move_to_name: Option<String>,
    paragraph: Option<Paragraph>,
    pending_mark: Option<PendingMark>,
    run: Run,
    in_text: bool,
    in_instruction: bool,
    hyperlinks: Vec<(usize, Option<LinkTarget>)>,
    fields: Vec<Field>,
    simple_fields: Vec<usize>,
    /// Comment starts and bookmarks seen between paragraphs: they belong to
    /// the next one.
    deferred_starts: Vec<String>,
    deferred_bookmarks: Vec<String>,
    /// Comment starts whose place in an insertion depends on what follows.
    waiting_starts: Vec<String>,
    /// The insertion the last text went into, if the last text was inserted.
    last_inserted: Option<usize>,
    tables: Vec<Table>,
    nested_tables: usize,
    next_table: u32,
    row_spans: HashMap<(TableId, u32, u32), u32>,
    note_ids: HashMap<(NoteKind, String), NoteId>,
    note: Option<NoteRef>,
    after_note_reference: bool,
    bookmarks: HashMap<String, BlockAt>,
    last_heading: String,
    deep_headings: usize,
    disallowed_links: Vec<String>,
    other_fields: std::collections::BTreeMap<String, usize>,
}

impl<'s> BodyReader<'s> {
    /// A reader using these styles and numbering definitions.
    pub fn new(styles: &'s StyleSheet, numbering: &'s Numbering) -> BodyReader<'s> {
        BodyReader {
            styles,
            numbering,
            lists: ListCounter::default(),
            body: Body::default(),
            open: Vec::new(),
            move_from_name: None,
            move_to_name: None,
            paragraph: None,
            pending_mark: None,
            run: Run::default(),
            in_text: false,
            in_instruction: false,
            hyperlinks: Vec::new(),
            fields: Vec::new(),
            simple_fields: Vec::new(),
            deferred_starts: Vec::new(),
            deferred_bookmarks: Vec::new(),
            waiting_starts: Vec::new(),
            last_inserted: None,
            tables: Vec::new(),
            nested_tables: 0,
            next_table: 1,
            row_spans: HashMap::new(),
            note_ids: HashMap::new(),
            note: None,
            after_note_reference: false,
            bookmarks: HashMap::new(),
            last_heading: String::new(),
            deep_headings: 0,
            disallowed_links: Vec::new(),
            other_fields: Default::default(),
        }
    }

    /// Counts one thing not kept, at the current place.
    pub fn drop_one(&mut self, what: &'static str) {
        let place = self.place();
        self.body.dropped.add(what, &place);
    }

    /// Counts one thing not kept, found at `place` (outside the body).
    pub fn drop_one_at(&mut self, what: &'static str, place: &str) {
        self.body.dropped.add(what, place);
    }

    fn place(&self) -> String {
        match self.note {
            Some(note) => format!("in the {}s", note.kind.name()),
            None if self.last_heading.is_empty() => BEFORE_FIRST_HEADING.to_string(),
            None => self.last_heading.clone(),
        }
    }

    /// Reads one part: the main document (`kind` Body) or a notes part.
    pub fn read_part(
        &mut self,
        xml: &str,
        part: &str,
        origin: &Path,
        kind: PartKind,
        rels: &Relationships,
    ) -> Result<(), FormatError> {
        let mut reader = XmlReader::new(xml, part, origin);
        if kind == PartKind::Body {
            self.body.text.reserve(xml.len() / 3);
        }
        let mut saw_body = false;
        loop {
            match reader.next_node()? {
                Node::Eof => break,
                Node::Start(element) => {
                    let depth = reader.depth();
                    match element.local() {
                        "body" => saw_body = true,
                        "footnote" | "endnote" => {
                            if let PartKind::Notes(note_kind) = kind {
                                self.begin_note(&mut reader, &element, note_kind)?;
                            }
                        }
                        "p" => self.begin_paragraph(),
                        "pPr" => self.read_paragraph_props(&mut reader)?,
                        "r" => self.run = Run::default(),
                        "rPr" => self.read_run_props(&mut reader)?,
                        "ins" | "del" | "moveFrom" | "moveTo" => {
                            let change = match element.local() {
                                "ins" => ChangeKind::Insertion,
                                "del" => ChangeKind::Deletion,
                                "moveFrom" => ChangeKind::MoveFrom,
                                _ => ChangeKind::MoveTo,
                            };
                            self.open
                                .push((depth, change, Rc::new(Revision::of(&element))));
                        }
                        "moveFromRangeStart" => self.move_from_name = element.attr("name"),
                        "moveToRangeStart" => self.move_to_name = element.attr("name"),
                        "t" | "delText" => self.in_text = true,
                        "instrText" | "delInstrText" => self.in_instruction = true,
                        "fldChar" => self.field_char(element.attr("fldCharType").as_deref()),
                        "fldSimple" => {
                            let instruction = element.attr("instr").unwrap_or_default();
                            self.fields.push(Field {
                                instruction,
                                result: false,
                                link: None,
                            });
                            self.simple_fields.push(depth);
                            self.field_char(Some("separate"));
                        }
                        "hyperlink" => {
                            let link = self.hyperlink_target(&element, rels);
                            self.hyperlinks.push((depth, link));
                        }
                        "tab" | "ptab" => self.append_shown("\t"),
                        "br" | "cr" => match element.attr_ref("type").as_deref() {
                            Some("page") => self.drop_one("page breaks"),
                            Some("column") => self.drop_one("column breaks"),
                            _ => self.append_shown(&SOFT_BREAK.to_string()),
                        },
                        "noBreakHyphen" => self.append_shown("\u{2011}"),
                        "softHyphen" => self.append_shown("\u{AD}"),
                        "footnoteReference" => self.note_reference(&element, NoteKind::Footnote),
                        "endnoteReference" => self.note_reference(&element, NoteKind::Endnote),
                        "footnoteRef" | "endnoteRef" => self.after_note_reference = true,
                        "commentRangeStart" => {
                            if let Some(id) = element.attr("id") {
                                self.comment_start(id);
                            }
                        }
                        "commentRangeEnd" => {
                            if let Some(id) = element.attr("id") {
                                self.comment_end(id);
                            }
                        }
                        "bookmarkStart" => {
                            if let Some(name) = element.attr("name")
                                && name != "_GoBack"
                            {
                                match self.paragraph.as_mut() {
                                    Some(paragraph) => paragraph.bookmarks.push(name),
                                    None => self.deferred_bookmarks.push(name),
                                }
                            }
                        }
                        "tbl" => self.begin_table(),
                        "tr" => self.begin_row(),
                        "trPr" => self.read_row_props(&mut reader)?,
                        "tc" => self.begin_cell(),
                        "tcPr" => self.read_cell_props(&mut reader)?,
                        "tblPr" | "tblGrid" | "Fallback" | "sdtPr" | "sdtEndPr" => {
                            reader.skip_element()?;
                        }
                        "drawing" | "pict" => {
                            let what = classify_drawing(&mut reader)?;
                            self.drop_one(what);
                        }
                        "object" => {
                            reader.skip_element()?;
                            self.drop_one("embedded objects");
                        }
                        "oMath" | "oMathPara" => {
                            reader.skip_element()?;
                            self.drop_one("equations");
                        }
                        "sym" => self.drop_one("symbol characters (w:sym)"),
                        "sectPr" => {
                            reader.skip_element()?;
                            self.drop_one("section properties (page size, margins, columns)");
                        }
                        "sdt" => self.drop_one("content controls (their text is kept)"),
                        "tblPrChange" | "trPrChange" | "tcPrChange" | "sectPrChange" => {
                            reader.skip_element()?;
                            self.drop_one("tracked table or section formatting changes");
                        }
                        _ => {}
                    }
                }
                Node::End(name) => {
                    let depth = reader.depth();
                    if self
                        .open
                        .last()
                        .is_some_and(|(open, _, _)| *open == depth + 1)
                    {
                        self.open.pop();
                    }
                    match name.as_ref() {
                        "t" | "delText" => self.in_text = false,
                        "instrText" | "delInstrText" => self.in_instruction = false,
                        "p" => self.end_paragraph(),
                        "r" => self.run = Run::default(),
                        "hyperlink"
                            if self
                                .hyperlinks
                                .last()
                                .is_some_and(|(open, _)| *open == depth + 1) =>
                        {
                            self.hyperlinks.pop();
                        }
                        "fldSimple" if self.simple_fields.last() == Some(&(depth + 1)) => {
                            self.simple_fields.pop();
                            self.field_char(Some("end"));
                        }
                        "moveFromRangeEnd" => self.move_from_name = None,
                        "moveToRangeEnd" => self.move_to_name = None,
                        "tc" => self.end_cell(),
                        "tbl" => self.end_table(),
                        "footnote" | "endnote" => self.note = None,
                        _ => {}
                    }
                }
                Node::Text(text) => {
                    if self.in_text {
                        self.append_run_text(&text);
                    } else if self.in_instruction
                        && let Some(field) = self.fields.last_mut()
                        && !field.result
                    {
                        field.instruction.push_str(&text);
                    }
                }
            }
        }
        if kind == PartKind::Body && !saw_body {
            return Err(FormatError::Invalid {
                path: origin.to_path_buf(),
                message: format!("{part} has no w:body element"),
            });
        }
        self.note = None;
        Ok(())
    }

    /// Finishes the pass: the last paragraph's block, row spans, bookmarks
    /// for in-document links, and the warnings.
    pub fn finish(mut self) -> Body {
        let end = self.body.text.len();
        for id in std::mem::take(&mut self.deferred_starts) {
            self.body.starts.insert(
                id,
                Marker {
                    byte: end,
                    insertion: None,
                    changes_before: self.body.changes.len(),
                },
            );
        }
        match self.pending_mark.take() {
            Some(mark) => {
                let index = self.body.blocks.len();
                self.body.blocks.push(mark.block.clone());
                self.place_bookmarks(&mark.bookmarks, BlockAt::Body(index));
                if let Some((revision, old)) = mark.old_block {
                    self.body.formats.push(RawFormat::Paragraph {
                        paragraph: index,
                        old,
                        revision,
                    });
                }
            }
            None => self.body.blocks.push(Block::default()),
        }
        self.fix_row_spans();
        self.link_bookmarks();
        if self.nested_tables > 0 {
            self.body.warnings.push(format!(
                "{} tables inside table cells were flattened into their cells",
                self.nested_tables
            ));
        }
        if self.deep_headings > 0 {
            self.body.warnings.push(format!(
                "{} headings of levels 7 to 9 are kept as level 6 (Redline keeps six levels)",
                self.deep_headings
            ));
        }
        if !self.disallowed_links.is_empty() {
            let shown: Vec<String> = self
                .disallowed_links
                .iter()
                .take(5)
                .map(|target| format!("{target:?}"))
                .collect();
            self.body.warnings.push(format!(
                "{} links kept as plain text: only http, https, mailto and in-document links are kept ({}{})",
                self.disallowed_links.len(),
                shown.join(", "),
                if self.disallowed_links.len() > 5 { ", …" } else { "" }
            ));
        }
        if !self.other_fields.is_empty() {
            let total: usize = self.other_fields.values().sum();
            let names: Vec<String> = self
                .other_fields
                .iter()
                .map(|(name, count)| format!("{name} ×{count}"))
                .collect();
            self.body.warnings.push(format!(
                "{total} fields kept as the text they show, not as fields: {}",
                names.join(", ")
            ));
        }
        if !self.lists.unknown_formats.is_empty() {
            let names: Vec<&str> = self
                .lists
                .unknown_formats
                .iter()
                .map(String::as_str)
                .collect();
            self.body.warnings.push(format!(
                "list numbering formats Redline does not have are shown as decimal numbers: {}",
                names.join(", ")
            ));
        }
        self.body
    }

    // ------------------------------------------------------------ notes

    fn begin_note(
        &mut self,
        reader: &mut XmlReader<'_>,
        element: &Element<'_>,
        kind: NoteKind,
    ) -> Result<(), FormatError> {
        let separator = element.attr("type").is_some_and(|kind| kind != "normal");
        let id = element.attr("id").unwrap_or_default();
        match self.note_ids.get(&(kind, id)) {
            Some(&note) if !separator => {
                self.note = Some(NoteRef { id: note, kind });
            }
            _ => {
                reader.skip_element()?;
                if !separator {
                    let what = match kind {
                        NoteKind::Footnote => "footnotes that nothing in the text refers to",
                        NoteKind::Endnote => "endnotes that nothing in the text refers to",
                    };
                    self.body
                        .dropped
                        .add(what, &format!("in the {}s", kind.name()));
                }
            }
        }
        Ok(())
    }

    fn note_reference(&mut self, element: &Element<'_>, kind: NoteKind) {
        if self.note.is_some() {
            return;
        }
        let Some(id) = element.attr("id") else {
            return;
        };
        let next = NoteId(self.note_ids.len() as u32 + 1);
        let note = *self.note_ids.entry((kind, id)).or_insert(next);
        self.commit();
        let marks = Marks {
            note: Some(note),
            ..Marks::default()
        };
        let state = self.state();
        self.append_in(&NOTE_REFERENCE.to_string(), &marks, &state);
    }

    // ------------------------------------------------------------ paragraphs

    fn begin_paragraph(&mut self) {
        let cell = self.tables.first().and_then(|table| table.cell);
        let covered = self
            .tables
            .first()
            .and_then(|table| table.cell)
            .zip(self.tables.first().and_then(|table| table.row))
            .is_some_and(|(cell, row)| cell.row != row);
        self.paragraph = Some(Paragraph {
            block: Block {
                cell,
                note: self.note,
                ..Block::default()
            },
            covered,
            bookmarks: std::mem::take(&mut self.deferred_bookmarks),
            ..Paragraph::default()
        });
    }

    /// Writes the previous paragraph's mark and places what waited for this
    /// paragraph, once it shows something.
    fn commit(&mut self) {
        match self.paragraph.as_ref() {
            Some(paragraph) if !paragraph.committed => {}
            _ => return,
        }
        if let Some(mark) = self.pending_mark.take() {
            self.write_mark(mark);
        }
        let start = self.body.text.len();
        if let Some(paragraph) = self.paragraph.as_mut() {
            paragraph.committed = true;
            paragraph.start = start;
        }
        for id in std::mem::take(&mut self.deferred_starts) {
            self.comment_start(id);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.as_ref() else {
            return;
        };
        if !paragraph.committed && paragraph.covered {
            // A cell merged away shows nothing: no paragraph at all.
            if let Some(paragraph) = self.paragraph.take() {
                self.deferred_bookmarks.extend(paragraph.bookmarks);
            }
            return;
        }
        self.commit();
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        if paragraph.block.style.heading_level().is_some() && self.note.is_none() {
            let title = self.body.text[paragraph.start.min(self.body.text.len())..].trim();
            if !title.is_empty() {
                self.last_heading = title.chars().take(80).collect();
            }
        }
        let state = paragraph.mark.unwrap_or(TextState::Normal);
        self.in_text = false;
        self.pending_mark = Some(PendingMark {
            state,
            block: paragraph.block,
            old_block: paragraph.old_block,
            bookmarks: paragraph.bookmarks,
        });
    }

    /// Writes a paragraph mark: a `\n` in its state carrying its block.
    fn write_mark(&mut self, mark: PendingMark) {
        let PendingMark {
            state,
            block,
            old_block,
            bookmarks,
        } = mark;
        match state {
            TextState::Nowhere => {}
            TextState::Changed(kind, revision) if kind.inserts() => {
                let index = self.current_change(kind, &revision);
                self.resolve_waiting(Some(index));
                let change = &mut self.body.changes[index];
                change.text.push('\n');
                push_run(&mut change.marks, 1, &Marks::default());
                change.blocks.push(block);
                let at = BlockAt::Inserted(index, change.blocks.len() - 1);
                self.last_inserted = Some(index);
                self.place_bookmarks(&bookmarks, at);
            }
            state => {
                self.resolve_waiting(None);
                self.last_inserted = None;
                if let TextState::Changed(kind, revision) = &state {
                    let index = self.current_change(*kind, revision);
                    self.body.text.push('\n');
                    self.body.changes[index].end = self.body.text.len();
                } else {
                    self.body.text.push('\n');
                }
                let index = self.body.blocks.len();
                self.body.blocks.push(block);
                self.place_bookmarks(&bookmarks, BlockAt::Body(index));
                if let Some((revision, old)) = old_block {
                    self.body.formats.push(RawFormat::Paragraph {
                        paragraph: index,
                        old,
                        revision,
                    });
                }
            }
        }
    }

    fn place_bookmarks(&mut self, names: &[String], at: BlockAt) {
        for name in names {
            self.bookmarks.entry(name.clone()).or_insert(at);
        }
        if let Some(name) = names.iter().find(|name| !name.starts_with('_')) {
            let block = self.block_mut(at);
            if block.anchor.is_none() {
                block.anchor = Some(name.clone());
            }
        }
    }

    fn block_mut(&mut self, at: BlockAt) -> &mut Block {
        match at {
            BlockAt::Body(index) => &mut self.body.blocks[index],
            BlockAt::Inserted(change, index) => &mut self.body.changes[change].blocks[index],
        }
    }

    fn read_paragraph_props(&mut self, reader: &mut XmlReader<'_>) -> Result<(), FormatError> {
        let end_depth = reader.depth() - 1;
        let mut props = ParagraphProps::default();
        let mut old: Option<(Revision, ParagraphProps)> = None;
        let (mut mark_inserted, mut mark_deleted) = (None, None);
        let mut in_mark_props = false;
        loop {
            match reader.next_node()? {
                Node::Start(element) => {
                    let target = match old.as_mut() {
                        Some((_, old_props)) => old_props,
                        None => &mut props,
                    };
                    match element.local() {
                        "pStyle" => target.style = element.attr("val"),
                        "outlineLvl" => {
                            target.outline_level = element.attr("val").and_then(|v| v.parse().ok());
                        }
                        "numId" => target.num_id = element.attr("val"),
                        "ilvl" => target.level = element.attr("val").and_then(|v| v.parse().ok()),
                        "rPr" if old.is_none() => in_mark_props = true,
                        "ins" | "del" | "moveFrom" | "moveTo" if in_mark_props => {
                            let kind = match element.local() {
                                "ins" => ChangeKind::Insertion,
                                "del" => ChangeKind::Deletion,
                                "moveFrom" => ChangeKind::MoveFrom,
                                _ => ChangeKind::MoveTo,
                            };
                            if kind.inserts() {
                                mark_inserted = Some((kind, Rc::new(Revision::of(&element))));
                            } else {
                                mark_deleted = Some((kind, Rc::new(Revision::of(&element))));
                            }
                        }
                        "rPrChange" => reader.skip_element()?,
                        "pPrChange" => {
                            old = Some((Revision::of(&element), ParagraphProps::default()))
                        }
                        "sectPr" => {
                            reader.skip_element()?;
                            self.drop_one("section properties (page size, margins, columns)");
                        }
                        _ => {}
                    }
                }
                Node::End(name) => {
                    if reader.depth() == end_depth {
                        break;
                    }
                    if name == "rPr" {
                        in_mark_props = false;
                    }
                }
                Node::Eof => break,
                Node::Text(_) => {}
            }
        }
        let mark = match (mark_inserted, mark_deleted) {
            // Inserted by one reviewer and deleted by another: nowhere.
            (Some(_), Some(_)) => Some(TextState::Nowhere),
            (Some((kind, revision)), None) | (None, Some((kind, revision))) => {
                Some(TextState::Changed(kind, revision))
            }
            (None, None) => None,
        };
        let block = self.block_of(&props, true);
        let old_block = old.map(|(revision, old_props)| {
            let old_block = self.block_of(&old_props, false);
            (revision, old_block)
        });
        if let Some(paragraph) = self.paragraph.as_mut() {
            paragraph.block.style = block.style;
            paragraph.block.list = block.list;
            paragraph.mark = mark;
            paragraph.old_block = old_block.map(|(revision, old)| {
                let mut previous = paragraph.block.clone();
                previous.style = old.style;
                previous.list = old.list;
                (revision, previous)
            });
        }
        Ok(())
    }

    /// The style and list membership `props` give (`record`: count this
    /// paragraph in its list; not for a tracked change's old properties).
    fn block_of(&mut self, props: &ParagraphProps, record: bool) -> Block {
        let style = props
            .style
            .as_deref()
            .map(|id| self.styles.paragraph(id))
            .unwrap_or_default();
        let heading = match props.outline_level {
            Some(level) if level < 9 => Some(level + 1),
            Some(_) => None,
            None => style.heading,
        };
        let block_style = match heading {
            Some(level) => {
                if level > MAX_HEADING_LEVEL && record {
                    self.deep_headings += 1;
                }
                BlockStyle::Heading(level.min(MAX_HEADING_LEVEL))
            }
            None if style.quote => BlockStyle::Quote,
            None => BlockStyle::Normal,
        };
        let numbering = match (&props.num_id, &style.numbering) {
            (Some(num_id), _) => Some((num_id.clone(), props.level.unwrap_or(0))),
            (None, Some(from_style)) if !from_style.num_id.is_empty() => {
                let level = props.level.or(from_style.level).or_else(|| {
                    props
                        .style
                        .as_deref()
                        .and_then(|id| self.numbering.level_of_style(&from_style.num_id, id))
                });
                Some((from_style.num_id.clone(), level.unwrap_or(0)))
            }
            _ => None,
        };
        let list = numbering
            .and_then(|(num_id, level)| self.lists.item(self.numbering, &num_id, level, record));
        Block {
            style: block_style,
            list,
            ..Block::default()
        }
    }

    // ------------------------------------------------------------ runs

    fn read_run_props(&mut self, reader: &mut XmlReader<'_>) -> Result<(), FormatError> {
        let end_depth = reader.depth() - 1;
        let mut toggles = Toggles::default();
        let mut style = Styles::NONE;
        let mut change: Option<(Revision, Toggles, Styles)> = None;
        let mut hidden = false;
        let styles = self.styles;
        let character = |element: &Element<'_>| {
            element
                .attr_ref("val")
                .map(|id| styles.character(&id).apply(Styles::NONE))
                .unwrap_or_default()
        };
        loop {
            match reader.next_node()? {
                Node::Start(element) => match (element.local(), change.as_mut()) {
                    ("rPrChange", _) => {
                        change = Some((Revision::of(&element), Toggles::default(), Styles::NONE));
                    }
                    ("rStyle", None) => style = character(&element),
                    ("rStyle", Some((_, _, old_style))) => *old_style = character(&element),
                    ("vanish", None) => {
                        hidden = super::styles::is_on(element.attr_ref("val").as_deref());
                    }
                    (_, None) => toggles.read(&element),
                    (_, Some((_, old, _))) => old.read(&element),
                },
                Node::End(_) if reader.depth() == end_depth => break,
                Node::Eof => break,
                _ => {}
            }
        }
        self.run.styles = toggles.apply(style);
        self.run.hidden = hidden;
        self.run.format_change =
            change.map(|(revision, old, old_style)| (revision, old.apply(old_style)));
        Ok(())
    }

    fn append_run_text(&mut self, text: &str) {
        if self.fields.last().is_some_and(|field| !field.result) {
            // Text between a field's start and its result is its code.
            return;
        }
        self.commit();
        if self.run.hidden {
            if !self.run.noted {
                self.run.noted = true;
                self.drop_one("hidden text runs (w:vanish)");
            }
            return;
        }
        self.append_shown(text);
    }

    /// Appends text shown in the current run.
    fn append_shown(&mut self, text: &str) {
        // A note's own reference mark is followed by a space or a tab that
        // only separates it from the note's words.
        let text = if std::mem::take(&mut self.after_note_reference) {
            text.strip_prefix([' ', '\t']).unwrap_or(text)
        } else {
            text
        };
        if text.is_empty() || self.run.hidden {
            return;
        }
        self.commit();
        let marks = Marks {
            styles: self.run.styles,
            link: self.current_link(),
            note: None,
        };
        let state = self.state();
        let start = self.body.text.len();
        self.append_in(text, &marks, &state);
        if let Some((revision, old)) = self.run.format_change.clone()
            && !matches!(state, TextState::Nowhere)
            && !matches!(&state, TextState::Changed(kind, _) if kind.inserts())
        {
            let end = self.body.text.len();
            if old == self.run.styles {
                if !self.run.noted {
                    self.run.noted = true;
                    self.drop_one("tracked formatting changes of fonts, sizes or colours");
                }
            } else {
                self.record_run_format(start..end, old, revision);
            }
        }
    }

    fn record_run_format(&mut self, range: Range<usize>, old: Styles, revision: Revision) {
        let new = self.run.styles;
        if let Some(RawFormat::Run {
            range: last,
            old: last_old,
            new: last_new,
            revision: last_revision,
        }) = self.body.formats.last_mut()
            && last.end == range.start
            && *last_old == old
            && *last_new == new
            && *last_revision == revision
        {
            last.end = range.end;
            return;
        }
        self.body.formats.push(RawFormat::Run {
            range,
            old,
            new,
            revision,
        });
    }

    fn state(&self) -> TextState {
        let mut inserted = None;
        let mut deleted = None;
        for (_, kind, revision) in &self.open {
            if kind.inserts() {
                inserted = Some((*kind, revision));
            } else {
                deleted = Some((*kind, revision));
            }
        }
        match (inserted, deleted) {
            (Some(_), Some(_)) => TextState::Nowhere,
            (Some((kind, revision)), None) | (None, Some((kind, revision))) => {
                TextState::Changed(kind, Rc::clone(revision))
            }
            (None, None) => TextState::Normal,
        }
    }

    fn move_name(&self, kind: ChangeKind) -> Option<String> {
        match kind {
            ChangeKind::MoveFrom => self.move_from_name.clone(),
            ChangeKind::MoveTo => self.move_to_name.clone(),
            _ => None,
        }
    }

    /// The change that content of this kind and revision at the current
    /// point extends, created (empty) when there is none.
    fn current_change(&mut self, kind: ChangeKind, revision: &Revision) -> usize {
        let at = self.body.text.len();
        let move_name = self.move_name(kind);
        let extends = self.body.changes.last().is_some_and(|last| {
            last.kind == kind
                && last.revision.author == revision.author
                && last.end == at
                && last.move_name == move_name
        });
        if !extends {
            self.body.changes.push(RawChange {
                kind,
                revision: Revision::clone(revision),
                start: at,
                end: at,
                text: String::new(),
                marks: Vec::new(),
                blocks: Vec::new(),
                move_name,
            });
        }
        self.body.changes.len() - 1
    }

    fn append_in(&mut self, text: &str, marks: &Marks, state: &TextState) {
        match state {
            TextState::Nowhere => {}
            TextState::Changed(kind, revision) if kind.inserts() => {
                let index = self.current_change(*kind, revision);
                self.resolve_waiting(Some(index));
                let change = &mut self.body.changes[index];
                change.text.push_str(text);
                push_run(&mut change.marks, text.len(), marks);
                self.last_inserted = Some(index);
            }
            state => {
                self.resolve_waiting(None);
                self.last_inserted = None;
                let deletion = match state {
                    TextState::Changed(kind, revision) => {
                        Some(self.current_change(*kind, revision))
                    }
                    _ => None,
                };
                let start = self.body.text.len();
                self.body.text.push_str(text);
                let end = self.body.text.len();
                if let Some(index) = deletion {
                    self.body.changes[index].end = end;
                }
                if !marks.is_plain() {
                    match self.body.spans.last_mut() {
                        Some(last) if last.range.end == start && last.marks == *marks => {
                            last.range.end = end;
                        }
                        _ => self.body.spans.push(MarkSpan {
                            range: start..end,
                            marks: marks.clone(),
                        }),
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ links and fields

    fn hyperlink_target(
        &mut self,
        element: &Element<'_>,
        rels: &Relationships,
    ) -> Option<LinkTarget> {
        let anchor = element.attr("anchor").filter(|anchor| !anchor.is_empty());
        let address = match element.attr("id") {
            Some(id) => match rels.get(&id) {
                Some(relationship) if relationship.external => Some(relationship.target.clone()),
                Some(relationship) => {
                    self.disallowed_links.push(relationship.target.clone());
                    return None;
                }
                None => {
                    self.disallowed_links
                        .push(format!("relationship {id} (missing)"));
                    return None;
                }
            },
            None => None,
        };
        let target = match (address, anchor) {
            (Some(address), Some(anchor)) => format!("{address}#{anchor}"),
            (Some(address), None) => address,
            (None, Some(anchor)) => format!("#{anchor}"),
            (None, None) => return None,
        };
        self.allowed(&target)
    }

    fn allowed(&mut self, target: &str) -> Option<LinkTarget> {
        if target.trim().is_empty() {
            return None;
        }
        match LinkTarget::new(target) {
            Ok(link) => Some(link),
            Err(_) => {
                self.disallowed_links.push(target.to_string());
                None
            }
        }
    }

    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => self.fields.push(Field::default()),
            Some("separate") => {
                let Some(instruction) = self
                    .fields
                    .last()
                    .filter(|field| !field.result)
                    .map(|field| field.instruction.clone())
                else {
                    return;
                };
                let link = match fields::parse(&instruction) {
                    Instruction::Hyperlink(target) => self.allowed(&target),
                    Instruction::Other(name) => {
                        *self.other_fields.entry(name).or_insert(0) += 1;
                        None
                    }
                };
                if let Some(field) = self.fields.last_mut() {
                    field.result = true;
                    field.link = link;
                }
            }
            Some("end") => {
                if let Some(field) = self.fields.pop()
                    && !field.result
                {
                    // A field without a result shows nothing.
                    let name = match fields::parse(&field.instruction) {
                        Instruction::Hyperlink(_) => "HYPERLINK".to_string(),
                        Instruction::Other(name) => name,
                    };
                    *self.other_fields.entry(name).or_insert(0) += 1;
                }
            }
            _ => {}
        }
    }

    fn current_link(&self) -> Option<LinkTarget> {
        self.fields
            .iter()
            .rev()
            .find_map(|field| field.link.clone())
            .or_else(|| {
                self.hyperlinks
                    .iter()
                    .rev()
                    .find_map(|(_, link)| link.clone())
            })
    }

    /// Gives the in-document links' targets a place: a bookmark a link
    /// names becomes its paragraph's anchor; a link to a second bookmark of
    /// a paragraph that already has one is pointed at that one.
    fn link_bookmarks(&mut self) {
        let mut retarget: HashMap<String, LinkTarget> = HashMap::new();
        let mut used: Vec<String> = Vec::new();
        let spans = self.body.spans.iter().map(|span| &span.marks);
        let inserted = self
            .body
            .changes
            .iter()
            .flat_map(|change| change.marks.iter().map(|run| &run.marks));
        for marks in spans.chain(inserted) {
            if let Some(name) = marks.link.as_ref().and_then(LinkTarget::anchor)
                && !used.iter().any(|known| known == name)
            {
                used.push(name.to_string());
            }
        }
        for name in used {
            let Some(&at) = self.bookmarks.get(&name) else {
                continue;
            };
            let block = self.block_mut(at);
            match &block.anchor {
                None => block.anchor = Some(name),
                Some(existing) if *existing == name => {}
                Some(existing) => {
                    let existing = existing.clone();
                    // The paragraph's first anchor is unused by any link:
                    // the linked one replaces it.
                    if let Ok(target) = LinkTarget::new(&format!("#{existing}")) {
                        retarget.insert(name, target);
                    }
                }
            }
        }
        if retarget.is_empty() {
            return;
        }
        let apply = |marks: &mut Marks| {
            if let Some(new) = marks
                .link
                .as_ref()
                .and_then(LinkTarget::anchor)
                .and_then(|name| retarget.get(name))
            {
                marks.link = Some(new.clone());
            }
        };
        for span in &mut self.body.spans {
            apply(&mut span.marks);
        }
        for change in &mut self.body.changes {
            for run in &mut change.marks {
                apply(&mut run.marks);
            }
        }
    }

    // ------------------------------------------------------------ comments

    fn comment_start(&mut self, id: String) {
        if self.paragraph.as_ref().is_none_or(|p| !p.committed) {
            if self.paragraph.is_some() {
                self.commit();
            } else {
                self.deferred_starts.push(id);
                return;
            }
        }
        let marker = self.marker_here(false);
        if marker.insertion.is_none() {
            self.waiting_starts.push(id.clone());
        }
        self.insert_marker(true, id, marker);
    }

    fn comment_end(&mut self, id: String) {
        let marker = if self.paragraph.is_some() {
            self.commit();
            self.marker_here(true)
        } else {
            Marker {
                byte: self.body.text.len(),
                insertion: None,
                changes_before: self.body.changes.len(),
            }
        };
        self.insert_marker(false, id, marker);
    }

    fn insert_marker(&mut self, start: bool, id: String, marker: Marker) {
        let markers = if start {
            &mut self.body.starts
        } else {
            &mut self.body.ends
        };
        if markers.contains_key(&id) {
            self.body.warnings.push(format!(
                "two comment ranges have the id {id}: the first {} is used",
                if start { "start" } else { "end" }
            ));
            return;
        }
        markers.insert(id, marker);
    }

    fn marker_here(&mut self, end: bool) -> Marker {
        let byte = self.body.text.len();
        let insertion = match self.state() {
            TextState::Changed(kind, revision) if kind.inserts() => {
                let index = self.current_change(kind, &revision);
                Some((index, self.body.changes[index].text.len()))
            }
            _ if end => self
                .last_inserted
                .filter(|&index| self.body.changes[index].start == byte)
                .map(|index| (index, self.body.changes[index].text.len())),
            _ => None,
        };
        Marker {
            byte,
            insertion,
            changes_before: self.body.changes.len(),
        }
    }

    /// Comment starts just before inserted text lie in that insertion.
    fn resolve_waiting(&mut self, insertion: Option<usize>) {
        if self.waiting_starts.is_empty() {
            return;
        }
        for id in std::mem::take(&mut self.waiting_starts) {
            if let (Some(index), Some(marker)) = (insertion, self.body.starts.get_mut(&id))
                && self.body.changes[index].start == marker.byte
            {
                marker.insertion = Some((index, self.body.changes[index].text.len()));
            }
        }
    }

    // ------------------------------------------------------------ tables

    fn begin_table(&mut self) {
        let id = if self.tables.is_empty() {
            self.next_table += 1;
            TableId(self.next_table - 1)
        } else {
            // A table inside a cell: its paragraphs join the outer cell.
            self.nested_tables += 1;
            TableId(0)
        };
        self.tables.push(Table {
            id,
            row: None,
            col: 0,
            cell: None,
            merges: HashMap::new(),
        });
    }

    fn outer_table(&mut self) -> Option<&mut Table> {
        if self.tables.len() == 1 {
            self.tables.first_mut()
        } else {
            None
        }
    }

    fn end_table(&mut self) {
        self.tables.pop();
    }

    fn begin_row(&mut self) {
        if let Some(table) = self.outer_table() {
            table.row = Some(table.row.map_or(0, |row| row + 1));
            table.col = 0;
            table.cell = None;
        }
    }

    fn read_row_props(&mut self, reader: &mut XmlReader<'_>) -> Result<(), FormatError> {
        let end_depth = reader.depth() - 1;
        let mut before = 0;
        let mut tracked = false;
        loop {
            match reader.next_node()? {
                Node::Start(element) => match element.local() {
                    "gridBefore" => {
                        before = element
                            .attr("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                    }
                    "ins" | "del" => tracked = true,
                    _ => {}
                },
                Node::End(_) if reader.depth() == end_depth => break,
                Node::Eof => break,
                _ => {}
            }
        }
        if tracked {
            self.drop_one("tracked row insertions or deletions (the rows are kept as they stand)");
        }
        if let Some(table) = self.outer_table() {
            table.col += before;
        }
        Ok(())
    }

    fn begin_cell(&mut self) {
        if let Some(table) = self.outer_table()
            && let Some(row) = table.row
        {
            table.cell = Some(TableCell::at(table.id, row, table.col));
        }
    }

    fn read_cell_props(&mut self, reader: &mut XmlReader<'_>) -> Result<(), FormatError> {
        let end_depth = reader.depth() - 1;
        let mut span: u32 = 1;
        let mut merge = Merge::None;
        let mut tracked = false;
        loop {
            match reader.next_node()? {
                Node::Start(element) => match element.local() {
                    "gridSpan" => {
                        span = element
                            .attr("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    }
                    "vMerge" => {
                        merge = match element.attr("val").as_deref() {
                            Some("restart") => Merge::Restart,
                            _ => Merge::Continue,
                        };
                    }
                    "cellIns" | "cellDel" | "cellMerge" => tracked = true,
                    "tcPrChange" => reader.skip_element()?,
                    _ => {}
                },
                Node::End(_) if reader.depth() == end_depth => break,
                Node::Eof => break,
                _ => {}
            }
        }
        if tracked {
            self.drop_one(
                "tracked cell insertions, deletions or merges (the cells are kept as they stand)",
            );
        }
        let mut spans_to_grow = None;
        if let Some(table) = self.outer_table()
            && let Some(mut cell) = table.cell
        {
            cell.col_span = span;
            match merge {
                Merge::Restart => {
                    table.merges.insert(cell.col, cell.row);
                }
                Merge::Continue => match table.merges.get(&cell.col) {
                    Some(&start_row) => {
                        spans_to_grow = Some((table.id, start_row, cell.col));
                        cell.row = start_row;
                    }
                    None => {
                        table.merges.insert(cell.col, cell.row);
                    }
                },
                Merge::None => {
                    table.merges.remove(&cell.col);
                }
            }
            table.cell = Some(cell);
        }
        if let Some(key) = spans_to_grow {
            *self.row_spans.entry(key).or_insert(1) += 1;
        }
        Ok(())
    }

    fn end_cell(&mut self) {
        if let Some(table) = self.outer_table()
            && let Some(cell) = table.cell.take()
        {
            table.col = cell.col + cell.col_span;
        }
    }

    fn fix_row_spans(&mut self) {
        if self.row_spans.is_empty() {
            return;
        }
        let spans = &self.row_spans;
        let fix = |block: &mut Block| {
            if let Some(cell) = block.cell.as_mut()
                && let Some(&rows) = spans.get(&(cell.table, cell.row, cell.col))
            {
                cell.row_span = rows;
            }
        };
        self.body.blocks.iter_mut().for_each(fix);
        for change in &mut self.body.changes {
            change.blocks.iter_mut().for_each(fix);
        }
    }
}

/// Appends `len` bytes with `marks` to runs, joining a run with the same
/// marks.
fn push_run(runs: &mut Vec<MarkRun>, len: usize, marks: &Marks) {
    match runs.last_mut() {
        Some(last) if last.marks == *marks => last.len += len,
        _ => runs.push(MarkRun {
            len,
            marks: marks.clone(),
        }),
    }
}

/// What a `w:drawing` or `w:pict` holds, read to its end: a text box, a
/// chart, an image or another shape.
fn classify_drawing(reader: &mut XmlReader<'_>) -> Result<&'static str, FormatError> {
    let end_depth = reader.depth() - 1;
    let (mut text_box, mut chart, mut image) = (false, false, false);
    loop {
        match reader.next_node()? {
            Node::Start(element) => match element.local() {
                "txbxContent" | "textbox" | "txbx" => text_box = true,
                "chart" => chart = true,
                "blip" | "imagedata" | "pic" => image = true,
                _ => {}
            },
            Node::End(_) if reader.depth() == end_depth => break,
            Node::Eof => break,
            Node::Text(_) | Node::End(_) => {}
        }
    }
    Ok(if text_box {
        "text boxes"
    } else if chart {
        "charts"
    } else if image {
        "images"
    } else {
        "drawings and shapes"
    })
}

/// A `w:date` as Word, LibreOffice and pandoc write it.
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(value) {
        return Some(date.with_timezone(&Utc));
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
    .map(|date| date.and_utc())
    .or_else(|| {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
            .map(|date| date.and_utc())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_word_libreoffice_and_pandoc_write_them() {
        let expected = NaiveDate::from_ymd_opt(2026, 2, 9)
            .and_then(|date| date.and_hms_opt(10, 14, 0))
            .map(|date| date.and_utc());
        for value in [
            "2026-02-09T10:14:00Z",
            "2026-02-09T10:14:00",
            "2026-02-09T11:14:00+01:00",
            "2026-02-09T10:14:00.000000000",
        ] {
            assert_eq!(parse_date(value), expected, "{value}");
        }
        assert_eq!(parse_date("yesterday"), None);
    }
}
