//! Damaged or hostile project files: refused with the item and its line, or
//! loaded with what the user must know, and never a panic or a huge
//! allocation.

use chrono::NaiveDate;
use proptest::prelude::*;
use redline::formats::project_file::{from_ron_str, to_ron_string};
use redline::model::signoff::SignOffRequest;
use redline::model::{
    Actor, ByteOffset, Command, Document, Person, Project, Span, SuggestionId, VersionStatus,
};
use std::path::Path;

fn me() -> Actor {
    Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MOF"),
        now: chrono::Utc::now(),
    }
}

/// A small project with a comment, a suggestion, a signed-off version and
/// a draft version, as project-file text.
fn small_project() -> String {
    let mut project = Project::new(Document::new(
        "P",
        redline::model::content::Content::from_marked_text(
            "# P\nEffective Date: March 1, 2026\nWe keep data for a year.",
        ),
    ));
    let me = me();
    let mut config = project.settings().checks.clone();
    config.frameworks.clear();
    let snapshot = Command::TakeSnapshot {
        label: None,
        note: String::new(),
        status: VersionStatus::Draft,
    };
    for command in [
        Command::SetCheckConfig(config),
        Command::SetEffectiveDate(NaiveDate::from_ymd_opt(2026, 3, 1)),
        snapshot.clone(),
    ] {
        project.apply(command, &me).expect("command");
    }
    let request = SignOffRequest {
        version: project.versions()[0].id,
        role: "General Counsel".into(),
        overrides: Vec::new(),
        override_all_confirmed: false,
        purpose: Default::default(),
        signing_key: None,
    };
    project
        .apply(Command::SignOff(request), &me)
        .expect("sign off");
    let keep = project.text().find("keep").expect("keep");
    for command in [
        snapshot,
        Command::AddComment {
            span: Span::new(keep, keep + 4),
            body: "How long?".into(),
        },
        Command::Suggest {
            range: ByteOffset(keep)..ByteOffset(keep + 4),
            text: "hold".into(),
        },
    ] {
        project.apply(command, &me).expect("command");
    }
    to_ron_string(&project).expect("ron")
}

fn load(text: &str) -> Result<Project, String> {
    from_ron_str(text, Path::new("p.redline.ron")).map_err(|error| error.to_string())
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .expect("present")
        + 1
}

#[test]
fn the_small_project_loads() {
    let project = load(&small_project()).expect("valid");
    assert_eq!(project.versions().len(), 2);
    assert_eq!(project.signoffs().len(), 1);
    assert!(project.warnings().is_empty());
}

#[test]
fn an_id_at_the_largest_number_is_refused_by_name_and_line() {
    let text = small_project().replacen("      id: 2,", "      id: 18446744073709551615,", 1);
    let line = line_of(&text, "id: 18446744073709551615,");
    assert_eq!(
        load(&text).expect_err("refused"),
        format!(
            "p.redline.ron:{line}: suggestion S18446744073709551615: its id is too large (the file was changed outside Redline or is damaged)"
        )
    );
}

#[test]
fn ids_near_the_largest_number_never_wrap() {
    let text = small_project().replacen("      id: 2,", "      id: 18446744073709551614,", 1);
    let mut project = load(&text).expect("the largest usable id loads");
    let before = project.to_parts();
    let error = project
        .apply(
            Command::AddComment {
                span: Span::new(0, 1),
                body: "One more".into(),
            },
            &me(),
        )
        .expect_err("no id left");
    assert_eq!(
        error.to_string(),
        "no more comments can be added: the project's ids have reached the largest number"
    );
    assert_eq!(project.to_parts(), before, "nothing changed");
    let saved = to_ron_string(&project).expect("ron");
    load(&saved).expect("what is saved loads again");

    let text = small_project().replacen(
        "      id: 2,\n      label",
        "      id: 18446744073709551615,\n      label",
        1,
    );
    let mut project = load(&text).expect("version ids are their own");
    let error = project
        .apply(
            Command::TakeSnapshot {
                label: None,
                note: String::new(),
                status: VersionStatus::Draft,
            },
            &me(),
        )
        .expect_err("no version id left");
    assert_eq!(
        error.to_string(),
        "no more versions can be added: the project's ids have reached the largest number"
    );
}

#[test]
fn a_sign_off_record_naming_a_missing_version_is_refused_with_its_line() {
    let text = small_project();
    let start = text.find("signoffs: [").expect("signoffs");
    let at = start
        + text[start..]
            .find("version: 1,")
            .expect("the record's version");
    let text = format!(
        "{}version: 7,{}",
        &text[..at],
        &text[at + "version: 1,".len()..]
    );
    let line = line_of(&text, "sequence: 1,");
    assert_eq!(
        load(&text).expect_err("refused"),
        format!(
            "p.redline.ron:{line}: sign-off record 1 is for version V7, which is not in the project"
        )
    );
}

#[test]
fn a_span_outside_the_text_names_the_comment_and_its_line() {
    let text = small_project();
    let comment = text.find("comments: [").expect("comments");
    let at = comment + text[comment..].find("end_byte: ").expect("span") + "end_byte: ".len();
    let end = at + text[at..].find(')').expect("end");
    let text = format!("{}9999{}", &text[..at], &text[end..]);
    let line = line_of(&text, "id: 1,");
    let error = load(&text).expect_err("refused");
    assert!(
        error.starts_with(&format!(
            "p.redline.ron:{line}: comment C1: byte 9999 is past the end of the text"
        )),
        "{error}"
    );
}

#[test]
fn a_suggestion_whose_original_differs_from_the_text_is_reported_and_not_accepted() {
    let text = small_project().replacen("original: \"keep\"", "original: \"sell\"", 1);
    let mut project = load(&text).expect("loads: the user's own edits can do this");
    let message = "suggestion S2 was made on \"sell\" but the text there now reads \"keep\": reject it, or suggest the change again";
    assert_eq!(project.warnings(), vec![message.to_string()]);
    let before = project.text().to_string();
    let error = project
        .apply(
            Command::Accept {
                id: SuggestionId(2),
                alternative: None,
            },
            &me(),
        )
        .expect_err("not accepted");
    assert_eq!(error.to_string(), message);
    let outcome = project
        .apply(Command::AcceptAll { author: None }, &me())
        .expect("accept all");
    assert_eq!(outcome.skipped, vec![SuggestionId(2)]);
    assert_eq!(project.text(), before, "shows one change, makes none");
    project
        .apply(
            Command::Reject {
                id: SuggestionId(2),
            },
            &me(),
        )
        .expect("it can still be rejected");
}

#[test]
fn a_version_pool_repeating_one_paragraph_is_refused_before_it_is_built() {
    // 20,000 references to a 100 kB paragraph: 2 GB of text from a file of
    // about 140 kB.
    let paragraph = "a".repeat(100_000);
    let references = vec!["0"; 20_000].join(",");
    let text = format!(
        "(format_version: 1, document: (title: \"x\", paragraphs: [\"x\"]), versions: [(id: 1, label: \"v1\", author: \"a\", created: \"2026-01-01T00:00:00Z\", status: Draft, title: \"x\", effective_date: None, paragraphs: \"{references}\")], version_paragraphs: [\"{paragraph}\"])"
    );
    let error = load(&text).expect_err("refused");
    assert_eq!(
        error,
        "p.redline.ron:1: version V1 \"v1\": its paragraph list \"0\" repeats more text than a project file of this size can hold; the file is damaged"
    );
    // The same pool used the way Redline writes it loads.
    let text = text.replace(&references, "0");
    assert_eq!(
        load(&text).expect("valid").versions()[0].text().len(),
        100_000
    );
}

#[test]
fn deep_nesting_is_explained_without_naming_crates() {
    let text = format!(
        "(format_version: 1, document: (title: \"x\", paragraphs: {}{}))",
        "[".repeat(100),
        "]".repeat(100)
    );
    let error = load(&text).expect_err("refused");
    assert!(
        error.ends_with(
            "values are nested more than 64 deep here; a Redline project never nests that deep, so the file is damaged"
        ),
        "{error}"
    );
    assert!(
        !error.contains("ron::") && !error.contains("serde"),
        "{error}"
    );
}

/// An export of the small project's signed-off version and its manifest,
/// as bytes (made once).
fn signed_export() -> (Vec<u8>, Vec<u8>) {
    static MADE: std::sync::OnceLock<(Vec<u8>, Vec<u8>)> = std::sync::OnceLock::new();
    MADE.get_or_init(make_signed_export).clone()
}

fn make_signed_export() -> (Vec<u8>, Vec<u8>) {
    use redline::formats::atomic::WriteRules;
    use redline::formats::export::{ExportFormat, ExportRequest, export_to_file};
    let project = load(&small_project()).expect("valid");
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("policy.txt");
    let request = ExportRequest {
        format: ExportFormat::Txt,
        version: Some(project.versions()[0].id),
        history: false,
        paper: None,
        version_label: false,
    };
    let outcome =
        export_to_file(&project, request, &path, None, &WriteRules::REPLACE).expect("export");
    let manifest = outcome
        .manifest
        .expect("a signed-off version has a manifest");
    (
        std::fs::read(&path).expect("export"),
        std::fs::read(&manifest).expect("manifest"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The manifest parser's fuzz smoke (the cargo-fuzz target
    /// `fuzz/fuzz_targets/manifest.rs`): a damaged manifest or export gives
    /// problems or an error, never a panic.
    #[test]
    fn damaged_manifests_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        cut in proptest::option::of(any::<usize>()),
        damage_export in any::<bool>(),
    ) {
        let (export, manifest) = signed_export();
        let (mut export, mut manifest) = (export, manifest);
        let target = if damage_export { &mut export } else { &mut manifest };
        for (at, byte) in edits {
            let at = at % target.len();
            target[at] = byte;
        }
        if let Some(cut) = cut {
            target.truncate(cut % (target.len() + 1));
        }
        let folder = tempfile::tempdir().expect("temp");
        let (export_path, manifest_path) =
            (folder.path().join("e.txt"), folder.path().join("e.txt.manifest.json"));
        std::fs::write(&export_path, &export).expect("write");
        std::fs::write(&manifest_path, &manifest).expect("write");
        let _ = redline::formats::manifest::verify(&export_path, &manifest_path);
    }

    /// The project loader's fuzz smoke (the cargo-fuzz target
    /// `fuzz/fuzz_targets/project_file.rs` runs it for as long as one likes):
    /// any damage to a valid file gives a project or an error, never a
    /// panic, and whatever loads saves and loads again.
    #[test]
    fn damaged_project_files_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        cut in proptest::option::of(any::<usize>()),
        splice in proptest::option::of((any::<usize>(), prop::sample::select(vec![
            "18446744073709551615", "-1", "\"", "[", "]", "(", ")", ",", "0-99999", "Some(", "None",
        ]))),
    ) {
        let mut bytes = small_project().into_bytes();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        if let Some((at, text)) = splice {
            let at = at % bytes.len();
            bytes.splice(at..at, text.bytes());
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(project) = from_ron_str(&text, Path::new("fuzz.redline.ron")) {
            let _ = project.warnings();
            let saved = to_ron_string(&project).expect("a loaded project saves");
            prop_assert!(from_ron_str(&saved, Path::new("again.redline.ron")).is_ok());
        }
    }
}
