//! The system clipboard with formatting: egui's own clipboard carries plain
//! text only, so copying offers HTML beside the text and pasting reads the
//! HTML offered by other programs, through `arboard`. Behind a trait so
//! that tests (and kittest) script what the clipboard holds.

use std::sync::{Arc, Mutex};

/// What the clipboard offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offered {
    /// The plain text, if any.
    pub text: Option<String>,
    /// The HTML, if any.
    pub html: Option<String>,
}

/// The clipboard the document editor reads and writes.
pub trait RichClipboard {
    /// What is on the clipboard now.
    fn read(&mut self) -> Offered;
    /// Puts text with its HTML on the clipboard; false when this clipboard
    /// cannot (the caller then gives egui the plain text).
    fn write(&mut self, text: &str, html: &str) -> bool;
}

/// The system clipboard through `arboard` (opened on first use; on Linux
/// it needs the X11 or Wayland clipboard, and without one reads nothing).
#[derive(Default)]
pub struct SystemClipboard {
    clipboard: Option<arboard::Clipboard>,
}

impl SystemClipboard {
    fn open(&mut self) -> Option<&mut arboard::Clipboard> {
        if self.clipboard.is_none() {
            self.clipboard = arboard::Clipboard::new().ok();
        }
        self.clipboard.as_mut()
    }
}

impl RichClipboard for SystemClipboard {
    fn read(&mut self) -> Offered {
        let Some(clipboard) = self.open() else {
            return Offered::default();
        };
        let html = clipboard
            .get()
            .html()
            .ok()
            .filter(|html| !html.trim().is_empty());
        let text = clipboard.get_text().ok().filter(|text| !text.is_empty());
        Offered { text, html }
    }

    fn write(&mut self, text: &str, html: &str) -> bool {
        self.open()
            .is_some_and(|clipboard| clipboard.set_html(html, Some(text)).is_ok())
    }
}

/// A clipboard for tests: holds what it was given, shared between the test
/// and the app.
#[derive(Debug, Clone, Default)]
pub struct ScriptedClipboard {
    held: Arc<Mutex<Offered>>,
}

impl ScriptedClipboard {
    /// An empty clipboard.
    pub fn new() -> ScriptedClipboard {
        ScriptedClipboard::default()
    }

    /// Puts this on the clipboard, as another program would.
    pub fn offer(&self, offered: Offered) {
        if let Ok(mut held) = self.held.lock() {
            *held = offered;
        }
    }

    /// What the clipboard holds.
    pub fn held(&self) -> Offered {
        self.held
            .lock()
            .map(|held| held.clone())
            .unwrap_or_default()
    }
}

impl RichClipboard for ScriptedClipboard {
    fn read(&mut self) -> Offered {
        self.held()
    }

    fn write(&mut self, text: &str, html: &str) -> bool {
        self.offer(Offered {
            text: Some(text.to_string()),
            html: Some(html.to_string()),
        });
        true
    }
}

/// Turns the clipboard shortcuts among `events` (Ctrl+C, Ctrl+X, Ctrl+V and
/// the dedicated keys, pressed) into egui's clipboard events, as egui-winit
/// would, with one difference: Ctrl+V on a clipboard without text stays a
/// key press, so the document can say there is nothing to paste instead of
/// doing nothing (egui-winit drops it). The window turns egui-winit's own
/// translation off and calls this on each frame's input.
pub fn translate_clipboard_keys(events: &mut [egui::Event], clipboard: &mut dyn RichClipboard) {
    for event in events {
        let egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = event
        else {
            continue;
        };
        let command = modifiers.command_only();
        match key {
            egui::Key::C if command => *event = egui::Event::Copy,
            egui::Key::Copy => *event = egui::Event::Copy,
            egui::Key::X if command => *event = egui::Event::Cut,
            egui::Key::Cut => *event = egui::Event::Cut,
            egui::Key::V | egui::Key::Paste if command || *key == egui::Key::Paste => {
                if let Some(text) = clipboard.read().text {
                    *event = egui::Event::Paste(text.replace("\r\n", "\n"));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: egui::Key) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        }
    }

    #[test]
    fn clipboard_shortcuts_become_clipboard_events() {
        let mut clipboard = ScriptedClipboard::new();
        clipboard.offer(Offered {
            text: Some("a\r\nb".into()),
            html: None,
        });
        let mut events = vec![
            press(egui::Key::C),
            press(egui::Key::X),
            press(egui::Key::V),
        ];
        translate_clipboard_keys(&mut events, &mut clipboard);
        assert_eq!(
            events,
            [
                egui::Event::Copy,
                egui::Event::Cut,
                egui::Event::Paste("a\nb".into())
            ]
        );
    }

    #[test]
    fn ctrl_v_on_an_empty_clipboard_stays_a_key_press() {
        let mut clipboard = ScriptedClipboard::new();
        let mut events = vec![press(egui::Key::V)];
        translate_clipboard_keys(&mut events, &mut clipboard);
        assert_eq!(events, [press(egui::Key::V)]);
    }
}
