//! Positions in the policy text.
//!
//! The model counts **bytes** (UTF-8 code units) and every position lies on a
//! char boundary. egui counts chars and the JSON dump counts Unicode scalar
//! values; the conversions live here so that no other module does its own
//! counting. Every variable holding a position names its unit
//! (`byte_in_doc`, `char_in_doc`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte offset into the document text, always on a char boundary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ByteOffset(pub usize);

impl fmt::Display for ByteOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}", self.0)
    }
}

/// Converts many byte offsets to char (Unicode scalar) offsets in one pass over
/// `text`. The result is in the same order as `bytes_in_text`. Offsets that are
/// past the end or not on a char boundary are converted as if rounded down to
/// the previous boundary.
///
/// ```
/// use redline::model::offset::char_offsets;
/// // "é" is two bytes, one char.
/// assert_eq!(char_offsets("né a", &[0, 1, 3, 4, 99]), vec![0, 1, 2, 3, 4]);
/// ```
pub fn char_offsets(text: &str, bytes_in_text: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes_in_text.len()).collect();
    order.sort_unstable_by_key(|&i| bytes_in_text[i]);
    let mut chars_in_text = vec![0; bytes_in_text.len()];
    let mut char_starts = text.char_indices().map(|(byte, _)| byte).peekable();
    let mut chars_before = 0;
    for i in order {
        let target_byte = floor_char_boundary(text, bytes_in_text[i]);
        while char_starts.next_if(|&start| start < target_byte).is_some() {
            chars_before += 1;
        }
        chars_in_text[i] = chars_before;
    }
    chars_in_text
}

/// Converts many char offsets to byte offsets in one pass over `text`; the
/// result is in the same order as `chars_in_text`. Char offsets past the end
/// become `text.len()`.
///
/// ```
/// use redline::model::offset::byte_offsets;
/// assert_eq!(byte_offsets("né a", &[0, 1, 2, 3, 4, 9]), vec![0, 1, 3, 4, 5, 5]);
/// ```
pub fn byte_offsets(text: &str, chars_in_text: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..chars_in_text.len()).collect();
    order.sort_unstable_by_key(|&i| chars_in_text[i]);
    let mut bytes_in_text = vec![text.len(); chars_in_text.len()];
    let mut boundaries = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .enumerate();
    let mut current = boundaries.next();
    for i in order {
        while let Some((char_index, _)) = current {
            if char_index >= chars_in_text[i] {
                break;
            }
            current = boundaries.next();
        }
        bytes_in_text[i] = current.map_or(text.len(), |(_, byte)| byte);
    }
    bytes_in_text
}

/// The largest char boundary of `text` at or before `byte_in_text`.
pub fn floor_char_boundary(text: &str, byte_in_text: usize) -> usize {
    if byte_in_text >= text.len() {
        return text.len();
    }
    let mut byte = byte_in_text;
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}
