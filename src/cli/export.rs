//! `redline export`: write a project, or one of its versions, in another
//! format: for sending back to a reviewer (CriticMarkup) or for publication
//! (HTML, Markdown, plain text, PDF).

use super::load_project;
use super::print_out;
use super::versions::find_version;
use crate::formats::atomic::write_atomically;
use crate::formats::criticmarkup;
use crate::formats::manifest::write_manifest;
use crate::formats::publish::{self, HistoryEntry, Publication};
use crate::model::Project;
use anyhow::bail;
use std::path::{Path, PathBuf};
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
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown with CriticMarkup marks: the draft with its pending
    /// suggestions and comments, for a reviewer.
    Criticmarkup,
    /// A standalone, printable HTML page.
    Html,
    /// Markdown.
    Md,
    /// Plain text.
    Txt,
    /// PDF with embedded fonts, page numbers and the effective date.
    Pdf,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Criticmarkup => "review.md",
            ExportFormat::Html => "html",
            ExportFormat::Md => "md",
            ExportFormat::Txt => "txt",
            ExportFormat::Pdf => "pdf",
        }
    }
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
    if args.format == ExportFormat::Criticmarkup && version.is_some() {
        bail!("criticmarkup exports the draft with its pending suggestions; leave out @VERSION");
    }
    let pending = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.status.is_pending())
        .count();
    if version.is_none() && pending > 0 && args.format != ExportFormat::Criticmarkup {
        eprintln!(
            "redline: warning: the draft has {pending} pending suggestion{}; they are not in the exported text",
            if pending == 1 { "" } else { "s" }
        );
    }
    let history: Vec<HistoryEntry> = if args.history {
        history_of(&project)
    } else {
        Vec::new()
    };
    let (title, effective_date, text, label) = match version {
        Some(version) => (
            version.title.as_str(),
            version.effective_date,
            version.text.as_str(),
            Some(version.label.as_str()),
        ),
        None => (
            project.document().title.as_str(),
            project.document().effective_date,
            project.text(),
            None,
        ),
    };
    let publication = Publication {
        title,
        organisation: &project.document().organisation,
        effective_date,
        version_label: label,
        text,
        history: args.history.then_some(history.as_slice()),
    };
    let bytes = match args.format {
        ExportFormat::Criticmarkup => criticmarkup::export(&project).into_bytes(),
        ExportFormat::Html => publish::to_html(&publication).into_bytes(),
        ExportFormat::Md => publish::to_markdown(&publication).into_bytes(),
        ExportFormat::Txt => publish::to_plain_text(&publication).into_bytes(),
        ExportFormat::Pdf => publish::to_pdf(&publication)?,
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&path, version_name, args.format));
    write_atomically(&output, &bytes, false)?;
    let mut report = format!("wrote {}\n", output.display());
    if let Some(version) = version.filter(|version| version.status.is_frozen()) {
        let signed = project
            .signoffs()
            .iter()
            .rposition(|record| record.version == version.id);
        if let Some(last) = signed {
            let format_name = format!("{:?}", args.format).to_lowercase();
            let manifest =
                write_manifest(&output, &bytes, &format_name, &project.signoffs()[..=last])?;
            report.push_str(&format!("wrote {}\n", manifest.display()));
        }
    }
    print_out(&report)?;
    Ok(ExitCode::SUCCESS)
}

/// The policy history for an export.
fn history_of(project: &Project) -> Vec<HistoryEntry> {
    project
        .policy_history()
        .into_iter()
        .map(|line| HistoryEntry {
            version: line.version,
            effective_date: line.effective_date,
            summary: line.summary,
            notice: line.notice,
        })
        .collect()
}

/// `policy.redline.ron` + `v2` + pdf → `policy-v2.pdf`, beside the project.
fn default_output(project: &Path, version: Option<&str>, format: ExportFormat) -> PathBuf {
    let name = project
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(crate::formats::project_file::EXTENSION)
        .unwrap_or(&name);
    let suffix = version
        .map(|version| format!("-{}", version.replace(char::is_whitespace, "-")))
        .unwrap_or_default();
    project.with_file_name(format!("{stem}{suffix}.{}", format.extension()))
}
