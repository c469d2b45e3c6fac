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
use crate::formats::bring_back::{BringBackChoices, Preparation, prepare_merge};
use crate::formats::import::ImportFormat;
use crate::formats::read_bounded;
use crate::formats::review_copy::{import_copy, read_mark};
use crate::model::Command;
use crate::model::rounds::{MergeReport, ROUND_ID_BYTES, RoundId};
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
    let new_round = RoundId::from_random(random_bytes()?);
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

fn random_bytes() -> anyhow::Result<[u8; ROUND_ID_BYTES]> {
    let mut bytes = [0; ROUND_ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        anyhow!("cannot make a round id: the system gave no random bytes ({error})")
    })?;
    Ok(bytes)
}

/// The report for people.
fn report_text(
    report: &MergeReport,
    changed: bool,
    dry_run: bool,
    compare_formatting: bool,
) -> String {
    let mut out = format!(
        "{} {}'s copy{} (round {}{})\nbase: {} — {}\n",
        if dry_run {
            "would bring back"
        } else {
            "brought back"
        },
        report.reviewer,
        if report.reviewer_inferred {
            " (name inferred from the file's properties)"
        } else {
            ""
        },
        report.round,
        if report.round_is_new {
            ", new: the copy belongs to no round of this project"
        } else {
            ""
        },
        report.base,
        report.base_reason
    );
    out.push_str(&format!("came in: {}\n", report.counts.in_words(true)));
    if report.already_merged > 0 {
        out.push_str(&format!(
            "already brought in before: {} item{}\n",
            report.already_merged,
            if report.already_merged == 1 { "" } else { "s" }
        ));
    }
    if report.kept_deleted > 0 {
        out.push_str(&format!(
            "threads deleted in the copy, kept in the project: {}\n",
            report.kept_deleted
        ));
    }
    if report.resolved_in_copy > 0 {
        out.push_str(&format!(
            "threads marked resolved in the copy (left open here): {}\n",
            report.resolved_in_copy
        ));
    }
    if !compare_formatting {
        out.push_str("formatting was not compared: the copy, as read, carries none\n");
    }
    for line in &report.items {
        let mut marks = Vec::new();
        if line.orphaned {
            marks.push("orphaned");
        }
        if line.conflict {
            marks.push("conflict");
        }
        if line.rival {
            marks.push("rival");
        }
        out.push_str(&format!(
            "  {:<15} {}: {}{}\n",
            line.kind,
            line.author,
            one_line(&line.what),
            if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join(", "))
            }
        ));
    }
    if !changed && !dry_run {
        out.push_str("nothing changed in the project\n");
    }
    out
}

/// Text on one line, shortened.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' { '¶' } else { c })
        .collect();
    match flat.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
