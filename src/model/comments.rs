//! Comment threads: adding, replying, editing and deleting one's own,
//! resolving and reopening, and anchoring a thread to other text.

use super::ModelError;
use super::annotation::{Comment, CommentId, Reply, ReplyId};
use super::command::{Actor, Outcome, summary};
use super::history::Step;
use super::project::Project;
use super::span::Span;

impl Project {
    pub(super) fn add_comment(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        span: Span,
        body: String,
    ) -> Result<Outcome, ModelError> {
        self.check_span(span)?;
        let body = non_empty(body)?;
        let id = CommentId(self.fresh_id("comments")?);
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

    pub(super) fn reply(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        comment: CommentId,
        body: String,
    ) -> Result<Outcome, ModelError> {
        let index = self.comment_index(comment)?;
        let body = non_empty(body)?;
        let id = ReplyId(self.fresh_id("replies")?);
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

    pub(super) fn edit_comment(
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

    pub(super) fn edit_reply(
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

    pub(super) fn delete_comment(
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

    pub(super) fn delete_reply(
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

    pub(super) fn set_resolved(
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

    pub(super) fn move_comment(
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

    pub(super) fn own_comment(
        &self,
        actor: &Actor,
        comment: CommentId,
    ) -> Result<usize, ModelError> {
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

    pub(super) fn own_reply(
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
