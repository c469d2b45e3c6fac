//! Combining reviewers: a new suggestion on the same words as another
//! author's pending one is its rival.

use super::*;

impl Planner<'_> {
    /// New suggestions on the same words as another author's pending one
    /// (in the project, or new from another author): rivals.
    pub(super) fn rivals(&mut self) {
        let mut pairs = Vec::new();
        for (index, new) in self.plan.suggestions.iter().enumerate() {
            if new.orphaned {
                continue;
            }
            for existing in self.project.suggestions() {
                if existing.status.is_pending()
                    && !existing.orphaned
                    && existing.author.name != new.author.name
                    && same_words(existing.span, new.span)
                {
                    pairs.push((Target::Existing(existing.id), Target::New(index)));
                }
            }
            for (other_index, other) in self.plan.suggestions.iter().enumerate().skip(index + 1) {
                if !other.orphaned
                    && other.author.name != new.author.name
                    && same_words(other.span, new.span)
                {
                    pairs.push((Target::New(index), Target::New(other_index)));
                }
            }
        }
        let mut rival_new = vec![false; self.plan.suggestions.len()];
        for pair in &pairs {
            for target in [pair.0, pair.1] {
                if let Target::New(index) = target {
                    rival_new[index] = true;
                    let line = self.plan.suggestions[index].line;
                    if let Some(line) = self.plan.report.items.get_mut(line) {
                        line.rival = true;
                    }
                }
            }
        }
        self.plan.report.counts.rivals = rival_new.iter().filter(|rival| **rival).count();
        self.plan.rivals = pairs;
    }
}
