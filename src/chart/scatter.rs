//! Scatter of points on two axes sharing one range (e.g. verified against
//! self-assessed index), with the diagonal y = x as a dashed reference: points
//! above it are higher on the y axis than on the x axis.
//!
//! Each point is one circle with a `<title>`; its name is also written beside
//! it wherever that overlaps nothing else.

use plotters::prelude::{Circle, Color};
use plotters::style::text_anchor::HPos;

use super::decorate::{self, Touch};
use super::svg::{self, Font, GRID, INK, MUTED, OUTLINE, PAD, TITLE_BAND};
use super::ticks;

/// One point. `x` and `y` are in the chart's range; `color` is `#rrggbb`.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub color: String,
}

const WIDTH: i32 = 520;
const TICK_PX: f64 = 12.0;
const AXIS_PX: f64 = 14.0;
const LABEL_PX: f64 = 12.0;
const LABEL_MAX: f64 = 130.0;
const RADIUS: u32 = 6;
const DIAGONAL: &str = "y = x";
const DIAGONAL_DASH: &str = "6 4";
/// Outline of every point (the painter's `OUTLINE`): keeps light colours visible and prints in greyscale.
const OUTLINE_HEX: &str = "#333333";
/// Height of the row holding the y axis title, above the plot.
const Y_TITLE_ROW: i32 = 22;

/// Scatter of points (e.g. agencies: x = verified index, y = self-assessed index, both in `range`, e.g. 0..100),
/// with the diagonal y = x drawn as a dashed reference line labelled "y = x" — points above it are
/// higher on the y axis. Each point is a circle with a `<title>` (its label and both values); axis titles as given.
///
/// Both axes use `range`; an empty or non-finite range falls back to the span of the data.
/// Values outside the range are drawn on its edge (their title keeps the true values); points
/// with a NaN or infinite coordinate are left out. Whole-number ticks are labelled.
/// The values in a point's title are written with up to two decimals and a decimal point.
pub fn scatter(
    title: &str,
    desc: &str,
    x_title: &str,
    y_title: &str,
    range: (f64, f64),
    points: &[Point],
) -> String {
    if points.is_empty() {
        return svg::empty("scatter", title, desc, WIDTH as u32);
    }
    let (lo, hi) = ticks::usable_range(range, points.iter().flat_map(|p| [p.x, p.y]));
    let marks: Vec<(f64, Option<String>)> = ticks::ticks(lo, hi, 5)
        .into_iter()
        .map(|t| (t, ticks::whole_label(t)))
        .collect();
    let tick_w = marks
        .iter()
        .filter_map(|(_, l)| l.as_deref())
        .map(|l| svg::text_width(l, TICK_PX))
        .fold(0.0, f64::max);

    let pad = f64::from(PAD);
    let left = (pad + tick_w + 8.0).round();
    let diagonal_w = svg::text_width(DIAGONAL, TICK_PX);
    let side = (f64::from(WIDTH) - left - pad - diagonal_w - 8.0).floor();
    let top = f64::from(TITLE_BAND + Y_TITLE_ROW + 8);
    let (right, bottom) = (left + side, top + side);
    let height = (bottom + 50.0 + pad).ceil() as i32;

    let (l, r, t, b) = (
        left as i32,
        right as i32,
        top.round() as i32,
        bottom.round() as i32,
    );

    let shown: Vec<&Point> = points
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .collect();

    let mut touches = Vec::new();
    let doc = svg::render("scatter", title, desc, (WIDTH as u32, height as u32), |p| {
        // Values to pixels through plotters' coordinate system of the plot.
        let Some(mut chart) = p.chart((l, t, r, b), lo..hi, lo..hi) else {
            return;
        };
        let inside = |v: f64| v.clamp(lo, hi);
        let at = |x: f64, y: f64| chart.backend_coord(&(inside(x), inside(y)));
        let centres: Vec<(i32, i32)> = shown.iter().map(|q| at(q.x, q.y)).collect();
        let ticks: Vec<(i32, i32)> = marks
            .iter()
            .map(|(v, _)| (at(*v, lo).0, at(lo, *v).1))
            .collect();
        // The plot's corners as the coordinate system places them.
        let ((l, b), (r, t)) = (at(lo, lo), at(hi, hi));
        p.title(title, WIDTH);
        p.fitted_text(
            y_title,
            (PAD, TITLE_BAND + Y_TITLE_ROW / 2),
            Font::new(AXIS_PX, INK),
            HPos::Left,
            f64::from(WIDTH - 2 * PAD),
        );

        let tick_font = Font::new(TICK_PX, MUTED);
        for ((_, label), &(x, y)) in marks.iter().zip(&ticks) {
            p.path(vec![(x, t), (x, b)], GRID, 1);
            p.path(vec![(l, y), (r, y)], GRID, 1);
            if let Some(label) = label {
                p.text(label, (l - 6, y), tick_font, HPos::Right);
                p.text(label, (x, b + 12), tick_font, HPos::Center);
            }
        }
        p.path(vec![(l, t), (l, b), (r, b)], OUTLINE, 1);
        p.fitted_text(
            x_title,
            ((l + r) / 2, b + 34),
            Font::new(AXIS_PX, INK),
            HPos::Center,
            f64::from(WIDTH - 2 * PAD),
        );

        let diagonal = vec![(l, b), (r, t)];
        p.path(diagonal.clone(), OUTLINE, 1);
        touches.push(Touch::polyline(&diagonal).attr("stroke-dasharray", DIAGONAL_DASH));
        p.text(DIAGONAL, (r + 5, t), tick_font, HPos::Left);

        let _ = chart.draw_series(shown.iter().map(|q| {
            let style = svg::parse_color(&q.color).filled();
            Circle::new((inside(q.x), inside(q.y)), RADIUS, style)
        }));
        for (point, &c) in shown.iter().zip(&centres) {
            touches.push(
                Touch::circle(c, RADIUS)
                    .attr("stroke", OUTLINE_HEX)
                    .attr("stroke-width", "1")
                    .title(&point_title(point, x_title, y_title)),
            );
        }

        // Names beside the points, wherever one fits without covering anything.
        let mut taken: Vec<Zone> = centres
            .iter()
            .map(|&(x, y)| Zone::around(x, y, RADIUS as i32 + 1))
            .collect();
        let plot = Zone {
            x0: l + 1,
            y0: t - 2,
            x1: r,
            y1: b - 1,
        };
        for (point, &(x, y)) in shown.iter().zip(&centres) {
            let name = svg::clean(&point.label);
            let (short, _) = svg::truncate(&name, LABEL_PX, LABEL_MAX);
            let w = svg::text_width(&short, LABEL_PX).ceil() as i32;
            let h = LABEL_PX as i32 + 2;
            let gap = RADIUS as i32 + 3;
            let candidates = [
                (
                    HPos::Left,
                    (x + gap, y),
                    Zone::new(x + gap, y - h / 2, w, h),
                ),
                (
                    HPos::Right,
                    (x - gap, y),
                    Zone::new(x - gap - w, y - h / 2, w, h),
                ),
                (
                    HPos::Center,
                    (x, y - gap - h / 2),
                    Zone::new(x - w / 2, y - gap - h, w, h),
                ),
                (
                    HPos::Center,
                    (x, y + gap + h / 2),
                    Zone::new(x - w / 2, y + gap, w, h),
                ),
            ];
            let own = Zone::around(x, y, RADIUS as i32 + 1);
            let free = candidates.into_iter().find(|(_, _, bx)| {
                plot.contains(bx) && taken.iter().all(|o| *o == own || !o.overlaps(bx))
            });
            if let Some((anchor, at, bx)) = free {
                p.fitted_text(&name, at, Font::new(LABEL_PX, INK), anchor, LABEL_MAX);
                touches.push(Touch::text(at).halo());
                taken.push(bx);
            }
        }
    });
    decorate::apply(doc, &touches)
}

/// "label – x title: x; y title: y".
fn point_title(p: &Point, x_title: &str, y_title: &str) -> String {
    let part = |name: &str, v: f64| {
        let name = svg::clean(name);
        if name.is_empty() {
            number(v)
        } else {
            format!("{name}: {}", number(v))
        }
    };
    let values = format!("{}; {}", part(x_title, p.x), part(y_title, p.y));
    let label = svg::clean(&p.label);
    if label.is_empty() {
        values
    } else {
        format!("{label} \u{2013} {values}")
    }
}

/// Up to two decimals, trailing zeros dropped.
fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// An axis-aligned box in viewBox units, for keeping labels apart.
#[derive(Clone, Copy, PartialEq)]
struct Zone {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Zone {
    fn new(x: i32, y: i32, w: i32, h: i32) -> Self {
        Zone {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }
    fn around(x: i32, y: i32, r: i32) -> Self {
        Zone::new(x - r, y - r, 2 * r, 2 * r)
    }
    fn overlaps(&self, o: &Zone) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    fn contains(&self, o: &Zone) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(label: &str, x: f64, y: f64) -> Point {
        Point {
            label: label.to_string(),
            x,
            y,
            color: "#4575b4".to_string(),
        }
    }

    #[test]
    fn one_titled_circle_per_point_and_a_dashed_diagonal() {
        let points = [
            pt("Dinas Kesehatan", 72.5, 80.0),
            pt("Inspektorat", 60.0, 55.25),
            pt("Satpol PP", 40.0, 40.0),
        ];
        let out = scatter(
            "Mandiri dan terverifikasi",
            "Indeks per instansi",
            "Terverifikasi",
            "Mandiri",
            (0.0, 100.0),
            &points,
        );
        super::super::tests_support::assert_valid(
            &out,
            "Mandiri dan terverifikasi",
            "Indeks per instansi",
        );
        assert_eq!(out.matches("<circle").count(), 3);
        assert_eq!(out.matches("</circle>").count(), 3);
        assert!(out
            .contains("<title>Dinas Kesehatan \u{2013} Terverifikasi: 72.5; Mandiri: 80</title>"));
        assert!(
            out.contains("<title>Inspektorat \u{2013} Terverifikasi: 60; Mandiri: 55.25</title>")
        );
        assert_eq!(out.matches("stroke-dasharray=\"6 4\"").count(), 1);
        assert!(out.contains(">\ny = x\n</text>"));
        for t in ["0", "20", "100", "Terverifikasi", "Mandiri"] {
            assert!(out.contains(&format!(">\n{t}\n</text>")), "{t}");
        }
    }

    #[test]
    fn above_the_diagonal_means_higher_y() {
        let out = scatter("t", "d", "x", "y", (0.0, 100.0), &[pt("a", 20.0, 80.0)]);
        // In SVG coordinates, the point lies above (smaller y) the diagonal at its x.
        let cx: i32 = attr(&out, "cx").unwrap_or(0);
        let cy: i32 = attr(&out, "cy").unwrap_or(0);
        let pts = out.split("stroke-dasharray").next().unwrap_or("");
        let line = pts.rsplit("points=\"").next().unwrap_or("");
        let nums: Vec<i32> = line
            .split([',', ' ', '"'])
            .filter_map(|n| n.parse().ok())
            .take(4)
            .collect();
        let (x0, y0, x1, y1) = (nums[0], nums[1], nums[2], nums[3]);
        let y_on_line = y0 + (y1 - y0) * (cx - x0) / (x1 - x0);
        assert!(cy < y_on_line, "{cy} {y_on_line}");
    }

    fn attr(svg: &str, name: &str) -> Option<i32> {
        let key = format!(" {name}=\"");
        let i = svg.find(&key)? + key.len();
        svg[i..].split('"').next()?.parse().ok()
    }

    #[test]
    fn crowded_points_are_labelled_only_where_there_is_room() {
        let crowd: Vec<Point> = (0..40)
            .map(|i| {
                pt(
                    &format!("Instansi nomor {i}"),
                    50.0 + f64::from(i % 5),
                    50.0,
                )
            })
            .collect();
        let out = scatter("t", "d", "x", "y", (0.0, 100.0), &crowd);
        assert_eq!(out.matches("<circle").count(), 40);
        let labelled = out.matches(">\nInstansi nomor").count();
        assert!((1..40).contains(&labelled), "{labelled}");
    }

    #[test]
    fn odd_values_do_not_panic() {
        let points = [
            pt("nan", f64::NAN, 3.0),
            pt("inf", 1.0, f64::INFINITY),
            pt("out", -50.0, 500.0),
            pt("", 0.0, 0.0),
        ];
        let out = scatter("t", "d", "", "", (f64::NAN, 7.0), &points);
        super::super::tests_support::assert_valid(&out, "t", "d");
        assert_eq!(out.matches("<circle").count(), 2);
        let out = scatter("t", "d", "x", "y", (5.0, 5.0), &points[..2]);
        assert_eq!(out.matches("<circle").count(), 0);
        assert!(scatter("t", "d", "x", "y", (0.0, 1.0), &[]).starts_with("<svg"));
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(0.126), "0.13");
    }
}
