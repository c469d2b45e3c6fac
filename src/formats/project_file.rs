//! The project file, `*.redline.ron`: human-readable RON, fields in a fixed
//! order, one line per paragraph so that a changed paragraph is a changed
//! line under version control.
//!
//! Every file starts with `format_version`. Loading reads that first and
//! refuses a file from a newer Redline before parsing the rest. Format 2
//! (this build) stores each paragraph as its words with its block and its
//! marks on the same line:
//!
//! ```text
//! (text: "Data Retention", style: "h2"),
//! (text: "We keep billing records.", marks: [(8, 23, "bold")]),
//! (text: "Email us", list: (list: 3, level: 0, format: "bullet", pattern: "", start: 1, restart: false)),
//! (text: "You can opt out.", marks: [(8, 15, "link https://example.com/opt-out")]),
//! ```
//!
//! Mark positions are character offsets within the paragraph; the words of a
//! mark are style names, then `note N`, then `link TARGET` (the rest of the
//! string). Spans of comments and suggestions are stored as
//! `(start_byte: .., end_byte: ..)`: byte offsets into the paragraphs'
//! words joined with `\n`.
//!
//! Format 1 files (text with `#`, `- `, `1. ` marks in it) load and are
//! migrated: the marks leave the text through one change set that maps every
//! comment and suggestion, so none moves off its words; each version's text
//! is read the same way (a signed-off version keeps the exact bytes its
//! sign-off hashed). Saving writes format 2.
//!
//! Versions are stored compactly: every distinct paragraph of every version
//! is kept once in `version_pool`, and each version lists its paragraphs as
//! index ranges into it (`"0-45,47,46,48-1600"`). Fifty versions of a long
//! policy that differ by a few paragraphs cost little more than one copy.

use super::FormatError;
use super::atomic::write_atomically;
use super::item_line::item_line;
use super::{read_bounded, utf8_text};
use crate::model::blocks::{Block, BlockStyle, ListItem, NoteId, NoteRef, TableCell};
use crate::model::content::Content;
use crate::model::links::LinkTarget;
use crate::model::marks::{MarkSpan, Marks, Styles};
use crate::model::rounds::RoundBook;
use crate::model::{
    Comment, Dismissal, Document, Item, LogEntry, MaterialChange, Notice, Project, ProjectParts,
    Settings, SignOffRecord, Suggestion, Version, VersionId, VersionStatus,
};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The project format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;

/// The file name ending of project files.
pub const EXTENSION: &str = ".redline.ron";

/// How deeply RON values may nest; deeper input is an error, not a crash.
const RECURSION_LIMIT: usize = 64;

/// How many bytes of version text one byte of a project file may stand for.
/// A version costs a few bytes of index ranges and shares its paragraphs
/// with the others, so a thousand versions of an unchanged policy expand
/// about a thousandfold; a file asking for more (one paragraph listed
/// thousands of times) is refused before any of it is built.
const VERSION_TEXT_PER_FILE_BYTE: usize = 1024;

/// Fields nested deeper than this are written on one line (a paragraph, a
/// comment's span, a suggestion's kind).
const PRETTY_DEPTH: usize = 3;

#[derive(Serialize, Deserialize)]
struct ProjectFile {
    format_version: u32,
    document: DocumentFile,
    #[serde(default)]
    comments: Vec<Comment>,
    #[serde(default)]
    suggestions: Vec<Suggestion>,
    #[serde(default)]
    log: Vec<LogEntry>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    dismissals: Vec<Dismissal>,
    #[serde(default)]
    signoffs: Vec<SignOffRecord>,
    /// Review rounds, internal threads and what came in from reviewers'
    /// copies; absent from files that have none (and from files written
    /// before rounds existed, which load with none).
    #[serde(default, skip_serializing_if = "RoundBook::is_empty")]
    rounds: RoundBook,
    #[serde(default)]
    versions: Vec<VersionFile>,
    #[serde(default)]
    version_pool: PoolFile,
}

/// The format-1 file: paragraphs are strings with structure marks in them.
#[derive(Deserialize)]
struct ProjectFileV1 {
    document: DocumentFileV1,
    #[serde(default)]
    comments: Vec<Comment>,
    #[serde(default)]
    suggestions: Vec<Suggestion>,
    #[serde(default)]
    log: Vec<LogEntry>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    dismissals: Vec<Dismissal>,
    #[serde(default)]
    signoffs: Vec<SignOffRecord>,
    #[serde(default)]
    versions: Vec<VersionFile>,
    #[serde(default)]
    version_paragraphs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct VersionFile {
    id: VersionId,
    label: String,
    author: String,
    created: DateTime<Utc>,
    #[serde(default)]
    note: String,
    status: VersionStatus,
    title: String,
    effective_date: Option<NaiveDate>,
    /// Index ranges into the pool.
    paragraphs: String,
    #[serde(default)]
    material: bool,
    #[serde(default)]
    material_changes: Vec<MaterialChange>,
    #[serde(default)]
    notice: Option<Notice>,
    /// For a version signed off in format 1: the text with its structure
    /// marks, exactly as that sign-off hashed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signed_text: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DocumentFile {
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    effective_date: Option<NaiveDate>,
    paragraphs: Vec<ParagraphFile>,
}

#[derive(Deserialize)]
struct DocumentFileV1 {
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    effective_date: Option<NaiveDate>,
    paragraphs: Vec<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct PoolFile {
    paragraphs: Vec<ParagraphFile>,
}

/// One paragraph: its words, its block, its marks.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Hash)]
struct ParagraphFile {
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    style: Option<BlockStyle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    list: Option<ListItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cell: Option<TableCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<NoteRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    anchor: Option<String>,
    /// `(first char, char past the end, words)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    marks: Vec<(usize, usize, String)>,
}

#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// Reads a project file.
pub fn load(path: &Path) -> Result<Project, FormatError> {
    let bytes = read_bounded(path)?;
    from_ron_str(utf8_text(path, &bytes)?, path)
}

/// Parses project-file text; `origin` names it in errors.
pub fn from_ron_str(text: &str, origin: &Path) -> Result<Project, FormatError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let syntax_error = |error: ron::error::SpannedError| FormatError::Syntax {
        path: origin.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: match error.code {
            ron::Error::MissingStructField {
                field: "format_version",
                ..
            } => "no format_version: this is not a Redline project file".to_string(),
            // The probe's own name would mean nothing to the user.
            ron::Error::ExpectedDifferentStructName {
                expected: "VersionProbe",
                ..
            }
            | ron::Error::ExpectedNamedStructLike("VersionProbe") => {
                "this is not a Redline project file: one begins with `(format_version:`".to_string()
            }
            ron::Error::ExceededRecursionLimit => format!(
                "values are nested more than {RECURSION_LIMIT} deep here; a Redline project never nests that deep, so the file is damaged"
            ),
            code => code.to_string(),
        },
    };
    let probe: VersionProbe = options.from_str(text).map_err(syntax_error)?;
    if probe.format_version > FORMAT_VERSION {
        return Err(FormatError::TooNew {
            path: origin.to_path_buf(),
            found: probe.format_version,
            supported: FORMAT_VERSION,
        });
    }
    // Content errors name the item, and its line when it can be found.
    let invalid =
        |message: String, item: Option<Item>| match item.and_then(|item| item_line(text, item)) {
            Some(line) => FormatError::InvalidItem {
                path: origin.to_path_buf(),
                line,
                message,
            },
            None => FormatError::Invalid {
                path: origin.to_path_buf(),
                message,
            },
        };
    let mut text_budget = text.len().saturating_mul(VERSION_TEXT_PER_FILE_BYTE);
    if probe.format_version < 2 {
        let file: ProjectFileV1 = options.from_str(text).map_err(syntax_error)?;
        return migrate_v1(file, &mut text_budget)
            .map_err(|(message, item)| invalid(message, item));
    }
    let file: ProjectFile = options.from_str(text).map_err(syntax_error)?;
    let pool: Vec<Content> = file
        .version_pool
        .paragraphs
        .into_iter()
        .enumerate()
        .map(|(index, paragraph)| {
            paragraph_content(paragraph)
                .map_err(|problem| format!("stored version paragraph {index}: {problem}"))
        })
        .collect::<Result<_, _>>()
        .map_err(|message| invalid(message, None))?;
    let versions = file
        .versions
        .into_iter()
        .map(|version| {
            version_from_file(version, |ranges| {
                decode_paragraphs(ranges, &pool, &mut text_budget)
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|(message, item)| invalid(message, item))?;
    let paragraphs = file
        .document
        .paragraphs
        .into_iter()
        .enumerate()
        .map(|(index, paragraph)| {
            paragraph_content(paragraph)
                .map_err(|problem| format!("paragraph {}: {problem}", index + 1))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| invalid(message, None))?;
    let parts = ProjectParts {
        document: Document {
            title: file.document.title,
            organisation: file.document.organisation,
            effective_date: file.document.effective_date,
            content: join(&paragraphs),
        },
        comments: file.comments,
        suggestions: file.suggestions,
        log: file.log,
        versions,
        settings: file.settings,
        dismissals: file.dismissals,
        signoffs: file.signoffs,
        rounds: file.rounds,
    };
    Project::from_parts(parts).map_err(|error| invalid(error.to_string(), error.item()))
}

/// A version from its file form; `content_of` reads its paragraph ranges.
/// An error names the version.
fn version_from_file(
    version: VersionFile,
    content_of: impl FnOnce(&str) -> Result<Content, String>,
) -> Result<Version, (String, Option<Item>)> {
    let content = content_of(&version.paragraphs).map_err(|problem| {
        (
            format!("version {} \"{}\": {problem}", version.id, version.label),
            Some(Item::Version(version.id)),
        )
    })?;
    Ok(Version {
        id: version.id,
        label: version.label,
        author: version.author,
        created: version.created,
        note: version.note,
        status: version.status,
        title: version.title,
        effective_date: version.effective_date,
        content,
        material: version.material,
        material_changes: version.material_changes,
        notice: version.notice,
        signed_text: version.signed_text,
    })
}

/// Loads a format-1 project: the structure marks leave the text of the
/// draft through one change set that maps every anchor, and leave each
/// version's text.
fn migrate_v1(
    file: ProjectFileV1,
    text_budget: &mut usize,
) -> Result<Project, (String, Option<Item>)> {
    let signed: std::collections::HashSet<VersionId> =
        file.signoffs.iter().map(|record| record.version).collect();
    let versions = file
        .versions
        .into_iter()
        .map(|version| {
            let keep_signed_bytes = signed.contains(&version.id);
            let mut marked_text = None;
            let mut migrated = version_from_file(version, |ranges| {
                let text = decode_v1_paragraphs(ranges, &file.version_paragraphs, text_budget)?;
                let content = Content::from_marked_text(&text);
                marked_text = Some(text);
                Ok(content)
            })?;
            if keep_signed_bytes && migrated.signed_text.is_none() {
                migrated.signed_text = marked_text;
            }
            Ok(migrated)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let parts = ProjectParts {
        document: Document {
            title: file.document.title,
            organisation: file.document.organisation,
            effective_date: file.document.effective_date,
            content: Content::plain(file.document.paragraphs.join("\n")),
        },
        comments: file.comments,
        suggestions: file.suggestions,
        log: file.log,
        versions,
        settings: file.settings,
        dismissals: file.dismissals,
        signoffs: file.signoffs,
        rounds: RoundBook::default(),
    };
    let mut project =
        Project::from_parts(parts).map_err(|error| (error.to_string(), error.item()))?;
    project.migrate_structure_marks();
    Ok(project)
}

/// The project as project-file text.
///
/// The file is written in two halves on two threads, each a struct at the
/// top of the file: `FileHead` (the format version and the document, the
/// bulk of a policy) and `FileTail` (everything else). A struct's fields
/// are written the same whatever its siblings, so the head without its
/// closing parenthesis followed by the tail without its opening one is
/// exactly the text of the whole `ProjectFile` (a test holds the two to
/// that).
pub fn to_ron_string(project: &Project) -> Result<String, FormatError> {
    let (head, tail) = std::thread::scope(|scope| {
        let tail = scope.spawn(|| {
            let versions = version_files(project);
            pretty(&FileTail::of(project, &versions))
        });
        let document = project.document();
        let head = pretty(&FileHead {
            format_version: FORMAT_VERSION,
            document: document_file(document),
        });
        (head, tail.join())
    });
    let head = head?;
    let tail = tail.map_err(|_| write_error("the writer stopped"))??;
    let mut text = head;
    text.pop(); // the head's closing `)`
    text.push_str(tail.strip_prefix("(\n").unwrap_or(&tail));
    text.push('\n');
    Ok(text)
}

/// The first fields of the file: what [`ProjectFile`] starts with.
#[derive(Serialize)]
struct FileHead {
    format_version: u32,
    document: DocumentFile,
}

/// The fields of [`ProjectFile`] after the document, borrowed from the
/// project (the versions in their file form).
#[derive(Serialize)]
struct FileTail<'a> {
    comments: &'a [Comment],
    suggestions: &'a [Suggestion],
    log: &'a [LogEntry],
    settings: &'a Settings,
    dismissals: &'a [Dismissal],
    signoffs: &'a [SignOffRecord],
    #[serde(skip_serializing_if = "RoundBook::is_empty")]
    rounds: &'a RoundBook,
    versions: &'a [VersionFile],
    version_pool: &'a PoolFile,
}

impl<'a> FileTail<'a> {
    fn of(
        project: &'a Project,
        (versions, version_pool): &'a (Vec<VersionFile>, PoolFile),
    ) -> FileTail<'a> {
        FileTail {
            comments: project.comments(),
            suggestions: project.suggestions(),
            log: project.log(),
            settings: project.settings(),
            dismissals: project.dismissals(),
            signoffs: project.signoffs(),
            rounds: project.round_book(),
            versions,
            version_pool,
        }
    }
}

/// The document in its file form.
fn document_file(document: &Document) -> DocumentFile {
    DocumentFile {
        title: document.title.clone(),
        organisation: document.organisation.clone(),
        effective_date: document.effective_date,
        paragraphs: paragraph_files(&document.content),
    }
}

/// The versions in their file form: each one's paragraphs as ranges into
/// one pool of distinct paragraphs.
fn version_files(project: &Project) -> (Vec<VersionFile>, PoolFile) {
    let mut pool = ParagraphPool::default();
    let versions = project
        .versions()
        .iter()
        .map(|version| VersionFile {
            id: version.id,
            label: version.label.clone(),
            author: version.author.clone(),
            created: version.created,
            note: version.note.clone(),
            status: version.status,
            title: version.title.clone(),
            effective_date: version.effective_date,
            paragraphs: pool.encode(paragraph_files(&version.content)),
            material: version.material,
            material_changes: version.material_changes.clone(),
            notice: version.notice.clone(),
            signed_text: version.signed_text.clone(),
        })
        .collect();
    (
        versions,
        PoolFile {
            paragraphs: pool.paragraphs,
        },
    )
}

/// `value` as pretty project-file text (no final line break).
fn pretty<T: Serialize>(value: &T) -> Result<String, FormatError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ")
        .new_line("\n")
        .depth_limit(PRETTY_DEPTH)
        // The policy's words as they are (a raw string where they hold a
        // quote or a backslash): readable in the file, and a third of the
        // time of escaping a 1 MB policy character by character.
        .escape_strings(false);
    ron::ser::to_string_pretty(value, config).map_err(|error| write_error(&error.to_string()))
}

fn write_error(reason: &str) -> FormatError {
    FormatError::Invalid {
        path: Default::default(),
        message: format!("cannot write the project: {reason}"),
    }
}

/// Each paragraph of `content` in its file form.
fn paragraph_files(content: &Content) -> Vec<ParagraphFile> {
    content
        .paragraphs()
        .map(|(range, block)| {
            let text = &content.text[range.clone()];
            let marks = content
                .marks
                .in_range(range.clone())
                .map(|span| {
                    let start = text[..span.range.start - range.start].chars().count();
                    let len = content.text[span.range.clone()].chars().count();
                    (start, start + len, mark_words(&span.marks))
                })
                .collect();
            let Block {
                style,
                list,
                cell,
                note,
                anchor,
            } = block.clone();
            ParagraphFile {
                text: text.to_string(),
                style: (style != BlockStyle::Normal).then_some(style),
                list,
                cell,
                note,
                anchor,
                marks,
            }
        })
        .collect()
}

/// One paragraph as content of its own (no line break), checked.
fn paragraph_content(paragraph: ParagraphFile) -> Result<Content, String> {
    if paragraph.text.contains('\n') {
        return Err("a paragraph's text holds a line break".to_string());
    }
    let char_to_byte: Vec<usize> = paragraph
        .text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(paragraph.text.len()))
        .collect();
    let mut spans = Vec::with_capacity(paragraph.marks.len());
    for (start, end, words) in &paragraph.marks {
        let (Some(&start_byte), Some(&end_byte)) =
            (char_to_byte.get(*start), char_to_byte.get(*end))
        else {
            return Err(format!(
                "marks {start}..{end} lie past the paragraph's {} characters",
                char_to_byte.len() - 1
            ));
        };
        if start_byte > end_byte {
            return Err(format!("marks {start}..{end} end before they start"));
        }
        spans.push(MarkSpan {
            range: start_byte..end_byte,
            marks: parse_mark_words(words)?,
        });
    }
    let block = Block {
        style: paragraph.style.unwrap_or_default(),
        list: paragraph.list,
        cell: paragraph.cell,
        note: paragraph.note,
        anchor: paragraph.anchor,
    };
    Content::new(paragraph.text, vec![block], spans).map_err(|error| error.to_string())
}

/// The words of a mark in the file: style names, `note N`, `link TARGET`.
fn mark_words(marks: &Marks) -> String {
    let mut words: Vec<String> = marks.styles.names().map(str::to_string).collect();
    if let Some(note) = marks.note {
        words.push(format!("note {note}"));
    }
    if let Some(link) = &marks.link {
        words.push(format!("link {link}"));
    }
    words.join(" ")
}

fn parse_mark_words(words: &str) -> Result<Marks, String> {
    let (head, link) = match words.split_once("link ") {
        Some((head, target)) if head.is_empty() || head.ends_with(' ') => {
            let link = LinkTarget::new(target).map_err(|error| error.to_string())?;
            (head, Some(link))
        }
        _ => (words, None),
    };
    let mut marks = Marks {
        link,
        ..Marks::default()
    };
    let mut tokens = head.split_whitespace();
    while let Some(token) = tokens.next() {
        if token == "note" {
            let number = tokens
                .next()
                .and_then(|number| number.parse().ok())
                .ok_or_else(|| format!("marks {words:?}: `note` needs a number"))?;
            marks.note = Some(NoteId(number));
            continue;
        }
        let style = Styles::named(token)
            .ok_or_else(|| format!("marks {words:?}: unknown mark {token:?}"))?;
        marks.styles = marks.styles.union(style);
    }
    Ok(marks)
}

/// Paragraph contents joined into one content.
fn join(paragraphs: &[Content]) -> Content {
    let mut text = String::with_capacity(paragraphs.iter().map(|p| p.text.len() + 1).sum());
    let mut blocks = Vec::with_capacity(paragraphs.len());
    let mut spans = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let offset = text.len();
        text.push_str(&paragraph.text);
        blocks.extend(paragraph.blocks.iter().cloned());
        spans.extend(paragraph.marks.spans().iter().map(|span| MarkSpan {
            range: span.range.start + offset..span.range.end + offset,
            marks: span.marks.clone(),
        }));
    }
    if paragraphs.is_empty() {
        return Content::default();
    }
    Content::new(text, blocks, spans).unwrap_or_default()
}

/// Saves the project atomically, keeping the previous file as `.bak`,
/// whatever is on disk (see [`super::project_io`] for saving a file that was
/// opened).
pub fn save(path: &Path, project: &Project) -> Result<super::atomic::Written, FormatError> {
    let text = to_ron_string(project)?;
    write_atomically(path, text.as_bytes(), true)
}

/// The distinct paragraphs of all versions, each kept once.
#[derive(Default)]
struct ParagraphPool {
    paragraphs: Vec<ParagraphFile>,
    index_of: HashMap<ParagraphFile, usize>,
}

impl ParagraphPool {
    /// The version's paragraphs as index ranges, adding new ones to the pool.
    fn encode(&mut self, paragraphs: Vec<ParagraphFile>) -> String {
        let indices: Vec<usize> = paragraphs
            .into_iter()
            .map(|paragraph| {
                if let Some(&index) = self.index_of.get(&paragraph) {
                    return index;
                }
                self.paragraphs.push(paragraph.clone());
                self.index_of.insert(paragraph, self.paragraphs.len() - 1);
                self.paragraphs.len() - 1
            })
            .collect();
        let mut ranges: Vec<String> = Vec::new();
        let mut run_start = 0;
        for position in 1..=indices.len() {
            let run_continues =
                position < indices.len() && indices[position] == indices[position - 1] + 1;
            if !run_continues {
                let (first, last) = (indices[run_start], indices[position - 1]);
                ranges.push(if first == last {
                    first.to_string()
                } else {
                    format!("{first}-{last}")
                });
                run_start = position;
            }
        }
        ranges.join(",")
    }
}

/// The indices a version's index ranges name, checked against the pool;
/// each paragraph's length (and its line break) is taken from `budget`.
fn pool_indices(
    ranges: &str,
    pool_len: usize,
    len_of: impl Fn(usize) -> usize,
    budget: &mut usize,
) -> Result<Vec<usize>, String> {
    let mut indices = Vec::new();
    for range in ranges.split(',') {
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let parse = |number: &str| {
            number
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("{range:?} is not a paragraph index range"))
        };
        let (first, last) = (parse(first)?, parse(last)?);
        if first > last || last >= pool_len {
            return Err(format!(
                "paragraph range {range:?} is outside the {pool_len} stored paragraphs"
            ));
        }
        for index in first..=last {
            *budget = budget.checked_sub(len_of(index) + 1).ok_or_else(|| {
                format!(
                    "its paragraph list {range:?} repeats more text than a project file of this size can hold; the file is damaged"
                )
            })?;
            indices.push(index);
        }
    }
    Ok(indices)
}

/// The content of a version from its index ranges into the pool, taking
/// its length from `budget` first: content beyond the budget is never built.
fn decode_paragraphs(
    ranges: &str,
    pool: &[Content],
    budget: &mut usize,
) -> Result<Content, String> {
    let indices = pool_indices(ranges, pool.len(), |index| pool[index].text.len(), budget)?;
    let paragraphs: Vec<Content> = indices
        .into_iter()
        .map(|index| pool[index].clone())
        .collect();
    Ok(join(&paragraphs))
}

/// The text of a format-1 version from its index ranges into the pool,
/// within `budget`.
fn decode_v1_paragraphs(
    ranges: &str,
    pool: &[String],
    budget: &mut usize,
) -> Result<String, String> {
    let indices = pool_indices(ranges, pool.len(), |index| pool[index].len(), budget)?;
    let paragraphs: Vec<&str> = indices
        .into_iter()
        .map(|index| pool[index].as_str())
        .collect();
    Ok(paragraphs.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generator::{FixtureSize, generate, with_versions};

    /// The whole file as one struct, written in one pass.
    fn in_one_pass(project: &Project) -> String {
        let parts = project.to_parts();
        let (versions, version_pool) = version_files(project);
        let file = ProjectFile {
            format_version: FORMAT_VERSION,
            document: document_file(project.document()),
            comments: parts.comments,
            suggestions: parts.suggestions,
            log: parts.log,
            settings: parts.settings,
            dismissals: parts.dismissals,
            signoffs: parts.signoffs,
            rounds: parts.rounds,
            versions,
            version_pool,
        };
        pretty(&file).expect("serialises") + "\n"
    }

    #[test]
    fn the_two_halves_are_the_file_in_one_pass() {
        let mut projects = vec![
            generate(FixtureSize::Realistic, 7),
            with_versions(FixtureSize::Realistic, 3, 4),
            Project::new(Document::default()),
        ];
        let mut awkward = generate(FixtureSize::Realistic, 11).to_parts();
        awkward.document.title = "a title\nover two lines with \"quotes\"#".to_string();
        awkward.comments[0].body = ")\n(\n  format_version: 9,".to_string();
        projects.push(Project::from_parts(awkward).expect("valid"));
        for project in &projects {
            assert_eq!(
                to_ron_string(project).expect("written"),
                in_one_pass(project)
            );
        }
    }
}
