//! Fuzzes `redline verify`'s reading of an export and its manifest: the
//! first byte says where the export ends and the manifest begins; any bytes
//! give problems or an error, never a panic. (`tests/formats/bad_input.rs`
//! runs a smoke version on stable.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::formats::manifest::verify;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(split).min(rest.len());
    let (export, manifest) = rest.split_at(split);
    let folder = std::env::temp_dir().join(format!("redline-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&folder).is_err() {
        return;
    }
    let (export_path, manifest_path) = (folder.join("e.txt"), folder.join("e.txt.manifest.json"));
    if std::fs::write(&export_path, export).is_ok() && std::fs::write(&manifest_path, manifest).is_ok() {
        let _ = verify(&export_path, &manifest_path);
    }
});
