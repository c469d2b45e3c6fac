//! Review rounds: sending a copy, bringing the reviewer's copy back onto a
//! draft that may have moved on, and combining reviewers (issue 15).

use super::support::actor;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use redline::model::content::Content;
use redline::model::generator::{edited_copy, policy_text};
use redline::model::rounds::{
    IncomingItem, MergeReport, MergeRequest, Reviewer, RoundId, RoundSource, SendOptions,
    SendRecord, choose_base,
};
use redline::model::{
    ByteOffset, Command, Comment, CommentId, Document, ModelError, Person, Project, ProjectParts,
    Reply, ReplyId, Span, Suggestion, SuggestionId, SuggestionKind, SuggestionStatus,
};

const COUNSEL: &str = "Maren Oyelaran-Fisk";
const REVIEWER: &str = "Tomasz Wielgosz";
const SECOND: &str = "Priya Ananthanarayan";

fn person(name: &str) -> Person {
    Person::new(name, Person::initials_of(name))
}

fn round_id(number: u8) -> RoundId {
    RoundId::from_random([number; 8])
}

fn project_of(text: &str) -> Project {
    Project::new(Document::new("Policy", Content::plain(text)))
}

/// Sends the draft to `reviewer` in round `number`; returns what went out
/// (what the reviewer's copy starts from).
fn send(project: &mut Project, reviewer: &str, number: u8) -> ProjectParts {
    let outgoing = project.outgoing(&SendOptions {
        reviewer: reviewer.to_string(),
        other_reviewers: false,
    });
    project
        .apply(
            Command::RecordSending(SendRecord {
                round: round_id(number),
                reviewer: person(reviewer),
                format: "criticmarkup".to_string(),
                file_hash: format!("sent-{number}"),
                comments: outgoing.comments,
                suggestions: outgoing.suggestions,
                included: Vec::new(),
                responses: false,
            }),
            &actor(COUNSEL),
        )
        .expect("the send is recorded");
    outgoing.parts
}

/// The plan for bringing `copy` back (round `number`'s mark, if any).
fn plan(
    project: &Project,
    copy: &ProjectParts,
    number: Option<u8>,
    reviewer: &str,
) -> redline::model::rounds::MergePlan {
    let id = number.map(round_id);
    let base = choose_base(
        project,
        &copy.document.content.text,
        id.as_ref().map(|id| (id, RoundSource::Mark)),
        None,
    )
    .expect("a base");
    let request = MergeRequest {
        returned: copy.clone(),
        carried_base: None,
        base,
        reviewer: Reviewer {
            person: person(reviewer),
            inferred: false,
        },
        file_hash: format!("{:x}", copy.document.content.text.len()),
        new_round: round_id(200),
        compare_formatting: true,
    };
    project.plan_merge(&request).expect("a plan")
}

/// Brings `copy` back and applies it; returns the report.
fn merge(
    project: &mut Project,
    copy: &ProjectParts,
    number: Option<u8>,
    reviewer: &str,
) -> MergeReport {
    let plan = plan(project, copy, number, reviewer);
    let report = plan.report().clone();
    project
        .apply(Command::MergeCopy(Box::new(plan)), &actor(COUNSEL))
        .expect("the merge applies");
    report
}

/// A copy of what was sent whose text reads `text`: with the items sent
/// when the text is the one sent, else with none.
fn copy_reading(sent: &ProjectParts, text: &str) -> ProjectParts {
    if text == sent.document.content.text {
        return sent.clone();
    }
    ProjectParts {
        document: Document::new("Policy", Content::plain(text)),
        ..ProjectParts::default()
    }
}

fn new_comment(id: u64, span: Span, text: &str, author: &str, body: &str) -> Comment {
    Comment {
        id: CommentId(id),
        span,
        author: person(author),
        created: Utc
            .with_ymd_and_hms(2026, 3, 5, 9, 0, 0)
            .single()
            .expect("a time"),
        body: body.to_string(),
        replies: Vec::new(),
        resolved: false,
        orphaned: false,
        quote: text[span.range()].to_string(),
        attached_to: None,
    }
}

fn new_suggestion(
    id: u64,
    span: Span,
    kind: SuggestionKind,
    text: &str,
    author: &str,
) -> Suggestion {
    Suggestion {
        id: SuggestionId(id),
        span,
        original: text[span.range()].to_string(),
        kind,
        author: person(author),
        created: Utc
            .with_ymd_and_hms(2026, 3, 5, 9, 0, 0)
            .single()
            .expect("a time"),
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

fn span_of(text: &str, words: &str) -> Span {
    let start = text.find(words).expect("the words are in the text");
    Span::new(start, start + words.len())
}

/// What a merge may change, without the review log and the rounds.
fn items(project: &Project) -> (String, Vec<Comment>, Vec<Suggestion>) {
    (
        project.text().to_string(),
        project.comments().to_vec(),
        project.suggestions().to_vec(),
    )
}

const POLICY: &str = "Privacy Policy\n\
    We collect your email address when you sign up.\n\
    We sell usage data to advertising partners.\n\
    You may ask us to delete your account at any time.\n\
    Contact us at the address below.";

#[test]
fn an_unchanged_copy_adds_nothing() {
    let mut project = project_of(POLICY);
    let me = actor(COUNSEL);
    project
        .apply(
            Command::AddComment {
                span: span_of(POLICY, "usage data"),
                body: "Which data exactly?".into(),
            },
            &me,
        )
        .expect("comment");
    let sell = span_of(POLICY, "sell");
    project
        .apply(
            Command::Suggest {
                range: sell.start..sell.end,
                text: "share".into(),
            },
            &me,
        )
        .expect("suggest");
    let sent = send(&mut project, REVIEWER, 1);
    let before = items(&project);
    let plan = plan(&project, &sent, Some(1), REVIEWER);
    assert!(plan.is_empty(), "{:?}", plan.report());
    project
        .apply(Command::MergeCopy(Box::new(plan)), &me)
        .expect("merge");
    assert_eq!(items(&project), before);
    assert_eq!(
        project.rounds()[0].returns.len(),
        1,
        "the return is recorded"
    );
}

#[test]
fn a_copy_brings_comments_tracked_changes_and_untracked_edits_by_their_authors() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let text = POLICY.replace("delete your account", "close your account");
    let mut copy = copy_reading(&sent, &text);
    copy.comments.push(new_comment(
        1,
        span_of(&text, "email address"),
        &text,
        REVIEWER,
        "Say why.",
    ));
    copy.suggestions.push(new_suggestion(
        2,
        Span::point(span_of(&text, "usage data").start.0),
        SuggestionKind::Insertion {
            text: "aggregated ".into(),
        },
        &text,
        REVIEWER,
    ));
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(
        (
            report.counts.comments,
            report.counts.suggestions,
            report.counts.untracked
        ),
        (1, 1, 1),
        "{report:?}"
    );
    let comment = &project.comments()[0];
    assert_eq!(&project.text()[comment.span.range()], "email address");
    assert_eq!(comment.author.name, REVIEWER);
    let untracked = project
        .suggestions()
        .iter()
        .find(|suggestion| {
            project
                .incoming(IncomingItem::Suggestion(suggestion.id))
                .is_some_and(|incoming| incoming.untracked)
        })
        .expect("the untracked edit came in");
    assert_eq!(untracked.author.name, REVIEWER);
    assert_eq!(&project.text()[untracked.span.range()], "delete");
    assert_eq!(
        untracked.kind,
        SuggestionKind::Replacement {
            text: "close".into()
        }
    );
    assert_eq!(project.text(), POLICY, "nothing is applied to the draft");
    project
        .apply(Command::AcceptAll { author: None }, &actor(COUNSEL))
        .expect("accept all");
    assert_eq!(
        project.text(),
        text.replace("usage data", "aggregated usage data")
    );
}

#[test]
fn counsel_suggestions_accepted_or_rejected_in_the_copy_become_verdicts_not_edits() {
    let mut project = project_of(POLICY);
    let me = actor(COUNSEL);
    for (words, new) in [("sell", "share"), ("at any time", "within 30 days")] {
        let span = span_of(POLICY, words);
        project
            .apply(
                Command::Suggest {
                    range: span.start..span.end,
                    text: new.into(),
                },
                &me,
            )
            .expect("suggest");
    }
    let sent = send(&mut project, REVIEWER, 1);
    // The reviewer accepted the first and rejected the second: the copy
    // reads the first applied and has neither as a tracked change.
    let text = POLICY.replace("sell", "share");
    let copy = copy_reading(&sent, &text);
    let before = items(&project);
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(report.counts.verdicts, 2, "{report:?}");
    assert_eq!(report.counts.untracked, 0, "{report:?}");
    assert_eq!(items(&project), before, "verdicts change no text or item");
    let first = project.suggestions()[0].id;
    let second = project.suggestions()[1].id;
    let verdict = |id| {
        project
            .verdicts_on(id)
            .iter()
            .map(|verdict| (verdict.by.name.clone(), verdict.verb()))
            .collect::<Vec<_>>()
    };
    assert_eq!(verdict(first), vec![(REVIEWER.to_string(), "accepted")]);
    assert_eq!(verdict(second), vec![(REVIEWER.to_string(), "rejected")]);
    assert!(project.suggestions()[0].status.is_pending(), "not applied");
}

#[test]
fn a_counsel_thread_deleted_in_the_copy_stays_and_new_replies_come_in() {
    let mut project = project_of(POLICY);
    let me = actor(COUNSEL);
    for (words, body) in [
        ("usage data", "Which data?"),
        ("Contact us", "Add a phone number?"),
    ] {
        project
            .apply(
                Command::AddComment {
                    span: span_of(POLICY, words),
                    body: body.into(),
                },
                &me,
            )
            .expect("comment");
    }
    let sent = send(&mut project, REVIEWER, 1);
    let mut copy = copy_reading(&sent, POLICY);
    // The reviewer deleted the second thread and replied in the first.
    copy.comments.truncate(1);
    copy.comments[0].id = CommentId(50);
    copy.comments[0].replies.push(Reply {
        id: ReplyId(51),
        author: person(REVIEWER),
        created: me.now,
        body: "Only page views.".into(),
    });
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(report.kept_deleted, 1);
    assert_eq!(report.counts.replies, 1);
    assert_eq!(report.counts.comments, 0);
    assert_eq!(project.comments().len(), 2, "no thread is deleted");
    let replies = &project.comments()[0].replies;
    assert_eq!(replies.len(), 1);
    assert_eq!(
        (replies[0].author.name.as_str(), replies[0].body.as_str()),
        (REVIEWER, "Only page views.")
    );
}

#[test]
fn merging_the_same_copy_twice_adds_nothing_and_one_more_comment_adds_one_item() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let text = POLICY.replace("sell", "never sell");
    let mut copy = copy_reading(&sent, &text);
    copy.comments.push(new_comment(
        1,
        span_of(&text, "advertising"),
        &text,
        REVIEWER,
        "Which partners?",
    ));
    merge(&mut project, &copy, Some(1), REVIEWER);
    let once = items(&project);
    let again = plan(&project, &copy, Some(1), REVIEWER);
    assert!(again.is_empty(), "{:?}", again.report());
    assert_eq!(again.report().already_merged, 2);
    project
        .apply(Command::MergeCopy(Box::new(again)), &actor(COUNSEL))
        .expect("merge");
    assert_eq!(items(&project), once);
    assert_eq!(
        project.rounds()[0].returns.len(),
        1,
        "the same file is not recorded twice"
    );
    copy.comments.push(new_comment(
        2,
        span_of(&text, "Contact"),
        &text,
        REVIEWER,
        "Which office?",
    ));
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(report.counts.items(), 1, "{report:?}");
    assert_eq!(project.comments().len(), once.1.len() + 1);
}

#[test]
fn an_item_on_words_the_draft_changed_is_in_conflict_and_one_on_deleted_words_is_orphaned() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let me = actor(COUNSEL);
    // Counsel edit the draft after sending: "usage data" becomes "usage and
    // location data", and the contact sentence goes.
    let usage = span_of(POLICY, "usage data").start.0 + "usage".len();
    project
        .apply(
            Command::Edit {
                range: ByteOffset(usage)..ByteOffset(usage),
                text: " and location".into(),
            },
            &me,
        )
        .expect("edit");
    let contact = project.text().find("\nContact").expect("contact");
    let end = project.text().len();
    project
        .apply(
            Command::Edit {
                range: ByteOffset(contact)..ByteOffset(end),
                text: String::new(),
            },
            &me,
        )
        .expect("delete");
    let text = POLICY.replace("usage data", "page views");
    let mut copy = copy_reading(&sent, &text);
    copy.comments.push(new_comment(
        1,
        span_of(&text, "address below"),
        &text,
        REVIEWER,
        "Which address?",
    ));
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(
        (report.counts.conflicts, report.counts.orphans),
        (1, 1),
        "{report:?}"
    );
    let suggestion = &project.suggestions()[0];
    let incoming = project
        .incoming(IncomingItem::Suggestion(suggestion.id))
        .expect("incoming");
    let conflict = incoming.conflict.as_ref().expect("in conflict");
    assert_eq!(
        (conflict.copy.as_str(), conflict.draft.as_str()),
        ("usage data", "usage and location data")
    );
    let refused = project
        .apply(
            Command::Accept {
                id: suggestion.id,
                alternative: None,
            },
            &me,
        )
        .expect_err("a conflict is not accepted as it stands");
    assert!(
        matches!(refused, ModelError::TextChangedUnderSuggestion { .. }),
        "{refused}"
    );
    let comment = &project.comments()[0];
    assert!(comment.orphaned);
    assert_eq!(comment.quote, "address below");
    let context = project
        .incoming(IncomingItem::Comment(comment.id))
        .and_then(|incoming| incoming.context.clone())
        .expect("an orphan keeps its context");
    assert!(context.contains("at the [address below]"), "{context}");
}

#[test]
fn two_reviewers_changing_the_same_words_are_rivals_and_accepting_one_rejects_the_other() {
    let mut project = project_of(POLICY);
    let first = send(&mut project, REVIEWER, 1);
    let second = send(&mut project, SECOND, 2);
    merge(
        &mut project,
        &copy_reading(&first, &POLICY.replace("sell", "rent")),
        Some(1),
        REVIEWER,
    );
    let report = merge(
        &mut project,
        &copy_reading(&second, &POLICY.replace("sell", "license")),
        Some(2),
        SECOND,
    );
    assert_eq!(report.counts.rivals, 1, "{report:?}");
    let (a, b) = (project.suggestions()[0].id, project.suggestions()[1].id);
    assert_eq!(project.rivals_of(a), vec![b]);
    assert_eq!(project.rivals_of(b), vec![a]);
    let outcome = project
        .apply(
            Command::Accept {
                id: b,
                alternative: None,
            },
            &actor(COUNSEL),
        )
        .expect("accept");
    assert_eq!(outcome.rejected, vec![a]);
    assert!(
        outcome.summary.contains("rejected 1 rival"),
        "{}",
        outcome.summary
    );
    assert!(project.text().contains("We license usage data"));
    assert_eq!(project.suggestions()[0].status.name(), "rejected");
    project.undo(&actor(COUNSEL)).expect("undo");
    assert!(project.suggestions().iter().all(|s| s.status.is_pending()));
}

#[test]
fn formatting_changed_in_the_copy_is_a_formatting_suggestion() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let mut copy = copy_reading(&sent, POLICY);
    let bold = span_of(POLICY, "delete your account");
    copy.document.content = Content::new(
        POLICY.to_string(),
        copy.document.content.blocks.clone(),
        vec![redline::model::marks::MarkSpan {
            range: bold.range(),
            marks: redline::model::marks::Marks::styled(redline::model::marks::Styles::BOLD),
        }],
    )
    .expect("content");
    let report = merge(&mut project, &copy, Some(1), REVIEWER);
    assert_eq!(report.counts.formatting, 1, "{report:?}");
    let suggestion = &project.suggestions()[0];
    assert!(suggestion.kind.is_format());
    assert_eq!(suggestion.author.name, REVIEWER);
    assert!(
        project
            .content()
            .marks
            .at(bold.start.0)
            .styles
            .contains(redline::model::marks::Styles::BOLD)
    );
    let id = suggestion.id;
    project
        .apply(Command::Reject { id }, &actor(COUNSEL))
        .expect("reject");
    assert!(
        project.content().marks.is_empty(),
        "reject restores the formatting"
    );
}

#[test]
fn a_merge_planned_before_the_draft_changed_is_refused() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let copy = copy_reading(&sent, &POLICY.replace("sell", "rent"));
    let stale = plan(&project, &copy, Some(1), REVIEWER);
    project
        .apply(
            Command::Edit {
                range: ByteOffset(0)..ByteOffset(0),
                text: "X".into(),
            },
            &actor(COUNSEL),
        )
        .expect("edit");
    let error = project
        .apply(Command::MergeCopy(Box::new(stale)), &actor(COUNSEL))
        .expect_err("stale");
    assert_eq!(
        error.to_string(),
        "the project changed after the copy was compared with it; bring the copy back again"
    );
}

#[test]
fn a_copy_without_a_round_finds_its_version_and_says_why() {
    let mut project = project_of(POLICY);
    let me = actor(COUNSEL);
    for label in ["v1", "v2"] {
        project
            .apply(
                Command::TakeSnapshot {
                    label: Some(label.into()),
                    note: String::new(),
                    status: redline::model::VersionStatus::Draft,
                },
                &me,
            )
            .expect("snapshot");
        let end = project.text().len();
        project
            .apply(
                Command::Edit {
                    range: ByteOffset(end)..ByteOffset(end),
                    text: "\nA new paragraph about cookies and similar tools.".into(),
                },
                &me,
            )
            .expect("edit");
    }
    let copy_text = project.versions()[0].text().replace("sell", "rent");
    let base = choose_base(&project, &copy_text, None, None).expect("base");
    assert_eq!(base.version, Some(project.versions()[0].id));
    assert!(
        base.reason.starts_with("V1 \"v1\" is the version most like the copy: 80% of their paragraphs alike (next: V2 \"v2\", 73%)"),
        "{}",
        base.reason
    );
    let copy = ProjectParts {
        document: Document::new("Policy", Content::plain(copy_text)),
        ..ProjectParts::default()
    };
    let report = merge(&mut project, &copy, None, REVIEWER);
    assert!(report.round_is_new);
    assert_eq!(report.counts.untracked, 1);
    assert_eq!(project.rounds().len(), 1);
    assert!(project.rounds()[0].sent.is_none());
    let history = project.round_history();
    assert_eq!(history[0].sent, "not sent from this project");
    assert!(
        history[0].returns[0].ends_with("against V1 \"v1\": 1 untracked edit"),
        "{:?}",
        history[0].returns
    );
}

#[test]
fn an_internal_thread_never_leaves_and_the_flag_is_one_undo_step() {
    let mut project = project_of(POLICY);
    let me = actor(COUNSEL);
    for words in ["usage data", "Contact us"] {
        project
            .apply(
                Command::AddComment {
                    span: span_of(POLICY, words),
                    body: "note".into(),
                },
                &me,
            )
            .expect("comment");
    }
    let internal = project.comments()[0].id;
    project
        .apply(
            Command::SetInternal {
                comment: internal,
                internal: true,
            },
            &me,
        )
        .expect("internal");
    assert!(project.is_internal(internal));
    assert_eq!(project.undo_label(), Some("mark a thread internal"));
    for other_reviewers in [false, true] {
        let outgoing = project.outgoing(&SendOptions {
            reviewer: REVIEWER.into(),
            other_reviewers,
        });
        assert!(!outgoing.comments.contains(&internal));
        assert_eq!(outgoing.left_home.internal, 1);
        assert!(
            outgoing.preview().contains(
                &"stays home: 1 internal thread (internal threads never leave)".to_string()
            )
        );
    }
    project.undo(&me).expect("undo");
    assert!(!project.is_internal(internal));
    project.redo(&me).expect("redo");
    assert!(project.is_internal(internal));
    assert!(
        project
            .log()
            .last()
            .is_some_and(|entry| entry.event == "redo: mark a thread internal")
    );
}

#[test]
fn other_reviewers_items_stay_home_unless_chosen() {
    let mut project = project_of(POLICY);
    let first = send(&mut project, REVIEWER, 1);
    let mut copy = copy_reading(&first, &POLICY.replace("sell", "rent"));
    copy.comments.push(new_comment(
        1,
        span_of(POLICY, "Contact"),
        POLICY,
        REVIEWER,
        "Which office?",
    ));
    merge(&mut project, &copy, Some(1), REVIEWER);
    let to_second = project.outgoing(&SendOptions {
        reviewer: SECOND.into(),
        other_reviewers: false,
    });
    assert!(to_second.comments.is_empty() && to_second.suggestions.is_empty());
    assert_eq!(
        (
            to_second.left_home.other_reviewers_comments,
            to_second.left_home.other_reviewers_suggestions
        ),
        (1, 1)
    );
    let chosen = project.outgoing(&SendOptions {
        reviewer: SECOND.into(),
        other_reviewers: true,
    });
    assert_eq!((chosen.comments.len(), chosen.suggestions.len()), (1, 1));
    let back_to_first = project.outgoing(&SendOptions {
        reviewer: REVIEWER.into(),
        other_reviewers: false,
    });
    assert_eq!(
        back_to_first.comments.len(),
        1,
        "their own thread goes back to them"
    );
}

#[test]
fn sending_snapshots_the_draft_only_when_it_changed() {
    let mut project = project_of(POLICY);
    send(&mut project, REVIEWER, 1);
    send(&mut project, SECOND, 2);
    assert_eq!(project.versions().len(), 1, "unchanged: the same version");
    assert_eq!(project.versions()[0].status.name(), "under review");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(0)..ByteOffset(0),
                text: "Our ".into(),
            },
            &actor(COUNSEL),
        )
        .expect("edit");
    send(&mut project, REVIEWER, 3);
    assert_eq!(project.versions().len(), 2);
    let history = project.round_history();
    assert_eq!(history.len(), 3);
    assert!(
        history[2]
            .sent
            .starts_with("sent V2 \"v2\" as criticmarkup on 2026-03-01 by Maren Oyelaran-Fisk")
    );
    assert!(project.log().iter().any(|entry| entry.event.starts_with(
        "sent V1 \"v1\" to Tomasz Wielgosz for review as criticmarkup (round r0101010101010101"
    )));
    let error = project
        .apply(
            Command::RecordSending(SendRecord {
                round: round_id(1),
                reviewer: person(REVIEWER),
                format: "docx".into(),
                file_hash: String::new(),
                comments: Vec::new(),
                suggestions: Vec::new(),
                included: Vec::new(),
                responses: false,
            }),
            &actor(COUNSEL),
        )
        .expect_err("a round id is used once");
    assert_eq!(error.to_string(), "the id r0101010101010101 is used twice");
}

#[test]
fn the_response_report_answers_each_comment_of_the_previous_round() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let text = POLICY.replace("sell", "rent");
    let mut copy = copy_reading(&sent, &text);
    copy.comments.push(new_comment(
        1,
        span_of(&text, "usage data to advertising partners"),
        &text,
        REVIEWER,
        "Too broad.",
    ));
    copy.comments.push(new_comment(
        2,
        span_of(&text, "Contact us"),
        &text,
        REVIEWER,
        "Fine.",
    ));
    merge(&mut project, &copy, Some(1), REVIEWER);
    let me = actor(COUNSEL);
    let suggestion = project.suggestions()[0].id;
    project
        .apply(Command::Reject { id: suggestion }, &me)
        .expect("reject");
    let partners = span_of(project.text(), "advertising");
    project
        .apply(
            Command::Edit {
                range: partners.start..partners.end,
                text: "named".into(),
            },
            &me,
        )
        .expect("edit");
    let resolved = project.comments()[1].id;
    project
        .apply(
            Command::SetResolved {
                comment: resolved,
                resolved: true,
            },
            &me,
        )
        .expect("resolve");
    let report = project.response_report(REVIEWER).expect("a report");
    assert_eq!(report.rows.len(), 2);
    let first = &report.rows[0];
    assert_eq!(
        first.thread,
        vec![(REVIEWER.to_string(), "Too broad.".to_string())]
    );
    assert_eq!(first.words, "usage data to named partners");
    assert!(!first.resolved);
    assert_eq!(
        first.decisions.len(),
        0,
        "the rejected suggestion was on other words"
    );
    use redline::model::rounds::RedlinePiece;
    assert!(
        first
            .redline
            .contains(&RedlinePiece::Deleted("advertising".into())),
        "{:?}",
        first.redline
    );
    assert!(
        first
            .redline
            .contains(&RedlinePiece::Inserted("named".into())),
        "{:?}",
        first.redline
    );
    assert!(report.rows[1].resolved);
    let content = report.to_content();
    let cells = content
        .blocks
        .iter()
        .filter(|block| block.cell.is_some())
        .count();
    assert!(
        cells >= 15,
        "a header row and two rows of five cells: {cells}"
    );
    assert!(
        content
            .text
            .starts_with("Responses to Tomasz Wielgosz's comments\n")
    );
    assert!(project.response_report(SECOND).is_none());
}

/// The paragraph of `text` that holds `span`.
fn paragraph_around(text: &str, span: Span) -> &str {
    let start = text[..span.start.0]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let end = text[span.end.0..]
        .find('\n')
        .map_or(text.len(), |index| span.end.0 + index);
    &text[start..end]
}

/// Word boundaries of `text` (byte offsets where a word starts or ends).
fn word_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = None;
    for (byte, character) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, character.is_alphanumeric()) {
            (None, true) => start = Some(byte),
            (Some(begin), false) => {
                spans.push(Span::new(begin, byte));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn an_unchanged_copy_adds_nothing_to_a_reviewed_draft(
        seed in any::<u64>(),
        paragraphs in 5usize..40,
        picks in proptest::collection::vec((any::<usize>(), 0u8..3), 0..12),
    ) {
        let text = policy_text(paragraphs, seed);
        let mut project = project_of(&text);
        let words = word_spans(&text);
        let me = actor(COUNSEL);
        for (index, (pick, kind)) in picks.iter().enumerate() {
            let span = words[pick % words.len()];
            let command = match kind {
                0 => Command::AddComment { span, body: format!("note {index}") },
                1 => Command::Suggest { range: span.start..span.end, text: format!("word{index}") },
                _ => Command::Suggest { range: span.end..span.end, text: format!(" extra{index}") },
            };
            let _ = project.apply(command, &me);
        }
        let sent = send(&mut project, REVIEWER, 1);
        let before = items(&project);
        let plan = plan(&project, &sent, Some(1), REVIEWER);
        prop_assert!(plan.is_empty(), "{:?}", plan.report());
        project.apply(Command::MergeCopy(Box::new(plan)), &me).expect("merge");
        prop_assert_eq!(items(&project), before);
    }

    #[test]
    fn untracked_edits_merged_onto_an_unchanged_draft_then_accepted_give_the_copy(
        seed in any::<u64>(),
        paragraphs in 5usize..60,
        edits in 0usize..25,
        moves in 0usize..3,
    ) {
        let text = policy_text(paragraphs, seed);
        let mut project = project_of(&text);
        let sent = send(&mut project, REVIEWER, 1);
        let copy_text = edited_copy(&text, seed ^ 0x5eed, edits, moves);
        let copy = copy_reading(&sent, &copy_text);
        let report = merge(&mut project, &copy, Some(1), REVIEWER);
        prop_assert_eq!(report.counts.conflicts + report.counts.orphans, 0, "{:?}", report);
        prop_assert!(project.suggestions().iter().all(|s| s.author.name == REVIEWER));
        project.apply(Command::AcceptAll { author: None }, &actor(COUNSEL)).expect("accept all");
        let pending = project.suggestions().iter().filter(|s| s.status.is_pending()).count();
        prop_assert_eq!(pending, 0);
        prop_assert_eq!(project.text(), copy_text.as_str());
    }

    #[test]
    fn on_a_draft_that_moved_on_each_comment_lands_on_its_words_or_is_orphaned(
        seed in any::<u64>(),
        paragraphs in 5usize..40,
        comment_picks in proptest::collection::vec(any::<usize>(), 1..10),
        edit_picks in proptest::collection::vec((any::<usize>(), 0u8..3), 1..25),
    ) {
        let text = policy_text(paragraphs, seed);
        let words = word_spans(&text);
        let mut project = project_of(&text);
        let sent = send(&mut project, REVIEWER, 1);
        // The reviewer comments on words of the copy.
        let mut copy = copy_reading(&sent, &text);
        let mut chosen: Vec<Span> = comment_picks.iter().map(|pick| words[pick % words.len()]).collect();
        chosen.sort_by_key(|span| span.start);
        chosen.dedup();
        for (index, span) in chosen.iter().enumerate() {
            copy.comments.push(new_comment(index as u64 + 1, *span, &text, REVIEWER, &format!("note {index}")));
        }
        // A shadow of the draft carries the same comments through counsel's
        // edits: where the model's own anchors put them is the truth.
        let mut shadow = project.clone();
        let me = actor(COUNSEL);
        for (index, span) in chosen.iter().enumerate() {
            shadow.apply(Command::AddComment { span: *span, body: format!("note {index}") }, &me).expect("shadow comment");
        }
        for (pick, kind) in &edit_picks {
            let current = word_spans(project.text());
            if current.is_empty() { break; }
            let span = current[pick % current.len()];
            let (range, text) = match kind {
                0 => (span.start..span.end, "changed".to_string()),
                1 => (span.start..span.end, String::new()),
                _ => (span.start..span.start, "new ".to_string()),
            };
            let command = Command::Edit { range, text };
            project.apply(command.clone(), &me).expect("edit");
            shadow.apply(command, &me).expect("shadow edit");
        }
        prop_assert_eq!(project.text(), shadow.text());
        merge(&mut project, &copy, Some(1), REVIEWER);
        prop_assert_eq!(project.comments().len(), chosen.len(), "no comment is dropped");
        for (truth, sent_span) in shadow.comments().iter().zip(&chosen) {
            let merged = project.comments().iter().find(|c| c.body == truth.body).expect("merged");
            let intact = !truth.orphaned && shadow.text()[truth.span.range()] == truth.quote;
            let conflict = project.incoming(IncomingItem::Comment(merged.id)).and_then(|i| i.conflict.clone());
            // Where the draft has the comment's paragraph twice, the
            // comparison may take either copy for the one sent: the comment
            // then lands on the same words in the other.
            let paragraph = paragraph_around(&text, *sent_span);
            let duplicated = text.split('\n').filter(|line| *line == paragraph).count() > 1;
            let on_equal_words = !merged.orphaned && project.text()[merged.span.range()] == truth.quote;
            if intact {
                prop_assert!(merged.span == truth.span || (duplicated && on_equal_words), "{} lands on its words", truth.body);
                prop_assert!(!merged.orphaned && conflict.is_none(), "{}", truth.body);
            } else if truth.orphaned {
                prop_assert!(merged.orphaned || (duplicated && on_equal_words), "{} is orphaned", truth.body);
            } else {
                prop_assert!(merged.orphaned || conflict.is_some() || (duplicated && on_equal_words), "{} is marked", truth.body);
            }
        }
    }

    #[test]
    fn merging_a_copy_twice_equals_merging_it_once(
        seed in any::<u64>(),
        paragraphs in 5usize..40,
        edits in 0usize..15,
        comment_picks in proptest::collection::vec(any::<usize>(), 0..6),
        draft_edits in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let text = policy_text(paragraphs, seed);
        let mut project = project_of(&text);
        let sent = send(&mut project, REVIEWER, 1);
        let me = actor(COUNSEL);
        for pick in &draft_edits {
            let current = word_spans(project.text());
            let span = current[pick % current.len()];
            project.apply(Command::Edit { range: span.start..span.end, text: "revised".into() }, &me).expect("edit");
        }
        let copy_text = edited_copy(&text, seed ^ 0xc0de, edits, 0);
        let words = word_spans(&copy_text);
        let mut copy = copy_reading(&sent, &copy_text);
        for (index, pick) in comment_picks.iter().enumerate() {
            copy.comments.push(new_comment(index as u64 + 1, words[pick % words.len()], &copy_text, REVIEWER, &format!("note {index}")));
        }
        merge(&mut project, &copy, Some(1), REVIEWER);
        let once = items(&project);
        let again = merge(&mut project, &copy, Some(1), REVIEWER);
        prop_assert_eq!(again.counts.items(), 0, "{:?}", again);
        prop_assert_eq!(items(&project), once);
    }
}

#[test]
fn a_merge_is_one_undo_step_and_redo_brings_it_back() {
    let mut project = project_of(POLICY);
    let sent = send(&mut project, REVIEWER, 1);
    let before = project.to_parts();
    let text = POLICY.replace("sell", "rent");
    let mut copy = copy_reading(&sent, &text);
    copy.comments.push(new_comment(
        1,
        span_of(&text, "Contact"),
        &text,
        REVIEWER,
        "Which office?",
    ));
    let bold = span_of(&text, "email address");
    copy.document.content = Content::new(
        text.clone(),
        copy.document.content.blocks.clone(),
        vec![redline::model::marks::MarkSpan {
            range: bold.range(),
            marks: redline::model::marks::Marks::styled(redline::model::marks::Styles::BOLD),
        }],
    )
    .expect("content");
    merge(&mut project, &copy, Some(1), REVIEWER);
    let after = project.to_parts();
    assert_eq!(
        project.undo_label(),
        Some("bring back Tomasz Wielgosz's copy")
    );
    let me = actor(COUNSEL);
    project.undo(&me).expect("undo");
    let undone = project.to_parts();
    assert_eq!(
        undone.document, before.document,
        "text, blocks and marks restored"
    );
    assert_eq!(
        (undone.comments, undone.suggestions),
        (before.comments, before.suggestions)
    );
    assert_eq!(undone.rounds, before.rounds, "the return is undone too");
    project.redo(&me).expect("redo");
    let redone = project.to_parts();
    assert_eq!(
        (
            redone.document,
            redone.comments,
            redone.suggestions,
            redone.rounds
        ),
        (
            after.document,
            after.comments,
            after.suggestions,
            after.rounds
        )
    );
}
