//! Word's habits: Enter and Escape in dialogs, links opened with Ctrl+click
//! (and nothing else opened), footnotes, printing, the Help menu and
//! right-click menus.

use super::editor::{click_text, desk, point_of, type_keys};
use egui::{Event, Key, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redline::app::{Mode, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::formats::sample::sample_project;
use redline::model::Person;

#[test]
fn who_are_you_takes_enter_and_escape() {
    let make = || {
        let setup = Setup {
            project: Some(sample_project().expect("sample")),
            user: None,
            dialog: Box::new(ScriptedDialog::new()),
            recovery_dir: None,
            preferences: Some(Preferences::default()),
            ..Setup::default()
        };
        Harness::builder()
            .with_size([1400.0, 900.0])
            .with_max_steps(40)
            .build_eframe(move |cc| RedlineApp::new(cc, setup))
    };
    // Typed straight away (the name field has the keyboard), then Enter.
    let mut harness = make();
    harness.run();
    assert_eq!(harness.state().modal_title(), Some("Who are you?"));
    type_keys(&mut harness, "Ada Lovelace", 4);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(
        harness.state().preferences().user,
        Some(Person::new("Ada Lovelace", "AL"))
    );
    // Escape cancels it.
    let mut harness = make();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(harness.state().preferences().user, None);
}

#[test]
fn ctrl_click_opens_a_web_link_and_a_plain_click_does_not() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    let pos = point_of(&harness, "hearthbook.example", 4);
    let click = |harness: &mut Harness<'static, RedlineApp>, modifiers: Modifiers| {
        harness.event(Event::PointerMoved(pos));
        harness.event(Event::ModifiersChanged(modifiers));
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers,
            });
        }
        harness.step();
        let opened: Vec<String> = harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|command| match command {
                egui::OutputCommand::OpenUrl(url) => Some(url.url.clone()),
                _ => None,
            })
            .collect();
        harness.event(Event::ModifiersChanged(Modifiers::NONE));
        harness.run();
        opened
    };
    assert!(
        click(&mut harness, Modifiers::NONE).is_empty(),
        "a plain click only places the caret"
    );
    // Not a double-click: a moment later.
    harness.run_steps(15);
    // The command is queued this frame and carried out at its end: look at
    // the next frame's output too.
    let mut opened = click(&mut harness, Modifiers::CTRL | Modifiers::COMMAND);
    harness.step();
    opened.extend(
        harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|command| match command {
                egui::OutputCommand::OpenUrl(url) => Some(url.url.clone()),
                _ => None,
            }),
    );
    assert_eq!(opened, vec!["https://hearthbook.example".to_string()]);
}

#[test]
fn a_footnote_goes_at_the_caret_with_its_note_at_the_end() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    click_text(&mut harness, "meal-planning service", "meal-planning".len());
    harness.key_press_modifiers(
        Modifiers::CTRL | Modifiers::COMMAND | Modifiers::ALT,
        Key::F,
    );
    harness.run();
    type_keys(&mut harness, "Available in English only.", 6);
    let project = harness.state().project();
    let content = project.content();
    let reference = content
        .text
        .find("meal-planning\u{FFFC} service")
        .expect("reference at the caret");
    let note = content
        .marks
        .at(reference + "meal-planning".len())
        .note
        .expect("note mark");
    let last = content.blocks.last().expect("blocks");
    assert_eq!(last.note.map(|note_ref| note_ref.id), Some(note));
    assert!(
        content.text.ends_with("\nAvailable in English only."),
        "the note is typed at the end"
    );
}

#[test]
fn print_writes_a_pdf_clean_or_with_markup_and_says_where() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    let clean = harness.state().last_print().expect("printed").to_path_buf();
    let bytes = std::fs::read(&clean).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.contains(&clean.display().to_string())),
        "no viewer here: the window says where it is"
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Print with markup…").click();
    harness.run();
    let marked = harness.state().last_print().expect("printed").to_path_buf();
    assert_ne!(marked, clean);
    assert!(
        std::fs::read(&marked)
            .expect("pdf")
            .starts_with(b"%PDF-1.7")
    );
    let _ = std::fs::remove_file(clean);
    let _ = std::fs::remove_file(marked);
}

#[test]
fn the_help_menu_lists_the_shortcuts_and_escape_closes_it() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    assert_eq!(harness.state().modal_title(), Some("Keyboard shortcuts"));
    harness.get_by_label("Insert or edit a link");
    harness.get_by_label("Bulleted list on or off");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
}

#[test]
fn right_click_on_a_change_offers_to_accept_it() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    let text_before = harness.state().project().text().to_string();
    // S1 deletes "If you do not agree with it, …".
    let pos = point_of(&harness, "not agree", 3);
    harness.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    harness.get_by_label("Accept change S1").click();
    harness.run();
    let text = harness.state().project().text().to_string();
    assert!(
        !text.contains("If you do not agree"),
        "accepted from the menu"
    );
    assert_ne!(text, text_before);
}

#[test]
fn a_banner_goes_once_its_matter_is_resolved() {
    let (mut harness, _) = desk(
        sample_project().expect("sample"),
        Mode::Edit,
        [1400.0, 900.0],
    );
    harness.run();
    click_text(&mut harness, "provides Hearthbook", 2);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    harness.run();
    let asked = |harness: &Harness<'static, RedlineApp>| {
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.contains("select some text in the document first"))
    };
    assert!(asked(&harness), "{:?}", harness.state().notices());
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert!(!asked(&harness), "selecting text resolves it");
}
