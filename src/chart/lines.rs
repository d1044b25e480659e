//! Lines over ordered categories (e.g. periods): one line with markers per
//! series, the value label at each point, and optional thin dashed threshold
//! lines (e.g. band boundaries) labelled at the right.

use plotters::style::text_anchor::HPos;

use super::decorate::{self, Touch};
use super::legend::{self, Legend, Swatch};
use super::svg::{self, Font, GRID, INK, MUTED, OUTLINE, PAD, TITLE_BAND};
use super::ticks;

/// One line: `values[i]` belongs to category `i`, `labels[i]` is its text, shown as given
/// (already formatted). `None` leaves a gap in the line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub labels: Vec<String>,
    pub color: String,
}

/// A horizontal reference line at `value`, with its label at the right.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub label: String,
}

const WIDTH: i32 = 600;
const PLOT_H: i32 = 220;
const TICK_PX: f64 = 12.0;
const VALUE_PX: f64 = 12.0;
/// Least distance between the centres of two value labels at one category.
const VALUE_STEP: i32 = 14;
/// Room above the plot for the label of a point at the top of the range.
const VALUE_ROOM: i32 = 20;
const CATEGORY_PX: f64 = 13.0;
const CATEGORY_LINE: f64 = 16.0;
const CATEGORY_LINES: usize = 2;
/// Longest a turned category label may be.
const TURNED_MAX: f64 = 120.0;
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;
const THRESHOLD_PX: f64 = 12.0;
const THRESHOLD_MAX: f64 = 130.0;
const THRESHOLD_STEP: i32 = 13;
const THRESHOLD_DASH: &str = "4 3";
/// Threshold lines run this far past the plot, towards their label.
const THRESHOLD_REACH: i32 = 4;
const LINE_WIDTH: u32 = 2;

/// Lines over ordered categories (e.g. periods): one polyline with markers per series (a new polyline after
/// each gap left by `None`), value labels at each point, y range given (e.g. 0..100), optional horizontal
/// threshold lines (e.g. band boundaries) drawn thin and dashed with their label at the right.
/// A legend names the series when there is more than one.
///
/// An empty or non-finite `y_range` falls back to the span of the data; values outside it are drawn
/// on its edge; NaN and infinite values are treated as `None`. Thresholds outside the range are not
/// drawn. Whole-number ticks are labelled.
pub fn lines(
    title: &str,
    desc: &str,
    categories: &[String],
    series: &[LineSeries],
    y_range: (f64, f64),
    thresholds: &[Threshold],
) -> String {
    if categories.is_empty() || series.is_empty() {
        return svg::empty("lines", title, desc, WIDTH as u32);
    }
    let n = categories.len();
    let value =
        |s: &LineSeries, i: usize| s.values.get(i).copied().flatten().filter(|v| v.is_finite());
    let (lo, hi) = ticks::usable_range(
        y_range,
        series
            .iter()
            .flat_map(|s| (0..n).filter_map(move |i| value(s, i))),
    );
    let marks: Vec<(f64, Option<String>)> = ticks::ticks(lo, hi, 5)
        .into_iter()
        .map(|t| (t, ticks::whole_label(t)))
        .collect();
    let tick_w = marks
        .iter()
        .filter_map(|(_, l)| l.as_deref())
        .map(|l| svg::text_width(l, TICK_PX))
        .fold(0.0, f64::max);
    let shown: Vec<&Threshold> = thresholds
        .iter()
        .filter(|t| t.value.is_finite() && t.value >= lo && t.value <= hi)
        .collect();
    let threshold_w = shown
        .iter()
        .map(|t| svg::text_width(&svg::clean(&t.label), THRESHOLD_PX))
        .fold(0.0, f64::max)
        .min(THRESHOLD_MAX);

    let pad = f64::from(PAD);
    let width = f64::from(WIDTH);
    let right = if shown.is_empty() {
        width - pad
    } else {
        (width - pad - threshold_w - 8.0).floor()
    };
    // Category labels: wrapped under their point when every word fits, turned by 45° otherwise.
    let mut left = (pad + tick_w + 8.0).round();
    let slot = (right - left) / n as f64;
    let blocks: Vec<svg::Wrapped> = categories
        .iter()
        .map(|c| svg::wrap(c, CATEGORY_PX, slot - 4.0, CATEGORY_LINES))
        .collect();
    let turned = blocks.iter().any(|b| b.cut);
    let turned_w: Vec<f64> = categories
        .iter()
        .map(|c| svg::text_width(&svg::clean(c), CATEGORY_PX).min(TURNED_MAX))
        .collect();
    if turned {
        // The first label runs down and to the left of its point: keep it inside the
        // chart, as long as every category keeps at least a unit of width.
        let reach = turned_w[0] * SIN45 + CATEGORY_PX - slot / 2.0;
        let limit = right - n as f64;
        left = left.max((pad + reach).ceil().min(limit));
    }
    let slot = (right - left) / n as f64;

    let legend = if series.len() > 1 {
        let items = series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let color = svg::parse_color(&s.color);
                (s.name.clone(), Swatch::Line { color, series: i })
            })
            .collect();
        Legend::new(items, width - 2.0 * pad)
    } else {
        Legend::new(Vec::new(), width)
    };
    let legend_top = TITLE_BAND;
    let top = legend_top + legend.height() + 4 + VALUE_ROOM;
    let bottom = top + PLOT_H;
    let label_room = if turned {
        turned_w.iter().fold(0.0, |a: f64, &w| a.max(w)) * SIN45 + CATEGORY_PX + 8.0
    } else {
        let lines = blocks.iter().map(|b| b.lines.len()).max().unwrap_or(0);
        lines as f64 * CATEGORY_LINE + 6.0
    };
    let height = bottom + label_room.ceil() as i32 + PAD;

    let span = hi - lo;
    let sy = |v: f64| {
        let f = ((v - lo) / span).clamp(0.0, 1.0);
        (f64::from(bottom) - f * f64::from(PLOT_H)).round() as i32
    };
    let sx = |i: usize| (left + slot * (i as f64 + 0.5)).round() as i32;
    let (l, r) = (left as i32, right as i32);

    let mut touches = Vec::new();
    let doc = svg::render("lines", title, desc, (WIDTH as u32, height as u32), |p| {
        p.title(title, WIDTH);
        legend.draw(p, PAD, legend_top, width - 2.0 * pad);

        let tick_font = Font::new(TICK_PX, MUTED);
        let ys: Vec<i32> = shown.iter().map(|t| sy(t.value)).collect();
        for (v, label) in &marks {
            let y = sy(*v);
            // A threshold on a grid line replaces it, so that it stays visibly dashed.
            if !ys.contains(&y) {
                p.path(vec![(l, y), (r, y)], GRID, 1);
            }
            if let Some(label) = label {
                p.text(label, (l - 6, y), tick_font, HPos::Right);
            }
        }
        p.path(vec![(l, bottom), (r, bottom)], OUTLINE, 1);

        // Thresholds: dashed lines, labels at the right kept apart.
        let label_ys = spread(&ys, THRESHOLD_STEP, top - VALUE_ROOM, height - PAD);
        for ((t, &y), &ly) in shown.iter().zip(&ys).zip(&label_ys) {
            let line = vec![(l, y), (r + THRESHOLD_REACH, y)];
            p.path(line.clone(), MUTED, 1);
            touches.push(Touch::polyline(&line).attr("stroke-dasharray", THRESHOLD_DASH));
            p.fitted_text(
                &t.label,
                (r + THRESHOLD_REACH + 4, ly),
                Font::new(THRESHOLD_PX, MUTED),
                HPos::Left,
                THRESHOLD_MAX,
            );
        }

        let category_font = Font::new(CATEGORY_PX, INK);
        for (k, block) in blocks.iter().enumerate() {
            if turned {
                let at = (sx(k) + 4, bottom + 10);
                p.fitted_text(&categories[k], at, category_font, HPos::Right, TURNED_MAX);
                touches.push(
                    Touch::text(at).attr("transform", format!("rotate(-45, {}, {})", at.0, at.1)),
                );
            } else {
                let lines = block.lines.len() as f64;
                let centre = f64::from(bottom) + 6.0 + lines * CATEGORY_LINE / 2.0;
                p.lines(
                    block,
                    (sx(k), centre),
                    category_font,
                    HPos::Center,
                    CATEGORY_LINE,
                );
            }
        }

        // Lines (one polyline per unbroken run), then markers.
        for (si, s) in series.iter().enumerate() {
            let color = svg::parse_color(&s.color);
            let mut run: Vec<(i32, i32)> = Vec::new();
            for i in 0..=n {
                match (i < n).then(|| value(s, i)).flatten() {
                    Some(v) => run.push((sx(i), sy(v))),
                    None => p.path(std::mem::take(&mut run), color, LINE_WIDTH),
                }
            }
            for (i, category) in categories.iter().enumerate() {
                if let Some(v) = value(s, i) {
                    let at = (sx(i), sy(v));
                    legend::marker(p, si, at, color);
                    let label = s.labels.get(i).map_or("", String::as_str);
                    touches.push(legend::marker_touch(si, at).title(&format!(
                        "{} \u{2013} {}: {}",
                        svg::clean(&s.name),
                        svg::clean(category),
                        svg::clean(label)
                    )));
                }
            }
        }

        // Value labels: at each category, the highest point's above it, the others below
        // theirs, pushed apart where they would meet.
        for i in 0..n {
            let mut items: Vec<(i32, usize, &str)> = series
                .iter()
                .enumerate()
                .filter_map(|(si, s)| {
                    let v = value(s, i)?;
                    let label = s.labels.get(i)?;
                    (!svg::clean(label).is_empty()).then_some((sy(v), si, label.as_str()))
                })
                .collect();
            items.sort_by_key(|&(y, si, _)| (y, si));
            let wanted: Vec<i32> = items
                .iter()
                .enumerate()
                .map(|(k, &(y, _, _))| {
                    if k == 0 && y - 12 >= top - VALUE_ROOM + 7 {
                        y - 12
                    } else {
                        y + 13
                    }
                })
                .collect();
            let placed = spread(&wanted, VALUE_STEP, top - VALUE_ROOM + 7, bottom - 7);
            for (&(_, si, label), &y) in items.iter().zip(&placed) {
                // In the series' colour (darkened to read on white) when there are several.
                let color = if series.len() > 1 {
                    legend::ink(svg::parse_color(&series[si].color))
                } else {
                    INK
                };
                p.fitted_text(
                    label,
                    (sx(i), y),
                    Font::new(VALUE_PX, color),
                    HPos::Center,
                    slot - 4.0,
                );
                touches.push(Touch::text((sx(i), y)).halo());
            }
        }
    });
    decorate::apply(doc, &touches)
}

/// Centres for labels wanted at `wanted` (any order), at least `step` apart, kept
/// within `lo..=hi` where there is room, each as near its wish as that allows.
/// The result is in the order of `wanted`.
fn spread(wanted: &[i32], step: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&k| (wanted[k], k));
    let mut ys: Vec<i32> = order
        .iter()
        .map(|&k| wanted[k].clamp(lo, hi.max(lo)))
        .collect();
    for k in 1..ys.len() {
        ys[k] = ys[k].max(ys[k - 1] + step);
    }
    if let Some(last) = ys.last_mut() {
        *last = (*last).min(hi.max(lo));
    }
    for k in (0..ys.len().saturating_sub(1)).rev() {
        ys[k] = ys[k].min(ys[k + 1] - step);
    }
    let mut out = vec![0; wanted.len()];
    for (k, y) in order.into_iter().zip(ys) {
        out[k] = y;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn line(name: &str, values: &[Option<f64>], color: &str) -> LineSeries {
        LineSeries {
            name: name.to_string(),
            values: values.to_vec(),
            labels: values
                .iter()
                .map(|v| v.map_or(String::new(), |v| format!("{v:.1}")))
                .collect(),
            color: color.to_string(),
        }
    }

    fn bands() -> Vec<Threshold> {
        [(90.0, "AA"), (80.0, "A"), (70.0, "BB"), (60.0, "B")]
            .into_iter()
            .map(|(value, label)| Threshold {
                value,
                label: label.to_string(),
            })
            .collect()
    }

    /// Data polylines of one colour: two points or more, below the legend.
    fn polylines_in(svg: &str, color: &str) -> usize {
        let key = format!("stroke=\"{color}\" stroke-width=\"2\" points=\"");
        svg.split(&key)
            .skip(1)
            .filter(|rest| {
                let points = rest.split('"').next().unwrap_or("");
                let first_y: i32 = points
                    .split([',', ' '])
                    .nth(1)
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(0);
                let legend_swatch = points.split(' ').filter(|p| !p.is_empty()).count() == 2
                    && first_y < TITLE_BAND + 30;
                !legend_swatch
            })
            .count()
    }

    #[test]
    fn one_polyline_per_series_and_one_dashed_line_per_threshold() {
        let c = cats(&["2021", "2022", "2023", "2024"]);
        let s = [
            line(
                "Instansi",
                &[Some(61.0), Some(70.5), Some(78.0), Some(84.2)],
                "#4575b4",
            ),
            line(
                "Rata-rata",
                &[Some(55.0), Some(60.0), Some(66.0), Some(71.0)],
                "#d73027",
            ),
        ];
        let out = lines("Tren", "Indeks per tahun", &c, &s, (0.0, 100.0), &bands());
        super::super::tests_support::assert_valid(&out, "Tren", "Indeks per tahun");
        assert_eq!(polylines_in(&out, "#4575B4"), 1);
        assert_eq!(polylines_in(&out, "#D73027"), 1);
        assert_eq!(out.matches("stroke-dasharray=\"4 3\"").count(), 4);
        let m = MUTED;
        let dashed = format!(
            "stroke=\"#{:02X}{:02X}{:02X}\" stroke-width=\"1\"",
            m.0, m.1, m.2
        );
        assert!(out.contains(&dashed));
        for t in [
            "AA",
            "BB",
            "70.5",
            "84.2",
            "71.0",
            "2024",
            "Rata-rata",
            "100",
        ] {
            assert!(out.contains(&format!(">\n{t}\n</text>")), "{t}");
        }
        assert!(out.contains("<title>Instansi \u{2013} 2022: 70.5</title>"));
        // Eight markers carry a title.
        assert_eq!(
            out.matches("</circle>").count() + out.matches("</rect>").count(),
            8
        );
    }

    #[test]
    fn gaps_break_the_line() {
        let c = cats(&["a", "b", "c", "d", "e"]);
        let s = [line(
            "s",
            &[Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)],
            "#4575b4",
        )];
        let out = lines("t", "d", &c, &s, (0.0, 5.0), &[]);
        assert_eq!(polylines_in(&out, "#4575B4"), 2);
        assert!(!out.contains("stroke-dasharray"));
        // A single series needs no legend.
        assert!(!out.contains(">\ns\n</text>"));
    }

    #[test]
    fn thresholds_outside_the_range_are_left_out() {
        let c = cats(&["a", "b"]);
        let s = [line("s", &[Some(50.0), Some(60.0)], "#000000")];
        let mut t = bands();
        t.push(Threshold {
            value: 150.0,
            label: "over".into(),
        });
        t.push(Threshold {
            value: f64::NAN,
            label: "nan".into(),
        });
        let out = lines("t", "d", &c, &s, (0.0, 100.0), &t);
        assert_eq!(out.matches("stroke-dasharray").count(), 4);
        assert!(!out.contains("over") && !out.contains(">\nnan\n"));
    }

    #[test]
    fn close_value_labels_are_kept_apart() {
        assert_eq!(spread(&[100, 100, 101], 14, 0, 500), vec![100, 114, 128]);
        assert_eq!(spread(&[495, 490], 14, 0, 500), vec![500, 486]);
        assert_eq!(spread(&[], 14, 0, 10), Vec::<i32>::new());
        let c = cats(&["a", "b"]);
        let s = [
            line("s1", &[Some(50.0), Some(50.0)], "#000000"),
            line("s2", &[Some(50.5), Some(50.0)], "#111111"),
        ];
        let out = lines("t", "d", &c, &s, (0.0, 100.0), &[]);
        let ys: Vec<i32> = out
            .split("<text x=\"")
            .filter(|t| t.contains(">\n50.0\n") || t.contains(">\n50.5\n"))
            .filter_map(|t| t.split("y=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(ys.len(), 4);
        assert!((ys[0] - ys[1]).abs() >= 14 || (ys[0] - ys[2]).abs() >= 14);
    }

    #[test]
    fn long_categories_are_turned() {
        let c: Vec<String> = (0..10)
            .map(|i| format!("Semester {} {}", ["I", "II"][i % 2], 2019 + i / 2))
            .collect();
        let s = [line("s", &[Some(1.0); 10], "#4575b4")];
        let out = lines("t", "d", &c, &s, (0.0, 5.0), &[]);
        assert_eq!(out.matches("transform=\"rotate(-45, ").count(), 10);
        let short = lines("t", "d", &c[..2], &s, (0.0, 5.0), &[]);
        assert!(!short.contains("rotate("));
        let many: Vec<String> = (0..1000).map(|i| format!("Periode panjang {i}")).collect();
        let out = lines("t", "d", &many, &s, (0.0, 5.0), &[]);
        super::super::tests_support::assert_valid(&out, "t", "d");
    }

    #[test]
    fn odd_values_do_not_panic() {
        let c = cats(&["a", "b", "c"]);
        let s = [
            line(
                "nan",
                &[Some(f64::NAN), Some(f64::INFINITY), Some(-5.0)],
                "zzz",
            ),
            LineSeries {
                name: String::new(),
                values: vec![],
                labels: vec!["x".into(); 9],
                color: String::new(),
            },
        ];
        for range in [(0.0, 100.0), (f64::NAN, f64::NAN), (3.0, 3.0), (10.0, 0.0)] {
            let out = lines("t", "d", &c, &s, range, &bands());
            super::super::tests_support::assert_valid(&out, "t", "d");
        }
        assert!(lines("t", "d", &[], &s, (0.0, 1.0), &[]).starts_with("<svg"));
        assert!(lines("t", "d", &c, &[], (0.0, 1.0), &[]).starts_with("<svg"));
        let one = lines("t", "d", &c[..1], &s, (0.0, 1.0), &[]);
        assert!(one.starts_with("<svg"));
    }
}
