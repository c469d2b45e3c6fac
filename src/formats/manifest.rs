//! The manifest written beside every export of a signed-off version: the
//! export's own SHA-256, the sign-off record, the chain of records up to it,
//! and (format 2) the exporter's Ed25519 signature binding the export's hash
//! to the record, so that `redline verify` can show the published file is
//! exactly what was approved, that the approval history was not edited, and
//! who vouches for both.
//!
//! Without a manifest signature anyone who changes the export can recompute
//! its hash in the manifest; so an unsigned manifest shows integrity only.
//!
//! The manifest sits at `EXPORT.manifest.json`.

use super::FormatError;
use super::atomic::write_atomically;
use crate::model::SignOffRecord;
use crate::model::signoff::{RecordSignature, sha256_hex, verify_chain};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest format written; format 1 (no signature) still verifies.
const MANIFEST_VERSION: u32 = 2;

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
    /// The exporter's signature of [`Manifest::statement_sha256`] (format 2,
    /// when the exporter has a signing key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_signature: Option<RecordSignature>,
}

impl Manifest {
    /// What the exporter signs: the hash of the format, the export's hash and
    /// the sign-off record's hash (not the file name, which may change).
    pub fn statement_sha256(&self) -> String {
        let statement = serde_json::json!([
            "redline export manifest 2",
            self.format,
            self.export_sha256,
            self.signoff.record_sha256,
        ]);
        sha256_hex(statement.to_string().as_bytes())
    }
}

/// Where the manifest of `export` goes.
pub fn manifest_path(export: &Path) -> PathBuf {
    let mut name = export.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// Writes the manifest for the export just written at `export`, signed with
/// `signing_key` when given.
pub fn write_manifest(
    export: &Path,
    export_bytes: &[u8],
    format: &str,
    chain: &[SignOffRecord],
    signing_key: Option<&[u8; 32]>,
) -> Result<PathBuf, FormatError> {
    let Some(signoff) = chain.last().cloned() else {
        return Err(FormatError::Invalid {
            path: export.to_path_buf(),
            message: "the version has no sign-off record".to_string(),
        });
    };
    let mut manifest = Manifest {
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
        export_signature: None,
    };
    manifest.export_signature =
        signing_key.map(|secret| RecordSignature::sign(secret, &manifest.statement_sha256()));
    let path = manifest_path(export);
    let json = serde_json::to_string_pretty(&manifest).map_err(|error| FormatError::Invalid {
        path: path.clone(),
        message: error.to_string(),
    })?;
    write_atomically(&path, format!("{json}\n").as_bytes(), false)?;
    Ok(path)
}

/// Reads a manifest, refusing one of a newer format.
pub fn read_manifest(path: &Path) -> Result<Manifest, FormatError> {
    let bytes = super::read_bounded(path)?;
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|error| FormatError::Syntax {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
    if manifest.manifest_version > MANIFEST_VERSION {
        return Err(FormatError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "written by a newer version of Redline (manifest format {}; this build reads formats up to {MANIFEST_VERSION}): update Redline to verify it",
                manifest.manifest_version
            ),
        });
    }
    Ok(manifest)
}

/// An export checked against its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCheck {
    /// The manifest read.
    pub manifest: Manifest,
    /// What differs, in words; empty when everything is intact.
    pub problems: Vec<String>,
}

/// Checks an export against its manifest: the file's hash, the chain, that
/// the manifest's record is the chain's last and names the manifest's
/// version, and the manifest's signature when it has one. Who signed (and
/// whether they are trusted) is for the caller to judge.
pub fn verify(export: &Path, manifest: &Path) -> Result<ExportCheck, FormatError> {
    let bytes = super::read_bounded(export)?;
    let manifest = read_manifest(manifest)?;
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
    if manifest.signoff.version_label != manifest.version {
        problems.push(format!(
            "the manifest names version {} but its sign-off record is for {}",
            manifest.version, manifest.signoff.version_label
        ));
    }
    if let Some(signature) = &manifest.export_signature
        && !signature.holds_for(&manifest.statement_sha256())
    {
        problems.push(
            "the manifest's signature does not match: the export or its manifest was changed after it was written"
                .to_string(),
        );
    }
    Ok(ExportCheck { manifest, problems })
}
