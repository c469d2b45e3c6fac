//! File → Bring back a reviewer's copy…: the dialog that merges a returned
//! copy into the project, as `redline merge` does and through the same
//! formats-layer functions (`read_mark`, `import_copy`, `prepare_merge`,
//! `report_text`).
//!
//! The copy is picked with the file dialog (or typed); the dialog says what
//! its mark tells (its round and reviewer, or none), and takes the
//! reviewer's name — asked for when neither the round nor the file names
//! one, where the CLI stops with exit 2 — and an optional base version.
//! The merge is one undoable step; the dialog then shows the same report
//! `redline merge` prints: what came in (comments, suggestions, untracked
//! edits, orphans, conflicts) and which base was chosen and why.

use super::RedlineApp;
use super::files::DialogResult;
use crate::formats::FormatError;
use crate::formats::bring_back::{BringBackChoices, Preparation, prepare_merge, report_text};
use crate::formats::read_bounded;
use crate::formats::review_copy::{import_copy, new_round_id, read_mark};
use crate::model::{Command, Project, VersionId};
use egui::RichText;
use std::path::{Path, PathBuf};

/// The bring-back dialog's state.
#[derive(Default)]
pub struct BringBackState {
    /// The copy's path, as typed or picked.
    path: String,
    /// What the copy's mark and properties say, for the path they were read
    /// from.
    about: Option<(String, Vec<String>)>,
    /// Who reviewed the copy (empty: the round's reviewer, else the file's
    /// author).
    reviewer: String,
    /// The base version (`None`: the round's, else the most similar).
    base: Option<VersionId>,
    /// The copy names no reviewer: the name must be typed.
    needs_reviewer: bool,
    /// Why the last attempt failed.
    error: Option<String>,
    /// No file dialog could be shown: the path is typed.
    no_file_dialog: bool,
    /// The report of the merge done, line by line.
    report: Option<Vec<String>>,
}

impl BringBackState {
    /// The dialog for the copy at `path`.
    pub fn for_copy(path: &Path) -> BringBackState {
        BringBackState {
            path: path.display().to_string(),
            ..BringBackState::default()
        }
    }

    /// The lines that say what the copy's mark tells, read again when the
    /// path changed.
    fn refresh_about(&mut self, project: &Project) {
        let path = self.path.trim().to_string();
        if path.is_empty() || self.about.as_ref().is_some_and(|(read, _)| *read == path) {
            return;
        }
        self.needs_reviewer = false;
        self.about = Some((path.clone(), about_copy(project, Path::new(&path))));
    }
}

/// What a copy's mark and properties tell, in words.
fn about_copy(project: &Project, path: &Path) -> Vec<String> {
    let mark = match read_bounded(path).and_then(|bytes| read_mark(path, &bytes, None)) {
        Ok(mark) => mark,
        Err(error) => return vec![format!("Cannot read it: {error}")],
    };
    let mut lines = Vec::new();
    match &mark.round {
        Some(id) => match project.round_book().round(id) {
            Some(round) => lines.push(format!(
                "Marked as the copy of round {id}, sent to {}: the base is the version sent and the edits typed without Track Changes are {}'s.",
                round.reviewer.name, round.reviewer.name
            )),
            None => lines.push(format!(
                "Marked with round {id}, which is not a round of this project: the base is the version most like it."
            )),
        },
        None => lines.push(
            "It carries no round mark: the base is the version most like it, unless you choose one."
                .to_string(),
        ),
    }
    if let Some(problem) = &mark.bad_mark {
        lines.push(format!("Warning: {problem}"));
    }
    if let Some(name) = &mark.last_saved_by {
        lines.push(format!("Last saved by {name} (the file's properties)."));
    }
    lines
}

/// Reads the copy at `path` and prepares its merge into `project`, with
/// the warnings its reading gave (each as a report line).
fn prepare_copy(
    project: &Project,
    path: &Path,
    choices: &BringBackChoices,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Preparation, Vec<String>), FormatError> {
    let bytes = read_bounded(path)?;
    let mark = read_mark(path, &bytes, None)?;
    let imported = import_copy(path, &bytes, &mark, now)?;
    let warnings = imported
        .warnings
        .iter()
        .chain(&mark.bad_mark)
        .map(|warning| format!("warning: {warning}"))
        .collect();
    let new_round = new_round_id(path)?;
    let preparation = prepare_merge(project, path, &bytes, &mark, imported, choices, new_round)?;
    Ok((preparation, warnings))
}

impl RedlineApp {
    /// Asks for a returned copy and opens the dialog on it.
    pub(super) fn open_bring_back(&mut self) {
        match self.dialog.pick_returned_copy() {
            DialogResult::Picked(path) => {
                self.tools.bring_back = Some(BringBackState::for_copy(&path));
            }
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                self.tools.bring_back = Some(BringBackState {
                    no_file_dialog: true,
                    ..BringBackState::default()
                });
            }
        }
    }

    pub(super) fn bring_back_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Bring back a reviewer's copy", ctx)
            .open(&mut open)
            .default_width(640.0)
            .max_width(900.0)
            .show(ctx, |ui| self.bring_back_ui(ui));
        if !open {
            self.tools.bring_back = None;
        }
    }

    fn bring_back_ui(&mut self, ui: &mut egui::Ui) {
        let project = &self.project;
        let Some(state) = self.tools.bring_back.as_mut() else {
            return;
        };
        if let Some(report) = &state.report {
            ui.label(RichText::new("What came in").strong());
            egui::ScrollArea::vertical()
                .id_salt("bring back report")
                .max_height(420.0)
                .show(ui, |ui| {
                    for line in report {
                        ui.label(RichText::new(line).monospace());
                    }
                });
            ui.horizontal(|ui| {
                if ui
                    .button("Close")
                    .accessible_name("Close the report")
                    .clicked()
                {
                    self.tools.bring_back = None;
                }
            });
            return;
        }
        state.refresh_about(project);
        let mut browse = false;
        egui::Grid::new("bring back grid")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Reviewer's copy:");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut state.path)
                            .desired_width(380.0)
                            .hint_text(".docx, CriticMarkup/Markdown or commented text"),
                    )
                    .labelled_by(label.id);
                    if ui
                        .button("Browse…")
                        .accessible_name("Browse for the reviewer's copy")
                        .clicked()
                    {
                        browse = true;
                    }
                });
                ui.end_row();
                let label = ui.label("Reviewed by:");
                ui.add(
                    egui::TextEdit::singleline(&mut state.reviewer)
                        .desired_width(300.0)
                        .hint_text(if state.needs_reviewer {
                            "required: who reviewed the copy"
                        } else {
                            "the round's reviewer, else the file's author"
                        }),
                )
                .labelled_by(label.id);
                ui.end_row();
                ui.label("Base:");
                let name =
                    |version: Option<VersionId>| match version.and_then(|id| project.version(id)) {
                        Some(found) => format!("{} \"{}\"", found.id, found.label),
                        None => "Automatic: the version sent, else the most similar".to_string(),
                    };
                egui::ComboBox::from_id_salt("bring back base")
                    .selected_text(name(state.base))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.base, None, name(None));
                        for version in project.versions().iter().rev() {
                            ui.selectable_value(
                                &mut state.base,
                                Some(version.id),
                                name(Some(version.id)),
                            );
                        }
                    })
                    .response
                    .accessible_name("Base version");
                ui.end_row();
            });
        if state.no_file_dialog && state.path.trim().is_empty() {
            ui.label(
                RichText::new(
                    "No file dialog is available here (neither the desktop portal nor zenity was found): type the copy's path.",
                )
                .weak(),
            );
        }
        if let Some((_, about)) = &state.about {
            for line in about {
                ui.label(RichText::new(line).weak());
            }
        }
        if state.needs_reviewer {
            ui.label(
                RichText::new(
                    "Who reviewed this copy? It carries no round of this project and its file names no author: type the reviewer's name, then Bring back.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(error) = &state.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        let reviewer_known = !state.needs_reviewer || !state.reviewer.trim().is_empty();
        let ready = !state.path.trim().is_empty() && reviewer_known;
        let mut bring = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ready, egui::Button::new("Bring back"))
                .accessible_name("Bring the copy back")
                .clicked()
            {
                bring = true;
            }
        });
        if browse {
            let answer = self.dialog.pick_returned_copy();
            if let Some(state) = self.tools.bring_back.as_mut() {
                match answer {
                    DialogResult::Picked(path) => state.path = path.display().to_string(),
                    DialogResult::Cancelled => {}
                    DialogResult::Unavailable => state.no_file_dialog = true,
                }
            }
            return;
        }
        if bring {
            self.bring_back();
        }
    }

    /// Merges the copy the dialog names; shows the report, or asks for the
    /// reviewer's name when nothing names one.
    fn bring_back(&mut self) {
        let Some(state) = self.tools.bring_back.as_ref() else {
            return;
        };
        let path = PathBuf::from(state.path.trim());
        let choices = BringBackChoices {
            reviewer: Some(state.reviewer.trim().to_string()).filter(|name| !name.is_empty()),
            round: None,
            base: state.base,
        };
        let now = self.actor().now;
        let prepared = prepare_copy(&self.project, &path, &choices, now);
        let fail = |app: &mut RedlineApp, message: String| {
            if let Some(state) = app.tools.bring_back.as_mut() {
                state.error = Some(message);
            }
        };
        let (prepared, warnings) = match prepared {
            Ok((Preparation::Ready(prepared), warnings)) => (prepared, warnings),
            Ok((Preparation::NeedsReviewer, _)) => {
                if let Some(state) = self.tools.bring_back.as_mut() {
                    state.needs_reviewer = true;
                    state.error = None;
                }
                return;
            }
            Err(error) => return fail(self, format!("Nothing brought back: {error}")),
        };
        let plan = match self.project.plan_merge(&prepared.request) {
            Ok(plan) => plan,
            Err(error) => return fail(self, format!("Nothing brought back: {error}")),
        };
        let report = plan.report().clone();
        let state_before = self.project.state_id();
        if self
            .apply_model(Command::MergeCopy(Box::new(plan)))
            .is_none()
        {
            return;
        }
        let changed = self.project.state_id() != state_before;
        let text = report_text(&report, changed, false, prepared.formatting_compared);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.extend(warnings);
        self.status = format!(
            "Brought back {}'s copy: {}",
            report.reviewer,
            report.counts.in_words(false)
        );
        if let Some(state) = self.tools.bring_back.as_mut() {
            state.report = Some(lines);
            state.error = None;
        }
    }
}
