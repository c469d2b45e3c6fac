//! Tables in the marked print: a grid with borders, each cell's paragraphs
//! wrapped in its column (merged cells span their columns and rows), rows
//! kept whole on a page where they fit.

use super::{BODY_BOTTOM, Font, LEADING, Layout, MARGIN_X, Piece, Run, wrap};
use crate::model::blocks::{TableCell, TableId};

/// Between a cell's border and its text.
const CELL_PADDING: f32 = 4.0;

/// A table's cells in reading order, as the paragraphs come.
pub(super) struct Table {
    /// Which table.
    pub id: TableId,
    cells: Vec<Cell>,
}

/// One cell: its place and its paragraphs (size and runs).
struct Cell {
    at: TableCell,
    paragraphs: Vec<(f32, Vec<Run>)>,
}

/// A cell's lines, wrapped to its width.
struct SetCell {
    at: TableCell,
    left: f32,
    right: f32,
    lines: Vec<(f32, Vec<Piece>)>,
}

impl SetCell {
    fn height(&self) -> f32 {
        let text: f32 = self.lines.iter().map(|(size, _)| size * LEADING).sum();
        text + 2.0 * CELL_PADDING
    }

    fn rows(&self) -> std::ops::Range<usize> {
        let first = self.at.row as usize;
        first..first + self.at.row_span.max(1) as usize
    }
}

impl Table {
    /// An empty table `id`.
    pub fn new(id: TableId) -> Table {
        Table {
            id,
            cells: Vec::new(),
        }
    }

    /// Adds a paragraph of the cell `at`.
    pub fn push(&mut self, at: TableCell, size: f32, runs: Vec<Run>) {
        match self.cells.last_mut() {
            Some(cell) if (cell.at.row, cell.at.col) == (at.row, at.col) => {
                cell.paragraphs.push((size, runs));
            }
            _ => self.cells.push(Cell {
                at,
                paragraphs: vec![(size, runs)],
            }),
        }
    }
}

impl Layout {
    /// Sets `table` as a grid across the text width, its columns equal.
    pub(super) fn table(&mut self, fonts: &mut [Font; 2], table: Table) {
        let columns = table
            .cells
            .iter()
            .map(|cell| cell.at.col + cell.at.col_span.max(1))
            .max()
            .unwrap_or(1);
        let column_width = self.text_width() / columns as f32;
        let set: Vec<SetCell> = table
            .cells
            .iter()
            .map(|cell| {
                let left = MARGIN_X + cell.at.col as f32 * column_width;
                let right = left + cell.at.col_span.max(1) as f32 * column_width;
                let width = right - left - 2.0 * CELL_PADDING;
                let lines = cell
                    .paragraphs
                    .iter()
                    .flat_map(|(size, runs)| {
                        wrap(fonts, runs, *size, left + CELL_PADDING, width)
                            .into_iter()
                            .map(|line| (*size, line))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                SetCell {
                    at: cell.at,
                    left,
                    right,
                    lines,
                }
            })
            .collect();
        let rows = set.iter().map(|cell| cell.rows().end).max().unwrap_or(0);
        // A merged cell's text is set in its first row, which grows to hold it.
        let mut heights = vec![super::BODY_SIZE * LEADING + 2.0 * CELL_PADDING; rows];
        for cell in &set {
            let row = cell.rows().start;
            heights[row] = heights[row].max(cell.height());
        }
        self.cursor -= 4.0;
        for (row, height) in heights.into_iter().enumerate() {
            if self.cursor - height < BODY_BOTTOM && self.cursor < self.body_top() {
                self.new_page();
            }
            if self.cursor - height < BODY_BOTTOM {
                // Taller than a page: its cells' lines one after another.
                self.unruled_row(&set, row);
                continue;
            }
            let top = self.cursor;
            let bottom = top - height;
            let Some(page) = self.pages.last_mut() else {
                return;
            };
            for cell in set.iter().filter(|cell| cell.rows().contains(&row)) {
                page.rules.push([cell.left, top, cell.left, bottom]);
                page.rules.push([cell.right, top, cell.right, bottom]);
                if cell.rows().start == row {
                    page.rules.push([cell.left, top, cell.right, top]);
                    let mut y = top - CELL_PADDING;
                    for (size, pieces) in &cell.lines {
                        page.lines.push(super::Line {
                            baseline: y - size * LEADING * 0.8,
                            size: *size,
                            pieces: pieces.clone(),
                            label: None,
                        });
                        y -= size * LEADING;
                    }
                }
                if cell.rows().end == row + 1 {
                    page.rules.push([cell.left, bottom, cell.right, bottom]);
                }
            }
            self.cursor = bottom;
        }
        self.cursor -= 8.0;
    }

    /// The lines of the cells starting in `row`, placed as plain lines.
    fn unruled_row(&mut self, set: &[SetCell], row: usize) {
        for cell in set.iter().filter(|cell| cell.rows().start == row) {
            for (size, pieces) in &cell.lines {
                self.place_line(*size, pieces.clone(), None);
            }
        }
    }
}
