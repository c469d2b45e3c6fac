//! `redline show`: a summary for people, or the whole project as JSON.
//!
//! JSON positions (`start`, `end`) are character (Unicode scalar) offsets
//! into `text`; `quote` is the text they cover. Scripts rely on these names.

use super::{load_project, print_out};
use crate::model::blocks::{Block, BlockStyle, NoteRef, list_labels, outline};
use crate::model::content::Content;
use crate::model::marks::Marks;
use crate::model::offset::char_offsets;
use crate::model::rounds::IncomingItem;
use crate::model::{Project, SuggestionKind, SuggestionStatus};
use serde_json::{Value, json};
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The project file.
    pub file: PathBuf,
    /// Print the whole project as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `redline show`.
pub fn run(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let project = load_project(&args.file)?;
    if args.json {
        let mut json = serde_json::to_string_pretty(&to_json(&project))?;
        json.push('\n');
        print_out(&json)?;
    } else {
        print_out(&summary(&project))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The version of the JSON layout: 2 added `blocks`, `marks` and `notes`.
pub const JSON_SCHEMA: u32 = 2;

/// The whole project as JSON, positions in chars.
pub fn to_json(project: &Project) -> Value {
    let text = project.text();
    let content = project.content();
    let paragraphs: Vec<Range<usize>> = content.paragraph_ranges().collect();
    let bytes: Vec<usize> = project
        .comments()
        .iter()
        .map(|comment| comment.span.range())
        .chain(
            project
                .suggestions()
                .iter()
                .map(|suggestion| suggestion.span.range()),
        )
        .chain(paragraphs.iter().cloned())
        .chain(content.marks.spans().iter().map(|span| span.range.clone()))
        .flat_map(|range| [range.start, range.end])
        .collect();
    let chars = char_offsets(text, &bytes);
    let mut char_pairs = chars.chunks(2).map(|pair| (pair[0], pair[1]));
    let comments: Vec<Value> = project
        .comments()
        .iter()
        .zip(char_pairs.by_ref())
        .map(|(comment, (start, end))| {
            json!({
                "id": comment.id.to_string(),
                "author": comment.author.name,
                "initials": comment.author.initials,
                "created": comment.created.to_rfc3339(),
                "start": start,
                "end": end,
                "quote": if comment.orphaned { comment.quote.as_str() } else { &text[comment.span.range()] },
                "body": comment.body,
                "resolved": comment.resolved,
                "orphaned": comment.orphaned,
                "internal": project.is_internal(comment.id),
                "incoming": incoming_json(project, IncomingItem::Comment(comment.id)),
                "replies": comment.replies.iter().map(|reply| json!({
                    "author": reply.author.name,
                    "created": reply.created.to_rfc3339(),
                    "body": reply.body,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let suggestions: Vec<Value> = project
        .suggestions()
        .iter()
        .zip(char_pairs.by_ref())
        .map(|(suggestion, (start, end))| {
            let (replacement, alternatives) = match &suggestion.kind {
                SuggestionKind::Insertion { text } | SuggestionKind::Replacement { text } => {
                    (Some(text.clone()), Vec::new())
                }
                SuggestionKind::Deletion | SuggestionKind::Format(_) => (None, Vec::new()),
                SuggestionKind::Alternatives { candidates } => (None, candidates.clone()),
            };
            let formatting = match &suggestion.kind {
                SuggestionKind::Format(format) => Some(format.description()),
                _ => None,
            };
            let chosen_alternative = match suggestion.status {
                SuggestionStatus::Accepted { alternative, .. } => {
                    alternative.map(|index| index + 1)
                }
                _ => None,
            };
            json!({
                "id": suggestion.id.to_string(),
                "kind": suggestion.kind.name(),
                "author": suggestion.author.name,
                "initials": suggestion.author.initials,
                "created": suggestion.created.to_rfc3339(),
                "start": start,
                "end": end,
                "original": suggestion.original,
                "replacement": replacement,
                "alternatives": alternatives,
                "chosen_alternative": chosen_alternative,
                "status": suggestion.status.name(),
                "rationale": suggestion.rationale,
                "orphaned": suggestion.orphaned,
                "conflict_with": suggestion.conflict.map(|id| id.to_string()),
                "formatting": formatting,
                "rivals": project.rivals_of(suggestion.id).iter().map(|id| id.to_string()).collect::<Vec<_>>(),
                "verdicts": project.verdicts_on(suggestion.id).iter().map(|verdict| json!({
                    "by": verdict.by.name,
                    "verdict": verdict.verb(),
                    "round": verdict.round.to_string(),
                })).collect::<Vec<_>>(),
                "incoming": incoming_json(project, IncomingItem::Suggestion(suggestion.id)),
            })
        })
        .collect();
    let labels = list_labels(&content.blocks);
    let blocks: Vec<Value> = content
        .blocks
        .iter()
        .zip(char_pairs.by_ref())
        .zip(labels)
        .map(|((block, (start, end)), label)| block_json(block, start, end, label))
        .collect();
    let marks: Vec<Value> = content
        .marks
        .spans()
        .iter()
        .zip(char_pairs)
        .map(|(span, (start, end))| marks_json(&span.marks, start, end))
        .collect();
    let document = project.document();
    json!({
        "schema": JSON_SCHEMA,
        "title": document.title,
        "organisation": document.organisation,
        "effective_date": document.effective_date.map(|date| date.to_string()),
        "text": text,
        "blocks": blocks,
        "marks": marks,
        "notes": notes_json(content),
        "comments": comments,
        "suggestions": suggestions,
    })
}

/// Where an item came in from a reviewer's copy (`null` for one made
/// here): the round, whether it was typed without Track Changes, whether
/// its author's name was inferred, and a conflict with the draft.
fn incoming_json(project: &Project, item: IncomingItem) -> Value {
    match project.incoming(item) {
        Some(incoming) => json!({
            "round": incoming.round.to_string(),
            "untracked": incoming.untracked,
            "author_inferred": incoming.author_inferred,
            "conflict": incoming.conflict.as_ref().map(|conflict| json!({
                "copy": conflict.copy,
                "draft": conflict.draft,
            })),
            "context": incoming.context,
        }),
        None => Value::Null,
    }
}

/// One paragraph's block: `kind` is `list_item` when in a list, else
/// `table_cell` when in a table, else `heading`, `quote` or `paragraph`.
fn block_json(block: &Block, start: usize, end: usize, label: Option<String>) -> Value {
    let mut value = json!({
        "start": start,
        "end": end,
        "kind": block.kind_name(),
    });
    if let Some(level) = block.style.heading_level() {
        value["level"] = json!(level);
    }
    if block.style != BlockStyle::Normal {
        value["style"] = json!(block.style.code());
    }
    if let Some(item) = &block.list {
        value["list"] = json!({
            "ordered": item.is_ordered(),
            "level": item.level,
            "label": label,
        });
    }
    if let Some(cell) = block.cell {
        value["table"] = json!({
            "table": cell.table.0,
            "row": cell.row,
            "col": cell.col,
            "row_span": cell.row_span,
            "col_span": cell.col_span,
        });
    }
    if let Some(note) = block.note {
        value["note"] = json!(note.id.0);
    }
    value
}

/// One marked stretch: each style set is `true`, a link gives its target,
/// a note reference its note's id.
fn marks_json(marks: &Marks, start: usize, end: usize) -> Value {
    let mut value = json!({ "start": start, "end": end });
    for name in marks.styles.names() {
        value[name] = json!(true);
    }
    if let Some(link) = &marks.link {
        value["link"] = json!(link.as_str());
    }
    if let Some(note) = marks.note {
        value["note"] = json!(note.0);
    }
    value
}

/// The notes: id, kind and text (paragraphs joined by line breaks).
fn notes_json(content: &Content) -> Vec<Value> {
    let mut notes: Vec<(NoteRef, String)> = Vec::new();
    for (range, block) in content.paragraphs() {
        let Some(note) = block.note else { continue };
        let words = &content.text[range];
        match notes.last_mut() {
            Some((last, text)) if last.id == note.id => {
                text.push('\n');
                text.push_str(words);
            }
            _ => notes.push((note, words.to_string())),
        }
    }
    notes
        .into_iter()
        .map(|(note, text)| json!({ "id": note.id.0, "kind": note.kind.name(), "text": text }))
        .collect()
}

/// The summary for people.
pub fn summary(project: &Project) -> String {
    let document = project.document();
    let comments = project.comments();
    let suggestions = project.suggestions();
    let count = |status: &str| {
        suggestions
            .iter()
            .filter(|suggestion| suggestion.status.name() == status)
            .count()
    };
    let open = comments.iter().filter(|comment| !comment.resolved).count();
    let orphans = comments.iter().filter(|comment| comment.orphaned).count()
        + suggestions
            .iter()
            .filter(|suggestion| suggestion.orphaned && suggestion.status.is_pending())
            .count();
    let conflicts = suggestions
        .iter()
        .filter(|suggestion| suggestion.conflict.is_some() && suggestion.status.is_pending())
        .count();
    let effective = document
        .effective_date
        .map_or("not set".to_string(), |date| {
            date.format("%Y-%m-%d (%B %-d, %Y)").to_string()
        });
    let mut out = format!(
        "{}\n\
         organisation:    {}\n\
         effective date:  {}\n\
         words:           {}\n\
         sections:        {}\n\
         comments:        {} open, {} resolved\n\
         suggestions:     {} pending, {} accepted, {} rejected\n\
         orphans:         {}\n\
         conflicts:       {}\n",
        document.title,
        if document.organisation.is_empty() {
            "not set"
        } else {
            &document.organisation
        },
        effective,
        project.text().split_whitespace().count(),
        outline(project.text(), &project.content().blocks).len(),
        open,
        comments.len() - open,
        count("pending"),
        count("accepted"),
        count("rejected"),
        orphans,
        conflicts,
    );
    let pending: Vec<_> = suggestions
        .iter()
        .filter(|suggestion| suggestion.status.is_pending())
        .collect();
    if !pending.is_empty() {
        out.push_str("\npending suggestions:\n");
        for suggestion in pending {
            let what = match &suggestion.kind {
                SuggestionKind::Insertion { text } => format!("insert {text:?}"),
                SuggestionKind::Deletion => format!("delete {:?}", suggestion.original),
                SuggestionKind::Replacement { text } => {
                    format!("replace {:?} with {text:?}", suggestion.original)
                }
                SuggestionKind::Alternatives { candidates } => format!(
                    "choose one of {} for {:?}",
                    candidates.len(),
                    suggestion.original
                ),
                SuggestionKind::Format(format) => {
                    format!("format {:?}: {}", suggestion.original, format.description())
                }
            };
            out.push_str(&format!(
                "  {:<5} {:<3} {}\n",
                suggestion.id.to_string(),
                suggestion.author.initials,
                what
            ));
        }
    }
    out
}
