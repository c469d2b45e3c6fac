//! Reading and writing projects: the RON project file and every import and
//! export format. Uses the model, never the app.

pub mod atomic;
pub mod docx;
pub mod project_file;
pub mod sample;

use crate::model::ProjectParts;
use std::path::PathBuf;

/// What an importer produces: the project's parts and what the user should
/// be told about the input (markers without comments, unknown elements...).
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The imported document, comments and suggestions.
    pub parts: ProjectParts,
    /// Warnings, each naming where in the input it arose.
    pub warnings: Vec<String>,
}

/// Everything that can go wrong reading or writing a file.
///
/// Messages are lower-case, name the path, and say where in the file when
/// that is known.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// "cannot read", "cannot write", ...
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The file is not valid: what is wrong and where.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file was written by a newer Redline.
    #[error(
        "{path} was written by a newer version of Redline (project format {found}; this build reads formats up to {supported}): update Redline to open it"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its format version.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// The file is bigger than Redline will read.
    #[error("{path} is too large to open ({size} bytes; the limit is {limit} bytes)")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file parses but its content is inconsistent.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is inconsistent.
        message: String,
    },
}
