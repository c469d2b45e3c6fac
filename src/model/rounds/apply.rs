//! Carrying out a [`MergePlan`]: one undo step that adds what the copy
//! brings in, records where each item came from, and records the return
//! in its round.
//!
//! A plan is made against one state of the project (its revision); applied
//! to any other state it is refused, since its places in the draft would
//! no longer be right. A plan that brings nothing new from a file already
//! merged changes nothing at all, so merging the same copy twice is
//! merging it once.

use super::plan::{MergePlan, Target};
use super::{Incoming, IncomingItem, Return, Round, Verdict};
use crate::model::ModelError;
use crate::model::annotation::{CommentId, Reply, ReplyId, Suggestion, SuggestionId};
use crate::model::command::{Actor, Outcome, summary};
use crate::model::history::Step;
use crate::model::offset::ByteOffset;
use crate::model::project::Project;

impl Project {
    pub(in crate::model) fn merge_copy(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        plan: MergePlan,
    ) -> Result<Outcome, ModelError> {
        if plan.revision != self.revision() {
            return Err(ModelError::StaleMerge);
        }
        let existing_round = self.rounds.round(&plan.round);
        if plan.round_is_new && existing_round.is_some() {
            return Err(ModelError::DuplicateId(plan.round.to_string()));
        }
        let already_back = existing_round.is_some_and(|round| {
            round
                .returns
                .iter()
                .any(|back| back.file_hash == plan.file_hash)
        });
        let counts = plan.report.counts;
        if counts.items() == 0 && already_back {
            return Ok(summary(format!(
                "nothing new: {}'s copy was brought back before",
                plan.reviewer.person.name
            )));
        }
        self.record_rounds(step);
        let mut incoming = Vec::new();
        let suggestion_ids = self.add_planned_suggestions(step, actor, &plan, &mut incoming)?;
        self.add_planned_formats(step, actor, &plan, &mut incoming)?;
        let resolve = |target: Target| match target {
            Target::Existing(id) => id,
            Target::New(index) => suggestion_ids[index],
        };
        for new in &plan.comments {
            self.check_span(new.comment.span)?;
            let id = CommentId(self.fresh_id("comments")?);
            self.record_comment(step, id);
            let mut comment = new.comment.clone();
            comment.id = id;
            comment.attached_to = new.attached.map(resolve);
            for reply in &mut comment.replies {
                reply.id = ReplyId(self.fresh_id("replies")?);
                incoming.push(incoming_record(&plan, IncomingItem::Reply(reply.id)));
            }
            incoming.push(Incoming {
                conflict: new.conflict.clone(),
                context: new.context.clone(),
                ..incoming_record(&plan, IncomingItem::Comment(id))
            });
            self.comments.push(comment);
        }
        for reply in &plan.replies {
            let index = self.comment_index(reply.comment)?;
            let id = ReplyId(self.fresh_id("replies")?);
            self.record_comment(step, reply.comment);
            self.comments[index].replies.push(Reply {
                id,
                author: reply.author.clone(),
                created: reply.created,
                body: reply.body.clone(),
            });
            incoming.push(incoming_record(&plan, IncomingItem::Reply(id)));
        }
        for &(suggestion, accepted) in &plan.verdicts {
            self.rounds.verdicts.push(Verdict {
                suggestion,
                by: plan.reviewer.person.clone(),
                accepted,
                round: plan.round.clone(),
                at: actor.now,
            });
        }
        for &(a, b) in &plan.rivals {
            self.rounds.add_rivals(resolve(a), resolve(b));
        }
        for record in incoming {
            self.rounds.add_incoming(record);
        }
        if plan.round_is_new {
            self.rounds.rounds.push(Round {
                id: plan.round.clone(),
                reviewer: plan.reviewer.person.clone(),
                sent: None,
                returns: Vec::new(),
            });
        }
        let round = self
            .rounds
            .rounds
            .iter_mut()
            .find(|round| round.id == plan.round)
            .ok_or_else(|| ModelError::DuplicateId(plan.round.to_string()))?;
        round.returns.push(Return {
            at: actor.now,
            by: actor.user.name.clone(),
            file_hash: plan.file_hash.clone(),
            base: plan.base,
            base_reason: plan.base_reason.clone(),
            reviewer_inferred: plan.reviewer.inferred,
            counts,
            fingerprints: plan.fingerprints.clone(),
        });
        step.label = format!("bring back {}'s copy", plan.reviewer.person.name);
        step.log_events.push(format!(
            "brought back {}'s copy (round {}, against {}): {}",
            plan.reviewer.person.name,
            plan.round,
            self.version_name(plan.base),
            counts.in_words(false)
        ));
        Ok(summary(format!(
            "brought in from {}'s copy: {}",
            plan.reviewer.person.name,
            counts.in_words(false)
        )))
    }

    /// Adds the plan's suggestions (not formatting) with fresh ids, moves
    /// paired; returns the ids in plan order.
    fn add_planned_suggestions(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        plan: &MergePlan,
        incoming: &mut Vec<Incoming>,
    ) -> Result<Vec<SuggestionId>, ModelError> {
        let mut ids = Vec::with_capacity(plan.suggestions.len());
        for new in &plan.suggestions {
            self.check_span(new.span)?;
            ids.push(SuggestionId(self.fresh_id("suggestions")?));
        }
        for (new, &id) in plan.suggestions.iter().zip(&ids) {
            self.record_suggestion(step, id);
            self.suggestions.push(Suggestion {
                rationale: new.rationale.clone(),
                orphaned: new.orphaned,
                move_partner: new.partner.map(|partner| ids[partner]),
                formatting: new.formatting.clone(),
                ..Suggestion::pending(
                    id,
                    new.span,
                    new.original.clone(),
                    new.kind.clone(),
                    new.author.clone(),
                    new.created.unwrap_or(actor.now),
                )
            });
            incoming.push(Incoming {
                author_inferred: new.inferred,
                untracked: new.untracked,
                conflict: new.conflict.clone(),
                context: new.context.clone(),
                ..incoming_record(plan, IncomingItem::Suggestion(id))
            });
        }
        Ok(ids)
    }

    /// Applies the plan's formatting changes as formatting suggestions by
    /// their authors.
    fn add_planned_formats(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        plan: &MergePlan,
        incoming: &mut Vec<Incoming>,
    ) -> Result<(), ModelError> {
        // Each formatting suggestion would log itself; the merge logs once.
        let log_length = step.log_events.len();
        for new in &plan.formats {
            let author = Actor {
                user: new.author.clone(),
                now: new.created.unwrap_or(actor.now),
            };
            let outcome = self.format(
                step,
                &author,
                ByteOffset(new.range.start)..ByteOffset(new.range.end),
                new.marks.clone(),
                new.block.clone(),
                true,
            )?;
            if let Some(id) = outcome.created_suggestion {
                incoming.push(Incoming {
                    author_inferred: new.inferred,
                    untracked: new.untracked,
                    conflict: new.conflict.clone(),
                    ..incoming_record(plan, IncomingItem::Suggestion(id))
                });
            }
        }
        step.log_events.truncate(log_length);
        Ok(())
    }
}

/// The record of an item that came in with `plan`, nothing more known.
fn incoming_record(plan: &MergePlan, item: IncomingItem) -> Incoming {
    Incoming {
        item,
        round: plan.round.clone(),
        author_inferred: false,
        untracked: false,
        conflict: None,
        context: None,
    }
}
