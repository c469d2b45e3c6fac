//! Version subcommands: list, snapshot, restore, effective date, material
//! changes, and the material-change notice.

use super::identity::current_actor;
use super::{
    OpenedProject, OverwriteArgs, SaveArgs, load_project, print_out, refuse_inputs_as_output,
    save_project_with, write_output,
};
use crate::model::dates::{long_date, parse_date};
use crate::model::{
    Command, MaterialChange, Notice, NoticeChannel, Project, Version, VersionStatus,
};
use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `redline versions`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The project file.
    pub file: PathBuf,
}

/// Arguments of `redline snapshot`.
#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// The project file.
    pub file: PathBuf,
    /// A label (default: v<N>).
    #[arg(long)]
    pub label: Option<String>,
    /// A note.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Draft or under review.
    #[arg(long, value_enum, default_value = "draft")]
    pub status: SnapshotStatus,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// The statuses a snapshot can be taken with.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SnapshotStatus {
    /// Work in progress.
    Draft,
    /// Sent to a reviewer.
    UnderReview,
}

/// Arguments of `redline restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The project file.
    pub file: PathBuf,
    /// The version: label, number (3 or V3) or `latest`.
    #[arg(long)]
    pub version: String,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline date`.
#[derive(Debug, clap::Args)]
pub struct DateArgs {
    /// The project file.
    pub file: PathBuf,
    /// The new effective date ("March 1, 2026", "2026-03-01", ...); without
    /// it, the date is printed.
    #[arg(long, value_parser = parse_date_arg)]
    pub set: Option<NaiveDate>,
    /// Set the date of this version instead of the draft's.
    #[arg(long)]
    pub version: Option<String>,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline material`.
#[derive(Debug, clap::Args)]
pub struct MaterialArgs {
    /// The project file.
    pub file: PathBuf,
    /// The version.
    #[arg(
        long,
        required_unless_present = "suggestion",
        conflicts_with = "suggestion"
    )]
    pub version: Option<String>,
    /// Mark this suggestion material instead (`S7` or `7`): the next
    /// snapshot lists it among the version's material changes once accepted.
    #[arg(long, value_parser = super::review::parse_suggestion_id)]
    pub suggestion: Option<crate::model::SuggestionId>,
    /// Mark the whole version material.
    #[arg(long, conflicts_with = "change")]
    pub whole: bool,
    /// A material change, in plain words.
    #[arg(long)]
    pub change: Option<String>,
    /// The section the change is in.
    #[arg(long, default_value = "", requires = "change")]
    pub section: String,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Arguments of `redline notice`.
#[derive(Debug, clap::Args)]
pub struct NoticeArgs {
    /// The project file.
    pub file: PathBuf,
    /// The version (default: the latest).
    #[arg(long, default_value = "latest")]
    pub version: String,
    /// Write the notice to this file instead of printing it.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Record the notice as given on this date (with --channel).
    #[arg(long, value_parser = parse_date_arg, requires = "channel")]
    pub record: Option<NaiveDate>,
    /// How readers are told; repeat for several.
    #[arg(long, value_enum, requires = "record")]
    pub channel: Vec<ChannelArg>,
    /// The notice text to record (default: the drafted one).
    #[arg(long, requires = "record")]
    pub text_file: Option<PathBuf>,
    #[command(flatten)]
    pub save: SaveArgs,
    #[command(flatten)]
    pub overwrite: OverwriteArgs,
}

/// Notice channels on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ChannelArg {
    /// A banner on the website.
    SiteBanner,
    /// An email to users.
    Email,
    /// A notice in the product.
    InProduct,
}

/// Runs `redline versions`.
pub fn list(args: &ListArgs) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let mut out = String::new();
    if project.versions().is_empty() {
        out.push_str("no versions yet: take one with `redline snapshot`\n");
    }
    for version in project.versions() {
        out.push_str(&format!(
            "{:<4} {:<28} {:<13} effective {:<18} {} by {}{}{}\n",
            version.id.to_string(),
            version.label,
            version.status.name(),
            version
                .effective_date
                .map_or("not set".to_string(), long_date),
            version.created.format("%Y-%m-%d %H:%M"),
            version.author,
            if version.has_material_changes() {
                ", material"
            } else {
                ""
            },
            version
                .notice
                .as_ref()
                .map_or(String::new(), |notice| format!(
                    ", notice {}",
                    long_date(notice.date)
                )),
        ));
    }
    let rounds = project.round_history();
    if !rounds.is_empty() {
        out.push_str("\nreview rounds:\n");
    }
    for round in rounds {
        out.push_str(&format!(
            "{}  {} ({})\n    {}\n",
            round.round,
            round.reviewer,
            round.status.name(),
            round.sent
        ));
        for back in round.returns {
            out.push_str(&format!("    → {back}\n"));
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `redline snapshot`.
pub fn snapshot(args: &SnapshotArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let status = match args.status {
        SnapshotStatus::Draft => VersionStatus::Draft,
        SnapshotStatus::UnderReview => VersionStatus::UnderReview,
    };
    let command = Command::TakeSnapshot {
        label: args.label.clone(),
        note: args.note.clone(),
        status,
    };
    let project = load_project(&args.file)?;
    apply_and_save(&args.file, project, command, user, args.save)
}

/// Runs `redline restore`.
pub fn restore(args: &RestoreArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let version = find_version(&project, &args.version)?.id;
    apply_and_save(
        &args.file,
        project,
        Command::RestoreVersion { version },
        user,
        args.save,
    )
}

/// Runs `redline date`.
pub fn date(args: &DateArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    let version = args
        .version
        .as_deref()
        .map(|name| find_version(&project, name))
        .transpose()?;
    let Some(date) = args.set else {
        let shown = version.map_or(project.document().effective_date, |version| {
            version.effective_date
        });
        print_out(&format!(
            "{}\n",
            shown.map_or("not set".to_string(), |date| date.to_string())
        ))?;
        return Ok(ExitCode::SUCCESS);
    };
    let command = match version {
        Some(version) => Command::SetVersionEffectiveDate {
            version: version.id,
            date: Some(date),
        },
        None => Command::SetEffectiveDate(Some(date)),
    };
    apply_and_save(&args.file, project, command, user, args.save)
}

/// Runs `redline material`.
pub fn material(args: &MaterialArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    if let Some(id) = args.suggestion {
        return apply_and_save(
            &args.file,
            project,
            Command::SetSuggestionMaterial { id, material: true },
            user,
            args.save,
        );
    }
    let version = find_version(&project, args.version.as_deref().unwrap_or_default())?.id;
    let command = match &args.change {
        Some(description) => Command::AddMaterialChange {
            version,
            change: MaterialChange {
                section: args.section.clone(),
                description: description.clone(),
            },
        },
        None if args.whole => Command::SetVersionMaterial {
            version,
            material: true,
        },
        None => bail!("say what is material: --whole or --change TEXT"),
    };
    apply_and_save(&args.file, project, command, user, args.save)
}

/// Runs `redline notice`: prints (or writes) the recorded notice, or the
/// drafted one; exits 1 with the reasons when the notice rules fail.
pub fn notice(args: &NoticeArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let project_as_input = [(args.file.as_path(), "the project")];
    if let Some(output) = &args.output {
        refuse_inputs_as_output(output, &project_as_input)?;
    }
    let mut project = load_project(&args.file)?;
    let id = find_version(&project, &args.version)?.id;
    if let Some(date) = args.record {
        let text = match &args.text_file {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
            None => project.draft_notice(id).unwrap_or_default(),
        };
        let channels = args
            .channel
            .iter()
            .map(|channel| match channel {
                ChannelArg::SiteBanner => NoticeChannel::SiteBanner,
                ChannelArg::Email => NoticeChannel::Email,
                ChannelArg::InProduct => NoticeChannel::InProduct,
            })
            .collect();
        let command = Command::SetNotice {
            version: id,
            notice: Some(Notice {
                text,
                date,
                channels,
            }),
        };
        project
            .apply(command, &current_actor(user))
            .with_context(|| format!("{} was not changed", args.file.display()))?;
        save_project_with(&args.file, &project, args.save)?;
    }
    let version = project
        .version(id)
        .ok_or_else(|| anyhow!("there is no version {id}"))?;
    let text = notice_text(&project, version);
    match &args.output {
        Some(path) => write_output(
            path,
            text.as_bytes(),
            &project_as_input,
            args.overwrite,
            false,
        )?,
        None => print_out(&text)?,
    }
    let problems = project.notice_problems(id);
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for problem in problems {
        eprintln!("redline: {problem}");
    }
    Ok(ExitCode::from(1))
}

/// The recorded notice with its date and channels, or the drafted one.
fn notice_text(project: &Project, version: &Version) -> String {
    match &version.notice {
        Some(notice) => {
            let channels: Vec<&str> = notice
                .channels
                .iter()
                .map(|channel| channel.name())
                .collect();
            format!(
                "{}\n\nNotice date: {}\nChannels: {}\n",
                notice.text.trim_end(),
                long_date(notice.date),
                if channels.is_empty() {
                    "none".to_string()
                } else {
                    channels.join(", ")
                }
            )
        }
        None => project.draft_notice(version.id).unwrap_or_default(),
    }
}

/// Finds a version by label, number or `latest`, with a helpful error.
pub fn find_version<'a>(project: &'a Project, name: &str) -> anyhow::Result<&'a Version> {
    project.find_version(name).ok_or_else(|| {
        let known: Vec<String> = project
            .versions()
            .iter()
            .map(|version| format!("{} ({})", version.id, version.label))
            .collect();
        match known.len() {
            0 => anyhow!("the project has no versions yet: take one with `redline snapshot`"),
            1..=8 => anyhow!("no version {name:?}; the versions are {}", known.join(", ")),
            count => anyhow!(
                "no version {name:?}; the versions are {}, …, {} ({count} in all; `redline versions` lists them)",
                known[..3].join(", "),
                known[count - 3..].join(", ")
            ),
        }
    })
}

/// Applies `command` to the project read from `file` and saves it.
fn apply_and_save(
    file: &Path,
    mut project: OpenedProject,
    command: Command,
    user: Option<String>,
    save: SaveArgs,
) -> anyhow::Result<ExitCode> {
    let outcome = project
        .apply(command, &current_actor(user))
        .with_context(|| format!("{} was not changed", file.display()))?;
    save_project_with(file, &project, save)?;
    print_out(&format!("{}\n", outcome.summary))?;
    Ok(ExitCode::SUCCESS)
}

fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map(|(date, _)| date).ok_or_else(|| {
        format!("{text:?} is not a date (write e.g. \"March 1, 2026\" or 2026-03-01)")
    })
}
