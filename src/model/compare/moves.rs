//! Finds moved paragraphs: a deleted paragraph that reappears, equal or
//! nearly equal, as an inserted paragraph elsewhere.
//!
//! Two passes over the still-unmatched lines of the regions:
//!
//! 1. [`link_exact_moves`], before pairing: paragraphs equal after whitespace
//!    normalisation, in *different* regions (inside one region an equal pair
//!    is an in-place edit, which pairing handles).
//! 2. [`link_near_moves`], after pairing: what is left, with a Dice similarity
//!    and an in-order token ratio of at least [`NEAR_MOVE_SIMILARITY`].
//!
//! Paragraphs of fewer than [`MOVE_MIN_WORDS`] words (headings like "# Data",
//! blank lines) are never moves: they repeat too often to mean anything. Each
//! line is in at most one move.

use std::collections::HashMap;
use std::time::Instant;

use super::plan::Plan;
use super::similarity::FxBuild;
use super::tokens::differs_only_in_whitespace;

/// Paragraphs with fewer words are never reported as moved.
pub(super) const MOVE_MIN_WORDS: usize = 4;

/// Least similarity (both measures) of a nearly equal moved paragraph.
pub(super) const NEAR_MOVE_SIMILARITY: f64 = 0.9;

/// Cap on the similarity checks of the near-move pass (a safety net for huge
/// rewrites; normal edits need a handful).
const NEAR_MOVE_CHECKS: usize = 200_000;

/// Links equal (whitespace-normalised) paragraphs in different regions.
pub(super) fn link_exact_moves(plan: &mut Plan<'_>) {
    // Keyed by a cheap hash of the non-whitespace tokens; a hit is confirmed
    // on the text.
    let mut inserted: HashMap<u64, Vec<usize>, FxBuild> = HashMap::default();
    for new in candidates(plan, false) {
        let key = plan.new.profile(new).move_key();
        inserted.entry(key).or_default().push(new);
    }
    if inserted.is_empty() {
        return;
    }
    for old in candidates(plan, true) {
        let key = plan.old.profile(old).move_key();
        let Some(targets) = inserted.get_mut(&key) else {
            continue;
        };
        let old_text = plan.old.lines.content(old);
        let old_region = plan.old.region_of(old);
        let found = targets.iter().position(|&new| {
            plan.new.region_of(new) != old_region
                && differs_only_in_whitespace(old_text, plan.new.lines.content(new))
        });
        if let Some(position) = found {
            let new = targets.remove(position);
            plan.link_move(old, new);
        }
    }
}

/// Links the nearly equal paragraphs left unmatched after pairing.
pub(super) fn link_near_moves(plan: &mut Plan<'_>, deadline: Option<Instant>) {
    let olds = candidates(plan, true);
    let mut news: Vec<(usize, usize)> = candidates(plan, false)
        .into_iter()
        .map(|new| (plan.new.profile(new).len(), new))
        .collect();
    if olds.is_empty() || news.is_empty() {
        return;
    }
    news.sort_unstable();
    let mut checks = 0;
    for old in olds {
        let Some(new) = best_near_match(plan, old, &news, &mut checks, deadline) else {
            continue;
        };
        plan.link_move(old, new);
        if checks >= NEAR_MOVE_CHECKS {
            break;
        }
    }
}

/// Unmatched lines of the regions with enough words to be moves.
fn candidates(plan: &Plan<'_>, old_side: bool) -> Vec<usize> {
    let side = if old_side { &plan.old } else { &plan.new };
    plan.regions
        .iter()
        .flat_map(|region| {
            if old_side {
                region.old.clone()
            } else {
                region.new.clone()
            }
        })
        .filter(|&line| side.is_unmatched(line) && side.profile(line).words >= MOVE_MIN_WORDS)
        .collect()
}

/// The most similar still-unmatched new line for `old`, if nearly equal.
///
/// `news` is sorted by token count; Dice `>= s` needs the shorter paragraph to
/// have at least `s / (2 - s)` of the longer one's tokens, which bounds the
/// window searched.
fn best_near_match(
    plan: &Plan<'_>,
    old: usize,
    news: &[(usize, usize)],
    checks: &mut usize,
    deadline: Option<Instant>,
) -> Option<usize> {
    let profile = plan.old.profile(old);
    let ratio = NEAR_MOVE_SIMILARITY / (2.0 - NEAR_MOVE_SIMILARITY);
    let low = (profile.len() as f64 * ratio).floor() as usize;
    let high = (profile.len() as f64 / ratio).ceil() as usize;
    let first = news.partition_point(|&(len, _)| len < low);
    let mut best: Option<(f64, usize)> = None;
    for &(_, new) in news[first..].iter().take_while(|&&(len, _)| len <= high) {
        if *checks >= NEAR_MOVE_CHECKS {
            break;
        }
        if !plan.new.is_unmatched(new) {
            continue;
        }
        *checks += 1;
        let dice = profile.dice(plan.new.profile(new));
        if dice >= NEAR_MOVE_SIMILARITY && best.is_none_or(|(score, _)| dice > score) {
            best = Some((dice, new));
        }
    }
    let (_, new) = best?;
    (profile.ordered_ratio(plan.new.profile(new), deadline) >= NEAR_MOVE_SIMILARITY).then_some(new)
}

#[cfg(test)]
mod tests {
    use super::super::lines::{Lines, changed_regions};
    use super::super::plan::Fate;
    use super::*;

    fn moves_of(old: &str, new: &str) -> Vec<(usize, usize)> {
        let (old, new) = (Lines::new(old), Lines::new(new));
        let regions = changed_regions(&old, &new, false, None);
        let mut plan = Plan::new(old, new, regions);
        link_exact_moves(&mut plan);
        super::super::pairing::pair_regions(&mut plan);
        link_near_moves(&mut plan, None);
        plan.old
            .fates()
            .filter_map(|(i, fate)| match fate {
                Fate::Moved(j) => Some((i, j)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn moves_table() {
        let a = "We collect your name and email address.";
        let b = "Cookies help us remember your settings.";
        let c = "You may ask us to delete your data.";
        let d = "We keep logs for thirty days at most.";
        let near = "We collect your full name and email address.";
        // (old lines, new lines, expected (old line, new line) moves)
        type Case<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<(usize, usize)>);
        let table: Vec<Case<'_>> = vec![
            (vec![a, b, c, d], vec![b, c, d, a], vec![(0, 3)]),
            (vec![a, b, c, d], vec![b, c, d, near], vec![(0, 3)]),
            (vec![a, b, c, d], vec![b, c, a, d], vec![(0, 2)]),
            (vec!["# Data", b, c], vec![b, c, "# Data"], vec![]),
            (
                vec!["Too short here", b, c],
                vec![b, c, "Too short here"],
                vec![],
            ),
            (
                vec![a, b, c],
                vec![b, c, "Something else entirely, really."],
                vec![],
            ),
        ];
        for (old, new, expected) in table {
            let (old, new) = (old.join("\n") + "\n", new.join("\n") + "\n");
            assert_eq!(moves_of(&old, &new), expected, "{old:?} -> {new:?}");
        }
    }
}
