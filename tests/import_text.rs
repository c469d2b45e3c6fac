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
    fn overlapping_and_decided_suggestions() {
        let mut parts = sample_project().unwrap().to_parts();
        let first = parts.suggestions[0].clone();
        let mut overlapping = first.clone();
        overlapping.id = redline::model::SuggestionId(900);
        overlapping.kind = SuggestionKind::Replacement {
            text: "Bye.".into(),
        };
        let mut rejected = first.clone();
        rejected.id = redline::model::SuggestionId(901);
        rejected.status = redline::model::SuggestionStatus::Rejected {
            by: "Maren".into(),
            at: now(),
        };
        parts.suggestions.push(overlapping);
        parts.suggestions.push(rejected);
        let project = Project::from_parts(parts).unwrap();
        let (back, warnings) = round_trip(&project);
        assert!(warnings.is_empty());
        // The rejected one is history and is not written; the overlapping
        // one cannot be a mark and comes back as a comment describing it.
        assert_eq!(back.suggestions().len(), project.suggestions().len() - 2);
        let described = back
            .comments()
            .iter()
            .find(|comment| {
                comment
                    .body
                    .starts_with("Suggested change that overlaps another one")
            })
            .unwrap();
        assert!(described.body.ends_with("with \"Bye.\""));
        assert_eq!(
            described.span,
            redline::model::Span::point(first.span.start.0)
        );
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

mod commented_text {
    use redline::formats::Imported;
    use redline::formats::commented_text::{import, looks_like_commented_text};
    use redline::model::{Person, Project, SuggestionKind};
    use std::path::Path;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::UNIX_EPOCH
    }

    fn read(text: &str) -> Imported {
        let imported = import(text, Path::new("policy.txt"), now()).unwrap();
        Project::from_parts(imported.parts.clone()).unwrap();
        imported
    }

    /// (marker body, quote) of every comment, in id order.
    fn anchored(imported: &Imported) -> Vec<(String, String)> {
        imported
            .parts
            .comments
            .iter()
            .map(|comment| {
                (
                    comment.body.clone(),
                    imported.parts.document.text()[comment.span.range()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_issue_example() {
        let text = "Effective Date: March 3, 2024\nWe keep your data only as long as needed.[T1] We may share personal data information [T2] with our partners.\n\n [T1]Please strengthen this disclosure.\n [T2]For consistency of terms used.\n";
        assert!(looks_like_commented_text(text));
        let imported = read(text);
        let parts = &imported.parts;
        assert_eq!(
            parts.document.text(),
            "Effective Date: March 3, 2024\nWe keep your data only as long as needed. We may share personal data information with our partners."
        );
        assert_eq!(
            parts.document.effective_date,
            chrono::NaiveDate::from_ymd_opt(2024, 3, 3)
        );
        assert_eq!(parts.document.title, "policy");
        assert_eq!(
            anchored(&imported),
            vec![
                (
                    "Please strengthen this disclosure.".into(),
                    "We keep your data only as long as needed.".into()
                ),
                (
                    "For consistency of terms used.".into(),
                    "personal data information".into()
                ),
            ]
        );
        let comment = &parts.comments[0];
        assert_eq!(comment.author, Person::new("T", "T"));
        assert_eq!(comment.created, now());
        assert_eq!(comment.quote, "We keep your data only as long as needed.");
        assert!(!comment.orphaned);
        assert_eq!(imported.warnings, Vec::<String>::new());
    }

    #[test]
    fn the_fixture_with_every_rule() {
        let imported = read(include_str!("fixtures/text/commented.txt"));
        let parts = &imported.parts;
        assert_eq!(
            parts.document.text(),
            "Hearthbook Privacy Policy\n\
             Effective Date: March 3, 2024\n\
             1. Information We Collect\n\
             We collect account details and usage data when you use the Services. We may share personal data information with our sub-processors.\n\
             We keep your data only as long as needed.\n\
             Data Retention\n\
             We delete inactive accounts after two years, unless the law requires otherwise.\n\
             [We do not sell personal data.] -OR- We may sell personal data to partners. Contact us at [privacy@hearthbook.example] -OR- [dpo@hearthbook.example]."
        );
        assert_eq!(parts.document.title, "Hearthbook Privacy Policy");
        let kinds: Vec<String> = parts
            .document
            .content
            .blocks
            .iter()
            .map(|block| block.describe())
            .collect();
        assert_eq!(
            kinds[..6],
            [
                "Heading 1",
                "Normal",
                "Heading 2",
                "Normal",
                "Normal",
                "Heading 2"
            ]
        );
        assert_eq!(
            anchored(&imported),
            vec![
                (
                    "Please strengthen this disclosure.".into(),
                    "We collect account details and usage data when you use the Services.".into()
                ),
                (
                    "For consistency of terms used,\nplease use \"personal data\" throughout.".into(),
                    "personal data information".into()
                ),
                ("Which data? Please list the categories.".into(), "We keep your data only as long as needed.".into()),
                (
                    "State the legal basis for the retention period.".into(),
                    "We delete inactive accounts after two years,".into()
                ),
                (
                    "This whole paragraph needs a legal basis.".into(),
                    "We delete inactive accounts after two years, unless the law requires otherwise.".into()
                ),
                ("A comment whose marker was lost.".into(), "".into()),
            ]
        );
        assert_eq!(parts.comments[2].author, Person::new("PA", "PA"));
        let lost = &parts.comments[5];
        assert!(lost.orphaned);
        assert_eq!(lost.quote, "comment [T9] has no marker in the text");
        assert_eq!(
            imported.warnings,
            vec![
                "line 18: comment [T9] has no marker in the text; kept as an unanchored comment"
                    .to_string()
            ]
        );
        let alternatives: Vec<(String, Vec<String>)> = parts
            .suggestions
            .iter()
            .map(|suggestion| match &suggestion.kind {
                SuggestionKind::Alternatives { candidates } => {
                    (suggestion.original.clone(), candidates.clone())
                }
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            alternatives,
            vec![
                (
                    "[We do not sell personal data.] -OR- We may sell personal data to partners."
                        .to_string(),
                    vec![
                        "We do not sell personal data.".to_string(),
                        "We may sell personal data to partners.".to_string()
                    ]
                ),
                (
                    "[privacy@hearthbook.example] -OR- [dpo@hearthbook.example]".to_string(),
                    vec![
                        "privacy@hearthbook.example".to_string(),
                        "dpo@hearthbook.example".to_string()
                    ]
                ),
            ]
        );
    }

    #[test]
    fn noun_phrases_in_realistic_sentences() {
        let cases = [
            (
                "We retain your contact details [T1] for two years.",
                "contact details",
            ),
            (
                "Transfers rely on Standard Contractual Clauses [T1] approved by the Commission.",
                "Standard Contractual Clauses",
            ),
            (
                "You may request data portability[T1] at any time.",
                "data portability",
            ),
            (
                "We will respond within a reasonable time [T1].",
                "reasonable time",
            ),
            (
                "We and our analytics partners use cookies, pixel tags [T1], and local storage.",
                "pixel tags",
            ),
            (
                "We use log files to diagnose technical problems [T1] and administer the website.",
                "technical problems",
            ),
            (
                "This applies to the \"Services\" [T1] as defined above.",
                "\"Services\"",
            ),
            ("We share it with [T1] trusted partners.", "with"),
        ];
        for (sentence, expected) in cases {
            let imported = read(&format!("{sentence}\n\n[T1]Comment."));
            assert_eq!(anchored(&imported)[0].1, expected, "{sentence}");
            assert!(!imported.parts.document.text().contains("  "), "{sentence}");
            assert!(!imported.parts.document.text().contains(" ,"), "{sentence}");
        }
    }

    #[test]
    fn sentences_clauses_and_paragraphs() {
        let text = "Intro paragraph here without a marker.\n\
                    [T1]We keep data. Dr. Smith reviews it.[T2] Then, when you ask,[T3] we delete it.\n\
                    [T4]\n\
                    ## Security [T5]\n\n\
                    [T1]start\n[T2]sentence\n[T3]clause\n[T4]alone\n[T5]heading";
        let imported = read(text);
        let quotes: Vec<String> = anchored(&imported)
            .into_iter()
            .map(|(_, quote)| quote)
            .collect();
        let paragraph = "We keep data. Dr. Smith reviews it. Then, when you ask, we delete it.";
        assert_eq!(
            quotes,
            vec![
                paragraph,
                "Dr. Smith reviews it.",
                "when you ask,",
                paragraph,
                "Security"
            ]
        );
    }

    #[test]
    fn a_marker_alone_before_any_paragraph_annotates_the_next() {
        let imported = read("[T1]\nFirst paragraph.\nSecond.\n\n[T1]About the first.");
        assert_eq!(anchored(&imported)[0].1, "First paragraph.");
    }

    #[test]
    fn non_breaking_spaces_around_markers_are_cleaned() {
        let text = "We collect data\u{a0}[T1]\u{a0}from you.\nCookies [T2]\u{a0}.\nKeep\u{a0}this\u{a0}space [T3]\n\n\u{a0}\u{a0}[T1]One.\n [T2]Two.\n\t[T3]Three.";
        let imported = read(text);
        assert_eq!(
            imported.parts.document.text(),
            "We collect data from you.\nCookies.\nKeep\u{a0}this\u{a0}space"
        );
        assert_eq!(imported.warnings, Vec::<String>::new());
        assert_eq!(imported.parts.comments.len(), 3);
    }

    #[test]
    fn a_marker_without_a_comment_is_kept_unanchored() {
        let imported = read("We sell data.[T1] We share data.[T2]\n\n[T1]Really?");
        assert_eq!(
            imported.warnings,
            vec!["line 1: marker [T2] has no comment in the comment list; kept as an unanchored comment".to_string()]
        );
        let orphan = &imported.parts.comments[1];
        assert!(orphan.orphaned);
        assert!(orphan.span.is_empty());
        assert_eq!(orphan.span.start.0, 0);
        assert_eq!(
            orphan.quote,
            "marker [T2] had no comment; it annotated \"We share data.\""
        );
    }

    #[test]
    fn a_paragraph_that_starts_with_a_marker_is_not_the_comment_list() {
        let imported =
            read("First.[T1]\n[T2]Last paragraph opens with a marker.\n\n[T1]One.\n[T2]Two.");
        assert_eq!(
            anchored(&imported),
            vec![
                ("One.".into(), "First.".into()),
                ("Two.".into(), "Last paragraph opens with a marker.".into())
            ]
        );
    }

    #[test]
    fn plain_text_is_not_commented_text() {
        assert!(!looks_like_commented_text(
            "Just a policy.\nWith [brackets] and [T1 text."
        ));
        assert!(!looks_like_commented_text(
            "[T1]A list with no body markers."
        ));
        let imported = read("Just a policy.\nNothing else.");
        assert!(imported.parts.comments.is_empty());
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn hostile_one_line_input_stays_fast() {
        let text = format!("{}\n\n[T1]c", "x) y\" [T1]".repeat(20_000));
        let started = std::time::Instant::now();
        let imported = read(&text);
        assert!(started.elapsed().as_secs() < 10);
        assert_eq!(imported.parts.comments.len(), 1);
        assert_eq!(imported.warnings.len(), 19_999);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let imported = read("\u{feff}We sell data.[T1]\r\n\r\n[T1]Why?\r\n");
        assert_eq!(imported.parts.document.text(), "We sell data.");
        assert_eq!(
            anchored(&imported),
            vec![("Why?".into(), "We sell data.".into())]
        );
    }
}

mod criticmarkup_import {
    use redline::formats::Imported;
    use redline::formats::criticmarkup::import;
    use redline::model::{Person, Project, SuggestionKind};
    use std::path::Path;

    fn read(text: &str) -> Imported {
        let imported = import(text, Path::new("policy.md"), chrono::DateTime::UNIX_EPOCH).unwrap();
        Project::from_parts(imported.parts.clone()).unwrap();
        imported
    }

    fn kinds(imported: &Imported) -> Vec<(String, SuggestionKind)> {
        imported
            .parts
            .suggestions
            .iter()
            .map(|suggestion| {
                (
                    imported.parts.document.text()[suggestion.span.range()].to_string(),
                    suggestion.kind.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn insertion_deletion_and_substitution() {
        let imported = read("We {++never ++}sell {--all --}data {~~to partners~>to anyone~~}.");
        assert_eq!(
            imported.parts.document.text(),
            "We sell all data to partners."
        );
        assert_eq!(
            kinds(&imported),
            vec![
                (
                    "".to_string(),
                    SuggestionKind::Insertion {
                        text: "never ".into()
                    }
                ),
                ("all ".to_string(), SuggestionKind::Deletion),
                (
                    "to partners".to_string(),
                    SuggestionKind::Replacement {
                        text: "to anyone".into()
                    }
                ),
            ]
        );
        assert_eq!(imported.parts.suggestions[0].span.start.0, 3);
        assert_eq!(
            imported.parts.suggestions[0].author,
            Person::new("Unknown", "U")
        );
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn alternatives_extension() {
        let imported = read("We {~~may~>will~>will not~~} sell data.");
        assert_eq!(
            kinds(&imported),
            vec![(
                "may".to_string(),
                SuggestionKind::Alternatives {
                    candidates: vec!["will".into(), "will not".into()]
                }
            )]
        );
    }

    #[test]
    fn highlight_with_comment_and_replies() {
        let imported = read(
            "We keep {==your data==}{>>@Priya Ananthanarayan: Which data?<<}{>>MO: All of it.<<}{>>PA (resolved): Fine.<<} forever.",
        );
        let parts = &imported.parts;
        assert_eq!(parts.document.text(), "We keep your data forever.");
        let comment = &parts.comments[0];
        assert_eq!(comment.quote, "your data");
        assert_eq!(comment.body, "Which data?");
        assert_eq!(comment.author, Person::new("Priya Ananthanarayan", "PA"));
        assert_eq!(comment.replies.len(), 2);
        assert_eq!(comment.replies[0].author, Person::new("MO", "MO"));
        assert_eq!(comment.replies[0].body, "All of it.");
        // Initials-only authors take the full name written elsewhere.
        assert_eq!(
            comment.replies[1].author,
            Person::new("Priya Ananthanarayan", "PA")
        );
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn lone_comment_is_a_point_comment() {
        let imported = read("We keep data.{>> Why? <<} Then more.");
        let comment = &imported.parts.comments[0];
        assert_eq!(imported.parts.document.text(), "We keep data. Then more.");
        assert!(comment.span.is_empty());
        assert_eq!(comment.span.start.0, "We keep data.".len());
        assert_eq!(comment.body, "Why?");
        assert_eq!(comment.author, Person::new("Unknown", "U"));
    }

    #[test]
    fn comment_after_a_change_is_its_author_and_rationale() {
        let imported =
            read("We {--sell--}{>>@Tomasz Wielgosz (TWZ): Not true.<<}{>>MO: Agreed.<<} data.");
        let suggestion = &imported.parts.suggestions[0];
        assert_eq!(suggestion.author, Person::new("Tomasz Wielgosz", "TWZ"));
        assert_eq!(suggestion.rationale.as_deref(), Some("Not true."));
        // A further comment opens a thread on the change's text.
        let comment = &imported.parts.comments[0];
        assert_eq!(comment.quote, "sell");
        assert_eq!(comment.body, "Agreed.");
    }

    #[test]
    fn labelled_ranges_may_overlap() {
        let imported = read("{>>[1<<}We {>>[2<<}keep{>>1] A: first<<} data{>>2] B: second<<}.");
        let quotes: Vec<&str> = imported
            .parts
            .comments
            .iter()
            .map(|comment| comment.quote.as_str())
            .collect();
        assert_eq!(quotes, vec!["We keep", "keep data"]);
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn markdown_headings_and_paragraphs() {
        let imported = read(
            "# Kestrelmoor Policy\n\nEffective Date: March 1, 2026\n\n## Data\n\nWe keep data\nfor a while.\n\n- one\n- two\n",
        );
        let document = &imported.parts.document;
        assert_eq!(
            document.text(),
            "Kestrelmoor Policy\nEffective Date: March 1, 2026\nData\nWe keep data for a while.\none\ntwo"
        );
        let kinds: Vec<&str> = document
            .content
            .blocks
            .iter()
            .map(|block| block.kind_name())
            .collect();
        assert_eq!(
            kinds,
            [
                "heading",
                "paragraph",
                "heading",
                "paragraph",
                "list_item",
                "list_item"
            ]
        );
        assert_eq!(document.title, "Kestrelmoor Policy");
        assert_eq!(
            document.effective_date,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
        );
    }

    #[test]
    fn front_matter_sets_the_metadata() {
        let imported = read(
            "---\ntitle: \"A \\\"quoted\\\" title\"\norganisation: Example, Inc.\neffective_date: 2026-03-01\n---\n\nText.",
        );
        let document = &imported.parts.document;
        assert_eq!(document.title, "A \"quoted\" title");
        assert_eq!(document.organisation, "Example, Inc.");
        assert_eq!(
            document.effective_date,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(document.text(), "Text.");
    }

    #[test]
    fn unclosed_mark_is_reported_and_kept() {
        let imported = read("Line one.\n\nWe {++never sell data.");
        assert_eq!(
            imported.parts.document.text(),
            "Line one.\nWe {++never sell data."
        );
        assert_eq!(
            imported.warnings,
            vec!["line 3, column 4: {++ is never closed with ++}; kept as text".to_string()]
        );
        assert!(imported.parts.suggestions.is_empty());
    }

    #[test]
    fn nested_mark_is_reported_and_kept() {
        let imported = read("# T\n\nAb {== x {--y--} z ==}{>>c<<}");
        assert_eq!(
            imported.warnings,
            vec![
                "line 3, column 4: {== contains another mark before its ==} (marks cannot nest); kept as text".to_string(),
            ]
        );
        assert_eq!(imported.parts.document.text(), "T\nAb {== x y z ==}");
        assert_eq!(imported.parts.suggestions.len(), 1);
        // The comment after the literal closing mark is a point comment.
        assert!(imported.parts.comments[0].span.is_empty());
    }

    #[test]
    fn substitution_without_arrow_and_empty_marks() {
        let imported = read("é {~~old new~~} and {++++}.");
        assert_eq!(imported.parts.document.text(), "é {~~old new~~} and .");
        assert_eq!(
            imported.warnings,
            vec![
                "line 1, column 3: {~~ has no ~> between the old and the new text; kept as text"
                    .to_string(),
                "line 1, column 21: an empty change mark changes nothing; ignored".to_string(),
            ]
        );
    }

    #[test]
    fn an_unmatched_range_start_is_reported() {
        let imported = read("We {>>[4<<}keep data.");
        assert_eq!(imported.parts.document.text(), "We keep data.");
        assert_eq!(
            imported.warnings,
            vec!["line 1, column 4: the comment range [4 has no end mark 4]; ignored".to_string()]
        );
    }

    #[test]
    fn many_malformed_marks_are_summarised_quickly() {
        let text = "{++".repeat(50_000);
        let started = std::time::Instant::now();
        let imported = read(&text);
        assert!(started.elapsed().as_secs() < 10);
        assert_eq!(imported.warnings.len(), 201);
        assert_eq!(imported.warnings[200], "49800 more warnings not shown");
        assert_eq!(imported.parts.document.text(), text);
    }

    #[test]
    fn highlight_without_comment_is_reported() {
        let imported = read("We {==keep==} data.");
        assert_eq!(imported.parts.document.text(), "We keep data.");
        assert_eq!(
            imported.warnings,
            vec![
                "line 1, column 4: a highlight with no comment after it; kept as plain text"
                    .to_string()
            ]
        );
    }
}

mod never_panic {
    use proptest::prelude::*;
    use redline::formats::{commented_text, criticmarkup};
    use redline::model::Project;
    use std::path::Path;

    fn check(text: &str) {
        let now = chrono::DateTime::UNIX_EPOCH;
        let imported = commented_text::import(text, Path::new("x.txt"), now).unwrap();
        Project::from_parts(imported.parts).unwrap();
        let _ = commented_text::looks_like_commented_text(text);
        let imported = criticmarkup::import(text, Path::new("x.md"), now).unwrap();
        let project = Project::from_parts(imported.parts).unwrap();
        let again =
            criticmarkup::import(&criticmarkup::export(&project), Path::new("x.md"), now).unwrap();
        Project::from_parts(again.parts).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        #[test]
        fn arbitrary_strings(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn markup_heavy_strings(text in r"([a-zA-Z .,;:\n\u{a0}é\[\]\-]|\{\+\+|\+\+\}|\{--|--\}|\{~~|~>|~~\}|\{>>|<<\}|\{==|==\}|\[T1\]|\[AB2\]|-OR-|@|: |\(|\)|---|#){0,80}") {
            check(&text);
        }
    }

    #[test]
    fn fuzz_corpus_seeds() {
        for text in [
            "",
            "\n",
            "[T1]",
            "[T1]\n[T1]",
            "{>>[1+999<<}x{>>1-999] a<<}",
            "{>>1-5] a<<}",
            "{~~~>~~}",
            "{~~a~>~~}",
            "] -OR- [",
            "[a] -OR- ",
            "---\ntitle: x",
            "\u{a0}[T1]\u{a0}",
            "# [T1]\n\n[T1]c",
            "İİİ effective date: İ",
        ] {
            check(text);
        }
    }
}

mod criticmarkup_random_round_trip {
    use proptest::prelude::*;
    use proptest::sample::Index;
    use redline::formats::criticmarkup;
    use redline::model::{
        Comment, CommentId, Document, Person, Project, ProjectParts, Reply, ReplyId, Span,
        Suggestion, SuggestionId, SuggestionKind, SuggestionStatus,
    };
    use std::path::Path;

    const PEOPLE: [(&str, &str); 4] = [
        ("Priya Ananthanarayan", "PA"),
        ("R&D Team", "RDT"),
        ("Ann", "XY"),
        ("Jo Maren-Fisk", "JM"),
    ];

    fn boundaries(text: &str) -> Vec<usize> {
        text.char_indices()
            .map(|(index, _)| index)
            .chain([text.len()])
            .collect()
    }

    fn project(
        paragraphs: Vec<String>,
        comment_picks: Vec<(Index, Index, usize, bool, String, u8)>,
        suggestion_picks: Vec<(Index, u8, usize, String)>,
    ) -> Project {
        let text = paragraphs.join("\n");
        let points = boundaries(&text);
        let time = chrono::DateTime::UNIX_EPOCH;
        let mut next_id = 1;
        let mut fresh = || {
            next_id += 1;
            next_id - 1
        };
        let mut comments = Vec::new();
        for (a, b, person, resolved, body, replies) in comment_picks {
            let (a, b) = (a.get(&points), b.get(&points));
            let span = Span::new(*a.min(b), *a.max(b));
            let (name, initials) = PEOPLE[person % PEOPLE.len()];
            let id = CommentId(fresh());
            comments.push(Comment {
                id,
                span,
                author: Person::new(name, initials),
                created: time,
                body: body.clone(),
                replies: (0..replies % 3)
                    .map(|index| Reply {
                        id: ReplyId(fresh()),
                        author: Person::new(PEOPLE[index as usize].0, PEOPLE[index as usize].1),
                        created: time,
                        body: format!("reply {index} to {body}"),
                    })
                    .collect(),
                resolved,
                orphaned: false,
                quote: text[span.range()].to_string(),
                attached_to: None,
            });
        }
        let mut starts: Vec<usize> = suggestion_picks
            .iter()
            .map(|(at, ..)| *at.get(&points))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let mut suggestions = Vec::new();
        let mut taken_until = 0;
        for ((_, kind, person, new_text), start) in suggestion_picks.into_iter().zip(starts) {
            if start < taken_until {
                continue;
            }
            let end = points
                .iter()
                .copied()
                .find(|&point| point > start)
                .map_or(start, |first| {
                    points
                        .iter()
                        .copied()
                        .filter(|&p| p >= first)
                        .nth(kind as usize % 4)
                        .unwrap_or(first)
                });
            let (span, kind) = match kind % 4 {
                0 => (
                    Span::point(start),
                    SuggestionKind::Insertion {
                        text: new_text.clone(),
                    },
                ),
                _ if end == start => (
                    Span::point(start),
                    SuggestionKind::Insertion {
                        text: new_text.clone(),
                    },
                ),
                1 => (Span::new(start, end), SuggestionKind::Deletion),
                2 => (
                    Span::new(start, end),
                    SuggestionKind::Replacement {
                        text: new_text.clone(),
                    },
                ),
                _ => (
                    Span::new(start, end),
                    SuggestionKind::Alternatives {
                        candidates: vec![new_text.clone(), format!("{new_text} two")],
                    },
                ),
            };
            taken_until = span.end.0;
            let (name, initials) = PEOPLE[person % PEOPLE.len()];
            suggestions.push(Suggestion {
                id: SuggestionId(fresh()),
                span,
                kind,
                author: Person::new(name, initials),
                created: time,
                rationale: (person % 2 == 0).then(|| format!("because {new_text}")),
                status: SuggestionStatus::Pending,
                orphaned: false,
                conflict: None,
                material: false,
                original: text[span.range()].to_string(),
                move_partner: None,
                note: None,
                formatting: None,
            });
        }
        let parts = ProjectParts {
            document: Document {
                title: "T".into(),
                organisation: String::new(),
                effective_date: None,
                content: redline::model::content::Content::plain(text),
            },
            comments,
            suggestions,
            log: Vec::new(),
            ..ProjectParts::default()
        };
        Project::from_parts(parts).unwrap()
    }

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
                    "{:?} {:?} {} {:?} {:?}",
                    comment.span, comment.author, comment.resolved, comment.body, replies
                )
            })
            .collect();
        comments.sort();
        let mut suggestions: Vec<String> = project
            .suggestions()
            .iter()
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_projects_survive(
            paragraphs in prop::collection::vec("[a-zé][a-zé ,.]{0,14}", 1..6),
            comment_picks in prop::collection::vec(
                (any::<Index>(), any::<Index>(), 0..4usize, any::<bool>(), "[a-z][a-z ]{0,8}[a-z]", any::<u8>()),
                0..6,
            ),
            suggestion_picks in prop::collection::vec((any::<Index>(), any::<u8>(), 0..4usize, "[a-z]([a-z é]{0,5}[a-z])?"), 0..6),
        ) {
            let project = project(paragraphs, comment_picks, suggestion_picks);
            let exported = criticmarkup::export(&project);
            let imported = criticmarkup::import(&exported, Path::new("p.md"), chrono::DateTime::UNIX_EPOCH).unwrap();
            prop_assert_eq!(imported.warnings.clone(), Vec::<String>::new(), "{}", exported);
            let back = Project::from_parts(imported.parts).unwrap();
            prop_assert_eq!(essentials(&back), essentials(&project), "{}", exported);
        }
    }
}

/// Issue 16: CriticMarkup has no escapes; Redline's own keep every comment
/// body and name exactly what it was, and nothing a reviewer writes in a
/// comment can become a suggestion, a link or markup in the review export.
mod criticmarkup_escapes {
    use proptest::prelude::*;
    use redline::formats::criticmarkup;
    use redline::model::content::Content;
    use redline::model::{Actor, Command, Document, Person, Project, Span};
    use std::path::Path;

    fn commented(body: &str, name: &str) -> Project {
        let mut project = Project::new(Document::new(
            "T",
            Content::plain("We keep your data safe.".to_string()),
        ));
        let actor = Actor {
            user: Person::new(name, "XY"),
            now: chrono::DateTime::UNIX_EPOCH,
        };
        project
            .apply(
                Command::AddComment {
                    span: Span::new(3, 7),
                    body: body.to_string(),
                },
                &actor,
            )
            .expect("a comment");
        project
            .apply(
                Command::Reply {
                    comment: project.comments()[0].id,
                    body: format!("re: {body}"),
                },
                &actor,
            )
            .expect("a reply");
        project
    }

    fn round_trip(project: &Project) -> redline::formats::Imported {
        let exported = criticmarkup::export(project);
        criticmarkup::import(&exported, Path::new("r.md"), chrono::DateTime::UNIX_EPOCH)
            .expect("imports")
    }

    /// Bodies and names full of CriticMarkup's own markers.
    fn hostile() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}", "@",
                ":", "(", ")", ",", "resolved", "[", "]", "\\", "x", " ", "é", "<script>", "\n",
            ]),
            1..12,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_comment_body_and_name_round_trip_and_never_become_a_suggestion(
            body in hostile(),
            name in hostile(),
        ) {
            let body = body.trim().to_string();
            let name = name.trim().replace('\n', " ");
            prop_assume!(!body.is_empty() && !name.is_empty());
            let project = commented(&body, &name);
            let imported = round_trip(&project);
            prop_assert!(imported.parts.suggestions.is_empty(), "no suggestion: {:?}", imported.parts.suggestions);
            prop_assert_eq!(imported.parts.document.text(), project.text());
            prop_assert_eq!(imported.parts.comments.len(), 1);
            let comment = &imported.parts.comments[0];
            prop_assert_eq!(&comment.body, &body);
            prop_assert_eq!(&comment.author.name, &name);
            prop_assert_eq!(&comment.replies[0].body, &format!("re: {body}"));
            prop_assert_eq!(comment.span, project.comments()[0].span);
        }
    }

    #[test]
    fn a_reply_with_critic_markers_does_not_become_someone_elses_suggestion() {
        let project = commented("ok", "Priya Ananthanarayan");
        let mut project = project;
        let attacker = Actor {
            user: Person::new("Mallory", "M"),
            now: chrono::DateTime::UNIX_EPOCH,
        };
        project
            .apply(
                Command::Reply {
                    comment: project.comments()[0].id,
                    body: "<<}{--We keep--}{>>@Maren Oyelaran-Fisk: approved".into(),
                },
                &attacker,
            )
            .expect("reply");
        let imported = round_trip(&project);
        assert!(imported.parts.suggestions.is_empty());
        assert_eq!(
            imported.parts.comments[0].replies[1].body,
            "<<}{--We keep--}{>>@Maren Oyelaran-Fisk: approved"
        );
    }

    #[test]
    fn raw_html_and_script_links_from_comments_stay_inert() {
        let project = commented(
            "<script>alert(1)</script> see [here](javascript:alert(1))",
            "Eve",
        );
        let exported = criticmarkup::export(&project);
        // Every `<` of the comment is escaped: no renderer sees a tag.
        assert!(
            exported
                .match_indices('<')
                .filter(|(at, _)| {
                    !exported[*at..].starts_with("<<}") && !exported[at - 1..].starts_with("<<}")
                })
                .all(|(at, _)| exported.as_bytes()[at - 1] == b'\\'),
            "{exported}"
        );
        assert!(!exported.contains("[here](javascript"), "{exported}");
        let imported = round_trip(&project);
        assert_eq!(
            imported.parts.comments[0].body,
            "<script>alert(1)</script> see [here](javascript:alert(1))"
        );
    }

    #[test]
    fn a_script_link_in_the_policy_text_is_words_in_the_markdown_export() {
        let project = Project::new(Document::new(
            "T",
            Content::plain("Opt out: [x](javascript:alert(1)) <b>now</b>".to_string()),
        ));
        let exported = criticmarkup::export(&project);
        let parsed = redline::formats::markdown::parse(
            exported.split("---\n\n").nth(1).unwrap_or(&exported),
        );
        assert!(
            parsed.content.marks.is_empty(),
            "no link, no bold: {exported}"
        );
        assert_eq!(parsed.content.text, project.text());
    }
}
