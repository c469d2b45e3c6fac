//! `redline import`: turn a reviewer's file into a project file.

use super::print_out;
use crate::formats::import::{ImportFormat, import_file};
use crate::formats::project_file::{self, EXTENSION};
use crate::model::Project;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `redline import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import (.docx, .md, .txt).
    pub input: PathBuf,
    /// The project file to write (default: INPUT with `.redline.ron`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The input's format (guessed from the extension and content when
    /// omitted).
    #[arg(long, value_enum)]
    pub from: Option<ImportFormat>,
    /// Replace OUTPUT if it exists (the old file is kept as .bak).
    #[arg(long)]
    pub force: bool,
}

/// Runs `redline import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| project_path_for(&args.input));
    if output.exists() && !args.force {
        bail!(
            "{} exists; use --force to replace it (the old file is kept as .bak)",
            output.display()
        );
    }
    let imported = import_file(&args.input, args.from, chrono::Utc::now())?;
    for warning in &imported.warnings {
        eprintln!("redline: warning: {warning}");
    }
    let project = Project::from_parts(imported.parts)
        .with_context(|| format!("cannot import {}", args.input.display()))?;
    project_file::save(&output, &project)?;
    print_out(&format!(
        "wrote {} ({} comments, {} suggestions, {} warnings)\n",
        output.display(),
        project.comments().len(),
        project.suggestions().len(),
        imported.warnings.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `policy.docx` → `policy.redline.ron`, beside it.
fn project_path_for(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".to_string());
    input.with_file_name(format!("{stem}{EXTENSION}"))
}
