//! The response report written out: a standalone HTML page with the table
//! of answers, or the same table through the Word and PDF writers (from
//! [`ResponseReport::to_content`], so those writers' table support is
//! what carries it).
//!
//! In HTML every text is escaped; the redline shows deleted words in
//! `<del>` and inserted words in `<ins>`.

use super::FormatError;
use super::{docx, publish};
use crate::model::rounds::{RESPONSE_COLUMNS, RedlinePiece, ResponseReport};
use std::path::PathBuf;

/// The formats the report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResponseFormat {
    /// A standalone HTML page.
    Html,
    /// A Word document.
    Docx,
    /// A PDF.
    Pdf,
}

impl ResponseFormat {
    /// The file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            ResponseFormat::Html => "html",
            ResponseFormat::Docx => "docx",
            ResponseFormat::Pdf => "pdf",
        }
    }
}

/// The report's title.
pub fn title(report: &ResponseReport) -> String {
    format!("Responses to {}'s comments", report.reviewer)
}

/// The report's bytes in `format`.
pub fn render(report: &ResponseReport, format: ResponseFormat) -> Result<Vec<u8>, FormatError> {
    let title = title(report);
    match format {
        ResponseFormat::Html => Ok(to_html(report).into_bytes()),
        ResponseFormat::Docx => docx::export_clean(&report.to_content(), &title),
        ResponseFormat::Pdf => {
            let content = report.to_content();
            publish::to_pdf(&publish::Publication {
                paper: publish::PaperSize::of_system(),
                ..publish::Publication::new(&title, &content)
            })
            .map_err(|error| FormatError::Invalid {
                path: PathBuf::from("responses.pdf"),
                message: error.to_string(),
            })
        }
    }
}

/// The report as a standalone HTML page.
pub fn to_html(report: &ResponseReport) -> String {
    let title = escape(&title(report));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n\
         body {{ font-family: Georgia, serif; margin: 2em; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ border: 1px solid #888; padding: 0.4em; vertical-align: top; text-align: left; }}\n\
         del {{ color: #a00; }}\n\
         ins {{ color: #060; }}\n\
         @media print {{ tr {{ break-inside: avoid; }} }}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    html.push_str(&format!(
        "<p>Round {}, brought back on {}: {} comment{}.</p>\n<table>\n<thead><tr>",
        escape(report.round.as_str()),
        report.returned.format("%Y-%m-%d"),
        report.rows.len(),
        if report.rows.len() == 1 { "" } else { "s" }
    ));
    for heading in RESPONSE_COLUMNS {
        html.push_str(&format!("<th>{}</th>", escape(heading)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (index, row) in report.rows.iter().enumerate() {
        html.push_str(&format!("<tr><td>{}</td><td>", index + 1));
        for (author, text) in &row.thread {
            html.push_str(&format!(
                "<p><strong>{}:</strong> {}</p>",
                escape(author),
                escape(text)
            ));
        }
        html.push_str(&format!("</td><td>{}", escape(&row.words)));
        if row.orphaned {
            html.push_str(" <em>(deleted since)</em>");
        }
        html.push_str(&format!(
            "</td><td>{}</td><td>",
            if row.resolved { "yes" } else { "no" }
        ));
        if row.decisions.is_empty() && row.redline.is_empty() {
            html.push_str("<em>no change</em>");
        }
        for decision in &row.decisions {
            html.push_str(&format!("<p>{}</p>", escape(decision)));
        }
        if !row.redline.is_empty() {
            html.push_str("<p>");
            for piece in &row.redline {
                match piece {
                    RedlinePiece::Same(words) => html.push_str(&escape(words)),
                    RedlinePiece::Deleted(words) => {
                        html.push_str(&format!("<del>{}</del>", escape(words)));
                    }
                    RedlinePiece::Inserted(words) => {
                        html.push_str(&format!("<ins>{}</ins>", escape(words)));
                    }
                }
            }
            html.push_str("</p>");
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    html
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            character => out.push(character),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CommentId;
    use crate::model::rounds::{ResponseRow, RoundId};
    use chrono::{DateTime, Utc};

    fn report() -> ResponseReport {
        ResponseReport {
            reviewer: "Tomasz <T>".into(),
            round: RoundId::from_random([1; 8]),
            returned: DateTime::<Utc>::UNIX_EPOCH,
            rows: vec![ResponseRow {
                comment: CommentId(3),
                words: "sell & share".into(),
                orphaned: false,
                thread: vec![("Tomasz <T>".into(), "Too <b>broad</b>.".into())],
                resolved: true,
                decisions: vec!["S4 accepted by Maren: replacement by Tomasz".into()],
                redline: vec![
                    RedlinePiece::Deleted("sell".into()),
                    RedlinePiece::Inserted("license".into()),
                ],
            }],
        }
    }

    #[test]
    fn the_html_report_is_one_escaped_table_row_per_comment() {
        let html = to_html(&report());
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<h1>Responses to Tomasz &lt;T&gt;&#39;s comments</h1>"));
        assert!(
            html.contains(
                "<p><strong>Tomasz &lt;T&gt;:</strong> Too &lt;b&gt;broad&lt;/b&gt;.</p>"
            )
        );
        assert!(html.contains("<td>sell &amp; share</td><td>yes</td>"));
        assert!(html.contains("<p><del>sell</del><ins>license</ins></p>"));
        assert_eq!(html.matches("<tr><td>").count(), 1);
    }

    #[test]
    fn word_and_pdf_carry_the_report() {
        for format in [ResponseFormat::Docx, ResponseFormat::Pdf] {
            let bytes = render(&report(), format).expect("rendered");
            assert!(bytes.len() > 500, "{format:?}");
        }
        let docx = render(&report(), ResponseFormat::Docx).expect("docx");
        let read =
            crate::formats::docx::import(&docx, std::path::Path::new("r.docx")).expect("imports");
        assert!(
            read.parts
                .document
                .content
                .text
                .contains("Too <b>broad</b>.")
        );
    }
}
