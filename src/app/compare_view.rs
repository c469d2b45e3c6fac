//! The Compare window: any two of the versions and the draft, as an inline
//! redline or side by side, with a summary, next/previous change, "Mark
//! material" per change and the HTML report.
//!
//! The comparison is cut into rows at the line breaks of unchanged text, so
//! row `i` holds the same stretch of the policy on both sides: the
//! side-by-side view is one scroll area with two columns per row, which keeps
//! both sides in step by construction. Only the rows in view are laid out
//! ([`RowHeights`](super::virtual_rows::RowHeights)), so a 1 MB pair scrolls
//! as fast as a small one.
//!
//! Moves are shown where the paragraph now stands (marked "moved"); the
//! comparison is recomputed only when the choice or the project's revision
//! changes.

use super::RedlineApp;
use super::files::DialogResult;
use super::state::AppCommand;
use super::virtual_rows::RowHeights;
use crate::formats::compare_report;
use crate::model::blocks::outline;
use crate::model::compare::{Change, ChangeKind, CompareOptions, Comparison, compare};
use crate::model::content::Content;
use crate::model::{Command, MaterialChange, Project, VersionId};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke};

/// One side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The current draft.
    Draft,
    /// A version.
    Version(VersionId),
}

impl Side {
    fn name(self, project: &Project) -> String {
        match self {
            Side::Draft => "Draft".to_string(),
            Side::Version(id) => project
                .version(id)
                .map_or_else(|| id.to_string(), |version| version.label.clone()),
        }
    }

    fn content(self, project: &Project) -> &Content {
        static EMPTY: std::sync::OnceLock<Content> = std::sync::OnceLock::new();
        match self {
            Side::Draft => project.content(),
            Side::Version(id) => project.version(id).map_or_else(
                || EMPTY.get_or_init(Content::default),
                |version| &version.content,
            ),
        }
    }

    fn text(self, project: &Project) -> &str {
        &self.content(project).text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Same,
    Added,
    Removed,
    Moved,
    Formatted,
}

#[derive(Debug, Default)]
struct Row {
    old: Vec<(String, Mark)>,
    new: Vec<(String, Mark)>,
    inline: Vec<(String, Mark)>,
    changes: Vec<usize>,
}

impl Row {
    fn len(&self) -> usize {
        self.inline.iter().map(|(text, _)| text.len()).sum()
    }
}

struct Computed {
    key: (Side, Side, bool, u64),
    comparison: Comparison,
    rows: Vec<Row>,
    row_of_change: Vec<usize>,
}

/// The Compare window's state.
pub struct CompareState {
    old: Side,
    new: Side,
    ignore_whitespace: bool,
    side_by_side: bool,
    current: Option<usize>,
    computed: Option<Computed>,
    heights: RowHeights,
    last_report: Option<String>,
}

impl CompareState {
    /// Compares the newest version (or the draft) with the draft.
    pub fn new(project: &Project) -> CompareState {
        CompareState {
            old: project
                .versions()
                .last()
                .map_or(Side::Draft, |version| Side::Version(version.id)),
            new: Side::Draft,
            ignore_whitespace: false,
            side_by_side: false,
            current: None,
            computed: None,
            heights: RowHeights::default(),
            last_report: None,
        }
    }

    fn refresh(&mut self, project: &Project) {
        let key = (
            self.old,
            self.new,
            self.ignore_whitespace,
            project.revision(),
        );
        if self
            .computed
            .as_ref()
            .is_some_and(|computed| computed.key == key)
        {
            return;
        }
        let comparison = compare(
            self.old.content(project),
            self.new.content(project),
            &CompareOptions {
                ignore_whitespace: self.ignore_whitespace,
            },
        );
        let (rows, row_of_change) = build_rows(self.new.text(project), &comparison.changes);
        self.current = self
            .current
            .filter(|current| *current < comparison.changes.len());
        self.heights = RowHeights::default();
        self.computed = Some(Computed {
            key,
            comparison,
            rows,
            row_of_change,
        });
    }
}

/// Cuts a comparison into rows at the line breaks of unchanged text.
fn build_rows(new_text: &str, changes: &[Change]) -> (Vec<Row>, Vec<usize>) {
    let mut rows = vec![Row::default()];
    let mut row_of_change = Vec::with_capacity(changes.len());
    let mut cursor = 0;
    let push_same = |rows: &mut Vec<Row>, text: &str| {
        for (index, piece) in text.split('\n').enumerate() {
            if index > 0 {
                rows.push(Row::default());
            }
            if !piece.is_empty()
                && let Some(row) = rows.last_mut()
            {
                row.old.push((piece.to_string(), Mark::Same));
                row.new.push((piece.to_string(), Mark::Same));
                row.inline.push((piece.to_string(), Mark::Same));
            }
        }
    };
    for (index, change) in changes.iter().enumerate() {
        let start = change.new.start.min(new_text.len());
        if start > cursor && new_text.is_char_boundary(cursor) && new_text.is_char_boundary(start) {
            push_same(&mut rows, &new_text[cursor..start]);
        }
        let Some(row) = rows.last_mut() else {
            break;
        };
        let old_text = visible(&change.old_text);
        let new = visible(&change.new_text);
        match change.kind {
            ChangeKind::Insert => {
                row.new.push((new.clone(), Mark::Added));
                row.inline.push((new, Mark::Added));
            }
            ChangeKind::Delete => {
                row.old.push((old_text.clone(), Mark::Removed));
                row.inline.push((old_text, Mark::Removed));
            }
            ChangeKind::Replace => {
                row.old.push((old_text.clone(), Mark::Removed));
                row.new.push((new.clone(), Mark::Added));
                row.inline.push((old_text, Mark::Removed));
                row.inline.push((new, Mark::Added));
            }
            ChangeKind::Move => {
                row.old
                    .push((format!("(moved here) {old_text}"), Mark::Moved));
                row.new.push((new.clone(), Mark::Moved));
                row.inline.push((new, Mark::Moved));
            }
            ChangeKind::Format => {
                let note = change.formatting.as_deref().unwrap_or("formatted");
                row.old.push((old_text, Mark::Same));
                row.new
                    .push((format!("{new} [formatted: {note}]"), Mark::Formatted));
                row.inline
                    .push((format!("{new} [formatted: {note}]"), Mark::Formatted));
            }
        }
        row.changes.push(index);
        row_of_change.push(rows.len() - 1);
        // A whole-paragraph change ends with its line break: start a new row.
        let whole_paragraph = change.new_text.ends_with('\n') || change.old_text.ends_with('\n');
        if whole_paragraph {
            rows.push(Row::default());
        }
        cursor = cursor.max(change.new.end.min(new_text.len()));
    }
    if cursor < new_text.len() && new_text.is_char_boundary(cursor) {
        push_same(&mut rows, &new_text[cursor..]);
    }
    (rows, row_of_change)
}

/// A change's text without its final line break, or a paragraph mark when
/// line breaks are all it has (a blank line added or removed).
fn visible(text: &str) -> String {
    match text.trim_end_matches('\n') {
        "" if !text.is_empty() => compare_report::PARAGRAPH_MARK.to_string(),
        trimmed => trimmed.to_string(),
    }
}

/// The title of the section (the last heading) before `byte` of `content`.
fn section_at(content: &Content, byte: usize) -> String {
    outline(&content.text, &content.blocks)
        .into_iter()
        .rev()
        .find(|heading| heading.line.start <= byte)
        .map(|heading| heading.title)
        .unwrap_or_else(|| "(before the first heading)".to_string())
}

/// A change's text on one line, at most 80 characters; text that is only
/// spacing is named as such.
fn shorten(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return if text.contains('\n') {
            compare_report::PARAGRAPH_MARK.to_string()
        } else {
            "(spacing)".to_string()
        };
    }
    if words.chars().count() > 80 {
        format!("{}…", words.chars().take(80).collect::<String>())
    } else {
        words
    }
}

/// A change in plain words, for a material-change record.
pub fn describe(change: &Change) -> String {
    match change.kind {
        ChangeKind::Insert => format!("Added \"{}\"", shorten(&change.new_text)),
        ChangeKind::Delete => format!("Removed \"{}\"", shorten(&change.old_text)),
        ChangeKind::Replace => format!(
            "Replaced \"{}\" with \"{}\"",
            shorten(&change.old_text),
            shorten(&change.new_text)
        ),
        ChangeKind::Move => format!("Moved the paragraph \"{}\"", shorten(&change.new_text)),
        ChangeKind::Format => format!(
            "Formatted \"{}\": {}",
            shorten(&change.new_text),
            change.formatting.as_deref().unwrap_or("formatting changed")
        ),
    }
}

fn format_of(mark: Mark, font: &egui::FontId, dark: bool, text_color: Color32) -> TextFormat {
    let (added, removed, moved) = if dark {
        (
            Color32::from_rgb(120, 220, 140),
            Color32::from_rgb(255, 130, 130),
            Color32::from_rgb(130, 180, 255),
        )
    } else {
        (
            Color32::from_rgb(0, 110, 30),
            Color32::from_rgb(180, 0, 0),
            Color32::from_rgb(0, 70, 180),
        )
    };
    let mut format = TextFormat::simple(font.clone(), text_color);
    match mark {
        Mark::Same => {}
        Mark::Added => {
            format.color = added;
            format.underline = Stroke::new(1.0, added);
        }
        Mark::Removed => {
            format.color = removed;
            format.strikethrough = Stroke::new(1.0, removed);
        }
        Mark::Moved => {
            format.color = moved;
            format.underline = Stroke::new(2.0, moved);
        }
        Mark::Formatted => {
            format.background = moved.gamma_multiply(0.15);
            format.underline = Stroke::new(1.0, moved);
        }
    }
    format
}

fn job_of(parts: &[(String, Mark)], ui: &egui::Ui, width: f32) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let dark = ui.visuals().dark_mode;
    let color = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    for (text, mark) in parts {
        let shown = text
            .replace(crate::model::blocks::NOTE_REFERENCE, "*")
            .replace(crate::model::blocks::SOFT_BREAK, "\n");
        job.append(&shown, 0.0, format_of(*mark, &font, dark, color));
    }
    if parts.is_empty() {
        job.append(" ", 0.0, format_of(Mark::Same, &font, dark, color));
    }
    job
}

impl RedlineApp {
    pub(super) fn compare_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        super::chrome::tool_window("Compare", ctx)
            .open(&mut open)
            .default_size([900.0, 600.0])
            .show(ctx, |ui| self.compare_ui(ui));
        if !open {
            self.tools.compare = None;
        }
    }

    fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let project = &self.project;
        let Some(state) = self.tools.compare.as_mut() else {
            return;
        };
        let mut sides = vec![Side::Draft];
        sides.extend(
            project
                .versions()
                .iter()
                .map(|version| Side::Version(version.id)),
        );
        ui.horizontal_wrapped(|ui| {
            for (name, side) in [
                ("Compare from", &mut state.old),
                ("Compare to", &mut state.new),
            ] {
                ui.label(format!(
                    "{}:",
                    if name == "Compare from" { "Old" } else { "New" }
                ));
                egui::ComboBox::from_id_salt(name)
                    .selected_text(side.name(project))
                    .show_ui(ui, |ui| {
                        for choice in &sides {
                            let choice_name = choice.name(project);
                            ui.selectable_value(side, *choice, &choice_name)
                                .accessible_name(format!("{name} {choice_name}"));
                        }
                    })
                    .response
                    .accessible_name(name);
            }
            ui.separator();
            ui.checkbox(&mut state.ignore_whitespace, "Ignore whitespace");
            ui.separator();
            ui.selectable_value(&mut state.side_by_side, false, "Inline");
            ui.selectable_value(&mut state.side_by_side, true, "Side by side");
        });
        state.refresh(project);
        let Some(computed) = state.computed.as_ref() else {
            return;
        };
        let summary = &computed.comparison.summary;
        let count = computed.comparison.changes.len();
        if computed.comparison.is_identical() {
            ui.label(RichText::new("No differences").strong());
        } else {
            ui.label(
                RichText::new(format!(
                    "{} words added, {} words removed, {} paragraphs changed, {} moves",
                    summary.words_added,
                    summary.words_removed,
                    summary.paragraphs_changed,
                    summary.moves
                ))
                .strong(),
            );
            if !summary.sections_touched.is_empty() {
                ui.label(format!(
                    "Sections touched: {}",
                    summary.sections_touched.join("; ")
                ));
            }
        }
        let mut go_to = None;
        let mut mark_material = None;
        let mut save_report: Option<ReportKind> = None;
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(count > 0, egui::Button::new("Previous"))
                .accessible_name("Previous difference")
                .clicked()
            {
                go_to = Some(state.current.map_or(count.saturating_sub(1), |c| (c + count - 1) % count));
            }
            if ui
                .add_enabled(count > 0, egui::Button::new("Next"))
                .accessible_name("Next difference")
                .clicked()
            {
                go_to = Some(state.current.map_or(0, |c| (c + 1) % count));
            }
            match state.current.and_then(|c| computed.comparison.changes.get(c).map(|change| (c, change))) {
                Some((index, change)) => {
                    ui.label(format!("Change {} of {count}: {}", index + 1, describe(change)));
                    let target = match state.new {
                        Side::Version(id) => project
                            .version(id)
                            .filter(|version| !version.status.is_frozen())
                            .map(|_| id),
                        Side::Draft => None,
                    };
                    let button = ui
                        .add_enabled(target.is_some(), egui::Button::new("Mark material"))
                        .on_disabled_hover_text(
                            "Material changes are recorded on the newer side's version: compare against a snapshot that is not signed off",
                        );
                    if button.clicked()
                        && let Some(version) = target
                    {
                        mark_material = Some((
                            version,
                            MaterialChange {
                                section: section_at(state.new.content(project), change.new.start),
                                description: describe(change),
                            },
                        ));
                    }
                }
                None if count > 0 => {
                    ui.label(format!("{count} changes; use Next to step through them"));
                }
                None => {}
            }
            ui.separator();
            if ui.button("Save report…").clicked() {
                save_report = Some(ReportKind::Html);
            }
            if ui
                .button("Save Word redline…")
                .on_hover_text("A .docx of the older text with the changes as real tracked changes")
                .clicked()
            {
                save_report = Some(ReportKind::WordRedline);
            }
            if let Some(report) = &state.last_report {
                ui.label(RichText::new(report).weak());
            }
        });
        ui.separator();
        if let Some(index) = go_to {
            state.current = Some(index);
            state.heights.scroll_to = computed.row_of_change.get(index).copied();
        }
        let current = state.current;
        let side_by_side = state.side_by_side;
        let rows = &computed.rows;
        let highlight = ui.visuals().selection.stroke;
        let mut clicked_change = None;
        state.heights.rows_ui(
            ui,
            "compare rows",
            rows.len(),
            |index| rows[index].len(),
            |ui, index| {
                let row = &rows[index];
                let is_current = current.is_some_and(|current| row.changes.contains(&current));
                let stroke = if is_current { highlight } else { Stroke::NONE };
                let frame = egui::Frame::new()
                    .stroke(stroke)
                    .inner_margin(egui::Margin::symmetric(0, 2));
                let shown = frame.show(ui, |ui| {
                    let width = ui.available_width();
                    if side_by_side {
                        ui.columns(2, |columns| {
                            let half = columns[0].available_width();
                            let old = job_of(&row.old, &columns[0], half);
                            columns[0].label(old);
                            let new = job_of(&row.new, &columns[1], half);
                            columns[1].label(new);
                        });
                    } else {
                        let job = job_of(&row.inline, ui, width);
                        ui.label(job);
                    }
                });
                // A click on a changed row makes its first change the current one.
                if let Some(first) = row.changes.first()
                    && shown
                        .response
                        .interact(egui::Sense::click())
                        .on_hover_cursor(egui::CursorIcon::PointingHand)
                        .clicked()
                {
                    clicked_change = Some(*first);
                }
            },
        );
        if clicked_change.is_some() {
            state.current = clicked_change;
        }
        if let Some((version, change)) = mark_material {
            self.queue
                .push(AppCommand::Model(Command::AddMaterialChange {
                    version,
                    change,
                }));
        }
        if let Some(kind) = save_report {
            self.save_compare_report(kind);
        }
    }

    fn save_compare_report(&mut self, kind: ReportKind) {
        let reviewer = self.actor().user;
        let Some(state) = self.tools.compare.as_mut() else {
            return;
        };
        let Some(computed) = state.computed.as_ref() else {
            return;
        };
        let old_name = state.old.name(&self.project);
        let new_name = state.new.name(&self.project);
        let file_name = format!(
            "compare-{}-{}.{}",
            crate::formats::export::file_name_safe(&old_name).to_lowercase(),
            crate::formats::export::file_name_safe(&new_name).to_lowercase(),
            kind.extension()
        );
        let path = match self.dialog.pick_export(&file_name) {
            DialogResult::Picked(path) => path,
            DialogResult::Cancelled => return,
            DialogResult::Unavailable => {
                self.notice(
                    "no file dialog is available here; use File → Export… to type a path"
                        .to_string(),
                    true,
                );
                return;
            }
        };
        let title = format!("{}: {old_name} → {new_name}", self.project.document().title);
        let (old, new) = (
            state.old.content(&self.project),
            state.new.content(&self.project),
        );
        let bytes = match kind {
            ReportKind::Html => {
                Ok(compare_report::to_html(&computed.comparison, old, new, &title).into_bytes())
            }
            ReportKind::WordRedline => crate::formats::redline_docx::to_redline_docx(
                &computed.comparison,
                old,
                new,
                &title,
                &reviewer,
                chrono::Utc::now(),
            ),
        };
        let written =
            bytes.and_then(|bytes| crate::formats::atomic::write_atomically(&path, &bytes, false));
        match written {
            Ok(_) => {
                state.last_report = Some(format!("Saved {}", path.display()));
                self.status = format!("Saved the compare report to {}", path.display());
            }
            Err(error) => self.notice(error.to_string(), true),
        }
    }
}

/// The files the compare view saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportKind {
    /// The standalone HTML compare report.
    Html,
    /// A .docx with the changes as real tracked changes.
    WordRedline,
}

impl ReportKind {
    fn extension(self) -> &'static str {
        match self {
            ReportKind::Html => "html",
            ReportKind::WordRedline => "docx",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_both_sides_in_step() {
        let old = Content::from_marked_text("# A\nWe collect data.\nKeep\n");
        let new =
            Content::from_marked_text("# A\nWe collect personal data.\nNew paragraph.\nKeep\n");
        let comparison = compare(&old, &new, &CompareOptions::default());
        let (rows, row_of_change) = build_rows(&new.text, &comparison.changes);
        assert_eq!(row_of_change.len(), comparison.changes.len());
        let flat = |parts: &[(String, Mark)]| {
            parts
                .iter()
                .map(|(text, _)| text.as_str())
                .collect::<String>()
        };
        let joined_new: Vec<String> = rows.iter().map(|row| flat(&row.new)).collect();
        assert!(joined_new.iter().any(|row| row.contains("personal")));
        assert!(joined_new.iter().any(|row| row == "Keep"));
        assert_eq!(
            section_at(&new, new.text.find("personal").expect("word")),
            "A"
        );
    }

    #[test]
    fn a_removed_blank_line_shows_as_a_paragraph_mark() {
        let (old, new) = (
            "We collect data.\n\nWe keep it.\n",
            "We collect data.\nWe keep it.\n",
        );
        let comparison = compare(
            &Content::plain(old),
            &Content::plain(new),
            &CompareOptions::default(),
        );
        let (rows, row_of_change) = build_rows(new, &comparison.changes);
        let [row] = row_of_change[..] else {
            panic!("one change: {:?}", comparison.changes);
        };
        assert_eq!(rows[row].inline, [("¶".to_string(), Mark::Removed)]);
        assert_eq!(describe(&comparison.changes[0]), "Removed \"¶\"");
    }
}
