//! Deterministic policy-like projects for tests and benchmarks.
//!
//! The same size and seed always give the same project, with no randomness
//! from outside: a small linear congruential generator drives the choices.
//! Sizes follow the three benchmark fixtures: *realistic* (about 4,000
//! words), *long* (about 40,000 words) and *stress* (about 1 MB, 8,000
//! paragraphs, 2,000 comments and 2,000 suggestions).

use super::annotation::{
    Comment, CommentId, Person, Reply, ReplyId, Suggestion, SuggestionId, SuggestionKind,
    SuggestionStatus,
};
use super::document::Document;
use super::project::{Project, ProjectParts};
use super::span::Span;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How big a generated project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixtureSize {
    /// About 4,000 words, 50 comments, 50 suggestions.
    Realistic,
    /// About 40,000 words, 400 comments, 400 suggestions.
    Long,
    /// About 1 MB: 8,000 paragraphs, 2,000 comments, 2,000 suggestions.
    Stress,
}

impl FixtureSize {
    /// (paragraphs, comments, suggestions)
    fn shape(self) -> (usize, usize, usize) {
        match self {
            FixtureSize::Realistic => (160, 50, 50),
            FixtureSize::Long => (1_600, 400, 400),
            FixtureSize::Stress => (8_000, 2_000, 2_000),
        }
    }
}

const SUBJECTS: &[&str] = &[
    "We",
    "Our service providers",
    "The Company",
    "Our sub-processors",
    "Our support team",
    "Authorised personnel",
    "Our payment processor",
    "Our analytics partners",
];
const VERBS: &[&str] = &[
    "collect", "use", "retain", "disclose", "process", "share", "store", "protect", "review",
    "delete", "encrypt", "transfer",
];
const OBJECTS: &[&str] = &[
    "personal data",
    "contact details",
    "account information",
    "usage data",
    "device identifiers",
    "payment information",
    "log files",
    "cookie identifiers",
    "support messages",
    "location data",
    "billing records",
    "preferences",
];
const PURPOSES: &[&str] = &[
    "to provide the service",
    "to meet our legal obligations",
    "to prevent fraud",
    "to improve our products",
    "to respond to your requests",
    "for security monitoring",
    "for billing and accounting",
    "with your consent",
    "to send service notices",
];
const QUALIFIERS: &[&str] = &[
    "where permitted by law",
    "for no longer than necessary",
    "under written contracts",
    "in the United States and the European Union",
    "using industry-standard safeguards",
    "as described in this policy",
    "subject to your choices",
    "on a need-to-know basis",
];
const HEADINGS: &[&str] = &[
    "Information We Collect",
    "How We Use Information",
    "Sharing and Sub-processors",
    "Your Choices",
    "Access and Correction",
    "Data Retention",
    "Security",
    "Cookies and Tracking Technologies",
    "Log Files",
    "Material Changes",
    "Law Enforcement",
    "Contact Us",
];
const REVIEWERS: &[(&str, &str)] = &[
    ("Priya Ananthanarayan", "PA"),
    ("Tomasz Wielgosz", "TW"),
    ("Maren Oyelaran-Fisk", "MO"),
    ("Jules Ferreira-Ng", "JF"),
];
const REMARKS: &[&str] = &[
    "Please add this required disclosure.",
    "For consistency of terms used.",
    "Please specify the retention period or the criteria used to determine it.",
    "Please remove and replace with the updated disclosure below.",
    "Please clarify which sub-processors receive this data.",
];

/// A small deterministic pseudo-random generator (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Generates the text of a policy with `paragraphs` paragraphs.
pub fn policy_text(paragraphs: usize, seed: u64) -> String {
    let mut random = Lcg(seed);
    let mut text = String::from("# Example Privacy Policy\nEffective Date: March 1, 2026\n");
    for index in 0..paragraphs {
        if index % 20 == 0 {
            text.push_str("## ");
            text.push_str(HEADINGS[(index / 20) % HEADINGS.len()]);
            text.push('\n');
            continue;
        }
        let sentences = 2 + random.below(3);
        for sentence in 0..sentences {
            if sentence > 0 {
                text.push(' ');
            }
            text.push_str(random.pick(SUBJECTS));
            text.push(' ');
            text.push_str(random.pick(VERBS));
            text.push(' ');
            text.push_str(random.pick(OBJECTS));
            text.push(' ');
            text.push_str(random.pick(PURPOSES));
            text.push(' ');
            text.push_str(random.pick(QUALIFIERS));
            text.push('.');
        }
        text.push('\n');
    }
    text.pop();
    text
}

/// Generates a project of the given size.
pub fn generate(size: FixtureSize, seed: u64) -> Project {
    let (paragraphs, comment_count, suggestion_count) = size.shape();
    let text = policy_text(paragraphs, seed);
    let mut random = Lcg(seed ^ 0x5eed);
    let words = word_ranges(&text);
    let base_time = DateTime::<Utc>::from_naive_utc_and_offset(
        NaiveDate::from_ymd_opt(2026, 2, 1)
            .and_then(|date| date.and_hms_opt(9, 0, 0))
            .unwrap_or_default(),
        Utc,
    );
    let mut next_id = 1;
    let mut fresh_id = || {
        next_id += 1;
        next_id - 1
    };

    // Suggestions take distinct words in document order, so none overlap.
    let stride = (words.len() / suggestion_count.max(1)).max(2);
    let mut suggestions = Vec::with_capacity(suggestion_count);
    for index in 0..suggestion_count {
        let word = &words[(index * stride + random.below(stride - 1)).min(words.len() - 1)];
        let (name, initials) = REVIEWERS[random.below(REVIEWERS.len())];
        let (span, kind) = match index % 4 {
            0 => (
                Span::point(word.start),
                SuggestionKind::Insertion {
                    text: "clearly ".to_string(),
                },
            ),
            1 => (Span::new(word.start, word.end), SuggestionKind::Deletion),
            2 => (
                Span::new(word.start, word.end),
                SuggestionKind::Replacement {
                    text: random.pick(VERBS).to_string(),
                },
            ),
            _ => (
                Span::new(word.start, word.end),
                SuggestionKind::Alternatives {
                    candidates: vec![
                        random.pick(VERBS).to_string(),
                        random.pick(VERBS).to_string(),
                    ],
                },
            ),
        };
        suggestions.push(Suggestion {
            id: SuggestionId(fresh_id()),
            span,
            original: text[span.range()].to_string(),
            kind,
            author: Person::new(name, initials),
            created: base_time + Duration::minutes(index as i64),
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            move_partner: None,
        });
    }

    let mut comments = Vec::with_capacity(comment_count);
    for index in 0..comment_count {
        let first = random.below(words.len());
        let last = (first + random.below(6)).min(words.len() - 1);
        let span = Span::new(words[first].start, words[last].end);
        let (name, initials) = REVIEWERS[random.below(REVIEWERS.len())];
        let id = CommentId(fresh_id());
        let replies = if index % 3 == 0 {
            vec![Reply {
                id: ReplyId(fresh_id()),
                author: Person::new("Maren Oyelaran-Fisk", "MO"),
                created: base_time + Duration::minutes(index as i64 + 60),
                body: "Agreed; we will update this.".to_string(),
            }]
        } else {
            Vec::new()
        };
        comments.push(Comment {
            id,
            span,
            author: Person::new(name, initials),
            created: base_time + Duration::minutes(index as i64),
            body: random.pick(REMARKS).to_string(),
            replies,
            resolved: index % 7 == 0,
            orphaned: false,
            quote: text[span.range()].to_string(),
            attached_to: None,
        });
    }

    let parts = ProjectParts {
        document: Document {
            title: "Example Privacy Policy".to_string(),
            organisation: "Example Company, Inc.".to_string(),
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            text,
        },
        comments,
        suggestions,
        log: Vec::new(),
    };
    match Project::from_parts(parts) {
        Ok(project) => project,
        Err(error) => {
            debug_assert!(false, "generator made an invalid project: {error}");
            Project::new(Document::default())
        }
    }
}

/// The byte ranges of the words (runs of alphanumerics) of `text`.
fn word_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (byte, character) in text.char_indices() {
        match (character.is_alphanumeric(), start) {
            (true, None) => start = Some(byte),
            (false, Some(word_start)) => {
                words.push(word_start..byte);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(word_start) = start {
        words.push(word_start..text.len());
    }
    words
}
