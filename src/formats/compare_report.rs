//! Compare reports: a [`Comparison`] of two policy versions rendered as a
//! terminal word diff ([`to_text`]), a standalone printable HTML redline
//! ([`to_html`]) and JSON for tools ([`to_json`]).
//!
//! The text and HTML reports share one model: the NEW document cut into
//! blocks, one per paragraph line that a change touches, in which each piece
//! of text is kept, added or removed, and one per run of untouched
//! paragraphs between changes (so the cost follows the changes, not the
//! document); whole deleted paragraphs become blocks of their own at the
//! place they were, and a moved paragraph gives two blocks, one where it now
//! is ("moved from paragraph N") and one where it was ("moved to paragraph
//! M"). Paragraph numbers are 1-based line numbers in the old (`from`) and
//! new (`to`) text.
//!
//! Invariants: every piece of user text in HTML goes through the HTML export's `escape`;
//! the HTML loads nothing (no remote fonts, scripts, images or links); JSON
//! offsets are CHARACTER offsets (Unicode scalar values), never bytes.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::publish::html::escape;
use crate::model::blocks::outline;
use crate::model::compare::{Change, ChangeKind, Comparison, byte_to_char_offsets};
use crate::model::content::Content;

/// Whether a piece of text is kept, added, removed or formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark<'a> {
    Kept,
    Added,
    Removed,
    /// The same words, formatted otherwise; what changed, in words.
    Formatted(&'a str),
}

/// A piece of one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span<'a> {
    mark: Mark<'a>,
    text: &'a str,
}

/// The headings of both versions, to tell section titles apart.
struct Headings {
    /// Heading titles (old and new) with their levels.
    levels: HashMap<String, u8>,
    /// Where the new version's headings start, with their titles.
    new_starts: Vec<(usize, String)>,
}

impl Headings {
    fn new(old: &Content, new: &Content) -> Headings {
        let mut levels = HashMap::new();
        for heading in outline(&old.text, &old.blocks) {
            levels.insert(heading.title, heading.level);
        }
        let new_outline = outline(&new.text, &new.blocks);
        let new_starts = new_outline
            .iter()
            .map(|heading| (heading.line.start, heading.title.clone()))
            .collect();
        for heading in new_outline {
            levels.insert(heading.title, heading.level);
        }
        Headings { levels, new_starts }
    }

    /// The level of a paragraph that reads as a heading's title.
    fn level_of(&self, paragraph: &str) -> Option<u8> {
        self.levels.get(paragraph.trim()).copied()
    }

    /// The title of the last heading of the new text starting in `range`.
    fn last_in(&self, range: std::ops::Range<usize>) -> Option<&str> {
        let after = self
            .new_starts
            .partition_point(|(start, _)| *start < range.end);
        let (start, title) = self.new_starts.get(after.checked_sub(1)?)?;
        (*start >= range.start).then_some(title.as_str())
    }
}

/// One block of the redline of the new document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block<'a> {
    /// A paragraph: kept, edited, inserted or deleted (by its spans).
    Paragraph(Vec<Span<'a>>),
    /// Whole paragraphs that no change touches, each ending in a line break.
    Unchanged(&'a str),
    /// A paragraph moved here from old paragraph `from`.
    MovedHere { text: &'a str, from: usize },
    /// The place a paragraph moved away from, to new paragraph `to`.
    MovedAway { to: usize },
}

impl Block<'_> {
    fn is_changed(&self) -> bool {
        match self {
            Block::Paragraph(spans) => spans.iter().any(|span| span.mark != Mark::Kept),
            Block::Unchanged(_) => false,
            Block::MovedHere { .. } | Block::MovedAway { .. } => true,
        }
    }

    /// One untouched paragraph line (without its line break) as a block.
    fn kept_line(line: &str) -> Block<'_> {
        let spans = if line.is_empty() {
            Vec::new()
        } else {
            vec![Span {
                mark: Mark::Kept,
                text: line,
            }]
        };
        Block::Paragraph(spans)
    }

    /// Heading level and title, judged on the paragraph's new text (its old
    /// text for a deleted paragraph).
    fn heading(&self, headings: &Headings) -> Option<(u8, String)> {
        let Block::Paragraph(spans) = self else {
            return None;
        };
        let text = paragraph_text(spans);
        headings
            .level_of(&text)
            .map(|level| (level, text.trim().to_owned()))
    }
}

/// The paragraph's text in the new document, or its old text if deleted.
fn paragraph_text(spans: &[Span<'_>]) -> String {
    let new_text: String = spans
        .iter()
        .filter(|span| span.mark != Mark::Removed)
        .map(|span| span.text)
        .collect();
    if new_text.is_empty() {
        spans.iter().map(|span| span.text).collect()
    } else {
        new_text
    }
}

/// Where `run`, a slice of `text`, starts in it.
fn offset_in(text: &str, run: &str) -> usize {
    (run.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// 1-based line numbers of some byte offsets of a text, counted in one pass
/// over the text up to the last of them.
struct LineNumbers {
    /// `(offset, line)`, sorted by offset.
    lines: Vec<(usize, usize)>,
}

impl LineNumbers {
    fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let (mut at, mut line) = (0, 1);
        let lines = offsets
            .into_iter()
            .map(|offset| {
                let offset = offset.min(bytes.len());
                line += memchr::memchr_iter(b'\n', &bytes[at.min(offset)..offset]).count();
                at = offset;
                (offset, line)
            })
            .collect();
        Self { lines }
    }

    /// 1-based number of the line holding byte `offset` (one of those
    /// counted; the first line otherwise).
    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .binary_search_by_key(&offset, |&(at, _)| at)
            .map_or(1, |index| self.lines[index].1)
    }
}

/// How an added or removed line break shows where nothing else would (as
/// Word shows a paragraph mark).
pub const PARAGRAPH_MARK: &str = "¶";

/// Cuts pieces of text into per-line blocks.
#[derive(Default)]
struct BlockBuilder<'a> {
    blocks: Vec<Block<'a>>,
    current: Vec<Span<'a>>,
}

impl<'a> BlockBuilder<'a> {
    /// Untouched text: it ends the current paragraph, its whole paragraphs
    /// become one [`Block::Unchanged`] and its tail starts the next one.
    fn kept(&mut self, text: &'a str) {
        let bytes = text.as_bytes();
        let (Some(first), Some(last)) =
            (memchr::memchr(b'\n', bytes), memchr::memrchr(b'\n', bytes))
        else {
            self.text(Mark::Kept, text);
            return;
        };
        self.text(Mark::Kept, &text[..=first]);
        if last > first {
            self.blocks.push(Block::Unchanged(&text[first + 1..=last]));
        }
        self.text(Mark::Kept, &text[last + 1..]);
    }

    /// Text with one mark: each line break ends the current paragraph.
    fn text(&mut self, mark: Mark<'a>, text: &'a str) {
        self.lay(mark, text, false);
    }

    /// Text added or removed outright: as [`Self::text`], but a line break
    /// that would leave its paragraph looking unchanged (a blank line, the
    /// final line break, two paragraphs joined) shows as a
    /// [`PARAGRAPH_MARK`], as Word shows it.
    fn added_or_removed(&mut self, mark: Mark<'a>, text: &'a str) {
        self.lay(mark, text, true);
    }

    fn lay(&mut self, mark: Mark<'a>, text: &'a str, mark_breaks: bool) {
        let mut pieces = text.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            if !piece.is_empty() {
                self.current.push(Span { mark, text: piece });
            }
            if pieces.peek().is_some() {
                if mark_breaks && self.current.iter().all(|span| span.mark == Mark::Kept) {
                    self.current.push(Span {
                        mark,
                        text: PARAGRAPH_MARK,
                    });
                }
                self.blocks
                    .push(Block::Paragraph(std::mem::take(&mut self.current)));
            }
        }
    }

    fn block(&mut self, block: Block<'a>) {
        self.flush();
        self.blocks.push(block);
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.blocks
                .push(Block::Paragraph(std::mem::take(&mut self.current)));
        }
    }

    fn finish(mut self) -> Vec<Block<'a>> {
        self.flush();
        self.blocks
    }
}

/// Something to lay into the new text at a byte offset.
enum Event<'c> {
    /// A paragraph moved away from here (its change).
    MovedAway(&'c Change),
    /// A change at its new range.
    Change(&'c Change),
}

/// The redline of `new`: its paragraphs with the changes laid in.
fn blocks<'a>(cmp: &'a Comparison, old: &str, new: &'a str) -> Vec<Block<'a>> {
    let moves = || {
        cmp.changes
            .iter()
            .filter(|change| change.kind == ChangeKind::Move)
    };
    let old_lines = LineNumbers::of(old, moves().map(|change| change.old.start));
    let new_lines = LineNumbers::of(new, moves().map(|change| change.new.start));
    let mut events: Vec<(usize, u8, Event<'_>)> = Vec::with_capacity(cmp.changes.len() + 4);
    for change in &cmp.changes {
        if change.kind == ChangeKind::Move {
            let origin = new_offset_of_origin(cmp, change.old.start);
            events.push((origin, 0, Event::MovedAway(change)));
        }
        events.push((change.new.start, 1, Event::Change(change)));
    }
    events.sort_by_key(|&(at, order, _)| (at, order));

    let mut builder = BlockBuilder::default();
    let mut at = 0;
    for (position, _, event) in events {
        if position > at {
            builder.kept(new.get(at..position).unwrap_or(""));
            at = position;
        }
        match event {
            Event::MovedAway(change) => builder.block(Block::MovedAway {
                to: new_lines.line_of(change.new.start),
            }),
            Event::Change(change) => {
                lay_change(&mut builder, change, &old_lines);
                at = at.max(change.new.end);
            }
        }
    }
    builder.kept(new.get(at..).unwrap_or(""));
    builder.finish()
}

fn lay_change<'a>(builder: &mut BlockBuilder<'a>, change: &'a Change, old_lines: &LineNumbers) {
    match change.kind {
        ChangeKind::Format => {
            let note = change.formatting.as_deref().unwrap_or("formatted");
            if change.new_text == "\n" {
                builder.current.push(Span {
                    mark: Mark::Formatted(note),
                    text: PARAGRAPH_MARK,
                });
                builder.text(Mark::Kept, "\n");
            } else {
                builder.text(Mark::Formatted(note), &change.new_text);
            }
        }
        ChangeKind::Insert => builder.added_or_removed(Mark::Added, &change.new_text),
        ChangeKind::Delete => builder.added_or_removed(Mark::Removed, &change.old_text),
        ChangeKind::Replace => {
            builder.text(Mark::Removed, &change.old_text);
            builder.text(Mark::Added, &change.new_text);
        }
        ChangeKind::Move => builder.block(Block::MovedHere {
            text: change.new_text.trim_end_matches('\n'),
            from: old_lines.line_of(change.old.start),
        }),
    }
}

/// Where in the new text the old offset `old_at` (the start of a moved-away
/// paragraph) now is: the text outside all changes is the same on both
/// sides, so count it up to `old_at` and find the same count in the new text.
fn new_offset_of_origin(cmp: &Comparison, old_at: usize) -> usize {
    let removed_before: usize = cmp
        .changes
        .iter()
        .filter(|change| change.old.end <= old_at)
        .map(|change| change.old.len())
        .sum();
    let kept_target = old_at.saturating_sub(removed_before);
    let (mut kept, mut new_at) = (0, 0);
    for change in &cmp.changes {
        let gap = change.new.start.saturating_sub(new_at);
        if kept + gap >= kept_target {
            break;
        }
        kept += gap;
        new_at = change.new.end;
    }
    new_at + kept_target.saturating_sub(kept)
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// A word diff of the new text for terminals, like
/// `git diff --word-diff=plain`: only the changed paragraphs, each under its
/// section heading (printed once per section), deletions as `[-removed-]`,
/// insertions as `{+added+}`, and moves as a line
/// `[moved from paragraph N]` before the moved paragraph and a line
/// `[moved to paragraph M]` where it was. A blank line or final line break
/// added or removed shows as `{+¶+}` / `[-¶-]`. With `color`, removed text
/// is red and added text green (ANSI escapes) instead of the markers.
///
/// Identical texts give an empty string.
pub fn to_text(cmp: &Comparison, old: &Content, new: &Content, color: bool) -> String {
    let headings = Headings::new(old, new);
    let (old, new) = (old.text.as_str(), new.text.as_str());
    let mut out = String::new();
    let mut section: Option<(usize, String)> = None;
    let mut printed_section = None;
    for (index, block) in blocks(cmp, old, new).iter().enumerate() {
        match block {
            Block::Unchanged(run) => {
                let start = offset_in(new, run);
                if let Some(title) = headings.last_in(start..start + run.len()) {
                    section = Some((index, title.to_owned()));
                }
            }
            Block::Paragraph(spans)
                if block.heading(&headings).is_some()
                    && spans.iter().any(|span| span.mark != Mark::Removed) =>
            {
                section = Some((index, paragraph_text(spans)));
            }
            _ => {}
        }
        if !block.is_changed() {
            continue;
        }
        let own_section = section.as_ref().is_some_and(|(at, _)| *at == index);
        if let Some((at, plain)) = &section
            && printed_section != Some(*at)
        {
            if !out.is_empty() {
                out.push('\n');
            }
            if !own_section {
                out.push_str(plain);
                out.push('\n');
            }
            printed_section = Some(*at);
        }
        text_block(&mut out, block, color);
    }
    out
}

fn text_block(out: &mut String, block: &Block<'_>, color: bool) {
    let note = |out: &mut String, note: String| {
        if color {
            let _ = writeln!(out, "{CYAN}{note}{RESET}");
        } else {
            let _ = writeln!(out, "{note}");
        }
    };
    match block {
        Block::Paragraph(spans) => {
            for span in spans {
                match (span.mark, color) {
                    (Mark::Kept, _) => out.push_str(span.text),
                    (Mark::Added, false) => {
                        let _ = write!(out, "{{+{}+}}", span.text);
                    }
                    (Mark::Removed, false) => {
                        let _ = write!(out, "[-{}-]", span.text);
                    }
                    (Mark::Added, true) => {
                        let _ = write!(out, "{GREEN}{}{RESET}", span.text);
                    }
                    (Mark::Removed, true) => {
                        let _ = write!(out, "{RED}{}{RESET}", span.text);
                    }
                    (Mark::Formatted(note), false) => {
                        let _ = write!(out, "{{~{}~}}[formatted: {note}]", span.text);
                    }
                    (Mark::Formatted(note), true) => {
                        let _ = write!(out, "{CYAN}{}{RESET} [formatted: {note}]", span.text);
                    }
                }
            }
            out.push('\n');
        }
        Block::Unchanged(run) => out.push_str(run),
        Block::MovedHere { text, from } => {
            note(out, format!("[moved from paragraph {from}]"));
            out.push_str(text);
            out.push('\n');
        }
        Block::MovedAway { to } => note(out, format!("[moved to paragraph {to}]")),
    }
}

const CSS: &str = "\
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; color: #1b1b1b;
  background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
header, .summary, .sections, .legend, .note, .moved-away { font-family: system-ui, -apple-system,
  'Segoe UI', Roboto, Arial, sans-serif; }
header h1 { font-size: 1.6rem; margin-bottom: .2rem; }
header p { margin-top: 0; color: #555; }
.summary, .sections { border: 1px solid #d0d0d0; border-radius: 6px; padding: .6rem 1rem;
  margin: 1rem 0; }
.summary h2, .sections h2 { font-size: 1.05rem; margin: .2rem 0 .5rem; }
.summary dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1.2rem; margin: 0; }
.summary dt { color: #555; }
.summary dd { margin: 0; font-weight: 600; }
.legend { font-size: .9rem; color: #555; }
article.redline { border-top: 2px solid #1b1b1b; margin-top: 1.5rem; padding-top: .5rem; }
ins { background: #dff3e4; color: #0b5d27; text-decoration: underline; text-decoration-thickness: 1px; }
del { background: #fde4e1; color: #a3150b; text-decoration: line-through; }
del + ins { margin-left: .15em; }
.formatted { background: #fff4cc; border-bottom: 2px dotted #a07a00; }
.note { font-size: .8rem; color: #7a5d00; }
p.inserted, p.deleted, p.edited { padding-left: .6rem; border-left: 3px solid #c9c9c9; }
p.inserted { border-left-color: #2e9b53; }
p.deleted { border-left-color: #cf3b2c; }
.moved { background: #eaf1fd; border-left: 4px solid #2a5db0; padding: .3rem .7rem; }
.moved .note { display: block; font-size: .8rem; color: #2a5db0; font-weight: 600; }
.moved-away { font-size: .85rem; font-style: italic; color: #2a5db0; border-left: 4px dashed #2a5db0;
  padding-left: .6rem; }
@media print {
  @page { margin: 16mm 14mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  ins, del, .moved, p.inserted, p.deleted { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; }
  p { orphans: 3; widows: 3; }
  .moved, .summary, .sections { break-inside: avoid; }
}
";

/// A standalone, printable HTML compare report titled `title`: a summary
/// (words added and removed, paragraphs changed, moves, sections touched),
/// the list of changed sections (linked to their headings), then the redline
/// of the whole NEW document with `<ins>`/`<del>`, headings as `<h1>` to
/// `<h3>` and moved paragraphs in their own style. All user text is escaped;
/// nothing is loaded from outside the file.
pub fn to_html(cmp: &Comparison, old: &Content, new: &Content, title: &str) -> String {
    let headings = Headings::new(old, new);
    let (old, new) = (old.text.as_str(), new.text.as_str());
    let blocks = blocks(cmp, old, new);
    let mut article = String::with_capacity(new.len() + new.len() / 4);
    let mut anchors = Anchors::default();
    for block in &blocks {
        html_block(&mut article, block, &mut anchors, &headings);
    }
    let title = escape(title);
    let mut html = String::with_capacity(article.len() + 4096);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p>Compare report: changes from the old version to the new one</p>\n\
         </header>\n"
    );
    html_summary(&mut html, cmp);
    html_sections(&mut html, cmp, &anchors.by_title);
    html.push_str(
        "<p class=\"legend\">Legend: <ins>inserted text</ins> · <del>deleted text</del> · \
         <span class=\"formatted\">formatted text</span> · \
         <span class=\"moved\">moved paragraph</span></p>\n",
    );
    html.push_str("<article class=\"redline\">\n");
    html.push_str(&article);
    html.push_str("</article>\n</body>\n</html>\n");
    html
}

fn html_summary(html: &mut String, cmp: &Comparison) {
    html.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n");
    if cmp.is_identical() {
        html.push_str("<p>The two versions are identical.</p>\n</section>\n");
        return;
    }
    let summary = &cmp.summary;
    let _ = write!(
        html,
        "<dl>\n<dt>Words added</dt><dd>{}</dd>\n<dt>Words removed</dt><dd>{}</dd>\n\
         <dt>Paragraphs changed</dt><dd>{}</dd>\n<dt>Paragraphs moved</dt><dd>{}</dd>\n\
         <dt>Formatting changes</dt><dd>{}</dd>\n\
         <dt>Sections touched</dt><dd>{}</dd>\n</dl>\n</section>\n",
        summary.words_added,
        summary.words_removed,
        summary.paragraphs_changed,
        summary.moves,
        summary.formatting_changes,
        summary.sections_touched.len()
    );
}

fn html_sections(html: &mut String, cmp: &Comparison, anchors: &HashMap<String, String>) {
    if cmp.summary.sections_touched.is_empty() {
        return;
    }
    html.push_str("<nav class=\"sections\">\n<h2>Changed sections</h2>\n<ul>\n");
    for section in &cmp.summary.sections_touched {
        let name = escape(section);
        match anchors.get(section) {
            Some(id) => {
                let _ = writeln!(html, "<li><a href=\"#{id}\">{name}</a></li>");
            }
            None => {
                let _ = writeln!(html, "<li>{name}</li>");
            }
        }
    }
    html.push_str("</ul>\n</nav>\n");
}

/// The ids given to the headings of the HTML redline, in document order.
#[derive(Default)]
struct Anchors {
    /// Headings so far.
    count: usize,
    /// Each heading title's first id.
    by_title: HashMap<String, String>,
}

impl Anchors {
    /// The id of the next heading, titled `title`.
    fn next(&mut self, title: String) -> String {
        self.count += 1;
        let id = format!("section-{}", self.count);
        self.by_title.entry(title).or_insert_with(|| id.clone());
        id
    }
}

fn html_block(html: &mut String, block: &Block<'_>, anchors: &mut Anchors, headings: &Headings) {
    match block {
        Block::Paragraph(spans) if spans.is_empty() => {}
        Block::Paragraph(spans) => {
            let heading = block.heading(headings);
            let level = heading.as_ref().map(|(level, _)| *level);
            let id = heading.map(|(_, title)| anchors.next(title));
            html_paragraph(html, spans, id.as_deref(), level);
        }
        Block::Unchanged(run) => {
            for line in run.split_terminator('\n') {
                html_block(html, &Block::kept_line(line), anchors, headings);
            }
        }
        Block::MovedHere { text, from } => {
            let _ = writeln!(
                html,
                "<p class=\"moved\"><span class=\"note\">Moved from paragraph {from}</span>{}</p>",
                escape(text)
            );
        }
        Block::MovedAway { to } => {
            let _ = writeln!(
                html,
                "<p class=\"moved-away\">A paragraph moved from here to paragraph {to}.</p>"
            );
        }
    }
}

fn html_paragraph(html: &mut String, spans: &[Span<'_>], id: Option<&str>, level: Option<u8>) {
    let added = spans.iter().all(|span| span.mark == Mark::Added);
    let removed = spans.iter().all(|span| span.mark == Mark::Removed);
    let kept = spans.iter().all(|span| span.mark == Mark::Kept);
    let class = match (kept, added, removed) {
        (true, _, _) => "",
        (_, true, _) => " class=\"inserted\"",
        (_, _, true) => " class=\"deleted\"",
        _ => " class=\"edited\"",
    };
    let tag = level.map_or_else(|| "p".to_owned(), |level| format!("h{level}"));
    let id_attribute = id.map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
    let _ = write!(html, "<{tag}{id_attribute}{class}>");
    for span in spans {
        let text = escape(span.text);
        let _ = match span.mark {
            Mark::Kept => write!(html, "{text}"),
            Mark::Added => write!(html, "<ins>{text}</ins>"),
            Mark::Removed => write!(html, "<del>{text}</del>"),
            Mark::Formatted(note) => write!(
                html,
                "<span class=\"formatted\" title=\"{0}\">{text}</span><span class=\"note\"> [formatted: {0}]</span>",
                escape(note)
            ),
        };
    }
    let _ = writeln!(html, "</{tag}>");
}

/// The comparison as JSON for tools:
///
/// ```json
/// { "identical": false,
///   "summary": { "words_added": 1, "words_removed": 0, "paragraphs_changed": 1,
///                "moves": 0, "sections_touched": ["Data"] },
///   "changes": [ { "kind": "insert", "old_start": 11, "old_end": 11,
///                  "new_start": 11, "new_end": 20, "old_text": "", "new_text": "personal " } ] }
/// ```
///
/// `old_start`/`old_end` and `new_start`/`new_end` are CHARACTER offsets
/// (Unicode scalar values, as in JavaScript's `Array.from(text)` or Python's
/// `str` indexing) into the old and new text, not byte offsets. `kind` is
/// `insert`, `delete`, `replace`, `move` or `format` (the same words,
/// formatted otherwise; `formatting` says how).
pub fn to_json(cmp: &Comparison, old: &Content, new: &Content) -> Value {
    let (old, new) = (old.text.as_str(), new.text.as_str());
    let old_bytes: Vec<usize> = cmp
        .changes
        .iter()
        .flat_map(|change| [change.old.start, change.old.end])
        .collect();
    let new_bytes: Vec<usize> = cmp
        .changes
        .iter()
        .flat_map(|change| [change.new.start, change.new.end])
        .collect();
    let old_chars = byte_to_char_offsets(old, &old_bytes);
    let new_chars = byte_to_char_offsets(new, &new_bytes);
    let changes: Vec<Value> = cmp
        .changes
        .iter()
        .enumerate()
        .map(|(index, change)| {
            let char_at = |chars: &[usize], slot: usize| chars.get(2 * index + slot).copied();
            json!({
                "kind": kind_name(change.kind),
                "old_start": char_at(&old_chars, 0),
                "old_end": char_at(&old_chars, 1),
                "new_start": char_at(&new_chars, 0),
                "new_end": char_at(&new_chars, 1),
                "old_text": change.old_text,
                "new_text": change.new_text,
                "formatting": change.formatting,
            })
        })
        .collect();
    let summary = &cmp.summary;
    json!({
        "identical": cmp.is_identical(),
        "summary": {
            "words_added": summary.words_added,
            "words_removed": summary.words_removed,
            "paragraphs_changed": summary.paragraphs_changed,
            "moves": summary.moves,
            "formatting_changes": summary.formatting_changes,
            "sections_touched": summary.sections_touched,
        },
        "changes": changes,
    })
}

fn kind_name(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Insert => "insert",
        ChangeKind::Delete => "delete",
        ChangeKind::Replace => "replace",
        ChangeKind::Move => "move",
        ChangeKind::Format => "format",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compare::CompareOptions;

    /// Texts with `#` headings, read as content.
    fn contents(old: &str, new: &str) -> (Content, Content) {
        (
            Content::from_marked_text(old),
            Content::from_marked_text(new),
        )
    }

    fn compare(old: &Content, new: &Content) -> Comparison {
        crate::model::compare::compare(old, new, &CompareOptions::default())
    }

    fn text_report(old: &str, new: &str, color: bool) -> String {
        let (old, new) = contents(old, new);
        to_text(&compare(&old, &new), &old, &new, color)
    }

    const POLICY: &str = "# Privacy policy\n\
                          Intro stays the same.\n\
                          ## Data we collect\n\
                          We collect your name and email address.\n\
                          Cookies help us remember your settings.\n\
                          ## Sharing\n\
                          We share nothing with anyone at all.\n";

    #[test]
    fn text_report_table() {
        // (old, new, color, expected report)
        let table: &[(&str, &str, bool, &str)] = &[
            (POLICY, POLICY, false, ""),
            (
                "We collect data.\n",
                "We collect personal data.\n",
                false,
                "We collect {+personal +}data.\n",
            ),
            (
                "We collect personal data.\n",
                "We collect data.\n",
                true,
                "We collect \x1b[31mpersonal \x1b[0mdata.\n",
            ),
            (
                POLICY,
                &POLICY.replace("anyone", "partners"),
                false,
                "Sharing\nWe share nothing with [-anyone-]{+partners+} at all.\n",
            ),
            (
                POLICY,
                &POLICY.replace("Cookies help us remember your settings.\n", ""),
                false,
                "Data we collect\n[-Cookies help us remember your settings.-]\n",
            ),
            (
                POLICY,
                &POLICY.replace("## Sharing", "## Sharing with others"),
                false,
                "Sharing{+ with others+}\n",
            ),
            (
                POLICY,
                &POLICY
                    .replace("We collect your name and email address.\n", "")
                    .replace(
                        "at all.\n",
                        "at all.\nWe collect your name and email address.\n",
                    ),
                false,
                "Data we collect\n[moved to paragraph 7]\n\nSharing\n\
                 [moved from paragraph 4]\nWe collect your name and email address.\n",
            ),
            // Line breaks added or removed outright show as paragraph marks.
            ("a\n\nb\n", "a\nb\n", false, "[-¶-]\n"),
            ("a\nb\n", "a\n\n\nb\n", false, "{+¶+}\n{+¶+}\n"),
            ("a\nb\n", "a\nb", false, "b[-¶-]\n"),
            ("a\nb", "a\nb\n", false, "b{+¶+}\n"),
        ];
        for (old, new, color, expected) in table {
            assert_eq!(
                text_report(old, new, *color),
                *expected,
                "{old:?} -> {new:?}"
            );
        }
    }

    #[test]
    fn html_report_is_standalone_escaped_and_printable() {
        let old = "# Terms <b>\nWe collect data from you today.\nCookies help us remember your settings.\n\
                   Intro stays the same here.\nWe keep logs for thirty days.\n";
        let new = "# Terms <b>\nWe collect <script>alert(1)</script> data from you today.\n\
                   Intro stays the same here.\nWe keep logs for thirty days.\n\
                   Cookies help us remember your settings.\n";
        let (old, new) = contents(old, new);
        let cmp = compare(&old, &new);
        let html = to_html(&cmp, &old, &new, "Policy v1 → v2 & \"final\"");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<title>Policy v1 → v2 &amp; &quot;final&quot;</title>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("<h1 id=\"section-1\">Terms &lt;b&gt;</h1>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<p class=\"edited\">We collect <ins>"));
        assert!(!html.contains("<script"));
        assert!(html.contains("<p class=\"moved\"><span class=\"note\">Moved from paragraph 3"));
        assert!(html.contains("moved-away"));
        assert!(html.contains("<li><a href=\"#section-1\">Terms &lt;b&gt;</a></li>"));
        assert!(html.contains("<dt>Paragraphs moved</dt><dd>1</dd>"));
        for external in ["http:", "https:", "src=", "@import", "url("] {
            assert!(!html.contains(external), "{external}");
        }
        let same = to_html(&compare(&old, &old), &old, &old, "t");
        assert!(same.contains("The two versions are identical."));
    }

    #[test]
    fn json_report_uses_char_offsets() {
        let old = "Zoë\u{a0}Ångström agrees fully 👍🏽.\nGone paragraph.\n";
        let new = "Zoë\u{a0}Ångström disagrees fully 👍🏽.\n";
        let (old, new) = contents(old, new);
        let cmp = compare(&old, &new);
        let value = to_json(&cmp, &old, &new);
        assert_eq!(value["identical"], false);
        assert_eq!(value["summary"]["words_removed"], 3);
        assert_eq!(value["summary"]["words_added"], 1);
        let changes = value["changes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0]["kind"], "replace");
        assert_eq!(changes[0]["old_start"], 13);
        assert_eq!(changes[0]["old_end"], 19);
        assert_eq!(changes[0]["new_start"], 13);
        assert_eq!(changes[0]["new_end"], 22);
        assert_eq!(changes[1]["kind"], "delete");
        assert_eq!(changes[1]["old_start"], 30);
        assert_eq!(changes[1]["old_end"], 46);
        assert_eq!(changes[1]["new_start"], 33);
        assert_eq!(changes[1]["new_text"], "");
        let identical = to_json(&compare(&old, &old), &old, &old);
        assert_eq!(identical["identical"], true);
        assert_eq!(identical["changes"], json!([]));
    }

    #[test]
    fn formatting_changes_show_in_every_report() {
        let old = Content::from_marked_text("## Rights\nWe keep data.");
        let mut new = old.clone();
        let bold = crate::model::changeset::FormatEdit {
            range: crate::model::ByteOffset(10)..crate::model::ByteOffset(14),
            marks: crate::model::marks::MarkPatch::set(crate::model::marks::Styles::BOLD),
            block: crate::model::blocks::BlockPatch::default(),
        };
        crate::model::changeset::ChangeSet::format(&old, &[bold])
            .expect("format")
            .apply(&mut new);
        let cmp = compare(&old, &new);
        assert_eq!(
            to_text(&cmp, &old, &new, false),
            "Rights\nWe {~keep~}[formatted: bold] data.\n"
        );
        let html = to_html(&cmp, &old, &new, "t");
        assert!(html.contains(
            "<span class=\"formatted\" title=\"bold\">keep</span><span class=\"note\"> [formatted: bold]</span>"
        ));
        assert!(html.contains("<dt>Formatting changes</dt><dd>1</dd>"));
        let json = to_json(&cmp, &old, &new);
        assert_eq!(json["changes"][0]["kind"], "format");
        assert_eq!(json["changes"][0]["formatting"], "bold");
        assert_eq!(json["summary"]["formatting_changes"], 1);
    }
}
