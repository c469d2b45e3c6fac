//! Defined terms: the places where a policy fixes its own vocabulary.
//!
//! Recognised forms, with straight (`"`) or curly (`“ ”`) double quotes:
//!
//! | form         | example                                                   |
//! |--------------|-----------------------------------------------------------|
//! | parenthetical| `Northwind Ledger, Inc. ("Northwind", "we", "us", "our")` |
//! | parenthetical| `("Northwind," "we," "us")`, `(the "Site")`, `(collectively, "Personal Data")` |
//! | glossary     | `"Personal Data" means …`, `"Site" refers to …`           |
//!
//! A parenthesis counts only when it holds nothing but quoted terms,
//! separators and filler words ("the", "collectively", "hereinafter",
//! "referred to as", …), so `(see "Your Rights" below)` defines nothing.
//!
//! Invariants: sites are returned in text order; every range is a byte range
//! on char boundaries; a term's text has no surrounding quotes, spaces or
//! trailing `,`/`.`; the explanation ends where the construct starts
//! (parenthetical) or at the sentence end (glossary). One pass over the text.

use std::ops::Range;

use super::scan;

/// Words allowed inside a defining parenthesis besides the quoted terms.
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "collectively",
    "together",
    "jointly",
    "individually",
    "each",
    "also",
    "hereinafter",
    "hereafter",
    "herein",
    "referred",
    "to",
    "as",
];

/// Phrases that turn a quoted term into a glossary definition.
const GLOSSARY_VERBS: &[&str] = &[" means", " shall mean", " refers to", " is defined as"];

/// One quoted term of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DefinedTerm {
    /// The term as written, without quotes or trailing `,`/`.`.
    pub text: String,
    /// Where that text is.
    pub range: Range<usize>,
}

/// One defining construct with all the terms it defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DefinitionSite {
    /// The defined terms, in order.
    pub terms: Vec<DefinedTerm>,
    /// The parenthesis (both brackets included), or the quoted glossary term.
    pub construct: Range<usize>,
    /// The words that explain the terms: sentence start to the construct for
    /// a parenthetical, the whole sentence for a glossary entry.
    pub explanation: Range<usize>,
}

/// How far a glossary entry's explanation may reach past the term.
const MAX_GLOSSARY_EXPLANATION: usize = 600;

/// Finds every definition site in `text`.
pub(super) fn find(text: &str) -> Vec<DefinitionSite> {
    let mut sites = Vec::new();
    for line in scan::lines(text) {
        let mut scanner = LineScanner {
            text,
            line_end: line.end,
            floor: line.start,
            next_close: None,
            no_close_left: false,
        };
        let mut pos = line.start;
        while let Some(offset) = text[pos..line.end].find(['(', '"', '“']) {
            let at = pos + offset;
            pos = if text.as_bytes()[at] == b'(' {
                scanner.parenthetical(at, &mut sites)
            } else {
                scanner.glossary(at, &mut sites)
            };
        }
    }
    sites
}

/// Scanning state for one line; keeps every search on the line linear.
struct LineScanner<'a> {
    text: &'a str,
    line_end: usize,
    /// Explanations never reach back before this (the last construct's end).
    floor: usize,
    /// The next `)` at or after the last `(` seen, if known.
    next_close: Option<usize>,
    /// No `)` is left on the rest of the line.
    no_close_left: bool,
}

impl LineScanner<'_> {
    /// Handles a `(` at `open`; returns where scanning resumes.
    fn parenthetical(&mut self, open: usize, sites: &mut Vec<DefinitionSite>) -> usize {
        let text = self.text;
        if self.no_close_left {
            return open + 1;
        }
        let close = match self.next_close {
            Some(close) if close > open => close,
            _ => match text[open + 1..self.line_end].find(')') {
                Some(offset) => {
                    self.next_close = Some(open + 1 + offset);
                    open + 1 + offset
                }
                None => {
                    // Remembered so that many `(` on a long line stay linear.
                    self.no_close_left = true;
                    return open + 1;
                }
            },
        };
        let Some(terms) = parenthetical_terms(text, open, close) else {
            return open + 1;
        };
        sites.push(DefinitionSite {
            terms,
            construct: open..close + 1,
            explanation: scan::sentence_start(text, open, self.floor)..open,
        });
        self.floor = close + 1;
        close + 1
    }

    /// Handles a quote at `open`; returns where scanning resumes.
    fn glossary(&mut self, open: usize, sites: &mut Vec<DefinitionSite>) -> usize {
        let text = self.text;
        let Some((term, after)) = quoted(text, open, self.line_end) else {
            return open + scan::char_at(text, open).map_or(1, char::len_utf8);
        };
        let rest = &text.as_bytes()[after..self.line_end];
        let defines = GLOSSARY_VERBS.iter().any(|verb| {
            rest.get(..verb.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(verb.as_bytes()))
        });
        if let (true, Some(term)) = (defines, term) {
            let ceiling = self.line_end.min(after + MAX_GLOSSARY_EXPLANATION);
            sites.push(DefinitionSite {
                terms: vec![term],
                construct: open..after,
                explanation: scan::sentence_start(text, open, self.floor)
                    ..scan::sentence_end(text, after, ceiling),
            });
            self.floor = after;
        }
        after
    }
}

/// The quoted terms of `(…)` at `open..=close` when it holds nothing but
/// quoted terms, separators and filler words.
fn parenthetical_terms(text: &str, open: usize, close: usize) -> Option<Vec<DefinedTerm>> {
    let mut terms = Vec::new();
    let mut i = open + 1;
    while i < close {
        let c = scan::char_at(text, i)?;
        if c.is_whitespace() || matches!(c, ',' | ';') {
            i += c.len_utf8();
        } else if matches!(c, '"' | '“') {
            let (term, after) = quoted(text, i, close)?;
            terms.extend(term);
            i = after;
        } else if c.is_alphabetic() {
            let len = text[i..close]
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(close - i);
            if !FILLER.contains(&text[i..i + len].to_ascii_lowercase().as_str()) {
                return None;
            }
            i += len;
        } else {
            return None;
        }
    }
    (!terms.is_empty()).then_some(terms)
}

/// Parses a quoted term opening at `open` and closing before `limit`.
/// Returns the cleaned term (`None` if empty or too long) and the position
/// after the closing quote.
fn quoted(text: &str, open: usize, limit: usize) -> Option<(Option<DefinedTerm>, usize)> {
    let inner_start = open + scan::char_at(text, open)?.len_utf8();
    let close = inner_start + text[inner_start..limit].find(['"', '”'])?;
    let after = close + scan::char_at(text, close)?.len_utf8();
    let raw = &text[inner_start..close];
    let trimmed = raw.trim_start();
    let start = inner_start + (raw.len() - trimmed.len());
    let cleaned = trimmed.trim_end().trim_end_matches([',', '.']).trim_end();
    let term = (!cleaned.is_empty() && cleaned.chars().count() <= 60).then(|| DefinedTerm {
        text: cleaned.to_owned(),
        range: start..start + cleaned.len(),
    });
    Some((term, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<Vec<String>> {
        find(text)
            .into_iter()
            .map(|site| site.terms.into_iter().map(|t| t.text).collect())
            .collect()
    }

    #[test]
    fn recognised_forms() {
        let cases: &[(&str, &[&[&str]])] = &[
            (
                r#"Northwind Ledger, Inc. ("Northwind", "we", "us", "our") makes"#,
                &[&["Northwind", "we", "us", "our"]],
            ),
            (
                "Northwind Ledger, Inc. (“Northwind,” “we,” “us”) makes",
                &[&["Northwind", "we", "us"]],
            ),
            (r#"our website (the "Site")"#, &[&["Site"]]),
            (
                r#"data (collectively, "Personal Data")."#,
                &[&["Personal Data"]],
            ),
            (r#"(hereinafter referred to as "Service")"#, &[&["Service"]]),
            (
                r#""Personal Data" means any information"#,
                &[&["Personal Data"]],
            ),
            (r#"Call “Cookies” refers to small files"#, &[&["Cookies"]]),
            (r#"see (see "Your Rights" below)"#, &[]),
            (r#"a (plain aside) and "quoted" text"#, &[]),
            (r#"("unterminated"#, &[]),
            ("(\"\")", &[]),
        ];
        for (text, expected) in cases {
            let expected: Vec<Vec<String>> = expected
                .iter()
                .map(|site| site.iter().map(|t| (*t).to_owned()).collect())
                .collect();
            assert_eq!(terms(text), expected, "{text}");
        }
    }

    #[test]
    fn ranges_and_explanation() {
        let text = r#"Intro. We run the website (the "Site") today."#;
        let sites = find(text);
        assert_eq!(sites.len(), 1);
        let site = &sites[0];
        assert_eq!(&text[site.terms[0].range.clone()], "Site");
        assert_eq!(&text[site.construct.clone()], r#"(the "Site")"#);
        assert_eq!(&text[site.explanation.clone()], "We run the website ");
    }
}
