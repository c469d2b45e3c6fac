//! Bringing a reviewer's copy back, up to the merge plan: the one place,
//! for the CLI and the GUI alike, that decides the round, the base and the
//! reviewer of a copy read from a file, and reads the base back through the
//! copy's format; and the report of a merge in words ([`report_text`]),
//! the same on stdout and in the app.
//!
//! - Round: the one asked for, else the one the copy's mark names.
//! - Base: see [`choose_base`] (asked version, the round's version, or the
//!   version most like the copy; the draft when there are no versions).
//! - Reviewer (the author of edits made without Track Changes): the name
//!   given, else the round's reviewer, else the name in the file's
//!   properties (marked inferred); with none of them the caller must ask
//!   ([`Preparation::NeedsReviewer`]).

use super::import::ImportFormat;
use super::review_copy::{Carried, CopyMark, SendFormat, carried_base, writer_of};
use super::{FormatError, Imported};
use crate::model::content::Content;
use crate::model::rounds::{
    MergeReport, MergeRequest, Reviewer, Round, RoundId, RoundSource, choose_base,
};
use crate::model::signoff::sha256_hex;
use crate::model::{Person, Project, VersionId};
use std::path::Path;

/// What the user chose, beyond the copy itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BringBackChoices {
    /// The reviewer's name.
    pub reviewer: Option<String>,
    /// The round the copy comes back from (when its mark was lost).
    pub round: Option<RoundId>,
    /// The version the copy was made from.
    pub base: Option<VersionId>,
}

/// A merge ready to be planned, or what it still needs from the user.
#[derive(Debug, Clone)]
pub enum Preparation {
    /// Everything is known.
    Ready(Box<PreparedMerge>),
    /// The copy names no round of the project and no author: ask who
    /// reviewed it.
    NeedsReviewer,
}

/// What [`crate::model::Project::plan_merge`] needs, and how the copy was
/// compared.
#[derive(Debug, Clone)]
pub struct PreparedMerge {
    /// The request.
    pub request: MergeRequest,
    /// Formatting is compared (the copy, as read, carries some).
    pub formatting_compared: bool,
}

/// Prepares the merge of the copy at `path` (its `bytes`, its `mark` and
/// what its importer read) into `project`; `new_round` is a random id for
/// a copy that belongs to no round.
pub fn prepare_merge(
    project: &Project,
    path: &Path,
    bytes: &[u8],
    mark: &CopyMark,
    imported: Imported,
    choices: &BringBackChoices,
    new_round: RoundId,
) -> Result<Preparation, FormatError> {
    let invalid = |message: String| FormatError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    if let Some(id) = &choices.round
        && project.round_book().round(id).is_none()
    {
        return Err(invalid(format!(
            "the project has no round {id}; `redline versions` lists its rounds"
        )));
    }
    let round = match (&choices.round, &mark.round) {
        (Some(id), _) => Some((id, RoundSource::Asked)),
        (None, Some(id)) => Some((id, RoundSource::Mark)),
        (None, None) => None,
    };
    let base = choose_base(
        project,
        &imported.parts.document.content.text,
        round,
        choices.base,
    )
    .map_err(|error| invalid(error.to_string()))?;
    let found_round = base
        .round
        .as_ref()
        .and_then(|id| project.round_book().round(id));
    let named = |name: &str, inferred| Reviewer {
        person: Person::new(name.trim(), Person::initials_of(name.trim())),
        inferred,
    };
    let given = choices
        .reviewer
        .as_deref()
        .filter(|name| !name.trim().is_empty());
    let reviewer = match (given, found_round, &mark.last_saved_by) {
        (Some(name), _, _) => named(name, false),
        (None, Some(round), _) => Reviewer {
            person: round.reviewer.clone(),
            inferred: false,
        },
        (None, None, Some(name)) => named(name, true),
        (None, None, None) => return Ok(Preparation::NeedsReviewer),
    };
    let carried = carried_for(
        project,
        base.version,
        found_round,
        mark.format,
        &imported.parts.document.content,
    );
    let formatting_compared =
        mark.format != ImportFormat::Text && carried.as_ref().is_some_and(|c| c.formatting);
    Ok(Preparation::Ready(Box::new(PreparedMerge {
        request: MergeRequest {
            returned: imported.parts,
            carried_base: carried.map(|carried| carried.content),
            base,
            reviewer,
            file_hash: sha256_hex(bytes),
            new_round,
            compare_formatting: formatting_compared,
        },
        formatting_compared,
    })))
}

/// The base `version` (the draft for `None`) read back through the writer
/// of the copy's round, else of its format (see [`carried_base`]).
fn carried_for(
    project: &Project,
    version: Option<VersionId>,
    round: Option<&Round>,
    format: ImportFormat,
    copy: &Content,
) -> Option<Carried> {
    let writer = round
        .and_then(|round| round.sent.as_ref())
        .and_then(|sending| SendFormat::from_name(&sending.format))
        .or_else(|| writer_of(format))?;
    let content = match version.and_then(|id| project.version(id)) {
        Some(found) => &found.content,
        None => project.content(),
    };
    carried_base(content, copy, &project.document().title, writer)
}

/// The report of a merge for people, as `redline merge` prints it and the
/// app shows it: `changed` says whether the project changed, `dry_run`
/// that nothing was applied, `compare_formatting` whether formatting was
/// compared.
pub fn report_text(
    report: &MergeReport,
    changed: bool,
    dry_run: bool,
    compare_formatting: bool,
) -> String {
    let mut out = format!(
        "{} {}'s copy{} (round {}{})\nbase: {} — {}\n",
        if dry_run {
            "would bring back"
        } else {
            "brought back"
        },
        report.reviewer,
        if report.reviewer_inferred {
            " (name inferred from the file's properties)"
        } else {
            ""
        },
        report.round,
        if report.round_is_new {
            ", new: the copy belongs to no round of this project"
        } else {
            ""
        },
        report.base,
        report.base_reason
    );
    out.push_str(&format!("came in: {}\n", report.counts.in_words(true)));
    if report.already_merged > 0 {
        out.push_str(&format!(
            "already brought in before: {} item{}\n",
            report.already_merged,
            if report.already_merged == 1 { "" } else { "s" }
        ));
    }
    if report.kept_deleted > 0 {
        out.push_str(&format!(
            "threads deleted in the copy, kept in the project: {}\n",
            report.kept_deleted
        ));
    }
    if report.resolved_in_copy > 0 {
        out.push_str(&format!(
            "threads marked resolved in the copy (left open here): {}\n",
            report.resolved_in_copy
        ));
    }
    if !compare_formatting {
        out.push_str("formatting was not compared: the copy, as read, carries none\n");
    }
    for line in &report.items {
        let mut marks = Vec::new();
        if line.orphaned {
            marks.push("orphaned");
        }
        if line.conflict {
            marks.push("conflict");
        }
        if line.rival {
            marks.push("rival");
        }
        out.push_str(&format!(
            "  {:<15} {}: {}{}\n",
            line.kind,
            line.author,
            one_line(&line.what),
            if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join(", "))
            }
        ));
    }
    if !changed && !dry_run {
        out.push_str("nothing changed in the project\n");
    }
    out
}

/// Text on one line, shortened.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' { '¶' } else { c })
        .collect();
    match flat.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
