//! `redline send`: write a copy of the draft for a reviewer, marked with a
//! new round, and record the round (and the version sent) in the project.
//!
//! What goes out is chosen as [`crate::model::rounds::Outgoing`] says: the
//! text, the pending suggestions and the threads the reviewer may see;
//! internal threads never. `--include` adds other reviewers' items, the
//! version label and the review log; `--preview` prints what would go and
//! writes nothing. `--responses` writes the response report to the
//! reviewer's previous round beside the copy.

use super::identity::current_actor;
use super::{
    OverwriteArgs, SaveArgs, load_project, print_out, refuse_inputs_as_output, save_project_with,
    write_output,
};
use crate::formats::review_copy::{
    Include, SendFormat, default_copy_path, new_round_id, plan_send, response_files, write_send,
};
use crate::model::Command;
use anyhow::{Context, bail};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline send`.
#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// The project file.
    pub file: PathBuf,
    /// The reviewer.
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// The copy's format.
    #[arg(long, value_enum, default_value = "docx-redline")]
    pub format: SendFormat,
    /// The file to write (default: beside the project, named after it and
    /// the reviewer).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also write the response report to the reviewer's previous round
    /// beside the copy (HTML and PDF, and Word for a Word copy).
    #[arg(long)]
    pub responses: bool,
    /// Send more than the default (comma-separated or repeated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub include: Vec<Include>,
    /// Print what would go out and what would stay home; write nothing.
    #[arg(long)]
    pub preview: bool,
    #[command(flatten)]
    pub overwrite: OverwriteArgs,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Runs `redline send`.
pub fn run(args: &SendArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let reviewer = args.to.trim();
    if reviewer.is_empty() {
        bail!("say who reviews the copy: --to NAME");
    }
    let mut project = load_project(&args.file)?;
    let mut plan = plan_send(&project, reviewer, &args.include, args.responses);
    if args.responses && plan.report.is_none() {
        bail!(
            "no copy from {reviewer} has come back yet, so there is nothing to answer: send without --responses"
        );
    }
    for line in &mut plan.preview {
        for what in [Include::VersionLabel, Include::ReviewLog] {
            if *line == format!("stays home: {}", what.words()) {
                line.push_str(&format!(
                    " (add --include {} to send it)",
                    what.to_possible_value()
                        .map(|value| value.get_name().to_string())
                        .unwrap_or_default()
                ));
            }
        }
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_copy_path(&args.file, reviewer, args.format));
    if args.preview {
        print_out(&format!(
            "a copy for {reviewer} as {} would carry:\n{}\n",
            args.format.name(),
            plan.preview.join("\n")
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let inputs = [(args.file.as_path(), "the project")];
    refuse_inputs_as_output(&output, &inputs)?;
    let (bytes, record) = write_send(&plan, args.format, new_round_id(&output)?)?;
    let actor = current_actor(user);
    let outcome = project
        .apply(Command::RecordSending(record), &actor)
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    write_output(&output, &bytes, &inputs, args.overwrite, false)?;
    let mut written = vec![output.display().to_string()];
    for (path, bytes) in response_files(&plan, args.format, &output)? {
        write_output(&path, &bytes, &inputs, args.overwrite, false)?;
        written.push(path.display().to_string());
    }
    save_project_with(&args.file, &project, args.save)?;
    print_out(&format!(
        "{}: wrote {}\n{}\n",
        outcome.summary,
        written.join(", "),
        plan.preview.join("\n")
    ))?;
    Ok(ExitCode::SUCCESS)
}
