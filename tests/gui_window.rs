//! Opens the real window (needs a display). Ignored in the normal test run;
//! `scripts/screenshot.sh` runs it under Xvfb while `src/main.rs` does not
//! start the GUI yet. `REDLINE_OPEN=path` opens that file instead of the sample.

#[test]
#[ignore = "opens a window; run by scripts/screenshot.sh under Xvfb"]
fn run_window() {
    let file = std::env::var_os("REDLINE_OPEN").map(std::path::PathBuf::from);
    if let Err(error) = redline::app::run(file) {
        panic!("{error}");
    }
}
