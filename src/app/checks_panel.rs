//! The Checks panel: the policy checks' findings on the draft, grouped by
//! severity, each with its rule, message and quote; a click goes to the
//! text, a fix becomes a suggestion, and a finding can be dismissed with a
//! reason (dismissed ones are listed apart and can be reinstated). The
//! frameworks whose checklists apply are chosen here too.
//!
//! Findings are computed only when the project's revision (or the day)
//! changes, and only the rows in view are laid out.

use super::RedlineApp;
use super::state::AppCommand;
use super::tool_types::{ToolCommand, today, tool};
use super::virtual_rows::RowHeights;
use crate::model::checks::{CheckConfig, Finding, Framework, Severity};
use crate::model::{Command, ProjectFinding, Span, SuggestionKind};
use chrono::NaiveDate;
use egui::RichText;

/// The Checks panel's state.
#[derive(Debug, Default)]
pub struct ChecksState {
    findings: Vec<ProjectFinding>,
    /// The open findings' rows: severity headers and findings.
    rows: Vec<CheckRow>,
    /// How many findings are open (not dismissed).
    open: Vec<usize>,
    heights: RowHeights,
    computed_for: Option<(u64, NaiveDate)>,
    /// The finding being dismissed and the reason typed so far.
    dismissing: Option<(Finding, String)>,
    show_dismissed: bool,
}

/// The suggestion that applies a finding's fix.
pub fn fix_command(finding: &Finding) -> Option<Command> {
    let fix = finding.fix.clone()?;
    let kind = if finding.range.is_empty() {
        SuggestionKind::Insertion { text: fix }
    } else if fix.is_empty() {
        SuggestionKind::Deletion
    } else {
        SuggestionKind::Replacement { text: fix }
    };
    Some(Command::AddSuggestion {
        span: Span::new(finding.range.start, finding.range.end),
        kind,
        rationale: Some(finding.message.clone()),
    })
}

/// A row of the findings list.
#[derive(Debug, Clone, Copy)]
enum CheckRow {
    /// A severity's heading and how many findings it has.
    Header(Severity, usize),
    /// A finding: its index in the findings and its number (from 1) among the open ones.
    Finding { index: usize, number: usize },
}

/// The open findings grouped by severity, most serious first.
fn rows_of(findings: &[ProjectFinding], open: &[usize]) -> Vec<CheckRow> {
    let numbered: Vec<(usize, usize)> = open
        .iter()
        .enumerate()
        .map(|(position, index)| (*index, position + 1))
        .collect();
    let mut rows = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<_> = numbered
            .iter()
            .filter(|(index, _)| findings[*index].finding.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        rows.push(CheckRow::Header(severity, group.len()));
        rows.extend(group.into_iter().map(|(index, number)| CheckRow::Finding {
            index: *index,
            number: *number,
        }));
    }
    rows
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Notes",
    }
}

fn quote_of(text: &str, finding: &Finding) -> String {
    let quote = text.get(finding.range.clone()).unwrap_or_default();
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() > 70 {
        format!("{}…", quote.chars().take(70).collect::<String>())
    } else {
        quote
    }
}

impl RedlineApp {
    pub(super) fn checks_panel_ui(&mut self, ui: &mut egui::Ui) {
        let today = today();
        let state = &mut self.tools.checks;
        let key = (self.project.revision(), today);
        if state.computed_for != Some(key) {
            state.findings = self.project.findings(today);
            state.open = (0..state.findings.len())
                .filter(|index| state.findings[*index].dismissal.is_none())
                .collect();
            state.rows = rows_of(&state.findings, &state.open);
            state.computed_for = Some(key);
        }
        ui.heading("Checks");
        let config = &self.project.settings().checks;
        ui.horizontal_wrapped(|ui| {
            ui.label("Checklists:");
            for framework in [Framework::Baseline, Framework::Gdpr, Framework::Ccpa] {
                let mut on = config.frameworks.contains(&framework);
                if ui.checkbox(&mut on, framework.name()).changed() {
                    let mut frameworks: Vec<Framework> = config
                        .frameworks
                        .iter()
                        .copied()
                        .filter(|other| *other != framework)
                        .collect();
                    if on {
                        frameworks.push(framework);
                        frameworks.sort();
                    }
                    self.queue
                        .push(AppCommand::Model(Command::SetCheckConfig(CheckConfig {
                            term_groups: config.term_groups.clone(),
                            frameworks,
                        })));
                }
            }
        });
        let dismissed_count = self.project.dismissals().len();
        ui.label(format!(
            "{} findings, {dismissed_count} dismissed",
            state.open.len(),
        ));
        ui.checkbox(
            &mut state.show_dismissed,
            format!("Show dismissed ({dismissed_count})"),
        );
        ui.separator();
        let text = self.project.text();
        let mut commands = Vec::new();
        let mut start_dismissing = None;
        let mut confirm_dismiss = false;
        let mut cancel_dismiss = false;
        if state.show_dismissed {
            egui::ScrollArea::vertical()
                .id_salt("dismissed list")
                .show(ui, |ui| {
                    for dismissal in self.project.dismissals() {
                        ui.group(|ui| {
                            ui.label(RichText::new(&dismissal.rule).small().weak());
                            ui.label(&dismissal.message);
                            ui.label(format!(
                                "Dismissed by {}: {}",
                                dismissal.by, dismissal.reason
                            ));
                            if ui
                                .button("Reinstate")
                                .accessible_name(format!("Reinstate {}", dismissal.id))
                                .clicked()
                            {
                                commands.push(AppCommand::Model(Command::ReinstateFinding {
                                    dismissal: dismissal.id,
                                }));
                            }
                        });
                    }
                });
        } else {
            let ChecksState {
                findings,
                rows,
                heights,
                dismissing,
                ..
            } = state;
            heights.rows_ui(
                ui,
                "checks list",
                rows.len(),
                |row| match rows[row] {
                    CheckRow::Header(..) => 10,
                    CheckRow::Finding { index, .. } => findings[index].finding.message.len() + 80,
                },
                |ui, row| match rows[row] {
                    CheckRow::Header(severity, count) => {
                        ui.label(
                            RichText::new(format!("{} ({count})", severity_name(severity)))
                                .strong(),
                        );
                    }
                    CheckRow::Finding { index, number } => {
                        let finding = &findings[index].finding;
                        ui.group(|ui| {
                            ui.set_width(ui.available_width());
                            ui.label(RichText::new(finding.rule.id()).small().weak());
                            ui.label(&finding.message);
                            let quote = quote_of(text, finding);
                            if !quote.is_empty() {
                                ui.label(RichText::new(format!("“{quote}”")).italics());
                            }
                            ui.horizontal_wrapped(|ui| {
                                if !finding.range.is_empty()
                                    && ui
                                        .link("Go to")
                                        .accessible_name(format!("Go to finding {number}"))
                                        .clicked()
                                {
                                    commands.push(tool(ToolCommand::GoToByte(finding.range.start)));
                                }
                                if let Some(command) = fix_command(finding) {
                                    let fix = finding.fix.clone().unwrap_or_default();
                                    if ui
                                        .button("Apply fix as suggestion")
                                        .accessible_name(format!("Apply fix of finding {number}"))
                                        .on_hover_text(format!("Suggest “{fix}”"))
                                        .clicked()
                                    {
                                        commands.push(AppCommand::Model(command));
                                    }
                                }
                                if ui
                                    .button("Dismiss…")
                                    .accessible_name(format!("Dismiss finding {number}"))
                                    .clicked()
                                {
                                    start_dismissing = Some(finding.clone());
                                }
                            });
                            if let Some((dismissing, reason)) = dismissing.as_mut()
                                && dismissing == finding
                            {
                                let label = ui.label("Reason (required):");
                                ui.text_edit_singleline(reason).labelled_by(label.id);
                                ui.horizontal(|ui| {
                                    if ui
                                        .add_enabled(
                                            !reason.trim().is_empty(),
                                            egui::Button::new("Dismiss"),
                                        )
                                        .accessible_name("Confirm dismiss")
                                        .clicked()
                                    {
                                        confirm_dismiss = true;
                                    }
                                    if ui
                                        .button("Cancel")
                                        .accessible_name("Cancel dismiss")
                                        .clicked()
                                    {
                                        cancel_dismiss = true;
                                    }
                                });
                            }
                        });
                    }
                },
            );
        }
        if let Some(finding) = start_dismissing {
            state.dismissing = Some((finding, String::new()));
        }
        if cancel_dismiss {
            state.dismissing = None;
        }
        if confirm_dismiss && let Some((finding, reason)) = state.dismissing.take() {
            commands.push(AppCommand::Model(Command::DismissFinding {
                finding,
                reason: reason.trim().to_string(),
            }));
        }
        self.queue.extend(commands);
    }
}
