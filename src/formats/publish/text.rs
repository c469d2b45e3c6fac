//! Plain-text export: the title, the front matter (organisation, version, effective date), the
//! reader-visible policy text (`super::visible_lines`: list labels, table cells row by row,
//! note numbers and the notes at the end) with each web or mail link's address in angle
//! brackets after its words, and the optional policy history. Nothing is wrapped; lines end
//! with `\n`.
//!
//! Plain text has no formatting: bold, italic and the other character styles, the table grid
//! and merged cells are not in it, and [`export_warnings`] says so with counts.

use super::{
    HISTORY_TITLE, Part, Publication, body, front_matter, history, history_entry_heading, one_line,
    policy_states_title, visible_lines,
};
use crate::model::content::Content;

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
///
/// The title and the effective date are left out of the front matter when the policy states
/// them itself.
pub fn to_plain_text(publication: &Publication) -> String {
    let body = visible_lines(publication.content, true).join("\n");
    let mut out = String::with_capacity(body.len() + 256);
    if !policy_states_title(publication) {
        out.push_str(&one_line(publication.title));
        out.push('\n');
    }
    for line in front_matter(publication) {
        out.push_str(&line);
        out.push('\n');
    }
    if !body.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
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

/// What plain text does not keep of `content`, with counts.
pub fn export_warnings(content: &Content) -> Vec<String> {
    let styled = content
        .marks
        .spans()
        .iter()
        .filter(|span| !span.marks.styles.is_empty())
        .count();
    let tables = body(content)
        .iter()
        .filter(|part| matches!(part, Part::Table(_)))
        .count();
    let mut warnings = Vec::new();
    if styled > 0 {
        warnings.push(format!(
            "{styled} stretches of bold, italic, underlined or other styled text are plain in a text file"
        ));
    }
    if tables > 0 {
        warnings.push(format!(
            "{tables} tables are written cell by cell, one cell per line, without their grid"
        ));
    }
    warnings
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
    use chrono::NaiveDate;

    #[test]
    fn layout_is_title_front_matter_text_history() {
        let history = [HistoryEntry {
            version: "1".into(),
            effective_date: NaiveDate::from_ymd_opt(2025, 1, 15),
            summary: "First\npublished.".into(),
            notice: Some("Emailed to users.".into()),
        }];
        let content = crate::formats::markdown::parse(
            "# Intro\n\nWe care. [Opt out](https://example.com/o).\n\n- a\n- b",
        )
        .content;
        let publication = Publication {
            organisation: "Acme Ltd",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            version_label: Some("2"),
            history: Some(&history),
            ..Publication::new("Privacy Policy", &content)
        };
        assert_eq!(
            to_plain_text(&publication),
            "Privacy Policy\nAcme Ltd\nVersion 2\nEffective Date: March 1, 2026\n\n\
             Intro\nWe care. Opt out <https://example.com/o>.\n• a\n• b\n\nPolicy History\n\n\
             Version 1 (effective January 15, 2025)\nFirst published.\nNotice: Emailed to users.\n"
        );
        assert_eq!(export_warnings(&content), Vec::<String>::new());
    }

    #[test]
    fn absent_fields_are_omitted() {
        let content = Content::plain("");
        let publication = Publication {
            organisation: " ",
            history: Some(&[]),
            ..Publication::new("T", &content)
        };
        assert_eq!(to_plain_text(&publication), "T\n");
    }
}
