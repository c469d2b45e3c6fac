//! `redline verify`, `redline trust` and `redline signoff` against forgery:
//! the four forgeries of issue 16 each caught, the exit codes (0 intact and
//! signed by a trusted key, 1 changed, 2 bad input, 3 not authenticated),
//! overrides with reasons, and the sign-off's purpose.

use crate::{sample_copy, stderr, stdout};
use redline::formats::project_file;
use redline::model::signoff::{RecordSignature, key_fingerprint, public_key_hex};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs redline as Maren with `config` as the config folder.
pub fn redline_in(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .env("REDLINE_USER", "Maren Oyelaran-Fisk")
        .env("REDLINE_CONFIG_DIR", config)
        .output()
        .expect("redline runs")
}

/// A copy of the sample and a config folder in a scratch folder.
struct Desk {
    folder: tempfile::TempDir,
    config: PathBuf,
    project: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let folder = tempfile::tempdir().expect("temp dir");
        let config = folder.path().join("config");
        let project = sample_copy(folder.path());
        Desk {
            folder,
            config,
            project,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        redline_in(&self.config, args)
    }

    fn file(&self) -> &str {
        self.project.to_str().expect("utf-8")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.folder.path().join(name)
    }

    /// Signs the draft off for internal approval, overriding everything.
    fn sign_off_draft(&self, sign: bool) {
        let mut args = vec![
            "signoff",
            self.file(),
            "--version",
            "draft",
            "--by",
            "Maren Oyelaran-Fisk",
            "--role",
            "General Counsel",
            "--purpose",
            "internal-approval",
            "--override",
            "all",
            "--reason",
            "a review copy for the certifier",
            "--confirm-override-all",
        ];
        if sign {
            args.push("--sign");
        }
        let output = self.run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }

    /// Exports the latest version as txt with its history; returns its path.
    fn export_latest(&self, name: &str) -> PathBuf {
        let export = self.path(name);
        let output = self.run(&[
            "export",
            &format!("{}@latest", self.file()),
            "--format",
            "txt",
            "--history",
            "-o",
            export.to_str().expect("utf-8"),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        export
    }

    fn verify(&self, args: &[&str]) -> Output {
        let mut all = vec!["verify"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Edits the project file as someone with write access could.
    fn tamper(&self, change: impl FnOnce(&mut redline::model::ProjectParts)) {
        let project = project_file::load(&self.project).expect("loads");
        let mut parts = project.to_parts();
        change(&mut parts);
        let project = redline::model::Project::from_parts(parts).expect("valid");
        project_file::save(&self.project, &project).expect("saves");
    }

    fn own_key(&self) -> String {
        let secret = redline::formats::signing_key::load(&self.config)
            .expect("readable")
            .expect("made by --sign");
        public_key_hex(&secret)
    }
}

fn as_str(path: &Path) -> &str {
    path.to_str().expect("utf-8")
}

/// Replaces the manifest's export hash with the hash of the file as it is
/// now, as a forger would.
fn recompute_manifest_hash(export: &Path, strip_signature: bool) {
    let manifest = redline::formats::manifest::manifest_path(export);
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).expect("read")).expect("json");
    let bytes = std::fs::read(export).expect("read export");
    json["export_sha256"] = redline::model::signoff::sha256_hex(&bytes).into();
    if strip_signature {
        json.as_object_mut()
            .expect("object")
            .remove("export_signature");
    }
    std::fs::write(
        &manifest,
        serde_json::to_string_pretty(&json).expect("json"),
    )
    .expect("write");
}

#[test]
fn verify_exits_0_only_when_intact_and_signed_by_a_trusted_key() {
    let desk = Desk::new();
    desk.sign_off_draft(true);
    let export = desk.export_latest("policy.txt");
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let fingerprint = key_fingerprint(&desk.own_key()).expect("key");
    assert!(
        text.contains(&format!(
            "signed by key {fingerprint} (trusted: your own key)"
        )),
        "{text}"
    );
    assert!(
        text.contains("note: v1 was signed off for internal approval, not for publication"),
        "{text}"
    );
    let output = desk.verify(&[desk.file()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains(
            "authenticated: sign-off record 1 (v1 by Maren Oyelaran-Fisk) is signed by key"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn forgery_an_export_changed_with_its_manifest_hash_recomputed_is_caught() {
    let desk = Desk::new();
    desk.sign_off_draft(true);
    let export = desk.export_latest("policy.txt");
    let text = std::fs::read_to_string(&export).expect("read");
    std::fs::write(&export, text.replacen("Kestrelmoor", "Kestrelmore", 1)).expect("write");
    recompute_manifest_hash(&export, false);
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "redline: the manifest's signature does not match: the export or its manifest was changed after it was written\n"
    );

    // Without the signature the hash proves nothing: never exit 0.
    recompute_manifest_hash(&export, true);
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("integrity only, not authenticated: the manifest is not signed"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn forgery_a_signed_off_version_edited_in_the_project_file_is_caught() {
    let desk = Desk::new();
    desk.sign_off_draft(true);
    desk.tamper(|parts| {
        let content = &mut parts.versions[0].content;
        let at = content.text.find("Kestrelmoor").expect("the name");
        let edit = redline::model::changeset::Edit::new(at..at + 11, "Kestrelmore");
        redline::model::changeset::ChangeSet::from_edits(content, &[edit])
            .expect("an edit")
            .apply(content);
    });
    let problem = "sign-off record 1 (v1 by Maren Oyelaran-Fisk): v1 was changed after it was signed off: it no longer matches the record";

    let export = desk.path("policy.txt");
    let output = desk.run(&[
        "export",
        &format!("{}@v1", desk.file()),
        "--format",
        "txt",
        "-o",
        as_str(&export),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(&format!(
            "redline: {}: not written: the sign-off no longer holds: {problem}\n",
            export.display()
        )),
        "{}",
        stderr(&output)
    );
    assert!(!export.exists(), "nothing is exported");

    let output = desk.verify(&[desk.file()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), format!("redline: {problem}\n"));

    // Every command that opens the project warns.
    let output = desk.run(&["show", desk.file()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains(&format!("redline: warning:   {problem}\n")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn forgery_a_rewritten_unsigned_chain_exits_3_at_best() {
    let desk = Desk::new();
    desk.sign_off_draft(false);
    let export = desk.export_latest("policy.txt");
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "integrity only, not authenticated: sign-off record 1 (v1 by Maren Oyelaran-Fisk) is not signed"
        ),
        "{}",
        stdout(&output)
    );

    // Someone rewrites who signed and makes the chain consistent again.
    desk.tamper(|parts| {
        let record = &mut parts.signoffs[0];
        record.signer = "Someone Else".into();
        record.record_sha256 = record.compute_hash();
    });
    let output = desk.verify(&[desk.file()]);
    assert_eq!(
        output.status.code(),
        Some(3),
        "consistent, so only the missing signature tells: {}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains(
            "integrity only, not authenticated: sign-off record 1 (v1 by Someone Else) is not signed, so anyone could have rewritten the chain up to it"
        ),
        "{}",
        stdout(&output)
    );
    // Against the project, the export shows the rewrite.
    let output = desk.verify(&[as_str(&export), "--project", desk.file()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("differs between the export's chain and"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn forgery_a_record_re_signed_with_another_key_names_the_key_and_exits_3() {
    let desk = Desk::new();
    desk.sign_off_draft(true);
    let other = [42u8; 32];
    let other_key = public_key_hex(&other);
    desk.tamper(|parts| {
        let record = &mut parts.signoffs[0];
        record.role = "Intern".into();
        record.record_sha256 = record.compute_hash();
        record.signature = Some(RecordSignature::sign(&other, &record.record_sha256));
    });
    let output = desk.verify(&[desk.file()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let fingerprint = key_fingerprint(&other_key).expect("key");
    let text = stdout(&output);
    assert!(
        text.contains(&format!("  signed by key {fingerprint} (not trusted)\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "not authenticated: sign-off record 1 (v1 by Maren Oyelaran-Fisk) is signed by key {fingerprint}, which you do not trust (if it is genuine: redline trust add {other_key} --name NAME)"
        )),
        "{text}"
    );
    // Trusting that key (knowingly) makes it authenticated.
    let output = desk.run(&["trust", "add", &other_key, "--name", "Tomasz"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("now trusting {fingerprint} (Tomasz)\n")
    );
    let output = desk.verify(&[desk.file()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("(trusted: Tomasz)"));
}

#[test]
fn verify_with_the_project_catches_a_truncated_chain() {
    let desk = Desk::new();
    desk.sign_off_draft(true);
    desk.sign_off_draft(true);
    let export = desk.export_latest("v2.txt");
    let output = desk.verify(&[as_str(&export), "--project", desk.file()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Someone removes the last sign-off and thaws its version.
    desk.tamper(|parts| {
        parts.signoffs.truncate(1);
        parts.versions[1].status = redline::model::VersionStatus::Draft;
    });
    let output = desk.verify(&[desk.file()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the shortened chain alone is consistent"
    );
    let output = desk.verify(&[as_str(&export), "--project", desk.file()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "redline: the export's sign-off record (number 2, v2) is not in {}'s chain, which has 1 record(s): the chain was cut short\n",
            desk.project.display()
        )
    );
}

#[test]
fn verify_exits_2_on_bad_input() {
    let desk = Desk::new();
    let missing = desk.path("nothing.pdf");
    let output = desk.verify(&[as_str(&missing)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("redline: cannot read {}", missing.display())),
        "{}",
        stderr(&output)
    );
    let export = desk.path("x.txt");
    std::fs::write(&export, "text").expect("write");
    std::fs::write(
        redline::formats::manifest::manifest_path(&export),
        "{\"manifest_version\": 2",
    )
    .expect("write");
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("x.txt.manifest.json:1:"),
        "{}",
        stderr(&output)
    );
    let output = desk.verify(&[desk.file(), "--project", desk.file()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "redline: {} is a project; --project is for checking an export against the project it came from\n",
            desk.project.display()
        )
    );
    // A project with nothing signed off is not authenticated either.
    let output = desk.verify(&[desk.file()]);
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn format_1_exports_and_projects_still_verify() {
    let desk = Desk::new();
    let fixtures = Path::new("tests/fixtures/signoff-format-1");
    for name in [
        "policy.redline.ron",
        "v1.txt",
        "v1.txt.manifest.json",
        "v2.html",
        "v2.html.manifest.json",
    ] {
        std::fs::copy(fixtures.join(name), desk.path(name)).expect("copy");
    }
    let project = desk.path("policy.redline.ron");
    let output = desk.verify(&[as_str(&project)]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stdout(&output).contains(
        "is intact: 2 sign-off record(s), the chain unbroken, each signed-off version as it was signed off"
    ));
    let output = desk.run(&[
        "trust",
        "add",
        "9e162b6dfbdf86b7be0a5581175583baef18d2d878c6002b5c3ec4290a1f1483",
        "--name",
        "Maren (2025 key)",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let export = desk.path("v1.txt");
    let output = desk.verify(&[as_str(&export), "--project", as_str(&project)]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(
            "authenticated: sign-off record 1 (v1 by Maren Oyelaran-Fisk) is signed by key"
        ),
        "{text}"
    );
    assert!(
        text.contains("integrity only, not authenticated: the manifest is not signed"),
        "a format 1 manifest has no signature: {text}"
    );
    let mut bytes = std::fs::read(&export).expect("read");
    bytes[0] ^= 1;
    std::fs::write(&export, bytes).expect("write");
    let output = desk.verify(&[as_str(&export)]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn trust_lists_adds_and_removes_keys() {
    let desk = Desk::new();
    let output = desk.run(&["trust", "list"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "you have no signing key yet (`redline signoff --sign` makes one)\nno other trusted keys (`redline trust add KEY --name NAME` adds one)\n"
    );
    desk.sign_off_draft(true);
    let own = desk.own_key();
    let other = public_key_hex(&[5u8; 32]);
    assert_eq!(
        desk.run(&["trust", "add", &other, "--name", "Priya"])
            .status
            .code(),
        Some(0)
    );
    let output = desk.run(&["trust", "list"]);
    assert_eq!(
        stdout(&output),
        format!(
            "your own key (always trusted):\n  {}  {own}\ntrusted keys:\n  {}  {other}  Priya\n",
            key_fingerprint(&own).expect("key"),
            key_fingerprint(&other).expect("key")
        )
    );
    let output = desk.run(&["trust", "remove", &own]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is your own key, which is always trusted"),
        "{}",
        stderr(&output)
    );
    let output = desk.run(&["trust", "remove", &other]);
    assert_eq!(output.status.code(), Some(0));
    let output = desk.run(&["trust", "remove", &other]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "redline: {other} is not among your trusted keys (`redline trust list` shows them)\n"
        )
    );
}

#[test]
fn signoff_pairs_each_override_with_a_reason_and_confirms_all() {
    let desk = Desk::new();
    let base = [
        "signoff",
        desk.file(),
        "--version",
        "draft",
        "--by",
        "Maren Oyelaran-Fisk",
        "--role",
        "General Counsel",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        desk.run(&args)
    };
    let output = with(&["--override", "C1", "--override", "C2", "--reason", "x"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "redline: each --override needs a --reason after it: 2 override(s), 1 reason(s)\n"
    );
    let output = with(&["--override", "all", "--reason", "ship it"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "redline: --override all lets every blocker stand: add --confirm-override-all to confirm that is meant\n"
    );
    // For publication (the default) the sample's pending suggestions and
    // its template alternative cannot be overridden, not even by `all`.
    let output = with(&[
        "--override",
        "all",
        "--reason",
        "ship it",
        "--confirm-override-all",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("cannot be signed off for publication; resolve these first (a pending suggestion or a template alternative cannot be overridden for publication; a sign-off for internal approval can override them):\n  S1: pending suggestion S1"),
        "{message}"
    );
    assert!(
        message.contains("unresolved template alternative"),
        "{message}"
    );
    assert!(
        project_file::load(&desk.project)
            .expect("loads")
            .signoffs()
            .is_empty(),
        "the project was not changed"
    );
    let output = with(&[
        "--purpose",
        "internal-approval",
        "--override",
        "open-comments",
        "--reason",
        "answered in the cover letter",
        "--override",
        "all",
        "--reason",
        "a review copy",
        "--confirm-override-all",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("signed off v1 for internal approval ("),
        "{text}"
    );
    assert!(
        text.contains("(reason: answered in the cover letter)\n")
            && text.contains("(reason: a review copy)\n"),
        "{text}"
    );
}

#[test]
fn the_exported_history_names_each_override_and_its_reason() {
    let desk = Desk::new();
    desk.sign_off_draft(false);
    let export = desk.export_latest("policy.txt");
    let text = std::fs::read_to_string(&export).expect("read");
    let history = &text[text.find("Policy History").expect("history")..];
    assert!(
        history.contains(
            "Signed off for internal approval by Maren Oyelaran-Fisk (General Counsel) on "
        ),
        "{history}"
    );
    assert!(
        history.contains("(reason: a review copy for the certifier)."),
        "{history}"
    );
    assert!(history.contains("; overridden: S1, "), "{history}");
}

#[cfg(unix)]
#[test]
fn signing_with_a_key_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    desk.sign_off_draft(true);
    let key = redline::formats::signing_key::key_path(&desk.config);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = desk.run(&[
        "signoff",
        desk.file(),
        "--version",
        "draft",
        "--by",
        "Maren Oyelaran-Fisk",
        "--role",
        "General Counsel",
        "--purpose",
        "internal-approval",
        "--override",
        "all",
        "--reason",
        "x",
        "--confirm-override-all",
        "--sign",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "{}: other users can read or change this signing key (mode 0644), so Redline will not use it",
            key.display()
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        project_file::load(&desk.project)
            .expect("loads")
            .signoffs()
            .len(),
        1,
        "nothing was signed"
    );
}
