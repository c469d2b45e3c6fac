//! Find and replace: every occurrence in one undo step, as edits or as
//! suggestions.

use super::support::{actor, project};
use redline::model::find::find_all;
use redline::model::test_util::print;
use redline::model::{
    ByteOffset, Command, CommentId, Replacement, SuggestionKind, SuggestionStatus,
};
use std::collections::BTreeMap;
use std::ops::Range;

/// Replace every `query` (either case) by `replacement` as written.
fn replace_all(text: &str, query: &str, replacement: &str, suggest: bool) -> Command {
    Command::ReplaceAll {
        ranges: ranges_of(text, query),
        replace: Replacement {
            text: replacement.into(),
            adapt_case: false,
            suggest,
        },
    }
}

fn ranges_of(text: &str, query: &str) -> Vec<Range<ByteOffset>> {
    find_all(text, query, false)
        .into_iter()
        .map(|range| ByteOffset(range.start)..ByteOffset(range.end))
        .collect()
}

#[test]
fn replacing_all_edits_every_occurrence_keeps_anchors_and_undoes_in_one_step() {
    let mut project = project(
        "[Personal information]{c1} is kept. We share [personal information]{c2} rarely.",
        |_| unreachable!("no suggestions"),
    );
    let before = project.text().to_owned();
    let me = actor("Maren Oyelaran-Fisk");
    let command = replace_all(
        project.text(),
        "personal information",
        "personal data",
        false,
    );
    let outcome = project.apply(command, &me).expect("replace");
    assert_eq!(outcome.summary, "replaced 2 occurrences");
    let spans: BTreeMap<String, _> = project
        .comments()
        .iter()
        .map(|comment| (format!("c{}", comment.id.0), comment.span))
        .collect();
    assert_eq!(
        print(project.text(), &spans),
        "[personal data]{c1} is kept. We share [personal data]{c2} rarely."
    );
    assert!(!project.comment(CommentId(1)).expect("kept").orphaned);
    assert_eq!(project.undo_label(), Some("replace 2 occurrences"));
    project.undo(&me).expect("undo");
    assert_eq!(
        project.text(),
        before,
        "one undo takes back every replacement"
    );
    assert_eq!(project.comments()[0].span.range(), 0..20);
}

#[test]
fn suggesting_all_adds_one_suggestion_each_once_and_changes_no_text() {
    let mut project = project("We sell data. We sell logs. We never sell.", |_| {
        unreachable!("no suggestions")
    });
    let text = project.text().to_owned();
    let me = actor("Maren Oyelaran-Fisk");
    let outcome = project
        .apply(replace_all(&text, "sell", "share", true), &me)
        .expect("suggest");
    assert_eq!(outcome.summary, "suggested 3 replacements");
    assert_eq!(project.text(), text, "suggestions do not change the text");
    let suggestions = project.suggestions();
    assert_eq!(suggestions.len(), 3);
    for suggestion in suggestions {
        assert_eq!(&text[suggestion.span.range()], "sell");
        assert_eq!(
            suggestion.kind,
            SuggestionKind::Replacement {
                text: "share".into()
            }
        );
        assert_eq!(suggestion.author, me.user);
        assert_eq!(suggestion.status, SuggestionStatus::Pending);
    }
    // Asking again suggests nothing new.
    let again = project
        .apply(replace_all(&text, "sell", "share", true), &me)
        .expect("again");
    assert_eq!(again.summary, "suggested 0 replacements");
    assert_eq!(project.suggestions().len(), 3);
    // One undo takes back all three.
    project.undo(&me).expect("undo");
    assert!(project.suggestions().is_empty());
}

#[test]
fn an_empty_replacement_deletes_or_suggests_deletions() {
    let mut project = project("Data, data, DATA.", |_| unreachable!("no suggestions"));
    let me = actor("Maren");
    let text = project.text().to_owned();
    project
        .apply(replace_all(&text, "data, ", "", true), &me)
        .expect("suggest deletions");
    assert!(
        project
            .suggestions()
            .iter()
            .all(|suggestion| suggestion.kind == SuggestionKind::Deletion)
    );
    project
        .apply(replace_all(&text, "data, ", "", false), &me)
        .expect("delete");
    assert_eq!(project.text(), "DATA.");
}

#[test]
fn overlapping_ranges_are_refused_and_change_nothing() {
    let mut project = project("We sell data.", |_| unreachable!("no suggestions"));
    let me = actor("Maren");
    for suggest in [false, true] {
        let command = Command::ReplaceAll {
            ranges: vec![ByteOffset(3)..ByteOffset(7), ByteOffset(5)..ByteOffset(12)],
            replace: Replacement {
                text: "x".into(),
                adapt_case: false,
                suggest,
            },
        };
        assert!(project.apply(command, &me).is_err());
        assert_eq!(project.text(), "We sell data.");
        assert!(project.suggestions().is_empty(), "nothing half-done");
        assert_eq!(project.undo_label(), None);
    }
}

#[test]
fn occurrences_that_already_read_the_replacement_are_left_alone() {
    let mut project = project("Data, data, DATA.", |_| unreachable!("no suggestions"));
    let text = project.text().to_owned();
    let outcome = project
        .apply(replace_all(&text, "data", "data", true), &actor("Maren"))
        .expect("suggest");
    assert_eq!(outcome.summary, "suggested 2 replacements");
    let originals: Vec<&str> = project
        .suggestions()
        .iter()
        .map(|suggestion| suggestion.original.as_str())
        .collect();
    assert_eq!(originals, ["Data", "DATA"]);
}

#[test]
fn the_replacement_can_be_spelled_like_each_occurrence() {
    let notation = "## Personal Information\nPersonal information is kept. We share \
                    personal information. PERSONAL INFORMATION IS SAFE.";
    for suggest in [false, true] {
        let mut project = project(notation, |_| unreachable!("no suggestions"));
        let text = project.text().to_owned();
        let command = Command::ReplaceAll {
            ranges: ranges_of(&text, "personal information"),
            replace: Replacement {
                text: "personal data".into(),
                adapt_case: true,
                suggest,
            },
        };
        project.apply(command, &actor("Maren")).expect("replace");
        let spelled: Vec<String> = if suggest {
            project
                .suggestions()
                .iter()
                .map(|suggestion| match &suggestion.kind {
                    SuggestionKind::Replacement { text } => text.clone(),
                    other => panic!("a replacement, not {other:?}"),
                })
                .collect()
        } else {
            vec![project.text().to_owned()]
        };
        let expected: Vec<String> = if suggest {
            [
                "Personal Data",
                "Personal data",
                "personal data",
                "PERSONAL DATA",
            ]
            .map(String::from)
            .to_vec()
        } else {
            vec![
                "Personal Data\nPersonal data is kept. We share personal data. \
                 PERSONAL DATA IS SAFE."
                    .to_owned(),
            ]
        };
        assert_eq!(spelled, expected);
    }
}
