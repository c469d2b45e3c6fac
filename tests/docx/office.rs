//! Reading Word documents back with third-party readers: LibreOffice
//! (headless, one profile per call: two conversions sharing a profile fail)
//! and pandoc (its JSON AST), and the same summary of the structure from
//! Redline's own content, so the two can be compared.

use redline::model::blocks::{NOTE_REFERENCE, SOFT_BREAK, list_counts};
use redline::model::content::Content;
use redline::model::marks::Styles;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// True when LibreOffice can be run (see `support::readers`).
pub fn libreoffice_available() -> bool {
    crate::readers::require_reader("soffice")
}

/// Converts `input` with LibreOffice to `filter` (e.g. `odt`, `docx:MS Word
/// 2007 XML`, `txt:Text (encoded):UTF8`) and returns the bytes of the file
/// it wrote (named `input`'s stem + `extension`).
pub fn libreoffice_convert(input: &Path, filter: &str, extension: &str) -> Vec<u8> {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = tempfile::tempdir().expect("out dir");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out.path())
        .arg(input)
        .output()
        .expect("run soffice");
    let stem = input
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let written = out.path().join(format!("{stem}.{extension}"));
    std::fs::read(&written).unwrap_or_else(|error| {
        panic!(
            "LibreOffice wrote no {}: {error}\nstdout: {}\nstderr: {}",
            written.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The text of `content.xml` of an ODT package.
pub fn odt_content(odt: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(odt)).expect("odt zip");
    let mut file = archive.by_name("content.xml").expect("content.xml");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).expect("read");
    text
}

/// pandoc's JSON AST of a .docx.
pub fn pandoc_json(docx: &[u8]) -> Value {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("read.docx");
    std::fs::write(&path, docx).expect("write");
    pandoc_file_json(&path, "docx")
}

/// pandoc's JSON AST of a file in format `from`.
pub fn pandoc_file_json(path: &Path, from: &str) -> Value {
    let output = Command::new("pandoc")
        .args(["-f", from, "-t", "json"])
        .arg(path)
        .output()
        .expect("run pandoc");
    assert!(
        output.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("pandoc json")
}

/// What a reader shows of a document's structure, comparable between
/// pandoc's AST and Redline's content.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// (level, text) of each heading.
    pub headings: Vec<(u8, String)>,
    /// Texts carrying each character style, by style name.
    pub styled: BTreeMap<&'static str, Vec<String>>,
    /// (text, target) of each link.
    pub links: Vec<(String, String)>,
    /// (number, depth) of each numbered list item.
    pub numbered: Vec<(u32, usize)>,
    /// Depth of each bulleted item.
    pub bulleted: Vec<usize>,
    /// (text, row span, column span) of each table cell.
    pub cells: Vec<(String, u32, u32)>,
    /// The text of each note.
    pub notes: Vec<String>,
    /// Paragraphs that are block quotes.
    pub quotes: Vec<String>,
}

fn normal_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn stringify(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| stringify(item, out)),
        Value::Object(node) => match node.get("t").and_then(Value::as_str) {
            Some("Str") => out.push_str(node["c"].as_str().unwrap_or_default()),
            Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
            Some("Note") => {}
            Some("Link") => stringify(&node["c"][1], out),
            _ => {
                if let Some(content) = node.get("c") {
                    stringify(content, out);
                }
            }
        },
        _ => {}
    }
}

fn text_of(value: &Value) -> String {
    let mut out = String::new();
    stringify(value, &mut out);
    normal_spaces(&out)
}

const INLINE_STYLES: [(&str, &str); 7] = [
    ("Strong", "bold"),
    ("Emph", "italic"),
    ("Underline", "underline"),
    ("Strikeout", "strike"),
    ("Superscript", "superscript"),
    ("Subscript", "subscript"),
    ("SmallCaps", "small_caps"),
];

impl Summary {
    /// The summary of pandoc's JSON AST.
    pub fn of_pandoc(json: &Value) -> Summary {
        let mut summary = Summary::default();
        summary.blocks(&json["blocks"], 0, false);
        summary
    }

    fn blocks(&mut self, value: &Value, depth: usize, quoted: bool) {
        let Some(blocks) = value.as_array() else {
            return;
        };
        for block in blocks {
            let content = &block["c"];
            match block["t"].as_str() {
                Some("Header") => {
                    let level = content[0].as_u64().unwrap_or(0) as u8;
                    self.headings.push((level, text_of(&content[2])));
                    self.inlines(&content[2]);
                }
                Some("Para" | "Plain") => {
                    if quoted {
                        self.quotes.push(text_of(content));
                    }
                    self.inlines(content);
                }
                Some("BlockQuote") => self.blocks(content, depth, true),
                Some("OrderedList") => {
                    let start = content[0][0].as_u64().unwrap_or(1) as u32;
                    for (index, item) in content[1].as_array().into_iter().flatten().enumerate() {
                        self.numbered.push((start + index as u32, depth));
                        self.blocks(item, depth + 1, quoted);
                    }
                }
                Some("BulletList") => {
                    for item in content.as_array().into_iter().flatten() {
                        self.bulleted.push(depth);
                        self.blocks(item, depth + 1, quoted);
                    }
                }
                Some("Table") => {
                    let head = content[3][1].as_array().cloned().unwrap_or_default();
                    let bodies = content[4].as_array().cloned().unwrap_or_default();
                    let mut rows: Vec<Value> = head;
                    for body in bodies {
                        rows.extend(body[2].as_array().cloned().unwrap_or_default());
                        rows.extend(body[3].as_array().cloned().unwrap_or_default());
                    }
                    for row in rows {
                        for cell in row[1].as_array().into_iter().flatten() {
                            let row_span = cell[2].as_u64().unwrap_or(1) as u32;
                            let col_span = cell[3].as_u64().unwrap_or(1) as u32;
                            let texts: Vec<String> = cell[4]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(text_of)
                                .collect();
                            self.cells.push((texts.join("\n"), row_span, col_span));
                            for block in cell[4].as_array().into_iter().flatten() {
                                self.inlines(&block["c"]);
                            }
                        }
                    }
                }
                Some("Div") => self.blocks(&content[1], depth, quoted),
                _ => {}
            }
        }
    }

    fn inlines(&mut self, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.inlines(item)),
            Value::Object(node) => {
                let kind = node.get("t").and_then(Value::as_str).unwrap_or_default();
                if let Some((_, name)) = INLINE_STYLES.iter().find(|(tag, _)| *tag == kind) {
                    self.styled
                        .entry(name)
                        .or_default()
                        .push(text_of(&node["c"]));
                }
                match kind {
                    "Link" => {
                        let target = node["c"][2][0].as_str().unwrap_or_default().to_string();
                        self.links.push((text_of(&node["c"][1]), target));
                        self.inlines(&node["c"][1]);
                    }
                    "Note" => {
                        let texts: Vec<String> = node["c"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|block| text_of(&block["c"]))
                            .collect();
                        self.notes.push(texts.join("\n"));
                        for block in node["c"].as_array().into_iter().flatten() {
                            self.inlines(&block["c"]);
                        }
                    }
                    _ => {
                        if let Some(content) = node.get("c") {
                            self.inlines(content);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The summary of Redline's content.
    pub fn of_content(content: &Content) -> Summary {
        let mut summary = Summary::default();
        let counts = list_counts(&content.blocks);
        let mut cells: BTreeMap<(u32, u32, u32), CellTexts> = BTreeMap::new();
        let mut notes: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (index, (range, block)) in content.paragraphs().enumerate() {
            let words = content.text[range.clone()]
                .replace([NOTE_REFERENCE], "")
                .replace(SOFT_BREAK, " ");
            if let Some(note) = block.note {
                notes
                    .entry(note.id.0)
                    .or_default()
                    .push(normal_spaces(&words));
            } else if let Some(level) = block.style.heading_level() {
                summary.headings.push((level, normal_spaces(&words)));
            }
            if block.style == redline::model::blocks::BlockStyle::Quote {
                summary.quotes.push(normal_spaces(&words));
            }
            if let (Some(item), Some(count)) = (&block.list, &counts[index]) {
                if item.is_ordered() {
                    summary
                        .numbered
                        .push((count.number, usize::from(item.level)));
                } else {
                    summary.bulleted.push(usize::from(item.level));
                }
            }
            if let Some(cell) = block.cell {
                cells
                    .entry((cell.table, cell.row, cell.col).into_key())
                    .or_insert_with(|| (Vec::new(), cell.row_span, cell.col_span))
                    .0
                    .push(normal_spaces(&words));
            }
            summary.inline_marks(content, range);
        }
        summary.cells = cells
            .into_values()
            .map(|(texts, rows, cols)| (texts.join("\n"), rows, cols))
            .collect();
        summary.notes = notes.into_values().map(|texts| texts.join("\n")).collect();
        summary
    }

    fn inline_marks(&mut self, content: &Content, range: std::ops::Range<usize>) {
        for (style, name) in Styles::NAMED {
            let mut stretch: Option<String> = None;
            let flush = |stretch: &mut Option<String>,
                         styled: &mut BTreeMap<&'static str, Vec<String>>| {
                if let Some(text) = stretch.take() {
                    let text = normal_spaces(&text.replace(NOTE_REFERENCE, ""));
                    if !text.is_empty() {
                        styled.entry(name).or_default().push(text);
                    }
                }
            };
            let mut position = range.start;
            for run in content.marks.runs(range.clone()) {
                let text = &content.text[position..position + run.len];
                position += run.len;
                if run.marks.styles.contains(style) {
                    stretch.get_or_insert_with(String::new).push_str(text);
                } else {
                    flush(&mut stretch, &mut self.styled);
                }
            }
            flush(&mut stretch, &mut self.styled);
        }
        let mut position = range.start;
        let mut current: Option<(String, String)> = None;
        for run in content.marks.runs(range) {
            let text = &content.text[position..position + run.len];
            position += run.len;
            match (&run.marks.link, current.as_mut()) {
                (Some(link), Some((words, target))) if target == link.as_str() => {
                    words.push_str(text);
                }
                (link, _) => {
                    if let Some((words, target)) = current.take() {
                        self.links.push((normal_spaces(&words), target));
                    }
                    current = link
                        .as_ref()
                        .map(|link| (text.to_string(), link.as_str().to_string()));
                }
            }
        }
        if let Some((words, target)) = current {
            self.links.push((normal_spaces(&words), target));
        }
    }
}

/// A cell's paragraphs' texts, row span and column span.
type CellTexts = (Vec<String>, u32, u32);

/// Table, row, column as a sortable key.
trait IntoKey {
    fn into_key(self) -> (u32, u32, u32);
}

impl IntoKey for (redline::model::blocks::TableId, u32, u32) {
    fn into_key(self) -> (u32, u32, u32) {
        (self.0.0, self.1, self.2)
    }
}
