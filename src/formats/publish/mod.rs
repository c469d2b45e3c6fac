//! Clean publication exporters: turn one version's policy (all changes resolved) into the
//! formats counsel publish — standalone HTML, Markdown, plain text and PDF.
//!
//! This module owns the shared input ([`Publication`], [`HistoryEntry`]), the walk of the
//! policy's content in reading order (`body`: paragraphs with their list labels, tables with
//! their cells; `notes`: the footnotes and endnotes, numbered in the order they are referred
//! to), the reader-visible text ([`visible_text`]) every export must reproduce, and the shared
//! wording (dates, version labels, front matter). Each format lives in its own sibling module and
//! is a pure function of the [`Publication`]: no I/O, no clock, no randomness, so the same input
//! always gives the same bytes (which keeps export hashes in manifests reproducible).
//!
//! The front matter shows the title and the effective date once: when the policy itself
//! starts with its title as a heading, or states its effective date in its first paragraphs,
//! the front matter leaves that line out.

pub mod html;
pub mod markdown;
pub mod pdf;
pub mod text;

pub use html::to_html;
pub use markdown::to_markdown;
pub use pdf::to_pdf;
pub use text::to_plain_text;

use crate::model::blocks::{
    Block, ListCount, NOTE_REFERENCE, NoteId, NoteKind, SOFT_BREAK, TableId, list_counts,
};
use crate::model::content::Content;
use crate::model::marks::Marks;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;

/// The paper a PDF is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PaperSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PaperSize {
    /// The paper of a locale (`en-US`, `fr_CA`, `de-DE`): Letter in the
    /// countries that use it (the United States, Canada, Mexico, the
    /// Philippines, Chile, Colombia, Venezuela, Puerto Rico, Guatemala, Costa
    /// Rica), A4 elsewhere and when the locale is unknown.
    ///
    /// ```
    /// use redline::formats::publish::PaperSize;
    /// assert_eq!(PaperSize::for_locale(Some("en-US")), PaperSize::Letter);
    /// assert_eq!(PaperSize::for_locale(Some("fr_CA.UTF-8")), PaperSize::Letter);
    /// assert_eq!(PaperSize::for_locale(Some("en-GB")), PaperSize::A4);
    /// assert_eq!(PaperSize::for_locale(None), PaperSize::A4);
    /// ```
    pub fn for_locale(locale: Option<&str>) -> PaperSize {
        let region = locale
            .and_then(|locale| locale.split('.').next())
            .and_then(|tag| tag.split(['-', '_']).nth(1))
            .map(str::to_ascii_uppercase);
        match region.as_deref() {
            Some("US" | "CA" | "MX" | "PH" | "CL" | "CO" | "VE" | "PR" | "GT" | "CR") => {
                PaperSize::Letter
            }
            _ => PaperSize::A4,
        }
    }

    /// The paper of this system's locale.
    pub fn of_system() -> PaperSize {
        PaperSize::for_locale(sys_locale::get_locale().as_deref())
    }

    /// Width and height in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (595.28, 841.89),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

/// One version of a policy, ready to be exported.
#[derive(Debug, Clone, Copy)]
pub struct Publication<'a> {
    /// The policy's title, e.g. "Privacy Policy".
    pub title: &'a str,
    /// The organisation publishing the policy; an empty string omits it.
    pub organisation: &'a str,
    /// The date the policy takes effect; `None` omits the effective-date line.
    pub effective_date: Option<NaiveDate>,
    /// The version's label, e.g. "3" or "2026-03"; `None` omits it (the published page
    /// carries no internal label unless asked).
    pub version_label: Option<&'a str>,
    /// The policy: words, blocks and marks.
    pub content: &'a Content,
    /// Optional policy history appended at the end of the export.
    pub history: Option<&'a [HistoryEntry]>,
    /// The policy's language, as a BCP 47 tag ("en", "de-CH").
    pub language: &'a str,
    /// The paper a PDF is laid out on.
    pub paper: PaperSize,
}

impl<'a> Publication<'a> {
    /// A publication of `content` titled `title`, in English, on A4, with nothing else.
    pub fn new(title: &'a str, content: &'a Content) -> Publication<'a> {
        Publication {
            title,
            organisation: "",
            effective_date: None,
            version_label: None,
            content,
            history: None,
            language: "en",
            paper: PaperSize::A4,
        }
    }
}

/// One row of the policy history appended to an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The version's label, e.g. "2".
    pub version: String,
    /// The date that version took effect, if known.
    pub effective_date: Option<NaiveDate>,
    /// A short summary of what changed.
    pub summary: String,
    /// The material-change notice given to users, if any.
    pub notice: Option<String>,
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The embedded font could not be parsed.
    #[error("embedded font {0} could not be read")]
    Font(&'static str),
    /// The embedded font could not be subset for the document.
    #[error("embedded font {name} could not be subset: {reason}")]
    Subset {
        /// Which font failed.
        name: &'static str,
        /// What the subsetter reported.
        reason: String,
    },
}

/// A paragraph as the publication formats show it.
#[derive(Debug, Clone)]
pub(crate) struct Shown<'a> {
    /// Its bytes in the content, without the line break.
    pub range: Range<usize>,
    /// Its block.
    pub block: &'a Block,
    /// Its list count and label, for a list item.
    pub count: Option<ListCount>,
}

/// A table cell and its paragraphs.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a> {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// Rows spanned (at least 1).
    pub row_span: u32,
    /// Columns spanned (at least 1).
    pub col_span: u32,
    /// Its paragraphs.
    pub paragraphs: Vec<Shown<'a>>,
}

/// A table: its cells in reading order (row by row) and its size.
#[derive(Debug, Clone)]
pub(crate) struct Table<'a> {
    /// The cells.
    pub cells: Vec<Cell<'a>>,
    /// Rows.
    pub rows: u32,
    /// Columns.
    pub columns: u32,
}

/// A piece of the body in reading order.
#[derive(Debug, Clone)]
pub(crate) enum Part<'a> {
    /// A paragraph (heading, list item, quote or body text).
    Paragraph(Shown<'a>),
    /// A table.
    Table(Table<'a>),
}

/// A footnote or endnote with the number it is shown with.
#[derive(Debug, Clone)]
pub(crate) struct Note<'a> {
    /// Its id.
    pub id: NoteId,
    /// Footnote or endnote.
    pub kind: NoteKind,
    /// Its number, from 1, in the order the notes are first referred to.
    pub number: usize,
    /// Its paragraphs.
    pub paragraphs: Vec<Shown<'a>>,
}

/// The body of the policy in reading order: paragraphs (empty ones left out) and tables.
pub(crate) fn body(content: &Content) -> Vec<Part<'_>> {
    let counts = list_counts(&content.blocks);
    let mut parts: Vec<Part<'_>> = Vec::new();
    let mut tables: HashMap<TableId, usize> = HashMap::new();
    for ((range, block), count) in content.paragraphs().zip(counts) {
        if block.note.is_some() {
            continue;
        }
        let shown = Shown {
            range: range.clone(),
            block,
            count,
        };
        let Some(cell) = block.cell else {
            if !content.text[range].trim().is_empty() {
                parts.push(Part::Paragraph(shown));
            }
            continue;
        };
        let continues = matches!(parts.last(), Some(Part::Table(_)))
            && tables.get(&cell.table) == Some(&(parts.len() - 1));
        if !continues {
            tables.insert(cell.table, parts.len());
            parts.push(Part::Table(Table {
                cells: Vec::new(),
                rows: 0,
                columns: 0,
            }));
        }
        if let Some(Part::Table(table)) = parts.last_mut() {
            table.rows = table.rows.max(cell.row + cell.row_span.max(1));
            table.columns = table.columns.max(cell.col + cell.col_span.max(1));
            match table
                .cells
                .iter_mut()
                .find(|known| known.row == cell.row && known.col == cell.col)
            {
                Some(known) => known.paragraphs.push(shown),
                None => table.cells.push(Cell {
                    row: cell.row,
                    col: cell.col,
                    row_span: cell.row_span.max(1),
                    col_span: cell.col_span.max(1),
                    paragraphs: vec![shown],
                }),
            }
        }
    }
    for part in &mut parts {
        if let Part::Table(table) = part {
            table.cells.sort_by_key(|cell| (cell.row, cell.col));
        }
    }
    parts
}

/// The notes, numbered in the order the text first refers to them (notes nothing refers to
/// come last).
pub(crate) fn notes(content: &Content) -> Vec<Note<'_>> {
    let numbers = note_numbers(content);
    let mut notes: Vec<Note<'_>> = Vec::new();
    for (range, block) in content.paragraphs() {
        let Some(note) = block.note else {
            continue;
        };
        let shown = Shown {
            range,
            block,
            count: None,
        };
        match notes.iter_mut().find(|known| known.id == note.id) {
            Some(known) => known.paragraphs.push(shown),
            None => notes.push(Note {
                id: note.id,
                kind: note.kind,
                number: numbers.get(&note.id).copied().unwrap_or(usize::MAX),
                paragraphs: vec![shown],
            }),
        }
    }
    notes.sort_by_key(|note| note.number);
    let mut next = numbers.len();
    for note in &mut notes {
        if note.number == usize::MAX {
            next += 1;
            note.number = next;
        }
    }
    notes
}

/// The number each note is shown with: 1, 2, 3 in the order of first reference.
pub(crate) fn note_numbers(content: &Content) -> HashMap<NoteId, usize> {
    let mut numbers = HashMap::new();
    for span in content.marks.spans() {
        if let Some(note) = span.marks.note {
            let next = numbers.len() + 1;
            numbers.entry(note).or_insert(next);
        }
    }
    numbers
}

/// The runs of a paragraph: its text cut where its marks change.
pub(crate) fn runs(content: &Content, range: Range<usize>) -> Vec<(&str, Marks)> {
    let mut position = range.start;
    content
        .marks
        .runs(range)
        .into_iter()
        .map(|run| {
            let text = &content.text[position..position + run.len];
            position += run.len;
            (text, run.marks)
        })
        .collect()
}

/// The words of a paragraph as a reader sees them: soft line breaks as spaces, note
/// references as their numbers, trimmed; a list item with its label before it; with
/// `addresses`, a link's address in brackets after its words (for plain text, which has no
/// links).
pub(crate) fn shown_words(
    content: &Content,
    shown: &Shown,
    numbers: &HashMap<NoteId, usize>,
    addresses: bool,
) -> String {
    let mut words = String::new();
    if let Some(count) = &shown.count {
        words.push_str(&count.label);
        words.push(' ');
    }
    let pieces = runs(content, shown.range.clone());
    for (index, (text, marks)) in pieces.iter().enumerate() {
        for c in text.chars() {
            match c {
                NOTE_REFERENCE => {
                    if let Some(number) = marks.note.and_then(|note| numbers.get(&note)) {
                        words.push_str(&number.to_string());
                    }
                }
                SOFT_BREAK => words.push(' '),
                other => words.push(other),
            }
        }
        let link_ends = marks.link.as_ref().filter(|link| {
            pieces
                .get(index + 1)
                .is_none_or(|(_, next)| next.link.as_ref() != Some(*link))
        });
        if addresses
            && let Some(link) = link_ends
            && link.anchor().is_none()
        {
            words.push_str(" <");
            words.push_str(link.as_str().trim_start_matches("mailto:"));
            words.push('>');
        }
    }
    words.trim().to_string()
}

/// The title of the notes section in every format.
pub(crate) const NOTES_TITLE: &str = "Notes";

/// The lines a reader sees (see [`visible_text`]); with `addresses`, links' addresses after
/// their words.
pub(crate) fn visible_lines(content: &Content, addresses: bool) -> Vec<String> {
    let numbers = note_numbers(content);
    let mut lines: Vec<String> = Vec::new();
    for part in body(content) {
        match part {
            Part::Paragraph(shown) => lines.push(shown_words(content, &shown, &numbers, addresses)),
            Part::Table(table) => {
                for cell in &table.cells {
                    for shown in &cell.paragraphs {
                        let words = shown_words(content, shown, &numbers, addresses);
                        if !words.is_empty() {
                            lines.push(words);
                        }
                    }
                }
            }
        }
    }
    let notes = notes(content);
    if !notes.is_empty() {
        lines.push(NOTES_TITLE.to_string());
        for note in &notes {
            for (index, shown) in note.paragraphs.iter().enumerate() {
                let words = shown_words(content, shown, &numbers, addresses);
                if index == 0 {
                    lines.push(format!("{} {words}", note.number));
                } else if !words.is_empty() {
                    lines.push(words);
                }
            }
        }
    }
    lines
}

/// The words a reader sees, one line per paragraph (joined with `\n`, no trailing newline):
/// every heading, paragraph and list item (with its label), every table cell row by row, and
/// then the notes under "Notes", each starting with its number; empty paragraphs are dropped.
pub fn visible_text(content: &Content) -> String {
    visible_lines(content, false).join("\n")
}

/// Formats a date the way exports show it: "March 1, 2026".
pub(crate) fn format_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// The effective-date line shown by every format: "Effective Date: March 1, 2026".
pub(crate) fn effective_date_line(date: NaiveDate) -> String {
    format!("Effective Date: {}", format_date(date))
}

/// "Version 3" for a label "3"; a label that already starts with "version" is kept as is.
pub(crate) fn version_heading(label: &str) -> String {
    let label = one_line(label);
    let starts_with_version = label
        .get(..7)
        .is_some_and(|head| head.eq_ignore_ascii_case("version"));
    if starts_with_version {
        label
    } else {
        format!("Version {label}")
    }
}

/// The heading of one history entry: "Version 2 (effective March 1, 2026)".
pub(crate) fn history_entry_heading(entry: &HistoryEntry) -> String {
    let mut heading = version_heading(&entry.version);
    if let Some(date) = entry.effective_date {
        heading.push_str(" (effective ");
        heading.push_str(&format_date(date));
        heading.push(')');
    }
    heading
}

/// The title of the history section in every format.
pub(crate) const HISTORY_TITLE: &str = "Policy History";

/// Collapses every run of whitespace (including newlines) into one space and trims, so that a
/// one-line field (title, organisation, history cell) stays on one line.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when the policy itself starts with its title as a heading, so the front matter need
/// not repeat it.
pub(crate) fn policy_states_title(publication: &Publication) -> bool {
    let content = publication.content;
    let title = one_line(publication.title);
    content
        .paragraphs()
        .find(|(range, block)| {
            block.note.is_none() && !content.text[range.clone()].trim().is_empty()
        })
        .is_some_and(|(range, block)| {
            block.style.heading_level().is_some()
                && one_line(&content.text[range]).eq_ignore_ascii_case(&title)
        })
}

/// True when the policy states its effective date in its first paragraphs, so the front
/// matter need not repeat it.
pub(crate) fn policy_states_effective_date(publication: &Publication) -> bool {
    let content = publication.content;
    content
        .paragraphs()
        .filter(|(range, block)| {
            block.note.is_none() && !content.text[range.clone()].trim().is_empty()
        })
        .take(8)
        .any(|(range, _)| content.text[range].to_lowercase().contains("effective"))
}

/// The front-matter lines under the title, in order: organisation, version, effective date
/// (each omitted when absent or blank; the date also when the policy states it).
pub(crate) fn front_matter(publication: &Publication) -> Vec<String> {
    let mut lines = Vec::with_capacity(3);
    let organisation = one_line(publication.organisation);
    if !organisation.is_empty() {
        lines.push(organisation);
    }
    if let Some(label) = publication.version_label.filter(|l| !l.trim().is_empty()) {
        lines.push(version_heading(label));
    }
    if let Some(date) = publication.effective_date
        && !policy_states_effective_date(publication)
    {
        lines.push(effective_date_line(date));
    }
    lines
}

/// The history entries to append, or `None` when there are none.
pub(crate) fn history<'a>(publication: &Publication<'a>) -> Option<&'a [HistoryEntry]> {
    publication.history.filter(|entries| !entries.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_has_labels_cells_and_notes() {
        let mut content = crate::formats::markdown::parse(
            "# Title\n\nIntro.[^1]\n\n3. three\n4. four\n\n| a | b |\n|---|---|\n| c | d |\n\n[^1]: The note.",
        )
        .content;
        content.blocks[0].anchor = None;
        assert_eq!(
            visible_text(&content),
            "Title\nIntro.1\n3. three\n4. four\na\nb\nc\nd\nNotes\n1 The note."
        );
        assert_eq!(visible_text(&Content::plain("")), "");
    }

    #[test]
    fn dates_and_versions_read_naturally() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(date.map(format_date).as_deref(), Some("March 1, 2026"));
        assert_eq!(version_heading("3"), "Version 3");
        assert_eq!(version_heading("Version 3"), "Version 3");
        assert_eq!(version_heading("v\n2"), "Version v 2");
    }

    #[test]
    fn the_title_and_date_are_not_repeated() {
        let content =
            Content::from_marked_text("# Privacy Policy\nEffective Date: March 1, 2026\nText");
        let publication = Publication {
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            ..Publication::new("Privacy Policy", &content)
        };
        assert!(policy_states_title(&publication));
        assert!(front_matter(&publication).is_empty());
    }
}
