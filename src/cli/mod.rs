//! The headless subcommands: everything the GUI does, scriptable.
//!
//! Exit codes: 0 success; 1 when a command that checks something finds a
//! problem; 2 for bad input or usage, with the message on stderr; 3 from
//! `verify` when intact but not authenticated.

mod check;
mod diff;
mod export;
mod format;
mod identity;
mod import;
mod replace;
mod review;
mod show;
mod signoff;
mod trust;
mod verify;
mod versions;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::formats::project_file;
use crate::model::Project;

/// Redline: review privacy policies with their certifiers' comments and
/// suggested changes.
///
/// With no arguments, opens the window on the bundled sample policy; with a
/// FILE, opens that file. The subcommands do the same work headless.
#[derive(Debug, Parser)]
#[command(name = "redline", version, args_conflicts_with_subcommands = true)]
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

/// Loads a project file for a subcommand.
fn load_project(path: &Path) -> anyhow::Result<Project> {
    let project = project_file::load(path)?;
    verify::warn_if_chain_broken(path, &project);
    Ok(project)
}

/// Saves a project file atomically.
fn save_project(path: &Path, project: &Project) -> anyhow::Result<()> {
    project_file::save(path, project).with_context(|| "the project was not changed on disk")
}
