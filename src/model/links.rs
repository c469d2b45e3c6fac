//! The one allow-list for link targets.
//!
//! A link in the policy may point to a web page (`http:`, `https:`), an email
//! address (`mailto:`) or a place in the document itself (`#name`: a heading's
//! or a bookmark's anchor). Nothing else becomes a link: `javascript:`,
//! `file:`, UNC paths (`\\server\share`), `data:` and every other scheme stay
//! plain text, and the importers say so in a warning. Every format that reads
//! or writes links asks [`LinkTarget::new`], so the rule lives here only.
//!
//! ```
//! use redline::model::links::LinkTarget;
//! assert!(LinkTarget::new("https://example.com/opt-out").is_ok());
//! assert!(LinkTarget::new("MAILTO:privacy@example.com").is_ok());
//! assert!(LinkTarget::new("#data-retention").is_ok());
//! assert!(LinkTarget::new("javascript:alert(1)").is_err());
//! assert!(LinkTarget::new("file:///etc/passwd").is_err());
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// What a link points to; cheap to clone. Stored as its text; reading one
/// that is not on the allow-list is an error.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct LinkTarget(Arc<str>);

impl From<LinkTarget> for String {
    fn from(link: LinkTarget) -> String {
        link.0.to_string()
    }
}

impl TryFrom<String> for LinkTarget {
    type Error = DisallowedLink;
    fn try_from(target: String) -> Result<LinkTarget, DisallowedLink> {
        LinkTarget::new(&target)
    }
}

/// The kind of an allowed link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `http:` or `https:`.
    Web,
    /// `mailto:`.
    Email,
    /// `#name`: a heading or bookmark in the document.
    InDocument,
}

/// A link target outside the allow-list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "link target {target:?} is not allowed: only http, https, mailto and in-document (#name) links are kept"
)]
pub struct DisallowedLink {
    /// The target as given.
    pub target: String,
}

impl LinkTarget {
    /// The target, when it is on the allow-list. Surrounding whitespace is
    /// dropped; control characters and an empty target are refused.
    pub fn new(target: &str) -> Result<LinkTarget, DisallowedLink> {
        let trimmed = target.trim();
        if kind_of(trimmed).is_some() {
            Ok(LinkTarget(Arc::from(trimmed)))
        } else {
            Err(DisallowedLink {
                target: target.to_string(),
            })
        }
    }

    /// The target as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What kind of target it is.
    pub fn kind(&self) -> LinkKind {
        kind_of(&self.0).unwrap_or(LinkKind::Web)
    }

    /// The anchor name of an in-document link (`#name` → `name`).
    pub fn anchor(&self) -> Option<&str> {
        self.0.strip_prefix('#')
    }

    /// The address as every reader resolves it: the scheme and host of a
    /// web address in lower case and an empty path written `/`, as
    /// LibreOffice re-saves it.
    ///
    /// ```
    /// use redline::model::links::LinkTarget;
    /// let bare = LinkTarget::new("HTTPS://Example.com").unwrap();
    /// let saved = LinkTarget::new("https://example.com/").unwrap();
    /// assert_eq!(bare.address(), saved.address());
    /// let page = LinkTarget::new("https://example.com/Opt-Out").unwrap();
    /// assert_eq!(page.address(), "https://example.com/Opt-Out");
    /// ```
    pub fn address(&self) -> String {
        if self.kind() != LinkKind::Web {
            return self.0.to_string();
        }
        let Some((scheme, rest)) = self.0.split_once("://") else {
            return self.0.to_string();
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        let path = if path.is_empty() { "/" } else { path };
        format!(
            "{}://{}{path}",
            scheme.to_ascii_lowercase(),
            authority.to_ascii_lowercase()
        )
    }
}

/// The kind of an allowed target, or `None` when it is not allowed.
fn kind_of(target: &str) -> Option<LinkKind> {
    if target.is_empty() || target.chars().any(char::is_control) {
        return None;
    }
    if let Some(name) = target.strip_prefix('#') {
        return (!name.is_empty() && !name.contains(char::is_whitespace))
            .then_some(LinkKind::InDocument);
    }
    let (scheme, rest) = target.split_once(':')?;
    if rest.is_empty() {
        return None;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" if rest.starts_with("//") && rest.len() > 2 => Some(LinkKind::Web),
        "mailto" => Some(LinkKind::Email),
        _ => None,
    }
}

impl fmt::Debug for LinkTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl fmt::Display for LinkTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_table() {
        let table = [
            ("https://example.com", Some(LinkKind::Web)),
            ("HTTP://example.com/a?b=c", Some(LinkKind::Web)),
            ("  https://example.com  ", Some(LinkKind::Web)),
            ("mailto:privacy@example.com", Some(LinkKind::Email)),
            ("#section-3", Some(LinkKind::InDocument)),
            ("#", None),
            ("# x", None),
            ("https:", None),
            ("https:example", None),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("vbscript:x", None),
            ("data:text/html,<script>", None),
            ("file:///etc/passwd", None),
            ("\\\\server\\share\\policy.docx", None),
            ("ftp://example.com", None),
            ("example.com", None),
            ("", None),
            ("https://exa\u{0}mple.com", None),
        ];
        for (target, expected) in table {
            assert_eq!(
                LinkTarget::new(target).ok().map(|link| link.kind()),
                expected,
                "{target:?}"
            );
        }
    }
}
