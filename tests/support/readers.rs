//! Third-party readers (pandoc, pdftotext) that tests use to read exports
//! back. Shared by the test binaries through `#[path]`.

use std::process::{Command, Stdio};

/// Whether `program` can be started (`pdftotext --version` exits non-zero, so
/// only starting counts). When it cannot, prints a loud skip notice
/// and returns `false`, unless `REDLINE_REQUIRE_READERS=1` (as `.ci/run`
/// sets), in which case a missing reader is a failure.
pub fn require_reader(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if found {
        return true;
    }
    if std::env::var("REDLINE_REQUIRE_READERS").as_deref() == Ok("1") {
        panic!("{program} is required (REDLINE_REQUIRE_READERS=1) but is not installed");
    }
    eprintln!("SKIPPED: {program} not installed");
    false
}
