//! Capitals: where a sentence begins, and how to spell a replacement the
//! way the words it replaces were spelled. Shared by the term checks' fixes
//! and by Replace.

use super::content::Content;

/// Whether `pos` begins a sentence: only openers (spaces, quotes, brackets)
/// stand between it and the paragraph's start or a `.`, `!`, `?` or `:`.
/// Looks back only over those openers.
pub fn is_sentence_start(text: &str, pos: usize) -> bool {
    let mut before = text[..pos].chars().rev().skip_while(|&c| {
        c != '\n' && (c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '['))
    });
    matches!(before.next(), None | Some('\n' | '.' | '!' | '?' | ':'))
}

/// Whether `pos` lies in a heading paragraph of `content`.
pub fn in_heading(content: &Content, pos: usize) -> bool {
    content.block_at(pos).style.heading_level().is_some()
}

/// Spells `replacement` the way `original` was spelled:
///
/// | original                            | replacement     | result          |
/// |-------------------------------------|-----------------|-----------------|
/// | `PERSONAL INFORMATION`              | `personal data` | `PERSONAL DATA` |
/// | `Personal Information` (title case) | `personal data` | `Personal Data` |
/// | `Personal information` with `at_start` (a sentence start or a heading) | `personal data` | `Personal data` |
/// | `personal information` mid-sentence | `personal data` | `personal data` |
///
/// A replacement with capitals ("Site", "PII"), or one to keep `as_written`,
/// is kept as written, except that its first letter is raised `at_start`
/// when the original's was.
///
/// ```
/// use redline::model::case::spelled_like;
/// assert_eq!(spelled_like("PERSONAL INFORMATION", "personal data", false, false), "PERSONAL DATA");
/// assert_eq!(spelled_like("Personal information", "personal data", false, true), "Personal data");
/// assert_eq!(spelled_like("Personal information", "personal data", false, false), "personal data");
/// ```
pub fn spelled_like(original: &str, replacement: &str, as_written: bool, at_start: bool) -> String {
    let replacement_has_capitals = replacement.chars().any(char::is_uppercase);
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out = if replacement_has_capitals || as_written {
        replacement.to_owned()
    } else if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        replacement.to_uppercase()
    } else if original.split_whitespace().count() > 1
        && original
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        replacement
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        replacement.to_owned()
    };
    let original_capitalised = original.chars().next().is_some_and(char::is_uppercase);
    if original_capitalised && at_start {
        out = capitalise(&out);
    }
    out
}

/// Upper-cases the first char.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_starts() {
        let text = "Site\nSite one. Site two: \"Site\" three site";
        let cases = [(0, true), (5, true), (15, true), (26, true), (38, false)];
        for (pos, expected) in cases {
            assert_eq!(is_sentence_start(text, pos), expected, "at {pos}");
        }
    }

    #[test]
    fn headings_are_blocks() {
        let content = Content::from_marked_text("# Title\nBody text\n## Use of Data");
        assert!(in_heading(&content, 2));
        assert!(!in_heading(&content, 8));
        assert!(in_heading(&content, content.text.len() - 4));
    }
}
