//! `redline verify`: is this export exactly what was signed off, is this
//! project's sign-off chain intact, and who vouches for it?
//!
//! Exit codes (each case tested in `tests/cli/trust.rs`):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | intact, and signed by a key you trust |
//! | 1 | changed: the file, its manifest, the chain or a signed-off version |
//! | 2 | bad input: a file that cannot be read or is not a manifest/project |
//! | 3 | intact but unsigned ("integrity only, not authenticated"), or signed by a key you do not trust |
//!
//! Authentication: a record's hash covers the record before it, so a trusted
//! signature on a record vouches for every record up to it. An export also
//! needs a trusted signature on its manifest, which binds the export's hash
//! to the record; without it anyone who changes the file can recompute the
//! hash in the manifest.

use super::print_out;
use crate::formats::trusted_keys::TrustList;
use crate::formats::{manifest, project_file, signing_key, trusted_keys};
use crate::model::signoff::{authenticating_record, key_fingerprint};
use crate::model::{Project, SignOffPurpose, SignOffRecord};
use anyhow::bail;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code: changed.
const CHANGED: u8 = 1;
/// Exit code: intact but not authenticated.
const NOT_AUTHENTICATED: u8 = 3;

/// Arguments of `redline verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// An exported file (checked against its manifest), or a project file
    /// (`*.ron`: its own sign-off chain).
    pub file: PathBuf,
    /// The export's manifest (default: FILE.manifest.json).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// The project the export came from: also check that the export's
    /// sign-off record is still in the project's chain.
    #[arg(long)]
    pub project: Option<PathBuf>,
}

/// Runs `redline verify`.
pub fn run(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let is_project = args.file.to_string_lossy().ends_with(".ron") && args.manifest.is_none();
    if is_project && args.project.is_some() {
        bail!(
            "{} is a project; --project is for checking an export against the project it came from",
            args.file.display()
        );
    }
    let trust = load_trust()?;
    if is_project {
        verify_project(&args.file, &trust)
    } else {
        verify_export(args, &trust)
    }
}

/// Prints a warning on stderr for each problem of a project's sign-offs, as
/// every subcommand that opens a project does.
pub fn warn_if_chain_broken(path: &Path, project: &Project) {
    let problems = project.signoff_problems();
    if problems.is_empty() {
        return;
    }
    eprintln!(
        "redline: warning: {}: the sign-off chain is broken (`redline verify {}` reports it in full):",
        path.display(),
        path.display()
    );
    for problem in problems {
        eprintln!("redline: warning:   {problem}");
    }
}

/// The trusted keys; an empty list when no config folder is known.
fn load_trust() -> anyhow::Result<TrustList> {
    match signing_key::config_folder() {
        Some(folder) => Ok(trusted_keys::load(&folder)?),
        None => Ok(TrustList::default()),
    }
}

fn verify_project(path: &Path, trust: &TrustList) -> anyhow::Result<ExitCode> {
    let project = project_file::load(path)?;
    let records = project.signoffs();
    let mut out = String::new();
    for record in records {
        out.push_str(&describe_record(record, trust));
    }
    let problems = project.signoff_problems();
    if !problems.is_empty() {
        print_out(&out)?;
        return Ok(changed(&problems));
    }
    let Some(last) = records.len().checked_sub(1) else {
        print_out(&format!(
            "{} has no sign-off records: nothing is signed off, so nothing is authenticated\n",
            path.display()
        ))?;
        return Ok(ExitCode::from(NOT_AUTHENTICATED));
    };
    out.push_str(&format!(
        "{} is intact: {} sign-off record(s), the chain unbroken, each signed-off version as it was signed off\n",
        path.display(),
        records.len()
    ));
    let (verdict, authenticated) = authentication(records, last, trust);
    out.push_str(&verdict);
    print_out(&out)?;
    Ok(if authenticated {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_AUTHENTICATED)
    })
}

fn verify_export(args: &VerifyArgs, trust: &TrustList) -> anyhow::Result<ExitCode> {
    let manifest_path = args
        .manifest
        .clone()
        .unwrap_or_else(|| manifest::manifest_path(&args.file));
    let check = manifest::verify(&args.file, &manifest_path)?;
    let manifest = check.manifest;
    let mut problems = check.problems;
    let index = manifest.chain.len().saturating_sub(1);
    let mut chain = manifest.chain.clone();
    if let Some(project_path) = &args.project {
        let project = project_file::load(project_path)?;
        problems.extend(
            project
                .signoff_problems()
                .into_iter()
                .map(|problem| format!("{}: {problem}", project_path.display())),
        );
        problems.extend(chain_difference(
            &manifest.chain,
            project.signoffs(),
            project_path,
        ));
        if project.signoffs().len() > chain.len() {
            chain = project.signoffs().to_vec();
        }
    }
    let mut out = format!(
        "{}: {} export of {}\n",
        args.file.display(),
        manifest.format,
        manifest.version
    );
    out.push_str(&describe_record(&manifest.signoff, trust));
    out.push_str(&match &manifest.export_signature {
        Some(signature) => format!(
            "  manifest signed by {}\n",
            key_in_words(&signature.public_key, trust)
        ),
        None => "  manifest not signed\n".to_string(),
    });
    if !problems.is_empty() {
        print_out(&out)?;
        return Ok(changed(&problems));
    }
    out.push_str(&format!(
        "{} is intact: it is the file exported from {}, and its sign-off chain is unbroken{}\n",
        args.file.display(),
        manifest.version,
        if args.project.is_some() {
            " and still in the project's"
        } else {
            ""
        }
    ));
    let (verdict, record_authenticated) = authentication(&chain, index, trust);
    out.push_str(&verdict);
    if manifest.signoff.purpose == Some(SignOffPurpose::InternalApproval) {
        out.push_str(&format!(
            "note: {} was signed off for internal approval, not for publication\n",
            manifest.version
        ));
    }
    let export_authenticated = match &manifest.export_signature {
        Some(signature) if trust.trust(&signature.public_key).is_some() => {
            out.push_str(&format!(
                "authenticated: the export's hash is vouched for by {}\n",
                key_in_words(&signature.public_key, trust)
            ));
            true
        }
        Some(signature) => {
            out.push_str(&format!(
                "not authenticated: the manifest is signed by key {}, which you do not trust (if it is genuine: redline trust add {} --name NAME)\n",
                fingerprint(&signature.public_key),
                signature.public_key
            ));
            false
        }
        None => {
            out.push_str(
                "integrity only, not authenticated: the manifest is not signed, so whoever changed the file could have recomputed its hash\n",
            );
            false
        }
    };
    print_out(&out)?;
    Ok(if record_authenticated && export_authenticated {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_AUTHENTICATED)
    })
}

/// Reports problems on stderr; exit code 1.
fn changed(problems: &[String]) -> ExitCode {
    for problem in problems {
        eprintln!("redline: {problem}");
    }
    ExitCode::from(CHANGED)
}

/// Where the export's chain and the project's part: each of the export's
/// records must be the project's record at the same place.
fn chain_difference(
    exported: &[SignOffRecord],
    project: &[SignOffRecord],
    project_path: &Path,
) -> Option<String> {
    let last = exported.last()?;
    if project.len() < exported.len() {
        return Some(format!(
            "the export's sign-off record (number {}, {}) is not in {}'s chain, which has {} record(s): the chain was cut short",
            last.sequence,
            last.version_label,
            project_path.display(),
            project.len()
        ));
    }
    exported
        .iter()
        .zip(project)
        .position(|(ours, theirs)| ours != theirs)
        .map(|index| {
            format!(
                "{} differs between the export's chain and {}'s: one of them was rewritten",
                exported[index].name(),
                project_path.display()
            )
        })
}

/// Which records the trusted signatures cover, up to `index`; true when
/// record `index` (and so every record before it) is authenticated.
fn authentication(records: &[SignOffRecord], index: usize, trust: &TrustList) -> (String, bool) {
    let is_trusted = |key: &str| trust.trust(key).is_some();
    if let Some(by) = authenticating_record(records, index, is_trusted) {
        let signer = records[by].signer_key().unwrap_or_default();
        let covers = if by == index {
            String::new()
        } else {
            format!(" through record {}'s signature", records[by].sequence)
        };
        return (
            format!(
                "authenticated: {}{covers} is signed by {}, which covers every record before it\n",
                records[index].name(),
                key_in_words(signer, trust)
            ),
            true,
        );
    }
    let record = &records[index];
    let mut verdict = match record.signer_key() {
        Some(key) => format!(
            "not authenticated: {} is signed by key {}, which you do not trust (if it is genuine: redline trust add {key} --name NAME)\n",
            record.name(),
            fingerprint(key)
        ),
        None => format!(
            "integrity only, not authenticated: {} is not signed, so anyone could have rewritten the chain up to it\n",
            record.name()
        ),
    };
    if let Some(earlier) = records[..index]
        .iter()
        .rposition(|record| record.signer_key().is_some_and(is_trusted))
    {
        verdict.push_str(&format!(
            "records 1 to {} are authenticated by the trusted signature on {}\n",
            earlier + 1,
            records[earlier].name()
        ));
    }
    (verdict, false)
}

/// One record, as `verify` lists it.
fn describe_record(record: &SignOffRecord, trust: &TrustList) -> String {
    let purpose = match record.purpose {
        Some(purpose) => format!("for {}", purpose.name()),
        None => "purpose not recorded".to_string(),
    };
    let mut out = format!(
        "{}: signed off as {} on {}, {purpose} (record format {})\n",
        record.name(),
        record.role,
        record.at.format("%Y-%m-%d %H:%M UTC"),
        record.format
    );
    if record.format == 1 {
        out.push_str(
            "  format 1 fixes the text only, not its structure, effective date or review log\n",
        );
    }
    for item in &record.overrides {
        out.push_str(&format!(
            "  overridden: {}: {}{}\n",
            item.blocker,
            item.description,
            if item.reason.is_empty() {
                " (no reason recorded)".to_string()
            } else {
                format!(" (reason: {})", item.reason)
            }
        ));
    }
    out.push_str(&match record.signer_key() {
        Some(key) => format!("  signed by {}\n", key_in_words(key, trust)),
        None => "  not signed\n".to_string(),
    });
    out
}

/// A key's fingerprint, or "(not a valid key)".
fn fingerprint(key: &str) -> String {
    key_fingerprint(key).unwrap_or_else(|| "(not a valid key)".to_string())
}

/// "key 3f2a:9c10:… (trusted: Maren)" or "key 3f2a:9c10:… (not trusted)".
fn key_in_words(key: &str, trust: &TrustList) -> String {
    let fingerprint = fingerprint(key);
    match trust.trust(key) {
        Some("") => format!("key {fingerprint} (trusted)"),
        Some(name) => format!("key {fingerprint} (trusted: {name})"),
        None => format!("key {fingerprint} (not trusted)"),
    }
}
