//! Word tokens: the atoms of the word-level diff.
//!
//! A paragraph is cut into three kinds of token, each a byte range of the
//! paragraph (always on char boundaries):
//!
//! ```text
//!   "We don't sell  e-mail addresses."
//!    ^^ ^^^^^ ^^^^  ^^^^^^ ^^^^^^^^^.
//!    |  word  word  word   word     punctuation
//!    word        ^^ one whitespace run
//! ```
//!
//! - **word**: a run of alphanumeric characters (and `_`); an apostrophe
//!   (`'`, `’`) or hyphen (`-`, `‐`, `‑`) is part of the word only when a word
//!   character stands on both sides of it;
//! - **whitespace**: a run of whitespace (this includes no-break spaces and
//!   the line break);
//! - **punctuation**: any other single character.
//!
//! Invariants: tokens are non-empty, contiguous and cover the whole input, so
//! a diff of tokens never splits inside a word. Combining marks, variation
//! selectors, emoji modifiers and zero-width-joiner sequences stay attached to
//! the character before them, so an accent or an emoji is never cut in two.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// Letters and digits, with inner apostrophes and hyphens.
    Word,
    /// A run of whitespace.
    Space,
    /// One punctuation or symbol character (with its combining marks).
    Punct,
}

/// A token: its kind and its byte range in the tokenized text (stored in
/// 32 bits: one paragraph is far below 4 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// What the token is made of.
    pub kind: TokenKind,
    start: u32,
    end: u32,
}

impl Token {
    /// First byte of the token.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the token.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text in `text`, the string it was cut from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start()..self.end()).unwrap_or("")
    }
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// Cuts `text` into word, whitespace and punctuation tokens (see module doc).
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // About one token per 3 bytes in prose (a word, then a space).
    let mut tokens = Vec::with_capacity(bytes.len() / 3 + 2);
    let mut start = 0;
    while start < bytes.len() {
        let (kind, len) = ascii_token(bytes, start).unwrap_or_else(|| {
            let rest = text.get(start..).unwrap_or("");
            let first = rest.chars().next().unwrap_or(' ');
            let kind = classify(first);
            let len = match kind {
                TokenKind::Word => word_len(rest),
                TokenKind::Space => space_len(rest),
                TokenKind::Punct => punct_len(rest),
            };
            (kind, len.max(first.len_utf8()))
        });
        debug_assert!(len > 0, "tokens are never empty");
        let end = start + len;
        tokens.push(Token {
            kind,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        });
        start = end;
    }
    tokens
}

/// Byte classes of the ASCII fast path.
const WORD: u8 = 0;
const SPACE: u8 = 1;
const PUNCT: u8 = 2;
const OTHER: u8 = 3;

/// The class of every byte: ASCII word characters, ASCII whitespace (as
/// `char::is_whitespace` sees it), other ASCII, and non-ASCII bytes.
const BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        classes[byte] = if b.is_ascii_alphanumeric() || b == b'_' {
            WORD
        } else if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            SPACE
        } else {
            PUNCT
        };
        byte += 1;
    }
    classes
};

/// Fast path: kind and length of the token at `start` when it is made of
/// ASCII only and followed by ASCII that cannot extend it; `None` sends the
/// token to the general (Unicode-aware) rules.
fn ascii_token(bytes: &[u8], start: usize) -> Option<(TokenKind, usize)> {
    let class = BYTE_CLASS[usize::from(*bytes.get(start)?)];
    let kind = match class {
        WORD => TokenKind::Word,
        SPACE => TokenKind::Space,
        PUNCT => TokenKind::Punct,
        _ => return None,
    };
    let mut end = start + 1;
    if class != PUNCT {
        while let Some(&b) = bytes.get(end) {
            if BYTE_CLASS[usize::from(b)] != class {
                break;
            }
            end += 1;
        }
    }
    let decided = match bytes.get(end) {
        None => true,
        Some(&next) => {
            BYTE_CLASS[usize::from(next)] != OTHER
                && !(class == WORD && (next == b'\'' || next == b'-'))
        }
    };
    decided.then_some((kind, end - start))
}

/// Numbers of leading and trailing tokens that two tokenized texts share
/// exactly: same kind, same length, and inside the texts' common byte prefix
/// (suffix). Compares integers only, after one pass over the bytes.
pub(super) fn shared_ends(
    old_text: &str,
    old: &[Token],
    new_text: &str,
    new: &[Token],
) -> (usize, usize) {
    let (old_bytes, new_bytes) = (old_text.as_bytes(), new_text.as_bytes());
    let prefix = common_prefix_len(old_bytes, new_bytes);
    let prefix_tokens = old
        .iter()
        .zip(new)
        .take_while(|(a, b)| a == b && a.end() <= prefix)
        .count();
    let (old_len, new_len) = (old_bytes.len(), new_bytes.len());
    let suffix = common_suffix_len(
        old_bytes.get(prefix..).unwrap_or_default(),
        new_bytes.get(prefix..).unwrap_or_default(),
    );
    let room = old.len().min(new.len()) - prefix_tokens;
    let suffix_tokens = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| {
            a.kind == b.kind
                && old_len - a.start() == new_len - b.start()
                && old_len - a.end() == new_len - b.end()
                && old_len - a.start() <= suffix
        })
        .count();
    (prefix_tokens, suffix_tokens)
}

/// Length of the common prefix of two byte strings (8 bytes at a time).
pub(super) fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    let whole = a
        .chunks_exact(8)
        .zip(b.chunks_exact(8))
        .take_while(|(x, y)| word(x) == word(y))
        .count()
        * 8;
    let rest = a
        .get(whole..)
        .unwrap_or_default()
        .iter()
        .zip(b.get(whole..).unwrap_or_default())
        .take_while(|(x, y)| x == y)
        .count();
    whole + rest
}

/// Length of the common suffix of two byte strings (8 bytes at a time).
pub(super) fn common_suffix_len(a: &[u8], b: &[u8]) -> usize {
    let whole = a
        .rchunks_exact(8)
        .zip(b.rchunks_exact(8))
        .take_while(|(x, y)| word(x) == word(y))
        .count()
        * 8;
    let (a_rest, b_rest) = (a.len() - whole, b.len() - whole);
    let rest = a
        .get(..a_rest)
        .unwrap_or_default()
        .iter()
        .rev()
        .zip(b.get(..b_rest).unwrap_or_default().iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    whole + rest
}

/// Eight bytes as one number (a compare without a call to `memcmp`).
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// Number of word tokens in `text`.
pub(super) fn count_words(text: &str) -> usize {
    tokenize(text)
        .iter()
        .filter(|token| token.kind == TokenKind::Word)
        .count()
}

/// `text` with every whitespace run replaced by one space and no whitespace
/// at either end.
pub(super) fn normalize_whitespace(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.push_str(word);
    }
    normalized
}

/// True when `old` and `new` differ only in whitespace.
pub(super) fn differs_only_in_whitespace(old: &str, new: &str) -> bool {
    old.split_whitespace().eq(new.split_whitespace())
}

fn classify(c: char) -> TokenKind {
    if is_word_char(c) {
        TokenKind::Word
    } else if c.is_whitespace() {
        TokenKind::Space
    } else {
        TokenKind::Punct
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that extend the character before them into one visible unit:
/// combining marks, variation selectors, emoji skin tones, tag characters and
/// the zero-width joiner.
fn is_extending(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0300..=0x036F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x200D
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F
            | 0x1F3FB..=0x1F3FF
            | 0xE0020..=0xE007F
            | 0xE0100..=0xE01EF
    )
}

fn is_regional_indicator(c: char) -> bool {
    matches!(u32::from(c), 0x1F1E6..=0x1F1FF)
}

/// Length in bytes of the word starting `rest`.
fn word_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let mut end = 0;
    while let Some((index, c)) = chars.next() {
        let after = index + c.len_utf8();
        if index == 0 || is_word_char(c) || is_extending(c) {
            end = after;
            if c == ZERO_WIDTH_JOINER {
                end = absorb_joined(rest, after, &mut chars);
            }
        } else if is_inner_joiner(c) && chars.peek().is_some_and(|&(_, next)| is_word_char(next)) {
            end = after;
        } else {
            break;
        }
    }
    end
}

/// Length in bytes of the whitespace run starting `rest`.
fn space_len(rest: &str) -> usize {
    rest.char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(rest.len(), |(index, _)| index)
}

/// Length in bytes of the punctuation or symbol starting `rest`, with the
/// characters that extend it (a flag is two regional indicators).
fn punct_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    let mut end = first.len_utf8();
    if is_regional_indicator(first)
        && let Some(&(index, next)) = chars.peek()
        && is_regional_indicator(next)
    {
        end = index + next.len_utf8();
        chars.next();
    }
    while let Some(&(index, c)) = chars.peek() {
        if !is_extending(c) {
            break;
        }
        chars.next();
        end = index + c.len_utf8();
        if c == ZERO_WIDTH_JOINER {
            end = absorb_joined(rest, end, &mut chars);
        }
    }
    end
}

/// After a zero-width joiner ending at `end`, takes the joined character too
/// (unless it is whitespace) and returns the new end.
fn absorb_joined(
    rest: &str,
    end: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> usize {
    match chars.peek() {
        Some(&(index, next)) if !next.is_whitespace() => {
            chars.next();
            debug_assert!(rest.is_char_boundary(index + next.len_utf8()));
            index + next.len_utf8()
        }
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The tokenizer without its ASCII fast path: the rules as written.
    fn tokenize_by_rules(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut start = 0;
        while let Some(first) = text[start..].chars().next() {
            let rest = &text[start..];
            let kind = classify(first);
            let len = match kind {
                TokenKind::Word => word_len(rest),
                TokenKind::Space => space_len(rest),
                TokenKind::Punct => punct_len(rest),
            }
            .max(first.len_utf8());
            tokens.push(Token {
                kind,
                start: start as u32,
                end: (start + len) as u32,
            });
            start += len;
        }
        tokens
    }

    proptest! {
        #[test]
        fn fast_path_follows_the_rules(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "a", "Z", "9", "_", " ", "  ", "\t", "\n", "\x0b", "\r", "'", "-", ".", ",",
                "é", "e\u{301}", "\u{a0}", "’", "‑", "👍", "🏽", "\u{200d}", "🇫", "§", "ß",
            ]), 0..24),
        ) {
            let text = pieces.concat();
            prop_assert_eq!(tokenize(&text), tokenize_by_rules(&text));
        }
    }

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokenizes_as_a_lawyer_reads() {
        let table: &[(&str, &[&str])] = &[
            ("", &[]),
            (
                "We collect data.",
                &["We", " ", "collect", " ", "data", "."],
            ),
            ("don't  sell", &["don't", "  ", "sell"]),
            ("e-mail, third‑party", &["e-mail", ",", " ", "third‑party"]),
            ("users' data", &["users", "'", " ", "data"]),
            ("- item", &["-", " ", "item"]),
            ("a\u{a0}b\n", &["a", "\u{a0}", "b", "\n"]),
            ("Zoë Ångström", &["Zoë", " ", "Ångström"]),
            ("Zoe\u{301} x", &["Zoe\u{301}", " ", "x"]),
            ("ok 👍🏽!", &["ok", " ", "👍🏽", "!"]),
            ("👨‍👩‍👧 🇫🇷🇩🇪", &["👨‍👩‍👧", " ", "🇫🇷", "🇩🇪"]),
            ("§3(a)", &["§", "3", "(", "a", ")"]),
            ("v1.2", &["v1", ".", "2"]),
            ("a \x0B\tb", &["a", " \x0B\t", "b"]),
            ("it's-ok'", &["it's-ok", "'"]),
        ];
        for (input, expected) in table {
            assert_eq!(texts(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn tokens_cover_the_text() {
        let text = "Wé  dón't — sell, 🇫🇷 e-mail ‑ x\u{301}";
        let tokens = tokenize(text);
        let joined: String = tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(joined, text);
        assert!(tokens.windows(2).all(|w| w[0].end() == w[1].start()));
    }

    #[test]
    fn shared_ends_table() {
        // (old, new, shared leading tokens, shared trailing tokens)
        let table: &[(&str, &str, usize, usize)] = &[
            ("", "", 0, 0),
            ("We collect data.", "We collect data.", 6, 0),
            ("We collect data.", "We collection data.", 2, 3),
            ("We collect data.", "We collect personal data.", 4, 2),
            ("a b", "a  b", 1, 1),
            ("Zoë agrees 👍🏽.", "Zoë disagrees 👍🏽.", 2, 3),
            (
                "one two three four five six",
                "one two three four five six!",
                11,
                0,
            ),
            (
                "x one two three four five",
                "y one two three four five",
                0,
                10,
            ),
        ];
        for &(old, new, leading, trailing) in table {
            let shared = shared_ends(old, &tokenize(old), new, &tokenize(new));
            assert_eq!(shared, (leading, trailing), "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn counts_words_and_normalizes_whitespace() {
        assert_eq!(count_words("We don't sell e-mail, ever."), 5);
        assert_eq!(count_words(" \n"), 0);
        assert_eq!(normalize_whitespace("  a \u{a0} b\n"), "a b");
        assert!(differs_only_in_whitespace("a  b ", "a\u{a0}b"));
        assert!(!differs_only_in_whitespace("ab", "a b"));
    }
}
