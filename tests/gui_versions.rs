//! Versions and compare driven through the real app's accessible labels:
//! taking a snapshot, opening a version read-only, restoring one (the draft
//! is kept), and comparing a snapshot with the edited draft.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redline::app::{AppCommand, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::sample::sample_project;
use redline::model::{ByteOffset, Command, Person, VersionStatus};

struct Desk {
    harness: Harness<'static, RedlineApp>,
    _dir: tempfile::TempDir,
}

fn open_sample() -> Desk {
    let dir = tempfile::tempdir().expect("temp dir");
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: Some(Person::new("Casey Counsel", "CC")),
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: Some(dir.path().join("recovery")),
        preferences: Some(Preferences::default()),
        config_dir: Some(dir.path().join("config")),
        ..Setup::default()
    };
    let harness = Harness::builder()
        .with_size([1600.0, 1200.0])
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    Desk { harness, _dir: dir }
}

fn click(desk: &mut Desk, label: &str) {
    desk.harness.get_by_label(label).click();
    desk.harness.run();
}

fn type_into(desk: &mut Desk, label: &str, text: &str) {
    desk.harness.get_by_label(label).focus();
    desk.harness.run();
    desk.harness.get_by_label(label).type_text(text);
    desk.harness.run();
}

/// Opens the Versions window and takes a snapshot labelled `label`.
fn snapshot(desk: &mut Desk, label: &str) {
    if !desk.harness.state().open_tools().contains(&"Versions") {
        click(desk, "Show versions");
    }
    type_into(desk, "Label:", label);
    type_into(desk, "Note:", "before counsel's edits");
    click(desk, "Take snapshot");
}

/// Replaces the first "household budgeting" of the draft.
fn edit_draft(desk: &mut Desk) {
    let start = desk
        .harness
        .state()
        .project()
        .text()
        .find("household budgeting")
        .expect("phrase");
    desk.harness
        .state_mut()
        .queue(AppCommand::Model(Command::Edit {
            range: ByteOffset(start)..ByteOffset(start + "household budgeting".len()),
            text: "family budget planning".to_string(),
        }));
    desk.harness.run();
}

#[test]
fn taking_a_snapshot_lists_it() {
    let mut desk = open_sample();
    snapshot(&mut desk, "first-draft");
    let project = desk.harness.state().project();
    assert_eq!(project.versions().len(), 1);
    let version = &project.versions()[0];
    assert_eq!(version.label, "first-draft");
    assert_eq!(version.note, "before counsel's edits");
    assert_eq!(version.status, VersionStatus::Draft);
    assert_eq!(version.author, "Casey Counsel");
    desk.harness.get_by_label("Open first-draft");
    desk.harness.get_by_label("Restore first-draft as draft");
    desk.harness.get_by_label("Effective date of first-draft");
}

#[test]
fn a_version_opens_read_only_with_a_way_back() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    edit_draft(&mut desk);
    click(&mut desk, "Open v1");
    let id = desk.harness.state().project().versions()[0].id;
    assert_eq!(desk.harness.state().viewing_version(), Some(id));
    desk.harness.get_by_label_contains("Read-only: version v1");
    click(&mut desk, "Back to the draft");
    assert_eq!(desk.harness.state().viewing_version(), None);
}

#[test]
fn restoring_a_version_keeps_the_draft() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    let original = desk.harness.state().project().text().to_string();
    edit_draft(&mut desk);
    let edited = desk.harness.state().project().text().to_string();
    assert_ne!(original, edited);
    click(&mut desk, "Restore v1 as draft");
    desk.harness
        .get_by_label_contains("The current draft is kept as a new version");
    click(&mut desk, "Confirm restore");
    let project = desk.harness.state().project();
    assert_eq!(project.text(), original);
    assert!(
        project
            .versions()
            .iter()
            .any(|version| version.text == edited),
        "the edited draft was kept as a version"
    );
}

#[test]
fn comparing_a_snapshot_with_the_edited_draft_shows_the_summary() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    edit_draft(&mut desk);
    click(&mut desk, "Review");
    click(&mut desk, "Compare…");
    assert!(desk.harness.state().open_tools().contains(&"Compare"));
    desk.harness
        .get_by_label_contains("words added, 2 words removed, 1 paragraphs changed");
    click(&mut desk, "Next difference");
    desk.harness
        .get_by_label_contains("Change 1 of 1: Replaced");
    click(&mut desk, "Side by side");
    // The old side's row and the current change's description.
    assert!(
        desk.harness
            .query_all_by_label_contains("household budgeting")
            .count()
            >= 2
    );
}
