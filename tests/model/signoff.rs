//! The sign-off gate, overrides and their reasons, the purpose, the record
//! chain and signatures.

use super::support::{actor, project};
use chrono::NaiveDate;
use redline::model::signoff::{
    BlockerCategory, OverrideRequest, SignOffRequest, public_key_hex, verify_chain,
};
use redline::model::{
    ByteOffset, Command, MaterialChange, ModelError, Notice, NoticeChannel, Project,
    SignOffPurpose, SuggestionId, SuggestionKind, VersionId, VersionStatus,
};

mod records;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 1).expect("date")
}

/// Turns the disclosure checklists off: the tiny test policies are not meant
/// to be complete.
fn without_checklists(project: &mut Project) {
    let mut config = project.settings().checks.clone();
    config.frameworks.clear();
    project
        .apply(Command::SetCheckConfig(config), &actor("M"))
        .expect("config");
}

fn snapshot(project: &mut Project) -> VersionId {
    project
        .apply(
            Command::TakeSnapshot {
                label: None,
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &actor("M"),
        )
        .expect("snapshot");
    project.versions().last().expect("version").id
}

/// Signs `version` off for publication, overriding each `(name, reason)`.
fn sign(
    project: &mut Project,
    version: VersionId,
    overrides: &[(&str, &str)],
) -> Result<(), ModelError> {
    sign_for(project, version, SignOffPurpose::Publication, overrides)
}

fn sign_for(
    project: &mut Project,
    version: VersionId,
    purpose: SignOffPurpose,
    overrides: &[(&str, &str)],
) -> Result<(), ModelError> {
    let request = SignOffRequest {
        version,
        role: "General Counsel".into(),
        purpose,
        overrides: overrides
            .iter()
            .map(|(name, reason)| OverrideRequest {
                name: name.to_string(),
                reason: reason.to_string(),
            })
            .collect(),
        override_all_confirmed: false,
        signing_key: None,
    };
    project
        .apply(Command::SignOff(request), &actor("Maren Oyelaran-Fisk"))
        .map(|_| ())
}

/// A project with one blocker of every kind.
fn troubled() -> Project {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nWe [sell]{s1} data. [Keep]{c2} it \\[Company\\] safe. [Gone]{c3}.",
        |_| {
            (
                SuggestionKind::Replacement {
                    text: "never sell".into(),
                },
                "Tomasz Wielgosz",
            )
        },
    );
    let me = actor("M");
    // Delete the text of c3 so it is orphaned.
    let start = project.text().find("Gone").expect("present");
    project
        .apply(
            Command::Edit {
                range: ByteOffset(start)..ByteOffset(start + 4),
                text: String::new(),
            },
            &me,
        )
        .expect("edit");
    project
}

#[test]
fn the_gate_lists_every_kind_of_blocker() {
    let mut project = troubled();
    let version = snapshot(&mut project);
    project
        .apply(
            Command::SetVersionEffectiveDate {
                version,
                date: NaiveDate::from_ymd_opt(2026, 4, 1),
            },
            &actor("M"),
        )
        .expect("date");
    project
        .apply(
            Command::AddMaterialChange {
                version,
                change: MaterialChange {
                    section: String::new(),
                    description: "x".into(),
                },
            },
            &actor("M"),
        )
        .expect("material");
    let gate = project.signoff_gate(version, today());
    let categories: Vec<BlockerCategory> = gate.iter().map(|blocker| blocker.category).collect();
    for expected in [
        BlockerCategory::PendingSuggestion,
        BlockerCategory::OpenComment,
        BlockerCategory::Orphan,
        BlockerCategory::TemplateLeftover,
        BlockerCategory::EffectiveDate,
        BlockerCategory::Notice,
        BlockerCategory::CheckFinding,
    ] {
        assert!(
            categories.contains(&expected),
            "{expected:?} missing from {gate:#?}"
        );
    }
    let keys: Vec<&str> = gate.iter().map(|blocker| blocker.key.as_str()).collect();
    assert!(
        keys.contains(&"S1") && keys.contains(&"C2") && keys.contains(&"orphan-C3"),
        "{keys:?}"
    );
    assert_eq!(
        gate.iter()
            .find(|blocker| blocker.category == BlockerCategory::EffectiveDate)
            .map(|b| b.description.as_str()),
        Some(
            "the policy text says \"Effective Date: March 1, 2026\" but the recorded effective date is April 1, 2026"
        )
    );
}

#[test]
fn an_inconsistent_effective_date_blocks() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nText.",
        |_| unreachable!(),
    );
    let mut parts = project.to_parts();
    parts.document.effective_date = NaiveDate::from_ymd_opt(2026, 4, 1);
    project = Project::from_parts(parts).expect("valid");
    let version = snapshot(&mut project);
    let gate: Vec<_> = project
        .signoff_gate(version, today())
        .into_iter()
        .filter(|blocker| blocker.category != BlockerCategory::CheckFinding)
        .collect();
    assert_eq!(gate.len(), 1);
    assert_eq!(
        gate[0].description,
        "the policy text says \"Effective Date: March 1, 2026\" but the recorded effective date is April 1, 2026"
    );
}

/// `troubled()` with the draft's date consistent, snapshotted.
fn troubled_version() -> (Project, VersionId) {
    let mut project = troubled();
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &actor("M"),
        )
        .expect("date");
    let version = snapshot(&mut project);
    (project, version)
}

#[test]
fn blockers_must_be_resolved_or_overridden_with_reasons_which_are_recorded() {
    let (mut project, version) = troubled_version();
    let error = sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[("S1", "the certifier withdrew it by phone")],
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(
            "v1 cannot be signed off for internal approval; resolve or override (with a reason):\n  C2: open comment C2"
        ),
        "{message}"
    );
    assert!(
        !message.contains("S1:"),
        "overridden blockers are not listed: {message}"
    );
    assert!(project.signoffs().is_empty());

    sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[
            ("S1", "the certifier withdrew it by phone"),
            ("open-comments", "answered in the cover letter"),
            ("orphans", "their text is gone"),
            ("template-leftovers", "filled in before publication"),
            ("check-findings", "an internal draft"),
        ],
    )
    .expect("sign off");
    let record = &project.signoffs()[0];
    assert_eq!(record.purpose, Some(SignOffPurpose::InternalApproval));
    let reason_of = |key: &str| {
        record
            .overrides
            .iter()
            .find(|item| item.blocker == key)
            .map(|item| item.reason.as_str())
    };
    assert!(record.overrides.len() > 4, "{:?}", record.overrides);
    assert_eq!(reason_of("S1"), Some("the certifier withdrew it by phone"));
    assert_eq!(reason_of("C2"), Some("answered in the cover letter"));
    assert_eq!(reason_of("orphan-C3"), Some("their text is gone"));
    assert!(
        record.overrides.iter().all(|item| !item.reason.is_empty()),
        "every override has its reason"
    );
    assert_eq!(
        project.version(version).expect("v").status,
        VersionStatus::SignedOff
    );
    let event = &project.log().last().expect("logged").event;
    assert!(
        event.starts_with(
            "signed off V1 \"v1\" as General Counsel for internal approval, overriding 15 blocker(s): S1 (reason: the certifier withdrew it by phone); C2 (reason: answered in the cover letter); orphan-C3 (reason: their text is gone); check-1, check-2, "
        ),
        "{event}"
    );
}

#[test]
fn a_sign_off_for_publication_cannot_override_pending_suggestions_or_template_alternatives() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nWe [sell]{s1} data \\[to partners\\] -OR- \\[to no one\\].",
        |_| {
            (
                SuggestionKind::Replacement {
                    text: "never sell".into(),
                },
                "Tomasz Wielgosz",
            )
        },
    );
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &actor("M"),
        )
        .expect("date");
    let version = snapshot(&mut project);
    let gate = project.signoff_gate(version, today());
    let not_overridable: Vec<&str> = gate
        .iter()
        .filter(|blocker| !blocker.can_override(SignOffPurpose::Publication))
        .map(|blocker| blocker.key.as_str())
        .collect();
    assert_eq!(not_overridable.len(), 2, "{gate:#?}");
    assert_eq!(not_overridable[0], "S1");
    assert!(not_overridable[1].starts_with("leftover-"));

    let error = sign(
        &mut project,
        version,
        &[
            ("S1", "we will decide later"),
            ("template-leftovers", "we will decide later"),
        ],
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(
            "v1 cannot be signed off for publication; resolve these first (a pending suggestion or a template alternative cannot be overridden for publication; a sign-off for internal approval can override them):\n  S1: pending suggestion S1 (replacement by Tomasz Wielgosz)\n  leftover-"
        ),
        "{message}"
    );
    assert!(project.signoffs().is_empty());

    let mut confirmed = SignOffRequest {
        version,
        role: "General Counsel".into(),
        purpose: SignOffPurpose::Publication,
        overrides: vec![OverrideRequest {
            name: "all".into(),
            reason: "ship it".into(),
        }],
        override_all_confirmed: true,
        signing_key: None,
    };
    assert!(
        matches!(
            project.apply(Command::SignOff(confirmed.clone()), &actor("M")),
            Err(ModelError::SignOffBlocked { ref must_resolve, .. }) if must_resolve.len() == 2
        ),
        "not even `all` overrides them for publication"
    );
    confirmed.purpose = SignOffPurpose::InternalApproval;
    project
        .apply(Command::SignOff(confirmed), &actor("M"))
        .expect("an internal approval can override them");
    assert_eq!(project.signoffs()[0].overrides.len(), 2);
}

#[test]
fn every_override_needs_a_reason_and_all_needs_a_second_confirmation() {
    let (mut project, version) = troubled_version();
    let error = sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[("C2", "  ")],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "say why C2 may stand: each override needs a reason, recorded in the sign-off"
    );
    let error = sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[("all", "")],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "say why every blocker may stand: each override needs a reason, recorded in the sign-off"
    );
    let error = sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[("all", "an internal draft")],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "overriding all 15 blockers at once needs a second confirmation"
    );
    let error = sign_for(
        &mut project,
        version,
        SignOffPurpose::InternalApproval,
        &[("C99", "typo")],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "C99 is not a blocker of v1 nor a kind of blocker it has: nothing to override"
    );
    assert!(project.signoffs().is_empty());

    let request = SignOffRequest {
        version,
        role: "General Counsel".into(),
        purpose: SignOffPurpose::InternalApproval,
        overrides: vec![
            OverrideRequest {
                name: "all".into(),
                reason: "an internal draft".into(),
            },
            OverrideRequest {
                name: "C2".into(),
                reason: "answered by email".into(),
            },
        ],
        override_all_confirmed: true,
        signing_key: None,
    };
    project
        .apply(Command::SignOff(request), &actor("M"))
        .expect("confirmed");
    let overrides = &project.signoffs()[0].overrides;
    assert_eq!(overrides.len(), 15);
    let reason_of = |key: &str| {
        overrides
            .iter()
            .find(|item| item.blocker == key)
            .map(|item| item.reason.as_str())
    };
    assert_eq!(
        reason_of("C2"),
        Some("answered by email"),
        "the most specific reason wins"
    );
    assert_eq!(reason_of("S1"), Some("an internal draft"));
}

#[test]
fn a_version_signed_off_for_internal_approval_cannot_be_marked_published() {
    let (mut project, version) = troubled_version();
    let request = SignOffRequest {
        version,
        role: "General Counsel".into(),
        purpose: SignOffPurpose::InternalApproval,
        overrides: vec![OverrideRequest {
            name: "all".into(),
            reason: "for the certifier".into(),
        }],
        override_all_confirmed: true,
        signing_key: None,
    };
    project
        .apply(Command::SignOff(request), &actor("M"))
        .expect("signed");
    let error = project
        .apply(
            Command::SetVersionStatus {
                version,
                status: VersionStatus::Published,
            },
            &actor("M"),
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "a version cannot go from signed off to published: it was signed off for internal approval only; snapshot it again and sign that off for publication"
    );
}

#[test]
fn a_clean_version_signs_off_with_no_overrides_and_is_frozen() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nWe [sell]{s1} data.",
        |_| {
            (
                SuggestionKind::Replacement {
                    text: "never sell".into(),
                },
                "T",
            )
        },
    );
    let me = actor("M");
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &me,
        )
        .expect("date");
    project
        .apply(
            Command::Accept {
                id: SuggestionId(1),
                alternative: None,
            },
            &me,
        )
        .expect("accept");
    let version = snapshot(&mut project);
    assert!(project.signoff_gate(version, today()).is_empty());
    sign(&mut project, version, &[]).expect("clean sign-off");
    assert!(project.signoffs()[0].overrides.is_empty());
    let frozen = project
        .apply(
            Command::SetNotice {
                version,
                notice: None,
            },
            &me,
        )
        .unwrap_err();
    assert_eq!(
        frozen.to_string(),
        "v1 is signed off and cannot change; take a new snapshot of the draft instead"
    );
    assert!(matches!(
        sign(&mut project, version, &[]),
        Err(ModelError::VersionFrozen { .. })
    ));
    // Editing goes on in the draft; the signed-off text stays as it was.
    project
        .apply(
            Command::Edit {
                range: ByteOffset(0)..ByteOffset(0),
                text: "x".into(),
            },
            &me,
        )
        .expect("edit draft");
    assert!(project.version(version).expect("v").text().starts_with('P'));
}

#[test]
fn a_material_version_needs_a_valid_notice_to_sign_off() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nText.",
        |_| unreachable!(),
    );
    let me = actor("M");
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &me,
        )
        .expect("date");
    let version = snapshot(&mut project);
    project
        .apply(
            Command::SetVersionMaterial {
                version,
                material: true,
            },
            &me,
        )
        .expect("material");
    assert!(matches!(
        sign(&mut project, version, &[]),
        Err(ModelError::SignOffBlocked { .. })
    ));
    let notice = Notice {
        text: "We are changing.".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 15).expect("d"),
        channels: vec![NoticeChannel::Email],
    };
    project
        .apply(
            Command::SetNotice {
                version,
                notice: Some(notice),
            },
            &me,
        )
        .expect("notice");
    sign(&mut project, version, &[]).expect("notice 45 days ahead is enough");
}

#[test]
fn the_chain_detects_an_edited_earlier_record_and_bad_signatures() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nText.",
        |_| unreachable!(),
    );
    let me = actor("M");
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &me,
        )
        .expect("date");
    let secret = [7u8; 32];
    for _ in 0..3 {
        let version = snapshot(&mut project);
        let request = SignOffRequest {
            version,
            role: "Counsel".into(),
            purpose: SignOffPurpose::Publication,
            overrides: vec![],
            override_all_confirmed: false,
            signing_key: Some(secret),
        };
        project
            .apply(Command::SignOff(request), &me)
            .expect("sign off");
    }
    let chain = project.signoffs().to_vec();
    assert_eq!(verify_chain(&chain), Vec::<String>::new());
    assert_eq!(
        chain[1].previous_record_sha256.as_deref(),
        Some(chain[0].record_sha256.as_str())
    );
    assert_eq!(
        chain[0].signature.as_ref().map(|s| s.public_key.clone()),
        Some(public_key_hex(&secret))
    );

    let mut edited = chain.clone();
    edited[0].role = "Intern".into();
    assert_eq!(
        verify_chain(&edited),
        vec![
            "sign-off record 1 (v1 by M) was changed after it was made: its content no longer matches its hash"
        ]
    );
    let mut rehashed = edited.clone();
    rehashed[0].record_sha256 = rehashed[0].compute_hash();
    let problems = verify_chain(&rehashed);
    assert!(
        problems.contains(
            &"sign-off record 1 (v1 by M): the Ed25519 signature does not match the record"
                .to_string()
        ),
        "{problems:?}"
    );
    assert!(
        problems.contains(
            &"sign-off record 2 (v2 by M) does not link to the record before it".to_string()
        ),
        "{problems:?}"
    );
}

#[test]
fn sign_off_can_be_undone() {
    let mut project = project(
        "# P\nEffective Date: March 1, 2026\nText.",
        |_| unreachable!(),
    );
    let me = actor("M");
    without_checklists(&mut project);
    project
        .apply(
            Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
            &me,
        )
        .expect("date");
    let version = snapshot(&mut project);
    sign(&mut project, version, &[]).expect("sign");
    project.undo(&me).expect("undo");
    assert!(project.signoffs().is_empty());
    assert_eq!(
        project.version(version).expect("v").status,
        VersionStatus::Draft
    );
}
