//! The policy document: its metadata and its text, and the outline read from
//! the text.
//!
//! The text is UTF-8 with one paragraph per line (`\n`). A heading is a line
//! that starts with one to three `#` and a space (`## Data Retention`), a list
//! item one that starts with `- `. These are the same conventions as
//! Markdown, so the text reads well as it is and imports and exports simply.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The policy's metadata and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Document {
    /// The policy's title, e.g. "Kestrelmoor Privacy Policy".
    pub title: String,
    /// The organisation the policy speaks for.
    pub organisation: String,
    /// The date the policy takes effect, when one is set.
    pub effective_date: Option<NaiveDate>,
    /// The policy text, one paragraph per line.
    pub text: String,
}

/// Document metadata without the text, as undo records it.
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
    /// The metadata, without the text.
    pub fn metadata(&self) -> Metadata {
        Metadata {
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            effective_date: self.effective_date,
        }
    }

    /// Replaces the metadata, keeping the text.
    pub fn set_metadata(&mut self, metadata: Metadata) {
        self.title = metadata.title;
        self.organisation = metadata.organisation;
        self.effective_date = metadata.effective_date;
    }
}

/// A heading of the policy, for the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The heading's words, without the `#` marks.
    pub title: String,
    /// The bytes of the whole heading line, without its newline.
    pub line: Range<usize>,
}

/// The byte ranges of the paragraphs (lines) of `text`, without newlines.
pub fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let range = start..start + line.len();
        start = range.end + 1;
        range
    })
}

/// The heading level and title of a line, if it is a heading.
///
/// ```
/// use redline::model::document::heading_of;
/// assert_eq!(heading_of("## Data Retention"), Some((2, "Data Retention")));
/// assert_eq!(heading_of("#hashtag"), None);
/// ```
pub fn heading_of(line: &str) -> Option<(u8, &str)> {
    let marks = line.bytes().take_while(|&byte| byte == b'#').count();
    if !(1..=3).contains(&marks) {
        return None;
    }
    let title = line[marks..].strip_prefix(' ')?;
    Some((marks as u8, title.trim()))
}

/// The headings of `text`, in order.
pub fn outline(text: &str) -> Vec<Heading> {
    paragraphs(text)
        .filter_map(|line| {
            let (level, title) = heading_of(&text[line.clone()])?;
            Some(Heading {
                level,
                title: title.to_string(),
                line,
            })
        })
        .collect()
}

/// The text without Markdown heading and list marks: what a reader of the
/// published policy sees, one paragraph per line.
pub fn plain_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    for (index, line) in paragraphs(text).enumerate() {
        if index > 0 {
            plain.push('\n');
        }
        let line = &text[line];
        plain.push_str(heading_of(line).map_or(line, |(_, title)| title));
    }
    plain
}
