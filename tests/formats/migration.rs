//! Project files of format 1 (text with `#`, `- `, `1. ` marks in it) load
//! and migrate: the marks become blocks through one change set, so every
//! comment and suggestion keeps its words; every version reads the same,
//! list numbers included; earlier sign-offs still verify; saving writes
//! format 2.

use redline::formats::project_file::{FORMAT_VERSION, from_ron_str, load, save, to_ron_string};
use redline::model::blocks::{BlockStyle, list_labels};
use redline::model::{Project, SuggestionKind};
use std::path::Path;

fn numbered() -> Project {
    load(Path::new("tests/fixtures/v1/numbered.redline.ron")).expect("a format-1 file loads")
}

#[test]
fn migration_moves_structure_marks_into_blocks_and_keeps_every_anchor() {
    let project = numbered();
    assert_eq!(
        project.text(),
        "Numbered Policy\nYour Rights\nAccess to your data.\nCorrection of your data.\n\
         Deletion, as Section 5 says.\nA bullet\nA nested bullet\n#hashtag stays words"
    );
    let blocks = &project.content().blocks;
    assert_eq!(blocks[0].style, BlockStyle::Heading(1));
    assert_eq!(blocks[1].style, BlockStyle::Heading(2));
    assert_eq!(blocks[7].style, BlockStyle::Normal, "#hashtag is words");
    let labels = list_labels(blocks);
    assert_eq!(
        labels[2..7],
        [
            Some("1.".to_string()),
            Some("2.".to_string()),
            Some("5.".to_string()),
            Some("•".to_string()),
            Some("◦".to_string())
        ],
        "the numbers read as written: policies cross-refer to them"
    );
    let comment = &project.comments()[0];
    assert_eq!(&project.text()[comment.span.range()], "Access");
    let suggestion = &project.suggestions()[0];
    assert_eq!(&project.text()[suggestion.span.range()], "Deletion");
    assert_eq!(suggestion.original, "Deletion");
    assert_eq!(
        suggestion.kind,
        SuggestionKind::Replacement {
            text: "Erasure".into()
        }
    );
}

#[test]
fn every_version_reads_the_same_after_migration() {
    let project = numbered();
    let version = &project.versions()[0];
    assert_eq!(version.content, project.content().clone());
    assert_eq!(
        list_labels(&version.content.blocks),
        list_labels(&project.content().blocks)
    );
}

#[test]
fn saving_writes_format_2_and_it_reads_back_the_same() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("numbered.redline.ron");
    std::fs::copy("tests/fixtures/v1/numbered.redline.ron", &path).expect("copy");
    let project = load(&path).expect("loads");
    save(&path, &project).expect("saves");
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(written.starts_with(&format!("(\n  format_version: {FORMAT_VERSION},")));
    assert!(written.contains("(text: \"Your Rights\", style: Some(\"h2\")),"));
    let backup = std::fs::read_to_string(path.with_extension("ron.bak")).expect("a backup");
    assert!(
        backup.contains("format_version: 1"),
        "the old file is kept as .bak"
    );
    let reloaded = load(&path).expect("reloads");
    assert_eq!(reloaded.to_parts(), project.to_parts());
}

#[test]
fn the_old_sample_migrates_with_every_comment_on_its_quote() {
    let project = load(Path::new("tests/fixtures/v1/sample-policy.redline.ron")).expect("loads");
    assert!(!project.text().contains("\n## "));
    assert!(!project.text().contains("\n- "));
    for comment in project.comments() {
        assert_eq!(
            &project.text()[comment.span.range()],
            comment.quote,
            "{}",
            comment.id
        );
    }
    for suggestion in project.suggestions() {
        assert_eq!(
            &project.text()[suggestion.span.range()],
            suggestion.original,
            "{}",
            suggestion.id
        );
    }
    let headings = project
        .content()
        .blocks
        .iter()
        .filter(|block| block.style.heading_level().is_some())
        .count();
    assert!(headings > 15, "{headings} headings");
    // The same file read twice gives the same project.
    let text =
        std::fs::read_to_string("tests/fixtures/v1/sample-policy.redline.ron").expect("fixture");
    let again = from_ron_str(&text, Path::new("x.redline.ron")).expect("loads");
    assert_eq!(again.to_parts(), project.to_parts());
    assert!(
        to_ron_string(&project)
            .expect("writes")
            .contains("format_version: 2")
    );
}

#[test]
fn earlier_sign_offs_still_verify_after_migration() {
    let project = load(Path::new(
        "tests/fixtures/signoff-format-1/policy.redline.ron",
    ))
    .expect("loads");
    assert_eq!(project.signoff_problems(), Vec::<String>::new());
    for record in project.signoffs() {
        let version = project.version(record.version).expect("version");
        assert!(!version.text().starts_with('#'), "the words have no marks");
        assert!(
            version
                .signed_text
                .as_deref()
                .is_some_and(|text| text.starts_with("# "))
        );
        assert!(record.matches_version(version));
    }
}
