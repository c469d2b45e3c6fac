//! Integration tests of the clean publication exporters: HTML escaping and structure (read
//! back by pandoc's HTML reader), no external resources, the PDF's structure tree, links, paper,
//! tables and notes (read back with poppler's `pdfinfo` and `pdftotext`), and text equality of
//! every format with the policy's visible text (the Markdown rendered with `pandoc`).

use chrono::NaiveDate;
use redline::formats::publish::{
    HistoryEntry, PaperSize, Publication, to_html, to_markdown, to_pdf, to_plain_text, visible_text,
};
use redline::model::content::Content;
// Shared with the Word tests, which use all of it.
#[allow(dead_code)]
#[path = "docx/office.rs"]
mod office;
#[path = "support/readers.rs"]
mod readers;

use readers::require_reader;
use std::io::Write;
use std::process::{Command, Stdio};

const XSS: &str = "<script>alert(1)</script>";

/// A policy with headings of every level, lists, literal `#`-like paragraphs and Unicode the
/// font covers.
const SAMPLE: &str = "\
# Who we are
Acme Café GmbH (“Acme”) runs the Straße app. This policy explains what we collect and why.

## What we collect
We collect the following data when you use the app:
- Your name and e-mail address.
- Payment details; fees are charged in € and £.
- Device identifiers — never your contacts.
### Cookies
#hashtags and #### four hashes are not headings here.
(a) This line looks like a list marker but is plain text.
1. So does this one.
# Your rights
You may ask us for a copy of your data at any time. Naïve résumé façade coöperate déjà vu.
";

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn history() -> Vec<HistoryEntry> {
    vec![
        HistoryEntry {
            version: "2".into(),
            effective_date: date(2025, 9, 15),
            summary: "Added the section on cookies.".into(),
            notice: Some("E-mailed to all users 30 days ahead.".into()),
        },
        HistoryEntry {
            version: "1".into(),
            effective_date: date(2024, 1, 2),
            summary: "First published.".into(),
            notice: None,
        },
    ]
}

fn sample<'a>(content: &'a Content, history: Option<&'a [HistoryEntry]>) -> Publication<'a> {
    Publication {
        organisation: "Acme Café GmbH",
        effective_date: date(2026, 3, 1),
        version_label: Some("3"),
        history,
        ..Publication::new("Privacy Policy", content)
    }
}

/// A policy with the structure a real one has, read by the Markdown reader: a numbered list
/// starting at 3 with a nested list, bullets, a table, a quote, links of every kind, a
/// footnote and inline formatting.
const RICH: &str = "# Privacy Policy

We **never** sell *your* data. See [opt out](https://example.com/opt-out), [mail](mailto:privacy@example.com) or [below](#contact). H<sub>2</sub>O, x<sup>2</sup>, ~~old~~, <u>under</u>.[^1]

3. Third
    1. nested one
    2. nested two
4. Fourth

- bullet
    - sub bullet

| Category | Purpose | Retention |
|---|---|---|
| Contact | Support | 2 years |
| Billing | Invoices | 7 years |

> A quote.

## Contact {#contact}

Write to us.

[^1]: The footnote text.
";

fn rich() -> Content {
    redline::formats::markdown::parse(RICH).content
}

/// A table whose first header cell spans two columns and whose first body cell spans two rows.
fn merged_table(long_cell: &str) -> Content {
    use redline::model::blocks::{Block, TableCell, TableId};
    let cell = |row, col, row_span, col_span| Block {
        cell: Some(TableCell {
            table: TableId(1),
            row,
            col,
            row_span,
            col_span,
        }),
        ..Block::default()
    };
    let text = format!(
        "Before.\nCategory and purpose\nRetention\nContact\nSupport\n{long_cell}\nBilling\n7 years\nAfter."
    );
    let blocks = vec![
        Block::default(),
        cell(0, 0, 1, 2),
        cell(0, 2, 1, 1),
        cell(1, 0, 2, 1),
        cell(1, 1, 1, 1),
        cell(1, 2, 1, 1),
        cell(2, 1, 1, 1),
        cell(2, 2, 1, 1),
        Block::default(),
    ];
    Content::new(text, blocks, Vec::new()).expect("content")
}

/// Text with `#` headings and `- ` items, read as content.
fn content(marked: &str) -> Content {
    Content::from_marked_text(marked)
}

/// Collapses all whitespace runs to single spaces and trims.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `program args…` with `input` on stdin and returns its stdout.
fn run(program: &str, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn reader");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write to reader");
    let output = child.wait_with_output().expect("reader output");
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Extracts the text of a PDF with plain `pdftotext FILE -` (no `-layout`).
fn pdftotext(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("redline-publish-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{:x}.pdf", pdf.len()));
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Removes the running header (the first line of each page after the first) and the footer
/// (the last line, "Page N of M") that the PDF adds, asserting they are what the exporter
/// documents.
fn strip_pdf_furniture(extracted: &str, expected_header: &str) -> String {
    let pages: Vec<&str> = extracted
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .collect();
    let total = pages.len();
    assert!(total > 0, "no pages extracted");
    let mut body = String::new();
    for (index, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() >= 2, "page {} too short: {lines:?}", index + 1);
        let first = usize::from(index > 0);
        if index > 0 {
            assert_eq!(
                lines[0].trim(),
                expected_header,
                "header of page {}",
                index + 1
            );
        }
        assert_eq!(
            lines[lines.len() - 1].trim(),
            format!("Page {} of {total}", index + 1),
            "footer of page {}",
            index + 1
        );
        for line in &lines[first..lines.len() - 1] {
            body.push_str(line);
            body.push('\n');
        }
    }
    body
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_escapes_every_piece_of_user_text() {
    let text = content(&format!(
        "# {XSS}\n## A & B\n{XSS} said \"hi\" & 'bye'\n- {XSS}"
    ));
    let history = [HistoryEntry {
        version: XSS.into(),
        effective_date: None,
        summary: XSS.into(),
        notice: Some(XSS.into()),
    }];
    let publication = Publication {
        organisation: XSS,
        effective_date: date(2026, 3, 1),
        version_label: Some(XSS),
        history: Some(&history),
        ..Publication::new(XSS, &text)
    };
    let html = to_html(&publication);
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assert!(html.contains(&format!("<title>{escaped} — {escaped}</title>")));
    assert!(
        html.contains(&format!("<h1 id=\"scriptalert1script\">{escaped}</h1>")),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"a-b\">A &amp; B</h2>"));
    assert!(html.contains(&format!(
        "<p>{escaped} said &quot;hi&quot; &amp; &#39;bye&#39;</p>"
    )));
    assert!(html.contains(&format!("<li>{escaped}</li>")));
    assert!(html.contains(&format!("<p class=\"organisation\">{escaped}</p>")));
    assert!(html.contains(&format!("<p class=\"version\">Version {escaped}</p>")));
    assert_eq!(html.matches(&format!("<td>{escaped}</td>")).count(), 3);
}

#[test]
fn html_is_standalone_semantic_and_accessible() {
    let history = history();
    let html = to_html(&sample(&content(SAMPLE), Some(&history)));
    for needle in [
        "<!DOCTYPE html>",
        "<html lang=\"en\">",
        "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Privacy Policy — Acme Café GmbH</title>",
        "<main>",
        "<header>",
        "<h1 class=\"title\">Privacy Policy</h1>",
        "@media print",
        "Effective Date: <time datetime=\"2026-03-01\">March 1, 2026</time>",
        "<h1 id=\"who-we-are\">Who we are</h1>",
        "<h2 id=\"what-we-collect\">What we collect</h2>",
        "<h3 id=\"cookies\">Cookies</h3>",
        "<p>#hashtags and #### four hashes are not headings here.</p>",
        "<ul>\n<li>Your name and e-mail address.</li>\n\
         <li>Payment details; fees are charged in € and £.</li>\n\
         <li>Device identifiers — never your contacts.</li>\n</ul>",
        "<section class=\"history\" aria-labelledby=\"policy-history\">",
        "<table>",
        "<caption>",
        "<th scope=\"col\">Version</th>",
        "<td><time datetime=\"2025-09-15\">September 15, 2025</time></td>",
        "</main>",
        "</html>",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // The effective date is near the top: before the policy text starts.
    let date_at = html.find("<time").unwrap_or(usize::MAX);
    assert!(date_at < html.find("Who we are").unwrap_or(0));
    // The bulleted list and the numbered one.
    assert_eq!(html.matches("<li>").count(), 4);
    assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
}

#[test]
fn html_carries_lists_tables_links_notes_and_formatting() {
    let content = rich();
    let html = to_html(&Publication::new("Privacy Policy", &content));
    for needle in [
        "<html lang=\"en\">",
        "<h1 id=\"privacy-policy\">Privacy Policy</h1>",
        "<strong>never</strong>",
        "<em>your</em>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "<s>old</s>",
        "<u>under</u>",
        "<a href=\"https://example.com/opt-out\">opt out</a>",
        "<a href=\"mailto:privacy@example.com\">mail</a>",
        "<a href=\"#contact\">below</a>",
        "<h2 id=\"contact\">Contact</h2>",
        "<ol start=\"3\">\n<li>Third<ol>\n<li>nested one</li>\n<li>nested two</li>\n</ol>\n</li>\n<li>Fourth</li>\n</ol>",
        "<ul>\n<li>bullet<ul>\n<li>sub bullet</li>\n</ul>\n</li>\n</ul>",
        "<thead>\n<tr><th scope=\"col\">Category</th>",
        "<td>Invoices</td>",
        "<blockquote><p>A quote.</p></blockquote>",
        "<sup class=\"note-reference\"><a href=\"#note-1\" id=\"note-reference-1\" aria-label=\"Note 1\">1</a></sup>",
        "<section class=\"footnotes\" aria-labelledby=\"notes-title\">",
        "<li id=\"note-1\">The footnote text. <a href=\"#note-reference-1\" class=\"back\"",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    let merged = merged_table("2 years");
    let html = to_html(&Publication::new("Policy", &merged));
    assert!(
        html.contains("<th scope=\"col\" colspan=\"2\">Category and purpose</th>"),
        "{html}"
    );
    assert!(html.contains("<td rowspan=\"2\">Contact</td>"), "{html}");
}

#[test]
fn pandocs_html_reader_reads_the_structure() {
    if !require_reader("pandoc") {
        return;
    }
    let content = rich();
    let html = to_html(&Publication::new("Privacy Policy", &content));
    let directory = tempfile::tempdir().expect("temp");
    let path = directory.path().join("policy.html");
    std::fs::write(&path, &html).expect("write");
    let mut read = office::Summary::of_pandoc(&office::pandoc_file_json(&path, "html"));
    let mut expected = office::Summary::of_content(&content);
    // pandoc reads the notes section as a heading and a list, and the note links as links.
    read.headings.retain(|(_, text)| text != "Notes");
    read.links
        .retain(|(_, target)| !target.starts_with("#note"));
    // Note references are superscript links in HTML.
    if let Some(superscripts) = read.styled.get_mut("superscript") {
        superscripts.retain(|text| text != "1");
    }
    // The notes section is a numbered list at the end.
    let notes = expected.notes.len();
    read.numbered
        .truncate(read.numbered.len().saturating_sub(notes));
    read.notes = expected.notes.clone();
    for texts in read.styled.values_mut().chain(expected.styled.values_mut()) {
        texts.sort();
    }
    assert_eq!(read, expected);
}

#[test]
fn html_loads_no_external_resources() {
    let history = history();
    let html = to_html(&sample(&content(SAMPLE), Some(&history))).to_lowercase();
    for forbidden in [
        "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<script", "<img",
    ] {
        assert!(!html.contains(forbidden), "found {forbidden:?}");
    }
}

#[test]
fn html_contains_the_visible_text() {
    let policy = content(SAMPLE);
    let html = to_html(&sample(&policy, None));
    for (range, _) in policy.paragraphs() {
        let words = policy.text[range].trim();
        let escaped = words.replace('&', "&amp;").replace('"', "&quot;");
        assert!(html.contains(&escaped), "missing {words:?}");
    }
}

// ---------------------------------------------------------------- plain text

#[test]
fn plain_text_contains_the_visible_text_exactly() {
    let history = history();
    let text = to_plain_text(&sample(&content(SAMPLE), Some(&history)));
    assert!(
        text.starts_with(
            "Privacy Policy\nAcme Café GmbH\nVersion 3\nEffective Date: March 1, 2026\n"
        )
    );
    assert!(text.contains(&visible_text(&content(SAMPLE))));
    assert!(text.contains("Policy History\n\nVersion 2 (effective September 15, 2025)\n"));
    assert!(text.contains("Notice: E-mailed to all users 30 days ahead."));
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_keeps_structure_and_literal_hashes() {
    let history = history();
    let md = to_markdown(&sample(&content(SAMPLE), Some(&history)));
    assert!(md.starts_with(
        "# Privacy Policy\n\nAcme Café GmbH\n\nVersion 3\n\nEffective Date: March 1, 2026\n"
    ));
    assert!(md.contains("\n# Who we are\n"));
    assert!(md.contains("\n## What we collect\n"));
    assert!(md.contains("\n### Cookies\n"));
    assert!(md.contains("\n- Your name and e-mail address.\n- Payment details"));
    assert!(md.contains("\n\\#hashtags and \\#\\#\\#\\# four hashes"));
    assert!(md.contains("| Version | Effective Date | Summary of Changes | Notice |"));
    assert!(md.contains("| 2 | September 15, 2025 | Added the section on cookies. |"));
}

#[test]
fn markdown_renders_back_to_the_visible_text() {
    if !require_reader("pandoc") {
        return;
    }
    let tricky = format!(
        "{SAMPLE}#### Not a heading\n> not a quote\n* * *\n: not a definition\n{XSS}\n- (b) not nested\n"
    );
    let md = to_markdown(&sample(&content(&tricky), None));
    let plain = run(
        "pandoc",
        &["-f", "markdown", "-t", "plain", "--wrap=none"],
        md.as_bytes(),
    );
    // Pandoc's plain writer draws list bullets as `-   `, where the visible text has `•`.
    let unbulleted: Vec<String> = plain
        .lines()
        .map(|line| match line.strip_prefix("-   ") {
            Some(item) => format!("• {item}"),
            None => line.to_string(),
        })
        .collect();
    let rendered = normalise(&unbulleted.join("\n"));
    let expected = normalise(&visible_text(&content(&tricky)));
    assert!(
        rendered.contains(&expected),
        "pandoc output:\n{plain}\n\nexpected to contain:\n{expected}"
    );
    // The headings stay headings: pandoc's plain writer puts no `#` before them.
    assert!(!plain.contains("# Who we are"));
}

#[test]
fn markdown_history_survives_pandoc() {
    if !require_reader("pandoc") {
        return;
    }
    let history = history();
    let md = to_markdown(&sample(&content("Body."), Some(&history)));
    let html = run("pandoc", &["-f", "markdown", "-t", "html"], md.as_bytes());
    assert!(html.contains("<table"), "{html}");
    assert!(html.contains("Added the section on cookies."));
}

// ---------------------------------------------------------------- PDF

/// `pdfinfo` with `args` on the PDF, its standard output.
fn pdfinfo(pdf: &[u8], args: &[&str]) -> String {
    let directory = tempfile::tempdir().expect("temp");
    let path = directory.path().join("policy.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdfinfo")
        .args(args)
        .arg(&path)
        .output()
        .expect("run pdfinfo");
    assert!(
        output.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

#[test]
fn pdf_is_well_formed() {
    let pdf = to_pdf(&sample(&content(SAMPLE), None)).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/FontFile2"));
    assert!(text.contains("/ToUnicode"));
    assert!(text.contains("+DejaVuSans"));
    assert!(text.contains("/MediaBox [0 0 595.28 841.89]"));
    assert!(text.contains("/Lang (en)"));
    assert!(text.contains("/Marked true"));
}

#[test]
fn pdf_has_bold_and_italic_faces() {
    let content = rich();
    let pdf = to_pdf(&Publication::new("Privacy Policy", &content)).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    for face in ["+DejaVuSans-Bold", "+DejaVuSans-Oblique"] {
        assert!(text.contains(face), "{face}");
    }
}

#[test]
fn pdf_is_tagged_with_headings_lists_tables_links_and_language() {
    if !require_reader("pdfinfo") {
        return;
    }
    let content = rich();
    let pdf = to_pdf(&Publication::new("Privacy Policy", &content)).expect("pdf");
    assert!(pdfinfo(&pdf, &[]).contains("Tagged:          yes"));
    let structure = pdfinfo(&pdf, &["-struct-text"]);
    for needle in [
        "Document \"Privacy Policy\"",
        "H1 (block)\n    \"Privacy Policy\"",
        "H2 (block)\n    \"Contact\"",
        "L (block):\n     /ListNumbering /Decimal",
        "/ListNumbering /Disc",
        "Lbl (block)\n        \"3.\"",
        "LBody (block)\n        \"Third\"",
        "Table (block)",
        "TH:",
        "/Scope /Column",
        "TD:",
        "Link (inline)\n      \"opt out\"",
        "BlockQuote",
    ] {
        assert!(
            structure.contains(needle),
            "missing {needle:?} in\n{structure}"
        );
    }
    // The document's language, for screen readers.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/Lang (en)"));
    let merged = merged_table("2 years");
    let structure = pdfinfo(
        &to_pdf(&Publication::new("P", &merged)).expect("pdf"),
        &["-struct"],
    );
    assert!(structure.contains("/ColSpan 2"), "{structure}");
    assert!(structure.contains("/RowSpan 2"), "{structure}");
}

#[test]
fn pdf_links_are_clickable() {
    let content = rich();
    let pdf = to_pdf(&Publication::new("Privacy Policy", &content)).expect("pdf");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/URI (https://example.com/opt-out)"));
    assert!(raw.contains("/URI (mailto:privacy@example.com)"));
    // In-document links and note references jump within the document.
    assert_eq!(raw.matches("/S /GoTo").count(), 2, "{raw}");
    assert!(raw.contains("/S /Note"), "the footnote is a Note element");
    assert_eq!(raw.matches("/Subtype /Link").count(), 4);
}

#[test]
fn pdf_text_reads_in_order_with_labels_cells_and_notes() {
    if !require_reader("pdftotext") {
        return;
    }
    let content = rich();
    let extracted = normalise(&pdftotext(
        &to_pdf(&Publication::new("Privacy Policy", &content)).expect("pdf"),
    ));
    for run in [
        "3. Third 1. nested one 2. nested two 4. Fourth • bullet ◦ sub bullet",
        "Category Purpose Retention Contact Support 2 years Billing Invoices 7 years",
        "H2O, x2, old, under.1",
        // The footnote at the foot of its page.
        "Write to us. 1 The footnote text. Page 1 of 1",
    ] {
        assert!(extracted.contains(run), "missing {run:?} in {extracted}");
    }
    let visible = visible_text(&content);
    let without_notes_heading: Vec<&str> =
        visible.lines().filter(|line| *line != "Notes").collect();
    assert_eq!(
        extracted,
        normalise(&format!(
            "{}\nPage 1 of 1",
            without_notes_heading.join("\n")
        ))
    );
}

#[test]
fn pdf_paper_follows_the_locale_or_the_choice() {
    if !require_reader("pdfinfo") {
        return;
    }
    let content = rich();
    for (paper, expected) in [
        (PaperSize::A4, "595.28 x 841.89 pts (A4)"),
        (PaperSize::Letter, "612 x 792 pts (letter)"),
    ] {
        let publication = Publication {
            paper,
            ..Publication::new("Privacy Policy", &content)
        };
        let info = pdfinfo(&to_pdf(&publication).expect("pdf"), &[]);
        assert!(info.contains(expected), "{info}");
    }
}

#[test]
fn the_title_and_the_effective_date_show_once() {
    if !require_reader("pdftotext") {
        return;
    }
    let policy = content("# Privacy Policy\nEffective Date: March 1, 2026\nWe care.");
    let publication = Publication {
        effective_date: date(2026, 3, 1),
        ..Publication::new("Privacy Policy", &policy)
    };
    let page_one = pdftotext(&to_pdf(&publication).expect("pdf"));
    assert_eq!(page_one.matches("Privacy Policy").count(), 1, "{page_one}");
    assert_eq!(page_one.matches("Effective Date").count(), 1, "{page_one}");
    let html = to_html(&publication);
    let body = html.split("<body>").nth(1).unwrap_or_default();
    assert_eq!(body.matches(">Privacy Policy<").count(), 1, "{html}");
    assert_eq!(body.matches("Effective Date").count(), 1, "{html}");
    let text = to_plain_text(&publication);
    assert_eq!(text.matches("Privacy Policy").count(), 1, "{text}");
}

#[test]
fn no_version_label_is_published_unless_asked() {
    use redline::formats::export::{ExportFormat, ExportRequest, export_bytes};
    use redline::model::{Actor, Command, Person};
    let mut project = redline::formats::sample::sample_project().expect("sample");
    let actor = Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MO"),
        now: chrono::Utc::now(),
    };
    project
        .apply(
            Command::TakeSnapshot {
                label: Some("internal-rc7".to_string()),
                note: String::new(),
                status: redline::model::VersionStatus::Draft,
            },
            &actor,
        )
        .expect("snapshot");
    let version = project.versions().last().map(|version| version.id);
    for (asked, shown) in [(false, false), (true, true)] {
        let request = ExportRequest {
            format: ExportFormat::Txt,
            version,
            history: false,
            paper: None,
            version_label: asked,
        };
        let text =
            String::from_utf8(export_bytes(&project, request).expect("export")).expect("utf-8");
        assert_eq!(text.contains("internal-rc7"), shown, "{text}");
    }
}

#[test]
fn pdf_table_rows_split_across_pages() {
    if !require_reader("pdftotext") {
        return;
    }
    let long: String = (0..400).map(|i| format!("retained{i} ")).collect();
    let merged = merged_table(long.trim());
    let publication = Publication::new("Policy", &merged);
    let pdf = to_pdf(&publication).expect("pdf");
    let extracted = pdftotext(&pdf);
    assert!(
        extracted.matches('\u{c}').count() >= 2,
        "the long row goes on to a second page"
    );
    let words = normalise(&extracted);
    let first = words.find("retained0 ").expect("first");
    let last = words.find("retained399").expect("last");
    assert!(first < last);
    let retained: Vec<&str> = words
        .split(' ')
        .filter(|word| word.starts_with("retained"))
        .collect();
    let expected: Vec<String> = (0..400).map(|i| format!("retained{i}")).collect();
    assert_eq!(retained, expected, "every word once, in order");
    assert!(words.find("Billing").expect("billing") > last, "{words}");
}

#[test]
fn pdf_reads_back_as_the_plain_text() {
    if !require_reader("pdftotext") {
        return;
    }
    // Repeat the sample so the document spans several pages (header and footer on each).
    let long = content(&SAMPLE.repeat(12));
    let history = history();
    let publication = sample(&long, Some(&history));
    let pdf = to_pdf(&publication).expect("pdf");
    let extracted = pdftotext(&pdf);
    assert!(
        extracted.matches('\u{c}').count() >= 3,
        "expected several pages"
    );
    let body = strip_pdf_furniture(&extracted, "Privacy Policy — Effective Date: March 1, 2026");
    assert_eq!(normalise(&body), normalise(&to_plain_text(&publication)));
    assert!(normalise(&body).contains(&normalise(&visible_text(&long))));
}

#[test]
fn pdf_without_date_has_title_only_header() {
    if !require_reader("pdftotext") {
        return;
    }
    let policy = content(SAMPLE);
    let publication = Publication {
        effective_date: None,
        ..sample(&policy, None)
    };
    let extracted = pdftotext(&to_pdf(&publication).expect("pdf"));
    let body = strip_pdf_furniture(&extracted, "Privacy Policy");
    assert_eq!(normalise(&body), normalise(&to_plain_text(&publication)));
}

#[test]
fn pdf_replaces_characters_the_font_lacks() {
    let text = content("漢字 and Devanagari नम stay safe.\n# 見出し");
    let publication = sample(&text, None);
    let pdf = to_pdf(&publication).expect("missing glyphs must not fail");
    if !require_reader("pdftotext") {
        return;
    }
    let body = normalise(&pdftotext(&pdf));
    assert!(body.contains("?? and Devanagari ?? stay safe."), "{body}");
    assert!(body.contains("???"), "{body}");
}

#[test]
fn pdf_wraps_long_paragraphs_and_keeps_word_order() {
    if !require_reader("pdftotext") {
        return;
    }
    let paragraph = content(&(0..400).map(|i| format!("word{i} ")).collect::<String>());
    let publication = sample(&paragraph, None);
    let extracted = pdftotext(&to_pdf(&publication).expect("pdf"));
    let body = strip_pdf_furniture(&extracted, "Privacy Policy — Effective Date: March 1, 2026");
    assert!(
        body.lines().count() > 20,
        "paragraph should wrap over many lines"
    );
    assert_eq!(normalise(&body), normalise(&to_plain_text(&publication)));
}

#[test]
fn pdf_shortens_a_long_title_in_the_header() {
    if !require_reader("pdftotext") {
        return;
    }
    let title = "A Very Long Title ".repeat(12);
    let body = content(&"Body paragraph.\n".repeat(120));
    let publication = Publication {
        title: &title,
        ..sample(&body, None)
    };
    let extracted = pdftotext(&to_pdf(&publication).expect("pdf"));
    // The running header starts on the second page.
    let second_page = extracted.split('\u{c}').nth(1).unwrap_or_default();
    let first = second_page.lines().next().unwrap_or("");
    assert!(
        first.contains("… — Effective Date: March 1, 2026"),
        "{first}"
    );
}

#[test]
fn pdf_of_a_one_megabyte_policy_reads_back_whole() {
    // About 8,000 paragraphs of mixed headings, items and paragraphs, with non-ASCII words.
    let mut long = String::with_capacity(1_000_100);
    let mut n = 0_usize;
    while long.len() < 1_000_000 {
        match n % 40 {
            0 => long.push_str("# "),
            10 | 30 => long.push_str("## "),
            20 => long.push_str("### "),
            5..=8 | 25..=27 => long.push_str("- "),
            _ => {}
        }
        long.push_str(&format!(
            "Paragraph {n}: we process personal data lawfully, fairly and transparently for \
             the purposes described here, including payments in € at the Straße café.\n"
        ));
        n += 1;
    }
    let long = content(&long);
    let publication = sample(&long, None);
    let started = std::time::Instant::now();
    let pdf = to_pdf(&publication).expect("pdf");
    eprintln!(
        "1 MB policy: {} paragraphs, {} PDF bytes in {:?} (debug build)",
        n,
        pdf.len(),
        started.elapsed()
    );
    if !require_reader("pdftotext") {
        return;
    }
    let extracted = pdftotext(&pdf);
    let body = strip_pdf_furniture(&extracted, "Privacy Policy — Effective Date: March 1, 2026");
    assert_eq!(normalise(&body), normalise(&to_plain_text(&publication)));
}

#[test]
fn pdf_footnotes_sit_at_the_foot_of_the_page_that_refers_to_them() {
    if !require_reader("pdftotext") {
        return;
    }
    let mut markdown = String::new();
    for paragraph in 0..120 {
        if paragraph % 12 == 5 {
            let note = paragraph / 12 + 1;
            markdown.push_str(&format!(
                "Marker{note} paragraph refers to a note.[^{note}] {}\n\n",
                "Words to fill the line. ".repeat(6)
            ));
        } else {
            markdown.push_str(&format!("{}\n\n", "Filler words for the page. ".repeat(8)));
        }
    }
    for note in 1..=10 {
        markdown.push_str(&format!("[^{note}]: Footnote text {note}.\n\n"));
    }
    let content = redline::formats::markdown::parse(&markdown).content;
    let pdf = to_pdf(&Publication::new("Policy", &content)).expect("pdf");
    let extracted = pdftotext(&pdf);
    let pages: Vec<String> = extracted.split('\u{c}').map(normalise).collect();
    assert!(pages.len() >= 4, "{}", pages.len());
    for note in 1..=10 {
        let page = pages
            .iter()
            .position(|page| page.contains(&format!("Footnote text {note}.")))
            .unwrap_or_else(|| panic!("note {note} is drawn"));
        assert!(
            pages[page].contains(&format!("Marker{note} paragraph")),
            "note {note} is on the page that refers to it"
        );
        let (body, foot) = pages[page]
            .split_once(&format!("{note} Footnote text {note}."))
            .expect("numbered note");
        assert!(body.contains(&format!("Marker{note}")));
        // Below the note: other notes and the page number, no body text.
        assert!(foot.contains("Page"), "{foot}");
        assert!(
            !foot.contains("Filler") && !foot.contains("Marker"),
            "{foot}"
        );
    }
    assert!(
        !extracted.contains("Notes"),
        "no notes section: all are footnotes"
    );
}

#[test]
fn print_with_markup_reads_back_with_its_changes_and_comments() {
    let project = redline::formats::sample::sample_project().expect("sample");
    let markup_pdf =
        |paper| redline::formats::print_markup::markup_pdf(&project, paper).expect("markup pdf");
    if !require_reader("pdftotext") || !require_reader("pdfinfo") {
        return;
    }
    for (paper, size) in [
        (PaperSize::Letter, "612 x 792 pts (letter)"),
        (PaperSize::A4, "595.28 x 841.89 pts (A4)"),
    ] {
        let info = pdfinfo(&markup_pdf(paper), &[]);
        assert!(info.contains(size), "{paper:?}: {info}");
    }
    let pdf = markup_pdf(PaperSize::Letter);
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Kestrelmoor Software Privacy Policy (with markup)",
        "Page 1 of",
        // A pending deletion stays readable, struck through.
        "If you do not agree with it, please do not use the Services.",
        // The comments, numbered at the end, with their authors.
        "Priya Ananthanarayan",
        "Please add this required disclosure",
    ] {
        assert!(
            flat.contains(expected),
            "{expected:?} missing from:\n{flat}"
        );
    }
    let title_lines = text
        .lines()
        .filter(|line| line.trim() == "Kestrelmoor Software Privacy Policy")
        .count();
    assert_eq!(
        title_lines, 1,
        "the title once, not a cover and the policy's own heading"
    );
    // The data table is a grid: a row's cells side by side on one line.
    let laid_out = run("pdftotext", &["-layout", "-", "-"], &pdf);
    assert!(
        laid_out.lines().any(|line| line.contains("Account details")
            && line.contains("Name, email address, time")
            && line.contains("You")),
        "{laid_out}"
    );
}

#[test]
fn print_with_markup_sets_every_table_of_a_long_policy_with_its_merged_cells() {
    use redline::model::generator::{FixtureSize, generate};
    let project = generate(FixtureSize::Long, 3);
    let content = project.content();
    let merged = content
        .blocks
        .iter()
        .filter_map(|block| block.cell)
        .filter(|cell| cell.row_span > 1 || cell.col_span > 1)
        .count();
    assert!(merged > 0, "the fixture has merged cells");
    let pdf =
        redline::formats::print_markup::markup_pdf(&project, PaperSize::A4).expect("markup pdf");
    if !require_reader("pdftotext") {
        return;
    }
    let text = normalise(&pdftotext(&pdf));
    let cells = content
        .paragraphs()
        .filter(|(_, block)| block.cell.is_some())
        .map(|(range, _)| normalise(&content.text[range]))
        .filter(|words| !words.is_empty());
    for words in cells.take(200) {
        assert!(text.contains(&words), "{words:?} is missing from the print");
    }
}
