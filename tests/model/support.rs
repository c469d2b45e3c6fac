//! Shared helpers: a fixed actor and projects written in the span notation.

use chrono::{TimeZone, Utc};
use redline::model::test_util::parse;
use redline::model::{
    Actor, Comment, CommentId, Document, Person, Project, ProjectParts, Span, Suggestion,
    SuggestionId, SuggestionKind, SuggestionStatus,
};

pub fn actor(name: &str) -> Actor {
    Actor {
        user: Person::new(name, Person::initials_of(name)),
        now: Utc
            .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
            .single()
            .expect("valid time"),
    }
}

pub fn comment(id: u64, span: Span, text: &str) -> Comment {
    Comment {
        id: CommentId(id),
        span,
        author: Person::new("Priya Ananthanarayan", "PA"),
        created: actor("x").now,
        body: format!("comment {id}"),
        replies: Vec::new(),
        resolved: false,
        orphaned: false,
        quote: text[span.range()].to_string(),
        attached_to: None,
    }
}

pub fn suggestion(
    id: u64,
    span: Span,
    kind: SuggestionKind,
    author: &str,
    text: &str,
) -> Suggestion {
    Suggestion {
        id: SuggestionId(id),
        span,
        original: text[span.range()].to_string(),
        kind,
        author: Person::new(author, Person::initials_of(author)),
        created: actor("x").now,
        rationale: None,
        status: SuggestionStatus::Pending,
        orphaned: false,
        conflict: None,
        material: false,
        move_partner: None,
        note: None,
        formatting: None,
    }
}

/// A project from notation: spans named `c…` become comments, `s…`
/// suggestions built by `kind_of(name)`.
pub fn project(
    notation: &str,
    kind_of: impl Fn(&str) -> (SuggestionKind, &'static str),
) -> Project {
    let (text, spans) = parse(notation);
    let mut parts = ProjectParts {
        document: Document {
            title: "Test".into(),
            content: redline::model::content::Content::plain(text.clone()),
            ..Document::default()
        },
        ..ProjectParts::default()
    };
    for (name, span) in &spans {
        let id: u64 = name[1..]
            .parse()
            .expect("span names are a letter and a number");
        if name.starts_with('c') {
            parts.comments.push(comment(id, *span, &text));
        } else {
            let (kind, author) = kind_of(name);
            parts
                .suggestions
                .push(suggestion(id, *span, kind, author, &text));
        }
    }
    let mut project = Project::from_parts(parts).expect("valid project");
    // `#` and `- ` lines become headings and list items, every anchor kept.
    project.migrate_structure_marks();
    project
}
