//! Exporting a project or one of its versions: the one place that turns a
//! project into an export's bytes, for the CLI and the GUI alike, and writes
//! the manifest beside an export of a signed-off version. A signed-off
//! version is exported only while its sign-off holds (it still matches its
//! record, the chain is intact); the policy history names each version's
//! sign-off with its overrides and their reasons.

use super::atomic::{WriteRules, write_checked};
use super::manifest::write_manifest;
use super::publish::{self, HistoryEntry, PaperSize, Publication};
use super::{FormatError, criticmarkup, docx};
use crate::model::dates::long_date;
use crate::model::signoff::overrides_in_words;
use crate::model::{Project, SignOffRecord, Suggestion, SuggestionId, VersionId};
use std::path::{Path, PathBuf};

/// The formats Redline exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown with CriticMarkup marks: the draft with its pending
    /// suggestions and comments, for a reviewer.
    Criticmarkup,
    /// A Word document of the draft with its pending suggestions as real
    /// tracked changes and its comments as real comments, for a reviewer.
    DocxRedline,
    /// A clean Word document with real headings.
    Docx,
    /// A standalone, printable HTML page.
    Html,
    /// Markdown.
    Md,
    /// Plain text.
    Txt,
    /// PDF with embedded fonts, page numbers and the effective date.
    Pdf,
}

impl ExportFormat {
    /// Every format, for menus.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Criticmarkup,
        ExportFormat::DocxRedline,
        ExportFormat::Docx,
        ExportFormat::Html,
        ExportFormat::Md,
        ExportFormat::Txt,
        ExportFormat::Pdf,
    ];

    /// The file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Criticmarkup => "review.md",
            ExportFormat::DocxRedline => "review.docx",
            ExportFormat::Docx => "docx",
            ExportFormat::Html => "html",
            ExportFormat::Md => "md",
            ExportFormat::Txt => "txt",
            ExportFormat::Pdf => "pdf",
        }
    }

    /// The name in menus and manifests.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Criticmarkup => "criticmarkup",
            ExportFormat::DocxRedline => "docx-redline",
            ExportFormat::Docx => "docx",
            ExportFormat::Html => "html",
            ExportFormat::Md => "md",
            ExportFormat::Txt => "txt",
            ExportFormat::Pdf => "pdf",
        }
    }

    /// True for formats that carry the draft's review (not a clean text).
    pub fn is_review(self) -> bool {
        matches!(self, ExportFormat::Criticmarkup | ExportFormat::DocxRedline)
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// A version, or `None` for the draft.
    pub version: Option<VersionId>,
    /// Add the policy history at the end (publication formats).
    pub history: bool,
    /// The paper of a PDF; `None`: the one of the system's locale (Letter
    /// in the United States and Canada, A4 elsewhere).
    pub paper: Option<PaperSize>,
    /// Show the version's internal label on the published page.
    pub version_label: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOutcome {
    /// The manifest written beside it, for a signed-off version.
    pub manifest: Option<PathBuf>,
    /// Pending suggestions of the draft left out of a clean export.
    pub pending_left_out: usize,
    /// What the format could not keep, with counts, and what writing the
    /// file could not keep (e.g. its owner).
    pub warnings: Vec<String>,
}

/// What `request`'s format cannot keep of the content it exports, each
/// with its count (Markdown has no merged cells, letter numbering, …).
pub fn export_warnings(project: &Project, request: ExportRequest) -> Vec<String> {
    let content = match request.version.and_then(|id| project.version(id)) {
        Some(version) => &version.content,
        None => project.content(),
    };
    let mut warnings = match request.format {
        ExportFormat::Criticmarkup | ExportFormat::Md => super::markdown::render(content).warnings,
        ExportFormat::Docx | ExportFormat::DocxRedline => docx::export_warnings(content),
        ExportFormat::Html => Vec::new(),
        ExportFormat::Pdf => publish::pdf::export_warnings(content),
        ExportFormat::Txt => publish::text::export_warnings(content),
    };
    let footnotes = pending_footnotes(project);
    if request.format.is_review() && footnotes > 0 {
        let threads = project
            .comments()
            .iter()
            .filter(|comment| {
                comment
                    .attached_to
                    .is_some_and(|id| on_pending_footnote(project, id))
            })
            .count();
        let with_threads = match threads {
            0 => String::new(),
            1 => " (nor the comment thread on it)".to_string(),
            _ => format!(" (nor the {threads} comment threads on them)"),
        };
        warnings.push(format!(
            "{footnotes} suggested footnote{} not in this copy{with_threads}: a review copy cannot carry a footnote still pending (accept or reject it first)",
            if footnotes == 1 { " is" } else { "s are" }
        ));
    }
    warnings
}

/// True for either half of a suggested footnote still pending.
fn is_pending_footnote(suggestion: &Suggestion) -> bool {
    suggestion.status.is_pending() && suggestion.note.is_some()
}

/// True when `id` is part of a suggested footnote still pending.
fn on_pending_footnote(project: &Project, id: SuggestionId) -> bool {
    project.suggestion(id).is_some_and(is_pending_footnote)
}

/// The suggested footnotes still pending (each counted once: by its
/// reference).
fn pending_footnotes(project: &Project) -> usize {
    project
        .suggestions()
        .iter()
        .filter(|suggestion| is_pending_footnote(suggestion))
        .filter(|suggestion| !suggestion.is_note_paragraph())
        .count()
}

/// The project a review copy is written from: without the suggested
/// footnotes still pending (and threads on their words), which no review
/// format carries yet; `None` when there are none.
fn without_pending_footnotes(project: &Project) -> Option<Project> {
    if pending_footnotes(project) == 0 {
        return None;
    }
    let mut parts = project.to_parts();
    parts
        .suggestions
        .retain(|suggestion| !is_pending_footnote(suggestion));
    parts.comments.retain(|comment| {
        comment
            .attached_to
            .is_none_or(|id| !on_pending_footnote(project, id))
    });
    Project::from_parts(parts).ok()
}

/// The bytes of an export.
pub fn export_bytes(project: &Project, request: ExportRequest) -> Result<Vec<u8>, FormatError> {
    let invalid = |message: String| FormatError::Invalid {
        path: PathBuf::new(),
        message,
    };
    let version = match request.version {
        Some(id) => Some(
            project
                .version(id)
                .ok_or_else(|| invalid(format!("there is no version {id}")))?,
        ),
        None => None,
    };
    if request.format.is_review() && version.is_some() {
        return Err(invalid(
            "a review export carries the draft with its pending suggestions; export the draft"
                .to_string(),
        ));
    }
    let history: Vec<HistoryEntry> = if request.history {
        history_of(project)
    } else {
        Vec::new()
    };
    let document = project.document();
    let publication = Publication {
        title: version.map_or(document.title.as_str(), |version| version.title.as_str()),
        organisation: &document.organisation,
        effective_date: version.map_or(document.effective_date, |version| version.effective_date),
        version_label: version
            .filter(|_| request.version_label)
            .map(|version| version.label.as_str()),
        content: version.map_or(project.content(), |version| &version.content),
        history: request.history.then_some(history.as_slice()),
        language: "en",
        paper: request.paper.unwrap_or_else(PaperSize::of_system),
    };
    let reviewed = if request.format.is_review() {
        without_pending_footnotes(project)
    } else {
        None
    };
    let review = reviewed.as_ref().unwrap_or(project);
    match request.format {
        ExportFormat::Criticmarkup => Ok(criticmarkup::export(review).into_bytes()),
        ExportFormat::DocxRedline => docx::export_redline(review),
        ExportFormat::Docx => docx::export_clean(publication.content, publication.title),
        ExportFormat::Html => Ok(publish::to_html(&publication).into_bytes()),
        ExportFormat::Md => Ok(publish::to_markdown(&publication).into_bytes()),
        ExportFormat::Txt => Ok(publish::to_plain_text(&publication).into_bytes()),
        ExportFormat::Pdf => {
            publish::to_pdf(&publication).map_err(|error| invalid(error.to_string()))
        }
    }
}

/// The policy history, as the publication formats print it: each frozen
/// version with its sign-off (purpose, signer, overrides and their reasons).
fn history_of(project: &Project) -> Vec<HistoryEntry> {
    project
        .policy_history()
        .into_iter()
        .map(|line| {
            let signoff = project
                .signoffs()
                .iter()
                .rev()
                .find(|record| record.version_label == line.version);
            let summary = match signoff {
                Some(record) if line.summary.ends_with(['.', '!', '?']) => {
                    format!("{} {}", line.summary, signoff_in_words(record))
                }
                Some(record) => format!("{}. {}", line.summary, signoff_in_words(record)),
                None => line.summary,
            };
            HistoryEntry {
                version: line.version,
                effective_date: line.effective_date,
                summary,
                notice: line.notice,
            }
        })
        .collect()
}

/// "Signed off for publication by Maren Oyelaran-Fisk (General Counsel) on
/// March 1, 2026; overridden: C5 (reason: …)."
fn signoff_in_words(record: &SignOffRecord) -> String {
    let purpose = record
        .purpose
        .map(|purpose| format!(" for {}", purpose.name()))
        .unwrap_or_default();
    let mut words = format!(
        "Signed off{purpose} by {} ({}) on {}",
        record.signer,
        record.role,
        long_date(record.at.date_naive())
    );
    if !record.overrides.is_empty() {
        words.push_str("; overridden: ");
        words.push_str(&overrides_in_words(&record.overrides));
    }
    words.push('.');
    words
}

/// Writes an export to `path` (atomically, as `rules` allow), and its
/// manifest beside it when the version is signed off or published, signed
/// with `signing_key` when given. A signed-off version is exported only while its sign-off holds:
/// the version still matches its record and the project's sign-off chain is
/// intact; otherwise nothing is written.
pub fn export_to_file(
    project: &Project,
    request: ExportRequest,
    path: &Path,
    signing_key: Option<&[u8; 32]>,
    rules: &WriteRules<'_>,
) -> Result<ExportOutcome, FormatError> {
    let signed = request.version.and_then(|id| {
        let frozen = project
            .version(id)
            .is_some_and(|version| version.status.is_frozen());
        let last = project
            .signoffs()
            .iter()
            .rposition(|record| record.version == id)?;
        frozen.then_some(last)
    });
    if signed.is_some() {
        let problems = project.signoff_problems();
        if !problems.is_empty() {
            return Err(FormatError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "not written: the sign-off no longer holds: {}",
                    problems.join("; ")
                ),
            });
        }
    }
    let bytes = export_bytes(project, request)?;
    let written = write_checked(path, &bytes, rules)?;
    let manifest = match signed {
        Some(last) => Some(write_manifest(
            path,
            &bytes,
            request.format.name(),
            &project.signoffs()[..=last],
            signing_key,
        )?),
        None => None,
    };
    let pending_left_out = if request.version.is_none() && !request.format.is_review() {
        project
            .suggestions()
            .iter()
            .filter(|suggestion| suggestion.status.is_pending())
            .count()
    } else {
        0
    };
    Ok(ExportOutcome {
        manifest,
        pending_left_out,
        warnings: export_warnings(project, request)
            .into_iter()
            .chain(written.warnings)
            .collect(),
    })
}

/// `policy.redline.ron` + `v2` + pdf → `policy-v2.pdf`, beside the project.
pub fn default_export_path(
    project_path: &Path,
    version_label: Option<&str>,
    format: ExportFormat,
) -> PathBuf {
    let name = project_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(super::project_file::EXTENSION)
        .unwrap_or(&name);
    let suffix = version_label
        .map(|label| format!("-{}", file_name_safe(label)))
        .unwrap_or_default();
    project_path.with_file_name(format!("{stem}{suffix}.{}", format.extension()))
}

/// A version label as part of a file name: letters, digits, `-`, `_` and
/// `.` kept, anything else (spaces, `/`, `\\`, `:`...) a `-`, so that the
/// name stays one name in the project's folder (`x/../../y` → `x-..-..-y`).
pub fn file_name_safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
