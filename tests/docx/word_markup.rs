//! Markup as Word and LibreOffice write it, built by hand: replies and
//! resolved state, moves, formatting-only changes, LibreOffice's comment
//! marks inside neighbouring changes, numbered lists and outline levels.

use super::*;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#;

fn package(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", document.as_bytes())];
    for (name, content) in extra {
        entries.push((name, content.as_bytes()));
    }
    zip_of(&entries)
}

fn read(body: &str, extra: &[(&str, String)]) -> redline::formats::Imported {
    import(&package(body, extra), origin()).expect("import")
}

fn quoted(parts: &ProjectParts, span: redline::model::Span) -> &str {
    &parts.document.text()[span.range()]
}

#[test]
fn libreoffice_comment_marks_inside_neighbouring_changes() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">We keep </w:t></w:r><w:ins w:id="1" w:author="Ann" w:date="2026-01-02T03:04:05Z"><w:r><w:t xml:space="preserve">all </w:t></w:r><w:commentRangeStart w:id="5"/></w:ins><w:r><w:t>data</w:t></w:r><w:del w:id="2" w:author="Bob" w:date="2026-01-02T03:04:06Z"><w:commentRangeEnd w:id="5"/><w:r><w:delText xml:space="preserve"> forever</w:delText></w:r></w:del><w:r><w:commentReference w:id="5"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#;
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="5" w:author="Cy" w:initials="CZ" w:date="2026-01-03T00:00:00Z"><w:p><w:r><w:t>Which data?</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let imported = read(body, &[("word/comments.xml", comments)]);
    let parts = &imported.parts;
    assert_eq!(parts.document.text(), "We keep data forever.");
    assert_eq!(parts.comments.len(), 1);
    assert_eq!(quoted(parts, parts.comments[0].span), "data");
    assert_eq!(parts.comments[0].attached_to, None);
    assert_eq!(
        parts.comments[0].author,
        redline::model::Person::new("Cy", "CZ")
    );
    let kinds: Vec<String> = parts
        .suggestions
        .iter()
        .map(|suggestion| {
            format!(
                "{:?} {:?} {}",
                suggestion.kind,
                quoted(parts, suggestion.span),
                suggestion.author.name
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Insertion { text: \"all \" } \"\" Ann",
            "Deletion \" forever\" Bob"
        ]
    );
}

#[test]
fn replies_and_resolved_state_from_comments_extended() {
    let body = r#"<w:p><w:commentRangeStart w:id="0"/><w:commentRangeStart w:id="1"/><w:r><w:t>Retention</w:t></w:r><w:commentRangeEnd w:id="0"/><w:commentRangeEnd w:id="1"/><w:commentRangeStart w:id="2"/><w:r><w:t xml:space="preserve"> period</w:t></w:r><w:commentRangeEnd w:id="2"/></w:p>"#;
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="Ann" w:initials="AN" w:date="2026-01-01T10:00:00Z"><w:p w14:paraId="0A000001"><w:r><w:annotationRef/></w:r><w:r><w:t>Specify</w:t></w:r></w:p><w:p w14:paraId="0A000002"><w:r><w:t>the period.</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="Bob" w:initials="BB" w:date="2026-01-01T11:00:00Z"><w:p w14:paraId="0B000001"><w:r><w:t>Done.</w:t></w:r></w:p></w:comment><w:comment w:id="2" w:author="Ann" w:initials="AN" w:date="2026-01-01T12:00:00Z"><w:p w14:paraId="0C000001"><w:r><w:t>Open one</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let extended = format!(
        r#"<w15:commentsEx {W}><w15:commentEx w15:paraId="0A000002" w15:done="1"/><w15:commentEx w15:paraId="0B000001" w15:paraIdParent="0A000002" w15:done="1"/><w15:commentEx w15:paraId="0C000001" w15:done="0"/></w15:commentsEx>"#
    );
    let imported = read(
        body,
        &[
            ("word/comments.xml", comments),
            ("word/commentsExtended.xml", extended),
        ],
    );
    let parts = &imported.parts;
    assert_eq!(parts.comments.len(), 2);
    let thread = &parts.comments[0];
    assert_eq!(thread.body, "Specify\nthe period.");
    assert!(thread.resolved);
    assert_eq!(quoted(parts, thread.span), "Retention");
    assert_eq!(thread.replies.len(), 1);
    assert_eq!(thread.replies[0].body, "Done.");
    assert_eq!(thread.replies[0].author.initials, "BB");
    assert!(!parts.comments[1].resolved);
    assert_eq!(quoted(parts, parts.comments[1].span), " period");
}

#[test]
fn moves_become_paired_deletion_and_insertion() {
    let body = r#"<w:p><w:moveToRangeStart w:id="10" w:name="move1" w:author="Ann" w:date="2026-01-01T00:00:00Z"/><w:moveTo w:id="11" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">Second. </w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="10"/><w:r><w:t xml:space="preserve">First. </w:t></w:r><w:moveFromRangeStart w:id="12" w:name="move1" w:author="Ann" w:date="2026-01-01T00:00:00Z"/><w:moveFrom w:id="13" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">Second. </w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="12"/><w:r><w:t>Third.</w:t></w:r></w:p>"#;
    let parts = read(body, &[]).parts;
    assert_eq!(parts.document.text(), "First. Second. Third.");
    assert_eq!(parts.suggestions.len(), 2);
    let (to, from) = (&parts.suggestions[0], &parts.suggestions[1]);
    assert_eq!(
        to.kind,
        SuggestionKind::Insertion {
            text: "Second. ".into()
        }
    );
    assert_eq!(to.span, redline::model::Span::point(0));
    assert_eq!(from.kind, SuggestionKind::Deletion);
    assert_eq!(quoted(&parts, from.span), "Second. ");
    assert_eq!(to.move_partner, Some(from.id));
    assert_eq!(from.move_partner, Some(to.id));
    Project::from_parts(parts).expect("valid");
}

#[test]
fn formatting_changes_become_formatting_suggestions() {
    let body = r#"<w:p><w:pPr><w:jc w:val="center"/><w:pPrChange w:id="1" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="Bob" w:date="2026-01-02T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>Bold now</w:t></w:r><w:r><w:rPr><w:i/><w:rPrChange w:id="3" w:author="Bob" w:date="2026-01-02T00:00:00Z"><w:rPr><w:u w:val="single"/></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve"> and italic</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/><w:rPrChange w:id="4" w:author="Bob"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve"> bigger</w:t></w:r></w:p>"#;
    let imported = read(body, &[]);
    let parts = &imported.parts;
    // The old style inside pPrChange is not the paragraph's style.
    assert_eq!(parts.document.text(), "Bold now and italic bigger");
    assert!(parts.document.content.blocks[0].is_normal());
    let found: Vec<(String, &str, &str, String)> = parts
        .suggestions
        .iter()
        .map(|suggestion| {
            let SuggestionKind::Format(format) = &suggestion.kind else {
                panic!("a formatting suggestion: {suggestion:?}");
            };
            (
                format.description(),
                quoted(parts, suggestion.span),
                suggestion.author.name.as_str(),
                suggestion.created.to_rfc3339(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "Formatted: bold".to_string(),
                "Bold now",
                "Bob",
                "2026-01-02T00:00:00+00:00".to_string()
            ),
            (
                "Formatted: italic, not underline".to_string(),
                " and italic",
                "Bob",
                "2026-01-02T00:00:00+00:00".to_string()
            ),
            (
                "Heading 1 → Normal".to_string(),
                "Bold now and italic bigger",
                "Ann",
                "2026-01-01T00:00:00+00:00".to_string()
            ),
        ]
    );
    assert!(
        imported.warnings.contains(
            &"1 tracked formatting changes of fonts, sizes or colours not kept: 1 before the first heading".to_string()
        ),
        "{:?}",
        imported.warnings
    );
    // Rejecting puts back exactly what Word had before.
    let mut project = Project::from_parts(parts.clone()).expect("valid");
    let actor = redline::model::Actor {
        user: redline::model::Person::new("Cy", "C"),
        now: chrono::Utc::now(),
    };
    let ids: Vec<_> = project.suggestions().iter().map(|s| s.id).collect();
    for id in ids {
        project
            .apply(redline::model::Command::Reject { id }, &actor)
            .expect("reject");
    }
    let content = project.content();
    assert_eq!(
        content.blocks[0].style,
        redline::model::blocks::BlockStyle::Heading(1)
    );
    let styles: Vec<Vec<&str>> = content
        .marks
        .spans()
        .iter()
        .map(|span| span.marks.styles.names().collect())
        .collect();
    assert_eq!(styles, [vec!["underline"]]);
}

#[test]
fn headings_lists_breaks_and_undone_insertions() {
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/></w:style><w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Custom"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style></w:styles>"#
    );
    let body = r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Policy</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Titre2"/></w:pPr><w:r><w:t>Scope</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Custom"/></w:pPr><w:r><w:t>Detail</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>two</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="8"/></w:numPr></w:pPr><w:r><w:t>dot</w:t><w:br/><w:t>next</w:t></w:r><w:ins w:id="1" w:author="Ann"><w:del w:id="2" w:author="Bob"><w:r><w:delText>gone</w:delText></w:r></w:del></w:ins><w:ins w:id="3" w:author="Ann"><w:r><w:t xml:space="preserve"> kept</w:t></w:r></w:ins></w:p>"#;
    let imported = read(
        body,
        &[
            ("word/numbering.xml", numbering),
            ("word/styles.xml", styles),
        ],
    );
    let parts = &imported.parts;
    assert_eq!(
        parts.document.text(),
        "Policy\nScope\nDetail\none\ntwo\ndot\u{2028}next"
    );
    let blocks = &parts.document.content.blocks;
    let styles: Vec<Option<u8>> = blocks
        .iter()
        .map(|block| block.style.heading_level())
        .collect();
    assert_eq!(styles, [Some(1), Some(2), Some(3), None, None, None]);
    let labels: Vec<Option<String>> = redline::model::blocks::list_labels(blocks);
    assert_eq!(
        labels,
        [
            None,
            None,
            None,
            Some("1.".to_string()),
            Some("2.".to_string()),
            Some("•".to_string())
        ]
    );
    assert_eq!(parts.document.title, "Policy");
    assert_eq!(parts.suggestions.len(), 1);
    assert_eq!(
        parts.suggestions[0].kind,
        SuggestionKind::Insertion {
            text: " kept".into()
        }
    );
    assert_eq!(
        imported.warnings,
        [
            "1 section properties (page size, margins, columns) not kept: 1 under “Detail”",
            "1 changes or comments carry no date (w:date): they stay undated, and are written back to Word without one"
        ]
    );
}

#[test]
fn comment_without_range_is_kept_with_a_warning() {
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="9" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Orphan</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let imported = read(
        "<w:p><w:r><w:t>Text</w:t></w:r></w:p>",
        &[("word/comments.xml", comments)],
    );
    assert_eq!(imported.parts.comments.len(), 1);
    assert_eq!(imported.parts.comments[0].author.initials, "A");
    assert_eq!(
        imported.warnings,
        [
            "1 section properties (page size, margins, columns) not kept: 1 before the first heading",
            "comment 9 by Ann has no range in the document (no w:commentRangeStart or w:commentRangeEnd): it is placed at the start of the document"
        ]
    );
}
