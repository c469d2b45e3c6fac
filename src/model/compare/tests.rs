//! Table tests and property tests of the whole compare pipeline.

use proptest::prelude::*;

use super::*;

const DEFAULT: CompareOptions = CompareOptions {
    ignore_whitespace: false,
};
const IGNORE_WHITESPACE: CompareOptions = CompareOptions {
    ignore_whitespace: true,
};

/// Compares two plain texts (every paragraph normal, no marks).
fn compare(old: &str, new: &str, options: &CompareOptions) -> Comparison {
    super::compare(&Content::plain(old), &Content::plain(new), options)
}

/// A change as a table row: `(kind, old_text, new_text)`.
type Row<'a> = (ChangeKind, &'a str, &'a str);

fn rows(cmp: &Comparison) -> Vec<(ChangeKind, &str, &str)> {
    cmp.changes
        .iter()
        .map(|c| (c.kind, c.old_text.as_str(), c.new_text.as_str()))
        .collect()
}

/// Rebuilds `new` from `old` and the changes alone: removes every old range
/// (a move deletes at its old place), then lays the change texts at their new
/// places (a move inserts at its new place) between the kept pieces.
fn rebuild(old: &str, cmp: &Comparison) -> String {
    let mut by_old: Vec<&Change> = cmp.changes.iter().collect();
    by_old.sort_by_key(|c| (c.old.start, c.old.end));
    let mut kept = String::new();
    let mut at = 0;
    for change in by_old {
        kept.push_str(&old[at..change.old.start]);
        at = change.old.end;
    }
    kept.push_str(&old[at..]);

    let mut rebuilt = String::new();
    let (mut kept_at, mut new_at) = (0, 0);
    for change in &cmp.changes {
        let gap = change.new.start - new_at;
        rebuilt.push_str(&kept[kept_at..kept_at + gap]);
        kept_at += gap;
        rebuilt.push_str(&change.new_text);
        new_at = change.new.end;
    }
    rebuilt.push_str(&kept[kept_at..]);
    rebuilt
}

/// Checks the invariants stated in the module doc.
fn check_invariants(old: &str, new: &str, cmp: &Comparison) {
    for change in &cmp.changes {
        for (text, range) in [(old, &change.old), (new, &change.new)] {
            assert!(
                range.start <= range.end && range.end <= text.len(),
                "{change:?}"
            );
            assert!(text.is_char_boundary(range.start), "{change:?}");
            assert!(text.is_char_boundary(range.end), "{change:?}");
        }
        assert_eq!(change.old_text, old[change.old.clone()]);
        assert_eq!(change.new_text, new[change.new.clone()]);
        let kind_fits = match change.kind {
            ChangeKind::Insert => change.old.is_empty() && !change.new.is_empty(),
            ChangeKind::Delete => !change.old.is_empty() && change.new.is_empty(),
            ChangeKind::Replace | ChangeKind::Move => {
                !change.old.is_empty() && !change.new.is_empty()
            }
            ChangeKind::Format => change.old_text == change.new_text,
        };
        assert!(kind_fits, "{change:?}");
    }
    for pair in cmp.changes.windows(2) {
        assert!(pair[0].new.end <= pair[1].new.start, "{pair:?}");
    }
    let mut by_old: Vec<&Change> = cmp.changes.iter().collect();
    by_old.sort_by_key(|c| (c.old.start, c.old.end));
    for pair in by_old.windows(2) {
        assert!(pair[0].old.end <= pair[1].old.start, "{pair:?}");
    }
}

#[test]
fn changes_table() {
    let p1 = "We collect your name and email address.\n";
    let p2 = "Cookies help us remember your settings.\n";
    let p3 = "You may ask us to delete your data.\n";
    let p4 = "We keep server logs for thirty days.\n";
    let doc = |parts: &[&str]| parts.concat();
    // (name, old, new, expected changes)
    let table: Vec<(&str, String, String, Vec<Row<'_>>)> = vec![
        ("identical", doc(&[p1, p2]), doc(&[p1, p2]), vec![]),
        ("empty texts", String::new(), String::new(), vec![]),
        (
            "word inserted",
            "We collect data.\n".into(),
            "We collect personal data.\n".into(),
            vec![(ChangeKind::Insert, "", "personal ")],
        ),
        (
            "word deleted",
            "We collect personal data.\n".into(),
            "We collect data.\n".into(),
            vec![(ChangeKind::Delete, "personal ", "")],
        ),
        (
            "word replaced",
            "We collect your email.\n".into(),
            "We collect your e-mail.\n".into(),
            vec![(ChangeKind::Replace, "email", "e-mail")],
        ),
        (
            "no shredded words",
            "We collect data.\n".into(),
            "We collection data.\n".into(),
            vec![(ChangeKind::Replace, "collect", "collection")],
        ),
        (
            "neighbouring words grouped",
            "We may share the data.\n".into(),
            "We will sell the info.\n".into(),
            vec![(
                ChangeKind::Replace,
                "may share the data",
                "will sell the info",
            )],
        ),
        (
            "paragraph inserted",
            doc(&[p1, p3]),
            doc(&[p1, p2, p3]),
            vec![(ChangeKind::Insert, "", p2)],
        ),
        (
            "paragraph deleted",
            doc(&[p1, p2, p3]),
            doc(&[p1, p3]),
            vec![(ChangeKind::Delete, p2, "")],
        ),
        (
            "edited paragraph among unchanged ones",
            doc(&[p1, p2, p3, p4]),
            doc(&[
                p1,
                p2,
                "You may ask us to erase your data at any time.\n",
                p4,
            ]),
            vec![
                (ChangeKind::Replace, "delete", "erase"),
                (ChangeKind::Insert, "", " at any time"),
            ],
        ),
        (
            "two edited paragraphs are paired, not replaced whole",
            doc(&[p1, p2]),
            "We collect your name and postal address.\nCookies help us remember settings.\n".into(),
            vec![
                (ChangeKind::Replace, "email", "postal"),
                (ChangeKind::Delete, "your ", ""),
            ],
        ),
        (
            "rewritten paragraph is deleted and inserted",
            doc(&[p1, p2]),
            doc(&[p1, "Completely different wording appears now.\n"]),
            vec![
                (ChangeKind::Delete, p2, ""),
                (
                    ChangeKind::Insert,
                    "",
                    "Completely different wording appears now.\n",
                ),
            ],
        ),
        (
            "moved paragraph is one move",
            doc(&[p1, p2, p3, p4]),
            doc(&[p2, p3, p4, p1]),
            vec![(ChangeKind::Move, p1, p1)],
        ),
        (
            "nearly equal moved paragraph is one move",
            doc(&[p1, p2, p3, p4]),
            doc(&[p2, p3, p4, "We collect your full name and email address.\n"]),
            vec![(
                ChangeKind::Move,
                p1,
                "We collect your full name and email address.\n",
            )],
        ),
        (
            "whitespace change reported by default",
            "We  collect data.\n".into(),
            "We collect data.\n".into(),
            vec![(ChangeKind::Replace, "  ", " ")],
        ),
        (
            "unicode words stay whole",
            "Zoë Ångström signs 👍🏽 here.\n".into(),
            "Zoë Ångström-Lind signs 👍 here.\n".into(),
            vec![
                (ChangeKind::Replace, "Ångström", "Ångström-Lind"),
                (ChangeKind::Replace, "👍🏽", "👍"),
            ],
        ),
        (
            "last line gains a paragraph",
            "One two three four.".into(),
            "One two three four.\nFive six seven eight.".into(),
            vec![
                (ChangeKind::Insert, "", "\n"),
                (ChangeKind::Insert, "", "Five six seven eight."),
            ],
        ),
    ];
    for (name, old, new, expected) in &table {
        let cmp = compare(old, new, &DEFAULT);
        check_invariants(old, new, &cmp);
        assert_eq!(rows(&cmp), *expected, "{name}");
        assert_eq!(rebuild(old, &cmp), *new, "{name}: rebuild");
        assert_eq!(cmp.is_identical(), expected.is_empty(), "{name}");
    }
}

#[test]
fn whitespace_only_changes_ignored_when_asked() {
    // (old, new)
    let table: &[(&str, &str)] = &[
        ("We  collect data.\n", "We collect data.\n"),
        ("We collect data. \n", "We collect data.\n"),
        ("We collect data.\n", "We collect\u{a0}data.\n"),
        ("A.\nB.\n", "A.\n\nB.\n"),
        ("A b.\n\tC d.\n", "A b.\nC  d.\n"),
    ];
    for (old, new) in table {
        assert!(
            compare(old, new, &IGNORE_WHITESPACE).is_identical(),
            "{old:?}"
        );
        let reported = compare(old, new, &DEFAULT);
        assert!(!reported.is_identical(), "{old:?}");
        assert_eq!(rebuild(old, &reported), *new);
    }
    let blank_line = compare("A.\nB.\n", "A.\n\nB.\n", &DEFAULT);
    assert_eq!(rows(&blank_line), vec![(ChangeKind::Insert, "", "\n")]);
    assert_eq!(blank_line.summary.paragraphs_changed, 0);
    let cmp = compare(
        "We  collect data.\n",
        "We  gather data.\n",
        &IGNORE_WHITESPACE,
    );
    assert_eq!(rows(&cmp), vec![(ChangeKind::Replace, "collect", "gather")]);
}

#[test]
fn summary_counts_words_paragraphs_moves_and_sections() {
    let old = "Intro line stays here.\n\
               # Data we collect\n\
               We collect your name and email address.\n\
               Cookies help us remember your settings.\n\
               # Sharing\n\
               We share nothing with anyone at all.\n\
               # Retention\n\
               We keep server logs for thirty days.\n\
               Old rule that will vanish soon.\n";
    let new = "Intro line stays here.\n\
               # Data we collect\n\
               Cookies help us remember your settings.\n\
               # Sharing\n\
               We share nothing with partners at all.\n\
               # Retention\n\
               We keep server logs for thirty days.\n\
               # Contact\n\
               Write to us by post.\n\
               We collect your name and email address.\n";
    let (old, new) = (
        Content::from_marked_text(old),
        Content::from_marked_text(new),
    );
    let cmp = super::compare(&old, &new, &DEFAULT);
    check_invariants(&old.text, &new.text, &cmp);
    assert_eq!(rebuild(&old.text, &cmp), new.text);
    let summary = &cmp.summary;
    assert_eq!((summary.words_added, summary.words_removed), (7, 7));
    assert_eq!((summary.paragraphs_changed, summary.moves), (4, 1));
    assert_eq!(
        summary.sections_touched,
        ["Sharing", "Retention", "Contact", "Data we collect"]
    );
}

#[test]
fn unicode_offsets_are_char_boundaries_and_convert_to_chars() {
    let old = "Zoë\u{a0}Ångström agrees fully 👍🏽.\n";
    let new = "Zoë\u{a0}Ångström disagrees fully 👍🏽!\n";
    let cmp = compare(old, new, &DEFAULT);
    check_invariants(old, new, &cmp);
    assert_eq!(
        rows(&cmp),
        vec![
            (ChangeKind::Replace, "agrees", "disagrees"),
            (ChangeKind::Replace, ".", "!"),
        ]
    );
    let starts: Vec<usize> = cmp.changes.iter().map(|c| c.new.start).collect();
    assert_eq!(byte_to_char_offsets(new, &starts), vec![13, 31]);
}

#[test]
fn bench_sized_pair_reports_its_edits_and_moves() {
    let base = crate::model::generator::policy_text(2_000, 7);
    let edited = crate::model::generator::edited_copy(&base, 11, 60, 5);
    let cmp = compare(&base, &edited, &DEFAULT);
    check_invariants(&base, &edited, &cmp);
    assert_eq!(rebuild(&base, &cmp), edited);
    assert_eq!(cmp.summary.moves, 5);
    // Each word edit changes one paragraph; a short paragraph that is both
    // edited and moved may fall below the near-move threshold and count as
    // removed and added.
    assert!(cmp.summary.paragraphs_changed <= 60 + 2 * 5);
    assert!(
        cmp.changes
            .iter()
            .all(|c| c.kind == ChangeKind::Move || c.old_text.len() < 60 && c.new_text.len() < 60)
    );
}

/// Words (and one separator before each) that random paragraphs are made of.
const WORDS: &[&str] = &[
    "we",
    "collect",
    "collection",
    "data",
    "your",
    "Zoë",
    "Ångström",
    "naïve",
    "👍🏽",
    "e-mail",
    "don't",
    "§3",
    "(a)",
    "third-party",
    "the",
    "of",
    ",",
    ".",
    "🇫🇷",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "\u{a0}", ", ", " - "];

fn paragraph_strategy() -> impl Strategy<Value = Vec<(usize, usize)>> {
    prop::collection::vec((0..WORDS.len(), 0..SEPARATORS.len()), 1..14)
}

fn render(paragraphs: &[Vec<(usize, usize)>], heading_every: usize) -> String {
    let mut text = String::new();
    for (index, words) in paragraphs.iter().enumerate() {
        if heading_every > 0 && index % heading_every == 0 {
            text.push_str("## ");
        }
        for (position, &(word, separator)) in words.iter().enumerate() {
            if position > 0 {
                text.push_str(SEPARATORS[separator]);
            }
            text.push_str(WORDS[word]);
        }
        text.push('\n');
    }
    text
}

/// One random edit: `(what, where, which word, which separator)`.
type Edit = (u8, usize, usize, usize);

fn apply(paragraphs: &mut Vec<Vec<(usize, usize)>>, edit: Edit) {
    let (what, at, word, separator) = edit;
    if paragraphs.is_empty() {
        paragraphs.push(vec![(word % WORDS.len(), 0)]);
        return;
    }
    let p = at % paragraphs.len();
    let len = paragraphs[p].len();
    let w = at / 7 % len.max(1);
    let token = (word % WORDS.len(), separator % SEPARATORS.len());
    match what % 8 {
        0 => paragraphs[p][w] = token,
        1 => paragraphs[p].insert(w, token),
        2 if len > 1 => {
            paragraphs[p].remove(w);
        }
        3 => paragraphs.insert(p, vec![token, token, token, token]),
        4 => {
            paragraphs.remove(p);
        }
        5 => {
            let moved = paragraphs.remove(p);
            let to = word % (paragraphs.len() + 1);
            paragraphs.insert(to, moved);
        }
        6 => paragraphs[p][w].1 = separator % SEPARATORS.len(),
        _ => {
            // A long block: more than the in-step walk can skip.
            for k in 0..12 {
                paragraphs.insert(p, vec![token, (k % WORDS.len(), 0), token, token]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn changes_rebuild_the_new_text(
        paragraphs in prop::collection::vec(paragraph_strategy(), 0..40),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 0..12),
        heading_every in 0usize..6,
        drop_final_newline in any::<bool>(),
    ) {
        let old = render(&paragraphs, heading_every);
        let mut edited = paragraphs.clone();
        for edit in edits {
            apply(&mut edited, edit);
        }
        let mut new = render(&edited, heading_every);
        if drop_final_newline {
            new.pop();
        }
        let cmp = compare(&old, &new, &DEFAULT);
        check_invariants(&old, &new, &cmp);
        prop_assert_eq!(rebuild(&old, &cmp), new.clone());
        prop_assert_eq!(cmp.is_identical(), old == new);

        let ignoring = compare(&old, &new, &IGNORE_WHITESPACE);
        check_invariants(&old, &new, &ignoring);
        for change in &ignoring.changes {
            prop_assert!(
                change.kind == ChangeKind::Move
                    || !tokens::differs_only_in_whitespace(&change.old_text, &change.new_text),
                "whitespace-only change reported: {:?}", change
            );
        }
    }
}

#[test]
fn formatting_only_changes_are_reported_as_such() {
    let old = Content::from_marked_text("# Rights\nWe keep data.\n## Contact\nWrite to us.");
    let mut new = old.clone();
    let bold = crate::model::changeset::FormatEdit {
        range: crate::model::ByteOffset(10)..crate::model::ByteOffset(14),
        marks: crate::model::marks::MarkPatch::set(crate::model::marks::Styles::BOLD),
        block: crate::model::blocks::BlockPatch::default(),
    };
    let demoted = crate::model::changeset::FormatEdit {
        range: crate::model::ByteOffset(21)..crate::model::ByteOffset(21),
        marks: crate::model::marks::MarkPatch::default(),
        block: crate::model::blocks::BlockPatch::style(crate::model::blocks::BlockStyle::Normal),
    };
    crate::model::changeset::ChangeSet::format(&old, &[bold, demoted])
        .expect("formats")
        .apply(&mut new);
    let cmp = super::compare(&old, &new, &DEFAULT);
    check_invariants(&old.text, &new.text, &cmp);
    let formats: Vec<(&str, Option<&str>)> = cmp
        .changes
        .iter()
        .map(|change| {
            assert_eq!(change.kind, ChangeKind::Format);
            (change.new_text.as_str(), change.formatting.as_deref())
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("keep", Some("bold")),
            ("Contact", Some("Heading 2 → Normal"))
        ]
    );
    assert_eq!(cmp.summary.formatting_changes, 2);
    assert!(!cmp.is_identical());
    // A paragraph whose words changed is a change of words; formatting
    // is reported only where the words read the same.
    let mut both = new.clone();
    crate::model::changeset::ChangeSet::from_edits(
        &new,
        &[crate::model::changeset::Edit::new(21..28, "Write")],
    )
    .expect("edit")
    .apply(&mut both);
    let cmp = super::compare(&old, &both, &DEFAULT);
    check_invariants(&old.text, &both.text, &cmp);
    let kinds: Vec<ChangeKind> = cmp.changes.iter().map(|change| change.kind).collect();
    assert_eq!(
        kinds,
        [ChangeKind::Format, ChangeKind::Delete, ChangeKind::Insert],
        "{:?}",
        cmp.changes
    );
}
