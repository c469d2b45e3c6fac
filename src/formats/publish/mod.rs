//! Clean publication exporters: turn one version's policy text (all changes resolved) into the
//! formats counsel publish — standalone HTML, Markdown, plain text and PDF.
//!
//! This module owns the shared input ([`Publication`], [`HistoryEntry`]), the parsing of the
//! policy text into blocks (headings, list items, paragraphs), the reader-visible text
//! ([`visible_text`]) that every export must reproduce, and the shared wording (dates, version
//! labels, front matter). Each format lives in its own sibling module and is a pure function of
//! the [`Publication`]: no I/O, no clock, no randomness, so the same input always gives the same
//! bytes (which keeps export hashes in manifests reproducible).
//!
//! Text model: the version's content, one paragraph per line, each with its block (heading
//! level 1–6, list item, or paragraph); empty paragraphs are ignored; surrounding whitespace of
//! each paragraph is trimmed.

pub mod html;
pub mod markdown;
pub mod pdf;
pub mod text;

pub use html::to_html;
pub use markdown::to_markdown;
pub use pdf::to_pdf;
pub use text::to_plain_text;

use crate::model::content::Content;
use chrono::NaiveDate;

/// One version of a policy, ready to be exported.
#[derive(Debug, Clone, Copy)]
pub struct Publication<'a> {
    /// The policy's title, e.g. "Privacy Policy".
    pub title: &'a str,
    /// The organisation publishing the policy; an empty string omits it.
    pub organisation: &'a str,
    /// The date the policy takes effect; `None` omits the effective-date line.
    pub effective_date: Option<NaiveDate>,
    /// The version's label, e.g. "3" or "2026-03"; `None` omits it.
    pub version_label: Option<&'a str>,
    /// The policy: words, blocks and marks.
    pub content: &'a Content,
    /// Optional policy history appended at the end of the export.
    pub history: Option<&'a [HistoryEntry]>,
}

/// One row of the policy history appended to an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The version's label, e.g. "2".
    pub version: String,
    /// The date that version took effect, if known.
    pub effective_date: Option<NaiveDate>,
    /// A short summary of what changed.
    pub summary: String,
    /// The material-change notice given to users, if any.
    pub notice: Option<String>,
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The embedded font could not be parsed.
    #[error("embedded font {0} could not be read")]
    Font(&'static str),
    /// The embedded font could not be subset for the document.
    #[error("embedded font {name} could not be subset: {reason}")]
    Subset {
        /// Which font failed.
        name: &'static str,
        /// What the subsetter reported.
        reason: String,
    },
}

/// A block of the policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block<'a> {
    /// A heading of level 1–6 and its text.
    Heading(u8, &'a str),
    /// A list item's text.
    Item(&'a str),
    /// A literal paragraph.
    Paragraph(&'a str),
}

impl<'a> Block<'a> {
    /// The words a reader sees for this block.
    pub(crate) fn content(self) -> &'a str {
        match self {
            Block::Heading(_, s) | Block::Item(s) | Block::Paragraph(s) => s,
        }
    }
}

/// The blocks of a policy in order, skipping empty paragraphs.
pub(crate) fn blocks(content: &Content) -> impl Iterator<Item = Block<'_>> {
    content.paragraphs().filter_map(|(range, block)| {
        let words = content.text[range].trim();
        if words.is_empty() {
            return None;
        }
        Some(match (block.style.heading_level(), &block.list) {
            (Some(level), _) => Block::Heading(level, words),
            (None, Some(_)) => Block::Item(words),
            (None, None) => Block::Paragraph(words),
        })
    })
}

/// The words a reader sees: every paragraph, heading and list item, trimmed, one per line
/// (joined with `\n`, no trailing newline); empty paragraphs are dropped.
pub fn visible_text(content: &Content) -> String {
    let mut out = String::with_capacity(content.text.len());
    for block in blocks(content) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(block.content());
    }
    out
}

/// Formats a date the way exports show it: "March 1, 2026".
pub(crate) fn format_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// The effective-date line shown by every format: "Effective Date: March 1, 2026".
pub(crate) fn effective_date_line(date: NaiveDate) -> String {
    format!("Effective Date: {}", format_date(date))
}

/// "Version 3" for a label "3"; a label that already starts with "version" is kept as is.
pub(crate) fn version_heading(label: &str) -> String {
    let label = one_line(label);
    let starts_with_version = label
        .get(..7)
        .is_some_and(|head| head.eq_ignore_ascii_case("version"));
    if starts_with_version {
        label
    } else {
        format!("Version {label}")
    }
}

/// The heading of one history entry: "Version 2 (effective March 1, 2026)".
pub(crate) fn history_entry_heading(entry: &HistoryEntry) -> String {
    let mut heading = version_heading(&entry.version);
    if let Some(date) = entry.effective_date {
        heading.push_str(" (effective ");
        heading.push_str(&format_date(date));
        heading.push(')');
    }
    heading
}

/// The title of the history section in every format.
pub(crate) const HISTORY_TITLE: &str = "Policy History";

/// Collapses every run of whitespace (including newlines) into one space and trims, so that a
/// one-line field (title, organisation, history cell) stays on one line.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The front-matter lines under the title, in order: organisation, version, effective date
/// (each omitted when absent or blank).
pub(crate) fn front_matter(publication: &Publication) -> Vec<String> {
    let mut lines = Vec::with_capacity(3);
    let organisation = one_line(publication.organisation);
    if !organisation.is_empty() {
        lines.push(organisation);
    }
    if let Some(label) = publication.version_label.filter(|l| !l.trim().is_empty()) {
        lines.push(version_heading(label));
    }
    if let Some(date) = publication.effective_date {
        lines.push(effective_date_line(date));
    }
    lines
}

/// The history entries to append, or `None` when there are none.
pub(crate) fn history<'a>(publication: &Publication<'a>) -> Option<&'a [HistoryEntry]> {
    publication.history.filter(|entries| !entries.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_drops_empty_paragraphs() {
        let content = Content::from_marked_text("# Title\n\nIntro.\n- one\n- two\n## Sub\n#tag");
        assert_eq!(visible_text(&content), "Title\nIntro.\none\ntwo\nSub\n#tag");
        let kinds: Vec<Block> = blocks(&content).collect();
        assert_eq!(kinds[0], Block::Heading(1, "Title"));
        assert_eq!(kinds[2], Block::Item("one"));
        assert_eq!(kinds[5], Block::Paragraph("#tag"));
        assert_eq!(visible_text(&Content::plain("")), "");
    }

    #[test]
    fn dates_and_versions_read_naturally() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(date.map(format_date).as_deref(), Some("March 1, 2026"));
        assert_eq!(version_heading("3"), "Version 3");
        assert_eq!(version_heading("Version 3"), "Version 3");
        assert_eq!(version_heading("v\n2"), "Version v 2");
    }
}
