//! Writing a project as a .docx: the same structure as Word structure
//! (runs with their properties, `w:hyperlink` with relationships, numbering
//! that Word renumbers, `w:tbl` with merged cells, footnotes and endnotes
//! parts, heading styles 1–6), with the pending suggestions as tracked
//! changes (text, and formatting as `w:rPrChange`/`w:pPrChange`) and the
//! comments as real comments with replies and resolved state.
//!
//! - [`plan`] decides the Word paragraphs and their pieces;
//! - [`document`] writes paragraphs, runs and tables;
//! - [`numbering`] writes the lists;
//! - [`parts`] writes everything around the body.
//!
//! Accepted and rejected suggestions are history, not pending changes: the
//! text already holds what was accepted, so they are not written. A
//! suggestion's rationale is not written (Word has no place for it). No
//! metadata is invented: a change or comment without a date is written
//! without `w:date`, and the properties name no author.
//!
//! A clean document carries no comments, no tracked changes, no formatting
//! changes and no names: it is the content alone.

mod document;
mod numbering;
mod parts;
mod plan;

use super::FormatError;
use crate::model::blocks::{NoteId, NoteKind, NoteRef, slug};
use crate::model::content::Content;
use crate::model::links::LinkTarget;
use crate::model::{Comment, Project, Suggestion};
use document::{Context, Ids, PartWriter};
use numbering::NumberingPlan;
use parts::{MC_NS, Present, R_NS, W_NS, W14_NS};
use plan::{Piece, Plan};
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// Writes the draft with its pending suggestions and comments.
pub fn export_redline(project: &Project) -> Result<Vec<u8>, FormatError> {
    let document = project.document();
    write(
        project.content(),
        project.suggestions(),
        project.comments(),
        &document.title,
        &document.organisation,
    )
}

/// Writes the content alone: no comments, no changes, no names.
pub fn export_clean(content: &Content, title: &str) -> Result<Vec<u8>, FormatError> {
    write(content, &[], &[], title, "")
}

/// What a Word export cannot keep of `content`, with counts.
pub fn export_warnings(content: &Content) -> Vec<String> {
    let numbering = NumberingPlan::new(content.blocks.iter(), std::iter::empty());
    if numbering.relabelled == 0 {
        return Vec::new();
    }
    vec![format!(
        "{} list items are labelled unlike the first item of their list at their level; Word labels them like it",
        numbering.relabelled
    )]
}

fn write(
    content: &Content,
    suggestions: &[Suggestion],
    comments: &[Comment],
    title: &str,
    organisation: &str,
) -> Result<Vec<u8>, FormatError> {
    let plan = Plan::new(content, suggestions, comments);
    let numbering = NumberingPlan::new(
        plan.paragraphs.iter().map(|paragraph| &paragraph.block),
        plan.paragraphs
            .iter()
            .filter_map(|paragraph| paragraph.previous_block.as_ref().map(|(_, block)| block)),
    );
    // Body paragraphs, and each note's paragraphs in order.
    let mut body: Vec<usize> = Vec::new();
    let mut notes: Vec<(NoteRef, Vec<usize>)> = Vec::new();
    for (index, paragraph) in plan.paragraphs.iter().enumerate() {
        match paragraph.block.note {
            None => body.push(index),
            Some(note) => match notes.last_mut() {
                Some((last, members)) if *last == note => members.push(index),
                _ => notes.push((note, vec![index])),
            },
        }
    }
    let mut note_ids: HashMap<NoteId, (NoteKind, u32)> = HashMap::new();
    let mut counts = [0u32; 2];
    for (note, _) in &notes {
        let slot = usize::from(note.kind == NoteKind::Endnote);
        if let std::collections::hash_map::Entry::Vacant(entry) = note_ids.entry(note.id) {
            counts[slot] += 1;
            entry.insert((note.kind, counts[slot]));
        }
    }
    let bookmarks = heading_bookmarks(&plan);
    let context = Context {
        plan: &plan,
        numbering: &numbering,
        notes: &note_ids,
        bookmarks: &bookmarks,
    };
    let mut ids = Ids {
        revision: plan.comments.len() + 1,
        bookmark: 1,
    };
    let present = Present {
        comments: !plan.comments.is_empty(),
        footnotes: notes
            .iter()
            .any(|(note, _)| note.kind == NoteKind::Footnote),
        endnotes: notes.iter().any(|(note, _)| note.kind == NoteKind::Endnote),
    };

    let mut writer = PartWriter::new(&context, &mut ids);
    writer
        .out
        .push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    writer.out.push_str(&format!(
        r#"<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w14="{W14_NS}" xmlns:mc="{MC_NS}" mc:Ignorable="w14"><w:body>"#
    ));
    writer.paragraphs(&body);
    writer.out.push_str(r#"<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#);
    let document_xml = std::mem::take(&mut writer.out);
    let document_links = std::mem::take(&mut writer.links);
    drop(writer);

    let mut note_parts: Vec<(&str, String, Vec<String>)> = Vec::new();
    for (kind, part, element) in [
        (NoteKind::Footnote, "footnotes", "footnote"),
        (NoteKind::Endnote, "endnotes", "endnote"),
    ] {
        if !notes.iter().any(|(note, _)| note.kind == kind) {
            continue;
        }
        let mut writer = PartWriter::new(&context, &mut ids);
        writer.out.push_str(&parts::notes_start(part));
        for (note, members) in notes.iter().filter(|(note, _)| note.kind == kind) {
            let Some((_, id)) = note_ids.get(&note.id) else {
                continue;
            };
            writer
                .out
                .push_str(&format!(r#"<w:{element} w:id="{id}">"#));
            for (position, &index) in members.iter().enumerate() {
                if context.plan.paragraphs[index].block.cell.is_some() {
                    writer.paragraphs(&[index]);
                } else {
                    writer.paragraph(index, position == 0);
                }
            }
            writer.out.push_str(&format!("</w:{element}>"));
        }
        writer.out.push_str(&format!("</w:{part}>"));
        note_parts.push((part, writer.out, writer.links));
    }

    let mut fixed: Vec<(&str, &str, &str)> = vec![
        ("rId1", "styles", "styles.xml"),
        ("rId2", "numbering", "numbering.xml"),
        ("rId3", "settings", "settings.xml"),
    ];
    if present.comments {
        fixed.push(("rId4", "comments", "comments.xml"));
        fixed.push((
            "rId5",
            "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            "commentsExtended.xml",
        ));
    }
    if present.footnotes {
        fixed.push(("rId6", "footnotes", "footnotes.xml"));
    }
    if present.endnotes {
        fixed.push(("rId7", "endnotes", "endnotes.xml"));
    }
    let mut files: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), parts::content_types(present)),
        ("_rels/.rels".into(), parts::ROOT_RELS.to_string()),
        ("docProps/core.xml".into(), parts::core_xml(title)),
        ("docProps/app.xml".into(), parts::app_xml(organisation)),
        (
            "word/_rels/document.xml.rels".into(),
            parts::rels(&fixed, &document_links),
        ),
        ("word/document.xml".into(), document_xml),
        ("word/styles.xml".into(), parts::styles()),
        ("word/numbering.xml".into(), numbering.xml(W_NS)),
        ("word/settings.xml".into(), parts::settings(present)),
    ];
    for (part, xml, links) in note_parts {
        files.push((format!("word/{part}.xml"), xml));
        if !links.is_empty() {
            files.push((
                format!("word/_rels/{part}.xml.rels"),
                parts::rels(&[], &links),
            ));
        }
    }
    if present.comments {
        files.push(("word/comments.xml".into(), parts::comments_xml(&plan)));
        files.push((
            "word/commentsExtended.xml".into(),
            parts::comments_extended_xml(&plan),
        ));
    }
    zip_parts(&files)
}

/// Bookmarks for headings that in-document links name by their slug
/// ("#data-retention") when no paragraph has that anchor.
fn heading_bookmarks(plan: &Plan) -> HashMap<usize, Vec<String>> {
    let anchors: HashSet<&str> = plan
        .paragraphs
        .iter()
        .filter_map(|paragraph| paragraph.block.anchor.as_deref())
        .collect();
    let mut wanted: HashSet<String> = HashSet::new();
    for paragraph in &plan.paragraphs {
        for piece in &paragraph.pieces {
            if let Piece::Text { marks, .. } = piece
                && let Some(name) = marks.link.as_ref().and_then(LinkTarget::anchor)
                && !anchors.contains(name)
            {
                wanted.insert(name.to_string());
            }
        }
    }
    let mut bookmarks: HashMap<usize, Vec<String>> = HashMap::new();
    if wanted.is_empty() {
        return bookmarks;
    }
    for (index, paragraph) in plan.paragraphs.iter().enumerate() {
        if paragraph.block.style.heading_level().is_none() {
            continue;
        }
        let title: String = paragraph
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let name = slug(&title);
        if wanted.remove(&name) {
            bookmarks.entry(index).or_default().push(name);
        }
    }
    bookmarks
}

fn zip_parts(files: &[(String, String)]) -> Result<Vec<u8>, FormatError> {
    let fail = |error: &dyn std::fmt::Display| FormatError::Invalid {
        path: "document.docx".into(),
        message: format!("cannot write the zip package: {error}"),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|error| fail(&error))?;
        zip.write_all(content.as_bytes())
            .map_err(|error| fail(&error))?;
    }
    let cursor = zip.finish().map_err(|error| fail(&error))?;
    Ok(cursor.into_inner())
}
