//! Writes the benchmark .docx (500 comments, 500 tracked changes) to OUT.
//!
//! `cargo run --release --example write_docx_fixture -- OUT.docx`

#[path = "../benches/support/docx_fixture.rs"]
mod docx_fixture;

fn main() -> std::io::Result<()> {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: write_docx_fixture OUT.docx");
        std::process::exit(2);
    };
    std::fs::write(&out, docx_fixture::docx())?;
    Ok(())
}
