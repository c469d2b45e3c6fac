//! export_redline then import gives the same review.

use super::*;
use redline::formats::sample::sample_project;

#[test]
fn sample_project_round_trips() {
    let project = sample_project().expect("sample");
    let imported = round_trip(&project);
    assert_same_review(&expected_parts(&project), &imported);
    assert_eq!(imported.document.title, project.document().title);
    assert_eq!(imported.document.organisation, project.document().organisation);
    assert_eq!(imported.document.effective_date, project.document().effective_date);
}

#[test]
fn generated_projects_round_trip() {
    for seed in [7, 8, 9] {
        let project = generate(FixtureSize::Realistic, seed);
        let imported = round_trip(&project);
        assert_same_review(&expected_parts(&project), &imported);
    }
}
