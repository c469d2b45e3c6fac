//! Undo and redo.
//!
//! An undo entry holds one or more [`Step`]s. A step stores the text change
//! it made and its inverse (helix `History`), and a snapshot, before and
//! after, of every comment and suggestion whose anchors the change may move
//! in a way the inverse does not undo exactly (those with an anchor inside a
//! changed range) or whose fields the command changed. Every other anchor lies
//! strictly outside the changed ranges, where mapping through the inverse is
//! exact. So undoing a step = apply the inverse, then put the snapshots back;
//! redoing = apply the change, then put the after-snapshots back.

use super::annotation::{Comment, CommentId, Suggestion, SuggestionId};
use super::changeset::{ChangeSet, Operation};
use super::document::Metadata;
use super::findings::{Dismissal, DismissalId};
use super::rounds::RoundBook;
use super::settings::Settings;
use super::signoff::SignOffRecord;
use super::versions::{Version, VersionId};
use std::collections::BTreeMap;

/// How many undo entries are kept.
const UNDO_LIMIT: usize = 10_000;

/// A typed run longer than this starts a new undo entry.
const TYPING_RUN_LIMIT: usize = 200;

/// The text change of a step and its inverse.
#[derive(Debug, Clone)]
pub(crate) struct TextChange {
    pub forward: ChangeSet,
    pub inverse: ChangeSet,
}

/// One command's effect, enough to undo and redo it exactly.
#[derive(Debug, Clone, Default)]
pub(crate) struct Step {
    /// What the command did, for the log and the Undo menu.
    pub label: String,
    /// The content changes, in the order made.
    pub text_changes: Vec<TextChange>,
    pub comments_before: BTreeMap<CommentId, Option<Comment>>,
    pub comments_after: BTreeMap<CommentId, Option<Comment>>,
    pub suggestions_before: BTreeMap<SuggestionId, Option<Suggestion>>,
    pub suggestions_after: BTreeMap<SuggestionId, Option<Suggestion>>,
    pub dismissals_before: BTreeMap<DismissalId, Option<Dismissal>>,
    pub dismissals_after: BTreeMap<DismissalId, Option<Dismissal>>,
    pub versions_before: BTreeMap<VersionId, Option<Version>>,
    pub versions_after: BTreeMap<VersionId, Option<Version>>,
    pub signoffs_before: Option<Vec<SignOffRecord>>,
    pub signoffs_after: Option<Vec<SignOffRecord>>,
    pub settings_before: Option<Settings>,
    pub settings_after: Option<Settings>,
    pub metadata_before: Option<Metadata>,
    pub metadata_after: Option<Metadata>,
    pub rounds_before: Option<RoundBook>,
    pub rounds_after: Option<RoundBook>,
    /// Set for a plain typed insertion: where the typed text ends, so that
    /// the next character typed there joins the same undo entry.
    pub typing_end: Option<usize>,
    /// Events for the review log, written once the command succeeds.
    pub log_events: Vec<String>,
    pub state_before: u64,
    pub state_after: u64,
}

impl Step {
    /// True when the step changed nothing.
    pub fn is_empty(&self) -> bool {
        self.text_changes.is_empty()
            && self.comments_before.is_empty()
            && self.suggestions_before.is_empty()
            && self.metadata_before.is_none()
            && self.versions_before.is_empty()
            && self.dismissals_before.is_empty()
            && self.settings_before.is_none()
            && self.signoffs_before.is_none()
            && self.rounds_before.is_none()
    }
}

/// Which undo entry a command's step goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UndoGroup {
    /// A plain typed insertion right where the last one ended joins its
    /// entry (up to a limit); anything else starts a new entry.
    #[default]
    Auto,
    /// Start a new undo entry (the editor decided a new word or a pause
    /// begins here).
    Start,
    /// Join the newest undo entry (the editor decided this input continues
    /// the same typed word: a suggested letter, a Backspace run).
    Continue,
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    undo: Vec<Vec<Step>>,
    redo: Vec<Vec<Step>>,
    typed_in_last_entry: usize,
}

impl History {
    /// Records a step, joining the previous entry when it continues typing
    /// (or when `group` says so).
    pub fn push(&mut self, step: Step, group: UndoGroup) {
        self.redo.clear();
        let continues_typing = match (group, self.undo.last().and_then(|entry| entry.last())) {
            (UndoGroup::Start, _) | (_, None) => false,
            (UndoGroup::Continue, Some(_)) => true,
            (UndoGroup::Auto, Some(last)) => {
                last.typing_end.is_some()
                    && step.typing_end.is_some()
                    && last.typing_end == step.text_changes.first().and_then(insertion_start)
                    && self.typed_in_last_entry < TYPING_RUN_LIMIT
            }
        };
        if let (true, Some(entry)) = (continues_typing, self.undo.last_mut()) {
            entry.push(step);
            self.typed_in_last_entry += 1;
            return;
        }
        self.typed_in_last_entry = 1;
        self.undo.push(vec![step]);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
    }

    /// Takes the newest undo entry.
    pub fn take_undo(&mut self) -> Option<Vec<Step>> {
        self.typed_in_last_entry = usize::MAX;
        self.undo.pop()
    }

    /// Takes the newest redo entry.
    pub fn take_redo(&mut self) -> Option<Vec<Step>> {
        self.redo.pop()
    }

    /// Puts an undone entry on the redo stack.
    pub fn push_redo(&mut self, entry: Vec<Step>) {
        self.redo.push(entry);
    }

    /// Puts a redone entry back on the undo stack.
    pub fn push_undo(&mut self, entry: Vec<Step>) {
        self.typed_in_last_entry = usize::MAX;
        self.undo.push(entry);
    }

    /// What the newest undo entry keeps, in units of one run, one inserted
    /// byte or one snapshot: it grows with the edit, not with the document.
    pub fn newest_entry_size(&self) -> usize {
        let Some(entry) = self.undo.last() else {
            return 0;
        };
        entry
            .iter()
            .map(|step| {
                let changes: usize = step
                    .text_changes
                    .iter()
                    .flat_map(|change| [&change.forward, &change.inverse])
                    .map(|change| {
                        change
                            .operations()
                            .iter()
                            .map(|operation| match operation {
                                Operation::Insert(fragment) => {
                                    1 + fragment.text.len()
                                        + fragment.marks.len()
                                        + fragment.blocks.len()
                                }
                                _ => 1,
                            })
                            .sum::<usize>()
                    })
                    .sum();
                let snapshots = step.comments_before.len()
                    + step.suggestions_before.len()
                    + step.dismissals_before.len()
                    + step.versions_before.len();
                changes + snapshots
            })
            .sum()
    }

    /// The label of what Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo
            .last()
            .and_then(|entry| entry.first())
            .map(|step| step.label.as_str())
    }

    /// The label of what Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo
            .last()
            .and_then(|entry| entry.first())
            .map(|step| step.label.as_str())
    }
}

/// Where a change that only inserts text at one place inserts it.
fn insertion_start(change: &TextChange) -> Option<usize> {
    match change.forward.operations() {
        [Operation::Retain(start), Operation::Insert(_), ..] => Some(*start),
        [Operation::Insert(_), ..] => Some(0),
        _ => None,
    }
}
