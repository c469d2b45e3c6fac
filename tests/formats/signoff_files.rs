//! The files around sign-offs: format 1 records and manifests written before
//! issue 16 still verify; the signing key is private from its first byte;
//! the trusted-keys list; manifests from a newer Redline are refused.

use redline::formats::manifest::{self, manifest_path};
use redline::formats::project_file::{load, save};
use redline::formats::{signing_key, trusted_keys};
use redline::model::signoff::{key_fingerprint, public_key_hex};
use std::path::{Path, PathBuf};

/// A project, a txt and an html export with their manifests, all made by
/// Redline before issue 16 (record format 1, manifest format 1).
const FORMAT_1: &str = "tests/fixtures/signoff-format-1";

/// The public key that signed the fixture's first record.
const FIXTURE_KEY: &str = "9e162b6dfbdf86b7be0a5581175583baef18d2d878c6002b5c3ec4290a1f1483";

fn fixture(name: &str) -> PathBuf {
    Path::new(FORMAT_1).join(name)
}

#[test]
fn format_1_records_still_verify_exactly_as_before() {
    let project = load(&fixture("policy.redline.ron")).expect("loads");
    let records = project.signoffs();
    assert_eq!(records.len(), 2);
    for record in records {
        assert_eq!(record.format, 1);
        assert_eq!(record.compute_hash(), record.record_sha256);
        let version = project.version(record.version).expect("version");
        assert!(record.matches_version(version), "{}", record.name());
    }
    assert_eq!(records[0].signer_key(), Some(FIXTURE_KEY));
    assert_eq!(project.signoff_problems(), Vec::<String>::new());

    // Saved again by this build, the records keep their format and hashes.
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("again.redline.ron");
    save(&path, &project).expect("saves");
    let again = load(&path).expect("loads again");
    assert_eq!(again.signoffs(), records);
    assert_eq!(again.signoff_problems(), Vec::<String>::new());
}

#[test]
fn format_1_manifests_still_verify() {
    for export in ["v1.txt", "v2.html"] {
        let path = fixture(export);
        let check = manifest::verify(&path, &manifest_path(&path)).expect("readable");
        assert_eq!(check.problems, Vec::<String>::new(), "{export}");
        assert_eq!(check.manifest.manifest_version, 1);
        assert_eq!(check.manifest.export_signature, None);
    }
}

#[test]
fn a_manifest_from_a_newer_redline_is_refused() {
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("v1.txt");
    std::fs::copy(fixture("v1.txt"), &export).expect("copy");
    let text = std::fs::read_to_string(fixture("v1.txt.manifest.json")).expect("read");
    std::fs::write(
        manifest_path(&export),
        text.replace("\"manifest_version\": 1", "\"manifest_version\": 9"),
    )
    .expect("write");
    let error = manifest::verify(&export, &manifest_path(&export)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: written by a newer version of Redline (manifest format 9; this build reads formats up to 2): update Redline to verify it",
            manifest_path(&export).display()
        )
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn the_signing_key_is_made_private_in_a_private_folder() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("a").join("config");
    let secret = signing_key::load_or_create(&config).expect("made");
    let key = signing_key::key_path(&config);
    assert_eq!(mode(&key), 0o600);
    assert_eq!(mode(&config), 0o700);
    assert_eq!(signing_key::load(&config).expect("loads"), Some(secret));
    assert_eq!(
        signing_key::load_or_create(&config).expect("loads"),
        secret,
        "made once"
    );

    // A config folder other users can enter is narrowed when a key is made.
    let open = folder.path().join("open");
    std::fs::create_dir(&open).expect("mkdir");
    set_mode(&open, 0o755);
    signing_key::load_or_create(&open).expect("made");
    assert_eq!(mode(&open), 0o700);
}

#[cfg(unix)]
#[test]
fn a_signing_key_other_users_can_read_is_refused() {
    let folder = tempfile::tempdir().expect("temp dir");
    let secret = signing_key::load_or_create(folder.path()).expect("made");
    let key = signing_key::key_path(folder.path());
    set_mode(&key, 0o644);
    let expected = format!(
        "{}: other users can read or change this signing key (mode 0644), so Redline will not use it: run chmod 600 {}, or delete it to have a new key made if someone else may have read it",
        key.display(),
        key.display()
    );
    assert_eq!(
        signing_key::load(folder.path()).unwrap_err().to_string(),
        expected
    );
    assert_eq!(
        signing_key::load_or_create(folder.path())
            .unwrap_err()
            .to_string(),
        expected
    );
    assert_eq!(
        std::fs::read_to_string(&key).expect("still there").trim(),
        secret
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>(),
        "the key is left as it was"
    );
    set_mode(&key, 0o600);
    assert_eq!(
        signing_key::load(folder.path()).expect("loads"),
        Some(secret)
    );
}

#[test]
fn trusted_keys_are_added_listed_and_removed_and_your_own_is_always_trusted() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("config");
    let list = trusted_keys::load(&config).expect("empty");
    assert_eq!(list, trusted_keys::TrustList::default());

    assert!(trusted_keys::add(&config, FIXTURE_KEY, "Maren\nOyelaran-Fisk").expect("added"));
    assert!(!trusted_keys::add(&config, &FIXTURE_KEY.to_uppercase(), "again").expect("kept"));
    let list = trusted_keys::load(&config).expect("loads");
    assert_eq!(list.trust(FIXTURE_KEY), Some("Maren Oyelaran-Fisk"));
    assert_eq!(list.keys.len(), 1);

    let secret = signing_key::load_or_create(&config).expect("made");
    let own = public_key_hex(&secret);
    let list = trusted_keys::load(&config).expect("loads");
    assert_eq!(list.trust(&own), Some(trusted_keys::OWN_KEY_NAME));

    let error = trusted_keys::add(&config, "abc", "x").unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: \"abc\" is not an Ed25519 public key (64 hex digits, as `redline trust list` and `redline verify` print them)",
            trusted_keys::trust_path(&config).display()
        )
    );

    let fingerprint = key_fingerprint(FIXTURE_KEY).expect("a key");
    let removed = trusted_keys::remove(&config, &fingerprint).expect("removes");
    assert_eq!(
        removed.map(|key| key.public_key),
        Some(FIXTURE_KEY.to_string())
    );
    assert_eq!(
        trusted_keys::remove(&config, FIXTURE_KEY).expect("ok"),
        None
    );
    assert_eq!(
        trusted_keys::load(&config)
            .expect("loads")
            .trust(FIXTURE_KEY),
        None
    );
}

#[test]
fn a_bad_line_in_the_trusted_keys_is_named() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = trusted_keys::trust_path(folder.path());
    std::fs::write(
        &path,
        format!("# mine\n{FIXTURE_KEY}  Maren\n\nnot-a-key Bob\n"),
    )
    .expect("write");
    #[cfg(unix)]
    set_mode(&path, 0o600);
    assert_eq!(
        trusted_keys::load(folder.path()).unwrap_err().to_string(),
        format!(
            "{}:4:1: not an Ed25519 public key (expected 64 hex digits, then a name)",
            path.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_trusted_keys_list_other_users_can_change_is_refused() {
    let folder = tempfile::tempdir().expect("temp dir");
    trusted_keys::add(folder.path(), FIXTURE_KEY, "Maren").expect("added");
    let path = trusted_keys::trust_path(folder.path());
    assert_eq!(mode(&path), 0o600);
    set_mode(&path, 0o666);
    assert_eq!(
        trusted_keys::load(folder.path()).unwrap_err().to_string(),
        format!(
            "{}: other users can change this list of trusted keys (mode 0666), so Redline will not use it: run chmod 600 {}",
            path.display(),
            path.display()
        )
    );
}
