//! Word .docx import and export, with real comments and tracked changes.
//!
//! - [`import`] reads a package with a streaming reader (`zip` +
//!   `quick-xml`), bounded against hostile files (limits in `package.rs`
//!   and `xml.rs`); the rules for turning Word's markup into the original text
//!   plus suggestions and comments are in `read.rs`.
//! - [`export_redline`] writes a draft with its pending suggestions as
//!   `w:ins`/`w:del` (and `w:moveFrom`/`w:moveTo`) and its comments with
//!   replies and resolved state; [`export_clean`] writes plain text with
//!   real heading styles. The mapping is in `write.rs`.
//!
//! Text conventions: one paragraph per line; Heading 1-3 (by style or
//! outline level) ↔ `# `/`## `/`### `; bulleted list items ↔ `- `;
//! numbered list items are imported as `1. `, `2. `... and exported as that
//! literal text.

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

/// Writes `content` as a clean .docx (no changes, no comments) with real
/// heading styles and bulleted lists, titled `title`.
pub fn export_clean(
    content: &crate::model::content::Content,
    title: &str,
) -> Result<Vec<u8>, FormatError> {
    write::export_clean(content, title)
}
