//! The sign-off dialog: which version (or the draft, snapshotted first),
//! who signs, in what role and for what (publication or internal approval),
//! the gate with every blocker (a "Go to" link each, and an "Override" box
//! with a reason field where the purpose allows an override), and an
//! optional Ed25519 signature. Also the warning shown when an opened
//! project's sign-off chain is broken, and the key that signs manifests.
//!
//! Invariants:
//! - "Sign off" is enabled only while every blocker of the gate is
//!   overridden with a reason, and none of them is one the purpose forbids
//!   overriding (a sign-off for publication must resolve pending suggestions
//!   and template alternatives);
//! - "Override all" needs its own typed reason and, after "Sign off", a
//!   second confirmation in the dialog before anything is signed;
//! - blockers that get resolved drop out of the gate, which is recomputed
//!   whenever the project changes. For the draft the gate is that of the
//!   snapshot the sign-off would take (computed on a copy).

use super::RedlineApp;
use super::tool_types::{SignOffAsk, ToolCommand, today, tool};
use crate::formats::{FormatError, signing_key};
use crate::model::signoff::OVERRIDE_ALL;
use crate::model::{
    Actor, Blocker, Command, OverrideRequest, Person, Project, SignOffPurpose, VersionId,
    VersionStatus,
};
use egui::RichText;
use std::collections::BTreeMap;

/// The sign-off dialog's state.
pub struct SignOffState {
    /// The version; `None` for the draft.
    target: Option<VersionId>,
    signer: String,
    role: String,
    purpose: SignOffPurpose,
    /// Blocker key → reason, for each blocker ticked "Override".
    reasons: BTreeMap<String, String>,
    override_all: bool,
    all_reason: String,
    /// "Sign off" was pressed with "Override all": the second confirmation
    /// is showing.
    confirming_all: bool,
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
            purpose: SignOffPurpose::Publication,
            reasons: BTreeMap::new(),
            override_all: false,
            all_reason: String::new(),
            confirming_all: false,
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
        self.confirming_all = false;
    }

    /// The blockers this purpose does not let the signer override.
    fn must_resolve(&self) -> impl Iterator<Item = &Blocker> {
        self.gate
            .iter()
            .filter(|blocker| !blocker.can_override(self.purpose))
    }

    fn has_reason(&self, blocker: &Blocker) -> bool {
        (self.override_all && !self.all_reason.trim().is_empty())
            || self
                .reasons
                .get(&blocker.key)
                .is_some_and(|reason| !reason.trim().is_empty())
    }

    fn ready(&self) -> bool {
        !self.signer.trim().is_empty()
            && !self.role.trim().is_empty()
            && self.must_resolve().next().is_none()
            && self.gate.iter().all(|blocker| self.has_reason(blocker))
    }

    /// The overrides to send: `all` with its reason, or one per ticked
    /// blocker still in the gate.
    fn override_requests(&self) -> Vec<OverrideRequest> {
        if self.override_all {
            return vec![OverrideRequest {
                name: OVERRIDE_ALL.to_string(),
                reason: self.all_reason.trim().to_string(),
            }];
        }
        self.gate
            .iter()
            .filter_map(|blocker| {
                self.reasons
                    .get(&blocker.key)
                    .map(|reason| OverrideRequest {
                        name: blocker.key.clone(),
                        reason: reason.trim().to_string(),
                    })
            })
            .collect()
    }

    fn command(&self) -> ToolCommand {
        ToolCommand::SignOff(SignOffAsk {
            version: self.target,
            signer: self.signer.trim().to_string(),
            role: self.role.trim().to_string(),
            purpose: self.purpose,
            overrides: self.override_requests(),
            override_all_confirmed: self.override_all,
            with_key: self.with_key,
        })
    }
}

/// The purpose as the dialog names it.
fn purpose_label(purpose: SignOffPurpose) -> &'static str {
    match purpose {
        SignOffPurpose::Publication => "For publication",
        SignOffPurpose::InternalApproval => "For internal approval",
    }
}

impl RedlineApp {
    pub(super) fn signoff_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Sign-off", ctx)
            .open(&mut open)
            .default_size([620.0, 520.0])
            .max_width(680.0)
            .show(ctx, |ui| self.signoff_ui(ui));
        if !open {
            self.tools.signoff = None;
        }
    }

    /// Warns (in the window and on stderr) when the project's sign-off chain
    /// is broken; called whenever a project is opened.
    pub(super) fn warn_if_chain_broken(&mut self) {
        let problems = self.project.signoff_problems();
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                count => format!(" (and {} more problem(s))", count - 1),
            };
            self.notice(
                format!(
                    "{}: the sign-off chain is broken: {first}{more}; do not rely on its sign-offs",
                    self.display_name()
                ),
                true,
            );
        }
    }

    /// The user's key for signing the manifest of an export of `version`,
    /// when the version is signed off and the user has a key.
    pub(super) fn manifest_key(
        &self,
        version: Option<VersionId>,
    ) -> Result<Option<[u8; 32]>, FormatError> {
        let frozen = version
            .and_then(|id| self.project.version(id))
            .is_some_and(|version| version.status.is_frozen());
        match (&self.config_dir, frozen) {
            (Some(folder), true) => signing_key::load(folder),
            _ => Ok(None),
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
                ui.label("Purpose:");
                egui::ComboBox::from_id_salt("sign-off purpose")
                    .selected_text(purpose_label(state.purpose))
                    .show_ui(ui, |ui| {
                        for purpose in [
                            SignOffPurpose::Publication,
                            SignOffPurpose::InternalApproval,
                        ] {
                            ui.selectable_value(
                                &mut state.purpose,
                                purpose,
                                purpose_label(purpose),
                            );
                        }
                    })
                    .response
                    .accessible_name("Sign-off purpose");
                ui.end_row();
            });
        state.refresh(project);
        ui.separator();
        let go_to = gate_ui(ui, state);
        ui.separator();
        ui.checkbox(&mut state.with_key, "Sign with my key")
            .on_hover_text(
                "Adds an Ed25519 signature made with a key Redline keeps in your config folder",
            );
        let ready = state.ready();
        let mut sign = None;
        let mut cancel = false;
        if state.confirming_all && ready {
            ui.label(
                RichText::new(format!(
                    "Override all {} blockers and sign off? Each is recorded as overridden with the reason \"{}\".",
                    state.gate.len(),
                    state.all_reason.trim()
                ))
                .strong(),
            );
            ui.horizontal(|ui| {
                if ui.button("Override all and sign off").clicked() {
                    sign = Some(state.command());
                }
                if ui
                    .button("Back")
                    .accessible_name("Back to the blockers")
                    .clicked()
                {
                    state.confirming_all = false;
                }
            });
        } else {
            state.confirming_all = false;
            ui.horizontal(|ui| {
                let button = ui
                    .add_enabled(ready, egui::Button::new("Sign off"))
                    .on_disabled_hover_text(
                        "Needs a signer and a role, and every blocker resolved or overridden with a reason",
                    );
                if button.clicked() {
                    if state.override_all {
                        state.confirming_all = true;
                    } else {
                        sign = Some(state.command());
                    }
                }
                if ui
                    .button("Cancel")
                    .accessible_name("Cancel sign-off")
                    .clicked()
                {
                    cancel = true;
                }
            });
        }
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

/// The gate: "Override all" with its reason, then each blocker with "Go
/// to", and either "Override" plus a reason field or why it must be
/// resolved. Returns the location of a "Go to" clicked.
fn gate_ui(
    ui: &mut egui::Ui,
    state: &mut SignOffState,
) -> Option<crate::model::signoff::BlockerLocation> {
    if state.gate.is_empty() {
        ui.label(RichText::new("Nothing stands in the way").strong());
        return None;
    }
    ui.label(
        RichText::new(format!(
            "{} blockers: resolve each or override it with a reason",
            state.gate.len()
        ))
        .strong(),
    );
    let must_resolve = state.must_resolve().count();
    if must_resolve > 0 {
        ui.label(format!(
            "{must_resolve} must be resolved before a sign-off for publication: pending suggestions and template alternatives cannot be overridden (a sign-off for internal approval can)"
        ));
    }
    ui.checkbox(&mut state.override_all, "Override all");
    if state.override_all {
        ui.horizontal(|ui| {
            let label = ui.label("Reason for overriding all:");
            ui.add(
                egui::TextEdit::singleline(&mut state.all_reason)
                    .hint_text("why every blocker may stand"),
            )
            .labelled_by(label.id);
        });
    }
    let mut go_to = None;
    let purpose = state.purpose;
    egui::ScrollArea::vertical()
        .id_salt("gate")
        .max_height(320.0)
        .show(ui, |ui| {
            for blocker in &state.gate {
                ui.horizontal(|ui| {
                    if !blocker.can_override(purpose) {
                        ui.label(RichText::new("Must be resolved").weak())
                            .on_hover_text("A sign-off for publication cannot override this");
                    } else if state.override_all {
                        ui.add_enabled(false, egui::Checkbox::new(&mut true, "Override"))
                            .accessible_name(format!("Override {}", blocker.key));
                    } else {
                        let mut overridden = state.reasons.contains_key(&blocker.key);
                        if ui
                            .checkbox(&mut overridden, "Override")
                            .accessible_name(format!("Override {}", blocker.key))
                            .changed()
                        {
                            if overridden {
                                state.reasons.insert(blocker.key.clone(), String::new());
                            } else {
                                state.reasons.remove(&blocker.key);
                            }
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
                        RichText::new(format!("{} ({})", blocker.key, blocker.category.name()))
                            .strong(),
                    );
                });
                ui.label(&blocker.description);
                if !state.override_all
                    && blocker.can_override(purpose)
                    && let Some(reason) = state.reasons.get_mut(&blocker.key)
                {
                    ui.add(
                        egui::TextEdit::singleline(reason)
                            .hint_text("why it may stand (recorded in the sign-off)"),
                    )
                    .accessible_name(format!("Reason for overriding {}", blocker.key));
                }
                ui.add_space(4.0);
            }
        });
    go_to
}
