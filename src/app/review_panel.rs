//! The review panel: one card per comment thread and per suggestion, in
//! document order (orphans first), filtered by reviewer and status.
//!
//! The list is virtualised like the document: card heights are cached by
//! item (estimated until a card has been drawn) and only the cards on screen
//! are drawn. Cards sit beside their anchors as in Word's margin: each card
//! is placed level with the top of its anchor's paragraph unless the card
//! above pushes it further down, in the document's own coordinates, and the
//! panel follows the document's scroll offset whenever the document scrolls
//! (it can still be scrolled on its own). When a card is focused from the
//! document, the panel scrolls to it.

use super::layout::{DocIndex, ItemId, Look};
use super::round_cards;
use super::state::{AppCommand, Composer, Drafts, StatusFilter};
use crate::model::rounds::IncomingItem;
use crate::model::{
    Command, Comment, NotePart, Person, Project, Span, Suggestion, SuggestionKind, SuggestionStatus,
};
use egui::{Color32, RichText, Sense, Ui, UiBuilder, vec2};
use std::collections::HashMap;

/// A guess at a card's height before it has been drawn.
const ESTIMATED_CARD_HEIGHT: f32 = 120.0;
/// Space between cards.
const CARD_GAP: f32 = 8.0;

/// State of the review panel.
#[derive(Debug, Default)]
pub struct ReviewPanel {
    heights: HashMap<ItemId, f32>,
    built_for: Option<(u64, Option<String>, StatusFilter)>,
    /// The cards shown, in order.
    pub cards: Vec<ItemId>,
    /// The document byte each card is anchored at (`None` for orphans).
    anchors: Vec<Option<usize>>,
    /// Scroll so this card is visible, next frame.
    pub scroll_to_card: Option<ItemId>,
    /// Scroll to this offset next frame (the document's, to follow it).
    follow: Option<f32>,
    /// Where each card drawn this frame is on screen.
    drawn: Vec<(ItemId, egui::Rect)>,
    /// The visible part of the card list on screen, last frame.
    viewport: Option<egui::Rect>,
}

/// What the review panel needs to draw.
pub struct PanelContext<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its index.
    pub index: &'a DocIndex,
    /// Colours.
    pub look: &'a Look,
    /// The focused card.
    pub focused: Option<ItemId>,
    /// You.
    pub user: &'a Person,
    /// The current selection in the document.
    pub selection: Option<Span>,
    /// The top of every paragraph in the document's coordinates (see
    /// `DocumentView::tops`); empty before the document is first drawn.
    pub document_tops: &'a [f32],
    /// Screen y of the top of the document's scroll area.
    pub document_area_top: f32,
}

/// A short quote of `text` for a card.
pub fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 140;
    let one_line = text.replace('\n', " ¶ ");
    if one_line.chars().count() > MAX_CHARS {
        let cut: String = one_line.chars().take(MAX_CHARS).collect();
        format!("“{cut}…”")
    } else {
        format!("“{one_line}”")
    }
}

/// What a card says an insertion puts in: its words, or, for one made of
/// paragraph marks only, what those marks are (a table row, empty
/// paragraphs) rather than a row of `¶`.
pub fn insertion_words(text: &str, fragment: Option<&crate::model::content::Fragment>) -> String {
    let marks = text.matches('\n').count();
    if marks == 0 || marks != text.len() {
        return format!("Insert {}", quote(text));
    }
    let cells = fragment.map_or(0, |fragment| {
        fragment
            .blocks
            .iter()
            .filter(|block| block.cell.is_some())
            .count()
    });
    match (cells, marks) {
        (1, _) => "Insert a table row (1 cell)".to_string(),
        (cells, _) if cells > 1 => format!("Insert a table row ({cells} cells)"),
        (_, 1) => "Insert a paragraph break".to_string(),
        (_, marks) => format!("Insert {marks} paragraph breaks"),
    }
}

/// What a card says a suggested footnote puts in: "Insert footnote 3",
/// with the note's words once typed.
pub fn footnote_words(project: &Project, suggestion: &Suggestion) -> String {
    let Some(note) = suggestion.note else {
        return String::new();
    };
    let reference = match note.part {
        NotePart::Reference => suggestion,
        NotePart::Paragraph => project.suggestion(note.partner).unwrap_or(suggestion),
    };
    let number =
        crate::app::layout::suggested_note_number(project.content(), reference.span.start.0);
    let paragraph = match note.part {
        NotePart::Paragraph => Some(suggestion),
        NotePart::Reference => project.suggestion(note.partner),
    };
    let words = paragraph
        .and_then(|paragraph| paragraph.kind.replacement_text(None))
        .map(|text| text.trim_start_matches('\n'))
        .unwrap_or_default();
    if words.trim().is_empty() {
        format!("Insert footnote {number} (its text not yet written)")
    } else {
        format!("Insert footnote {number}: {}", quote(words))
    }
}

fn comment_shown(comment: &Comment, reviewer: Option<&str>, status: StatusFilter) -> bool {
    let status_ok = match status {
        StatusFilter::Open => !comment.resolved,
        StatusFilter::Resolved => comment.resolved,
        StatusFilter::All => true,
    };
    status_ok && reviewer.is_none_or(|name| comment.author.name == name)
}

fn suggestion_shown(suggestion: &Suggestion, reviewer: Option<&str>, status: StatusFilter) -> bool {
    let status_ok = match status {
        StatusFilter::Open => suggestion.status.is_pending(),
        StatusFilter::Resolved => !suggestion.status.is_pending(),
        StatusFilter::All => true,
    };
    status_ok && reviewer.is_none_or(|name| suggestion.author.name == name)
}

impl ReviewPanel {
    /// Forgets everything about the previous project.
    pub fn reset(&mut self) {
        *self = ReviewPanel::default();
    }

    /// Where `item`'s card is on screen, when it was drawn this frame.
    pub fn card_rect(&self, item: ItemId) -> Option<egui::Rect> {
        self.drawn
            .iter()
            .find(|(drawn, _)| *drawn == item)
            .map(|(_, rect)| *rect)
    }

    /// Makes the panel follow the document: next frame it scrolls by the
    /// same offset, which puts each card level with its anchor.
    pub fn follow_document(&mut self, document_offset: f32) {
        self.follow = Some(document_offset);
    }

    fn rebuild(&mut self, project: &Project, reviewer: Option<&str>, status: StatusFilter) {
        let key = (project.revision(), reviewer.map(str::to_string), status);
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let mut entries: Vec<(bool, usize, ItemId)> = Vec::new();
        for comment in project.comments() {
            if comment_shown(comment, reviewer, status) {
                entries.push((
                    !comment.orphaned,
                    comment.span.start.0,
                    ItemId::Comment(comment.id),
                ));
            }
        }
        for suggestion in project.suggestions() {
            // A suggested footnote has one card, its reference's.
            if suggestion_shown(suggestion, reviewer, status) && !suggestion.is_note_paragraph() {
                entries.push((
                    !suggestion.orphaned,
                    suggestion.span.start.0,
                    ItemId::Suggestion(suggestion.id),
                ));
            }
        }
        entries.sort();
        self.cards = entries.iter().map(|&(_, _, item)| item).collect();
        self.anchors = entries
            .iter()
            .map(|&(anchored, byte, _)| anchored.then_some(byte))
            .collect();
        self.built_for = Some(key);
    }

    /// Draws the panel; pushes commands for what the user did.
    #[allow(clippy::too_many_arguments)]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        context: &PanelContext<'_>,
        reviewer: &mut Option<String>,
        status: &mut StatusFilter,
        drafts: &mut Drafts,
        composer: &mut Option<Composer>,
        queue: &mut Vec<AppCommand>,
    ) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Reviewer:");
            egui::ComboBox::from_id_salt("reviewer filter")
                .selected_text(reviewer.as_deref().unwrap_or("All reviewers"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(reviewer, None, "All reviewers");
                    for name in &context.index.authors {
                        ui.selectable_value(reviewer, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Show:");
            egui::ComboBox::from_id_salt("status filter")
                .selected_text(status.name())
                .show_ui(ui, |ui| {
                    for choice in [
                        StatusFilter::Open,
                        StatusFilter::Resolved,
                        StatusFilter::All,
                    ] {
                        ui.selectable_value(status, choice, choice.name());
                    }
                })
                .response
                .labelled_by(label.id);
        });
        self.rebuild(context.project, reviewer.as_deref(), *status);
        ui.label(
            RichText::new(format!("{} cards", self.cards.len()))
                .small()
                .weak(),
        );
        let closed = composer
            .as_mut()
            .is_some_and(|draft| composer_ui(ui, context, draft, queue));
        if closed {
            *composer = None;
        }
        ui.separator();

        // Each card level with its anchor's paragraph (in the document's
        // coordinates, shifted by the difference between the two scroll
        // areas' tops), unless the card above pushes it down.
        let shift = context.document_area_top - ui.cursor().top();
        let mut tops = Vec::with_capacity(self.cards.len() + 1);
        let mut y = 0.0_f32;
        for (position, item) in self.cards.iter().enumerate() {
            let anchor_top = self.anchors[position]
                .and_then(|byte| {
                    context
                        .document_tops
                        .get(context.index.paragraph_of(byte))
                        .copied()
                })
                .map(|top| top + shift);
            let top = anchor_top.map_or(y, |anchor_top| anchor_top.max(y));
            tops.push(top);
            y = top
                + self
                    .heights
                    .get(item)
                    .copied()
                    .unwrap_or(ESTIMATED_CARD_HEIGHT)
                + CARD_GAP;
        }
        tops.push(y);
        // At least as tall as the document, so that the panel can always
        // take the document's scroll offset.
        let document_height = context
            .document_tops
            .last()
            .map_or(0.0, |height| height + shift);
        let total = y.max(document_height);

        let viewport_height = ui.available_height();
        let mut area = egui::ScrollArea::vertical()
            .id_salt("review scroll")
            .auto_shrink(false);
        let mut wanted_offset = None;
        if let Some(item) = self.scroll_to_card.take() {
            // Only when the card is not already in full view: a card beside
            // its text stays there.
            let in_view = self
                .card_rect(item)
                .zip(self.viewport)
                .is_some_and(|(rect, viewport)| viewport.contains_rect(rect));
            if !in_view && let Some(position) = self.cards.iter().position(|&card| card == item) {
                wanted_offset = Some((tops[position] - 40.0).max(0.0));
            }
            self.follow = None;
        } else if let Some(offset) = self.follow.take() {
            wanted_offset = Some(offset.max(0.0));
        }
        // Never blank while there are cards: when no card would be in view
        // at the offset the panel is going to (its own scroll, or the
        // document's), go to the nearest card instead.
        let current = ui
            .ctx()
            .data(|data| data.get_temp::<f32>(ui.scope_id().with("review offset")))
            .unwrap_or(0.0);
        let offset = wanted_offset.unwrap_or(current);
        let in_view = |offset: f32| {
            (0..self.cards.len()).any(|position| {
                tops[position + 1] - CARD_GAP > offset && tops[position] < offset + viewport_height
            })
        };
        if !self.cards.is_empty() && !in_view(offset) {
            let nearest = (0..self.cards.len())
                .min_by(|&a, &b| {
                    (tops[a] - offset)
                        .abs()
                        .total_cmp(&(tops[b] - offset).abs())
                })
                .unwrap_or(0);
            wanted_offset = Some((tops[nearest] - 40.0).max(0.0));
        }
        if let Some(offset) = wanted_offset {
            area = area.vertical_scroll_offset(offset);
        }
        let heights_before: Vec<Option<f32>> = self
            .cards
            .iter()
            .map(|item| self.heights.get(item).copied())
            .collect();
        self.drawn.clear();
        let output = area.show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let origin = ui.max_rect().min;
            self.viewport = Some(viewport.translate(origin.to_vec2()));
            let width = ui.available_width();
            let first = tops
                .partition_point(|&top| top <= viewport.min.y)
                .saturating_sub(1);
            let mut position = first;
            while position < self.cards.len() && tops[position] < viewport.max.y {
                let item = self.cards[position];
                let y = tops[position];
                let rect = egui::Rect::from_min_size(origin + vec2(0.0, y), vec2(width, 10_000.0));
                let height = ui
                    .scope_builder(UiBuilder::new().max_rect(rect).id_salt(item), |ui| {
                        card_ui(ui, context, item, drafts, queue)
                    })
                    .inner;
                self.heights.insert(item, height);
                self.drawn.push((
                    item,
                    egui::Rect::from_min_size(rect.min, vec2(width, height)),
                ));
                position += 1;
            }
        });
        ui.ctx().data_mut(|data| {
            data.insert_temp(
                ui.scope_id().with("review offset"),
                output.state.clamped_offset().y,
            );
        });
        // Cards whose measured height differs from what placed them are
        // placed again in this same frame (no overlap, no stale card).
        let moved = self
            .cards
            .iter()
            .zip(&heights_before)
            .any(|(item, before)| match (before, self.heights.get(item)) {
                (Some(before), Some(after)) => (before - after).abs() > 1.0,
                (None, Some(_)) => true,
                _ => false,
            });
        if moved {
            ui.ctx().request_discard("review cards re-laid out");
        }
    }
}

fn composer_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    draft: &mut Composer,
    queue: &mut Vec<AppCommand>,
) -> bool {
    let mut closed = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let about = &context.project.text()[draft.span.range()];
        ui.label(RichText::new("New comment").strong());
        if !about.is_empty() {
            ui.label(RichText::new(quote(about)).italics().weak());
        }
        let response = ui.add(
            egui::TextEdit::multiline(&mut draft.body)
                .hint_text("Write a comment…")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        let response = response.accessible_name("New comment text");
        if draft.just_opened {
            response.request_focus();
            draft.just_opened = false;
        }
        let submitted = response.has_focus() && ctrl_enter(ui);
        ui.horizontal(|ui| {
            let can_add = !draft.body.trim().is_empty();
            if ui
                .add_enabled(can_add, egui::Button::new("Add comment"))
                .on_hover_text("Add comment (Ctrl+Enter)")
                .clicked()
                || (can_add && submitted)
            {
                queue.push(AppCommand::Model(Command::AddComment {
                    span: draft.span,
                    body: draft.body.trim().to_string(),
                }));
                closed = true;
            } else if ui
                .button("Cancel")
                .accessible_name("Cancel comment")
                .clicked()
            {
                closed = true;
            }
        });
    });
    closed
}

/// True when Ctrl+Enter was pressed (consumed): "send" in a text field.
fn ctrl_enter(ui: &Ui) -> bool {
    ui.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter))
}

/// Draws one card; returns its height.
fn card_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    item: ItemId,
    drafts: &mut Drafts,
    queue: &mut Vec<AppCommand>,
) -> f32 {
    let focused = context.focused == Some(item);
    let stroke = if focused {
        egui::Stroke::new(2.0, ui.visuals().selection.stroke.color)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    let response = ui
        .scope_builder(UiBuilder::new().sense(Sense::click()), |ui| {
            let internal = matches!(item, ItemId::Comment(id) if context.project.is_internal(id));
            egui::Frame::new()
                .fill(if internal {
                    round_cards::internal_fill(ui)
                } else {
                    ui.visuals().faint_bg_color
                })
                .stroke(stroke)
                .corner_radius(6.0)
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    match item {
                        ItemId::Comment(id) => {
                            if let Some(comment) = context.project.comment(id) {
                                comment_card_ui(ui, context, comment, focused, drafts, queue);
                            }
                        }
                        ItemId::Suggestion(id) => {
                            if let Some(suggestion) = context.project.suggestion(id) {
                                suggestion_card_ui(ui, context, suggestion, queue);
                            }
                        }
                    }
                });
        })
        .response;
    let kind = match item {
        ItemId::Comment(_) => "Comment",
        ItemId::Suggestion(_) => "Suggestion",
    };
    let response = response.accessible_name(format!("{kind} card {item}"));
    response.context_menu(|ui| card_menu_ui(ui, context, item, queue));
    if response.clicked() {
        queue.push(AppCommand::Focus {
            item,
            scroll_document: true,
        });
    }
    response.rect.height()
}

/// The right-click menu on a card: what its buttons do, and going to its
/// text.
fn card_menu_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    item: ItemId,
    queue: &mut Vec<AppCommand>,
) {
    let mut chosen = None;
    if ui.button("Go to its text").clicked() {
        chosen = Some(AppCommand::Focus {
            item,
            scroll_document: true,
        });
    }
    match item {
        ItemId::Suggestion(id) => {
            if let Some(suggestion) = context.project.suggestion(id)
                && suggestion.status.is_pending()
            {
                let acceptable = !suggestion.orphaned
                    && suggestion.conflict.is_none()
                    && !matches!(suggestion.kind, SuggestionKind::Alternatives { .. });
                if ui
                    .add_enabled(acceptable, egui::Button::new(format!("Accept {id}")))
                    .clicked()
                {
                    chosen = Some(AppCommand::Model(Command::Accept {
                        id,
                        alternative: None,
                    }));
                }
                if ui.button(format!("Reject {id}")).clicked() {
                    chosen = Some(AppCommand::Model(Command::Reject { id }));
                }
            }
        }
        ItemId::Comment(id) => {
            if let Some(comment) = context.project.comment(id) {
                let (verb, resolved) = if comment.resolved {
                    ("Reopen", false)
                } else {
                    ("Resolve", true)
                };
                if ui.button(format!("{verb} {id}")).clicked() {
                    chosen = Some(AppCommand::Model(Command::SetResolved {
                        comment: id,
                        resolved,
                    }));
                }
                if comment.author == *context.user && ui.button(format!("Delete {id}")).clicked() {
                    chosen = Some(AppCommand::Model(Command::DeleteComment { comment: id }));
                }
            }
        }
    }
    if let Some(command) = chosen {
        queue.push(command);
        ui.close();
    }
}

fn header_ui(ui: &mut Ui, colour: Color32, author: &Person, what: &str, id: String) {
    ui.horizontal_wrapped(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
        ui.painter().circle_filled(rect.center(), 5.0, colour);
        ui.label(RichText::new(&author.name).strong());
        ui.label(RichText::new(what).weak());
        ui.label(RichText::new(id).small().weak());
    });
}

fn suggestion_card_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    suggestion: &Suggestion,
    queue: &mut Vec<AppCommand>,
) {
    let colour = context.look.reviewer(&suggestion.author.name);
    let id = suggestion.id;
    header_ui(
        ui,
        colour,
        &suggestion.author,
        &format!("suggests · {}", suggestion.created.format("%d %b %Y")),
        id.to_string(),
    );
    round_cards::incoming_ui(ui, context, IncomingItem::Suggestion(id));
    if suggestion.orphaned {
        ui.label(
            RichText::new(format!(
                "Orphaned: the text it changes was deleted. It was: {}",
                quote(&suggestion.original)
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(other) = suggestion.conflict {
        ui.label(
            RichText::new(format!(
                "Conflicts with the accepted suggestion {other}; reject it instead"
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    let original = quote(&suggestion.original);
    match &suggestion.kind {
        SuggestionKind::Insertion { .. } if suggestion.note.is_some() => {
            ui.label(footnote_words(context.project, suggestion));
        }
        SuggestionKind::Insertion { text } => {
            ui.label(insertion_words(text, suggestion.formatting.as_ref()));
        }
        SuggestionKind::Deletion => {
            ui.label(format!("Delete {original}"));
        }
        SuggestionKind::Replacement { text } => {
            ui.label(format!("Replace {original} with {}", quote(text)));
        }
        SuggestionKind::Alternatives { candidates } => {
            ui.label(format!("Choose a wording for {original}:"));
            for (number, candidate) in candidates.iter().enumerate() {
                ui.label(format!("{}. {}", number + 1, quote(candidate)));
            }
        }
        SuggestionKind::Format(format) => {
            ui.label(format!("{} ({original})", format.description()));
        }
    }
    if let Some(rationale) = &suggestion.rationale {
        ui.label(RichText::new(rationale).italics());
    }
    // A material change must reach readers before it takes effect (the
    // next snapshot lists it among the version's material changes).
    let mut material = suggestion.material;
    if ui
        .checkbox(&mut material, "Material change")
        .accessible_name(format!("Material change {id}"))
        .on_hover_text("Readers must be notified before a material change takes effect")
        .changed()
    {
        queue.push(AppCommand::Model(Command::SetSuggestionMaterial {
            id,
            material,
        }));
    }
    round_cards::rivals_ui(ui, context, suggestion, queue);
    match &suggestion.status {
        SuggestionStatus::Pending => {
            ui.horizontal_wrapped(|ui| {
                let acceptable = !suggestion.orphaned && suggestion.conflict.is_none();
                if let SuggestionKind::Alternatives { candidates } = &suggestion.kind {
                    for number in 0..candidates.len() {
                        if ui
                            .add_enabled(
                                acceptable,
                                egui::Button::new(format!("Use {}", number + 1)),
                            )
                            .accessible_name(format!("Accept alternative {} of {id}", number + 1))
                            .clicked()
                        {
                            queue.push(AppCommand::Model(Command::Accept {
                                id,
                                alternative: Some(number),
                            }));
                        }
                    }
                } else if ui
                    .add_enabled(acceptable, egui::Button::new("Accept"))
                    .accessible_name(format!("Accept {id}"))
                    .clicked()
                {
                    queue.push(AppCommand::Model(Command::Accept {
                        id,
                        alternative: None,
                    }));
                }
                if ui
                    .button("Reject")
                    .accessible_name(format!("Reject {id}"))
                    .clicked()
                {
                    queue.push(AppCommand::Model(Command::Reject { id }));
                }
            });
        }
        SuggestionStatus::Accepted { by, at, .. } => {
            ui.label(
                RichText::new(format!("Accepted by {by} on {}", at.format("%d %b %Y"))).weak(),
            );
        }
        SuggestionStatus::Rejected { by, at } => {
            ui.label(
                RichText::new(format!("Rejected by {by} on {}", at.format("%d %b %Y"))).weak(),
            );
        }
    }
}

fn comment_card_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    comment: &Comment,
    focused: bool,
    drafts: &mut Drafts,
    queue: &mut Vec<AppCommand>,
) {
    let id = comment.id;
    let colour = context.look.reviewer(&comment.author.name);
    let resolved = if comment.resolved { " · resolved" } else { "" };
    header_ui(
        ui,
        colour,
        &comment.author,
        &format!(
            "comments · {}{resolved}",
            comment.created.format("%d %b %Y")
        ),
        id.to_string(),
    );
    round_cards::internal_mark_ui(ui, context, comment);
    round_cards::incoming_ui(ui, context, IncomingItem::Comment(id));
    if comment.orphaned {
        ui.label(
            RichText::new(format!(
                "Orphaned: its text was deleted. It was on: {}",
                quote(&comment.quote)
            ))
            .color(ui.visuals().warn_fg_color),
        );
    } else if !comment.quote.is_empty() {
        let current = &context.project.text()[comment.span.range()];
        ui.label(RichText::new(quote(current)).italics().weak());
    }
    let own = comment.author == *context.user;
    let editing = drafts
        .editing
        .as_ref()
        .is_some_and(|(editing, _)| *editing == id);
    if editing {
        let mut finished = None;
        if let Some((_, body)) = &mut drafts.editing {
            ui.add(egui::TextEdit::multiline(body).desired_width(f32::INFINITY))
                .accessible_name(format!("Edit text of {id}"));
            ui.horizontal(|ui| {
                if ui
                    .button("Save")
                    .accessible_name(format!("Save edit of {id}"))
                    .clicked()
                {
                    finished = Some(Some(body.clone()));
                }
                if ui
                    .button("Cancel")
                    .accessible_name(format!("Cancel edit of {id}"))
                    .clicked()
                {
                    finished = Some(None);
                }
            });
        }
        if let Some(result) = finished {
            if let Some(body) = result {
                queue.push(AppCommand::Model(Command::EditComment {
                    comment: id,
                    body,
                }));
            }
            drafts.editing = None;
        }
    } else {
        ui.label(&comment.body);
    }
    for reply in &comment.replies {
        let editing_this = drafts
            .editing_reply
            .as_ref()
            .is_some_and(|(_, reply_id, _)| *reply_id == reply.id);
        if editing_this {
            let mut finished = None;
            if let Some((_, _, body)) = &mut drafts.editing_reply {
                ui.add(egui::TextEdit::multiline(body).desired_width(f32::INFINITY))
                    .accessible_name(format!("Edit text of reply {}", reply.id));
                ui.horizontal(|ui| {
                    if ui
                        .button("Save")
                        .accessible_name(format!("Save edit of reply {}", reply.id))
                        .clicked()
                    {
                        finished = Some(Some(body.clone()));
                    }
                    if ui
                        .button("Cancel")
                        .accessible_name(format!("Cancel edit of reply {}", reply.id))
                        .clicked()
                    {
                        finished = Some(None);
                    }
                });
            }
            if let Some(result) = finished {
                if let Some(body) = result {
                    queue.push(AppCommand::Model(Command::EditReply {
                        comment: id,
                        reply: reply.id,
                        body,
                    }));
                }
                drafts.editing_reply = None;
            }
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}:", reply.author.name)).strong());
            ui.label(&reply.body);
            if reply.author == *context.user {
                if ui
                    .small_button("Edit")
                    .accessible_name(format!("Edit reply {}", reply.id))
                    .clicked()
                {
                    drafts.editing_reply = Some((id, reply.id, reply.body.clone()));
                }
                if ui
                    .small_button("Delete")
                    .accessible_name(format!("Delete reply {}", reply.id))
                    .on_hover_text("Delete your reply (Undo brings it back)")
                    .clicked()
                {
                    queue.push(AppCommand::Model(Command::DeleteReply {
                        comment: id,
                        reply: reply.id,
                    }));
                }
            }
        });
    }
    if focused {
        let draft = drafts.replies.entry(id).or_default();
        let response = ui
            .add(
                egui::TextEdit::multiline(draft)
                    .hint_text("Reply…")
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(format!("Reply to {id}"));
        let submitted = response.has_focus() && ctrl_enter(ui);
        let can_send = !draft.trim().is_empty();
        if ui
            .add_enabled(can_send, egui::Button::new("Send reply"))
            .accessible_name(format!("Send reply to {id}"))
            .on_hover_text("Send (Ctrl+Enter)")
            .clicked()
            || (can_send && submitted)
        {
            queue.push(AppCommand::Model(Command::Reply {
                comment: id,
                body: draft.trim().to_string(),
            }));
            draft.clear();
        }
    }
    ui.horizontal_wrapped(|ui| {
        let (text, name) = if comment.resolved {
            ("Reopen", format!("Reopen {id}"))
        } else {
            ("Resolve", format!("Resolve {id}"))
        };
        if ui.button(text).accessible_name(name).clicked() {
            queue.push(AppCommand::Model(Command::SetResolved {
                comment: id,
                resolved: !comment.resolved,
            }));
        }
        if own && !editing {
            if ui
                .button("Edit")
                .accessible_name(format!("Edit {id}"))
                .clicked()
            {
                drafts.editing = Some((id, comment.body.clone()));
            }
            if ui
                .button("Delete")
                .accessible_name(format!("Delete {id}"))
                .on_hover_text("Delete this thread (Undo brings it back)")
                .clicked()
            {
                queue.push(AppCommand::Model(Command::DeleteComment { comment: id }));
            }
        }
        if ui
            .add_enabled(context.selection.is_some(), egui::Button::new("Move here"))
            .accessible_name(format!("Move {id} to the selection"))
            .on_hover_text("Move comment here: anchor it to the selected text")
            .on_disabled_hover_text("Select text in the document first")
            .clicked()
        {
            queue.push(AppCommand::MoveCommentToSelection(id));
        }
    });
    round_cards::internal_toggle_ui(ui, context, comment, queue);
}
