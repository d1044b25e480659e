//! Grouped horizontal bars: for each category (e.g. an area) one bar per series
//! (e.g. a province's mean share), and an optional reference series drawn as a
//! black vertical tick across each category's bars (e.g. the benchmark province).

use plotters::prelude::{BLACK, WHITE};
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::decorate::{self, Touch};
use super::legend::{Legend, Swatch};
use super::svg::{self, Font, INK, MUTED, OUTLINE, PAD, TITLE_BAND, TRACK};

/// One series of a grouped bar chart: `values[i]` belongs to category `i`, `labels[i]` is its
/// text, shown as given (already formatted). `None` draws no bar and shows "–".
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub labels: Vec<String>,
    pub color: String,
}

const WIDTH: i32 = 600;
const BAR_H: i32 = 14;
const BAR_GAP: i32 = 3;
/// Space between one category's bars and the next category.
const GROUP_GAP: i32 = 14;
/// Room above a category's bars for the reference value.
const REF_ROOM: i32 = 16;
/// How far the reference tick reaches above and below the bars.
const TICK_REACH: i32 = 4;
const TEXT_PX: f64 = 14.0;
const LINE: f64 = 17.0;
const LABEL_LINES: usize = 3;
const LABEL_SHARE: f64 = 0.36;
const VALUE_PX: f64 = 13.0;
const VALUE_MAX_W: f64 = 120.0;
const REF_PX: f64 = 12.0;
const GAP: f64 = 10.0;
const MIN_BAR_AREA: f64 = 150.0;
const MISSING_TEXT: &str = "\u{2013}";

/// Grouped horizontal bars: for each category (e.g. an area) one bar per series (e.g. a province's mean share),
/// on a light track standing for `max`, and an optional reference series drawn as a black vertical tick across
/// each category's bars (the benchmark, e.g. the reference province) with its value label above the tick.
/// A legend names the series and the reference when there is more than one thing to tell apart.
/// Value labels as given, at the right.
///
/// A `max` that is not a positive finite number is replaced by the largest value. Negative, NaN and
/// infinite values draw as 0; values above `max` stop at the end of the track (their label still tells).
pub fn grouped_bars(
    title: &str,
    desc: &str,
    categories: &[String],
    series: &[GroupSeries],
    reference: Option<&GroupSeries>,
    max: f64,
) -> String {
    if categories.is_empty() || (series.is_empty() && reference.is_none()) {
        return svg::empty("grouped_bars", title, desc, WIDTH as u32);
    }
    let value =
        |s: &GroupSeries, i: usize| s.values.get(i).copied().flatten().filter(|v| !v.is_nan());
    let label = |s: &GroupSeries, i: usize| svg::clean(s.labels.get(i).map_or("", String::as_str));
    let n = categories.len();
    let scale = if max.is_finite() && max > 0.0 {
        max
    } else {
        series
            .iter()
            .chain(reference)
            .flat_map(|s| (0..n).filter_map(move |i| value(s, i)))
            .map(svg::finite_nonneg)
            .fold(0.0, f64::max)
    };

    let width = f64::from(WIDTH);
    let pad = f64::from(PAD);
    let value_w = series
        .iter()
        .flat_map(|s| (0..n).map(move |i| (s, i)))
        .map(|(s, i)| match value(s, i) {
            Some(_) => svg::text_width(&label(s, i), VALUE_PX),
            None => svg::text_width(MISSING_TEXT, VALUE_PX),
        })
        .fold(0.0, f64::max)
        .min(VALUE_MAX_W);
    let label_room = width - 2.0 * pad - value_w - 2.0 * GAP - MIN_BAR_AREA;
    let label_w = categories
        .iter()
        .map(|c| svg::text_width(&svg::clean(c), TEXT_PX))
        .fold(0.0, f64::max)
        .min(width * LABEL_SHARE)
        .min(label_room.max(0.0));
    let bar_x0 = (pad + label_w + if label_w > 0.0 { GAP } else { 0.0 }).round();
    let bar_x1 = (width - pad - value_w - if value_w > 0.0 { GAP } else { 0.0 }).round();
    let full = (bar_x1 - bar_x0).max(1.0);
    let length = |v: f64| {
        if scale > 0.0 {
            // Fraction first: `full * v` could overflow for huge values.
            ((svg::finite_nonneg(v).min(scale) / scale).clamp(0.0, 1.0) * full).round() as i32
        } else {
            0
        }
    };

    let mut items: Vec<(String, Swatch)> = series
        .iter()
        .map(|s| (s.name.clone(), Swatch::Box(svg::parse_color(&s.color))))
        .collect();
    if let Some(r) = reference {
        items.push((r.name.clone(), Swatch::Tick));
    }
    let legend = if items.len() > 1 {
        Legend::new(items, width - 2.0 * pad)
    } else {
        Legend::new(Vec::new(), width)
    };

    // Each category: the top of its bars and its height.
    let blocks: Vec<svg::Wrapped> = categories
        .iter()
        .map(|c| svg::wrap(c, TEXT_PX, label_w, LABEL_LINES))
        .collect();
    let k = series.len() as i32;
    let bars_h = if k > 0 {
        k * BAR_H + (k - 1) * BAR_GAP
    } else {
        BAR_H
    };
    let ref_room = if reference.is_some() { REF_ROOM } else { 0 };
    let mut groups = Vec::with_capacity(n);
    let mut y = TITLE_BAND + legend.height() + 8;
    for block in &blocks {
        let text_h = (block.lines.len() as f64 * LINE).ceil() as i32;
        let body = bars_h.max(text_h);
        let bars_top = y + ref_room + (body - bars_h) / 2;
        groups.push((bars_top, y + ref_room + body / 2));
        y += ref_room + body + GROUP_GAP;
    }
    let height = y - GROUP_GAP + PAD + 4;

    let mut touches = Vec::new();
    let doc = svg::render(
        "grouped_bars",
        title,
        desc,
        (WIDTH as u32, height as u32),
        |p| {
            p.title(title, WIDTH);
            legend.draw(p, PAD, TITLE_BAND, width - 2.0 * pad);
            let x0 = bar_x0 as i32;
            let end = x0 + full as i32;
            for (i, category) in categories.iter().enumerate() {
                let (bars_top, centre) = groups[i];
                p.lines(
                    &blocks[i],
                    (PAD, f64::from(centre)),
                    Font::new(TEXT_PX, INK),
                    HPos::Left,
                    LINE,
                );
                let category = svg::clean(category);
                for (si, s) in series.iter().enumerate() {
                    let y0 = bars_top + si as i32 * (BAR_H + BAR_GAP);
                    let (y1, yc) = (y0 + BAR_H, y0 + BAR_H / 2);
                    let v = value(s, i);
                    let mut bar = v.map_or(0, length);
                    if bar == 0 && v.is_some_and(|v| svg::finite_nonneg(v) > 0.0) {
                        bar = 1;
                    }
                    // The track shows only where the bar does not cover it.
                    if x0 + bar < end {
                        p.rect((x0 + bar, y0), (end, y1), Some(TRACK.to_rgba()), None);
                    }
                    if bar > 0 {
                        let color = svg::parse_color(&s.color);
                        p.rect(
                            (x0, y0),
                            (x0 + bar, y1),
                            Some(color.to_rgba()),
                            Some(OUTLINE),
                        );
                    }
                    let text = if v.is_some() {
                        label(s, i)
                    } else {
                        MISSING_TEXT.to_string()
                    };
                    if bar > 0 {
                        touches.push(Touch::rect((x0, y0), (x0 + bar, y1)).title(&format!(
                            "{category} \u{2013} {}: {text}",
                            svg::clean(&s.name)
                        )));
                    }
                    let color = if v.is_some() { INK } else { MUTED };
                    p.fitted_text(
                        &text,
                        (WIDTH - PAD, yc),
                        Font::new(VALUE_PX, color),
                        HPos::Right,
                        value_w,
                    );
                }
                if series.is_empty() {
                    // Only the reference: a track gives its tick a scale.
                    let y1 = bars_top + BAR_H;
                    p.rect((x0, bars_top), (end, y1), Some(TRACK.to_rgba()), None);
                }
                if let Some(r) = reference {
                    if let Some(v) = value(r, i) {
                        let x = x0 + length(v);
                        let tick = vec![
                            (x, bars_top - TICK_REACH),
                            (x, bars_top + bars_h + TICK_REACH),
                        ];
                        // A white casing keeps the black tick visible across dark bars.
                        let casing = vec![
                            (x, bars_top - TICK_REACH - 1),
                            (x, bars_top + bars_h + TICK_REACH + 1),
                        ];
                        p.path(casing, WHITE, 4);
                        p.path(tick.clone(), BLACK, 2);
                        let text = label(r, i);
                        touches.push(Touch::polyline(&tick).title(&format!(
                            "{category} \u{2013} {}: {text}",
                            svg::clean(&r.name)
                        )));
                        let w = svg::text_width(&text, REF_PX).min(full);
                        let xc = f64::from(x).clamp(bar_x0 + w / 2.0, width - pad - w / 2.0);
                        p.fitted_text(
                            &text,
                            (xc.round() as i32, bars_top - TICK_REACH - 7),
                            Font::new(REF_PX, BLACK).bold(),
                            HPos::Center,
                            full,
                        );
                    }
                }
            }
        },
    );
    decorate::apply(doc, &touches)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn group(name: &str, values: &[Option<f64>], color: &str) -> GroupSeries {
        GroupSeries {
            name: name.to_string(),
            values: values.to_vec(),
            labels: values
                .iter()
                .map(|v| v.map_or(String::new(), |v| format!("{:.0}%", v * 100.0)))
                .collect(),
            color: color.to_string(),
        }
    }

    /// Reference ticks: the black lines that carry a title (the legend's does not).
    fn ticks(svg: &str) -> usize {
        svg.split("<polyline ")
            .skip(1)
            .filter_map(|l| l.split('>').next())
            .filter(|tag| tag.contains("stroke=\"#000000\" stroke-width=\"2\""))
            .filter(|tag| !tag.ends_with('/'))
            .count()
    }

    #[test]
    fn one_titled_bar_per_value_and_one_tick_per_reference_value() {
        let c = cats(&[
            "Manajemen Perubahan",
            "Deregulasi Kebijakan",
            "Penguatan Pengawasan",
        ]);
        let s = [
            group("Jawa Tengah", &[Some(0.6), Some(0.4), Some(0.8)], "#4575b4"),
            group("Jawa Timur", &[Some(0.5), None, Some(0.7)], "#fc8d59"),
        ];
        let r = group("Acuan", &[Some(0.9), Some(0.55), None], "#000000");
        let out = grouped_bars("Perbandingan", "Rata-rata capaian", &c, &s, Some(&r), 1.0);
        super::super::tests_support::assert_valid(&out, "Perbandingan", "Rata-rata capaian");
        assert_eq!(out.matches("</rect>").count(), 5);
        assert_eq!(ticks(&out), 2);
        // The legend shows the reference as a tick too.
        assert_eq!(
            out.matches("stroke=\"#000000\" stroke-width=\"2\"").count(),
            3
        );
        assert!(out.contains("<title>Deregulasi Kebijakan \u{2013} Jawa Tengah: 40%</title>"));
        assert!(out.contains("<title>Manajemen Perubahan \u{2013} Acuan: 90%</title>"));
        for t in ["60%", "90%", "55%", "\u{2013}", "Jawa Timur", "Acuan"] {
            assert!(out.contains(&format!(">\n{t}\n</text>")), "{t}");
        }
    }

    #[test]
    fn a_single_series_needs_no_legend() {
        let c = cats(&["A", "B"]);
        let s = [group("Satu-satunya", &[Some(0.2), Some(0.3)], "#4575b4")];
        let out = grouped_bars("t", "d", &c, &s, None, 1.0);
        assert!(!out.contains(">\nSatu-satunya\n</text>"));
        assert_eq!(out.matches("</rect>").count(), 2);
        assert!(!out.contains("<polyline"));
    }

    #[test]
    fn bars_are_scaled_to_max_and_stop_at_its_end() {
        let c = cats(&["A"]);
        let s = [
            group("half", &[Some(0.5)], "#4575b4"),
            group("over", &[Some(3.0)], "#4575b4"),
        ];
        let out = grouped_bars("t", "d", &c, &s, None, 1.0);
        let widths: Vec<i32> = out
            .split("<rect ")
            .filter(|r| r.contains("><title>"))
            .filter_map(|r| r.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(widths.len(), 2, "{widths:?}");
        assert!((widths[0] * 2 - widths[1]).abs() <= 1, "{widths:?}");
        assert!(out.contains(">\n300%\n</text>"));
    }

    #[test]
    fn odd_values_do_not_panic() {
        let c = cats(&["A", "B", "C"]);
        let s = [
            group(
                "nan",
                &[Some(f64::NAN), Some(f64::INFINITY), Some(-1.0)],
                "zz",
            ),
            GroupSeries {
                name: String::new(),
                values: vec![],
                labels: vec![],
                color: String::new(),
            },
        ];
        for max in [1.0, 0.0, f64::NAN, -5.0, f64::INFINITY] {
            let out = grouped_bars("t", "d", &c, &s, Some(&s[0]), max);
            super::super::tests_support::assert_valid(&out, "t", "d");
        }
        let only_ref = grouped_bars("t", "d", &c, &[], Some(&s[0]), 1.0);
        assert!(only_ref.starts_with("<svg"));
        assert!(grouped_bars("t", "d", &[], &s, None, 1.0).starts_with("<svg"));
        assert!(grouped_bars("t", "d", &c, &[], None, 1.0).starts_with("<svg"));
    }
}
