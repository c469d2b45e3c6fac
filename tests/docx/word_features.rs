//! HAND-WRITTEN WordprocessingML (no free writer produces these constructs
//! on demand): field-code hyperlinks, numbering through styles with level
//! overrides, character styles, comments Word places between the pieces of
//! an insertion, templates, the main part under another name, damaged
//! packages, and everything Redline does not keep, named with counts.

use super::*;
use redline::model::blocks::list_labels;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn read(entries: &[(&str, String)]) -> redline::formats::Imported {
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, content)| (*name, content.as_bytes()))
        .collect();
    import(&zip_of(&entries), origin()).expect("import")
}

fn marks_of(parts: &ProjectParts) -> Vec<String> {
    let content = &parts.document.content;
    content
        .marks
        .spans()
        .iter()
        .map(|span| {
            let mut what: Vec<String> = span.marks.styles.names().map(str::to_string).collect();
            if let Some(link) = &span.marks.link {
                what.push(format!("link {link}"));
            }
            format!("{}: {}", &content.text[span.range.clone()], what.join(" "))
        })
        .collect()
}

#[test]
fn hyperlinks_from_relationships_anchors_and_field_codes() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/do-not-sell" TargetMode="External"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///C:/Policies/old.docx" TargetMode="External"/></Relationships>"#;
    let body = r#"<w:p><w:hyperlink r:id="rId7"><w:r><w:t>Do Not Sell</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> </w:t></w:r><w:hyperlink w:anchor="rights"><w:r><w:t>rights</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> </w:t></w:r><w:fldSimple w:instr=" HYPERLINK &quot;mailto:privacy@example.com&quot; "><w:r><w:t>write</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.com/opt-out" \o "Opt out" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>opt out</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK \l "rights" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>below</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:hyperlink r:id="rId8"><w:r><w:t>old</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "javascript:alert(1)" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>script</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:bookmarkStart w:id="1" w:name="rights"/><w:r><w:t>Your Rights</w:t></w:r><w:bookmarkEnd w:id="1"/><w:bookmarkEnd w:id="0"/></w:p>"#;
    let imported = read(&[
        ("word/document.xml", document(body)),
        ("word/_rels/document.xml.rels", rels.to_string()),
    ]);
    let parts = &imported.parts;
    assert_eq!(
        parts.document.text(),
        "Do Not Sell rights write opt out below old script page 3\nYour Rights"
    );
    assert_eq!(
        marks_of(parts),
        [
            "Do Not Sell: link https://example.com/do-not-sell",
            "rights: link #rights",
            "write: link mailto:privacy@example.com",
            "opt out: bold link https://example.com/opt-out",
            "below: link #rights",
        ]
    );
    assert_eq!(
        parts.document.content.blocks[1].anchor.as_deref(),
        Some("rights")
    );
    assert!(imported.warnings.contains(
        &"2 links kept as plain text: only http, https, mailto and in-document links are kept (\"file:///C:/Policies/old.docx\", \"javascript:alert(1)\")".to_string()
    ), "{:?}", imported.warnings);
    assert!(
        imported
            .warnings
            .contains(&"1 fields kept as the text they show, not as fields: PAGE ×1".to_string()),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn numbering_through_styles_overrides_and_restarts_shows_word_labels() {
    let numbering = format!(
        r#"<w:numbering {W}>
        <w:abstractNum w:abstractNumId="10"><w:styleLink w:val="PolicyList"/>
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Section %1"/><w:pStyle w:val="SectionHeading"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="11"><w:numStyleLink w:val="PolicyList"/></w:abstractNum>
        <w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
        </w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="SectionHeading"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    let paragraph = |props: &str, text: &str| {
        format!(r#"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
    };
    let body = [
        paragraph(r#"<w:pStyle w:val="SectionHeading"/>"#, "Scope"),
        paragraph(r#"<w:pStyle w:val="Clause"/>"#, "first clause"),
        paragraph(r#"<w:pStyle w:val="Clause"/>"#, "second clause"),
        paragraph(
            r#"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#,
            "detail",
        ),
        paragraph(r#"<w:pStyle w:val="SectionHeading"/>"#, "Sharing"),
        paragraph(
            r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>"#,
            "continued from four",
        ),
        paragraph(
            r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>"#,
            "and five",
        ),
        paragraph(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr>"#,
            "roman seven",
        ),
        paragraph(
            r#"<w:pStyle w:val="Clause"/><w:numPr><w:numId w:val="0"/></w:numPr>"#,
            "numbering switched off",
        ),
    ]
    .concat();
    let imported = read(&[
        ("word/document.xml", document(&body)),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ]);
    let blocks = &imported.parts.document.content.blocks;
    let labels: Vec<Option<String>> = list_labels(blocks);
    assert_eq!(
        labels,
        [
            Some("Section 1".to_string()),
            Some("(a)".to_string()),
            Some("(b)".to_string()),
            Some("1.b.i".to_string()),
            Some("Section 2".to_string()),
            Some("(d)".to_string()),
            Some("(e)".to_string()),
            Some("VII)".to_string()),
            None,
        ]
    );
    assert_eq!(
        blocks[0].style,
        redline::model::blocks::BlockStyle::Heading(2),
        "a numbered heading"
    );
}

#[test]
fn character_styles_tabs_breaks_and_deep_headings() {
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="character" w:styleId="DefinedTerm"><w:name w:val="Defined Term"/><w:rPr><w:b/><w:smallCaps/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading8"><w:name w:val="heading 8"/><w:pPr><w:outlineLvl w:val="7"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="IntenseQuote"><w:name w:val="Intense Quote"/></w:style></w:styles>"#
    );
    let body = r#"<w:p><w:r><w:t xml:space="preserve">The </w:t></w:r><w:r><w:rPr><w:rStyle w:val="DefinedTerm"/></w:rPr><w:t>Services</w:t></w:r><w:r><w:rPr><w:rStyle w:val="DefinedTerm"/><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> plain caps</w:t></w:r><w:r><w:rPr><w:dstrike/></w:rPr><w:t xml:space="preserve"> double</w:t></w:r><w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>broken</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading8"/></w:pPr><w:r><w:t>Deep</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="IntenseQuote"/></w:pPr><w:r><w:t>Quoted</w:t></w:r></w:p>"#;
    let imported = read(&[
        ("word/document.xml", document(body)),
        ("word/styles.xml", styles),
    ]);
    let parts = &imported.parts;
    assert_eq!(
        parts.document.text(),
        "The Services plain caps double\ttabbed\u{2028}broken\nDeep\nQuoted"
    );
    assert_eq!(
        marks_of(parts),
        [
            "Services: bold small_caps",
            " plain caps: small_caps",
            " double: strike",
        ]
    );
    let styles: Vec<_> = parts
        .document
        .content
        .blocks
        .iter()
        .map(|block| block.style)
        .collect();
    use redline::model::blocks::BlockStyle;
    assert_eq!(
        styles,
        [
            BlockStyle::Normal,
            BlockStyle::Heading(6),
            BlockStyle::Quote
        ]
    );
    assert!(imported.warnings.contains(
        &"1 headings of levels 7 to 9 are kept as level 6 (Redline keeps six levels)".to_string()
    ));
}

#[test]
fn tables_with_merges_and_a_nested_table() {
    let cell = |props: &str, text: &str| {
        format!(r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#)
    };
    let empty_continue = r#"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"#;
    let nested = format!(
        r#"<w:tc><w:tcPr/><w:p><w:r><w:t>outer</w:t></w:r></w:p><w:tbl><w:tr>{}{}</w:tr></w:tbl><w:p/></w:tc>"#,
        cell("", "inner one"),
        cell("", "inner two")
    );
    let body = format!(
        r#"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl><w:p><w:r><w:t>After</w:t></w:r></w:p>"#,
        cell(r#"<w:gridSpan w:val="2"/>"#, "Category and purpose"),
        cell("", "Retention"),
        cell(r#"<w:vMerge w:val="restart"/>"#, "Contact"),
        cell("", "Support"),
        nested,
        empty_continue,
        cell("", "Billing"),
        cell("", "7 years"),
    );
    let imported = read(&[("word/document.xml", document(&body))]);
    let content = &imported.parts.document.content;
    let cells: Vec<String> = content
        .paragraphs()
        .map(|(range, block)| match block.cell {
            Some(cell) => format!(
                "{} ({},{} {}x{})",
                &content.text[range], cell.row, cell.col, cell.row_span, cell.col_span
            ),
            None => content.text[range].to_string(),
        })
        .collect();
    assert_eq!(
        cells,
        [
            "Category and purpose (0,0 1x2)",
            "Retention (0,2 1x1)",
            "Contact (1,0 2x1)",
            "Support (1,1 1x1)",
            "outer (1,2 1x1)",
            "inner one (1,2 1x1)",
            "inner two (1,2 1x1)",
            " (1,2 1x1)",
            "Billing (2,1 1x1)",
            "7 years (2,2 1x1)",
            "After",
        ]
    );
    assert!(
        imported
            .warnings
            .contains(&"1 tables inside table cells were flattened into their cells".to_string())
    );
}

#[test]
fn comments_placed_between_pieces_of_an_insertion_keep_their_words() {
    // As Word writes it: the range marks sit between the w:ins elements of
    // one insertion, not inside them.
    let body = r#"<w:p><w:r><w:t xml:space="preserve">We keep </w:t></w:r><w:ins w:id="1" w:author="Ann" w:date="2026-01-02T00:00:00Z"><w:r><w:t xml:space="preserve">your </w:t></w:r></w:ins><w:commentRangeStart w:id="9"/><w:ins w:id="2" w:author="Ann" w:date="2026-01-02T00:00:00Z"><w:r><w:t>contact</w:t></w:r></w:ins><w:commentRangeEnd w:id="9"/><w:ins w:id="3" w:author="Ann" w:date="2026-01-02T00:00:00Z"><w:r><w:t xml:space="preserve"> details</w:t></w:r></w:ins><w:r><w:commentReference w:id="9"/></w:r><w:r><w:t xml:space="preserve"> safe.</w:t></w:r></w:p>"#;
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="9" w:author="Bob" w:date="2026-01-03T00:00:00Z"><w:p><w:r><w:t>Which contact?</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let imported = read(&[
        ("word/document.xml", document(body)),
        ("word/comments.xml", comments),
    ]);
    let parts = &imported.parts;
    assert_eq!(parts.suggestions.len(), 1);
    let comment = &parts.comments[0];
    assert_eq!(comment.attached_to, Some(parts.suggestions[0].id));
    assert_eq!(comment.quote, "contact");
}

#[test]
fn a_template_choice_in_word_becomes_alternatives() {
    let body = r#"<w:p><w:r><w:t>We keep data for [two years] -OR- five years.</w:t></w:r></w:p>"#;
    let imported = read(&[("word/document.xml", document(body))]);
    let parts = &imported.parts;
    assert_eq!(parts.suggestions.len(), 1);
    assert_eq!(
        parts.suggestions[0].kind,
        SuggestionKind::Alternatives {
            candidates: vec!["two years".into(), "five years".into()]
        }
    );
    assert_eq!(
        &parts.document.text()[parts.suggestions[0].span.range()],
        "[two years] -OR- five years"
    );
}

#[test]
fn the_main_part_is_found_through_the_package_relationships() {
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/content/main.xml"/></Relationships>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="look.xml"/></Relationships>"#;
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Big"><w:name w:val="Big"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>"#
    );
    let imported = read(&[
        ("_rels/.rels", root.to_string()),
        (
            "content/main.xml",
            document(
                r#"<w:p><w:pPr><w:pStyle w:val="Big"/></w:pPr><w:r><w:t>Found</w:t></w:r></w:p>"#,
            ),
        ),
        ("content/_rels/main.xml.rels", rels.to_string()),
        ("content/look.xml", styles),
        (
            "word/document.xml",
            document(r#"<w:p><w:r><w:t>Decoy</w:t></w:r></w:p>"#),
        ),
    ]);
    assert_eq!(imported.parts.document.text(), "Found");
    assert_eq!(
        imported.parts.document.content.blocks[0].style,
        redline::model::blocks::BlockStyle::Heading(1)
    );
}

#[test]
fn damaged_packages_and_comment_ranges_are_named() {
    let body = r#"<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>Opened never closed.</w:t></w:r></w:p><w:p><w:commentRangeStart w:id="2"/><w:r><w:t>Twice.</w:t></w:r><w:commentRangeEnd w:id="2"/><w:commentRangeStart w:id="2"/><w:r><w:t xml:space="preserve"> Again.</w:t></w:r><w:commentRangeEnd w:id="2"/></w:p>"#;
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="1" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>One</w:t></w:r></w:p></w:comment><w:comment w:id="2" w:author="Bob" w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Two</w:t></w:r></w:p></w:comment><w:comment w:id="2" w:author="Cy" w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Clash</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let document_xml = document(body);
    let decoy = document(r#"<w:p><w:r><w:t>Decoy</w:t></w:r></w:p>"#);
    // Zip writers refuse two entries of one name: write a stand-in name and
    // rename it in the headers.
    let mut bytes = zip_of(&[
        ("word/document.xm_", decoy.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
    ]);
    let stand_in = b"word/document.xm_";
    while let Some(at) = bytes
        .windows(stand_in.len())
        .position(|window| window == stand_in)
    {
        bytes[at + stand_in.len() - 1] = b'l';
    }
    let imported = import(&bytes, origin()).expect("import");
    assert_eq!(
        imported.parts.document.text(),
        "Opened never closed.\nTwice. Again."
    );
    for expected in [
        "the package has 2 entries named word/document.xml: only the last one is read",
        "two comment ranges have the id 2: the first start is used",
        "two comment ranges have the id 2: the first end is used",
        "comment 1 by Ann starts at “Opened never closed.” but its range never ends (no w:commentRangeEnd): it is anchored where it starts",
        "2 comments in the comments part share the id 2: they all take the first range with that id",
    ] {
        assert!(
            imported.warnings.contains(&expected.to_string()),
            "missing {expected:?} in {:#?}",
            imported.warnings
        );
    }
}

#[test]
fn what_is_not_kept_is_named_with_counts_and_headings() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="h1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="f1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;
    let image = r#"<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let text_box = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed words</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>"#;
    let body = format!(
        r#"<w:p><w:r><w:t>Intro</w:t></w:r>{image}</w:p><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Data Retention</w:t></w:r></w:p><w:p>{image}{text_box}<w:r><w:t>Kept words</w:t></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p><w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>End of section</w:t></w:r></w:p>"#
    );
    let imported = read(&[
        ("word/document.xml", document(&body)),
        ("word/_rels/document.xml.rels", rels.to_string()),
        ("word/header1.xml", "<w:hdr/>".to_string()),
        ("word/footer1.xml", "<w:ftr/>".to_string()),
    ]);
    assert_eq!(
        imported.parts.document.text(),
        "Intro\nData Retention\nKept words\nEnd of section"
    );
    assert_eq!(
        imported.warnings,
        [
            "1 footers not kept: 1 in the page headers and footers",
            "1 headers not kept: 1 in the page headers and footers",
            "1 hidden text runs (w:vanish) not kept: 1 under “Data Retention”",
            "2 images not kept: 1 before the first heading, 1 under “Data Retention”",
            "1 page breaks not kept: 1 under “Data Retention”",
            "2 section properties (page size, margins, columns) not kept: 2 under “Data Retention”",
            "1 text boxes not kept: 1 under “Data Retention”",
        ]
    );
}
