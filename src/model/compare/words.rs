//! Word-level diff of one edited paragraph against its new version.
//!
//! The paragraphs' tokens (see `tokens`) are diffed, after cutting off their
//! common prefix and suffix, with Patience (unique words anchor the diff, so
//! a lone space or "the" is not matched across a rewritten phrase). A change
//! therefore always starts and ends on token boundaries: "collect" becoming
//! "collection" is one whole-word replace, never "collect" + "ion".
//! Neighbouring changes are then grouped into readable hunks: two changes
//! separated only by whitespace and at most one tiny token (up to
//! [`TINY_TOKEN_CHARS`] characters, like "a", "of", ",") become one replace,
//! as a lawyer would mark "We [-may share the data-]{+will sell the info+}."
//!
//! Word counts are taken from the diff before grouping, so the small
//! unchanged words swallowed by a grouped hunk are not counted as changed.

use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffTag};

use super::diff::diff_ops;

use super::tokens::{
    Token, TokenKind, common_prefix_len, common_suffix_len, differs_only_in_whitespace,
    shared_ends, tokenize,
};
use super::{Change, ChangeKind};

/// Longest unchanged token (in characters) that a hunk may swallow.
pub(super) const TINY_TOKEN_CHARS: usize = 3;

/// The word-level changes of one paragraph pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct WordDiff {
    /// The changes, in order, with byte ranges in the whole old/new texts.
    pub changes: Vec<Change>,
    /// Word tokens added.
    pub words_added: usize,
    /// Word tokens removed.
    pub words_removed: usize,
}

/// One paragraph of one side: the whole text, the paragraph's byte range and
/// its tokens (offsets relative to `start`).
#[derive(Debug, Clone, Copy)]
struct Paragraph<'a> {
    /// The whole text the paragraph is in.
    pub text: &'a str,
    /// First byte of the paragraph in `text`.
    pub start: usize,
    /// One past the paragraph's last byte.
    pub end: usize,
    /// The paragraph's tokens.
    pub tokens: &'a [Token],
}

impl<'a> Paragraph<'a> {
    fn slice(&self) -> &'a str {
        self.text.get(self.start..self.end).unwrap_or("")
    }
}

/// A group of changed tokens: token index ranges on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
    words_added: usize,
    words_removed: usize,
}

/// Where two versions of a paragraph differ, widened to token boundaries:
/// `old` and `new` are byte ranges of the paragraphs (relative to their
/// starts) outside which both are byte-equal.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EditWindow {
    /// The differing part of the old paragraph.
    pub old: Range<usize>,
    /// The differing part of the new paragraph.
    pub new: Range<usize>,
}

impl EditWindow {
    /// The window of `old` against `new` (whole paragraphs).
    ///
    /// The common byte prefix and suffix are cut back to a whitespace to
    /// non-whitespace boundary (a token boundary in any text), so tokenizing
    /// only the window gives the tokens the whole paragraphs would have
    /// there.
    pub fn new(old: &str, new: &str) -> Self {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix_len(a, b);
        let suffix = common_suffix_len(
            a.get(prefix..).unwrap_or_default(),
            b.get(prefix..).unwrap_or_default(),
        );
        // Both bytes around a boundary must be common: inside the prefix.
        let start = (1..prefix)
            .rev()
            .find(|&at| starts_word_after_space(a, at))
            .unwrap_or(0);
        let end_gap = (1..suffix)
            .rev()
            .find(|&gap| ends_word_before_space(a, a.len() - gap))
            .unwrap_or(0);
        Self {
            old: start..a.len() - end_gap,
            new: start..b.len() - end_gap,
        }
    }
}

/// True when byte `at` starts a non-space after an ASCII space or tab.
fn starts_word_after_space(bytes: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|k| bytes.get(k));
    matches!(before, Some(b' ' | b'\t'))
        && bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && b.is_ascii())
}

/// True when byte `at` is an ASCII space, tab or line break right after an
/// ASCII non-space.
fn ends_word_before_space(bytes: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|k| bytes.get(k));
    before.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace())
        && matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n'))
}

/// Word-diffs old paragraph `old` (a byte range of `old_text`) against new
/// paragraph `new` of `new_text`: only their differing window is tokenized.
pub(super) fn diff_paragraphs(
    (old_text, old): (&str, Range<usize>),
    (new_text, new): (&str, Range<usize>),
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> WordDiff {
    let (old_line, new_line) = (
        old_text.get(old.clone()).unwrap_or(""),
        new_text.get(new.clone()).unwrap_or(""),
    );
    let window = EditWindow::new(old_line, new_line);
    let old_tokens = tokenize(old_line.get(window.old.clone()).unwrap_or(""));
    let new_tokens = tokenize(new_line.get(window.new.clone()).unwrap_or(""));
    diff_words(
        Paragraph {
            text: old_text,
            start: old.start + window.old.start,
            end: old.start + window.old.end,
            tokens: &old_tokens,
        },
        Paragraph {
            text: new_text,
            start: new.start + window.new.start,
            end: new.start + window.new.end,
            tokens: &new_tokens,
        },
        ignore_whitespace,
        deadline,
    )
}

/// Word-diffs `old` against `new`.
///
/// With `ignore_whitespace`, whitespace runs compare equal to each other and
/// changes that only touch whitespace are dropped.
fn diff_words(
    old: Paragraph<'_>,
    new: Paragraph<'_>,
    ignore_whitespace: bool,
    deadline: Option<Instant>,
) -> WordDiff {
    let (old_slice, new_slice) = (old.slice(), new.slice());
    let (old_tokens, new_tokens) = (old.tokens, new.tokens);
    // Only the tokens between the shared start and end need string keys.
    let (lead, trail) = shared_ends(old_slice, old_tokens, new_slice, new_tokens);
    let old_middle = old_tokens
        .get(lead..old_tokens.len() - trail)
        .unwrap_or_default();
    let new_middle = new_tokens
        .get(lead..new_tokens.len() - trail)
        .unwrap_or_default();
    let old_keys = token_keys(old_slice, old_middle, ignore_whitespace);
    let new_keys = token_keys(new_slice, new_middle, ignore_whitespace);
    let mut hunks: Vec<Hunk> = Vec::new();
    for (old_range, new_range) in changed_token_ranges(&old_keys, &new_keys, deadline) {
        let old_range = old_range.start + lead..old_range.end + lead;
        let new_range = new_range.start + lead..new_range.end + lead;
        let hunk = Hunk {
            words_added: count_words(new_tokens.get(new_range.clone()).unwrap_or_default()),
            words_removed: count_words(old_tokens.get(old_range.clone()).unwrap_or_default()),
            old: old_range,
            new: new_range,
        };
        match hunks.last_mut() {
            Some(last) if mergeable_gap(old_slice, old_tokens, last.old.end..hunk.old.start) => {
                last.old.end = hunk.old.end;
                last.new.end = hunk.new.end;
                last.words_added += hunk.words_added;
                last.words_removed += hunk.words_removed;
            }
            _ => hunks.push(hunk),
        }
    }

    let mut diff = WordDiff::default();
    for hunk in hunks {
        let change = hunk_change(&hunk, old, new);
        if ignore_whitespace && differs_only_in_whitespace(&change.old_text, &change.new_text) {
            continue;
        }
        diff.words_added += hunk.words_added;
        diff.words_removed += hunk.words_removed;
        diff.changes.push(change);
    }
    diff
}

/// The changed `(old, new)` token index ranges, in order: the common prefix
/// and suffix are cut off first, so similar only sees the changed middle of
/// the paragraph (nothing at all for a pure insertion, deletion or one-word
/// replacement).
fn changed_token_ranges(
    old: &[&str],
    new: &[&str],
    deadline: Option<Instant>,
) -> Vec<(Range<usize>, Range<usize>)> {
    let (prefix, suffix) = common_ends(old, new);
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    let (Some(old_middle), Some(new_middle)) = (old.get(prefix..old_end), new.get(prefix..new_end))
    else {
        return Vec::new();
    };
    let (old_count, new_count) = (old_middle.len(), new_middle.len());
    if old_count == 0 && new_count == 0 {
        return Vec::new();
    }
    // One side empty, or one token against one: nothing for a diff to find.
    if old_count == 0 || new_count == 0 || (old_count == 1 && new_count == 1) {
        return vec![(prefix..old_end, prefix..new_end)];
    }
    diff_ops(Algorithm::Patience, old_middle, new_middle, deadline)
        .into_iter()
        .map(|op| op.as_tag_tuple())
        .filter(|(tag, _, _)| *tag != DiffTag::Equal)
        .map(|(_, o, n)| {
            (
                o.start + prefix..o.end + prefix,
                n.start + prefix..n.end + prefix,
            )
        })
        .collect()
}

/// Lengths of the common prefix and (not overlapping it) common suffix, so
/// that the diff only sees the changed middle of a paragraph.
fn common_ends(old: &[&str], new: &[&str]) -> (usize, usize) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    (prefix, suffix)
}

/// What the diff compares for each token.
fn token_keys<'a>(text: &'a str, tokens: &[Token], ignore_whitespace: bool) -> Vec<&'a str> {
    tokens
        .iter()
        .map(|token| {
            if ignore_whitespace && token.kind == TokenKind::Space {
                " "
            } else {
                token.text(text)
            }
        })
        .collect()
}

fn count_words(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .filter(|token| token.kind == TokenKind::Word)
        .count()
}

/// True when the unchanged tokens `gap` between two hunks are few and small
/// enough to be swallowed into one replace (see module doc). Touching hunks
/// (an empty gap) always merge.
fn mergeable_gap(text: &str, tokens: &[Token], gap: Range<usize>) -> bool {
    let Some(gap) = tokens.get(gap) else {
        return true;
    };
    let mut solid = gap.iter().filter(|token| token.kind != TokenKind::Space);
    let small = match (solid.next(), solid.next()) {
        (None, _) => true,
        (Some(token), None) => token.text(text).chars().count() <= TINY_TOKEN_CHARS,
        (Some(_), Some(_)) => false,
    };
    gap.len() <= 3 && small
}

/// Byte offset (in the whole text) of token boundary `index`.
fn boundary(paragraph: Paragraph<'_>, index: usize) -> usize {
    paragraph.start
        + paragraph
            .tokens
            .get(index)
            .map_or(paragraph.end - paragraph.start, |t| t.start())
}

fn hunk_change(hunk: &Hunk, old: Paragraph<'_>, new: Paragraph<'_>) -> Change {
    let old_range = boundary(old, hunk.old.start)..boundary(old, hunk.old.end);
    let new_range = boundary(new, hunk.new.start)..boundary(new, hunk.new.end);
    let kind = match (old_range.is_empty(), new_range.is_empty()) {
        (true, _) => ChangeKind::Insert,
        (_, true) => ChangeKind::Delete,
        _ => ChangeKind::Replace,
    };
    Change {
        kind,
        old_text: old.text.get(old_range.clone()).unwrap_or("").to_owned(),
        new_text: new.text.get(new_range.clone()).unwrap_or("").to_owned(),
        old: old_range,
        new: new_range,
        formatting: None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn whole(text: &str) -> Paragraph<'_> {
        let tokens: &'static [Token] = Box::leak(tokenize(text).into_boxed_slice());
        Paragraph {
            text,
            start: 0,
            end: text.len(),
            tokens,
        }
    }

    /// Renders a word diff as `[-old-]{+new+}` markup over the new text.
    fn redline(old: &str, new: &str, ignore_whitespace: bool) -> String {
        let diff = diff_words(whole(old), whole(new), ignore_whitespace, None);
        let mut out = String::new();
        let mut at = 0;
        for change in &diff.changes {
            out.push_str(&new[at..change.new.start]);
            if !change.old_text.is_empty() {
                out.push_str(&format!("[-{}-]", change.old_text));
            }
            if !change.new_text.is_empty() {
                out.push_str(&format!("{{+{}+}}", change.new_text));
            }
            at = change.new.end;
        }
        out.push_str(&new[at..]);
        out
    }

    #[test]
    fn redline_table() {
        // (old, new, expected redline of new)
        let table: &[(&str, &str, &str)] = &[
            ("We collect data.", "We collect data.", "We collect data."),
            (
                "We collect data.",
                "We collect personal data.",
                "We collect {+personal +}data.",
            ),
            (
                "We collect personal data.",
                "We collect data.",
                "We collect [-personal -]data.",
            ),
            (
                "We collect data.",
                "We collection data.",
                "We [-collect-]{+collection+} data.",
            ),
            (
                "We may share the data with partners.",
                "We will sell the data to partners.",
                "We [-may share-]{+will sell+} the data [-with-]{+to+} partners.",
            ),
            (
                "We may share the data.",
                "We will sell the info.",
                "We [-may share the data-]{+will sell the info+}.",
            ),
            (
                "We collect your data.",
                "We store our data.",
                "We [-collect your-]{+store our+} data.",
            ),
            (
                "Zoë's café, naïve.",
                "Zoë's bistro, naïve.",
                "Zoë's [-café-]{+bistro+}, naïve.",
            ),
        ];
        for (old, new, expected) in table {
            assert_eq!(redline(old, new, false), *expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn edit_window_table() {
        // (old, new, old window, new window)
        let table: &[(&str, &str, &str, &str)] = &[
            (
                "We collect data.\n",
                "We collect data.\n",
                "data.\n",
                "data.\n",
            ),
            (
                "We collect your data now.\n",
                "We collection your data now.\n",
                "collect your",
                "collection your",
            ),
            (
                "We collect data.\n",
                "We collect personal data.\n",
                "collect data.",
                "collect personal data.",
            ),
            (
                "Zoë agrees here.\n",
                "Zoë disagrees here.\n",
                "Zoë agrees",
                "Zoë disagrees",
            ),
            ("a b", "a  b", "a b", "a  b"),
        ];
        for &(old, new, old_window, new_window) in table {
            let window = EditWindow::new(old, new);
            assert_eq!(&old[window.old.clone()], old_window, "{old:?}");
            assert_eq!(&new[window.new.clone()], new_window, "{new:?}");
        }
    }

    #[test]
    fn windowed_diff_equals_whole_diff() {
        let pairs = [
            (
                "We may share the data with partners.\n",
                "We will sell the data to partners.\n",
            ),
            ("Zoë's café, naïve.\n", "Zoë's bistro, naïve.\n"),
            ("We  collect data. \n", "We collect\u{a0}data.\n"),
            ("don't-stop e-mail x\n", "don't-stop mail x\n"),
        ];
        for (old, new) in pairs {
            for ignore in [false, true] {
                let windowed =
                    diff_paragraphs((old, 0..old.len()), (new, 0..new.len()), ignore, None);
                let whole = diff_words(whole(old), whole(new), ignore, None);
                assert_eq!(windowed, whole, "{old:?} -> {new:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn windowed_diff_equals_whole_diff_for_any_edit(
            old in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..16),
            new in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..16),
            ignore in any::<bool>(),
        ) {
            let (old, new) = (old.concat(), new.concat());
            let windowed = diff_paragraphs((&old, 0..old.len()), (&new, 0..new.len()), ignore, None);
            prop_assert_eq!(windowed, diff_words(whole(&old), whole(&new), ignore, None));
        }
    }

    const PIECES: &[&str] = &[
        "we", " ", " ", "  ", "data", "e-mail", "don't", ".", ",", "\t", "\u{a0}", "Zoë", "👍🏽",
        "x", "\n",
    ];

    #[test]
    fn whitespace_only_changes_follow_the_option() {
        let (old, new) = ("We  collect data. ", "We collect\u{a0}data.");
        assert_eq!(redline(old, new, true), new);
        assert_eq!(
            redline(old, new, false),
            "We[-  -]{+ +}collect[- -]{+\u{a0}+}data.[- -]"
        );
    }

    #[test]
    fn counts_words_before_grouping() {
        let old = "We may share the data with partners.";
        let new = "We will sell the data to partners.";
        let diff = diff_words(whole(old), whole(new), false, None);
        assert_eq!(diff.changes.len(), 2);
        assert_eq!((diff.words_added, diff.words_removed), (3, 3));
        let grouped = diff_words(whole("a b c"), whole("x b y"), false, None);
        assert_eq!(grouped.changes.len(), 1);
        assert_eq!((grouped.words_added, grouped.words_removed), (2, 2));
    }
}
