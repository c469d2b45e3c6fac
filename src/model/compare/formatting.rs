//! Formatting-only changes: words that read the same in both versions but
//! whose marks or paragraph block changed, reported as Word's Compare
//! reports "Formatted".
//!
//! The text changes found by the rest of the pipeline leave stretches that
//! are equal in both texts (removing every change's old range from the old
//! text leaves what removing every new range leaves of the new one). Inside
//! those stretches the marks are compared run by run, and the block of each
//! paragraph whose line break lies in one:
//!
//! ```text
//!   old:  We **collect** data.¶      Heading 2 "Rights"¶
//!   new:  We collect data.¶          Normal    "Rights"¶
//!            ^^^^^^^ Format "not bold"   ^^^^^^ Format "Heading 2 → Normal"
//! ```
//!
//! A paragraph wholly inside an equal stretch gets one change over its
//! words for a block change (its mark differences are named in the same
//! change); a paragraph whose words changed gets the block change on its
//! line break.

use super::{Change, ChangeKind, Comparison};
use crate::model::blocks::Block;
use crate::model::content::Content;
use crate::model::marks::describe_change;
use std::ops::Range;

/// Adds the formatting-only changes to `comparison` (text changes already
/// found), keeping the changes sorted.
pub(super) fn add_formatting_changes(old: &Content, new: &Content, comparison: &mut Comparison) {
    let old_ranges = comparison.changes.iter().map(|change| change.old.clone());
    let new_ranges = comparison.changes.iter().map(|change| change.new.clone());
    let stretches = aligned(
        &gaps(old.text.len(), old_ranges),
        &gaps(new.text.len(), new_ranges),
    );
    let mut found = Vec::new();
    for stretch in stretches {
        // With whitespace changes left unreported the stretches may not
        // read the same; only those that do are compared.
        let old_words = old.text.get(stretch.old..stretch.old + stretch.len);
        let same = old_words.is_some()
            && old_words == new.text.get(stretch.new..stretch.new + stretch.len);
        if same {
            stretch_changes(old, new, &stretch, &mut found);
        }
    }
    if found.is_empty() {
        return;
    }
    comparison.summary.formatting_changes = found.len();
    comparison.changes.extend(found);
    comparison
        .changes
        .sort_by_key(|change| (change.new.start, change.new.end, change.old.start));
}

/// An equal stretch: `len` bytes at `old` in the old text read as the
/// `len` bytes at `new` in the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stretch {
    old: usize,
    new: usize,
    len: usize,
}

/// The parts of `0..len` outside `ranges` (which may come in any order).
fn gaps(len: usize, ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = ranges.collect();
    ranges.sort_by_key(|range| range.start);
    let mut gaps = Vec::with_capacity(ranges.len() + 1);
    let mut position = 0;
    for range in ranges {
        if range.start > position {
            gaps.push(position..range.start);
        }
        position = position.max(range.end);
    }
    if len > position {
        gaps.push(position..len);
    }
    gaps
}

/// Pairs the gaps of both texts, which hold the same text in the same
/// order, into aligned stretches.
fn aligned(old_gaps: &[Range<usize>], new_gaps: &[Range<usize>]) -> Vec<Stretch> {
    let mut stretches = Vec::new();
    let (mut old_iter, mut new_iter) = (old_gaps.iter().cloned(), new_gaps.iter().cloned());
    let (mut old_gap, mut new_gap) = (old_iter.next(), new_iter.next());
    while let (Some(old_range), Some(new_range)) = (old_gap.clone(), new_gap.clone()) {
        let len = old_range.len().min(new_range.len());
        stretches.push(Stretch {
            old: old_range.start,
            new: new_range.start,
            len,
        });
        old_gap = if old_range.len() > len {
            Some(old_range.start + len..old_range.end)
        } else {
            old_iter.next()
        };
        new_gap = if new_range.len() > len {
            Some(new_range.start + len..new_range.end)
        } else {
            new_iter.next()
        };
    }
    stretches
}

/// The formatting changes inside one equal stretch.
fn stretch_changes(old: &Content, new: &Content, stretch: &Stretch, found: &mut Vec<Change>) {
    let end = stretch.new + stretch.len;
    let to_old = |byte: usize| byte - stretch.new + stretch.old;
    let old_bytes = old.text.as_bytes();
    let mut paragraph_start = new.text[..stretch.new].rfind('\n').map_or(0, |at| at + 1);
    let mut new_paragraph = new.paragraph_index_at(stretch.new);
    let mut old_paragraph = old.paragraph_index_at(stretch.old);
    loop {
        let from = paragraph_start.max(stretch.new);
        let line_end = memchr::memchr(b'\n', &new.text.as_bytes()[from..])
            .map_or(new.text.len(), |at| from + at);
        let covered = from..line_end.min(end);
        // The paragraph's end (its line break, or the end of both texts)
        // and its start lie in the stretch on both sides.
        let ends_here = line_end < end
            || (line_end == new.text.len() && end == line_end && to_old(end) == old.text.len());
        let starts_here = paragraph_start >= stretch.new
            && (to_old(paragraph_start) == 0 || old_bytes[to_old(paragraph_start) - 1] == b'\n');
        let mark_changes = if covered.is_empty() {
            Vec::new()
        } else {
            mark_differences(old, new, stretch, covered)
        };
        let block_change = ends_here
            .then(|| {
                let (old_block, new_block) =
                    (&old.blocks[old_paragraph], &new.blocks[new_paragraph]);
                (old_block != new_block).then(|| block_words(old_block, new_block))
            })
            .flatten();
        match block_change {
            Some(block_words) if starts_here => {
                let mut words = vec![block_words];
                words.extend(mark_changes.into_iter().map(|(_, words)| words));
                let range = paragraph_start..line_end;
                let old_range = to_old(range.start)..to_old(range.end);
                found.push(format_change(old, new, old_range, range, words.join("; ")));
            }
            block_change => {
                for (range, words) in mark_changes {
                    let old_range = to_old(range.start)..to_old(range.end);
                    found.push(format_change(old, new, old_range, range, words));
                }
                if let Some(words) = block_change
                    && line_end < new.text.len()
                {
                    let old_range = to_old(line_end)..to_old(line_end) + 1;
                    found.push(format_change(
                        old,
                        new,
                        old_range,
                        line_end..line_end + 1,
                        words,
                    ));
                }
            }
        }
        if line_end >= end {
            break;
        }
        paragraph_start = line_end + 1;
        new_paragraph += 1;
        old_paragraph += 1;
    }
}

/// The stretches of `range` (new positions) whose marks differ from the old
/// text's, each with the change in words.
fn mark_differences(
    old: &Content,
    new: &Content,
    stretch: &Stretch,
    range: Range<usize>,
) -> Vec<(Range<usize>, String)> {
    let old_range = range.start - stretch.new + stretch.old..range.end - stretch.new + stretch.old;
    let old_runs = old.marks.runs(old_range);
    let new_runs = new.marks.runs(range.clone());
    let mut differences: Vec<(Range<usize>, String)> = Vec::new();
    let (mut old_index, mut new_index) = (0, 0);
    let (mut old_used, mut new_used) = (0, 0);
    let mut position = range.start;
    while let (Some(old_run), Some(new_run)) = (old_runs.get(old_index), new_runs.get(new_index)) {
        let len = (old_run.len - old_used).min(new_run.len - new_used);
        if old_run.marks != new_run.marks {
            let words = describe_change(&old_run.marks, &new_run.marks);
            match differences.last_mut() {
                Some((last, last_words)) if last.end == position && *last_words == words => {
                    last.end = position + len;
                }
                _ => differences.push((position..position + len, words)),
            }
        }
        position += len;
        old_used += len;
        new_used += len;
        if old_used == old_run.len {
            old_index += 1;
            old_used = 0;
        }
        if new_used == new_run.len {
            new_index += 1;
            new_used = 0;
        }
    }
    differences
}

fn block_words(old: &Block, new: &Block) -> String {
    format!("{} → {}", old.describe(), new.describe())
}

fn format_change(
    old: &Content,
    new: &Content,
    old_range: Range<usize>,
    new_range: Range<usize>,
    words: String,
) -> Change {
    Change {
        kind: ChangeKind::Format,
        old_text: old.text[old_range.clone()].to_string(),
        new_text: new.text[new_range.clone()].to_string(),
        old: old_range,
        new: new_range,
        formatting: Some(words),
    }
}
