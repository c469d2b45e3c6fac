//! Sign-off, export, import and the checks panel driven through the real
//! app's accessible labels, headless, with a scripted file dialog and a
//! temporary config folder for the signing key.

use egui_kittest::kittest::{NodeT, Queryable};
use redline::app::DialogResult;
use redline::model::{SuggestionStatus, VersionStatus};

#[path = "support/desk.rs"]
mod desk;

use desk::{Desk, click, type_into};

fn open_sample() -> Desk {
    desk::open_sample([1600.0, 1400.0])
}

#[path = "support/reviewers_copy.rs"]
mod reviewers_copy;
#[path = "gui_review_tools/rounds.rs"]
mod rounds;
#[path = "gui_review_tools/signoff.rs"]
mod signoff;

/// Signs the draft off for internal approval as Privacy Counsel, overriding
/// every blocker with one reason and confirming it.
fn sign_off_the_draft(desk: &mut Desk, with_key: bool) {
    click(desk, "Review");
    click(desk, "Sign off…");
    assert!(desk.harness.state().open_tools().contains(&"Sign off"));
    type_into(desk, "Role:", "Privacy Counsel");
    desk.harness
        .get_by_label_contains("blockers: resolve each or override it with a reason");
    click(desk, "Go to S1");
    assert_eq!(
        desk.harness.state().focused(),
        Some(redline::app::ItemId::Suggestion(
            redline::model::SuggestionId(1)
        ))
    );
    assert!(
        desk.harness
            .get_by_label("Sign off")
            .accesskit_node()
            .is_disabled(),
        "blockers stand in the way"
    );
    click(desk, "Sign-off purpose");
    click(desk, "For internal approval");
    desk.harness.get_by_label("Override S1");
    click(desk, "Override all");
    assert!(
        desk.harness
            .get_by_label("Sign off")
            .accesskit_node()
            .is_disabled(),
        "overriding all needs a reason"
    );
    type_into(
        desk,
        "Reason for overriding all:",
        "a copy for the certifier",
    );
    if with_key {
        click(desk, "Sign with my key");
    }
    click(desk, "Sign off");
    assert!(
        desk.harness.state().project().signoffs().is_empty(),
        "a second confirmation comes first"
    );
    desk.harness.get_by_label_contains(
        "blockers and sign off? Each is recorded as overridden with the reason \"a copy for the certifier\".",
    );
    click(desk, "Override all and sign off");
    assert!(desk.harness.state().notices().is_empty());
}

#[test]
fn signing_off_with_overrides_records_them_and_freezes_the_version() {
    let mut desk = open_sample();
    sign_off_the_draft(&mut desk, true);
    let project = desk.harness.state().project();
    assert_eq!(project.signoffs().len(), 1);
    let record = &project.signoffs()[0];
    assert_eq!(record.signer, "Casey Counsel");
    assert_eq!(record.role, "Privacy Counsel");
    assert!(
        record
            .overrides
            .iter()
            .any(|item| item.blocker == "S1" && item.reason == "a copy for the certifier")
    );
    assert_eq!(
        record.purpose,
        Some(redline::model::SignOffPurpose::InternalApproval)
    );
    assert!(record.signature.is_some(), "signed with the user's key");
    assert!(desk.dir.path().join("config").exists());
    let version = project.version(record.version).expect("version");
    assert_eq!(version.status, VersionStatus::SignedOff);
    assert!(version.status.is_frozen());
    // The Versions window shows it signed off.
    desk.harness
        .get_by_label(&format!("Mark {} published", version.label));
    desk.harness.get_by_label("Signed off (frozen)");
}

#[test]
fn exporting_a_signed_off_version_writes_the_file_and_its_manifest() {
    let mut desk = open_sample();
    sign_off_the_draft(&mut desk, false);
    let label = desk.harness.state().project().versions()[0].label.clone();
    click(&mut desk, "File");
    click(&mut desk, "Export…");
    click(&mut desk, "Version to export");
    click(&mut desk, &format!("{label} (Signed off)"));
    let path = desk.dir.path().join("policy.html");
    desk.dialog.push(DialogResult::Picked(path.clone()));
    click(&mut desk, "Browse for the export file");
    click(&mut desk, "Export");
    let html = std::fs::read_to_string(&path).expect("export written");
    assert!(html.contains("Kestrelmoor"));
    // In the dialog and in the status bar.
    assert_eq!(
        desk.harness.query_all_by_label_contains("Wrote ").count(),
        2
    );
    desk.harness.get_by_label_contains("Manifest: ");
    let manifests = std::fs::read_dir(desk.dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains("manifest"))
        .count();
    assert_eq!(manifests, 1);
}

#[test]
fn exporting_the_draft_warns_about_pending_suggestions() {
    let mut desk = open_sample();
    click(&mut desk, "File");
    click(&mut desk, "Export…");
    let path = desk.dir.path().join("draft.txt");
    click(&mut desk, "Export format");
    click(&mut desk, "Plain text");
    type_into(&mut desk, "Export to:", &path.display().to_string());
    click(&mut desk, "Export");
    assert!(path.exists());
    desk.harness
        .get_by_label_contains("pending suggestions were left out");
}

#[test]
fn exporting_over_an_existing_file_asks_first() {
    let mut desk = open_sample();
    let path = desk.dir.path().join("draft.txt");
    std::fs::write(&path, "someone else's notes").expect("write");
    click(&mut desk, "File");
    click(&mut desk, "Export…");
    click(&mut desk, "Export format");
    click(&mut desk, "Plain text");
    type_into(&mut desk, "Export to:", &path.display().to_string());
    click(&mut desk, "Export");
    desk.harness.get_by_label_contains("already exists.");
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "someone else's notes",
        "nothing is replaced before the user says so"
    );
    click(&mut desk, "Keep the existing file");
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "someone else's notes"
    );
    click(&mut desk, "Export");
    click(&mut desk, "Replace the existing file");
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(written.contains("Kestrelmoor"), "replaced once confirmed");
}

#[test]
fn importing_a_markdown_file_opens_it_as_a_new_untitled_project() {
    let mut desk = open_sample();
    let path = desk.dir.path().join("notes.md");
    std::fs::write(
        &path,
        "# Acme Privacy Notice\n\nWe collect your email address to send receipts.\n",
    )
    .expect("write");
    desk.dialog.push(DialogResult::Picked(path));
    click(&mut desk, "File");
    click(&mut desk, "Import…");
    let state = desk.harness.state();
    assert!(state.project().text().contains("send receipts"));
    assert!(state.file().is_none());
    assert!(state.is_dirty(), "an imported project is unsaved");
}

#[test]
fn the_checks_panel_dismisses_with_a_reason_and_applies_fixes() {
    let mut desk = open_sample();
    click(&mut desk, "Show checks");
    desk.harness.get_by_label_contains("findings, 0 dismissed");
    desk.harness.get_by_label("Errors (1)");
    desk.harness
        .get_by_label_contains("unresolved template alternative");

    let suggestions = desk.harness.state().project().suggestions().len();
    let fix = desk
        .harness
        .query_all_by_label_contains("Apply fix of finding")
        .next()
        .expect("a finding with a fix")
        .accesskit_node()
        .label()
        .expect("name");
    click(&mut desk, &fix);
    let project = desk.harness.state().project();
    assert_eq!(project.suggestions().len(), suggestions + 1);
    let added = project.suggestions().last().expect("suggestion");
    assert!(matches!(added.status, SuggestionStatus::Pending));

    click(&mut desk, "Dismiss finding 1");
    assert!(
        desk.harness
            .get_by_label("Confirm dismiss")
            .accesskit_node()
            .is_disabled()
    );
    type_into(
        &mut desk,
        "Reason (required):",
        "the date is set at publication",
    );
    click(&mut desk, "Confirm dismiss");
    let dismissals = desk.harness.state().project().dismissals();
    assert_eq!(dismissals.len(), 1);
    assert_eq!(dismissals[0].reason, "the date is set at publication");
    let reinstate = format!("Reinstate {}", dismissals[0].id);
    click(&mut desk, "Show dismissed (1)");
    click(&mut desk, &reinstate);
    assert!(desk.harness.state().project().dismissals().is_empty());
}

#[test]
fn checklists_are_chosen_in_the_checks_panel() {
    let mut desk = open_sample();
    click(&mut desk, "Show checks");
    click(&mut desk, "GDPR");
    let frameworks = &desk.harness.state().project().settings().checks.frameworks;
    assert!(frameworks.contains(&redline::model::checks::Framework::Gdpr));
}

#[test]
fn without_a_file_dialog_the_import_path_is_typed() {
    let mut desk = open_sample();
    let path = desk.dir.path().join("typed.md");
    std::fs::write(&path, "# Typed Policy\n\nWe keep logs for 30 days.\n").expect("write");
    desk.dialog.push(DialogResult::Unavailable);
    click(&mut desk, "File");
    click(&mut desk, "Import…");
    type_into(&mut desk, "File to import:", &path.display().to_string());
    click(&mut desk, "Import the file");
    assert!(
        desk.harness
            .state()
            .project()
            .text()
            .contains("logs for 30 days")
    );
}

#[test]
fn importing_over_unsaved_changes_asks_first() {
    let mut desk = open_sample();
    click(&mut desk, "Accept S1");
    assert!(desk.harness.state().is_dirty());
    click(&mut desk, "File");
    click(&mut desk, "Import…");
    assert_eq!(desk.harness.state().modal_title(), Some("Unsaved changes"));
    desk.harness
        .get_by_label_contains("Save them before importing a file?");
}
