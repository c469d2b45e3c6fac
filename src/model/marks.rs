//! Inline marks: bold, italic, underline, strikethrough, superscript,
//! subscript, small caps, links and note references over ranges of the text.
//!
//! [`InlineMarks`] keeps the marked stretches of a text as sorted,
//! non-overlapping [`MarkSpan`]s in bytes. Its canonical form, which every
//! operation keeps, makes two equal formattings compare equal:
//! - spans are non-empty and lie on char boundaries;
//! - a span never covers a line break: `\n` separates paragraphs and carries
//!   block attributes ([`super::blocks`]), never marks;
//! - a span's marks are never [`Marks::is_plain`];
//! - two touching spans never have equal marks (they are one span).
//!
//! ```text
//!   text:   We **collect** data\nYou may [opt out](https://…).
//!   spans:     [3..10 bold]           [32..39 link]
//! ```
//!
//! Marks change only inside [`super::changeset::ChangeSet::apply`]; a
//! formatting change moves no position (as ProseMirror's mark steps map
//! nothing). Text typed at the edge of a mark takes bold, italic and the
//! other character styles of the character before it, never its link or
//! note reference (Peritext's expand rules): see [`Marks::inherited`].

use super::blocks::NoteId;
use super::links::LinkTarget;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The character styles of a stretch of text, as bits. Stored as their
/// names separated by spaces ("bold italic").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(into = "String", try_from = "String")]
pub struct Styles(u8);

impl From<Styles> for String {
    fn from(styles: Styles) -> String {
        styles.names().collect::<Vec<_>>().join(" ")
    }
}

impl TryFrom<String> for Styles {
    type Error = String;
    fn try_from(names: String) -> Result<Styles, String> {
        names
            .split_whitespace()
            .try_fold(Styles::NONE, |styles, name| {
                Styles::named(name)
                    .map(|style| styles.union(style))
                    .ok_or_else(|| format!("unknown character style {name:?}"))
            })
    }
}

impl Styles {
    /// No style.
    pub const NONE: Styles = Styles(0);
    /// Bold.
    pub const BOLD: Styles = Styles(1);
    /// Italic.
    pub const ITALIC: Styles = Styles(1 << 1);
    /// Underline.
    pub const UNDERLINE: Styles = Styles(1 << 2);
    /// Strikethrough.
    pub const STRIKE: Styles = Styles(1 << 3);
    /// Superscript.
    pub const SUPERSCRIPT: Styles = Styles(1 << 4);
    /// Subscript.
    pub const SUBSCRIPT: Styles = Styles(1 << 5);
    /// Small capitals.
    pub const SMALL_CAPS: Styles = Styles(1 << 6);

    /// Every style with its name, in the order reports list them. The names
    /// are the ones `redline show --json` and the project file use.
    pub const NAMED: [(Styles, &'static str); 7] = [
        (Styles::BOLD, "bold"),
        (Styles::ITALIC, "italic"),
        (Styles::UNDERLINE, "underline"),
        (Styles::STRIKE, "strike"),
        (Styles::SUPERSCRIPT, "superscript"),
        (Styles::SUBSCRIPT, "subscript"),
        (Styles::SMALL_CAPS, "small_caps"),
    ];

    /// True when every style of `other` is set here.
    pub fn contains(self, other: Styles) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when no style is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The styles of both.
    pub fn union(self, other: Styles) -> Styles {
        Styles(self.0 | other.0)
    }

    /// These styles without those of `other`.
    pub fn without(self, other: Styles) -> Styles {
        Styles(self.0 & !other.0)
    }

    /// The styles set in both.
    pub fn intersection(self, other: Styles) -> Styles {
        Styles(self.0 & other.0)
    }

    /// The style with this name (see [`Styles::NAMED`]).
    pub fn named(name: &str) -> Option<Styles> {
        Styles::NAMED
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(style, _)| *style)
    }

    /// The names of the styles set, in [`Styles::NAMED`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Styles::NAMED
            .into_iter()
            .filter(move |(style, _)| self.contains(*style))
            .map(|(_, name)| name)
    }
}

fn no_styles(styles: &Styles) -> bool {
    styles.is_empty()
}

/// Everything inline about a character: its styles, the link it belongs to
/// and the note it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Marks {
    /// Bold, italic and the other character styles.
    #[serde(default, skip_serializing_if = "no_styles")]
    pub styles: Styles,
    /// The link the character is part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkTarget>,
    /// The footnote or endnote this character refers to (a note reference is
    /// one U+FFFC character carrying this mark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteId>,
}

impl Marks {
    /// Marks with just these styles.
    pub fn styled(styles: Styles) -> Marks {
        Marks {
            styles,
            ..Marks::default()
        }
    }

    /// True when nothing is marked.
    pub fn is_plain(&self) -> bool {
        self.styles.is_empty() && self.link.is_none() && self.note.is_none()
    }

    /// What text typed right after a character with these marks gets: the
    /// styles, never the link or the note reference.
    ///
    /// ```
    /// use redline::model::marks::{Marks, Styles};
    /// use redline::model::links::LinkTarget;
    /// let before = Marks {
    ///     styles: Styles::BOLD,
    ///     link: Some(LinkTarget::new("https://example.com").unwrap()),
    ///     note: None,
    /// };
    /// assert_eq!(before.inherited(), Marks::styled(Styles::BOLD));
    /// ```
    pub fn inherited(&self) -> Marks {
        Marks::styled(self.styles)
    }
}

/// What changed from `before` to `after`, in words ("bold", "not italic",
/// "link to https://…", "link https://a → https://b"): the one wording cards,
/// compare reports and the log share.
///
/// ```
/// use redline::model::marks::{describe_change, Marks, Styles};
/// let words = describe_change(&Marks::styled(Styles::ITALIC), &Marks::styled(Styles::BOLD));
/// assert_eq!(words, "bold, not italic");
/// ```
pub fn describe_change(before: &Marks, after: &Marks) -> String {
    let mut words: Vec<String> = after
        .styles
        .without(before.styles)
        .names()
        .map(|name| name.replace('_', " "))
        .collect();
    words.extend(
        before
            .styles
            .without(after.styles)
            .names()
            .map(|name| format!("not {}", name.replace('_', " "))),
    );
    match (&before.link, &after.link) {
        (None, Some(new)) => words.push(format!("link to {new}")),
        (Some(old), None) => words.push(format!("link to {old} removed")),
        (Some(old), Some(new)) if old != new => words.push(format!("link {old} → {new}")),
        _ => {}
    }
    match (before.note, after.note) {
        (None, Some(note)) => words.push(format!("note reference {note}")),
        (Some(note), None) => words.push(format!("note reference {note} removed")),
        _ => {}
    }
    words.join(", ")
}

/// A change of some marks that leaves the others as they are: Quill's
/// `retain(n, attributes)`. It *sets* (never toggles), so applying it twice
/// is applying it once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct MarkPatch {
    /// Styles to set.
    #[serde(default, skip_serializing_if = "no_styles")]
    pub set: Styles,
    /// Styles to clear.
    #[serde(default, skip_serializing_if = "no_styles")]
    pub clear: Styles,
    /// `Some(link)` sets (or with `None` removes) the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Option<LinkTarget>>,
    /// `Some(note)` sets (or with `None` removes) the note reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Option<NoteId>>,
}

impl MarkPatch {
    /// A patch that sets these styles.
    pub fn set(styles: Styles) -> MarkPatch {
        MarkPatch {
            set: styles,
            ..MarkPatch::default()
        }
    }

    /// A patch that clears these styles.
    pub fn clear(styles: Styles) -> MarkPatch {
        MarkPatch {
            clear: styles,
            ..MarkPatch::default()
        }
    }

    /// A patch that sets (or removes) the link.
    pub fn link(link: Option<LinkTarget>) -> MarkPatch {
        MarkPatch {
            link: Some(link),
            ..MarkPatch::default()
        }
    }

    /// A patch that removes every mark but note references ("clear
    /// formatting").
    pub fn clear_formatting() -> MarkPatch {
        MarkPatch {
            clear: Styles(u8::MAX),
            link: Some(None),
            ..MarkPatch::default()
        }
    }

    /// A patch that makes any marks exactly `marks`.
    pub fn exactly(marks: &Marks) -> MarkPatch {
        MarkPatch {
            set: marks.styles,
            clear: Styles(u8::MAX).without(marks.styles),
            link: Some(marks.link.clone()),
            note: Some(marks.note),
        }
    }

    /// True when it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.clear.is_empty() && self.link.is_none() && self.note.is_none()
    }

    /// `marks` with this patch applied.
    pub fn apply(&self, marks: &Marks) -> Marks {
        Marks {
            styles: marks.styles.without(self.clear).union(self.set),
            link: match &self.link {
                Some(link) => link.clone(),
                None => marks.link.clone(),
            },
            note: match self.note {
                Some(note) => note,
                None => marks.note,
            },
        }
    }

    /// The patch that puts back what this one changes in `old`.
    pub fn inverse_for(&self, old: &Marks) -> MarkPatch {
        let touched = self.set.union(self.clear);
        MarkPatch {
            set: old.styles.intersection(touched),
            clear: touched.without(old.styles),
            link: self.link.as_ref().map(|_| old.link.clone()),
            note: self.note.map(|_| old.note),
        }
    }

    /// True when applying it to `marks` changes them.
    pub fn changes(&self, marks: &Marks) -> bool {
        self.apply(marks) != *marks
    }
}

/// A stretch of text with the same marks, in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkSpan {
    /// Its bytes.
    pub range: Range<usize>,
    /// Its marks; never plain.
    pub marks: Marks,
}

/// A run of `len` bytes with the same marks, for describing the marks of a
/// piece of text from its start (plain runs included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MarkRun {
    /// Its length in bytes.
    pub len: usize,
    /// Its marks.
    pub marks: Marks,
}

/// The marks of a whole text, in canonical form (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InlineMarks {
    spans: Vec<MarkSpan>,
}

/// A span list that breaks the canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("marks at bytes {start}..{end}: {problem}")]
pub struct MarksError {
    /// Where the problem starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// What is wrong.
    pub problem: &'static str,
}

impl InlineMarks {
    /// No marks.
    pub fn new() -> InlineMarks {
        InlineMarks::default()
    }

    /// The marks from spans in any order, checked against `text` and brought
    /// into canonical form: overlapping spans are refused; spans covering a
    /// line break are split around it; plain spans are dropped; touching
    /// equal spans are joined.
    pub fn from_spans(text: &str, mut spans: Vec<MarkSpan>) -> Result<InlineMarks, MarksError> {
        spans.sort_by_key(|span| (span.range.start, span.range.end));
        let mut builder = RunBuilder::default();
        let mut position = 0;
        for span in spans {
            let Range { start, end } = span.range.clone();
            let error = |problem| MarksError {
                start,
                end,
                problem,
            };
            if start > end || end > text.len() {
                return Err(error("outside the text"));
            }
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(error("inside a character"));
            }
            if start < position {
                return Err(error("overlaps the marks before it"));
            }
            builder.push_plain(start - position);
            builder.push_text(&text[start..end], &span.marks);
            position = end;
        }
        Ok(builder.finish())
    }

    /// The spans, in order.
    pub fn spans(&self) -> &[MarkSpan] {
        &self.spans
    }

    /// True when nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The index of the first span that ends after `byte`.
    fn first_ending_after(&self, byte: usize) -> usize {
        self.spans.partition_point(|span| span.range.end <= byte)
    }

    /// The marks of the character starting at `byte` (plain when unmarked).
    pub fn at(&self, byte: usize) -> Marks {
        let index = self.first_ending_after(byte);
        match self.spans.get(index) {
            Some(span) if span.range.start <= byte => span.marks.clone(),
            _ => Marks::default(),
        }
    }

    /// The spans that overlap `range`, clipped to it.
    pub fn in_range(&self, range: Range<usize>) -> impl Iterator<Item = MarkSpan> + '_ {
        let first = self.first_ending_after(range.start);
        self.spans[first..]
            .iter()
            .take_while(move |span| span.range.start < range.end)
            .map(move |span| MarkSpan {
                range: span.range.start.max(range.start)..span.range.end.min(range.end),
                marks: span.marks.clone(),
            })
    }

    /// The marks of `range` as runs from its start, plain runs included;
    /// the runs' lengths add up to the range's length.
    pub fn runs(&self, range: Range<usize>) -> Vec<MarkRun> {
        let mut runs = Vec::new();
        let mut position = range.start;
        for span in self.in_range(range.clone()) {
            if span.range.start > position {
                runs.push(MarkRun {
                    len: span.range.start - position,
                    marks: Marks::default(),
                });
            }
            runs.push(MarkRun {
                len: span.range.len(),
                marks: span.marks,
            });
            position = span.range.end;
        }
        if range.end > position {
            runs.push(MarkRun {
                len: range.end - position,
                marks: Marks::default(),
            });
        }
        runs
    }

    /// Replaces the marks of `old_range` with `replacement` (spans in
    /// new-text positions, canonical among themselves, inside the new text
    /// of that range) and shifts every span after it by `shift`; parts of
    /// spans reaching out of the range are kept, and equal neighbours are
    /// joined at the seams. The one place spans are rewritten, used by
    /// [`super::changeset::ChangeSet::apply`].
    pub(crate) fn splice(
        &mut self,
        old_range: Range<usize>,
        replacement: Vec<MarkSpan>,
        shift: isize,
    ) {
        let first = self
            .spans
            .partition_point(|span| span.range.end <= old_range.start);
        let last = self
            .spans
            .partition_point(|span| span.range.start < old_range.end)
            .max(first);
        let moved = |byte: usize| byte.saturating_add_signed(shift);
        let mut middle = Vec::with_capacity(replacement.len() + 2);
        if let Some(span) = self.spans.get(first).filter(|_| first < last)
            && span.range.start < old_range.start
        {
            middle.push(MarkSpan {
                range: span.range.start..old_range.start,
                marks: span.marks.clone(),
            });
        }
        middle.extend(replacement);
        if last > first
            && let Some(span) = self.spans.get(last - 1)
            && span.range.end > old_range.end
        {
            middle.push(MarkSpan {
                range: moved(old_range.end)..moved(span.range.end),
                marks: span.marks.clone(),
            });
        }
        if shift != 0 {
            for span in &mut self.spans[last..] {
                span.range = moved(span.range.start)..moved(span.range.end);
            }
        }
        let inserted = middle.len();
        self.spans.splice(first..last, middle);
        for seam in (first..=first + inserted).rev() {
            self.join_at(seam);
        }
    }

    /// Joins span `index` into the one before when they touch with equal
    /// marks.
    fn join_at(&mut self, index: usize) {
        if index == 0 || index >= self.spans.len() {
            return;
        }
        let (left, right) = (&self.spans[index - 1], &self.spans[index]);
        if left.range.end == right.range.start && left.marks == right.marks {
            let end = right.range.end;
            self.spans[index - 1].range.end = end;
            self.spans.remove(index);
        }
    }
}

/// Builds canonical spans from runs pushed left to right.
#[derive(Debug, Default)]
pub(crate) struct RunBuilder {
    position: usize,
    spans: Vec<MarkSpan>,
}

impl RunBuilder {
    /// A builder whose first run starts at `position`.
    pub fn at(position: usize) -> RunBuilder {
        RunBuilder {
            position,
            spans: Vec::new(),
        }
    }

    /// Adds `len` unmarked bytes.
    pub fn push_plain(&mut self, len: usize) {
        self.position += len;
    }

    /// Adds `text` with `marks`, leaving its line breaks unmarked.
    pub fn push_text(&mut self, text: &str, marks: &Marks) {
        if marks.is_plain() {
            self.position += text.len();
            return;
        }
        for (index, piece) in text.split('\n').enumerate() {
            if index > 0 {
                self.position += 1;
            }
            self.push_span(piece.len(), marks);
        }
    }

    /// Adds `len` bytes with `marks`; the caller knows they hold no line
    /// break (or that `marks` are plain).
    pub fn push_run(&mut self, len: usize, marks: &Marks) {
        if marks.is_plain() {
            self.position += len;
        } else {
            self.push_span(len, marks);
        }
    }

    fn push_span(&mut self, len: usize, marks: &Marks) {
        if len == 0 {
            return;
        }
        let range = self.position..self.position + len;
        self.position = range.end;
        match self.spans.last_mut() {
            Some(last) if last.range.end == range.start && last.marks == *marks => {
                last.range.end = range.end;
            }
            _ => self.spans.push(MarkSpan {
                range,
                marks: marks.clone(),
            }),
        }
    }

    /// The spans built.
    pub fn finish(self) -> InlineMarks {
        InlineMarks { spans: self.spans }
    }

    /// The spans built, as a list.
    pub fn into_spans(self) -> Vec<MarkSpan> {
        self.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(range: Range<usize>) -> MarkSpan {
        MarkSpan {
            range,
            marks: Marks::styled(Styles::BOLD),
        }
    }

    #[test]
    fn from_spans_is_canonical() {
        let text = "ab\ncd ef";
        let marks = InlineMarks::from_spans(text, vec![bold(4..6), bold(0..4)]).expect("valid");
        // Split around the line break, joined where they touch.
        assert_eq!(marks.spans(), &[bold(0..2), bold(3..6)]);
        assert!(InlineMarks::from_spans(text, vec![bold(0..3), bold(2..4)]).is_err());
        assert!(InlineMarks::from_spans("é", vec![bold(0..1)]).is_err());
        let plain = MarkSpan {
            range: 0..2,
            marks: Marks::default(),
        };
        assert!(
            InlineMarks::from_spans(text, vec![plain])
                .expect("valid")
                .is_empty()
        );
    }

    #[test]
    fn runs_cover_the_range() {
        let marks = InlineMarks::from_spans("abcdef", vec![bold(2..4)]).expect("valid");
        let runs = marks.runs(1..6);
        let lens: Vec<usize> = runs.iter().map(|run| run.len).collect();
        assert_eq!(lens, vec![1, 2, 2]);
        assert!(runs[1].marks.styles.contains(Styles::BOLD));
        assert!(marks.at(2).styles.contains(Styles::BOLD));
        assert!(marks.at(4).is_plain());
    }

    #[test]
    fn patch_inverse_restores() {
        let old = Marks::styled(Styles::ITALIC);
        let patch = MarkPatch {
            set: Styles::BOLD,
            clear: Styles::ITALIC,
            ..MarkPatch::default()
        };
        let new = patch.apply(&old);
        assert_eq!(new, Marks::styled(Styles::BOLD));
        assert_eq!(patch.inverse_for(&old).apply(&new), old);
    }
}
