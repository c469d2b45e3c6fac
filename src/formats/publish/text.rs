//! Plain-text export: the title, the front matter (organisation, version, effective date), the
//! reader-visible policy text exactly as [`super::visible_text`] gives it, and the optional
//! policy history. Nothing is wrapped; lines end with `\n`.
//!
//! The PDF exporter draws the same lines (plus its running header and footer), so this text is
//! also the reference the PDF is read back against.

use super::{HISTORY_TITLE, Publication, front_matter, history, history_entry_heading, one_line};

/// Renders the publication as plain UTF-8 text:
///
/// ```text
/// Title
/// Organisation
/// Version 3
/// Effective Date: March 1, 2026
///
/// <visible text, one paragraph per line>
///
/// Policy History
///
/// Version 2 (effective January 1, 2026)
/// <summary>
/// Notice: <notice>
/// ```
pub fn to_plain_text(publication: &Publication) -> String {
    let body = super::visible_text(publication.content);
    let mut out = String::with_capacity(body.len() + 256);
    out.push_str(&one_line(publication.title));
    out.push('\n');
    for line in front_matter(publication) {
        out.push_str(&line);
        out.push('\n');
    }
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    if let Some(entries) = history(publication) {
        out.push('\n');
        out.push_str(HISTORY_TITLE);
        out.push('\n');
        for entry in entries {
            out.push('\n');
            for line in history_entry_lines(entry) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// The lines of one history entry: its heading, its summary and its notice (blank ones
/// omitted), each on one line. Shared with the PDF exporter.
pub(crate) fn history_entry_lines(entry: &super::HistoryEntry) -> Vec<String> {
    let mut lines = vec![history_entry_heading(entry)];
    let summary = one_line(&entry.summary);
    if !summary.is_empty() {
        lines.push(summary);
    }
    if let Some(notice) = entry.notice.as_deref().map(one_line)
        && !notice.is_empty()
    {
        lines.push(format!("Notice: {notice}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::HistoryEntry;
    use super::*;
    use crate::model::content::Content;
    use chrono::NaiveDate;

    #[test]
    fn layout_is_title_front_matter_text_history() {
        let history = [HistoryEntry {
            version: "1".into(),
            effective_date: NaiveDate::from_ymd_opt(2025, 1, 15),
            summary: "First\npublished.".into(),
            notice: Some("Emailed to users.".into()),
        }];
        let publication = Publication {
            title: "Privacy Policy",
            organisation: "Acme Ltd",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            version_label: Some("2"),
            content: &Content::from_marked_text("# Intro\nWe care.\n- a\n- b"),
            history: Some(&history),
        };
        assert_eq!(
            to_plain_text(&publication),
            "Privacy Policy\nAcme Ltd\nVersion 2\nEffective Date: March 1, 2026\n\n\
             Intro\nWe care.\na\nb\n\nPolicy History\n\n\
             Version 1 (effective January 15, 2025)\nFirst published.\nNotice: Emailed to users.\n"
        );
    }

    #[test]
    fn absent_fields_are_omitted() {
        let publication = Publication {
            title: "T",
            organisation: " ",
            effective_date: None,
            version_label: None,
            content: &Content::plain(""),
            history: Some(&[]),
        };
        assert_eq!(to_plain_text(&publication), "T\n");
    }
}
