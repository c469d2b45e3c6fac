//! Spacing (`doubled-space`): stray spaces inside a paragraph.
//!
//! | text             | range   | fix   |
//! |------------------|---------|-------|
//! | `we  share`      | `"  "`  | `" "` |
//! | `data ,`         | `" "`   | `""`  |
//! | `data  .` (end)  | `"  "`  | `""`  |
//!
//! A run of two or more spaces counts only between two visible characters:
//! indentation and trailing spaces (a Markdown hard break) are left alone,
//! and so are table rows (lines starting with `|`), whose cells are padded on
//! purpose. A space before punctuation counts after a letter or digit and
//! before `,` `;` `:` `!` `?` `)` or a `.` that ends a sentence.
//!
//! Severity is Info: spacing never changes meaning. One pass over the text.

use super::scan::{self, Doc};
use super::{Finding, Rule, Severity};

/// Runs the spacing rule.
pub(super) fn check(doc: &Doc<'_>) -> Vec<Finding> {
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut findings = Vec::new();
    for line in scan::lines(text) {
        let content = &text[line.clone()];
        if content.trim_start().starts_with('|') {
            continue;
        }
        let indent = content.len() - content.trim_start_matches(' ').len();
        let mut i = line.start + indent;
        // A plain byte loop: spaces are too frequent for a `find` per space.
        while i < line.end {
            if bytes[i] != b' ' {
                i += 1;
                continue;
            }
            let start = i;
            while i < line.end && bytes[i] == b' ' {
                i += 1;
            }
            let end = i;
            if end == line.end {
                break;
            }
            let before = scan::char_before(text, start);
            let after_is_closing = matches!(bytes[end], b',' | b';' | b':' | b'!' | b'?' | b')')
                || (bytes[end] == b'.'
                    && bytes.get(end + 1).is_none_or(|b| b.is_ascii_whitespace()));
            if after_is_closing && before.is_some_and(scan::is_word_char) {
                findings.push(
                    Finding::new(
                        Rule::DoubledSpace,
                        Severity::Info,
                        start..end,
                        "space before punctuation".to_owned(),
                    )
                    .with_fix(""),
                );
            } else if end - start >= 2 {
                findings.push(
                    Finding::new(
                        Rule::DoubledSpace,
                        Severity::Info,
                        start..end,
                        "doubled space".to_owned(),
                    )
                    .with_fix(" "),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(message, range start, fix)`.
    type Expected = (&'static str, usize, &'static str);

    #[test]
    fn spacing_table() {
        let cases: &[(&str, &[Expected])] = &[
            ("we  share data", &[("doubled space", 2, " ")]),
            ("we   share", &[("doubled space", 2, " ")]),
            (
                "data , more ; end .",
                &[
                    ("space before punctuation", 4, ""),
                    ("space before punctuation", 11, ""),
                    ("space before punctuation", 17, ""),
                ],
            ),
            ("data  .", &[("space before punctuation", 4, "")]),
            ("    indented code", &[]),
            ("hard break  \nnext", &[]),
            ("| Cell  | Other   |", &[]),
            ("see .com and 3 .5", &[]),
            ("- item one", &[]),
            ("\"quoted\" , ok", &[]),
            ("end.  Next", &[("doubled space", 4, " ")]),
        ];
        for (text, expected) in cases {
            let got: Vec<(String, usize, String)> = check(&Doc::new(text, &[]))
                .into_iter()
                .map(|f| (f.message, f.range.start, f.fix.unwrap_or_default()))
                .collect();
            let expected: Vec<(String, usize, String)> = expected
                .iter()
                .map(|(m, s, fix)| ((*m).to_owned(), *s, (*fix).to_owned()))
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }
}
