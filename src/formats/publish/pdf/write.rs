//! Writing the laid-out document as a tagged PDF 1.7: pages whose text is
//! marked content tied to the structure tree (headers, footers and rules
//! are artifacts), link annotations with their structure parents, the
//! structure tree with its parent tree, the document language, and the
//! subset fonts with ToUnicode maps so the text extracts.

use super::fonts::{Faces, Font, REGULAR};
use super::layout::{Destination, Drawing, Layout};
use super::tags::{Attribute, Kid};
use crate::formats::publish::{Publication, PublishError, one_line};
use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, TabOrder, TableHeaderScope,
    UnicodeCmap,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// Size of the running header and footer text.
const FURNITURE_SIZE: f32 = 8.5;

/// Resource names of the faces on every page, indexed like [`Faces`].
const FONT_NAMES: [Name<'static>; 4] = [Name(b"F1"), Name(b"F2"), Name(b"F3"), Name(b"F4")];

/// Object ids of one embedded font.
#[derive(Clone, Copy)]
pub(crate) struct FontRefs {
    /// The Type 0 font the pages name.
    pub type0: Ref,
    /// Its CID font.
    pub cid: Ref,
    /// The font descriptor.
    pub descriptor: Ref,
    /// The embedded subset.
    pub file: Ref,
    /// The ToUnicode CMap.
    pub cmap: Ref,
}

/// Hands out object ids.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Writes the document.
pub fn write_document(
    publication: &Publication,
    faces: &mut Faces,
    layout: &Layout,
) -> Result<Vec<u8>, PublishError> {
    let mut ids = Ids(0);
    let catalog_id = ids.next();
    let info_id = ids.next();
    let tree_id = ids.next();
    let struct_root_id = ids.next();
    let font_refs: Vec<FontRefs> = (0..faces.len())
        .map(|_| FontRefs {
            type0: ids.next(),
            cid: ids.next(),
            descriptor: ids.next(),
            file: ids.next(),
            cmap: ids.next(),
        })
        .collect();
    let page_ids: Vec<(Ref, Ref)> = layout
        .pages
        .iter()
        .map(|_| (ids.next(), ids.next()))
        .collect();
    let node_ids: Vec<Ref> = layout.tree.nodes.iter().map(|_| ids.next()).collect();
    let annotation_ids: Vec<Vec<Ref>> = layout
        .pages
        .iter()
        .map(|page| page.links.iter().map(|_| ids.next()).collect())
        .collect();
    let parent_arrays: Vec<Ref> = layout.pages.iter().map(|_| ids.next()).collect();

    // About a byte per glyph once compressed, plus the fonts: sized once
    // rather than grown page by page.
    let mut pdf = Pdf::with_capacity(layout.glyphs.len() + (1 << 20));
    pdf.set_version(1, 7);
    let title = one_line(publication.title);
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id).lang(TextStr(publication.language));
    catalog.viewer_preferences().display_doc_title(true);
    catalog.mark_info().marked(true);
    catalog.pair(Name(b"StructTreeRoot"), struct_root_id);
    catalog.finish();
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&title));
    let organisation = one_line(publication.organisation);
    if !organisation.is_empty() {
        info.author(TextStr(&organisation));
    }
    info.producer(TextStr("Redline"));
    info.finish();
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|&(page, _)| page))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));

    let header = header_text(
        publication,
        &mut faces[REGULAR],
        layout.geometry.text_width(),
    );
    let total = layout.pages.len();
    // Per page, the marked-content id of each drawing (-1 for artifacts),
    // and the node of each marked-content id.
    let mut mcids: Vec<Vec<i32>> = Vec::with_capacity(total);
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(total);
    let mut bytes = Vec::new();
    for (number, page) in layout.pages.iter().enumerate() {
        let mut content = Content::with_capacity(page.drawings.len() * 64 + 1024);
        let mut page_parents: Vec<usize> = Vec::new();
        if number > 0 {
            artifact_line(
                &mut content,
                &mut faces[REGULAR],
                &header,
                layout.geometry.margin,
                layout.geometry.height - 44.0,
                &mut bytes,
            );
            let rule_y = layout.geometry.height - 52.0;
            content.begin_marked_content(Name(b"Artifact"));
            content
                .set_stroke_gray(0.7)
                .set_line_width(0.5)
                .move_to(layout.geometry.margin, rule_y)
                .line_to(layout.geometry.width - layout.geometry.margin, rule_y)
                .stroke();
            content.end_marked_content();
        }
        content.set_fill_gray(0.0);
        let mut page_mcids = vec![-1; page.drawings.len()];
        // The open marked-content sequence (its node), inside which one text
        // object holds the node's runs with the font last set.
        let mut open: Option<usize> = None;
        let mut font: Option<(usize, f32)> = None;
        for (index, drawing) in page.drawings.iter().enumerate() {
            match drawing {
                Drawing::Text { placed, node } => {
                    if open != Some(*node) {
                        if open.is_some() {
                            content.end_text().end_marked_content();
                        }
                        let mcid = page_parents.len() as i32;
                        page_parents.push(*node);
                        let role = layout.tree.nodes[*node].role.to_name();
                        content
                            .begin_marked_content_with_properties(role)
                            .properties()
                            .identify(mcid);
                        content.begin_text();
                        open = Some(*node);
                        font = None;
                    }
                    page_mcids[index] = page_parents.len() as i32 - 1;
                    if let Some(actual) = &placed.actual {
                        content
                            .begin_marked_content_with_properties(Name(b"Span"))
                            .properties()
                            .actual_text(TextStr(actual));
                    }
                    if font != Some((placed.style.face, placed.style.size)) {
                        content.set_font(FONT_NAMES[placed.style.face], placed.style.size);
                        font = Some((placed.style.face, placed.style.size));
                    }
                    glyph_bytes(&layout.glyphs[placed.glyphs.clone()], &mut bytes);
                    content
                        .set_text_matrix([
                            1.0,
                            0.0,
                            0.0,
                            1.0,
                            hundredths(placed.x),
                            hundredths(placed.baseline + placed.style.rise),
                        ])
                        .show(Str(&bytes));
                    if placed.actual.is_some() {
                        content.end_marked_content();
                    }
                }
                Drawing::Line {
                    from,
                    to,
                    width,
                    gray,
                } => {
                    if open.take().is_some() {
                        content.end_text().end_marked_content();
                    }
                    content.begin_marked_content(Name(b"Artifact"));
                    content
                        .set_stroke_gray(*gray)
                        .set_line_width(*width)
                        .move_to(from.0, from.1)
                        .line_to(to.0, to.1)
                        .stroke();
                    content.end_marked_content();
                }
            }
        }
        if open.is_some() {
            content.end_text().end_marked_content();
        }
        mcids.push(page_mcids);
        let footer = format!("Page {} of {total}", number + 1);
        let footer_width = faces[REGULAR].measure(&footer, FURNITURE_SIZE);
        artifact_line(
            &mut content,
            &mut faces[REGULAR],
            &footer,
            (layout.geometry.width - footer_width) / 2.0,
            36.0,
            &mut bytes,
        );
        // The fastest level: content streams compress well at any level,
        // and this is most of an export's time.
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 1);
        let (page_id, content_id) = page_ids[number];
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
        let mut page_writer = pdf.page(page_id);
        page_writer
            .media_box(Rect::new(
                0.0,
                0.0,
                layout.geometry.width,
                layout.geometry.height,
            ))
            .parent(tree_id)
            .contents(content_id)
            .struct_parents(number as i32)
            .tab_order(TabOrder::StructureOrder);
        page_writer.annotations(annotation_ids[number].iter().copied());
        let mut resources = page_writer.resources();
        let mut font_dict = resources.fonts();
        for (name, refs) in FONT_NAMES.iter().zip(&font_refs) {
            font_dict.pair(*name, refs.type0);
        }
        font_dict.finish();
        resources.finish();
        page_writer.finish();
        parents.push(page_parents);
    }

    // Link annotations, each with its structure parent.
    let mut annotation_keys: Vec<(i32, usize)> = Vec::new();
    let mut next_key = total as i32;
    for (number, page) in layout.pages.iter().enumerate() {
        for (index, link) in page.links.iter().enumerate() {
            let mut annotation = pdf.annotation(annotation_ids[number][index]);
            annotation
                .subtype(AnnotationType::Link)
                .rect(Rect::new(
                    link.rect[0],
                    link.rect[1],
                    link.rect[2],
                    link.rect[3],
                ))
                .border(0.0, 0.0, 0.0, None)
                .page(page_ids[number].0)
                .struct_parent(next_key);
            if let Some(alt) = &layout.tree.nodes[link.node].alt {
                annotation.contents(TextStr(alt));
            }
            let target = match &link.destination {
                Destination::Uri(uri) => Some(Err(uri.as_str())),
                Destination::Anchor(anchor) => layout.anchors.get(anchor).map(|place| Ok(*place)),
                Destination::Note(number) => layout.note_places.get(number).map(|place| Ok(*place)),
            };
            match target {
                Some(Err(uri)) => {
                    annotation
                        .action()
                        .action_type(ActionType::Uri)
                        .uri(Str(uri.as_bytes()));
                }
                Some(Ok((target_page, y))) => {
                    annotation
                        .action()
                        .action_type(ActionType::GoTo)
                        .destination()
                        .page(page_ids[target_page].0)
                        .xyz(layout.geometry.margin, y + 4.0, None);
                }
                None => {}
            }
            annotation.finish();
            annotation_keys.push((next_key, link.node));
            next_key += 1;
        }
    }

    // The structure tree.
    for (number, page_parents) in parents.iter().enumerate() {
        pdf.indirect(parent_arrays[number])
            .array()
            .items(page_parents.iter().map(|&node| node_ids[node]));
    }
    let mut root = pdf
        .indirect(struct_root_id)
        .start::<pdf_writer::writers::StructTreeRoot>();
    root.child(node_ids[0]);
    let mut tree = root.parent_tree();
    let mut nums = tree.nums();
    for (number, array) in parent_arrays.iter().enumerate() {
        nums.insert(number as i32, *array);
    }
    for (key, node) in &annotation_keys {
        nums.insert(*key, node_ids[*node]);
    }
    nums.finish();
    tree.finish();
    root.parent_tree_next_key(next_key);
    root.finish();
    for (index, node) in layout.tree.nodes.iter().enumerate() {
        let mut element = pdf.struct_element(node_ids[index]);
        element.kind(node.role);
        element.parent(
            node.parent
                .map_or(struct_root_id, |parent| node_ids[parent]),
        );
        if index == 0 {
            element.lang(TextStr(publication.language));
            element.title(TextStr(&title));
        }
        if let Some(alt) = &node.alt {
            element.alt(TextStr(alt));
        }
        match node.attribute {
            Attribute::None => {}
            Attribute::Numbering(numbering) => {
                element.attributes().push().list().list_numbering(numbering);
            }
            Attribute::Spans {
                rows,
                columns,
                header,
            } => {
                let mut attributes = element.attributes();
                let mut table = attributes.push().table();
                table
                    .row_span(i32::try_from(rows).unwrap_or(1))
                    .col_span(i32::try_from(columns).unwrap_or(1));
                if header {
                    table.scope(TableHeaderScope::Column);
                }
            }
        }
        let mut children = element.children();
        let mut last_content: Option<(usize, i32)> = None;
        for kid in &node.kids {
            match *kid {
                Kid::Node(child) => {
                    children.struct_element(node_ids[child]);
                    last_content = None;
                }
                Kid::Content { page, drawing } => {
                    let Some(&mcid) = mcids.get(page).and_then(|page| page.get(drawing)) else {
                        continue;
                    };
                    if mcid < 0 {
                        continue;
                    }
                    // Drawings of one node in a row share a marked-content id.
                    if last_content == Some((page, mcid)) {
                        continue;
                    }
                    last_content = Some((page, mcid));
                    children
                        .marked_content_ref()
                        .page(page_ids[page].0)
                        .marked_content_id(mcid);
                }
                Kid::Annotation { page, link } => {
                    children
                        .object_ref()
                        .page(page_ids[page].0)
                        .object(annotation_ids[page][link]);
                    last_content = None;
                }
            }
        }
    }
    for (font, refs) in faces.iter().zip(&font_refs) {
        write_font(&mut pdf, font, *refs)?;
    }
    Ok(pdf.finish())
}

/// The running header of pages after the first: "{title} — Effective Date: …", shortening the
/// title with "…" to fit.
fn header_text(publication: &Publication, font: &mut Font, width: f32) -> String {
    let title = one_line(publication.title);
    let suffix = publication
        .effective_date
        .map(|date| format!(" — {}", super::super::effective_date_line(date)))
        .unwrap_or_default();
    let full = format!("{title}{suffix}");
    if font.measure(&full, FURNITURE_SIZE) <= width {
        return full;
    }
    let budget = width - font.measure(&suffix, FURNITURE_SIZE) - font.measure("…", FURNITURE_SIZE);
    let mut shortened = String::new();
    let mut used = 0.0;
    for c in title.chars() {
        used += font.glyph(c).width * FURNITURE_SIZE / 1000.0;
        if used > budget {
            break;
        }
        shortened.push(c);
    }
    format!("{}…{suffix}", shortened.trim_end())
}

/// Shows one line of page furniture as an artifact.
fn artifact_line(
    content: &mut Content,
    font: &mut Font,
    text: &str,
    x: f32,
    baseline: f32,
    bytes: &mut Vec<u8>,
) {
    let ids: Vec<u16> = text.chars().map(|c| font.glyph(c).id).collect();
    glyph_bytes(&ids, bytes);
    content.begin_marked_content(Name(b"Artifact"));
    content
        .set_fill_gray(0.35)
        .begin_text()
        .set_font(FONT_NAMES[REGULAR], FURNITURE_SIZE)
        .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, baseline])
        .show(Str(bytes))
        .end_text()
        .set_fill_gray(0.0);
    content.end_marked_content();
}

/// `value` to a hundredth of a point: finer than any printer, and short in
/// the content stream.
fn hundredths(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// Encodes subset glyph ids as Identity-H (big-endian two-byte) codes into `bytes`.
fn glyph_bytes(ids: &[u16], bytes: &mut Vec<u8>) {
    bytes.clear();
    bytes.extend(ids.iter().flat_map(|id| id.to_be_bytes()));
}

/// Writes one face as a Type0 font with a CIDFontType2 descendant, its subset font file and
/// its ToUnicode CMap.
pub(crate) fn write_font(pdf: &mut Pdf, font: &Font, refs: FontRefs) -> Result<(), PublishError> {
    let subset =
        subsetter::subset(font.data, 0, &font.remapper).map_err(|e| PublishError::Subset {
            name: font.name,
            reason: e.to_string(),
        })?;
    let base_font = format!("{}+{}", subset_tag(&font.widths, &font.unicode), font.name);
    let base_name = Name(base_font.as_bytes());

    pdf.type0_font(refs.type0)
        .base_font(base_name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid)
        .to_unicode(refs.cmap);

    let mut cid = pdf.cid_font(refs.cid);
    cid.subtype(CidFontType::Type2)
        .base_font(base_name)
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(refs.descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, font.widths.iter().copied());
    cid.finish();

    let face = &font.face;
    let scale = font.scale;
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    if font.italic {
        flags |= FontFlags::ITALIC;
    }
    pdf.font_descriptor(refs.descriptor)
        .name(base_name)
        .flags(flags)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(if font.italic { -11.0 } else { 0.0 })
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(if font.bold { 140.0 } else { 80.0 })
        .font_file2(refs.file);

    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
    pdf.stream(refs.file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );

    let mut cmap = UnicodeCmap::new(
        Name(b"Custom"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (id, c) in font.unicode.iter().enumerate() {
        if let (Ok(id), Some(c)) = (u16::try_from(id), c) {
            cmap.pair(id, *c);
        }
    }
    let cmap = cmap.finish();
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(cmap.as_slice(), 6);
    pdf.cmap(refs.cmap, &compressed).filter(Filter::FlateDecode);
    Ok(())
}

/// A deterministic six-letter subset tag derived from the glyphs used (PDF 32000 §9.6.4).
fn subset_tag(widths: &[f32], unicode: &[Option<char>]) -> String {
    // FNV-1a over the characters the subset covers.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in unicode.iter().flatten() {
        for byte in u32::from(*c).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash ^= widths.len() as u64;
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}
