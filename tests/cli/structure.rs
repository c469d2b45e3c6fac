//! The formatted document through the CLI: `show --json` schema 2 (blocks,
//! marks, notes), `redline format`, and the sample's structure in Markdown.

use crate::{redline, sample_copy, stderr, stdout};
use serde_json::Value;

fn show(file: &str) -> Value {
    let output = redline(&["show", file, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("json")
}

/// The words of a block, by its char offsets.
fn words(json: &Value, block: &Value) -> String {
    let text: Vec<char> = json["text"].as_str().expect("text").chars().collect();
    let (start, end) = (
        block["start"].as_u64().expect("start") as usize,
        block["end"].as_u64().expect("end") as usize,
    );
    text[start..end].iter().collect()
}

#[test]
fn show_json_has_the_samples_structure_and_no_marks_in_the_text() {
    let folder = tempfile::tempdir().expect("temp");
    let file = sample_copy(folder.path());
    let json = show(file.to_str().expect("utf-8"));
    assert_eq!(json["schema"], 2);
    let text = json["text"].as_str().expect("text");
    assert!(text.starts_with("Kestrelmoor Software Privacy Policy\nEffective Date:"));
    for mark in ["\n# ", "\n## ", "\n- ", "**", "]("] {
        assert!(!text.contains(mark), "no {mark:?} in the words");
    }
    let blocks = json["blocks"].as_array().expect("blocks");
    assert_eq!(
        blocks.len(),
        text.split('\n').count(),
        "one block per paragraph"
    );
    assert_eq!(blocks[0]["kind"], "heading");
    assert_eq!(blocks[0]["level"], 1);
    let heading = blocks
        .iter()
        .find(|block| block["kind"] == "heading" && block["level"] == 2)
        .expect("a level-2 heading");
    assert_eq!(words(&json, heading), "Information We Collect");
    let numbered: Vec<&Value> = blocks
        .iter()
        .filter(|block| block["list"]["ordered"] == true)
        .collect();
    let labels: Vec<&str> = numbered
        .iter()
        .map(|block| block["list"]["label"].as_str().expect("label"))
        .collect();
    assert_eq!(
        labels,
        ["1.", "2.", "3."],
        "the sub-processors are numbered"
    );
    assert!(words(&json, numbered[0]).starts_with("Lanternfield Hosting, which"));
    let cells: Vec<&Value> = blocks
        .iter()
        .filter(|block| block["kind"] == "table_cell")
        .collect();
    assert_eq!(cells.len(), 12, "a 4 x 3 table");
    assert_eq!(cells[4]["table"]["row"], 1);
    assert_eq!(cells[4]["table"]["col"], 1);
    assert_eq!(words(&json, cells[4]), "Name, email address, time zone");
    let marks = json["marks"].as_array().expect("marks");
    let bold: Vec<String> = marks
        .iter()
        .filter(|mark| mark["bold"] == true)
        .map(|mark| words(&json, mark))
        .collect();
    assert!(bold.contains(&"Services".to_string()), "{bold:?}");
    let links: Vec<(&str, String)> = marks
        .iter()
        .filter_map(|mark| Some((mark["link"].as_str()?, words(&json, mark))))
        .collect();
    assert!(links.contains(&(
        "mailto:privacy@kestrelmoor.example",
        "privacy@kestrelmoor.example".to_string()
    )));
    assert_eq!(json["notes"], Value::Array(Vec::new()));
    // Every comment still sits on its quote.
    for comment in json["comments"].as_array().expect("comments") {
        assert_eq!(
            words(&json, comment),
            comment["quote"].as_str().expect("quote")
        );
    }
}

#[test]
fn format_sets_marks_and_blocks_and_suggest_makes_a_formatting_suggestion() {
    let folder = tempfile::tempdir().expect("temp");
    let file = sample_copy(folder.path());
    let file = file.to_str().expect("utf-8");
    let json = show(file);
    let text = json["text"].as_str().expect("text").to_string();
    let char_of = |needle: &str| {
        text[..text.find(needle).expect("in the text")]
            .chars()
            .count()
    };
    let start = char_of("household budgeting");
    let end = start + "household budgeting".chars().count();
    let (start, end) = (start.to_string(), end.to_string());

    let bold = redline(&["format", file, "--start", &start, "--end", &end, "--bold"]);
    assert_eq!(bold.status.code(), Some(0), "{}", stderr(&bold));
    let after = show(file);
    assert_eq!(after["text"], json["text"], "formatting changes no word");
    assert!(
        after["marks"]
            .as_array()
            .expect("marks")
            .iter()
            .any(|mark| mark["bold"] == true && words(&after, mark) == "household budgeting")
    );
    let again = redline(&["format", file, "--start", &start, "--end", &end, "--bold"]);
    assert!(
        stdout(&again).contains("nothing changed"),
        "sets, never toggles"
    );

    // A paragraph made a heading, as a suggestion: shown at once, undone by
    // rejecting it.
    let paragraph = char_of("We use personal data to:");
    let heading = redline(&[
        "format",
        file,
        "--start",
        &paragraph.to_string(),
        "--end",
        &paragraph.to_string(),
        "--heading",
        "3",
        "--suggest",
    ]);
    assert_eq!(heading.status.code(), Some(0), "{}", stderr(&heading));
    let suggested = show(file);
    let suggestion = suggested["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .find(|suggestion| suggestion["kind"] == "format")
        .expect("a formatting suggestion")
        .clone();
    assert_eq!(suggestion["formatting"], "Normal → Heading 3");
    assert_eq!(suggestion["author"], "Maren Oyelaran-Fisk");
    let id = suggestion["id"].as_str().expect("id");
    let block_at = |json: &Value| {
        json["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .find(|block| words(json, block) == "We use personal data to:")
            .expect("the paragraph")
            .clone()
    };
    assert_eq!(block_at(&suggested)["level"], 3);
    let reject = redline(&["reject", file, "--id", id]);
    assert_eq!(reject.status.code(), Some(0), "{}", stderr(&reject));
    let rejected = show(file);
    assert_eq!(
        block_at(&rejected)["kind"],
        "paragraph",
        "reject puts it back"
    );

    let link = redline(&[
        "format",
        file,
        "--start",
        &start,
        "--end",
        &end,
        "--link",
        "javascript:alert(1)",
    ]);
    assert_eq!(link.status.code(), Some(2));
    assert!(stderr(&link).contains("only http, https, mailto and in-document (#name) links"));
    let log = std::fs::read_to_string(file).expect("project");
    assert!(
        log.contains("formatted bytes"),
        "recorded in the review log"
    );
}

#[test]
fn the_markdown_export_of_the_sample_carries_its_structure() {
    let folder = tempfile::tempdir().expect("temp");
    let file = sample_copy(folder.path());
    let out = folder.path().join("policy.md");
    let export = redline(&[
        "export",
        file.to_str().expect("utf-8"),
        "--format",
        "md",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let markdown = std::fs::read_to_string(&out).expect("written");
    for expected in [
        "\n## Information We Collect\n",
        "\n### Information You Provide\n",
        "\n- Account details, such as",
        "\n1. **Lanternfield Hosting**, which",
        "| Category | Examples | Where it comes from |",
        "[privacy@kestrelmoor.example](mailto:privacy@kestrelmoor.example)",
        "(together, the \"**Services**\")",
    ] {
        assert!(
            markdown.contains(expected),
            "missing {expected:?} in\n{markdown}"
        );
    }
}
