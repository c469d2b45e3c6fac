//! A reviewer's returned copy of a sent .docx, made as a reviewer would
//! make it: shared by the CLI and GUI tests of review rounds through
//! `#[path]`.

use redline::formats::docx;
use redline::formats::docx_round::{read_properties, with_properties};
use redline::model::{Actor, ByteOffset, Command, Project, Span};
use std::path::Path;

/// Where `words` first are in `text`.
pub fn span_of(text: &str, words: &str) -> Span {
    let start = text.find(words).expect("the words are in the text");
    Span::new(start, start + words.len())
}

/// Writes to `changed` the copy `sent` as `reviewer` returns it: a comment,
/// a tracked insertion and an untracked replacement, written with the
/// project's own Word writer, the custom properties kept as Word keeps
/// them.
pub fn reviewers_copy(sent: &Path, changed: &Path, reviewer: &Actor) {
    let bytes = std::fs::read(sent).expect("sent copy");
    let imported = docx::import(&bytes, sent).expect("the copy imports");
    let mut copy = Project::from_parts(imported.parts).expect("a project");
    let text = copy.text().to_string();
    copy.apply(
        Command::AddComment {
            span: span_of(&text, "household budgeting"),
            body: "Is \"household\" defined?".into(),
        },
        reviewer,
    )
    .expect("comment");
    let at = span_of(&text, "meal-planning service").start;
    copy.apply(
        Command::Suggest {
            range: at..at,
            text: "weekly ".into(),
        },
        reviewer,
    )
    .expect("tracked insertion");
    let approximate = span_of(&text, "Approximate location");
    copy.apply(
        Command::Edit {
            range: approximate.start..ByteOffset(approximate.start.0 + "Approximate".len()),
            text: "Coarse".into(),
        },
        reviewer,
    )
    .expect("untracked replacement");
    let written = docx::export_redline(&copy).expect("written");
    let properties = read_properties(&bytes, sent).expect("properties");
    let kept: Vec<(&str, &str)> = properties
        .custom
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let marked = with_properties(&written, &kept, changed).expect("marked");
    std::fs::write(changed, marked).expect("write the copy");
}
