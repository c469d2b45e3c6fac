//! The window and its file on disk: opening a project (taking the edit lock,
//! or offering read-only when another window has it), saving without losing
//! anyone's work, and the window's own crash-recovery slot.
//!
//! Saving the file the window opened expects the file to hold what it held
//! when opened or last saved: when another program or window saved it
//! meanwhile, nothing is written and the window offers to reload or save
//! under another name. Saving over any other existing file asks first.

use super::dialogs::Modal;
use super::files::{self, Disk, OpenResult, OpenedFile};
use super::{RedlineApp, lock_user};
use crate::formats::atomic::{Expect, is_same_file};
use crate::formats::lock::{self, LockOutcome, REFRESH_EVERY};
use crate::formats::{FormatError, project_file, project_io};
use std::path::{Path, PathBuf};

impl RedlineApp {
    /// Claims this window's recovery slot under `root` and offers the work
    /// of windows that did not close cleanly.
    pub(super) fn start_recovery(&mut self, root: &Path) {
        match self.autosave.claim(root) {
            Ok(()) => {}
            Err(error) => self.notice(format!("autosave is off: {error}"), true),
        }
        for found in files::find_recoveries(root) {
            match found {
                Ok(recovery) => self.modals.push(Modal::Recovery(Box::new(recovery))),
                Err(error) => self.notice(
                    format!("a recovery file was found but cannot be read: {error}"),
                    true,
                ),
            }
        }
    }

    /// Opens `path` in this window, or asks about opening it read-only when
    /// another window has it open.
    pub(super) fn open_path(&mut self, path: &Path) {
        if self.is_current_file(path) && !self.disk.read_only {
            // Opening the file this window holds again: read it afresh.
            self.reload();
            return;
        }
        match files::open_for_window(path, &lock_user(&self.prefs)) {
            Ok(OpenResult::Opened(opened)) => {
                self.show_opened(*opened, path);
                self.status = format!("Opened {}", path.display());
            }
            Ok(OpenResult::HeldBy(holder)) => self.modals.push(Modal::Locked {
                path: path.to_path_buf(),
                holder,
            }),
            Err(error) => self.notice(error.to_string(), true),
        }
    }

    /// Opens `path` without locking it or saving over it.
    pub(super) fn open_read_only(&mut self, path: &Path) {
        match files::open_read_only(path) {
            Ok(opened) => {
                self.show_opened(opened, path);
                self.status = format!(
                    "Opened {} read-only: Save asks for a new name",
                    path.display()
                );
            }
            Err(error) => self.notice(error.to_string(), true),
        }
    }

    /// Reads the window's file again, keeping its lock; the changes since
    /// the last save are dropped (the user chose to).
    pub(super) fn reload(&mut self) {
        let Some(path) = self.file.clone() else {
            return;
        };
        match project_io::open(&path) {
            Ok(opened) => {
                let warnings = opened.project.warnings();
                let disk = Disk {
                    hash: Some(opened.hash),
                    lock: self.disk.lock.take(),
                    read_only: self.disk.read_only,
                };
                self.show_opened(
                    OpenedFile {
                        project: opened.project,
                        disk,
                        warnings,
                    },
                    &path,
                );
                self.status = format!("Reloaded {}", path.display());
            }
            Err(error) => self.notice(error.to_string(), true),
        }
    }

    fn show_opened(&mut self, opened: OpenedFile, path: &Path) {
        let OpenedFile {
            project,
            disk,
            warnings,
        } = opened;
        self.replace_project(project, Some(path.to_path_buf()), String::new(), disk);
        files::remember_recent(&mut self.prefs.recent, path);
        for warning in warnings {
            self.notice(warning, false);
        }
    }

    /// True when `path` is the window's file.
    fn is_current_file(&self, path: &Path) -> bool {
        self.file
            .as_deref()
            .is_some_and(|file| file == path || is_same_file(file, path))
    }

    /// Saves to `path` (a project name ending is added when missing): the
    /// window's own file if nobody saved it meanwhile, a new file, or, after
    /// asking, another existing file.
    pub(super) fn save_to(&mut self, ctx: &egui::Context, path: &Path) -> bool {
        let path = if path.to_string_lossy().ends_with(".ron") {
            path.to_path_buf()
        } else {
            PathBuf::from(format!("{}{}", path.display(), project_file::EXTENSION))
        };
        let expect = match self.disk.hash {
            Some(hash) if self.is_current_file(&path) && !self.disk.read_only => {
                Expect::Unchanged(hash)
            }
            _ if std::fs::symlink_metadata(&path).is_ok() => {
                self.modals.push(Modal::ConfirmReplace { path });
                return false;
            }
            _ => Expect::Nothing,
        };
        self.write_project(ctx, &path, expect)
    }

    /// Writes the project to `path` if what is there is what `expect` says.
    pub(super) fn write_project(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        expect: Expect,
    ) -> bool {
        match project_io::save(path, &self.project, expect, self.disk.lock.as_ref()) {
            Ok(written) => {
                for warning in written.warnings {
                    self.notice(warning, false);
                }
                if !self.is_current_file(path) || self.disk.read_only {
                    self.lock_new_file(path);
                }
                self.saved_state = self.project.state_id();
                self.file = Some(path.to_path_buf());
                self.disk.hash = Some(written.hash);
                self.disk.read_only = false;
                files::remember_recent(&mut self.prefs.recent, path);
                self.status = format!("Saved {}", path.display());
                self.autosave.forget();
                if let Some(pending) = self.after_save.take() {
                    self.run_pending(ctx, pending);
                }
                true
            }
            Err(FormatError::ChangedOnDisk { path }) => {
                self.after_save = None;
                self.modals.push(Modal::ChangedOnDisk { path });
                false
            }
            Err(error) => {
                self.after_save = None;
                self.notice(error.to_string(), true);
                false
            }
        }
    }

    /// After saving under a new name: this window now holds that file (and
    /// lets go of the old one).
    fn lock_new_file(&mut self, path: &Path) {
        self.disk.lock = match lock::acquire(path, &lock_user(&self.prefs)) {
            Ok(LockOutcome::Acquired(lock)) => Some(lock),
            Ok(LockOutcome::HeldBy(holder)) => {
                self.notice(
                    format!("{} is also open in Redline by {holder}", path.display()),
                    false,
                );
                None
            }
            Err(error) => {
                self.notice(
                    format!("{error}; other Redline windows will not see that you have it open"),
                    false,
                );
                None
            }
        };
    }

    /// Keeps the edit lock fresh, so others do not take it for stale; says
    /// so when another window took it over meanwhile.
    pub(super) fn refresh_lock(&mut self) {
        if self.now - self.lock_refreshed_at < REFRESH_EVERY.as_secs_f64() {
            return;
        }
        self.lock_refreshed_at = self.now;
        if let Some(lock) = &self.disk.lock
            && !lock.refresh()
        {
            self.disk.lock = None;
            self.notice(
                format!(
                    "another Redline window took over {} while this one was idle; saving still checks that nobody saved it meanwhile",
                    self.display_name()
                ),
                true,
            );
        }
    }
}
