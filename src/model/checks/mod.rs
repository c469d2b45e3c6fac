//! Policy checks: the reviewer's eye built into the editor.
//!
//! This module owns the public API of the checks engine — [`CheckContext`],
//! [`CheckConfig`], [`Finding`] and [`run_checks`] — and delegates each rule
//! family to one submodule:
//!
//! | module          | rules                                                                 |
//! |-----------------|-----------------------------------------------------------------------|
//! | `terms`         | `term-consistency`                                                    |
//! | `disclosures`   | `missing-disclosure`, `weak-disclosure` (checklists live in `catalog`) |
//! | `leftovers`     | `template-placeholder`, `template-alternative`, `template-insert`, `tbd` |
//! | `spacing`       | `doubled-space`                                                       |
//! | `date_rules`    | `effective-date-*`, `annual-review-overdue`, `notice-channel-missing`  |
//!
//! Invariants:
//! - Pure: no I/O and no clock; "today" comes in through [`CheckContext::today`].
//! - Every [`Finding::range`] is a byte range on char boundaries of
//!   [`CheckContext::text`]. A `fix`, when offered, replaces exactly that range.
//! - Document-wide findings (a missing disclosure, a missing effective date,
//!   an overdue annual review without an "Effective Date:" line) carry the
//!   empty range `0..0`: the start of the text, where the title is.
//! - [`run_checks`] returns findings sorted by `range.start`, then
//!   `range.end`, then [`Rule`]; equal keys keep the rule's own order.
//! - Each rule makes a bounded number of linear passes over the text, so a
//!   run is linear in the text length (a 1 MB text is checked in milliseconds).

mod catalog;
mod date_rules;
mod definitions;
mod disclosures;
mod leftovers;
mod matcher;
mod scan;
mod spacing;
mod terms;

use std::fmt;
use std::ops::Range;

use crate::model::blocks::Block;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use self::disclosures::{DisclosureState, DisclosureStatus, disclosure_report};

/// Everything a check run needs to know about one policy version.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The policy text: UTF-8, one paragraph per line, no markup.
    pub text: &'a str,
    /// One block per paragraph of `text` (headings, lists, cells).
    pub blocks: &'a [Block],
    /// The organisation's legal name, e.g. `"Northwind Ledger, Inc."`; may be empty.
    pub organisation: &'a str,
    /// The effective date recorded for this version, if any.
    pub effective_date: Option<NaiveDate>,
    /// Today's date (the engine never reads a clock).
    pub today: NaiveDate,
    /// `false` while the version is a draft under review.
    pub is_published: bool,
    /// Effective date of the last published version, if there is one.
    pub last_published: Option<NaiveDate>,
    /// Whether a channel for material-change notices has been recorded.
    pub notice_channel_recorded: bool,
    /// Which term groups and disclosure frameworks to check.
    pub config: &'a CheckConfig,
}

/// Project-level settings of the checks engine; lives in the project file.
///
/// Missing fields deserialize to their defaults, so older project files load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckConfig {
    /// Groups of interchangeable wordings that should be used consistently.
    pub term_groups: Vec<TermGroup>,
    /// Disclosure checklists to apply.
    pub frameworks: Vec<Framework>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            term_groups: TermGroup::defaults(),
            frameworks: vec![Framework::Baseline],
        }
    }
}

/// A set of wordings for one concept, e.g. "personal data" / "PII".
///
/// Matching rule: a variant written entirely in lower case matches
/// case-insensitively ("website" also finds "Website" and "WEBSITE"); a
/// variant containing any upper-case letter ("Site", "PII", "Web site") is a
/// proper term and matches only with exactly that case, so "our site" is not
/// an occurrence of "Site".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TermGroup {
    /// The wording to use; when `None` the engine picks one (see `terms`).
    pub preferred: Option<String>,
    /// All wordings of the concept, in any order.
    pub variants: Vec<String>,
}

impl TermGroup {
    /// The built-in groups: personal data, the website, the policy itself.
    pub fn defaults() -> Vec<TermGroup> {
        let group = |variants: &[&str]| TermGroup {
            preferred: None,
            variants: variants.iter().map(|v| (*v).to_owned()).collect(),
        };
        vec![
            group(&[
                "personal data",
                "personal information",
                "personal data information",
                "PII",
            ]),
            group(&["Site", "website", "Web site", "web site"]),
            group(&["privacy policy", "privacy statement", "privacy notice"]),
        ]
    }
}

/// A disclosure checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// Certifier-style baseline that every policy should meet.
    Baseline,
    /// GDPR Art. 13 information duties.
    Gdpr,
    /// California CCPA as amended by the CPRA.
    Ccpa,
}

impl Framework {
    /// Human-readable name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Baseline => "Baseline",
            Framework::Gdpr => "GDPR",
            Framework::Ccpa => "CCPA/CPRA",
        }
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule that produced a finding. Serialized as its kebab-case [`Rule::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A concept is worded differently from the chosen wording.
    TermConsistency,
    /// A required disclosure is absent.
    MissingDisclosure,
    /// A disclosure is only mentioned in passing or lacks substance.
    WeakDisclosure,
    /// A bracketed template placeholder such as `[Company]`.
    TemplatePlaceholder,
    /// An unresolved `[A] -OR- B` template alternative.
    TemplateAlternative,
    /// A template instruction such as `[insert date]`.
    TemplateInsert,
    /// "TBD" or "TBA" left in the text.
    Tbd,
    /// Two or more spaces between words, or a space before punctuation.
    DoubledSpace,
    /// No effective date is recorded or written in the text.
    EffectiveDateMissing,
    /// A draft's effective date has already passed.
    EffectiveDatePast,
    /// The last published version is more than 12 months old.
    AnnualReviewOverdue,
    /// Notice of changes is promised but no notice channel is recorded.
    NoticeChannelMissing,
    /// The "Effective Date:" line disagrees with the recorded date.
    EffectiveDateMismatch,
}

impl Rule {
    /// Every rule, in declaration order.
    pub const ALL: [Rule; 13] = [
        Rule::TermConsistency,
        Rule::MissingDisclosure,
        Rule::WeakDisclosure,
        Rule::TemplatePlaceholder,
        Rule::TemplateAlternative,
        Rule::TemplateInsert,
        Rule::Tbd,
        Rule::DoubledSpace,
        Rule::EffectiveDateMissing,
        Rule::EffectiveDatePast,
        Rule::AnnualReviewOverdue,
        Rule::NoticeChannelMissing,
        Rule::EffectiveDateMismatch,
    ];

    /// Stable kebab-case identifier, e.g. `"term-consistency"`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::TermConsistency => "term-consistency",
            Rule::MissingDisclosure => "missing-disclosure",
            Rule::WeakDisclosure => "weak-disclosure",
            Rule::TemplatePlaceholder => "template-placeholder",
            Rule::TemplateAlternative => "template-alternative",
            Rule::TemplateInsert => "template-insert",
            Rule::Tbd => "tbd",
            Rule::DoubledSpace => "doubled-space",
            Rule::EffectiveDateMissing => "effective-date-missing",
            Rule::EffectiveDatePast => "effective-date-past",
            Rule::AnnualReviewOverdue => "annual-review-overdue",
            Rule::NoticeChannelMissing => "notice-channel-missing",
            Rule::EffectiveDateMismatch => "effective-date-mismatch",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Must be resolved before publishing.
    Error,
    /// Should be looked at by the reviewer.
    Warning,
    /// Worth a glance; often a matter of style.
    Info,
}

/// One problem found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// Byte range in the text; empty (`0..0`) for document-wide findings.
    pub range: Range<usize>,
    /// Lower-case, human-readable explanation without a trailing period.
    pub message: String,
    /// Replacement text for `range`, when the engine can offer one.
    pub fix: Option<String>,
}

impl Finding {
    fn new(rule: Rule, severity: Severity, range: Range<usize>, message: String) -> Self {
        Self {
            rule,
            severity,
            range,
            message,
            fix: None,
        }
    }

    fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// Runs every rule over `ctx.text` and returns the findings sorted by
/// position (see the module invariants).
pub fn run_checks(ctx: &CheckContext) -> Vec<Finding> {
    let doc = scan::Doc::new(ctx.text, ctx.blocks);
    let mut findings = terms::check(&doc, ctx);
    findings.extend(disclosures::check(&doc, ctx));
    findings.extend(leftovers::check(&doc, ctx));
    findings.extend(spacing::check(&doc));
    findings.extend(date_rules::check(&doc, ctx));
    findings.sort_by_key(|f| (f.range.start, f.range.end, f.rule));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_match_serde_names() {
        for rule in Rule::ALL {
            let json = serde_json::to_string(&rule).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", rule.id()));
        }
    }

    #[test]
    fn config_defaults_fill_missing_fields() {
        let config: CheckConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, CheckConfig::default());
        assert_eq!(config.frameworks, vec![Framework::Baseline]);
        assert_eq!(config.term_groups.len(), 3);

        let config: CheckConfig =
            serde_json::from_str(r#"{"frameworks":["baseline","gdpr","ccpa"]}"#).unwrap();
        assert_eq!(config.frameworks.len(), 3);
        assert_eq!(config.term_groups, TermGroup::defaults());
    }

    #[test]
    fn findings_are_sorted_by_position() {
        let config = CheckConfig::default();
        let content =
            crate::model::content::Content::from_marked_text("# T\n\nWe  collect TBD data ,ok.");
        let ctx = CheckContext {
            text: &content.text,
            blocks: &content.blocks,
            organisation: "",
            effective_date: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            is_published: false,
            last_published: None,
            notice_channel_recorded: false,
            config: &config,
        };
        let findings = run_checks(&ctx);
        assert!(findings.len() > 3);
        assert!(
            findings
                .windows(2)
                .all(|w| (w[0].range.start, w[0].range.end) <= (w[1].range.start, w[1].range.end))
        );
    }
}
