//! Writes the GUI benchmark's two project files: the formatted stress
//! project (~1 MB, 8,000 paragraphs with headings, lists, tables and marks,
//! 2,000 comments, 2,000 suggestions) and an empty project, for measuring
//! the real window's memory with each (`scripts/bench-window-memory.sh`):
//! `write_projects OUT_STRESS OUT_EMPTY`.

use redline::formats::project_file;
use redline::model::generator::{FixtureSize, generate};
use redline::model::{Document, Project};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(stress_path), Some(empty_path)) = (args.next(), args.next()) else {
        return Err("usage: write_projects OUT_STRESS OUT_EMPTY".into());
    };
    let stress = generate(FixtureSize::Stress, 7);
    project_file::save(stress_path.as_ref(), &stress)?;
    let empty = Project::new(Document::default());
    project_file::save(empty_path.as_ref(), &empty)?;
    println!(
        "{stress_path}: {} bytes of text, {} paragraphs; {empty_path}: empty",
        stress.text().len(),
        stress.content().blocks.len()
    );
    Ok(())
}
