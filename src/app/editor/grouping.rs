//! Word's undo grouping: one Ctrl+Z takes back a typed word (with the space
//! after it), or what was typed before a pause, or a run of Backspaces, not
//! one letter. The editor decides; the model only joins or starts an undo
//! entry as told ([`UndoGroup`]).
//!
//! A typed input continues the current group when, since the last one,
//! nothing else changed the project, the caret did not move away, less than
//! [`PAUSE_SECONDS`] passed, it is the same kind of input (typing or
//! deleting), and (for typing) it does not start a new word.

use super::actions::InputKind;
use crate::model::UndoGroup;

/// A pause this long (seconds) between keys starts a new undo group.
pub const PAUSE_SECONDS: f64 = 1.0;

/// What the last grouped input left behind.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Last {
    deleting: bool,
    caret_byte: usize,
    time: f64,
    revision: u64,
}

/// The current typing group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypingGroups {
    last: Option<Last>,
}

impl TypingGroups {
    /// Which undo group an input of `kind` with the caret at `caret_byte`
    /// goes into, at `time`, with the project at `revision`.
    pub fn group_for(
        &self,
        kind: InputKind,
        caret_byte: usize,
        time: f64,
        revision: u64,
    ) -> UndoGroup {
        let deleting = match kind {
            InputKind::Typing { starts_word: true } | InputKind::Other => return UndoGroup::Start,
            InputKind::Typing { starts_word: false } => false,
            InputKind::Deleting => true,
        };
        match self.last {
            Some(last)
                if last.deleting == deleting
                    && last.caret_byte == caret_byte
                    && last.revision == revision
                    && time - last.time < PAUSE_SECONDS =>
            {
                UndoGroup::Continue
            }
            _ => UndoGroup::Start,
        }
    }

    /// Notes an input that was applied: `caret_byte` is where the caret
    /// went, `revision` the project's revision after it.
    pub fn record(&mut self, kind: InputKind, caret_byte: usize, time: f64, revision: u64) {
        self.last = match kind {
            InputKind::Other => None,
            InputKind::Typing { .. } => Some(Last {
                deleting: false,
                caret_byte,
                time,
                revision,
            }),
            InputKind::Deleting => Some(Last {
                deleting: true,
                caret_byte,
                time,
                revision,
            }),
        };
    }

    /// Forgets the group (the caret moved, something else happened).
    pub fn end(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: InputKind = InputKind::Typing { starts_word: false };
    const WORD_START: InputKind = InputKind::Typing { starts_word: true };

    #[test]
    fn a_word_a_pause_or_a_change_of_kind_starts_a_group() {
        let mut groups = TypingGroups::default();
        assert_eq!(groups.group_for(WORD_START, 0, 0.0, 1), UndoGroup::Start);
        groups.record(WORD_START, 1, 0.0, 2);
        // (kind, caret, time, revision) → group
        let table = [
            (LETTER, 1, 0.3, 2, UndoGroup::Continue),
            (WORD_START, 1, 0.3, 2, UndoGroup::Start),
            (LETTER, 1, 1.5, 2, UndoGroup::Start),
            (LETTER, 7, 0.3, 2, UndoGroup::Start),
            (LETTER, 1, 0.3, 3, UndoGroup::Start),
            (InputKind::Deleting, 1, 0.3, 2, UndoGroup::Start),
            (InputKind::Other, 1, 0.3, 2, UndoGroup::Start),
        ];
        for (kind, caret, time, revision, expected) in table {
            assert_eq!(
                groups.group_for(kind, caret, time, revision),
                expected,
                "{kind:?} {caret} {time} {revision}"
            );
        }
        groups.record(InputKind::Deleting, 4, 2.0, 9);
        assert_eq!(
            groups.group_for(InputKind::Deleting, 4, 2.2, 9),
            UndoGroup::Continue
        );
        groups.end();
        assert_eq!(
            groups.group_for(InputKind::Deleting, 4, 2.2, 9),
            UndoGroup::Start
        );
    }
}
