//! Writes the merge benchmark's fixture as files, for timing the whole
//! `redline merge` command: DIR/project.redline.ron (sent, then edited)
//! and DIR/copy.docx (the reviewer's copy, marked with its round).
//!
//! `cargo run --release --example write_rounds_fixture -- DIR`

use redline::formats::docx::export_redline;
use redline::formats::docx_round::{ROUND_PROPERTY, with_properties};
use redline::formats::project_file::to_ron_string;
use redline::model::Project;
use redline::model::rounds::RoundId;
use std::path::PathBuf;

#[path = "../benches/support/rounds_fixture.rs"]
mod rounds_fixture;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: write_rounds_fixture DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&folder)?;
    let (project, returned) = rounds_fixture::fixture();
    std::fs::write(folder.join("project.redline.ron"), to_ron_string(&project)?)?;
    let copy = Project::from_parts(returned)?;
    let round = RoundId::from_random(rounds_fixture::ROUND);
    let docx = with_properties(
        &export_redline(&copy)?,
        &[(ROUND_PROPERTY, round.as_str())],
        &folder.join("copy.docx"),
    )?;
    std::fs::write(folder.join("copy.docx"), docx)?;
    Ok(())
}
