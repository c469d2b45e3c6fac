//! Atomic file replacement: the user's file on disk is always either the old
//! version or the new one, complete.
//!
//! The new content goes to a temporary file in the same folder, which is
//! flushed and synced, then renamed over the target (a rename within one
//! file system is atomic). The previous file is kept as `NAME.bak` first,
//! made by copying, so the target exists at every instant.

use super::FormatError;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, keeping the previous file as
/// `path` + `.bak` when `keep_backup`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), FormatError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "redline".to_string());
    let temporary = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let io_error = |action, source| FormatError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let write_temporary = || -> std::io::Result<()> {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.flush()?;
        file.sync_all()
    };
    if let Err(source) = write_temporary() {
        let _ = fs::remove_file(&temporary);
        return Err(io_error("cannot write", source));
    }
    if keep_backup && path.exists() {
        let backup = backup_path(path);
        let backup_temporary = folder.join(format!(".{file_name}.{}.bak.tmp", std::process::id()));
        let copy =
            fs::copy(path, &backup_temporary).and_then(|_| fs::rename(&backup_temporary, &backup));
        if let Err(source) = copy {
            let _ = fs::remove_file(&temporary);
            let _ = fs::remove_file(&backup_temporary);
            return Err(io_error("cannot keep a backup of", source));
        }
    }
    if let Err(source) = fs::rename(&temporary, path) {
        let _ = fs::remove_file(&temporary);
        return Err(io_error("cannot replace", source));
    }
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(folder) = File::open(&folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Where the previous version of `path` is kept: `path` + `.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}
