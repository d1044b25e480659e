//! A scoring framework: scales, bands and the criteria tree, as an arena.

use std::collections::HashMap;

/// Index of a node in `Framework::nodes`.
pub type NodeIx = usize;

#[derive(Debug, Clone, PartialEq)]
pub enum ScaleKind {
    /// Option keys (as written) and their values from 0 to 1.
    Choice(Vec<(String, f64)>),
    Range {
        min: f64,
        max: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub id: String,
    pub kind: ScaleKind,
}

impl Scale {
    /// The value from 0 to 1 of an answer written as `text`, or None if the scale does not take it.
    pub fn value_of(&self, text: &str) -> Option<f64> {
        let text = text.trim();
        match &self.kind {
            ScaleKind::Choice(options) => {
                let wanted = text.to_lowercase();
                options
                    .iter()
                    .find(|(key, _)| key.trim().to_lowercase() == wanted)
                    .map(|(_, v)| *v)
            }
            ScaleKind::Range { min, max } => {
                let x = parse_decimal(text)?;
                (x >= *min && x <= *max).then(|| (x - min) / (max - min))
            }
        }
    }

    /// The answers it takes, for error messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            ScaleKind::Choice(options) => options
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            ScaleKind::Range { min, max } => {
                crate::tr!("a number from {min} to {max}", "angka {min} s.d. {max}").into_string()
            }
        }
    }
}

/// A number written with a decimal point or an Indonesian decimal comma.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let normal = if text.contains(',') && !text.contains('.') {
        text.replacen(',', ".", 1)
    } else {
        text.to_string()
    };
    if normal.is_empty()
        || !normal
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
    {
        return None;
    }
    normal.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub label: String,
    pub above: Option<f64>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Requires {
    pub indicator: NodeIx,
    pub above: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicator {
    pub scale: usize,
    pub guide: Option<String>,
    pub requires: Option<Requires>,
    pub times: Option<NodeIx>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Group { children: Vec<NodeIx> },
    Indicator(Indicator),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub name: Option<String>,
    pub text: Option<String>,
    pub weight: f64,
    pub parent: Option<NodeIx>,
    pub depth: usize,
    pub kind: NodeKind,
}

impl Node {
    /// What to call it on a page: its name, else its question, else its id.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.text.as_deref())
            .unwrap_or(&self.id)
    }

    pub fn indicator(&self) -> Option<&Indicator> {
        match &self.kind {
            NodeKind::Indicator(i) => Some(i),
            NodeKind::Group { .. } => None,
        }
    }

    pub fn children(&self) -> &[NodeIx] {
        match &self.kind {
            NodeKind::Group { children } => children,
            NodeKind::Indicator(_) => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub scales: Vec<Scale>,
    /// Highest first.
    pub bands: Vec<Band>,
    /// Every node in document order (pre-order), so parents come before children.
    pub nodes: Vec<Node>,
    pub roots: Vec<NodeIx>,
    /// Indicator nodes in document order.
    pub leaves: Vec<NodeIx>,
    pub by_id: HashMap<String, NodeIx>,
    /// Readiness checks (an extension of the format), in document order.
    pub checklist: Vec<CheckItem>,
}

/// One readiness check: passes when every listed indicator's value is above `above`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckItem {
    pub id: String,
    pub label: String,
    pub indicators: Vec<NodeIx>,
    pub above: f64,
}

impl Framework {
    pub fn node(&self, id: &str) -> Option<NodeIx> {
        self.by_id.get(id).copied()
    }

    /// The areas shown on radar charts: the children of the first top-level
    /// group with three or more children; else the top-level nodes.
    pub fn areas(&self) -> Vec<NodeIx> {
        self.roots
            .iter()
            .find(|&&r| self.nodes[r].children().len() >= 3)
            .map(|&r| self.nodes[r].children().to_vec())
            .unwrap_or_else(|| self.roots.clone())
    }

    /// The band a shown index falls in, as FORMAT.md says: the index rounded
    /// to two decimals, the first band whose `above` it exceeds strictly.
    pub fn band_of(&self, index: f64) -> Option<usize> {
        let shown = round2(index);
        if self.bands.is_empty() {
            return None;
        }
        Some(
            self.bands
                .iter()
                .position(|b| b.above.is_some_and(|above| shown > above))
                .unwrap_or(self.bands.len() - 1),
        )
    }

    /// The chain from a top-level node down to `ix`.
    pub fn path(&self, ix: NodeIx) -> Vec<NodeIx> {
        let mut path = vec![ix];
        let mut at = ix;
        while let Some(p) = self.nodes[at].parent {
            path.push(p);
            at = p;
        }
        path.reverse();
        path
    }
}

/// Rounded to two decimals, half away from zero, as shown on pages.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice() -> Scale {
        Scale {
            id: "c".into(),
            kind: ScaleKind::Choice(vec![
                (" Ya ".into(), 1.0),
                ("tidak".into(), 0.0),
                ("1".into(), 0.5),
            ]),
        }
    }

    #[test]
    fn choice_answers_ignore_case_and_spaces() {
        assert_eq!(choice().value_of("YA"), Some(1.0));
        assert_eq!(choice().value_of("  tidak "), Some(0.0));
        assert_eq!(
            choice().value_of("1"),
            Some(0.5),
            "a number answer matches the key that spells it"
        );
        assert_eq!(choice().value_of("mungkin"), None);
    }

    #[test]
    fn range_answers_take_a_decimal_comma() {
        let r = Scale {
            id: "r".into(),
            kind: ScaleKind::Range {
                min: 25.0,
                max: 100.0,
            },
        };
        assert_eq!(r.value_of("62,5"), Some(0.5));
        assert_eq!(r.value_of("100"), Some(1.0));
        assert_eq!(r.value_of("25"), Some(0.0));
        assert_eq!(r.value_of("24.9"), None);
        assert_eq!(r.value_of("abc"), None);
        assert_eq!(r.value_of("inf"), None);
    }

    #[test]
    fn round2_is_half_away_from_zero() {
        assert_eq!(round2(90.004), 90.0);
        assert_eq!(round2(90.006), 90.01);
        assert_eq!(round2(0.125), 0.13);
        assert_eq!(round2(-0.125), -0.13);
    }
}
