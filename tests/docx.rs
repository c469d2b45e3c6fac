//! Word .docx import and export (issue 4): round trips, read-back by
//! pandoc, pandoc-written files, hostile files, and a fuzz smoke test.

use redline::formats::FormatError;
use redline::formats::docx::{export_clean, export_redline, import};
use redline::model::generator::{FixtureSize, generate};
use redline::model::{Comment, Project, ProjectParts, Suggestion, SuggestionKind};
use std::io::Write;
use std::path::Path;
use std::process::Command;

#[path = "docx/corpus.rs"]
mod corpus;
#[path = "docx/fuzz_smoke.rs"]
mod fuzz_smoke;
#[path = "docx/hostile.rs"]
mod hostile;
#[path = "docx/office.rs"]
mod office;
#[path = "docx/pandoc.rs"]
mod pandoc;
#[path = "support/readers.rs"]
mod readers;
#[path = "docx/round_trip.rs"]
pub mod round_trip;
#[path = "docx/structure.rs"]
mod structure;
#[path = "docx/versions.rs"]
mod versions;
#[path = "docx/word_features.rs"]
mod word_features;
#[path = "docx/word_markup.rs"]
mod word_markup;

fn origin() -> &'static Path {
    Path::new("test.docx")
}

/// What must survive a round trip of a comment, without ids.
fn comment_key(comment: &Comment, parts: &ProjectParts) -> String {
    let replies: Vec<String> = comment
        .replies
        .iter()
        .map(|reply| {
            format!(
                "{}|{}|{}|{}",
                reply.author.name, reply.author.initials, reply.created, reply.body
            )
        })
        .collect();
    let attached = comment.attached_to.map(|id| {
        let suggestion = parts
            .suggestions
            .iter()
            .find(|suggestion| suggestion.id == id);
        suggestion
            .map(|suggestion| format!("{:?}@{:?}", suggestion.kind, suggestion.span))
            .unwrap_or_default()
    });
    format!(
        "{:?} {}|{} {} {:?} replies={replies:?} resolved={} attached={attached:?}",
        comment.span,
        comment.author.name,
        comment.author.initials,
        comment.created,
        comment.body,
        comment.resolved
    )
}

fn suggestion_key(suggestion: &Suggestion) -> String {
    format!(
        "{:?} {:?} {} {} move={}",
        suggestion.span,
        suggestion.kind,
        suggestion.author.name,
        suggestion.created,
        suggestion.move_partner.is_some()
    )
}

fn sorted<T>(items: &[T], key: impl Fn(&T) -> String) -> Vec<String> {
    let mut keys: Vec<String> = items.iter().map(key).collect();
    keys.sort();
    keys
}

/// The parts of `project` that a .docx round trip keeps: pending
/// suggestions only.
fn expected_parts(project: &Project) -> ProjectParts {
    let mut parts = project.to_parts();
    parts
        .suggestions
        .retain(|suggestion| suggestion.status.is_pending() && !suggestion.orphaned);
    parts
}

fn assert_same_review(expected: &ProjectParts, actual: &ProjectParts) {
    assert_eq!(expected.document.text(), actual.document.text(), "text");
    assert_eq!(
        sorted(&expected.suggestions, suggestion_key),
        sorted(&actual.suggestions, suggestion_key),
        "suggestions"
    );
    assert_eq!(
        sorted(&expected.comments, |comment| comment_key(comment, expected)),
        sorted(&actual.comments, |comment| comment_key(comment, actual)),
        "comments"
    );
}

fn round_trip(project: &Project) -> ProjectParts {
    let bytes = export_redline(project).expect("export");
    let imported = import(&bytes, origin()).expect("import");
    Project::from_parts(imported.parts.clone()).expect("valid project");
    imported.parts
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        zip.start_file(*name, options).expect("start file");
        zip.write_all(content).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn error_text(result: Result<redline::formats::Imported, FormatError>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(error) => error.to_string(),
    }
}

fn run(command: &mut Command) -> std::process::Output {
    command.output().expect("run")
}

fn generated() -> Project {
    generate(FixtureSize::Realistic, 7)
}
