//! What review rounds add to the review panel's cards: the *internal* flag
//! of a thread (a toggle, and a mark on the card: an internal thread never
//! leaves in a send), where an item came from (a reviewer's copy, typed
//! without Track Changes, a name only inferred, words the draft changed
//! since), and *rival* suggestions — two reviewers changed the same words
//! differently — shown side by side so counsel pick one ("Accept this one"
//! accepts it; the model rejects the others).
//!
//! Like every view, these only queue commands: the internal toggle is
//! [`Command::SetInternal`], as `redline internal` uses; picking a rival is
//! [`Command::Accept`].

use super::review_panel::{PanelContext, quote};
use super::state::AppCommand;
use crate::model::rounds::IncomingItem;
use crate::model::{Command, Comment, Suggestion, SuggestionKind};
use egui::{RichText, Ui};

/// The fill of an internal thread's card: tinted so that it stands out
/// from the threads that go out with a copy.
pub fn internal_fill(ui: &Ui) -> egui::Color32 {
    ui.visuals()
        .warn_fg_color
        .gamma_multiply(0.12)
        .blend(ui.visuals().faint_bg_color)
}

/// The mark on an internal thread's card.
pub fn internal_mark_ui(ui: &mut Ui, context: &PanelContext<'_>, comment: &Comment) {
    if context.project.is_internal(comment.id) {
        ui.label(
            RichText::new("Internal: never sent to a reviewer")
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
    }
}

/// The "Internal (never sent)" toggle of a thread.
pub fn internal_toggle_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    comment: &Comment,
    queue: &mut Vec<AppCommand>,
) {
    let mut internal = context.project.is_internal(comment.id);
    if ui
        .checkbox(&mut internal, "Internal (never sent)")
        .accessible_name(format!("Internal {}", comment.id))
        .on_hover_text("An internal thread stays home whenever the policy is sent for review")
        .changed()
    {
        queue.push(AppCommand::Model(Command::SetInternal {
            comment: comment.id,
            internal,
        }));
    }
}

/// Where an item came from, when a reviewer's copy brought it in.
pub fn incoming_ui(ui: &mut Ui, context: &PanelContext<'_>, item: IncomingItem) {
    let Some(incoming) = context.project.incoming(item) else {
        return;
    };
    let mut words = format!("From a reviewer's copy (round {})", incoming.round);
    if incoming.untracked {
        words.push_str(", typed without Track Changes");
    }
    if incoming.author_inferred {
        words.push_str("; the author's name is inferred from the file");
    }
    ui.label(RichText::new(words).small().weak());
    if let Some(conflict) = &incoming.conflict {
        ui.label(
            RichText::new(format!(
                "The draft changed these words since the copy was sent: the reviewer worked on {}, the draft now reads {}",
                quote(&conflict.copy),
                quote(&conflict.draft)
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(context_words) = &incoming.context {
        ui.label(RichText::new(format!("In the copy: {}", quote(context_words))).weak());
    }
}

/// The suggestion and its pending rivals side by side, each with its
/// author, what it does and "Accept this one". Nothing when it has none.
pub fn rivals_ui(
    ui: &mut Ui,
    context: &PanelContext<'_>,
    suggestion: &Suggestion,
    queue: &mut Vec<AppCommand>,
) {
    if !suggestion.status.is_pending() {
        return;
    }
    let rivals: Vec<&Suggestion> = context
        .project
        .rivals_of(suggestion.id)
        .into_iter()
        .filter_map(|id| context.project.suggestion(id))
        .filter(|rival| rival.status.is_pending())
        .collect();
    if rivals.is_empty() {
        return;
    }
    ui.label(
        RichText::new(format!(
            "Rivals: {} reviewers changed {} differently; accepting one rejects the other{}",
            rivals.len() + 1,
            quote(&suggestion.original),
            if rivals.len() == 1 { "" } else { "s" }
        ))
        .strong(),
    );
    let mut all = vec![suggestion];
    all.extend(rivals);
    ui.columns(all.len(), |columns| {
        for (column, candidate) in columns.iter_mut().zip(&all) {
            egui::Frame::group(column.style()).show(column, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(&candidate.author.name)
                        .strong()
                        .color(context.look.reviewer(&candidate.author.name)),
                );
                ui.label(RichText::new(candidate.id.to_string()).small().weak());
                ui.label(change_words(candidate));
                let acceptable = !candidate.orphaned && candidate.conflict.is_none();
                if ui
                    .add_enabled(acceptable, egui::Button::new("Accept this one"))
                    .accessible_name(format!("Accept this one: {}", candidate.id))
                    .clicked()
                {
                    queue.push(AppCommand::Model(Command::Accept {
                        id: candidate.id,
                        alternative: None,
                    }));
                }
            });
        }
    });
}

/// What a suggestion does, in a few words.
pub fn change_words(suggestion: &Suggestion) -> String {
    match &suggestion.kind {
        SuggestionKind::Insertion { text } => format!("Insert {}", quote(text)),
        SuggestionKind::Deletion => format!("Delete {}", quote(&suggestion.original)),
        SuggestionKind::Replacement { text } => format!("Make it {}", quote(text)),
        SuggestionKind::Alternatives { candidates } => format!(
            "{} wordings: {}",
            candidates.len(),
            candidates
                .iter()
                .map(|candidate| quote(candidate))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        SuggestionKind::Format(format) => format.description(),
    }
}
