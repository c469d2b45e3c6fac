//! Review semantics: accept, reject, conflicts, orphans, undo.

use super::support::{actor, project};
use redline::model::{
    ByteOffset, Command, CommentId, ModelError, SuggestionId, SuggestionKind, SuggestionStatus,
};

fn replacement(text: &str) -> SuggestionKind {
    SuggestionKind::Replacement { text: text.into() }
}

#[test]
fn accepting_a_replacement_changes_the_text_and_keeps_the_comment_on_it() {
    let mut project = project(
        "We share [[personal information]{s1}]{c2} with partners.",
        |_| (replacement("personal data"), "Tomasz Wielgosz"),
    );
    let me = actor("Maren Oyelaran-Fisk");
    project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    assert_eq!(project.text(), "We share personal data with partners.");
    let comment = project.comment(CommentId(2)).expect("comment kept");
    assert_eq!(&project.text()[comment.span.range()], "personal data");
    assert!(!comment.orphaned);
    let accepted = project
        .suggestion(SuggestionId(1))
        .expect("kept for the audit trail");
    assert!(
        matches!(&accepted.status, SuggestionStatus::Accepted { by, .. } if by == "Maren Oyelaran-Fisk")
    );
    assert_eq!(&project.text()[accepted.span.range()], "personal data");
    assert!(
        project
            .log()
            .iter()
            .any(|entry| entry.event.starts_with("accepted S1 (replacement"))
    );
}

#[test]
fn rejecting_changes_only_the_status() {
    let mut project = project("We [sell]{s1} data.", |_| {
        (replacement("never sell"), "Tomasz Wielgosz")
    });
    project
        .apply(
            Command::Reject {
                id: SuggestionId(1),
            },
            &actor("Maren"),
        )
        .expect("reject");
    assert_eq!(project.text(), "We sell data.");
    assert_eq!(
        project
            .suggestion(SuggestionId(1))
            .expect("kept")
            .status
            .name(),
        "rejected"
    );
}

#[test]
fn accepting_over_another_pending_suggestion_marks_it_conflicting() {
    let mut project = project("We [keep [data]{s2} forever]{s1}.", |name| match name {
        "s1" => (
            replacement("keep data for 24 months"),
            "Priya Ananthanarayan",
        ),
        _ => (replacement("records"), "Tomasz Wielgosz"),
    });
    let me = actor("Maren");
    let outcome = project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    assert_eq!(outcome.conflicted, vec![SuggestionId(2)]);
    let other = project.suggestion(SuggestionId(2)).expect("still there");
    assert_eq!(other.conflict, Some(SuggestionId(1)));
    assert!(other.status.is_pending(), "still visible and pending");
    assert_eq!(other.original, "data", "never rewritten");
    let error = project
        .apply(
            Command::Accept {
                id: SuggestionId(2),
                alternative: None,
            },
            &me,
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "suggestion S2 conflicts with the accepted suggestion S1: its text changed; reject it instead"
    );
    project
        .apply(
            Command::Reject {
                id: SuggestionId(2),
            },
            &me,
        )
        .expect("still rejectable");
}

#[test]
fn deleting_all_of_a_comments_text_orphans_it_and_undo_restores_it() {
    let mut project = project("Keep this. [Remove me.]{c1} Keep that.", |_| unreachable!());
    let me = actor("Maren");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(10)..ByteOffset(21),
                text: String::new(),
            },
            &me,
        )
        .expect("edit");
    assert_eq!(project.text(), "Keep this. Keep that.");
    let comment = project.comment(CommentId(1)).expect("never dropped");
    assert!(comment.orphaned);
    assert_eq!(comment.quote, "Remove me.");
    project.undo(&me).expect("undo");
    let comment = project.comment(CommentId(1)).expect("still there");
    assert!(!comment.orphaned);
    assert_eq!(&project.text()[comment.span.range()], "Remove me.");
}

#[test]
fn alternatives_need_a_choice() {
    let mut project = project(
        "[We do not link data. -OR- We may combine data.]{s1}",
        |_| {
            (
                SuggestionKind::Alternatives {
                    candidates: vec!["We do not link data.".into(), "We may combine data.".into()],
                },
                "Priya Ananthanarayan",
            )
        },
    );
    let me = actor("Maren");
    let error = project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "suggestion S1 offers 2 alternatives: choose one (1 to 2)"
    );
    let error = project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: Some(5),
            },
            &me,
        )
        .unwrap_err();
    assert_eq!(
        error,
        ModelError::NoSuchAlternative {
            id: SuggestionId(1),
            number: 6,
            count: 2
        }
    );
    project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: Some(1),
            },
            &me,
        )
        .expect("accept");
    assert_eq!(project.text(), "We may combine data.");
}

#[test]
fn accept_all_by_one_reviewer_touches_only_their_changes() {
    let mut project = project(
        "[One]{s1} [two]{s2} [three]{s3} [four]{s4}",
        |name| match name {
            "s1" | "s3" => (replacement("X"), "Priya Ananthanarayan"),
            _ => (replacement("Y"), "Tomasz Wielgosz"),
        },
    );
    let me = actor("Maren");
    assert_eq!(
        project.bulk_targets(Some("Tomasz Wielgosz"), true),
        vec![SuggestionId(2), SuggestionId(4)]
    );
    let outcome = project
        .apply(
            Command::AcceptAll {
                author: Some("Tomasz Wielgosz".into()),
            },
            &me,
        )
        .expect("accept all");
    assert_eq!(outcome.accepted, vec![SuggestionId(2), SuggestionId(4)]);
    assert_eq!(project.text(), "One Y three Y");
    assert!(
        project
            .suggestion(SuggestionId(1))
            .expect("s1")
            .status
            .is_pending()
    );
    project.undo(&me).expect("undo");
    assert_eq!(project.text(), "One two three four");
    assert!(
        project
            .suggestions()
            .iter()
            .all(|suggestion| suggestion.status.is_pending())
    );
    project.redo(&me).expect("redo");
    assert_eq!(project.text(), "One Y three Y");
}

#[test]
fn moves_are_accepted_and_rejected_together() {
    let mut project = project("[Moved. ]{s1}Stay.[]{s2}", |name| match name {
        "s1" => (SuggestionKind::Deletion, "Priya Ananthanarayan"),
        _ => (
            SuggestionKind::Insertion {
                text: " Moved.".into(),
            },
            "Priya Ananthanarayan",
        ),
    });
    let mut parts = project.to_parts();
    parts.suggestions[0].move_partner = Some(SuggestionId(2));
    parts.suggestions[1].move_partner = Some(SuggestionId(1));
    project = redline::model::Project::from_parts(parts).expect("valid");
    project
        .apply(
            Command::Accept {
                id: SuggestionId(2),
                alternative: None,
            },
            &actor("M"),
        )
        .expect("accept");
    assert_eq!(project.text(), "Stay. Moved.");
    assert!(
        project
            .suggestions()
            .iter()
            .all(|suggestion| suggestion.status.name() == "accepted")
    );
}

#[test]
fn comment_threads_can_be_replied_resolved_edited_and_deleted_by_their_author() {
    let mut project = project("We [collect]{c1} data.", |_| unreachable!());
    let author = actor("Priya Ananthanarayan");
    let other = actor("Maren Oyelaran-Fisk");
    project
        .apply(
            Command::Reply {
                comment: CommentId(1),
                body: "Done.".into(),
            },
            &other,
        )
        .expect("reply");
    project
        .apply(
            Command::SetResolved {
                comment: CommentId(1),
                resolved: true,
            },
            &other,
        )
        .expect("resolve");
    let error = project
        .apply(
            Command::EditComment {
                comment: CommentId(1),
                body: "x".into(),
            },
            &other,
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "comment C1 was written by Priya Ananthanarayan; only they can change it"
    );
    project
        .apply(
            Command::EditComment {
                comment: CommentId(1),
                body: "Please be specific.".into(),
            },
            &author,
        )
        .expect("own comment");
    project
        .apply(
            Command::DeleteComment {
                comment: CommentId(1),
            },
            &author,
        )
        .expect("delete");
    assert!(project.comments().is_empty());
    project.undo(&author).expect("undo delete");
    let restored = project.comment(CommentId(1)).expect("restored");
    assert_eq!(restored.body, "Please be specific.");
    assert!(restored.resolved);
    assert_eq!(restored.replies.len(), 1);
}

#[test]
fn suggest_mode_typing_joins_one_insertion() {
    let mut project = project("We collect data.", |_| unreachable!());
    let me = actor("Maren Oyelaran-Fisk");
    for (offset, character) in [(3, "a"), (3, "l"), (3, "l")] {
        project
            .apply(
                Command::Suggest {
                    range: ByteOffset(offset)..ByteOffset(offset),
                    text: character.into(),
                },
                &me,
            )
            .expect("suggest");
    }
    assert_eq!(project.suggestions().len(), 1);
    assert_eq!(
        project.suggestions()[0].kind,
        SuggestionKind::Insertion { text: "all".into() }
    );
    assert_eq!(
        project.text(),
        "We collect data.",
        "suggesting never changes the text"
    );
}

#[test]
fn a_failed_command_changes_nothing() {
    let mut project = project("We [sell]{s1} data.", |_| (replacement("never sell"), "T"));
    let before = project.to_parts();
    let state = project.state_id();
    assert!(
        project
            .apply(
                Command::Accept {
                    id: SuggestionId(9),
                    alternative: None
                },
                &actor("M")
            )
            .is_err()
    );
    assert!(
        project
            .apply(
                Command::Accept {
                    id: SuggestionId(1),
                    alternative: Some(0)
                },
                &actor("M")
            )
            .is_err()
    );
    assert_eq!(project.to_parts(), before);
    assert_eq!(project.state_id(), state);
}

#[test]
fn undo_back_to_the_saved_state_gives_its_state_id_again() {
    let mut project = project("We sell data.", |_| unreachable!());
    let me = actor("M");
    let saved = project.state_id();
    project
        .apply(
            Command::Edit {
                range: ByteOffset(3)..ByteOffset(7),
                text: "share".into(),
            },
            &me,
        )
        .expect("edit");
    assert_ne!(project.state_id(), saved);
    project.undo(&me).expect("undo");
    assert_eq!(project.state_id(), saved);
}

#[test]
fn an_edit_inside_a_pending_suggestion_stops_it_making_a_change_it_does_not_show() {
    let mut project = project("We [sell data]{s1} now.", |_| {
        (SuggestionKind::Deletion, "Tomasz Wielgosz")
    });
    let me = actor("Maren");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(8)..ByteOffset(8),
                text: "your ".into(),
            },
            &me,
        )
        .expect("edit inside the suggestion");
    let message = "suggestion S1 was made on \"sell data\" but the text there now reads \"sell your data\": reject it, or suggest the change again";
    assert_eq!(project.warnings(), vec![message.to_string()]);
    let error = project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect_err("its card shows \"sell data\"; accepting would delete more");
    assert_eq!(error.to_string(), message);
    let mut accepting_all = project.clone();
    let outcome = accepting_all
        .apply(Command::AcceptAll { author: None }, &me)
        .expect("accept all");
    assert_eq!(outcome.skipped, vec![SuggestionId(1)]);
    assert_eq!(accepting_all.text(), "We sell your data now.");
    // Undoing the edit makes it acceptable again.
    project.undo(&me).expect("undo the edit");
    assert!(project.warnings().is_empty());
    project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    assert_eq!(project.text(), "We  now.");
}
