//! What the document view and the review panel need to know about the
//! project, rebuilt once per [`Project::revision`], and how one paragraph is
//! turned into a redline [`LayoutJob`].
//!
//! [`DocIndex`] holds the paragraph byte ranges, which comments and
//! suggestions touch each paragraph, the reviewers (for their colours) and
//! the outline. Everything here is derived from the project and is cheap to
//! throw away: the key is the project's revision.

use super::text_units::{DisplayMap, SegmentSource};
use crate::model::blocks::paragraphs;
use crate::model::{CommentId, Project, SuggestionId, SuggestionKind};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke};
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
    /// 1 to 3.
    pub level: u8,
    /// The heading's words.
    pub title: String,
    /// Its paragraph index.
    pub paragraph: usize,
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
    /// Reviewers' names, sorted: a reviewer's colour is their index.
    pub authors: Vec<String>,
    /// The headings.
    pub outline: Vec<OutlineEntry>,
}

impl DocIndex {
    /// Builds the index of `project`.
    pub fn build(project: &Project) -> DocIndex {
        let text = project.text();
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
                let level = project.content().blocks[paragraph].style.heading_level()?;
                Some(OutlineEntry {
                    level,
                    title: text[range.clone()].trim().to_string(),
                    paragraph,
                })
            })
            .collect();
        DocIndex {
            revision: project.revision(),
            paragraphs: paragraph_ranges,
            items_by_paragraph,
            authors,
            outline,
        }
    }

    /// The paragraph containing `byte_in_doc` (the last one past the end).
    pub fn paragraph_of(&self, byte_in_doc: usize) -> usize {
        self.paragraphs
            .partition_point(|range| range.start <= byte_in_doc)
            .saturating_sub(1)
    }

    /// The colour index of a reviewer.
    pub fn author_index(&self, name: &str) -> usize {
        self.authors
            .binary_search_by(|author| author.as_str().cmp(name))
            .unwrap_or_default()
    }
}

/// The byte ranges of the paragraphs of `text`, as
/// [`crate::model::document::paragraphs`] gives them, found with `memchr`
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

/// Colours and fonts for the redline, from the current theme.
#[derive(Debug, Clone)]
pub struct Look {
    /// Normal text.
    pub text: Color32,
    /// Heading marks and other quiet text.
    pub weak: Color32,
    /// Background of commented text.
    pub comment: Color32,
    /// Background of the focused item's text.
    pub focused: Color32,
    /// Background of find matches.
    pub find: Color32,
    /// Background of the current find match.
    pub find_current: Color32,
    /// One colour per reviewer (cycled).
    pub reviewers: Vec<Color32>,
    /// Body text size.
    pub body_size: f32,
}

impl Look {
    /// The look for dark or light mode.
    pub fn new(dark: bool) -> Look {
        if dark {
            Look {
                text: Color32::from_gray(225),
                weak: Color32::from_gray(130),
                comment: Color32::from_rgba_unmultiplied(200, 160, 40, 70),
                focused: Color32::from_rgba_unmultiplied(230, 180, 40, 150),
                find: Color32::from_rgba_unmultiplied(60, 140, 255, 90),
                find_current: Color32::from_rgba_unmultiplied(60, 140, 255, 190),
                reviewers: vec![
                    Color32::from_rgb(255, 120, 120),
                    Color32::from_rgb(110, 170, 255),
                    Color32::from_rgb(110, 220, 130),
                    Color32::from_rgb(220, 140, 255),
                    Color32::from_rgb(255, 180, 90),
                    Color32::from_rgb(80, 210, 210),
                ],
                body_size: 15.0,
            }
        } else {
            Look {
                text: Color32::from_gray(25),
                weak: Color32::from_gray(140),
                comment: Color32::from_rgba_unmultiplied(255, 214, 90, 110),
                focused: Color32::from_rgba_unmultiplied(255, 170, 0, 170),
                find: Color32::from_rgba_unmultiplied(90, 160, 255, 90),
                find_current: Color32::from_rgba_unmultiplied(90, 160, 255, 200),
                reviewers: vec![
                    Color32::from_rgb(190, 30, 45),
                    Color32::from_rgb(25, 90, 200),
                    Color32::from_rgb(20, 125, 50),
                    Color32::from_rgb(140, 50, 170),
                    Color32::from_rgb(190, 100, 0),
                    Color32::from_rgb(0, 120, 130),
                ],
                body_size: 15.0,
            }
        }
    }

    /// A reviewer's colour.
    pub fn reviewer(&self, index: usize) -> Color32 {
        self.reviewers[index % self.reviewers.len()]
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

/// The font size of a paragraph: larger for headings, by level.
pub fn heading_size(level: Option<u8>, body_size: f32) -> f32 {
    match level {
        Some(1) => body_size + 9.0,
        Some(2) => body_size + 5.0,
        Some(3) => body_size + 2.0,
        Some(_) => body_size + 1.0,
        None => body_size,
    }
}

/// The redline of one paragraph: its displayed text, how it maps to the
/// document, and the styled layout job (no wrap width set).
pub fn paragraph_job(
    project: &Project,
    index: &DocIndex,
    paragraph: usize,
    look: &Look,
    highlights: &Highlights<'_>,
) -> (LayoutJob, DisplayMap) {
    let text = project.text();
    let range = index.paragraphs[paragraph].clone();
    let level = project.content().blocks[paragraph].style.heading_level();
    let font = FontId::proportional(heading_size(level, look.body_size));

    struct Deco {
        item: ItemId,
        span: Range<usize>,
        colour: Color32,
        deleted: bool,
        inserted: Option<String>,
        resolved: bool,
    }
    let mut decos = Vec::new();
    for &item in &index.items_by_paragraph[paragraph] {
        match item {
            ItemId::Comment(id) => {
                if let Some(comment) = project.comment(id)
                    && highlights
                        .reviewer
                        .is_none_or(|name| name == comment.author.name)
                {
                    decos.push(Deco {
                        item,
                        span: comment.span.range(),
                        colour: look.comment,
                        deleted: false,
                        inserted: None,
                        resolved: comment.resolved,
                    });
                }
            }
            ItemId::Suggestion(id) => {
                if let Some(suggestion) = project.suggestion(id)
                    && highlights
                        .reviewer
                        .is_none_or(|name| name == suggestion.author.name)
                {
                    let colour = look.reviewer(index.author_index(&suggestion.author.name));
                    let (deleted, inserted) = match &suggestion.kind {
                        SuggestionKind::Insertion { text } => (false, Some(text.clone())),
                        SuggestionKind::Deletion => (true, None),
                        SuggestionKind::Replacement { text } => (true, Some(text.clone())),
                        SuggestionKind::Alternatives { candidates } => {
                            (true, Some(format!("[{}]", numbered(candidates))))
                        }
                        SuggestionKind::Format(_) => (false, None),
                    };
                    decos.push(Deco {
                        item,
                        span: suggestion.span.range(),
                        colour,
                        deleted,
                        inserted,
                        resolved: false,
                    });
                }
            }
        }
    }

    let mut boundaries = vec![range.start, range.end];
    for deco in &decos {
        boundaries.push(deco.span.start.clamp(range.start, range.end));
        boundaries.push(deco.span.end.clamp(range.start, range.end));
    }
    let first_match = highlights
        .find_matches
        .partition_point(|found| found.end <= range.start);
    let matches_here: Vec<(usize, Range<usize>)> = highlights.find_matches[first_match..]
        .iter()
        .enumerate()
        .take_while(|(_, found)| found.start < range.end)
        .map(|(offset, found)| (first_match + offset, found.clone()))
        .collect();
    for (_, found) in &matches_here {
        boundaries.push(found.start.clamp(range.start, range.end));
        boundaries.push(found.end.clamp(range.start, range.end));
    }
    boundaries.sort_unstable();
    boundaries.dedup();

    let mut job = LayoutJob::default();
    let mut map = DisplayMap::new(range.start);
    let base = TextFormat {
        font_id: font.clone(),
        color: look.text,
        ..TextFormat::default()
    };
    let emit_virtual = |job: &mut LayoutJob, map: &mut DisplayMap, at: usize| {
        for deco in &decos {
            let anchor = deco.span.end;
            if anchor != at {
                continue;
            }
            let Some(inserted) = &deco.inserted else {
                continue;
            };
            let ItemId::Suggestion(id) = deco.item else {
                continue;
            };
            let before = map.text.len();
            map.push_virtual(inserted, id, at);
            let mut format = base.clone();
            format.color = deco.colour;
            format.underline = Stroke::new(1.5, deco.colour);
            if highlights.focused == Some(deco.item) {
                format.background = look.focused;
            }
            job.append(&map.text[before..], 0.0, format);
        }
    };
    for window in boundaries.windows(2) {
        let (start, end) = (window[0], window[1]);
        emit_virtual(&mut job, &mut map, start);
        if start == end {
            continue;
        }
        let mut format = base.clone();
        for deco in &decos {
            if !(deco.span.start <= start && end <= deco.span.end) {
                continue;
            }
            if deco.deleted {
                format.strikethrough = Stroke::new(1.5, deco.colour);
                format.color = deco.colour;
            } else if matches!(deco.item, ItemId::Comment(_))
                && (!deco.resolved || highlights.show_resolved)
            {
                format.background = deco.colour;
            }
            if highlights.focused == Some(deco.item) {
                format.background = look.focused;
            }
        }
        for (match_index, found) in &matches_here {
            if found.start <= start && end <= found.end {
                format.background = if highlights.current_match == Some(*match_index) {
                    look.find_current
                } else {
                    look.find
                };
            }
        }
        let shown_from = map.text.len();
        map.push_doc(&text[start..end], start);
        job.append(&map.text[shown_from..], 0.0, format);
    }
    emit_virtual(&mut job, &mut map, range.end);
    if job.sections.is_empty() {
        // An empty paragraph still takes one line.
        job.append("", 0.0, base);
    }
    (job, map)
}

/// Alternatives as shown inline: "1: first | 2: second".
fn numbered(candidates: &[String]) -> String {
    candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| format!("{}: {candidate}", index + 1))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The item whose text is shown at `char_in_display`, preferring suggestions.
pub fn item_at(
    project: &Project,
    index: &DocIndex,
    paragraph: usize,
    map: &DisplayMap,
    char_in_display: usize,
) -> Option<ItemId> {
    let segment = map.segments.iter().find(|segment| {
        segment.chars_in_display.start <= char_in_display
            && char_in_display < segment.chars_in_display.end
    })?;
    let byte_in_doc = match segment.source {
        SegmentSource::Virtual { suggestion, .. } => return Some(ItemId::Suggestion(suggestion)),
        SegmentSource::Substitute { byte_in_doc, .. } => byte_in_doc,
        SegmentSource::Doc { byte_in_doc } => {
            let shown = &map.text[segment.bytes_in_display.clone()];
            byte_in_doc
                + super::text_units::byte_of_char(
                    shown,
                    char_in_display - segment.chars_in_display.start,
                )
        }
    };
    let mut best: Option<(bool, usize, ItemId)> = None;
    for &item in &index.items_by_paragraph[paragraph] {
        let (span, is_suggestion) = match item {
            ItemId::Comment(id) => (project.comment(id).map(|c| c.span), false),
            ItemId::Suggestion(id) => (project.suggestion(id).map(|s| s.span), true),
        };
        let Some(span) = span else { continue };
        if span.start.0 <= byte_in_doc && byte_in_doc < span.end.0 {
            // Prefer suggestions, then the shortest span.
            let key = (!is_suggestion, span.len(), item);
            if best.is_none_or(|(s, l, _)| (key.0, key.1) < (s, l)) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, item)| item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Command, Document, Person, Span};

    fn project_with(text: &str, suggestions: &[(Span, SuggestionKind)]) -> Project {
        let mut project = Project::new(Document {
            content: crate::model::content::Content::from_marked_text(text),
            ..Document::default()
        });
        let actor = Actor {
            user: Person::new("Rev Iewer", "RI"),
            now: chrono::Utc::now(),
        };
        for (span, kind) in suggestions {
            project
                .apply(
                    Command::AddSuggestion {
                        span: *span,
                        kind: kind.clone(),
                        rationale: None,
                    },
                    &actor,
                )
                .expect("suggestion");
        }
        project
    }

    #[test]
    fn paragraph_ranges_match_the_model() {
        for text in ["", "\n", "a", "a\n\nb\n", "# Title\nBody é\n- item"] {
            let expected: Vec<_> = paragraphs(text).collect();
            assert_eq!(paragraph_ranges(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_paragraph_shows_suggested_text_inline() {
        // A heading "Title" and "We collect data daily." with an insertion
        // after "We ", "daily" replaced and alternatives for "data".
        let text = "# Title\nWe collect data daily.";
        let heading_marks = 2;
        let we = text.find("We ").expect("we") + 3 - heading_marks;
        let data = text.find("data").expect("data") - heading_marks;
        let daily = text.find("daily").expect("daily") - heading_marks;
        let project = project_with(
            text,
            &[
                (
                    Span::point(we),
                    SuggestionKind::Insertion {
                        text: "only ".into(),
                    },
                ),
                (
                    Span::new(data, data + 4),
                    SuggestionKind::Alternatives {
                        candidates: vec!["facts".into(), "details".into()],
                    },
                ),
                (
                    Span::new(daily, daily + 5),
                    SuggestionKind::Replacement {
                        text: "weekly".into(),
                    },
                ),
            ],
        );
        let index = DocIndex::build(&project);
        assert_eq!(index.paragraphs, vec![0..5, 6..text.len() - heading_marks]);
        assert_eq!(index.outline.len(), 1);
        let look = Look::new(false);
        let (job, map) = paragraph_job(&project, &index, 1, &look, &Highlights::default());
        assert_eq!(
            map.text,
            "We only collect data[1: facts | 2: details] dailyweekly."
        );
        assert_eq!(job.text, map.text);
        // Every doc char maps back to its document byte.
        assert_eq!(
            map.char_in_display_of(data),
            "We only collect ".chars().count()
        );
        let struck: Vec<&str> = job
            .sections
            .iter()
            .filter(|section| section.format.strikethrough.width > 0.0)
            .map(|section| &job.text[section.byte_range.start.0..section.byte_range.end.0])
            .collect();
        assert_eq!(struck, vec!["data", "daily"]);
        let underlined: Vec<&str> = job
            .sections
            .iter()
            .filter(|section| section.format.underline.width > 0.0)
            .map(|section| &job.text[section.byte_range.start.0..section.byte_range.end.0])
            .collect();
        assert_eq!(
            underlined,
            vec!["only ", "[1: facts | 2: details]", "weekly"]
        );
        let clicked = map.char_in_display_of(daily) + 1;
        assert_eq!(
            item_at(&project, &index, 1, &map, clicked),
            Some(ItemId::Suggestion(crate::model::SuggestionId(3)))
        );
    }
}
