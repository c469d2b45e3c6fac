//! export_redline then import gives the same review.

use super::*;
use redline::formats::sample::sample_project;

#[test]
fn sample_project_round_trips() {
    let project = sample_project().expect("sample");
    let imported = round_trip(&project);
    assert_same_review(&expected_parts(&project), &imported);
    assert_eq!(imported.document.title, project.document().title);
    assert_eq!(
        imported.document.organisation,
        project.document().organisation
    );
    assert_eq!(
        imported.document.effective_date,
        project.document().effective_date
    );
}

#[test]
fn generated_projects_round_trip() {
    for seed in [7, 8, 9] {
        let project = generate(FixtureSize::Realistic, seed);
        let imported = round_trip(&project);
        assert_same_review(&expected_parts(&project), &imported);
    }
}

use chrono::{DateTime, TimeZone, Utc};
use redline::model::test_util::parse;
use redline::model::{
    CommentId, Document, Person, Reply, ReplyId, Span, SuggestionId, SuggestionStatus,
};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 9, 10, minute, 0)
        .single()
        .expect("date")
}

fn suggestion(id: u64, span: Span, kind: SuggestionKind, author: &str, text: &str) -> Suggestion {
    Suggestion {
        id: redline::model::SuggestionId(id),
        span,
        original: text[span.range()].to_string(),
        kind,
        author: Person::new(author, Person::initials_of(author)),
        created: at(id as u32),
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

fn comment(id: u64, span: Span, author: &str, initials: &str, body: &str, text: &str) -> Comment {
    Comment {
        id: CommentId(id),
        span,
        author: Person::new(author, initials),
        created: at(id as u32),
        body: body.to_string(),
        replies: Vec::new(),
        resolved: false,
        orphaned: false,
        quote: text[span.range()].to_string(),
        attached_to: None,
    }
}

/// Every construct the writer and reader must agree on, in one project:
/// escaping, headings and lists, multi-paragraph insertions and
/// deletions, a move, a comment on inserted text, replies, resolved state,
/// a comment across paragraphs, alternatives.
pub fn edge_case_project() -> Project {
    let notation = "# R&D [Policy]{heading}\n\
        Effective Date: March 1, 2026\n\
        ## Data & Retention\n\
        We keep []{ins}data [for ever]{del} and [share it]{rep}.[]{para}\n\
        - first item\n\
        [- second item\n]{line}- third\ttabbed \u{201c}quotes\u{201d} & <tags> &amp; literal [R&D]{alt}\n\
        Moved [sentence here. ]{from}End.[]{to}\n\
        [Comment across\nparagraphs]{cross} ends here.";
    let (text, spans) = parse(notation);
    let author_a = "Priya Ananthanarayan";
    let author_b = "R&D <Team> \"Legal\"";
    let mut suggestions = vec![
        suggestion(
            1,
            spans["ins"],
            SuggestionKind::Insertion {
                text: "clearly ".into(),
            },
            author_a,
            &text,
        ),
        suggestion(2, spans["del"], SuggestionKind::Deletion, author_b, &text),
        suggestion(
            3,
            spans["rep"],
            SuggestionKind::Replacement {
                text: "disclose it & more".into(),
            },
            author_a,
            &text,
        ),
        suggestion(
            4,
            spans["para"],
            SuggestionKind::Insertion {
                text: "\n## New Heading\nNew paragraph text".into(),
            },
            author_b,
            &text,
        ),
        suggestion(5, spans["line"], SuggestionKind::Deletion, author_a, &text),
        suggestion(
            6,
            spans["alt"],
            SuggestionKind::Alternatives {
                candidates: vec!["Research".into(), "R&D teams".into()],
            },
            author_b,
            &text,
        ),
        suggestion(7, spans["from"], SuggestionKind::Deletion, author_a, &text),
        suggestion(
            8,
            spans["to"],
            SuggestionKind::Insertion {
                text: " sentence here.".into(),
            },
            author_a,
            &text,
        ),
    ];
    suggestions[6].move_partner = Some(SuggestionId(8));
    suggestions[7].move_partner = Some(SuggestionId(7));
    let mut on_heading = comment(
        10,
        spans["heading"],
        author_a,
        "PA",
        "Title & scope?\nSecond paragraph.",
        &text,
    );
    on_heading.replies.push(Reply {
        id: ReplyId(11),
        author: Person::new(author_b, "RD"),
        created: at(30),
        body: "Agreed <ok>".into(),
    });
    on_heading.resolved = true;
    let cross = comment(
        12,
        spans["cross"],
        author_b,
        "RD",
        "Spans two paragraphs",
        &text,
    );
    let mut on_insertion = comment(
        13,
        spans["para"],
        author_a,
        "PA",
        "Why a new heading?",
        &text,
    );
    on_insertion.attached_to = Some(SuggestionId(4));
    on_insertion.quote = "\n## New Heading\nNew paragraph text".into();
    let parts = ProjectParts {
        document: Document {
            title: "R&D Policy".into(),
            organisation: "Kestrel & Moor <Ltd>".into(),
            effective_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
            content: redline::model::content::Content::plain(text),
        },
        comments: vec![on_heading, cross, on_insertion],
        suggestions,
        log: Vec::new(),
        ..ProjectParts::default()
    };
    let mut project = Project::from_parts(parts).expect("valid edge-case project");
    project.migrate_structure_marks();
    project
}

#[test]
fn edge_cases_round_trip() {
    let project = edge_case_project();
    let imported = round_trip(&project);
    assert_same_review(&expected_parts(&project), &imported);
    assert_eq!(imported.document.title, "R&D Policy");
    assert_eq!(imported.document.organisation, "Kestrel & Moor <Ltd>");
    let attached = imported
        .comments
        .iter()
        .find(|comment| comment.attached_to.is_some())
        .expect("attached comment");
    assert_eq!(attached.quote, "\nNew Heading\nNew paragraph text");
}

#[test]
fn clean_export_has_heading_styles() {
    let bytes = export_clean(
        &redline::model::content::Content::from_marked_text(
            "# Title\nIntro & more\n## Section\n- item\n### Sub",
        ),
        "Title",
    )
    .expect("export");
    let imported = import(&bytes, origin()).expect("import");
    assert_eq!(
        imported.parts.document.content,
        redline::model::content::Content::from_marked_text(
            "# Title\nIntro & more\n## Section\n- item\n### Sub"
        )
    );
    assert!(imported.parts.comments.is_empty() && imported.parts.suggestions.is_empty());
}

#[test]
fn overlapping_suggestions_are_written_as_comments() {
    let (text, spans) = parse("We [keep [all]{inner} data]{outer} safe.");
    let outer = suggestion(
        1,
        spans["outer"],
        SuggestionKind::Deletion,
        "Ann Lee",
        &text,
    );
    let inner = suggestion(
        2,
        spans["inner"],
        SuggestionKind::Replacement {
            text: "your".into(),
        },
        "Bob Ray",
        &text,
    );
    let parts = ProjectParts {
        document: Document {
            content: redline::model::content::Content::plain(text.clone()),
            ..Document::default()
        },
        comments: Vec::new(),
        suggestions: vec![outer, inner],
        log: Vec::new(),
        ..ProjectParts::default()
    };
    let imported = round_trip(&Project::from_parts(parts).expect("valid"));
    assert_eq!(imported.document.text(), text);
    assert_eq!(imported.suggestions.len(), 1);
    assert_eq!(imported.suggestions[0].kind, SuggestionKind::Deletion);
    assert_eq!(imported.comments.len(), 1);
    assert_eq!(imported.comments[0].author.name, "Bob Ray");
    assert_eq!(
        imported.comments[0].body,
        "Suggested replacement of \"all\" by \"your\" (overlaps another suggested change, so it is not a tracked change here)"
    );
    assert_eq!(&text[imported.comments[0].span.range()], "all");
}

#[test]
fn empty_text_round_trips() {
    let project = Project::new(Document::default());
    let imported = round_trip(&project);
    assert_eq!(imported.document.text(), "");
}
