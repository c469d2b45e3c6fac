//! Lists as Word numbering that Word renumbers itself: one abstract
//! definition per Redline list (its levels' formats, label texts and start
//! values taken from the list's first item at each level), one numbering
//! instance per list, and a new instance with a start override wherever an
//! item starts its level's count somewhere the definition would not (a
//! restart, or a first item whose start differs). Instances of one
//! definition count on together, as in Word.

use crate::formats::docx::xml::escape_into;
use crate::model::blocks::{Block, ListCount, ListId, ListItem, NumberFormat, list_counts};
use std::collections::HashMap;

/// One level of a definition.
#[derive(Debug, Clone)]
struct Level {
    format: NumberFormat,
    text: String,
    start: u32,
}

#[derive(Debug, Clone)]
struct Definition {
    levels: [Option<Level>; 9],
}

/// The numbering of a document: what `word/numbering.xml` says and the
/// instance each list paragraph uses.
#[derive(Debug, Default)]
pub struct NumberingPlan {
    definitions: Vec<Definition>,
    /// (numId, definition index, override: (level, start)).
    instances: Vec<(usize, Option<(u8, u32)>)>,
    /// The (numId, level) of each paragraph given, `None` for those not in a
    /// list.
    pub of_paragraph: Vec<Option<(usize, u8)>>,
    /// The first instance of each list.
    first_instance: HashMap<ListId, usize>,
    /// Items whose label format differs from their level's (first item's):
    /// Word numbers them like the first.
    pub relabelled: usize,
}

impl NumberingPlan {
    /// The numbering of these paragraphs' blocks, in order; `previous`:
    /// blocks a tracked formatting change would put back, whose lists need
    /// a definition but are not counted.
    pub fn new<'a>(
        blocks: impl Iterator<Item = &'a Block>,
        previous: impl Iterator<Item = &'a Block>,
    ) -> NumberingPlan {
        let blocks: Vec<Block> = blocks.cloned().collect();
        let counts: Vec<Option<ListCount>> = list_counts(&blocks);
        let mut plan = NumberingPlan::default();
        let mut definition_of: HashMap<ListId, usize> = HashMap::new();
        let mut current: HashMap<ListId, usize> = HashMap::new();
        for (block, count) in blocks.iter().zip(&counts) {
            let (Some(item), Some(count)) = (&block.list, count) else {
                plan.of_paragraph.push(None);
                continue;
            };
            let definition = *definition_of.entry(item.list).or_insert_with(|| {
                plan.definitions.push(Definition {
                    levels: Default::default(),
                });
                plan.definitions.len() - 1
            });
            let level = usize::from(item.level.min(8));
            let slot = &mut plan.definitions[definition].levels[level];
            let defined = slot.get_or_insert_with(|| level_of(item));
            if defined.format != item.format || defined.text != item.pattern {
                plan.relabelled += 1;
            }
            let defined_start = defined.start;
            let starts_anew = item.restart || (count.starts_count && item.start != defined_start);
            let num = match current.get(&item.list) {
                // The list's first item: its level is defined by it.
                None => {
                    plan.instances.push((definition, None));
                    plan.instances.len()
                }
                Some(_) if starts_anew => {
                    plan.instances
                        .push((definition, Some((item.level.min(8), item.start))));
                    plan.instances.len()
                }
                Some(&num) => num,
            };
            current.insert(item.list, num);
            plan.first_instance.entry(item.list).or_insert(num);
            plan.of_paragraph.push(Some((num, item.level.min(8))));
        }
        for item in previous.filter_map(|block| block.list.as_ref()) {
            if plan.first_instance.contains_key(&item.list) {
                continue;
            }
            let mut levels: [Option<Level>; 9] = Default::default();
            levels[usize::from(item.level.min(8))] = Some(level_of(item));
            plan.definitions.push(Definition { levels });
            plan.instances.push((plan.definitions.len() - 1, None));
            plan.first_instance.insert(item.list, plan.instances.len());
        }
        plan
    }

    /// The numbering instance of `item`'s list (for a tracked change's
    /// previous properties).
    pub fn instance_of(&self, item: &ListItem) -> Option<usize> {
        self.first_instance.get(&item.list).copied()
    }

    /// `word/numbering.xml`.
    pub fn xml(&self, w_ns: &str) -> String {
        let mut out = String::with_capacity(1024 + self.definitions.len() * 2048);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        out.push_str(&format!(r#"<w:numbering xmlns:w="{w_ns}">"#));
        for (index, definition) in self.definitions.iter().enumerate() {
            out.push_str(&format!(
                r#"<w:abstractNum w:abstractNumId="{index}"><w:multiLevelType w:val="multilevel"/>"#
            ));
            // Only the levels the list uses: a level no paragraph is at
            // needs no definition.
            for (level, defined) in definition.levels.iter().enumerate() {
                let Some(defined) = defined else {
                    continue;
                };
                let text = if defined.format == NumberFormat::Bullet && defined.text.is_empty() {
                    ["•", "◦", "▪"][level % 3].to_string()
                } else {
                    defined.text.clone()
                };
                out.push_str(&format!(
                    r#"<w:lvl w:ilvl="{level}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val=""#,
                    defined.start,
                    word_format(defined.format)
                ));
                escape_into(&mut out, &text);
                let left = 720 * (level + 1);
                out.push_str(&format!(
                    r#""/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>"#
                ));
            }
            out.push_str("</w:abstractNum>");
        }
        for (index, (definition, start_override)) in self.instances.iter().enumerate() {
            out.push_str(&format!(
                r#"<w:num w:numId="{}"><w:abstractNumId w:val="{definition}"/>"#,
                index + 1
            ));
            if let Some((level, start)) = start_override {
                out.push_str(&format!(
                    r#"<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>"#
                ));
            }
            out.push_str("</w:num>");
        }
        out.push_str("</w:numbering>");
        out
    }
}

fn level_of(item: &ListItem) -> Level {
    Level {
        format: item.format,
        text: item.pattern.clone(),
        start: item.start,
    }
}

fn word_format(format: NumberFormat) -> &'static str {
    match format {
        NumberFormat::Bullet => "bullet",
        NumberFormat::Decimal => "decimal",
        NumberFormat::LowerLetter => "lowerLetter",
        NumberFormat::UpperLetter => "upperLetter",
        NumberFormat::LowerRoman => "lowerRoman",
        NumberFormat::UpperRoman => "upperRoman",
    }
}
