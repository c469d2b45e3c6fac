//! The keyboard shortcuts, in one table for the key handling and for the
//! shortcut text the menus show (Ctrl on Linux and Windows, ⌘ on macOS).

use egui::{Key, KeyboardShortcut, Modifiers, Response, Ui};

const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// Undo the last change.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Redo the last undone change.
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Z);
/// Redo, as on Windows.
pub const REDO_ALTERNATIVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// Save.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Save under another name.
pub const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::S);
/// Open a project.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// A new project.
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
/// Open the find bar.
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Open the find bar to replace (as in Word).
pub const REPLACE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::H);
/// Comment on the selection (as in Word).
pub const COMMENT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), Key::M);
/// Go to the next pending change.
pub const NEXT_CHANGE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F8);
/// Go to the previous pending change.
pub const PREVIOUS_CHANGE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F8);

/// A menu entry that shows its shortcut; its accessible name stays the
/// label, with the shortcut given to screen readers as the key shortcut.
pub fn menu_entry(
    ui: &mut Ui,
    enabled: bool,
    label: impl Into<String>,
    shortcut: KeyboardShortcut,
) -> Response {
    let label = label.into();
    let text = ui.ctx().format_shortcut(&shortcut);
    let response = ui
        .add_enabled(
            enabled,
            egui::Button::new(label.as_str()).shortcut_text(text.as_str()),
        )
        .accessible_name(label);
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_keyboard_shortcut(text));
    response
}

/// A tooltip naming an action and its shortcut, like "Undo (Ctrl+Z)".
pub fn hint(ui: &Ui, action: &str, shortcut: KeyboardShortcut) -> String {
    format!("{action} ({})", ui.ctx().format_shortcut(&shortcut))
}
