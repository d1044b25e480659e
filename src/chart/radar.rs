//! Radar (spider) chart: one spoke per axis, rings at 25/50/75/100 %, one
//! translucent polygon per series.
//!
//! Rings, spokes and polygons are drawn with the painter's path, polygon and
//! text elements, not a chart context.

use std::f64::consts::PI;

use plotters::prelude::RGBColor;
use plotters::style::text_anchor::HPos;

use super::svg::{self, Font, Wrapped, GRID, INK, MUTED, PAD, TITLE_BAND};

/// One polygon of a radar chart: values are fractions of the axis maximum, in axis order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub color: String,
}

const WIDTH: i32 = 520;
const RADIUS: f64 = 130.0;
/// Distance from the outer ring to the nearest edge of an axis label.
const LABEL_GAP: f64 = 12.0;
const LABEL_PX: f64 = 14.0;
const LABEL_LINE: f64 = 17.0;
const LABEL_LINES: usize = 3;
/// Widest a label above or below the chart may be.
const LABEL_MAX_CENTRED: f64 = 240.0;
const RING_PX: f64 = 11.0;
/// Distance of a ring's value from the ring line.
const RING_LABEL_OFFSET: f64 = 8.0;
const OUTER_RING: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);
const FILL_OPACITY: f64 = 0.18;
const LEGEND_PX: f64 = 14.0;
const LEGEND_ROW: i32 = 24;
const LEGEND_NAME_MAX: f64 = 200.0;

/// Radar (spider) chart: one spoke per axis, rings at 25/50/75/100 %, one filled translucent polygon per series
/// (values are fractions 0..=1, clamp out-of-range, treat NaN as 0), axis labels around, a legend when more than one series.
/// Rings, spokes and polygons are drawn with the painter's primitives (path, polygon, text), not a chart context.
pub fn radar(title: &str, desc: &str, axes: &[String], series: &[Series]) -> String {
    let n = axes.len();
    if n == 0 {
        return svg::empty("radar", title, desc, WIDTH as u32);
    }
    let cx = f64::from(WIDTH) / 2.0;
    let dirs: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
            (snap(a.cos()), snap(a.sin()))
        })
        .collect();

    // Axis labels: anchor, wrapped lines and vertical offset of the block's centre from the chart centre.
    let labels: Vec<AxisLabel> = axes
        .iter()
        .zip(&dirs)
        .map(|(axis, &(c, s))| AxisLabel::new(axis, c, s, cx))
        .collect();
    // Vertical extent of the outer ring (a circle when there are fewer than three spokes).
    let (ring_top, ring_bottom) = if n >= 3 {
        dirs.iter().fold((0.0, 0.0), |(t, b): (f64, f64), &(_, s)| {
            (t.min(RADIUS * s), b.max(RADIUS * s))
        })
    } else {
        (-RADIUS, RADIUS)
    };
    let top = labels
        .iter()
        .map(|l| l.dy - l.height() / 2.0)
        .fold(ring_top, f64::min);
    let bottom = labels
        .iter()
        .map(|l| l.dy + l.height() / 2.0)
        .fold(ring_bottom, f64::max);
    let cy = f64::from(TITLE_BAND) + 8.0 - top;
    let chart_bottom = (cy + bottom).ceil() as i32;

    let legend = if series.len() > 1 {
        Legend::new(series)
    } else {
        Legend::default()
    };
    let legend_top = chart_bottom + 18;
    let height = if legend.rows.is_empty() {
        chart_bottom + PAD + 4
    } else {
        legend_top + LEGEND_ROW * legend.rows.len() as i32 + PAD
    };

    let at = |f: f64, (c, s): (f64, f64)| -> (i32, i32) {
        (
            (cx + RADIUS * f * c).round() as i32,
            (cy + RADIUS * f * s).round() as i32,
        )
    };
    let centre = (cx.round() as i32, cy.round() as i32);

    svg::render("radar", title, desc, (WIDTH as u32, height as u32), |p| {
        p.title(title, WIDTH);

        // Rings (polygons through the spokes; circles when there are too few spokes).
        for (k, f) in [0.25, 0.5, 0.75, 1.0].into_iter().enumerate() {
            let color = if k == 3 { OUTER_RING } else { GRID };
            if n >= 3 {
                let mut ring: Vec<(i32, i32)> = dirs.iter().map(|&d| at(f, d)).collect();
                ring.push(ring[0]);
                p.path(ring, color, 1);
            } else {
                p.ring(centre, (RADIUS * f).round() as u32, color);
            }
        }
        for &d in &dirs {
            p.path(vec![centre, at(1.0, d)], GRID, 1);
        }
        // Ring values: with five spokes or more, just outside each ring halfway
        // between the first two spokes, where no vertex marker can cover them;
        // with fewer (rings too close there) beside the first spoke.
        for (f, label) in [(0.25, "25"), (0.5, "50"), (0.75, "75"), (1.0, "100")] {
            let (x, y, anchor) = if n >= 5 {
                let half = PI / n as f64;
                let d = RADIUS * f * half.cos() + RING_LABEL_OFFSET;
                let a = -PI / 2.0 + half;
                (cx + d * a.cos(), cy + d * a.sin(), HPos::Center)
            } else {
                (cx + 6.0, cy - RADIUS * f + RING_LABEL_OFFSET, HPos::Left)
            };
            let at = (x.round() as i32, y.round() as i32);
            p.text(label, at, Font::new(RING_PX, MUTED), anchor);
        }

        // Series: all fills first so no fill hides another series' outline.
        let shapes: Vec<(Vec<(i32, i32)>, RGBColor)> = series
            .iter()
            .map(|s| {
                let points = dirs
                    .iter()
                    .enumerate()
                    .map(|(i, &d)| at(fraction(s.values.get(i).copied()), d))
                    .collect();
                (points, svg::parse_color(&s.color))
            })
            .collect();
        for (points, color) in &shapes {
            p.polygon(points.clone(), *color, FILL_OPACITY);
        }
        for (i, (points, color)) in shapes.iter().enumerate() {
            let mut outline = points.clone();
            outline.push(points[0]);
            p.path(outline, *color, 2);
            for &pt in points {
                marker(p, i, pt, *color);
            }
        }

        for l in &labels {
            let x = cx + (RADIUS + LABEL_GAP) * l.c;
            p.lines(
                &l.block,
                (x.round() as i32, cy + l.dy),
                Font::new(LABEL_PX, INK),
                l.anchor,
                LABEL_LINE,
            );
        }

        legend.draw(p, legend_top, series);
    })
}

/// cos/sin of the spoke angles, with the tiny residues of 90° multiples made exactly 0.
fn snap(v: f64) -> f64 {
    if v.abs() < 1e-9 {
        0.0
    } else {
        v
    }
}

/// A value as a drawable fraction: missing or NaN is 0, out of range is clamped.
fn fraction(v: Option<f64>) -> f64 {
    match v {
        Some(v) if !v.is_nan() => v.clamp(0.0, 1.0),
        _ => 0.0,
    }
}

/// Vertex marker: a different shape per series so polygons stay apart in greyscale.
fn marker(p: &mut svg::Painter, series: usize, (x, y): (i32, i32), color: RGBColor) {
    match series % 4 {
        0 => p.circle((x, y), 4, color, true),
        1 => p.rect((x - 4, y - 4), (x + 4, y + 4), Some(color.into()), None),
        2 => {
            p.circle((x, y), 4, plotters::prelude::WHITE, true);
            p.circle((x, y), 4, color, false);
        }
        _ => {
            p.rect(
                (x - 4, y - 4),
                (x + 4, y + 4),
                Some(plotters::prelude::WHITE.into()),
                Some(color),
            );
        }
    }
}

struct AxisLabel {
    c: f64,
    anchor: HPos,
    block: Wrapped,
    /// Vertical offset of the block's centre from the chart centre.
    dy: f64,
}

impl AxisLabel {
    fn new(text: &str, c: f64, s: f64, cx: f64) -> Self {
        let x = cx + (RADIUS + LABEL_GAP) * c;
        let width = f64::from(WIDTH);
        let pad = f64::from(PAD);
        let (anchor, max_w) = if c > 0.15 {
            (HPos::Left, width - pad - x)
        } else if c < -0.15 {
            (HPos::Right, x - pad)
        } else {
            let room = 2.0 * (x - pad).min(width - pad - x);
            (HPos::Center, room.min(LABEL_MAX_CENTRED))
        };
        let block = svg::wrap(text, LABEL_PX, max_w, LABEL_LINES);
        let k = block.lines.len() as f64;
        let dy = (RADIUS + LABEL_GAP) * s + s * k * LABEL_LINE / 2.0;
        AxisLabel {
            c,
            anchor,
            block,
            dy,
        }
    }

    fn height(&self) -> f64 {
        self.block.lines.len() as f64 * LABEL_LINE
    }
}

/// Legend rows: for each row, its items (series index, width) and its total width.
#[derive(Default)]
struct Legend {
    rows: Vec<(Vec<(usize, f64)>, f64)>,
}

const SWATCH: f64 = 22.0;
const SWATCH_GAP: f64 = 6.0;
const ITEM_GAP: f64 = 22.0;

impl Legend {
    fn new(series: &[Series]) -> Self {
        let max_row = f64::from(WIDTH - 2 * PAD);
        let mut rows: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
        let mut row: Vec<(usize, f64)> = Vec::new();
        let mut row_w = 0.0;
        for (i, s) in series.iter().enumerate() {
            let (name, _) = svg::truncate(&svg::clean(&s.name), LEGEND_PX, LEGEND_NAME_MAX);
            let w = SWATCH + SWATCH_GAP + svg::text_width(&name, LEGEND_PX);
            let add = if row.is_empty() { w } else { ITEM_GAP + w };
            if !row.is_empty() && row_w + add > max_row {
                rows.push((std::mem::take(&mut row), row_w));
                row_w = w;
            } else {
                row_w += add;
            }
            row.push((i, w));
        }
        if !row.is_empty() {
            rows.push((row, row_w));
        }
        Legend { rows }
    }

    fn draw(&self, p: &mut svg::Painter, top: i32, series: &[Series]) {
        for (r, (items, row_w)) in self.rows.iter().enumerate() {
            let y = top + LEGEND_ROW * r as i32 + LEGEND_ROW / 2;
            let mut x = (f64::from(WIDTH) - row_w) / 2.0;
            for (i, w) in items {
                let color = svg::parse_color(&series[*i].color);
                let x0 = x.round() as i32;
                p.path(vec![(x0, y), (x0 + SWATCH as i32, y)], color, 2);
                marker(p, *i, (x0 + SWATCH as i32 / 2, y), color);
                let full = &series[*i].name;
                p.fitted_text(
                    full,
                    ((x + SWATCH + SWATCH_GAP).round() as i32, y),
                    Font::new(LEGEND_PX, INK),
                    HPos::Left,
                    LEGEND_NAME_MAX,
                );
                x += w + ITEM_GAP;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn series(name: &str, values: &[f64], color: &str) -> Series {
        Series {
            name: name.to_string(),
            values: values.to_vec(),
            color: color.to_string(),
        }
    }

    fn eight_areas() -> Vec<String> {
        axes(&[
            "Manajemen Perubahan",
            "Deregulasi Kebijakan",
            "Penataan dan Penguatan Organisasi",
            "Penataan Tata Laksana",
            "Penataan Sistem Manajemen SDM Aparatur",
            "Penguatan Akuntabilitas",
            "Penguatan Pengawasan",
            "Peningkatan Kualitas Pelayanan Publik",
        ])
    }

    #[test]
    fn one_polygon_per_series() {
        let a = eight_areas();
        for k in 0..5 {
            let s: Vec<Series> = (0..k)
                .map(|i| series(&format!("S{i}"), &[0.5; 8], "#4575b4"))
                .collect();
            let out = radar("Profil", "Skor per area", &a, &s);
            assert_eq!(out.matches("<polygon").count(), k, "{k} series");
        }
    }

    #[test]
    fn structure_and_accessibility() {
        let out = radar(
            "Profil",
            "Skor per area",
            &eight_areas(),
            &[series(
                "2024",
                &[0.1, 0.9, 0.5, 0.3, 1.0, 0.7, 0.2, 0.6],
                "#4575b4",
            )],
        );
        super::super::tests_support::assert_valid(&out, "Profil", "Skor per area");
        assert!(out.contains(">\n25\n</text>"));
        assert!(out.contains(">\n100\n</text>"));
    }

    #[test]
    fn legend_only_with_several_series() {
        let a = eight_areas();
        let one = radar("t", "d", &a, &[series("Satu-satunya", &[0.5; 8], "#000")]);
        assert!(!one.contains("Satu-satunya"));
        let two = radar(
            "t",
            "d",
            &a,
            &[
                series("Tahun 2023", &[0.5; 8], "#4575b4"),
                series("Tahun 2024", &[0.7; 8], "#d73027"),
            ],
        );
        assert!(two.contains("Tahun 2023") && two.contains("Tahun 2024"));
    }

    #[test]
    fn odd_values_do_not_panic() {
        let a = axes(&["A", "B", "C"]);
        let s = [
            series("nan", &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY], "#zzz"),
            series("short", &[2.0], ""),
            series("long", &[-1.0, 0.5, 0.5, 0.5, 0.5], "#abc"),
        ];
        let out = radar("t", "d", &a, &s);
        assert!(!out.contains("NaN") && !out.contains("inf"));
        assert_eq!(out.matches("<polygon").count(), 3);
        for n in 1..=2 {
            let out = radar("t", "d", &a[..n], &s);
            assert!(out.starts_with("<svg"));
        }
        let out = radar("t", "d", &[], &s);
        assert!(out.starts_with("<svg") && !out.contains("<polygon"));
        let out = radar("", "", &a, &[]);
        assert!(out.starts_with("<svg"));
    }
}
