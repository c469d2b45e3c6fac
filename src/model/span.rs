//! Anchored spans: the stretch of text a comment or suggestion is about.
//!
//! A non-empty span is anchored *inside* its text (zed's
//! `anchor_range_inside`): its start keeps to the text after it
//! ([`Bias::After`]) and its end to the text before it ([`Bias::Before`]), so
//! text typed at either edge stays outside and text typed inside makes it grow:
//!
//! ```text
//!   We [collect] data        typed at an edge:  We X[collect]X data
//!                            typed inside:      We [colXlect] data
//! ```
//!
//! An empty span (a point comment, the place of an insertion) keeps to the
//! text before it: text typed at the point goes after it.
//!
//! What happens when the text of a span is removed:
//! - all of it is replaced by new text: the span covers the new text;
//! - all of it is deleted with nothing in its place: the span becomes an
//!   empty span where the text was, and its owner is flagged *orphaned*;
//! - part of it is deleted or replaced: the span keeps what is left.

use super::ModelError;
use super::changeset::{Bias, ChangeSet};
use super::offset::ByteOffset;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A range of the document text in bytes, `start <= end`, both on char
/// boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    #[serde(rename = "start_byte")]
    pub start: ByteOffset,
    /// Byte just past the span.
    #[serde(rename = "end_byte")]
    pub end: ByteOffset,
}

/// A span after a change, and whether its text was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappedSpan {
    /// Where the span is now.
    pub span: Span,
    /// The span had text and all of it was deleted with nothing in its place.
    pub lost_all_text: bool,
}

impl Span {
    /// The span `start..end` in bytes.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: ByteOffset(start),
            end: ByteOffset(end),
        }
    }

    /// An empty span at `byte`.
    pub fn point(byte: usize) -> Span {
        Span::new(byte, byte)
    }

    /// The span as a byte range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start.0..self.end.0
    }

    /// True when the span covers no text.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.0 - self.start.0
    }

    /// True when the two spans share text, or one is a point strictly inside
    /// the other. Spans that only touch do not overlap.
    pub fn overlaps(self, other: Span) -> bool {
        let shares_text = self.start < other.end && other.start < self.end;
        let point_inside = |point: Span, range: Span| {
            point.is_empty() && range.start < point.start && point.start < range.end
        };
        shares_text || point_inside(self, other) || point_inside(other, self)
    }

    /// Checks that the span fits `text`: `start <= end`, both inside the
    /// text and on char boundaries.
    pub fn check(self, text: &str) -> Result<(), ModelError> {
        if self.start > self.end {
            return Err(ModelError::InvalidRange {
                start: self.start,
                end: self.end,
            });
        }
        for byte in [self.start, self.end] {
            if byte.0 > text.len() {
                return Err(ModelError::OutOfBounds {
                    byte,
                    len: text.len(),
                });
            }
            if !text.is_char_boundary(byte.0) {
                return Err(ModelError::NotCharBoundary { byte });
            }
        }
        Ok(())
    }

    /// Maps the span through `change` (see the module doc for the rules).
    pub fn map(self, change: &ChangeSet) -> MappedSpan {
        if self.is_empty() {
            let point = change.map(self.start, Bias::Before).offset;
            return MappedSpan {
                span: Span {
                    start: point,
                    end: point,
                },
                lost_all_text: false,
            };
        }
        let start = change.map(self.start, Bias::After).offset;
        let end = change.map(self.end, Bias::Before).offset;
        // The anchors cross only when the whole span was replaced: the start
        // went after the new text and the end before it.
        let span = if start > end {
            Span {
                start: end,
                end: start,
            }
        } else {
            Span { start, end }
        };
        MappedSpan {
            span,
            lost_all_text: start == end,
        }
    }

    /// True when the span starts or ends in one of `touched` (closed
    /// intervals, sorted): then the inverse change may not restore it exactly.
    pub fn is_touched_by(self, touched: &[Range<usize>]) -> bool {
        [self.start.0, self.end.0].into_iter().any(|byte| {
            let index = touched.partition_point(|range| range.end < byte);
            touched
                .get(index)
                .is_some_and(|range| range.start <= byte && byte <= range.end)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::changeset::Edit;
    use crate::model::test_util::{parse, print};

    /// (before, edit range in bytes, inserted text) → (after, lost all text)
    #[test]
    fn span_mapping_table() {
        let table: &[(&str, std::ops::Range<usize>, &str, &str, bool)] = &[
            // typed at either edge stays outside; typed inside grows the span
            (
                "We [collect]{c} data",
                3..3,
                "X",
                "We X[collect]{c} data",
                false,
            ),
            (
                "We [collect]{c} data",
                10..10,
                "X",
                "We [collect]{c}X data",
                false,
            ),
            (
                "We [collect]{c} data",
                5..5,
                "X",
                "We [coXllect]{c} data",
                false,
            ),
            // deleting part keeps the rest
            (
                "We [collect]{c} data",
                3..5,
                "",
                "We [llect]{c} data",
                false,
            ),
            (
                "We [collect]{c} data",
                0..5,
                "Ou",
                "Ou[llect]{c} data",
                false,
            ),
            // deleting all of it leaves an empty span: its owner is orphaned
            ("We [collect]{c} data", 3..10, "", "We []{c} data", true),
            ("We [collect]{c} data", 2..11, "", "We[]{c}data", true),
            // replacing all of it moves the span onto the new text
            (
                "We [collect]{c} data",
                3..10,
                "gather",
                "We [gather]{c} data",
                false,
            ),
            (
                "We [collect]{c} data",
                1..12,
                "e gathered d",
                "W[e gathered d]{c}ata",
                false,
            ),
            // a point keeps before text typed at it, and survives deletion
            ("We []{p}collect", 3..3, "X", "We []{p}Xcollect", false),
            ("We co[]{p}llect", 3..10, "", "We []{p}", false),
            // accented and emoji text
            (
                "Zoë [naïve 😀]{c} ok",
                5..5,
                "é",
                "Zoë é[naïve 😀]{c} ok",
                false,
            ),
            (
                "Zoë [naïve 😀]{c} ok",
                6..6,
                "é",
                "Zoë [néaïve 😀]{c} ok",
                false,
            ),
        ];
        for (before, range, inserted, expected, expected_lost) in table {
            let (text, spans) = parse(before);
            let content = crate::model::content::Content::plain(text);
            let change = ChangeSet::from_edits(&content, &[Edit::new(range.clone(), *inserted)])
                .expect("valid edit");
            let new_text = change.apply_to_text(&content.text);
            let mut lost = false;
            let mapped = spans
                .iter()
                .map(|(name, span)| {
                    let result = span.map(&change);
                    lost |= result.lost_all_text;
                    (name.clone(), result.span)
                })
                .collect();
            assert_eq!(
                print(&new_text, &mapped),
                *expected,
                "{before:?} {range:?}→{inserted:?}"
            );
            assert_eq!(lost, *expected_lost, "{before:?} {range:?}→{inserted:?}");
        }
    }

    #[test]
    fn overlap_rules() {
        let table = [
            ((0, 5), (3, 8), true),
            ((0, 5), (5, 8), false),
            ((3, 3), (0, 5), true),
            ((0, 3), (3, 3), false),
            ((2, 2), (2, 2), false),
        ];
        for ((a, b), (c, d), expected) in table {
            assert_eq!(
                Span::new(a, b).overlaps(Span::new(c, d)),
                expected,
                "{a}..{b} vs {c}..{d}"
            );
            assert_eq!(
                Span::new(c, d).overlaps(Span::new(a, b)),
                expected,
                "{c}..{d} vs {a}..{b}"
            );
        }
    }
}
