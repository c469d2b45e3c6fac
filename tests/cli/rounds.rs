//! Review rounds through the CLI (issue 15): `send`, a reviewer's copy
//! changed as a reviewer would change it, `merge`, and the thread commands
//! `comment`, `reply`, `resolve`, `reopen` and `internal`.

use crate::reviewers_copy::reviewers_copy;
use crate::{redline, sample_copy, stderr, stdout};
use redline::formats::docx;
use redline::formats::docx_round::{ROUND_PROPERTY, read_properties};
use redline::formats::project_file;
use redline::model::{Actor, Person};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

const REVIEWER: &str = "Ingrid Solberg";

fn reviewer() -> Actor {
    Actor {
        user: Person::new(REVIEWER, "IS"),
        now: chrono::Utc::now(),
    }
}

fn show(file: &Path) -> Value {
    let output = redline(&["show", path(file), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("json")
}

fn path(file: &Path) -> &str {
    file.to_str().expect("utf-8 path")
}

/// Runs redline and insists on exit 0; returns stdout.
fn ok(args: &[&str]) -> String {
    let output = redline(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// Items of the project JSON by `author`.
fn by<'a>(json: &'a Value, list: &str, author: &str) -> Vec<&'a Value> {
    json[list]
        .as_array()
        .expect("list")
        .iter()
        .filter(|item| item["author"] == author)
        .collect()
}

/// Asserts the project has exactly the reviewer's three items.
fn assert_reviewers_items(json: &Value) {
    let comments = by(json, "comments", REVIEWER);
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["body"], "Is \"household\" defined?");
    assert_eq!(comments[0]["quote"], "household budgeting");
    let suggestions = by(json, "suggestions", REVIEWER);
    assert_eq!(suggestions.len(), 2, "{suggestions:#?}");
    let insertion = suggestions
        .iter()
        .find(|s| s["kind"] == "insertion")
        .expect("the tracked insertion");
    assert_eq!(insertion["replacement"], "weekly ");
    assert_eq!(insertion["incoming"]["untracked"], false);
    let replacement = suggestions
        .iter()
        .find(|s| s["kind"] == "replacement")
        .expect("the untracked replacement");
    assert_eq!(replacement["original"], "Approximate");
    assert_eq!(replacement["replacement"], "Coarse");
    assert_eq!(replacement["incoming"]["untracked"], true);
    assert_eq!(replacement["incoming"]["author_inferred"], false);
}

fn send_docx(folder: &Path) -> (PathBuf, PathBuf) {
    let project = sample_copy(folder);
    let sent = folder.join("sent.docx");
    let out = ok(&["send", path(&project), "--to", REVIEWER, "-o", path(&sent)]);
    assert!(
        out.starts_with("sent V1 \"v1\" to Ingrid Solberg (round r"),
        "{out}"
    );
    (project, sent)
}

#[test]
fn a_docx_copy_changed_by_the_reviewer_brings_exactly_their_items() {
    let folder = tempfile::tempdir().expect("temp");
    let (project, sent) = send_docx(folder.path());
    let before = show(&project);
    let changed = folder.path().join("back from Ingrid.docx");
    reviewers_copy(&sent, &changed, &reviewer());
    let report = ok(&["merge", path(&project), path(&changed), "--json"]);
    let report: Value = serde_json::from_str(&report).expect("json report");
    assert_eq!(report["reviewer"], REVIEWER);
    assert_eq!(report["changed"], true);
    let counts = &report["counts"];
    assert_eq!(
        (
            &counts["comments"],
            &counts["suggestions"],
            &counts["untracked"],
            &counts["formatting"],
            &counts["verdicts"]
        ),
        (&1.into(), &1.into(), &1.into(), &0.into(), &0.into()),
        "{report:#}"
    );
    let after = show(&project);
    assert_reviewers_items(&after);
    assert_eq!(
        after["comments"].as_array().map(Vec::len),
        before["comments"].as_array().map(|list| list.len() + 1)
    );
    assert_eq!(
        after["suggestions"].as_array().map(Vec::len),
        before["suggestions"].as_array().map(|list| list.len() + 2)
    );
    assert_eq!(
        after["text"], before["text"],
        "nothing applied to the draft"
    );
    // The same copy again adds nothing and leaves the file alone.
    let again = ok(&["merge", path(&project), path(&changed)]);
    assert!(
        again.contains("came in: 0 comments, 0 replies, 0 tracked changes, 0 untracked edits"),
        "{again}"
    );
    assert!(
        again.contains("already brought in before: 3 items"),
        "{again}"
    );
    assert!(
        again.ends_with("nothing changed in the project\n"),
        "{again}"
    );
    let versions = ok(&["versions", path(&project)]);
    assert!(
        versions.contains("Ingrid Solberg (merged)\n    sent V1 \"v1\" as docx-redline on "),
        "{versions}"
    );
    assert!(
        versions.contains("against V1 \"v1\": 1 comment, 1 tracked change, 1 untracked edit"),
        "{versions}"
    );
}

/// Converts `input` to .docx in `out` with LibreOffice, its own profile.
fn libreoffice_docx(input: &Path, out: &Path, profile: &Path) -> PathBuf {
    std::fs::create_dir_all(out).expect("out folder");
    let status = Process::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(out)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    out.join(input.file_name().expect("a file name"))
}

#[test]
fn the_round_mark_survives_libreoffice_and_a_resaved_copy_merges_once() {
    if !crate::readers::require_reader("soffice") {
        return;
    }
    let folder = tempfile::tempdir().expect("temp");
    let (project, sent) = send_docx(folder.path());
    let round = read_properties(&std::fs::read(&sent).expect("sent"), &sent)
        .expect("properties")
        .custom(ROUND_PROPERTY)
        .map(str::to_string)
        .expect("the sent copy is marked");
    let changed = folder.path().join("changed.docx");
    reviewers_copy(&sent, &changed, &reviewer());
    let resaved = libreoffice_docx(
        &changed,
        &folder.path().join("libreoffice"),
        &folder.path().join("profile"),
    );
    let properties =
        read_properties(&std::fs::read(&resaved).expect("resaved"), &resaved).expect("properties");
    assert_eq!(properties.custom(ROUND_PROPERTY), Some(round.as_str()));
    // The copy re-saved by LibreOffice first, then the same copy as the
    // reviewer's Word wrote it: the second adds nothing.
    let first: Value =
        serde_json::from_str(&ok(&["merge", path(&project), path(&resaved), "--json"]))
            .expect("json");
    assert_eq!(first["round"], round.as_str(), "recognised by its mark");
    assert_reviewers_items(&show(&project));
    let second: Value =
        serde_json::from_str(&ok(&["merge", path(&project), path(&changed), "--json"]))
            .expect("json");
    assert_eq!(second["counts"]["comments"], 0, "{second:#}");
    assert_eq!(second["counts"]["suggestions"], 0, "{second:#}");
    assert_eq!(second["counts"]["untracked"], 0, "{second:#}");
    assert_reviewers_items(&show(&project));
}

#[test]
fn a_criticmarkup_copy_comes_back_with_its_mark() {
    let folder = tempfile::tempdir().expect("temp");
    let project = sample_copy(folder.path());
    let sent = folder.path().join("copy.md");
    ok(&[
        "send",
        path(&project),
        "--to",
        REVIEWER,
        "--format",
        "criticmarkup",
        "-o",
        path(&sent),
    ]);
    let text = std::fs::read_to_string(&sent).expect("sent");
    assert!(
        text.contains("\n<!-- redline-round: r"),
        "the mark is a comment line"
    );
    let changed = text
        .replacen("Approximate location", "Coarse location", 1)
        .replacen(
            "household budgeting",
            "{==household budgeting==}{>>@Ingrid Solberg: Is \"household\" defined?<<}",
            1,
        )
        .replacen(
            "meal-planning service",
            // A mark without an author, as a reviewer would type it: the
            // reviewer's.
            "{++weekly ++}meal-planning service",
            1,
        );
    let renamed = folder.path().join("returned.md");
    std::fs::write(&renamed, changed).expect("write");
    ok(&["merge", path(&project), path(&renamed)]);
    assert_reviewers_items(&show(&project));
}

#[test]
fn a_commented_text_copy_comes_back_against_its_round() {
    let folder = tempfile::tempdir().expect("temp");
    let (project, _) = send_docx(folder.path());
    let round = project_file::load(&project).expect("loads").rounds()[0]
        .id
        .to_string();
    // The reviewer pasted the text into a word processor, commented with
    // [IS1] markers and typed one change.
    let text = project_file::load(&project)
        .expect("loads")
        .text()
        .replacen("Approximate location", "Coarse location", 1)
        .replacen("household budgeting", "household budgeting[IS1]", 1);
    let copy = folder.path().join("pasted.txt");
    std::fs::write(
        &copy,
        format!("{text}\n\nComments\n [IS1]Is \"household\" defined?\n"),
    )
    .expect("write");
    let out = ok(&["merge", path(&project), path(&copy), "--round", &round]);
    assert!(out.contains("formatting was not compared"), "{out}");
    let json = show(&project);
    let comments = by(&json, "comments", REVIEWER);
    assert_eq!(comments.len(), 1, "{out}");
    assert_eq!(comments[0]["body"], "Is \"household\" defined?");
    let suggestions = by(&json, "suggestions", REVIEWER);
    assert_eq!(suggestions.len(), 1, "{out}");
    assert_eq!(suggestions[0]["original"], "Approximate");
    assert_eq!(suggestions[0]["replacement"], "Coarse");
}

#[test]
fn a_copy_with_no_round_and_no_name_is_refused_until_the_reviewer_is_named() {
    let folder = tempfile::tempdir().expect("temp");
    let project = sample_copy(folder.path());
    ok(&["snapshot", path(&project)]);
    let export = folder.path().join("plain.md");
    ok(&[
        "export",
        path(&project),
        "--format",
        "criticmarkup",
        "-o",
        path(&export),
    ]);
    let text = std::fs::read_to_string(&export).expect("export");
    std::fs::write(
        &export,
        text.replacen("Approximate location", "Coarse location", 1),
    )
    .expect("write");
    let output = redline(&["merge", path(&project), path(&export)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "redline: say who reviewed {} with --reviewer NAME: it carries no round of this project and its file names no author\n",
            export.display()
        )
    );
    let out = ok(&[
        "merge",
        path(&project),
        path(&export),
        "--reviewer",
        REVIEWER,
    ]);
    assert!(
        out.contains("base: V1 \"v1\" — V1 \"v1\" is the version most like the copy: 99% of their paragraphs alike (the only version)"),
        "{out}"
    );
    assert!(
        out.contains("round r")
            && out.contains(", new: the copy belongs to no round of this project)"),
        "{out}"
    );
    let json = show(&project);
    let untracked = by(&json, "suggestions", REVIEWER);
    assert_eq!(untracked.len(), 1);
    assert_eq!(untracked[0]["replacement"], "Coarse");
}

#[test]
fn threads_from_the_command_line_each_one_logged_step() {
    let folder = tempfile::tempdir().expect("temp");
    let project = sample_copy(folder.path());
    let json = show(&project);
    let text: Vec<char> = json["text"].as_str().expect("text").chars().collect();
    let words = "Kestrelmoor Software Privacy Policy";
    let start = 0;
    let end = words.chars().count();
    assert_eq!(text[start..end].iter().collect::<String>(), words);
    let out = ok(&[
        "comment",
        path(&project),
        "--start",
        &start.to_string(),
        "--end",
        &end.to_string(),
        "--body",
        "Use the legal name?",
    ]);
    let id = out
        .trim()
        .strip_prefix("comment ")
        .and_then(|rest| rest.strip_suffix(" added"))
        .expect("comment Cn added")
        .to_string();
    assert_eq!(
        ok(&["reply", path(&project), "--id", &id, "--body", "Yes."]),
        format!("replied to {id}\n")
    );
    assert_eq!(
        ok(&["resolve", path(&project), "--id", &id]),
        format!("comment {id} resolved\n")
    );
    assert_eq!(
        ok(&["resolve", path(&project), "--id", &id]),
        "nothing to change: the thread is already so\n"
    );
    assert_eq!(
        ok(&["reopen", path(&project), "--id", &id]),
        format!("comment {id} reopened\n")
    );
    assert_eq!(
        ok(&["internal", path(&project), "--id", &id]),
        format!("comment {id} marked internal\n")
    );
    let json = show(&project);
    let thread = json["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .find(|comment| comment["id"] == id.as_str())
        .expect("the thread");
    assert_eq!(thread["quote"], words);
    assert_eq!(thread["author"], "Maren Oyelaran-Fisk");
    assert_eq!(thread["replies"][0]["body"], "Yes.");
    assert_eq!(thread["resolved"], false);
    assert_eq!(thread["internal"], true);
    let log: Vec<String> = project_file::load(&project)
        .expect("loads")
        .log()
        .iter()
        .map(|entry| entry.event.clone())
        .collect();
    let tail: Vec<&str> = log[log.len() - 5..].iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            format!("commented {id}").as_str(),
            format!("replied to {id}").as_str(),
            format!("resolved {id}").as_str(),
            format!("reopened {id}").as_str(),
            format!("{id} marked internal").as_str(),
        ]
    );
    // An internal thread never leaves, whatever is included.
    let sent = folder.path().join("sent.docx");
    let preview = ok(&[
        "send",
        path(&project),
        "--to",
        REVIEWER,
        "--include",
        "other-reviewers,review-log",
        "--preview",
    ]);
    assert!(
        preview.contains("stays home: 1 internal thread (internal threads never leave)"),
        "{preview}"
    );
    assert!(!sent.exists(), "a preview writes nothing");
    ok(&[
        "send",
        path(&project),
        "--to",
        REVIEWER,
        "--include",
        "other-reviewers",
        "-o",
        path(&sent),
    ]);
    let copy = docx::import(&std::fs::read(&sent).expect("sent"), &sent).expect("imports");
    assert!(
        copy.parts
            .comments
            .iter()
            .all(|comment| comment.body != "Use the legal name?")
    );
    assert_eq!(
        copy.parts.comments.len(),
        json["comments"].as_array().map_or(0, |list| list.len() - 1)
    );
    let bad = redline(&["reply", path(&project), "--id", "C999", "--body", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad),
        format!(
            "redline: {} was not changed: there is no comment C999\n",
            project.display()
        )
    );
}

#[test]
fn the_next_copy_carries_a_response_report() {
    let folder = tempfile::tempdir().expect("temp");
    let (project, sent) = send_docx(folder.path());
    let changed = folder.path().join("changed.docx");
    reviewers_copy(&sent, &changed, &reviewer());
    let refused = redline(&[
        "send",
        path(&project),
        "--to",
        "Someone Else",
        "--responses",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused),
        "redline: no copy from Someone Else has come back yet, so there is nothing to answer: send without --responses\n"
    );
    ok(&["merge", path(&project), path(&changed)]);
    let json = show(&project);
    let comment = by(&json, "comments", REVIEWER)[0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    ok(&[
        "reply",
        path(&project),
        "--id",
        &comment,
        "--body",
        "It is, in section 1.",
    ]);
    ok(&["resolve", path(&project), "--id", &comment]);
    let next = folder.path().join("next.docx");
    let out = ok(&[
        "send",
        path(&project),
        "--to",
        REVIEWER,
        "--responses",
        "-o",
        path(&next),
    ]);
    assert!(
        out.contains("goes: a response report answering 1 comment of round r"),
        "{out}"
    );
    let html = std::fs::read_to_string(folder.path().join("next.responses.html")).expect("html");
    assert!(
        html.contains("<h1>Responses to Ingrid Solberg&#39;s comments</h1>"),
        "{html}"
    );
    assert!(html.contains("<p><strong>Ingrid Solberg:</strong> Is &quot;household&quot; defined?</p><p><strong>Maren Oyelaran-Fisk:</strong> It is, in section 1.</p>"), "{html}");
    assert!(
        html.contains("<td>household budgeting</td><td>yes</td>"),
        "{html}"
    );
    let report = docx::import(
        &std::fs::read(folder.path().join("next.responses.docx")).expect("docx"),
        Path::new("next.responses.docx"),
    )
    .expect("the Word report imports");
    assert!(
        report
            .parts
            .document
            .content
            .text
            .contains("It is, in section 1.")
    );
    // The same table as a PDF, read back by pdftotext.
    let pdf = folder.path().join("next.responses.pdf");
    assert!(pdf.exists());
    if crate::readers::require_reader("pdftotext") {
        let text = Process::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Responses to Ingrid Solberg"), "{text}");
        assert!(text.contains("It is, in section 1."), "{text}");
    }
    assert!(
        out.starts_with("sent V1 \"v1\" to Ingrid Solberg"),
        "the draft's words did not change, so the version sent is the same: {out}"
    );
}
