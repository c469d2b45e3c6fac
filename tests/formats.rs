//! Integration tests of the project file and the bundled sample.

mod formats {
    pub mod markdown;
    pub mod migration;
    pub mod project_file;
    pub mod signoff_files;
}
