//! One formatted paragraph as one [`LayoutJob`]: its words in the faces
//! their marks ask for (real bold and italic faces, underline, strike,
//! superscript, subscript, small capitals, links), in its block's style
//! (heading sizes, the quote's italic), with the redline drawn over it
//! (insertions underlined and deletions struck in the reviewer's colour,
//! commented text highlighted, find matches) and a [`DisplayMap`] saying
//! which shown chars are which document bytes.
//!
//! Suggested text is shown where it would go, though it is not in the
//! document yet; note references (U+FFFC) are shown as their note number,
//! raised; soft line breaks (U+2028) break the line.

use super::fonts;
use crate::app::layout::{DocIndex, Highlights, ItemId, Look};
use crate::app::text_units::{DisplayMap, SegmentSource, byte_of_char};
use crate::model::blocks::{Block, BlockStyle, NOTE_REFERENCE, NoteId, SOFT_BREAK};
use crate::model::content::Content;
use crate::model::links::LinkTarget;
use crate::model::marks::{Marks, Styles};
use crate::model::{NotePart, Project, SuggestionKind};
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Stroke};
use std::collections::HashMap;
use std::ops::Range;

/// How a paragraph's block sets it: sizes and indents in points at the
/// current zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLook {
    /// The text size.
    pub size: f32,
    /// Set in the bold face (headings).
    pub bold: bool,
    /// Set in the italic face (quotes).
    pub italic: bool,
    /// Space above the paragraph.
    pub space_before: f32,
    /// Space below it.
    pub space_after: f32,
    /// Where the text starts, from the column's left edge.
    pub indent: f32,
    /// A list label or note number drawn in the gutter left of the text.
    pub label: Option<String>,
    /// Draw a quote bar left of the text.
    pub quote: bool,
}

/// Indent of one list level (and of a quote), at 100 %.
const LEVEL_INDENT: f32 = 26.0;

impl BlockLook {
    /// The look of a paragraph with `block` and list `label`.
    pub fn of(
        block: &Block,
        label: Option<&str>,
        note_number: Option<usize>,
        look: &Look,
        zoom: f32,
    ) -> BlockLook {
        let body = look.body_size * zoom;
        let (size, bold, space_before) = match block.style {
            BlockStyle::Heading(1) => (body * 1.6, true, body * 1.1),
            BlockStyle::Heading(2) => (body * 1.35, true, body * 0.9),
            BlockStyle::Heading(3) => (body * 1.18, true, body * 0.7),
            BlockStyle::Heading(_) => (body * 1.05, true, body * 0.5),
            _ => (body, false, 0.0),
        };
        let quote = block.style == BlockStyle::Quote;
        let mut indent = 0.0;
        let mut shown_label = None;
        if let Some(item) = &block.list {
            indent += LEVEL_INDENT * zoom * f32::from(item.level + 1);
            shown_label = label.map(str::to_string);
        }
        if quote {
            indent += LEVEL_INDENT * zoom;
        }
        if let Some(note) = block.note {
            indent += LEVEL_INDENT * zoom;
            shown_label = Some(format!("{}", note_number.unwrap_or(note.id.0 as usize)));
        }
        let in_list = block.list.is_some();
        BlockLook {
            size,
            bold,
            italic: quote,
            space_before,
            space_after: if in_list || block.cell.is_some() {
                body * 0.25
            } else {
                body * 0.6
            },
            indent,
            label: shown_label,
            quote,
        }
    }
}

/// A stretch of review markup over a paragraph: a comment's highlight, a
/// suggestion's deletion or inserted text.
#[derive(Debug, Clone)]
pub struct Deco {
    /// The card it belongs to.
    pub item: ItemId,
    /// The document bytes it covers.
    pub span: Range<usize>,
    /// Its colour (reviewer's, or the comment highlight).
    pub colour: Color32,
    /// Strike the covered text through.
    pub deleted: bool,
    /// Text shown after the span (an insertion, a replacement's new text).
    pub inserted: Option<String>,
    /// A formatting suggestion (tinted, not struck).
    pub formatting: bool,
    /// Its inserted text is a suggested note reference's number, shown
    /// raised and small like the references in the text.
    pub raised: bool,
    /// A resolved comment.
    pub resolved: bool,
}

/// The review markup of `paragraph`.
pub fn review_decos(
    project: &Project,
    index: &DocIndex,
    paragraph: usize,
    look: &Look,
    highlights: &Highlights<'_>,
) -> Vec<Deco> {
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
                        formatting: false,
                        raised: false,
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
                    let colour = look.reviewer(&suggestion.author.name);
                    let raised = suggestion
                        .note
                        .is_some_and(|note| note.part == NotePart::Reference);
                    let (deleted, inserted, formatting) = match &suggestion.kind {
                        SuggestionKind::Insertion { .. } if raised => {
                            let number = crate::app::layout::suggested_note_number(
                                project.content(),
                                suggestion.span.start.0,
                            );
                            (false, Some(number.to_string()), false)
                        }
                        SuggestionKind::Insertion { text } => (false, Some(text.clone()), false),
                        SuggestionKind::Deletion => (true, None, false),
                        SuggestionKind::Replacement { text } => (true, Some(text.clone()), false),
                        SuggestionKind::Alternatives { candidates } => {
                            (true, Some(format!("[{}]", numbered(candidates))), false)
                        }
                        SuggestionKind::Format(_) => (false, None, true),
                    };
                    decos.push(Deco {
                        item,
                        span: suggestion.span.range(),
                        colour,
                        deleted,
                        inserted,
                        formatting,
                        raised,
                        resolved: false,
                    });
                }
            }
        }
    }
    decos
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

/// A link in a laid-out paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRun {
    /// The chars of the shown text that are the link.
    pub chars_in_display: Range<usize>,
    /// Where it points.
    pub target: LinkTarget,
}

/// What one paragraph is made of, for laying it out.
pub struct ParagraphSource<'a> {
    /// The content.
    pub content: &'a Content,
    /// The paragraph's bytes.
    pub range: Range<usize>,
    /// How its block sets it.
    pub block_look: &'a BlockLook,
    /// The review markup over it.
    pub decos: &'a [Deco],
    /// What to highlight.
    pub highlights: &'a Highlights<'a>,
    /// The number each note is shown with.
    pub note_numbers: &'a HashMap<NoteId, usize>,
}

/// A paragraph's job (no wrap width set), its display map and its links.
pub fn paragraph_job(
    source: &ParagraphSource<'_>,
    look: &Look,
) -> (LayoutJob, DisplayMap, Vec<LinkRun>) {
    let ParagraphSource {
        content,
        range,
        block_look,
        decos,
        highlights,
        note_numbers,
    } = source;
    let text = content.text.as_str();
    let range = range.clone();
    let mut boundaries = vec![range.start, range.end];
    for deco in decos.iter() {
        boundaries.push(deco.span.start.clamp(range.start, range.end));
        boundaries.push(deco.span.end.clamp(range.start, range.end));
    }
    for span in content.marks.in_range(range.clone()) {
        boundaries.push(span.range.start);
        boundaries.push(span.range.end);
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
    // Note references and soft breaks are pieces of their own.
    for (offset, _) in text[range.clone()].match_indices([NOTE_REFERENCE, SOFT_BREAK]) {
        boundaries.push(range.start + offset);
        boundaries.push(range.start + offset + 3);
    }
    boundaries.sort_unstable();
    boundaries.dedup();

    let line_height = block_look.size * 1.45;
    let format_for = |marks: &Marks| -> TextFormat {
        let styles = marks.styles;
        let bold = block_look.bold || styles.contains(Styles::BOLD);
        let italic = block_look.italic ^ styles.contains(Styles::ITALIC);
        let raised = styles.contains(Styles::SUPERSCRIPT);
        let lowered = styles.contains(Styles::SUBSCRIPT);
        let mut size = block_look.size;
        if raised || lowered {
            size *= 0.7;
        } else if styles.contains(Styles::SMALL_CAPS) {
            size *= 0.82;
        }
        let colour = if marks.link.is_some() {
            look.link
        } else {
            look.text
        };
        let underline = styles.contains(Styles::UNDERLINE) || marks.link.is_some();
        TextFormat {
            font_id: FontId::new(size, fonts::family(bold, italic)),
            color: colour,
            line_height: Some(line_height),
            underline: if underline {
                Stroke::new(1.0, colour)
            } else {
                Stroke::NONE
            },
            strikethrough: if styles.contains(Styles::STRIKE) {
                Stroke::new(1.0, colour)
            } else {
                Stroke::NONE
            },
            valign: if raised {
                Align::TOP
            } else if lowered {
                Align::BOTTOM
            } else {
                Align::Center
            },
            ..TextFormat::default()
        }
    };
    let base = format_for(&Marks::default());

    let mut job = LayoutJob::default();
    let mut map = DisplayMap::new(range.start);
    let mut links: Vec<LinkRun> = Vec::new();
    let emit_suggested = |job: &mut LayoutJob, map: &mut DisplayMap, at: usize| {
        for deco in decos.iter() {
            if deco.span.end != at {
                continue;
            }
            let (Some(inserted), ItemId::Suggestion(id)) = (&deco.inserted, deco.item) else {
                continue;
            };
            let before = map.text.len();
            map.push_virtual(inserted, id, at);
            // Suggested text is set like the text before it.
            let marks_before = if at > range.start {
                content
                    .marks
                    .at(crate::app::editor::caret::previous_char(text, at))
                    .inherited()
            } else {
                Marks::default()
            };
            let mut format = format_for(&marks_before);
            format.color = deco.colour;
            format.underline = Stroke::new(1.5, deco.colour);
            if deco.raised {
                format.font_id.size = block_look.size * 0.7;
                format.valign = Align::TOP;
            }
            if highlights.focused == Some(deco.item) {
                format.background = look.focused;
            }
            job.append(&map.text[before..], 0.0, format);
        }
    };
    for window in boundaries.windows(2) {
        let (start, end) = (window[0], window[1]);
        emit_suggested(&mut job, &mut map, start);
        if start == end {
            continue;
        }
        let marks = content.marks.at(start);
        let mut format = format_for(&marks);
        for deco in decos.iter() {
            if !(deco.span.start <= start && end <= deco.span.end) {
                continue;
            }
            if deco.deleted {
                format.strikethrough = Stroke::new(1.5, deco.colour);
                format.color = deco.colour;
            } else if deco.formatting {
                format.background = deco.colour.gamma_multiply(0.18);
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
        let piece = &text[start..end];
        let shown_from = map.text.len();
        let chars_from = map.char_len();
        if piece.starts_with(NOTE_REFERENCE) {
            let number = marks
                .note
                .and_then(|note| note_numbers.get(&note))
                .map_or("*".to_string(), |number| number.to_string());
            map.push_substitute(&number, start, piece.len());
            format.font_id.size = block_look.size * 0.7;
            format.valign = Align::TOP;
            format.color = look.link;
        } else if piece.starts_with(SOFT_BREAK) {
            map.push_substitute("\n", start, piece.len());
        } else if marks.styles.contains(Styles::SMALL_CAPS) {
            // Small capitals: lower-case ASCII letters shown as capitals
            // (same bytes, so the map stays exact).
            map.push_doc(&piece.to_ascii_uppercase(), start);
        } else {
            map.push_doc(piece, start);
        }
        job.append(&map.text[shown_from..], 0.0, format);
        if let Some(target) = &marks.link {
            let chars = chars_from..map.char_len();
            match links.last_mut() {
                Some(last)
                    if last.target == *target && last.chars_in_display.end == chars.start =>
                {
                    last.chars_in_display.end = chars.end;
                }
                _ => links.push(LinkRun {
                    chars_in_display: chars,
                    target: target.clone(),
                }),
            }
        }
    }
    emit_suggested(&mut job, &mut map, range.end);
    if job.sections.is_empty() {
        // An empty paragraph still takes one line.
        job.append("", 0.0, base);
    }
    (job, map, links)
}

/// The item whose text is shown at `char_in_display`, preferring
/// suggestions, then the shortest span.
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
        SegmentSource::Virtual { suggestion, .. } => {
            return Some(ItemId::Suggestion(suggestion));
        }
        SegmentSource::Substitute { byte_in_doc, .. } => byte_in_doc,
        SegmentSource::Doc { byte_in_doc } => {
            let shown = &map.text[segment.bytes_in_display.clone()];
            byte_in_doc + byte_of_char(shown, char_in_display - segment.chars_in_display.start)
        }
    };
    let mut best: Option<(bool, usize, ItemId)> = None;
    for &item in index.items_by_paragraph.get(paragraph)? {
        let (span, is_suggestion) = match item {
            ItemId::Comment(id) => (project.comment(id).map(|c| c.span), false),
            ItemId::Suggestion(id) => (project.suggestion(id).map(|s| s.span), true),
        };
        let Some(span) = span else { continue };
        if span.start.0 <= byte_in_doc && byte_in_doc < span.end.0 {
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
    use crate::model::blocks::{ListId, ListItem};
    use crate::model::marks::MarkSpan;
    use crate::model::{Actor, Command, Document, Person, Span};

    fn project_with(content: Content, suggestions: &[(Span, SuggestionKind)]) -> Project {
        let mut project = Project::new(Document {
            content,
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

    fn job_of(project: &Project, paragraph: usize) -> (LayoutJob, DisplayMap, Vec<LinkRun>) {
        let index = DocIndex::build(project);
        let look = Look::new(false);
        let highlights = Highlights::default();
        let decos = review_decos(project, &index, paragraph, &look, &highlights);
        let block_look =
            BlockLook::of(&project.content().blocks[paragraph], None, None, &look, 1.0);
        paragraph_job(
            &ParagraphSource {
                content: project.content(),
                range: index.paragraphs[paragraph].clone(),
                block_look: &block_look,
                decos: &decos,
                highlights: &highlights,
                note_numbers: &index.note_numbers,
            },
            &look,
        )
    }

    fn sections_where(job: &LayoutJob, keep: impl Fn(&TextFormat) -> bool) -> Vec<&str> {
        job.sections
            .iter()
            .filter(|section| keep(&section.format))
            .map(|section| &job.text[section.byte_range.start.0..section.byte_range.end.0])
            .collect()
    }

    #[test]
    fn a_suggested_footnote_shows_its_number_raised_and_its_paragraph_mark() {
        let mut project = project_with(Content::plain("We share data.\nContact us."), &[]);
        let actor = Actor {
            user: Person::new("Rev Iewer", "RI"),
            now: chrono::Utc::now(),
        };
        let at = crate::model::ByteOffset("We share data".len());
        project
            .apply(Command::SuggestFootnote { at }, &actor)
            .expect("footnote");
        let (job, map, _) = job_of(&project, 0);
        assert_eq!(map.text, "We share data1.", "the reference as its number");
        let look = BlockLook::of(&Block::default(), None, None, &Look::new(false), 1.0);
        assert_eq!(
            sections_where(&job, |format| format.valign == Align::TOP
                && format.font_id.size < look.size),
            vec!["1"],
            "raised and small"
        );
        let (_, map, _) = job_of(&project, 1);
        assert_eq!(
            map.text, "Contact us.¶",
            "the note paragraph's mark at the end"
        );
    }

    #[test]
    fn a_paragraph_shows_suggested_text_inline() {
        let text = "Title\nWe collect data daily.";
        let we = text.find("We ").expect("we") + 3;
        let data = text.find("data").expect("data");
        let daily = text.find("daily").expect("daily");
        let project = project_with(
            Content::from_marked_text("# Title\nWe collect data daily."),
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
        let (job, map, _) = job_of(&project, 1);
        assert_eq!(
            map.text,
            "We only collect data[1: facts | 2: details] dailyweekly."
        );
        assert_eq!(job.text, map.text);
        assert_eq!(
            map.char_in_display_of(data),
            "We only collect ".chars().count()
        );
        assert_eq!(
            sections_where(&job, |format| format.strikethrough.width > 0.0),
            vec!["data", "daily"]
        );
        assert_eq!(
            sections_where(&job, |format| format.underline.width > 0.0),
            vec!["only ", "[1: facts | 2: details]", "weekly"]
        );
        let index = DocIndex::build(&project);
        let clicked = map.char_in_display_of(daily) + 1;
        assert_eq!(
            item_at(&project, &index, 1, &map, clicked),
            Some(ItemId::Suggestion(crate::model::SuggestionId(3)))
        );
    }

    #[test]
    fn marks_pick_real_faces_links_and_raised_note_numbers() {
        let text = "We never sell\u{FFFC} see opt out.".to_string();
        let sell = text.find("sell").expect("sell");
        let note = text.find('\u{FFFC}').expect("note");
        let opt = text.find("opt out").expect("opt");
        let spans = vec![
            MarkSpan {
                range: 3..8,
                marks: Marks::styled(Styles::BOLD.union(Styles::ITALIC)),
            },
            MarkSpan {
                range: sell..sell + 4,
                marks: Marks::styled(Styles::UNDERLINE),
            },
            MarkSpan {
                range: note..note + 3,
                marks: Marks {
                    note: Some(NoteId(7)),
                    ..Marks::default()
                },
            },
            MarkSpan {
                range: opt..opt + 7,
                marks: Marks {
                    link: Some(LinkTarget::new("https://example.com/opt-out").expect("link")),
                    ..Marks::default()
                },
            },
        ];
        let mut blocks = vec![Block::default()];
        blocks[0].list = Some(ListItem::bulleted(ListId(1), 0));
        let content = Content::new(text.clone(), blocks, spans).expect("content");
        let project = project_with(content, &[]);
        let (job, map, links) = job_of(&project, 0);
        assert_eq!(
            map.text, "We never sell1 see opt out.",
            "the note shows its number"
        );
        let bold_italic = sections_where(&job, |format| {
            format.font_id.family == fonts::family(true, true)
        });
        assert_eq!(bold_italic, vec!["never"]);
        let raised = sections_where(&job, |format| format.valign == Align::TOP);
        assert_eq!(raised, vec!["1"]);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target.as_str(), "https://example.com/opt-out");
        let shown: String = map
            .text
            .chars()
            .skip(links[0].chars_in_display.start)
            .take(7)
            .collect();
        assert_eq!(shown, "opt out");
    }

    #[test]
    fn headings_and_list_items_are_set_by_their_block() {
        let look = Look::new(false);
        let heading = BlockLook::of(&Block::heading(1), None, None, &look, 1.0);
        assert!(heading.bold && heading.size > look.body_size * 1.5);
        let item = Block::item(ListItem::numbered(ListId(1), 1));
        let nested = BlockLook::of(&item, Some("a."), None, &look, 2.0);
        assert_eq!(nested.label.as_deref(), Some("a."));
        assert_eq!(
            nested.indent,
            LEVEL_INDENT * 2.0 * 2.0,
            "two levels at 200 %"
        );
    }
}
