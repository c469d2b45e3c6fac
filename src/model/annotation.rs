//! Comments and suggestions: what a reviewer attaches to the text.
//!
//! Both are anchored to a [`Span`] and carry what the audit trail needs:
//! who, when, and (for suggestions) what became of them. Neither is ever
//! dropped because its text went away: it is flagged `orphaned` instead and
//! keeps the quote it was made on.

use super::blocks::NoteRef;
use super::content::Fragment;
use super::formatting::FormatSuggestion;
use super::span::Span;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies a comment thread within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CommentId(pub u64);

/// Identifies a suggestion within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SuggestionId(pub u64);

/// Identifies a reply within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplyId(pub u64);

impl fmt::Display for CommentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C{}", self.0)
    }
}

impl fmt::Display for SuggestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", self.0)
    }
}

impl fmt::Display for ReplyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R{}", self.0)
    }
}

/// A reviewer or author: full name and initials.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Person {
    /// Full name, e.g. "Priya Ananthanarayan".
    pub name: String,
    /// Initials, e.g. "PA".
    pub initials: String,
}

impl Person {
    /// A person with the given name and initials.
    pub fn new(name: impl Into<String>, initials: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            initials: initials.into(),
        }
    }

    /// Initials made from the first letters of the words of `name`.
    pub fn initials_of(name: &str) -> String {
        name.split_whitespace()
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// A reply in a comment thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Its id.
    pub id: ReplyId,
    /// Who wrote it.
    pub author: Person,
    /// When.
    pub created: DateTime<Utc>,
    /// What it says.
    pub body: String,
}

/// A comment thread anchored to a span of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Its id.
    pub id: CommentId,
    /// The text it is about; empty for a point comment.
    pub span: Span,
    /// Who wrote it.
    pub author: Person,
    /// When.
    pub created: DateTime<Utc>,
    /// What it says.
    pub body: String,
    /// The replies, oldest first.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// The thread was marked resolved.
    #[serde(default)]
    pub resolved: bool,
    /// All the text it was about has been deleted; `quote` keeps it.
    #[serde(default)]
    pub orphaned: bool,
    /// The text the comment was made on.
    #[serde(default)]
    pub quote: String,
    /// The comment was made on text that a suggestion inserts: it belongs to
    /// that suggestion and moves onto the inserted text if it is accepted.
    #[serde(default)]
    pub attached_to: Option<SuggestionId>,
}

/// What a suggestion would do to its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionKind {
    /// Insert text at the (empty) span.
    Insertion {
        /// The text to insert.
        text: String,
    },
    /// Delete the span's text.
    Deletion,
    /// Replace the span's text.
    Replacement {
        /// The new text.
        text: String,
    },
    /// Replace the span's text by one of two or more candidates (a template's
    /// "[text A] -OR- text B").
    Alternatives {
        /// The candidate texts.
        candidates: Vec<String>,
    },
    /// Change the span's formatting (its marks, its paragraphs' blocks). The
    /// text already shows the new formatting; accepting keeps it, rejecting
    /// puts back exactly what was there.
    Format(FormatSuggestion),
}

impl SuggestionKind {
    /// A lower-case name: "insertion", "deletion", "replacement", "alternatives".
    pub fn name(&self) -> &'static str {
        match self {
            SuggestionKind::Insertion { .. } => "insertion",
            SuggestionKind::Deletion => "deletion",
            SuggestionKind::Replacement { .. } => "replacement",
            SuggestionKind::Alternatives { .. } => "alternatives",
            SuggestionKind::Format(_) => "format",
        }
    }

    /// True for a change of formatting only.
    pub fn is_format(&self) -> bool {
        matches!(self, SuggestionKind::Format(_))
    }

    /// The text that accepting puts in place of the span, for the given
    /// alternative; `None` for alternatives without a valid choice.
    pub fn replacement_text(&self, alternative: Option<usize>) -> Option<&str> {
        match self {
            SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => Some(text),
            SuggestionKind::Deletion => Some(""),
            SuggestionKind::Alternatives { candidates } => {
                candidates.get(alternative?).map(String::as_str)
            }
            SuggestionKind::Format(_) => None,
        }
    }
}

/// What became of a suggestion, kept for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionStatus {
    /// Not yet decided.
    Pending,
    /// Accepted: its change is in the text.
    Accepted {
        /// Who accepted it.
        by: String,
        /// When.
        at: DateTime<Utc>,
        /// For alternatives, which candidate (0-based).
        alternative: Option<usize>,
    },
    /// Rejected: the text was left as it was.
    Rejected {
        /// Who rejected it.
        by: String,
        /// When.
        at: DateTime<Utc>,
    },
}

impl SuggestionStatus {
    /// "pending", "accepted" or "rejected".
    pub fn name(&self) -> &'static str {
        match self {
            SuggestionStatus::Pending => "pending",
            SuggestionStatus::Accepted { .. } => "accepted",
            SuggestionStatus::Rejected { .. } => "rejected",
        }
    }

    /// True while the suggestion awaits a decision.
    pub fn is_pending(&self) -> bool {
        matches!(self, SuggestionStatus::Pending)
    }
}

/// A suggested change (a tracked change) anchored to a span of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Its id.
    pub id: SuggestionId,
    /// The text it changes; empty for an insertion. Once accepted, the text
    /// it put in.
    pub span: Span,
    /// What it does.
    pub kind: SuggestionKind,
    /// Who suggested it.
    pub author: Person,
    /// When.
    pub created: DateTime<Utc>,
    /// Why, when the reviewer said.
    #[serde(default)]
    pub rationale: Option<String>,
    /// Pending, accepted or rejected.
    pub status: SuggestionStatus,
    /// All the text it was about has been deleted; `original` keeps it.
    #[serde(default)]
    pub orphaned: bool,
    /// Another suggestion was accepted over this one's text: this one can no
    /// longer be accepted as it stands, but stays visible and rejectable.
    #[serde(default)]
    pub conflict: Option<SuggestionId>,
    /// The span's text when the suggestion was made.
    #[serde(default)]
    pub original: String,
    /// The change is material: readers must be told before it takes effect.
    #[serde(default)]
    pub material: bool,
    /// For a move: the other half (the deletion at the old place and the
    /// insertion at the new place point at each other); they are accepted and
    /// rejected together.
    #[serde(default)]
    pub move_partner: Option<SuggestionId>,
    /// The formatting of the text an insertion or replacement puts in, when
    /// it is not simply that of the place it goes (pasted formatted text,
    /// a reviewer's formatted insertion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatting: Option<Fragment>,
    /// For one of the two insertions of a suggested footnote (see
    /// [`super::footnotes`]): which note, which half, and the other half.
    /// The two are accepted, rejected and withdrawn together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<SuggestedNote>,
}

/// Which half of a suggested footnote an insertion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotePart {
    /// The note reference at the caret (one U+FFFC with the note's mark).
    Reference,
    /// The note's paragraph: line breaks (and the note's words) inserted at
    /// the end of the document, where note paragraphs live.
    Paragraph,
}

/// What makes an insertion one half of a suggested footnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedNote {
    /// The note the footnote will be.
    pub note: NoteRef,
    /// Which half this insertion is.
    pub part: NotePart,
    /// The other half.
    pub partner: SuggestionId,
}

impl Suggestion {
    /// A new pending suggestion of `author`'s, made at `created`, to do
    /// `kind` to `span`, whose text is `original`; nothing else about it
    /// yet (no rationale, not material, no partner, no formatting).
    pub fn pending(
        id: SuggestionId,
        span: Span,
        original: String,
        kind: SuggestionKind,
        author: Person,
        created: DateTime<Utc>,
    ) -> Suggestion {
        Suggestion {
            id,
            span,
            kind,
            author,
            created,
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            original,
            material: false,
            move_partner: None,
            formatting: None,
            note: None,
        }
    }

    /// True for the note paragraph of a suggested footnote: it is decided
    /// with its reference and listed (and counted) as part of it.
    pub fn is_note_paragraph(&self) -> bool {
        self.note
            .is_some_and(|note| note.part == NotePart::Paragraph)
    }

    /// The other suggestion this one is accepted and rejected with: the
    /// other half of a move or of a suggested footnote.
    pub fn partner(&self) -> Option<SuggestionId> {
        self.move_partner.or(self.note.map(|note| note.partner))
    }

    /// Every span the suggestion is anchored by: its own, and for a
    /// formatting suggestion those of the pieces it would put back.
    pub fn anchors(&self) -> impl Iterator<Item = Span> + '_ {
        let pieces = match &self.kind {
            SuggestionKind::Format(format) => format.previous.as_slice(),
            _ => &[],
        };
        std::iter::once(self.span).chain(pieces.iter().map(|piece| piece.span))
    }
}

/// An entry of the review log, the project's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// What happened, in words.
    pub event: String,
}
