//! Commands: the only way the GUI and the CLI change a [`Project`].
//!
//! A view or a subcommand builds a [`Command`] and hands it to
//! [`Project::apply`] with the [`Actor`] doing it. Each command either
//! succeeds as a whole, becoming one undo entry (a run of typing joins one
//! entry), or fails with a [`ModelError`] and changes nothing.

use super::ModelError;
use super::annotation::{CommentId, Person, ReplyId, SuggestionId, SuggestionKind};
use super::blocks::BlockPatch;
use super::changeset::{Edit, FormatEdit};
use super::checks::{CheckConfig, Finding};
use super::content::Fragment;
use super::findings::DismissalId;
use super::history::{Step, UndoGroup};
use super::marks::MarkPatch;
use super::offset::ByteOffset;
use super::project::Project;
use super::rounds::{MergePlan, SendRecord};
use super::signoff::SignOffRequest;
use super::span::Span;
use super::versions::{MaterialChange, Notice, VersionId, VersionStatus};
use chrono::{DateTime, NaiveDate, Utc};
use std::ops::Range;

/// Who does a command, and when (the model has no clock of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user.
    pub user: Person,
    /// The time of the command.
    pub now: DateTime<Utc>,
}

/// A change a user asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Replace `range` of the text by `text` (Edit mode).
    Edit {
        /// The bytes replaced; empty to insert.
        range: Range<ByteOffset>,
        /// The new text; empty to delete.
        text: String,
    },
    /// Suggest replacing `range` by `text` (Suggest mode): becomes an
    /// insertion, deletion or replacement by the actor, joined to the actor's
    /// own pending insertion or deletion right there when there is one.
    Suggest {
        /// The bytes the suggestion would replace; empty to insert.
        range: Range<ByteOffset>,
        /// The suggested text; empty to delete.
        text: String,
    },
    /// Make several edits and formatting changes in one step (Edit mode):
    /// formatted text pasted, a table inserted, a row added, a footnote
    /// inserted. Edits and formats follow [`super::changeset::ChangeSet::build`]'s
    /// rules (each list sorted, none overlapping).
    Compose {
        /// The text edits, with their formatting.
        edits: Vec<Edit>,
        /// The formatting changes.
        formats: Vec<FormatEdit>,
        /// What the step is called in the Undo menu ("paste", "insert a table").
        label: String,
    },
    /// Suggest putting formatted text in place of `range` (Suggest mode
    /// paste): one insertion (or replacement) suggestion by the actor whose
    /// text keeps its formatting when accepted.
    SuggestFragment {
        /// The bytes the suggestion would replace; empty to insert.
        range: Range<ByteOffset>,
        /// The text with its marks and blocks.
        fragment: Fragment,
    },
    /// Suggest a footnote whose reference goes at `at` (Suggest mode): two
    /// linked insertion suggestions by the actor, the reference there and
    /// the note's paragraph at the end of the document, accepted, rejected
    /// and withdrawn together ([`super::footnotes`]). The outcome names the
    /// reference's suggestion.
    SuggestFootnote {
        /// Where the reference goes.
        at: ByteOffset,
    },
    /// Change the text one's own pending insertion or replacement puts in
    /// (Backspace in one's own suggested text, which Word simply removes):
    /// an insertion left with no text is withdrawn; a replacement left with
    /// no text becomes a deletion.
    ReviseSuggestion {
        /// The suggestion.
        id: SuggestionId,
        /// Its new text.
        text: String,
    },
    /// Change the formatting of `range`: its characters' marks and the
    /// blocks of the paragraphs it touches (an empty range: the paragraph
    /// it is in). In Suggest mode (`suggest`) it becomes the actor's
    /// formatting suggestion, shown at once and undone by rejecting it.
    Format {
        /// The bytes formatted.
        range: Range<ByteOffset>,
        /// The change of their marks (sets, never toggles).
        marks: MarkPatch,
        /// The change of their paragraphs' blocks.
        block: BlockPatch,
        /// Suggest the change instead of making it.
        suggest: bool,
    },
    /// Replace each of `ranges` (in order, not overlapping) as `replace`
    /// says, in one undo step: in the text itself (Edit mode) or as one
    /// replacement (or deletion) suggestion by the actor per range (Suggest
    /// mode; ranges that already read so, or that the actor already
    /// suggested so, are left alone).
    ReplaceAll {
        /// The bytes to replace.
        ranges: Vec<Range<ByteOffset>>,
        /// What to put there, and how.
        replace: Replacement,
    },
    /// Add a suggestion of any kind, alternatives included.
    AddSuggestion {
        /// Its span.
        span: Span,
        /// What it would do.
        kind: SuggestionKind,
        /// Why.
        rationale: Option<String>,
    },
    /// Accept a suggestion; `alternative` (0-based) picks among alternatives.
    Accept {
        /// The suggestion.
        id: SuggestionId,
        /// For alternatives, the chosen candidate.
        alternative: Option<usize>,
    },
    /// Reject a suggestion.
    Reject {
        /// The suggestion.
        id: SuggestionId,
    },
    /// Accept every pending suggestion that can be accepted as it stands, or
    /// only those by one reviewer (by name). Alternatives need a choice and
    /// are left pending.
    AcceptAll {
        /// Only this reviewer's suggestions.
        author: Option<String>,
    },
    /// Reject every pending suggestion, or only one reviewer's.
    RejectAll {
        /// Only this reviewer's suggestions.
        author: Option<String>,
    },
    /// Start a comment thread on a span.
    AddComment {
        /// What it is about; empty for a point comment.
        span: Span,
        /// What it says.
        body: String,
    },
    /// Reply in a thread.
    Reply {
        /// The thread.
        comment: CommentId,
        /// What the reply says.
        body: String,
    },
    /// Change the text of one's own comment.
    EditComment {
        /// The comment.
        comment: CommentId,
        /// The new text.
        body: String,
    },
    /// Change the text of one's own reply.
    EditReply {
        /// The thread.
        comment: CommentId,
        /// The reply.
        reply: ReplyId,
        /// The new text.
        body: String,
    },
    /// Delete one's own comment thread.
    DeleteComment {
        /// The thread.
        comment: CommentId,
    },
    /// Delete one's own reply.
    DeleteReply {
        /// The thread.
        comment: CommentId,
        /// The reply.
        reply: ReplyId,
    },
    /// Mark a thread internal (it never leaves in a send) or shared.
    SetInternal {
        /// The thread.
        comment: CommentId,
        /// Internal (true) or shared (false).
        internal: bool,
    },
    /// Record a copy sent for review: snapshots the draft as the version
    /// sent (unless unchanged since the last snapshot) and adds the round.
    RecordSending(SendRecord),
    /// Bring in what a reviewer's copy brings, as planned by
    /// [`Project::plan_merge`] against the project as it is now.
    MergeCopy(Box<MergePlan>),
    /// Resolve or reopen a thread.
    SetResolved {
        /// The thread.
        comment: CommentId,
        /// Resolved (true) or open (false).
        resolved: bool,
    },
    /// Anchor a comment to other text ("Move comment here"); clears orphaned.
    MoveComment {
        /// The thread.
        comment: CommentId,
        /// The new span.
        span: Span,
    },
    /// Change the title.
    SetTitle(String),
    /// Change the organisation.
    SetOrganisation(String),
    /// Set or clear the effective date; the policy's "Effective Date:" line
    /// follows.
    SetEffectiveDate(Option<NaiveDate>),
    /// Mark a suggestion material (or not).
    SetSuggestionMaterial {
        /// The suggestion.
        id: SuggestionId,
        /// Material or not.
        material: bool,
    },
    /// Snapshot the draft as a version.
    TakeSnapshot {
        /// Its label; `v<N>` when none.
        label: Option<String>,
        /// A note.
        note: String,
        /// Draft or under review (sign-off has its own command).
        status: VersionStatus,
    },
    /// Make a version the draft again; the current draft is kept first.
    RestoreVersion {
        /// The version.
        version: VersionId,
    },
    /// Change a version's status.
    SetVersionStatus {
        /// The version.
        version: VersionId,
        /// The new status.
        status: VersionStatus,
    },
    /// Mark a whole version material (or not).
    SetVersionMaterial {
        /// The version.
        version: VersionId,
        /// Material or not.
        material: bool,
    },
    /// Record a material change of a version (e.g. from a compare hunk).
    AddMaterialChange {
        /// The version.
        version: VersionId,
        /// The change.
        change: MaterialChange,
    },
    /// Remove a recorded material change.
    RemoveMaterialChange {
        /// The version.
        version: VersionId,
        /// Its position in the version's list.
        index: usize,
    },
    /// Record (or clear) a version's material-change notice.
    SetNotice {
        /// The version.
        version: VersionId,
        /// The notice.
        notice: Option<Notice>,
    },
    /// Set a version's effective date.
    SetVersionEffectiveDate {
        /// The version.
        version: VersionId,
        /// The date.
        date: Option<NaiveDate>,
    },
    /// Set how many days before the effective date a notice must go out.
    SetNoticeLeadDays(u32),
    /// Dismiss a finding of the checks, saying why.
    DismissFinding {
        /// The finding, as the checks reported it.
        finding: Finding,
        /// Why it does not apply.
        reason: String,
    },
    /// Undo a dismissal: the finding shows again.
    ReinstateFinding {
        /// The dismissal.
        dismissal: DismissalId,
    },
    /// Change which term groups and checklists the checks apply.
    SetCheckConfig(CheckConfig),
    /// Sign a version off: runs the gate; every blocker must be resolved or
    /// overridden (the overrides are recorded).
    SignOff(SignOffRequest),
}

/// What [`Command::ReplaceAll`] puts in place of each range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The replacement; empty to delete.
    pub text: String,
    /// Spell it like each text it replaces (all capitals, title case, a
    /// capital at a sentence start or in a heading: [`super::case::spelled_like`]);
    /// otherwise it goes in exactly as written.
    pub adapt_case: bool,
    /// Suggest the replacements instead of making them.
    pub suggest: bool,
}

/// What a command did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// One line for the status bar.
    pub summary: String,
    /// The comment the command created.
    pub created_comment: Option<CommentId>,
    /// The suggestion the command created or extended.
    pub created_suggestion: Option<SuggestionId>,
    /// Suggestions accepted.
    pub accepted: Vec<SuggestionId>,
    /// Suggestions rejected.
    pub rejected: Vec<SuggestionId>,
    /// Pending suggestions now in conflict with an accepted one.
    pub conflicted: Vec<SuggestionId>,
    /// Pending suggestions a bulk accept left alone (alternatives needing a
    /// choice, orphaned or conflicting ones).
    pub skipped: Vec<SuggestionId>,
}

impl Project {
    /// Carries out `command` as `actor`. On error nothing changes.
    pub fn apply(&mut self, command: Command, actor: &Actor) -> Result<Outcome, ModelError> {
        self.apply_in_group(command, actor, UndoGroup::Auto)
    }

    /// Carries out `command` as `actor`, its undo step going where `group`
    /// says: the editor groups typing as Word does (a word, or what was typed
    /// before a pause, per Undo), in Edit and Suggest mode alike.
    pub fn apply_in_group(
        &mut self,
        command: Command,
        actor: &Actor,
        group: UndoGroup,
    ) -> Result<Outcome, ModelError> {
        let mut step = Step::default();
        let checkpoint = self.checkpoint();
        match self.run(command, actor, &mut step) {
            Ok(outcome) => {
                if !step.is_empty() {
                    self.finish_step(&mut step);
                    for event in std::mem::take(&mut step.log_events) {
                        self.log_event(actor, event);
                    }
                    self.history.push(step, group);
                }
                Ok(outcome)
            }
            Err(error) => {
                self.abandon(&step, checkpoint);
                Err(error)
            }
        }
    }

    fn run(
        &mut self,
        command: Command,
        actor: &Actor,
        step: &mut Step,
    ) -> Result<Outcome, ModelError> {
        match command {
            Command::Edit { range, text } => self.edit(step, range, text),
            Command::Suggest { range, text } => self.suggest(step, actor, range, text),
            Command::Format {
                range,
                marks,
                block,
                suggest,
            } => self.format(step, actor, range, marks, block, suggest),
            Command::Compose {
                edits,
                formats,
                label,
            } => self.compose(step, &edits, &formats, label),
            Command::ReviseSuggestion { id, text } => self.revise_suggestion(step, actor, id, text),
            Command::SuggestFootnote { at } => self.suggest_footnote(step, actor, at),
            Command::SuggestFragment { range, fragment } => {
                self.suggest_fragment(step, actor, range, fragment)
            }
            Command::ReplaceAll { ranges, replace } => {
                self.replace_all(step, actor, ranges, replace)
            }
            Command::AddSuggestion {
                span,
                kind,
                rationale,
            } => self.add_suggestion(step, actor, span, kind, rationale),
            Command::Accept { id, alternative } => self.accept(step, actor, id, alternative),
            Command::Reject { id } => self.reject(step, actor, id),
            Command::AcceptAll { author } => self.accept_all(step, actor, author.as_deref()),
            Command::RejectAll { author } => self.reject_all(step, actor, author.as_deref()),
            Command::AddComment { span, body } => self.add_comment(step, actor, span, body),
            Command::Reply { comment, body } => self.reply(step, actor, comment, body),
            Command::EditComment { comment, body } => self.edit_comment(step, actor, comment, body),
            Command::EditReply {
                comment,
                reply,
                body,
            } => self.edit_reply(step, actor, comment, reply, body),
            Command::DeleteComment { comment } => self.delete_comment(step, actor, comment),
            Command::DeleteReply { comment, reply } => {
                self.delete_reply(step, actor, comment, reply)
            }
            Command::SetResolved { comment, resolved } => {
                self.set_resolved(step, comment, resolved)
            }
            Command::MoveComment { comment, span } => self.move_comment(step, comment, span),
            Command::SetInternal { comment, internal } => {
                self.set_internal(step, comment, internal)
            }
            Command::RecordSending(record) => self.record_sending(step, actor, record),
            Command::MergeCopy(plan) => self.merge_copy(step, actor, *plan),
            Command::SetTitle(title) => self.set_metadata(step, "change the title", |meta| {
                meta.title = title;
            }),
            Command::SetOrganisation(organisation) => {
                self.set_metadata(step, "change the organisation", |meta| {
                    meta.organisation = organisation;
                })
            }
            Command::SetEffectiveDate(date) => self.set_effective_date(step, date),
            Command::SetSuggestionMaterial { id, material } => {
                let index = self.suggestion_index(id)?;
                self.record_suggestion(step, id);
                step.label = format!("mark {id} material");
                step.log_events.push(format!(
                    "marked {id} {}",
                    if material { "material" } else { "not material" }
                ));
                self.suggestions[index].material = material;
                Ok(summary(format!(
                    "marked {id} {}",
                    if material { "material" } else { "not material" }
                )))
            }
            Command::TakeSnapshot {
                label,
                note,
                status,
            } => {
                if status.is_frozen() {
                    return Err(ModelError::StatusChange {
                        from: "draft",
                        to: status.name(),
                        hint: ": sign the version off instead, which runs the sign-off gate",
                    });
                }
                self.take_snapshot(step, actor, label, note, status)
            }
            Command::RestoreVersion { version } => self.restore_version(step, actor, version),
            Command::SetVersionStatus { version, status } => {
                self.set_version_status(step, version, status)
            }
            Command::SetVersionMaterial { version, material } => self.change_version(
                step,
                version,
                "mark the version material",
                false,
                |target| {
                    target.material = material;
                    Ok(())
                },
            ),
            Command::AddMaterialChange { version, change } => {
                self.change_version(step, version, "record a material change", false, |target| {
                    target.material_changes.push(change);
                    Ok(())
                })
            }
            Command::RemoveMaterialChange { version, index } => {
                self.change_version(step, version, "remove a material change", false, |target| {
                    if index >= target.material_changes.len() {
                        return Err(ModelError::UnknownVersion(version));
                    }
                    target.material_changes.remove(index);
                    Ok(())
                })
            }
            Command::SetNotice { version, notice } => {
                self.change_version(step, version, "record the notice", false, |target| {
                    target.notice = notice;
                    Ok(())
                })
            }
            Command::SetVersionEffectiveDate { version, date } => {
                self.change_version(step, version, "set the effective date", false, |target| {
                    target.effective_date = date;
                    Ok(())
                })
            }
            Command::SignOff(request) => self.sign_off(step, actor, request),
            Command::DismissFinding { finding, reason } => {
                self.dismiss_finding(step, actor, finding, reason)
            }
            Command::ReinstateFinding { dismissal } => self.reinstate_finding(step, dismissal),
            Command::SetCheckConfig(config) => {
                self.record_settings(step);
                step.label = "change the checks".to_string();
                step.log_events
                    .push("changed the checks' term groups or checklists".to_string());
                self.settings.checks = config;
                Ok(Outcome::default())
            }
            Command::SetNoticeLeadDays(days) => {
                self.record_settings(step);
                step.label = "change the notice lead time".to_string();
                step.log_events
                    .push(format!("set the notice lead time to {days} days"));
                self.settings.notice_lead_days = days;
                Ok(Outcome::default())
            }
        }
    }

    pub(super) fn set_metadata(
        &mut self,
        step: &mut Step,
        label: &str,
        change: impl FnOnce(&mut super::document::Metadata),
    ) -> Result<Outcome, ModelError> {
        let mut metadata = self.document.metadata();
        change(&mut metadata);
        if metadata == self.document.metadata() {
            return Ok(Outcome::default());
        }
        self.record_metadata(step);
        step.label = label.to_string();
        step.log_events.push(label.replace("change", "changed"));
        self.document.set_metadata(metadata);
        Ok(summary(label.replace("change", "changed")))
    }

    fn set_version_status(
        &mut self,
        step: &mut Step,
        version: VersionId,
        status: VersionStatus,
    ) -> Result<Outcome, ModelError> {
        let current = self
            .version(version)
            .ok_or(ModelError::UnknownVersion(version))?
            .status;
        let for_publication = self.signed_off_for_publication(version);
        let allowed = match (current, status) {
            (VersionStatus::SignedOff, VersionStatus::Published) => for_publication,
            (_, VersionStatus::SignedOff) => false,
            (from, _) => !from.is_frozen(),
        };
        if !allowed {
            return Err(ModelError::StatusChange {
                from: current.name(),
                to: status.name(),
                hint: if status == VersionStatus::SignedOff {
                    ": sign the version off instead, which runs the sign-off gate"
                } else if current == VersionStatus::SignedOff && !for_publication {
                    ": it was signed off for internal approval only; snapshot it again and sign that off for publication"
                } else {
                    ": signed-off and published versions are frozen"
                },
            });
        }
        self.change_version(
            step,
            version,
            &format!("set status to {}", status.name()),
            true,
            |target| {
                target.status = status;
                Ok(())
            },
        )
    }
}

pub(super) fn summary(text: String) -> Outcome {
    Outcome {
        summary: text,
        ..Outcome::default()
    }
}
