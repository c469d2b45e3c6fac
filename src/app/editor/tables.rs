//! Tables as the editor sees them: the grid a run of cell paragraphs makes.
//!
//! A table is the run of consecutive paragraphs whose blocks name the same
//! [`TableId`]. Paragraphs come row by row, cell by cell; a cell may hold
//! several paragraphs (same row and column), and a merged cell covers
//! others, which have no paragraphs. The grid is read from the order of the
//! paragraphs, not trusted from the stored numbers alone: a new row starts
//! where the stored row changes or the column goes back, so rows inserted as
//! a suggestion (which cannot renumber the rows after them) still show as
//! rows of their own.
//!
//! ```text
//!   paragraphs:  (r0,c0) (r0,c1) (r1,c0 span 2) (r1,c0) (r1,c1)
//!   grid rows:   [0: c0 c1] [1: c0-c1] [2: c0 c1]
//! ```

use crate::model::blocks::{TableCell, TableId};
use crate::model::content::Content;
use std::ops::Range;

/// One cell of the grid and the paragraphs in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// Its grid row (from 0, in reading order).
    pub row: usize,
    /// Its column.
    pub col: usize,
    /// Rows it spans (at least 1).
    pub row_span: usize,
    /// Columns it spans (at least 1).
    pub col_span: usize,
    /// Its paragraphs (indices into the document's paragraphs).
    pub paragraphs: Range<usize>,
}

/// A table's grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The table.
    pub table: TableId,
    /// The table's paragraphs.
    pub paragraphs: Range<usize>,
    /// Its cells, in reading order.
    pub cells: Vec<GridCell>,
    /// Number of grid rows.
    pub rows: usize,
    /// Number of grid columns.
    pub columns: usize,
}

impl Grid {
    /// Reads the grid of the table whose paragraphs are `paragraphs` (all
    /// with a cell of one table).
    pub fn read(content: &Content, paragraphs: Range<usize>) -> Option<Grid> {
        let first = content.blocks.get(paragraphs.start)?.cell?;
        let mut cells: Vec<GridCell> = Vec::new();
        let mut previous: Option<TableCell> = None;
        let mut row = 0;
        for paragraph in paragraphs.clone() {
            let cell = content.blocks.get(paragraph)?.cell?;
            match previous {
                Some(before) if before.row == cell.row && before.col == cell.col => {
                    if let Some(last) = cells.last_mut() {
                        last.paragraphs.end = paragraph + 1;
                    }
                    continue;
                }
                Some(before) if before.row != cell.row || cell.col < before.col => row += 1,
                _ => {}
            }
            cells.push(GridCell {
                row,
                col: cell.col as usize,
                row_span: cell.row_span.max(1) as usize,
                col_span: cell.col_span.max(1) as usize,
                paragraphs: paragraph..paragraph + 1,
            });
            previous = Some(cell);
        }
        let rows = cells
            .iter()
            .map(|cell| cell.row + cell.row_span)
            .max()
            .unwrap_or(0);
        let columns = cells
            .iter()
            .map(|cell| cell.col + cell.col_span)
            .max()
            .unwrap_or(0);
        Some(Grid {
            table: first.table,
            paragraphs,
            cells,
            rows,
            columns,
        })
    }

    /// The grid of the table holding `paragraph`, if it is in one.
    pub fn around(content: &Content, paragraph: usize) -> Option<Grid> {
        let table = content.blocks.get(paragraph)?.cell?.table;
        let in_table = |index: usize| {
            content
                .blocks
                .get(index)
                .and_then(|block| block.cell)
                .is_some_and(|cell| cell.table == table)
        };
        let mut start = paragraph;
        while start > 0 && in_table(start - 1) {
            start -= 1;
        }
        let mut end = paragraph + 1;
        while in_table(end) {
            end += 1;
        }
        Grid::read(content, start..end)
    }

    /// The cell holding `paragraph`.
    pub fn cell_of(&self, paragraph: usize) -> Option<&GridCell> {
        self.cells
            .iter()
            .find(|cell| cell.paragraphs.contains(&paragraph))
    }

    /// The cells that start in grid row `row`, in order.
    pub fn row_cells(&self, row: usize) -> impl Iterator<Item = &GridCell> {
        self.cells.iter().filter(move |cell| cell.row == row)
    }

    /// The stored cell for a grid cell, numbered as the grid reads it.
    pub fn stored(&self, cell: &GridCell) -> TableCell {
        TableCell {
            table: self.table,
            row: cell.row as u32,
            col: cell.col as u32,
            row_span: cell.row_span as u32,
            col_span: cell.col_span as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks::Block;

    fn cell_block(row: u32, col: u32) -> Block {
        Block {
            cell: Some(TableCell::at(TableId(1), row, col)),
            ..Block::default()
        }
    }

    #[test]
    fn rows_come_from_the_order_of_the_cells() {
        // A row suggested and accepted after row 0 repeats the number 1.
        let blocks = vec![
            Block::default(),
            cell_block(0, 0),
            cell_block(0, 1),
            cell_block(1, 0),
            cell_block(1, 1),
            cell_block(1, 0),
            cell_block(1, 0),
            cell_block(1, 1),
            Block::default(),
        ];
        let text = "before\na\nb\nc\nd\ne\ne2\nf\nafter".to_string();
        let content = Content::new(text, blocks, Vec::new()).expect("content");
        let grid = Grid::around(&content, 4).expect("grid");
        assert_eq!(grid.paragraphs, 1..8);
        assert_eq!((grid.rows, grid.columns), (3, 2));
        assert_eq!(grid.cells.len(), 6);
        assert_eq!(grid.cell_of(6).expect("cell").paragraphs, 5..7);
        assert_eq!(grid.cell_of(7).expect("cell").row, 2);
        assert!(Grid::around(&content, 0).is_none());
    }
}
