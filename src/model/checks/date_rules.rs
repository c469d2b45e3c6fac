//! Date and review-cycle rules.
//!
//! | rule                      | fires when                                                        | severity | range |
//! |---------------------------|-------------------------------------------------------------------|----------|-------|
//! | `effective-date-missing`  | no recorded date and no readable "Effective Date:" line          | Error    | the line's date part, else `0..0` |
//! | `effective-date-mismatch` | the line's date differs from the recorded one (fix: the recorded date in the line's style) | Warning | the date part |
//! | `effective-date-past`     | a draft's effective date (recorded, else written) is before today | Warning  | the date part, else `0..0` |
//! | `annual-review-overdue`   | the last published version took effect more than 12 months before today | Warning | `0..0` |
//! | `notice-channel-missing`  | a section headed "Changes…"/"Material Change…" promises notice and no notice channel is recorded | Warning | the heading line |
//!
//! Invariants: "today" comes from the context only; "more than 12 months"
//! is calendar months (`today - 12 months`, clamped at month ends, so
//! 2025-02-28 is not overdue on 2026-02-28 but is on 2026-03-01).

use chrono::Months;

use super::scan::Doc;
use super::{CheckContext, Finding, Rule, Severity};
use crate::model::dates::{self, DateStyle};

/// Wordings (lower case) that promise to tell readers about changes.
const NOTICE_PROMISES: &[&str] = &[
    "notify",
    "notif",
    "notice of",
    "give you notice",
    "provide notice",
    "provide you with notice",
    "advance notice",
    "prior notice",
    "inform you",
    "let you know",
    "alert you",
    "email you",
    "tell you",
];

/// Runs the date rules.
pub(super) fn check(doc: &Doc<'_>, ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let line = dates::find_effective_date_line(doc.text);
    let line_range = line.as_ref().map(|(range, _)| range.clone());
    let written = line
        .as_ref()
        .and_then(|(range, date)| date.map(|d| (range.clone(), d)));
    let effective = ctx.effective_date.or(written.as_ref().map(|(_, d)| *d));

    if effective.is_none() {
        let message = if line.is_some() {
            "no effective date: the \"Effective Date:\" line has no readable date and none is recorded"
        } else {
            "no effective date: record one or add an \"Effective Date:\" line"
        };
        findings.push(Finding::new(
            Rule::EffectiveDateMissing,
            Severity::Error,
            line_range.clone().unwrap_or(0..0),
            message.to_owned(),
        ));
    }

    if let (Some(recorded), Some((range, written_date))) = (ctx.effective_date, &written)
        && recorded != *written_date
    {
        let style = dates::parse_with_style(doc.text, range.clone())
            .map_or(DateStyle::MonthDayYear, |(_, style)| style);
        findings.push(
            Finding::new(
                Rule::EffectiveDateMismatch,
                Severity::Warning,
                range.clone(),
                format!(
                    "the \"Effective Date:\" line says {} but the recorded effective date is {}",
                    &doc.text[range.clone()],
                    long(recorded)
                ),
            )
            .with_fix(dates::format_date(recorded, style)),
        );
    }

    if !ctx.is_published
        && let Some(date) = effective
        && date < ctx.today
    {
        findings.push(Finding::new(
            Rule::EffectiveDatePast,
            Severity::Warning,
            line_range.unwrap_or(0..0),
            format!(
                "the effective date {} has already passed but this version is still a draft",
                long(date)
            ),
        ));
    }

    if let Some(last) = ctx.last_published
        && let Some(cutoff) = ctx.today.checked_sub_months(Months::new(12))
        && last < cutoff
    {
        findings.push(Finding::new(
            Rule::AnnualReviewOverdue,
            Severity::Warning,
            0..0,
            format!(
                "the last published version took effect on {}, more than 12 months ago: review and republish the policy",
                long(last)
            ),
        ));
    }

    if !ctx.notice_channel_recorded {
        findings.extend(notice_promises(doc));
    }
    findings
}

/// Sections about changes whose own text promises notice.
fn notice_promises<'a>(doc: &'a Doc<'_>) -> impl Iterator<Item = Finding> + 'a {
    doc.headings
        .iter()
        .filter(|heading| {
            doc.lower[heading.title.clone()]
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word.starts_with("change"))
        })
        .filter(|heading| {
            let body = &doc.lower[heading.own_body()];
            NOTICE_PROMISES.iter().any(|promise| body.contains(promise))
        })
        .map(|heading| {
            Finding::new(
                Rule::NoticeChannelMissing,
                Severity::Warning,
                heading.line.clone(),
                "this section promises notice of changes but no notice channel (e.g. email, in-app message) is recorded"
                    .to_owned(),
            )
        })
}

/// `March 1, 2026`: the style used in messages.
fn long(date: chrono::NaiveDate) -> String {
    dates::format_date(date, DateStyle::MonthDayYear)
}

#[cfg(test)]
mod tests {
    use super::super::{CheckConfig, CheckContext};
    use super::*;
    use chrono::NaiveDate;

    /// `(rule id, text at the range, fix)` rows.
    type Expected = &'static [(&'static str, &'static str, Option<&'static str>)];

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    struct Case {
        text: &'static str,
        recorded: Option<NaiveDate>,
        today: NaiveDate,
        published: bool,
        last_published: Option<NaiveDate>,
        channel: bool,
        expected: Expected,
    }

    fn run(case: &Case) -> Vec<(&'static str, String, Option<String>)> {
        let content = crate::model::content::Content::from_marked_text(case.text);
        let text = content.text.as_str();
        let config = CheckConfig::default();
        let ctx = CheckContext {
            text,
            blocks: &content.blocks,
            organisation: "",
            effective_date: case.recorded,
            today: case.today,
            is_published: case.published,
            last_published: case.last_published,
            notice_channel_recorded: case.channel,
            config: &config,
        };
        check(&Doc::new(text, &content.blocks), &ctx)
            .into_iter()
            .map(|f| (f.rule.id(), text[f.range].to_owned(), f.fix))
            .collect()
    }

    const BASE: Case = Case {
        text: "# P\nEffective Date: March 1, 2026\n",
        recorded: None,
        today: NaiveDate::MIN,
        published: true,
        last_published: None,
        channel: true,
        expected: &[],
    };

    #[test]
    fn date_rule_table() {
        let today = ymd(2026, 2, 1);
        let cases = [
            Case { today, ..BASE },
            Case {
                text: "# P\nNo date here.",
                today,
                expected: &[("effective-date-missing", "", None)],
                ..BASE
            },
            Case {
                text: "# P\nEffective Date: [insert date]",
                today,
                expected: &[("effective-date-missing", "[insert date]", None)],
                ..BASE
            },
            Case {
                text: "# P\nNo date here.",
                recorded: Some(ymd(2026, 3, 1)),
                today,
                ..BASE
            },
            Case {
                text: "# P\nEffective Date: 2026-02-01\n",
                recorded: Some(ymd(2026, 3, 1)),
                today,
                expected: &[("effective-date-mismatch", "2026-02-01", Some("2026-03-01"))],
                ..BASE
            },
            Case {
                text: "Effective Date: 1 February 2026.",
                recorded: Some(ymd(2026, 3, 1)),
                today,
                expected: &[(
                    "effective-date-mismatch",
                    "1 February 2026",
                    Some("1 March 2026"),
                )],
                ..BASE
            },
            Case {
                today: ymd(2026, 3, 2),
                published: false,
                expected: &[("effective-date-past", "March 1, 2026", None)],
                ..BASE
            },
            Case {
                today: ymd(2026, 3, 1),
                published: false,
                ..BASE
            },
            Case {
                today: ymd(2026, 3, 2),
                published: true,
                ..BASE
            },
            Case {
                today: ymd(2026, 3, 1),
                last_published: Some(ymd(2025, 2, 28)),
                expected: &[("annual-review-overdue", "", None)],
                ..BASE
            },
            Case {
                today: ymd(2026, 2, 28),
                last_published: Some(ymd(2025, 2, 28)),
                ..BASE
            },
        ];
        for case in &cases {
            let expected: Vec<(&str, String, Option<String>)> = case
                .expected
                .iter()
                .map(|(rule, text, fix)| (*rule, (*text).to_owned(), fix.map(str::to_owned)))
                .collect();
            assert_eq!(run(case), expected, "{:?} today {}", case.text, case.today);
        }
    }

    #[test]
    fn notice_channel_table() {
        let cases: [(&str, bool, Expected); 5] = [
            (
                "Effective Date: March 1, 2026\n## Changes to This Policy\nWe will notify you by email.",
                false,
                &[("notice-channel-missing", "Changes to This Policy", None)],
            ),
            (
                "Effective Date: March 1, 2026\n## Changes to This Policy\nWe will notify you by email.",
                true,
                &[],
            ),
            (
                "Effective Date: March 1, 2026\n### Material Changes\nWe will give you notice of them.",
                false,
                &[("notice-channel-missing", "Material Changes", None)],
            ),
            (
                "Effective Date: March 1, 2026\n## Changes\nWe may update this policy.",
                false,
                &[],
            ),
            (
                "Effective Date: March 1, 2026\n## Currency Exchange\nWe notify banks.",
                false,
                &[],
            ),
        ];
        for (text, channel, expected) in cases {
            let case = Case {
                text,
                channel,
                today: ymd(2026, 1, 1),
                expected,
                ..BASE
            };
            let expected: Vec<(&str, String, Option<String>)> = expected
                .iter()
                .map(|(rule, text, fix)| (*rule, (*text).to_owned(), fix.map(str::to_owned)))
                .collect();
            assert_eq!(run(&case), expected, "{text:?}");
        }
    }
}
