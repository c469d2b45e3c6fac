//! The redline between two versions as a Word document with real tracked
//! changes: every change of the comparison becomes a suggestion on the old
//! text (a move becomes a deletion where the paragraph was and an insertion
//! where it went, each naming the other; a formatting-only change becomes a
//! formatting suggestion, so the words show the new formatting and Word
//! keeps the old as `w:rPrChange` / `w:pPrChange`), and the `.docx` writer
//! turns the suggestions into Word's tracked changes.
//!
//! A move's destination is found in the old text through the unchanged
//! stretches: they appear in the same order in both texts (moved paragraphs
//! are not among them), so the k-th unchanged stretch of the new text is the
//! k-th of the old.

use super::{FormatError, docx};
use crate::model::blocks::BlockPatch;
use crate::model::compare::{Change, ChangeKind, Comparison};
use crate::model::content::Content;
use crate::model::marks::MarkPatch;
use crate::model::{
    Actor, ByteOffset, Command, Document, Person, Project, ProjectParts, Span, Suggestion,
    SuggestionId, SuggestionKind,
};
use chrono::{DateTime, Utc};
use std::ops::Range;
use std::path::PathBuf;

/// The redline from `old` to `new` as `.docx` bytes, the changes attributed
/// to `author` at `at`.
pub fn to_redline_docx(
    comparison: &Comparison,
    old_content: &Content,
    new_content: &Content,
    title: &str,
    author: &Person,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, FormatError> {
    let (old, new) = (old_content.text.as_str(), new_content.text.as_str());
    let old_gaps = gaps(
        comparison
            .changes
            .iter()
            .map(|change| change.old.clone())
            .collect(),
        old.len(),
    );
    let new_gaps = gaps(
        comparison
            .changes
            .iter()
            .map(|change| change.new.clone())
            .collect(),
        new.len(),
    );
    let new_to_old = |byte_in_new: usize| -> usize {
        let index = new_gaps.partition_point(|gap| gap.end < byte_in_new);
        match (new_gaps.get(index), old_gaps.get(index)) {
            (Some(new_gap), Some(old_gap)) if new_gap.start <= byte_in_new => {
                (old_gap.start + (byte_in_new - new_gap.start)).min(old_gap.end)
            }
            (_, Some(old_gap)) => old_gap.start,
            _ => old.len(),
        }
    };
    let mut next_id = 0;
    let mut suggestion = |span: Span, kind: SuggestionKind| {
        next_id += 1;
        Suggestion::pending(
            SuggestionId(next_id),
            span,
            old[span.range()].to_string(),
            kind,
            author.clone(),
            at,
        )
    };
    let mut suggestions = Vec::new();
    for change in &comparison.changes {
        let old_span = Span::new(change.old.start, change.old.end);
        match change.kind {
            ChangeKind::Insert => suggestions.push(suggestion(
                old_span,
                SuggestionKind::Insertion {
                    text: change.new_text.clone(),
                },
            )),
            ChangeKind::Delete => suggestions.push(suggestion(old_span, SuggestionKind::Deletion)),
            ChangeKind::Replace => suggestions.push(suggestion(
                old_span,
                SuggestionKind::Replacement {
                    text: change.new_text.clone(),
                },
            )),
            // Formatting changes become formatting suggestions below, once
            // the text suggestions are in place.
            ChangeKind::Format => {}
            ChangeKind::Move => {
                let mut removed = suggestion(old_span, SuggestionKind::Deletion);
                let destination = new_to_old(change.new.start);
                let mut inserted = suggestion(
                    Span::point(destination),
                    SuggestionKind::Insertion {
                        text: change.new_text.clone(),
                    },
                );
                removed.move_partner = Some(inserted.id);
                inserted.move_partner = Some(removed.id);
                suggestions.push(removed);
                suggestions.push(inserted);
            }
        }
    }
    suggestions
        .sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end, suggestion.id));
    let parts = ProjectParts {
        document: Document {
            title: title.to_string(),
            content: old_content.clone(),
            ..Document::default()
        },
        suggestions,
        ..ProjectParts::default()
    };
    let invalid = |error: &dyn std::fmt::Display| FormatError::Invalid {
        path: PathBuf::from("redline.docx"),
        message: format!("the comparison does not fit the old text: {error}"),
    };
    let mut project = Project::from_parts(parts).map_err(|error| invalid(&error))?;
    let actor = Actor {
        user: author.clone(),
        now: at,
    };
    for change in &comparison.changes {
        if change.kind == ChangeKind::Format {
            for command in formatting_commands(change, old_content, new_content) {
                project
                    .apply(command, &actor)
                    .map_err(|error| invalid(&error))?;
            }
        }
    }
    docx::export_redline(&project)
}

/// The formatting suggestions that give the old text of a formatting-only
/// change the new text's marks and blocks.
fn formatting_commands(change: &Change, old: &Content, new: &Content) -> Vec<Command> {
    let mut commands = Vec::new();
    let old_runs = old.marks.runs(change.old.clone());
    let new_runs = new.marks.runs(change.new.clone());
    let (mut old_index, mut new_index) = (0, 0);
    let (mut old_used, mut new_used) = (0, 0);
    let mut position = change.old.start;
    // The two texts read the same: walk their runs side by side.
    while let (Some(old_run), Some(new_run)) = (old_runs.get(old_index), new_runs.get(new_index)) {
        let len = (old_run.len - old_used).min(new_run.len - new_used);
        let (before, after) = (&old_run.marks, &new_run.marks);
        let words = &old.text[position..position + len];
        if before != after && words.bytes().any(|byte| byte != b'\n') {
            commands.push(Command::Format {
                range: ByteOffset(position)..ByteOffset(position + len),
                marks: MarkPatch {
                    set: after.styles.without(before.styles),
                    clear: before.styles.without(after.styles),
                    link: (before.link != after.link).then(|| after.link.clone()),
                    note: (before.note != after.note).then_some(after.note),
                },
                block: BlockPatch::default(),
                suggest: true,
            });
        }
        position += len;
        old_used += len;
        new_used += len;
        if old_used == old_run.len {
            old_index += 1;
            old_used = 0;
        }
        if new_used == new_run.len {
            new_index += 1;
            new_used = 0;
        }
    }
    let first = old.paragraph_index_at(change.old.start);
    let last = old.paragraph_index_at(change.old.end.saturating_sub(1).max(change.old.start));
    for paragraph in first..=last {
        let probe = old.paragraph_range(paragraph).start.max(change.old.start);
        let new_block = new.block_at(probe - change.old.start + change.new.start);
        if old.blocks.get(paragraph) != Some(new_block) {
            commands.push(Command::Format {
                range: ByteOffset(probe)..ByteOffset(probe),
                marks: MarkPatch::default(),
                block: BlockPatch::whole(new_block),
                suggest: true,
            });
        }
    }
    commands
}

/// The stretches of a text of `len` bytes that no range covers, in order.
fn gaps(mut covered: Vec<Range<usize>>, len: usize) -> Vec<Range<usize>> {
    covered.sort_by_key(|range| (range.start, range.end));
    let mut gaps = Vec::new();
    let mut byte = 0;
    for range in covered {
        if range.start > byte {
            gaps.push(byte..range.start);
        }
        byte = byte.max(range.end);
    }
    if byte < len {
        gaps.push(byte..len);
    }
    gaps
}
