//! Opens the real window (needs a display), as `scripts/screenshot.sh` does
//! while `src/main.rs` does not start the GUI yet. A plain `main` (no test
//! harness), so winit's event loop runs on the main thread. Does nothing
//! unless `REDLINE_RUN_WINDOW=1`; `REDLINE_OPEN=path` opens that file
//! instead of the sample.

fn main() {
    if std::env::var_os("REDLINE_RUN_WINDOW").is_none() {
        println!("gui_window: skipped (set REDLINE_RUN_WINDOW=1 to open the window)");
        return;
    }
    let file = std::env::var_os("REDLINE_OPEN").map(std::path::PathBuf::from);
    if let Err(error) = redline::app::run(file) {
        eprintln!("redline: {error}");
        std::process::exit(1);
    }
}
