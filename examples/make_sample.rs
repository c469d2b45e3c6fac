//! Builds the bundled sample project, `examples/sample-policy.redline.ron`,
//! from `assets/sample/policy.md` and `assets/sample/review.ron`.
//!
//! Run from the repository root: `cargo run --example make_sample`.

use redline::formats::{project_file, sample};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let policy = std::fs::read_to_string("assets/sample/policy.md")?;
    let review = std::fs::read_to_string("assets/sample/review.ron")?;
    let project = sample::build_sample(&policy, &review)?;
    let out = Path::new("examples/sample-policy.redline.ron");
    project_file::save(out, &project)?;
    println!(
        "wrote {} ({} comments, {} suggestions)",
        out.display(),
        project.comments().len(),
        project.suggestions().len()
    );
    Ok(())
}
