//! Markdown: the policy's structure and formatting in CommonMark with GFM
//! tables, strikethrough and footnotes, both ways ([`parse`], [`render`]).
//! CriticMarkup ([`super::criticmarkup`]) works on top of it, through the
//! maps between Markdown positions and content positions kept here.
//!
//! `pulldown-cmark` reads Markdown: a CommonMark-conformant, well-kept
//! parser that reports every event's source range, which is what lets
//! comments made on the Markdown land on the same words of the content.

mod read;
mod write;

pub use read::{Parsed, parse};
pub use write::{Rendered, render};

use std::ops::Range;

/// One piece of a [`SourceMap`]: a stretch of Markdown and the content it
/// became, or (for a point) a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// The Markdown bytes.
    pub source: Range<usize>,
    /// Where the content it became starts.
    pub content_start: usize,
    /// How long that content is.
    pub content_len: usize,
    /// The content is the Markdown byte for byte, so positions inside map
    /// one to one.
    pub linear: bool,
}

impl Segment {
    /// A place: Markdown position `source_at` is content position
    /// `content_at`.
    pub fn point(source_at: usize, content_at: usize) -> Segment {
        Segment {
            source: source_at..source_at,
            content_start: content_at,
            content_len: 0,
            linear: true,
        }
    }

    fn content_end(&self) -> usize {
        self.content_start + self.content_len
    }
}

/// Where Markdown positions land in the content read from it. A position
/// inside the Markdown of some words maps into those words; one between
/// them (in markup) maps forward as the start of a range, backward as its
/// end, so a range never grows over the markup around it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
    content_len: usize,
}

impl SourceMap {
    pub(crate) fn new(mut segments: Vec<Segment>, content_len: usize) -> SourceMap {
        segments.sort_by_key(|segment| (segment.source.start, segment.source.end));
        SourceMap {
            segments,
            content_len,
        }
    }

    /// The content position a range starting at Markdown byte `source_at`
    /// starts at. Where pieces meet at that byte (one paragraph's end, the
    /// next one's start), the range starts in the later one.
    pub fn start(&self, source_at: usize) -> usize {
        let index = self.segments.partition_point(|segment| {
            segment.source.end <= source_at && segment.source.start < source_at
        });
        let Some(segment) = self.segments.get(index) else {
            return self.content_len;
        };
        if segment.source.start < source_at {
            return if segment.linear {
                segment.content_start + (source_at - segment.source.start)
            } else {
                segment.content_start
            };
        }
        self.segments[index..]
            .iter()
            .take_while(|other| other.source.start == segment.source.start)
            .map(|other| other.content_start)
            .max()
            .unwrap_or(segment.content_start)
    }

    /// The content position a range ending at Markdown byte `source_at`
    /// ends at. Where pieces meet at that byte (one paragraph's end, the
    /// next one's start), the range ends in the later one: a range marked
    /// up to the next paragraph's first word takes the break with it.
    pub fn end(&self, source_at: usize) -> usize {
        let after = self
            .segments
            .partition_point(|segment| segment.source.start <= source_at);
        let Some(segment) = after.checked_sub(1).map(|index| &self.segments[index]) else {
            return 0;
        };
        if source_at >= segment.source.end {
            segment.content_end()
        } else if segment.linear {
            segment.content_start + (source_at - segment.source.start)
        } else if source_at == segment.source.start {
            segment.content_start
        } else {
            segment.content_end()
        }
    }
}
