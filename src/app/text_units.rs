//! The one place where the app converts between the model's byte offsets and
//! egui's char offsets (the document editor's caret and selection live in
//! document bytes; only drawing and hit-testing a galley need chars).
//!
//! The model counts bytes of the document (`byte_in_doc`); an egui galley or
//! `TextEdit` counts chars of the text it shows (`char_in_display`). A
//! paragraph on screen is not a plain slice of the document: pending
//! insertions and the candidates of alternatives are shown inline as
//! *virtual* text that is not in the document yet. A [`DisplayMap`] records,
//! for one paragraph, which runs of the shown text come from the document and
//! which are virtual:
//!
//! ```text
//!   document:  We collect data.            (insertion "all " suggested at byte 10)
//!   display:   We collect all data.
//!   segments:  [doc 0..10][virtual "all "][doc 10..16]
//! ```
//!
//! Invariants: segments are contiguous in display chars and bytes, in order,
//! and doc segments are in increasing document order.

use crate::model::SuggestionId;
use crate::model::blocks::{NOTE_REFERENCE, SOFT_BREAK};
use std::ops::Range;

/// Where a run of displayed text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentSource {
    /// Document text starting at this byte.
    Doc {
        /// The document byte of the segment's first char.
        byte_in_doc: usize,
    },
    /// One document character shown as other text: a soft line break
    /// (U+2028) as a line break, a note reference (U+FFFC) as `*`.
    Substitute {
        /// The document byte of the character.
        byte_in_doc: usize,
        /// Its length in bytes.
        doc_len: usize,
    },
    /// Text a pending suggestion would put in, anchored at a document byte.
    Virtual {
        /// The suggestion whose text this is.
        suggestion: SuggestionId,
        /// The document byte the virtual text sits at.
        byte_in_doc: usize,
    },
}

/// A run of displayed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Its chars in the displayed text.
    pub chars_in_display: Range<usize>,
    /// Its bytes in the displayed text.
    pub bytes_in_display: Range<usize>,
    /// Where it comes from.
    pub source: SegmentSource,
}

/// A position of the displayed text, seen from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocPosition {
    /// A position in document text.
    Doc {
        /// The document byte.
        byte_in_doc: usize,
    },
    /// A position inside (or at the end of) a suggestion's virtual text.
    InVirtual {
        /// The suggestion.
        suggestion: SuggestionId,
        /// The document byte its text sits at.
        byte_in_doc: usize,
        /// True at the very end of the virtual text.
        at_end: bool,
    },
}

impl DocPosition {
    /// The document byte of the position (virtual text counts as its anchor).
    pub fn byte_in_doc(self) -> usize {
        match self {
            DocPosition::Doc { byte_in_doc } | DocPosition::InVirtual { byte_in_doc, .. } => {
                byte_in_doc
            }
        }
    }
}

/// How one paragraph's displayed text maps onto the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayMap {
    /// The displayed text.
    pub text: String,
    /// Its runs.
    pub segments: Vec<Segment>,
    /// The document byte where the paragraph starts (for an empty paragraph).
    pub paragraph_start_byte_in_doc: usize,
}

impl DisplayMap {
    /// An empty map for a paragraph starting at `byte_in_doc`.
    pub fn new(paragraph_start_byte_in_doc: usize) -> DisplayMap {
        DisplayMap {
            paragraph_start_byte_in_doc,
            ..DisplayMap::default()
        }
    }

    /// Appends document text that starts at `byte_in_doc`; soft line
    /// breaks are shown as line breaks and note references as `*`.
    pub fn push_doc(&mut self, text: &str, byte_in_doc: usize) {
        let mut start = 0;
        for (at, character) in text.match_indices([SOFT_BREAK, NOTE_REFERENCE]) {
            self.push(
                &text[start..at],
                SegmentSource::Doc {
                    byte_in_doc: byte_in_doc + start,
                },
            );
            let shown = if character.starts_with(SOFT_BREAK) {
                "\n"
            } else {
                "*"
            };
            self.push(
                shown,
                SegmentSource::Substitute {
                    byte_in_doc: byte_in_doc + at,
                    doc_len: character.len(),
                },
            );
            start = at + character.len();
        }
        self.push(
            &text[start..],
            SegmentSource::Doc {
                byte_in_doc: byte_in_doc + start,
            },
        );
    }

    /// Appends a suggestion's virtual text shown at `byte_in_doc`. Newlines
    /// are shown as `¶` so the paragraph stays one galley (same char count).
    pub fn push_virtual(&mut self, text: &str, suggestion: SuggestionId, byte_in_doc: usize) {
        let shown = text.replace('\n', "¶");
        self.push(
            &shown,
            SegmentSource::Virtual {
                suggestion,
                byte_in_doc,
            },
        );
    }

    /// Appends one document character shown as other text (a note
    /// reference shown as its number).
    pub fn push_substitute(&mut self, shown: &str, byte_in_doc: usize, doc_len: usize) {
        self.push(
            shown,
            SegmentSource::Substitute {
                byte_in_doc,
                doc_len,
            },
        );
    }

    fn push(&mut self, text: &str, source: SegmentSource) {
        if text.is_empty() {
            return;
        }
        let chars_start = self.char_len();
        let bytes_start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            chars_in_display: chars_start..chars_start + text.chars().count(),
            bytes_in_display: bytes_start..self.text.len(),
            source,
        });
    }

    /// The number of chars displayed.
    pub fn char_len(&self) -> usize {
        self.segments
            .last()
            .map_or(0, |segment| segment.chars_in_display.end)
    }

    /// The document position of a displayed char offset. At a boundary between
    /// a doc segment and virtual text, the doc side wins unless `prefer_virtual`.
    pub fn doc_position(&self, char_in_display: usize, prefer_virtual: bool) -> DocPosition {
        let mut best: Option<DocPosition> = None;
        for segment in &self.segments {
            let range = &segment.chars_in_display;
            if char_in_display < range.start || char_in_display > range.end {
                continue;
            }
            let position = match segment.source {
                SegmentSource::Substitute {
                    byte_in_doc,
                    doc_len,
                } => DocPosition::Doc {
                    byte_in_doc: if char_in_display > range.start {
                        byte_in_doc + doc_len
                    } else {
                        byte_in_doc
                    },
                },
                SegmentSource::Doc { byte_in_doc } => {
                    let shown = &self.text[segment.bytes_in_display.clone()];
                    DocPosition::Doc {
                        byte_in_doc: byte_in_doc
                            + byte_of_char(shown, char_in_display - range.start),
                    }
                }
                SegmentSource::Virtual {
                    suggestion,
                    byte_in_doc,
                } => DocPosition::InVirtual {
                    suggestion,
                    byte_in_doc,
                    at_end: char_in_display == range.end,
                },
            };
            let strictly_inside = range.start < char_in_display && char_in_display < range.end;
            let is_virtual = matches!(position, DocPosition::InVirtual { .. });
            if strictly_inside {
                return position;
            }
            match best {
                None => best = Some(position),
                Some(_) if is_virtual == prefer_virtual => best = Some(position),
                Some(_) => {}
            }
        }
        best.unwrap_or(DocPosition::Doc {
            byte_in_doc: self.paragraph_start_byte_in_doc,
        })
    }

    /// The displayed char offset of a document byte. Where virtual text sits
    /// at that byte, the offset is before it.
    pub fn char_in_display_of(&self, byte_in_doc: usize) -> usize {
        for segment in &self.segments {
            match segment.source {
                SegmentSource::Doc { byte_in_doc: start } => {
                    let shown = &self.text[segment.bytes_in_display.clone()];
                    if start <= byte_in_doc && byte_in_doc <= start + shown.len() {
                        return segment.chars_in_display.start
                            + char_of_byte(shown, byte_in_doc - start);
                    }
                }
                SegmentSource::Substitute {
                    byte_in_doc: at,
                    doc_len,
                } => {
                    if byte_in_doc == at {
                        return segment.chars_in_display.start;
                    }
                    if byte_in_doc == at + doc_len {
                        return segment.chars_in_display.end;
                    }
                }
                SegmentSource::Virtual {
                    byte_in_doc: anchor,
                    ..
                } => {
                    if anchor == byte_in_doc {
                        return segment.chars_in_display.start;
                    }
                }
            }
        }
        self.char_len()
    }

    /// The displayed char offset after all suggested text shown at
    /// `byte_in_doc` (where the caret goes after typing a suggestion), or
    /// the offset of the byte itself when none is shown there.
    pub fn char_after_virtual_at(&self, byte_in_doc: usize) -> usize {
        self.segments
            .iter()
            .filter(|segment| {
                matches!(segment.source,
                SegmentSource::Virtual { byte_in_doc: anchor, .. } if anchor == byte_in_doc)
            })
            .map(|segment| segment.chars_in_display.end)
            .max()
            .unwrap_or_else(|| self.char_in_display_of(byte_in_doc))
    }

    /// The displayed range of chars shown for document bytes
    /// `bytes_in_doc` (clipped to this paragraph).
    pub fn chars_in_display_of(&self, bytes_in_doc: Range<usize>) -> Range<usize> {
        let start = self.char_in_display_of(bytes_in_doc.start);
        let end = self.char_in_display_of(bytes_in_doc.end).max(start);
        start..end
    }
}

/// The byte offset of the `char_in_text`-th char of `text` (its length when past the end).
pub fn byte_of_char(text: &str, char_in_text: usize) -> usize {
    text.char_indices()
        .nth(char_in_text)
        .map_or(text.len(), |(byte, _)| byte)
}

/// The number of chars of `text` before `byte_in_text` (rounded down to a char boundary).
pub fn char_of_byte(text: &str, byte_in_text: usize) -> usize {
    let byte = crate::model::offset::floor_char_boundary(text, byte_in_text);
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_map() -> DisplayMap {
        // "né " (doc 0..4) + virtual "all " + "data" (doc 4..8)
        let mut map = DisplayMap::new(0);
        map.push_doc("né ", 0);
        map.push_virtual("all ", SuggestionId(7), 4);
        map.push_doc("data", 4);
        map
    }

    #[test]
    fn doc_positions_round_trip_through_display_chars() {
        let map = sample_map();
        // (char_in_display, prefer_virtual) -> expected
        let table = [
            (0, false, DocPosition::Doc { byte_in_doc: 0 }),
            (2, false, DocPosition::Doc { byte_in_doc: 3 }),
            (3, false, DocPosition::Doc { byte_in_doc: 4 }),
            (
                3,
                true,
                DocPosition::InVirtual {
                    suggestion: SuggestionId(7),
                    byte_in_doc: 4,
                    at_end: false,
                },
            ),
            (
                5,
                false,
                DocPosition::InVirtual {
                    suggestion: SuggestionId(7),
                    byte_in_doc: 4,
                    at_end: false,
                },
            ),
            (7, false, DocPosition::Doc { byte_in_doc: 4 }),
            (
                7,
                true,
                DocPosition::InVirtual {
                    suggestion: SuggestionId(7),
                    byte_in_doc: 4,
                    at_end: true,
                },
            ),
            (11, false, DocPosition::Doc { byte_in_doc: 8 }),
        ];
        for (char_in_display, prefer_virtual, expected) in table {
            assert_eq!(
                map.doc_position(char_in_display, prefer_virtual),
                expected,
                "char {char_in_display}"
            );
        }
        assert_eq!(map.char_in_display_of(3), 2);
        assert_eq!(map.char_in_display_of(4), 3);
        assert_eq!(map.char_in_display_of(5), 8);
        assert_eq!(map.char_after_virtual_at(4), 7);
    }
}
