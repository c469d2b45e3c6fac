//! Sign-off records, their hash chain and their signatures.
//!
//! A record's own hash covers every field but the hash and the signature,
//! including the previous record's hash, so editing any earlier record breaks
//! every later link, and a signature on one record vouches for it and for
//! every record before it:
//!
//! ```text
//!   record 1 ──hash₁──▶ record 2 (previous = hash₁) ──hash₂──▶ record 3 (previous = hash₂)
//!                                                              signed: covers 1, 2 and 3
//! ```
//!
//! Two record formats exist, told apart by `format`; both verify:
//!
//! | format | the content hash covers | the record also binds |
//! |---|---|---|
//! | 1 (before issue 16) | the version's text | signer, role, time, overrides |
//! | 2 | [`version_content_sha256`] (text and structure) | the title, the effective date, the purpose, the review log up to the sign-off, each override's reason |
//!
//! Whether a version still matches its record is asked in one place,
//! [`SignOffRecord::matches_version`].

use super::version_content_sha256;
use crate::model::annotation::LogEntry;
use crate::model::content::Content;
use crate::model::versions::{Version, VersionId};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The record format new sign-offs are written in.
pub const RECORD_FORMAT: u32 = 2;

fn format_one() -> u32 {
    1
}

/// What a sign-off approves the version for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SignOffPurpose {
    /// To be published: pending suggestions and template alternatives must
    /// be resolved, never overridden.
    #[default]
    Publication,
    /// An internal approval (e.g. to send to the certifier): everything can
    /// be overridden, with a reason.
    InternalApproval,
}

impl SignOffPurpose {
    /// "publication" or "internal approval".
    pub fn name(self) -> &'static str {
        match self {
            SignOffPurpose::Publication => "publication",
            SignOffPurpose::InternalApproval => "internal approval",
        }
    }
}

/// A blocker the signer chose to override, kept in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The blocker's key.
    pub blocker: String,
    /// What it was.
    pub description: String,
    /// Why the signer let it stand (format 2; empty in format 1 records).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// An Ed25519 signature of a record's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSignature {
    /// The public key, hex.
    pub public_key: String,
    /// The signature of the record hash's bytes, hex.
    pub signature: String,
}

impl RecordSignature {
    /// Signs `message` (a hash in hex) with the secret key's bytes.
    pub fn sign(secret: &[u8; 32], message: &str) -> RecordSignature {
        let key = SigningKey::from_bytes(secret);
        RecordSignature {
            public_key: hex(key.verifying_key().as_bytes()),
            signature: hex(&key.sign(message.as_bytes()).to_bytes()),
        }
    }

    /// True when this is a valid signature of `message` by its key.
    pub fn holds_for(&self, message: &str) -> bool {
        let key =
            unhex::<32>(&self.public_key).and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok());
        let signed =
            unhex::<64>(&self.signature).map(|bytes| ed25519_dalek::Signature::from_bytes(&bytes));
        match (key, signed) {
            (Some(key), Some(signed)) => key.verify_strict(message.as_bytes(), &signed).is_ok(),
            _ => false,
        }
    }
}

/// How much of the review log a record covers, and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogDigest {
    /// The number of log entries before the sign-off.
    pub entries: u64,
    /// [`review_log_sha256`] of those entries.
    pub sha256: String,
}

/// A sign-off: who approved which version, for what, when, and over which
/// objections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRecord {
    /// The record format (see the module docs); 1 when absent.
    #[serde(default = "format_one")]
    pub format: u32,
    /// Its place in the chain, from 1.
    pub sequence: u64,
    /// The version signed off.
    pub version: VersionId,
    /// The version's label.
    pub version_label: String,
    /// Who signed.
    pub signer: String,
    /// In what role, e.g. "General Counsel".
    pub role: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What for (format 2; `None` in format 1 records, which did not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<SignOffPurpose>,
    /// SHA-256 of the version's content, hex: its text in format 1,
    /// [`version_content_sha256`] in format 2.
    #[serde(alias = "text_sha256")]
    pub content_sha256: String,
    /// The version's title (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The version's effective date (format 2; `None` also when it had none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<NaiveDate>,
    /// The review log up to the sign-off (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_log: Option<LogDigest>,
    /// The previous record's hash, hex; none for the first.
    pub previous_record_sha256: Option<String>,
    /// The blockers overridden.
    pub overrides: Vec<Override>,
    /// SHA-256 of the fields above, hex.
    pub record_sha256: String,
    /// An Ed25519 signature of `record_sha256`, when the signer signed.
    pub signature: Option<RecordSignature>,
}

impl SignOffRecord {
    /// The hash of every field but the hash and the signature: a JSON array
    /// of the fields in a fixed order, so the encoding is unambiguous. Each
    /// format hashes exactly the fields it defines.
    pub fn compute_hash(&self) -> String {
        let canonical = if self.format == 1 {
            let overrides: Vec<[&str; 2]> = self
                .overrides
                .iter()
                .map(|item| [item.blocker.as_str(), item.description.as_str()])
                .collect();
            serde_json::json!([
                "redline sign-off record 1",
                self.sequence,
                self.version.0,
                self.version_label,
                self.signer,
                self.role,
                self.at.to_rfc3339(),
                self.content_sha256,
                self.previous_record_sha256,
                overrides,
            ])
        } else {
            let overrides: Vec<[&str; 3]> = self
                .overrides
                .iter()
                .map(|item| {
                    [
                        item.blocker.as_str(),
                        item.description.as_str(),
                        item.reason.as_str(),
                    ]
                })
                .collect();
            serde_json::json!([
                format!("redline sign-off record {}", self.format),
                self.sequence,
                self.version.0,
                self.version_label,
                self.signer,
                self.role,
                self.at.to_rfc3339(),
                self.purpose.map(SignOffPurpose::name),
                self.content_sha256,
                self.title,
                self.effective_date.map(|date| date.to_string()),
                self.review_log
                    .as_ref()
                    .map(|log| serde_json::json!([log.entries, log.sha256])),
                self.previous_record_sha256,
                overrides,
            ])
        };
        sha256_hex(canonical.to_string().as_bytes())
    }

    /// True when `version` is still exactly what this record signed off:
    /// the same version and label, and (format 1) the same text or
    /// (format 2) the same content, title and effective date.
    pub fn matches_version(&self, version: &Version) -> bool {
        if self.version != version.id || self.version_label != version.label {
            return false;
        }
        match self.format {
            // A format-1 record hashed the text with its structure marks
            // (`# `, `- `); a version read from such a file keeps those
            // exact bytes, which must also read as the version's content.
            1 => match &version.signed_text {
                Some(signed) => {
                    sha256_hex(signed.as_bytes()) == self.content_sha256
                        && Content::from_marked_text(signed) == version.content
                }
                None => sha256_hex(version.text().as_bytes()) == self.content_sha256,
            },
            2 => {
                version_content_sha256(version) == self.content_sha256
                    && self.title.as_deref() == Some(version.title.as_str())
                    && self.effective_date == version.effective_date
            }
            _ => false,
        }
    }

    /// The public key (hex) that signed the record, if it is signed.
    pub fn signer_key(&self) -> Option<&str> {
        self.signature
            .as_ref()
            .map(|signature| signature.public_key.as_str())
    }

    /// "sign-off record 2 (v2 by Maren Oyelaran-Fisk)", for messages.
    pub fn name(&self) -> String {
        format!(
            "sign-off record {} ({} by {})",
            self.sequence, self.version_label, self.signer
        )
    }

    /// True when a format 1 record carries a field only format 2 defines
    /// (which its hash would not cover).
    fn has_later_fields(&self) -> bool {
        self.purpose.is_some()
            || self.title.is_some()
            || self.effective_date.is_some()
            || self.review_log.is_some()
            || self.overrides.iter().any(|item| !item.reason.is_empty())
    }
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// One log entry's canonical line: a JSON array (so a newline inside a field
/// is escaped) and a line break.
fn log_line(entry: &LogEntry) -> String {
    let line = serde_json::json!([entry.at.to_rfc3339(), entry.by, entry.event]);
    format!("{line}\n")
}

/// SHA-256 of the review log's entries, each as one canonical line.
pub fn review_log_sha256(entries: &[LogEntry]) -> String {
    let mut hasher = Sha256::new();
    for entry in entries {
        hasher.update(log_line(entry).as_bytes());
    }
    hex(&hasher.finalize())
}

/// [`review_log_sha256`] of each prefix of `entries` whose length is in
/// `lengths`, in one pass; lengths past the end are left out.
pub(super) fn review_log_prefix_hashes(
    entries: &[LogEntry],
    lengths: impl IntoIterator<Item = u64>,
) -> BTreeMap<u64, String> {
    let mut wanted: Vec<u64> = lengths.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut hashes = BTreeMap::new();
    let mut hasher = Sha256::new();
    let mut wanted = wanted.into_iter().peekable();
    let mut done = 0u64;
    loop {
        while wanted.peek() == Some(&done) {
            hashes.insert(done, hex(&hasher.clone().finalize()));
            wanted.next();
        }
        let Some(entry) = usize::try_from(done)
            .ok()
            .and_then(|index| entries.get(index))
        else {
            break;
        };
        if wanted.peek().is_none() {
            break;
        }
        hasher.update(log_line(entry).as_bytes());
        done += 1;
    }
    hashes
}

/// Checks a chain of records: each has a known format and only its format's
/// fields, each hash recomputes, each links to the one before, sequences
/// count from 1, no format 1 record follows a format 2 one, and signatures
/// verify. Returns what is wrong, in words; empty when the chain is intact.
pub fn verify_chain(records: &[SignOffRecord]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen_format = 0;
    for (index, record) in records.iter().enumerate() {
        let name = format!(
            "sign-off record {} ({} by {})",
            index + 1,
            record.version_label,
            record.signer
        );
        if record.sequence != index as u64 + 1 {
            problems.push(format!("{name} says it is number {}", record.sequence));
        }
        match record.format {
            1 if record.has_later_fields() => problems.push(format!(
                "{name} is a format 1 record but carries fields only format 2 records have (purpose, title, effective date, review log or reasons)"
            )),
            1 if seen_format >= 2 => problems.push(format!(
                "{name} is a format 1 record after a format 2 record: Redline writes only format 2 records now"
            )),
            2 if record.purpose.is_none()
                || record.title.is_none()
                || record.review_log.is_none() =>
            {
                problems.push(format!(
                    "{name} lacks the purpose, title or review log a format 2 record has"
                ))
            }
            1 | 2 => {}
            other => problems.push(format!(
                "{name} has record format {other}, which this version of Redline does not know: update Redline to check it"
            )),
        }
        seen_format = seen_format.max(record.format);
        if record.compute_hash() != record.record_sha256 {
            problems.push(format!(
                "{name} was changed after it was made: its content no longer matches its hash"
            ));
        }
        let expected_previous = index
            .checked_sub(1)
            .map(|previous| records[previous].record_sha256.clone());
        if record.previous_record_sha256 != expected_previous {
            problems.push(format!("{name} does not link to the record before it"));
        }
        if let Some(signature) = &record.signature
            && !signature.holds_for(&record.record_sha256)
        {
            problems.push(format!(
                "{name}: the Ed25519 signature does not match the record"
            ));
        }
    }
    problems
}

/// In an intact chain, the first record at or after `index` that is signed
/// by a key `is_trusted` accepts: its signature covers record `index`
/// through the chain of hashes. `None` when no trusted signature covers it.
pub fn authenticating_record(
    records: &[SignOffRecord],
    index: usize,
    is_trusted: impl Fn(&str) -> bool,
) -> Option<usize> {
    records
        .iter()
        .enumerate()
        .skip(index)
        .find(|(_, record)| record.signer_key().is_some_and(&is_trusted))
        .map(|(position, _)| position)
}

/// The public key (hex) of a signing key's secret bytes.
pub fn public_key_hex(secret: &[u8; 32]) -> String {
    hex(SigningKey::from_bytes(secret).verifying_key().as_bytes())
}

/// A public key's fingerprint, as people compare it: the first 16 bytes of
/// the SHA-256 of the key's 32 bytes, in groups of four hex digits
/// (`3f2a:9c10:…`). `None` when `public_key_hex` is not 64 hex digits.
pub fn key_fingerprint(public_key_hex: &str) -> Option<String> {
    let key = unhex::<32>(public_key_hex)?;
    let digest = hex(&Sha256::digest(key));
    let groups: Vec<&str> = (0..8)
        .map(|group| &digest[group * 4..group * 4 + 4])
        .collect();
    Some(groups.join(":"))
}

/// True when `text` is 64 hex digits naming a valid Ed25519 public key.
pub fn is_public_key(text: &str) -> bool {
    unhex::<32>(text).is_some_and(|bytes| VerifyingKey::from_bytes(&bytes).is_ok())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0; N];
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(event: &str) -> LogEntry {
        LogEntry {
            at: DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default(),
            by: "M".to_string(),
            event: event.to_string(),
        }
    }

    #[test]
    fn prefix_hashes_equal_the_hashes_of_the_prefixes() {
        let log: Vec<LogEntry> = ["a", "b\nc", "d"].into_iter().map(entry).collect();
        let hashes = review_log_prefix_hashes(&log, [3, 0, 2, 9, 2]);
        assert_eq!(
            hashes,
            BTreeMap::from([
                (0, review_log_sha256(&[])),
                (2, review_log_sha256(&log[..2])),
                (3, review_log_sha256(&log)),
            ])
        );
    }

    #[test]
    fn a_newline_in_an_event_cannot_fake_two_entries() {
        assert_ne!(
            review_log_sha256(&[entry("a\nb")]),
            review_log_sha256(&[entry("a"), entry("b")])
        );
    }

    #[test]
    fn fingerprints_are_eight_groups_and_need_a_key() {
        let key = public_key_hex(&[7; 32]);
        let fingerprint = key_fingerprint(&key).unwrap_or_default();
        assert_eq!(fingerprint.len(), 39);
        assert_eq!(fingerprint.split(':').count(), 8);
        assert_eq!(key_fingerprint("not a key"), None);
        assert!(is_public_key(&key));
        assert!(!is_public_key(&"0".repeat(63)));
    }
}
