//! Deleting table rows in Edit mode through the editor's command layer:
//! the row's words go, the rest of the table is renumbered, a table at the
//! very end leaves its last remaining paragraph its own block, and one
//! undo restores everything.

use super::support::actor;
use redline::app::Mode;
use redline::app::editor::actions::{EditContext, EditRequest, Plan, TableEdit, plan};
use redline::app::editor::caret::Selection;
use redline::model::blocks::{Block, TableCell, TableId};
use redline::model::content::Content;
use redline::model::{Document, Project};

/// "Intro", then a two-by-two table that ends the document.
fn policy() -> Project {
    let table = TableId(1);
    let cell = |row, col| Block {
        cell: Some(TableCell::at(table, row, col)),
        ..Block::default()
    };
    let blocks = vec![
        Block::default(),
        cell(0, 0),
        cell(0, 1),
        cell(1, 0),
        cell(1, 1),
    ];
    Project::new(Document {
        title: "Policy".into(),
        content: Content::new(
            "Intro\nData\nKept\nLogs\n30 days".to_string(),
            blocks,
            Vec::new(),
        )
        .expect("content"),
        ..Document::default()
    })
}

/// Deletes the row of the paragraph holding `words`, in Edit mode.
fn delete_row_at(project: &mut Project, words: &str) {
    let caret = project.text().find(words).expect("words");
    let user = actor("Casey Counsel");
    let planned = plan(
        &EditRequest::Table(TableEdit::DeleteRow),
        &EditContext {
            project,
            selection: Selection::caret(caret),
            mode: Mode::Edit,
            user: &user.user,
            typing_styles: None,
        },
    );
    let Plan::Apply(planned) = planned else {
        panic!("a row deletion is planned, not {planned:?}");
    };
    project.apply(planned.command, &user).expect("applied");
}

#[test]
fn deleting_the_last_row_keeps_the_row_above_as_it_was() {
    let mut project = policy();
    let before = project.content().clone();
    delete_row_at(&mut project, "30 days");
    let content = project.content();
    assert_eq!(content.text, "Intro\nData\nKept");
    assert_eq!(
        content.blocks.last().and_then(|block| block.cell),
        Some(TableCell::at(TableId(1), 0, 1)),
        "the new last paragraph keeps its own cell"
    );
    project.undo(&actor("Casey Counsel")).expect("undo");
    assert_eq!(*project.content(), before, "one undo restores the row");
}

#[test]
fn deleting_the_only_row_removes_the_table() {
    let mut project = policy();
    delete_row_at(&mut project, "30 days");
    delete_row_at(&mut project, "Data");
    let content = project.content();
    assert_eq!(content.text, "Intro");
    assert_eq!(content.blocks, vec![Block::default()]);
}

#[test]
fn deleting_a_first_row_renumbers_the_rows_below() {
    let mut project = policy();
    delete_row_at(&mut project, "Data");
    let content = project.content();
    assert_eq!(content.text, "Intro\nLogs\n30 days");
    let rows: Vec<_> = content.blocks[1..]
        .iter()
        .map(|block| block.cell.map(|cell| (cell.row, cell.col)))
        .collect();
    assert_eq!(rows, vec![Some((0, 0)), Some((0, 1))]);
}
