//! What an import does not keep, counted by kind and by the heading it came
//! under, so the warning says what and where in Word's terms:
//!
//! ```text
//!   3 images not kept: 2 under “Data Retention”, 1 under “Contact Us”
//! ```

use std::collections::BTreeMap;

/// Where something was found, for a thing outside the body.
pub const BEFORE_FIRST_HEADING: &str = "before the first heading";

/// Counts of what was not kept.
#[derive(Debug, Default)]
pub struct Dropped {
    /// By kind (plural, in Word's terms): the places, in order of first
    /// appearance, with counts.
    kinds: BTreeMap<&'static str, Vec<(String, usize)>>,
}

impl Dropped {
    /// Counts one `what` found under the heading `place`.
    pub fn add(&mut self, what: &'static str, place: &str) {
        let places = self.kinds.entry(what).or_default();
        match places.iter_mut().find(|(known, _)| known == place) {
            Some((_, count)) => *count += 1,
            None => places.push((place.to_string(), 1)),
        }
    }

    /// One warning per kind.
    pub fn warnings(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|(what, places)| {
                let total: usize = places.iter().map(|(_, count)| count).sum();
                let at: Vec<String> = places
                    .iter()
                    .take(5)
                    .map(|(place, count)| {
                        if place.starts_with("in ") || place == BEFORE_FIRST_HEADING {
                            format!("{count} {place}")
                        } else {
                            format!("{count} under “{place}”")
                        }
                    })
                    .collect();
                let more = if places.len() > 5 {
                    format!(" and {} more places", places.len() - 5)
                } else {
                    String::new()
                };
                format!("{total} {what} not kept: {}{more}", at.join(", "))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_kind_and_heading() {
        let mut dropped = Dropped::default();
        dropped.add("images", "Data Retention");
        dropped.add("images", "Contact Us");
        dropped.add("images", "Data Retention");
        dropped.add("headers", "in the page headers and footers");
        dropped.add("page breaks", BEFORE_FIRST_HEADING);
        assert_eq!(
            dropped.warnings(),
            [
                "1 headers not kept: 1 in the page headers and footers",
                "3 images not kept: 2 under “Data Retention”, 1 under “Contact Us”",
                "1 page breaks not kept: 1 before the first heading",
            ]
        );
    }
}
