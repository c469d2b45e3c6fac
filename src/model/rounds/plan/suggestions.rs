//! The copy's suggestions: counsel's that went out (still there, accepted
//! or rejected in the copy) and the reviewer's tracked changes.

use super::*;

impl Planner<'_> {
    /// Counsel's suggestions that went out: still in the copy, accepted in
    /// it (the copy reads them applied), or rejected (gone, words unchanged).
    pub(super) fn judge_sent_suggestions(
        &mut self,
        sent: &[crate::model::rounds::SentSuggestion],
        returned: &[Suggestion],
    ) {
        for item in sent {
            let Some(suggestion) = self.project.suggestion(item.id) else {
                continue;
            };
            let (carried, _) = self.base_to_carried.map_range(item.span.range());
            let still_there = returned.iter().enumerate().find(|(index, candidate)| {
                !self.copy_suggestions.contains_key(index)
                    && candidate.author.name == suggestion.author.name
                    && same_change(&candidate.kind, &suggestion.kind)
                    && {
                        let (at, _) = self.copy_to_carried.map_range(candidate.span.range());
                        ranges_meet(&at, &carried)
                    }
            });
            if let Some((index, _)) = still_there {
                self.copy_suggestions
                    .insert(index, Target::Existing(item.id));
                continue;
            }
            let Some(new_text) = suggestion.kind.replacement_text(None) else {
                continue;
            };
            if suggestion.kind.is_format() || suggestion.move_partner.is_some() {
                continue;
            }
            let touching: Vec<usize> = self
                .edits
                .iter()
                .enumerate()
                .filter(|(_, edit)| {
                    edit.change.kind != ChangeKind::Format
                        && !edit.explained
                        && edit.change.old.start <= carried.end
                        && carried.start <= edit.change.old.end
                })
                .map(|(index, _)| index)
                .collect();
            let accepted = if touching.is_empty() {
                Some(false)
            } else {
                self.explains(&touching, &carried, new_text).then_some(true)
            };
            let Some(accepted) = accepted else {
                continue;
            };
            let print = Fingerprint::of(&[
                "verdict",
                &item.id.to_string(),
                if accepted { "accepted" } else { "rejected" },
            ]);
            if accepted {
                for &index in &touching {
                    self.edits[index].explained = true;
                }
            }
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            self.plan.verdicts.push((item.id, accepted));
            self.plan.report.counts.verdicts += 1;
            self.plan.report.items.push(ReportLine {
                kind: "verdict",
                author: self.plan.reviewer.person.name.clone(),
                what: format!(
                    "{} {} ({} by {})",
                    if accepted { "accepted" } else { "rejected" },
                    item.id,
                    suggestion.kind.name(),
                    suggestion.author.name
                ),
                words: suggestion.original.clone(),
                orphaned: false,
                conflict: false,
                rival: false,
            });
        }
    }

    /// True when the edits `touching` (not moves) turn the carried text
    /// around `carried` into exactly what the suggestion's `new_text` makes
    /// of it: the reviewer accepted it.
    fn explains(&self, touching: &[usize], carried: &Range<usize>, new_text: &str) -> bool {
        let changes: Vec<&Change> = touching
            .iter()
            .map(|&index| &self.edits[index].change)
            .collect();
        if changes.iter().any(|change| change.kind == ChangeKind::Move) {
            return false;
        }
        let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
            return false;
        };
        let old_start = first.old.start.min(carried.start);
        let old_end = last.old.end.max(carried.end);
        let (Some(new_start), Some(new_end)) = (
            first.new.start.checked_sub(first.old.start - old_start),
            last.new.end.checked_add(old_end - last.old.end),
        ) else {
            return false;
        };
        let text = &self.carried.text;
        let (Some(before), Some(after), Some(copy)) = (
            text.get(old_start..carried.start),
            text.get(carried.end..old_end),
            self.copy.text.get(new_start..new_end),
        ) else {
            return false;
        };
        copy.len() == before.len() + new_text.len() + after.len()
            && copy.starts_with(before)
            && copy.ends_with(after)
            && &copy[before.len()..copy.len() - after.len()] == new_text
    }

    /// The copy's tracked changes not already in the project.
    pub(super) fn tracked_changes(&mut self, returned: &[Suggestion]) {
        for (index, suggestion) in returned.iter().enumerate() {
            if self.copy_suggestions.contains_key(&index)
                || suggestion.kind.is_format()
                || !suggestion.status.is_pending()
            {
                continue;
            }
            let (placed, _) = self.place_copy(suggestion.span.range());
            let words = self.copy.text[suggestion.span.range()].to_string();
            let existing = self.project.suggestions().iter().find(|candidate| {
                candidate.author.name == suggestion.author.name
                    && same_change(&candidate.kind, &suggestion.kind)
                    && candidate.span == placed.span
            });
            if let Some(existing) = existing {
                self.copy_suggestions
                    .insert(index, Target::Existing(existing.id));
                self.plan.report.already_merged += 1;
                continue;
            }
            let print = Fingerprint::of(&[
                "tracked",
                &suggestion.author.name,
                suggestion.kind.name(),
                &change_words(&suggestion.kind),
                &words,
                self.copy_context(suggestion.span.range()).as_str(),
            ]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let new_index = self.plan.suggestions.len();
            self.copy_suggestions.insert(index, Target::New(new_index));
            self.count_placed(&placed);
            self.plan.report.counts.suggestions += 1;
            self.plan.report.items.push(ReportLine {
                kind: "tracked change",
                author: suggestion.author.name.clone(),
                what: describe_kind(&suggestion.kind, &words),
                words: words.clone(),
                orphaned: placed.orphaned,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            let context = placed
                .orphaned
                .then(|| self.copy_context(suggestion.span.range()));
            let line = self.plan.report.items.len() - 1;
            self.plan.suggestions.push(NewSuggestion {
                line,
                span: placed.span,
                kind: suggestion.kind.clone(),
                author: suggestion.author.clone(),
                created: Some(suggestion.created),
                rationale: suggestion.rationale.clone(),
                original: self.original_for(&placed, &words),
                orphaned: placed.orphaned,
                formatting: suggestion.formatting.clone(),
                partner: None,
                untracked: false,
                inferred: false,
                conflict: placed.conflict,
                context,
            });
        }
        // Moves keep their pairing when both halves came in.
        for (index, suggestion) in returned.iter().enumerate() {
            let partner = suggestion.move_partner.and_then(|partner| {
                returned
                    .iter()
                    .position(|candidate| candidate.id == partner)
            });
            if let (Some(Target::New(own)), Some(Target::New(other))) = (
                self.copy_suggestions.get(&index),
                partner.and_then(|partner| self.copy_suggestions.get(&partner)),
            ) {
                self.plan.suggestions[*own].partner = Some(*other);
            }
        }
    }
}
