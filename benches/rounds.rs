//! Bringing a reviewer's copy back (issue 15): a ~1 MB copy with 500
//! comments, 500 tracked changes and 300 untracked edits merged onto a
//! draft that moved on by 300 edits since it was sent; plan and apply, in
//! process. `examples/write_rounds_fixture.rs` writes the same fixture as
//! files for timing the whole `redline merge` command.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use redline::model::rounds::{MergeRequest, Reviewer, RoundId, RoundSource, choose_base};
use redline::model::{Actor, Command, Person};

#[path = "support/rounds_fixture.rs"]
mod rounds_fixture;

fn merge(c: &mut Criterion) {
    let (project, returned) = rounds_fixture::fixture();
    let round = RoundId::from_random(rounds_fixture::ROUND);
    let request = |project: &redline::model::Project| MergeRequest {
        returned: returned.clone(),
        carried_base: None,
        base: choose_base(
            project,
            &returned.document.content.text,
            Some((&round, RoundSource::Mark)),
            None,
        )
        .expect("base"),
        reviewer: Reviewer {
            person: Person::new(rounds_fixture::REVIEWER, "IS"),
            inferred: false,
        },
        file_hash: String::new(),
        new_round: RoundId::from_random([1; 8]),
        compare_formatting: true,
    };
    let counsel = Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MO"),
        now: chrono::DateTime::UNIX_EPOCH,
    };
    let plan = project.plan_merge(&request(&project)).expect("plan");
    let counts = plan.report().counts;
    assert_eq!(counts.comments, rounds_fixture::COMMENTS);
    assert_eq!(counts.suggestions, rounds_fixture::TRACKED);
    // Word edits in repeated table paragraphs ("Category") may be aligned
    // with another copy of the paragraph: one edit can count as two.
    assert!((rounds_fixture::UNTRACKED..rounds_fixture::UNTRACKED + 5).contains(&counts.untracked));
    println!(
        "fixture: {} bytes of words; came in: {}",
        returned.document.content.text.len(),
        counts.in_words(true)
    );
    c.bench_function(
        "merge a 1 MB copy (500 comments, 500 tracked, 300 untracked) onto a draft with 300 edits",
        |b| {
            b.iter_batched(
                || (project.clone(), request(&project)),
                |(mut project, request)| {
                    let plan = project.plan_merge(&request).expect("plan");
                    project
                        .apply(Command::MergeCopy(Box::new(plan)), &counsel)
                        .expect("merge");
                    project
                },
                BatchSize::LargeInput,
            )
        },
    );
}

criterion_group!(benches, merge);
criterion_main!(benches);
