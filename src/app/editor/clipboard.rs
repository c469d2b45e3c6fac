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
