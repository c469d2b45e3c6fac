//! Integration tests of the clean publication exporters: HTML escaping and structure, no
//! external resources, and text equality of every format with the policy's visible text (the
//! PDF read back with `pdftotext`, the Markdown rendered with `pandoc`).

use chrono::NaiveDate;
use redline::formats::publish::{
    HistoryEntry, Publication, to_html, to_markdown, to_pdf, to_plain_text, visible_text,
};
use redline::model::content::Content;
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
        title: "Privacy Policy",
        organisation: "Acme Café GmbH",
        effective_date: date(2026, 3, 1),
        version_label: Some("3"),
        content,
        history,
    }
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

/// Removes the running header (the first line of each page) and the footer (the last line,
/// "Page N of M") that the PDF adds, asserting they are what the exporter documents.
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
        assert_eq!(
            lines[0].trim(),
            expected_header,
            "header of page {}",
            index + 1
        );
        assert_eq!(
            lines[lines.len() - 1].trim(),
            format!("Page {} of {total}", index + 1),
            "footer of page {}",
            index + 1
        );
        for line in &lines[1..lines.len() - 1] {
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
        title: XSS,
        organisation: XSS,
        effective_date: date(2026, 3, 1),
        version_label: Some(XSS),
        content: &text,
        history: Some(&history),
    };
    let html = to_html(&publication);
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assert!(html.contains(&format!("<title>{escaped} — {escaped}</title>")));
    assert!(html.contains(&format!("<h1>{escaped}</h1>")));
    assert!(html.contains("<h2>A &amp; B</h2>"));
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
        "@media print",
        "Effective Date: <time datetime=\"2026-03-01\">March 1, 2026</time>",
        "<h1>Who we are</h1>",
        "<h2>What we collect</h2>",
        "<h3>Cookies</h3>",
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
    let html = to_html(&sample(&content(SAMPLE), None));
    for line in visible_text(&content(SAMPLE)).lines() {
        let escaped = line.replace('&', "&amp;").replace('"', "&quot;");
        assert!(html.contains(&escaped), "missing {line:?}");
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

/// Drops a numbered-list label such as `1.  ` that pandoc's plain writer draws.
fn strip_number_label(line: &str) -> &str {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match line[digits..].strip_prefix(".  ") {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => line,
    }
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
    // Pandoc's plain writer draws list bullets as `-   `; they are not part of the words.
    let unbulleted: Vec<&str> = plain
        .lines()
        .map(|line| line.strip_prefix("-   ").unwrap_or(line))
        .map(strip_number_label)
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

#[test]
fn pdf_is_well_formed() {
    let pdf = to_pdf(&sample(&content(SAMPLE), None)).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/FontFile2"));
    assert!(text.contains("/ToUnicode"));
    assert!(text.contains("+DejaVuSans"));
    assert!(text.contains("+DejaVuSans-Bold"));
    assert!(text.contains("/MediaBox [0 0 595.28 841.89]"));
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
    let body = content("Body.");
    let publication = Publication {
        title: &title,
        ..sample(&body, None)
    };
    let extracted = pdftotext(&to_pdf(&publication).expect("pdf"));
    let first = extracted.lines().next().unwrap_or("");
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
