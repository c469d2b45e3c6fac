//! Everything decided before a byte of XML is written: the Word paragraphs,
//! each a list of pieces (text with its marks and tracked state, comment
//! marks), with its block and the state of its mark.
//!
//! The text is walked once and cut at every place something happens (a
//! deletion or a formatting suggestion starts or ends, an insertion goes in,
//! a comment starts or ends, the marks change). The pieces are then split
//! into paragraphs at `\n`; each `\n` becomes the mark of the paragraph it
//! ends, in the state of its piece, so a deleted or inserted line break is a
//! deleted or inserted paragraph mark, and carries the block of the
//! paragraph it ends (from the content, or from an insertion's fragment).
//!
//! What each pending suggestion becomes:
//!
//! | suggestion            | Word                                                     |
//! |-----------------------|----------------------------------------------------------|
//! | Insertion             | `w:ins` at the point, with its formatting                |
//! | Deletion              | `w:del` over the span                                    |
//! | Replacement           | `w:del` over the span, then `w:ins` (one author: read back as one replacement) |
//! | Alternatives          | a replacement by the first candidate, plus a comment by the same author on the same text: "Alternatives (choose one):" and the numbered candidates |
//! | a move (two halves)   | `w:moveFrom` / `w:moveTo` with named move ranges         |
//! | Format (styles)       | `w:rPrChange` with the previous run properties           |
//! | Format (paragraph)    | `w:pPrChange` with the previous paragraph properties     |
//! | overlapping another, or a link change | a comment by its author describing it (Word cannot nest tracked changes or track a link's address) |

use super::super::ALTERNATIVES_HEADER;
use crate::model::blocks::Block;
use crate::model::content::{Content, Fragment};
use crate::model::marks::{MarkPatch, MarkRun, Marks};
use crate::model::{Comment, CommentId, Person, Suggestion, SuggestionId, SuggestionKind};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The state of a piece of text in the Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Neither inserted nor deleted.
    Normal,
    /// Deleted by the change with this index in [`Plan::changes`].
    Deleted(usize),
    /// Inserted by the change with this index.
    Inserted(usize),
}

/// One tracked change as written (also a formatting change).
#[derive(Debug, Clone)]
pub struct ChangeOut {
    /// Who.
    pub author: String,
    /// When (the Unix epoch stands for "no date").
    pub date: DateTime<Utc>,
    /// For a move: the move range's name.
    pub move_name: Option<String>,
}

/// A comment as written: a thread's root or one of its replies.
#[derive(Debug, Clone)]
pub struct CommentOut {
    /// Who.
    pub author: Person,
    /// When.
    pub date: DateTime<Utc>,
    /// What it says.
    pub body: String,
    /// Index of the root in [`Plan::comments`], for a reply.
    pub parent: Option<usize>,
    /// The thread is resolved.
    pub resolved: bool,
}

/// A piece of a paragraph.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Text in one state with one set of marks (no `\n` once split into
    /// paragraphs).
    Text {
        /// The text.
        text: String,
        /// Inserted, deleted or neither.
        state: State,
        /// Its marks.
        marks: Marks,
        /// A pending formatting change over it: the change and the patch
        /// that gives the previous marks.
        format: Option<(usize, MarkPatch)>,
        /// For inserted text, the blocks of the line breaks in it.
        blocks: Vec<Block>,
    },
    /// Comment ranges start (docx comment ids).
    Start(Vec<usize>),
    /// Comment ranges end.
    End(Vec<usize>),
}

/// One Word paragraph.
#[derive(Debug, Default, Clone)]
pub struct Paragraph {
    /// Its pieces.
    pub pieces: Vec<Piece>,
    /// The state of its mark (`None` for the last paragraph).
    pub mark: Option<State>,
    /// Its block.
    pub block: Block,
    /// A pending change of its block: the change and the block before.
    pub previous_block: Option<(usize, Block)>,
}

/// Everything decided before a byte of XML is written.
#[derive(Debug, Default)]
pub struct Plan {
    /// The Word paragraphs, body and notes, in text order.
    pub paragraphs: Vec<Paragraph>,
    /// The tracked changes.
    pub changes: Vec<ChangeOut>,
    /// The comments, roots and replies.
    pub comments: Vec<CommentOut>,
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
        fragment: Fragment,
        change: usize,
        /// Comments on the inserted text (docx ids of each thread).
        inner: Vec<Vec<usize>>,
    },
    Start(Vec<usize>),
    Point(Vec<usize>),
}

impl Plan {
    /// The plan for `content` with these pending suggestions and comments
    /// (none for a clean document).
    pub fn new(content: &Content, suggestions: &[Suggestion], comments: &[Comment]) -> Plan {
        let text = content.text.as_str();
        let mut plan = Plan::default();
        let mut events: Vec<Event> = Vec::new();
        // (start, end, change) of every deletion, in order, not overlapping.
        let mut deletions: Vec<(usize, usize, usize)> = Vec::new();
        // (start, end, change, patch back) of formatting changes of marks.
        let mut formats: Vec<(usize, usize, usize, MarkPatch)> = Vec::new();
        // paragraph index → (change, block before).
        let mut block_formats: HashMap<usize, (usize, Block)> = HashMap::new();
        let mut insertion_change: HashMap<SuggestionId, usize> = HashMap::new();
        let mut fallback_comments: Vec<Comment> = Vec::new();

        let mut pending: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|suggestion| suggestion.status.is_pending() && !suggestion.orphaned)
            .filter(|suggestion| valid_span(text, suggestion.span.start.0, suggestion.span.end.0))
            .collect();
        pending
            .sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end, suggestion.id));
        let (format_suggestions, text_suggestions): (Vec<&Suggestion>, Vec<&Suggestion>) = pending
            .into_iter()
            .partition(|suggestion| suggestion.kind.is_format());
        let by_id: HashMap<SuggestionId, &Suggestion> = text_suggestions
            .iter()
            .map(|suggestion| (suggestion.id, *suggestion))
            .collect();
        let add_change = |plan: &mut Plan, suggestion: &Suggestion, move_name: Option<String>| {
            plan.changes.push(ChangeOut {
                author: suggestion.author.name.clone(),
                date: suggestion.created,
                move_name,
            });
            plan.changes.len() - 1
        };
        // Sorted by start, a suggestion overlaps an earlier one exactly when
        // it starts before the furthest end so far (touching is fine).
        let mut furthest_end = 0;
        let mut move_names: HashMap<SuggestionId, String> = HashMap::new();
        for suggestion in &text_suggestions {
            let (start, end) = (suggestion.span.start.0, suggestion.span.end.0);
            let is_insertion = matches!(suggestion.kind, SuggestionKind::Insertion { .. });
            let clashes = start < furthest_end;
            let empty_change = !is_insertion && start == end;
            if clashes || empty_change {
                fallback_comments.push(describe_as_comment(
                    suggestion,
                    text,
                    "overlaps another suggested change",
                ));
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
                let index = add_change(&mut plan, suggestion, move_name.clone());
                deletions.push((start, end, index));
            }
            if let Some(inserted) = inserted.filter(|inserted| !inserted.is_empty()) {
                let index = add_change(&mut plan, suggestion, move_name);
                insertion_change.insert(suggestion.id, index);
                let fragment = match &suggestion.formatting {
                    Some(fragment) if fragment.text == inserted && fragment.is_consistent() => {
                        fragment.clone()
                    }
                    _ => inherited(content, start..end, &inserted),
                };
                events.push(Event {
                    byte: end,
                    order: 1,
                    what: EventKind::Insert {
                        fragment,
                        change: index,
                        inner: Vec::new(),
                    },
                });
            }
        }

        let mut format_end = 0;
        for suggestion in &format_suggestions {
            let SuggestionKind::Format(format) = &suggestion.kind else {
                continue;
            };
            let start = format
                .previous
                .iter()
                .map(|piece| piece.span.start.0)
                .min()
                .unwrap_or(suggestion.span.start.0);
            let end = format
                .previous
                .iter()
                .map(|piece| piece.span.end.0)
                .max()
                .unwrap_or(suggestion.span.end.0);
            // Word tracks run properties, not a link's address or a note.
            let untrackable = format.previous.iter().any(|piece| {
                let now = content.marks.at(piece.span.start.0);
                piece
                    .marks
                    .link
                    .as_ref()
                    .is_some_and(|link| *link != now.link)
                    || piece.marks.note.is_some_and(|note| note != now.note)
            });
            if untrackable || start < format_end {
                let why = if untrackable {
                    "Word cannot track a change of a link or a note reference"
                } else {
                    "overlaps another suggested formatting change"
                };
                fallback_comments.push(describe_as_comment(suggestion, text, why));
                continue;
            }
            format_end = end.max(start + 1);
            let change = add_change(&mut plan, suggestion, None);
            for piece in &format.previous {
                if !piece.marks.is_empty() && piece.span.start < piece.span.end {
                    formats.push((
                        piece.span.start.0,
                        piece.span.end.0,
                        change,
                        piece.marks.clone(),
                    ));
                }
                if !piece.block.is_empty() {
                    let paragraph = content.paragraph_index_at(piece.span.start.0);
                    if let Some(block) = content.blocks.get(paragraph) {
                        block_formats.insert(paragraph, (change, piece.block.apply(block)));
                    }
                }
            }
        }
        formats.sort_by_key(|(start, end, _, _)| (*start, *end));

        let all_comments: Vec<&Comment> = comments.iter().chain(fallback_comments.iter()).collect();
        for comment in all_comments {
            let ids = plan.add_thread(comment);
            let (start, end) = (comment.span.start.0, comment.span.end.0);
            if !valid_span(text, start, end) {
                events.push(Event {
                    byte: 0,
                    order: 3,
                    what: EventKind::Point(ids),
                });
                continue;
            }
            // A comment on inserted text goes around that insertion.
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

        // Walk the text: the pieces between cuts, with their state.
        let mut pieces: Vec<Piece> = Vec::new();
        let mut cuts: Vec<usize> = events.iter().map(|event| event.byte).collect();
        for &(start, end, _) in &deletions {
            cuts.push(start);
            cuts.push(end);
        }
        for (start, end, _, _) in &formats {
            cuts.push(*start);
            cuts.push(*end);
        }
        cuts.push(0);
        cuts.push(text.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut next_event = 0;
        let mut next_deletion = 0;
        let mut next_format = 0;
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
            while next_format < formats.len() && formats[next_format].1 <= cut {
                next_format += 1;
            }
            let state = match deletions.get(next_deletion) {
                Some(&(start, end, change)) if start <= cut && next_cut <= end => {
                    State::Deleted(change)
                }
                _ => State::Normal,
            };
            let format = match formats.get(next_format) {
                Some((start, end, change, patch)) if *start <= cut && next_cut <= *end => {
                    Some((*change, patch.clone()))
                }
                _ => None,
            };
            let mut byte = cut;
            for run in content.marks.runs(cut..next_cut) {
                pieces.push(Piece::Text {
                    text: text[byte..byte + run.len].to_string(),
                    state,
                    marks: run.marks,
                    format: format.clone(),
                    blocks: Vec::new(),
                });
                byte += run.len;
            }
        }
        plan.paragraphs = split_paragraphs(pieces, &content.blocks, &block_formats);
        plan
    }

    /// Adds a comment thread (root and replies); their docx ids.
    fn add_thread(&mut self, comment: &Comment) -> Vec<usize> {
        let root = self.comments.len();
        self.comments.push(CommentOut {
            author: comment.author.clone(),
            date: comment.created,
            body: comment.body.clone(),
            parent: None,
            resolved: comment.resolved,
        });
        let mut ids = vec![root];
        for reply in &comment.replies {
            ids.push(self.comments.len());
            self.comments.push(CommentOut {
                author: reply.author.clone(),
                date: reply.created,
                body: reply.body.clone(),
                parent: Some(root),
                resolved: comment.resolved,
            });
        }
        ids
    }
}

/// What text inserted over `range` gets when the suggestion carries no
/// formatting of its own: the styles of the character before (as typing
/// there would) and, for line breaks, the block of the paragraph.
fn inherited(content: &Content, range: std::ops::Range<usize>, inserted: &str) -> Fragment {
    let text = content.text.as_str();
    let before = text[..range.start]
        .chars()
        .next_back()
        .filter(|c| *c != '\n')
        .map(|c| range.start - c.len_utf8());
    let source = if range.is_empty() {
        before.or_else(|| {
            text[range.start..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map(|_| range.start)
        })
    } else {
        Some(range.start)
    };
    let marks = source.map_or_else(Marks::default, |byte| content.marks.at(byte).inherited());
    let mut block = content.block_at(range.start).clone();
    block.anchor = None;
    if let Some(item) = block.list.as_mut() {
        item.restart = false;
    }
    Fragment {
        text: inserted.to_string(),
        marks: vec![MarkRun {
            len: inserted.len(),
            marks,
        }],
        blocks: vec![block; inserted.matches('\n').count()],
    }
}

fn valid_span(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

fn push_event(pieces: &mut Vec<Piece>, what: &mut EventKind) {
    match what {
        EventKind::End(ids) => pieces.push(Piece::End(std::mem::take(ids))),
        EventKind::Start(ids) => pieces.push(Piece::Start(std::mem::take(ids))),
        EventKind::Point(ids) => {
            pieces.push(Piece::Start(ids.clone()));
            pieces.push(Piece::End(std::mem::take(ids)));
        }
        EventKind::Insert {
            fragment,
            change,
            inner,
        } => {
            // Comments on the inserted text enclose the whole insertion,
            // outside the w:ins: pandoc drops comment marks inside one.
            let ids: Vec<usize> = inner.iter().flatten().copied().collect();
            if !ids.is_empty() {
                pieces.push(Piece::Start(ids.clone()));
            }
            let fragment = std::mem::take(fragment);
            let mut byte = 0;
            let mut blocks = fragment.blocks.into_iter();
            for run in fragment.marks {
                let end = (byte + run.len).min(fragment.text.len());
                let Some(text) = fragment.text.get(byte..end) else {
                    break;
                };
                let breaks = text.matches('\n').count();
                pieces.push(Piece::Text {
                    text: text.to_string(),
                    state: State::Inserted(*change),
                    marks: run.marks,
                    format: None,
                    blocks: blocks.by_ref().take(breaks).collect(),
                });
                byte = end;
            }
            if !ids.is_empty() {
                pieces.push(Piece::End(ids));
            }
        }
    }
}

/// Splits the pieces at each `\n`, which becomes the mark of the paragraph
/// it ends and gives it its block.
fn split_paragraphs(
    pieces: Vec<Piece>,
    blocks: &[Block],
    block_formats: &HashMap<usize, (usize, Block)>,
) -> Vec<Paragraph> {
    let mut paragraphs = vec![Paragraph::default()];
    // The content paragraph a Word paragraph shows is the one whose line
    // break (in the text, not inserted) ends it, or the last.
    let mut content_paragraph = 0;
    for piece in pieces {
        let Piece::Text {
            text,
            state,
            marks,
            format,
            blocks: inserted_blocks,
        } = piece
        else {
            if let Some(current) = paragraphs.last_mut() {
                current.pieces.push(piece);
            }
            continue;
        };
        let mut inserted_blocks = inserted_blocks.into_iter();
        let mut lines = text.split('\n');
        let text_piece = |line: &str| Piece::Text {
            text: line.to_string(),
            state,
            marks: marks.clone(),
            format: format.clone(),
            blocks: Vec::new(),
        };
        if let Some(first) = lines.next()
            && !first.is_empty()
            && let Some(current) = paragraphs.last_mut()
        {
            current.pieces.push(text_piece(first));
        }
        for line in lines {
            if let Some(current) = paragraphs.last_mut() {
                current.mark = Some(state);
                if matches!(state, State::Inserted(_)) {
                    current.block = inserted_blocks.next().unwrap_or_default();
                } else {
                    let index = content_paragraph.min(blocks.len().saturating_sub(1));
                    current.block = blocks.get(index).cloned().unwrap_or_default();
                    current.previous_block = block_formats.get(&index).cloned();
                    content_paragraph += 1;
                }
            }
            let mut next = Paragraph::default();
            if !line.is_empty() {
                next.pieces.push(text_piece(line));
            }
            paragraphs.push(next);
        }
    }
    if let Some(last) = paragraphs.last_mut() {
        let index = blocks.len().saturating_sub(1);
        last.block = blocks.last().cloned().unwrap_or_default();
        last.previous_block = block_formats.get(&index).cloned();
    }
    paragraphs
}

/// The comment a suggestion Word cannot track is written as; `why` says
/// why it is not a tracked change.
fn describe_as_comment(suggestion: &Suggestion, text: &str, why: &str) -> Comment {
    let original = text.get(suggestion.span.range()).unwrap_or_default();
    let body = match &suggestion.kind {
        SuggestionKind::Insertion { text } => format!("Suggested insertion: \"{text}\""),
        SuggestionKind::Deletion => format!("Suggested deletion of \"{original}\""),
        SuggestionKind::Replacement { text } => {
            format!("Suggested replacement of \"{original}\" by \"{text}\"")
        }
        SuggestionKind::Format(format) => format!(
            "Suggested formatting of \"{original}\": {}",
            format.description()
        ),
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
        id: CommentId(0),
        span: suggestion.span,
        author: suggestion.author.clone(),
        created: suggestion.created,
        body: format!("{body} ({why}, so it is not a tracked change here)"),
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
        id: CommentId(0),
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
