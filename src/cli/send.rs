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
use crate::formats::export::file_name_safe;
use crate::formats::project_file::EXTENSION;
use crate::formats::response_report::{self, ResponseFormat};
use crate::formats::review_copy::{CopyExtras, SendFormat, write_copy};
use crate::model::rounds::{ROUND_ID_BYTES, RoundId, SendOptions, SendRecord};
use crate::model::signoff::sha256_hex;
use crate::model::{Command, Person, Project};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
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
    /// beside the copy (HTML, and Word for a Word copy).
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

/// What a send may carry beyond the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Include {
    /// Other reviewers' threads and suggestions.
    OtherReviewers,
    /// The label of the version sent.
    VersionLabel,
    /// The review log.
    ReviewLog,
}

/// Runs `redline send`.
pub fn run(args: &SendArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let reviewer = args.to.trim();
    if reviewer.is_empty() {
        bail!("say who reviews the copy: --to NAME");
    }
    let mut project = load_project(&args.file)?;
    let includes = |what| args.include.contains(&what);
    let outgoing = project.outgoing(&SendOptions {
        reviewer: reviewer.to_string(),
        other_reviewers: includes(Include::OtherReviewers),
    });
    let mut preview = outgoing.preview();
    let label = project.label_to_send();
    let extras = CopyExtras {
        version_label: includes(Include::VersionLabel).then(|| label.clone()),
        review_log: includes(Include::ReviewLog).then(|| review_log(&project)),
    };
    for (included, what, option) in [
        (
            extras.version_label.is_some(),
            "the version label",
            "version-label",
        ),
        (extras.review_log.is_some(), "the review log", "review-log"),
    ] {
        preview.push(if included {
            format!("goes: {what} (in the file's properties, not in the text)")
        } else {
            format!("stays home: {what} (add --include {option} to send it)")
        });
    }
    let report = if args.responses {
        let Some(report) = project.response_report(reviewer) else {
            bail!(
                "no copy from {reviewer} has come back yet, so there is nothing to answer: send without --responses"
            );
        };
        preview.push(format!(
            "goes: a response report answering {} comment{} of round {}",
            report.rows.len(),
            if report.rows.len() == 1 { "" } else { "s" },
            report.round
        ));
        Some(report)
    } else {
        None
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_copy_path(&args.file, reviewer, args.format));
    if args.preview {
        print_out(&format!(
            "a copy for {reviewer} as {} would carry:\n{}\n",
            args.format.name(),
            preview.join("\n")
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let inputs = [(args.file.as_path(), "the project")];
    refuse_inputs_as_output(&output, &inputs)?;
    let round = RoundId::from_random(random_bytes()?);
    let bytes = write_copy(&outgoing.parts, args.format, &round, &extras)?;
    let actor = current_actor(user);
    let outcome = project
        .apply(
            Command::RecordSending(SendRecord {
                round: round.clone(),
                reviewer: Person::new(reviewer, Person::initials_of(reviewer)),
                format: args.format.name().to_string(),
                file_hash: sha256_hex(&bytes),
                comments: outgoing.comments.clone(),
                suggestions: outgoing.suggestions.clone(),
                included: included_words(&args.include),
                responses: report.is_some(),
            }),
            &actor,
        )
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    write_output(&output, &bytes, &inputs, args.overwrite, false)?;
    let mut written = vec![output.display().to_string()];
    if let Some(report) = &report {
        let mut formats = vec![ResponseFormat::Html];
        if args.format != SendFormat::Criticmarkup {
            formats.push(ResponseFormat::Docx);
        }
        for format in formats {
            let path = responses_path(&output, format);
            let bytes = response_report::render(report, format)?;
            write_output(&path, &bytes, &inputs, args.overwrite, false)?;
            written.push(path.display().to_string());
        }
    }
    save_project_with(&args.file, &project, args.save)?;
    print_out(&format!(
        "{}: wrote {}\n{}\n",
        outcome.summary,
        written.join(", "),
        preview.join("\n")
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Random bytes for a round id, from the system.
fn random_bytes() -> anyhow::Result<[u8; ROUND_ID_BYTES]> {
    let mut bytes = [0; ROUND_ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        anyhow::anyhow!("cannot make a round id: the system gave no random bytes ({error})")
    })?;
    Ok(bytes)
}

/// The review log, one entry per line.
fn review_log(project: &Project) -> String {
    project
        .log()
        .iter()
        .map(|entry| {
            format!(
                "{} {}: {}",
                entry.at.format("%Y-%m-%d %H:%M"),
                entry.by,
                entry.event
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn included_words(include: &[Include]) -> Vec<String> {
    include
        .iter()
        .map(|what| {
            match what {
                Include::OtherReviewers => "other reviewers' items",
                Include::VersionLabel => "the version label",
                Include::ReviewLog => "the review log",
            }
            .to_string()
        })
        .collect()
}

/// `policy.redline.ron` to Tomasz Wielgosz → `policy-to-Tomasz-Wielgosz.review.docx`.
pub fn default_copy_path(project: &Path, reviewer: &str, format: SendFormat) -> PathBuf {
    let name = project
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(EXTENSION).unwrap_or(&name);
    project.with_file_name(format!(
        "{stem}-to-{}.{}",
        file_name_safe(reviewer),
        format.extension()
    ))
}

/// `copy.review.docx` → `copy.review.responses.html`.
fn responses_path(copy: &Path, format: ResponseFormat) -> PathBuf {
    let name = copy
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    copy.with_file_name(format!("{stem}.responses.{}", format.extension()))
}
