//! `redline diff`: compare two versions, a version and the draft, or two
//! outside files. Exit 0 when equal, 1 when different, 2 on error (as
//! `diff` does).

use super::export::split_version;
use super::versions::find_version;
use super::{OverwriteArgs, load_project, print_out, write_output};
use crate::formats::compare_report::{to_html, to_json, to_text};
use crate::formats::project_file::EXTENSION;
use crate::formats::redline_docx::to_redline_docx;
use crate::formats::{markdown, read_bounded, utf8_string};
use crate::model::compare::{CompareOptions, compare};
use crate::model::content::Content;
use crate::model::{Person, Project};
use anyhow::bail;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old side: a text file, a project file (its draft), or
    /// `PROJECT@VERSION` (a label, a number or `latest`).
    pub old: String,
    /// The new side, likewise.
    pub new: String,
    /// How to write the differences.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Do not report changes that are only whitespace.
    #[arg(long)]
    pub ignore_whitespace: bool,
    #[command(flatten)]
    pub overwrite: OverwriteArgs,
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A word diff (coloured on a terminal).
    Text,
    /// A standalone compare report.
    Html,
    /// The changes with their kinds and character offsets.
    Json,
    /// A Word document with the changes as real tracked changes (needs -o).
    Docx,
}

/// Runs `redline diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let mut sides = Sides::default();
    let (old_name, old) = sides.content(&args.old)?;
    let (new_name, new) = sides.content(&args.new)?;
    let comparison = compare(
        &old,
        &new,
        &CompareOptions {
            ignore_whitespace: args.ignore_whitespace,
        },
    );
    let color = args.output.is_none() && std::io::stdout().is_terminal();
    let title = format!("{old_name} → {new_name}");
    let report = match args.format {
        DiffFormat::Text => to_text(&comparison, &old, &new, color).into_bytes(),
        DiffFormat::Html => to_html(&comparison, &old, &new, &title).into_bytes(),
        DiffFormat::Json => {
            (serde_json::to_string_pretty(&to_json(&comparison, &old, &new))? + "\n").into_bytes()
        }
        DiffFormat::Docx => {
            let author = Person::new("Redline compare", "RC");
            to_redline_docx(&comparison, &old, &new, &title, &author, chrono::Utc::now())?
        }
    };
    match &args.output {
        Some(path) => {
            let (old_path, _) = split_version(&args.old);
            let (new_path, _) = split_version(&args.new);
            let inputs = [
                (old_path.as_path(), "the old side of the diff"),
                (new_path.as_path(), "the new side of the diff"),
            ];
            write_output(path, &report, &inputs, args.overwrite, false)?
        }
        None if args.format == DiffFormat::Docx => {
            bail!("a .docx redline is a file: give it a name with -o")
        }
        None => print_out(&String::from_utf8_lossy(&report))?,
    }
    Ok(if comparison.is_identical() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads the sides of a diff; a project file named on both sides (two of
/// its versions, or a version and its draft) is read once.
#[derive(Default)]
struct Sides {
    /// The project file read last, and its path.
    project: Option<(PathBuf, Project)>,
}

impl Sides {
    /// The name and content of one side: a Markdown file (`.md`) is read
    /// as Markdown, any other file as plain text.
    fn content(&mut self, spec: &str) -> anyhow::Result<(String, Content)> {
        let (path, version) = split_version(spec);
        if version.is_none() && !path.to_string_lossy().ends_with(EXTENSION) {
            let text = utf8_string(&path, read_bounded(&path)?)?;
            let is_markdown = path
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("md"));
            let content = if is_markdown {
                markdown::parse(&text).content
            } else {
                Content::plain(text)
            };
            return Ok((path.display().to_string(), content));
        }
        let project = match self.project.take() {
            Some((read, project)) if read == path => project,
            _ => load_project(&path)?.into_project(),
        };
        let side = match version {
            Some(name) => {
                let version = find_version(&project, name)?;
                (
                    format!("{} ({})", path.display(), version.label),
                    version.content.clone(),
                )
            }
            None => (
                format!("{} (draft)", path.display()),
                project.content().clone(),
            ),
        };
        self.project = Some((path, project));
        Ok(side)
    }
}
