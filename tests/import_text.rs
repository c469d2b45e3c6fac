//! Importers for commented plain text and CriticMarkup / Markdown, and the
//! CriticMarkup exporter.

mod criticmarkup_round_trip {
    use redline::formats::criticmarkup;
    use redline::formats::sample::sample_project;
    use redline::model::generator::{FixtureSize, generate};
    use redline::model::{Project, SuggestionKind};
    use std::path::Path;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::UNIX_EPOCH
    }

    /// What a round trip must keep, in a comparable order.
    fn essentials(project: &Project) -> (String, Vec<String>, Vec<String>) {
        let mut comments: Vec<String> = project
            .comments()
            .iter()
            .map(|comment| {
                let replies: Vec<String> = comment
                    .replies
                    .iter()
                    .map(|reply| format!("{:?}: {}", reply.author, reply.body))
                    .collect();
                format!(
                    "{:?} {:?} {:?} resolved={} {:?} {:?}",
                    comment.span,
                    comment.quote,
                    comment.author,
                    comment.resolved,
                    comment.body,
                    replies
                )
            })
            .collect();
        comments.sort();
        let mut suggestions: Vec<String> = project
            .suggestions()
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
            .map(|suggestion| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?}",
                    suggestion.span,
                    suggestion.original,
                    suggestion.kind,
                    suggestion.author,
                    suggestion.rationale
                )
            })
            .collect();
        suggestions.sort();
        (project.text().to_string(), comments, suggestions)
    }

    fn round_trip(project: &Project) -> (Project, Vec<String>) {
        let exported = criticmarkup::export(project);
        let imported = criticmarkup::import(&exported, Path::new("policy.md"), now()).unwrap();
        (
            Project::from_parts(imported.parts).unwrap(),
            imported.warnings,
        )
    }

    fn check(project: &Project) {
        let (back, warnings) = round_trip(project);
        assert_eq!(warnings, Vec::<String>::new());
        let (text, comments, suggestions) = essentials(project);
        let (back_text, back_comments, back_suggestions) = essentials(&back);
        assert_eq!(back_text, text);
        assert_eq!(back_comments.len(), comments.len());
        for (left, right) in comments.iter().zip(&back_comments) {
            assert_eq!(right, left);
        }
        for (left, right) in suggestions.iter().zip(&back_suggestions) {
            assert_eq!(right, left);
        }
        assert_eq!(back_suggestions.len(), suggestions.len());
        assert_eq!(back.document().title, project.document().title);
        assert_eq!(
            back.document().organisation,
            project.document().organisation
        );
        assert_eq!(
            back.document().effective_date,
            project.document().effective_date
        );
    }

    #[test]
    fn sample_project_survives() {
        check(&sample_project().unwrap());
    }

    #[test]
    fn generated_projects_survive() {
        for seed in 0..6 {
            check(&generate(FixtureSize::Realistic, seed));
        }
    }

    #[test]
    fn alternatives_are_written_with_every_candidate() {
        let exported = criticmarkup::export(&sample_project().unwrap());
        assert!(exported.contains("~>"));
        let project = generate(FixtureSize::Realistic, 1);
        let (back, _) = round_trip(&project);
        assert!(back
            .suggestions()
            .iter()
            .any(|suggestion| matches!(&suggestion.kind, SuggestionKind::Alternatives { candidates } if candidates.len() == 2)));
    }
}
