//! Footnotes suggested in Suggest mode, as Word tracks a footnote inserted
//! under Track Changes.
//!
//! A footnote is two things far apart: its reference (one
//! [`NOTE_REFERENCE`] character whose mark names the note) where the caret
//! is, and its paragraph at the end of the document, where note paragraphs
//! live (a paragraph whose block names the note). A suggested footnote is
//! therefore two linked insertion suggestions by the same reviewer:
//!
//! ```text
//!  text:  We share data.¶ … ¶Last paragraph
//!                       ^                 ^
//!          S4 Reference: "\u{FFFC}"       S5 Paragraph: "\n" (+ the note's words)
//! ```
//!
//! Rules (one place each):
//! - The two halves come and go as one footnote: accepting either accepts
//!   both, rejecting either rejects both, and withdrawing either (Backspace
//!   over one's own reference, or over the note paragraph's line break)
//!   withdraws both. The pair is one change, listed and counted under its
//!   reference ([`Suggestion::is_note_paragraph`]).
//! - Accepting puts in exactly what Edit mode's footnote insertion puts in:
//!   the reference with its note mark, and a paragraph with the note's
//!   block opened by the paragraph half's line break. That line break ends
//!   the paragraph it is inserted into, which keeps the block it has when
//!   accepted; every paragraph the half opens is the note's (its last one
//!   takes the block of the line break that ended the paragraph it went
//!   into). Words typed on after the paragraph half join it and become the
//!   note's text.
//! - The reference half never joins typing: words typed after it are an
//!   insertion of their own, as in Word.
//! - Rejecting changes nothing in the text: both halves were never in it.
//! - A new note's id is above every note id in the text, its blocks and
//!   every suggestion, so two footnotes suggested before either is
//!   accepted never share one.

use super::ModelError;
use super::annotation::{NotePart, SuggestedNote, Suggestion, SuggestionId, SuggestionKind};
use super::blocks::{Block, BlockPatch, NOTE_REFERENCE, NoteId, NoteKind, NoteRef};
use super::changeset::{Edit, FormatEdit};
use super::command::{Actor, Outcome};
use super::content::Fragment;
use super::history::Step;
use super::marks::{MarkPatch, MarkRun, Marks};
use super::offset::ByteOffset;
use super::project::Project;
use super::span::Span;

impl Project {
    /// The id a new note gets: one above every note id in use, in the
    /// text's marks, its blocks, or a suggestion (pending or not).
    pub fn new_note_id(&self) -> NoteId {
        let content = self.content();
        let in_marks = content
            .marks
            .spans()
            .iter()
            .filter_map(|span| span.marks.note.map(|note| note.0));
        let in_blocks = content
            .blocks
            .iter()
            .filter_map(|block| block.note.map(|note| note.id.0));
        let in_suggestions = self.suggestions.iter().flat_map(suggested_note_ids);
        NoteId(
            in_marks
                .chain(in_blocks)
                .chain(in_suggestions)
                .max()
                .unwrap_or(0)
                + 1,
        )
    }

    /// Suggests a footnote whose reference goes at `at`: the two linked
    /// insertions of the module doc, by `actor`, in one step.
    pub(super) fn suggest_footnote(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        at: ByteOffset,
    ) -> Result<Outcome, ModelError> {
        let reference_span = Span { start: at, end: at };
        self.check_span(reference_span)?;
        let note = NoteRef {
            id: self.new_note_id(),
            kind: NoteKind::Footnote,
        };
        let end = ByteOffset(self.text().len());
        let reference = reference_fragment(note.id);
        let reference_id = self.add_linked_insertion(
            step,
            actor,
            reference_span,
            reference.text.clone(),
            Some(reference),
        )?;
        let paragraph_id = self.add_linked_insertion(
            step,
            actor,
            Span { start: end, end },
            "\n".to_string(),
            None,
        )?;
        for (id, part, partner) in [
            (reference_id, NotePart::Reference, paragraph_id),
            (paragraph_id, NotePart::Paragraph, reference_id),
        ] {
            let index = self.suggestion_index(id)?;
            self.suggestions[index].note = Some(SuggestedNote {
                note,
                part,
                partner,
            });
        }
        step.label = "suggest a footnote".to_string();
        step.log_events.push(format!(
            "suggested footnote {} ({reference_id} its reference, {paragraph_id} its paragraph)",
            note.id
        ));
        Ok(Outcome {
            summary: format!("suggested a footnote ({reference_id})"),
            created_suggestion: Some(reference_id),
            ..Outcome::default()
        })
    }

    fn add_linked_insertion(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        span: Span,
        text: String,
        formatting: Option<Fragment>,
    ) -> Result<SuggestionId, ModelError> {
        let outcome =
            self.add_suggestion(step, actor, span, SuggestionKind::Insertion { text }, None)?;
        let id = outcome
            .created_suggestion
            .ok_or(ModelError::EmptySuggestion)?;
        let index = self.suggestion_index(id)?;
        self.suggestions[index].formatting = formatting;
        Ok(id)
    }

    /// Withdraws one's own suggested footnote (both halves), as Backspace
    /// over its reference or its paragraph's line break does.
    pub(super) fn withdraw_footnote(
        &mut self,
        step: &mut Step,
        id: SuggestionId,
        note: SuggestedNote,
    ) -> Result<Outcome, ModelError> {
        for withdrawn in [id, note.partner] {
            self.record_suggestion(step, withdrawn);
        }
        self.suggestions
            .retain(|suggestion| suggestion.id != id && suggestion.id != note.partner);
        step.label = "suggest a change".to_string();
        step.log_events.push(format!(
            "withdrew suggested footnote {} ({id} and {})",
            note.note.id, note.partner
        ));
        Ok(super::command::summary(format!(
            "withdrew the suggested footnote ({id})"
        )))
    }
}

/// True when `text`, the new text of one's own half of a suggested
/// footnote, leaves the footnote standing: the reference cannot change, and
/// the paragraph half must keep its first line break.
pub(super) fn footnote_survives(part: NotePart, text: &str) -> bool {
    match part {
        NotePart::Reference => false,
        NotePart::Paragraph => text.starts_with('\n'),
    }
}

/// The reference of note `note`: one note-reference character with its mark.
fn reference_fragment(note: NoteId) -> Fragment {
    let marks = Marks {
        note: Some(note),
        ..Marks::default()
    };
    Fragment::marked(NOTE_REFERENCE.to_string(), marks, &Block::default())
}

/// The block of every paragraph of note `note`.
pub(super) fn note_block(note: NoteRef) -> Block {
    Block {
        note: Some(note),
        ..Block::default()
    }
}

/// The note ids a suggestion puts in (marks and blocks of its formatting,
/// and its footnote).
fn suggested_note_ids(suggestion: &Suggestion) -> impl Iterator<Item = u32> + '_ {
    let fragment = suggestion.formatting.as_ref();
    let in_marks = fragment
        .into_iter()
        .flat_map(|fragment| &fragment.marks)
        .filter_map(|run| run.marks.note.map(|note| note.0));
    let in_blocks = fragment
        .into_iter()
        .flat_map(|fragment| &fragment.blocks)
        .filter_map(|block| block.note.map(|note| note.id.0));
    in_marks
        .chain(in_blocks)
        .chain(suggestion.note.map(|note| note.note.id.0))
}

/// How accepting the paragraph half of a suggested footnote changes the
/// content, as the module doc says: the edit putting in `text` at `span`,
/// and the format giving the last paragraph it opens the note's block.
/// `open_block` is the block of the paragraph the first line break ends
/// (the paragraph it goes into, or the note paragraph of another half
/// accepted just before at the same place).
pub(super) fn paragraph_changes(
    span: Span,
    text: &str,
    note: NoteRef,
    open_block: &Block,
) -> (Edit, FormatEdit) {
    let block = note_block(note);
    let breaks = text.matches('\n').count();
    let mut blocks = Vec::with_capacity(breaks);
    if breaks > 0 {
        blocks.push(open_block.clone());
        blocks.extend(std::iter::repeat_n(block.clone(), breaks - 1));
    }
    let fragment = Fragment {
        text: text.to_string(),
        marks: vec![MarkRun {
            len: text.len(),
            marks: Marks::default(),
        }],
        blocks,
    };
    let at = span.start..span.end;
    (
        Edit::fragment(at, fragment),
        FormatEdit {
            range: span.end..span.end,
            marks: MarkPatch::default(),
            block: BlockPatch::whole(&block),
        },
    )
}
