//! `redline replace`: replace every occurrence of a phrase in the draft, or
//! suggest the replacements, and save the project atomically.

use super::identity::current_actor;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::model::find::find_all;
use crate::model::{ByteOffset, Command, Replacement};
use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline replace`.
#[derive(Debug, clap::Args)]
pub struct ReplaceArgs {
    /// The project file.
    pub file: PathBuf,
    /// The phrase to find. Without --match-case, ASCII letters match in
    /// either case and the replacement is spelled like each occurrence (all
    /// capitals, title case, a capital at a sentence start).
    #[arg(long, value_name = "TEXT")]
    pub find: String,
    /// What to put instead (empty to delete).
    #[arg(long = "with", value_name = "TEXT")]
    pub replacement: String,
    /// Letters must match in case too, and the replacement goes in exactly
    /// as written.
    #[arg(long)]
    pub match_case: bool,
    /// Add one suggestion per occurrence instead of changing the text.
    #[arg(long)]
    pub suggest: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Runs `redline replace`; exits 1 when the phrase does not occur.
pub fn run(args: &ReplaceArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    if args.find.is_empty() {
        bail!("--find needs some text to look for");
    }
    let mut project = load_project(&args.file)?;
    let ranges: Vec<_> = find_all(project.text(), &args.find, args.match_case)
        .into_iter()
        .map(|range| ByteOffset(range.start)..ByteOffset(range.end))
        .collect();
    if ranges.is_empty() {
        print_out(&format!("{:?} does not occur in the draft\n", args.find))?;
        return Ok(ExitCode::from(1));
    }
    let command = Command::ReplaceAll {
        ranges,
        replace: Replacement {
            text: args.replacement.clone(),
            adapt_case: !args.match_case,
            suggest: args.suggest,
        },
    };
    let outcome = project
        .apply(command, &current_actor(user))
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    save_project_with(&args.file, &project, args.save)?;
    print_out(&format!("{}\n", outcome.summary))?;
    Ok(ExitCode::SUCCESS)
}
