//! The formatting commands as the Format menu, the right-click menu and the
//! toolbar show them: one list, each entry with its shortcut from
//! [`super::shortcuts`], each pushing the same editor input.

use super::editor::actions::{EditRequest, Formatting, TableEdit};
use super::editor::input::EditorInput;
use super::shortcuts::{self, hint, menu_entry};
use super::state::{AppCommand, Mode};
use crate::model::blocks::BlockStyle;
use crate::model::marks::Styles;
use egui::{KeyboardShortcut, RichText, Ui};

/// A character style command: its name, its style and its shortcut.
pub const CHARACTER_STYLES: [(&str, Styles, Option<KeyboardShortcut>); 6] = [
    ("Bold", Styles::BOLD, Some(shortcuts::BOLD)),
    ("Italic", Styles::ITALIC, Some(shortcuts::ITALIC)),
    ("Underline", Styles::UNDERLINE, Some(shortcuts::UNDERLINE)),
    ("Strikethrough", Styles::STRIKE, None),
    (
        "Superscript",
        Styles::SUPERSCRIPT,
        Some(shortcuts::SUPERSCRIPT),
    ),
    ("Subscript", Styles::SUBSCRIPT, None),
];

/// The paragraph styles offered, with the shortcut of those that have one.
pub const PARAGRAPH_STYLES: [(BlockStyle, Option<KeyboardShortcut>); 8] = [
    (BlockStyle::Normal, Some(shortcuts::NORMAL_STYLE)),
    (BlockStyle::Heading(1), Some(shortcuts::HEADING_1)),
    (BlockStyle::Heading(2), Some(shortcuts::HEADING_2)),
    (BlockStyle::Heading(3), Some(shortcuts::HEADING_3)),
    (BlockStyle::Heading(4), None),
    (BlockStyle::Heading(5), None),
    (BlockStyle::Heading(6), None),
    (BlockStyle::Quote, None),
];

fn edit(request: EditRequest) -> AppCommand {
    AppCommand::Editor(EditorInput::Edit(request))
}

fn entry(ui: &mut Ui, enabled: bool, label: &str, shortcut: Option<KeyboardShortcut>) -> bool {
    let clicked = match shortcut {
        Some(shortcut) => menu_entry(ui, enabled, label, shortcut).clicked(),
        None => ui.add_enabled(enabled, egui::Button::new(label)).clicked(),
    };
    if clicked {
        ui.close();
    }
    clicked
}

/// The formatting entries (Format menu and right-click menu).
pub fn format_entries_ui(ui: &mut Ui, editable: bool, queue: &mut Vec<AppCommand>) {
    for (name, style, shortcut) in CHARACTER_STYLES {
        if entry(ui, editable, name, shortcut) {
            queue.push(edit(EditRequest::Format(Formatting::Toggle(style))));
        }
    }
    if entry(ui, editable, "Link…", Some(shortcuts::LINK)) {
        queue.push(AppCommand::OpenLinkDialog);
    }
    if entry(
        ui,
        editable,
        "Clear formatting",
        Some(shortcuts::CLEAR_FORMATTING),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::Clear)));
    }
    ui.separator();
    ui.menu_button("Paragraph style", |ui| {
        for (style, shortcut) in PARAGRAPH_STYLES {
            if entry(ui, editable, &style.display_name(), shortcut) {
                queue.push(edit(EditRequest::Format(Formatting::Style(style))));
            }
        }
    });
    if entry(ui, editable, "Bulleted list", Some(shortcuts::BULLETS)) {
        queue.push(edit(EditRequest::Format(Formatting::ToggleList {
            numbered: false,
        })));
    }
    if entry(ui, editable, "Numbered list", None) {
        queue.push(edit(EditRequest::Format(Formatting::ToggleList {
            numbered: true,
        })));
    }
    if entry(
        ui,
        editable,
        "Increase list level",
        Some(KeyboardShortcut::new(egui::Modifiers::NONE, egui::Key::Tab)),
    ) {
        queue.push(edit(EditRequest::Indent));
    }
    if entry(
        ui,
        editable,
        "Decrease list level",
        Some(KeyboardShortcut::new(
            egui::Modifiers::SHIFT,
            egui::Key::Tab,
        )),
    ) {
        queue.push(edit(EditRequest::Outdent));
    }
}

/// The Insert and Table entries (Format menu).
pub fn insert_entries_ui(ui: &mut Ui, mode: Mode, queue: &mut Vec<AppCommand>) {
    let editable = mode != Mode::View;
    if entry(ui, editable, "Table…", None) {
        queue.push(AppCommand::OpenTableDialog);
    }
    if entry(ui, editable, "Footnote", Some(shortcuts::FOOTNOTE)) {
        queue.push(edit(EditRequest::InsertFootnote));
    }
    ui.menu_button("Table rows and columns", |ui| {
        for (name, table_edit) in [
            ("Insert row above", TableEdit::RowAbove),
            ("Insert row below", TableEdit::RowBelow),
            ("Delete row", TableEdit::DeleteRow),
        ] {
            if entry(ui, editable, name, None) {
                queue.push(edit(EditRequest::Table(table_edit)));
            }
        }
        ui.separator();
        let columns_ok = mode == Mode::Edit;
        if !columns_ok {
            ui.label(
                RichText::new(
                    "Columns change in Edit mode only: Suggest mode tracks rows, not columns",
                )
                .weak()
                .small(),
            );
        }
        for (name, table_edit) in [
            ("Insert column left", TableEdit::ColumnLeft),
            ("Insert column right", TableEdit::ColumnRight),
            ("Delete column", TableEdit::DeleteColumn),
        ] {
            if entry(ui, columns_ok, name, None) {
                queue.push(edit(EditRequest::Table(table_edit)));
            }
        }
    });
}

/// The formatting part of the toolbar: B, I, U (shown on when `active`,
/// the styles at the caret, has them), link, lists, style.
pub fn format_toolbar_ui(
    ui: &mut Ui,
    editable: bool,
    current_style: BlockStyle,
    active: Styles,
    queue: &mut Vec<AppCommand>,
) {
    let button = |ui: &mut Ui, text: RichText, name: &str, tip: String| {
        ui.add_enabled(editable, egui::Button::new(text))
            .accessible_name(name)
            .on_hover_text(tip)
            .clicked()
    };
    let style_button = |ui: &mut Ui, text: RichText, name: &str, style: Styles, tip: String| {
        ui.add_enabled(
            editable,
            egui::Button::new(text).selected(active.contains(style)),
        )
        .accessible_name(name)
        .on_hover_text(tip)
        .clicked()
    };
    if style_button(
        ui,
        RichText::new("B").strong(),
        "Bold",
        Styles::BOLD,
        hint(ui, "Bold", shortcuts::BOLD),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::Toggle(Styles::BOLD))));
    }
    if style_button(
        ui,
        RichText::new("I").italics(),
        "Italic",
        Styles::ITALIC,
        hint(ui, "Italic", shortcuts::ITALIC),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::Toggle(
            Styles::ITALIC,
        ))));
    }
    if style_button(
        ui,
        RichText::new("U").underline(),
        "Underline",
        Styles::UNDERLINE,
        hint(ui, "Underline", shortcuts::UNDERLINE),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::Toggle(
            Styles::UNDERLINE,
        ))));
    }
    if button(
        ui,
        RichText::new("Link"),
        "Link",
        hint(ui, "Insert or edit a link", shortcuts::LINK),
    ) {
        queue.push(AppCommand::OpenLinkDialog);
    }
    if button(
        ui,
        RichText::new("• List"),
        "Bulleted list",
        hint(ui, "Bulleted list", shortcuts::BULLETS),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::ToggleList {
            numbered: false,
        })));
    }
    if button(
        ui,
        RichText::new("1. List"),
        "Numbered list",
        "Numbered list".to_string(),
    ) {
        queue.push(edit(EditRequest::Format(Formatting::ToggleList {
            numbered: true,
        })));
    }
    let mut chosen = current_style;
    ui.add_enabled_ui(editable, |ui| {
        egui::ComboBox::from_id_salt("paragraph style")
            .selected_text(current_style.display_name())
            .width(100.0)
            .show_ui(ui, |ui| {
                for (style, _) in PARAGRAPH_STYLES {
                    ui.selectable_value(&mut chosen, style, style.display_name());
                }
            })
            .response
            .on_hover_text("Paragraph style (Ctrl+Alt+1…3 for headings)")
            .accessible_name("Paragraph style");
    });
    if chosen != current_style {
        queue.push(edit(EditRequest::Format(Formatting::Style(chosen))));
    }
}
