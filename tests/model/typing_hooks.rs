//! What the document editor needs from the model to record exactly what
//! was typed: typing over a selection in Suggest mode goes on with one
//! replacement, Backspace in one's own suggested text revises it, and the
//! editor decides where an undo group starts.

use super::support::{actor, project};
use redline::model::{ByteOffset, Command, ModelError, SuggestionKind, UndoGroup};

fn suggest(at: std::ops::Range<usize>, text: &str) -> Command {
    Command::Suggest {
        range: ByteOffset(at.start)..ByteOffset(at.end),
        text: text.into(),
    }
}

#[test]
fn typing_over_a_selection_letter_by_letter_is_one_replacement() {
    let mut project = project("Please contact us.", |_| unreachable!());
    let me = actor("Maren Oyelaran-Fisk");
    let start = project.text().find("contact").expect("word");
    let end = start + "contact".len();
    project
        .apply(suggest(start..end, "c"), &me)
        .expect("first letter");
    for letter in "ontacting".chars() {
        project
            .apply(suggest(end..end, &letter.to_string()), &me)
            .expect("next letter");
    }
    assert_eq!(
        project.suggestions().len(),
        1,
        "{:?}",
        project.suggestions()
    );
    let suggestion = &project.suggestions()[0];
    assert_eq!(suggestion.original, "contact");
    assert_eq!(
        suggestion.kind,
        SuggestionKind::Replacement {
            text: "contacting".into()
        }
    );
    assert_eq!(
        project.text(),
        "Please contact us.",
        "suggesting leaves the text"
    );
}

#[test]
fn someone_elses_replacement_is_not_extended() {
    let mut project = project("Please contact us.", |_| unreachable!());
    let start = project.text().find("contact").expect("word");
    let end = start + "contact".len();
    project
        .apply(
            suggest(start..end, "write to"),
            &actor("Priya Ananthanarayan"),
        )
        .expect("theirs");
    project
        .apply(suggest(end..end, "!"), &actor("Maren Oyelaran-Fisk"))
        .expect("mine");
    assert_eq!(project.suggestions().len(), 2);
}

#[test]
fn revising_ones_own_insertion_shortens_then_withdraws_it_and_undo_brings_it_back() {
    let mut project = project("We sell data.", |_| unreachable!());
    let me = actor("Maren Oyelaran-Fisk");
    let at = "We ".len();
    let outcome = project
        .apply(suggest(at..at, "never "), &me)
        .expect("insert");
    let id = outcome.created_suggestion.expect("created");
    project
        .apply(
            Command::ReviseSuggestion {
                id,
                text: "neve".into(),
            },
            &me,
        )
        .expect("shorten");
    assert_eq!(
        project.suggestion(id).expect("kept").kind,
        SuggestionKind::Insertion {
            text: "neve".into()
        }
    );
    project
        .apply(
            Command::ReviseSuggestion {
                id,
                text: String::new(),
            },
            &me,
        )
        .expect("withdraw");
    assert!(
        project.suggestion(id).is_none(),
        "an empty insertion is withdrawn"
    );
    project.undo(&me).expect("undo");
    assert!(project.suggestion(id).is_some());
    let error = project
        .apply(
            Command::ReviseSuggestion {
                id,
                text: "x".into(),
            },
            &actor("Tomasz Wielgosz"),
        )
        .expect_err("not theirs");
    assert_eq!(
        error.to_string(),
        "suggestion S1 was written by Maren Oyelaran-Fisk; only they can change it"
    );
}

#[test]
fn a_replacement_revised_to_nothing_becomes_a_deletion() {
    let mut project = project("Please contact us.", |_| unreachable!());
    let me = actor("Maren Oyelaran-Fisk");
    let start = project.text().find("contact").expect("word");
    let id = project
        .apply(suggest(start..start + 7, "c"), &me)
        .expect("replace")
        .created_suggestion
        .expect("id");
    project
        .apply(
            Command::ReviseSuggestion {
                id,
                text: String::new(),
            },
            &me,
        )
        .expect("revise");
    assert_eq!(
        project.suggestion(id).expect("kept").kind,
        SuggestionKind::Deletion
    );
    let deletion_id = id;
    assert_eq!(
        project.apply(
            Command::ReviseSuggestion {
                id: deletion_id,
                text: "x".into()
            },
            &me
        ),
        Err(ModelError::NotRevisable(deletion_id))
    );
}

#[test]
fn the_editor_decides_where_an_undo_group_starts() {
    let mut project = project("Hello", |_| unreachable!());
    let me = actor("Maren Oyelaran-Fisk");
    let mut end = project.text().len();
    for (text, group) in [
        (" big", UndoGroup::Start),
        (" wide", UndoGroup::Start),
        ("r", UndoGroup::Continue),
    ] {
        project
            .apply_in_group(
                Command::Edit {
                    range: ByteOffset(end)..ByteOffset(end),
                    text: text.into(),
                },
                &me,
                group,
            )
            .expect("type");
        end += text.len();
    }
    assert_eq!(project.text(), "Hello big wider");
    project.undo(&me).expect("undo");
    assert_eq!(project.text(), "Hello big", "one undo takes the whole word");
    project.undo(&me).expect("undo");
    assert_eq!(project.text(), "Hello");
    // Suggested letters join one entry when the editor says they continue.
    let me_suggest = |project: &mut redline::model::Project, at: usize, text: &str, group| {
        project
            .apply_in_group(suggest(at..at, text), &me, group)
            .expect("suggest");
    };
    me_suggest(&mut project, 5, "!", UndoGroup::Start);
    me_suggest(&mut project, 5, "!", UndoGroup::Continue);
    assert_eq!(
        project.suggestions()[0].kind,
        SuggestionKind::Insertion { text: "!!".into() }
    );
    project.undo(&me).expect("undo");
    assert!(project.suggestions().is_empty());
}
