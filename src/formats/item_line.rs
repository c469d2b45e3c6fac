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
    let section_end = fields(text, section).next()?;
    let found = fields(&text[section_end..], field)
        .find(|&after| leading_number(&text[section_end + after..]) == Some(number))?;
    Some(text[..section_end + found].matches('\n').count() + 1)
}

/// Where the values of the fields called `name` begin (just after the
/// colon) in `text`: `name` where a field starts (after `(`, `,` or the
/// start, spaces aside; not inside a sentence) followed by `:`.
fn fields<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(name).filter_map(move |(at, _)| {
        let starts_word = text[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| c == '(' || c == ',');
        let rest = &text[at + name.len()..];
        let colon = rest.len() - rest.trim_start().len();
        (starts_word && rest[colon..].starts_with(':')).then_some(at + name.len() + colon + 1)
    })
}

/// The whole number `text` begins with (after spaces), if any.
fn leading_number(text: &str) -> Option<u64> {
    let text = text.trim_start();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    text[..digits].parse().ok()
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
        // Words in the text are not fields.
        let prose = "(document: (paragraphs: [\"Send comments: to us\", \"id: 1\"]),\n comments: [\n (id: 1)])";
        assert_eq!(item_line(prose, Item::Comment(CommentId(1))), Some(3));
        // One line, as a hand-written file may be.
        let flat = "(comments: [(id: 1)], versions: [(id: 2, label: \"v\")])";
        assert_eq!(item_line(flat, Item::Version(VersionId(2))), Some(1));
        assert_eq!(item_line(flat, Item::Version(VersionId(1))), None);
    }
}
