//! The copy's comment threads: new threads come in, known ones bring their
//! new replies, a thread deleted in the copy stays.

use super::*;

impl Planner<'_> {
    /// The copy's comment threads: new ones come in, known ones bring
    /// their new replies.
    pub(super) fn comments(
        &mut self,
        returned: &[Comment],
        suggestions: &[Suggestion],
        sent: &[CommentId],
    ) {
        let mut matched_sent = vec![false; sent.len()];
        for comment in returned {
            let span = comment.span.range();
            let (placed, edited) = self.place_copy(span.clone());
            let quote = self.copy.text[span.clone()].to_string();
            let print = Fingerprint::of(&["comment", &comment.author.name, &comment.body, &quote]);
            if let Some(known) = self.known_thread(comment, &placed) {
                if let Some(position) = sent.iter().position(|id| *id == known) {
                    matched_sent[position] = true;
                }
                let came_in = self
                    .project
                    .incoming(crate::model::rounds::IncomingItem::Comment(known))
                    .is_some();
                if came_in && self.seen.take(print) {
                    self.plan.report.already_merged += 1;
                }
                self.new_replies(comment, known);
                continue;
            }
            if self.is_known_reply(comment, &placed) {
                // A reply that a re-save (LibreOffice) turned into a thread
                // of its own: it is in the project already.
                continue;
            }
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let attached = comment
                .attached_to
                .and_then(|id| suggestions.iter().position(|found| found.id == id))
                .and_then(|index| self.copy_suggestions.get(&index).copied())
                .or_else(|| {
                    edited
                        .then(|| {
                            self.inserted
                                .iter()
                                .find(|(range, _)| {
                                    range.start <= span.start && span.end <= range.end
                                })
                                .map(|&(_, index)| Target::New(index))
                        })
                        .flatten()
                });
            let (span_in_draft, orphaned, conflict) = match attached {
                Some(Target::New(index)) => (
                    Span::point(self.plan.suggestions[index].span.start.0),
                    false,
                    None,
                ),
                Some(Target::Existing(id)) => (
                    Span::point(
                        self.project
                            .suggestion(id)
                            .map_or(placed.span.start.0, |found| found.span.start.0),
                    ),
                    false,
                    None,
                ),
                None => (placed.span, placed.orphaned, placed.conflict.clone()),
            };
            if orphaned {
                self.plan.report.counts.orphans += 1;
            }
            if conflict.is_some() {
                self.plan.report.counts.conflicts += 1;
            }
            self.plan.report.counts.comments += 1;
            self.plan.report.counts.replies += comment.replies.len();
            self.plan.report.items.push(ReportLine {
                kind: "comment",
                author: comment.author.name.clone(),
                what: comment.body.clone(),
                words: quote.clone(),
                orphaned,
                conflict: conflict.is_some(),
                rival: false,
            });
            for reply in &comment.replies {
                self.plan.report.items.push(ReportLine {
                    kind: "reply",
                    author: reply.author.name.clone(),
                    what: reply.body.clone(),
                    words: quote.clone(),
                    orphaned,
                    conflict: false,
                    rival: false,
                });
            }
            let context = orphaned.then(|| self.copy_context(span.clone()));
            self.plan.comments.push(NewComment {
                comment: Comment {
                    span: span_in_draft,
                    orphaned,
                    quote,
                    attached_to: None,
                    ..comment.clone()
                },
                attached,
                conflict,
                context,
            });
        }
        self.plan.report.kept_deleted = matched_sent.iter().filter(|found| !**found).count();
    }

    /// The project's thread a copy's thread is: same author and words, on
    /// the same place (or sent in this round).
    fn known_thread(&self, comment: &Comment, placed: &Placed) -> Option<CommentId> {
        let body = normalised(&comment.body);
        self.project
            .comments()
            .iter()
            .filter(|candidate| {
                candidate.author.name == comment.author.name && normalised(&candidate.body) == body
            })
            .find(|candidate| {
                ranges_meet(&candidate.span.range(), &placed.span.range())
                    || normalised(&candidate.quote)
                        == normalised(&self.copy.text[comment.span.range()])
            })
            .map(|candidate| candidate.id)
    }

    /// True when the copy's thread is a reply the project has, on the same
    /// place, by the same author with the same words.
    fn is_known_reply(&self, comment: &Comment, placed: &Placed) -> bool {
        let body = normalised(&comment.body);
        let quote = normalised(&self.copy.text[comment.span.range()]);
        self.project.comments().iter().any(|thread| {
            (ranges_meet(&thread.span.range(), &placed.span.range())
                || normalised(&thread.quote) == quote)
                && thread.replies.iter().any(|reply| {
                    reply.author.name == comment.author.name && normalised(&reply.body) == body
                })
        })
    }

    /// Replies in the copy's thread that the project's thread lacks.
    fn new_replies(&mut self, comment: &Comment, known: CommentId) {
        let Some(thread) = self.project.comment(known) else {
            return;
        };
        if comment.resolved && !thread.resolved {
            self.plan.report.resolved_in_copy += 1;
        }
        for reply in &comment.replies {
            let body = normalised(&reply.body);
            let there = thread.replies.iter().any(|existing| {
                existing.author.name == reply.author.name && normalised(&existing.body) == body
            });
            if there {
                continue;
            }
            let print = Fingerprint::of(&["reply", &known.to_string(), &reply.author.name, &body]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            self.plan.report.counts.replies += 1;
            self.plan.report.items.push(ReportLine {
                kind: "reply",
                author: reply.author.name.clone(),
                what: reply.body.clone(),
                words: thread.quote.clone(),
                orphaned: false,
                conflict: false,
                rival: false,
            });
            self.plan.replies.push(NewReply {
                comment: known,
                author: reply.author.clone(),
                created: reply.created,
                body: reply.body.clone(),
            });
        }
    }
}
