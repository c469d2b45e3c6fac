//! How alike two paragraphs are, and the fast hashes of the engine.
//!
//! A paragraph's [`Profile`] holds its tokens; the hashes of its
//! non-whitespace tokens are derived on demand. Two similarity measures:
//!
//! - [`Profile::dice`]: the Dice coefficient of the two token multisets,
//!   `2·|common| / (|a| + |b|)`. Cheap (one merge of sorted hashes), ignores
//!   order and whitespace; used to pair edited paragraphs and to shortlist
//!   moves. [`Profile::dice_at_least`] first tries the shared start and end
//!   of the two paragraphs, which settles most edited pairs without hashing.
//! - [`Profile::ordered_ratio`]: the share of tokens kept in order by a token
//!   diff; used to confirm that a moved paragraph is nearly equal.
//!
//! Both lie in `0.0..=1.0`, and two empty profiles are equal (`1.0`).

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use std::time::Instant;

use similar::{Algorithm, get_diff_ratio};

use super::diff::diff_ops;

use super::tokens::{
    Token, TokenKind, common_prefix_len, common_suffix_len, shared_ends, tokenize,
};

/// A small, fast, non-cryptographic hasher (the Fx hash of rustc) for
/// interning lines and tokens; inputs are the user's own texts, so hash
/// flooding is no concern.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Byte by byte: cheaper than a variable-length copy for short tails.
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |word, &byte| (word << 8) | u64::from(byte));
            self.add(word ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash of a byte string for interning long lines: four independent lanes
/// of 8 bytes (so the multiplications overlap), then a final mix. Not
/// cryptographic; equal inputs give equal hashes, and callers still compare
/// the bytes of equal hashes.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = (*lane ^ read_u64(word)).wrapping_mul(K).rotate_left(31);
        }
    }
    let mut hash = lanes[0]
        ^ lanes[1].rotate_left(17)
        ^ lanes[2].rotate_left(31)
        ^ lanes[3].rotate_left(47)
        ^ bytes.len() as u64;
    for word in blocks.remainder().chunks(8) {
        hash = (hash ^ read_u64(word)).wrapping_mul(K).rotate_left(29);
    }
    hash = (hash ^ (hash >> 29)).wrapping_mul(K);
    hash ^ (hash >> 32)
}

/// Up to 8 bytes as a little-endian number (missing bytes are zero).
fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let len = bytes.len().min(8);
    word[..len].copy_from_slice(&bytes[..len]);
    u64::from_le_bytes(word)
}

/// `BuildHasher` for [`FxHasher`], for `HashMap`s keyed by text.
pub(super) type FxBuild = BuildHasherDefault<FxHasher>;

/// The comparable essence of one paragraph (see module doc): its tokens and
/// counts. The sorted token hashes are only computed when a
/// Dice coefficient is first asked for.
#[derive(Debug, Clone, Default)]
pub(super) struct Profile<'a> {
    /// The paragraph's text.
    text: &'a str,
    /// All tokens of the paragraph, offsets relative to its start.
    tokens: Vec<Token>,
    /// Number of word tokens.
    pub words: usize,
    /// Number of non-whitespace tokens.
    solid: usize,
    /// Hashes (32-bit) of the non-whitespace tokens, sorted; made on demand.
    sorted: OnceLock<Vec<u32>>,
}

impl<'a> Profile<'a> {
    /// The profile of an empty paragraph.
    pub const fn empty() -> Profile<'static> {
        Profile {
            text: "",
            tokens: Vec::new(),
            words: 0,
            solid: 0,
            sorted: OnceLock::new(),
        }
    }

    /// Profiles one paragraph.
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let words = tokens
            .iter()
            .filter(|token| token.kind == TokenKind::Word)
            .count();
        let solid = tokens
            .iter()
            .filter(|token| token.kind != TokenKind::Space)
            .count();
        Self {
            text,
            tokens,
            words,
            solid,
            sorted: OnceLock::new(),
        }
    }

    /// Number of non-whitespace tokens.
    pub fn len(&self) -> usize {
        self.solid
    }

    /// The non-whitespace tokens' bytes, in order.
    fn solid_tokens(&self) -> impl DoubleEndedIterator<Item = &'a [u8]> + '_ {
        let bytes: &'a [u8] = self.text.as_bytes();
        self.tokens
            .iter()
            .filter(|token| token.kind != TokenKind::Space)
            .map(move |token| bytes.get(token.start()..token.end()).unwrap_or_default())
    }

    /// Hashes of the non-whitespace tokens, in order.
    fn sequence(&self) -> Vec<u32> {
        self.solid_tokens().map(token_hash).collect()
    }

    fn sorted(&self) -> &[u32] {
        self.sorted.get_or_init(|| {
            let mut sorted = self.sequence();
            sorted.sort_unstable();
            sorted
        })
    }

    /// Key shared by paragraphs that differ only in whitespace (few others
    /// share it; callers confirm on the text): the number of non-whitespace
    /// tokens and the first and last of them.
    pub fn move_key(&self) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write_usize(self.solid);
        hasher.write(self.solid_tokens().next().unwrap_or_default());
        hasher.write(self.solid_tokens().next_back().unwrap_or_default());
        hasher.finish()
    }

    /// Dice coefficient of the two token multisets.
    pub fn dice(&self, other: &Self) -> f64 {
        let total = self.solid + other.solid;
        if total == 0 {
            return 1.0;
        }
        let common = common_count(self.sorted(), other.sorted());
        2.0 * common as f64 / total as f64
    }

    /// True when the Dice coefficient reaches `threshold`. Cheap when the two
    /// paragraphs share a long start and end (an edited paragraph): those
    /// tokens alone are a lower bound of the common multiset.
    pub fn dice_at_least(&self, other: &Self, threshold: f64) -> bool {
        let total = self.solid + other.solid;
        if total == 0 {
            return true;
        }
        let (lead, trail) = shared_ends(self.text, &self.tokens, other.text, &other.tokens);
        let shared = self
            .tokens
            .iter()
            .take(lead)
            .chain(self.tokens.iter().rev().take(trail));
        let common = shared
            .filter(|token| token.kind != TokenKind::Space)
            .count();
        2.0 * common as f64 / total as f64 >= threshold || self.dice(other) >= threshold
    }

    /// Share of tokens that a token diff keeps in order (`deadline` as in
    /// `diff_ops`).
    pub fn ordered_ratio(&self, other: &Self, deadline: Option<Instant>) -> f64 {
        let ops = diff_ops(
            Algorithm::Myers,
            &self.sequence(),
            &other.sequence(),
            deadline,
        );
        f64::from(get_diff_ratio(&ops, self.len(), other.len()))
    }
}

/// Share of the bytes of `a` and `b` in their common start and end: a cheap
/// similarity that is high for a paragraph with a few words edited.
pub(super) fn shared_ends_ratio(a: &str, b: &str) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = common_prefix_len(a, b);
    let suffix = common_suffix_len(
        a.get(prefix..).unwrap_or_default(),
        b.get(prefix..).unwrap_or_default(),
    );
    2.0 * (prefix + suffix) as f64 / total as f64
}

/// 32-bit hash of one token's bytes (words are short: one or two steps).
fn token_hash(bytes: &[u8]) -> u32 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    (hasher.finish() >> 32) as u32
}

/// Size of the multiset intersection of two sorted slices.
fn common_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_table() {
        // (a, b, dice, ordered ratio)
        let table: &[(&str, &str, f64, f64)] = &[
            ("", "", 1.0, 1.0),
            ("a b c d", "a b c d", 1.0, 1.0),
            ("a  b\u{a0}c d", "a b c d", 1.0, 1.0),
            ("a b c d", "d c b a", 1.0, 0.25),
            ("a b c d", "a b x y", 0.5, 0.5),
            ("a b", "", 0.0, 0.0),
        ];
        for &(a, b, dice, ordered) in table {
            let (pa, pb) = (Profile::new(a), Profile::new(b));
            assert!((pa.dice(&pb) - dice).abs() < 1e-9, "dice {a:?} {b:?}");
            assert!(pa.dice_at_least(&pb, dice), "at least {a:?} {b:?}");
            assert!(
                dice >= 1.0 || !pa.dice_at_least(&pb, dice + 0.01),
                "not above {a:?} {b:?}"
            );
            assert!(
                (pa.ordered_ratio(&pb, None) - ordered).abs() < 1e-6,
                "ordered {a:?} {b:?}"
            );
        }
    }

    #[test]
    fn move_key_ignores_whitespace_only() {
        let key = |text: &str| Profile::new(text).move_key();
        assert_eq!(key("We  keep\u{a0}logs.\n"), key("We keep logs."));
        assert_ne!(key("We keep logs."), key("We keep logs!"));
        assert_ne!(key("We keep logs."), key("We keep the logs."));
    }

    #[test]
    fn hash_bytes_depends_on_every_byte_and_the_length() {
        let text = b"We collect your name and email address to run the service.";
        let base = hash_bytes(text);
        for index in 0..text.len() {
            let mut changed = text.to_vec();
            changed[index] ^= 1;
            assert_ne!(hash_bytes(&changed), base, "byte {index}");
        }
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_eq!(hash_bytes(text), base);
    }

    #[test]
    fn token_hash_distinguishes_lengths() {
        let hash = |text: &str| token_hash(text.as_bytes());
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("data"), hash("date"));
        assert_eq!(hash("same text"), hash("same text"));
    }
}
