//! An agency's answers by indicator.

use super::{Answer, NodeIx};

/// An agency's answers, sorted by indicator. A sorted vector rather than a
/// `BTreeMap`: a national tree holds millions of answers, and a B-tree filled
/// in key order leaves its nodes about half empty, which doubled their memory.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<(NodeIx, Answer)>")]
pub struct Answers(Vec<(NodeIx, Answer)>);

impl Answers {
    fn find(&self, ix: NodeIx) -> Result<usize, usize> {
        self.0.binary_search_by_key(&ix, |(i, _)| *i)
    }

    pub fn get(&self, ix: &NodeIx) -> Option<&Answer> {
        self.find(*ix).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, ix: &NodeIx) -> bool {
        self.find(*ix).is_ok()
    }

    /// Sets the answer of `ix`; returns the one it replaces.
    pub fn insert(&mut self, ix: NodeIx, answer: Answer) -> Option<Answer> {
        match self.find(ix) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, answer)),
            Err(at) => {
                self.0.insert(at, (ix, answer));
                None
            }
        }
    }

    pub fn remove(&mut self, ix: &NodeIx) -> Option<Answer> {
        self.find(*ix).ok().map(|at| self.0.remove(at).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// In indicator order, as a `BTreeMap` iterates.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&NodeIx, &Answer)> + ExactSizeIterator {
        self.0.iter().map(|(ix, a)| (ix, a))
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Answer> + ExactSizeIterator {
        self.0.iter().map(|(_, a)| a)
    }
}

impl From<Vec<(NodeIx, Answer)>> for Answers {
    /// Sorted (and the last answer of an indicator kept), whatever the order given.
    fn from(mut pairs: Vec<(NodeIx, Answer)>) -> Answers {
        // Read back from the cache they come strictly sorted: nothing to do.
        if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            pairs.sort_by_key(|(ix, _)| *ix);
            pairs.reverse();
            pairs.dedup_by_key(|(ix, _)| *ix);
            pairs.reverse();
        }
        pairs.shrink_to_fit();
        Answers(pairs)
    }
}

impl FromIterator<(NodeIx, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (NodeIx, Answer)>>(pairs: I) -> Answers {
        Answers::from(pairs.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Answers {
    type Item = (&'a NodeIx, &'a Answer);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (NodeIx, Answer)>,
        fn(&'a (NodeIx, Answer)) -> (&'a NodeIx, &'a Answer),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(ix, a)| (ix, a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(note: &str) -> Answer {
        Answer {
            answer: None,
            verified: None,
            note: Some(note.into()),
            evidence: Box::default(),
            source: 0,
        }
    }

    #[test]
    fn answers_stay_sorted_whatever_the_order_they_come_in() {
        let mut answers = Answers::default();
        assert!(answers.insert(7, answer("g")).is_none());
        assert!(answers.insert(2, answer("b")).is_none());
        assert!(answers.insert(5, answer("e")).is_none());
        let replaced = answers.insert(2, answer("B")).expect("2 was there");
        assert_eq!(replaced.note.as_deref(), Some("b"));
        let order: Vec<NodeIx> = answers.iter().map(|(ix, _)| *ix).collect();
        assert_eq!(order, [2, 5, 7]);
        assert_eq!(answers.get(&2).and_then(|a| a.note.as_deref()), Some("B"));
        assert!(answers.get(&3).is_none() && !answers.contains_key(&3));
        assert_eq!(answers.remove(&5).and_then(|a| a.note), Some("e".into()));
        assert_eq!(answers.len(), 2);
    }

    #[test]
    fn answers_read_back_unsorted_are_sorted() {
        let answers = Answers::from(vec![(9, answer("i")), (1, answer("a")), (9, answer("j"))]);
        let notes: Vec<&str> = answers.values().filter_map(|a| a.note.as_deref()).collect();
        assert_eq!(notes, ["a", "j"]);
    }
}
