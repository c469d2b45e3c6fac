//! Comment threads from the command line: `redline comment`, `reply`,
//! `resolve`, `reopen` and `internal`. Each is one command (one undo step,
//! one entry in the review log) and saves the project atomically.
//!
//! Positions are character offsets into the draft's words, as `redline show
//! --json` reports them; threads are named by id (`C3` or `3`).

use super::identity::current_actor;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::model::offset::byte_offsets;
use crate::model::{Command, CommentId, Span};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `redline comment`.
#[derive(Debug, clap::Args)]
pub struct CommentArgs {
    /// The project file.
    pub file: PathBuf,
    /// The first character commented on (a character offset, as in `show
    /// --json`).
    #[arg(long)]
    pub start: usize,
    /// The character just past the words commented on (equal to --start
    /// for a comment at a point).
    #[arg(long)]
    pub end: usize,
    /// What the comment says.
    #[arg(long)]
    pub body: String,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline reply`.
#[derive(Debug, clap::Args)]
pub struct ReplyArgs {
    /// The project file.
    pub file: PathBuf,
    /// The thread (`C3` or `3`).
    #[arg(long, value_parser = parse_comment_id)]
    pub id: CommentId,
    /// What the reply says.
    #[arg(long)]
    pub body: String,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline resolve` and `redline reopen`.
#[derive(Debug, clap::Args)]
pub struct ThreadArgs {
    /// The project file.
    pub file: PathBuf,
    /// The thread (`C3` or `3`).
    #[arg(long, value_parser = parse_comment_id)]
    pub id: CommentId,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline internal`.
#[derive(Debug, clap::Args)]
pub struct InternalArgs {
    /// The project file.
    pub file: PathBuf,
    /// The thread (`C3` or `3`).
    #[arg(long, value_parser = parse_comment_id)]
    pub id: CommentId,
    /// Share the thread again (it may go out in sends).
    #[arg(long)]
    pub off: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Reads a thread id: `C3`, `c3` or `3`.
pub fn parse_comment_id(text: &str) -> Result<CommentId, String> {
    text.trim()
        .strip_prefix(['C', 'c'])
        .unwrap_or(text.trim())
        .parse()
        .map(CommentId)
        .map_err(|_| format!("{text:?} is not a comment id (C3 or 3)"))
}

/// Runs `redline comment`.
pub fn comment(args: &CommentArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let text = project.text();
    let chars = text.chars().count();
    if args.start > args.end || args.end > chars {
        bail!(
            "--start {} --end {} is not a stretch of the draft's {chars} characters",
            args.start,
            args.end
        );
    }
    let bytes = byte_offsets(text, &[args.start, args.end]);
    let span = Span::new(bytes[0], bytes[1]);
    let command = Command::AddComment {
        span,
        body: args.body.clone(),
    };
    apply(&args.file, project, command, user, args.save)
}

/// Runs `redline reply`.
pub fn reply(args: &ReplyArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let command = Command::Reply {
        comment: args.id,
        body: args.body.clone(),
    };
    apply(&args.file, project, command, user, args.save)
}

/// Runs `redline resolve` (`resolved`) or `redline reopen`.
pub fn set_resolved(
    args: &ThreadArgs,
    resolved: bool,
    user: Option<String>,
) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let command = Command::SetResolved {
        comment: args.id,
        resolved,
    };
    apply(&args.file, project, command, user, args.save)
}

/// Runs `redline internal`.
pub fn internal(args: &InternalArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let command = Command::SetInternal {
        comment: args.id,
        internal: !args.off,
    };
    apply(&args.file, project, command, user, args.save)
}

/// Applies one command as the current user and saves; a command that
/// changes nothing (resolving a resolved thread) says so and saves nothing.
fn apply(
    path: &Path,
    mut project: super::OpenedProject,
    command: Command,
    user: Option<String>,
    save: SaveArgs,
) -> anyhow::Result<ExitCode> {
    let before = project.state_id();
    let outcome = project
        .apply(command, &current_actor(user))
        .with_context(|| format!("{} was not changed", path.display()))?;
    if project.state_id() == before {
        print_out("nothing to change: the thread is already so\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    save_project_with(path, &project, save)?;
    print_out(&format!("{}\n", outcome.summary))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_read_with_or_without_their_letter() {
        assert_eq!(parse_comment_id("C3"), Ok(CommentId(3)));
        assert_eq!(parse_comment_id("c12"), Ok(CommentId(12)));
        assert_eq!(parse_comment_id(" 7 "), Ok(CommentId(7)));
        assert_eq!(
            parse_comment_id("S3"),
            Err("\"S3\" is not a comment id (C3 or 3)".to_string())
        );
    }
}
