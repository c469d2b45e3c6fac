//! The document editor: the policy as a formatted page, with the redline
//! over it, and its own caret and selection in document bytes.
//!
//! One job, in these parts:
//! - [`caret`]: the selection in model positions and moves over the text;
//! - [`input`]: egui's events, one editor input each, in order;
//! - [`actions`]: each edit at the selection becomes exactly one model
//!   command (the command layer; no string comparison anywhere);
//! - [`grouping`]: which undo entry typing goes into, as Word groups it;
//! - [`paragraph`]: one paragraph as one formatted `LayoutJob`;
//! - [`tables`]: the grid a table's cell paragraphs make;
//! - [`html`], [`clipboard`]: copy and paste with formatting;
//! - [`fonts`]: the real bold and italic faces;
//! - this module: the page column, virtualised layout (one galley per
//!   paragraph, cached; only what is on screen is laid out), pointer and
//!   keyboard focus, drawing, and the accessibility tree (an editable
//!   multi-line text whose runs carry the words, headings heard as
//!   headings, links as links).
//!
//! Inputs are queued as [`AppCommand::Editor`] and applied one by one at the
//! end of the frame ([`DocumentEditor::perform`] for edits), so each applies
//! to the document as the previous one left it.

pub mod actions;
pub mod caret;
pub mod clipboard;
pub mod fonts;
pub mod grouping;
pub mod html;
pub mod input;
pub mod paragraph;
pub mod tables;

use crate::app::layout::{DocIndex, Highlights, Look, Unit};
use crate::app::state::{AppCommand, Mode};
use crate::app::text_units::{DisplayMap, DocPosition};
use crate::model::links::{LinkKind, LinkTarget};
use crate::model::marks::Styles;
use crate::model::{Actor, ModelError, Outcome, Person, Project, Span};
use actions::{EditContext, EditRequest, Plan};
use caret::Selection;
use egui::text::{CCursor, CCursorRange, CharIndex};
use egui::{Galley, Id, Pos2, Rect, Sense, Stroke, Ui, UiBuilder, pos2, vec2};
use grouping::TypingGroups;
use input::{EditorInput, Motion};
use paragraph::{BlockLook, Deco, LinkRun, ParagraphSource, paragraph_job, review_decos};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use tables::Grid;

/// The page column's text width at 100 %: about 90 characters of body text,
/// Word's draft view on a wide screen.
pub const READABLE_WIDTH: f32 = 720.0;
/// Space between the page's edge and its text, at 100 %.
const PAGE_MARGIN: f32 = 36.0;
/// Space inside a table cell.
const CELL_PADDING: f32 = 6.0;
/// The narrowest the text may get (points), however narrow the window.
const MIN_TEXT_WIDTH: f32 = 120.0;
/// Zoom steps (Ctrl+plus / Ctrl+minus).
pub const ZOOM_STEPS: [f32; 9] = [0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0];

/// What the editor shows and edits.
pub struct EditorView<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its index.
    pub index: &'a DocIndex,
    /// Colours.
    pub look: &'a Look,
    /// What to highlight.
    pub highlights: Highlights<'a>,
    /// The editing mode.
    pub mode: Mode,
    /// Who is editing.
    pub user: &'a Person,
    /// The editor reads the keyboard (no dialog is open).
    pub accepts_keys: bool,
}

/// A laid-out paragraph.
#[derive(Debug)]
struct Laid {
    galley: Arc<Galley>,
    map: DisplayMap,
    links: Vec<LinkRun>,
    block_look: BlockLook,
}

#[derive(Debug)]
struct Cached {
    key: u64,
    laid: Arc<Laid>,
}

/// A paragraph where it is drawn this frame.
#[derive(Debug, Clone)]
struct Placed {
    paragraph: usize,
    /// Screen position of the galley's top-left corner.
    origin: Pos2,
    laid: Arc<Laid>,
    /// The area a click in picks this paragraph.
    hit: Rect,
}

/// A layout unit's paragraphs, relative to the unit's top-left corner.
struct UnitLayout {
    height: f32,
    paragraphs: Vec<Placed>,
    cell_rects: Vec<Rect>,
}

/// What happened when an edit was applied.
#[derive(Debug, Default)]
pub struct Performed {
    /// The model's outcome, when a command was applied.
    pub outcome: Option<Outcome>,
    /// A message for the user (an edit refused, and why).
    pub notice: Option<String>,
    /// The model refused the command.
    pub error: Option<ModelError>,
}

/// The document editor's state.
pub struct DocumentEditor {
    /// The caret and the selection.
    pub selection: Selection,
    zoom: f32,
    text_width: f32,
    unit_heights: Vec<f32>,
    heights_for: (u32, u32, bool),
    cache: HashMap<usize, Cached>,
    placed: Vec<Placed>,
    /// The paragraphs on screen last frame.
    pub visible: Range<usize>,
    /// Scroll so that this paragraph is at the top, next frame.
    pub scroll_to: Option<usize>,
    /// The top of every paragraph in the document's own coordinates (0 at
    /// the top of the text), then the total height: where the review panel
    /// puts each card.
    pub tops: Vec<f32>,
    /// Screen y of the top of the document's scroll area.
    pub area_top: f32,
    /// The document scrolled this frame.
    pub scrolled: bool,
    scroll_offset: f32,
    viewport_height: f32,
    reveal_caret: bool,
    preferred_x: Option<f32>,
    dragging: bool,
    preedit: String,
    focus_requested: bool,
    groups: TypingGroups,
    copied: Option<(String, crate::model::content::Fragment)>,
    typing_styles: Option<TypingStyles>,
    /// The accessibility node of each paragraph in `placed`, last frame.
    accessible_paragraphs: Vec<Id>,
    /// The x range of the page column on screen last frame.
    pub page_rect: Rect,
}

/// Styles a formatting command set for the next text typed, where and when
/// it was given: they hold while the caret and the document stay as they
/// were, as Word's do.
#[derive(Debug, Clone, Copy)]
struct TypingStyles {
    at: Selection,
    revision: u64,
    styles: Styles,
}

impl Default for DocumentEditor {
    fn default() -> DocumentEditor {
        DocumentEditor {
            selection: Selection::default(),
            zoom: 1.0,
            text_width: 0.0,
            unit_heights: Vec::new(),
            heights_for: (0, 0, false),
            cache: HashMap::new(),
            placed: Vec::new(),
            visible: 0..0,
            scroll_to: None,
            tops: Vec::new(),
            area_top: 0.0,
            scrolled: false,
            scroll_offset: 0.0,
            viewport_height: 600.0,
            reveal_caret: false,
            preferred_x: None,
            dragging: false,
            preedit: String::new(),
            focus_requested: false,
            groups: TypingGroups::default(),
            copied: None,
            typing_styles: None,
            accessible_paragraphs: Vec::new(),
            page_rect: Rect::NOTHING,
        }
    }
}

/// The editor's widget id (keyboard focus, accessibility node).
pub fn editor_id() -> Id {
    Id::unique("document editor")
}

impl DocumentEditor {
    /// Forgets everything about the previous project (keeps the zoom).
    pub fn reset(&mut self) {
        *self = DocumentEditor {
            zoom: self.zoom,
            ..DocumentEditor::default()
        };
    }

    /// The document's zoom (1.0 = 100 %).
    pub fn zoom(&self) -> f32 {
        self.zoom
    }

    /// Sets the zoom, kept between 50 % and 200 %.
    pub fn set_zoom(&mut self, zoom: f32) {
        self.zoom = zoom.clamp(ZOOM_STEPS[0], ZOOM_STEPS[ZOOM_STEPS.len() - 1]);
        self.cache.clear();
    }

    /// One zoom step in (`steps` > 0) or out.
    pub fn zoom_by(&mut self, steps: i32) {
        let current = ZOOM_STEPS
            .iter()
            .position(|&step| step >= self.zoom - 0.001)
            .unwrap_or(ZOOM_STEPS.len() - 1) as i32;
        let next = (current + steps).clamp(0, ZOOM_STEPS.len() as i32 - 1) as usize;
        self.set_zoom(ZOOM_STEPS[next]);
    }

    /// The selection as a span, when something is selected.
    pub fn selected_span(&self) -> Option<Span> {
        let range = self.selection.sorted();
        (!range.is_empty()).then(|| Span::new(range.start, range.end))
    }

    /// Selects `span` as a user would with the mouse, scrolling to it and
    /// taking the keyboard focus.
    pub fn select(&mut self, index: &DocIndex, span: Span) {
        self.selection = Selection::range(span.start.0..span.end.0);
        let paragraph = index.paragraph_of(span.start.0);
        if !(self.visible.start < paragraph && paragraph + 1 < self.visible.end) {
            self.scroll_to = Some(paragraph.saturating_sub(1));
        }
        self.focus_requested = true;
        self.groups.end();
    }

    /// Selects `span` (a caret at it when empty) and scrolls it into view.
    pub fn show_span(&mut self, span: Span) {
        self.selection = Selection::range(span.start.0..span.end.0);
        self.reveal_caret = true;
        self.groups.end();
    }

    /// Puts the caret at `byte_in_doc` and takes the keyboard focus.
    pub fn place_caret(&mut self, byte_in_doc: usize) {
        self.selection = Selection::caret(byte_in_doc);
        self.reveal_caret = true;
        self.focus_requested = true;
        self.groups.end();
    }

    /// Where `byte_in_doc` is on screen (the bottom-left of its char), when
    /// it is drawn and in view.
    pub fn point_of(&self, index: &DocIndex, byte_in_doc: usize) -> Option<Pos2> {
        let paragraph = index.paragraph_of(byte_in_doc);
        let placed = self
            .placed
            .iter()
            .find(|placed| placed.paragraph == paragraph)?;
        let char_in_display = placed.laid.map.char_in_display_of(byte_in_doc);
        let rect = placed
            .laid
            .galley
            .pos_from_cursor(CCursor::new(char_in_display))
            .translate(placed.origin.to_vec2());
        (rect.max.y >= self.page_rect.min.y && rect.min.y <= self.page_rect.max.y)
            .then(|| pos2(rect.min.x, rect.max.y))
    }

    /// How far the document is scrolled.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// The text that Copy takes: the selection's words.
    pub fn selected_text(&self, project: &Project) -> String {
        caret::plain_text_of(project.text(), self.selection.sorted())
    }

    /// Copies the selection: plain text for egui, and text with HTML to the
    /// rich clipboard when it can. Returns false when nothing is selected.
    pub fn copy(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        clipboard: &mut dyn clipboard::RichClipboard,
    ) -> bool {
        let range = self.selection.sorted();
        if range.is_empty() {
            return false;
        }
        let text = self.selected_text(project);
        let html = html::write_html(project.content(), range.clone());
        // Kept to paste back with its formatting even when the system
        // clipboard carries no HTML.
        self.copied = Some((text.clone(), project.content().slice(range)));
        if !clipboard.write(&text, &html) {
            ctx.copy_text(text);
        }
        true
    }

    /// What to paste for `text` delivered by Ctrl+V (or read from the
    /// clipboard): the clipboard's HTML when it offers some, what was copied
    /// here with its formatting, or the plain text. `None` when nothing on
    /// the clipboard can be pasted.
    pub fn pasted(
        &self,
        text: Option<String>,
        offered: clipboard::Offered,
    ) -> Option<actions::Pasted> {
        let text = text.or(offered.text).filter(|text| !text.is_empty());
        if let Some(html) = &offered.html
            && let Some(fragment) = html::read_html(html)
        {
            // Only when the HTML is the same text (another program may have
            // left stale HTML beside newer plain text).
            let same = text
                .as_deref()
                .is_none_or(|text| squeeze(text) == squeeze(&fragment.text));
            if same {
                return Some(actions::Pasted::Formatted(fragment));
            }
        }
        if let (Some(text), Some((copied_text, fragment))) = (&text, &self.copied)
            && text == copied_text
            && !fragment.text.contains(crate::model::blocks::NOTE_REFERENCE)
        {
            return Some(actions::Pasted::Formatted(fragment.clone()));
        }
        text.map(actions::Pasted::Plain)
    }

    /// Applies an edit at the selection: one model command, in the undo
    /// group Word would put it in; the selection follows.
    pub fn perform(
        &mut self,
        request: &EditRequest,
        project: &mut Project,
        actor: &Actor,
        mode: Mode,
        time: f64,
    ) -> Performed {
        let plan = actions::plan(
            request,
            &EditContext {
                project,
                selection: self.selection,
                mode,
                user: &actor.user,
                typing_styles: self.pending_typing_styles(project),
            },
        );
        self.reveal_caret = true;
        self.preferred_x = None;
        self.typing_styles = None;
        match plan {
            Plan::Apply(planned) => {
                let group = self.groups.group_for(
                    planned.kind,
                    self.selection.focus_byte,
                    time,
                    project.revision(),
                );
                match project.apply_in_group(planned.command, actor, group) {
                    Ok(outcome) => {
                        self.selection = planned.selection.clamped(project.text());
                        self.groups.record(
                            planned.kind,
                            self.selection.focus_byte,
                            time,
                            project.revision(),
                        );
                        Performed {
                            outcome: Some(outcome),
                            ..Performed::default()
                        }
                    }
                    Err(error) => {
                        self.groups.end();
                        Performed {
                            error: Some(error),
                            ..Performed::default()
                        }
                    }
                }
            }
            Plan::Move(selection) => {
                self.selection = selection;
                self.groups.end();
                Performed::default()
            }
            Plan::Nothing => Performed::default(),
            Plan::TypingStyles(styles) => {
                self.typing_styles = Some(TypingStyles {
                    at: self.selection,
                    revision: project.revision(),
                    styles,
                });
                Performed::default()
            }
            Plan::Refused(message) => Performed {
                notice: Some(message),
                ..Performed::default()
            },
        }
    }

    /// The styles set for the next text typed, while the caret and the
    /// document are as they were when they were set.
    fn pending_typing_styles(&self, project: &Project) -> Option<Styles> {
        self.typing_styles
            .filter(|pending| {
                pending.at == self.selection && pending.revision == project.revision()
            })
            .map(|pending| pending.styles)
    }

    /// The styles bold, italic… buttons show as on: those the next text
    /// typed at the caret takes, or those of the selection's first
    /// character.
    pub fn styles_at_caret(&self, project: &Project) -> Styles {
        let selected = self.selection.sorted();
        let content = project.content();
        if !selected.is_empty() {
            return content.marks.at(selected.start).styles;
        }
        self.pending_typing_styles(project)
            .unwrap_or_else(|| content.marks_for_typing(selected).styles)
    }

    /// After an undo or redo: the caret stays where it was, inside the text.
    pub fn after_history(&mut self, project: &Project) {
        self.selection = self.selection.clamped(project.text());
        self.selection.after_suggested = false;
        self.groups.end();
    }

    /// Text an input method is composing at the caret (shown, not typed).
    pub fn set_preedit(&mut self, text: String) {
        self.preedit = text;
    }

    /// Selects the whole document.
    pub fn select_all(&mut self, project: &Project) {
        self.selection = Selection::range(0..project.text().len());
        self.groups.end();
    }

    /// Tab in a table cell moves to the next cell (Shift+Tab: the one
    /// before); returns false outside tables.
    pub fn next_cell(&mut self, project: &Project, back: bool) -> bool {
        let content = project.content();
        let paragraph = content.paragraph_index_at(self.selection.focus_byte);
        let Some(grid) = Grid::around(content, paragraph) else {
            return false;
        };
        let Some(position) = grid
            .cells
            .iter()
            .position(|cell| cell.paragraphs.contains(&paragraph))
        else {
            return false;
        };
        let target = if back {
            position.checked_sub(1)
        } else {
            Some(position + 1).filter(|next| *next < grid.cells.len())
        };
        if let Some(cell) = target.and_then(|target| grid.cells.get(target)) {
            let range = content.paragraph_range(cell.paragraphs.start);
            let end = content.paragraph_range(cell.paragraphs.end - 1).end;
            // Word selects the next cell's text.
            self.selection = Selection::range(range.start..end);
            self.reveal_caret = true;
            self.groups.end();
        }
        true
    }

    /// Moves the caret (extending the selection with Shift).
    pub fn move_caret(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        motion: Motion,
        extend: bool,
    ) {
        let text = view.project.text();
        let selection = self.selection;
        let focus = selection.focus_byte.min(text.len());
        self.groups.end();
        self.reveal_caret = true;
        if !matches!(
            motion,
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown
        ) {
            self.preferred_x = None;
        }
        let target = match motion {
            Motion::Left { word } => {
                if !extend && !selection.is_empty() && !word {
                    selection.sorted().start
                } else if word {
                    caret::previous_word_start(text, focus)
                } else {
                    caret::previous_char(text, focus)
                }
            }
            Motion::Right { word } => {
                if !extend && !selection.is_empty() && !word {
                    selection.sorted().end
                } else if word {
                    caret::next_word_start(text, focus)
                } else {
                    caret::next_char(text, focus)
                }
            }
            Motion::DocumentStart => 0,
            Motion::DocumentEnd => text.len(),
            Motion::LineStart | Motion::LineEnd => self
                .line_end(ctx, view, focus, motion == Motion::LineEnd)
                .unwrap_or(focus),
            Motion::Up | Motion::Down => self
                .vertical(ctx, view, focus, motion == Motion::Down)
                .unwrap_or(focus),
            Motion::PageUp | Motion::PageDown => self.page(view, focus, motion == Motion::PageDown),
        };
        self.selection = selection.moved_to(target, extend);
    }

    /// The laid-out paragraph holding `byte_in_doc`, with its screen origin
    /// when it is on screen.
    fn laid_at(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        byte_in_doc: usize,
    ) -> (usize, Arc<Laid>, Option<Pos2>) {
        let paragraph = view.index.paragraph_of(byte_in_doc);
        if let Some(placed) = self
            .placed
            .iter()
            .find(|placed| placed.paragraph == paragraph)
        {
            return (paragraph, Arc::clone(&placed.laid), Some(placed.origin));
        }
        let width = self.box_width_of(view, paragraph);
        (
            paragraph,
            self.layout_paragraph(ctx, view, paragraph, width),
            None,
        )
    }

    /// The width of the box paragraph `paragraph` is set in: the column, or
    /// its table cell.
    fn box_width_of(&self, view: &EditorView<'_>, paragraph: usize) -> f32 {
        let content = view.project.content();
        match Grid::around(content, paragraph) {
            Some(grid) => {
                let column = self.text_width / grid.columns.max(1) as f32;
                let span = grid.cell_of(paragraph).map_or(1, |cell| cell.col_span);
                (column * span as f32 - 2.0 * CELL_PADDING * self.zoom).max(20.0)
            }
            None => self.text_width.max(MIN_TEXT_WIDTH),
        }
    }

    fn line_end(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        focus: usize,
        end: bool,
    ) -> Option<usize> {
        let (paragraph, laid, _) = self.laid_at(ctx, view, focus);
        let char_in_display = laid.map.char_in_display_of(focus);
        let cursor = CCursor {
            index: CharIndex(char_in_display),
            prefer_next_row: !end,
        };
        let moved = if end {
            laid.galley.cursor_end_of_row(&cursor)
        } else {
            laid.galley.cursor_begin_of_row(&cursor)
        };
        let range = view.index.paragraphs.get(paragraph)?.clone();
        Some(doc_byte(&laid.map, moved.index.0).clamp(range.start, range.end))
    }

    fn vertical(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        focus: usize,
        down: bool,
    ) -> Option<usize> {
        let (paragraph, laid, origin) = self.laid_at(ctx, view, focus);
        let char_in_display = self.caret_char(&laid.map, focus);
        let cursor = CCursor::new(char_in_display);
        let layout = laid.galley.layout_from_cursor(cursor);
        let caret_rect = laid.galley.pos_from_cursor(cursor);
        let x_in_galley = caret_rect.min.x;
        let x = *self
            .preferred_x
            .get_or_insert(x_in_galley + origin.map_or(laid.block_look.indent, |origin| origin.x));
        let rows = laid.galley.rows.len();
        let stays = if down {
            layout.row + 1 < rows
        } else {
            layout.row > 0
        };
        let x_here = x - origin.map_or(laid.block_look.indent, |origin| origin.x);
        if stays {
            let moved = if down {
                laid.galley.cursor_down_one_row(&cursor, Some(x_here)).0
            } else {
                laid.galley.cursor_up_one_row(&cursor, Some(x_here)).0
            };
            return Some(doc_byte(&laid.map, moved.index.0));
        }
        // Into the paragraph above or below, at the same x.
        let next = if down {
            paragraph + 1
        } else {
            paragraph.checked_sub(1)?
        };
        let range = view.index.paragraphs.get(next)?.clone();
        let (_, next_laid, next_origin) = self.laid_at(ctx, view, range.start);
        let x_there = x - next_origin.map_or(next_laid.block_look.indent, |origin| origin.x);
        let y = if down {
            0.0
        } else {
            next_laid.galley.size().y - 1.0
        };
        let hit = next_laid.galley.cursor_from_pos(vec2(x_there, y));
        Some(doc_byte(&next_laid.map, hit.index.0).clamp(range.start, range.end))
    }

    fn page(&mut self, view: &EditorView<'_>, focus: usize, down: bool) -> usize {
        let paragraph = view.index.paragraph_of(focus);
        let top = self.tops.get(paragraph).copied().unwrap_or(0.0);
        let target_y = if down {
            top + self.viewport_height
        } else {
            top - self.viewport_height
        };
        let target = self
            .tops
            .partition_point(|&other| other <= target_y)
            .saturating_sub(1)
            .min(view.index.paragraphs.len().saturating_sub(1));
        let target = if target == paragraph {
            if down {
                (paragraph + 1).min(view.index.paragraphs.len() - 1)
            } else {
                paragraph.saturating_sub(1)
            }
        } else {
            target
        };
        view.index.paragraphs[target].start
    }

    /// The char of the shown text where the caret at `byte_in_doc` is drawn.
    fn caret_char(&self, map: &DisplayMap, byte_in_doc: usize) -> usize {
        if self.selection.after_suggested && self.selection.is_empty() {
            map.char_after_virtual_at(byte_in_doc)
        } else {
            map.char_in_display_of(byte_in_doc)
        }
    }

    /// Lays out paragraph `paragraph` in a box `box_width` wide (cached).
    fn layout_paragraph(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        paragraph: usize,
        box_width: f32,
    ) -> Arc<Laid> {
        let content = view.project.content();
        let block = &content.blocks[paragraph];
        let label = view.index.labels.get(paragraph).and_then(Option::as_deref);
        let note_number = block
            .note
            .and_then(|note| view.index.note_numbers.get(&note.id).copied());
        let block_look = BlockLook::of(block, label, note_number, view.look, self.zoom);
        let decos = review_decos(
            view.project,
            view.index,
            paragraph,
            view.look,
            &view.highlights,
        );
        let key = paragraph_key(view, paragraph, &block_look, &decos, box_width);
        if let Some(cached) = self.cache.get(&paragraph)
            && cached.key == key
        {
            return Arc::clone(&cached.laid);
        }
        let range = view.index.paragraphs[paragraph].clone();
        let (mut job, map, links) = paragraph_job(
            &ParagraphSource {
                content,
                range,
                block_look: &block_look,
                decos: &decos,
                highlights: &view.highlights,
                note_numbers: &view.index.note_numbers,
            },
            view.look,
        );
        job.wrap.max_width = (box_width - block_look.indent).max(20.0);
        let galley = ctx.fonts_mut(|fonts| fonts.layout_job(job));
        let laid = Arc::new(Laid {
            galley,
            map,
            links,
            block_look,
        });
        self.cache.insert(
            paragraph,
            Cached {
                key,
                laid: Arc::clone(&laid),
            },
        );
        laid
    }

    /// Lays out one unit at the column's width.
    fn layout_unit(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        unit: &Unit,
    ) -> UnitLayout {
        match unit {
            Unit::Paragraph(paragraph) => {
                let laid = self.layout_paragraph(ctx, view, *paragraph, self.text_width);
                let look = &laid.block_look;
                let height = look.space_before + laid.galley.size().y + look.space_after;
                let origin = pos2(look.indent, look.space_before);
                let hit = Rect::from_min_size(Pos2::ZERO, vec2(self.text_width, height));
                UnitLayout {
                    height,
                    paragraphs: vec![Placed {
                        paragraph: *paragraph,
                        origin,
                        laid,
                        hit,
                    }],
                    cell_rects: Vec::new(),
                }
            }
            Unit::Table(paragraphs) => self.layout_table(ctx, view, paragraphs.clone()),
        }
    }

    fn layout_table(
        &mut self,
        ctx: &egui::Context,
        view: &EditorView<'_>,
        paragraphs: Range<usize>,
    ) -> UnitLayout {
        let Some(grid) = Grid::read(view.project.content(), paragraphs) else {
            return UnitLayout {
                height: 0.0,
                paragraphs: Vec::new(),
                cell_rects: Vec::new(),
            };
        };
        let padding = CELL_PADDING * self.zoom;
        let column = self.text_width / grid.columns.max(1) as f32;
        // Each cell's paragraphs stacked, relative to the cell's content
        // corner.
        let mut contents = Vec::with_capacity(grid.cells.len());
        for cell in &grid.cells {
            let width = (column * cell.col_span as f32 - 2.0 * padding).max(20.0);
            let mut y = 0.0;
            let mut placed = Vec::new();
            for paragraph in cell.paragraphs.clone() {
                let laid = self.layout_paragraph(ctx, view, paragraph, width);
                let look = &laid.block_look;
                y += look.space_before;
                let origin = pos2(look.indent, y);
                let height = laid.galley.size().y;
                placed.push((paragraph, origin, laid.clone(), height));
                y += height + look.space_after;
            }
            contents.push((placed, y));
        }
        let mut row_heights = vec![0.0_f32; grid.rows];
        for (cell, (_, height)) in grid.cells.iter().zip(&contents) {
            if cell.row_span == 1 {
                row_heights[cell.row] = row_heights[cell.row].max(height + 2.0 * padding);
            }
        }
        for (cell, (_, height)) in grid.cells.iter().zip(&contents) {
            let rows = cell.row..(cell.row + cell.row_span).min(grid.rows);
            let spanned: f32 = row_heights[rows.clone()].iter().sum();
            let needed = height + 2.0 * padding;
            if needed > spanned
                && let Some(last) = rows.clone().last()
            {
                row_heights[last] += needed - spanned;
            }
        }
        let mut row_tops = Vec::with_capacity(grid.rows + 1);
        let mut y = 0.0;
        for height in &row_heights {
            row_tops.push(y);
            y += height;
        }
        row_tops.push(y);
        let mut placed_all = Vec::new();
        let mut cell_rects = Vec::new();
        for (cell, (placed, _)) in grid.cells.iter().zip(contents) {
            let left = column * cell.col as f32;
            let top = row_tops[cell.row];
            let bottom = row_tops[(cell.row + cell.row_span).min(grid.rows)];
            let rect = Rect::from_min_max(
                pos2(left, top),
                pos2(left + column * cell.col_span as f32, bottom),
            );
            cell_rects.push(rect);
            let count = placed.len();
            for (position, (paragraph, origin, laid, height)) in placed.into_iter().enumerate() {
                let galley_origin = rect.min + vec2(padding, padding) + origin.to_vec2();
                // The last paragraph of a cell takes the rest of the cell for clicks.
                let hit_bottom = if position + 1 == count {
                    rect.max.y
                } else {
                    galley_origin.y + height
                };
                let hit = Rect::from_min_max(
                    pos2(
                        rect.min.x,
                        if position == 0 {
                            rect.min.y
                        } else {
                            galley_origin.y
                        },
                    ),
                    pos2(rect.max.x, hit_bottom),
                );
                placed_all.push(Placed {
                    paragraph,
                    origin: galley_origin,
                    laid,
                    hit,
                });
            }
        }
        UnitLayout {
            height: y + view.look.body_size * self.zoom * 0.8,
            paragraphs: placed_all,
            cell_rects,
        }
    }

    fn estimate(&self, view: &EditorView<'_>, unit: &Unit) -> f32 {
        let size = view.look.body_size * self.zoom;
        let chars_per_row = (self.text_width / (size * 0.55)).max(10.0);
        match unit {
            Unit::Paragraph(paragraph) => {
                let range = &view.index.paragraphs[*paragraph];
                let block = &view.project.content().blocks[*paragraph];
                let scale = if block.style.heading_level().is_some() {
                    1.6
                } else {
                    1.0
                };
                let rows = ((range.len() as f32) / chars_per_row).ceil().max(1.0);
                rows * size * 1.45 * scale + size * if scale > 1.0 { 1.5 } else { 0.6 }
            }
            Unit::Table(paragraphs) => {
                let rows = paragraphs.len().div_ceil(3).max(1) as f32;
                rows * (size * 1.45 + 2.0 * CELL_PADDING) + size
            }
        }
    }

    /// The byte under a screen position, among the paragraphs drawn: the
    /// position in the paragraph (or cell) there, or in the nearest one.
    fn byte_at(&self, pos: Pos2) -> Option<(usize, bool)> {
        let placed = self
            .placed
            .iter()
            .find(|placed| placed.hit.contains(pos))
            .or_else(|| {
                self.placed.iter().min_by(|a, b| {
                    let da = a.hit.distance_sq_to_pos(pos);
                    let db = b.hit.distance_sq_to_pos(pos);
                    da.total_cmp(&db)
                })
            })?;
        let cursor = placed.laid.galley.cursor_from_pos(pos - placed.origin);
        let position = placed.laid.map.doc_position(cursor.index.0, false);
        let after_suggested = matches!(position, DocPosition::InVirtual { at_end: true, .. });
        Some((position.byte_in_doc(), after_suggested))
    }

    /// The link under a screen position, if any (hit-tested against the
    /// glyphs, not the nearest char).
    fn link_at(&self, pos: Pos2) -> Option<LinkTarget> {
        let placed = self.placed.iter().find(|placed| placed.hit.contains(pos))?;
        if placed.laid.links.is_empty() {
            return None;
        }
        let local = pos - placed.origin;
        let mut char_index = 0;
        for row in &placed.laid.galley.rows {
            for glyph in &row.glyphs {
                let rect = glyph.logical_rect().translate(row.pos.to_vec2());
                if rect.contains(local.to_pos2()) {
                    return placed
                        .laid
                        .links
                        .iter()
                        .find(|link| link.chars_in_display.contains(&char_index))
                        .map(|link| link.target.clone());
                }
                char_index += 1;
            }
            if row.ends_with_newline {
                char_index += 1;
            }
        }
        None
    }

    /// Draws the document and reads the pointer and keyboard; pushes what
    /// the user did as commands.
    pub fn ui(&mut self, ui: &mut Ui, view: &EditorView<'_>, queue: &mut Vec<AppCommand>) {
        let ctx = ui.ctx().clone();
        let id = editor_id();
        let available = ui.available_width();
        let margin = PAGE_MARGIN * self.zoom.min(1.0);
        let scrollbar = ui.spacing().scroll.bar_width + 8.0;
        let text_width = (READABLE_WIDTH * self.zoom)
            .min(available - 2.0 * margin - scrollbar)
            .max(MIN_TEXT_WIDTH);
        if (text_width - self.text_width).abs() > 0.5 {
            self.text_width = text_width;
        }
        let page_width = self.text_width + 2.0 * margin;

        // Heights: estimated until laid out, measured as drawn.
        let units = &view.index.units;
        let key = (
            self.text_width.to_bits(),
            self.zoom.to_bits(),
            ui.visuals().dark_mode,
        );
        if key != self.heights_for {
            self.heights_for = key;
            self.unit_heights.clear();
            self.cache.clear();
        }
        if self.unit_heights.len() != units.len() {
            let keep = self.unit_heights.len().min(units.len());
            self.unit_heights.truncate(keep);
            for unit in &units[keep..] {
                let estimate = self.estimate(view, unit);
                self.unit_heights.push(estimate);
            }
        }
        let mut unit_tops = Vec::with_capacity(units.len() + 1);
        let mut y = 0.0;
        for height in &self.unit_heights {
            unit_tops.push(y);
            y += height;
        }
        unit_tops.push(y);
        let total = y;
        self.tops.clear();
        self.tops.reserve(view.index.paragraphs.len() + 1);
        for (unit, position) in units.iter().zip(&unit_tops) {
            for _ in unit.paragraphs() {
                self.tops.push(*position);
            }
        }
        self.tops.push(total);

        let mut area = egui::ScrollArea::vertical()
            .id_salt("document scroll")
            .auto_shrink(false);
        if let Some(paragraph) = self.scroll_to.take() {
            let unit = view
                .index
                .unit_of_paragraph
                .get(paragraph)
                .copied()
                .unwrap_or(0);
            let target = unit_tops[unit.min(units.len())];
            area = area.vertical_scroll_offset((target - 8.0).max(0.0));
            self.reveal_caret = false;
        } else if std::mem::take(&mut self.reveal_caret) {
            let (offset, precise) = self.offset_revealing_caret(view, &unit_tops);
            if let Some(offset) = offset {
                area = area.vertical_scroll_offset(offset);
            }
            // Its paragraph was not laid out yet: look again next frame,
            // when it is, to bring the caret's own line into view.
            self.reveal_caret = !precise;
        }
        let has_focus = ui.memory(|memory| memory.has_focus(id));
        let output = area.show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let origin = ui.max_rect().min;
            self.area_top = origin.y + viewport.min.y;
            self.viewport_height = viewport.height();
            let page_left = origin.x + ((available - scrollbar - page_width) / 2.0).max(0.0);
            let text_left = page_left + margin;
            self.page_rect = Rect::from_min_max(
                pos2(page_left, origin.y + viewport.min.y),
                pos2(page_left + page_width, origin.y + viewport.max.y),
            );
            ui.painter()
                .rect_filled(self.page_rect, 0.0, view.look.page);
            ui.painter().rect_stroke(
                self.page_rect,
                0.0,
                Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
                egui::StrokeKind::Inside,
            );

            // The units on screen, and one more on each side (for moving
            // the caret by lines across the edge).
            let first = unit_tops
                .partition_point(|&top| top <= viewport.min.y)
                .saturating_sub(2)
                .min(units.len().saturating_sub(1));
            let mut y = unit_tops.get(first).copied().unwrap_or(0.0);
            let mut unit_index = first;
            let mut placed = Vec::new();
            let mut cells = Vec::new();
            let mut past_end = 0;
            while unit_index < units.len() && past_end < 2 {
                if y > viewport.max.y {
                    past_end += 1;
                }
                let layout = self.layout_unit(&ctx, view, &units[unit_index]);
                let corner = pos2(text_left, origin.y + y);
                for mut paragraph in layout.paragraphs {
                    paragraph.origin += corner.to_vec2();
                    paragraph.hit = paragraph.hit.translate(corner.to_vec2());
                    placed.push(paragraph);
                }
                for rect in layout.cell_rects {
                    cells.push(rect.translate(corner.to_vec2()));
                }
                self.unit_heights[unit_index] = layout.height;
                y += layout.height;
                unit_index += 1;
            }
            // Stretch the last hit area to the page's bottom edge.
            if unit_index == units.len()
                && let Some(last) = placed.last_mut()
            {
                last.hit.max.y = last.hit.max.y.max(origin.y + viewport.max.y);
            }
            let visible_first = placed.first().map_or(0, |placed| placed.paragraph);
            let visible_end = placed.last().map_or(0, |placed| placed.paragraph + 1);
            self.visible = visible_first..visible_end;
            self.placed = placed;
            // Keep the cache to what is near the screen.
            let keep = visible_first.saturating_sub(8)..visible_end + 8;
            self.cache.retain(|paragraph, _| keep.contains(paragraph));

            let visible_rect = Rect::from_min_max(
                pos2(origin.x + viewport.min.x, origin.y + viewport.min.y),
                pos2(origin.x + viewport.max.x, origin.y + viewport.max.y),
            );
            let response = ui.interact(visible_rect, id, Sense::click_and_drag());
            self.pointer_ui(ui, view, &response, queue);
            self.paint(ui, view, &cells, has_focus);
            self.accessibility(ui, view, &response);
            if has_focus {
                self.ime_output(ui, view);
            }
        });
        let offset = output.state.clamped_offset().y;
        self.scrolled = (offset - self.scroll_offset).abs() > 0.5;
        self.scroll_offset = offset;

        if self.focus_requested {
            self.focus_requested = false;
            ui.memory_mut(|memory| memory.request_focus(id));
        }
        if has_focus && view.accepts_keys {
            ui.memory_mut(|memory| {
                memory.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    },
                );
            });
        }
    }

    /// The scroll offset that brings the caret into view, if it is not, and
    /// whether that was measured on the caret's line (else estimated from
    /// its paragraph's top).
    fn offset_revealing_caret(
        &self,
        view: &EditorView<'_>,
        unit_tops: &[f32],
    ) -> (Option<f32>, bool) {
        let paragraph = view.index.paragraph_of(self.selection.focus_byte);
        let placed = self
            .placed
            .iter()
            .find(|placed| placed.paragraph == paragraph);
        let precise = placed.is_some();
        let (top, bottom) = match placed {
            Some(placed) => {
                let char_in_display = self.caret_char(&placed.laid.map, self.selection.focus_byte);
                let rect = placed
                    .laid
                    .galley
                    .pos_from_cursor(CCursor::new(char_in_display))
                    .translate(placed.origin.to_vec2());
                let to_doc = self.scroll_offset - self.area_top;
                (rect.min.y + to_doc, rect.max.y + to_doc)
            }
            None => {
                let Some(top) = view
                    .index
                    .unit_of_paragraph
                    .get(paragraph)
                    .and_then(|unit| unit_tops.get(*unit))
                else {
                    return (None, true);
                };
                (*top, top + 60.0)
            }
        };
        let margin = 24.0;
        let offset = if top < self.scroll_offset + margin {
            Some((top - margin).max(0.0))
        } else if bottom > self.scroll_offset + self.viewport_height - margin {
            Some(bottom - self.viewport_height + margin)
        } else {
            None
        };
        (offset, precise)
    }

    fn pointer_ui(
        &mut self,
        ui: &Ui,
        view: &EditorView<'_>,
        response: &egui::Response,
        queue: &mut Vec<AppCommand>,
    ) {
        let modifiers = ui.input(|input| input.modifiers);
        if let Some(pos) = response.hover_pos()
            && let Some(target) = self.link_at(pos)
        {
            if modifiers.command {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            let hint = match target.kind() {
                LinkKind::InDocument => format!("{target}\nCtrl+click to go there"),
                _ => format!("{target}\nCtrl+click to open"),
            };
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                Id::unique("link hint"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| {
                ui.label(hint);
            });
        } else if response.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
        let pointer = response.interact_pointer_pos();
        if response.triple_clicked() {
            if let Some((byte, _)) = pointer.and_then(|pos| self.byte_at(pos)) {
                let paragraph = view.index.paragraph_of(byte);
                let range = view.index.paragraphs[paragraph].clone();
                self.selection = Selection::range(range);
            }
        } else if response.double_clicked() {
            if let Some((byte, _)) = pointer.and_then(|pos| self.byte_at(pos)) {
                let word = caret::word_at(view.project.text(), byte);
                self.selection = Selection::range(word);
            }
        } else if response.clicked()
            && modifiers.command
            && let Some(target) = pointer.and_then(|pos| self.link_at(pos))
        {
            queue.push(AppCommand::OpenLink(target));
        } else if response.drag_started() || (response.clicked() && !self.dragging) {
            if let Some(pos) = pointer
                && let Some((byte, after_suggested)) = self.byte_at(pos)
            {
                let mut selection = self.selection.moved_to(byte, modifiers.shift);
                selection.after_suggested = after_suggested && !modifiers.shift;
                self.selection = selection;
                self.dragging = response.drag_started();
                self.groups.end();
                self.preferred_x = None;
                // A click on commented or changed text focuses its card.
                if response.clicked()
                    && let Some(placed) = self.placed.iter().find(|placed| placed.hit.contains(pos))
                {
                    let cursor = placed.laid.galley.cursor_from_pos(pos - placed.origin);
                    if let Some(item) = paragraph::item_at(
                        view.project,
                        view.index,
                        placed.paragraph,
                        &placed.laid.map,
                        cursor.index.0,
                    ) {
                        queue.push(AppCommand::Focus {
                            item,
                            scroll_document: false,
                        });
                    }
                }
            }
        } else if response.dragged()
            && self.dragging
            && let Some((byte, _)) = pointer.and_then(|pos| self.byte_at(pos))
        {
            self.selection = self.selection.moved_to(byte, true);
        }
        if response.drag_stopped() {
            self.dragging = false;
        }
        if response.clicked() || response.drag_started() || response.secondary_clicked() {
            self.focus_requested = true;
        }
        if response.secondary_clicked()
            && let Some((byte, _)) = pointer.and_then(|pos| self.byte_at(pos))
            && !self.selection.sorted().contains(&byte)
        {
            self.selection = Selection::caret(byte);
        }
        response.context_menu(|ui| context_menu_ui(ui, view, self.selection, queue));
    }

    fn paint(&self, ui: &Ui, view: &EditorView<'_>, cells: &[Rect], has_focus: bool) {
        let painter = ui.painter();
        let look = view.look;
        let selected = self.selection.sorted();
        for rect in cells {
            painter.rect_stroke(
                *rect,
                0.0,
                Stroke::new(1.0, look.rule),
                egui::StrokeKind::Middle,
            );
        }
        for placed in &self.placed {
            let laid = &placed.laid;
            let range = &view.index.paragraphs[placed.paragraph];
            // The selection behind the text.
            if !selected.is_empty() && selected.start <= range.end && range.start <= selected.end {
                let from = selected.start.max(range.start);
                let to = selected.end.min(range.end);
                let chars = laid.map.chars_in_display_of(from..to);
                let through_break = selected.end > range.end;
                for rect in selection_rects(&laid.galley, chars, through_break) {
                    painter.rect_filled(
                        rect.translate(placed.origin.to_vec2()),
                        0.0,
                        look.selection,
                    );
                }
            }
            painter.galley(placed.origin, Arc::clone(&laid.galley), look.text);
            let block_look = &laid.block_look;
            if let Some(label) = &block_look.label {
                let font =
                    egui::FontId::new(block_look.size, fonts::family(block_look.bold, false));
                let row_height = laid
                    .galley
                    .rows
                    .first()
                    .map_or(block_look.size, |row| row.rect().height());
                painter.text(
                    placed.origin + vec2(-6.0 * self.zoom, row_height / 2.0),
                    egui::Align2::RIGHT_CENTER,
                    label,
                    font,
                    look.text,
                );
            }
            if block_look.quote {
                let x = placed.origin.x - 12.0 * self.zoom;
                painter.line_segment(
                    [
                        pos2(x, placed.origin.y),
                        pos2(x, placed.origin.y + laid.galley.size().y),
                    ],
                    Stroke::new(3.0 * self.zoom, look.rule),
                );
            }
        }
        // Notes sit after a short rule, as at the foot of a page.
        if let Some(first_note) = self.placed.iter().find(|placed| {
            view.project.content().blocks[placed.paragraph]
                .note
                .is_some()
                && (placed.paragraph == 0
                    || view.project.content().blocks[placed.paragraph - 1]
                        .note
                        .is_none())
        }) {
            let y = first_note.hit.min.y + 2.0;
            let x = first_note.hit.min.x;
            painter.line_segment(
                [pos2(x, y), pos2(x + 160.0 * self.zoom, y)],
                Stroke::new(1.0, look.weak),
            );
        }
        // The caret, and text an input method is composing.
        if has_focus
            && self.selection.is_empty()
            && let Some((rect, placed)) = self.caret_rect(view)
        {
            let caret_top = rect.min;
            if !self.preedit.is_empty() {
                let font =
                    egui::FontId::new(placed.laid.block_look.size, fonts::family(false, false));
                let shown = painter.text(
                    caret_top,
                    egui::Align2::LEFT_TOP,
                    &self.preedit,
                    font,
                    look.text,
                );
                painter.line_segment(
                    [pos2(shown.min.x, shown.max.y), shown.max],
                    Stroke::new(1.0, look.text),
                );
            }
            painter.line_segment(
                [rect.min, pos2(rect.min.x, rect.max.y)],
                Stroke::new(2.0, look.text),
            );
        }
    }

    /// The caret's rectangle on screen, when its paragraph is drawn.
    fn caret_rect(&self, view: &EditorView<'_>) -> Option<(Rect, &Placed)> {
        let byte = self.selection.focus_byte;
        let paragraph = view.index.paragraph_of(byte);
        let placed = self
            .placed
            .iter()
            .find(|placed| placed.paragraph == paragraph)?;
        let char_in_display = self.caret_char(&placed.laid.map, byte);
        let rect = placed
            .laid
            .galley
            .pos_from_cursor(CCursor::new(char_in_display))
            .translate(placed.origin.to_vec2());
        Some((rect, placed))
    }

    fn ime_output(&self, ui: &Ui, view: &EditorView<'_>) {
        let Some((rect, _)) = self.caret_rect(view) else {
            return;
        };
        let to_global = ui
            .ctx()
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        ui.output_mut(|output| {
            output.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect: to_global * self.page_rect,
                cursor_rect: to_global * rect,
                should_interrupt_composition: false,
            });
        });
    }

    /// The accessibility tree: the editor is an editable multi-line text
    /// named "Document" whose value is the words; each paragraph on screen
    /// adds its text runs (headings as headings, links as links).
    fn accessibility(&mut self, ui: &mut Ui, view: &EditorView<'_>, response: &egui::Response) {
        let ctx = ui.ctx().clone();
        let text = view.project.text();
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(
                egui::Role::MultilineTextInput,
                view.mode != Mode::View,
                "Document",
            );
            info.current_text_value = Some(caret::plain_text_of(text, 0..text.len()));
            info
        });
        // The rest only when a screen reader (or a test) reads the tree.
        if ctx.accesskit_node_builder(response.id, |_| ()).is_none() {
            self.accessible_paragraphs.clear();
            return;
        }
        let to_global = ctx
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        let editor = editor_id();
        let mut accessible_paragraphs = Vec::with_capacity(self.placed.len());
        ui.scope_builder(UiBuilder::new().accessibility_parent(editor), |ui| {
            for placed in &self.placed {
                let child = ui.new_child(
                    UiBuilder::new()
                        .id_salt(("paragraph", placed.paragraph))
                        .max_rect(placed.hit),
                );
                let node = child.unique_id();
                accessible_paragraphs.push(node);
                let galley = &placed.laid.galley;
                let range = &view.index.paragraphs[placed.paragraph];
                let selected = self.selection.sorted();
                let cursor_range = (range.start <= selected.start && selected.end <= range.end)
                    .then(|| {
                        let map = &placed.laid.map;
                        CCursorRange::two(
                            CCursor::new(map.char_in_display_of(self.selection.anchor_byte)),
                            CCursor::new(self.caret_char(map, self.selection.focus_byte)),
                        )
                    });
                egui::text_selection::accesskit_text::update_accesskit_for_text_widget(
                    &ctx,
                    node,
                    cursor_range,
                    to_global * egui::emath::TSTransform::from_translation(placed.origin.to_vec2()),
                    galley,
                );
                let block = &view.project.content().blocks[placed.paragraph];
                let label = placed.laid.block_look.label.clone();
                ctx.accesskit_node_builder(node, |builder| {
                    if let Some(level) = block.style.heading_level() {
                        builder.set_role(egui::accesskit::Role::Heading);
                        builder.set_level(usize::from(level));
                    } else if block.list.is_some() || block.note.is_some() {
                        builder.set_role(egui::accesskit::Role::GenericContainer);
                        if let Some(label) = &label {
                            builder.set_description(label.clone());
                        }
                    } else {
                        builder.set_role(egui::accesskit::Role::GenericContainer);
                    }
                });
                // Paragraphs would run together: end each with a line break.
                if let Some(last_row) = galley.rows.len().checked_sub(1) {
                    let run = node.with(last_row).with(0usize);
                    ctx.accesskit_node_builder(run, |builder| {
                        let mut value = builder.value().unwrap_or_default().to_string();
                        if !value.ends_with('\n') {
                            value.push('\n');
                            builder.set_value(value);
                            let mut lengths = builder.character_lengths().to_vec();
                            lengths.push(1);
                            builder.set_character_lengths(lengths);
                            if let Some(positions) = builder.character_positions() {
                                let mut positions = positions.to_vec();
                                positions.push(positions.last().copied().unwrap_or(0.0));
                                builder.set_character_positions(positions);
                            }
                            if let Some(widths) = builder.character_widths() {
                                let mut widths = widths.to_vec();
                                widths.push(0.0);
                                builder.set_character_widths(widths);
                            }
                        }
                    });
                }
                // Links as links.
                for (position, link) in placed.laid.links.iter().enumerate() {
                    let rects = selection_rects(galley, link.chars_in_display.clone(), false);
                    let Some(first) = rects.first() else {
                        continue;
                    };
                    let rect = rects
                        .iter()
                        .fold(*first, |all, rect| all.union(*rect))
                        .translate(placed.origin.to_vec2());
                    let words: String = placed
                        .laid
                        .map
                        .text
                        .chars()
                        .skip(link.chars_in_display.start)
                        .take(link.chars_in_display.len())
                        .collect();
                    let child = ui.new_child(
                        UiBuilder::new()
                            .id_salt(("link", placed.paragraph, position))
                            .max_rect(rect),
                    );
                    let link_response =
                        child.interact(rect, child.unique_id().with("link"), Sense::hover());
                    link_response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Link, true, words.clone())
                    });
                    let url = link.target.as_str().to_string();
                    ctx.accesskit_node_builder(link_response.id, |builder| builder.set_url(url));
                }
            }
        });
        self.accessible_paragraphs = accessible_paragraphs;
    }

    /// Selects what a screen reader asked for; positions outside the
    /// paragraphs reported last frame are ignored.
    pub fn select_accessible(&mut self, selection: &egui::accesskit::TextSelection) {
        let (Some(anchor_byte), Some(focus_byte)) = (
            self.byte_of_accessible(&selection.anchor),
            self.byte_of_accessible(&selection.focus),
        ) else {
            return;
        };
        self.selection = Selection {
            anchor_byte,
            focus_byte,
            after_suggested: false,
        };
        self.reveal_caret = true;
        self.preferred_x = None;
        self.groups.end();
    }

    /// The document byte of a character of a text run the document
    /// reported (egui's runs: row by row, at most 255 characters each).
    fn byte_of_accessible(&self, position: &egui::accesskit::TextPosition) -> Option<usize> {
        const CHARS_PER_RUN: usize = 255;
        for (placed, paragraph) in self.placed.iter().zip(&self.accessible_paragraphs) {
            let mut chars_before = 0;
            for (row_index, row) in placed.laid.galley.rows.iter().enumerate() {
                let chars = row.char_count_including_newline().0;
                let runs = chars.div_ceil(CHARS_PER_RUN).max(1);
                let run = (0..runs).find(|run| {
                    paragraph.with(row_index).with(*run).accesskit_id() == position.node
                });
                if let Some(run) = run {
                    let column = (run * CHARS_PER_RUN + position.character_index)
                        .min(row.char_count_excluding_newline().0);
                    return Some(doc_byte(&placed.laid.map, chars_before + column));
                }
                chars_before += chars;
            }
        }
        None
    }
}

/// Squeezes white space, to compare a clipboard's text with its HTML's.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The document byte of a shown char (suggested text counts as its anchor).
fn doc_byte(map: &DisplayMap, char_in_display: usize) -> usize {
    map.doc_position(char_in_display, false).byte_in_doc()
}

/// The rectangles covering shown chars `chars` of a galley, row by row;
/// `through_break` adds a little for the paragraph mark when a selection
/// goes on past the paragraph's end.
fn selection_rects(galley: &Galley, chars: Range<usize>, through_break: bool) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    let row_count = galley.rows.len();
    for (position, row) in galley.rows.iter().enumerate() {
        let row_chars = row.char_count_excluding_newline().0;
        let row_end = row_start + row_chars;
        let from = chars.start.max(row_start);
        let to = chars.end.min(row_end);
        let last = position + 1 == row_count;
        let extends_past = to == row_end && chars.end > row_end;
        if from < to
            || (from == to
                && (extends_past || (last && through_break))
                && chars.start <= row_end
                && from >= row_start)
        {
            let x0 = row.pos.x + row.x_offset(CharIndex(from - row_start));
            let mut x1 = row.pos.x + row.x_offset(CharIndex(to - row_start));
            if extends_past || (last && through_break) {
                x1 += 6.0;
            }
            rects.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
    }
    rects
}

/// A hash of everything a paragraph's layout depends on.
fn paragraph_key(
    view: &EditorView<'_>,
    paragraph: usize,
    block_look: &BlockLook,
    decos: &[Deco],
    box_width: f32,
) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let range = &view.index.paragraphs[paragraph];
    let content = view.project.content();
    content.text[range.clone()].hash(&mut hasher);
    range.start.hash(&mut hasher);
    box_width.to_bits().hash(&mut hasher);
    block_look.size.to_bits().hash(&mut hasher);
    block_look.indent.to_bits().hash(&mut hasher);
    block_look.label.hash(&mut hasher);
    content.blocks[paragraph].hash(&mut hasher);
    for span in content.marks.in_range(range.clone()) {
        span.range.hash(&mut hasher);
        span.marks.hash(&mut hasher);
    }
    view.look.text.hash(&mut hasher);
    view.highlights.show_resolved.hash(&mut hasher);
    for deco in decos {
        deco.item.hash(&mut hasher);
        deco.span.hash(&mut hasher);
        deco.inserted.hash(&mut hasher);
        deco.deleted.hash(&mut hasher);
        deco.raised.hash(&mut hasher);
        deco.resolved.hash(&mut hasher);
        deco.colour.hash(&mut hasher);
        (view.highlights.focused == Some(deco.item)).hash(&mut hasher);
    }
    let matches = view.highlights.find_matches;
    let first = matches.partition_point(|found| found.end <= range.start);
    for (offset, found) in matches[first..]
        .iter()
        .take_while(|found| found.start < range.end)
        .enumerate()
    {
        found.hash(&mut hasher);
        (view.highlights.current_match == Some(first + offset)).hash(&mut hasher);
    }
    if let Some(note) = content.blocks[paragraph].note {
        view.index.note_numbers.get(&note.id).hash(&mut hasher);
    }
    if content.text[range.clone()].contains(crate::model::blocks::NOTE_REFERENCE) {
        for span in content.marks.in_range(range.clone()) {
            if let Some(note) = span.marks.note {
                view.index.note_numbers.get(&note).hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// The pending suggestion shown at `byte_in_doc`: its text covers the
/// byte, or its new text shows there.
pub fn suggestion_at(project: &Project, byte_in_doc: usize) -> Option<crate::model::SuggestionId> {
    project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.status.is_pending())
        .find(|suggestion| {
            let span = suggestion.span.range();
            (span.start <= byte_in_doc && byte_in_doc < span.end) || (span.end == byte_in_doc)
        })
        .map(|suggestion| suggestion.id)
}

/// The right-click menu on the text, as Word's: Cut, Copy, Paste, Comment,
/// Accept or Reject the change at the caret, and formatting.
fn context_menu_ui(
    ui: &mut Ui,
    view: &EditorView<'_>,
    selection: Selection,
    queue: &mut Vec<AppCommand>,
) {
    use crate::app::shortcuts::{self, menu_entry};
    let editable = view.mode != Mode::View;
    let has_selection = !selection.is_empty();
    if menu_entry(ui, editable && has_selection, "Cut", shortcuts::CUT).clicked() {
        queue.push(AppCommand::Editor(EditorInput::Cut));
        ui.close();
    }
    if menu_entry(ui, has_selection, "Copy", shortcuts::COPY).clicked() {
        queue.push(AppCommand::Editor(EditorInput::Copy));
        ui.close();
    }
    if menu_entry(ui, editable, "Paste", shortcuts::PASTE).clicked() {
        queue.push(AppCommand::Editor(EditorInput::PasteFromClipboard));
        ui.close();
    }
    ui.separator();
    if menu_entry(ui, has_selection, "New comment", shortcuts::COMMENT).clicked() {
        queue.push(AppCommand::StartComment);
        ui.close();
    }
    if let Some(id) = suggestion_at(view.project, selection.focus_byte) {
        if ui.button(format!("Accept change {id}")).clicked() {
            queue.push(AppCommand::Model(crate::model::Command::Accept {
                id,
                alternative: None,
            }));
            ui.close();
        }
        if ui.button(format!("Reject change {id}")).clicked() {
            queue.push(AppCommand::Model(crate::model::Command::Reject { id }));
            ui.close();
        }
    }
    ui.separator();
    crate::app::format_menu::format_entries_ui(ui, editable, queue);
}
