//! The headless subcommands: everything the GUI does, scriptable.
//!
//! Exit codes: 0 success; 1 when a command that checks something finds a
//! problem; 2 for bad input or usage, with the message on stderr; 3 from
//! `verify` when intact but not authenticated.

mod check;
mod comment;
mod diff;
mod export;
mod format;
mod identity;
mod import;
mod merge;
mod replace;
mod review;
mod send;
mod show;
mod signoff;
mod trust;
mod verify;
mod versions;

use anyhow::{Context, bail};
use clap::{CommandFactory, Parser, Subcommand};
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::formats::FormatError;
use crate::formats::atomic::{self, ContentHash, Expect, WriteRules};
use crate::formats::project_io;
use crate::model::Project;

/// Redline: review privacy policies with their certifiers' comments and
/// suggested changes.
///
/// With no arguments, opens the window on the bundled sample policy; with a
/// FILE, opens that file. The subcommands do the same work headless.
#[derive(Debug, Parser)]
#[command(name = "redline", version)]
pub struct Cli {
    /// A project file to open in the window.
    pub file: Option<PathBuf>,
    /// Who is working (name recorded in the review log); defaults to
    /// $REDLINE_USER, then $USER.
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// A headless subcommand.
    #[command(subcommand)]
    pub command: Option<Subcommands>,
}

impl Cli {
    /// Parses the command line, exiting with clap's message on a mistake.
    /// `--user` goes before or after the subcommand; a FILE for the window
    /// cannot come with a subcommand.
    pub fn parse_arguments() -> Cli {
        let cli = Cli::parse();
        if let (Some(file), Some(_)) = (&cli.file, &cli.command) {
            Cli::command()
                .error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "{} is not a subcommand; give a FILE to open in the window, or a subcommand",
                        file.display()
                    ),
                )
                .exit();
        }
        cli
    }
}

/// The option of every subcommand that saves the project it changes.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct SaveArgs {
    /// Save even if the project changed on disk after this command read it
    /// (another program or Redline window saved it meanwhile): that newer
    /// file is replaced, and kept as .bak.
    #[arg(long)]
    pub ignore_newer: bool,
}

/// The option of every subcommand that writes a file of its own.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct OverwriteArgs {
    /// Replace the output file if it exists. (An output that is the
    /// project or an input is refused even so.)
    #[arg(long)]
    pub force: bool,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Subcommands {
    /// Summarise a project, or dump it as JSON.
    Show(show::ShowArgs),
    /// Accept suggestions and save the project.
    Accept(review::DecideArgs),
    /// Reject suggestions and save the project.
    Reject(review::DecideArgs),
    /// Replace a phrase everywhere in the draft, or suggest the
    /// replacements; exits 1 when it does not occur.
    Replace(replace::ReplaceArgs),
    /// Format a stretch of the draft (character offsets as in `show
    /// --json`), or suggest the formatting.
    Format(format::FormatArgs),
    /// List the project's versions.
    Versions(versions::ListArgs),
    /// Take a snapshot of the draft as a version.
    Snapshot(versions::SnapshotArgs),
    /// Make a version the draft again (the current draft is kept first).
    Restore(versions::RestoreArgs),
    /// Show or set the effective date (the policy's own line follows).
    Date(versions::DateArgs),
    /// Mark a version, or one change of it, material.
    Material(versions::MaterialArgs),
    /// Import a reviewer's file (.docx, CriticMarkup/Markdown, commented
    /// text) as a project.
    Import(import::ImportArgs),
    /// Export a project or one of its versions.
    Export(export::ExportArgs),
    /// Sign a version off (runs the gate; overrides are recorded).
    Signoff(signoff::SignOffArgs),
    /// Check an export of a signed-off version against its manifest, or a
    /// project's own sign-off chain: exits 0 when intact and signed by a
    /// trusted key, 1 with what changed, 3 when intact but not authenticated.
    Verify(verify::VerifyArgs),
    /// List, add or remove the keys whose signatures verify trusts.
    Trust(trust::TrustArgs),
    /// Compare two versions, a version and the draft, or two files; exits 1
    /// when they differ.
    Diff(diff::DiffArgs),
    /// Run the policy checks on a project or any importable file; exits 1
    /// with findings.
    Check(check::CheckArgs),
    /// Print the material-change notice (drafted when none is recorded), or
    /// record one; exits 1 with the reasons when the notice rules fail.
    Notice(versions::NoticeArgs),
    /// Send a copy of the draft for review: writes it marked with a new
    /// round and records the round (and the version sent).
    Send(send::SendArgs),
    /// Bring a reviewer's copy back into the project and report what came
    /// in (comments, suggestions, untracked edits, orphans, conflicts).
    Merge(merge::MergeArgs),
    /// Comment on a stretch of the draft (character offsets as in `show
    /// --json`).
    Comment(comment::CommentArgs),
    /// Reply in a comment thread.
    Reply(comment::ReplyArgs),
    /// Mark a comment thread resolved.
    Resolve(comment::ThreadArgs),
    /// Reopen a resolved comment thread.
    Reopen(comment::ThreadArgs),
    /// Mark a comment thread internal (it never goes out in a send), or
    /// share it again with --off.
    Internal(comment::InternalArgs),
}

/// Runs a subcommand and turns its result into an exit code.
pub fn run(command: Subcommands, user: Option<String>) -> ExitCode {
    let result = match command {
        Subcommands::Show(args) => show::run(&args),
        Subcommands::Accept(args) => review::run(&args, true, user),
        Subcommands::Reject(args) => review::run(&args, false, user),
        Subcommands::Replace(args) => replace::run(&args, user),
        Subcommands::Format(args) => format::run(&args, user),
        Subcommands::Versions(args) => versions::list(&args),
        Subcommands::Snapshot(args) => versions::snapshot(&args, user),
        Subcommands::Restore(args) => versions::restore(&args, user),
        Subcommands::Date(args) => versions::date(&args, user),
        Subcommands::Material(args) => versions::material(&args, user),
        Subcommands::Notice(args) => versions::notice(&args, user),
        Subcommands::Check(args) => check::run(&args, user),
        Subcommands::Diff(args) => diff::run(&args),
        Subcommands::Signoff(args) => signoff::signoff(&args),
        Subcommands::Verify(args) => verify::run(&args),
        Subcommands::Trust(args) => trust::run(&args),
        Subcommands::Import(args) => import::run(&args),
        Subcommands::Export(args) => export::run(&args),
        Subcommands::Send(args) => send::run(&args, user),
        Subcommands::Merge(args) => merge::run(&args, user),
        Subcommands::Comment(args) => comment::comment(&args, user),
        Subcommands::Reply(args) => comment::reply(&args, user),
        Subcommands::Resolve(args) => comment::set_resolved(&args, true, user),
        Subcommands::Reopen(args) => comment::set_resolved(&args, false, user),
        Subcommands::Internal(args) => comment::internal(&args, user),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("redline: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Writes a subcommand's output to stdout. A closed pipe (as with
/// `redline show FILE | head`) ends the output quietly instead of panicking.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result?),
    }
}

/// A project file a subcommand read, with what the file held then, so that
/// saving it never replaces a newer save (it derefs to the [`Project`]).
#[derive(Debug)]
pub struct OpenedProject {
    project: Project,
    /// What the file held; `None` for a project not read from a file, which
    /// is saved only where no file is.
    hash: Option<ContentHash>,
}

impl OpenedProject {
    /// A project made by the subcommand (imported), not read from a file.
    pub fn new_file(project: Project) -> OpenedProject {
        OpenedProject {
            project,
            hash: None,
        }
    }

    /// The project, for subcommands that only read it.
    pub fn into_project(self) -> Project {
        self.project
    }
}

impl Deref for OpenedProject {
    type Target = Project;

    fn deref(&self) -> &Project {
        &self.project
    }
}

impl DerefMut for OpenedProject {
    fn deref_mut(&mut self) -> &mut Project {
        &mut self.project
    }
}

/// Loads a project file for a subcommand; what the user should know about
/// it (a suggestion whose text changed under it) goes to stderr.
fn load_project(path: &Path) -> anyhow::Result<OpenedProject> {
    let opened = project_io::open(path)?;
    for warning in opened.project.warnings() {
        eprintln!("redline: warning: {}: {warning}", path.display());
    }
    verify::warn_if_chain_broken(path, &opened.project);
    Ok(OpenedProject {
        project: opened.project,
        hash: Some(opened.hash),
    })
}

/// Saves a project file the subcommand read: atomically, keeping a `.bak`,
/// refusing (exit 2) when the file changed on disk since it was read unless
/// `--ignore-newer`, and when a Redline window has it open.
fn save_project_with(path: &Path, project: &OpenedProject, save: SaveArgs) -> anyhow::Result<()> {
    let expect = match project.hash {
        _ if save.ignore_newer => Expect::Anything,
        Some(hash) => Expect::Unchanged(hash),
        None => Expect::Nothing,
    };
    match project_io::save(path, &project.project, expect, None) {
        Ok(written) => {
            print_warnings(&written.warnings);
            Ok(())
        }
        Err(error @ FormatError::ChangedOnDisk { .. }) => bail!(
            "{error}: run the command again to work on the newer file, or add --ignore-newer to replace it"
        ),
        Err(error @ FormatError::Locked { .. }) => Err(error.into()),
        Err(error) => Err(error).context("the project was not changed on disk"),
    }
}

/// Writes an output file (an export, a report, a new project): never over
/// one of `inputs` (each with what it is, for the message), and over an
/// existing file only with `--force`.
fn write_output(
    path: &Path,
    bytes: &[u8],
    inputs: &[(&Path, &str)],
    overwrite: OverwriteArgs,
    keep_backup: bool,
) -> anyhow::Result<()> {
    refuse_inputs_as_output(path, inputs)?;
    let rules = WriteRules {
        keep_backup,
        ..output_rules(overwrite)
    };
    let written = atomic::write_checked(path, bytes, &rules).map_err(output_error)?;
    print_warnings(&written.warnings);
    Ok(())
}

/// How an output file is written: over an existing file only with
/// `--force`.
fn output_rules(overwrite: OverwriteArgs) -> WriteRules<'static> {
    WriteRules {
        expect: if overwrite.force {
            Expect::Anything
        } else {
            Expect::Nothing
        },
        ..WriteRules::REPLACE
    }
}

/// An output write's error, saying how to replace an existing file.
fn output_error(error: FormatError) -> anyhow::Error {
    match error {
        FormatError::Exists { .. } => anyhow::anyhow!("{error}: add --force to replace it"),
        error => error.into(),
    }
}

/// Refuses an output path that is one of the inputs (or a link to one).
fn refuse_inputs_as_output(path: &Path, inputs: &[(&Path, &str)]) -> anyhow::Result<()> {
    if let Some((_, what)) = inputs
        .iter()
        .find(|(input, _)| atomic::is_same_file(path, input))
    {
        bail!(
            "{} is {what}: writing the output there would destroy it; choose another output file",
            path.display()
        );
    }
    Ok(())
}

/// What a write could not keep, as warnings on stderr.
fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("redline: warning: {warning}");
    }
}
