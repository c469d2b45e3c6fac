//! Fuzz smoke: random bytes, and valid packages with random damage, never
//! make the importer panic. (The cargo-fuzz target `fuzz/fuzz_targets/docx.rs`
//! does the same for as long as one likes.)

use super::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn valid_docx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| export_redline(&super::round_trip::edge_case_project()).expect("export"))
}

/// The parts of the edge-case package, decompressed.
fn parts() -> &'static [(String, Vec<u8>)] {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(valid_docx())).expect("zip");
        let mut parts = Vec::new();
        for index in 0..archive.len() {
            let mut file = archive.by_index(index).expect("entry");
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut content).expect("read");
            parts.push((file.name().expect("name").to_string(), content));
        }
        parts
    })
}

/// The package with the XML of one part damaged (then zipped properly, so
/// the damage reaches the XML reader instead of failing the CRC check).
fn with_damaged_part(part: usize, edits: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    let parts = parts();
    let part = part % parts.len();
    let damaged: Vec<(String, Vec<u8>)> = parts
        .iter()
        .enumerate()
        .map(|(index, (name, content))| {
            let content = if index == part {
                corrupt(content, edits, cut)
            } else {
                content.clone()
            };
            (name.clone(), content)
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = damaged
        .iter()
        .map(|(name, content)| (name.as_str(), content.as_slice()))
        .collect();
    zip_of(&entries)
}

fn corrupt(base: &[u8], edits: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for &(at, value) in edits {
        let at = at % bytes.len();
        bytes[at] = value;
    }
    if let Some(cut) = cut {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    bytes
}

proptest! {
    // PROPTEST_CASES=100000 makes this a longer fuzz run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = import(&bytes, origin());
        let mut with_magic = b"PK\x03\x04".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = import(&with_magic, origin());
    }

    #[test]
    fn damaged_packages_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16),
        cut in proptest::option::of(any::<usize>()),
    ) {
        let bytes = corrupt(valid_docx(), &edits, cut);
        if let Ok(imported) = import(&bytes, origin()) {
            prop_assert!(Project::from_parts(imported.parts).is_ok());
        }
    }

    #[test]
    fn damaged_xml_never_panics(
        part in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<usize>()),
    ) {
        let bytes = with_damaged_part(part, &edits, cut);
        if let Ok(imported) = import(&bytes, origin()) {
            // Whatever is read is a valid project.
            prop_assert!(Project::from_parts(imported.parts).is_ok());
        }
    }
}

#[test]
fn the_rezipped_package_imports() {
    let imported = import(&with_damaged_part(0, &[], None), origin()).expect("import");
    assert_eq!(
        imported.parts.document.text(),
        super::round_trip::edge_case_project().text()
    );
}
