//! Conversion of byte offsets (the engine's unit) to character offsets
//! (Unicode scalar values, the unit of public JSON output).
//!
//! ```text
//!   text   "é😀x"
//!   bytes   0 2    6 7
//!   chars   0 1    2 3
//! ```
//!
//! Many offsets are converted in one pass over the text: the offsets are
//! visited in ascending order and only the text between two consecutive
//! offsets is counted. An offset that is not on a char boundary counts as the
//! boundary before it; one past the end counts as the end.

/// Character offset of each byte offset in `byte_offsets` (any order, repeats
/// allowed), in the same order; one pass over `text`.
///
/// ```
/// use redline::model::compare::byte_to_char_offsets;
/// assert_eq!(byte_to_char_offsets("é😀x", &[7, 0, 2, 6]), vec![3, 0, 1, 2]);
/// ```
pub fn byte_to_char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_unstable_by_key(|&index| byte_offsets.get(index).copied().unwrap_or(0));
    let mut chars = vec![0; byte_offsets.len()];
    let (mut byte_at, mut char_at) = (0, 0);
    for index in order {
        let target = floor_char_boundary(text, byte_offsets.get(index).copied().unwrap_or(0));
        if target > byte_at {
            char_at += text
                .get(byte_at..target)
                .map_or(0, |span| span.chars().count());
            byte_at = target;
        }
        if let Some(slot) = chars.get_mut(index) {
            *slot = char_at;
        }
    }
    chars
}

/// The greatest char boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_to_char_table() {
        let text = "Zoë 👍🏽\u{a0}ok";
        // (byte offset, char offset)
        let table: &[(usize, usize)] = &[
            (0, 0),
            (2, 2),
            (3, 2),
            (4, 3),
            (5, 4),
            (6, 4),
            (9, 5),
            (13, 6),
            (15, 7),
            (16, 8),
            (17, 9),
            (99, 9),
        ];
        let bytes: Vec<usize> = table.iter().map(|&(b, _)| b).collect();
        let expected: Vec<usize> = table.iter().map(|&(_, c)| c).collect();
        assert_eq!(byte_to_char_offsets(text, &bytes), expected);
        let reversed: Vec<usize> = bytes.iter().rev().copied().collect();
        let expected_reversed: Vec<usize> = expected.iter().rev().copied().collect();
        assert_eq!(byte_to_char_offsets(text, &reversed), expected_reversed);
    }
}
