//! The user's config folder and their Ed25519 signing key for sign-off
//! records and export manifests, kept there as `signing-key` (64 hex
//! digits). Redline makes one the first time it is needed.
//!
//! Invariants (Unix): the folder is made `0700`; the key file is created
//! `0600` from its first byte (created exclusively with that mode, never
//! written first and restricted after); a key file that other users can
//! read or change is refused with a message, never used.

use super::FormatError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable that names the config folder instead of the
/// platform's.
pub const CONFIG_DIR_VARIABLE: &str = "REDLINE_CONFIG_DIR";

/// The key file's name in the config folder.
const KEY_FILE: &str = "signing-key";

/// The user's config folder for Redline: `$REDLINE_CONFIG_DIR`, else the
/// platform's config folder + `redline`. `None` when neither is known.
pub fn config_folder() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_VARIABLE) {
        Some(folder) if !folder.is_empty() => Some(PathBuf::from(folder)),
        _ => dirs::config_dir().map(|folder| folder.join("redline")),
    }
}

/// Where the key lives: `folder/signing-key`.
pub fn key_path(folder: &Path) -> PathBuf {
    folder.join(KEY_FILE)
}

/// Loads the key from `folder`; `None` when there is none yet.
pub fn load(folder: &Path) -> Result<Option<[u8; 32]>, FormatError> {
    let path = key_path(folder);
    match std::fs::metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => refuse_if_open(
            &path,
            0o077,
            "read or change this signing key",
            &format!(
                "run chmod 600 {}, or delete it to have a new key made if someone else may have read it",
                path.display()
            ),
        )?,
    }
    let text = std::fs::read_to_string(&path).map_err(|source| FormatError::Io {
        action: "cannot read",
        path: path.clone(),
        reason: source,
    })?;
    parse_key(text.trim())
        .map(Some)
        .ok_or_else(|| FormatError::Invalid {
            path,
            message: "not a signing key (expected 64 hex digits)".to_string(),
        })
}

/// Loads the key from `folder`, making and saving a new one when there is
/// none yet.
pub fn load_or_create(folder: &Path) -> Result<[u8; 32], FormatError> {
    if let Some(secret) = load(folder)? {
        return Ok(secret);
    }
    let path = key_path(folder);
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|error| FormatError::Invalid {
        path: path.clone(),
        message: format!("cannot make a key: {error}"),
    })?;
    make_private_folder(folder)?;
    let text: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
    match create_private(&path) {
        Ok(mut file) => {
            let written = file
                .write_all(format!("{text}\n").as_bytes())
                .and_then(|()| file.sync_all());
            if let Err(source) = written {
                let _ = std::fs::remove_file(&path);
                return Err(FormatError::Io {
                    action: "cannot write",
                    path,
                    reason: source,
                });
            }
            Ok(secret)
        }
        // Another Redline made one at the same moment: use that.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => load(folder)?
            .ok_or_else(|| FormatError::Invalid {
                path,
                message: "the signing key vanished while it was being read".to_string(),
            }),
        Err(source) => Err(FormatError::Io {
            action: "cannot create",
            path,
            reason: source,
        }),
    }
}

/// Creates `folder` (and its parents) as `0700`, or narrows an existing one
/// that other users can enter to `0700`.
pub(super) fn make_private_folder(folder: &Path) -> Result<(), FormatError> {
    let io_error = |action, source| FormatError::Io {
        action,
        path: folder.to_path_buf(),
        reason: source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        if let Ok(metadata) = std::fs::metadata(folder)
            && metadata.is_dir()
            && metadata.permissions().mode() & 0o077 != 0
        {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
                .map_err(|source| io_error("cannot make private", source))?;
        }
    }
    builder
        .create(folder)
        .map_err(|source| io_error("cannot create", source))
}

/// Opens a new file that only the user may read and write, failing when it
/// exists already.
pub(super) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Refuses `path` when other users have any of the permission bits in
/// `others_mask`: "other users can {what} (mode 0644), so Redline will not
/// use it: {fix}".
#[cfg(unix)]
pub(super) fn refuse_if_open(
    path: &Path,
    others_mask: u32,
    what: &str,
    fix: &str,
) -> Result<(), FormatError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|source| FormatError::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            reason: source,
        })?
        .permissions()
        .mode()
        & 0o777;
    if mode & others_mask == 0 {
        return Ok(());
    }
    Err(FormatError::Invalid {
        path: path.to_path_buf(),
        message: format!(
            "other users can {what} (mode {mode:04o}), so Redline will not use it: {fix}"
        ),
    })
}

#[cfg(not(unix))]
pub(super) fn refuse_if_open(
    _path: &Path,
    _others_mask: u32,
    _what: &str,
    _fix: &str,
) -> Result<(), FormatError> {
    Ok(())
}

fn parse_key(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut secret = [0u8; 32];
    for (index, byte) in secret.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).ok()?;
    }
    Some(secret)
}
