//! The policy's structure and formatting through Word and back (issue 14):
//! Redline's export read by pandoc and LibreOffice shows the same bold,
//! links, list numbers and nesting, table cells and notes; documents
//! written by LibreOffice and pandoc come in with them; a clean export is
//! clean and no date is invented.

use super::office::{
    Summary, libreoffice_available, libreoffice_convert, odt_content, pandoc_file_json, pandoc_json,
};
use super::*;
use redline::model::blocks::{
    Block, BlockStyle, ListId, ListItem, NOTE_REFERENCE, NoteId, NoteKind, NoteRef, NumberFormat,
    SOFT_BREAK, TableCell, TableId, canonical_ids, list_labels,
};
use redline::model::content::Content;
use redline::model::links::LinkTarget;
use redline::model::marks::{MarkSpan, Marks, Styles};
use serde_json::Value;

/// Builds content paragraph by paragraph.
#[derive(Default)]
struct Builder {
    text: String,
    blocks: Vec<Block>,
    spans: Vec<MarkSpan>,
}

fn styled(styles: Styles) -> Marks {
    Marks::styled(styles)
}

fn link(target: &str) -> Marks {
    Marks {
        link: Some(LinkTarget::new(target).expect("allowed")),
        ..Marks::default()
    }
}

fn note(id: u32) -> Marks {
    Marks {
        note: Some(NoteId(id)),
        ..Marks::default()
    }
}

impl Builder {
    fn paragraph(mut self, block: Block, pieces: &[(&str, Marks)]) -> Builder {
        if !self.blocks.is_empty() {
            self.text.push('\n');
        }
        self.blocks.push(block);
        for (text, marks) in pieces {
            let start = self.text.len();
            self.text.push_str(text);
            if !marks.is_plain() {
                self.spans.push(MarkSpan {
                    range: start..self.text.len(),
                    marks: marks.clone(),
                });
            }
        }
        self
    }

    fn plain(self, block: Block, text: &str) -> Builder {
        self.paragraph(block, &[(text, Marks::default())])
    }

    fn build(self) -> Content {
        Content::new(self.text, self.blocks, self.spans).expect("valid content")
    }
}

fn item(list: u32, level: u8, format: NumberFormat, pattern: &str, start: u32) -> Block {
    Block::item(ListItem {
        list: ListId(list),
        level,
        format,
        pattern: pattern.to_string(),
        start,
        restart: false,
    })
}

fn cell(row: u32, col: u32, row_span: u32, col_span: u32) -> Block {
    Block {
        cell: Some(TableCell {
            table: TableId(1),
            row,
            col,
            row_span,
            col_span,
        }),
        ..Block::default()
    }
}

/// A policy with everything the issue lists: six heading levels, every
/// character style, web, mail and in-document links, a footnote and an
/// endnote, a tab and a soft break, nested numbered lists with patterns,
/// a continued list and a restarted one, nested bullets, a table with
/// merged cells and a block quote.
pub fn rich_content() -> Content {
    let plain = Marks::default;
    let mut restarted = item(1, 0, NumberFormat::Decimal, "%1.", 3);
    if let Some(list_item) = restarted.list.as_mut() {
        list_item.restart = true;
        list_item.start = 1;
    }
    let mut contact = Block::heading(2);
    contact.anchor = Some("contact".to_string());
    let tail = format!("\tTabbed{SOFT_BREAK}next line.");
    Builder::default()
        .plain(Block::heading(1), "Privacy Policy")
        .paragraph(
            Block::default(),
            &[
                ("We ", plain()),
                ("never", styled(Styles::BOLD)),
                (" sell ", plain()),
                ("your", styled(Styles::ITALIC)),
                (" data, ", plain()),
                ("both", styled(Styles::BOLD.union(Styles::ITALIC))),
                (", ", plain()),
                ("under", styled(Styles::UNDERLINE)),
                (", ", plain()),
                ("Caps", styled(Styles::SMALL_CAPS)),
                (". See ", plain()),
                ("opt out", link("https://example.com/opt-out")),
                (", ", plain()),
                ("mail", link("mailto:privacy@example.com")),
                (" or ", plain()),
                ("below", link("#contact")),
                (". H", plain()),
                ("2", styled(Styles::SUBSCRIPT)),
                ("O, x", plain()),
                ("2", styled(Styles::SUPERSCRIPT)),
                (", ", plain()),
                ("old", styled(Styles::STRIKE)),
                (".", plain()),
                (&NOTE_REFERENCE.to_string(), note(1)),
                (&tail, plain()),
            ],
        )
        .plain(item(1, 0, NumberFormat::Decimal, "%1.", 3), "Third")
        .plain(item(1, 1, NumberFormat::LowerLetter, "(%2)", 1), "sub a")
        .plain(item(1, 1, NumberFormat::LowerLetter, "(%2)", 1), "sub b")
        .plain(item(1, 2, NumberFormat::LowerRoman, "%1.%2.%3", 1), "deep")
        .plain(item(1, 0, NumberFormat::Decimal, "%1.", 3), "Fourth")
        .plain(Block::default(), "Between.")
        .plain(
            item(1, 0, NumberFormat::Decimal, "%1.", 3),
            "Fifth continues",
        )
        .plain(restarted, "Again one")
        .plain(item(2, 0, NumberFormat::Bullet, "", 1), "bullet")
        .plain(item(2, 1, NumberFormat::Bullet, "", 1), "sub bullet")
        .plain(cell(0, 0, 1, 2), "Category and purpose")
        .plain(cell(0, 2, 1, 1), "Retention")
        .plain(cell(1, 0, 2, 1), "Contact")
        .plain(cell(1, 1, 1, 1), "Support")
        .plain(cell(1, 2, 1, 1), "2 years")
        .plain(cell(2, 1, 1, 1), "Billing")
        .plain(cell(2, 2, 1, 1), "7 years")
        .plain(Block::styled(BlockStyle::Quote), "A quoted passage.")
        .plain(contact, "Contact")
        .plain(Block::heading(3), "Three")
        .plain(Block::heading(4), "Four")
        .plain(Block::heading(5), "Five")
        .plain(Block::heading(6), "Six")
        .paragraph(
            Block::default(),
            &[
                ("Endnote here.", plain()),
                (&NOTE_REFERENCE.to_string(), note(2)),
            ],
        )
        .plain(
            Block {
                note: Some(NoteRef {
                    id: NoteId(1),
                    kind: NoteKind::Footnote,
                }),
                ..Block::default()
            },
            "The footnote text.",
        )
        .plain(
            Block {
                note: Some(NoteRef {
                    id: NoteId(2),
                    kind: NoteKind::Endnote,
                }),
                ..Block::default()
            },
            "The endnote text.",
        )
        .build()
}

fn canonical(mut content: Content) -> Content {
    canonical_ids(&mut content.blocks);
    content
}

fn sorted(mut summary: Summary) -> Summary {
    for texts in summary.styled.values_mut() {
        texts.sort();
    }
    summary.links.sort();
    summary
}

#[test]
fn rich_content_round_trips_through_a_clean_word_document() {
    let content = rich_content();
    let bytes = export_clean(&content, "Privacy Policy").expect("export");
    let imported = import(&bytes, origin()).expect("import");
    assert_eq!(
        canonical(imported.parts.document.content.clone()),
        canonical(content.clone())
    );
    let labels: Vec<String> = list_labels(&imported.parts.document.content.blocks)
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(
        labels,
        ["3.", "(a)", "(b)", "3.b.i", "4.", "5.", "1.", "•", "◦"]
    );
    let notes: Vec<&str> = imported
        .warnings
        .iter()
        .map(String::as_str)
        .filter(|warning| !warning.starts_with("1 section properties"))
        .collect();
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn pandoc_reads_the_structure_redline_writes() {
    if !crate::readers::require_reader("pandoc") {
        return;
    }
    let content = rich_content();
    let bytes = export_clean(&content, "Privacy Policy").expect("export");
    let read = sorted(Summary::of_pandoc(&pandoc_json(&bytes)));
    let expected = sorted(Summary::of_content(&content));
    // pandoc has no endnotes: both kinds are its notes.
    assert_eq!(read.notes, expected.notes);
    assert_eq!(read, expected);
}

#[test]
fn libreoffice_reads_the_structure_redline_writes() {
    if !libreoffice_available() {
        return;
    }
    let content = rich_content();
    let bytes = export_clean(&content, "Privacy Policy").expect("export");
    let directory = tempfile::tempdir().expect("temp");
    let path = directory.path().join("rich.docx");
    std::fs::write(&path, &bytes).expect("write");
    let odt = odt_content(&libreoffice_convert(&path, "odt", "odt"));
    let count = |needle: &str| odt.matches(needle).count();
    let items = content
        .blocks
        .iter()
        .filter(|block| block.list.is_some())
        .count();
    assert_eq!(count("<text:list-item"), items, "list items");
    assert_eq!(count("<table:table-cell"), 7, "table cells");
    assert_eq!(count("<table:covered-table-cell"), 2, "merged-away cells");
    assert_eq!(count("<text:note "), 2, "notes");
    assert_eq!(count("text:note-class=\"endnote\""), 1, "endnotes");
    assert_eq!(count("<text:a "), 3, "links");
    assert_eq!(count("<text:h "), 6, "headings");
    // The labels LibreOffice numbers the lists with are Redline's.
    let text = String::from_utf8(libreoffice_convert(&path, "txt:Text (encoded):UTF8", "txt"))
        .expect("utf-8");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let labels = list_labels(&content.blocks);
    for ((range, _), label) in content.paragraphs().zip(&labels) {
        if let Some(label) = label {
            let line = format!("{label} {}", &content.text[range]);
            assert!(lines.contains(&line.as_str()), "{line:?} not in {lines:#?}");
        }
    }
}

/// Writes `file` with LibreOffice from `html`, returns the .docx bytes.
fn libreoffice_docx_from_html(html: &str) -> Vec<u8> {
    let directory = tempfile::tempdir().expect("temp");
    let path = directory.path().join("policy.html");
    std::fs::write(&path, html).expect("write");
    libreoffice_convert(&path, "docx:MS Word 2007 XML", "docx")
}

/// The HTML LibreOffice turns into the Word fixture of the same name.
fn libreoffice_html() -> String {
    std::fs::read_to_string("tests/fixtures/docx/libreoffice-structure.html").expect("fixture")
}

/// What `redline show --json` says of a file Redline imported.
fn show_json(docx: &[u8]) -> (Value, String) {
    let directory = tempfile::tempdir().expect("temp");
    let input = directory.path().join("policy.docx");
    let project = directory.path().join("policy.redline.ron");
    std::fs::write(&input, docx).expect("write");
    let binary = env!("CARGO_BIN_EXE_redline");
    let output = Command::new(binary)
        .arg("import")
        .arg(&input)
        .arg("-o")
        .arg(&project)
        .output()
        .expect("import");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let warnings = String::from_utf8_lossy(&output.stderr).into_owned();
    let output = Command::new(binary)
        .args(["show", "--json"])
        .arg(&project)
        .output()
        .expect("show");
    assert!(output.status.success());
    (
        serde_json::from_slice(&output.stdout).expect("json"),
        warnings,
    )
}

#[test]
fn a_libreoffice_document_comes_in_with_its_structure() {
    if !libreoffice_available() {
        return;
    }
    let docx = libreoffice_docx_from_html(&libreoffice_html());
    let (json, warnings) = show_json(&docx);
    let text = json["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let slice = |start: &Value, end: &Value| -> String {
        let (start, end) = (
            start.as_u64().unwrap_or(0) as usize,
            end.as_u64().unwrap_or(0) as usize,
        );
        chars[start..end].iter().collect()
    };
    let blocks: Vec<String> = json["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|block| {
            let mut described = format!(
                "{} {}",
                block["kind"].as_str().unwrap_or_default(),
                slice(&block["start"], &block["end"])
            );
            if let Some(level) = block["level"].as_u64() {
                described.push_str(&format!(" h{level}"));
            }
            if block["list"].is_object() {
                described.push_str(&format!(
                    " [{}]",
                    block["list"]["label"].as_str().unwrap_or_default()
                ));
            }
            if block["table"].is_object() {
                let table = &block["table"];
                described.push_str(&format!(
                    " ({},{} {}x{})",
                    table["row"], table["col"], table["row_span"], table["col_span"]
                ));
            }
            described
        })
        .collect();
    assert_eq!(
        blocks,
        [
            "heading Privacy Policy h1",
            "paragraph We never sell your data, underlined, struck, x2, H2O. See opt out, email us, contact or bad.\u{2028}Second line.",
            "list_item Third [3.]",
            "list_item sub a [a.]",
            "list_item sub b [b.]",
            "list_item Fourth [4.]",
            "list_item bullet [•]",
            "list_item sub bullet [•]",
            "table_cell Category and purpose (0,0 1x2)",
            "table_cell Retention (0,2 1x1)",
            "table_cell Contact (1,0 2x1)",
            "table_cell Support (1,1 1x1)",
            "table_cell 2 years (1,2 1x1)",
            "table_cell Billing (2,1 1x1)",
            "table_cell 7 years (2,2 1x1)",
            "quote A quoted passage.",
            "paragraph ",
            "heading Contact h2",
            "paragraph Note here.\u{FFFC}",
            "heading Three h3",
            "heading Four h4",
            "heading Five h5",
            "heading Six h6",
            "paragraph The footnote text.",
        ]
    );
    let marks: Vec<String> = json["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|mark| {
            let words = slice(&mark["start"], &mark["end"]);
            let what: Vec<String> = mark
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(key, _)| *key != "start" && *key != "end")
                .map(|(key, value)| match value {
                    Value::Bool(_) => key.clone(),
                    other => format!(
                        "{key}={}",
                        other.as_str().map_or(other.to_string(), str::to_string)
                    ),
                })
                .collect();
            format!("{words}: {}", what.join(" "))
        })
        .collect();
    assert_eq!(
        marks,
        [
            "never: bold",
            "your: italic",
            "underlined: underline",
            "struck: strike",
            "2: superscript",
            "2: subscript",
            "opt out: link=https://example.com/opt-out",
            "email us: link=mailto:privacy@example.com",
            "contact: link=#contact",
            "\u{FFFC}: note=1",
        ]
    );
    assert_eq!(json["notes"][0]["text"], "The footnote text.");
    assert!(
        warnings.contains("1 images not kept: 1 under “Privacy Policy”"),
        "{warnings}"
    );
    assert!(
        warnings.contains("1 links kept as plain text"),
        "{warnings}"
    );
}

#[test]
fn a_pandoc_document_comes_in_as_pandoc_reads_its_markdown() {
    if !crate::readers::require_reader("pandoc") {
        return;
    }
    let directory = tempfile::tempdir().expect("temp");
    let markdown = Path::new("tests/fixtures/docx/pandoc-structure.md");
    let docx = directory.path().join("policy.docx");
    let output = run(Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&docx)
        .arg(markdown));
    assert!(output.status.success());
    let imported = import(&std::fs::read(&docx).expect("read"), &docx).expect("import");
    let ours = sorted(Summary::of_content(&imported.parts.document.content));
    let theirs = sorted(Summary::of_pandoc(&pandoc_file_json(markdown, "markdown")));
    assert_eq!(ours, theirs);
}

#[test]
fn a_clean_export_is_clean() {
    let project = redline::formats::sample::sample_project().expect("sample");
    assert!(!project.comments().is_empty() && !project.suggestions().is_empty());
    let bytes = redline::formats::export::export_bytes(
        &project,
        redline::formats::export::ExportRequest {
            format: redline::formats::export::ExportFormat::Docx,
            version: None,
            history: false,
            paper: None,
            version_label: false,
        },
    )
    .expect("export");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut everything = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("name").to_string();
        assert!(!name.contains("comments"), "{name}");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).expect("utf-8 part");
        everything.push_str(&text);
    }
    for forbidden in [
        "<w:ins ",
        "<w:del ",
        "<w:moveFrom",
        "<w:moveTo",
        "rPrChange",
        "pPrChange",
        "<w:vanish",
        "commentRangeStart",
        "commentReference",
        "trackRevisions",
        "w:author",
        "dc:creator",
        "lastModifiedBy",
        "w:rsid",
    ] {
        assert!(
            !everything.contains(forbidden),
            "{forbidden} in a clean export"
        );
    }
    let mut names: Vec<&str> = project
        .comments()
        .iter()
        .map(|comment| comment.author.name.as_str())
        .chain(
            project
                .suggestions()
                .iter()
                .map(|suggestion| suggestion.author.name.as_str()),
        )
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        assert!(
            !everything.contains(name),
            "reviewer {name} named in a clean export"
        );
    }
}

#[test]
fn no_date_is_invented() {
    let body = r#"<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>We keep </w:t></w:r><w:ins w:id="2" w:author="Ann"><w:r><w:t>all </w:t></w:r></w:ins><w:r><w:t>data.</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>"#;
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let comments = r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="1" w:author="Bob"><w:p><w:r><w:t>Which?</w:t></w:r></w:p></w:comment></w:comments>"#;
    let bytes = zip_of(&[
        ("word/document.xml", document.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
    ]);
    let imported = import(&bytes, origin()).expect("import");
    assert!(imported.warnings.contains(
        &"2 changes or comments carry no date (w:date): they stay undated, and are written back to Word without one".to_string()
    ));
    let project = Project::from_parts(imported.parts).expect("valid");
    let exported = export_redline(&project).expect("export");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&exported)).expect("zip");
    for part in ["word/document.xml", "word/comments.xml"] {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(part).expect(part), &mut text)
            .expect("read");
        assert!(!text.contains("1970"), "{part}: {text}");
        assert!(!text.contains("w:date"), "{part}: {text}");
    }
    let again = import(&exported, origin()).expect("import again");
    assert_eq!(again.parts.suggestions.len(), 1);
    assert_eq!(again.parts.comments.len(), 1);
}

#[test]
fn formatting_suggestions_and_comments_on_insertions_reach_word_and_come_back() {
    use chrono::TimeZone;
    use redline::model::blocks::BlockPatch;
    use redline::model::content::Fragment;
    use redline::model::marks::MarkPatch;
    use redline::model::{
        Actor, ByteOffset, Command, CommentId, Document, Person, Span, Suggestion, SuggestionId,
        SuggestionStatus,
    };
    let content = rich_content();
    let at = |minute| {
        chrono::Utc
            .with_ymd_and_hms(2026, 3, 2, 9, minute, 0)
            .single()
            .expect("date")
    };
    let sell = content.text.find("sell").expect("sell");
    let between = content.text.find("Between.").expect("between");
    let inserted = Fragment::marked("really ", Marks::styled(Styles::BOLD), &Block::default());
    let parts = ProjectParts {
        document: Document {
            title: "Privacy Policy".into(),
            content: content.clone(),
            ..Document::default()
        },
        suggestions: vec![Suggestion {
            id: SuggestionId(1),
            span: Span::point(sell),
            kind: SuggestionKind::Insertion {
                text: "really ".into(),
            },
            author: Person::new("Ann Lee", "AL"),
            created: at(1),
            rationale: None,
            status: SuggestionStatus::Pending,
            orphaned: false,
            conflict: None,
            original: String::new(),
            material: false,
            move_partner: None,
            note: None,
            formatting: Some(inserted),
        }],
        comments: vec![Comment {
            id: CommentId(2),
            span: Span::point(sell),
            author: Person::new("Bob Ray", "BR"),
            created: at(2),
            body: "Why so strong?".into(),
            replies: Vec::new(),
            resolved: false,
            orphaned: false,
            quote: "really ".into(),
            attached_to: Some(SuggestionId(1)),
        }],
        ..ProjectParts::default()
    };
    let mut project = Project::from_parts(parts).expect("valid");
    let actor = Actor {
        user: Person::new("Cy Ode", "CO"),
        now: at(3),
    };
    for command in [
        Command::Format {
            range: ByteOffset(sell)..ByteOffset(sell + 4),
            marks: MarkPatch::set(Styles::ITALIC),
            block: BlockPatch::default(),
            suggest: true,
        },
        Command::Format {
            range: ByteOffset(between)..ByteOffset(between),
            marks: MarkPatch::default(),
            block: BlockPatch::style(BlockStyle::Heading(2)),
            suggest: true,
        },
    ] {
        project.apply(command, &actor).expect("format");
    }
    let bytes = export_redline(&project).expect("export");
    let imported = import(&bytes, origin()).expect("import");
    let described = |parts: &ProjectParts| -> Vec<String> {
        let mut described: Vec<String> = parts
            .suggestions
            .iter()
            .map(|suggestion| {
                // A paragraph's formatting is anchored on the paragraph
                // (Redline's own suggestion on the place it was asked at).
                let (what, words) = match &suggestion.kind {
                    SuggestionKind::Format(format) if !format.block.is_empty() => {
                        (format.description(), String::new())
                    }
                    SuggestionKind::Format(format) => (
                        format.description(),
                        parts.document.text()[suggestion.span.range()].to_string(),
                    ),
                    other => (format!("{other:?}"), String::new()),
                };
                format!(
                    "{what} on {words:?} by {} at {}",
                    suggestion.author.name, suggestion.created
                )
            })
            .collect();
        described.sort();
        described
    };
    assert_eq!(described(&imported.parts), described(&project.to_parts()));
    assert_eq!(described(&imported.parts).len(), 3);
    assert_eq!(
        canonical(imported.parts.document.content.clone()),
        canonical(project.content().clone()),
        "the text shows the suggested formatting"
    );
    let insertion = imported
        .parts
        .suggestions
        .iter()
        .find(|suggestion| matches!(suggestion.kind, SuggestionKind::Insertion { .. }))
        .expect("insertion");
    assert_eq!(
        insertion
            .formatting
            .as_ref()
            .map(|fragment| fragment.marks[0].marks.styles),
        Some(Styles::BOLD),
        "the insertion keeps its formatting"
    );
    let comment = &imported.parts.comments[0];
    assert_eq!(comment.attached_to, Some(insertion.id));
    assert_eq!(comment.quote, "really ");
    if !libreoffice_available() {
        return;
    }
    let directory = tempfile::tempdir().expect("temp");
    let path = directory.path().join("review.docx");
    std::fs::write(&path, &bytes).expect("write");
    let odt = odt_content(&libreoffice_convert(&path, "odt", "odt"));
    assert_eq!(odt.matches("<text:insertion>").count(), 1, "{odt}");
    assert_eq!(odt.matches("<text:format-change>").count(), 1, "{odt}");
    // LibreOffice keeps a paragraph's tracked formatting, and saves it in
    // ODT (which has no element for it) as an unknown change.
    assert_eq!(odt.matches("<text:UnknownChange>").count(), 1, "{odt}");
    assert_eq!(odt.matches("<dc:creator>Cy Ode</dc:creator>").count(), 2);
    assert_eq!(odt.matches("<office:annotation ").count(), 1, "{odt}");
    assert!(odt.contains("Why so strong?"));
}
