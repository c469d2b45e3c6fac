//! Disclosure checklists, one static table per [`Framework`].
//!
//! Owns the data only; `disclosures` evaluates it. Keywords and wordings use
//! the phrase syntax of `matcher` (lower case, whole words, `*` = prefix) and
//! are matched case-insensitively.
//!
//! Invariants: item ids are unique within a framework and stable (they are
//! shown to users and may be stored); every item has at least one heading
//! keyword and one wording.
//!
//! How an item is judged (see `disclosures`):
//! - `headings`: keywords of a section dedicated to the item. Such a section
//!   whose body lacks every wording makes the item Weak.
//! - `also_in`: keywords of broader sections where the item may live (the
//!   law-enforcement clause inside "How We Share"); they can make it Found
//!   but never Weak.
//! - `wording`: phrases that show the item is actually disclosed.

use super::Framework;

/// Extra judgement an item needs beyond heading + wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// Heading + wording is enough.
    Standard,
    /// Also needs a period ("24 months") or the criteria used to set one;
    /// "as long as necessary" alone is Weak.
    Retention,
    /// Only required when it applies (e.g. a DPO exists): Missing is Info.
    Conditional,
}

/// One disclosure a framework requires.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    /// Stable identifier, e.g. `"retention"`.
    pub id: &'static str,
    /// Human-readable title used in messages.
    pub title: &'static str,
    /// Keywords of a heading dedicated to this item.
    pub headings: &'static [&'static str],
    /// Keywords of broader headings where the item may appear.
    pub also_in: &'static [&'static str],
    /// Whether the introduction before the first section counts as `also_in`.
    pub preamble: bool,
    /// Wordings that show the disclosure.
    pub wording: &'static [&'static str],
    /// Extra judgement.
    pub kind: ItemKind,
}

const fn item(
    id: &'static str,
    title: &'static str,
    headings: &'static [&'static str],
    also_in: &'static [&'static str],
    wording: &'static [&'static str],
) -> Item {
    Item {
        id,
        title,
        headings,
        also_in,
        preamble: false,
        wording,
        kind: ItemKind::Standard,
    }
}

const fn with_kind(mut item: Item, kind: ItemKind) -> Item {
    item.kind = kind;
    item
}

const fn with_preamble(mut item: Item) -> Item {
    item.preamble = true;
    item
}

/// The checklist of `framework`.
pub(super) fn items(framework: Framework) -> &'static [Item] {
    match framework {
        Framework::Baseline => BASELINE,
        Framework::Gdpr => GDPR,
        Framework::Ccpa => CCPA,
    }
}

const RETENTION_HEADINGS: &[&str] = &[
    "retention",
    "retain*",
    "how long",
    "storage period*",
    "storage limitation",
    "data storage",
];
const RETENTION_WORDING: &[&str] = &[
    "retain*",
    "retention",
    "keep*",
    "store*",
    "delete*",
    "deletion",
    "as long as",
];
const USE_HEADINGS: &[&str] = &["use", "uses", "using", "purpose*", "processing"];
const SHARING_HEADINGS: &[&str] = &[
    "shar*",
    "disclos*",
    "third part*",
    "recipient*",
    "sub-processor*",
    "subprocessor*",
    "service provider*",
];
const GDPR_RIGHTS: &[&str] = &["right*", "choice*", "control*"];
const CCPA_RIGHTS: &[&str] = &[
    "right*",
    "california*",
    "ccpa",
    "cpra",
    "request*",
    "choice*",
];
const CCPA_SECTIONS: &[&str] = &["california*", "ccpa", "cpra"];
const CHANGE_HEADINGS: &[&str] = &[
    "change*",
    "updates",
    "amendment*",
    "revision*",
    "modification*",
];

static BASELINE: &[Item] = &[
    with_preamble(item(
        "scope",
        "Scope and applicability",
        &[
            "scope",
            "applicab*",
            "introduction",
            "overview",
            "about this",
        ],
        &[],
        &[
            "applies to",
            "apply to",
            "applicable to",
            "covers",
            "describes how",
            "explains how",
            "does not apply",
        ],
    )),
    item(
        "collection",
        "Information collected",
        &[
            "collect*",
            "what information",
            "what data",
            "information you provide",
        ],
        &[],
        &[
            "we collect",
            "collect*",
            "you provide",
            "you give",
            "we receive",
            "we obtain",
            "automatically",
        ],
    ),
    item(
        "uses",
        "How information is used",
        USE_HEADINGS,
        &[],
        &[
            "we use",
            "use your",
            "use personal",
            "use the information",
            "use this",
            "used to",
            "to provide",
            "purpose*",
            "we process",
        ],
    ),
    item(
        "sharing",
        "Sharing and sub-processors",
        SHARING_HEADINGS,
        &[],
        &[
            "share*",
            "sharing",
            "disclose*",
            "service provider*",
            "sub-processor*",
            "subprocessor*",
            "third part*",
            "vendor*",
            "processor*",
        ],
    ),
    item(
        "choice",
        "Choice and opt-out",
        &[
            "choice*",
            "opt-out",
            "opt out",
            "opting out",
            "your options",
            "preference*",
            "marketing",
        ],
        &["right*", "control*"],
        &[
            "opt out",
            "opt-out",
            "opting out",
            "unsubscrib*",
            "withdraw*",
            "you can choose",
            "you may choose",
            "choose not",
            "preference*",
            "turn off",
            "disable",
        ],
    ),
    item(
        "access",
        "Access and correction",
        &[
            "access*",
            "correct*",
            "rectif*",
            "updating",
            "review and update",
        ],
        &["right*", "choice*", "control*"],
        &[
            "access",
            "correct*",
            "rectif*",
            "update your",
            "edit your",
            "review your",
            "copy of your",
        ],
    ),
    with_kind(
        item(
            "retention",
            "Data retention",
            RETENTION_HEADINGS,
            &[],
            RETENTION_WORDING,
        ),
        ItemKind::Retention,
    ),
    item(
        "security",
        "Security",
        &["security", "secure*", "protect*", "safeguard*"],
        &[],
        &[
            "encrypt*",
            "safeguard*",
            "security",
            "secure*",
            "protect*",
            "access control*",
            "firewall*",
            "measures",
        ],
    ),
    item(
        "tracking",
        "Tracking technologies and cookies",
        &[
            "cookie*",
            "tracking",
            "track*",
            "similar technolog*",
            "analytics",
            "advertising",
        ],
        &["collect*"],
        &[
            "cookie*",
            "pixel*",
            "web beacon*",
            "beacon*",
            "local storage",
            "tracking",
            "sdk*",
            "do not track",
            "analytics",
        ],
    ),
    item(
        "log-files",
        "Log files",
        &[
            "log file*",
            "log data",
            "logs",
            "server log*",
            "usage data",
            "automatically collected",
            "technical data",
            "device information",
        ],
        &["collect*"],
        &[
            "log file*",
            "log data",
            "server log*",
            "logs",
            "ip address*",
            "ip-address*",
            "browser type",
            "access times",
            "device identifier*",
        ],
    ),
    item(
        "changes",
        "Changes and notice",
        CHANGE_HEADINGS,
        &[],
        &[
            "notify",
            "notif*",
            "notice",
            "update this",
            "updates to this",
            "changes to this",
            "change this",
            "revise*",
            "modify",
            "effective date",
            "last updated",
        ],
    ),
    item(
        "law-enforcement",
        "Law enforcement requests",
        &[
            "law enforcement",
            "legal requirement*",
            "legal request*",
            "legal process",
            "compelled",
            "government*",
            "legal obligation*",
            "legal disclosure*",
        ],
        &["shar*", "disclos*", "third part*"],
        &[
            "law enforcement",
            "subpoena*",
            "court order*",
            "legal process",
            "warrant*",
            "public authorit*",
            "government*",
            "required by law",
            "comply with the law",
            "comply with applicable law*",
            "legal obligation*",
            "lawful request*",
        ],
    ),
    item(
        "contact",
        "Contact information",
        &[
            "contact*",
            "questions",
            "how to reach",
            "get in touch",
            "reach us",
        ],
        &[],
        &[
            "contact", "email", "e-mail", "write to", "call", "phone", "mail", "address",
            "reach us",
        ],
    ),
];

static GDPR: &[Item] = &[
    with_preamble(item(
        "controller",
        "Controller identity and contact details",
        &["controller", "who we are", "about us"],
        &["contact*", "introduction", "scope", "about*"],
        &[
            "controller",
            "responsible for the processing",
            "responsible for processing",
        ],
    )),
    with_kind(
        with_preamble(item(
            "dpo",
            "Data protection officer contact (if appointed)",
            &["data protection officer", "dpo"],
            &["contact*"],
            &["data protection officer", "dpo"],
        )),
        ItemKind::Conditional,
    ),
    item(
        "legal-basis",
        "Purposes and legal basis",
        &[
            "legal bas*",
            "lawful bas*",
            "legal ground*",
            "lawful ground*",
        ],
        USE_HEADINGS,
        &[
            "legal basis",
            "legal bases",
            "lawful basis",
            "lawful bases",
            "legal ground*",
            "lawful ground*",
            "article 6",
            "art. 6",
            "performance of a contract",
            "performance of our contract",
            "necessary for the performance",
        ],
    ),
    item(
        "legitimate-interests",
        "Legitimate interests pursued",
        &["legitimate interest*"],
        &[
            "legal bas*",
            "lawful bas*",
            "legal ground*",
            "use",
            "uses",
            "using",
            "purpose*",
            "processing",
        ],
        &["legitimate interest*"],
    ),
    item(
        "recipients",
        "Recipients or categories of recipients",
        SHARING_HEADINGS,
        &[],
        &[
            "recipient*",
            "service provider*",
            "processor*",
            "sub-processor*",
            "subprocessor*",
            "share*",
            "disclose*",
            "third part*",
        ],
    ),
    item(
        "international-transfers",
        "International transfers and safeguards",
        &[
            "international",
            "transfer*",
            "cross-border",
            "outside the eea",
            "where we store",
            "data location",
        ],
        &["shar*", "disclos*", "stor*"],
        &[
            "standard contractual clause*",
            "adequacy",
            "outside the european economic area",
            "outside the eea",
            "outside the eu",
            "third countr*",
            "international transfer*",
            "transfer* your personal",
            "transfer* personal",
            "binding corporate rules",
            "data privacy framework",
        ],
    ),
    with_kind(
        item(
            "retention",
            "Retention period or criteria",
            RETENTION_HEADINGS,
            &[],
            RETENTION_WORDING,
        ),
        ItemKind::Retention,
    ),
    item(
        "right-access",
        "Right of access",
        &["right of access", "access*"],
        GDPR_RIGHTS,
        &["right of access", "right to access", "access", "copy of"],
    ),
    item(
        "right-rectification",
        "Right to rectification",
        &["rectif*", "correct*"],
        GDPR_RIGHTS,
        &["rectif*", "correct*"],
    ),
    item(
        "right-erasure",
        "Right to erasure",
        &["erasure", "delet*"],
        GDPR_RIGHTS,
        &[
            "erasure",
            "erase",
            "delete*",
            "deletion",
            "right to be forgotten",
        ],
    ),
    item(
        "right-restriction",
        "Right to restriction of processing",
        &["restrict*"],
        GDPR_RIGHTS,
        &["restrict*"],
    ),
    item(
        "right-portability",
        "Right to data portability",
        &["portab*"],
        GDPR_RIGHTS,
        &["portab*", "machine-readable", "structured, commonly used"],
    ),
    item(
        "right-objection",
        "Right to object",
        &["objection", "right to object"],
        GDPR_RIGHTS,
        &["object", "objection", "right to object"],
    ),
    item(
        "withdraw-consent",
        "Right to withdraw consent",
        &["consent", "withdraw*"],
        &["right*", "choice*", "legal bas*", "lawful bas*"],
        &["withdraw*", "revoke*"],
    ),
    item(
        "complaint",
        "Right to lodge a complaint with a supervisory authority",
        &["complaint*", "supervisory authorit*"],
        &["right*", "contact*", "questions"],
        &[
            "supervisory authorit*",
            "data protection authorit*",
            "lodge a complaint",
            "complaint with",
            "right to complain",
        ],
    ),
    item(
        "statutory-contractual",
        "Whether providing data is a statutory or contractual requirement",
        &[
            "obligat*",
            "required information",
            "must provide",
            "mandatory",
            "do you have to",
            "statutory",
        ],
        &["collect*", "what information", "what data", "provide"],
        &[
            "statutory",
            "contractual requirement",
            "contractual obligation*",
            "required to provide",
            "obliged to provide",
            "obligated to provide",
            "not required to provide",
            "failure to provide",
            "if you do not provide",
            "if you choose not to provide",
            "if you don't provide",
            "mandatory",
        ],
    ),
    item(
        "automated-decisions",
        "Automated decision-making and profiling",
        &["automated*", "profiling", "decision-making"],
        &["use", "uses", "using", "purpose*", "processing", "right*"],
        &[
            "automated decision*",
            "automated individual decision*",
            "profiling",
            "solely automated",
            "automated processing",
        ],
    ),
];

static CCPA: &[Item] = &[
    item(
        "categories-collected",
        "Categories of personal information collected in the past 12 months",
        &["collect*", "categor*"],
        CCPA_SECTIONS,
        &["12 months", "twelve months", "twelve (12) months"],
    ),
    item(
        "sources",
        "Categories of sources",
        &["source*"],
        &["collect*", "categor*", "california*", "ccpa", "cpra"],
        &[
            "sources",
            "source of",
            "directly from you",
            "from third part*",
            "obtain*",
        ],
    ),
    item(
        "purposes",
        "Business or commercial purposes",
        &["business purpose*", "commercial purpose*", "purpose*"],
        &["use", "uses", "using", "california*", "ccpa", "cpra"],
        &[
            "business purpose*",
            "commercial purpose*",
            "business or commercial",
        ],
    ),
    item(
        "disclosed-sold-shared",
        "Categories disclosed, sold or shared",
        &["sell", "sale*", "sold", "shar*", "disclos*"],
        CCPA_SECTIONS,
        &[
            "sold",
            "sell",
            "sale",
            "shared",
            "share",
            "disclosed for a business purpose",
            "categories of third parties",
        ],
    ),
    item(
        "right-to-know",
        "Right to know",
        &["right to know"],
        CCPA_RIGHTS,
        &["right to know", "request to know", "requests to know"],
    ),
    item(
        "right-to-delete",
        "Right to delete",
        &["right to delete", "delet*"],
        CCPA_RIGHTS,
        &[
            "right to delete",
            "request to delete",
            "requests to delete",
            "request deletion",
            "request that we delete",
        ],
    ),
    item(
        "right-to-correct",
        "Right to correct",
        &["right to correct", "correct*"],
        CCPA_RIGHTS,
        &[
            "right to correct",
            "request to correct",
            "requests to correct",
            "request correction",
            "request that we correct",
        ],
    ),
    item(
        "opt-out-sale-sharing",
        "Right to opt out of sale or sharing",
        &["opt out", "opt-out", "do not sell", "sale*", "sell"],
        CCPA_RIGHTS,
        &[
            "opt out of the sale",
            "opt-out of the sale",
            "opt out of sale",
            "opt out of the sharing",
            "opt out of sharing",
            "right to opt out",
            "right to opt-out",
            "do not sell",
            "we do not sell",
        ],
    ),
    item(
        "limit-sensitive",
        "Right to limit use of sensitive personal information",
        &["sensitive*", "limit*"],
        CCPA_RIGHTS,
        &[
            "limit the use",
            "limit use",
            "sensitive personal information",
        ],
    ),
    item(
        "non-discrimination",
        "Right to non-discrimination",
        &["discriminat*", "non-discrimination"],
        CCPA_RIGHTS,
        &["discriminat*", "non-discrimination", "retaliat*"],
    ),
    item(
        "do-not-sell-link",
        "\"Do Not Sell or Share My Personal Information\" link",
        &["do not sell", "opt out", "opt-out", "sale*", "sell"],
        CCPA_RIGHTS,
        &[
            "do not sell or share",
            "do not sell my",
            "do not sell",
            "your privacy choices",
        ],
    ),
    with_kind(
        item(
            "retention",
            "Retention period for each category",
            RETENTION_HEADINGS,
            &[],
            &[
                "each category",
                "per category",
                "category of personal information",
                "categories of personal information",
                "for each categor*",
                "by category",
            ],
        ),
        ItemKind::Retention,
    ),
    item(
        "requests-verification",
        "How to submit requests and how they are verified",
        &["exercis*", "request*", "verif*", "how to submit"],
        &["right*", "california*", "ccpa", "cpra", "contact*"],
        &[
            "verif*",
            "submit a request",
            "submit your request",
            "submit requests",
        ],
    ),
    item(
        "authorized-agents",
        "Authorized agents",
        &["agent*"],
        &[
            "right*",
            "california*",
            "ccpa",
            "cpra",
            "request*",
            "exercis*",
        ],
        &["authorized agent*", "authorised agent*"],
    ),
    item(
        "annual-update",
        "Policy updated at least every 12 months",
        CHANGE_HEADINGS,
        CCPA_SECTIONS,
        &[
            "every 12 months",
            "every twelve months",
            "every twelve (12) months",
            "annually",
            "once a year",
            "each year",
            "at least once every",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_items_complete() {
        for framework in [Framework::Baseline, Framework::Gdpr, Framework::Ccpa] {
            let list = items(framework);
            for (i, item) in list.iter().enumerate() {
                assert!(
                    !item.headings.is_empty() && !item.wording.is_empty(),
                    "{}",
                    item.id
                );
                assert!(
                    list[..i].iter().all(|other| other.id != item.id),
                    "{}",
                    item.id
                );
                for phrase in item.headings.iter().chain(item.also_in).chain(item.wording) {
                    assert_eq!(
                        *phrase,
                        phrase.to_lowercase(),
                        "{phrase} must be lower case"
                    );
                }
            }
        }
        assert_eq!(items(Framework::Baseline).len(), 13);
    }
}
