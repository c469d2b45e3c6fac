//! File → Send for review…: the dialog that writes a copy of the draft for
//! a reviewer and records the round, as `redline send` does and through the
//! same formats-layer functions (`plan_send`, `write_send`,
//! `response_files`).
//!
//! What goes out is chosen in the dialog (the text, pending suggestions and
//! the threads the reviewer is part of always; other reviewers' items, the
//! review log and the version label when ticked; internal threads never)
//! and previewed from the plan: its counts and each thread and suggestion
//! that goes. The round is recorded (with the snapshot of the version
//! sent) as one undoable step; when a file cannot be written the project
//! is put back as it was, so no round is recorded for a copy that does not
//! exist.

use super::RedlineApp;
use super::files::DialogResult;
use super::review_panel::quote;
use super::round_cards::change_words;
use super::tool_types::replace_question;
use crate::formats::atomic::{Expect, WriteRules, is_same_file, write_checked};
use crate::formats::project_file::EXTENSION;
use crate::formats::review_copy::{
    Include, SendFormat, SendPlan, default_copy_path, new_round_id, plan_send, response_files,
    write_send,
};
use crate::model::{Command, Project};
use egui::RichText;
use std::path::PathBuf;

/// The send dialog's state.
pub struct SendState {
    reviewer: String,
    format: SendFormat,
    other_reviewers: bool,
    review_log: bool,
    version_label: bool,
    responses: bool,
    path: String,
    /// An existing file the user was asked about replacing.
    replace_asked: Option<PathBuf>,
    result: Vec<String>,
    /// The plan previewed, and what it was worked out for.
    plan: Option<(PlanKey, SendPlan)>,
}

/// What a preview was worked out for: the project's revision, the
/// reviewer, the choices and whether a response report was asked for.
type PlanKey = (u64, String, Vec<Include>, bool);

impl Default for SendState {
    fn default() -> SendState {
        SendState {
            reviewer: String::new(),
            format: SendFormat::DocxRedline,
            other_reviewers: false,
            review_log: false,
            version_label: false,
            responses: false,
            path: String::new(),
            replace_asked: None,
            result: Vec::new(),
            plan: None,
        }
    }
}

impl SendState {
    fn includes(&self) -> Vec<Include> {
        [
            (self.other_reviewers, Include::OtherReviewers),
            (self.version_label, Include::VersionLabel),
            (self.review_log, Include::ReviewLog),
        ]
        .into_iter()
        .filter_map(|(chosen, what)| chosen.then_some(what))
        .collect()
    }

    /// The plan for what is chosen now, worked out again only when the
    /// project or the choices changed.
    fn refresh(&mut self, project: &Project) -> Option<&SendPlan> {
        let reviewer = self.reviewer.trim().to_string();
        if reviewer.is_empty() {
            self.plan = None;
            return None;
        }
        let key = (
            project.revision(),
            reviewer.clone(),
            self.includes(),
            self.responses,
        );
        if self.plan.as_ref().is_none_or(|(built, _)| *built != key) {
            let plan = plan_send(project, &reviewer, &key.2, self.responses);
            self.plan = Some((key, plan));
        }
        self.plan.as_ref().map(|(_, plan)| plan)
    }
}

/// A send format's name in the dialog.
fn format_label(format: SendFormat) -> &'static str {
    match format {
        SendFormat::DocxRedline => "Word with tracked changes and comments (docx-redline)",
        SendFormat::Docx => "Word, the text alone (docx)",
        SendFormat::Criticmarkup => "Markdown with CriticMarkup (criticmarkup)",
    }
}

impl RedlineApp {
    pub(super) fn send_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Send for review", ctx)
            .open(&mut open)
            .default_width(600.0)
            .max_width(760.0)
            .show(ctx, |ui| self.send_ui(ui));
        if !open {
            self.tools.send = None;
        }
    }

    /// Where the copy goes by default: beside the project, named after it
    /// and the reviewer.
    fn default_copy_file(&self, reviewer: &str, format: SendFormat) -> PathBuf {
        let project_file = self.file.clone().unwrap_or_else(|| {
            PathBuf::from(format!(
                "{}{EXTENSION}",
                super::sanitise_file_stem(&self.project.document().title)
            ))
        });
        default_copy_path(&project_file, reviewer, format)
    }

    fn send_ui(&mut self, ui: &mut egui::Ui) {
        let project = &self.project;
        let Some(state) = self.tools.send.as_mut() else {
            return;
        };
        egui::Grid::new("send grid").num_columns(2).show(ui, |ui| {
            let label = ui.label("Send to:");
            ui.add(
                egui::TextEdit::singleline(&mut state.reviewer)
                    .desired_width(300.0)
                    .hint_text("who reviews the copy"),
            )
            .labelled_by(label.id);
            ui.end_row();
            ui.label("Format:");
            egui::ComboBox::from_id_salt("send format")
                .selected_text(format_label(state.format))
                .show_ui(ui, |ui| {
                    for format in [
                        SendFormat::DocxRedline,
                        SendFormat::Docx,
                        SendFormat::Criticmarkup,
                    ] {
                        ui.selectable_value(&mut state.format, format, format_label(format));
                    }
                })
                .response
                .accessible_name("Copy format");
            ui.end_row();
        });
        ui.add_space(4.0);
        ui.label(RichText::new("What goes out").strong());
        ui.label(
            "Always: the text, the pending suggestions and the comment threads the reviewer is part of. Threads marked internal never leave.",
        );
        ui.checkbox(&mut state.other_reviewers, "Other reviewers' items");
        ui.checkbox(&mut state.review_log, "The review log");
        ui.checkbox(&mut state.version_label, "The version label");
        ui.checkbox(&mut state.responses, "Include a response report")
            .on_hover_text("Answer each comment of the reviewer's previous round: its thread, whether it is resolved and what changed in response");
        ui.separator();
        let mut ready = false;
        let responses = state.responses;
        match state.refresh(project) {
            None => {
                ui.label(RichText::new("Name the reviewer to see what goes out.").weak());
            }
            Some(plan) => {
                ui.label(RichText::new("Preview").strong());
                for line in &plan.preview {
                    ui.label(line);
                }
                items_ui(ui, project, plan);
                let missing_report = responses && plan.report.is_none();
                if missing_report {
                    ui.label(
                        RichText::new(format!(
                            "No copy from {} has come back yet, so there is nothing to answer: untick \"Include a response report\" to send.",
                            plan.reviewer
                        ))
                        .color(ui.visuals().warn_fg_color),
                    );
                }
                ready = !missing_report;
            }
        }
        ui.separator();
        egui::Grid::new("send path grid")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Save the copy to:");
                ui.add(
                    egui::TextEdit::singleline(&mut state.path)
                        .desired_width(380.0)
                        .hint_text("Send… asks where; or type a path"),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        let mut browse = false;
        let mut send = false;
        ui.horizontal(|ui| {
            if ui
                .button("Browse…")
                .accessible_name("Browse for the copy's file")
                .clicked()
            {
                browse = true;
            }
            if ui
                .add_enabled(ready, egui::Button::new("Send…"))
                .accessible_name("Send the copy")
                .clicked()
            {
                send = true;
            }
        });
        for line in &state.result {
            ui.label(line);
        }
        let replace = replace_question(ui, &mut state.replace_asked, &mut state.result, "copy");
        if replace {
            self.send_copy(true);
            return;
        }
        let path_missing = state.path.trim().is_empty();
        if browse || (send && path_missing) {
            let picked = self.browse_copy_path();
            if !picked {
                return;
            }
        }
        if send {
            self.send_copy(false);
        }
    }

    /// Asks where to write the copy; true when a path was picked.
    fn browse_copy_path(&mut self) -> bool {
        let Some(state) = self.tools.send.as_ref() else {
            return false;
        };
        let suggested = self.default_copy_file(state.reviewer.trim(), state.format);
        let name = suggested
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let answer = self.dialog.pick_export(&name);
        let Some(state) = self.tools.send.as_mut() else {
            return false;
        };
        match answer {
            DialogResult::Picked(path) => {
                state.path = path.display().to_string();
                true
            }
            DialogResult::Cancelled => false,
            DialogResult::Unavailable => {
                state.path = suggested.display().to_string();
                state.result = vec![
                    "No file dialog is available here: check the path in \"Save the copy to\", then Send."
                        .to_string(),
                ];
                false
            }
        }
    }

    /// Writes the copy (and the response report beside it) and records the
    /// round; an existing file is replaced only once the user said so.
    fn send_copy(&mut self, replace: bool) {
        let Some(state) = self.tools.send.as_mut() else {
            return;
        };
        let reviewer = state.reviewer.trim().to_string();
        let path = PathBuf::from(state.path.trim());
        if reviewer.is_empty() || state.path.trim().is_empty() {
            return;
        }
        if self
            .file
            .as_deref()
            .is_some_and(|file| is_same_file(file, &path))
        {
            state.result = vec![format!(
                "Nothing sent: {} is this project's own file; choose another name",
                path.display()
            )];
            return;
        }
        let plan = plan_send(&self.project, &reviewer, &state.includes(), state.responses);
        if state.responses && plan.report.is_none() {
            return;
        }
        let format = state.format;
        let files = new_round_id(&path)
            .and_then(|round| write_send(&plan, format, round))
            .and_then(|(bytes, record)| {
                let mut files = vec![(path.clone(), bytes)];
                files.extend(response_files(&plan, format, &path)?);
                Ok((files, record))
            });
        let (files, record) = match files {
            Ok(made) => made,
            Err(error) => {
                state.result = vec![format!("Nothing sent: {error}")];
                return;
            }
        };
        let confirmed = replace
            && state
                .replace_asked
                .as_ref()
                .is_some_and(|asked| files.iter().any(|(file, _)| file == asked));
        if !confirmed && let Some((existing, _)) = files.iter().find(|(file, _)| file.exists()) {
            state.replace_asked = Some(existing.clone());
            state.result.clear();
            return;
        }
        state.replace_asked = None;
        // The round is recorded first (the model may refuse it); a file
        // that cannot be written puts the project back as it was.
        let before = self.project.clone();
        let Some(outcome) = self.apply_model(Command::RecordSending(record)) else {
            return;
        };
        let rules = WriteRules {
            expect: if confirmed {
                Expect::Anything
            } else {
                Expect::Nothing
            },
            edit_lock: self.disk.lock.as_ref(),
            ..WriteRules::REPLACE
        };
        let mut written = Vec::new();
        for (file, bytes) in &files {
            if let Err(error) = write_checked(file, bytes, &rules) {
                self.project = before;
                let message = if written.is_empty() {
                    format!("nothing sent: {error}")
                } else {
                    format!(
                        "nothing sent: {error} (already written, and no longer part of a round: {})",
                        written.join(", ")
                    )
                };
                if let Some(state) = self.tools.send.as_mut() {
                    state.result = vec![message.clone()];
                }
                self.notice(message, true);
                return;
            }
            written.push(file.display().to_string());
        }
        let text = format!(
            "{}: wrote {}; save the project to keep the round",
            outcome.summary,
            written.join(", ")
        );
        self.status = text.clone();
        self.notice(text, false);
        self.tools.send = None;
    }
}

/// The threads and suggestions that go, one line each.
fn items_ui(ui: &mut egui::Ui, project: &Project, plan: &SendPlan) {
    let outgoing = &plan.outgoing;
    if outgoing.comments.is_empty() && outgoing.suggestions.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "The {} thread{} and {} suggestion{} that go",
        outgoing.comments.len(),
        if outgoing.comments.len() == 1 {
            ""
        } else {
            "s"
        },
        outgoing.suggestions.len(),
        if outgoing.suggestions.len() == 1 {
            ""
        } else {
            "s"
        }
    ))
    .default_open(true)
    .show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("send items")
            .max_height(180.0)
            .show(ui, |ui| {
                for comment in outgoing
                    .comments
                    .iter()
                    .filter_map(|&id| project.comment(id))
                {
                    ui.label(format!(
                        "{} {}: {} on {}",
                        comment.id,
                        comment.author.name,
                        quote(&comment.body),
                        quote(&comment.quote)
                    ));
                }
                for suggestion in outgoing
                    .suggestions
                    .iter()
                    .filter_map(|&id| project.suggestion(id))
                {
                    let what = change_words(suggestion);
                    ui.label(format!(
                        "{} {}: {what}",
                        suggestion.id, suggestion.author.name
                    ));
                }
            });
    });
}
