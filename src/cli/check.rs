//! `redline check`: the policy checks on a project or any importable file.
//!
//! Exit 0 when nothing is found, 1 with findings, 2 on error. JSON lists
//! each finding with `rule`, `severity`, `start` / `end` (character offsets
//! into the text), `quote`, `message` and `fix`.

use super::identity::current_actor;
use super::{OpenedProject, SaveArgs, load_project, print_out, save_project_with};
use crate::formats::import::{ImportFormat, import_file};
use crate::formats::project_file::EXTENSION;
use crate::model::checks::{Framework, Severity};
use crate::model::dates::parse_date;
use crate::model::offset::char_offsets;
use crate::model::{Command, Project, ProjectFinding, Span, SuggestionKind};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A project file, or any file Redline imports.
    pub file: PathBuf,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// The format of a file to import (guessed when omitted).
    #[arg(long, value_enum)]
    pub from: Option<ImportFormat>,
    /// Disclosure checklists to apply (default: the project's; baseline).
    #[arg(long = "framework", value_enum)]
    pub frameworks: Vec<FrameworkArg>,
    /// Check as of this date instead of today.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<NaiveDate>,
    /// List dismissed findings too.
    #[arg(long)]
    pub all: bool,
    /// Add every offered fix to the project as a suggestion by you.
    #[arg(long, conflicts_with = "dismiss")]
    pub suggest_fixes: bool,
    /// Dismiss finding number N (as listed), with --reason.
    #[arg(long, value_name = "N", requires = "reason")]
    pub dismiss: Option<usize>,
    /// Why the finding is dismissed (recorded).
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Disclosure checklists on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FrameworkArg {
    /// The certifier-style baseline list.
    Baseline,
    /// GDPR Article 13.
    Gdpr,
    /// CCPA / CPRA.
    Ccpa,
}

/// Runs `redline check`.
pub fn run(args: &CheckArgs, user: Option<String>) -> anyhow::Result<ExitCode> {
    let is_project = args.file.to_string_lossy().ends_with(EXTENSION);
    if (args.suggest_fixes || args.dismiss.is_some()) && !is_project {
        bail!(
            "--suggest-fixes and --dismiss change a project: import {} first",
            args.file.display()
        );
    }
    let mut project = if is_project {
        load_project(&args.file)?
    } else {
        let imported = import_file(&args.file, args.from, chrono::Utc::now())?;
        for warning in &imported.warnings {
            eprintln!("redline: warning: {warning}");
        }
        OpenedProject::new_file(
            Project::from_parts(imported.parts)
                .with_context(|| format!("cannot check {}", args.file.display()))?,
        )
    };
    let actor = current_actor(user);
    if !args.frameworks.is_empty() {
        let mut config = project.settings().checks.clone();
        config.frameworks = args
            .frameworks
            .iter()
            .map(|framework| match framework {
                FrameworkArg::Baseline => Framework::Baseline,
                FrameworkArg::Gdpr => Framework::Gdpr,
                FrameworkArg::Ccpa => Framework::Ccpa,
            })
            .collect();
        project.apply(Command::SetCheckConfig(config), &actor)?;
    }
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let findings = project.findings(today);
    let shown: Vec<(usize, &ProjectFinding)> = findings
        .iter()
        .enumerate()
        .map(|(index, finding)| (index + 1, finding))
        .filter(|(_, finding)| args.all || finding.dismissal.is_none())
        .collect();

    if let Some(number) = args.dismiss {
        let Some(found) = findings.get(number.wrapping_sub(1)) else {
            bail!(
                "there is no finding {number} (there are {})",
                findings.len()
            );
        };
        let command = Command::DismissFinding {
            finding: found.finding.clone(),
            reason: args.reason.clone().unwrap_or_default(),
        };
        let outcome = project
            .apply(command, &actor)
            .with_context(|| format!("{} was not changed", args.file.display()))?;
        save_project_with(&args.file, &project, args.save)?;
        print_out(&format!("{}\n", outcome.summary))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.suggest_fixes {
        let added = suggest_fixes(&mut project, &findings, &actor);
        save_project_with(&args.file, &project, args.save)?;
        print_out(&format!(
            "added {added} suggestion{} from the checks\n",
            if added == 1 { "" } else { "s" }
        ))?;
        return Ok(ExitCode::SUCCESS);
    }

    let text = project.text();
    if args.json {
        let bytes: Vec<usize> = shown
            .iter()
            .flat_map(|(_, found)| [found.finding.range.start, found.finding.range.end])
            .collect();
        let chars = char_offsets(text, &bytes);
        let list: Vec<_> = shown
            .iter()
            .zip(chars.chunks(2))
            .map(|((number, found), offsets)| {
                let finding = &found.finding;
                json!({
                    "number": number,
                    "rule": finding.rule.id(),
                    "severity": severity_name(finding.severity),
                    "start": offsets[0],
                    "end": offsets[1],
                    "quote": &text[finding.range.clone()],
                    "message": finding.message,
                    "fix": finding.fix,
                    "dismissed": found.dismissal.is_some(),
                })
            })
            .collect();
        print_out(&(serde_json::to_string_pretty(&list)? + "\n"))?;
    } else {
        print_out(&human_report(text, &shown))?;
    }
    let open = findings.iter().any(|found| found.dismissal.is_none());
    Ok(if open {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line per finding: `N. line:column severity rule: message`.
fn human_report(text: &str, shown: &[(usize, &ProjectFinding)]) -> String {
    if shown.is_empty() {
        return "no findings\n".to_string();
    }
    let mut out = String::new();
    for (number, found) in shown {
        let finding = &found.finding;
        let before = &text[..finding.range.start];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |line| line.chars().count())
            + 1;
        out.push_str(&format!(
            "{number}. {line}:{column} {} {}: {}{}\n",
            severity_name(finding.severity),
            finding.rule.id(),
            finding.message,
            if found.dismissal.is_some() {
                " (dismissed)"
            } else {
                ""
            }
        ));
        if let Some(fix) = &finding.fix {
            out.push_str(&format!(
                "   fix: {:?} → {fix:?}\n",
                &text[finding.range.clone()]
            ));
        }
    }
    out
}

/// Adds each open finding's fix as a suggestion; returns how many.
fn suggest_fixes(
    project: &mut Project,
    findings: &[ProjectFinding],
    actor: &crate::model::Actor,
) -> usize {
    let mut added = 0;
    // Suggestions never change the text, so every finding's range stays
    // valid while they are added.
    for found in findings.iter().filter(|found| found.dismissal.is_none()) {
        let finding = &found.finding;
        let Some(fix) = &finding.fix else { continue };
        let span = Span::new(finding.range.start, finding.range.end);
        let kind = match (span.is_empty(), fix.is_empty()) {
            (true, _) => SuggestionKind::Insertion { text: fix.clone() },
            (false, true) => SuggestionKind::Deletion,
            (false, false) => SuggestionKind::Replacement { text: fix.clone() },
        };
        let command = Command::AddSuggestion {
            span,
            kind,
            rationale: Some(finding.message.clone()),
        };
        if project.apply(command, actor).is_ok() {
            added += 1;
        }
    }
    added
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn parse_today(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
        .map(|(date, _)| date)
        .ok_or_else(|| format!("{text:?} is not a date"))
}
