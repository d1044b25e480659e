//! The legend of the line and grouped-bar charts (rows of swatch and name,
//! wrapped to the chart's width) and the series markers that keep lines apart
//! in greyscale.

use plotters::prelude::{RGBColor, WHITE};
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::decorate::Touch;
use super::svg::{self, Font, INK, OUTLINE};

/// What stands beside a name in the legend.
pub(crate) enum Swatch {
    /// A line segment with the series' marker.
    Line { color: RGBColor, series: usize },
    /// A filled, outlined box (a bar).
    Box(RGBColor),
    /// A black vertical tick (a reference value).
    Tick,
}

/// Legend rows, laid out for a given width.
pub(crate) struct Legend {
    items: Vec<(String, Swatch)>,
    /// For each row, its items: index into `items` and width.
    rows: Vec<Vec<(usize, f64)>>,
}

const PX: f64 = 14.0;
const ROW: i32 = 22;
const SWATCH_W: f64 = 22.0;
const SWATCH_GAP: f64 = 6.0;
const ITEM_GAP: f64 = 20.0;
const NAME_MAX: f64 = 220.0;
/// Marker half size.
const M: i32 = 4;

impl Legend {
    /// Items flow left to right, a new row when `max_w` is reached.
    pub(crate) fn new(items: Vec<(String, Swatch)>, max_w: f64) -> Self {
        let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut row: Vec<(usize, f64)> = Vec::new();
        let mut row_w = 0.0;
        for (i, (name, _)) in items.iter().enumerate() {
            let (name, _) = svg::truncate(&svg::clean(name), PX, NAME_MAX.min(max_w));
            let w = SWATCH_W + SWATCH_GAP + svg::text_width(&name, PX);
            let add = if row.is_empty() { w } else { ITEM_GAP + w };
            if !row.is_empty() && row_w + add > max_w {
                rows.push(std::mem::take(&mut row));
                row_w = w;
            } else {
                row_w += add;
            }
            row.push((i, w));
        }
        if !row.is_empty() {
            rows.push(row);
        }
        Legend { items, rows }
    }

    /// Height the legend takes (0 when it has no items).
    pub(crate) fn height(&self) -> i32 {
        ROW * self.rows.len() as i32
    }

    /// Draws the rows from `top`, starting at `left`.
    pub(crate) fn draw(&self, p: &mut svg::Painter, left: i32, top: i32, max_w: f64) {
        for (r, row) in self.rows.iter().enumerate() {
            let y = top + ROW * r as i32 + ROW / 2;
            let mut x = f64::from(left);
            for &(i, w) in row {
                let (name, swatch) = &self.items[i];
                let x0 = x.round() as i32;
                let x1 = x0 + SWATCH_W as i32;
                match swatch {
                    Swatch::Line { color, series } => {
                        p.path(vec![(x0, y), (x1, y)], *color, 2);
                        marker(p, *series, ((x0 + x1) / 2, y), *color);
                    }
                    Swatch::Box(color) => {
                        p.rect(
                            (x0 + 3, y - 7),
                            (x1 - 3, y + 7),
                            Some(color.to_rgba()),
                            Some(OUTLINE),
                        );
                    }
                    Swatch::Tick => {
                        let xm = (x0 + x1) / 2;
                        p.path(vec![(xm, y - 9), (xm, y + 9)], RGBColor(0, 0, 0), 2);
                    }
                }
                p.fitted_text(
                    name,
                    ((x + SWATCH_W + SWATCH_GAP).round() as i32, y),
                    Font::new(PX, INK),
                    HPos::Left,
                    NAME_MAX.min(max_w),
                );
                x += w + ITEM_GAP;
            }
        }
    }
}

/// Draws series `series`'s marker at `at`: filled circle, filled square, hollow
/// circle, hollow square, in turn, so that series stay apart in greyscale.
pub(crate) fn marker(p: &mut svg::Painter, series: usize, (x, y): (i32, i32), color: RGBColor) {
    match series % 4 {
        0 => p.circle((x, y), M as u32, color, true),
        1 => p.rect((x - M, y - M), (x + M, y + M), Some(color.into()), None),
        2 => {
            p.circle((x, y), M as u32, WHITE, true);
            p.circle((x, y), M as u32, color, false);
        }
        _ => p.rect(
            (x - M, y - M),
            (x + M, y + M),
            Some(WHITE.into()),
            Some(color),
        ),
    }
}

/// `color` darkened (mixed towards black in steps) until it has a contrast of at least
/// 4.5:1 on white, for text that should read as belonging to a series.
pub(crate) fn ink(color: RGBColor) -> RGBColor {
    let contrast = |c: RGBColor| {
        let l = super::luminance(&format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2));
        1.05 / (l + 0.05)
    };
    let mut c = color;
    for _ in 0..32 {
        if contrast(c) >= 4.5 {
            break;
        }
        let darker = |v: u8| (f64::from(v) * 0.9).floor() as u8;
        c = RGBColor(darker(c.0), darker(c.1), darker(c.2));
    }
    c
}

/// The touch that reaches the (first) element [`marker`] draws.
pub(crate) fn marker_touch(series: usize, (x, y): (i32, i32)) -> Touch {
    if series.is_multiple_of(2) {
        Touch::circle((x, y), M as u32)
    } else {
        Touch::rect((x - M, y - M), (x + M, y + M))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_ink_reads_on_white() {
        for c in [
            RGBColor(0xfe, 0xe0, 0x90),
            RGBColor(0xff, 0xff, 0xff),
            RGBColor(0x45, 0x75, 0xb4),
        ] {
            let i = ink(c);
            let l = super::super::luminance(&format!("#{:02x}{:02x}{:02x}", i.0, i.1, i.2));
            assert!(1.05 / (l + 0.05) >= 4.5, "{i:?}");
        }
        // Dark enough already: unchanged.
        assert_eq!(ink(RGBColor(0x45, 0x75, 0xb4)), RGBColor(0x45, 0x75, 0xb4));
    }
}
