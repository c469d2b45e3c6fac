//! Files as the app sees them: picking paths (native dialogs behind a trait,
//! so tests can supply paths), recent files, and the crash-recovery file.
//!
//! The recovery file is the project as project-file text, written every few
//! seconds while there are unsaved changes, next to a small origin file that
//! names the file it belongs to. It is removed when the project is saved or
//! closed cleanly, so finding one at start-up means the app did not exit
//! cleanly.

use crate::formats::project_file;
use crate::model::Project;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a file dialog gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogResult {
    /// The user chose this path.
    Picked(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog can be shown here (no desktop portal, no zenity): ask for a
    /// typed path instead.
    Unavailable,
}

/// Asks the user for a path to open or save.
pub trait FileDialog {
    /// A project file to open.
    fn pick_open(&mut self) -> DialogResult;
    /// Where to save, suggesting `file_name`.
    fn pick_save(&mut self, file_name: &str) -> DialogResult;
    /// A file to import (any importable format).
    fn pick_import(&mut self) -> DialogResult {
        self.pick_open()
    }
    /// Where to write an export, suggesting `file_name`.
    fn pick_export(&mut self, file_name: &str) -> DialogResult {
        self.pick_save(file_name)
    }
}

/// Native dialogs through `rfd` (the desktop portal, or zenity).
#[derive(Debug, Default)]
pub struct NativeDialog;

impl NativeDialog {
    /// True when a dialog service may exist: a D-Bus session for the portal,
    /// or zenity on the path. Without either, `rfd` returns at once with no
    /// path, which would look like a cancel.
    pub fn is_available() -> bool {
        if cfg!(not(target_os = "linux")) {
            return true;
        }
        let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
        let has_zenity = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        });
        has_bus || has_zenity
    }
}

impl FileDialog for NativeDialog {
    fn pick_import(&mut self) -> DialogResult {
        if !NativeDialog::is_available() {
            return DialogResult::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Import a policy")
            .add_filter("Policy text", &["md", "markdown", "txt", "docx"])
            .pick_file()
        {
            Some(path) => DialogResult::Picked(path),
            None => DialogResult::Cancelled,
        }
    }

    fn pick_export(&mut self, file_name: &str) -> DialogResult {
        if !NativeDialog::is_available() {
            return DialogResult::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Export to")
            .set_file_name(file_name)
            .save_file()
        {
            Some(path) => DialogResult::Picked(path),
            None => DialogResult::Cancelled,
        }
    }

    fn pick_open(&mut self) -> DialogResult {
        if !NativeDialog::is_available() {
            return DialogResult::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Open a Redline project")
            .add_filter("Redline project", &["ron"])
            .pick_file()
        {
            Some(path) => DialogResult::Picked(path),
            None => DialogResult::Cancelled,
        }
    }

    fn pick_save(&mut self, file_name: &str) -> DialogResult {
        if !NativeDialog::is_available() {
            return DialogResult::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Save the Redline project")
            .add_filter("Redline project", &["ron"])
            .set_file_name(file_name)
            .save_file()
        {
            Some(path) => DialogResult::Picked(path),
            None => DialogResult::Cancelled,
        }
    }
}

/// A dialog that answers from a script: for tests, and for the path field
/// fallback. Clones share the script.
#[derive(Debug, Clone, Default)]
pub struct ScriptedDialog {
    answers: Arc<Mutex<VecDeque<DialogResult>>>,
}

impl ScriptedDialog {
    /// A dialog with no answers queued (it answers `Cancelled`).
    pub fn new() -> ScriptedDialog {
        ScriptedDialog::default()
    }

    /// Queues the next answer.
    pub fn push(&self, answer: DialogResult) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push_back(answer);
        }
    }

    fn next(&self) -> DialogResult {
        self.answers
            .lock()
            .ok()
            .and_then(|mut answers| answers.pop_front())
            .unwrap_or(DialogResult::Cancelled)
    }
}

impl FileDialog for ScriptedDialog {
    fn pick_open(&mut self) -> DialogResult {
        self.next()
    }

    fn pick_save(&mut self, _file_name: &str) -> DialogResult {
        self.next()
    }
}

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 8;

/// Puts `path` first in `recent`, without duplicates.
pub fn remember_recent(recent: &mut Vec<PathBuf>, path: &Path) {
    recent.retain(|known| known != path);
    recent.insert(0, path.to_path_buf());
    recent.truncate(MAX_RECENT);
}

/// The recovery file of a recovery directory.
pub fn recovery_file(dir: &Path) -> PathBuf {
    dir.join("recovery.redline.ron")
}

fn origin_file(dir: &Path) -> PathBuf {
    dir.join("recovery-origin.txt")
}

/// Writes the recovery file for `project`, which belongs to `origin`.
pub fn write_recovery(
    dir: &Path,
    project: &Project,
    origin: Option<&Path>,
) -> Result<(), crate::formats::FormatError> {
    let io_error = |path: PathBuf| {
        move |source| crate::formats::FormatError::Io {
            action: "cannot write",
            path,
            reason: source,
        }
    };
    std::fs::create_dir_all(dir).map_err(io_error(dir.to_path_buf()))?;
    let origin_text = origin
        .map(|path| path.display().to_string())
        .unwrap_or_default();
    std::fs::write(origin_file(dir), origin_text).map_err(io_error(origin_file(dir)))?;
    project_file::save(&recovery_file(dir), project)
}

/// Removes the recovery file (nothing to recover).
pub fn clear_recovery(dir: &Path) {
    for path in [recovery_file(dir), origin_file(dir)] {
        // A missing file is the normal case.
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("ron.bak"));
    }
}

/// A recovery file left by a session that did not exit cleanly.
#[derive(Debug)]
pub struct Recovery {
    /// The recovered project.
    pub project: Project,
    /// The file it belonged to, if it had one.
    pub origin: Option<PathBuf>,
}

/// Reads a recovery file, if there is one.
pub fn find_recovery(dir: &Path) -> Option<Result<Recovery, crate::formats::FormatError>> {
    let path = recovery_file(dir);
    if !path.is_file() {
        return None;
    }
    let origin = std::fs::read_to_string(origin_file(dir))
        .ok()
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
        .map(PathBuf::from);
    Some(project_file::load(&path).map(|project| Recovery { project, origin }))
}

/// The crash-recovery autosave: while there are unsaved changes, the
/// project is written to the recovery file every few seconds, from a
/// snapshot, on a thread of its own (writing a large project takes a
/// while); the recovery file goes once the changes are saved or dropped.
pub struct Autosave {
    dir: Option<PathBuf>,
    every: std::time::Duration,
    last_time: f64,
    revision: Option<u64>,
    written: bool,
    failed: bool,
    result: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
}

/// What a frame's autosave check asks of the app.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AutosaveTick {
    /// A failure to show (once per run of failures).
    pub failure: Option<String>,
    /// Repaint after this long, to check again.
    pub repaint_after: Option<std::time::Duration>,
}

impl Autosave {
    /// Autosave into `dir` (`None`: off) every `every`.
    pub fn new(dir: Option<PathBuf>, every: std::time::Duration) -> Autosave {
        Autosave {
            dir,
            every,
            last_time: 0.0,
            revision: None,
            written: false,
            failed: false,
            result: None,
        }
    }

    /// True while the last autosave failed.
    pub fn is_failing(&self) -> bool {
        self.failed
    }

    /// The recovery folder, when autosave is on.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Once per frame, at `now` (seconds): collects a finished write, and
    /// starts one when the project has changes the recovery file lacks.
    pub fn tick(
        &mut self,
        now: f64,
        project: &Project,
        origin: Option<&Path>,
        dirty: bool,
    ) -> AutosaveTick {
        let mut tick = AutosaveTick::default();
        let Some(dir) = self.dir.clone() else {
            return tick;
        };
        if let Some(receiver) = &self.result {
            match receiver.try_recv() {
                Ok(result) => {
                    self.result = None;
                    match result {
                        Ok(()) => self.failed = false,
                        Err(error) if !self.failed => {
                            self.failed = true;
                            tick.failure = Some(format!("autosave failed: {error}"));
                        }
                        Err(_) => {}
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    tick.repaint_after = Some(std::time::Duration::from_millis(100));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.result = None,
            }
        }
        if !dirty {
            // Nothing to recover; wait for a write in flight before removing it.
            if self.written && self.result.is_none() {
                clear_recovery(&dir);
                self.written = false;
            }
            return tick;
        }
        if self.revision != Some(project.revision())
            && now - self.last_time >= self.every.as_secs_f64()
            && self.result.is_none()
        {
            self.last_time = now;
            self.revision = Some(project.revision());
            self.written = true;
            let project = project.clone();
            let origin = origin.map(Path::to_path_buf);
            let (sender, receiver) = std::sync::mpsc::channel();
            self.result = Some(receiver);
            std::thread::spawn(move || {
                let result = write_recovery(&dir, &project, origin.as_deref())
                    .map_err(|error| error.to_string());
                // The app may be gone by now; then nobody needs the result.
                let _ = sender.send(result);
            });
        }
        let every = self.every.max(std::time::Duration::from_millis(100));
        tick.repaint_after = Some(tick.repaint_after.map_or(every, |soon| soon.min(every)));
        tick
    }

    /// The project was saved, replaced or closed: the recovery file goes
    /// (a write still in flight is removed once it lands).
    pub fn forget(&mut self) {
        if let Some(dir) = &self.dir {
            clear_recovery(dir);
            self.written = self.result.is_some();
        }
        self.revision = None;
    }
}
