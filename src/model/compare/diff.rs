//! The one door to `similar`'s diff algorithms, and the patience anchoring
//! of the paragraph diff.
//!
//! `similar::capture_diff_slices` runs its results through the `Compact` hook,
//! which can return ops that overlap or go backwards (seen with similar 2.7
//! on token lists with repeated words and spaces), and every offset the
//! engine reports is derived from these ops. So [`diff_ops`] captures them
//! directly (`Replace` merges a delete followed by an insert): they come out
//! in order, contiguous and covering both sequences.
//!
//! [`changed_ranges`] diffs long sequences of interned paragraphs (where the
//! in-step walk of `lines` gives up). similar's `Patience` runs Myers over
//! the lists of unique lines, O(N·D): several milliseconds for 8,000
//! paragraphs with 300 edits. Here the classic patience anchoring is done in
//! O(N log N) (lines unique on both sides, longest increasing subsequence,
//! recursively in the gaps), and similar's Myers only diffs the small gaps
//! that have no unique line left:
//!
//! ```text
//!   old   A  b  C  x  D          A, C, D: unique on both sides → anchors
//!   new   A  C  y  z  D          gaps: (b | ·), (x | y z) → Myers
//! ```

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;
use std::time::Instant;

use similar::algorithms::{Capture, Replace, diff_deadline};
use similar::{Algorithm, DiffOp, DiffTag};

use super::similarity::FxBuild;

/// Gaps with at most this many lines on both sides go straight to Myers.
const SMALL_GAP: usize = 8;

/// Gaps without anchors and at most this many lines on one side get an exact
/// LCS linear in the other side.
const SMALL_SIDE: usize = 4;

/// Deepest recursion of the anchoring (then Myers takes over).
const MAX_DEPTH: usize = 16;

/// A changed stretch: old index range replaced by new index range.
pub(super) type RangePair = (Range<usize>, Range<usize>);

/// The diff ops turning `old` into `new`, in order, with `deadline` as the
/// safety net (past it the remaining part is one coarse replace).
pub(super) fn diff_ops<T>(
    algorithm: Algorithm,
    old: &[T],
    new: &[T],
    deadline: Option<Instant>,
) -> Vec<DiffOp>
where
    T: Eq + Hash + Ord,
{
    let mut hook = Replace::new(Capture::new());
    let Ok(()) = diff_deadline(
        algorithm,
        &mut hook,
        old,
        0..old.len(),
        new,
        0..new.len(),
        deadline,
    );
    hook.into_inner().into_ops()
}

/// The changed stretches between `old` and `new` (sequences of interned
/// line ids, all below `id_count`), in order, maximal (never touching each
/// other), each non-empty on at least one side.
pub(super) fn changed_ranges(
    old: &[u32],
    new: &[u32],
    id_count: usize,
    deadline: Option<Instant>,
) -> Vec<RangePair> {
    let ids = Ids {
        old,
        new,
        count: id_count,
        deadline,
    };
    let mut out = Vec::new();
    anchor(&ids, 0..old.len(), 0..new.len(), 0, &mut out);
    out
}

/// The two id sequences being diffed, and what every level needs.
struct Ids<'a> {
    old: &'a [u32],
    new: &'a [u32],
    /// All ids are below this.
    count: usize,
    deadline: Option<Instant>,
}

/// Appends a changed stretch, merging it with the previous one if touching.
fn push_change(out: &mut Vec<RangePair>, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((last_old, last_new)) if last_old.end == old.start && last_new.end == new.start => {
            last_old.end = old.end;
            last_new.end = new.end;
        }
        _ => out.push((old, new)),
    }
}

/// Patience diff of `old[o]` against `new[n]` (see module doc).
fn anchor(
    ids: &Ids<'_>,
    mut o: Range<usize>,
    mut n: Range<usize>,
    depth: usize,
    out: &mut Vec<RangePair>,
) {
    let (old, new) = (ids.old, ids.new);
    while o.start < o.end && n.start < n.end && old[o.start] == new[n.start] {
        o.start += 1;
        n.start += 1;
    }
    while o.start < o.end && n.start < n.end && old[o.end - 1] == new[n.end - 1] {
        o.end -= 1;
        n.end -= 1;
    }
    if o.is_empty() || n.is_empty() {
        push_change(out, o, n);
        return;
    }
    if o.len().max(n.len()) <= SMALL_GAP {
        myers(ids, o, n, out);
        return;
    }
    let anchors = if depth == 0 {
        unique_common_dense(ids, o.clone(), n.clone())
    } else {
        unique_common_sparse(ids, o.clone(), n.clone())
    };
    if anchors.is_empty() || depth >= MAX_DEPTH {
        if o.len().min(n.len()) <= SMALL_SIDE {
            short_side_lcs(ids, o, n, out);
        } else {
            myers(ids, o, n, out);
        }
        return;
    }
    let (mut old_at, mut new_at) = (o.start, n.start);
    for (i, j) in longest_increasing(&anchors) {
        anchor(ids, old_at..i, new_at..j, depth + 1, out);
        (old_at, new_at) = (i + 1, j + 1);
    }
    anchor(ids, old_at..o.end, new_at..n.end, depth + 1, out);
}

/// Lines that occur exactly once in `old[o]` and once in `new[n]`, as
/// `(old index, new index)` in new order; counted in arrays indexed by id
/// (for the whole texts, where a hash map would cost more).
fn unique_common_dense(ids: &Ids<'_>, o: Range<usize>, n: Range<usize>) -> Vec<(usize, usize)> {
    const ABSENT: u32 = 0;
    const REPEATED: u32 = u32::MAX;
    // Per id: ABSENT, REPEATED, or 1 + its only index in old (relative to o).
    let mut in_old = vec![ABSENT; ids.count];
    let mut in_new = vec![0u8; ids.count];
    for (offset, &id) in ids.old[o.clone()].iter().enumerate() {
        if let Some(state) = in_old.get_mut(id as usize) {
            *state = match *state {
                ABSENT => u32::try_from(offset + 1).unwrap_or(REPEATED),
                _ => REPEATED,
            };
        }
    }
    for &id in &ids.new[n.clone()] {
        if let Some(count) = in_new.get_mut(id as usize) {
            *count = count.saturating_add(1);
        }
    }
    n.filter_map(|j| {
        let id = *ids.new.get(j)? as usize;
        let state = *in_old.get(id)?;
        let unique = state != ABSENT && state != REPEATED && in_new.get(id) == Some(&1);
        unique.then(|| (o.start + state as usize - 1, j))
    })
    .collect()
}

/// Same as [`unique_common_dense`], counted in a hash map (for small gaps).
fn unique_common_sparse(ids: &Ids<'_>, o: Range<usize>, n: Range<usize>) -> Vec<(usize, usize)> {
    let mut seen: HashMap<u32, (u32, usize, u32), FxBuild> =
        HashMap::with_capacity_and_hasher(o.len() + n.len(), FxBuild::default());
    for i in o {
        let entry = seen.entry(ids.old[i]).or_insert((0, i, 0));
        entry.0 += 1;
    }
    for j in n.clone() {
        if let Some(entry) = seen.get_mut(&ids.new[j]) {
            entry.2 += 1;
        }
    }
    n.filter_map(|j| match seen.get(&ids.new[j]) {
        Some(&(1, i, 1)) => Some((i, j)),
        _ => None,
    })
    .collect()
}

/// The longest subsequence of `pairs` (sorted by `.1`) whose `.0` increase
/// (patience sorting, O(k log k)).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    const NONE: usize = usize::MAX;
    // tails[k]: index in `pairs` of the smallest tail of a run of length k+1;
    // previous[i]: the element before pairs[i] in its run (NONE if first).
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = vec![NONE; pairs.len()];
    for (index, &(old_index, _)) in pairs.iter().enumerate() {
        let length = tails.partition_point(|&tail| pairs[tail].0 < old_index);
        previous[index] = length
            .checked_sub(1)
            .and_then(|k| tails.get(k).copied())
            .unwrap_or(NONE);
        if length == tails.len() {
            tails.push(index);
        } else {
            tails[length] = index;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied().unwrap_or(NONE);
    while let Some(&pair) = pairs.get(at) {
        run.push(pair);
        at = previous[at];
    }
    run.reverse();
    run
}

/// Longest common subsequence when one side has at most [`SMALL_SIDE`]
/// lines: a `short × long` table, linear in the long side (where Myers would
/// be quadratic); whatever is left between matches changed.
fn short_side_lcs(ids: &Ids<'_>, o: Range<usize>, n: Range<usize>, out: &mut Vec<RangePair>) {
    let old_is_short = o.len() <= n.len();
    let (short, long) = if old_is_short {
        (&ids.old[o.clone()], &ids.new[n.clone()])
    } else {
        (&ids.new[n.clone()], &ids.old[o.clone()])
    };
    let width = long.len() + 1;
    // best[a * width + b]: LCS length of short[a..] and long[b..].
    let mut best = vec![0u32; (short.len() + 1) * width];
    for a in (0..short.len()).rev() {
        for b in (0..long.len()).rev() {
            best[a * width + b] = if short[a] == long[b] {
                best[(a + 1) * width + b + 1] + 1
            } else {
                best[(a + 1) * width + b].max(best[a * width + b + 1])
            };
        }
    }
    let (mut a, mut b, mut matches) = (0, 0, Vec::with_capacity(short.len()));
    while a < short.len() && b < long.len() {
        if short[a] == long[b] {
            matches.push((a, b));
            (a, b) = (a + 1, b + 1);
        } else if best[(a + 1) * width + b] >= best[a * width + b + 1] {
            a += 1;
        } else {
            b += 1;
        }
    }
    let (mut old_at, mut new_at) = (o.start, n.start);
    for (a, b) in matches {
        let (i, j) = if old_is_short {
            (o.start + a, n.start + b)
        } else {
            (o.start + b, n.start + a)
        };
        push_change(out, old_at..i, new_at..j);
        (old_at, new_at) = (i + 1, j + 1);
    }
    push_change(out, old_at..o.end, new_at..n.end);
}

/// similar's Myers on a gap without anchors.
fn myers(ids: &Ids<'_>, o: Range<usize>, n: Range<usize>, out: &mut Vec<RangePair>) {
    let ops = diff_ops(
        Algorithm::Myers,
        &ids.old[o.clone()],
        &ids.new[n.clone()],
        ids.deadline,
    );
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            push_change(
                out,
                o.start + old_range.start..o.start + old_range.end,
                n.start + new_range.start..n.start + new_range.end,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use similar::DiffTag;

    use super::*;

    #[test]
    fn ops_are_contiguous_where_compaction_was_not() {
        // Tokens on which similar's compacting capture returned overlapping ops.
        let old = ["we", "  ", "we", " ", "-", " ", "we", " ", "we", "\n"];
        let new = [
            "we", " ", "-", " ", "collect", " ", "-", " ", "we", " ", "we", "\n",
        ];
        for algorithm in [Algorithm::Myers, Algorithm::Patience] {
            let (mut old_at, mut new_at) = (0, 0);
            for op in diff_ops(algorithm, &old, &new, None) {
                let (tag, old_range, new_range) = op.as_tag_tuple();
                assert_eq!(
                    (old_range.start, new_range.start),
                    (old_at, new_at),
                    "{tag:?}"
                );
                if tag == DiffTag::Equal {
                    assert_eq!(old[old_range.clone()], new[new_range.clone()]);
                }
                (old_at, new_at) = (old_range.end, new_range.end);
            }
            assert_eq!((old_at, new_at), (old.len(), new.len()));
        }
    }

    /// Applies changed ranges: the unchanged stretches must be equal.
    fn unchanged_agree(old: &[u32], new: &[u32], ranges: &[RangePair]) -> bool {
        let (mut kept_old, mut kept_new) = (Vec::new(), Vec::new());
        let (mut old_at, mut new_at) = (0, 0);
        for (o, n) in ranges {
            kept_old.extend_from_slice(&old[old_at..o.start]);
            kept_new.extend_from_slice(&new[new_at..n.start]);
            (old_at, new_at) = (o.end, n.end);
        }
        kept_old.extend_from_slice(&old[old_at..]);
        kept_new.extend_from_slice(&new[new_at..]);
        kept_old == kept_new
    }

    #[test]
    fn changed_ranges_table() {
        // (old ids, new ids, expected changed ranges)
        let table: &[(&[u32], &[u32], &[RangePair])] = &[
            (&[1, 2, 3], &[1, 2, 3], &[]),
            (&[1, 2, 3], &[1, 9, 3], &[(1..2, 1..2)]),
            (
                &[1, 2, 3, 4, 5, 6, 7],
                &[1, 3, 8, 9, 5, 6, 7],
                &[(1..2, 1..1), (3..4, 2..4)],
            ),
            (
                &[1, 2, 3, 4, 5, 6, 7, 8],
                &[2, 3, 4, 5, 6, 7, 8, 1],
                &[(0..1, 0..0), (8..8, 7..8)],
            ),
            (
                &[0, 0, 1, 0, 0, 2, 0, 0],
                &[0, 0, 1, 0, 3, 0, 2, 0, 0],
                &[(4..4, 4..5)],
            ),
            (&[], &[1, 2], &[(0..0, 0..2)]),
            (
                &[1, 1],
                &[2, 1, 2, 2, 2, 2, 2, 2, 2, 1, 2],
                &[(0..0, 0..1), (1..1, 2..9), (2..2, 10..11)],
            ),
        ];
        for (old, new, expected) in table {
            let count = old
                .iter()
                .chain(new.iter())
                .max()
                .map_or(0, |&m| m as usize + 1);
            let ranges = changed_ranges(old, new, count, None);
            assert_eq!(ranges, *expected, "{old:?} -> {new:?}");
            assert!(unchanged_agree(old, new, &ranges));
        }
    }

    #[test]
    fn long_sequences_with_repeats_stay_consistent() {
        let old: Vec<u32> = (0..400).map(|i| if i % 3 == 0 { 0 } else { i }).collect();
        let mut new = old.clone();
        new.remove(50);
        new.insert(200, 7777);
        new.swap(10, 390);
        new.extend([0, 0, 5]);
        let ranges = changed_ranges(&old, &new, 8000, None);
        assert!(unchanged_agree(&old, &new, &ranges));
        assert!(ranges.len() <= 8, "{ranges:?}");
    }
}
