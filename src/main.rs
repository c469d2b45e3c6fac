//! The `redline` binary: argument parsing and start-up only.

use clap::Parser;
use redline::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => redline::cli::run(command, cli.user),
        None => {
            // The window arrives with the review desk; until then, say what
            // the binary can do.
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            ExitCode::SUCCESS
        }
    }
}
