//! The manifest written beside every export of a signed-off version: the
//! export's own SHA-256, the sign-off record, and the chain of records up to
//! it, so that `redline verify` can show the published file is exactly what
//! was approved and that the approval history was not edited.
//!
//! The manifest sits at `EXPORT.manifest.json`.

use super::FormatError;
use super::atomic::write_atomically;
use crate::model::SignOffRecord;
use crate::model::signoff::{sha256_hex, verify_chain};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest's format version.
const MANIFEST_VERSION: u32 = 1;

/// What a manifest holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest's format version.
    pub manifest_version: u32,
    /// The export's file name.
    pub export_file: String,
    /// The export format, e.g. "pdf".
    pub format: String,
    /// SHA-256 of the export's bytes, hex.
    pub export_sha256: String,
    /// The version's label.
    pub version: String,
    /// The sign-off record of the exported version.
    pub signoff: SignOffRecord,
    /// Every sign-off record of the project up to and including that one.
    pub chain: Vec<SignOffRecord>,
}

/// Where the manifest of `export` goes.
pub fn manifest_path(export: &Path) -> PathBuf {
    let mut name = export.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// Writes the manifest for the export just written at `export`.
pub fn write_manifest(
    export: &Path,
    export_bytes: &[u8],
    format: &str,
    chain: &[SignOffRecord],
) -> Result<PathBuf, FormatError> {
    let Some(signoff) = chain.last().cloned() else {
        return Err(FormatError::Invalid {
            path: export.to_path_buf(),
            message: "the version has no sign-off record".to_string(),
        });
    };
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        export_file: export
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format: format.to_string(),
        export_sha256: sha256_hex(export_bytes),
        version: signoff.version_label.clone(),
        signoff,
        chain: chain.to_vec(),
    };
    let path = manifest_path(export);
    let json = serde_json::to_string_pretty(&manifest).map_err(|error| FormatError::Invalid {
        path: path.clone(),
        message: error.to_string(),
    })?;
    write_atomically(&path, format!("{json}\n").as_bytes(), false)?;
    Ok(path)
}

/// Checks an export against its manifest: the file's hash, the chain, and
/// that the manifest's record is the chain's last. Returns what differs, in
/// words; empty when everything is intact.
pub fn verify(export: &Path, manifest: &Path) -> Result<Vec<String>, FormatError> {
    let bytes = super::read_bounded(export)?;
    let manifest_bytes = super::read_bounded(manifest)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|error| FormatError::Syntax {
            path: manifest.to_path_buf(),
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
    let mut problems = Vec::new();
    let actual = sha256_hex(&bytes);
    if actual != manifest.export_sha256 {
        problems.push(format!(
            "{} is not the file that was signed off: its SHA-256 is {actual}, the manifest records {}",
            export.display(),
            manifest.export_sha256
        ));
    }
    problems.extend(verify_chain(&manifest.chain));
    if manifest.chain.last() != Some(&manifest.signoff) {
        problems
            .push("the manifest's sign-off record is not the last record of its chain".to_string());
    }
    Ok(problems)
}
