//! Saving without losing anyone's work or changing the file's nature: the
//! check against the file on disk, the edit lock, permissions, owner,
//! symbolic links, and leftovers of killed saves.

use redline::formats::atomic::{
    ContentHash, Expect, WriteRules, backup_path, write_atomically, write_checked,
};
use redline::formats::lock::{self, LockOutcome};
use redline::formats::project_io;
use redline::formats::sample::sample_project;
use redline::model::{Actor, Command, Person};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn me() -> Actor {
    Actor {
        user: Person::new("Maren Oyelaran-Fisk", "MOF"),
        now: chrono::Utc::now(),
    }
}

/// The sample saved in a fresh folder.
fn saved_sample(folder: &Path) -> PathBuf {
    let path = folder.join("policy.redline.ron");
    redline::formats::project_file::save(&path, &sample_project().expect("sample")).expect("save");
    path
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn a_save_over_a_file_changed_on_disk_is_refused_and_the_newer_file_kept() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let mut opened = project_io::open(&path).expect("open");
    opened
        .project
        .apply(Command::SetTitle("Mine".into()), &me())
        .expect("edit");
    // Someone else saves meanwhile.
    let mut theirs = project_io::open(&path).expect("open");
    theirs
        .project
        .apply(Command::SetTitle("Theirs".into()), &me())
        .expect("edit");
    project_io::save(&path, &theirs.project, Expect::Unchanged(theirs.hash), None)
        .expect("their save lands");
    let newer = std::fs::read(&path).expect("read");

    let error = project_io::save(&path, &opened.project, Expect::Unchanged(opened.hash), None)
        .expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!(
            "{} changed on disk after it was read (another program or Redline window saved it, or it was moved or deleted); nothing was written",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).expect("read"), newer, "theirs is kept");

    // A file moved away counts as changed too.
    let moved = folder.path().join("moved.redline.ron");
    std::fs::rename(&path, &moved).expect("move");
    assert!(
        project_io::save(&path, &opened.project, Expect::Unchanged(opened.hash), None).is_err()
    );
    assert!(!path.exists());
    std::fs::rename(&moved, &path).expect("move back");

    // Replacing it is a choice of its own, and theirs is then the backup.
    let written =
        project_io::save(&path, &opened.project, Expect::Anything, None).expect("replace");
    assert_eq!(std::fs::read(backup_path(&path)).expect("bak"), newer);
    assert_eq!(
        ContentHash::of(&std::fs::read(&path).expect("read")),
        written.hash
    );
}

#[test]
fn a_new_file_is_never_written_over_an_existing_one() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("out.txt");
    std::fs::write(&path, "keep me").expect("write");
    let rules = WriteRules {
        expect: Expect::Nothing,
        ..WriteRules::REPLACE
    };
    let error = write_checked(&path, b"new", &rules).expect_err("exists");
    assert_eq!(
        error.to_string(),
        format!("{} already exists; nothing was written", path.display())
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep me");
    let fresh = folder.path().join("fresh.txt");
    let written = write_checked(&fresh, b"new", &rules).expect("new file");
    assert_eq!(written.hash, ContentHash::of(b"new"));
    assert_eq!(std::fs::read_to_string(&fresh).expect("read"), "new");
}

#[test]
fn a_save_keeps_the_file_s_permissions_and_its_backup_is_no_more_readable() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    for wanted in [0o600, 0o664, 0o640] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).expect("chmod");
        write_atomically(&path, b"content", true).expect("save");
        assert_eq!(mode(&path), wanted, "the file keeps {wanted:o}");
        assert_eq!(mode(&backup_path(&path)), wanted, "the backup too");
    }
    // Recovery files are the user's alone, whatever the project's mode.
    let recovery = folder.path().join("recovery");
    redline::app::files::write_recovery(&recovery, &sample_project().expect("sample"), None)
        .expect("recovery");
    assert_eq!(mode(&redline::app::files::recovery_file(&recovery)), 0o600);
}

#[test]
fn a_save_keeps_the_file_s_owner_where_the_system_allows() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let running_as_root = std::fs::metadata(&path).expect("metadata").uid() == 0;
    if running_as_root {
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).expect("chown");
    }
    let (uid, gid) = {
        let metadata = std::fs::metadata(&path).expect("metadata");
        (metadata.uid(), metadata.gid())
    };
    let written = write_atomically(&path, b"content", false).expect("save");
    let metadata = std::fs::metadata(&path).expect("metadata");
    assert_eq!((metadata.uid(), metadata.gid()), (uid, gid));
    assert!(written.warnings.is_empty(), "{:?}", written.warnings);
}

#[test]
fn a_save_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let links = folder.path().join("links");
    std::fs::create_dir(&links).expect("folder");
    let link = links.join("policy.redline.ron");
    std::os::unix::fs::symlink("../policy.redline.ron", &link).expect("link");
    let opened = project_io::open(&link).expect("open through the link");
    let written = project_io::save(&link, &opened.project, Expect::Unchanged(opened.hash), None)
        .expect("save");
    assert_eq!(written.path, links.join("../policy.redline.ron"));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("metadata")
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert!(
        backup_path(&path).is_file(),
        "the backup is beside the target"
    );
    assert!(!backup_path(&link).exists());

    // A backup name planted as a link is replaced, never written through.
    let victim = folder.path().join("victim.txt");
    std::fs::write(&victim, "untouched").expect("write");
    std::fs::remove_file(backup_path(&path)).expect("remove");
    std::os::unix::fs::symlink(&victim, backup_path(&path)).expect("plant");
    write_atomically(&path, b"again", true).expect("save");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "untouched");
    assert!(
        !std::fs::symlink_metadata(backup_path(&path))
            .expect("metadata")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn temporary_files_of_killed_saves_are_cleaned_up_and_no_others() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let host = lock::this_host();
    let mut gone = std::process::Command::new("true").spawn().expect("true");
    let dead = gone.id();
    gone.wait().expect("true ends");
    let alive = std::process::id();
    let name = |suffix: &str| folder.path().join(format!(".policy.redline.ron{suffix}"));
    let stale = [
        name(&format!(".{dead}.tmp")),
        name(&format!(".{dead}.bak.tmp")),
        name(&format!("~{host}~{dead}~0.redline-tmp")),
        name(&format!(".bak~{host}~{dead}~1.redline-tmp")),
        name("~elsewhere~7~0.redline-tmp"),
    ];
    let kept = [
        name(&format!("~{host}~{alive}~99.redline-tmp")),
        name("~elsewhere~8~0.redline-tmp"),
        name(".notes.tmp"),
        folder.path().join(".other.redline.ron.1.tmp"),
    ];
    for file in stale.iter().chain(&kept) {
        std::fs::write(file, "leftover").expect("write");
    }
    // From another host, only age tells a dead save.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&stale[4])
        .and_then(|file| file.set_modified(an_hour_ago))
        .expect("age");
    write_atomically(&path, b"content", true).expect("save");
    for file in &stale {
        assert!(!file.exists(), "removed: {}", file.display());
    }
    for file in &kept {
        assert!(file.exists(), "kept: {}", file.display());
    }
}

#[test]
fn a_window_s_edit_lock_says_who_has_the_file_and_refuses_other_writers() {
    let folder = tempfile::tempdir().expect("temp");
    let path = saved_sample(folder.path());
    let LockOutcome::Acquired(mine) = lock::acquire(&path, "Casey Counsel").expect("lock") else {
        panic!("the file was free");
    };
    let lock_file = lock::lock_path(&path);
    assert_eq!(
        mode(&lock_file) & 0o022,
        0,
        "no more writable than the project"
    );
    let LockOutcome::HeldBy(holder) = lock::acquire(&path, "Jordan").expect("second") else {
        panic!("a second window gets no lock");
    };
    assert_eq!(holder, *mine.holder());
    assert_eq!(holder.user, "Casey Counsel");
    assert_eq!(holder.pid, std::process::id());

    let bytes = std::fs::read(&path).expect("read");
    let hash = ContentHash::of(&bytes);
    let error = project_io::save(
        &path,
        &sample_project().expect("sample"),
        Expect::Unchanged(hash),
        None,
    )
    .expect_err("someone else's lock");
    assert_eq!(
        error.to_string(),
        format!(
            "{} is open in Redline by {holder}; nothing was written: close it there first",
            path.display()
        )
    );
    project_io::save(
        &path,
        &sample_project().expect("sample"),
        Expect::Unchanged(hash),
        Some(&mine),
    )
    .expect("the window's own save");
    assert!(mine.refresh(), "still ours");
    drop(mine);
    assert!(!lock_file.exists(), "released when the window lets go");
    assert!(matches!(
        lock::acquire(&path, "Jordan").expect("lock"),
        LockOutcome::Acquired(_)
    ));
}
