//! Block structure: what each paragraph is. The one module that knows
//! headings, lists, quotes, table cells and notes; nothing else parses
//! heading or list syntax.
//!
//! Every paragraph, the last one included, has a [`Block`]. Its parts
//! compose: a style (normal, heading 1–6, quote), optionally list membership,
//! optionally a table cell, optionally the note it belongs to. So a numbered
//! heading, or a list inside a table cell, is one block.
//!
//! A paragraph's block belongs to the line break that ends it (Quill puts
//! block formats on the `"\n"`); the last paragraph, which has no line
//! break, keeps its own. So deleting a line break joins two paragraphs into
//! the second one's block, and inserting one gives the new paragraph the
//! block the change carries:
//!
//! ```text
//!   text:    Data Retention \n We keep data … \n Contact us
//!   blocks:  [Heading 2]       [Normal]          [Normal]     (3 paragraphs)
//! ```
//!
//! Derived things are computed, never stored: a numbered item's label
//! ("3.", "2.3.1", "b)") by [`list_labels`], the outline by [`outline`].
//!
//! Notes: a footnote or endnote is made of paragraphs whose block says
//! which note they belong to ([`Block::note`]); they sit after the body and
//! are edited, searched, checked and commented on like any other text. The
//! reference in the body is one U+FFFC character carrying the note mark
//! ([`super::marks::Marks::note`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// The character that stands for a note reference in the text.
pub const NOTE_REFERENCE: char = '\u{FFFC}';

/// A soft line break inside a paragraph (Word's Shift+Enter).
pub const SOFT_BREAK: char = '\u{2028}';

/// The highest heading level kept distinct.
pub const MAX_HEADING_LEVEL: u8 = 6;

/// The highest list level (0-based), as in Word.
pub const MAX_LIST_LEVEL: u8 = 8;

/// Identifies a list: items with the same id number on together.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ListId(pub u32);

/// Identifies a table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct TableId(pub u32);

/// Identifies a footnote or endnote.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct NoteId(pub u32);

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A paragraph's style. Stored by its code (`normal`, `h1`…`h6`, `quote`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum BlockStyle {
    /// Body text.
    #[default]
    Normal,
    /// A heading, level 1 to 6.
    Heading(u8),
    /// A block quote.
    Quote,
}

impl BlockStyle {
    /// The style's name as users see it ("Heading 2").
    pub fn display_name(self) -> String {
        match self {
            BlockStyle::Normal => "Normal".to_string(),
            BlockStyle::Heading(level) => format!("Heading {level}"),
            BlockStyle::Quote => "Quote".to_string(),
        }
    }

    /// The heading level, for a heading.
    pub fn heading_level(self) -> Option<u8> {
        match self {
            BlockStyle::Heading(level) => Some(level),
            _ => None,
        }
    }

    /// The short name the project file and the CLI use: `normal`, `h1`…`h6`,
    /// `quote`.
    pub fn code(self) -> String {
        match self {
            BlockStyle::Normal => "normal".to_string(),
            BlockStyle::Heading(level) => format!("h{level}"),
            BlockStyle::Quote => "quote".to_string(),
        }
    }

    /// The style with this short name (see [`BlockStyle::code`]).
    pub fn from_code(code: &str) -> Option<BlockStyle> {
        match code {
            "normal" => Some(BlockStyle::Normal),
            "quote" => Some(BlockStyle::Quote),
            _ => {
                let level: u8 = code.strip_prefix('h')?.parse().ok()?;
                (1..=MAX_HEADING_LEVEL)
                    .contains(&level)
                    .then_some(BlockStyle::Heading(level))
            }
        }
    }
}

impl From<BlockStyle> for String {
    fn from(style: BlockStyle) -> String {
        style.code()
    }
}

impl TryFrom<String> for BlockStyle {
    type Error = String;
    fn try_from(code: String) -> Result<BlockStyle, String> {
        BlockStyle::from_code(&code).ok_or_else(|| format!("unknown paragraph style {code:?}"))
    }
}

/// How a list level counts. Stored by its code (`decimal`, `lower-roman`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum NumberFormat {
    /// A bullet, not a number.
    #[default]
    Bullet,
    /// 1, 2, 3.
    Decimal,
    /// a, b, c … z, aa, bb.
    LowerLetter,
    /// A, B, C.
    UpperLetter,
    /// i, ii, iii.
    LowerRoman,
    /// I, II, III.
    UpperRoman,
}

impl NumberFormat {
    /// Every format with its short name (project file, CLI).
    pub const NAMED: [(NumberFormat, &'static str); 6] = [
        (NumberFormat::Bullet, "bullet"),
        (NumberFormat::Decimal, "decimal"),
        (NumberFormat::LowerLetter, "lower-letter"),
        (NumberFormat::UpperLetter, "upper-letter"),
        (NumberFormat::LowerRoman, "lower-roman"),
        (NumberFormat::UpperRoman, "upper-roman"),
    ];

    /// The short name.
    pub fn code(self) -> &'static str {
        NumberFormat::NAMED
            .iter()
            .find(|(format, _)| *format == self)
            .map_or("bullet", |(_, name)| name)
    }

    /// The format with this short name.
    pub fn from_code(code: &str) -> Option<NumberFormat> {
        NumberFormat::NAMED
            .iter()
            .find(|(_, name)| *name == code)
            .map(|(format, _)| *format)
    }

    /// `number` written in this format.
    ///
    /// ```
    /// use redline::model::blocks::NumberFormat;
    /// assert_eq!(NumberFormat::LowerLetter.write(28), "bb");
    /// assert_eq!(NumberFormat::UpperRoman.write(14), "XIV");
    /// ```
    pub fn write(self, number: u32) -> String {
        match self {
            NumberFormat::Bullet => String::new(),
            NumberFormat::Decimal => number.to_string(),
            NumberFormat::LowerLetter => letters(number),
            NumberFormat::UpperLetter => letters(number).to_uppercase(),
            NumberFormat::LowerRoman => roman(number).to_lowercase(),
            NumberFormat::UpperRoman => roman(number),
        }
    }
}

impl From<NumberFormat> for String {
    fn from(format: NumberFormat) -> String {
        format.code().to_string()
    }
}

impl TryFrom<String> for NumberFormat {
    type Error = String;
    fn try_from(code: String) -> Result<NumberFormat, String> {
        NumberFormat::from_code(&code).ok_or_else(|| format!("unknown number format {code:?}"))
    }
}

/// Word's letter numbering: a … z, aa … zz, aaa …
fn letters(number: u32) -> String {
    if number == 0 {
        return "0".to_string();
    }
    let index = (number - 1) % 26;
    let repeat = ((number - 1) / 26 + 1).min(64) as usize;
    let letter = char::from(b'a' + index as u8);
    std::iter::repeat_n(letter, repeat).collect()
}

fn roman(mut number: u32) -> String {
    if number == 0 || number >= 4000 {
        return number.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut written = String::new();
    for (value, digits) in TABLE {
        while number >= value {
            written.push_str(digits);
            number -= value;
        }
    }
    written
}

/// A paragraph's place in a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ListItem {
    /// The list: items with one id count on together, even with other
    /// paragraphs between them.
    pub list: ListId,
    /// The nesting level, 0 to 8.
    pub level: u8,
    /// How this level counts.
    pub format: NumberFormat,
    /// The label pattern: `%1` … `%9` stand for the counters of levels 1 to 9
    /// written in their level's format ("%1.", "%1.%2.%3", "(%2)",
    /// "Section %1"); for a bullet, the bullet character (empty: the default
    /// for the level).
    pub pattern: String,
    /// The number this level starts at.
    pub start: u32,
    /// This item starts the level's count again at `start`.
    pub restart: bool,
}

impl ListItem {
    /// A bulleted item of `list` at `level`.
    pub fn bulleted(list: ListId, level: u8) -> ListItem {
        ListItem {
            list,
            level: level.min(MAX_LIST_LEVEL),
            format: NumberFormat::Bullet,
            pattern: String::new(),
            start: 1,
            restart: false,
        }
    }

    /// A numbered item of `list` at `level`, labelled "1.", "a.", "i." by
    /// level as Word's default numbering does.
    pub fn numbered(list: ListId, level: u8) -> ListItem {
        let level = level.min(MAX_LIST_LEVEL);
        let format = match level % 3 {
            0 => NumberFormat::Decimal,
            1 => NumberFormat::LowerLetter,
            _ => NumberFormat::LowerRoman,
        };
        ListItem {
            list,
            level,
            format,
            pattern: format!("%{}.", level + 1),
            start: 1,
            restart: false,
        }
    }

    /// True for a numbered (not bulleted) item.
    pub fn is_ordered(&self) -> bool {
        self.format != NumberFormat::Bullet
    }
}

/// A paragraph's place in a table. A cell merged over others covers them;
/// covered cells have no paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableCell {
    /// The table.
    pub table: TableId,
    /// The row, from 0.
    pub row: u32,
    /// The column, from 0.
    pub col: u32,
    /// How many rows the cell spans (at least 1).
    pub row_span: u32,
    /// How many columns the cell spans (at least 1).
    pub col_span: u32,
}

impl TableCell {
    /// A one-by-one cell.
    pub fn at(table: TableId, row: u32, col: u32) -> TableCell {
        TableCell {
            table,
            row,
            col,
            row_span: 1,
            col_span: 1,
        }
    }
}

/// Footnote or endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// At the foot of the page (or the end of a web page).
    #[default]
    Footnote,
    /// At the end of the document.
    Endnote,
}

impl NoteKind {
    /// `footnote` or `endnote`.
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<NoteKind> {
        match name {
            "footnote" => Some(NoteKind::Footnote),
            "endnote" => Some(NoteKind::Endnote),
            _ => None,
        }
    }
}

/// The note a paragraph belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoteRef {
    /// The note.
    pub id: NoteId,
    /// Footnote or endnote.
    pub kind: NoteKind,
}

/// Everything about a paragraph as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Block {
    /// Normal, heading or quote.
    #[serde(default, skip_serializing_if = "is_normal_style")]
    pub style: BlockStyle,
    /// Its list membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<ListItem>,
    /// Its table cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<TableCell>,
    /// The note it is part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteRef>,
    /// A bookmark name in-document links (`#name`) can point to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl Block {
    /// A paragraph of this style and nothing else.
    pub fn styled(style: BlockStyle) -> Block {
        Block {
            style,
            ..Block::default()
        }
    }

    /// A heading of `level` (clamped to 1–6).
    pub fn heading(level: u8) -> Block {
        Block::styled(BlockStyle::Heading(level.clamp(1, MAX_HEADING_LEVEL)))
    }

    /// A list item of `style` Normal.
    pub fn item(item: ListItem) -> Block {
        Block {
            list: Some(item),
            ..Block::default()
        }
    }

    /// A plain body paragraph.
    pub fn is_normal(&self) -> bool {
        *self == Block::default()
    }

    /// What `redline show --json` calls it: `list_item` when in a list, else
    /// `table_cell` when in a table, else `heading`, `quote` or `paragraph`.
    pub fn kind_name(&self) -> &'static str {
        if self.list.is_some() {
            "list_item"
        } else if self.cell.is_some() {
            "table_cell"
        } else {
            match self.style {
                BlockStyle::Normal => "paragraph",
                BlockStyle::Heading(_) => "heading",
                BlockStyle::Quote => "quote",
            }
        }
    }

    /// A short description for compare reports and formatting suggestions
    /// ("Heading 2", "Normal, numbered list level 1", "Quote, table cell").
    pub fn describe(&self) -> String {
        let mut parts = vec![self.style.display_name()];
        if let Some(item) = &self.list {
            let kind = if item.is_ordered() {
                "numbered"
            } else {
                "bulleted"
            };
            parts.push(format!("{kind} list level {}", item.level + 1));
        }
        if self.cell.is_some() {
            parts.push("table cell".to_string());
        }
        if let Some(note) = self.note {
            parts.push(format!("{} {}", note.kind.name(), note.id));
        }
        parts.join(", ")
    }
}

fn is_normal_style(style: &BlockStyle) -> bool {
    *style == BlockStyle::Normal
}

/// A change of some parts of a block that leaves the others as they are.
/// It sets, never toggles.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct BlockPatch {
    /// Sets the style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<BlockStyle>,
    /// Sets (or with `None` removes) list membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<Option<ListItem>>,
    /// Sets (or removes) the table cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<Option<TableCell>>,
    /// Sets (or removes) note membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Option<NoteRef>>,
    /// Sets (or removes) the bookmark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Option<String>>,
}

impl BlockPatch {
    /// A patch that sets the style.
    pub fn style(style: BlockStyle) -> BlockPatch {
        BlockPatch {
            style: Some(style),
            ..BlockPatch::default()
        }
    }

    /// A patch that sets (or removes) list membership.
    pub fn list(item: Option<ListItem>) -> BlockPatch {
        BlockPatch {
            list: Some(item),
            ..BlockPatch::default()
        }
    }

    /// A patch that makes a block exactly `block`.
    pub fn whole(block: &Block) -> BlockPatch {
        BlockPatch {
            style: Some(block.style),
            list: Some(block.list.clone()),
            cell: Some(block.cell),
            note: Some(block.note),
            anchor: Some(block.anchor.clone()),
        }
    }

    /// True when it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.style.is_none()
            && self.list.is_none()
            && self.cell.is_none()
            && self.note.is_none()
            && self.anchor.is_none()
    }

    /// `block` with this patch applied.
    pub fn apply(&self, block: &Block) -> Block {
        Block {
            style: self.style.unwrap_or(block.style),
            list: self.list.clone().unwrap_or_else(|| block.list.clone()),
            cell: self.cell.unwrap_or(block.cell),
            note: self.note.unwrap_or(block.note),
            anchor: self.anchor.clone().unwrap_or_else(|| block.anchor.clone()),
        }
    }

    /// The patch that puts back what this one changes in `old`.
    pub fn inverse_for(&self, old: &Block) -> BlockPatch {
        BlockPatch {
            style: self.style.map(|_| old.style),
            list: self.list.as_ref().map(|_| old.list.clone()),
            cell: self.cell.map(|_| old.cell),
            note: self.note.map(|_| old.note),
            anchor: self.anchor.as_ref().map(|_| old.anchor.clone()),
        }
    }
}

/// The byte ranges of the paragraphs of `text`, without their line breaks.
pub fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let range = start..start + line.len();
        start = range.end + 1;
        range
    })
}

/// The label of each paragraph that is a list item ("3.", "2.3.1", "b)",
/// "•"), `None` for the others. Items of one list count on across other
/// paragraphs; an item at a level starts the levels below it afresh.
///
/// ```
/// use redline::model::blocks::{list_labels, Block, ListId, ListItem};
/// let list = ListId(1);
/// let mut sub = ListItem::numbered(list, 1);
/// sub.pattern = "%1.%2".into();
/// sub.format = redline::model::blocks::NumberFormat::Decimal;
/// let blocks = [
///     Block::item(ListItem::numbered(list, 0)),
///     Block::item(sub.clone()),
///     Block::item(sub),
///     Block::default(),
///     Block::item(ListItem::numbered(list, 0)),
/// ];
/// let labels = list_labels(&blocks);
/// assert_eq!(labels, [Some("1.".into()), Some("1.1".into()), Some("1.2".into()), None, Some("2.".into())]);
/// ```
pub fn list_labels(blocks: &[Block]) -> Vec<Option<String>> {
    list_counts(blocks)
        .into_iter()
        .map(|count| count.map(|count| count.label))
        .collect()
}

/// A list item's count: its number at its level and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCount {
    /// The item's number at its level (bullets count too).
    pub number: u32,
    /// The label shown ("3.", "2.3.1", "b)", "•").
    pub label: String,
    /// The item does not continue the count of the item before it at its
    /// level in its list (it restarts, or is the first).
    pub starts_count: bool,
}

/// The count of each paragraph that is a list item (see [`list_labels`]).
pub fn list_counts(blocks: &[Block]) -> Vec<Option<ListCount>> {
    #[derive(Default, Clone)]
    struct Counters {
        values: [Option<u32>; 9],
        formats: [NumberFormat; 9],
    }
    let mut lists: std::collections::HashMap<ListId, Counters> = Default::default();
    blocks
        .iter()
        .map(|block| {
            let item = block.list.as_ref()?;
            let level = usize::from(item.level.min(MAX_LIST_LEVEL));
            let counters = lists.entry(item.list).or_default();
            let (number, starts_count) = match counters.values[level] {
                Some(previous) if !item.restart => (previous.saturating_add(1), false),
                _ => (item.start, true),
            };
            counters.values[level] = Some(number);
            counters.formats[level] = item.format;
            for deeper in &mut counters.values[level + 1..] {
                *deeper = None;
            }
            let label = if item.is_ordered() {
                expand_pattern(&item.pattern, counters.values, counters.formats)
            } else {
                bullet(item)
            };
            Some(ListCount {
                number,
                label,
                starts_count,
            })
        })
        .collect()
}

fn bullet(item: &ListItem) -> String {
    if item.pattern.is_empty() {
        ["•", "◦", "▪"][usize::from(item.level) % 3].to_string()
    } else {
        item.pattern.to_string()
    }
}

/// Writes a label pattern: `%1`…`%9` become the counters of those levels.
fn expand_pattern(pattern: &str, values: [Option<u32>; 9], formats: [NumberFormat; 9]) -> String {
    let mut label = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|next| next.to_digit(10));
        match (c, digit) {
            ('%', Some(digit @ 1..=9)) => {
                chars.next();
                let level = digit as usize - 1;
                let value = values[level].unwrap_or(1);
                let format = match formats[level] {
                    NumberFormat::Bullet => NumberFormat::Decimal,
                    format => format,
                };
                label.push_str(&format.write(value));
            }
            _ => label.push(c),
        }
    }
    label
}

/// The blocks with their list, table and note ids numbered from 1 in the
/// order they first appear: two structures that differ only in how their
/// ids were picked become equal.
pub fn canonical_ids(blocks: &mut [Block]) {
    use std::collections::HashMap;
    let mut lists: HashMap<ListId, u32> = HashMap::new();
    let mut tables: HashMap<TableId, u32> = HashMap::new();
    for block in blocks.iter_mut() {
        if let Some(item) = block.list.as_mut() {
            let next = lists.len() as u32 + 1;
            item.list = ListId(*lists.entry(item.list).or_insert(next));
        }
        if let Some(cell) = block.cell.as_mut() {
            let next = tables.len() as u32 + 1;
            cell.table = TableId(*tables.entry(cell.table).or_insert(next));
        }
    }
}

/// A heading of the policy, for the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's words.
    pub title: String,
    /// The bytes of the heading paragraph, without its line break.
    pub line: Range<usize>,
    /// The paragraph's index.
    pub paragraph: usize,
}

/// The headings of a text with its blocks, in order.
pub fn outline(text: &str, blocks: &[Block]) -> Vec<Heading> {
    paragraphs(text)
        .zip(blocks)
        .enumerate()
        .filter_map(|(paragraph, (line, block))| {
            let level = block.style.heading_level()?;
            Some(Heading {
                level,
                title: text[line.clone()].trim().to_string(),
                line,
                paragraph,
            })
        })
        .collect()
}

/// The anchor name a heading's title gives for in-document links
/// ("Data Retention" → `data-retention`), as pandoc and GitHub make them.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Reading the structure marks of Redline's first project format (and of
/// plain text that uses them): `#`…`######` headings, `- ` / `* ` bullets
/// and `1. ` / `1) ` numbered items, nested by two spaces per level.
pub mod legacy {
    use super::{Block, ListId, ListItem, NumberFormat};

    /// What a line's structure marks say.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LineMarks {
        /// The block the marks stand for.
        pub block: Block,
        /// How many bytes of marks the line starts with.
        pub prefix_len: usize,
        /// For a numbered item, the number written.
        pub number: Option<u32>,
    }

    /// The marks a line starts with, if any. A `#` not followed by a space
    /// (`#hashtag`) is text.
    ///
    /// ```
    /// use redline::model::blocks::{legacy::line_marks, BlockStyle};
    /// let marks = line_marks("## Data Retention").unwrap();
    /// assert_eq!((marks.block.style, marks.prefix_len), (BlockStyle::Heading(2), 3));
    /// assert!(line_marks("#hashtag").is_none());
    /// assert_eq!(line_marks("  - nested").unwrap().block.list.unwrap().level, 1);
    /// assert_eq!(line_marks("3. Third").unwrap().number, Some(3));
    /// ```
    pub fn line_marks(line: &str) -> Option<LineMarks> {
        let hashes = line.bytes().take_while(|&byte| byte == b'#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let spaces = line[hashes..].bytes().take_while(|&b| b == b' ').count();
            return Some(LineMarks {
                block: Block::heading(hashes as u8),
                prefix_len: hashes + spaces,
                number: None,
            });
        }
        let indent = line.bytes().take_while(|&byte| byte == b' ').count();
        let level = (indent / 2).min(usize::from(super::MAX_LIST_LEVEL)) as u8;
        let rest = &line[indent..];
        if rest.starts_with("- ") || rest.starts_with("* ") {
            return Some(LineMarks {
                block: Block::item(ListItem::bulleted(ListId(0), level)),
                prefix_len: indent + 2,
                number: None,
            });
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=9).contains(&digits) {
            let after = &rest[digits..];
            if let Some(delimiter) = [". ", ") "].into_iter().find(|d| after.starts_with(d)) {
                let number: u32 = rest[..digits].parse().ok()?;
                let mut item = ListItem::numbered(ListId(0), level);
                item.format = NumberFormat::Decimal;
                item.pattern = format!("%{}{}", level + 1, &delimiter[..1]);
                return Some(LineMarks {
                    block: Block::item(item),
                    prefix_len: indent + digits + delimiter.len(),
                    number: Some(number),
                });
            }
        }
        None
    }

    /// The blocks of consecutive marked lines grouped into lists: a run of
    /// list items (blank lines allowed between) is one list; numbered items
    /// start at their written number and restart wherever the written
    /// number does not follow on, so every label reads as written.
    pub fn group_lists(lines: &mut [(Block, Option<u32>)], first_list_id: u32) {
        let mut next_id = first_list_id;
        let mut current: Option<ListId> = None;
        let mut top_is_ordered: Option<bool> = None;
        let mut expected: [Option<u32>; 9] = [None; 9];
        for (block, number) in lines.iter_mut() {
            let Some(item) = block.list.as_mut() else {
                if block.style != super::BlockStyle::Normal {
                    current = None;
                }
                continue;
            };
            // Bullets after numbers (or numbers after bullets) at the top
            // level start a list of their own.
            if item.level == 0 {
                if top_is_ordered.is_some_and(|ordered| ordered != item.is_ordered()) {
                    current = None;
                }
                top_is_ordered = Some(item.is_ordered());
            }
            let id = *current.get_or_insert_with(|| {
                next_id += 1;
                expected = [None; 9];
                ListId(next_id - 1)
            });
            item.list = id;
            let level = usize::from(item.level);
            if let Some(number) = *number {
                if expected[level] != Some(number) {
                    item.start = number;
                    item.restart = true;
                }
                expected[level] = Some(number.saturating_add(1));
            } else {
                expected[level] = None;
            }
            for deeper in &mut expected[level + 1..] {
                *deeper = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let table = [
            (NumberFormat::Decimal, 12, "12"),
            (NumberFormat::LowerLetter, 1, "a"),
            (NumberFormat::LowerLetter, 26, "z"),
            (NumberFormat::LowerLetter, 27, "aa"),
            (NumberFormat::UpperLetter, 2, "B"),
            (NumberFormat::LowerRoman, 4, "iv"),
            (NumberFormat::UpperRoman, 1999, "MCMXCIX"),
        ];
        for (format, number, expected) in table {
            assert_eq!(format.write(number), expected, "{format:?} {number}");
        }
    }

    #[test]
    fn labels_follow_patterns_and_restart() {
        let list = ListId(7);
        let item = |level: u8, format: NumberFormat, pattern: &str| {
            Block::item(ListItem {
                list,
                level,
                format,
                pattern: pattern.to_string(),
                start: 1,
                restart: false,
            })
        };
        let mut restarted = item(0, NumberFormat::Decimal, "Section %1");
        if let Some(list_item) = restarted.list.as_mut() {
            list_item.restart = true;
            list_item.start = 5;
        }
        let blocks = [
            item(0, NumberFormat::Decimal, "Section %1"),
            item(1, NumberFormat::LowerLetter, "(%2)"),
            item(1, NumberFormat::LowerLetter, "(%2)"),
            item(2, NumberFormat::LowerRoman, "%1.%2.%3"),
            item(0, NumberFormat::Decimal, "Section %1"),
            item(1, NumberFormat::LowerLetter, "(%2)"),
            restarted,
            Block::item(ListItem::bulleted(ListId(8), 0)),
            Block::item(ListItem::bulleted(ListId(8), 1)),
        ];
        let labels: Vec<String> = list_labels(&blocks)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        assert_eq!(
            labels,
            [
                "Section 1",
                "(a)",
                "(b)",
                "1.b.i",
                "Section 2",
                "(a)",
                "Section 5",
                "•",
                "◦"
            ]
        );
    }

    #[test]
    fn legacy_lists_read_as_written() {
        let lines = ["1. One", "2. Two", "", "5. Five", "# Next", "- a", "  - b"];
        let mut marked: Vec<(Block, Option<u32>)> = lines
            .iter()
            .map(|line| match legacy::line_marks(line) {
                Some(marks) => (marks.block, marks.number),
                None => (Block::default(), None),
            })
            .collect();
        legacy::group_lists(&mut marked, 1);
        let blocks: Vec<Block> = marked.into_iter().map(|(block, _)| block).collect();
        let labels = list_labels(&blocks);
        assert_eq!(labels[0].as_deref(), Some("1."));
        assert_eq!(labels[1].as_deref(), Some("2."));
        assert_eq!(labels[3].as_deref(), Some("5."));
        assert_eq!(
            blocks[5].list.as_ref().map(|item| item.list),
            Some(ListId(2))
        );
        assert_eq!(labels[6].as_deref(), Some("◦"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Data Retention"), "data-retention");
        assert_eq!(slug("  Your Rights & Choices "), "your-rights-choices");
    }
}
