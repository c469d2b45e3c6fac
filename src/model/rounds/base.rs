//! Which version a returned copy was made from: the version its round sent,
//! the version asked for, or else the version most like the copy.
//!
//! Likeness is counted in paragraphs: the share of paragraphs the copy and
//! a version have in common (Dice's coefficient over the paragraphs as
//! multisets), so a copy with a few dozen edits still finds its version
//! among many. Ties go to the newer version. The choice always comes with
//! its reason, in words, for the report.

use super::RoundId;
use crate::model::ModelError;
use crate::model::project::Project;
use crate::model::versions::VersionId;
use std::collections::HashMap;

/// The version a copy is compared with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseChoice {
    /// The version; `None` for the draft (a project with no versions).
    pub version: Option<VersionId>,
    /// The round the copy belongs to, when known.
    pub round: Option<RoundId>,
    /// Why this base, in words.
    pub reason: String,
}

/// How the round of a copy is known, for the reason's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundSource {
    /// The copy carries the round's mark.
    Mark,
    /// The user named the round.
    Asked,
}

/// Chooses the base of a returned copy whose words are `copy_text`: the
/// version asked for; else the version sent in `round`; else the version
/// most like the copy (the draft when there is none).
pub fn choose_base(
    project: &Project,
    copy_text: &str,
    round: Option<(&RoundId, RoundSource)>,
    asked: Option<VersionId>,
) -> Result<BaseChoice, ModelError> {
    let known_round =
        round.and_then(|(id, source)| project.round_book().round(id).map(|found| (found, source)));
    if let Some(version) = asked {
        let name = project
            .version(version)
            .map(|found| found.label.clone())
            .ok_or(ModelError::UnknownVersion(version))?;
        return Ok(BaseChoice {
            version: Some(version),
            round: known_round.map(|(found, _)| found.id.clone()),
            reason: format!("{version} \"{name}\" was named as the base"),
        });
    }
    if let Some((found, source)) = known_round
        && let Some(sending) = &found.sent
    {
        let how = match source {
            RoundSource::Mark => "the copy carries the mark of round",
            RoundSource::Asked => "the copy was named as coming back from round",
        };
        return Ok(BaseChoice {
            version: Some(sending.version),
            round: Some(found.id.clone()),
            reason: format!(
                "{how} {}, which sent {} to {} on {}",
                found.id,
                project.version_name(Some(sending.version)),
                found.reviewer.name,
                sending.at.format("%Y-%m-%d")
            ),
        });
    }
    let unknown = match round {
        Some((id, _)) if known_round.is_none() => {
            format!("the copy names round {id}, which this project did not send; ")
        }
        _ => String::new(),
    };
    let copy = paragraph_counts(copy_text);
    let copy_total: usize = copy.values().sum();
    let mut scored: Vec<(f64, VersionId)> = project
        .versions()
        .iter()
        .map(|version| {
            (
                likeness(&copy, copy_total, &version.content.text),
                version.id,
            )
        })
        .collect();
    // Best first; of equal scores, the newer version.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    let Some(&(best_score, best)) = scored.first() else {
        return Ok(BaseChoice {
            version: None,
            round: known_round.map(|(found, _)| found.id.clone()),
            reason: format!(
                "{unknown}the project has no versions, so the copy is compared with the draft"
            ),
        });
    };
    let next = match scored.get(1) {
        Some(&(score, id)) => format!(
            " (next: {}, {})",
            project.version_name(Some(id)),
            percent(score)
        ),
        None => " (the only version)".to_string(),
    };
    Ok(BaseChoice {
        version: Some(best),
        round: known_round.map(|(found, _)| found.id.clone()),
        reason: format!(
            "{unknown}{} is the version most like the copy: {} of their paragraphs alike{next}",
            project.version_name(Some(best)),
            percent(best_score)
        ),
    })
}

/// How many times each paragraph occurs.
fn paragraph_counts(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        *counts.entry(paragraph).or_insert(0) += 1;
    }
    counts
}

/// Dice's coefficient of the two texts' paragraphs as multisets.
fn likeness(copy: &HashMap<&str, usize>, copy_total: usize, text: &str) -> f64 {
    let version = paragraph_counts(text);
    let version_total: usize = version.values().sum();
    let common: usize = copy
        .iter()
        .map(|(paragraph, count)| (*count).min(version.get(paragraph).copied().unwrap_or(0)))
        .sum();
    if copy_total + version_total == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (copy_total + version_total) as f64
}

fn percent(score: f64) -> String {
    format!("{:.0}%", score * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likeness_counts_paragraphs_in_common() {
        let copy = paragraph_counts("a\nb\nc\nd");
        assert_eq!(likeness(&copy, 4, "a\nb\nc\nd"), 1.0);
        assert_eq!(likeness(&copy, 4, "a\nb\nx\ny"), 0.5);
        assert_eq!(likeness(&copy, 4, "x"), 0.0);
        assert_eq!(percent(0.956), "96%");
    }
}
