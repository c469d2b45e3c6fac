//! Project-wide settings, saved in the project file.

use super::checks::CheckConfig;
use serde::{Deserialize, Serialize};

/// Settings of one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How many days before the effective date a material-change notice must
    /// go out.
    pub notice_lead_days: u32,
    /// Which term groups and disclosure checklists the checks apply.
    pub checks: CheckConfig,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            notice_lead_days: 30,
            checks: CheckConfig::default(),
        }
    }
}
