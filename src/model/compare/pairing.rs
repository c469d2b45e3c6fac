//! Pairs the old and new paragraphs of each region by similarity, so that an
//! edited paragraph is word-diffed instead of deleted and inserted whole.
//!
//! One-to-one regions whose paragraphs share most of their bytes are paired
//! first, cheaply ([`pair_edited_paragraphs`]). Otherwise, within a region
//! the pairs keep document order (no crossing) and each pair has a Dice
//! similarity of at least [`PAIR_MIN_SIMILARITY`]. Small regions
//! (up to [`EXACT_PAIRING_CELLS`] candidate pairs) get the order-preserving
//! pairing of greatest total similarity (a weighted LCS); larger ones a greedy
//! walk that looks [`GREEDY_WINDOW`] lines ahead on each side, so the cost
//! stays linear in the region's size.

use super::plan::Plan;
use super::similarity::shared_ends_ratio;

/// Least Dice similarity for two paragraphs to count as one edited paragraph.
pub(super) const PAIR_MIN_SIMILARITY: f64 = 0.4;

/// Largest `old × new` region size paired exactly.
const EXACT_PAIRING_CELLS: usize = 10_000;

/// Look-ahead of the greedy pairing of large regions.
const GREEDY_WINDOW: usize = 8;

/// Least share of bytes in the common start and end for the two paragraphs of
/// a one-to-one region to be paired at once (see [`pair_edited_paragraphs`]).
pub(super) const QUICK_PAIR_SHARED: f64 = 0.6;

/// Pairs the paragraphs of one-to-one regions that share most of their bytes
/// at their start and end: the common edit of a few words, decided without
/// tokenizing. Runs before the move passes, so such paragraphs are never
/// taken for moves.
pub(super) fn pair_edited_paragraphs(plan: &mut Plan<'_>) {
    for index in 0..plan.regions.len() {
        let Some(region) = plan.regions.get(index) else {
            continue;
        };
        if region.old.len() != 1 || region.new.len() != 1 {
            continue;
        }
        let (old, new) = (region.old.start, region.new.start);
        let (old_text, new_text) = (plan.old.lines.full(old), plan.new.lines.full(new));
        if shared_ends_ratio(old_text, new_text) >= QUICK_PAIR_SHARED {
            plan.pair(old, new);
        }
    }
}

/// Pairs the still-unmatched lines of every region of `plan`.
pub(super) fn pair_regions(plan: &mut Plan<'_>) {
    for region_index in 0..plan.regions.len() {
        let Some(region) = plan.regions.get(region_index) else {
            continue;
        };
        let olds: Vec<usize> = region
            .old
            .clone()
            .filter(|&i| plan.old.is_unmatched(i))
            .collect();
        let news: Vec<usize> = region
            .new
            .clone()
            .filter(|&j| plan.new.is_unmatched(j))
            .collect();
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        let pairs = if let ([old], [new]) = (olds.as_slice(), news.as_slice()) {
            // The common case, an edited paragraph: no weights needed.
            let (old_profile, new_profile) = (plan.old.profile(*old), plan.new.profile(*new));
            if old_profile.dice_at_least(new_profile, PAIR_MIN_SIMILARITY) {
                vec![(*old, *new)]
            } else {
                Vec::new()
            }
        } else if olds.len() * news.len() <= EXACT_PAIRING_CELLS {
            best_pairs(plan, &olds, &news)
        } else {
            greedy_pairs(plan, &olds, &news)
        };
        for (old, new) in pairs {
            plan.pair(old, new);
        }
    }
}

/// Similarity of old line `old` and new line `new`, if enough to pair them.
fn pair_weight(plan: &Plan<'_>, old: usize, new: usize) -> Option<f64> {
    let similarity = plan.old.profile(old).dice(plan.new.profile(new));
    (similarity >= PAIR_MIN_SIMILARITY).then_some(similarity)
}

/// Step taken at one cell of the pairing table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    SkipOld,
    SkipNew,
    Pair,
}

/// Order-preserving pairing with the greatest total similarity.
fn best_pairs(plan: &Plan<'_>, olds: &[usize], news: &[usize]) -> Vec<(usize, usize)> {
    let width = news.len() + 1;
    let mut score = vec![0.0_f64; (olds.len() + 1) * width];
    let mut step = vec![Step::SkipOld; (olds.len() + 1) * width];
    for (i, &old) in olds.iter().enumerate() {
        for (j, &new) in news.iter().enumerate() {
            let here = (i + 1) * width + j + 1;
            let (up, left, diagonal) = (i * width + j + 1, (i + 1) * width + j, i * width + j);
            let (mut best, mut choice) = (score[up], Step::SkipOld);
            if score[left] > best {
                (best, choice) = (score[left], Step::SkipNew);
            }
            if let Some(weight) = pair_weight(plan, old, new)
                && score[diagonal] + weight > best
            {
                (best, choice) = (score[diagonal] + weight, Step::Pair);
            }
            score[here] = best;
            step[here] = choice;
        }
    }
    let (mut i, mut j, mut pairs) = (olds.len(), news.len(), Vec::new());
    while i > 0 && j > 0 {
        match step[i * width + j] {
            Step::Pair => {
                pairs.push((olds[i - 1], news[j - 1]));
                i -= 1;
                j -= 1;
            }
            Step::SkipOld => i -= 1,
            Step::SkipNew => j -= 1,
        }
    }
    pairs.reverse();
    pairs
}

/// Linear-time pairing for large regions: at each point, pair the closest
/// similar lines within the look-ahead window, skipping the lines before them.
fn greedy_pairs(plan: &Plan<'_>, olds: &[usize], news: &[usize]) -> Vec<(usize, usize)> {
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < olds.len() && j < news.len() {
        match nearest_similar(plan, &olds[i..], &news[j..]) {
            Some((di, dj)) => {
                pairs.push((olds[i + di], news[j + dj]));
                i += di + 1;
                j += dj + 1;
            }
            None => {
                i += 1;
                j += 1;
            }
        }
    }
    pairs
}

/// Offsets `(di, dj)` of the closest pairable lines (least `di + dj`, then
/// most similar) within the window.
fn nearest_similar(plan: &Plan<'_>, olds: &[usize], news: &[usize]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, f64, (usize, usize))> = None;
    for (di, &old) in olds.iter().take(GREEDY_WINDOW).enumerate() {
        for (dj, &new) in news.iter().take(GREEDY_WINDOW).enumerate() {
            let Some(weight) = pair_weight(plan, old, new) else {
                continue;
            };
            let better = best.is_none_or(|(distance, best_weight, _)| {
                di + dj < distance || (di + dj == distance && weight > best_weight)
            });
            if better {
                best = Some((di + dj, weight, (di, dj)));
            }
        }
    }
    best.map(|(_, _, offsets)| offsets)
}

#[cfg(test)]
mod tests {
    use super::super::lines::{Lines, Region};
    use super::*;

    fn pairs_of(old: &str, new: &str) -> Vec<(usize, usize)> {
        let (old, new) = (Lines::new(old), Lines::new(new));
        let region = Region {
            old: 0..old.len(),
            new: 0..new.len(),
        };
        let mut plan = Plan::new(old, new, vec![region]);
        pair_regions(&mut plan);
        plan.old
            .fates()
            .filter_map(|(i, fate)| match fate {
                super::super::plan::Fate::Paired(j) => Some((i, j)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pairs_edited_paragraphs_in_order() {
        // (old lines, new lines, expected pairs)
        type Case<'a> = (&'a str, &'a str, &'a [(usize, usize)]);
        let table: &[Case<'_>] = &[
            (
                "We collect your email.",
                "We collect your e-mail.",
                &[(0, 0)],
            ),
            ("We collect your email.", "Cookies are small files.", &[]),
            (
                "We collect your email.\nWe sell nothing to anyone.",
                "A brand new paragraph here.\nWe collect your email address.\nWe sell nothing to anybody.",
                &[(0, 1), (1, 2)],
            ),
            (
                "Alpha beta gamma delta.\nOne two three four.",
                "One two three four five.\nAlpha beta gamma delta epsilon.",
                &[(0, 1)],
            ),
        ];
        for (old, new, expected) in table {
            assert_eq!(pairs_of(old, new), *expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn large_regions_pair_greedily() {
        let old: Vec<String> = (0..150)
            .map(|i| format!("paragraph {i} about data"))
            .collect();
        let new: Vec<String> = (0..150)
            .map(|i| format!("paragraph {i} about cookies"))
            .collect();
        let pairs = pairs_of(&old.join("\n"), &new.join("\n"));
        assert_eq!(pairs.len(), 150);
        assert!(pairs.iter().all(|&(i, j)| i == j));
    }
}
