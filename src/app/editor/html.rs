//! HTML on the clipboard, both ways: what other programs offer when text is
//! copied from a web page or a word processor becomes a [`Fragment`] (bold,
//! italic, underline, strike, super/subscript, links, lists, headings,
//! quotes), and a copied selection is offered as HTML too.
//!
//! The reader is deliberately small and forgiving: tags it does not know
//! keep their text, `<head>`, `<style>` and `<script>` are skipped, runs of
//! white space collapse as a browser shows them, and a link whose target is
//! not on the allow-list ([`LinkTarget::new`]) stays plain text.

use crate::model::blocks::{Block, BlockStyle, ListId, ListItem};
use crate::model::content::{Content, Fragment};
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkRun, Marks, Styles};
use std::ops::Range;

/// One paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    runs: Vec<MarkRun>,
    block: Block,
}

impl Paragraph {
    fn push(&mut self, text: &str, marks: &Marks) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        match self.runs.last_mut() {
            Some(run) if run.marks == *marks => run.len += text.len(),
            _ => self.runs.push(MarkRun {
                len: text.len(),
                marks: marks.clone(),
            }),
        }
    }

    fn trim_end(&mut self) {
        let trimmed = self.text.trim_end_matches(' ').len();
        let mut cut = self.text.len() - trimmed;
        self.text.truncate(trimmed);
        while cut > 0 {
            let Some(run) = self.runs.last_mut() else {
                break;
            };
            let taken = cut.min(run.len);
            run.len -= taken;
            cut -= taken;
            if run.len == 0 {
                self.runs.pop();
            }
        }
    }
}

/// An open inline element and what it set.
#[derive(Debug)]
struct Open {
    name: String,
    marks_before: Marks,
}

/// What the reader keeps while walking the tags.
#[derive(Default)]
struct Reader {
    paragraphs: Vec<Paragraph>,
    current: Paragraph,
    marks: Marks,
    open: Vec<Open>,
    lists: Vec<(ListId, bool)>,
    next_list: u32,
    block_style: BlockStyle,
    skipping: usize,
}

impl Reader {
    fn text(&mut self, raw: &str) {
        if self.skipping > 0 {
            return;
        }
        let decoded = decode_entities(raw);
        let mut collapsed = String::with_capacity(decoded.len());
        for character in decoded.chars() {
            // No-break spaces too: pasted into a policy they are spaces.
            let character = if character.is_whitespace() {
                ' '
            } else {
                character
            };
            if character == ' '
                && (collapsed.ends_with(' ')
                    || (collapsed.is_empty()
                        && (self.current.text.is_empty() || self.current.text.ends_with(' '))))
            {
                continue;
            }
            collapsed.push(character);
        }
        let marks = self.marks.clone();
        self.current.push(&collapsed, &marks);
    }

    /// Ends the paragraph being read (if it has anything).
    fn break_paragraph(&mut self) {
        self.current.trim_end();
        if !self.current.text.is_empty() {
            let mut finished = std::mem::take(&mut self.current);
            if finished.block.list.is_none() {
                finished.block.style = self.block_style;
            }
            self.paragraphs.push(finished);
        } else {
            self.current.runs.clear();
        }
    }

    fn open_tag(&mut self, name: &str, attributes: &str) {
        match name {
            "head" | "style" | "script" | "title" => self.skipping += 1,
            "p" | "div" | "tr" | "td" | "th" | "table" => self.break_paragraph(),
            "br" => self.break_paragraph(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.break_paragraph();
                let level = name[1..].parse().unwrap_or(1);
                self.block_style = BlockStyle::Heading(level);
            }
            "blockquote" => {
                self.break_paragraph();
                self.block_style = BlockStyle::Quote;
            }
            "ul" | "ol" => {
                self.break_paragraph();
                self.next_list += 1;
                let id = match self.lists.first() {
                    Some((id, _)) => *id,
                    None => ListId(self.next_list),
                };
                self.lists.push((id, name == "ol"));
            }
            "li" => {
                self.break_paragraph();
                if let Some((list, numbered)) = self.lists.last().copied() {
                    let level = (self.lists.len() - 1) as u8;
                    self.current.block.list = Some(if numbered {
                        ListItem::numbered(list, level)
                    } else {
                        ListItem::bulleted(list, level)
                    });
                }
            }
            _ => {
                let before = self.marks.clone();
                let style = match name {
                    "b" | "strong" => Some(Styles::BOLD),
                    "i" | "em" | "cite" => Some(Styles::ITALIC),
                    "u" | "ins" => Some(Styles::UNDERLINE),
                    "s" | "strike" | "del" => Some(Styles::STRIKE),
                    "sup" => Some(Styles::SUPERSCRIPT),
                    "sub" => Some(Styles::SUBSCRIPT),
                    _ => None,
                };
                if let Some(style) = style {
                    self.marks.styles = self.marks.styles.union(style);
                }
                self.marks.styles = self.marks.styles.union(styles_of(attributes));
                if name == "a"
                    && let Some(href) = attribute(attributes, "href")
                    && let Ok(target) = LinkTarget::new(&decode_entities(&href))
                {
                    self.marks.link = Some(target);
                }
                self.open.push(Open {
                    name: name.to_string(),
                    marks_before: before,
                });
            }
        }
    }

    fn close_tag(&mut self, name: &str) {
        match name {
            "head" | "style" | "script" | "title" => {
                self.skipping = self.skipping.saturating_sub(1)
            }
            "p" | "div" | "li" | "tr" | "td" | "th" | "table" => self.break_paragraph(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" => {
                self.break_paragraph();
                self.block_style = BlockStyle::Normal;
            }
            "ul" | "ol" => {
                self.break_paragraph();
                self.lists.pop();
            }
            _ => {
                if let Some(position) = self.open.iter().rposition(|open| open.name == name) {
                    self.marks = self.open[position].marks_before.clone();
                    self.open.truncate(position);
                }
            }
        }
    }

    fn finish(mut self) -> Option<Fragment> {
        self.break_paragraph();
        if self.paragraphs.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut marks = Vec::new();
        let mut blocks = Vec::new();
        let count = self.paragraphs.len();
        for (position, paragraph) in self.paragraphs.into_iter().enumerate() {
            text.push_str(&paragraph.text);
            marks.extend(paragraph.runs);
            if position + 1 < count {
                text.push('\n');
                marks.push(MarkRun {
                    len: 1,
                    marks: Marks::default(),
                });
                blocks.push(paragraph.block);
            }
        }
        let fragment = Fragment {
            text,
            marks,
            blocks,
        };
        fragment.is_consistent().then_some(fragment)
    }
}

/// Styles a `style="…"` attribute asks for (as word processors write
/// them).
fn styles_of(attributes: &str) -> Styles {
    let Some(style) = attribute(attributes, "style") else {
        return Styles::NONE;
    };
    let style = style.to_ascii_lowercase().replace(' ', "");
    let mut styles = Styles::NONE;
    for (needle, found) in [
        ("font-weight:bold", Styles::BOLD),
        ("font-weight:700", Styles::BOLD),
        ("font-weight:800", Styles::BOLD),
        ("font-weight:900", Styles::BOLD),
        ("font-style:italic", Styles::ITALIC),
        ("text-decoration:underline", Styles::UNDERLINE),
        ("text-decoration:line-through", Styles::STRIKE),
        ("vertical-align:super", Styles::SUPERSCRIPT),
        ("vertical-align:sub", Styles::SUBSCRIPT),
    ] {
        if style.contains(needle) {
            styles = styles.union(found);
        }
    }
    styles
}

/// The value of attribute `name` in a tag's attribute text.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = attributes.len() - rest.len() + 1;
        let value = attributes[value_start..].trim_start();
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(value.to_string());
    }
    None
}

/// `&amp;`, `&lt;`, `&#39;`, `&#x2019;`, `&nbsp;` and the like.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let character = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "rsquo" => Some('’'),
            "lsquo" => Some('‘'),
            "rdquo" => Some('”'),
            "ldquo" => Some('“'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| {
                    entity
                        .strip_prefix('#')
                        .and_then(|digits| digits.parse().ok())
                })
                .and_then(char::from_u32),
        };
        match character {
            Some(character) => {
                decoded.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The formatted text of an HTML clipboard offer; `None` when it holds no
/// text.
pub fn read_html(html: &str) -> Option<Fragment> {
    let mut reader = Reader::default();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                if let Some(comment) = rest.strip_prefix("<!--") {
                    rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                    continue;
                }
                let Some(end) = rest.find('>') else {
                    reader.text(rest);
                    break;
                };
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                let closing = tag.starts_with('/');
                let tag = tag.trim_start_matches('/');
                let name_end = tag
                    .find(|c: char| c.is_whitespace() || c == '/')
                    .unwrap_or(tag.len());
                let name = tag[..name_end].to_ascii_lowercase();
                if name.starts_with('!') || name.starts_with('?') {
                    continue;
                }
                if closing {
                    reader.close_tag(&name);
                } else {
                    reader.open_tag(&name, &tag[name_end..]);
                    if tag.ends_with('/') && name != "br" {
                        reader.close_tag(&name);
                    }
                }
            }
            Some(at) => {
                reader.text(&rest[..at]);
                rest = &rest[at..];
            }
            None => {
                reader.text(rest);
                rest = "";
            }
        }
    }
    reader.finish()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `range` of `content` as HTML, for other programs to paste with its
/// formatting.
pub fn write_html(content: &Content, range: Range<usize>) -> String {
    use crate::model::blocks::{NOTE_REFERENCE, SOFT_BREAK};
    let mut html = String::new();
    let first = content.paragraph_index_at(range.start);
    let last = content.paragraph_index_at(range.end);
    let mut open_list: Option<bool> = None;
    for paragraph in first..=last {
        let paragraph_range = content.paragraph_range(paragraph);
        let start = paragraph_range.start.max(range.start);
        let end = paragraph_range.end.min(range.end);
        let block = &content.blocks[paragraph];
        let numbered = block.list.as_ref().map(ListItem::is_ordered);
        if open_list != numbered {
            if let Some(was) = open_list {
                html.push_str(if was { "</ol>" } else { "</ul>" });
            }
            if let Some(now) = numbered {
                html.push_str(if now { "<ol>" } else { "<ul>" });
            }
            open_list = numbered;
        }
        let tag = match (block.list.is_some(), block.style) {
            (true, _) => "li".to_string(),
            (false, BlockStyle::Heading(level)) => format!("h{level}"),
            (false, BlockStyle::Quote) => "blockquote".to_string(),
            (false, BlockStyle::Normal) => "p".to_string(),
        };
        html.push_str(&format!("<{tag}>"));
        let mut position = start;
        for run in content.marks.runs(start..end) {
            let words: String = content.text[position..position + run.len]
                .chars()
                .filter(|c| *c != NOTE_REFERENCE)
                .collect();
            position += run.len;
            let mut opened = Vec::new();
            if let Some(link) = &run.marks.link {
                html.push_str(&format!("<a href=\"{}\">", escape(link.as_str())));
                opened.push("a");
            }
            for (style, tag) in [
                (Styles::BOLD, "b"),
                (Styles::ITALIC, "i"),
                (Styles::UNDERLINE, "u"),
                (Styles::STRIKE, "s"),
                (Styles::SUPERSCRIPT, "sup"),
                (Styles::SUBSCRIPT, "sub"),
            ] {
                if run.marks.styles.contains(style) {
                    html.push_str(&format!("<{tag}>"));
                    opened.push(tag);
                }
            }
            html.push_str(&escape(&words).replace(SOFT_BREAK, "<br>"));
            for tag in opened.iter().rev() {
                html.push_str(&format!("</{tag}>"));
            }
        }
        html.push_str(&format!("</{tag}>"));
    }
    if let Some(was) = open_list {
        html.push_str(if was { "</ol>" } else { "</ul>" });
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(fragment: &Fragment) -> Vec<(String, Marks)> {
        let mut position = 0;
        fragment
            .marks
            .iter()
            .map(|run| {
                let words = fragment.text[position..position + run.len].to_string();
                position += run.len;
                (words, run.marks.clone())
            })
            .collect()
    }

    #[test]
    fn bold_italic_and_links_come_with_the_text() {
        let html = "<html><head><style>p{}</style></head><body><!--StartFragment--><p>We <b>never</b> <span style=\"font-style: italic\">sell</span> data. <a href=\"https://example.com/out\">Opt&nbsp;out</a> or <a href=\"javascript:x()\">this</a>.</p><!--EndFragment--></body></html>";
        let fragment = read_html(html).expect("text");
        assert_eq!(fragment.text, "We never sell data. Opt out or this.");
        let runs = marked(&fragment);
        assert!(runs.contains(&("never".into(), Marks::styled(Styles::BOLD))));
        assert!(runs.contains(&("sell".into(), Marks::styled(Styles::ITALIC))));
        let link = runs
            .iter()
            .find(|(words, _)| words == "Opt out")
            .expect("link");
        assert_eq!(
            link.1.link.as_ref().map(LinkTarget::as_str),
            Some("https://example.com/out")
        );
        assert!(
            runs.iter()
                .any(|(words, marks)| words.contains("this") && marks.link.is_none()),
            "a disallowed link stays plain text"
        );
    }

    #[test]
    fn paragraphs_lists_and_headings_become_blocks() {
        let html = "<h2>Your rights</h2><p>You may:</p><ol><li>see your data</li><li>have it deleted<ul><li>within 30 days</li></ul></li></ol><p>Thanks</p>";
        let fragment = read_html(html).expect("text");
        assert_eq!(
            fragment.text,
            "Your rights\nYou may:\nsee your data\nhave it deleted\nwithin 30 days\nThanks"
        );
        assert_eq!(fragment.blocks[0].style, BlockStyle::Heading(2));
        let item = fragment.blocks[2].list.as_ref().expect("item");
        assert!(item.is_ordered());
        let nested = fragment.blocks[4].list.as_ref().expect("nested");
        assert_eq!((nested.level, nested.is_ordered()), (1, false));
        assert!(read_html("<p> </p>").is_none(), "nothing usable");
    }

    #[test]
    fn copied_text_is_offered_as_html_that_reads_back() {
        let html = "<p>We <b>never</b> sell <a href=\"mailto:dpo@example.com\">data</a></p><ul><li>one &amp; two</li></ul><p>end</p>";
        let fragment = read_html(html).expect("text");
        let content = fragment.clone().into_content(Block::default());
        let written = write_html(&content, 0..content.text.len());
        assert_eq!(written, html);
        assert_eq!(read_html(&written).expect("again").text, fragment.text);
    }
}
