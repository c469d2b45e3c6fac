//! pandoc reads what Redline writes, and Redline reads what pandoc writes.

use super::*;
use redline::formats::sample::sample_project;
use serde_json::Value;

/// True when pandoc can be run (see `support::readers`).
fn pandoc_available() -> bool {
    crate::readers::require_reader("pandoc")
}

/// A span pandoc found: its class, author and text.
#[derive(Debug)]
struct Found {
    class: String,
    author: String,
    text: String,
}

fn stringify(inlines: &Value, out: &mut String) {
    match inlines {
        Value::Array(items) => items.iter().for_each(|item| stringify(item, out)),
        Value::Object(node) => match node.get("t").and_then(Value::as_str) {
            Some("Str") => out.push_str(node["c"].as_str().unwrap_or_default()),
            Some("Space" | "SoftBreak") => out.push(' '),
            Some("LineBreak") => out.push('\n'),
            _ => {
                if let Some(content) = node.get("c") {
                    stringify(content, out);
                }
            }
        },
        _ => {}
    }
}

fn collect_spans(value: &Value, found: &mut Vec<Found>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_spans(item, found)),
        Value::Object(node) => {
            if node.get("t").and_then(Value::as_str) == Some("Span") {
                let attributes = &node["c"][0];
                let author = attributes[2]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|pair| pair[0] == "author")
                    .and_then(|pair| pair[1].as_str())
                    .unwrap_or_default()
                    .to_string();
                for class in attributes[1].as_array().into_iter().flatten() {
                    let mut text = String::new();
                    stringify(&node["c"][1], &mut text);
                    found.push(Found {
                        class: class.as_str().unwrap_or_default().to_string(),
                        author: author.clone(),
                        text,
                    });
                }
            }
            node.values().for_each(|child| collect_spans(child, found));
        }
        _ => {}
    }
}

fn pandoc_read(bytes: &[u8]) -> Vec<Found> {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("export.docx");
    std::fs::write(&path, bytes).expect("write");
    let output = run(Command::new("pandoc")
        .args(["--track-changes=all", "-f", "docx", "-t", "json"])
        .arg(&path));
    assert!(
        output.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("pandoc json");
    let mut found = Vec::new();
    collect_spans(&json["blocks"], &mut found);
    found
}

fn count(found: &[Found], class: &str, author: &str) -> usize {
    found
        .iter()
        .filter(|span| span.class == class && span.author == author)
        .count()
}

/// Words with single spaces, without line prefixes.
fn normalise(text: &str) -> String {
    text.split('\n')
        .map(|line| line.trim_start_matches(['#', '-', ' ']))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// pandoc shows `text` as one or more adjacent spans of `class` by `author`
/// (comment marks and paragraph breaks cut a change into several spans).
fn shows(found: &[Found], class: &str, author: &str, text: &str) -> bool {
    let all: Vec<&str> = found
        .iter()
        .filter(|span| span.class == class && span.author == author)
        .map(|span| span.text.as_str())
        .collect();
    normalise(&all.join(" ")).contains(&normalise(text))
}

/// Every comment (and reply), insertion and deletion of `project` is in
/// what pandoc reads from its export, with its author.
fn check_pandoc_reads(project: &Project) {
    let bytes = export_redline(project).expect("export");
    let found = pandoc_read(&bytes);
    let mut expected_comments: Vec<String> = project
        .comments()
        .iter()
        .flat_map(|comment| {
            std::iter::once(comment.author.name.clone()).chain(
                comment
                    .replies
                    .iter()
                    .map(|reply| reply.author.name.clone()),
            )
        })
        .collect();
    for suggestion in project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.status.is_pending())
    {
        let author = &suggestion.author.name;
        let (deletes, inserted) = match &suggestion.kind {
            SuggestionKind::Insertion { text } => (false, Some(text.clone())),
            SuggestionKind::Deletion => (true, None),
            SuggestionKind::Replacement { text } => (true, Some(text.clone())),
            SuggestionKind::Format(_) => (false, None),
            SuggestionKind::Alternatives { candidates } => {
                expected_comments.push(author.clone());
                (true, candidates.first().cloned())
            }
        };
        if deletes {
            let original = &project.text()[suggestion.span.range()];
            assert!(
                shows(&found, "deletion", author, original),
                "pandoc does not show the deletion of {original:?} by {author}"
            );
        }
        if let Some(inserted) = inserted {
            assert!(
                shows(&found, "insertion", author, &inserted),
                "pandoc does not show the insertion of {inserted:?} by {author}"
            );
        }
    }
    let mut actual_comments: Vec<String> = found
        .iter()
        .filter(|span| span.class == "comment-start")
        .map(|span| span.author.clone())
        .collect();
    expected_comments.sort();
    actual_comments.sort();
    assert_eq!(
        expected_comments, actual_comments,
        "comment authors pandoc reads"
    );
    let authors: std::collections::BTreeSet<&str> = project
        .suggestions()
        .iter()
        .map(|suggestion| suggestion.author.name.as_str())
        .collect();
    for author in authors {
        let pending = project
            .suggestions()
            .iter()
            .filter(|suggestion| suggestion.status.is_pending() && suggestion.author.name == author)
            .count();
        let spans = count(&found, "insertion", author) + count(&found, "deletion", author);
        assert!(
            spans >= pending,
            "{author}: {pending} pending suggestions, pandoc shows {spans} changes"
        );
    }
}

#[test]
fn pandoc_reads_the_exported_sample() {
    if !pandoc_available() {
        return;
    }
    check_pandoc_reads(&sample_project().expect("sample"));
}

#[test]
fn pandoc_reads_exported_edge_cases() {
    if !pandoc_available() {
        return;
    }
    check_pandoc_reads(&super::round_trip::edge_case_project());
}

#[test]
fn pandoc_reads_an_exported_generated_project() {
    if !pandoc_available() {
        return;
    }
    check_pandoc_reads(&generated());
}

/// What Redline must make of `tests/fixtures/docx/pandoc-tracked.md` as
/// pandoc writes it to .docx.
fn check_pandoc_fixture(bytes: &[u8]) {
    let imported = import(bytes, Path::new("pandoc-tracked.docx")).expect("import");
    let parts = &imported.parts;
    assert_eq!(
        parts.document.text(),
        "Privacy Policy\nEffective Date: March 1, 2026\nWe collect personal data to provide the service.\nSharing\nWe share data with R&D partners and processors.\nfirst item\nsecond item"
    );
    let kinds: Vec<(&str, Option<u8>)> = parts
        .document
        .content
        .blocks
        .iter()
        .map(|block| (block.kind_name(), block.style.heading_level()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("heading", Some(1)),
            ("paragraph", None),
            ("paragraph", None),
            ("heading", Some(2)),
            ("paragraph", None),
            ("list_item", None),
            ("list_item", None),
        ]
    );
    let labels = redline::model::blocks::list_labels(&parts.document.content.blocks);
    assert_eq!(labels[5].as_deref(), Some("•"));
    assert_eq!(parts.document.title, "Privacy Policy");
    assert_eq!(
        parts.document.effective_date,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
    );
    let summary: Vec<(String, &str, &str)> = parts
        .suggestions
        .iter()
        .map(|suggestion| {
            (
                format!("{:?}", suggestion.kind),
                &parts.document.text()[suggestion.span.range()],
                suggestion.author.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "Replacement { text: \"contact details\" }".to_string(),
                "personal data",
                "Tomasz Wielgosz"
            ),
            ("Insertion { text: \"vetted\" }".to_string(), "", "Priya A"),
            ("Deletion".to_string(), "item", "Priya A"),
        ]
    );
    assert_eq!(parts.comments.len(), 2);
    let first = &parts.comments[0];
    assert_eq!(&parts.document.text()[first.span.range()], "R&D partners");
    assert_eq!(first.body, "Please name them & say why.");
    assert_eq!(
        (first.author.name.as_str(), first.author.initials.as_str()),
        ("Priya A", "PA")
    );
    let second = &parts.comments[1];
    // pandoc wrote the same w:id (1) for this comment and the replacement.
    assert_eq!(second.body, "Why & how?");
    assert_eq!(second.attached_to, Some(parts.suggestions[1].id));
    assert_eq!(second.quote, "vetted");
    assert_eq!(
        imported.warnings,
        ["1 section properties (page size, margins, columns) not kept: 1 under “Sharing”"]
    );
}

#[test]
fn imports_the_committed_pandoc_fixture() {
    let bytes = std::fs::read("tests/fixtures/docx/pandoc-tracked.docx").expect("fixture");
    check_pandoc_fixture(&bytes);
}

#[test]
fn imports_what_pandoc_writes_now() {
    if !pandoc_available() {
        return;
    }
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("out.docx");
    let output = run(Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&path)
        .arg("tests/fixtures/docx/pandoc-tracked.md"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    check_pandoc_fixture(&std::fs::read(&path).expect("read"));
}
