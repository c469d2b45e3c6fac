//! Standalone HTML export: one self-contained, accessible page with semantic headings, lists,
//! the effective date near the top, an optional policy-history table and an inline print
//! stylesheet.
//!
//! Every piece of user text (title, organisation, version, policy text, history) goes through
//! [`escape`], so markup in the text renders as text. The page loads nothing: no links, fonts,
//! scripts, images or `url(...)` — it contains no `http://`, `https://` or `src=` of its own.

use super::{Block, HISTORY_TITLE, Publication, blocks, format_date, history, version_heading};
use crate::model::content::Content;
use chrono::NaiveDate;

/// The inline stylesheet: readable on screen, clean on paper, no external resources.
const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--rule:#ccc}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#aaa;--rule:#444}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);\
font:1.0625rem/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 4rem}
header{border-bottom:1px solid var(--rule);margin-bottom:1.5rem;padding-bottom:1rem}
header h1{margin:0 0 .5rem;font-size:2rem;line-height:1.2}
header p{margin:.15rem 0;color:var(--muted)}
h1,h2,h3{line-height:1.25;margin:1.75rem 0 .5rem}
h1{font-size:1.75rem}h2{font-size:1.4rem}h3{font-size:1.15rem}
p{margin:0 0 .85rem}
ul{margin:0 0 .85rem;padding-left:1.5rem}
li{margin:.2rem 0}
section.history{margin-top:2.5rem;border-top:1px solid var(--rule)}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;color:var(--muted);padding:.5rem 0}
th,td{border:1px solid var(--rule);padding:.4rem .6rem;text-align:left;vertical-align:top}
@media print{
:root{--fg:#000;--bg:#fff;--muted:#333;--rule:#999}
@page{size:auto;margin:2cm}
body{font-size:11pt;line-height:1.45}
main{max-width:none;padding:0}
h1,h2,h3{break-after:avoid;page-break-after:avoid}
p,li{orphans:3;widows:3}
ul,table{break-inside:auto}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
}
";

/// Renders the publication as a standalone, accessible HTML5 page.
pub fn to_html(publication: &Publication) -> String {
    let mut out =
        String::with_capacity(publication.content.text.len() * 11 / 10 + STYLE.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    escape_into(&mut out, publication.title);
    let organisation = publication.organisation.trim();
    if !organisation.is_empty() {
        out.push_str(" — ");
        escape_into(&mut out, organisation);
    }
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<article>\n<header>\n<h1>");
    escape_into(&mut out, publication.title);
    out.push_str("</h1>\n");
    if !organisation.is_empty() {
        out.push_str("<p class=\"organisation\">");
        escape_into(&mut out, organisation);
        out.push_str("</p>\n");
    }
    if let Some(label) = publication.version_label.filter(|l| !l.trim().is_empty()) {
        out.push_str("<p class=\"version\">");
        escape_into(&mut out, &version_heading(label));
        out.push_str("</p>\n");
    }
    if let Some(date) = publication.effective_date {
        out.push_str("<p class=\"effective-date\">Effective Date: ");
        push_time(&mut out, date);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    push_body(&mut out, publication.content);
    if let Some(entries) = history(publication) {
        push_history(&mut out, entries);
    }
    out.push_str("</article>\n</main>\n</body>\n</html>\n");
    out
}

/// Appends the policy text as headings, paragraphs and lists.
fn push_body(out: &mut String, content: &Content) {
    let mut in_list = false;
    for block in blocks(content) {
        let is_item = matches!(block, Block::Item(_));
        if in_list && !is_item {
            out.push_str("</ul>\n");
        } else if !in_list && is_item {
            out.push_str("<ul>\n");
        }
        in_list = is_item;
        let (open, close) = match block {
            Block::Heading(level, _) => (format!("<h{level}>"), format!("</h{level}>\n")),
            Block::Item(_) => ("<li>".to_string(), "</li>\n".to_string()),
            Block::Paragraph(_) => ("<p>".to_string(), "</p>\n".to_string()),
        };
        out.push_str(&open);
        escape_into(out, block.content());
        out.push_str(&close);
    }
    if in_list {
        out.push_str("</ul>\n");
    }
}

/// Appends the policy history as a captioned table in its own labelled section.
fn push_history(out: &mut String, entries: &[super::HistoryEntry]) {
    out.push_str("<section class=\"history\" aria-labelledby=\"policy-history\">\n");
    out.push_str("<h2 id=\"policy-history\">");
    out.push_str(HISTORY_TITLE);
    out.push_str("</h2>\n<table>\n<caption>Earlier versions of this policy</caption>\n");
    out.push_str(
        "<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Effective Date</th>\
         <th scope=\"col\">Summary of Changes</th><th scope=\"col\">Notice</th></tr></thead>\n<tbody>\n",
    );
    for entry in entries {
        out.push_str("<tr><td>");
        escape_into(out, &entry.version);
        out.push_str("</td><td>");
        if let Some(date) = entry.effective_date {
            push_time(out, date);
        }
        out.push_str("</td><td>");
        escape_into(out, &entry.summary);
        out.push_str("</td><td>");
        if let Some(notice) = &entry.notice {
            escape_into(out, notice);
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Appends `<time datetime="2026-03-01">March 1, 2026</time>`.
fn push_time(out: &mut String, date: NaiveDate) {
    out.push_str("<time datetime=\"");
    out.push_str(&date.format("%Y-%m-%d").to_string());
    out.push_str("\">");
    out.push_str(&format_date(date));
    out.push_str("</time>");
}

/// Escapes text for HTML element content and attribute values: `&`, `<`, `>`, `"`, `'`
/// become character references and NUL becomes U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as by [`escape`].
fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            0 => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publication(content: &Content) -> Publication<'_> {
        Publication {
            title: "Policy",
            organisation: "Org",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            version_label: None,
            content,
            history: None,
        }
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("é € ok"), "é € ok");
    }

    #[test]
    fn groups_consecutive_items_into_one_list() {
        let html = to_html(&publication(&Content::from_marked_text("- a\n- b\nP\n- c")));
        assert!(
            html.contains(
                "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>P</p>\n<ul>\n<li>c</li>\n</ul>\n"
            )
        );
    }

    #[test]
    fn effective_date_is_a_time_element() {
        let html = to_html(&publication(&Content::plain("")));
        assert!(
            html.contains("Effective Date: <time datetime=\"2026-03-01\">March 1, 2026</time>")
        );
    }
}
