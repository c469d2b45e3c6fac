//! The edit lock: a small file beside a project that a Redline window has
//! open (`.NAME.lock` next to `NAME`), saying who has it, so that a second
//! window offers to open it read-only and the command line does not write
//! over it.
//!
//! The lock file holds JSON: the user's name, the host, the process id, when
//! the window opened the file, and a random token that tells the window its
//! own lock from another's. A lock is stale, and taken over, when its
//! process is gone from this host, or when it has not been refreshed for
//! [`STALE_AFTER`] (its window refreshes it every [`REFRESH_EVERY`], so an
//! old lock belongs to a window that died on another host, or was asleep).
//! Taking a lock over happens under the same OS lock on the project file as
//! a save, so two windows never both take over the same stale lock.
//!
//! The lock is advice between Redline processes; what makes a lost update
//! impossible is the content check every save makes ([`super::atomic`]).

use super::FormatError;
use super::atomic::{lock_file_at, resolve_symlinks};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A lock not refreshed for this long is stale.
pub const STALE_AFTER: Duration = Duration::from_secs(30 * 60);

/// How often a window refreshes its lock.
pub const REFRESH_EVERY: Duration = Duration::from_secs(5 * 60);

/// Who holds a project open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// The user's name, as Redline knows it.
    pub user: String,
    /// The computer.
    pub host: String,
    /// The window's process.
    pub pid: u32,
    /// When the window opened the file.
    pub since: DateTime<Utc>,
    /// Tells one window's lock from another's.
    token: String,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (process {}) since {}",
            self.user,
            self.host,
            self.pid,
            self.since.format("%Y-%m-%d %H:%M UTC")
        )
    }
}

/// A window's hold on a project file; released when dropped.
#[derive(Debug)]
pub struct EditLock {
    /// The lock file.
    path: PathBuf,
    /// What it says.
    holder: LockHolder,
}

/// What trying to lock a project gave.
#[derive(Debug)]
pub enum LockOutcome {
    /// The lock is ours.
    Acquired(EditLock),
    /// Someone else has the project open.
    HeldBy(LockHolder),
}

/// Locks `project` (the file a symbolic link points to, when it is one) for
/// a window used by `user`, unless a live lock of someone else's is there.
pub fn acquire(project: &Path, user: &str) -> Result<LockOutcome, FormatError> {
    let io_error = |reason| FormatError::Io {
        action: "cannot lock",
        path: project.to_path_buf(),
        reason,
    };
    let target = resolve_symlinks(project).map_err(io_error)?;
    let path = lock_path(&target);
    // Serialises taking over a stale lock with other windows and saves.
    let _turn = lock_file_at(&target).map_err(io_error)?;
    let holder = LockHolder {
        user: user.to_string(),
        host: this_host(),
        pid: std::process::id(),
        since: Utc::now(),
        token: new_token(),
    };
    let text = serde_json::to_string(&holder).map_err(|error| io_error(error.into()))?;
    // Two rounds: the second follows the removal of a stale lock.
    for _ in 0..2 {
        match create_lock_file(&path, &target, &text) {
            Ok(()) => return Ok(LockOutcome::Acquired(EditLock { path, holder })),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                if let Some(other) = live_holder(&path) {
                    return Ok(LockOutcome::HeldBy(other));
                }
                fs::remove_file(&path)
                    .or_else(ignore_not_found)
                    .map_err(io_error)?;
            }
            Err(error) => return Err(io_error(error)),
        }
    }
    match live_holder(&path) {
        Some(other) => Ok(LockOutcome::HeldBy(other)),
        None => Err(io_error(io::Error::other(
            "its lock file keeps coming back",
        ))),
    }
}

/// The live holder of `project`'s edit lock, unless that is `mine` (the
/// writer's own lock) or there is none.
pub fn other_holder(project: &Path, mine: Option<&EditLock>) -> Option<LockHolder> {
    let target = resolve_symlinks(project).ok()?;
    live_holder(&lock_path(&target))
        .filter(|holder| mine.is_none_or(|mine| mine.holder.token != holder.token))
}

impl EditLock {
    /// Who holds it (this window).
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// Marks the lock as still in use. False when it is no longer ours (it
    /// went stale and another window took it over).
    pub fn refresh(&self) -> bool {
        if !self.is_still_ours() {
            return false;
        }
        OpenOptions::new()
            .write(true)
            .open(&self.path)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .is_ok()
    }

    /// True while the lock file is this lock's.
    fn is_still_ours(&self) -> bool {
        read_holder(&self.path).is_some_and(|holder| holder.token == self.holder.token)
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Another window's lock (after a takeover) is left alone.
        if self.is_still_ours() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The lock file of a project file: `.NAME.lock` beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    let name = project
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    project.with_file_name(format!(".{name}.lock"))
}

/// This computer's name, as lock and temporary files record it (without
/// the characters those names use as separators).
pub fn this_host() -> String {
    let name: String = gethostname::gethostname()
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "unknown-host".to_string()
    } else {
        name
    }
}

/// True unless process `pid` of this host is known to be gone. Only Linux
/// can tell (from `/proc`); elsewhere a lock goes stale by age alone.
pub fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// The holder named in the lock file at `path`, unless it is stale (or
/// there is no readable lock).
fn live_holder(path: &Path) -> Option<LockHolder> {
    let holder = read_holder(path)?;
    let age = fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .unwrap_or_default();
    let process_gone = holder.host == this_host() && !process_alive(holder.pid);
    (!process_gone && age <= STALE_AFTER).then_some(holder)
}

/// The holder a lock file names, if it is a lock file.
fn read_holder(path: &Path) -> Option<LockHolder> {
    let text = fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Creates the lock file exclusively, no more readable than the project.
fn create_lock_file(path: &Path, project: &Path, text: &str) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if let Ok(metadata) = fs::metadata(project) {
            options.mode(metadata.permissions().mode() & 0o666);
        }
    }
    #[cfg(not(unix))]
    let _ = project;
    let mut file: File = options.open(path)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

/// A random token; the process and time when the system has no randomness.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    match getrandom::fill(&mut bytes) {
        Ok(()) => bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        Err(_) => format!(
            "{}-{}",
            std::process::id(),
            Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ),
    }
}

/// A missing file is as good as a removed one.
fn ignore_not_found(error: io::Error) -> io::Result<()> {
    if error.kind() == io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(error)
    }
}
