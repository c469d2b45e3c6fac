//! Working out what a reviewer's copy brings in, before anything changes.
//!
//! Four texts take part:
//!
//! ```text
//!   B  base:    the version sent (or the one the copy is most like)
//!   C  carried: B as the copy's format carries it (B read back from the
//!               same writer; B itself when the caller has no such reader)
//!   R  copy:    the returned copy, as its importer read it: the text
//!               before its tracked changes, which are suggestions on it
//!   D  draft:   the project's draft now, which may have moved on
//! ```
//!
//! `compare(C, R)` gives what the reviewer typed without Track Changes (and
//! the formatting they changed); `compare(B, D)` what the draft did since
//! the copy left. A place in the copy maps R → C → B → D through the
//! [`Alignment`]s of those comparisons (and of `compare(B, C)` when the
//! format lost something). An item whose words the draft changed since is
//! in *conflict*; one whose words the draft deleted comes in *orphaned*,
//! with the words around it in the copy.
//!
//! What the copy holds is sorted out so:
//! - counsel's suggestions that went out: still there (nothing to do),
//!   accepted in the copy (the copy reads them applied: a verdict, and the
//!   edit is not an untracked edit), or gone with the words unchanged
//!   (rejected: a verdict);
//! - comment threads that went out (or that the draft has) are matched by
//!   author, words and place: their new replies come in; a thread deleted
//!   in the copy stays;
//! - every other comment, tracked change, untracked edit and formatting
//!   change comes in, unless its [`Fingerprint`] says an earlier merge
//!   brought it in already;
//! - a new suggestion on the same words as another author's pending one is
//!   its *rival*: both stay, and accepting one rejects the other.
//!
//! An item of the copy that names no author (a CriticMarkup mark without
//! one, a Word change with an empty author) or only the reviewer's initials
//! (commented text) is the reviewer's.

use super::align::Alignment;
use super::base::BaseChoice;
use super::fingerprint::{Fingerprint, Seen};
use super::{DraftConflict, MergeCounts, RoundId};
use crate::model::ModelError;
use crate::model::annotation::{
    Comment, CommentId, Person, Suggestion, SuggestionId, SuggestionKind,
};
use crate::model::blocks::{Block, BlockPatch, ListId};
use crate::model::changeset::Bias;
use crate::model::compare::{Change, ChangeKind, CompareOptions, compare};
use crate::model::content::{Content, Fragment};
use crate::model::marks::{MarkPatch, Marks};
use crate::model::offset::floor_char_boundary;
use crate::model::project::{Project, ProjectParts};
use crate::model::span::Span;
use crate::model::versions::VersionId;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// How many bytes of context either side an orphan keeps, and a
/// fingerprint of an untracked edit uses.
const CONTEXT_BYTES: usize = 40;

/// Who reviewed a copy: the author of the edits typed without Track
/// Changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    /// The reviewer.
    pub person: Person,
    /// The name was taken from the file's properties, not given or known
    /// from the round.
    pub inferred: bool,
}

/// What to merge, and how.
#[derive(Debug, Clone)]
pub struct MergeRequest {
    /// The copy as its importer read it.
    pub returned: ProjectParts,
    /// The base as the copy's format carries it (`None`: the base itself).
    pub carried_base: Option<Content>,
    /// The base and the round, as [`super::choose_base`] chose them.
    pub base: BaseChoice,
    /// The reviewer.
    pub reviewer: Reviewer,
    /// SHA-256 (hex) of the file.
    pub file_hash: String,
    /// The id for a new round, used when the copy belongs to none (random,
    /// from the caller).
    pub new_round: RoundId,
    /// Compare formatting too (off for formats that carry none).
    pub compare_formatting: bool,
}

/// A suggestion or an item already in the project, or one the plan adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Existing(SuggestionId),
    New(usize),
}

/// A suggestion the merge adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NewSuggestion {
    pub span: Span,
    pub kind: SuggestionKind,
    pub author: Person,
    pub created: Option<DateTime<Utc>>,
    pub rationale: Option<String>,
    pub original: String,
    pub orphaned: bool,
    pub formatting: Option<Fragment>,
    pub partner: Option<usize>,
    pub untracked: bool,
    pub inferred: bool,
    pub conflict: Option<DraftConflict>,
    pub context: Option<String>,
    /// Its line in the report.
    pub line: usize,
}

/// A formatting suggestion the merge adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NewFormat {
    pub range: Range<usize>,
    pub marks: MarkPatch,
    pub block: BlockPatch,
    pub author: Person,
    pub created: Option<DateTime<Utc>>,
    pub untracked: bool,
    pub inferred: bool,
    pub conflict: Option<DraftConflict>,
}

/// A comment thread the merge adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NewComment {
    pub comment: Comment,
    pub attached: Option<Target>,
    pub conflict: Option<DraftConflict>,
    pub context: Option<String>,
}

/// A reply the merge adds to a thread the project has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NewReply {
    pub comment: CommentId,
    pub author: Person,
    pub created: DateTime<Utc>,
    pub body: String,
}

/// A merge worked out against one state of the project: applied with
/// [`crate::model::Command::MergeCopy`] while the project is still in that
/// state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    pub(super) revision: u64,
    pub(super) round: RoundId,
    pub(super) round_is_new: bool,
    pub(super) reviewer: Reviewer,
    pub(super) base: Option<VersionId>,
    pub(super) base_reason: String,
    pub(super) file_hash: String,
    pub(super) suggestions: Vec<NewSuggestion>,
    pub(super) formats: Vec<NewFormat>,
    pub(super) comments: Vec<NewComment>,
    pub(super) replies: Vec<NewReply>,
    pub(super) verdicts: Vec<(SuggestionId, bool)>,
    pub(super) rivals: Vec<(Target, Target)>,
    pub(super) fingerprints: Vec<Fingerprint>,
    pub(super) report: MergeReport,
}

impl MergePlan {
    /// What the merge brings in, for the user to see before and after.
    pub fn report(&self) -> &MergeReport {
        &self.report
    }

    /// True when the copy brings nothing new.
    pub fn is_empty(&self) -> bool {
        self.report.counts.items() == 0
    }
}

/// What a merge brings in, in words and counts (the report `redline merge`
/// prints, `--json` included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// The reviewer.
    pub reviewer: String,
    /// The reviewer's name was inferred from the file's properties.
    pub reviewer_inferred: bool,
    /// The round.
    pub round: String,
    /// The copy belonged to no round of this project: a new round records it.
    pub round_is_new: bool,
    /// The base, e.g. `V3 "v3"`.
    pub base: String,
    /// Why that base.
    pub base_reason: String,
    /// What came in, counted.
    pub counts: MergeCounts,
    /// Items an earlier merge already brought in.
    pub already_merged: usize,
    /// Counsel's threads deleted in the copy: kept in the project.
    pub kept_deleted: usize,
    /// Threads the reviewer marked resolved in the copy (left as they are).
    pub resolved_in_copy: usize,
    /// One line per item that comes in.
    pub items: Vec<ReportLine>,
}

/// One item a merge brings in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportLine {
    /// "comment", "reply", "tracked change", "untracked edit", "formatting",
    /// "verdict".
    pub kind: &'static str,
    /// Its author.
    pub author: String,
    /// What it says or does.
    pub what: String,
    /// The words it is on, in the copy.
    pub words: String,
    /// Its words no longer exist in the draft.
    pub orphaned: bool,
    /// The draft changed its words after the copy was sent.
    pub conflict: bool,
    /// It changes the same words as another author's pending suggestion.
    pub rival: bool,
}

/// One edit of the copy against the carried base.
#[derive(Debug, Clone)]
struct CopyEdit {
    change: Change,
    /// Explained by a verdict (counsel's suggestion accepted in the copy).
    explained: bool,
}

/// Everything the planning steps share.
struct Planner<'a> {
    project: &'a Project,
    carried: &'a Content,
    copy: &'a Content,
    /// copy → carried.
    copy_to_carried: Alignment,
    /// base → carried.
    base_to_carried: Alignment,
    /// carried → base.
    carried_to_base: Alignment,
    /// base → draft.
    base_to_draft: Alignment,
    edits: Vec<CopyEdit>,
    seen: Seen,
    plan: MergePlan,
    /// Copy suggestion index → where it went.
    copy_suggestions: HashMap<usize, Target>,
    /// New suggestions made from untracked insertions: (copy range, index).
    inserted: Vec<(Range<usize>, usize)>,
}

/// A place in the draft for a range of the copy, and what became of its
/// words.
#[derive(Debug, Clone)]
struct Placed {
    span: Span,
    orphaned: bool,
    conflict: Option<DraftConflict>,
}

impl Project {
    /// Works out what `request`'s copy brings in (see the module doc), to
    /// show and then apply with [`crate::model::Command::MergeCopy`].
    pub fn plan_merge(&self, request: &MergeRequest) -> Result<MergePlan, ModelError> {
        let base = match request.base.version {
            Some(id) => {
                &self
                    .version(id)
                    .ok_or(ModelError::UnknownVersion(id))?
                    .content
            }
            None => self.content(),
        };
        let carried = request.carried_base.as_ref().unwrap_or(base);
        let returned = &attributed(&request.returned, &request.reviewer.person);
        let copy = &returned.document.content;
        let options = CompareOptions::default();
        let (copy_side, carried_side) = if request.compare_formatting {
            (copy.clone(), carried.clone())
        } else {
            (
                Content::plain(copy.text.clone()),
                Content::plain(carried.text.clone()),
            )
        };
        let copy_comparison = compare(&carried_side, &copy_side, &options);
        let carried_to_copy = Alignment::new(&copy_comparison, &carried.text, &copy.text);
        let base_to_carried = aligned(base, carried);
        let base_to_draft = aligned(base, self.content());
        let (round, round_is_new) = match &request.base.round {
            Some(id) => (id.clone(), false),
            None => (request.new_round.clone(), true),
        };
        let seen = Seen::new(
            self.rounds
                .rounds
                .iter()
                .flat_map(|round| &round.returns)
                .flat_map(|back| &back.fingerprints),
        );
        let plan = MergePlan {
            revision: self.revision(),
            round: round.clone(),
            round_is_new,
            reviewer: request.reviewer.clone(),
            base: request.base.version,
            base_reason: request.base.reason.clone(),
            file_hash: request.file_hash.clone(),
            suggestions: Vec::new(),
            formats: Vec::new(),
            comments: Vec::new(),
            replies: Vec::new(),
            verdicts: Vec::new(),
            rivals: Vec::new(),
            fingerprints: Vec::new(),
            report: MergeReport {
                reviewer: request.reviewer.person.name.clone(),
                reviewer_inferred: request.reviewer.inferred,
                round: round.to_string(),
                round_is_new,
                base: self.version_name(request.base.version),
                base_reason: request.base.reason.clone(),
                ..MergeReport::default()
            },
        };
        let mut planner = Planner {
            project: self,
            carried,
            copy,
            copy_to_carried: carried_to_copy.reversed(),
            carried_to_base: base_to_carried.reversed(),
            base_to_carried,
            base_to_draft,
            edits: copy_comparison
                .changes
                .into_iter()
                .map(|change| CopyEdit {
                    change,
                    explained: false,
                })
                .collect(),
            seen,
            plan,
            copy_suggestions: HashMap::new(),
            inserted: Vec::new(),
        };
        let sent = request
            .base
            .round
            .as_ref()
            .and_then(|id| self.rounds.round(id))
            .and_then(|round| round.sent.as_ref());
        if let Some(sending) = sent {
            planner.judge_sent_suggestions(&sending.suggestions, &returned.suggestions);
        }
        planner.tracked_changes(&returned.suggestions);
        planner.untracked_edits();
        if request.compare_formatting {
            planner.formatting(&returned.suggestions);
        }
        let sent_comments: Vec<CommentId> = sent
            .map(|sending| sending.comments.iter().map(|sent| sent.id).collect())
            .unwrap_or_default();
        planner.comments(&returned.comments, &returned.suggestions, &sent_comments);
        planner.rivals();
        Ok(planner.finish())
    }
}

/// The copy with every item that names no author (an importer's
/// "Unknown", an empty name) or only the reviewer's initials (commented
/// text's `[IS1]`) given to the reviewer.
fn attributed(returned: &ProjectParts, reviewer: &Person) -> ProjectParts {
    let anonymous = |person: &Person| {
        let name = person.name.trim();
        name.is_empty()
            || name.eq_ignore_ascii_case("unknown")
            || (name == person.initials.trim() && name == reviewer.initials)
    };
    let mut parts = returned.clone();
    for suggestion in &mut parts.suggestions {
        if anonymous(&suggestion.author) {
            suggestion.author = reviewer.clone();
        }
    }
    for comment in &mut parts.comments {
        if anonymous(&comment.author) {
            comment.author = reviewer.clone();
        }
        for reply in &mut comment.replies {
            if anonymous(&reply.author) {
                reply.author = reviewer.clone();
            }
        }
    }
    parts
}

/// The alignment of two contents' texts (identity when they read alike).
fn aligned(old: &Content, new: &Content) -> Alignment {
    if old.text == new.text {
        return Alignment::identity();
    }
    let comparison = compare(
        &Content::plain(old.text.clone()),
        &Content::plain(new.text.clone()),
        &CompareOptions::default(),
    );
    Alignment::new(&comparison, &old.text, &new.text)
}

impl Planner<'_> {
    fn draft(&self) -> &str {
        self.project.text()
    }

    /// Places a range of the carried base in the draft.
    fn place_carried(&self, carried: Range<usize>, copy_words: &str) -> Placed {
        let (base_range, lost_in_format) = self.carried_to_base.map_range(carried.clone());
        let (draft_range, _) = self.base_to_draft.map_range(base_range.clone());
        // Words all deleted or replaced: nothing of what the reviewer saw is
        // left to anchor to.
        let orphaned = !carried.is_empty()
            && !copy_words.is_empty()
            && (draft_range.is_empty() || !self.base_to_draft.keeps_any(&base_range));
        let changed = lost_in_format || self.base_to_draft.touches_change(&base_range);
        let draft_words = &self.draft()[draft_range.clone()];
        let conflict = (changed && !orphaned).then(|| DraftConflict {
            copy: copy_words.to_string(),
            draft: draft_words.to_string(),
        });
        Placed {
            span: Span::new(draft_range.start, draft_range.end),
            orphaned,
            conflict,
        }
    }

    /// Places a range of the copy in the draft; the flag says whether the
    /// range lay on words the reviewer edited without Track Changes.
    fn place_copy(&self, copy: Range<usize>) -> (Placed, bool) {
        let (carried, edited) = self.copy_to_carried.map_range(copy.clone());
        let words = &self.copy.text[copy];
        (self.place_carried(carried, words), edited)
    }

    /// Counsel's suggestions that went out: still in the copy, accepted in
    /// it (the copy reads them applied), or rejected (gone, words unchanged).
    fn judge_sent_suggestions(&mut self, sent: &[super::SentSuggestion], returned: &[Suggestion]) {
        for item in sent {
            let Some(suggestion) = self.project.suggestion(item.id) else {
                continue;
            };
            let (carried, _) = self.base_to_carried.map_range(item.span.range());
            let still_there = returned.iter().enumerate().find(|(index, candidate)| {
                !self.copy_suggestions.contains_key(index)
                    && candidate.author.name == suggestion.author.name
                    && same_change(&candidate.kind, &suggestion.kind)
                    && {
                        let (at, _) = self.copy_to_carried.map_range(candidate.span.range());
                        ranges_meet(&at, &carried)
                    }
            });
            if let Some((index, _)) = still_there {
                self.copy_suggestions
                    .insert(index, Target::Existing(item.id));
                continue;
            }
            let Some(new_text) = suggestion.kind.replacement_text(None) else {
                continue;
            };
            if suggestion.kind.is_format() || suggestion.move_partner.is_some() {
                continue;
            }
            let touching: Vec<usize> = self
                .edits
                .iter()
                .enumerate()
                .filter(|(_, edit)| {
                    edit.change.kind != ChangeKind::Format
                        && !edit.explained
                        && edit.change.old.start <= carried.end
                        && carried.start <= edit.change.old.end
                })
                .map(|(index, _)| index)
                .collect();
            let accepted = if touching.is_empty() {
                Some(false)
            } else {
                self.explains(&touching, &carried, new_text).then_some(true)
            };
            let Some(accepted) = accepted else {
                continue;
            };
            let print = Fingerprint::of(&[
                "verdict",
                &item.id.to_string(),
                if accepted { "accepted" } else { "rejected" },
            ]);
            if accepted {
                for &index in &touching {
                    self.edits[index].explained = true;
                }
            }
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            self.plan.verdicts.push((item.id, accepted));
            self.plan.report.counts.verdicts += 1;
            self.plan.report.items.push(ReportLine {
                kind: "verdict",
                author: self.plan.reviewer.person.name.clone(),
                what: format!(
                    "{} {} ({} by {})",
                    if accepted { "accepted" } else { "rejected" },
                    item.id,
                    suggestion.kind.name(),
                    suggestion.author.name
                ),
                words: suggestion.original.clone(),
                orphaned: false,
                conflict: false,
                rival: false,
            });
        }
    }

    /// True when the edits `touching` (not moves) turn the carried text
    /// around `carried` into exactly what the suggestion's `new_text` makes
    /// of it: the reviewer accepted it.
    fn explains(&self, touching: &[usize], carried: &Range<usize>, new_text: &str) -> bool {
        let changes: Vec<&Change> = touching
            .iter()
            .map(|&index| &self.edits[index].change)
            .collect();
        if changes.iter().any(|change| change.kind == ChangeKind::Move) {
            return false;
        }
        let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
            return false;
        };
        let old_start = first.old.start.min(carried.start);
        let old_end = last.old.end.max(carried.end);
        let (Some(new_start), Some(new_end)) = (
            first.new.start.checked_sub(first.old.start - old_start),
            last.new.end.checked_add(old_end - last.old.end),
        ) else {
            return false;
        };
        let text = &self.carried.text;
        let (Some(before), Some(after), Some(copy)) = (
            text.get(old_start..carried.start),
            text.get(carried.end..old_end),
            self.copy.text.get(new_start..new_end),
        ) else {
            return false;
        };
        copy.len() == before.len() + new_text.len() + after.len()
            && copy.starts_with(before)
            && copy.ends_with(after)
            && &copy[before.len()..copy.len() - after.len()] == new_text
    }

    /// The copy's tracked changes not already in the project.
    fn tracked_changes(&mut self, returned: &[Suggestion]) {
        for (index, suggestion) in returned.iter().enumerate() {
            if self.copy_suggestions.contains_key(&index)
                || suggestion.kind.is_format()
                || !suggestion.status.is_pending()
            {
                continue;
            }
            let (placed, _) = self.place_copy(suggestion.span.range());
            let words = self.copy.text[suggestion.span.range()].to_string();
            let existing = self.project.suggestions().iter().find(|candidate| {
                candidate.author.name == suggestion.author.name
                    && same_change(&candidate.kind, &suggestion.kind)
                    && candidate.span == placed.span
            });
            if let Some(existing) = existing {
                self.copy_suggestions
                    .insert(index, Target::Existing(existing.id));
                self.plan.report.already_merged += 1;
                continue;
            }
            let print = Fingerprint::of(&[
                "tracked",
                &suggestion.author.name,
                suggestion.kind.name(),
                &change_words(&suggestion.kind),
                &words,
                self.copy_context(suggestion.span.range()).as_str(),
            ]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let new_index = self.plan.suggestions.len();
            self.copy_suggestions.insert(index, Target::New(new_index));
            self.count_placed(&placed);
            self.plan.report.counts.suggestions += 1;
            self.plan.report.items.push(ReportLine {
                kind: "tracked change",
                author: suggestion.author.name.clone(),
                what: describe_kind(&suggestion.kind, &words),
                words: words.clone(),
                orphaned: placed.orphaned,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            let context = placed
                .orphaned
                .then(|| self.copy_context(suggestion.span.range()));
            let line = self.plan.report.items.len() - 1;
            self.plan.suggestions.push(NewSuggestion {
                line,
                span: placed.span,
                kind: suggestion.kind.clone(),
                author: suggestion.author.clone(),
                created: Some(suggestion.created),
                rationale: suggestion.rationale.clone(),
                original: self.original_for(&placed, &words),
                orphaned: placed.orphaned,
                formatting: suggestion.formatting.clone(),
                partner: None,
                untracked: false,
                inferred: false,
                conflict: placed.conflict,
                context,
            });
        }
        // Moves keep their pairing when both halves came in.
        for (index, suggestion) in returned.iter().enumerate() {
            let partner = suggestion.move_partner.and_then(|partner| {
                returned
                    .iter()
                    .position(|candidate| candidate.id == partner)
            });
            if let (Some(Target::New(own)), Some(Target::New(other))) = (
                self.copy_suggestions.get(&index),
                partner.and_then(|partner| self.copy_suggestions.get(&partner)),
            ) {
                self.plan.suggestions[*own].partner = Some(*other);
            }
        }
    }

    /// What a suggestion records as the words it was made on: the draft's
    /// words when they are the copy's, else the copy's (so that a conflict
    /// cannot be accepted as it stands).
    fn original_for(&self, placed: &Placed, copy_words: &str) -> String {
        if placed.conflict.is_some() || placed.orphaned {
            copy_words.to_string()
        } else {
            self.draft()[placed.span.range()].to_string()
        }
    }

    fn count_placed(&mut self, placed: &Placed) {
        if placed.orphaned {
            self.plan.report.counts.orphans += 1;
        }
        if placed.conflict.is_some() {
            self.plan.report.counts.conflicts += 1;
        }
    }

    /// The edits typed without Track Changes: suggestions by the reviewer.
    fn untracked_edits(&mut self) {
        let destinations = self.move_destinations();
        for index in 0..self.edits.len() {
            let edit = &self.edits[index];
            if edit.explained || edit.change.kind == ChangeKind::Format {
                continue;
            }
            let change = edit.change.clone();
            let print = Fingerprint::of(&[
                "untracked",
                &change.old_text,
                &change.new_text,
                &self.carried_context(change.old.clone()),
            ]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let placed = self.place_carried(change.old.clone(), &change.old_text);
            self.count_placed(&placed);
            self.plan.report.counts.untracked += 1;
            let reviewer = self.plan.reviewer.clone();
            let kind = match change.kind {
                ChangeKind::Insert => SuggestionKind::Insertion {
                    text: change.new_text.clone(),
                },
                ChangeKind::Delete | ChangeKind::Move => SuggestionKind::Deletion,
                _ => SuggestionKind::Replacement {
                    text: change.new_text.clone(),
                },
            };
            self.plan.report.items.push(ReportLine {
                kind: "untracked edit",
                author: reviewer.person.name.clone(),
                what: if change.kind == ChangeKind::Move {
                    "moved a paragraph".to_string()
                } else {
                    describe_kind(&kind, &change.old_text)
                },
                words: if change.old_text.is_empty() {
                    change.new_text.clone()
                } else {
                    change.old_text.clone()
                },
                orphaned: placed.orphaned,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            let removed = self.plan.suggestions.len();
            let context = placed
                .orphaned
                .then(|| self.carried_context(change.old.clone()));
            let formatting = (change.kind != ChangeKind::Move && change.kind != ChangeKind::Delete)
                .then(|| self.fitted_fragment(change.new.clone(), placed.span.start.0))
                .flatten();
            let line = self.plan.report.items.len() - 1;
            self.plan.suggestions.push(NewSuggestion {
                line,
                span: placed.span,
                original: self.original_for(&placed, &change.old_text),
                kind,
                author: reviewer.person.clone(),
                created: None,
                rationale: None,
                orphaned: placed.orphaned,
                formatting,
                partner: None,
                untracked: true,
                inferred: reviewer.inferred,
                conflict: placed.conflict,
                context,
            });
            if let Some(&destination) = destinations.get(&index) {
                self.moved_here(&change, removed, destination);
            } else if !change.new_text.is_empty() {
                self.inserted.push((change.new.clone(), removed));
            }
        }
    }

    /// Where each paragraph the reviewer moved goes in the carried base (by
    /// edit index). Text the copy inserts at one place must go in at one
    /// point of the carried base, in the copy's order: a move right after
    /// an insertion (or another move) goes where that one went; any other
    /// goes right after the unchanged words before it.
    fn move_destinations(&self) -> HashMap<usize, usize> {
        let mut destinations = HashMap::new();
        let mut after: Option<(usize, usize)> = None;
        for (index, edit) in self.edits.iter().enumerate() {
            let change = &edit.change;
            if change.kind == ChangeKind::Format {
                continue;
            }
            let point = if change.kind == ChangeKind::Move {
                let destination = match after {
                    Some((copy_end, point)) if copy_end == change.new.start => point,
                    _ => {
                        self.copy_to_carried
                            .map(change.new.start, Bias::Before)
                            .offset
                    }
                };
                destinations.insert(index, destination);
                destination
            } else {
                change.old.end
            };
            after = Some((change.new.end, point));
        }
        destinations
    }

    /// The insertion half of a paragraph the reviewer moved: the paragraph
    /// as it reads in the copy, where it went.
    fn moved_here(&mut self, change: &Change, removed: usize, destination: usize) {
        let placed = self.place_carried(destination..destination, "");
        let inserted = self.plan.suggestions.len();
        let reviewer = self.plan.reviewer.clone();
        let formatting = self.fitted_fragment(change.new.clone(), placed.span.start.0);
        let line = self.plan.report.items.len() - 1;
        self.plan.suggestions.push(NewSuggestion {
            line,
            span: placed.span,
            original: String::new(),
            kind: SuggestionKind::Insertion {
                text: change.new_text.clone(),
            },
            author: reviewer.person.clone(),
            created: None,
            rationale: None,
            orphaned: false,
            formatting,
            partner: Some(removed),
            untracked: true,
            inferred: reviewer.inferred,
            conflict: placed.conflict,
            context: None,
        });
        self.plan.suggestions[removed].partner = Some(inserted);
        self.inserted.push((change.new.clone(), inserted));
    }

    /// The copy's `range` as a fragment to insert in the draft at `at`,
    /// when its formatting is more than plain words: list and table ids
    /// made the draft's, note references dropped.
    fn fitted_fragment(&self, range: Range<usize>, at: usize) -> Option<Fragment> {
        let mut fragment = self.copy.slice(range);
        let plain = fragment.marks.iter().all(|run| run.marks.is_plain())
            && fragment.blocks.iter().all(Block::is_normal);
        if plain {
            return None;
        }
        for run in &mut fragment.marks {
            run.marks.note = None;
        }
        let draft = self.project.content();
        let here = draft.block_at(at.min(draft.text.len()));
        let next_list = draft
            .blocks
            .iter()
            .filter_map(|block| block.list.as_ref().map(|item| item.list.0))
            .max()
            .unwrap_or(0)
            + 1;
        for block in &mut fragment.blocks {
            block.note = None;
            block.cell = here.cell;
            if let Some(item) = &mut block.list {
                item.list = here.list.as_ref().map_or(ListId(next_list), |own| own.list);
            }
        }
        Some(fragment)
    }

    /// Formatting the reviewer changed: formatting suggestions, by the
    /// author of the copy's tracked formatting change there, else the
    /// reviewer.
    fn formatting(&mut self, returned: &[Suggestion]) {
        for index in 0..self.edits.len() {
            let change = self.edits[index].change.clone();
            if change.kind != ChangeKind::Format {
                continue;
            }
            let copy_marks = marks_words(self.copy, change.new.clone());
            let print = Fingerprint::of(&["format", &change.new_text, &copy_marks]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            let tracked = returned.iter().find(|suggestion| {
                suggestion.kind.is_format()
                    && suggestion.span.start.0 < change.new.end
                    && change.new.start < suggestion.span.end.0
            });
            let (author, created, untracked, inferred) = match tracked {
                Some(suggestion) => (
                    suggestion.author.clone(),
                    Some(suggestion.created),
                    false,
                    false,
                ),
                None => (
                    self.plan.reviewer.person.clone(),
                    None,
                    true,
                    self.plan.reviewer.inferred,
                ),
            };
            let placed = self.place_carried(change.old.clone(), &change.old_text);
            if placed.orphaned || placed.span.is_empty() {
                // Words deleted in the draft since: nothing left to format.
                self.plan.fingerprints.push(print);
                self.count_placed(&placed);
                self.plan.report.items.push(ReportLine {
                    kind: "formatting",
                    author: author.name.clone(),
                    what: change.formatting.clone().unwrap_or_default(),
                    words: change.new_text.clone(),
                    orphaned: true,
                    conflict: false,
                    rival: false,
                });
                continue;
            }
            let pieces =
                self.format_pieces(&change, placed.span.range(), placed.conflict.is_some());
            if pieces.is_empty() {
                continue;
            }
            self.plan.fingerprints.push(print);
            self.count_placed(&placed);
            self.plan.report.counts.formatting += 1;
            self.plan.report.items.push(ReportLine {
                kind: "formatting",
                author: author.name.clone(),
                what: change
                    .formatting
                    .clone()
                    .unwrap_or_else(|| "formatted".to_string()),
                words: change.new_text.clone(),
                orphaned: false,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            for (range, marks, block) in pieces {
                self.plan.formats.push(NewFormat {
                    range,
                    marks,
                    block,
                    author: author.clone(),
                    created,
                    untracked,
                    inferred,
                    conflict: placed.conflict.clone(),
                });
            }
        }
    }

    /// The formatting pieces that make the draft's `draft_range` look as
    /// the copy's change reads: mark patches run by run, and block patches
    /// for paragraphs whose style or list changed.
    fn format_pieces(
        &self,
        change: &Change,
        draft_range: Range<usize>,
        in_conflict: bool,
    ) -> Vec<(Range<usize>, MarkPatch, BlockPatch)> {
        let draft = self.project.content();
        let mut pieces: Vec<(Range<usize>, MarkPatch, BlockPatch)> = Vec::new();
        let copy_runs = self.copy.marks.runs(change.new.clone());
        if in_conflict || draft_range.len() != change.new.len() {
            // The words differ: the copy's first run's marks over them all.
            let wanted = copy_runs
                .first()
                .map(|run| run.marks.clone())
                .unwrap_or_default();
            let patch = mark_difference(&draft.marks.at(draft_range.start), &wanted);
            if !patch.is_empty() {
                pieces.push((draft_range.clone(), patch, BlockPatch::default()));
            }
        } else {
            let mut position = 0;
            for run in copy_runs {
                let start = draft_range.start + position;
                let draft_runs = draft.marks.runs(start..start + run.len);
                let mut inner = start;
                for draft_run in draft_runs {
                    let patch = mark_difference(&draft_run.marks, &run.marks);
                    let range = inner..inner + draft_run.len;
                    inner += draft_run.len;
                    if patch.is_empty() {
                        continue;
                    }
                    match pieces.last_mut() {
                        Some(last) if last.0.end == range.start && last.1 == patch => {
                            last.0.end = range.end;
                        }
                        _ => pieces.push((range, patch, BlockPatch::default())),
                    }
                }
                position += run.len;
            }
        }
        let copy_block = self.copy.block_at(change.new.start);
        let draft_block = draft.block_at(draft_range.start);
        let block = block_difference(draft, draft_block, copy_block, draft_range.start);
        if !block.is_empty() {
            let paragraph = draft.paragraph_range(draft.paragraph_index_at(draft_range.start));
            pieces.push((paragraph, MarkPatch::default(), block));
        }
        pieces
    }

    /// The copy's comment threads: new ones come in, known ones bring
    /// their new replies.
    fn comments(&mut self, returned: &[Comment], suggestions: &[Suggestion], sent: &[CommentId]) {
        let mut matched_sent = vec![false; sent.len()];
        for comment in returned {
            let span = comment.span.range();
            let (placed, edited) = self.place_copy(span.clone());
            let quote = self.copy.text[span.clone()].to_string();
            let print = Fingerprint::of(&["comment", &comment.author.name, &comment.body, &quote]);
            if let Some(known) = self.known_thread(comment, &placed) {
                if let Some(position) = sent.iter().position(|id| *id == known) {
                    matched_sent[position] = true;
                }
                let came_in = self
                    .project
                    .incoming(super::IncomingItem::Comment(known))
                    .is_some();
                if came_in && self.seen.take(print) {
                    self.plan.report.already_merged += 1;
                }
                self.new_replies(comment, known);
                continue;
            }
            if self.is_known_reply(comment, &placed) {
                // A reply that a re-save (LibreOffice) turned into a thread
                // of its own: it is in the project already.
                continue;
            }
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let attached = comment
                .attached_to
                .and_then(|id| suggestions.iter().position(|found| found.id == id))
                .and_then(|index| self.copy_suggestions.get(&index).copied())
                .or_else(|| {
                    edited
                        .then(|| {
                            self.inserted
                                .iter()
                                .find(|(range, _)| {
                                    range.start <= span.start && span.end <= range.end
                                })
                                .map(|&(_, index)| Target::New(index))
                        })
                        .flatten()
                });
            let (span_in_draft, orphaned, conflict) = match attached {
                Some(Target::New(index)) => (
                    Span::point(self.plan.suggestions[index].span.start.0),
                    false,
                    None,
                ),
                Some(Target::Existing(id)) => (
                    Span::point(
                        self.project
                            .suggestion(id)
                            .map_or(placed.span.start.0, |found| found.span.start.0),
                    ),
                    false,
                    None,
                ),
                None => (placed.span, placed.orphaned, placed.conflict.clone()),
            };
            if orphaned {
                self.plan.report.counts.orphans += 1;
            }
            if conflict.is_some() {
                self.plan.report.counts.conflicts += 1;
            }
            self.plan.report.counts.comments += 1;
            self.plan.report.counts.replies += comment.replies.len();
            self.plan.report.items.push(ReportLine {
                kind: "comment",
                author: comment.author.name.clone(),
                what: comment.body.clone(),
                words: quote.clone(),
                orphaned,
                conflict: conflict.is_some(),
                rival: false,
            });
            for reply in &comment.replies {
                self.plan.report.items.push(ReportLine {
                    kind: "reply",
                    author: reply.author.name.clone(),
                    what: reply.body.clone(),
                    words: quote.clone(),
                    orphaned,
                    conflict: false,
                    rival: false,
                });
            }
            let context = orphaned.then(|| self.copy_context(span.clone()));
            self.plan.comments.push(NewComment {
                comment: Comment {
                    span: span_in_draft,
                    orphaned,
                    quote,
                    attached_to: None,
                    ..comment.clone()
                },
                attached,
                conflict,
                context,
            });
        }
        self.plan.report.kept_deleted = matched_sent.iter().filter(|found| !**found).count();
    }

    /// The project's thread a copy's thread is: same author and words, on
    /// the same place (or sent in this round).
    fn known_thread(&self, comment: &Comment, placed: &Placed) -> Option<CommentId> {
        let body = normalised(&comment.body);
        self.project
            .comments()
            .iter()
            .filter(|candidate| {
                candidate.author.name == comment.author.name && normalised(&candidate.body) == body
            })
            .find(|candidate| {
                ranges_meet(&candidate.span.range(), &placed.span.range())
                    || normalised(&candidate.quote)
                        == normalised(&self.copy.text[comment.span.range()])
            })
            .map(|candidate| candidate.id)
    }

    /// True when the copy's thread is a reply the project has, on the same
    /// place, by the same author with the same words.
    fn is_known_reply(&self, comment: &Comment, placed: &Placed) -> bool {
        let body = normalised(&comment.body);
        let quote = normalised(&self.copy.text[comment.span.range()]);
        self.project.comments().iter().any(|thread| {
            (ranges_meet(&thread.span.range(), &placed.span.range())
                || normalised(&thread.quote) == quote)
                && thread.replies.iter().any(|reply| {
                    reply.author.name == comment.author.name && normalised(&reply.body) == body
                })
        })
    }

    /// Replies in the copy's thread that the project's thread lacks.
    fn new_replies(&mut self, comment: &Comment, known: CommentId) {
        let Some(thread) = self.project.comment(known) else {
            return;
        };
        if comment.resolved && !thread.resolved {
            self.plan.report.resolved_in_copy += 1;
        }
        for reply in &comment.replies {
            let body = normalised(&reply.body);
            let there = thread.replies.iter().any(|existing| {
                existing.author.name == reply.author.name && normalised(&existing.body) == body
            });
            if there {
                continue;
            }
            let print = Fingerprint::of(&["reply", &known.to_string(), &reply.author.name, &body]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            self.plan.report.counts.replies += 1;
            self.plan.report.items.push(ReportLine {
                kind: "reply",
                author: reply.author.name.clone(),
                what: reply.body.clone(),
                words: thread.quote.clone(),
                orphaned: false,
                conflict: false,
                rival: false,
            });
            self.plan.replies.push(NewReply {
                comment: known,
                author: reply.author.clone(),
                created: reply.created,
                body: reply.body.clone(),
            });
        }
    }

    /// New suggestions on the same words as another author's pending one
    /// (in the project, or new from another author): rivals.
    fn rivals(&mut self) {
        let mut pairs = Vec::new();
        for (index, new) in self.plan.suggestions.iter().enumerate() {
            if new.orphaned {
                continue;
            }
            for existing in self.project.suggestions() {
                if existing.status.is_pending()
                    && !existing.orphaned
                    && existing.author.name != new.author.name
                    && same_words(existing.span, new.span)
                {
                    pairs.push((Target::Existing(existing.id), Target::New(index)));
                }
            }
            for (other_index, other) in self.plan.suggestions.iter().enumerate().skip(index + 1) {
                if !other.orphaned
                    && other.author.name != new.author.name
                    && same_words(other.span, new.span)
                {
                    pairs.push((Target::New(index), Target::New(other_index)));
                }
            }
        }
        let mut rival_new = vec![false; self.plan.suggestions.len()];
        for pair in &pairs {
            for target in [pair.0, pair.1] {
                if let Target::New(index) = target {
                    rival_new[index] = true;
                    let line = self.plan.suggestions[index].line;
                    if let Some(line) = self.plan.report.items.get_mut(line) {
                        line.rival = true;
                    }
                }
            }
        }
        self.plan.report.counts.rivals = rival_new.iter().filter(|rival| **rival).count();
        self.plan.rivals = pairs;
    }

    /// Up to [`CONTEXT_BYTES`] of the copy either side of `range`, the
    /// range's words in brackets.
    fn copy_context(&self, range: Range<usize>) -> String {
        context(&self.copy.text, range)
    }

    fn carried_context(&self, range: Range<usize>) -> String {
        context(&self.carried.text, range)
    }

    fn finish(mut self) -> MergePlan {
        self.plan.report.items.sort_by_key(|line| line.kind);
        self.plan
    }
}

/// True when two suggestions do the same thing.
fn same_change(a: &SuggestionKind, b: &SuggestionKind) -> bool {
    match (a, b) {
        (SuggestionKind::Format(_), SuggestionKind::Format(_)) => true,
        _ => a == b,
    }
}

/// The words a change puts in, for a fingerprint.
fn change_words(kind: &SuggestionKind) -> String {
    match kind {
        SuggestionKind::Alternatives { candidates } => candidates.join("\u{1f}"),
        SuggestionKind::Format(format) => format.description(),
        other => other.replacement_text(None).unwrap_or_default().to_string(),
    }
}

/// "insert "x"", "delete", "replace by "y"", "moved", "choose one of 2".
fn describe_kind(kind: &SuggestionKind, words: &str) -> String {
    match kind {
        SuggestionKind::Insertion { text } => format!("insert \"{text}\""),
        SuggestionKind::Deletion => format!("delete \"{words}\""),
        SuggestionKind::Replacement { text } => format!("replace \"{words}\" by \"{text}\""),
        SuggestionKind::Alternatives { candidates } => {
            format!("choose one of {} alternatives", candidates.len())
        }
        SuggestionKind::Format(format) => format.description(),
    }
}

/// True when two ranges share text, touch, or one is a point in the other.
fn ranges_meet(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// True when two suggestions' spans cover the same words (or the same
/// insertion point).
fn same_words(a: Span, b: Span) -> bool {
    a.overlaps(b) || (a.is_empty() && b.is_empty() && a.start == b.start)
}

/// Whitespace runs as one space, trimmed.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `…before [words] after…` around `range` of `text`.
fn context(text: &str, range: Range<usize>) -> String {
    let start = floor_char_boundary(text, range.start.saturating_sub(CONTEXT_BYTES));
    let end = floor_char_boundary(text, range.end.saturating_add(CONTEXT_BYTES));
    format!(
        "{}[{}]{}",
        &text[start..range.start],
        &text[range.clone()],
        &text[range.end..end]
    )
}

/// The marks of a range of `content`, in words, for a fingerprint.
fn marks_words(content: &Content, range: Range<usize>) -> String {
    let mut words: Vec<String> = content
        .marks
        .runs(range.clone())
        .iter()
        .map(|run| {
            let mut styles: Vec<&str> = run.marks.styles.names().collect();
            if let Some(link) = &run.marks.link {
                styles.push(link.as_str());
            }
            format!("{}:{}", run.len, styles.join("+"))
        })
        .collect();
    words.push(content.block_at(range.start).describe());
    words.join(" ")
}

/// The patch that makes `from` read as `to` (notes left alone).
fn mark_difference(from: &Marks, to: &Marks) -> MarkPatch {
    MarkPatch {
        set: to.styles.without(from.styles),
        clear: from.styles.without(to.styles),
        link: (from.link != to.link).then(|| to.link.clone()),
        note: None,
    }
}

/// The patch that gives the draft's paragraph at `at` the copy's style and
/// list place (the draft's list ids kept).
fn block_difference(draft: &Content, from: &Block, to: &Block, at: usize) -> BlockPatch {
    let mut patch = BlockPatch::default();
    if from.style != to.style {
        patch.style = Some(to.style);
    }
    let same_list_place = match (&from.list, &to.list) {
        (Some(a), Some(b)) => a.level == b.level && a.format == b.format && a.pattern == b.pattern,
        (None, None) => true,
        _ => false,
    };
    if !same_list_place {
        patch.list = Some(to.list.clone().map(|mut item| {
            item.list = from.list.as_ref().map_or_else(
                || neighbouring_list(draft, at).unwrap_or(item.list),
                |own| own.list,
            );
            item
        }));
    }
    patch
}

/// The list of the paragraph before the one at `at`, if it is in one.
fn neighbouring_list(draft: &Content, at: usize) -> Option<ListId> {
    let index = draft.paragraph_index_at(at);
    let previous = index.checked_sub(1)?;
    draft.blocks[previous].list.as_ref().map(|item| item.list)
}
