//! The layers stay apart: nothing under `src/model` or `src/formats` names
//! the GUI toolkit, so the model and the formats build and test without it.

use std::path::Path;

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn model_and_formats_never_name_egui_or_eframe() {
    let mut files = Vec::new();
    for layer in ["src/model", "src/formats"] {
        rust_files(Path::new(layer), &mut files);
    }
    assert!(files.len() > 20, "the layers were found: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        // Prose may mention the toolkit ("no egui here"); code may not use it.
        for usage in ["egui::", "eframe::", "use egui", "use eframe", "egui_"] {
            assert!(!text.contains(usage), "{} uses {usage}", file.display());
        }
    }
}
