//! The redline between two versions as a Word document with real tracked
//! changes: every change of the comparison becomes a suggestion on the old
//! text (a move becomes a deletion where the paragraph was and an insertion
//! where it went, each naming the other), and the `.docx` writer turns the
//! suggestions into `w:ins` / `w:del`.
//!
//! A move's destination is found in the old text through the unchanged
//! stretches: they appear in the same order in both texts (moved paragraphs
//! are not among them), so the k-th unchanged stretch of the new text is the
//! k-th of the old.

use super::{FormatError, docx};
use crate::model::compare::{ChangeKind, Comparison};
use crate::model::content::Content;
use crate::model::{
    Document, Person, Project, ProjectParts, Span, Suggestion, SuggestionId, SuggestionKind,
    SuggestionStatus,
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
        Suggestion {
            id: SuggestionId(next_id),
            span,
            original: old[span.range()].to_string(),
            kind,
            author: author.clone(),
            created: at,
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            material: false,
            move_partner: None,
            formatting: None,
        }
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
            // Formatting changes are listed by the compare reports; the Word
            // redline shows the changes of the words.
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
    let project = Project::from_parts(parts).map_err(|error| FormatError::Invalid {
        path: PathBuf::from("redline.docx"),
        message: format!("the comparison does not fit the old text: {error}"),
    })?;
    docx::export_redline(&project)
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
