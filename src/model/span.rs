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
