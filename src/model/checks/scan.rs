//! Shared, read-only views of one policy text, computed once per check run.
//!
//! Owns the ASCII-lowercased copy of the text, the heading outline and the
//! small character-class helpers every rule shares (word boundaries, sentence
//! starts, line bounds).
//!
//! Invariants:
//! - `Doc::lower` has the same length and byte offsets as `Doc::text`: only
//!   ASCII letters are folded, so every offset is valid in both.
//! - Headings are in document order. For a heading, `line ⊇ title`,
//!   `line.end <= own_end <= section_end <= text.len()`.
//!
//! A section runs from its heading to the next heading of the same or a
//! higher level; its "own" text stops at the next heading of any level:
//!
//! ```text
//! ## Rights          ─┐ section  ─┐ own
//! intro               │           ─┘
//! ### Access          │ ─┐ section (and own)
//! text                │  │
//! ## Contact         ─┘ ─┘
//! ```

use crate::model::blocks::{Block, outline};
use std::ops::Range;

/// A heading paragraph (its block says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heading {
    /// Its level (1 = title).
    pub level: usize,
    /// The whole heading paragraph without its line break.
    pub line: Range<usize>,
    /// The heading's words, trimmed.
    pub title: Range<usize>,
    /// Start of the next heading of any level, or the text end.
    pub own_end: usize,
    /// Start of the next heading of the same or a higher level, or the text end.
    pub section_end: usize,
}

impl Heading {
    /// Text of the section below the heading line, subsections included.
    pub fn body(&self) -> Range<usize> {
        self.line.end..self.section_end
    }

    /// Text below the heading line up to the next heading of any level.
    pub fn own_body(&self) -> Range<usize> {
        self.line.end..self.own_end
    }
}

/// The policy text plus the views the rules share.
pub(super) struct Doc<'a> {
    /// The original text.
    pub text: &'a str,
    /// `text` with ASCII letters lowercased (same offsets).
    pub lower: String,
    /// Heading lines in document order.
    pub headings: Vec<Heading>,
}

impl<'a> Doc<'a> {
    /// Builds the views in two linear passes.
    pub fn new(text: &'a str, blocks: &[Block]) -> Self {
        let lower = text.to_ascii_lowercase();
        let mut headings: Vec<Heading> = outline(text, blocks)
            .into_iter()
            .map(|heading| {
                let words = &text[heading.line.clone()];
                let lead = words.len() - words.trim_start().len();
                let start = heading.line.start + lead;
                let end = (heading.line.start + words.trim_end().len()).max(start);
                Heading {
                    level: usize::from(heading.level),
                    title: start..end,
                    line: heading.line,
                    own_end: text.len(),
                    section_end: text.len(),
                }
            })
            .collect();
        for i in 1..headings.len() {
            let start = headings[i].line.start;
            headings[i - 1].own_end = start;
        }
        let mut open: Vec<usize> = Vec::new();
        for i in 0..headings.len() {
            let (level, start) = (headings[i].level, headings[i].line.start);
            while let Some(&top) = open.last() {
                if headings[top].level < level {
                    break;
                }
                headings[top].section_end = start;
                open.pop();
            }
            open.push(i);
        }
        Self {
            text,
            lower,
            headings,
        }
    }

    /// Whether `pos` lies on a heading line.
    pub fn in_heading_line(&self, pos: usize) -> bool {
        let after = self.headings.partition_point(|h| h.line.start <= pos);
        after
            .checked_sub(1)
            .is_some_and(|i| self.headings[i].line.contains(&pos))
    }

    /// The introduction: the title's own text when the text opens with a
    /// level-1 heading, else everything before the first heading.
    pub fn preamble(&self) -> Range<usize> {
        match self.headings.first() {
            Some(first) if first.level == 1 => first.own_body(),
            Some(first) => 0..first.line.start,
            None => 0..self.text.len(),
        }
    }
}

/// Line ranges without their `\n` (or `\r\n`) terminator.
pub(super) fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let begin = start;
        start += line.len() + 1;
        let end = begin + line.strip_suffix('\r').unwrap_or(line).len();
        begin..end
    })
}

/// Letters and digits form words; everything else separates them.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The char ending just before `pos`.
pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The char starting at `pos`.
pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Start of the line containing `pos`.
pub(super) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line containing `pos` (before its `\n`).
pub(super) fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i)
}

/// Byte positions in `range` where a word starts (a word char not preceded
/// by a word char; the char before `range.start` is taken into account).
pub(super) fn word_starts(text: &str, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let mut previous_is_word = char_before(text, range.start).is_some_and(is_word_char);
    let base = range.start;
    text[range].char_indices().filter_map(move |(i, c)| {
        let is_word = is_word_char(c);
        let starts = is_word && !previous_is_word;
        previous_is_word = is_word;
        starts.then_some(base + i)
    })
}

/// Start of the sentence containing `pos`: just after the last `. `, `! `
/// or `? ` before it, or the line start — but never before `floor`. Callers
/// pass a floor (the previous construct on the line) so that repeated calls
/// on one long line stay linear overall.
pub(super) fn sentence_start(text: &str, pos: usize, floor: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = pos;
    while i > floor {
        let ends_sentence =
            bytes[i - 1] == b' ' && i >= 2 && matches!(bytes[i - 2], b'.' | b'!' | b'?');
        if bytes[i - 1] == b'\n' || ends_sentence {
            return i;
        }
        i -= 1;
    }
    floor
}

/// End of the sentence containing `pos`: just after the next `.`, `!` or
/// `?` followed by whitespace or the text end, else the line end — but never
/// after `ceiling`.
pub(super) fn sentence_end(text: &str, pos: usize, ceiling: usize) -> usize {
    let bytes = text.as_bytes();
    let ceiling = ceiling.min(bytes.len());
    let mut i = pos;
    while i < ceiling {
        match bytes[i] {
            b'\n' => return i,
            b'.' | b'!' | b'?' if bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace) => {
                return i + 1;
            }
            _ => i += 1,
        }
    }
    ceiling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_sections_nest() {
        let content = crate::model::content::Content::from_marked_text(
            "# Title\nintro\n## Rights\nr\n### Access\na\n## Contact\nc",
        );
        let text = content.text.as_str();
        let doc = Doc::new(text, &content.blocks);
        let got: Vec<(usize, &str, &str, &str)> = doc
            .headings
            .iter()
            .map(|h| {
                (
                    h.level,
                    &text[h.title.clone()],
                    &text[h.own_body()],
                    &text[h.body()],
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Title", "\nintro\n", &text[5..]),
                (2, "Rights", "\nr\n", "\nr\nAccess\na\n"),
                (3, "Access", "\na\n", "\na\n"),
                (2, "Contact", "\nc", "\nc"),
            ]
        );
        assert_eq!(&text[doc.preamble()], "\nintro\n");
    }

    #[test]
    fn headings_come_from_blocks_not_marks() {
        let content =
            crate::model::content::Content::from_marked_text("#hashtag\n####### seven\n## ok  \n");
        let doc = Doc::new(&content.text, &content.blocks);
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(&doc.text[doc.headings[0].title.clone()], "ok");
    }

    #[test]
    fn sentence_bounds() {
        let text = "One two. Three four! Five\nsix.";
        let len = text.len();
        assert_eq!(sentence_start(text, 15, 0), 9);
        assert_eq!(sentence_start(text, 15, 12), 12);
        assert_eq!(sentence_end(text, 15, len), 20);
        assert_eq!(sentence_end(text, 15, 17), 17);
        assert_eq!(sentence_end(text, 22, len), 25);
        assert_eq!(sentence_start(text, 3, 0), 0);
    }

    #[test]
    fn word_starts_respect_range_start() {
        let text = "café au-lait “quoted”";
        let starts: Vec<usize> = word_starts(text, 2..text.len()).collect();
        assert_eq!(starts, vec![6, 9, 17]);
    }
}
