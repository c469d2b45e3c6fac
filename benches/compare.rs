//! Benchmark of `compare` on the *stress* fixture: a ~1 MB policy (8,000
//! paragraphs) against a copy with 300 single-word edits and 5 moved
//! paragraphs, both made by `model::generator` (deterministic, no `rand`).

use redline::model::content::Content;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redline::model::compare::{CompareOptions, compare};
use redline::model::generator::{edited_copy, policy_text};

/// Seed of the base text.
const BASE_SEED: u64 = 2024;
/// Seed of the edits.
const EDIT_SEED: u64 = 7;

fn bench_compare(c: &mut Criterion) {
    let old = policy_text(8_000, BASE_SEED);
    let new = Content::plain(edited_copy(&old, EDIT_SEED, 300, 5));
    let old = Content::plain(old);
    let options = CompareOptions::default();
    c.bench_function("compare 1 MB, 300 word edits, 5 moves", |b| {
        b.iter(|| compare(black_box(&old), black_box(&new), &options));
    });
    let ignoring = CompareOptions {
        ignore_whitespace: true,
    };
    c.bench_function("compare 1 MB, ignore whitespace", |b| {
        b.iter(|| compare(black_box(&old), black_box(&new), &ignoring));
    });
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
