//! The in-step walk: the paragraph diff's fast path.
//!
//! Two versions of a policy agree almost everywhere, so the lines are walked
//! in step: `(i, j)` advance together while old line `i` equals new line `j`.
//! At a difference, [`resync`] looks up to [`RESYNC_WINDOW`] lines ahead on
//! each side for the smallest skip after which the texts agree again, and
//! the skipped lines become a [`Region`]:
//!
//! ```text
//!   old   A  B  C  D        at (1, 1) B != X; skip (1, 1): C = C, D = D
//!   new   A  X  C  D        region: old 1..2, new 1..2
//! ```
//!
//! [`split_in_step`] does this while cutting both texts into lines, in one
//! pass: where the texts agree it compares 32 bytes at a time and takes the
//! line breaks of both sides from the old side's bytes. When no resync is
//! found (a long insertion, a rewrite), the walk stops and reports where; the
//! caller diffs the rest with the full patience diff.

use std::cell::RefCell;

use super::lines::{LineCuts, Lines, Region};

/// Lines looked ahead on each side to get back in step after a difference.
pub(super) const RESYNC_WINDOW: usize = 8;

/// An equal line at least this long (a sentence, not a blank line or a short
/// heading) is enough to get back in step.
pub(super) const DISTINCT_LINE_BYTES: usize = 24;

/// What [`split_in_step`] found.
#[derive(Debug, Clone)]
pub(super) struct Walk<'a> {
    /// The old text's lines.
    pub old: Lines<'a>,
    /// The new text's lines.
    pub new: Lines<'a>,
    /// The regions found, in order.
    pub regions: Vec<Region>,
    /// The `(old, new)` lines where the walk gave up, if it did.
    pub stuck: Option<(usize, usize)>,
}

/// Cuts `old` and `new` into lines and walks them in step (module doc).
pub(super) fn split_in_step<'a>(old: &'a str, new: &'a str) -> Walk<'a> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut sides = [LineCuts::new(a), LineCuts::new(b)];
    let mut regions = Vec::new();
    let mut stuck = None;
    let (mut o, mut n) = (0, 0);
    while let Some((line_o, line_n)) = equal_run((a, b), &mut sides, o, n) {
        let (i, j) = (sides[0].line_at(line_o), sides[1].line_at(line_n));
        if line_o == a.len() || line_n == b.len() {
            // One text ended: the rest of the other is the last region.
            sides[0].scan_from(line_o);
            sides[1].scan_from(line_n);
            regions.push(Region {
                old: i..sides[0].count(),
                new: j..sides[1].count(),
            });
            break;
        }
        let ahead = [Ahead::new(a, line_o), Ahead::new(b, line_n)];
        let same = |x: usize, y: usize| {
            let (old_line, new_line) = (ahead[0].line(x)?, ahead[1].line(y)?);
            (old_line == new_line).then_some(old_line.len())
        };
        let at_old = |k: usize| ahead[0].at(k);
        let at_new = |k: usize| ahead[1].at(k);
        let Some((skip_old, skip_new)) = resync(at_old, at_new, same) else {
            stuck = Some((i, j));
            sides[0].scan_from(line_o);
            sides[1].scan_from(line_n);
            break;
        };
        regions.push(Region {
            old: i..i + skip_old,
            new: j..j + skip_new,
        });
        o = ahead[0].skip(&mut sides[0], skip_old);
        n = ahead[1].skip(&mut sides[1], skip_new);
    }
    let [old_cuts, new_cuts] = sides;
    Walk {
        old: old_cuts.into_lines(old),
        new: new_cuts.into_lines(new),
        regions,
        stuck,
    }
}

/// Line starts just ahead of a difference, found as the resync asks for
/// them (usually two or three lines); the last may be the text's end.
struct Ahead<'b> {
    bytes: &'b [u8],
    starts: RefCell<Vec<usize>>,
}

impl<'b> Ahead<'b> {
    fn new(bytes: &'b [u8], start: usize) -> Self {
        Self {
            bytes,
            starts: RefCell::new(vec![start]),
        }
    }

    /// Start of line `k` (or the text's end just after the last line).
    fn start(&self, k: usize) -> Option<usize> {
        let mut starts = self.starts.borrow_mut();
        while starts.len() <= k.min(RESYNC_WINDOW + 2) {
            let last = *starts.last()?;
            if last >= self.bytes.len() {
                break;
            }
            starts.push(line_end(self.bytes, last));
        }
        starts.get(k).copied()
    }

    fn at(&self, k: usize) -> At {
        match self.start(k) {
            Some(start) if start < self.bytes.len() => At::Line,
            Some(_) => At::End,
            None => At::Past,
        }
    }

    /// Skips `count` lines, cutting them in `cuts`; returns where the walk
    /// goes on.
    fn skip(&self, cuts: &mut LineCuts<'_>, count: usize) -> usize {
        for k in 1..=count {
            if let Some(start) = self.start(k) {
                cuts.line_break(start);
            }
        }
        self.start(count).unwrap_or(self.bytes.len())
    }

    /// Line `k` with its line break.
    fn line(&self, k: usize) -> Option<&'b [u8]> {
        self.bytes.get(self.start(k)?..self.start(k + 1)?)
    }
}

/// One past the `\n` ending the line that starts at `start` (or the end).
fn line_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let breaks = newline_bits(read_u64(chunk));
        if breaks != 0 {
            return start + offset + (breaks.trailing_zeros() / 8) as usize + 1;
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    start
        + offset
        + tail
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(tail.len(), |k| k + 1)
}

/// Walks forward from the line starts `o` (old) and `n` (new) while the
/// bytes agree, 8 at a time, recording the line breaks on both sides.
/// Returns the starts of the lines where they first differ, or `None` when
/// both texts end together.
fn equal_run(
    (a, b): (&[u8], &[u8]),
    sides: &mut [LineCuts<'_>; 2],
    o: usize,
    n: usize,
) -> Option<(usize, usize)> {
    let (rest_a, rest_b) = (
        a.get(o..).unwrap_or_default(),
        b.get(n..).unwrap_or_default(),
    );
    let mut lines = (o, n);
    let mut offset = 0;
    for (x, y) in rest_a.chunks_exact(32).zip(rest_b.chunks_exact(32)) {
        let x: [u64; 4] = std::array::from_fn(|k| read_u64(&x[8 * k..8 * k + 8]));
        let y: [u64; 4] = std::array::from_fn(|k| read_u64(&y[8 * k..8 * k + 8]));
        let quiet = (0..4).all(|k| x[k] == y[k] && newline_bits(x[k]) == 0);
        if !quiet {
            for k in 0..4 {
                let word_offset = offset + 8 * k;
                if !equal_word((x[k], y[k]), word_offset, (o, n), &mut lines, sides) {
                    return Some(lines);
                }
            }
        }
        offset += 32;
    }
    for (x, y) in rest_a[offset..]
        .chunks_exact(8)
        .zip(rest_b[offset..].chunks_exact(8))
    {
        if !equal_word(
            (read_u64(x), read_u64(y)),
            offset,
            (o, n),
            &mut lines,
            sides,
        ) {
            return Some(lines);
        }
        offset += 8;
    }
    loop {
        match (rest_a.get(offset), rest_b.get(offset)) {
            (None, None) => return None,
            (Some(x), Some(y)) if x == y => {
                offset += 1;
                if *x == b'\n' {
                    lines = (o + offset, n + offset);
                    sides[0].line_break(lines.0);
                    sides[1].line_break(lines.1);
                }
            }
            _ => return Some(lines),
        }
    }
}

/// One word (8 bytes at `offset` after `(o, n)`) of [`equal_run`]: records
/// the line breaks before the first differing byte and updates `lines`;
/// false when the words differ.
fn equal_word(
    (x, y): (u64, u64),
    offset: usize,
    (o, n): (usize, usize),
    lines: &mut (usize, usize),
    sides: &mut [LineCuts<'_>; 2],
) -> bool {
    let differ = x ^ y;
    let mut breaks = newline_bits(x);
    if differ != 0 {
        // Only the line breaks before the first differing byte count.
        breaks &= (1u64 << (differ.trailing_zeros() / 8 * 8)).wrapping_sub(1);
    }
    while breaks != 0 {
        let end = offset + (breaks.trailing_zeros() / 8) as usize + 1;
        *lines = (o + end, n + end);
        sides[0].line_break(lines.0);
        sides[1].line_break(lines.1);
        breaks &= breaks - 1;
    }
    differ == 0
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The high bit of each byte of `word` that is a `\n` (exact).
fn newline_bits(word: u64) -> u64 {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const NEWLINES: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let x = word ^ NEWLINES;
    !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN)
}

/// Walks `old_len` and `new_len` lines in step (`same(i, j)` compares two
/// lines: the line's length in bytes if equal), returning the regions found
/// and, if it could not resynchronise, the `(old, new)` line where it stopped.
pub(super) fn walk_in_step(
    old_len: usize,
    new_len: usize,
    same: impl Fn(usize, usize) -> Option<usize>,
) -> (Vec<Region>, Option<(usize, usize)>) {
    let (mut i, mut j) = (0, 0);
    let mut regions = Vec::new();
    while i < old_len && j < new_len {
        if same(i, j).is_some() {
            (i, j) = (i + 1, j + 1);
            continue;
        }
        let same_here = |x: usize, y: usize| same(i + x, j + y);
        let at_old = |k: usize| at_line(old_len, i, k);
        let at_new = |k: usize| at_line(new_len, j, k);
        let Some((skip_old, skip_new)) = resync(at_old, at_new, same_here) else {
            return (regions, Some((i, j)));
        };
        regions.push(Region {
            old: i..i + skip_old,
            new: j..j + skip_new,
        });
        (i, j) = (i + skip_old, j + skip_new);
    }
    if i < old_len || j < new_len {
        regions.push(Region {
            old: i..old_len,
            new: j..new_len,
        });
    }
    (regions, None)
}

/// Where a line index (counted from the difference) falls on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// On a line.
    Line,
    /// Just past the last line: the end of the text.
    End,
    /// Beyond the end.
    Past,
}

/// The smallest skip `(old lines, new lines)` after which the texts agree
/// again (or both end), looking at most [`RESYNC_WINDOW`] lines ahead on
/// each side; among equal totals, the most balanced skip (an edited line is
/// likelier than a deleted one next to an inserted one). Agreeing means one
/// equal line of at least [`DISTINCT_LINE_BYTES`], or two equal lines in a
/// row (a blank line or a short heading alone proves little). Lines are
/// counted from the difference; `same(x, y)` compares old line `x` with new
/// line `y` (its length in bytes if equal).
pub(super) fn resync(
    at_old: impl Fn(usize) -> At,
    at_new: impl Fn(usize) -> At,
    same: impl Fn(usize, usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let in_step = |x: usize, y: usize| match (at_old(x), at_new(y)) {
        (At::End, At::End) => true,
        (At::Line, At::Line) => match same(x, y) {
            None => false,
            Some(len) if len >= DISTINCT_LINE_BYTES => true,
            Some(_) => match (at_old(x + 1), at_new(y + 1)) {
                (At::End, At::End) => true,
                (At::Line, At::Line) => same(x + 1, y + 1).is_some(),
                _ => false,
            },
        },
        _ => false,
    };
    for total in 1..=2 * RESYNC_WINDOW {
        let mut best: Option<(usize, usize)> = None;
        for skip_old in total.saturating_sub(RESYNC_WINDOW)..=total.min(RESYNC_WINDOW) {
            let skip_new = total - skip_old;
            let balanced = best.is_none_or(|(best_old, best_new)| {
                skip_old.abs_diff(skip_new) < best_old.abs_diff(best_new)
            });
            if balanced && in_step(skip_old, skip_new) {
                best = Some((skip_old, skip_new));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// Where line `i + k` falls among `len` lines.
fn at_line(len: usize, i: usize, k: usize) -> At {
    match (i + k).cmp(&len) {
        std::cmp::Ordering::Less => At::Line,
        std::cmp::Ordering::Equal => At::End,
        std::cmp::Ordering::Greater => At::Past,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Old lines, new lines (a `#` appended to those noted as hashed),
    /// regions and where the walk got stuck.
    type Outcome = (
        Vec<String>,
        Vec<String>,
        Vec<Region>,
        Option<(usize, usize)>,
    );

    /// The in-step walk over lines cut beforehand, for comparison.
    fn walk_over_lines(old: &str, new: &str) -> Outcome {
        let (old_lines, new_lines) = (Lines::new(old), Lines::new(new));
        let same = |i: usize, j: usize| {
            let line = old_lines.full(i);
            (line == new_lines.full(j)).then_some(line.len())
        };
        let (regions, stuck) = walk_in_step(old_lines.len(), new_lines.len(), same);
        let all = |lines: &Lines<'_>| {
            (0..lines.len())
                .map(|i| lines.full(i).to_string())
                .collect()
        };
        (all(&old_lines), all(&new_lines), regions, stuck)
    }

    fn split_walk(old: &str, new: &str) -> Outcome {
        let walk = split_in_step(old, new);
        let all = |lines: &Lines<'_>| {
            (0..lines.len())
                .map(|i| lines.full(i).to_string())
                .collect()
        };
        (all(&walk.old), all(&walk.new), walk.regions, walk.stuck)
    }

    #[test]
    fn split_walk_table() {
        // (old, new)
        let table: &[(&str, &str)] = &[
            ("", ""),
            ("", "a\n"),
            ("a", "a\n"),
            (
                "same line, long enough\nsecond line\n",
                "same line, long enough\nsecond line\n",
            ),
            (
                "a long first line here\nb\nc\nd\n",
                "a long first line here\nX\nc\nd\n",
            ),
            ("a\nb\nc\nd\n", "b\nc\na\nd\n"),
            (
                "p1 is a paragraph\np2 is one too\np3 also\n",
                "p1 is a paragraph\np3 also\n",
            ),
            ("x\n", "y"),
            (
                "# T\nsame line that is long enough\n## U\n",
                "# T\nsame line that is long enough\n## V\n#\n",
            ),
        ];
        for (old, new) in table {
            assert_eq!(
                split_walk(old, new),
                walk_over_lines(old, new),
                "{old:?} -> {new:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn split_walk_matches_the_walk_over_lines(
            old_lines in prop::collection::vec(prop::sample::select(vec![
                "", "a", "b", "same words here", "another, longer line of text", "é😀", "x y", "# H",
            ]), 0..30),
            edits in prop::collection::vec((0usize..40, 0usize..7, any::<bool>()), 0..6),
            trailing_newline in any::<bool>(),
        ) {
            let mut new_lines = old_lines.clone();
            let pool = ["", "a", "## z", "same words here", "new line", "é😀", "x  y"];
            for (at, pick, insert) in edits {
                let at = at % (new_lines.len() + 1);
                if insert || at == new_lines.len() {
                    new_lines.insert(at, pool[pick]);
                } else {
                    new_lines[at] = pool[pick];
                }
            }
            let join = |lines: &[&str]| {
                let mut text = lines.join("\n");
                if trailing_newline && !text.is_empty() {
                    text.push('\n');
                }
                text
            };
            let (old, new) = (join(&old_lines), join(&new_lines));
            prop_assert_eq!(split_walk(&old, &new), walk_over_lines(&old, &new));
        }
    }
}
