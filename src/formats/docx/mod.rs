//! Word .docx import and export: the policy's structure and formatting,
//! with real comments and tracked changes.
//!
//! - [`import`] reads a package with a streaming reader (`zip` +
//!   `quick-xml`), bounded against hostile files (limits in `package.rs`
//!   and `xml.rs`); the rules for turning Word's markup into text, blocks
//!   and marks plus suggestions and comments are in `read/`.
//! - [`export_redline`] writes a draft with its pending suggestions as
//!   tracked changes and its comments with replies and resolved state;
//!   [`export_clean`] writes the content alone. The mapping is in `write/`.
//!
//! | Word                                         | Redline                          |
//! |----------------------------------------------|----------------------------------|
//! | paragraph styles by outline level 1–6 (7–9 → 6), quote styles | heading / quote blocks |
//! | `w:numPr` (direct or by style), numbering.xml | list items with format, label pattern, start, restart |
//! | `w:tbl`, `w:gridSpan`, `w:vMerge`            | table cells with spans           |
//! | run properties and character styles         | bold, italic, underline, strike, super/subscript, small caps |
//! | `w:hyperlink`, `HYPERLINK` fields            | links (one allow-list)           |
//! | footnotes, endnotes                          | note paragraphs and references   |
//! | `w:br`, `w:tab`                              | soft line break (U+2028), tab    |
//! | `w:ins`, `w:del`, moves, `w:rPrChange`, `w:pPrChange` | suggestions              |

mod package;
mod read;
mod write;
mod xml;

use super::{FormatError, Imported};
use crate::model::Project;
use std::path::Path;

/// The first line of the comment that carries an Alternatives suggestion's
/// candidates in Word (the tracked change itself shows the first one).
pub const ALTERNATIVES_HEADER: &str = "Alternatives (choose one):";

/// Reads the .docx in `bytes`, the file at `origin` (named in errors).
///
/// Returns the document text as it stands before any pending change is
/// accepted, the comments and suggestions anchored to it, formatting-only
/// changes as review-log entries, and warnings. Hostile or broken input
/// gives a [`FormatError`], never a panic.
pub fn import(bytes: &[u8], origin: &Path) -> Result<Imported, FormatError> {
    read::read(bytes, origin)
}

/// What a Word export cannot keep of `content`, each with its count.
pub fn export_warnings(content: &crate::model::content::Content) -> Vec<String> {
    write::export_warnings(content)
}

/// Writes the draft as a .docx with its pending suggestions as real
/// tracked changes and its comments as real comments (with replies and
/// resolved state), for Word, LibreOffice and pandoc.
///
/// An Alternatives suggestion is written as a replacement by its first
/// candidate plus a comment by the same author, starting with
/// [`ALTERNATIVES_HEADER`], that lists every candidate; [`import`] turns the
/// pair back into one suggestion. A suggestion that overlaps another one
/// is written as a comment describing it.
pub fn export_redline(project: &Project) -> Result<Vec<u8>, FormatError> {
    write::export_redline(project)
}

/// Writes `content` as a clean .docx (no changes, no comments, no names)
/// with its structure and formatting, titled `title`.
pub fn export_clean(
    content: &crate::model::content::Content,
    title: &str,
) -> Result<Vec<u8>, FormatError> {
    write::export_clean(content, title)
}
