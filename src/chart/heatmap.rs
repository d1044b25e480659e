//! Heatmap: rows (e.g. agencies) by columns (e.g. areas); each cell filled
//! from a sequential colour-blind-safe scale and showing its value label.
//!
//! Column labels stand above the grid, wrapped, or turned by 45° when a word
//! would not fit a column. Every cell carries a `<title>` "row – column: label".

use plotters::prelude::RGBColor;
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::decorate::{self, Touch};
use super::svg::{self, Font, INK, PAD, TITLE_BAND};

/// One row of a heatmap: `cells[i]` is the value (0..=1) in column `i` and
/// `labels[i]` its text, shown as given (already formatted). `None` is no value.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub label: String,
    pub cells: Vec<Option<f64>>,
    pub labels: Vec<String>,
}

/// ColorBrewer YlGnBu, 9 classes: light yellow (0) to dark blue (1).
const YLGNBU9: [(u8, u8, u8); 9] = [
    (0xff, 0xff, 0xd9),
    (0xed, 0xf8, 0xb1),
    (0xc7, 0xe9, 0xb4),
    (0x7f, 0xcd, 0xbb),
    (0x41, 0xb6, 0xc4),
    (0x1d, 0x91, 0xc0),
    (0x22, 0x5e, 0xa8),
    (0x25, 0x34, 0x94),
    (0x08, 0x1d, 0x58),
];
/// A cell without a value: light grey, hatched, so that it reads as "no value" in greyscale too.
const MISSING: RGBColor = RGBColor(0xee, 0xee, 0xee);
const HATCH: RGBColor = RGBColor(0xa8, 0xa8, 0xa8);
const HATCH_STEP: i32 = 6;
const MISSING_TEXT: &str = "\u{2013}";

const MIN_WIDTH: f64 = 520.0;
const COL_MIN: f64 = 64.0;
const COL_MAX: f64 = 110.0;
const ROW_H: i32 = 24;
/// White gap between neighbouring cells.
const GAP: i32 = 2;
const CELL_PX: f64 = 13.0;
const ROW_PX: f64 = 14.0;
const ROW_LABEL_MAX: f64 = 220.0;
const HEAD_PX: f64 = 13.0;
const HEAD_LINE: f64 = 15.0;
const HEAD_LINES: usize = 3;
/// Longest a turned column label may be.
const TURNED_MAX: f64 = 180.0;
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// Heatmap of rows (e.g. agencies, ordered by the caller) by columns (e.g. areas); each cell shows its value
/// label as text (black or white, whichever contrasts more) on a fill from ColorBrewer YlGnBu
/// (light yellow = 0 to dark blue = 1, clamped); `None` and NaN cells are hatched light grey with "–".
/// Column labels at the top (wrapped, or turned −45° when a word does not fit a column), row labels at the left.
/// Each cell also carries a `<title>` "row – col: label". Size grows with rows (24 px per row)
/// and columns (at least 64 px per column, width at least 520).
///
/// A row with fewer cells than columns is padded with `None`; extra cells are ignored.
pub fn heatmap(title: &str, desc: &str, columns: &[String], rows: &[HeatRow]) -> String {
    if columns.is_empty() || rows.is_empty() {
        return svg::empty("heatmap", title, desc, MIN_WIDTH as u32);
    }
    let n = columns.len() as f64;
    let pad = f64::from(PAD);

    let label_w = rows
        .iter()
        .map(|r| svg::text_width(&svg::clean(&r.label), ROW_PX))
        .fold(0.0, f64::max)
        .min(ROW_LABEL_MAX);
    let grid_x0 = (pad + label_w + 10.0).round();
    let col_w = ((MIN_WIDTH - pad - grid_x0) / n)
        .clamp(COL_MIN, COL_MAX)
        .floor();
    let grid_x1 = grid_x0 + n * col_w;

    // Column labels: wrapped in their column when every word fits, turned otherwise.
    let wrapped: Vec<svg::Wrapped> = columns
        .iter()
        .map(|c| svg::wrap(c, HEAD_PX, col_w - 6.0, HEAD_LINES))
        .collect();
    let turned = wrapped.iter().any(|w| w.cut);
    let head_h = if turned {
        let longest = columns
            .iter()
            .map(|c| svg::text_width(&svg::clean(c), HEAD_PX))
            .fold(0.0, f64::max)
            .min(TURNED_MAX);
        (longest * SIN45 + HEAD_PX + 6.0).ceil()
    } else {
        let lines = wrapped.iter().map(|w| w.lines.len()).max().unwrap_or(0);
        (lines as f64 * HEAD_LINE + 6.0).ceil()
    };
    // A turned label runs up and to the right of its column's centre.
    let turned_anchor = |c: usize| (grid_x0 + col_w * (c as f64 + 0.5) - 4.0).round();
    let right_edge = if turned {
        columns
            .iter()
            .enumerate()
            .map(|(c, label)| {
                let w = svg::text_width(&svg::clean(label), HEAD_PX).min(TURNED_MAX);
                turned_anchor(c) + w * SIN45 + HEAD_PX
            })
            .fold(grid_x1, f64::max)
    } else {
        grid_x1
    };
    let width = (right_edge + pad).max(MIN_WIDTH).ceil() as i32;

    let grid_top = TITLE_BAND + 6 + head_h as i32;
    let height = grid_top + ROW_H * rows.len() as i32 + PAD;
    let x_of = |c: usize| (grid_x0 + col_w * c as f64).round() as i32;

    let mut touches = Vec::new();
    let doc = svg::render("heatmap", title, desc, (width as u32, height as u32), |p| {
        p.title(title, width);

        let head_font = Font::new(HEAD_PX, INK);
        for (c, label) in columns.iter().enumerate() {
            let xc = (x_of(c) + x_of(c + 1) - GAP) / 2;
            if turned {
                let at = (turned_anchor(c) as i32, grid_top - 8);
                p.fitted_text(label, at, head_font, HPos::Left, TURNED_MAX);
                touches.push(
                    Touch::text(at).attr("transform", format!("rotate(-45, {}, {})", at.0, at.1)),
                );
            } else {
                let k = wrapped[c].lines.len() as f64;
                let centre = f64::from(grid_top) - 5.0 - k * HEAD_LINE / 2.0;
                p.lines(
                    &wrapped[c],
                    (xc, centre),
                    head_font,
                    HPos::Center,
                    HEAD_LINE,
                );
            }
        }

        for (r, row) in rows.iter().enumerate() {
            let y0 = grid_top + ROW_H * r as i32;
            let yc = y0 + (ROW_H - GAP) / 2;
            p.fitted_text(
                &row.label,
                (PAD, yc),
                Font::new(ROW_PX, INK),
                HPos::Left,
                label_w,
            );
            let row_name = svg::clean(&row.label);
            for (c, column) in columns.iter().enumerate() {
                let (x0, x1) = (x_of(c), x_of(c + 1) - GAP);
                let value = row.cells.get(c).copied().flatten().filter(|v| !v.is_nan());
                let (fill, text_color, text) = match value {
                    Some(v) => {
                        let hex = scale(v);
                        let label = row.labels.get(c).map_or("", String::as_str);
                        (
                            svg::parse_color(&hex),
                            svg::parse_color(super::text_on(&hex)),
                            label,
                        )
                    }
                    None => (MISSING, INK, MISSING_TEXT),
                };
                let y1 = y0 + ROW_H - GAP;
                p.rect((x0, y0), (x1, y1), Some(fill.to_rgba()), None);
                touches.push(Touch::rect((x0, y0), (x1, y1)).title(&format!(
                    "{row_name} \u{2013} {}: {}",
                    svg::clean(column),
                    svg::clean(text)
                )));
                if value.is_none() {
                    for line in hatch((x0, y0), (x1, y1)) {
                        p.path(line, HATCH, 1);
                    }
                }
                let at = ((x0 + x1) / 2, yc);
                p.fitted_text(
                    text,
                    at,
                    Font::new(CELL_PX, text_color),
                    HPos::Center,
                    f64::from(x1 - x0 - 4),
                );
                if value.is_none() {
                    touches.push(
                        Touch::text(at)
                            .attr("stroke", "#EEEEEE")
                            .attr("stroke-width", "4")
                            .attr("class", "halo"),
                    );
                }
            }
        }
    });
    decorate::apply(doc, &touches)
}

/// Diagonal hatching (falling to the right at 45°) clipped to the box between `a` and `b`.
fn hatch(a: (i32, i32), b: (i32, i32)) -> Vec<Vec<(i32, i32)>> {
    let (w, h) = (b.0 - a.0, b.1 - a.1);
    (1..)
        .map(|k| k * HATCH_STEP)
        .take_while(|c| *c < w + h)
        .map(|c| {
            // Points with (x - a.0) + (b.1 - y) = c.
            let start = (a.0 + (c - h).max(0), b.1 - c.min(h));
            let end = (a.0 + c.min(w), b.1 - (c - w).max(0));
            vec![start, end]
        })
        .collect()
}

/// The fill for value `v` (clamped to 0..=1), interpolated along YlGnBu, as `#rrggbb`.
fn scale(v: f64) -> String {
    let v = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
    let last = YLGNBU9.len() - 1;
    let t = v * last as f64;
    let i = (t.floor() as usize).min(last - 1);
    let f = t - i as f64;
    let (a, b) = (YLGNBU9[i], YLGNBU9[i + 1]);
    let mix = |x: u8, y: u8| {
        let m = f64::from(x) + (f64::from(y) - f64::from(x)) * f;
        m.round().clamp(0.0, 255.0) as u8
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn row(label: &str, cells: &[Option<f64>]) -> HeatRow {
        HeatRow {
            label: label.to_string(),
            cells: cells.to_vec(),
            labels: cells
                .iter()
                .map(|c| c.map_or(String::new(), |v| format!("{:.0}%", v * 100.0)))
                .collect(),
        }
    }

    /// Cell rectangles are the ones carrying a title.
    fn cells(svg: &str) -> usize {
        svg.matches("<rect").count() - svg.matches("<rect x=\"0\" y=\"0\"").count()
    }

    #[test]
    fn one_titled_rect_per_cell() {
        let c = cols(&["Area A", "Area B", "Area C"]);
        let rows = [
            row("Dinas Kesehatan", &[Some(0.1), Some(0.5), Some(0.95)]),
            row("Dinas Pendidikan", &[None, Some(0.0), Some(1.0)]),
        ];
        let out = heatmap("Peta", "Capaian per area", &c, &rows);
        super::super::tests_support::assert_valid(&out, "Peta", "Capaian per area");
        assert_eq!(cells(&out), 6);
        assert_eq!(out.matches("</rect>").count(), 6);
        assert!(out.contains("<title>Dinas Kesehatan \u{2013} Area B: 50%</title>"));
        assert!(out.contains("<title>Dinas Pendidikan \u{2013} Area A: \u{2013}</title>"));
        assert!(out.contains(">\n\u{2013}\n</text>"));
        assert!(out.contains(">\n95%\n</text>"));
    }

    #[test]
    fn text_contrasts_with_its_cell() {
        let c = cols(&["A", "B"]);
        let out = heatmap("t", "d", &c, &[row("r", &[Some(0.0), Some(1.0)])]);
        // Light yellow takes black text, dark blue white text.
        assert!(out.contains("fill=\"#FFFFD9\""));
        assert!(out.contains("fill=\"#081D58\""));
        let black = out.find("fill=\"#000000\">\n0%").is_some();
        let white = out.find("fill=\"#FFFFFF\">\n100%").is_some();
        assert!(black && white, "{out}");
    }

    #[test]
    fn hatching_stays_inside_its_cell() {
        let lines = hatch((10, 20), (72, 42));
        assert!(lines.len() >= 10);
        for line in &lines {
            for &(x, y) in line {
                assert!((10..=72).contains(&x) && (20..=42).contains(&y), "{line:?}");
            }
            // Falling to the right at 45°.
            assert_eq!(line[1].0 - line[0].0, line[1].1 - line[0].1);
            assert!(line[1].0 > line[0].0);
        }
        assert!(hatch((0, 0), (0, 0)).is_empty());
    }

    #[test]
    fn scale_runs_light_yellow_to_dark_blue() {
        assert_eq!(scale(0.0), "#ffffd9");
        assert_eq!(scale(1.0), "#081d58");
        assert_eq!(scale(0.5), "#41b6c4");
        assert_eq!(scale(-3.0), "#ffffd9");
        assert_eq!(scale(f64::INFINITY), "#081d58");
        for k in 0..=100 {
            let hex = scale(f64::from(k) / 100.0);
            let t = super::super::text_on(&hex);
            let (lf, lt) = (super::super::luminance(&hex), super::super::luminance(t));
            let ratio = (lf.max(lt) + 0.05) / (lf.min(lt) + 0.05);
            assert!(ratio >= 4.5, "{hex} {t} {ratio}");
        }
    }

    #[test]
    fn size_grows_with_rows_and_columns() {
        let size = |svg: &str| -> (i32, i32) {
            let v = svg.split("viewBox=\"0 0 ").nth(1).unwrap_or("");
            let mut it = v.split(['"', ' ']).filter_map(|x| x.parse().ok());
            (it.next().unwrap_or(0), it.next().unwrap_or(0))
        };
        let few = heatmap("t", "d", &cols(&["A"]), &[row("r", &[Some(0.5)])]);
        let many_cols: Vec<String> = (0..20).map(|i| format!("K{i}")).collect();
        let many_rows: Vec<HeatRow> = (0..30).map(|i| row(&format!("R{i}"), &[])).collect();
        let wide = heatmap("t", "d", &many_cols, &[row("r", &[])]);
        let tall = heatmap("t", "d", &cols(&["A"]), &many_rows);
        assert_eq!(size(&few).0, 520);
        assert!(size(&wide).0 >= 20 * 64, "{:?}", size(&wide));
        assert!(size(&tall).1 - size(&few).1 >= 29 * 24);
        assert_eq!(cells(&tall), 30);
    }

    #[test]
    fn long_column_labels_are_turned() {
        let short = heatmap("t", "d", &cols(&["A", "B"]), &[row("r", &[Some(0.2)])]);
        assert!(!short.contains("rotate("));
        let long = cols(&[
            "Penataan Sistem Manajemen SDM Aparatur",
            "Peningkatan Kualitas Pelayanan Publik",
        ]);
        let out = heatmap("t", "d", &long, &[row("r", &[Some(0.2), Some(0.3)])]);
        assert_eq!(out.matches("transform=\"rotate(-45, ").count(), 2);
        super::super::tests_support::assert_valid(&out, "t", "d");
    }

    #[test]
    fn odd_values_do_not_panic() {
        let c = cols(&["A", "B", "C"]);
        let rows = [
            HeatRow {
                label: String::new(),
                cells: vec![Some(f64::NAN), Some(f64::INFINITY), Some(-2.0), Some(0.5)],
                labels: vec![],
            },
            row("kosong", &[]),
        ];
        let out = heatmap("t", "d", &c, &rows);
        super::super::tests_support::assert_valid(&out, "t", "d");
        assert_eq!(cells(&out), 6);
        assert_eq!(out.matches(">\n\u{2013}\n</text>").count(), 4);
        assert!(heatmap("t", "d", &[], &rows).starts_with("<svg"));
        assert!(heatmap("t", "d", &c, &[]).starts_with("<svg"));
    }
}
