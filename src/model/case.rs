//! Capitals: where a sentence begins, and how to spell a replacement the
//! way the words it replaces were spelled. Shared by the term checks' fixes
//! and by Replace.

/// Whether `pos` begins a sentence: only openers (spaces, quotes, brackets,
/// emphasis) stand between it and the line start, a list or heading marker,
/// or a `.`, `!`, `?` or `:`. Looks back only over those openers.
pub fn is_sentence_start(text: &str, pos: usize) -> bool {
    let mut before = text[..pos].chars().rev().skip_while(|&c| {
        c != '\n'
            && (c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_'))
    });
    match before.next() {
        None | Some('\n' | '.' | '!' | '?' | ':') => true,
        Some('#') => before.take_while(|&c| c != '\n').all(|c| c == '#'),
        Some('-' | '+') => before.take_while(|&c| c != '\n').all(char::is_whitespace),
        Some(_) => false,
    }
}

/// Whether `pos` lies on a Markdown heading line (`# …`) of `text`.
pub fn in_heading_line(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |at| at + 1);
    text[line_start..].starts_with('#')
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
        let text = "# Site\n- Site one. Site two: \"Site\" three site";
        let cases = [(2, true), (9, true), (19, true), (30, true), (42, false)];
        for (pos, expected) in cases {
            assert_eq!(is_sentence_start(text, pos), expected, "at {pos}");
        }
    }

    #[test]
    fn heading_lines() {
        let text = "# Title\nBody text\n## Use of Data";
        assert!(in_heading_line(text, 2));
        assert!(!in_heading_line(text, 10));
        assert!(in_heading_line(text, text.len() - 4));
    }
}
