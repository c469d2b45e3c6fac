//! The review tools around the desk: versions, compare, notices, sign-off,
//! export/import, checks, and review rounds (send, bring back). This module owns their state ([`Tools`]) and
//! applies the commands their windows queue; the types the windows share
//! (`ToolCommand`, `today`) live in `super::tool_types`, so that the
//! windows never import this module (and it imports them).
//!
//! Like every view, the tools' windows never change the project: model
//! changes go through [`AppCommand::Model`](super::AppCommand::Model); the few that need more than one
//! model command or a different actor (sign-off of the draft) go through
//! `AppCommand::Tool`.

use super::RedlineApp;
use super::checks_panel::ChecksState;
use super::compare_view::CompareState;
use super::layout::ItemId;
use super::notice_editor::NoticeState;
use super::review_export::ExportState;
use super::rounds_bring_back::BringBackState;
use super::rounds_send::SendState;
use super::signoff_dialog::SignOffState;
use super::tool_types::SignOffAsk;
pub use super::tool_types::ToolCommand;
use super::versions_panel::VersionsState;
use crate::model::signoff::BlockerLocation;
use crate::model::{Actor, Command, Person, SignOffRequest, VersionId, VersionStatus};

/// The tools' state.
#[derive(Default)]
pub struct Tools {
    /// The versions window is open.
    pub show_versions: bool,
    /// The checks panel is open.
    pub show_checks: bool,
    /// The version shown read-only instead of the draft.
    pub viewing: Option<VersionId>,
    pub(super) versions: VersionsState,
    pub(super) compare: Option<CompareState>,
    pub(super) notice: Option<NoticeState>,
    pub(super) signoff: Option<SignOffState>,
    pub(super) export: Option<ExportState>,
    pub(super) send: Option<SendState>,
    pub(super) bring_back: Option<BringBackState>,
    pub(super) checks: ChecksState,
    /// The path typed for an import when no file dialog exists.
    pub(super) import_path: Option<String>,
    pub(super) version_view: super::versions_panel::VersionView,
}

impl Tools {
    /// Forgets everything about the previous project; keeps which panels show.
    pub fn reset(&mut self) {
        *self = Tools {
            show_versions: self.show_versions,
            show_checks: self.show_checks,
            ..Tools::default()
        };
    }
}

impl RedlineApp {
    /// The version shown read-only, if any (`None`: the draft).
    pub fn viewing_version(&self) -> Option<VersionId> {
        self.tools.viewing
    }

    /// The open tool windows' titles (for tests and automation).
    pub fn open_tools(&self) -> Vec<&'static str> {
        let mut open = Vec::new();
        if self.tools.show_versions {
            open.push("Versions");
        }
        if self.tools.compare.is_some() {
            open.push("Compare");
        }
        if self.tools.notice.is_some() {
            open.push("Notice");
        }
        if self.tools.signoff.is_some() {
            open.push("Sign off");
        }
        if self.tools.export.is_some() {
            open.push("Export");
        }
        if self.tools.show_checks {
            open.push("Checks");
        }
        if self.tools.send.is_some() {
            open.push("Send for review");
        }
        if self.tools.bring_back.is_some() {
            open.push("Bring back");
        }
        open
    }

    pub(super) fn tool_windows_ui(&mut self, ctx: &egui::Context) {
        if self.tools.show_versions {
            self.versions_window_ui(ctx);
        }
        if self.tools.compare.is_some() {
            self.compare_window_ui(ctx);
        }
        if self.tools.notice.is_some() {
            self.notice_window_ui(ctx);
        }
        if self.tools.signoff.is_some() {
            self.signoff_window_ui(ctx);
        }
        if self.tools.export.is_some() {
            self.export_window_ui(ctx);
        }
        if self.tools.import_path.is_some() {
            self.import_prompt_ui(ctx);
        }
        if self.tools.send.is_some() {
            self.send_window_ui(ctx);
        }
        if self.tools.bring_back.is_some() {
            self.bring_back_window_ui(ctx);
        }
    }

    pub(super) fn apply_tool_command(&mut self, command: ToolCommand) {
        match command {
            ToolCommand::OpenCompare => {
                if self.tools.compare.is_none() {
                    self.tools.compare = Some(CompareState::new(&self.project));
                }
            }
            ToolCommand::OpenSignOff => {
                let user = self.actor().user.name;
                self.tools.signoff = Some(SignOffState::new(&self.project, user));
            }
            ToolCommand::OpenExport => {
                if self.tools.export.is_none() {
                    self.tools.export = Some(ExportState::default());
                }
            }
            ToolCommand::OpenSend => {
                if self.tools.send.is_none() {
                    self.tools.send = Some(SendState::default());
                }
            }
            ToolCommand::OpenBringBack => self.open_bring_back(),
            ToolCommand::ViewVersion(version) => {
                self.tools.viewing = version.filter(|id| self.project.version(*id).is_some());
                self.tools.version_view = Default::default();
            }
            ToolCommand::EditNotice(version) => {
                self.tools.notice = NoticeState::new(&self.project, version);
            }
            ToolCommand::GoTo(location) => {
                self.tools.viewing = None;
                match location {
                    BlockerLocation::Suggestion(id) => {
                        self.prefs.show_review = true;
                        self.focus(ItemId::Suggestion(id), true);
                        self.panel.scroll_to_card = Some(ItemId::Suggestion(id));
                    }
                    BlockerLocation::Comment(id) => {
                        self.prefs.show_review = true;
                        self.focus(ItemId::Comment(id), true);
                        self.panel.scroll_to_card = Some(ItemId::Comment(id));
                    }
                    BlockerLocation::VersionText(range) => self.go_to_byte(range.start),
                    BlockerLocation::Version => self.tools.show_versions = true,
                }
            }
            ToolCommand::GoToByte(byte) => {
                self.tools.viewing = None;
                self.go_to_byte(byte);
            }
            ToolCommand::SignOff(ask) => self.sign_off(ask),
        }
    }

    fn go_to_byte(&mut self, byte: usize) {
        self.ensure_index();
        let paragraph = self.index.paragraph_of(byte.min(self.project.text().len()));
        self.editor.scroll_to = Some(paragraph.saturating_sub(1));
    }

    fn sign_off(&mut self, ask: SignOffAsk) {
        let SignOffAsk {
            version,
            signer,
            role,
            purpose,
            overrides,
            override_all_confirmed,
            with_key,
        } = ask;
        let signing_key = if with_key {
            let Some(dir) = self.config_dir.clone() else {
                self.notice(
                    "no config folder is known here, so there is no key to sign with".to_string(),
                    true,
                );
                return;
            };
            match crate::formats::signing_key::load_or_create(&dir) {
                Ok(key) => Some(key),
                Err(error) => {
                    self.notice(error.to_string(), true);
                    return;
                }
            }
        } else {
            None
        };
        let mut actor = self.actor();
        if !signer.trim().is_empty() && signer.trim() != actor.user.name {
            actor = Actor {
                user: Person::new(signer.trim(), Person::initials_of(signer.trim())),
                now: actor.now,
            };
        }
        // Sign-off of the draft snapshots it first; on any error roll the
        // snapshot back so nothing half-done remains.
        let before = self.project.clone();
        let version = match version {
            Some(version) => version,
            None => {
                let snapshot = Command::TakeSnapshot {
                    label: None,
                    note: "Snapshot for sign-off".to_string(),
                    status: VersionStatus::UnderReview,
                };
                if let Err(error) = self.project.apply(snapshot, &actor) {
                    self.notice(error.to_string(), true);
                    return;
                }
                match self.project.versions().last() {
                    Some(last) => last.id,
                    None => return,
                }
            }
        };
        let request = SignOffRequest {
            version,
            role,
            purpose,
            overrides,
            override_all_confirmed,
            signing_key,
        };
        match self.project.apply(Command::SignOff(request), &actor) {
            Ok(outcome) => {
                self.status = if outcome.summary.is_empty() {
                    "Signed off".to_string()
                } else {
                    outcome.summary
                };
                self.tools.signoff = None;
                self.tools.show_versions = true;
            }
            Err(error) => {
                self.project = before;
                self.notice(error.to_string(), true);
            }
        }
    }
}
