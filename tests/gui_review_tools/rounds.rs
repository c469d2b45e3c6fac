//! Review rounds through the desk (issue 15): File → Send for review…,
//! File → Bring back a reviewer's copy… and its report, the internal flag
//! on a thread's card, rival suggestions side by side, and the rounds in
//! the Versions window. The reviewer's copy is made as a reviewer would
//! make it, with the project's own Word writer (as `tests/cli/rounds.rs`
//! does), and the file dialogs answer from a script.

use super::desk::{self, Desk, click, type_into};
use super::reviewers_copy::reviewers_copy;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use redline::app::DialogResult;
use redline::formats::docx;
use redline::formats::docx_round::{ROUND_PROPERTY, read_properties};
use redline::model::rounds::{IncomingItem, SendOptions};
use redline::model::{Actor, Person};
use std::path::{Path, PathBuf};

const REVIEWER: &str = "Ingrid Solberg";

/// Tall enough that every card of the sample is drawn at once.
fn open_desk() -> Desk {
    desk::open_sample([1600.0, 6000.0])
}

fn as_reviewer(name: &str) -> Actor {
    Actor {
        user: Person::new(name, Person::initials_of(name)),
        now: chrono::Utc::now(),
    }
}

/// Sends the draft to `reviewer` through the dialog, in the format whose
/// menu entry is `format` (`None`: the default, Word with tracked changes),
/// saving the copy as `file_name` in the desk's folder.
fn send_through_the_dialog(
    desk: &mut Desk,
    reviewer: &str,
    format: Option<&str>,
    file_name: &str,
) -> PathBuf {
    click(desk, "File");
    click(desk, "Send for review…");
    assert!(
        desk.harness
            .state()
            .open_tools()
            .contains(&"Send for review")
    );
    type_into(desk, "Send to:", reviewer);
    if let Some(format) = format {
        click(desk, "Copy format");
        click(desk, format);
    }
    let path = desk.dir.path().join(file_name);
    desk.dialog.push(DialogResult::Picked(path.clone()));
    click(desk, "Send the copy");
    assert!(
        path.exists(),
        "the copy is written: {:?} {:?}",
        desk.harness.state().notices(),
        desk.harness.state().open_tools()
    );
    path
}

/// Brings the copy at `path` back through the dialog; its report shows.
fn bring_back_through_the_dialog(desk: &mut Desk, path: &Path) {
    desk.dialog.push(DialogResult::Picked(path.to_path_buf()));
    click(desk, "File");
    click(desk, "Bring back a reviewer's copy…");
    assert!(desk.harness.state().open_tools().contains(&"Bring back"));
    click(desk, "Bring the copy back");
    desk.harness.get_by_label("What came in");
}

#[test]
fn sending_writes_a_marked_copy_records_the_round_and_keeps_internal_threads_home() {
    let mut desk = open_desk();
    let internal = desk.harness.state().project().comments()[0].id;
    let (internal_body, internal_author) = {
        let comment = desk
            .harness
            .state()
            .project()
            .comment(internal)
            .expect("a thread");
        (comment.body.clone(), comment.author.name.clone())
    };
    click(&mut desk, &format!("Internal {internal}"));
    assert!(desk.harness.state().project().is_internal(internal));
    desk.harness
        .get_by_label("Internal: never sent to a reviewer");
    let expected = desk.harness.state().project().outgoing(&SendOptions {
        reviewer: REVIEWER.into(),
        other_reviewers: false,
    });
    assert!(!expected.comments.contains(&internal));

    click(&mut desk, "File");
    click(&mut desk, "Send for review…");
    type_into(&mut desk, "Send to:", REVIEWER);
    // The preview: what goes, counted and listed, and what stays home.
    desk.harness.get_by_label(&format!(
        "goes: {} comment threads",
        expected.comments.len()
    ));
    desk.harness.get_by_label(&format!(
        "goes: {} pending suggestions",
        expected.suggestions.len()
    ));
    desk.harness
        .get_by_label("stays home: 1 internal thread (internal threads never leave)");
    desk.harness.get_by_label(&format!(
        "The {} threads and {} suggestions that go",
        expected.comments.len(),
        expected.suggestions.len()
    ));
    assert!(
        desk.harness
            .query_all_by_label_contains(&format!("{internal} {internal_author}: "))
            .next()
            .is_none(),
        "the internal thread is not listed"
    );
    // Asking for a response report before any copy came back is refused.
    click(&mut desk, "Include a response report");
    desk.harness
        .get_by_label_contains("has come back yet, so there is nothing to answer");
    assert!(
        desk.harness
            .get_by_label("Send the copy")
            .accesskit_node()
            .is_disabled()
    );
    click(&mut desk, "Include a response report");

    let path = desk.dir.path().join("to-ingrid.review.docx");
    desk.dialog.push(DialogResult::Picked(path.clone()));
    click(&mut desk, "Send the copy");
    let bytes = std::fs::read(&path).expect("the copy is written");
    assert!(
        !desk
            .harness
            .state()
            .open_tools()
            .contains(&"Send for review"),
        "the dialog closes once the copy is sent"
    );

    let project = desk.harness.state().project();
    assert_eq!(project.rounds().len(), 1);
    let round = &project.rounds()[0];
    assert_eq!(round.reviewer.name, REVIEWER);
    let sending = round.sent.as_ref().expect("sent");
    assert_eq!(sending.format, "docx-redline");
    assert_eq!(
        project.versions().len(),
        1,
        "the version sent is snapshotted"
    );
    assert_eq!(sending.version, project.versions()[0].id);
    assert_eq!(sending.comments.len(), expected.comments.len());
    assert!(sending.comments.iter().all(|sent| sent.id != internal));
    // The file carries the round's mark, and not the internal thread.
    let properties = read_properties(&bytes, &path).expect("properties");
    assert_eq!(properties.custom(ROUND_PROPERTY), Some(round.id.as_str()));
    let copy = docx::import(&bytes, &path).expect("the copy reads");
    assert_eq!(copy.parts.comments.len(), expected.comments.len());
    assert!(
        copy.parts
            .comments
            .iter()
            .all(|comment| comment.body != internal_body)
    );
    // The notice says what was written and the round recorded.
    let notice = format!(
        "sent V1 \"v1\" to {REVIEWER} (round {}): wrote {}; save the project to keep the round",
        round.id,
        path.display()
    );
    assert!(
        desk.harness.state().notices().contains(&notice),
        "{:?}",
        desk.harness.state().notices()
    );
    // One undoable step: the round and its snapshot go together.
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    desk.harness.run();
    let project = desk.harness.state().project();
    assert!(project.rounds().is_empty());
    assert!(project.versions().is_empty());
}

#[test]
fn bringing_a_copy_back_reports_what_came_in_once_and_shows_its_cards() {
    let mut desk = open_desk();
    let sent = send_through_the_dialog(&mut desk, REVIEWER, None, "sent.docx");
    let changed = desk.dir.path().join("back from Ingrid.docx");
    reviewers_copy(&sent, &changed, &as_reviewer(REVIEWER));
    let text_before = desk.harness.state().project().text().to_string();

    desk.dialog.push(DialogResult::Picked(changed.clone()));
    click(&mut desk, "File");
    click(&mut desk, "Bring back a reviewer's copy…");
    desk.harness
        .get_by_label_contains("Marked as the copy of round r");
    click(&mut desk, "Bring the copy back");
    // The report, as `redline merge` prints it.
    let round = desk.harness.state().project().rounds()[0].id.to_string();
    desk.harness
        .get_by_label(&format!("brought back {REVIEWER}'s copy (round {round})"));
    desk.harness.get_by_label_contains("base: V1 \"v1\" — ");
    desk.harness.get_by_label(
        "came in: 1 comment, 0 replies, 1 tracked change, 1 untracked edit, 0 formatting changes, 0 verdicts, 0 orphans, 0 conflicts, 0 rivals",
    );
    desk.harness.get_by_label_contains(&format!(
        "{:<15} {REVIEWER}: Is \"household\" defined?",
        "comment"
    ));

    let project = desk.harness.state().project();
    assert_eq!(project.text(), text_before, "nothing applied to the draft");
    let comments: Vec<_> = project
        .comments()
        .iter()
        .filter(|comment| comment.author.name == REVIEWER)
        .map(|comment| comment.id)
        .collect();
    let suggestions: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author.name == REVIEWER)
        .map(|suggestion| suggestion.id)
        .collect();
    assert_eq!((comments.len(), suggestions.len()), (1, 2));
    let untracked = suggestions
        .iter()
        .find(|&&id| {
            project
                .incoming(IncomingItem::Suggestion(id))
                .is_some_and(|incoming| incoming.untracked)
        })
        .copied()
        .expect("the untracked edit");
    // Each item is a card, marked with where it came from.
    click(&mut desk, "Close the report");
    desk.harness
        .get_by_label(&format!("Resolve {}", comments[0]));
    for id in &suggestions {
        desk.harness.get_by_label(&format!("Accept {id}"));
    }
    desk.harness.get_by_label(&format!(
        "From a reviewer's copy (round {round}), typed without Track Changes"
    ));
    assert!(
        desk.harness
            .state()
            .project()
            .suggestion(untracked)
            .is_some()
    );

    // The same copy again adds nothing.
    let state = desk.harness.state().project().state_id();
    bring_back_through_the_dialog(&mut desk, &changed);
    desk.harness.get_by_label(
        "came in: 0 comments, 0 replies, 0 tracked changes, 0 untracked edits, 0 formatting changes, 0 verdicts, 0 orphans, 0 conflicts, 0 rivals",
    );
    desk.harness
        .get_by_label("already brought in before: 3 items");
    desk.harness.get_by_label("nothing changed in the project");
    assert_eq!(desk.harness.state().project().state_id(), state);
    click(&mut desk, "Close the report");

    // The next copy answers the reviewer with a response report beside it.
    click(&mut desk, "File");
    click(&mut desk, "Send for review…");
    type_into(&mut desk, "Send to:", REVIEWER);
    click(&mut desk, "Include a response report");
    desk.harness
        .get_by_label_contains("goes: a response report answering 1 comment of round ");
    let next = desk.dir.path().join("second.review.docx");
    desk.dialog.push(DialogResult::Picked(next.clone()));
    click(&mut desk, "Send the copy");
    assert!(next.exists());
    for report in [
        "second.review.responses.html",
        "second.review.responses.pdf",
        "second.review.responses.docx",
    ] {
        assert!(desk.dir.path().join(report).exists(), "{report}");
    }
    let rounds = desk.harness.state().project().rounds();
    assert_eq!(rounds.len(), 2);
    assert!(rounds[1].sent.as_ref().is_some_and(|sent| sent.responses));

    // The Versions window lists the round: sent, then returned and merged.
    click(&mut desk, "Show versions");
    desk.harness
        .get_by_label(&format!("{round}  {REVIEWER} (merged)"));
    let second_round = desk.harness.state().project().rounds()[1].id.to_string();
    desk.harness
        .get_by_label(&format!("{second_round}  {REVIEWER} (sent)"));
    // The draft did not change between the two: both sent V1.
    assert_eq!(
        desk.harness
            .query_all_by_label_contains("sent V1 \"v1\" as docx-redline on ")
            .count(),
        2
    );
    desk.harness
        .get_by_label_contains("against V1 \"v1\": 1 comment, 1 tracked change, 1 untracked edit");
}

#[test]
fn a_copy_that_names_no_reviewer_asks_for_the_name() {
    let mut desk = open_desk();
    // A Markdown copy of the draft from no round, with one change typed.
    let text = redline::formats::criticmarkup::export(desk.harness.state().project());
    let copy = desk.dir.path().join("plain.md");
    std::fs::write(
        &copy,
        text.replacen("Approximate location", "Coarse location", 1),
    )
    .expect("write");
    desk.dialog.push(DialogResult::Picked(copy));
    click(&mut desk, "File");
    click(&mut desk, "Bring back a reviewer's copy…");
    desk.harness
        .get_by_label_contains("It carries no round mark");
    click(&mut desk, "Bring the copy back");
    desk.harness.get_by_label(
        "Who reviewed this copy? It carries no round of this project and its file names no author: type the reviewer's name, then Bring back.",
    );
    assert!(
        desk.harness
            .get_by_label("Bring the copy back")
            .accesskit_node()
            .is_disabled()
    );
    assert!(desk.harness.state().project().rounds().is_empty());
    type_into(&mut desk, "Reviewed by:", REVIEWER);
    click(&mut desk, "Bring the copy back");
    desk.harness
        .get_by_label_contains(", new: the copy belongs to no round of this project)");
    let project = desk.harness.state().project();
    let theirs: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author.name == REVIEWER)
        .collect();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].original, "Approximate");
}

#[test]
fn rival_suggestions_sit_side_by_side_and_accepting_one_rejects_the_other() {
    let mut desk = open_desk();
    let markdown = Some("Markdown with CriticMarkup (criticmarkup)");
    let first = send_through_the_dialog(&mut desk, REVIEWER, markdown, "to-ingrid.review.md");
    let second = "Tomasz Wielgosz";
    let other = send_through_the_dialog(&mut desk, second, markdown, "to-tomasz.review.md");
    for (path, words) in [(&first, "Coarse location"), (&other, "Rough location")] {
        let text = std::fs::read_to_string(path).expect("sent");
        std::fs::write(path, text.replacen("Approximate location", words, 1)).expect("write");
    }
    bring_back_through_the_dialog(&mut desk, &first);
    click(&mut desk, "Close the report");
    bring_back_through_the_dialog(&mut desk, &other);
    desk.harness.get_by_label(
        "came in: 0 comments, 0 replies, 0 tracked changes, 1 untracked edit, 0 formatting changes, 0 verdicts, 0 orphans, 0 conflicts, 1 rival",
    );
    desk.harness
        .get_by_label_contains("Tomasz Wielgosz: replace");
    click(&mut desk, "Close the report");

    let (ingrid, tomasz) = {
        let project = desk.harness.state().project();
        let by = |name: &str| {
            project
                .suggestions()
                .iter()
                .find(|suggestion| {
                    suggestion.author.name == name && suggestion.original == "Approximate"
                })
                .map(|suggestion| suggestion.id)
                .expect("the reviewer's change")
        };
        (by(REVIEWER), by(second))
    };
    assert_eq!(
        desk.harness.state().project().rivals_of(ingrid),
        vec![tomasz]
    );
    // Each card shows both, side by side, with their authors.
    assert_eq!(
        desk.harness
            .query_all_by_label_contains(
                "Rivals: 2 reviewers changed “Approximate” differently; accepting one rejects the other"
            )
            .count(),
        2
    );
    assert_eq!(
        desk.harness
            .query_all_by_label(&format!("Accept this one: {tomasz}"))
            .count(),
        2,
        "on both cards"
    );
    desk.harness
        .query_all_by_label(&format!("Accept this one: {tomasz}"))
        .next()
        .expect("the button")
        .click();
    desk.harness.run();
    let project = desk.harness.state().project();
    assert!(project.text().contains("Rough location"));
    assert!(
        !project
            .suggestion(tomasz)
            .expect("kept")
            .status
            .is_pending(),
        "accepted"
    );
    assert_eq!(
        project.suggestion(ingrid).expect("kept").status.name(),
        "rejected",
        "its rival is rejected"
    );
}

#[test]
fn a_copy_that_cannot_be_written_records_no_round() {
    let mut desk = open_desk();
    click(&mut desk, "File");
    click(&mut desk, "Send for review…");
    type_into(&mut desk, "Send to:", REVIEWER);
    let nowhere = desk.dir.path().join("no such folder").join("copy.docx");
    type_into(
        &mut desk,
        "Save the copy to:",
        &nowhere.display().to_string(),
    );
    click(&mut desk, "Send the copy");
    let project = desk.harness.state().project();
    assert!(
        project.rounds().is_empty(),
        "no round for a copy not written"
    );
    assert!(project.versions().is_empty(), "nor its snapshot");
    assert!(!desk.harness.state().is_dirty());
    let notices = desk.harness.state().notices();
    assert!(
        notices
            .iter()
            .any(|notice| notice.starts_with("nothing sent: ")
                && notice.contains(&nowhere.display().to_string())),
        "{notices:?}"
    );
}
