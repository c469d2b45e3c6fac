//! What becomes of each changed paragraph: the plan that the pairing and
//! move passes fill in and the emitter turns into changes.
//!
//! Each line inside a [`Region`] has an entry with its [`Fate`] and, made on
//! first use, its [`Profile`]. The fate starts `Unmatched`; the move pass links an old line to a
//! new line elsewhere (`Moved`), the pairing pass links an old line to a new
//! line of the same region (`Paired`). Links are symmetric
//! (`old[i] == Paired(j)` iff `new[j] == Paired(i)`, the same for `Moved`),
//! and pairs inside one region never cross:
//!
//! ```text
//!   old  o0   o1 ──────┐  o2
//!   new  n0   n1   n2 ─┘         pairs keep order: (o1, n2) then nothing
//! ```
//!
//! Lines outside every region are equal on both sides and have no entry:
//! only the (few) changed lines cost memory.

use std::cell::OnceCell;

use super::lines::{Lines, Region};
use super::similarity::Profile;

/// The fate of one line inside a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// A whole-paragraph delete (old side) or insert (new side).
    Unmatched,
    /// Edited in place: word-diffed against this line of the other side.
    Paired(usize),
    /// Moved: this line of the other side is the same paragraph elsewhere.
    Moved(usize),
}

/// What is known of one line inside a region.
#[derive(Debug, Clone)]
struct Entry<'a> {
    line: usize,
    region: usize,
    fate: Fate,
    /// Made on first use: most edited lines never need one.
    profile: OnceCell<Profile<'a>>,
}

/// One side (old or new) of the comparison, with the changed lines' entries.
#[derive(Debug, Clone)]
pub(super) struct Side<'a> {
    /// The side's text cut into lines.
    pub lines: Lines<'a>,
    /// Entries of the lines inside regions, sorted by line.
    entries: Vec<Entry<'a>>,
}

impl<'a> Side<'a> {
    /// Builds a side with an entry for each line of `ranges` (one range per
    /// region, in region order).
    pub fn new(
        lines: Lines<'a>,
        ranges: impl Iterator<Item = std::ops::Range<usize>> + Clone,
    ) -> Self {
        let mut entries = Vec::with_capacity(ranges.clone().map(|range| range.len()).sum());
        for (region, range) in ranges.enumerate() {
            for line in range {
                entries.push(Entry {
                    line,
                    region,
                    fate: Fate::Unmatched,
                    profile: OnceCell::new(),
                });
            }
        }
        debug_assert!(entries.windows(2).all(|w| w[0].line < w[1].line));
        Self { lines, entries }
    }

    fn entry(&self, line: usize) -> Option<&Entry<'a>> {
        let at = self.entries.binary_search_by_key(&line, |e| e.line).ok()?;
        self.entries.get(at)
    }

    /// The profile of line `line` (empty outside regions).
    pub fn profile(&self, line: usize) -> &Profile<'a> {
        static EMPTY: Profile<'static> = Profile::empty();
        self.entry(line).map_or(&EMPTY, |entry| {
            entry
                .profile
                .get_or_init(|| Profile::new(self.lines.full(line)))
        })
    }

    /// The region of line `line` (`None` outside regions).
    pub fn region_of(&self, line: usize) -> Option<usize> {
        self.entry(line).map(|entry| entry.region)
    }

    /// True when line `line` is inside a region and still `Unmatched`.
    pub fn is_unmatched(&self, line: usize) -> bool {
        self.entry(line)
            .is_some_and(|entry| entry.fate == Fate::Unmatched)
    }

    /// The fate of line `line` (`Unmatched` outside regions).
    pub fn fate(&self, line: usize) -> Fate {
        self.entry(line).map_or(Fate::Unmatched, |entry| entry.fate)
    }

    /// Sets the fate of line `line` (no effect outside regions).
    pub fn set(&mut self, line: usize, fate: Fate) {
        if let Ok(at) = self.entries.binary_search_by_key(&line, |e| e.line)
            && let Some(entry) = self.entries.get_mut(at)
        {
            entry.fate = fate;
        }
    }

    /// The lines that have an entry, with their fates, in order.
    #[cfg(test)]
    pub fn fates(&self) -> impl Iterator<Item = (usize, Fate)> + '_ {
        self.entries.iter().map(|entry| (entry.line, entry.fate))
    }
}

/// Both sides and the regions between them.
#[derive(Debug, Clone)]
pub(super) struct Plan<'a> {
    /// The old text's side.
    pub old: Side<'a>,
    /// The new text's side.
    pub new: Side<'a>,
    /// The changed regions, in order.
    pub regions: Vec<Region>,
}

impl<'a> Plan<'a> {
    /// A plan where every changed line is still `Unmatched`.
    pub fn new(old: Lines<'a>, new: Lines<'a>, regions: Vec<Region>) -> Self {
        let old = Side::new(old, regions.iter().map(|region| region.old.clone()));
        let new = Side::new(new, regions.iter().map(|region| region.new.clone()));
        Self { old, new, regions }
    }

    /// Links old line `old` and new line `new` as a pair.
    pub fn pair(&mut self, old: usize, new: usize) {
        self.old.set(old, Fate::Paired(new));
        self.new.set(new, Fate::Paired(old));
    }

    /// Links old line `old` and new line `new` as one moved paragraph.
    pub fn link_move(&mut self, old: usize, new: usize) {
        self.old.set(old, Fate::Moved(new));
        self.new.set(new, Fate::Moved(old));
    }
}
