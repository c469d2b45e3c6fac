//! The notice editor of one version: the notice text (drafted from the
//! material changes, then edited), its date, its channels and the project's
//! lead time, with the problems the sign-off would find shown live while
//! typing. Saving records the notice with one `SetNotice`.
//!
//! "Live" means the problems are those of the notice as typed, not as saved:
//! they are computed on a copy of the project with the typed notice set,
//! again only when the notice or the project changes.

use super::RedlineApp;
use super::locale_dates::{date_picker_ui, user_date_or_unset};
use super::state::AppCommand;
use super::tool_types::today;
use crate::model::{Actor, Command, Notice, NoticeChannel, Person, Project, VersionId};
use egui::RichText;

const CHANNELS: [(NoticeChannel, &str); 3] = [
    (NoticeChannel::SiteBanner, "Site banner"),
    (NoticeChannel::Email, "Email"),
    (NoticeChannel::InProduct, "In-product"),
];

/// The notice being edited.
pub struct NoticeState {
    version: VersionId,
    text: String,
    date: chrono::NaiveDate,
    channels: Vec<NoticeChannel>,
    problems: Vec<String>,
    problems_for: Option<(u64, Notice)>,
}

impl NoticeState {
    /// Edits the notice of `version`: its recorded notice, or a drafted one.
    pub fn new(project: &Project, version: VersionId) -> Option<NoticeState> {
        let recorded = project.version(version)?.notice.clone();
        Some(match recorded {
            Some(notice) => NoticeState {
                version,
                text: notice.text,
                date: notice.date,
                channels: notice.channels,
                problems: Vec::new(),
                problems_for: None,
            },
            None => NoticeState {
                version,
                text: project.draft_notice(version).unwrap_or_default(),
                date: today(),
                channels: Vec::new(),
                problems: Vec::new(),
                problems_for: None,
            },
        })
    }

    fn notice(&self) -> Notice {
        Notice {
            text: self.text.clone(),
            date: self.date,
            channels: self.channels.clone(),
        }
    }

    fn refresh_problems(&mut self, project: &Project) {
        let key = (project.revision(), self.notice());
        if self.problems_for.as_ref() == Some(&key) {
            return;
        }
        let mut trial = project.clone();
        let actor = Actor {
            user: Person::new("Redline", "R"),
            now: chrono::Utc::now(),
        };
        let command = Command::SetNotice {
            version: self.version,
            notice: Some(key.1.clone()),
        };
        self.problems = match trial.apply(command, &actor) {
            Ok(_) => trial.notice_problems(self.version),
            Err(error) => vec![error.to_string()],
        };
        self.problems_for = Some(key);
    }
}

impl RedlineApp {
    pub(super) fn notice_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Notice", ctx)
            .open(&mut open)
            .default_size([560.0, 480.0])
            .max_width(720.0)
            .show(ctx, |ui| self.notice_ui(ui));
        if !open {
            self.tools.notice = None;
        }
    }

    fn notice_ui(&mut self, ui: &mut egui::Ui) {
        let Some(state) = self.tools.notice.as_mut() else {
            return;
        };
        let Some(version) = self.project.version(state.version) else {
            self.tools.notice = None;
            return;
        };
        ui.label(format!(
            "Notice to readers of {}, effective {}",
            version.label,
            user_date_or_unset(version.effective_date)
        ));
        if version.material_changes.is_empty() {
            ui.label(
                RichText::new(
                    "No material changes recorded on this version (mark them in Compare, or tick \"material\" in Versions).",
                )
                .weak(),
            );
        } else {
            ui.label(RichText::new("Material changes recorded on this version:").strong());
            for (index, change) in version.material_changes.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .small_button("Remove")
                        .accessible_name(format!("Remove material change {}", index + 1))
                        .clicked()
                    {
                        self.queue
                            .push(AppCommand::Model(Command::RemoveMaterialChange {
                                version: state.version,
                                index,
                            }));
                    }
                    ui.label(format!("{}: {}", change.section, change.description));
                });
            }
        }
        ui.separator();
        let mut redraft = false;
        ui.horizontal(|ui| {
            ui.label("Notice text:");
            if ui
                .button("Redraft from material changes")
                .on_hover_text("Replaces the text with one drafted from the material changes")
                .clicked()
            {
                redraft = true;
            }
        });
        if redraft {
            state.text = self.project.draft_notice(state.version).unwrap_or_default();
        }
        ui.add(
            egui::TextEdit::multiline(&mut state.text)
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .accessible_name("Notice text");
        ui.horizontal(|ui| {
            ui.label("Notice date:");
            if let Some(date) = date_picker_ui(ui, "notice date", "Notice date", state.date) {
                state.date = date;
            }
        });
        ui.horizontal(|ui| {
            ui.label("Channels:");
            for (channel, name) in CHANNELS {
                let mut on = state.channels.contains(&channel);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        state.channels.push(channel);
                    } else {
                        state.channels.retain(|other| *other != channel);
                    }
                }
            }
        });
        ui.horizontal(|ui| {
            super::versions_panel::lead_time_ui(
                ui,
                &self.project,
                &mut self.queue,
                "Lead time (days):",
            );
        });
        state.refresh_problems(&self.project);
        ui.separator();
        if state.problems.is_empty() {
            ui.label(
                RichText::new("The notice meets the rules")
                    .color(egui::Color32::from_rgb(40, 140, 60)),
            );
        } else {
            for problem in &state.problems {
                ui.label(
                    RichText::new(format!("Problem: {problem}")).color(ui.visuals().warn_fg_color),
                );
            }
        }
        ui.separator();
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("Save notice").clicked() {
                self.queue.push(AppCommand::Model(Command::SetNotice {
                    version: state.version,
                    notice: Some(state.notice()),
                }));
                close = true;
            }
            if ui.button("Remove notice").clicked() {
                self.queue.push(AppCommand::Model(Command::SetNotice {
                    version: state.version,
                    notice: None,
                }));
                close = true;
            }
            if ui
                .button("Cancel")
                .accessible_name("Cancel notice")
                .clicked()
            {
                close = true;
            }
        });
        if close {
            self.tools.notice = None;
        }
    }
}
