//! `redline merge`: bring a reviewer's copy back into the project (see
//! [`crate::model::rounds`]) and report what came in, for people or as
//! JSON.
//!
//! The base is the version the copy's round sent (from its mark or
//! `--round`), the version named with `--base`, or else the version most
//! like the copy; the report says which and why. Edits made without Track
//! Changes are attributed to `--reviewer`, else to the round's reviewer,
//! else to the name in the file's properties (marked inferred); with no
//! name at all the merge stops (exit 2) and asks for one.

use super::identity::current_actor;
use super::versions::find_version;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::formats::bring_back::{BringBackChoices, Preparation, prepare_merge, report_text};
use crate::formats::import::ImportFormat;
use crate::formats::read_bounded;
use crate::formats::review_copy::{import_copy, new_round_id, read_mark};
use crate::model::Command;
use crate::model::rounds::RoundId;
use anyhow::{Context, anyhow, bail};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The project file.
    pub file: PathBuf,
    /// The reviewer's copy (.docx, CriticMarkup/Markdown, commented text).
    pub returned: PathBuf,
    /// Who reviewed the copy: the author of edits made without Track
    /// Changes (default: the round's reviewer).
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// The round the copy comes back from, when its mark was lost.
    #[arg(long, value_name = "ROUND", conflicts_with = "base")]
    pub round: Option<String>,
    /// The version the copy was made from (label, number or `latest`).
    #[arg(long, value_name = "VERSION")]
    pub base: Option<String>,
    /// The copy's format (guessed from the extension and content when
    /// omitted).
    #[arg(long, value_enum)]
    pub from: Option<ImportFormat>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Report what would come in; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Runs `redline merge`.
///
/// The copy is imported on a second thread while the project loads: the
/// two are independent.
pub fn run(args: &MergeArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let round = args
        .round
        .as_deref()
        .map(|text| {
            RoundId::parse(text).ok_or_else(|| {
                anyhow!("--round {text:?} is not a round id (an r and 16 hex digits, as `redline versions` lists them)")
            })
        })
        .transpose()?;
    let actor = current_actor(user);
    let bytes = read_bounded(&args.returned)?;
    let mark = read_mark(&args.returned, &bytes, args.from)?;
    let (imported, project) = std::thread::scope(|scope| {
        let importer = scope.spawn(|| import_copy(&args.returned, &bytes, &mark, actor.now));
        let project = load_project(&args.file);
        let imported = importer
            .join()
            .map_err(|_| anyhow!("reading {} failed", args.returned.display()));
        (imported, project)
    });
    let mut project = project?;
    let imported = imported??;
    for warning in &imported.warnings {
        eprintln!("redline: warning: {}: {warning}", args.returned.display());
    }
    if let Some(problem) = &mark.bad_mark {
        eprintln!("redline: warning: {}: {problem}", args.returned.display());
    }
    let choices = BringBackChoices {
        reviewer: args.reviewer.clone(),
        round,
        base: args
            .base
            .as_deref()
            .map(|name| find_version(&project, name).map(|version| version.id))
            .transpose()?,
    };
    let new_round = new_round_id(&args.returned)?;
    let prepared = match prepare_merge(
        &project,
        &args.returned,
        &bytes,
        &mark,
        imported,
        &choices,
        new_round,
    )? {
        Preparation::Ready(prepared) => prepared,
        Preparation::NeedsReviewer => bail!(
            "say who reviewed {} with --reviewer NAME: it carries no round of this project and its file names no author",
            args.returned.display()
        ),
    };
    let plan = project.plan_merge(&prepared.request)?;
    let report = plan.report().clone();
    let state = project.state_id();
    if !args.dry_run {
        project
            .apply(Command::MergeCopy(Box::new(plan)), &actor)
            .with_context(|| format!("{} was not changed", args.file.display()))?;
    }
    let changed = project.state_id() != state;
    if changed {
        save_project_with(&args.file, &project, args.save)?;
    }
    let compared = prepared.formatting_compared;
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["changed"] = json!(changed);
        value["formatting_compared"] = json!(compared);
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        print_out(&text)?;
    } else {
        print_out(&report_text(&report, changed, args.dry_run, compared))?;
    }
    Ok(ExitCode::SUCCESS)
}
