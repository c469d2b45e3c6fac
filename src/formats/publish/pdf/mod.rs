//! PDF export: a tagged PDF 1.7 of the policy, on A4 or Letter, set in embedded DejaVu Sans
//! (regular, bold, oblique, bold oblique; subset with `subsetter`, written with `pdf-writer`).
//!
//! Layout (`layout.rs`, `table.rs`): 64 pt side margins; the title and effective date once
//! (left out of the front matter when the policy states them itself); headings 1–6 kept with
//! what follows; bold, italic, underline, strike, superscript and subscript drawn as such,
//! small caps as smaller capitals; list items with their labels ("3.", "(b)", "2.1", "•") in a
//! hanging indent, nested by level; tables with ruled and merged cells, rows split across
//! pages; clickable links (web and mail addresses, and in-document targets as jumps); note
//! references as superscript numbers linked to their notes: footnotes at the foot of the page
//! that refers to them (room for them is kept as the page fills), endnotes after the policy
//! under "Notes"; the optional policy history. Pages after the first carry a running header
//! (`"{title} — Effective Date: March 1, 2026"`) and every page a centred `"Page N of M"`;
//! both are artifacts, not content.
//!
//! Tagging (`tags.rs`, `write.rs`): a structure tree (Document, H1–H6, P, BlockQuote, L with
//! its numbering, LI, Lbl, LBody, Table, TR, TH, TD with their spans, Link) in reading order,
//! every piece of text marked content of its element, links as annotations of their Link
//! elements, the document language in the catalog and the tree. Text is extractable
//! (Identity-H fonts with ToUnicode maps, real space glyphs) in reading order.
//!
//! There is no shaping (no ligatures, kerning or right-to-left reordering). A character the
//! fonts lack (e.g. CJK) is drawn and extracted as `?`, and [`export_warnings`] counts them.
//! The output is deterministic: no timestamps or random IDs.

pub(crate) mod fonts;
mod layout;
mod table;
mod tags;
mod write;

pub(crate) use write::{FontRefs, write_font};

use super::{
    HISTORY_TITLE, NOTES_TITLE, Part, Publication, PublishError, body, front_matter, history,
    note_numbers, notes, one_line, policy_states_title,
};
use crate::model::blocks::{NOTE_REFERENCE, NoteKind, SOFT_BREAK};
use crate::model::content::Content;
use layout::{FRONT_MATTER, Geometry, HISTORY_ENTRY, HISTORY_LINE, Layout, NOTE, TITLE};
use pdf_writer::types::{ListNumbering, StructRole};
use std::collections::BTreeMap;

/// Renders the publication as a tagged PDF 1.7 document with embedded, subset fonts.
///
/// # Errors
/// [`PublishError::Font`] or [`PublishError::Subset`] if the embedded fonts cannot be read or
/// subset (only possible if the shipped font files are damaged).
pub fn to_pdf(publication: &Publication) -> Result<Vec<u8>, PublishError> {
    let mut faces = fonts::faces()?;
    let content = publication.content;
    let mut layout = Layout::new(Geometry::new(publication.paper.points()));
    if !policy_states_title(publication) {
        layout.simple(
            &mut faces,
            &one_line(publication.title),
            &TITLE,
            StructRole::H1,
        );
    }
    for line in front_matter(publication) {
        layout.simple(&mut faces, &line, &FRONT_MATTER, StructRole::P);
    }
    layout.gap(10.0);
    let numbers = note_numbers(content);
    let notes = notes(content);
    // Footnotes go to the foot of the page that refers to them; endnotes,
    // and footnotes nothing refers to, to the end.
    let (footnotes, endnotes): (Vec<&super::Note>, Vec<&super::Note>) = notes
        .iter()
        .partition(|note| note.kind == NoteKind::Footnote && note.number <= numbers.len());
    for note in &footnotes {
        layout.prepare_footnote(&mut faces, content, note, &numbers);
    }
    for part in body(content) {
        match part {
            Part::Paragraph(shown) => layout.paragraph(&mut faces, content, &shown, &numbers),
            Part::Table(table) => layout.table(&mut faces, content, &table, &numbers),
        }
    }
    layout.close_lists(None);
    if !endnotes.is_empty() {
        layout.gap(10.0);
        layout.simple(
            &mut faces,
            NOTES_TITLE,
            &layout::heading_style(2),
            StructRole::H2,
        );
        let list = layout.tree.add(StructRole::L, 0);
        layout.tree.nodes[list].attribute = tags::Attribute::Numbering(ListNumbering::Decimal);
        for note in &endnotes {
            let entry = layout.tree.add(StructRole::LI, list);
            let label_node = layout.tree.add(StructRole::Lbl, entry);
            let body_node = layout.tree.add(StructRole::LBody, entry);
            let label_piece = layout::plain_piece(&note.number.to_string(), &NOTE, label_node);
            let label = layout
                .compose(&mut faces, &[label_piece], f32::MAX, f32::MAX)
                .into_iter()
                .next()
                .unwrap_or_default();
            let (label_x, x) = layout::hanging(layout.geometry.margin, label.width);
            let width = layout.geometry.margin + layout.geometry.text_width() - x;
            if layout.cursor - NOTE.leading < layout.bottom() {
                layout.new_page();
            }
            let place = (layout.page(), layout.cursor);
            layout.note_places.insert(note.number, place);
            for (index, shown) in note.paragraphs.iter().enumerate() {
                let pieces = layout::inline_pieces(
                    content,
                    shown,
                    &numbers,
                    &NOTE,
                    body_node,
                    &mut layout.tree,
                );
                let lines = layout.compose(&mut faces, &pieces, width, width);
                let label = (index == 0).then_some((&label, label_x));
                layout.place(&lines, x, &NOTE, label);
            }
        }
    }
    if let Some(entries) = history(publication) {
        layout.gap(10.0);
        layout.simple(
            &mut faces,
            HISTORY_TITLE,
            &layout::heading_style(2),
            StructRole::H2,
        );
        for entry in entries {
            for (index, line) in super::text::history_entry_lines(entry).iter().enumerate() {
                let (style, role) = if index == 0 {
                    (&HISTORY_ENTRY, StructRole::H3)
                } else {
                    (&HISTORY_LINE, StructRole::P)
                };
                layout.simple(&mut faces, line, style, role);
            }
        }
    }
    layout.finish_footnotes();
    write::write_document(publication, &mut faces, &layout)
}

/// What the PDF cannot show of `content`: characters its fonts have no glyph for, drawn as `?`,
/// with their count and the first few of them.
pub fn export_warnings(content: &Content) -> Vec<String> {
    let Ok(faces) = fonts::faces() else {
        return Vec::new();
    };
    let regular = &faces[fonts::REGULAR];
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for c in content.text.chars() {
        if !c.is_ascii() {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    let missing: BTreeMap<char, usize> = counts
        .into_iter()
        .filter(|(c, _)| *c != NOTE_REFERENCE && *c != SOFT_BREAK && !c.is_control())
        .filter(|(c, _)| !regular.has(*c))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let total: usize = missing.values().sum();
    let shown: String = missing.keys().take(10).collect();
    vec![format!(
        "{total} characters the PDF's font cannot draw are shown as \"?\" ({shown}{})",
        if missing.len() > 10 { "…" } else { "" }
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_deterministic() {
        let content = crate::formats::markdown::parse(
            "# H\n\nBody **text** with [a link](https://example.com).\n\n- item\n\n| a | b |\n|---|---|\n| c | d |",
        )
        .content;
        let publication = Publication {
            organisation: "O",
            ..Publication::new("T", &content)
        };
        let first = to_pdf(&publication).ok();
        assert!(first.is_some());
        assert_eq!(first, to_pdf(&publication).ok());
    }

    #[test]
    fn characters_without_glyphs_are_named() {
        assert_eq!(
            export_warnings(&Content::plain("漢字 and € ok")),
            ["2 characters the PDF's font cannot draw are shown as \"?\" (字漢)"]
        );
        assert!(export_warnings(&Content::plain("Straße €")).is_empty());
    }
}
