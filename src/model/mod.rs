//! The pure review model: the policy text, the comments and suggestions
//! anchored to it, and every change made to them.
//!
//! No egui, no file I/O, no clock: the caller passes the time in a
//! [`command::Actor`]. The GUI and the CLI change a [`Project`] only through
//! [`Project::apply`] (and undo / redo), and every change of the text goes
//! through one [`changeset::ChangeSet`] that maps every anchor in the same
//! pass.

pub mod annotation;
pub mod blocks;
pub mod case;
pub mod changeset;
pub mod checks;
pub mod command;
mod comments;
pub mod compare;
pub mod content;
pub mod dates;
pub mod document;
mod editing;
pub mod find;
pub mod findings;
pub mod footnotes;
pub mod formatting;
#[cfg(feature = "fixtures")]
pub mod generator;
mod history;
pub mod integrity;
pub mod links;
pub mod marks;
pub mod migration;
pub mod offset;
pub mod project;
mod review;
pub mod rounds;
pub mod settings;
pub mod signoff;
pub mod span;
#[cfg(feature = "fixtures")]
pub mod test_util;
pub mod versions;

pub use annotation::{
    Comment, CommentId, LogEntry, NotePart, Person, Reply, ReplyId, SuggestedNote, Suggestion,
    SuggestionId, SuggestionKind, SuggestionStatus,
};
pub use command::{Actor, Command, Outcome, Replacement};
pub use document::Document;
pub use findings::{Dismissal, DismissalId, ProjectFinding};
pub use history::UndoGroup;
pub use integrity::Item;
pub use offset::ByteOffset;
pub use project::{Project, ProjectParts};
pub use settings::Settings;
pub use signoff::{
    Blocker, BlockerCategory, OverrideRequest, SignOffPurpose, SignOffRecord, SignOffRequest,
};
pub use span::Span;
pub use versions::{MaterialChange, Notice, NoticeChannel, Version, VersionId, VersionStatus};

/// Everything that can go wrong when changing the model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A position lies past the end of the text.
    #[error("{byte} is past the end of the text ({len} bytes)")]
    OutOfBounds {
        /// The position.
        byte: ByteOffset,
        /// The text's length in bytes.
        len: usize,
    },
    /// A position splits a character.
    #[error("{byte} is inside a character")]
    NotCharBoundary {
        /// The position.
        byte: ByteOffset,
    },
    /// A range ends before it starts.
    #[error("range starts at {start} after its end at {end}")]
    InvalidRange {
        /// Where it starts.
        start: ByteOffset,
        /// Where it ends.
        end: ByteOffset,
    },
    /// Inserted text whose formatting does not fit it.
    #[error("the formatting given for inserted text does not fit the text")]
    InvalidFragment,
    /// Edits of one change set overlap or are out of order.
    #[error("edits overlap or are out of order at {byte}")]
    OverlappingEdits {
        /// Where.
        byte: ByteOffset,
    },
    /// No comment has this id.
    #[error("there is no comment {0}")]
    UnknownComment(CommentId),
    /// No suggestion has this id.
    #[error("there is no suggestion {0}")]
    UnknownSuggestion(SuggestionId),
    /// No reply has this id.
    #[error("comment {comment} has no reply {reply}")]
    UnknownReply {
        /// The thread.
        comment: CommentId,
        /// The reply.
        reply: ReplyId,
    },
    /// Two items share an id.
    #[error("the id {0} is used twice")]
    DuplicateId(String),
    /// Two versions would share a label.
    #[error("a version is already labelled {0:?}")]
    DuplicateLabel(String),
    /// The suggestion was already accepted or rejected.
    #[error("suggestion {id} is already {status}")]
    NotPending {
        /// The suggestion.
        id: SuggestionId,
        /// "accepted" or "rejected".
        status: &'static str,
    },
    /// The suggestion's text has been deleted.
    #[error("suggestion {0} is orphaned: the text it changes was deleted; reject it instead")]
    Orphaned(SuggestionId),
    /// Another accepted suggestion changed this one's text.
    #[error(
        "suggestion {id} conflicts with the accepted suggestion {with}: its text changed; reject it instead"
    )]
    Conflicting {
        /// The suggestion.
        id: SuggestionId,
        /// The accepted suggestion that changed its text.
        with: SuggestionId,
    },
    /// Accepting alternatives needs a choice.
    #[error("suggestion {id} offers {count} alternatives: choose one (1 to {count})")]
    AlternativeRequired {
        /// The suggestion.
        id: SuggestionId,
        /// How many alternatives it offers.
        count: usize,
    },
    /// The chosen alternative does not exist.
    #[error("suggestion {id} has no alternative {number} (it offers {count})")]
    NoSuchAlternative {
        /// The suggestion.
        id: SuggestionId,
        /// The 1-based number asked for.
        number: usize,
        /// How many alternatives it offers.
        count: usize,
    },
    /// An alternative was given for a suggestion that offers none.
    #[error("suggestion {0} offers no alternatives")]
    NotAlternatives(SuggestionId),
    /// Someone tried to change another person's comment or reply.
    #[error("{what} was written by {author}; only they can change it")]
    NotYours {
        /// What, e.g. "comment C3".
        what: String,
        /// Its author.
        author: String,
    },
    /// A comment or reply with no words.
    #[error("a comment needs some text")]
    EmptyComment,
    /// The suggestion puts in no text of its own (a deletion, alternatives,
    /// formatting), so there is no suggested text to revise.
    #[error("suggestion {0} puts in no text of its own to revise")]
    NotRevisable(SuggestionId),
    /// A suggestion that would change nothing.
    #[error("the suggestion would change nothing")]
    EmptySuggestion,
    /// No version has this id.
    #[error("there is no version {0}")]
    UnknownVersion(versions::VersionId),
    /// The version is signed off or published.
    #[error("{label} is {status} and cannot change; take a new snapshot of the draft instead")]
    VersionFrozen {
        /// The version's label.
        label: String,
        /// "signed off" or "published".
        status: &'static str,
    },
    /// The status change is not allowed.
    #[error("a version cannot go from {from} to {to}{hint}")]
    StatusChange {
        /// The current status.
        from: &'static str,
        /// The asked-for status.
        to: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// No dismissal has this id.
    #[error("there is no dismissed finding {0}")]
    UnknownDismissal(findings::DismissalId),
    /// A dismissal needs a reason.
    #[error("say why the finding is dismissed: a reason is recorded for the audit trail")]
    DismissalReasonMissing,
    /// The sign-off gate found blockers that were not overridden, or that
    /// a sign-off for publication cannot override.
    #[error("{}", signoff::blocked_message(label, purpose, must_resolve, blockers))]
    SignOffBlocked {
        /// The version's label.
        label: String,
        /// What the sign-off is for: "publication" or "internal approval".
        purpose: &'static str,
        /// Blockers that must be resolved (no override possible), each
        /// "key: description".
        must_resolve: Vec<String>,
        /// Blockers neither resolved nor overridden, each "key: description".
        blockers: Vec<String>,
    },
    /// An override without a reason.
    #[error("say why {name} may stand: each override needs a reason, recorded in the sign-off")]
    OverrideReasonMissing {
        /// The override's name.
        name: String,
    },
    /// `all` without the second confirmation.
    #[error("overriding all {count} blockers at once needs a second confirmation")]
    OverrideAllUnconfirmed {
        /// How many blockers there are.
        count: usize,
    },
    /// An override naming no blocker.
    #[error("{name} is not a blocker of {label} nor a kind of blocker it has: nothing to override")]
    UnknownOverride {
        /// The override's name.
        name: String,
        /// The version's label.
        label: String,
    },
    /// The text under a pending suggestion changed after it was made (an
    /// edit inside it, or a file changed by hand): accepting it would make a
    /// change other than the one shown.
    #[error(
        "suggestion {id} was made on {original:?} but the text there now reads {now:?}: reject it, or suggest the change again"
    )]
    TextChangedUnderSuggestion {
        /// The suggestion.
        id: SuggestionId,
        /// The text it was made on (shortened).
        original: String,
        /// The text it covers now (shortened).
        now: String,
    },
    /// Something wrong with one item of a project being built from parts.
    #[error("{item}: {error}")]
    InItem {
        /// The comment, suggestion... it concerns.
        item: integrity::Item,
        /// What is wrong with it.
        error: Box<ModelError>,
    },
    /// A sign-off record names a version the project does not have.
    #[error("sign-off record {sequence} is for version {version}, which is not in the project")]
    SignOffWithoutVersion {
        /// The record's number in the chain.
        sequence: u64,
        /// The version it names.
        version: versions::VersionId,
    },
    /// An id is the largest number there is: nothing could be added after it.
    #[error("{0}: its id is too large (the file was changed outside Redline or is damaged)")]
    IdTooLarge(integrity::Item),
    /// The project has handed out every id there is.
    #[error("no more {0} can be added: the project's ids have reached the largest number")]
    IdsExhausted(&'static str),
    /// Undo with nothing to undo.
    #[error("nothing to undo")]
    NothingToUndo,
    /// Redo with nothing to redo.
    #[error("nothing to redo")]
    NothingToRedo,
    /// A merge worked out against an earlier state of the project.
    #[error("the project changed after the copy was compared with it; bring the copy back again")]
    StaleMerge,
}
