//! Signing a version off: the gate that lists everything unresolved, the
//! overrides the signer records (each with a reason), what the sign-off is
//! for, and the sign-off records themselves, which form a hash chain (see
//! `record`).
//!
//! Rules the gate enforces:
//! - every blocker is resolved or overridden with a reason;
//! - overriding everything at once (`all`) needs a second confirmation;
//! - a sign-off for publication cannot override a pending suggestion or an
//!   unresolved template alternative (`[…] -OR- …`); one for internal
//!   approval can.
//!
//! The content of a version is hashed in one place,
//! [`version_content_sha256`]; whether a version still matches its record is
//! asked in one place, [`SignOffRecord::matches_version`].

mod record;

pub use record::{
    LogDigest, Override, RECORD_FORMAT, RecordSignature, SignOffPurpose, SignOffRecord,
    authenticating_record, is_public_key, key_fingerprint, public_key_hex, review_log_sha256,
    sha256_hex, verify_chain,
};

use super::ModelError;
use super::annotation::{CommentId, SuggestionId};
use super::checks::{CheckContext, Rule, Severity, run_checks};
use super::command::{Actor, Outcome};
use super::dates::{find_date_line, long_date};
use super::history::Step;
use super::project::Project;
use super::versions::{Version, VersionId, VersionStatus};
use chrono::NaiveDate;
use std::ops::Range;

/// The override name that covers every blocker.
pub const OVERRIDE_ALL: &str = "all";

/// SHA-256 (hex) of a version's content: what a sign-off record (format 2)
/// fixes. Every caller that hashes a version's content goes through here.
///
/// It covers the words and the structure: the hash is taken of a JSON array
/// in a fixed layout, one entry per paragraph with its words, its block and
/// its marks (byte offsets within the paragraph), so changing a link's
/// target, a heading level or a list's numbering after sign-off is caught.
pub fn version_content_sha256(version: &Version) -> String {
    let content = &version.content;
    let paragraphs: Vec<serde_json::Value> = content
        .paragraphs()
        .map(|(range, block)| {
            let marks: Vec<serde_json::Value> = content
                .marks
                .in_range(range.clone())
                .map(|span| {
                    serde_json::json!([
                        span.range.start - range.start,
                        span.range.end - range.start,
                        span.marks
                    ])
                })
                .collect();
            serde_json::json!([&content.text[range], block, marks])
        })
        .collect();
    let canonical = serde_json::json!(["redline version content 2", paragraphs]);
    sha256_hex(canonical.to_string().as_bytes())
}

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
    /// False for what a sign-off for publication must resolve, never
    /// override: a pending suggestion, an unresolved template alternative.
    pub overridable_for_publication: bool,
}

impl Blocker {
    /// True when a sign-off for `purpose` may override this blocker.
    pub fn can_override(&self, purpose: SignOffPurpose) -> bool {
        purpose == SignOffPurpose::InternalApproval || self.overridable_for_publication
    }

    /// True when the override `name` (a key, a category name or
    /// [`OVERRIDE_ALL`]) covers this blocker.
    pub fn is_covered_by(&self, name: &str) -> bool {
        name == OVERRIDE_ALL || name == self.key || name == self.category.name()
    }

    /// "S3: pending suggestion S3 (…)", as error messages list it.
    fn line(&self) -> String {
        format!("{}: {}", self.key, self.description)
    }
}

/// One override asked for: a blocker key, a category name or
/// [`OVERRIDE_ALL`], and why it may stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideRequest {
    /// What to override.
    pub name: String,
    /// Why; recorded in the sign-off and required.
    pub reason: String,
}

impl Project {
    /// The sign-off records, oldest first.
    pub fn signoffs(&self) -> &[SignOffRecord] {
        &self.signoffs
    }

    /// True unless the version's latest sign-off was for internal approval
    /// only (a format 1 record, which did not say, counts as publication).
    pub fn signed_off_for_publication(&self, version: VersionId) -> bool {
        self.signoffs
            .iter()
            .rev()
            .find(|record| record.version == version)
            .is_none_or(|record| record.purpose != Some(SignOffPurpose::InternalApproval))
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
                overridable_for_publication: false,
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
                overridable_for_publication: true,
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
                    overridable_for_publication: finding.rule != Rule::TemplateAlternative,
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
                    overridable_for_publication: true,
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
                overridable_for_publication: true,
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
                overridable_for_publication: true,
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
            purpose,
            overrides,
            override_all_confirmed,
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
        let blockers = self.signoff_gate(version, actor.now.date_naive());
        check_overrides(&label, &blockers, &overrides, override_all_confirmed)?;
        // An exact key wins over a category, a category over `all`, so the
        // most specific reason is the one recorded.
        let reason_for = |blocker: &Blocker| {
            let find = |wanted: &dyn Fn(&str) -> bool| {
                overrides
                    .iter()
                    .find(|item| wanted(&item.name))
                    .map(|item| item.reason.trim().to_string())
            };
            find(&|name| name == blocker.key)
                .or_else(|| find(&|name| name == blocker.category.name()))
                .or_else(|| find(&|name| name == OVERRIDE_ALL))
        };
        let must_resolve: Vec<String> = blockers
            .iter()
            .filter(|blocker| !blocker.can_override(purpose))
            .map(Blocker::line)
            .collect();
        let uncovered: Vec<String> = blockers
            .iter()
            .filter(|blocker| blocker.can_override(purpose) && reason_for(blocker).is_none())
            .map(Blocker::line)
            .collect();
        if !must_resolve.is_empty() || !uncovered.is_empty() {
            return Err(ModelError::SignOffBlocked {
                label,
                purpose: purpose.name(),
                must_resolve,
                blockers: uncovered,
            });
        }
        let recorded_overrides: Vec<Override> = blockers
            .iter()
            .map(|blocker| Override {
                blocker: blocker.key.clone(),
                description: blocker.description.clone(),
                reason: reason_for(blocker).unwrap_or_default(),
            })
            .collect();
        let mut record = SignOffRecord {
            format: RECORD_FORMAT,
            sequence: self.signoffs.len() as u64 + 1,
            version,
            version_label: label.clone(),
            signer: actor.user.name.clone(),
            role,
            at: actor.now,
            purpose: Some(purpose),
            content_sha256: version_content_sha256(target),
            title: Some(target.title.clone()),
            effective_date: target.effective_date,
            review_log: Some(LogDigest {
                entries: self.log.len() as u64,
                sha256: review_log_sha256(&self.log),
            }),
            previous_record_sha256: self
                .signoffs
                .last()
                .map(|record| record.record_sha256.clone()),
            overrides: recorded_overrides,
            record_sha256: String::new(),
            signature: None,
        };
        record.record_sha256 = record.compute_hash();
        record.signature =
            signing_key.map(|secret| RecordSignature::sign(&secret, &record.record_sha256));
        self.record_signoffs(step);
        self.record_version(step, version);
        step.label = format!("sign off {label}");
        step.log_events.push(format!(
            "signed off {version} \"{label}\" as {} for {}{}",
            record.role,
            purpose.name(),
            if record.overrides.is_empty() {
                String::new()
            } else {
                format!(
                    ", overriding {} blocker(s): {}",
                    record.overrides.len(),
                    overrides_in_words(&record.overrides)
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
                "signed off {label} for {}{}",
                purpose.name(),
                if overridden == 0 {
                    String::new()
                } else {
                    format!(" ({overridden} blocker(s) overridden and recorded with reasons)")
                }
            ),
            ..Outcome::default()
        })
    }

    /// Everything wrong with the project's sign-offs: the chain itself
    /// ([`verify_chain`]), each record against its version
    /// ([`SignOffRecord::matches_version`]) and, for format 2 records, against
    /// the review log; and signed-off versions that no record names. Empty
    /// when intact.
    pub fn signoff_problems(&self) -> Vec<String> {
        let mut problems = verify_chain(&self.signoffs);
        let log_hashes = record::review_log_prefix_hashes(
            &self.log,
            self.signoffs
                .iter()
                .filter_map(|record| record.review_log.as_ref())
                .map(|digest| digest.entries),
        );
        for record in &self.signoffs {
            let name = record.name();
            match self.version(record.version) {
                None => problems.push(format!(
                    "{name} names version {}, which the project does not have",
                    record.version
                )),
                Some(version) => {
                    if !record.matches_version(version) {
                        problems.push(format!(
                            "{name}: {} was changed after it was signed off: it no longer matches the record",
                            version.label
                        ));
                    }
                    if !version.status.is_frozen() {
                        problems.push(format!(
                            "{name}: {} is marked {} although it was signed off",
                            version.label,
                            version.status.name()
                        ));
                    }
                }
            }
            if let Some(digest) = &record.review_log {
                match log_hashes.get(&digest.entries) {
                    None => problems.push(format!(
                        "{name}: the review log was cut short: the record covers {} entries, the log has {}",
                        digest.entries,
                        self.log.len()
                    )),
                    Some(hash) if *hash != digest.sha256 => problems.push(format!(
                        "{name}: the review log before it was changed"
                    )),
                    Some(_) => {}
                }
            }
        }
        for version in self.versions.iter().filter(|version| {
            version.status.is_frozen()
                && !self
                    .signoffs
                    .iter()
                    .any(|record| record.version == version.id)
        }) {
            problems.push(format!(
                "{} is marked {} but no sign-off record names it",
                version.label,
                version.status.name()
            ));
        }
        problems
    }
}

/// Refuses overrides without a reason, an unconfirmed `all`, and names that
/// match no blocker.
fn check_overrides(
    label: &str,
    blockers: &[Blocker],
    overrides: &[OverrideRequest],
    override_all_confirmed: bool,
) -> Result<(), ModelError> {
    for item in overrides {
        if item.reason.trim().is_empty() {
            return Err(ModelError::OverrideReasonMissing {
                name: if item.name == OVERRIDE_ALL {
                    "every blocker".to_string()
                } else {
                    item.name.clone()
                },
            });
        }
        if item.name == OVERRIDE_ALL {
            if !override_all_confirmed {
                return Err(ModelError::OverrideAllUnconfirmed {
                    count: blockers.len(),
                });
            }
        } else if !blockers
            .iter()
            .any(|blocker| blocker.is_covered_by(&item.name))
        {
            return Err(ModelError::UnknownOverride {
                name: item.name.clone(),
                label: label.to_string(),
            });
        }
    }
    Ok(())
}

/// The overrides in words, blockers with the same reason grouped:
/// "C2, C5 (reason: agreed by phone); notice-1 (reason: sent on Monday)";
/// "(no reason recorded)" for format 1 records.
pub fn overrides_in_words(overrides: &[Override]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for item in overrides {
        match groups.iter_mut().find(|(reason, _)| *reason == item.reason) {
            Some((_, keys)) => keys.push(&item.blocker),
            None => groups.push((&item.reason, vec![&item.blocker])),
        }
    }
    let groups: Vec<String> = groups
        .into_iter()
        .map(|(reason, keys)| {
            if reason.is_empty() {
                format!("{} (no reason recorded)", keys.join(", "))
            } else {
                format!("{} (reason: {reason})", keys.join(", "))
            }
        })
        .collect();
    groups.join("; ")
}

/// What a sign-off command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRequest {
    /// The version to sign off.
    pub version: VersionId,
    /// The signer's role.
    pub role: String,
    /// What the sign-off is for.
    pub purpose: SignOffPurpose,
    /// The overrides, each with its reason.
    pub overrides: Vec<OverrideRequest>,
    /// The second confirmation an [`OVERRIDE_ALL`] override needs.
    pub override_all_confirmed: bool,
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

/// The message of [`ModelError::SignOffBlocked`]: what must be resolved
/// first, then what can be resolved or overridden.
pub(super) fn blocked_message(
    label: &str,
    purpose: &str,
    must_resolve: &[String],
    blockers: &[String],
) -> String {
    let mut message = format!("{label} cannot be signed off for {purpose}");
    if !must_resolve.is_empty() {
        message.push_str(
            "; resolve these first (a pending suggestion or a template alternative cannot be overridden for publication; a sign-off for internal approval can override them):\n  ",
        );
        message.push_str(&must_resolve.join("\n  "));
        if !blockers.is_empty() {
            message.push_str("\nand resolve or override (with a reason):\n  ");
        }
    } else {
        message.push_str("; resolve or override (with a reason):\n  ");
    }
    message.push_str(&blockers.join("\n  "));
    message
}
