//! Markdown in and out: Markdown → project → Markdown is stable on generated
//! structured documents, and the content survives the trip.

use proptest::prelude::*;
use redline::formats::markdown::{parse, render};
use redline::model::blocks::{
    Block, BlockStyle, ListId, ListItem, NOTE_REFERENCE, NoteId, NoteKind, NoteRef, NumberFormat,
    SOFT_BREAK, TableCell, TableId,
};
use redline::model::content::Content;
use redline::model::links::LinkTarget;
use redline::model::marks::{MarkSpan, Marks, Styles};

const WORDS: &[&str] = &[
    "We", "collect", "personal", "data", "for", "billing", "(a)", "e-mail", "Zoë", "naïve", "3.",
    "§2", "*", "_", "#", "`code`", "<b>", "{++", "~~", "[x]", "100%", "€", "a|b", "--",
];

/// One paragraph: its kind, its words, which of them are marked and how.
#[derive(Debug, Clone)]
struct Paragraph {
    kind: u8,
    level: u8,
    words: Vec<usize>,
    marks: Vec<(usize, usize, u8)>,
    note: bool,
}

fn paragraph() -> impl Strategy<Value = Paragraph> {
    (
        0u8..8,
        0u8..3,
        proptest::collection::vec(0..WORDS.len(), 1..8),
        proptest::collection::vec((0usize..8, 1usize..4, 0u8..7), 0..3),
        any::<bool>(),
    )
        .prop_map(|(kind, level, words, marks, note)| Paragraph {
            kind,
            level,
            words,
            marks,
            note,
        })
}

/// A structured document from the picks: headings, body paragraphs,
/// quotes, nested bulleted and numbered lists, a table, marks of every
/// kind, links, soft breaks and footnotes.
fn document(paragraphs: &[Paragraph]) -> Content {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut spans = Vec::new();
    let mut notes = Vec::new();
    let link = LinkTarget::new("https://example.com/opt-out").expect("allowed");
    let mut list = 0;
    let mut previous_kind = u8::MAX;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let start = text.len();
        let mut word_starts = Vec::new();
        for (position, &word) in paragraph.words.iter().enumerate() {
            if position > 0 {
                text.push(if position == 3 && paragraph.kind == 1 {
                    SOFT_BREAK
                } else {
                    ' '
                });
            }
            word_starts.push(text.len());
            text.push_str(WORDS[word]);
        }
        for &(first, count, style) in &paragraph.marks {
            let first = first % paragraph.words.len();
            let last = (first + count).min(paragraph.words.len()) - 1;
            let range = word_starts[first]..word_starts[last] + WORDS[paragraph.words[last]].len();
            if spans
                .iter()
                .any(|span: &MarkSpan| span.range.start < range.end && range.start < span.range.end)
            {
                continue;
            }
            let marks = match style {
                0 => Marks::styled(Styles::BOLD),
                1 => Marks::styled(Styles::ITALIC),
                2 => Marks::styled(Styles::STRIKE),
                3 => Marks::styled(Styles::UNDERLINE),
                4 => Marks::styled(Styles::SUPERSCRIPT),
                5 => Marks::styled(Styles::BOLD.union(Styles::ITALIC)),
                _ => Marks {
                    link: Some(link.clone()),
                    ..Marks::default()
                },
            };
            spans.push(MarkSpan { range, marks });
        }
        if paragraph.note && paragraph.kind != 5 {
            let id = NoteId(notes.len() as u32 + 1);
            let at = text.len();
            text.push(NOTE_REFERENCE);
            spans.push(MarkSpan {
                range: at..text.len(),
                marks: Marks {
                    note: Some(id),
                    ..Marks::default()
                },
            });
            notes.push(id);
        }
        let _ = start;
        let block = match paragraph.kind {
            0 => Block::heading(paragraph.level + 1),
            2 => Block::styled(BlockStyle::Quote),
            3 | 4 => {
                if !matches!(previous_kind, 3 | 4) {
                    list += 1;
                }
                let level = if matches!(previous_kind, 3 | 4) {
                    paragraph.level.min(1)
                } else {
                    0
                };
                let mut item = if paragraph.kind == 3 {
                    ListItem::bulleted(ListId(list), level)
                } else {
                    ListItem::numbered(ListId(list), level)
                };
                item.format = if paragraph.kind == 3 {
                    NumberFormat::Bullet
                } else {
                    NumberFormat::Decimal
                };
                Block::item(item)
            }
            5 => Block {
                cell: Some(TableCell::at(TableId(1), u32::from(paragraph.level), 0)),
                ..Block::default()
            },
            _ => Block::default(),
        };
        previous_kind = paragraph.kind;
        blocks.push(block);
    }
    for id in notes {
        text.push('\n');
        let at = text.len();
        text.push_str("See the Contact section.");
        spans.push(MarkSpan {
            range: at + 8..at + 15,
            marks: Marks::styled(Styles::ITALIC),
        });
        blocks.push(Block {
            note: Some(NoteRef {
                id,
                kind: NoteKind::Footnote,
            }),
            ..Block::default()
        });
    }
    Content::new(text, blocks, spans).expect("a valid generated document")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Markdown written from a document reads back to Markdown that writes
    /// the same: the trip is stable.
    #[test]
    fn markdown_to_project_to_markdown_is_stable(
        paragraphs in proptest::collection::vec(paragraph(), 1..12),
    ) {
        let markdown = render(&document(&paragraphs)).markdown;
        let read = parse(&markdown);
        let again = render(&read.content).markdown;
        prop_assert_eq!(&again, &markdown, "written:\n{}", markdown);
        let read_again = parse(&again);
        prop_assert_eq!(read_again.content, read.content);
    }
}

#[test]
fn what_markdown_cannot_say_is_named_with_counts() {
    let mut item = ListItem::numbered(ListId(1), 0);
    item.format = NumberFormat::LowerRoman;
    let content = Content::new(
        "one\ntwo\nsmall".to_string(),
        vec![
            Block::item(item.clone()),
            Block::item(item),
            Block::default(),
        ],
        vec![MarkSpan {
            range: 8..13,
            marks: Marks::styled(Styles::SMALL_CAPS),
        }],
    )
    .expect("valid");
    let rendered = render(&content);
    assert_eq!(
        rendered.warnings,
        [
            "2 × list labels Markdown cannot number (letters, roman numerals, patterns) written as 1., 2., 3."
        ]
    );
    assert!(
        rendered
            .markdown
            .contains("<span style=\"font-variant: small-caps\">small</span>"),
        "small caps as inline HTML"
    );
    let back = parse(&rendered.markdown).content;
    assert_eq!(
        back.marks.spans()[0].marks,
        Marks::styled(Styles::SMALL_CAPS)
    );
}

#[test]
fn links_outside_the_allow_list_stay_words_with_a_warning() {
    let parsed = parse("Click [here](javascript:alert(1)) or [mail](mailto:a@example.com).");
    assert_eq!(parsed.content.text, "Click here or mail.");
    assert_eq!(parsed.content.marks.spans().len(), 1);
    assert_eq!(
        parsed.warnings,
        [
            "1 link kept as plain text: only http, https, mailto and in-document links are allowed (\"javascript:alert(1)\")"
        ]
    );
    let written = render(&parsed.content).markdown;
    assert!(!written.contains("javascript"));
}

#[test]
fn a_project_file_with_a_link_outside_the_allow_list_is_refused() {
    let file = r#"(
  format_version: 2,
  document: (
    title: "T",
    paragraphs: [
      (text: "Opt out here.", marks: [(8, 12, "link javascript:alert(1)")]),
    ],
  ),
)"#;
    let error =
        redline::formats::project_file::from_ron_str(file, std::path::Path::new("p.redline.ron"))
            .expect_err("refused");
    assert_eq!(
        error.to_string(),
        "p.redline.ron: paragraph 1: link target \"javascript:alert(1)\" is not allowed: only http, https, mailto and in-document (#name) links are kept"
    );
}
