//! Commented plain text: what a word processor gives when a commented
//! document is copied as text.
//!
//! ```text
//! Effective Date: March 3, 2024
//! We keep your data only as long as needed.[T1] We may share personal data information [T2] with ...
//!
//!  [T1]Please strengthen this disclosure.
//!  [T2]For consistency of terms used.
//! ```
//!
//! The body carries *markers*, `[` one to four capital letters, one to six
//! digits `]` (`[T1]`, `[JS12]`), where each comment is anchored. After the
//! body comes the *comment list*: each entry starts a line with its marker
//! (after any spaces or non-breaking spaces) followed by the comment text,
//! which may continue on the following lines.
//!
//! # Where the comment list starts
//!
//! At the first line that starts with a marker such that no later line has a
//! marker anywhere but at its start (body paragraphs carry markers inside
//! them, list entries only at the front). A line whose leading marker starts
//! another line further down is a body paragraph that opens with a marker,
//! and the list starts after it. A last body line that is only a separator
//! (`Comments`, `____`, `----`) is dropped.
//!
//! # The body
//!
//! One paragraph per line; blank lines are dropped. Markers are removed, and
//! so is the spacing they leave: spaces, tabs and non-breaking spaces right
//! around a marker become one space between words, and none at the start or
//! end of a line or before punctuation. Words are never changed. Markers
//! written next to each other (`[T1][JS2]`) share one anchor.
//!
//! The first line (after an effective date line, if that comes first)
//! becomes the title, `# Title`, if it is short (at most 80 characters) and
//! ends without punctuation; otherwise the title is the file name. Any later line that
//! looks like a heading becomes `## Heading`: at most 80 characters and 12
//! words, no end punctuation, starting with a capital or a digit, and either
//! numbered (`1. Information We Collect`; `1.2 Cookies` becomes `###`) or in
//! Title Case (every word of four letters or more capitalised). Lines that
//! start with a bullet (`•`, `·`, `◦`, `*`) become list items `- `. A line
//! `Effective Date: March 3, 2024` sets the effective date.
//!
//! # What a marker annotates
//!
//! | marker position                                  | annotated text                     |
//! |--------------------------------------------------|------------------------------------|
//! | alone on a line                                  | the paragraph before (after, if first) |
//! | at the start of a paragraph                      | that paragraph (the text after it) |
//! | after `.`, `!` or `?` (and closing quotes)       | that sentence, with its full stop  |
//! | after `,`, `;` or `:`                            | that clause, back to the previous one of those or the sentence start |
//! | at the end of a heading                          | the heading                        |
//! | after a quoted term or a parenthesis             | the quoted or bracketed text       |
//! | right after a word                               | the noun phrase ending there       |
//!
//! The noun phrase walks back word by word, including multi-word terms
//! ("personal data information", "Standard Contractual Clauses") and
//! stopping before punctuation, before a clause or function word (`and`,
//! `or`, `that`, `which`, `with`, `to`, `of`, `the`, `a`, `an`, `we`, `you`,
//! `our`, `your`, ... and common policy verbs such as `share` or `collect`),
//! and after six words. A marker right after a function word annotates just
//! that word. Sentences end at `.`, `!` or `?` followed by a space, except
//! after common abbreviations (`e.g.`, `Inc.`, `U.S.` ...).
//!
//! # Comments
//!
//! Each entry becomes a thread by the reviewer whose initials are the
//! marker's letters (the name is the initials; the text does not say more),
//! created at the `now` the caller passes. A marker with no entry, or an
//! entry with no marker, gives a warning and an orphaned thread at the start
//! of the text whose quote explains what happened; nothing is dropped. A
//! marker used twice anchors its comment at the first place, with a warning.
//!
//! # Template alternatives
//!
//! `[text A] -OR- text B` becomes one choose-one suggestion whose span is the
//! whole construct and whose candidates are `text A` and `text B`. B is a
//! bracketed text if it starts with `[`; otherwise, if A ends a sentence, B
//! runs to the end of the next sentence; otherwise to the next punctuation
//! or the end of the paragraph. Chains `[A] -OR- [B] -OR- C` give more
//! candidates. The suggestion's author is `Policy template` (`PT`).

use super::criticmarkup::{check_parts, effective_date_of, file_stem};
use super::{FormatError, Imported};
use crate::model::blocks::{Block, BlockStyle, ListId, ListItem, legacy};
use crate::model::content::Content;
use crate::model::{
    Comment, CommentId, Document, Person, ProjectParts, Span, Suggestion, SuggestionId,
    SuggestionKind,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::Path;

/// The author of template alternatives.
const TEMPLATE_AUTHOR: (&str, &str) = ("Policy template", "PT");

/// Words that end a noun phrase walking backwards: clause and function
/// words, and verbs that commonly precede the object a reviewer comments on.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "either",
    "every",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "may",
    "me",
    "might",
    "must",
    "my",
    "neither",
    "no",
    "nor",
    "not",
    "of",
    "on",
    "only",
    "onto",
    "or",
    "other",
    "our",
    "over",
    "per",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "upon",
    "us",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    // verbs
    "administer",
    "analyse",
    "analyze",
    "apply",
    "ask",
    "deliver",
    "detect",
    "diagnose",
    "display",
    "honor",
    "honour",
    "improve",
    "maintain",
    "manage",
    "monitor",
    "offer",
    "operate",
    "prevent",
    "verify",
    "collect",
    "collects",
    "combine",
    "combines",
    "delete",
    "deletes",
    "disclose",
    "discloses",
    "gather",
    "gathers",
    "get",
    "give",
    "gives",
    "hold",
    "holds",
    "include",
    "includes",
    "keep",
    "keeps",
    "link",
    "links",
    "make",
    "makes",
    "need",
    "needs",
    "notify",
    "obtain",
    "obtains",
    "process",
    "processes",
    "protect",
    "protects",
    "provide",
    "provides",
    "receive",
    "receives",
    "rely",
    "relies",
    "request",
    "respond",
    "retain",
    "retains",
    "sell",
    "sells",
    "send",
    "sends",
    "share",
    "shares",
    "store",
    "stores",
    "take",
    "takes",
    "transfer",
    "transfers",
    "use",
    "uses",
];

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "llc", "u.s", "u.k", "no", "mr", "mrs", "ms",
    "dr", "st", "vs", "art", "sec", "cf", "approx",
];

const MAX_PHRASE_WORDS: usize = 6;

/// Imports commented plain text read from `origin`; every comment and
/// suggestion is created at `now`.
///
/// ```
/// use redline::formats::commented_text;
/// use std::path::Path;
/// let text = "We may share personal data information [T2] with partners.\n\n [T2]For consistency.";
/// let imported = commented_text::import(text, Path::new("policy.txt"), chrono::DateTime::UNIX_EPOCH).unwrap();
/// assert_eq!(imported.parts.document.text(), "We may share personal data information with partners.");
/// assert_eq!(imported.parts.comments[0].quote, "personal data information");
/// ```
pub fn import(text: &str, origin: &Path, now: DateTime<Utc>) -> Result<Imported, FormatError> {
    let normalized = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let list_start = comment_list_start(&lines).unwrap_or(lines.len());
    let entries = comment_entries(&lines[list_start..], list_start);
    let mut body_end = list_start;
    while body_end > 0 && is_separator(lines[body_end - 1]) {
        body_end -= 1;
    }
    let mut warnings = Vec::new();
    let paragraphs = body_paragraphs(&lines[..body_end]);
    let (content, title, anchors) = assemble(paragraphs, origin);
    let text = content.text.clone();
    let effective_date = text.lines().take(40).find_map(effective_date_of);

    let mut next_id = 1;
    let mut fresh_id = || {
        next_id += 1;
        next_id - 1
    };
    let mut by_code: HashMap<&str, &Entry> = HashMap::new();
    for entry in &entries {
        if by_code.insert(entry.code.as_str(), entry).is_some() {
            warnings.push(format!(
                "line {}: the comment list has [{}] twice; the later comment is kept unanchored",
                entry.line, entry.code
            ));
        }
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut comments = Vec::new();
    let unanchored = |body: String, quote: String, initials: &str, id: u64| Comment {
        id: CommentId(id),
        span: Span::point(0),
        author: Person::new(initials, initials),
        created: now,
        body,
        replies: Vec::new(),
        resolved: false,
        orphaned: true,
        quote,
        attached_to: None,
    };
    for anchor in &anchors {
        let initials = initials_of_code(&anchor.code);
        if let Some(first_line) = used.get(&anchor.code) {
            warnings.push(format!(
                "line {}: marker [{}] was already used on line {first_line}; its comment is anchored there",
                anchor.line, anchor.code
            ));
            continue;
        }
        used.insert(anchor.code.clone(), anchor.line);
        let quote = text[anchor.span.range()].to_string();
        match by_code.get(anchor.code.as_str()) {
            Some(entry) => comments.push(Comment {
                id: CommentId(fresh_id()),
                span: anchor.span,
                author: Person::new(initials, initials),
                created: now,
                body: entry.body.clone(),
                replies: Vec::new(),
                resolved: false,
                orphaned: false,
                quote,
                attached_to: None,
            }),
            None => {
                warnings.push(format!(
                    "line {}: marker [{}] has no comment in the comment list; kept as an unanchored comment",
                    anchor.line, anchor.code
                ));
                comments.push(unanchored(
                    format!("(the comment list has no text for [{}])", anchor.code),
                    format!(
                        "marker [{}] had no comment; it annotated \"{quote}\"",
                        anchor.code
                    ),
                    initials,
                    fresh_id(),
                ));
            }
        }
    }
    for entry in &entries {
        let matched = used.contains_key(&entry.code)
            && by_code
                .get(entry.code.as_str())
                .is_some_and(|kept| std::ptr::eq(*kept, entry));
        if matched {
            continue;
        }
        if !used.contains_key(&entry.code) {
            warnings.push(format!(
                "line {}: comment [{}] has no marker in the text; kept as an unanchored comment",
                entry.line, entry.code
            ));
        }
        comments.push(unanchored(
            entry.body.clone(),
            format!("comment [{}] has no marker in the text", entry.code),
            initials_of_code(&entry.code),
            fresh_id(),
        ));
    }
    let suggestions = template_alternatives(&text, now, &mut fresh_id);
    let parts = ProjectParts {
        document: Document {
            title,
            organisation: String::new(),
            effective_date,
            content,
        },
        comments,
        suggestions,
        log: Vec::new(),
        ..ProjectParts::default()
    };
    check_parts(&parts, origin)?;
    Ok(Imported { parts, warnings })
}

/// Whether `text` has the shape of commented text: markers in the body and
/// a comment list after it whose markers occur in the body. For guessing the
/// format of a `.txt` file.
///
/// ```
/// use redline::formats::commented_text::looks_like_commented_text;
/// assert!(looks_like_commented_text("We keep data.[T1]\n\n[T1]Why?"));
/// assert!(!looks_like_commented_text("We keep data [as needed]."));
/// ```
pub fn looks_like_commented_text(text: &str) -> bool {
    let normalized = text.replace("\r\n", "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let Some(start) = comment_list_start(&lines) else {
        return false;
    };
    let body_codes: Vec<String> = lines[..start]
        .iter()
        .flat_map(|line| markers_in(line))
        .map(|(_, _, code)| code.to_string())
        .collect();
    comment_entries(&lines[start..], start)
        .iter()
        .any(|entry| body_codes.contains(&entry.code))
}

/// The markers in `line`: (start byte, end byte, code such as `T1`).
fn markers_in(line: &str) -> Vec<(usize, usize, &str)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while let Some(offset) = line[index..].find('[') {
        let start = index + offset;
        index = start + 1;
        let letters = bytes[start + 1..]
            .iter()
            .take_while(|byte| byte.is_ascii_uppercase())
            .count();
        if !(1..=4).contains(&letters) {
            continue;
        }
        let digits_start = start + 1 + letters;
        let digits = bytes[digits_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if !(1..=6).contains(&digits) || bytes.get(digits_start + digits) != Some(&b']') {
            continue;
        }
        let end = digits_start + digits + 1;
        found.push((start, end, &line[start + 1..end - 1]));
        index = end;
    }
    found
}

fn initials_of_code(code: &str) -> &str {
    code.trim_end_matches(|character: char| character.is_ascii_digit())
}

fn is_marker_space(character: char) -> bool {
    matches!(character, ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The code of the marker a line starts with, and where the marker ends.
fn leading_marker(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start_matches(is_marker_space);
    let skipped = line.len() - trimmed.len();
    let (start, end, code) = markers_in(trimmed).into_iter().next()?;
    (start == 0).then_some((code, skipped + end))
}

fn comment_list_start(lines: &[&str]) -> Option<usize> {
    let inner_marker = |line: &str| {
        let leading_end = leading_marker(line).map_or(0, |(_, end)| end);
        markers_in(line)
            .iter()
            .any(|&(start, _, _)| start >= leading_end)
    };
    let last_body = lines.iter().rposition(|line| inner_marker(line));
    let first = last_body.map_or(0, |index| index + 1);
    let mut later_codes: HashMap<&str, usize> = HashMap::new();
    for line in &lines[first.min(lines.len())..] {
        if let Some((code, _)) = leading_marker(line) {
            *later_codes.entry(code).or_default() += 1;
        }
    }
    for (index, line) in lines.iter().enumerate().skip(first) {
        let Some((code, _)) = leading_marker(line) else {
            continue;
        };
        let count = later_codes.entry(code).or_default();
        *count -= 1;
        if *count == 0 {
            return Some(index);
        }
    }
    None
}

fn is_separator(line: &str) -> bool {
    let trimmed = line.trim_matches(is_marker_space);
    trimmed.is_empty()
        || matches!(trimmed.to_lowercase().as_str(), "comments" | "comments:")
        || (trimmed.len() >= 3 && trimmed.chars().all(|character| "_-=*".contains(character)))
}

struct Entry {
    code: String,
    body: String,
    /// 1-based line.
    line: usize,
}

fn comment_entries(lines: &[&str], first_line: usize) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if let Some((code, end)) = leading_marker(line) {
            entries.push(Entry {
                code: code.to_string(),
                body: line[end..].trim_matches(is_marker_space).to_string(),
                line: first_line + index + 1,
            });
        } else if let Some(entry) = entries.last_mut() {
            let line = line.trim_matches(is_marker_space);
            if !line.is_empty() {
                if !entry.body.is_empty() {
                    entry.body.push('\n');
                }
                entry.body.push_str(line);
            }
        }
    }
    for entry in &mut entries {
        if entry.body.is_empty() {
            entry.body = "(empty comment)".to_string();
        }
    }
    entries
}

/// Where a marker sat, relative to its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// At this byte of the cleaned paragraph.
    At(usize),
    /// Alone on a line after the paragraph.
    AloneAfter,
    /// Alone on a line before the paragraph (no paragraph before it).
    AloneBefore,
}

struct Marker {
    code: String,
    line: usize,
    place: Place,
}

struct Paragraph {
    text: String,
    markers: Vec<Marker>,
}

/// Removes the markers of each line and tidies the spacing around them.
fn body_paragraphs(lines: &[&str]) -> Vec<Paragraph> {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut waiting: Vec<Marker> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let markers = markers_in(line);
        let mut text = String::with_capacity(line.len());
        let mut placed = Vec::new();
        let mut rest_from = 0;
        let mut group = 0;
        while group < markers.len() {
            let mut last = group;
            while last + 1 < markers.len()
                && line[markers[last].1..markers[last + 1].0]
                    .chars()
                    .all(is_marker_space)
            {
                last += 1;
            }
            let (group_start, group_end) = (markers[group].0, markers[last].1);
            text.push_str(&line[rest_from..group_start]);
            let before_len = text.trim_end_matches(is_marker_space).len();
            let had_space_before = before_len < text.len();
            text.truncate(before_len);
            let after = &line[group_end..];
            let after_trimmed = after.trim_start_matches(is_marker_space);
            let had_space_after = after_trimmed.len() < after.len();
            let next_is_punctuation = after_trimmed
                .chars()
                .next()
                .is_some_and(|character| ".,;:!?)]".contains(character));
            let position = text.len();
            if !text.is_empty()
                && !after_trimmed.is_empty()
                && !next_is_punctuation
                && (had_space_before || had_space_after)
            {
                text.push(' ');
            }
            for marker in &markers[group..=last] {
                placed.push((marker.2.to_string(), position));
            }
            rest_from = group_end + (after.len() - after_trimmed.len());
            group = last + 1;
        }
        text.push_str(&line[rest_from..]);
        let line_number = index + 1;
        if text.trim_matches(is_marker_space).is_empty() {
            let place = if paragraphs.is_empty() {
                Place::AloneBefore
            } else {
                Place::AloneAfter
            };
            let markers = placed.into_iter().map(|(code, _)| Marker {
                code,
                line: line_number,
                place,
            });
            match paragraphs.last_mut() {
                Some(paragraph) => paragraph.markers.extend(markers),
                None => waiting.extend(markers),
            }
            continue;
        }
        let mut markers: Vec<Marker> = std::mem::take(&mut waiting);
        markers.extend(placed.into_iter().map(|(code, position)| Marker {
            code,
            line: line_number,
            place: Place::At(position),
        }));
        paragraphs.push(Paragraph { text, markers });
    }
    paragraphs
}

/// A marker's resolved anchor in the assembled text.
struct Anchor {
    code: String,
    line: usize,
    span: Span,
}

/// Applies titles, headings and bullets, joins the paragraphs and anchors
/// every marker. Returns the content, the title and the anchors.
fn assemble(paragraphs: Vec<Paragraph>, origin: &Path) -> (Content, String, Vec<Anchor>) {
    let title_index = paragraphs
        .iter()
        .position(|paragraph| effective_date_of(&paragraph.text).is_none())
        .filter(|&index| {
            let line = paragraphs[index].text.trim();
            line.chars().count() <= 80
                && !line.ends_with(|character: char| ".,;:!?".contains(character))
                && !line.starts_with("- ")
                && line.chars().any(char::is_alphabetic)
        });
    let mut title = None;
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(paragraphs.len());
    let mut anchors = Vec::new();
    for (index, paragraph) in paragraphs.into_iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let original = paragraph.text.as_str();
        let (strip, block) = if Some(index) == title_index {
            let stripped = original.trim_start_matches('#').trim_start();
            title = Some(stripped.trim().to_string());
            (original.len() - stripped.len(), Block::heading(1))
        } else {
            line_markup(original)
        };
        let heading = block.style.heading_level().is_some();
        blocks.push(block);
        let content = text.len();
        text.push_str(&original[strip..]);
        let paragraph_end = text.len();
        for marker in paragraph.markers {
            let span = match marker.place {
                Place::AloneAfter | Place::AloneBefore => Span::new(content, paragraph_end),
                Place::At(byte) => {
                    let at = content + byte.saturating_sub(strip);
                    anchor_span(&text[content..paragraph_end], at - content, heading)
                        .map_or(Span::new(content, paragraph_end), |(start, end)| {
                            Span::new(content + start, content + end)
                        })
                }
            };
            anchors.push(Anchor {
                code: marker.code,
                line: marker.line,
                span,
            });
        }
    }
    let title = title.unwrap_or_else(|| file_stem(origin));
    if blocks.is_empty() {
        blocks.push(Block::default());
    }
    let mut lines: Vec<(Block, Option<u32>)> =
        blocks.into_iter().map(|block| (block, None)).collect();
    legacy::group_lists(&mut lines, 1);
    let blocks = lines.into_iter().map(|(block, _)| block).collect();
    let content = Content::new(text, blocks, Vec::new()).unwrap_or_default();
    (content, title, anchors)
}

/// What a line's structure is: the bytes of marks to strip and its block.
/// `#` headings and `- ` bullets as [`legacy::line_marks`] reads them; `•`,
/// `·` and `◦` bullets; short title-like lines as headings.
fn line_markup(line: &str) -> (usize, Block) {
    let trimmed = line.trim_start_matches(is_marker_space);
    let indent = line.len() - trimmed.len();
    if let Some(marks) = legacy::line_marks(trimmed)
        && (marks.block.style != BlockStyle::Normal || marks.number.is_none())
    {
        return (indent + marks.prefix_len, marks.block);
    }
    for bullet in ["• ", "· ", "◦ ", "•\t", "·\t", "◦\t"] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            let rest_trimmed = rest.trim_start_matches(is_marker_space);
            return (
                line.len() - rest_trimmed.len(),
                Block::item(ListItem::bulleted(ListId(0), 0)),
            );
        }
    }
    match heading_level(trimmed) {
        Some(level) => (indent, Block::heading(level)),
        None => (0, Block::default()),
    }
}

/// The heading level (2 or 3) a plain line deserves, if it looks like one.
fn heading_level(line: &str) -> Option<u8> {
    let line = line.trim_end_matches(is_marker_space);
    let first = line.chars().next()?;
    if line.chars().count() > 80
        || line.split_whitespace().count() > 12
        || line.ends_with(|character: char| ".,;:!?".contains(character))
        || !(first.is_uppercase() || first.is_ascii_digit())
        || effective_date_of(line).is_some()
    {
        return None;
    }
    let number_len = line
        .bytes()
        .take_while(|byte| byte.is_ascii_digit() || *byte == b'.')
        .count();
    if number_len > 0 {
        let number = &line[..number_len];
        let rest = &line[number_len..];
        let rest_trimmed = rest.trim_start();
        let numbered = number.starts_with(|character: char| character.is_ascii_digit())
            && rest_trimmed.len() < rest.len()
            && rest_trimmed.starts_with(char::is_uppercase);
        if !numbered {
            return None;
        }
        let depth = number.trim_end_matches('.').split('.').count();
        return Some(if depth >= 2 { 3 } else { 2 });
    }
    let title_case = line.split_whitespace().all(|word| {
        let letters = word
            .chars()
            .filter(|character| character.is_alphabetic())
            .count();
        letters < 4
            || word.starts_with(|character: char| {
                character.is_uppercase() || !character.is_alphabetic()
            })
    });
    (title_case && line.chars().any(char::is_alphabetic)).then_some(2)
}

/// The span (bytes in `content`) a marker at byte `at` annotates.
fn anchor_span(content: &str, at: usize, heading: bool) -> Option<(usize, usize)> {
    let before = content[..at].trim_end_matches(is_marker_space);
    if before.is_empty() {
        // Start of the paragraph: the paragraph.
        let start = content.len() - content.trim_start_matches(is_marker_space).len();
        return Some((start, content.len()));
    }
    if heading && content[at..].trim_matches(is_marker_space).is_empty() {
        return Some((0, before.len()));
    }
    let end = before.len();
    let last = before.chars().next_back()?;
    let unquoted = before.trim_end_matches(['"', '\'', '”', '’', ')']);
    if unquoted
        .chars()
        .next_back()
        .is_some_and(|character| ".!?".contains(character))
    {
        let start = sentence_start(content, unquoted.len() - 1);
        return Some((start, end));
    }
    if ",;:".contains(last) {
        let start = clause_start(content, end - 1);
        return Some((start, end));
    }
    if let Some(open) = matching_open(before, last) {
        return Some((open, end));
    }
    Some((phrase_start(before), end))
}

/// How far back (bytes) anchoring looks for a sentence start or an opening
/// quote, so hostile one-line input stays linear.
const LOOK_BACK: usize = 4_000;

/// The char boundary at most `LOOK_BACK` bytes before `at`.
fn window_start(text: &str, at: usize) -> usize {
    let mut start = at.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// Where the sentence that contains byte `inside` starts (searching at most
/// `LOOK_BACK` bytes back).
fn sentence_start(content: &str, inside: usize) -> usize {
    let window = window_start(content, inside);
    for (index, character) in content[window..inside].char_indices().rev() {
        let index = window + index;
        if !".!?".contains(character) {
            continue;
        }
        let after = &content[index + 1..inside];
        let after_trimmed = after.trim_start_matches(['"', '\'', '”', '’', ')']);
        let gap = after_trimmed.trim_start_matches(is_marker_space);
        if gap.len() == after_trimmed.len()
            || (character == '.' && is_abbreviation(&content[..index]))
        {
            continue;
        }
        return inside - gap.len();
    }
    window
}

fn is_abbreviation(before_stop: &str) -> bool {
    let word = before_stop
        .rsplit(|character: char| character.is_whitespace() || character == '(')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
}

/// Where the clause that ends at byte `end` (its punctuation) starts.
fn clause_start(content: &str, end: usize) -> usize {
    let sentence = sentence_start(content, end);
    let clause = content[sentence..end]
        .rfind([',', ';', ':'])
        .map_or(sentence, |index| sentence + index + 1);
    let rest = &content[clause..end];
    clause + (rest.len() - rest.trim_start_matches(is_marker_space).len())
}

/// For a quote or closing bracket at the end of `before`, where its opening
/// is (within the sentence).
fn matching_open(before: &str, last: char) -> Option<usize> {
    let opening: &[char] = match last {
        '"' => &['"'],
        '”' => &['“', '"'],
        '\'' | '’' => &['‘', '\''],
        ')' => &['('],
        ']' => &['['],
        _ => return None,
    };
    let inner = &before[..before.len() - last.len_utf8()];
    let window = window_start(inner, inner.len()).max(inner.len().saturating_sub(200));
    let window = (window..=inner.len())
        .find(|&index| inner.is_char_boundary(index))
        .unwrap_or(inner.len());
    let open = window + inner[window..].rfind(opening)?;
    // An opening quote starts a word; an apostrophe inside one does not.
    let starts_word = inner[..open]
        .chars()
        .next_back()
        .is_none_or(|character| is_marker_space(character) || character == '(');
    starts_word.then_some(open)
}

fn is_word_char(character: char) -> bool {
    character.is_alphanumeric() || "-'’&/".contains(character)
}

/// Where the noun phrase that ends `before` starts.
fn phrase_start(before: &str) -> usize {
    let word_before = |end: usize| -> Option<(usize, String)> {
        let start = before[..end]
            .char_indices()
            .rev()
            .take_while(|&(_, character)| is_word_char(character))
            .last()
            .map(|(index, _)| index)?;
        let word = before[start..end]
            .trim_matches(['\'', '’', '-'])
            .to_lowercase();
        Some((start, word))
    };
    let Some((mut start, first_word)) = word_before(before.len()) else {
        // No word right before the marker (a symbol): take that character
        // so the comment still has text.
        return before
            .char_indices()
            .next_back()
            .map_or(0, |(index, _)| index);
    };
    if STOP_WORDS.contains(&first_word.as_str()) {
        return start;
    }
    for _ in 1..MAX_PHRASE_WORDS {
        let gap = before[..start].trim_end_matches(is_marker_space);
        if gap.len() == start || before[gap.len()..start].chars().count() > 1 {
            break;
        }
        let Some((word_start, word)) = word_before(gap.len()) else {
            break;
        };
        if STOP_WORDS.contains(&word.as_str()) {
            break;
        }
        start = word_start;
    }
    start
}

/// Finds `[A] -OR- B` constructs and makes each a choose-one suggestion
/// (also for Word documents, which carry the same templates).
pub(crate) fn template_alternatives(
    text: &str,
    now: DateTime<Utc>,
    fresh_id: &mut impl FnMut() -> u64,
) -> Vec<Suggestion> {
    let mut suggestions = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut search_from = 0;
        while let Some(found) = line[search_from..].find("-OR-") {
            let or_at = search_from + found;
            search_from = or_at + 4;
            let head = line[..or_at].trim_end_matches(is_marker_space);
            if !head.ends_with(']') {
                continue;
            }
            let Some(open) = head[..head.len() - 1].rfind('[') else {
                continue;
            };
            if head[open + 1..head.len() - 1].contains(']') {
                continue;
            }
            let mut candidates = vec![head[open + 1..head.len() - 1].trim().to_string()];
            let mut end = head.len();
            let mut or_end = or_at + 4;
            loop {
                let rest = &line[or_end..];
                let rest_trimmed = rest.trim_start_matches(is_marker_space);
                let b_start = or_end + (rest.len() - rest_trimmed.len());
                let previous_is_sentence = candidates
                    .last()
                    .is_some_and(|candidate| candidate.ends_with(['.', '!', '?']));
                let b_end = if let Some(inner) = rest_trimmed.strip_prefix('[') {
                    match inner.find(']') {
                        Some(close) => {
                            candidates.push(inner[..close].trim().to_string());
                            b_start + close + 2
                        }
                        None => break,
                    }
                } else {
                    let stop = if previous_is_sentence {
                        sentence_end(rest_trimmed)
                    } else {
                        rest_trimmed
                            .find([',', ';', ':', '.', '!', '?'])
                            .unwrap_or(rest_trimmed.len())
                    };
                    let candidate = rest_trimmed[..stop].trim_end_matches(is_marker_space);
                    if candidate.is_empty() {
                        break;
                    }
                    candidates.push(candidate.to_string());
                    b_start + candidate.len()
                };
                end = b_end;
                let after = &line[b_end..];
                let after_trimmed = after.trim_start_matches(is_marker_space);
                match after_trimmed.strip_prefix("-OR-") {
                    Some(_) => or_end = b_end + (after.len() - after_trimmed.len()) + 4,
                    None => break,
                }
            }
            if candidates.len() < 2 {
                continue;
            }
            search_from = search_from.max(end);
            let span = Span::new(line_start + open, line_start + end);
            suggestions.push(Suggestion {
                rationale: Some("template alternatives left in the text".to_string()),
                ..Suggestion::pending(
                    SuggestionId(fresh_id()),
                    span,
                    text[span.range()].to_string(),
                    SuggestionKind::Alternatives { candidates },
                    Person::new(TEMPLATE_AUTHOR.0, TEMPLATE_AUTHOR.1),
                    now,
                )
            });
        }
        line_start += line.len() + 1;
    }
    suggestions
}

/// The length of the first sentence of `text`, with its full stop.
fn sentence_end(text: &str) -> usize {
    for (index, character) in text.char_indices() {
        if ".!?".contains(character) {
            let after = &text[index + 1..];
            if (after.is_empty() || after.starts_with(is_marker_space))
                && !(character == '.' && is_abbreviation(&text[..index]))
            {
                return index + 1;
            }
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(sentence_with_caret: &str) -> &str {
        let at = sentence_with_caret
            .find('^')
            .unwrap_or(sentence_with_caret.len());
        let content = sentence_with_caret.replace('^', "");
        let (start, end) = anchor_span(&content, at, false).unwrap();
        let start_in = &sentence_with_caret[start..end];
        // `^` is after `end`, so indexes below it are unchanged.
        start_in
    }

    #[test]
    fn noun_phrases() {
        assert_eq!(
            phrase("We may share personal data information^ with partners."),
            "personal data information"
        );
        assert_eq!(
            phrase("We retain your contact details^ for two years."),
            "contact details"
        );
        assert_eq!(
            phrase("We rely on Standard Contractual Clauses^ approved by the Commission."),
            "Standard Contractual Clauses"
        );
        assert_eq!(
            phrase("You have the right to data portability^ and erasure."),
            "data portability"
        );
        assert_eq!(
            phrase("We respond within a reasonable time^."),
            "reasonable time"
        );
        assert_eq!(
            phrase("Our \"Services\"^ are described below."),
            "\"Services\""
        );
        assert_eq!(phrase("We share it with^ partners."), "with");
        assert_eq!(
            phrase("We keep data only as needed.^ Then we delete it."),
            "We keep data only as needed."
        );
        assert_eq!(
            phrase("Inc. is fine. We use cookies, e.g. pixels, for ads.^"),
            "We use cookies, e.g. pixels, for ads."
        );
        assert_eq!(
            phrase("When you delete your account,^ we delete your data."),
            "When you delete your account,"
        );
    }

    #[test]
    fn headings() {
        assert_eq!(heading_level("Information We Collect"), Some(2));
        assert_eq!(heading_level("1. Information We Collect"), Some(2));
        assert_eq!(
            heading_level("1.2 Cookies and Similar Technologies"),
            Some(3)
        );
        assert_eq!(heading_level("We use log files"), None);
        assert_eq!(heading_level("Our current sub-processors are:"), None);
        assert_eq!(heading_level("2024 was a good year"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(
            markers_in("a [T1] b [JS12][x] [ABCDE1]"),
            vec![(2, 6, "T1"), (9, 15, "JS12")]
        );
    }
}
