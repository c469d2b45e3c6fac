//! `redline format`: change the formatting of a stretch of the draft (or
//! suggest the change), and save the project atomically.
//!
//! Positions are character offsets into the draft's words, as
//! `redline show --json` reports them. Each flag sets a format (never
//! toggles); `--clear` removes the inline formatting (bold, italic,
//! underline, strike, super/subscript, small caps, links).

use super::identity::current_actor;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::model::blocks::{BlockPatch, BlockStyle, ListId, ListItem, MAX_HEADING_LEVEL};
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkPatch, Styles};
use crate::model::offset::byte_offsets;
use crate::model::{ByteOffset, Command};
use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline format`.
#[derive(Debug, clap::Args)]
pub struct FormatArgs {
    /// The project file.
    pub file: PathBuf,
    /// The first character formatted (a character offset, as in `show --json`).
    #[arg(long)]
    pub start: usize,
    /// The character just past the stretch formatted.
    #[arg(long)]
    pub end: usize,
    /// Make it bold.
    #[arg(long)]
    pub bold: bool,
    /// Make it italic.
    #[arg(long)]
    pub italic: bool,
    /// Underline it.
    #[arg(long)]
    pub underline: bool,
    /// Strike it through.
    #[arg(long)]
    pub strike: bool,
    /// Make it a link to this address (http, https, mailto or #anchor).
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// Make its paragraphs headings of this level (1 to 6).
    #[arg(long, value_name = "LEVEL")]
    pub heading: Option<u8>,
    /// Make its paragraphs list items.
    #[arg(long, value_enum, value_name = "KIND")]
    pub list: Option<ListKind>,
    /// Make its paragraphs plain body paragraphs (no heading, quote or list).
    #[arg(long)]
    pub paragraph: bool,
    /// Remove its inline formatting.
    #[arg(long)]
    pub clear: bool,
    /// Suggest the change instead of making it (a formatting suggestion).
    #[arg(long)]
    pub suggest: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// The kinds of list `--list` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListKind {
    /// Bullets.
    Bulleted,
    /// Numbers (1., 2., 3.).
    Numbered,
}

/// Runs `redline format`.
pub fn run(args: &FormatArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let (marks, block) = patches(args)?;
    let mut project = load_project(&args.file)?;
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
    let list_id = ListId(
        project
            .content()
            .blocks
            .iter()
            .filter_map(|block| block.list.as_ref().map(|item| item.list.0))
            .max()
            .unwrap_or(0)
            + 1,
    );
    let block = match (block, args.list) {
        (block, Some(ListKind::Bulleted)) => BlockPatch {
            list: Some(Some(ListItem::bulleted(list_id, 0))),
            ..block
        },
        (block, Some(ListKind::Numbered)) => BlockPatch {
            list: Some(Some(ListItem::numbered(list_id, 0))),
            ..block
        },
        (block, None) => block,
    };
    let command = Command::Format {
        range: ByteOffset(bytes[0])..ByteOffset(bytes[1]),
        marks,
        block,
        suggest: args.suggest,
    };
    let outcome = project
        .apply(command, &current_actor(user))
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    if outcome.summary.is_empty() {
        print_out("the text is already formatted so; nothing changed\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    save_project_with(&args.file, &project, args.save)?;
    print_out(&format!("{}\n", outcome.summary))?;
    Ok(ExitCode::SUCCESS)
}

/// The mark and block changes the flags ask for.
fn patches(args: &FormatArgs) -> anyhow::Result<(MarkPatch, BlockPatch)> {
    let mut marks = if args.clear {
        MarkPatch::clear_formatting()
    } else {
        MarkPatch::default()
    };
    for (wanted, style) in [
        (args.bold, Styles::BOLD),
        (args.italic, Styles::ITALIC),
        (args.underline, Styles::UNDERLINE),
        (args.strike, Styles::STRIKE),
    ] {
        if wanted {
            marks.set = marks.set.union(style);
            marks.clear = marks.clear.without(style);
        }
    }
    if let Some(url) = &args.link {
        marks.link = Some(Some(LinkTarget::new(url)?));
    }
    let mut block = BlockPatch::default();
    if let Some(level) = args.heading {
        if !(1..=MAX_HEADING_LEVEL).contains(&level) {
            bail!("--heading takes a level from 1 to {MAX_HEADING_LEVEL}");
        }
        block.style = Some(BlockStyle::Heading(level));
    }
    if args.paragraph {
        if args.heading.is_some() || args.list.is_some() {
            bail!("--paragraph makes plain paragraphs: it cannot go with --heading or --list");
        }
        block.style = Some(BlockStyle::Normal);
        block.list = Some(None);
    }
    if marks.is_empty() && block.is_empty() && args.list.is_none() {
        bail!(
            "say what to do: --bold, --italic, --underline, --strike, --link URL, --heading LEVEL, --list KIND, --paragraph or --clear"
        );
    }
    Ok((marks, block))
}
