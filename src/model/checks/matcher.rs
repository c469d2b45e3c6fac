//! Multi-phrase matching in one left-to-right pass.
//!
//! Owns [`PhraseMatcher`], which finds many short phrases (term variants,
//! disclosure wordings, heading keywords) at word starts without rescanning
//! the text once per phrase: phrases are indexed by their first three
//! lower-case bytes, so each word start costs one hash lookup plus a
//! comparison per candidate.
//!
//! Phrase syntax and invariants:
//! - A phrase starts at a word start (see `scan::word_starts`).
//! - A space in a phrase matches one or more spaces or tabs in the text.
//! - A phrase ending in `*` is a prefix ("cookie*" finds "cookies" and
//!   reports the whole word);
//!   otherwise, if it ends with a letter or digit, the text must not continue
//!   with one (whole words: "use" does not find "user").
//! - Case-insensitive phrases compare against the ASCII-lowercased text, so
//!   only ASCII letters fold; case-sensitive ones compare the original bytes.
//! - Reported ends are byte offsets on char boundaries of the text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::scan::{self, Doc};

/// How one phrase is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Phrase {
    bytes: Vec<u8>,
    case_sensitive: bool,
    prefix: bool,
}

impl Phrase {
    /// Parses the `*` prefix syntax; `case_sensitive` keeps the bytes as given.
    pub fn new(pattern: &str, case_sensitive: bool) -> Self {
        let pattern = pattern.trim();
        let (body, prefix) = match pattern.strip_suffix('*') {
            Some(body) => (body, true),
            None => (pattern, false),
        };
        let bytes = if case_sensitive {
            body.as_bytes().to_vec()
        } else {
            body.to_ascii_lowercase().into_bytes()
        };
        Self {
            bytes,
            case_sensitive,
            prefix,
        }
    }

    /// Whether this phrase compares case-sensitively.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }
}

/// Finds a fixed set of phrases at word starts.
#[derive(Debug, Clone)]
pub(super) struct PhraseMatcher {
    phrases: Vec<Phrase>,
    by_key: HashMap<u32, Vec<usize>, BuildHasherDefault<KeyHasher>>,
    short: Vec<usize>,
}

impl PhraseMatcher {
    /// Indexes `phrases`; a phrase's id is its position in the vector.
    pub fn new(phrases: Vec<Phrase>) -> Self {
        let mut by_key: HashMap<u32, Vec<usize>, BuildHasherDefault<KeyHasher>> =
            HashMap::default();
        let mut short = Vec::new();
        for (id, phrase) in phrases.iter().enumerate() {
            if phrase.bytes.is_empty() {
                continue;
            }
            match key(&phrase.bytes.to_ascii_lowercase()) {
                Some(k) => by_key.entry(k).or_default().push(id),
                None => short.push(id),
            }
        }
        Self {
            phrases,
            by_key,
            short,
        }
    }

    /// The phrase with id `id`.
    pub fn phrase(&self, id: usize) -> &Phrase {
        &self.phrases[id]
    }

    /// Every `(id, end)` of a phrase matching at `pos`.
    pub fn matches_at<'m>(
        &'m self,
        doc: &'m Doc<'_>,
        pos: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'm {
        let keyed = key(&doc.lower.as_bytes()[pos..])
            .and_then(|k| self.by_key.get(&k))
            .map_or(&[][..], Vec::as_slice);
        keyed
            .iter()
            .chain(self.short.iter())
            .filter_map(move |&id| self.match_at(doc, pos, id).map(|end| (id, end)))
    }

    /// Calls `f(start, end, id)` for every match at every word start in
    /// `range`, in text order; matches may extend past `range.end`.
    pub fn for_each_match(
        &self,
        doc: &Doc<'_>,
        range: Range<usize>,
        mut f: impl FnMut(usize, usize, usize),
    ) {
        for pos in scan::word_starts(doc.text, range) {
            for (id, end) in self.matches_at(doc, pos) {
                f(pos, end, id);
            }
        }
    }

    /// End of phrase `id` when it matches at `pos`.
    fn match_at(&self, doc: &Doc<'_>, pos: usize, id: usize) -> Option<usize> {
        let phrase = &self.phrases[id];
        let hay = if phrase.case_sensitive {
            doc.text.as_bytes()
        } else {
            doc.lower.as_bytes()
        };
        let mut i = pos;
        for &b in &phrase.bytes {
            if b == b' ' {
                let run = hay[i..]
                    .iter()
                    .take_while(|&&c| c == b' ' || c == b'\t')
                    .count();
                if run == 0 {
                    return None;
                }
                i += run;
            } else if hay.get(i) == Some(&b) {
                i += 1;
            } else {
                return None;
            }
        }
        // The phrase ended on a char boundary of its own bytes; the text may
        // still be mid-char only if the phrase ended mid-char, which cannot
        // happen for valid UTF-8 phrases.
        if !doc.text.is_char_boundary(i) {
            return None;
        }
        let continues_word = scan::char_at(doc.text, i).is_some_and(scan::is_word_char);
        if phrase.prefix {
            // Report the whole word: "cookie*" covers all of "cookies".
            let rest = &doc.text[i..];
            i += rest
                .find(|c: char| !scan::is_word_char(c))
                .unwrap_or(rest.len());
        } else if continues_word && phrase.bytes.last().is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        Some(i)
    }
}

/// The first three bytes packed into an integer.
fn key(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [a, b, c, ..] => Some(u32::from_le_bytes([*a, *b, *c, 0])),
        _ => None,
    }
}

/// A multiplicative hasher for the packed keys: the keys are short, come
/// from the program's own phrase lists and need no DoS resistance, and
/// SipHash dominated the per-word cost.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(patterns with case sensitivity, text, expected (start, match))`.
    type Case<'a> = (&'a [(&'a str, bool)], &'a str, &'a [(usize, &'a str)]);

    fn find_all(patterns: &[(&str, bool)], text: &str) -> Vec<(usize, String)> {
        let doc = Doc::new(text, &[]);
        let matcher =
            PhraseMatcher::new(patterns.iter().map(|(p, cs)| Phrase::new(p, *cs)).collect());
        let mut out = Vec::new();
        matcher.for_each_match(&doc, 0..text.len(), |start, end, _| {
            out.push((start, text[start..end].to_owned()));
        });
        out
    }

    #[test]
    fn whole_words_prefixes_and_case() {
        let cases: &[Case<'_>] = &[
            (
                &[("use", false)],
                "Use users use",
                &[(0, "Use"), (10, "use")],
            ),
            (
                &[("cookie*", false)],
                "Cookies cookie",
                &[(0, "Cookies"), (8, "cookie")],
            ),
            (&[("PII", true)], "PII pii Pii", &[(0, "PII")]),
            (
                &[("opt out", false)],
                "opt  out, opt-out",
                &[(0, "opt  out")],
            ),
            (&[("eu", false)], "EU eur", &[(0, "EU")]),
            (&[("Inc.", true)], "Inc.x", &[(0, "Inc.")]),
            (&[("data", false)], "métadata data", &[(10, "data")]),
        ];
        for (patterns, text, expected) in cases {
            let expected: Vec<(usize, String)> = expected
                .iter()
                .map(|(p, s)| (*p, (*s).to_owned()))
                .collect();
            assert_eq!(find_all(patterns, text), expected, "{text}");
        }
    }
}
