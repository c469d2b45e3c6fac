//! Imports a .docx and prints what it found: the paired side of
//! `scripts/bench-docx-vs-pandoc.sh`.
//!
//! `cargo run --release --example import_docx -- FILE.docx`

use std::path::PathBuf;

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: import_docx FILE.docx");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {}: {error}", path.display());
            std::process::exit(1);
        }
    };
    match redline::formats::docx::import(&bytes, &path) {
        Ok(imported) => {
            let parts = &imported.parts;
            let replies: usize = parts
                .comments
                .iter()
                .map(|comment| comment.replies.len())
                .sum();
            let content = &parts.document.content;
            let count = |test: fn(&redline::model::blocks::Block) -> bool| {
                content.blocks.iter().filter(|block| test(block)).count()
            };
            println!(
                "{} bytes of text, {} marks, {} list items, {} table cells, {} note paragraphs, {} comments ({} replies), {} suggestions, {} warnings",
                parts.document.text().len(),
                content.marks.spans().len(),
                count(|block| block.list.is_some()),
                count(|block| block.cell.is_some()),
                count(|block| block.note.is_some()),
                parts.comments.len(),
                replies,
                parts.suggestions.len(),
                imported.warnings.len()
            );
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
