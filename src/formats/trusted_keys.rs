//! The keys the user trusts to sign sign-off records and export manifests:
//! `trusted-keys` in the config folder, beside the user's own signing key
//! (see [`super::signing_key`]), one key a line:
//!
//! ```text
//! # public key (64 hex digits)                                    name
//! 9e162b6dfbdf86b7be0a5581175583baef18d2d878c6002b5c3ec4290a1f1483  Maren Oyelaran-Fisk
//! ```
//!
//! Blank lines and lines starting with `#` are ignored. The user's own key
//! is always trusted and is not listed. A list that other users can change
//! is refused (they could add their own key to it).

use super::FormatError;
use super::atomic::write_atomically;
use super::signing_key;
use crate::model::signoff::{is_public_key, key_fingerprint, public_key_hex};
use std::path::{Path, PathBuf};

/// The list's file name in the config folder.
const TRUST_FILE: &str = "trusted-keys";

/// What [`TrustList::trust`] calls the user's own key.
pub const OWN_KEY_NAME: &str = "your own key";

/// One trusted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The Ed25519 public key, 64 lower-case hex digits.
    pub public_key: String,
    /// Whose key it is, as the user wrote it.
    pub name: String,
}

/// The user's trusted keys and their own key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustList {
    /// The keys listed in `trusted-keys`, in file order.
    pub keys: Vec<TrustedKey>,
    /// The user's own public key, when they have a signing key.
    pub own_key: Option<String>,
}

impl TrustList {
    /// The name under which `public_key` is trusted ([`OWN_KEY_NAME`] for
    /// the user's own); `None` when it is not trusted.
    pub fn trust(&self, public_key: &str) -> Option<&str> {
        if self.own_key.as_deref() == Some(public_key) {
            return Some(OWN_KEY_NAME);
        }
        self.keys
            .iter()
            .find(|key| key.public_key == public_key)
            .map(|key| key.name.as_str())
    }
}

/// Where the list lives: `folder/trusted-keys`.
pub fn trust_path(folder: &Path) -> PathBuf {
    folder.join(TRUST_FILE)
}

/// Loads the list and the user's own key from `folder` (both may be
/// missing: an empty list).
pub fn load(folder: &Path) -> Result<TrustList, FormatError> {
    let own_key = signing_key::load(folder)?.map(|secret| public_key_hex(&secret));
    let path = trust_path(folder);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(FormatError::Io {
                action: "cannot read",
                path,
                reason: source,
            });
        }
    };
    if !text.is_empty() {
        signing_key::refuse_if_open(
            &path,
            0o022,
            "change this list of trusted keys",
            &format!("run chmod 600 {}", path.display()),
        )?;
    }
    Ok(TrustList {
        keys: parse(&path, &text)?,
        own_key,
    })
}

/// Adds `public_key` (64 hex digits) under `name`. Returns false when it
/// was trusted already (the list is then unchanged).
pub fn add(folder: &Path, public_key: &str, name: &str) -> Result<bool, FormatError> {
    let public_key = public_key.trim().to_ascii_lowercase();
    let path = trust_path(folder);
    if !is_public_key(&public_key) {
        return Err(FormatError::Invalid {
            path,
            message: format!(
                "\"{public_key}\" is not an Ed25519 public key (64 hex digits, as `redline trust list` and `redline verify` print them)"
            ),
        });
    }
    let mut list = load(folder)?;
    if list.trust(&public_key).is_some() {
        return Ok(false);
    }
    list.keys.push(TrustedKey {
        public_key,
        name: one_line(name),
    });
    save(folder, &list.keys)?;
    Ok(true)
}

/// Removes the key given as its public key or its fingerprint. Returns the
/// key removed; `None` when no listed key matches.
pub fn remove(folder: &Path, key_or_fingerprint: &str) -> Result<Option<TrustedKey>, FormatError> {
    let wanted = key_or_fingerprint.trim().to_ascii_lowercase();
    let mut list = load(folder)?;
    let Some(index) = list.keys.iter().position(|key| {
        key.public_key == wanted || key_fingerprint(&key.public_key).as_deref() == Some(&wanted)
    }) else {
        return Ok(None);
    };
    let removed = list.keys.remove(index);
    save(folder, &list.keys)?;
    Ok(Some(removed))
}

fn parse(path: &Path, text: &str) -> Result<Vec<TrustedKey>, FormatError> {
    let mut keys = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let key = key.to_ascii_lowercase();
        if !is_public_key(&key) {
            return Err(FormatError::Syntax {
                path: path.to_path_buf(),
                line: index + 1,
                column: 1,
                message: "not an Ed25519 public key (expected 64 hex digits, then a name)"
                    .to_string(),
            });
        }
        keys.push(TrustedKey {
            public_key: key,
            name: name.trim().to_string(),
        });
    }
    Ok(keys)
}

fn save(folder: &Path, keys: &[TrustedKey]) -> Result<(), FormatError> {
    signing_key::make_private_folder(folder)?;
    let mut text = String::from(
        "# Keys whose signatures Redline trusts: public key, then whose it is.\n# Edit with `redline trust add|list|remove`.\n",
    );
    for key in keys {
        text.push_str(&format!("{}  {}\n", key.public_key, key.name));
    }
    let path = trust_path(folder);
    write_atomically(&path, text.as_bytes(), false)?;
    restrict_to_owner(&path)
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

/// A name on one line: line breaks become spaces.
fn one_line(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}
