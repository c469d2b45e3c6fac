//! Property test through the editor's command layer: in Suggest mode, any
//! sequence of inputs (typing, Backspace, Delete, paste, cut, Enter, Tab,
//! formatting, table rows, footnotes) at any selection, followed by
//! reject-all, puts back the text, the blocks and the marks exactly; accept-all
//! instead takes them all, each footnote whole (its reference and its
//! paragraphs).

use proptest::prelude::*;
use redline::app::Mode;
use redline::app::editor::DocumentEditor;
use redline::app::editor::actions::{EditRequest, Formatting, Pasted, TableEdit};
use redline::app::editor::caret::Selection;
use redline::model::blocks::{Block, BlockStyle, ListId, ListItem, TableCell, TableId};
use redline::model::content::{Content, Fragment};
use redline::model::links::LinkTarget;
use redline::model::marks::{MarkRun, MarkSpan, Marks, Styles};
use redline::model::{Actor, Command, Document, Person, Project};

fn actor() -> Actor {
    Actor {
        user: Person::new("Casey Counsel", "CC"),
        now: chrono::Utc::now(),
    }
}

/// A formatted policy: a heading, paragraphs with marks, a list and a
/// table.
fn policy() -> Content {
    let text = "Privacy\nWe collect data and sell nothing.\nYou may:\nsee it\ndelete it\nKind\nWhere\nEmail\nYou\nÉnd, naïve café.";
    let cell = |row, col| Block {
        cell: Some(TableCell::at(TableId(1), row, col)),
        ..Block::default()
    };
    let blocks = vec![
        Block::heading(1),
        Block::default(),
        Block::default(),
        Block::item(ListItem::bulleted(ListId(1), 0)),
        Block::item(ListItem::bulleted(ListId(1), 0)),
        cell(0, 0),
        cell(0, 1),
        cell(1, 0),
        cell(1, 1),
        Block::styled(BlockStyle::Quote),
    ];
    let collect = text.find("collect").expect("word");
    let sell = text.find("sell").expect("word");
    let spans = vec![
        MarkSpan {
            range: collect..collect + 7,
            marks: Marks::styled(Styles::BOLD),
        },
        MarkSpan {
            range: sell..sell + 4,
            marks: Marks {
                styles: Styles::ITALIC,
                link: LinkTarget::new("https://example.com").ok(),
                note: None,
            },
        },
    ];
    Content::new(text.to_string(), blocks, spans).expect("content")
}

fn fragment(words: &str, bold: bool, breaks: bool) -> Fragment {
    let text = if breaks {
        format!("{words}\nmore")
    } else {
        words.to_string()
    };
    let breaks = text.matches('\n').count();
    Fragment {
        marks: vec![MarkRun {
            len: text.len(),
            marks: if bold {
                Marks::styled(Styles::BOLD)
            } else {
                Marks::default()
            },
        }],
        blocks: vec![Block::item(ListItem::numbered(ListId(7), 0)); breaks],
        text,
    }
}

#[derive(Debug, Clone)]
enum Input {
    Type(String),
    Backspace(bool),
    Delete(bool),
    Enter,
    SoftBreak,
    Tab(bool),
    Cut,
    PastePlain(String),
    PasteFormatted(String, bool, bool),
    Toggle(u8),
    Style(u8),
    List(bool),
    Clear,
    Link(bool),
    Table(u8),
    InsertTable(u8, u8),
    Footnote,
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => "[a-zé ]{1,4}".prop_map(Input::Type),
        2 => any::<bool>().prop_map(Input::Backspace),
        2 => any::<bool>().prop_map(Input::Delete),
        1 => Just(Input::Enter),
        1 => Just(Input::SoftBreak),
        1 => any::<bool>().prop_map(Input::Tab),
        1 => Just(Input::Cut),
        1 => "[a-z\n]{1,8}".prop_map(Input::PastePlain),
        1 => ("[a-z]{1,6}", any::<bool>(), any::<bool>()).prop_map(|(words, bold, breaks)| Input::PasteFormatted(words, bold, breaks)),
        2 => (0u8..6).prop_map(Input::Toggle),
        1 => (0u8..4).prop_map(Input::Style),
        1 => any::<bool>().prop_map(Input::List),
        1 => Just(Input::Clear),
        1 => any::<bool>().prop_map(Input::Link),
        1 => (0u8..6).prop_map(Input::Table),
        1 => (1u8..3, 1u8..3).prop_map(|(rows, columns)| Input::InsertTable(rows, columns)),
        1 => Just(Input::Footnote),
    ]
}

fn request(input: &Input) -> EditRequest {
    let styles = [
        Styles::BOLD,
        Styles::ITALIC,
        Styles::UNDERLINE,
        Styles::STRIKE,
        Styles::SUPERSCRIPT,
        Styles::SUBSCRIPT,
    ];
    match input {
        Input::Type(text) => EditRequest::Type(text.clone()),
        Input::Backspace(word) => EditRequest::Backspace { word: *word },
        Input::Delete(word) => EditRequest::Delete { word: *word },
        Input::Enter => EditRequest::Enter,
        Input::SoftBreak => EditRequest::SoftBreak,
        Input::Tab(back) => {
            if *back {
                EditRequest::Outdent
            } else {
                EditRequest::Indent
            }
        }
        Input::Cut => EditRequest::DeleteSelection,
        Input::PastePlain(text) => EditRequest::Paste(Pasted::Plain(text.clone())),
        Input::PasteFormatted(words, bold, breaks) => {
            EditRequest::Paste(Pasted::Formatted(fragment(words, *bold, *breaks)))
        }
        Input::Toggle(pick) => {
            EditRequest::Format(Formatting::Toggle(styles[usize::from(*pick) % 6]))
        }
        Input::Style(pick) => EditRequest::Format(Formatting::Style(match pick {
            0 => BlockStyle::Normal,
            1 => BlockStyle::Heading(1),
            2 => BlockStyle::Heading(3),
            _ => BlockStyle::Quote,
        })),
        Input::List(numbered) => EditRequest::Format(Formatting::ToggleList {
            numbered: *numbered,
        }),
        Input::Clear => EditRequest::Format(Formatting::Clear),
        Input::Link(remove) => EditRequest::Link {
            target: if *remove {
                None
            } else {
                LinkTarget::new("mailto:dpo@example.com").ok()
            },
            text: "write".into(),
        },
        Input::Table(pick) => EditRequest::Table(match pick {
            0 => TableEdit::RowAbove,
            1 => TableEdit::RowBelow,
            2 => TableEdit::DeleteRow,
            3 => TableEdit::ColumnLeft,
            4 => TableEdit::ColumnRight,
            _ => TableEdit::DeleteColumn,
        }),
        Input::InsertTable(rows, columns) => EditRequest::InsertTable {
            rows: usize::from(*rows),
            columns: usize::from(*columns),
        },
        Input::Footnote => EditRequest::InsertFootnote,
    }
}

/// A selection picked by two numbers, on char boundaries of `text`.
fn selection_in(text: &str, anchor: usize, focus: usize) -> Selection {
    let fit = |pick: usize| {
        let mut byte = pick % (text.len() + 1);
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    };
    Selection {
        anchor_byte: fit(anchor),
        focus_byte: fit(focus),
        after_suggested: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_suggested_inputs_then_reject_all_restore_the_content(
        steps in proptest::collection::vec((input(), any::<usize>(), any::<usize>(), any::<bool>()), 1..25)
    ) {
        let original = policy();
        let mut project = Project::new(Document {
            title: "Policy".into(),
            content: original.clone(),
            ..Document::default()
        });
        let actor = actor();
        let mut editor = DocumentEditor::default();
        for (step, (input, anchor, focus, keep)) in steps.iter().enumerate() {
            // Sometimes go on from where the last input left the caret.
            if !keep || step == 0 {
                editor.selection = selection_in(project.text(), *anchor, *focus);
            }
            let performed = editor.perform(&request(input), &mut project, &actor, Mode::Suggest, step as f64);
            prop_assert!(performed.error.is_none(), "{input:?}: {:?}", performed.error);
            prop_assert_eq!(project.text(), original.text.as_str(), "suggesting never changes the words");
        }
        let mut accepted = project.clone();
        let result = accepted.apply(Command::AcceptAll { author: None }, &actor);
        prop_assert!(result.is_ok(), "accept all: {:?}", result);
        // Accept-all takes everything, and every footnote comes whole: its
        // reference and its paragraphs.
        let content = accepted.content();
        let mut referenced: Vec<u32> = content.marks.spans().iter().filter_map(|span| span.marks.note.map(|note| note.0)).collect();
        referenced.sort_unstable();
        referenced.dedup();
        let mut paragraphs: Vec<u32> = content.blocks.iter().filter_map(|block| block.note.map(|note| note.id.0)).collect();
        paragraphs.sort_unstable();
        paragraphs.dedup();
        prop_assert_eq!(referenced, paragraphs, "notes referenced and notes with paragraphs");
        project.apply(Command::RejectAll { author: None }, &actor).expect("reject all");
        prop_assert_eq!(project.content(), &original);
    }
}
