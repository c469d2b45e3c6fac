//! Fingerprints of what comes in from a copy, so that bringing the same
//! copy back twice adds nothing.
//!
//! A fingerprint is a 64-bit FNV-1a hash of what an item *is* in the copy —
//! its kind, author, words and the words it is on — never of ids, dates or
//! positions, which a re-save (LibreOffice) or a moved-on draft changes.
//! Whitespace runs count as one space. Two equal items in one copy (the
//! same "Why?" on the same word twice) are told apart by counting: a merge
//! skips an item only as often as its fingerprint was recorded before.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The fingerprint of one item of a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// The fingerprint of an item described by `fields` (whitespace runs in
    /// each count as one space; leading and trailing whitespace is ignored).
    pub fn of(fields: &[&str]) -> Fingerprint {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut hash = OFFSET;
        let mut feed = |byte: u8| {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        };
        for field in fields {
            for (index, word) in field.split_whitespace().enumerate() {
                if index > 0 {
                    feed(b' ');
                }
                word.bytes().for_each(&mut feed);
            }
            // A separator no text contains.
            feed(0xff);
        }
        Fingerprint(hash)
    }
}

/// Fingerprints recorded by earlier merges, counted.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    counts: HashMap<Fingerprint, usize>,
}

impl Seen {
    /// The fingerprints recorded in `fingerprints`.
    pub fn new<'a>(fingerprints: impl Iterator<Item = &'a Fingerprint>) -> Seen {
        let mut counts = HashMap::new();
        for fingerprint in fingerprints {
            *counts.entry(*fingerprint).or_insert(0) += 1;
        }
        Seen { counts }
    }

    /// True when `fingerprint` was recorded and not yet matched; matches it.
    pub fn take(&mut self, fingerprint: Fingerprint) -> bool {
        match self.counts.get_mut(&fingerprint) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_do_not_change_a_fingerprint_but_fields_do() {
        assert_eq!(
            Fingerprint::of(&["comment", "Why  this?\n"]),
            Fingerprint::of(&["comment", " Why this?"])
        );
        assert_ne!(Fingerprint::of(&["ab", "c"]), Fingerprint::of(&["a", "bc"]));
    }

    #[test]
    fn a_fingerprint_is_matched_as_often_as_it_was_recorded() {
        let print = Fingerprint::of(&["x"]);
        let recorded = [print, print];
        let mut seen = Seen::new(recorded.iter());
        assert!(seen.take(print));
        assert!(seen.take(print));
        assert!(!seen.take(print));
        assert!(!seen.take(Fingerprint::of(&["y"])));
    }
}
