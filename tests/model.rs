//! Integration tests of the review model: review semantics written as small
//! documents, and property tests of the anchor and accept/reject invariants.

mod model {
    pub mod checks;
    pub mod findings;
    pub mod footnotes;
    pub mod layering;
    pub mod properties;
    pub mod replace;
    pub mod review;
    pub mod rounds;
    pub mod signoff;
    pub mod support;
    pub mod table_edits;
    pub mod typing_hooks;
    pub mod versions;
}
