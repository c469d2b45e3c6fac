//! `redline export`: write a project, or one of its versions, in another
//! format (see [`crate::formats::export`]).

use super::trust::own_signing_key;
use super::versions::find_version;
use super::{
    OverwriteArgs, load_project, output_error, output_rules, print_out, print_warnings,
    refuse_inputs_as_output,
};
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
    #[command(flatten)]
    pub overwrite: OverwriteArgs,
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
    refuse_inputs_as_output(&output, &[(&path, "the project")])?;
    // The manifest of a signed-off version is signed with the user's key,
    // when they have one.
    let manifest_key = match version {
        Some(version) if version.status.is_frozen() => own_signing_key()?,
        _ => None,
    };
    let outcome = export_to_file(
        &project,
        request,
        &output,
        manifest_key.as_ref(),
        &output_rules(args.overwrite),
    )
    .map_err(output_error)?;
    print_warnings(&outcome.warnings);
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
    let mut report = format!("wrote {}\n", output.display());
    if let Some(manifest) = outcome.manifest {
        report.push_str(&format!(
            "wrote {}{}\n",
            manifest.display(),
            if manifest_key.is_some() {
                " (signed with your key)"
            } else {
                " (not signed: you have no signing key)"
            }
        ));
    }
    print_out(&report)?;
    Ok(ExitCode::SUCCESS)
}
