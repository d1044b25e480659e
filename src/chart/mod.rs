//! Charts: ready-made data in, one self-contained SVG string out.
//!
//! This module owns the drawing: layout, the band palette shared by tables,
//! badges and charts, and the accessible SVG markup (`viewBox` without fixed
//! size, `role="img"`, `<title>`, `<desc>`, escaped text). Each chart kind
//! lives in its own file and is drawn with the painter in `svg.rs`, which
//! writes the elements as plotters' SVG backend did.
//!
//! It must not score, read or write files, or make locale decisions: every
//! number a reader sees arrives already formatted as a string (value labels),
//! and the values are only used for geometry. The same input always gives
//! byte-identical output, and no input makes it panic.

mod backend;
mod bars;
mod columns;
mod radar;
mod svg;

pub use bars::{bars, Bar};
pub use columns::{columns, Column};
pub use radar::{radar, Series};

mod decorate;
mod grouped_bars;
mod heatmap;
mod legend;
mod lines;
mod scatter;
mod ticks;

pub use grouped_bars::{grouped_bars, GroupSeries};
pub use heatmap::{heatmap, HeatRow};
pub use lines::{lines, LineSeries, Threshold};
pub use scatter::{scatter, Point};

/// One band's colour pair, used identically in tables, badges and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandColor {
    pub fill: &'static str,
    pub text: &'static str,
}

/// ColorBrewer RdYlBu, 7 classes, ordered best (dark blue) to worst (red).
const RDYLBU7: [&str; 7] = [
    "#4575b4", "#91bfdb", "#e0f3f8", "#ffffbf", "#fee090", "#fc8d59", "#d73027",
];

const BLACK: &str = "#000000";
const WHITE: &str = "#ffffff";

/// Colour of band `position` (0 = best) out of `count` bands: a colour-blind-safe
/// diverging palette (ColorBrewer RdYlBu 7 classes, best = dark blue #4575b4 ... worst = red #d73027),
/// sampled evenly when count != 7; `text` is black or white, whichever has WCAG AA contrast on `fill`.
///
/// A `position` past the last band is treated as the last band; `count` 0 or 1 gives the best colour.
/// With more than 7 bands neighbouring bands may share a colour: the band label in text tells them apart.
pub fn band_color(position: usize, count: usize) -> BandColor {
    let last = RDYLBU7.len() - 1;
    let index = if count <= 1 {
        0
    } else {
        let position = position.min(count - 1);
        // Evenly spaced: round(position * last / (count - 1)), with halves rounded away
        // from the middle so the sampling is symmetric (5 bands: 0, 1, 3, 5, 6).
        let steps = (count - 1) as u128;
        let towards_best = |p: u128| (2 * p * last as u128 + steps - 1) / (2 * steps);
        let p = position as u128;
        let i = if 2 * p <= steps {
            towards_best(p)
        } else {
            last as u128 - towards_best(steps - p)
        };
        usize::try_from(i).unwrap_or(last)
    };
    let fill = RDYLBU7[index.min(last)];
    BandColor {
        fill,
        text: text_on(fill),
    }
}

/// Black or white, whichever contrasts more with `fill` (WCAG 2 contrast ratio).
fn text_on(fill: &str) -> &'static str {
    let l = luminance(fill);
    let with_black = (l + 0.05) / 0.05;
    let with_white = 1.05 / (l + 0.05);
    if with_black >= with_white {
        BLACK
    } else {
        WHITE
    }
}

/// WCAG 2 relative luminance of a `#rrggbb` colour.
fn luminance(hex: &str) -> f64 {
    let c = svg::parse_color(hex);
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn seven_bands_are_rdylbu_best_blue_to_worst_red() {
        assert_eq!(band_color(0, 7).fill, "#4575b4");
        assert_eq!(band_color(6, 7).fill, "#d73027");
        assert_eq!(band_color(3, 7).fill, "#ffffbf");
        let fills: Vec<&str> = (0..7).map(|i| band_color(i, 7).fill).collect();
        assert_eq!(fills, RDYLBU7);
    }

    #[test]
    fn text_colours_meet_wcag_aa() {
        // Light yellow and light blue take black text.
        assert_eq!(band_color(3, 7).text, "#000000");
        assert_eq!(band_color(2, 7).text, "#000000");
        for i in 0..7 {
            let b = band_color(i, 7);
            assert!(b.text == BLACK || b.text == WHITE);
            let ratio = contrast(b.fill, b.text);
            assert!(
                ratio >= 4.5,
                "band {i}: {} on {} is {ratio:.2}",
                b.text,
                b.fill
            );
        }
    }

    #[test]
    fn other_counts_sample_the_palette_evenly_and_keep_the_ends() {
        for count in 2..=12 {
            assert_eq!(band_color(0, count).fill, "#4575b4", "count {count}");
            assert_eq!(
                band_color(count - 1, count).fill,
                "#d73027",
                "count {count}"
            );
        }
        let five: Vec<&str> = (0..5).map(|i| band_color(i, 5).fill).collect();
        assert_eq!(
            five,
            ["#4575b4", "#91bfdb", "#ffffbf", "#fc8d59", "#d73027"]
        );
        let three: Vec<&str> = (0..3).map(|i| band_color(i, 3).fill).collect();
        assert_eq!(three, ["#4575b4", "#ffffbf", "#d73027"]);
    }

    #[test]
    fn sampling_is_symmetric_around_the_middle() {
        let index = |fill: &str| RDYLBU7.iter().position(|c| *c == fill).unwrap_or(99);
        for count in 2..=15 {
            for p in 0..count {
                let (a, b) = (band_color(p, count), band_color(count - 1 - p, count));
                assert_eq!(index(a.fill) + index(b.fill), 6, "count {count}, band {p}");
                if p > 0 {
                    let before = index(band_color(p - 1, count).fill);
                    assert!(before <= index(a.fill), "not monotonic: count {count}");
                }
            }
        }
    }

    #[test]
    fn odd_arguments_do_not_panic() {
        assert_eq!(band_color(0, 0).fill, "#4575b4");
        assert_eq!(band_color(5, 1).fill, "#4575b4");
        assert_eq!(band_color(99, 7).fill, "#d73027");
        assert_eq!(band_color(usize::MAX / 64, 3).fill, "#d73027");
    }
}

/// Checks shared by the tests of every chart kind.
#[cfg(test)]
pub(crate) mod tests_support {
    /// The document is one scalable, labelled `<svg>` element.
    pub(crate) fn assert_valid(svg: &str, title: &str, desc: &str) {
        assert!(svg.starts_with("<svg "), "starts with <svg: {svg:.80}");
        assert!(svg.trim_end().ends_with("</svg>"));
        let open = &svg[..svg.find('>').unwrap_or(0)];
        assert!(open.contains(" viewBox=\"0 0 "), "{open}");
        assert!(!open.contains(" width="), "{open}");
        assert!(!open.contains(" height="), "{open}");
        assert!(open.contains(" role=\"img\""), "{open}");
        assert!(open.contains(" aria-labelledby=\"chart-"), "{open}");
        assert_eq!(svg.matches("<svg").count(), 1);
        let after_open = &svg[open.len() + 1..].trim_start();
        assert!(after_open.starts_with("<title id=\""), "{after_open:.80}");
        assert!(svg.contains(&format!("-title\">{}</title>", super::svg::escape(title))));
        assert!(svg.contains(&format!("-desc\">{}</desc>", super::svg::escape(desc))));
        // Every opened text element is closed, nothing is left unescaped.
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("NaN") && !svg.contains("inf\""));
    }
}

#[cfg(test)]
mod chart_tests {
    use super::*;

    const NASTY: &str = "R&D <Dinas> \"x\" 'y'";
    const NASTY_ESCAPED: &str = "R&amp;D &lt;Dinas&gt; &quot;x&quot; &apos;y&apos;";

    fn all_kinds(title: &str, desc: &str, label: &str) -> Vec<String> {
        let axes = vec![label.to_string(), "B".to_string(), "C".to_string()];
        let series = [
            Series {
                name: label.to_string(),
                values: vec![0.2, 0.5, 0.9],
                color: "#4575b4".to_string(),
            },
            Series {
                name: "Lain".to_string(),
                values: vec![0.6, 0.1, 0.4],
                color: "#d73027".to_string(),
            },
        ];
        let bar_items = [Bar {
            label: label.to_string(),
            value: 3.0,
            max: 5.0,
            value_label: label.to_string(),
            color: "#fee090".to_string(),
        }];
        let column_items = [Column {
            label: label.to_string(),
            value: 3.0,
            value_label: label.to_string(),
            color: "#fee090".to_string(),
        }];
        vec![
            radar(title, desc, &axes, &series),
            bars(title, desc, &bar_items),
            columns(title, desc, &column_items),
        ]
    }

    #[test]
    fn every_kind_is_a_valid_labelled_svg() {
        for svg in all_kinds("Judul", "Keterangan", "Label") {
            tests_support::assert_valid(&svg, "Judul", "Keterangan");
        }
    }

    #[test]
    fn all_text_from_arguments_is_escaped() {
        for svg in all_kinds(NASTY, NASTY, NASTY) {
            assert!(!svg.contains("<Dinas>"), "{svg}");
            assert!(!svg.contains("\"x\""), "{svg}");
            assert!(!svg.contains("R&D"), "{svg}");
            assert!(svg.contains(&format!("-title\">{NASTY_ESCAPED}</title>")));
            assert!(svg.contains(&format!("-desc\">{NASTY_ESCAPED}</desc>")));
            // Visible title and labels, escaped exactly once.
            assert!(svg.matches(NASTY_ESCAPED).count() >= 3, "{svg}");
            assert!(!svg.contains("&amp;amp;") && !svg.contains("&amp;lt;"));
        }
        for svg in [
            radar(NASTY, NASTY, &[], &[]),
            bars(NASTY, NASTY, &[]),
            columns(NASTY, NASTY, &[]),
        ] {
            assert!(!svg.contains("<Dinas>"));
            tests_support::assert_valid(&svg, NASTY, NASTY);
        }
    }

    #[test]
    fn same_input_gives_identical_output() {
        let a = all_kinds("Judul", "Keterangan", "Dinas Kesehatan");
        let b = all_kinds("Judul", "Keterangan", "Dinas Kesehatan");
        assert_eq!(a, b);
    }

    #[test]
    fn ids_differ_between_charts_on_one_page() {
        let ids: Vec<String> = all_kinds("Judul", "Keterangan", "Label")
            .iter()
            .chain(all_kinds("Judul lain", "Keterangan", "Label").iter())
            .map(|s| {
                let i = s.find("aria-labelledby=\"").unwrap_or(0);
                s[i..].chars().take(40).collect()
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn empty_inputs_give_a_framed_title() {
        for svg in [
            radar("Kosong", "d", &[], &[]),
            bars("Kosong", "d", &[]),
            columns("Kosong", "d", &[]),
        ] {
            tests_support::assert_valid(&svg, "Kosong", "d");
            assert!(svg.contains(">\nKosong\n</text>"));
        }
    }

    #[test]
    fn long_non_ascii_labels_are_cut_at_a_character_boundary() {
        let long = "Ééé ".repeat(80);
        for svg in all_kinds(&long, "d", &long) {
            // A split character would have made the String invalid already; check the ellipsis.
            assert!(svg.contains('\u{2026}'));
        }
    }
}

/// The same cross-kind checks for the heatmap, scatter, line and grouped-bar charts.
#[cfg(test)]
mod more_chart_tests {
    use super::*;

    const NASTY: &str = "R&D <Dinas> \"x\" 'y'";
    const NASTY_ESCAPED: &str = "R&amp;D &lt;Dinas&gt; &quot;x&quot; &apos;y&apos;";

    fn all_kinds(title: &str, desc: &str, label: &str) -> Vec<String> {
        let l = label.to_string();
        let columns = vec![l.clone(), "B".to_string()];
        let rows = [HeatRow {
            label: l.clone(),
            cells: vec![Some(0.25), None],
            labels: vec![l.clone(), String::new()],
        }];
        let points = [Point {
            label: l.clone(),
            x: 40.0,
            y: 60.0,
            color: "#4575b4".to_string(),
        }];
        let line = |name: &str, color: &str| LineSeries {
            name: name.to_string(),
            values: vec![Some(40.0), Some(60.0)],
            labels: vec![l.clone(), "60".to_string()],
            color: color.to_string(),
        };
        let thresholds = [Threshold {
            value: 50.0,
            label: l.clone(),
        }];
        let group = |name: &str| GroupSeries {
            name: name.to_string(),
            values: vec![Some(0.4), Some(0.7)],
            labels: vec![l.clone(), "70%".to_string()],
            color: "#91bfdb".to_string(),
        };
        let reference = group("Acuan");
        vec![
            heatmap(title, desc, &columns, &rows),
            scatter(title, desc, label, label, (0.0, 100.0), &points),
            lines(
                title,
                desc,
                &columns,
                &[line(label, "#4575b4"), line("Lain", "#d73027")],
                (0.0, 100.0),
                &thresholds,
            ),
            grouped_bars(
                title,
                desc,
                &columns,
                &[group(label), group("Lain")],
                Some(&reference),
                1.0,
            ),
        ]
    }

    #[test]
    fn every_kind_is_a_valid_labelled_svg() {
        for svg in all_kinds("Judul", "Keterangan", "Label") {
            tests_support::assert_valid(&svg, "Judul", "Keterangan");
            // Titles added to shapes are closed like the rest.
            assert_eq!(
                svg.matches("<title").count(),
                svg.matches("</title>").count()
            );
        }
    }

    #[test]
    fn all_text_from_arguments_is_escaped() {
        for svg in all_kinds(NASTY, NASTY, NASTY) {
            assert!(!svg.contains("<Dinas>"), "{svg}");
            assert!(!svg.contains("\"x\""), "{svg}");
            assert!(!svg.contains("R&D"), "{svg}");
            assert!(svg.contains(&format!("-title\">{NASTY_ESCAPED}</title>")));
            assert!(svg.contains(&format!("-desc\">{NASTY_ESCAPED}</desc>")));
            assert!(svg.matches(NASTY_ESCAPED).count() >= 4, "{svg}");
            assert!(!svg.contains("&amp;amp;") && !svg.contains("&amp;lt;"));
        }
        for svg in [
            heatmap(NASTY, NASTY, &[], &[]),
            scatter(NASTY, NASTY, NASTY, NASTY, (0.0, 1.0), &[]),
            lines(NASTY, NASTY, &[], &[], (0.0, 1.0), &[]),
            grouped_bars(NASTY, NASTY, &[], &[], None, 1.0),
        ] {
            assert!(!svg.contains("<Dinas>"));
            tests_support::assert_valid(&svg, NASTY, NASTY);
        }
    }

    #[test]
    fn same_input_gives_identical_output() {
        let a = all_kinds("Judul", "Keterangan", "Dinas Kesehatan");
        let b = all_kinds("Judul", "Keterangan", "Dinas Kesehatan");
        assert_eq!(a, b);
    }

    #[test]
    fn ids_differ_between_charts_on_one_page() {
        let ids: Vec<String> = all_kinds("Judul", "Keterangan", "Label")
            .iter()
            .chain(all_kinds("Judul lain", "Keterangan", "Label").iter())
            .map(|s| {
                let i = s.find("aria-labelledby=\"").unwrap_or(0);
                s[i..].chars().take(40).collect()
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn empty_inputs_give_a_framed_title() {
        for svg in [
            heatmap("Kosong", "d", &[], &[]),
            scatter("Kosong", "d", "x", "y", (0.0, 100.0), &[]),
            lines("Kosong", "d", &[], &[], (0.0, 100.0), &[]),
            grouped_bars("Kosong", "d", &[], &[], None, 1.0),
        ] {
            tests_support::assert_valid(&svg, "Kosong", "d");
            assert!(svg.contains(">\nKosong\n</text>"));
        }
    }

    #[test]
    fn long_non_ascii_labels_are_cut_at_a_character_boundary() {
        let long = "Ééé ".repeat(80);
        for svg in all_kinds(&long, "d", &long) {
            assert!(svg.contains('\u{2026}'));
            tests_support::assert_valid(&svg, long.trim_end(), "d");
        }
    }
}
