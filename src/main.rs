//! The `redline` binary: argument parsing and start-up only.
//!
//! With a subcommand, runs it headless; otherwise opens the window, on the
//! given project file or on the bundled sample policy.

use redline::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_arguments();
    match cli.command {
        Some(command) => redline::cli::run(command, cli.user),
        None => match redline::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("redline: {error:#}");
                ExitCode::from(2)
            }
        },
    }
}
