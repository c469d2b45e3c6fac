//! Every Word fixture imports, and what each import says it did not keep is
//! exactly the committed list (`tests/fixtures/docx/expected-warnings.json`).

use super::*;

#[test]
fn every_fixture_imports_with_its_committed_warnings() {
    let folder = Path::new("tests/fixtures/docx");
    let expected: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(
        &std::fs::read_to_string(folder.join("expected-warnings.json")).expect("expected"),
    )
    .expect("json");
    let mut fixtures: Vec<String> = std::fs::read_dir(folder)
        .expect("folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".docx"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 4, "{fixtures:?}");
    let listed: Vec<&String> = expected.keys().collect();
    assert_eq!(
        listed,
        fixtures.iter().collect::<Vec<_>>(),
        "every fixture has its list of expected warnings"
    );
    for name in &fixtures {
        let path = folder.join(name);
        let imported = import(&std::fs::read(&path).expect("read"), &path)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(!imported.parts.document.text().is_empty(), "{name}");
        Project::from_parts(imported.parts).expect("a valid project");
        assert_eq!(&imported.warnings, &expected[name], "{name}");
    }
}
