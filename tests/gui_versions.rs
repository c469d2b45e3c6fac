//! Versions and compare driven through the real app's accessible labels:
//! taking a snapshot, opening a version read-only, restoring one (the draft
//! is kept), and comparing a snapshot with the edited draft.

use chrono::Datelike;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redline::app::{AppCommand, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::model::{ByteOffset, Command, Person, VersionStatus};

#[path = "support/desk.rs"]
mod desk;

use desk::{Desk, click, type_into};

fn open_sample() -> Desk {
    desk::open_sample([1600.0, 1200.0])
}

/// Opens the Versions window unless it is open (the toolbar button toggles it).
fn show_versions(desk: &mut Desk) {
    if !desk.harness.state().open_tools().contains(&"Versions") {
        click(desk, "Show versions");
    }
}

/// Opens the Versions window and takes a snapshot labelled `label`.
fn snapshot(desk: &mut Desk, label: &str) {
    show_versions(desk);
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

    // The date picker opens on the version's date (the draft's when it
    // was taken), saying which month and year it shows; the next day is
    // picked by its date.
    let before = desk.harness.state().project().versions()[0]
        .effective_date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    click(&mut desk, "Effective date of first-draft");
    desk.harness
        .get_by_label(&before.format("%B %Y").to_string());
    let next = before.succ_opt().expect("next day");
    if next.month() != before.month() {
        click(&mut desk, "Next month");
    }
    click(&mut desk, &redline::app::locale_dates::user_date(next));
    assert_eq!(
        desk.harness.state().project().versions()[0].effective_date,
        before.succ_opt()
    );
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
            .any(|version| version.text() == edited),
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

#[test]
fn the_compare_report_is_saved_as_html() {
    let mut desk = open_sample();
    let dialog = desk.dialog.clone();
    let report = desk.dir.path().join("report.html");
    snapshot(&mut desk, "v1");
    edit_draft(&mut desk);
    click(&mut desk, "Review");
    click(&mut desk, "Compare…");
    click(&mut desk, "Ignore whitespace");
    dialog.push(redline::app::DialogResult::Picked(report.clone()));
    click(&mut desk, "Save report…");
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.contains("family budget planning"));
    assert!(html.to_lowercase().contains("<html"));

    let word = desk.dir.path().join("redline.docx");
    dialog.push(redline::app::DialogResult::Picked(word.clone()));
    click(&mut desk, "Save Word redline…");
    let bytes = std::fs::read(&word).expect("Word redline written");
    let imported = redline::formats::docx::import(&bytes, &word).expect("a valid .docx");
    // The policy's own "[A] -OR- B" template comes in as a choice by the
    // template (issue 14); every tracked change is the comparer's.
    let tracked: Vec<_> = imported
        .parts
        .suggestions
        .iter()
        .filter(|change| change.author.name != "Policy template")
        .collect();
    assert!(!tracked.is_empty(), "the changes are tracked changes");
    assert!(
        tracked
            .iter()
            .all(|change| change.author.name == "Casey Counsel")
    );
}

/// The compare view on the 1 MB stress pair: only the rows in view are laid
/// out, so a frame after the first costs about the same as on a small pair.
#[test]
fn comparing_the_stress_pair_stays_responsive() {
    use redline::model::generator::{edited_copy, policy_text};
    use redline::model::{Document, Project};
    let old = policy_text(8_000, 2024);
    let new = edited_copy(&old, 7, 300, 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project = Project::new(Document {
        title: "Stress".to_string(),
        content: redline::model::content::Content::from_marked_text(&old),
        ..Document::default()
    });
    let actor = redline::model::Actor {
        user: Person::new("Casey Counsel", "CC"),
        now: chrono::Utc::now(),
    };
    project
        .apply(
            Command::TakeSnapshot {
                label: Some("old".to_string()),
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &actor,
        )
        .expect("snapshot");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(0)..ByteOffset(old.len()),
                text: new,
            },
            &actor,
        )
        .expect("edit");
    let setup = Setup {
        project: Some(project),
        user: Some(Person::new("Casey Counsel", "CC")),
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: None,
        preferences: Some(Preferences::default()),
        config_dir: Some(dir.path().join("config")),
        ..Setup::default()
    };
    let harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    let mut desk = Desk {
        harness,
        dialog: ScriptedDialog::new(),
        dir,
    };
    click(&mut desk, "Review");
    click(&mut desk, "Compare…");
    desk.harness.get_by_label_contains("words added");
    for _ in 0..5 {
        click(&mut desk, "Next difference");
    }
    desk.harness.get_by_label_contains("Change 5 of");
    let started = std::time::Instant::now();
    for _ in 0..10 {
        desk.harness.step();
    }
    let per_frame = started.elapsed() / 10;
    eprintln!("steady frame with the 1 MB compare open: {per_frame:?}");
    // Generous for unoptimised builds on a shared machine; laying out every
    // row would take seconds.
    assert!(
        per_frame < std::time::Duration::from_millis(400),
        "{per_frame:?}"
    );
}

#[test]
fn a_compare_change_marked_material_drafts_the_notice() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    edit_draft(&mut desk);
    snapshot(&mut desk, "v2");
    show_versions(&mut desk);
    click(&mut desk, "Review");
    click(&mut desk, "Compare…");
    click(&mut desk, "Compare from");
    click(&mut desk, "Compare from v1");
    click(&mut desk, "Compare to");
    click(&mut desk, "Compare to v2");
    click(&mut desk, "Next difference");
    click(&mut desk, "Mark material");
    let v2 = desk.harness.state().project().versions()[1].clone();
    assert_eq!(v2.label, "v2");
    assert_eq!(v2.material_changes.len(), 1);
    assert!(
        v2.material_changes[0]
            .description
            .contains("family budget planning")
    );

    show_versions(&mut desk);
    click(&mut desk, "Notice of v2");
    assert!(desk.harness.state().open_tools().contains(&"Notice"));
    let drafted = desk
        .harness
        .get_by_label("Notice text")
        .value()
        .expect("text");
    assert!(drafted.contains("family budget planning"), "{drafted}");
    desk.harness
        .get_by_label_contains("the notice has no channel");
    click(&mut desk, "Email");
    assert!(
        desk.harness
            .query_by_label_contains("the notice has no channel")
            .is_none(),
        "the problems follow the notice as typed"
    );
    click(&mut desk, "Save notice");
    let project = desk.harness.state().project();
    let notice = project.versions()[1].notice.clone().expect("notice saved");
    assert_eq!(notice.channels, vec![redline::model::NoticeChannel::Email]);
    assert!(notice.text.contains("family budget planning"));

    // The recorded change can be taken back in the notice editor.
    show_versions(&mut desk);
    click(&mut desk, "Notice of v2");
    click(&mut desk, "Remove material change 1");
    assert!(
        desk.harness.state().project().versions()[1]
            .material_changes
            .is_empty()
    );
}

#[test]
fn the_outline_returns_from_a_version_to_the_draft() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    click(&mut desk, "Open v1");
    assert!(desk.harness.state().viewing_version().is_some());
    click(&mut desk, "Go to Data Retention");
    assert_eq!(desk.harness.state().viewing_version(), None);
}

#[test]
fn the_notice_editor_shows_a_lead_time_past_the_calendar_as_a_problem() {
    let mut desk = open_sample();
    snapshot(&mut desk, "v1");
    let version = desk.harness.state().project().versions()[0].id;
    for command in [
        Command::SetVersionMaterial {
            version,
            material: true,
        },
        // As a project file edited by hand may have it.
        Command::SetNoticeLeadDays(u32::MAX),
    ] {
        desk.harness.state_mut().queue(AppCommand::Model(command));
    }
    desk.harness.run();
    click(&mut desk, "Notice of v1");
    assert!(desk.harness.state().open_tools().contains(&"Notice"));
    desk.harness.get_by_label_contains(
        "runs past the last date Redline can handle; set a shorter lead time",
    );
    assert_eq!(
        desk.harness.state().project().settings().notice_lead_days,
        u32::MAX,
        "showing the lead time does not change it"
    );
}

#[test]
fn tool_windows_open_below_the_menus_and_toolbar() {
    let mut desk = desk::open_sample([1024.0, 700.0]);
    let toolbar_bottom = desk.harness.get_by_label("Show versions").rect().bottom();
    click(&mut desk, "Show versions");
    click(&mut desk, "Review");
    click(&mut desk, "Compare…");
    for (window, inside) in [
        ("Versions", "Take snapshot"),
        ("Compare", "Next difference"),
    ] {
        let title = desk
            .harness
            .get_all_by_label(window)
            .map(|node| node.rect())
            .min_by(|a, b| a.top().total_cmp(&b.top()))
            .expect("window title");
        assert!(
            title.top() > toolbar_bottom,
            "{window} opened at {title:?}, over the menu bar and toolbar (bottom {toolbar_bottom})"
        );
        desk.harness.get_by_label(inside);
    }
}
