//! The user's Ed25519 signing key for sign-off records, kept in the user's
//! config folder as `signing-key` (64 hex digits, readable only by the
//! user). Redline makes one the first time it is needed.

use super::FormatError;
use super::atomic::write_atomically;
use std::path::{Path, PathBuf};

/// The key file's name in the config folder.
const KEY_FILE: &str = "signing-key";

/// Where the key lives: `folder/signing-key`.
pub fn key_path(folder: &Path) -> PathBuf {
    folder.join(KEY_FILE)
}

/// Loads the key from `folder`, making and saving a new one when there is
/// none yet.
pub fn load_or_create(folder: &Path) -> Result<[u8; 32], FormatError> {
    let path = key_path(folder);
    let invalid = |message: &str| FormatError::Invalid {
        path: path.clone(),
        message: message.to_string(),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(text.trim())
            .ok_or_else(|| invalid("not a signing key (expected 64 hex digits)")),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret)
                .map_err(|error| invalid(&format!("cannot make a key: {error}")))?;
            std::fs::create_dir_all(folder).map_err(|source| FormatError::Io {
                action: "cannot create",
                path: folder.to_path_buf(),
                reason: source,
            })?;
            let text: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
            write_atomically(&path, format!("{text}\n").as_bytes(), false)?;
            restrict_to_owner(&path)?;
            Ok(secret)
        }
        Err(source) => Err(FormatError::Io {
            action: "cannot read",
            path,
            reason: source,
        }),
    }
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

#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> Result<(), FormatError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|source| {
        FormatError::Io {
            action: "cannot protect",
            path: path.to_path_buf(),
            reason: source,
        }
    })
}

#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) -> Result<(), FormatError> {
    Ok(())
}
