//! Integration tests of the project file and the bundled sample.

mod formats {
    pub mod bad_input;
    pub mod hostile;
    pub mod markdown;
    pub mod migration;
    pub mod project_file;
    pub mod rounds;
    pub mod saving;
    pub mod signoff_files;
}
