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

mod edits;
mod formatting;
mod rivals;
mod suggestions;
mod threads;

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
