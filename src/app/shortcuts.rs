//! The keyboard shortcuts, in one table for the key handling, the shortcut
//! text the menus and tooltips show (Ctrl on Linux and Windows, ⌘ on macOS)
//! and the Help menu's list. Word's keys wherever Word has one.
//!
//! egui matches shortcuts "logically": Ctrl+B also matches Ctrl+Shift+B. So
//! [`ORDERED`] lists the shortcuts with more modifiers first, and the app
//! consumes them in that order.

use egui::{Key, KeyboardShortcut, Modifiers, Response, Ui};

const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const COMMAND_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);

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
/// Print to PDF.
pub const PRINT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::P);
/// Open the find bar.
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Open the find bar to replace (as in Word).
pub const REPLACE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::H);
/// Comment on the selection (as in Word).
pub const COMMENT: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::M);
/// Go to the next pending change.
pub const NEXT_CHANGE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F8);
/// Go to the previous pending change.
pub const PREVIOUS_CHANGE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F8);
/// Cut (egui sends it as an event; listed for the menus).
pub const CUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::X);
/// Copy (egui sends it as an event; listed for the menus).
pub const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
/// Paste (egui sends it as an event; listed for the menus).
pub const PASTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::V);
/// Select the whole document.
pub const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);
/// Bold.
pub const BOLD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::B);
/// Italic.
pub const ITALIC: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
/// Underline.
pub const UNDERLINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::U);
/// Superscript (Word: Ctrl+Shift+=, which is Ctrl++).
pub const SUPERSCRIPT: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Plus);
/// Insert or edit a link.
pub const LINK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
/// Bulleted list on or off (Word's List Bullet style).
pub const BULLETS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::L);
/// Heading 1.
pub const HEADING_1: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::Num1);
/// Heading 2.
pub const HEADING_2: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::Num2);
/// Heading 3.
pub const HEADING_3: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::Num3);
/// The Normal paragraph style.
pub const NORMAL_STYLE: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::N);
/// Clear character formatting (and make the paragraph Normal).
pub const CLEAR_FORMATTING: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Space);
/// Insert a footnote.
pub const FOOTNOTE: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::F);
/// Zoom the document in.
pub const ZOOM_IN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus);
/// Zoom in, with the key that has `+` on it unshifted.
pub const ZOOM_IN_ALTERNATIVE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals);
/// Zoom the document out.
pub const ZOOM_OUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
/// The document at 100 %.
pub const ZOOM_RESET: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
/// The list of shortcuts (Help menu).
pub const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);

/// Every shortcut the app consumes, with what it does, more modifiers
/// first (the order the app consumes them in).
pub const ORDERED: [(KeyboardShortcut, &str); 30] = [
    (REDO, "Redo"),
    (SAVE_AS, "Save as"),
    (NORMAL_STYLE, "Normal paragraph style"),
    (BULLETS, "Bulleted list on or off"),
    (SUPERSCRIPT, "Superscript"),
    (FOOTNOTE, "Insert a footnote"),
    (COMMENT, "Comment on the selection"),
    (HEADING_1, "Heading 1"),
    (HEADING_2, "Heading 2"),
    (HEADING_3, "Heading 3"),
    (UNDO, "Undo"),
    (REDO_ALTERNATIVE, "Redo"),
    (SAVE, "Save"),
    (OPEN, "Open"),
    (NEW, "New project"),
    (PRINT, "Print to PDF"),
    (FIND, "Find"),
    (REPLACE, "Find and replace"),
    (BOLD, "Bold"),
    (ITALIC, "Italic"),
    (UNDERLINE, "Underline"),
    (LINK, "Insert or edit a link"),
    (CLEAR_FORMATTING, "Clear formatting"),
    (ZOOM_IN, "Zoom in"),
    (ZOOM_IN_ALTERNATIVE, "Zoom in"),
    (ZOOM_OUT, "Zoom out"),
    (ZOOM_RESET, "Zoom to 100 %"),
    (PREVIOUS_CHANGE, "Previous change"),
    (NEXT_CHANGE, "Next change"),
    (HELP, "Keyboard shortcuts"),
];

/// Keys the document (or egui) handles itself, listed in the Help menu.
pub const EDITING_KEYS: [(KeyboardShortcut, &str); 11] = [
    (CUT, "Cut"),
    (COPY, "Copy"),
    (PASTE, "Paste"),
    (SELECT_ALL, "Select all"),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Tab),
        "List item one level deeper (in a table: next cell)",
    ),
    (
        KeyboardShortcut::new(Modifiers::SHIFT, Key::Tab),
        "List item one level up (in a table: previous cell)",
    ),
    (
        KeyboardShortcut::new(Modifiers::SHIFT, Key::Enter),
        "Line break inside the paragraph",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Backspace),
        "Delete the word before the caret",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::ArrowRight),
        "Next word (with Shift: select)",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Home),
        "Start of the document",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::End),
        "End of the document",
    ),
];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_shortcuts_come_before_the_ones_they_contain() {
        // A shortcut must not come after another it would be mistaken for.
        for (position, (shortcut, name)) in ORDERED.iter().enumerate() {
            for (earlier, earlier_name) in &ORDERED[..position] {
                let swallowed = earlier.logical_key == shortcut.logical_key
                    && shortcut.modifiers.matches_logically(earlier.modifiers)
                    && earlier.modifiers != shortcut.modifiers;
                assert!(!swallowed, "{earlier_name} would take {name}");
            }
        }
    }
}
