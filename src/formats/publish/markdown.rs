//! Markdown export: the title as `# `, the front matter and "Effective Date: …" line, the policy
//! text, and the optional policy history as a pipe table.
//!
//! The policy is written by [`crate::formats::markdown::render`]: its headings, lists, quotes,
//! tables, notes and inline formatting as Markdown, its words escaped so that none becomes
//! markup (and no raw HTML from the text reaches a Markdown renderer). In history table cells
//! `|` is escaped and line breaks become spaces.
//!
//! Renderers may still apply typography: Pandoc's default `smart` extension shows `--`/`---`
//! as dashes and straight quotes as curly ones; the words are unchanged.

use super::{HISTORY_TITLE, Publication, format_date, front_matter, history, one_line};

/// Renders the publication as Markdown (Pandoc- and CommonMark-compatible).
pub fn to_markdown(publication: &Publication) -> String {
    let mut out = String::with_capacity(publication.content.text.len() * 11 / 10 + 1024);
    out.push_str("# ");
    push_heading_text(&mut out, &one_line(publication.title));
    out.push('\n');
    for line in front_matter(publication) {
        out.push('\n');
        push_paragraph_text(&mut out, &line);
        out.push('\n');
    }
    let body = crate::formats::markdown::render(publication.content);
    if !body.markdown.is_empty() {
        out.push('\n');
        out.push_str(&body.markdown);
        out.push('\n');
    }
    if let Some(entries) = history(publication) {
        out.push_str("\n## ");
        out.push_str(HISTORY_TITLE);
        out.push_str("\n\n| Version | Effective Date | Summary of Changes | Notice |\n");
        out.push_str("| --- | --- | --- | --- |\n");
        for entry in entries {
            out.push_str("| ");
            push_cell(&mut out, &entry.version);
            out.push_str(" | ");
            if let Some(date) = entry.effective_date {
                out.push_str(&format_date(date));
            }
            out.push_str(" | ");
            push_cell(&mut out, &entry.summary);
            out.push_str(" | ");
            push_cell(&mut out, entry.notice.as_deref().unwrap_or(""));
            out.push_str(" |\n");
        }
    }
    out
}

/// Appends inline text, escaping every `<` (raw HTML, autolinks).
fn push_inline(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, _) in text.match_indices('<') {
        out.push_str(&text[start..i]);
        out.push_str("\\<");
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends a paragraph or list item's text so that it stays a literal paragraph.
fn push_paragraph_text(out: &mut String, text: &str) {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if text.starts_with(|c: char| c.is_ascii_punctuation()) {
        // ASCII punctuation is one byte; escaping it also covers a leading `<`.
        out.push('\\');
        out.push_str(&text[..1]);
        push_inline(out, &text[1..]);
    } else if looks_like_ordered_marker(first_word) {
        // The marker is ASCII, so `len - 1` is the byte offset of its closing `.` or `)`.
        let split = first_word.len() - 1;
        push_inline(out, &text[..split]);
        out.push('\\');
        push_inline(out, &text[split..]);
    } else {
        push_inline(out, text);
    }
}

/// Whether a word would start an ordered list in Pandoc or CommonMark: digits, one letter or a
/// roman numeral followed by `.` or `)`.
fn looks_like_ordered_marker(word: &str) -> bool {
    let Some(stem) = word.strip_suffix(['.', ')']) else {
        return false;
    };
    let digits = !stem.is_empty() && stem.len() <= 9 && stem.bytes().all(|b| b.is_ascii_digit());
    let letter = stem.len() == 1 && stem.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = !stem.is_empty() && stem.bytes().all(|b| b"ivxlcdmIVXLCDM".contains(&b));
    digits || letter || roman
}

/// Appends heading text, escaping a trailing run of `#` (an ATX closing sequence).
fn push_heading_text(out: &mut String, text: &str) {
    let kept = text.trim_end_matches('#');
    if kept.len() == text.len() {
        push_inline(out, text);
    } else {
        push_inline(out, kept);
        out.push('\\');
        out.push_str(&text[kept.len()..]);
    }
}

/// Appends a table cell: one line, `|` and `<` escaped.
fn push_cell(out: &mut String, text: &str) {
    let text = one_line(text);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '|' || c == '<' {
            out.push_str(&text[start..i]);
            out.push('\\');
            out.push(c);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> String {
        let mut out = String::new();
        push_paragraph_text(&mut out, text);
        out
    }

    #[test]
    fn literal_paragraphs_that_look_like_markup_are_escaped() {
        assert_eq!(paragraph("#### deep"), "\\#### deep");
        assert_eq!(paragraph("#tag"), "\\#tag");
        assert_eq!(paragraph("> quote"), "\\> quote");
        assert_eq!(paragraph("(a) data"), "\\(a) data");
        assert_eq!(paragraph("1. first"), "1\\. first");
        assert_eq!(paragraph("iv) fourth"), "iv\\) fourth");
        assert_eq!(paragraph("We <b>care</b>"), "We \\<b>care\\</b>");
        assert_eq!(paragraph("<b>x</b>"), "\\<b>x\\</b>");
        assert_eq!(
            paragraph("Plain *emphasis* stays"),
            "Plain *emphasis* stays"
        );
        assert_eq!(paragraph("Mr. Smith"), "Mr. Smith");
    }

    #[test]
    fn heading_closing_hashes_are_escaped() {
        let mut out = String::new();
        push_heading_text(&mut out, "Use of C #");
        assert_eq!(out, "Use of C \\#");
    }

    #[test]
    fn cells_stay_on_one_line() {
        let mut out = String::new();
        push_cell(&mut out, "a | b\nc");
        assert_eq!(out, "a \\| b c");
    }
}
