//! `redline signoff`: approve a version for the record, for publication or
//! for internal approval, with a reason for every blocker overridden.

use super::identity::current_actor;
use super::trust::config_folder;
use super::versions::find_version;
use super::{SaveArgs, load_project, print_out, save_project_with};
use crate::formats::signing_key;
use crate::model::signoff::{OVERRIDE_ALL, OverrideRequest, SignOffRequest, key_fingerprint};
use crate::model::{Command, SignOffPurpose, VersionStatus};
use anyhow::{Context, anyhow, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// What a sign-off is for, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PurposeArg {
    /// To be published: pending suggestions and template alternatives must
    /// be resolved; they cannot be overridden.
    Publication,
    /// An internal approval: any blocker can be overridden with a reason.
    InternalApproval,
}

impl From<PurposeArg> for SignOffPurpose {
    fn from(purpose: PurposeArg) -> SignOffPurpose {
        match purpose {
            PurposeArg::Publication => SignOffPurpose::Publication,
            PurposeArg::InternalApproval => SignOffPurpose::InternalApproval,
        }
    }
}

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
    /// What the sign-off is for.
    #[arg(long, value_enum, default_value = "publication")]
    pub purpose: PurposeArg,
    /// Override a blocker (its key such as S3 or C5, a category such as
    /// open-comments, or `all`); each needs a --reason after it, recorded in
    /// the sign-off. Repeat the pair for several. A sign-off for publication
    /// cannot override pending suggestions or template alternatives.
    #[arg(long = "override", value_name = "BLOCKER")]
    pub overrides: Vec<String>,
    /// Why the --override before it may stand.
    #[arg(long = "reason", value_name = "TEXT")]
    pub reasons: Vec<String>,
    /// Confirms `--override all`: every blocker stands, with one reason.
    #[arg(long)]
    pub confirm_override_all: bool,
    /// Also sign the record with your Ed25519 key (made on first use in the
    /// config folder; $REDLINE_CONFIG_DIR overrides the folder).
    #[arg(long)]
    pub sign: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Pairs each `--override` with its `--reason`, in order.
fn override_requests(args: &SignOffArgs) -> anyhow::Result<Vec<OverrideRequest>> {
    if args.overrides.len() != args.reasons.len() {
        bail!(
            "each --override needs a --reason after it: {} override(s), {} reason(s)",
            args.overrides.len(),
            args.reasons.len()
        );
    }
    if args.overrides.iter().any(|name| name == OVERRIDE_ALL) && !args.confirm_override_all {
        bail!(
            "--override all lets every blocker stand: add --confirm-override-all to confirm that is meant"
        );
    }
    Ok(args
        .overrides
        .iter()
        .zip(&args.reasons)
        .map(|(name, reason)| OverrideRequest {
            name: name.clone(),
            reason: reason.clone(),
        })
        .collect())
}

/// Runs `redline signoff`.
pub fn signoff(args: &SignOffArgs) -> anyhow::Result<ExitCode> {
    let overrides = override_requests(args)?;
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
        purpose: args.purpose.into(),
        overrides,
        override_all_confirmed: args.confirm_override_all,
        signing_key,
    };
    let outcome = project
        .apply(Command::SignOff(request), &actor)
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    save_project_with(&args.file, &project, args.save)?;
    let mut out = format!("{}\n", outcome.summary);
    if let Some(record) = project.signoffs().last() {
        out.push_str(&format!(
            "content SHA-256: {}\nrecord SHA-256:  {}\n",
            record.content_sha256, record.record_sha256
        ));
        for item in &record.overrides {
            out.push_str(&format!(
                "overridden: {}: {} (reason: {})\n",
                item.blocker, item.description, item.reason
            ));
        }
        if let Some(key) = record.signer_key() {
            out.push_str(&format!(
                "signed with Ed25519 key {key} (fingerprint {})\n",
                key_fingerprint(key).unwrap_or_default()
            ));
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
