//! What a send carries to a reviewer, and what stays home.
//!
//! By default a copy carries the draft's text, its pending suggestions and
//! the comment threads the reviewer may see: every thread but those marked
//! internal and those of *other reviewers* (people a round went to or came
//! back from, other than this reviewer) that this reviewer is not part of.
//! Other reviewers' pending suggestions stay home too. Choosing
//! [`SendOptions::other_reviewers`] sends their items as well. Nothing
//! marked internal ever leaves, whatever is chosen; a comment made on text
//! that a suggestion left at home inserts stays home with it. Accepted and
//! rejected suggestions are history and never go; neither do the review
//! log, the versions and the sign-offs (the writers carry none of them).
//! A suggested footnote still pending stays home (both of its halves): no
//! copy's format carries one yet, and the preview says so.

use super::IncomingItem;
use crate::model::annotation::{Comment, CommentId, NotePart, Suggestion, SuggestionId};
use crate::model::project::{Project, ProjectParts};
use std::collections::HashSet;

/// What to send beyond the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// The reviewer's name.
    pub reviewer: String,
    /// Send other reviewers' threads and suggestions too.
    pub other_reviewers: bool,
}

/// What a send carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The document with the chosen threads and suggestions, for a writer.
    pub parts: ProjectParts,
    /// The threads that go.
    pub comments: Vec<CommentId>,
    /// The pending suggestions that go.
    pub suggestions: Vec<SuggestionId>,
    /// What stays home, counted.
    pub left_home: LeftHome,
}

/// What stays home in a send, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftHome {
    /// Threads marked internal.
    pub internal: usize,
    /// Other reviewers' threads this reviewer is not part of.
    pub other_reviewers_comments: usize,
    /// Other reviewers' pending suggestions.
    pub other_reviewers_suggestions: usize,
    /// Threads on text a suggestion left at home inserts.
    pub attached: usize,
    /// Pending suggested footnotes: no copy's format carries a footnote
    /// still pending (Word's tracked footnotes are not written yet).
    pub footnotes: usize,
}

impl Outgoing {
    /// What goes and what stays, one line each, for the preview.
    pub fn preview(&self) -> Vec<String> {
        let paragraphs = self.parts.document.content.blocks.len();
        let threads = self.comments.len();
        let suggestions = self.suggestions.len();
        let home = self.left_home;
        let mut lines = vec![
            format!(
                "goes: the text ({paragraphs} paragraph{})",
                plural(paragraphs)
            ),
            format!(
                "goes: {suggestions} pending suggestion{}",
                plural(suggestions)
            ),
            format!("goes: {threads} comment thread{}", plural(threads)),
        ];
        if home.internal > 0 {
            lines.push(format!(
                "stays home: {} internal thread{} (internal threads never leave)",
                home.internal,
                plural(home.internal)
            ));
        }
        if home.other_reviewers_comments + home.other_reviewers_suggestions > 0 {
            lines.push(format!(
                "stays home: other reviewers' items ({} thread{}, {} suggestion{})",
                home.other_reviewers_comments,
                plural(home.other_reviewers_comments),
                home.other_reviewers_suggestions,
                plural(home.other_reviewers_suggestions)
            ));
        }
        if home.footnotes > 0 {
            lines.push(format!(
                "stays home: {} suggested footnote{} (a copy cannot carry a footnote still pending: accept or reject {} first)",
                home.footnotes,
                plural(home.footnotes),
                if home.footnotes == 1 { "it" } else { "them" }
            ));
        }
        if home.attached > 0 {
            lines.push(format!(
                "stays home: {} thread{} on text that a suggestion left at home inserts",
                home.attached,
                plural(home.attached)
            ));
        }
        lines
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

impl Project {
    /// What a send to `options.reviewer` carries (see the module doc).
    pub fn outgoing(&self, options: &SendOptions) -> Outgoing {
        let others = self.other_reviewers(&options.reviewer);
        let mut left_home = LeftHome::default();
        let suggestions: Vec<&Suggestion> = self
            .suggestions()
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
            .filter(|suggestion| {
                let Some(note) = &suggestion.note else {
                    return true;
                };
                left_home.footnotes += usize::from(note.part == NotePart::Reference);
                false
            })
            .filter(|suggestion| {
                let home =
                    !options.other_reviewers && others.contains(suggestion.author.name.as_str());
                left_home.other_reviewers_suggestions += usize::from(home);
                !home
            })
            .collect();
        let going: HashSet<SuggestionId> =
            suggestions.iter().map(|suggestion| suggestion.id).collect();
        let comments: Vec<&Comment> = self
            .comments()
            .iter()
            .filter(|comment| {
                if self.is_internal(comment.id) {
                    left_home.internal += 1;
                    return false;
                }
                let part_of = comment.author.name == options.reviewer
                    || comment
                        .replies
                        .iter()
                        .any(|reply| reply.author.name == options.reviewer);
                if !options.other_reviewers
                    && !part_of
                    && others.contains(comment.author.name.as_str())
                {
                    left_home.other_reviewers_comments += 1;
                    return false;
                }
                if comment.attached_to.is_some_and(|id| !going.contains(&id)) {
                    left_home.attached += 1;
                    return false;
                }
                true
            })
            .collect();
        Outgoing {
            comments: comments.iter().map(|comment| comment.id).collect(),
            suggestions: suggestions.iter().map(|suggestion| suggestion.id).collect(),
            parts: ProjectParts {
                document: self.document().clone(),
                comments: comments.into_iter().cloned().collect(),
                suggestions: suggestions.into_iter().cloned().collect(),
                ..ProjectParts::default()
            },
            left_home,
        }
    }

    /// Reviewers other than `reviewer`: those of the rounds, and the
    /// authors of what came in from their copies.
    fn other_reviewers(&self, reviewer: &str) -> HashSet<&str> {
        let book = self.round_book();
        let mut names: HashSet<&str> = book
            .reviewer_names()
            .into_iter()
            .filter(|name| *name != reviewer)
            .collect();
        for incoming in &book.incoming {
            let from_other = book
                .round(&incoming.round)
                .is_some_and(|round| round.reviewer.name != reviewer);
            if !from_other {
                continue;
            }
            let author = match incoming.item {
                IncomingItem::Comment(id) => self.comment(id).map(|c| c.author.name.as_str()),
                IncomingItem::Suggestion(id) => self.suggestion(id).map(|s| s.author.name.as_str()),
                IncomingItem::Reply(_) => None,
            };
            if let Some(author) = author.filter(|author| *author != reviewer) {
                names.insert(author);
            }
        }
        names
    }
}
