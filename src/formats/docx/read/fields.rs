//! Field instructions (`w:instrText`, `w:fldSimple/@w:instr`): the one Redline
//! keeps is `HYPERLINK`; every other field keeps the text it shows.

/// What a field instruction says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// `HYPERLINK "address" \l "anchor"`: the target as one address
    /// (`address#anchor`, or `#anchor` alone).
    Hyperlink(String),
    /// Any other field, by its name (`PAGE`, `TOC`, `REF`…).
    Other(String),
}

/// Reads a field instruction.
///
/// ```text
///   HYPERLINK "https://example.com/opt-out"      → Hyperlink(https://example.com/opt-out)
///   HYPERLINK \l "_Toc12" \o "tip"               → Hyperlink(#_Toc12)
///   PAGE \* MERGEFORMAT                          → Other(PAGE)
/// ```
pub fn parse(instruction: &str) -> Instruction {
    let words = words(instruction);
    let Some(name) = words.first() else {
        return Instruction::Other(String::new());
    };
    if !name.eq_ignore_ascii_case("HYPERLINK") {
        return Instruction::Other(name.to_uppercase());
    }
    let mut address = None;
    let mut anchor = None;
    let mut index = 1;
    while index < words.len() {
        let word = &words[index];
        match word.to_ascii_lowercase().as_str() {
            "\\l" => {
                anchor = words.get(index + 1).cloned();
                index += 2;
            }
            "\\o" | "\\t" => index += 2,
            switch if switch.starts_with('\\') => index += 1,
            _ => {
                if address.is_none() {
                    address = Some(word.clone());
                }
                index += 1;
            }
        }
    }
    let target = match (address, anchor) {
        (Some(address), Some(anchor)) => format!("{address}#{anchor}"),
        (Some(address), None) => address,
        (None, Some(anchor)) => format!("#{anchor}"),
        (None, None) => String::new(),
    };
    Instruction::Hyperlink(target)
}

/// The words of an instruction: quoted strings (quotes removed, `\"`
/// kept as a quote) or runs of non-space characters.
fn words(instruction: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = instruction.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'"') => {
                        word.push('"');
                        chars.next();
                    }
                    '"' => break,
                    other => word.push(other),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions() {
        let table = [
            (
                r#" HYPERLINK "https://example.com/opt-out" "#,
                Instruction::Hyperlink("https://example.com/opt-out".into()),
            ),
            (
                r#"HYPERLINK \l "_Toc12" \o "Go there""#,
                Instruction::Hyperlink("#_Toc12".into()),
            ),
            (
                r#"HYPERLINK "https://example.com/a" \l "b""#,
                Instruction::Hyperlink("https://example.com/a#b".into()),
            ),
            (
                r#"hyperlink mailto:privacy@example.com"#,
                Instruction::Hyperlink("mailto:privacy@example.com".into()),
            ),
            (
                r#"HYPERLINK "file:///C:/x.docx""#,
                Instruction::Hyperlink("file:///C:/x.docx".into()),
            ),
            (
                r#" PAGE \* MERGEFORMAT "#,
                Instruction::Other("PAGE".into()),
            ),
            (r#"toc \o "1-3""#, Instruction::Other("TOC".into())),
        ];
        for (instruction, expected) in table {
            assert_eq!(parse(instruction), expected, "{instruction:?}");
        }
    }
}
