//! Opening and saving a project file without losing anyone's work: what a
//! file held when it was opened is remembered (its content hash), and a save
//! goes ahead only while the file still holds it, so a newer save by another
//! program or Redline window is never replaced unless the user says so.
//!
//! The GUI and the CLI both open and save through here; the checks
//! themselves are [`super::atomic::write_checked`]'s.

use super::atomic::{ContentHash, Expect, WriteRules, Written, write_checked};
use super::lock::EditLock;
use super::project_file::{from_ron_str, to_ron_string};
use super::{FormatError, read_bounded, utf8_text};
use crate::model::Project;
use std::path::Path;

/// A project as read from its file.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The project.
    pub project: Project,
    /// What the file held: a save expects to find it still there.
    pub hash: ContentHash,
}

/// Reads a project file, remembering what it held.
pub fn open(path: &Path) -> Result<Opened, FormatError> {
    let bytes = read_bounded(path)?;
    let project = from_ron_str(utf8_text(path, &bytes)?, path)?;
    Ok(Opened {
        project,
        hash: ContentHash::of(&bytes),
    })
}

/// Saves `project` to `path` atomically, keeping the previous file as
/// `.bak`, if what is on disk is what `expect` says (for a file that was
/// opened: [`Expect::Unchanged`] with the hash it held then, or of the last
/// save). `edit_lock` is the saving window's own lock, if any.
pub fn save(
    path: &Path,
    project: &Project,
    expect: Expect,
    edit_lock: Option<&EditLock>,
) -> Result<Written, FormatError> {
    let text = to_ron_string(project)?;
    write_checked(
        path,
        text.as_bytes(),
        &WriteRules {
            expect,
            keep_backup: true,
            edit_lock,
            new_file_mode: None,
        },
    )
}
