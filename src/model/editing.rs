//! Changing the text: direct edits (Edit mode), suggested edits (Suggest
//! mode), and the effective date, whose "Effective Date:" line in the text
//! follows the recorded date and leads it when edited.

use super::ModelError;
use super::annotation::{NotePart, Suggestion, SuggestionId, SuggestionKind};
use super::case::{in_heading, is_sentence_start, spelled_like};
use super::changeset::{ChangeSet, Edit, FormatEdit, Insert};
use super::command::Replacement;
use super::command::{Actor, Outcome};
use super::content::Fragment;
use super::dates::{find_date_line, format_date};
use super::footnotes::footnote_survives;
use super::history::Step;
use super::offset::ByteOffset;
use super::project::Project;
use super::review::plural;
use super::span::Span;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::ops::Range;

impl Project {
    pub(super) fn edit(
        &mut self,
        step: &mut Step,
        range: Range<ByteOffset>,
        text: String,
    ) -> Result<Outcome, ModelError> {
        let is_typing = range.start == range.end && !text.is_empty() && !text.contains('\n');
        let typing_end = range.start.0 + text.len();
        let edits = [Edit {
            range,
            insert: Insert::Inherit(text),
        }];
        if !self.apply_edits(step, &edits)? {
            return Ok(Outcome::default());
        }
        step.label = if is_typing { "typing" } else { "edit" }.to_string();
        step.typing_end = is_typing.then_some(typing_end);
        Ok(Outcome {
            summary: "edited the text".to_string(),
            ..Outcome::default()
        })
    }

    pub(super) fn suggest(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        range: Range<ByteOffset>,
        text: String,
    ) -> Result<Outcome, ModelError> {
        let span = Span {
            start: range.start,
            end: range.end,
        };
        self.check_span(span)?;
        if span.is_empty() && text.is_empty() {
            return Err(ModelError::EmptySuggestion);
        }
        // A footnote's reference never takes typing on (see
        // super::footnotes); its paragraph does: that is the note's text.
        let own_pending = |suggestion: &&Suggestion| {
            suggestion.author == actor.user
                && suggestion.status.is_pending()
                && !suggestion.orphaned
                && suggestion.conflict.is_none()
                && suggestion
                    .note
                    .is_none_or(|note| note.part == NotePart::Paragraph)
        };
        // Typing on where one's own insertion sits, or right after the text
        // one's own replacement replaces (where its new text shows), goes on
        // with that suggestion: selecting a word and typing over it is one
        // replacement whatever the speed.
        let joined = if span.is_empty() {
            self.suggestions
                .iter()
                .filter(own_pending)
                .find(|suggestion| match suggestion.kind {
                    SuggestionKind::Insertion { .. } => suggestion.span == span,
                    SuggestionKind::Replacement { .. } => suggestion.span.end == span.start,
                    _ => false,
                })
        } else if text.is_empty() {
            self.suggestions
                .iter()
                .filter(own_pending)
                .find(|suggestion| {
                    suggestion.kind == SuggestionKind::Deletion
                        && (suggestion.span.end == span.start || suggestion.span.start == span.end)
                })
        } else {
            None
        };
        let Some(joined) = joined.map(|suggestion| suggestion.id) else {
            let kind = match (span.is_empty(), text.is_empty()) {
                (true, _) => SuggestionKind::Insertion { text },
                (false, true) => SuggestionKind::Deletion,
                (false, false) => SuggestionKind::Replacement { text },
            };
            return self.add_suggestion(step, actor, span, kind, None);
        };
        self.record_suggestion(step, joined);
        step.label = "suggest a change".to_string();
        let index = self.suggestion_index(joined)?;
        let original_text = &self.document.content.text;
        let suggestion = &mut self.suggestions[index];
        match &mut suggestion.kind {
            SuggestionKind::Insertion { text: inserted }
            | SuggestionKind::Replacement { text: inserted } => {
                let mut extended = std::mem::take(inserted);
                extended.push_str(&text);
                suggestion.formatting = suggestion
                    .formatting
                    .take()
                    .and_then(|fragment| refit_fragment(fragment, &extended));
                *inserted = extended;
            }
            _ => {
                suggestion.span = Span {
                    start: suggestion.span.start.min(span.start),
                    end: suggestion.span.end.max(span.end),
                };
                suggestion.original = original_text[suggestion.span.range()].to_string();
            }
        }
        Ok(Outcome {
            summary: format!("extended suggestion {joined}"),
            created_suggestion: Some(joined),
            ..Outcome::default()
        })
    }

    pub(super) fn revise_suggestion(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        id: SuggestionId,
        text: String,
    ) -> Result<Outcome, ModelError> {
        let index = self.suggestion_index(id)?;
        let suggestion = &self.suggestions[index];
        if suggestion.author != actor.user {
            return Err(ModelError::NotYours {
                what: format!("suggestion {id}"),
                author: suggestion.author.name.clone(),
            });
        }
        if !suggestion.status.is_pending() {
            return Err(ModelError::NotPending {
                id,
                status: suggestion.status.name(),
            });
        }
        let (current, is_insertion) = match &suggestion.kind {
            SuggestionKind::Insertion { text } => (text, true),
            SuggestionKind::Replacement { text } => (text, false),
            _ => return Err(ModelError::NotRevisable(id)),
        };
        if *current == text {
            return Ok(Outcome::default());
        }
        if let Some(note) = suggestion.note
            && !footnote_survives(note.part, &text)
        {
            return self.withdraw_footnote(step, id, note);
        }
        self.record_suggestion(step, id);
        step.label = "suggest a change".to_string();
        if is_insertion && text.is_empty() {
            self.suggestions.remove(index);
            step.log_events
                .push(format!("withdrew suggestion {id} (all its text removed)"));
            return Ok(super::command::summary(format!("withdrew suggestion {id}")));
        }
        let suggestion = &mut self.suggestions[index];
        suggestion.formatting = suggestion
            .formatting
            .take()
            .and_then(|fragment| refit_fragment(fragment, &text));
        suggestion.kind = match (is_insertion, text.is_empty()) {
            (true, _) => SuggestionKind::Insertion { text },
            (false, true) => SuggestionKind::Deletion,
            (false, false) => SuggestionKind::Replacement { text },
        };
        Ok(Outcome {
            summary: format!("changed suggestion {id}"),
            created_suggestion: Some(id),
            ..Outcome::default()
        })
    }

    pub(super) fn replace_all(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        ranges: Vec<Range<ByteOffset>>,
        replace: Replacement,
    ) -> Result<Outcome, ModelError> {
        let replacements = self.replacements(ranges, &replace)?;
        if replace.suggest {
            return self.suggest_replacements(step, actor, replacements);
        }
        let count = replacements.len();
        let edits: Vec<Edit> = replacements
            .into_iter()
            .map(|(range, insert)| Edit {
                range,
                insert: Insert::Inherit(insert),
            })
            .collect();
        if !self.apply_edits(step, &edits)? {
            return Ok(Outcome::default());
        }
        let what = format!("{count} occurrence{}", plural(count));
        step.label = format!("replace {what}");
        step.log_events
            .push(format!("replaced {what} by {:?}", replace.text));
        Ok(Outcome {
            summary: format!("replaced {what}"),
            ..Outcome::default()
        })
    }

    pub(super) fn compose(
        &mut self,
        step: &mut Step,
        edits: &[Edit],
        formats: &[FormatEdit],
        label: String,
    ) -> Result<Outcome, ModelError> {
        if !self.apply_changes(step, edits, formats)? {
            return Ok(Outcome::default());
        }
        step.log_events.push(label.clone());
        step.label = label;
        Ok(Outcome {
            summary: step.label.clone(),
            ..Outcome::default()
        })
    }

    pub(super) fn suggest_fragment(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        range: Range<ByteOffset>,
        fragment: Fragment,
    ) -> Result<Outcome, ModelError> {
        if !fragment.is_consistent() {
            return Err(ModelError::InvalidFragment);
        }
        let span = Span {
            start: range.start,
            end: range.end,
        };
        let text = fragment.text.clone();
        let kind = match (span.is_empty(), text.is_empty()) {
            (true, _) => SuggestionKind::Insertion { text },
            (false, true) => SuggestionKind::Deletion,
            (false, false) => SuggestionKind::Replacement { text },
        };
        let outcome = self.add_suggestion(step, actor, span, kind, None)?;
        if let Some(id) = outcome.created_suggestion {
            let index = self.suggestion_index(id)?;
            self.suggestions[index].formatting = Some(fragment);
        }
        Ok(outcome)
    }

    /// Makes `edits` to the text (the recorded effective date follows the
    /// policy's date line); false when they change nothing.
    fn apply_edits(&mut self, step: &mut Step, edits: &[Edit]) -> Result<bool, ModelError> {
        self.apply_changes(step, edits, &[])
    }

    /// Makes `edits` and `formats` in one change set; false when they
    /// change nothing.
    fn apply_changes(
        &mut self,
        step: &mut Step,
        edits: &[Edit],
        formats: &[FormatEdit],
    ) -> Result<bool, ModelError> {
        let change = ChangeSet::build(self.content(), edits, formats)?;
        if change.is_identity() {
            return Ok(false);
        }
        let date_in_text = self.date_in_text();
        self.change_text(step, change);
        self.follow_date_line(step, date_in_text);
        Ok(true)
    }

    /// Each range with the text to put there: the replacement, spelled like
    /// the text it replaces when asked. Refuses ranges out of order,
    /// overlapping, or not fitting the text.
    fn replacements(
        &self,
        ranges: Vec<Range<ByteOffset>>,
        replace: &Replacement,
    ) -> Result<Vec<(Range<ByteOffset>, String)>, ModelError> {
        let text = self.text();
        let mut previous_end = ByteOffset(0);
        ranges
            .into_iter()
            .map(|range| {
                let span = Span {
                    start: range.start,
                    end: range.end,
                };
                span.check(text)?;
                if range.start < previous_end {
                    return Err(ModelError::OverlappingEdits { byte: range.start });
                }
                previous_end = range.end;
                let at = range.start.0;
                let spelled = if replace.adapt_case {
                    let at_start = in_heading(self.content(), at) || is_sentence_start(text, at);
                    spelled_like(&text[span.range()], &replace.text, false, at_start)
                } else {
                    replace.text.clone()
                };
                Ok((range, spelled))
            })
            .collect()
    }

    fn suggest_replacements(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        replacements: Vec<(Range<ByteOffset>, String)>,
    ) -> Result<Outcome, ModelError> {
        // What the actor's pending replacements and deletions already say,
        // by span.
        let already_suggested: HashSet<(Span, &str)> = self
            .suggestions
            .iter()
            .filter(|suggestion| suggestion.author == actor.user && suggestion.status.is_pending())
            .filter_map(|suggestion| match &suggestion.kind {
                SuggestionKind::Replacement { text } => Some((suggestion.span, text.as_str())),
                SuggestionKind::Deletion => Some((suggestion.span, "")),
                _ => None,
            })
            .collect();
        let new: Vec<(Span, String)> = replacements
            .into_iter()
            .map(|(range, text)| {
                let span = Span {
                    start: range.start,
                    end: range.end,
                };
                (span, text)
            })
            .filter(|(span, text)| !already_suggested.contains(&(*span, text.as_str())))
            .collect();
        let mut suggested = 0;
        for (span, text) in new {
            let kind = if text.is_empty() {
                SuggestionKind::Deletion
            } else {
                SuggestionKind::Replacement { text }
            };
            match self.add_suggestion(step, actor, span, kind, None) {
                Ok(_) => suggested += 1,
                Err(ModelError::EmptySuggestion) => {}
                Err(error) => return Err(error),
            }
        }
        let what = format!("{suggested} replacement{}", plural(suggested));
        step.label = format!("suggest {what}");
        Ok(Outcome {
            summary: format!("suggested {what}"),
            ..Outcome::default()
        })
    }

    pub(super) fn add_suggestion(
        &mut self,
        step: &mut Step,
        actor: &Actor,
        span: Span,
        kind: SuggestionKind,
        rationale: Option<String>,
    ) -> Result<Outcome, ModelError> {
        self.check_span(span)?;
        let changes_nothing = match &kind {
            SuggestionKind::Insertion { text } => text.is_empty(),
            SuggestionKind::Deletion => span.is_empty(),
            SuggestionKind::Replacement { text } => *text == self.text()[span.range()],
            SuggestionKind::Alternatives { candidates } => candidates.len() < 2,
            SuggestionKind::Format(format) => format.previous.is_empty(),
        };
        if changes_nothing {
            return Err(ModelError::EmptySuggestion);
        }
        let id = SuggestionId(self.fresh_id("suggestions")?);
        self.record_suggestion(step, id);
        step.label = format!("suggest a {}", kind.name());
        step.log_events
            .push(format!("suggested {id} ({})", kind.name()));
        let suggestion = Suggestion {
            rationale,
            ..Suggestion::pending(
                id,
                span,
                self.text()[span.range()].to_string(),
                kind,
                actor.user.clone(),
                actor.now,
            )
        };
        self.suggestions.push(suggestion);
        Ok(Outcome {
            summary: format!("suggestion {id} added"),
            created_suggestion: Some(id),
            ..Outcome::default()
        })
    }

    /// Sets the recorded effective date and rewrites the date of the
    /// policy's "Effective Date:" line to match, in the style it had.
    pub(super) fn set_effective_date(
        &mut self,
        step: &mut Step,
        date: Option<NaiveDate>,
    ) -> Result<Outcome, ModelError> {
        let outcome = self.set_metadata(step, "change the effective date", |meta| {
            meta.effective_date = date;
        })?;
        if let (Some(date), Some(line)) = (date, find_date_line(self.text()))
            && line.date != Some(date)
        {
            let written = format_date(date, line.style);
            let range = ByteOffset(line.date_range.start)..ByteOffset(line.date_range.end);
            let change = ChangeSet::from_edits(
                self.content(),
                &[Edit {
                    range,
                    insert: Insert::Inherit(written),
                }],
            )?;
            self.change_text(step, change);
        }
        Ok(outcome)
    }

    /// The date written on the "Effective Date:" line, if any.
    pub(super) fn date_in_text(&self) -> Option<NaiveDate> {
        find_date_line(self.text()).and_then(|line| line.date)
    }

    /// After a text change: when the change rewrote the date on the
    /// "Effective Date:" line, the recorded date follows it. A line that
    /// already disagreed and was not touched is left for the checks to report.
    pub(super) fn follow_date_line(&mut self, step: &mut Step, date_before: Option<NaiveDate>) {
        let date_after = self.date_in_text();
        if let Some(date) = date_after
            && date_after != date_before
            && self.document.effective_date != Some(date)
        {
            self.record_metadata(step);
            self.document.effective_date = Some(date);
            step.log_events
                .push(format!("effective date set to {date} from the policy text"));
        }
    }
}

/// The formatting of a suggestion's text after the text changed to `text`:
/// text added at the end takes the marks of the last run (and the last
/// block for its line breaks), text cut from the end takes its runs and
/// blocks with it. Any other change drops the formatting, so the text
/// takes the formatting of where it goes.
fn refit_fragment(mut fragment: Fragment, text: &str) -> Option<Fragment> {
    if let Some(added) = text.strip_prefix(fragment.text.as_str()) {
        let breaks = added.matches('\n').count();
        let block = fragment.blocks.last().cloned().unwrap_or_default();
        fragment.blocks.extend(std::iter::repeat_n(block, breaks));
        match fragment.marks.last_mut() {
            Some(run) => run.len += added.len(),
            None => fragment.marks.push(super::marks::MarkRun {
                len: added.len(),
                marks: super::marks::Marks::default(),
            }),
        }
        fragment.text = text.to_string();
    } else if fragment.text.starts_with(text) {
        let mut left = text.len();
        for run in &mut fragment.marks {
            run.len = run.len.min(left);
            left -= run.len;
        }
        fragment.marks.retain(|run| run.len > 0);
        fragment.blocks.truncate(text.matches('\n').count());
        fragment.text = text.to_string();
    } else {
        return None;
    }
    fragment.is_consistent().then_some(fragment)
}
