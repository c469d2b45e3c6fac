//! The document view: the policy as a redline, one galley per paragraph,
//! virtualised with `ScrollArea::show_viewport`, and one editor for the
//! paragraph being edited.
//!
//! Paragraph heights are cached per paragraph (estimated until a paragraph
//! has been laid out, re-estimated when the width changes); only visible
//! paragraphs are laid out, and their galleys are cached by a hash of what
//! they show. The editor's buffer is the paragraph's *displayed* text
//! (virtual suggestion text included), and every change to it is turned
//! into one model command through the paragraph's [`DisplayMap`].

use super::layout::{DocIndex, Highlights, ItemId, Look, item_at, paragraph_job};
use super::state::{AppCommand, CursorAfter, Mode};
use super::text_units::{DisplayMap, diff_once};
use crate::model::{ByteOffset, Command, Project, Span};
use egui::text::{CCursor, CCursorRange, LayoutJob};
use egui::{Galley, Id, Key, Rect, Sense, Ui, UiBuilder, vec2};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// Space between paragraphs, in points.
const PARAGRAPH_GAP: f32 = 10.0;

/// Where the editor's cursor should go when it is next built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CursorTarget {
    /// A displayed char of the editor's paragraph.
    Char(usize),
    /// A document byte (may move the editor to another paragraph).
    DocByte(usize),
    /// After the virtual text of a suggestion, or at a byte.
    AfterSuggestion(crate::model::SuggestionId, usize),
}

/// The one editable paragraph.
#[derive(Debug)]
pub struct Editor {
    /// Its paragraph index.
    pub paragraph: usize,
    buffer: String,
    map: DisplayMap,
    job: LayoutJob,
    built_for: Option<(u64, u64)>,
    pending_cursor: Option<CursorTarget>,
    request_focus: bool,
}

impl Editor {
    fn new(paragraph: usize, cursor: Option<CursorTarget>) -> Editor {
        Editor {
            paragraph,
            buffer: String::new(),
            map: DisplayMap::default(),
            job: LayoutJob::default(),
            built_for: None,
            pending_cursor: cursor,
            request_focus: true,
        }
    }
}

#[derive(Debug)]
struct CachedParagraph {
    key: u64,
    galley: Arc<Galley>,
    map: DisplayMap,
}

/// State of the document view.
#[derive(Debug, Default)]
pub struct DocumentView {
    width: f32,
    heights: Vec<f32>,
    cache: HashMap<usize, CachedParagraph>,
    /// The paragraphs on screen last frame.
    pub visible: Range<usize>,
    /// Scroll so that this paragraph is at the top, next frame.
    pub scroll_to: Option<usize>,
    /// The paragraph being edited.
    pub editor: Option<Editor>,
    /// The last non-empty selection in the editor, in document bytes.
    pub selection: Option<Span>,
    /// The document scrolled this frame.
    pub scrolled: bool,
    /// Screen y of the top of each paragraph in `visible`.
    pub visible_tops: Vec<f32>,
    /// The top of every paragraph in the document's own coordinates (0 at
    /// the top of the text), then the total height: where the review panel
    /// puts each card.
    pub tops: Vec<f32>,
    /// Screen y of the top of the document's scroll area.
    pub area_top: f32,
    scroll_offset: f32,
    pending_selection: Option<Span>,
}

/// What the document view needs to draw.
pub struct DocContext<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its index.
    pub index: &'a DocIndex,
    /// Colours.
    pub look: &'a Look,
    /// Highlights.
    pub highlights: Highlights<'a>,
    /// The mode.
    pub mode: Mode,
}

impl DocumentView {
    /// Forgets everything about the previous project.
    pub fn reset(&mut self) {
        *self = DocumentView::default();
    }

    /// Puts the editing cursor at a document byte after the next command.
    pub fn set_cursor_after(
        &mut self,
        cursor: CursorAfter,
        created: Option<crate::model::SuggestionId>,
    ) {
        let target = match (cursor, created) {
            (CursorAfter::DocByte(byte), _) => CursorTarget::DocByte(byte),
            (CursorAfter::EndOfSuggestion { byte_in_doc }, Some(id)) => {
                CursorTarget::AfterSuggestion(id, byte_in_doc)
            }
            (CursorAfter::EndOfSuggestion { byte_in_doc }, None) => {
                CursorTarget::DocByte(byte_in_doc)
            }
        };
        if let Some(editor) = &mut self.editor {
            editor.pending_cursor = Some(target);
            editor.request_focus = true;
        }
    }

    /// Opens the editor on the paragraph containing `byte_in_doc`, cursor there.
    pub fn edit_at(&mut self, index: &DocIndex, byte_in_doc: usize) {
        let paragraph = index.paragraph_of(byte_in_doc);
        self.editor = Some(Editor::new(
            paragraph,
            Some(CursorTarget::DocByte(byte_in_doc)),
        ));
    }

    /// Selects `span` (within one paragraph) in the editor, as a user would
    /// with the mouse; used by keyboard commands and tests.
    pub fn select(&mut self, index: &DocIndex, span: Span) {
        let paragraph = index.paragraph_of(span.start.0);
        let mut editor = Editor::new(paragraph, Some(CursorTarget::DocByte(span.end.0)));
        editor.request_focus = true;
        self.editor = Some(editor);
        if !(self.visible.start <= paragraph && paragraph < self.visible.end) {
            self.scroll_to = Some(paragraph.saturating_sub(1));
        }
        self.selection = Some(span);
        self.pending_selection = Some(span);
    }

    fn estimate(&self, project: &Project, range: &Range<usize>, look: &Look) -> f32 {
        let width = self.width.max(100.0);
        let text = &project.text()[range.clone()];
        let level = project
            .content()
            .block_at(range.start)
            .style
            .heading_level();
        let size = super::layout::heading_size(level, look.body_size);
        let chars_per_row = (width / (size * 0.5)).max(10.0);
        let rows = ((text.len() as f32) / chars_per_row).ceil().max(1.0);
        rows * size * 1.3 + PARAGRAPH_GAP
    }

    /// Draws the document; pushes commands for what the user did.
    pub fn ui(&mut self, ui: &mut Ui, context: &DocContext<'_>, queue: &mut Vec<AppCommand>) {
        let DocContext {
            project,
            index,
            look,
            ..
        } = context;
        let paragraph_count = index.paragraphs.len();
        let width = (ui.available_width() - 16.0).max(100.0);
        if (width - self.width).abs() > 0.5 || self.heights.len() != paragraph_count {
            let keep = if (width - self.width).abs() > 0.5 {
                0
            } else {
                self.heights.len().min(paragraph_count)
            };
            self.width = width;
            self.heights.truncate(keep);
            for range in &index.paragraphs[keep..] {
                let estimate = self.estimate(project, range, look);
                self.heights.push(estimate);
            }
            self.cache.clear();
        }
        if let Some(editor) = &mut self.editor
            && let Some(CursorTarget::DocByte(byte)) = editor.pending_cursor
        {
            // A typing command may have split or joined paragraphs: follow the cursor.
            let paragraph = index.paragraph_of(byte);
            if paragraph != editor.paragraph {
                editor.paragraph = paragraph;
                editor.built_for = None;
                if !(self.visible.start <= paragraph && paragraph < self.visible.end) {
                    self.scroll_to = Some(paragraph.saturating_sub(2));
                }
            }
        }
        if let Some(editor) = &self.editor
            && editor.paragraph >= paragraph_count
        {
            self.editor = None;
        }

        let mut tops = Vec::with_capacity(paragraph_count + 1);
        let mut y = 0.0;
        for height in &self.heights {
            tops.push(y);
            y += height;
        }
        tops.push(y);
        let total = y;
        self.tops.clone_from(&tops);

        let mut area = egui::ScrollArea::vertical()
            .id_salt("document scroll")
            .auto_shrink(false);
        if let Some(paragraph) = self.scroll_to.take() {
            let target = tops[paragraph.min(paragraph_count)];
            area = area.vertical_scroll_offset((target - 8.0).max(0.0));
        }
        let output = area.show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let origin = ui.max_rect().min;
            self.area_top = origin.y + viewport.min.y;
            let first = tops
                .partition_point(|&top| top <= viewport.min.y)
                .saturating_sub(1)
                .min(paragraph_count.saturating_sub(1));
            let mut y = tops[first];
            let mut paragraph = first;
            self.visible_tops.clear();
            while paragraph < paragraph_count && y < viewport.max.y {
                self.visible_tops.push(origin.y + y);
                let height = if self
                    .editor
                    .as_ref()
                    .is_some_and(|editor| editor.paragraph == paragraph)
                {
                    self.editor_ui(ui, context, origin + vec2(0.0, y), queue)
                } else {
                    self.paragraph_ui(ui, context, paragraph, origin + vec2(0.0, y), queue)
                };
                self.heights[paragraph] = height;
                y += height;
                paragraph += 1;
            }
            self.visible = first..paragraph;
            // Keep the cache to what is on screen (and the editor's neighbours).
            let visible = self.visible.clone();
            self.cache.retain(|paragraph, _| {
                visible.start <= paragraph + 2 && *paragraph < visible.end + 2
            });
        });
        let offset = output.state.clamped_offset().y;
        self.scrolled = (offset - self.scroll_offset).abs() > 0.5;
        self.scroll_offset = offset;
    }

    /// How far the document is scrolled.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    fn paragraph_key(&self, context: &DocContext<'_>, paragraph: usize) -> u64 {
        let DocContext {
            project,
            index,
            highlights,
            ..
        } = context;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let range = &index.paragraphs[paragraph];
        project.text()[range.clone()].hash(&mut hasher);
        range.start.hash(&mut hasher);
        self.width.to_bits().hash(&mut hasher);
        context.look.text.hash(&mut hasher);
        highlights.show_resolved.hash(&mut hasher);
        highlights.reviewer.hash(&mut hasher);
        for &item in &index.items_by_paragraph[paragraph] {
            item.hash(&mut hasher);
            (highlights.focused == Some(item)).hash(&mut hasher);
            match item {
                ItemId::Comment(id) => {
                    if let Some(comment) = project.comment(id) {
                        comment.span.hash(&mut hasher);
                        comment.resolved.hash(&mut hasher);
                    }
                }
                ItemId::Suggestion(id) => {
                    if let Some(suggestion) = project.suggestion(id) {
                        suggestion.span.hash(&mut hasher);
                        hash_kind(&suggestion.kind, &mut hasher);
                        suggestion.author.name.hash(&mut hasher);
                    }
                }
            }
        }
        let matches = highlights.find_matches;
        let first = matches.partition_point(|found| found.end <= range.start);
        for (offset, found) in matches[first..]
            .iter()
            .take_while(|found| found.start < range.end)
            .enumerate()
        {
            found.hash(&mut hasher);
            (highlights.current_match == Some(first + offset)).hash(&mut hasher);
        }
        hasher.finish()
    }

    fn paragraph_ui(
        &mut self,
        ui: &mut Ui,
        context: &DocContext<'_>,
        paragraph: usize,
        top_left: egui::Pos2,
        queue: &mut Vec<AppCommand>,
    ) -> f32 {
        let key = self.paragraph_key(context, paragraph);
        let cached = match self.cache.get(&paragraph) {
            Some(cached) if cached.key == key => cached,
            _ => {
                let (mut job, map) = paragraph_job(
                    context.project,
                    context.index,
                    paragraph,
                    context.look,
                    &context.highlights,
                );
                job.wrap.max_width = self.width;
                let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
                self.cache
                    .insert(paragraph, CachedParagraph { key, galley, map });
                &self.cache[&paragraph]
            }
        };
        let galley = Arc::clone(&cached.galley);
        let size = galley.size();
        let rect = Rect::from_min_size(top_left, vec2(self.width, size.y));
        let id = Id::unique(("document paragraph", paragraph));
        let response = ui.interact(rect, id, Sense::click());
        let preview: String = cached.map.text.chars().take(60).collect();
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Paragraph,
                true,
                format!("Paragraph {}: {preview}", paragraph + 1),
            )
        });
        if ui.is_rect_visible(rect) {
            ui.painter()
                .galley(top_left, Arc::clone(&galley), context.look.text);
        }
        if response.clicked() {
            let char_in_display = response
                .interact_pointer_pos()
                .map_or(0, |pos| galley.cursor_from_pos(pos - top_left).index.0);
            if let Some(item) = item_at(
                context.project,
                context.index,
                paragraph,
                &cached.map,
                char_in_display,
            ) {
                queue.push(AppCommand::Focus {
                    item,
                    scroll_document: false,
                });
            }
            self.editor = Some(Editor::new(
                paragraph,
                Some(CursorTarget::Char(char_in_display)),
            ));
        }
        size.y + PARAGRAPH_GAP
    }

    fn editor_ui(
        &mut self,
        ui: &mut Ui,
        context: &DocContext<'_>,
        top_left: egui::Pos2,
        queue: &mut Vec<AppCommand>,
    ) -> f32 {
        let editor_id = Id::unique("document editor");
        let key = {
            let Some(editor) = &self.editor else {
                return 0.0;
            };
            self.paragraph_key(context, editor.paragraph)
        };
        let pending_selection = self.pending_selection.take();
        let width = self.width;
        let Some(editor) = &mut self.editor else {
            return 0.0;
        };
        let build_key = (context.project.revision(), key);
        if editor.built_for != Some(build_key) {
            let (job, map) = paragraph_job(
                context.project,
                context.index,
                editor.paragraph,
                context.look,
                &context.highlights,
            );
            editor.buffer = map.text.clone();
            editor.map = map;
            editor.job = job;
            editor.built_for = Some(build_key);
        }
        let paragraph = editor.paragraph;
        let mut state =
            egui::text_edit::TextEditState::load(ui.ctx(), editor_id).unwrap_or_default();
        let cursor_range = if let Some(span) = pending_selection {
            let start = editor.map.char_in_display_of(span.start.0);
            let end = editor.map.char_in_display_of(span.end.0);
            editor.pending_cursor = None;
            Some(CCursorRange::two(CCursor::new(start), CCursor::new(end)))
        } else {
            editor.pending_cursor.take().map(|target| {
                let char_in_display = match target {
                    CursorTarget::Char(char_in_display) => char_in_display,
                    CursorTarget::DocByte(byte) => editor.map.char_in_display_of(byte),
                    CursorTarget::AfterSuggestion(id, byte) => editor
                        .map
                        .end_of_virtual(id)
                        .unwrap_or_else(|| editor.map.char_in_display_of(byte)),
                };
                CCursorRange::one(CCursor::new(char_in_display))
            })
        };
        if let Some(range) = cursor_range {
            state.cursor.set_char_range(Some(range));
            state.clone().store(ui.ctx(), editor_id);
        }
        if editor.request_focus {
            ui.memory_mut(|memory| memory.request_focus(editor_id));
            editor.request_focus = false;
        }

        // Keys that cross paragraph boundaries.
        let has_focus = ui.memory(|memory| memory.has_focus(editor_id));
        let cursor_now = state.cursor.char_range();
        let single = cursor_now
            .and_then(|range| range.single())
            .map(|c| c.index.0);
        let char_len = editor.map.char_len();
        let range = context.index.paragraphs[paragraph].clone();
        let doc_len = context.project.text().len();
        if has_focus {
            let pressed =
                |key: Key| ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, key));
            let mut moved_to = None;
            if single == Some(0) && paragraph > 0 && pressed(Key::ArrowUp) {
                let previous = context.index.paragraphs[paragraph - 1].end;
                moved_to = Some(Editor::new(
                    paragraph - 1,
                    Some(CursorTarget::DocByte(previous)),
                ));
            } else if single == Some(char_len)
                && paragraph + 1 < context.index.paragraphs.len()
                && pressed(Key::ArrowDown)
            {
                let next = context.index.paragraphs[paragraph + 1].start;
                moved_to = Some(Editor::new(
                    paragraph + 1,
                    Some(CursorTarget::DocByte(next)),
                ));
            } else if pressed(Key::Escape) {
                self.editor = None;
                return self.paragraph_ui(ui, context, paragraph, top_left, queue);
            }
            if let Some(editor) = moved_to {
                // This paragraph is drawn as text now; the editor appears in
                // its new paragraph (this frame if it comes later, else next).
                self.editor = Some(editor);
                ui.ctx().request_repaint();
                return self.paragraph_ui(ui, context, paragraph, top_left, queue);
            }
            if context.mode != Mode::View
                && single == Some(0)
                && range.start > 0
                && pressed(Key::Backspace)
            {
                let join = ByteOffset(range.start - 1)..ByteOffset(range.start);
                queue.push(typing(context.mode, join, String::new(), range.start - 1));
            } else if context.mode != Mode::View
                && single == Some(char_len)
                && range.end < doc_len
                && pressed(Key::Delete)
            {
                let join = ByteOffset(range.end)..ByteOffset(range.end + 1);
                queue.push(typing(context.mode, join, String::new(), range.end));
            }
        }
        let Some(editor) = &mut self.editor else {
            return 0.0;
        };

        let shown_text = editor.map.text.clone();
        let styled_job = editor.job.clone();
        let body_font = egui::FontId::proportional(context.look.body_size);
        let text_colour = context.look.text;
        let mut layouter = |ui: &Ui, buffer: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job = if buffer.as_str() == shown_text {
                styled_job.clone()
            } else {
                LayoutJob::simple(
                    buffer.as_str().to_string(),
                    body_font.clone(),
                    text_colour,
                    wrap_width,
                )
            };
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|fonts| fonts.layout_job(job))
        };
        let rect = Rect::from_min_size(top_left, vec2(width, 10.0));
        let label = format!("Paragraph {} ({} mode)", paragraph + 1, context.mode.name());
        let output = ui
            .scope_builder(
                UiBuilder::new().max_rect(rect.with_max_y(top_left.y + 100_000.0)),
                |ui| {
                    let background = ui.visuals().extreme_bg_color;
                    let frame = egui::Frame::new()
                        .fill(background)
                        .inner_margin(0.0)
                        .stroke(ui.visuals().selection.stroke);
                    let mut read_only: &str = &editor.map.text;
                    let buffer: &mut dyn egui::TextBuffer = if context.mode == Mode::View {
                        &mut read_only
                    } else {
                        &mut editor.buffer
                    };
                    egui::TextEdit::multiline(buffer)
                        .id(editor_id)
                        .frame(frame)
                        .margin(0.0)
                        .desired_width(width)
                        .desired_rows(1)
                        .layouter(&mut layouter)
                        .show(ui)
                },
            )
            .inner;
        let response = output.response.response.clone().accessible_name(label);
        let height = response.rect.height().max(1.0) + PARAGRAPH_GAP;

        if let Some(range) = output.cursor_range {
            let sorted = range.as_sorted_char_range();
            if sorted.start != sorted.end {
                let start = editor.map.doc_position(sorted.start.0, false).byte_in_doc();
                let end = editor.map.doc_position(sorted.end.0, false).byte_in_doc();
                if start < end {
                    self.selection = Some(Span::new(start, end));
                }
            } else if has_focus {
                self.selection = None;
            }
        }

        if editor.buffer != editor.map.text {
            let before = editor.map.text.clone();
            let after = std::mem::replace(&mut editor.buffer, before.clone());
            if let Some(change) = diff_once(&before, &after) {
                let deleting_forward = ui.input(|input| input.key_pressed(Key::Delete));
                match change_command(&editor.map, change, context.mode, deleting_forward) {
                    Ok(command) => queue.push(command),
                    Err(message) => queue.push(AppCommand::Notice(message)),
                }
                ui.ctx().request_repaint();
            }
        }
        height
    }
}

fn hash_kind(kind: &crate::model::SuggestionKind, hasher: &mut impl Hasher) {
    use crate::model::SuggestionKind;
    kind.name().hash(hasher);
    match kind {
        SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
            text.hash(hasher);
        }
        SuggestionKind::Deletion => {}
        SuggestionKind::Alternatives { candidates } => candidates.hash(hasher),
        SuggestionKind::Format(format) => format.description().hash(hasher),
    }
}

/// A typing command for the mode, with the cursor at `cursor_byte` after it.
fn typing(mode: Mode, range: Range<ByteOffset>, text: String, cursor_byte: usize) -> AppCommand {
    let command = match mode {
        Mode::Suggest => Command::Suggest { range, text },
        _ => Command::Edit { range, text },
    };
    AppCommand::Typing {
        command,
        cursor: CursorAfter::DocByte(cursor_byte),
    }
}

/// Turns one change of the editor's displayed text into a command.
fn change_command(
    map: &DisplayMap,
    change: super::text_units::TextChange,
    mode: Mode,
    deleting_forward: bool,
) -> Result<AppCommand, String> {
    let removed = change.removed_chars.clone();
    let inserting = removed.is_empty();
    let start = map.doc_position(removed.start, inserting);
    let end = map.doc_position(removed.end, false);
    if !inserting {
        let touches_virtual = map.segments.iter().any(|segment| {
            matches!(
                segment.source,
                super::text_units::SegmentSource::Virtual { .. }
            ) && segment.chars_in_display.start < removed.end
                && removed.start < segment.chars_in_display.end
        });
        if touches_virtual {
            return Err(
                "that text is a pending suggestion: accept or reject it from its card (Undo takes back your own typing)".to_string(),
            );
        }
    }
    let start_byte = start.byte_in_doc();
    let end_byte = end.byte_in_doc().max(start_byte);
    let range = ByteOffset(start_byte)..ByteOffset(end_byte);
    let inserted = change.inserted;
    let inserted_len = inserted.len();
    Ok(match mode {
        Mode::View => return Err("the document is read-only in View mode".to_string()),
        Mode::Edit => AppCommand::Typing {
            command: Command::Edit {
                range,
                text: inserted,
            },
            cursor: CursorAfter::DocByte(start_byte + inserted_len),
        },
        Mode::Suggest => {
            let cursor = if !inserted.is_empty() {
                CursorAfter::EndOfSuggestion {
                    byte_in_doc: end_byte,
                }
            } else if deleting_forward {
                CursorAfter::DocByte(end_byte)
            } else {
                CursorAfter::DocByte(start_byte)
            };
            AppCommand::Typing {
                command: Command::Suggest {
                    range,
                    text: inserted,
                },
                cursor,
            }
        }
    })
}
