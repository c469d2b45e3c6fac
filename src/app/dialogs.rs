//! Modal dialogs: who you are, unsaved changes, bulk confirmation, a typed
//! path when no file dialog exists, crash recovery, the file on disk (in
//! use by another window, changed since it was opened, or about to be
//! replaced), a link, a new table, the keyboard shortcuts and About. Only the
//! top modal of the stack is shown; each closes itself by being popped. In
//! every one, Enter does what its main button does and Escape cancels, as in
//! Word.

use super::RedlineApp;
use super::editor::actions::EditRequest;
use super::editor::input::EditorInput;
use super::files::{Disk, Recovery};
use super::state::{AppCommand, Pending};
use crate::formats::atomic::Expect;
use crate::formats::lock::LockHolder;
use crate::model::links::LinkTarget;
use crate::model::{Command, Person};
use egui::{Id, Key, RichText};
use std::path::PathBuf;

/// A modal dialog.
#[derive(Debug)]
pub enum Modal {
    /// Ask the user's name and initials.
    Identity {
        /// Name typed so far.
        name: String,
        /// Initials typed so far.
        initials: String,
    },
    /// Save, discard or cancel before `then`.
    Unsaved {
        /// What to do afterwards.
        then: Pending,
    },
    /// Confirm a bulk accept or reject.
    ConfirmBulk {
        /// Accept (true) or reject.
        accepting: bool,
        /// Only this reviewer's.
        author: Option<String>,
        /// How many changes it touches.
        count: usize,
    },
    /// No dialog service: type a path.
    PathPrompt {
        /// Opening (true) or saving.
        opening: bool,
        /// The path typed so far.
        path: String,
    },
    /// Offer to restore a recovery file.
    Recovery(Box<Recovery>),
    /// Another window has the file open: offer it read-only.
    Locked {
        /// The file.
        path: PathBuf,
        /// Who has it open.
        holder: LockHolder,
    },
    /// The file changed on disk since it was opened: reload or save as.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// Saving would replace another existing file.
    ConfirmReplace {
        /// The file.
        path: PathBuf,
    },
    /// Insert or edit a link.
    Link {
        /// The address typed so far.
        address: String,
        /// The text to show (for a new link with nothing selected).
        text: String,
        /// The selection (or the caret's link) has a link already.
        existing: bool,
        /// Text is selected (the link goes on it).
        has_selection: bool,
        /// Why the address cannot be used, once OK was pressed.
        error: Option<String>,
    },
    /// Insert a table.
    Table {
        /// Rows.
        rows: usize,
        /// Columns.
        columns: usize,
    },
    /// The keyboard shortcuts.
    Shortcuts,
    /// What Redline is.
    About,
}

impl Modal {
    /// The identity dialog, pre-filled.
    pub fn identity(current: Option<Person>) -> Modal {
        let current = current.unwrap_or_default();
        Modal::Identity {
            name: current.name,
            initials: current.initials,
        }
    }

    /// The typed-path dialog.
    pub fn path_prompt(opening: bool, suggested: String) -> Modal {
        let path = if suggested.is_empty() {
            String::new()
        } else {
            std::env::current_dir()
                .map(|dir| dir.join(&suggested).display().to_string())
                .unwrap_or(suggested)
        };
        Modal::PathPrompt { opening, path }
    }

    /// The link dialog, filled with the link there is.
    pub fn link(existing: Option<LinkTarget>, has_selection: bool) -> Modal {
        Modal::Link {
            address: existing
                .as_ref()
                .map(|link| link.as_str().to_string())
                .unwrap_or_default(),
            text: String::new(),
            existing: existing.is_some(),
            has_selection,
            error: None,
        }
    }

    /// The insert-table dialog (three by three to start with).
    pub fn table() -> Modal {
        Modal::Table {
            rows: 3,
            columns: 3,
        }
    }

    /// The dialog's title.
    pub fn title(&self) -> &'static str {
        match self {
            Modal::Identity { .. } => "Who are you?",
            Modal::Unsaved { .. } => "Unsaved changes",
            Modal::ConfirmBulk {
                accepting: true, ..
            } => "Accept changes?",
            Modal::ConfirmBulk { .. } => "Reject changes?",
            Modal::PathPrompt { opening: true, .. } => "Open a file",
            Modal::PathPrompt { .. } => "Save as",
            Modal::Recovery(_) => "Restore unsaved work?",
            Modal::Locked { .. } => "Open read-only?",
            Modal::ChangedOnDisk { .. } => "Changed on disk",
            Modal::ConfirmReplace { .. } => "Replace the file?",
            Modal::Link { existing: true, .. } => "Edit link",
            Modal::Link { .. } => "Insert link",
            Modal::Table { .. } => "Insert table",
            Modal::Shortcuts => "Keyboard shortcuts",
            Modal::About => "About Redline",
        }
    }
}

enum Outcome {
    Keep,
    Close,
    Run(Vec<AppCommand>),
    SetUser(Person),
    SaveThen(Pending),
    Discard(Pending),
    Restore,
    DiscardRecovery,
    OpenReadOnly(PathBuf),
    Reload,
    Replace(PathBuf),
}

impl RedlineApp {
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let project_name = self.display_name();
        // A dialog's first text field takes the keyboard when it opens, so
        // that typing goes there at once.
        let just_opened = self.modals.len() != self.modals_seen;
        self.modals_seen = self.modals.len();
        let Some(modal) = self.modals.last_mut() else {
            return;
        };
        let title = modal.title();
        let mut outcome = Outcome::Keep;
        // Enter is the main button; read once for the whole dialog.
        let enter = ctx.input(|input| input.key_pressed(Key::Enter) && !input.modifiers.shift);
        let response = egui::Modal::new(Id::unique("redline modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(title);
            ui.add_space(6.0);
            match modal {
                Modal::Identity { name, initials } => {
                    ui.label("Your name is recorded with your comments, suggestions and decisions.");
                    egui::Grid::new("identity grid").num_columns(2).show(ui, |ui| {
                        let label = ui.label("Name:");
                        let response = ui.text_edit_singleline(name).labelled_by(label.id);
                        if just_opened {
                            response.request_focus();
                        }
                        if response.changed() {
                            *initials = Person::initials_of(name);
                        }
                        ui.end_row();
                        let label = ui.label("Initials:");
                        ui.text_edit_singleline(initials).labelled_by(label.id);
                        ui.end_row();
                    });
                    let ready = !name.trim().is_empty() && !initials.trim().is_empty();
                    ui.horizontal(|ui| {
                        if ui.add_enabled(ready, egui::Button::new("Continue")).clicked() || (enter && ready) {
                            outcome = Outcome::SetUser(Person::new(name.trim(), initials.trim()));
                        }
                        if ui.button("Cancel").accessible_name("Cancel name").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::Unsaved { then } => {
                    let action = match then {
                        Pending::Quit => "closing",
                        Pending::New => "starting a new project",
                        Pending::Open | Pending::OpenPath(_) => "opening another file",
                        Pending::Import => "importing a file",
                    };
                    ui.label(format!(
                        "{project_name} has unsaved changes. Save them before {action}?"
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() || enter {
                            outcome = Outcome::SaveThen(then.clone());
                        }
                        if ui.button("Discard").accessible_name("Discard changes").clicked() {
                            outcome = Outcome::Discard(then.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::ConfirmBulk {
                    accepting,
                    author,
                    count,
                } => {
                    let verb = if *accepting { "accept" } else { "reject" };
                    let by = author
                        .as_ref()
                        .map(|name| format!(" by {name}"))
                        .unwrap_or_default();
                    let changes = if *count == 1 { "change" } else { "changes" };
                    ui.label(format!("This will {verb} {count} {changes}{by}."));
                    if *accepting {
                        ui.label(
                            RichText::new("Alternatives, orphaned and conflicting suggestions are left pending.")
                                .weak(),
                        );
                    }
                    ui.label(RichText::new("Undo can take it back.").weak());
                    ui.horizontal(|ui| {
                        let confirm = format!("{}{} {count} {changes}", verb[..1].to_uppercase(), &verb[1..]);
                        if ui.button(confirm).accessible_name(format!("Confirm {verb}")).clicked() || enter {
                            let command = if *accepting {
                                Command::AcceptAll {
                                    author: author.clone(),
                                }
                            } else {
                                Command::RejectAll {
                                    author: author.clone(),
                                }
                            };
                            outcome = Outcome::Run(vec![AppCommand::Model(command)]);
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::PathPrompt { opening, path } => {
                    ui.label(
                        "No file dialog is available here (neither the desktop portal nor zenity was found). Type the file's path instead:",
                    );
                    let label = ui.label("File path:");
                    let response = ui
                        .add(egui::TextEdit::singleline(path).desired_width(420.0))
                        .labelled_by(label.id);
                    if just_opened {
                        response.request_focus();
                    }
                    let entered =
                        response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        let verb = if *opening { "Open" } else { "Save" };
                        let ready = !path.trim().is_empty();
                        if ui.add_enabled(ready, egui::Button::new(verb)).clicked() || (entered && ready)
                        {
                            let path = std::path::PathBuf::from(path.trim());
                            outcome = Outcome::Run(vec![if *opening {
                                AppCommand::Guarded(Pending::OpenPath(path))
                            } else {
                                AppCommand::SaveTo(path)
                            }]);
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::Recovery(recovery) => {
                    let origin = recovery
                        .origin
                        .as_ref()
                        .map_or("an untitled project".to_string(), |path| {
                            path.display().to_string()
                        });
                    ui.label(format!(
                        "Redline did not close cleanly last time. Unsaved work on {origin} was recovered."
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() || enter {
                            outcome = Outcome::Restore;
                        }
                        if ui.button("Discard").accessible_name("Discard recovered work").clicked() {
                            outcome = Outcome::DiscardRecovery;
                        }
                    });
                    ui.label(RichText::new("Escape keeps the recovered work for the next start.").weak());
                }
                Modal::Locked { path, holder } => {
                    ui.label(format!("{} is open in Redline by {holder}.", path.display()));
                    ui.label(
                        RichText::new("You can read it here; saving asks for a new name, so neither of you loses work.")
                            .weak(),
                    );
                    ui.horizontal(|ui| {
                        if ui.button("Open read-only").clicked() {
                            outcome = Outcome::OpenReadOnly(path.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::ChangedOnDisk { path } => {
                    ui.label(format!(
                        "{} was changed on disk after you opened it, by another program or Redline window. Nothing was saved: saving now would replace their changes.",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui
                            .button("Reload from disk")
                            .accessible_name("Reload from disk, discarding your changes")
                            .clicked()
                        {
                            outcome = Outcome::Reload;
                        }
                        if ui.button("Save As…").accessible_name("Save your version as another file").clicked() {
                            outcome = Outcome::Run(vec![AppCommand::SaveAs]);
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::ConfirmReplace { path } => {
                    ui.label(format!(
                        "{} already exists. Replace it with this project? (The old file is kept as .bak.)",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Replace").clicked() {
                            outcome = Outcome::Replace(path.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                    ui.label(RichText::new("Escape keeps the recovered work for the next start.").weak());
                }
                Modal::Link {
                    address,
                    text,
                    existing,
                    has_selection,
                    error,
                } => {
                    outcome = link_ui(
                        ui,
                        LinkFields {
                            address,
                            text,
                            existing: *existing,
                            has_selection: *has_selection,
                            error,
                        },
                        enter,
                        just_opened,
                    );
                }
                Modal::Table { rows, columns } => {
                    egui::Grid::new("table grid").num_columns(2).show(ui, |ui| {
                        let label = ui.label("Rows:");
                        ui.add(egui::DragValue::new(rows).range(1..=100)).labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("Columns:");
                        ui.add(egui::DragValue::new(columns).range(1..=20)).labelled_by(label.id);
                        ui.end_row();
                    });
                    ui.label(RichText::new("The table goes after the paragraph with the caret.").weak());
                    ui.horizontal(|ui| {
                        if ui.button("Insert").accessible_name("Insert table").clicked() || enter {
                            outcome = Outcome::Run(vec![AppCommand::Editor(EditorInput::Edit(
                                EditRequest::InsertTable {
                                    rows: *rows,
                                    columns: *columns,
                                },
                            ))]);
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Outcome::Close;
                        }
                    });
                }
                Modal::Shortcuts => {
                    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                        egui::Grid::new("shortcut list").num_columns(2).striped(true).show(ui, |ui| {
                            for (shortcut, action) in super::shortcuts::ORDERED
                                .iter()
                                .chain(super::shortcuts::EDITING_KEYS.iter())
                            {
                                ui.label(RichText::new(ui.ctx().format_shortcut(shortcut)).monospace());
                                ui.label(*action);
                                ui.end_row();
                            }
                        });
                    });
                    if ui.button("Close").clicked() || enter {
                        outcome = Outcome::Close;
                    }
                }
                Modal::About => {
                    ui.label(format!("Redline {}", env!("CARGO_PKG_VERSION")));
                    ui.label("A desk for reviewing privacy policies: the policy as a formatted page, every change a tracked suggestion or a recorded edit, comments beside the text, versions, checks and sign-off.");
                    ui.label(RichText::new("Document faces: DejaVu Sans (Bitstream Vera licence).").weak());
                    if ui.button("Close").clicked() || enter {
                        outcome = Outcome::Close;
                    }
                }
            }
        });
        // Escape (or a click outside) cancels, the name dialog included.
        if response.should_close() && matches!(outcome, Outcome::Keep) {
            outcome = Outcome::Close;
        }
        match outcome {
            Outcome::Keep => {}
            Outcome::Close => {
                if matches!(
                    self.modals.last(),
                    Some(Modal::PathPrompt { opening: false, .. } | Modal::ConfirmReplace { .. })
                ) {
                    self.after_save = None;
                }
                self.modals.pop();
            }
            Outcome::Run(commands) => {
                self.modals.pop();
                self.queue.extend(commands);
            }
            Outcome::SetUser(person) => {
                self.modals.pop();
                self.status = format!("Working as {} ({})", person.name, person.initials);
                self.prefs.user = Some(person);
            }
            Outcome::SaveThen(then) => {
                self.modals.pop();
                self.after_save = Some(then);
                self.queue.push(AppCommand::Save);
            }
            Outcome::Discard(then) => {
                self.modals.pop();
                // Forget the changes: the pending action replaces or closes the project.
                self.saved_state = self.project.state_id();
                self.run_pending(ctx, then);
            }
            Outcome::Restore => {
                if let Some(Modal::Recovery(recovery)) = self.modals.pop() {
                    let Recovery {
                        project,
                        origin,
                        slot,
                    } = *recovery;
                    let name = if origin.is_some() {
                        String::new()
                    } else {
                        "Untitled (recovered)".to_string()
                    };
                    // What the origin held when the work began is unknown:
                    // saving over it asks first.
                    self.replace_project(project, origin, name, Disk::default());
                    // The recovered files are this window's until saved.
                    self.autosave.adopt(slot);
                    // Unsaved until saved again: mark dirty by forgetting the saved state.
                    self.saved_state = u64::MAX;
                    self.status = "Recovered unsaved work; save it to keep it".to_string();
                }
            }
            Outcome::DiscardRecovery => {
                if let Some(Modal::Recovery(recovery)) = self.modals.pop() {
                    recovery.slot.remove();
                }
            }
            Outcome::OpenReadOnly(path) => {
                self.modals.pop();
                self.open_read_only(&path);
            }
            Outcome::Reload => {
                self.modals.pop();
                self.reload();
            }
            Outcome::Replace(path) => {
                self.modals.pop();
                self.write_project(ctx, &path, Expect::Anything);
            }
        }
    }
}

/// What the link dialog holds.
struct LinkFields<'a> {
    address: &'a mut String,
    text: &'a mut String,
    existing: bool,
    has_selection: bool,
    error: &'a mut Option<String>,
}

/// The link dialog's body: the address (and for a new link the text to
/// show). It never deletes text: OK sets the link, Remove link takes only
/// the link away.
fn link_ui(ui: &mut egui::Ui, fields: LinkFields<'_>, enter: bool, just_opened: bool) -> Outcome {
    let LinkFields {
        address,
        text,
        existing,
        has_selection,
        error,
    } = fields;
    let mut outcome = Outcome::Keep;
    let needs_text = !has_selection && !existing;
    egui::Grid::new("link grid").num_columns(2).show(ui, |ui| {
        let label = ui.label("Address:");
        let response = ui
            .add(
                egui::TextEdit::singleline(address)
                    .hint_text("https://… or mailto:…")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
        if just_opened {
            response.request_focus();
        }
        ui.end_row();
        if needs_text {
            let label = ui.label("Text to show:");
            ui.add(egui::TextEdit::singleline(text).desired_width(360.0))
                .labelled_by(label.id);
            ui.end_row();
        }
    });
    if let Some(message) = error {
        ui.label(RichText::new(message.as_str()).color(ui.visuals().error_fg_color));
    }
    ui.label(RichText::new("Links may point to web pages (http, https), email addresses (mailto) or a place in the document (#name).").weak().small());
    ui.horizontal(|ui| {
        let verb = if existing {
            "Update link"
        } else {
            "Insert link"
        };
        if ui.button("OK").accessible_name(verb).clicked() || enter {
            match LinkTarget::new(address) {
                Ok(target) => {
                    let shown = if text.trim().is_empty() {
                        address.trim().to_string()
                    } else {
                        text.trim().to_string()
                    };
                    outcome = Outcome::Run(vec![AppCommand::Editor(EditorInput::Edit(
                        EditRequest::Link {
                            target: Some(target),
                            text: if needs_text { shown } else { String::new() },
                        },
                    ))]);
                }
                Err(refused) => *error = Some(refused.to_string()),
            }
        }
        if existing && ui.button("Remove link").clicked() {
            outcome = Outcome::Run(vec![AppCommand::Editor(EditorInput::Edit(
                EditRequest::Link {
                    target: None,
                    text: String::new(),
                },
            ))]);
        }
        if ui.button("Cancel").accessible_name("Cancel link").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}
