//! Property tests of the anchor mapping and the accept/reject invariants:
//! (a) every anchor stays in bounds, on a char boundary, start <= end;
//! (b) undoing a whole sequence of commands restores text and every anchor;
//! (c) accept-all equals applying the suggestions in document order, and
//!     reject-all leaves the text unchanged.

use super::support::{actor, comment, suggestion};
use proptest::prelude::*;
use redline::model::blocks::{Block, BlockPatch, BlockStyle, ListId, ListItem};
use redline::model::changeset::{ChangeSet, Edit, FormatEdit};
use redline::model::content::{Content, Fragment};
use redline::model::find::find_all;
use redline::model::links::LinkTarget;
use redline::model::marks::{MarkPatch, Marks, Styles};
use redline::model::{
    ByteOffset, Command, CommentId, Document, Project, ProjectParts, Span, SuggestionId,
    SuggestionKind,
};

/// Characters of every UTF-8 width, spaces and paragraph breaks.
fn text_strategy() -> impl Strategy<Value = String> {
    (any::<bool>(), body_strategy()).prop_map(|(dated, body)| {
        if dated {
            format!("Effective Date: March 1, 2026\n{body}")
        } else {
            body
        }
    })
}

fn body_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec!['a', 'b', 'c', ' ', 'é', '😀', '\n', '\u{a0}', 'ß']),
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn insert_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(vec!['x', 'é', ' ', '😀', '\n']), 0..4)
        .prop_map(|chars| chars.into_iter().collect())
}

/// The byte offset of the char boundary picked by `pick` in `text`.
fn boundary(text: &str, pick: usize) -> usize {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain([text.len()])
        .collect();
    boundaries[pick % boundaries.len()]
}

fn span_of(text: &str, a: usize, b: usize) -> Span {
    let (start, end) = (boundary(text, a), boundary(text, b));
    Span::new(start.min(end), start.max(end))
}

/// A random command, placed with numbers that are turned into positions in
/// the text as it is when the command runs.
#[derive(Debug, Clone)]
enum Action {
    Edit(usize, usize, String),
    Suggest(usize, usize, String),
    /// Replace every occurrence of the text between two positions
    /// (adapting the case?, as suggestions?).
    ReplaceAll(usize, usize, String, bool, bool),
    Comment(usize, usize),
    Accept(usize, usize),
    Reject(usize),
    AcceptAll,
    RejectAll,
    Reply(usize),
    Resolve(usize),
    DeleteComment(usize),
    MoveComment(usize, usize, usize),
    Snapshot,
    Restore(usize),
    SetDate(u32),
    /// Format between two positions: a style to set or clear, a paragraph
    /// style, a link, as a suggestion or not.
    Format(usize, usize, u8, bool),
    /// Paste formatted text (as a suggestion or not).
    Paste(usize, usize, String, bool),
}

fn action_strategy() -> impl Strategy<Value = Action> {
    let n = || 0usize..64;
    prop_oneof![
        4 => (n(), n(), insert_strategy()).prop_map(|(a, b, s)| Action::Edit(a, b, s)),
        2 => (n(), n(), insert_strategy()).prop_map(|(a, b, s)| Action::Suggest(a, b, s)),
        1 => (n(), n(), insert_strategy(), any::<bool>(), any::<bool>())
            .prop_map(|(a, b, s, adapt, suggest)| Action::ReplaceAll(a, b, s, adapt, suggest)),
        1 => (n(), n()).prop_map(|(a, b)| Action::Comment(a, b)),
        2 => (n(), n()).prop_map(|(a, b)| Action::Accept(a, b)),
        1 => n().prop_map(Action::Reject),
        1 => Just(Action::AcceptAll),
        1 => Just(Action::RejectAll),
        1 => n().prop_map(Action::Reply),
        1 => n().prop_map(Action::Resolve),
        1 => n().prop_map(Action::DeleteComment),
        1 => (n(), n(), n()).prop_map(|(c, a, b)| Action::MoveComment(c, a, b)),
        1 => Just(Action::Snapshot),
        1 => n().prop_map(Action::Restore),
        1 => (1u32..28).prop_map(Action::SetDate),
        3 => (n(), n(), any::<u8>(), any::<bool>())
            .prop_map(|(a, b, pick, suggest)| Action::Format(a, b, pick, suggest)),
        1 => (n(), n(), insert_strategy(), any::<bool>())
            .prop_map(|(a, b, s, suggest)| Action::Paste(a, b, s, suggest)),
    ]
}

/// A formatting change picked by a number: bold or italic set or cleared,
/// a heading, a quote, a bulleted item, back to normal, or a link.
fn format_of(pick: u8) -> (MarkPatch, BlockPatch) {
    let link = LinkTarget::new("https://example.com/opt-out").expect("allowed");
    match pick % 8 {
        0 => (MarkPatch::set(Styles::BOLD), BlockPatch::default()),
        1 => (MarkPatch::clear(Styles::BOLD), BlockPatch::default()),
        2 => (
            MarkPatch::set(Styles::ITALIC.union(Styles::UNDERLINE)),
            BlockPatch::default(),
        ),
        3 => (MarkPatch::link(Some(link)), BlockPatch::default()),
        4 => (
            MarkPatch::default(),
            BlockPatch::style(BlockStyle::Heading(pick % 6 + 1)),
        ),
        5 => (MarkPatch::default(), BlockPatch::style(BlockStyle::Quote)),
        6 => (
            MarkPatch::default(),
            BlockPatch::list(Some(ListItem::bulleted(ListId(1), pick % 3))),
        ),
        _ => (
            MarkPatch::clear_formatting(),
            BlockPatch::whole(&Block::default()),
        ),
    }
}

/// Pasted text: bold, with its line breaks ending quote paragraphs.
fn pasted(text: &str) -> Fragment {
    Fragment::marked(
        text,
        Marks::styled(Styles::BOLD),
        &Block::styled(BlockStyle::Quote),
    )
}

fn command_for(project: &Project, action: &Action) -> Command {
    let text = project.text();
    let comment_id = |pick: usize| {
        project
            .comments()
            .get(pick % project.comments().len().max(1))
            .map_or(CommentId(999), |c| c.id)
    };
    let suggestion_id = |pick: usize| {
        project
            .suggestions()
            .get(pick % project.suggestions().len().max(1))
            .map_or(SuggestionId(999), |s| s.id)
    };
    match action.clone() {
        Action::Edit(a, b, inserted) => {
            let span = span_of(text, a, b);
            Command::Edit {
                range: span.start..span.end,
                text: inserted,
            }
        }
        Action::Suggest(a, b, inserted) => {
            let span = span_of(text, a, b);
            Command::Suggest {
                range: span.start..span.end,
                text: inserted,
            }
        }
        Action::ReplaceAll(a, b, replacement, adapt_case, suggest) => {
            let query = &text[span_of(text, a, b).range()];
            Command::ReplaceAll {
                ranges: find_all(text, query, false)
                    .into_iter()
                    .map(|range| ByteOffset(range.start)..ByteOffset(range.end))
                    .collect(),
                replace: redline::model::Replacement {
                    text: replacement,
                    adapt_case,
                    suggest,
                },
            }
        }
        Action::Comment(a, b) => Command::AddComment {
            span: span_of(text, a, b),
            body: "Why?".into(),
        },
        Action::Accept(pick, alternative) => Command::Accept {
            id: suggestion_id(pick),
            alternative: project
                .suggestions()
                .get(pick % project.suggestions().len().max(1))
                .filter(|s| matches!(s.kind, SuggestionKind::Alternatives { .. }))
                .map(|_| alternative % 2),
        },
        Action::Reject(pick) => Command::Reject {
            id: suggestion_id(pick),
        },
        Action::AcceptAll => Command::AcceptAll { author: None },
        Action::RejectAll => Command::RejectAll {
            author: Some("Priya Ananthanarayan".into()),
        },
        Action::Reply(pick) => Command::Reply {
            comment: comment_id(pick),
            body: "Agreed.".into(),
        },
        Action::Resolve(pick) => Command::SetResolved {
            comment: comment_id(pick),
            resolved: true,
        },
        Action::DeleteComment(pick) => Command::DeleteComment {
            comment: comment_id(pick),
        },
        Action::MoveComment(pick, a, b) => Command::MoveComment {
            comment: comment_id(pick),
            span: span_of(text, a, b),
        },
        Action::Snapshot => Command::TakeSnapshot {
            label: None,
            note: String::new(),
            status: redline::model::VersionStatus::Draft,
        },
        Action::Restore(pick) => Command::RestoreVersion {
            version: project
                .versions()
                .get(pick % project.versions().len().max(1))
                .map_or(redline::model::VersionId(999), |version| version.id),
        },
        Action::SetDate(day) => {
            Command::SetEffectiveDate(chrono::NaiveDate::from_ymd_opt(2026, 3, day))
        }
        Action::Format(a, b, pick, suggest) => {
            let span = span_of(text, a, b);
            let (marks, block) = format_of(pick);
            Command::Format {
                range: span.start..span.end,
                marks,
                block,
                suggest,
            }
        }
        Action::Paste(a, b, inserted, suggest) => {
            let span = span_of(text, a, b);
            if suggest {
                Command::SuggestFragment {
                    range: span.start..span.end,
                    fragment: pasted(&inserted),
                }
            } else {
                Command::Compose {
                    edits: vec![Edit::fragment(span.start..span.end, pasted(&inserted))],
                    formats: Vec::new(),
                    label: "paste".into(),
                }
            }
        }
    }
}

/// The text with formatting picked by the numbers: marks on some words, a
/// heading, a list item.
fn formatted(text: &str, picks: &[(usize, usize, u8)]) -> Content {
    let mut content = Content::plain(text.to_string());
    for &(a, b, pick) in picks {
        let span = span_of(text, a, b);
        let (marks, block) = format_of(pick);
        let edit = FormatEdit {
            range: span.start..span.end,
            marks,
            block,
        };
        if let Ok(change) = ChangeSet::format(&content, &[edit]) {
            change.apply(&mut content);
        }
    }
    content
}

/// A project with random comments and pending suggestions (alternatives
/// included) on random spans of `text`.
fn random_project(text: &str, spans: &[(usize, usize, u8)]) -> Project {
    let mut parts = ProjectParts {
        document: Document {
            content: formatted(text, spans),
            ..Document::default()
        },
        ..ProjectParts::default()
    };
    for (index, &(a, b, kind)) in spans.iter().enumerate() {
        let id = index as u64 + 1;
        let span = span_of(text, a, b);
        let author = if kind % 2 == 0 {
            "Priya Ananthanarayan"
        } else {
            "Tomasz Wielgosz"
        };
        match kind % 5 {
            0 => parts.comments.push(comment(id, span, text)),
            1 => parts.suggestions.push(suggestion(
                id,
                Span::point(span.start.0),
                SuggestionKind::Insertion {
                    text: "new ".into(),
                },
                author,
                text,
            )),
            2 if !span.is_empty() => {
                parts
                    .suggestions
                    .push(suggestion(id, span, SuggestionKind::Deletion, author, text))
            }
            3 => parts.suggestions.push(suggestion(
                id,
                span,
                SuggestionKind::Alternatives {
                    candidates: vec!["A".into(), "é😀".into()],
                },
                author,
                text,
            )),
            _ => parts.suggestions.push(suggestion(
                id,
                span,
                SuggestionKind::Replacement {
                    text: "é r".into()
                },
                author,
                text,
            )),
        }
    }
    Project::from_parts(parts).expect("valid random project")
}

fn assert_anchors_valid(project: &Project) {
    let text = project.text();
    let spans = project.comments().iter().map(|comment| comment.span).chain(
        project
            .suggestions()
            .iter()
            .map(|suggestion| suggestion.span),
    );
    for span in spans {
        assert!(span.start <= span.end, "start <= end: {span:?}");
        assert!(
            span.end.0 <= text.len(),
            "in bounds: {span:?} in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start.0) && text.is_char_boundary(span.end.0),
            "on char boundaries: {span:?} in {text:?}"
        );
    }
}

/// Everything undo must restore: text, metadata, and every field of every
/// comment and suggestion (the log is an append-only audit trail).
fn state(project: &Project) -> ProjectParts {
    ProjectParts {
        log: Vec::new(),
        ..project.to_parts()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn anchors_stay_valid_and_undo_restores_everything(
        text in text_strategy(),
        spans in proptest::collection::vec((0usize..64, 0usize..64, any::<u8>()), 0..8),
        actions in proptest::collection::vec(action_strategy(), 1..25),
    ) {
        let mut project = random_project(&text, &spans);
        let initial = (project.state_id(), state(&project));
        let me = actor("Priya Ananthanarayan");
        // Every state reached, with its state id.
        let mut states = vec![initial.clone()];
        for action in &actions {
            let command = command_for(&project, action);
            let before = (project.state_id(), project.revision(), state(&project));
            if project.apply(command, &me).is_ok() {
                states.push((project.state_id(), state(&project)));
            } else {
                let after = (project.state_id(), project.revision(), state(&project));
                prop_assert!(after == before, "a failed command changes nothing, state id and revision included");
            }
            assert_anchors_valid(&project);
        }
        let final_state = (project.state_id(), state(&project));
        while project.undo(&me).is_ok() {
            assert_anchors_valid(&project);
            let reached = (project.state_id(), state(&project));
            prop_assert!(states.contains(&reached), "undo lands on a state that existed, with its state id");
        }
        prop_assert_eq!((project.state_id(), state(&project)), initial);
        while project.redo(&me).is_ok() {
            assert_anchors_valid(&project);
        }
        prop_assert_eq!((project.state_id(), state(&project)), final_state);
    }

    #[test]
    fn accept_all_applies_the_suggestions_in_document_order(
        text in text_strategy(),
        mut cuts in proptest::collection::vec(0usize..64, 0..12),
        kinds in proptest::collection::vec(0u8..3, 6),
    ) {
        // Sorted cut points paired into disjoint spans: no two overlap.
        let mut cuts: Vec<usize> = cuts.drain(..).map(|pick| boundary(&text, pick)).collect();
        cuts.sort_unstable();
        let mut parts = ProjectParts {
            document: Document { content: redline::model::content::Content::plain(text.to_string()), ..Document::default() },
            ..ProjectParts::default()
        };
        for (index, pair) in cuts.chunks_exact(2).enumerate() {
            let span = Span::new(pair[0], pair[1]);
            let (span, kind) = match kinds[index] {
                0 => (Span::point(pair[0]), SuggestionKind::Insertion { text: "+é".into() }),
                1 if !span.is_empty() => (span, SuggestionKind::Deletion),
                _ => (span, SuggestionKind::Replacement { text: "😀r".into() }),
            };
            if matches!(&kind, SuggestionKind::Replacement { text: new } if *new == text[span.range()]) {
                continue;
            }
            parts.suggestions.push(suggestion(index as u64 + 1, span, kind, "Priya Ananthanarayan", &text));
        }
        let suggestions = parts.suggestions.clone();
        let mut project = Project::from_parts(parts).expect("valid");
        let mut expected = String::new();
        let mut byte_in_old = 0;
        for suggestion in &suggestions {
            expected.push_str(&text[byte_in_old..suggestion.span.start.0]);
            expected.push_str(suggestion.kind.replacement_text(None).unwrap_or_default());
            byte_in_old = suggestion.span.end.0;
        }
        expected.push_str(&text[byte_in_old..]);

        let mut rejected = project.clone();
        rejected.apply(Command::RejectAll { author: None }, &actor("M")).expect("reject all");
        prop_assert_eq!(rejected.text(), text.as_str());
        prop_assert!(rejected.suggestions().iter().all(|s| s.status.name() == "rejected"));

        let outcome = project.apply(Command::AcceptAll { author: None }, &actor("M")).expect("accept all");
        prop_assert_eq!(project.text(), expected.as_str());
        prop_assert_eq!(outcome.accepted.len(), suggestions.len());
        for accepted in project.suggestions() {
            let inserted = accepted.kind.replacement_text(None).unwrap_or_default();
            prop_assert_eq!(&project.text()[accepted.span.range()], inserted);
        }
    }
}

#[test]
fn typing_at_an_edge_of_a_commented_span_stays_outside() {
    let text = "We collect data.";
    let mut project = random_project(text, &[]);
    let me = actor("M");
    project
        .apply(
            Command::AddComment {
                span: Span::new(3, 10),
                body: "Which data?".into(),
            },
            &me,
        )
        .expect("comment");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(10)..ByteOffset(10),
                text: " and use".into(),
            },
            &me,
        )
        .expect("type");
    assert_eq!(
        &project.text()[project.comments()[0].span.range()],
        "collect"
    );
}

/// A Suggest-mode action: typing, deleting, pasting or formatting as a
/// suggestion.
fn suggest_mode_action() -> impl Strategy<Value = Action> {
    let n = || 0usize..64;
    prop_oneof![
        3 => (n(), n(), insert_strategy()).prop_map(|(a, b, s)| Action::Suggest(a, b, s)),
        2 => (n(), n(), any::<u8>()).prop_map(|(a, b, pick)| Action::Format(a, b, pick, true)),
        1 => (n(), n(), insert_strategy()).prop_map(|(a, b, s)| Action::Paste(a, b, s, true)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever is suggested (typing, deleting, pasting, formatting), reject
    /// all restores the text, the blocks and the marks exactly.
    #[test]
    fn reject_all_after_any_suggestions_restores_text_blocks_and_marks(
        text in text_strategy(),
        formatting in proptest::collection::vec((0usize..64, 0usize..64, any::<u8>()), 0..6),
        actions in proptest::collection::vec(suggest_mode_action(), 1..20),
    ) {
        let mut project = Project::new(Document {
            content: formatted(&text, &formatting),
            ..Document::default()
        });
        let before = project.content().clone();
        let me = actor("Priya Ananthanarayan");
        for action in &actions {
            let command = command_for(&project, action);
            let _ = project.apply(command, &me);
        }
        project
            .apply(Command::RejectAll { author: None }, &me)
            .expect("reject all");
        prop_assert_eq!(project.content(), &before);
    }

    /// Accepting a pasted suggestion puts the text in with its formatting.
    #[test]
    fn accepting_pasted_text_keeps_its_formatting(
        text in text_strategy(),
        at in 0usize..64,
        inserted in "[a-z]{1,6}",
    ) {
        let mut project = Project::new(Document {
            content: Content::plain(text.to_string()),
            ..Document::default()
        });
        let me = actor("Priya Ananthanarayan");
        let at = boundary(&text, at);
        let outcome = project
            .apply(
                Command::SuggestFragment {
                    range: ByteOffset(at)..ByteOffset(at),
                    fragment: pasted(&inserted),
                },
                &me,
            )
            .expect("suggested");
        let id = outcome.created_suggestion.expect("a suggestion");
        project
            .apply(Command::Accept { id, alternative: None }, &me)
            .expect("accepted");
        prop_assert_eq!(&project.text()[at..at + inserted.len()], inserted.as_str());
        prop_assert!(project.content().marks.at(at).styles.contains(Styles::BOLD));
    }
}

#[test]
fn a_failed_command_changes_nothing_not_even_the_state_id() {
    let mut project = random_project("We collect data.", &[]);
    let me = actor("M");
    let saved_state = project.state_id();
    project
        .apply(
            Command::Edit {
                range: ByteOffset(3)..ByteOffset(10),
                text: "gather".into(),
            },
            &me,
        )
        .expect("edit");
    let snapshot = |label: &str| Command::TakeSnapshot {
        label: Some(label.into()),
        note: String::new(),
        status: redline::model::VersionStatus::Draft,
    };
    project.apply(snapshot("v1"), &me).expect("first snapshot");
    let (state_id, revision, parts) = (project.state_id(), project.revision(), project.to_parts());
    assert_ne!(state_id, saved_state, "the edits are unsaved");

    let error = project
        .apply(snapshot("v1"), &me)
        .expect_err("the label is taken");
    assert_eq!(error.to_string(), "a version is already labelled \"v1\"");
    assert_eq!(project.state_id(), state_id, "still unsaved");
    assert_eq!(project.revision(), revision);
    assert_eq!(project.to_parts(), parts);
    // The next command gets a fresh state id, not one a failed command used.
    project.apply(snapshot("v2"), &me).expect("second snapshot");
    assert_ne!(project.state_id(), state_id);
    assert_ne!(project.state_id(), saved_state);
}

#[test]
fn a_keystrokes_undo_entry_is_proportional_to_the_edit_not_the_document() {
    let mut stress =
        redline::model::generator::generate(redline::model::generator::FixtureSize::Stress, 1);
    assert!(stress.text().len() > 1_000_000);
    let me = actor("Priya Ananthanarayan");
    let middle = stress.text().len() / 2;
    let at = stress.text()[middle..].find(' ').expect("a space") + middle;
    stress
        .apply(
            Command::Edit {
                range: ByteOffset(at)..ByteOffset(at),
                text: "x".into(),
            },
            &me,
        )
        .expect("typed");
    let typed = stress.undo_entry_size();
    assert!(typed < 16, "one typed letter keeps {typed} units");
    // Bold over a word, and a paragraph made a heading: still small.
    stress
        .apply(
            Command::Format {
                range: ByteOffset(at)..ByteOffset(at + 1),
                marks: MarkPatch::set(Styles::BOLD),
                block: BlockPatch::style(BlockStyle::Heading(2)),
                suggest: false,
            },
            &me,
        )
        .expect("formatted");
    let formatted = stress.undo_entry_size();
    assert!(formatted < 16, "formatting keeps {formatted} units");
}
