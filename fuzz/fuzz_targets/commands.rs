//! Fuzzes random command sequences on the sample project: no command
//! panics, a failed command changes nothing (state id included), every
//! anchor stays valid, and undoing everything restores the project.
//! (`tests/model/properties.rs` runs the property test on stable.)
#![no_main]

use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use redline::formats::sample::sample_project;
use redline::model::{
    Actor, Command, CommentId, Person, Project, Span, SuggestionId, VersionId,
    VersionStatus,
};

/// Reads numbers from the fuzzer's bytes.
struct Bytes<'a>(std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    fn next(&mut self) -> Option<usize> {
        let high = usize::from(*self.0.next()?);
        let low = usize::from(*self.0.next()?);
        Some(high << 8 | low)
    }
}

/// A char boundary of `text` picked by `pick`.
fn boundary(text: &str, pick: usize) -> usize {
    let mut at = pick % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn span(text: &str, a: usize, b: usize) -> Span {
    let (a, b) = (boundary(text, a), boundary(text, b));
    Span::new(a.min(b), a.max(b))
}

fn command(project: &Project, bytes: &mut Bytes<'_>) -> Option<Command> {
    let (kind, a, b) = (bytes.next()?, bytes.next()?, bytes.next()?);
    let text = project.text();
    let words = ["", "x", "é😀", "\n", "Effective Date: March 1, 2026"];
    let word = words[b % words.len()].to_string();
    let comment = CommentId(project.comments().get(a % 32).map_or(a as u64, |c| c.id.0));
    let suggestion =
        SuggestionId(project.suggestions().get(a % 32).map_or(a as u64, |s| s.id.0));
    Some(match kind % 12 {
        0 => {
            let range = span(text, a, b);
            Command::Edit { range: range.start..range.end, text: word }
        }
        1 => {
            let range = span(text, a, b);
            Command::Suggest { range: range.start..range.end, text: word }
        }
        2 => Command::Accept { id: suggestion, alternative: Some(b % 3).filter(|_| b % 2 == 0) },
        3 => Command::Reject { id: suggestion },
        4 => Command::AcceptAll { author: None },
        5 => Command::AddComment { span: span(text, a, b), body: word },
        6 => Command::Reply { comment, body: "ok".into() },
        7 => Command::DeleteComment { comment },
        8 => Command::TakeSnapshot {
            label: Some(format!("v{}", a % 4)),
            note: String::new(),
            status: VersionStatus::Draft,
        },
        9 => Command::RestoreVersion { version: VersionId((a % 4) as u64) },
        10 => Command::MoveComment { comment, span: span(text, a, b) },
        _ => Command::SetNoticeLeadDays(u32::try_from(a * b).unwrap_or(u32::MAX)),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut project) = sample_project() else {
        return;
    };
    let actor = Actor {
        user: Person::new("Fuzz", "F"),
        now: DateTime::UNIX_EPOCH,
    };
    let initial = project.to_parts();
    let initial_state = project.state_id();
    let mut bytes = Bytes(data.iter());
    while let Some(command) = command(&project, &mut bytes) {
        let before = (project.state_id(), project.revision(), project.to_parts());
        if project.apply(command, &actor).is_err() {
            assert!(before == (project.state_id(), project.revision(), project.to_parts()));
        }
        for span in project
            .comments()
            .iter()
            .map(|c| c.span)
            .chain(project.suggestions().iter().map(|s| s.span))
        {
            assert!(span.check(project.text()).is_ok());
        }
        let _ = project.warnings();
    }
    while project.undo(&actor).is_ok() {}
    let mut restored = project.to_parts();
    restored.log = initial.log.clone();
    assert!(restored == initial);
    assert_eq!(project.state_id(), initial_state);
});
