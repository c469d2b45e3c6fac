//! Template leftovers: `template-alternative`, `template-placeholder`,
//! `template-insert` and `tbd`.
//!
//! Owns the detection of text a policy template meant to be replaced:
//!
//! | text                                   | rule                   | severity | fix                 |
//! |----------------------------------------|------------------------|----------|---------------------|
//! | `[We sell data.] -OR- [We do not.]`     | `template-alternative` | Error    | none                |
//! | `[Company]`, `[COMPANY NAME]`           | `template-placeholder` | Error    | the organisation's name |
//! | `[State]`, `[a bracketed sentence.]`    | `template-placeholder` | Error    | none                |
//! | `[insert date]`, `[Insert retention period]` | `template-insert` | Error    | the recorded effective date for a date, the organisation for a name, else none |
//! | `TBD`, `TBA` (upper case, whole words)  | `tbd`                  | Warning  | none                |
//!
//! Alternatives: a `-OR-` marker joins the bracketed text (or, without
//! brackets, the sentence) on each side; chains `[A] -OR- [B] -OR- C` and a
//! marker alone on its line between two paragraphs form one construct whose
//! range covers every option. Brackets inside an alternative are not reported
//! again, and neither is a TBD inside any reported construct.
//!
//! Not leftovers: Markdown links and references `[text](url)`, `[text][ref]`,
//! `[ref]: url`; task boxes `[ ]`, `[x]`; citations `[1]`; footnotes `[^1]`.
//!
//! Invariants: findings are in text order and never overlap; brackets pair
//! within one line. Each kind is found in one pass (`str::find`-driven).

use std::ops::Range;

use super::scan::{self, Doc};
use super::{CheckContext, Finding, Rule, Severity};
use crate::model::dates::{self, DateStyle};

/// The marker between template alternatives.
const OR_MARKER: &str = "-OR-";

/// Bracket contents (lower case, without "insert", "your", "the") that mean
/// the organisation's name.
const COMPANY_WORDS: &[&str] = &[
    "company",
    "company name",
    "company's name",
    "company legal name",
    "name of company",
    "organization",
    "organisation",
    "organization name",
    "organisation name",
    "business",
    "business name",
    "legal name",
    "entity name",
    "name of entity",
];

/// Runs the template-leftover rules.
pub(super) fn check(doc: &Doc<'_>, ctx: &CheckContext<'_>) -> Vec<Finding> {
    let text = doc.text;
    let alternatives = alternatives(text);
    let mut findings: Vec<Finding> = alternatives
        .iter()
        .map(|range| {
            Finding::new(
                Rule::TemplateAlternative,
                Severity::Error,
                range.clone(),
                "unresolved template alternative: keep one option and delete the rest".to_owned(),
            )
        })
        .collect();
    findings.extend(brackets(text, ctx, &alternatives));
    findings.sort_by_key(|f| f.range.start);
    let covered: Vec<Range<usize>> = findings.iter().map(|f| f.range.clone()).collect();
    findings.extend(tbd(text, &covered));
    findings.sort_by_key(|f| f.range.start);
    findings
}

/// Ranges of `-OR-` constructs, merged where they overlap.
fn alternatives(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for line in scan::lines(text) {
        let content = &text[line.clone()];
        if !content.contains(OR_MARKER) {
            continue;
        }
        if content.trim() == OR_MARKER {
            let start = previous_paragraph(text, line.start).unwrap_or(line.start);
            let end = next_paragraph(text, line.end).unwrap_or(line.end);
            push_merged(&mut ranges, start..end);
            continue;
        }
        let markers: Vec<usize> = content
            .match_indices(OR_MARKER)
            .map(|(i, _)| line.start + i)
            .collect();
        for (k, &at) in markers.iter().enumerate() {
            // Each option lies between its neighbouring markers, which also
            // keeps the searches linear on a long line.
            let floor = k
                .checked_sub(1)
                .map_or(line.start, |previous| markers[previous] + OR_MARKER.len());
            let ceiling = markers.get(k + 1).copied().unwrap_or(line.end);
            let range =
                left_option(text, floor, at)..right_option(text, at + OR_MARKER.len(), ceiling);
            push_merged(&mut ranges, range);
        }
    }
    ranges
}

/// Appends `range`, merging it into the last range when they overlap.
fn push_merged(ranges: &mut Vec<Range<usize>>, range: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
        _ => ranges.push(range),
    }
}

/// Start of the option left of a marker at `marker_start`, not before `floor`.
fn left_option(text: &str, floor: usize, marker_start: usize) -> usize {
    let before = text[floor..marker_start].trim_end();
    let end = floor + before.len();
    if before.ends_with(']')
        && let Some(open) = text[floor..end - 1].rfind('[')
    {
        return floor + open;
    }
    let start = scan::sentence_start(text, end.saturating_sub(1).max(floor), floor);
    let lead = text[start..end].len() - text[start..end].trim_start_matches(['-', '*', ' ']).len();
    start + lead
}

/// End of the option right of a marker ending at `marker_end`, not after `ceiling`.
fn right_option(text: &str, marker_end: usize, ceiling: usize) -> usize {
    let after = &text[marker_end..ceiling];
    let start = marker_end + (after.len() - after.trim_start().len());
    if start >= ceiling {
        return marker_end;
    }
    if text[start..ceiling].starts_with('[')
        && let Some(close) = text[start..ceiling].find(']')
    {
        return start + close + 1;
    }
    scan::sentence_end(text, start, ceiling)
}

/// Start of the last non-blank line before `line_start`.
fn previous_paragraph(text: &str, line_start: usize) -> Option<usize> {
    let before = text[..line_start].trim_end();
    (!before.is_empty()).then(|| scan::line_start(text, before.len()))
}

/// End of the first non-blank line after `line_end`.
fn next_paragraph(text: &str, line_end: usize) -> Option<usize> {
    let after = &text[line_end..];
    let skipped = after.len() - after.trim_start().len();
    let start = line_end + skipped;
    (start < text.len()).then(|| scan::line_end(text, start))
}

/// Bracketed placeholders and `[insert …]` instructions outside alternatives.
fn brackets(text: &str, ctx: &CheckContext<'_>, alternatives: &[Range<usize>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut alternative = 0;
    for line in scan::lines(text) {
        let mut pos = line.start;
        while let Some(offset) = text[pos..line.end].find('[') {
            let open = pos + offset;
            let Some(close) = text[open + 1..line.end]
                .find(['[', ']'])
                .map(|i| open + 1 + i)
            else {
                break;
            };
            if text.as_bytes()[close] == b'[' {
                pos = close;
                continue;
            }
            pos = close + 1;
            while alternatives.get(alternative).is_some_and(|a| a.end <= open) {
                alternative += 1;
            }
            if alternatives
                .get(alternative)
                .is_some_and(|a| a.start <= open)
            {
                continue;
            }
            let content = text[open + 1..close].trim();
            if is_markup(text, line.start, open, close, content) {
                continue;
            }
            findings.push(bracket_finding(ctx, open..close + 1, content));
        }
    }
    findings
}

/// Markdown links, references, task boxes, citations and footnotes.
fn is_markup(text: &str, line_start: usize, open: usize, close: usize, content: &str) -> bool {
    let next = text.as_bytes().get(close + 1).copied();
    let at_line_start = || {
        text.as_bytes()[line_start..open]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
    };
    matches!(next, Some(b'(' | b'['))
        || (next == Some(b':') && at_line_start())
        || matches!(content, "" | "x" | "X")
        || content.starts_with('^')
        || content
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b' ')
}

/// Classifies one bracket as placeholder or instruction and picks a fix.
fn bracket_finding(ctx: &CheckContext<'_>, range: Range<usize>, content: &str) -> Finding {
    let lower = content.to_lowercase();
    let instruction = lower
        .strip_prefix("insert")
        .filter(|rest| rest.is_empty() || rest.starts_with([' ', ':', '-']));
    let subject = instruction
        .unwrap_or(&lower)
        .trim_start_matches([' ', ':', '-'])
        .trim();
    let subject = subject
        .strip_prefix("your ")
        .or_else(|| subject.strip_prefix("the "))
        .unwrap_or(subject);
    let organisation = ctx.organisation.trim();
    let fix = if COMPANY_WORDS.contains(&subject) && !organisation.is_empty() {
        Some(organisation.to_owned())
    } else if instruction.is_some() && subject.contains("date") {
        ctx.effective_date
            .map(|date| dates::format_date(date, DateStyle::MonthDayYear))
    } else {
        None
    };
    let (rule, message) = if instruction.is_some() {
        (
            Rule::TemplateInsert,
            format!("unfilled template instruction \"[{content}]\""),
        )
    } else {
        (
            Rule::TemplatePlaceholder,
            format!("unresolved template placeholder \"[{content}]\""),
        )
    };
    let finding = Finding::new(rule, Severity::Error, range, message);
    match fix {
        Some(fix) => finding.with_fix(fix),
        None => finding,
    }
}

/// Whole-word upper-case "TBD"/"TBA" outside the `covered` ranges (sorted).
fn tbd(text: &str, covered: &[Range<usize>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut next_cover = 0;
    for (at, _) in text.match_indices("TB") {
        let end = at + 3;
        let is_word = matches!(text.as_bytes().get(at + 2), Some(b'D' | b'A'))
            && !scan::char_before(text, at).is_some_and(scan::is_word_char)
            && !scan::char_at(text, end).is_some_and(scan::is_word_char);
        if !is_word {
            continue;
        }
        while covered.get(next_cover).is_some_and(|c| c.end <= at) {
            next_cover += 1;
        }
        if covered[next_cover..]
            .iter()
            .take_while(|c| c.start <= at)
            .any(|c| c.end > at)
        {
            continue;
        }
        let word = &text[at..end];
        findings.push(Finding::new(
            Rule::Tbd,
            Severity::Warning,
            at..end,
            format!("\"{word}\" left in the text"),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::{CheckConfig, CheckContext};
    use super::*;
    use chrono::NaiveDate;

    /// `(rule id, text at the range, fix)`.
    type Row = (&'static str, String, Option<String>);

    fn run(marked: &str) -> Vec<Row> {
        let content = crate::model::content::Content::from_marked_text(marked);
        let text = content.text.as_str();
        let config = CheckConfig::default();
        let ctx = CheckContext {
            text,
            blocks: &content.blocks,
            organisation: "Northwind Ledger, Inc.",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            is_published: false,
            last_published: None,
            notice_channel_recorded: true,
            config: &config,
        };
        check(&Doc::new(text, &content.blocks), &ctx)
            .into_iter()
            .map(|f| (f.rule.id(), text[f.range].to_owned(), f.fix))
            .collect()
    }

    fn row(
        rule: &'static str,
        found: &str,
        fix: Option<&str>,
    ) -> (&'static str, String, Option<String>) {
        (rule, found.to_owned(), fix.map(str::to_owned))
    }

    #[test]
    fn placeholders_and_instructions() {
        let cases: &[(&str, &[Row])] = &[
            (
                "[Company] runs [COMPANY NAME] and [State].",
                &[
                    row(
                        "template-placeholder",
                        "[Company]",
                        Some("Northwind Ledger, Inc."),
                    ),
                    row(
                        "template-placeholder",
                        "[COMPANY NAME]",
                        Some("Northwind Ledger, Inc."),
                    ),
                    row("template-placeholder", "[State]", None),
                ],
            ),
            (
                "Effective [insert date]. Kept for [Insert retention period].",
                &[
                    row("template-insert", "[insert date]", Some("March 1, 2026")),
                    row("template-insert", "[Insert retention period]", None),
                ],
            ),
            (
                "See [our terms](https://x.example), [ref][1], [1], [^2], [ ] and [x].\n[ref]: https://x.example",
                &[],
            ),
            ("An [unclosed bracket\nand ] stray", &[]),
            (
                "[[nested]]",
                &[row("template-placeholder", "[nested]", None)],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(run(text), *expected, "{text}");
        }
    }

    #[test]
    fn alternatives_cover_the_whole_construct() {
        let cases: &[(&str, &[Row])] = &[
            (
                "Intro. [We sell data.] -OR- [We do not sell data.] Outro.",
                &[row(
                    "template-alternative",
                    "[We sell data.] -OR- [We do not sell data.]",
                    None,
                )],
            ),
            (
                "Intro. [We sell data.] -OR- We do not sell data. Outro.",
                &[row(
                    "template-alternative",
                    "[We sell data.] -OR- We do not sell data.",
                    None,
                )],
            ),
            (
                "- [A] -OR- [B] -OR- [C]",
                &[row("template-alternative", "[A] -OR- [B] -OR- [C]", None)],
            ),
            (
                "Intro. We sell data -OR- we rent it. Outro.",
                &[row(
                    "template-alternative",
                    "We sell data -OR- we rent it.",
                    None,
                )],
            ),
            (
                "We sell data.\n-OR-\nWe do not sell data.\nNext.",
                &[row(
                    "template-alternative",
                    "We sell data.\n-OR-\nWe do not sell data.",
                    None,
                )],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(run(text), *expected, "{text}");
        }
    }

    #[test]
    fn tbd_whole_words_outside_constructs() {
        let cases: &[(&str, &[Row])] = &[
            (
                "Retention: TBD. Launch TBA, TBDs, STBD, tbd.",
                &[row("tbd", "TBD", None), row("tbd", "TBA", None)],
            ),
            (
                "Kept for [TBD].",
                &[row("template-placeholder", "[TBD]", None)],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(run(text), *expected, "{text}");
        }
    }
}
