//! Who the user is, for commands that record it.

use crate::model::{Actor, Person};
use chrono::Utc;

/// The actor for a command: `--user`, else $REDLINE_USER, else $USER.
pub fn current_actor(user: Option<String>) -> Actor {
    let name = user
        .or_else(|| std::env::var("REDLINE_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "Redline user".to_string());
    Actor {
        user: Person {
            initials: Person::initials_of(&name),
            name,
        },
        now: Utc::now(),
    }
}
