//! Standalone HTML export: one self-contained, accessible page with the policy's structure in
//! semantic HTML — `h1`–`h6`, `p`, `blockquote`, nested `ol` (with `start` and `type`) and
//! `ul`, tables with `colspan`/`rowspan` and header cells, `strong`, `em`, `u`, `s`, `sup`,
//! `sub`, small caps, line breaks, links, and a footnotes section whose notes link back to
//! where they are referred to — the effective date near the top, an optional policy-history
//! table and an inline print stylesheet.
//!
//! Every piece of user text goes through [`escape`], so markup in the text renders as text.
//! Links are written only for the model's allow-list (http, https, mailto and in-document
//! targets), which is the only kind of link the content can hold. The page loads nothing: no
//! stylesheets, fonts, scripts, images or `url(...)`; the only addresses in it are the policy's
//! own links.

use super::{
    Cell, HISTORY_TITLE, NOTES_TITLE, Part, Publication, Shown, Table, body, format_date, history,
    note_numbers, notes, policy_states_effective_date, policy_states_title, runs, version_heading,
};
use crate::model::blocks::{BlockStyle, NOTE_REFERENCE, NoteId, NumberFormat, SOFT_BREAK, slug};
use crate::model::content::Content;
use crate::model::marks::{Marks, Styles};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The inline stylesheet: readable on screen, clean on paper, no external resources.
const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--rule:#ccc;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#aaa;--rule:#444;--link:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);\
font:1.0625rem/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 4rem}
header{border-bottom:1px solid var(--rule);margin-bottom:1.5rem;padding-bottom:1rem}
header .title{margin:0 0 .5rem;font-size:2rem;line-height:1.2;font-weight:700}
header p{margin:.15rem 0;color:var(--muted)}
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.75rem 0 .5rem}
h1{font-size:1.75rem}h2{font-size:1.4rem}h3{font-size:1.15rem}h4,h5,h6{font-size:1rem}
p{margin:0 0 .85rem}
a{color:var(--link)}
blockquote{margin:0 0 .85rem;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
ol,ul{margin:0 0 .85rem;padding-left:1.75rem}
li{margin:.2rem 0}
li>ol,li>ul{margin:.2rem 0}
ol.pattern{list-style:none;padding-left:2.5rem}
ol.pattern>li>.label{display:inline-block;min-width:2.25rem;margin-left:-2.5rem;margin-right:.25rem}
.small-caps{font-variant:small-caps}
table{border-collapse:collapse;width:100%;font-size:.95rem;margin:0 0 1rem}
caption{text-align:left;color:var(--muted);padding:.5rem 0}
th,td{border:1px solid var(--rule);padding:.4rem .6rem;text-align:left;vertical-align:top}
td p,th p{margin:0}
section.footnotes,section.history{margin-top:2.5rem;border-top:1px solid var(--rule)}
section.footnotes{font-size:.9rem}
@media print{
:root{--fg:#000;--bg:#fff;--muted:#333;--rule:#999;--link:#000}
@page{size:auto;margin:2cm}
body{font-size:11pt;line-height:1.45}
main{max-width:none;padding:0}
h1,h2,h3,h4,h5,h6{break-after:avoid;page-break-after:avoid}
p,li{orphans:3;widows:3}
ul,ol,table{break-inside:auto}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
a[href^=\"http\"]::after,a[href^=\"mailto\"]::after{content:\" (\" attr(href) \")\";font-size:.85em;word-break:break-all}
}
";

/// Renders the publication as a standalone, accessible HTML5 page.
pub fn to_html(publication: &Publication) -> String {
    let content = publication.content;
    let mut out = String::with_capacity(content.text.len() * 13 / 10 + STYLE.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape_into(&mut out, publication.language);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
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
    out.push_str("</style>\n</head>\n<body>\n<main>\n<article>\n<header>\n");
    // The page's one h1 is the title, unless the policy's own first heading is it.
    if !policy_states_title(publication) {
        out.push_str("<h1 class=\"title\">");
        escape_into(&mut out, publication.title);
        out.push_str("</h1>\n");
    }
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
    if let Some(date) = publication.effective_date
        && !policy_states_effective_date(publication)
    {
        out.push_str("<p class=\"effective-date\">Effective Date: ");
        push_time(&mut out, date);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    let mut writer = BodyWriter::new(content);
    writer.body();
    writer.footnotes();
    out.push_str(&writer.out);
    if let Some(entries) = history(publication) {
        push_history(&mut out, entries);
    }
    out.push_str("</article>\n</main>\n</body>\n</html>\n");
    out
}

/// An open list: its level and whether it is ordered.
struct OpenList {
    level: u8,
    ordered: bool,
}

struct BodyWriter<'a> {
    content: &'a Content,
    out: String,
    numbers: HashMap<NoteId, usize>,
    /// Notes referred to so far (a second reference gets no id of its own).
    referred: HashSet<NoteId>,
    /// Anchor names given to headings and bookmarks, so each id is used once.
    ids: HashSet<String>,
    lists: Vec<OpenList>,
}

impl<'a> BodyWriter<'a> {
    fn new(content: &'a Content) -> BodyWriter<'a> {
        BodyWriter {
            content,
            out: String::with_capacity(content.text.len() * 13 / 10),
            numbers: note_numbers(content),
            referred: HashSet::new(),
            ids: HashSet::new(),
            lists: Vec::new(),
        }
    }

    fn body(&mut self) {
        for part in body(self.content) {
            match part {
                Part::Paragraph(shown) => {
                    if shown.block.list.is_some() && shown.block.style.heading_level().is_none() {
                        self.list_item(&shown);
                    } else {
                        self.close_lists(None);
                        self.paragraph(&shown, false);
                    }
                }
                Part::Table(table) => {
                    self.close_lists(None);
                    self.table(&table);
                }
            }
        }
        self.close_lists(None);
    }

    /// Closes lists deeper than `level` (all of them for `None`).
    fn close_lists(&mut self, level: Option<u8>) {
        while let Some(open) = self.lists.last() {
            if level.is_some_and(|level| open.level <= level) {
                break;
            }
            self.out.push_str(if open.ordered {
                "</li>\n</ol>\n"
            } else {
                "</li>\n</ul>\n"
            });
            self.lists.pop();
        }
    }

    fn list_item(&mut self, shown: &Shown) {
        let Some(item) = &shown.block.list else {
            return;
        };
        let count = shown.count.as_ref();
        let custom = item.is_ordered() && item.pattern != format!("%{}.", item.level + 1);
        self.close_lists(Some(item.level));
        if let Some(open) = self.lists.last()
            && open.level == item.level
        {
            let restarts = item.is_ordered() && count.is_some_and(|count| count.starts_count);
            if open.ordered == item.is_ordered() && !restarts {
                self.out.push_str("</li>\n<li>");
                self.item_content(shown, custom);
                return;
            }
            // A list of another kind, or a count starting again: a new list.
            self.out.push_str(if open.ordered {
                "</li>\n</ol>\n"
            } else {
                "</li>\n</ul>\n"
            });
            self.lists.pop();
        }
        if item.is_ordered() {
            self.out.push_str("<ol");
            let number = count.map_or(item.start, |count| count.number);
            if number != 1 {
                self.out.push_str(&format!(" start=\"{number}\""));
            }
            let kind = match item.format {
                NumberFormat::LowerLetter => Some("a"),
                NumberFormat::UpperLetter => Some("A"),
                NumberFormat::LowerRoman => Some("i"),
                NumberFormat::UpperRoman => Some("I"),
                NumberFormat::Decimal | NumberFormat::Bullet => None,
            };
            if let Some(kind) = kind {
                self.out.push_str(&format!(" type=\"{kind}\""));
            }
            if custom {
                self.out.push_str(" class=\"pattern\"");
            }
            self.out.push_str(">\n<li>");
        } else {
            self.out.push_str("<ul>\n<li>");
        }
        self.lists.push(OpenList {
            level: item.level,
            ordered: item.is_ordered(),
        });
        self.item_content(shown, custom);
    }

    fn item_content(&mut self, shown: &Shown, custom: bool) {
        if custom && let Some(count) = &shown.count {
            // Word's own labels ("Section 3", "(b)", "2.1") are shown as
            // written; the list's numbers stay in `start` for readers.
            self.out
                .push_str("<span class=\"label\" aria-hidden=\"true\">");
            escape_into(&mut self.out, &count.label);
            self.out.push_str("</span>");
        }
        self.anchor(shown);
        self.inline(shown);
    }

    fn paragraph(&mut self, shown: &Shown, in_cell: bool) {
        let (open, close) = match shown.block.style {
            BlockStyle::Heading(level) => (format!("<h{level}"), format!("</h{level}>\n")),
            BlockStyle::Quote => (
                "<blockquote><p".to_string(),
                "</p></blockquote>\n".to_string(),
            ),
            BlockStyle::Normal if in_cell => ("<p".to_string(), "</p>".to_string()),
            BlockStyle::Normal => ("<p".to_string(), "</p>\n".to_string()),
        };
        self.out.push_str(&open);
        let id = self.id_of(shown);
        if let Some(id) = id {
            self.out.push_str(" id=\"");
            escape_into(&mut self.out, &id);
            self.out.push('"');
        }
        self.out.push('>');
        if let Some(count) = &shown.count {
            // A numbered heading shows its number.
            escape_into(&mut self.out, &count.label);
            self.out.push(' ');
        }
        self.inline(shown);
        self.out.push_str(&close);
    }

    /// The id a paragraph is linked to by: its bookmark, or a heading's slug.
    fn id_of(&mut self, shown: &Shown) -> Option<String> {
        let name = match &shown.block.anchor {
            Some(anchor) => anchor.clone(),
            None if shown.block.style.heading_level().is_some() => {
                slug(&self.content.text[shown.range.clone()])
            }
            None => return None,
        };
        (!name.is_empty() && self.ids.insert(name.clone())).then_some(name)
    }

    /// A list item's bookmark, as an empty anchor at its start.
    fn anchor(&mut self, shown: &Shown) {
        if let Some(id) = shown.block.anchor.clone()
            && self.ids.insert(id.clone())
        {
            self.out.push_str("<span id=\"");
            escape_into(&mut self.out, &id);
            self.out.push_str("\"></span>");
        }
    }

    fn inline(&mut self, shown: &Shown) {
        let pieces = runs(self.content, shown.range.clone());
        let last = pieces.len().saturating_sub(1);
        for (index, (text, marks)) in pieces.into_iter().enumerate() {
            let text = match (index, index == last) {
                (0, true) => text.trim(),
                (0, false) => text.trim_start(),
                (_, true) => text.trim_end(),
                _ => text,
            };
            self.run(text, &marks);
        }
    }

    fn run(&mut self, text: &str, marks: &Marks) {
        if text.is_empty() {
            return;
        }
        if let Some(note) = marks.note {
            for c in text.chars() {
                if c == NOTE_REFERENCE {
                    self.note_reference(note);
                }
            }
            return;
        }
        let tags: Vec<(&str, &str)> = [
            (Styles::BOLD, "<strong>", "</strong>"),
            (Styles::ITALIC, "<em>", "</em>"),
            (Styles::UNDERLINE, "<u>", "</u>"),
            (Styles::STRIKE, "<s>", "</s>"),
            (Styles::SUPERSCRIPT, "<sup>", "</sup>"),
            (Styles::SUBSCRIPT, "<sub>", "</sub>"),
            (Styles::SMALL_CAPS, "<span class=\"small-caps\">", "</span>"),
        ]
        .into_iter()
        .filter(|(style, _, _)| marks.styles.contains(*style))
        .map(|(_, open, close)| (open, close))
        .collect();
        if let Some(link) = &marks.link {
            self.out.push_str("<a href=\"");
            escape_into(&mut self.out, link.as_str());
            self.out.push_str("\">");
        }
        for (open, _) in &tags {
            self.out.push_str(open);
        }
        let mut first = true;
        for line in text.split(SOFT_BREAK) {
            if !first {
                self.out.push_str("<br>");
            }
            first = false;
            escape_into(&mut self.out, line);
        }
        for (_, close) in tags.iter().rev() {
            self.out.push_str(close);
        }
        if marks.link.is_some() {
            self.out.push_str("</a>");
        }
    }

    fn note_reference(&mut self, note: NoteId) {
        let Some(number) = self.numbers.get(&note).copied() else {
            return;
        };
        self.out
            .push_str("<sup class=\"note-reference\"><a href=\"#note-");
        self.out.push_str(&number.to_string());
        self.out.push('"');
        if self.referred.insert(note) {
            self.out
                .push_str(&format!(" id=\"note-reference-{number}\""));
        }
        self.out
            .push_str(&format!(" aria-label=\"Note {number}\">{number}</a></sup>"));
    }

    fn table(&mut self, table: &Table) {
        self.out.push_str("<table>\n");
        let header_row: Vec<&Cell> = table.cells.iter().filter(|cell| cell.row == 0).collect();
        let has_header = table.rows > 1 && !header_row.is_empty();
        let mut current_row = None;
        for cell in &table.cells {
            if current_row != Some(cell.row) {
                if let Some(row) = current_row {
                    self.out.push_str("</tr>\n");
                    if row == 0 && has_header {
                        self.out.push_str("</thead>\n<tbody>\n");
                    }
                } else if has_header {
                    self.out.push_str("<thead>\n");
                } else {
                    self.out.push_str("<tbody>\n");
                }
                self.out.push_str("<tr>");
                current_row = Some(cell.row);
            }
            let tag = if cell.row == 0 && has_header {
                "th"
            } else {
                "td"
            };
            self.out.push('<');
            self.out.push_str(tag);
            if tag == "th" {
                self.out.push_str(" scope=\"col\"");
            }
            if cell.col_span > 1 {
                self.out
                    .push_str(&format!(" colspan=\"{}\"", cell.col_span));
            }
            if cell.row_span > 1 {
                self.out
                    .push_str(&format!(" rowspan=\"{}\"", cell.row_span));
            }
            self.out.push('>');
            let single = cell.paragraphs.len() == 1;
            for shown in &cell.paragraphs {
                if single && shown.block.style == BlockStyle::Normal && shown.count.is_none() {
                    self.inline(shown);
                } else {
                    self.paragraph(shown, true);
                }
            }
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        if current_row.is_some() {
            self.out.push_str("</tr>\n");
            if current_row == Some(0) && has_header {
                self.out.push_str("</thead>\n");
            } else {
                self.out.push_str("</tbody>\n");
            }
        }
        self.out.push_str("</table>\n");
    }

    fn footnotes(&mut self) {
        let notes = notes(self.content);
        if notes.is_empty() {
            return;
        }
        self.out.push_str(
            "<section class=\"footnotes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">",
        );
        self.out.push_str(NOTES_TITLE);
        self.out.push_str("</h2>\n<ol>\n");
        for note in &notes {
            self.out
                .push_str(&format!("<li id=\"note-{}\">", note.number));
            for (index, shown) in note.paragraphs.iter().enumerate() {
                if note.paragraphs.len() > 1 {
                    self.out.push_str("<p>");
                }
                self.inline(shown);
                if index + 1 == note.paragraphs.len() && self.referred.contains(&note.id) {
                    self.out.push_str(&format!(
                        " <a href=\"#note-reference-{}\" class=\"back\" aria-label=\"Back to the text of note {}\">↩</a>",
                        note.number, note.number
                    ));
                }
                if note.paragraphs.len() > 1 {
                    self.out.push_str("</p>");
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
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
            organisation: "Org",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            ..Publication::new("Policy", content)
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
            ),
            "{html}"
        );
    }

    #[test]
    fn nested_lists_nest() {
        let content = crate::formats::markdown::parse("3. a\n   1. b\n   2. c\n4. d").content;
        let html = to_html(&publication(&content));
        assert!(
            html.contains(
                "<ol start=\"3\">\n<li>a<ol>\n<li>b</li>\n<li>c</li>\n</ol>\n</li>\n<li>d</li>\n</ol>\n"
            ),
            "{html}"
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
