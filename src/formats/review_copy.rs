//! Copies for review: writing what a send carries, marked with its round,
//! and reading a reviewer's copy back with its mark.
//!
//! The mark is the round's opaque id ([`RoundId`]), so the copy is known
//! when it returns, renamed or re-saved:
//! - in a .docx, a custom document property ([`docx_round::ROUND_PROPERTY`]),
//!   which Word and LibreOffice keep when they save;
//! - in CriticMarkup/Markdown (and commented text), a comment line at the
//!   end of the file, `<!-- redline-round: r… -->`, which Markdown renderers
//!   do not show. Reading strips the mark lines before the importer sees
//!   the text.
//!
//! When chosen, the version label and the review log travel the same way
//! (a property, or a comment block at the end): never in the policy's words.
//!
//! For the merge, [`carried_base`] reads the base back through the same
//! writer and importer as the copy, so that what the format cannot carry
//! (formatting the reader does not keep) is not taken for the reviewer's
//! change.

use super::docx_round::{self, LOG_PROPERTY, ROUND_PROPERTY, VERSION_PROPERTY};
use super::export::file_name_safe;
use super::import::ImportFormat;
use super::project_file::EXTENSION;
use super::response_report::{self, ResponseFormat};
use super::{FormatError, Imported, commented_text, criticmarkup, docx, utf8_text};
use crate::model::blocks::Block;
use crate::model::content::Content;
use crate::model::marks::{MarkRun, MarkSpan};
use crate::model::rounds::{
    Outgoing, ROUND_ID_BYTES, ResponseReport, RoundId, SendOptions, SendRecord,
};
use crate::model::signoff::sha256_hex;
use crate::model::{Document, Person, Project, ProjectParts};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The formats a copy can be sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SendFormat {
    /// Word, with pending suggestions as tracked changes and threads as
    /// comments.
    DocxRedline,
    /// Word, the text alone.
    Docx,
    /// Markdown with CriticMarkup marks.
    Criticmarkup,
}

impl SendFormat {
    /// The name in rounds and messages.
    pub fn name(self) -> &'static str {
        match self {
            SendFormat::DocxRedline => "docx-redline",
            SendFormat::Docx => "docx",
            SendFormat::Criticmarkup => "criticmarkup",
        }
    }

    /// The file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            SendFormat::DocxRedline => "review.docx",
            SendFormat::Docx => "docx",
            SendFormat::Criticmarkup => "review.md",
        }
    }

    /// The format named so in a round, if any.
    pub fn from_name(name: &str) -> Option<SendFormat> {
        [
            SendFormat::DocxRedline,
            SendFormat::Docx,
            SendFormat::Criticmarkup,
        ]
        .into_iter()
        .find(|format| format.name() == name)
    }
}

/// What a copy carries besides the policy, when chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyExtras {
    /// The label of the version sent.
    pub version_label: Option<String>,
    /// The review log, one entry per line.
    pub review_log: Option<String>,
}

/// `policy.redline.ron` to Tomasz Wielgosz →
/// `policy-to-Tomasz-Wielgosz.review.docx`, beside the project.
pub fn default_copy_path(project: &Path, reviewer: &str, format: SendFormat) -> PathBuf {
    let name = project
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(EXTENSION).unwrap_or(&name);
    project.with_file_name(format!(
        "{stem}-to-{}.{}",
        file_name_safe(reviewer),
        format.extension()
    ))
}

/// Where the response report going with `copy` is written:
/// `copy.review.docx` → `copy.review.responses.html`.
pub fn responses_path(copy: &Path, format: ResponseFormat) -> PathBuf {
    let name = copy
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    copy.with_file_name(format!("{stem}.responses.{}", format.extension()))
}

/// What a send may carry beyond the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Include {
    /// Other reviewers' threads and suggestions.
    OtherReviewers,
    /// The label of the version sent.
    VersionLabel,
    /// The review log.
    ReviewLog,
}

impl Include {
    /// The choice in words, as a round records it.
    pub fn words(self) -> &'static str {
        match self {
            Include::OtherReviewers => "other reviewers' items",
            Include::VersionLabel => "the version label",
            Include::ReviewLog => "the review log",
        }
    }
}

/// A send worked out: what goes, what stays home (the preview), and the
/// response report when one was asked for and there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendPlan {
    /// The reviewer.
    pub reviewer: String,
    /// The threads and suggestions that go, with the document.
    pub outgoing: Outgoing,
    /// The version label and review log, when chosen.
    pub extras: CopyExtras,
    /// What was chosen beyond the default.
    pub includes: Vec<Include>,
    /// The response report to the reviewer's previous round, when asked
    /// for and a copy of theirs came back.
    pub report: Option<ResponseReport>,
    /// What goes and what stays home, one line each.
    pub preview: Vec<String>,
}

/// Works out a send of `project` to `reviewer` (see
/// [`crate::model::rounds::Outgoing`]); `responses` asks for the response
/// report.
pub fn plan_send(
    project: &Project,
    reviewer: &str,
    includes: &[Include],
    responses: bool,
) -> SendPlan {
    let chosen = |what| includes.contains(&what);
    let outgoing = project.outgoing(&SendOptions {
        reviewer: reviewer.to_string(),
        other_reviewers: chosen(Include::OtherReviewers),
    });
    let mut preview = outgoing.preview();
    let extras = CopyExtras {
        version_label: chosen(Include::VersionLabel).then(|| project.label_to_send()),
        review_log: chosen(Include::ReviewLog).then(|| review_log(project)),
    };
    for (included, what) in [
        (extras.version_label.is_some(), Include::VersionLabel),
        (extras.review_log.is_some(), Include::ReviewLog),
    ] {
        preview.push(if included {
            format!(
                "goes: {} (in the file's properties, not in the text)",
                what.words()
            )
        } else {
            format!("stays home: {}", what.words())
        });
    }
    let report = responses
        .then(|| project.response_report(reviewer))
        .flatten();
    if let Some(report) = &report {
        preview.push(format!(
            "goes: a response report answering {} comment{} of round {}",
            report.rows.len(),
            if report.rows.len() == 1 { "" } else { "s" },
            report.round
        ));
    }
    SendPlan {
        reviewer: reviewer.to_string(),
        outgoing,
        extras,
        includes: includes.to_vec(),
        report,
        preview,
    }
}

/// The copy's bytes in `format`, marked with `round`, and the record of the
/// send to apply ([`crate::model::Command::RecordSending`]) once the file is
/// written.
pub fn write_send(
    plan: &SendPlan,
    format: SendFormat,
    round: RoundId,
) -> Result<(Vec<u8>, SendRecord), FormatError> {
    let bytes = write_copy(&plan.outgoing.parts, format, &round, &plan.extras)?;
    let record = SendRecord {
        round,
        reviewer: Person::new(plan.reviewer.as_str(), Person::initials_of(&plan.reviewer)),
        format: format.name().to_string(),
        file_hash: sha256_hex(&bytes),
        comments: plan.outgoing.comments.clone(),
        suggestions: plan.outgoing.suggestions.clone(),
        included: plan
            .includes
            .iter()
            .map(|what| what.words().to_string())
            .collect(),
        responses: plan.report.is_some(),
    };
    Ok((bytes, record))
}

/// A new round id from the system's random bytes; `file` is the copy it
/// marks (named in the error).
pub fn new_round_id(file: &Path) -> Result<RoundId, FormatError> {
    let mut bytes = [0; ROUND_ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| FormatError::Invalid {
        path: file.to_path_buf(),
        message: format!("cannot make a round id: the system gave no random bytes ({error})"),
    })?;
    Ok(RoundId::from_random(bytes))
}

/// The response report files that go beside the copy at `copy` when the
/// plan has a report: HTML and PDF, and Word too for a Word copy; each path with
/// its bytes.
pub fn response_files(
    plan: &SendPlan,
    format: SendFormat,
    copy: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, FormatError> {
    let Some(report) = &plan.report else {
        return Ok(Vec::new());
    };
    let mut formats = vec![ResponseFormat::Html, ResponseFormat::Pdf];
    if format != SendFormat::Criticmarkup {
        formats.push(ResponseFormat::Docx);
    }
    formats
        .into_iter()
        .map(|response_format| {
            Ok((
                responses_path(copy, response_format),
                response_report::render(report, response_format)?,
            ))
        })
        .collect()
}

/// The review log, one entry per line.
fn review_log(project: &Project) -> String {
    project
        .log()
        .iter()
        .map(|entry| {
            format!(
                "{} {}: {}",
                entry.at.format("%Y-%m-%d %H:%M"),
                entry.by,
                entry.event
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const TEXT_MARK: &str = "redline-round:";
const TEXT_VERSION: &str = "redline-version:";
const TEXT_LOG: &str = "redline-review-log:";

/// The bytes of a copy of `outgoing` in `format`, marked with `round`.
pub fn write_copy(
    outgoing: &ProjectParts,
    format: SendFormat,
    round: &RoundId,
    extras: &CopyExtras,
) -> Result<Vec<u8>, FormatError> {
    let origin = Path::new(format.extension());
    let project = Project::from_parts(outgoing.clone()).map_err(|error| FormatError::Invalid {
        path: origin.to_path_buf(),
        message: format!("the copy cannot be made: {error}"),
    })?;
    let mut properties: Vec<(&str, &str)> = vec![(ROUND_PROPERTY, round.as_str())];
    if let Some(label) = &extras.version_label {
        properties.push((VERSION_PROPERTY, label));
    }
    if let Some(log) = &extras.review_log {
        properties.push((LOG_PROPERTY, log));
    }
    match format {
        SendFormat::DocxRedline => {
            docx_round::with_properties(&docx::export_redline(&project)?, &properties, origin)
        }
        SendFormat::Docx => docx_round::with_properties(
            &docx::export_clean(project.content(), &project.document().title)?,
            &properties,
            origin,
        ),
        SendFormat::Criticmarkup => {
            let mut text = criticmarkup::export(&project);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&text_marks(round, extras));
            Ok(text.into_bytes())
        }
    }
}

/// The comment lines that mark a text copy.
fn text_marks(round: &RoundId, extras: &CopyExtras) -> String {
    let mut lines = format!("\n<!-- {TEXT_MARK} {round} -->\n");
    if let Some(label) = &extras.version_label {
        lines.push_str(&format!(
            "<!-- {TEXT_VERSION} {} -->\n",
            label.replace("--", "- -")
        ));
    }
    if let Some(log) = &extras.review_log {
        lines.push_str(&format!(
            "<!-- {TEXT_LOG}\n{}\n-->\n",
            log.replace("--", "- -")
        ));
    }
    lines
}

/// A reviewer's copy as read for a merge.
#[derive(Debug, Clone)]
pub struct ReturnedCopy {
    /// What its importer read.
    pub imported: Imported,
    /// Its format.
    pub format: ImportFormat,
    /// The round its mark names, if it has one.
    pub round: Option<RoundId>,
    /// A round mark that is there but unreadable, in words.
    pub bad_mark: Option<String>,
    /// Who last saved it, from the file's properties (.docx).
    pub last_saved_by: Option<String>,
    /// SHA-256 (hex) of the file.
    pub file_hash: String,
}

/// What a returned copy says about itself, read without importing it.
#[derive(Debug, Clone)]
pub struct CopyMark {
    /// Its format.
    pub format: ImportFormat,
    /// The round its mark names, if it has one.
    pub round: Option<RoundId>,
    /// A round mark that is there but unreadable, in words.
    pub bad_mark: Option<String>,
    /// Who last saved it, from the file's properties (.docx).
    pub last_saved_by: Option<String>,
    /// For a text copy, its text without the mark lines.
    text: Option<String>,
}

/// Reads a returned copy (`path` names it, for guessing and messages).
pub fn read_returned(
    path: &Path,
    bytes: &[u8],
    format: Option<ImportFormat>,
    now: DateTime<Utc>,
) -> Result<ReturnedCopy, FormatError> {
    let mark = read_mark(path, bytes, format)?;
    let imported = import_copy(path, bytes, &mark, now)?;
    Ok(ReturnedCopy {
        imported,
        format: mark.format,
        round: mark.round,
        bad_mark: mark.bad_mark,
        last_saved_by: mark.last_saved_by,
        file_hash: sha256_hex(bytes),
    })
}

/// Reads a copy's mark and properties (quick: nothing is imported).
pub fn read_mark(
    path: &Path,
    bytes: &[u8],
    format: Option<ImportFormat>,
) -> Result<CopyMark, FormatError> {
    let format = format.unwrap_or_else(|| ImportFormat::guess(path, bytes));
    if format == ImportFormat::Docx {
        let properties = docx_round::read_properties(bytes, path)?;
        let mark = properties.custom(ROUND_PROPERTY);
        let round = mark.and_then(RoundId::parse);
        let bad_mark = match (mark, &round) {
            (Some(text), None) => Some(format!(
                "the {ROUND_PROPERTY} property reads {text:?}, which is not a round id"
            )),
            _ => None,
        };
        return Ok(CopyMark {
            format,
            round,
            bad_mark,
            last_saved_by: properties.last_modified_by,
            text: None,
        });
    }
    let (text, round, bad_mark) = strip_text_marks(utf8_text(path, bytes)?);
    Ok(CopyMark {
        format,
        round,
        bad_mark,
        last_saved_by: None,
        text: Some(text),
    })
}

/// Imports a copy whose mark was read with [`read_mark`].
pub fn import_copy(
    path: &Path,
    bytes: &[u8],
    mark: &CopyMark,
    now: DateTime<Utc>,
) -> Result<Imported, FormatError> {
    match (&mark.text, mark.format) {
        (None, _) => docx::import(bytes, path),
        (Some(text), ImportFormat::Text) => commented_text::import(text, path, now),
        (Some(text), _) => criticmarkup::import(text, path, now),
    }
}

/// The text without its mark lines (and comment blocks), the round they
/// name, and what was wrong with a mark that names none.
fn strip_text_marks(text: &str) -> (String, Option<RoundId>, Option<String>) {
    let mut kept = String::with_capacity(text.len());
    let mut round = None;
    let mut bad_mark = None;
    let mut in_log = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if in_log {
            in_log = !trimmed.ends_with("-->");
            continue;
        }
        let Some(inner) = trimmed
            .strip_prefix("<!--")
            .map(str::trim_start)
            .filter(|inner| {
                inner.starts_with(TEXT_MARK)
                    || inner.starts_with(TEXT_VERSION)
                    || inner.starts_with(TEXT_LOG)
            })
        else {
            kept.push_str(line);
            continue;
        };
        if let Some(rest) = inner.strip_prefix(TEXT_MARK) {
            let id = rest.trim_end_matches("-->").trim();
            match RoundId::parse(id) {
                Some(found) => round = Some(found),
                None => {
                    bad_mark = Some(format!(
                        "the round mark reads {id:?}, which is not a round id"
                    ));
                }
            }
        } else if inner.starts_with(TEXT_LOG) {
            in_log = !trimmed.ends_with("-->");
        }
    }
    // The blank line written before the marks goes with them.
    let trimmed_len = kept.trim_end_matches('\n').len();
    if round.is_some() || bad_mark.is_some() {
        kept.truncate(trimmed_len);
        kept.push('\n');
    }
    (kept, round, bad_mark)
}

/// The base as a copy's format carried it, and whether formatting can be
/// compared at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// The base as the format carries it.
    pub content: Content,
    /// The copy carries inline formatting (a copy with no marks at all
    /// from a base that has some was read by a reader that keeps none).
    pub formatting: bool,
}

/// The base as the copy's format carries it: `base` written as a copy in
/// `format` would be and read back. `None` when the format has no writer
/// (commented text): compare the words only then.
///
/// Only the paragraphs the copy does not have exactly as the base has them
/// (words; and block and marks when the copy has marks at all, else
/// formatting is not compared) are written and read back — a paragraph the copy has unchanged was evidently carried — and
/// the rest is the base's own. When many paragraphs differ, or those read
/// back do not match one for one, the whole base goes through the format.
pub fn carried_base(
    base: &Content,
    copy: &Content,
    title: &str,
    format: SendFormat,
) -> Option<Carried> {
    let formatting = !copy.marks.is_empty() || base.marks.is_empty();
    // Without formatting to compare, only the words need carrying.
    let key = |content: &'_ Content, range: Range<usize>, block: &Block| {
        let words = content.text[range.clone()].to_string();
        if formatting {
            (words, Some((block.clone(), content.marks.runs(range))))
        } else {
            (words, None)
        }
    };
    let in_copy: HashSet<ParagraphKey> = copy
        .paragraphs()
        .map(|(range, block)| key(copy, range, block))
        .collect();
    let paragraphs = base.blocks.len();
    let differing: Vec<usize> = base
        .paragraphs()
        .enumerate()
        .filter(|(_, (range, block))| !in_copy.contains(&key(base, range.clone(), block)))
        .map(|(index, _)| index)
        .collect();
    let whole = || {
        round_trip(base, title, format).map(|content| Carried {
            content,
            formatting,
        })
    };
    if differing.is_empty() {
        return Some(Carried {
            content: base.clone(),
            formatting,
        });
    }
    if differing.len() * 4 > paragraphs {
        return whole();
    }
    let mut pieces = pieces_of(base);
    let chosen: Vec<Piece<'_>> = differing
        .iter()
        .map(|&index| pieces[index].clone())
        .collect();
    let carried = round_trip(&spliced(&chosen), title, format)?;
    if carried.blocks.len() != differing.len() {
        return whole();
    }
    for (index, piece) in differing.into_iter().zip(pieces_of(&carried)) {
        pieces[index] = piece;
    }
    Some(Carried {
        content: spliced(&pieces),
        formatting,
    })
}

/// The paragraphs of `content` as pieces.
fn pieces_of(content: &Content) -> Vec<Piece<'_>> {
    content
        .paragraphs()
        .map(|(range, block)| Piece {
            text: &content.text[range.clone()],
            block,
            marks: content.marks.in_range(range.clone()).collect(),
            start: range.start,
        })
        .collect()
}

/// One paragraph of a content: its words, block and mark spans (in the
/// content's positions, its words starting at `start`).
#[derive(Clone)]
struct Piece<'a> {
    text: &'a str,
    block: &'a Block,
    marks: Vec<MarkSpan>,
    start: usize,
}

/// Paragraphs one after the other, as a content of their own.
fn spliced(pieces: &[Piece<'_>]) -> Content {
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut spans = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let offset = text.len();
        text.push_str(piece.text);
        blocks.push(piece.block.clone());
        spans.extend(piece.marks.iter().map(|span| MarkSpan {
            range: span.range.start - piece.start + offset..span.range.end - piece.start + offset,
            marks: span.marks.clone(),
        }));
    }
    let plain = Content::plain(text.clone());
    Content::new(text, blocks, spans).unwrap_or(plain)
}

/// A paragraph as [`carried_base`] compares it: its words, and its block and
/// mark runs when formatting is compared.
type ParagraphKey = (String, Option<(Block, Vec<MarkRun>)>);

/// `content` written in `format` and read back.
fn round_trip(content: &Content, title: &str, format: SendFormat) -> Option<Content> {
    let project = Project::new(Document::new(title, content.clone()));
    let origin = Path::new(format.extension());
    let imported = match format {
        SendFormat::DocxRedline => docx::import(&docx::export_redline(&project).ok()?, origin),
        SendFormat::Docx => docx::import(&docx::export_clean(content, title).ok()?, origin),
        SendFormat::Criticmarkup => criticmarkup::import(
            &criticmarkup::export(&project),
            origin,
            DateTime::<Utc>::UNIX_EPOCH,
        ),
    };
    imported
        .ok()
        .map(|imported| imported.parts.document.content)
}

/// The send format whose writer made a copy read in `format`, when it has
/// one (commented text has none).
pub fn writer_of(format: ImportFormat) -> Option<SendFormat> {
    match format {
        ImportFormat::Docx => Some(SendFormat::DocxRedline),
        ImportFormat::Criticmarkup | ImportFormat::Markdown => Some(SendFormat::Criticmarkup),
        ImportFormat::Text => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(text: &str) -> ProjectParts {
        ProjectParts {
            document: Document::new("Policy", Content::plain(text)),
            ..ProjectParts::default()
        }
    }

    #[test]
    fn every_format_carries_its_round_back() {
        let round = RoundId::from_random([7; 8]);
        let extras = CopyExtras {
            version_label: Some("v3".into()),
            review_log: Some("2026-03-01 sent -- to Tomasz".into()),
        };
        for format in [
            SendFormat::DocxRedline,
            SendFormat::Docx,
            SendFormat::Criticmarkup,
        ] {
            let bytes = write_copy(
                &outgoing("We collect data.\nWe keep it."),
                format,
                &round,
                &extras,
            )
            .expect("written");
            let path = Path::new("renamed").with_extension(if format == SendFormat::Criticmarkup {
                "md"
            } else {
                "docx"
            });
            let copy =
                read_returned(&path, &bytes, None, DateTime::<Utc>::UNIX_EPOCH).expect("read");
            assert_eq!(copy.round, Some(round.clone()), "{format:?}");
            assert_eq!(
                copy.imported.parts.document.content.text, "We collect data.\nWe keep it.",
                "{format:?}: the marks are not words of the policy"
            );
            assert_eq!(copy.file_hash, sha256_hex(&bytes));
        }
    }

    #[test]
    fn a_mark_that_names_no_round_is_reported() {
        let (text, round, bad) = strip_text_marks("Words.\n\n<!-- redline-round: nonsense -->\n");
        assert_eq!(text, "Words.\n");
        assert_eq!(round, None);
        assert_eq!(
            bad.as_deref(),
            Some("the round mark reads \"nonsense\", which is not a round id")
        );
        let (text, round, bad) = strip_text_marks("<!-- a comment -->\nWords.\n");
        assert_eq!(
            (text.as_str(), round, bad),
            ("<!-- a comment -->\nWords.\n", None, None)
        );
    }

    #[test]
    fn the_carried_base_reads_as_the_format_reads_it() {
        let content = Content::from_marked_text("# Title\nWe collect data.\n- one\n- two");
        let copy = Content::from_marked_text("# Title\nWe collect your data.\n- one\n- two");
        for format in [
            SendFormat::DocxRedline,
            SendFormat::Docx,
            SendFormat::Criticmarkup,
        ] {
            for against in [&content, &copy] {
                let carried = carried_base(&content, against, "Title", format).expect("carried");
                assert_eq!(carried.content.text, content.text, "{format:?}");
                assert_eq!(carried.content.blocks[0], content.blocks[0], "{format:?}");
            }
        }
        assert_eq!(writer_of(ImportFormat::Text), None);
    }

    #[test]
    fn copies_and_reports_are_named_after_the_project_and_the_reviewer() {
        let copy = default_copy_path(
            Path::new("/p/policy.redline.ron"),
            "Tomasz Wielgosz",
            SendFormat::DocxRedline,
        );
        assert_eq!(copy, Path::new("/p/policy-to-Tomasz-Wielgosz.review.docx"));
        assert_eq!(
            responses_path(&copy, ResponseFormat::Html),
            Path::new("/p/policy-to-Tomasz-Wielgosz.review.responses.html")
        );
    }
}
