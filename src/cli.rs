//! The headless subcommands.
