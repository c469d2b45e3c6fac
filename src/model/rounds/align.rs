//! Positions through a comparison: where a place in one text is in the
//! other, and whether the words there changed.
//!
//! A [`Comparison`] leaves the texts' unchanged stretches in the same order
//! (moved paragraphs are changes of their own), so a position outside every
//! change has a *remainder index*: how many unchanged bytes come before it.
//! The same remainder index in the other text is the same place:
//!
//! ```text
//!   old:  We ·collect· your data.       changes: Replace "collect"→"keep"
//!   new:  We ·keep· your data.
//!            ^ old 3 and new 3: remainder 3 in both
//!                   ^ old 10 (remainder 3) → new 7 (remainder 3)
//! ```
//!
//! A position strictly inside a change's old range maps through the
//! change's own word diff (plain, ungrouped: the comparison groups nearby
//! edits into readable hunks, but a word left alone inside a hunk is still
//! the same word): on a word both sides share it maps exactly, and on a
//! changed word it maps to that word's replacement's start (bias
//! [`Bias::Before`]) or end ([`Bias::After`]) and says so. A moved
//! paragraph is followed the same way. Formatting changes move nothing and
//! are left out. Changes that follow each other on both sides are taken
//! as one, so that a paragraph the comparison saw deleted and inserted
//! rewritten still has its unchanged words found.

use crate::model::changeset::Bias;
use crate::model::compare::{ChangeKind, Comparison};
use std::ops::Range;

/// Where a position of one text is in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappedPosition {
    /// The position in the other text.
    pub offset: usize,
    /// It lay strictly inside changed words (a replacement or deletion, or
    /// the edited middle of a moved paragraph).
    pub changed: bool,
}

/// One text change of a comparison: the two ranges, and when both hold
/// words, the alignment of their words (offsets within the ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Aligned {
    old: Range<usize>,
    new: Range<usize>,
    /// A moved paragraph: its two ranges are in different places.
    moved: bool,
    inner: Option<Box<Alignment>>,
}

/// Changes longer than this many tokens on a side are not diffed word by
/// word: all their words count as changed.
const MAX_INNER_TOKENS: usize = 20_000;

/// The ranges of one side, sorted by start, with what each one covers of
/// the text before it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Side {
    /// (range, index of its change), sorted by range.
    ranges: Vec<(Range<usize>, usize)>,
    /// `covered[i]` = bytes covered by `ranges[..i]`.
    covered: Vec<usize>,
}

impl Side {
    fn new(mut ranges: Vec<(Range<usize>, usize)>) -> Side {
        ranges.sort_by_key(|(range, index)| (range.start, range.end, *index));
        let mut covered = Vec::with_capacity(ranges.len() + 1);
        let mut total = 0;
        for (range, _) in &ranges {
            covered.push(total);
            total += range.len();
        }
        covered.push(total);
        Side { ranges, covered }
    }

    /// The range strictly containing `position`, if any.
    fn inside(&self, position: usize) -> Option<usize> {
        let index = self
            .ranges
            .partition_point(|(range, _)| range.start < position);
        let candidate = index.checked_sub(1)?;
        let (range, _) = &self.ranges[candidate];
        (range.start < position && position < range.end).then_some(candidate)
    }

    /// The remainder index of a position outside every range.
    fn remainder(&self, position: usize) -> usize {
        let before = self
            .ranges
            .partition_point(|(range, _)| range.end <= position && range.start < position);
        position - self.covered[before]
    }

    /// The ranges (indices into `ranges`) that sit at remainder index
    /// `remainder`, in order.
    fn at_remainder(&self, remainder: usize) -> Range<usize> {
        let start_remainder = |index: usize| self.ranges[index].0.start - self.covered[index];
        let low = partition(self.ranges.len(), |index| {
            start_remainder(index) < remainder
        });
        let high = partition(self.ranges.len(), |index| {
            start_remainder(index) <= remainder
        });
        low..high
    }

    /// The position with remainder index `remainder` after the first
    /// `count` ranges that sit there.
    fn position(&self, remainder: usize, count: usize) -> usize {
        let low = self.at_remainder(remainder).start;
        remainder + self.covered[low + count]
    }
}

/// The first index in `0..len` for which `is_before` is false (it must be
/// true for a prefix of the indices only).
fn partition(len: usize, is_before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        if is_before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Maps positions between the old and the new text of a comparison, both
/// ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    changes: Vec<Aligned>,
    old: Side,
    new: Side,
}

impl Alignment {
    /// The alignment of two equal texts: every position maps to itself.
    pub fn identity() -> Alignment {
        Alignment {
            changes: Vec::new(),
            old: Side::new(Vec::new()),
            new: Side::new(Vec::new()),
        }
    }

    /// The alignment a comparison of `old` with `new` gives.
    pub fn new(comparison: &Comparison, old: &str, new: &str) -> Alignment {
        // Changes that follow each other on both sides (a paragraph deleted
        // and a rewritten one inserted in its place) are one change here, so
        // that the words they share are found by the word diff.
        let mut changes: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
        for change in &comparison.changes {
            let moved = change.kind == ChangeKind::Move;
            match (change.kind, changes.last_mut()) {
                (ChangeKind::Format, _) => {}
                (_, Some((old_range, new_range, false)))
                    if !moved
                        && old_range.end == change.old.start
                        && new_range.end == change.new.start =>
                {
                    old_range.end = change.old.end;
                    new_range.end = change.new.end;
                }
                _ => changes.push((change.old.clone(), change.new.clone(), moved)),
            }
        }
        Alignment::from_changes(changes, old, new, true)
    }

    /// The alignment of `old` and `new` given their changed ranges (in
    /// order on both sides, except moves); with `refine`, each change with
    /// words on both sides is diffed word by word.
    fn from_changes(
        changes: Vec<(Range<usize>, Range<usize>, bool)>,
        old: &str,
        new: &str,
        refine: bool,
    ) -> Alignment {
        let changes: Vec<Aligned> = changes
            .into_iter()
            .map(|(old_range, new_range, moved)| {
                let inner = (refine && !old_range.is_empty() && !new_range.is_empty())
                    .then(|| word_alignment(&old[old_range.clone()], &new[new_range.clone()]))
                    .flatten()
                    .map(Box::new);
                Aligned {
                    old: old_range,
                    new: new_range,
                    moved,
                    inner,
                }
            })
            .collect();
        let old_side = Side::new(
            changes
                .iter()
                .enumerate()
                .map(|(index, change)| (change.old.clone(), index))
                .collect(),
        );
        let new_side = Side::new(
            changes
                .iter()
                .enumerate()
                .map(|(index, change)| (change.new.clone(), index))
                .collect(),
        );
        Alignment {
            changes,
            old: old_side,
            new: new_side,
        }
    }

    /// The same alignment, new text to old.
    pub fn reversed(&self) -> Alignment {
        Alignment {
            changes: self
                .changes
                .iter()
                .map(|change| Aligned {
                    old: change.new.clone(),
                    new: change.old.clone(),
                    moved: change.moved,
                    inner: change
                        .inner
                        .as_ref()
                        .map(|inner| Box::new(inner.reversed())),
                })
                .collect(),
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }

    /// True when nothing changed.
    pub fn is_identity(&self) -> bool {
        self.changes.is_empty()
    }

    /// Where `position` of the old text is in the new text.
    pub fn map(&self, position: usize, bias: Bias) -> MappedPosition {
        // At the edge of a change with words on both sides, the change's own
        // word diff says which side of text inserted at that edge the
        // position keeps to.
        if let Some(change) = self.change_at_edge(position, bias)
            && let Some(inner) = &change.inner
        {
            let mapped = inner.map(position - change.old.start, bias);
            return MappedPosition {
                offset: change.new.start + mapped.offset,
                changed: mapped.changed,
            };
        }
        if let Some(index) = self.old.inside(position) {
            let change = &self.changes[self.old.ranges[index].1];
            if let Some(inner) = &change.inner {
                let mapped = inner.map(position - change.old.start, bias);
                return MappedPosition {
                    offset: change.new.start + mapped.offset,
                    changed: mapped.changed,
                };
            }
            return MappedPosition {
                offset: match bias {
                    Bias::Before => change.new.start,
                    Bias::After => change.new.end,
                },
                changed: true,
            };
        }
        let remainder = self.old.remainder(position);
        // Of the changes whose new ranges sit at the same place, those that
        // come before `position` in the old text come before it in the new
        // text; insertions exactly at it and moved paragraphs go by bias.
        let slots = self.new.at_remainder(remainder);
        let before = self.new.ranges[slots]
            .iter()
            .take_while(|(_, index)| {
                let change = &self.changes[*index];
                let at_position = change.old.is_empty() && change.old.start == position;
                if change.moved || at_position {
                    bias == Bias::After
                } else {
                    change.old.end <= position
                }
            })
            .count();
        unchanged(self.new.position(remainder, before))
    }

    /// The non-empty change that ends at `position` (bias before) or
    /// starts there (bias after).
    fn change_at_edge(&self, position: usize, bias: Bias) -> Option<&Aligned> {
        let first_at = self
            .old
            .ranges
            .partition_point(|(range, _)| range.start < position);
        let found = match bias {
            Bias::Before => self.old.ranges[..first_at]
                .last()
                .filter(|(range, _)| range.end == position),
            Bias::After => self.old.ranges[first_at..]
                .iter()
                .take_while(|(range, _)| range.start == position)
                .find(|(range, _)| !range.is_empty()),
        };
        found
            .map(|(_, index)| &self.changes[*index])
            .filter(|change| !change.old.is_empty())
    }

    /// Maps a range inside-out (start keeps to the text after it, end to
    /// the text before it, as comment spans do); a point keeps to the text
    /// before it. The flag says whether either end lay on changed words.
    pub fn map_range(&self, range: Range<usize>) -> (Range<usize>, bool) {
        if range.is_empty() {
            let point = self.map(range.start, Bias::Before);
            return (point.offset..point.offset, point.changed);
        }
        let start = self.map(range.start, Bias::After);
        let end = self.map(range.end, Bias::Before);
        let changed = start.changed || end.changed;
        if start.offset > end.offset {
            (end.offset..end.offset, true)
        } else {
            (start.offset..end.offset, changed)
        }
    }

    /// True when the old text's `range` shares changed words with a change,
    /// a point lies strictly inside changed words, or an insertion lies
    /// inside it (or exactly on it, for a point).
    pub fn touches_change(&self, range: &Range<usize>) -> bool {
        let index = self
            .old
            .ranges
            .partition_point(|(changed, _)| changed.end < range.start);
        self.old.ranges[index..]
            .iter()
            .take_while(|(changed, _)| changed.start <= range.end)
            .any(|(changed, change_index)| {
                if !meets(range, changed) {
                    return false;
                }
                match &self.changes[*change_index].inner {
                    Some(inner) => {
                        let start = range.start.clamp(changed.start, changed.end);
                        let end = range.end.clamp(changed.start, changed.end);
                        inner.touches_change(&(start - changed.start..end - changed.start))
                    }
                    None => true,
                }
            })
    }
}

impl Alignment {
    /// True when some of the old text's `range` is kept in the new text
    /// (outside every changed word); a point always is.
    pub fn keeps_any(&self, range: &Range<usize>) -> bool {
        if range.is_empty() {
            return true;
        }
        let first = self
            .old
            .ranges
            .partition_point(|(changed, _)| changed.end <= range.start);
        let mut position = range.start;
        for (changed, index) in &self.old.ranges[first..] {
            if changed.start >= range.end {
                break;
            }
            if changed.start > position {
                return true;
            }
            if let Some(inner) = &self.changes[*index].inner {
                let start = range.start.max(changed.start) - changed.start;
                let end = range.end.min(changed.end) - changed.start;
                if inner.keeps_any(&(start..end)) {
                    return true;
                }
            }
            position = position.max(changed.end);
        }
        position < range.end
    }
}

/// True when `range` shares words with `changed`, a point lies strictly
/// inside it, or an insertion (empty `changed`) lies strictly inside
/// `range` or on the point `range` is (text typed at a range's edge leaves
/// its words as they were).
fn meets(range: &Range<usize>, changed: &Range<usize>) -> bool {
    let shares = changed.start < range.end && range.start < changed.end;
    let point_inside = range.is_empty() && changed.start < range.start && range.start < changed.end;
    let insertion_inside = changed.is_empty()
        && ((range.start < changed.start && changed.start < range.end)
            || (range.is_empty() && range.start == changed.start));
    shares || point_inside || insertion_inside
}

/// The word-by-word alignment of two short texts; `None` when either is too
/// long to diff. Only words (and marks) are diffed; the whitespace between
/// two words both texts keep is a change of its own when it differs, so a
/// kept word always maps exactly.
fn word_alignment(old: &str, new: &str) -> Option<Alignment> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    if old_tokens.len() > MAX_INNER_TOKENS || new_tokens.len() > MAX_INNER_TOKENS {
        return None;
    }
    let old_words: Vec<&str> = old_tokens.iter().map(|range| &old[range.clone()]).collect();
    let new_words: Vec<&str> = new_tokens.iter().map(|range| &new[range.clone()]).collect();
    let mut changes = Vec::new();
    let (mut old_position, mut new_position) = (0, 0);
    let mut gap = |old_end: usize, new_end: usize, old_position: usize, new_position: usize| {
        if old[old_position..old_end] != new[new_position..new_end] {
            changes.push((old_position..old_end, new_position..new_end, false));
        }
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words) {
        if op.tag() != similar::DiffTag::Equal {
            continue;
        }
        for (old_index, new_index) in op.old_range().zip(op.new_range()) {
            let (old_word, new_word) = (&old_tokens[old_index], &new_tokens[new_index]);
            gap(old_word.start, new_word.start, old_position, new_position);
            old_position = old_word.end;
            new_position = new_word.end;
        }
    }
    gap(old.len(), new.len(), old_position, new_position);
    Some(Alignment::from_changes(changes, old, new, false))
}

/// The text's words: runs of letters and digits, and every other character
/// but whitespace on its own.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut in_word = false;
    for (byte, character) in text.char_indices() {
        let end = byte + character.len_utf8();
        if character.is_whitespace() {
            in_word = false;
            continue;
        }
        let alphanumeric = character.is_alphanumeric();
        match tokens.last_mut() {
            Some(last) if alphanumeric && in_word && last.end == byte => last.end = end,
            _ => tokens.push(byte..end),
        }
        in_word = alphanumeric;
    }
    tokens
}

fn unchanged(offset: usize) -> MappedPosition {
    MappedPosition {
        offset,
        changed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compare::{CompareOptions, compare};
    use crate::model::content::Content;

    fn alignment(old: &str, new: &str) -> Alignment {
        let comparison = compare(
            &Content::plain(old),
            &Content::plain(new),
            &CompareOptions::default(),
        );
        Alignment::new(&comparison, old, new)
    }

    /// (old, new, position in old, bias) → (position in new, changed)
    #[test]
    fn positions_map_through_word_changes() {
        let (old, new) = ("We collect your data.", "We keep your data.");
        let map = alignment(old, new);
        let table = [
            (0, Bias::Before, 0, false),
            (3, Bias::Before, 3, false),
            (3, Bias::After, 3, false),
            (5, Bias::Before, 3, true),
            (5, Bias::After, 7, true),
            (10, Bias::Before, 7, false),
            (11, Bias::After, 8, false),
            (21, Bias::Before, 18, false),
        ];
        for (position, bias, expected, changed) in table {
            assert_eq!(
                map.map(position, bias),
                MappedPosition {
                    offset: expected,
                    changed
                },
                "{position} {bias:?}"
            );
        }
        let back = map.reversed();
        assert_eq!(back.map(8, Bias::After).offset, 11);
        assert_eq!(map.map_range(11..15), (8..12, false));
        assert!(map.touches_change(&(3..5)));
        assert!(!map.touches_change(&(11..15)));
    }

    #[test]
    fn positions_follow_a_moved_paragraph() {
        let old = "We collect the contact details you give us when you sign up.\n\
                   We share usage data with analytics partners under contracts.\n\
                   We keep billing records for seven years because tax law says so.\n\
                   The end.";
        let new = "We share usage data with analytics partners under contracts.\n\
                   We keep billing records for seven years because tax law says so.\n\
                   We collect the contact details you give us when you sign up.\n\
                   The end.";
        let map = alignment(old, new);
        let first = old.find("contact").unwrap_or_default();
        let mapped = map.map(first, Bias::After);
        assert!(!mapped.changed);
        assert_eq!(&new[mapped.offset..mapped.offset + 7], "contact");
        let (range, changed) = map.map_range(first..first + 7);
        assert!(!changed);
        assert_eq!(&new[range], "contact");
        assert!(!map.touches_change(&(first..first + 7)));
        let end = old.find("The end").unwrap_or_default();
        assert_eq!(
            map.map(end, Bias::After).offset,
            new.find("The end").unwrap_or_default()
        );
    }

    #[test]
    fn a_deleted_stretch_collapses() {
        let (old, new) = ("Keep this. Drop these words. End.", "Keep this. End.");
        let map = alignment(old, new);
        let start = old.find("these").unwrap_or_default();
        let (range, changed) = map.map_range(start..start + 5);
        assert!(range.is_empty());
        assert!(changed);
        assert!(!map.keeps_any(&(start..start + 5)));
        assert!(map.keeps_any(&(0..start + 5)));
    }

    #[test]
    fn words_left_alone_inside_a_grouped_hunk_map_exactly() {
        // The comparison groups the two edits over "the" into one hunk.
        let (old, new) = (
            "We may share the data today.",
            "We will sell the info today.",
        );
        let map = alignment(old, new);
        let the = old.find("the").unwrap_or_default();
        let (range, changed) = map.map_range(the..the + 3);
        assert!(!changed);
        assert_eq!(&new[range], "the");
        assert!(!map.touches_change(&(the..the + 3)));
        let share = old.find("share").unwrap_or_default();
        assert!(map.touches_change(&(share..share + 5)));
        assert!(!map.keeps_any(&(share..share + 5)));
        assert!(map.keeps_any(&(share..the + 3)));
    }

    #[test]
    fn tokens_are_words_and_single_marks() {
        let text = "Hi,  you ünd 😀!";
        let words: Vec<&str> = tokens(text).into_iter().map(|range| &text[range]).collect();
        assert_eq!(words, vec!["Hi", ",", "you", "ünd", "😀", "!"]);
    }
}
