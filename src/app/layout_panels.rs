//! How the window's width is shared: the document never gets narrower than
//! [`DOCUMENT_MIN`]; each side panel has a minimum width and a maximum that
//! leaves the document its minimum (whatever width was saved); when the
//! window is too narrow for a panel at its minimum, the panel collapses to a
//! button (the outline first, then the checks, then the review panel).

/// The narrowest the document area may get (points): a page column of
/// about 360 points with its scroll bar, some 45 characters of body text.
pub const DOCUMENT_MIN: f32 = 400.0;
/// The outline's narrowest width.
pub const OUTLINE_MIN: f32 = 150.0;
/// The review panel's narrowest width (a card stays readable).
pub const REVIEW_MIN: f32 = 280.0;
/// The checks panel's narrowest width.
pub const CHECKS_MIN: f32 = 260.0;
/// The width of a collapsed panel's button strip.
pub const TOGGLE_WIDTH: f32 = 30.0;

/// Which panels the user has turned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// The outline.
    pub outline: bool,
    /// The review panel.
    pub review: bool,
    /// The checks panel.
    pub checks: bool,
}

/// How one panel is shown this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// Turned off.
    Hidden,
    /// Turned on but no room: a button to show it.
    Collapsed,
    /// Shown.
    Open,
}

impl Shown {
    /// The width to keep free for this panel while the panels before it
    /// are placed: its minimum when open, the button when collapsed.
    pub fn reserve(self, min: f32) -> f32 {
        match self {
            Shown::Hidden => 0.0,
            Shown::Collapsed => TOGGLE_WIDTH,
            Shown::Open => min,
        }
    }
}

/// The widest a panel may be when `available` is left for it, the
/// document, and the panels still to come (`reserved`): whatever width was
/// saved, the document keeps its minimum.
pub fn max_width(available: f32, reserved: f32, min: f32) -> f32 {
    (available - DOCUMENT_MIN - reserved).max(min)
}

/// The panels of one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelPlan {
    /// The outline.
    pub outline: Shown,
    /// The review panel.
    pub review: Shown,
    /// The checks panel.
    pub checks: Shown,
}

impl PanelPlan {
    /// Which of the panels the user wants fit beside the document in a
    /// window `window_width` wide; the others collapse to buttons (the
    /// outline first, then the checks, then the review panel).
    pub fn decide(window_width: f32, wanted: Wanted) -> PanelPlan {
        let wants = [wanted.outline, wanted.checks, wanted.review];
        let mins = [OUTLINE_MIN, CHECKS_MIN, REVIEW_MIN];
        let mut open = wants;
        for position in 0..3 {
            let needed: f32 = (0..3)
                .map(|panel| match (wants[panel], open[panel]) {
                    (true, true) => mins[panel],
                    (true, false) => TOGGLE_WIDTH,
                    _ => 0.0,
                })
                .sum::<f32>()
                + DOCUMENT_MIN;
            if needed <= window_width {
                break;
            }
            open[position] = false;
        }
        let shown = |position: usize| match (wants[position], open[position]) {
            (false, _) => Shown::Hidden,
            (true, false) => Shown::Collapsed,
            (true, true) => Shown::Open,
        };
        PanelPlan {
            outline: shown(0),
            checks: shown(1),
            review: shown(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Wanted = Wanted {
        outline: true,
        review: true,
        checks: false,
    };

    #[test]
    fn a_narrow_window_collapses_the_outline_before_squeezing_the_document() {
        let plan = PanelPlan::decide(800.0, ALL);
        assert_eq!((plan.outline, plan.review), (Shown::Collapsed, Shown::Open));
        let plan = PanelPlan::decide(1024.0, ALL);
        assert_eq!((plan.outline, plan.review), (Shown::Open, Shown::Open));
    }

    #[test]
    fn a_saved_wide_panel_cannot_take_the_documents_minimum() {
        // At 1024: the outline (placed first) leaves the review panel its
        // minimum; the review panel leaves the document its minimum.
        let outline_max = max_width(1024.0, REVIEW_MIN, OUTLINE_MIN);
        assert_eq!(outline_max, 1024.0 - DOCUMENT_MIN - REVIEW_MIN);
        let review_max = max_width(1024.0 - 220.0, 0.0, REVIEW_MIN);
        assert_eq!(1024.0 - 220.0 - review_max, DOCUMENT_MIN);
    }

    #[test]
    fn a_very_narrow_window_keeps_only_buttons() {
        let plan = PanelPlan::decide(
            600.0,
            Wanted {
                checks: true,
                ..ALL
            },
        );
        assert_eq!(
            (plan.outline, plan.checks, plan.review),
            (Shown::Collapsed, Shown::Collapsed, Shown::Collapsed)
        );
    }
}
