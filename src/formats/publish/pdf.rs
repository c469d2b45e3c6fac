//! PDF export: A4 pages with the policy laid out in an embedded DejaVu Sans (regular and bold),
//! written with `pdf-writer` and font subsets made by `subsetter`; glyph lookup and metrics come
//! from `ttf-parser`.
//!
//! Layout: 64 pt side margins; the title (bold, large), front matter, word-wrapped paragraphs,
//! bold and larger headings (kept with the following line), list items with a drawn bullet, and
//! the optional policy history, in the same lines and order as [`super::to_plain_text`]. Every
//! page has a running header — one line, `"{title} — Effective Date: March 1, 2026"` (just the
//! title when there is no date; a long title is shortened with `…`) above a thin rule — and a
//! centred footer `"Page N of M"`. Those two lines are the only text that is not in the plain
//! text, which is how tests read the PDF back.
//!
//! Text is extractable: fonts are Type0/CIDFontType2 with Identity-H encoding and a ToUnicode
//! CMap, words are separated by real space glyphs, and bullets are vector shapes, not text.
//! There is no shaping (no ligatures, kerning or right-to-left reordering). A character that the
//! font has no glyph for (e.g. CJK or emoji) is drawn and extracted as `?`. Words break only at
//! whitespace; a word wider than a line is split between characters.
//!
//! The output is deterministic: no timestamps or random IDs, so exporting the same publication
//! twice gives identical bytes.

use super::{HISTORY_TITLE, Publication, PublishError, blocks, front_matter, history, one_line};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::HashMap;

/// DejaVu Sans, shipped with Redline (Bitstream Vera license, see `assets/fonts/`).
static REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, shipped with Redline (Bitstream Vera license, see `assets/fonts/`).
static BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 width in points.
const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margin.
const MARGIN_X: f32 = 64.0;
/// Width available for text.
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Top of the body area (below the running header).
const BODY_TOP: f32 = PAGE_HEIGHT - 80.0;
/// Bottom of the body area (above the footer).
const BODY_BOTTOM: f32 = 64.0;
/// Baseline of the running header.
const HEADER_BASELINE: f32 = PAGE_HEIGHT - 44.0;
/// Height of the rule under the running header.
const HEADER_RULE_Y: f32 = PAGE_HEIGHT - 52.0;
/// Baseline of the footer.
const FOOTER_BASELINE: f32 = 36.0;
/// Size of the running header and footer text.
const FURNITURE_SIZE: f32 = 8.5;
/// Indent of list-item text; the bullet sits in this gutter.
const LIST_INDENT: f32 = 18.0;
/// Characters below this code point have their glyph cached in a flat table.
const FLAT_CACHE_LIMIT: usize = 0x2200;
/// Index of the regular font in the font pair.
const REGULAR: usize = 0;
/// Index of the bold font in the font pair.
const BOLD: usize = 1;

/// How one kind of block is set.
#[derive(Clone, Copy)]
struct Style {
    font: usize,
    size: f32,
    leading: f32,
    space_before: f32,
    space_after: f32,
    indent: f32,
    bullet: bool,
    keep_with_next: bool,
}

impl Style {
    const fn new(font: usize, size: f32, leading: f32, before: f32, after: f32) -> Self {
        Style {
            font,
            size,
            leading,
            space_before: before,
            space_after: after,
            indent: 0.0,
            bullet: false,
            keep_with_next: font == BOLD,
        }
    }
}

const TITLE: Style = Style::new(BOLD, 20.0, 25.0, 0.0, 6.0);
const FRONT_MATTER: Style = Style::new(REGULAR, 10.5, 14.5, 0.0, 1.0);
const H1: Style = Style::new(BOLD, 16.0, 20.0, 14.0, 4.0);
const H2: Style = Style::new(BOLD, 13.5, 17.0, 11.0, 3.0);
const H3: Style = Style::new(BOLD, 11.5, 15.0, 8.0, 2.0);
const BODY: Style = Style::new(REGULAR, 10.5, 14.5, 0.0, 6.0);
const ITEM: Style = Style {
    indent: LIST_INDENT,
    bullet: true,
    space_after: 3.0,
    ..BODY
};
const HISTORY_ENTRY: Style = Style::new(BOLD, 10.5, 14.5, 6.0, 1.0);
const HISTORY_LINE: Style = Style::new(REGULAR, 10.5, 14.5, 0.0, 1.0);

/// Renders the publication as a PDF 1.7 document with embedded, subset DejaVu Sans fonts.
///
/// # Errors
/// [`PublishError::Font`] or [`PublishError::Subset`] if the embedded fonts cannot be read or
/// subset (only possible if the shipped font files are damaged).
pub fn to_pdf(publication: &Publication) -> Result<Vec<u8>, PublishError> {
    let mut fonts = [
        Font::new("DejaVuSans", REGULAR_FONT)?,
        Font::new("DejaVuSans-Bold", BOLD_FONT)?,
    ];
    let mut layout = Layout::new();
    layout.paragraph(&mut fonts, &one_line(publication.title), &TITLE);
    for line in front_matter(publication) {
        layout.paragraph(&mut fonts, &line, &FRONT_MATTER);
    }
    layout.gap(10.0);
    for block in blocks(publication.content) {
        let style = match block {
            super::Block::Heading(1, _) => &H1,
            super::Block::Heading(2, _) => &H2,
            super::Block::Heading(_, _) => &H3,
            super::Block::Item(_) => &ITEM,
            super::Block::Paragraph(_) => &BODY,
        };
        layout.paragraph(&mut fonts, block.content(), style);
    }
    if let Some(entries) = history(publication) {
        layout.gap(10.0);
        layout.paragraph(&mut fonts, HISTORY_TITLE, &H2);
        for entry in entries {
            let lines = super::text::history_entry_lines(entry);
            for (i, line) in lines.iter().enumerate() {
                let style = if i == 0 {
                    &HISTORY_ENTRY
                } else {
                    &HISTORY_LINE
                };
                layout.paragraph(&mut fonts, line, style);
            }
        }
    }
    write_document(publication, &mut fonts, &layout)
}

/// A glyph of the subset: its id in the subset font and its advance in 1/1000 em.
#[derive(Clone, Copy)]
struct Glyph {
    id: u16,
    width: f32,
}

/// One embedded font: the parsed face, the glyphs used so far (renumbered for the subset) and
/// what the PDF needs about them.
struct Font {
    /// PostScript name without the subset tag.
    name: &'static str,
    data: &'static [u8],
    face: ttf_parser::Face<'static>,
    /// Font units to 1/1000 em.
    scale: f32,
    remapper: subsetter::GlyphRemapper,
    /// Advance of each subset glyph in 1/1000 em, indexed by subset id.
    widths: Vec<f32>,
    /// The character each subset glyph stands for, for the ToUnicode CMap.
    unicode: Vec<Option<char>>,
    flat_cache: Vec<Option<Glyph>>,
    cache: HashMap<char, Glyph>,
    /// The glyph drawn for characters the font lacks (`?`).
    fallback: Glyph,
}

impl Font {
    fn new(name: &'static str, data: &'static [u8]) -> Result<Self, PublishError> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|_| PublishError::Font(name))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let mut font = Font {
            name,
            data,
            face,
            scale,
            remapper: subsetter::GlyphRemapper::new(),
            widths: Vec::new(),
            unicode: Vec::new(),
            flat_cache: vec![None; FLAT_CACHE_LIMIT],
            cache: HashMap::new(),
            fallback: Glyph { id: 0, width: 0.0 },
        };
        // Subset id 0 is .notdef.
        font.widths.push(font.advance(ttf_parser::GlyphId(0)));
        font.unicode.push(None);
        let question = font.face.glyph_index('?').ok_or(PublishError::Font(name))?;
        font.fallback = font.add(question, '?');
        Ok(font)
    }

    fn advance(&self, glyph: ttf_parser::GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * self.scale
    }

    /// Adds a font glyph to the subset (once) and returns its subset glyph.
    fn add(&mut self, glyph: ttf_parser::GlyphId, c: char) -> Glyph {
        let id = self.remapper.remap(glyph.0);
        let index = usize::from(id);
        if index == self.widths.len() {
            self.widths.push(self.advance(glyph));
            self.unicode.push(Some(c));
        }
        Glyph {
            id,
            width: self.widths[index],
        }
    }

    /// The subset glyph for a character, or the `?` glyph if the font lacks it.
    fn glyph(&mut self, c: char) -> Glyph {
        let code = c as usize;
        if code < FLAT_CACHE_LIMIT {
            if let Some(glyph) = self.flat_cache[code] {
                return glyph;
            }
        } else if let Some(glyph) = self.cache.get(&c) {
            return *glyph;
        }
        let glyph = match self.face.glyph_index(c) {
            Some(id) if !c.is_control() => self.add(id, c),
            _ => self.fallback,
        };
        if code < FLAT_CACHE_LIMIT {
            self.flat_cache[code] = Some(glyph);
        } else {
            self.cache.insert(c, glyph);
        }
        glyph
    }

    /// Width of a string in points at `size`.
    fn measure(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).width).sum::<f32>() * size / 1000.0
    }
}

/// A line of text placed on a page.
struct Line {
    font: usize,
    size: f32,
    x: f32,
    baseline: f32,
    /// Range of this line's glyph ids in [`Layout::glyphs`].
    start: usize,
    end: usize,
}

/// What one page shows, apart from the running header and footer.
#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    /// Centres of list bullets, with their radius.
    bullets: Vec<(f32, f32, f32)>,
}

/// The laid-out document: pages of positioned lines.
struct Layout {
    pages: Vec<Page>,
    glyphs: Vec<u16>,
    /// Top of the next line box on the current page.
    cursor: f32,
    /// Scratch: the lines of the paragraph being set, as glyph ranges.
    pending: Vec<(usize, usize)>,
    /// Scratch: the glyphs of the word being measured.
    word: Vec<Glyph>,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Page::default()],
            glyphs: Vec::new(),
            cursor: BODY_TOP,
            pending: Vec::new(),
            word: Vec::new(),
        }
    }

    fn at_page_top(&self) -> bool {
        self.cursor >= BODY_TOP
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.cursor = BODY_TOP;
    }

    /// Adds vertical space (dropped at the top of a page).
    fn gap(&mut self, space: f32) {
        if !self.at_page_top() {
            self.cursor -= space;
        }
    }

    /// Word-wraps `text` in `style` and places its lines, starting new pages as needed.
    fn paragraph(&mut self, fonts: &mut [Font; 2], text: &str, style: &Style) {
        let font = &mut fonts[style.font];
        self.wrap(font, text, style.size, TEXT_WIDTH - style.indent);
        self.gap(style.space_before);
        if style.keep_with_next {
            // Keep a heading together with at least two lines of what follows.
            let needed = self.pending.len() as f32 * style.leading + 2.0 * BODY.leading;
            if self.cursor - needed < BODY_BOTTOM && !self.at_page_top() {
                self.new_page();
            }
        }
        let pending = std::mem::take(&mut self.pending);
        for (i, &(start, end)) in pending.iter().enumerate() {
            if self.cursor - style.leading < BODY_BOTTOM && !self.at_page_top() {
                self.new_page();
            }
            // Centre the glyphs' ascent-to-descent box (about 0.95 em for DejaVu) in the line.
            let baseline = self.cursor - (style.leading - style.size) / 2.0 - 0.76 * style.size;
            let x = MARGIN_X + style.indent;
            let page = self.pages.last_mut();
            if let Some(page) = page {
                if style.bullet && i == 0 {
                    let radius = style.size * 0.16;
                    let centre_y = baseline + style.size * 0.3;
                    page.bullets
                        .push((MARGIN_X + style.indent / 2.5, centre_y, radius));
                }
                page.lines.push(Line {
                    font: style.font,
                    size: style.size,
                    x,
                    baseline,
                    start,
                    end,
                });
            }
            self.cursor -= style.leading;
        }
        self.pending = pending;
        self.pending.clear();
        self.cursor -= style.space_after;
    }

    /// Breaks `text` into lines no wider than `width`, appending their glyphs to
    /// [`Layout::glyphs`] and their ranges to [`Layout::pending`].
    fn wrap(&mut self, font: &mut Font, text: &str, size: f32, width: f32) {
        let max = width * 1000.0 / size; // in 1/1000 em
        let space = font.glyph(' ');
        let mut line_start = self.glyphs.len();
        let mut line_width = 0.0_f32;
        for word in text.split(is_break) {
            if word.is_empty() {
                continue;
            }
            self.word.clear();
            let mut word_width = 0.0;
            for c in word.chars() {
                let glyph = font.glyph(c);
                word_width += glyph.width;
                self.word.push(glyph);
            }
            let line_empty = self.glyphs.len() == line_start;
            if !line_empty && line_width + space.width + word_width <= max {
                self.glyphs.push(space.id);
                line_width += space.width;
            } else if !line_empty {
                self.pending.push((line_start, self.glyphs.len()));
                line_start = self.glyphs.len();
                line_width = 0.0;
            }
            if word_width <= max - line_width {
                self.glyphs.extend(self.word.iter().map(|g| g.id));
                line_width += word_width;
                continue;
            }
            // A word wider than a line: split it between characters.
            for glyph in &self.word {
                if line_width + glyph.width > max && self.glyphs.len() > line_start {
                    self.pending.push((line_start, self.glyphs.len()));
                    line_start = self.glyphs.len();
                    line_width = 0.0;
                }
                self.glyphs.push(glyph.id);
                line_width += glyph.width;
            }
        }
        if self.glyphs.len() > line_start {
            self.pending.push((line_start, self.glyphs.len()));
        }
    }
}

/// Whitespace that may break a line (not the no-break spaces).
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// Object ids of one embedded font.
#[derive(Clone, Copy)]
struct FontRefs {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    cmap: Ref,
}

/// Resource names of the fonts on every page, indexed like [`Font`]s.
const FONT_NAMES: [Name<'static>; 2] = [Name(b"F1"), Name(b"F2")];

/// Writes the pages, running header and footer, fonts and document catalog.
fn write_document(
    publication: &Publication,
    fonts: &mut [Font; 2],
    layout: &Layout,
) -> Result<Vec<u8>, PublishError> {
    let mut next = 1;
    let mut alloc = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog_id = alloc();
    let info_id = alloc();
    let tree_id = alloc();
    let font_refs: [FontRefs; 2] = std::array::from_fn(|_| FontRefs {
        type0: alloc(),
        cid: alloc(),
        descriptor: alloc(),
        file: alloc(),
        cmap: alloc(),
    });
    let page_ids: Vec<(Ref, Ref)> = layout.pages.iter().map(|_| (alloc(), alloc())).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let title = one_line(publication.title);
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id).lang(TextStr("en"));
    catalog.viewer_preferences().display_doc_title(true);
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

    let header = header_text(publication, &mut fonts[REGULAR]);
    let total = layout.pages.len();
    let mut bytes = Vec::new();
    for (number, (page, &(page_id, content_id))) in layout.pages.iter().zip(&page_ids).enumerate() {
        let content = page_content(fonts, layout, page, &header, number + 1, total, &mut bytes);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content, 3);
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
        let mut page_writer = pdf.page(page_id);
        page_writer
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree_id)
            .contents(content_id);
        let mut resources = page_writer.resources();
        let mut font_dict = resources.fonts();
        for (name, refs) in FONT_NAMES.iter().zip(&font_refs) {
            font_dict.pair(*name, refs.type0);
        }
    }
    for (font, refs) in fonts.iter().zip(font_refs) {
        write_font(&mut pdf, font, refs)?;
    }
    Ok(pdf.finish())
}

/// The running header: "{title} — Effective Date: …", shortening the title with "…" to fit.
fn header_text(publication: &Publication, font: &mut Font) -> String {
    let title = one_line(publication.title);
    let suffix = publication
        .effective_date
        .map(|date| format!(" — {}", super::effective_date_line(date)))
        .unwrap_or_default();
    let full = format!("{title}{suffix}");
    if font.measure(&full, FURNITURE_SIZE) <= TEXT_WIDTH {
        return full;
    }
    let budget =
        TEXT_WIDTH - font.measure(&suffix, FURNITURE_SIZE) - font.measure("…", FURNITURE_SIZE);
    let mut shortened = String::new();
    let mut width = 0.0;
    for c in title.chars() {
        width += font.glyph(c).width * FURNITURE_SIZE / 1000.0;
        if width > budget {
            break;
        }
        shortened.push(c);
    }
    format!("{}…{suffix}", shortened.trim_end())
}

/// Writes one page's content stream: header, body lines, bullets, footer.
fn page_content(
    fonts: &mut [Font; 2],
    layout: &Layout,
    page: &Page,
    header: &str,
    number: usize,
    total: usize,
    bytes: &mut Vec<u8>,
) -> Vec<u8> {
    let mut content = Content::new();
    // Running header and its rule, in grey.
    content.set_fill_gray(0.35);
    furniture_line(
        &mut content,
        &mut fonts[REGULAR],
        header,
        MARGIN_X,
        HEADER_BASELINE,
        bytes,
    );
    content
        .set_stroke_gray(0.7)
        .set_line_width(0.5)
        .move_to(MARGIN_X, HEADER_RULE_Y)
        .line_to(PAGE_WIDTH - MARGIN_X, HEADER_RULE_Y)
        .stroke();
    // Body.
    content.set_fill_gray(0.0);
    content.begin_text();
    let mut current: Option<(usize, f32)> = None;
    for line in &page.lines {
        if current != Some((line.font, line.size)) {
            content.set_font(FONT_NAMES[line.font], line.size);
            current = Some((line.font, line.size));
        }
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, line.x, line.baseline]);
        glyph_bytes(&layout.glyphs[line.start..line.end], bytes);
        content.show(Str(bytes));
    }
    content.end_text();
    for &(x, y, r) in &page.bullets {
        circle(&mut content, x, y, r);
    }
    // Footer, centred.
    content.set_fill_gray(0.35);
    let footer = format!("Page {number} of {total}");
    let width = fonts[REGULAR].measure(&footer, FURNITURE_SIZE);
    let x = (PAGE_WIDTH - width) / 2.0;
    furniture_line(
        &mut content,
        &mut fonts[REGULAR],
        &footer,
        x,
        FOOTER_BASELINE,
        bytes,
    );
    content.finish().into_vec()
}

/// Shows one line of header/footer text in the regular font.
fn furniture_line(
    content: &mut Content,
    font: &mut Font,
    text: &str,
    x: f32,
    baseline: f32,
    bytes: &mut Vec<u8>,
) {
    let ids: Vec<u16> = text.chars().map(|c| font.glyph(c).id).collect();
    glyph_bytes(&ids, bytes);
    content
        .begin_text()
        .set_font(FONT_NAMES[REGULAR], FURNITURE_SIZE)
        .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, baseline])
        .show(Str(bytes))
        .end_text();
}

/// Encodes subset glyph ids as Identity-H (big-endian two-byte) codes into `bytes`.
fn glyph_bytes(ids: &[u16], bytes: &mut Vec<u8>) {
    bytes.clear();
    bytes.extend(ids.iter().flat_map(|id| id.to_be_bytes()));
}

/// Fills a circle (a list bullet) with four Bézier arcs.
fn circle(content: &mut Content, x: f32, y: f32, r: f32) {
    let k = 0.552_284_8 * r;
    content
        .move_to(x + r, y)
        .cubic_to(x + r, y + k, x + k, y + r, x, y + r)
        .cubic_to(x - k, y + r, x - r, y + k, x - r, y)
        .cubic_to(x - r, y - k, x - k, y - r, x, y - r)
        .cubic_to(x + k, y - r, x + r, y - k, x + r, y)
        .close_path()
        .fill_nonzero();
}

/// Writes one font as a Type0 font with a CIDFontType2 descendant, its subset font file and
/// its ToUnicode CMap.
fn write_font(pdf: &mut Pdf, font: &Font, refs: FontRefs) -> Result<(), PublishError> {
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
    let bold = font.name.ends_with("Bold");
    let mut flags = FontFlags::NON_SYMBOLIC;
    if bold {
        flags |= FontFlags::FORCE_BOLD;
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
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(if bold { 140.0 } else { 80.0 })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> [Font; 2] {
        match (Font::new("r", REGULAR_FONT), Font::new("b", BOLD_FONT)) {
            (Ok(r), Ok(b)) => [r, b],
            _ => panic!("shipped fonts must parse"),
        }
    }

    #[test]
    fn missing_glyphs_fall_back_to_question_mark() {
        let [mut regular, _] = fonts();
        let question = regular.glyph('?').id;
        assert_eq!(regular.glyph('漢').id, question);
        assert_eq!(regular.glyph('\u{7}').id, question);
        assert_ne!(regular.glyph('€').id, question);
        assert_ne!(regular.glyph('ß').id, question);
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let mut fonts = fonts();
        let mut layout = Layout::new();
        let text = "word ".repeat(200) + &"x".repeat(300);
        layout.wrap(&mut fonts[REGULAR], &text, 10.5, TEXT_WIDTH);
        assert!(layout.pending.len() > 5);
        for &(start, end) in &layout.pending {
            let width: f32 = layout.glyphs[start..end]
                .iter()
                .map(|&id| fonts[REGULAR].widths[usize::from(id)])
                .sum::<f32>()
                * 10.5
                / 1000.0;
            assert!(width <= TEXT_WIDTH + 0.01, "line too wide: {width}");
        }
    }

    #[test]
    fn output_is_deterministic() {
        let publication = Publication {
            title: "T",
            organisation: "O",
            effective_date: None,
            version_label: None,
            content: &crate::model::content::Content::from_marked_text("# H\nBody text.\n- item"),
            history: None,
        };
        let first = to_pdf(&publication).ok();
        assert!(first.is_some());
        assert_eq!(first, to_pdf(&publication).ok());
    }
}
