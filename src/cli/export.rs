//! `redline export`: write a project, or one of its versions, in another
//! format (see [`crate::formats::export`]).

use super::load_project;
use super::print_out;
use super::versions::find_version;
use crate::formats::export::{ExportFormat, ExportRequest, default_export_path, export_to_file};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project file, optionally with `@VERSION` (a label, a number or
    /// `latest`); without it, the draft.
    pub project: String,
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write (default: beside the project, named after it).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Add the policy history (signed-off and published versions) at the
    /// end (html, md, txt, pdf).
    #[arg(long)]
    pub history: bool,
    /// The paper of a PDF (default: Letter where the system's locale uses
    /// it, A4 elsewhere).
    #[arg(long, value_enum)]
    pub paper: Option<crate::formats::publish::PaperSize>,
    /// Print the version's internal label on the published page.
    #[arg(long)]
    pub version_label: bool,
}

/// Splits `PROJECT@VERSION`.
pub fn split_version(spec: &str) -> (PathBuf, Option<&str>) {
    match spec.rsplit_once('@') {
        Some((path, version)) if !version.is_empty() && !version.contains(['/', '\\']) => {
            (PathBuf::from(path), Some(version))
        }
        _ => (PathBuf::from(spec), None),
    }
}

/// Runs `redline export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let (path, version_name) = split_version(&args.project);
    let project = load_project(&path)?;
    let version = version_name
        .map(|name| find_version(&project, name))
        .transpose()?;
    let request = ExportRequest {
        format: args.format,
        version: version.map(|version| version.id),
        history: args.history,
        paper: args.paper,
        version_label: args.version_label,
    };
    let output = args.output.clone().unwrap_or_else(|| {
        default_export_path(
            &path,
            version.map(|version| version.label.as_str()),
            args.format,
        )
    });
    let outcome = export_to_file(&project, request, &output)?;
    if outcome.pending_left_out > 0 {
        eprintln!(
            "redline: warning: the draft has {} pending suggestion{}; they are not in the exported text",
            outcome.pending_left_out,
            if outcome.pending_left_out == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    for warning in &outcome.warnings {
        eprintln!("redline: warning: {warning}");
    }
    let mut report = format!("wrote {}\n", output.display());
    if let Some(manifest) = outcome.manifest {
        report.push_str(&format!("wrote {}\n", manifest.display()));
    }
    print_out(&report)?;
    Ok(ExitCode::SUCCESS)
}
