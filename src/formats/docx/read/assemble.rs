//! Building the project parts from what the passes found: suggestions
//! (a deletion and an insertion by one author at one place are one
//! replacement; move halves name each other; tracked formatting becomes
//! formatting suggestions), comment threads (replies, resolved state,
//! comments on inserted words attached to their insertion), Redline's own
//! alternatives comments and a template's `[A] -OR- B` turned back into
//! choices.
//!
//! Ids in the file are not reused: pandoc writes the same `w:id` for an
//! insertion and a comment, so the project gets fresh ids (1, 2, …).

use super::body::{Body, ChangeKind, Marker, RawChange, RawFormat, Revision};
use super::comments::{Extended, RawComment};
use crate::formats::docx::ALTERNATIVES_HEADER;
use crate::model::blocks::{Block, BlockPatch};
use crate::model::content::{Content, ContentError, Fragment};
use crate::model::formatting::{FormatSuggestion, PreviousFormat};
use crate::model::marks::MarkPatch;
use crate::model::{
    Comment, CommentId, Document, Person, ProjectParts, Reply, ReplyId, Span, Suggestion,
    SuggestionId, SuggestionKind,
};
use chrono::DateTime;
use std::collections::HashMap;

/// The parts, or the content's inconsistency.
pub fn assemble(
    body: Body,
    raw_comments: Vec<RawComment>,
    extended: Extended,
    warnings: &mut Vec<String>,
) -> Result<ProjectParts, ContentError> {
    let Body {
        text,
        blocks,
        spans,
        changes,
        starts,
        ends,
        formats,
        ..
    } = body;
    let content = Content::new(text, blocks, spans)?;
    let text = content.text.as_str();
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
        let (span, kind, inserted, used) = match (change.kind, pair) {
            (ChangeKind::Deletion, Some((next, other))) => (
                Span::new(change.start, change.end),
                SuggestionKind::Replacement {
                    text: other.text.clone(),
                },
                Some(other),
                vec![index, next],
            ),
            (ChangeKind::Insertion, Some((next, other))) => (
                Span::new(other.start, other.end),
                SuggestionKind::Replacement {
                    text: change.text.clone(),
                },
                Some(change),
                vec![index, next],
            ),
            (kind, _) if kind.inserts() => (
                Span::point(change.start),
                SuggestionKind::Insertion {
                    text: change.text.clone(),
                },
                Some(change),
                vec![index],
            ),
            _ => (
                Span::new(change.start, change.end),
                SuggestionKind::Deletion,
                None,
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
            formatting: inserted.map(fragment_of),
            ..Suggestion::pending(
                SuggestionId(fresh_id()),
                span,
                text[span.range()].to_string(),
                kind,
                person(&change.revision.author),
                date_of(&change.revision),
            )
        });
    }
    pair_moves(&mut suggestions, &moves);
    let mut unmodelled = 0;
    for format in formats {
        let Some((span, suggestion, revision)) = format_suggestion(&content, format) else {
            unmodelled += 1;
            continue;
        };
        suggestions.push(Suggestion::pending(
            SuggestionId(fresh_id()),
            span,
            text[span.range()].to_string(),
            SuggestionKind::Format(suggestion),
            person(&revision.author),
            date_of(&revision),
        ));
    }
    if unmodelled > 0 {
        warnings.push(format!(
            "{unmodelled} tracked paragraph formatting changes (spacing, indents, alignment) not kept: the paragraphs keep their current formatting"
        ));
    }

    // Comment threads: roots first, then replies in file order.
    let mut seen_ids: HashMap<&str, usize> = HashMap::new();
    for comment in &raw_comments {
        *seen_ids.entry(comment.id.as_str()).or_insert(0) += 1;
    }
    for (id, count) in &seen_ids {
        if *count > 1 {
            warnings.push(format!(
                "{count} comments in the comments part share the id {id}: they all take the first range with that id"
            ));
        }
    }
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
    let places = Places {
        starts: &starts,
        ends: &ends,
        changes: &changes,
        suggestion_of_change: &suggestion_of_change,
        suggestions: &suggestions,
        text,
    };
    let mut comments: Vec<Comment> = Vec::new();
    let mut thread_of: HashMap<usize, usize> = HashMap::new();
    for (index, raw) in raw_comments.iter().enumerate() {
        if root_of(index) != index {
            continue;
        }
        let (span, attached_to, quote) = places.comment_span(raw, warnings);
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
    let templates = crate::formats::commented_text::template_alternatives(
        text,
        DateTime::UNIX_EPOCH,
        &mut fresh_id,
    );
    for template in templates {
        let overlaps = suggestions.iter().any(|other| {
            other.span.start < template.span.end && template.span.start < other.span.end
        });
        if !overlaps {
            suggestions.push(template);
        }
    }
    if undated > 0 {
        warnings.push(format!(
            "{undated} changes or comments carry no date (w:date): they stay undated, and are written back to Word without one"
        ));
    }
    Ok(ProjectParts {
        document: Document {
            content,
            ..Document::default()
        },
        comments,
        suggestions,
        ..ProjectParts::default()
    })
}

/// The inserted content of a change, as the fragment its acceptance puts
/// in.
fn fragment_of(change: &RawChange) -> Fragment {
    Fragment {
        text: change.text.clone(),
        marks: change.marks.clone(),
        blocks: change.blocks.clone(),
    }
}

/// The patch that makes `from` into `to`, naming only what differs.
fn block_patch(from: &Block, to: &Block) -> BlockPatch {
    BlockPatch {
        style: (from.style != to.style).then_some(to.style),
        list: (from.list != to.list).then(|| to.list.clone()),
        cell: (from.cell != to.cell).then_some(to.cell),
        note: (from.note != to.note).then_some(to.note),
        anchor: (from.anchor != to.anchor).then(|| to.anchor.clone()),
    }
}

/// A tracked formatting change as a formatting suggestion (already applied:
/// the content shows the new formatting, `previous` puts the old back), its
/// span and its revision; `None` when nothing Redline keeps changed.
fn format_suggestion(
    content: &Content,
    format: RawFormat,
) -> Option<(Span, FormatSuggestion, Revision)> {
    match format {
        RawFormat::Run {
            range,
            old,
            new,
            revision,
        } => {
            let forward = MarkPatch {
                set: new.without(old),
                clear: old.without(new),
                ..MarkPatch::default()
            };
            let back = MarkPatch {
                set: old.without(new),
                clear: new.without(old),
                ..MarkPatch::default()
            };
            if forward.is_empty() {
                return None;
            }
            let span = Span::new(range.start, range.end);
            Some((
                span,
                FormatSuggestion {
                    marks: forward,
                    block: BlockPatch::default(),
                    previous: vec![PreviousFormat {
                        span,
                        marks: back,
                        block: BlockPatch::default(),
                        block_before: None,
                    }],
                },
                revision,
            ))
        }
        RawFormat::Paragraph {
            paragraph,
            old,
            revision,
        } => {
            let new = content.blocks.get(paragraph)?;
            let forward = block_patch(&old, new);
            if forward.is_empty() {
                return None;
            }
            let range = content.paragraph_range(paragraph);
            let line_break = if paragraph + 1 < content.blocks.len() {
                Span::new(range.end, range.end + 1)
            } else {
                Span::point(content.text.len())
            };
            Some((
                Span::new(range.start, range.end),
                FormatSuggestion {
                    marks: MarkPatch::default(),
                    block: forward,
                    previous: vec![PreviousFormat {
                        span: line_break,
                        marks: MarkPatch::default(),
                        block: block_patch(new, &old),
                        block_before: Some(old),
                    }],
                },
                revision,
            ))
        }
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

/// What comment anchors are placed by.
struct Places<'a> {
    starts: &'a HashMap<String, Marker>,
    ends: &'a HashMap<String, Marker>,
    changes: &'a [RawChange],
    suggestion_of_change: &'a [Option<usize>],
    suggestions: &'a [Suggestion],
    text: &'a str,
}

impl Places<'_> {
    /// A comment's span, the insertion it is on (if any) and its quote.
    fn comment_span(
        &self,
        raw: &RawComment,
        warnings: &mut Vec<String>,
    ) -> (Span, Option<SuggestionId>, String) {
        let author = if raw.revision.author.is_empty() {
            "an unknown author"
        } else {
            &raw.revision.author
        };
        let (start, end) = match (self.starts.get(&raw.id), self.ends.get(&raw.id)) {
            (Some(start), Some(end)) => (*start, *end),
            (Some(marker), None) => {
                warnings.push(format!(
                    "comment {} by {author} starts at “{}” but its range never ends (no w:commentRangeEnd): it is anchored where it starts",
                    raw.id,
                    self.words_at(marker.byte)
                ));
                (*marker, *marker)
            }
            (None, Some(marker)) => {
                warnings.push(format!(
                    "comment {} by {author} ends at “{}” but its range never starts (no w:commentRangeStart): it is anchored where it ends",
                    raw.id,
                    self.words_at(marker.byte)
                ));
                (*marker, *marker)
            }
            (None, None) => {
                warnings.push(format!(
                    "comment {} by {author} has no range in the document (no w:commentRangeStart or w:commentRangeEnd): it is placed at the start of the document",
                    raw.id
                ));
                return (Span::point(0), None, String::new());
            }
        };
        if let (Some((start_change, start_offset)), Some((end_change, end_offset))) =
            (start.insertion, end.insertion)
            && start_change == end_change
            && let Some(suggestion) =
                self.suggestion_of_change[start_change].map(|index| &self.suggestions[index])
        {
            let change = &self.changes[start_change];
            let (from, to) = (start_offset.min(end_offset), start_offset.max(end_offset));
            let quote = change.text.get(from..to).unwrap_or_default().to_string();
            return (Span::point(change.start), Some(suggestion.id), quote);
        }
        // Marks just around an insertion (as Redline writes them, since pandoc
        // drops marks inside w:ins): the comment is on the inserted text.
        if start.byte == end.byte
            && let Some(index) = (start.changes_before..end.changes_before.min(self.changes.len()))
                .find(|&index| {
                    self.changes[index].kind.inserts()
                        && self.changes[index].start == start.byte
                        && self.suggestion_of_change[index].is_some()
                })
            && let Some(suggestion) =
                self.suggestion_of_change[index].map(|index| &self.suggestions[index])
        {
            return (
                Span::point(start.byte),
                Some(suggestion.id),
                self.changes[index].text.clone(),
            );
        }
        let span = Span::new(start.byte.min(end.byte), start.byte.max(end.byte));
        (span, None, self.text[span.range()].to_string())
    }

    /// A few words of the text at `byte`, for naming a place.
    fn words_at(&self, byte: usize) -> String {
        let mut start = byte.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        self.text[start..]
            .split('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect()
    }
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
                suggestion.formatting = None;
                false
            }
            _ => true,
        }
    });
}
