//! The one way the policy changes: a [`ChangeSet`] of retain / format /
//! delete / insert runs (helix and CodeMirror for the text, Quill's Delta for
//! the attributes).
//!
//! A change set describes a whole edit of a content of a known length. Runs
//! are read left to right over the *old* text:
//!
//! ```text
//!  old:  We collect personal data .
//!        |-- Retain(11) --|Delete(8)|Retain(6)
//!                          Insert("your ")          (inserted before the delete)
//!  new:  We collect your data .
//! ```
//!
//! Inserted text carries its marks and the block of each line break in it
//! ([`Fragment`]); a `Format` run keeps its text but patches its marks, and
//! the blocks of the line breaks it covers ([`FormatPatch`]); the last
//! paragraph, which has no line break, is patched by
//! [`ChangeSet::last_block`]. [`ChangeSet::apply`] changes text, blocks and
//! marks in one pass, and [`ChangeSet::invert`] gives the change that puts all
//! three back exactly.
//!
//! Invariants (checked by [`ChangeSet::build`], the only constructor):
//! - the runs cover exactly `len_before` bytes of the old text;
//! - every run boundary lies on a char boundary of the old text;
//! - no two adjacent runs could be one run, and no run is empty;
//! - at one position an insertion always comes *before* a deletion, so a
//!   replacement reads `Insert, Delete`;
//! - every `Format` run changes something.
//!
//! Positions are mapped through a change set with [`ChangeSet::map`], which
//! takes a [`Bias`] saying which side of text inserted exactly at the position
//! the position keeps to, and reports whether the position itself was deleted
//! (ProseMirror's `MapResult.deleted`). A `Format` run maps like a retain: a
//! formatting-only change moves no position.

use super::ModelError;
use super::blocks::{Block, BlockPatch};
use super::content::{Content, Fragment};
use super::marks::{MarkPatch, MarkRun, RunBuilder};
use super::offset::ByteOffset;
use super::span::Span;
use std::ops::Range;

/// How a `Format` run changes what it covers: its characters' marks, and
/// the blocks of the line breaks in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FormatPatch {
    /// Applied to every character but line breaks.
    pub marks: MarkPatch,
    /// Applied to the block of every line break covered.
    pub block: BlockPatch,
}

impl FormatPatch {
    /// True when it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.block.is_empty()
    }
}

/// One run of a [`ChangeSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Keep this many bytes of the old content as they are.
    Retain(usize),
    /// Keep this many bytes of the old text, changing their attributes.
    Format(usize, FormatPatch),
    /// Drop this many bytes of the old content.
    Delete(usize),
    /// Insert this text with its attributes.
    Insert(Fragment),
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

/// What an [`Edit`] puts in place of its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insert {
    /// Plain words that take their formatting from where they go: the
    /// styles of the character before (or, at a paragraph's start, after;
    /// or the first character replaced), never a link or a note reference;
    /// new line breaks copy the block of the paragraph they split.
    Inherit(String),
    /// Text with exactly these attributes.
    Fragment(Fragment),
}

impl Insert {
    /// The inserted text.
    pub fn text(&self) -> &str {
        match self {
            Insert::Inherit(text) => text,
            Insert::Fragment(fragment) => &fragment.text,
        }
    }
}

/// One replacement of a range of the old text, used to build a [`ChangeSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes of the old text that are replaced (empty for an insertion).
    pub range: Range<ByteOffset>,
    /// What goes in their place (empty for a deletion).
    pub insert: Insert,
}

impl Edit {
    /// Replace `range` of the old text with `insert`, formatted as where it
    /// goes.
    pub fn new(range: Range<usize>, insert: impl Into<String>) -> Self {
        Edit {
            range: ByteOffset(range.start)..ByteOffset(range.end),
            insert: Insert::Inherit(insert.into()),
        }
    }

    /// Replace `range` of the old text with `fragment`, exactly as it is
    /// formatted.
    pub fn fragment(range: Range<ByteOffset>, fragment: Fragment) -> Self {
        Edit {
            range,
            insert: Insert::Fragment(fragment),
        }
    }
}

/// A change of formatting over a range, used to build a [`ChangeSet`]: the
/// mark patch applies to the range's characters, the block patch to every
/// paragraph the range touches (for an empty range, the paragraph it is in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatEdit {
    /// The bytes formatted.
    pub range: Range<ByteOffset>,
    /// The change of their marks.
    pub marks: MarkPatch,
    /// The change of their paragraphs' blocks.
    pub block: BlockPatch,
}

/// An edit of a whole content: retain / format / delete / insert runs over
/// the old text, and a patch of the last paragraph's block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    operations: Vec<Operation>,
    last_block: Option<BlockPatch>,
    len_before: usize,
    len_after: usize,
}

/// A piece of a change set being built, over the old text.
enum Piece {
    Replace(Range<usize>, Fragment),
    Format(Range<usize>, FormatPatch),
}

impl Piece {
    fn range(&self) -> &Range<usize> {
        match self {
            Piece::Replace(range, _) | Piece::Format(range, _) => range,
        }
    }
}

impl ChangeSet {
    /// Builds a change set for `content` from text edits sorted by position
    /// that do not overlap (they may touch). Edits that change nothing are
    /// dropped.
    ///
    /// ```
    /// use redline::model::changeset::{ChangeSet, Edit};
    /// use redline::model::content::Content;
    /// let mut content = Content::plain("We sell data.");
    /// let change = ChangeSet::from_edits(&content, &[Edit::new(3..7, "never sell")]).unwrap();
    /// change.apply(&mut content);
    /// assert_eq!(content.text, "We never sell data.");
    /// ```
    pub fn from_edits(content: &Content, edits: &[Edit]) -> Result<ChangeSet, ModelError> {
        ChangeSet::build(content, edits, &[])
    }

    /// Builds a change set that only formats.
    pub fn format(content: &Content, formats: &[FormatEdit]) -> Result<ChangeSet, ModelError> {
        ChangeSet::build(content, &[], formats)
    }

    /// Builds a change set for `content` from text edits and formatting
    /// changes, each list sorted by position; no two may overlap (a format
    /// of a paragraph's block counts as covering its line break).
    pub fn build(
        content: &Content,
        edits: &[Edit],
        formats: &[FormatEdit],
    ) -> Result<ChangeSet, ModelError> {
        let text = content.text.as_str();
        let mut pieces: Vec<Piece> = Vec::with_capacity(edits.len() + formats.len() * 2);
        for edit in edits {
            let range = checked_range(text, &edit.range)?;
            let fragment = match &edit.insert {
                Insert::Inherit(inserted) => inherited(content, range.clone(), inserted),
                Insert::Fragment(fragment) => {
                    if !fragment.is_consistent() {
                        return Err(ModelError::InvalidFragment);
                    }
                    fragment.clone()
                }
            };
            let changes_nothing = fragment.text.is_empty() && range.is_empty();
            if !changes_nothing {
                pieces.push(Piece::Replace(range, fragment));
            }
        }
        let mut last_block: Option<BlockPatch> = None;
        for format in formats {
            let range = checked_range(text, &format.range)?;
            format_pieces(content, range, format, &mut pieces, &mut last_block)?;
        }
        // Insertions at a position come before a format starting there.
        pieces.sort_by_key(|piece| (piece.range().start, !piece.range().is_empty()));
        let mut operations = Vec::with_capacity(pieces.len() * 3 + 1);
        let mut byte_in_old = 0;
        let mut len_after = text.len();
        for piece in pieces {
            let range = piece.range().clone();
            if range.start < byte_in_old {
                return Err(ModelError::OverlappingEdits {
                    byte: ByteOffset(range.start),
                });
            }
            push(
                &mut operations,
                Operation::Retain(range.start - byte_in_old),
            );
            match piece {
                Piece::Replace(range, fragment) => {
                    len_after = len_after + fragment.text.len() - range.len();
                    push(&mut operations, Operation::Insert(fragment));
                    push(&mut operations, Operation::Delete(range.len()));
                }
                Piece::Format(range, patch) => {
                    push(&mut operations, Operation::Format(range.len(), patch));
                }
            }
            byte_in_old = range.end;
        }
        push(&mut operations, Operation::Retain(text.len() - byte_in_old));
        Ok(ChangeSet {
            operations,
            last_block,
            len_before: text.len(),
            len_after,
        })
    }

    /// The runs, left to right over the old text.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The patch of the last paragraph's block, if any.
    pub fn last_block(&self) -> Option<&BlockPatch> {
        self.last_block.as_ref()
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
        self.last_block.is_none()
            && self
                .operations
                .iter()
                .all(|operation| matches!(operation, Operation::Retain(_)))
    }

    /// True when it changes attributes only, not one character.
    pub fn is_formatting_only(&self) -> bool {
        self.operations
            .iter()
            .all(|operation| matches!(operation, Operation::Retain(_) | Operation::Format(..)))
    }

    /// The changed ranges of the old text, each as the closed interval
    /// `start..=end` in bytes: a position in one of them may move in a way
    /// that the inverse change does not undo exactly. Formatting moves no
    /// position, so it touches nothing here.
    pub fn touched_ranges(&self) -> Vec<Range<usize>> {
        let mut touched: Vec<Range<usize>> = Vec::new();
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) | Operation::Format(len, _) => byte_in_old += len,
                Operation::Delete(len) => {
                    extend_touched(&mut touched, byte_in_old..byte_in_old + len);
                    byte_in_old += len;
                }
                Operation::Insert(_) => extend_touched(&mut touched, byte_in_old..byte_in_old),
            }
        }
        touched
    }

    /// The ranges of the old text whose attributes this change sets.
    pub fn formatted_ranges(&self) -> Vec<Range<usize>> {
        let mut formatted = Vec::new();
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Format(len, _) => {
                    formatted.push(byte_in_old..byte_in_old + len);
                    byte_in_old += len;
                }
                Operation::Retain(len) | Operation::Delete(len) => byte_in_old += len,
                Operation::Insert(_) => {}
            }
        }
        formatted
    }

    /// Applies the change to `content`, which must be the content it was
    /// built for: text, blocks and marks in one pass.
    pub fn apply(&self, content: &mut Content) {
        debug_assert_eq!(content.text.len(), self.len_before);
        if self.changes_blocks(&content.text) {
            content.blocks = self.apply_to_blocks(content);
        }
        self.apply_to_marks(content);
        match self.single_edit() {
            Some((range, inserted)) => content.text.replace_range(range, inserted),
            None => content.text = self.apply_to_text(&content.text),
        }
        debug_assert_eq!(content.blocks.len(), content.text.matches('\n').count() + 1);
    }

    /// The new text alone.
    pub fn apply_to_text(&self, text: &str) -> String {
        let mut result = String::with_capacity(self.len_after);
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) | Operation::Format(len, _) => {
                    result.push_str(&text[byte_in_old..byte_in_old + len]);
                    byte_in_old += len;
                }
                Operation::Delete(len) => byte_in_old += len,
                Operation::Insert(inserted) => result.push_str(&inserted.text),
            }
        }
        result
    }

    /// True when some block is added, dropped or patched.
    fn changes_blocks(&self, text: &str) -> bool {
        if self.last_block.is_some() {
            return true;
        }
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => byte_in_old += len,
                Operation::Format(len, patch) => {
                    if !patch.block.is_empty() {
                        return true;
                    }
                    byte_in_old += len;
                }
                Operation::Delete(len) => {
                    if memchr::memchr(b'\n', &text.as_bytes()[byte_in_old..byte_in_old + len])
                        .is_some()
                    {
                        return true;
                    }
                    byte_in_old += len;
                }
                Operation::Insert(inserted) => {
                    if !inserted.blocks.is_empty() {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn apply_to_blocks(&self, content: &Content) -> Vec<Block> {
        let bytes = content.text.as_bytes();
        let old = &content.blocks;
        let mut blocks = Vec::with_capacity(old.len());
        let mut paragraph = 0;
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => {
                    let breaks =
                        memchr::memchr_iter(b'\n', &bytes[byte_in_old..byte_in_old + len]).count();
                    blocks.extend_from_slice(&old[paragraph..paragraph + breaks]);
                    paragraph += breaks;
                    byte_in_old += len;
                }
                Operation::Format(len, patch) => {
                    for _ in memchr::memchr_iter(b'\n', &bytes[byte_in_old..byte_in_old + len]) {
                        blocks.push(patch.block.apply(&old[paragraph]));
                        paragraph += 1;
                    }
                    byte_in_old += len;
                }
                Operation::Delete(len) => {
                    paragraph +=
                        memchr::memchr_iter(b'\n', &bytes[byte_in_old..byte_in_old + len]).count();
                    byte_in_old += len;
                }
                Operation::Insert(inserted) => blocks.extend_from_slice(&inserted.blocks),
            }
        }
        let last = &old[paragraph.min(old.len() - 1)];
        blocks.push(match &self.last_block {
            Some(patch) => patch.apply(last),
            None => last.clone(),
        });
        blocks
    }

    /// Rewrites the marks of the stretch from the first to the last
    /// changed run and shifts the marks after it.
    fn apply_to_marks(&self, content: &mut Content) {
        let Some(changed) = self.changed_range() else {
            return;
        };
        let mut builder = RunBuilder::at(changed.start);
        let mut byte_in_old = 0;
        for operation in &self.operations {
            let start = byte_in_old;
            match operation {
                Operation::Retain(len) => {
                    byte_in_old += len;
                    if start >= changed.start && byte_in_old <= changed.end {
                        for run in content.marks.runs(start..byte_in_old) {
                            builder.push_run(run.len, &run.marks);
                        }
                    }
                }
                Operation::Format(len, patch) => {
                    byte_in_old += len;
                    let mut position = start;
                    for run in content.marks.runs(start..byte_in_old) {
                        let piece = &content.text[position..position + run.len];
                        builder.push_text(piece, &patch.marks.apply(&run.marks));
                        position += run.len;
                    }
                }
                Operation::Delete(len) => byte_in_old += len,
                Operation::Insert(inserted) => push_fragment(&mut builder, inserted),
            }
        }
        let shift = self.len_after as isize - self.len_before as isize;
        content.marks.splice(changed, builder.into_spans(), shift);
    }

    /// From the start of the first run that is not a retain to the end of
    /// the last one, in the old text.
    fn changed_range(&self) -> Option<Range<usize>> {
        let mut byte_in_old = 0;
        let mut changed: Option<Range<usize>> = None;
        for operation in &self.operations {
            let start = byte_in_old;
            match operation {
                Operation::Retain(len) => {
                    byte_in_old += len;
                    continue;
                }
                Operation::Format(len, _) | Operation::Delete(len) => byte_in_old += len,
                Operation::Insert(_) => {}
            }
            let range = changed.get_or_insert(start..start);
            range.end = byte_in_old;
        }
        changed
    }

    /// The one edit this change set makes, when it makes exactly one and
    /// formats nothing.
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
                Operation::Format(..) => return None,
                Operation::Insert(inserted) => {
                    if edit.is_some() {
                        return None;
                    }
                    edit = Some((byte_in_old..byte_in_old, inserted.text.as_str()));
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

    /// The change that undoes this one; `content` is the content it was
    /// built for. Deleted text comes back with its marks and blocks, and
    /// formatting with the attributes it had.
    pub fn invert(&self, content: &Content) -> ChangeSet {
        let bytes = content.text.as_bytes();
        let mut operations = Vec::with_capacity(self.operations.len());
        let mut byte_in_old = 0;
        for operation in &self.operations {
            match operation {
                Operation::Retain(len) => {
                    push(&mut operations, Operation::Retain(*len));
                    byte_in_old += len;
                }
                Operation::Format(len, patch) => {
                    let end = byte_in_old + len;
                    let mut paragraph = content.paragraph_index_at(byte_in_old);
                    for run in content.marks.runs(byte_in_old..end) {
                        let run_end = byte_in_old + run.len;
                        let inverse_marks = patch.marks.inverse_for(&run.marks);
                        let mut position = byte_in_old;
                        for line_break in memchr::memchr_iter(b'\n', &bytes[byte_in_old..run_end]) {
                            let at = byte_in_old + line_break;
                            push_format(&mut operations, at - position, &inverse_marks, None);
                            let block = patch.block.inverse_for(&content.blocks[paragraph]);
                            push_format(&mut operations, 1, &MarkPatch::default(), Some(block));
                            paragraph += 1;
                            position = at + 1;
                        }
                        push_format(&mut operations, run_end - position, &inverse_marks, None);
                        byte_in_old = run_end;
                    }
                }
                Operation::Delete(len) => {
                    let deleted = content.slice(byte_in_old..byte_in_old + len);
                    push(&mut operations, Operation::Insert(deleted));
                    byte_in_old += len;
                }
                Operation::Insert(inserted) => {
                    push(&mut operations, Operation::Delete(inserted.text.len()));
                }
            }
        }
        let last_block = self.last_block.as_ref().map(|patch| {
            let last = content.blocks.last().cloned().unwrap_or_default();
            patch.inverse_for(&last)
        });
        ChangeSet {
            operations: normalise(operations),
            last_block,
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
                Operation::Retain(len) | Operation::Format(len, _) => {
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
                    new_start += inserted.text.len();
                }
            }
        }
        mapped(new_start + position - old_start, deleted)
    }
}

/// The range of an edit, checked against the text.
fn checked_range(text: &str, range: &Range<ByteOffset>) -> Result<Range<usize>, ModelError> {
    Span {
        start: range.start,
        end: range.end,
    }
    .check(text)?;
    Ok(range.start.0..range.end.0)
}

/// What plain words inserted in place of `range` are formatted as (see
/// [`Insert::Inherit`]).
fn inherited(content: &Content, range: Range<usize>, inserted: &str) -> Fragment {
    let marks = content.marks_for_typing(range.clone());
    let breaks = inserted.matches('\n').count();
    let blocks = if breaks == 0 {
        Vec::new()
    } else {
        let mut block = content.block_at(range.start).clone();
        block.anchor = None;
        if let Some(item) = block.list.as_mut() {
            item.restart = false;
        }
        vec![block; breaks]
    };
    Fragment {
        text: inserted.to_string(),
        marks: vec![MarkRun {
            len: inserted.len(),
            marks,
        }],
        blocks,
    }
}

/// The `Format` pieces of one formatting change: its characters, and the
/// line breaks ending the paragraphs it touches (the last paragraph's
/// block goes to `last_block`). Pieces that would change nothing are left
/// out.
fn format_pieces(
    content: &Content,
    range: Range<usize>,
    format: &FormatEdit,
    pieces: &mut Vec<Piece>,
    last_block: &mut Option<BlockPatch>,
) -> Result<(), ModelError> {
    let text = content.text.as_bytes();
    let marks_change = !format.marks.is_empty() && {
        let mut position = range.start;
        content.marks.runs(range.clone()).iter().any(|run| {
            let words = &content.text[position..position + run.len];
            position += run.len;
            words.bytes().any(|byte| byte != b'\n') && format.marks.changes(&run.marks)
        })
    };
    let mut paragraph = content.paragraph_index_at(range.start);
    let mut position = range.start;
    let patch = |block: BlockPatch| FormatPatch {
        marks: if marks_change {
            format.marks.clone()
        } else {
            MarkPatch::default()
        },
        block,
    };
    // Line breaks inside the range, then the one ending its last paragraph.
    let inside =
        memchr::memchr_iter(b'\n', &text[range.clone()]).map(|offset| range.start + offset);
    let ending = memchr::memchr(b'\n', &text[range.end..]).map(|offset| range.end + offset);
    for line_break in inside.map(Some).chain(std::iter::once(ending)) {
        let block_changes = !format.block.is_empty()
            && format.block.apply(&content.blocks[paragraph]) != content.blocks[paragraph];
        let block = if block_changes {
            format.block.clone()
        } else {
            BlockPatch::default()
        };
        let marks_end = line_break.map_or(range.end, |at| at.min(range.end));
        if marks_change && marks_end > position {
            pieces.push(Piece::Format(
                position..marks_end,
                patch(BlockPatch::default()),
            ));
        }
        match line_break {
            Some(at) if !block.is_empty() => {
                pieces.push(Piece::Format(
                    at..at + 1,
                    FormatPatch {
                        marks: MarkPatch::default(),
                        block,
                    },
                ));
            }
            Some(_) => {}
            None if !block.is_empty() => {
                if last_block.is_some() {
                    return Err(ModelError::OverlappingEdits {
                        byte: ByteOffset(content.text.len()),
                    });
                }
                *last_block = Some(block);
            }
            None => {}
        }
        if let Some(at) = line_break {
            position = at + 1;
            paragraph += 1;
        }
        if position > range.end {
            break;
        }
    }
    Ok(())
}

/// Pushes the runs of an inserted fragment, line breaks unmarked.
fn push_fragment(builder: &mut RunBuilder, fragment: &Fragment) {
    let mut position = 0;
    for run in &fragment.marks {
        let end = (position + run.len).min(fragment.text.len());
        builder.push_text(&fragment.text[position..end], &run.marks);
        position = end;
    }
}

fn push_format(
    operations: &mut Vec<Operation>,
    len: usize,
    marks: &MarkPatch,
    block: Option<BlockPatch>,
) {
    let patch = FormatPatch {
        marks: marks.clone(),
        block: block.unwrap_or_default(),
    };
    if patch.is_empty() {
        push(operations, Operation::Retain(len));
    } else {
        push(operations, Operation::Format(len, patch));
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
        (_, Operation::Retain(0) | Operation::Delete(0) | Operation::Format(0, _)) => {}
        (_, Operation::Insert(fragment)) if fragment.text.is_empty() => {}
        (Some(Operation::Retain(last)), Operation::Retain(len)) => *last += len,
        (Some(Operation::Delete(last)), Operation::Delete(len)) => *last += len,
        (Some(Operation::Format(last, last_patch)), Operation::Format(len, patch))
            if *last_patch == patch =>
        {
            *last += len
        }
        (Some(Operation::Insert(last)), Operation::Insert(fragment)) => {
            last.text.push_str(&fragment.text);
            last.marks.extend(fragment.marks);
            last.blocks.extend(fragment.blocks);
        }
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
            Operation::Insert(fragment) => push(&mut result, Operation::Insert(fragment)),
            operation => {
                push(&mut result, Operation::Delete(pending_delete));
                pending_delete = 0;
                push(&mut result, operation);
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
    use crate::model::blocks::{BlockStyle, ListId, ListItem};
    use crate::model::marks::{MarkSpan, Marks, Styles};

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

    fn content(text: &str) -> Content {
        Content::plain(text)
    }

    fn bold(range: Range<usize>) -> MarkSpan {
        MarkSpan {
            range,
            marks: Marks::styled(Styles::BOLD),
        }
    }

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
            let change =
                ChangeSet::from_edits(&content(text), &[Edit::new(range.clone(), *inserted)])
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
        let old = content(text);
        let change = ChangeSet::from_edits(&old, &edits).expect("valid edits");
        let mut new = old.clone();
        change.apply(&mut new);
        assert_eq!(new.text, "We gather data now.");
        let mut back = new.clone();
        change.invert(&old).apply(&mut back);
        assert_eq!(back, old);
    }

    #[test]
    fn runs_are_retain_insert_delete() {
        let change =
            ChangeSet::from_edits(&content("abcdef"), &[Edit::new(2..4, "XY")]).expect("valid");
        assert_eq!(change.operations().len(), 4);
        assert!(matches!(change.operations()[0], Operation::Retain(2)));
        assert!(
            matches!(&change.operations()[1], Operation::Insert(fragment) if fragment.text == "XY")
        );
        assert!(matches!(change.operations()[2], Operation::Delete(2)));
        assert!(matches!(change.operations()[3], Operation::Retain(2)));
        assert_eq!(change.touched_ranges(), vec![2..4]);
    }

    #[test]
    fn bad_edits_are_errors() {
        let text = content("né");
        assert!(matches!(
            ChangeSet::from_edits(&text, &[Edit::new(2..2, "x")]),
            Err(ModelError::NotCharBoundary { .. })
        ));
        assert!(matches!(
            ChangeSet::from_edits(&text, &[Edit::new(0..9, "")]),
            Err(ModelError::OutOfBounds { .. })
        ));
        assert!(matches!(
            ChangeSet::from_edits(&text, &[Edit::new(0..3, ""), Edit::new(1..3, "")]),
            Err(ModelError::OverlappingEdits { .. })
        ));
    }

    #[test]
    fn typing_at_the_end_of_bold_is_bold_and_of_a_link_is_not_a_link() {
        let link = crate::model::links::LinkTarget::new("https://example.com").expect("allowed");
        let old = Content::new(
            "bold link".to_string(),
            vec![Block::default()],
            vec![
                bold(0..4),
                MarkSpan {
                    range: 5..9,
                    marks: Marks {
                        link: Some(link),
                        ..Marks::default()
                    },
                },
            ],
        )
        .expect("valid");
        let mut new = old.clone();
        let change = ChangeSet::from_edits(&old, &[Edit::new(4..4, "er"), Edit::new(9..9, "s")])
            .expect("valid");
        change.apply(&mut new);
        assert_eq!(new.text, "bolder links");
        assert_eq!(new.marks.spans()[0], bold(0..6));
        assert_eq!(new.marks.spans()[1].range, 7..11, "the link does not grow");
    }

    #[test]
    fn a_line_break_carries_its_paragraphs_block() {
        let mut heading = Content::from_marked_text("## Rights\nBody");
        let old = heading.clone();
        // Enter in the middle of the heading: both halves are headings.
        let change = ChangeSet::from_edits(&old, &[Edit::new(3..3, "\n")]).expect("valid");
        change.apply(&mut heading);
        assert_eq!(heading.text, "Rig\nhts\nBody");
        assert_eq!(heading.blocks[0].style, BlockStyle::Heading(2));
        assert_eq!(heading.blocks[1].style, BlockStyle::Heading(2));
        assert_eq!(heading.blocks[2].style, BlockStyle::Normal);
        // Deleting the line break after the heading joins into the body's block.
        let mut joined = old.clone();
        ChangeSet::from_edits(&old, &[Edit::new(6..7, "")])
            .expect("valid")
            .apply(&mut joined);
        assert_eq!(joined.text, "RightsBody");
        assert_eq!(joined.blocks, vec![Block::default()]);
        let mut back = joined.clone();
        ChangeSet::from_edits(&old, &[Edit::new(6..7, "")])
            .expect("valid")
            .invert(&old)
            .apply(&mut back);
        assert_eq!(back, old, "undo brings the heading back");
    }

    #[test]
    fn formatting_moves_no_position_and_inverts_exactly() {
        let old = Content::new(
            "one two\nthree".to_string(),
            vec![
                Block::default(),
                Block::item(ListItem::bulleted(ListId(1), 0)),
            ],
            vec![bold(4..7)],
        )
        .expect("valid");
        let formats = [FormatEdit {
            range: ByteOffset(0)..ByteOffset(13),
            marks: MarkPatch::set(Styles::ITALIC),
            block: BlockPatch::style(BlockStyle::Quote),
        }];
        let change = ChangeSet::format(&old, &formats).expect("valid");
        assert!(change.is_formatting_only());
        assert!(change.touched_ranges().is_empty());
        assert_eq!(
            change.map(ByteOffset(5), Bias::Before).offset,
            ByteOffset(5)
        );
        let mut new = old.clone();
        change.apply(&mut new);
        assert_eq!(new.text, old.text);
        assert!(
            new.blocks
                .iter()
                .all(|block| block.style == BlockStyle::Quote)
        );
        assert!(
            new.blocks[1].list.is_some(),
            "the patch leaves the list alone"
        );
        assert!(new.marks.at(0).styles.contains(Styles::ITALIC));
        assert!(
            new.marks
                .at(5)
                .styles
                .contains(Styles::BOLD.union(Styles::ITALIC))
        );
        assert!(new.marks.at(7).is_plain(), "line breaks carry no marks");
        let mut back = new.clone();
        change.invert(&old).apply(&mut back);
        assert_eq!(back, old);
        // Formatting to what is already there changes nothing.
        let again = ChangeSet::format(&new, &formats).expect("valid");
        assert!(again.is_identity());
    }

    #[test]
    fn deleted_text_comes_back_with_its_marks_and_blocks() {
        let old = Content::new(
            "ab\ncd".to_string(),
            vec![Block::heading(1), Block::default()],
            vec![bold(1..2), bold(3..4)],
        )
        .expect("valid");
        let change = ChangeSet::from_edits(&old, &[Edit::new(1..4, "")]).expect("valid");
        let mut new = old.clone();
        change.apply(&mut new);
        assert_eq!(new.text, "ad");
        assert_eq!(new.blocks, vec![Block::default()]);
        let mut back = new.clone();
        change.invert(&old).apply(&mut back);
        assert_eq!(back, old);
    }
}
