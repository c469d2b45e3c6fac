//! Integration tests of the policy-checks engine on whole documents: a clean
//! policy must produce no finding at all, a dirty one exactly the expected
//! findings.

use chrono::NaiveDate;
use redline::model::checks::{
    CheckConfig, CheckContext, DisclosureState, Finding, Framework, Severity, disclosure_report,
    run_checks,
};
use redline::model::content::Content;
use std::sync::OnceLock;

/// The clean fixture policy (its `#` headings read as heading blocks).
fn clean() -> &'static Content {
    static CLEAN: OnceLock<Content> = OnceLock::new();
    CLEAN.get_or_init(|| Content::from_marked_text(include_str!("../fixtures/clean_policy.md")))
}

/// The dirty fixture policy.
fn dirty() -> &'static Content {
    static DIRTY: OnceLock<Content> = OnceLock::new();
    DIRTY.get_or_init(|| Content::from_marked_text(include_str!("../fixtures/dirty_policy.md")))
}
const ORG: &str = "Northwind Ledger, Inc.";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The clean policy as a draft reviewed two weeks before it takes effect.
fn clean_context(config: &CheckConfig) -> CheckContext<'_> {
    CheckContext {
        text: &clean().text,
        blocks: &clean().blocks,
        organisation: ORG,
        effective_date: Some(ymd(2026, 3, 1)),
        today: ymd(2026, 2, 15),
        is_published: false,
        last_published: Some(ymd(2025, 3, 1)),
        notice_channel_recorded: true,
        config,
    }
}

/// The dirty policy: a draft whose effective date has passed, last
/// published long ago, with no notice channel recorded.
fn dirty_context<'a>(content: &'a Content, config: &'a CheckConfig) -> CheckContext<'a> {
    CheckContext {
        text: &content.text,
        blocks: &content.blocks,
        organisation: ORG,
        effective_date: Some(ymd(2026, 3, 1)),
        today: ymd(2026, 4, 10),
        is_published: false,
        last_published: Some(ymd(2025, 1, 15)),
        notice_channel_recorded: false,
        config,
    }
}

type Row = (&'static str, Severity, String, Option<String>);

fn rows(text: &str, findings: &[Finding]) -> Vec<Row> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.id(),
                f.severity,
                text[f.range.clone()].to_owned(),
                f.fix.clone(),
            )
        })
        .collect()
}

fn row(rule: &'static str, severity: Severity, found: &str, fix: Option<&str>) -> Row {
    (rule, severity, found.to_owned(), fix.map(str::to_owned))
}

#[test]
fn clean_policy_has_no_findings() {
    let config = CheckConfig::default();
    let findings = run_checks(&clean_context(&config));
    assert_eq!(rows(&clean().text, &findings), vec![]);
}

#[test]
fn clean_policy_discloses_every_baseline_item() {
    let config = CheckConfig::default();
    let report = disclosure_report(&clean_context(&config));
    assert_eq!(report.len(), 13);
    for status in &report {
        assert_eq!(status.status, DisclosureState::Found, "{}", status.item_id);
        let range = status.range.clone().expect("found items have a range");
        assert!(range.end <= clean().text.len());
    }
    let retention = report
        .iter()
        .find(|s| s.item_id == "retention")
        .and_then(|s| s.range.clone());
    let section = retention.map(|r| {
        clean().text[r]
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    assert_eq!(section.as_deref(), Some("Data Retention"));
}

#[test]
fn dirty_policy_findings_exactly() {
    use Severity::{Error, Info, Warning};
    let config = CheckConfig::default();
    let findings = run_checks(&dirty_context(dirty(), &config));
    let expected = vec![
        row("missing-disclosure", Error, "", None),
        row("missing-disclosure", Error, "", None),
        row("annual-review-overdue", Warning, "", None),
        row("template-placeholder", Error, "[Company]", Some(ORG)),
        row("effective-date-past", Warning, "February 1, 2026", None),
        row(
            "effective-date-mismatch",
            Warning,
            "February 1, 2026",
            Some("March 1, 2026"),
        ),
        row(
            "term-consistency",
            Warning,
            "Personal information",
            Some("Personal data"),
        ),
        row(
            "template-alternative",
            Error,
            "[We do not sell personal data.] -OR- [We sell personal data to advertisers.]",
            None,
        ),
        row(
            "term-consistency",
            Info,
            "Northwind Ledger",
            Some("Northwind"),
        ),
        row("doubled-space", Info, "  ", Some(" ")),
        row("weak-disclosure", Warning, "Data Retention", None),
        row(
            "notice-channel-missing",
            Warning,
            "Changes to This Privacy Policy",
            None,
        ),
        row("template-insert", Error, "[insert email address]", None),
        row("tbd", Warning, "TBD", None),
        row("doubled-space", Info, " ", Some("")),
    ];
    assert_eq!(rows(&dirty().text, &findings), expected);

    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages[0], "missing disclosure: Security (Baseline)");
    assert_eq!(
        messages[1],
        "missing disclosure: Law enforcement requests (Baseline)"
    );
    assert_eq!(
        messages[6],
        "use \"personal data\" for consistency (found \"Personal information\")"
    );
    assert!(messages[10].starts_with("weak disclosure: Data retention (Baseline): "));
}

#[test]
fn applying_every_fix_clears_the_fixable_findings() {
    let config = CheckConfig::default();
    let findings = run_checks(&dirty_context(dirty(), &config));
    let mut fixed = dirty().text.clone();
    for finding in findings.iter().rev() {
        if let Some(fix) = &finding.fix {
            fixed.replace_range(finding.range.clone(), fix);
        }
    }
    let fixed = Content::new(fixed, dirty().blocks.clone(), Vec::new()).expect("same paragraphs");
    let after = run_checks(&dirty_context(&fixed, &config));
    let still_fixable: Vec<Row> = rows(&fixed.text, &after)
        .into_iter()
        .filter(|(_, _, _, fix)| fix.is_some())
        .collect();
    assert_eq!(still_fixable, vec![]);
    assert!(fixed.text.contains("Effective Date: March 1, 2026"));
    assert!(
        fixed
            .text
            .starts_with("Northwind Ledger, Inc. Privacy Policy")
    );
    assert!(fixed.text.contains("call us at TBD, Monday"));
}

#[test]
fn findings_round_trip_through_serde() {
    let config = CheckConfig::default();
    let findings = run_checks(&dirty_context(dirty(), &config));
    let json = serde_json::to_string(&findings).expect("serialize");
    assert!(json.contains("\"rule\":\"template-alternative\""));
    let back: Vec<Finding> = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, findings);
}

#[test]
fn gdpr_and_ccpa_flag_what_a_baseline_policy_lacks() {
    let config = CheckConfig {
        frameworks: vec![Framework::Baseline, Framework::Gdpr, Framework::Ccpa],
        ..CheckConfig::default()
    };
    let report = disclosure_report(&clean_context(&config));
    let state = |framework: Framework, id: &str| {
        report
            .iter()
            .find(|s| s.framework == framework && s.item_id == id)
            .map(|s| s.status)
    };
    assert_eq!(
        state(Framework::Gdpr, "retention"),
        Some(DisclosureState::Found)
    );
    assert_eq!(
        state(Framework::Gdpr, "legal-basis"),
        Some(DisclosureState::Missing)
    );
    assert_eq!(
        state(Framework::Gdpr, "complaint"),
        Some(DisclosureState::Missing)
    );
    assert_eq!(
        state(Framework::Ccpa, "authorized-agents"),
        Some(DisclosureState::Missing)
    );
    assert_eq!(
        state(Framework::Ccpa, "categories-collected"),
        Some(DisclosureState::Weak)
    );
    assert_eq!(
        report
            .iter()
            .filter(|s| s.framework == Framework::Baseline)
            .count(),
        13
    );
}

/// Inputs built to make a careless scanner quadratic. Each is ~200 KB on
/// very few lines; a quadratic rule would take minutes here.
#[test]
fn pathological_inputs_stay_linear() {
    let inputs = [
        "[".repeat(200_000),
        "[x]: ".repeat(40_000),
        "a -OR- ".repeat(30_000),
        format!("{})", "(".repeat(200_000)),
        "x (\"A\") ".repeat(25_000),
        "\"a\" means ".repeat(20_000),
        format!("personal{}data", " ".repeat(200_000)),
        "## Changes\nWe will notify you.\n".repeat(6_000),
        "personal information and PII, the Site, ".repeat(5_000),
        "TB".repeat(100_000),
        " ,".repeat(100_000),
        "Northwind Ledger, Inc. (\"Northwind\", \"we\") Northwind Ledger ".repeat(4_000),
        "-OR-\n".repeat(40_000),
    ];
    let config = CheckConfig {
        frameworks: vec![Framework::Baseline, Framework::Gdpr, Framework::Ccpa],
        ..CheckConfig::default()
    };
    for input in &inputs {
        let ctx = CheckContext {
            text: input,
            blocks: &[],
            organisation: ORG,
            effective_date: None,
            today: ymd(2026, 1, 1),
            is_published: false,
            last_published: None,
            notice_channel_recorded: false,
            config: &config,
        };
        let started = std::time::Instant::now();
        let findings = run_checks(&ctx);
        for finding in &findings {
            assert!(finding.range.end <= input.len());
            assert!(input.is_char_boundary(finding.range.start));
            assert!(input.is_char_boundary(finding.range.end));
        }
        eprintln!(
            "{:>8} bytes, {:>6} findings, {:?}: {:?}",
            input.len(),
            findings.len(),
            started.elapsed(),
            &input[..12.min(input.len())]
        );
    }
}
