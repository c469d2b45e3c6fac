//! A footnote suggested in Suggest mode (issue 13): accepting it gives
//! exactly what Edit mode's footnote insertion gives, rejecting it restores
//! everything, and the two halves come and go as one footnote.

use super::support::actor;
use redline::app::Mode;
use redline::app::editor::actions::{EditContext, EditRequest, Plan, plan};
use redline::app::editor::caret::Selection;
use redline::model::blocks::{Block, BlockStyle, NOTE_REFERENCE, NoteId, NoteKind, NoteRef};
use redline::model::content::Content;
use redline::model::marks::{MarkSpan, Marks, Styles};
use redline::model::{
    ByteOffset, Command, Document, ModelError, NotePart, Project, SuggestionId, SuggestionStatus,
};

/// A policy whose last paragraph is a heading, with a footnote already.
fn policy() -> Project {
    let text = "We share data.\u{FFFC}\nWith partners.\nOld note.\nContact";
    let old_reference = text.find(NOTE_REFERENCE).expect("reference");
    let blocks = vec![
        Block::default(),
        Block::default(),
        Block {
            note: Some(NoteRef {
                id: NoteId(1),
                kind: NoteKind::Footnote,
            }),
            ..Block::default()
        },
        Block::heading(2),
    ];
    let spans = vec![
        MarkSpan {
            range: old_reference..old_reference + NOTE_REFERENCE.len_utf8(),
            marks: Marks {
                note: Some(NoteId(1)),
                ..Marks::default()
            },
        },
        MarkSpan {
            range: 3..8,
            marks: Marks::styled(Styles::BOLD),
        },
    ];
    Project::new(Document {
        title: "Policy".into(),
        content: Content::new(text.to_string(), blocks, spans).expect("content"),
        ..Document::default()
    })
}

/// The command the editor plans for Ctrl+Alt+F with the caret at `caret`.
fn footnote_command(project: &Project, caret: usize, mode: Mode) -> Command {
    let user = actor("Casey Counsel").user;
    let planned = plan(
        &EditRequest::InsertFootnote,
        &EditContext {
            project,
            selection: Selection::caret(caret),
            mode,
            user: &user,
            typing_styles: None,
        },
    );
    match planned {
        Plan::Apply(planned) => planned.command,
        other => panic!("a footnote is planned, not {other:?}"),
    }
}

/// The content Edit mode's footnote insertions at `carets` (in turn) give.
fn edited(carets: &[usize]) -> Content {
    let mut project = policy();
    let counsel = actor("Casey Counsel");
    for &caret in carets {
        let command = footnote_command(&project, caret, Mode::Edit);
        project
            .apply(command, &counsel)
            .expect("edit-mode footnote");
    }
    project.content().clone()
}

/// The project after suggesting footnotes at `carets` (in turn), with the
/// reference suggestions' ids.
fn suggested(carets: &[usize]) -> (Project, Vec<SuggestionId>) {
    let mut project = policy();
    let counsel = actor("Casey Counsel");
    let mut references = Vec::new();
    for &caret in carets {
        let command = footnote_command(&project, caret, Mode::Suggest);
        assert_eq!(
            command,
            Command::SuggestFootnote {
                at: ByteOffset(caret)
            }
        );
        let outcome = project
            .apply(command, &counsel)
            .expect("suggested footnote");
        references.push(outcome.created_suggestion.expect("reference suggestion"));
    }
    (project, references)
}

fn caret_after(project: &Project, words: &str) -> usize {
    project.text().find(words).expect("words") + words.len()
}

#[test]
fn a_suggested_footnote_is_two_linked_insertions_and_leaves_the_text_alone() {
    let original = policy();
    let caret = caret_after(&original, "With partners");
    let (project, references) = suggested(&[caret]);
    assert_eq!(project.content(), original.content(), "nothing changes yet");
    let reference = project.suggestion(references[0]).expect("reference");
    let note = reference.note.expect("a footnote half");
    assert_eq!(note.part, NotePart::Reference);
    assert_eq!(note.note.id, NoteId(2), "above the note already there");
    assert_eq!(reference.span.start, ByteOffset(caret));
    let paragraph = project.suggestion(note.partner).expect("paragraph half");
    assert_eq!(
        paragraph.note.map(|note| note.part),
        Some(NotePart::Paragraph)
    );
    assert_eq!(paragraph.note.map(|note| note.partner), Some(references[0]));
    assert_eq!(paragraph.span.start, ByteOffset(original.text().len()));
    assert_eq!(project.undo_label(), Some("suggest a footnote"));
    assert!(
        project.log().iter().any(|entry| entry.event
            == format!(
                "suggested footnote 2 ({} its reference, {} its paragraph)",
                references[0], note.partner
            )),
        "the review log records it"
    );
}

#[test]
fn accepting_gives_exactly_what_edit_mode_gives() {
    let original = policy();
    let middle = caret_after(&original, "With partners");
    let end = original.text().len();
    for caret in [middle, 0, end] {
        let (mut project, references) = suggested(&[caret]);
        project
            .apply(
                Command::Accept {
                    id: references[0],
                    alternative: None,
                },
                &actor("Dana Lead"),
            )
            .expect("accept the reference");
        assert_eq!(project.content(), &edited(&[caret]), "caret at {caret}");
        assert!(
            project
                .suggestions()
                .iter()
                .all(|suggestion| matches!(suggestion.status, SuggestionStatus::Accepted { .. })),
            "both halves accepted together"
        );
        let last = project.content().blocks.last().expect("blocks");
        assert_eq!(last.note.map(|note| note.id), Some(NoteId(2)));
        assert_eq!(
            project.content().blocks[project.content().blocks.len() - 2].style,
            BlockStyle::Heading(2),
            "the paragraph the note follows keeps its block"
        );
    }
}

#[test]
fn accepting_the_note_paragraph_or_all_accepts_the_footnote_with_its_words() {
    let original = policy();
    let caret = caret_after(&original, "We share");
    let (mut project, references) = suggested(&[caret]);
    let paragraph = project
        .suggestion(references[0])
        .expect("reference")
        .note
        .expect("note")
        .partner;
    // Typing on after the suggestion writes the note's words.
    let end = ByteOffset(project.text().len());
    let counsel = actor("Casey Counsel");
    project
        .apply(
            Command::Suggest {
                range: end..end,
                text: "As defined below.".into(),
            },
            &counsel,
        )
        .expect("note words");
    assert_eq!(
        project.suggestions().len(),
        2,
        "the words join the note paragraph"
    );
    let mut by_paragraph = project.clone();
    by_paragraph
        .apply(
            Command::Accept {
                id: paragraph,
                alternative: None,
            },
            &counsel,
        )
        .expect("accept the paragraph half");
    project
        .apply(Command::AcceptAll { author: None }, &counsel)
        .expect("accept all");
    assert_eq!(project.content(), by_paragraph.content());
    let mut expected = edited(&[caret]);
    expected.text.push_str("As defined below.");
    assert_eq!(project.content().text, expected.text);
    assert_eq!(project.content().blocks, expected.blocks);
    assert_eq!(project.content().marks, expected.marks);
}

#[test]
fn two_suggested_footnotes_accepted_together_are_two_notes() {
    let original = policy();
    let first = caret_after(&original, "We share data.");
    let second = caret_after(&original, "With partners");
    let (mut project, references) = suggested(&[first, second]);
    let notes: Vec<NoteId> = references
        .iter()
        .map(|id| {
            project
                .suggestion(*id)
                .and_then(|s| s.note)
                .expect("note")
                .note
                .id
        })
        .collect();
    assert_eq!(notes, vec![NoteId(2), NoteId(3)], "never the same note");
    project
        .apply(Command::AcceptAll { author: None }, &actor("Dana Lead"))
        .expect("accept all");
    // Edit mode, second caret shifted by the first reference.
    let expected = edited(&[first, second + NOTE_REFERENCE.len_utf8()]);
    assert_eq!(project.content(), &expected);
}

#[test]
fn rejecting_either_half_restores_everything_and_undo_is_exact() {
    let original = policy();
    let caret = caret_after(&original, "With partners");
    let (before_reject, references) = suggested(&[caret]);
    let paragraph = before_reject
        .suggestion(references[0])
        .and_then(|s| s.note)
        .expect("note")
        .partner;
    for id in [references[0], paragraph] {
        let mut project = before_reject.clone();
        let outcome = project
            .apply(Command::Reject { id }, &actor("Dana Lead"))
            .expect("reject");
        assert_eq!(outcome.rejected.len(), 2, "both halves");
        assert_eq!(project.content(), original.content());
        // Undo puts both back pending; redo rejects both again.
        project.undo(&actor("Dana Lead")).expect("undo");
        assert_eq!(project.suggestions(), before_reject.suggestions());
        project.redo(&actor("Dana Lead")).expect("redo");
        assert!(
            project
                .suggestions()
                .iter()
                .all(|s| matches!(s.status, SuggestionStatus::Rejected { .. }))
        );
    }
    // Undoing the suggestion itself leaves no trace but the log.
    let mut project = before_reject.clone();
    project.undo(&actor("Casey Counsel")).expect("undo");
    assert!(project.suggestions().is_empty());
    assert_eq!(project.content(), original.content());
    project.redo(&actor("Casey Counsel")).expect("redo");
    assert_eq!(project.suggestions(), before_reject.suggestions());
}

#[test]
fn accepting_then_undoing_restores_the_content_and_the_suggestions() {
    let original = policy();
    let caret = caret_after(&original, "With partners");
    let (mut project, references) = suggested(&[caret]);
    let before = project.clone();
    project
        .apply(
            Command::Accept {
                id: references[0],
                alternative: None,
            },
            &actor("Dana Lead"),
        )
        .expect("accept");
    project.undo(&actor("Dana Lead")).expect("undo");
    assert_eq!(project.content(), before.content());
    assert_eq!(project.suggestions(), before.suggestions());
}

#[test]
fn backspace_over_ones_own_reference_withdraws_the_whole_footnote() {
    let original = policy();
    let caret = caret_after(&original, "With partners");
    let (mut project, references) = suggested(&[caret]);
    let counsel = actor("Casey Counsel");
    project
        .apply(
            Command::ReviseSuggestion {
                id: references[0],
                text: String::new(),
            },
            &counsel,
        )
        .expect("withdraw");
    assert!(project.suggestions().is_empty(), "both halves withdrawn");
    assert_eq!(project.content(), original.content());
    // Typing right after a reference never joins it.
    let (mut project, _) = suggested(&[caret]);
    let at = ByteOffset(caret);
    project
        .apply(
            Command::Suggest {
                range: at..at,
                text: "x".into(),
            },
            &counsel,
        )
        .expect("typing");
    assert_eq!(project.suggestions().len(), 3, "an insertion of its own");
}

#[test]
fn a_footnote_suggested_out_of_bounds_changes_nothing() {
    let (mut project, _) = suggested(&[3]);
    let before = project.clone();
    let (revision, state) = (project.revision(), project.state_id());
    let past = ByteOffset(project.text().len() + 1);
    let error = project
        .apply(
            Command::SuggestFootnote { at: past },
            &actor("Casey Counsel"),
        )
        .expect_err("out of bounds");
    assert!(matches!(error, ModelError::OutOfBounds { .. }));
    assert_eq!(project.revision(), revision);
    assert_eq!(project.state_id(), state);
    assert_eq!(project.suggestions(), before.suggestions());
    assert_eq!(project.log(), before.log());
}
