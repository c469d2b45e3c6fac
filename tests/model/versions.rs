//! Versions, effective dates and material-change notices.

use super::support::{actor, project};
use chrono::NaiveDate;
use redline::model::{
    ByteOffset, Command, CommentId, MaterialChange, ModelError, Notice, NoticeChannel, Project,
    VersionId, VersionStatus,
};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

fn policy() -> Project {
    project(
        "# Policy\nEffective Date: March 1, 2026\n## Retention\nWe keep [data]{c1} for a year.\n## Contact\nWrite to us.",
        |_| unreachable!(),
    )
}

fn snapshot(project: &mut Project, label: &str) -> VersionId {
    project
        .apply(
            Command::TakeSnapshot {
                label: Some(label.into()),
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &actor("Maren"),
        )
        .expect("snapshot");
    project.versions().last().expect("a version").id
}

fn edit(project: &mut Project, find: &str, replace: &str) {
    let start = project.text().find(find).expect("text present");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(start)..ByteOffset(start + find.len()),
                text: replace.into(),
            },
            &actor("Maren"),
        )
        .expect("edit");
}

#[test]
fn restoring_a_version_keeps_the_draft_and_the_anchors_of_unchanged_paragraphs() {
    let mut project = policy();
    let v1 = snapshot(&mut project, "v1");
    let v1_text = project.text().to_string();
    edit(
        &mut project,
        "Write to us.",
        "Write to privacy@example.test.",
    );
    let draft_text = project.text().to_string();
    project
        .apply(Command::RestoreVersion { version: v1 }, &actor("Maren"))
        .expect("restore");
    assert_eq!(project.text(), v1_text);
    let kept = project.versions().last().expect("draft kept");
    assert_eq!(kept.label, "draft before restoring v1");
    assert_eq!(kept.text(), draft_text, "nothing lost");
    let comment = project.comment(CommentId(1)).expect("comment");
    assert_eq!(
        &project.text()[comment.span.range()],
        "data",
        "anchor in an unchanged paragraph survives"
    );
    project.undo(&actor("Maren")).expect("undo");
    assert_eq!(project.text(), draft_text);
    assert_eq!(project.versions().len(), 1);
}

#[test]
fn setting_the_effective_date_rewrites_the_line_in_its_own_style() {
    let mut project = policy();
    project
        .apply(
            Command::SetEffectiveDate(Some(date(2026, 4, 15))),
            &actor("M"),
        )
        .expect("set");
    assert!(
        project
            .text()
            .contains("\nEffective Date: April 15, 2026\n")
    );
    project.undo(&actor("M")).expect("undo");
    assert!(project.text().contains("\nEffective Date: March 1, 2026\n"));
    assert_eq!(project.document().effective_date, None);

    let mut iso = project_with_line("Effective date: 2026-03-01");
    iso.apply(
        Command::SetEffectiveDate(Some(date(2026, 5, 2))),
        &actor("M"),
    )
    .expect("set");
    assert!(iso.text().contains("Effective date: 2026-05-02"));
}

fn project_with_line(line: &str) -> Project {
    project(&format!("# Policy\n{line}\nText."), |_| unreachable!())
}

#[test]
fn editing_the_line_updates_the_recorded_date() {
    let mut project = policy();
    edit(&mut project, "March 1, 2026", "June 30, 2026");
    assert_eq!(project.document().effective_date, Some(date(2026, 6, 30)));
    project.undo(&actor("M")).expect("undo");
    assert_eq!(project.document().effective_date, None);
    // An edit elsewhere leaves a disagreeing date alone (the checks report it).
    edit(&mut project, "Write to us.", "Write.");
    assert_eq!(project.document().effective_date, None);
}

fn material_version(project: &mut Project, effective: NaiveDate) -> VersionId {
    project
        .apply(Command::SetEffectiveDate(Some(effective)), &actor("M"))
        .expect("date");
    edit(project, "for a year", "for 24 months");
    let id = snapshot(project, "v2");
    project
        .apply(
            Command::AddMaterialChange {
                version: id,
                change: MaterialChange {
                    section: "Retention".into(),
                    description: "we now keep data for 24 months".into(),
                },
            },
            &actor("M"),
        )
        .expect("material");
    id
}

fn notice(on: NaiveDate) -> Option<Notice> {
    Some(Notice {
        text: "We are updating our policy.".into(),
        date: on,
        channels: vec![NoticeChannel::Email],
    })
}

#[test]
fn a_material_version_needs_a_notice_the_lead_time_before_it_takes_effect() {
    let mut project = policy();
    let id = material_version(&mut project, date(2026, 4, 30));
    assert_eq!(
        project.notice_problems(id),
        vec!["v2 has material changes since the last published version but no notice to readers"]
    );
    // 30 days exactly: allowed. 29 days: not.
    project
        .apply(
            Command::SetNotice {
                version: id,
                notice: notice(date(2026, 3, 31)),
            },
            &actor("M"),
        )
        .expect("notice");
    assert_eq!(project.notice_problems(id), Vec::<String>::new());
    project
        .apply(
            Command::SetNotice {
                version: id,
                notice: notice(date(2026, 4, 1)),
            },
            &actor("M"),
        )
        .expect("notice");
    assert_eq!(
        project.notice_problems(id),
        vec![
            "the notice on April 1, 2026 comes only 29 days before the effective date April 30, 2026; the project requires at least 30 days"
        ]
    );
    project
        .apply(Command::SetNoticeLeadDays(14), &actor("M"))
        .expect("lead time");
    assert!(project.notice_problems(id).is_empty());
}

#[test]
fn a_material_change_that_would_apply_retroactively_is_refused() {
    let mut project = policy();
    let id = material_version(&mut project, date(2026, 4, 30));
    project
        .apply(
            Command::SetNotice {
                version: id,
                notice: notice(date(2026, 5, 10)),
            },
            &actor("M"),
        )
        .expect("notice");
    assert_eq!(
        project.notice_problems(id),
        vec![
            "the effective date April 30, 2026 is before the notice date May 10, 2026: a material change cannot apply retroactively; move the effective date to June 9, 2026 or later"
        ]
    );
}

#[test]
fn a_lead_time_past_the_end_of_the_calendar_is_a_problem_not_a_crash() {
    let mut project = policy();
    let id = material_version(&mut project, date(2026, 4, 30));
    project
        .apply(
            Command::SetNotice {
                version: id,
                notice: notice(date(2026, 3, 1)),
            },
            &actor("M"),
        )
        .expect("notice");
    project
        .apply(Command::SetNoticeLeadDays(u32::MAX), &actor("M"))
        .expect("lead time");
    assert_eq!(
        project.notice_problems(id),
        vec![
            "a lead time of 4294967295 days after the notice date March 1, 2026 runs past the last date Redline can handle; set a shorter lead time"
        ]
    );
    // A notice on the calendar's last day with the ordinary lead time.
    project
        .apply(Command::SetNoticeLeadDays(30), &actor("M"))
        .expect("lead time");
    project
        .apply(
            Command::SetNotice {
                version: id,
                notice: notice(NaiveDate::MAX),
            },
            &actor("M"),
        )
        .expect("notice");
    assert_eq!(project.notice_problems(id).len(), 1);
}

#[test]
fn non_material_changes_need_no_notice() {
    let mut project = policy();
    project
        .apply(
            Command::SetEffectiveDate(Some(date(2026, 4, 30))),
            &actor("M"),
        )
        .expect("date");
    edit(&mut project, "Write to us.", "Write to us at any time.");
    let id = snapshot(&mut project, "v2");
    assert!(project.notice_problems(id).is_empty());
}

#[test]
fn the_notice_is_drafted_from_the_material_changes() {
    let mut project = policy();
    let id = material_version(&mut project, date(2026, 4, 30));
    let drafted = project.draft_notice(id).expect("draft");
    assert_eq!(
        drafted,
        "We are updating the Test. The changes take effect on April 30, 2026.\nWhat is changing:\n- In \"Retention\": we now keep data for 24 months\n"
    );
}

#[test]
fn material_suggestions_become_material_changes_of_the_next_snapshot() {
    let mut project = project("# P\n## Retention\nWe keep data [for a year]{s1}.", |_| {
        (
            redline::model::SuggestionKind::Replacement {
                text: "for 24 months".into(),
            },
            "Priya",
        )
    });
    let me = actor("M");
    project
        .apply(
            Command::SetSuggestionMaterial {
                id: redline::model::SuggestionId(1),
                material: true,
            },
            &me,
        )
        .expect("mark");
    project
        .apply(
            Command::Accept {
                id: redline::model::SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    let id = snapshot(&mut project, "v1");
    let version = project.version(id).expect("version");
    assert_eq!(
        version.material_changes,
        vec![MaterialChange {
            section: "Retention".into(),
            description: "replaced \"for a year\" with \"for 24 months\"".into()
        }]
    );
}

#[test]
fn signed_off_and_published_versions_are_frozen() {
    let mut project = policy();
    let id = snapshot(&mut project, "v1");
    let error = project
        .apply(
            Command::SetVersionStatus {
                version: id,
                status: VersionStatus::SignedOff,
            },
            &actor("M"),
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "a version cannot go from draft to signed off: sign the version off instead, which runs the sign-off gate"
    );
    project
        .apply(
            Command::SetVersionStatus {
                version: id,
                status: VersionStatus::UnderReview,
            },
            &actor("M"),
        )
        .expect("review");
    assert!(matches!(
        project.apply(
            Command::TakeSnapshot {
                label: None,
                note: String::new(),
                status: VersionStatus::Published
            },
            &actor("M")
        ),
        Err(ModelError::StatusChange { .. })
    ));
}

#[test]
fn date_warnings() {
    let mut project = policy();
    assert_eq!(
        project.date_warnings(date(2026, 2, 1)),
        vec!["the draft has no effective date"]
    );
    project
        .apply(
            Command::SetEffectiveDate(Some(date(2026, 3, 1))),
            &actor("M"),
        )
        .expect("date");
    assert!(project.date_warnings(date(2026, 2, 1)).is_empty());
    assert_eq!(
        project.date_warnings(date(2026, 3, 2)),
        vec!["the draft's effective date March 1, 2026 is in the past"]
    );
}

#[test]
fn versions_are_listed_by_label_number_or_latest() {
    let mut project = policy();
    snapshot(&mut project, "Sent to certifier");
    snapshot(&mut project, "v2");
    assert_eq!(
        project.find_version("Sent to certifier").map(|v| v.id),
        Some(VersionId(1))
    );
    assert_eq!(project.find_version("V1").map(|v| v.id), Some(VersionId(1)));
    assert_eq!(
        project.find_version("latest").map(|v| v.label.as_str()),
        Some("v2")
    );
    let error = project
        .apply(
            Command::TakeSnapshot {
                label: Some("v2".into()),
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &actor("M"),
        )
        .unwrap_err();
    assert_eq!(error.to_string(), "a version is already labelled \"v2\"");
}
