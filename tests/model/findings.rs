//! Check findings on a project: dismissals anchored like comments, fixes
//! offered as suggestions.

use super::support::{actor, project};
use chrono::NaiveDate;
use redline::model::{ByteOffset, Command, ModelError, Project, SuggestionKind};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 1).expect("date")
}

fn policy() -> Project {
    project(
        "# P\nEffective Date: March 1, 2026\nWe protect personal data. We share personal information with partners.",
        |_| unreachable!(),
    )
}

fn term_finding(project: &Project) -> redline::model::ProjectFinding {
    project
        .findings(today())
        .into_iter()
        .find(|found| found.finding.rule.id() == "term-consistency")
        .expect("a term finding")
}

#[test]
fn a_dismissal_needs_a_reason_and_moves_with_edits() {
    let mut project = policy();
    let me = actor("Maren");
    let finding = term_finding(&project).finding;
    assert_eq!(
        &project.text()[finding.range.clone()],
        "personal information"
    );
    let error = project
        .apply(
            Command::DismissFinding {
                finding: finding.clone(),
                reason: " ".into(),
            },
            &me,
        )
        .unwrap_err();
    assert_eq!(error, ModelError::DismissalReasonMissing);
    project
        .apply(
            Command::DismissFinding {
                finding,
                reason: "Defined term in the partner agreement".into(),
            },
            &me,
        )
        .expect("dismiss");
    assert!(term_finding(&project).dismissal.is_some());
    // Text typed before it moves the finding and the dismissal together.
    project
        .apply(
            Command::Edit {
                range: ByteOffset(30)..ByteOffset(30),
                text: "carefully ".into(),
            },
            &me,
        )
        .expect("edit");
    let moved = term_finding(&project);
    assert_eq!(
        &project.text()[moved.finding.range.clone()],
        "personal information"
    );
    assert!(moved.dismissal.is_some(), "still dismissed after the edit");
    assert_eq!(
        project.dismissals()[0].reason,
        "Defined term in the partner agreement"
    );
    assert!(
        project
            .log()
            .iter()
            .any(|entry| entry.event.contains("because: Defined term"))
    );
    let id = project.dismissals()[0].id;
    project
        .apply(Command::ReinstateFinding { dismissal: id }, &me)
        .expect("reinstate");
    assert!(term_finding(&project).dismissal.is_none());
    project.undo(&me).expect("undo reinstate");
    assert!(term_finding(&project).dismissal.is_some());
}

#[test]
fn a_fix_accepted_as_a_suggestion_clears_the_finding() {
    let mut project = policy();
    let me = actor("Maren");
    let finding = term_finding(&project).finding;
    let fix = finding.fix.clone().expect("a fix");
    let span = redline::model::Span::new(finding.range.start, finding.range.end);
    let outcome = project
        .apply(
            Command::AddSuggestion {
                span,
                kind: SuggestionKind::Replacement { text: fix },
                rationale: Some(finding.message),
            },
            &me,
        )
        .expect("suggest");
    let id = outcome.created_suggestion.expect("created");
    project
        .apply(
            Command::Accept {
                id,
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    assert!(
        project
            .findings(today())
            .iter()
            .all(|found| found.finding.rule.id() != "term-consistency")
    );
}

/// The sample's problems were planted where the certifier commented: every
/// finding of the checks must fall in a paragraph that also carries a
/// certifier's comment or suggestion, so the clean sections raise nothing.
#[test]
fn no_finding_on_the_sample_falls_in_a_clean_paragraph() {
    let project = redline::formats::sample::sample_project().expect("sample");
    let text = project.text();
    let paragraph_of = |byte: usize| text[..byte].matches('\n').count();
    let reviewed: std::collections::BTreeSet<usize> = project
        .comments()
        .iter()
        .map(|comment| comment.span)
        .chain(
            project
                .suggestions()
                .iter()
                .map(|suggestion| suggestion.span),
        )
        .flat_map(|span| paragraph_of(span.start.0)..=paragraph_of(span.end.0))
        .collect();
    let findings = project.findings(today());
    assert!(
        findings.len() >= 5,
        "the planted problems are found: {findings:#?}"
    );
    let blocks = &project.content().blocks;
    let is_heading = |paragraph: usize| blocks[paragraph].style.heading_level().is_some();
    for found in findings {
        let paragraph = paragraph_of(found.finding.range.start);
        // A finding on a heading is about its section: the paragraphs up to
        // the next heading.
        let section_end = if is_heading(paragraph) {
            (paragraph + 1..blocks.len())
                .find(|&line| is_heading(line))
                .unwrap_or(blocks.len())
        } else {
            paragraph + 1
        };
        assert!(
            (paragraph..section_end).any(|line| reviewed.contains(&line))
                || found.finding.range.is_empty(),
            "finding in a clean paragraph {paragraph}: {:?} {:?}",
            found.finding.message,
            &text[found.finding.range.clone()]
        );
    }
}
