//! Compares two policy files and prints the summary:
//! `compare_files OLD NEW [--ignore-whitespace]`.

use std::error::Error;

use redline::model::compare::{CompareOptions, compare};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(old_path), Some(new_path)) = (args.first(), args.get(1)) else {
        return Err("usage: compare_files OLD NEW [--ignore-whitespace]".into());
    };
    let options = CompareOptions {
        ignore_whitespace: args.iter().any(|arg| arg == "--ignore-whitespace"),
    };
    let old = std::fs::read_to_string(old_path)?;
    let new = std::fs::read_to_string(new_path)?;
    let cmp = compare(&old, &new, &options);
    let summary = &cmp.summary;
    println!(
        "{} changes: +{} -{} words, {} paragraphs changed, {} moved, {} sections touched",
        cmp.changes.len(),
        summary.words_added,
        summary.words_removed,
        summary.paragraphs_changed,
        summary.moves,
        summary.sections_touched.len()
    );
    Ok(())
}
