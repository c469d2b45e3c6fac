//! Word documents for publication and for redlines between versions: the
//! clean export reads back as the version's text, and the version redline
//! carries real tracked changes (moves included).

use crate::readers::require_reader;
use redline::formats::docx::{export_clean, import};
use redline::formats::publish::visible_text;
use redline::formats::redline_docx::to_redline_docx;
use redline::formats::sample::sample_project;
use redline::model::compare::{CompareOptions, compare};
use redline::model::{Person, SuggestionKind};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn pandoc(bytes: &[u8], to: &str) -> String {
    let mut child = Command::new("pandoc")
        .args(["--track-changes=all", "-f", "docx", "-t", to, "--wrap=none"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pandoc runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write");
    let output = child.wait_with_output().expect("pandoc ends");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The words of a text, list bullets, list numbers and pandoc's table
/// rules left out.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|word| !matches!(*word, "-" | "•" | "◦" | "▪") && !word.chars().all(|c| c == '-'))
        .filter(|word| {
            !(word.ends_with('.') && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_clean_docx_reads_back_as_the_policy_text() {
    if !require_reader("pandoc") {
        return;
    }
    let project = sample_project().expect("sample");
    let bytes = export_clean(project.content(), &project.document().title).expect("export");
    assert_eq!(
        words(&pandoc(&bytes, "plain")),
        words(&visible_text(project.content()))
    );
    let native = pandoc(&bytes, "native");
    assert!(
        native.contains("Header 2"),
        "headings are real Word headings"
    );
}

#[test]
fn the_version_redline_has_real_tracked_changes_and_moves() {
    let old = "# Policy\nWe collect contact details to run the service.\nWe keep logs for thirty days only.\nWe never sell personal data to anyone at all.\n## Contact\nWrite to us.";
    let new = "# Policy\nWe collect contact details to provide the service.\nWe never sell personal data to anyone at all.\n## Contact\nWrite to us.\nWe keep logs for thirty days only.";
    let (old, new) = (
        redline::model::content::Content::from_marked_text(old),
        redline::model::content::Content::from_marked_text(new),
    );
    let comparison = compare(&old, &new, &CompareOptions::default());
    let author = Person::new("Redline compare", "RC");
    let bytes = to_redline_docx(
        &comparison,
        &old,
        &new,
        "Policy",
        &author,
        chrono::Utc::now(),
    )
    .expect("docx");
    let imported = import(&bytes, Path::new("redline.docx")).expect("reads back");
    let suggestions = &imported.parts.suggestions;
    let moved: Vec<_> = suggestions
        .iter()
        .filter(|suggestion| suggestion.move_partner.is_some())
        .collect();
    assert_eq!(
        moved.len(),
        2,
        "a move is a deletion and an insertion naming each other: {suggestions:#?}"
    );
    assert!(suggestions.iter().any(|suggestion| matches!(&suggestion.kind, SuggestionKind::Replacement { text } if text.contains("provide"))
        || matches!(&suggestion.kind, SuggestionKind::Insertion { text } if text.contains("provide"))));
    assert!(
        suggestions
            .iter()
            .all(|suggestion| suggestion.author.name == "Redline compare")
    );
    assert_eq!(
        imported.parts.document.text(),
        old.text,
        "the document holds the old text with the changes tracked"
    );
    if require_reader("pandoc") {
        let json = pandoc(&bytes, "json");
        assert!(
            json.contains("\"insertion\"") && json.contains("\"deletion\""),
            "pandoc sees tracked changes"
        );
        assert!(json.contains("Redline compare"));
    }
}

#[test]
fn the_version_redline_tracks_formatting_changes() {
    let old = redline::formats::markdown::parse(
        "# Policy\n\nWe never sell data.\n\n## Contact\n\nWrite to us.",
    )
    .content;
    let new = redline::formats::markdown::parse(
        "# Policy\n\nWe **never** sell data.\n\nContact\n\nWrite to [us](mailto:privacy@example.com).",
    )
    .content;
    let comparison = compare(&old, &new, &CompareOptions::default());
    let author = Person::new("Redline compare", "RC");
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
        .expect("date")
        .to_utc();
    let bytes = to_redline_docx(&comparison, &old, &new, "Policy", &author, at).expect("docx");
    let imported = import(&bytes, Path::new("redline.docx")).expect("reads back");
    let mut found: Vec<String> = imported
        .parts
        .suggestions
        .iter()
        .map(|suggestion| match &suggestion.kind {
            SuggestionKind::Format(format) => format.description(),
            other => format!("{other:?}"),
        })
        .collect();
    found.sort();
    assert_eq!(found, ["Formatted: bold", "Heading 2 → Normal"]);
    let comments: Vec<&str> = imported
        .parts
        .comments
        .iter()
        .map(|comment| comment.body.as_str())
        .collect();
    assert_eq!(
        comments,
        [
            "Suggested formatting of \"us\": link to mailto:privacy@example.com (Word cannot track a change of a link or a note reference, so it is not a tracked change here)"
        ]
    );
    // The words show the new formatting, as in Word.
    assert!(
        imported
            .parts
            .document
            .content
            .marks
            .spans()
            .iter()
            .any(|span| span
                .marks
                .styles
                .contains(redline::model::marks::Styles::BOLD))
    );
}
