//! The policy checks as they apply to a project: the findings for its draft,
//! and the findings a user dismissed, with the reason recorded.
//!
//! Findings are computed afresh from the text (the checks are fast), so they
//! always sit on the current words. A dismissal is anchored like a comment
//! (its span is mapped through every edit), and a finding counts as
//! dismissed while a dismissal with the same rule and message sits on
//! exactly its span. Dismissals are part of the project and its undo
//! history; they are never dropped silently.

use super::ModelError;
use super::checks::{CheckContext, Finding, run_checks};
use super::command::{Actor, Outcome};
use super::history::Step;
use super::project::Project;
use super::span::Span;
use super::versions::VersionStatus;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies a dismissal within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DismissalId(pub u64);

impl fmt::Display for DismissalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D{}", self.0)
    }
}

/// A finding the user dismissed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    /// Its id.
    pub id: DismissalId,
    /// The rule's id, e.g. "term-consistency".
    pub rule: String,
    /// Where the finding was; mapped through edits like a comment's span.
    pub span: Span,
    /// The finding's message when it was dismissed.
    pub message: String,
    /// The text it was about.
    pub quote: String,
    /// Why it was dismissed.
    pub reason: String,
    /// Who dismissed it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A finding of the checks on the draft, and its dismissal if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFinding {
    /// The finding.
    pub finding: Finding,
    /// The dismissal that covers it.
    pub dismissal: Option<DismissalId>,
}

impl Project {
    /// The dismissed findings.
    pub fn dismissals(&self) -> &[Dismissal] {
        &self.dismissals
    }

    /// The findings of the checks on the draft as of `today`, each with its
    /// dismissal if it was dismissed.
    pub fn findings(&self, today: NaiveDate) -> Vec<ProjectFinding> {
        let context = CheckContext {
            text: self.text(),
            blocks: &self.document.content.blocks,
            organisation: &self.document.organisation,
            effective_date: self.document.effective_date,
            today,
            is_published: false,
            last_published: self
                .last_published()
                .and_then(|version| version.effective_date),
            notice_channel_recorded: self
                .versions
                .iter()
                .filter(|version| version.status != VersionStatus::Published)
                .filter_map(|version| version.notice.as_ref())
                .any(|notice| !notice.channels.is_empty()),
            config: &self.settings.checks,
        };
        run_checks(&context)
            .into_iter()
            .map(|finding| {
                let dismissal = self.dismissal_of(&finding);
                ProjectFinding { finding, dismissal }
            })
            .collect()
    }

    /// True when a dismissal covers this finding.
    pub fn is_dismissed(&self, finding: &Finding) -> bool {
        self.dismissal_of(finding).is_some()
    }

    fn dismissal_of(&self, finding: &Finding) -> Option<DismissalId> {
        self.dismissals
            .iter()
            .find(|dismissal| {
                dismissal.rule == finding.rule.id()
                    && dismissal.span.range() == finding.range
                    && dismissal.message == finding.message
            })
            .map(|dismissal| dismissal.id)
    }

    pub(super) fn dismiss_finding(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        finding: Finding,
        reason: String,
    ) -> Result<Outcome, ModelError> {
        if reason.trim().is_empty() {
            return Err(ModelError::DismissalReasonMissing);
        }
        let span = Span::new(finding.range.start, finding.range.end);
        self.check_span(span)?;
        let id = DismissalId(self.fresh_id("dismissals")?);
        self.record_dismissal(step, id);
        step.label = format!("dismiss a {} finding", finding.rule.id());
        step.log_events.push(format!(
            "dismissed {id} ({}: {}) because: {reason}",
            finding.rule.id(),
            finding.message
        ));
        self.dismissals.push(Dismissal {
            id,
            rule: finding.rule.id().to_string(),
            span,
            quote: self.text()[span.range()].to_string(),
            message: finding.message,
            reason,
            by: actor.user.name.clone(),
            at: actor.now,
        });
        Ok(Outcome {
            summary: format!("finding dismissed ({id})"),
            ..Outcome::default()
        })
    }

    pub(super) fn reinstate_finding(
        &mut self,
        step: &mut Step,
        id: DismissalId,
    ) -> Result<Outcome, ModelError> {
        let index = self
            .dismissals
            .iter()
            .position(|dismissal| dismissal.id == id)
            .ok_or(ModelError::UnknownDismissal(id))?;
        self.record_dismissal(step, id);
        step.label = "reinstate a finding".to_string();
        step.log_events.push(format!("reinstated finding {id}"));
        self.dismissals.remove(index);
        Ok(Outcome {
            summary: format!("finding {id} reinstated"),
            ..Outcome::default()
        })
    }
}
