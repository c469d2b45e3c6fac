//! A review desk driven by egui_kittest: the real app on the bundled sample,
//! with a scripted file dialog and throw-away folders. Shared by the GUI test
//! binaries through `#[path]`.

#![allow(dead_code)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redline::app::{Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::sample::sample_project;
use redline::model::Person;

/// The app, the dialog its file pickers answer from, and its folders.
pub struct Desk {
    pub harness: Harness<'static, RedlineApp>,
    pub dialog: ScriptedDialog,
    pub dir: tempfile::TempDir,
}

/// The sample opened by Casey Counsel in a window of `size` points.
pub fn open_sample(size: [f32; 2]) -> Desk {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialog = ScriptedDialog::new();
    let setup = Setup {
        project: Some(sample_project().expect("sample")),
        user: Some(Person::new("Casey Counsel", "CC")),
        dialog: Box::new(dialog.clone()),
        recovery_dir: Some(dir.path().join("recovery")),
        preferences: Some(Preferences::default()),
        config_dir: Some(dir.path().join("config")),
        ..Setup::default()
    };
    // After a jump the review panel follows the document while measured
    // paragraph heights replace estimates: a few more frames to settle.
    let harness = Harness::builder()
        .with_size(size)
        .with_max_steps(40)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    Desk {
        harness,
        dialog,
        dir,
    }
}

/// Clicks the control labelled `label` and lets the app settle.
pub fn click(desk: &mut Desk, label: &str) {
    desk.harness.get_by_label(label).click();
    desk.harness.run();
}

/// Focuses the text field labelled `label`, then types into it.
pub fn type_into(desk: &mut Desk, label: &str, text: &str) {
    desk.harness.get_by_label(label).focus();
    desk.harness.run();
    desk.harness.get_by_label(label).type_text(text);
    desk.harness.run();
}
