//! Reading a .docx into project parts.
//!
//! `word/document.xml` is read in one streaming pass. The text built is the
//! *original* text, what the document says before any pending change is
//! accepted:
//!
//! ```text
//!   docx:   We collect <del>personal data</del><ins>contact details</ins>.
//!   text:   We collect personal data.
//!                      ^^^^^^^^^^^^^ a Replacement by "contact details"
//! ```
//!
//! - deleted text (`w:del`/`w:delText`, `w:moveFrom`) is in the text and a
//!   suggestion spans it; inserted text (`w:ins`, `w:moveTo`) is not, its
//!   suggestion is an empty span at the point plus the text;
//! - each paragraph is one line; its mark (the `\n` after it) can itself be
//!   inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`), and is then part of
//!   the neighbouring insertion or deletion, as is the line's `# `/`- `
//!   prefix when the paragraph comes or goes with it;
//! - adjacent pieces of one kind by one author merge; a deletion next to an
//!   insertion by the same author is one Replacement; `w:moveFrom` and
//!   `w:moveTo` become a Deletion and an Insertion that name each other as
//!   `move_partner` (paired by the move range's `w:name`, else in order);
//! - text inserted and then deleted by another reviewer (`w:del` inside
//!   `w:ins`) is in neither the original nor the accepted text, and is left
//!   out;
//! - comment ranges are recorded as byte positions; a comment whose whole
//!   range lies in one insertion is attached to that suggestion
//!   (`attached_to`) at the insertion point. Markers that LibreOffice moves
//!   into a neighbouring `w:ins`/`w:del` are harmless: only a range whose
//!   *both* ends lie in the same insertion is attached.
//! - `w:rPrChange`/`w:pPrChange` (formatting only) go to the review log.
//!
//! Ids in the file are not reused: pandoc writes the same `w:id` for an
//! insertion and a comment, so comment ids and revision ids live in
//! separate maps, and the project gets fresh ids (1, 2, ...).

use super::package::Package;
use super::xml::{Node, XmlReader};
use super::{ALTERNATIVES_HEADER, FormatError};
use crate::formats::Imported;
use crate::model::blocks::BlockStyle;
use crate::model::content::Content;
use crate::model::migration::parts_without_structure_marks;
use crate::model::{
    Comment, CommentId, Document, LogEntry, Person, ProjectParts, Reply, ReplyId, Span, Suggestion,
    SuggestionId, SuggestionKind, SuggestionStatus,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::HashMap;
use std::path::Path;

/// Reads the package in `bytes` (the file at `origin`).
pub fn read(bytes: &[u8], origin: &Path) -> Result<Imported, FormatError> {
    let mut package = Package::open(bytes, origin)?;
    let Some(document_xml) = package.part("word/document.xml")? else {
        return Err(FormatError::Invalid {
            path: origin.to_path_buf(),
            message: "not a Word document: the package has no word/document.xml part".to_string(),
        });
    };
    let mut warnings = Vec::new();
    let styles = match package.part("word/styles.xml")? {
        Some(xml) => read_styles(&xml, origin)?,
        None => HashMap::new(),
    };
    let numbering = match package.part("word/numbering.xml")? {
        Some(xml) => read_numbering(&xml, origin)?,
        None => Numbering::default(),
    };
    let body = BodyReader::new(&styles, &numbering).read(&document_xml, origin)?;
    let raw_comments = match package.part("word/comments.xml")? {
        Some(xml) => read_comments(&xml, origin)?,
        None => Vec::new(),
    };
    let extended = match package.part("word/commentsExtended.xml")? {
        Some(xml) => read_comments_extended(&xml, origin)?,
        None => HashMap::new(),
    };
    let core_title = match package.part("docProps/core.xml")? {
        Some(xml) => first_text_of(&xml, "docProps/core.xml", origin, "title")?,
        None => None,
    };
    let company = match package.part("docProps/app.xml")? {
        Some(xml) => first_text_of(&xml, "docProps/app.xml", origin, "Company")?,
        None => None,
    };
    let parts = assemble(body, raw_comments, extended, &mut warnings);
    let mut parts = parts_without_structure_marks(parts).map_err(|error| FormatError::Invalid {
        path: origin.to_path_buf(),
        message: format!("the imported review is inconsistent: {error}"),
    })?;
    parts.document.title = core_title
        .filter(|title| !title.trim().is_empty())
        .or_else(|| first_heading(&parts.document.content))
        .unwrap_or_else(|| {
            origin
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    parts.document.organisation = company.unwrap_or_default();
    parts.document.effective_date = effective_date(parts.document.text());
    if let Err(error) = crate::model::Project::from_parts(parts.clone()) {
        return Err(FormatError::Invalid {
            path: origin.to_path_buf(),
            message: format!("the imported review is inconsistent: {error}"),
        });
    }
    Ok(Imported { parts, warnings })
}

/// Who made a tracked change or comment, and when.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Revision {
    author: String,
    date: Option<DateTime<Utc>>,
}

impl Revision {
    fn of(element: &super::xml::Element<'_>) -> Revision {
        Revision {
            author: element.attr("author").unwrap_or_default(),
            date: element.attr("date").as_deref().and_then(parse_date),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    Deletion,
    Insertion,
    MoveFrom,
    MoveTo,
}

impl ChangeKind {
    fn inserts(self) -> bool {
        matches!(self, ChangeKind::Insertion | ChangeKind::MoveTo)
    }
}

/// A run of deleted or inserted text as found, before pairing.
#[derive(Debug, Clone)]
struct RawChange {
    kind: ChangeKind,
    revision: Revision,
    /// Deleted text: its range in the original text. Inserted text: the
    /// point (`start == end`).
    start: usize,
    end: usize,
    /// The inserted text.
    text: String,
    /// The move range's name, for pairing moves.
    move_name: Option<String>,
}

/// Where a comment marker was found.
#[derive(Debug, Clone, Copy)]
struct Marker {
    byte: usize,
    /// Inside inserted text: the change and the byte in its text.
    insertion: Option<(usize, usize)>,
    /// How many changes had been found when the marker was.
    changes_before: usize,
}

/// The state text is in while it is read.
#[derive(Debug, Clone)]
enum TextState {
    Normal,
    Changed(ChangeKind, Revision),
    /// Inserted and deleted again: in neither text.
    Nowhere,
}

/// What `w:pPr` says about a paragraph.
#[derive(Debug, Clone, Default)]
struct ParagraphProps {
    style: Option<String>,
    outline_level: Option<u8>,
    numbering: Option<(String, u8)>,
    mark: Option<(ChangeKind, Revision)>,
}

type Styles = HashMap<String, StyleInfo>;

#[derive(Debug, Clone, Default)]
struct StyleInfo {
    heading_level: Option<u8>,
    bullet: bool,
}

#[derive(Debug, Clone, Default)]
struct Numbering {
    /// numId → abstractNumId.
    instances: HashMap<String, String>,
    /// (abstractNumId, level) → the format is a bullet.
    bullets: HashMap<(String, u8), bool>,
}

/// What the body pass found.
#[derive(Debug, Default)]
struct Body {
    text: String,
    changes: Vec<RawChange>,
    starts: HashMap<String, Marker>,
    ends: HashMap<String, Marker>,
    log: Vec<LogEntry>,
}

struct BodyReader<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    body: Body,
    /// Open tracked-change elements: (depth, kind, revision).
    open: Vec<(usize, ChangeKind, Revision)>,
    /// Open move ranges' names (moveFromRangeStart / moveToRangeStart).
    move_from_name: Option<String>,
    move_to_name: Option<String>,
    in_paragraph: bool,
    in_text: bool,
    prefix_done: bool,
    props: ParagraphProps,
    /// The mark of the paragraph before, written when the next one starts
    /// (the last paragraph's mark is not part of the text).
    pending_mark: Option<TextState>,
    /// Comment starts seen between paragraphs: they belong to the next one.
    deferred_starts: Vec<String>,
    paragraph_index: usize,
    /// The mark of the paragraph before this one is deleted.
    previous_mark_deleted: bool,
    /// The bytes of a line prefix that joins a deletion starting right
    /// after it (see `ensure_prefix`).
    deletable_prefix: Option<(usize, usize)>,
    list_counters: HashMap<String, usize>,
    logged: std::collections::HashSet<(usize, &'static str, String)>,
}

impl<'s> BodyReader<'s> {
    fn new(styles: &'s Styles, numbering: &'s Numbering) -> BodyReader<'s> {
        BodyReader {
            styles,
            numbering,
            body: Body::default(),
            open: Vec::new(),
            move_from_name: None,
            move_to_name: None,
            in_paragraph: false,
            in_text: false,
            prefix_done: false,
            props: ParagraphProps::default(),
            pending_mark: None,
            deferred_starts: Vec::new(),
            paragraph_index: 0,
            previous_mark_deleted: false,
            deletable_prefix: None,
            list_counters: HashMap::new(),
            logged: Default::default(),
        }
    }

    fn read(mut self, xml: &str, origin: &Path) -> Result<Body, FormatError> {
        let part = "word/document.xml";
        let mut reader = XmlReader::new(xml, part, origin);
        // The text is typically a third to a half of the XML.
        self.body.text.reserve(xml.len() / 2);
        let mut saw_body = false;
        loop {
            match reader.next_node()? {
                Node::Eof => break,
                Node::Start(element) => {
                    let depth = reader.depth();
                    match element.local() {
                        "body" => saw_body = true,
                        "p" => self.begin_paragraph(),
                        "pPr" => {
                            self.props = self.read_paragraph_props(&mut reader)?;
                        }
                        "rPr" => self.read_run_props(&mut reader)?,
                        "ins" | "del" | "moveFrom" | "moveTo" => {
                            let kind = match element.local() {
                                "ins" => ChangeKind::Insertion,
                                "del" => ChangeKind::Deletion,
                                "moveFrom" => ChangeKind::MoveFrom,
                                _ => ChangeKind::MoveTo,
                            };
                            self.open.push((depth, kind, Revision::of(&element)));
                        }
                        "moveFromRangeStart" => self.move_from_name = element.attr("name"),
                        "moveToRangeStart" => self.move_to_name = element.attr("name"),
                        "t" | "delText" => self.in_text = true,
                        "tab" | "ptab" => self.append("\t"),
                        "br" | "cr" if element.attr("type").as_deref() != Some("page") => {
                            self.append("\n");
                        }
                        "noBreakHyphen" => self.append("\u{2011}"),
                        "commentRangeStart" => {
                            if let Some(id) = element.attr("id") {
                                if self.in_paragraph {
                                    let marker = self.marker();
                                    self.body.starts.insert(id, marker);
                                } else {
                                    self.deferred_starts.push(id);
                                }
                            }
                        }
                        "commentRangeEnd" => {
                            if let Some(id) = element.attr("id") {
                                let marker = if self.in_paragraph {
                                    self.marker()
                                } else {
                                    Marker {
                                        byte: self.body.text.len(),
                                        insertion: None,
                                        changes_before: self.body.changes.len(),
                                    }
                                };
                                self.body.ends.insert(id, marker);
                            }
                        }
                        "drawing" | "pict" | "object" | "Fallback" | "instrText"
                        | "delInstrText" | "sectPr" | "tblPr" | "tblGrid" | "trPr" | "tcPr"
                        | "fldData" | "footnoteReference" | "endnoteReference" => {
                            reader.skip_element()?;
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
                        "p" => self.end_paragraph(),
                        "moveFromRangeEnd" => self.move_from_name = None,
                        "moveToRangeEnd" => self.move_to_name = None,
                        _ => {}
                    }
                }
                Node::Text(text) => {
                    if self.in_text {
                        self.append(&text);
                    }
                }
            }
        }
        if !saw_body {
            return Err(FormatError::Invalid {
                path: origin.to_path_buf(),
                message: "word/document.xml has no w:body element".to_string(),
            });
        }
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
        Ok(self.body)
    }

    fn state(&self) -> TextState {
        let mut inserted = None;
        let mut deleted = None;
        for (_, kind, revision) in &self.open {
            if kind.inserts() {
                inserted = Some((*kind, revision.clone()));
            } else {
                deleted = Some((*kind, revision.clone()));
            }
        }
        match (inserted, deleted) {
            (Some(_), Some(_)) => TextState::Nowhere,
            (Some((kind, revision)), None) | (None, Some((kind, revision))) => {
                TextState::Changed(kind, revision)
            }
            (None, None) => TextState::Normal,
        }
    }

    fn begin_paragraph(&mut self) {
        self.previous_mark_deleted = false;
        if let Some(mark) = self.pending_mark.take() {
            self.append_in("\n", &mark);
            self.previous_mark_deleted =
                matches!(&mark, TextState::Changed(kind, _) if !kind.inserts());
        }
        self.in_paragraph = true;
        self.prefix_done = false;
        self.props = ParagraphProps::default();
        self.paragraph_index += 1;
    }

    fn end_paragraph(&mut self) {
        self.ensure_prefix();
        self.in_paragraph = false;
        self.in_text = false;
        self.pending_mark = Some(match self.props.mark.clone() {
            Some((kind, revision)) => TextState::Changed(kind, revision),
            None => TextState::Normal,
        });
    }

    /// Writes the line's `# `/`- ` prefix once the paragraph's properties
    /// are known, and places the comment starts seen before the paragraph.
    fn ensure_prefix(&mut self) {
        if self.prefix_done || !self.in_paragraph {
            return;
        }
        self.prefix_done = true;
        let prefix = self.prefix();
        let state = match &self.props.mark {
            Some((kind, revision)) if kind.inserts() => TextState::Changed(*kind, revision.clone()),
            _ => TextState::Normal,
        };
        if !prefix.is_empty() {
            self.append_in(&prefix, &state);
            // A line that goes with a deleted paragraph mark (its own or the
            // one before) and whose text starts deleted: its prefix is part
            // of that deletion, as the writer leaves it out of the deleted
            // run.
            let mark_deleted = self.previous_mark_deleted
                || matches!(&self.props.mark, Some((kind, _)) if !kind.inserts());
            if matches!(state, TextState::Normal) && mark_deleted {
                let end = self.body.text.len();
                self.deletable_prefix = Some((end - prefix.len(), end));
            }
        }
        for id in std::mem::take(&mut self.deferred_starts) {
            let marker = self.marker();
            self.body.starts.insert(id, marker);
        }
    }

    fn prefix(&mut self) -> String {
        let style = self
            .props
            .style
            .as_deref()
            .map(|id| style_info(self.styles, id));
        let level = self
            .props
            .outline_level
            .map(|level| level + 1)
            .or_else(|| style.as_ref().and_then(|style| style.heading_level));
        if let Some(level) = level.filter(|level| (1..=9).contains(level)) {
            return format!("{} ", "#".repeat(level.min(3) as usize));
        }
        if let Some((num_id, level)) = self.props.numbering.clone()
            && num_id != "0"
        {
            let bullet = self
                .numbering
                .instances
                .get(&num_id)
                .and_then(|abstract_id| self.numbering.bullets.get(&(abstract_id.clone(), level)))
                .copied()
                .unwrap_or(true);
            if bullet {
                return "- ".to_string();
            }
            let counter = self
                .list_counters
                .entry(format!("{num_id}/{level}"))
                .or_insert(0);
            *counter += 1;
            return format!("{counter}. ");
        }
        if style.is_some_and(|style| style.bullet) {
            return "- ".to_string();
        }
        String::new()
    }

    fn append(&mut self, text: &str) {
        self.ensure_prefix();
        let state = self.state();
        self.append_in(text, &state);
    }

    fn move_name(&self, kind: ChangeKind) -> Option<String> {
        match kind {
            ChangeKind::MoveFrom => self.move_from_name.clone(),
            ChangeKind::MoveTo => self.move_to_name.clone(),
            _ => None,
        }
    }

    /// The change that text of this kind and revision at the current point
    /// extends, created (empty) when there is none.
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
                revision: revision.clone(),
                start: at,
                end: at,
                text: String::new(),
                move_name,
            });
        }
        self.body.changes.len() - 1
    }

    /// Makes the deletion in progress (or a new one) cover `start..end`.
    fn extend_deletion_over(
        &mut self,
        kind: ChangeKind,
        revision: &Revision,
        start: usize,
        end: usize,
    ) {
        let move_name = self.move_name(kind);
        match self.body.changes.last_mut() {
            Some(last)
                if last.kind == kind
                    && last.revision.author == revision.author
                    && last.end == start
                    && last.move_name == move_name =>
            {
                last.end = end;
            }
            _ => self.body.changes.push(RawChange {
                kind,
                revision: revision.clone(),
                start,
                end,
                text: String::new(),
                move_name,
            }),
        }
    }

    fn append_in(&mut self, text: &str, state: &TextState) {
        if !matches!(state, TextState::Changed(..)) && !text.is_empty() {
            self.deletable_prefix = None;
        }
        match state {
            TextState::Normal => self.body.text.push_str(text),
            TextState::Nowhere => {}
            TextState::Changed(kind, revision) => {
                if let Some((start, end)) = self.deletable_prefix.take()
                    && !kind.inserts()
                    && end == self.body.text.len()
                {
                    self.extend_deletion_over(*kind, revision, start, end);
                }
                let index = self.current_change(*kind, revision);
                if kind.inserts() {
                    self.body.changes[index].text.push_str(text);
                } else {
                    self.body.text.push_str(text);
                    self.body.changes[index].end = self.body.text.len();
                }
            }
        }
    }

    fn marker(&mut self) -> Marker {
        self.ensure_prefix();
        let byte = self.body.text.len();
        let insertion = match self.state() {
            TextState::Changed(kind, revision) if kind.inserts() => {
                let index = self.current_change(kind, &revision);
                Some((index, self.body.changes[index].text.len()))
            }
            _ => None,
        };
        Marker {
            byte,
            insertion,
            changes_before: self.body.changes.len(),
        }
    }

    fn read_paragraph_props(
        &mut self,
        reader: &mut XmlReader<'_>,
    ) -> Result<ParagraphProps, FormatError> {
        let end_depth = reader.depth() - 1;
        let mut props = ParagraphProps::default();
        let mut num_id = None;
        let mut level = 0;
        loop {
            match reader.next_node()? {
                Node::Start(element) => match element.local() {
                    "pStyle" => props.style = element.attr("val"),
                    "outlineLvl" => {
                        props.outline_level = element.attr("val").and_then(|val| val.parse().ok());
                    }
                    "numId" => num_id = element.attr("val"),
                    "ilvl" => {
                        level = element
                            .attr("val")
                            .and_then(|val| val.parse().ok())
                            .unwrap_or(0)
                    }
                    "ins" => props.mark = Some((ChangeKind::Insertion, Revision::of(&element))),
                    "del" => props.mark = Some((ChangeKind::Deletion, Revision::of(&element))),
                    "moveFrom" => props.mark = Some((ChangeKind::MoveFrom, Revision::of(&element))),
                    "moveTo" => props.mark = Some((ChangeKind::MoveTo, Revision::of(&element))),
                    "pPrChange" | "rPrChange" => {
                        let what = if element.local() == "pPrChange" {
                            "paragraph formatting"
                        } else {
                            "formatting"
                        };
                        self.log_formatting(what, Revision::of(&element));
                        reader.skip_element()?;
                    }
                    "sectPr" => reader.skip_element()?,
                    _ => {}
                },
                Node::End(_) if reader.depth() == end_depth => break,
                Node::Eof => break,
                _ => {}
            }
        }
        props.numbering = num_id.map(|id| (id, level));
        Ok(props)
    }

    fn read_run_props(&mut self, reader: &mut XmlReader<'_>) -> Result<(), FormatError> {
        let end_depth = reader.depth() - 1;
        loop {
            match reader.next_node()? {
                Node::Start(element) if element.local() == "rPrChange" => {
                    self.log_formatting("formatting", Revision::of(&element));
                    reader.skip_element()?;
                }
                Node::End(_) if reader.depth() == end_depth => return Ok(()),
                Node::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn log_formatting(&mut self, what: &'static str, revision: Revision) {
        let paragraph = self.paragraph_index;
        if !self
            .logged
            .insert((paragraph, what, revision.author.clone()))
        {
            return;
        }
        self.body.log.push(LogEntry {
            at: revision.date.unwrap_or(DateTime::UNIX_EPOCH),
            by: revision.author.clone(),
            event: format!(
                "imported from Word: {what} changed by {} in paragraph {paragraph} (a tracked formatting change, not a suggestion)",
                if revision.author.is_empty() { "an unknown author" } else { &revision.author }
            ),
        });
    }
}

fn style_info(styles: &Styles, id: &str) -> StyleInfo {
    if let Some(info) = styles.get(id) {
        return info.clone();
    }
    // No styles part, or a style it does not define: go by the id Word and
    // pandoc give the built-in styles.
    let lower = id.to_ascii_lowercase();
    let heading_level = lower
        .strip_prefix("heading")
        .map(str::trim)
        .and_then(|rest| rest.parse().ok());
    StyleInfo {
        heading_level,
        bullet: lower.starts_with("listbullet"),
    }
}

fn read_styles(xml: &str, origin: &Path) -> Result<Styles, FormatError> {
    let mut reader = XmlReader::new(xml, "word/styles.xml", origin);
    let mut styles = Styles::new();
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        match reader.next_node()? {
            Node::Start(element) => match element.local() {
                "style" => {
                    current = element.attr("styleId").map(|id| {
                        let info = style_info(&Styles::new(), &id);
                        (id, info)
                    });
                }
                "name" => {
                    if let Some((_, info)) = current.as_mut() {
                        let name = element.attr("val").unwrap_or_default().to_ascii_lowercase();
                        if let Some(level) = name
                            .strip_prefix("heading ")
                            .and_then(|rest| rest.trim().parse().ok())
                        {
                            info.heading_level = Some(level);
                        }
                        if name.starts_with("list bullet") {
                            info.bullet = true;
                        }
                    }
                }
                "outlineLvl" => {
                    if let Some((_, info)) = current.as_mut()
                        && let Some(level) =
                            element.attr("val").and_then(|val| val.parse::<u8>().ok())
                        && level < 9
                    {
                        info.heading_level = Some(level + 1);
                    }
                }
                "rPr" | "tblPr" | "tcPr" | "trPr" | "tblStylePr" | "pPrChange" => {
                    reader.skip_element()?
                }
                _ => {}
            },
            Node::End(name) if name == "style" => {
                if let Some((id, info)) = current.take() {
                    styles.insert(id, info);
                }
            }
            Node::Eof => return Ok(styles),
            _ => {}
        }
    }
}

fn read_numbering(xml: &str, origin: &Path) -> Result<Numbering, FormatError> {
    let mut reader = XmlReader::new(xml, "word/numbering.xml", origin);
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: u8 = 0;
    let mut num_id: Option<String> = None;
    loop {
        match reader.next_node()? {
            Node::Start(element) => match element.local() {
                "abstractNum" => abstract_id = element.attr("abstractNumId"),
                "lvl" => {
                    level = element
                        .attr("ilvl")
                        .and_then(|val| val.parse().ok())
                        .unwrap_or(0)
                }
                "numFmt" => {
                    if let Some(id) = &abstract_id {
                        let bullet = element.attr("val").as_deref() == Some("bullet");
                        numbering.bullets.insert((id.clone(), level), bullet);
                    }
                }
                "num" => num_id = element.attr("numId"),
                "abstractNumId" => {
                    if let (Some(num), Some(target)) = (&num_id, element.attr("val")) {
                        numbering.instances.insert(num.clone(), target);
                    }
                }
                "rPr" | "pPr" => reader.skip_element()?,
                _ => {}
            },
            Node::End(name) => match name.as_ref() {
                "abstractNum" => abstract_id = None,
                "num" => num_id = None,
                _ => {}
            },
            Node::Eof => return Ok(numbering),
            Node::Text(_) => {}
        }
    }
}

/// A comment as `word/comments.xml` has it.
#[derive(Debug)]
struct RawComment {
    id: String,
    revision: Revision,
    initials: Option<String>,
    body: String,
    /// `w14:paraId` of its last paragraph, which commentsExtended names.
    para_id: Option<String>,
}

fn read_comments(xml: &str, origin: &Path) -> Result<Vec<RawComment>, FormatError> {
    let mut reader = XmlReader::new(xml, "word/comments.xml", origin);
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
type Extended = HashMap<String, (Option<String>, bool)>;

fn read_comments_extended(xml: &str, origin: &Path) -> Result<Extended, FormatError> {
    let mut reader = XmlReader::new(xml, "word/commentsExtended.xml", origin);
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
fn first_text_of(
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

/// Builds the project parts from what the passes found.
fn assemble(
    body: Body,
    raw_comments: Vec<RawComment>,
    extended: Extended,
    warnings: &mut Vec<String>,
) -> ProjectParts {
    let Body {
        text,
        changes,
        starts,
        ends,
        log,
    } = body;
    let mut next_id = 1;
    let mut fresh_id = || {
        next_id += 1;
        next_id - 1
    };
    let mut undated = 0;
    let mut date_of = |revision: &Revision| {
        revision.date.unwrap_or_else(|| {
            undated += 1;
            DateTime::UNIX_EPOCH
        })
    };
    let initials_by_author: HashMap<&str, &str> = raw_comments
        .iter()
        .filter_map(|comment| {
            Some((
                comment.revision.author.as_str(),
                comment.initials.as_deref()?,
            ))
        })
        .collect();
    let person = |author: &str| {
        let initials = initials_by_author.get(author).map_or_else(
            || Person::initials_of(author),
            |initials| initials.to_string(),
        );
        Person::new(author, initials)
    };

    // Suggestions, pairing a deletion and an insertion by one author at the
    // same place into a replacement.
    let live: Vec<usize> = (0..changes.len())
        .filter(|&index| {
            let change = &changes[index];
            if change.kind.inserts() {
                !change.text.is_empty()
            } else {
                change.end > change.start
            }
        })
        .collect();
    let mut suggestion_of_change: Vec<Option<usize>> = vec![None; changes.len()];
    let mut suggestions: Vec<Suggestion> = Vec::new();
    let mut moves: Vec<(usize, ChangeKind, Option<String>)> = Vec::new();
    let mut position = 0;
    while position < live.len() {
        let index = live[position];
        let change = &changes[index];
        let next = live.get(position + 1).map(|&next| (next, &changes[next]));
        let pair = next.filter(|(_, other)| {
            other.revision.author == change.revision.author
                && match (change.kind, other.kind) {
                    (ChangeKind::Deletion, ChangeKind::Insertion) => other.start == change.end,
                    (ChangeKind::Insertion, ChangeKind::Deletion) => other.start == change.start,
                    _ => false,
                }
        });
        let (span, kind, used) = match (change.kind, pair) {
            (ChangeKind::Deletion, Some((next, other))) => (
                Span::new(change.start, change.end),
                SuggestionKind::Replacement {
                    text: other.text.clone(),
                },
                vec![index, next],
            ),
            (ChangeKind::Insertion, Some((next, other))) => (
                Span::new(other.start, other.end),
                SuggestionKind::Replacement {
                    text: change.text.clone(),
                },
                vec![index, next],
            ),
            (kind, _) if kind.inserts() => (
                Span::point(change.start),
                SuggestionKind::Insertion {
                    text: change.text.clone(),
                },
                vec![index],
            ),
            _ => (
                Span::new(change.start, change.end),
                SuggestionKind::Deletion,
                vec![index],
            ),
        };
        position += used.len();
        for &used_index in &used {
            suggestion_of_change[used_index] = Some(suggestions.len());
        }
        if matches!(change.kind, ChangeKind::MoveFrom | ChangeKind::MoveTo) {
            moves.push((suggestions.len(), change.kind, change.move_name.clone()));
        }
        suggestions.push(Suggestion {
            id: SuggestionId(fresh_id()),
            span,
            original: text[span.range()].to_string(),
            kind,
            author: person(&change.revision.author),
            created: date_of(&change.revision),
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            material: false,
            move_partner: None,
            formatting: None,
        });
    }
    pair_moves(&mut suggestions, &moves);

    // Comment threads: roots first, then replies in file order.
    let by_para_id: HashMap<&str, usize> = raw_comments
        .iter()
        .enumerate()
        .filter_map(|(index, comment)| Some((comment.para_id.as_deref()?, index)))
        .collect();
    let root_of = |index: usize| {
        let mut current = index;
        for _ in 0..raw_comments.len() {
            let parent = raw_comments[current]
                .para_id
                .as_deref()
                .and_then(|para_id| extended.get(para_id))
                .and_then(|(parent, _)| parent.as_deref())
                .and_then(|parent| by_para_id.get(parent).copied());
            match parent {
                Some(parent) if parent != current => current = parent,
                _ => break,
            }
        }
        current
    };
    let mut comments: Vec<Comment> = Vec::new();
    let mut thread_of: HashMap<usize, usize> = HashMap::new();
    for (index, raw) in raw_comments.iter().enumerate() {
        if root_of(index) != index {
            continue;
        }
        let (span, attached_to, quote) = comment_span(
            raw,
            &starts,
            &ends,
            &changes,
            &suggestion_of_change,
            &suggestions,
            &text,
            warnings,
        );
        let resolved = raw
            .para_id
            .as_deref()
            .and_then(|para_id| extended.get(para_id))
            .is_some_and(|(_, done)| *done);
        thread_of.insert(index, comments.len());
        comments.push(Comment {
            id: CommentId(fresh_id()),
            span,
            author: author_of(raw),
            created: date_of(&raw.revision),
            body: raw.body.clone(),
            replies: Vec::new(),
            resolved,
            orphaned: false,
            quote,
            attached_to,
        });
    }
    for (index, raw) in raw_comments.iter().enumerate() {
        let root = root_of(index);
        if root == index {
            continue;
        }
        let Some(&thread) = thread_of.get(&root) else {
            continue;
        };
        let reply = Reply {
            id: ReplyId(fresh_id()),
            author: author_of(raw),
            created: date_of(&raw.revision),
            body: raw.body.clone(),
        };
        comments[thread].replies.push(reply);
    }
    restore_alternatives(&mut comments, &mut suggestions);
    if undated > 0 {
        warnings.push(format!(
            "{undated} changes or comments carry no date (w:date); they are dated 1970-01-01"
        ));
    }
    ProjectParts {
        document: Document {
            content: Content::plain(text),
            ..Document::default()
        },
        comments,
        suggestions,
        log,
        ..ProjectParts::default()
    }
}

/// The author of a comment or reply: its name, and its initials or ones
/// made from the name.
fn author_of(raw: &RawComment) -> Person {
    let initials = raw
        .initials
        .clone()
        .unwrap_or_else(|| Person::initials_of(&raw.revision.author));
    Person::new(raw.revision.author.clone(), initials)
}

#[allow(clippy::too_many_arguments)]
fn comment_span(
    raw: &RawComment,
    starts: &HashMap<String, Marker>,
    ends: &HashMap<String, Marker>,
    changes: &[RawChange],
    suggestion_of_change: &[Option<usize>],
    suggestions: &[Suggestion],
    text: &str,
    warnings: &mut Vec<String>,
) -> (Span, Option<SuggestionId>, String) {
    let (start, end) = match (starts.get(&raw.id), ends.get(&raw.id)) {
        (Some(start), Some(end)) => (*start, *end),
        (Some(marker), None) | (None, Some(marker)) => (*marker, *marker),
        (None, None) => {
            warnings.push(format!(
                "comment {} by {} has no range in word/document.xml (no w:commentRangeStart or w:commentRangeEnd): it is placed at the start of the document",
                raw.id,
                if raw.revision.author.is_empty() { "an unknown author" } else { &raw.revision.author }
            ));
            return (Span::point(0), None, String::new());
        }
    };
    if let (Some((start_change, start_offset)), Some((end_change, end_offset))) =
        (start.insertion, end.insertion)
        && start_change == end_change
        && let Some(suggestion) =
            suggestion_of_change[start_change].map(|index| &suggestions[index])
    {
        let change = &changes[start_change];
        let (from, to) = (start_offset.min(end_offset), start_offset.max(end_offset));
        let quote = change.text.get(from..to).unwrap_or_default().to_string();
        return (Span::point(change.start), Some(suggestion.id), quote);
    }
    // Marks just around an insertion (as Redline writes them, since pandoc
    // drops marks inside w:ins): the comment is on the inserted text.
    if start.byte == end.byte
        && let Some(index) =
            (start.changes_before..end.changes_before.min(changes.len())).find(|&index| {
                changes[index].kind.inserts()
                    && changes[index].start == start.byte
                    && suggestion_of_change[index].is_some()
            })
        && let Some(suggestion) = suggestion_of_change[index].map(|index| &suggestions[index])
    {
        return (
            Span::point(start.byte),
            Some(suggestion.id),
            changes[index].text.clone(),
        );
    }
    let span = Span::new(start.byte.min(end.byte), start.byte.max(end.byte));
    (span, None, text[span.range()].to_string())
}

/// Pairs the halves of moves: by the move range's name, then in order.
fn pair_moves(suggestions: &mut [Suggestion], moves: &[(usize, ChangeKind, Option<String>)]) {
    let mut paired = vec![false; moves.len()];
    for by_name in [true, false] {
        for from in 0..moves.len() {
            if paired[from] || moves[from].1 != ChangeKind::MoveFrom {
                continue;
            }
            let partner = (0..moves.len()).find(|&to| {
                !paired[to]
                    && moves[to].1 == ChangeKind::MoveTo
                    && (!by_name || (moves[from].2.is_some() && moves[to].2 == moves[from].2))
            });
            if let Some(to) = partner {
                paired[from] = true;
                paired[to] = true;
                let (from_index, to_index) = (moves[from].0, moves[to].0);
                suggestions[from_index].move_partner = Some(suggestions[to_index].id);
                suggestions[to_index].move_partner = Some(suggestions[from_index].id);
            }
        }
    }
}

/// Turns a replacement plus Redline's "Alternatives (choose one):" comment
/// on the same text by the same author back into one Alternatives
/// suggestion (see `write.rs`).
fn restore_alternatives(comments: &mut Vec<Comment>, suggestions: &mut [Suggestion]) {
    comments.retain(|comment| {
        let Some(list) = comment.body.strip_prefix(ALTERNATIVES_HEADER) else {
            return true;
        };
        let candidates: Vec<String> = list
            .lines()
            .filter(|line| !line.is_empty())
            .enumerate()
            .map(|(index, line)| {
                line.strip_prefix(&format!("{}. ", index + 1))
                    .map(str::to_string)
            })
            .collect::<Option<_>>()
            .unwrap_or_default();
        let target = suggestions.iter_mut().find(|suggestion| {
            suggestion.span == comment.span
                && suggestion.author.name == comment.author.name
                && matches!(&suggestion.kind, SuggestionKind::Replacement { text } if candidates.first() == Some(text))
        });
        match target {
            Some(suggestion) if candidates.len() >= 2 && comment.replies.is_empty() => {
                suggestion.kind = SuggestionKind::Alternatives { candidates };
                false
            }
            _ => true,
        }
    });
}

fn parse_date(value: &str) -> Option<DateTime<Utc>> {
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

fn first_heading(content: &Content) -> Option<String> {
    content
        .paragraphs()
        .find(|(_, block)| block.style == BlockStyle::Heading(1))
        .map(|(range, _)| content.text[range].trim().to_string())
        .filter(|title| !title.is_empty())
}

/// The date after "Effective Date:" (or "Effective:") in the first lines.
fn effective_date(text: &str) -> Option<NaiveDate> {
    text.lines().take(40).find_map(|line| {
        let lower = line.to_lowercase();
        let at = lower.find("effective")?;
        let colon = line[at..].find(':')? + at;
        parse_human_date(&line[colon + 1..])
    })
}

fn parse_human_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim().trim_end_matches('.');
    ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(value, format).ok())
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

    #[test]
    fn effective_dates() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(effective_date("# P\nEffective Date: March 1, 2026"), date);
        assert_eq!(effective_date("Effective: 1 March 2026."), date);
        assert_eq!(effective_date("Effective date: 2026-03-01"), date);
        assert_eq!(effective_date("No date here"), None);
    }

    #[test]
    fn built_in_style_ids_without_a_styles_part() {
        let styles = Styles::new();
        assert_eq!(style_info(&styles, "Heading2").heading_level, Some(2));
        assert_eq!(style_info(&styles, "heading 3").heading_level, Some(3));
        assert!(style_info(&styles, "ListBullet").bullet);
        assert_eq!(style_info(&styles, "BodyText").heading_level, None);
    }
}
