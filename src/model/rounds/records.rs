//! The records of review rounds: rounds with what was sent and what came
//! back, where each incoming item came from, verdicts, rivals, and the
//! internal flag of threads ([`RoundBook`]).

use super::fingerprint::Fingerprint;
use crate::model::annotation::{CommentId, Person, ReplyId, SuggestionId};
use crate::model::span::Span;
use crate::model::versions::VersionId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies a round: an opaque random id that the sent file carries, so
/// that the copy is recognised when it comes back, renamed or re-saved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoundId(String);

/// How many random bytes a round id is made of.
pub const ROUND_ID_BYTES: usize = 8;

impl RoundId {
    /// The id made of these random bytes (`r` and 16 hex digits).
    pub fn from_random(bytes: [u8; ROUND_ID_BYTES]) -> RoundId {
        let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        RoundId(format!("r{hex}"))
    }

    /// Reads an id as written in a file; `None` when it is not one.
    pub fn parse(text: &str) -> Option<RoundId> {
        let text = text.trim();
        let hex = text.strip_prefix('r')?;
        let valid = hex.len() == ROUND_ID_BYTES * 2
            && hex
                .bytes()
                .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
        valid.then(|| RoundId(text.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoundId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One review round: a copy for one reviewer, and what came back from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// Its id, carried by the file sent.
    pub id: RoundId,
    /// Who reviews.
    pub reviewer: Person,
    /// What was sent; `None` for a copy that came back without being sent
    /// from this project (brought in against a version chosen by option or
    /// by similarity).
    #[serde(default)]
    pub sent: Option<Sending>,
    /// Each copy brought back and merged, oldest first.
    #[serde(default)]
    pub returns: Vec<Return>,
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundStatus {
    /// Sent; nothing came back yet.
    Sent,
    /// A copy came back and was merged.
    Merged,
}

impl RoundStatus {
    /// "sent" or "merged".
    pub fn name(self) -> &'static str {
        match self {
            RoundStatus::Sent => "sent",
            RoundStatus::Merged => "merged",
        }
    }
}

impl Round {
    /// Sent, or merged once a copy came back.
    pub fn status(&self) -> RoundStatus {
        if self.returns.is_empty() {
            RoundStatus::Sent
        } else {
            RoundStatus::Merged
        }
    }
}

/// A copy sent for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sending {
    /// When.
    pub at: DateTime<Utc>,
    /// Who sent it.
    pub by: String,
    /// The version sent (a snapshot of the draft then).
    pub version: VersionId,
    /// The file format's name ("docx-redline", "docx", "criticmarkup").
    pub format: String,
    /// SHA-256 (hex) of the file as written.
    pub file_hash: String,
    /// The comment threads sent, with their spans in the version's text.
    #[serde(default)]
    pub comments: Vec<SentComment>,
    /// The pending suggestions sent, with their spans in the version's text.
    #[serde(default)]
    pub suggestions: Vec<SentSuggestion>,
    /// What was chosen beyond the default, in words ("other reviewers'
    /// items", "the review log", "the version label").
    #[serde(default)]
    pub included: Vec<String>,
    /// A response report went with it.
    #[serde(default)]
    pub responses: bool,
}

/// A comment thread that went out in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentComment {
    /// The thread.
    pub id: CommentId,
    /// Its span in the text sent.
    pub span: Span,
}

/// A pending suggestion that went out in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentSuggestion {
    /// The suggestion.
    pub id: SuggestionId,
    /// Its span in the text sent.
    pub span: Span,
}

/// A copy brought back and merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    /// When it was merged.
    pub at: DateTime<Utc>,
    /// Who merged it.
    pub by: String,
    /// SHA-256 (hex) of the file brought back.
    pub file_hash: String,
    /// The version it was compared with; `None` for the draft itself.
    pub base: Option<VersionId>,
    /// Why that base, in words.
    pub base_reason: String,
    /// The reviewer's name was only inferred (from the file's properties).
    #[serde(default)]
    pub reviewer_inferred: bool,
    /// What came in.
    pub counts: MergeCounts,
    /// The fingerprints of everything that came in, so that bringing the
    /// same copy back again adds nothing.
    #[serde(default)]
    pub fingerprints: Vec<Fingerprint>,
}

/// What one merge brought in, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeCounts {
    /// New comment threads.
    pub comments: usize,
    /// Replies added to threads.
    pub replies: usize,
    /// Tracked changes brought in as suggestions.
    pub suggestions: usize,
    /// Edits made without Track Changes, brought in as suggestions.
    pub untracked: usize,
    /// Formatting changes brought in as formatting suggestions.
    pub formatting: usize,
    /// Counsel's suggestions the reviewer accepted or rejected in the copy.
    pub verdicts: usize,
    /// Items whose words no longer exist in the draft.
    pub orphans: usize,
    /// Items on words the draft changed after the copy was sent.
    pub conflicts: usize,
    /// Suggestions changing the same words as another reviewer's.
    pub rivals: usize,
}

impl MergeCounts {
    /// Items added: threads, replies, suggestions of every kind, verdicts.
    pub fn items(&self) -> usize {
        self.comments
            + self.replies
            + self.suggestions
            + self.untracked
            + self.formatting
            + self.verdicts
    }

    /// "3 comments, 1 reply, 2 suggestions, 1 untracked edit, …": every
    /// count that is not zero (all when `all`).
    pub fn in_words(&self, all: bool) -> String {
        let parts = [
            (self.comments, "comment", "comments"),
            (self.replies, "reply", "replies"),
            (self.suggestions, "tracked change", "tracked changes"),
            (self.untracked, "untracked edit", "untracked edits"),
            (self.formatting, "formatting change", "formatting changes"),
            (self.verdicts, "verdict", "verdicts"),
            (self.orphans, "orphan", "orphans"),
            (self.conflicts, "conflict", "conflicts"),
            (self.rivals, "rival", "rivals"),
        ];
        let words: Vec<String> = parts
            .iter()
            .filter(|(count, _, _)| all || *count > 0)
            .map(|(count, one, many)| format!("{count} {}", if *count == 1 { one } else { many }))
            .collect();
        if words.is_empty() {
            "nothing new".to_string()
        } else {
            words.join(", ")
        }
    }
}

/// An item that came in from a reviewer's copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IncomingItem {
    /// A comment thread.
    Comment(CommentId),
    /// A reply.
    Reply(ReplyId),
    /// A suggestion.
    Suggestion(SuggestionId),
}

/// Where an item that came in from a copy came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// The item.
    pub item: IncomingItem,
    /// The round of the copy.
    pub round: RoundId,
    /// Its author's name was inferred from the file's properties.
    #[serde(default, skip_serializing_if = "is_false")]
    pub author_inferred: bool,
    /// A suggestion made from an edit typed without Track Changes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub untracked: bool,
    /// The draft changed these words after the copy was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<DraftConflict>,
    /// For an item whose words no longer exist: the words around it in
    /// the reviewer's copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Words the reviewer worked on that the draft has changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftConflict {
    /// What the reviewer's copy read there.
    pub copy: String,
    /// What the draft reads there now.
    pub draft: String,
}

/// A reviewer's verdict, in their copy, on a suggestion sent to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The suggestion.
    pub suggestion: SuggestionId,
    /// The reviewer.
    pub by: Person,
    /// Accepted (true) or rejected (false) in their copy.
    pub accepted: bool,
    /// The round of the copy.
    pub round: RoundId,
    /// When it was brought in.
    pub at: DateTime<Utc>,
}

impl Verdict {
    /// "accepted" or "rejected".
    pub fn verb(&self) -> &'static str {
        if self.accepted {
            "accepted"
        } else {
            "rejected"
        }
    }
}

/// Everything the project keeps about review rounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundBook {
    /// The rounds, oldest first.
    #[serde(default)]
    pub rounds: Vec<Round>,
    /// Comment threads marked internal: they never leave in a send.
    #[serde(default)]
    pub internal: Vec<CommentId>,
    /// Items that came in from copies, by item.
    #[serde(default)]
    pub incoming: Vec<Incoming>,
    /// Pairs of rival suggestions (smaller id first), sorted.
    #[serde(default)]
    pub rivals: Vec<(SuggestionId, SuggestionId)>,
    /// Reviewers' verdicts on suggestions sent to them, oldest first.
    #[serde(default)]
    pub verdicts: Vec<Verdict>,
}

impl RoundBook {
    /// True when no round was ever sent or merged and nothing is internal.
    pub fn is_empty(&self) -> bool {
        self.rounds.is_empty()
            && self.internal.is_empty()
            && self.incoming.is_empty()
            && self.rivals.is_empty()
            && self.verdicts.is_empty()
    }

    /// Brings a book read from a file into its invariants: sorted lists
    /// without duplicates (a hand-edited file may have them out of order).
    pub fn normalised(mut self) -> RoundBook {
        self.internal.sort_unstable();
        self.internal.dedup();
        self.incoming.sort_by_key(|incoming| incoming.item);
        self.incoming.dedup_by_key(|incoming| incoming.item);
        for pair in &mut self.rivals {
            if pair.0 > pair.1 {
                *pair = (pair.1, pair.0);
            }
        }
        self.rivals.sort_unstable();
        self.rivals.dedup();
        self.rivals.retain(|(a, b)| a != b);
        self
    }

    /// The round with this id.
    pub fn round(&self, id: &RoundId) -> Option<&Round> {
        self.rounds.iter().find(|round| &round.id == id)
    }

    /// Where `item` came from, when it came in from a copy.
    pub fn incoming(&self, item: IncomingItem) -> Option<&Incoming> {
        self.incoming
            .binary_search_by_key(&item, |incoming| incoming.item)
            .ok()
            .map(|index| &self.incoming[index])
    }

    /// The suggestions `id` is a rival of.
    pub fn rivals_of(&self, id: SuggestionId) -> Vec<SuggestionId> {
        self.rivals
            .iter()
            .filter_map(|&(a, b)| {
                if a == id {
                    Some(b)
                } else if b == id {
                    Some(a)
                } else {
                    None
                }
            })
            .collect()
    }

    /// The names of every reviewer a round was sent to or came back from.
    pub fn reviewer_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .rounds
            .iter()
            .map(|round| round.reviewer.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    pub(super) fn add_incoming(&mut self, incoming: Incoming) {
        match self
            .incoming
            .binary_search_by_key(&incoming.item, |existing| existing.item)
        {
            Ok(index) => self.incoming[index] = incoming,
            Err(index) => self.incoming.insert(index, incoming),
        }
    }

    pub(super) fn add_rivals(&mut self, a: SuggestionId, b: SuggestionId) {
        if a == b {
            return;
        }
        let pair = (a.min(b), a.max(b));
        if let Err(index) = self.rivals.binary_search(&pair) {
            self.rivals.insert(index, pair);
        }
    }
}

/// What a send records, made by the caller once the file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRecord {
    /// The new round's id (random, from the caller).
    pub round: RoundId,
    /// The reviewer.
    pub reviewer: Person,
    /// The format's name.
    pub format: String,
    /// SHA-256 (hex) of the file written.
    pub file_hash: String,
    /// The threads that went out.
    pub comments: Vec<CommentId>,
    /// The pending suggestions that went out.
    pub suggestions: Vec<SuggestionId>,
    /// What was chosen beyond the default, in words.
    pub included: Vec<String>,
    /// A response report went with it.
    pub responses: bool,
}

/// The version a send records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionToSend {
    /// The last snapshot: the draft has not changed since.
    Existing(VersionId),
    /// A new snapshot, with this label.
    New(String),
}

/// One line of the rounds' history, as `redline versions` and the Versions
/// window show it: sent → returned → merged, with counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundLine {
    /// The round's id.
    pub round: RoundId,
    /// The reviewer's name.
    pub reviewer: String,
    /// Sent or merged.
    pub status: RoundStatus,
    /// "sent V3 "v3" as docx-redline on 2026-03-01 by Maren" (or how the
    /// copy came in without a send).
    pub sent: String,
    /// One line per copy brought back: when, against what, and the counts.
    pub returns: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ids_are_sixteen_hex_digits_after_an_r() {
        let id = RoundId::from_random([0, 1, 2, 0xab, 0xcd, 0xef, 0x10, 0xff]);
        assert_eq!(id.as_str(), "r000102abcdef10ff");
        assert_eq!(RoundId::parse(" r000102abcdef10ff\n"), Some(id));
        for bad in [
            "",
            "r",
            "r000102abcdef10f",
            "x000102abcdef10ff",
            "r000102ABCDEF10FF",
        ] {
            assert_eq!(RoundId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn counts_in_words_name_only_what_came_in() {
        let counts = MergeCounts {
            comments: 1,
            untracked: 2,
            conflicts: 1,
            ..MergeCounts::default()
        };
        assert_eq!(
            counts.in_words(false),
            "1 comment, 2 untracked edits, 1 conflict"
        );
        assert_eq!(MergeCounts::default().in_words(false), "nothing new");
        assert_eq!(counts.items(), 3);
    }

    #[test]
    fn a_book_from_a_file_is_brought_into_order() {
        let book = RoundBook {
            internal: vec![CommentId(3), CommentId(1), CommentId(3)],
            rivals: vec![
                (SuggestionId(5), SuggestionId(2)),
                (SuggestionId(2), SuggestionId(5)),
                (SuggestionId(4), SuggestionId(4)),
            ],
            ..RoundBook::default()
        }
        .normalised();
        assert_eq!(book.internal, vec![CommentId(1), CommentId(3)]);
        assert_eq!(book.rivals, vec![(SuggestionId(2), SuggestionId(5))]);
        assert_eq!(book.rivals_of(SuggestionId(5)), vec![SuggestionId(2)]);
    }
}
