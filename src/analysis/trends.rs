//! The same agency across periods (same id = same agency): its history and
//! how its rank moved since the previous period it appears in.

use std::collections::HashMap;

use crate::model::Model;

/// Where each agency id sits in each period, built once for the whole model.
pub struct History<'a> {
    positions: Vec<HashMap<&'a str, usize>>,
}

impl<'a> History<'a> {
    pub fn new(model: &'a Model) -> Self {
        let positions = model
            .periods
            .iter()
            .map(|p| {
                p.agencies
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.id.as_str(), i))
                    .collect()
            })
            .collect();
        History { positions }
    }

    /// The latest earlier period holding `id`: (period position, agency position).
    pub fn previous(&self, period: usize, id: &str) -> Option<(usize, usize)> {
        (0..period)
            .rev()
            .find_map(|p| self.positions[p].get(id).map(|&i| (p, i)))
    }

    /// Every (period position, agency position) holding `id`, oldest first.
    pub fn series(&self, id: &str) -> Vec<(usize, usize)> {
        self.positions
            .iter()
            .enumerate()
            .filter_map(|(p, m)| m.get(id).map(|&i| (p, i)))
            .collect()
    }
}

/// How a rank moved since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    New,
    Up(usize),
    Down(usize),
    Same,
}

/// `before` is the rank in the previous period's same ranking (None: not ranked there).
pub fn movement(before: Option<usize>, now: Option<usize>) -> Option<Movement> {
    let now = now?;
    Some(match before {
        None => Movement::New,
        Some(b) if b > now => Movement::Up(b - now),
        Some(b) if b < now => Movement::Down(now - b),
        Some(_) => Movement::Same,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements() {
        assert_eq!(movement(Some(5), Some(2)), Some(Movement::Up(3)));
        assert_eq!(movement(Some(1), Some(4)), Some(Movement::Down(3)));
        assert_eq!(movement(Some(2), Some(2)), Some(Movement::Same));
        assert_eq!(movement(None, Some(2)), Some(Movement::New));
        assert_eq!(movement(Some(2), None), None);
    }
}
