//! Horizontal bars: one row per item, a light track standing for the item's
//! maximum and the bar for its value; label at the left, value label at the right.

use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::svg::{self, Font, INK, OUTLINE, PAD, TITLE_BAND, TRACK};

/// One row of a bar chart. `value_label` is shown as given (already formatted).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub max: f64,
    pub value_label: String,
    pub color: String,
}

const WIDTH: i32 = 600;
const ROW: i32 = 28;
/// A label too long for one line takes two, and its row grows by this much.
const SECOND_LINE: i32 = 17;
const LABEL_LINES: usize = 2;
const BAR_H: i32 = 18;
const TEXT_PX: f64 = 15.0;
/// Labels never take more than this share of the width.
const LABEL_SHARE: f64 = 0.42;
const VALUE_MAX_W: f64 = 140.0;
const GAP: f64 = 10.0;
/// The bar area never gets narrower than this, however long the labels.
const MIN_BAR_AREA: f64 = 120.0;

/// Horizontal bars: one row per item, a light track for `max` and the bar for `value`, the label at the left and value_label at the right.
/// Used for "each area's score against its maximum" and for "every agency's score on a criterion, ranked".
///
/// All rows share one scale, the largest `max` (or value) among them, so tracks of
/// different length show items with different maxima. Negative, NaN and infinite
/// numbers are drawn as 0; a value above its `max` overruns the track.
pub fn bars(title: &str, desc: &str, items: &[Bar]) -> String {
    if items.is_empty() {
        return svg::empty("bars", title, desc, WIDTH as u32);
    }
    let width = f64::from(WIDTH);
    let pad = f64::from(PAD);
    let top = TITLE_BAND + 6;

    let widest = |f: &dyn Fn(&Bar) -> &str| {
        items
            .iter()
            .map(|b| svg::text_width(&svg::clean(f(b)), TEXT_PX))
            .fold(0.0, f64::max)
    };
    let value_w = widest(&|b| &b.value_label).min(VALUE_MAX_W);
    let label_room = width - 2.0 * pad - value_w - 2.0 * GAP - MIN_BAR_AREA;
    let label_w = widest(&|b| &b.label)
        .min(width * LABEL_SHARE)
        .min(label_room.max(0.0));
    let bar_x0 = pad + label_w + if label_w > 0.0 { GAP } else { 0.0 };
    let bar_x1 = width - pad - value_w - if value_w > 0.0 { GAP } else { 0.0 };
    let full = (bar_x1 - bar_x0).max(1.0);

    let blocks: Vec<svg::Wrapped> = items
        .iter()
        .map(|b| svg::wrap(&b.label, TEXT_PX, label_w, LABEL_LINES))
        .collect();
    // Centre line of each row, rows growing for two-line labels.
    let mut centres = Vec::with_capacity(items.len());
    let mut y = top;
    for block in &blocks {
        let row = ROW + SECOND_LINE * (block.lines.len().max(1) as i32 - 1);
        centres.push(y + row / 2);
        y += row;
    }
    let height = y + PAD;

    let scale = items
        .iter()
        .map(|b| svg::finite_nonneg(b.max).max(svg::finite_nonneg(b.value)))
        .fold(0.0, f64::max);
    let length = |v: f64| {
        if scale > 0.0 {
            (full * svg::finite_nonneg(v) / scale).round() as i32
        } else {
            0
        }
    };

    svg::render("bars", title, desc, (WIDTH as u32, height as u32), |p| {
        p.title(title, WIDTH);
        let x0 = bar_x0.round() as i32;
        for (i, item) in items.iter().enumerate() {
            let yc = centres[i];
            let (y0, y1) = (yc - BAR_H / 2, yc + BAR_H / 2);
            p.rect(
                (x0, y0),
                (x0 + length(item.max), y1),
                Some(TRACK.to_rgba()),
                None,
            );
            let mut bar = length(item.value);
            if bar == 0 && svg::finite_nonneg(item.value) > 0.0 {
                bar = 1;
            }
            if bar > 0 {
                let color = svg::parse_color(&item.color);
                p.rect(
                    (x0, y0),
                    (x0 + bar, y1),
                    Some(color.to_rgba()),
                    Some(OUTLINE),
                );
            }
            let font = Font::new(TEXT_PX, INK);
            p.lines(
                &blocks[i],
                (PAD, f64::from(yc)),
                font,
                HPos::Left,
                f64::from(SECOND_LINE),
            );
            p.fitted_text(
                &item.value_label,
                (WIDTH - PAD, yc),
                font,
                HPos::Right,
                value_w,
            );
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, max: f64) -> Bar {
        Bar {
            label: label.to_string(),
            value,
            max,
            value_label: format!("{value:.1}"),
            color: "#4575b4".to_string(),
        }
    }

    const TRACK_RECT: &str = "fill=\"#E8E8E8\"";
    const OUTLINED: &str = "fill=\"none\" stroke=\"#333333\"";

    #[test]
    fn one_track_per_item_and_one_bar_per_nonzero_value() {
        let items = [
            bar("Manajemen Perubahan", 4.2, 5.0),
            bar("Deregulasi", 0.0, 5.0),
            bar("Penataan Tata Laksana", 7.5, 10.0),
        ];
        let out = bars("Skor per area", "Skor tiap area terhadap maksimum", &items);
        super::super::tests_support::assert_valid(
            &out,
            "Skor per area",
            "Skor tiap area terhadap maksimum",
        );
        assert_eq!(out.matches(TRACK_RECT).count(), 3);
        assert_eq!(out.matches(OUTLINED).count(), 2);
        assert!(out.contains(">\n4.2\n</text>") && out.contains(">\n7.5\n</text>"));
    }

    #[test]
    fn height_grows_with_rows() {
        let few = bars("t", "d", &[bar("a", 1.0, 2.0)]);
        let many: Vec<Bar> = (0..30)
            .map(|i| bar(&format!("Dinas {i}"), 1.0, 2.0))
            .collect();
        let many = bars("t", "d", &many);
        let h = |s: &str| -> i32 {
            let v = s.split("viewBox=\"0 0 ").nth(1).unwrap_or("");
            v.split(['"', ' '])
                .nth(1)
                .and_then(|x| x.parse().ok())
                .unwrap_or(0)
        };
        assert!(h(&many) - h(&few) >= 29 * 26, "{} {}", h(&few), h(&many));
    }

    #[test]
    fn odd_numbers_do_not_panic() {
        let items = [
            bar("nan", f64::NAN, f64::NAN),
            bar("inf", f64::INFINITY, f64::NEG_INFINITY),
            bar("neg", -3.0, 5.0),
            bar("over", 9.0, 5.0),
        ];
        let out = bars("t", "d", &items);
        assert_eq!(out.matches(TRACK_RECT).count(), 4);
        let zeros = [bar("a", 0.0, 0.0), bar("b", 0.0, 0.0)];
        let out = bars("t", "d", &zeros);
        assert_eq!(out.matches(OUTLINED).count(), 0);
        assert!(bars("t", "d", &[]).starts_with("<svg"));
    }

    #[test]
    fn very_long_labels_are_shortened_with_the_full_text_kept() {
        let long = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Bantul Daerah Istimewa Yogyakarta Indonesia";
        let out = bars("t", "d", &[bar(long, 1.0, 2.0)]);
        assert!(out.contains('\u{2026}'));
        assert!(out.contains(&format!("<title>{long}</title>")));
    }
}
