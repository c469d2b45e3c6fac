//! The bundled sample: a fictional company's privacy policy as a certifier
//! sent it back, with comment threads and suggested changes.
//!
//! The sample is written by hand as two files, `assets/sample/policy.md`
//! (the policy in Markdown: headings, lists, a table, links, bold terms) and
//! `assets/sample/review.ron` (the review, anchored by quotes, each found
//! exactly once in the policy's words). `cargo run --example
//! make_sample` turns them into the project file
//! `examples/sample-policy.redline.ron`, which the binary embeds; a test
//! keeps the two in step.

use super::FormatError;
use super::project_file::from_ron_str;
use crate::model::{
    Comment, CommentId, Document, Person, Project, ProjectParts, Reply, ReplyId, Span, Suggestion,
    SuggestionId, SuggestionKind, SuggestionStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::path::Path;

/// The embedded sample project file.
pub const SAMPLE_PROJECT: &str = include_str!("../../examples/sample-policy.redline.ron");

/// The bundled sample project, as the GUI opens it with no file given.
pub fn sample_project() -> Result<Project, FormatError> {
    from_ron_str(SAMPLE_PROJECT, Path::new("sample-policy.redline.ron"))
}

#[derive(Deserialize)]
struct ReviewSpec {
    title: String,
    organisation: String,
    effective_date: NaiveDate,
    comments: Vec<CommentSpec>,
    suggestions: Vec<SuggestionSpec>,
}

#[derive(Deserialize)]
struct CommentSpec {
    quote: String,
    author: String,
    initials: String,
    created: DateTime<Utc>,
    body: String,
    resolved: bool,
    replies: Vec<ReplySpec>,
}

#[derive(Deserialize)]
struct ReplySpec {
    author: String,
    initials: String,
    created: DateTime<Utc>,
    body: String,
}

#[derive(Deserialize)]
struct SuggestionSpec {
    kind: String,
    quote: String,
    text: String,
    alternatives: Vec<String>,
    author: String,
    initials: String,
    created: DateTime<Utc>,
    rationale: Option<String>,
}

/// Builds the sample project from the policy text and the quote-anchored
/// review. Every quote must occur exactly once in the text.
pub fn build_sample(policy: &str, review_ron: &str) -> Result<Project, FormatError> {
    let origin = Path::new("assets/sample/review.ron");
    let invalid = |message: String| FormatError::Invalid {
        path: origin.to_path_buf(),
        message,
    };
    let spec: ReviewSpec = ron::from_str(review_ron).map_err(|error| FormatError::Syntax {
        path: origin.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: error.code.to_string(),
    })?;
    let parsed = super::markdown::parse(policy);
    if !parsed.warnings.is_empty() {
        return Err(invalid(format!(
            "the sample policy has Markdown that is not kept: {}",
            parsed.warnings.join("; ")
        )));
    }
    let content = parsed.content;
    let text = content.text.clone();
    let find = |quote: &str| -> Result<Span, FormatError> {
        let mut found = text.match_indices(quote);
        match (found.next(), found.next()) {
            (Some((start, _)), None) => Ok(Span::new(start, start + quote.len())),
            (None, _) => Err(invalid(format!("quote not found: {quote:?}"))),
            (Some(_), Some(_)) => Err(invalid(format!("quote occurs more than once: {quote:?}"))),
        }
    };
    let mut next_id = 0;
    let mut fresh_id = || {
        next_id += 1;
        next_id
    };
    let mut suggestions = Vec::new();
    for item in spec.suggestions {
        let quoted = find(&item.quote)?;
        let (span, kind) = match item.kind.as_str() {
            "insertion" => (
                Span::point(quoted.end.0),
                SuggestionKind::Insertion { text: item.text },
            ),
            "deletion" => (quoted, SuggestionKind::Deletion),
            "replacement" => (quoted, SuggestionKind::Replacement { text: item.text }),
            "alternatives" => (
                quoted,
                SuggestionKind::Alternatives {
                    candidates: item.alternatives,
                },
            ),
            other => return Err(invalid(format!("unknown suggestion kind {other:?}"))),
        };
        suggestions.push(Suggestion {
            id: SuggestionId(fresh_id()),
            span,
            original: text[span.range()].to_string(),
            kind,
            author: Person::new(item.author, item.initials),
            created: item.created,
            rationale: item.rationale,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            material: false,
            move_partner: None,
            note: None,
            formatting: None,
        });
    }
    let mut comments = Vec::new();
    for item in spec.comments {
        let span = find(&item.quote)?;
        let id = CommentId(fresh_id());
        let replies = item
            .replies
            .into_iter()
            .map(|reply| Reply {
                id: ReplyId(fresh_id()),
                author: Person::new(reply.author, reply.initials),
                created: reply.created,
                body: reply.body,
            })
            .collect();
        comments.push(Comment {
            id,
            span,
            author: Person::new(item.author, item.initials),
            created: item.created,
            body: item.body,
            replies,
            resolved: item.resolved,
            orphaned: false,
            quote: item.quote,
            attached_to: None,
        });
    }
    let parts = ProjectParts {
        document: Document {
            title: spec.title,
            organisation: spec.organisation,
            effective_date: Some(spec.effective_date),
            content,
        },
        comments,
        suggestions,
        log: Vec::new(),
        ..ProjectParts::default()
    };
    Project::from_parts(parts).map_err(|error| invalid(error.to_string()))
}
