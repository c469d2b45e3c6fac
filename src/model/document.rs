//! The policy document: its metadata and its [`Content`] (text, the block of
//! every paragraph, inline marks).

use super::content::Content;
use chrono::NaiveDate;

/// The policy's metadata and content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The policy's title, e.g. "Kestrelmoor Privacy Policy".
    pub title: String,
    /// The organisation the policy speaks for.
    pub organisation: String,
    /// The date the policy takes effect, when one is set.
    pub effective_date: Option<NaiveDate>,
    /// The policy: words, paragraph blocks and marks.
    pub content: Content,
}

/// Document metadata without the content, as undo records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// See [`Document::title`].
    pub title: String,
    /// See [`Document::organisation`].
    pub organisation: String,
    /// See [`Document::effective_date`].
    pub effective_date: Option<NaiveDate>,
}

impl Document {
    /// A document with this title and content and no other metadata.
    pub fn new(title: impl Into<String>, content: Content) -> Document {
        Document {
            title: title.into(),
            content,
            ..Document::default()
        }
    }

    /// The words, one paragraph per line.
    pub fn text(&self) -> &str {
        &self.content.text
    }

    /// The metadata, without the content.
    pub fn metadata(&self) -> Metadata {
        Metadata {
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            effective_date: self.effective_date,
        }
    }

    /// Replaces the metadata, keeping the content.
    pub fn set_metadata(&mut self, metadata: Metadata) {
        self.title = metadata.title;
        self.organisation = metadata.organisation;
        self.effective_date = metadata.effective_date;
    }
}
