//! Commands: the only way the GUI and the CLI change a [`Project`].
//!
//! A view or a subcommand builds a [`Command`] and hands it to
//! [`Project::apply`] with the [`Actor`] doing it. Each command either
//! succeeds as a whole, becoming one undo entry (a run of typing joins one
//! entry), or fails with a [`ModelError`] and changes nothing.

use super::ModelError;
use super::annotation::{
    Comment, CommentId, Person, Reply, ReplyId, Suggestion, SuggestionId, SuggestionKind,
    SuggestionStatus,
};
use super::changeset::{ChangeSet, Edit};
use super::history::Step;
use super::offset::ByteOffset;
use super::project::Project;
use super::span::Span;
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
    /// Set or clear the effective date.
    SetEffectiveDate(Option<NaiveDate>),
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
        let mut step = Step::default();
        match self.run(command, actor, &mut step) {
            Ok(outcome) => {
                if !step.is_empty() {
                    self.finish_step(&mut step);
                    for event in std::mem::take(&mut step.log_events) {
                        self.log_event(actor, event);
                    }
                    self.history.push(step);
                }
                Ok(outcome)
            }
            Err(error) => {
                self.revert(&step);
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
            Command::SetTitle(title) => self.set_metadata(step, "change the title", |meta| {
                meta.title = title;
            }),
            Command::SetOrganisation(organisation) => {
                self.set_metadata(step, "change the organisation", |meta| {
                    meta.organisation = organisation;
                })
            }
            Command::SetEffectiveDate(date) => {
                self.set_metadata(step, "change the effective date", |meta| {
                    meta.effective_date = date;
                })
            }
        }
    }

    fn edit(
        &mut self,
        step: &mut Step,
        range: Range<ByteOffset>,
        text: String,
    ) -> Result<Outcome, ModelError> {
        let is_typing = range.start == range.end && !text.is_empty() && !text.contains('\n');
        let typing_end = range.start.0 + text.len();
        let change = ChangeSet::from_edits(
            self.text(),
            &[Edit {
                range,
                insert: text,
            }],
        )?;
        if change.is_identity() {
            return Ok(Outcome::default());
        }
        step.label = if is_typing { "typing" } else { "edit" }.to_string();
        step.typing_end = is_typing.then_some(typing_end);
        self.change_text(step, change);
        Ok(Outcome {
            summary: "edited the text".to_string(),
            ..Outcome::default()
        })
    }

    fn suggest(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        range: Range<ByteOffset>,
        text: String,
    ) -> Result<Outcome, ModelError> {
        let span = Span {
            start: range.start,
            end: range.end,
        };
        self.check_span(span)?;
        if span.is_empty() && text.is_empty() {
            return Err(ModelError::EmptySuggestion);
        }
        let own_pending = |suggestion: &&Suggestion| {
            suggestion.author == actor.user
                && suggestion.status.is_pending()
                && !suggestion.orphaned
                && suggestion.conflict.is_none()
        };
        let joined = if span.is_empty() {
            self.suggestions
                .iter()
                .filter(own_pending)
                .find(|suggestion| {
                    matches!(suggestion.kind, SuggestionKind::Insertion { .. })
                        && suggestion.span == span
                })
        } else if text.is_empty() {
            self.suggestions
                .iter()
                .filter(own_pending)
                .find(|suggestion| {
                    suggestion.kind == SuggestionKind::Deletion
                        && (suggestion.span.end == span.start || suggestion.span.start == span.end)
                })
        } else {
            None
        };
        let Some(joined) = joined.map(|suggestion| suggestion.id) else {
            let kind = match (span.is_empty(), text.is_empty()) {
                (true, _) => SuggestionKind::Insertion { text },
                (false, true) => SuggestionKind::Deletion,
                (false, false) => SuggestionKind::Replacement { text },
            };
            return self.add_suggestion(step, actor, span, kind, None);
        };
        self.record_suggestion(step, joined);
        step.label = "suggest a change".to_string();
        let index = self.suggestion_index(joined)?;
        let original_text = &self.document.text;
        let suggestion = &mut self.suggestions[index];
        match &mut suggestion.kind {
            SuggestionKind::Insertion { text: inserted } => inserted.push_str(&text),
            _ => {
                suggestion.span = Span {
                    start: suggestion.span.start.min(span.start),
                    end: suggestion.span.end.max(span.end),
                };
                suggestion.original = original_text[suggestion.span.range()].to_string();
            }
        }
        Ok(Outcome {
            summary: format!("extended suggestion {joined}"),
            created_suggestion: Some(joined),
            ..Outcome::default()
        })
    }

    fn add_suggestion(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        span: Span,
        kind: SuggestionKind,
        rationale: Option<String>,
    ) -> Result<Outcome, ModelError> {
        self.check_span(span)?;
        let changes_nothing = match &kind {
            SuggestionKind::Insertion { text } => text.is_empty(),
            SuggestionKind::Deletion => span.is_empty(),
            SuggestionKind::Replacement { text } => *text == self.text()[span.range()],
            SuggestionKind::Alternatives { candidates } => candidates.len() < 2,
        };
        if changes_nothing {
            return Err(ModelError::EmptySuggestion);
        }
        let id = SuggestionId(self.fresh_id());
        self.record_suggestion(step, id);
        step.label = format!("suggest a {}", kind.name());
        step.log_events
            .push(format!("suggested {id} ({})", kind.name()));
        let suggestion = Suggestion {
            id,
            span,
            original: self.text()[span.range()].to_string(),
            kind,
            author: actor.user.clone(),
            created: actor.now,
            rationale,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            move_partner: None,
        };
        self.suggestions.push(suggestion);
        Ok(Outcome {
            summary: format!("suggestion {id} added"),
            created_suggestion: Some(id),
            ..Outcome::default()
        })
    }

    fn add_comment(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        span: Span,
        body: String,
    ) -> Result<Outcome, ModelError> {
        self.check_span(span)?;
        let body = non_empty(body)?;
        let id = CommentId(self.fresh_id());
        self.record_comment(step, id);
        step.label = "add a comment".to_string();
        step.log_events.push(format!("commented {id}"));
        self.comments.push(Comment {
            id,
            span,
            author: actor.user.clone(),
            created: actor.now,
            body,
            replies: Vec::new(),
            resolved: false,
            orphaned: false,
            quote: self.text()[span.range()].to_string(),
            attached_to: None,
        });
        Ok(Outcome {
            summary: format!("comment {id} added"),
            created_comment: Some(id),
            ..Outcome::default()
        })
    }

    fn reply(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
        body: String,
    ) -> Result<Outcome, ModelError> {
        let index = self.comment_index(comment)?;
        let body = non_empty(body)?;
        let id = ReplyId(self.fresh_id());
        self.record_comment(step, comment);
        step.label = "reply".to_string();
        step.log_events.push(format!("replied to {comment}"));
        self.comments[index].replies.push(Reply {
            id,
            author: actor.user.clone(),
            created: actor.now,
            body,
        });
        Ok(Outcome {
            summary: format!("replied to {comment}"),
            created_comment: Some(comment),
            ..Outcome::default()
        })
    }

    fn edit_comment(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
        body: String,
    ) -> Result<Outcome, ModelError> {
        let index = self.own_comment(actor, comment)?;
        let body = non_empty(body)?;
        self.record_comment(step, comment);
        step.label = "edit a comment".to_string();
        self.comments[index].body = body;
        Ok(summary(format!("comment {comment} edited")))
    }

    fn edit_reply(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
        reply: ReplyId,
        body: String,
    ) -> Result<Outcome, ModelError> {
        let (index, reply_index) = self.own_reply(actor, comment, reply)?;
        let body = non_empty(body)?;
        self.record_comment(step, comment);
        step.label = "edit a reply".to_string();
        self.comments[index].replies[reply_index].body = body;
        Ok(summary(format!("reply {reply} edited")))
    }

    fn delete_comment(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
    ) -> Result<Outcome, ModelError> {
        let index = self.own_comment(actor, comment)?;
        self.record_comment(step, comment);
        step.label = "delete a comment".to_string();
        step.log_events.push(format!("deleted comment {comment}"));
        self.comments.remove(index);
        Ok(summary(format!("comment {comment} deleted")))
    }

    fn delete_reply(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
        reply: ReplyId,
    ) -> Result<Outcome, ModelError> {
        let (index, reply_index) = self.own_reply(actor, comment, reply)?;
        self.record_comment(step, comment);
        step.label = "delete a reply".to_string();
        self.comments[index].replies.remove(reply_index);
        Ok(summary(format!("reply {reply} deleted")))
    }

    fn set_resolved(
        &mut self,
        step: &mut Step,
        comment: CommentId,
        resolved: bool,
    ) -> Result<Outcome, ModelError> {
        let index = self.comment_index(comment)?;
        if self.comments[index].resolved == resolved {
            return Ok(Outcome::default());
        }
        self.record_comment(step, comment);
        let verb = if resolved { "resolved" } else { "reopened" };
        step.label = format!("{} a comment", &verb[..verb.len() - 1]);
        step.log_events.push(format!("{verb} {comment}"));
        self.comments[index].resolved = resolved;
        Ok(summary(format!("comment {comment} {verb}")))
    }

    fn move_comment(
        &mut self,
        step: &mut Step,
        comment: CommentId,
        span: Span,
    ) -> Result<Outcome, ModelError> {
        self.check_span(span)?;
        let index = self.comment_index(comment)?;
        self.record_comment(step, comment);
        step.label = "move a comment".to_string();
        step.log_events.push(format!("moved {comment}"));
        let quote = self.text()[span.range()].to_string();
        let moved = &mut self.comments[index];
        moved.span = span;
        moved.orphaned = false;
        moved.attached_to = None;
        moved.quote = quote;
        Ok(summary(format!("comment {comment} moved")))
    }

    fn set_metadata(
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

    fn own_comment(&self, actor: &Actor, comment: CommentId) -> Result<usize, ModelError> {
        let index = self.comment_index(comment)?;
        let author = &self.comments[index].author;
        if author.name != actor.user.name {
            return Err(ModelError::NotYours {
                what: format!("comment {comment}"),
                author: author.name.clone(),
            });
        }
        Ok(index)
    }

    fn own_reply(
        &self,
        actor: &Actor,
        comment: CommentId,
        reply: ReplyId,
    ) -> Result<(usize, usize), ModelError> {
        let index = self.comment_index(comment)?;
        let reply_index = self.comments[index]
            .replies
            .iter()
            .position(|candidate| candidate.id == reply)
            .ok_or(ModelError::UnknownReply { comment, reply })?;
        let author = &self.comments[index].replies[reply_index].author;
        if author.name != actor.user.name {
            return Err(ModelError::NotYours {
                what: format!("reply {reply}"),
                author: author.name.clone(),
            });
        }
        Ok((index, reply_index))
    }
}

fn non_empty(body: String) -> Result<String, ModelError> {
    if body.trim().is_empty() {
        Err(ModelError::EmptyComment)
    } else {
        Ok(body)
    }
}

fn summary(text: String) -> Outcome {
    Outcome {
        summary: text,
        ..Outcome::default()
    }
}
