//! The project file, `*.redline.ron`: human-readable RON, fields in a fixed
//! order, the text as one string per paragraph so that a changed paragraph
//! is a changed line under version control.
//!
//! Every file starts with `format_version`. Loading reads that first and
//! refuses a file from a newer Redline before parsing the rest; older
//! versions load through `#[serde(default)]` on fields added since. Spans are
//! stored as `(start_byte: .., end_byte: ..)`: byte offsets into the text
//! joined with `\n`.
//!
//! Versions are stored compactly: every distinct paragraph of every version
//! is kept once in `version_paragraphs`, and each version lists its
//! paragraphs as index ranges into it (`"0-45,47,46,48-1600"`). Fifty
//! versions of a long policy that differ by a few paragraphs cost little
//! more than one copy.

use super::FormatError;
use super::atomic::write_atomically;
use super::item_line::item_line;
use super::{read_bounded, utf8_text};
use crate::model::{
    Comment, Dismissal, Document, Item, LogEntry, MaterialChange, Notice, Project, ProjectParts,
    Settings, SignOffRecord, Suggestion, Version, VersionId, VersionStatus,
};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The project format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The file name ending of project files.
pub const EXTENSION: &str = ".redline.ron";

/// How deeply RON values may nest; deeper input is an error, not a crash.
const RECURSION_LIMIT: usize = 64;

/// How many bytes of version text one byte of a project file may stand for.
/// A version costs a few bytes of index ranges and shares its paragraphs
/// with the others, so a thousand versions of an unchanged policy expand
/// about a thousandfold; a file asking for more (one paragraph listed
/// thousands of times) is refused before any of it is built.
const VERSION_TEXT_PER_FILE_BYTE: usize = 1024;

#[derive(Serialize, Deserialize)]
struct ProjectFile {
    format_version: u32,
    document: DocumentFile,
    #[serde(default)]
    comments: Vec<Comment>,
    #[serde(default)]
    suggestions: Vec<Suggestion>,
    #[serde(default)]
    log: Vec<LogEntry>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    dismissals: Vec<Dismissal>,
    #[serde(default)]
    signoffs: Vec<SignOffRecord>,
    #[serde(default)]
    versions: Vec<VersionFile>,
    #[serde(default)]
    version_paragraphs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct VersionFile {
    id: VersionId,
    label: String,
    author: String,
    created: DateTime<Utc>,
    #[serde(default)]
    note: String,
    status: VersionStatus,
    title: String,
    effective_date: Option<NaiveDate>,
    /// Index ranges into `version_paragraphs`.
    paragraphs: String,
    #[serde(default)]
    material: bool,
    #[serde(default)]
    material_changes: Vec<MaterialChange>,
    #[serde(default)]
    notice: Option<Notice>,
}

#[derive(Serialize, Deserialize)]
struct DocumentFile {
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    effective_date: Option<NaiveDate>,
    paragraphs: Vec<String>,
}

#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// Reads a project file.
pub fn load(path: &Path) -> Result<Project, FormatError> {
    let bytes = read_bounded(path)?;
    from_ron_str(utf8_text(path, &bytes)?, path)
}

/// Parses project-file text; `origin` names it in errors.
pub fn from_ron_str(text: &str, origin: &Path) -> Result<Project, FormatError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let syntax_error = |error: ron::error::SpannedError| FormatError::Syntax {
        path: origin.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: match error.code {
            ron::Error::MissingStructField {
                field: "format_version",
                ..
            } => "no format_version: this is not a Redline project file".to_string(),
            // The probe's own name would mean nothing to the user.
            ron::Error::ExpectedDifferentStructName {
                expected: "VersionProbe",
                ..
            }
            | ron::Error::ExpectedNamedStructLike("VersionProbe") => {
                "this is not a Redline project file: one begins with `(format_version:`".to_string()
            }
            ron::Error::ExceededRecursionLimit => format!(
                "values are nested more than {RECURSION_LIMIT} deep here; a Redline project never nests that deep, so the file is damaged"
            ),
            code => code.to_string(),
        },
    };
    let probe: VersionProbe = options.from_str(text).map_err(syntax_error)?;
    if probe.format_version > FORMAT_VERSION {
        return Err(FormatError::TooNew {
            path: origin.to_path_buf(),
            found: probe.format_version,
            supported: FORMAT_VERSION,
        });
    }
    let file: ProjectFile = options.from_str(text).map_err(syntax_error)?;
    // Content errors name the item, and its line when it can be found.
    let invalid =
        |message: String, item: Option<Item>| match item.and_then(|item| item_line(text, item)) {
            Some(line) => FormatError::InvalidItem {
                path: origin.to_path_buf(),
                line,
                message,
            },
            None => FormatError::Invalid {
                path: origin.to_path_buf(),
                message,
            },
        };
    let mut versions = Vec::with_capacity(file.versions.len());
    let mut text_budget = text.len().saturating_mul(VERSION_TEXT_PER_FILE_BYTE);
    for version in file.versions {
        let text = decode_paragraphs(
            &version.paragraphs,
            &file.version_paragraphs,
            &mut text_budget,
        )
        .map_err(|problem| {
            invalid(
                format!("version {} \"{}\": {problem}", version.id, version.label),
                Some(Item::Version(version.id)),
            )
        })?;
        versions.push(Version {
            id: version.id,
            label: version.label,
            author: version.author,
            created: version.created,
            note: version.note,
            status: version.status,
            title: version.title,
            effective_date: version.effective_date,
            text,
            material: version.material,
            material_changes: version.material_changes,
            notice: version.notice,
        });
    }
    let parts = ProjectParts {
        document: Document {
            title: file.document.title,
            organisation: file.document.organisation,
            effective_date: file.document.effective_date,
            text: file.document.paragraphs.join("\n"),
        },
        comments: file.comments,
        suggestions: file.suggestions,
        log: file.log,
        versions,
        settings: file.settings,
        dismissals: file.dismissals,
        signoffs: file.signoffs,
    };
    Project::from_parts(parts).map_err(|error| invalid(error.to_string(), error.item()))
}

/// The project as project-file text.
pub fn to_ron_string(project: &Project) -> Result<String, FormatError> {
    let parts = project.to_parts();
    let document = parts.document;
    let mut file = ProjectFile {
        format_version: FORMAT_VERSION,
        document: DocumentFile {
            title: document.title,
            organisation: document.organisation,
            effective_date: document.effective_date,
            paragraphs: document.text.split('\n').map(str::to_string).collect(),
        },
        comments: parts.comments,
        suggestions: parts.suggestions,
        log: parts.log,
        settings: parts.settings,
        dismissals: parts.dismissals,
        signoffs: parts.signoffs,
        versions: Vec::new(),
        version_paragraphs: Vec::new(),
    };
    let mut pool = ParagraphPool::default();
    for version in parts.versions {
        let paragraphs = pool.encode(&version.text);
        file.versions.push(VersionFile {
            id: version.id,
            label: version.label,
            author: version.author,
            created: version.created,
            note: version.note,
            status: version.status,
            title: version.title,
            effective_date: version.effective_date,
            paragraphs,
            material: version.material,
            material_changes: version.material_changes,
            notice: version.notice,
        });
    }
    file.version_paragraphs = pool.paragraphs;
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ")
        .new_line("\n");
    let mut text =
        ron::ser::to_string_pretty(&file, pretty).map_err(|error| FormatError::Invalid {
            path: Default::default(),
            message: format!("cannot write the project: {error}"),
        })?;
    text.push('\n');
    Ok(text)
}

/// Saves the project atomically, keeping the previous file as `.bak`,
/// whatever is on disk (see [`super::project_io`] for saving a file that was
/// opened).
pub fn save(path: &Path, project: &Project) -> Result<super::atomic::Written, FormatError> {
    let text = to_ron_string(project)?;
    write_atomically(path, text.as_bytes(), true)
}

/// The distinct paragraphs of all versions, each kept once.
#[derive(Default)]
struct ParagraphPool {
    paragraphs: Vec<String>,
    index_of: HashMap<String, usize>,
}

impl ParagraphPool {
    /// The version's paragraphs as index ranges, adding new ones to the pool.
    fn encode(&mut self, text: &str) -> String {
        let indices: Vec<usize> = text
            .split('\n')
            .map(|paragraph| {
                if let Some(&index) = self.index_of.get(paragraph) {
                    return index;
                }
                self.paragraphs.push(paragraph.to_string());
                self.index_of
                    .insert(paragraph.to_string(), self.paragraphs.len() - 1);
                self.paragraphs.len() - 1
            })
            .collect();
        let mut ranges: Vec<String> = Vec::new();
        let mut run_start = 0;
        for position in 1..=indices.len() {
            let run_continues =
                position < indices.len() && indices[position] == indices[position - 1] + 1;
            if !run_continues {
                let (first, last) = (indices[run_start], indices[position - 1]);
                ranges.push(if first == last {
                    first.to_string()
                } else {
                    format!("{first}-{last}")
                });
                run_start = position;
            }
        }
        ranges.join(",")
    }
}

/// The text of a version from its index ranges into the pool, taking its
/// length from `budget` first: text beyond the budget is never built.
fn decode_paragraphs(ranges: &str, pool: &[String], budget: &mut usize) -> Result<String, String> {
    let mut paragraphs: Vec<&str> = Vec::new();
    for range in ranges.split(',') {
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let parse = |number: &str| {
            number
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("{range:?} is not a paragraph index range"))
        };
        let (first, last) = (parse(first)?, parse(last)?);
        if first > last || last >= pool.len() {
            return Err(format!(
                "paragraph range {range:?} is outside the {} stored paragraphs",
                pool.len()
            ));
        }
        for paragraph in &pool[first..=last] {
            // Each paragraph and the line break after it.
            *budget = budget.checked_sub(paragraph.len() + 1).ok_or_else(|| {
                format!(
                    "its paragraph list {range:?} repeats more text than a project file of this size can hold; the file is damaged"
                )
            })?;
            paragraphs.push(paragraph);
        }
    }
    Ok(paragraphs.join("\n"))
}
