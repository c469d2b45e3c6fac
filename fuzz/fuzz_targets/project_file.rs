//! Fuzzes the project loader: any text gives a project or an error, never a
//! panic or a huge allocation, and a project that loads saves and loads
//! again. (`tests/formats/bad_input.rs` runs a smoke version on stable.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::formats::project_file::{from_ron_str, to_ron_string};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(project) = from_ron_str(&text, Path::new("fuzz.redline.ron")) else {
        return;
    };
    let _ = project.warnings();
    let saved = to_ron_string(&project).expect("a loaded project saves");
    assert!(from_ron_str(&saved, Path::new("again.redline.ron")).is_ok());
});
