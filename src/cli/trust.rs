//! `redline trust add|list|remove`: the keys whose signatures `redline
//! verify` accepts (see [`crate::formats::trusted_keys`]); the user's own
//! key is always trusted.

use super::print_out;
use crate::formats::{signing_key, trusted_keys};
use crate::model::signoff::key_fingerprint;
use anyhow::{anyhow, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `redline trust`.
#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    /// What to do with the list.
    #[command(subcommand)]
    pub action: TrustAction,
}

/// What `redline trust` does.
#[derive(Debug, clap::Subcommand)]
pub enum TrustAction {
    /// Show your own public key and the keys you trust.
    List,
    /// Trust a public key (64 hex digits, as `redline verify` and `redline
    /// trust list` print them).
    Add {
        /// The public key.
        key: String,
        /// Whose key it is.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Stop trusting a key, given as its public key or its fingerprint.
    Remove {
        /// The public key or its fingerprint.
        key: String,
    },
}

/// The config folder (`$REDLINE_CONFIG_DIR` or the platform's), or an error
/// saying how to name one.
pub fn config_folder() -> anyhow::Result<PathBuf> {
    signing_key::config_folder().ok_or_else(|| {
        anyhow!(
            "no config folder found; set {}",
            signing_key::CONFIG_DIR_VARIABLE
        )
    })
}

/// The user's signing key, when they have one (never makes one); `None`
/// also when no config folder is known.
pub fn own_signing_key() -> anyhow::Result<Option<[u8; 32]>> {
    match signing_key::config_folder() {
        Some(folder) => Ok(signing_key::load(&folder)?),
        None => Ok(None),
    }
}

/// Runs `redline trust`.
pub fn run(args: &TrustArgs) -> anyhow::Result<ExitCode> {
    let folder = config_folder()?;
    match &args.action {
        TrustAction::List => {
            let list = trusted_keys::load(&folder)?;
            let mut out = match &list.own_key {
                Some(key) => format!("your own key (always trusted):\n  {}\n", key_line(key, "")),
                None => {
                    "you have no signing key yet (`redline signoff --sign` makes one)\n".to_string()
                }
            };
            if list.keys.is_empty() {
                out.push_str(
                    "no other trusted keys (`redline trust add KEY --name NAME` adds one)\n",
                );
            } else {
                out.push_str("trusted keys:\n");
                for key in &list.keys {
                    out.push_str(&format!("  {}\n", key_line(&key.public_key, &key.name)));
                }
            }
            print_out(&out)?;
        }
        TrustAction::Add { key, name } => {
            let added = trusted_keys::add(&folder, key, name)?;
            let key = key.trim().to_ascii_lowercase();
            let fingerprint = key_fingerprint(&key).unwrap_or_default();
            print_out(&if added {
                format!("now trusting {fingerprint}{}\n", named(name))
            } else {
                format!("{fingerprint} is trusted already\n")
            })?;
        }
        TrustAction::Remove { key } => match trusted_keys::remove(&folder, key)? {
            Some(removed) => print_out(&format!(
                "no longer trusting {}{}\n",
                key_fingerprint(&removed.public_key).unwrap_or_default(),
                named(&removed.name)
            ))?,
            None => {
                let list = trusted_keys::load(&folder)?;
                let wanted = key.trim().to_ascii_lowercase();
                if list.own_key.as_ref().is_some_and(|own| {
                    *own == wanted || key_fingerprint(own).as_deref() == Some(&wanted)
                }) {
                    bail!(
                        "{key} is your own key, which is always trusted; delete {} to stop using it",
                        signing_key::key_path(&folder).display()
                    );
                }
                bail!("{key} is not among your trusted keys (`redline trust list` shows them)");
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// "3f2a:…  9e16…1483  Maren": fingerprint, key and name.
fn key_line(key: &str, name: &str) -> String {
    format!(
        "{}  {key}{}",
        key_fingerprint(key).unwrap_or_default(),
        if name.is_empty() {
            String::new()
        } else {
            format!("  {name}")
        }
    )
}

fn named(name: &str) -> String {
    if name.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", name.trim())
    }
}
