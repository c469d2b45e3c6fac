//! Versions of the policy: named snapshots of the draft with their
//! effective date, status, material changes and the notice readers must get
//! before a material change takes effect.
//!
//! Rules kept here:
//! - restoring a version first keeps the current draft as a version, then
//!   changes the draft's text with a paragraph diff, so comments on
//!   paragraphs that did not change stay anchored: nothing is lost;
//! - a signed-off or published version is frozen: its text never changes,
//!   and neither do its material changes or notice;
//! - a version with material changes since the last published version needs
//!   a notice whose date comes at least the project's lead time (default 30
//!   days) before the effective date; a material change that would take
//!   effect before readers are told is refused.

use super::ModelError;
use super::blocks::outline;
use super::changeset::{ChangeSet, Edit};
use super::command::{Actor, Outcome};
use super::content::Content;
use super::dates::long_date;
use super::formatting::formatting_edits;
use super::history::Step;
use super::offset::ByteOffset;
use super::project::Project;
use super::settings::Settings;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies a version within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionId(pub u64);

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V{}", self.0)
    }
}

/// Where a version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionStatus {
    /// Work in progress.
    Draft,
    /// Sent to a reviewer.
    UnderReview,
    /// Approved; frozen.
    SignedOff,
    /// Live on the site; frozen.
    Published,
}

impl VersionStatus {
    /// "draft", "under review", "signed off", "published".
    pub fn name(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::UnderReview => "under review",
            VersionStatus::SignedOff => "signed off",
            VersionStatus::Published => "published",
        }
    }

    /// Signed-off and published versions never change.
    pub fn is_frozen(self) -> bool {
        matches!(self, VersionStatus::SignedOff | VersionStatus::Published)
    }
}

/// One material change: which section, and what changed, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialChange {
    /// The section heading it is in ("" before the first heading).
    pub section: String,
    /// What changed, in plain words.
    pub description: String,
}

/// How readers are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeChannel {
    /// A banner on the website.
    SiteBanner,
    /// An email to users.
    Email,
    /// A notice inside the product.
    InProduct,
}

impl NoticeChannel {
    /// "site banner", "email", "in-product".
    pub fn name(self) -> &'static str {
        match self {
            NoticeChannel::SiteBanner => "site banner",
            NoticeChannel::Email => "email",
            NoticeChannel::InProduct => "in-product",
        }
    }
}

/// The material-change notice recorded for a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// What readers are told.
    pub text: String,
    /// When they are told.
    pub date: NaiveDate,
    /// How.
    pub channels: Vec<NoticeChannel>,
}

/// A named snapshot of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Its id.
    pub id: VersionId,
    /// Its label, e.g. "v3" or "Sent to certifier".
    pub label: String,
    /// Who took it.
    pub author: String,
    /// When.
    pub created: DateTime<Utc>,
    /// A note.
    pub note: String,
    /// Where it stands.
    pub status: VersionStatus,
    /// The policy's title then.
    pub title: String,
    /// When it takes effect.
    pub effective_date: Option<NaiveDate>,
    /// The policy as it was: words, blocks and marks.
    pub content: Content,
    /// The whole version is marked material.
    pub material: bool,
    /// Material changes, each in plain words.
    pub material_changes: Vec<MaterialChange>,
    /// The notice, once recorded.
    pub notice: Option<Notice>,
    /// For a version signed off before Redline kept structure apart from
    /// the words: the text with its structure marks, exactly the bytes that
    /// sign-off hashed.
    pub signed_text: Option<String>,
}

impl Version {
    /// The words, one paragraph per line.
    pub fn text(&self) -> &str {
        &self.content.text
    }

    /// True when the version is marked material or lists material changes.
    pub fn has_material_changes(&self) -> bool {
        self.material || !self.material_changes.is_empty()
    }
}

/// One line of the policy history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    /// The version's label.
    pub version: String,
    /// Its effective date.
    pub effective_date: Option<NaiveDate>,
    /// What changed.
    pub summary: String,
    /// The notice given, in words ("email on February 1, 2026").
    pub notice: Option<String>,
}

impl Project {
    /// The versions, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The version with this id.
    pub fn version(&self, id: VersionId) -> Option<&Version> {
        self.versions.iter().find(|version| version.id == id)
    }

    /// The project's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Finds a version by label, by number (`3` or `V3`) or `latest`.
    pub fn find_version(&self, name: &str) -> Option<&Version> {
        if name.eq_ignore_ascii_case("latest") {
            return self.versions.last();
        }
        let number = name.strip_prefix(['V', 'v']).unwrap_or(name).parse().ok();
        self.versions
            .iter()
            .find(|version| version.label == name)
            .or_else(|| number.and_then(|number| self.version(VersionId(number))))
    }

    /// The newest published version.
    pub fn last_published(&self) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|version| version.status == VersionStatus::Published)
    }

    /// The material changes of `id` and of every version after the last
    /// published one up to it: what readers must be told about.
    pub fn material_changes_since_published(&self, id: VersionId) -> Vec<&MaterialChange> {
        let published = self.last_published().map(|version| version.id);
        self.versions
            .iter()
            .filter(|version| Some(version.id) > published && version.id <= id)
            .flat_map(|version| &version.material_changes)
            .collect()
    }

    /// True when `id` or any version since the last published one is material.
    pub fn is_material_since_published(&self, id: VersionId) -> bool {
        let published = self.last_published().map(|version| version.id);
        self.versions
            .iter()
            .filter(|version| Some(version.id) > published && version.id <= id)
            .any(Version::has_material_changes)
    }

    /// A notice drafted from the material changes, for the user to edit.
    pub fn draft_notice(&self, id: VersionId) -> Option<String> {
        let version = self.version(id)?;
        let effective = version
            .effective_date
            .map_or("on a date still to be set".to_string(), |date| {
                format!("on {}", long_date(date))
            });
        let mut notice = format!(
            "We are updating the {}. The changes take effect {effective}.\n",
            if version.title.is_empty() {
                "privacy policy"
            } else {
                &version.title
            }
        );
        let changes = self.material_changes_since_published(id);
        if changes.is_empty() {
            notice.push_str(
                "The update changes how we handle personal data; please read the updated policy.\n",
            );
        } else {
            notice.push_str("What is changing:\n");
            for change in changes {
                if change.section.is_empty() {
                    notice.push_str(&format!("- {}\n", change.description));
                } else {
                    notice.push_str(&format!(
                        "- In \"{}\": {}\n",
                        change.section, change.description
                    ));
                }
            }
        }
        Some(notice)
    }

    /// Why `id` cannot be signed off as far as its dates and notice go;
    /// empty when nothing stands in the way.
    pub fn notice_problems(&self, id: VersionId) -> Vec<String> {
        let Some(version) = self.version(id) else {
            return vec![format!("there is no version {id}")];
        };
        let mut problems = Vec::new();
        let Some(effective) = version.effective_date else {
            problems.push(format!("{} has no effective date", version.label));
            return problems;
        };
        if !self.is_material_since_published(id) {
            return problems;
        }
        let Some(notice) = &version.notice else {
            problems.push(format!(
                "{} has material changes since the last published version but no notice to readers",
                version.label
            ));
            return problems;
        };
        let lead_days = self.settings.notice_lead_days;
        match lead_date(notice.date, lead_days) {
            None => problems.push(format!(
                "a lead time of {lead_days} days after the notice date {} runs past the last date Redline can handle; set a shorter lead time",
                long_date(notice.date)
            )),
            Some(earliest) if effective < notice.date => problems.push(format!(
                "the effective date {} is before the notice date {}: a material change cannot apply retroactively; move the effective date to {} or later",
                long_date(effective),
                long_date(notice.date),
                long_date(earliest)
            )),
            Some(earliest) if earliest > effective => problems.push(format!(
                "the notice on {} comes only {} days before the effective date {}; the project requires at least {lead_days} days",
                long_date(notice.date),
                (effective - notice.date).num_days(),
                long_date(effective),
            )),
            Some(_) => {}
        }
        if notice.channels.is_empty() {
            problems
                .push("the notice has no channel (site banner, email or in-product)".to_string());
        }
        if notice.text.trim().is_empty() {
            problems.push("the notice has no text".to_string());
        }
        problems
    }

    /// Warnings about the draft's dates as of `today`.
    pub fn date_warnings(&self, today: NaiveDate) -> Vec<String> {
        let mut warnings = Vec::new();
        match self.document.effective_date {
            None => warnings.push("the draft has no effective date".to_string()),
            Some(date) if date < today => warnings.push(format!(
                "the draft's effective date {} is in the past",
                long_date(date)
            )),
            Some(_) => {}
        }
        if let Some(published) = self.last_published()
            && let Some(date) = published.effective_date
            && date
                .checked_add_months(Months::new(12))
                .is_some_and(|due| due < today)
        {
            warnings.push(format!(
                "the last published version ({}, effective {}) is more than 12 months old: the annual review is due",
                published.label,
                long_date(date)
            ));
        }
        warnings
    }

    /// The policy history: signed-off and published versions, oldest first.
    pub fn policy_history(&self) -> Vec<HistoryLine> {
        self.versions
            .iter()
            .filter(|version| version.status.is_frozen())
            .map(|version| HistoryLine {
                version: version.label.clone(),
                effective_date: version.effective_date,
                summary: if version.material_changes.is_empty() {
                    if version.note.is_empty() {
                        "Updated the policy.".to_string()
                    } else {
                        version.note.clone()
                    }
                } else {
                    version
                        .material_changes
                        .iter()
                        .map(|change| change.description.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                },
                notice: version.notice.as_ref().map(|notice| {
                    let channels: Vec<&str> = notice
                        .channels
                        .iter()
                        .map(|channel| channel.name())
                        .collect();
                    format!("{} on {}", channels.join(", "), long_date(notice.date))
                }),
            })
            .collect()
    }

    pub(super) fn take_snapshot(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        label: Option<String>,
        note: String,
        status: VersionStatus,
    ) -> Result<Outcome, ModelError> {
        let id = match self.versions.last() {
            Some(last) => VersionId(
                last.id
                    .0
                    .checked_add(1)
                    .ok_or(ModelError::IdsExhausted("versions"))?,
            ),
            None => VersionId(1),
        };
        let label = label
            .filter(|label| !label.trim().is_empty())
            .unwrap_or_else(|| format!("v{}", id.0));
        if self.versions.iter().any(|version| version.label == label) {
            return Err(ModelError::DuplicateLabel(label));
        }
        self.record_version(step, id);
        step.label = format!("take snapshot {label}");
        step.log_events.push(format!(
            "took snapshot {id} \"{label}\" ({})",
            status.name()
        ));
        let material_changes = self.accepted_material_since_last_snapshot();
        self.versions.push(Version {
            id,
            label: label.clone(),
            author: actor.user.name.clone(),
            created: actor.now,
            note,
            status,
            title: self.document.title.clone(),
            effective_date: self.document.effective_date,
            content: self.document.content.clone(),
            material: false,
            material_changes,
            notice: None,
            signed_text: None,
        });
        Ok(Outcome {
            summary: format!("took snapshot {label}"),
            ..Outcome::default()
        })
    }

    pub(super) fn restore_version(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        id: VersionId,
    ) -> Result<Outcome, ModelError> {
        let version = self
            .version(id)
            .ok_or(ModelError::UnknownVersion(id))?
            .clone();
        let kept_label = format!("draft before restoring {}", version.label);
        let kept_label = unique_label(self, kept_label);
        self.take_snapshot(
            step,
            actor,
            Some(kept_label.clone()),
            String::new(),
            VersionStatus::Draft,
        )?;
        let edits = paragraph_edits(&self.document.content, &version.content);
        let change = ChangeSet::from_edits(&self.document.content, &edits)?;
        if !change.is_identity() {
            self.change_text(step, change);
        }
        let formats = formatting_edits(&self.document.content, &version.content);
        let change = ChangeSet::format(&self.document.content, &formats)?;
        if !change.is_identity() {
            self.change_text(step, change);
        }
        self.record_metadata(step);
        self.document.title = version.title.clone();
        self.document.effective_date = version.effective_date;
        step.label = format!("restore {}", version.label);
        step.log_events.push(format!(
            "restored {id} \"{}\"; the previous draft was kept as \"{kept_label}\"",
            version.label
        ));
        Ok(Outcome {
            summary: format!(
                "restored {}; the previous draft is kept as {kept_label}",
                version.label
            ),
            ..Outcome::default()
        })
    }

    /// Applies `change` to the version `id` unless it is frozen.
    pub(super) fn change_version(
        &mut self,
        step: &mut Step,
        id: VersionId,
        label: &str,
        allowed_when_frozen: bool,
        change: impl FnOnce(&mut Version) -> Result<(), ModelError>,
    ) -> Result<Outcome, ModelError> {
        let index = self
            .versions
            .iter()
            .position(|version| version.id == id)
            .ok_or(ModelError::UnknownVersion(id))?;
        if self.versions[index].status.is_frozen() && !allowed_when_frozen {
            return Err(ModelError::VersionFrozen {
                label: self.versions[index].label.clone(),
                status: self.versions[index].status.name(),
            });
        }
        self.record_version(step, id);
        step.label = format!("{label} ({})", self.versions[index].label);
        step.log_events.push(format!("{label} on {id}"));
        change(&mut self.versions[index])?;
        Ok(Outcome {
            summary: format!("{label}: done"),
            ..Outcome::default()
        })
    }

    /// Accepted suggestions marked material, accepted after the last
    /// snapshot, as material changes in plain words.
    fn accepted_material_since_last_snapshot(&self) -> Vec<MaterialChange> {
        let since = self.versions.last().map(|version| version.created);
        let headings = outline(self.text(), &self.document.content.blocks);
        self.suggestions
            .iter()
            .filter(|suggestion| suggestion.material)
            .filter_map(|suggestion| match &suggestion.status {
                super::SuggestionStatus::Accepted {
                    at, alternative, ..
                } if since.is_none_or(|since| *at > since) => {
                    let new_text = suggestion
                        .kind
                        .replacement_text(*alternative)
                        .unwrap_or_default();
                    let description = match (suggestion.original.is_empty(), new_text.is_empty()) {
                        (true, _) => format!("added \"{}\"", new_text.trim()),
                        (false, true) => format!("removed \"{}\"", suggestion.original.trim()),
                        (false, false) => format!(
                            "replaced \"{}\" with \"{}\"",
                            suggestion.original.trim(),
                            new_text.trim()
                        ),
                    };
                    let section = headings
                        .iter()
                        .rev()
                        .find(|heading| heading.line.start <= suggestion.span.start.0)
                        .map(|heading| heading.title.clone())
                        .unwrap_or_default();
                    Some(MaterialChange {
                        section,
                        description,
                    })
                }
                _ => None,
            })
            .collect()
    }
}

/// The date `lead_days` after `date`; `None` past the calendar's last date.
fn lead_date(date: NaiveDate, lead_days: u32) -> Option<NaiveDate> {
    date.checked_add_days(chrono::Days::new(u64::from(lead_days)))
}

fn unique_label(project: &Project, label: String) -> String {
    let taken = |candidate: &str| {
        project
            .versions
            .iter()
            .any(|version| version.label == candidate)
    };
    if !taken(&label) {
        return label;
    }
    (2..)
        .map(|number| format!("{label} ({number})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(label)
}

/// The edits that turn `old` into `new`, paragraph by paragraph, so that
/// unchanged paragraphs (and the anchors in them) are left alone.
pub fn paragraph_edits(old_content: &Content, new_content: &Content) -> Vec<Edit> {
    use similar::{Algorithm, DiffOp, TextDiff};
    let (old, new) = (old_content.text.as_str(), new_content.text.as_str());
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_lines(old, new);
    let line_starts = |text: &str| -> Vec<usize> {
        let mut starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        if starts.last() == Some(&text.len()) && !text.is_empty() {
            starts.pop();
        }
        starts.push(text.len());
        starts
    };
    let (old_starts, new_starts) = (line_starts(old), line_starts(new));
    let byte = |starts: &[usize], line: usize| starts[line.min(starts.len() - 1)];
    diff.ops()
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (old_lines, new_lines) = (op.old_range(), op.new_range());
            let old_range = byte(&old_starts, old_lines.start)..byte(&old_starts, old_lines.end);
            let new_range = byte(&new_starts, new_lines.start)..byte(&new_starts, new_lines.end);
            Edit::fragment(
                ByteOffset(old_range.start)..ByteOffset(old_range.end),
                new_content.slice(new_range),
            )
        })
        .collect()
}
