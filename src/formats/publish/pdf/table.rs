//! Tables: a grid of equal columns across the text width, ruled cells,
//! merged cells spanning rows and columns, and rows split across pages
//! between lines when they do not fit (a row that fits on a fresh page moves
//! there whole). Rows tied together by a cell spanning them move and split
//! as one band.

use super::fonts::Faces;
use super::layout::{CELL, Layout, Line, labelled_pieces};
use super::tags::Attribute;
use crate::formats::publish::{Cell, Table};
use crate::model::blocks::{BlockStyle, NoteId};
use crate::model::content::Content;
use pdf_writer::types::StructRole;
use std::collections::HashMap;

/// Space between a cell's border and its text.
const PADDING: f32 = 4.0;
/// The smallest row.
const MIN_ROW: f32 = CELL.leading + 2.0 * PADDING;

/// A line of a cell, at a height below the cell's top.
struct CellLine {
    line: Line,
    x: f32,
    y: f32,
}

struct CellBox<'c> {
    cell: &'c Cell<'c>,
    lines: Vec<CellLine>,
    height: f32,
}

impl Layout {
    /// Sets a table.
    pub fn table(
        &mut self,
        faces: &mut Faces,
        content: &Content,
        table: &Table,
        numbers: &HashMap<NoteId, usize>,
    ) {
        self.close_lists(None);
        let table_node = self.tree.add(StructRole::Table, 0);
        let rows = table.rows.max(1) as usize;
        let columns = table.columns.max(1);
        let column_width = self.geometry.text_width() / columns as f32;
        let header = table.rows > 1;
        let row_nodes: Vec<usize> = (0..rows)
            .map(|_| self.tree.add(StructRole::TR, table_node))
            .collect();
        let mut boxes: Vec<CellBox> = Vec::with_capacity(table.cells.len());
        for cell in &table.cells {
            let is_header = header && cell.row == 0;
            let role = if is_header {
                StructRole::TH
            } else {
                StructRole::TD
            };
            let cell_node = self.tree.add(role, row_nodes[cell.row as usize]);
            self.tree.nodes[cell_node].attribute = Attribute::Spans {
                rows: cell.row_span,
                columns: cell.col_span,
                header: is_header,
            };
            let width = column_width * cell.col_span as f32 - 2.0 * PADDING;
            let single = cell.paragraphs.len() == 1;
            let mut lines = Vec::new();
            let mut y = PADDING;
            for (index, shown) in cell.paragraphs.iter().enumerate() {
                let node = if single && shown.block.style == BlockStyle::Normal {
                    cell_node
                } else {
                    self.tree.add(StructRole::P, cell_node)
                };
                let mut style = CELL;
                if is_header || shown.block.style.heading_level().is_some() {
                    style.face = super::fonts::BOLD;
                }
                let pieces = labelled_pieces(content, shown, numbers, &style, node, &mut self.tree);
                for line in self.compose(faces, &pieces, width, width) {
                    lines.push(CellLine {
                        line,
                        x: PADDING,
                        y,
                    });
                    y += CELL.leading;
                }
                if index + 1 < cell.paragraphs.len() {
                    y += CELL.after;
                }
            }
            boxes.push(CellBox {
                cell,
                lines,
                height: y + PADDING,
            });
        }
        // Row heights: the tallest single-row cell, then room for the cells
        // spanning rows in the last row they span.
        let mut heights = vec![MIN_ROW; rows];
        for cell_box in boxes.iter().filter(|b| b.cell.row_span <= 1) {
            let row = cell_box.cell.row as usize;
            heights[row] = heights[row].max(cell_box.height);
        }
        for cell_box in boxes.iter().filter(|b| b.cell.row_span > 1) {
            let first = cell_box.cell.row as usize;
            let last = (first + cell_box.cell.row_span as usize).min(rows) - 1;
            let spanned: f32 = heights[first..=last].iter().sum();
            if spanned < cell_box.height {
                heights[last] += cell_box.height - spanned;
            }
        }
        let mut tops = vec![0.0; rows + 1];
        for row in 0..rows {
            tops[row + 1] = tops[row] + heights[row];
        }
        // Bands: rows no spanning cell crosses the end of.
        let mut start_row = 0;
        while start_row < rows {
            let mut end_row = start_row + 1;
            loop {
                let reach = boxes
                    .iter()
                    .filter(|b| {
                        (b.cell.row as usize) >= start_row && (b.cell.row as usize) < end_row
                    })
                    .map(|b| (b.cell.row + b.cell.row_span.max(1)) as usize)
                    .max()
                    .unwrap_or(end_row)
                    .min(rows);
                if reach <= end_row {
                    break;
                }
                end_row = reach;
            }
            self.band(&boxes, &tops, start_row, end_row, column_width);
            start_row = end_row;
        }
        self.cursor -= CELL.after * 3.0;
    }

    /// Places rows `first..end` as one band, splitting it across pages
    /// between lines when it does not fit.
    fn band(
        &mut self,
        boxes: &[CellBox],
        tops: &[f32],
        first: usize,
        end: usize,
        column_width: f32,
    ) {
        let origin = tops[first];
        let height = tops[end] - origin;
        let members: Vec<&CellBox> = boxes
            .iter()
            .filter(|b| (b.cell.row as usize) >= first && (b.cell.row as usize) < end)
            .collect();
        let page_height = self.geometry.body_top - self.geometry.body_bottom;
        if height <= page_height && height > self.cursor - self.bottom() && !self.at_page_top() {
            self.new_page();
        }
        let mut start = 0.0_f32;
        while start < height - 0.01 {
            let room = self.cursor - self.bottom();
            let mut cut = (start + room).min(height);
            if cut < height {
                // Move the cut up to a place no line straddles.
                loop {
                    let straddled = members
                        .iter()
                        .flat_map(|b| {
                            let top = tops[b.cell.row as usize] - origin;
                            b.lines.iter().map(move |line| top + line.y)
                        })
                        .find(|&y| y < cut && y + CELL.leading > cut + 0.01);
                    match straddled {
                        Some(y) => cut = y,
                        None => break,
                    }
                }
                if cut <= start + 0.01 {
                    if !self.at_page_top() {
                        self.new_page();
                        continue;
                    }
                    cut = (start + room).min(height);
                }
            }
            let top = self.cursor;
            let page_y = |relative: f32| top - (relative - start);
            for cell_box in &members {
                let cell_top = tops[cell_box.cell.row as usize] - origin;
                let x = self.geometry.margin + column_width * cell_box.cell.col as f32;
                for line in &cell_box.lines {
                    let y = cell_top + line.y;
                    if y >= start - 0.01 && y < cut - 0.01 {
                        let baseline =
                            page_y(y) - (CELL.leading - CELL.size) / 2.0 - 0.76 * CELL.size;
                        self.draw_line(&line.line, x + line.x, baseline);
                    }
                }
            }
            for cell_box in &members {
                let cell = cell_box.cell;
                let row = cell.row as usize;
                let cell_top = tops[row] - origin;
                let last = (row + cell.row_span.max(1) as usize).min(tops.len() - 1);
                let cell_bottom = tops[last] - origin;
                let (from, to) = (cell_top.max(start), cell_bottom.min(cut));
                if from >= to {
                    continue;
                }
                let left = self.geometry.margin + column_width * cell.col as f32;
                let right = left + column_width * cell.col_span.max(1) as f32;
                let (y_top, y_bottom) = (page_y(from), page_y(to));
                self.rule((left, y_top), (left, y_bottom), 0.5, 0.35);
                self.rule((right, y_top), (right, y_bottom), 0.5, 0.35);
                if cell_top >= start - 0.01 {
                    self.rule((left, y_top), (right, y_top), 0.5, 0.35);
                }
                if cell_bottom <= cut + 0.01 {
                    self.rule((left, y_bottom), (right, y_bottom), 0.5, 0.35);
                }
            }
            self.cursor -= cut - start;
            start = cut;
            if start < height - 0.01 {
                self.new_page();
            }
        }
    }
}
