//! Scoring one answer, per kind, as a fraction of the question's one point: the engine's one
//! formula. It sits in `bank` so that the checker's blind strategies score picks exactly as a
//! quiz does (the bank may not import the quiz engine; the engine imports this).

use super::model::{Choice, Kind};

/// What an option is worth: whether it is right, and its points. Options on screen and the
/// bank's own choices both have a worth, so both are scored by [`score`].
pub trait Worth {
    /// Whether it is a right choice (single, multiple, true-false).
    fn correct(&self) -> bool;
    /// Its points (weighted).
    fn points(&self) -> i64;
}

impl Worth for Choice {
    fn correct(&self) -> bool {
        self.correct.as_ref().is_some_and(|c| *c.get_ref())
    }
    fn points(&self) -> i64 {
        self.points.as_ref().map_or(0, |p| *p.get_ref())
    }
}

/// A bare worth, for options that are no bank choice (true and false).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Whether it is right.
    pub correct: bool,
    /// Its points.
    pub points: i64,
}

impl Worth for Mark {
    fn correct(&self) -> bool {
        self.correct
    }
    fn points(&self) -> i64 {
        self.points
    }
}

/// The two options of a true-false question, "true" first, for a statement whose answer is
/// `answer`.
pub fn truth_marks(answer: bool) -> [Mark; 2] {
    [true, false].map(|value| Mark {
        correct: value == answer,
        points: 0,
    })
}

/// Points for picking `picked` (positions in `options`), from 0 to 1.
///
/// - single, true-false: 1 for the right choice, else 0;
/// - multiple: (right picks − wrong picks) / right choices, never below 0;
/// - weighted: the chosen choice's points / the best choice's points.
pub fn score<W: Worth>(kind: Kind, options: &[W], picked: &[usize]) -> f64 {
    match kind {
        Kind::Single | Kind::TrueFalse => {
            let right = picked.len() == 1 && options.get(picked[0]).is_some_and(W::correct);
            if right { 1.0 } else { 0.0 }
        }
        Kind::Multiple => {
            let total = options.iter().filter(|o| o.correct()).count();
            let right = picked
                .iter()
                .filter(|&&p| options.get(p).is_some_and(W::correct))
                .count();
            multiple(right, picked.len() - right, total)
        }
        Kind::Weighted => {
            let best = options.iter().map(W::points).max().unwrap_or(0);
            match picked {
                [p] => weighted(options.get(*p).map_or(0, W::points), best),
                _ => 0.0,
            }
        }
    }
}

/// A weighted pick worth `points` where the best choice is worth `best`.
fn weighted(points: i64, best: i64) -> f64 {
    if best > 0 {
        points.clamp(0, best) as f64 / best as f64
    } else {
        0.0
    }
}

/// [`score`] of picking each option alone, in order, with a weighted question's best found
/// once: asked option by option, a question of 10,000 choices took 10,000 x 10,000 steps.
pub fn each_alone<W: Worth>(kind: Kind, options: &[W]) -> Vec<f64> {
    match kind {
        Kind::Weighted => {
            let best = options.iter().map(W::points).max().unwrap_or(0);
            options.iter().map(|o| weighted(o.points(), best)).collect()
        }
        Kind::Multiple => {
            let total = options.iter().filter(|o| o.correct()).count();
            options
                .iter()
                .map(|o| {
                    let right = usize::from(o.correct());
                    multiple(right, 1 - right, total)
                })
                .collect()
        }
        Kind::Single | Kind::TrueFalse => (0..options.len())
            .map(|i| score(kind, options, &[i]))
            .collect(),
    }
}

/// A `multiple` answer's points from its counts: `right` and `wrong` picks among `total`
/// right choices. Apart from [`score`], a strategy that ticks at random is scored by counts.
pub fn multiple(right: usize, wrong: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    ((right as f64 - wrong as f64) / total as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // Test that scoring every option alone at once gives what scoring each pick does, for
        // every kind, points and marks.
        #[test]
        fn each_alone_is_score_of_each(
            marks in proptest::collection::vec((proptest::bool::ANY, -1i64..=5), 0..12),
            kind in proptest::sample::select(vec![Kind::Single, Kind::Multiple, Kind::Weighted, Kind::TrueFalse]),
        ) {
            let options: Vec<Mark> = marks
                .iter()
                .map(|&(correct, points)| Mark { correct, points })
                .collect();
            let each: Vec<f64> = (0..options.len()).map(|i| score(kind, &options, &[i])).collect();
            proptest::prop_assert_eq!(each_alone(kind, &options), each);
        }
    }
}
