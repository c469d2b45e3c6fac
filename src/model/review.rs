//! Accepting and rejecting suggestions.
//!
//! Accepting builds one [`ChangeSet`] for every suggestion accepted together
//! (a move's two halves, or a bulk accept) and applies it like any other
//! edit. Rejecting only changes the status. Every other pending suggestion
//! whose span the accepted change overlaps is marked as in conflict with it:
//! still listed, still rejectable, never rewritten. A suggestion whose text
//! changed after it was made (see [`super::integrity`]) is not accepted
//! either: it would make a change other than the one it shows. Accepting a
//! suggestion rejects its pending rivals (another reviewer's change of the
//! same words, see [`super::rounds`]) in the same step.

use super::ModelError;
use super::annotation::{
    NotePart, SuggestedNote, Suggestion, SuggestionId, SuggestionKind, SuggestionStatus,
};
use super::blocks::NoteRef;
use super::changeset::{ChangeSet, Edit, FormatEdit, Insert};
use super::command::{Actor, Outcome};
use super::content::Fragment;
use super::footnotes;
use super::history::Step;
use super::integrity;
use super::offset::ByteOffset;
use super::project::Project;
use super::span::Span;
use std::collections::{HashMap, HashSet};

/// A suggestion being accepted: its span, the text it puts there, and the
/// alternative chosen.
#[derive(Debug, Clone)]
struct Target {
    span: Span,
    text: String,
    formatting: Option<Fragment>,
    note: Option<SuggestedNote>,
    id: SuggestionId,
    alternative: Option<usize>,
}

/// A suggestion chosen for acceptance, with its alternative.
#[derive(Debug, Clone, Copy)]
struct Choice {
    id: SuggestionId,
    alternative: Option<usize>,
}

impl Project {
    /// The pending suggestions a bulk accept or reject would touch, optionally
    /// only one reviewer's: for the confirmation ("this will accept 12
    /// changes by …").
    pub fn bulk_targets(&self, author: Option<&str>, accepting: bool) -> Vec<SuggestionId> {
        self.suggestions
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
            .filter(|suggestion| author.is_none_or(|name| suggestion.author.name == name))
            .filter(|suggestion| !accepting || acceptable_as_is(suggestion, self.text()))
            .map(|suggestion| suggestion.id)
            .collect()
    }

    pub(super) fn accept(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        id: SuggestionId,
        alternative: Option<usize>,
    ) -> Result<Outcome, ModelError> {
        let suggestion = self
            .suggestion(id)
            .ok_or(ModelError::UnknownSuggestion(id))?;
        check_acceptable(suggestion, alternative, self.text())?;
        let mut choices = vec![Choice { id, alternative }];
        if let Some(partner) = suggestion.partner().and_then(|id| self.suggestion(id))
            && partner.status.is_pending()
        {
            check_acceptable(partner, None, self.text())?;
            choices.push(Choice {
                id: partner.id,
                alternative: None,
            });
        }
        step.label = format!("accept suggestion {id}");
        self.accept_choices(step, actor, choices)
    }

    pub(super) fn accept_all(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        author: Option<&str>,
    ) -> Result<Outcome, ModelError> {
        let text = self.text();
        let mut candidates: Vec<&Suggestion> = self
            .suggestions
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
            .filter(|suggestion| author.is_none_or(|name| suggestion.author.name == name))
            .collect();
        let skipped: Vec<SuggestionId> = candidates
            .iter()
            .filter(|suggestion| !acceptable_as_is(suggestion, text))
            .map(|suggestion| suggestion.id)
            .collect();
        candidates.retain(|suggestion| acceptable_as_is(suggestion, text));
        candidates
            .sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end, suggestion.id));
        // In document order, the first of two overlapping suggestions wins;
        // the other is marked as conflicting by accept_choices.
        let mut chosen: Vec<Span> = Vec::new();
        let mut choices = Vec::new();
        for suggestion in candidates {
            if chosen
                .iter()
                .rev()
                .take_while(|span| span.end >= suggestion.span.start)
                .any(|span| span.overlaps(suggestion.span))
            {
                continue;
            }
            chosen.push(suggestion.span);
            choices.push(Choice {
                id: suggestion.id,
                alternative: None,
            });
        }
        // The halves of a move or a footnote go in together or not at all.
        let chosen_ids: HashSet<SuggestionId> = choices.iter().map(|choice| choice.id).collect();
        choices.retain(|choice| {
            self.suggestion(choice.id)
                .and_then(Suggestion::partner)
                .and_then(|partner| self.suggestion(partner))
                .is_none_or(|partner| {
                    !partner.status.is_pending() || chosen_ids.contains(&partner.id)
                })
        });
        step.label = match author {
            Some(name) => format!("accept all changes by {name}"),
            None => "accept all changes".to_string(),
        };
        let mut outcome = self.accept_choices(step, actor, choices)?;
        outcome.skipped = skipped;
        Ok(outcome)
    }

    /// Accepts the chosen suggestions (pending, acceptable, not overlapping
    /// each other) in one change.
    fn accept_choices(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        choices: Vec<Choice>,
    ) -> Result<Outcome, ModelError> {
        let mut targets = Vec::with_capacity(choices.len());
        for choice in choices {
            let suggestion = &self.suggestions[self.suggestion_index(choice.id)?];
            let text = suggestion
                .kind
                .replacement_text(choice.alternative)
                .unwrap_or_default()
                .to_string();
            let formatting = suggestion
                .formatting
                .clone()
                .filter(|fragment| fragment.text == text && fragment.is_consistent());
            targets.push(Target {
                span: suggestion.span,
                text,
                formatting,
                note: suggestion.note,
                id: choice.id,
                alternative: choice.alternative,
            });
        }
        targets.sort_by_key(|target| (target.span.start, target.span.end, target.id));
        let target_ids: HashSet<SuggestionId> = targets.iter().map(|target| target.id).collect();
        let rivals = self.pending_rivals(&target_ids);
        let rejected = if rivals.is_empty() {
            Vec::new()
        } else {
            self.reject_ids(step, actor, rivals)?.rejected
        };
        // A formatting suggestion is already in the content: accepting it
        // changes its status only.
        let (formats, targets): (Vec<Target>, Vec<Target>) =
            targets.into_iter().partition(|target| {
                self.suggestion(target.id)
                    .is_some_and(|s| s.kind.is_format())
            });
        let conflicted = self.mark_conflicts(step, &targets, &target_ids);
        let (edits, formats_of_notes) = self.accepted_edits(&targets);
        let change = ChangeSet::build(self.content(), &edits, &formats_of_notes)?;
        for target in targets.iter().chain(&formats) {
            self.record_suggestion(step, target.id);
        }
        // Comments made on text a target inserts move onto that text.
        let comments_on_insertions: Vec<(usize, SuggestionId)> = self
            .comments
            .iter()
            .enumerate()
            .filter_map(|(index, comment)| {
                let id = comment.attached_to.filter(|id| target_ids.contains(id))?;
                Some((index, id))
            })
            .collect();
        for &(index, _) in &comments_on_insertions {
            self.record_comment(step, self.comments[index].id);
        }
        // Targets are sorted and do not overlap, so each one's new text
        // starts where it did, shifted by what the earlier ones added.
        let mut shift: isize = 0;
        let mut new_spans: HashMap<SuggestionId, Span> = HashMap::with_capacity(targets.len());
        for target in &targets {
            let start = target.span.start.0.saturating_add_signed(shift);
            shift += target.text.len() as isize - target.span.len() as isize;
            new_spans.insert(target.id, Span::new(start, start + target.text.len()));
        }
        let date_in_text = self.date_in_text();
        if !change.is_identity() {
            self.change_text(step, change);
        }
        self.follow_date_line(step, date_in_text);
        for target in targets.iter().chain(&formats) {
            let index = self.suggestion_index(target.id)?;
            let suggestion = &mut self.suggestions[index];
            if let Some(span) = new_spans.get(&target.id) {
                suggestion.span = *span;
                suggestion.orphaned = false;
            }
            suggestion.status = SuggestionStatus::Accepted {
                by: actor.user.name.clone(),
                at: actor.now,
                alternative: target.alternative,
            };
            step.log_events
                .push(describe("accepted", suggestion, target.alternative));
        }
        for (index, id) in comments_on_insertions {
            let new_span = new_spans[&id];
            if !new_span.is_empty() {
                let comment = &mut self.comments[index];
                comment.span = new_span;
                comment.orphaned = false;
            }
        }
        let accepted: Vec<SuggestionId> = targets
            .iter()
            .chain(&formats)
            .map(|target| target.id)
            .collect();
        Ok(Outcome {
            summary: format!(
                "accepted {} change{}{}{}",
                accepted.len(),
                plural(accepted.len()),
                rival_note(rejected.len()),
                conflict_note(conflicted.len())
            ),
            accepted,
            rejected,
            conflicted,
            ..Outcome::default()
        })
    }

    /// The edits accepting `targets` (sorted, not overlapping) makes, and
    /// the formats giving accepted footnotes' paragraphs their blocks (see
    /// [`super::footnotes`]).
    fn accepted_edits(&self, targets: &[Target]) -> (Vec<Edit>, Vec<FormatEdit>) {
        let content = self.content();
        let mut edits = Vec::with_capacity(targets.len());
        let mut formats: Vec<FormatEdit> = Vec::new();
        // The last footnote paragraph put in, and where: a second one at the
        // same place ends the first one's paragraph.
        let mut last_note: Option<(ByteOffset, NoteRef)> = None;
        for target in targets {
            let range = target.span.start..target.span.end;
            if let Some(note) = target.note.filter(|note| note.part == NotePart::Paragraph) {
                let open_block = match last_note {
                    Some((at, previous)) if at == target.span.start => {
                        footnotes::note_block(previous)
                    }
                    _ => content.block_at(target.span.start.0).clone(),
                };
                let (edit, format) =
                    footnotes::paragraph_changes(target.span, &target.text, note.note, &open_block);
                edits.push(edit);
                if formats
                    .last()
                    .is_some_and(|last| last.range == format.range)
                {
                    formats.pop();
                }
                formats.push(format);
                last_note = Some((target.span.start, note.note));
                continue;
            }
            edits.push(match &target.formatting {
                Some(fragment) => Edit::fragment(range, fragment.clone()),
                None => Edit {
                    range,
                    insert: Insert::Inherit(target.text.clone()),
                },
            });
        }
        (edits, formats)
    }

    /// Marks every other pending suggestion that overlaps one of `targets`.
    fn mark_conflicts(
        &mut self,
        step: &mut Step,
        targets: &[Target],
        target_ids: &HashSet<SuggestionId>,
    ) -> Vec<SuggestionId> {
        let mut conflicted = Vec::new();
        for index in 0..self.suggestions.len() {
            let other = &self.suggestions[index];
            if !other.status.is_pending() || target_ids.contains(&other.id) {
                continue;
            }
            let Some(winner) = targets
                .iter()
                .find(|target| target.span.overlaps(other.span))
                .map(|target| target.id)
            else {
                continue;
            };
            let id = other.id;
            self.record_suggestion(step, id);
            self.suggestions[index].conflict = Some(winner);
            conflicted.push(id);
        }
        conflicted
    }

    pub(super) fn reject(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        id: SuggestionId,
    ) -> Result<Outcome, ModelError> {
        let suggestion = self
            .suggestion(id)
            .ok_or(ModelError::UnknownSuggestion(id))?;
        if !suggestion.status.is_pending() {
            return Err(ModelError::NotPending {
                id,
                status: suggestion.status.name(),
            });
        }
        let mut ids = vec![id];
        if let Some(partner) = suggestion.partner().and_then(|id| self.suggestion(id))
            && partner.status.is_pending()
        {
            ids.push(partner.id);
        }
        step.label = format!("reject suggestion {id}");
        self.reject_ids(step, actor, ids)
    }

    pub(super) fn reject_all(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        author: Option<&str>,
    ) -> Result<Outcome, ModelError> {
        step.label = match author {
            Some(name) => format!("reject all changes by {name}"),
            None => "reject all changes".to_string(),
        };
        let ids = self.bulk_targets(author, false);
        self.reject_ids(step, actor, ids)
    }

    fn reject_ids(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        ids: Vec<SuggestionId>,
    ) -> Result<Outcome, ModelError> {
        // Formatting goes back newest first, so that two suggestions on the
        // same words restore the oldest state.
        let mut newest_first = ids.clone();
        newest_first.sort_unstable_by(|a, b| b.cmp(a));
        for &id in &newest_first {
            self.restore_format(step, id)?;
        }
        for &id in &ids {
            self.record_suggestion(step, id);
            let index = self.suggestion_index(id)?;
            let suggestion = &mut self.suggestions[index];
            suggestion.status = SuggestionStatus::Rejected {
                by: actor.user.name.clone(),
                at: actor.now,
            };
            step.log_events.push(describe("rejected", suggestion, None));
        }
        Ok(Outcome {
            summary: format!("rejected {} change{}", ids.len(), plural(ids.len())),
            rejected: ids,
            ..Outcome::default()
        })
    }
}

/// True when the suggestion can be accepted with no further choice.
fn acceptable_as_is(suggestion: &Suggestion, text: &str) -> bool {
    check_acceptable(suggestion, None, text).is_ok()
}

/// Why `suggestion` cannot be accepted (with `alternative`) on `text`.
fn check_acceptable(
    suggestion: &Suggestion,
    alternative: Option<usize>,
    text: &str,
) -> Result<(), ModelError> {
    let id = suggestion.id;
    if !suggestion.status.is_pending() {
        return Err(ModelError::NotPending {
            id,
            status: suggestion.status.name(),
        });
    }
    if suggestion.orphaned {
        return Err(ModelError::Orphaned(id));
    }
    if let Some(with) = suggestion.conflict {
        return Err(ModelError::Conflicting { id, with });
    }
    if let Some(error) = integrity::text_changed_under(suggestion, text) {
        return Err(error);
    }
    match (&suggestion.kind, alternative) {
        (SuggestionKind::Alternatives { candidates }, None) => {
            Err(ModelError::AlternativeRequired {
                id,
                count: candidates.len(),
            })
        }
        (SuggestionKind::Alternatives { candidates }, Some(index)) if index >= candidates.len() => {
            Err(ModelError::NoSuchAlternative {
                id,
                number: index + 1,
                count: candidates.len(),
            })
        }
        (SuggestionKind::Alternatives { .. }, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(ModelError::NotAlternatives(id)),
    }
}

/// "accepted S4 (replacement by Priya Ananthanarayan): "old" → "new"".
fn describe(verb: &str, suggestion: &Suggestion, alternative: Option<usize>) -> String {
    let new_text = suggestion
        .kind
        .replacement_text(alternative)
        .unwrap_or_default();
    format!(
        "{verb} {} ({} by {}): \"{}\" → \"{}\"",
        suggestion.id,
        suggestion.kind.name(),
        suggestion.author.name,
        suggestion.original,
        new_text
    )
}

/// The plural ending of a noun counted `count` times: "" or "s".
pub(super) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn rival_note(rivals: usize) -> String {
    match rivals {
        0 => String::new(),
        count => format!("; rejected {count} rival{}", plural(count)),
    }
}

fn conflict_note(conflicts: usize) -> String {
    match conflicts {
        0 => String::new(),
        count => format!("; {count} other{} now in conflict", plural(count)),
    }
}
