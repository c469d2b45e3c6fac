//! A virtual list for rows of varying height (wrapped paragraphs, finding
//! cards): only the rows in view are laid out, so a list of ten thousand
//! rows costs about as much per frame as one of ten.
//!
//! Each row's height is measured when it is drawn and estimated from its
//! length until then; the estimates are forgotten when the width changes
//! (wrapping changes every height). The scroll bar may move slightly while
//! estimates are replaced by measurements; rows never overlap.

/// A virtual list of rows of varying height: only the rows in view are laid
/// out; each row's height is measured when drawn and estimated (from its
/// length) until then. Heights are forgotten when the width changes.
#[derive(Debug, Default)]
pub struct RowHeights {
    heights: Vec<f32>,
    width: f32,
    /// Scroll so that this row is at the top on the next frame.
    pub scroll_to: Option<usize>,
}

impl RowHeights {
    /// Draws rows `0..count` in a vertical scroll area named `id_salt`;
    /// `length(row)` estimates a row's size in bytes.
    pub fn rows_ui(
        &mut self,
        ui: &mut egui::Ui,
        id_salt: &str,
        count: usize,
        length: impl Fn(usize) -> usize,
        mut draw: impl FnMut(&mut egui::Ui, usize),
    ) {
        let width = ui.available_width();
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let spacing = ui.spacing().item_spacing.y;
        if self.heights.len() != count || (self.width - width).abs() > 0.5 {
            let chars_per_line = (width / (line * 0.5)).max(10.0);
            self.heights = (0..count)
                .map(|row| (length(row) as f32 / chars_per_line).ceil().max(1.0) * line + 4.0)
                .collect();
            self.width = width;
        }
        let total: f32 = self.heights.iter().map(|height| height + spacing).sum();
        let mut area = egui::ScrollArea::vertical()
            .id_salt(id_salt)
            .auto_shrink([false, false]);
        if let Some(row) = self.scroll_to.take() {
            let offset: f32 = self.heights[..row.min(count)]
                .iter()
                .map(|height| height + spacing)
                .sum();
            area = area.vertical_scroll_offset(offset);
        }
        area.show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            ui.set_width(width - 16.0);
            let mut top = 0.0;
            let mut index = 0;
            while index < count && top + self.heights[index] + spacing < viewport.min.y {
                top += self.heights[index] + spacing;
                index += 1;
            }
            let origin = ui.min_rect().min;
            let rect = egui::Rect::from_min_size(
                origin + egui::vec2(0.0, top),
                egui::vec2(width - 16.0, f32::INFINITY),
            );
            let mut child = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
            );
            while index < count && top < viewport.max.y {
                let drawn = child.scope(|ui| draw(ui, index)).response.rect.height();
                self.heights[index] = drawn;
                top += drawn + spacing;
                index += 1;
            }
        });
    }
}
