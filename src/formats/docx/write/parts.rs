//! The parts around the document body: comments and their extension,
//! styles, settings, content types, relationships and properties.

use super::document::date_attribute;
use super::plan::Plan;
use crate::formats::docx::xml::{escape, escape_into};

/// WordprocessingML.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Word 2010 extensions (paragraph ids).
pub const W14_NS: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
/// Word 2012 extensions (comment threads).
pub const W15_NS: &str = "http://schemas.microsoft.com/office/word/2012/wordml";
/// Markup compatibility.
pub const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Relationships.
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Which optional parts a package has.
#[derive(Debug, Clone, Copy, Default)]
pub struct Present {
    /// Comments and their extension.
    pub comments: bool,
    /// Footnotes.
    pub footnotes: bool,
    /// Endnotes.
    pub endnotes: bool,
}

/// `w14:paraId` of comment `comment`'s last paragraph.
pub fn para_id(comment: usize) -> String {
    format!("{:08X}", 0x1000_0000 + comment)
}

/// `word/comments.xml`.
pub fn comments_xml(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!(
        r#"<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:mc="{MC_NS}" mc:Ignorable="w14">"#
    ));
    for (id, comment) in plan.comments.iter().enumerate() {
        out.push_str(&format!(
            r#"<w:comment w:id="{id}" w:author="{}"{} w:initials="{}">"#,
            escape(&comment.author.name),
            date_attribute(&comment.date),
            escape(&comment.author.initials)
        ));
        let lines: Vec<&str> = comment.body.split('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            if index + 1 == lines.len() {
                out.push_str(&format!(
                    r#"<w:p w14:paraId="{}" w14:textId="77777777">"#,
                    para_id(id)
                ));
            } else {
                out.push_str("<w:p>");
            }
            out.push_str(r#"<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>"#);
            if index == 0 {
                out.push_str(r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>"#);
            }
            if !line.is_empty() {
                out.push_str(r#"<w:r><w:t xml:space="preserve">"#);
                escape_into(&mut out, line);
                out.push_str("</w:t></w:r>");
            }
            out.push_str("</w:p>");
        }
        out.push_str("</w:comment>");
    }
    out.push_str("</w:comments>");
    out
}

/// `word/commentsExtended.xml`: replies and resolved state.
pub fn comments_extended_xml(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!(
        r#"<w15:commentsEx xmlns:mc="{MC_NS}" xmlns:w15="{W15_NS}" mc:Ignorable="w15">"#
    ));
    for (id, comment) in plan.comments.iter().enumerate() {
        let parent = comment
            .parent
            .map(|parent| format!(r#" w15:paraIdParent="{}""#, para_id(parent)))
            .unwrap_or_default();
        out.push_str(&format!(
            r#"<w15:commentEx w15:paraId="{}"{parent} w15:done="{}"/>"#,
            para_id(id),
            u8::from(comment.resolved)
        ));
    }
    out.push_str("</w15:commentsEx>");
    out
}

/// The opening of a notes part (`footnotes` or `endnotes`) with Word's two
/// separator notes.
pub fn notes_start(kind: &str) -> String {
    let separator = if kind == "footnotes" {
        "w:footnote"
    } else {
        "w:endnote"
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}" xmlns:r="{R_NS}"><{separator} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></{separator}><{separator} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></{separator}>"#
    )
}

/// `[Content_Types].xml`.
pub fn content_types(present: Present) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    );
    if present.comments {
        out.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>"#);
    }
    if present.footnotes {
        out.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
    }
    if present.endnotes {
        out.push_str(r#"<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>"#);
    }
    out.push_str("</Types>");
    out
}

/// `_rels/.rels`.
pub const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

/// The relationships of a part: its fixed ones (`(id, type, target)`) and
/// its links' addresses (`rIdLink1`…).
pub fn rels(fixed: &[(&str, &str, &str)], links: &[String]) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in fixed {
        let kind = if kind.starts_with("http") {
            (*kind).to_string()
        } else {
            format!("{RELATIONSHIP}/{kind}")
        };
        out.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"/>"#
        ));
    }
    for (index, link) in links.iter().enumerate() {
        out.push_str(&format!(
            r#"<Relationship Id="{}" Type="{RELATIONSHIP}/hyperlink" Target="{}" TargetMode="External"/>"#,
            super::document::link_relationship(index + 1),
            escape(link)
        ));
    }
    out.push_str("</Relationships>");
    out
}

/// `docProps/core.xml`: the title only (no author, no reviewer names).
pub fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title></cp:coreProperties>"#,
        escape(title)
    )
}

/// `docProps/app.xml`.
pub fn app_xml(organisation: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Redline</Application><Company>{}</Company></Properties>"#,
        escape(organisation)
    )
}

/// `word/settings.xml`; with notes, the separator notes are named.
pub fn settings(present: Present) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/>"#
    );
    if present.footnotes {
        out.push_str(
            r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#,
        );
    }
    if present.endnotes {
        out.push_str(r#"<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>"#);
    }
    out.push_str("<w:compat/></w:settings>");
    out
}

/// `word/styles.xml`: Normal, Heading 1–6, Quote, List Paragraph, note,
/// comment and hyperlink styles, Table Grid.
pub fn styles() -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
    );
    let sizes = [36, 30, 26, 24, 22, 22];
    for (index, size) in sizes.iter().enumerate() {
        let level = index + 1;
        let italic = if level >= 5 { "<w:i/>" } else { "" };
        out.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="{index}"/></w:pPr><w:rPr><w:b/>{italic}<w:sz w:val="{size}"/></w:rPr></w:style>"#
        ));
    }
    out.push_str(r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="EndnoteText"><w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#);
    out
}
