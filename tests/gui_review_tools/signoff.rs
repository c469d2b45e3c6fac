//! The sign-off dialog's rules (a reason per override, what a sign-off for
//! publication cannot override) and the warning when a project with a broken
//! sign-off chain is opened.

use super::desk::{self, Desk, click, type_into};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redline::app::{Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::import::{ImportFormat, import_file};
use redline::formats::project_file;
use redline::model::signoff::{OverrideRequest, SignOffRequest};
use redline::model::{Actor, Command, Person, Project, SignOffPurpose, VersionStatus};
use std::path::Path;

fn casey() -> Actor {
    Actor {
        user: Person::new("Casey Counsel", "CC"),
        now: chrono::Utc::now(),
    }
}

/// A small policy whose only blocker is one open comment (C1).
fn one_open_comment(folder: &Path) -> Project {
    let path = folder.join("policy.md");
    std::fs::write(
        &path,
        "# Privacy Policy\n\nEffective Date: March 1, 2026\n\nWe keep {==logs==}{>>How long?<<} for 30 days.\n",
    )
    .expect("write");
    let imported =
        import_file(&path, Some(ImportFormat::Criticmarkup), chrono::Utc::now()).expect("imports");
    let mut project = Project::from_parts(imported.parts).expect("valid");
    let mut config = project.settings().checks.clone();
    config.frameworks.clear();
    project
        .apply(Command::SetCheckConfig(config), &casey())
        .expect("config");
    project
        .apply(
            Command::SetEffectiveDate(chrono::NaiveDate::from_ymd_opt(2026, 3, 1)),
            &casey(),
        )
        .expect("date");
    project
}

/// The app on `project` or `file`, as Casey Counsel.
fn open(dir: tempfile::TempDir, project: Option<Project>, file: Option<&Path>) -> Desk {
    let dialog = ScriptedDialog::new();
    let setup = Setup {
        project,
        file: file.map(Path::to_path_buf),
        user: Some(Person::new("Casey Counsel", "CC")),
        dialog: Box::new(dialog.clone()),
        recovery_dir: None,
        preferences: Some(Preferences::default()),
        config_dir: Some(dir.path().join("config")),
        ..Setup::default()
    };
    let harness = Harness::builder()
        .with_size([1400.0, 1000.0])
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    Desk {
        harness,
        dialog,
        dir,
    }
}

fn sign_off_disabled(desk: &Desk) -> bool {
    desk.harness
        .get_by_label("Sign off")
        .accesskit_node()
        .is_disabled()
}

#[test]
fn each_override_needs_its_own_reason_which_is_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = one_open_comment(dir.path());
    let mut desk = open(dir, Some(project), None);
    click(&mut desk, "Review");
    click(&mut desk, "Sign off…");
    type_into(&mut desk, "Role:", "Privacy Counsel");
    desk.harness
        .get_by_label("1 blockers: resolve each or override it with a reason");
    assert!(
        desk.harness
            .query_by_label("Reason for overriding C1")
            .is_none()
    );
    click(&mut desk, "Override C1");
    assert!(sign_off_disabled(&desk), "ticked, but no reason yet");
    type_into(
        &mut desk,
        "Reason for overriding C1",
        "answered in the cover letter",
    );
    assert!(!sign_off_disabled(&desk));
    click(&mut desk, "Sign off");
    let project = desk.harness.state().project();
    assert_eq!(
        project.signoffs().len(),
        1,
        "{:?}",
        desk.harness.state().notices()
    );
    let record = &project.signoffs()[0];
    assert_eq!(record.purpose, Some(SignOffPurpose::Publication));
    assert_eq!(record.overrides.len(), 1);
    assert_eq!(record.overrides[0].blocker, "C1");
    assert_eq!(record.overrides[0].reason, "answered in the cover letter");
}

#[test]
fn a_sign_off_for_publication_cannot_override_pending_suggestions() {
    let mut desk = desk::open_sample([1600.0, 1400.0]);
    click(&mut desk, "Review");
    click(&mut desk, "Sign off…");
    type_into(&mut desk, "Role:", "Privacy Counsel");
    desk.harness
        .get_by_label_contains("must be resolved before a sign-off for publication");
    assert!(
        desk.harness.query_by_label("Override S1").is_none(),
        "a pending suggestion has no Override box for publication"
    );
    click(&mut desk, "Override all");
    type_into(&mut desk, "Reason for overriding all:", "ship it");
    assert!(
        sign_off_disabled(&desk),
        "not even Override all covers pending suggestions for publication"
    );
    click(&mut desk, "Sign-off purpose");
    click(&mut desk, "For internal approval");
    assert!(!sign_off_disabled(&desk));
    click(&mut desk, "Sign off");
    click(&mut desk, "Back to the blockers");
    assert!(
        desk.harness.state().project().signoffs().is_empty(),
        "going back signs nothing"
    );
    desk.harness.get_by_label("Sign off");
}

#[test]
fn opening_a_project_whose_sign_off_chain_is_broken_warns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project = one_open_comment(dir.path());
    project
        .apply(
            Command::TakeSnapshot {
                label: None,
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &casey(),
        )
        .expect("snapshot");
    let version = project.versions()[0].id;
    let request = SignOffRequest {
        version,
        role: "Privacy Counsel".into(),
        purpose: SignOffPurpose::Publication,
        overrides: vec![OverrideRequest {
            name: "C1".into(),
            reason: "answered".into(),
        }],
        override_all_confirmed: false,
        signing_key: None,
    };
    project
        .apply(Command::SignOff(request), &casey())
        .expect("signed");
    let mut parts = project.to_parts();
    let content = &mut parts.versions[0].content;
    let at = content.text.find("30 days").expect("in the version");
    let edit = redline::model::changeset::Edit::new(at..at + 7, "30 years");
    redline::model::changeset::ChangeSet::from_edits(content, &[edit])
        .expect("an edit")
        .apply(content);
    let tampered = Project::from_parts(parts).expect("valid");
    let path = dir.path().join("tampered.redline.ron");
    project_file::save(&path, &tampered).expect("saved");

    let desk = open(dir, None, Some(&path));
    let notices = desk.harness.state().notices();
    assert_eq!(
        notices,
        vec![
            "tampered.redline.ron: the sign-off chain is broken: sign-off record 1 (v1 by Casey Counsel): v1 was changed after it was signed off: it no longer matches the record; do not rely on its sign-offs"
        ]
    );
    desk.harness
        .get_by_label_contains("the sign-off chain is broken");
}
