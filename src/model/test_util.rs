//! A small notation for texts with named spans, so that mapping tests read
//! like documents (helix `test.rs`):
//!
//! ```text
//! "We [collect]{c1} data"   text "We collect data", span c1 = "collect"
//! "We []{p}collect"         an empty span p before "collect"
//! "[We [collect]{a} it]{b}" spans may nest
//! ```
//!
//! Used by unit tests, the integration tests and doc examples.

use super::span::Span;
use std::collections::BTreeMap;

/// Parses the notation into the plain text and the named spans.
///
/// ```
/// use redline::model::test_util::{parse, print};
/// let (text, spans) = parse("We [collect]{c1} data");
/// assert_eq!(text, "We collect data");
/// assert_eq!(&text[spans["c1"].range()], "collect");
/// assert_eq!(print(&text, &spans), "We [collect]{c1} data");
/// ```
///
/// # Panics
/// On malformed notation: this is test support, and a malformed test case is
/// a bug in the test.
pub fn parse(notation: &str) -> (String, BTreeMap<String, Span>) {
    let mut text = String::new();
    let mut spans = BTreeMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut rest = notation;
    while let Some(next) = rest.chars().next() {
        match next {
            '[' => {
                open.push(text.len());
                rest = &rest[1..];
            }
            ']' => {
                let start = open.pop().expect("a ']' without its '['");
                let close = rest.find('}').expect("a ']' without its '{name}'");
                let name = rest[1..close]
                    .strip_prefix('{')
                    .expect("']' must be followed by '{name}'");
                spans.insert(name.to_string(), Span::new(start, text.len()));
                rest = &rest[close + 1..];
            }
            other => {
                text.push(other);
                rest = &rest[other.len_utf8()..];
            }
        }
    }
    assert!(open.is_empty(), "a '[' was never closed");
    (text, spans)
}

/// Prints text and named spans in the notation (the inverse of [`parse`]).
pub fn print(text: &str, spans: &BTreeMap<String, Span>) -> String {
    // (byte, order, mark): at one byte, closing marks come before opening
    // ones, and an empty span opens and closes in place.
    let mut marks: Vec<(usize, u8, String)> = Vec::new();
    for (name, span) in spans {
        marks.push((span.start.0, 1, "[".to_string()));
        marks.push((
            span.end.0,
            if span.is_empty() { 2 } else { 0 },
            format!("]{{{name}}}"),
        ));
    }
    marks.sort();
    let mut printed = String::with_capacity(text.len() + marks.len() * 4);
    let mut byte_in_text = 0;
    for (byte, _, mark) in marks {
        printed.push_str(&text[byte_in_text..byte]);
        printed.push_str(&mark);
        byte_in_text = byte;
    }
    printed.push_str(&text[byte_in_text..]);
    printed
}
