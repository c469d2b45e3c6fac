//! What a sign-off record fixes (format 2: content, title, effective date,
//! review log, time), how a project's records are checked against its
//! versions and log, the record formats, and who signed.

use super::{sign, snapshot, without_checklists};
use crate::model::support::{actor, project};
use chrono::NaiveDate;
use redline::model::ByteOffset;
use redline::model::blocks::{BlockPatch, BlockStyle};
use redline::model::changeset::{ChangeSet, Edit, FormatEdit};
use redline::model::links::LinkTarget;
use redline::model::marks::MarkPatch;
use redline::model::signoff::{
    RECORD_FORMAT, RecordSignature, SignOffRequest, authenticating_record, public_key_hex,
    verify_chain, version_content_sha256,
};
use redline::model::{Command, Project, SignOffPurpose, VersionStatus};

/// A clean project with one version signed off for publication.
fn signed_project() -> Project {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nWe keep data for a year.",
        |_| unreachable!(),
    );
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &actor("M"),
        )
        .expect("date");
    let version = snapshot(&mut project);
    sign(&mut project, version, &[]).expect("clean sign-off");
    project
}

/// The project rebuilt after `change` edits its parts, as a hand-edited
/// project file would be.
fn edited(project: &Project, change: impl FnOnce(&mut redline::model::ProjectParts)) -> Project {
    let mut parts = project.to_parts();
    change(&mut parts);
    Project::from_parts(parts).expect("valid parts")
}

#[test]
fn a_new_record_is_format_2_and_fixes_content_title_date_log_and_purpose() {
    let project = signed_project();
    let record = &project.signoffs()[0];
    let version = project.version(record.version).expect("version");
    assert_eq!(record.format, RECORD_FORMAT);
    assert_eq!(record.format, 2);
    assert_eq!(record.content_sha256, version_content_sha256(version));
    assert_eq!(record.title.as_deref(), Some(version.title.as_str()));
    assert!(!version.title.is_empty());
    assert_eq!(record.effective_date, NaiveDate::from_ymd_opt(2026, 3, 1));
    assert_eq!(record.purpose, Some(SignOffPurpose::Publication));
    let log = record.review_log.as_ref().expect("log digest");
    assert_eq!(
        log.entries as usize,
        project.log().len() - 1,
        "the log before the sign-off's own entry"
    );
    assert!(record.matches_version(version));
    assert_eq!(project.signoff_problems(), Vec::<String>::new());
}

#[test]
fn a_signed_off_version_edited_afterwards_no_longer_matches_its_record() {
    let project = signed_project();
    let expected = "sign-off record 1 (v1 by Maren Oyelaran-Fisk): v1 was changed after it was signed off: it no longer matches the record";
    let text = edited(&project, |parts| {
        let content = &mut parts.versions[0].content;
        let at = content.text.find("a year").expect("in the version");
        let edit = Edit::new(at..at + 6, "ten years");
        ChangeSet::from_edits(content, &[edit])
            .expect("an edit")
            .apply(content);
    });
    assert!(!text.signoffs()[0].matches_version(&text.versions()[0]));
    assert_eq!(text.signoff_problems(), vec![expected]);
    // The record covers the structure and the marks too: a paragraph
    // turned into a quote, or a link added, after sign-off is caught.
    let format = |marks: MarkPatch, block: BlockPatch| {
        move |parts: &mut redline::model::ProjectParts| {
            let content = &mut parts.versions[0].content;
            let edit = FormatEdit {
                range: ByteOffset(0)..ByteOffset(4),
                marks: marks.clone(),
                block: block.clone(),
            };
            ChangeSet::format(content, &[edit])
                .expect("a format")
                .apply(content);
        }
    };
    let restyled = edited(
        &project,
        format(MarkPatch::default(), BlockPatch::style(BlockStyle::Quote)),
    );
    assert_eq!(restyled.signoff_problems(), vec![expected]);
    let evil = LinkTarget::new("https://evil.example").expect("allowed");
    let linked = edited(
        &project,
        format(MarkPatch::link(Some(evil)), BlockPatch::default()),
    );
    assert_eq!(linked.signoff_problems(), vec![expected]);
    let title = edited(&project, |parts| parts.versions[0].title = "Q".into());
    assert_eq!(title.signoff_problems(), vec![expected]);
    let date = edited(&project, |parts| {
        parts.versions[0].effective_date = NaiveDate::from_ymd_opt(2026, 1, 1);
    });
    assert_eq!(date.signoff_problems(), vec![expected]);
    let label = edited(&project, |parts| parts.versions[0].label = "v9".into());
    assert_eq!(
        label.signoff_problems(),
        vec![
            "sign-off record 1 (v1 by Maren Oyelaran-Fisk): v9 was changed after it was signed off: it no longer matches the record"
        ]
    );
}

#[test]
fn the_review_log_before_a_sign_off_cannot_be_changed_or_cut_short() {
    let project = signed_project();
    let changed = edited(&project, |parts| {
        parts.log[0].event = "nothing happened".into();
    });
    assert_eq!(
        changed.signoff_problems(),
        vec!["sign-off record 1 (v1 by Maren Oyelaran-Fisk): the review log before it was changed"]
    );
    let covered = project.signoffs()[0]
        .review_log
        .as_ref()
        .expect("digest")
        .entries;
    let cut = edited(&project, |parts| parts.log.truncate(1));
    assert_eq!(
        cut.signoff_problems(),
        vec![format!(
            "sign-off record 1 (v1 by Maren Oyelaran-Fisk): the review log was cut short: the record covers {covered} entries, the log has 1"
        )]
    );
    // Entries added after the sign-off are the log going on, not a change.
    let mut later = project.clone();
    later
        .apply(
            Command::TakeSnapshot {
                label: None,
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &actor("M"),
        )
        .expect("snapshot");
    assert_eq!(later.signoff_problems(), Vec::<String>::new());
}

#[test]
fn a_signed_off_version_without_a_record_and_an_unfrozen_one_are_reported() {
    let project = signed_project();
    let truncated = edited(&project, |parts| parts.signoffs.clear());
    assert_eq!(
        truncated.signoff_problems(),
        vec!["v1 is marked signed off but no sign-off record names it"]
    );
    let thawed = edited(&project, |parts| {
        parts.versions[0].status = VersionStatus::Draft;
    });
    assert_eq!(
        thawed.signoff_problems(),
        vec![
            "sign-off record 1 (v1 by Maren Oyelaran-Fisk): v1 is marked draft although it was signed off"
        ]
    );
}

#[test]
fn a_record_re_signed_with_another_key_is_intact_but_names_the_other_key() {
    let mut project = signed_project();
    let ours = [7u8; 32];
    let theirs = [9u8; 32];
    let version = snapshot(&mut project);
    let request = SignOffRequest {
        version,
        role: "General Counsel".into(),
        purpose: SignOffPurpose::Publication,
        overrides: Vec::new(),
        override_all_confirmed: false,
        signing_key: Some(ours),
    };
    project
        .apply(Command::SignOff(request), &actor("M"))
        .expect("signed");
    let trusted = |key: &str| key == public_key_hex(&ours);
    let mut chain = project.signoffs().to_vec();
    assert_eq!(authenticating_record(&chain, 0, trusted), Some(1));
    assert_eq!(authenticating_record(&chain, 1, trusted), Some(1));

    chain[1].role = "Intern".into();
    chain[1].record_sha256 = chain[1].compute_hash();
    chain[1].signature = Some(RecordSignature::sign(&theirs, &chain[1].record_sha256));
    assert_eq!(
        verify_chain(&chain),
        Vec::<String>::new(),
        "a consistent re-signing is intact: only the key tells"
    );
    assert_eq!(
        chain[1].signer_key(),
        Some(public_key_hex(&theirs).as_str())
    );
    assert_eq!(authenticating_record(&chain, 1, trusted), None);
    assert_eq!(
        authenticating_record(&chain, 0, trusted),
        None,
        "record 1 is unsigned and record 2's key is not trusted"
    );
}

#[test]
fn a_rewritten_unsigned_chain_is_intact_but_authenticated_by_nobody() {
    let project = signed_project();
    let mut chain = project.signoffs().to_vec();
    chain[0].signer = "Someone Else".into();
    chain[0].record_sha256 = chain[0].compute_hash();
    assert_eq!(verify_chain(&chain), Vec::<String>::new());
    assert_eq!(authenticating_record(&chain, 0, |_| true), None);
}

#[test]
fn record_formats_carry_only_their_own_fields_and_never_go_back() {
    let project = signed_project();
    let name = "sign-off record 1 (v1 by Maren Oyelaran-Fisk)";
    let mut downgraded = project.signoffs().to_vec();
    downgraded[0].format = 1;
    downgraded[0].record_sha256 = downgraded[0].compute_hash();
    assert_eq!(
        verify_chain(&downgraded),
        vec![format!(
            "{name} is a format 1 record but carries fields only format 2 records have (purpose, title, effective date, review log or reasons)"
        )]
    );
    let mut stripped = project.signoffs().to_vec();
    stripped[0].review_log = None;
    stripped[0].record_sha256 = stripped[0].compute_hash();
    assert_eq!(
        verify_chain(&stripped),
        vec![format!(
            "{name} lacks the purpose, title or review log a format 2 record has"
        )]
    );
    let mut future = project.signoffs().to_vec();
    future[0].format = 3;
    future[0].record_sha256 = future[0].compute_hash();
    assert_eq!(
        verify_chain(&future),
        vec![format!(
            "{name} has record format 3, which this version of Redline does not know: update Redline to check it"
        )]
    );
    let mut old_after_new = project.signoffs().to_vec();
    let mut old = old_after_new[0].clone();
    old.format = 1;
    old.sequence = 2;
    old.purpose = None;
    old.title = None;
    old.effective_date = None;
    old.review_log = None;
    old.previous_record_sha256 = Some(old_after_new[0].record_sha256.clone());
    old.record_sha256 = old.compute_hash();
    old_after_new.push(old);
    assert_eq!(
        verify_chain(&old_after_new),
        vec![
            "sign-off record 2 (v1 by Maren Oyelaran-Fisk) is a format 1 record after a format 2 record: Redline writes only format 2 records now"
        ]
    );
}
