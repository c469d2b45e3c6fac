//! Edits typed without Track Changes: suggestions by the reviewer, moved
//! paragraphs as a deletion and an insertion that name each other.

use super::*;

impl Planner<'_> {
    /// The edits typed without Track Changes: suggestions by the reviewer.
    pub(super) fn untracked_edits(&mut self) {
        let destinations = self.move_destinations();
        for index in 0..self.edits.len() {
            let edit = &self.edits[index];
            if edit.explained || edit.change.kind == ChangeKind::Format {
                continue;
            }
            let change = edit.change.clone();
            let print = Fingerprint::of(&[
                "untracked",
                &change.old_text,
                &change.new_text,
                &self.carried_context(change.old.clone()),
            ]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            self.plan.fingerprints.push(print);
            let placed = self.place_carried(change.old.clone(), &change.old_text);
            self.count_placed(&placed);
            self.plan.report.counts.untracked += 1;
            let reviewer = self.plan.reviewer.clone();
            let kind = match change.kind {
                ChangeKind::Insert => SuggestionKind::Insertion {
                    text: change.new_text.clone(),
                },
                ChangeKind::Delete | ChangeKind::Move => SuggestionKind::Deletion,
                _ => SuggestionKind::Replacement {
                    text: change.new_text.clone(),
                },
            };
            self.plan.report.items.push(ReportLine {
                kind: "untracked edit",
                author: reviewer.person.name.clone(),
                what: if change.kind == ChangeKind::Move {
                    "moved a paragraph".to_string()
                } else {
                    describe_kind(&kind, &change.old_text)
                },
                words: if change.old_text.is_empty() {
                    change.new_text.clone()
                } else {
                    change.old_text.clone()
                },
                orphaned: placed.orphaned,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            let removed = self.plan.suggestions.len();
            let context = placed
                .orphaned
                .then(|| self.carried_context(change.old.clone()));
            let formatting = (change.kind != ChangeKind::Move && change.kind != ChangeKind::Delete)
                .then(|| self.fitted_fragment(change.new.clone(), placed.span.start.0))
                .flatten();
            let line = self.plan.report.items.len() - 1;
            self.plan.suggestions.push(NewSuggestion {
                line,
                span: placed.span,
                original: self.original_for(&placed, &change.old_text),
                kind,
                author: reviewer.person.clone(),
                created: None,
                rationale: None,
                orphaned: placed.orphaned,
                formatting,
                partner: None,
                untracked: true,
                inferred: reviewer.inferred,
                conflict: placed.conflict,
                context,
            });
            if let Some(&destination) = destinations.get(&index) {
                self.moved_here(&change, removed, destination);
            } else if !change.new_text.is_empty() {
                self.inserted.push((change.new.clone(), removed));
            }
        }
    }

    /// Where each paragraph the reviewer moved goes in the carried base (by
    /// edit index). Text the copy inserts at one place must go in at one
    /// point of the carried base, in the copy's order: a move right after
    /// an insertion (or another move) goes where that one went; any other
    /// goes right after the unchanged words before it.
    fn move_destinations(&self) -> HashMap<usize, usize> {
        let mut destinations = HashMap::new();
        let mut after: Option<(usize, usize)> = None;
        for (index, edit) in self.edits.iter().enumerate() {
            let change = &edit.change;
            if change.kind == ChangeKind::Format {
                continue;
            }
            let point = if change.kind == ChangeKind::Move {
                let destination = match after {
                    Some((copy_end, point)) if copy_end == change.new.start => point,
                    _ => {
                        self.copy_to_carried
                            .map(change.new.start, Bias::Before)
                            .offset
                    }
                };
                destinations.insert(index, destination);
                destination
            } else {
                change.old.end
            };
            after = Some((change.new.end, point));
        }
        destinations
    }

    /// The insertion half of a paragraph the reviewer moved: the paragraph
    /// as it reads in the copy, where it went.
    fn moved_here(&mut self, change: &Change, removed: usize, destination: usize) {
        let placed = self.place_carried(destination..destination, "");
        let inserted = self.plan.suggestions.len();
        let reviewer = self.plan.reviewer.clone();
        let formatting = self.fitted_fragment(change.new.clone(), placed.span.start.0);
        let line = self.plan.report.items.len() - 1;
        self.plan.suggestions.push(NewSuggestion {
            line,
            span: placed.span,
            original: String::new(),
            kind: SuggestionKind::Insertion {
                text: change.new_text.clone(),
            },
            author: reviewer.person.clone(),
            created: None,
            rationale: None,
            orphaned: false,
            formatting,
            partner: Some(removed),
            untracked: true,
            inferred: reviewer.inferred,
            conflict: placed.conflict,
            context: None,
        });
        self.plan.suggestions[removed].partner = Some(inserted);
        self.inserted.push((change.new.clone(), inserted));
    }

    /// The copy's `range` as a fragment to insert in the draft at `at`,
    /// when its formatting is more than plain words: list and table ids
    /// made the draft's, note references dropped.
    fn fitted_fragment(&self, range: Range<usize>, at: usize) -> Option<Fragment> {
        let mut fragment = self.copy.slice(range);
        let plain = fragment.marks.iter().all(|run| run.marks.is_plain())
            && fragment.blocks.iter().all(Block::is_normal);
        if plain {
            return None;
        }
        for run in &mut fragment.marks {
            run.marks.note = None;
        }
        let draft = self.project.content();
        let here = draft.block_at(at.min(draft.text.len()));
        let next_list = draft
            .blocks
            .iter()
            .filter_map(|block| block.list.as_ref().map(|item| item.list.0))
            .max()
            .unwrap_or(0)
            + 1;
        for block in &mut fragment.blocks {
            block.note = None;
            block.cell = here.cell;
            if let Some(item) = &mut block.list {
                item.list = here.list.as_ref().map_or(ListId(next_list), |own| own.list);
            }
        }
        Some(fragment)
    }
}
