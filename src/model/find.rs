//! Finding text in the policy: the matches that Find steps through and
//! Replace changes.

use std::ops::Range;

/// Byte ranges of the non-overlapping occurrences of `query` in `text`, left
/// to right; without `match_case`, ASCII letters match in either case (the
/// ranges stay valid because ASCII case changes keep byte lengths). An empty
/// query matches nothing.
///
/// ```
/// use redline::model::find::find_all;
/// assert_eq!(find_all("Data, data, DATA", "data", false), [0..4, 6..10, 12..16]);
/// assert_eq!(find_all("Data, data, DATA", "data", true), [6..10]);
/// assert_eq!(find_all("aaa", "aa", true), [0..2]);
/// ```
pub fn find_all(text: &str, query: &str, match_case: bool) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    let (haystack, needle) = if match_case {
        (text.to_owned(), query.to_owned())
    } else {
        (text.to_ascii_lowercase(), query.to_ascii_lowercase())
    };
    haystack
        .match_indices(&needle)
        .map(|(start, found)| start..start + found.len())
        .collect()
}
