//! Project files that parse but say odd things (references to items that do
//! not exist, statuses that do not fit, dates at the ends of the calendar,
//! ids at the top of their range): Redline loads them or refuses them with a
//! message, and nothing a user then does with them panics.

use chrono::{NaiveDate, Utc};
use proptest::prelude::*;
use redline::formats::export::{ExportFormat, ExportRequest, export_bytes};
use redline::formats::project_file::{from_ron_str, to_ron_string};
use redline::formats::sample::sample_project;
use redline::model::checks::TermGroup;
use redline::model::compare::{CompareOptions, compare};
use redline::model::{
    Actor, Command, CommentId, MaterialChange, Notice, NoticeChannel, Person, Project,
    ProjectParts, SuggestionId, SuggestionKind, SuggestionStatus, Version, VersionId,
    VersionStatus,
};
use std::path::Path;

/// One odd thing a file may say.
#[derive(Debug, Clone)]
enum Oddity {
    SuggestionStatus(usize, u8, usize),
    SuggestionKind(usize, usize),
    MovePartner(usize, u64),
    Conflict(usize, u64),
    Orphaned(usize),
    Original(usize, String),
    AttachedTo(usize, u64),
    Version(u8, u8, u64),
    LeadDays(u32),
    TermGroup(Option<String>, Vec<String>),
    DraftDate(u8),
}

fn date(pick: u8) -> NaiveDate {
    match pick % 4 {
        0 => NaiveDate::MIN,
        1 => NaiveDate::MAX,
        2 => NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
        _ => NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
    }
}

fn oddity() -> impl Strategy<Value = Oddity> {
    let id = prop_oneof![0u64..40, Just(u64::MAX - 1), Just(0)];
    prop_oneof![
        (any::<usize>(), any::<u8>(), 0usize..6)
            .prop_map(|(a, b, c)| Oddity::SuggestionStatus(a, b, c)),
        (any::<usize>(), 0usize..4).prop_map(|(a, b)| Oddity::SuggestionKind(a, b)),
        (any::<usize>(), id.clone()).prop_map(|(a, b)| Oddity::MovePartner(a, b)),
        (any::<usize>(), id.clone()).prop_map(|(a, b)| Oddity::Conflict(a, b)),
        any::<usize>().prop_map(Oddity::Orphaned),
        (any::<usize>(), ".{0,6}").prop_map(|(a, b)| Oddity::Original(a, b)),
        (any::<usize>(), id.clone()).prop_map(|(a, b)| Oddity::AttachedTo(a, b)),
        (any::<u8>(), any::<u8>(), id).prop_map(|(a, b, c)| Oddity::Version(a, b, c)),
        prop_oneof![Just(0u32), Just(u32::MAX), 0u32..400].prop_map(Oddity::LeadDays),
        (
            proptest::option::of("[a-z ]{0,4}"),
            proptest::collection::vec("[a-z ]{0,4}", 0..3)
        )
            .prop_map(|(a, b)| Oddity::TermGroup(a, b)),
        any::<u8>().prop_map(Oddity::DraftDate),
    ]
}

fn apply(parts: &mut ProjectParts, oddity: Oddity) {
    let suggestions = parts.suggestions.len();
    let comments = parts.comments.len();
    match oddity {
        Oddity::SuggestionStatus(pick, status, alternative) => {
            let at = Utc::now();
            parts.suggestions[pick % suggestions].status = match status % 3 {
                0 => SuggestionStatus::Pending,
                1 => SuggestionStatus::Accepted {
                    by: "A".into(),
                    at,
                    alternative: Some(alternative).filter(|_| status % 2 == 0),
                },
                _ => SuggestionStatus::Rejected { by: "A".into(), at },
            };
        }
        Oddity::SuggestionKind(pick, count) => {
            parts.suggestions[pick % suggestions].kind = SuggestionKind::Alternatives {
                candidates: (0..count).map(|n| format!("option {n}")).collect(),
            };
        }
        Oddity::MovePartner(pick, id) => {
            parts.suggestions[pick % suggestions].move_partner = Some(SuggestionId(id));
        }
        Oddity::Conflict(pick, id) => {
            parts.suggestions[pick % suggestions].conflict = Some(SuggestionId(id));
        }
        Oddity::Orphaned(pick) => parts.suggestions[pick % suggestions].orphaned = true,
        Oddity::Original(pick, text) => parts.suggestions[pick % suggestions].original = text,
        Oddity::AttachedTo(pick, id) => {
            parts.comments[pick % comments].attached_to = Some(SuggestionId(id));
        }
        Oddity::Version(status, dates, id) => {
            let status = [
                VersionStatus::Draft,
                VersionStatus::UnderReview,
                VersionStatus::SignedOff,
                VersionStatus::Published,
            ][usize::from(status % 4)];
            parts.versions.push(Version {
                id: VersionId(id),
                label: format!("odd {id}"),
                author: "A".into(),
                created: Utc::now(),
                note: String::new(),
                status,
                title: String::new(),
                effective_date: Some(date(dates)),
                content: redline::model::content::Content::default(),
                signed_text: None,
                material: dates % 2 == 0,
                material_changes: vec![MaterialChange {
                    section: String::new(),
                    description: String::new(),
                }],
                notice: Some(Notice {
                    text: String::new(),
                    date: date(dates / 4),
                    channels: vec![NoticeChannel::Email],
                }),
            });
        }
        Oddity::LeadDays(days) => parts.settings.notice_lead_days = days,
        Oddity::TermGroup(preferred, variants) => {
            parts.settings.checks.term_groups.push(TermGroup {
                preferred,
                variants,
            });
        }
        Oddity::DraftDate(pick) => parts.document.effective_date = Some(date(pick)),
    }
}

/// Everything a user may do with a project that loaded.
fn use_it(mut project: Project) {
    let me = Actor {
        user: Person::new("Maren", "M"),
        now: Utc::now(),
    };
    let _ = project.warnings();
    for today in [NaiveDate::MIN, NaiveDate::MAX, date(2)] {
        let _ = project.findings(today);
        let _ = project.date_warnings(today);
        for version in project.versions().to_vec() {
            let _ = project.signoff_gate(version.id, today);
        }
    }
    let _ = project.policy_history();
    let versions: Vec<Version> = project.versions().to_vec();
    for version in &versions {
        let _ = project.notice_problems(version.id);
        let _ = project.draft_notice(version.id);
        let _ = compare(
            &version.content,
            project.content(),
            &CompareOptions::default(),
        );
    }
    for format in ExportFormat::ALL {
        for version in std::iter::once(None).chain(versions.iter().map(|v| Some(v.id))) {
            let request = ExportRequest {
                format,
                version,
                history: true,
                paper: None,
                version_label: false,
            };
            let _ = export_bytes(&project, request);
        }
    }
    let saved = to_ron_string(&project).expect("a loaded project saves");
    assert!(
        from_ron_str(&saved, Path::new("again.redline.ron")).is_ok(),
        "and loads again"
    );
    for command in [
        Command::AcceptAll { author: None },
        Command::RejectAll { author: None },
        Command::Accept {
            id: SuggestionId(2),
            alternative: Some(0),
        },
        Command::Reply {
            comment: CommentId(1),
            body: "ok".into(),
        },
        Command::TakeSnapshot {
            label: None,
            note: String::new(),
            status: VersionStatus::Draft,
        },
    ] {
        let _ = project.apply(command, &me);
    }
    while project.undo(&me).is_ok() {}
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn odd_but_parsable_project_files_never_panic(
        oddities in proptest::collection::vec(oddity(), 1..5),
    ) {
        let mut parts = sample_project().expect("sample").to_parts();
        for oddity in oddities {
            apply(&mut parts, oddity);
        }
        if let Ok(project) = Project::from_parts(parts) {
            let text = to_ron_string(&project).expect("ron");
            if let Ok(project) = from_ron_str(&text, Path::new("odd.redline.ron")) {
                use_it(project);
            }
        }
    }
}
