//! Markdown out: content written as CommonMark with GFM tables,
//! strikethrough and footnotes, that [`super::parse`] reads back to the same
//! content.
//!
//! Bold, italic and strike are written `**`, `*`, `~~` where CommonMark reads
//! them back (its flanking rules), else as `<strong>`, `<em>`, `<s>`;
//! underline, superscript, subscript and small caps as inline HTML. Text
//! that Markdown would read as markup is escaped with backslashes; spaces
//! at a paragraph's ends, which Markdown drops, are written `&#32;`.
//!
//! What Markdown cannot say is named in the warnings with counts: letter and
//! roman numbering and custom labels (written as decimal numbers), numbered
//! headings (written without their numbers), merged table cells (written as
//! separate cells), list and heading styles inside table cells, endnotes
//! (written as footnotes), bookmarks, empty paragraphs (left out).
//!
//! [`Rendered::positions`] gives, for each content byte, the Markdown byte
//! where it is written: at a change of formatting, after the marks that
//! close and before those that open; at a paragraph's start, after its
//! block's marker. CriticMarkup places its marks there.

use crate::model::blocks::{
    Block, BlockStyle, ListCount, NOTE_REFERENCE, NumberFormat, SOFT_BREAK, list_counts,
};
use crate::model::content::Content;
use crate::model::marks::{MarkRun, Marks, Styles};
use std::collections::BTreeMap;
use std::ops::Range;

/// Content written as Markdown.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The Markdown.
    pub markdown: String,
    /// For each content byte (and the end), where it is in `markdown`.
    pub positions: Vec<usize>,
    /// What Markdown could not say, with counts.
    pub warnings: Vec<String>,
}

/// Writes `content` as Markdown (no trailing line break).
///
/// ```
/// use redline::formats::markdown::{parse, render};
/// let source = "# Title\n\nWe **never** sell [data](https://example.com).\n\n1. one\n2. two";
/// let rendered = render(&parse(source).content);
/// assert_eq!(rendered.markdown, source);
/// ```
pub fn render(content: &Content) -> Rendered {
    let mut writer = Writer {
        content,
        out: String::with_capacity(content.text.len() + content.text.len() / 8),
        positions: vec![0; content.text.len() + 1],
        counts: list_counts(&content.blocks),
        unsaid: BTreeMap::new(),
        indents: Vec::new(),
        kinds: [None; 9],
    };
    writer.write();
    let warnings = writer
        .unsaid
        .iter()
        .map(|(what, count)| format!("{count} × {what}"))
        .collect();
    Rendered {
        markdown: writer.out,
        positions: writer.positions,
        warnings,
    }
}

/// Where the inline text of a paragraph goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Paragraph,
    Heading,
    TableCell,
}

struct Writer<'a> {
    content: &'a Content,
    out: String,
    positions: Vec<usize>,
    counts: Vec<Option<ListCount>>,
    unsaid: BTreeMap<&'static str, usize>,
    /// The content column of each open list level.
    indents: Vec<usize>,
    /// Whether the list written last numbers (or bullets) each level.
    kinds: [Option<bool>; 9],
}

impl Writer<'_> {
    fn unsaid(&mut self, what: &'static str) {
        *self.unsaid.entry(what).or_insert(0) += 1;
    }

    fn write(&mut self) {
        let content = self.content;
        let paragraphs: Vec<(Range<usize>, &Block)> = content.paragraphs().collect();
        let mut notes = Vec::new();
        let mut index = 0;
        let mut previous: Option<&Block> = None;
        while index < paragraphs.len() {
            let (range, block) = paragraphs[index].clone();
            if block.note.is_some() {
                notes.push(index);
                index += 1;
                continue;
            }
            if range.is_empty() && block.cell.is_none() {
                self.unsaid("empty paragraphs left out");
                self.set_position(range.start);
                index += 1;
                continue;
            }
            self.separate(previous, block, index);
            if let Some(cell) = block.cell {
                let end = paragraphs[index..]
                    .iter()
                    .position(|(_, other)| other.cell.is_none_or(|other| other.table != cell.table))
                    .map_or(paragraphs.len(), |offset| index + offset);
                self.table(&paragraphs[index..end]);
                previous = Some(block);
                index = end;
                continue;
            }
            self.paragraph(index, range, block);
            previous = Some(block);
            index += 1;
        }
        self.notes(&paragraphs, &notes);
        let end = self.out.len();
        self.set_position_from(content.text.len(), end);
    }

    /// Sets the position of content byte `at` (and of any bytes before it
    /// still unset since the last set one) to the current end.
    fn set_position(&mut self, at: usize) {
        let here = self.out.len();
        self.set_position_from(at, here);
    }

    fn set_position_from(&mut self, at: usize, markdown_at: usize) {
        if let Some(position) = self.positions.get_mut(at) {
            *position = markdown_at;
        }
    }

    /// The break between the previous block and `block`.
    fn separate(&mut self, previous: Option<&Block>, block: &Block, index: usize) {
        let Some(previous) = previous else {
            return;
        };
        let same_list = match (&previous.list, &block.list) {
            (Some(before), Some(item)) => {
                // Only a top-level change of kind ends the Markdown list; a
                // nested one starts a new sublist inside it.
                let kind_changes = item.level == 0
                    && self.kinds[0].is_some_and(|ordered| ordered != item.is_ordered());
                before.list == item.list
                    && !kind_changes
                    && !self.counts[index]
                        .as_ref()
                        .is_some_and(|count| count.starts_count && item.level <= before.level)
            }
            _ => false,
        };
        if !same_list {
            self.kinds = [None; 9];
        }
        if same_list {
            self.out.push('\n');
        } else if previous.list.is_some() && block.list.is_some() {
            // Two lists in a row: a comment keeps Markdown from joining them.
            self.out.push_str("\n\n<!-- -->\n\n");
        } else {
            self.out.push_str("\n\n");
        }
    }

    fn paragraph(&mut self, index: usize, range: Range<usize>, block: &Block) {
        let mut place = Place::Paragraph;
        if block.anchor.is_some() {
            self.unsaid("bookmarks left out");
        }
        // A numbered heading is a heading with an attribute, not a list item.
        let heading_list = block
            .list
            .clone()
            .filter(|_| block.style.heading_level().is_some());
        if let Some(item) = block.list.as_ref().filter(|_| heading_list.is_none()) {
            let level = usize::from(item.level);
            self.kinds[level.min(8)] = Some(item.is_ordered());
            for deeper in &mut self.kinds[(level + 1).min(9)..] {
                *deeper = None;
            }
            self.indents.truncate(level);
            let indent = self.indents.last().copied().unwrap_or(0);
            while self.indents.len() < level {
                self.indents.push(indent);
            }
            let number = self.counts[index].as_ref().map(|count| count.number);
            let marker = match (number, item.is_ordered()) {
                (Some(number), true) => {
                    let plain = item.format == NumberFormat::Decimal
                        && item.pattern == format!("%{}.", item.level + 1);
                    if !plain {
                        self.unsaid("list labels Markdown cannot number (letters, roman numerals, patterns) written as 1., 2., 3.");
                    }
                    format!("{number}. ")
                }
                _ => "- ".to_string(),
            };
            self.out.push_str(&" ".repeat(indent));
            self.out.push_str(&marker);
            self.indents.push(indent + marker.len());
        } else {
            self.indents.clear();
        }
        match block.style {
            BlockStyle::Heading(level) => {
                self.out.push_str(&"#".repeat(usize::from(level)));
                self.out.push(' ');
                place = Place::Heading;
            }
            BlockStyle::Quote => self.out.push_str("> "),
            BlockStyle::Normal => {}
        }
        self.inline(range, place);
        if let (BlockStyle::Heading(_), Some(item)) = (block.style, &heading_list) {
            self.unsaid("numbered headings written with a {.numbered} attribute (other Markdown readers show them unnumbered)");
            self.out.push_str(&numbered_heading_attribute(item));
        }
    }

    fn table(&mut self, cells: &[(Range<usize>, &Block)]) {
        // Rows of cells; each cell's paragraphs in order.
        let mut rows: BTreeMap<u32, BTreeMap<u32, Vec<Range<usize>>>> = BTreeMap::new();
        // Cells a merged cell covers: `^^` under a cell merged downwards,
        // `<<` right of one merged across.
        let mut covered: BTreeMap<(u32, u32), &'static str> = BTreeMap::new();
        let mut columns = 0;
        for (range, block) in cells {
            let Some(cell) = block.cell else { continue };
            if cell.row_span > 1 || cell.col_span > 1 {
                self.unsaid("merged table cells written with ^^ and << markers (other Markdown readers show them as text)");
                for row in cell.row..cell.row.saturating_add(cell.row_span) {
                    for col in cell.col..cell.col.saturating_add(cell.col_span) {
                        if (row, col) != (cell.row, cell.col) {
                            let marker = if col == cell.col { "^^" } else { "<<" };
                            covered.insert((row, col), marker);
                        }
                    }
                }
            }
            if block.list.is_some() || block.style != BlockStyle::Normal {
                self.unsaid("list or heading styles inside table cells left out");
            }
            columns = columns.max(cell.col + cell.col_span);
            rows.entry(cell.row)
                .or_default()
                .entry(cell.col)
                .or_default()
                .push(range.clone());
        }
        let columns = columns.max(1);
        let last_row = rows
            .keys()
            .chain(covered.keys().map(|(row, _)| row))
            .max()
            .copied()
            .unwrap_or(0);
        for row in 0..=last_row {
            if row > 0 {
                self.out.push('\n');
            }
            self.out.push('|');
            for col in 0..columns {
                self.out.push(' ');
                let paragraphs = rows
                    .get(&row)
                    .and_then(|cells| cells.get(&col))
                    .cloned()
                    .unwrap_or_default();
                if paragraphs.is_empty()
                    && let Some(marker) = covered.get(&(row, col))
                {
                    self.out.push_str(marker);
                }
                for (number, range) in paragraphs.into_iter().enumerate() {
                    if number > 0 {
                        // A cell's next paragraph; `<br>` is a soft break.
                        self.out.push_str("<p>");
                    }
                    self.inline(range, Place::TableCell);
                }
                self.out.push_str(" |");
            }
            if row == 0 {
                self.out.push('\n');
                self.out.push('|');
                for _ in 0..columns {
                    self.out.push_str(" --- |");
                }
            }
        }
    }

    fn notes(&mut self, paragraphs: &[(Range<usize>, &Block)], notes: &[usize]) {
        let mut previous = None;
        for &index in notes {
            let (range, block) = paragraphs[index].clone();
            let Some(note) = block.note else { continue };
            if note.kind == crate::model::blocks::NoteKind::Endnote {
                self.unsaid("endnotes written as footnotes");
            }
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            if previous == Some(note.id) {
                self.out.push_str("    ");
            } else {
                self.out.push_str(&format!("[^{}]: ", note.id));
            }
            previous = Some(note.id);
            self.inline(range, Place::Paragraph);
        }
    }

    /// Writes the words of `range` with their marks.
    fn inline(&mut self, range: Range<usize>, place: Place) {
        let content = self.content;
        let text = &content.text[range.clone()];
        let runs = content.marks.runs(range.clone());
        let elements = elements_of(&runs, range.start);
        let forms = choose_forms(text, range.start, &elements);
        let leading = text.len() - text.trim_start().len();
        let trailing_start = text.trim_end().len().max(leading);
        let mut open: Vec<usize> = Vec::new();
        let mut position = range.start;
        for (run_index, run) in runs.iter().enumerate() {
            let wanted = wanted_elements(&elements, run_index);
            let keep = open
                .iter()
                .zip(&wanted)
                .take_while(|(open, wanted)| open == wanted)
                .count();
            while open.len() > keep {
                if let Some(element) = open.pop() {
                    self.close(&elements[element], forms[element]);
                }
            }
            self.set_position(position);
            for &element in &wanted[keep..] {
                self.open(&elements[element], forms[element]);
                open.push(element);
            }
            let run_text = &content.text[position..position + run.len];
            for (offset, character) in run_text.char_indices() {
                let at = position + offset;
                let in_paragraph = at - range.start;
                if offset > 0 {
                    self.set_position(at);
                }
                self.character(
                    character,
                    &run.marks,
                    place,
                    in_paragraph,
                    text,
                    leading,
                    trailing_start,
                );
            }
            position += run.len;
        }
        while let Some(element) = open.pop() {
            self.close(&elements[element], forms[element]);
        }
        self.set_position(range.end);
    }

    #[allow(clippy::too_many_arguments)]
    fn character(
        &mut self,
        character: char,
        marks: &Marks,
        place: Place,
        in_paragraph: usize,
        paragraph: &str,
        leading: usize,
        trailing_start: usize,
    ) {
        let out = &mut self.out;
        // Markdown reads a line's start (the paragraph's, or one after a
        // hard line break) as block syntax and drops spaces at the ends.
        let line_start = paragraph[..in_paragraph]
            .rfind(SOFT_BREAK)
            .map_or(0, |at| at + SOFT_BREAK.len_utf8());
        let line = &paragraph[line_start..];
        let in_line = in_paragraph - line_start;
        let line_indent = line.len() - line.trim_start().len();
        let edge_space =
            in_paragraph < leading || in_paragraph >= trailing_start || in_line < line_indent;
        if edge_space && character.is_whitespace() && character != SOFT_BREAK {
            out.push_str(&format!("&#{};", u32::from(character)));
            return;
        }
        match character {
            SOFT_BREAK => match place {
                Place::Paragraph => out.push_str("\\\n"),
                Place::Heading | Place::TableCell => out.push_str("<br>"),
            },
            NOTE_REFERENCE if marks.note.is_some() => {
                if let Some(note) = marks.note {
                    out.push_str(&format!("[^{note}]"));
                }
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '{' | '}' | '|' | '~' | '&' | '#' => {
                out.push('\\');
                out.push(character);
            }
            '-' | '+' | '=' if in_line == 0 => {
                out.push('\\');
                out.push(character);
            }
            '.' | ')' if is_number_marker(line, in_line) => {
                out.push('\\');
                out.push(character);
            }
            '^' if place == Place::TableCell && paragraph.trim() == "^^" => {
                out.push('\\');
                out.push(character);
            }
            '!' if paragraph[in_paragraph + 1..].starts_with('[') => {
                out.push('\\');
                out.push(character);
            }
            character => out.push(character),
        }
    }

    fn open(&mut self, element: &Element, form: Form) {
        match (&element.kind, form) {
            (Kind::Link(_), _) => self.out.push('['),
            (Kind::Style(style), Form::Delimiter) => self.out.push_str(delimiter(*style)),
            (Kind::Style(style), Form::Html) => self.out.push_str(&html_tag(*style, false)),
        }
    }

    fn close(&mut self, element: &Element, form: Form) {
        match (&element.kind, form) {
            (Kind::Link(target), _) => {
                let target = target.as_str();
                if target.contains(|c: char| c.is_whitespace() || c == '(' || c == ')') {
                    self.out.push_str(&format!("](<{target}>)"));
                } else {
                    self.out.push_str(&format!("]({target})"));
                }
            }
            (Kind::Style(style), Form::Delimiter) => self.out.push_str(delimiter(*style)),
            (Kind::Style(style), Form::Html) => self.out.push_str(&html_tag(*style, true)),
        }
    }
}

/// The attribute block of a numbered heading:
/// `{.numbered list=3 level=0 format=decimal start=1 pattern=%251.}` (the
/// pattern percent-encoded), read back by [`super::read`].
fn numbered_heading_attribute(item: &crate::model::blocks::ListItem) -> String {
    let pattern = item
        .pattern
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('}', "%7D");
    format!(
        " {{.numbered list={} level={} format={} start={} pattern={pattern}{}}}",
        item.list.0,
        item.level,
        item.format.code(),
        item.start,
        if item.restart { " restart=yes" } else { "" }
    )
}

/// Whether the character at `at` is the `.` or `)` after a paragraph's
/// leading digits, which Markdown would read as a numbered item.
fn is_number_marker(paragraph: &str, at: usize) -> bool {
    let digits = paragraph.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && at == digits
}

/// The styles in the order they nest (outermost first).
const NESTING: [Styles; 7] = [
    Styles::BOLD,
    Styles::ITALIC,
    Styles::STRIKE,
    Styles::UNDERLINE,
    Styles::SUPERSCRIPT,
    Styles::SUBSCRIPT,
    Styles::SMALL_CAPS,
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Link(crate::model::links::LinkTarget),
    Style(Styles),
}

/// One stretch of a style (or a link) over consecutive runs.
#[derive(Debug, Clone)]
struct Element {
    kind: Kind,
    /// Runs `first..last` (inclusive).
    runs: Range<usize>,
    /// Its content bytes.
    bytes: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Delimiter,
    Html,
}

/// The elements of a paragraph's runs: each maximal stretch of runs with the
/// same link, and of each style.
fn elements_of(runs: &[MarkRun], start: usize) -> Vec<Element> {
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut position = start;
    for (index, run) in runs.iter().enumerate() {
        let mut kinds: Vec<Kind> = Vec::new();
        if let Some(link) = &run.marks.link {
            kinds.push(Kind::Link(link.clone()));
        }
        kinds.extend(
            NESTING
                .iter()
                .filter(|style| run.marks.styles.contains(**style))
                .map(|style| Kind::Style(*style)),
        );
        open.retain(|&element| kinds.contains(&elements[element].kind));
        for kind in kinds {
            if let Some(&element) = open.iter().find(|&&element| elements[element].kind == kind) {
                elements[element].runs.end = index + 1;
                elements[element].bytes.end = position + run.len;
            } else {
                elements.push(Element {
                    kind,
                    runs: index..index + 1,
                    bytes: position..position + run.len,
                });
                open.push(elements.len() - 1);
            }
        }
        position += run.len;
    }
    elements
}

/// The elements covering run `index`, outermost first: the longest
/// stretches outside, so that nesting breaks as rarely as possible.
fn wanted_elements(elements: &[Element], index: usize) -> Vec<usize> {
    let mut wanted: Vec<usize> = (0..elements.len())
        .filter(|&element| elements[element].runs.contains(&index))
        .collect();
    wanted.sort_by_key(|&element| {
        let element = &elements[element];
        let link_first = !matches!(element.kind, Kind::Link(_));
        (
            element.runs.start,
            link_first,
            std::cmp::Reverse(element.runs.end),
        )
    });
    wanted
}

/// Delimiters where CommonMark reads them back, else HTML tags. An element
/// whose stretch is cut by another's (written closed and opened again)
/// takes HTML too, so that no delimiter run becomes ambiguous.
fn choose_forms(text: &str, start: usize, elements: &[Element]) -> Vec<Form> {
    elements
        .iter()
        .map(|element| {
            let Kind::Style(style) = element.kind else {
                return Form::Delimiter;
            };
            if !matches!(style, Styles::BOLD | Styles::ITALIC | Styles::STRIKE) {
                return Form::Html;
            }
            let crossed = elements.iter().any(|other| {
                let (a, b) = (&element.runs, &other.runs);
                (a.start < b.start && b.start < a.end && a.end < b.end)
                    || (b.start < a.start && a.start < b.end && b.end < a.end)
            });
            let from = element.bytes.start - start;
            let to = element.bytes.end - start;
            let before = text[..from].chars().next_back();
            let first = text[from..].chars().next();
            let last = text[..to].chars().next_back();
            let after = text[to..].chars().next();
            let touches_other = elements.iter().any(|other| {
                !std::ptr::eq(other, element)
                    && (other.bytes.end == element.bytes.start
                        || other.bytes.start == element.bytes.end)
                    && matches!(other.kind, Kind::Style(_))
            });
            if crossed || touches_other || !can_open(before, first) || !can_close(last, after) {
                Form::Html
            } else {
                Form::Delimiter
            }
        })
        .collect()
}

fn is_space(character: Option<char>) -> bool {
    character.is_none_or(|c| c.is_whitespace() || c == SOFT_BREAK)
}

fn is_punctuation(character: Option<char>) -> bool {
    character
        .is_some_and(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace()))
}

/// CommonMark's left-flanking rule for `*`.
fn can_open(before: Option<char>, first: Option<char>) -> bool {
    !is_space(first) && (!is_punctuation(first) || is_space(before) || is_punctuation(before))
}

/// CommonMark's right-flanking rule for `*`.
fn can_close(last: Option<char>, after: Option<char>) -> bool {
    !is_space(last) && (!is_punctuation(last) || is_space(after) || is_punctuation(after))
}

fn delimiter(style: Styles) -> &'static str {
    match style {
        Styles::BOLD => "**",
        Styles::ITALIC => "*",
        _ => "~~",
    }
}

fn html_tag(style: Styles, closing: bool) -> String {
    let name = match style {
        Styles::BOLD => "strong",
        Styles::ITALIC => "em",
        Styles::STRIKE => "s",
        Styles::UNDERLINE => "u",
        Styles::SUPERSCRIPT => "sup",
        Styles::SUBSCRIPT => "sub",
        _ => "span",
    };
    match (closing, name) {
        (true, name) => format!("</{name}>"),
        (false, "span") => "<span style=\"font-variant: small-caps\">".to_string(),
        (false, name) => format!("<{name}>"),
    }
}
