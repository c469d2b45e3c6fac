//! Version compare: what changed between two versions of a policy, as a
//! lawyer's redline (paragraphs first, then words).
//!
//! [`compare`] owns the whole pipeline; the submodules each own one step:
//!
//! ```text
//!   lines     cut both texts into paragraphs (lines) and diff them into
//!             changed regions (in-step walk; patience + Myers as fallback)
//!   pairing   one-to-one regions sharing most bytes: an edited paragraph
//!   moves     equal paragraphs deleted here and inserted there → Move
//!   pairing   inside a region, pair old and new paragraphs by similarity
//!   moves     nearly equal leftovers (>= 0.9) → Move
//!   words     word-diff each pair; group neighbouring word changes
//!   emit      sorted changes + summary (words, paragraphs, moves, sections)
//! ```
//!
//! Helpers: `plan` (what becomes of each changed line), `diff` (the door to
//! `similar`, patience anchoring), `similarity` (paragraph profiles, Dice,
//! hashes), `tokens` (word tokens) and `offsets` (bytes to chars).
//!
//! Invariants of a [`Comparison`]:
//! - every offset is a **byte** offset on a char boundary of its text
//!   (`old` ranges in the old text, `new` ranges in the new one); JSON output
//!   converts them with [`byte_to_char_offsets`];
//! - `old_text == old[change.old]` and `new_text == new[change.new]`;
//! - the old ranges are disjoint, and so are the new ranges; changes are
//!   sorted by `(new.start, new.end, old.start)`;
//! - removing every change's old range from `old` leaves the same text as
//!   removing every new range from `new`, so (with the default options)
//!   applying the changes to `old` rebuilds `new`: a `Move` deletes at `old`
//!   and inserts at `new`.
//!
//! Word diffs only ever run inside one changed paragraph pair, so the cost
//! grows with the size of the edit, not of the document. The paragraph diff
//! has a generous deadline ([`LINE_DIFF_TIMEOUT`]) as a safety net only: past
//! it, `similar` returns a coarser but still correct diff.

mod diff;
mod emit;
mod formatting;
mod lines;
mod moves;
mod offsets;
mod pairing;
mod plan;
mod similarity;
mod step;
mod tokens;
mod words;

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use offsets::byte_to_char_offsets;

use crate::model::content::Content;
use lines::Headings;
use plan::Plan;

/// Safety-net deadline for `similar`'s diffs; never reached in normal use
/// (a 1 MB policy compares in milliseconds).
pub const LINE_DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// How to compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareOptions {
    /// Do not report changes that consist only of whitespace differences
    /// (runs of spaces, no-break spaces, trailing spaces, blank lines).
    pub ignore_whitespace: bool,
}

/// What kind of change a [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Text added: `old` is the empty range where it goes.
    Insert,
    /// Text removed: `new` is the empty range where it was.
    Delete,
    /// Text replaced by other text.
    Replace,
    /// A whole paragraph moved (possibly with small edits): `old` is the
    /// paragraph in the old text, `new` the paragraph in the new text.
    Move,
    /// The words read the same but their formatting changed (marks, or the
    /// paragraph's style, list or table place): `old` and `new` cover the
    /// same text, and `formatting` says what changed.
    Format,
}

/// One change between the old and the new text.
///
/// Whole-paragraph changes (a paragraph inserted, deleted or moved) cover the
/// paragraph's line break too; word-level changes lie inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change this is.
    pub kind: ChangeKind,
    /// Byte range in the old text.
    pub old: Range<usize>,
    /// Byte range in the new text.
    pub new: Range<usize>,
    /// The old text of the change (`old[self.old]`).
    pub old_text: String,
    /// The new text of the change (`new[self.new]`).
    pub new_text: String,
    /// For a formatting change, what changed in words ("bold", "Heading 2 →
    /// Normal").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatting: Option<String>,
}

/// Counts over a whole comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Word tokens added (moved text is not counted).
    pub words_added: usize,
    /// Word tokens removed (moved text is not counted).
    pub words_removed: usize,
    /// Paragraphs edited, inserted or deleted (moves are counted apart, blank
    /// lines not at all).
    pub paragraphs_changed: usize,
    /// Paragraphs moved.
    pub moves: usize,
    /// Formatting-only changes.
    pub formatting_changes: usize,
    /// Titles (without `#`) of the sections that contain a change, in change
    /// order, each once: the section in the new text, in the old text for a
    /// deleted paragraph, both for a move. Changes before the first heading
    /// belong to no section.
    pub sections_touched: Vec<String>,
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The changes, sorted by position in the new text (a deletion before a
    /// change that starts where it was), then in the old text.
    pub changes: Vec<Change>,
    /// Counts over all changes.
    pub summary: Summary,
}

impl Comparison {
    /// True when nothing is reported (with `ignore_whitespace`, texts that
    /// differ only in whitespace are identical).
    pub fn is_identical(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares two versions of a policy: paragraphs first, then words inside
/// edited paragraphs, with moved paragraphs reported once (see module doc).
///
/// ```
/// use redline::model::compare::{ChangeKind, CompareOptions, compare};
/// use redline::model::content::Content;
/// let (old, new) = (Content::plain("We collect data.\n"), Content::plain("We collect personal data.\n"));
/// let cmp = compare(&old, &new, &CompareOptions::default());
/// assert_eq!(cmp.changes.len(), 1);
/// assert_eq!(cmp.changes[0].kind, ChangeKind::Insert);
/// assert_eq!(cmp.changes[0].new_text, "personal ");
/// assert_eq!(cmp.summary.words_added, 1);
/// ```
pub fn compare(old: &Content, new: &Content, options: &CompareOptions) -> Comparison {
    // The one clock read: similar's deadline API wants an Instant.
    let deadline = Instant::now().checked_add(LINE_DIFF_TIMEOUT);
    let (old_lines, new_lines, regions) =
        lines::diff_lines(&old.text, &new.text, options.ignore_whitespace, deadline);
    let mut comparison = if regions.is_empty() {
        Comparison::default()
    } else {
        let headings = [
            &Headings::new(&old.text, &old.blocks),
            &Headings::new(&new.text, &new.blocks),
        ];
        let mut plan = Plan::new(old_lines, new_lines, regions);
        pairing::pair_edited_paragraphs(&mut plan);
        moves::link_exact_moves(&mut plan);
        pairing::pair_regions(&mut plan);
        moves::link_near_moves(&mut plan, deadline);
        emit::emit(&plan, headings, options.ignore_whitespace, deadline)
    };
    formatting::add_formatting_changes(old, new, &mut comparison);
    comparison
}

#[cfg(test)]
mod tests;
