//! The review desk driven through its accessible labels with egui_kittest:
//! the real `eframe::App`, headless, with an injected project, user, file
//! dialog and recovery directory.

mod gui {
    pub mod files;
}

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redline::app::{DialogResult, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::sample::sample_project;
use redline::model::{CommentId, Person, Span, SuggestionId, SuggestionKind, SuggestionStatus};

#[path = "gui/editor.rs"]
mod editor;
#[path = "gui/habits.rs"]
mod habits;
#[path = "gui/suggest_properties.rs"]
mod suggest_properties;

struct Desk {
    harness: Harness<'static, RedlineApp>,
    dialog: ScriptedDialog,
    dir: tempfile::TempDir,
}

fn me() -> Person {
    Person::new("Casey Counsel", "CC")
}

fn open_sample() -> Desk {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialog = ScriptedDialog::new();
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: Some(me()),
        dialog: Box::new(dialog.clone()),
        recovery_dir: Some(dir.path().join("recovery")),
        preferences: Some(Preferences::default()),
        ..Setup::default()
    };
    // Tall enough that every card of the sample is on screen at once.
    // The layout settles over a few frames as measured heights replace
    // estimates.
    let harness = Harness::builder()
        .with_size([1600.0, 6000.0])
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    Desk {
        harness,
        dialog,
        dir,
    }
}

fn status_of(desk: &Desk, id: u64) -> SuggestionStatus {
    desk.harness
        .state()
        .project()
        .suggestion(SuggestionId(id))
        .expect("suggestion")
        .status
        .clone()
}

fn click(desk: &mut Desk, label: &str) {
    desk.harness.get_by_label(label).click();
    desk.harness.run();
}

/// Selects `phrase` in the document, comments `body` on it as the user, and
/// returns the new comment's id.
fn comment_as_me(desk: &mut Desk, phrase: &str, body: &str) -> CommentId {
    let span = {
        let text = desk.harness.state().project().text();
        let start = text.find(phrase).expect("phrase");
        Span::new(start, start + phrase.len())
    };
    desk.harness.state_mut().select_text(span);
    desk.harness.run();
    click(desk, "New comment");
    type_into(&mut desk.harness, "New comment text", body);
    click(desk, "Add comment");
    desk.harness
        .state()
        .project()
        .comments()
        .iter()
        .find(|comment| comment.author == me())
        .expect("mine")
        .id
}

/// Focuses the text field called `label`, then types into it.
fn type_into(harness: &mut Harness<'static, RedlineApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

#[test]
fn opens_the_sample_with_a_card_per_item() {
    let desk = open_sample();
    let project = desk.harness.state().project();
    assert!(project.document().title.contains("Kestrelmoor"));
    assert!(!desk.harness.state().is_dirty());
    desk.harness.get_by_label("Accept S1");
    desk.harness.get_by_label("Reject S14");
    desk.harness.get_by_label("Resolve C15");
    desk.harness.get_by_label_contains("open comments");
    desk.harness.get_by_label("Go to Data Retention");
}

#[test]
fn accepting_one_and_rejecting_another_changes_the_model() {
    let mut desk = open_sample();
    let deleted = {
        let project = desk.harness.state().project();
        let suggestion = project.suggestion(SuggestionId(1)).expect("S1");
        project.text()[suggestion.span.range()].to_string()
    };
    click(&mut desk, "Accept S1");
    click(&mut desk, "Reject S2");
    assert!(
        matches!(status_of(&desk, 1), SuggestionStatus::Accepted { by, .. } if by == "Casey Counsel")
    );
    assert!(matches!(
        status_of(&desk, 2),
        SuggestionStatus::Rejected { .. }
    ));
    assert!(!desk.harness.state().project().text().contains(&deleted));
    assert!(desk.harness.state().is_dirty());
    // Decided cards leave the default (open) view.
    assert!(desk.harness.query_by_label("Accept S1").is_none());
}

#[test]
fn picking_an_alternative_puts_it_in_the_text() {
    let mut desk = open_sample();
    click(&mut desk, "Accept alternative 2 of S11");
    match status_of(&desk, 11) {
        SuggestionStatus::Accepted { alternative, .. } => assert_eq!(alternative, Some(1)),
        other => panic!("S11 is {other:?}"),
    }
    assert!(
        desk.harness
            .state()
            .project()
            .text()
            .contains("We may combine information collected through cookies")
    );
}

#[test]
fn commenting_on_a_selection_then_replying_and_resolving() {
    let mut desk = open_sample();
    let (span, quote) = {
        let text = desk.harness.state().project().text();
        let start = text.find("household budgeting").expect("phrase");
        let span = Span::new(start, start + "household budgeting".len());
        (span, text[span.range()].to_string())
    };
    desk.harness.state_mut().select_text(span);
    desk.harness.run();
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    desk.harness.run();
    type_into(
        &mut desk.harness,
        "New comment text",
        "Please say which plans include meal planning.",
    );
    click(&mut desk, "Add comment");

    let comment = {
        let project = desk.harness.state().project();
        let comment = project
            .comments()
            .iter()
            .find(|comment| comment.author == me())
            .expect("a new comment by me")
            .clone();
        assert_eq!(comment.quote, quote);
        assert_eq!(comment.span, span);
        comment
    };
    let id = comment.id;
    type_into(&mut desk.harness, &format!("Reply to {id}"), "Noted.");
    click(&mut desk, &format!("Send reply to {id}"));
    click(&mut desk, &format!("Resolve {id}"));
    let project = desk.harness.state().project();
    let comment = project.comment(id).expect("comment");
    assert_eq!(comment.replies.len(), 1);
    assert_eq!(comment.replies[0].body, "Noted.");
    assert!(comment.resolved);
}

#[test]
fn selecting_with_the_keyboard_then_commenting() {
    let mut desk = open_sample();
    editor::click_text(&mut desk.harness, "Kestrelmoor Software, Inc.", 3);
    desk.harness.key_press(Key::Home);
    for _ in 0..11 {
        desk.harness
            .key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    desk.harness.run();
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    desk.harness.run();
    type_into(
        &mut desk.harness,
        "New comment text",
        "Define the company once.",
    );
    click(&mut desk, "Add comment");
    let project = desk.harness.state().project();
    let comment = project
        .comments()
        .iter()
        .find(|comment| comment.author == me())
        .expect("new comment");
    assert_eq!(comment.quote, "Kestrelmoor");
}

#[test]
fn typing_in_suggest_mode_makes_a_suggestion_card_by_me() {
    let mut desk = open_sample();
    let text_before = desk.harness.state().project().text().to_string();
    click(&mut desk, "Suggest mode");
    editor::click_text(&mut desk.harness, "provides Hearthbook", "provides ".len());
    editor::type_keys(&mut desk.harness, "Hello", 5);
    editor::type_keys(&mut desk.harness, " there", 1);
    let project = desk.harness.state().project();
    assert_eq!(
        project.text(),
        text_before,
        "suggesting leaves the text alone"
    );
    let mine: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author == me())
        .collect();
    assert_eq!(mine.len(), 1, "consecutive typing joins one suggestion");
    assert_eq!(
        mine[0].kind,
        SuggestionKind::Insertion {
            text: "Hello there".to_string()
        }
    );
    let id = mine[0].id;
    desk.harness.get_by_label(&format!("Accept {id}"));
    desk.harness.get_by_label(&format!("Suggestion card {id}"));
}

#[test]
fn typing_in_edit_mode_changes_the_text_and_undo_restores_it() {
    let mut desk = open_sample();
    let text_before = desk.harness.state().project().text().to_string();
    click(&mut desk, "Edit mode");
    editor::click_text(&mut desk.harness, "Effective Date: March", 3);
    desk.harness.key_press(Key::Home);
    editor::type_keys(&mut desk.harness, "Draft. ", 2);
    let text = desk.harness.state().project().text().to_string();
    assert!(text.contains("\nDraft. Effective Date"), "{}", &text[..80]);
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    desk.harness.run();
    assert_eq!(desk.harness.state().project().text(), text_before);
}

#[test]
fn undo_restores_the_previous_state() {
    let mut desk = open_sample();
    let text_before = desk.harness.state().project().text().to_string();
    click(&mut desk, "Accept S5");
    assert_ne!(desk.harness.state().project().text(), text_before);
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    desk.harness.run();
    assert_eq!(desk.harness.state().project().text(), text_before);
    assert!(status_of(&desk, 5).is_pending());
    assert!(!desk.harness.state().is_dirty());
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    desk.harness.run();
    assert!(!status_of(&desk, 5).is_pending());
    click(&mut desk, "Undo");
    assert!(status_of(&desk, 5).is_pending());
}

#[test]
fn accept_all_for_one_reviewer_touches_only_their_changes() {
    let mut desk = open_sample();
    let reviewer = "Tomasz Wielgosz";
    click(&mut desk, "Review");
    click(&mut desk, "Accept all by");
    desk.harness
        .get_by_role_and_label(egui::Role::Button, reviewer)
        .click();
    desk.harness.run();
    assert_eq!(desk.harness.state().modal_title(), Some("Accept changes?"));
    let expected = desk
        .harness
        .state()
        .project()
        .bulk_targets(Some(reviewer), true)
        .len();
    desk.harness.get_by_label_contains(&format!(
        "This will accept {expected} changes by {reviewer}"
    ));
    click(&mut desk, "Confirm accept");
    let project = desk.harness.state().project();
    for suggestion in project.suggestions() {
        let by_reviewer = suggestion.author.name == reviewer;
        assert_eq!(
            !suggestion.status.is_pending(),
            by_reviewer,
            "{} by {}",
            suggestion.id,
            suggestion.author.name
        );
    }
}

#[test]
fn unsaved_changes_prompt_before_new_and_save_goes_through_the_dialog() {
    let mut desk = open_sample();
    click(&mut desk, "Reject S3");
    assert!(desk.harness.state().is_dirty());
    click(&mut desk, "File");
    click(&mut desk, "New");
    assert_eq!(desk.harness.state().modal_title(), Some("Unsaved changes"));
    desk.harness.get_by_label("Discard changes");
    click(&mut desk, "Cancel");
    assert_eq!(desk.harness.state().modal_title(), None);
    assert!(status_of(&desk, 3).name() == "rejected");

    let path = desk.dir.path().join("reviewed.redline.ron");
    desk.dialog.push(DialogResult::Picked(path.clone()));
    click(&mut desk, "File");
    click(&mut desk, "New");
    click(&mut desk, "Save");
    assert!(path.is_file(), "saved through the dialog");
    let reloaded = redline::formats::project_file::load(&path).expect("reload");
    assert_eq!(
        reloaded
            .suggestion(SuggestionId(3))
            .map(|s| s.status.name()),
        Some("rejected")
    );
    // After saving, the pending New went ahead.
    assert_eq!(desk.harness.state().file(), None);
    assert!(desk.harness.state().project().comments().is_empty());
}

#[test]
fn a_missing_dialog_service_offers_a_path_field() {
    let mut desk = open_sample();
    desk.dialog.push(DialogResult::Unavailable);
    click(&mut desk, "File");
    click(&mut desk, "Save As…");
    assert_eq!(desk.harness.state().modal_title(), Some("Save as"));
    let path = desk.dir.path().join("typed.redline.ron");
    let field = desk.harness.get_by_label("File path:");
    field.focus();
    desk.harness.run();
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    desk.harness.run();
    desk.harness
        .get_by_label("File path:")
        .type_text(&path.display().to_string());
    desk.harness.run();
    click(&mut desk, "Save");
    assert!(path.is_file());
    assert_eq!(desk.harness.state().file(), Some(path.as_path()));
}

#[test]
fn a_bad_file_is_reported_in_the_window() {
    let mut desk = open_sample();
    let path = desk.dir.path().join("broken.redline.ron");
    std::fs::write(&path, "(format_version: 1, document: (").expect("write");
    desk.dialog.push(DialogResult::Picked(path));
    click(&mut desk, "File");
    click(&mut desk, "Open…");
    let notices = desk.harness.state().notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("broken.redline.ron"), "{notices:?}");
    desk.harness.get_by_label_contains("broken.redline.ron:");
}

#[test]
fn a_recovery_file_is_offered_on_the_next_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let recovery_dir = dir.path().join("recovery");
    let mut project = sample_project().expect("sample");
    let actor = redline::model::Actor {
        user: me(),
        now: chrono::Utc::now(),
    };
    project
        .apply(
            redline::model::Command::SetResolved {
                comment: CommentId(15),
                resolved: true,
            },
            &actor,
        )
        .expect("resolve");
    redline::app::files::write_recovery(&recovery_dir, &project, None).expect("write recovery");
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: Some(me()),
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: Some(recovery_dir.clone()),
        preferences: Some(Preferences::default()),
        ..Setup::default()
    };
    // The review panel lines its cards up with the document's paragraphs of
    // the frame before, so a restored project settles a frame or two later.
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(8)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    assert_eq!(harness.state().modal_title(), Some("Restore unsaved work?"));
    harness.get_by_label("Restore").click();
    harness.run();
    let state = harness.state();
    assert!(
        state
            .project()
            .comment(CommentId(15))
            .expect("C15")
            .resolved
    );
    assert!(state.is_dirty(), "restored work is unsaved");
}

#[test]
fn the_user_is_asked_once_for_their_name() {
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: None,
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: None,
        preferences: Some(Preferences::default()),
        ..Setup::default()
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    assert_eq!(harness.state().modal_title(), Some("Who are you?"));
    type_into(&mut harness, "Name:", "Jordan Q Reviewer");
    harness.get_by_label("Continue").click();
    harness.run();
    let user = harness.state().preferences().user.clone().expect("user");
    assert_eq!(user, Person::new("Jordan Q Reviewer", "JQR"));
    assert_eq!(harness.state().modal_title(), None);
}

#[test]
fn find_counts_matches() {
    let mut desk = open_sample();
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    desk.harness.run();
    type_into(&mut desk.harness, "Find:", "personal data");
    let expected = desk
        .harness
        .state()
        .project()
        .text()
        .to_ascii_lowercase()
        .matches("personal data")
        .count();
    click(&mut desk, "Next match");
    desk.harness
        .get_by_label(&format!("1 of {expected} matches"));
}

/// Opens the find bar (Ctrl+H) on `query` with `replacement` typed in.
fn find_and_replace(desk: &mut Desk, query: &str, replacement: &str) {
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    desk.harness.run();
    type_into(&mut desk.harness, "Find:", query);
    type_into(&mut desk.harness, "Replace with:", replacement);
}

#[test]
fn replace_all_in_suggest_mode_adds_my_suggestions_and_one_undo_takes_them_back() {
    let mut desk = open_sample();
    let text = desk.harness.state().project().text().to_string();
    let occurrences = text.to_ascii_lowercase().matches("personal data").count();
    assert!(occurrences > 3, "the sample says it often");
    let before = desk.harness.state().project().suggestions().len();
    click(&mut desk, "Suggest mode");
    find_and_replace(&mut desk, "personal data", "personal information");
    click(&mut desk, "Suggest all");
    let project = desk.harness.state().project();
    assert_eq!(project.text(), text, "suggesting changes no text");
    let mine: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author == me())
        .collect();
    assert_eq!(mine.len(), occurrences);
    assert!(mine.iter().all(|suggestion| suggestion.kind
        == SuggestionKind::Replacement {
            text: "personal information".into()
        }));
    desk.harness
        .get_by_label(&format!("Suggestion card {}", mine[0].id));
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    desk.harness.run();
    assert_eq!(desk.harness.state().project().suggestions().len(), before);
}

#[test]
fn replace_in_edit_mode_changes_one_occurrence_then_all_and_view_mode_cannot() {
    let mut desk = open_sample();
    let text = desk.harness.state().project().text().to_string();
    let count = |text: &str| text.to_ascii_lowercase().matches("hearthbook").count();
    let occurrences = count(&text);
    find_and_replace(&mut desk, "Hearthbook", "HomeLedger");
    click(&mut desk, "Replace");
    let once = desk.harness.state().project().text().to_string();
    assert_eq!(count(&once), occurrences - 1);
    assert_eq!(once.matches("HomeLedger").count(), 1);
    click(&mut desk, "Replace all");
    let all = desk.harness.state().project().text().to_string();
    assert_eq!(count(&all), 0);
    assert_eq!(all.matches("HomeLedger").count(), occurrences);
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    desk.harness.run();
    assert_eq!(
        desk.harness.state().project().text(),
        once,
        "one undo per Replace all"
    );
    click(&mut desk, "View mode");
    assert!(
        desk.harness
            .get_by_label("Replace all")
            .accesskit_node()
            .is_disabled(),
        "the document is read-only in View mode"
    );
}

#[test]
fn menus_show_the_keyboard_shortcuts() {
    let mut desk = open_sample();
    click(&mut desk, "Review");
    for (entry, shortcut) in [
        ("Next change", "F8"),
        ("Previous change", "Shift+F8"),
        ("New comment on selection", "Ctrl+Alt+M"),
    ] {
        // The toolbar has buttons of the same names; the menu entry is the
        // one that carries the shortcut.
        assert!(
            desk.harness.get_all_by_label(entry).any(|node| node
                .accesskit_node()
                .data()
                .keyboard_shortcut()
                == Some(shortcut)),
            "{entry}: {shortcut}"
        );
    }
}

#[test]
fn next_change_focuses_pending_suggestions_in_order() {
    let mut desk = open_sample();
    click(&mut desk, "Next change");
    assert_eq!(
        desk.harness.state().focused(),
        Some(redline::app::ItemId::Suggestion(SuggestionId(1)))
    );
    click(&mut desk, "Next change");
    assert_eq!(
        desk.harness.state().focused(),
        Some(redline::app::ItemId::Suggestion(SuggestionId(2)))
    );
    click(&mut desk, "Previous change");
    assert_eq!(
        desk.harness.state().focused(),
        Some(redline::app::ItemId::Suggestion(SuggestionId(1)))
    );
}

#[test]
fn autosave_keeps_a_recovery_file_while_there_are_unsaved_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let recovery_dir = dir.path().join("recovery");
    let dialog = ScriptedDialog::new();
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: Some(me()),
        dialog: Box::new(dialog.clone()),
        recovery_dir: Some(recovery_dir.clone()),
        preferences: Some(Preferences::default()),
        autosave_every: std::time::Duration::ZERO,
        ..Setup::default()
    };
    let mut harness = Harness::builder()
        .with_size([1600.0, 6000.0])
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    let recovery_file = harness.state().recovery_file().expect("autosave is on");
    assert!(recovery_file.starts_with(&recovery_dir));
    let settle = |harness: &mut Harness<'static, RedlineApp>, want_file: bool| {
        for _ in 0..100 {
            harness.run();
            if recovery_file.is_file() == want_file {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("recovery file present: {}", recovery_file.is_file());
    };
    harness.get_by_label("Reject S4").click();
    settle(&mut harness, true);
    let recovered = redline::formats::project_file::load(&recovery_file).expect("recovery");
    assert_eq!(
        recovered
            .suggestion(SuggestionId(4))
            .map(|s| s.status.name()),
        Some("rejected")
    );
    let saved = dir.path().join("saved.redline.ron");
    dialog.push(DialogResult::Picked(saved.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness, false);
    assert!(saved.is_file());
    assert!(!harness.state().is_dirty());
}

fn desk_with(project: redline::model::Project) -> Desk {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialog = ScriptedDialog::new();
    let setup = Setup {
        project: Some(project),
        user: Some(me()),
        dialog: Box::new(dialog.clone()),
        recovery_dir: Some(dir.path().join("recovery")),
        preferences: Some(Preferences::default()),
        ..Setup::default()
    };
    // The layout settles over a few frames as measured heights replace
    // estimates.
    let harness = Harness::builder()
        .with_size([1600.0, 6000.0])
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    Desk {
        harness,
        dialog,
        dir,
    }
}

#[test]
fn an_orphaned_comment_is_listed_with_its_quote_and_can_be_moved_here() {
    let mut project = sample_project().expect("sample");
    let actor = redline::model::Actor {
        user: Person::new("Editor", "ED"),
        now: chrono::Utc::now(),
    };
    let span = project.comment(CommentId(15)).expect("C15").span;
    let quote = project.text()[span.range()].to_string();
    project
        .apply(
            redline::model::Command::Edit {
                range: span.start..span.end,
                text: String::new(),
            },
            &actor,
        )
        .expect("delete the commented text");
    assert!(project.comment(CommentId(15)).expect("C15").orphaned);
    let mut desk = desk_with(project);
    desk.harness.get_by_label_contains(&format!(
        "Orphaned: its text was deleted. It was on: “{quote}”"
    ));
    let target = {
        let text = desk.harness.state().project().text();
        let start = text.find("household budgeting").expect("phrase");
        Span::new(start, start + "household budgeting".len())
    };
    desk.harness.state_mut().select_text(target);
    desk.harness.run();
    click(&mut desk, "Move C15 to the selection");
    let comment = desk
        .harness
        .state()
        .project()
        .comment(CommentId(15))
        .expect("C15")
        .clone();
    assert!(!comment.orphaned);
    assert_eq!(comment.span, target);
}

#[test]
fn the_status_filter_shows_decided_suggestions() {
    let mut desk = open_sample();
    click(&mut desk, "Accept S1");
    assert!(desk.harness.query_by_label("Suggestion card S1").is_none());
    click(&mut desk, "Show:");
    desk.harness
        .get_by_role_and_label(egui::Role::Button, "All")
        .click();
    desk.harness.run();
    desk.harness.get_by_label("Suggestion card S1");
    desk.harness
        .get_by_label_contains("Accepted by Casey Counsel");
}

#[test]
fn deleting_your_own_comment_is_undoable() {
    let mut desk = open_sample();
    let id = comment_as_me(&mut desk, "household budgeting", "Mine.");
    // Someone else's thread offers no Delete.
    assert!(desk.harness.query_by_label("Delete C15").is_none());
    click(&mut desk, &format!("Delete {id}"));
    assert!(desk.harness.state().project().comment(id).is_none());
    click(&mut desk, "Undo");
    assert!(desk.harness.state().project().comment(id).is_some());
}

#[test]
fn deleting_in_suggest_mode_makes_one_joined_deletion() {
    let mut desk = open_sample();
    let text_before = desk.harness.state().project().text().to_string();
    click(&mut desk, "Suggest mode");
    editor::click_text(&mut desk.harness, "March 1, 2026", 10);
    desk.harness.key_press(Key::End);
    desk.harness.run();
    for _ in 0..4 {
        desk.harness.key_press(Key::Backspace);
        desk.harness.run();
    }
    let project = desk.harness.state().project();
    assert_eq!(project.text(), text_before);
    let mine: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author == me())
        .collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0].kind, SuggestionKind::Deletion);
    assert_eq!(mine[0].original, "2026");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut desk = open_sample();
    click(&mut desk, "Reject S3");
    desk.harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    desk.harness.run();
    assert_eq!(desk.harness.state().modal_title(), Some("Unsaved changes"));
    desk.harness
        .get_by_label_contains("has unsaved changes. Save them before closing?");
    click(&mut desk, "Discard changes");
    assert_eq!(desk.harness.state().modal_title(), None);
    assert!(!desk.harness.state().is_dirty());
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn dropping_a_project_file_on_the_window_opens_it() {
    let mut desk = open_sample();
    let path = desk.dir.path().join("dropped.redline.ron");
    let mut project = sample_project().expect("sample");
    let actor = redline::model::Actor {
        user: me(),
        now: chrono::Utc::now(),
    };
    project
        .apply(
            redline::model::Command::SetTitle("Dropped policy".to_string()),
            &actor,
        )
        .expect("retitle");
    redline::formats::project_file::save(&path, &project).expect("save");
    desk.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    desk.harness.run();
    let state = desk.harness.state();
    assert_eq!(state.file(), Some(path.as_path()));
    assert_eq!(state.project().document().title, "Dropped policy");
    assert_eq!(state.preferences().recent.first(), Some(&path));
}

#[test]
fn editing_your_own_comment_and_reply() {
    let mut desk = open_sample();
    let id = comment_as_me(&mut desk, "household budgeting", "First");
    click(&mut desk, &format!("Edit {id}"));
    type_into(&mut desk.harness, &format!("Edit text of {id}"), " draft");
    click(&mut desk, &format!("Save edit of {id}"));
    assert_eq!(
        desk.harness
            .state()
            .project()
            .comment(id)
            .expect("comment")
            .body,
        "First draft"
    );
    type_into(&mut desk.harness, &format!("Reply to {id}"), "Me too");
    click(&mut desk, &format!("Send reply to {id}"));
    let reply = desk
        .harness
        .state()
        .project()
        .comment(id)
        .expect("comment")
        .replies[0]
        .id;
    click(&mut desk, &format!("Edit reply {reply}"));
    type_into(
        &mut desk.harness,
        &format!("Edit text of reply {reply}"),
        "!",
    );
    click(&mut desk, &format!("Save edit of reply {reply}"));
    assert_eq!(
        desk.harness
            .state()
            .project()
            .comment(id)
            .expect("comment")
            .replies[0]
            .body,
        "Me too!"
    );
}

#[test]
fn ctrl_enter_adds_the_comment_and_sends_the_reply() {
    let mut desk = open_sample();
    let span = {
        let text = desk.harness.state().project().text();
        let start = text.find("meal-planning").expect("phrase");
        Span::new(start, start + "meal-planning".len())
    };
    desk.harness.state_mut().select_text(span);
    desk.harness.run();
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    desk.harness.run();
    type_into(
        &mut desk.harness,
        "New comment text",
        "Hyphenate consistently.",
    );
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    desk.harness.run();
    let id = desk
        .harness
        .state()
        .project()
        .comments()
        .iter()
        .find(|comment| comment.author == me())
        .expect("comment added with Ctrl+Enter")
        .id;
    type_into(&mut desk.harness, &format!("Reply to {id}"), "Agreed.");
    desk.harness
        .key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    desk.harness.run();
    let comment = desk
        .harness
        .state()
        .project()
        .comment(id)
        .expect("comment")
        .clone();
    assert_eq!(comment.body, "Hyphenate consistently.");
    assert_eq!(comment.replies.len(), 1);
    assert_eq!(comment.replies[0].body, "Agreed.");
}

#[test]
fn the_reviewer_filter_narrows_the_cards_and_the_toolbar_bulk_actions() {
    let mut desk = open_sample();
    let reviewer = "Priya Ananthanarayan";
    click(&mut desk, "Reviewer:");
    desk.harness
        .get_by_role_and_label(egui::Role::Button, reviewer)
        .click();
    desk.harness.run();
    assert!(
        desk.harness.query_by_label("Suggestion card S1").is_none(),
        "S1 is Tomasz's"
    );
    desk.harness.get_by_label("Suggestion card S4");
    click(&mut desk, &format!("Reject all by {reviewer}"));
    let expected = desk
        .harness
        .state()
        .project()
        .bulk_targets(Some(reviewer), false)
        .len();
    desk.harness.get_by_label_contains(&format!(
        "This will reject {expected} changes by {reviewer}"
    ));
    click(&mut desk, "Confirm reject");
    for suggestion in desk.harness.state().project().suggestions() {
        let rejected = matches!(suggestion.status, SuggestionStatus::Rejected { .. });
        assert_eq!(
            rejected,
            suggestion.author.name == reviewer,
            "{}",
            suggestion.id
        );
    }
}

#[test]
fn a_suggestion_can_be_marked_material_and_undone() {
    let mut desk = open_sample();
    click(&mut desk, "Material change S7");
    let material = |desk: &Desk| {
        desk.harness
            .state()
            .project()
            .suggestion(SuggestionId(7))
            .expect("S7")
            .material
    };
    assert!(material(&desk));
    click(&mut desk, "Undo");
    assert!(!material(&desk));
}

/// Word's margin: after the document scrolls, each card sits level with its
/// anchor's paragraph (unless the card above pushes it down), not stacked
/// right under the previous card wherever that is.
#[test]
fn cards_stay_beside_their_anchors_as_the_document_scrolls() {
    use redline::model::{Command, Document, Project, Span};
    let mut text = String::from("# Policy");
    for number in 1..=80 {
        if number == 45 {
            text.push_str("\n## Far Section");
        }
        text.push_str(&format!(
            "\nParagraph number {number} says something about personal data."
        ));
    }
    let mut project = Project::new(Document {
        title: "Policy".into(),
        content: redline::model::content::Content::from_marked_text(&text),
        ..Document::default()
    });
    for (number, reviewer) in [
        (3, "Jules Ferreira-Ng"),
        (46, "Priya Ananthanarayan"),
        (58, "Tomasz Wielgosz"),
    ] {
        let actor = redline::model::Actor {
            user: Person::new(reviewer, "XX"),
            now: chrono::Utc::now(),
        };
        let quote = format!("Paragraph number {number} says");
        let start = text.find(&quote).expect("quote");
        let span = Span::new(start, start + quote.len());
        project
            .apply(
                Command::AddComment {
                    span,
                    body: format!("Comment on {number}"),
                },
                &actor,
            )
            .expect("comment");
    }
    let setup = Setup {
        project: Some(project),
        user: Some(me()),
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: None,
        preferences: Some(Preferences::default()),
        ..Setup::default()
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        // A jump replaces estimated paragraph heights by measured ones over
        // a few frames; the panel follows each step until both settle.
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    harness.run();
    harness.get_by_label("Go to Far Section").click();
    harness.run();
    let paragraph_top = |harness: &Harness<'static, RedlineApp>, number: usize| {
        editor::point_of(harness, &format!("Paragraph number {number} says"), 0).y - 10.0
    };
    let header_top = |harness: &Harness<'static, RedlineApp>, reviewer: &str| {
        harness.get_by_label(reviewer).rect().top()
    };
    for (number, reviewer) in [(46, "Priya Ananthanarayan"), (58, "Tomasz Wielgosz")] {
        let (paragraph, header) = (
            paragraph_top(&harness, number),
            header_top(&harness, reviewer),
        );
        assert!(
            (header - paragraph).abs() < 24.0,
            "the card on paragraph {number} is beside it: its header at {header}, the paragraph at {paragraph}"
        );
    }
}
