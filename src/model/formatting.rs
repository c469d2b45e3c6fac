//! Changing formatting: directly (Edit mode) or as a formatting suggestion
//! (Suggest mode, and Word's `w:rPrChange` / `w:pPrChange`).
//!
//! A formatting suggestion is applied to the content at once, so the text
//! shows the new formatting, and it records what was there before, piece by
//! piece, as Word keeps the complete previous properties. Accepting only
//! changes its status; rejecting applies the recorded pieces back, which
//! restores exactly the previous attributes. The pieces' spans are mapped
//! through every later edit like any other anchor.

use super::ModelError;
use super::annotation::{SuggestionId, SuggestionKind};
use super::blocks::{Block, BlockPatch};
use super::changeset::{ChangeSet, FormatEdit, Operation};
use super::command::{Actor, Outcome};
use super::content::Content;
use super::history::Step;
use super::marks::MarkPatch;
use super::offset::ByteOffset;
use super::project::Project;
use super::span::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a formatting suggestion changes, and what was there before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatSuggestion {
    /// The change of the characters' marks.
    #[serde(default)]
    pub marks: MarkPatch,
    /// The change of the paragraphs' blocks.
    #[serde(default)]
    pub block: BlockPatch,
    /// What rejecting puts back, piece by piece.
    #[serde(default)]
    pub previous: Vec<PreviousFormat>,
}

/// One piece of what a formatting suggestion replaced: a stretch of
/// characters whose marks, or a paragraph whose block, it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousFormat {
    /// The characters, or for a block the paragraph's line break (an empty
    /// span at the end of the text for the last paragraph).
    pub span: Span,
    /// The patch that puts the characters' marks back.
    #[serde(default)]
    pub marks: MarkPatch,
    /// The patch that puts the paragraph's block back.
    #[serde(default)]
    pub block: BlockPatch,
    /// The block before, for describing the change ("Heading 2 → Normal").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_before: Option<Block>,
}

impl FormatSuggestion {
    /// The change in words, as cards and the log show it: "Formatted: bold,
    /// not italic", "Heading 2 → Normal", "link https://a → https://b".
    pub fn description(&self) -> String {
        let mut parts = Vec::new();
        let set: Vec<&str> = self.marks.set.names().collect();
        let cleared: Vec<String> = self
            .marks
            .clear
            .names()
            .map(|name| format!("not {name}"))
            .collect();
        if !set.is_empty() || !cleared.is_empty() {
            let mut words: Vec<String> = set.iter().map(|name| name.to_string()).collect();
            words.extend(cleared);
            parts.push(format!("Formatted: {}", words.join(", ").replace('_', " ")));
        }
        if let Some(link) = &self.marks.link {
            let before = self
                .previous
                .iter()
                .find_map(|piece| piece.marks.link.clone().flatten());
            parts.push(match (before, link) {
                (Some(old), Some(new)) => format!("link {old} → {new}"),
                (None, Some(new)) => format!("link to {new}"),
                (Some(old), None) => format!("link to {old} removed"),
                (None, None) => "link removed".to_string(),
            });
        }
        if !self.block.is_empty() {
            let before = self
                .previous
                .iter()
                .find_map(|piece| piece.block_before.clone())
                .unwrap_or_default();
            let after = self.block.apply(&before);
            parts.push(format!("{} → {}", before.describe(), after.describe()));
        }
        if parts.is_empty() {
            "Formatted".to_string()
        } else {
            parts.join("; ")
        }
    }

    /// The spans of the pieces, for mapping through edits.
    pub(super) fn spans_mut(&mut self) -> impl Iterator<Item = &mut Span> {
        self.previous.iter_mut().map(|piece| &mut piece.span)
    }

    /// The formatting edits that put the previous attributes back.
    fn restoring_edits(&self, text_len: usize) -> Vec<FormatEdit> {
        let mut edits: Vec<FormatEdit> = self
            .previous
            .iter()
            .map(|piece| {
                let start = piece.span.start.0.min(text_len);
                let range = if piece.block.is_empty() {
                    piece.span.start..piece.span.end
                } else {
                    ByteOffset(start)..ByteOffset(start)
                };
                FormatEdit {
                    range,
                    marks: piece.marks.clone(),
                    block: piece.block.clone(),
                }
            })
            .collect();
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        edits
    }
}

/// The pieces a formatting change set replaces, read from its inverse
/// (built against the content before the change).
fn previous_pieces(inverse: &ChangeSet, content_before: &Content) -> Vec<PreviousFormat> {
    let mut pieces = Vec::new();
    let mut byte = 0;
    for operation in inverse.operations() {
        match operation {
            Operation::Format(len, patch) => {
                let range = byte..byte + len;
                if !patch.marks.is_empty() {
                    pieces.push(PreviousFormat {
                        span: Span::new(range.start, range.end),
                        marks: patch.marks.clone(),
                        block: BlockPatch::default(),
                        block_before: None,
                    });
                }
                if !patch.block.is_empty() {
                    // One piece per paragraph: each line break is put back
                    // on its own.
                    let text = content_before.text.as_bytes();
                    for offset in memchr::memchr_iter(b'\n', &text[range.clone()]) {
                        let at = range.start + offset;
                        pieces.push(PreviousFormat {
                            span: Span::new(at, at + 1),
                            marks: MarkPatch::default(),
                            block: patch.block.clone(),
                            block_before: Some(content_before.block_at(at).clone()),
                        });
                    }
                }
                byte += len;
            }
            Operation::Retain(len) | Operation::Delete(len) => byte += len,
            Operation::Insert(_) => {}
        }
    }
    if let Some(patch) = inverse.last_block() {
        let end = content_before.text.len();
        pieces.push(PreviousFormat {
            span: Span::point(end),
            marks: MarkPatch::default(),
            block: patch.clone(),
            block_before: content_before.blocks.last().cloned(),
        });
    }
    pieces
}

impl Project {
    /// Formats `range`: in the text (Edit mode), or as a formatting
    /// suggestion by the actor (Suggest mode).
    pub(super) fn format(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        range: Range<ByteOffset>,
        marks: MarkPatch,
        block: BlockPatch,
        suggest: bool,
    ) -> Result<Outcome, ModelError> {
        let span = Span {
            start: range.start,
            end: range.end,
        };
        self.check_span(span)?;
        let edit = FormatEdit {
            range,
            marks: marks.clone(),
            block: block.clone(),
        };
        let change = ChangeSet::format(self.content(), std::slice::from_ref(&edit))?;
        if change.is_identity() {
            return Ok(Outcome::default());
        }
        let suggestion = FormatSuggestion {
            marks,
            block,
            previous: previous_pieces(&change.invert(self.content()), self.content()),
        };
        let description = suggestion.description();
        self.change_text(step, change);
        if !suggest {
            step.label = "format".to_string();
            step.log_events.push(format!(
                "formatted bytes {}..{}: {description}",
                span.start.0, span.end.0
            ));
            return Ok(Outcome {
                summary: description,
                ..Outcome::default()
            });
        }
        let outcome =
            self.add_suggestion(step, actor, span, SuggestionKind::Format(suggestion), None)?;
        step.label = "suggest formatting".to_string();
        Ok(outcome)
    }

    /// Puts back what a formatting suggestion changed (its rejection).
    pub(super) fn restore_format(
        &mut self,
        step: &mut Step,
        id: SuggestionId,
    ) -> Result<(), ModelError> {
        let index = self.suggestion_index(id)?;
        let SuggestionKind::Format(suggestion) = &self.suggestions[index].kind else {
            return Ok(());
        };
        let edits = suggestion.restoring_edits(self.text().len());
        let change = ChangeSet::format(self.content(), &edits)?;
        if !change.is_identity() {
            self.change_text(step, change);
        }
        Ok(())
    }
}

/// The formatting edits that make `from`'s attributes exactly `to`'s; the
/// two must have the same text. Paragraphs already alike get none.
pub fn formatting_edits(from: &Content, to: &Content) -> Vec<FormatEdit> {
    debug_assert_eq!(from.text, to.text);
    let mut edits = Vec::new();
    for ((range, from_block), to_block) in from.paragraphs().zip(&to.blocks) {
        if from_block != to_block {
            edits.push(FormatEdit {
                range: ByteOffset(range.start)..ByteOffset(range.start),
                marks: MarkPatch::default(),
                block: BlockPatch::whole(to_block),
            });
        }
        let target_runs = to.marks.runs(range.clone());
        if from.marks.runs(range.clone()) == target_runs {
            continue;
        }
        let mut position = range.start;
        for run in target_runs {
            edits.push(FormatEdit {
                range: ByteOffset(position)..ByteOffset(position + run.len),
                marks: MarkPatch::exactly(&run.marks),
                block: BlockPatch::default(),
            });
            position += run.len;
        }
    }
    edits
}
