//! Fuzzes the commented plain text importer: any input must give a valid
//! project or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::formats::commented_text;
use redline::model::Project;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = commented_text::looks_like_commented_text(&text);
    if let Ok(imported) =
        commented_text::import(&text, Path::new("fuzz.txt"), chrono::DateTime::UNIX_EPOCH)
    {
        assert!(Project::from_parts(imported.parts).is_ok());
    }
});
