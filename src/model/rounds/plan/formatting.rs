//! Formatting the reviewer changed: formatting suggestions that make the
//! draft's words look as the copy's do.

use super::*;
use crate::model::links::LinkTarget;

impl Planner<'_> {
    /// Formatting the reviewer changed: formatting suggestions, by the
    /// author of the copy's tracked formatting change there, else the
    /// reviewer.
    pub(super) fn formatting(&mut self, returned: &[Suggestion]) {
        for index in 0..self.edits.len() {
            let change = self.edits[index].change.clone();
            if change.kind != ChangeKind::Format {
                continue;
            }
            let copy_marks = marks_words(self.copy, change.new.clone());
            let print = Fingerprint::of(&["format", &change.new_text, &copy_marks]);
            if self.seen.take(print) {
                self.plan.report.already_merged += 1;
                continue;
            }
            let tracked = returned.iter().find(|suggestion| {
                suggestion.kind.is_format()
                    && suggestion.span.start.0 < change.new.end
                    && change.new.start < suggestion.span.end.0
            });
            let (author, created, untracked, inferred) = match tracked {
                Some(suggestion) => (
                    suggestion.author.clone(),
                    Some(suggestion.created),
                    false,
                    false,
                ),
                None => (
                    self.plan.reviewer.person.clone(),
                    None,
                    true,
                    self.plan.reviewer.inferred,
                ),
            };
            let placed = self.place_carried(change.old.clone(), &change.old_text);
            if placed.orphaned || placed.span.is_empty() {
                // Words deleted in the draft since: nothing left to format.
                self.plan.fingerprints.push(print);
                self.count_placed(&placed);
                self.plan.report.items.push(ReportLine {
                    kind: "formatting",
                    author: author.name.clone(),
                    what: change.formatting.clone().unwrap_or_default(),
                    words: change.new_text.clone(),
                    orphaned: true,
                    conflict: false,
                    rival: false,
                });
                continue;
            }
            let pieces =
                self.format_pieces(&change, placed.span.range(), placed.conflict.is_some());
            if pieces.is_empty() {
                continue;
            }
            self.plan.fingerprints.push(print);
            self.count_placed(&placed);
            self.plan.report.counts.formatting += 1;
            self.plan.report.items.push(ReportLine {
                kind: "formatting",
                author: author.name.clone(),
                what: change
                    .formatting
                    .clone()
                    .unwrap_or_else(|| "formatted".to_string()),
                words: change.new_text.clone(),
                orphaned: false,
                conflict: placed.conflict.is_some(),
                rival: false,
            });
            for (range, marks, block) in pieces {
                self.plan.formats.push(NewFormat {
                    range,
                    marks,
                    block,
                    author: author.clone(),
                    created,
                    untracked,
                    inferred,
                    conflict: placed.conflict.clone(),
                });
            }
        }
    }

    /// The formatting pieces that make the draft's `draft_range` look as
    /// the copy's change reads: mark patches run by run, and block patches
    /// for paragraphs whose style or list changed.
    fn format_pieces(
        &self,
        change: &Change,
        draft_range: Range<usize>,
        in_conflict: bool,
    ) -> Vec<(Range<usize>, MarkPatch, BlockPatch)> {
        let draft = self.project.content();
        let mut pieces: Vec<(Range<usize>, MarkPatch, BlockPatch)> = Vec::new();
        let copy_runs = self.copy.marks.runs(change.new.clone());
        if in_conflict || draft_range.len() != change.new.len() {
            // The words differ: the copy's first run's marks over them all.
            let wanted = copy_runs
                .first()
                .map(|run| run.marks.clone())
                .unwrap_or_default();
            let patch = mark_difference(&draft.marks.at(draft_range.start), &wanted);
            if !patch.is_empty() {
                pieces.push((draft_range.clone(), patch, BlockPatch::default()));
            }
        } else {
            let mut position = 0;
            for run in copy_runs {
                let start = draft_range.start + position;
                let draft_runs = draft.marks.runs(start..start + run.len);
                let mut inner = start;
                for draft_run in draft_runs {
                    let patch = mark_difference(&draft_run.marks, &run.marks);
                    let range = inner..inner + draft_run.len;
                    inner += draft_run.len;
                    if patch.is_empty() {
                        continue;
                    }
                    match pieces.last_mut() {
                        Some(last) if last.0.end == range.start && last.1 == patch => {
                            last.0.end = range.end;
                        }
                        _ => pieces.push((range, patch, BlockPatch::default())),
                    }
                }
                position += run.len;
            }
        }
        let copy_block = self.copy.block_at(change.new.start);
        let draft_block = draft.block_at(draft_range.start);
        let block = block_difference(draft, draft_block, copy_block, draft_range.start);
        if !block.is_empty() {
            let paragraph = draft.paragraph_range(draft.paragraph_index_at(draft_range.start));
            pieces.push((paragraph, MarkPatch::default(), block));
        }
        pieces
    }
}

/// The marks of a range of `content`, in words, for a fingerprint.
fn marks_words(content: &Content, range: Range<usize>) -> String {
    let mut words: Vec<String> = content
        .marks
        .runs(range.clone())
        .iter()
        .map(|run| {
            let address;
            let mut styles: Vec<&str> = run.marks.styles.names().collect();
            if let Some(link) = &run.marks.link {
                address = link.address();
                styles.push(&address);
            }
            format!("{}:{}", run.len, styles.join("+"))
        })
        .collect();
    words.push(content.block_at(range.start).describe());
    words.join(" ")
}

/// The patch that makes `from` read as `to` (notes left alone).
fn mark_difference(from: &Marks, to: &Marks) -> MarkPatch {
    MarkPatch {
        set: to.styles.without(from.styles),
        clear: from.styles.without(to.styles),
        link: (from.link.as_ref().map(LinkTarget::address)
            != to.link.as_ref().map(LinkTarget::address))
        .then(|| to.link.clone()),
        note: None,
    }
}

/// The patch that gives the draft's paragraph at `at` the copy's style and
/// list place (the draft's list ids kept).
fn block_difference(draft: &Content, from: &Block, to: &Block, at: usize) -> BlockPatch {
    let mut patch = BlockPatch::default();
    if from.style != to.style {
        patch.style = Some(to.style);
    }
    let same_list_place = match (&from.list, &to.list) {
        (Some(a), Some(b)) => a.level == b.level && a.format == b.format && a.pattern == b.pattern,
        (None, None) => true,
        _ => false,
    };
    if !same_list_place {
        patch.list = Some(to.list.clone().map(|mut item| {
            item.list = from.list.as_ref().map_or_else(
                || neighbouring_list(draft, at).unwrap_or(item.list),
                |own| own.list,
            );
            item
        }));
    }
    patch
}

/// The list of the paragraph before the one at `at`, if it is in one.
fn neighbouring_list(draft: &Content, at: usize) -> Option<ListId> {
    let index = draft.paragraph_index_at(at);
    let previous = index.checked_sub(1)?;
    draft.blocks[previous].list.as_ref().map(|item| item.list)
}
