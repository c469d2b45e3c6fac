//! Consistency a project needs beyond valid spans and unique ids: sign-off
//! records name versions that exist, ids leave room for the next one, and a
//! pending suggestion still covers the text it was made on.
//!
//! The first two are refused when a project is built from parts (a file
//! edited by hand or damaged). The third can also arise from the user's own
//! edits (typing inside a pending suggestion in Edit mode), so it is not an
//! error: such a suggestion is reported when the project is opened and
//! cannot be accepted, because accepting it would make a change other than
//! the one its card shows.

use super::ModelError;
use super::annotation::{CommentId, ReplyId, Suggestion, SuggestionId};
use super::findings::DismissalId;
use super::project::Project;
use super::signoff::SignOffRecord;
use super::versions::{Version, VersionId};
use std::fmt;

/// One item of a project, as errors about a file name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A comment thread.
    Comment(CommentId),
    /// A reply in a thread.
    Reply(ReplyId),
    /// A suggestion.
    Suggestion(SuggestionId),
    /// A dismissed finding.
    Dismissal(DismissalId),
    /// A version.
    Version(VersionId),
    /// A sign-off record, by its number in the chain.
    SignOff(u64),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Comment(id) => write!(f, "comment {id}"),
            Item::Reply(id) => write!(f, "reply {id}"),
            Item::Suggestion(id) => write!(f, "suggestion {id}"),
            Item::Dismissal(id) => write!(f, "dismissed finding {id}"),
            Item::Version(id) => write!(f, "version {id}"),
            Item::SignOff(sequence) => write!(f, "sign-off record {sequence}"),
        }
    }
}

impl Item {
    /// The item's id as users see it: `C5`, `R7`, `S3`, `D2`, `V3`, or the
    /// sign-off record's number.
    pub fn id_text(&self) -> String {
        match self {
            Item::Comment(id) => id.to_string(),
            Item::Reply(id) => id.to_string(),
            Item::Suggestion(id) => id.to_string(),
            Item::Dismissal(id) => id.to_string(),
            Item::Version(id) => id.to_string(),
            Item::SignOff(sequence) => sequence.to_string(),
        }
    }
}

impl ModelError {
    /// This error, about `item`.
    pub(super) fn in_item(self, item: Item) -> ModelError {
        ModelError::InItem {
            item,
            error: Box::new(self),
        }
    }

    /// The one item of a project this error is about, when it is about one
    /// (so that a file's reader can say where it is).
    pub fn item(&self) -> Option<Item> {
        match self {
            ModelError::InItem { item, .. } | ModelError::IdTooLarge(item) => Some(*item),
            ModelError::SignOffWithoutVersion { sequence, .. } => Some(Item::SignOff(*sequence)),
            _ => None,
        }
    }
}

/// How many characters of a text an error quotes.
const QUOTE_CHARS: usize = 60;

/// Refuses sign-off records that name a version the project does not have.
pub(super) fn check_signoffs(
    signoffs: &[SignOffRecord],
    versions: &[Version],
) -> Result<(), ModelError> {
    match signoffs
        .iter()
        .find(|record| !versions.iter().any(|version| version.id == record.version))
    {
        Some(record) => Err(ModelError::SignOffWithoutVersion {
            sequence: record.sequence,
            version: record.version,
        }),
        None => Ok(()),
    }
}

/// The id after the largest one used, by `item`: an id at the very top
/// would leave no room for another, and the next one would wrap around onto
/// ids in use.
pub(super) fn id_after(largest: u64, item: Item) -> Result<u64, ModelError> {
    largest.checked_add(1).ok_or(ModelError::IdTooLarge(item))
}

/// Why `suggestion` cannot be accepted as it stands on `text`: it is pending
/// and not orphaned or in conflict (those say so themselves), but the text
/// under it is no longer the text it was made on.
pub(super) fn text_changed_under(suggestion: &Suggestion, text: &str) -> Option<ModelError> {
    let now = text.get(suggestion.span.range())?;
    let stale = suggestion.status.is_pending()
        && !suggestion.orphaned
        && suggestion.conflict.is_none()
        && now != suggestion.original;
    stale.then(|| ModelError::TextChangedUnderSuggestion {
        id: suggestion.id,
        original: shortened(&suggestion.original),
        now: shortened(now),
    })
}

/// `text`, cut to [`QUOTE_CHARS`] characters with an ellipsis.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl Project {
    /// What the user should be told on opening the project: each pending
    /// suggestion whose text changed after it was made, which cannot be
    /// accepted as it stands. Empty for a consistent project.
    pub fn warnings(&self) -> Vec<String> {
        self.suggestions()
            .iter()
            .filter_map(|suggestion| text_changed_under(suggestion, self.text()))
            .map(|error| error.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_shortened() {
        assert_eq!(shortened("short"), "short");
        let long = "é".repeat(70);
        assert_eq!(shortened(&long), format!("{}…", "é".repeat(60)));
    }

    #[test]
    fn the_id_after_the_largest_possible_is_an_error() {
        assert_eq!(id_after(7, Item::Comment(CommentId(7))), Ok(8));
        assert_eq!(
            id_after(u64::MAX, Item::Comment(CommentId(u64::MAX)))
                .map_err(|error| error.to_string()),
            Err("comment C18446744073709551615: its id is too large (the file was changed outside Redline or is damaged)".to_string())
        );
    }
}
