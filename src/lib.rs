//! Redline: a native desktop editor for privacy policies under review.
//!
//! Layers, kept as strictly as crates (see `STYLE.md` in the shared docs):
//! - [`model`]: the pure review model (no egui, no I/O, no clock);
//! - [`formats`]: the project file and every import/export format;
//! - [`app`]: the eframe application;
//! - [`cli`]: the headless subcommands.

pub mod app;
pub mod cli;
pub mod formats;
pub mod model;
