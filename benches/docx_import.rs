//! Importing a .docx with 500 comments and 500 tracked changes.
//! `scripts/bench-docx-vs-pandoc.sh` pairs the same import with pandoc.

use criterion::{Criterion, criterion_group, criterion_main};
use redline::formats::docx::import;
use std::hint::black_box;
use std::path::Path;

#[path = "support/docx_fixture.rs"]
mod docx_fixture;

fn docx_import(c: &mut Criterion) {
    let bytes = docx_fixture::docx();
    let imported = import(&bytes, Path::new("bench.docx")).expect("import");
    assert_eq!(imported.parts.suggestions.len(), docx_fixture::COUNT);
    c.bench_function("docx import (500 comments, 500 tracked changes)", |b| {
        b.iter(|| import(black_box(&bytes), Path::new("bench.docx")))
    });
}

criterion_group!(benches, docx_import);
criterion_main!(benches);
