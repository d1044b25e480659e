//! Value axes for the scatter and line charts: a usable range, evenly spaced
//! ticks, and labels for the ticks that need no decimal separator.
//!
//! Not for: formatting data values. Those arrive as labels; only whole-number
//! ticks are written here, because a decimal separator is a locale decision.

/// Tick values never number more than this, whatever the range.
const MAX_TICKS: usize = 50;

/// `range` if it is finite and increasing; otherwise the span of the finite `data`
/// (widened by one on each side when it is a single value), or 0..=1 with no data.
pub(crate) fn usable_range(range: (f64, f64), data: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = range;
    if lo.is_finite() && hi.is_finite() && hi > lo && (hi - lo).is_finite() {
        return (lo, hi);
    }
    let (min, max) = data
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let (lo, hi) = if max > min {
        (min, max)
    } else {
        (min - 1.0, min + 1.0)
    };
    if lo.is_finite() && hi.is_finite() && hi > lo && (hi - lo).is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// Ticks inside `lo..=hi` at a step of 1, 2 or 5 × 10ⁿ, about `target` intervals.
/// Expects a range from [`usable_range`].
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    if !(step.is_finite() && step > 0.0) {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil();
    let slack = span * 1e-9;
    (0..MAX_TICKS)
        .map(|k| (first + k as f64) * step)
        .take_while(|t| *t <= hi + slack)
        .collect()
}

/// A tick's label when it is a whole number (written without separators), else `None`.
pub(crate) fn whole_label(v: f64) -> Option<String> {
    let r = v.round();
    if !v.is_finite() || (v - r).abs() > 1e-6 * v.abs().max(1.0) || r.abs() >= 1e15 {
        return None;
    }
    // `-0` would print with its sign.
    Some(format!("{:.0}", r + 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_axis_ticks_by_twenty() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(35.0, 95.0, 5), vec![40.0, 60.0, 80.0]);
        assert_eq!(ticks(0.0, 1.0, 5).len(), 6);
    }

    #[test]
    fn only_whole_numbers_get_labels() {
        assert_eq!(whole_label(20.0).as_deref(), Some("20"));
        assert_eq!(whole_label(-0.0).as_deref(), Some("0"));
        assert_eq!(whole_label(0.1 * 3.0 * 10.0).as_deref(), Some("3"));
        assert_eq!(whole_label(0.2), None);
        assert_eq!(whole_label(f64::NAN), None);
    }

    #[test]
    fn unusable_ranges_fall_back() {
        assert_eq!(usable_range((0.0, 100.0), [].into_iter()), (0.0, 100.0));
        assert_eq!(
            usable_range((5.0, 5.0), [3.0, f64::NAN, 9.0].into_iter()),
            (3.0, 9.0)
        );
        assert_eq!(usable_range((f64::NAN, 1.0), [4.0].into_iter()), (3.0, 5.0));
        assert_eq!(usable_range((1.0, 0.0), [].into_iter()), (0.0, 1.0));
        let (lo, hi) = usable_range((-f64::MAX, f64::MAX), [].into_iter());
        assert!(lo < hi && (hi - lo).is_finite());
        let (lo, hi) = usable_range((0.0, 0.0), [-f64::MAX, f64::MAX].into_iter());
        assert!(lo < hi && (hi - lo).is_finite());
        let (lo, hi) = usable_range((0.0, 0.0), [f64::MAX].into_iter());
        assert!(lo < hi && (hi - lo).is_finite());
        assert!(ticks(f64::NAN, 1.0, 5).is_empty());
        assert!(ticks(0.0, 1e300, 5).len() <= MAX_TICKS);
    }
}
