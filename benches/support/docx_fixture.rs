//! The benchmark fixture: the formatted stress document (bold and italic
//! terms, links, numbered sections, nested lists, tables with merged cells,
//! footnotes) cut to a review with exactly 500 comments and 500 tracked
//! changes. Shared by `benches/docx_import.rs` and
//! `examples/write_docx_fixture.rs` (the paired scripts' file).

use redline::model::content::Content;
use redline::model::generator::{FixtureSize, generate};
use redline::model::marks::MarkSpan;
use redline::model::{Project, ProjectParts};

/// How many comments and how many tracked changes the fixture has.
pub const COUNT: usize = 500;

/// The fixture project: the body of the stress project up to where it has
/// 500 suggestions and 500 comments, and the footnotes that body refers to.
pub fn project() -> Project {
    let mut parts: ProjectParts = generate(FixtureSize::Stress, 7).to_parts();
    let content = &parts.document.content;
    let text = content.text.as_str();
    let notes_start = content
        .paragraphs()
        .find(|(_, block)| block.note.is_some())
        .map_or(text.len(), |(range, _)| range.start);
    let in_body = |end: usize| end < notes_start;
    let mut suggestions = parts.suggestions.clone();
    suggestions.retain(|suggestion| in_body(suggestion.span.end.0));
    suggestions.sort_by_key(|suggestion| suggestion.span.end);
    suggestions.truncate(COUNT);
    let mut comments = parts.comments.clone();
    comments.retain(|comment| in_body(comment.span.end.0));
    comments.sort_by_key(|comment| comment.span.end);
    comments.truncate(COUNT);
    let last = suggestions
        .iter()
        .map(|suggestion| suggestion.span.end.0)
        .chain(comments.iter().map(|comment| comment.span.end.0))
        .max()
        .unwrap_or(0);
    let cut = text[last..].find('\n').map_or(text.len(), |at| last + at);
    let body_paragraphs = content.paragraph_index_at(cut) + 1;
    // The notes the kept body refers to are the first ones (notes are
    // numbered in the order they are referred to).
    let referred = content
        .marks
        .in_range(0..cut)
        .filter(|span| span.marks.note.is_some())
        .count();
    let note_paragraphs: Vec<usize> = content
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| {
            block
                .note
                .is_some_and(|note| note.id.0 as usize <= referred)
        })
        .map(|(index, _)| index)
        .collect();
    let notes_end = note_paragraphs
        .last()
        .map_or(notes_start, |&index| content.paragraph_range(index).end);
    let mut new_text = text[..cut].to_string();
    let mut blocks = content.blocks[..body_paragraphs].to_vec();
    let mut spans: Vec<MarkSpan> = content.marks.in_range(0..cut).collect();
    if notes_end > notes_start {
        let shift = cut + 1;
        new_text.push('\n');
        new_text.push_str(&text[notes_start..notes_end]);
        blocks.extend(
            note_paragraphs
                .iter()
                .map(|&index| content.blocks[index].clone()),
        );
        spans.extend(
            content
                .marks
                .in_range(notes_start..notes_end)
                .map(|span| MarkSpan {
                    range: span.range.start - notes_start + shift
                        ..span.range.end - notes_start + shift,
                    marks: span.marks,
                }),
        );
    }
    parts.document.content = Content::new(new_text, blocks, spans).expect("a valid cut");
    parts.suggestions = suggestions;
    parts.comments = comments;
    Project::from_parts(parts).expect("valid fixture")
}

/// The fixture as a .docx.
pub fn docx() -> Vec<u8> {
    redline::formats::docx::export_redline(&project()).expect("export")
}
