//! What the document view and the review panel need to know about the
//! project, rebuilt once per [`Project::revision`], and the colours of the
//! redline.
//!
//! [`DocIndex`] holds the paragraph byte ranges, which comments and
//! suggestions touch each paragraph, the list labels and note numbers (both
//! computed, never stored), the layout units (a paragraph, or a whole
//! table), the reviewers and the outline. Everything here is derived from the
//! project and is cheap to throw away: the key is the project's revision.

use crate::model::blocks::{NoteId, list_labels, paragraphs};
use crate::model::content::Content;
use crate::model::{CommentId, Project, SuggestionId};
use egui::Color32;
use std::collections::HashMap;
use std::ops::Range;

/// A comment thread or a suggestion: one card in the review panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemId {
    /// A comment thread.
    Comment(CommentId),
    /// A suggestion.
    Suggestion(SuggestionId),
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemId::Comment(id) => write!(f, "{id}"),
            ItemId::Suggestion(id) => write!(f, "{id}"),
        }
    }
}

/// A heading of the outline, with its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's words.
    pub title: String,
    /// Its paragraph index.
    pub paragraph: usize,
}

/// What the document lays out as one piece: a paragraph, or a whole table
/// (its cells side by side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// One paragraph.
    Paragraph(usize),
    /// The paragraphs of one table.
    Table(Range<usize>),
}

impl Unit {
    /// The paragraphs in it.
    pub fn paragraphs(&self) -> Range<usize> {
        match self {
            Unit::Paragraph(paragraph) => *paragraph..*paragraph + 1,
            Unit::Table(paragraphs) => paragraphs.clone(),
        }
    }
}

/// The layout units of `content`: consecutive paragraphs of one table make
/// one unit, every other paragraph is its own.
pub fn units(content: &Content) -> Vec<Unit> {
    let mut units = Vec::with_capacity(content.blocks.len());
    let mut paragraph = 0;
    while paragraph < content.blocks.len() {
        match content.blocks[paragraph].cell {
            Some(cell) => {
                let start = paragraph;
                while paragraph < content.blocks.len()
                    && content.blocks[paragraph]
                        .cell
                        .is_some_and(|other| other.table == cell.table)
                {
                    paragraph += 1;
                }
                units.push(Unit::Table(start..paragraph));
            }
            None => {
                units.push(Unit::Paragraph(paragraph));
                paragraph += 1;
            }
        }
    }
    units
}

/// The number each note is shown with: notes count in the order their
/// references first appear in the text.
pub fn note_numbers(content: &Content) -> HashMap<NoteId, usize> {
    let mut numbers = HashMap::new();
    for span in content.marks.spans() {
        if let Some(note) = span.marks.note {
            let next = numbers.len() + 1;
            numbers.entry(note).or_insert(next);
        }
    }
    // Notes without a reference still get a number, after the others.
    for block in &content.blocks {
        if let Some(note) = block.note {
            let next = numbers.len() + 1;
            numbers.entry(note.id).or_insert(next);
        }
    }
    numbers
}

/// The number a suggested footnote whose reference goes at `byte_in_doc`
/// is shown with: one above the notes referenced before it.
pub fn suggested_note_number(content: &Content, byte_in_doc: usize) -> usize {
    let mut before: Vec<NoteId> = content
        .marks
        .spans()
        .iter()
        .take_while(|span| span.range.start < byte_in_doc)
        .filter_map(|span| span.marks.note)
        .collect();
    before.sort_unstable();
    before.dedup();
    before.len() + 1
}

/// Per-revision facts about the project for the views.
#[derive(Debug, Clone, Default)]
pub struct DocIndex {
    /// The revision this index was built for.
    pub revision: u64,
    /// Byte ranges of the paragraphs, without newlines.
    pub paragraphs: Vec<Range<usize>>,
    /// The comments and suggestions whose spans touch each paragraph.
    pub items_by_paragraph: Vec<Vec<ItemId>>,
    /// Reviewers' names, sorted (for the filters).
    pub authors: Vec<String>,
    /// The headings.
    pub outline: Vec<OutlineEntry>,
    /// Each paragraph's list label ("3.", "b)", "•"), computed.
    pub labels: Vec<Option<String>>,
    /// The number each note is shown with.
    pub note_numbers: HashMap<NoteId, usize>,
    /// The layout units, in order.
    pub units: Vec<Unit>,
    /// The unit each paragraph belongs to.
    pub unit_of_paragraph: Vec<usize>,
}

impl DocIndex {
    /// Builds the index of `project`.
    pub fn build(project: &Project) -> DocIndex {
        let text = project.text();
        let content = project.content();
        let paragraph_ranges = paragraph_ranges(text);
        let mut items_by_paragraph = vec![Vec::new(); paragraph_ranges.len()];
        let starts: Vec<usize> = paragraph_ranges.iter().map(|range| range.start).collect();
        let paragraph_of = |byte_in_doc: usize| starts.partition_point(|&s| s <= byte_in_doc) - 1;
        let mut add = |item: ItemId, start: usize, end: usize| {
            let first = paragraph_of(start);
            let last = paragraph_of(end).max(first);
            for list in &mut items_by_paragraph[first..=last] {
                list.push(item);
            }
        };
        for comment in project.comments() {
            if !comment.orphaned {
                add(
                    ItemId::Comment(comment.id),
                    comment.span.start.0,
                    comment.span.end.0,
                );
            }
        }
        for suggestion in project.suggestions() {
            if suggestion.status.is_pending() && !suggestion.orphaned {
                add(
                    ItemId::Suggestion(suggestion.id),
                    suggestion.span.start.0,
                    suggestion.span.end.0,
                );
            }
        }
        let names: std::collections::HashSet<&str> = project
            .comments()
            .iter()
            .map(|comment| comment.author.name.as_str())
            .chain(project.suggestions().iter().map(|s| s.author.name.as_str()))
            .chain(project.comments().iter().flat_map(|comment| {
                comment
                    .replies
                    .iter()
                    .map(|reply| reply.author.name.as_str())
            }))
            .collect();
        let mut authors: Vec<String> = names.into_iter().map(str::to_string).collect();
        authors.sort();
        let outline = paragraph_ranges
            .iter()
            .enumerate()
            .filter_map(|(paragraph, range)| {
                let level = content.blocks[paragraph].style.heading_level()?;
                Some(OutlineEntry {
                    level,
                    title: text[range.clone()].trim().to_string(),
                    paragraph,
                })
            })
            .collect();
        let units = units(content);
        let mut unit_of_paragraph = Vec::with_capacity(paragraph_ranges.len());
        for (position, unit) in units.iter().enumerate() {
            unit_of_paragraph.extend(std::iter::repeat_n(position, unit.paragraphs().len()));
        }
        DocIndex {
            revision: project.revision(),
            paragraphs: paragraph_ranges,
            items_by_paragraph,
            authors,
            outline,
            labels: list_labels(&content.blocks),
            note_numbers: note_numbers(content),
            units,
            unit_of_paragraph,
        }
    }

    /// The paragraph containing `byte_in_doc` (the last one past the end).
    pub fn paragraph_of(&self, byte_in_doc: usize) -> usize {
        self.paragraphs
            .partition_point(|range| range.start <= byte_in_doc)
            .saturating_sub(1)
    }
}

/// The byte ranges of the paragraphs of `text`, as
/// [`crate::model::blocks::paragraphs`] gives them, found with `memchr`
/// (several times faster on a 1 MB policy, and this runs on every keystroke).
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(text.len() / 80 + 1);
    let mut start = 0;
    for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
        ranges.push(start..newline);
        start = newline + 1;
    }
    ranges.push(start..text.len());
    debug_assert!(
        ranges
            .iter()
            .eq(paragraphs(text).collect::<Vec<_>>().iter())
    );
    ranges
}

/// Colours of the redline, from the current theme.
#[derive(Debug, Clone)]
pub struct Look {
    /// Normal text.
    pub text: Color32,
    /// Labels, rules and other quiet marks.
    pub weak: Color32,
    /// Links.
    pub link: Color32,
    /// The page behind the text.
    pub page: Color32,
    /// Table borders and the quote bar.
    pub rule: Color32,
    /// Background of commented text.
    pub comment: Color32,
    /// Background of the focused item's text.
    pub focused: Color32,
    /// Background of find matches.
    pub find: Color32,
    /// Background of the current find match.
    pub find_current: Color32,
    /// Background of selected text.
    pub selection: Color32,
    /// Body text size at 100 %.
    pub body_size: f32,
    dark: bool,
}

impl Look {
    /// The look for dark or light mode.
    pub fn new(dark: bool) -> Look {
        if dark {
            Look {
                text: Color32::from_gray(225),
                weak: Color32::from_gray(140),
                link: Color32::from_rgb(120, 170, 255),
                page: Color32::from_gray(30),
                rule: Color32::from_gray(95),
                comment: Color32::from_rgba_unmultiplied(200, 160, 40, 70),
                focused: Color32::from_rgba_unmultiplied(230, 180, 40, 150),
                find: Color32::from_rgba_unmultiplied(60, 140, 255, 90),
                find_current: Color32::from_rgba_unmultiplied(60, 140, 255, 190),
                selection: Color32::from_rgba_unmultiplied(70, 120, 220, 120),
                body_size: 15.0,
                dark,
            }
        } else {
            Look {
                text: Color32::from_gray(25),
                weak: Color32::from_gray(120),
                link: Color32::from_rgb(20, 80, 190),
                page: Color32::WHITE,
                rule: Color32::from_gray(170),
                comment: Color32::from_rgba_unmultiplied(255, 214, 90, 110),
                focused: Color32::from_rgba_unmultiplied(255, 170, 0, 170),
                find: Color32::from_rgba_unmultiplied(90, 160, 255, 90),
                find_current: Color32::from_rgba_unmultiplied(90, 160, 255, 200),
                selection: Color32::from_rgba_unmultiplied(120, 170, 255, 110),
                body_size: 15.0,
                dark,
            }
        }
    }

    /// A reviewer's colour, derived from their name alone, so it never
    /// changes when other reviewers come and go.
    pub fn reviewer(&self, name: &str) -> Color32 {
        // The same hue as in print.
        let hue = crate::formats::print_markup::reviewer_hue(name);
        let (saturation, value) = if self.dark {
            (0.55, 0.95)
        } else {
            (0.85, 0.70)
        };
        egui::ecolor::Hsva::new(hue, saturation, value, 1.0).into()
    }
}

/// What to highlight beyond the review itself.
#[derive(Debug, Clone, Default)]
pub struct Highlights<'a> {
    /// The focused (or flashing) item.
    pub focused: Option<ItemId>,
    /// Find matches (document bytes), sorted.
    pub find_matches: &'a [Range<usize>],
    /// Index into `find_matches` of the current match.
    pub current_match: Option<usize>,
    /// Show resolved comments highlighted too.
    pub show_resolved: bool,
    /// Show only this reviewer's comments and suggestions.
    pub reviewer: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks::{Block, TableCell, TableId};

    #[test]
    fn paragraph_ranges_match_the_model() {
        for text in ["", "\n", "a", "a\n\nb\n", "# Title\nBody é\n- item"] {
            let expected: Vec<_> = paragraphs(text).collect();
            assert_eq!(paragraph_ranges(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_table_is_one_unit() {
        let cell = |row, col| Block {
            cell: Some(TableCell::at(TableId(4), row, col)),
            ..Block::default()
        };
        let blocks = vec![Block::default(), cell(0, 0), cell(0, 1), Block::default()];
        let content = Content::new("a\nb\nc\nd".into(), blocks, Vec::new()).expect("content");
        assert_eq!(
            units(&content),
            vec![Unit::Paragraph(0), Unit::Table(1..3), Unit::Paragraph(3)]
        );
    }

    #[test]
    fn a_reviewers_colour_comes_from_the_name_alone() {
        let look = Look::new(false);
        let colour = look.reviewer("Priya Ananthanarayan");
        assert_eq!(look.reviewer("Priya Ananthanarayan"), colour);
        assert_ne!(look.reviewer("Tomasz Wielgosz"), colour);
    }
}
