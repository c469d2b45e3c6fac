//! The embedded faces: DejaVu Sans regular, bold, oblique and bold oblique
//! (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`), subset to
//! the glyphs a document uses. Glyph lookup and metrics come from
//! `ttf-parser`; a character a face lacks is drawn (and extracted) as `?`.

use super::super::PublishError;
use std::collections::HashMap;

static REGULAR_FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static BOLD_FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
static ITALIC_FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Oblique.ttf");
static BOLD_ITALIC_FONT: &[u8] =
    include_bytes!("../../../../assets/fonts/DejaVuSans-BoldOblique.ttf");

/// Index of the regular face.
pub const REGULAR: usize = 0;
/// Index of the bold face.
pub const BOLD: usize = 1;
/// Index of the oblique face.
pub const ITALIC: usize = 2;
/// Index of the bold oblique face.
pub const BOLD_ITALIC: usize = 3;

/// The face for bold and italic.
pub fn face_of(bold: bool, italic: bool) -> usize {
    match (bold, italic) {
        (false, false) => REGULAR,
        (true, false) => BOLD,
        (false, true) => ITALIC,
        (true, true) => BOLD_ITALIC,
    }
}

/// Characters below this code point have their glyph cached in a flat table.
const FLAT_CACHE_LIMIT: usize = 0x2600;

/// A glyph of the subset: its id in the subset font and its advance in 1/1000 em.
#[derive(Clone, Copy)]
pub struct Glyph {
    /// Id in the subset.
    pub id: u16,
    /// Advance in 1/1000 em.
    pub width: f32,
}

/// One embedded face: the parsed font, the glyphs used so far (renumbered
/// for the subset) and what the PDF needs about them.
pub struct Font {
    /// PostScript name without the subset tag.
    pub name: &'static str,
    /// The font file.
    pub data: &'static [u8],
    /// The parsed face.
    pub face: ttf_parser::Face<'static>,
    /// Font units to 1/1000 em.
    pub scale: f32,
    /// Slanted (oblique).
    pub italic: bool,
    /// Bold.
    pub bold: bool,
    /// The glyphs used, renumbered.
    pub remapper: subsetter::GlyphRemapper,
    /// Advance of each subset glyph in 1/1000 em, indexed by subset id.
    pub widths: Vec<f32>,
    /// The character each subset glyph stands for, for the ToUnicode CMap.
    pub unicode: Vec<Option<char>>,
    flat_cache: Vec<Option<Glyph>>,
    cache: HashMap<char, Glyph>,
    fallback: Glyph,
}

impl Font {
    fn new(
        name: &'static str,
        data: &'static [u8],
        bold: bool,
        italic: bool,
    ) -> Result<Font, PublishError> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|_| PublishError::Font(name))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let mut font = Font {
            name,
            data,
            face,
            scale,
            italic,
            bold,
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

    /// True when the face draws `c`.
    pub fn has(&self, c: char) -> bool {
        !c.is_control() && self.face.glyph_index(c).is_some()
    }

    /// The subset glyph for a character, or the `?` glyph if the face lacks it.
    pub fn glyph(&mut self, c: char) -> Glyph {
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
    pub fn measure(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).width).sum::<f32>() * size / 1000.0
    }
}

/// The four faces, indexed by [`REGULAR`], [`BOLD`], [`ITALIC`], [`BOLD_ITALIC`].
pub type Faces = [Font; 4];

/// Loads the four faces.
pub fn faces() -> Result<Faces, PublishError> {
    Ok([
        Font::new("DejaVuSans", REGULAR_FONT, false, false)?,
        Font::new("DejaVuSans-Bold", BOLD_FONT, true, false)?,
        Font::new("DejaVuSans-Oblique", ITALIC_FONT, false, true)?,
        Font::new("DejaVuSans-BoldOblique", BOLD_ITALIC_FONT, true, true)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_glyphs_fall_back_to_question_mark() {
        let [mut regular, ..] = faces().expect("shipped fonts parse");
        let question = regular.glyph('?').id;
        assert_eq!(regular.glyph('漢').id, question);
        assert_eq!(regular.glyph('\u{7}').id, question);
        assert_ne!(regular.glyph('€').id, question);
        assert_ne!(regular.glyph('•').id, question);
        assert!(!regular.has('漢'));
    }
}
