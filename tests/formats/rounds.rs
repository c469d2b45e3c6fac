//! Review rounds in the project file: everything a round records survives
//! save and load, and a project file written before rounds existed loads
//! with none.

use chrono::{TimeZone, Utc};
use redline::formats::project_file::{from_ron_str, to_ron_string};
use redline::formats::sample::sample_project;
use redline::model::content::Content;
use redline::model::rounds::{
    MergeRequest, Reviewer, RoundId, RoundSource, SendOptions, SendRecord, choose_base,
};
use redline::model::{Actor, Command, Document, Person, Project, ProjectParts, Span};
use std::path::Path;

fn actor(name: &str) -> Actor {
    Actor {
        user: Person::new(name, Person::initials_of(name)),
        now: Utc
            .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
            .single()
            .expect("a time"),
    }
}

/// The sample with a thread marked internal, a round sent to one reviewer
/// and brought back with an untracked edit and a comment, and a rival.
fn reviewed_sample() -> Project {
    let mut project = sample_project().expect("sample");
    let me = actor("Maren Oyelaran-Fisk");
    let first = project.comments()[0].id;
    project
        .apply(
            Command::SetInternal {
                comment: first,
                internal: true,
            },
            &me,
        )
        .expect("internal");
    let reviewer = "Ingrid Solberg";
    let outgoing = project.outgoing(&SendOptions {
        reviewer: reviewer.into(),
        other_reviewers: false,
    });
    let round = RoundId::from_random([9; 8]);
    project
        .apply(
            Command::RecordSending(SendRecord {
                round: round.clone(),
                reviewer: Person::new(reviewer, "IS"),
                format: "docx-redline".into(),
                file_hash: "0f".repeat(32),
                comments: outgoing.comments.clone(),
                suggestions: outgoing.suggestions.clone(),
                included: vec!["the review log".into()],
                responses: false,
            }),
            &me,
        )
        .expect("sent");
    let text = project
        .text()
        .replacen("Approximate location", "Coarse location", 1);
    let mut copy = ProjectParts {
        document: Document::new("copy", Content::plain(text.clone())),
        ..outgoing.parts
    };
    copy.comments.clear();
    copy.suggestions.clear();
    let start = text.find("household").expect("words");
    let mut comment = project.comments()[1].clone();
    comment.span = Span::new(start, start + "household".len());
    comment.author = Person::new(reviewer, "IS");
    comment.body = "Defined?".into();
    comment.replies.clear();
    copy.comments.push(comment);
    let base = choose_base(
        &project,
        &copy.document.content.text,
        Some((&round, RoundSource::Mark)),
        None,
    )
    .expect("base");
    let plan = project
        .plan_merge(&MergeRequest {
            returned: copy,
            carried_base: None,
            base,
            reviewer: Reviewer {
                person: Person::new(reviewer, "IS"),
                inferred: true,
            },
            file_hash: "ab".repeat(32),
            new_round: RoundId::from_random([1; 8]),
            compare_formatting: false,
        })
        .expect("plan");
    project
        .apply(Command::MergeCopy(Box::new(plan)), &me)
        .expect("merged");
    project
}

#[test]
fn rounds_survive_save_and_load() {
    let project = reviewed_sample();
    let book = project.round_book().clone();
    assert_eq!(book.rounds.len(), 1);
    assert_eq!(book.rounds[0].returns.len(), 1);
    assert_eq!(book.internal.len(), 1);
    assert_eq!(book.incoming.len(), 2, "a comment and an untracked edit");
    let text = to_ron_string(&project).expect("saves");
    assert!(text.contains("\n  rounds: (\n"), "{}", &text[..200]);
    assert!(text.contains("id: \"r0909090909090909\""));
    let loaded = from_ron_str(&text, Path::new("p.redline.ron")).expect("loads");
    assert_eq!(loaded.round_book(), &book);
    assert_eq!(loaded.to_parts(), project.to_parts());
}

#[test]
fn a_project_without_rounds_writes_none_and_an_older_file_loads_with_none() {
    let project = sample_project().expect("sample");
    let text = to_ron_string(&project).expect("saves");
    assert!(!text.contains("rounds:"), "no empty rounds section");
    let loaded = from_ron_str(&text, Path::new("old.redline.ron")).expect("loads");
    assert!(loaded.round_book().is_empty());
    let committed = include_str!("../../examples/sample-policy.redline.ron");
    assert!(
        from_ron_str(committed, Path::new("sample.redline.ron"))
            .expect("the committed format-2 sample loads")
            .rounds()
            .is_empty()
    );
}

/// A footnote suggested and still pending: no review copy can carry it
/// yet, so a send leaves it home and says so, and a review export leaves it
/// out with a warning instead of writing its note as a stray paragraph.
#[test]
fn a_pending_suggested_footnote_stays_home_and_is_named() {
    use redline::formats::export::{ExportFormat, ExportRequest, export_bytes, export_warnings};
    use redline::formats::review_copy::plan_send;
    let mut project = sample_project().expect("sample");
    let at = project.text().find("household budgeting").expect("words");
    project
        .apply(
            Command::SuggestFootnote {
                at: redline::model::ByteOffset(at),
            },
            &actor("Casey Counsel"),
        )
        .expect("suggested footnote");
    // A reviewer's thread on the suggested note's words (as a Word copy
    // brings a comment inside an insertion).
    let mut parts = project.to_parts();
    let reference = parts
        .suggestions
        .iter()
        .find(|suggestion| suggestion.note.is_some())
        .expect("the footnote's suggestion")
        .clone();
    let mut thread = parts.comments[0].clone();
    thread.id = redline::model::CommentId(9_000);
    thread.span = reference.span;
    thread.quote = String::new();
    thread.attached_to = Some(reference.id);
    thread.replies.clear();
    parts.comments.push(thread);
    let project = Project::from_parts(parts).expect("consistent");
    let plan = plan_send(&project, "Ingrid Solberg", &[], false);
    assert!(
        plan.preview.iter().any(|line| line
            == "stays home: 1 suggested footnote (a copy cannot carry a footnote still pending: accept or reject it first)"),
        "{:?}",
        plan.preview
    );
    assert!(
        plan.preview
            .iter()
            .any(|line| line
                == "stays home: 1 thread on text that a suggestion left at home inserts"),
        "{:?}",
        plan.preview
    );
    assert!(
        plan.outgoing
            .parts
            .suggestions
            .iter()
            .all(|suggestion| suggestion.note.is_none())
    );
    for format in [ExportFormat::DocxRedline, ExportFormat::Criticmarkup] {
        let request = ExportRequest {
            format,
            version: None,
            history: false,
            paper: None,
            version_label: false,
        };
        let warnings = export_warnings(&project, request);
        assert!(
            warnings.iter().any(|warning| warning
                == "1 suggested footnote is not in this copy (nor the comment thread on it): a review copy cannot carry a footnote still pending (accept or reject it first)"),
            "{format:?}: {warnings:?}"
        );
        let bytes = export_bytes(&project, request).expect("written");
        let pending_before = project
            .suggestions()
            .iter()
            .filter(|s| s.status.is_pending() && s.note.is_none())
            .count();
        let copy = redline::formats::import::import_bytes(
            Path::new(if format == ExportFormat::DocxRedline {
                "copy.docx"
            } else {
                "copy.md"
            }),
            &bytes,
            None,
            Utc::now(),
        )
        .expect("the copy reads back");
        assert_eq!(
            copy.parts.suggestions.len(),
            pending_before,
            "{format:?}: the copy carries the other suggestions and nothing of the footnote"
        );
    }
}
