//! `redline accept` and `redline reject`: decide suggestions headless and
//! save the project atomically. Either every requested decision applies, or
//! the file is left as it was.

use super::identity::current_actor;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::model::{Command, SuggestionId};
use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline accept` / `redline reject`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "all"])))]
pub struct DecideArgs {
    /// The project file.
    pub file: PathBuf,
    /// A suggestion id (`S12` or `12`); repeat for several.
    #[arg(long, value_name = "ID", value_parser = parse_suggestion_id)]
    pub id: Vec<SuggestionId>,
    /// Every pending suggestion (with --author, only that reviewer's).
    #[arg(long)]
    pub all: bool,
    /// Only suggestions by this reviewer (full name).
    #[arg(long, value_name = "NAME", requires = "all")]
    pub author: Option<String>,
    /// For a suggestion that offers alternatives, which one (1-based).
    #[arg(long, value_name = "N", requires = "id")]
    pub alternative: Option<usize>,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Runs `accept` (when `accepting`) or `reject`.
pub fn run(args: &DecideArgs, accepting: bool, user: Option<String>) -> anyhow::Result<ExitCode> {
    let mut project = load_project(&args.file)?;
    let actor = current_actor(user);
    let alternative = match args.alternative {
        Some(0) => bail!("--alternative counts from 1"),
        Some(number) => Some(number - 1),
        None => None,
    };
    if alternative.is_some() && args.id.len() != 1 {
        bail!("--alternative needs exactly one --id");
    }
    let commands: Vec<Command> = if args.all {
        let author = args.author.clone();
        if let Some(name) = &author
            && !project
                .suggestions()
                .iter()
                .any(|suggestion| &suggestion.author.name == name)
        {
            bail!("no suggestions by {name:?} in {}", args.file.display());
        }
        vec![if accepting {
            Command::AcceptAll { author }
        } else {
            Command::RejectAll { author }
        }]
    } else {
        args.id
            .iter()
            .map(|&id| {
                if accepting {
                    Command::Accept { id, alternative }
                } else {
                    Command::Reject { id }
                }
            })
            .collect()
    };
    let mut lines = Vec::new();
    for command in commands {
        let outcome = project
            .apply(command, &actor)
            .with_context(|| format!("{} was not changed", args.file.display()))?;
        lines.push(outcome.summary);
        if !outcome.skipped.is_empty() {
            let skipped: Vec<String> = outcome.skipped.iter().map(ToString::to_string).collect();
            lines.push(format!(
                "left pending (need a choice of alternative, or orphaned or in conflict): {}",
                skipped.join(", ")
            ));
        }
    }
    save_project_with(&args.file, &project, args.save)?;
    print_out(&(lines.join("\n") + "\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// Parses `S12` or `12`.
pub(super) fn parse_suggestion_id(text: &str) -> Result<SuggestionId, String> {
    let digits = text.strip_prefix(['S', 's']).unwrap_or(text);
    digits
        .parse()
        .map(SuggestionId)
        .map_err(|_| format!("{text:?} is not a suggestion id (like S12)"))
}
