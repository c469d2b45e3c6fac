//! Where an item of a project stands in project-file text, so that an error
//! about a comment, suggestion, version or sign-off record can name its line.
//!
//! The file lists items in sections (`comments: [`, `suggestions: [`, ...),
//! each item with its number (`id: 12,`, or `sequence: 2,` for sign-off
//! records). The line is that of the number within its section: exact for
//! files Redline writes, and the best available for files written by hand.

use crate::model::Item;

/// The 1-based line of `item` in `text`, when it can be found.
pub fn item_line(text: &str, item: Item) -> Option<usize> {
    let (section, field, number) = match item {
        Item::Comment(id) => ("comments", "id", id.0),
        Item::Reply(id) => ("comments", "id", id.0),
        Item::Suggestion(id) => ("suggestions", "id", id.0),
        Item::Dismissal(id) => ("dismissals", "id", id.0),
        Item::Version(id) => ("versions", "id", id.0),
        Item::SignOff(sequence) => ("signoffs", "sequence", sequence),
    };
    let mut lines = text.lines().enumerate();
    lines.find(|(_, line)| {
        line.trim_start()
            .strip_prefix(section)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    lines
        .find(|(_, line)| names_number(line, field, number))
        .map(|(index, _)| index + 1)
}

/// True when `line` holds `field: number` (as a whole number).
fn names_number(line: &str, field: &str, number: u64) -> bool {
    let mut rest = line;
    while let Some(found) = rest.find(field) {
        let before = &rest[..found];
        let after = rest[found + field.len()..].trim_start();
        let starts_field = before
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if starts_field && let Some(value) = after.strip_prefix(':') {
            let digits: String = value
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if digits.parse() == Ok(number) {
                return true;
            }
        }
        rest = &rest[found + field.len()..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CommentId, SuggestionId, VersionId};

    const TEXT: &str = "(\n  format_version: 1,\n  comments: [\n    (\n      id: 12,\n      span: (start_byte: 1, end_byte: 2),\n    ),\n  ],\n  suggestions: [\n    (\n      id: 3,\n      conflict: Some(12),\n    ),\n    (\n      id: 12345,\n    ),\n  ],\n  signoffs: [(sequence: 1, version: 3)],\n  versions: [(id: 3)],\n)\n";

    #[test]
    fn items_are_found_by_section_and_number() {
        assert_eq!(item_line(TEXT, Item::Comment(CommentId(12))), Some(5));
        assert_eq!(item_line(TEXT, Item::Suggestion(SuggestionId(3))), Some(11));
        assert_eq!(
            item_line(TEXT, Item::Suggestion(SuggestionId(12345))),
            Some(15)
        );
        assert_eq!(item_line(TEXT, Item::Version(VersionId(3))), Some(19));
        assert_eq!(item_line(TEXT, Item::SignOff(1)), Some(18));
        // `conflict: Some(12)` is not suggestion 12, and 1234 is not 12345.
        assert_eq!(item_line(TEXT, Item::Suggestion(SuggestionId(12))), None);
        assert_eq!(item_line(TEXT, Item::Suggestion(SuggestionId(1234))), None);
        assert_eq!(item_line("", Item::Comment(CommentId(1))), None);
    }
}
