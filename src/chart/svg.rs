//! Drawing helpers shared by the chart kinds: the painter, plotters'
//! drawing area over the charts' SVG backend (`backend`), text measuring and fitting, colour parsing and the final
//! touches on the document (accessible header, `<title>`/`<desc>`).
//!
//! Not for: deciding what a chart shows. Every function here is geometry or
//! markup; the chart files decide layout and content.

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::{
    Circle, Color, DrawingArea, FontDesc, FontFamily, FontStyle, IntoDrawingArea, PathElement,
    Polygon, RGBAColor, RGBColor, Rectangle, Text, TextStyle, WHITE,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::backend::SvgSink;

/// Body text: near-black, as in the page's own text.
pub(crate) const INK: RGBColor = RGBColor(0x0b, 0x0c, 0x0c);
/// Secondary text (axis numbers): dark grey, contrast above 7:1 on white.
pub(crate) const MUTED: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
/// Grid lines, rings and spokes.
pub(crate) const GRID: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);
/// Outline of bars and columns, baselines: keeps light band colours visible and prints in greyscale.
pub(crate) const OUTLINE: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Track behind a bar, standing for its maximum.
pub(crate) const TRACK: RGBColor = RGBColor(0xe8, 0xe8, 0xe8);
/// Fallback for a series or item colour that cannot be parsed.
pub(crate) const FALLBACK: RGBColor = RGBColor(0x50, 0x5a, 0x5f);

/// Outer margin of every chart, in viewBox units.
pub(crate) const PAD: i32 = 8;
/// Size of the visible title at the top of every chart.
pub(crate) const TITLE_PX: f64 = 16.0;
/// Height of the band the visible title occupies.
pub(crate) const TITLE_BAND: i32 = 34;

/// A font for one piece of text: pixel size as it should appear in the SVG, colour, weight.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub px: f64,
    pub color: RGBColor,
    pub bold: bool,
}

impl Font {
    pub(crate) fn new(px: f64, color: RGBColor) -> Self {
        Font {
            px,
            color,
            bold: false,
        }
    }
    pub(crate) fn bold(self) -> Self {
        Font { bold: true, ..self }
    }
}

/// What a chart kind draws on: plotters' drawing area over the charts'
/// SVG backend (`backend::SvgSink`), and the texts that were shortened, so
/// that their full wording can be attached as a `<title>` afterwards.
/// Every shape is a plotters element drawn on the area.
pub(crate) struct Painter<'a> {
    area: DrawingArea<SvgSink<'a>, Shift>,
    tips: Vec<(String, String)>,
}

impl<'a> Painter<'a> {
    /// One line of text. `at` is the anchor point; the vertical anchor is the
    /// middle of the line, so `at.1` is the line's centre.
    pub(crate) fn text(&mut self, s: &str, at: (i32, i32), font: Font, h: HPos) {
        let s = clean(s);
        if s.is_empty() {
            return;
        }
        let weight = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let style = TextStyle::from(FontDesc::new(FontFamily::SansSerif, font.px, weight))
            .color(&font.color)
            .pos(Pos::new(h, VPos::Center));
        let _ = self.area.draw(&Text::new(s.as_str(), at, style));
    }

    /// One line of text shortened with an ellipsis to `max_w`; the full text
    /// becomes a tooltip when it had to be shortened.
    pub(crate) fn fitted_text(&mut self, s: &str, at: (i32, i32), font: Font, h: HPos, max_w: f64) {
        let full = clean(s);
        let (short, cut) = truncate(&full, font.px, max_w);
        self.text(&short, at, font, h);
        if cut {
            self.tips.push((short, full));
        }
    }

    /// A wrapped label: its lines `line_h` apart, the block centred vertically on `at.1`.
    /// When the label had to be shortened, its full wording becomes the last line's tooltip.
    pub(crate) fn lines(
        &mut self,
        block: &Wrapped,
        at: (i32, f64),
        font: Font,
        h: HPos,
        line_h: f64,
    ) {
        let k = block.lines.len() as f64;
        for (j, line) in block.lines.iter().enumerate() {
            let y = at.1 + (j as f64 - (k - 1.0) / 2.0) * line_h;
            self.text(line, (at.0, y.round() as i32), font, h);
        }
        if block.cut {
            if let Some(last) = block.lines.last() {
                self.tips.push((last.clone(), block.full.clone()));
            }
        }
    }

    /// A rectangle between two corners, filled and/or outlined.
    pub(crate) fn rect(
        &mut self,
        a: (i32, i32),
        b: (i32, i32),
        fill: Option<RGBAColor>,
        stroke: Option<RGBColor>,
    ) {
        if let Some(c) = fill {
            let _ = self.area.draw(&Rectangle::new([a, b], c.filled()));
        }
        if let Some(c) = stroke {
            let _ = self.area.draw(&Rectangle::new([a, b], c.stroke_width(1)));
        }
    }

    /// An open polyline (close it by repeating the first point).
    pub(crate) fn path(&mut self, points: Vec<(i32, i32)>, color: RGBColor, width: u32) {
        if points.len() < 2 {
            return;
        }
        let _ = self
            .area
            .draw(&PathElement::new(points, color.stroke_width(width)));
    }

    /// A filled polygon with the given opacity.
    pub(crate) fn polygon(&mut self, points: Vec<(i32, i32)>, color: RGBColor, opacity: f64) {
        let _ = self.area.draw(&Polygon::new(points, color.mix(opacity)));
    }

    /// A circle, filled or outlined (two units wide).
    pub(crate) fn circle(&mut self, c: (i32, i32), r: u32, color: RGBColor, filled: bool) {
        let style = if filled {
            color.filled()
        } else {
            color.stroke_width(2)
        };
        let _ = self.area.draw(&Circle::new(c, r, style));
    }

    /// A chart with axes: plotters' `ChartBuilder` over the plotting box
    /// `plot` (left, top, right, bottom, each edge a pixel of the box), its data ranges `x` and `y`
    /// (y grows upwards). The chart kind draws its own ticks and labels
    /// (through `ChartContext::backend_coord`), no mesh: plotters places
    /// labels without measuring them, and shortening and wrapping them is
    /// the charts' own.
    pub(crate) fn chart<'c>(
        &self,
        plot: (i32, i32, i32, i32),
        x: std::ops::Range<f64>,
        y: std::ops::Range<f64>,
    ) -> Option<ChartContext<'c, SvgSink<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
        let (w, h) = self.area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        ChartBuilder::on(&self.area)
            .margin_left(plot.0.max(0))
            .margin_top(plot.1.max(0))
            .margin_right((w - plot.2 - 1).max(0))
            .margin_bottom((h - plot.3 - 1).max(0))
            .build_cartesian_2d(x, y)
            .ok()
    }

    /// A circle outline one unit wide.
    pub(crate) fn ring(&mut self, c: (i32, i32), r: u32, color: RGBColor) {
        let _ = self.area.draw(&Circle::new(c, r, color.stroke_width(1)));
    }

    /// The chart's visible title, top left.
    pub(crate) fn title(&mut self, title: &str, width: i32) {
        let font = Font::new(TITLE_PX, INK).bold();
        self.fitted_text(
            title,
            (PAD, TITLE_BAND / 2),
            font,
            HPos::Left,
            f64::from(width - 2 * PAD),
        );
    }
}

/// Renders one chart: a white canvas of `size`, `draw` paints on it, and the
/// result is finished into an accessible, scalable SVG element.
pub(crate) fn render(
    kind: &str,
    title: &str,
    desc: &str,
    size: (u32, u32),
    draw: impl FnOnce(&mut Painter),
) -> String {
    let mut buf = String::with_capacity(8 * 1024);
    let tips = {
        let area = SvgSink {
            buf: &mut buf,
            size,
        }
        .into_drawing_area();
        // The white background.
        let _ = area.fill(&WHITE);
        let mut painter = Painter {
            area,
            tips: Vec::new(),
        };
        draw(&mut painter);
        painter.tips
    };
    buf.push_str("</svg>\n");
    finish(buf, kind, title, desc, size, &tips)
}

/// A chart with nothing to show: the title in a light frame.
pub(crate) fn empty(kind: &str, title: &str, desc: &str, width: u32) -> String {
    let h = TITLE_BAND;
    render(kind, title, desc, (width, h as u32), |p| {
        p.rect((0, 0), (width as i32 - 1, h - 1), None, Some(GRID));
        p.title(title, width as i32);
    })
}

/// Puts the drawn elements `body` (ending in `</svg>`) under an opening tag
/// that scales and is accessible, with `<title>` and `<desc>` as first
/// children and the full wording of shortened labels as `<title>` of their `<text>`.
fn finish(
    body: String,
    kind: &str,
    title: &str,
    desc: &str,
    size: (u32, u32),
    tips: &[(String, String)],
) -> String {
    let body = if tips.is_empty() {
        body
    } else {
        attach_tips(&body, tips)
    };

    // The id hashes the parts as one text, each followed by U+001F.
    let mut hash = FNV_OFFSET;
    for part in [kind, title, desc, body.as_str()] {
        hash = fnv1a(hash, part.as_bytes());
        hash = fnv1a(hash, "\u{1f}".as_bytes());
    }
    let id = format!("chart-{:012x}", hash & 0xffff_ffff_ffff);

    let (w, h) = size;
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    out.push_str(&format!(" viewBox=\"0 0 {w} {h}\""));
    out.push_str(" role=\"img\"");
    out.push_str(&format!(" aria-labelledby=\"{id}-title {id}-desc\""));
    out.push_str(&format!(" class=\"chart chart-{}\"", escape(kind)));
    out.push_str(" font-family=\"sans-serif\">\n");
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape(&clean(title))
    ));
    out.push_str(&format!(
        "<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&clean(desc))
    ));
    out.push_str(&body);
    out
}

/// Inserts `<title>full</title>` into the `<text>` elements that show a shortened label.
/// plotters writes a text element's content as `>\n{escaped}\n</text>`; tips are
/// recorded in drawing order, so each is searched after the previous one.
fn attach_tips(body: &str, tips: &[(String, String)]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    for (short, full) in tips {
        let needle = format!(">\n{}\n</text>", escape(short));
        if let Some(i) = rest.find(&needle) {
            let (before, after) = rest.split_at(i + 2);
            out.push_str(before);
            out.push_str("<title>");
            out.push_str(&escape(full));
            out.push_str("</title>");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// XML-escapes text for element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// Control characters and U+FFFE/U+FFFF (not allowed in XML, or meaningless in a one-line label)
/// become spaces; runs of whitespace collapse; ends are trimmed.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in
        s.split(|c: char| c.is_whitespace() || c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
    {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Estimated advance width of one character, in ems, for a common sans-serif
/// (between Arial/Liberation Sans and DejaVu Sans, erring wide).
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.32,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'I' => 0.30,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.40,
        'm' | 'w' => 0.90,
        'M' | 'W' => 0.95,
        '%' | '@' => 0.90,
        'A'..='Z' => 0.72,
        '0'..='9' => 0.60,
        'a'..='z' => 0.58,
        '\u{2026}' => 1.0,
        c if c.is_ascii() => 0.60,
        // Combining marks take no space of their own.
        '\u{0300}'..='\u{036f}' => 0.0,
        // East Asian wide characters.
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}' => 1.0,
        _ => 0.66,
    }
}

/// Estimated width of `s` set at `px` pixels.
pub(crate) fn text_width(s: &str, px: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * px
}

/// Shortens `s` with an ellipsis so it fits `max_w` at `px`; never splits a character.
/// Returns the text and whether it was shortened.
pub(crate) fn truncate(s: &str, px: f64, max_w: f64) -> (String, bool) {
    if text_width(s, px) <= max_w {
        return (s.to_string(), false);
    }
    let budget = max_w - char_em('\u{2026}') * px;
    let mut used = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        used += char_em(c) * px;
        if used > budget {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('\u{2026}');
    (out, true)
}

/// A label broken into lines.
pub(crate) struct Wrapped {
    pub lines: Vec<String>,
    pub cut: bool,
    pub full: String,
}

/// Greedy word wrap of `s` into at most `max_lines` lines of `max_w`; the last
/// line takes what remains and is shortened with an ellipsis when needed.
pub(crate) fn wrap(s: &str, px: f64, max_w: f64, max_lines: usize) -> Wrapped {
    let full = clean(s);
    let words: Vec<&str> = full.split(' ').filter(|w| !w.is_empty()).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    let mut cur = String::new();
    let mut i = 0;
    while i < words.len() {
        if lines.len() + 1 >= max_lines.max(1) {
            let rest = if cur.is_empty() {
                words[i..].join(" ")
            } else {
                format!("{cur} {}", words[i..].join(" "))
            };
            cur.clear();
            let (t, c) = truncate(&rest, px, max_w);
            cut |= c;
            lines.push(t);
            break;
        }
        let candidate = if cur.is_empty() {
            words[i].to_string()
        } else {
            format!("{cur} {}", words[i])
        };
        if cur.is_empty() || text_width(&candidate, px) <= max_w {
            cur = candidate;
            i += 1;
        } else {
            let (t, c) = truncate(&cur, px, max_w);
            cut |= c;
            lines.push(t);
            cur.clear();
        }
    }
    if !cur.is_empty() {
        let (t, c) = truncate(&cur, px, max_w);
        cut |= c;
        lines.push(t);
    }
    Wrapped { lines, cut, full }
}

/// Parses `#rgb` or `#rrggbb` (case-insensitive, `#` optional); anything else gives a dark grey.
pub(crate) fn parse_color(s: &str) -> RGBColor {
    let hex = s.trim().trim_start_matches('#');
    let digits: Option<Vec<u8>> = hex
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect();
    match digits.as_deref() {
        Some([r, g, b]) => RGBColor(r * 17, g * 17, b * 17),
        Some([r1, r2, g1, g2, b1, b2]) => RGBColor(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2),
        _ => FALLBACK,
    }
}

/// A number usable for drawing: NaN and infinities become 0, negatives become 0.
pub(crate) fn finite_nonneg(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// The starting value of a 64-bit FNV-1a hash.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a: a small, stable hash for element ids (stable across Rust versions,
/// unlike `DefaultHasher`). `h` is the hash so far (`FNV_OFFSET` to start), so a
/// text can be hashed in parts.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plotters_elements_written_as_the_charts_always_had_them() {
        let svg = render("t", "T", "D", (100, 50), |p| {
            p.text("a<b", (1, 2), Font::new(13.0, INK).bold(), HPos::Center);
            p.rect(
                (9, 9),
                (3, 4),
                Some(RGBColor(1, 2, 3).into()),
                Some(OUTLINE),
            );
            p.path(vec![(0, 0), (5, 6)], GRID, 2);
            p.polygon(vec![(0, 0), (5, 6), (7, 0)], RGBColor(255, 0, 16), 0.18);
            p.circle((4, 5), 3, INK, true);
            p.circle((4, 5), 3, INK, false);
            p.ring((4, 5), 9, GRID);
        });
        let body = &svg[svg.find("<rect").unwrap()..];
        assert_eq!(
            body,
            "<rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
             <text x=\"1\" y=\"2\" dy=\"0.5ex\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" opacity=\"1\" fill=\"#0B0C0C\" font-weight=\"bold\">\na&lt;b\n</text>\n\
             <rect x=\"3\" y=\"4\" width=\"6\" height=\"5\" opacity=\"1\" fill=\"#010203\" stroke=\"none\"/>\n\
             <rect x=\"3\" y=\"4\" width=\"6\" height=\"5\" opacity=\"1\" fill=\"none\" stroke=\"#333333\"/>\n\
             <polyline fill=\"none\" opacity=\"1\" stroke=\"#C8C8C8\" stroke-width=\"2\" points=\"0,0 5,6 \"/>\n\
             <polygon opacity=\"0.18\" fill=\"#FF0010\" points=\"0,0 5,6 7,0 \"/>\n\
             <circle cx=\"4\" cy=\"5\" r=\"3\" opacity=\"1\" fill=\"#0B0C0C\" stroke=\"none\" stroke-width=\"1\"/>\n\
             <circle cx=\"4\" cy=\"5\" r=\"3\" opacity=\"1\" fill=\"none\" stroke=\"#0B0C0C\" stroke-width=\"2\"/>\n\
             <circle cx=\"4\" cy=\"5\" r=\"9\" opacity=\"1\" fill=\"none\" stroke=\"#C8C8C8\" stroke-width=\"1\"/>\n\
             </svg>\n"
        );
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        let s =
            "Dinas Pendidikan dan Kebudayaan — Provinsi Daerah Istimewa Yogyakarta ééé 漢字漢字";
        for w in [0.0, 5.0, 30.0, 80.0, 150.0, 400.0] {
            let (t, _) = truncate(s, 14.0, w);
            assert!(t.chars().count() >= 1);
            assert!(s.starts_with(t.trim_end_matches('\u{2026}')));
        }
        let (t, cut) = truncate("短い", 14.0, 1000.0);
        assert_eq!((t.as_str(), cut), ("短い", false));
        let (t, cut) = truncate("ééééééééééé", 14.0, 40.0);
        assert!(cut);
        assert!(t.ends_with('\u{2026}'));
    }

    #[test]
    fn wrap_breaks_on_words_and_limits_lines() {
        let w = wrap("Penataan Sistem Manajemen SDM Aparatur", 14.0, 120.0, 3);
        assert!(w.lines.len() <= 3 && w.lines.len() >= 2, "{:?}", w.lines);
        assert!(!w.cut);
        let w = wrap("a b c d e f g h i j k l m n o p", 14.0, 20.0, 2);
        assert_eq!(w.lines.len(), 2);
        assert!(w.cut);
        let w = wrap("", 14.0, 100.0, 2);
        assert!(w.lines.is_empty());
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(parse_color("#4575b4"), RGBColor(0x45, 0x75, 0xb4));
        assert_eq!(parse_color("#FFF"), RGBColor(255, 255, 255));
        assert_eq!(parse_color("red"), FALLBACK);
        assert_eq!(parse_color("#é12345"), FALLBACK);
    }

    #[test]
    fn clean_drops_control_characters() {
        assert_eq!(clean(" a\u{0}b\n\tc  \u{ffff}"), "a b c");
    }
}
