//! Reading and writing projects: the RON project file and every import and
//! export format. Uses the model, never the app.

pub mod atomic;
pub mod bring_back;
pub mod commented_text;
pub mod compare_report;
pub mod criticmarkup;
pub mod docx;
pub mod docx_round;
pub mod export;
pub mod import;
pub mod item_line;
pub mod lock;
pub mod manifest;
pub mod markdown;
pub mod print_markup;
pub mod project_file;
pub mod project_io;
pub mod publish;
pub mod redline_docx;
pub mod response_report;
pub mod review_copy;
pub mod sample;
pub mod signing_key;
pub mod trusted_keys;

use crate::model::ProjectParts;
use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

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
    #[error("{action} {path}: {reason}")]
    Io {
        /// "cannot read", "cannot write", ...
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The system's reason.
        reason: std::io::Error,
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
    /// The file on disk is not the one that was read: someone else saved
    /// it (or moved or deleted it) meanwhile.
    #[error(
        "{path} changed on disk after it was read (another program or Redline window saved it, or it was moved or deleted); nothing was written"
    )]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// A new file was to be written where a file already is.
    #[error("{path} already exists; nothing was written")]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// A Redline window has the file open.
    #[error("{path} is open in Redline by {holder}; nothing was written: close it there first")]
    Locked {
        /// The file.
        path: PathBuf,
        /// Who has it open.
        holder: Box<lock::LockHolder>,
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
    /// One item of the file (a comment, a version...) is inconsistent.
    #[error("{path}:{line}: {message}")]
    InvalidItem {
        /// The file.
        path: PathBuf,
        /// 1-based line of the item.
        line: usize,
        /// What is wrong, naming the item.
        message: String,
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

/// Reads a whole file, refusing one larger than [`MAX_FILE_BYTES`].
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, FormatError> {
    let io_error = |source| FormatError::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        reason: source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    std::fs::read(path).map_err(io_error)
}

/// The bytes as text, or an error naming the line and column of the first
/// byte that is not UTF-8.
pub fn utf8_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, FormatError> {
    std::str::from_utf8(bytes).map_err(|error| not_utf8(path, &bytes[..error.valid_up_to()]))
}

/// The bytes as a `String` without copying them, or the error of
/// [`utf8_text`].
pub fn utf8_string(path: &Path, bytes: Vec<u8>) -> Result<String, FormatError> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        not_utf8(path, &error.as_bytes()[..valid])
    })
}

/// The error for a file whose text is valid UTF-8 up to the end of `valid`.
fn not_utf8(path: &Path, valid: &[u8]) -> FormatError {
    let line_start = valid
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |index| index + 1);
    FormatError::Syntax {
        path: path.to_path_buf(),
        line: valid.iter().filter(|&&byte| byte == b'\n').count() + 1,
        column: String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1,
        message: "the file is not valid UTF-8 text".to_string(),
    }
}
