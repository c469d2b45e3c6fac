//! Required disclosures: the `missing-disclosure` and `weak-disclosure`
//! rules and the public [`disclosure_report`].
//!
//! Owns the judgement of each checklist item of `catalog` against one text,
//! in two linear passes: one over the whole text for every item's wording,
//! one over the heading titles for every item's heading keywords. The two
//! matchers cover every framework and are built once per process.
//!
//! Status of an item, first that applies:
//!
//! | status  | when                                                                  | `range`          |
//! |---------|-----------------------------------------------------------------------|------------------|
//! | Found   | a section whose heading matches (`headings`, `also_in`, or the preamble for items that allow it) has a wording in its body; for retention items the body also states a period or criteria | the section, heading line included |
//! | Weak    | a retention section says "as long as necessary" (or the like) with no number or criteria | that section |
//! | Weak    | a dedicated heading exists but its body has none of the wordings       | that section     |
//! | Weak    | a wording appears only elsewhere (a passing mention)                  | the first mention |
//! | Missing | none of the above                                                     | `None`           |
//!
//! Findings: Missing → `missing-disclosure`, Error (Info for conditional
//! items such as a DPO), anchored at `0..0`, the start of the text, because
//! there is no place to point at. Weak → `weak-disclosure`, Warning,
//! anchored at the dedicated heading line, or at the passing mention.
//! Messages name the item and the framework.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::catalog::{self, Item, ItemKind};
use super::matcher::{Phrase, PhraseMatcher};
use super::scan::Doc;
use super::{CheckContext, Finding, Framework, Rule, Severity};

/// How well one checklist item is disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisclosureState {
    /// Disclosed in a section about it.
    Found,
    /// Only mentioned in passing, or present without substance.
    Weak,
    /// Not disclosed.
    Missing,
}

/// The judgement of one checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureStatus {
    /// The checklist the item belongs to.
    pub framework: Framework,
    /// Stable item id within the framework, e.g. `"retention"`.
    pub item_id: String,
    /// Human-readable item title.
    pub title: String,
    /// Found, Weak or Missing.
    pub status: DisclosureState,
    /// Where the item was found (see the module table); `None` when Missing.
    pub range: Option<Range<usize>>,
}

/// Judges every item of the configured frameworks (each framework once, in
/// configuration order; items in checklist order).
pub fn disclosure_report(ctx: &CheckContext<'_>) -> Vec<DisclosureStatus> {
    let doc = Doc::new(ctx.text, ctx.blocks);
    assess(&doc, &ctx.config.frameworks)
        .into_iter()
        .map(|a| a.status)
        .collect()
}

/// Turns Missing and Weak items into findings.
pub(super) fn check(doc: &Doc<'_>, ctx: &CheckContext<'_>) -> Vec<Finding> {
    assess(doc, &ctx.config.frameworks)
        .into_iter()
        .filter_map(|a| {
            let status = &a.status;
            match status.status {
                DisclosureState::Found => None,
                DisclosureState::Missing => {
                    let (severity, note) = if a.kind == ItemKind::Conditional {
                        (Severity::Info, " — only needed if it applies")
                    } else {
                        (Severity::Error, "")
                    };
                    Some(Finding::new(
                        Rule::MissingDisclosure,
                        severity,
                        0..0,
                        format!(
                            "missing disclosure: {} ({}){note}",
                            status.title, status.framework
                        ),
                    ))
                }
                DisclosureState::Weak => Some(Finding::new(
                    Rule::WeakDisclosure,
                    Severity::Warning,
                    a.anchor,
                    format!(
                        "weak disclosure: {} ({}): {}",
                        status.title, status.framework, a.reason
                    ),
                )),
            }
        })
        .collect()
}

struct Assessment {
    status: DisclosureStatus,
    kind: ItemKind,
    reason: &'static str,
    anchor: Range<usize>,
}

/// A heading that matched an item, and whether it is dedicated to it.
#[derive(Debug, Clone, Copy)]
struct SectionHit {
    heading: usize,
    dedicated: bool,
}

/// Every item of every framework; an item's index here is its global id.
static ITEMS: LazyLock<Vec<(Framework, &'static Item)>> = LazyLock::new(|| {
    [Framework::Baseline, Framework::Gdpr, Framework::Ccpa]
        .into_iter()
        .flat_map(|framework| {
            catalog::items(framework)
                .iter()
                .map(move |item| (framework, item))
        })
        .collect()
});

/// Matcher over all wordings; owners are global item ids.
static WORDING: LazyLock<(PhraseMatcher, Vec<Vec<usize>>)> = LazyLock::new(|| {
    build_matcher(
        ITEMS
            .iter()
            .enumerate()
            .flat_map(|(i, (_, item))| item.wording.iter().map(move |w| (*w, i))),
    )
});

/// Matcher over all heading keywords; owners are `2 * item + dedicated`.
static KEYWORDS: LazyLock<(PhraseMatcher, Vec<Vec<usize>>)> = LazyLock::new(|| {
    build_matcher(ITEMS.iter().enumerate().flat_map(|(i, (_, item))| {
        let dedicated = item.headings.iter().map(move |k| (*k, 2 * i + 1));
        let broader = item.also_in.iter().map(move |k| (*k, 2 * i));
        dedicated.chain(broader)
    }))
});

/// Judges the items of `frameworks` (each once, in order).
fn assess(doc: &Doc<'_>, frameworks: &[Framework]) -> Vec<Assessment> {
    let mut order: Vec<usize> = Vec::new();
    let mut enabled = vec![false; ITEMS.len()];
    for &framework in frameworks {
        for (i, (f, _)) in ITEMS.iter().enumerate() {
            if *f == framework && !enabled[i] {
                enabled[i] = true;
                order.push(i);
            }
        }
    }
    let mentions = find_mentions(doc, &enabled);
    let sections = find_sections(doc, &enabled);
    order
        .into_iter()
        .map(|i| {
            let (framework, item) = ITEMS[i];
            judge(doc, framework, item, &mentions[i], &sections[i])
        })
        .collect()
}

/// For every enabled item (by global id), the ranges of its wordings in
/// text order (one pass).
fn find_mentions(doc: &Doc<'_>, enabled: &[bool]) -> Vec<Vec<Range<usize>>> {
    let (matcher, owners) = &*WORDING;
    let mut mentions: Vec<Vec<Range<usize>>> = vec![Vec::new(); enabled.len()];
    if !enabled.contains(&true) {
        return mentions;
    }
    matcher.for_each_match(doc, 0..doc.text.len(), |start, end, id| {
        for &item in owners[id].iter().filter(|&&item| enabled[item]) {
            let list = &mut mentions[item];
            if list.last().is_none_or(|last| last.start != start) {
                list.push(start..end);
            }
        }
    });
    mentions
}

/// For every enabled item (by global id), the headings whose titles carry
/// one of its keywords.
fn find_sections(doc: &Doc<'_>, enabled: &[bool]) -> Vec<Vec<SectionHit>> {
    let (matcher, owners) = &*KEYWORDS;
    let mut sections: Vec<Vec<SectionHit>> = vec![Vec::new(); enabled.len()];
    for (index, heading) in doc.headings.iter().enumerate() {
        matcher.for_each_match(doc, heading.title.clone(), |_, end, id| {
            if end > heading.title.end {
                return;
            }
            for &tag in &owners[id] {
                let (item, dedicated) = (tag / 2, tag % 2 == 1);
                if !enabled[item] {
                    continue;
                }
                let list = &mut sections[item];
                match list.last_mut() {
                    Some(last) if last.heading == index => last.dedicated |= dedicated,
                    _ => list.push(SectionHit {
                        heading: index,
                        dedicated,
                    }),
                }
            }
        });
    }
    sections
}

/// One matcher for many `(phrase, owner)` pairs; equal phrases share an id.
fn build_matcher<'a>(
    pairs: impl Iterator<Item = (&'a str, usize)>,
) -> (PhraseMatcher, Vec<Vec<usize>>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut phrases = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    for (text, owner) in pairs {
        let id = *ids.entry(text).or_insert_with(|| {
            phrases.push(Phrase::new(text, false));
            owners.push(Vec::new());
            owners.len() - 1
        });
        if !owners[id].contains(&owner) {
            owners[id].push(owner);
        }
    }
    (PhraseMatcher::new(phrases), owners)
}

/// Applies the status table of the module doc to one item.
fn judge(
    doc: &Doc<'_>,
    framework: Framework,
    item: &Item,
    mentions: &[Range<usize>],
    sections: &[SectionHit],
) -> Assessment {
    let mentioned_in = |range: &Range<usize>| {
        let i = mentions.partition_point(|m| m.start < range.start);
        mentions.get(i).is_some_and(|m| m.start < range.end)
    };
    let status = |state: DisclosureState, range: Option<Range<usize>>| DisclosureStatus {
        framework,
        item_id: item.id.to_owned(),
        title: item.title.to_owned(),
        status: state,
        range,
    };
    let assessment = |state, range: Option<Range<usize>>, reason, anchor| Assessment {
        status: status(state, range),
        kind: item.kind,
        reason,
        anchor,
    };

    let preamble = doc.preamble();
    if item.preamble && !preamble.is_empty() && mentioned_in(&preamble) {
        return assessment(DisclosureState::Found, Some(preamble), "", 0..0);
    }
    let mut vague_retention: Option<usize> = None;
    let mut empty_heading: Option<usize> = None;
    for hit in sections {
        let heading = &doc.headings[hit.heading];
        let body = heading.body();
        if mentioned_in(&body) {
            if item.kind == ItemKind::Retention && !states_period(&doc.lower[body]) {
                if hit.dedicated {
                    vague_retention.get_or_insert(hit.heading);
                }
                continue;
            }
            let section = heading.line.start..heading.section_end;
            return assessment(DisclosureState::Found, Some(section), "", 0..0);
        }
        if hit.dedicated {
            empty_heading.get_or_insert(hit.heading);
        }
    }
    let weak_section = |index: usize, reason| {
        let heading = &doc.headings[index];
        let section = heading.line.start..heading.section_end;
        assessment(
            DisclosureState::Weak,
            Some(section),
            reason,
            heading.line.clone(),
        )
    };
    if let Some(index) = vague_retention {
        return weak_section(
            index,
            "no retention period or criteria is given (\"as long as necessary\" alone is not enough)",
        );
    }
    if let Some(index) = empty_heading {
        return weak_section(
            index,
            "the section under this heading does not actually say it",
        );
    }
    if let Some(first) = mentions.first() {
        return assessment(
            DisclosureState::Weak,
            Some(first.clone()),
            "only mentioned in passing, not in a section about it",
            first.clone(),
        );
    }
    assessment(DisclosureState::Missing, None, "", 0..0)
}

/// Whether lower-case `body` states a period ("24 months", "seven (7)
/// years") or the criteria used to set one.
fn states_period(body: &str) -> bool {
    const NUMBERS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "eighteen", "twenty", "thirty", "sixty", "ninety", "hundred",
    ];
    const UNITS: &[&str] = &[
        "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
    ];
    const CRITERIA: &[&str] = &["criteria", "criterion", "determin", "depend", "factors"];
    let mut since_number: Option<usize> = None;
    for word in body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if CRITERIA.iter().any(|c| word.starts_with(c)) {
            return true;
        }
        if UNITS.contains(&word) && since_number.is_some_and(|n| n <= 2) {
            return true;
        }
        since_number = if word.bytes().all(|b| b.is_ascii_digit()) || NUMBERS.contains(&word) {
            Some(0)
        } else {
            since_number.map(|n| n + 1)
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::{CheckConfig, CheckContext};
    use super::*;
    use chrono::NaiveDate;

    fn report(marked: &str, frameworks: &[Framework]) -> Vec<DisclosureStatus> {
        report_content(
            &crate::model::content::Content::from_marked_text(marked),
            frameworks,
        )
    }

    fn report_content(
        content: &crate::model::content::Content,
        frameworks: &[Framework],
    ) -> Vec<DisclosureStatus> {
        let text = content.text.as_str();
        let config = CheckConfig {
            frameworks: frameworks.to_vec(),
            ..CheckConfig::default()
        };
        let ctx = CheckContext {
            text,
            blocks: &content.blocks,
            organisation: "",
            effective_date: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            is_published: false,
            last_published: None,
            notice_channel_recorded: true,
            config: &config,
        };
        disclosure_report(&ctx)
    }

    fn state_of(report: &[DisclosureStatus], id: &str) -> (DisclosureState, Option<String>) {
        let status = report
            .iter()
            .find(|s| s.item_id == id)
            .unwrap_or_else(|| panic!("no item {id}"));
        (
            status.status,
            status.range.clone().map(|r| format!("{r:?}")),
        )
    }

    #[test]
    fn found_weak_missing_table() {
        use DisclosureState::*;
        let text = "# Policy\n\
                    This policy applies to our app.\n\
                    ## Data Retention\n\
                    We keep data as long as necessary.\n\
                    ## Security\n\
                    Nice words only.\n\
                    ## How We Share Information\n\
                    We share data with vendors and respond to subpoenas.\n\
                    ## Contact\n\
                    Email privacy@example.com; cookies are used.\n";
        let content = crate::model::content::Content::from_marked_text(text);
        let text = content.text.as_str();
        let report = report_content(&content, &[Framework::Baseline]);
        let cases: &[(&str, DisclosureState)] = &[
            ("scope", Found),
            ("retention", Weak),
            ("security", Weak),
            ("sharing", Found),
            ("law-enforcement", Found),
            ("contact", Found),
            ("tracking", Weak),
            ("log-files", Missing),
            ("changes", Missing),
        ];
        for (id, expected) in cases {
            assert_eq!(state_of(&report, id).0, *expected, "{id}");
        }
        let retention = report
            .iter()
            .find(|s| s.item_id == "retention")
            .map(|s| s.range.clone());
        let start = text.find("Data Retention").unwrap_or_default();
        let end = text.find("Security").unwrap_or_default();
        assert_eq!(retention, Some(Some(start..end)));
        let tracking = report
            .iter()
            .find(|s| s.item_id == "tracking")
            .and_then(|s| s.range.clone());
        assert_eq!(tracking.map(|r| &text[r]), Some("cookies"));
    }

    #[test]
    fn retention_needs_period_or_criteria() {
        let cases = [
            ("We keep data as long as necessary.", false),
            (
                "We keep data as long as necessary, then 30 days of backups.",
                true,
            ),
            ("Invoices are kept for seven (7) years.", true),
            ("The period is determined by the contract.", true),
            ("Kept for 2 years.", true),
            ("We keep 3 copies for as long as needed.", false),
        ];
        for (body, expected) in cases {
            assert_eq!(states_period(&body.to_lowercase()), expected, "{body}");
        }
    }

    #[test]
    fn findings_name_item_and_framework() {
        let config = CheckConfig {
            frameworks: vec![Framework::Gdpr],
            ..CheckConfig::default()
        };
        let content = crate::model::content::Content::from_marked_text(
            "# P\n## Your Rights\nYou may access and rectify your data.",
        );
        let text = content.text.as_str();
        let ctx = CheckContext {
            text,
            blocks: &content.blocks,
            organisation: "",
            effective_date: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            is_published: false,
            last_published: None,
            notice_channel_recorded: true,
            config: &config,
        };
        let findings = check(&Doc::new(text, &content.blocks), &ctx);
        let find = |needle: &str| {
            findings
                .iter()
                .find(|f| f.message.contains(needle))
                .map(|f| (f.rule, f.severity, f.range.clone()))
        };
        assert_eq!(find("Right of access"), None);
        assert_eq!(find("Right to rectification"), None);
        assert_eq!(
            find("Right to data portability"),
            Some((Rule::MissingDisclosure, Severity::Error, 0..0))
        );
        assert_eq!(
            find("Data protection officer"),
            Some((Rule::MissingDisclosure, Severity::Info, 0..0))
        );
        assert!(
            findings
                .iter()
                .any(|f| f.message == "missing disclosure: Right to erasure (GDPR)")
        );
    }

    #[test]
    fn ccpa_checklist_on_a_california_section() {
        let text = "# Privacy Notice\n\
            ## California Privacy Rights\n\
            In the past 12 months we collected identifiers from these sources: directly from you. \
            We use them for business purposes. We do not sell or share personal information. \
            You have the right to know, the right to delete and the right to correct your data, \
            and the right to limit use of sensitive personal information. We will not discriminate \
            against you. Our \"Do Not Sell or Share My Personal Information\" link is in the footer. \
            We verify each request; you may submit a request through an authorized agent. \
            We update this notice at least once every 12 months.\n\
            ## Retention\n\
            We keep each category of personal information for 24 months.\n";
        let report = report(text, &[Framework::Ccpa]);
        let not_found: Vec<&str> = report
            .iter()
            .filter(|s| s.status != DisclosureState::Found)
            .map(|s| s.item_id.as_str())
            .collect();
        assert_eq!(not_found, Vec::<&str>::new());
    }

    #[test]
    fn gdpr_checklist_on_a_complete_notice() {
        let text = "# Privacy Notice\n\
            \n\
            Northwind Ledger, Inc. is the controller of your personal data. You can reach our data protection officer at dpo@northwind.example.\n\
            \n\
            ## How We Use Personal Data and Our Legal Bases\n\
            \n\
            We process account data because it is necessary for the performance of a contract with you, and usage data on the basis of our legitimate interests in keeping the service secure. We do not use automated decision-making or profiling.\n\
            \n\
            ## Recipients\n\
            \n\
            We share personal data with service providers acting as our processors.\n\
            \n\
            ## International Transfers\n\
            \n\
            When we transfer personal data outside the EEA we rely on standard contractual clauses.\n\
            \n\
            ## Retention\n\
            \n\
            We keep account data for 24 months after closure.\n\
            \n\
            ## Your Rights\n\
            \n\
            You have the right of access, the right to rectification, the right to erasure, the right to restriction of processing, the right to data portability and the right to object. Where we rely on consent you may withdraw it at any time. You may lodge a complaint with your supervisory authority.\n\
            \n\
            ## Information You Must Provide\n\
            \n\
            Providing your email address is a contractual requirement; if you do not provide it we cannot open an account.\n";
        let report = report(text, &[Framework::Gdpr]);
        let not_found: Vec<&str> = report
            .iter()
            .filter(|s| s.status != DisclosureState::Found)
            .map(|s| s.item_id.as_str())
            .collect();
        assert_eq!(not_found, Vec::<&str>::new());
    }
}
