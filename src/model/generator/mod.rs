//! Deterministic policy-like projects for tests and benchmarks.
//!
//! The same size and seed always give the same project, with no randomness
//! from outside: a small linear congruential generator drives the choices.
//! Sizes follow the three benchmark fixtures: *realistic* (about 4,000
//! words), *long* (about 40,000 words) and *stress* (about 1 MB, 8,000
//! paragraphs, 2,000 comments and 2,000 suggestions).

mod edits;

pub use edits::edited_copy;

use crate::model::annotation::{
    Comment, CommentId, Person, Reply, ReplyId, Suggestion, SuggestionId, SuggestionKind,
};
use crate::model::blocks::{
    Block, ListId, ListItem, NOTE_REFERENCE, NoteId, NoteKind, NoteRef, NumberFormat, TableCell,
    TableId,
};
use crate::model::command::{Actor, Command};
use crate::model::content::Content;
use crate::model::document::Document;
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkSpan, Marks, Styles};
use crate::model::offset::ByteOffset;
use crate::model::project::{Project, ProjectParts};
use crate::model::span::Span;
use crate::model::versions::VersionStatus;
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
            FixtureSize::Realistic => (235, 50, 50),
            FixtureSize::Long => (2_350, 400, 400),
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
pub(super) struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(super) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Generates the text of a policy with `paragraphs` paragraphs (the words
/// of [`policy_content`]).
pub fn policy_text(paragraphs: usize, seed: u64) -> String {
    policy_content(paragraphs, seed).text
}

/// Generates a formatted policy with about `paragraphs` body paragraphs: a
/// title, numbered section headings ("1.", "2.") with subheadings, bold
/// defined terms and italic qualifiers in most paragraphs, links to the
/// opt-out page, a nested list (bulleted with numbered sub-items) in every
/// section, a 3 × 3 data table (with a merged cell) every 70 paragraphs, and
/// footnotes whose texts close the document. The stress size (8,000) gives
/// over 20,000 marks, 1,000 list items and 100 tables.
pub fn policy_content(paragraphs: usize, seed: u64) -> Content {
    let mut writer = ContentWriter::default();
    let mut random = Lcg(seed);
    writer.paragraph(
        &[("Example Privacy Policy", Marks::default())],
        Block::heading(1),
    );
    writer.paragraph(
        &[("Effective Date: March 1, 2026", Marks::default())],
        Block::default(),
    );
    let sections = ListId(1);
    let mut next_list = 2;
    let mut next_table = 1;
    let mut notes: Vec<String> = Vec::new();
    let opt_out = LinkTarget::new("https://example.com/privacy/opt-out").ok();
    for index in 0..paragraphs {
        if index % 20 == 0 {
            let mut heading = Block::heading(2);
            let mut item = ListItem::numbered(sections, 0);
            item.format = NumberFormat::Decimal;
            heading.list = Some(item);
            let title = HEADINGS[(index / 20) % HEADINGS.len()];
            writer.paragraph(&[(title, Marks::default())], heading);
            continue;
        }
        if index % 20 == 10 {
            let list = ListId(next_list);
            next_list += 1;
            for item in 0..4 {
                let level = if item % 2 == 1 { 1 } else { 0 };
                let block = Block::item(if level == 0 {
                    ListItem::bulleted(list, 0)
                } else {
                    let mut item = ListItem::numbered(list, 1);
                    item.format = NumberFormat::Decimal;
                    item
                });
                let object = random.pick(OBJECTS);
                writer.paragraph(
                    &[
                        (object, Marks::styled(Styles::BOLD)),
                        (" ", Marks::default()),
                        (random.pick(PURPOSES), Marks::default()),
                        (".", Marks::default()),
                    ],
                    block,
                );
            }
            continue;
        }
        if index % 70 == 35 {
            let table = TableId(next_table);
            next_table += 1;
            let header = ["Category", "Purpose", "Retention"];
            for row in 0..3u32 {
                for col in 0..3u32 {
                    if row == 2 && col == 2 {
                        continue; // covered by the merged cell above
                    }
                    let mut cell = TableCell::at(table, row, col);
                    if row == 1 && col == 2 {
                        cell.row_span = 2;
                    }
                    let words = match row {
                        0 => header[col as usize],
                        _ if col == 0 => random.pick(OBJECTS),
                        _ if col == 1 => random.pick(PURPOSES),
                        _ => "24 months after account closure",
                    };
                    let marks = if row == 0 {
                        Marks::styled(Styles::BOLD)
                    } else {
                        Marks::default()
                    };
                    writer.paragraph(
                        &[(words, marks)],
                        Block {
                            cell: Some(cell),
                            ..Block::default()
                        },
                    );
                }
            }
            continue;
        }
        // One sentence, sometimes two: about 17 words and 120 bytes, so
        // 8,000 paragraphs make about 1 MB. The object is a bold defined
        // term, the qualifier italic; some sentences link to the opt-out
        // page or carry a footnote.
        let sentences = if random.below(3) == 0 { 2 } else { 1 };
        let mut runs: Vec<(String, Marks)> = Vec::new();
        for sentence in 0..sentences {
            let subject = random.pick(SUBJECTS);
            let verb = random.pick(VERBS);
            let object = random.pick(OBJECTS);
            let purpose = random.pick(PURPOSES);
            let qualifier = random.pick(QUALIFIERS);
            let lead = if sentence > 0 { " " } else { "" };
            runs.push((format!("{lead}{subject} {verb} "), Marks::default()));
            runs.push((object.to_string(), Marks::styled(Styles::BOLD)));
            runs.push((format!(" {purpose} "), Marks::default()));
            runs.push((qualifier.to_string(), Marks::styled(Styles::ITALIC)));
            runs.push((".".to_string(), Marks::default()));
        }
        match random.below(12) {
            0 => {
                runs.push((" You can ".to_string(), Marks::default()));
                runs.push((
                    "opt out".to_string(),
                    Marks {
                        link: opt_out.clone(),
                        ..Marks::default()
                    },
                ));
                runs.push((" at any time.".to_string(), Marks::default()));
            }
            1 => {
                let note = NoteId(notes.len() as u32 + 1);
                runs.push((
                    NOTE_REFERENCE.to_string(),
                    Marks {
                        note: Some(note),
                        ..Marks::default()
                    },
                ));
                notes.push(format!(
                    "See the {} section for the details of {}.",
                    random.pick(HEADINGS),
                    random.pick(OBJECTS)
                ));
            }
            _ => {}
        }
        let borrowed: Vec<(&str, Marks)> = runs
            .iter()
            .map(|(text, marks)| (text.as_str(), marks.clone()))
            .collect();
        writer.paragraph(&borrowed, Block::default());
    }
    for (index, note) in notes.iter().enumerate() {
        let block = Block {
            note: Some(NoteRef {
                id: NoteId(index as u32 + 1),
                kind: NoteKind::Footnote,
            }),
            ..Block::default()
        };
        writer.paragraph(&[(note.as_str(), Marks::default())], block);
    }
    writer.finish()
}

/// Writes content paragraph by paragraph.
#[derive(Default)]
struct ContentWriter {
    text: String,
    blocks: Vec<Block>,
    spans: Vec<MarkSpan>,
}

impl ContentWriter {
    fn paragraph(&mut self, runs: &[(&str, Marks)], block: Block) {
        if !self.blocks.is_empty() {
            self.text.push('\n');
        }
        for (words, marks) in runs {
            let start = self.text.len();
            self.text.push_str(words);
            if !marks.is_plain() {
                self.spans.push(MarkSpan {
                    range: start..self.text.len(),
                    marks: marks.clone(),
                });
            }
        }
        self.blocks.push(block);
    }

    fn finish(self) -> Content {
        Content::new(self.text, self.blocks, self.spans).unwrap_or_default()
    }
}

/// Generates a project of the given size.
pub fn generate(size: FixtureSize, seed: u64) -> Project {
    let (paragraphs, comment_count, suggestion_count) = size.shape();
    let content = policy_content(paragraphs, seed);
    let text = content.text.clone();
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
        suggestions.push(Suggestion::pending(
            SuggestionId(fresh_id()),
            span,
            text[span.range()].to_string(),
            kind,
            Person::new(name, initials),
            base_time + Duration::minutes(index as i64),
        ));
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
            content,
        },
        comments,
        suggestions,
        log: Vec::new(),
        ..ProjectParts::default()
    };
    match Project::from_parts(parts) {
        Ok(project) => project,
        Err(error) => {
            debug_assert!(false, "generator made an invalid project: {error}");
            Project::new(Document::default())
        }
    }
}

/// A project of the given size with `count` versions, each taken after a
/// small edit of the draft: the fixture for storing and opening versions.
pub fn with_versions(size: FixtureSize, seed: u64, count: usize) -> Project {
    let mut project = generate(size, seed);
    let actor = Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MO"),
        now: DateTime::<Utc>::from_naive_utc_and_offset(
            NaiveDate::from_ymd_opt(2026, 2, 15)
                .and_then(|date| date.and_hms_opt(9, 0, 0))
                .unwrap_or_default(),
            Utc,
        ),
    };
    for number in 0..count {
        let wanted = project.text().len() / (count + 1) * (number + 1);
        let at = crate::model::offset::floor_char_boundary(project.text(), wanted);
        let edit = Command::Edit {
            range: ByteOffset(at)..ByteOffset(at),
            text: format!("edit {number} "),
        };
        let snapshot = Command::TakeSnapshot {
            label: None,
            note: format!("round {number}"),
            status: VersionStatus::Draft,
        };
        let applied = project
            .apply(edit, &actor)
            .and_then(|_| project.apply(snapshot, &actor));
        debug_assert!(applied.is_ok(), "generator edit failed: {applied:?}");
    }
    project
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
