//! The caret and the selection, in model positions: document bytes on char
//! boundaries, never chars of a galley.
//!
//! A selection is an `anchor` (where it started) and a `focus` (where the
//! caret is); they are equal when nothing is selected. Both may lie in
//! different paragraphs or table cells: a selection runs in document order,
//! which for a table is row by row.
//!
//! ```text
//!   text:   We collect data\nYou may opt out
//!                  ^anchor=3        ^focus=21      selection 3..21
//! ```
//!
//! Pending insertions are shown inline as text that is not in the document
//! yet, sitting at a byte. The caret at that byte is drawn either before or
//! after it: `after_suggested` says after (where typing goes on with one's
//! own insertion). Movement over document text is pure and lives here; moves
//! that need the layout (up, down, a row's ends, a page) are in
//! the editor itself (`super::DocumentEditor`, which knows the layout).

use crate::model::blocks::{NOTE_REFERENCE, SOFT_BREAK};
use std::ops::Range;

/// The caret and what is selected, in document bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    /// Where the selection started.
    pub anchor_byte: usize,
    /// Where the caret is.
    pub focus_byte: usize,
    /// The caret is drawn after the suggested text pending at its byte (set
    /// after typing a suggestion; only meaningful when nothing is selected).
    pub after_suggested: bool,
}

impl Selection {
    /// A caret at `byte_in_doc` with nothing selected.
    pub fn caret(byte_in_doc: usize) -> Selection {
        Selection {
            anchor_byte: byte_in_doc,
            focus_byte: byte_in_doc,
            after_suggested: false,
        }
    }

    /// A caret after the suggested text pending at `byte_in_doc`.
    pub fn after_suggestion(byte_in_doc: usize) -> Selection {
        Selection {
            after_suggested: true,
            ..Selection::caret(byte_in_doc)
        }
    }

    /// `range` selected, the caret at its end.
    pub fn range(range: Range<usize>) -> Selection {
        Selection {
            anchor_byte: range.start,
            focus_byte: range.end,
            after_suggested: false,
        }
    }

    /// The selected bytes, in order.
    pub fn sorted(&self) -> Range<usize> {
        self.anchor_byte.min(self.focus_byte)..self.anchor_byte.max(self.focus_byte)
    }

    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.anchor_byte == self.focus_byte
    }

    /// The selection with its caret moved to `byte_in_doc`: extending keeps
    /// the anchor, otherwise nothing stays selected.
    pub fn moved_to(&self, byte_in_doc: usize, extend: bool) -> Selection {
        Selection {
            anchor_byte: if extend {
                self.anchor_byte
            } else {
                byte_in_doc
            },
            focus_byte: byte_in_doc,
            after_suggested: false,
        }
    }

    /// The selection kept inside a text of `len` bytes (after an undo).
    pub fn clamped(&self, text: &str) -> Selection {
        let fit =
            |byte: usize| crate::model::offset::floor_char_boundary(text, byte.min(text.len()));
        Selection {
            anchor_byte: fit(self.anchor_byte),
            focus_byte: fit(self.focus_byte),
            after_suggested: self.after_suggested,
        }
    }
}

/// A letter or digit (or `_`): what words are made of, as egui's text
/// fields count them.
pub fn is_word_char(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

/// The byte of the char before `byte_in_doc` (0 at the start).
pub fn previous_char(text: &str, byte_in_doc: usize) -> usize {
    text[..byte_in_doc]
        .char_indices()
        .next_back()
        .map_or(0, |(byte, _)| byte)
}

/// The byte after the char at `byte_in_doc` (the end at the end).
pub fn next_char(text: &str, byte_in_doc: usize) -> usize {
    text[byte_in_doc..]
        .chars()
        .next()
        .map_or(text.len(), |character| byte_in_doc + character.len_utf8())
}

/// Where Ctrl+Left goes: back over spaces and punctuation, then to the start
/// of the word (a paragraph start stops it).
pub fn previous_word_start(text: &str, byte_in_doc: usize) -> usize {
    let before = &text[..byte_in_doc];
    let mut chars = before.char_indices().rev().peekable();
    let mut position = byte_in_doc;
    if let Some(&(byte, '\n')) = chars.peek() {
        return byte;
    }
    while let Some(&(byte, character)) = chars.peek() {
        if is_word_char(character) || character == '\n' {
            break;
        }
        position = byte;
        chars.next();
    }
    while let Some(&(byte, character)) = chars.peek() {
        if !is_word_char(character) {
            break;
        }
        position = byte;
        chars.next();
    }
    position
}

/// Where Ctrl+Right goes: past the end of this word and the spaces after
/// it, to the start of the next word (a paragraph end stops it).
pub fn next_word_start(text: &str, byte_in_doc: usize) -> usize {
    let after = &text[byte_in_doc..];
    let mut chars = after.char_indices().peekable();
    if let Some(&(_, '\n')) = chars.peek() {
        return byte_in_doc + 1;
    }
    let mut end = byte_in_doc;
    while let Some(&(byte, character)) = chars.peek() {
        if !is_word_char(character) {
            break;
        }
        end = byte_in_doc + byte + character.len_utf8();
        chars.next();
    }
    while let Some(&(byte, character)) = chars.peek() {
        if is_word_char(character) || character == '\n' {
            break;
        }
        end = byte_in_doc + byte + character.len_utf8();
        chars.next();
    }
    end
}

/// The word at `byte_in_doc` (double-click): the word characters around it,
/// or the run of other characters there; never across a paragraph break.
pub fn word_at(text: &str, byte_in_doc: usize) -> Range<usize> {
    let here = text[byte_in_doc..].chars().next().filter(|c| *c != '\n');
    let before = text[..byte_in_doc]
        .chars()
        .next_back()
        .filter(|c| *c != '\n');
    if here.is_none() && before.is_none() {
        return byte_in_doc..byte_in_doc;
    }
    // A word under or just before the pointer wins over the space after it.
    let kind = here.is_some_and(is_word_char) || before.is_some_and(is_word_char);
    let same = |c: char| c != '\n' && is_word_char(c) == kind;
    let start = text[..byte_in_doc]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| same(c))
        .last()
        .map_or(byte_in_doc, |(byte, _)| byte);
    let end = text[byte_in_doc..]
        .char_indices()
        .take_while(|&(_, c)| same(c))
        .last()
        .map_or(byte_in_doc, |(byte, c)| byte_in_doc + byte + c.len_utf8());
    start..end
}

/// The word the caret is in for formatting without a selection (Ctrl+B
/// in a word formats the word, as in Word): `None` at a word's edge or
/// between words.
pub fn word_around(text: &str, byte_in_doc: usize) -> Option<Range<usize>> {
    let before = text[..byte_in_doc].chars().next_back()?;
    let here = text[byte_in_doc..].chars().next()?;
    if !is_word_char(before) || !is_word_char(here) {
        return None;
    }
    Some(word_at(text, byte_in_doc))
}

/// The text of `range` as the clipboard gets it: soft line breaks become
/// line breaks, note references (the note's own text sits at the end) are
/// left out.
pub fn plain_text_of(text: &str, range: Range<usize>) -> String {
    text[range]
        .chars()
        .filter(|c| *c != NOTE_REFERENCE)
        .map(|c| if c == SOFT_BREAK { '\n' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_moves_stop_at_words_and_paragraphs() {
        let text = "We collect, personal data.\nNext";
        // (start, previous_word_start, next_word_start)
        let table = [
            (0, 0, 3),
            (3, 0, 12),
            (5, 3, 12),
            (10, 3, 12),
            (12, 3, 21),
            (26, 21, 27),
            (27, 26, 31),
        ];
        for (start, previous, next) in table {
            assert_eq!(
                previous_word_start(text, start),
                previous,
                "back from {start}"
            );
            assert_eq!(next_word_start(text, start), next, "on from {start}");
        }
    }

    #[test]
    fn the_word_under_a_double_click() {
        let text = "Please contact us.\nNé";
        assert_eq!(word_at(text, 9), 7..14);
        assert_eq!(word_at(text, 7), 7..14);
        assert_eq!(word_at(text, 14), 7..14, "just after a word takes the word");
        assert_eq!(word_at(text, 20), 19..22, "accents are letters");
        assert_eq!(word_around(text, 7), None, "at a word's start");
        assert_eq!(word_around(text, 9), Some(7..14));
    }

    #[test]
    fn chars_step_over_multibyte_characters() {
        let text = "né";
        assert_eq!(next_char(text, 1), 3);
        assert_eq!(previous_char(text, 3), 1);
        assert_eq!(previous_char(text, 0), 0);
        assert_eq!(next_char(text, 3), 3);
    }

    #[test]
    fn the_clipboard_gets_words_not_placeholders() {
        let text = "See\u{FFFC} the\u{2028}notes";
        assert_eq!(plain_text_of(text, 0..text.len()), "See the\nnotes");
    }
}
