//! File → Export… (a version or the draft, in any export format, with the
//! policy history if wanted; the manifest is written beside an export of a
//! signed-off version) and File → Import… (any importable file, opened as a
//! new untitled project). Both go through `formats::export` and
//! `formats::import`, the same functions the CLI uses.

use super::RedlineApp;
use super::files::DialogResult;
use super::tool_types::replace_question;
use crate::formats::export::{ExportFormat, ExportRequest, default_export_path, export_to_file};
use crate::formats::import::import_file;
use crate::model::{Project, VersionId};
use egui::RichText;
use std::path::PathBuf;

/// The export dialog's state.
pub struct ExportState {
    format: ExportFormat,
    version: Option<VersionId>,
    history: bool,
    path: String,
    result: Vec<String>,
    /// An existing file the user was asked about replacing.
    replace_asked: Option<PathBuf>,
}

impl Default for ExportState {
    fn default() -> ExportState {
        ExportState {
            format: ExportFormat::Html,
            version: None,
            history: false,
            path: String::new(),
            result: Vec::new(),
            replace_asked: None,
        }
    }
}

/// A format's name in the dialog. Formats added later (e.g. Word) show
/// their short name until they get a longer one here.
fn format_label(format: ExportFormat) -> String {
    match format {
        ExportFormat::Criticmarkup => {
            "Review Markdown (CriticMarkup, the draft with its changes)".to_string()
        }
        ExportFormat::Md => "Markdown".to_string(),
        ExportFormat::Txt => "Plain text".to_string(),
        other => other.name().to_uppercase(),
    }
}

impl RedlineApp {
    pub(super) fn export_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Export the policy", ctx)
            .open(&mut open)
            .default_size([560.0, 320.0])
            .max_width(720.0)
            .show(ctx, |ui| self.export_ui(ui));
        if !open {
            self.tools.export = None;
        }
    }

    fn export_file_name(&self, state: &ExportState) -> PathBuf {
        let label = state
            .version
            .and_then(|id| self.project.version(id))
            .map(|version| version.label.clone());
        match &self.file {
            Some(file) => default_export_path(file, label.as_deref(), state.format),
            None => {
                let stem = super::sanitise_file_stem(&self.project.document().title);
                let suffix =
                    label.map(|label| format!("-{}", label.replace(char::is_whitespace, "-")));
                PathBuf::from(format!(
                    "{stem}{}.{}",
                    suffix.unwrap_or_default(),
                    state.format.extension()
                ))
            }
        }
    }

    fn export_ui(&mut self, ui: &mut egui::Ui) {
        let project: &Project = &self.project;
        let Some(state) = self.tools.export.as_mut() else {
            return;
        };
        let version_name =
            |version: Option<VersionId>| match version.and_then(|id| project.version(id)) {
                Some(version) => format!(
                    "{} ({})",
                    version.label,
                    super::versions_panel::status_label(version.status)
                ),
                None => "The draft".to_string(),
            };
        egui::Grid::new("export grid")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Format:");
                egui::ComboBox::from_id_salt("export format")
                    .selected_text(format_label(state.format))
                    .show_ui(ui, |ui| {
                        for format in ExportFormat::ALL {
                            ui.selectable_value(&mut state.format, format, format_label(format));
                        }
                    })
                    .response
                    .accessible_name("Export format");
                ui.end_row();
                ui.label("Version:");
                egui::ComboBox::from_id_salt("export version")
                    .selected_text(version_name(state.version))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.version, None, version_name(None));
                        for version in project.versions().iter().rev() {
                            ui.selectable_value(
                                &mut state.version,
                                Some(version.id),
                                version_name(Some(version.id)),
                            );
                        }
                    })
                    .response
                    .accessible_name("Version to export");
                ui.end_row();
                ui.label("");
                ui.add_enabled(
                    !state.format.is_review(),
                    egui::Checkbox::new(&mut state.history, "Include policy history"),
                );
                ui.end_row();
                let label = ui.label("Export to:");
                ui.add(
                    egui::TextEdit::singleline(&mut state.path)
                        .desired_width(360.0)
                        .hint_text("choose with Browse… or type a path"),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        if state.format.is_review() && state.version.is_some() {
            ui.label(
                RichText::new(
                    "A review export carries the draft with its pending changes: choose the draft.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        let mut browse = false;
        let mut export = false;
        ui.horizontal(|ui| {
            if ui
                .button("Browse…")
                .accessible_name("Browse for the export file")
                .clicked()
            {
                browse = true;
            }
            if ui.button("Export").clicked() {
                export = true;
            }
        });
        for line in &state.result {
            ui.label(line);
        }
        let replace = replace_question(ui, &mut state.replace_asked, &mut state.result, "file");
        if replace {
            self.run_export_replacing(true);
            return;
        }
        if browse || (export && state.path.trim().is_empty()) {
            self.browse_export_path();
        }
        if export {
            self.run_export_replacing(false);
        }
    }

    fn browse_export_path(&mut self) {
        let Some(state) = self.tools.export.as_ref() else {
            return;
        };
        let suggested = self.export_file_name(state);
        let name = suggested
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.dialog.pick_export(&name) {
            DialogResult::Picked(path) => {
                if let Some(state) = self.tools.export.as_mut() {
                    state.path = path.display().to_string();
                }
            }
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                if let Some(state) = self.tools.export.as_mut() {
                    state.path = suggested.display().to_string();
                    state.result = vec![
                        "No file dialog is available here: check the path in \"Export to\", then Export."
                            .to_string(),
                    ];
                }
            }
        }
    }

    /// Exports; an existing file is replaced only once the user said so
    /// (`replace`), else they are asked first.
    fn run_export_replacing(&mut self, replace: bool) {
        let version = self.tools.export.as_ref().and_then(|state| state.version);
        let manifest_key = match self.manifest_key(version) {
            Ok(key) => key,
            Err(error) => {
                self.notice(error.to_string(), true);
                return;
            }
        };
        let Some(state) = self.tools.export.as_mut() else {
            return;
        };
        if state.path.trim().is_empty() {
            return;
        }
        let path = PathBuf::from(state.path.trim());
        if self
            .file
            .as_deref()
            .is_some_and(|file| crate::formats::atomic::is_same_file(file, &path))
        {
            state.result = vec![format!(
                "Export failed: {} is this project's own file; choose another name",
                path.display()
            )];
            return;
        }
        let confirmed = replace && state.replace_asked.as_deref() == Some(path.as_path());
        if path.exists() && !confirmed {
            state.replace_asked = Some(path);
            state.result.clear();
            return;
        }
        state.replace_asked = None;
        let request = ExportRequest {
            format: state.format,
            version: state.version,
            history: state.history && !state.format.is_review(),
            paper: None,
            version_label: false,
        };
        let rules = crate::formats::atomic::WriteRules {
            edit_lock: self.disk.lock.as_ref(),
            ..crate::formats::atomic::WriteRules::REPLACE
        };
        match export_to_file(&self.project, request, &path, manifest_key.as_ref(), &rules) {
            Ok(outcome) => {
                let mut lines = vec![format!("Wrote {}", path.display())];
                match &outcome.manifest {
                    Some(manifest) => lines.push(format!(
                        "Manifest: {}{}",
                        manifest.display(),
                        if manifest_key.is_some() {
                            " (signed with your key)"
                        } else {
                            " (not signed: you have no signing key)"
                        }
                    )),
                    None => lines.push(
                        "No manifest: only exports of signed-off versions get one".to_string(),
                    ),
                }
                if outcome.pending_left_out > 0 {
                    lines.push(format!(
                        "Warning: {} pending suggestions were left out (a clean export has the text as it stands)",
                        outcome.pending_left_out
                    ));
                }
                lines.extend(
                    outcome
                        .warnings
                        .iter()
                        .map(|warning| format!("Warning: {warning}")),
                );
                self.status = lines[0].clone();
                state.result = lines;
            }
            Err(error) => {
                state.result = vec![format!("Export failed: {error}")];
                self.notice(error.to_string(), true);
            }
        }
    }

    /// Asks for a file and opens it imported, as a new untitled project
    /// (the unsaved-changes question was asked before).
    pub(super) fn import_picked(&mut self) {
        let path = match self.dialog.pick_import() {
            DialogResult::Picked(path) => path,
            DialogResult::Cancelled => return,
            DialogResult::Unavailable => {
                self.tools.import_path = Some(String::new());
                return;
            }
        };
        self.import_path(&path);
    }

    /// The typed-path prompt for importing when no file dialog exists.
    pub(super) fn import_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(typed) = self.tools.import_path.as_mut() else {
            return;
        };
        let mut open = true;
        let mut import = None;
        super::chrome::tool_window("Import a file", ctx)
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(
                    "No file dialog is available here (neither the desktop portal nor zenity was found). Type the path of the file to import:",
                );
                let label = ui.label("File to import:");
                ui.add(egui::TextEdit::singleline(typed).desired_width(420.0))
                    .labelled_by(label.id);
                if ui
                    .add_enabled(!typed.trim().is_empty(), egui::Button::new("Import"))
                    .accessible_name("Import the file")
                    .clicked()
                {
                    import = Some(PathBuf::from(typed.trim()));
                }
            });
        if !open {
            self.tools.import_path = None;
        }
        if let Some(path) = import {
            self.tools.import_path = None;
            self.import_path(&path);
        }
    }

    fn import_path(&mut self, path: &std::path::Path) {
        let imported = match import_file(path, None, chrono::Utc::now()) {
            Ok(imported) => imported,
            Err(error) => {
                self.notice(error.to_string(), true);
                return;
            }
        };
        match Project::from_parts(imported.parts) {
            Ok(project) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |name| name.to_string_lossy().into_owned(),
                );
                self.replace_project(
                    project,
                    None,
                    format!("Untitled (imported from {name})"),
                    super::files::Disk::default(),
                );
                // Not saved anywhere yet.
                self.saved_state = u64::MAX;
                self.status = format!("Imported {}", path.display());
                for warning in imported.warnings {
                    self.notice(format!("import: {warning}"), false);
                }
            }
            Err(error) => self.notice(error.to_string(), true),
        }
    }
}
