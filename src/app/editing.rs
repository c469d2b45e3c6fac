//! Applying what the user did to the document, one input at a time, in the
//! order it came: edits through the editor's command layer (one model
//! command each), caret moves, the clipboard, links.

use super::RedlineApp;
use super::editor::EditorView;
use super::editor::actions::{EditRequest, Pasted};
use super::editor::input::EditorInput;
use super::layout::{Highlights, ItemId};
use super::state::{Mode, Resolves};
use crate::model::links::{LinkKind, LinkTarget};

/// The message when the clipboard holds nothing that can be pasted.
pub const NOTHING_TO_PASTE: &str =
    "the clipboard holds no text to paste (an image or nothing); copy some text first";

impl RedlineApp {
    /// Applies one input of the document editor.
    pub(super) fn editor_input(&mut self, ctx: &egui::Context, input: EditorInput) {
        self.ensure_index();
        match input {
            EditorInput::Edit(request) => self.perform_edit(&request),
            EditorInput::Move { motion, extend } => {
                let user = self.user();
                let view = EditorView {
                    project: &self.project,
                    index: &self.index,
                    look: &self.look,
                    highlights: Highlights::default(),
                    mode: self.prefs.mode,
                    user: &user,
                    accepts_keys: true,
                };
                self.editor.move_caret(ctx, &view, motion, extend);
            }
            EditorInput::SelectAll => self.editor.select_all(&self.project),
            EditorInput::AccessibleSelection(selection) => {
                self.editor.select_accessible(&selection);
            }
            EditorInput::Copy => {
                self.editor
                    .copy(ctx, &self.project, self.clipboard.as_mut());
            }
            EditorInput::Cut => {
                if self.prefs.mode == Mode::View {
                    self.editor
                        .copy(ctx, &self.project, self.clipboard.as_mut());
                    self.notice_until(
                        super::editor::actions::READ_ONLY.to_string(),
                        false,
                        Resolves::EditableMode,
                    );
                } else if self
                    .editor
                    .copy(ctx, &self.project, self.clipboard.as_mut())
                {
                    self.perform_edit(&EditRequest::DeleteSelection);
                }
            }
            EditorInput::Paste(text) => {
                let offered = self.clipboard.read();
                self.paste(self.editor.pasted(Some(text), offered));
            }
            EditorInput::PasteFromClipboard => {
                let offered = self.clipboard.read();
                self.paste(self.editor.pasted(None, offered));
            }
            EditorInput::Tab { back } => {
                if !self.editor.next_cell(&self.project, back) {
                    let request = if back {
                        EditRequest::Outdent
                    } else {
                        EditRequest::Indent
                    };
                    self.perform_edit(&request);
                }
            }
            EditorInput::Preedit(_) => {}
        }
    }

    fn paste(&mut self, pasted: Option<Pasted>) {
        match pasted {
            Some(pasted) => self.perform_edit(&EditRequest::Paste(pasted)),
            None => self.notice(NOTHING_TO_PASTE.to_string(), false),
        }
    }

    /// One edit at the selection: one model command (or a message why not).
    pub(super) fn perform_edit(&mut self, request: &EditRequest) {
        let actor = self.actor();
        let performed = self.editor.perform(
            request,
            &mut self.project,
            &actor,
            self.prefs.mode,
            self.now,
        );
        if let Some(notice) = performed.notice {
            let resolved_by = if notice == super::editor::actions::READ_ONLY {
                Resolves::EditableMode
            } else {
                Resolves::ProjectChange(self.project.revision())
            };
            self.notice_until(notice, false, resolved_by);
        }
        if let Some(error) = performed.error {
            self.notice_until(
                error.to_string(),
                true,
                Resolves::ProjectChange(self.project.revision()),
            );
        }
        if let Some(outcome) = performed.outcome {
            if !outcome.summary.is_empty() {
                self.status = outcome.summary.clone();
            }
            if let Some(id) = outcome.created_suggestion {
                let item = ItemId::Suggestion(id);
                self.focused = Some(item);
                self.panel.scroll_to_card = Some(item);
            }
        }
        self.ensure_index();
    }

    /// Opens a link: web and email links in the system's browser or mail
    /// program, `#name` links at their heading or bookmark. Nothing else is
    /// a link in the model, so nothing else is opened.
    pub(super) fn open_link(&mut self, ctx: &egui::Context, target: &LinkTarget) {
        match target.kind() {
            LinkKind::Web | LinkKind::Email => {
                ctx.open_url(egui::OpenUrl::new_tab(target.as_str()));
                self.status = format!("Opened {target}");
            }
            LinkKind::InDocument => {
                let name = target.as_str().trim_start_matches('#');
                let found = self
                    .project
                    .content()
                    .paragraphs()
                    .position(|(_, block)| block.anchor.as_deref() == Some(name))
                    .or_else(|| {
                        self.index
                            .outline
                            .iter()
                            .find(|entry| slug(&entry.title) == name)
                            .map(|entry| entry.paragraph)
                    });
                match found {
                    Some(paragraph) => {
                        self.editor.scroll_to = Some(paragraph);
                        if let Some(range) = self.index.paragraphs.get(paragraph) {
                            self.editor.place_caret(range.start);
                        }
                    }
                    None => {
                        self.notice(format!("nothing in the document is called {target}"), false)
                    }
                }
            }
        }
    }
}

/// A heading's title as an in-document link names it: lower case, words
/// joined by dashes.
fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
