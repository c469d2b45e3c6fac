//! The window's chrome: menu bar, toolbar, notices, status bar, outline and
//! find bar. Each pushes [`AppCommand`]s; none changes the project.

use super::RedlineApp;
use super::editor::input::EditorInput;
use super::format_menu;
use super::shortcuts::{self, hint, menu_entry};
use super::state::{AppCommand, Mode, Pending, ThemeChoice};
use super::tool_types::ToolCommand;
use crate::model::{ByteOffset, Command, Replacement};
use egui::{RichText, Ui};

/// Width of the find bar's text fields, in points.
const FIND_FIELD_WIDTH: f32 = 240.0;

/// Where a tool window (Versions, Compare, Export, Send…) first opens: its
/// top centred over the document, below the menu bar and toolbar, so it
/// never covers the File menu it was opened from.
pub(super) fn tool_window<'open>(title: &'static str, ctx: &egui::Context) -> egui::Window<'open> {
    egui::Window::new(title)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(ctx.content_rect().center().x, 90.0))
}

impl RedlineApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
            ui.menu_button("Format", |ui| self.format_menu_ui(ui));
            ui.menu_button("Review", |ui| self.review_menu_ui(ui));
            ui.menu_button("View", |ui| self.view_menu_ui(ui));
            ui.menu_button("Help", |ui| self.help_menu_ui(ui));
        });
    }

    fn file_menu_ui(&mut self, ui: &mut Ui) {
        if menu_entry(ui, true, "New", shortcuts::NEW).clicked() {
            self.queue.push(AppCommand::Guarded(Pending::New));
        }
        if menu_entry(ui, true, "Open…", shortcuts::OPEN).clicked() {
            self.queue.push(AppCommand::Guarded(Pending::Open));
        }
        ui.add_enabled_ui(!self.prefs.recent.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                for path in self.prefs.recent.clone() {
                    if ui.button(path.display().to_string()).clicked() {
                        self.queue
                            .push(AppCommand::Guarded(Pending::OpenPath(path)));
                    }
                }
            });
        });
        ui.separator();
        if menu_entry(ui, true, "Save", shortcuts::SAVE).clicked() {
            self.queue.push(AppCommand::Save);
        }
        if menu_entry(ui, true, "Save As…", shortcuts::SAVE_AS).clicked() {
            self.queue.push(AppCommand::SaveAs);
        }
        ui.separator();
        if menu_entry(ui, true, "Print…", shortcuts::PRINT).clicked() {
            self.queue.push(AppCommand::Print { with_markup: false });
        }
        if ui.button("Print with markup…").clicked() {
            self.queue.push(AppCommand::Print { with_markup: true });
        }
        ui.separator();
        if ui.button("Import…").clicked() {
            self.queue.push(AppCommand::Guarded(Pending::Import));
        }
        if ui.button("Export…").clicked() {
            self.queue.push(AppCommand::Tool(ToolCommand::OpenExport));
        }
        ui.separator();
        if ui.button("Send for review…").clicked() {
            self.queue.push(AppCommand::Tool(ToolCommand::OpenSend));
        }
        if ui.button("Bring back a reviewer's copy…").clicked() {
            self.queue
                .push(AppCommand::Tool(ToolCommand::OpenBringBack));
        }
        ui.separator();
        if ui.button("Quit").clicked() {
            self.queue.push(AppCommand::Guarded(Pending::Quit));
        }
    }

    fn edit_menu_ui(&mut self, ui: &mut Ui) {
        let undo = self
            .project
            .undo_label()
            .map_or("Undo".to_string(), |label| format!("Undo {label}"));
        if menu_entry(
            ui,
            self.project.undo_label().is_some(),
            undo,
            shortcuts::UNDO,
        )
        .clicked()
        {
            self.queue.push(AppCommand::Undo);
        }
        let redo = self
            .project
            .redo_label()
            .map_or("Redo".to_string(), |label| format!("Redo {label}"));
        if menu_entry(
            ui,
            self.project.redo_label().is_some(),
            redo,
            shortcuts::REDO,
        )
        .clicked()
        {
            self.queue.push(AppCommand::Redo);
        }
        ui.separator();
        let has_selection = !self.editor.selection.is_empty();
        let editable = self.prefs.mode != Mode::View;
        if menu_entry(ui, has_selection && editable, "Cut", shortcuts::CUT).clicked() {
            self.queue.push(AppCommand::Editor(EditorInput::Cut));
        }
        if menu_entry(ui, has_selection, "Copy", shortcuts::COPY).clicked() {
            self.queue.push(AppCommand::Editor(EditorInput::Copy));
        }
        if menu_entry(ui, editable, "Paste", shortcuts::PASTE).clicked() {
            self.queue
                .push(AppCommand::Editor(EditorInput::PasteFromClipboard));
        }
        if menu_entry(ui, true, "Select all", shortcuts::SELECT_ALL).clicked() {
            self.queue.push(AppCommand::Editor(EditorInput::SelectAll));
        }
        ui.separator();
        if menu_entry(ui, true, "Find…", shortcuts::FIND).clicked() {
            self.queue.push(AppCommand::OpenFind);
        }
        if menu_entry(ui, true, "Find and replace…", shortcuts::REPLACE).clicked() {
            self.queue.push(AppCommand::OpenFind);
        }
        ui.separator();
        for mode in [Mode::Edit, Mode::Suggest, Mode::View] {
            if ui
                .radio(self.prefs.mode == mode, format!("{} mode", mode.name()))
                .clicked()
            {
                self.queue.push(AppCommand::SetMode(mode));
            }
        }
        ui.separator();
        if ui.button("Your name…").clicked() {
            self.modals
                .push(super::dialogs::Modal::identity(self.prefs.user.clone()));
        }
    }

    fn review_menu_ui(&mut self, ui: &mut Ui) {
        if menu_entry(ui, true, "Previous change", shortcuts::PREVIOUS_CHANGE).clicked() {
            self.queue.push(AppCommand::PreviousChange);
        }
        if menu_entry(ui, true, "Next change", shortcuts::NEXT_CHANGE).clicked() {
            self.queue.push(AppCommand::NextChange);
        }
        ui.separator();
        if menu_entry(ui, true, "New comment on selection", shortcuts::COMMENT).clicked() {
            self.queue.push(AppCommand::StartComment);
        }
        ui.separator();
        if ui.button("Compare…").clicked() {
            self.queue.push(AppCommand::Tool(ToolCommand::OpenCompare));
        }
        if ui.button("Sign off…").clicked() {
            self.queue.push(AppCommand::Tool(ToolCommand::OpenSignOff));
        }
        ui.separator();
        if ui.button("Accept all…").clicked() {
            self.queue.push(AppCommand::Bulk {
                accepting: true,
                author: None,
            });
        }
        if ui.button("Reject all…").clicked() {
            self.queue.push(AppCommand::Bulk {
                accepting: false,
                author: None,
            });
        }
        let authors = self.index.authors.clone();
        ui.menu_button("Accept all by", |ui| {
            for name in &authors {
                if ui.button(name).clicked() {
                    self.queue.push(AppCommand::Bulk {
                        accepting: true,
                        author: Some(name.clone()),
                    });
                }
            }
        });
        ui.menu_button("Reject all by", |ui| {
            for name in &authors {
                if ui.button(name).clicked() {
                    self.queue.push(AppCommand::Bulk {
                        accepting: false,
                        author: Some(name.clone()),
                    });
                }
            }
        });
    }

    fn format_menu_ui(&mut self, ui: &mut Ui) {
        let editable = self.prefs.mode != Mode::View;
        format_menu::format_entries_ui(ui, editable, &mut self.queue);
        ui.separator();
        ui.label(RichText::new("Insert").weak());
        format_menu::insert_entries_ui(ui, self.prefs.mode, &mut self.queue);
    }

    fn help_menu_ui(&mut self, ui: &mut Ui) {
        if menu_entry(ui, true, "Keyboard shortcuts", shortcuts::HELP).clicked() {
            self.queue.push(AppCommand::ShowShortcuts);
        }
        if ui.button("About Redline").clicked() {
            self.queue.push(AppCommand::ShowAbout);
        }
    }

    fn view_menu_ui(&mut self, ui: &mut Ui) {
        if menu_entry(ui, true, "Zoom in", shortcuts::ZOOM_IN).clicked() {
            self.queue.push(AppCommand::Zoom(1));
        }
        if menu_entry(ui, true, "Zoom out", shortcuts::ZOOM_OUT).clicked() {
            self.queue.push(AppCommand::Zoom(-1));
        }
        if menu_entry(
            ui,
            true,
            format!("Zoom to 100 % (now {:.0} %)", self.editor.zoom() * 100.0),
            shortcuts::ZOOM_RESET,
        )
        .clicked()
        {
            self.queue.push(AppCommand::Zoom(0));
        }
        ui.separator();
        ui.checkbox(&mut self.prefs.show_outline, "Outline");
        ui.checkbox(&mut self.prefs.show_review, "Review panel");
        ui.checkbox(&mut self.tools.show_checks, "Checks");
        ui.checkbox(&mut self.tools.show_versions, "Versions");
        ui.separator();
        for (choice, name) in [
            (ThemeChoice::System, "Follow system theme"),
            (ThemeChoice::Light, "Light theme"),
            (ThemeChoice::Dark, "Dark theme"),
        ] {
            ui.radio_value(&mut self.prefs.theme, choice, name);
        }
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Mode:");
            for mode in [Mode::Edit, Mode::Suggest, Mode::View] {
                if ui
                    .selectable_label(self.prefs.mode == mode, mode.name())
                    .accessible_name(format!("{} mode", mode.name()))
                    .clicked()
                {
                    self.queue.push(AppCommand::SetMode(mode));
                }
            }
            ui.separator();
            if ui
                .add_enabled(self.project.undo_label().is_some(), egui::Button::new("Undo"))
                .accessible_name("Undo")
                .on_hover_text(hint(ui, "Undo", shortcuts::UNDO))
                .clicked()
            {
                self.queue.push(AppCommand::Undo);
            }
            if ui
                .add_enabled(self.project.redo_label().is_some(), egui::Button::new("Redo"))
                .accessible_name("Redo")
                .on_hover_text(hint(ui, "Redo", shortcuts::REDO))
                .clicked()
            {
                self.queue.push(AppCommand::Redo);
            }
            ui.separator();
            if ui
                .button("Previous")
                .accessible_name("Previous change")
                .on_hover_text(hint(ui, "Previous change", shortcuts::PREVIOUS_CHANGE))
                .clicked()
            {
                self.queue.push(AppCommand::PreviousChange);
            }
            if ui
                .button("Next")
                .accessible_name("Next change")
                .on_hover_text(hint(ui, "Next change", shortcuts::NEXT_CHANGE))
                .clicked()
            {
                self.queue.push(AppCommand::NextChange);
            }
            ui.separator();
            if ui
                .selectable_label(self.tools.show_versions, "Versions")
                .accessible_name("Show versions")
                .on_hover_text("The policy's versions: snapshots, dates, notices")
                .clicked()
            {
                self.tools.show_versions = !self.tools.show_versions;
            }
            if ui
                .selectable_label(self.tools.show_checks, "Checks")
                .accessible_name("Show checks")
                .on_hover_text("The policy checks' findings")
                .clicked()
            {
                self.tools.show_checks = !self.tools.show_checks;
            }
            ui.separator();
            let by = self.reviewer_filter.clone();
            let suffix = by
                .as_ref()
                .map(|name| format!(" by {name}"))
                .unwrap_or_default();
            if ui
                .button(format!("Accept all{suffix}"))
                .accessible_name(format!("Accept all{suffix}"))
                .on_hover_text("Accepts every pending change (of the reviewer chosen in the review panel's filter) after asking")
                .clicked()
            {
                self.queue.push(AppCommand::Bulk {
                    accepting: true,
                    author: by.clone(),
                });
            }
            if ui
                .button(format!("Reject all{suffix}"))
                .accessible_name(format!("Reject all{suffix}"))
                .clicked()
            {
                self.queue.push(AppCommand::Bulk {
                    accepting: false,
                    author: by,
                });
            }
            ui.separator();
            if ui
                .button("Comment")
                .accessible_name("New comment")
                .on_hover_text(hint(ui, "Comment on the selected text", shortcuts::COMMENT))
                .clicked()
            {
                self.queue.push(AppCommand::StartComment);
            }
            if ui
                .button("Find")
                .accessible_name("Find")
                .on_hover_text(hint(ui, "Find and replace", shortcuts::FIND))
                .clicked()
            {
                self.queue.push(AppCommand::OpenFind);
            }
            ui.separator();
            let editable = self.prefs.mode != Mode::View;
            let focus_paragraph = self.index.paragraph_of(self.editor.selection.focus_byte);
            let style = self
                .project
                .content()
                .blocks
                .get(focus_paragraph)
                .map_or(crate::model::blocks::BlockStyle::Normal, |block| block.style);
            let active = self.editor.styles_at_caret(&self.project);
            format_menu::format_toolbar_ui(ui, editable, style, active, &mut self.queue);
        });
    }

    pub(super) fn notices_ui(&mut self, ui: &mut Ui) {
        let mut dismissed = None;
        for (position, notice) in self.notices.iter().enumerate() {
            ui.horizontal(|ui| {
                let colour = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                let mark = if notice.is_error { "Error:" } else { "Note:" };
                ui.label(RichText::new(format!("{mark} {}", notice.text)).color(colour));
                if ui
                    .small_button("Dismiss")
                    .accessible_name(format!("Dismiss message {}", position + 1))
                    .clicked()
                {
                    dismissed = Some(position);
                }
            });
        }
        if let Some(position) = dismissed {
            self.notices.remove(position);
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut Ui) {
        let open_comments = self
            .project
            .comments()
            .iter()
            .filter(|comment| !comment.resolved)
            .count();
        let pending = self
            .project
            .suggestions()
            .iter()
            .filter(|suggestion| suggestion.status.is_pending() && !suggestion.is_note_paragraph())
            .count();
        let orphans = self
            .project
            .comments()
            .iter()
            .filter(|comment| comment.orphaned)
            .count()
            + self
                .project
                .suggestions()
                .iter()
                .filter(|suggestion| suggestion.orphaned && suggestion.status.is_pending())
                .count();
        ui.horizontal(|ui| {
            ui.label(RichText::new(self.display_name()).strong());
            if self.is_dirty() {
                ui.label(RichText::new("• unsaved changes").color(ui.visuals().warn_fg_color));
            } else {
                ui.label(RichText::new("saved").weak());
            }
            ui.separator();
            let date = self
                .project
                .document()
                .effective_date
                .map_or("no effective date".to_string(), |date| {
                    format!("effective {}", date.format("%-d %B %Y"))
                });
            ui.label(date);
            ui.separator();
            ui.label(format!(
                "{open_comments} open comments · {pending} pending suggestions · {orphans} orphaned"
            ));
            ui.separator();
            ui.label(format!("Mode: {}", self.prefs.mode.name()));
            if let Some(user) = &self.prefs.user {
                ui.label(RichText::new(format!("as {}", user.name)).weak());
            }
            ui.separator();
            ui.label(RichText::new(&self.status).weak());
        });
    }

    pub(super) fn outline_ui(&mut self, ui: &mut Ui) {
        ui.heading("Outline");
        ui.label(RichText::new(&self.project.document().title).weak());
        ui.separator();
        let entries = &self.index.outline;
        let row_height = ui.spacing().interact_size.y;
        let current = self.editor.visible.start;
        // The heading the top of the view is under.
        let here_index = entries
            .partition_point(|entry| entry.paragraph <= current)
            .checked_sub(1);
        egui::ScrollArea::vertical()
            .id_salt("outline scroll")
            .auto_shrink(false)
            .show_rows(ui, row_height, entries.len(), |ui, rows| {
                for (position, entry) in entries[rows.clone()].iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.add_space(12.0 * f32::from(entry.level.saturating_sub(1)));
                        let here = here_index == Some(rows.start + position);
                        if ui
                            .selectable_label(here, &entry.title)
                            .accessible_name(format!("Go to {}", entry.title))
                            .clicked()
                        {
                            self.queue
                                .push(AppCommand::JumpToParagraph(entry.paragraph));
                        }
                    });
                }
            });
    }

    pub(super) fn find_bar_ui(&mut self, ui: &mut Ui) {
        self.find
            .refresh(self.project.revision(), self.project.text());
        let mut go_to = None;
        // A grid keeps the two text fields one above the other.
        egui::Grid::new("find_bar").show(ui, |ui| {
            go_to = self.find_row_ui(ui);
            ui.end_row();
            self.replace_row_ui(ui);
            ui.end_row();
        });
        if let Some(position) = go_to {
            self.find.current = Some(position);
            if let Some(found) = self.find.matches.get(position) {
                let paragraph = self.index.paragraph_of(found.start);
                self.queue
                    .push(AppCommand::JumpToParagraph(paragraph.saturating_sub(1)));
            }
        }
        ui.separator();
    }

    /// The query, its options and the steps through the matches; returns the
    /// match to go to.
    fn find_row_ui(&mut self, ui: &mut Ui) -> Option<usize> {
        let mut go_to = None;
        let label = ui.label("Find:");
        let response = ui
            .add_sized(
                [FIND_FIELD_WIDTH, ui.spacing().interact_size.y],
                egui::TextEdit::singleline(&mut self.find.query),
            )
            .labelled_by(label.id);
        if self.find.focus_field {
            response.request_focus();
            self.find.focus_field = false;
        }
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.find.match_case, "Match case")
                .on_hover_text(
                    "Off: letters match in either case, and a replacement takes the capitals \
                 of each occurrence (PERSONAL DATA, Personal Data, a capital at a sentence \
                 start)",
                );
            let entered =
                response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            self.find
                .refresh(self.project.revision(), self.project.text());
            let count = self.find.matches.len();
            let text = match (count, self.find.current) {
                (0, _) if self.find.query.is_empty() => String::new(),
                (0, _) => "no matches".to_string(),
                (1, _) => "1 match".to_string(),
                (count, Some(current)) => format!("{} of {count} matches", current + 1),
                (count, None) => format!("{count} matches"),
            };
            ui.label(text);
            if ui
                .add_enabled(count > 0, egui::Button::new("Previous"))
                .accessible_name("Previous match")
                .clicked()
            {
                go_to = Some(
                    self.find
                        .current
                        .map_or(count - 1, |c| (c + count - 1) % count),
                );
            }
            if ui
                .add_enabled(count > 0, egui::Button::new("Next"))
                .accessible_name("Next match")
                .clicked()
                || (entered && count > 0)
            {
                go_to = Some(self.find.current.map_or(0, |c| (c + 1) % count));
                if entered {
                    response.request_focus();
                }
            }
            if ui.button("Close").accessible_name("Close find").clicked() {
                self.find.open = false;
            }
        });
        go_to
    }

    /// The replacement and the Replace buttons: they change the text in Edit
    /// mode, suggest the replacements in Suggest mode, and are off in View
    /// mode.
    fn replace_row_ui(&mut self, ui: &mut Ui) {
        let label = ui.label("Replace with:");
        ui.add_sized(
            [FIND_FIELD_WIDTH, ui.spacing().interact_size.y],
            egui::TextEdit::singleline(&mut self.find.replacement)
                .hint_text("leave empty to delete"),
        )
        .labelled_by(label.id);
        ui.horizontal(|ui| {
            let mode = self.prefs.mode;
            let (one, all, hint) = match mode {
                Mode::Suggest => (
                    "Suggest replacement",
                    "Suggest all",
                    "Adds your suggestions; the text changes when they are accepted",
                ),
                Mode::Edit => (
                    "Replace",
                    "Replace all",
                    "Changes the text (Undo takes it back)",
                ),
                Mode::View => (
                    "Replace",
                    "Replace all",
                    "The document is read-only in View mode",
                ),
            };
            let enabled = !self.find.matches.is_empty() && mode != Mode::View;
            if ui
                .add_enabled(enabled, egui::Button::new(one))
                .on_hover_text(hint)
                .on_disabled_hover_text(hint)
                .clicked()
                && let Some(found) = self.find.matches.get(self.find.current.unwrap_or(0))
            {
                let found = found.clone();
                // Go on after what was replaced (suggesting leaves the match
                // in the text).
                self.find.resume_at = Some(match mode {
                    Mode::Suggest => found.end,
                    _ => found.start + self.find.replacement.len(),
                });
                self.replace(vec![found], mode);
            }
            if ui
                .add_enabled(enabled, egui::Button::new(all))
                .on_hover_text(hint)
                .on_disabled_hover_text(hint)
                .clicked()
            {
                self.replace(self.find.matches.clone(), mode);
            }
        });
    }

    fn replace(&mut self, ranges: Vec<std::ops::Range<usize>>, mode: Mode) {
        let ranges = ranges
            .into_iter()
            .map(|range| ByteOffset(range.start)..ByteOffset(range.end))
            .collect();
        self.queue.push(AppCommand::Model(Command::ReplaceAll {
            ranges,
            replace: Replacement {
                text: self.find.replacement.clone(),
                adapt_case: !self.find.match_case,
                suggest: mode == Mode::Suggest,
            },
        }));
    }
}
