//! Writes the benchmark pair (a ~1 MB policy and a copy with 300 word edits
//! and 5 moved paragraphs) to two files:
//! `write_pair OUT_OLD OUT_NEW [SCALE]`; SCALE (default 1) multiplies the
//! paragraphs, the edits and the moves.

use std::error::Error;

use redline::model::generator::{edited_copy, policy_text};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(old_path), Some(new_path)) = (args.next(), args.next()) else {
        return Err("usage: write_pair OUT_OLD OUT_NEW [SCALE]".into());
    };
    let scale: usize = match args.next() {
        Some(scale) => scale
            .parse()
            .map_err(|_| format!("{scale:?} is not a whole number"))?,
        None => 1,
    };
    let old = policy_text(8_000 * scale, 2024);
    let new = edited_copy(&old, 7, 300 * scale, 5 * scale);
    std::fs::write(&old_path, &old)?;
    std::fs::write(&new_path, &new)?;
    println!(
        "{old_path}: {} bytes, {new_path}: {} bytes",
        old.len(),
        new.len()
    );
    Ok(())
}
