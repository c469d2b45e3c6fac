//! egui's input events, read while the document has the keyboard focus,
//! turned into the editor's inputs in the order they came: one input per
//! event, so fast typing (several keys in one frame) is applied key by key.

use super::actions::EditRequest;
use egui::{Event, Key, Modifiers};

/// A caret movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// One character (or with Ctrl one word) left.
    Left {
        /// By word.
        word: bool,
    },
    /// One character (or word) right.
    Right {
        /// By word.
        word: bool,
    },
    /// One line up.
    Up,
    /// One line down.
    Down,
    /// To the start of the line (Home).
    LineStart,
    /// To the end of the line (End).
    LineEnd,
    /// To the start of the document (Ctrl+Home).
    DocumentStart,
    /// To the end of the document (Ctrl+End).
    DocumentEnd,
    /// A screen up.
    PageUp,
    /// A screen down.
    PageDown,
}

/// One thing the user did to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorInput {
    /// A change of the document.
    Edit(EditRequest),
    /// Move the caret (Shift: extend the selection).
    Move {
        /// Where to.
        motion: Motion,
        /// Keep the anchor.
        extend: bool,
    },
    /// Select the whole document.
    SelectAll,
    /// Copy the selection.
    Copy,
    /// Copy the selection, then delete it.
    Cut,
    /// Paste what the system delivered with Ctrl+V (its plain text; the
    /// clipboard's HTML is read when offered).
    Paste(String),
    /// Paste from the Edit menu or the context menu: read the clipboard.
    PasteFromClipboard,
    /// Tab or Shift+Tab: a list level, the next table cell, or a tab.
    Tab {
        /// Shift+Tab.
        back: bool,
    },
    /// An input method's text being composed (shown, not yet inserted).
    Preedit(String),
    /// A screen reader moved the caret or selected text (positions in the
    /// text runs the document reports).
    AccessibleSelection(egui::accesskit::TextSelection),
}

fn by_word(modifiers: Modifiers) -> bool {
    if cfg!(target_os = "macos") {
        modifiers.alt
    } else {
        modifiers.ctrl || modifiers.command
    }
}

/// What an assistive technology asks of the document: to move the caret or
/// select, or to type (dictation, a screen reader's input) over the
/// selection. Setting the whole value at once is not offered: it would
/// replace the policy in one step.
fn accessible_input(request: &egui::accesskit::ActionRequest) -> Option<EditorInput> {
    use egui::accesskit::{Action, ActionData};
    if request.target_node != super::editor_id().accesskit_id() {
        return None;
    }
    match (&request.action, &request.data) {
        (Action::SetTextSelection, Some(ActionData::SetTextSelection(selection))) => {
            Some(EditorInput::AccessibleSelection(*selection))
        }
        (Action::ReplaceSelectedText, Some(ActionData::Value(text))) => {
            Some(EditorInput::Edit(if text.contains('\n') {
                EditRequest::Paste(super::actions::Pasted::Plain(text.to_string()))
            } else {
                EditRequest::Type(text.to_string())
            }))
        }
        _ => None,
    }
}

/// The input an event stands for, if the document handles it.
pub fn input_of(event: &Event) -> Option<EditorInput> {
    match event {
        Event::Text(text) => {
            let typed: String = text.chars().filter(|c| !c.is_control()).collect();
            (!typed.is_empty()).then_some(EditorInput::Edit(EditRequest::Type(typed)))
        }
        Event::Ime(egui::ImeEvent::Commit(text)) => Some(if text.is_empty() {
            EditorInput::Preedit(String::new())
        } else {
            EditorInput::Edit(EditRequest::Type(text.clone()))
        }),
        Event::Ime(egui::ImeEvent::Preedit { text, .. }) => {
            Some(EditorInput::Preedit(text.clone()))
        }
        Event::AccessKitActionRequest(request) => accessible_input(request),
        Event::Copy => Some(EditorInput::Copy),
        Event::Cut => Some(EditorInput::Cut),
        Event::Paste(text) => Some(EditorInput::Paste(text.clone())),
        // Only an image on the clipboard: the clipboard is read again, to
        // paste what text there is or to say there is none.
        Event::PasteImage(_) => Some(EditorInput::PasteFromClipboard),
        Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } => key_input(*key, *modifiers),
        _ => None,
    }
}

fn key_input(key: Key, modifiers: Modifiers) -> Option<EditorInput> {
    let extend = modifiers.shift;
    let word = by_word(modifiers);
    let moving = |motion| Some(EditorInput::Move { motion, extend });
    match key {
        Key::Backspace => Some(EditorInput::Edit(EditRequest::Backspace { word })),
        Key::Delete => Some(EditorInput::Edit(EditRequest::Delete { word })),
        Key::Enter if modifiers.shift => Some(EditorInput::Edit(EditRequest::SoftBreak)),
        Key::Enter if !modifiers.command && !modifiers.alt => {
            Some(EditorInput::Edit(EditRequest::Enter))
        }
        Key::Tab if !modifiers.command && !modifiers.alt => Some(EditorInput::Tab {
            back: modifiers.shift,
        }),
        Key::ArrowLeft => moving(Motion::Left { word }),
        Key::ArrowRight => moving(Motion::Right { word }),
        Key::ArrowUp => moving(Motion::Up),
        Key::ArrowDown => moving(Motion::Down),
        Key::Home if modifiers.command || modifiers.ctrl => moving(Motion::DocumentStart),
        Key::End if modifiers.command || modifiers.ctrl => moving(Motion::DocumentEnd),
        Key::Home => moving(Motion::LineStart),
        Key::End => moving(Motion::LineEnd),
        Key::PageUp => moving(Motion::PageUp),
        Key::PageDown => moving(Motion::PageDown),
        Key::A if modifiers.command => Some(EditorInput::SelectAll),
        // Ctrl+V that reached the document as a key: the clipboard held no
        // text (see `clipboard::translate_clipboard_keys`); reading it again
        // says so.
        Key::V if modifiers.command_only() => Some(EditorInput::PasteFromClipboard),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    #[test]
    fn each_event_is_one_input() {
        let table = [
            (
                Event::Text("é".into()),
                Some(EditorInput::Edit(EditRequest::Type("é".into()))),
            ),
            (Event::Text("\t".into()), None),
            (
                key(Key::Backspace, Modifiers::CTRL),
                Some(EditorInput::Edit(EditRequest::Backspace {
                    word: !cfg!(target_os = "macos"),
                })),
            ),
            (
                key(Key::Enter, Modifiers::SHIFT),
                Some(EditorInput::Edit(EditRequest::SoftBreak)),
            ),
            (
                key(Key::ArrowRight, Modifiers::SHIFT),
                Some(EditorInput::Move {
                    motion: Motion::Right { word: false },
                    extend: true,
                }),
            ),
            (
                key(Key::End, Modifiers::CTRL),
                Some(EditorInput::Move {
                    motion: Motion::DocumentEnd,
                    extend: false,
                }),
            ),
            (
                Event::Ime(egui::ImeEvent::Commit("漢字".into())),
                Some(EditorInput::Edit(EditRequest::Type("漢字".into()))),
            ),
            (
                Event::Paste("a\nb".into()),
                Some(EditorInput::Paste("a\nb".into())),
            ),
            (key(Key::B, Modifiers::COMMAND), None),
        ];
        for (event, expected) in table {
            assert_eq!(input_of(&event), expected, "{event:?}");
        }
    }
}
