//! One character typed into the stress document (about 1 MB, 2,000 comments
//! and 2,000 suggestions), anchor mapping and undo recording included; and
//! accepting one suggestion there; replacing a phrase everywhere.
//!
//! Run: `cargo bench --bench typing`

use chrono::Utc;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use redline::model::find::find_all;
use redline::model::generator::{FixtureSize, generate};
use redline::model::{Actor, ByteOffset, Command, Person, Replacement};
use std::hint::black_box;

fn typing(criterion: &mut Criterion) {
    let actor = Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MO"),
        now: Utc::now(),
    };
    let mut project = generate(FixtureSize::Stress, 1);
    assert_eq!(
        project.comments().len() + project.suggestions().len(),
        4_000
    );
    // Type in the middle of the document, on a char boundary inside a
    // paragraph, moving forward as a typist does.
    let mut byte_in_doc = project.text().len() / 2;
    while !project.text().is_char_boundary(byte_in_doc) {
        byte_in_doc += 1;
    }
    criterion.bench_function("type one character (1 MB, 4,000 anchors)", |bencher| {
        bencher.iter(|| {
            let at = ByteOffset(byte_in_doc);
            let outcome = project.apply(
                Command::Edit {
                    range: at..at,
                    text: "x".to_string(),
                },
                &actor,
            );
            byte_in_doc += 1;
            black_box(outcome)
        })
    });

    let mut formatted = generate(FixtureSize::Stress, 1);
    let word = formatted.text().len() / 3;
    let word = formatted.text()[word..]
        .find(' ')
        .map_or(word, |at| word + at + 1);
    let mut bold = true;
    criterion.bench_function("bold or unbold one word (1 MB, 22,000 marks)", |bencher| {
        bencher.iter(|| {
            let styles = redline::model::marks::Styles::BOLD;
            let marks = if bold {
                redline::model::marks::MarkPatch::set(styles)
            } else {
                redline::model::marks::MarkPatch::clear(styles)
            };
            bold = !bold;
            black_box(formatted.apply(
                Command::Format {
                    range: ByteOffset(word)..ByteOffset(word + 4),
                    marks,
                    block: redline::model::blocks::BlockPatch::default(),
                    suggest: false,
                },
                &actor,
            ))
        })
    });

    let fresh = generate(FixtureSize::Stress, 1);
    let pending = fresh
        .suggestions()
        .iter()
        .find(|suggestion| {
            matches!(
                suggestion.kind,
                redline::model::SuggestionKind::Replacement { .. }
            )
        })
        .map(|suggestion| suggestion.id)
        .expect("the stress fixture has replacements");
    criterion.bench_function("accept one suggestion (1 MB, 4,000 anchors)", |bencher| {
        bencher.iter_batched(
            || fresh.clone(),
            |mut project| {
                let outcome = project.apply(
                    Command::Accept {
                        id: pending,
                        alternative: None,
                    },
                    &actor,
                );
                black_box(outcome.is_ok())
            },
            BatchSize::LargeInput,
        )
    });
}

/// Replacing a phrase everywhere in the stress document, directly and as
/// suggestions.
fn replace_all(criterion: &mut Criterion) {
    let actor = Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MO"),
        now: Utc::now(),
    };
    let fresh = generate(FixtureSize::Stress, 1);
    let ranges: Vec<_> = find_all(fresh.text(), "personal data", false)
        .into_iter()
        .map(|range| ByteOffset(range.start)..ByteOffset(range.end))
        .collect();
    println!("\"personal data\" occurs {} times", ranges.len());
    for suggest in [false, true] {
        let name = if suggest {
            "suggest replacing every \"personal data\" (1 MB, 4,000 anchors)"
        } else {
            "replace every \"personal data\" (1 MB, 4,000 anchors)"
        };
        criterion.bench_function(name, |bencher| {
            bencher.iter_batched(
                || (fresh.clone(), ranges.clone()),
                |(mut project, ranges)| {
                    let command = Command::ReplaceAll {
                        ranges,
                        replace: Replacement {
                            text: "personal information".to_string(),
                            adapt_case: true,
                            suggest,
                        },
                    };
                    black_box(project.apply(command, &actor).is_ok())
                },
                BatchSize::LargeInput,
            )
        });
    }
}

criterion_group!(benches, typing, replace_all);
criterion_main!(benches);
