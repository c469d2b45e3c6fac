//! `redline import`: turn a reviewer's file into a project file.

use super::{OverwriteArgs, print_out, write_output};
use crate::formats::import::{ImportFormat, import_file};
use crate::formats::project_file::{EXTENSION, to_ron_string};
use crate::model::Project;
use anyhow::Context;
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
    /// With --force, an existing OUTPUT is kept as .bak.
    #[command(flatten)]
    pub overwrite: OverwriteArgs,
}

/// Runs `redline import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| project_path_for(&args.input));
    let inputs = [(args.input.as_path(), "the file being imported")];
    super::refuse_inputs_as_output(&output, &inputs)?;
    if output.exists() && !args.overwrite.force {
        // Before the work of importing; the write checks again.
        return Err(super::output_error(crate::formats::FormatError::Exists {
            path: output,
        }));
    }
    let imported = import_file(&args.input, args.from, chrono::Utc::now())?;
    for warning in &imported.warnings {
        eprintln!("redline: warning: {warning}");
    }
    let project = Project::from_parts(imported.parts)
        .with_context(|| format!("cannot import {}", args.input.display()))?;
    let text = to_ron_string(&project)?;
    write_output(&output, text.as_bytes(), &inputs, args.overwrite, true)?;
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
