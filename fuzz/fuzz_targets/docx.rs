//! Feeds arbitrary bytes to the .docx importer: it must return a result,
//! never panic, and anything it accepts must be a valid project.
//!
//! `cargo +nightly fuzz run docx` (seed the corpus with real .docx files,
//! e.g. `tests/fixtures/docx/*.docx`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = redline::formats::docx::import(data, Path::new("fuzz.docx")) {
        assert!(redline::model::Project::from_parts(imported.parts).is_ok());
    }
});
