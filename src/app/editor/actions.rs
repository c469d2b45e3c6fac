//! The editor's command layer: what the user asked for ([`EditRequest`]),
//! at the selection, becomes exactly one model [`Command`] (or nothing, or a
//! message saying why not), with where the caret goes afterwards.
//!
//! Pure: no egui, no clock. [`plan`] reads the project and the selection;
//! the app applies the command and, when it succeeds, takes the selection
//! the plan gives. Nothing here compares texts to find out what changed:
//! the command is built from the request itself, so what is recorded is
//! exactly what was typed.
//!
//! | request           | Edit mode                     | Suggest mode                        |
//! |-------------------|-------------------------------|-------------------------------------|
//! | type over a selection | `Edit` (one step)         | `Suggest`: one replacement          |
//! | type on           | `Edit` at the caret           | `Suggest` at the caret (joins yours)|
//! | Backspace         | `Edit` deleting one char/word | `Suggest` deletion (joins yours), or `ReviseSuggestion` in your own suggested text |
//! | paste formatted   | `Compose`                     | `SuggestFragment`                   |
//! | Ctrl+B …          | `Format`                      | `Format { suggest: true }`          |
//! | rows              | `Compose`                     | `SuggestFragment` / `Suggest` deletion |
//! | footnote          | `Compose`                     | `SuggestFootnote`: reference and note paragraph, one card |
//! | columns           | `Compose`                     | refused: Edit mode only             |

use super::caret::{
    Selection, next_char, next_word_start, previous_char, previous_word_start, word_around,
};
use super::tables::{Grid, GridCell};
use crate::app::state::Mode;
use crate::model::blocks::{
    Block, BlockPatch, BlockStyle, ListId, ListItem, NOTE_REFERENCE, NoteId, NoteKind, NoteRef,
    SOFT_BREAK, TableCell, TableId,
};
use crate::model::changeset::{Edit, FormatEdit};
use crate::model::content::{Content, Fragment};
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkPatch, MarkRun, Marks, Styles};
use crate::model::{ByteOffset, Command, Person, Project, SuggestionKind};
use std::ops::Range;

/// What the user asked the document for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRequest {
    /// Text typed (or committed by an input method); no line breaks.
    Type(String),
    /// Backspace, with Ctrl a word.
    Backspace {
        /// Delete back to the start of the word.
        word: bool,
    },
    /// Delete, with Ctrl a word.
    Delete {
        /// Delete on to the start of the next word.
        word: bool,
    },
    /// Enter: a new paragraph.
    Enter,
    /// Shift+Enter: a line break inside the paragraph.
    SoftBreak,
    /// Tab: a list item's level rises; elsewhere a tab character.
    Indent,
    /// Shift+Tab: a list item's level falls.
    Outdent,
    /// Delete what is selected (Cut, after copying).
    DeleteSelection,
    /// Paste.
    Paste(Pasted),
    /// A formatting command.
    Format(Formatting),
    /// Set the link of the selection (or the link the caret is in), or
    /// remove it with `None`; with nothing selected and no link there,
    /// insert `text` as a link.
    Link {
        /// The target, or `None` to remove the link.
        target: Option<LinkTarget>,
        /// The text to show when inserting a new link.
        text: String,
    },
    /// Insert a table after the caret's paragraph.
    InsertTable {
        /// Rows (at least 1).
        rows: usize,
        /// Columns (at least 1).
        columns: usize,
    },
    /// Add or remove a row or column of the table the caret is in.
    Table(TableEdit),
    /// Insert a footnote reference at the caret and its note at the end.
    InsertFootnote,
}

/// What is pasted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pasted {
    /// Plain text: its lines become paragraphs formatted like the one they
    /// go into.
    Plain(String),
    /// Text with its formatting (from HTML, or copied in Redline).
    Formatted(Fragment),
}

/// A formatting command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formatting {
    /// Bold, italic, underline, … on or off (off when all of it has it).
    Toggle(Styles),
    /// A paragraph style.
    Style(BlockStyle),
    /// Bulleted (or numbered) list on or off.
    ToggleList {
        /// Numbered rather than bulleted.
        numbered: bool,
    },
    /// Remove character formatting (links included) and make the
    /// paragraphs Normal.
    Clear,
}

/// A change of a table's rows or columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableEdit {
    /// A row above the caret's.
    RowAbove,
    /// A row below the caret's.
    RowBelow,
    /// Remove the caret's row.
    DeleteRow,
    /// A column left of the caret's.
    ColumnLeft,
    /// A column right of the caret's.
    ColumnRight,
    /// Remove the caret's column.
    DeleteColumn,
}

impl TableEdit {
    /// True for the column edits, which are Edit-mode only.
    pub fn is_column(self) -> bool {
        matches!(
            self,
            TableEdit::ColumnLeft | TableEdit::ColumnRight | TableEdit::DeleteColumn
        )
    }
}

/// What a request is, for grouping undo steps as Word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Typing that ends at this byte (the caret after it).
    Typing {
        /// The text typed starts a new word (a letter after a space).
        starts_word: bool,
    },
    /// Deleting with Backspace or Delete.
    Deleting,
    /// Anything else: a step of its own.
    Other,
}

/// A command and what follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The one model command.
    pub command: Command,
    /// The selection once it is applied.
    pub selection: Selection,
    /// What kind of input it was.
    pub kind: InputKind,
}

/// The outcome of planning a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Apply this command.
    Apply(Box<Planned>),
    /// Only move the selection (nothing to change).
    Move(Selection),
    /// Nothing to do (Backspace at the very start).
    Nothing,
    /// Nothing changes yet: the next text typed at the caret takes these
    /// styles (Ctrl+B with the caret outside a word, as in Word).
    TypingStyles(Styles),
    /// Refused, with the message to show.
    Refused(String),
}

/// What [`plan`] needs to know.
#[derive(Debug, Clone, Copy)]
pub struct EditContext<'a> {
    /// The project.
    pub project: &'a Project,
    /// The selection.
    pub selection: Selection,
    /// The mode.
    pub mode: Mode,
    /// Who is editing (whose suggestions typing goes on with).
    pub user: &'a Person,
    /// The styles set for the next text typed at the caret, when a
    /// formatting command found nothing to format there.
    pub typing_styles: Option<Styles>,
}

/// The message when a change is asked for in View mode.
pub const READ_ONLY: &str =
    "the document is read-only in View mode: switch to Edit or Suggest mode to change it";
/// The message for column changes in Suggest mode.
pub const COLUMNS_EDIT_ONLY: &str =
    "columns can be added or removed in Edit mode only: Suggest mode tracks rows, not columns";

/// Turns `request` at the selection into one command.
pub fn plan(request: &EditRequest, context: &EditContext<'_>) -> Plan {
    if context.mode == Mode::View {
        return Plan::Refused(READ_ONLY.to_string());
    }
    let planner = Planner { context };
    match request {
        EditRequest::Type(text) if text.is_empty() => Plan::Nothing,
        EditRequest::Type(text) => planner.type_text(text),
        EditRequest::SoftBreak => planner.type_text(&SOFT_BREAK.to_string()),
        EditRequest::Enter => planner.enter(),
        EditRequest::Backspace { word } => planner.delete(false, *word),
        EditRequest::Delete { word } => planner.delete(true, *word),
        EditRequest::DeleteSelection => planner.delete_selection(),
        EditRequest::Indent => planner.indent(true),
        EditRequest::Outdent => planner.indent(false),
        EditRequest::Paste(pasted) => planner.paste(pasted),
        EditRequest::Format(formatting) => planner.format(formatting),
        EditRequest::Link { target, text } => planner.link(target.clone(), text),
        EditRequest::InsertTable { rows, columns } => planner.insert_table(*rows, *columns),
        EditRequest::Table(edit) => planner.table(*edit),
        EditRequest::InsertFootnote => planner.footnote(),
    }
}

/// What a style toggle does to text that has it (`has_it`) or not: clears
/// it, or sets it (superscript and subscript exclude each other).
fn toggle_patch(style: Styles, has_it: bool) -> MarkPatch {
    if has_it {
        return MarkPatch::clear(style);
    }
    let mut patch = MarkPatch::set(style);
    if style == Styles::SUPERSCRIPT {
        patch.clear = Styles::SUBSCRIPT;
    } else if style == Styles::SUBSCRIPT {
        patch.clear = Styles::SUPERSCRIPT;
    }
    patch
}

/// The bytes that delete the paragraphs spanning `paragraphs` whole: with
/// the line break after them, or (when they end the document) the one
/// before them.
fn whole_paragraphs(paragraphs: Range<usize>, end_document: bool) -> Range<usize> {
    if end_document {
        paragraphs.start.saturating_sub(1)..paragraphs.end
    } else {
        paragraphs.start..paragraphs.end + 1
    }
}

struct Planner<'a, 'b> {
    context: &'b EditContext<'a>,
}

fn range(bytes: Range<usize>) -> Range<ByteOffset> {
    ByteOffset(bytes.start)..ByteOffset(bytes.end)
}

impl Planner<'_, '_> {
    fn content(&self) -> &Content {
        self.context.project.content()
    }

    fn text(&self) -> &str {
        self.context.project.text()
    }

    fn suggesting(&self) -> bool {
        self.context.mode == Mode::Suggest
    }

    fn selection(&self) -> Selection {
        self.context.selection
    }

    /// Replace the selection by `text` (formatted as where it goes).
    fn replace(&self, text: &str, kind: InputKind) -> Plan {
        let selected = self.selection().sorted();
        if self.suggesting() && self.text()[selected.clone()] == *text && !text.is_empty() {
            // Typing over a selection exactly what it holds (Enter over a
            // paragraph mark) suggests nothing: the caret moves past it.
            return Plan::Move(Selection::caret(selected.end));
        }
        if self.suggesting() {
            Plan::Apply(Box::new(Planned {
                command: Command::Suggest {
                    range: range(selected.clone()),
                    text: text.to_string(),
                },
                selection: Selection::after_suggestion(selected.end),
                kind,
            }))
        } else {
            Plan::Apply(Box::new(Planned {
                command: Command::Edit {
                    range: range(selected.clone()),
                    text: text.to_string(),
                },
                selection: Selection::caret(selected.start + text.len()),
                kind,
            }))
        }
    }

    fn type_text(&self, text: &str) -> Plan {
        let selected = self.selection().sorted();
        let before = self.text()[..selected.start].chars().next_back();
        let starts_word = text.chars().next().is_some_and(super::caret::is_word_char)
            && before.is_none_or(|c| !super::caret::is_word_char(c));
        let kind = InputKind::Typing {
            starts_word: starts_word || !self.selection().is_empty(),
        };
        if let Some(styles) = self.context.typing_styles
            && selected.is_empty()
            && styles != self.content().marks_for_typing(selected.clone()).styles
        {
            // Ctrl+B (…) before typing: the words come in those styles.
            let fragment = Fragment::marked(text, Marks::styled(styles), &Block::default());
            let mut plan = self.insert_fragment(selected.start, fragment, "typing");
            if let Plan::Apply(planned) = &mut plan {
                planned.kind = kind;
            }
            return plan;
        }
        self.replace(text, kind)
    }

    fn enter(&self) -> Plan {
        let content = self.content();
        let selected = self.selection().sorted();
        let paragraph = content.paragraph_index_at(selected.start);
        let block = &content.blocks[paragraph];
        let paragraph_range = content.paragraph_range(paragraph);
        if !self.suggesting() && self.selection().is_empty() {
            // Enter in an empty list item ends the list, as in Word.
            if block.list.is_some() && paragraph_range.is_empty() {
                return self.format_command(
                    selected.clone(),
                    MarkPatch::default(),
                    BlockPatch::list(None),
                );
            }
            // Enter at the end of a heading starts a Normal paragraph.
            if block.style.heading_level().is_some() && selected.start == paragraph_range.end {
                let at = selected.start;
                return Plan::Apply(Box::new(Planned {
                    command: Command::Compose {
                        edits: vec![Edit::new(at..at, "\n")],
                        formats: vec![FormatEdit {
                            range: range(at..at),
                            marks: MarkPatch::default(),
                            block: BlockPatch::style(BlockStyle::Normal),
                        }],
                        label: "new paragraph".to_string(),
                    },
                    selection: Selection::caret(at + 1),
                    kind: InputKind::Other,
                }));
            }
        }
        self.replace("\n", InputKind::Other)
    }

    /// The pending suggestion of the user's whose new text shows at
    /// `byte_in_doc` (an insertion there, or a replacement ending there).
    fn own_suggested_text_at(
        &self,
        byte_in_doc: usize,
    ) -> Option<(crate::model::SuggestionId, &str)> {
        self.context
            .project
            .suggestions()
            .iter()
            .find_map(|suggestion| {
                let mine = suggestion.author == *self.context.user
                    && suggestion.status.is_pending()
                    && !suggestion.orphaned
                    && suggestion.conflict.is_none();
                if !mine {
                    return None;
                }
                match &suggestion.kind {
                    SuggestionKind::Insertion { text }
                        if suggestion.span.start.0 == byte_in_doc && suggestion.span.is_empty() =>
                    {
                        Some((suggestion.id, text.as_str()))
                    }
                    SuggestionKind::Replacement { text }
                        if suggestion.span.end.0 == byte_in_doc =>
                    {
                        Some((suggestion.id, text.as_str()))
                    }
                    _ => None,
                }
            })
    }

    /// The user's own pending deletion covering `byte_in_doc`'s character
    /// on the given side, so Backspace and Delete step over struck text.
    fn own_deletion_touching(&self, byte_in_doc: usize, forward: bool) -> Option<Range<usize>> {
        self.context
            .project
            .suggestions()
            .iter()
            .find_map(|suggestion| {
                let mine = suggestion.author == *self.context.user
                    && suggestion.status.is_pending()
                    && suggestion.kind == SuggestionKind::Deletion;
                let span = suggestion.span.range();
                let inside = if forward {
                    span.start <= byte_in_doc && byte_in_doc < span.end
                } else {
                    span.start < byte_in_doc && byte_in_doc <= span.end
                };
                (mine && inside).then_some(span)
            })
    }

    fn delete(&self, forward: bool, word: bool) -> Plan {
        let selection = self.selection();
        if !selection.is_empty() {
            return self.delete_selection();
        }
        let text = self.text();
        let content = self.content();
        let caret = selection.focus_byte;
        if self.suggesting()
            && !forward
            && selection.after_suggested
            && let Some((id, suggested)) = self.own_suggested_text_at(caret)
        {
            let kept_len = if word {
                previous_word_start(suggested, suggested.len())
            } else {
                previous_char(suggested, suggested.len())
            };
            let kept = suggested[..kept_len].to_string();
            let selection = if kept.is_empty() {
                Selection::caret(caret)
            } else {
                Selection::after_suggestion(caret)
            };
            return Plan::Apply(Box::new(Planned {
                command: Command::ReviseSuggestion { id, text: kept },
                selection,
                kind: InputKind::Deleting,
            }));
        }
        // Step over text one already suggested deleting.
        let mut at = caret;
        if self.suggesting()
            && let Some(struck) = self.own_deletion_touching(at, forward)
        {
            at = if forward { struck.end } else { struck.start };
        }
        let target = match (forward, word) {
            (false, false) => previous_char(text, at),
            (false, true) => previous_word_start(text, at),
            (true, false) => next_char(text, at),
            (true, true) => next_word_start(text, at),
        };
        if target == at {
            return Plan::Nothing;
        }
        let deleted = at.min(target)..at.max(target);
        let paragraph = content.paragraph_index_at(at);
        let paragraph_range = content.paragraph_range(paragraph);
        // Backspace at the start of a list item takes the bullet off first.
        if !forward && at == paragraph_range.start && content.blocks[paragraph].list.is_some() {
            return self.format_command(at..at, MarkPatch::default(), BlockPatch::list(None));
        }
        // A paragraph break between table cells (or into or out of a table)
        // is not deleted: cells are not merged by typing, as in Word.
        if text[deleted.clone()].contains('\n') {
            let first = content.paragraph_index_at(deleted.start);
            let last = content.paragraph_index_at(deleted.end);
            let cells: Vec<Option<TableCell>> = (first..=last)
                .map(|index| content.blocks[index].cell)
                .collect();
            if cells.windows(2).any(|pair| pair[0] != pair[1]) {
                return Plan::Move(Selection::caret(target));
            }
        }
        let selection_after = if forward && self.suggesting() {
            Selection::caret(deleted.end)
        } else {
            Selection::caret(deleted.start)
        };
        let command = if self.suggesting() {
            Command::Suggest {
                range: range(deleted),
                text: String::new(),
            }
        } else {
            Command::Edit {
                range: range(deleted),
                text: String::new(),
            }
        };
        Plan::Apply(Box::new(Planned {
            command,
            selection: selection_after,
            kind: InputKind::Deleting,
        }))
    }

    fn delete_selection(&self) -> Plan {
        let selected = self.selection().sorted();
        if selected.is_empty() {
            return Plan::Nothing;
        }
        let mut plan = self.replace("", InputKind::Other);
        if let Plan::Apply(planned) = &mut plan {
            planned.selection = Selection::caret(selected.start);
            if !self.suggesting() {
                planned.command = self.deletion_with_notes(selected);
            }
        }
        plan
    }

    /// Deleting `deleted` in Edit mode: the notes whose references go with
    /// it go too, in the same step.
    fn deletion_with_notes(&self, deleted: Range<usize>) -> Command {
        let content = self.content();
        let notes: Vec<NoteId> = content
            .marks
            .in_range(deleted.clone())
            .filter_map(|span| span.marks.note)
            .collect();
        if notes.is_empty() {
            return Command::Edit {
                range: range(deleted),
                text: String::new(),
            };
        }
        let mut edits = vec![Edit::new(deleted.clone(), "")];
        for (paragraph_range, block) in content.paragraphs() {
            if block.note.is_some_and(|note| notes.contains(&note.id))
                && paragraph_range.start > deleted.end
            {
                // The note paragraph with the line break before it.
                let start = paragraph_range.start - 1;
                if let Some(last) = edits.last_mut()
                    && last.range.end.0 == start
                    && last.range.start.0 > deleted.end
                {
                    last.range.end = ByteOffset(paragraph_range.end);
                } else {
                    edits.push(Edit::new(start..paragraph_range.end, ""));
                }
            }
        }
        Command::Compose {
            edits,
            formats: Vec::new(),
            label: "delete".to_string(),
        }
    }

    fn format_command(&self, bytes: Range<usize>, marks: MarkPatch, block: BlockPatch) -> Plan {
        Plan::Apply(Box::new(Planned {
            command: Command::Format {
                range: range(bytes),
                marks,
                block,
                suggest: self.suggesting(),
            },
            selection: self.selection(),
            kind: InputKind::Other,
        }))
    }

    /// The paragraphs the selection touches.
    fn paragraphs(&self) -> Range<usize> {
        let selected = self.selection().sorted();
        let content = self.content();
        content.paragraph_index_at(selected.start)..content.paragraph_index_at(selected.end) + 1
    }

    fn indent(&self, deeper: bool) -> Plan {
        let content = self.content();
        let focus_paragraph = content.paragraph_index_at(self.selection().focus_byte);
        let Some(item) = content.blocks[focus_paragraph].list.clone() else {
            if deeper {
                return self.replace("\t", InputKind::Typing { starts_word: true });
            }
            return Plan::Nothing;
        };
        let level = if deeper {
            (item.level + 1).min(crate::model::blocks::MAX_LIST_LEVEL)
        } else if item.level == 0 {
            return Plan::Nothing;
        } else {
            item.level - 1
        };
        let mut changed = if item.is_ordered() {
            ListItem::numbered(item.list, level)
        } else {
            ListItem::bulleted(item.list, level)
        };
        changed.start = item.start;
        self.format_command(
            self.selection().sorted(),
            MarkPatch::default(),
            BlockPatch::list(Some(changed)),
        )
    }

    fn paste(&self, pasted: &Pasted) -> Plan {
        let selected = self.selection().sorted();
        match pasted {
            Pasted::Plain(text) => {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                if text.is_empty() {
                    return Plan::Nothing;
                }
                self.replace(&text, InputKind::Other)
            }
            Pasted::Formatted(fragment) => {
                if fragment.text.is_empty() || !fragment.is_consistent() {
                    return Plan::Nothing;
                }
                let (command, selection) = if self.suggesting() {
                    (
                        Command::SuggestFragment {
                            range: range(selected.clone()),
                            fragment: fragment.clone(),
                        },
                        Selection::after_suggestion(selected.end),
                    )
                } else {
                    (
                        Command::Compose {
                            edits: vec![Edit::fragment(range(selected.clone()), fragment.clone())],
                            formats: Vec::new(),
                            label: "paste".to_string(),
                        },
                        Selection::caret(selected.start + fragment.text.len()),
                    )
                };
                Plan::Apply(Box::new(Planned {
                    command,
                    selection,
                    kind: InputKind::Other,
                }))
            }
        }
    }

    /// The bytes a character format applies to: the selection, or the word
    /// the caret is in.
    fn format_range(&self) -> Option<Range<usize>> {
        let selection = self.selection();
        if !selection.is_empty() {
            return Some(selection.sorted());
        }
        word_around(self.text(), selection.focus_byte)
    }

    fn format(&self, formatting: &Formatting) -> Plan {
        let content = self.content();
        match formatting {
            Formatting::Toggle(style) => {
                let Some(bytes) = self.format_range() else {
                    // No word at the caret: what is typed next takes it.
                    let caret = self.selection().focus_byte;
                    let styles = self
                        .context
                        .typing_styles
                        .unwrap_or_else(|| content.marks_for_typing(caret..caret).styles);
                    let patch = toggle_patch(*style, styles.contains(*style));
                    return Plan::TypingStyles(patch.apply(&Marks::styled(styles)).styles);
                };
                let all_have_it = all_marked(content, bytes.clone(), *style);
                self.format_command(
                    bytes,
                    toggle_patch(*style, all_have_it),
                    BlockPatch::default(),
                )
            }
            Formatting::Style(style) => self.format_command(
                self.selection().sorted(),
                MarkPatch::default(),
                BlockPatch::style(*style),
            ),
            Formatting::ToggleList { numbered } => {
                let paragraphs = self.paragraphs();
                let all_in_list = paragraphs.clone().all(|index| {
                    content.blocks[index]
                        .list
                        .as_ref()
                        .is_some_and(|item| item.is_ordered() == *numbered)
                });
                let item = if all_in_list {
                    None
                } else {
                    let level = content.blocks[paragraphs.start]
                        .list
                        .as_ref()
                        .map_or(0, |item| item.level);
                    let list = continued_list(content, paragraphs.start, *numbered)
                        .unwrap_or_else(|| new_list_id(content));
                    Some(if *numbered {
                        ListItem::numbered(list, level)
                    } else {
                        ListItem::bulleted(list, level)
                    })
                };
                self.format_command(
                    self.selection().sorted(),
                    MarkPatch::default(),
                    BlockPatch::list(item),
                )
            }
            Formatting::Clear => self.format_command(
                self.selection().sorted(),
                MarkPatch::clear_formatting(),
                BlockPatch::style(BlockStyle::Normal),
            ),
        }
    }

    fn link(&self, target: Option<LinkTarget>, text: &str) -> Plan {
        let content = self.content();
        let selection = self.selection();
        let bytes = if selection.is_empty() {
            link_extent(content, selection.focus_byte)
        } else {
            Some(selection.sorted())
        };
        if let Some(bytes) = bytes {
            return self.format_command(bytes, MarkPatch::link(target), BlockPatch::default());
        }
        let (Some(target), false) = (target, text.is_empty()) else {
            return Plan::Nothing;
        };
        let at = selection.focus_byte;
        let styles = content.marks.at(previous_char(self.text(), at)).styles;
        let marks = Marks {
            styles: if at == 0 { Styles::NONE } else { styles },
            link: Some(target),
            note: None,
        };
        let fragment = Fragment::marked(text, marks, &Block::default());
        self.insert_fragment(at, fragment, "insert a link")
    }

    /// Insert a fragment at a point: `Compose` in Edit mode, a suggested
    /// insertion in Suggest mode.
    fn insert_fragment(&self, at: usize, fragment: Fragment, label: &str) -> Plan {
        let len = fragment.text.len();
        let (command, selection) = if self.suggesting() {
            (
                Command::SuggestFragment {
                    range: range(at..at),
                    fragment,
                },
                Selection::after_suggestion(at),
            )
        } else {
            (
                Command::Compose {
                    edits: vec![Edit::fragment(range(at..at), fragment)],
                    formats: Vec::new(),
                    label: label.to_string(),
                },
                Selection::caret(at + len),
            )
        };
        Plan::Apply(Box::new(Planned {
            command,
            selection,
            kind: InputKind::Other,
        }))
    }

    fn insert_table(&self, rows: usize, columns: usize) -> Plan {
        let (rows, columns) = (rows.clamp(1, 100), columns.clamp(1, 30));
        let content = self.content();
        let paragraph = content.paragraph_index_at(self.selection().focus_byte);
        let table = new_table_id(content);
        let cells: Vec<Block> = (0..rows)
            .flat_map(|row| {
                (0..columns).map(move |col| Block {
                    cell: Some(TableCell::at(table, row as u32, col as u32)),
                    ..Block::default()
                })
            })
            .collect();
        let (at, fragment, last) = paragraphs_after(content, paragraph, cells);
        let first_cell = at + usize::from(last.is_some());
        if self.suggesting() {
            return Plan::Apply(Box::new(Planned {
                command: Command::SuggestFragment {
                    range: range(at..at),
                    fragment,
                },
                selection: Selection::after_suggestion(at),
                kind: InputKind::Other,
            }));
        }
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits: vec![Edit::fragment(range(at..at), fragment)],
                formats: last.into_iter().collect(),
                label: "insert a table".to_string(),
            },
            selection: Selection::caret(first_cell),
            kind: InputKind::Other,
        }))
    }

    fn table(&self, edit: TableEdit) -> Plan {
        let content = self.content();
        let paragraph = content.paragraph_index_at(self.selection().focus_byte);
        let Some(grid) = Grid::around(content, paragraph) else {
            return Plan::Refused("put the caret in a table first".to_string());
        };
        if edit.is_column() && self.suggesting() {
            return Plan::Refused(COLUMNS_EDIT_ONLY.to_string());
        }
        let Some(here) = grid.cell_of(paragraph).cloned() else {
            return Plan::Nothing;
        };
        match edit {
            TableEdit::RowAbove | TableEdit::RowBelow => {
                self.add_row(&grid, &here, edit == TableEdit::RowBelow)
            }
            TableEdit::DeleteRow => self.delete_row(&grid, &here),
            TableEdit::ColumnLeft | TableEdit::ColumnRight => {
                self.add_column(&grid, &here, edit == TableEdit::ColumnRight)
            }
            TableEdit::DeleteColumn => self.delete_column(&grid, &here),
        }
    }

    /// The formatting edits that number every cell of the grid as it reads
    /// (after a row or column change given by `renumber`).
    fn renumbered(
        &self,
        grid: &Grid,
        renumber: impl Fn(&GridCell) -> Option<TableCell>,
    ) -> Vec<FormatEdit> {
        let content = self.content();
        let mut formats = Vec::new();
        for cell in &grid.cells {
            let Some(stored) = renumber(cell) else {
                continue;
            };
            for paragraph in cell.paragraphs.clone() {
                if content.blocks[paragraph].cell != Some(stored) {
                    let start = content.paragraph_range(paragraph).start;
                    formats.push(FormatEdit {
                        range: range(start..start),
                        marks: MarkPatch::default(),
                        block: BlockPatch {
                            cell: Some(Some(stored)),
                            ..BlockPatch::default()
                        },
                    });
                }
            }
        }
        formats
    }

    fn add_row(&self, grid: &Grid, here: &GridCell, below: bool) -> Plan {
        let content = self.content();
        let new_row = if below {
            here.row + here.row_span
        } else {
            here.row
        };
        let cells: Vec<Block> = (0..grid.columns)
            .map(|col| Block {
                cell: Some(TableCell::at(grid.table, new_row as u32, col as u32)),
                ..Block::default()
            })
            .collect();
        // The new row goes before the first cell of the row after it, or
        // after the table's last paragraph.
        let next = grid
            .cells
            .iter()
            .find(|cell| cell.row >= new_row)
            .map(|cell| cell.paragraphs.start);
        let (at, fragment, last) = match next {
            Some(paragraph) => {
                let at = content.paragraph_range(paragraph).start;
                let text = "\n".repeat(cells.len());
                let fragment = Fragment {
                    marks: vec![MarkRun {
                        len: text.len(),
                        marks: Marks::default(),
                    }],
                    blocks: cells,
                    text,
                };
                (at, fragment, None)
            }
            None => paragraphs_after(content, grid.paragraphs.end - 1, cells),
        };
        let first_new = at + usize::from(last.is_some());
        if self.suggesting() {
            return Plan::Apply(Box::new(Planned {
                command: Command::SuggestFragment {
                    range: range(at..at),
                    fragment,
                },
                selection: self.selection(),
                kind: InputKind::Other,
            }));
        }
        let mut formats = self.renumbered(grid, |cell| {
            let mut stored = grid.stored(cell);
            if cell.row >= new_row {
                stored.row += 1;
            } else if cell.row + cell.row_span > new_row {
                stored.row_span += 1;
            }
            Some(stored)
        });
        formats.extend(last);
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits: vec![Edit::fragment(range(at..at), fragment)],
                formats,
                label: "insert a row".to_string(),
            },
            selection: Selection::caret(first_new),
            kind: InputKind::Other,
        }))
    }

    fn delete_row(&self, grid: &Grid, here: &GridCell) -> Plan {
        let content = self.content();
        let row = here.row;
        let in_row: Vec<&GridCell> = grid.row_cells(row).collect();
        let (Some(first), Some(last)) = (in_row.first(), in_row.last()) else {
            return Plan::Nothing;
        };
        let start = content.paragraph_range(first.paragraphs.start).start;
        let end = content.paragraph_range(last.paragraphs.end - 1).end;
        let is_last_paragraph = last.paragraphs.end == content.blocks.len();
        let deleted = whole_paragraphs(start..end, is_last_paragraph);
        if self.suggesting() {
            return Plan::Apply(Box::new(Planned {
                command: Command::Suggest {
                    range: range(deleted.clone()),
                    text: String::new(),
                },
                selection: Selection::caret(deleted.start),
                kind: InputKind::Other,
            }));
        }
        if grid.rows <= 1 {
            // The whole table goes.
            return self.delete_table(grid);
        }
        let formats = self.renumbered(grid, |cell| {
            if cell.row == row {
                return None;
            }
            let mut stored = grid.stored(cell);
            if cell.row > row {
                stored.row -= 1;
            } else if cell.row + cell.row_span > row {
                stored.row_span = stored.row_span.saturating_sub(1).max(1);
            }
            Some(stored)
        });
        self.delete_paragraphs(start, deleted, is_last_paragraph, formats, "delete a row")
    }

    /// Deletes the bytes `deleted` (whole paragraphs, the first starting at
    /// `start`) with `formats` in the same step. When they ended the
    /// document, the paragraph before them now does and keeps its block.
    fn delete_paragraphs(
        &self,
        start: usize,
        deleted: Range<usize>,
        ended_document: bool,
        mut formats: Vec<FormatEdit>,
        label: &str,
    ) -> Plan {
        let content = self.content();
        if ended_document && start > 0 {
            let before = content.paragraph_index_at(start - 1);
            formats.push(FormatEdit {
                range: range(content.text.len()..content.text.len()),
                marks: MarkPatch::default(),
                block: BlockPatch::whole(&content.blocks[before]),
            });
        }
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits: vec![Edit::new(deleted.clone(), "")],
                formats,
                label: label.to_string(),
            },
            selection: Selection::caret(deleted.start.min(content.text.len())),
            kind: InputKind::Other,
        }))
    }

    fn delete_table(&self, grid: &Grid) -> Plan {
        let content = self.content();
        let start = content.paragraph_range(grid.paragraphs.start).start;
        let end = content.paragraph_range(grid.paragraphs.end - 1).end;
        let at_end = grid.paragraphs.end == content.blocks.len();
        let deleted = whole_paragraphs(start..end, at_end);
        self.delete_paragraphs(start, deleted, at_end, Vec::new(), "delete the table")
    }

    fn add_column(&self, grid: &Grid, here: &GridCell, right: bool) -> Plan {
        let content = self.content();
        let new_col = if right {
            here.col + here.col_span
        } else {
            here.col
        };
        let mut edits: Vec<Edit> = Vec::new();
        let mut last_format = None;
        for row in 0..grid.rows {
            // A merged cell over the new column's place just grows.
            if grid.cells.iter().any(|cell| {
                cell.row <= row
                    && row < cell.row + cell.row_span
                    && cell.col < new_col
                    && new_col < cell.col + cell.col_span
            }) {
                continue;
            }
            let block = Block {
                cell: Some(TableCell::at(grid.table, row as u32, new_col as u32)),
                ..Block::default()
            };
            // Before the first cell of this row at or right of the new
            // column; else after the row's last paragraph.
            let row_cells: Vec<&GridCell> = grid.row_cells(row).collect();
            let before = row_cells.iter().find(|cell| cell.col >= new_col);
            let edit = match (before, row_cells.last()) {
                (Some(cell), _) => {
                    let at = content.paragraph_range(cell.paragraphs.start).start;
                    Edit::fragment(range(at..at), Fragment::plain("\n", &block))
                }
                (None, Some(last)) => {
                    let (at, fragment, last) =
                        paragraphs_after(content, last.paragraphs.end - 1, vec![block]);
                    last_format = last.or(last_format);
                    Edit::fragment(range(at..at), fragment)
                }
                (None, None) => continue,
            };
            edits.push(edit);
        }
        let mut formats = self.renumbered(grid, |cell| {
            let mut stored = grid.stored(cell);
            if cell.col >= new_col {
                stored.col += 1;
            } else if cell.col + cell.col_span > new_col {
                stored.col_span += 1;
            }
            Some(stored)
        });
        formats.sort_by_key(|format| format.range.start);
        formats.extend(last_format);
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits,
                formats,
                label: "insert a column".to_string(),
            },
            selection: self.selection(),
            kind: InputKind::Other,
        }))
    }

    fn delete_column(&self, grid: &Grid, here: &GridCell) -> Plan {
        let content = self.content();
        if grid.columns <= 1 {
            return self.delete_table(grid);
        }
        let col = here.col;
        let mut edits = Vec::new();
        let mut formats_extra = Vec::new();
        let mut removed = Vec::new();
        for cell in &grid.cells {
            if cell.col == col && cell.col_span == 1 {
                let start = content.paragraph_range(cell.paragraphs.start).start;
                let end = content.paragraph_range(cell.paragraphs.end - 1).end;
                if cell.paragraphs.end == content.blocks.len() {
                    edits.push(Edit::new(start.saturating_sub(1)..end, ""));
                    let before = content.paragraph_index_at(start.saturating_sub(1));
                    formats_extra.push(FormatEdit {
                        range: range(content.text.len()..content.text.len()),
                        marks: MarkPatch::default(),
                        block: BlockPatch::whole(&content.blocks[before]),
                    });
                } else {
                    edits.push(Edit::new(start..end + 1, ""));
                }
                removed.push(cell.paragraphs.clone());
            }
        }
        if edits.is_empty() {
            return Plan::Refused(
                "this column is part of merged cells only; nothing to remove".to_string(),
            );
        }
        let mut formats = self.renumbered(grid, |cell| {
            if cell.col == col && cell.col_span == 1 {
                return None;
            }
            let mut stored = grid.stored(cell);
            if cell.col > col {
                stored.col -= 1;
            } else if cell.col + cell.col_span > col {
                stored.col_span = stored.col_span.saturating_sub(1).max(1);
            }
            Some(stored)
        });
        // A renumbered paragraph just before a removed one at the end would
        // overlap the removal of the line break before it.
        formats.retain(|format| {
            !edits.iter().any(|edit| {
                edit.range.start <= format.range.start && format.range.start < edit.range.end
            })
        });
        formats.extend(formats_extra);
        let caret = edits.first().map_or(0, |edit| edit.range.start.0);
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits,
                formats,
                label: "delete a column".to_string(),
            },
            selection: Selection::caret(caret),
            kind: InputKind::Other,
        }))
    }

    fn footnote(&self) -> Plan {
        let content = self.content();
        let text_len = content.text.len();
        let at = self.selection().sorted().end;
        if self.suggesting() {
            // The caret goes after the suggested note paragraph, where
            // typing on becomes the note's text.
            return Plan::Apply(Box::new(Planned {
                command: Command::SuggestFootnote { at: ByteOffset(at) },
                selection: Selection::after_suggestion(text_len),
                kind: InputKind::Other,
            }));
        }
        let note = self.context.project.new_note_id();
        let reference = Marks {
            note: Some(note),
            ..Marks::default()
        };
        let note_block = Block {
            note: Some(NoteRef {
                id: note,
                kind: NoteKind::Footnote,
            }),
            ..Block::default()
        };
        let last_block = content.blocks.last().cloned().unwrap_or_default();
        let reference_text = NOTE_REFERENCE.to_string();
        let mut edits = Vec::new();
        if at == text_len {
            let text = format!("{reference_text}\n");
            edits.push(Edit::fragment(
                range(at..at),
                Fragment {
                    marks: vec![
                        MarkRun {
                            len: reference_text.len(),
                            marks: reference,
                        },
                        MarkRun {
                            len: 1,
                            marks: Marks::default(),
                        },
                    ],
                    blocks: vec![last_block],
                    text,
                },
            ));
        } else {
            edits.push(Edit::fragment(
                range(at..at),
                Fragment::marked(reference_text.clone(), reference, &Block::default()),
            ));
            edits.push(Edit::fragment(
                range(text_len..text_len),
                Fragment::plain("\n", &last_block),
            ));
        }
        let caret = text_len + reference_text.len() + 1;
        Plan::Apply(Box::new(Planned {
            command: Command::Compose {
                edits,
                formats: vec![FormatEdit {
                    range: range(text_len..text_len),
                    marks: MarkPatch::default(),
                    block: BlockPatch::whole(&note_block),
                }],
                label: "insert a footnote".to_string(),
            },
            selection: Selection::caret(caret),
            kind: InputKind::Other,
        }))
    }
}

/// True when every character of `bytes` (line breaks aside) has `style`.
fn all_marked(content: &Content, bytes: Range<usize>, style: Styles) -> bool {
    let mut position = bytes.start;
    content.marks.runs(bytes).iter().all(|run| {
        let words = &content.text[position..position + run.len];
        position += run.len;
        words.bytes().all(|byte| byte == b'\n') || run.marks.styles.contains(style)
    })
}

/// The stretch of one link around `byte_in_doc` (the caret inside a link,
/// or just after it).
fn link_extent(content: &Content, byte_in_doc: usize) -> Option<Range<usize>> {
    let spans = content.marks.spans();
    let index = spans.partition_point(|span| span.range.end < byte_in_doc);
    let span = spans.get(index)?;
    let link = span.marks.link.as_ref()?;
    if !(span.range.start < byte_in_doc && byte_in_doc <= span.range.end) {
        return None;
    }
    // A link may be split over spans of different styles.
    let mut start = span.range.start;
    let mut end = span.range.end;
    for before in spans[..index].iter().rev() {
        if before.range.end == start && before.marks.link.as_ref() == Some(link) {
            start = before.range.start;
        } else {
            break;
        }
    }
    for after in &spans[index + 1..] {
        if after.range.start == end && after.marks.link.as_ref() == Some(link) {
            end = after.range.end;
        } else {
            break;
        }
    }
    Some(start..end)
}

/// The link at the selection, for pre-filling the link dialog.
pub fn link_at(content: &Content, selection: Selection) -> Option<LinkTarget> {
    let byte = if selection.is_empty() {
        selection.focus_byte
    } else {
        selection.sorted().start + 1
    };
    let extent = link_extent(content, byte.min(content.text.len()))?;
    content.marks.at(extent.start).link
}

/// The list a new list item at `paragraph` continues: the list of the
/// paragraph just before when it is of the same kind.
fn continued_list(content: &Content, paragraph: usize, numbered: bool) -> Option<ListId> {
    let before = content
        .blocks
        .get(paragraph.checked_sub(1)?)?
        .list
        .as_ref()?;
    (before.is_ordered() == numbered).then_some(before.list)
}

fn new_list_id(content: &Content) -> ListId {
    ListId(
        content
            .blocks
            .iter()
            .filter_map(|block| block.list.as_ref().map(|item| item.list.0))
            .max()
            .unwrap_or(0)
            + 1,
    )
}

fn new_table_id(content: &Content) -> TableId {
    TableId(
        content
            .blocks
            .iter()
            .filter_map(|block| block.cell.map(|cell| cell.table.0))
            .max()
            .unwrap_or(0)
            + 1,
    )
}

/// Empty paragraphs with `blocks` inserted after paragraph `after`: where
/// to insert, the fragment, and (when `after` is the last paragraph) the
/// formatting that gives the new last paragraph its block.
fn paragraphs_after(
    content: &Content,
    after: usize,
    mut blocks: Vec<Block>,
) -> (usize, Fragment, Option<FormatEdit>) {
    let paragraph_range = content.paragraph_range(after);
    let is_last = after + 1 >= content.blocks.len();
    if !is_last {
        let text = "\n".repeat(blocks.len());
        let at = paragraph_range.end + 1;
        return (
            at,
            Fragment {
                marks: vec![MarkRun {
                    len: text.len(),
                    marks: Marks::default(),
                }],
                blocks,
                text,
            },
            None,
        );
    }
    // After the last paragraph: a line break ends it (keeping its block),
    // the new paragraphs follow, and the last of them gets its block by a
    // format of the (new) last paragraph.
    let last = blocks.pop().unwrap_or_default();
    let mut fragment_blocks = vec![content.blocks[after].clone()];
    fragment_blocks.extend(blocks);
    let text = "\n".repeat(fragment_blocks.len());
    let at = content.text.len();
    (
        at,
        Fragment {
            marks: vec![MarkRun {
                len: text.len(),
                marks: Marks::default(),
            }],
            blocks: fragment_blocks,
            text,
        },
        Some(FormatEdit {
            range: range(at..at),
            marks: MarkPatch::default(),
            block: BlockPatch::whole(&last),
        }),
    )
}
