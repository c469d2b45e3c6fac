//! The benchmark fixture: a review with exactly 500 comments and 500
//! tracked changes, cut from the generator's stress project. Shared by
//! `benches/docx_import.rs` and `examples/write_docx_fixture.rs`.

use redline::model::generator::{FixtureSize, generate};
use redline::model::{Project, ProjectParts};

/// How many comments and how many tracked changes the fixture has.
pub const COUNT: usize = 500;

/// The fixture project: the first lines of the stress project, up to where
/// it has 500 suggestions and 500 comments.
pub fn project() -> Project {
    let mut parts: ProjectParts = generate(FixtureSize::Stress, 7).to_parts();
    let mut suggestions = parts.suggestions.clone();
    suggestions.sort_by_key(|suggestion| suggestion.span.end);
    suggestions.truncate(COUNT);
    let mut comments = parts.comments.clone();
    comments.sort_by_key(|comment| comment.span.end);
    comments.truncate(COUNT);
    let last = suggestions
        .iter()
        .map(|suggestion| suggestion.span.end.0)
        .chain(comments.iter().map(|comment| comment.span.end.0))
        .max()
        .unwrap_or(0);
    let text = parts.document.text();
    let cut = text[last..].find('\n').map_or(text.len(), |at| last + at);
    let tail = redline::model::changeset::Edit::new(cut..text.len(), "");
    redline::model::changeset::ChangeSet::from_edits(&parts.document.content, &[tail])
        .expect("a valid cut")
        .apply(&mut parts.document.content);
    parts.suggestions = suggestions;
    parts.comments = comments;
    Project::from_parts(parts).expect("valid fixture")
}

/// The fixture as a .docx.
pub fn docx() -> Vec<u8> {
    redline::formats::docx::export_redline(&project()).expect("export")
}
