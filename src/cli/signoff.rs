//! `redline signoff` and `redline verify`: approve a version for the record,
//! and later prove an export is exactly what was approved.

use super::identity::current_actor;
use super::versions::find_version;
use super::{load_project, print_out, save_project};
use crate::formats::{manifest, signing_key};
use crate::model::signoff::SignOffRequest;
use crate::model::{Command, VersionStatus};
use anyhow::{Context, anyhow};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline signoff`.
#[derive(Debug, clap::Args)]
pub struct SignOffArgs {
    /// The project file.
    pub file: PathBuf,
    /// The version: a label, a number, `latest`, or `draft` to snapshot the
    /// draft and sign that.
    #[arg(long)]
    pub version: String,
    /// The signer's name.
    #[arg(long)]
    pub by: String,
    /// The signer's role, e.g. "General Counsel".
    #[arg(long)]
    pub role: String,
    /// Override a blocker (its key such as S3 or C5, a category such as
    /// open-comments, or `all`); recorded in the sign-off. Repeat for several.
    #[arg(long = "override", value_name = "BLOCKER")]
    pub overrides: Vec<String>,
    /// Also sign the record with your Ed25519 key (made on first use in the
    /// config folder; $REDLINE_CONFIG_DIR overrides the folder).
    #[arg(long)]
    pub sign: bool,
}

/// Arguments of `redline verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The exported file.
    pub export: PathBuf,
    /// Its manifest (default: EXPORT.manifest.json).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
}

/// Runs `redline signoff`.
pub fn signoff(args: &SignOffArgs) -> anyhow::Result<ExitCode> {
    let mut project = load_project(&args.file)?;
    let actor = current_actor(Some(args.by.clone()));
    let version = if args.version.eq_ignore_ascii_case("draft") {
        let snapshot = Command::TakeSnapshot {
            label: None,
            note: "signed off from the draft".to_string(),
            status: VersionStatus::Draft,
        };
        project.apply(snapshot, &actor)?;
        project
            .versions()
            .last()
            .map(|version| version.id)
            .ok_or_else(|| anyhow!("the snapshot was not taken"))?
    } else {
        find_version(&project, &args.version)?.id
    };
    let signing_key = if args.sign {
        Some(signing_key::load_or_create(&config_folder()?)?)
    } else {
        None
    };
    let request = SignOffRequest {
        version,
        role: args.role.clone(),
        overrides: args.overrides.clone(),
        signing_key,
    };
    let outcome = project
        .apply(Command::SignOff(request), &actor)
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    save_project(&args.file, &project)?;
    let mut out = format!("{}\n", outcome.summary);
    if let Some(record) = project.signoffs().last() {
        out.push_str(&format!(
            "text SHA-256:   {}\nrecord SHA-256: {}\n",
            record.text_sha256, record.record_sha256
        ));
        for item in &record.overrides {
            out.push_str(&format!(
                "overridden: {}: {}\n",
                item.blocker, item.description
            ));
        }
        if let Some(signature) = &record.signature {
            out.push_str(&format!(
                "signed with Ed25519 key {}\n",
                signature.public_key
            ));
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `redline verify`: 0 when intact, 1 with what differs.
pub fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let manifest_path = args
        .manifest
        .clone()
        .unwrap_or_else(|| manifest::manifest_path(&args.export));
    let problems = manifest::verify(&args.export, &manifest_path)?;
    if problems.is_empty() {
        print_out(&format!(
            "{} is intact: it is the signed-off export and its sign-off chain is unbroken\n",
            args.export.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    for problem in problems {
        eprintln!("redline: {problem}");
    }
    Ok(ExitCode::from(1))
}

/// The user's config folder for Redline.
fn config_folder() -> anyhow::Result<PathBuf> {
    if let Some(folder) = std::env::var_os("REDLINE_CONFIG_DIR") {
        return Ok(PathBuf::from(folder));
    }
    dirs::config_dir()
        .map(|folder| folder.join("redline"))
        .ok_or_else(|| anyhow!("no config folder found; set REDLINE_CONFIG_DIR"))
}
