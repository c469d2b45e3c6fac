//! The document editor driven by events, as a person types and clicks:
//! the text runs of the accessibility tree say where the words are on
//! screen (as a screen reader reads them), the pointer clicks there, and
//! keys and text arrive as egui events. Every test checks what the model
//! recorded.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redline::app::{
    Mode, Offered, Preferences, RedlineApp, ScriptedClipboard, ScriptedDialog, Setup,
};
use redline::formats::sample::sample_project;
use redline::model::blocks::{Block, ListId, ListItem};
use redline::model::content::Content;
use redline::model::marks::Styles;
use redline::model::{Document, Person, Project, Span, SuggestionKind};

/// The app on `project`, by Casey Counsel, in `mode`, `size` points big.
pub fn desk(
    project: Project,
    mode: Mode,
    size: [f32; 2],
) -> (Harness<'static, RedlineApp>, ScriptedClipboard) {
    let clipboard = ScriptedClipboard::new();
    let setup = Setup {
        project: Some(project),
        user: Some(me()),
        dialog: Box::new(ScriptedDialog::new()),
        recovery_dir: None,
        preferences: Some(Preferences {
            mode,
            ..Preferences::default()
        }),
        clipboard: Box::new(clipboard.clone()),
        open_file: |_| false,
        ..Setup::default()
    };
    // Frames 1/30 s apart (kittest's default is 1/4 s, longer than a
    // double-click may take).
    let harness = Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 30.0)
        .with_max_steps(60)
        .build_eframe(move |cc| RedlineApp::new(cc, setup));
    (harness, clipboard)
}

pub fn me() -> Person {
    Person::new("Casey Counsel", "CC")
}

fn sample(mode: Mode) -> Harness<'static, RedlineApp> {
    let (mut harness, _) = desk(sample_project().expect("sample"), mode, [1400.0, 900.0]);
    harness.run();
    harness
}

/// Where the `offset`-th char of `phrase` is drawn, read from the text
/// runs of the accessibility tree.
pub fn point_of(harness: &Harness<'static, RedlineApp>, phrase: &str, offset: usize) -> Pos2 {
    let document = harness.get_by_role(Role::MultilineTextInput);
    for node in document.get_all_by_role(Role::TextRun) {
        let Some(value) = node.value() else { continue };
        let Some(byte) = value.find(phrase) else {
            continue;
        };
        let data = node.accesskit_node();
        let data = data.data();
        let index = value[..byte].chars().count() + offset;
        let positions = data.character_positions().unwrap_or_default();
        let widths = data.character_widths().unwrap_or_default();
        let rect = node.rect();
        // Just right of the char's left edge: the caret goes before it.
        let x = rect.min.x + positions.get(index).copied().unwrap_or(0.0) + 1.0;
        let _ = widths;
        return Pos2::new(x, rect.center().y);
    }
    panic!("{phrase:?} is not on screen");
}

fn click_at(
    harness: &mut Harness<'static, RedlineApp>,
    pos: Pos2,
    modifiers: Modifiers,
    times: usize,
) {
    harness.event(Event::PointerMoved(pos));
    harness.event(Event::ModifiersChanged(modifiers));
    for _ in 0..times {
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers,
            });
            harness.step();
        }
    }
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

/// Clicks in the document on the `offset`-th char of `phrase`.
pub fn click_text(harness: &mut Harness<'static, RedlineApp>, phrase: &str, offset: usize) {
    let pos = point_of(harness, phrase, offset);
    click_at(harness, pos, Modifiers::NONE, 1);
}

/// Types `text` one key at a time, `per_frame` keys in each frame (fast
/// typing delivers several keys in one frame).
pub fn type_keys(harness: &mut Harness<'static, RedlineApp>, text: &str, per_frame: usize) {
    let chars: Vec<char> = text.chars().collect();
    for chunk in chars.chunks(per_frame.max(1)) {
        for c in chunk {
            harness.event(Event::Text(c.to_string()));
        }
        harness.run();
    }
}

fn mine(project: &Project) -> Vec<&redline::model::Suggestion> {
    project
        .suggestions()
        .iter()
        .filter(|suggestion| suggestion.author == me())
        .collect()
}

#[test]
fn typing_a_longer_word_over_a_selected_word_in_suggest_mode_is_one_replacement() {
    let mut harness = sample(Mode::Suggest);
    let text_before = harness.state().project().text().to_string();
    // Double-click "website" in "through our website at".
    let pos = point_of(&harness, "our website at", "our web".len());
    click_at(&mut harness, pos, Modifiers::NONE, 2);
    let start = text_before.find("our website at").expect("phrase") + "our ".len();
    assert_eq!(harness.state().selection(), start..start + "website".len());
    // Fast typing: three keys a frame; then slow: one a frame.
    type_keys(&mut harness, "websi", 3);
    type_keys(&mut harness, "tes", 1);
    let project = harness.state().project();
    assert_eq!(
        project.text(),
        text_before,
        "suggesting leaves the text alone"
    );
    let mine = mine(project);
    assert_eq!(mine.len(), 1, "one suggestion: {mine:?}");
    assert_eq!(mine[0].original, "website");
    assert_eq!(
        mine[0].kind,
        SuggestionKind::Replacement {
            text: "websites".into()
        }
    );
    // Backspace takes letters back from the suggested text itself.
    harness.key_press(Key::Backspace);
    harness.run();
    let mine = self::mine(harness.state().project());
    assert_eq!(
        mine[0].kind,
        SuggestionKind::Replacement {
            text: "website".into()
        }
    );
}

#[test]
fn one_undo_takes_back_a_typed_word() {
    let mut harness = sample(Mode::Edit);
    let text_before = harness.state().project().text().to_string();
    // Click just before "Hearthbook" in "provides Hearthbook,".
    click_text(&mut harness, "provides Hearthbook", "provides ".len());
    type_keys(&mut harness, "the ", 2);
    type_keys(&mut harness, "app ", 1);
    let typed = harness.state().project().text().to_string();
    assert!(
        typed.contains("provides the app Hearthbook"),
        "{}",
        &typed[..200]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .project()
            .text()
            .contains("provides the Hearthbook"),
        "one Ctrl+Z takes the last word"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().text(), text_before);
}

#[test]
fn ctrl_b_on_a_selection_makes_it_bold_in_the_model() {
    let mut harness = sample(Mode::Edit);
    let text = harness.state().project().text().to_string();
    let start = text.find("household budgeting").expect("phrase");
    let span = Span::new(start, start + "household".len());
    harness.state_mut().select_text(span);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    let content = harness.state().project().content();
    let runs = content.marks.runs(span.range());
    assert!(
        runs.iter()
            .all(|run| run.marks.styles.contains(Styles::BOLD)),
        "{runs:?}"
    );
    assert_eq!(content.text, text, "formatting changes no words");
    // Again: bold off.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    let content = harness.state().project().content();
    assert!(!content.marks.at(start).styles.contains(Styles::BOLD));
}

#[test]
fn ctrl_b_with_no_word_at_the_caret_makes_what_is_typed_next_bold() {
    for mode in [Mode::Edit, Mode::Suggest] {
        let mut harness = sample(mode);
        let text = harness.state().project().text().to_string();
        // Right after "interact with us.": no word touches the caret.
        let at = text.find("interact with us.").expect("phrase") + "interact with us.".len();
        harness.state_mut().select_text(Span::new(at, at));
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
        harness.run();
        assert_eq!(
            harness.state().project().text(),
            text,
            "{mode:?}: nothing typed yet"
        );
        type_keys(&mut harness, " Note", 1);
        let project = harness.state().project();
        match mode {
            Mode::Suggest => {
                let mine = self::mine(project);
                assert_eq!(mine.len(), 1, "one insertion, however slowly typed");
                assert_eq!(
                    mine[0].kind,
                    SuggestionKind::Insertion {
                        text: " Note".into()
                    }
                );
                let formatting = mine[0].formatting.as_ref().expect("formatted insertion");
                assert!(
                    formatting
                        .marks
                        .iter()
                        .all(|run| run.marks.styles.contains(Styles::BOLD)),
                    "{formatting:?}"
                );
            }
            _ => {
                let content = project.content();
                assert!(content.text[at..].starts_with(" Note It"));
                let runs = content
                    .marks
                    .runs(Span::new(at, at + " Note".len()).range());
                assert!(
                    runs.iter()
                        .all(|run| run.marks.styles.contains(Styles::BOLD)),
                    "{runs:?}"
                );
                assert!(!content.marks.at(at - 1).styles.contains(Styles::BOLD));
                // Ctrl+B again, then typing: no longer bold.
                harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
                harness.run();
                type_keys(&mut harness, " more", 1);
                let content = harness.state().project().content();
                let more = at + " Note".len();
                assert!(content.text[more..].starts_with(" more It"));
                assert!(!content.marks.at(more + 1).styles.contains(Styles::BOLD));
            }
        }
    }
}

#[test]
fn bold_set_for_typing_is_forgotten_when_the_caret_moves() {
    let mut harness = sample(Mode::Edit);
    let text = harness.state().project().text().to_string();
    let at = text.find("interact with us.").expect("phrase") + "interact with us.".len();
    harness.state_mut().select_text(Span::new(at, at));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    type_keys(&mut harness, "x", 1);
    let content = harness.state().project().content();
    assert!(
        content.text[at..].starts_with(" xIt"),
        "{}",
        &content.text[at..at + 10]
    );
    assert!(!content.marks.at(at + 1).styles.contains(Styles::BOLD));
}

#[test]
fn ctrl_k_opens_the_link_dialog_and_never_deletes_text() {
    let mut harness = sample(Mode::Edit);
    let text = harness.state().project().text().to_string();
    let start = text.find("Data Retention").expect("heading");
    let span = Span::new(start, start + "Data Retention".len());
    harness.state_mut().select_text(span);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert_eq!(harness.state().modal_title(), Some("Insert link"));
    assert_eq!(
        harness.state().project().text(),
        text,
        "the text is unchanged"
    );
    // The address field has the keyboard: typing goes there. A disallowed
    // address is refused in the dialog, with the reason.
    type_keys(&mut harness, "javascript:alert(1)", 6);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().modal_title(), Some("Insert link"));
    harness.get_by_label_contains("only http, https, mailto and in-document");
    // Escape cancels; then a web address goes on the selection.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    type_keys(&mut harness, "https://example.com/retention", 6);
    harness.key_press(Key::Enter);
    harness.run();
    let content = harness.state().project().content();
    assert_eq!(content.text, text, "linking changes no words");
    assert_eq!(
        content
            .marks
            .at(start)
            .link
            .map(|link| link.as_str().to_string()),
        Some("https://example.com/retention".to_string())
    );
}

#[test]
fn tab_in_a_list_item_raises_its_level() {
    let mut harness = sample(Mode::Edit);
    click_text(&mut harness, "Account details, such as", 3);
    let paragraph = {
        let project = harness.state().project();
        project
            .content()
            .paragraph_index_at(harness.state().selection().start)
    };
    let level = |harness: &Harness<'static, RedlineApp>| {
        harness.state().project().content().blocks[paragraph]
            .list
            .as_ref()
            .map(|item| item.level)
    };
    assert_eq!(level(&harness), Some(0));
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(level(&harness), Some(1));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert_eq!(level(&harness), Some(0));
}

#[test]
fn deleting_a_selection_across_two_paragraphs_joins_them_in_one_undo_step() {
    let mut harness = sample(Mode::Edit);
    let before = harness.state().project().content().clone();
    // Click in a heading, Shift+click in the paragraph after it.
    click_text(&mut harness, "Information We Collect", 5);
    let pos = point_of(&harness, "We collect personal data that you provide", 3);
    click_at(&mut harness, pos, Modifiers::SHIFT, 1);
    let selected = harness.state().selection();
    assert!(
        before.text[selected.clone()].contains('\n'),
        "spans paragraphs"
    );
    harness.key_press(Key::Backspace);
    harness.run();
    let after = harness.state().project().content().clone();
    assert_eq!(after.text.len(), before.text.len() - selected.len());
    assert!(
        after.text.contains("\nInforcollect personal data"),
        "joined"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        *harness.state().project().content(),
        before,
        "one undo restores text, blocks and marks"
    );
}

#[test]
fn at_1024_by_700_a_saved_wide_review_panel_leaves_the_document_readable() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1600.0, 900.0],
    );
    harness.run();
    // Widen the review panel as far as it goes (the rightmost splitter).
    let splitters: Vec<_> = harness
        .get_all_by_role_and_label(Role::Splitter, "Resize panel")
        .map(|node| (node.rect().center().x, node.accesskit_node().id()))
        .collect();
    let (_, rightmost) = splitters
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .copied()
        .expect("splitters");
    harness
        .get_all_by_role_and_label(Role::Splitter, "Resize panel")
        .find(|node| node.accesskit_node().id() == rightmost)
        .expect("review splitter")
        .set_value_accesskit(1200.0);
    harness.run();
    harness.set_size(egui::vec2(1024.0, 700.0));
    harness.run();
    let app = harness.state();
    assert!(
        app.document_width() >= 360.0,
        "document area {} wide",
        app.document_width()
    );
    assert!(app.page_width() >= 360.0, "page {} wide", app.page_width());
    // The review panel still shows cards (not blank).
    harness.get_by_label_contains("Resolve C");
}

#[test]
fn enter_in_a_table_cell_and_tab_to_the_next_cell() {
    let mut text = String::from("Before\nA1\nB1\nA2\nB2\nAfter");
    text.push_str("");
    let cell = |row, col| Block {
        cell: Some(redline::model::blocks::TableCell::at(
            redline::model::blocks::TableId(1),
            row,
            col,
        )),
        ..Block::default()
    };
    let blocks = vec![
        Block::default(),
        cell(0, 0),
        cell(0, 1),
        cell(1, 0),
        cell(1, 1),
        Block::default(),
    ];
    let content = Content::new(text.clone(), blocks, Vec::new()).expect("content");
    let project = Project::new(Document {
        title: "Table".into(),
        content,
        ..Document::default()
    });
    let (mut harness, _) = desk(project, Mode::Edit, [1200.0, 800.0]);
    harness.run();
    click_text(&mut harness, "A1", 2);
    harness.key_press(Key::Tab);
    harness.run();
    let at = text.find("B1").expect("cell");
    assert_eq!(
        harness.state().selection(),
        at..at + 2,
        "Tab selects the next cell"
    );
    type_keys(&mut harness, "Name", 4);
    assert_eq!(
        harness.state().project().text(),
        "Before\nA1\nName\nA2\nB2\nAfter"
    );
    // Backspace at a cell's start does not merge cells.
    harness.key_press_modifiers(Modifiers::CTRL, Key::Backspace);
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(
        harness.state().project().text(),
        "Before\nA1\n\nA2\nB2\nAfter"
    );
}

#[test]
fn an_input_method_commit_is_typed_and_its_preedit_is_not() {
    let mut harness = sample(Mode::Edit);
    click_text(&mut harness, "provides Hearthbook", "provides ".len());
    harness.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "¨".into(),
        active_range_chars: None,
    }));
    harness.run();
    assert!(
        !harness.state().project().text().contains('¨'),
        "composing is not typing"
    );
    harness.event(Event::Ime(egui::ImeEvent::Commit("ü".into())));
    harness.run();
    assert!(
        harness
            .state()
            .project()
            .text()
            .contains("provides üHearthbook")
    );
}

#[test]
fn pasting_keeps_paragraphs_and_formatting_and_says_when_there_is_nothing() {
    let (mut harness, clipboard) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    click_text(&mut harness, "provides Hearthbook", "provides ".len());
    // Plain text keeps its paragraphs.
    harness.event(Event::Paste("First line\nSecond line ".into()));
    harness.run();
    let text = harness.state().project().text().to_string();
    assert!(text.contains("provides First line\nSecond line Hearthbook"));
    // HTML on the clipboard brings bold and links with it.
    clipboard.offer(Offered {
        text: Some("very safe ".into()),
        html: Some("<b>very</b> <a href=\"https://example.com\">safe</a> ".into()),
    });
    harness.event(Event::Paste("very safe ".into()));
    harness.run();
    let content = harness.state().project().content().clone();
    let at = content.text.find("very safe").expect("pasted");
    assert!(content.marks.at(at).styles.contains(Styles::BOLD));
    assert_eq!(
        content
            .marks
            .at(at + 5)
            .link
            .map(|link| link.as_str().to_string()),
        Some("https://example.com".to_string())
    );
    // Copying offers the text and its HTML.
    let start = content.text.find("very safe").expect("pasted");
    harness
        .state_mut()
        .select_text(Span::new(start, start + "very safe".len()));
    harness.run();
    harness.event(Event::Copy);
    harness.run();
    let held = clipboard.held();
    assert_eq!(held.text.as_deref(), Some("very safe"));
    assert!(
        held.html
            .as_deref()
            .is_some_and(|html| html.contains("<b>very</b>")),
        "{held:?}"
    );
    // Nothing usable: the Edit menu's Paste says so.
    clipboard.offer(Offered::default());
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Paste").click();
    harness.run();
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.contains("the clipboard holds no text")),
        "{:?}",
        harness.state().notices()
    );
}

#[test]
fn ctrl_v_on_an_empty_clipboard_says_there_is_nothing_to_paste() {
    let (mut harness, mut clipboard) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    click_text(&mut harness, "provides Hearthbook", "provides ".len());
    let before = harness.state().project().content().clone();
    // The window's input as the app translates it: with no text on the
    // clipboard, Ctrl+V stays a key press.
    let mut events = vec![key_event(Key::V, Modifiers::COMMAND)];
    redline::app::editor::clipboard::translate_clipboard_keys(&mut events, &mut clipboard);
    for event in events {
        harness.event(event);
    }
    harness.run();
    assert_eq!(harness.state().project().content(), &before);
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.contains("the clipboard holds no text")),
        "{:?}",
        harness.state().notices()
    );
}

#[test]
fn the_document_is_an_editable_text_for_screen_readers() {
    let mut harness = sample(Mode::Edit);
    harness.run();
    let editor = harness.get_by_role(Role::MultilineTextInput);
    let value = editor.value().expect("value");
    assert!(value.starts_with("Kestrelmoor Software Privacy Policy\n"));
    assert!(!value.contains("# "), "no raw marks");
    harness
        .get_all_by_role(Role::Heading)
        .next()
        .expect("headings heard as headings");
    let link = harness
        .get_all_by_role(Role::Link)
        .next()
        .expect("links as links");
    assert!(link.accesskit_node().data().url().is_some());
    // Each paragraph's runs end with a line break, so paragraphs don't run together.
    let runs: Vec<String> = harness
        .get_all_by_role(Role::TextRun)
        .filter_map(|node| node.value())
        .collect();
    assert!(
        runs.iter()
            .any(|run| run == "Kestrelmoor Software Privacy Policy\n"),
        "{:?}",
        &runs[..3]
    );
}

#[test]
fn zoom_scales_the_document_not_the_menus() {
    let mut harness = sample(Mode::Edit);
    let menu_before = harness.get_by_label("File").rect();
    let title_height = |harness: &Harness<'static, RedlineApp>| {
        harness
            .get_by_role(Role::MultilineTextInput)
            .get_all_by_role(Role::TextRun)
            .find(|node| {
                node.value()
                    .is_some_and(|value| value.starts_with("Kestrelmoor Software Privacy Policy"))
            })
            .expect("title")
            .rect()
            .height()
    };
    let before = title_height(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    assert!(harness.state().zoom() > 1.0);
    let after = title_height(&harness);
    assert!(
        after > before * 1.05,
        "the text is bigger: {before} → {after}"
    );
    assert_eq!(
        harness.get_by_label("File").rect(),
        menu_before,
        "menus keep their size"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(harness.state().zoom(), 1.0);
}

#[test]
fn columns_are_edit_mode_only_and_rows_become_suggestions() {
    let text = "Before\nA1\nB1\nAfter".to_string();
    let cell = |col| Block {
        cell: Some(redline::model::blocks::TableCell::at(
            redline::model::blocks::TableId(1),
            0,
            col,
        )),
        ..Block::default()
    };
    let blocks = vec![Block::default(), cell(0), cell(1), Block::default()];
    let project = Project::new(Document {
        title: "Table".into(),
        content: Content::new(text.clone(), blocks, Vec::new()).expect("content"),
        ..Document::default()
    });
    let (mut harness, _) = desk(project, Mode::Suggest, [1200.0, 800.0]);
    harness.run();
    click_text(&mut harness, "A1", 1);
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label("Table rows and columns").click();
    harness.run();
    harness.get_by_label_contains("Columns change in Edit mode only");
    harness.get_by_label("Insert row below").click();
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.text(), text, "a suggested row leaves the text");
    let mine = mine(project);
    assert_eq!(mine.len(), 1);
    assert!(matches!(&mine[0].kind, SuggestionKind::Insertion { text } if text == "\n\n"));
    assert!(
        mine[0]
            .formatting
            .as_ref()
            .is_some_and(|fragment| fragment.blocks.iter().all(|block| block.cell.is_some()))
    );
    // Its card says what it is, not a row of paragraph marks.
    harness.run();
    harness.get_by_label("Insert a table row (2 cells)");
}

#[test]
fn a_list_made_from_the_toolbar_gets_computed_numbers() {
    let content = Content::from_marked_text("Steps\nOpen the app\nTap Settings\nChoose Delete");
    let project = Project::new(Document {
        title: "Steps".into(),
        content,
        ..Document::default()
    });
    let (mut harness, _) = desk(project, Mode::Edit, [1200.0, 800.0]);
    harness.run();
    let text = harness.state().project().text().to_string();
    let start = text.find("Open").expect("open");
    harness
        .state_mut()
        .select_text(Span::new(start, text.len()));
    harness.run();
    harness.get_by_label("Numbered list").click();
    harness.run();
    let blocks = harness.state().project().content().blocks.clone();
    let labels = redline::model::blocks::list_labels(&blocks);
    assert_eq!(
        labels,
        vec![
            None,
            Some("1.".into()),
            Some("2.".into()),
            Some("3.".into())
        ]
    );
    let item: &ListItem = blocks[1].list.as_ref().expect("item");
    assert_eq!(item.list, ListId(1));
}

fn key_event(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

#[test]
fn keys_that_arrive_in_one_frame_apply_in_the_order_typed() {
    let mut harness = sample(Mode::Edit);
    click_text(&mut harness, "Kestrelmoor Software Privacy Policy", 3);
    // End, Ctrl+Shift+Left (select "Policy"), Ctrl+B, then "!" typed and
    // Ctrl+Z: all in one frame, as fast typing delivers them.
    for event in [
        key_event(Key::End, Modifiers::NONE),
        key_event(
            Key::ArrowLeft,
            Modifiers::CTRL | Modifiers::COMMAND | Modifiers::SHIFT,
        ),
        key_event(Key::B, Modifiers::CTRL | Modifiers::COMMAND),
        key_event(Key::End, Modifiers::NONE),
        Event::Text("!".into()),
        key_event(Key::Z, Modifiers::CTRL | Modifiers::COMMAND),
    ] {
        harness.event(event);
    }
    harness.step();
    harness.run();
    let content = harness.state().project().content();
    let policy = content.text.find("Policy\n").expect("title");
    assert!(
        content.marks.at(policy).styles.contains(Styles::BOLD),
        "Ctrl+B applied after the selection"
    );
    assert!(
        !content.marks.at(policy - 2).styles.contains(Styles::BOLD),
        "only the selected word"
    );
    assert!(
        content
            .text
            .starts_with("Kestrelmoor Software Privacy Policy\n"),
        "the typed ! was undone after it was typed"
    );
}

#[test]
fn columns_are_added_and_removed_in_edit_mode_in_one_undo_step() {
    let text = "Before\nA1\nB1\nA2\nB2\nAfter".to_string();
    let cell = |row, col| Block {
        cell: Some(redline::model::blocks::TableCell::at(
            redline::model::blocks::TableId(1),
            row,
            col,
        )),
        ..Block::default()
    };
    let blocks = vec![
        Block::default(),
        cell(0, 0),
        cell(0, 1),
        cell(1, 0),
        cell(1, 1),
        Block::default(),
    ];
    let before = Content::new(text.clone(), blocks, Vec::new()).expect("content");
    let project = Project::new(Document {
        title: "Table".into(),
        content: before.clone(),
        ..Document::default()
    });
    let (mut harness, _) = desk(project, Mode::Edit, [1200.0, 800.0]);
    harness.run();
    click_text(&mut harness, "A1", 1);
    let menu = |harness: &mut Harness<'static, RedlineApp>, entry: &str| {
        harness.get_by_label("Format").click();
        harness.run();
        harness.get_by_label("Table rows and columns").click();
        harness.run();
        harness.get_by_label(entry).click();
        harness.run();
    };
    menu(&mut harness, "Insert column right");
    let content = harness.state().project().content().clone();
    assert_eq!(
        content.text, "Before\nA1\n\nB1\nA2\n\nB2\nAfter",
        "a new cell in each row"
    );
    let grid = redline::app::editor::tables::Grid::around(&content, 1).expect("grid");
    assert_eq!((grid.rows, grid.columns), (2, 3));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(*harness.state().project().content(), before, "one undo");
    click_text(&mut harness, "B1", 1);
    menu(&mut harness, "Delete column");
    let content = harness.state().project().content().clone();
    assert_eq!(content.text, "Before\nA1\nA2\nAfter");
    let grid = redline::app::editor::tables::Grid::around(&content, 1).expect("grid");
    assert_eq!((grid.rows, grid.columns), (2, 1));
}

#[test]
fn a_footnote_in_suggest_mode_is_one_card_and_goes_in_when_accepted() {
    let text = "We share data with partners.\nContact us.".to_string();
    let project = Project::new(Document {
        title: "Notes".into(),
        content: Content::plain(text.clone()),
        ..Document::default()
    });
    let (mut harness, _) = desk(project, Mode::Suggest, [1200.0, 800.0]);
    harness.run();
    click_text(&mut harness, "with partners", "with partners".len());
    harness.key_press_modifiers(
        Modifiers::CTRL | Modifiers::COMMAND | Modifiers::ALT,
        Key::F,
    );
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.text(), text, "the text is unchanged until accepted");
    assert_eq!(mine(project).len(), 2, "its reference and its paragraph");
    let reference = mine(project)
        .into_iter()
        .find(|s| {
            s.note
                .is_some_and(|note| note.part == redline::model::NotePart::Reference)
        })
        .expect("the reference half")
        .id;
    // Typing on writes the note's words into the same suggestion.
    type_keys(&mut harness, "As defined below.", 6);
    let project = harness.state().project();
    assert_eq!(project.text(), text);
    assert_eq!(mine(project).len(), 2, "the words join the note paragraph");
    // One card, in words a lawyer reads.
    harness.run();
    let cards = harness
        .query_all_by_label_contains("Suggestion card")
        .count();
    assert_eq!(cards, 1, "one card for the footnote");
    harness.get_by_label_contains("1 pending suggestions");
    harness.get_by_label(&format!("Suggestion card {reference}"));
    harness.get_by_label("Insert footnote 1: “As defined below.”");
    harness.get_by_label(&format!("Accept {reference}")).click();
    harness.run();
    let content = harness.state().project().content();
    let at = "We share data with partners".len();
    assert_eq!(
        content.text,
        "We share data with partners\u{FFFC}.\nContact us.\nAs defined below."
    );
    let note = content
        .marks
        .at(at)
        .note
        .expect("the reference's note mark");
    let last = content.blocks.last().expect("blocks");
    assert_eq!(last.note.map(|note_ref| note_ref.id), Some(note));
    assert_eq!(
        content.blocks[1],
        Block::default(),
        "the paragraph before keeps its block"
    );
}

/// The text position of the `offset`-th char of `phrase` in the runs the
/// document reports to screen readers.
fn accessible_position(
    harness: &Harness<'static, RedlineApp>,
    phrase: &str,
    offset: usize,
) -> egui::accesskit::TextPosition {
    let document = harness.get_by_role(Role::MultilineTextInput);
    for node in document.get_all_by_role(Role::TextRun) {
        let Some(value) = node.value() else { continue };
        if let Some(byte) = value.find(phrase) {
            return egui::accesskit::TextPosition {
                node: node.accesskit_node().locate().0,
                character_index: value[..byte].chars().count() + offset,
            };
        }
    }
    panic!("{phrase:?} is not on screen");
}

#[test]
fn a_screen_reader_selects_words_and_dictates_over_them() {
    use egui::accesskit::{Action, ActionData, ActionRequest, TextSelection};
    let mut harness = sample(Mode::Suggest);
    click_text(&mut harness, "provides Hearthbook", 0);
    let selection = TextSelection {
        anchor: accessible_position(&harness, "household budgeting", 0),
        focus: accessible_position(&harness, "household budgeting", "household".len()),
    };
    let (target_node, target_tree) = harness
        .get_by_role(Role::MultilineTextInput)
        .accesskit_node()
        .locate();
    harness.event(Event::AccessKitActionRequest(ActionRequest {
        action: Action::SetTextSelection,
        target_tree,
        target_node,
        data: Some(ActionData::SetTextSelection(selection)),
    }));
    harness.run();
    let text = harness.state().project().text().to_string();
    let start = text.find("household budgeting").expect("phrase");
    assert_eq!(
        harness.state().selection(),
        start..start + "household".len()
    );
    // Dictation replaces the selection: one replacement suggestion.
    harness.event(Event::AccessKitActionRequest(ActionRequest {
        action: Action::ReplaceSelectedText,
        target_tree,
        target_node,
        data: Some(ActionData::Value("family".into())),
    }));
    harness.run();
    let mine = self::mine(harness.state().project());
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].kind,
        SuggestionKind::Replacement {
            text: "family".into()
        }
    );
    assert_eq!(mine[0].original, "household");
}
