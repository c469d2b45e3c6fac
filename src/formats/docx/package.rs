//! Bounded reading of the zip package a .docx is.
//!
//! Only the parts Redline needs are decompressed, each through a `take()`
//! limit, so a hostile file cannot make the reader allocate more than the
//! limits below however it lies in its headers:
//! - at most [`MAX_ENTRIES`] entries in the central directory;
//! - at most [`MAX_PART_BYTES`] decompressed bytes per part, and at most
//!   [`MAX_RATIO`] times its compressed size (plus a small allowance, so tiny
//!   parts compress as well as they like);
//! - at most [`MAX_TOTAL_BYTES`] decompressed bytes in all.
//!
//! Every part must be UTF-8 (what Word, LibreOffice and pandoc write).

use super::super::FormatError;
use std::io::{Cursor, Read};
use std::path::Path;

/// Most entries a package may list.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one part may decompress to.
pub const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;
/// Most bytes all the parts read may decompress to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Highest decompressed : compressed ratio allowed for one part.
pub const MAX_RATIO: u64 = 100;
/// Parts smaller than this are exempt from the ratio check (XML of a few
/// kilobytes routinely compresses better than 100:1 when it is repetitive).
const RATIO_ALLOWANCE: u64 = 64 * 1024;

/// An opened package: reads parts by name within the limits.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    origin: &'a Path,
    total_read: u64,
}

impl<'a> Package<'a> {
    /// Opens the zip in `bytes`, the file at `origin`.
    pub fn open(bytes: &'a [u8], origin: &'a Path) -> Result<Package<'a>, FormatError> {
        let invalid = |message: String| FormatError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        if !bytes.starts_with(b"PK") {
            return Err(invalid(
                "not a Word document: a .docx is a zip package and this file is not one"
                    .to_string(),
            ));
        }
        if let Some(count) = declared_entry_count(bytes)
            && count > MAX_ENTRIES
        {
            return Err(invalid(format!(
                "the package lists {count} entries; the limit is {MAX_ENTRIES}"
            )));
        }
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| invalid(format!("not a readable zip package: {error}")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(invalid(format!(
                "the package lists {} entries; the limit is {MAX_ENTRIES}",
                archive.len()
            )));
        }
        Ok(Package {
            archive,
            origin,
            total_read: 0,
        })
    }

    /// The text of the part `name` (e.g. `word/document.xml`), `None` when
    /// the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let origin = self.origin;
        let invalid = |message: String| FormatError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|error| invalid(format!("cannot read the part {name}: {error}")))?;
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        let by_ratio = compressed.saturating_mul(MAX_RATIO).max(RATIO_ALLOWANCE);
        let remaining = MAX_TOTAL_BYTES.saturating_sub(self.total_read);
        let limit = MAX_PART_BYTES.min(by_ratio).min(remaining);
        if declared > limit {
            return Err(invalid(too_big(name, declared, compressed, limit)));
        }
        let mut bytes = Vec::with_capacity(declared as usize);
        let read = file
            .by_ref()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| invalid(format!("cannot decompress the part {name}: {error}")))?;
        if read as u64 > limit {
            return Err(invalid(too_big(name, read as u64, compressed, limit)));
        }
        self.total_read += read as u64;
        let text = String::from_utf8(bytes).map_err(|error| {
            invalid(format!(
                "the part {name} is not valid UTF-8 (at byte {})",
                error.utf8_error().valid_up_to()
            ))
        })?;
        // A byte order mark is allowed before the XML declaration.
        Ok(Some(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }
}

fn too_big(name: &str, size: u64, compressed: u64, limit: u64) -> String {
    format!(
        "the part {name} decompresses to more than {limit} bytes ({size} or more from {compressed} compressed; a zip bomb?)"
    )
}

/// The names that more than one entry of the central directory carries,
/// with how many carry each (the zip library reads the last of them). A
/// zip64 directory is not scanned (none of Word's packages needs one).
pub fn duplicate_names(bytes: &[u8]) -> Vec<(String, usize)> {
    const RECORD: usize = 22;
    const HEADER: usize = 46;
    let search_from = bytes.len().saturating_sub(RECORD + u16::MAX as usize);
    let tail = &bytes[search_from..];
    let Some(at) = tail.windows(4).rposition(|window| window == b"PK\x05\x06") else {
        return Vec::new();
    };
    let Some(record) = tail.get(at..at + RECORD) else {
        return Vec::new();
    };
    let entries = usize::from(u16::from_le_bytes([record[10], record[11]])).min(MAX_ENTRIES);
    let offset = u32::from_le_bytes([record[16], record[17], record[18], record[19]]) as usize;
    let mut counts: std::collections::BTreeMap<&[u8], usize> = std::collections::BTreeMap::new();
    let mut position = offset;
    for _ in 0..entries {
        let Some(header) = bytes.get(position..position + HEADER) else {
            break;
        };
        if &header[..4] != b"PK\x01\x02" {
            break;
        }
        let field =
            |index: usize| usize::from(u16::from_le_bytes([header[index], header[index + 1]]));
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let Some(name) = bytes.get(position + HEADER..position + HEADER + name_len) else {
            break;
        };
        *counts.entry(name).or_insert(0) += 1;
        position += HEADER + name_len + extra_len + comment_len;
    }
    counts
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(name, count)| (String::from_utf8_lossy(name).into_owned(), count))
        .collect()
}

/// The entry count from the end-of-central-directory record, read before
/// the zip library builds its index, so a directory of millions of entries
/// is refused cheaply.
fn declared_entry_count(bytes: &[u8]) -> Option<usize> {
    const RECORD: usize = 22;
    let search_from = bytes.len().saturating_sub(RECORD + u16::MAX as usize);
    let tail = &bytes[search_from..];
    let at = tail
        .windows(4)
        .rposition(|window| window == b"PK\x05\x06")?;
    let record = tail.get(at..at + RECORD)?;
    let total = u16::from_le_bytes([record[10], record[11]]);
    // 0xFFFF means "see the zip64 record": leave that to the zip library and
    // check its count afterwards.
    (total != u16::MAX).then_some(total as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_count_from_the_end_record() {
        let mut bytes = b"PK\x03\x04 whatever".to_vec();
        bytes.extend_from_slice(b"PK\x05\x06\0\0\0\0\x07\0\x07\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(declared_entry_count(&bytes), Some(7));
        assert_eq!(declared_entry_count(b"PK\x03\x04 no end record"), None);
    }
}
