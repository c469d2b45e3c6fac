//! The one way the policy text changes: a [`ChangeSet`] of retain / delete /
//! insert runs (as in helix and CodeMirror).
//!
//! A change set describes a whole edit of a text of a known length. Runs are
//! read left to right over the *old* text:
//!
//! ```text
//!  old:  We collect personal data .
//!        |-- Retain(11) --|Delete(8)|Retain(6)
//!                          Insert("your ")          (inserted before the delete)
//!  new:  We collect your data .
//! ```
//!
//! Invariants (checked by [`ChangeSet::from_edits`], the only constructor):
//! - the runs cover exactly `len_before` bytes of the old text;
//! - every run boundary lies on a char boundary of the old text;
//! - no two adjacent runs have the same kind, and no run is empty;
//! - at one position an insertion always comes *before* a deletion, so a
//!   replacement reads `Insert, Delete`.
//!
//! Positions are mapped through a change set with [`ChangeSet::map`], which
//! takes a [`Bias`] saying which side of text inserted exactly at the position
//! the position keeps to, and reports whether the position itself was deleted
//! (ProseMirror's `MapResult.deleted`).

use super::ModelError;
use super::offset::ByteOffset;
use super::span::Span;
use std::ops::Range;

/// One run of a [`ChangeSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Keep this many bytes of the old text.
    Retain(usize),
    /// Drop this many bytes of the old text.
    Delete(usize),
    /// Insert this text.
    Insert(String),
}

/// Which side of an insertion made exactly at a position the position keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    /// Stay before the inserted text.
    Before,
    /// Move after the inserted text.
    After,
}

/// Where a position ended up after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapped {
    /// The position in the new text.
    pub offset: ByteOffset,
    /// The position lay strictly inside deleted text.
    pub deleted: bool,
}

/// One replacement of a range of the old text, used to build a [`ChangeSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes of the old text that are replaced (empty for an insertion).
    pub range: Range<ByteOffset>,
    /// The text put in their place (empty for a deletion).
    pub insert: String,
}

impl Edit {
    /// Replace `range` of the old text with `insert`.
    pub fn new(range: Range<usize>, insert: impl Into<String>) -> Self {
        Edit {
            range: ByteOffset(range.start)..ByteOffset(range.end),
            insert: insert.into(),
        }
    }
}

/// An edit of a whole text: retain / delete / insert runs over the old text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    operations: Vec<Operation>,
    len_before: usize,
    len_after: usize,
}

impl ChangeSet {
    /// Builds a change set for `text` from edits sorted by position that do not
    /// overlap (they may touch). Edits that change nothing are dropped.
    ///
    /// ```
    /// use redline::model::changeset::{ChangeSet, Edit};
    /// let text = "We sell data.";
    /// let change = ChangeSet::from_edits(text, &[Edit::new(3..7, "never sell")]).unwrap();
    /// assert_eq!(change.apply(text), "We never sell data.");
    /// ```
    pub fn from_edits(text: &str, edits: &[Edit]) -> Result<ChangeSet, ModelError> {
        let mut operations = Vec::with_capacity(edits.len() * 3 + 1);
        let mut byte_in_old = 0;
        let mut len_after = text.len();
        for edit in edits {
            let (start, end) = (edit.range.start.0, edit.range.end.0);
            Span {
                start: edit.range.start,
                end: edit.range.end,
            }
            .check(text)?;
            if start < byte_in_old {
                return Err(ModelError::OverlappingEdits {
                    byte: ByteOffset(start),
                });
            }
            push(&mut operations, Operation::Retain(start - byte_in_old));
            push(&mut operations, Operation::Insert(edit.insert.clone()));
            push(&mut operations, Operation::Delete(end - start));
            len_after = len_after + edit.insert.len() - (end - start);
            byte_in_old = end;
        }
        push(&mut operations, Operation::Retain(text.len() - byte_in_old));
        Ok(ChangeSet {
            operations,
            len_before: text.len(),
            len_after,
        })
    }

    /// The runs, left to right over the old text.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// Length in bytes of the text this change set applies to.
    pub fn len_before(&self) -> usize {
        self.len_before
    }

    /// Length in bytes of the text it produces.
    pub fn len_after(&self) -> usize {
        self.len_after
    }

    /// True when applying it changes nothing.
    pub fn is_identity(&self) -> bool {
        self.operations
            .iter()
            .all(|operation| matches!(operation, Operation::Retain(_)))
    }

    /// The changed ranges of the old text, each as the closed interval
    /// `start..=end` in bytes: a position in one of them may move in a way
    /// that the inverse change does not undo exactly.
    pub fn touched_ranges(&self) -> Vec<Range<usize>> {
        let mut touched: Vec<Range<usize>> = Vec::new();
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => byte_in_old += len,
                Operation::Delete(len) => {
                    extend_touched(&mut touched, byte_in_old..byte_in_old + len);
                    byte_in_old += len;
                }
                Operation::Insert(_) => extend_touched(&mut touched, byte_in_old..byte_in_old),
            }
        }
        touched
    }

    /// Applies the change to `text`, which must be the text it was built for.
    pub fn apply(&self, text: &str) -> String {
        debug_assert_eq!(text.len(), self.len_before);
        let mut result = String::with_capacity(self.len_after);
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => {
                    result.push_str(&text[byte_in_old..byte_in_old + len]);
                    byte_in_old += len;
                }
                Operation::Delete(len) => byte_in_old += len,
                Operation::Insert(inserted) => result.push_str(inserted),
            }
        }
        result
    }

    /// Applies the change to `text` in place. A change with a single edit, such
    /// as one typed character, moves the tail of the text once instead of
    /// copying the whole text.
    pub fn apply_in_place(&self, text: &mut String) {
        debug_assert_eq!(text.len(), self.len_before);
        match self.single_edit() {
            Some((range, inserted)) => text.replace_range(range, inserted),
            None => *text = self.apply(text),
        }
    }

    /// The one edit this change set makes, when it makes exactly one.
    fn single_edit(&self) -> Option<(Range<usize>, &str)> {
        let mut edit: Option<(Range<usize>, &str)> = None;
        let mut byte_in_old = 0;
        let mut previous_was_edit = false;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => {
                    byte_in_old += len;
                    previous_was_edit = false;
                }
                Operation::Insert(inserted) => {
                    if edit.is_some() {
                        return None;
                    }
                    edit = Some((byte_in_old..byte_in_old, inserted.as_str()));
                    previous_was_edit = true;
                }
                Operation::Delete(len) => {
                    match &mut edit {
                        Some((range, _)) if previous_was_edit => range.end += len,
                        Some(_) => return None,
                        None => edit = Some((byte_in_old..byte_in_old + len, "")),
                    }
                    byte_in_old += len;
                    previous_was_edit = true;
                }
            }
        }
        edit
    }

    /// The change that undoes this one; `text` is the text it was built for.
    pub fn invert(&self, text: &str) -> ChangeSet {
        let mut operations = Vec::with_capacity(self.operations.len());
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => {
                    push(&mut operations, Operation::Retain(*len));
                    byte_in_old += len;
                }
                Operation::Delete(len) => {
                    let deleted = &text[byte_in_old..byte_in_old + len];
                    push(&mut operations, Operation::Insert(deleted.to_string()));
                    byte_in_old += len;
                }
                Operation::Insert(inserted) => {
                    push(&mut operations, Operation::Delete(inserted.len()));
                }
            }
        }
        ChangeSet {
            operations: normalise(operations),
            len_before: self.len_after,
            len_after: self.len_before,
        }
    }

    /// Maps a position of the old text into the new text.
    ///
    /// | old text, position `|` | change             | bias   | new position |
    /// |------------------------|--------------------|--------|--------------|
    /// | `ab|cd`                | insert `X` at 2    | Before | `ab|Xcd` (2) |
    /// | `ab|cd`                | insert `X` at 2    | After  | `abX|cd` (3) |
    /// | `a|bcd`                | delete 1..3        | any    | `a|d` (1)    |
    /// | `ab|cd`                | delete 1..3        | any    | `a|d` (1), deleted |
    /// | `ab|cd`                | replace 1..3 by XY | Before | `a|XYd` (1), deleted |
    /// | `ab|cd`                | replace 1..3 by XY | After  | `aXY|d` (3), deleted |
    pub fn map(&self, byte_in_old: ByteOffset, bias: Bias) -> Mapped {
        let mut position = byte_in_old.0.min(self.len_before);
        let mut old_start = 0;
        let mut new_start = 0;
        let mut deleted = false;
        for (index, operation) in self.operations.iter().enumerate() {
            // Invariant: `position >= old_start`.
            match operation {
                Operation::Retain(len) => {
                    if position < old_start + len {
                        return mapped(new_start + position - old_start, deleted);
                    }
                    old_start += len;
                    new_start += len;
                }
                Operation::Delete(len) => {
                    if position <= old_start + len {
                        deleted |= position > old_start && position < old_start + len;
                        position = old_start + len;
                    }
                    old_start += len;
                }
                Operation::Insert(inserted) => {
                    // A replacement deletes first and inserts at the deletion
                    // point: every position in the replaced range lands on
                    // that point and the bias picks the side of the new text.
                    let replaced_len = match self.operations.get(index + 1) {
                        Some(Operation::Delete(len)) => *len,
                        _ => 0,
                    };
                    if bias == Bias::Before && position <= old_start + replaced_len {
                        let inside = position > old_start && position < old_start + replaced_len;
                        return mapped(new_start, deleted || inside);
                    }
                    new_start += inserted.len();
                }
            }
        }
        mapped(new_start + position - old_start, deleted)
    }
}

fn mapped(byte_in_new: usize, deleted: bool) -> Mapped {
    Mapped {
        offset: ByteOffset(byte_in_new),
        deleted,
    }
}

/// Appends a run, merging it with the previous one of the same kind and
/// dropping empty runs.
fn push(operations: &mut Vec<Operation>, operation: Operation) {
    match (operations.last_mut(), operation) {
        (_, Operation::Retain(0) | Operation::Delete(0)) => {}
        (_, Operation::Insert(text)) if text.is_empty() => {}
        (Some(Operation::Retain(last)), Operation::Retain(len)) => *last += len,
        (Some(Operation::Delete(last)), Operation::Delete(len)) => *last += len,
        (Some(Operation::Insert(last)), Operation::Insert(text)) => last.push_str(&text),
        (_, operation) => operations.push(operation),
    }
}

/// Puts every insertion before an adjacent deletion, as the invariants ask.
fn normalise(operations: Vec<Operation>) -> Vec<Operation> {
    let mut result = Vec::with_capacity(operations.len());
    let mut pending_delete = 0;
    for operation in operations {
        match operation {
            Operation::Delete(len) => pending_delete += len,
            Operation::Insert(text) => push(&mut result, Operation::Insert(text)),
            Operation::Retain(len) => {
                push(&mut result, Operation::Delete(pending_delete));
                pending_delete = 0;
                push(&mut result, Operation::Retain(len));
            }
        }
    }
    push(&mut result, Operation::Delete(pending_delete));
    result
}

fn extend_touched(touched: &mut Vec<Range<usize>>, range: Range<usize>) {
    match touched.last_mut() {
        Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
        _ => touched.push(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (old text, edit range, inserted, position, bias, new position, deleted)
    type MapCase = (
        &'static str,
        Range<usize>,
        &'static str,
        usize,
        Bias,
        usize,
        bool,
    );

    #[test]
    fn map_table() {
        use Bias::{After, Before};
        let table: &[MapCase] = &[
            // insertion exactly at the position: the bias decides
            ("abcd", 2..2, "X", 2, Before, 2, false),
            ("abcd", 2..2, "X", 2, After, 3, false),
            // positions before and after an insertion
            ("abcd", 2..2, "X", 1, After, 1, false),
            ("abcd", 2..2, "X", 3, Before, 4, false),
            // deletion: edges collapse, inside is reported deleted
            ("abcd", 1..3, "", 1, After, 1, false),
            ("abcd", 1..3, "", 2, Before, 1, true),
            ("abcd", 1..3, "", 3, Before, 1, false),
            ("abcd", 1..3, "", 4, Before, 2, false),
            // replacement: the replaced range lands on the new text's edge
            ("abcd", 1..3, "XY", 2, Before, 1, true),
            ("abcd", 1..3, "XY", 2, After, 3, true),
            ("abcd", 1..3, "XY", 1, After, 3, false),
            ("abcd", 1..3, "XY", 3, Before, 1, false),
            ("abcd", 1..3, "XY", 3, After, 3, false),
            // multi-byte text: "é" is two bytes
            ("né a", 1..3, "e", 3, Before, 1, false),
            ("né a", 1..3, "e", 3, After, 2, false),
            ("né a", 3..3, "😀", 3, After, 7, false),
        ];
        for (text, range, inserted, position, bias, expected, deleted) in table {
            let change = ChangeSet::from_edits(text, &[Edit::new(range.clone(), *inserted)])
                .expect("valid edit");
            let mapped = change.map(ByteOffset(*position), *bias);
            assert_eq!(
                (mapped.offset.0, mapped.deleted),
                (*expected, *deleted),
                "{text:?} {range:?}→{inserted:?} at {position} {bias:?}"
            );
        }
    }

    #[test]
    fn apply_and_invert_restore_the_text() {
        let text = "We collect personal data.";
        let edits = [
            Edit::new(3..10, "gather"),
            Edit::new(11..20, ""),
            Edit::new(24..24, " now"),
        ];
        let change = ChangeSet::from_edits(text, &edits).expect("valid edits");
        let new_text = change.apply(text);
        assert_eq!(new_text, "We gather data now.");
        assert_eq!(change.invert(text).apply(&new_text), text);
        let mut in_place = text.to_string();
        change.apply_in_place(&mut in_place);
        assert_eq!(in_place, new_text);
    }

    #[test]
    fn runs_are_retain_insert_delete() {
        let change = ChangeSet::from_edits("abcdef", &[Edit::new(2..4, "XY")]).expect("valid");
        assert_eq!(
            change.operations(),
            &[
                Operation::Retain(2),
                Operation::Insert("XY".into()),
                Operation::Delete(2),
                Operation::Retain(2)
            ]
        );
        assert_eq!(change.touched_ranges(), vec![2..4]);
    }

    #[test]
    fn bad_edits_are_errors() {
        let text = "né";
        assert!(matches!(
            ChangeSet::from_edits(text, &[Edit::new(2..2, "x")]),
            Err(ModelError::NotCharBoundary { .. })
        ));
        assert!(matches!(
            ChangeSet::from_edits(text, &[Edit::new(0..9, "")]),
            Err(ModelError::OutOfBounds { .. })
        ));
        assert!(matches!(
            ChangeSet::from_edits(text, &[Edit::new(1..3, ""), Edit::new(0..1, "")]),
            Err(ModelError::OverlappingEdits { .. })
        ));
    }
}
