//! Reading a .docx into project parts.
//!
//! The main document part is the target of the package's `officeDocument`
//! relationship (`_rels/.rels`); its relationships name the styles,
//! numbering, notes and comments parts and the hyperlinks' addresses (the
//! conventional names are used when a package has no relationships). The
//! body and then the notes are read in one streaming pass ([`body`]); the
//! comments parts give the threads; [`assemble`] builds the project's parts.
//!
//! Whatever is not kept is named in the warnings with counts and the
//! nearest heading: images, text boxes, charts, headers and footers, fields
//! other than hyperlinks (their text is kept), section properties, page
//! breaks, hidden text, links outside the allow-list. A package with two
//! entries of one name, a comment range that never ends and colliding
//! comment ids are named too.

mod assemble;
mod body;
mod comments;
mod dropped;
mod fields;
mod numbering;
mod rels;
mod styles;

use super::package::{Package, duplicate_names};
use crate::formats::{FormatError, Imported};
use crate::model::blocks::{BlockStyle, NoteKind};
use crate::model::content::Content;
use body::{BodyReader, PartKind};
use chrono::NaiveDate;
use numbering::Numbering;
use rels::{Relationships, rels_part_of, resolve};
use std::path::Path;
use styles::StyleSheet;

/// Reads the package in `bytes` (the file at `origin`).
pub fn read(bytes: &[u8], origin: &Path) -> Result<Imported, FormatError> {
    let mut package = Package::open(bytes, origin)?;
    let mut warnings: Vec<String> = duplicate_names(bytes)
        .into_iter()
        .map(|(name, count)| {
            format!("the package has {count} entries named {name}: only the last one is read")
        })
        .collect();
    let root = match package.part("_rels/.rels")? {
        Some(xml) => Relationships::read(&xml, "_rels/.rels", origin)?,
        None => Relationships::default(),
    };
    let main = root.first_of("officeDocument").map_or_else(
        || "word/document.xml".to_string(),
        |target| resolve("", target),
    );
    let Some(document_xml) = package.part(&main)? else {
        return Err(FormatError::Invalid {
            path: origin.to_path_buf(),
            message: format!("not a Word document: the package has no {main} part"),
        });
    };
    let rels = part_rels(&mut package, &main, origin)?;
    let part_of = |kind: &str, fallback: &str| {
        rels.first_of(kind)
            .map_or_else(|| fallback.to_string(), |target| resolve(&main, target))
    };
    let styles_part = part_of("styles", "word/styles.xml");
    let styles = match package.part(&styles_part)? {
        Some(xml) => StyleSheet::read(&xml, &styles_part, origin)?,
        None => StyleSheet::default(),
    };
    let numbering_part = part_of("numbering", "word/numbering.xml");
    let numbering = match package.part(&numbering_part)? {
        Some(xml) => Numbering::read(&xml, &numbering_part, origin)?,
        None => Numbering::default(),
    };
    // The comments are independent of the body: they are read on a second
    // thread while the body is (most of an import's time).
    let comments_part = part_of("comments", "word/comments.xml");
    let comments_xml = package.part(&comments_part)?;
    let extended_part = part_of("commentsExtended", "word/commentsExtended.xml");
    let extended_xml = package.part(&extended_part)?;
    let read_comments = || -> Result<_, FormatError> {
        let raw_comments = match &comments_xml {
            Some(xml) => comments::read_comments(xml, &comments_part, origin)?,
            None => Vec::new(),
        };
        let extended = match &extended_xml {
            Some(xml) => comments::read_comments_extended(xml, &extended_part, origin)?,
            None => Default::default(),
        };
        Ok((raw_comments, extended))
    };
    let (body, comments_read) = std::thread::scope(|scope| {
        let comments = scope.spawn(read_comments);
        let body = read_body(
            &mut package,
            &document_xml,
            &main,
            &rels,
            &styles,
            &numbering,
            origin,
        );
        (body, comments.join())
    });
    let body = body?;
    let (raw_comments, extended) = comments_read.map_err(|_| FormatError::Invalid {
        path: origin.to_path_buf(),
        message: "the comments could not be read".to_string(),
    })??;
    warnings.extend(body.dropped.warnings());
    warnings.extend(body.warnings.iter().cloned());
    let core_part = root.first_of("core-properties").map_or_else(
        || "docProps/core.xml".to_string(),
        |target| resolve("", target),
    );
    let core_title = match package.part(&core_part)? {
        Some(xml) => comments::first_text_of(&xml, &core_part, origin, "title")?,
        None => None,
    };
    let app_part = root.first_of("extended-properties").map_or_else(
        || "docProps/app.xml".to_string(),
        |target| resolve("", target),
    );
    let company = match package.part(&app_part)? {
        Some(xml) => comments::first_text_of(&xml, &app_part, origin, "Company")?,
        None => None,
    };
    let inconsistent = |error: &dyn std::fmt::Display| FormatError::Invalid {
        path: origin.to_path_buf(),
        message: format!("the imported review is inconsistent: {error}"),
    };
    let mut parts = assemble::assemble(body, raw_comments, extended, &mut warnings)
        .map_err(|error| inconsistent(&error))?;
    parts.document.title = core_title
        .filter(|title| !title.trim().is_empty())
        .or_else(|| first_heading(&parts.document.content))
        .unwrap_or_else(|| {
            origin
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    parts.document.organisation = company.unwrap_or_default();
    parts.document.effective_date = effective_date(parts.document.text());
    Ok(Imported { parts, warnings })
}

/// Reads the main part and the notes parts.
fn read_body(
    package: &mut Package<'_>,
    document_xml: &str,
    main: &str,
    rels: &Relationships,
    styles: &StyleSheet,
    numbering: &Numbering,
    origin: &Path,
) -> Result<body::Body, FormatError> {
    let part_of = |kind: &str, fallback: &str| {
        rels.first_of(kind)
            .map_or_else(|| fallback.to_string(), |target| resolve(main, target))
    };
    let mut reader = BodyReader::new(styles, numbering);
    reader.read_part(document_xml, main, origin, PartKind::Body, rels)?;
    for (kind, fallback, note) in [
        ("footnotes", "word/footnotes.xml", NoteKind::Footnote),
        ("endnotes", "word/endnotes.xml", NoteKind::Endnote),
    ] {
        let part = part_of(kind, fallback);
        if let Some(xml) = package.part(&part)? {
            let note_rels = part_rels(package, &part, origin)?;
            reader.read_part(&xml, &part, origin, PartKind::Notes(note), &note_rels)?;
        }
    }
    for (kind, what) in [("header", "headers"), ("footer", "footers")] {
        for _ in rels.targets_of(kind) {
            reader.drop_one_at(what, "in the page headers and footers");
        }
    }
    Ok(reader.finish())
}

/// The relationships of `part`, empty when it has none.
fn part_rels(
    package: &mut Package<'_>,
    part: &str,
    origin: &Path,
) -> Result<Relationships, FormatError> {
    let name = rels_part_of(part);
    match package.part(&name)? {
        Some(xml) => Relationships::read(&xml, &name, origin),
        None => Ok(Relationships::default()),
    }
}

fn first_heading(content: &Content) -> Option<String> {
    content
        .paragraphs()
        .find(|(_, block)| block.style == BlockStyle::Heading(1) && block.note.is_none())
        .map(|(range, _)| content.text[range].trim().to_string())
        .filter(|title| !title.is_empty())
}

/// The date after "Effective Date:" (or "Effective:") in the first lines.
fn effective_date(text: &str) -> Option<NaiveDate> {
    text.lines().take(40).find_map(|line| {
        let lower = line.to_lowercase();
        let at = lower.find("effective")?;
        let colon = line[at..].find(':')? + at;
        parse_human_date(&line[colon + 1..])
    })
}

fn parse_human_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim().trim_end_matches('.');
    ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(value, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_dates() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(effective_date("P\nEffective Date: March 1, 2026"), date);
        assert_eq!(effective_date("Effective: 1 March 2026."), date);
        assert_eq!(effective_date("Effective date: 2026-03-01"), date);
        assert_eq!(effective_date("No date here"), None);
    }
}
