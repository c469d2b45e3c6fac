//! Signing a version off: the gate that lists everything unresolved, the
//! overrides the signer records, and the sign-off records themselves, which
//! form a hash chain.
//!
//! A record holds the signer, role, time, the version, the SHA-256 of the
//! version's canonical text (its paragraphs joined by `\n`, as stored) and
//! the SHA-256 of the previous record. Its own hash covers all of that, so
//! editing any earlier record breaks every later link:
//!
//! ```text
//!   record 1 ──hash₁──▶ record 2 (previous = hash₁) ──hash₂──▶ record 3 (previous = hash₂)
//! ```
//!
//! A record may also carry an Ed25519 signature of its hash with the public
//! key; the key itself is kept by the caller (the model has no I/O).

use super::ModelError;
use super::annotation::{CommentId, SuggestionId};
use super::checks::{CheckContext, Rule, Severity, run_checks};
use super::command::{Actor, Outcome};
use super::dates::{find_date_line, long_date};
use super::history::Step;
use super::project::Project;
use super::versions::{VersionId, VersionStatus};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ops::Range;

/// What kind of thing stands in the way of a sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockerCategory {
    /// A suggestion nobody accepted or rejected.
    PendingSuggestion,
    /// A comment thread still open.
    OpenComment,
    /// A comment or suggestion whose text was deleted.
    Orphan,
    /// A bracketed placeholder, `-OR-` alternative or TBD left in the text.
    TemplateLeftover,
    /// The effective date is missing or disagrees with the text.
    EffectiveDate,
    /// The material-change notice is missing or invalid.
    Notice,
    /// Another error-level finding of the policy checks, not dismissed.
    CheckFinding,
}

impl BlockerCategory {
    /// The name an override can use for the whole category.
    pub fn name(self) -> &'static str {
        match self {
            BlockerCategory::PendingSuggestion => "pending-suggestions",
            BlockerCategory::OpenComment => "open-comments",
            BlockerCategory::Orphan => "orphans",
            BlockerCategory::TemplateLeftover => "template-leftovers",
            BlockerCategory::EffectiveDate => "effective-date",
            BlockerCategory::Notice => "notice",
            BlockerCategory::CheckFinding => "check-findings",
        }
    }
}

/// Where a blocker is, so the GUI can jump to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockerLocation {
    /// A suggestion of the draft.
    Suggestion(SuggestionId),
    /// A comment thread of the draft.
    Comment(CommentId),
    /// Bytes of the version's text.
    VersionText(Range<usize>),
    /// The version as a whole (its dates or notice).
    Version,
}

/// One thing that stands in the way of signing a version off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    /// A key an override can name: `S3`, `C5`, `orphan-C7`, `leftover-1204`,
    /// `effective-date`, `notice-1`.
    pub key: String,
    /// Its category (an override can name the category instead).
    pub category: BlockerCategory,
    /// What it is, in words.
    pub description: String,
    /// Where it is.
    pub location: BlockerLocation,
}

/// A blocker the signer chose to override, kept in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The blocker's key.
    pub blocker: String,
    /// What it was.
    pub description: String,
}

/// An Ed25519 signature of a record's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSignature {
    /// The public key, hex.
    pub public_key: String,
    /// The signature of the record hash's bytes, hex.
    pub signature: String,
}

/// A sign-off: who approved which text, when, and over which objections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRecord {
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
    /// SHA-256 of the version's canonical text, hex.
    pub text_sha256: String,
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
    /// of the fields in a fixed order, so the encoding is unambiguous.
    pub fn compute_hash(&self) -> String {
        let overrides: Vec<[&str; 2]> = self
            .overrides
            .iter()
            .map(|item| [item.blocker.as_str(), item.description.as_str()])
            .collect();
        let canonical = serde_json::json!([
            "redline sign-off record 1",
            self.sequence,
            self.version.0,
            self.version_label,
            self.signer,
            self.role,
            self.at.to_rfc3339(),
            self.text_sha256,
            self.previous_record_sha256,
            overrides,
        ]);
        sha256_hex(canonical.to_string().as_bytes())
    }
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of a version's canonical text.
pub fn text_sha256(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// Checks a chain of records: each hash recomputes, each links to the one
/// before, sequences count from 1, and signatures verify. Returns what is
/// wrong, in words; empty when the chain is intact.
pub fn verify_chain(records: &[SignOffRecord]) -> Vec<String> {
    let mut problems = Vec::new();
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
            && !signature_holds(signature, &record.record_sha256)
        {
            problems.push(format!(
                "{name}: the Ed25519 signature does not match the record"
            ));
        }
    }
    problems
}

fn signature_holds(signature: &RecordSignature, record_sha256: &str) -> bool {
    let key =
        unhex::<32>(&signature.public_key).and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok());
    let signed =
        unhex::<64>(&signature.signature).map(|bytes| ed25519_dalek::Signature::from_bytes(&bytes));
    match (key, signed) {
        (Some(key), Some(signed)) => key.verify(record_sha256.as_bytes(), &signed).is_ok(),
        _ => false,
    }
}

/// The public key (hex) of a signing key's secret bytes.
pub fn public_key_hex(secret: &[u8; 32]) -> String {
    hex(SigningKey::from_bytes(secret).verifying_key().as_bytes())
}

impl Project {
    /// The sign-off records, oldest first.
    pub fn signoffs(&self) -> &[SignOffRecord] {
        &self.signoffs
    }

    /// Everything that stands in the way of signing `version` off today.
    pub fn signoff_gate(&self, version: VersionId, today: NaiveDate) -> Vec<Blocker> {
        let Some(target) = self.version(version) else {
            return Vec::new();
        };
        let mut blockers = Vec::new();
        for suggestion in self
            .suggestions
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
        {
            let (key, category, what) = if suggestion.orphaned {
                (
                    format!("orphan-{}", suggestion.id),
                    BlockerCategory::Orphan,
                    "orphaned suggestion",
                )
            } else {
                (
                    suggestion.id.to_string(),
                    BlockerCategory::PendingSuggestion,
                    "pending suggestion",
                )
            };
            blockers.push(Blocker {
                key,
                category,
                description: format!(
                    "{what} {} ({} by {})",
                    suggestion.id,
                    suggestion.kind.name(),
                    suggestion.author.name
                ),
                location: BlockerLocation::Suggestion(suggestion.id),
            });
        }
        for comment in self.comments.iter().filter(|comment| !comment.resolved) {
            let (key, category, what) = if comment.orphaned {
                (
                    format!("orphan-{}", comment.id),
                    BlockerCategory::Orphan,
                    "orphaned comment",
                )
            } else {
                (
                    comment.id.to_string(),
                    BlockerCategory::OpenComment,
                    "open comment",
                )
            };
            blockers.push(Blocker {
                key,
                category,
                description: format!(
                    "{what} {} by {}: {}",
                    comment.id,
                    comment.author.name,
                    first_line(&comment.body)
                ),
                location: BlockerLocation::Comment(comment.id),
            });
        }
        let context = CheckContext {
            text: target.text(),
            blocks: &target.content.blocks,
            organisation: &self.document.organisation,
            effective_date: target.effective_date,
            today,
            is_published: false,
            last_published: None,
            notice_channel_recorded: true,
            config: &self.settings.checks,
        };
        let leftover_rules = [
            Rule::TemplatePlaceholder,
            Rule::TemplateAlternative,
            Rule::TemplateInsert,
            Rule::Tbd,
        ];
        let date_rules = [Rule::EffectiveDateMissing, Rule::EffectiveDateMismatch];
        for (index, finding) in run_checks(&context).into_iter().enumerate() {
            if leftover_rules.contains(&finding.rule) {
                blockers.push(Blocker {
                    key: format!("leftover-{}", finding.range.start),
                    category: BlockerCategory::TemplateLeftover,
                    description: format!(
                        "template leftover \"{}\": {}",
                        &target.text()[finding.range.clone()],
                        finding.message
                    ),
                    location: BlockerLocation::VersionText(finding.range),
                });
            } else if finding.severity == Severity::Error
                && !date_rules.contains(&finding.rule)
                && !self.is_dismissed(&finding)
            {
                blockers.push(Blocker {
                    key: format!("check-{}", index + 1),
                    category: BlockerCategory::CheckFinding,
                    description: format!("{}: {}", finding.rule.id(), finding.message),
                    location: BlockerLocation::VersionText(finding.range),
                });
            }
        }
        let date_problem = match (target.effective_date, find_date_line(target.text())) {
            (None, _) => Some(format!("{} has no effective date", target.label)),
            (Some(recorded), Some(line)) if line.date != Some(recorded) => Some(format!(
                "the policy text says \"Effective Date: {}\" but the recorded effective date is {}",
                &target.text()[line.date_range.clone()],
                long_date(recorded)
            )),
            _ => None,
        };
        if let Some(description) = date_problem {
            blockers.push(Blocker {
                key: "effective-date".to_string(),
                category: BlockerCategory::EffectiveDate,
                description,
                location: BlockerLocation::Version,
            });
        }
        for (index, problem) in self.notice_problems(version).into_iter().enumerate() {
            if blockers
                .iter()
                .any(|blocker| blocker.category == BlockerCategory::EffectiveDate)
                && problem.ends_with("has no effective date")
            {
                continue;
            }
            blockers.push(Blocker {
                key: format!("notice-{}", index + 1),
                category: BlockerCategory::Notice,
                description: problem,
                location: BlockerLocation::Version,
            });
        }
        blockers
    }

    pub(super) fn sign_off(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        request: SignOffRequest,
    ) -> Result<Outcome, ModelError> {
        let SignOffRequest {
            version,
            role,
            overrides,
            signing_key,
        } = request;
        let target = self
            .version(version)
            .ok_or(ModelError::UnknownVersion(version))?;
        if target.status.is_frozen() {
            return Err(ModelError::VersionFrozen {
                label: target.label.clone(),
                status: target.status.name(),
            });
        }
        let label = target.label.clone();
        let text_hash = text_sha256(target.text());
        let blockers = self.signoff_gate(version, actor.now.date_naive());
        let covers = |blocker: &Blocker| {
            overrides.iter().any(|name| {
                name == "all" || *name == blocker.key || name == blocker.category.name()
            })
        };
        let uncovered: Vec<String> = blockers
            .iter()
            .filter(|blocker| !covers(blocker))
            .map(|blocker| format!("{}: {}", blocker.key, blocker.description))
            .collect();
        if !uncovered.is_empty() {
            return Err(ModelError::SignOffBlocked {
                label,
                blockers: uncovered,
            });
        }
        let recorded_overrides: Vec<Override> = blockers
            .into_iter()
            .map(|blocker| Override {
                blocker: blocker.key,
                description: blocker.description,
            })
            .collect();
        let mut record = SignOffRecord {
            sequence: self.signoffs.len() as u64 + 1,
            version,
            version_label: label.clone(),
            signer: actor.user.name.clone(),
            role,
            at: actor.now,
            text_sha256: text_hash,
            previous_record_sha256: self
                .signoffs
                .last()
                .map(|record| record.record_sha256.clone()),
            overrides: recorded_overrides,
            record_sha256: String::new(),
            signature: None,
        };
        record.record_sha256 = record.compute_hash();
        if let Some(secret) = signing_key {
            let key = SigningKey::from_bytes(&secret);
            record.signature = Some(RecordSignature {
                public_key: hex(key.verifying_key().as_bytes()),
                signature: hex(&key.sign(record.record_sha256.as_bytes()).to_bytes()),
            });
        }
        self.record_signoffs(step);
        self.record_version(step, version);
        step.label = format!("sign off {label}");
        step.log_events.push(format!(
            "signed off {version} \"{label}\" as {}{}",
            record.role,
            if record.overrides.is_empty() {
                String::new()
            } else {
                format!(
                    ", overriding {} blocker(s): {}",
                    record.overrides.len(),
                    record
                        .overrides
                        .iter()
                        .map(|item| item.blocker.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ));
        let overridden = record.overrides.len();
        self.signoffs.push(record);
        if let Some(index) = self
            .versions
            .iter()
            .position(|candidate| candidate.id == version)
        {
            self.versions[index].status = VersionStatus::SignedOff;
        }
        Ok(Outcome {
            summary: format!(
                "signed off {label}{}",
                if overridden == 0 {
                    String::new()
                } else {
                    format!(" ({overridden} blocker(s) overridden and recorded)")
                }
            ),
            ..Outcome::default()
        })
    }
}

/// What a sign-off command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRequest {
    /// The version to sign off.
    pub version: VersionId,
    /// The signer's role.
    pub role: String,
    /// Blocker keys, category names or `all` to override.
    pub overrides: Vec<String>,
    /// The secret bytes of an Ed25519 key to sign the record with.
    pub signing_key: Option<[u8; 32]>,
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(79).collect::<String>())
    } else {
        line.to_string()
    }
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
