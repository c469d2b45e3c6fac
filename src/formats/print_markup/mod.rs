//! "Print with markup": the draft as a PDF showing its review, as Word
//! prints a document with its tracked changes — pending insertions
//! underlined and deletions struck through in the reviewer's colour,
//! formatting suggestions named, and comments as numbered notes (author,
//! date, text and replies) at the end. The clean print goes through
//! [`super::export`]; this file only adds the markup variant.
//!
//! Pages of the paper asked for (the clean print's: by locale), DejaVu
//! Sans (regular and bold, subset and embedded, text extractable: the
//! publication PDF's faces and font embedding, shared), the title once,
//! headings larger and bold, list labels in the gutter, tables as bordered
//! grids with their merged cells (`table`), a running header naming the
//! policy and "with markup", "Page N of M" at the foot. Deterministic: the
//! same project gives the same bytes.

mod table;

use super::FormatError;
use super::publish::pdf::fonts::{Font, faces};
use super::publish::pdf::{FontRefs, write_font};
use super::publish::{PaperSize, Publication, PublishError, policy_states_title};
use crate::model::blocks::{BlockStyle, NOTE_REFERENCE, SOFT_BREAK, list_labels};
use crate::model::marks::Styles;
use crate::model::{Project, SuggestionKind};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::HashMap;
use table::Table;

const MARGIN_X: f32 = 64.0;
/// From the top of the page to the first line of text.
const TOP_MARGIN: f32 = 80.0;
const BODY_BOTTOM: f32 = 64.0;
const BODY_SIZE: f32 = 10.5;
const LIST_INDENT: f32 = 20.0;
/// The grey of table borders.
const RULE_GREY: f32 = 0.55;
const FONT_NAMES: [Name<'static>; 2] = [Name(b"F1"), Name(b"F2")];

/// A reviewer's hue (0–1), derived from the name alone (FNV-1a), so a
/// reviewer has the same colour on screen and in print, always.
pub fn reviewer_hue(name: &str) -> f32 {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash % 360) as f32 / 360.0
}

/// The reviewer's colour for print: the hue at full saturation, darker.
fn reviewer_rgb(name: &str) -> [f32; 3] {
    hsv_to_rgb(reviewer_hue(name), 0.85, 0.70)
}

fn hsv_to_rgb(hue: f32, saturation: f32, value: f32) -> [f32; 3] {
    let sector = (hue * 6.0).floor();
    let fraction = hue * 6.0 - sector;
    let p = value * (1.0 - saturation);
    let q = value * (1.0 - fraction * saturation);
    let t = value * (1.0 - (1.0 - fraction) * saturation);
    match sector as i32 % 6 {
        0 => [value, t, p],
        1 => [q, value, p],
        2 => [p, value, t],
        3 => [p, q, value],
        4 => [t, p, value],
        _ => [value, p, q],
    }
}

/// A stretch of text set one way.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    bold: bool,
    colour: [f32; 3],
    underline: bool,
    strike: bool,
}

impl Run {
    /// Black text, nothing else.
    fn plain(text: String) -> Run {
        Run {
            text,
            bold: false,
            colour: BLACK,
            underline: false,
            strike: false,
        }
    }
}

/// The embedded font's failure as a format error.
fn font_error(error: PublishError) -> FormatError {
    FormatError::Invalid {
        path: std::path::PathBuf::from("print with markup"),
        message: error.to_string(),
    }
}

/// A piece of a line: text in one style at an x.
#[derive(Clone)]
struct Piece {
    x: f32,
    run: Run,
}

/// A line on a page.
struct Line {
    baseline: f32,
    size: f32,
    pieces: Vec<Piece>,
    label: Option<(f32, String)>,
}

#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    /// Table borders: (x1, y1, x2, y2).
    rules: Vec<[f32; 4]>,
}

struct Layout {
    pages: Vec<Page>,
    cursor: f32,
    /// Page width and height in points.
    page: (f32, f32),
}

impl Layout {
    fn new(paper: PaperSize) -> Layout {
        let page = paper.points();
        Layout {
            pages: vec![Page::default()],
            cursor: page.1 - TOP_MARGIN,
            page,
        }
    }

    /// Sets `runs` as a paragraph: words wrapped at `indent`, each line
    /// placed, pages started as needed.
    fn paragraph(
        &mut self,
        fonts: &mut [Font; 2],
        runs: &[Run],
        size: f32,
        indent: f32,
        label: Option<String>,
        space_after: f32,
    ) {
        let width = self.text_width() - indent;
        let lines = wrap(fonts, runs, size, MARGIN_X + indent, width);
        let mut label = label;
        for pieces in lines {
            let line_label = label.take().map(|text| (MARGIN_X + indent - 4.0, text));
            self.place_line(size, pieces, line_label);
        }
        self.cursor -= space_after;
    }

    /// Places one line at the cursor, on a new page when it does not fit.
    fn place_line(&mut self, size: f32, pieces: Vec<Piece>, label: Option<(f32, String)>) {
        let leading = size * LEADING;
        if self.cursor - leading < BODY_BOTTOM {
            self.new_page();
        }
        let baseline = self.cursor - leading * 0.8;
        if let Some(page) = self.pages.last_mut() {
            page.lines.push(Line {
                baseline,
                size,
                pieces,
                label,
            });
        }
        self.cursor -= leading;
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.cursor = self.body_top();
    }

    /// Where the text of a page starts.
    fn body_top(&self) -> f32 {
        self.page.1 - TOP_MARGIN
    }

    /// The width between the margins.
    fn text_width(&self) -> f32 {
        self.page.0 - 2.0 * MARGIN_X
    }
}

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.4;

/// `runs` broken into lines of at most `width` points, their pieces placed
/// from `left`: words (with the spaces after them), each split by style.
fn wrap(fonts: &mut [Font; 2], runs: &[Run], size: f32, left: f32, width: f32) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut x = 0.0;
    for run in runs {
        for (position, part) in run.text.split('\n').enumerate() {
            if position > 0 {
                lines.push(Vec::new());
                x = 0.0;
            }
            for word in split_keeping_spaces(part) {
                let font = &mut fonts[usize::from(run.bold)];
                let word_width = font.measure(word, size);
                let trimmed = font.measure(word.trim_end(), size);
                if x + trimmed > width && x > 0.0 {
                    lines.push(Vec::new());
                    x = 0.0;
                }
                if let Some(line) = lines.last_mut() {
                    line.push(Piece {
                        x: left + x,
                        run: Run {
                            text: word.to_string(),
                            ..run.clone()
                        },
                    });
                }
                x += word_width;
            }
        }
    }
    lines
}

/// `text` cut after each run of spaces, so that a line may break there.
fn split_keeping_spaces(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        if c == ' ' {
            in_space = true;
        } else if in_space {
            parts.push(&text[start..at]);
            start = at;
            in_space = false;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

const BLACK: [f32; 3] = [0.0, 0.0, 0.0];

/// The draft of `project` with its pending review marked, as a PDF on
/// `paper`.
pub fn markup_pdf(project: &Project, paper: PaperSize) -> Result<Vec<u8>, FormatError> {
    let content = project.content();
    let text = content.text.as_str();
    let [regular, bold, ..] = faces().map_err(font_error)?;
    let mut fonts = [regular, bold];
    // Comments numbered by where they are.
    let mut comments: Vec<_> = project
        .comments()
        .iter()
        .filter(|comment| !comment.resolved)
        .collect();
    comments.sort_by_key(|comment| (comment.orphaned, comment.span.start, comment.id));
    let comment_number: HashMap<_, _> = comments
        .iter()
        .enumerate()
        .map(|(position, comment)| (comment.id, position + 1))
        .collect();
    let pending: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.status.is_pending() && !suggestion.orphaned)
        .collect();
    let labels = list_labels(&content.blocks);

    let mut layout = Layout::new(paper);
    // The title once: not again when the policy's first heading is it.
    let publication = Publication::new(&project.document().title, content);
    if !policy_states_title(&publication) {
        let title = Run {
            text: project.document().title.clone(),
            bold: true,
            colour: BLACK,
            underline: false,
            strike: false,
        };
        layout.paragraph(&mut fonts, &[title], 18.0, 0.0, None, 10.0);
    }
    // The cells of the table being read, set as a grid when it ends.
    let mut table: Option<Table> = None;
    for ((range, block), label) in content.paragraphs().zip(&labels) {
        // Cut points: marks, suggestions, comment ends.
        let mut cuts = vec![range.start, range.end];
        for span in content.marks.in_range(range.clone()) {
            cuts.extend([span.range.start, span.range.end]);
        }
        for suggestion in &pending {
            for at in [suggestion.span.start.0, suggestion.span.end.0] {
                if range.start <= at && at <= range.end {
                    cuts.push(at);
                }
            }
        }
        for comment in &comments {
            let end = comment.span.end.0;
            if range.start <= end && end <= range.end {
                cuts.push(end);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let heading = block.style.heading_level();
        let mut runs = Vec::new();
        for window in cuts
            .windows(2)
            .map(|pair| (pair[0], pair[1]))
            .chain(std::iter::once((range.end, range.end)))
        {
            let (start, end) = window;
            if start < end {
                let marks = content.marks.at(start);
                let deleted_by = pending.iter().find(|suggestion| {
                    !matches!(
                        suggestion.kind,
                        SuggestionKind::Insertion { .. } | SuggestionKind::Format(_)
                    ) && suggestion.span.start.0 <= start
                        && end <= suggestion.span.end.0
                });
                let words: String = text[start..end]
                    .chars()
                    .filter(|c| *c != NOTE_REFERENCE)
                    .map(|c| if c == SOFT_BREAK { '\n' } else { c })
                    .collect();
                runs.push(Run {
                    text: words,
                    bold: heading.is_some() || marks.styles.contains(Styles::BOLD),
                    colour: deleted_by
                        .map_or(BLACK, |suggestion| reviewer_rgb(&suggestion.author.name)),
                    underline: deleted_by.is_none()
                        && (marks.styles.contains(Styles::UNDERLINE) || marks.link.is_some()),
                    strike: deleted_by.is_some() || marks.styles.contains(Styles::STRIKE),
                });
            }
            // What ends here: new text of suggestions, comment numbers.
            for suggestion in &pending {
                if suggestion.span.end.0 != end || end < start || (start == end && end != range.end)
                {
                    continue;
                }
                let inserted = match &suggestion.kind {
                    SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
                        text.clone()
                    }
                    SuggestionKind::Alternatives { candidates } => format!(
                        "[{}]",
                        candidates
                            .iter()
                            .enumerate()
                            .map(|(number, candidate)| format!("{}: {candidate}", number + 1))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                    SuggestionKind::Format(format) => format!(" [{}]", format.description()),
                    SuggestionKind::Deletion => continue,
                };
                runs.push(Run {
                    text: inserted.replace('\n', " ¶ "),
                    bold: heading.is_some(),
                    colour: reviewer_rgb(&suggestion.author.name),
                    underline: !matches!(suggestion.kind, SuggestionKind::Format(_)),
                    strike: false,
                });
            }
            for comment in &comments {
                if comment.orphaned
                    || comment.span.end.0 != end
                    || (start == end && end != range.end)
                {
                    continue;
                }
                if let Some(number) = comment_number.get(&comment.id) {
                    runs.push(Run {
                        text: format!("[{number}]"),
                        bold: true,
                        colour: reviewer_rgb(&comment.author.name),
                        underline: false,
                        strike: false,
                    });
                }
            }
        }
        let size = match heading {
            Some(1) => 16.0,
            Some(2) => 13.5,
            Some(_) => 11.5,
            None => BODY_SIZE,
        };
        let level = block
            .list
            .as_ref()
            .map_or(0.0, |item| f32::from(item.level + 1));
        let indent = level * LIST_INDENT
            + if block.style == BlockStyle::Quote {
                LIST_INDENT
            } else {
                0.0
            };
        if let Some(cell) = block.cell {
            if table.as_ref().is_some_and(|table| table.id != cell.table)
                && let Some(done) = table.take()
            {
                layout.table(&mut fonts, done);
            }
            if let Some(label) = label {
                runs.insert(0, Run::plain(format!("{label} ")));
            }
            table
                .get_or_insert_with(|| Table::new(cell.table))
                .push(cell, size, runs);
            continue;
        }
        if let Some(done) = table.take() {
            layout.table(&mut fonts, done);
        }
        if heading.is_some() {
            layout.cursor -= 6.0;
        }
        if runs.iter().all(|run| run.text.trim().is_empty()) {
            layout.cursor -= 4.0;
            continue;
        }
        layout.paragraph(&mut fonts, &runs, size, indent, label.clone(), 5.0);
    }
    if let Some(done) = table.take() {
        layout.table(&mut fonts, done);
    }
    if !comments.is_empty() {
        layout.cursor -= 10.0;
        let heading = Run {
            text: "Comments".to_string(),
            bold: true,
            colour: BLACK,
            underline: false,
            strike: false,
        };
        layout.paragraph(&mut fonts, &[heading], 13.5, 0.0, None, 4.0);
        for comment in &comments {
            let number = comment_number.get(&comment.id).copied().unwrap_or(0);
            let about = if comment.orphaned {
                format!(" (its text was deleted; it was on “{}”)", comment.quote)
            } else if comment.span.is_empty() {
                String::new()
            } else {
                format!(" on “{}”", one_line(&text[comment.span.range()], 80))
            };
            let mut runs = vec![
                Run {
                    text: format!(
                        "{} ({}){about}: ",
                        comment.author.name,
                        comment.created.format("%-d %B %Y")
                    ),
                    bold: true,
                    colour: reviewer_rgb(&comment.author.name),
                    underline: false,
                    strike: false,
                },
                Run {
                    text: comment.body.clone(),
                    bold: false,
                    colour: BLACK,
                    underline: false,
                    strike: false,
                },
            ];
            for reply in &comment.replies {
                runs.push(Run {
                    text: format!("\n{}: ", reply.author.name),
                    bold: true,
                    colour: reviewer_rgb(&reply.author.name),
                    underline: false,
                    strike: false,
                });
                runs.push(Run {
                    text: reply.body.clone(),
                    bold: false,
                    colour: BLACK,
                    underline: false,
                    strike: false,
                });
            }
            layout.paragraph(
                &mut fonts,
                &runs,
                BODY_SIZE,
                LIST_INDENT,
                Some(format!("[{number}]")),
                5.0,
            );
        }
    }
    write(project, &mut fonts, &layout)
}

fn one_line(text: &str, max_chars: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > max_chars {
        let cut: String = joined.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

fn show(content: &mut Content, font: &mut Font, text: &str, bytes: &mut Vec<u8>) {
    bytes.clear();
    for c in text.chars() {
        bytes.extend(font.glyph(c).id.to_be_bytes());
    }
    content.show(Str(bytes));
}

fn write(
    project: &Project,
    fonts: &mut [Font; 2],
    layout: &Layout,
) -> Result<Vec<u8>, FormatError> {
    let (page_width, page_height) = layout.page;
    let mut next = 1;
    let mut alloc = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog_id = alloc();
    let info_id = alloc();
    let tree_id = alloc();
    let font_refs: [FontRefs; 2] = std::array::from_fn(|_| FontRefs {
        type0: alloc(),
        cid: alloc(),
        descriptor: alloc(),
        file: alloc(),
        cmap: alloc(),
    });
    let page_ids: Vec<(Ref, Ref)> = layout.pages.iter().map(|_| (alloc(), alloc())).collect();
    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("en"));
    let title = format!("{} (with markup)", project.document().title);
    pdf.document_info(info_id)
        .title(TextStr(&title))
        .producer(TextStr("Redline"));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|&(page, _)| page))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    let total = layout.pages.len();
    let mut bytes = Vec::new();
    for (number, (page, &(page_id, content_id))) in layout.pages.iter().zip(&page_ids).enumerate() {
        let mut content = Content::new();
        // Running header and footer, grey.
        content.set_fill_gray(0.35);
        content
            .begin_text()
            .set_font(FONT_NAMES[0], 8.5)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, MARGIN_X, page_height - 44.0]);
        show(&mut content, &mut fonts[0], &title, &mut bytes);
        content.end_text();
        let footer = format!("Page {} of {total}", number + 1);
        let footer_x = (page_width - fonts[0].measure(&footer, 8.5)) / 2.0;
        content
            .begin_text()
            .set_font(FONT_NAMES[0], 8.5)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, footer_x, 36.0]);
        show(&mut content, &mut fonts[0], &footer, &mut bytes);
        content.end_text();
        for line in &page.lines {
            if let Some((right, label)) = &line.label {
                content.set_fill_rgb(0.0, 0.0, 0.0);
                let x = right - fonts[0].measure(label, line.size);
                content
                    .begin_text()
                    .set_font(FONT_NAMES[0], line.size)
                    .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, line.baseline]);
                show(&mut content, &mut fonts[0], label, &mut bytes);
                content.end_text();
            }
            for piece in &line.pieces {
                let [r, g, b] = piece.run.colour;
                let font = usize::from(piece.run.bold);
                content.set_fill_rgb(r, g, b);
                content
                    .begin_text()
                    .set_font(FONT_NAMES[font], line.size)
                    .set_text_matrix([1.0, 0.0, 0.0, 1.0, piece.x, line.baseline]);
                show(&mut content, &mut fonts[font], &piece.run.text, &mut bytes);
                content.end_text();
                let visible = fonts[font].measure(piece.run.text.trim_end(), line.size);
                let through = |content: &mut Content, y: f32| {
                    content
                        .set_stroke_rgb(r, g, b)
                        .set_line_width(0.7)
                        .move_to(piece.x, y)
                        .line_to(piece.x + visible, y)
                        .stroke();
                };
                if piece.run.underline {
                    through(&mut content, line.baseline - line.size * 0.15);
                }
                if piece.run.strike {
                    through(&mut content, line.baseline + line.size * 0.3);
                }
            }
        }
        if !page.rules.is_empty() {
            content.set_stroke_gray(RULE_GREY).set_line_width(0.5);
            for [x1, y1, x2, y2] in &page.rules {
                content.move_to(*x1, *y1).line_to(*x2, *y2);
            }
            content.stroke();
        }
        let stream = content.finish().into_vec();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&stream, 3);
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
        let mut page_writer = pdf.page(page_id);
        page_writer
            .media_box(Rect::new(0.0, 0.0, page_width, page_height))
            .parent(tree_id)
            .contents(content_id);
        let mut resources = page_writer.resources();
        let mut font_dict = resources.fonts();
        for (name, refs) in FONT_NAMES.iter().zip(&font_refs) {
            font_dict.pair(*name, refs.type0);
        }
    }
    for (font, refs) in fonts.iter().zip(font_refs) {
        write_font(&mut pdf, font, refs).map_err(font_error)?;
    }
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reviewer_has_one_hue() {
        assert_eq!(
            reviewer_hue("Priya Ananthanarayan"),
            reviewer_hue("Priya Ananthanarayan")
        );
        assert_ne!(
            reviewer_hue("Priya Ananthanarayan"),
            reviewer_hue("Tomasz Wielgosz")
        );
        let [r, g, b] = hsv_to_rgb(0.0, 1.0, 1.0);
        assert_eq!((r, g, b), (1.0, 0.0, 0.0));
    }

    #[test]
    fn words_keep_their_spaces_for_breaking() {
        assert_eq!(
            split_keeping_spaces("We  sell data"),
            vec!["We  ", "sell ", "data"]
        );
    }
}
