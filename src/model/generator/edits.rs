//! Edited copies of generated texts, for the compare tests and benchmarks:
//! single-word edits and moved paragraphs at seeded pseudo-random places.

use super::Lcg;

/// Words the generated paragraphs are made of.
const VOCABULARY: &[&str] = &[
    "we",
    "collect",
    "personal",
    "data",
    "information",
    "you",
    "your",
    "our",
    "services",
    "process",
    "share",
    "with",
    "third",
    "parties",
    "partners",
    "for",
    "purposes",
    "of",
    "analytics",
    "advertising",
    "security",
    "and",
    "the",
    "to",
    "may",
    "retain",
    "delete",
    "request",
    "access",
    "consent",
    "legitimate",
    "interest",
    "processing",
    "cookies",
    "device",
    "identifiers",
    "email",
    "address",
    "account",
    "law",
    "applicable",
    "rights",
    "controller",
    "processor",
    "transfer",
    "countries",
    "safeguards",
    "period",
    "storage",
    "limited",
    "necessary",
    "contract",
    "provide",
    "improve",
    "communicate",
    "marketing",
    "opt",
    "out",
    "time",
    "withdraw",
    "any",
    "use",
    "location",
    "payment",
    "details",
    "children",
    "under",
    "age",
    "notice",
    "changes",
    "contact",
];

/// A copy of `base` with `word_edits` single-word edits (replace, insert or
/// delete one word, at pseudo-random places in body paragraphs) and `moves`
/// body paragraphs moved far from where they were (moved paragraphs are not
/// word-edited, so each is an exact move). Deterministic in `seed`.
pub fn edited_copy(base: &str, seed: u64, word_edits: usize, moves: usize) -> String {
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut lines: Vec<String> = base.lines().map(str::to_owned).collect();
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|line| is_body(line)))
        .collect();
    let mut moved: Vec<usize> = Vec::new();
    while moved.len() < moves.min(body.len() / 2) {
        let pick = body.get(rng.below(body.len())).copied().unwrap_or(0);
        if !moved.contains(&pick) {
            moved.push(pick);
        }
    }
    let editable: Vec<usize> = body
        .iter()
        .copied()
        .filter(|i| !moved.contains(i))
        .collect();
    for _ in 0..word_edits {
        let pick = editable.get(rng.below(editable.len())).copied();
        if let Some(line) = pick.and_then(|i| lines.get_mut(i)) {
            edit_one_word(&mut rng, line);
        }
    }
    move_paragraphs(&mut rng, &mut lines, &moved);
    let mut text = lines.join("\n");
    if base.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn is_body(line: &str) -> bool {
    line.split_whitespace().count() >= 4
}

/// Replaces, inserts after, or deletes one word of `line`.
fn edit_one_word(rng: &mut Lcg, line: &mut String) {
    let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
    let at = rng.below(words.len());
    let replacement = rng.pick(VOCABULARY);
    match rng.below(3) {
        0 => {
            if let Some(word) = words.get_mut(at) {
                let keep_tail: String = word.chars().filter(|c| !c.is_alphanumeric()).collect();
                *word = format!("{}{keep_tail}", other_word(replacement, word));
            }
        }
        1 => words.insert((at + 1).min(words.len()), replacement.to_owned()),
        _ if words.len() > 4 && at > 0 => {
            words.remove(at);
        }
        _ => words.insert(at + 1, replacement.to_owned()),
    }
    *line = words.join(" ");
}

fn other_word(candidate: &str, current: &str) -> String {
    if current.trim_end_matches(|c: char| !c.is_alphanumeric()) == candidate {
        format!("{candidate}s")
    } else {
        candidate.to_owned()
    }
}

/// Moves each line of `moved` to a place at least a quarter of the text away.
fn move_paragraphs(rng: &mut Lcg, lines: &mut Vec<String>, moved: &[usize]) {
    let count = lines.len();
    let mut taken: Vec<(usize, String)> = moved
        .iter()
        .map(|&i| (i, lines.get(i).cloned().unwrap_or_default()))
        .collect();
    taken.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    for (i, _) in &taken {
        if *i < lines.len() {
            lines.remove(*i);
        }
    }
    for (from, line) in taken {
        let offset = count / 4 + rng.below(count / 2 + 1);
        let to = (from + offset) % lines.len().max(1);
        lines.insert(to.min(lines.len()), line);
    }
}

#[cfg(test)]
mod tests {
    use super::super::policy_text;
    use super::*;

    #[test]
    fn generated_texts_are_deterministic_and_about_1_mb_at_8000_paragraphs() {
        let text = policy_text(200, 1);
        assert_eq!(text, policy_text(200, 1));
        assert_ne!(text, policy_text(200, 2));
        assert!(text.starts_with(
            "Example Privacy Policy\nEffective Date: March 1, 2026\nInformation We Collect\n"
        ));
        let size = policy_text(8_000, 7).len();
        assert!((900_000..1_200_000).contains(&size), "size {size}");
    }

    #[test]
    fn edited_copy_edits_and_moves() {
        let base = policy_text(400, 3);
        let edited = edited_copy(&base, 9, 20, 3);
        assert_eq!(edited, edited_copy(&base, 9, 20, 3));
        assert_ne!(edited, base);
        assert_eq!(edited.lines().count(), base.lines().count());
        assert_eq!(edited_copy(&base, 9, 0, 0), base);
    }
}
