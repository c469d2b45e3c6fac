//! Policy dates: parsing and formatting the dates policies are written
//! with, and finding the "Effective Date:" line, which the model keeps in
//! step with the recorded effective date (rewriting its date in the style it
//! already had) and the checks compare with it.
//!
//! Accepted forms (month names full or abbreviated, any case; day may carry
//! an ordinal suffix):
//!
//! | written            | style          |
//! |--------------------|----------------|
//! | `March 1, 2026`    | month-day-year (comma optional) |
//! | `1 March 2026`     | day-month-year |
//! | `2026-03-01`       | ISO            |
//! | `03/01/2026`       | US: month/day/year |
//!
//! Invariants: no clock is read; parsing never panics on any input; a parsed
//! date is always a valid calendar date; ranges are byte ranges on char
//! boundaries of the text passed in.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::blocks::paragraphs;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// How a date was written, so a replacement can be written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `March 1, 2026`
    MonthDayYear,
    /// `1 March 2026`
    DayMonthYear,
    /// `2026-03-01`
    Iso,
    /// `03/01/2026` (`padded`) or `3/1/2026`
    UsSlash {
        /// Whether month and day had two digits.
        padded: bool,
    },
}

/// Parses a whole string (surrounding spaces ignored) as a policy date.
///
/// ```text
/// "March 1, 2026" | "1 March 2026" | "2026-03-01" | "03/01/2026"  → 2026-03-01
/// "February 30, 2026" | "March 2026" | "March 1, 2026 and more"  → None
/// ```
///
/// (Table-tested in this module's tests.)
pub fn parse_policy_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_date_prefix(s).and_then(|(date, len, _)| (len == s.len()).then_some(date))
}

/// Parses a date at the start of `s`: `(date, bytes used, style)`. The date
/// must not be followed directly by a letter or digit.
pub fn parse_date_prefix(s: &str) -> Option<(NaiveDate, usize, DateStyle)> {
    let mut cursor = Cursor { s, pos: 0 };
    let parsed = if cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
        parse_numeric_or_day_first(&mut cursor)
    } else {
        parse_month_first(&mut cursor)
    }?;
    let (year, month, day, style) = parsed;
    if cursor.peek().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some((date, cursor.pos, style))
}

/// ISO, US slash, or day-first dates: `(year, month, day, style)`.
fn parse_numeric_or_day_first(c: &mut Cursor<'_>) -> Option<(i32, u32, u32, DateStyle)> {
    let (first, first_len) = c.number(4)?;
    if first_len == 4 && c.eat('-') {
        let month = c.number(2)?.0;
        c.eat('-').then_some(())?;
        let day = c.number(2)?.0;
        return Some((i32::try_from(first).ok()?, month, day, DateStyle::Iso));
    }
    if first_len <= 2 && c.eat('/') {
        let (day, day_len) = c.number(2)?;
        c.eat('/').then_some(())?;
        let (year, year_len) = c.number(4)?;
        (year_len == 4).then_some(())?;
        let padded = first_len == 2 && day_len == 2;
        return Some((
            i32::try_from(year).ok()?,
            first,
            day,
            DateStyle::UsSlash { padded },
        ));
    }
    if first_len > 2 {
        return None;
    }
    c.ordinal_suffix();
    c.spaces().then_some(())?;
    if c.word_is("of") {
        c.spaces().then_some(())?;
    }
    let month = c.month()?;
    c.eat(',');
    c.spaces().then_some(())?;
    let year = c.year()?;
    Some((year, month, first, DateStyle::DayMonthYear))
}

/// Month-first dates: `(year, month, day, style)`.
fn parse_month_first(c: &mut Cursor<'_>) -> Option<(i32, u32, u32, DateStyle)> {
    let month = c.month()?;
    c.spaces().then_some(())?;
    let (day, day_len) = c.number(2)?;
    (day_len <= 2).then_some(())?;
    c.ordinal_suffix();
    c.eat(',');
    c.spaces().then_some(())?;
    let year = c.year()?;
    Some((year, month, day, DateStyle::MonthDayYear))
}

/// A byte cursor over ASCII-ish date text.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn eat(&mut self, expected: char) -> bool {
        let hit = self.peek() == Some(expected);
        if hit {
            self.pos += expected.len_utf8();
        }
        hit
    }

    /// Skips one or more spaces; false if there were none.
    fn spaces(&mut self) -> bool {
        let rest = &self.s[self.pos..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        self.pos += skipped;
        skipped > 0
    }

    /// Up to `max` digits: `(value, digit count)`.
    fn number(&mut self, max: usize) -> Option<(u32, usize)> {
        let digits = self.s[self.pos..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 || digits > max {
            return None;
        }
        let value = self.s[self.pos..self.pos + digits].parse().ok()?;
        self.pos += digits;
        Some((value, digits))
    }

    fn year(&mut self) -> Option<i32> {
        let (year, len) = self.number(4)?;
        if len != 4 {
            return None;
        }
        i32::try_from(year).ok()
    }

    fn word(&self) -> &str {
        let rest = &self.s[self.pos..];
        let len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        &rest[..len]
    }

    fn word_is(&mut self, expected: &str) -> bool {
        let word = self.word();
        let hit = word.eq_ignore_ascii_case(expected);
        if hit {
            self.pos += word.len();
        }
        hit
    }

    /// A month name, full or abbreviated to at least three letters
    /// ("Sept." too), optionally followed by a period.
    fn month(&mut self) -> Option<u32> {
        let word = self.word().to_ascii_lowercase();
        if word.len() < 3 {
            return None;
        }
        let index = MONTHS.iter().position(|m| m.starts_with(&word))?;
        self.pos += word.len();
        self.eat('.');
        u32::try_from(index + 1).ok()
    }

    fn ordinal_suffix(&mut self) {
        let word = self.word().to_ascii_lowercase();
        if matches!(word.as_str(), "st" | "nd" | "rd" | "th") {
            self.pos += 2;
        }
    }
}

/// Writes `date` in `style`.
pub fn format_date(date: NaiveDate, style: DateStyle) -> String {
    let month_name = || {
        let name = MONTHS[date.month0() as usize];
        let mut chars = name.chars();
        chars
            .next()
            .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    match style {
        DateStyle::MonthDayYear => format!("{} {}, {}", month_name(), date.day(), date.year()),
        DateStyle::DayMonthYear => format!("{} {} {}", date.day(), month_name(), date.year()),
        DateStyle::Iso => date.format("%Y-%m-%d").to_string(),
        DateStyle::UsSlash { padded: true } => date.format("%m/%d/%Y").to_string(),
        DateStyle::UsSlash { padded: false } => {
            format!("{}/{}/{}", date.month(), date.day(), date.year())
        }
    }
}

/// The first line that starts with "Effective Date:" (any case; list
/// markers and `*`/`_` emphasis around the label allowed, e.g.
/// `**Effective Date:** March 1, 2026`).
///
/// Returns the range of the date part and the date when it parses. The range
/// covers the parsed date, or, when the text does not parse, everything
/// after the label up to the line end without trailing emphasis or a
/// period; it is empty (at the line end) when nothing follows the label.
///
/// ```text
/// "Effective Date: March 1, 2026"          → ("March 1, 2026", Some(2026-03-01))
/// "**Effective Date:** [insert date]"      → ("[insert date]", None)
/// "The effective date: soon"               → None (label not at line start)
/// ```
pub fn find_effective_date_line(text: &str) -> Option<(Range<usize>, Option<NaiveDate>)> {
    paragraphs(text).find_map(|line| effective_date_in_line(text, line))
}

/// The date part of `line` when it is an "Effective Date:" line.
fn effective_date_in_line(
    text: &str,
    line: Range<usize>,
) -> Option<(Range<usize>, Option<NaiveDate>)> {
    const LABEL: &str = "effective date";
    let decoration = |c: char| c == '*' || c == '_' || c.is_whitespace();
    let s = &text[line.clone()];
    let labelled = s.trim_start_matches(decoration);
    let head = labelled.get(..LABEL.len())?;
    if !head.eq_ignore_ascii_case(LABEL) {
        return None;
    }
    let after_label = labelled[LABEL.len()..].trim_start_matches(decoration);
    let after_colon = after_label.strip_prefix(':')?;
    let value = after_colon.trim_start_matches(decoration);
    let start = line.end - value.len();
    if let Some((date, len, _)) = parse_date_prefix(value) {
        return Some((start..start + len, Some(date)));
    }
    let trimmed = value.trim_end_matches(|c: char| decoration(c) || c == '.');
    Some((start..start + trimmed.len(), None))
}

/// The date at `range` in `text` with its style, when it parses.
pub fn parse_with_style(text: &str, range: Range<usize>) -> Option<(NaiveDate, DateStyle)> {
    parse_date_prefix(&text[range]).map(|(date, _, style)| (date, style))
}

/// The "Effective Date:" line of a text: where its date is and how it is
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    /// Bytes of the date part.
    pub date_range: Range<usize>,
    /// The date, when it reads as one.
    pub date: Option<NaiveDate>,
    /// How it is written (month-day-year when it does not read as a date).
    pub style: DateStyle,
}

/// Finds the "Effective Date:" line with its date and style.
///
/// ```
/// use redline::model::dates::find_date_line;
/// let text = "# Policy\nEffective Date: March 1, 2026\nWe collect data.";
/// let line = find_date_line(text).unwrap();
/// assert_eq!(&text[line.date_range.clone()], "March 1, 2026");
/// assert_eq!(line.date.unwrap().to_string(), "2026-03-01");
/// ```
pub fn find_date_line(text: &str) -> Option<DateLine> {
    let (date_range, date) = find_effective_date_line(text)?;
    let style = parse_with_style(text, date_range.clone())
        .map_or(DateStyle::MonthDayYear, |(_, style)| style);
    Some(DateLine {
        date_range,
        date,
        style,
    })
}

/// Reads a whole string as a date, with the style it is written in.
pub fn parse_date(written: &str) -> Option<(NaiveDate, DateStyle)> {
    let written = written.trim();
    parse_date_prefix(written)
        .and_then(|(date, len, style)| (len == written.len()).then_some((date, style)))
}

/// "March 1, 2026": how dates are shown to readers of the policy.
pub fn long_date(date: NaiveDate) -> String {
    format_date(date, DateStyle::MonthDayYear)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, expected (date part, date))`.
    type LineCase = (&'static str, Option<(&'static str, Option<NaiveDate>)>);

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn parse_table() {
        let cases = [
            ("March 1, 2026", ymd(2026, 3, 1)),
            ("march 1 2026", ymd(2026, 3, 1)),
            ("Mar. 1st, 2026", ymd(2026, 3, 1)),
            ("Sept 30, 2025", ymd(2025, 9, 30)),
            ("1 March 2026", ymd(2026, 3, 1)),
            ("21st of March, 2026", ymd(2026, 3, 21)),
            ("2026-03-01", ymd(2026, 3, 1)),
            ("03/01/2026", ymd(2026, 3, 1)),
            ("3/1/2026", ymd(2026, 3, 1)),
            ("  March 1, 2026  ", ymd(2026, 3, 1)),
            ("February 29, 2025", None),
            ("13/01/2026", None),
            ("March 2026", None),
            ("Ma 1, 2026", None),
            ("March 1, 2026x", None),
            ("March 1, 2026 and more", None),
            ("[insert date]", None),
            ("", None),
            ("2026-3-1", ymd(2026, 3, 1)),
            ("１ March 2026", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_policy_date(input), expected, "{input:?}");
        }
    }

    #[test]
    fn format_round_trips() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let styles = [
            (DateStyle::MonthDayYear, "March 1, 2026"),
            (DateStyle::DayMonthYear, "1 March 2026"),
            (DateStyle::Iso, "2026-03-01"),
            (DateStyle::UsSlash { padded: true }, "03/01/2026"),
            (DateStyle::UsSlash { padded: false }, "3/1/2026"),
        ];
        for (style, written) in styles {
            assert_eq!(format_date(date, style), written);
            assert_eq!(parse_date_prefix(written).map(|p| p.2), Some(style));
        }
    }

    #[test]
    fn effective_date_lines() {
        let cases: &[LineCase] = &[
            (
                "# T\nEffective Date: March 1, 2026\n",
                Some(("March 1, 2026", ymd(2026, 3, 1))),
            ),
            (
                "**Effective Date:** 1 March 2026.",
                Some(("1 March 2026", ymd(2026, 3, 1))),
            ),
            (
                "_Effective date_: 2026-03-01",
                Some(("2026-03-01", ymd(2026, 3, 1))),
            ),
            (
                "EFFECTIVE DATE: [insert date]**",
                Some(("[insert date]", None)),
            ),
            ("Effective Date:", Some(("", None))),
            ("The effective date: soon", None),
            ("Effective Dates matter", None),
            ("Last updated: March 1, 2026", None),
        ];
        for (text, expected) in cases {
            let got = find_effective_date_line(text).map(|(r, d)| (&text[r], d));
            assert_eq!(got, *expected, "{text:?}");
        }
    }
}
