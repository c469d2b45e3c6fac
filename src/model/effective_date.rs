//! The policy's own "Effective Date: …" line, kept in step with the recorded
//! effective date.
//!
//! The line is the first paragraph that starts with "Effective Date:" (any
//! case). Its date is read in the common written forms, and rewritten in the
//! form it already had, so changing the recorded date never restyles the
//! policy:
//!
//! | written            | style              |
//! |--------------------|--------------------|
//! | `March 1, 2026`    | [`DateStyle::MonthDayYear`] |
//! | `Mar. 1, 2026`     | read as MonthDayYear |
//! | `1 March 2026`     | [`DateStyle::DayMonthYear`] |
//! | `2026-03-01`       | [`DateStyle::Iso`] |
//! | `03/01/2026`       | [`DateStyle::UsNumeric`] (month first) |

use super::document::paragraphs;
use chrono::{Datelike, NaiveDate};
use std::ops::Range;

/// The label that starts the line.
const LABEL: &str = "effective date:";

/// How a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "March 1, 2026"
    MonthDayYear,
    /// "1 March 2026"
    DayMonthYear,
    /// "2026-03-01"
    Iso,
    /// "03/01/2026"
    UsNumeric,
}

/// The "Effective Date:" line found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    /// Bytes of the date part (after the label and spaces, to the line end).
    pub date_range: Range<usize>,
    /// The date, when it reads as one.
    pub date: Option<NaiveDate>,
    /// How it is written (MonthDayYear when it does not read as a date).
    pub style: DateStyle,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Finds the "Effective Date:" line.
///
/// ```
/// use redline::model::effective_date::find_date_line;
/// let text = "# Policy\nEffective Date: March 1, 2026\nWe collect data.";
/// let line = find_date_line(text).unwrap();
/// assert_eq!(&text[line.date_range.clone()], "March 1, 2026");
/// assert_eq!(line.date.unwrap().to_string(), "2026-03-01");
/// ```
pub fn find_date_line(text: &str) -> Option<DateLine> {
    paragraphs(text).find_map(|line| {
        let paragraph = &text[line.clone()];
        let label = paragraph.get(..LABEL.len())?;
        if !label.eq_ignore_ascii_case(LABEL) {
            return None;
        }
        let after_label = &paragraph[LABEL.len()..];
        let date_text = after_label.trim();
        let start = line.start + LABEL.len() + (after_label.len() - after_label.trim_start().len());
        let parsed = parse_date(date_text);
        Some(DateLine {
            date_range: start..start + date_text.len(),
            date: parsed.map(|(date, _)| date),
            style: parsed.map_or(DateStyle::MonthDayYear, |(_, style)| style),
        })
    })
}

/// Reads a date in one of the written forms the module accepts.
///
/// ```
/// use redline::model::effective_date::parse_date;
/// for written in ["March 1, 2026", "Mar. 1, 2026", "1 March 2026", "2026-03-01", "03/01/2026"] {
///     assert_eq!(parse_date(written).unwrap().0.to_string(), "2026-03-01", "{written}");
/// }
/// assert!(parse_date("February 30, 2026").is_none());
/// ```
pub fn parse_date(written: &str) -> Option<(NaiveDate, DateStyle)> {
    let written = written.trim().trim_end_matches('.');
    if let Ok(date) = NaiveDate::parse_from_str(written, "%Y-%m-%d") {
        return Some((date, DateStyle::Iso));
    }
    if let Ok(date) = NaiveDate::parse_from_str(written, "%m/%d/%Y") {
        return Some((date, DateStyle::UsNumeric));
    }
    let words: Vec<&str> = written
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    let [first, second, year] = words.as_slice() else {
        return None;
    };
    let year: i32 = year.parse().ok()?;
    let (month, day, style) = match (month_number(first), month_number(second)) {
        (Some(month), None) => (month, second.parse().ok()?, DateStyle::MonthDayYear),
        (None, Some(month)) => (month, first.parse().ok()?, DateStyle::DayMonthYear),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, style))
}

/// Writes a date in the given style.
pub fn format_date(date: NaiveDate, style: DateStyle) -> String {
    let month = MONTHS[date.month0() as usize];
    match style {
        DateStyle::MonthDayYear => format!("{month} {}, {}", date.day(), date.year()),
        DateStyle::DayMonthYear => format!("{} {month} {}", date.day(), date.year()),
        DateStyle::Iso => date.format("%Y-%m-%d").to_string(),
        DateStyle::UsNumeric => date.format("%m/%d/%Y").to_string(),
    }
}

/// "March 1, 2026": how dates are shown to readers of the policy.
pub fn long_date(date: NaiveDate) -> String {
    format_date(date, DateStyle::MonthDayYear)
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| {
            month.len() >= word.len() && month[..word.len()].eq_ignore_ascii_case(word)
        })
        .map(|index| index as u32 + 1)
}
