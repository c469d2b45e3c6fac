//! Opening and saving project files: the stress project, and a long policy
//! (~40k words) with 50 versions.
//!
//! Run: `cargo bench --bench project_file`

use criterion::{Criterion, criterion_group, criterion_main};
use redline::formats::project_file::{from_ron_str, to_ron_string};
use redline::model::generator::{FixtureSize, generate, with_versions};
use std::hint::black_box;
use std::path::Path;

fn project_file(criterion: &mut Criterion) {
    let origin = Path::new("bench.redline.ron");
    for (name, project) in [
        (
            "stress project (1 MB, 4,000 anchors)",
            generate(FixtureSize::Stress, 1),
        ),
        (
            "long policy with 50 versions",
            with_versions(FixtureSize::Long, 5, 50),
        ),
    ] {
        let text = to_ron_string(&project).unwrap_or_default();
        println!("{name}: project file is {} bytes", text.len());
        criterion.bench_function(&format!("open {name}"), |bencher| {
            bencher.iter(|| black_box(from_ron_str(&text, origin).is_ok()))
        });
        criterion.bench_function(&format!("save {name}"), |bencher| {
            bencher.iter(|| black_box(to_ron_string(&project).map(|text| text.len())))
        });
    }
}

criterion_group!(benches, project_file);
criterion_main!(benches);
