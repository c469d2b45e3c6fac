//! Paragraphs (lines) of a text, the paragraph-level diff, and headings.
//!
//! A text is a sequence of lines, each ending with its `\n` except perhaps the
//! last; the lines cover the text without gaps:
//!
//! ```text
//!   "# Data\nWe collect.\n\nWe share."
//!    [0.....)[1..........)[2)[3.......)
//! ```
//!
//! The paragraph diff compares whole lines (line break included, or
//! whitespace-normalised content when whitespace is ignored). It first walks
//! both texts in step, resynchronising after each local difference; where
//! that fails it interns the remaining lines to numbers and runs the patience
//! diff of `diff`. Either way it yields [`Region`]s: maximal runs of old lines
//! replaced by new lines between two runs of equal lines. Only lines inside
//! regions are ever looked at again.

use std::borrow::Cow;
use std::ops::Range;
use std::time::Instant;

use super::diff::changed_ranges;
use super::similarity::hash_bytes;
use super::step::{split_in_step, walk_in_step};
use super::tokens::{differs_only_in_whitespace, normalize_whitespace};
use crate::model::blocks::{Block, paragraphs};

/// A text cut into lines: the start of each line is stored.
#[derive(Debug, Clone)]
pub(super) struct Lines<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Byte offset where each line starts, in order.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Cuts `text` into lines (an empty text has none).
    pub fn new(text: &'a str) -> Self {
        let mut cuts = LineCuts::new(text.as_bytes());
        cuts.scan_from(0);
        cuts.into_lines(text)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of line `index`, line break included (empty past the end).
    pub fn range(&self, index: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(index) else {
            return self.text.len()..self.text.len();
        };
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// The whole line `index`, line break included.
    pub fn full(&self, index: usize) -> &'a str {
        self.text.get(self.range(index)).unwrap_or("")
    }

    /// The content of line `index`, without its line break.
    pub fn content(&self, index: usize) -> &'a str {
        let full = self.full(index);
        full.strip_suffix('\n').unwrap_or(full)
    }

    /// Byte offset where line `index` starts (the text's end past the last).
    pub fn start_of(&self, index: usize) -> usize {
        self.range(index).start
    }
}

/// Line starts of a text being cut.
#[derive(Debug, Clone)]
pub(super) struct LineCuts<'b> {
    bytes: &'b [u8],
    starts: Vec<usize>,
}

impl<'b> LineCuts<'b> {
    /// No lines cut yet except the first (if the text is not empty).
    pub fn new(bytes: &'b [u8]) -> Self {
        let mut cuts = Self {
            bytes,
            starts: Vec::with_capacity(bytes.len() / 96 + 1),
        };
        cuts.line_break(0);
        cuts
    }

    /// Records that a line starts at byte `start` (none starts at the end).
    pub fn line_break(&mut self, start: usize) {
        if start < self.bytes.len() {
            self.starts.push(start);
        }
    }

    /// Number of lines cut so far.
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Index of the line starting at byte `start` (the count at the end).
    pub fn line_at(&self, start: usize) -> usize {
        if start < self.bytes.len() {
            self.count().saturating_sub(1)
        } else {
            self.count()
        }
    }

    /// Cuts every line after the one starting at byte `start`, scanning 32
    /// bytes at a time for the line breaks.
    pub fn scan_from(&mut self, start: usize) {
        let rest = self.bytes.get(start..).unwrap_or_default();
        let mut blocks = rest.chunks_exact(32);
        let mut base = start;
        for block in &mut blocks {
            let masks: [u64; 4] = std::array::from_fn(|k| newline_mask(&block[8 * k..8 * k + 8]));
            if masks.iter().any(|&mask| mask != 0) {
                for (k, &mask) in masks.iter().enumerate() {
                    let mut mask = mask;
                    while mask != 0 {
                        self.line_break(base + 8 * k + (mask.trailing_zeros() / 8) as usize + 1);
                        mask &= mask - 1;
                    }
                }
            }
            base += 32;
        }
        for (offset, &byte) in blocks.remainder().iter().enumerate() {
            if byte == b'\n' {
                self.line_break(base + offset + 1);
            }
        }
    }

    /// The lines of `text` (whose bytes these are).
    pub fn into_lines(self, text: &str) -> Lines<'_> {
        debug_assert_eq!(text.as_bytes(), self.bytes);
        Lines {
            text,
            starts: self.starts,
        }
    }
}

/// The high bit of each byte of `word` (8 bytes) that is a `\n`, exactly
/// (no false positives from borrows).
fn newline_mask(word: &[u8]) -> u64 {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const NEWLINES: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(word);
    let x = u64::from_le_bytes(bytes) ^ NEWLINES;
    !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN)
}

/// A run of old lines replaced by a run of new lines (either may be empty,
/// not both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Region {
    /// Indices of the old lines.
    pub old: Range<usize>,
    /// Indices of the new lines.
    pub new: Range<usize>,
}

/// The lines of both texts and the regions where they differ, in order.
///
/// The lines are first walked in step (see `step`), which costs one
/// comparison per line where the texts agree and resynchronises within a few
/// lines after a local edit (the usual case: word edits, a few paragraphs
/// added, removed or moved). Where that fails, the rest goes to the full
/// patience diff (`diff::changed_ranges`). `deadline` is similar's safety
/// net: past it the diff degrades to coarser (still correct) regions.
pub(super) fn diff_lines<'a>(
    old: &'a str,
    new: &'a str,
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> (Lines<'a>, Lines<'a>, Vec<Region>) {
    if ignore_whitespace {
        let (old, new) = (Lines::new(old), Lines::new(new));
        let regions = changed_regions(&old, &new, true, deadline);
        return (old, new, regions);
    }
    let walk = split_in_step(old, new);
    let mut regions = walk.regions;
    if let Some(stuck) = walk.stuck {
        regions.extend(diff_rest(&walk.old, &walk.new, stuck, false, deadline));
    }
    (walk.old, walk.new, regions)
}

/// The regions where the lines of `old` and `new` differ, in order (the
/// in-step walk over given lines, then the fallback; see [`diff_lines`]).
pub(super) fn changed_regions(
    old: &Lines<'_>,
    new: &Lines<'_>,
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> Vec<Region> {
    let same = |i: usize, j: usize| {
        let (a, b) = (old.full(i), new.full(j));
        let equal = a == b
            || (ignore_whitespace && differs_only_in_whitespace(old.content(i), new.content(j)));
        equal.then_some(a.len())
    };
    let (mut regions, stuck) = walk_in_step(old.len(), new.len(), same);
    if let Some(stuck) = stuck {
        regions.extend(diff_rest(old, new, stuck, ignore_whitespace, deadline));
    }
    regions
}

/// The full patience diff of the lines from `(i, j)` to the ends.
fn diff_rest(
    old: &Lines<'_>,
    new: &Lines<'_>,
    (i, j): (usize, usize),
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> Vec<Region> {
    let (old_ids, new_ids, id_count) =
        intern_lines(old, i..old.len(), new, j..new.len(), ignore_whitespace);
    changed_ranges(&old_ids, &new_ids, id_count, deadline)
        .into_iter()
        .map(|(o, n)| Region {
            old: o.start + i..o.end + i,
            new: n.start + j..n.end + j,
        })
        .collect()
}

/// Numbers every line so that equal lines (as compared) get equal numbers
/// (`0..count`, the count returned last).
///
/// An open-addressing table of ids keyed by a 64-bit hash of each line;
/// equal hashes are confirmed by comparing the text with the line that first
/// got the id. This keeps the table small (4 bytes a slot) for large texts.
fn intern_lines<'a>(
    old: &Lines<'a>,
    old_range: Range<usize>,
    new: &Lines<'a>,
    new_range: Range<usize>,
    ignore_whitespace: bool,
) -> (Vec<u32>, Vec<u32>, usize) {
    let sides = [old, new];
    let ranges = [old_range, new_range];
    let key = |side: usize, index: usize| -> Cow<'a, str> {
        let lines = sides[side];
        if ignore_whitespace {
            comparable_content(lines.content(index))
        } else {
            Cow::Borrowed(lines.full(index))
        }
    };
    let total = ranges[0].len() + ranges[1].len();
    let mask = (total * 2).next_power_of_two().max(16) - 1;
    // slots: 0 = free, else id + 1; per id: its hash and first line.
    let mut slots = vec![0u32; mask + 1];
    let mut hashes: Vec<u64> = Vec::with_capacity(total);
    let mut firsts: Vec<(usize, usize)> = Vec::with_capacity(total);
    let mut ids = [
        Vec::with_capacity(ranges[0].len()),
        Vec::with_capacity(ranges[1].len()),
    ];
    for (side, side_ids) in ids.iter_mut().enumerate() {
        for index in ranges[side].clone() {
            let text = key(side, index);
            let hash = hash_bytes(text.as_bytes());
            let mut slot = (hash as usize) & mask;
            let id = loop {
                let Some(&taken) = slots.get(slot) else {
                    break u32::MAX;
                };
                let Some(id) = taken.checked_sub(1) else {
                    let id = u32::try_from(hashes.len()).unwrap_or(u32::MAX);
                    slots[slot] = id.saturating_add(1);
                    hashes.push(hash);
                    firsts.push((side, index));
                    break id;
                };
                let same = hashes.get(id as usize) == Some(&hash)
                    && firsts
                        .get(id as usize)
                        .is_some_and(|&(first_side, first)| key(first_side, first) == text);
                if same {
                    break id;
                }
                slot = (slot + 1) & mask;
            };
            side_ids.push(id);
        }
    }
    let [old_ids, new_ids] = ids;
    (old_ids, new_ids, hashes.len())
}

/// A line's content with whitespace normalised, borrowed when already normal.
fn comparable_content(content: &str) -> Cow<'_, str> {
    let normal = !content.starts_with(char::is_whitespace)
        && !content.ends_with(char::is_whitespace)
        && !content.contains("  ")
        && !content.chars().any(|c| c.is_whitespace() && c != ' ');
    if normal {
        Cow::Borrowed(content)
    } else {
        Cow::Owned(normalize_whitespace(content))
    }
}

/// The headings of a text, for finding the section around a position.
#[derive(Debug, Clone, Default)]
pub(super) struct Headings<'a> {
    /// `(byte offset of the heading paragraph, title)`, in text order.
    entries: Vec<(usize, &'a str)>,
}

impl<'a> Headings<'a> {
    /// The heading paragraphs of `text`, as its blocks say.
    pub fn new(text: &'a str, blocks: &[Block]) -> Self {
        let entries = paragraphs(text)
            .zip(blocks)
            .filter(|(_, block)| block.style.heading_level().is_some())
            .map(|(line, _)| (line.start, text[line].trim()))
            .collect();
        Self { entries }
    }

    /// Title of the section containing byte `position`: the last heading that
    /// starts at or before it (`None` before the first heading).
    pub fn section_at(&self, position: usize) -> Option<&'a str> {
        let after = self
            .entries
            .partition_point(|(start, _)| *start <= position);
        let (_, title) = self.entries.get(after.checked_sub(1)?)?;
        Some(title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_the_text() {
        let table: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a", &["a"]),
            ("a\n", &["a\n"]),
            ("# T\nx\n\ny", &["# T\n", "x\n", "\n", "y"]),
            ("\n\n", &["\n", "\n"]),
            (
                "a long first line\n\x0b\nthe second line, with more than eight bytes\n",
                &[
                    "a long first line\n",
                    "\x0b\n",
                    "the second line, with more than eight bytes\n",
                ],
            ),
            ("é\u{a}😀\n", &["é\n", "😀\n"]),
        ];
        for (text, expected) in table {
            let lines = Lines::new(text);
            let full: Vec<&str> = (0..lines.len()).map(|i| lines.full(i)).collect();
            assert_eq!(full, *expected, "text {text:?}");
        }
        let lines = Lines::new("ab\ncd");
        assert_eq!(lines.content(0), "ab");
        assert_eq!(lines.start_of(1), 3);
        assert_eq!(lines.start_of(2), 5);
    }

    #[test]
    fn regions_group_changed_lines() {
        // (old, new, ignore whitespace, [(old lines, new lines)])
        type Case<'a> = (&'a str, &'a str, bool, &'a [(Range<usize>, Range<usize>)]);
        let table: &[Case<'_>] = &[
            ("a\nb\n", "a\nb\n", false, &[]),
            ("a\nb\nc\n", "a\nB\nc\n", false, &[(1..2, 1..2)]),
            ("a\nc\n", "a\nb\nc\n", false, &[(1..1, 1..2)]),
            ("a\nb\nc\n", "c\n", false, &[(0..2, 0..0)]),
            ("a  b\nc\n", "a b\nc\n", false, &[(0..1, 0..1)]),
            ("a  b\nc\n", "a b\nc\n", true, &[]),
            ("a\nb\nc\nd\n", "a\nB\nC\nd\n", false, &[(1..3, 1..3)]),
            (
                "a\nb\nc\nd\n",
                "b\nc\na\nd\n",
                false,
                &[(0..1, 0..0), (3..3, 2..3)],
            ),
            ("a\nx\nb\nx\nc\n", "a\nx\nc\n", false, &[(2..4, 2..2)]),
        ];
        for (old, new, ignore, expected) in table {
            let regions = changed_regions(&Lines::new(old), &Lines::new(new), *ignore, None);
            let got: Vec<_> = regions.into_iter().map(|r| (r.old, r.new)).collect();
            assert_eq!(got, *expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn long_insertions_fall_back_to_the_full_diff() {
        let old: String = (0..30).map(|i| format!("old line {i}\n")).collect();
        let inserted: String = (0..25).map(|i| format!("inserted {i}\n")).collect();
        let mut new = old.clone();
        new.insert_str(old.find("old line 10\n").unwrap_or(0), &inserted);
        new = new.replace("old line 20\n", "changed line 20\n");
        let (old_lines, new_lines) = (Lines::new(&old), Lines::new(&new));
        let same = |i: usize, j: usize| {
            let line = old_lines.full(i);
            (line == new_lines.full(j)).then_some(line.len())
        };
        let (_, stuck) = walk_in_step(old_lines.len(), new_lines.len(), same);
        assert_eq!(stuck, Some((10, 10)));
        let regions = changed_regions(&old_lines, &new_lines, false, None);
        let got: Vec<_> = regions.into_iter().map(|r| (r.old, r.new)).collect();
        assert_eq!(got, vec![(10..10, 10..35), (20..21, 45..46)]);
    }

    #[test]
    fn headings_come_from_blocks() {
        let content =
            crate::model::content::Content::from_marked_text("intro\n# One\na\n## Two\nb\n");
        let headings = Headings::new(&content.text, &content.blocks);
        assert_eq!(content.text, "intro\nOne\na\nTwo\nb\n");
        assert_eq!(headings.section_at(0), None);
        assert_eq!(headings.section_at(6), Some("One"));
        assert_eq!(headings.section_at(12), Some("Two"));
        assert_eq!(headings.section_at(content.text.len()), Some("Two"));
    }
}
