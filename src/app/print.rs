//! Print (Ctrl+P): the draft as a PDF — clean (every pending change left
//! out, through the one export path) or with its markup (insertions
//! underlined and deletions struck through in the reviewer's colour,
//! comments as numbered notes at the end) — opened in the system's PDF
//! viewer, or, when there is none, saved where the status line says.

use super::RedlineApp;
use crate::formats::export::{ExportFormat, ExportRequest, export_bytes};
use crate::formats::publish::PaperSize;
use std::path::{Path, PathBuf};

/// The folder print files go to: beside the project file, else the
/// system's temporary folder.
fn print_folder(project_file: Option<&Path>) -> PathBuf {
    project_file
        .and_then(Path::parent)
        .filter(|folder| !folder.as_os_str().is_empty())
        .map_or_else(
            || std::env::temp_dir().join("redline-print"),
            Path::to_path_buf,
        )
}

/// Opens `path` in the system's viewer for its kind; false when there is
/// no program to do it.
pub fn open_in_viewer(path: &Path) -> bool {
    let (program, arguments): (&str, Vec<&std::ffi::OsStr>) = if cfg!(target_os = "macos") {
        ("open", vec![path.as_os_str()])
    } else if cfg!(target_os = "windows") {
        ("explorer", vec![path.as_os_str()])
    } else {
        ("xdg-open", vec![path.as_os_str()])
    };
    std::process::Command::new(program)
        .args(arguments)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

impl RedlineApp {
    /// Prints the draft to a PDF and opens it (or says where it is).
    pub(super) fn print(&mut self, with_markup: bool) {
        let bytes = if with_markup {
            crate::formats::print_markup::markup_pdf(&self.project, PaperSize::of_system())
        } else {
            export_bytes(
                &self.project,
                ExportRequest {
                    format: ExportFormat::Pdf,
                    version: None,
                    history: false,
                    paper: None,
                    version_label: false,
                },
            )
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(error) => {
                self.notice(format!("cannot print: {error}"), true);
                return;
            }
        };
        let folder = print_folder(self.file.as_deref());
        let stem = super::sanitise_file_stem(&self.project.document().title);
        let name = if with_markup {
            format!("{stem}-with-markup.pdf")
        } else {
            format!("{stem}.pdf")
        };
        let path = folder.join(name);
        let written = std::fs::create_dir_all(&folder)
            .map_err(|error| error.to_string())
            .and_then(|()| {
                crate::formats::atomic::write_atomically(&path, &bytes, false)
                    .map_err(|error| error.to_string())
            });
        if let Err(error) = written {
            self.notice(format!("cannot print: {error}"), true);
            return;
        }
        self.last_print = Some(path.clone());
        if (self.open_file)(&path) {
            self.status = format!(
                "Printed to {}; opening it in the PDF viewer",
                path.display()
            );
        } else {
            self.notice(
                format!(
                    "printed to {}: no PDF viewer could be opened here, open the file yourself",
                    path.display()
                ),
                false,
            );
        }
    }

    /// The PDF the last Print wrote.
    pub fn last_print(&self) -> Option<&Path> {
        self.last_print.as_deref()
    }
}
