//! Turns a filled-in [`Plan`] into the sorted list of changes and the summary.
//!
//! Each region is walked in step on both sides. At every step the old line
//! is handled first, so the empty range of a whole-paragraph change points at
//! the right place:
//!
//! ```text
//!   old   o0 (deleted)  o1 (paired) ──┐
//!   new   n0 (inserted)  n1 (paired) ─┘
//!   Delete o0 at new offset start(n0); Insert n0 at old offset start(o1);
//!   then the word changes of (o1, n1).
//! ```
//!
//! A move is emitted once, from its old line. Changes are finally sorted by
//! `(new.start, new.end, old.start)`, so an empty new range (a deletion) comes
//! before a change starting at the same place. Each change keeps the place
//! whose heading names its section: in the new text, except for
//! whole-paragraph deletions (old text) and moves (both).

use std::collections::HashSet;
use std::time::Instant;

use super::lines::{Headings, Region};
use super::plan::{Fate, Plan};
use super::tokens::{count_words, differs_only_in_whitespace};
use super::words::diff_paragraphs;
use super::{Change, ChangeKind, Comparison, Summary};

/// Where to look up the section of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionAt {
    /// At this byte offset of the new text.
    New(usize),
    /// At this byte offset of the old text.
    Old(usize),
    /// A move: in the new text, then where it came from in the old text.
    Both { new: usize, old: usize },
}

/// A change and where its section is.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    change: Change,
    section: SectionAt,
}

/// Accumulates changes and counts while the regions are walked.
struct Emitter<'p, 'a> {
    plan: &'p Plan<'a>,
    headings: [&'p Headings<'a>; 2],
    ignore_whitespace: bool,
    deadline: Option<Instant>,
    pending: Vec<Pending>,
    summary: Summary,
}

/// The comparison that `plan` describes.
pub(super) fn emit<'a>(
    plan: &Plan<'a>,
    headings: [&Headings<'a>; 2],
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> Comparison {
    let mut emitter = Emitter {
        plan,
        headings,
        ignore_whitespace,
        deadline,
        pending: Vec::new(),
        summary: Summary::default(),
    };
    for region in &plan.regions {
        emitter.region(region);
    }
    emitter.finish()
}

impl Emitter<'_, '_> {
    fn region(&mut self, region: &Region) {
        let (mut old, mut new) = (region.old.start, region.new.start);
        loop {
            let old_fate = (old < region.old.end).then(|| self.plan.old.fate(old));
            let new_fate = (new < region.new.end).then(|| self.plan.new.fate(new));
            match (old_fate, new_fate) {
                (None, None) => break,
                (Some(Fate::Moved(to)), _) => {
                    self.moved_paragraph(old, to);
                    old += 1;
                }
                (_, Some(Fate::Moved(_))) => new += 1,
                (Some(Fate::Paired(_)), Some(Fate::Paired(_))) => {
                    self.edited_paragraph(old, new);
                    old += 1;
                    new += 1;
                }
                (Some(_), _) => {
                    // Unmatched, or (never with consistent pairs) paired past
                    // the end of the other side.
                    self.deleted_paragraph(old, new);
                    old += 1;
                }
                (None, Some(_)) => {
                    self.inserted_paragraph(new, old);
                    new += 1;
                }
            }
        }
    }

    fn unreported(&self, old_text: &str, new_text: &str) -> bool {
        self.ignore_whitespace && differs_only_in_whitespace(old_text, new_text)
    }

    /// Old line `old` deleted whole, before new line `new_at`.
    fn deleted_paragraph(&mut self, old: usize, new_at: usize) {
        let text = self.plan.old.lines.full(old);
        if self.unreported(text, "") {
            return;
        }
        let old_range = self.plan.old.lines.range(old);
        let at = self.plan.new.lines.start_of(new_at);
        self.summary.words_removed += count_words(text);
        self.summary.paragraphs_changed += usize::from(!text.trim().is_empty());
        self.push(
            Change {
                kind: ChangeKind::Delete,
                old: old_range.clone(),
                new: at..at,
                old_text: text.to_owned(),
                new_text: String::new(),
                formatting: None,
            },
            SectionAt::Old(old_range.start),
        );
    }

    /// New line `new` inserted whole, before old line `old_at`.
    fn inserted_paragraph(&mut self, new: usize, old_at: usize) {
        let text = self.plan.new.lines.full(new);
        if self.unreported("", text) {
            return;
        }
        let new_range = self.plan.new.lines.range(new);
        let at = self.plan.old.lines.start_of(old_at);
        self.summary.words_added += count_words(text);
        self.summary.paragraphs_changed += usize::from(!text.trim().is_empty());
        self.push(
            Change {
                kind: ChangeKind::Insert,
                old: at..at,
                new: new_range.clone(),
                old_text: String::new(),
                new_text: text.to_owned(),
                formatting: None,
            },
            SectionAt::New(new_range.start),
        );
    }

    /// Old line `old` moved to new line `new`.
    fn moved_paragraph(&mut self, old: usize, new: usize) {
        let old_range = self.plan.old.lines.range(old);
        let new_range = self.plan.new.lines.range(new);
        self.summary.moves += 1;
        self.push(
            Change {
                kind: ChangeKind::Move,
                old_text: self.plan.old.lines.full(old).to_owned(),
                new_text: self.plan.new.lines.full(new).to_owned(),
                formatting: None,
                old: old_range.clone(),
                new: new_range.clone(),
            },
            SectionAt::Both {
                new: new_range.start,
                old: old_range.start,
            },
        );
    }

    /// Old line `old` edited into new line `new`: word-level changes.
    fn edited_paragraph(&mut self, old: usize, new: usize) {
        let (old_side, new_side) = (&self.plan.old, &self.plan.new);
        let diff = diff_paragraphs(
            (old_side.lines.text, old_side.lines.range(old)),
            (new_side.lines.text, new_side.lines.range(new)),
            self.ignore_whitespace,
            self.deadline,
        );
        if diff.changes.is_empty() {
            return;
        }
        self.summary.words_added += diff.words_added;
        self.summary.words_removed += diff.words_removed;
        self.summary.paragraphs_changed += 1;
        for change in diff.changes {
            let at = SectionAt::New(change.new.start);
            self.push(change, at);
        }
    }

    fn push(&mut self, change: Change, section: SectionAt) {
        self.pending.push(Pending { change, section });
    }

    fn finish(mut self) -> Comparison {
        self.pending.sort_by_key(|pending| {
            let change = &pending.change;
            (
                change.new.start,
                change.new.end,
                change.old.start,
                change.old.end,
            )
        });
        self.summary.sections_touched = self.sections_touched();
        Comparison {
            changes: self
                .pending
                .into_iter()
                .map(|pending| pending.change)
                .collect(),
            summary: self.summary,
        }
    }

    /// Titles of the sections the changes fall in, in change order, once each.
    fn sections_touched(&self) -> Vec<String> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let [old_headings, new_headings] = self.headings;
        let mut seen = HashSet::new();
        let mut titles = Vec::new();
        for pending in &self.pending {
            let (first, second) = match pending.section {
                SectionAt::New(at) => (new_headings.section_at(at), None),
                SectionAt::Old(at) => (old_headings.section_at(at), None),
                SectionAt::Both { new, old } => {
                    (new_headings.section_at(new), old_headings.section_at(old))
                }
            };
            for title in [first, second].into_iter().flatten() {
                if seen.insert(title) {
                    titles.push(title.to_owned());
                }
            }
        }
        titles
    }
}
