//! A window and its file on disk: the edit lock and read-only windows, a
//! file changed on disk before a save, Save As over another file, and one
//! recovery file per window.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redline::app::{AppCommand, DialogResult, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::project_file;
use redline::formats::sample::sample_project;
use redline::model::{Command, Person};
use std::path::{Path, PathBuf};

/// A window on `file` (or on the sample, untitled) used by `user`.
fn window(
    file: Option<&Path>,
    user: &str,
    dialog: &ScriptedDialog,
    recovery_dir: Option<PathBuf>,
) -> Harness<'static, RedlineApp> {
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        file: file.map(Path::to_path_buf),
        user: Some(Person::new(user, Person::initials_of(user))),
        dialog: Box::new(dialog.clone()),
        recovery_dir,
        preferences: Some(Preferences::default()),
        autosave_every: std::time::Duration::ZERO,
        ..Setup::default()
    };
    // The review panel lines its cards up over a few frames.
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(8)
        .build_eframe(move |cc| RedlineApp::new(cc, setup))
}

/// The sample saved as `policy.redline.ron` in `folder`.
fn saved_sample(folder: &Path) -> PathBuf {
    let path = folder.join("policy.redline.ron");
    project_file::save(&path, &sample_project().expect("sample")).expect("save");
    path
}

fn retitle(harness: &mut Harness<'static, RedlineApp>, title: &str) {
    harness
        .state_mut()
        .queue(AppCommand::Model(Command::SetTitle(title.into())));
    harness.run();
}

fn title_on_disk(path: &Path) -> String {
    project_file::load(path)
        .expect("load")
        .document()
        .title
        .clone()
}

#[test]
fn a_second_window_on_an_open_file_says_who_has_it_and_offers_read_only() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let first = window(Some(&path), "Casey Counsel", &ScriptedDialog::new(), None);
    assert_eq!(first.state().modal_title(), None);
    assert_eq!(first.state().file(), Some(path.as_path()));

    let dialog = ScriptedDialog::new();
    let mut second = window(Some(&path), "Jordan Reviewer", &dialog, None);
    assert_eq!(second.state().modal_title(), Some("Open read-only?"));
    second.get_by_label_contains(&format!(
        "is open in Redline by Casey Counsel on {} (process {}) since",
        redline::formats::lock::this_host(),
        std::process::id()
    ));
    second.get_by_label("Open read-only").click();
    second.run();
    assert!(second.state().is_read_only());
    assert_eq!(second.state().file(), Some(path.as_path()));

    // Saving the read-only window asks for a new name; the file stays the
    // first window's.
    retitle(&mut second, "Jordan's copy");
    let copy = folder.path().join("copy.redline.ron");
    dialog.push(DialogResult::Picked(copy.clone()));
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    second.run();
    assert_eq!(second.state().file(), Some(copy.as_path()));
    assert!(!second.state().is_read_only());
    assert_eq!(title_on_disk(&copy), "Jordan's copy");
    assert_eq!(title_on_disk(&path), "Kestrelmoor Software Privacy Policy");
    drop(first);
    assert!(
        !redline::formats::lock::lock_path(&path).exists(),
        "the first window's lock went with it"
    );
}

#[test]
fn saving_a_file_changed_on_disk_offers_reload_or_save_as() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let dialog = ScriptedDialog::new();
    let mut harness = window(Some(&path), "Casey Counsel", &dialog, None);
    let change_on_disk = |title: &str| {
        // A program that knows nothing of Redline's lock (an editor, a sync
        // tool) writes the file.
        let mut project = sample_project().expect("sample");
        project
            .apply(
                Command::SetTitle(title.into()),
                &redline::model::Actor {
                    user: Person::new("Other", "O"),
                    now: chrono::Utc::now(),
                },
            )
            .expect("retitle");
        std::fs::write(&path, project_file::to_ron_string(&project).expect("ron")).expect("write");
    };

    retitle(&mut harness, "Mine");
    change_on_disk("Theirs");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(harness.state().modal_title(), Some("Changed on disk"));
    assert_eq!(title_on_disk(&path), "Theirs", "nothing was written");
    assert!(harness.state().is_dirty());
    harness
        .get_by_label("Reload from disk, discarding your changes")
        .click();
    harness.run();
    assert_eq!(harness.state().project().document().title, "Theirs");
    assert!(!harness.state().is_dirty());

    retitle(&mut harness, "Mine again");
    change_on_disk("Theirs again");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let mine = folder.path().join("mine.redline.ron");
    dialog.push(DialogResult::Picked(mine.clone()));
    harness
        .get_by_label("Save your version as another file")
        .click();
    harness.run();
    assert_eq!(title_on_disk(&mine), "Mine again");
    assert_eq!(title_on_disk(&path), "Theirs again");
    assert_eq!(harness.state().file(), Some(mine.as_path()));
}

#[test]
fn save_as_asks_before_replacing_another_file() {
    let folder = tempfile::tempdir().expect("temp");
    let other = folder.path().join("other.redline.ron");
    std::fs::write(&other, "another project").expect("write");
    let dialog = ScriptedDialog::new();
    let mut harness = window(None, "Casey Counsel", &dialog, None);
    retitle(&mut harness, "Imported twice");
    for (button, replaced) in [("Cancel", false), ("Replace", true)] {
        dialog.push(DialogResult::Picked(other.clone()));
        harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        harness.run();
        assert_eq!(harness.state().modal_title(), Some("Replace the file?"));
        harness.get_by_label(button).click();
        harness.run();
        assert_eq!(harness.state().modal_title(), None);
        assert_eq!(
            std::fs::read_to_string(&other).expect("read") == "another project",
            !replaced
        );
        assert_eq!(harness.state().is_dirty(), !replaced);
    }
    assert_eq!(
        std::fs::read_to_string(redline::formats::atomic::backup_path(&other)).expect("bak"),
        "another project",
        "the replaced file is kept as .bak"
    );
}

#[test]
fn each_window_keeps_its_own_recovery_file_and_only_a_closed_window_s_is_offered() {
    let folder = tempfile::tempdir().expect("temp");
    let recovery = folder.path().join("recovery");
    let dialog = ScriptedDialog::new();
    let mut first = window(None, "Casey Counsel", &dialog, Some(recovery.clone()));
    let mut second = window(None, "Jordan Reviewer", &dialog, Some(recovery.clone()));
    retitle(&mut first, "First window's work");
    retitle(&mut second, "Second window's work");
    let files = [
        first.state().recovery_file().expect("autosave"),
        second.state().recovery_file().expect("autosave"),
    ];
    assert_ne!(files[0], files[1], "one recovery file per window");
    for _ in 0..100 {
        first.run();
        second.run();
        if files.iter().all(|file| file.is_file()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for (file, title) in files
        .iter()
        .zip(["First window's work", "Second window's work"])
    {
        assert_eq!(title_on_disk(file), title, "{}", file.display());
    }

    // While both windows live, a third offers neither's work.
    let third = window(None, "Casey Counsel", &dialog, Some(recovery.clone()));
    assert_eq!(third.state().modal_title(), None);
    drop(third);

    // The first window dies without closing cleanly: only its work is
    // offered to the next window.
    drop(first);
    let mut next = window(None, "Casey Counsel", &dialog, Some(recovery.clone()));
    assert_eq!(next.state().modal_title(), Some("Restore unsaved work?"));
    next.get_by_label("Restore").click();
    next.run();
    assert_eq!(next.state().modal_title(), None, "one offer only");
    assert_eq!(
        next.state().project().document().title,
        "First window's work"
    );
    assert!(files[1].is_file(), "the second window's file is untouched");
}
