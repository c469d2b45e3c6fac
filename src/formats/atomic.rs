//! Careful file replacement: the user's file on disk is always either the
//! old version or the new one, complete, and a write never silently replaces
//! what someone else saved in the meantime.
//!
//! A write ([`write_checked`]) goes:
//!
//! 1. Symbolic links are followed: the bytes go to the link's target and
//!    the link stays a link.
//! 2. The file now at the target is locked with an exclusive OS lock, held
//!    until after the rename. Once granted, the lock is checked to be on the
//!    file still at the path (a writer that waited while another renamed a
//!    new file into place locks that one instead), so writers take turns
//!    from the check below to the rename.
//! 3. What is there is checked against what the caller expects ([`Expect`]):
//!    the content it read (by hash), nothing, or anything. A Redline window
//!    holding the file open (its [`super::lock`] edit lock) refuses the write
//!    too, unless the writer is that window.
//! 4. Temporary files that killed saves of this file left behind are
//!    removed.
//! 5. The new content goes to a temporary file in the same folder, created
//!    exclusively (`create_new`) with the target's permissions (or those the
//!    caller asks for a new file), owned like the target where the system
//!    allows (else a warning); then flushed and synced.
//! 6. When asked, the previous file is copied to `NAME.bak` through another
//!    exclusive temporary file with its permissions, so the target exists at
//!    every instant.
//! 7. The temporary file is renamed over the target (atomic within a file
//!    system); a new file is linked into place only if nothing is there yet.

use super::FormatError;
use super::lock::{self, EditLock};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How a temporary file's name ends; with the owner's host and process it
/// tells Redline's own leftovers from anything else.
const TEMPORARY_SUFFIX: &str = ".redline-tmp";

/// A temporary file older than this belongs to a save that died, wherever it
/// ran: no save takes an hour.
const STALE_TEMPORARY_AGE: Duration = Duration::from_secs(60 * 60);

/// How many symbolic links a path may go through.
const MAX_LINKS: usize = 40;

/// How many times to lock a file that keeps being replaced meanwhile.
const LOCK_ATTEMPTS: usize = 100;

/// Numbers this process's temporary files, so two threads never collide.
static TEMPORARY_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The SHA-256 of a file's content: what a save compares with the file on
/// disk to tell whether someone else saved it meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(Sha256::digest(bytes).into())
    }

    /// The hash of everything `reader` yields.
    fn of_reader(mut reader: impl Read) -> io::Result<ContentHash> {
        let mut hasher = Sha256::new();
        io::copy(&mut reader, &mut hasher)?;
        Ok(ContentHash(hasher.finalize().into()))
    }
}

/// What must be at the path for a write to go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Whatever is there, or nothing: the user said to replace it.
    Anything,
    /// Nothing: the write makes a new file.
    Nothing,
    /// The file as it was read, with this content: nobody saved it since.
    Unchanged(ContentHash),
}

/// How [`write_checked`] writes.
#[derive(Debug, Clone, Copy)]
pub struct WriteRules<'a> {
    /// What must be at the path.
    pub expect: Expect,
    /// Keep the previous file as `NAME.bak`.
    pub keep_backup: bool,
    /// The writer's own edit lock, when the writer is a window holding the
    /// file open; any other live edit lock refuses the write.
    pub edit_lock: Option<&'a EditLock>,
    /// Unix permissions for a file that does not exist yet (e.g. `0o600`
    /// for a recovery file); `None` for the system's default. An existing
    /// file keeps its own.
    pub new_file_mode: Option<u32>,
}

impl WriteRules<'_> {
    /// Replace whatever is there, keeping no backup.
    pub const REPLACE: WriteRules<'static> = WriteRules {
        expect: Expect::Anything,
        keep_backup: false,
        edit_lock: None,
        new_file_mode: None,
    };
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where the bytes went: the path, or the file a symbolic link there
    /// points to.
    pub path: PathBuf,
    /// The hash of what was written (what the next save expects).
    pub hash: ContentHash,
    /// What could not be kept as it was, e.g. the file's owner.
    pub warnings: Vec<String>,
}

/// Writes `bytes` to `path` atomically, replacing whatever is there (but
/// not a file a Redline window holds open), keeping the previous file as
/// `path` + `.bak` when `keep_backup`.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
) -> Result<Written, FormatError> {
    write_checked(
        path,
        bytes,
        &WriteRules {
            keep_backup,
            ..WriteRules::REPLACE
        },
    )
}

/// Writes `bytes` to `path` atomically when what is there is what `rules`
/// expect (see the module documentation for the steps).
pub fn write_checked(
    path: &Path,
    bytes: &[u8],
    rules: &WriteRules<'_>,
) -> Result<Written, FormatError> {
    let io_error = |action: &'static str| {
        move |reason: io::Error| FormatError::Io {
            action,
            path: path.to_path_buf(),
            reason,
        }
    };
    let target = resolve_symlinks(path).map_err(io_error("cannot follow the link"))?;
    let folder = folder_of(&target);
    let name = file_name_of(&target);
    let locked = lock_file_at(&target).map_err(io_error("cannot lock"))?;
    if let Some(holder) = lock::other_holder(&target, rules.edit_lock) {
        return Err(FormatError::Locked {
            path: target,
            holder: Box::new(holder),
        });
    }
    check_expectation(&target, locked.as_ref(), rules.expect)?;
    remove_stale_temporaries(&folder, &name);
    let previous = locked
        .as_ref()
        .map(File::metadata)
        .transpose()
        .map_err(io_error("cannot read"))?;
    let mut warnings = Vec::new();
    let temporary = temporary_path(&folder, &name);
    let written = write_temporary(&temporary, bytes, previous.as_ref(), rules.new_file_mode)
        .map_err(io_error("cannot write"));
    match written {
        Ok(warning) => {
            warnings.extend(warning.map(|warning| format!("{}: {warning}", target.display())))
        }
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            return Err(error);
        }
    }
    let put_in_place = || -> Result<(), FormatError> {
        if let (true, Some(file), Some(metadata)) = (rules.keep_backup, &locked, &previous) {
            keep_backup(file, metadata, &target, &folder, &name)
                .map_err(io_error("cannot keep a backup of"))?;
        }
        match (&locked, rules.expect) {
            (None, Expect::Nothing) => link_new(&temporary, &target),
            _ => fs::rename(&temporary, &target).map_err(io_error("cannot replace")),
        }
    };
    if let Err(error) = put_in_place() {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(folder) = File::open(&folder) {
        let _ = folder.sync_all();
    }
    drop(locked);
    Ok(Written {
        path: target,
        hash: ContentHash::of(bytes),
        warnings,
    })
}

/// Where the previous version of `path` is kept: `path` + `.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// The file `path` ends at after following symbolic links (relative links
/// from the folder they are in). A path with no file yet is returned as it
/// is, and a dangling link gives the file it would make.
pub fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// True when `a` and `b` name the same existing file (also through links,
/// or by another name).
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(first), Ok(second)) => same_identity(&first, &second, a, b),
        _ => false,
    }
}

#[cfg(unix)]
fn same_identity(first: &fs::Metadata, second: &fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    (first.dev(), first.ino()) == (second.dev(), second.ino())
}

#[cfg(not(unix))]
fn same_identity(_: &fs::Metadata, _: &fs::Metadata, a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// An exclusive OS lock on the file now at `path` (`None` when there is no
/// file), checked once granted to be on the file still at the path.
pub(crate) fn lock_file_at(path: &Path) -> io::Result<Option<File>> {
    for _ in 0..LOCK_ATTEMPTS {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        file.lock()?;
        if is_file_at(&file, path)? {
            return Ok(Some(file));
        }
        // Another writer renamed a new file into place while we waited.
    }
    Err(io::Error::other(
        "the file kept being replaced while waiting to lock it",
    ))
}

/// True when `file` is the file at `path` (not one renamed away from it).
#[cfg(unix)]
fn is_file_at(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match fs::metadata(path) {
        Ok(current) => Ok(held.dev() == current.dev() && held.ino() == current.ino()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// True when `file` is the file at `path`. Windows does not rename over an
/// open file, so the file locked is the file there.
#[cfg(not(unix))]
fn is_file_at(_file: &File, _path: &Path) -> io::Result<bool> {
    Ok(true)
}

/// Checks what is at `target` (`locked`, the file there, if any) against
/// `expect`.
fn check_expectation(
    target: &Path,
    locked: Option<&File>,
    expect: Expect,
) -> Result<(), FormatError> {
    match (expect, locked) {
        (Expect::Anything, _) | (Expect::Nothing, None) => Ok(()),
        (Expect::Nothing, Some(_)) => Err(FormatError::Exists {
            path: target.to_path_buf(),
        }),
        (Expect::Unchanged(_), None) => Err(FormatError::ChangedOnDisk {
            path: target.to_path_buf(),
        }),
        (Expect::Unchanged(expected), Some(file)) => {
            let found = ContentHash::of_reader(file).map_err(|reason| FormatError::Io {
                action: "cannot read",
                path: target.to_path_buf(),
                reason,
            })?;
            if found == expected {
                Ok(())
            } else {
                Err(FormatError::ChangedOnDisk {
                    path: target.to_path_buf(),
                })
            }
        }
    }
}

/// Puts the temporary file at `target` only if nothing is there: a hard
/// link fails rather than replace. Where links are not supported, a rename
/// after a last look.
fn link_new(temporary: &Path, target: &Path) -> Result<(), FormatError> {
    match fs::hard_link(temporary, target) {
        Ok(()) => {
            let _ = fs::remove_file(temporary);
            Ok(())
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(FormatError::Exists {
            path: target.to_path_buf(),
        }),
        Err(_) if fs::symlink_metadata(target).is_ok() => Err(FormatError::Exists {
            path: target.to_path_buf(),
        }),
        Err(_) => fs::rename(temporary, target).map_err(|reason| FormatError::Io {
            action: "cannot replace",
            path: target.to_path_buf(),
            reason,
        }),
    }
}

/// Writes and syncs the temporary file, created exclusively with the
/// previous file's permissions and owner (or `new_file_mode`). Returns a
/// warning when the owner could not be kept.
fn write_temporary(
    temporary: &Path,
    bytes: &[u8],
    previous: Option<&fs::Metadata>,
    new_file_mode: Option<u32>,
) -> io::Result<Option<String>> {
    let mut file = create_exclusive(temporary, previous, new_file_mode)?;
    let warning = match previous {
        Some(metadata) => keep_owner(&file, metadata)?,
        None => None,
    };
    file.write_all(bytes)?;
    file.flush()?;
    file.sync_all()?;
    Ok(warning)
}

/// Creates `path` exclusively (it must not exist, not even as a link) with
/// the permissions of `like` or `new_file_mode`: from its first byte no one
/// can read it who could not read the file it will replace.
fn create_exclusive(
    path: &Path,
    like: Option<&fs::Metadata>,
    new_file_mode: Option<u32>,
) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mode = like
            .map(|metadata| metadata.permissions().mode() & 0o777)
            .or(new_file_mode);
        if let Some(mode) = mode {
            options.mode(mode);
        }
        mode
    };
    #[cfg(not(unix))]
    let _ = new_file_mode;
    let file = options.open(path)?;
    // The umask may have taken permissions away; give the file exactly
    // those of the file it replaces (or asked for).
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    if let Some(metadata) = like {
        file.set_permissions(metadata.permissions())?;
    }
    Ok(file)
}

/// Gives `file` the owner and group of `like`; when the system does not
/// allow it (only root may give files away), the group alone, and a warning.
#[cfg(unix)]
fn keep_owner(file: &File, like: &fs::Metadata) -> io::Result<Option<String>> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) == (like.uid(), like.gid()) {
        return Ok(None);
    }
    if fchown(file, Some(like.uid()), Some(like.gid())).is_ok() {
        return Ok(None);
    }
    let group_kept = fchown(file, None, Some(like.gid())).is_ok();
    Ok((mine.uid() != like.uid() || !group_kept).then(|| {
        format!(
            "the file's owner (user {}, group {}) could not be kept: it now belongs to you",
            like.uid(),
            like.gid()
        )
    }))
}

/// Other systems give a replaced file no owner to keep.
#[cfg(not(unix))]
fn keep_owner(_file: &File, _like: &fs::Metadata) -> io::Result<Option<String>> {
    Ok(None)
}

/// Copies the locked previous file to `NAME.bak`, through an exclusive
/// temporary file with its permissions.
fn keep_backup(
    previous: &File,
    metadata: &fs::Metadata,
    target: &Path,
    folder: &Path,
    name: &str,
) -> io::Result<()> {
    let temporary = temporary_path(folder, &format!("{name}.bak"));
    let copy = || -> io::Result<()> {
        let mut backup = create_exclusive(&temporary, Some(metadata), None)?;
        let mut reader = previous;
        io::Seek::seek(&mut reader, io::SeekFrom::Start(0))?;
        io::copy(&mut reader, &mut backup)?;
        backup.sync_all()?;
        fs::rename(&temporary, backup_path(target))
    };
    let result = copy();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file's name as text.
fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "redline".to_string())
}

/// A fresh temporary file name for `name`: `.NAME~HOST~PID~N.redline-tmp`.
fn temporary_path(folder: &Path, name: &str) -> PathBuf {
    let number = TEMPORARY_COUNTER.fetch_add(1, Ordering::Relaxed);
    folder.join(format!(
        ".{name}~{}~{}~{number}{TEMPORARY_SUFFIX}",
        lock::this_host(),
        std::process::id()
    ))
}

/// Who made a temporary file of `name` (or of its backup): the host, when
/// the name says (older Redline builds named only the process), and the
/// process. `None` for any other file.
fn temporary_owner(file_name: &str, name: &str) -> Option<(Option<String>, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    if let Some(tagged) = rest.strip_suffix(TEMPORARY_SUFFIX) {
        let tagged = tagged.strip_prefix(".bak").unwrap_or(tagged);
        let mut fields = tagged.strip_prefix('~')?.rsplitn(3, '~');
        let _number: u64 = fields.next()?.parse().ok()?;
        let pid = fields.next()?.parse().ok()?;
        let host = fields.next()?;
        return Some((Some(host.to_string()), pid));
    }
    // Older builds: `.NAME.PID.tmp` and `.NAME.PID.bak.tmp`.
    let legacy = rest.strip_prefix('.')?.strip_suffix(".tmp")?;
    let pid = legacy.strip_suffix(".bak").unwrap_or(legacy);
    Some((None, pid.parse().ok()?))
}

/// Removes temporary files of `name` in `folder` left by saves that died:
/// their process is gone from this host, or they are older than any save.
fn remove_stale_temporaries(folder: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let host = lock::this_host();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((owner_host, pid)) = temporary_owner(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let on_this_host = owner_host.is_none_or(|owner| owner == host);
        let too_old = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > STALE_TEMPORARY_AGE);
        if (on_this_host && !lock::process_alive(pid)) || too_old {
            // Gone already (another cleaner) is as good as removed.
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_say_whose_they_are() {
        let host = lock::this_host();
        let path = temporary_path(Path::new("/x"), "p.redline.ron");
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert_eq!(
            temporary_owner(&name, "p.redline.ron"),
            Some((Some(host.clone()), std::process::id()))
        );
        assert_eq!(
            temporary_owner(".p.redline.ron.bak~a.b~c~77~3.redline-tmp", "p.redline.ron"),
            Some((Some("a.b~c".to_string()), 77))
        );
        assert_eq!(
            temporary_owner(".p.redline.ron.4242.tmp", "p.redline.ron"),
            Some((None, 4242))
        );
        assert_eq!(
            temporary_owner(".p.redline.ron.4242.bak.tmp", "p.redline.ron"),
            Some((None, 4242))
        );
        for other in [
            "p.redline.ron",
            ".p.redline.ron.lock",
            ".q.redline.ron.4242.tmp",
            ".p.redline.ron.notes.tmp",
            ".p.redline.ron~h~x~1.redline-tmp",
        ] {
            assert_eq!(temporary_owner(other, "p.redline.ron"), None, "{other}");
        }
    }
}
