//! How the call stage arranges its videos: the layout a person chose for video calls, and where
//! their own small preview sits (a corner, reached by dragging it or by arrow keys).
//!
//! The web layer measures (the drop point, the stage's size) and performs (puts the preview in the
//! corner, applies the layout); the choices themselves are made here so they can be tested.

/// How a video call's two videos share the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StageLayout {
    /// Their video fills the stage; yours is a small preview in a corner.
    #[default]
    Focus,
    /// Both videos as equal tiles (side by side when wide, one above the other when tall).
    SideBySide,
}

impl StageLayout {
    /// The stable name kept in settings and shown to tests (`data-layout`).
    pub fn as_str(self) -> &'static str {
        match self {
            StageLayout::Focus => "focus",
            StageLayout::SideBySide => "side-by-side",
        }
    }

    /// A stored name back to a layout; anything unknown (an older or a damaged setting) is the
    /// default, so a bad value never leaves the stage without a layout.
    pub fn parse(stored: Option<&str>) -> StageLayout {
        match stored {
            Some("side-by-side") => StageLayout::SideBySide,
            _ => StageLayout::Focus,
        }
    }

    pub fn toggled(self) -> StageLayout {
        match self {
            StageLayout::Focus => StageLayout::SideBySide,
            StageLayout::SideBySide => StageLayout::Focus,
        }
    }

    /// Whether your own preview is a small movable picture (it is a full tile side by side).
    pub fn preview_is_movable(self) -> bool {
        self == StageLayout::Focus
    }
}

/// A corner of the stage for your own preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    /// Where video calls have always put it: out of the way of faces, near the controls.
    #[default]
    BottomRight,
}

/// An arrow key, as the preview understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
}

impl Arrow {
    /// `KeyboardEvent.key` to an arrow; other keys are none.
    pub fn from_key(key: &str) -> Option<Arrow> {
        match key {
            "ArrowUp" => Some(Arrow::Up),
            "ArrowDown" => Some(Arrow::Down),
            "ArrowLeft" => Some(Arrow::Left),
            "ArrowRight" => Some(Arrow::Right),
            _ => None,
        }
    }
}

impl Corner {
    pub const ALL: [Corner; 4] = [Corner::TopLeft, Corner::TopRight, Corner::BottomLeft, Corner::BottomRight];

    fn is_top(self) -> bool {
        matches!(self, Corner::TopLeft | Corner::TopRight)
    }

    fn is_left(self) -> bool {
        matches!(self, Corner::TopLeft | Corner::BottomLeft)
    }

    fn from_sides(top: bool, left: bool) -> Corner {
        match (top, left) {
            (true, true) => Corner::TopLeft,
            (true, false) => Corner::TopRight,
            (false, true) => Corner::BottomLeft,
            (false, false) => Corner::BottomRight,
        }
    }

    /// The stable name shown to tests and styles (`data-corner`).
    pub fn as_str(self) -> &'static str {
        match self {
            Corner::TopLeft => "top-left",
            Corner::TopRight => "top-right",
            Corner::BottomLeft => "bottom-left",
            Corner::BottomRight => "bottom-right",
        }
    }

    /// Words for a screen reader ("bottom right").
    pub fn words(self) -> &'static str {
        match self {
            Corner::TopLeft => "top left",
            Corner::TopRight => "top right",
            Corner::BottomLeft => "bottom left",
            Corner::BottomRight => "bottom right",
        }
    }

    /// The corner an arrow key moves to: Up and Down change the row, Left and Right the column;
    /// at the edge already, it stays (so holding a key never wraps it round to the far side).
    pub fn moved(self, arrow: Arrow) -> Corner {
        match arrow {
            Arrow::Up => Corner::from_sides(true, self.is_left()),
            Arrow::Down => Corner::from_sides(false, self.is_left()),
            Arrow::Left => Corner::from_sides(self.is_top(), true),
            Arrow::Right => Corner::from_sides(self.is_top(), false),
        }
    }

    /// The corner nearest to where a dragged preview was let go: its centre `(x, y)` inside a
    /// stage `width` × `height` (any unit, the same for all four). A centre outside the stage
    /// counts as its nearest edge; on the middle line the preview keeps its side (`from`), so a
    /// short tap never moves it.
    pub fn nearest(from: Corner, x: f64, y: f64, width: f64, height: f64) -> Corner {
        let side = |value: f64, size: f64, was_low: bool| {
            if !value.is_finite() || !size.is_finite() || size <= 0.0 {
                return was_low;
            }
            let middle = size / 2.0;
            if value < middle {
                true
            } else if value > middle {
                false
            } else {
                was_low
            }
        };
        Corner::from_sides(side(y, height, from.is_top()), side(x, width, from.is_left()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_round_trips_through_its_stored_name() {
        for layout in [StageLayout::Focus, StageLayout::SideBySide] {
            assert_eq!(StageLayout::parse(Some(layout.as_str())), layout);
            assert_eq!(layout.toggled().toggled(), layout);
            assert_ne!(layout.toggled(), layout);
        }
    }

    #[test]
    fn an_unknown_or_missing_layout_is_focus() {
        for stored in [None, Some(""), Some("grid"), Some("SIDE-BY-SIDE")] {
            assert_eq!(StageLayout::parse(stored), StageLayout::Focus);
        }
        assert!(StageLayout::Focus.preview_is_movable());
        assert!(!StageLayout::SideBySide.preview_is_movable());
    }

    #[test]
    fn a_drop_snaps_to_the_quarter_it_lands_in() {
        let (w, h) = (390.0, 700.0);
        assert_eq!(Corner::nearest(Corner::BottomRight, 10.0, 10.0, w, h), Corner::TopLeft);
        assert_eq!(Corner::nearest(Corner::BottomRight, 380.0, 20.0, w, h), Corner::TopRight);
        assert_eq!(Corner::nearest(Corner::TopRight, 50.0, 690.0, w, h), Corner::BottomLeft);
        assert_eq!(Corner::nearest(Corner::TopLeft, 300.0, 500.0, w, h), Corner::BottomRight);
    }

    #[test]
    fn a_drop_outside_the_stage_counts_as_its_nearest_edge() {
        assert_eq!(Corner::nearest(Corner::BottomRight, -50.0, -80.0, 400.0, 300.0), Corner::TopLeft);
        assert_eq!(Corner::nearest(Corner::TopLeft, 900.0, 1200.0, 400.0, 300.0), Corner::BottomRight);
    }

    #[test]
    fn on_the_middle_line_or_with_nothing_measured_the_preview_stays() {
        for from in Corner::ALL {
            assert_eq!(Corner::nearest(from, 200.0, 150.0, 400.0, 300.0), from);
            assert_eq!(Corner::nearest(from, 10.0, 10.0, 0.0, 0.0), from);
            assert_eq!(Corner::nearest(from, f64::NAN, f64::INFINITY, 400.0, 300.0), from);
        }
    }

    #[test]
    fn every_drop_point_picks_the_closest_corner() {
        // Over a grid of drop points, the chosen corner is one with the least distance.
        let (w, h) = (320.0, 560.0);
        let at = |c: Corner| (if c.is_left() { 0.0 } else { w }, if c.is_top() { 0.0 } else { h });
        for i in 0..=32 {
            for j in 0..=56 {
                let (x, y) = (i as f64 * 10.0 + 0.5, j as f64 * 10.0 + 0.5);
                let dist = |c: Corner| {
                    let (cx, cy) = at(c);
                    (cx - x).hypot(cy - y)
                };
                let chosen = Corner::nearest(Corner::BottomRight, x, y, w, h);
                let best = Corner::ALL.iter().map(|c| dist(*c)).fold(f64::INFINITY, f64::min);
                assert!((dist(chosen) - best).abs() < 1e-9, "({x}, {y}) went to {chosen:?}");
            }
        }
    }

    #[test]
    fn arrows_move_between_corners_and_stop_at_the_edge() {
        let c = Corner::BottomRight;
        assert_eq!(c.moved(Arrow::Up), Corner::TopRight);
        assert_eq!(c.moved(Arrow::Left), Corner::BottomLeft);
        assert_eq!(c.moved(Arrow::Down), Corner::BottomRight);
        assert_eq!(c.moved(Arrow::Right), Corner::BottomRight);
        assert_eq!(Corner::TopLeft.moved(Arrow::Right).moved(Arrow::Down), Corner::BottomRight);
        // Every corner is reachable from every other in at most two presses.
        for from in Corner::ALL {
            for to in Corner::ALL {
                let reached = [Arrow::Up, Arrow::Down, Arrow::Left, Arrow::Right]
                    .iter()
                    .flat_map(|a| [Arrow::Up, Arrow::Down, Arrow::Left, Arrow::Right].map(move |b| from.moved(*a).moved(b)))
                    .any(|c| c == to);
                assert!(reached, "{from:?} -> {to:?}");
            }
        }
        assert_eq!(Arrow::from_key("ArrowUp"), Some(Arrow::Up));
        assert_eq!(Arrow::from_key("Enter"), None);
    }
}
