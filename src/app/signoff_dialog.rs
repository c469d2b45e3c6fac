//! The sign-off dialog: which version (or the draft, snapshotted first),
//! who signs and in what role, the gate with every blocker (a "Go to" link
//! and an "Override" box each), and an optional Ed25519 signature.
//!
//! Invariant: "Sign off" is enabled only while every blocker of the gate is
//! overridden; blockers that get resolved drop out of the gate, which is
//! recomputed whenever the project changes. For the draft the gate is that
//! of the snapshot the sign-off would take (computed on a copy).

use super::RedlineApp;
use super::tools::{ToolCommand, today, tool};
use crate::model::{Actor, Blocker, Command, Person, Project, VersionId, VersionStatus};
use egui::RichText;
use std::collections::BTreeSet;

/// The sign-off dialog's state.
pub struct SignOffState {
    /// The version; `None` for the draft.
    target: Option<VersionId>,
    signer: String,
    role: String,
    overrides: BTreeSet<String>,
    with_key: bool,
    gate: Vec<Blocker>,
    gate_for: Option<(u64, Option<VersionId>)>,
}

impl SignOffState {
    /// Signs the newest version that is not frozen yet, else the draft.
    pub fn new(project: &Project, signer: String) -> SignOffState {
        let target = project
            .versions()
            .iter()
            .rev()
            .find(|version| !version.status.is_frozen())
            .map(|version| version.id);
        SignOffState {
            target,
            signer,
            role: String::new(),
            overrides: BTreeSet::new(),
            with_key: false,
            gate: Vec::new(),
            gate_for: None,
        }
    }

    fn refresh(&mut self, project: &Project) {
        let key = (project.revision(), self.target);
        if self.gate_for == Some(key) {
            return;
        }
        self.gate = match self.target {
            Some(version) => project.signoff_gate(version, today()),
            None => {
                let mut trial = project.clone();
                let actor = Actor {
                    user: Person::new(self.signer.clone(), Person::initials_of(&self.signer)),
                    now: chrono::Utc::now(),
                };
                let snapshot = Command::TakeSnapshot {
                    label: None,
                    note: String::new(),
                    status: VersionStatus::UnderReview,
                };
                match trial.apply(snapshot, &actor) {
                    Ok(_) => trial
                        .versions()
                        .last()
                        .map(|version| trial.signoff_gate(version.id, today()))
                        .unwrap_or_default(),
                    Err(_) => Vec::new(),
                }
            }
        };
        self.gate_for = Some(key);
    }

    fn ready(&self) -> bool {
        !self.signer.trim().is_empty()
            && !self.role.trim().is_empty()
            && self
                .gate
                .iter()
                .all(|blocker| self.overrides.contains(&blocker.key))
    }
}

impl RedlineApp {
    pub(super) fn signoff_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        egui::Window::new("Sign-off")
            .open(&mut open)
            .default_size([620.0, 520.0])
            .max_width(680.0)
            .show(ctx, |ui| self.signoff_ui(ui));
        if !open {
            self.tools.signoff = None;
        }
    }

    fn signoff_ui(&mut self, ui: &mut egui::Ui) {
        let project = &self.project;
        let Some(state) = self.tools.signoff.as_mut() else {
            return;
        };
        let name_of = |target: Option<VersionId>| match target.and_then(|id| project.version(id)) {
            Some(version) => format!(
                "{} ({})",
                version.label,
                super::versions_panel::status_label(version.status)
            ),
            None => "The draft (snapshot it first)".to_string(),
        };
        egui::Grid::new("sign-off grid")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Version:");
                egui::ComboBox::from_id_salt("sign-off version")
                    .selected_text(name_of(state.target))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.target, None, name_of(None));
                        for version in project.versions().iter().rev() {
                            if !version.status.is_frozen() {
                                ui.selectable_value(
                                    &mut state.target,
                                    Some(version.id),
                                    name_of(Some(version.id)),
                                );
                            }
                        }
                    })
                    .response
                    .accessible_name("Version to sign off");
                ui.end_row();
                let label = ui.label("Signer:");
                ui.text_edit_singleline(&mut state.signer)
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Role:");
                ui.add(
                    egui::TextEdit::singleline(&mut state.role).hint_text("e.g. General Counsel"),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        state.refresh(project);
        ui.separator();
        let mut go_to = None;
        if state.gate.is_empty() {
            ui.label(RichText::new("Nothing stands in the way").strong());
        } else {
            ui.label(
                RichText::new(format!(
                    "{} blockers: resolve each or override it",
                    state.gate.len()
                ))
                .strong(),
            );
            let all_overridden = state
                .gate
                .iter()
                .all(|blocker| state.overrides.contains(&blocker.key));
            let mut all = all_overridden;
            if ui.checkbox(&mut all, "Override all").changed() {
                for blocker in &state.gate {
                    if all {
                        state.overrides.insert(blocker.key.clone());
                    } else {
                        state.overrides.remove(&blocker.key);
                    }
                }
            }
            egui::ScrollArea::vertical()
                .id_salt("gate")
                .max_height(320.0)
                .show(ui, |ui| {
                    for blocker in &state.gate {
                        ui.horizontal(|ui| {
                            let mut overridden = state.overrides.contains(&blocker.key);
                            if ui
                                .checkbox(&mut overridden, "Override")
                                .accessible_name(format!("Override {}", blocker.key))
                                .changed()
                            {
                                if overridden {
                                    state.overrides.insert(blocker.key.clone());
                                } else {
                                    state.overrides.remove(&blocker.key);
                                }
                            }
                            if ui
                                .link("Go to")
                                .accessible_name(format!("Go to {}", blocker.key))
                                .clicked()
                            {
                                go_to = Some(blocker.location.clone());
                            }
                            ui.label(
                                RichText::new(format!(
                                    "{} ({})",
                                    blocker.key,
                                    blocker.category.name()
                                ))
                                .strong(),
                            );
                        });
                        ui.label(&blocker.description);
                        ui.add_space(4.0);
                    }
                });
        }
        ui.separator();
        ui.checkbox(&mut state.with_key, "Sign with my key")
            .on_hover_text(
                "Adds an Ed25519 signature made with a key Redline keeps in your config folder",
            );
        let ready = state.ready();
        let mut sign = None;
        let mut cancel = false;
        ui.horizontal(|ui| {
            let button = ui
                .add_enabled(ready, egui::Button::new("Sign off"))
                .on_disabled_hover_text(
                    "Needs a signer and a role, and every blocker resolved or overridden",
                );
            if button.clicked() {
                let overrides = state
                    .gate
                    .iter()
                    .filter(|blocker| state.overrides.contains(&blocker.key))
                    .map(|blocker| blocker.key.clone())
                    .collect();
                sign = Some(ToolCommand::SignOff {
                    version: state.target,
                    signer: state.signer.trim().to_string(),
                    role: state.role.trim().to_string(),
                    overrides,
                    with_key: state.with_key,
                });
            }
            if ui
                .button("Cancel")
                .accessible_name("Cancel sign-off")
                .clicked()
            {
                cancel = true;
            }
        });
        if cancel {
            self.tools.signoff = None;
        }
        if let Some(command) = sign {
            self.queue.push(tool(command));
        }
        if let Some(location) = go_to {
            self.queue.push(tool(ToolCommand::GoTo(location)));
        }
    }
}
