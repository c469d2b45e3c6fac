//! The headless subcommands, run as a user would run them.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/readers.rs"]
mod readers;
#[path = "support/reviewers_copy.rs"]
mod reviewers_copy;

mod cli {
    pub mod rounds;
    pub mod safety;
    pub mod structure;
    pub mod trust;
}
use cli::trust;

const SAMPLE: &str = "examples/sample-policy.redline.ron";

fn redline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .env("REDLINE_USER", "Maren Oyelaran-Fisk")
        .output()
        .expect("redline runs")
}

fn sample_copy(folder: &Path) -> PathBuf {
    let path = folder.join("policy.redline.ron");
    std::fs::copy(SAMPLE, &path).expect("copy sample");
    path
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn show_summarises_the_sample() {
    let output = redline(&["show", SAMPLE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Kestrelmoor Software Privacy Policy\n"),
        "{text}"
    );
    assert!(
        text.contains("effective date:  2026-03-01 (March 1, 2026)"),
        "{text}"
    );
    assert!(
        text.contains("comments:        14 open, 2 resolved"),
        "{text}"
    );
    assert!(
        text.contains("suggestions:     14 pending, 0 accepted, 0 rejected"),
        "{text}"
    );
}

#[test]
fn show_json_has_the_documented_fields_with_char_offsets() {
    let output = redline(&["show", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid json");
    for key in [
        "title",
        "organisation",
        "effective_date",
        "text",
        "comments",
        "suggestions",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let text: Vec<char> = json["text"].as_str().expect("text").chars().collect();
    let comment = &json["comments"][0];
    for key in [
        "id", "author", "initials", "created", "start", "end", "quote", "body", "resolved",
        "orphaned", "replies",
    ] {
        assert!(comment.get(key).is_some(), "comment lacks {key}");
    }
    for key in ["author", "created", "body"] {
        assert!(
            comment["replies"][0].get(key).is_some(),
            "reply lacks {key}"
        );
    }
    let suggestion = &json["suggestions"][0];
    for key in [
        "id",
        "kind",
        "author",
        "created",
        "start",
        "end",
        "original",
        "replacement",
        "alternatives",
        "status",
        "rationale",
    ] {
        assert!(suggestion.get(key).is_some(), "suggestion lacks {key}");
    }
    // start/end count chars, and quote is exactly the text they cover.
    for item in json["comments"].as_array().expect("comments") {
        let (start, end) = (
            item["start"].as_u64().expect("start") as usize,
            item["end"].as_u64().expect("end") as usize,
        );
        let covered: String = text[start..end].iter().collect();
        assert_eq!(covered, item["quote"].as_str().expect("quote"));
    }
    let kinds: Vec<&str> = json["suggestions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["kind"].as_str().expect("kind"))
        .collect();
    for kind in ["insertion", "deletion", "replacement", "alternatives"] {
        assert!(kinds.contains(&kind), "sample lacks a {kind}");
    }
}

#[test]
fn char_offsets_count_unicode_scalars() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("u.redline.ron");
    std::fs::write(
        &path,
        "(format_version: 1, document: (title: \"t\", paragraphs: [\"Zoë 😀 naïve\"]), comments: [(id: 1, span: (start_byte: 10, end_byte: 16), author: (name: \"A\", initials: \"A\"), created: \"2026-01-01T00:00:00Z\", body: \"b\")])",
    )
    .expect("write");
    let output = redline(&["show", path.to_str().expect("utf-8"), "--json"]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["comments"][0]["start"], 6);
    assert_eq!(json["comments"][0]["end"], 11);
    assert_eq!(json["comments"][0]["quote"], "naïve");
}

#[test]
fn accept_and_reject_save_the_decision() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let output = redline(&["accept", file, "--id", "S2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "accepted 1 change\n");
    let output = redline(&["accept", file, "--id", "S11", "--alternative", "2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = redline(&["reject", file, "--all", "--author", "Tomasz Wielgosz"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value =
        serde_json::from_slice(&redline(&["show", file, "--json"]).stdout).expect("json");
    let status_of = |id: &str| {
        json["suggestions"]
            .as_array()
            .expect("list")
            .iter()
            .find(|s| s["id"] == id)
            .expect("present")["status"]
            .clone()
    };
    assert_eq!(status_of("S2"), "accepted");
    assert_eq!(status_of("S11"), "accepted");
    assert_eq!(status_of("S1"), "rejected");
    assert_eq!(status_of("S3"), "pending");
    let text = json["text"].as_str().expect("text");
    assert!(text.contains("also receive personal data from marketing partners"));
    assert!(text.contains("\nWe may combine information collected through cookies with personal data we hold about you.\n"));
    assert!(!text.contains("-OR-"));
}

#[test]
fn accept_all_by_one_reviewer() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let output = redline(&["accept", file, "--all", "--author", "Maren Oyelaran-Fisk"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "accepted 2 changes\n");
}

#[test]
fn bad_input_exits_2_with_a_message_and_leaves_the_file_alone() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let before = std::fs::read(&path).expect("read");
    let cases: &[(&[&str], &str)] = &[
        (
            &["accept", file, "--id", "S99"],
            "was not changed: there is no suggestion S99",
        ),
        (
            &["accept", file, "--id", "S11"],
            "suggestion S11 offers 2 alternatives: choose one (1 to 2)",
        ),
        (
            &["accept", file, "--id", "S2", "--id", "S99"],
            "there is no suggestion S99",
        ),
        (
            &["accept", file, "--id", "X"],
            "\"X\" is not a suggestion id (like S12)",
        ),
        (&["accept", file], "required arguments were not provided"),
        (
            &["reject", file, "--all", "--author", "Nobody"],
            "no suggestions by \"Nobody\"",
        ),
        (
            &["show", "/nonexistent.redline.ron"],
            "cannot read /nonexistent.redline.ron: No such file or directory",
        ),
    ];
    for (args, message) in cases {
        let output = redline(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "no partial decision was saved"
    );
}

#[test]
fn versions_dates_and_notices() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let ok = |args: &[&str]| {
        let output = redline(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        stdout(&output)
    };
    ok(&[
        "snapshot",
        file,
        "--label",
        "Sent to certifier",
        "--status",
        "under-review",
    ]);
    ok(&["accept", file, "--id", "S7"]);
    ok(&["date", file, "--set", "April 30, 2026"]);
    assert_eq!(ok(&["date", file]), "2026-04-30\n");
    let shown = ok(&["show", file]);
    assert!(shown.contains("effective date:  2026-04-30"), "{shown}");
    let json: Value =
        serde_json::from_slice(&redline(&["show", file, "--json"]).stdout).expect("json");
    assert!(
        json["text"]
            .as_str()
            .expect("text")
            .contains("\nEffective Date: April 30, 2026\n"),
        "the policy's line follows"
    );
    ok(&["snapshot", file]);
    ok(&[
        "material",
        file,
        "--version",
        "v2",
        "--section",
        "Data Retention",
        "--change",
        "longer retention",
    ]);
    let listed = ok(&["versions", file]);
    assert!(
        listed.contains("V1   Sent to certifier") && listed.contains("under review"),
        "{listed}"
    );
    assert!(
        listed.contains("V2   v2") && listed.contains("material"),
        "{listed}"
    );

    let output = redline(&["notice", file]);
    assert_eq!(output.status.code(), Some(1), "no notice recorded yet");
    assert!(stdout(&output).contains("- In \"Data Retention\": longer retention"));
    assert!(stderr(&output).contains(
        "v2 has material changes since the last published version but no notice to readers"
    ));

    let output = redline(&[
        "notice",
        file,
        "--record",
        "2026-04-10",
        "--channel",
        "email",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("comes only 20 days before the effective date April 30, 2026; the project requires at least 30 days"));

    let written = folder.path().join("notice.txt");
    let output = redline(&[
        "notice",
        file,
        "--record",
        "2026-03-31",
        "--channel",
        "email",
        "-o",
        written.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let notice = std::fs::read_to_string(&written).expect("notice written");
    assert!(
        notice.contains("Notice date: March 31, 2026\nChannels: email"),
        "{notice}"
    );

    ok(&["restore", file, "--version", "1"]);
    let listed = ok(&["versions", file]);
    assert!(
        listed.contains("draft before restoring Sent to certifier"),
        "{listed}"
    );
    let output = redline(&["restore", file, "--version", "v9"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no version \"v9\"; the versions are V1 (Sent to certifier)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn diff_exits_like_diff_and_writes_every_format() {
    let folder = tempfile::tempdir().expect("temp");
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path.to_str().expect("utf-8").to_owned()
    };
    // Markdown files are read as Markdown: "Data" is a heading.
    let new_text = "# Data\nWe keep données about you for a period of two years.\n";
    let old = write(
        "old.md",
        "# Data\nWe keep data about you for a period of one year.\n".as_bytes(),
    );
    let new = write("new.md", new_text.as_bytes());

    let same = redline(&["diff", &old, &old]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(stdout(&same), "", "equal files print nothing");

    let text = redline(&["diff", &old, &new]);
    assert_eq!(text.status.code(), Some(1), "{}", stderr(&text));
    assert_eq!(
        stdout(&text),
        "Data\nWe keep [-data-]{+données+} about you for a period of [-one year-]{+two years+}.\n"
    );

    let json: Value =
        serde_json::from_slice(&redline(&["diff", &old, &new, "--format", "json"]).stdout)
            .expect("json");
    let second = &json["changes"][1];
    assert_eq!(second["kind"], "replace");
    // Character offsets into the words ("Data\n…", no `# `): "données"
    // before it is 7 characters but 8 bytes.
    let words = new_text.trim_start_matches("# ");
    let start = words[..words.find("two years").expect("in text")]
        .chars()
        .count();
    assert_eq!(
        (&second["new_start"], &second["new_end"]),
        (&json!(start), &json!(start + 9))
    );
    assert_eq!(second["new_text"], "two years");

    let html = folder.path().join("report.html");
    let written = redline(&[
        "diff",
        &old,
        &new,
        "--format",
        "html",
        "-o",
        html.to_str().expect("utf-8"),
    ]);
    assert_eq!(written.status.code(), Some(1), "{}", stderr(&written));
    let report = std::fs::read_to_string(&html).expect("report written");
    assert!(report.starts_with("<!DOCTYPE html>") && report.contains("<ins>two years</ins>"));

    // A project's draft against one of its versions.
    let project = sample_copy(folder.path());
    let file = project.to_str().expect("utf-8");
    assert_eq!(
        redline(&["snapshot", file, "--label", "sent"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        redline(&["accept", file, "--id", "S7"]).status.code(),
        Some(0)
    );
    let versus_draft = redline(&["diff", &format!("{file}@sent"), file]);
    assert_eq!(
        versus_draft.status.code(),
        Some(1),
        "{}",
        stderr(&versus_draft)
    );
    assert_eq!(
        redline(&["diff", &format!("{file}@sent"), &format!("{file}@1")])
            .status
            .code(),
        Some(0)
    );

    let bad_utf8 = write("latin1.txt", b"# Data\nCaf\xe9\n");
    let cases = [
        (
            vec!["diff", &old, "/nonexistent.txt"],
            "cannot read /nonexistent.txt".to_owned(),
        ),
        (
            vec!["diff", &old, &bad_utf8],
            format!("{bad_utf8}:2:4: the file is not valid UTF-8 text"),
        ),
        (
            vec!["diff", &old, &new, "--format", "docx"],
            "give it a name with -o".to_owned(),
        ),
    ];
    let version_spec = format!("{file}@v9");
    let unknown_version = redline(&["diff", &version_spec, file]);
    assert_eq!(unknown_version.status.code(), Some(2));
    assert!(
        stderr(&unknown_version).contains("no version \"v9\""),
        "{}",
        stderr(&unknown_version)
    );
    for (args, message) in cases {
        let output = redline(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(&message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn replace_edits_or_suggests_and_says_when_nothing_matches() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let text_of = || {
        let json: Value =
            serde_json::from_slice(&redline(&["show", file, "--json"]).stdout).expect("json");
        json["text"].as_str().expect("text").to_owned()
    };
    let before = text_of();
    // Without --match-case, "hearthbook.example" matches too.
    let occurrences = before.to_ascii_lowercase().matches("hearthbook").count();

    let output = redline(&[
        "replace",
        file,
        "--find",
        "hearthbook",
        "--with",
        "HomeLedger",
        "--suggest",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("suggested {occurrences} replacements\n")
    );
    assert_eq!(text_of(), before, "suggestions leave the text alone");

    let output = redline(&[
        "replace",
        file,
        "--find",
        "HEARTHBOOK",
        "--with",
        "HomeLedger",
        "--match-case",
    ]);
    assert_eq!(output.status.code(), Some(1), "no upper-case occurrence");
    assert_eq!(
        stdout(&output),
        "\"HEARTHBOOK\" does not occur in the draft\n"
    );

    let output = redline(&[
        "replace",
        file,
        "--find",
        "Hearthbook",
        "--with",
        "HomeLedger",
        "--match-case",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(text_of(), before.replace("Hearthbook", "HomeLedger"));
}

#[test]
fn an_unknown_version_lists_the_known_ones_briefly() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    for _ in 0..9 {
        assert_eq!(redline(&["snapshot", file]).status.code(), Some(0));
    }
    let output = redline(&["diff", &format!("{file}@v99"), file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "no version \"v99\"; the versions are V1 (v1), V2 (v2), V3 (v3), …, V7 (v7), V8 (v8), V9 (v9) (9 in all; `redline versions` lists them)"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_reports_findings_with_char_offsets_and_exit_codes() {
    let output = redline(&["check", SAMPLE, "--today", "2026-02-15", "--json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "findings exit 1: {}",
        stderr(&output)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    let findings = json.as_array().expect("list");
    let text: Vec<char> = {
        let shown: Value =
            serde_json::from_slice(&redline(&["show", SAMPLE, "--json"]).stdout).expect("json");
        shown["text"].as_str().expect("text").chars().collect()
    };
    for finding in findings {
        for key in [
            "rule", "severity", "start", "end", "quote", "message", "fix",
        ] {
            assert!(finding.get(key).is_some(), "finding lacks {key}");
        }
        let (start, end) = (
            finding["start"].as_u64().expect("start") as usize,
            finding["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            finding["quote"].as_str().expect("quote")
        );
    }
    let rules: Vec<&str> = findings
        .iter()
        .map(|finding| finding["rule"].as_str().expect("rule"))
        .collect();
    assert!(
        rules.contains(&"term-consistency") && rules.contains(&"template-alternative"),
        "{rules:?}"
    );

    let folder = tempfile::tempdir().expect("temp");
    let clean = folder.path().join("clean.md");
    std::fs::write(&clean, include_str!("fixtures/clean_policy.md")).expect("write");
    // A clean policy has one finding when imported: its promise of notice
    // has no channel recorded yet (that lives in the project, not the text).
    let output = redline(&[
        "check",
        clean.to_str().expect("utf-8"),
        "--today",
        "2026-01-01",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert_eq!(report.lines().count(), 1, "{report}");
    assert!(report.contains("notice-channel-missing"), "{report}");
    let clean_project = folder.path().join("clean.redline.ron");
    let clean_project = clean_project.to_str().expect("utf-8");
    assert_eq!(
        redline(&[
            "import",
            clean.to_str().expect("utf-8"),
            "-o",
            clean_project
        ])
        .status
        .code(),
        Some(0)
    );
    let output = redline(&[
        "check",
        clean_project,
        "--today",
        "2026-01-01",
        "--dismiss",
        "1",
        "--reason",
        "notice by email, recorded at sign-off",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = redline(&["check", clean_project, "--today", "2026-01-01"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "clean once dismissed: {}",
        stdout(&output)
    );
    assert_eq!(stdout(&output), "no findings\n");
    let output = redline(&["check", "/nonexistent.redline.ron"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_can_dismiss_with_a_reason_and_suggest_fixes() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let output = redline(&[
        "check",
        file,
        "--today",
        "2026-02-15",
        "--dismiss",
        "1",
        "--reason",
        "Quoted from the partner contract",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed = stdout(&redline(&["check", file, "--today", "2026-02-15", "--all"]));
    assert!(
        listed.starts_with("1. ")
            && listed
                .lines()
                .next()
                .expect("line")
                .ends_with("(dismissed)"),
        "{listed}"
    );
    let output = redline(&["check", file, "--suggest-fixes", "--today", "2026-02-15"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "added 2 suggestions from the checks\n");
}

#[test]
fn import_and_export_round_trip_through_criticmarkup() {
    let folder = tempfile::tempdir().expect("temp");
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let review = folder.path().join("review.md");
    let output = redline(&[
        "export",
        file,
        "--format",
        "criticmarkup",
        "-o",
        review.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let back = folder.path().join("back.redline.ron");
    let output = redline(&[
        "import",
        review.to_str().expect("utf-8"),
        "-o",
        back.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "wrote {} (16 comments, 14 suggestions, 0 warnings)\n",
            back.display()
        )
    );
    let output = redline(&[
        "import",
        review.to_str().expect("utf-8"),
        "-o",
        back.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an existing project is not replaced without --force"
    );
    let commented = redline(&[
        "import",
        "tests/fixtures/text/commented.txt",
        "-o",
        folder.path().join("c.redline.ron").to_str().expect("utf-8"),
    ]);
    assert_eq!(commented.status.code(), Some(0), "{}", stderr(&commented));
    assert!(
        stderr(&commented).contains("warning:"),
        "commented-text warnings go to stderr"
    );
}

#[test]
fn verify_catches_a_one_byte_change_in_every_export_format() {
    let folder = tempfile::tempdir().expect("temp");
    let config = folder.path().join("config");
    let redline = |args: &[&str]| trust::redline_in(&config, args);
    let path = sample_copy(folder.path());
    let file = path.to_str().expect("utf-8");
    let output = redline(&[
        "signoff",
        file,
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
        "--sign",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for format in ["html", "md", "txt", "pdf", "docx"] {
        let export = folder.path().join(format!("policy.{format}"));
        let export_name = export.to_str().expect("utf-8");
        let output = redline(&[
            "export",
            &format!("{file}@latest"),
            "--format",
            format,
            "-o",
            export_name,
            "--history",
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert!(
            stdout(&output).contains(".manifest.json"),
            "{format}: a manifest is written"
        );
        let output = redline(&["verify", export_name]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: intact and signed by your own key: {}",
            stderr(&output)
        );
        let mut bytes = std::fs::read(&export).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        std::fs::write(&export, bytes).expect("write");
        let output = redline(&["verify", export_name]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: one changed byte is caught"
        );
        assert!(
            stderr(&output).contains("is not the file that was signed off"),
            "{format}: {}",
            stderr(&output)
        );
    }
}
