//! The eframe application: the review desk where counsel read the policy
//! beside its comments and suggestions and accept or reject them.
//!
//! Layout of the window: menu bar and toolbar on top, the outline on the
//! left, the document (a redline) in the centre, the review panel with one
//! card per comment thread and suggestion on the right, the status bar at
//! the bottom.
//!
//! Invariant: views never change the [`Project`]. They push
//! [`AppCommand`]s onto a queue that [`RedlineApp::show`] applies once per
//! frame, after drawing (egui's `wrap_app.rs` `Command`, rerun's
//! `SystemCommand`). Everything derived from the project (paragraph ranges,
//! per-paragraph items, galleys) is keyed by [`Project::revision`].

mod checks_panel;
mod chrome;
mod compare_view;
mod dialogs;
mod disk;
mod editing;
pub mod editor;
pub mod files;
mod format_menu;
pub mod layout;
mod layout_panels;
pub mod locale_dates;
mod notice_editor;
mod print;
mod review_export;
pub mod review_panel;
mod round_cards;
mod rounds_bring_back;
mod rounds_send;
mod shortcuts;
mod signoff_dialog;
pub mod state;
pub mod text_units;
mod tool_types;
pub mod tools;
mod versions_panel;
mod virtual_rows;

pub use editor::clipboard::{Offered, RichClipboard, ScriptedClipboard, SystemClipboard};
pub use files::{DialogResult, FileDialog, NativeDialog, ScriptedDialog};
pub use layout::ItemId;
pub use state::{AppCommand, Mode, Preferences, StatusFilter, ThemeChoice};

use crate::formats::project_file;
use crate::model::{Actor, Command, Document, Person, Project, Span};
use dialogs::Modal;
use editor::input::EditorInput;
use editor::{DocumentEditor, EditorView};
use layout::{DocIndex, Highlights, Look};
use review_panel::{PanelContext, ReviewPanel};
use state::{Composer, Drafts, FindState, Notice, Pending, Resolves};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The window's application id (also names the storage directory).
pub const APP_ID: &str = "redline";

/// How the app is started: the project, who is using it, and the services
/// it talks to. Tests and benches fill this in; [`run`] uses [`Setup::default`].
pub struct Setup {
    /// Open this project (as an untitled project) instead of the sample.
    pub project: Option<Project>,
    /// Open this file (wins over `project`).
    pub file: Option<PathBuf>,
    /// The user; otherwise the stored preference, otherwise asked.
    pub user: Option<Person>,
    /// How to ask for file paths.
    pub dialog: Box<dyn FileDialog>,
    /// The folder where each window keeps its crash-recovery file (in a
    /// slot of its own); `None` turns autosave off.
    pub recovery_dir: Option<PathBuf>,
    /// Preferences to start with instead of the stored ones.
    pub preferences: Option<Preferences>,
    /// How often to autosave to the recovery file while there are unsaved changes.
    pub autosave_every: Duration,
    /// The user's config folder, where the signing key and the trusted keys
    /// live (`$REDLINE_CONFIG_DIR` by default, else the platform's).
    pub config_dir: Option<PathBuf>,
    /// The clipboard copy and paste use for formatted text.
    pub clipboard: Box<dyn RichClipboard>,
    /// Opens a file (a printed PDF) in the system's viewer; false when it
    /// cannot.
    pub open_file: fn(&Path) -> bool,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            project: None,
            file: None,
            user: None,
            dialog: Box::new(NativeDialog),
            recovery_dir: eframe::storage_dir(APP_ID).map(|dir| dir.join("recovery")),
            preferences: None,
            autosave_every: Duration::from_secs(3),
            config_dir: crate::formats::signing_key::config_folder(),
            clipboard: Box::new(SystemClipboard::default()),
            open_file: print::open_in_viewer,
        }
    }
}

/// The application.
pub struct RedlineApp {
    project: Project,
    file: Option<PathBuf>,
    untitled_name: String,
    saved_state: u64,
    index: DocIndex,
    prefs: Preferences,
    applied_theme: Option<ThemeChoice>,
    dialog: Box<dyn FileDialog>,
    disk: files::Disk,
    lock_refreshed_at: f64,
    clipboard: Box<dyn RichClipboard>,
    open_file: fn(&Path) -> bool,
    last_print: Option<PathBuf>,
    autosave: files::Autosave,
    queue: Vec<AppCommand>,
    editor: DocumentEditor,
    panel: ReviewPanel,
    focused: Option<ItemId>,
    flash_started: Option<f64>,
    reviewer_filter: Option<String>,
    find: FindState,
    drafts: Drafts,
    composer: Option<Composer>,
    modals: Vec<Modal>,
    modals_seen: usize,
    notices: Vec<Notice>,
    status: String,
    title: String,
    close_confirmed: bool,
    after_save: Option<Pending>,
    look: Look,
    look_dark: bool,
    document_width: f32,
    now: f64,
    tools: tools::Tools,
    config_dir: Option<PathBuf>,
}

/// What [`run`] says when there is no display to open a window on.
pub const NO_DISPLAY: &str = "no display found (DISPLAY/WAYLAND_DISPLAY unset); the headless subcommands are available: redline --help";

/// True when an X11 or Wayland display is named.
fn has_display(x11: Option<std::ffi::OsString>, wayland: Option<std::ffi::OsString>) -> bool {
    [x11, wayland]
        .into_iter()
        .any(|value| value.is_some_and(|value| !value.is_empty()))
}

/// Starts the GUI; `None` opens the bundled sample as an untitled copy.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    if cfg!(target_os = "linux")
        && !has_display(
            std::env::var_os("DISPLAY"),
            std::env::var_os("WAYLAND_DISPLAY"),
        )
    {
        anyhow::bail!(NO_DISPLAY);
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Redline")
        .with_app_id(APP_ID)
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([800.0, 500.0])
        .with_drag_and_drop(true);
    if let Ok(icon) =
        eframe::icon_data::from_png_bytes(include_bytes!("../../icons/redline-256.png"))
    {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // The app translates the clipboard shortcuts itself
        // (`editor::clipboard::translate_clipboard_keys`).
        clipboard_shortcuts: false,
        ..eframe::NativeOptions::default()
    };
    let setup = Setup {
        file,
        ..Setup::default()
    };
    eframe::run_native(
        "Redline",
        options,
        Box::new(move |cc| Ok(Box::new(RedlineApp::new(cc, setup)))),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

impl RedlineApp {
    /// The app inside eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, setup: Setup) -> RedlineApp {
        RedlineApp::with_context(&cc.egui_ctx, cc.storage, setup)
    }

    /// The app for an egui context, with optional stored preferences (for
    /// headless use: benches and tests).
    pub fn with_context(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        setup: Setup,
    ) -> RedlineApp {
        let mut prefs = setup
            .preferences
            .or_else(|| storage.and_then(|storage| eframe::get_value(storage, eframe::APP_KEY)))
            .unwrap_or_default();
        if let Some(user) = setup.user {
            prefs.user = Some(user);
        }
        let mut notices = Vec::new();
        let mut disk = files::Disk::default();
        let mut locked = None;
        let (project, file, untitled_name) = match (setup.file, setup.project) {
            (Some(path), _) => match files::open_for_window(&path, &lock_user(&prefs)) {
                Ok(files::OpenResult::Opened(opened)) => {
                    files::remember_recent(&mut prefs.recent, &path);
                    let files::OpenedFile {
                        project,
                        disk: opened_disk,
                        warnings,
                    } = *opened;
                    disk = opened_disk;
                    notices.extend(warnings.into_iter().map(|text| Notice {
                        text,
                        is_error: false,
                        resolved_by: Resolves::Dismiss,
                    }));
                    (project, Some(path), String::new())
                }
                Ok(files::OpenResult::HeldBy(holder)) => {
                    locked = Some(Modal::Locked { path, holder });
                    sample_or_empty(&mut notices)
                }
                Err(error) => {
                    notices.push(Notice {
                        text: error.to_string(),
                        is_error: true,
                        resolved_by: Resolves::Dismiss,
                    });
                    sample_or_empty(&mut notices)
                }
            },
            (None, Some(project)) => (project, None, "Untitled".to_string()),
            (None, None) => sample_or_empty(&mut notices),
        };
        let index = DocIndex::build(&project);
        let mut app = RedlineApp {
            saved_state: project.state_id(),
            project,
            file,
            untitled_name,
            index,
            prefs,
            applied_theme: None,
            dialog: setup.dialog,
            disk,
            lock_refreshed_at: 0.0,
            clipboard: setup.clipboard,
            open_file: setup.open_file,
            last_print: None,
            autosave: files::Autosave::new(setup.autosave_every),
            queue: Vec::new(),
            editor: DocumentEditor::default(),
            panel: ReviewPanel::default(),
            focused: None,
            flash_started: None,
            reviewer_filter: None,
            find: FindState::default(),
            drafts: Drafts::default(),
            composer: None,
            modals: Vec::new(),
            modals_seen: 0,
            notices,
            status: String::new(),
            title: String::new(),
            close_confirmed: false,
            after_save: None,
            look: Look::new(ctx.global_style().visuals.dark_mode),
            look_dark: ctx.global_style().visuals.dark_mode,
            document_width: 0.0,
            now: 0.0,
            tools: tools::Tools::default(),
            config_dir: setup.config_dir,
        };
        app.editor.set_zoom(app.prefs.zoom);
        editor::fonts::install(ctx);
        // The document zooms on its own (Ctrl+plus/minus/0); the menus stay.
        ctx.options_mut(|options| options.zoom_with_keyboard = false);
        app.warn_if_chain_broken();
        if app.prefs.user.is_none() {
            app.modals.push(Modal::identity(None));
        }
        if let Some(root) = &setup.recovery_dir {
            app.start_recovery(root);
        }
        app.modals.extend(locked);
        app.apply_theme(ctx);
        app
    }

    /// The project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The file the project is saved in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// True when another window has the file open: Save asks for a new name.
    pub fn is_read_only(&self) -> bool {
        self.disk.read_only
    }

    /// This window's crash-recovery file (written while there are unsaved
    /// changes), when autosave is on.
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.autosave
            .slot()
            .map(|slot| files::recovery_file(slot.folder()))
    }

    /// True when the project has unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.project.state_id() != self.saved_state
    }

    /// The editing mode.
    pub fn mode(&self) -> Mode {
        self.prefs.mode
    }

    /// The preferences (as they will be stored).
    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    /// The focused card.
    pub fn focused(&self) -> Option<ItemId> {
        self.focused
    }

    /// The messages shown in the window.
    pub fn notices(&self) -> Vec<String> {
        self.notices
            .iter()
            .map(|notice| notice.text.clone())
            .collect()
    }

    /// The title of the open modal dialog, if any.
    pub fn modal_title(&self) -> Option<&'static str> {
        self.modals.last().map(Modal::title)
    }

    /// Queues a command, as a view would (for tests and automation).
    pub fn queue(&mut self, command: AppCommand) {
        self.queue.push(command);
    }

    /// Selects `span` of the document as if dragged with the mouse (it may
    /// run across paragraphs and table cells); the document takes the
    /// keyboard focus.
    pub fn select_text(&mut self, span: Span) {
        self.ensure_index();
        self.editor.select(&self.index, span);
    }

    /// The document's selection, in document bytes (empty: the caret).
    pub fn selection(&self) -> std::ops::Range<usize> {
        self.editor.selection.sorted()
    }

    /// The document's zoom (1.0 = 100 %).
    pub fn zoom(&self) -> f32 {
        self.editor.zoom()
    }

    /// The width of the document's page column on screen last frame.
    pub fn page_width(&self) -> f32 {
        self.editor.page_rect.width()
    }

    /// The width of the document's area (between the side panels) last
    /// frame.
    pub fn document_width(&self) -> f32 {
        self.document_width
    }

    fn user(&self) -> Person {
        self.prefs
            .user
            .clone()
            .unwrap_or_else(|| Person::new("Anonymous", "?"))
    }

    fn actor(&self) -> Actor {
        Actor {
            user: self.user(),
            now: chrono::Utc::now(),
        }
    }

    fn display_name(&self) -> String {
        match &self.file {
            Some(path) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |name| name.to_string_lossy().into_owned(),
                );
                if self.disk.read_only {
                    format!("{name} (read-only)")
                } else {
                    name
                }
            }
            None => self.untitled_name.clone(),
        }
    }

    /// Shows a message: an error stays until dismissed, a note goes once
    /// the project changes.
    fn notice(&mut self, text: String, is_error: bool) {
        let resolved_by = if is_error {
            Resolves::Dismiss
        } else {
            Resolves::ProjectChange(self.project.revision())
        };
        self.notice_until(text, is_error, resolved_by);
    }

    /// Shows a message that goes when `resolved_by` says.
    fn notice_until(&mut self, text: String, is_error: bool, resolved_by: Resolves) {
        if is_error {
            eprintln!("redline: {text}");
        }
        if self.notices.iter().any(|notice| notice.text == text) {
            return;
        }
        self.notices.push(Notice {
            text,
            is_error,
            resolved_by,
        });
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
    }

    /// Takes away the messages whose matter is resolved.
    fn clear_resolved_notices(&mut self) {
        let revision = self.project.revision();
        let selected = !self.editor.selection.is_empty();
        let editable = self.prefs.mode != Mode::View;
        let autosave_works = !self.autosave.is_failing();
        self.notices.retain(|notice| match notice.resolved_by {
            Resolves::Dismiss => true,
            Resolves::ProjectChange(shown_at) => shown_at == revision,
            Resolves::Selection => !selected,
            Resolves::EditableMode => !editable,
            Resolves::Autosave => !autosave_works,
        });
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme == Some(self.prefs.theme) {
            return;
        }
        ctx.set_theme(match self.prefs.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
        self.applied_theme = Some(self.prefs.theme);
    }

    fn ensure_index(&mut self) {
        if self.index.revision != self.project.revision() || self.index.paragraphs.is_empty() {
            self.index = DocIndex::build(&self.project);
        }
    }

    /// Draws one frame of the whole window and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|input| input.time);
        self.apply_theme(&ctx);
        let dark = ui.visuals().dark_mode;
        if self.look_dark != dark {
            self.look = Look::new(dark);
            self.look_dark = dark;
        }
        self.ensure_index();
        if self.modals.is_empty() {
            self.handle_keys(&ctx);
        }
        self.handle_window_events(&ctx);

        egui::Panel::top("menu bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        if !self.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| self.notices_ui(ui));
        }
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar_ui(ui));
        let panels = layout_panels::PanelPlan::decide(
            ui.available_width(),
            layout_panels::Wanted {
                outline: self.prefs.show_outline,
                review: self.prefs.show_review,
                checks: self.tools.show_checks,
            },
        );
        self.side_panels_ui(ui, &panels);
        egui::CentralPanel::default().show(ui, |ui| {
            self.document_width = ui.available_width();
            if self.tools.viewing.is_some() {
                self.version_view_ui(ui);
                return;
            }
            if self.find.open {
                self.find_bar_ui(ui);
            }
            let highlights = Highlights {
                focused: self.highlighted_item(),
                find_matches: if self.find.open {
                    &self.find.matches
                } else {
                    &[]
                },
                current_match: self.find.current,
                show_resolved: self.prefs.status_filter != StatusFilter::Open,
                reviewer: self.reviewer_filter.as_deref(),
            };
            let user = self.user();
            let view = EditorView {
                project: &self.project,
                index: &self.index,
                look: &self.look,
                highlights,
                mode: self.prefs.mode,
                user: &user,
                accepts_keys: self.modals.is_empty(),
            };
            self.editor.ui(ui, &view, &mut self.queue);
        });
        if self.editor.scrolled {
            self.panel.follow_document(self.editor.scroll_offset());
        }
        self.connector_ui(&ctx);
        self.modal_ui(&ctx);
        self.tool_windows_ui(&ctx);
        if self
            .flash_started
            .is_some_and(|started| self.now - started < 1.3)
        {
            ctx.request_repaint_after(Duration::from_millis(100));
        }

        self.apply_queue(&ctx);
        self.ensure_index();
        self.update_title(&ctx);
        self.autosave(&ctx);
        self.clear_resolved_notices();
    }

    /// The outline, review and checks panels as the window's width allows:
    /// each within its minimum and maximum width, and collapsed to a button
    /// when showing it would squeeze the document below its minimum.
    fn side_panels_ui(&mut self, ui: &mut egui::Ui, panels: &layout_panels::PanelPlan) {
        use layout_panels::{CHECKS_MIN, OUTLINE_MIN, REVIEW_MIN, Shown, max_width};
        let reserved_after_outline =
            panels.review.reserve(REVIEW_MIN) + panels.checks.reserve(CHECKS_MIN);
        match panels.outline {
            Shown::Open => {
                let max = max_width(ui.available_width(), reserved_after_outline, OUTLINE_MIN);
                egui::Panel::left("outline")
                    .resizable(true)
                    .default_size(220.0)
                    .min_size(OUTLINE_MIN)
                    .max_size(max)
                    .show(ui, |ui| self.outline_ui(ui));
            }
            Shown::Collapsed => {
                egui::Panel::left("outline collapsed")
                    .resizable(false)
                    .exact_size(layout_panels::TOGGLE_WIDTH)
                    .show(ui, |ui| {
                        if ui
                            .button("»")
                            .accessible_name("Show the outline")
                            .on_hover_text("The window is too narrow for the outline beside the document; click to show it over the document's width")
                            .clicked()
                        {
                            self.prefs.show_review = false;
                            self.tools.show_checks = false;
                        }
                    });
            }
            Shown::Hidden => {}
        }
        match panels.review {
            Shown::Open => {
                let max = max_width(
                    ui.available_width(),
                    panels.checks.reserve(CHECKS_MIN),
                    REVIEW_MIN,
                );
                egui::Panel::right("review panel")
                    .resizable(true)
                    .default_size(380.0)
                    .min_size(REVIEW_MIN)
                    .max_size(max)
                    .show(ui, |ui| self.review_panel_ui(ui));
            }
            Shown::Collapsed => {
                let count = self.panel.cards.len();
                egui::Panel::right("review collapsed")
                    .resizable(false)
                    .exact_size(layout_panels::TOGGLE_WIDTH)
                    .show(ui, |ui| {
                        if ui
                            .button("«")
                            .accessible_name(format!("Show the review panel ({count} cards)"))
                            .on_hover_text(format!("{count} cards; the window is too narrow for them beside the document: click to show them instead of the outline"))
                            .clicked()
                        {
                            self.prefs.show_outline = false;
                            self.tools.show_checks = false;
                        }
                    });
            }
            Shown::Hidden => {}
        }
        match panels.checks {
            Shown::Open => {
                let max = max_width(ui.available_width(), 0.0, CHECKS_MIN);
                egui::Panel::right("checks panel")
                    .resizable(true)
                    .default_size(360.0)
                    .min_size(CHECKS_MIN)
                    .max_size(max)
                    .show(ui, |ui| self.checks_panel_ui(ui));
            }
            Shown::Collapsed => {
                egui::Panel::right("checks collapsed")
                    .resizable(false)
                    .exact_size(layout_panels::TOGGLE_WIDTH)
                    .show(ui, |ui| {
                        if ui
                            .button("«")
                            .accessible_name("Show the checks panel")
                            .on_hover_text("The window is too narrow for the checks beside the document; click to show them instead of the review panel")
                            .clicked()
                        {
                            self.prefs.show_outline = false;
                            self.prefs.show_review = false;
                        }
                    });
            }
            Shown::Hidden => {}
        }
    }

    fn review_panel_ui(&mut self, ui: &mut egui::Ui) {
        let user = self.user();
        let context = PanelContext {
            project: &self.project,
            index: &self.index,
            look: &self.look,
            focused: self.focused,
            user: &user,
            selection: self.editor.selected_span(),
            document_tops: &self.editor.tops,
            document_area_top: self.editor.area_top,
        };
        self.panel.ui(
            ui,
            &context,
            &mut self.reviewer_filter,
            &mut self.prefs.status_filter,
            &mut self.drafts,
            &mut self.composer,
            &mut self.queue,
        );
    }

    /// The focused card tied to its text: a line in the reviewer's colour
    /// from the anchor to the card, as Word's balloons.
    fn connector_ui(&self, ctx: &egui::Context) {
        let Some(item) = self.focused.filter(|_| self.modals.is_empty()) else {
            return;
        };
        let (Some(card), Some(anchor)) = (self.panel.card_rect(item), self.anchor_point(item))
        else {
            return;
        };
        let colour = match item {
            ItemId::Comment(id) => self
                .project
                .comment(id)
                .map(|comment| self.look.reviewer(&comment.author.name)),
            ItemId::Suggestion(id) => self
                .project
                .suggestion(id)
                .map(|suggestion| self.look.reviewer(&suggestion.author.name)),
        };
        let Some(colour) = colour else {
            return;
        };
        let page_right = self.editor.page_rect.right();
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("card connector"),
        ));
        let stroke = egui::Stroke::new(1.5, colour);
        let card_point = egui::pos2(card.left(), card.top() + 14.0);
        let points = [
            egui::pos2(anchor.x, anchor.y + 2.0),
            egui::pos2(page_right, anchor.y + 2.0),
            card_point,
        ];
        painter.line_segment(
            [points[0], points[1]],
            egui::Stroke::new(1.0, colour.gamma_multiply(0.6)),
        );
        painter.line_segment([points[1], points[2]], stroke);
        painter.circle_filled(points[0], 2.5, colour);
    }

    /// Where an item's text is on screen (bottom-left of its first char),
    /// when it is drawn.
    fn anchor_point(&self, item: ItemId) -> Option<egui::Pos2> {
        let span = match item {
            ItemId::Comment(id) => {
                self.project
                    .comment(id)
                    .filter(|comment| !comment.orphaned)?
                    .span
            }
            ItemId::Suggestion(id) => {
                self.project
                    .suggestion(id)
                    .filter(|suggestion| !suggestion.orphaned)?
                    .span
            }
        };
        self.editor.point_of(&self.index, span.start.0)
    }

    /// The item drawn highlighted: the focused one, blinking for a moment
    /// after it was focused.
    fn highlighted_item(&self) -> Option<ItemId> {
        let focused = self.focused?;
        match self.flash_started {
            Some(started) if self.now - started < 1.2 => {
                let phase = ((self.now - started) / 0.2) as u64;
                phase.is_multiple_of(2).then_some(focused)
            }
            _ => Some(focused),
        }
    }

    /// Reads the frame's keys in the order they came: a shortcut becomes
    /// its command; any other key, text, clipboard or input-method event
    /// goes to the document when it has the keyboard. One ordered pass, so
    /// that fast typing ("abc" then Ctrl+Z in one frame) is applied in the
    /// order it was typed.
    fn handle_keys(&mut self, ctx: &egui::Context) {
        let focused = ctx.memory(|memory| memory.focused());
        let editor_focused = focused == Some(editor::editor_id());
        // Formatting keys go to the document when it, or nothing, has the
        // keyboard focus (not while typing a comment).
        let document_keys = focused.is_none() || editor_focused;
        let events = ctx.input(|input| input.events.clone());
        let mut consumed = vec![false; events.len()];
        for (position, event) in events.iter().enumerate() {
            if let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
                && let Some((shortcut, _)) = shortcuts::ORDERED.iter().find(|(shortcut, _)| {
                    shortcut.logical_key == *key && modifiers.matches_logically(shortcut.modifiers)
                })
                && let Some(command) = self.shortcut_command(*shortcut, document_keys)
            {
                self.queue.push(command);
                consumed[position] = true;
                continue;
            }
            if editor_focused {
                match editor::input::input_of(event) {
                    Some(EditorInput::Preedit(text)) => self.editor.set_preedit(text),
                    Some(input) => {
                        if matches!(
                            input,
                            EditorInput::Edit(editor::actions::EditRequest::Type(_))
                        ) {
                            self.editor.set_preedit(String::new());
                        }
                        self.queue.push(AppCommand::Editor(input));
                    }
                    None => {}
                }
            }
        }
        if consumed.contains(&true) {
            ctx.input_mut(|input| {
                let mut position = 0;
                input.events.retain(|_| {
                    let keep = !consumed.get(position).copied().unwrap_or(false);
                    position += 1;
                    keep
                });
            });
        }
    }

    /// The command of a shortcut; the document's own ones only when
    /// `document_keys`.
    fn shortcut_command(
        &self,
        shortcut: egui::KeyboardShortcut,
        document_keys: bool,
    ) -> Option<AppCommand> {
        use crate::model::blocks::BlockStyle;
        use crate::model::marks::Styles;
        use editor::actions::{EditRequest, Formatting};
        let format =
            |formatting| AppCommand::Editor(EditorInput::Edit(EditRequest::Format(formatting)));
        match shortcut {
            shortcuts::REDO | shortcuts::REDO_ALTERNATIVE => Some(AppCommand::Redo),
            shortcuts::UNDO => Some(AppCommand::Undo),
            shortcuts::SAVE_AS => Some(AppCommand::SaveAs),
            shortcuts::SAVE => Some(AppCommand::Save),
            shortcuts::OPEN => Some(AppCommand::Guarded(Pending::Open)),
            shortcuts::NEW => Some(AppCommand::Guarded(Pending::New)),
            shortcuts::PRINT => Some(AppCommand::Print { with_markup: false }),
            shortcuts::FIND | shortcuts::REPLACE => Some(AppCommand::OpenFind),
            shortcuts::COMMENT => Some(AppCommand::StartComment),
            shortcuts::PREVIOUS_CHANGE => Some(AppCommand::PreviousChange),
            shortcuts::NEXT_CHANGE => Some(AppCommand::NextChange),
            shortcuts::ZOOM_IN | shortcuts::ZOOM_IN_ALTERNATIVE => Some(AppCommand::Zoom(1)),
            shortcuts::ZOOM_OUT => Some(AppCommand::Zoom(-1)),
            shortcuts::ZOOM_RESET => Some(AppCommand::Zoom(0)),
            shortcuts::HELP => Some(AppCommand::ShowShortcuts),
            _ if !document_keys => None,
            shortcuts::BOLD => Some(format(Formatting::Toggle(Styles::BOLD))),
            shortcuts::ITALIC => Some(format(Formatting::Toggle(Styles::ITALIC))),
            shortcuts::UNDERLINE => Some(format(Formatting::Toggle(Styles::UNDERLINE))),
            shortcuts::SUPERSCRIPT => Some(format(Formatting::Toggle(Styles::SUPERSCRIPT))),
            shortcuts::LINK => Some(AppCommand::OpenLinkDialog),
            shortcuts::BULLETS => Some(format(Formatting::ToggleList { numbered: false })),
            shortcuts::HEADING_1 => Some(format(Formatting::Style(BlockStyle::Heading(1)))),
            shortcuts::HEADING_2 => Some(format(Formatting::Style(BlockStyle::Heading(2)))),
            shortcuts::HEADING_3 => Some(format(Formatting::Style(BlockStyle::Heading(3)))),
            shortcuts::NORMAL_STYLE => Some(format(Formatting::Style(BlockStyle::Normal))),
            shortcuts::CLEAR_FORMATTING => Some(format(Formatting::Clear)),
            shortcuts::FOOTNOTE => Some(AppCommand::Editor(EditorInput::Edit(
                EditRequest::InsertFootnote,
            ))),
            _ => None,
        }
    }

    fn handle_window_events(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.queue
                .push(AppCommand::Guarded(Pending::OpenPath(path)));
        }
        if ctx.input(|input| input.viewport().close_requested())
            && self.is_dirty()
            && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if !self
                .modals
                .iter()
                .any(|modal| matches!(modal, Modal::Unsaved { .. }))
            {
                self.modals.push(Modal::Unsaved {
                    then: Pending::Quit,
                });
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.is_dirty() { "● " } else { "" };
        let title = format!("{marker}{} — Redline", self.display_name());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        self.refresh_lock();
        let dirty = self.is_dirty();
        let tick = self
            .autosave
            .tick(self.now, &self.project, self.file.as_deref(), dirty);
        if let Some(failure) = tick.failure {
            self.notice_until(failure, true, Resolves::Autosave);
        }
        if let Some(after) = tick.repaint_after {
            ctx.request_repaint_after(after);
        }
    }

    fn apply_queue(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.queue);
        for command in commands {
            self.apply_command(ctx, command);
        }
    }

    fn apply_model(&mut self, command: Command) -> Option<crate::model::Outcome> {
        let actor = self.actor();
        match self.project.apply(command, &actor) {
            Ok(outcome) => {
                if !outcome.summary.is_empty() {
                    self.status = outcome.summary.clone();
                }
                if !outcome.skipped.is_empty() {
                    self.notice(
                        format!(
                            "{} left pending (alternatives need a choice; orphaned or conflicting ones can only be rejected)",
                            outcome.skipped.len()
                        ),
                        false,
                    );
                }
                Some(outcome)
            }
            Err(error) => {
                // A refused command: the message goes once something changes.
                self.notice_until(
                    error.to_string(),
                    true,
                    Resolves::ProjectChange(self.project.revision()),
                );
                None
            }
        }
    }

    fn apply_command(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::Model(command) => {
                if let Some(outcome) = self.apply_model(command)
                    && let Some(comment) = outcome.created_comment
                {
                    self.focus(ItemId::Comment(comment), false);
                }
            }
            AppCommand::Editor(input) => self.editor_input(ctx, input),
            AppCommand::OpenLink(target) => self.open_link(ctx, &target),
            AppCommand::OpenLinkDialog => {
                let link = editor::actions::link_at(self.project.content(), self.editor.selection);
                let has_selection = !self.editor.selection.is_empty();
                self.modals.push(Modal::link(link, has_selection));
            }
            AppCommand::OpenTableDialog => self.modals.push(Modal::table()),
            AppCommand::Zoom(step) => {
                if step == 0 {
                    self.editor.set_zoom(1.0);
                } else {
                    self.editor.zoom_by(step);
                }
                self.prefs.zoom = self.editor.zoom();
                self.status = format!("Zoom {:.0} %", self.editor.zoom() * 100.0);
            }
            AppCommand::Print { with_markup } => self.print(with_markup),
            AppCommand::ShowShortcuts => self.modals.push(Modal::Shortcuts),
            AppCommand::ShowAbout => self.modals.push(Modal::About),
            AppCommand::Undo => {
                let actor = self.actor();
                match self.project.undo(&actor) {
                    Ok(label) => self.status = format!("Undid {label}"),
                    Err(error) => self.notice(error.to_string(), false),
                }
                self.editor.after_history(&self.project);
            }
            AppCommand::Redo => {
                let actor = self.actor();
                match self.project.redo(&actor) {
                    Ok(label) => self.status = format!("Redid {label}"),
                    Err(error) => self.notice(error.to_string(), false),
                }
                self.editor.after_history(&self.project);
            }
            AppCommand::Guarded(pending) => {
                if self.is_dirty() {
                    self.modals.push(Modal::Unsaved { then: pending });
                } else {
                    self.run_pending(ctx, pending);
                }
            }
            AppCommand::Save => match self.file.clone() {
                Some(path) if !self.disk.read_only => {
                    self.save_to(ctx, &path);
                }
                _ => self.apply_command(ctx, AppCommand::SaveAs),
            },
            AppCommand::SaveAs => {
                let name = format!(
                    "{}{}",
                    sanitise_file_stem(&self.project.document().title),
                    project_file::EXTENSION
                );
                match self.dialog.pick_save(&name) {
                    DialogResult::Picked(path) => {
                        self.save_to(ctx, &path);
                    }
                    DialogResult::Cancelled => self.after_save = None,
                    DialogResult::Unavailable => self.modals.push(Modal::path_prompt(false, name)),
                }
            }
            AppCommand::SaveTo(path) => {
                self.save_to(ctx, &path);
            }
            AppCommand::Focus {
                item,
                scroll_document,
            } => {
                // Back from a version shown read-only to the draft the card is on.
                self.tools.viewing = None;
                self.focus(item, scroll_document)
            }
            AppCommand::JumpToParagraph(paragraph) => {
                self.tools.viewing = None;
                self.editor.scroll_to = Some(paragraph);
                if let Some(range) = self.index.paragraphs.get(paragraph) {
                    self.editor.place_caret(range.start);
                }
            }
            AppCommand::NextChange | AppCommand::PreviousChange => {
                let forward = command == AppCommand::NextChange;
                self.step_change(forward);
            }
            AppCommand::Bulk { accepting, author } => {
                let count = self
                    .project
                    .bulk_targets(author.as_deref(), accepting)
                    .len();
                if count == 0 {
                    let by = author.map(|name| format!(" by {name}")).unwrap_or_default();
                    let verb = if accepting { "accept" } else { "reject" };
                    self.notice(format!("there are no pending changes{by} to {verb}"), false);
                } else {
                    self.modals.push(Modal::ConfirmBulk {
                        accepting,
                        author,
                        count,
                    });
                }
            }
            AppCommand::StartComment => match self.editor.selected_span() {
                Some(span) => {
                    self.composer = Some(Composer {
                        span,
                        body: String::new(),
                        just_opened: true,
                    });
                    self.prefs.show_review = true;
                }
                None => self.notice_until(
                    "select some text in the document first (drag over it, or use Shift+arrows)"
                        .to_string(),
                    false,
                    Resolves::Selection,
                ),
            },
            AppCommand::MoveCommentToSelection(comment) => match self.editor.selected_span() {
                Some(span) => {
                    self.apply_model(Command::MoveComment { comment, span });
                }
                None => self.notice_until(
                    "select the text to move the comment to first".to_string(),
                    false,
                    Resolves::Selection,
                ),
            },
            AppCommand::SetMode(mode) => {
                self.prefs.mode = mode;
                self.status = format!("{} mode", mode.name());
            }
            AppCommand::OpenFind => {
                self.find.open = true;
                self.find.focus_field = true;
            }
            AppCommand::Notice(text) => self.notice(text, false),
            AppCommand::Tool(command) => self.apply_tool_command(command),
        }
    }

    fn focus(&mut self, item: ItemId, scroll_document: bool) {
        self.focused = Some(item);
        self.flash_started = Some(self.now);
        let span = match item {
            ItemId::Comment(id) => self.project.comment(id).map(|comment| comment.span),
            ItemId::Suggestion(id) => self
                .project
                .suggestion(id)
                .map(|suggestion| suggestion.span),
        };
        if scroll_document && let Some(span) = span {
            self.ensure_index();
            let paragraph = self.index.paragraph_of(span.start.0);
            let visible = &self.editor.visible;
            if !(visible.start < paragraph && paragraph + 1 < visible.end) {
                self.editor.scroll_to = Some(paragraph.saturating_sub(1));
            }
        }
        if !scroll_document {
            self.panel.scroll_to_card = Some(item);
        }
    }

    fn step_change(&mut self, forward: bool) {
        let order = state::suggestion_order(&self.project);
        if order.is_empty() {
            self.notice("there are no pending changes".to_string(), false);
            return;
        }
        let current = match self.focused {
            Some(ItemId::Suggestion(id)) => order.iter().position(|&other| other == id),
            _ => None,
        };
        let next = match (current, forward) {
            (Some(position), true) => (position + 1) % order.len(),
            (Some(position), false) => (position + order.len() - 1) % order.len(),
            (None, true) => 0,
            (None, false) => order.len() - 1,
        };
        let item = ItemId::Suggestion(order[next]);
        // As in Word: the change is selected in the text and brought into
        // view; its card is focused and tied to it.
        self.focus(item, false);
        if let Some(suggestion) = self.project.suggestion(order[next]) {
            self.editor.show_span(suggestion.span);
        }
    }

    fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => {
                let project = Project::new(Document::new(
                    "Untitled policy",
                    crate::model::content::Content::from_marked_text("# Untitled policy\n"),
                ));
                self.replace_project(
                    project,
                    None,
                    "Untitled".to_string(),
                    files::Disk::default(),
                );
                self.status = "New project".to_string();
            }
            Pending::Open => match self.dialog.pick_open() {
                DialogResult::Picked(path) => self.open_path(&path),
                DialogResult::Cancelled => {}
                DialogResult::Unavailable => {
                    self.modals.push(Modal::path_prompt(true, String::new()))
                }
            },
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Import => self.import_picked(),
            Pending::Quit => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn replace_project(
        &mut self,
        project: Project,
        file: Option<PathBuf>,
        untitled_name: String,
        disk: files::Disk,
    ) {
        self.saved_state = project.state_id();
        self.project = project;
        self.file = file;
        self.untitled_name = untitled_name;
        // The previous file's lock goes with it.
        self.disk = disk;
        self.index = DocIndex::build(&self.project);
        self.editor.reset();
        self.panel.reset();
        self.focused = None;
        self.composer = None;
        self.drafts = Drafts::default();
        self.find.computed_for = None;
        self.tools.reset();
        self.autosave.forget();
    }
}

impl eframe::App for RedlineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        editor::clipboard::translate_clipboard_keys(&mut raw_input.events, self.clipboard.as_mut());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        // Reaching here means the user saved or chose to discard.
        self.autosave.release();
        // Dropping the lock removes the lock file.
        self.disk.lock = None;
    }
}

/// The name a window's edit lock shows to others: the user's, else the
/// login's.
fn lock_user(prefs: &Preferences) -> String {
    prefs
        .user
        .as_ref()
        .map(|user| user.name.clone())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "someone".to_string())
}

fn sample_or_empty(notices: &mut Vec<Notice>) -> (Project, Option<PathBuf>, String) {
    match crate::formats::sample::sample_project() {
        Ok(project) => (project, None, "Untitled (sample policy)".to_string()),
        Err(error) => {
            notices.push(Notice {
                text: format!("the bundled sample cannot be read: {error}"),
                is_error: true,
                resolved_by: Resolves::Dismiss,
            });
            (
                Project::new(Document::default()),
                None,
                "Untitled".to_string(),
            )
        }
    }
}

/// A file name stem from a title: letters, digits and dashes.
fn sanitise_file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "policy".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_display_is_an_error_naming_the_headless_subcommands() {
        assert!(!has_display(None, None));
        assert!(!has_display(Some("".into()), None));
        assert!(has_display(Some(":0".into()), None));
        assert!(has_display(None, Some("wayland-0".into())));
        assert_eq!(
            NO_DISPLAY,
            "no display found (DISPLAY/WAYLAND_DISPLAY unset); the headless subcommands are available: redline --help"
        );
    }

    #[test]
    fn file_stems_come_from_titles() {
        assert_eq!(
            sanitise_file_stem("Kestrelmoor Privacy Policy"),
            "kestrelmoor-privacy-policy"
        );
        assert_eq!(sanitise_file_stem("  ?? "), "policy");
    }
}
