//! The response report: for each comment of a reviewer's previous round,
//! its words, its thread, whether it is resolved and what changed in
//! response — suggestions on those words accepted or rejected since, and
//! the words' own change since the reviewer saw them, as a small redline.
//!
//! Certifiers expect every comment answered; the report answers them all in
//! one table. [`ResponseReport::to_content`] gives it as a document (a
//! heading and a table, deleted words struck through and inserted words
//! underlined) for the Word and PDF writers; the HTML writer is
//! `formats::response_report`.

use super::{IncomingItem, RoundId};
use crate::model::annotation::{Comment, CommentId, SuggestionStatus};
use crate::model::blocks::{Block, TableCell, TableId};
use crate::model::compare::{ChangeKind, CompareOptions, compare};
use crate::model::content::Content;
use crate::model::marks::{MarkSpan, Marks, Styles};
use crate::model::project::Project;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// A piece of a small redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedlinePiece {
    /// Words that stayed.
    Same(String),
    /// Words taken out.
    Deleted(String),
    /// Words put in.
    Inserted(String),
}

/// One comment of the previous round and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    /// The thread.
    pub comment: CommentId,
    /// The words it is on now (or, orphaned, the words it was on).
    pub words: String,
    /// The words' text was deleted since.
    pub orphaned: bool,
    /// The thread: (author, text), the comment first, then the replies.
    pub thread: Vec<(String, String)>,
    /// The thread is resolved.
    pub resolved: bool,
    /// Suggestions on those words decided since the round, in words.
    pub decisions: Vec<String>,
    /// The words as the reviewer saw them, redlined to how they read now;
    /// empty when they did not change.
    pub redline: Vec<RedlinePiece>,
}

/// The answers to one reviewer's previous round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseReport {
    /// The reviewer.
    pub reviewer: String,
    /// The round answered.
    pub round: RoundId,
    /// When its copy was brought back.
    pub returned: DateTime<Utc>,
    /// One row per comment.
    pub rows: Vec<ResponseRow>,
}

/// The table's column headings.
pub const RESPONSE_COLUMNS: [&str; 5] = [
    "#",
    "Comment and replies",
    "On the words",
    "Resolved",
    "What changed",
];

impl Project {
    /// The response report for `reviewer`'s latest round that came back;
    /// `None` when none did.
    pub fn response_report(&self, reviewer: &str) -> Option<ResponseReport> {
        let book = self.round_book();
        let round = book
            .rounds
            .iter()
            .rev()
            .find(|round| round.reviewer.name == reviewer && !round.returns.is_empty())?;
        let returned = round.returns.first()?.at;
        let threads: BTreeSet<CommentId> = book
            .incoming
            .iter()
            .filter(|incoming| incoming.round == round.id)
            .filter_map(|incoming| match incoming.item {
                IncomingItem::Comment(id) => Some(id),
                IncomingItem::Reply(reply) => self
                    .comments()
                    .iter()
                    .find(|comment| comment.replies.iter().any(|r| r.id == reply))
                    .map(|comment| comment.id),
                IncomingItem::Suggestion(_) => None,
            })
            .collect();
        let rows = threads
            .into_iter()
            .filter_map(|id| self.comment(id))
            .map(|comment| self.response_row(comment, returned))
            .collect();
        Some(ResponseReport {
            reviewer: reviewer.to_string(),
            round: round.id.clone(),
            returned,
            rows,
        })
    }

    fn response_row(&self, comment: &Comment, since: DateTime<Utc>) -> ResponseRow {
        let now = if comment.orphaned {
            ""
        } else {
            &self.text()[comment.span.range()]
        };
        let decisions = self
            .suggestions()
            .iter()
            .filter(|suggestion| {
                suggestion.span.overlaps(comment.span)
                    || (comment.span.is_empty() && suggestion.span == comment.span)
                    || suggestion.span.start == comment.span.start
            })
            .filter_map(|suggestion| {
                let (verb, by, at) = match &suggestion.status {
                    SuggestionStatus::Accepted { by, at, .. } => ("accepted", by, at),
                    SuggestionStatus::Rejected { by, at } => ("rejected", by, at),
                    SuggestionStatus::Pending => return None,
                };
                (*at >= since).then(|| {
                    format!(
                        "{} {verb} by {by}: {} by {}",
                        suggestion.id,
                        suggestion.kind.name(),
                        suggestion.author.name
                    )
                })
            })
            .collect();
        let seen = comment.quote.as_str();
        ResponseRow {
            comment: comment.id,
            words: if comment.orphaned {
                seen.to_string()
            } else {
                now.to_string()
            },
            orphaned: comment.orphaned,
            thread: std::iter::once((comment.author.name.clone(), comment.body.clone()))
                .chain(
                    comment
                        .replies
                        .iter()
                        .map(|reply| (reply.author.name.clone(), reply.body.clone())),
                )
                .collect(),
            resolved: comment.resolved,
            decisions,
            redline: if seen == now {
                Vec::new()
            } else {
                redline(seen, now)
            },
        }
    }
}

/// The word changes from `old` to `new`, as pieces.
pub fn redline(old: &str, new: &str) -> Vec<RedlinePiece> {
    let comparison = compare(
        &Content::plain(old),
        &Content::plain(new),
        &CompareOptions::default(),
    );
    let mut pieces = Vec::new();
    let mut old_position = 0;
    let mut changes: Vec<_> = comparison
        .changes
        .iter()
        .filter(|change| change.kind != ChangeKind::Format)
        .collect();
    changes.sort_by_key(|change| (change.old.start, change.old.end));
    for change in changes {
        if change.old.start > old_position {
            pieces.push(RedlinePiece::Same(
                old[old_position..change.old.start].to_string(),
            ));
        }
        if !change.old_text.is_empty() {
            pieces.push(RedlinePiece::Deleted(change.old_text.clone()));
        }
        if !change.new_text.is_empty() {
            pieces.push(RedlinePiece::Inserted(change.new_text.clone()));
        }
        old_position = old_position.max(change.old.end);
    }
    if old_position < old.len() {
        pieces.push(RedlinePiece::Same(old[old_position..].to_string()));
    }
    pieces
}

/// Builds a document paragraph by paragraph, with marks.
#[derive(Default)]
struct Writer {
    text: String,
    blocks: Vec<Block>,
    spans: Vec<MarkSpan>,
}

impl Writer {
    /// Starts a paragraph with `block` (the first one needs no break).
    fn paragraph(&mut self, block: Block) {
        if !self.blocks.is_empty() {
            self.text.push('\n');
        }
        self.blocks.push(block);
    }

    /// Adds words to the current paragraph (line breaks become spaces).
    fn words(&mut self, words: &str, styles: Styles) {
        let start = self.text.len();
        self.text.push_str(&words.replace('\n', " "));
        if !styles.is_empty() && self.text.len() > start {
            self.spans.push(MarkSpan {
                range: start..self.text.len(),
                marks: Marks::styled(styles),
            });
        }
    }

    fn finish(self) -> Content {
        let plain = Content::plain(self.text.clone());
        Content::new(self.text, self.blocks, self.spans).unwrap_or(plain)
    }
}

impl ResponseReport {
    /// The report as a document: a heading, a line saying what it answers,
    /// and a table with one row per comment (see [`RESPONSE_COLUMNS`]).
    pub fn to_content(&self) -> Content {
        let mut writer = Writer::default();
        writer.paragraph(Block::heading(1));
        writer.words(
            &format!("Responses to {}'s comments", self.reviewer),
            Styles::NONE,
        );
        writer.paragraph(Block::default());
        writer.words(
            &format!(
                "Round {}, brought back on {}: {} comment{}.",
                self.round,
                self.returned.format("%Y-%m-%d"),
                self.rows.len(),
                if self.rows.len() == 1 { "" } else { "s" }
            ),
            Styles::NONE,
        );
        let table = TableId(1);
        let cell = |row: usize, col: u32| Block {
            cell: Some(TableCell::at(table, row as u32, col)),
            ..Block::default()
        };
        for (col, heading) in RESPONSE_COLUMNS.iter().enumerate() {
            writer.paragraph(cell(0, col as u32));
            writer.words(heading, Styles::BOLD);
        }
        for (index, row) in self.rows.iter().enumerate() {
            let number = index + 1;
            writer.paragraph(cell(number, 0));
            writer.words(&number.to_string(), Styles::NONE);
            for (author, text) in &row.thread {
                writer.paragraph(cell(number, 1));
                writer.words(&format!("{author}: "), Styles::BOLD);
                writer.words(text, Styles::NONE);
            }
            writer.paragraph(cell(number, 2));
            writer.words(&row.words, Styles::NONE);
            if row.orphaned {
                writer.words(" (deleted since)", Styles::ITALIC);
            }
            writer.paragraph(cell(number, 3));
            writer.words(if row.resolved { "yes" } else { "no" }, Styles::NONE);
            writer.paragraph(cell(number, 4));
            if row.decisions.is_empty() && row.redline.is_empty() {
                writer.words("no change", Styles::ITALIC);
            }
            for (position, decision) in row.decisions.iter().enumerate() {
                if position > 0 {
                    writer.paragraph(cell(number, 4));
                }
                writer.words(decision, Styles::NONE);
            }
            if !row.redline.is_empty() {
                if !row.decisions.is_empty() {
                    writer.paragraph(cell(number, 4));
                }
                for piece in &row.redline {
                    match piece {
                        RedlinePiece::Same(words) => writer.words(words, Styles::NONE),
                        RedlinePiece::Deleted(words) => writer.words(words, Styles::STRIKE),
                        RedlinePiece::Inserted(words) => writer.words(words, Styles::UNDERLINE),
                    }
                }
            }
        }
        writer.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_redline_keeps_the_words_in_order() {
        assert_eq!(
            redline("We sell your data.", "We never share your data."),
            vec![
                RedlinePiece::Same("We ".to_string()),
                RedlinePiece::Deleted("sell".to_string()),
                RedlinePiece::Inserted("never share".to_string()),
                RedlinePiece::Same(" your data.".to_string()),
            ]
        );
    }
}
