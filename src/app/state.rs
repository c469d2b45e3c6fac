//! The app's own state besides the project: the mode, what is focused, the
//! panel filters, drafts being typed, preferences, and the commands views
//! queue for the frame's end.
//!
//! Views never change the project: they push an [`AppCommand`] onto the
//! queue, and [`super::RedlineApp`] applies the queue once per frame.

use super::editor::input::EditorInput;
use super::layout::ItemId;
use crate::model::find::find_all;
use crate::model::links::LinkTarget;
use crate::model::{Command, CommentId, Person, Span, SuggestionId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// What typing in the document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Mode {
    /// Typing changes the text.
    #[default]
    Edit,
    /// Typing, deleting and pasting become suggestions by you.
    Suggest,
    /// Read-only.
    View,
}

impl Mode {
    /// The mode's name, as shown on its button.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Edit => "Edit",
            Mode::Suggest => "Suggest",
            Mode::View => "View",
        }
    }
}

/// The theme preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Which cards the review panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Open comments and pending suggestions.
    #[default]
    Open,
    /// Resolved comments and decided suggestions.
    Resolved,
    /// Everything.
    All,
}

impl StatusFilter {
    /// Its name in the filter box.
    pub fn name(self) -> &'static str {
        match self {
            StatusFilter::Open => "Open",
            StatusFilter::Resolved => "Resolved",
            StatusFilter::All => "All",
        }
    }
}

/// Preferences kept in eframe's storage under [`eframe::APP_KEY`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Who you are, asked once.
    pub user: Option<Person>,
    /// Light, dark or the system's.
    pub theme: ThemeChoice,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Show the outline panel.
    pub show_outline: bool,
    /// Show the review panel.
    pub show_review: bool,
    /// The editing mode.
    pub mode: Mode,
    /// The review panel's status filter.
    pub status_filter: StatusFilter,
    /// The document's zoom (1.0 = 100 %).
    pub zoom: f32,
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences {
            user: None,
            theme: ThemeChoice::System,
            recent: Vec::new(),
            show_outline: true,
            show_review: true,
            mode: Mode::Edit,
            status_filter: StatusFilter::Open,
            zoom: 1.0,
        }
    }
}

/// Actions that must first ask about unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Start a new, empty project.
    New,
    /// Ask for a file and open it.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
    /// Ask for a file and import it as a new untitled project.
    Import,
}

/// What a view asks the app to do at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// A model command.
    Model(Command),
    /// What the user did to the document (typing, moving the caret,
    /// formatting, clipboard), applied in order.
    Editor(EditorInput),
    /// Open a link's target: in the system browser for web and email
    /// links, in the document for `#name` links.
    OpenLink(LinkTarget),
    /// Open the link dialog for the selection.
    OpenLinkDialog,
    /// Open the insert-table dialog.
    OpenTableDialog,
    /// Zoom the document in (1) or out (-1) by one step, or back to 100 % (0).
    Zoom(i32),
    /// Print to PDF: clean, or with the markup.
    Print {
        /// Insertions, deletions and comments shown.
        with_markup: bool,
    },
    /// Show the list of keyboard shortcuts.
    ShowShortcuts,
    /// Show what Redline is.
    ShowAbout,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// An action that asks about unsaved changes first.
    Guarded(Pending),
    /// Save to the current file (or ask where).
    Save,
    /// Ask where, then save.
    SaveAs,
    /// Save to this path.
    SaveTo(PathBuf),
    /// Focus a card, scroll the document to its text and flash it.
    Focus {
        /// The card.
        item: ItemId,
        /// Scroll the document to the item's text.
        scroll_document: bool,
    },
    /// Scroll the document to a paragraph.
    JumpToParagraph(usize),
    /// Focus the next pending change after the current one.
    NextChange,
    /// Focus the previous pending change.
    PreviousChange,
    /// Ask for confirmation, then accept or reject all (by one reviewer).
    Bulk {
        /// Accept (true) or reject.
        accepting: bool,
        /// Only this reviewer's changes.
        author: Option<String>,
    },
    /// Open the new-comment composer on the current selection.
    StartComment,
    /// Move a comment onto the current selection.
    MoveCommentToSelection(CommentId),
    /// Switch mode.
    SetMode(Mode),
    /// Open the find bar.
    OpenFind,
    /// Tell the user something (not an error of the model).
    Notice(String),
    /// A command of the versions, compare, sign-off, export and checks tools.
    Tool(super::tool_types::ToolCommand),
}

/// A comment being written for a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composer {
    /// The text it is about.
    pub span: Span,
    /// What it says so far.
    pub body: String,
    /// Focus its text field on the next frame.
    pub just_opened: bool,
}

/// The find bar.
#[derive(Debug, Clone, Default)]
pub struct FindState {
    /// The bar is shown.
    pub open: bool,
    /// What to look for.
    pub query: String,
    /// What Replace puts instead.
    pub replacement: String,
    /// Letters must match in case too.
    pub match_case: bool,
    /// Matches for `computed_for`.
    pub matches: Vec<std::ops::Range<usize>>,
    /// The key `matches` was computed for: revision, query, match case.
    pub computed_for: Option<(u64, String, bool)>,
    /// The current match.
    pub current: Option<usize>,
    /// After a Replace: make the first match from this byte on the current
    /// one (wrapping to the first) at the next refresh.
    pub resume_at: Option<usize>,
    /// Focus the query field next frame.
    pub focus_field: bool,
}

impl FindState {
    /// Recomputes the matches ([`find_all`]) when the text, the query or
    /// the case option changed.
    pub fn refresh(&mut self, revision: u64, text: &str) {
        let key = (revision, self.query.clone(), self.match_case);
        if self.computed_for.as_ref() != Some(&key) {
            self.matches = find_all(text, &self.query, self.match_case);
            self.current = match self.current {
                _ if self.matches.is_empty() => None,
                Some(current) => Some(current.min(self.matches.len() - 1)),
                None => None,
            };
            self.computed_for = Some(key);
        }
        if let Some(at) = self.resume_at.take()
            && !self.matches.is_empty()
        {
            let next = self.matches.iter().position(|found| found.start >= at);
            self.current = Some(next.unwrap_or(0));
        }
    }
}

/// Drafts typed into cards.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// Replies being written, by thread.
    pub replies: HashMap<CommentId, String>,
    /// A comment being edited, and its new text.
    pub editing: Option<(CommentId, String)>,
    /// A reply being edited (thread, reply), and its new text.
    pub editing_reply: Option<(CommentId, crate::model::ReplyId, String)>,
}

/// A message shown in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What to say.
    pub text: String,
    /// It reports a failure.
    pub is_error: bool,
    /// When it goes by itself (besides its Dismiss button).
    pub resolved_by: Resolves,
}

/// When a message in the window has done its job and goes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolves {
    /// Only its Dismiss button (a file that could not be read, a broken
    /// sign-off chain).
    Dismiss,
    /// The project changes (the next edit or decision); holds the
    /// revision it was shown at.
    ProjectChange(u64),
    /// Some text is selected in the document.
    Selection,
    /// The mode is Edit or Suggest again.
    EditableMode,
    /// An autosave works again.
    Autosave,
}

/// The pending suggestion ids in document order (for Previous/Next change;
/// a suggested footnote is one change, at its reference).
pub fn suggestion_order(project: &crate::model::Project) -> Vec<SuggestionId> {
    let mut pending: Vec<_> = project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.status.is_pending() && !suggestion.is_note_paragraph())
        .map(|suggestion| (suggestion.span.start, suggestion.id))
        .collect();
    pending.sort();
    pending.into_iter().map(|(_, id)| id).collect()
}
