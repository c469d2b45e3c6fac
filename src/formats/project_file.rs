//! The project file, `*.redline.ron`: human-readable RON, fields in a fixed
//! order, the text as one string per paragraph so that a changed paragraph
//! is a changed line under version control.
//!
//! Every file starts with `format_version`. Loading reads that first and
//! refuses a file from a newer Redline before parsing the rest; older
//! versions load through `#[serde(default)]` on fields added since. Spans are
//! stored as `(start_byte: .., end_byte: ..)`: byte offsets into the text
//! joined with `\n`.

use super::FormatError;
use super::atomic::write_atomically;
use crate::model::{Comment, Document, LogEntry, Project, ProjectParts, Suggestion};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The project format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The file name ending of project files.
pub const EXTENSION: &str = ".redline.ron";

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// How deeply RON values may nest; deeper input is an error, not a crash.
const RECURSION_LIMIT: usize = 64;

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
    let io_error = |source| FormatError::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let (line, column) = line_and_column(valid);
        FormatError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: "the file is not valid UTF-8 text".to_string(),
        }
    })?;
    from_ron_str(&text, path)
}

/// Parses project-file text; `origin` names it in errors.
pub fn from_ron_str(text: &str, origin: &Path) -> Result<Project, FormatError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let syntax_error = |error: ron::error::SpannedError| FormatError::Syntax {
        path: origin.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: error.code.to_string(),
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
    };
    Project::from_parts(parts).map_err(|error| FormatError::Invalid {
        path: origin.to_path_buf(),
        message: error.to_string(),
    })
}

/// The project as project-file text.
pub fn to_ron_string(project: &Project) -> Result<String, FormatError> {
    let parts = project.to_parts();
    let document = parts.document;
    let file = ProjectFile {
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
    };
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

/// Saves the project atomically, keeping the previous file as `.bak`.
pub fn save(path: &Path, project: &Project) -> Result<(), FormatError> {
    let text = to_ron_string(project)?;
    write_atomically(path, text.as_bytes(), true)
}

/// 1-based line and column of the end of `bytes`.
fn line_and_column(bytes: &[u8]) -> (usize, usize) {
    let line = bytes.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = bytes
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |index| index + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
