//! Files as the app sees them: picking paths (native dialogs behind a trait,
//! so tests can supply paths), recent files, opening a project for a window
//! (its edit lock, what the file held), and the crash-recovery files.
//!
//! Each window has its own recovery slot ([`RecoverySlot`]): a folder under
//! the recovery folder holding the project as project-file text, written
//! every few seconds while there are unsaved changes, next to a small origin
//! file that names the file it belongs to. They are removed when the project
//! is saved or closed cleanly, so finding one at start-up whose window is
//! gone means that window did not exit cleanly.

use crate::formats::atomic::{ContentHash, WriteRules, write_checked};
use crate::formats::lock::{self, EditLock, LockHolder, LockOutcome};
use crate::formats::{FormatError, project_file, project_io};
use crate::model::Project;
use std::collections::VecDeque;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// A reviewer's copy to bring back.
    fn pick_returned_copy(&mut self) -> DialogResult {
        self.pick_import()
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

    fn pick_returned_copy(&mut self) -> DialogResult {
        if !NativeDialog::is_available() {
            return DialogResult::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Bring back a reviewer's copy")
            .add_filter("Reviewer's copy", &["docx", "md", "markdown", "txt"])
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

/// What the window knows of its file on disk.
#[derive(Debug, Default)]
pub struct Disk {
    /// What the file held when it was opened or last saved: a save expects
    /// to find it still there. `None` when the window's project was not
    /// read from its file (recovered work), so saving there asks first.
    pub hash: Option<ContentHash>,
    /// The window's edit lock on the file.
    pub lock: Option<EditLock>,
    /// Another window has the file open: Save asks for a new name.
    pub read_only: bool,
}

/// A project read from a file for the window, with the window's lock on it
/// (when it could be taken).
pub struct OpenedFile {
    /// The project.
    pub project: Project,
    /// What the window knows of the file.
    pub disk: Disk,
    /// A problem worth telling the user that did not stop the opening.
    pub warnings: Vec<String>,
}

/// What opening a file for the window gave.
pub enum OpenResult {
    /// Opened, locked for this window (unless locking failed: see
    /// `warnings`).
    Opened(Box<OpenedFile>),
    /// Another window has it open: the user may open it read-only.
    HeldBy(LockHolder),
}

/// Opens `path` for a window used by `user`: takes the edit lock, then reads
/// the file. A folder where no lock file can be made does not stop the
/// opening (a warning says so).
pub fn open_for_window(path: &Path, user: &str) -> Result<OpenResult, FormatError> {
    let mut warnings = Vec::new();
    let lock = match lock::acquire(path, user) {
        Ok(LockOutcome::Acquired(lock)) => Some(lock),
        Ok(LockOutcome::HeldBy(holder)) => return Ok(OpenResult::HeldBy(holder)),
        Err(error) => {
            warnings.push(format!(
                "{error}; other Redline windows will not see that you have it open"
            ));
            None
        }
    };
    let opened = project_io::open(path)?;
    warnings.extend(opened.project.warnings());
    Ok(OpenResult::Opened(Box::new(OpenedFile {
        project: opened.project,
        disk: Disk {
            hash: Some(opened.hash),
            lock,
            read_only: false,
        },
        warnings,
    })))
}

/// Opens `path` read-only (another window holds it): no lock is taken, and
/// the window will not save over it.
pub fn open_read_only(path: &Path) -> Result<OpenedFile, FormatError> {
    let opened = project_io::open(path)?;
    let warnings = opened.project.warnings();
    Ok(OpenedFile {
        project: opened.project,
        disk: Disk {
            hash: Some(opened.hash),
            lock: None,
            read_only: true,
        },
        warnings,
    })
}

/// The recovery file of a recovery folder (a window's slot, or the shared
/// folder older builds wrote to).
pub fn recovery_file(dir: &Path) -> PathBuf {
    dir.join("recovery.redline.ron")
}

fn origin_file(dir: &Path) -> PathBuf {
    dir.join("recovery-origin.txt")
}

/// The file a window holds locked while it lives, in its slot.
fn owner_file(dir: &Path) -> PathBuf {
    dir.join("owner.lock")
}

/// Writes the recovery file for `project`, which belongs to `origin`, into
/// the recovery folder `dir` (only the user can read them).
pub fn write_recovery(
    dir: &Path,
    project: &Project,
    origin: Option<&Path>,
) -> Result<(), FormatError> {
    std::fs::create_dir_all(dir).map_err(|reason| FormatError::Io {
        action: "cannot write",
        path: dir.to_path_buf(),
        reason,
    })?;
    let origin_text = origin
        .map(|path| path.display().to_string())
        .unwrap_or_default();
    let private = WriteRules {
        new_file_mode: Some(RECOVERY_MODE),
        ..WriteRules::REPLACE
    };
    write_checked(&origin_file(dir), origin_text.as_bytes(), &private)?;
    let text = project_file::to_ron_string(project)?;
    write_checked(&recovery_file(dir), text.as_bytes(), &private)?;
    Ok(())
}

/// Permissions of recovery files: the user's alone, whatever the project's.
const RECOVERY_MODE: u32 = 0o600;

/// Removes the recovery file of the folder `dir` (nothing to recover).
pub fn clear_recovery(dir: &Path) {
    for path in [recovery_file(dir), origin_file(dir)] {
        // A missing file is the normal case.
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("ron.bak"));
    }
}

/// A window's own place in the recovery folder: a folder of its own, with a
/// file the window holds locked while it lives. The next start offers only
/// the work of windows whose lock is gone, so two windows never share a
/// recovery file and no window offers another live window's work.
#[derive(Debug)]
pub struct RecoverySlot {
    folder: PathBuf,
    /// Locked while the window lives; the OS releases it if the window dies.
    _owner: File,
}

impl RecoverySlot {
    /// Claims a new slot under the recovery folder `root`.
    pub fn claim(root: &Path) -> Result<RecoverySlot, FormatError> {
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |reason| FormatError::Io {
                action: "cannot write",
                path,
                reason,
            }
        };
        std::fs::create_dir_all(root).map_err(io_error(root))?;
        let mut attempt = 0u32;
        let folder = loop {
            let folder = root.join(format!(
                "window-{}-{}",
                std::process::id(),
                NEXT_SLOT.fetch_add(1, Ordering::Relaxed)
            ));
            match std::fs::create_dir(&folder) {
                Ok(()) => break folder,
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => {
                    attempt += 1;
                }
                Err(error) => return Err(io_error(&folder)(error)),
            }
        };
        let owner = File::options()
            .write(true)
            .create_new(true)
            .open(owner_file(&folder))
            .map_err(io_error(&owner_file(&folder)))?;
        owner
            .try_lock()
            .map_err(|error| io_error(&owner_file(&folder))(error.into()))?;
        Ok(RecoverySlot {
            folder,
            _owner: owner,
        })
    }

    /// The slot's folder, where [`write_recovery`] writes.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Makes a found recovery this window's: its files move into this slot
    /// (so they stay until this window saves or clears them) and its old
    /// slot goes.
    pub fn adopt(&self, found: FoundSlot) {
        for file in [recovery_file, origin_file] {
            let _ = std::fs::rename(file(&found.folder), file(&self.folder));
        }
        found.remove();
    }

    /// Removes the slot (the window closes cleanly).
    pub fn release(self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Numbers this process's recovery slots.
static NEXT_SLOT: AtomicU64 = AtomicU64::new(0);

/// The slot of a window that is gone, held locked so that no other new
/// window offers the same work.
#[derive(Debug)]
pub struct FoundSlot {
    folder: PathBuf,
    /// Whether the folder is a slot of its own (not the shared folder of
    /// older builds), which goes with its files.
    own_folder: bool,
    _owner: Option<File>,
}

impl FoundSlot {
    /// Removes the found work (discarded, or adopted).
    pub fn remove(self) {
        if self.own_folder {
            let _ = std::fs::remove_dir_all(&self.folder);
        } else {
            clear_recovery(&self.folder);
        }
    }
}

/// A recovery file left by a window that did not close cleanly.
#[derive(Debug)]
pub struct Recovery {
    /// The recovered project.
    pub project: Project,
    /// The file it belonged to, if it had one.
    pub origin: Option<PathBuf>,
    /// Where it was found.
    pub slot: FoundSlot,
}

/// The recovery files under `root` of windows that are gone (their lock is
/// free), and the one older builds wrote into `root` itself. Slots of
/// windows still open are left alone; empty slots of closed ones removed.
pub fn find_recoveries(root: &Path) -> Vec<Result<Recovery, FormatError>> {
    let mut found = Vec::new();
    let mut slots = vec![FoundSlot {
        folder: root.to_path_buf(),
        own_folder: false,
        _owner: None,
    }];
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.flatten() {
            let folder = entry.path();
            if !folder.is_dir() {
                continue;
            }
            let Ok(owner) = File::options().write(true).open(owner_file(&folder)) else {
                continue;
            };
            if owner.try_lock().is_err() {
                // A window still open (or one claiming it right now).
                continue;
            }
            slots.push(FoundSlot {
                folder,
                own_folder: true,
                _owner: Some(owner),
            });
        }
    }
    for slot in slots {
        let path = recovery_file(&slot.folder);
        if !path.is_file() {
            if slot.own_folder {
                slot.remove();
            }
            continue;
        }
        let origin = std::fs::read_to_string(origin_file(&slot.folder))
            .ok()
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
            .map(PathBuf::from);
        found.push(project_file::load(&path).map(|project| Recovery {
            project,
            origin,
            slot,
        }));
    }
    found
}

/// The crash-recovery autosave: while there are unsaved changes, the
/// project is written to this window's recovery slot every few seconds, from
/// a snapshot, on a thread of its own (writing a large project takes a
/// while); the recovery file goes once the changes are saved or dropped.
pub struct Autosave {
    slot: Option<RecoverySlot>,
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
    /// Autosave every `every`, off until a slot is claimed.
    pub fn new(every: std::time::Duration) -> Autosave {
        Autosave {
            slot: None,
            every,
            last_time: 0.0,
            revision: None,
            written: false,
            failed: false,
            result: None,
        }
    }

    /// Turns autosave on in a new slot of this window under the recovery
    /// folder `root`.
    pub fn claim(&mut self, root: &Path) -> Result<(), FormatError> {
        self.slot = Some(RecoverySlot::claim(root)?);
        Ok(())
    }

    /// True while the last autosave failed.
    pub fn is_failing(&self) -> bool {
        self.failed
    }

    /// This window's slot, when autosave is on.
    pub fn slot(&self) -> Option<&RecoverySlot> {
        self.slot.as_ref()
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
        let Some(dir) = self.slot.as_ref().map(|slot| slot.folder().to_path_buf()) else {
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
        if let Some(slot) = &self.slot {
            clear_recovery(slot.folder());
            self.written = self.result.is_some();
        }
        self.revision = None;
    }

    /// Makes recovered work this window's (it stays until saved or
    /// dropped); without a slot of its own, the found work stays where it is
    /// for the next start.
    pub fn adopt(&mut self, found: FoundSlot) {
        if let Some(slot) = &self.slot {
            slot.adopt(found);
            self.written = true;
        }
    }

    /// The window closes cleanly: its slot goes.
    pub fn release(&mut self) {
        if let Some(slot) = self.slot.take() {
            slot.release();
        }
    }
}
