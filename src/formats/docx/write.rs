//! Writing a project as a .docx with real tracked changes and comments.
//!
//! The text is walked once and cut into pieces at every place something
//! happens (a deletion starts or ends, an insertion goes in, a comment
//! starts or ends). The pieces are then split into paragraphs at `\n`; each
//! `\n` becomes a paragraph mark with the state of the piece it was in, so
//! a deleted or inserted line break is a deleted or inserted paragraph mark.
//! A line's `# `, `## `, `### ` or `- ` prefix becomes its style (Heading1-3,
//! a bulleted list) and is not written as text; `1. ` stays literal text.
//!
//! What each pending suggestion becomes:
//!
//! | suggestion            | Word                                                     |
//! |-----------------------|----------------------------------------------------------|
//! | Insertion             | `w:ins` at the point                                     |
//! | Deletion              | `w:del` over the span                                    |
//! | Replacement           | `w:del` over the span, then `w:ins` (one author: read back as one replacement) |
//! | Alternatives          | a replacement by the first candidate, plus a comment by the same author on the same text: "Alternatives (choose one):" and the numbered candidates; Redline reads the pair back as one Alternatives suggestion |
//! | a move (two halves)   | `w:moveFrom` / `w:moveTo` with named move ranges         |
//! | overlapping another   | a comment by its author describing it (Word cannot nest tracked changes) |
//!
//! Accepted and rejected suggestions are history, not pending changes: the
//! text already holds what was accepted, so they are not written. A
//! suggestion's rationale is not written (Word has no place for it).
//!
//! Comments are written with their replies (each reply a comment on the
//! same range, linked in `word/commentsExtended.xml` by `w15:paraIdParent`)
//! and the resolved state (`w15:done`). A comment attached to a suggested
//! insertion encloses the whole inserted text, with its marks just outside
//! the `w:ins` (pandoc 2.17 drops comment marks inside `w:ins`).

use super::xml::{escape, escape_into};
use super::{ALTERNATIVES_HEADER, FormatError};
use crate::model::blocks::{Block, BlockStyle};
use crate::model::content::Content;
use crate::model::{Comment, Person, Project, Suggestion, SuggestionId, SuggestionKind};
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::HashMap;
use std::io::Write;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14_NS: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const W15_NS: &str = "http://schemas.microsoft.com/office/word/2012/wordml";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Writes the draft with its pending suggestions and comments.
pub fn export_redline(project: &Project) -> Result<Vec<u8>, FormatError> {
    let document = project.document();
    let plan = Plan::new(project.content(), project.suggestions(), project.comments());
    package(&plan, &document.title, &document.organisation)
}

/// Writes the content alone, with heading styles and bulleted lists.
pub fn export_clean(content: &Content, title: &str) -> Result<Vec<u8>, FormatError> {
    let plan = Plan::new(content, &[], &[]);
    package(&plan, title, "")
}

/// The state of a piece of text in the Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// Deleted by the change with this index in `Plan::changes`.
    Deleted(usize),
    /// Inserted by the change with this index.
    Inserted(usize),
}

/// One tracked change as written.
#[derive(Debug, Clone)]
struct ChangeOut {
    author: String,
    date: DateTime<Utc>,
    /// For a move: the move range's name.
    move_name: Option<String>,
}

/// A comment as written: a thread's root or one of its replies.
#[derive(Debug, Clone)]
struct CommentOut {
    author: Person,
    date: DateTime<Utc>,
    body: String,
    /// Index of the root in `Plan::comments`, for a reply.
    parent: Option<usize>,
    resolved: bool,
}

#[derive(Debug)]
enum Piece {
    Text(String, State),
    /// Comment range starts (docx comment ids); inside the insertion with
    /// this change index, if any.
    Start(Vec<usize>, Option<usize>),
    /// Comment range ends.
    End(Vec<usize>, Option<usize>),
}

#[derive(Debug, Default)]
struct Paragraph {
    pieces: Vec<Piece>,
    mark: Option<State>,
    /// The block of the content paragraph it shows.
    block: Block,
}

/// Everything decided before a byte of XML is written.
#[derive(Debug, Default)]
struct Plan {
    paragraphs: Vec<Paragraph>,
    changes: Vec<ChangeOut>,
    comments: Vec<CommentOut>,
}

/// Something that happens at a byte of the text. Sorted by byte, then by
/// `order`: comment ends, insertions, comment starts, point comments.
#[derive(Debug)]
struct Event {
    byte: usize,
    order: u8,
    what: EventKind,
}

#[derive(Debug)]
enum EventKind {
    End(Vec<usize>),
    Insert {
        text: String,
        change: usize,
        /// Comments on the inserted text (docx ids of each thread).
        inner: Vec<Vec<usize>>,
    },
    Start(Vec<usize>),
    Point(Vec<usize>),
}

impl Plan {
    fn new(content: &Content, suggestions: &[Suggestion], comments: &[Comment]) -> Plan {
        let text = content.text.as_str();
        let mut plan = Plan::default();
        let mut events: Vec<Event> = Vec::new();
        // (start, end, change) of every deletion, in order, not overlapping.
        let mut deletions: Vec<(usize, usize, usize)> = Vec::new();
        let mut insertion_change: HashMap<SuggestionId, usize> = HashMap::new();
        let mut fallback_comments: Vec<Comment> = Vec::new();

        let mut pending: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|suggestion| suggestion.status.is_pending() && !suggestion.orphaned)
            .filter(|suggestion| valid_span(text, suggestion.span.start.0, suggestion.span.end.0))
            .collect();
        pending
            .sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end, suggestion.id));
        let by_id: HashMap<SuggestionId, &Suggestion> = pending
            .iter()
            .map(|suggestion| (suggestion.id, *suggestion))
            .collect();
        // Sorted by start, a suggestion overlaps an earlier one exactly when
        // it starts before the furthest end so far (touching is fine).
        let mut furthest_end = 0;
        let mut move_names: HashMap<SuggestionId, String> = HashMap::new();
        for suggestion in &pending {
            let (start, end) = (suggestion.span.start.0, suggestion.span.end.0);
            let is_insertion = matches!(suggestion.kind, SuggestionKind::Insertion { .. });
            let clashes = start < furthest_end;
            let empty_change = !is_insertion && start == end;
            if clashes || empty_change {
                fallback_comments.push(describe_as_comment(suggestion, text));
                continue;
            }
            furthest_end = furthest_end.max(end);
            let move_name = suggestion
                .move_partner
                .filter(|partner| by_id.contains_key(partner))
                .map(|partner| {
                    let key = suggestion.id.min(partner);
                    let next = move_names.len() + 1;
                    move_names
                        .entry(key)
                        .or_insert_with(|| format!("move{next}"))
                        .clone()
                });
            let change = |plan: &mut Plan| {
                plan.changes.push(ChangeOut {
                    author: suggestion.author.name.clone(),
                    date: suggestion.created,
                    move_name: move_name.clone(),
                });
                plan.changes.len() - 1
            };
            let inserted = match &suggestion.kind {
                SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
                    Some(text.clone())
                }
                SuggestionKind::Alternatives { candidates } => {
                    fallback_comments.push(alternatives_comment(suggestion, candidates, text));
                    Some(candidates.first().cloned().unwrap_or_default())
                }
                SuggestionKind::Deletion | SuggestionKind::Format(_) => None,
            };
            if start < end {
                let index = change(&mut plan);
                deletions.push((start, end, index));
            }
            if let Some(inserted) = inserted.filter(|inserted| !inserted.is_empty()) {
                let index = change(&mut plan);
                insertion_change.insert(suggestion.id, index);
                events.push(Event {
                    byte: end,
                    order: 1,
                    what: EventKind::Insert {
                        text: inserted,
                        change: index,
                        inner: Vec::new(),
                    },
                });
            }
        }

        let all_comments: Vec<&Comment> = comments.iter().chain(fallback_comments.iter()).collect();
        for comment in all_comments {
            let root = plan.comments.len();
            plan.comments.push(CommentOut {
                author: comment.author.clone(),
                date: comment.created,
                body: comment.body.clone(),
                parent: None,
                resolved: comment.resolved,
            });
            let mut ids = vec![root];
            for reply in &comment.replies {
                ids.push(plan.comments.len());
                plan.comments.push(CommentOut {
                    author: reply.author.clone(),
                    date: reply.created,
                    body: reply.body.clone(),
                    parent: Some(root),
                    resolved: comment.resolved,
                });
            }
            let (start, end) = (comment.span.start.0, comment.span.end.0);
            if !valid_span(text, start, end) {
                events.push(Event {
                    byte: 0,
                    order: 3,
                    what: EventKind::Point(ids),
                });
                continue;
            }
            // A comment on inserted text goes inside that insertion.
            let host = comment
                .attached_to
                .and_then(|id| insertion_change.get(&id))
                .and_then(|&change| {
                    events.iter_mut().find_map(|event| match &mut event.what {
                        EventKind::Insert {
                            change: index,
                            inner,
                            ..
                        } if *index == change => Some(inner),
                        _ => None,
                    })
                });
            if let Some(inner) = host {
                inner.push(ids);
                continue;
            }
            if start == end {
                events.push(Event {
                    byte: start,
                    order: 3,
                    what: EventKind::Point(ids),
                });
            } else {
                events.push(Event {
                    byte: start,
                    order: 2,
                    what: EventKind::Start(ids.clone()),
                });
                events.push(Event {
                    byte: end,
                    order: 0,
                    what: EventKind::End(ids),
                });
            }
        }
        events.sort_by_key(|event| (event.byte, event.order));

        // Walk the text: the pieces between events, with their state.
        let mut pieces: Vec<Piece> = Vec::new();
        let mut cuts: Vec<usize> = events.iter().map(|event| event.byte).collect();
        for &(start, end, _) in &deletions {
            cuts.push(start);
            cuts.push(end);
        }
        cuts.push(0);
        cuts.push(text.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut next_event = 0;
        let mut next_deletion = 0;
        for (position, &cut) in cuts.iter().enumerate() {
            while next_event < events.len() && events[next_event].byte == cut {
                push_event(&mut pieces, &mut events[next_event].what);
                next_event += 1;
            }
            let Some(&next_cut) = cuts.get(position + 1) else {
                break;
            };
            while next_deletion < deletions.len() && deletions[next_deletion].1 <= cut {
                next_deletion += 1;
            }
            let state = match deletions.get(next_deletion) {
                Some(&(start, end, change)) if start <= cut && next_cut <= end => {
                    State::Deleted(change)
                }
                _ => State::Normal,
            };
            pieces.push(Piece::Text(text[cut..next_cut].to_string(), state));
        }
        plan.paragraphs = split_paragraphs(pieces, &content.blocks);
        plan
    }
}

fn valid_span(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

fn push_event(pieces: &mut Vec<Piece>, what: &mut EventKind) {
    match what {
        EventKind::End(ids) => pieces.push(Piece::End(std::mem::take(ids), None)),
        EventKind::Start(ids) => pieces.push(Piece::Start(std::mem::take(ids), None)),
        EventKind::Point(ids) => {
            pieces.push(Piece::Start(ids.clone(), None));
            pieces.push(Piece::End(std::mem::take(ids), None));
        }
        EventKind::Insert {
            text,
            change,
            inner,
        } => {
            // Comments on the inserted text enclose the whole insertion,
            // outside the w:ins: pandoc drops comment marks inside one.
            let ids: Vec<usize> = inner.iter().flatten().copied().collect();
            if !ids.is_empty() {
                pieces.push(Piece::Start(ids.clone(), None));
            }
            pieces.push(Piece::Text(std::mem::take(text), State::Inserted(*change)));
            if !ids.is_empty() {
                pieces.push(Piece::End(ids, None));
            }
        }
    }
}

/// Splits the pieces at each `\n`, which becomes the mark of the paragraph
/// it ends.
fn split_paragraphs(pieces: Vec<Piece>, blocks: &[Block]) -> Vec<Paragraph> {
    let mut paragraphs = vec![Paragraph::default()];
    // The content paragraph a Word paragraph shows is the one whose line
    // break (in the text, not inserted) ends it, or the last.
    let mut content_paragraph = 0;
    for piece in pieces {
        match piece {
            Piece::Text(text, state) => {
                let mut lines = text.split('\n');
                if let Some(first) = lines.next()
                    && !first.is_empty()
                    && let Some(current) = paragraphs.last_mut()
                {
                    current.pieces.push(Piece::Text(first.to_string(), state));
                }
                for line in lines {
                    let block_index = content_paragraph.min(blocks.len().saturating_sub(1));
                    if let Some(current) = paragraphs.last_mut() {
                        current.mark = Some(state);
                        current.block = blocks.get(block_index).cloned().unwrap_or_default();
                    }
                    if !matches!(state, State::Inserted(_)) {
                        content_paragraph += 1;
                    }
                    let mut next = Paragraph::default();
                    if !line.is_empty() {
                        next.pieces.push(Piece::Text(line.to_string(), state));
                    }
                    paragraphs.push(next);
                }
            }
            other => {
                if let Some(current) = paragraphs.last_mut() {
                    current.pieces.push(other);
                }
            }
        }
    }
    if let Some(last) = paragraphs.last_mut() {
        last.block = blocks.last().cloned().unwrap_or_default();
    }
    paragraphs
}

/// The Word style of a paragraph's block.
fn line_style(paragraph: &Paragraph) -> Option<&'static str> {
    if paragraph.block.list.is_some() {
        return Some("ListBullet");
    }
    match paragraph.block.style {
        BlockStyle::Heading(1) => Some("Heading1"),
        BlockStyle::Heading(2) => Some("Heading2"),
        BlockStyle::Heading(_) => Some("Heading3"),
        _ => None,
    }
}

fn date(date: &DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The comment an overlapping suggestion is written as.
fn describe_as_comment(suggestion: &Suggestion, text: &str) -> Comment {
    let original = text.get(suggestion.span.range()).unwrap_or_default();
    let body = match &suggestion.kind {
        SuggestionKind::Insertion { text } => format!("Suggested insertion: \"{text}\""),
        SuggestionKind::Deletion => format!("Suggested deletion of \"{original}\""),
        SuggestionKind::Replacement { text } => {
            format!("Suggested replacement of \"{original}\" by \"{text}\"")
        }
        SuggestionKind::Format(format) => {
            format!(
                "Suggested formatting of \"{original}\": {}",
                format.description()
            )
        }
        SuggestionKind::Alternatives { candidates } => format!(
            "Suggested replacement of \"{original}\" by one of: {}",
            candidates
                .iter()
                .map(|candidate| format!("\"{candidate}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Comment {
        id: crate::model::CommentId(0),
        span: suggestion.span,
        author: suggestion.author.clone(),
        created: suggestion.created,
        body: format!(
            "{body} (overlaps another suggested change, so it is not a tracked change here)"
        ),
        replies: Vec::new(),
        resolved: false,
        orphaned: false,
        quote: original.to_string(),
        attached_to: None,
    }
}

/// The comment listing the candidates of an Alternatives suggestion.
fn alternatives_comment(suggestion: &Suggestion, candidates: &[String], text: &str) -> Comment {
    let mut body = ALTERNATIVES_HEADER.to_string();
    for (index, candidate) in candidates.iter().enumerate() {
        body.push_str(&format!("\n{}. {candidate}", index + 1));
    }
    Comment {
        id: crate::model::CommentId(0),
        span: suggestion.span,
        author: suggestion.author.clone(),
        created: suggestion.created,
        body,
        replies: Vec::new(),
        resolved: false,
        orphaned: false,
        quote: text
            .get(suggestion.span.range())
            .unwrap_or_default()
            .to_string(),
        attached_to: None,
    }
}

/// Writes the XML parts and zips them.
fn package(plan: &Plan, title: &str, organisation: &str) -> Result<Vec<u8>, FormatError> {
    let has_comments = !plan.comments.is_empty();
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types(has_comments)),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", app_xml(organisation)),
        ("word/_rels/document.xml.rels", document_rels(has_comments)),
        ("word/document.xml", document_xml(plan)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
    ];
    if has_comments {
        parts.push(("word/comments.xml", comments_xml(plan)));
        parts.push(("word/commentsExtended.xml", comments_extended_xml(plan)));
    }
    let fail = |error: &dyn std::fmt::Display| FormatError::Invalid {
        path: "document.docx".into(),
        message: format!("cannot write the zip package: {error}"),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options)
            .map_err(|error| fail(&error))?;
        zip.write_all(content.as_bytes())
            .map_err(|error| fail(&error))?;
    }
    let cursor = zip.finish().map_err(|error| fail(&error))?;
    Ok(cursor.into_inner())
}

fn para_id(comment: usize) -> String {
    format!("{:08X}", 0x1000_0000 + comment)
}

fn document_xml(plan: &Plan) -> String {
    let mut out = String::with_capacity(plan.paragraphs.len() * 200);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!(
        r#"<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w14="{W14_NS}" xmlns:mc="{MC_NS}" mc:Ignorable="w14"><w:body>"#
    ));
    let mut writer = BodyWriter {
        out,
        plan,
        next_revision: plan.comments.len() + 1,
        move_ranges: HashMap::new(),
    };
    for paragraph in &plan.paragraphs {
        writer.paragraph(paragraph);
    }
    let mut out = writer.out;
    out.push_str(r#"<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#);
    out
}

struct BodyWriter<'p> {
    out: String,
    plan: &'p Plan,
    /// Ids for w:ins/w:del and move ranges, after the comment ids.
    next_revision: usize,
    /// Move range ids by name, and whether the range is open.
    move_ranges: HashMap<(String, bool), usize>,
}

impl BodyWriter<'_> {
    fn revision_id(&mut self) -> usize {
        self.next_revision += 1;
        self.next_revision - 1
    }

    fn attributes(&mut self, change: usize) -> String {
        let change = &self.plan.changes[change];
        let id = self.revision_id();
        format!(
            r#" w:id="{id}" w:author="{}" w:date="{}""#,
            escape(&change.author),
            date(&change.date)
        )
    }

    fn paragraph(&mut self, paragraph: &Paragraph) {
        let style = line_style(paragraph);
        self.out.push_str("<w:p>");
        let mark = match paragraph.mark {
            Some(State::Deleted(change)) => Some(("del", change)),
            Some(State::Inserted(change)) => Some(("ins", change)),
            _ => None,
        };
        if style.is_some() || mark.is_some() {
            self.out.push_str("<w:pPr>");
            if let Some(style) = style {
                self.out
                    .push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
                if style == "ListBullet" {
                    self.out
                        .push_str(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#);
                }
            }
            if let Some((tag, change)) = mark {
                let attributes = self.attributes(change);
                self.out
                    .push_str(&format!("<w:rPr><w:{tag}{attributes}/></w:rPr>"));
            }
            self.out.push_str("</w:pPr>");
        }
        let mut open: State = State::Normal;
        for (index, piece) in paragraph.pieces.iter().enumerate() {
            match piece {
                Piece::Text(text, state) => {
                    if *state != open {
                        self.close(open);
                        self.open(*state);
                        open = *state;
                    }
                    self.runs(text, matches!(state, State::Deleted(_)));
                }
                Piece::Start(ids, inside) | Piece::End(ids, inside) => {
                    let wanted = inside.map_or(State::Normal, State::Inserted);
                    // Marks between two pieces of one insertion stay inside it.
                    let keep_open = matches!(open, State::Inserted(_))
                        && paragraph.pieces[index + 1..]
                            .iter()
                            .find_map(|next| match next {
                                Piece::Text(_, state) => Some(*state),
                                _ => None,
                            })
                            == Some(open);
                    if wanted != open && !keep_open {
                        self.close(open);
                        self.open(wanted);
                        open = wanted;
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
        self.out.push_str("</w:p>");
    }

    fn open(&mut self, state: State) {
        let (tag, change) = match state {
            State::Normal => return,
            State::Deleted(change) => ("del", change),
            State::Inserted(change) => ("ins", change),
        };
        if let Some(name) = self.plan.changes[change].move_name.clone() {
            let (tag, range) = if tag == "del" {
                ("moveFrom", "moveFromRangeStart")
            } else {
                ("moveTo", "moveToRangeStart")
            };
            let range_id = self.revision_id();
            self.move_ranges
                .insert((name.clone(), tag == "moveFrom"), range_id);
            let attributes = self.attributes(change);
            self.out.push_str(&format!(
                r#"<w:{range} w:id="{range_id}" w:name="{}" w:author="{}" w:date="{}"/>"#,
                escape(&name),
                escape(&self.plan.changes[change].author),
                date(&self.plan.changes[change].date)
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
        if let Some(name) = self.plan.changes[change].move_name.clone() {
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

    /// Writes `text` as runs (tabs as `w:tab`).
    fn runs(&mut self, text: &str, deleted: bool) {
        let tag = if deleted { "delText" } else { "t" };
        self.out.push_str("<w:r>");
        for (index, part) in text.split('\t').enumerate() {
            if index > 0 {
                self.out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                self.out
                    .push_str(&format!(r#"<w:{tag} xml:space="preserve">"#));
                escape_into(&mut self.out, part);
                self.out.push_str(&format!("</w:{tag}>"));
            }
        }
        self.out.push_str("</w:r>");
    }
}

fn comments_xml(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!(
        r#"<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:mc="{MC_NS}" mc:Ignorable="w14">"#
    ));
    for (id, comment) in plan.comments.iter().enumerate() {
        out.push_str(&format!(
            r#"<w:comment w:id="{id}" w:author="{}" w:date="{}" w:initials="{}">"#,
            escape(&comment.author.name),
            date(&comment.date),
            escape(&comment.author.initials)
        ));
        let lines: Vec<&str> = comment.body.split('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            if index + 1 == lines.len() {
                out.push_str(&format!(
                    r#"<w:p w14:paraId="{}" w14:textId="77777777">"#,
                    para_id(id)
                ));
            } else {
                out.push_str("<w:p>");
            }
            out.push_str(r#"<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>"#);
            if index == 0 {
                out.push_str(r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>"#);
            }
            if !line.is_empty() {
                out.push_str(r#"<w:r><w:t xml:space="preserve">"#);
                escape_into(&mut out, line);
                out.push_str("</w:t></w:r>");
            }
            out.push_str("</w:p>");
        }
        out.push_str("</w:comment>");
    }
    out.push_str("</w:comments>");
    out
}

fn comments_extended_xml(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!(
        r#"<w15:commentsEx xmlns:mc="{MC_NS}" xmlns:w15="{W15_NS}" mc:Ignorable="w15">"#
    ));
    for (id, comment) in plan.comments.iter().enumerate() {
        let parent = comment
            .parent
            .map(|parent| format!(r#" w15:paraIdParent="{}""#, para_id(parent)))
            .unwrap_or_default();
        out.push_str(&format!(
            r#"<w15:commentEx w15:paraId="{}"{parent} w15:done="{}"/>"#,
            para_id(id),
            u8::from(comment.resolved)
        ));
    }
    out.push_str("</w15:commentsEx>");
    out
}

fn content_types(has_comments: bool) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    );
    if has_comments {
        out.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>"#);
    }
    out.push_str("</Types>");
    out
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

fn document_rels(has_comments: bool) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    );
    if has_comments {
        out.push_str(r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>"#);
    }
    out.push_str("</Relationships>");
    out
}

fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>Redline</dc:creator></cp:coreProperties>"#,
        escape(title)
    )
}

fn app_xml(organisation: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Redline</Application><Company>{}</Company></Properties>"#,
        escape(organisation)
    )
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:compat/></w:settings>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style></w:styles>"#;
