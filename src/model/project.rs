//! A [`Project`]: the document, its comments and suggestions, the review log,
//! and the undo history, kept consistent with each other.
//!
//! Invariants:
//! - every span lies inside the text, on char boundaries, `start <= end`;
//! - comments and suggestions are sorted by id, ids are unique, and new ids
//!   are larger than any id ever used in the project;
//! - the text changes only in `Project::change_text`, which maps every
//!   anchor through the same change set.

use super::ModelError;
use super::annotation::{Comment, CommentId, LogEntry, Suggestion, SuggestionId, SuggestionKind};
use super::changeset::ChangeSet;
use super::command::Actor;
use super::content::Content;
use super::document::{Document, Metadata};
use super::findings::{Dismissal, DismissalId};
use super::history::{History, Step, TextChange};
use super::integrity::{self, Item};
use super::rounds::RoundBook;
use super::settings::Settings;
use super::signoff::SignOffRecord;
use super::span::Span;
use super::versions::{Version, VersionId};
use std::collections::BTreeMap;

/// The parts a project is made of, as stored in a file or built by an
/// importer. [`Project::from_parts`] checks them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectParts {
    /// The document.
    pub document: Document,
    /// The comment threads.
    pub comments: Vec<Comment>,
    /// The suggestions.
    pub suggestions: Vec<Suggestion>,
    /// The review log.
    pub log: Vec<LogEntry>,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
    /// Project-wide settings.
    pub settings: Settings,
    /// Findings of the checks that were dismissed, with the reasons.
    pub dismissals: Vec<Dismissal>,
    /// The sign-off records, a hash chain, oldest first.
    pub signoffs: Vec<SignOffRecord>,
    /// Review rounds, internal threads, and what came in from copies.
    pub rounds: RoundBook,
}

/// A policy under review.
#[derive(Debug, Clone)]
pub struct Project {
    pub(super) document: Document,
    pub(super) comments: Vec<Comment>,
    pub(super) suggestions: Vec<Suggestion>,
    pub(super) log: Vec<LogEntry>,
    pub(super) versions: Vec<Version>,
    pub(super) settings: Settings,
    pub(super) dismissals: Vec<Dismissal>,
    pub(super) signoffs: Vec<SignOffRecord>,
    pub(super) rounds: RoundBook,
    next_id: u64,
    pub(super) history: History,
    revision: u64,
    state: u64,
    next_state: u64,
}

impl Project {
    /// A project from its parts, after checking every span and id.
    pub fn from_parts(parts: ProjectParts) -> Result<Project, ModelError> {
        let ProjectParts {
            document,
            mut comments,
            mut suggestions,
            log,
            mut versions,
            settings,
            mut dismissals,
            signoffs,
            rounds,
        } = parts;
        for dismissal in &dismissals {
            let item = Item::Dismissal(dismissal.id);
            dismissal
                .span
                .check(document.text())
                .map_err(|error| error.in_item(item))?;
        }
        dismissals.sort_by_key(|dismissal| dismissal.id);
        versions.sort_by_key(|version| version.id);
        if let Some(pair) = versions.windows(2).find(|pair| pair[0].id == pair[1].id) {
            return Err(ModelError::DuplicateId(pair[1].id.to_string()));
        }
        for (item, span) in comments
            .iter()
            .map(|comment| (Item::Comment(comment.id), comment.span))
            .chain(suggestions.iter().flat_map(|suggestion| {
                suggestion
                    .anchors()
                    .map(move |span| (Item::Suggestion(suggestion.id), span))
            }))
        {
            span.check(document.text())
                .map_err(|error| error.in_item(item))?;
        }
        comments.sort_by_key(|comment| comment.id);
        suggestions.sort_by_key(|suggestion| suggestion.id);
        let mut ids: Vec<(u64, Item)> = comments
            .iter()
            .map(|comment| (comment.id.0, Item::Comment(comment.id)))
            .chain(
                comments
                    .iter()
                    .flat_map(|comment| &comment.replies)
                    .map(|reply| (reply.id.0, Item::Reply(reply.id))),
            )
            .chain(
                suggestions
                    .iter()
                    .map(|suggestion| (suggestion.id.0, Item::Suggestion(suggestion.id))),
            )
            .chain(
                dismissals
                    .iter()
                    .map(|dismissal| (dismissal.id.0, Item::Dismissal(dismissal.id))),
            )
            .collect();
        ids.sort_by_key(|(id, _)| *id);
        if let Some(pair) = ids.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(ModelError::DuplicateId(pair[1].1.id_text()));
        }
        let next_id = match ids.last() {
            Some(&(largest, item)) => integrity::id_after(largest, item)?,
            None => 1,
        };
        integrity::check_signoffs(&signoffs, &versions)?;
        let mut project = Project::assemble(document, comments, suggestions, log, next_id);
        project.versions = versions;
        project.settings = settings;
        project.dismissals = dismissals;
        project.signoffs = signoffs;
        project.rounds = rounds.normalised();
        Ok(project)
    }

    /// A project with just this document.
    pub fn new(document: Document) -> Project {
        Project::assemble(document, Vec::new(), Vec::new(), Vec::new(), 1)
    }

    fn assemble(
        document: Document,
        comments: Vec<Comment>,
        suggestions: Vec<Suggestion>,
        log: Vec<LogEntry>,
        next_id: u64,
    ) -> Project {
        Project {
            document,
            comments,
            suggestions,
            log,
            versions: Vec::new(),
            settings: Settings::default(),
            dismissals: Vec::new(),
            signoffs: Vec::new(),
            rounds: RoundBook::default(),
            next_id,
            history: History::default(),
            revision: 0,
            state: 0,
            next_state: 1,
        }
    }

    /// A copy of the parts, for saving or exporting.
    pub fn to_parts(&self) -> ProjectParts {
        ProjectParts {
            document: self.document.clone(),
            comments: self.comments.clone(),
            suggestions: self.suggestions.clone(),
            log: self.log.clone(),
            versions: self.versions.clone(),
            settings: self.settings.clone(),
            dismissals: self.dismissals.clone(),
            signoffs: self.signoffs.clone(),
            rounds: self.rounds.clone(),
        }
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The policy text (the words only, one paragraph per line).
    pub fn text(&self) -> &str {
        &self.document.content.text
    }

    /// The policy's content: text, blocks and marks.
    pub fn content(&self) -> &Content {
        &self.document.content
    }

    /// The comment threads, by id.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The suggestions, by id.
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.suggestions
    }

    /// The review log, oldest first.
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// The comment with this id.
    pub fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.comment_index(id)
            .ok()
            .map(|index| &self.comments[index])
    }

    /// The suggestion with this id.
    pub fn suggestion(&self, id: SuggestionId) -> Option<&Suggestion> {
        self.suggestion_index(id)
            .ok()
            .map(|index| &self.suggestions[index])
    }

    /// Grows with every change, undo and redo: a key for caches.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Identifies the current state: undoing back to a state gives its id
    /// again, so comparing with the id at the last save tells whether the
    /// project has unsaved changes.
    pub fn state_id(&self) -> u64 {
        self.state
    }

    /// What the newest undo entry keeps (runs, inserted bytes, snapshots):
    /// a measure that grows with the edit, not with the document.
    pub fn undo_entry_size(&self) -> usize {
        self.history.newest_entry_size()
    }

    /// What Undo would undo, in words.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would redo, in words.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Undoes the last command (a run of typing counts as one).
    pub fn undo(&mut self, actor: &Actor) -> Result<String, ModelError> {
        let entry = self.history.take_undo().ok_or(ModelError::NothingToUndo)?;
        for step in entry.iter().rev() {
            self.revert(step);
        }
        let label = entry
            .first()
            .map(|step| step.label.clone())
            .unwrap_or_default();
        self.log_event(actor, format!("undo: {label}"));
        self.history.push_redo(entry);
        Ok(label)
    }

    /// Redoes the last undone command.
    pub fn redo(&mut self, actor: &Actor) -> Result<String, ModelError> {
        let entry = self.history.take_redo().ok_or(ModelError::NothingToRedo)?;
        for step in &entry {
            self.replay(step);
        }
        let label = entry
            .first()
            .map(|step| step.label.clone())
            .unwrap_or_default();
        self.log_event(actor, format!("redo: {label}"));
        self.history.push_undo(entry);
        Ok(label)
    }

    /// A new id for a comment, reply, suggestion or dismissal (`what`, for
    /// the error): larger than any used before. The largest number is never
    /// handed out, so a saved project always loads again.
    pub(super) fn fresh_id(&mut self, what: &'static str) -> Result<u64, ModelError> {
        let id = self.next_id;
        self.next_id = id.checked_add(1).ok_or(ModelError::IdsExhausted(what))?;
        Ok(id)
    }

    pub(super) fn comment_index(&self, id: CommentId) -> Result<usize, ModelError> {
        self.comments
            .binary_search_by_key(&id, |comment| comment.id)
            .map_err(|_| ModelError::UnknownComment(id))
    }

    pub(super) fn suggestion_index(&self, id: SuggestionId) -> Result<usize, ModelError> {
        self.suggestions
            .binary_search_by_key(&id, |suggestion| suggestion.id)
            .map_err(|_| ModelError::UnknownSuggestion(id))
    }

    pub(super) fn check_span(&self, span: Span) -> Result<(), ModelError> {
        span.check(self.text())
    }

    pub(super) fn log_event(&mut self, actor: &Actor, event: String) {
        self.log.push(LogEntry {
            at: actor.now,
            by: actor.user.name.clone(),
            event,
        });
    }

    /// Notes a comment's state before the step changes it (first call wins).
    pub(super) fn record_comment(&self, step: &mut Step, id: CommentId) {
        step.comments_before
            .entry(id)
            .or_insert_with(|| self.comment(id).cloned());
    }

    /// Notes a suggestion's state before the step changes it (first call wins).
    pub(super) fn record_suggestion(&self, step: &mut Step, id: SuggestionId) {
        step.suggestions_before
            .entry(id)
            .or_insert_with(|| self.suggestion(id).cloned());
    }

    /// Notes a version's state before the step changes it (first call wins).
    pub(super) fn record_version(&self, step: &mut Step, id: VersionId) {
        step.versions_before
            .entry(id)
            .or_insert_with(|| self.version(id).cloned());
    }

    /// Notes a dismissal's state before the step changes it (first call wins).
    pub(super) fn record_dismissal(&self, step: &mut Step, id: DismissalId) {
        step.dismissals_before.entry(id).or_insert_with(|| {
            self.dismissals
                .iter()
                .find(|dismissal| dismissal.id == id)
                .cloned()
        });
    }

    /// Notes the sign-off records before the step changes them.
    pub(super) fn record_signoffs(&self, step: &mut Step) {
        if step.signoffs_before.is_none() {
            step.signoffs_before = Some(self.signoffs.clone());
        }
    }

    /// Notes the settings before the step changes them.
    pub(super) fn record_settings(&self, step: &mut Step) {
        if step.settings_before.is_none() {
            step.settings_before = Some(self.settings.clone());
        }
    }

    /// Notes the metadata before the step changes it.
    pub(super) fn record_metadata(&self, step: &mut Step) {
        if step.metadata_before.is_none() {
            step.metadata_before = Some(self.document.metadata());
        }
    }

    /// Applies `change` to the text and maps every anchor through it, noting
    /// in `step` what undo needs. A comment or suggestion whose text is all
    /// deleted becomes orphaned.
    pub(super) fn change_text(&mut self, step: &mut Step, change: ChangeSet) {
        let touched = change.touched_ranges();
        for index in 0..self.comments.len() {
            if self.comments[index].span.is_touched_by(&touched) {
                self.record_comment(step, self.comments[index].id);
            }
        }
        for index in 0..self.suggestions.len() {
            if self.suggestions[index]
                .anchors()
                .any(|span| span.is_touched_by(&touched))
            {
                self.record_suggestion(step, self.suggestions[index].id);
            }
        }
        for index in 0..self.dismissals.len() {
            if self.dismissals[index].span.is_touched_by(&touched) {
                self.record_dismissal(step, self.dismissals[index].id);
            }
        }
        let inverse = change.invert(&self.document.content);
        self.map_everything(&change, true);
        step.text_changes.push(TextChange {
            forward: change,
            inverse,
        });
    }

    /// Applies a change to the text and maps every anchor, flagging orphans
    /// when `flag_orphans`.
    pub(super) fn map_everything(&mut self, change: &ChangeSet, flag_orphans: bool) {
        change.apply(&mut self.document.content);
        for comment in &mut self.comments {
            let mapped = comment.span.map(change);
            comment.span = mapped.span;
            comment.orphaned |= flag_orphans && mapped.lost_all_text;
        }
        for suggestion in &mut self.suggestions {
            let mapped = suggestion.span.map(change);
            suggestion.span = mapped.span;
            suggestion.orphaned |= flag_orphans && mapped.lost_all_text;
            if let SuggestionKind::Format(format) = &mut suggestion.kind {
                for span in format.spans_mut() {
                    *span = span.map(change).span;
                }
            }
        }
        for dismissal in &mut self.dismissals {
            dismissal.span = dismissal.span.map(change).span;
        }
    }

    /// Finishes a step: notes the after-state of everything it recorded.
    pub(super) fn finish_step(&mut self, step: &mut Step) {
        step.comments_after = step
            .comments_before
            .keys()
            .map(|&id| (id, self.comment(id).cloned()))
            .collect();
        step.suggestions_after = step
            .suggestions_before
            .keys()
            .map(|&id| (id, self.suggestion(id).cloned()))
            .collect();
        step.versions_after = step
            .versions_before
            .keys()
            .map(|&id| (id, self.version(id).cloned()))
            .collect();
        step.dismissals_after = step
            .dismissals_before
            .keys()
            .map(|&id| {
                let current = self.dismissals.iter().find(|dismissal| dismissal.id == id);
                (id, current.cloned())
            })
            .collect();
        step.signoffs_after = step.signoffs_before.as_ref().map(|_| self.signoffs.clone());
        step.settings_after = step.settings_before.as_ref().map(|_| self.settings.clone());
        step.metadata_after = step
            .metadata_before
            .as_ref()
            .map(|_| self.document.metadata());
        step.rounds_after = step.rounds_before.as_ref().map(|_| self.rounds.clone());
        step.state_before = self.state;
        step.state_after = self.next_state;
        self.next_state += 1;
        self.state = step.state_after;
        self.revision += 1;
    }

    /// The counters a failed command must leave as they were.
    pub(super) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            state: self.state,
            revision: self.revision,
            next_id: self.next_id,
        }
    }

    /// Takes back a command that failed half-way: what it changed, and the
    /// counters too, so that a failed command leaves no trace (not even a
    /// state id that would make unsaved changes look saved).
    pub(super) fn abandon(&mut self, step: &Step, checkpoint: Checkpoint) {
        self.revert(step);
        self.state = checkpoint.state;
        self.revision = checkpoint.revision;
        self.next_id = checkpoint.next_id;
    }

    /// Undoes a step: the inverse change, then the before-snapshots.
    pub(super) fn revert(&mut self, step: &Step) {
        for text_change in step.text_changes.iter().rev() {
            self.map_everything(&text_change.inverse, false);
        }
        self.restore(Snapshots {
            comments: &step.comments_before,
            suggestions: &step.suggestions_before,
            versions: &step.versions_before,
            dismissals: &step.dismissals_before,
            signoffs: &step.signoffs_before,
            settings: &step.settings_before,
            metadata: &step.metadata_before,
            rounds: &step.rounds_before,
        });
        self.state = step.state_before;
        self.revision += 1;
    }

    /// Redoes a step: the change, then the after-snapshots.
    fn replay(&mut self, step: &Step) {
        for text_change in &step.text_changes {
            self.map_everything(&text_change.forward, false);
        }
        self.restore(Snapshots {
            comments: &step.comments_after,
            suggestions: &step.suggestions_after,
            versions: &step.versions_after,
            dismissals: &step.dismissals_after,
            signoffs: &step.signoffs_after,
            settings: &step.settings_after,
            metadata: &step.metadata_after,
            rounds: &step.rounds_after,
        });
        self.state = step.state_after;
        self.revision += 1;
    }

    fn restore(&mut self, snapshots: Snapshots<'_>) {
        let Snapshots {
            comments,
            suggestions,
            versions,
            dismissals,
            signoffs,
            settings,
            metadata,
            rounds,
        } = snapshots;
        if let Some(rounds) = rounds {
            self.rounds = rounds.clone();
        }
        if let Some(signoffs) = signoffs {
            self.signoffs = signoffs.clone();
        }
        for (&id, snapshot) in dismissals {
            put_back(&mut self.dismissals, id, snapshot.clone(), |dismissal| {
                dismissal.id
            });
        }
        for (&id, snapshot) in versions {
            put_back(&mut self.versions, id, snapshot.clone(), |version| {
                version.id
            });
        }
        if let Some(settings) = settings {
            self.settings = settings.clone();
        }
        for (&id, snapshot) in comments {
            put_back(&mut self.comments, id, snapshot.clone(), |comment| {
                comment.id
            });
        }
        for (&id, snapshot) in suggestions {
            put_back(&mut self.suggestions, id, snapshot.clone(), |suggestion| {
                suggestion.id
            });
        }
        if let Some(metadata) = metadata {
            self.document.set_metadata(metadata.clone());
        }
    }
}

/// The state id, revision and id counter before a command: see
/// [`Project::abandon`].
pub(super) struct Checkpoint {
    state: u64,
    revision: u64,
    next_id: u64,
}

/// The before- or after-snapshots of a step, to put back.
struct Snapshots<'a> {
    comments: &'a BTreeMap<CommentId, Option<Comment>>,
    suggestions: &'a BTreeMap<SuggestionId, Option<Suggestion>>,
    versions: &'a BTreeMap<VersionId, Option<Version>>,
    dismissals: &'a BTreeMap<DismissalId, Option<Dismissal>>,
    signoffs: &'a Option<Vec<SignOffRecord>>,
    settings: &'a Option<Settings>,
    metadata: &'a Option<Metadata>,
    rounds: &'a Option<RoundBook>,
}

/// Puts `snapshot` in place of the item with `id` in a vector sorted by id:
/// replaces it, inserts it, or (for `None`) removes it.
fn put_back<T, Id: Ord + Copy>(
    items: &mut Vec<T>,
    id: Id,
    snapshot: Option<T>,
    id_of: impl Fn(&T) -> Id,
) {
    match (items.binary_search_by_key(&id, &id_of), snapshot) {
        (Ok(index), Some(item)) => items[index] = item,
        (Ok(index), None) => {
            items.remove(index);
        }
        (Err(index), Some(item)) => items.insert(index, item),
        (Err(_), None) => {}
    }
}
