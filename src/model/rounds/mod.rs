//! Review rounds: a copy sent to a reviewer, the reviewer's copy brought
//! back, and what came in from it, all kept in the one project.
//!
//! ```text
//!   send ──► Round { sent: Sending { version, format, file hash, items } }
//!              │            the file carries the round's id (a mark)
//!   merge ◄────┘  Round.returns += Return { base, counts, fingerprints }
//!                 new comments, replies, suggestions  ─► Incoming records
//! ```
//!
//! What this module owns (the [`RoundBook`], one per project):
//! - the rounds, oldest first, each with its id ([`RoundId`], opaque and
//!   random: the caller brings the randomness, the model has none), its
//!   reviewer, what was sent, and every return merged from it;
//! - the *internal* flag of comment threads: an internal thread never
//!   leaves in a send;
//! - where each item that came in from a copy came from ([`Incoming`]):
//!   its round, whether its author's name was only inferred, whether it
//!   overlaps words the draft changed after the copy was sent;
//! - pairs of *rival* suggestions: two reviewers changed the same words
//!   differently; both stay, and accepting one rejects the other;
//! - the reviewer's verdicts on counsel's suggestions (accepted or rejected
//!   in their copy): recorded on the suggestion's card, never applied.
//!
//! Submodules: `records` holds the records, `align` maps positions through
//! a comparison, `base` chooses the version a copy was made from,
//! `fingerprint` recognises items already brought in, `plan` works out a
//! merge, `apply` carries it out, `outgoing` chooses what a send carries,
//! `responses` answers a reviewer. This module keeps the project's queries
//! and the commands that set the internal flag and record a send.
//!
//! Invariants: rounds have distinct ids; the book's lists of internal
//! threads, incoming items and rivals are sorted and hold no duplicates.

mod align;
mod apply;
mod base;
mod fingerprint;
mod outgoing;
mod plan;
mod records;
mod responses;

pub use align::{Alignment, MappedPosition};
pub use base::{BaseChoice, RoundSource, choose_base};
pub use fingerprint::Fingerprint;
pub use outgoing::{LeftHome, Outgoing, SendOptions};
pub use plan::{MergePlan, MergeReport, MergeRequest, ReportLine, Reviewer};
pub use records::{
    DraftConflict, Incoming, IncomingItem, MergeCounts, ROUND_ID_BYTES, Return, Round, RoundBook,
    RoundId, RoundLine, RoundStatus, SendRecord, Sending, SentComment, SentSuggestion, Verdict,
    VersionToSend,
};
pub use responses::{RESPONSE_COLUMNS, RedlinePiece, ResponseReport, ResponseRow, redline};

use super::ModelError;
use super::annotation::{CommentId, SuggestionId};
use super::command::{Actor, Outcome, summary};
use super::history::Step;
use super::project::Project;
use super::versions::{VersionId, VersionStatus};

impl Project {
    /// The project's review rounds, internal threads and incoming records.
    pub fn round_book(&self) -> &RoundBook {
        &self.rounds
    }

    /// The rounds, oldest first.
    pub fn rounds(&self) -> &[Round] {
        &self.rounds.rounds
    }

    /// True when the thread is marked internal (it never leaves in a send).
    pub fn is_internal(&self, comment: CommentId) -> bool {
        self.rounds.internal.binary_search(&comment).is_ok()
    }

    /// Where `item` came from, when it came in from a reviewer's copy.
    pub fn incoming(&self, item: IncomingItem) -> Option<&Incoming> {
        self.rounds.incoming(item)
    }

    /// The suggestions that change the same words as `id` differently (by
    /// another reviewer): accepting one rejects the others.
    pub fn rivals_of(&self, id: SuggestionId) -> Vec<SuggestionId> {
        self.rounds.rivals_of(id)
    }

    /// The reviewers' verdicts on this suggestion, oldest first.
    pub fn verdicts_on(&self, id: SuggestionId) -> Vec<&Verdict> {
        self.rounds
            .verdicts
            .iter()
            .filter(|verdict| verdict.suggestion == id)
            .collect()
    }

    /// The version a send would record now: the last snapshot when the
    /// draft has not changed since, else a new snapshot with this label.
    pub fn version_to_send(&self) -> VersionToSend {
        if let Some(last) = self.versions.last().filter(|last| {
            last.content == self.document.content
                && last.title == self.document.title
                && last.effective_date == self.document.effective_date
        }) {
            return VersionToSend::Existing(last.id);
        }
        let number = self
            .versions
            .last()
            .map_or(1, |last| last.id.0.saturating_add(1));
        let taken = |label: &str| self.versions.iter().any(|version| version.label == label);
        let mut label = format!("v{number}");
        let mut suffix = 2;
        while taken(&label) {
            label = format!("v{number}.{suffix}");
            suffix += 1;
        }
        VersionToSend::New(label)
    }

    /// The label of the version a send would record now.
    pub fn label_to_send(&self) -> String {
        match self.version_to_send() {
            VersionToSend::Existing(id) => self
                .version(id)
                .map(|version| version.label.clone())
                .unwrap_or_default(),
            VersionToSend::New(label) => label,
        }
    }

    /// The rounds' history: sent → returned → merged, with counts.
    pub fn round_history(&self) -> Vec<RoundLine> {
        self.rounds
            .rounds
            .iter()
            .map(|round| RoundLine {
                round: round.id.clone(),
                reviewer: round.reviewer.name.clone(),
                status: round.status(),
                sent: match &round.sent {
                    Some(sending) => format!(
                        "sent {} as {} on {} by {} ({} thread{}, {} suggestion{})",
                        self.version_name(Some(sending.version)),
                        sending.format,
                        sending.at.format("%Y-%m-%d"),
                        sending.by,
                        sending.comments.len(),
                        super::review::plural(sending.comments.len()),
                        sending.suggestions.len(),
                        super::review::plural(sending.suggestions.len()),
                    ),
                    None => "not sent from this project".to_string(),
                },
                returns: round
                    .returns
                    .iter()
                    .map(|back| {
                        format!(
                            "returned and merged on {} by {} against {}{}: {}",
                            back.at.format("%Y-%m-%d"),
                            back.by,
                            self.version_name(back.base),
                            if back.reviewer_inferred {
                                " (reviewer's name inferred from the file)"
                            } else {
                                ""
                            },
                            back.counts.in_words(false)
                        )
                    })
                    .collect(),
            })
            .collect()
    }

    /// `V3 "v3"`, or "the draft" for `None`.
    pub(crate) fn version_name(&self, version: Option<VersionId>) -> String {
        match version {
            Some(id) => match self.version(id) {
                Some(found) => format!("{id} \"{}\"", found.label),
                None => format!("{id} (no longer in the project)"),
            },
            None => "the draft".to_string(),
        }
    }

    /// The pending rivals of `accepted` that are not accepted with them.
    pub(super) fn pending_rivals(
        &self,
        accepted: &std::collections::HashSet<SuggestionId>,
    ) -> Vec<SuggestionId> {
        let mut rivals: Vec<SuggestionId> = accepted
            .iter()
            .flat_map(|&id| self.rounds.rivals_of(id))
            .filter(|id| !accepted.contains(id))
            .filter(|&id| {
                self.suggestion(id)
                    .is_some_and(|suggestion| suggestion.status.is_pending())
            })
            .collect();
        rivals.sort_unstable();
        rivals.dedup();
        rivals
    }

    /// Notes the round book before the step changes it.
    pub(super) fn record_rounds(&self, step: &mut Step) {
        if step.rounds_before.is_none() {
            step.rounds_before = Some(self.rounds.clone());
        }
    }

    pub(super) fn set_internal(
        &mut self,
        step: &mut Step,
        comment: CommentId,
        internal: bool,
    ) -> Result<Outcome, ModelError> {
        self.comment_index(comment)?;
        if self.is_internal(comment) == internal {
            return Ok(Outcome::default());
        }
        self.record_rounds(step);
        let internal_list = &mut self.rounds.internal;
        match internal_list.binary_search(&comment) {
            Ok(index) if !internal => {
                internal_list.remove(index);
            }
            Err(index) if internal => internal_list.insert(index, comment),
            _ => {}
        }
        let words = if internal {
            "marked internal"
        } else {
            "no longer internal"
        };
        step.label = if internal {
            "mark a thread internal".to_string()
        } else {
            "share a thread".to_string()
        };
        step.log_events.push(format!("{comment} {words}"));
        Ok(summary(format!("comment {comment} {words}")))
    }

    /// Records a send: snapshots the draft as the version sent (unless it
    /// is unchanged since the last snapshot) and adds the round.
    pub(super) fn record_sending(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        record: SendRecord,
    ) -> Result<Outcome, ModelError> {
        if self.rounds.round(&record.round).is_some() {
            return Err(ModelError::DuplicateId(record.round.to_string()));
        }
        let version = match self.version_to_send() {
            VersionToSend::Existing(id) => id,
            VersionToSend::New(label) => {
                self.take_snapshot(
                    step,
                    actor,
                    Some(label),
                    format!(
                        "sent to {} for review (round {})",
                        record.reviewer.name, record.round
                    ),
                    VersionStatus::UnderReview,
                )?;
                self.versions
                    .last()
                    .map(|version| version.id)
                    .ok_or(ModelError::IdsExhausted("versions"))?
            }
        };
        let comments = record
            .comments
            .iter()
            .map(|&id| {
                let index = self.comment_index(id)?;
                Ok(SentComment {
                    id,
                    span: self.comments[index].span,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let suggestions = record
            .suggestions
            .iter()
            .map(|&id| {
                let index = self.suggestion_index(id)?;
                Ok(SentSuggestion {
                    id,
                    span: self.suggestions[index].span,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        self.record_rounds(step);
        let name = self.version_name(Some(version));
        step.label = format!("send for review to {}", record.reviewer.name);
        step.log_events.push(format!(
            "sent {name} to {} for review as {} (round {}, {} thread{}, {} suggestion{}{})",
            record.reviewer.name,
            record.format,
            record.round,
            comments.len(),
            super::review::plural(comments.len()),
            suggestions.len(),
            super::review::plural(suggestions.len()),
            if record.responses {
                ", with a response report"
            } else {
                ""
            }
        ));
        self.rounds.rounds.push(Round {
            id: record.round.clone(),
            reviewer: record.reviewer.clone(),
            sent: Some(Sending {
                at: actor.now,
                by: actor.user.name.clone(),
                version,
                format: record.format,
                file_hash: record.file_hash,
                comments,
                suggestions,
                included: record.included,
                responses: record.responses,
            }),
            returns: Vec::new(),
        });
        Ok(summary(format!(
            "sent {name} to {} (round {})",
            record.reviewer.name, record.round
        )))
    }
}
