//! The panel's small live graphs: one figure over the last minute as the points of an SVG
//! polyline. No charting library: a line of a few dozen points is all it takes.

/// One line, ready for `<polyline points=…>` in a `0 0 width height` view box.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sparkline {
    /// "x,y x,y …", oldest first; empty with no figure yet.
    pub points: String,
    /// How many points it has.
    pub len: usize,
    /// The value at the top edge (a round number at or above every point).
    pub top: f64,
}

/// The line of `(at, value)` over the `window_ms` ending at `now`: time runs left to right,
/// the newest point at the right edge; missing values are skipped (the line joins across them).
/// The scale starts at zero and tops out at a round number no lower than `min_top`, so a quiet
/// line stays flat instead of magnifying noise.
pub fn sparkline(
    values: impl IntoIterator<Item = (u64, Option<f64>)>,
    now: u64,
    window_ms: u64,
    width: f64,
    height: f64,
    min_top: f64,
) -> Sparkline {
    let shown: Vec<(u64, f64)> = values
        .into_iter()
        .filter(|(at, _)| *at <= now && now - at <= window_ms)
        .filter_map(|(at, v)| v.filter(|v| v.is_finite()).map(|v| (at, v.max(0.0))))
        .collect();
    let top = round_up(shown.iter().map(|(_, v)| *v).fold(min_top.max(f64::MIN_POSITIVE), f64::max));
    let span = window_ms.max(1) as f64;
    let points: Vec<String> = shown
        .iter()
        .map(|(at, v)| {
            let x = width - (now - at) as f64 / span * width;
            let y = height - (v / top).min(1.0) * height;
            format!("{x:.1},{y:.1}")
        })
        .collect();
    Sparkline { len: points.len(), points: points.join(" "), top }
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `value` (a scale a person reads at a glance).
pub fn round_up(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let mut unit = 10f64.powi(value.log10().floor() as i32);
    loop {
        for step in [1.0, 2.0, 5.0] {
            // A hair of tolerance: 10^floor(log10(x)) may come out a rounding error below x.
            if step * unit >= value * (1.0 - 1e-12) {
                return step * unit;
            }
        }
        unit *= 10.0;
    }
}
