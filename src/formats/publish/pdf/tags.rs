//! The structure tree of a tagged PDF, built while the document is laid
//! out: each node has a standard role (Document, H1–H6, P, L, LI, Lbl,
//! LBody, Table, TR, TH, TD, Link, BlockQuote) and children in reading
//! order — other nodes, marked content on a page, or link annotations.
//! Screen readers read the policy through it.

use pdf_writer::types::StructRole;

/// A child of a node, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another node.
    Node(usize),
    /// The drawing with this index on this page (a marked-content
    /// sequence once written).
    Content {
        /// Page index.
        page: usize,
        /// Index of the drawing in the page.
        drawing: usize,
    },
    /// The link annotation with this index on this page.
    Annotation {
        /// Page index.
        page: usize,
        /// Index of the link in the page.
        link: usize,
    },
}

/// Attributes some roles carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Attribute {
    /// None.
    #[default]
    None,
    /// A list's numbering (`/ListNumbering`).
    Numbering(pdf_writer::types::ListNumbering),
    /// A table cell's spans.
    Spans {
        /// Rows spanned.
        rows: u32,
        /// Columns spanned.
        columns: u32,
        /// A header cell of its column.
        header: bool,
    },
}

/// A structure element.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its role.
    pub role: StructRole,
    /// Its parent (none for the root).
    pub parent: Option<usize>,
    /// Its children in reading order.
    pub kids: Vec<Kid>,
    /// Its attributes.
    pub attribute: Attribute,
    /// A description (for links: where they go).
    pub alt: Option<String>,
    /// Listed among its parent's children (an inline node is listed when
    /// its first text is drawn, so it sits among the text around it).
    pub listed: bool,
}

/// The tree; node 0 is the Document.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The nodes.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// A tree with its Document root.
    pub fn new() -> Tree {
        Tree {
            nodes: vec![Node {
                role: StructRole::Document,
                parent: None,
                kids: Vec::new(),
                attribute: Attribute::None,
                alt: None,
                listed: true,
            }],
        }
    }

    /// Adds a node under `parent`, listed as its last child; its index.
    pub fn add(&mut self, role: StructRole, parent: usize) -> usize {
        let index = self.add_inline(role, parent);
        self.list(index);
        index
    }

    /// Adds a node under `parent` that is listed among the parent's
    /// children only when [`Tree::list`] is called (when its text is drawn).
    pub fn add_inline(&mut self, role: StructRole, parent: usize) -> usize {
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            attribute: Attribute::None,
            alt: None,
            listed: false,
        });
        self.nodes.len() - 1
    }

    /// Lists `node` as its parent's last child, once.
    pub fn list(&mut self, node: usize) {
        if self.nodes[node].listed {
            return;
        }
        self.nodes[node].listed = true;
        if let Some(parent) = self.nodes[node].parent {
            self.list(parent);
            self.nodes[parent].kids.push(Kid::Node(node));
        }
    }
}

/// The role of a heading of `level` (1–6).
pub fn heading_role(level: u8) -> StructRole {
    match level {
        1 => StructRole::H1,
        2 => StructRole::H2,
        3 => StructRole::H3,
        4 => StructRole::H4,
        5 => StructRole::H5,
        _ => StructRole::H6,
    }
}
