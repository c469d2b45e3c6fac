//! Nothing lost: two writers, the GUI's lock, outputs that would destroy
//! inputs or replace files, and files whose mode, links and leftovers a save
//! must respect.

use super::super::{SAMPLE, redline, sample_copy, stderr, stdout};
use std::path::Path;
use std::process::{Command, Stdio};

/// What a subcommand says when the project changed on disk after it read it.
fn changed_on_disk(path: &Path) -> String {
    format!(
        "redline: {} changed on disk after it was read (another program or Redline window saved it, or it was moved or deleted); nothing was written: run the command again to work on the newer file, or add --ignore-newer to replace it\n",
        path.display()
    )
}

/// The labels of the project's versions, as `redline versions` lists them.
fn version_labels(path: &Path) -> Vec<String> {
    let output = redline(&["versions", path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

#[test]
fn two_processes_changing_one_project_never_lose_a_change_silently() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let (mut both_landed, mut one_refused) = (0, 0);
    for round in 0..100 {
        let labels = [format!("a{round}"), format!("b{round}")];
        let children: Vec<_> = labels
            .iter()
            .map(|label| {
                Command::new(env!("CARGO_BIN_EXE_redline"))
                    .args(["snapshot", file, "--label", label])
                    .env("REDLINE_USER", "Maren Oyelaran-Fisk")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("redline starts")
            })
            .collect();
        let outputs: Vec<_> = children
            .into_iter()
            .map(|child| child.wait_with_output().expect("redline ends"))
            .collect();
        let saved = version_labels(&path);
        let mut landed = 0;
        for (label, output) in labels.iter().zip(&outputs) {
            match output.status.code() {
                Some(0) => {
                    assert!(
                        saved.contains(label),
                        "round {round}: {label} reported success but is not in the file: {saved:?}"
                    );
                    landed += 1;
                }
                Some(2) => assert_eq!(stderr(output), changed_on_disk(&path), "round {round}"),
                code => panic!("round {round}: exit {code:?}: {}", stderr(output)),
            }
        }
        assert!(landed >= 1, "round {round}: at least one change lands");
        if landed == 2 {
            both_landed += 1;
        } else {
            one_refused += 1;
        }
    }
    eprintln!("100 rounds: both landed {both_landed}, one refused with exit 2 {one_refused}");
}

#[test]
fn every_saving_subcommand_offers_ignore_newer_and_every_writing_one_force() {
    let saving = [
        "accept", "reject", "replace", "snapshot", "restore", "date", "material", "notice", "check",
    ];
    for subcommand in saving {
        let help = stdout(&redline(&[subcommand, "--help"]));
        assert!(help.contains("--ignore-newer"), "{subcommand}: {help}");
    }
    for subcommand in ["export", "diff", "import", "notice"] {
        let help = stdout(&redline(&[subcommand, "--help"]));
        assert!(help.contains("--force"), "{subcommand}: {help}");
    }
    // --force replaces outputs; it never stands in for --ignore-newer.
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let output = redline(&["snapshot", path.to_str().expect("utf-8"), "--force"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unexpected argument '--force'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_output_that_is_the_project_or_an_input_is_refused() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let before = std::fs::read(&path).expect("read");
    let link = folder.path().join("link.redline.ron");
    std::os::unix::fs::symlink(&path, &link).expect("link");
    let review = folder.path().join("review.md");
    std::fs::write(&review, "We {--sell--} data.\n").expect("write");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["export", file, "--format", "txt", "-o", file, "--force"],
            format!(
                "redline: {file} is the project: writing the output there would destroy it; choose another output file\n"
            ),
        ),
        (
            vec![
                "export",
                file,
                "--format",
                "txt",
                "-o",
                link.to_str().expect("utf-8"),
            ],
            format!(
                "redline: {} is the project: writing the output there would destroy it; choose another output file\n",
                link.display()
            ),
        ),
        (
            vec!["diff", SAMPLE, file, "-o", file, "--force"],
            format!(
                "redline: {file} is the new side of the diff: writing the output there would destroy it; choose another output file\n"
            ),
        ),
        (
            vec!["notice", file, "-o", file],
            format!(
                "redline: {file} is the project: writing the output there would destroy it; choose another output file\n"
            ),
        ),
        (
            vec![
                "import",
                review.to_str().expect("utf-8"),
                "-o",
                review.to_str().expect("utf-8"),
                "--force",
            ],
            format!(
                "redline: {} is the file being imported: writing the output there would destroy it; choose another output file\n",
                review.display()
            ),
        ),
    ];
    for (args, message) in cases {
        let output = redline(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).ends_with(&message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the project is untouched"
    );
    assert_eq!(
        std::fs::read_to_string(&review).expect("read"),
        "We {--sell--} data.\n"
    );
    assert!(
        !path.with_extension("ron.bak").exists(),
        "nothing was even backed up"
    );
}

#[test]
fn replacing_an_existing_output_needs_force() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let existing = folder.path().join("existing.txt");
    let out = existing.to_str().expect("utf-8");
    let output = redline(&["snapshot", file, "--label", "v1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commands: [Vec<&str>; 4] = [
        vec!["export", file, "--format", "txt", "-o", out],
        vec!["diff", SAMPLE, file, "-o", out],
        vec!["notice", file, "-o", out],
        vec!["import", "tests/fixtures/clean_policy.md", "-o", out],
    ];
    for args in commands {
        std::fs::write(&existing, "keep me").expect("write");
        let output = redline(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).ends_with(&format!(
                "redline: {out} already exists; nothing was written: add --force to replace it\n"
            )),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(std::fs::read_to_string(&existing).expect("read"), "keep me");
        let mut forced = args.clone();
        forced.push("--force");
        let output = redline(&forced);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{forced:?}: {}",
            stderr(&output)
        );
        assert_ne!(std::fs::read_to_string(&existing).expect("read"), "keep me");
    }
}

#[test]
fn default_export_names_stay_in_the_project_folder() {
    let folder = tempfile::tempdir().expect("temp");
    let inner = folder.path().join("projects");
    std::fs::create_dir(&inner).expect("folder");
    let path = sample_copy(&inner);
    let file = path.to_str().expect("utf-8");
    let output = redline(&["snapshot", file, "--label", "x/../../y"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = redline(&["export", &format!("{file}@1"), "--format", "txt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = inner.join("policy-x-..-..-y.txt");
    assert_eq!(stdout(&output), format!("wrote {}\n", expected.display()));
    assert!(expected.is_file());
    assert!(!folder.path().join("y.txt").exists());
}

#[test]
fn the_command_line_honours_a_window_s_lock() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let before = std::fs::read(&path).expect("read");
    let lock = folder.path().join(".policy.redline.ron.lock");
    let host = redline::formats::lock::this_host();
    let write_lock = |pid: u32| {
        std::fs::write(
            &lock,
            format!(
                r#"{{"user":"Priya Ananthanarayan","host":"{host}","pid":{pid},"since":"2026-11-30T10:02:00Z","token":"t"}}"#
            ),
        )
        .expect("lock");
    };
    // This test's own process stands in for a live window.
    write_lock(std::process::id());
    let output = redline(&["snapshot", file, "--label", "v9"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "redline: {file} is open in Redline by Priya Ananthanarayan on {host} (process {}) since 2026-11-30 10:02 UTC; nothing was written: close it there first\n",
            std::process::id()
        )
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // Reading is fine while a window has it open.
    assert_eq!(redline(&["show", file]).status.code(), Some(0));

    // A lock whose process is gone is stale.
    let mut gone = Command::new("true").spawn().expect("true");
    let dead_pid = gone.id();
    gone.wait().expect("true ends");
    write_lock(dead_pid);
    let output = redline(&["snapshot", file, "--label", "v9"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // So is one not refreshed for longer than a window would leave it.
    write_lock(std::process::id());
    let old = std::time::SystemTime::now() - redline::formats::lock::STALE_AFTER * 2;
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .and_then(|file| file.set_modified(old))
        .expect("age the lock");
    let output = redline(&["snapshot", file, "--label", "v10"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn user_works_before_or_after_the_subcommand() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    for (args, name) in [
        (
            vec!["--user", "Ann Before", "snapshot", file, "--label", "one"],
            "Ann Before",
        ),
        (
            vec!["snapshot", file, "--label", "two", "--user", "Bo After"],
            "Bo After",
        ),
    ] {
        let output = redline(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let project = redline::formats::project_file::load(&path).expect("load");
        let last = project.versions().last().expect("version");
        assert_eq!(last.author, name);
    }
    let output = redline(&[file, "show", file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("is not a subcommand; give a FILE to open in the window, or a subcommand"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_notice_lead_time_past_the_calendar_is_reported_not_a_crash() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    for args in [
        vec!["snapshot", file, "--label", "v1"],
        vec!["date", file, "--version", "v1", "--set", "2026-03-01"],
        vec!["material", file, "--version", "v1", "--whole"],
        vec![
            "notice",
            file,
            "--version",
            "v1",
            "--record",
            "2026-01-01",
            "--channel",
            "email",
        ],
    ] {
        let output = redline(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("notice_lead_days: 30", "notice_lead_days: 4294967295"),
    )
    .expect("write");
    let problem = "a lead time of 4294967295 days after the notice date January 1, 2026 runs past the last date Redline can handle; set a shorter lead time";
    let output = redline(&["notice", file, "--version", "v1"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output), format!("redline: {problem}\n"));
    let output = redline(&[
        "signoff",
        file,
        "--version",
        "v1",
        "--by",
        "M",
        "--role",
        "Counsel",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains(problem), "{}", stderr(&output));
}
