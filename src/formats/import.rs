//! Importing any supported file: picks the importer from the file's
//! extension and content, or as the user says.
//!
//! Guessing, in order: a zip file (or `.docx`) is Word; `.md` / `.markdown`
//! is Markdown with CriticMarkup; a text file with the commented-text shape
//! (markers in the body and a trailing comment list) is commented text;
//! any other text is Markdown (CriticMarkup marks are read if present).

use super::{FormatError, Imported, commented_text, criticmarkup, docx, read_bounded, utf8_text};
use chrono::{DateTime, Utc};
use std::path::Path;

/// The formats Redline imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Text copied out of a commented word-processor document: `[T1]`
    /// markers in the body and a trailing comment list.
    Text,
    /// Markdown with CriticMarkup marks.
    Criticmarkup,
    /// Markdown (the same reader: CriticMarkup marks are read if present).
    Markdown,
    /// A Word document with comments and tracked changes.
    Docx,
}

impl ImportFormat {
    /// Guesses the format from the file name and its first bytes.
    pub fn guess(path: &Path, bytes: &[u8]) -> ImportFormat {
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "docx" => ImportFormat::Docx,
            _ if bytes.starts_with(b"PK\x03\x04") => ImportFormat::Docx,
            "md" | "markdown" => ImportFormat::Markdown,
            _ if std::str::from_utf8(bytes)
                .is_ok_and(commented_text::looks_like_commented_text) =>
            {
                ImportFormat::Text
            }
            _ => ImportFormat::Markdown,
        }
    }
}

/// Reads and imports a file, in `format` or the guessed one.
pub fn import_file(
    path: &Path,
    format: Option<ImportFormat>,
    now: DateTime<Utc>,
) -> Result<Imported, FormatError> {
    let bytes = read_bounded(path)?;
    import_bytes(path, &bytes, format, now)
}

/// Imports file content; `path` names it (for guessing and in messages).
pub fn import_bytes(
    path: &Path,
    bytes: &[u8],
    format: Option<ImportFormat>,
    now: DateTime<Utc>,
) -> Result<Imported, FormatError> {
    let format = format.unwrap_or_else(|| ImportFormat::guess(path, bytes));
    match format {
        ImportFormat::Docx => docx::import(bytes, path),
        ImportFormat::Text => commented_text::import(utf8_text(path, bytes)?, path, now),
        ImportFormat::Criticmarkup | ImportFormat::Markdown => {
            criticmarkup::import(utf8_text(path, bytes)?, path, now)
        }
    }
}
