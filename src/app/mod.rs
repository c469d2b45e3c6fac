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
pub mod document_view;
pub mod files;
pub mod layout;
pub mod locale_dates;
mod notice_editor;
mod review_export;
pub mod review_panel;
mod shortcuts;
mod signoff_dialog;
pub mod state;
pub mod text_units;
pub mod tools;
mod versions_panel;
mod virtual_rows;

pub use files::{DialogResult, FileDialog, NativeDialog, ScriptedDialog};
pub use layout::ItemId;
pub use state::{AppCommand, Mode, Preferences, StatusFilter, ThemeChoice};

use crate::formats::project_file;
use crate::model::{Actor, Command, Document, Person, Project, Span};
use dialogs::Modal;
use document_view::{DocContext, DocumentView};
use layout::{DocIndex, Highlights, Look};
use review_panel::{PanelContext, ReviewPanel};
use state::{Composer, CursorAfter, Drafts, FindState, Notice, Pending};
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
    recovery: Option<files::RecoverySlot>,
    autosave_every: Duration,
    last_autosave_time: f64,
    autosaved_revision: Option<u64>,
    recovery_written: bool,
    autosave_failed: bool,
    autosave_result: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
    queue: Vec<AppCommand>,
    document: DocumentView,
    panel: ReviewPanel,
    focused: Option<ItemId>,
    flash_started: Option<f64>,
    reviewer_filter: Option<String>,
    find: FindState,
    drafts: Drafts,
    composer: Option<Composer>,
    modals: Vec<Modal>,
    notices: Vec<Notice>,
    status: String,
    title: String,
    close_confirmed: bool,
    after_save: Option<Pending>,
    look: Look,
    look_dark: bool,
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
        .with_min_inner_size([700.0, 400.0])
        .with_drag_and_drop(true);
    if let Ok(icon) =
        eframe::icon_data::from_png_bytes(include_bytes!("../../icons/redline-256.png"))
    {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..eframe::NativeOptions::default()
    };
    let setup = Setup {
        file,
        ..Setup::default()
    };
    eframe::run_native(
        "Redline",
        options,
        Box::new(move |cc| {
            let mut app = RedlineApp::new(cc, setup);
            if let Ok(view) = std::env::var(tools::SCREENSHOT_VIEW) {
                app.show_tool_for_screenshot(&view);
            }
            Ok(Box::new(app))
        }),
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
            recovery: None,
            autosave_every: setup.autosave_every,
            last_autosave_time: 0.0,
            autosaved_revision: None,
            recovery_written: false,
            autosave_failed: false,
            autosave_result: None,
            queue: Vec::new(),
            document: DocumentView::default(),
            panel: ReviewPanel::default(),
            focused: None,
            flash_started: None,
            reviewer_filter: None,
            find: FindState::default(),
            drafts: Drafts::default(),
            composer: None,
            modals: Vec::new(),
            notices,
            status: String::new(),
            title: String::new(),
            close_confirmed: false,
            after_save: None,
            look: Look::new(ctx.global_style().visuals.dark_mode),
            look_dark: ctx.global_style().visuals.dark_mode,
            now: 0.0,
            tools: tools::Tools::default(),
            config_dir: setup.config_dir,
        };
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
        self.recovery
            .as_ref()
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

    /// Selects `span` of the document (within one paragraph) as if dragged
    /// with the mouse: opens the paragraph's editor with that selection.
    pub fn select_text(&mut self, span: Span) {
        self.document.select(&self.index, span);
    }

    fn actor(&self) -> Actor {
        Actor {
            user: self
                .prefs
                .user
                .clone()
                .unwrap_or_else(|| Person::new("Anonymous", "?")),
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

    fn notice(&mut self, text: String, is_error: bool) {
        if is_error {
            eprintln!("redline: {text}");
        }
        let notice = Notice { text, is_error };
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
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
            self.handle_shortcuts(&ctx);
        }
        self.handle_window_events(&ctx);

        egui::Panel::top("menu bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        if !self.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| self.notices_ui(ui));
        }
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.prefs.show_outline {
            egui::Panel::left("outline")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| self.outline_ui(ui));
        }
        if self.prefs.show_review {
            egui::Panel::right("review panel")
                .resizable(true)
                .default_size(380.0)
                .min_size(260.0)
                .show(ui, |ui| {
                    let user = self
                        .prefs
                        .user
                        .clone()
                        .unwrap_or_else(|| Person::new("Anonymous", "?"));
                    let context = PanelContext {
                        project: &self.project,
                        index: &self.index,
                        look: &self.look,
                        focused: self.focused,
                        user: &user,
                        selection: self.document.selection,
                        document_tops: &self.document.tops,
                        document_area_top: self.document.area_top,
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
                });
        }
        if self.tools.show_checks {
            egui::Panel::right("checks panel")
                .resizable(true)
                .default_size(360.0)
                .show(ui, |ui| self.checks_panel_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
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
            let context = DocContext {
                project: &self.project,
                index: &self.index,
                look: &self.look,
                highlights,
                mode: self.prefs.mode,
            };
            self.document.ui(ui, &context, &mut self.queue);
        });
        if self.document.scrolled {
            self.panel.follow_document(self.document.scroll_offset());
        }
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

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        use shortcuts::*;
        let pressed = |shortcut| ctx.input_mut(|input| input.consume_shortcut(&shortcut));
        // The longer shortcuts first: Ctrl+Z would also take Ctrl+Shift+Z.
        if pressed(REDO) || pressed(REDO_ALTERNATIVE) {
            self.queue.push(AppCommand::Redo);
        }
        if pressed(UNDO) {
            self.queue.push(AppCommand::Undo);
        }
        if pressed(SAVE_AS) {
            self.queue.push(AppCommand::SaveAs);
        }
        if pressed(SAVE) {
            self.queue.push(AppCommand::Save);
        }
        if pressed(OPEN) {
            self.queue.push(AppCommand::Guarded(Pending::Open));
        }
        if pressed(NEW) {
            self.queue.push(AppCommand::Guarded(Pending::New));
        }
        if pressed(FIND) || pressed(REPLACE) {
            self.queue.push(AppCommand::OpenFind);
        }
        if pressed(COMMENT) {
            self.queue.push(AppCommand::StartComment);
        }
        if pressed(PREVIOUS_CHANGE) {
            self.queue.push(AppCommand::PreviousChange);
        }
        if pressed(NEXT_CHANGE) {
            self.queue.push(AppCommand::NextChange);
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
        let Some(dir) = self
            .recovery
            .as_ref()
            .map(|slot| slot.folder().to_path_buf())
        else {
            return;
        };
        if let Some(receiver) = &self.autosave_result {
            match receiver.try_recv() {
                Ok(result) => {
                    self.autosave_result = None;
                    match result {
                        Ok(()) => self.autosave_failed = false,
                        Err(error) if !self.autosave_failed => {
                            self.autosave_failed = true;
                            self.notice(format!("autosave failed: {error}"), true);
                        }
                        Err(_) => {}
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(100));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.autosave_result = None,
            }
        }
        if !self.is_dirty() {
            // Nothing to recover; wait for a write in flight before removing it.
            if self.recovery_written && self.autosave_result.is_none() {
                files::clear_recovery(&dir);
                self.recovery_written = false;
            }
            return;
        }
        let interval = self.autosave_every.as_secs_f64();
        if self.autosaved_revision != Some(self.project.revision())
            && self.now - self.last_autosave_time >= interval
            && self.autosave_result.is_none()
        {
            self.last_autosave_time = self.now;
            self.autosaved_revision = Some(self.project.revision());
            self.recovery_written = true;
            // Writing a large project takes a while: do it off the UI thread,
            // from a snapshot.
            let project = self.project.clone();
            let origin = self.file.clone();
            let (sender, receiver) = std::sync::mpsc::channel();
            self.autosave_result = Some(receiver);
            std::thread::spawn(move || {
                let result = files::write_recovery(&dir, &project, origin.as_deref())
                    .map_err(|error| error.to_string());
                // The app may be gone by now; then nobody needs the result.
                let _ = sender.send(result);
            });
        }
        ctx.request_repaint_after(self.autosave_every.max(Duration::from_millis(100)));
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
                self.notice(error.to_string(), true);
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
            AppCommand::Typing { command, cursor } => {
                if let Some(outcome) = self.apply_model(command) {
                    self.ensure_index();
                    self.document
                        .set_cursor_after(cursor, outcome.created_suggestion);
                    if let Some(id) = outcome.created_suggestion {
                        self.focused = Some(ItemId::Suggestion(id));
                        self.panel.scroll_to_card = Some(ItemId::Suggestion(id));
                    }
                } else {
                    self.document
                        .set_cursor_after(CursorAfter::DocByte(0), None);
                }
            }
            AppCommand::Undo => {
                let actor = self.actor();
                match self.project.undo(&actor) {
                    Ok(label) => self.status = format!("Undid {label}"),
                    Err(error) => self.notice(error.to_string(), false),
                }
            }
            AppCommand::Redo => {
                let actor = self.actor();
                match self.project.redo(&actor) {
                    Ok(label) => self.status = format!("Redid {label}"),
                    Err(error) => self.notice(error.to_string(), false),
                }
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
                self.document.scroll_to = Some(paragraph);
            }
            AppCommand::NextChange | AppCommand::PreviousChange => {
                let forward = command == AppCommand::NextChange;
                self.step_change(forward);
            }
            AppCommand::Bulk { accepting, author } => {
                let count = self.project.bulk_targets(author.as_deref(), accepting).len();
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
            AppCommand::StartComment => match self.document.selection {
                Some(span) => {
                    self.composer = Some(Composer {
                        span,
                        body: String::new(),
                        just_opened: true,
                    });
                    self.prefs.show_review = true;
                }
                None => self.notice(
                    "select some text in the document first (click a paragraph, then drag or use Shift+arrows)".to_string(),
                    false,
                ),
            },
            AppCommand::MoveCommentToSelection(comment) => match self.document.selection {
                Some(span) => {
                    self.apply_model(Command::MoveComment { comment, span });
                }
                None => self.notice("select the text to move the comment to first".to_string(), false),
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
            let visible = &self.document.visible;
            if !(visible.start < paragraph && paragraph + 1 < visible.end) {
                self.document.scroll_to = Some(paragraph.saturating_sub(1));
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
        self.focus(item, true);
        self.panel.scroll_to_card = Some(item);
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
        self.document.reset();
        self.panel.reset();
        self.focused = None;
        self.composer = None;
        self.drafts = Drafts::default();
        self.find.computed_for = None;
        self.tools.reset();
        self.autosaved_revision = None;
        self.clear_own_recovery();
    }

    /// Removes this window's recovery file (its work is saved or gone).
    fn clear_own_recovery(&mut self) {
        if let Some(slot) = &self.recovery {
            files::clear_recovery(slot.folder());
            self.recovery_written = self.autosave_result.is_some();
        }
    }
}

impl eframe::App for RedlineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        // Reaching here means the user saved or chose to discard.
        if let Some(slot) = self.recovery.take() {
            slot.release();
        }
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
