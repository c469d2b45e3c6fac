//! The policy's content: its words, the block of each paragraph and the
//! inline marks. Text plus attributes, never text with markup in it.
//!
//! Invariants (checked by [`Content::new`], kept by
//! [`super::changeset::ChangeSet::apply`], the only thing that changes it):
//! - `text` holds only words: one paragraph per `\n`, no `#`, `- `, `1. `;
//! - `blocks` has one entry per paragraph, the last one included, so
//!   `blocks.len() == text.matches('\n').count() + 1`;
//! - `marks` is canonical for `text` ([`super::marks`]).

use super::blocks::{Block, paragraphs};
use super::marks::{InlineMarks, MarkRun, MarkSpan, Marks, RunBuilder};
use std::ops::Range;

/// Text, blocks and marks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Content {
    /// The words, one paragraph per line.
    pub text: String,
    /// One block per paragraph.
    pub blocks: Vec<Block>,
    /// The inline marks.
    pub marks: InlineMarks,
}

impl Default for Content {
    fn default() -> Content {
        Content::plain("")
    }
}

/// A content that breaks an invariant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The block list does not match the paragraphs.
    #[error("the text has {paragraphs} paragraphs but {blocks} paragraph attributes")]
    BlockCount {
        /// Paragraphs in the text.
        paragraphs: usize,
        /// Blocks given.
        blocks: usize,
    },
    /// The marks do not fit the text.
    #[error(transparent)]
    Marks(#[from] super::marks::MarksError),
}

/// A piece of content to insert: text with the marks of its characters and
/// the block of each line break in it (the paragraph each one ends).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Fragment {
    /// The text.
    pub text: String,
    /// Runs covering the text from its start (line breaks get no marks
    /// whatever the runs say).
    pub marks: Vec<MarkRun>,
    /// One block per `\n` in `text`, in order.
    pub blocks: Vec<Block>,
}

impl Fragment {
    /// Plain text whose line breaks end paragraphs with these blocks.
    pub fn plain(text: impl Into<String>, block: &Block) -> Fragment {
        let text = text.into();
        let breaks = text.matches('\n').count();
        Fragment {
            marks: vec![MarkRun {
                len: text.len(),
                marks: Marks::default(),
            }],
            blocks: vec![block.clone(); breaks],
            text,
        }
    }

    /// Text with the same marks throughout.
    pub fn marked(text: impl Into<String>, marks: Marks, block: &Block) -> Fragment {
        let mut fragment = Fragment::plain(text, block);
        if let Some(run) = fragment.marks.first_mut() {
            run.marks = marks;
        }
        fragment
    }

    /// True when the runs cover the text exactly and every line break has a
    /// block.
    pub fn is_consistent(&self) -> bool {
        self.marks.iter().map(|run| run.len).sum::<usize>() == self.text.len()
            && self.blocks.len() == self.text.matches('\n').count()
    }

    /// The fragment as content of its own: its last paragraph gets `last`.
    pub fn into_content(self, last: Block) -> Content {
        let mut builder = RunBuilder::default();
        let mut position = 0;
        for run in &self.marks {
            let end = (position + run.len).min(self.text.len());
            builder.push_text(&self.text[position..end], &run.marks);
            position = end;
        }
        let mut blocks = self.blocks;
        blocks.push(last);
        Content {
            text: self.text,
            blocks,
            marks: builder.finish(),
        }
    }
}

impl Content {
    /// The marks plain words typed in place of `range` take (Peritext's
    /// expand rules): those of the first character replaced, else of the
    /// character before in the paragraph, else of the one after; only their
    /// styles, never a link or a note reference.
    pub fn marks_for_typing(&self, range: Range<usize>) -> Marks {
        let text = self.text.as_str();
        let before = text[..range.start]
            .chars()
            .next_back()
            .filter(|c| *c != '\n')
            .map(|c| range.start - c.len_utf8());
        let after = || {
            text[range.start..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map(|_| range.start)
        };
        let source = if range.is_empty() {
            before.or_else(after)
        } else {
            Some(range.start)
        };
        source.map_or_else(Marks::default, |byte| self.marks.at(byte).inherited())
    }

    /// Text whose paragraphs are all normal, with no marks.
    pub fn plain(text: impl Into<String>) -> Content {
        let text = text.into();
        let paragraphs = text.matches('\n').count() + 1;
        Content {
            text,
            blocks: vec![Block::default(); paragraphs],
            marks: InlineMarks::new(),
        }
    }

    /// Content from its parts, checked; mark spans are brought into
    /// canonical form.
    pub fn new(
        text: String,
        blocks: Vec<Block>,
        spans: Vec<MarkSpan>,
    ) -> Result<Content, ContentError> {
        let paragraphs = text.matches('\n').count() + 1;
        if blocks.len() != paragraphs {
            return Err(ContentError::BlockCount {
                paragraphs,
                blocks: blocks.len(),
            });
        }
        let marks = InlineMarks::from_spans(&text, spans)?;
        Ok(Content {
            text,
            blocks,
            marks,
        })
    }

    /// The byte ranges of the paragraphs, without line breaks.
    pub fn paragraph_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        paragraphs(&self.text)
    }

    /// The paragraphs with their blocks.
    pub fn paragraphs(&self) -> impl Iterator<Item = (Range<usize>, &Block)> + '_ {
        paragraphs(&self.text).zip(&self.blocks)
    }

    /// The index of the paragraph holding `byte` (a byte on a line break
    /// belongs to the paragraph it ends).
    pub fn paragraph_index_at(&self, byte: usize) -> usize {
        let end = byte.min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[..end]).count()
    }

    /// The bytes of paragraph `index`, without its line break.
    pub fn paragraph_range(&self, index: usize) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let mut start = 0;
        for _ in 0..index {
            match memchr::memchr(b'\n', &bytes[start..]) {
                Some(offset) => start += offset + 1,
                None => return self.text.len()..self.text.len(),
            }
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(self.text.len(), |e| start + e);
        start..end
    }

    /// The block of the paragraph holding `byte`.
    pub fn block_at(&self, byte: usize) -> &Block {
        let index = self.paragraph_index_at(byte);
        &self.blocks[index.min(self.blocks.len() - 1)]
    }

    /// `range` as a fragment: its text, marks, and the blocks of the line
    /// breaks in it.
    pub fn slice(&self, range: Range<usize>) -> Fragment {
        let text = self.text[range.clone()].to_string();
        let breaks = text.matches('\n').count();
        let blocks = if breaks == 0 {
            Vec::new()
        } else {
            let first = self.paragraph_index_at(range.start);
            self.blocks[first..first + breaks].to_vec()
        };
        Fragment {
            marks: self.marks.runs(range),
            blocks,
            text,
        }
    }

    /// Content read from text that marks its structure as Redline's first
    /// project format did (`#` headings, `- ` bullets, `1. ` numbers): the
    /// marks become blocks and leave the text.
    pub fn from_marked_text(marked: &str) -> Content {
        let mut text = String::with_capacity(marked.len());
        let mut lines = Vec::new();
        for (index, line) in marked.split('\n').enumerate() {
            if index > 0 {
                text.push('\n');
            }
            match super::blocks::legacy::line_marks(line) {
                Some(marks) => {
                    text.push_str(&line[marks.prefix_len..]);
                    lines.push((marks.block, marks.number));
                }
                None => {
                    text.push_str(line);
                    lines.push((Block::default(), None));
                }
            }
        }
        super::blocks::legacy::group_lists(&mut lines, 1);
        Content {
            text,
            blocks: lines.into_iter().map(|(block, _)| block).collect(),
            marks: InlineMarks::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks::BlockStyle;

    #[test]
    fn paragraphs_and_slices() {
        let mut content = Content::from_marked_text("# Title\nBody text\n- item");
        assert_eq!(content.text, "Title\nBody text\nitem");
        assert_eq!(content.blocks[0].style, BlockStyle::Heading(1));
        assert_eq!(content.paragraph_index_at(6), 1);
        assert_eq!(content.paragraph_index_at(5), 0);
        assert_eq!(content.paragraph_range(1), 6..15);
        assert_eq!(content.paragraph_range(2), 16..20);
        let fragment = content.slice(3..8);
        assert_eq!(fragment.text, "le\nBo");
        assert_eq!(fragment.blocks, vec![Block::heading(1)]);
        assert!(fragment.is_consistent());
        content.blocks.pop();
        assert!(
            Content::new(content.text.clone(), content.blocks, Vec::new()).is_err(),
            "a missing block is refused"
        );
    }
}
