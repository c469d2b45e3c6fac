//! The exporters on the formatted stress document (~1 MB, 8,000 paragraphs,
//! over 20,000 marks, nested lists, tables, footnotes): HTML, tagged PDF
//! (four embedded, subset faces), clean DOCX, and the DOCX redline with its
//! 2,000 comments and 2,000 suggestions as real comments and tracked changes.
//!
//! Run: `cargo bench --bench publish`

use criterion::{Criterion, criterion_group, criterion_main};
use redline::formats::docx::{export_clean, export_redline};
use redline::formats::publish::{Publication, to_html, to_pdf};
use redline::model::generator::{FixtureSize, generate};
use std::hint::black_box;

fn exporters(criterion: &mut Criterion) {
    let project = generate(FixtureSize::Stress, 1);
    let document = project.document();
    let publication = Publication {
        organisation: &document.organisation,
        effective_date: document.effective_date,
        ..Publication::new(&document.title, project.content())
    };
    let mut group = criterion.benchmark_group("export the stress document");
    group.sample_size(10);
    group.bench_function("html", |bencher| {
        bencher.iter(|| black_box(to_html(&publication).len()))
    });
    group.bench_function("pdf", |bencher| {
        bencher.iter(|| black_box(to_pdf(&publication).map(|bytes| bytes.len())))
    });
    group.bench_function("docx (clean)", |bencher| {
        bencher.iter(|| {
            black_box(export_clean(project.content(), &document.title).map(|bytes| bytes.len()))
        })
    });
    group.bench_function("docx (redline, 4,000 annotations)", |bencher| {
        bencher.iter(|| black_box(export_redline(&project).map(|bytes| bytes.len())))
    });
    group.finish();
}

criterion_group!(benches, exporters);
criterion_main!(benches);
