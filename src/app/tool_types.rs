//! The types the tool windows (versions, compare, notices, sign-off,
//! export, checks) share with the app: the commands they queue and small
//! helpers. Kept apart from [`super::tools`], which holds the windows'
//! state and applies their commands, so that no window imports the module
//! that imports it.

use super::state::AppCommand;
use crate::model::signoff::BlockerLocation;
use crate::model::{OverrideRequest, SignOffPurpose, VersionId};

/// What a tool asks the app to do at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolCommand {
    /// Open the compare window.
    OpenCompare,
    /// Open the sign-off dialog.
    OpenSignOff,
    /// Open the export dialog.
    OpenExport,
    /// Open the send-for-review dialog.
    OpenSend,
    /// Pick a reviewer's copy and open the bring-back dialog on it.
    OpenBringBack,
    /// Show a version read-only in the document area (`None`: the draft).
    ViewVersion(Option<VersionId>),
    /// Open the notice editor of a version.
    EditNotice(VersionId),
    /// Go to a sign-off blocker (a card or the text).
    GoTo(BlockerLocation),
    /// Go to a byte of the draft.
    GoToByte(usize),
    /// Sign off a version, or the draft (snapshotted first).
    SignOff(SignOffAsk),
}

/// What the dialog asks the app to sign off.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffAsk {
    /// The version; `None` snapshots the draft first.
    pub version: Option<VersionId>,
    /// The signer's name.
    pub signer: String,
    /// The signer's role.
    pub role: String,
    /// What the sign-off is for.
    pub purpose: SignOffPurpose,
    /// The overrides, each with its reason.
    pub overrides: Vec<OverrideRequest>,
    /// The user confirmed overriding all blockers.
    pub override_all_confirmed: bool,
    /// Sign the record with the user's Ed25519 key.
    pub with_key: bool,
}

/// Today, in the user's time zone.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Asks under a tool's Save/Send button whether to replace `existing`
/// (`what`: "file", "copy"), as Word does: true when the user chose to
/// replace it; "Keep it" forgets the question and says nothing was written.
pub fn replace_question(
    ui: &mut egui::Ui,
    asked: &mut Option<std::path::PathBuf>,
    result: &mut Vec<String>,
    what: &str,
) -> bool {
    let Some(existing) = asked else {
        return false;
    };
    let mut replace = false;
    ui.label(format!("{} already exists.", existing.display()));
    ui.horizontal(|ui| {
        if ui
            .button("Replace it")
            .accessible_name(format!("Replace the existing {what}"))
            .clicked()
        {
            replace = true;
        }
        if ui
            .button("Keep it")
            .accessible_name(format!("Keep the existing {what}"))
            .clicked()
        {
            *asked = None;
            *result = vec!["Nothing written: choose another name".to_string()];
        }
    });
    replace
}

/// A queued tool command.
pub fn tool(command: ToolCommand) -> AppCommand {
    AppCommand::Tool(command)
}
