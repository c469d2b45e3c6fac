//! CriticMarkup and plain Markdown: import and export.
//!
//! [CriticMarkup](https://github.com/CriticMarkup/CriticMarkup-toolkit) marks
//! changes and comments inside Markdown text. Redline reads all five marks:
//!
//! | mark                   | becomes                                             |
//! |------------------------|-----------------------------------------------------|
//! | `{++text++}`           | an insertion suggestion at that point               |
//! | `{--text--}`           | a deletion suggestion of `text`                     |
//! | `{~~old~>new~~}`       | a replacement of `old` by `new`                     |
//! | `{~~old~>A~>B~~}`      | *(extension)* a choose-one suggestion: `A` or `B`   |
//! | `{==text==}{>>c<<}`    | a comment thread `c` anchored to `text`             |
//! | `{>>c<<}` alone        | a point comment at that place                       |
//!
//! The text of a deletion, the old text of a replacement and the highlighted
//! text stay in the document; inserted and new text live in the suggestion
//! (Redline keeps the reviewed text and its pending suggestions apart).
//!
//! # Who wrote a comment
//!
//! A comment's text may start with its author: `{>>PA: text<<}` (initials,
//! one to four capital letters) or `{>>@Priya Ananthanarayan: text<<}` (a
//! name, initials from [`Person::initials_of`]). A parenthesised list after
//! the author adds initials that differ from the name's and the resolved
//! flag: `{>>@R&D Team (RD, resolved): text<<}`. An initials-only author is
//! given the full name written elsewhere in the file with those initials,
//! when there is exactly one. A comment with no author is by `Unknown`.
//! Leading and trailing spaces of every comment text are dropped.
//!
//! # How comment marks attach
//!
//! - right after a highlight: a thread anchored to the highlighted text;
//! - right after an edit mark (the first one only): the suggestion's author
//!   and rationale, `{--text--}{>>@Name: why<<}`; a further comment mark right
//!   after that opens a thread on the suggestion's text;
//! - right after a comment of a thread: a reply in that thread;
//! - anywhere else: a point comment at that place.
//!
//! # Extension: comment ranges that cannot be highlights
//!
//! Comments may overlap each other and suggestions, which plain
//! `{==…==}` cannot express (CriticMarkup forbids nesting). The exporter then
//! writes the range with two labelled comment marks, which other CriticMarkup
//! tools show as ordinary comments:
//!
//! ```text
//! We {>>[7<<}collect {--personal--} data{>>7] @Tomasz Wielgosz: Which data?<<} for ...
//!    ^ start of comment 7's text          ^ end of it, with the thread itself
//! ```
//!
//! `{>>[N<<}` marks where the text of the thread labelled `N` starts, and
//! `{>>N] …<<}` where it ends; the second mark carries the thread (author,
//! text; replies follow it). A start inside a suggestion's text is written
//! before the edit mark with a character count, `{>>[N+5<<}` (starts five
//! characters later); an end inside it after the edit mark, `{>>N-5] …<<}`
//! (ends five characters earlier). An end mark with no start is a point
//! comment.
//!
//! # Markdown
//!
//! The marks are read first, on the Markdown as written; what remains is
//! Markdown, read by [`super::markdown`] into the policy's words, blocks
//! and marks, and every position a mark had is carried over to the words
//! through its source map. So marks work inside formatted text:
//! `{--**bold**--}` deletes bold words, `**{==term==}{>>why?<<}**` comments
//! on them, and text a suggestion inserts keeps its formatting
//! (`{++**new**++}`). A YAML-style front matter block (`---` … `---`) may
//! set `title`, `organisation` and `effective_date`; otherwise the title is
//! the first level-1 heading (else the file name) and the effective date
//! comes from a line `Effective Date: March 3, 2024`.
//!
//! # Escapes
//!
//! CriticMarkup has none; Redline has its own, so that no comment or name
//! can close its mark, open another or become a suggestion. In the text of a
//! comment mark a backslash makes the next `\`, `{`, `}`, `<`, `>`, `~`,
//! `[` or `]` a plain character (in an author's name also `:`, `(`, `)`,
//! `,` and `@`); a mark whose `{` is escaped is text. The policy's own
//! words are written as Markdown, whose backslash escapes cover the same
//! characters, so no word of the policy becomes a mark either.
//!
//! # Malformed marks
//!
//! An opening mark with no closing mark, a mark that contains another opening
//! mark, and a substitution without `~>` are reported as warnings with line
//! and column, and the opening mark stays in the text as literal characters
//! (marks inside it are still read).
//!
//! # Export
//!
//! [`export`] writes the front matter, then the text with one blank line
//! between paragraphs, every pending suggestion as its mark followed by an
//! author note `{>>@Name: rationale<<}`, and every comment thread as a
//! highlight (or, when that cannot be expressed, the labelled range above)
//! followed by its replies. Accepted and rejected suggestions are history and
//! are not written. Pending suggestions that overlap an earlier one cannot be
//! marked; each is written as a comment describing it instead.
//!
//! # Round trip
//!
//! Export then import gives back the text, its blocks and marks, the
//! metadata, and every comment and pending suggestion with its span, kind,
//! text, author, rationale, replies and resolved flag (tested on the sample,
//! on generated projects and on random ones; any comment body or name,
//! CriticMarkup markers included). Ids and creation times are new. It holds
//! as long as the text has no empty paragraph (Markdown has none; the export
//! says so), comment texts have no spaces at their ends, alternatives offer
//! at least two candidates, and the structure is one Markdown can say (see
//! [`super::markdown`]: what it cannot is named in the export's warnings).
//!
//! Warnings beyond the first 200 are counted, not listed; every scan is
//! linear (plus binary searches), so hostile input stays cheap.

use super::{FormatError, Imported, markdown};
use crate::model::blocks::{Block, BlockStyle, NOTE_REFERENCE, SOFT_BREAK};
use crate::model::content::{Content, Fragment};
use crate::model::dates::{find_date_line, parse_date};
use crate::model::{
    Comment, CommentId, Document, Person, Project, ProjectParts, Reply, ReplyId, Span, Suggestion,
    SuggestionId, SuggestionKind, SuggestionStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// At most this many warnings are listed (each costs a line/column lookup).
const MAX_WARNINGS: usize = 200;

/// The author of comments and suggestions that name none.
const UNKNOWN_AUTHOR: &str = "Unknown";

/// Imports CriticMarkup (or plain Markdown) `text` read from `origin`.
/// `now` is the creation time of every comment, reply and suggestion.
///
/// Malformed marks become warnings; the import itself fails only if it
/// produced an inconsistent project, which would be a bug.
///
/// ```
/// use redline::formats::criticmarkup;
/// use std::path::Path;
/// let now = chrono::DateTime::UNIX_EPOCH;
/// let imported = criticmarkup::import("We {--never--} sell {==data==}{>>PA: which?<<}.",
///     Path::new("policy.md"), now).unwrap();
/// assert_eq!(imported.parts.document.text(), "We never sell data.");
/// assert_eq!(imported.parts.comments[0].quote, "data");
/// assert_eq!(imported.parts.suggestions[0].original, "never");
/// ```
pub fn import(text: &str, origin: &Path, now: DateTime<Utc>) -> Result<Imported, FormatError> {
    let raw = text.strip_prefix('\u{feff}').unwrap_or(text);
    let positions = LinePositions::new(raw);
    let (front, body_start) = front_matter(raw);
    let body = &raw[body_start..];
    let mut located = Vec::new();
    let tokens = tokenize(body, |offset, message| located.push((offset, message)));
    let mut builder = Builder::new(now);
    for token in &tokens {
        builder.take(token);
    }
    let Built {
        text: markdown,
        mut comments,
        mut suggestions,
        warnings: builder_warnings,
    } = builder.finish();
    located.extend(builder_warnings);
    // Stable: warnings at one place keep the order they arose in.
    located.sort_by_key(|(offset, _)| *offset);
    let mut warnings: Vec<String> = located
        .iter()
        .take(MAX_WARNINGS)
        .map(|(offset, message)| {
            let (line, column) = positions.line_column(body_start + *offset);
            format!("line {line}, column {column}: {message}")
        })
        .collect();
    if located.len() > MAX_WARNINGS {
        warnings.push(format!(
            "{} more warnings not shown",
            located.len() - MAX_WARNINGS
        ));
    }
    let parsed = markdown::parse(&markdown);
    warnings.extend(parsed.warnings);
    let content = parsed.content;
    let map_span = |span: Span| {
        let start = parsed.map.start(span.start.0);
        let end = if span.is_empty() {
            start
        } else {
            parsed.map.end(span.end.0).max(start)
        };
        Span::new(start, end)
    };
    for comment in &mut comments {
        comment.span = map_span(comment.span);
        comment.quote = content.text[comment.span.range()].to_string();
    }
    for suggestion in &mut suggestions {
        suggestion.span = map_span(suggestion.span);
        suggestion.original = content.text[suggestion.span.range()].to_string();
        read_suggested_markdown(suggestion);
    }
    let title = front
        .title
        .or_else(|| first_heading(&content))
        .unwrap_or_else(|| file_stem(origin));
    let effective_date = front
        .effective_date
        .or_else(|| content.text.lines().take(40).find_map(effective_date_of));
    let parts = ProjectParts {
        document: Document {
            title,
            organisation: front.organisation.unwrap_or_default(),
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

/// The words a suggestion puts in, read from their Markdown: plain text
/// as it is, formatted text with its formatting.
fn read_suggested_markdown(suggestion: &mut Suggestion) {
    match &mut suggestion.kind {
        SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
            let (words, formatting) = inline_from_markdown(text);
            *text = words;
            suggestion.formatting = formatting;
        }
        SuggestionKind::Alternatives { candidates } => {
            for candidate in candidates {
                *candidate = inline_from_markdown(candidate).0;
            }
        }
        SuggestionKind::Deletion | SuggestionKind::Format(_) => {}
    }
}

/// Characters the Markdown writer escapes or turns into markup: text
/// without them is written, and read, as it is.
fn is_markdown_special(character: char) -> bool {
    matches!(
        character,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '{' | '}' | '|' | '~' | '&' | '#' | '\n'
    ) || character == SOFT_BREAK
        || character == NOTE_REFERENCE
}

/// Inserted words from their Markdown, with their formatting when they
/// have any.
fn inline_from_markdown(source: &str) -> (String, Option<Fragment>) {
    if !source.contains(is_markdown_special) {
        return (source.to_string(), None);
    }
    let content = markdown::parse(source).content;
    let fragment = content.slice(0..content.text.len());
    let plain = content.marks.is_empty() && content.blocks.iter().all(Block::is_normal);
    (content.text, (!plain).then_some(fragment))
}

/// Inserted words as Markdown.
fn inline_to_markdown(text: &str, formatting: Option<&Fragment>) -> String {
    let plain = formatting.is_none_or(|fragment| {
        fragment.marks.iter().all(|run| run.marks.is_plain())
            && fragment.blocks.iter().all(Block::is_normal)
    });
    if plain && !text.contains(is_markdown_special) {
        return text.to_string();
    }
    let content =
        match formatting.filter(|fragment| fragment.text == text && fragment.is_consistent()) {
            Some(fragment) => fragment.clone().into_content(Block::default()),
            None => Content::plain(text),
        };
    markdown::render(&content).markdown
}

/// Writes `project` as Markdown with CriticMarkup; see the module doc for
/// the marks and the extension used.
///
/// ```
/// use redline::formats::{criticmarkup, sample::sample_project};
/// let text = criticmarkup::export(&sample_project().unwrap());
/// assert!(text.starts_with("---\ntitle: \"Kestrelmoor Software Privacy Policy\""));
/// assert!(text.contains("{~~"));
/// ```
pub fn export(project: &Project) -> String {
    let mut out = String::new();
    let document = project.document();
    write_front_matter(&mut out, document);
    let rendered = markdown::render(&document.content);
    let source = Source {
        markdown: &rendered.markdown,
        positions: &rendered.positions,
    };
    let text = document.text();
    let (placed, overlapping) = placeable_suggestions(project.suggestions());
    let items = export_items(text, &source, project.comments(), &placed, &overlapping);
    let mut writer = Writer {
        out,
        last_was_mark: false,
    };
    let mut position = 0;
    for item in &items {
        if item.position > position {
            writer.text(source.slice(position..item.position));
            position = item.position;
        }
        match item.what {
            What::End {
                comment,
                back_chars,
            } => {
                let back = if back_chars > 0 {
                    format!("-{back_chars}")
                } else {
                    String::new()
                };
                writer.mark(&format!(
                    "{{>>{}{back}] {}<<}}",
                    comment.id.0,
                    author_text(&comment.author, comment.resolved, &comment.body)
                ));
                writer.replies(&comment.replies);
            }
            What::Point(comment) => {
                let thread = author_text(&comment.author, comment.resolved, &comment.body);
                if writer.last_was_mark {
                    writer.mark(&format!("{{>>{}] {thread}<<}}", comment.id.0));
                } else {
                    writer.mark(&format!("{{>>{thread}<<}}"));
                }
                writer.replies(&comment.replies);
            }
            What::Start { comment, chars } => {
                let forward = if chars > 0 {
                    format!("+{chars}")
                } else {
                    String::new()
                };
                writer.mark(&format!("{{>>[{}{forward}<<}}", comment.id.0));
            }
            What::Suggest(suggestion) => {
                let original = source.slice(suggestion.span.range());
                writer.mark(&suggestion_mark(suggestion, original));
                let note = author_text(
                    &suggestion.author,
                    false,
                    suggestion.rationale.as_deref().unwrap_or(""),
                );
                writer.mark(&format!("{{>>{note}<<}}"));
                position = position.max(suggestion.span.end.0);
            }
            What::Overlapping(suggestion) => {
                let body = describe_unmarkable(suggestion, &text[suggestion.span.range()]);
                let thread = author_text(&suggestion.author, false, &body);
                writer.mark(&format!("{{>>{}] {thread}<<}}", suggestion.id.0));
            }
            What::Highlight(comment) => {
                writer.mark(&format!(
                    "{{=={}==}}{{>>{}<<}}",
                    source.slice(comment.span.range()),
                    author_text(&comment.author, comment.resolved, &comment.body)
                ));
                writer.replies(&comment.replies);
                position = position.max(comment.span.end.0);
            }
        }
    }
    if position < text.len() {
        writer.text(source.slice(position..text.len()));
    }
    writer.out.push('\n');
    writer.out
}

/// The document as Markdown, with where each content byte went.
struct Source<'a> {
    markdown: &'a str,
    positions: &'a [usize],
}

impl Source<'_> {
    /// The Markdown of content bytes `range` (from the Markdown's start for
    /// a range at the content's start, so the first block's marker is kept).
    fn slice(&self, range: std::ops::Range<usize>) -> &str {
        let start = if range.start == 0 {
            0
        } else {
            self.positions[range.start]
        };
        let end = self.positions[range.end].max(start);
        &self.markdown[start..end]
    }

    /// How many Markdown characters content bytes `range` take.
    fn chars(&self, range: std::ops::Range<usize>) -> usize {
        self.slice(range).chars().count()
    }
}

// ---------------------------------------------------------------------------
// Shared helpers (also used by the commented-text importer).

/// The effective date a line like `Effective Date: March 3, 2024` states,
/// read as the model reads it (see [`crate::model::dates`]).
pub(crate) fn effective_date_of(line: &str) -> Option<NaiveDate> {
    find_date_line(line).and_then(|date_line| date_line.date)
}

/// The name of the file without directories and extensions, as a fallback
/// title.
pub(crate) fn file_stem(origin: &Path) -> String {
    let name = origin
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    if stem.is_empty() {
        "Untitled".to_string()
    } else {
        stem.to_string()
    }
}

/// Checks every span of `parts` the way [`Project::from_parts`] will, so an
/// importer bug is an error, not a panic later.
pub(crate) fn check_parts(parts: &ProjectParts, origin: &Path) -> Result<(), FormatError> {
    let text = parts.document.text();
    let spans = parts
        .comments
        .iter()
        .map(|comment| comment.span)
        .chain(parts.suggestions.iter().map(|suggestion| suggestion.span));
    for span in spans {
        span.check(text).map_err(|error| FormatError::Invalid {
            path: origin.to_path_buf(),
            message: format!("the importer made an invalid span: {error}"),
        })?;
    }
    Ok(())
}

/// 1-based line and column (in characters) of byte offsets in a text.
pub(crate) struct LinePositions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LinePositions<'a> {
    pub(crate) fn new(text: &'a str) -> LinePositions<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        LinePositions { text, line_starts }
    }

    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line.max(1), column + 1)
    }
}

// ---------------------------------------------------------------------------
// Import: front matter and paragraphs.

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    organisation: Option<String>,
    effective_date: Option<NaiveDate>,
}

/// Reads a leading `---` block of `key: value` lines; returns it and where
/// the body starts.
fn front_matter(raw: &str) -> (FrontMatter, usize) {
    let mut front = FrontMatter::default();
    let Some(rest) = raw
        .strip_prefix("---\n")
        .or_else(|| raw.strip_prefix("---\r\n"))
    else {
        return (front, 0);
    };
    let mut offset = raw.len() - rest.len();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line == "---" || line == "..." {
            return (front, offset);
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim().to_lowercase().as_str() {
            "title" => front.title = Some(value),
            "organisation" | "organization" => front.organisation = Some(value),
            "effective_date" | "effective-date" | "effective date" | "date" => {
                front.effective_date = parse_date(&value).map(|(date, _)| date);
            }
            _ => {}
        }
    }
    (FrontMatter::default(), 0)
}

fn unquote(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|value| value.strip_suffix('"'))
    else {
        return value.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut characters = inner.chars();
    while let Some(character) = characters.next() {
        if character == '\\' {
            out.extend(characters.next());
        } else {
            out.push(character);
        }
    }
    out
}

/// The words of the first level-1 heading.
fn first_heading(content: &Content) -> Option<String> {
    content
        .paragraphs()
        .find(|(_, block)| block.style == BlockStyle::Heading(1))
        .map(|(range, _)| content.text[range].trim().to_string())
        .filter(|title| !title.is_empty())
}

// ---------------------------------------------------------------------------
// Import: marks.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Insert,
    Delete,
    Substitute,
    Comment,
    Highlight,
}

const MARKS: [(Mark, &str, &str); 5] = [
    (Mark::Insert, "{++", "++}"),
    (Mark::Delete, "{--", "--}"),
    (Mark::Substitute, "{~~", "~~}"),
    (Mark::Comment, "{>>", "<<}"),
    (Mark::Highlight, "{==", "==}"),
];

#[derive(Debug)]
enum Token<'a> {
    Text(&'a str),
    /// The opening of a malformed mark, kept as literal characters (escaped
    /// so that Markdown reads them as they are).
    Literal(&'a str),
    /// A mark, its content, and the offset of its opening.
    Mark(Mark, &'a str, usize),
}

fn mark_at(bytes: &[u8], index: usize) -> Option<Mark> {
    let window = bytes.get(index..index + 3)?;
    MARKS
        .iter()
        .find(|(_, open, _)| open.as_bytes() == window)
        .map(|(mark, _, _)| *mark)
}

/// Splits `text` into literal text and well-formed marks, reporting
/// malformed ones through `warn(offset, message)`. Linear apart from binary
/// searches, so hostile input cannot make it quadratic.
fn tokenize<'a>(text: &'a str, mut warn: impl FnMut(usize, String)) -> Vec<Token<'a>> {
    let bytes = text.as_bytes();
    let openings: Vec<usize> = (0..bytes.len())
        .filter(|&index| {
            bytes[index] == b'{' && mark_at(bytes, index).is_some() && !is_escaped(bytes, index)
        })
        .collect();
    let closings: Vec<Vec<usize>> = MARKS
        .iter()
        .map(|(_, _, close)| {
            let close = close.as_bytes();
            (0..bytes.len().saturating_sub(2))
                .filter(|&index| &bytes[index..index + 3] == close && !is_escaped(bytes, index))
                .collect()
        })
        .collect();
    let mut tokens = Vec::new();
    let mut literal_start = 0;
    let mut next_opening = 0;
    let kept_as_text = |tokens: &mut Vec<Token<'a>>, literal_start: &mut usize, open: usize| {
        if open > *literal_start {
            tokens.push(Token::Text(&text[*literal_start..open]));
        }
        tokens.push(Token::Literal(&text[open..open + 3]));
        *literal_start = open + 3;
    };
    while let Some(&open) = openings.get(next_opening) {
        next_opening += 1;
        if open < literal_start {
            continue;
        }
        let Some(mark) = mark_at(bytes, open) else {
            continue;
        };
        let kind = MARKS
            .iter()
            .position(|(candidate, _, _)| *candidate == mark)
            .unwrap_or(0);
        let (_, open_text, close_text) = MARKS[kind];
        let content_start = open + 3;
        let closes = &closings[kind];
        let Some(&close) = closes.get(closes.partition_point(|&index| index < content_start))
        else {
            warn(
                open,
                format!("{open_text} is never closed with {close_text}; kept as text"),
            );
            kept_as_text(&mut tokens, &mut literal_start, open);
            continue;
        };
        let first_inner = openings.partition_point(|&index| index < content_start);
        if openings
            .get(first_inner)
            .is_some_and(|&index| index < close)
        {
            warn(
                open,
                format!(
                    "{open_text} contains another mark before its {close_text} (marks cannot nest); kept as text"
                ),
            );
            kept_as_text(&mut tokens, &mut literal_start, open);
            continue;
        }
        let content = &text[content_start..close];
        if mark == Mark::Substitute && find_unescaped(content, "~>").is_none() {
            warn(
                open,
                format!("{open_text} has no ~> between the old and the new text; kept as text"),
            );
            kept_as_text(&mut tokens, &mut literal_start, open);
            continue;
        }
        if open > literal_start {
            tokens.push(Token::Text(&text[literal_start..open]));
        }
        tokens.push(Token::Mark(mark, content, open));
        literal_start = close + 3;
    }
    if literal_start < text.len() {
        tokens.push(Token::Text(&text[literal_start..]));
    }
    tokens
}

/// What the previous token was, for attaching comment marks.
#[derive(Debug, Clone, Copy)]
enum Previous {
    Other,
    Highlight { span: Span, offset: usize },
    Edit { index: usize, noted: bool },
    Thread { index: usize },
}

/// A thread whose start mark carried a forward character count, fixed up
/// when the whole text is known.
struct PendingStart {
    comment: usize,
    at: usize,
    chars: usize,
}

/// What the builder made: the text, threads, suggestions and located
/// warnings.
struct Built {
    text: String,
    comments: Vec<Comment>,
    suggestions: Vec<Suggestion>,
    warnings: Vec<(usize, String)>,
}

struct Builder {
    text: String,
    comments: Vec<Comment>,
    suggestions: Vec<Suggestion>,
    /// (offset in the joined Markdown, message).
    warnings: Vec<(usize, String)>,
    next_id: u64,
    now: DateTime<Utc>,
    previous: Previous,
    /// Label → (start in the text, forward characters, offset of the mark).
    starts: HashMap<u64, (usize, usize, usize)>,
    pending_starts: Vec<PendingStart>,
    /// Full names written with initials, for initials-only authors.
    names: HashMap<String, Vec<String>>,
}

/// A comment's text split into author, resolved flag and body.
struct Authored {
    author: Option<Person>,
    initials_only: bool,
    resolved: bool,
    body: String,
}

impl Builder {
    fn new(now: DateTime<Utc>) -> Builder {
        Builder {
            text: String::new(),
            comments: Vec::new(),
            suggestions: Vec::new(),
            warnings: Vec::new(),
            next_id: 1,
            now,
            previous: Previous::Other,
            starts: HashMap::new(),
            pending_starts: Vec::new(),
            names: HashMap::new(),
        }
    }

    fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn take(&mut self, token: &Token) {
        if let Previous::Highlight { offset, .. } = self.previous
            && !matches!(token, Token::Mark(Mark::Comment, content, _) if extension(content.trim()).is_none())
        {
            self.warnings.push((
                offset,
                "a highlight with no comment after it; kept as plain text".to_string(),
            ));
            self.previous = Previous::Other;
        }
        let (mark, content, offset) = match *token {
            Token::Text(text) => {
                self.text.push_str(text);
                self.previous = Previous::Other;
                return;
            }
            Token::Literal(text) => {
                for character in text.chars() {
                    self.text.push('\\');
                    self.text.push(character);
                }
                self.previous = Previous::Other;
                return;
            }
            Token::Mark(mark, content, offset) => (mark, content, offset),
        };
        let here = self.text.len();
        let kind = match mark {
            Mark::Comment => {
                self.comment(content, offset);
                return;
            }
            Mark::Highlight => {
                self.text.push_str(content);
                self.previous = Previous::Highlight {
                    span: Span::new(here, self.text.len()),
                    offset,
                };
                return;
            }
            Mark::Insert => SuggestionKind::Insertion {
                text: content.to_string(),
            },
            Mark::Delete => {
                self.text.push_str(content);
                SuggestionKind::Deletion
            }
            Mark::Substitute => {
                let mut parts = split_unescaped(content, "~>").into_iter();
                let old = parts.next().unwrap_or_default();
                let mut new: Vec<String> = parts.map(str::to_string).collect();
                self.text.push_str(old);
                match new.len() {
                    0 | 1 => {
                        let text = new.pop().unwrap_or_default();
                        if old.is_empty() {
                            SuggestionKind::Insertion { text }
                        } else if text.is_empty() {
                            SuggestionKind::Deletion
                        } else {
                            SuggestionKind::Replacement { text }
                        }
                    }
                    _ => SuggestionKind::Alternatives { candidates: new },
                }
            }
        };
        let span = Span::new(here, self.text.len());
        let empty = match &kind {
            SuggestionKind::Insertion { text } => text.is_empty(),
            _ => span.is_empty(),
        };
        if empty {
            self.warnings.push((
                offset,
                "an empty change mark changes nothing; ignored".to_string(),
            ));
            self.previous = Previous::Other;
            return;
        }
        let id = SuggestionId(self.fresh_id());
        self.suggestions.push(Suggestion {
            id,
            span,
            kind,
            author: Person::new(UNKNOWN_AUTHOR, Person::initials_of(UNKNOWN_AUTHOR)),
            created: self.now,
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            material: false,
            original: self.text[span.range()].to_string(),
            move_partner: None,
            note: None,
            formatting: None,
        });
        self.previous = Previous::Edit {
            index: self.suggestions.len() - 1,
            noted: false,
        };
    }

    fn comment(&mut self, content: &str, offset: usize) {
        let content = content.trim();
        let here = self.text.len();
        match extension(content) {
            Some(Extension::Start { label, chars }) => {
                if self.starts.insert(label, (here, chars, offset)).is_some() {
                    self.warnings.push((
                        offset,
                        format!("the comment range [{label} starts twice; the later start is used"),
                    ));
                }
                self.previous = Previous::Other;
            }
            Some(Extension::End {
                label,
                back_chars,
                rest,
            }) => {
                let end = back_chars_from(&self.text, here, back_chars);
                let (start, forward) = match self.starts.remove(&label) {
                    Some((start, chars, _)) => (start.min(end), chars),
                    None => (end, 0),
                };
                let index = self.new_thread(Span::new(start, end), rest);
                if forward > 0 {
                    self.pending_starts.push(PendingStart {
                        comment: index,
                        at: start,
                        chars: forward,
                    });
                }
            }
            None => match self.previous {
                Previous::Highlight { span, .. } => {
                    self.new_thread(span, content);
                }
                Previous::Edit {
                    index,
                    noted: false,
                } => {
                    let authored = self.authored(content);
                    let suggestion = &mut self.suggestions[index];
                    if let Some(author) = authored.author {
                        suggestion.author = author;
                    }
                    if !authored.body.is_empty() {
                        suggestion.rationale = Some(authored.body.to_string());
                    }
                    self.previous = Previous::Edit { index, noted: true };
                }
                Previous::Edit { index, noted: true } => {
                    let span = self.suggestions[index].span;
                    self.new_thread(span, content);
                }
                Previous::Thread { index } => {
                    let authored = self.authored(content);
                    let id = ReplyId(self.fresh_id());
                    let author = authored.author.unwrap_or_else(unknown_person);
                    self.comments[index].replies.push(Reply {
                        id,
                        author,
                        created: self.now,
                        body: authored.body.to_string(),
                    });
                }
                Previous::Other => {
                    self.new_thread(Span::point(here), content);
                }
            },
        }
    }

    /// Splits off the author, remembering full names for initials.
    fn authored(&mut self, content: &str) -> Authored {
        let authored = split_author(content);
        if let Some(author) = &authored.author
            && !authored.initials_only
        {
            let names = self.names.entry(author.initials.clone()).or_default();
            if !names.contains(&author.name) {
                names.push(author.name.clone());
            }
        }
        authored
    }

    fn new_thread(&mut self, span: Span, content: &str) -> usize {
        let authored = self.authored(content);
        let id = CommentId(self.fresh_id());
        self.comments.push(Comment {
            id,
            span,
            author: authored.author.unwrap_or_else(unknown_person),
            created: self.now,
            body: authored.body.to_string(),
            replies: Vec::new(),
            resolved: authored.resolved,
            orphaned: false,
            quote: self.text[span.range()].to_string(),
            attached_to: None,
        });
        let index = self.comments.len() - 1;
        self.previous = Previous::Thread { index };
        index
    }

    fn finish(mut self) -> Built {
        if let Previous::Highlight { offset, .. } = self.previous {
            self.warnings.push((
                offset,
                "a highlight with no comment after it; kept as plain text".to_string(),
            ));
        }
        let mut unmatched: Vec<_> = self.starts.drain().collect();
        unmatched.sort_by_key(|(label, _)| *label);
        for (label, (_, _, offset)) in unmatched {
            self.warnings.push((
                offset,
                format!("the comment range [{label} has no end mark {label}]; ignored"),
            ));
        }
        for pending in &self.pending_starts {
            let comment = &mut self.comments[pending.comment];
            let start =
                forward_chars_from(&self.text, pending.at, pending.chars).min(comment.span.end.0);
            comment.span = Span::new(start, comment.span.end.0);
            comment.quote = self.text[comment.span.range()].to_string();
        }
        let names = &self.names;
        let full_name = |person: &mut Person| {
            if person.name == person.initials
                && let Some([name]) = names.get(&person.initials).map(Vec::as_slice)
            {
                person.name = name.clone();
            }
        };
        for comment in &mut self.comments {
            full_name(&mut comment.author);
            for reply in &mut comment.replies {
                full_name(&mut reply.author);
            }
        }
        for suggestion in &mut self.suggestions {
            full_name(&mut suggestion.author);
        }
        Built {
            text: self.text,
            comments: self.comments,
            suggestions: self.suggestions,
            warnings: self.warnings,
        }
    }
}

fn unknown_person() -> Person {
    Person::new(UNKNOWN_AUTHOR, Person::initials_of(UNKNOWN_AUTHOR))
}

/// The offset `chars` characters before `from` in `text` (at least 0).
fn back_chars_from(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(from, |(index, _)| index)
}

/// The offset `chars` characters after `from` in `text` (at most its end).
fn forward_chars_from(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| from + index)
}

enum Extension<'a> {
    Start {
        label: u64,
        chars: usize,
    },
    End {
        label: u64,
        back_chars: usize,
        rest: &'a str,
    },
}

/// Reads the labelled-range extension marks `[N`, `[N+k`, `N] …`, `N-k] …`.
fn extension(content: &str) -> Option<Extension<'_>> {
    fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
        if text.is_empty() || text.len() > 18 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }
    if let Some(start) = content.strip_prefix('[') {
        let (label, chars) = start.split_once('+').unwrap_or((start, "0"));
        return Some(Extension::Start {
            label: number(label)?,
            chars: number(chars)?,
        });
    }
    let (head, rest) = content.split_once(']')?;
    let (label, back) = head.split_once('-').unwrap_or((head, "0"));
    Some(Extension::End {
        label: number(label)?,
        back_chars: number(back)?,
        rest: rest.trim_start(),
    })
}

/// Splits `@Name (IN, resolved): body` or `IN: body` into its parts.
fn split_author(content: &str) -> Authored {
    let plain = Authored {
        author: None,
        initials_only: false,
        resolved: false,
        body: unescape_mark_text(content),
    };
    let Some(colon) = find_unescaped(content, ":") else {
        return plain;
    };
    let (head, body) = (&content[..colon], &content[colon + 1..]);
    if head.contains('\n') || head.len() > 200 {
        return plain;
    }
    let (name_part, attributes) = match head
        .trim_end()
        .strip_suffix(')')
        .and_then(|head| head.rsplit_once(" ("))
    {
        Some((name, attributes)) => (name, Some(attributes)),
        None => (head, None),
    };
    let mut initials = None;
    let mut resolved = false;
    for attribute in attributes.into_iter().flat_map(|list| list.split(',')) {
        let attribute = attribute.trim();
        if attribute == "resolved" {
            resolved = true;
        } else if !attribute.is_empty()
            && attribute.len() <= 12
            && !attribute.contains(char::is_whitespace)
        {
            initials = Some(attribute.to_string());
        } else {
            return plain;
        }
    }
    let body = unescape_mark_text(body.trim());
    if let Some(name) = name_part.strip_prefix('@') {
        let name = unescape_mark_text(name.trim());
        if name.is_empty() {
            return plain;
        }
        let name = name.as_str();
        let initials = initials.unwrap_or_else(|| Person::initials_of(name));
        return Authored {
            author: Some(Person::new(name, initials)),
            initials_only: false,
            resolved,
            body,
        };
    }
    let is_initials = (1..=4).contains(&name_part.len())
        && name_part.bytes().all(|byte| byte.is_ascii_uppercase());
    if !is_initials {
        return plain;
    }
    Authored {
        author: Some(Person::new(
            name_part,
            initials.unwrap_or_else(|| name_part.to_string()),
        )),
        initials_only: true,
        resolved,
        body,
    }
}

// ---------------------------------------------------------------------------
// Export.

fn write_front_matter(out: &mut String, document: &Document) {
    let quote = |value: &str| {
        let mut quoted = String::from("\"");
        for character in value.chars() {
            match character {
                '"' | '\\' => {
                    quoted.push('\\');
                    quoted.push(character);
                }
                '\n' | '\r' => quoted.push(' '),
                _ => quoted.push(character),
            }
        }
        quoted.push('"');
        quoted
    };
    if document.title.is_empty()
        && document.organisation.is_empty()
        && document.effective_date.is_none()
    {
        return;
    }
    out.push_str("---\n");
    if !document.title.is_empty() {
        let _ = writeln!(out, "title: {}", quote(&document.title));
    }
    if !document.organisation.is_empty() {
        let _ = writeln!(out, "organisation: {}", quote(&document.organisation));
    }
    if let Some(date) = document.effective_date {
        let _ = writeln!(out, "effective_date: {}", date.format("%Y-%m-%d"));
    }
    out.push_str("---\n\n");
}

/// Pending suggestions that can be written as marks (in order, none
/// overlapping), and the ones that overlap an earlier one.
fn placeable_suggestions(suggestions: &[Suggestion]) -> (Vec<&Suggestion>, Vec<&Suggestion>) {
    let mut pending: Vec<&Suggestion> = suggestions
        .iter()
        .filter(|suggestion| suggestion.status.is_pending())
        .collect();
    pending.sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end, suggestion.id));
    let mut placed: Vec<&Suggestion> = Vec::with_capacity(pending.len());
    let mut overlapping = Vec::new();
    for suggestion in pending {
        let clashes = placed.last().is_some_and(|last| {
            last.span.overlaps(suggestion.span)
                || (!last.span.is_empty() && suggestion.span.start < last.span.end)
        });
        if clashes {
            overlapping.push(suggestion);
        } else {
            placed.push(suggestion);
        }
    }
    (placed, overlapping)
}

#[derive(Clone, Copy)]
enum What<'a> {
    End {
        comment: &'a Comment,
        back_chars: usize,
    },
    Point(&'a Comment),
    Start {
        comment: &'a Comment,
        chars: usize,
    },
    Suggest(&'a Suggestion),
    Overlapping(&'a Suggestion),
    Highlight(&'a Comment),
}

struct Item<'a> {
    position: usize,
    rank: u8,
    id: u64,
    what: What<'a>,
}

/// Everything to write, in the order the importer reads it back: at one
/// place, ends of ranges first, then point comments, starts of ranges,
/// insertions and finally the mark that covers text.
fn export_items<'a>(
    text: &str,
    source: &Source<'_>,
    comments: &'a [Comment],
    placed: &[&'a Suggestion],
    overlapping: &[&'a Suggestion],
) -> Vec<Item<'a>> {
    // The non-empty suggestion spans, sorted and disjoint.
    let covered: Vec<Span> = placed
        .iter()
        .map(|suggestion| suggestion.span)
        .filter(|span| !span.is_empty())
        .collect();
    let inside = |byte: usize| -> Option<Span> {
        let index = covered.partition_point(|span| span.end.0 <= byte);
        covered
            .get(index)
            .copied()
            .filter(|span| span.start.0 < byte && byte < span.end.0)
    };
    let mut boundaries: Vec<usize> = comments
        .iter()
        .flat_map(|comment| [comment.span.start.0, comment.span.end.0])
        .collect();
    boundaries.sort_unstable();
    let all_spans: Vec<Span> = placed.iter().map(|suggestion| suggestion.span).collect();
    let can_highlight = |comment: &Comment| {
        let span = comment.span;
        if span.is_empty() || text[span.range()].contains('\n') {
            return false;
        }
        let (a, b) = (span.start.0, span.end.0);
        let others = boundaries.partition_point(|&byte| byte <= b)
            - boundaries.partition_point(|&byte| byte < a);
        if others > 2 {
            return false;
        }
        let first = all_spans.partition_point(|other| other.end.0 < a);
        all_spans.get(first).is_none_or(|other| other.start.0 > b)
    };
    let mut items = Vec::with_capacity(comments.len() * 2 + placed.len());
    for comment in comments {
        let (start, end) = (comment.span.start.0, comment.span.end.0);
        let id = comment.id.0;
        if comment.span.is_empty() {
            match inside(start) {
                Some(span) => items.push(Item {
                    position: span.end.0,
                    rank: 0,
                    id,
                    what: What::End {
                        comment,
                        back_chars: source.chars(start..span.end.0),
                    },
                }),
                None => items.push(Item {
                    position: start,
                    rank: 1,
                    id,
                    what: What::Point(comment),
                }),
            }
        } else if can_highlight(comment) {
            items.push(Item {
                position: start,
                rank: 4,
                id,
                what: What::Highlight(comment),
            });
        } else {
            let (start_at, chars) = match inside(start) {
                Some(span) => (span.start.0, source.chars(span.start.0..start)),
                None => (start, 0),
            };
            let (end_at, back_chars) = match inside(end) {
                Some(span) => (span.end.0, source.chars(end..span.end.0)),
                None => (end, 0),
            };
            items.push(Item {
                position: start_at,
                rank: 2,
                id,
                what: What::Start { comment, chars },
            });
            items.push(Item {
                position: end_at,
                rank: 0,
                id,
                what: What::End {
                    comment,
                    back_chars,
                },
            });
        }
    }
    for suggestion in placed {
        let rank = if suggestion.span.is_empty() { 3 } else { 4 };
        items.push(Item {
            position: suggestion.span.start.0,
            rank,
            id: suggestion.id.0,
            what: What::Suggest(suggestion),
        });
    }
    for suggestion in overlapping {
        items.push(Item {
            position: suggestion.span.start.0,
            rank: 1,
            id: suggestion.id.0,
            what: What::Overlapping(suggestion),
        });
    }
    items.sort_by_key(|item| (item.position, item.rank, item.id));
    items
}

struct Writer {
    out: String,
    last_was_mark: bool,
}

impl Writer {
    fn text(&mut self, markdown: &str) {
        self.out.push_str(markdown);
        self.last_was_mark = false;
    }

    fn mark(&mut self, mark: &str) {
        self.out.push_str(mark);
        self.last_was_mark = true;
    }

    fn replies(&mut self, replies: &[Reply]) {
        for reply in replies {
            let text = author_text(&reply.author, false, &reply.body);
            self.mark(&format!("{{>>{text}<<}}"));
        }
    }
}

/// `@Name (IN, resolved): body`, with the parenthesis only when needed.
fn author_text(author: &Person, resolved: bool, body: &str) -> String {
    let name = if author.name.trim().is_empty() {
        UNKNOWN_AUTHOR
    } else {
        author.name.trim()
    };
    let mut attributes = Vec::new();
    if !author.initials.is_empty() && author.initials != Person::initials_of(name) {
        attributes.push(author.initials.as_str());
    }
    if resolved {
        attributes.push("resolved");
    }
    let attributes = if attributes.is_empty() {
        String::new()
    } else {
        format!(" ({})", attributes.join(", "))
    };
    format!(
        "@{}{attributes}: {}",
        escape_mark_text(name, true),
        escape_mark_text(body, false)
    )
}

fn suggestion_mark(suggestion: &Suggestion, original: &str) -> String {
    let formatting = suggestion.formatting.as_ref();
    match &suggestion.kind {
        SuggestionKind::Insertion { text } => {
            format!("{{++{}++}}", inline_to_markdown(text, formatting))
        }
        SuggestionKind::Deletion | SuggestionKind::Format(_) => format!("{{--{original}--}}"),
        SuggestionKind::Replacement { text } => {
            format!(
                "{{~~{original}~>{}~~}}",
                inline_to_markdown(text, formatting)
            )
        }
        SuggestionKind::Alternatives { candidates } => {
            let mut mark = format!("{{~~{original}");
            for candidate in candidates {
                mark.push_str("~>");
                mark.push_str(&inline_to_markdown(candidate, None));
            }
            mark.push_str("~~}");
            mark
        }
    }
}

/// Characters a backslash escapes in the text of a comment mark (the
/// author's name escapes more: those of the author syntax).
const ESCAPED_IN_BODIES: &[char] = &['\\', '{', '}', '<', '>', '~', '[', ']'];
const ESCAPED_IN_NAMES: &[char] = &[
    '\\', '{', '}', '<', '>', '~', ':', '(', ')', ',', '@', '[', ']',
];

/// CriticMarkup has no escapes; Redline's: a backslash before a character
/// that could start or end a mark (or, in a name, the author syntax) makes
/// it a plain character, and `\\` is a backslash. So no comment text or name
/// can ever close its mark, open another or become a suggestion.
///
/// ```text
///   body  We keep {--nothing--} <<} here      name  Lee, J. (Legal)
///   mark  {>>@Lee\, J. \(Legal\): We keep \{--nothing--\} \<\<\} here<<}
/// ```
fn escape_mark_text(text: &str, is_name: bool) -> String {
    let escaped = if is_name {
        ESCAPED_IN_NAMES
    } else {
        ESCAPED_IN_BODIES
    };
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if escaped.contains(&character) {
            out.push('\\');
        }
        out.push(character);
    }
    out
}

/// Reads [`escape_mark_text`]'s escapes; a backslash before any other
/// character is kept (text from other tools).
fn unescape_mark_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        match (character, chars.peek()) {
            ('\\', Some(next)) if ESCAPED_IN_NAMES.contains(next) => {
                out.push(*next);
                chars.next();
            }
            _ => out.push(character),
        }
    }
    out
}

/// Whether the byte at `index` is escaped by an odd run of backslashes.
fn is_escaped(bytes: &[u8], index: usize) -> bool {
    bytes[..index]
        .iter()
        .rev()
        .take_while(|&&byte| byte == b'\\')
        .count()
        % 2
        == 1
}

/// The first `needle` in `text` not escaped by a backslash.
fn find_unescaped(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(needle) {
        let at = from + offset;
        if !is_escaped(text.as_bytes(), at) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// `text` split at every unescaped `separator`.
fn split_unescaped<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = find_unescaped(rest, separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

fn describe_unmarkable(suggestion: &Suggestion, original: &str) -> String {
    let change = match &suggestion.kind {
        SuggestionKind::Insertion { text } => format!("insert \"{text}\""),
        SuggestionKind::Deletion => format!("delete \"{original}\""),
        SuggestionKind::Replacement { text } => format!("replace \"{original}\" with \"{text}\""),
        SuggestionKind::Alternatives { candidates } => format!(
            "replace \"{original}\" with one of: {}",
            candidates
                .iter()
                .map(|candidate| format!("\"{candidate}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        SuggestionKind::Format(format) => {
            format!("format \"{original}\": {}", format.description())
        }
    };
    format!("Suggested change that overlaps another one and could not be marked: {change}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effective_date_line_is_read_as_the_model_reads_it() {
        let expected = NaiveDate::from_ymd_opt(2024, 3, 3);
        assert_eq!(
            effective_date_of("**Effective Date:** March 3, 2024"),
            expected
        );
        assert_eq!(
            effective_date_of("Effective Date: 3rd March 2024"),
            expected
        );
        assert_eq!(effective_date_of("We are effective"), None);
    }

    #[test]
    fn author_prefixes() {
        let authored = split_author("@R&D Team (RDT, resolved): fine");
        assert_eq!(authored.author, Some(Person::new("R&D Team", "RDT")));
        assert!(authored.resolved);
        assert_eq!(authored.body, "fine");
        let authored = split_author("PA: check this");
        assert_eq!(authored.author, Some(Person::new("PA", "PA")));
        assert!(authored.initials_only);
        let authored = split_author("Note: lower case is not an author");
        assert_eq!(authored.author, None);
        assert_eq!(authored.body, "Note: lower case is not an author");
    }

    #[test]
    fn extension_marks() {
        assert!(matches!(
            extension("[12"),
            Some(Extension::Start {
                label: 12,
                chars: 0
            })
        ));
        assert!(matches!(
            extension("[12+3"),
            Some(Extension::Start {
                label: 12,
                chars: 3
            })
        ));
        assert!(matches!(
            extension("7-2] @A: b"),
            Some(Extension::End {
                label: 7,
                back_chars: 2,
                rest: "@A: b"
            })
        ));
        assert!(extension("[see above]").is_none());
        assert!(extension("a] b").is_none());
    }
}
