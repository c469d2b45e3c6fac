//! The merge benchmark's fixture: a ~1 MB formatted policy sent to a
//! reviewer; the draft then moved on by 300 edits of counsel's; the
//! reviewer's copy comes back with 300 untracked edits, 500 comments and
//! 500 tracked changes. Deterministic (places are picked at even steps
//! through the words). Shared by `benches/rounds.rs` and
//! `examples/write_rounds_fixture.rs`.

use redline::model::content::Content;
use redline::model::generator::policy_content;
use redline::model::rounds::{RoundId, SendRecord};
use redline::model::{Actor, Command, Document, Person, Project, ProjectParts, Span};
use std::collections::HashSet;

/// The reviewer.
pub const REVIEWER: &str = "Ingrid Solberg";
/// The round's id.
pub const ROUND: [u8; 8] = [0x42; 8];
/// Counsel's edits of the draft since the copy left.
pub const DRAFT_EDITS: usize = 300;
/// The reviewer's edits made without Track Changes.
pub const UNTRACKED: usize = 300;
/// The reviewer's comments.
pub const COMMENTS: usize = 500;
/// The reviewer's tracked changes.
pub const TRACKED: usize = 500;

fn actor(name: &str) -> Actor {
    Actor {
        user: Person::new(name, Person::initials_of(name)),
        now: chrono::DateTime::UNIX_EPOCH,
    }
}

/// The byte spans of the words of `text` (letters only, 4 or more).
fn words(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = None;
    for (byte, character) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, character.is_alphabetic()) {
            (None, true) => start = Some(byte),
            (Some(begin), false) => {
                if byte - begin >= 4 {
                    spans.push(Span::new(begin, byte));
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// `count` word indices at even steps from `offset`, skipping `taken`.
fn picks(total: usize, count: usize, offset: usize, taken: &mut HashSet<usize>) -> Vec<usize> {
    let step = total / (count + 1);
    let mut chosen = Vec::with_capacity(count);
    for index in 0..count {
        let mut word = offset + index * step;
        while taken.contains(&word) {
            word += 1;
        }
        taken.insert(word);
        chosen.push(word);
    }
    chosen
}

/// Applies word edits from the end backwards (earlier spans stay right).
fn edit_words(project: &mut Project, spans: &[Span], indices: &[usize], actor: &Actor, text: &str) {
    let mut sorted: Vec<usize> = indices.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    for index in sorted {
        let span = spans[index];
        project
            .apply(
                Command::Edit {
                    range: span.start..span.end,
                    text: text.to_string(),
                },
                actor,
            )
            .expect("an edit");
    }
}

/// The project (sent, then edited by counsel) and the reviewer's copy as
/// an importer reads it.
pub fn fixture() -> (Project, ProjectParts) {
    let content: Content = policy_content(8_000, 2024);
    let mut project = Project::new(Document::new("Example Privacy Policy", content));
    let counsel = actor("Maren Oyelaran-Fisk");
    project
        .apply(
            Command::RecordSending(SendRecord {
                round: RoundId::from_random(ROUND),
                reviewer: Person::new(REVIEWER, "IS"),
                format: "docx-redline".into(),
                file_hash: String::new(),
                comments: Vec::new(),
                suggestions: Vec::new(),
                included: Vec::new(),
                responses: false,
            }),
            &counsel,
        )
        .expect("sent");
    let base_words = words(project.text());
    let mut taken = HashSet::new();
    let draft_edits = picks(base_words.len(), DRAFT_EDITS, 37, &mut taken);
    let untracked = picks(base_words.len(), UNTRACKED, 11, &mut taken);
    let mut copy = project.clone();
    let reviewer = actor(REVIEWER);
    edit_words(&mut copy, &base_words, &untracked, &reviewer, "reviewed");
    edit_words(&mut project, &base_words, &draft_edits, &counsel, "revised");
    let copy_words = words(copy.text());
    let mut taken = HashSet::new();
    for index in picks(copy_words.len(), COMMENTS, 5, &mut taken) {
        copy.apply(
            Command::AddComment {
                span: copy_words[index],
                body: format!("Reviewer note {index}"),
            },
            &reviewer,
        )
        .expect("a comment");
    }
    let mut tracked = picks(copy_words.len(), TRACKED, 23, &mut taken);
    tracked.sort_unstable_by(|a, b| b.cmp(a));
    for index in tracked {
        let span = copy_words[index];
        copy.apply(
            Command::Suggest {
                range: span.start..span.end,
                text: "amended".into(),
            },
            &reviewer,
        )
        .expect("a tracked change");
    }
    let parts = copy.to_parts();
    let returned = ProjectParts {
        document: parts.document,
        comments: parts.comments,
        suggestions: parts.suggestions,
        ..ProjectParts::default()
    };
    (project, returned)
}
