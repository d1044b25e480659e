//! The charts' plotters drawing backend: `SvgSink` receives plotters'
//! drawing calls (rectangles, paths, polygons, circles, text) and writes each
//! as one SVG element straight into the chart's buffer, with the tags,
//! attributes and number formats the charts have always had.
//!
//! plotters' own SVG backend formats every attribute into a string of its
//! own and every font size through a float division, which made its drawing
//! the larger part of a chart's cost; this one writes into one buffer.
//!
//! Not for: layout or content. It draws what plotters hands it, as given.

use std::fmt::Write;

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

/// Writes SVG elements into `buf` for a canvas of `size`.
pub(crate) struct SvgSink<'a> {
    pub(crate) buf: &'a mut String,
    pub(crate) size: (u32, u32),
}

/// Drawing into a `String` cannot fail.
#[derive(Debug)]
pub(crate) struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("drawing failed")
    }
}

impl std::error::Error for Never {}

type Drawn = Result<(), DrawingErrorKind<Never>>;

impl DrawingBackend for SvgSink<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    /// A pixel, as a one-unit rectangle (no chart draws one).
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
        let buf = &mut *self.buf;
        let _ = write!(
            buf,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" opacity=\"{}\" fill=\"",
            a.0,
            a.1,
            b.0 - a.0,
            b.1 - a.1,
            c.alpha
        );
        if fill {
            push_color(buf, c);
            buf.push_str("\" stroke=\"none\"/>\n");
        } else {
            buf.push_str("none\" stroke=\"");
            push_color(buf, c);
            buf.push_str("\"/>\n");
        }
        Ok(())
    }

    /// An open polyline.
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let b = &mut *self.buf;
        b.push_str("<polyline fill=\"none\" opacity=\"1\" stroke=\"");
        push_color(b, style.color());
        let _ = write!(b, "\" stroke-width=\"{}\" points=\"", style.stroke_width());
        push_points(b, path);
        b.push_str("\"/>\n");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let b = &mut *self.buf;
        let _ = write!(
            b,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\" opacity=\"1\" fill=\"",
            c.0, c.1
        );
        if fill {
            push_color(b, style.color());
            b.push_str("\" stroke=\"none");
        } else {
            b.push_str("none\" stroke=\"");
            push_color(b, style.color());
        }
        let _ = writeln!(b, "\" stroke-width=\"{}\"/>", style.stroke_width());
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let b = &mut *self.buf;
        let _ = write!(b, "<polygon opacity=\"{}\" fill=\"", c.alpha);
        push_color(b, c);
        b.push_str("\" points=\"");
        push_points(b, vert);
        b.push_str("\"/>\n");
        Ok(())
    }

    /// One line of text at its anchor point; a vertically centred anchor
    /// is the middle of the line (`dy="0.5ex"`). The text comes cleaned
    /// (`svg::clean`) and is escaped here.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        if text.is_empty() {
            return Ok(());
        }
        let anchor = style.anchor();
        let h = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match anchor.v_pos {
            VPos::Top => "1em\" ",
            VPos::Center => "0.5ex\" ",
            VPos::Bottom => "0\" ",
        };
        let b = &mut *self.buf;
        let _ = write!(
            b,
            "<text x=\"{}\" y=\"{}\" dy=\"{dy}text-anchor=\"{h}\" font-family=\"sans-serif\" font-size=\"{}\" opacity=\"1\" fill=\"",
            pos.0,
            pos.1,
            font_size(style.size())
        );
        push_color(b, style.color());
        b.push('"');
        if matches!(style.style(), FontStyle::Bold) {
            b.push_str(" font-weight=\"bold\"");
        }
        b.push_str(">\n");
        push_escaped(b, text);
        b.push_str("\n</text>\n");
        Ok(())
    }

    /// The width the charts' own measure gives (`svg::text_width`), one line high.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        let px = style.size();
        Ok((
            super::svg::text_width(text, px).ceil() as u32,
            px.ceil() as u32,
        ))
    }

    fn blit_bitmap(&mut self, _: BackendCoord, _: (u32, u32), _: &[u8]) -> Drawn {
        Ok(())
    }
}

/// `#RRGGBB`, upper case.
fn push_color(buf: &mut String, c: BackendColor) {
    let (r, g, b) = c.rgb;
    let _ = write!(buf, "#{r:02X}{g:02X}{b:02X}");
}

/// `x,y ` for every point (with a trailing space, as plotters' SVG lists them).
fn push_points(buf: &mut String, points: impl IntoIterator<Item = BackendCoord>) {
    for (x, y) in points {
        let _ = write!(buf, "{x},{y} ");
    }
}

/// XML-escapes `s` onto `buf` (the five characters `svg::escape` replaces).
fn push_escaped(buf: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '&' => buf.push_str("&amp;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&apos;"),
            other => buf.push(other),
        }
    }
}

/// A font size as the charts have always written it: plotters' SVG backend
/// took the size times 1.24 and wrote it divided by 1.24, and the float
/// noise of that (13.000000000000002) was then rounded to hundredths.
fn font_size(px: f64) -> f64 {
    let written = px * 1.24 / 1.24;
    (written * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::font_size;

    #[test]
    fn font_size_written_as_asked() {
        assert_eq!(font_size(13.0).to_string(), "13");
        assert_eq!(font_size(15.0).to_string(), "15");
        assert_eq!(font_size(11.5).to_string(), "11.5");
    }
}
