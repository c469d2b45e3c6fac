//! Reading projects saved before Redline kept structure apart from the
//! words: their text carries `#` headings, `- ` bullets and `1. ` numbers
//! ([`super::blocks::legacy`]). The marks leave the text through one change
//! set, so every comment, suggestion and dismissal keeps to its words, and
//! become blocks.

use super::ModelError;
use super::annotation::SuggestionKind;
use super::blocks::legacy::line_marks;
use super::changeset::{ChangeSet, Edit};
use super::content::Content;
use super::formatting::formatting_edits;
use super::project::{Project, ProjectParts};

/// Parts whose text carries structure marks, with the marks moved into
/// blocks (see [`Project::migrate_structure_marks`]).
pub fn parts_without_structure_marks(parts: ProjectParts) -> Result<ProjectParts, ModelError> {
    let mut project = Project::from_parts(parts)?;
    project.migrate_structure_marks();
    Ok(project.to_parts())
}

impl Project {
    /// Moves the structure marks of the draft's text into blocks, mapping
    /// every anchor; strips them from the texts of suggestions too. Not an
    /// undo step: this is how the project is read.
    pub fn migrate_structure_marks(&mut self) {
        let target = Content::from_marked_text(self.text());
        let mut edits = Vec::new();
        for range in self.content().paragraph_ranges() {
            if let Some(marks) = line_marks(&self.text()[range.clone()]) {
                edits.push(Edit::new(range.start..range.start + marks.prefix_len, ""));
            }
        }
        if let Ok(change) = ChangeSet::from_edits(self.content(), &edits)
            && !change.is_identity()
        {
            self.map_everything(&change, true);
        }
        debug_assert_eq!(self.text(), target.text);
        let formats = formatting_edits(self.content(), &target);
        if let Ok(change) = ChangeSet::format(self.content(), &formats)
            && !change.is_identity()
        {
            self.map_everything(&change, false);
        }
        for suggestion in &mut self.suggestions {
            match &mut suggestion.kind {
                SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
                    *text = without_line_marks(text);
                }
                SuggestionKind::Alternatives { candidates } => {
                    for candidate in candidates {
                        *candidate = without_line_marks(candidate);
                    }
                }
                SuggestionKind::Deletion | SuggestionKind::Format(_) => {}
            }
            if !suggestion.orphaned && suggestion.status.is_pending() {
                suggestion.original =
                    self.document.content.text[suggestion.span.range()].to_string();
            }
        }
    }
}

/// `text` with the structure marks of the lines after its first removed
/// (its first line continues a paragraph, so its start is words).
fn without_line_marks(text: &str) -> String {
    let mut lines = text.split('\n');
    let mut result = lines.next().unwrap_or_default().to_string();
    for line in lines {
        result.push('\n');
        let prefix = line_marks(line).map_or(0, |marks| marks.prefix_len);
        result.push_str(&line[prefix..]);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_leave_inserted_lines_only_after_a_break() {
        assert_eq!(
            without_line_marks("- keep\n## Next\n1. item"),
            "- keep\nNext\nitem"
        );
    }
}
