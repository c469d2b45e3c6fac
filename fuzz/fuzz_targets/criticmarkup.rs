//! Fuzzes the CriticMarkup / Markdown importer, and export then import of
//! whatever it read: any input must give a valid project, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::formats::criticmarkup;
use redline::model::Project;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let now = chrono::DateTime::UNIX_EPOCH;
    let Ok(imported) = criticmarkup::import(&text, Path::new("fuzz.md"), now) else {
        return;
    };
    let project =
        Project::from_parts(imported.parts).expect("the importer made an invalid project");
    let exported = criticmarkup::export(&project);
    if let Ok(again) = criticmarkup::import(&exported, Path::new("fuzz.md"), now) {
        assert!(Project::from_parts(again.parts).is_ok());
    }
});
