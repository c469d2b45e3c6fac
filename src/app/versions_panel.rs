//! The Versions window (the history of snapshots with their status,
//! effective date, material changes and notice; the review rounds) and
//! the read-only view of one version in the document area.
//!
//! Restoring a version asks first and says that the current draft is kept as
//! a version (the model does so); nothing here changes the project directly.

use super::RedlineApp;
use super::locale_dates::{date_picker_ui, user_date, user_date_or_unset};
use super::state::AppCommand;
use super::tool_types::{ToolCommand, today, tool};
use crate::model::{Command, VersionId, VersionStatus};
use egui::RichText;

/// What is typed into the Versions window.
#[derive(Debug, Default)]
pub struct VersionsState {
    /// The new snapshot's label.
    pub label: String,
    /// The new snapshot's note.
    pub note: String,
    /// Take the snapshot as under review (else draft).
    pub under_review: bool,
    /// The version whose restore waits for confirmation.
    pub confirm_restore: Option<VersionId>,
}

/// The read-only view's cached paragraph heights.
#[derive(Debug, Default)]
pub struct VersionView {
    rows: super::virtual_rows::RowHeights,
}

impl RedlineApp {
    pub(super) fn versions_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.tools.show_versions;
        super::chrome::tool_window("Versions", ctx)
            .open(&mut open)
            .default_size([760.0, 460.0])
            .max_width(1100.0)
            .vscroll(true)
            .show(ctx, |ui| self.versions_ui(ui));
        self.tools.show_versions = open && self.tools.show_versions;
    }

    fn versions_ui(&mut self, ui: &mut egui::Ui) {
        let today = today();
        for warning in self.project.date_warnings(today) {
            ui.label(
                RichText::new(format!("Warning: {warning}")).color(ui.visuals().warn_fg_color),
            );
        }
        ui.horizontal(|ui| {
            ui.label("Draft effective date:");
            let current = self.project.document().effective_date;
            if let Some(date) = date_picker_ui(
                ui,
                "draft effective date",
                "Draft effective date",
                current.unwrap_or(today),
            ) {
                self.queue
                    .push(AppCommand::Model(Command::SetEffectiveDate(Some(date))));
            }
            if current.is_none() {
                ui.label(RichText::new("(not set; pick a date to set it)").weak());
            } else if ui
                .button("Clear")
                .accessible_name("Clear draft effective date")
                .clicked()
            {
                self.queue
                    .push(AppCommand::Model(Command::SetEffectiveDate(None)));
            }
            ui.separator();
            lead_time_ui(
                ui,
                &self.project,
                &mut self.queue,
                "Notice lead time (days):",
            );
        });
        ui.separator();
        self.snapshot_form_ui(ui);
        ui.separator();
        if let Some(version) = self.tools.versions.confirm_restore {
            self.confirm_restore_ui(ui, version);
            ui.separator();
        }
        self.rounds_ui(ui);
        if self.project.versions().is_empty() {
            ui.label("No versions yet: take a snapshot of the draft to start the history.");
            return;
        }
        let versions: Vec<_> = self.project.versions().iter().rev().cloned().collect();
        egui::Grid::new("versions grid")
            .num_columns(7)
            .striped(true)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                for heading in [
                    "Version",
                    "Status",
                    "Effective date",
                    "Taken",
                    "Material",
                    "Notice",
                    "",
                ] {
                    ui.label(RichText::new(heading).strong());
                }
                ui.end_row();
                for version in &versions {
                    self.version_row_ui(ui, version, today);
                    ui.end_row();
                }
            });
    }

    /// The review rounds, as `redline versions` lists them: each round's
    /// reviewer and status, what was sent, and each copy brought back
    /// (sent → returned → merged, with counts).
    fn rounds_ui(&self, ui: &mut egui::Ui) {
        let rounds = self.project.round_history();
        if rounds.is_empty() {
            return;
        }
        ui.label(RichText::new("Review rounds").strong());
        for round in rounds {
            ui.label(
                RichText::new(format!(
                    "{}  {} ({})",
                    round.round,
                    round.reviewer,
                    round.status.name()
                ))
                .strong(),
            );
            ui.label(format!("    {}", round.sent));
            for back in &round.returns {
                ui.label(format!("    → {back}"));
            }
        }
        ui.separator();
    }

    fn snapshot_form_ui(&mut self, ui: &mut egui::Ui) {
        let state = &mut self.tools.versions;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Label:");
            ui.add(
                egui::TextEdit::singleline(&mut state.label)
                    .desired_width(100.0)
                    .hint_text("v<N>"),
            )
            .labelled_by(label.id);
            let label = ui.label("Note:");
            ui.add(egui::TextEdit::singleline(&mut state.note).desired_width(220.0))
                .labelled_by(label.id);
            ui.checkbox(&mut state.under_review, "Under review");
            if ui.button("Take snapshot").clicked() {
                let label = state.label.trim();
                self.queue.push(AppCommand::Model(Command::TakeSnapshot {
                    label: (!label.is_empty()).then(|| label.to_string()),
                    note: state.note.trim().to_string(),
                    status: if state.under_review {
                        VersionStatus::UnderReview
                    } else {
                        VersionStatus::Draft
                    },
                }));
                state.label.clear();
                state.note.clear();
            }
        });
    }

    fn confirm_restore_ui(&mut self, ui: &mut egui::Ui, version: VersionId) {
        let label = self
            .project
            .version(version)
            .map_or_else(|| version.to_string(), |version| version.label.clone());
        ui.group(|ui| {
            ui.label(format!(
                "Restore {label} as the draft? The current draft is kept as a new version first, so nothing is lost."
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").accessible_name("Confirm restore").clicked() {
                    self.queue
                        .push(AppCommand::Model(Command::RestoreVersion { version }));
                    self.queue.push(tool(ToolCommand::ViewVersion(None)));
                    self.tools.versions.confirm_restore = None;
                }
                if ui.button("Cancel").accessible_name("Cancel restore").clicked() {
                    self.tools.versions.confirm_restore = None;
                }
            });
        });
    }

    fn version_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        version: &crate::model::Version,
        today: chrono::NaiveDate,
    ) {
        let id = version.id;
        let name = &version.label;
        ui.vertical(|ui| {
            ui.set_min_width(160.0);
            ui.set_max_width(220.0);
            ui.label(RichText::new(name).strong());
            if !version.note.is_empty() {
                ui.label(RichText::new(&version.note).weak());
            }
        });
        let frozen = version.status.is_frozen();
        match version.status {
            VersionStatus::SignedOff => {
                ui.horizontal(|ui| {
                    ui.label("Signed off (frozen)");
                    if ui
                        .button("Mark published")
                        .accessible_name(format!("Mark {name} published"))
                        .clicked()
                    {
                        self.queue
                            .push(AppCommand::Model(Command::SetVersionStatus {
                                version: id,
                                status: VersionStatus::Published,
                            }));
                    }
                });
            }
            VersionStatus::Published => {
                ui.label("Published (frozen)");
            }
            VersionStatus::Draft | VersionStatus::UnderReview => {
                let mut status = version.status;
                egui::ComboBox::from_id_salt(("version status", id.0))
                    .selected_text(status_label(status))
                    .show_ui(ui, |ui| {
                        for choice in [VersionStatus::Draft, VersionStatus::UnderReview] {
                            ui.selectable_value(&mut status, choice, status_label(choice));
                        }
                    })
                    .response
                    .on_hover_text("Signed off is set only by Review → Sign off…")
                    .accessible_name(format!("Status of {name}"));
                if status != version.status {
                    self.queue
                        .push(AppCommand::Model(Command::SetVersionStatus {
                            version: id,
                            status,
                        }));
                }
            }
        }
        ui.horizontal(|ui| {
            if frozen {
                ui.label(user_date_or_unset(version.effective_date));
            } else if let Some(date) = date_picker_ui(
                ui,
                &format!("effective date {}", id.0),
                &format!("Effective date of {name}"),
                version.effective_date.unwrap_or(today),
            ) {
                self.queue
                    .push(AppCommand::Model(Command::SetVersionEffectiveDate {
                        version: id,
                        date: Some(date),
                    }));
            }
            if version.effective_date.is_none() {
                ui.label(RichText::new("not set").weak());
            }
        });
        let taken = version.created.with_timezone(&chrono::Local);
        ui.label(format!(
            "{}\n{} {}",
            version.author,
            user_date(taken.date_naive()),
            taken.format("%H:%M")
        ));
        let mut material = version.material;
        let changes = version.material_changes.len();
        ui.add_enabled_ui(!frozen, |ui| {
            let text = if changes > 0 {
                format!("material ({changes} changes)")
            } else {
                "material".to_string()
            };
            if ui
                .checkbox(&mut material, text)
                .accessible_name(format!("{name} is material"))
                .changed()
            {
                self.queue
                    .push(AppCommand::Model(Command::SetVersionMaterial {
                        version: id,
                        material,
                    }));
            }
        });
        let notice = match &version.notice {
            Some(notice) => format!(
                "{} via {}",
                user_date(notice.date),
                notice
                    .channels
                    .iter()
                    .map(|channel| channel.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None if self.project.is_material_since_published(id) => "needed, none".to_string(),
            None => "none".to_string(),
        };
        ui.label(notice);
        ui.horizontal(|ui| {
            if ui
                .button("Open")
                .accessible_name(format!("Open {name}"))
                .clicked()
            {
                self.queue.push(tool(ToolCommand::ViewVersion(Some(id))));
                // Out of the way of the version's text; the toolbar brings it back.
                self.tools.show_versions = false;
            }
            if ui
                .button("Restore as draft…")
                .accessible_name(format!("Restore {name} as draft"))
                .clicked()
            {
                self.tools.versions.confirm_restore = Some(id);
            }
            if ui
                .add_enabled(!frozen, egui::Button::new("Notice…"))
                .accessible_name(format!("Notice of {name}"))
                .clicked()
            {
                self.queue.push(tool(ToolCommand::EditNotice(id)));
            }
        });
    }

    /// The document area while a version is shown: its text, read-only,
    /// under a banner with the way back to the draft.
    pub(super) fn version_view_ui(&mut self, ui: &mut egui::Ui) {
        let Some(version) = self.tools.viewing.and_then(|id| self.project.version(id)) else {
            self.tools.viewing = None;
            return;
        };
        let mut back = false;
        egui::Frame::new()
            .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "Read-only: version {} ({}), effective {}",
                            version.label,
                            status_label(version.status),
                            user_date_or_unset(version.effective_date)
                        ))
                        .strong(),
                    );
                    if ui.button("Back to the draft").clicked() {
                        back = true;
                    }
                });
            });
        // The version's paragraphs as set on the page: headings larger and
        // bold, list items with their computed labels.
        let content = &version.content;
        let labels = crate::model::blocks::list_labels(&content.blocks);
        let paragraphs: Vec<(std::ops::Range<usize>, &crate::model::blocks::Block)> =
            content.paragraphs().collect();
        let rows = &mut self.tools.version_view.rows;
        let font = egui::TextStyle::Body.resolve(ui.style());
        let color = ui.visuals().text_color();
        rows.rows_ui(
            ui,
            "version text",
            paragraphs.len(),
            |index| paragraphs[index].0.len(),
            |ui, index| {
                let (range, block) = &paragraphs[index];
                let words = content.text[range.clone()]
                    .replace(crate::model::blocks::SOFT_BREAK, "\n")
                    .replace(crate::model::blocks::NOTE_REFERENCE, "");
                let mut font = font.clone();
                let text = match (&labels[index], block.style.heading_level()) {
                    (Some(label), _) => format!(
                        "{}{label}  {words}",
                        "    ".repeat(usize::from(
                            block.list.as_ref().map_or(0, |item| item.level)
                        ))
                    ),
                    (None, Some(level)) => {
                        font.size *= match level {
                            1 => 1.5,
                            2 => 1.3,
                            _ => 1.15,
                        };
                        words
                    }
                    (None, None) => words,
                };
                let mut job =
                    egui::text::LayoutJob::simple(text, font, color, ui.available_width());
                if block.style.heading_level().is_some()
                    && let Some(section) = job.sections.first_mut()
                {
                    section.format.font_id.family = super::editor::fonts::family(true, false);
                }
                ui.label(job);
            },
        );
        if back {
            self.tools.viewing = None;
        }
    }
}

/// A version status as shown in the window ("Signed off").
pub fn status_label(status: VersionStatus) -> &'static str {
    match status {
        VersionStatus::Draft => "Draft",
        VersionStatus::UnderReview => "Under review",
        VersionStatus::SignedOff => "Signed off",
        VersionStatus::Published => "Published",
    }
}

/// The project's notice lead time, editable: shown in the Versions window and
/// in the notice editor.
pub(super) fn lead_time_ui(
    ui: &mut egui::Ui,
    project: &crate::model::Project,
    queue: &mut Vec<AppCommand>,
    caption: &str,
) {
    let label = ui.label(caption);
    let mut days = project.settings().notice_lead_days;
    if ui
        // A value outside the range (from a file) is shown as it is, not
        // changed behind the user's back by merely being displayed.
        .add(
            egui::DragValue::new(&mut days)
                .range(0..=365)
                .clamp_existing_to_range(false),
        )
        .labelled_by(label.id)
        .changed()
    {
        queue.push(AppCommand::Model(Command::SetNoticeLeadDays(days)));
    }
}
