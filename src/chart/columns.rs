//! Vertical columns with their value labels on top and an integer-looking y axis,
//! e.g. how many agencies fall in each band.

use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::svg::{self, Font, GRID, INK, MUTED, OUTLINE, PAD, TITLE_BAND};

/// One column. `value_label` is shown as given (already formatted).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    pub color: String,
}

const WIDTH: i32 = 600;
/// Height of the plot itself; the whole chart is about 320 high.
const PLOT_H: i32 = 200;
const TEXT_PX: f64 = 15.0;
const LINE: f64 = 18.0;
const TICK_PX: f64 = 13.0;
/// Tick labels wider than this (absurdly large counts) are shortened.
const TICK_MAX_W: f64 = 90.0;
const COLUMN_MAX_W: f64 = 80.0;
/// Room above the plot for the value label of the highest column.
const VALUE_ROOM: i32 = 24;
/// Category labels take at most this many lines.
const LABEL_LINES: usize = 2;

/// Vertical columns with value labels on top (e.g. the number of agencies in each band). Integer-looking y axis.
///
/// Negative, NaN and infinite values are drawn as 0 (the axis starts at 0).
pub fn columns(title: &str, desc: &str, items: &[Column]) -> String {
    if items.is_empty() {
        return svg::empty("columns", title, desc, WIDTH as u32);
    }
    let max = items
        .iter()
        .map(|c| svg::finite_nonneg(c.value))
        .fold(0.0, f64::max);
    let (step, ticks) = integer_ticks(max);
    let top_value = step * ticks as f64;
    let tick_labels: Vec<String> = (0..=ticks)
        .map(|k| format!("{:.0}", step * k as f64))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|t| svg::text_width(t, TICK_PX))
        .fold(0.0, f64::max)
        .min(TICK_MAX_W);

    let plot_left = f64::from(PAD) + tick_w + 8.0;
    let plot_right = f64::from(WIDTH - PAD);
    let slot = (plot_right - plot_left) / items.len() as f64;
    let blocks: Vec<svg::Wrapped> = items
        .iter()
        .map(|c| svg::wrap(&c.label, TEXT_PX, slot - 6.0, LABEL_LINES))
        .collect();
    let label_lines = blocks.iter().map(|b| b.lines.len()).max().unwrap_or(0);
    let label_room = (label_lines as f64 * LINE).ceil() as i32 + 8;

    let plot_top = TITLE_BAND + 6 + VALUE_ROOM;
    let plot_bottom = plot_top + PLOT_H;
    let height = plot_bottom + label_room + PAD;
    let plot_h = f64::from(PLOT_H);
    let y_of = |v: f64| -> i32 {
        let f = if top_value > 0.0 {
            svg::finite_nonneg(v).min(top_value) / top_value
        } else {
            0.0
        };
        (f64::from(plot_bottom) - f * plot_h).round() as i32
    };
    let col_w = (slot * 0.6).clamp(1.0, COLUMN_MAX_W);

    svg::render("columns", title, desc, (WIDTH as u32, height as u32), |p| {
        p.title(title, WIDTH);
        let (left, right) = (plot_left.round() as i32, plot_right.round() as i32);
        for (k, label) in tick_labels.iter().enumerate() {
            let y = y_of(step * k as f64);
            if k > 0 {
                p.path(vec![(left, y), (right, y)], GRID, 1);
            }
            p.fitted_text(
                label,
                (left - 6, y),
                Font::new(TICK_PX, MUTED),
                HPos::Right,
                TICK_MAX_W,
            );
        }
        for (i, item) in items.iter().enumerate() {
            let xc = plot_left + slot * (i as f64 + 0.5);
            let (x0, x1) = (
                (xc - col_w / 2.0).round() as i32,
                (xc + col_w / 2.0).round() as i32,
            );
            let mut y = y_of(item.value);
            if y == plot_bottom && svg::finite_nonneg(item.value) > 0.0 {
                y -= 1;
            }
            if y < plot_bottom {
                let color = svg::parse_color(&item.color);
                p.rect(
                    (x0, y),
                    (x1, plot_bottom),
                    Some(color.to_rgba()),
                    Some(OUTLINE),
                );
            }
            let xi = xc.round() as i32;
            p.fitted_text(
                &item.value_label,
                (xi, y - 12),
                Font::new(TEXT_PX, INK).bold(),
                HPos::Center,
                slot - 4.0,
            );
            let k = blocks[i].lines.len() as f64;
            p.lines(
                &blocks[i],
                (xi, f64::from(plot_bottom) + 4.0 + k * LINE / 2.0),
                Font::new(TEXT_PX, INK),
                HPos::Center,
                LINE,
            );
        }
        p.path(vec![(left, plot_bottom), (right, plot_bottom)], OUTLINE, 1);
    })
}

/// A whole-number tick step (1, 2, 5 × 10ⁿ) and how many steps reach `max`,
/// aiming at no more than five steps. `max` 0 gives one step of 1.
fn integer_ticks(max: f64) -> (f64, usize) {
    if !(max.is_finite() && max > 0.0) {
        return (1.0, 1);
    }
    let raw = max / 5.0;
    let step = if raw <= 1.0 {
        1.0
    } else {
        let magnitude = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude)
    };
    let steps = (max / step).ceil().clamp(1.0, 50.0) as usize;
    (step, steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(label: &str, value: f64) -> Column {
        Column {
            label: label.to_string(),
            value,
            value_label: format!("{value}"),
            color: "#91bfdb".to_string(),
        }
    }

    const OUTLINED: &str = "fill=\"none\" stroke=\"#333333\"";

    #[test]
    fn one_outlined_column_per_nonzero_item() {
        let items = [col("AA", 2.0), col("A", 5.0), col("BB", 0.0), col("B", 9.0)];
        let out = columns("Sebaran predikat", "Jumlah instansi per predikat", &items);
        super::super::tests_support::assert_valid(
            &out,
            "Sebaran predikat",
            "Jumlah instansi per predikat",
        );
        assert_eq!(out.matches(OUTLINED).count(), 3);
        for label in ["AA", "A", "BB", "B", "2", "5", "0", "9"] {
            assert!(out.contains(&format!(">\n{label}\n</text>")), "{label}");
        }
    }

    #[test]
    fn ticks_are_whole_numbers() {
        assert_eq!(integer_ticks(0.0), (1.0, 1));
        assert_eq!(integer_ticks(1.0), (1.0, 1));
        assert_eq!(integer_ticks(3.0), (1.0, 3));
        assert_eq!(integer_ticks(9.0), (2.0, 5));
        assert_eq!(integer_ticks(23.0), (5.0, 5));
        assert_eq!(integer_ticks(140.0), (50.0, 3));
        assert_eq!(integer_ticks(f64::NAN), (1.0, 1));
        let (step, n) = integer_ticks(1e300);
        assert!(step.is_finite() && n >= 1);
    }

    #[test]
    fn odd_values_do_not_panic() {
        let items = [
            col("nan", f64::NAN),
            col("inf", f64::INFINITY),
            col("neg", -4.0),
        ];
        let out = columns("t", "d", &items);
        assert!(out.starts_with("<svg"));
        assert!(columns("t", "d", &[]).starts_with("<svg"));
        assert!(columns("t", "d", &[col("zero", 0.0)]).contains(">\n1\n</text>"));
        let many: Vec<Column> = (0..60)
            .map(|i| col(&format!("Band {i}"), i as f64))
            .collect();
        assert!(columns("t", "d", &many).starts_with("<svg"));
    }
}
