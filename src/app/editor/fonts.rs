//! The document's type faces: DejaVu Sans in its regular, bold, oblique and
//! bold oblique faces, shipped with Redline (Bitstream Vera licence, see
//! `assets/fonts/LICENSE-DejaVu.txt`). egui has no bold flag and only a
//! slanted fake italic, so each face is a font family of its own and the
//! paragraph layout picks the family from the marks.

use egui::FontFamily;
use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Oblique.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-BoldOblique.ttf");

const FAMILIES: [&str; 4] = ["doc", "doc-bold", "doc-italic", "doc-bold-italic"];

/// The family of the document text with these faces.
pub fn family(bold: bool, italic: bool) -> FontFamily {
    let index = usize::from(bold) + 2 * usize::from(italic);
    FontFamily::Name(FAMILIES[index].into())
}

/// Adds the document faces to `ctx` (once; later calls do nothing). The
/// regular face also backs up the bold and italic families and the
/// interface's own font, for characters they lack.
pub fn install(ctx: &egui::Context) {
    let into = |families: &[(&str, FontPriority)]| {
        families
            .iter()
            .map(|(name, priority)| InsertFontFamily {
                family: FontFamily::Name((*name).into()),
                priority: *priority,
            })
            .collect::<Vec<_>>()
    };
    let mut regular_families = into(&[
        ("doc", FontPriority::Highest),
        ("doc-bold", FontPriority::Lowest),
        ("doc-italic", FontPriority::Lowest),
        ("doc-bold-italic", FontPriority::Lowest),
    ]);
    regular_families.push(InsertFontFamily {
        family: FontFamily::Proportional,
        priority: FontPriority::Lowest,
    });
    ctx.add_font(FontInsert::new(
        "DejaVuSans",
        FontData::from_static(REGULAR),
        regular_families,
    ));
    for (name, data, family) in [
        ("DejaVuSans-Bold", BOLD, "doc-bold"),
        ("DejaVuSans-Oblique", ITALIC, "doc-italic"),
        ("DejaVuSans-BoldOblique", BOLD_ITALIC, "doc-bold-italic"),
    ] {
        ctx.add_font(FontInsert::new(
            name,
            FontData::from_static(data),
            into(&[(family, FontPriority::Highest)]),
        ));
    }
}
