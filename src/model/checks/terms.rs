//! Term consistency (`term-consistency`): one concept, one wording.
//!
//! Owns the term groups of a run — the configured [`TermGroup`]s plus one
//! group built from [`CheckContext::organisation`] — and the choice of each
//! group's winning wording.
//!
//! Matching (one pass, see `matcher`): variants are whole words, matched with
//! the case rule documented on [`TermGroup`]; the longest variant at a word
//! start wins, so "personal data information" is never also counted as
//! "personal data"; at equal length a case-sensitive variant wins except at
//! a sentence start, where "Web site" is just "web site" capitalised. A
//! variant right after a hyphen is skipped: "non-personal data" is another
//! concept.
//!
//! Winner per group, first that applies:
//! 1. the group's `preferred` wording;
//! 2. the first variant the text defines (see `definitions`), spelled as
//!    defined — `(the "Site")` makes "Site" the winner;
//! 3. the most frequent variant; ties go to the one used first.
//!
//! Every use of another variant is a Warning whose fix is the winner adapted
//! to the original (see [`spelled_like`]); a use whose fix would equal the
//! original is not reported. Uses in the explanation of a definition of the
//! same group are ignored: "the Northwind website (the "Site")" is fine.
//!
//! Organisation group: the legal name ("Northwind Ledger, Inc.") is always
//! fine, and so are the short forms defined right after a name or next to
//! "we"/"us"/"our". Only after such a definition is a near-variant of the
//! legal name (without its corporate suffix, or without its comma) reported,
//! and only as Info with the first short form as fix. Without a definition
//! the organisation group reports nothing, to keep false positives low.

use std::ops::Range;

use super::definitions::{self, DefinitionSite};
use super::matcher::{Phrase, PhraseMatcher};
use super::scan::{self, Doc};
use super::{CheckContext, Finding, Rule, Severity, TermGroup};
use crate::model::case::{is_sentence_start, spelled_like};

/// Last words of a legal name that mark the corporate form.
const CORPORATE_SUFFIXES: &[&str] = &[
    "inc",
    "llc",
    "l.l.c",
    "ltd",
    "limited",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "plc",
    "llp",
    "lp",
    "ag",
    "sa",
    "s.a",
    "bv",
    "b.v",
    "nv",
    "n.v",
    "pty",
    "sarl",
    "srl",
    "ab",
    "oy",
    "kg",
];

/// Quoted terms that name the organisation by pronoun.
const PRONOUNS: &[&str] = &["we", "us", "our", "ours"];

/// The role of a variant in the organisation group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgRole {
    Full,
    Near,
    Short,
}

#[derive(Debug, Clone)]
struct Variant {
    text: String,
    case_sensitive: bool,
    org: Option<OrgRole>,
}

impl Variant {
    fn new(text: &str, org: Option<OrgRole>) -> Self {
        Self {
            text: text.trim().to_owned(),
            case_sensitive: text.chars().any(char::is_uppercase),
            org,
        }
    }

    /// Whether `term` (e.g. a defined term) is this variant under the case rule.
    fn accepts(&self, term: &str) -> bool {
        if self.case_sensitive {
            term == self.text
        } else {
            term.eq_ignore_ascii_case(&self.text)
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Group {
    variants: Vec<Variant>,
    preferred: Option<usize>,
    /// `(end of the defining construct, first short form)` for the organisation.
    org_definition: Option<(usize, String)>,
}

impl Group {
    fn from_config(config: &TermGroup) -> Self {
        let mut group = Group::default();
        for text in &config.variants {
            group.push_unique(Variant::new(text, None));
        }
        if let Some(preferred) = config.preferred.as_deref().filter(|p| !p.trim().is_empty()) {
            group.preferred = Some(group.push_unique(Variant::new(preferred, None)));
        }
        group
    }

    /// Adds `variant` unless an equal one exists; returns its index.
    fn push_unique(&mut self, variant: Variant) -> usize {
        if let Some(i) = self
            .variants
            .iter()
            .position(|v| v.text == variant.text && v.case_sensitive == variant.case_sensitive)
        {
            return i;
        }
        self.variants.push(variant);
        self.variants.len() - 1
    }

    fn variant_for(&self, term: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.accepts(term))
    }

    fn is_org(&self) -> bool {
        self.org_definition.is_some() || self.variants.iter().any(|v| v.org.is_some())
    }
}

#[derive(Debug, Clone)]
struct Occurrence {
    group: usize,
    variant: usize,
    range: Range<usize>,
}

/// Runs the term-consistency rule.
pub(super) fn check(doc: &Doc<'_>, ctx: &CheckContext<'_>) -> Vec<Finding> {
    let sites = definitions::find(doc.text);
    let mut groups: Vec<Group> = ctx
        .config
        .term_groups
        .iter()
        .map(Group::from_config)
        .collect();
    if let Some(org) = organisation_group(ctx.organisation, doc.text, &sites) {
        groups.push(org);
    }
    let occurrences = find_occurrences(doc, &groups, &sites);

    let mut per_group: Vec<Vec<&Occurrence>> = vec![Vec::new(); groups.len()];
    for occurrence in &occurrences {
        per_group[occurrence.group].push(occurrence);
    }
    let mut findings = Vec::new();
    for (group, uses) in groups.iter().zip(&per_group) {
        if group.is_org() {
            report_organisation(doc, group, uses, &mut findings);
        } else if let Some((winner, display)) = winner(group, uses, &sites) {
            for occurrence in uses.iter().filter(|o| o.variant != winner) {
                let original = &doc.text[occurrence.range.clone()];
                let matched_case_sensitive = group.variants[occurrence.variant].case_sensitive;
                let fix = adapt_case(
                    doc,
                    &display,
                    occurrence.range.clone(),
                    matched_case_sensitive,
                );
                if fix != original {
                    findings.push(
                        Finding::new(
                            Rule::TermConsistency,
                            Severity::Warning,
                            occurrence.range.clone(),
                            format!("use \"{display}\" for consistency (found \"{original}\")"),
                        )
                        .with_fix(fix),
                    );
                }
            }
        }
    }
    findings
}

/// The winning variant of a default group and how to spell it.
fn winner(
    group: &Group,
    uses: &[&Occurrence],
    sites: &[DefinitionSite],
) -> Option<(usize, String)> {
    if let Some(preferred) = group.preferred {
        return Some((preferred, group.variants[preferred].text.clone()));
    }
    let defined = sites.iter().flat_map(|site| &site.terms).find_map(|term| {
        group
            .variant_for(&term.text)
            .map(|v| (v, term.text.clone()))
    });
    if defined.is_some() {
        return defined;
    }
    let mut counts = vec![(0usize, usize::MAX); group.variants.len()];
    for occurrence in uses {
        let entry = &mut counts[occurrence.variant];
        entry.0 += 1;
        entry.1 = entry.1.min(occurrence.range.start);
    }
    let (best, _) = counts
        .iter()
        .enumerate()
        .filter(|(_, (count, _))| *count > 0)
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))?;
    Some((best, group.variants[best].text.clone()))
}

/// Info findings for near-variants of the legal name after its definition.
fn report_organisation(doc: &Doc<'_>, group: &Group, uses: &[&Occurrence], out: &mut Vec<Finding>) {
    let Some((defined_end, short_form)) = &group.org_definition else {
        return;
    };
    for occurrence in uses {
        let variant = &group.variants[occurrence.variant];
        if variant.org != Some(OrgRole::Near) || occurrence.range.start < *defined_end {
            continue;
        }
        let original = &doc.text[occurrence.range.clone()];
        let fix = adapt_case(doc, short_form, occurrence.range.clone(), true);
        out.push(
            Finding::new(
                Rule::TermConsistency,
                Severity::Info,
                occurrence.range.clone(),
                format!("use \"{short_form}\" as defined (found \"{original}\")"),
            )
            .with_fix(fix),
        );
    }
}

/// Builds the organisation group: the legal name, its near-variants and the
/// short forms the text defines for it.
fn organisation_group(name: &str, text: &str, sites: &[DefinitionSite]) -> Option<Group> {
    let full = name.trim();
    if full.is_empty() {
        return None;
    }
    let near = near_variants(full);
    let mut short_forms: Vec<String> = Vec::new();
    let mut defined_end = None;
    for site in sites {
        let names_org = site.terms.iter().any(|t| is_pronoun(&t.text)) || {
            let before = text[..site.construct.start].trim_end_matches([' ', ',', '\t']);
            before.ends_with(full) || near.iter().any(|n| before.ends_with(n.as_str()))
        };
        if !names_org {
            continue;
        }
        let shorts: Vec<&str> = site
            .terms
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| !is_pronoun(t) && *t != full)
            .collect();
        if shorts.is_empty() {
            continue;
        }
        defined_end.get_or_insert(site.construct.end);
        short_forms.extend(shorts.iter().map(|s| (*s).to_owned()));
    }
    let mut group = Group::default();
    group.push_unique(Variant::new(full, Some(OrgRole::Full)));
    for short in &short_forms {
        group.push_unique(Variant::new(short, Some(OrgRole::Short)));
    }
    for near in &near {
        group.push_unique(Variant::new(near, Some(OrgRole::Near)));
    }
    group.org_definition = defined_end.zip(short_forms.into_iter().next());
    Some(group)
}

/// "Northwind Ledger, Inc." → "Northwind Ledger", "Northwind Ledger Inc.", "Northwind Ledger Inc".
fn near_variants(full: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(space) = full.rfind(' ') {
        let suffix = &full[space + 1..];
        let normalised = suffix.trim_end_matches('.').to_ascii_lowercase();
        if CORPORATE_SUFFIXES.contains(&normalised.as_str()) {
            let base = full[..space].trim_end().trim_end_matches(',').trim_end();
            if !base.is_empty() {
                out.push(base.to_owned());
                out.push(format!("{base} {suffix}"));
                out.push(format!("{base} {}", suffix.trim_end_matches('.')));
            }
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for candidate in out {
        if candidate != full && !unique.contains(&candidate) {
            unique.push(candidate);
        }
    }
    unique
}

/// Whether a defined term is "we", "us", "our" or "ours".
fn is_pronoun(term: &str) -> bool {
    PRONOUNS.iter().any(|p| term.eq_ignore_ascii_case(p))
}

/// One pass over the text collecting non-overlapping variant uses, minus
/// those inside the explanation of a definition of the same group.
fn find_occurrences(doc: &Doc<'_>, groups: &[Group], sites: &[DefinitionSite]) -> Vec<Occurrence> {
    let mut ids: Vec<(usize, usize)> = Vec::new();
    let mut phrases = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for (v, variant) in group.variants.iter().enumerate() {
            ids.push((g, v));
            phrases.push(Phrase::new(&variant.text, variant.case_sensitive));
        }
    }
    let matcher = PhraseMatcher::new(phrases);
    let site_groups: Vec<Vec<usize>> = sites
        .iter()
        .map(|site| {
            (0..groups.len())
                .filter(|&g| {
                    site.terms.iter().any(|t| {
                        groups[g].variant_for(&t.text).is_some()
                            || (groups[g].is_org() && is_pronoun(&t.text))
                    })
                })
                .collect()
        })
        .collect();

    let mut out = Vec::new();
    let mut resume = 0;
    for pos in scan::word_starts(doc.text, 0..doc.text.len()) {
        if pos < resume || scan::char_before(doc.text, pos) == Some('-') {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut at_sentence_start: Option<bool> = None;
        for (id, end) in matcher.matches_at(doc, pos) {
            let better = match best {
                None => true,
                Some((best_id, best_end)) if end == best_end => {
                    let start =
                        *at_sentence_start.get_or_insert_with(|| is_sentence_start(doc.text, pos));
                    let cs = matcher.phrase(id).is_case_sensitive();
                    let best_cs = matcher.phrase(best_id).is_case_sensitive();
                    cs != best_cs && (cs != start)
                }
                Some((_, best_end)) => end > best_end,
            };
            if better {
                best = Some((id, end));
            }
        }
        let Some((id, end)) = best else {
            continue;
        };
        resume = end;
        let (group, variant) = ids[id];
        if !explained(sites, &site_groups, group, pos) {
            out.push(Occurrence {
                group,
                variant,
                range: pos..end,
            });
        }
    }
    out
}

/// Whether `pos` lies in the explanation of a definition of `group`.
fn explained(
    sites: &[DefinitionSite],
    site_groups: &[Vec<usize>],
    group: usize,
    pos: usize,
) -> bool {
    let upto = sites.partition_point(|s| s.explanation.start <= pos);
    sites[..upto]
        .iter()
        .zip(&site_groups[..upto])
        .rev()
        .take_while(|(site, _)| site.explanation.end > pos)
        .any(|(_, groups)| groups.contains(&group))
}

/// The winner spelled like the original at `range` ([`spelled_like`]); at a
/// sentence start or in a heading the first letter follows the original's.
fn adapt_case(
    doc: &Doc<'_>,
    winner: &str,
    range: Range<usize>,
    matched_case_sensitive: bool,
) -> String {
    let at_start = doc.in_heading_line(range.start) || is_sentence_start(doc.text, range.start);
    spelled_like(&doc.text[range], winner, matched_case_sensitive, at_start)
}

#[cfg(test)]
mod tests {
    use super::super::{CheckConfig, CheckContext};
    use super::*;
    use chrono::NaiveDate;

    /// `(severity, text at the range, fix)`.
    type Row = (Severity, String, Option<String>);

    const ORG: &str = "Northwind Ledger, Inc.";

    fn run(marked: &str, config: &CheckConfig) -> Vec<Row> {
        let content = crate::model::content::Content::from_marked_text(marked);
        let text = content.text.as_str();
        let ctx = CheckContext {
            text,
            blocks: &content.blocks,
            organisation: ORG,
            effective_date: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            is_published: false,
            last_published: None,
            notice_channel_recorded: true,
            config,
        };
        let doc = Doc::new(text, &content.blocks);
        let mut findings = check(&doc, &ctx);
        findings.sort_by_key(|f| f.range.start);
        findings
            .into_iter()
            .map(|f| (f.severity, text[f.range].to_owned(), f.fix))
            .collect()
    }

    fn warn(found: &str, fix: &str) -> Row {
        (Severity::Warning, found.to_owned(), Some(fix.to_owned()))
    }

    #[test]
    fn most_frequent_wins_and_case_is_adapted() {
        let config = CheckConfig::default();
        let cases: &[(&str, &[Row])] = &[
            (
                "We use personal data. Personal information is kept. PII and personal data.",
                &[
                    warn("Personal information", "Personal data"),
                    warn("PII", "Personal data"),
                ],
            ),
            (
                "## Personal Information We Hold\npersonal data, personal data.",
                &[warn("Personal Information", "Personal Data")],
            ),
            (
                "PERSONAL INFORMATION is rare; personal data, personal data.",
                &[warn("PERSONAL INFORMATION", "PERSONAL DATA")],
            ),
            ("Only personal information here, personal information.", &[]),
            (
                "personal data information, personal data information, personal data.",
                &[warn("personal data", "personal data information")],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(run(text, &config), *expected, "{text}");
        }
    }

    #[test]
    fn case_rule_for_capitalised_variants() {
        let config = CheckConfig::default();
        let cases: &[(&str, &[Row])] = &[
            // "site" in lower case is not the defined term "Site".
            ("Visit the Site. The Site is ours; this site too.", &[]),
            (
                "The Site. The Site. Our website.",
                &[warn("website", "Site")],
            ),
            ("Web site rules. The web site, the web site.", &[]),
            ("pii and personal data.", &[]),
            ("non-personal information and personal data.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(run(text, &config), *expected, "{text}");
        }
    }

    #[test]
    fn definitions_and_preferences_pick_the_winner() {
        let defined = r#"Our website (the "Site") is here. The Site, the website, the website."#;
        assert_eq!(
            run(defined, &CheckConfig::default()),
            vec![warn("website", "Site"), warn("website", "Site")]
        );

        let glossary =
            "\"Personal Information\" means data about you. personal data, personal data.";
        assert_eq!(
            run(glossary, &CheckConfig::default()),
            vec![
                warn("personal data", "Personal Information"),
                warn("personal data", "Personal Information")
            ]
        );

        let mut config = CheckConfig::default();
        config.term_groups[2].preferred = Some("privacy notice".to_owned());
        assert_eq!(
            run("This Privacy Policy. The privacy notice.", &config),
            vec![warn("Privacy Policy", "Privacy Notice")]
        );
    }

    #[test]
    fn organisation_short_forms() {
        let config = CheckConfig::default();
        let text = "Northwind Ledger runs it. Northwind Ledger, Inc. (\"Northwind\", \"we\") \
                    builds it. Northwind ships. Northwind Ledger, Inc. signs. Northwind Ledger Inc. pays.";
        assert_eq!(
            run(text, &config),
            vec![(
                Severity::Info,
                "Northwind Ledger Inc.".to_owned(),
                Some("Northwind".to_owned())
            )]
        );
        // Without a definition nothing is reported.
        assert_eq!(
            run("Northwind Ledger and Northwind Ledger, Inc.", &config),
            vec![]
        );
        // Curly quotes with the comma inside.
        let curly =
            "Northwind Ledger, Inc. (“Northwind,” “we,” “us”). Then Northwind Ledger did it.";
        assert_eq!(
            run(curly, &config),
            vec![(
                Severity::Info,
                "Northwind Ledger".to_owned(),
                Some("Northwind".to_owned())
            )]
        );
    }

    #[test]
    fn near_variants_of_legal_names() {
        assert_eq!(
            near_variants("Northwind Ledger, Inc."),
            vec![
                "Northwind Ledger",
                "Northwind Ledger Inc.",
                "Northwind Ledger Inc"
            ]
        );
        assert_eq!(near_variants("Acme GmbH"), vec!["Acme"]);
        assert!(near_variants("Northwind").is_empty());
    }
}
