//! Finishing touches that the painter does not write: a `<title>` inside
//! one shape (the tooltip and accessible name of a heat cell, a point or a bar),
//! a dash pattern on a line, a rotation on a label.
//!
//! They are applied to the finished document: each touch finds the element
//! the painter wrote by its tag and the attributes that place it (position and
//! size), searching forward from the previous touch, so touches must be listed
//! in drawing order. A touch whose element is not found changes nothing.
//!
//! Not for: drawing. Shapes are drawn with the painter in `svg.rs`.

use super::svg;

/// One change to one element of a rendered chart.
pub(crate) struct Touch {
    tag: &'static str,
    /// Attribute text the element's opening tag must contain, e.g. ` x="1" y="2" width="3" height="4"`.
    key: String,
    attrs: Vec<(&'static str, String)>,
    title: Option<String>,
}

impl Touch {
    /// The rectangle plotters drew between corners `a` and `b`.
    pub(crate) fn rect(a: (i32, i32), b: (i32, i32)) -> Self {
        let (x, y) = (a.0.min(b.0), a.1.min(b.1));
        let (w, h) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        Self::new(
            "rect",
            format!(" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\""),
        )
    }

    /// The circle plotters drew at `c` with radius `r`.
    pub(crate) fn circle(c: (i32, i32), r: u32) -> Self {
        Self::new(
            "circle",
            format!(" cx=\"{}\" cy=\"{}\" r=\"{r}\"", c.0, c.1),
        )
    }

    /// The polyline plotters drew through `points`.
    pub(crate) fn polyline(points: &[(i32, i32)]) -> Self {
        let list: String = points.iter().map(|(x, y)| format!("{x},{y} ")).collect();
        Self::new("polyline", format!(" points=\"{list}\""))
    }

    /// The text plotters drew anchored at `at`.
    pub(crate) fn text(at: (i32, i32)) -> Self {
        Self::new("text", format!(" x=\"{}\" y=\"{}\" ", at.0, at.1))
    }

    fn new(tag: &'static str, key: String) -> Self {
        Touch {
            tag,
            key,
            attrs: Vec::new(),
            title: None,
        }
    }

    /// Sets (adds or replaces) an attribute; the value is escaped.
    pub(crate) fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    /// A white outline drawn under the text's letters, so a label stays
    /// legible where it crosses a line. The outline goes under the letters
    /// by the stylesheet's `.halo { paint-order: stroke }`: `paint-order` is
    /// not an attribute HTML's SVG allows.
    pub(crate) fn halo(self) -> Self {
        self.attr("stroke", "#FFFFFF")
            .attr("stroke-width", "3")
            .attr("stroke-linejoin", "round")
            .attr("class", "halo")
    }

    /// Gives the element a `<title>` child; the text is cleaned and escaped.
    pub(crate) fn title(mut self, text: &str) -> Self {
        self.title = Some(svg::clean(text));
        self
    }
}

/// Applies `touches`, in order, to a rendered chart.
pub(crate) fn apply(doc: String, touches: &[Touch]) -> String {
    if touches.is_empty() {
        return doc;
    }
    let mut out = String::with_capacity(doc.len() + touches.len() * 48);
    let mut rest = doc.as_str();
    for touch in touches {
        let Some((start, end)) = find(rest, touch) else {
            continue;
        };
        out.push_str(&rest[..start]);
        out.push_str(&rewrite(&rest[start..end], touch));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Byte range of the first opening tag in `doc` that matches `touch`.
fn find(doc: &str, touch: &Touch) -> Option<(usize, usize)> {
    let open = format!("<{} ", touch.tag);
    let mut from = 0;
    while let Some(i) = doc[from..].find(&open) {
        let start = from + i;
        // Attribute values are escaped, so the first '>' ends the tag.
        let end = start + doc[start..].find('>')? + 1;
        if doc[start..end].contains(&touch.key) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// The opening tag with the touch's attributes set and, for an empty element, its title added.
fn rewrite(tag: &str, touch: &Touch) -> String {
    let self_closing = tag.ends_with("/>");
    let body_end = tag.len() - if self_closing { 2 } else { 1 };
    let mut head = tag[..body_end].to_string();
    for (name, value) in &touch.attrs {
        let value = svg::escape(value);
        let needle = format!(" {name}=\"");
        if let Some(i) = head.find(&needle) {
            let from = i + needle.len();
            let to = head[from..].find('"').map_or(head.len(), |j| from + j);
            head.replace_range(from..to, &value);
        } else {
            head.push_str(&format!("{needle}{value}\""));
        }
    }
    match (&touch.title, self_closing) {
        (Some(t), true) => format!("{head}><title>{}</title></{}>", svg::escape(t), touch.tag),
        (Some(t), false) => format!("{head}><title>{}</title>", svg::escape(t)),
        (None, true) => format!("{head}/>"),
        (None, false) => format!("{head}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<svg>\n<rect x=\"0\" y=\"0\" width=\"5\" height=\"5\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
        <circle cx=\"3\" cy=\"4\" r=\"5\" opacity=\"1\" fill=\"#000000\" stroke=\"none\" stroke-width=\"1\"/>\n\
        <circle cx=\"3\" cy=\"4\" r=\"5\" opacity=\"1\" fill=\"#000000\" stroke=\"none\" stroke-width=\"1\"/>\n\
        <polyline fill=\"none\" points=\"1,2 3,4 \"/>\n\
        <text x=\"7\" y=\"8\" dy=\"0.5ex\">\nA\n</text>\n</svg>\n";

    #[test]
    fn titles_and_attributes_go_to_the_matching_elements_in_order() {
        let out = apply(
            DOC.to_string(),
            &[
                Touch::circle((3, 4), 5).title("first <a>"),
                Touch::circle((3, 4), 5)
                    .title("second")
                    .attr("stroke", "#FFFFFF"),
                Touch::polyline(&[(1, 2), (3, 4)]).attr("stroke-dasharray", "4 3"),
                Touch::text((7, 8)).attr("transform", "rotate(-45, 7, 8)"),
                Touch::rect((0, 0), (9, 9)).title("not there"),
            ],
        );
        assert!(out.contains(
            "r=\"5\" opacity=\"1\" fill=\"#000000\" stroke=\"none\" stroke-width=\"1\"><title>first &lt;a&gt;</title></circle>"
        ));
        assert!(
            out.contains("stroke=\"#FFFFFF\" stroke-width=\"1\"><title>second</title></circle>")
        );
        assert!(out.contains("points=\"1,2 3,4 \" stroke-dasharray=\"4 3\"/>"));
        assert!(out.contains("dy=\"0.5ex\" transform=\"rotate(-45, 7, 8)\">\nA\n</text>"));
        assert!(!out.contains("not there"));
        assert_eq!(out.matches("<rect").count(), 1);
    }

    #[test]
    fn nothing_to_do_leaves_the_document_alone() {
        assert_eq!(apply(DOC.to_string(), &[]), DOC);
        assert_eq!(apply(String::new(), &[Touch::text((1, 1))]), "");
    }
}
